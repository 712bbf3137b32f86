//! Where a plain-text file's paragraphs are, and how long one may be.
//!
//! **Layout.** `blank-line` (a paragraph is a run of non-blank lines, the rule of
//! [`crate::text::segment::split_paragraphs`]), `line` (every non-blank line is a paragraph:
//! one-paragraph-a-line exports, OCR output), or `auto` (the default): `line` when the first
//! [`AUTO_WINDOW`] bytes of the file hold two text lines or more, no blank line between two
//! text lines, and text lines of [`LINE_PARAGRAPH_BYTES`] bytes or more on average (lines that
//! long are paragraphs, not a hard wrap); else `blank-line`. Hard-wrapped text without blank
//! lines is thus read as one paragraph, cut into bounded pieces at sentence ends (below), so
//! its sentences stay whole. A file of one line reads the same either way.
//!
//! **Bounded paragraphs.** A paragraph longer than [`MAX_PARAGRAPH_BYTES`] is split into
//! pieces of at most that many bytes, each ending at the last sentence end before the limit
//! (`.`, `!` or `?`, closing quotes or brackets, white space, then a capital, a digit or an
//! opening quote), or failing one at the last white space, or failing that at the last
//! character boundary. Each piece is a paragraph to every later stage; the document's
//! `split_paragraphs` in `corpus_summary.csv` counts the paragraphs that were split. The cut
//! looks at no byte past `limit +` [`LOOKAHEAD`] of the piece, so it does not depend on the
//! block size, and memory stays bounded by the block size plus the limit.

use crate::error::{Error, Result};

/// How a plain-text file is cut into paragraphs (see the module docs).
///
/// ```
/// use corpus_lens::text::layout::Layout;
/// assert_eq!("line".parse::<Layout>()?, Layout::Line);
/// assert_eq!(Layout::default().as_str(), "auto");
/// assert!("lines".parse::<Layout>().is_err());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Layout {
    /// A paragraph is a run of non-blank lines.
    BlankLine,
    /// Every non-blank line is a paragraph.
    Line,
    /// `Line` when the file's first [`AUTO_WINDOW`] bytes hold two text lines or more, no
    /// blank line between text lines, and lines of [`LINE_PARAGRAPH_BYTES`] bytes on average;
    /// else `BlankLine`.
    #[default]
    Auto,
}

impl Layout {
    /// The name used on the command line and in `corpus_summary.csv`.
    ///
    /// ```
    /// assert_eq!(corpus_lens::text::layout::Layout::BlankLine.as_str(), "blank-line");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::BlankLine => "blank-line",
            Layout::Line => "line",
            Layout::Auto => "auto",
        }
    }
}

impl std::str::FromStr for Layout {
    type Err = Error;

    fn from_str(s: &str) -> Result<Layout> {
        match s {
            "blank-line" => Ok(Layout::BlankLine),
            "line" => Ok(Layout::Line),
            "auto" => Ok(Layout::Auto),
            other => Err(Error::Usage(format!(
                "unknown paragraph layout '{other}': use blank-line, line or auto"
            ))),
        }
    }
}

/// The bytes `auto` looks at: 64 KiB.
///
/// ```
/// assert_eq!(corpus_lens::text::layout::AUTO_WINDOW, 65_536);
/// ```
pub const AUTO_WINDOW: usize = 1 << 16;

/// The average text line length from which `auto` reads a file without blank lines one
/// paragraph a line: 100 bytes (hard wraps are at 60 to 80 characters).
///
/// ```
/// assert_eq!(corpus_lens::text::layout::LINE_PARAGRAPH_BYTES, 100);
/// ```
pub const LINE_PARAGRAPH_BYTES: usize = 100;

/// The longest paragraph read whole: 100,000 bytes (about 17,000 words of English; the
/// longest paragraph of the shipped memoirs is under 10,000 bytes).
///
/// ```
/// assert_eq!(corpus_lens::text::layout::MAX_PARAGRAPH_BYTES, 100_000);
/// ```
pub const MAX_PARAGRAPH_BYTES: usize = 100_000;

/// Bytes past the limit looked at to tell a sentence end (what follows the last one).
///
/// ```
/// assert_eq!(corpus_lens::text::layout::LOOKAHEAD, 64);
/// ```
pub const LOOKAHEAD: usize = 64;

