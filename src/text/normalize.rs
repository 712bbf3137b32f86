//! Stage 1, normalization: one paragraph of original text in, one normalized paragraph out,
//! with a map back to the original byte offsets.
//!
//! What it does, in one left-to-right pass:
//! - **Line joining**: a paragraph's line breaks are ordinary whitespace to every later stage
//!   (tokens and sentences run across them; displays such as KWIC lines fold whitespace runs
//!   to one space), so a hard-wrapped paragraph (Gutenberg texts wrap at about 70 columns)
//!   reads as one line. They are left in place, not rewritten: the common all-ASCII paragraph
//!   then needs no copy at all, and offsets do not move.
//! - **De-hyphenation**: a hyphen at the end of a line, between two letters, is a word split by
//!   the line break. If both sides are lowercase (`revolu-⏎tionary`) the hyphen and the break
//!   are removed (`revolutionary`); otherwise (`anti-⏎Bolshevik`) the hyphen stays and only the
//!   break goes (`anti-Bolshevik`). Without a dictionary this cannot tell `counter-⏎revolution`
//!   (a real compound) from a split word; it is rare in the shipped texts (one case in three MB).
//! - **NFKC** (Unicode compatibility composition) via `unicode-normalization`. It is the
//!   slowest step, so it runs only on runs of non-ASCII characters that fail the quick check
//!   (`is_nfkc_quick`): ASCII text is already NFKC and is copied as is.
//! - **Folding for matching**: curly and other single quotes/apostrophes (`‘ ’ ‚ ‛ ′`) become
//!   `'`; double quotes (`“ ” „ ‟ ″ « »`) become `"`; hyphen variants (U+2010, U+2011) become
//!   `-`; en and em dashes, the horizontal bar and the minus sign become `--` (a dash, never a
//!   word joiner); soft hyphens (U+00AD), zero-width spaces and stray byte-order marks are
//!   dropped.
//!
//! The original text is never changed: [`Normalized::original_range`] maps a byte range of
//! the normalized text back to the original, so a KWIC line can show the original spelling.
//! The map holds one entry per edit that changes length, so it is empty for most paragraphs.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// One edit that changed the byte length: `norm` in the output replaced `orig` in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Edit {
    norm_start: usize,
    norm_end: usize,
    orig_start: usize,
    orig_end: usize,
}

/// A normalized paragraph and the map back to its original text.
///
/// ```
/// use corpus_lens::normalize::normalize;
/// let original = "the “responsible”\nMinistry";
/// let n = normalize(original);
/// assert_eq!(n.as_str(), "the \"responsible\"\nMinistry");
/// let word = n.as_str().find("responsible").unwrap();
/// let span = n.original_range(word..word + "responsible\"".len());
/// assert_eq!(&original[span], "responsible”");
/// ```
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    edits: Vec<Edit>,
}

impl Normalized<'_> {
    /// The normalized text.
    ///
    /// ```
    /// use corpus_lens::normalize::normalize;
    /// assert_eq!(normalize("the \u{2018}Cadets\u{2019}").as_str(), "the 'Cadets'");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True when no edit changed a byte offset (the normalized offsets are the original ones).
    ///
    /// ```
    /// use corpus_lens::normalize::normalize;
    /// assert!(normalize("The Soviet\nmet.").offsets_unchanged()); // nothing edited
    /// assert!(!normalize("The \u{201c}Soviet\u{201d}").offsets_unchanged()); // 3-byte quotes, now 1
    /// ```
    pub fn offsets_unchanged(&self) -> bool {
        self.edits.is_empty()
    }

    /// Maps a byte range of the normalized text to the byte range of the original text it
    /// came from. A range that starts or ends inside an edited span widens to the whole span.
    ///
    /// ```
    /// use corpus_lens::normalize::normalize;
    /// let original = "counter-revolu-\ntionary plots";
    /// let n = normalize(original);
    /// assert_eq!(n.as_str(), "counter-revolutionary plots");
    /// let plots = n.as_str().find("plots").unwrap();
    /// assert_eq!(&original[n.original_range(plots..plots + 5)], "plots");
    /// assert_eq!(&original[n.original_range(0..21)], "counter-revolu-\ntionary");
    /// ```
    pub fn original_range(&self, norm: Range<usize>) -> Range<usize> {
        self.original_start(norm.start)
            ..self
                .original_end(norm.end)
                .max(self.original_start(norm.start))
    }

    fn original_start(&self, pos: usize) -> usize {
        let i = self.edits.partition_point(|e| e.norm_start <= pos);
        match i.checked_sub(1).map(|i| self.edits[i]) {
            None => pos,
            Some(e) if pos < e.norm_end => e.orig_start,
            Some(e) => pos - e.norm_end + e.orig_end,
        }
    }

    fn original_end(&self, pos: usize) -> usize {
        let i = self.edits.partition_point(|e| e.norm_start < pos);
        match i.checked_sub(1).map(|i| self.edits[i]) {
            None => pos,
            Some(e) if pos <= e.norm_end => e.orig_end,
            Some(e) => pos - e.norm_end + e.orig_end,
        }
    }
}

