//! Comparing memoirs: which documents are compared ([`Selector`], [`Comparison`]), and the
//! comparison tables built from one counting pass: `keyness.csv` ([`keyness_rows`]) and
//! `colloc_compare.csv` ([`colloc_compare_rows`]); `framing_compare.csv` is built by
//! [`crate::framing::compare`].
//!
//! **Selectors** pick documents from the corpus (usually the manifest):
//!
//! | selector | picks |
//! |---|---|
//! | `ID` or `id=ID1,ID2` | documents by id |
//! | `author=NAME` | documents whose author is NAME (case-insensitive) |
//! | `author_faction=FACTION` | documents by the author's faction, e.g. `bolsheviks` |
//! | `year=1919` or `year=1917..1919` | documents published in that year or range (inclusive) |
//! | `language=en` | documents in that language |
//! | `all` | every document |
//! | `rest` (reference only) | every document not in the target, except documents that are the same work as a target document (`same_work_as` in the manifest: another translation is not an independent comparison text) |
//!
//! Several selectors for one side are a union. A selector that matches nothing is an error
//! that lists the documents there are.
//!
//! **One counting pass.** Every table here is built from the per-document counts that the
//! engine already holds: a side's word frequencies are the sum of its documents' (or, for a
//! large side such as `rest`, the corpus totals minus the other documents'), so comparing
//! each of D memoirs with the rest costs D sums over the vocabulary, not D passes over the
//! text.

use std::fmt;

use crate::corpus::Document;
use crate::error::{Error, Result};
use crate::rows::table_row;
use crate::stats::keyness::Correction;
use crate::text::stopwords::Stopwords;

mod colloc;
mod keyness_table;
mod texts;
pub use colloc::{colloc_compare_iter, colloc_compare_rows, CollocCompareRow};
#[cfg(test)]
use keyness_table::direction;
pub use keyness_table::{keyness_rows, keyness_rows_iter, keyness_rows_with_parts};
pub use texts::{PartUnit, TextPart, TextParts};

/// A rule that picks documents (see the module documentation for the syntax).
///
/// ```
/// use corpus_lens::{compare::{select, Selector}, corpus::Corpus};
/// assert_eq!(Selector::parse("author=John Reed")?, Selector::Author("John Reed".into()));
/// // The manifest's Bolshevik memoirists against the White general (the manifest is read,
/// // not the texts).
/// let corpus = Corpus::load_default()?;
/// let c = select(corpus.documents(), &["author_faction=bolsheviks".into()], &["denikin1922".into()])?;
/// let ids = |d: &[usize]| d.iter().map(|&i| corpus.documents()[i].id.clone()).collect::<Vec<_>>();
/// assert!(ids(&c.target.documents).contains(&"reed1919".to_string()));
/// assert_eq!(ids(&c.reference.documents), ["denikin1922"]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// Documents by id.
    Ids(Vec<String>),
    /// Documents whose author matches (case-insensitive).
    Author(String),
    /// Documents whose author's faction matches (case-insensitive).
    AuthorFaction(String),
    /// Documents published in this range of years (inclusive).
    Years(i32, i32),
    /// Documents in this language.
    Language(String),
    /// Every document.
    All,
    /// Every document not in the target nor the same work as one in it (reference only).
    Rest,
}

