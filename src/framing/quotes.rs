//! Quotation spans: which parts of a paragraph are in quotation marks (a mention's voice).

use std::ops::Range;

/// Byte ranges of the normalized paragraph inside quotation marks (see the module docs).
///
/// ```
/// use corpus_lens::framing::quoted_ranges;
/// let text = r#"He said "the Cadets betrayed us. They did" and left."#;
/// let q = quoted_ranges(text);
/// assert_eq!(q.len(), 1);
/// assert_eq!(&text[q[0].clone()], "the Cadets betrayed us. They did");
/// assert!(quoted_ranges("The Soldiers' Soviet met.").is_empty());
/// ```
pub fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    quoted_ranges_into(text, &mut out);
    out
}

/// A paragraph's quotation spans with an index answering "which span holds byte `at`" in
/// O(log q), so that checking every mention of a paragraph is never mentions x quotations.
#[derive(Debug, Default)]
pub(crate) struct Quotes {
    /// The spans, sorted by `(start, end)`; they may overlap (single inside double).
    ranges: Vec<Range<usize>>,
    /// `max_end[i]`: the largest `end` of `ranges[..=i]`, non-decreasing.
    max_end: Vec<usize>,
}

impl Quotes {
    /// Finds the spans of `text` (as [`quoted_ranges`]), replacing the previous ones.
    pub(crate) fn fill(&mut self, text: &str) {
        quoted_ranges_into(text, &mut self.ranges);
        self.max_end.clear();
        let mut top = 0;
        self.max_end.extend(self.ranges.iter().map(|r| {
            top = top.max(r.end);
            top
        }));
    }

    /// The first span in `(start, end)` order that contains byte `at`, as a linear scan
    /// would find it: the first span whose running maximum end passes `at` is the first one
    /// that can hold it, and if it starts after `at` every later one does too.
    pub(crate) fn containing(&self, at: usize) -> Option<&Range<usize>> {
        let i = self.max_end.partition_point(|&end| end <= at);
        self.ranges.get(i).filter(|r| r.start <= at)
    }
}

/// [`quoted_ranges`] into a reused vector.
pub(super) fn quoted_ranges_into(text: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut double: Option<usize> = None;
    let mut single: Option<usize> = None;
    // Quotation marks are ASCII after normalization: visit only them.
    for at in memchr::memchr2_iter(b'"', b'\'', text.as_bytes()) {
        let prev = text[..at].chars().next_back();
        let next = text[at + 1..].chars().next();
        let opening_place = prev.is_none_or(|p| p.is_whitespace() || "([{-\u{2014}\"'".contains(p));
        if text.as_bytes()[at] == b'"' {
            match double {
                Some(start) if !opening_place => {
                    out.push(start..at);
                    double = None;
                }
                None if opening_place => double = Some(at + 1),
                // An unexpected mark: a closing one where none is open, or an opening one
                // inside a quotation (treated as a new start).
                Some(_) => double = Some(at + 1),
                None => {}
            }
        } else {
            let letter_next = next.is_some_and(char::is_alphabetic);
            if opening_place && letter_next && single.is_none() {
                single = Some(at + 1);
            } else if let Some(start) = single {
                // An apostrophe before a letter is inside a word or opens; before anything
                // else it closes.
                if !letter_next {
                    out.push(start..at);
                    single = None;
                }
            }
        }
    }
    if let Some(start) = double {
        out.push(start..text.len());
    }
    if let Some(start) = single {
        out.push(start..text.len());
    }
    out.sort_by_key(|r| (r.start, r.end));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containing_agrees_with_a_linear_scan() {
        let texts = [
            r#"He said "the 'Cadets' lied" and "more" then 'x' "open"#,
            r#""a" "b" 'c "d' e" "f"#,
            r#"no quotes at all"#,
            r#""""""#,
        ];
        for text in texts {
            let mut q = Quotes::default();
            q.fill(text);
            let ranges = quoted_ranges(text);
            for at in 0..=text.len() + 1 {
                assert_eq!(
                    q.containing(at),
                    ranges.iter().find(|r| r.contains(&at)),
                    "{text:?} at {at}"
                );
            }
        }
    }
}