/// Normalizes one paragraph (see the module docs for the rules).
///
/// Allocates only when something changes.
///
/// ```
/// use corpus_lens::normalize::normalize;
/// assert_eq!(normalize("plain text").as_str(), "plain text");
/// assert_eq!(normalize("revolu-\ntionary").as_str(), "revolutionary");
/// assert_eq!(normalize("anti-\nBolshevik").as_str(), "anti-Bolshevik");
/// assert_eq!(normalize("ﬁne—so").as_str(), "fine--so");
/// ```
pub fn normalize(paragraph: &str) -> Normalized<'_> {
    if !needs_work(paragraph.as_bytes()) {
        return Normalized {
            text: Cow::Borrowed(paragraph),
            edits: Vec::new(),
        };
    }
    let mut builder = Builder {
        src: paragraph,
        out: String::with_capacity(paragraph.len()),
        edits: Vec::new(),
        scratch: String::new(),
        last_plain_ascii: false,
    };
    builder.run();
    Normalized {
        text: Cow::Owned(builder.out),
        edits: builder.edits,
    }
}

/// Normalizes a short string such as a lexicon entry, dropping the offset map.
///
/// ```
/// assert_eq!(corpus_lens::normalize::normalize_str("Kerensky’s"), "Kerensky's");
/// ```
pub fn normalize_str(text: &str) -> String {
    normalize(text).as_str().to_string()
}

/// Cheap pre-check: a non-ASCII byte, or a hyphen at a line end.
fn needs_work(bytes: &[u8]) -> bool {
    !bytes.is_ascii() || memchr::memchr_iter(b'-', bytes).any(|i| hyphen_at_line_end(bytes, i))
}

fn hyphen_at_line_end(bytes: &[u8], i: usize) -> bool {
    let rest = &bytes[i + 1..];
    let blanks = rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    matches!(rest.get(blanks), Some(b'\n' | b'\r'))
}

struct Builder<'a> {
    src: &'a str,
    out: String,
    edits: Vec<Edit>,
    scratch: String,
    /// The last byte written was an ASCII letter copied unchanged from `src[i - 1]`.
    last_plain_ascii: bool,
}