impl Selector {
    /// Parses a selector.
    ///
    /// ```
    /// use corpus_lens::compare::Selector;
    /// assert_eq!(Selector::parse("reed1919")?, Selector::Ids(vec!["reed1919".into()]));
    /// assert_eq!(Selector::parse("year=1917..1919")?, Selector::Years(1917, 1919));
    /// assert_eq!(Selector::parse("author_faction=whites")?, Selector::AuthorFaction("whites".into()));
    /// assert!(Selector::parse("colour=red").is_err());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn parse(text: &str) -> Result<Selector> {
        let text = text.trim();
        let bad = |why: &str| {
            Error::Usage(format!(
                "selector '{text}': {why}; use ID, id=ID1,ID2, author=NAME, \
                 author_faction=FACTION, year=YYYY or year=YYYY..YYYY, language=CODE, all or rest"
            ))
        };
        let Some((field, value)) = text.split_once('=') else {
            return match text {
                "" => Err(bad("empty")),
                "all" => Ok(Selector::All),
                "rest" => Ok(Selector::Rest),
                id => Ok(Selector::Ids(vec![id.to_string()])),
            };
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(bad("no value after '='"));
        }
        match field.trim() {
            "id" => Ok(Selector::Ids(
                value
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            )),
            "author" => Ok(Selector::Author(value.to_string())),
            "author_faction" => Ok(Selector::AuthorFaction(value.to_string())),
            "language" => Ok(Selector::Language(value.to_string())),
            "year" => {
                let year = |s: &str| s.trim().parse::<i32>().map_err(|_| bad("not a year"));
                let (from, to) = match value.split_once("..") {
                    Some((a, b)) => (year(a)?, year(b)?),
                    None => (year(value)?, year(value)?),
                };
                if from > to {
                    return Err(bad("the range is empty"));
                }
                Ok(Selector::Years(from, to))
            }
            _ => Err(bad("unknown field")),
        }
    }

    fn matches(&self, doc: &Document) -> bool {
        let same = |a: &str, b: &str| a.to_lowercase() == b.to_lowercase();
        match self {
            Selector::Ids(ids) => ids.contains(&doc.id),
            Selector::Author(a) => same(a, &doc.author),
            Selector::AuthorFaction(f) => same(f, &doc.author_faction),
            Selector::Years(from, to) => doc.year.is_some_and(|y| *from <= y && y <= *to),
            Selector::Language(l) => same(l, &doc.language),
            Selector::All => true,
            Selector::Rest => false,
        }
    }
}

/// One side of a comparison: a label and the indices of its documents in the corpus.
///
/// ```
/// use corpus_lens::{compare::select, corpus::Corpus};
/// let corpus = Corpus::load_default()?;
/// let c = select(corpus.documents(), &["reed1919".into(), "bryant1923".into()], &["rest".into()])?;
/// assert_eq!((c.target.label.as_str(), c.reference.label.as_str()), ("reed1919+bryant1923", "rest"));
/// let reed = corpus.documents().iter().position(|d| d.id == "reed1919").unwrap();
/// assert!(c.target.documents.contains(&reed));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    /// The label used in the tables' `target` and `reference` columns.
    pub label: String,
    /// Indices into the corpus's documents, ascending.
    pub documents: Vec<usize>,
}

/// A target compared with a reference.
///
/// ```
/// use corpus_lens::{compare::select, corpus::Corpus};
/// let corpus = Corpus::load_default()?;
/// let c = select(corpus.documents(), &["denikin1922".into()], &["rest".into()])?;
/// assert_eq!(c.to_string(), "denikin1922 vs rest");
/// assert!(!c.reference.documents.iter().any(|d| c.target.documents.contains(d)));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// What is examined.
    pub target: Side,
    /// What it is compared with.
    pub reference: Side,
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} vs {}", self.target.label, self.reference.label)
    }
}

/// The label of a side given by these selector texts: the texts joined with `+`.
fn label(texts: &[String]) -> String {
    texts.iter().map(|s| s.trim()).collect::<Vec<_>>().join("+")
}

