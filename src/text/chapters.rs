//! Chapters: which paragraphs are chapter headings, and the unit a document is cut into for
//! dispersion and the text-level tests ([`PartUnit`]).
//!
//! **The rule.** A counted paragraph is a chapter heading when it is one line (surrounding
//! spaces aside) of at most 80 characters and either
//!
//! - `CHAPTER` or `Chapter`, spaces, a numeral (Roman in capitals or small letters, `I` to
//!   `MMM...`, or Arabic digits), then nothing, or a `.` or `:`, or a `.`, `:`, `-` or `—`
//!   followed by a title: `CHAPTER I.`, `Chapter XII`, `CHAPTER 3: THE ARMY`; or
//! - one of the unnumbered section words `PREFACE`, `FOREWORD`, `INTRODUCTION`,
//!   `CONCLUSION`, `EPILOGUE`, `PROLOGUE`, `AFTERWORD`, in capitals, with an optional `.`.
//!
//! A chapter runs from its heading to the next one; the paragraphs before a document's first
//! heading are a chapter of their own, so a document without headings is one chapter.
//! `APPENDIX TO CHAPTER I`, `PART II` and titles in capitals without the word `CHAPTER` are not
//! headings (a running title in capitals is too often a proclamation quoted in the text).
//! Paragraphs left out as front or back matter are never headings: `CHAPTER I.` in a table of
//! contents starts nothing.

use std::fmt;

/// What a document is cut into for dispersion and the text-level tests.
///
/// ```
/// use corpus_lens::text::chapters::PartUnit;
/// assert_eq!(PartUnit::parse("chapter"), Some(PartUnit::Chapter));
/// assert_eq!(PartUnit::default(), PartUnit::Document);
/// assert_eq!(PartUnit::Paragraph.to_string(), "paragraph");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PartUnit {
    /// Each counted paragraph with at least one token.
    Paragraph,
    /// Each chapter (see the module documentation).
    Chapter,
    /// The whole document.
    #[default]
    Document,
}

impl PartUnit {
    /// The unit named `paragraph`, `chapter` or `document`.
    ///
    /// ```
    /// use corpus_lens::text::chapters::PartUnit;
    /// assert_eq!(PartUnit::parse("document"), Some(PartUnit::Document));
    /// assert_eq!(PartUnit::parse("page"), None);
    /// ```
    pub fn parse(name: &str) -> Option<PartUnit> {
        match name {
            "paragraph" => Some(PartUnit::Paragraph),
            "chapter" => Some(PartUnit::Chapter),
            "document" => Some(PartUnit::Document),
            _ => None,
        }
    }

    /// The unit's name, as in the tables.
    ///
    /// ```
    /// use corpus_lens::text::chapters::PartUnit;
    /// assert_eq!(PartUnit::Chapter.as_str(), "chapter");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PartUnit::Paragraph => "paragraph",
            PartUnit::Chapter => "chapter",
            PartUnit::Document => "document",
        }
    }
}

impl fmt::Display for PartUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The unnumbered section words that head a chapter on their own.
const SECTIONS: &[&str] = &[
    "PREFACE",
    "FOREWORD",
    "INTRODUCTION",
    "CONCLUSION",
    "EPILOGUE",
    "PROLOGUE",
    "AFTERWORD",
];

/// Whether a paragraph, as read, is a chapter heading (see the module documentation).
///
/// ```
/// use corpus_lens::text::chapters::is_heading;
/// assert!(is_heading("CHAPTER XIV."));
/// assert!(is_heading("Chapter I\n"));
/// assert!(is_heading("CHAPTER 3: THE ARMY"));
/// assert!(is_heading("INTRODUCTION"));
/// assert!(!is_heading("APPENDIX TO CHAPTER I"));
/// assert!(!is_heading("Chapter II shows how the army fell."));
/// assert!(!is_heading("CHAPTER I.\nTHE ARMY")); // two lines
/// ```
pub fn is_heading(paragraph: &str) -> bool {
    let line = paragraph.trim();
    if line.len() > 4 * 80 || line.contains('\n') || line.chars().count() > 80 {
        return false;
    }
    let bare = line.strip_suffix('.').unwrap_or(line);
    if SECTIONS.contains(&bare) {
        return true;
    }
    let Some(rest) = line
        .strip_prefix("CHAPTER")
        .or_else(|| line.strip_prefix("Chapter"))
    else {
        return false;
    };
    let rest_trimmed = rest.trim_start();
    if rest_trimmed.len() == rest.len() {
        return false; // no space after the word
    }
    let numeral_end = rest_trimmed
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest_trimmed.len());
    let (numeral, after) = rest_trimmed.split_at(numeral_end);
    if !is_numeral(numeral) {
        return false;
    }
    let after = after.trim_start();
    if after.is_empty() || after == "." || after == ":" {
        return true;
    }
    after.starts_with(['.', ':', '-', '—'])
}

/// Arabic digits, or a Roman numeral all in capitals or all in small letters.
fn is_numeral(s: &str) -> bool {
    if s.is_empty() {
        return false;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let upper = s.bytes().all(|b| b"IVXLCDM".contains(&b));
    let lower = s.bytes().all(|b| b"ivxlcdm".contains(&b));
    upper || lower
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_of_the_shipped_memoirs() {
        for h in [
            "CHAPTER I.",
            "CHAPTER XXXIV.",
            "CHAPTER I",
            "Chapter XII",
            "  CHAPTER IX  ",
        ] {
            assert!(is_heading(h), "{h}");
        }
        for h in ["PREFACE", "FOREWORD.", "CONCLUSION"] {
            assert!(is_heading(h), "{h}");
        }
    }

    #[test]
    fn titled_and_numbered_headings() {
        assert!(is_heading("CHAPTER 12"));
        assert!(is_heading("Chapter iv. The Soviets"));
        assert!(is_heading("CHAPTER X -- THE ARMY"));
        assert!(is_heading("CHAPTER X—THE ARMY"));
    }

    #[test]
    fn not_headings() {
        for p in [
            "APPENDIX TO CHAPTER I",
            "PART II",
            "THE GREAT REVOLUTION",
            "CHAPTERS",
            "CHAPTER",
            "CHAPTER ONE",
            "Chapter Ix",
            "CHAPTER I was the longest of the book, and the reader will see why.",
            "chapter i",
            "Introduction",
            "II. was induced to adopt a more liberal system of government and urged",
            "",
        ] {
            assert!(!is_heading(p), "{p}");
        }
        let long = format!("CHAPTER I. {}", "A".repeat(80));
        assert!(!is_heading(&long));
    }
}