/// The layout `auto` picks for a file that begins with `head` (its first [`AUTO_WINDOW`]
/// bytes, or the whole of a shorter file).
///
/// ```
/// use corpus_lens::text::layout::{decide, Layout};
/// let long = "A paragraph of a good length, written on one line as exports and OCR tools write it, ends here at last.";
/// assert_eq!(decide(format!("{long}\n{long}\n").as_bytes()), Layout::Line);
/// assert_eq!(decide(b"Hard-wrapped\nlines.\n"), Layout::BlankLine); // short lines
/// assert_eq!(decide(format!("{long}\n\n{long}\n").as_bytes()), Layout::BlankLine);
/// assert_eq!(decide(b"\n\nHard\nwrapped.\n\nNext.\n"), Layout::BlankLine);
/// assert_eq!(decide(b"One line only.\n\n\n"), Layout::BlankLine);
/// ```
pub fn decide(head: &[u8]) -> Layout {
    let head = &head[..head.len().min(AUTO_WINDOW)];
    let (mut text_lines, mut text_bytes, mut blank_after_text, mut pos) = (0, 0, false, 0);
    while pos < head.len() {
        let end = memchr::memchr2(b'\n', b'\r', &head[pos..]).map_or(head.len(), |k| pos + k);
        if head[pos..end]
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | 0x0B | 0x0C))
        {
            blank_after_text |= text_lines > 0;
        } else if blank_after_text {
            return Layout::BlankLine;
        } else {
            text_lines += 1;
            text_bytes += end - pos;
        }
        pos = if head.get(end) == Some(&b'\r') && head.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
    }
    if text_lines >= 2 && text_bytes >= LINE_PARAGRAPH_BYTES * text_lines {
        Layout::Line
    } else {
        Layout::BlankLine
    }
}

/// Where the first piece of an over-long paragraph ends: an index of `text` (the paragraph
/// from its first byte, possibly cut short) at most `limit`, and above 0 when `text` is not
/// empty; a char boundary of valid UTF-8. See the module docs for the rule.
///
/// ```
/// use corpus_lens::text::layout::piece_end;
/// let text = b"The Soviet met. It voted. And then it";
/// assert_eq!(piece_end(text, 30), 25); // after "It voted."
/// assert_eq!(piece_end(b"no sentence end here", 12), 11); // the last space
/// assert_eq!(piece_end("\u{e9}\u{e9}".as_bytes(), 3), 2); // a char boundary
/// ```
pub fn piece_end(text: &[u8], limit: usize) -> usize {
    let limit = limit.min(text.len());
    let window = &text[..(limit + LOOKAHEAD).min(text.len())];
    // Sentence ends, last first.
    for at in (1..limit).rev() {
        if matches!(window[at - 1], b'.' | b'!' | b'?') || is_closer(window[at - 1]) {
            if let Some(end) = sentence_end_at(window, at) {
                if end <= limit {
                    return end;
                }
            }
        }
    }
    if let Some(space) = window[..limit]
        .iter()
        .rposition(|b| b.is_ascii_whitespace())
        .filter(|&k| k > 0)
    {
        return space;
    }
    let mut end = limit;
    while end > 1 && end < text.len() && (text[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    end.max(1).min(text.len())
}

fn is_closer(b: u8) -> bool {
    matches!(b, b'"' | b'\'' | b')' | b']')
}

/// If a sentence ends just before byte `at` (a terminator, then closers up to `at`) and
/// white space and a sentence start follow, the end (`at`).
fn sentence_end_at(window: &[u8], at: usize) -> Option<usize> {
    let mut k = at;
    while k > 0 && is_closer(window[k - 1]) {
        k -= 1;
    }
    if k == 0 || !matches!(window[k - 1], b'.' | b'!' | b'?') {
        return None;
    }
    let rest = &window[at..];
    let spaces = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
    let next = *rest.get(spaces)?;
    (spaces > 0 && (next.is_ascii_uppercase() || next.is_ascii_digit() || b"\"'([".contains(&next)))
        .then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_end_at_sentence_ends_inside_the_limit() {
        let text = b"He said \"Go.\" Then we left! (Yes.) 12 men came.";
        // After `"Go."` (closers kept with their sentence), before " Then".
        assert_eq!(piece_end(text, 20), 13);
        assert_eq!(piece_end(text, 30), 27);
        // Not a sentence end: a lowercase word follows.
        assert_eq!(piece_end(b"Mr. smith went home", 10), 9);
        // The limit bounds the piece even with no space at all.
        assert_eq!(piece_end(&[b'a'; 50], 10), 10);
    }

    #[test]
    fn auto_needs_two_lines_and_no_blank_line_between_text() {
        let a = "a".repeat(100);
        let b = "b".repeat(99);
        assert_eq!(decide(format!("{a}\r\n{a}\r\n").as_bytes()), Layout::Line);
        assert_eq!(
            decide(format!("{a}\r\n\r\n{a}\r\n").as_bytes()),
            Layout::BlankLine
        );
        assert_eq!(decide(format!("  \n{a}\n{a}\n\n").as_bytes()), Layout::Line);
        assert_eq!(decide(format!("{a}\n{b}\n").as_bytes()), Layout::BlankLine);
        assert_eq!(decide(a.as_bytes()), Layout::BlankLine);
        assert_eq!(decide(b""), Layout::BlankLine);
    }
}