/// Lists the documents for an error message.
fn available(docs: &[Document]) -> String {
    docs.iter()
        .map(|d| {
            let mut about = vec![];
            if !d.author.is_empty() {
                about.push(d.author.clone());
            }
            if let Some(y) = d.year {
                about.push(y.to_string());
            }
            if !d.author_faction.is_empty() {
                about.push(d.author_faction.clone());
            }
            if about.is_empty() {
                d.id.clone()
            } else {
                format!("{} ({})", d.id, about.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether documents `a` and `b` are the same work (one names the other in `same_work_as`).
fn same_work(a: &Document, b: &Document) -> bool {
    a.same_work_as.as_deref() == Some(b.id.as_str())
        || b.same_work_as.as_deref() == Some(a.id.as_str())
}

/// The documents a side's selectors pick; `target` is given for `rest`.
fn pick(
    docs: &[Document],
    option: &str,
    texts: &[String],
    target: Option<&[usize]>,
) -> Result<Vec<usize>> {
    let mut picked = vec![false; docs.len()];
    for text in texts {
        let selector = Selector::parse(text)?;
        if let Selector::Ids(ids) = &selector {
            if let Some(id) = ids.iter().find(|id| !docs.iter().any(|d| d.id == **id)) {
                return Err(Error::Usage(format!(
                    "{option} '{text}': no document has id '{id}'; the documents are: {}",
                    available(docs)
                )));
            }
        }
        let before = picked.iter().filter(|&&p| p).count();
        match (&selector, target) {
            (Selector::Rest, None) => {
                return Err(Error::Usage(format!(
                    "{option} 'rest': only the reference can be the rest"
                )))
            }
            (Selector::Rest, Some(target)) => {
                for (i, doc) in docs.iter().enumerate() {
                    let excluded = target.iter().any(|&t| t == i || same_work(doc, &docs[t]));
                    picked[i] |= !excluded;
                }
            }
            _ => {
                for (i, doc) in docs.iter().enumerate() {
                    picked[i] |= selector.matches(doc);
                }
            }
        }
        if picked.iter().filter(|&&p| p).count() == before && selector != Selector::Rest {
            let any = docs.iter().any(|d| selector.matches(d));
            if !any {
                return Err(Error::Usage(format!(
                    "{option} '{text}' matches no document; the documents are: {}",
                    available(docs)
                )));
            }
        }
    }
    let picked: Vec<usize> = (0..docs.len()).filter(|&i| picked[i]).collect();
    if picked.is_empty() {
        return Err(Error::Usage(format!(
            "{option} '{}' leaves no document; the documents are: {}",
            label(texts),
            available(docs)
        )));
    }
    Ok(picked)
}

/// The comparison of the documents picked by `target` selectors with those picked by
/// `reference` selectors (default: `rest`).
///
/// ```
/// use corpus_lens::{compare::select, corpus::Corpus};
/// let corpus = Corpus::load_default()?;
/// let c = select(corpus.documents(), &["reed1919".into()], &[])?;
/// assert_eq!((c.target.label.as_str(), c.reference.label.as_str()), ("reed1919", "rest"));
/// assert_eq!(c.reference.documents.len(), corpus.documents().len() - 1);
/// // A selector that matches nothing lists the ids.
/// let err = select(corpus.documents(), &["author=Lenin".into()], &[]).unwrap_err();
/// assert!(err.to_string().contains("trotsky1918"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn select(docs: &[Document], target: &[String], reference: &[String]) -> Result<Comparison> {
    if target.is_empty() {
        return Err(Error::Usage("--target: give at least one selector".into()));
    }
    let rest = vec!["rest".to_string()];
    let reference = if reference.is_empty() {
        &rest
    } else {
        reference
    };
    let t = pick(docs, "--target", target, None)?;
    let r = pick(docs, "--reference", reference, Some(&t))?;
    if let Some(&both) = t.iter().find(|i| r.contains(i)) {
        return Err(Error::Usage(format!(
            "document '{}' is in both the target and the reference; a comparison needs two \
             separate sets",
            docs[both].id
        )));
    }
    Ok(Comparison {
        target: Side {
            label: label(target),
            documents: t,
        },
        reference: Side {
            label: label(reference),
            documents: r,
        },
    })
}

/// Each document against the rest of the corpus (`rest`: the other documents, except those
/// that are the same work), in corpus order; none with fewer than two documents, and none
/// for a document whose rest is empty.
///
/// ```
/// use corpus_lens::{compare::all_versus_rest, corpus::Corpus};
/// let corpus = Corpus::load_default()?;
/// let all = all_versus_rest(corpus.documents());
/// assert_eq!(all.len(), corpus.documents().len());
/// // trotsky1919 is another translation of trotsky1918: not in its reference.
/// let t = corpus.documents().iter().position(|d| d.id == "trotsky1919").unwrap();
/// assert!(!all[0].reference.documents.contains(&t));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn all_versus_rest(docs: &[Document]) -> Vec<Comparison> {
    // As `select(docs, &[id], &[])` for each document, without its scans of the corpus per
    // selector (quadratic work on thousands of documents).
    let mut by_id: std::collections::HashMap<&str, Vec<usize>> = Default::default();
    for (i, d) in docs.iter().enumerate() {
        by_id.entry(d.id.as_str()).or_default().push(i);
    }
    (0..docs.len())
        .filter_map(|i| {
            let id = docs[i].id.clone();
            // An id that reads as another selector (`all`, `author=...`) is left to `select`.
            if !matches!(Selector::parse(&id), Ok(Selector::Ids(_))) || id.trim() != id {
                return select(docs, &[id], &[]).ok();
            }
            let target = by_id[id.as_str()].clone();
            let reference: Vec<usize> = (0..docs.len())
                .filter(|&j| {
                    !target
                        .iter()
                        .any(|&t| t == j || same_work(&docs[j], &docs[t]))
                })
                .collect();
            if reference.is_empty() {
                return None;
            }
            Some(Comparison {
                target: Side {
                    label: id,
                    documents: target,
                },
                reference: Side {
                    label: "rest".into(),
                    documents: reference,
                },
            })
        })
        .collect()
}

/// How keyness is computed.
///
/// ```
/// use corpus_lens::{compare::KeynessOptions, keyness::Correction};
/// let defaults = KeynessOptions::default();
/// assert_eq!((defaults.min_freq, defaults.correction, defaults.alpha), (5, Correction::Fdr, 0.05));
/// // Stricter: Bonferroni at 1%, words seen at least 20 times on the two sides together.
/// let strict = KeynessOptions { min_freq: 20, correction: Correction::Bonferroni, alpha: 0.01, ..defaults };
/// assert!(strict.stopwords.is_none());
/// ```
#[derive(Debug, Clone)]
pub struct KeynessOptions {
    /// Leave out words whose frequency in target and reference together is below this.
    pub min_freq: u64,
    /// The multiple-test correction.
    pub correction: Correction,
    /// The significance level of the corrected p-value (the false discovery rate with
    /// [`Correction::Fdr`]).
    pub alpha: f64,
    /// Words left out of the comparison.
    pub stopwords: Option<Stopwords>,
    /// Keep, per comparison, only the `top` most over-used and the `top` most under-used
    /// words by the default ranking (the rows of direction `equal` go too); `None` keeps
    /// every row. The CLI's `--keyness-top` (default [`DEFAULT_KEYNESS_TOP`]) and
    /// `--keyness-all`.
    pub top: Option<usize>,
}

/// Rows per comparison and direction that `keyness.csv` keeps unless told otherwise
/// (`--keyness-top`, `--keyness-all`): every document against the rest would otherwise
/// write documents x vocabulary rows.
///
/// ```
/// assert_eq!(corpus_lens::compare::DEFAULT_KEYNESS_TOP, 200);
/// ```
pub const DEFAULT_KEYNESS_TOP: usize = 200;

impl Default for KeynessOptions {
    fn default() -> KeynessOptions {
        KeynessOptions {
            min_freq: 5,
            correction: Correction::Fdr,
            alpha: 0.05,
            stopwords: None,
            top: None,
        }
    }
}

table_row! {
    /// A row of `keyness.csv` (see [`crate::tables::KEYNESS`]).
    ///
    /// ```
    /// use corpus_lens::{compare::*, corpus::{shipped_path, Corpus, Document}, engine::*};
    /// let corpus = Corpus::new(vec![
    ///     Document::bare("excerpt", shipped_path("corpora/trotsky_1918_history_to_brest_litovsk_excerpt.txt")),
    ///     Document::bare("bryant", shipped_path("corpora/bryant_1923_mirrors_of_moscow.txt")),
    /// ]);
    /// let analysis = Analyzer::new(Config::default()).run(&corpus)?;
    /// let c = select(corpus.documents(), &["excerpt".into()], &["bryant".into()])?;
    /// let rows = keyness_rows(&analysis, &[c], &KeynessOptions::default());
    /// let row = &rows[0]; // the most over-used word of the excerpt
    /// assert_eq!((row.target.as_str(), row.reference.as_str()), ("excerpt", "bryant"));
    /// assert_eq!(row.direction, "over");
    /// assert!(row.f_target as f64 / row.tokens_target as f64 > row.f_reference as f64 / row.tokens_reference as f64);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[allow(missing_docs)]
    pub struct KeynessRow {
        pub target: String,
        pub reference: String,
        pub word: String,
        pub f_target: u64,
        pub f_reference: u64,
        pub per_million_target: Option<f64>,
        pub per_million_reference: Option<f64>,
        pub log_likelihood: f64,
        pub log_ratio: f64,
        pub percent_diff: f64,
        pub chi2: f64,
        pub bic: f64,
        pub p_value: f64,
        pub significant: bool,
        pub direction: &'static str,
        pub p_adjusted: f64,
        pub correction: &'static str,
        pub simple_maths: f64,
        pub tokens_target: u64,
        pub tokens_reference: u64,
        pub log_ratio_ci_low: f64,
        pub log_ratio_ci_high: f64,
        pub log_ratio_conservative: f64,
        pub part_unit: &'static str,
        pub parts_target: u64,
        pub parts_reference: u64,
        pub welch_t: f64,
        pub welch_df: f64,
        pub welch_p: f64,
        pub cohens_d: f64,
        pub mann_whitney_u: f64,
        pub mann_whitney_p: f64,
        pub mann_whitney_method: &'static str,
        pub rank_biserial: f64,
        pub key_in: Option<u64>,
    }
}

#[cfg(test)]
mod tests;