impl Builder<'_> {
    fn run(&mut self) {
        let bytes = self.src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Copy the run of plain ASCII up to the next byte that may need work.
            let run = bytes[i..]
                .iter()
                .position(|&b| b >= 0x80 || b == b'-')
                .unwrap_or(bytes.len() - i);
            if run > 0 {
                self.out.push_str(&self.src[i..i + run]);
                i += run;
                self.last_plain_ascii = bytes[i - 1].is_ascii_alphabetic();
                continue;
            }
            if bytes[i] >= 0x80 {
                i = self.non_ascii_run(i);
                continue;
            }
            self.last_plain_ascii = false;
            match self.dehyphenate(i) {
                Some(next) => i = next,
                None => {
                    self.out.push('-');
                    i += 1;
                }
            }
        }
    }

    /// At a hyphen at `i`: if it ends a line between two letters, writes the joined form,
    /// records the edit and returns the index after the line break and indentation.
    fn dehyphenate(&mut self, i: usize) -> Option<usize> {
        let bytes = self.src.as_bytes();
        let before = self.out.chars().next_back().filter(|c| c.is_alphabetic())?;
        let mut j = i + 1;
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
            j += 1;
        }
        match bytes.get(j) {
            Some(b'\r') if bytes.get(j + 1) == Some(&b'\n') => j += 2,
            Some(b'\n') | Some(b'\r') => j += 1,
            _ => return None,
        }
        while j < bytes.len() && matches!(bytes[j], b' ' | b'\t') {
            j += 1;
        }
        let after = self.src[j..].chars().next().filter(|c| c.is_alphabetic())?;
        let keep_hyphen = !(before.is_lowercase() && after.is_lowercase());
        let norm_start = self.out.len();
        let orig_start = if keep_hyphen {
            self.out.push('-');
            i + 1
        } else {
            i
        };
        self.edits.push(Edit {
            norm_start: self.out.len(),
            norm_end: self.out.len(),
            orig_start,
            orig_end: j,
        });
        debug_assert!(norm_start <= self.out.len());
        Some(j)
    }

    /// Normalizes the maximal run of non-ASCII characters starting at `start`; returns its end.
    fn non_ascii_run(&mut self, start: usize) -> usize {
        let bytes = self.src.as_bytes();
        let mut end = start;
        while end < bytes.len() && bytes[end] >= 0x80 {
            end += 1;
        }
        let mut run_start = start;
        let first = self.src[start..].chars().next().unwrap_or(' ');
        // A combining mark composes with the letter before it ("e" + U+0301 = "é").
        if self.last_plain_ascii && canonical_combining_class(first) != 0 {
            self.out.pop();
            run_start -= 1;
        }
        self.last_plain_ascii = false;
        let run = &self.src[run_start..end];
        let quick = is_nfkc_quick(run.chars()) == IsNormalized::Yes;
        if quick && !run.chars().any(needs_fold) {
            self.out.push_str(run);
            return end;
        }
        // Edit cluster by cluster (a starter and its combining marks), so that a token's
        // span is exact even beside a changed character. NFKC composes across a starter only
        // in rare scripts (Hangul jamo, some Indic vowel signs): when the cluster-wise result
        // differs from the whole run's, the run becomes one edit.
        let whole = if quick {
            None
        } else {
            self.scratch.clear();
            run.nfkc().for_each(|c| fold_char(c, &mut self.scratch));
            Some(std::mem::take(&mut self.scratch))
        };
        let out_start = self.out.len();
        let edits_start = self.edits.len();
        let mut cluster = String::new();
        for (at, len) in clusters(run) {
            let piece = &run[at..at + len];
            cluster.clear();
            if quick {
                piece.chars().for_each(|c| fold_char(c, &mut cluster));
            } else {
                piece.nfkc().for_each(|c| fold_char(c, &mut cluster));
            }
            if cluster != piece {
                let norm_start = self.out.len();
                self.edits.push(Edit {
                    norm_start,
                    norm_end: norm_start + cluster.len(),
                    orig_start: run_start + at,
                    orig_end: run_start + at + len,
                });
            }
            self.out.push_str(&cluster);
        }
        if let Some(whole) = whole {
            if whole != self.out[out_start..] {
                self.out.truncate(out_start);
                self.edits.truncate(edits_start);
                self.out.push_str(&whole);
                self.edits.push(Edit {
                    norm_start: out_start,
                    norm_end: self.out.len(),
                    orig_start: run_start,
                    orig_end: end,
                });
            }
        }
        end
    }
}

/// `(offset, length)` of each cluster of `run`: a character and the combining marks after it.
fn clusters(run: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = run.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, c) = chars.next()?;
        let mut end = start + c.len_utf8();
        while let Some(&(i, m)) = chars.peek() {
            if canonical_combining_class(m) == 0 {
                break;
            }
            end = i + m.len_utf8();
            chars.next();
        }
        Some((start, end - start))
    })
}

