//! HTML and XHTML (EPUB chapters): the text of paragraph elements.
//!
//! Parsed by `tl`, which keeps each element's byte span in the source, so a paragraph points
//! to its start tag. Paragraph elements: `p`, `h1` to `h6`, `li`, `dt`, `dd`, `blockquote`,
//! `pre`, `address`, `caption`, `figcaption`, `td`, `th`; `<br>` is a line break. Text
//! outside them is not read, nor anything in `head`, `script`, `style`, `template`,
//! `noscript`, `nav`, `svg` or `math`. A paragraph element inside another (an unclosed `<p>`)
//! starts a paragraph of its own. Entities are resolved (HTML's named ones included).

use std::sync::Arc;

use tl::{Node, NodeHandle};

use super::Extracted;

const PARAGRAPHS: [&str; 17] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "address",
    "caption",
    "figcaption",
    "td",
    "th",
];

const SKIPPED: [&str; 9] = [
    "head", "script", "style", "template", "noscript", "nav", "svg", "math", "title",
];

enum Step {
    Enter(NodeHandle),
    /// The end of a paragraph element, at this source offset; `reopen` when a paragraph
    /// element around it goes on after it.
    Leave {
        end: usize,
        reopen: bool,
    },
}

/// Appends the paragraphs of `source` to `out`; `page` is set on each (an EPUB member).
pub(super) fn extract(source: &str, page: Option<Arc<str>>, out: &mut Extracted) {
    let Ok(dom) = tl::parse(source, tl::ParserOptions::default()) else {
        // tl fails only on inputs past u32::MAX bytes, far past the member limit.
        return;
    };
    let parser = dom.parser();
    let bytes = source.as_bytes();
    let mut stack: Vec<Step> = dom
        .children()
        .iter()
        .rev()
        .map(|h| Step::Enter(*h))
        .collect();
    // How many paragraph elements are open around the current node.
    let mut depth = 0usize;
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave { end, reopen } => {
                depth -= 1;
                out.close();
                if reopen {
                    out.open(bytes, end, page.clone());
                }
            }
            Step::Enter(handle) => match handle.get(parser) {
                Some(Node::Raw(raw)) => {
                    if out.is_open() {
                        push_text(out, &raw.as_utf8_str());
                    }
                }
                Some(Node::Tag(tag)) => {
                    let name = tag.name().as_utf8_str().to_ascii_lowercase();
                    if SKIPPED.contains(&name.as_str()) {
                        continue;
                    }
                    if name == "br" {
                        out.push("\n");
                        continue;
                    }
                    let is_paragraph = PARAGRAPHS.contains(&name.as_str());
                    if is_paragraph {
                        let (start, end) = tag.boundaries(parser);
                        out.open(bytes, start, page.clone());
                        stack.push(Step::Leave {
                            end: end + 1,
                            reopen: depth > 0,
                        });
                        depth += 1;
                    }
                    push_children(&mut stack, tag.children().top().iter());
                }
                Some(Node::Comment(_)) | None => {}
            },
        }
    }
    out.close();
}

fn push_children<'a>(stack: &mut Vec<Step>, children: impl Iterator<Item = &'a NodeHandle>) {
    let from = stack.len();
    stack.extend(children.map(|h| Step::Enter(*h)));
    stack[from..].reverse();
}

/// Text with its entities resolved; a stray `&` stays as written.
fn push_text(out: &mut Extracted, raw: &str) {
    match quick_xml::escape::unescape_with(raw, crate::corpus::format::resolve_entity) {
        Ok(text) => out.push(&text),
        Err(_) => out.push(raw),
    }
}
