//! Optional stopword lists. Stopwords are left out of the frequency tables' rows; they still
//! count as tokens, so `per_million` and dispersion do not change when a list is used
//! (AntConc's word-list behaviour, not quanteda's `tokens_remove`).

use std::path::Path;

use rustc_hash::FxHashSet;

use crate::error::{Error, Result};
use crate::text::normalize::normalize_str;

/// The Snowball project's English stopword list (lowercased, with the apostrophe forms).
pub const ENGLISH: &[&str] = &[
    "i",
    "me",
    "my",
    "myself",
    "we",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "what",
    "which",
    "who",
    "whom",
    "this",
    "that",
    "these",
    "those",
    "am",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "would",
    "should",
    "could",
    "ought",
    "i'm",
    "you're",
    "he's",
    "she's",
    "it's",
    "we're",
    "they're",
    "i've",
    "you've",
    "we've",
    "they've",
    "i'd",
    "you'd",
    "he'd",
    "she'd",
    "we'd",
    "they'd",
    "i'll",
    "you'll",
    "he'll",
    "she'll",
    "we'll",
    "they'll",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "hasn't",
    "haven't",
    "hadn't",
    "doesn't",
    "don't",
    "didn't",
    "won't",
    "wouldn't",
    "shan't",
    "shouldn't",
    "can't",
    "cannot",
    "couldn't",
    "mustn't",
    "let's",
    "that's",
    "who's",
    "what's",
    "here's",
    "there's",
    "when's",
    "where's",
    "why's",
    "how's",
    "a",
    "an",
    "the",
    "and",
    "but",
    "if",
    "or",
    "because",
    "as",
    "until",
    "while",
    "of",
    "at",
    "by",
    "for",
    "with",
    "about",
    "against",
    "between",
    "into",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "to",
    "from",
    "up",
    "down",
    "in",
    "out",
    "on",
    "off",
    "over",
    "under",
    "again",
    "further",
    "then",
    "once",
    "here",
    "there",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "no",
    "nor",
    "not",
    "only",
    "own",
    "same",
    "so",
    "than",
    "too",
    "very",
];

/// A set of lowercased stopwords.
///
/// ```
/// let stop = corpus_lens::stopwords::Stopwords::english();
/// assert!(stop.contains("the"));
/// assert!(!stop.contains("soviet"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Stopwords {
    words: FxHashSet<String>,
}

impl Stopwords {
    /// The built-in English list ([`ENGLISH`]).
    ///
    /// ```
    /// use corpus_lens::stopwords::{Stopwords, ENGLISH};
    /// let stop = Stopwords::english();
    /// assert!(ENGLISH.iter().all(|w| stop.contains(w)));
    /// assert!(stop.contains("which") && !stop.contains("bolsheviks"));
    /// ```
    pub fn english() -> Stopwords {
        Stopwords {
            words: ENGLISH.iter().map(|w| w.to_string()).collect(),
        }
    }

    /// Reads a list: one word per line, `#` starts a comment, blank lines ignored.
    /// Words are normalized and lowercased like the text.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("stop.txt");
    /// std::fs::write(&path, "# mine\nThe\n\nof  # trailing comment\n")?;
    /// let stop = corpus_lens::stopwords::Stopwords::from_file(&path)?;
    /// assert!(stop.contains("the") && stop.contains("of"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_file(path: &Path) -> Result<Stopwords> {
        Stopwords::from_file_lossy(path, false)
    }

    /// [`Stopwords::from_file`], replacing invalid UTF-8 with U+FFFD when `lossy` is set (as
    /// `--lossy` does for the texts).
    ///
    /// ```
    /// use corpus_lens::stopwords::Stopwords;
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("stop.txt");
    /// std::fs::write(&path, b"the\nd\xe9j\xe0\n")?; // Latin-1 bytes
    /// assert!(Stopwords::from_file_lossy(&path, false).is_err());
    /// let stop = Stopwords::from_file_lossy(&path, true)?;
    /// assert!(stop.contains("the"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_file_lossy(path: &Path, lossy: bool) -> Result<Stopwords> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) if lossy => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            Err(e) => return Err(Error::invalid_utf8(path, &e)),
        };
        let words = text
            .lines()
            .map(|line| line.split('#').next().unwrap_or("").trim())
            .filter(|w| !w.is_empty())
            .map(|w| normalize_str(w).to_lowercase())
            .collect();
        Ok(Stopwords { words })
    }

    /// Whether `word` (lowercased) is a stopword.
    ///
    /// ```
    /// use corpus_lens::stopwords::Stopwords;
    /// let stop = Stopwords::english();
    /// assert!(stop.contains("the"));
    /// assert!(!stop.contains("The")); // give it lowercased words
    /// ```
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains(word)
    }
}
