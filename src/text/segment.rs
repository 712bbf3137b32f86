//! Stage 2, segmentation: documents into paragraphs, paragraphs into sentences.
//!
//! A **paragraph** is a maximal run of non-blank lines; a blank line holds only spaces, tabs
//! or form feeds. Lines end in `\n`, `\r\n` or a lone `\r` (old Mac files), so all three
//! layouts give the same paragraphs. Paragraphs are found on raw bytes, before UTF-8
//! validation, so the reader can cut its input at paragraph boundaries.
//!
//! **Sentences** are found by the rule-based splitter in [`sentences`], run on the normalized
//! paragraph.

use std::ops::Range;

use memchr::memchr2;

pub mod sentences;

pub use sentences::split_sentences;

/// A paragraph found in a byte buffer.
///
/// ```
/// use corpus_lens::segment::split_paragraphs;
/// let mut found = Vec::new();
/// split_paragraphs(b"One.\n\n\nTwo\nlines.", &mut found);
/// assert_eq!(found.len(), 2);
/// assert_eq!((found[1].range.clone(), found[1].line), (7..17, 3));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParagraphSpan {
    /// Bytes of the paragraph, from its first to its last non-blank byte.
    pub range: Range<usize>,
    /// How many line breaks precede the paragraph in the buffer (its line, counted from 0).
    pub line: u64,
}

/// Finds the paragraphs of `bytes`, appending them to `out` (not cleared first).
///
/// ```
/// use corpus_lens::segment::split_paragraphs;
/// let text = b"  First line\nsecond line\n\n\r\nNext.\r\n";
/// let mut paragraphs = Vec::new();
/// split_paragraphs(text, &mut paragraphs);
/// assert_eq!(&text[paragraphs[0].range.clone()], b"First line\nsecond line");
/// assert_eq!(&text[paragraphs[1].range.clone()], b"Next.");
/// assert_eq!(paragraphs[1].line, 4);
/// ```
pub fn split_paragraphs(bytes: &[u8], out: &mut Vec<ParagraphSpan>) {
    let mut pos = 0;
    let mut line = 0u64;
    let mut open: Option<(usize, u64)> = None;
    let mut last_end = 0;
    loop {
        let end = memchr2(b'\n', b'\r', &bytes[pos..]).map_or(bytes.len(), |k| pos + k);
        let content = &bytes[pos..end];
        match content.iter().position(|&b| !is_blank(b)) {
            None => {
                if let Some((start, at)) = open.take() {
                    out.push(ParagraphSpan {
                        range: start..last_end,
                        line: at,
                    });
                }
            }
            Some(first) => {
                if open.is_none() {
                    open = Some((pos + first, line));
                }
                let trailing = content.iter().rev().take_while(|&&b| is_blank(b)).count();
                last_end = end - trailing;
            }
        }
        if end == bytes.len() {
            break;
        }
        pos = after_break(bytes, end);
        line += 1;
    }
    if let Some((start, at)) = open {
        out.push(ParagraphSpan {
            range: start..last_end,
            line: at,
        });
    }
}

/// Where the line after the break at `end` (`\n`, `\r` or `\r\n`) starts.
#[inline]
fn after_break(bytes: &[u8], end: usize) -> usize {
    if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
        end + 2
    } else {
        end + 1
    }
}

/// Finds the non-blank lines of `bytes`, each a paragraph (the `line` layout), appending them
/// to `out` (not cleared first).
///
/// ```
/// use corpus_lens::segment::split_lines;
/// let mut lines = Vec::new();
/// split_lines(b"One.\r\n  Two. \n\nThree.", &mut lines);
/// let found: Vec<_> = lines.iter().map(|p| (p.range.clone(), p.line)).collect();
/// assert_eq!(found, [(0..4, 0), (8..12, 1), (15..21, 3)]);
/// ```
pub fn split_lines(bytes: &[u8], out: &mut Vec<ParagraphSpan>) {
    let (mut pos, mut line) = (0, 0u64);
    loop {
        let end = memchr2(b'\n', b'\r', &bytes[pos..]).map_or(bytes.len(), |k| pos + k);
        let content = &bytes[pos..end];
        if let Some(first) = content.iter().position(|&b| !is_blank(b)) {
            let trailing = content.iter().rev().take_while(|&&b| is_blank(b)).count();
            out.push(ParagraphSpan {
                range: pos + first..end - trailing,
                line,
            });
        }
        if end == bytes.len() {
            break;
        }
        pos = after_break(bytes, end);
        line += 1;
    }
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0B | 0x0C)
}

/// Number of line breaks (`\n`, `\r\n` or a lone `\r`) in `bytes`.
///
/// ```
/// assert_eq!(corpus_lens::segment::count_line_breaks(b"a\r\nb\rc\nd"), 3);
/// ```
pub fn count_line_breaks(bytes: &[u8]) -> u64 {
    let mut n = 0;
    let mut pos = 0;
    while let Some(k) = memchr2(b'\n', b'\r', &bytes[pos..]) {
        let at = pos + k;
        n += 1;
        pos = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
            at + 2
        } else {
            at + 1
        };
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(text: &str) -> Vec<(&str, u64)> {
        let mut out = Vec::new();
        split_paragraphs(text.as_bytes(), &mut out);
        out.into_iter().map(|p| (&text[p.range], p.line)).collect()
    }

    #[test]
    fn line_endings_give_the_same_paragraphs() {
        let lf = "a b\nc\n\nd\n   \ne\n";
        let crlf = lf.replace('\n', "\r\n");
        let cr = lf.replace('\n', "\r");
        let want = [("a b\nc", 0), ("d", 3), ("e", 5)];
        assert_eq!(paragraphs(lf), want);
        let got: Vec<_> = paragraphs(&crlf)
            .into_iter()
            .map(|(p, l)| (p.replace('\r', ""), l))
            .collect();
        assert_eq!(got, want.map(|(p, l)| (p.to_string(), l)));
        let got: Vec<_> = paragraphs(&cr)
            .into_iter()
            .map(|(p, l)| (p.replace('\r', "\n"), l))
            .collect();
        assert_eq!(got, want.map(|(p, l)| (p.to_string(), l)));
    }

    #[test]
    fn blank_input_has_no_paragraphs() {
        assert!(paragraphs("").is_empty());
        assert!(paragraphs(" \n\t\n\x0c\n").is_empty());
        assert_eq!(paragraphs("x"), [("x", 0)]);
    }

    #[test]
    fn indentation_and_trailing_spaces_are_trimmed() {
        assert_eq!(
            paragraphs("\n    Indented line   \n  next  "),
            [("Indented line   \n  next", 1)]
        );
    }

    #[test]
    fn counts_line_breaks_like_the_splitter() {
        assert_eq!(count_line_breaks(b""), 0);
        assert_eq!(count_line_breaks(b"\r\n\r\n"), 2);
        assert_eq!(count_line_breaks(b"\n\r"), 2);
    }
}