fn needs_fold(c: char) -> bool {
    matches!(
        c,
        '\u{2018}'..='\u{201F}'
            | '\u{2032}'
            | '\u{2033}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2010}'..='\u{2015}'
            | '\u{2212}'
            | '\u{00AD}'
            | '\u{200B}'
            | '\u{FEFF}'
            | '\u{00A0}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Pushes the folded form of one (already NFKC) character.
fn fold_char(c: char, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => out.push('"'),
        '\u{2010}' | '\u{2011}' => out.push('-'),
        '\u{2012}'..='\u{2015}' | '\u{2212}' => out.push_str("--"),
        '\u{00AD}' | '\u{200B}' | '\u{FEFF}' => {}
        '\u{00A0}' | '\u{2028}' | '\u{2029}' => out.push(' '),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every normalized range maps to an original range on char boundaries.
    fn check_map(original: &str) {
        let n = normalize(original);
        let text = n.as_str();
        for (s, _) in text.char_indices() {
            for (e, c) in text[s..].char_indices() {
                let e = s + e + c.len_utf8();
                let r = n.original_range(s..e);
                assert!(
                    r.start <= r.end && r.end <= original.len(),
                    "{original:?} {s}..{e}"
                );
                assert!(original.is_char_boundary(r.start) && original.is_char_boundary(r.end));
            }
        }
    }

    #[test]
    fn ascii_without_line_breaks_is_borrowed() {
        let n = normalize("The Soviets, the Cadets.");
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert_eq!(n.original_range(4..11), 4..11);
    }

    #[test]
    fn line_breaks_stay_and_ascii_is_not_copied() {
        let n = normalize("one\ntwo\r\nthree - four");
        assert_eq!(n.as_str(), "one\ntwo\r\nthree - four");
        assert!(matches!(n.text, Cow::Borrowed(_)));
    }

    #[test]
    fn curly_quotes_map_back_to_original_spelling() {
        let original = "Tsereteli’s “plan”";
        let n = normalize(original);
        assert_eq!(n.as_str(), "Tsereteli's \"plan\"");
        let at = n.as_str().find("plan").unwrap();
        assert_eq!(&original[n.original_range(at..at + 4)], "plan");
        assert_eq!(&original[n.original_range(0..11)], "Tsereteli’s");
        assert_eq!(&original[n.original_range(at - 1..at + 5)], "“plan”");
        check_map(original);
    }

    #[test]
    fn dehyphenation_maps_both_halves() {
        let original = "the revolu-\n  tionary masses";
        let n = normalize(original);
        assert_eq!(n.as_str(), "the revolutionary masses");
        let at = n.as_str().find("revolutionary").unwrap();
        assert_eq!(
            &original[n.original_range(at..at + 13)],
            "revolu-\n  tionary"
        );
        let masses = n.as_str().find("masses").unwrap();
        assert_eq!(&original[n.original_range(masses..masses + 6)], "masses");
        check_map(original);
    }

    #[test]
    fn hyphen_kept_before_capital_and_not_at_line_end() {
        assert_eq!(normalize("anti-\r\nBolshevik").as_str(), "anti-Bolshevik");
        assert_eq!(
            normalize("counter-revolution").as_str(),
            "counter-revolution"
        );
        assert_eq!(normalize("end -\nnext").as_str(), "end -\nnext");
        assert_eq!(normalize("1917-\n18").as_str(), "1917-\n18");
    }

    #[test]
    fn nfkc_composes_and_decomposes_compatibility_forms() {
        let original = "cafe\u{301} ﬁnal Ｋ";
        let n = normalize(original);
        assert_eq!(n.as_str(), "café final K");
        let at = n.as_str().find("café").unwrap();
        assert_eq!(
            &original[n.original_range(at..at + "café".len())],
            "cafe\u{301}"
        );
        check_map(original);
    }

    #[test]
    fn dashes_soft_hyphens_and_spaces_fold() {
        assert_eq!(normalize("arrested – here").as_str(), "arrested -- here");
        assert_eq!(normalize("a\u{2014}b").as_str(), "a--b");
        assert_eq!(normalize("Bol\u{AD}sheviks").as_str(), "Bolsheviks");
        assert_eq!(normalize("a\u{A0}b").as_str(), "a b");
        assert_eq!(normalize("non\u{2011}party").as_str(), "non-party");
        check_map("Bol\u{AD}sheviks – “x”\u{FEFF}");
    }

    #[test]
    fn other_scripts_pass_through() {
        for s in ["Это Совет.", "革命", "שלום", "Ελλάδα", "👍🏽 ok"] {
            assert_eq!(normalize(s).as_str(), s);
            check_map(s);
        }
    }
}
