//! TEI XML: the text of `<body>`, one paragraph per paragraph element.
//!
//! Paragraph elements: `p`, `head`, `ab`, `lg` (each `<l>` a line), `item`, `byline`,
//! `dateline`, `salute`, `signed`, `trailer`; one inside another starts a paragraph of its
//! own. Left out: `<teiHeader>`, `<front>` and `<back>` (only `<body>` is read), `<note>`,
//! `<fw>` (running heads), `<figDesc>`, `<del>`, and in a `<choice>` the `<sic>`, `<orig>`
//! and `<abbr>` (the `<corr>`, `<reg>` and `<expan>` are read). `<lb/>` is a line break
//! (none with `break="no"`); `<pb n="..."/>` sets the page of the paragraphs that begin
//! after it. Streamed by quick-xml, which reports each tag's byte position.

use std::path::Path;
use std::sync::Arc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::Extracted;
use crate::corpus::format::{attr_value, local, place_at, resolve_entity, xml_error};
use crate::error::{Error, Result};

const PARAGRAPHS: [&str; 10] = [
    "p", "head", "ab", "lg", "item", "byline", "dateline", "salute", "signed", "trailer",
];

const SKIPPED: [&str; 5] = ["note", "fw", "figDesc", "del", "teiHeader"];

const CHOICE_SKIPPED: [&str; 3] = ["sic", "orig", "abbr"];

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    attr_value(e, key)
}

/// The paragraphs of a TEI file's `<body>`; `shift` is added to every offset (3 when a
/// UTF-8 byte-order mark was dropped from `source`).
pub(super) fn extract(path: &Path, source: &str, shift: u64) -> Result<Extracted> {
    let bytes = source.as_bytes();
    let mut reader = Reader::from_str(source);
    let mut out = Extracted::new();
    // Open elements (local names); the depths at which the body, a skipped element and
    // each open paragraph element were opened.
    let mut stack: Vec<String> = Vec::new();
    let mut body: Option<usize> = None;
    let mut skip: Option<usize> = None;
    let mut paragraphs: Vec<usize> = Vec::new();
    let mut page: Option<Arc<str>> = None;
    let mut saw_body = false;
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| xml_error(path, bytes, reader.error_position(), e))?;
        let reading = body.is_some() && skip.is_none();
        match event {
            Event::Start(e) => {
                let name = local(e.local_name().as_ref());
                if stack.is_empty() && !matches!(name.as_str(), "TEI" | "TEI.2" | "teiCorpus") {
                    return Err(Error::Format {
                        path: path.to_path_buf(),
                        place: place_at(bytes, at),
                        message: format!(
                            "the root element is <{name}>, not <TEI>: not a TEI file; pass \
                             --input-format text or html to read it otherwise"
                        ),
                    });
                }
                let parent = stack.last().cloned();
                let parent = parent.as_deref();
                stack.push(name);
                let name = stack.last().map(String::as_str).unwrap_or_default();
                if name == "body" && parent == Some("text") {
                    body = Some(stack.len());
                    saw_body = true;
                } else if reading
                    && (SKIPPED.contains(&name)
                        || (parent == Some("choice") && CHOICE_SKIPPED.contains(&name)))
                {
                    skip = Some(stack.len());
                } else if reading && PARAGRAPHS.contains(&name) {
                    out.open(bytes, at, page.clone());
                    paragraphs.push(stack.len());
                }
            }
            Event::Empty(e) => {
                let name = local(e.local_name().as_ref());
                match name.as_str() {
                    "pb" => page = attr(&e, "n").map(Arc::from),
                    "lb" if reading && attr(&e, "break").as_deref() != Some("no") => out.push("\n"),
                    _ => {}
                }
            }
            Event::End(_) => {
                let depth = stack.len();
                let name = stack.pop().unwrap_or_default();
                if skip == Some(depth) {
                    skip = None;
                } else if paragraphs.last() == Some(&depth) {
                    paragraphs.pop();
                    out.close();
                    if !paragraphs.is_empty() {
                        out.open(bytes, reader.buffer_position() as usize, page.clone());
                    }
                } else if body == Some(depth) {
                    body = None;
                } else if name == "l" && reading {
                    out.push("\n");
                }
            }
            Event::Text(t) if reading => out.push(&t.decode().unwrap_or_default()),
            Event::CData(t) if reading => out.push(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) if reading => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c.encode_utf8(&mut [0; 4]));
                } else {
                    let name = r.decode().unwrap_or_default();
                    match resolve_entity(&name) {
                        Some(s) => out.push(s),
                        None => out.push(&format!("&{name};")),
                    }
                }
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(Error::Format {
                        path: path.to_path_buf(),
                        place: place_at(bytes, bytes.len()),
                        message: format!(
                            "the file ends inside <{open}>: truncated or malformed XML"
                        ),
                    });
                }
                break;
            }
            _ => {}
        }
    }
    out.close();
    if !saw_body {
        return Err(Error::Format {
            path: path.to_path_buf(),
            place: place_at(bytes, 0),
            message: "no <text><body> element: a TEI file's text is read from its body; pass \
                      --input-format text to read the file as plain text"
                .into(),
        });
    }
    Ok(out.shifted(shift))
}
