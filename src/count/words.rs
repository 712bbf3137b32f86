//! The records of word counts: one word's counts in a document or the corpus
//! ([`WordCounts`]), its [`Dispersion`], and the paragraphs it is dispersed over ([`Parts`]).
//!
//! Plain data, filled by the token pass (the parts) and by the frequency analysis
//! ([`crate::analyses::frequencies`], which computes the dispersion with
//! [`crate::stats::dispersion`]); here so that the counts of a run can hold them.

use crate::count::vocab::WordId;

/// Counts of one word in one document (or the whole corpus).
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::default().run(&corpus)?;
/// let id = analysis.words.iter().position(|w| &**w == "kerensky").unwrap() as u32;
/// let counts = analysis.corpus_words.iter().find(|w| w.id == id).unwrap();
/// assert!(counts.freq >= counts.range && counts.range > 1);
/// assert!((0.0..=1.0).contains(&counts.dispersion.dp));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordCounts {
    /// The word.
    pub id: WordId,
    /// Occurrences.
    pub freq: u64,
    /// Paragraphs holding it.
    pub range: u64,
    /// Dispersion over paragraphs.
    pub dispersion: Dispersion,
}

/// The sizes of the parts a word is dispersed over.
///
/// ```
/// use corpus_lens::dispersion::Parts;
/// let mut parts = Parts::default();
/// for size in [120, 0, 80] {
///     parts.add(size); // an empty paragraph is not a part
/// }
/// assert_eq!(parts, Parts { count: 2, total: 200, min_size: 80 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Parts {
    /// `k`, the number of parts.
    pub count: u64,
    /// `W`, the tokens in all parts.
    pub total: u64,
    /// The smallest part's size, `min W_i`.
    pub min_size: u64,
}

impl Parts {
    /// Parts summary from a list of sizes; parts of size 0 are left out.
    ///
    /// ```
    /// let parts = corpus_lens::dispersion::Parts::from_sizes([3, 0, 5]);
    /// assert_eq!((parts.count, parts.total, parts.min_size), (2, 8, 3));
    /// ```
    pub fn from_sizes(sizes: impl IntoIterator<Item = u64>) -> Parts {
        let mut parts = Parts::default();
        for size in sizes.into_iter().filter(|&s| s > 0) {
            parts.add(size);
        }
        parts
    }

    /// Adds one part of `size` tokens (ignored when 0).
    ///
    /// ```
    /// use corpus_lens::dispersion::Parts;
    /// let mut parts = Parts::from_sizes([4]);
    /// parts.add(2);
    /// parts.add(0);
    /// assert_eq!((parts.count, parts.total, parts.min_size), (2, 6, 2));
    /// ```
    pub fn add(&mut self, size: u64) {
        if size == 0 {
            return;
        }
        self.min_size = if self.count == 0 {
            size
        } else {
            self.min_size.min(size)
        };
        self.count += 1;
        self.total += size;
    }

    /// Adds the parts of another stretch of paragraphs (as if they were added one by one).
    ///
    /// ```
    /// use corpus_lens::dispersion::Parts;
    /// let mut parts = Parts::from_sizes([120, 80]);
    /// parts.merge(&Parts::from_sizes([50]));
    /// assert_eq!(parts, Parts::from_sizes([120, 80, 50]));
    /// ```
    pub fn merge(&mut self, other: &Parts) {
        if other.count == 0 {
            return;
        }
        self.min_size = if self.count == 0 {
            other.min_size
        } else {
            self.min_size.min(other.min_size)
        };
        self.count += other.count;
        self.total += other.total;
    }
}

/// The dispersion measures of one word.
///
/// ```
/// use corpus_lens::dispersion::dispersion_of;
/// // (T_i, W_i): the word once in each of two parts of 5 tokens: perfectly even.
/// let even = dispersion_of(&[(1, 5), (1, 5)]);
/// assert_eq!((even.dp, even.juilland_d), (0.0, 1.0));
/// // All in the first of four equal parts.
/// let clumped = dispersion_of(&[(4, 5), (0, 5), (0, 5), (0, 5)]);
/// assert_eq!((clumped.dp, clumped.dp_norm), (0.75, 1.0));
/// assert!(clumped.juilland_d.abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dispersion {
    /// Gries's DP (0 = perfectly even, near 1 = all in one small part).
    pub dp: f64,
    /// DP normalized to reach 1 (Lijffijt & Gries 2012); NaN with one part.
    pub dp_norm: f64,
    /// Juilland's D (1 = perfectly even); NaN with one part.
    pub juilland_d: f64,
}
