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

use crate::analyses::freq::per_million;
use crate::corpus::Document;
use crate::count::engine::CorpusCounts;
use crate::count::vocab::WordId;
use crate::error::{Error, Result};
use crate::rows::table_row;
use crate::stats::keyness::{self, Correction};
use crate::text::stopwords::Stopwords;

mod colloc;
mod texts;
pub use colloc::{colloc_compare_rows, CollocCompareRow};
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
    (0..docs.len())
        .filter_map(|i| select(docs, &[docs[i].id.clone()], &[]).ok())
        .collect()
}

/// Word frequencies of a side, dense by word id, and its tokens.
struct SideWords {
    freq: Vec<u64>,
    tokens: u64,
}

/// Sums a side's documents' word counts, or subtracts the others' from the corpus totals
/// when they are fewer.
fn side_words(analysis: &CorpusCounts, corpus: &[u64], side: &Side) -> SideWords {
    let n = analysis.documents.len();
    let members = &side.documents;
    let (mut freq, sign, docs): (Vec<u64>, bool, Vec<usize>) = if members.len() * 2 <= n {
        (vec![0; corpus.len()], true, members.clone())
    } else {
        let others = (0..n).filter(|i| !members.contains(i)).collect();
        (corpus.to_vec(), false, others)
    };
    let mut tokens = if sign { 0 } else { analysis.tokens() };
    for &d in &docs {
        let counts = &analysis.documents[d].counts;
        for w in &counts.words {
            let f = &mut freq[w.id as usize];
            *f = if sign { *f + w.freq } else { *f - w.freq };
        }
        tokens = if sign {
            tokens + counts.tokens
        } else {
            tokens - counts.tokens
        };
    }
    SideWords { freq, tokens }
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
}

impl Default for KeynessOptions {
    fn default() -> KeynessOptions {
        KeynessOptions {
            min_freq: 5,
            correction: Correction::Fdr,
            alpha: 0.05,
            stopwords: None,
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

/// `over` when the word is relatively more frequent in the target, `under` when less,
/// `equal` otherwise (compared exactly, in integers).
fn direction(a: u64, b: u64, c: u64, d: u64) -> &'static str {
    match (a as u128 * d as u128).cmp(&(b as u128 * c as u128)) {
        std::cmp::Ordering::Greater => "over",
        std::cmp::Ordering::Less => "under",
        std::cmp::Ordering::Equal => "equal",
    }
}

/// The rows of `keyness.csv`: for each comparison (in the order given), every word with
/// `f_target + f_reference >= min_freq`, with the statistics of [`crate::stats::keyness`]. The
/// p-values of one comparison are corrected together (`m` = its rows); `significant` is
/// `p_adjusted <= alpha`. Order: comparison, then the conservative log ratio descending (the
/// words most surely over-used first, those whose interval spans 0 in the middle, the most
/// surely under-used last, as quanteda's `textstat_keyness` lists them), ties by the
/// log-likelihood signed by direction, descending, then word.
///
/// ```
/// use corpus_lens::{compare::*, corpus::Corpus, engine::*};
/// let corpus = Corpus::load_default()?;
/// let analysis = Analyzer::new(Config::default()).run(&corpus)?;
/// let c = select(corpus.documents(), &["trotsky1918".into()], &["reed1919".into()])?;
/// let rows = keyness_rows(&analysis, &[c], &KeynessOptions::default());
/// let top = &rows[0];
/// assert_eq!((top.direction, top.significant), ("over", true));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn keyness_rows(
    analysis: &CorpusCounts,
    comparisons: &[Comparison],
    options: &KeynessOptions,
) -> Vec<KeynessRow> {
    keyness_rows_with_parts(analysis, comparisons, options, &TextParts::default())
}

/// [`keyness_rows`] with the text-level columns over the given parts of the documents
/// (chapters or paragraphs, as [`crate::analyses::parts::PartCounts`] keeps them; with the
/// document unit, the documents); the columns are described in [`crate::stats::texts`] and
/// `docs/formulas.md`.
///
/// ```
/// use corpus_lens::{compare::*, corpus::Corpus, engine::*};
/// let corpus = Corpus::load_default()?;
/// let config = Config { count: CountOptions { parts: Some(PartUnit::Chapter), ..Default::default() },
///     ..Default::default() };
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let c = select(corpus.documents(), &["denikin1922".into()], &["reed1919".into()])?;
/// let rows = keyness_rows_with_parts(&analysis, &[c], &KeynessOptions::default(), &analysis.parts_of_texts);
/// let row = rows.iter().find(|r| r.word == "soviet").unwrap();
/// assert_eq!((row.part_unit, row.parts_target, row.parts_reference), ("chapter", 35, 13));
/// // As frequent in both books pooled, less so in most of Denikin's chapters, key in two.
/// assert!(!row.significant && row.rank_biserial < 0.0 && row.key_in == Some(2));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn keyness_rows_with_parts(
    analysis: &CorpusCounts,
    comparisons: &[Comparison],
    options: &KeynessOptions,
    parts: &TextParts,
) -> Vec<KeynessRow> {
    // The document unit needs no list of parts: each document's counts are its part.
    let documents;
    let parts = if parts.unit == PartUnit::Document {
        documents = TextParts::of_documents(analysis);
        &documents
    } else {
        parts
    };
    let mut corpus = vec![0u64; analysis.words.len()];
    for w in &analysis.corpus_words {
        corpus[w.id as usize] = w.freq;
    }
    let stop: Vec<bool> = match &options.stopwords {
        Some(s) => analysis.words.iter().map(|w| s.contains(w)).collect(),
        None => vec![false; analysis.words.len()],
    };
    let mut rows = Vec::new();
    for comparison in comparisons {
        let t = side_words(analysis, &corpus, &comparison.target);
        let r = side_words(analysis, &corpus, &comparison.reference);
        let start = rows.len();
        let mut ids: Vec<WordId> = Vec::new();
        for (id, &stopped) in stop.iter().enumerate() {
            let (a, b) = (t.freq[id], r.freq[id]);
            if a + b < options.min_freq.max(1) || stopped {
                continue;
            }
            let k = keyness::keyness(a, b, t.tokens, r.tokens);
            rows.push(KeynessRow {
                target: comparison.target.label.clone(),
                reference: comparison.reference.label.clone(),
                word: analysis.words[id].to_string(),
                f_target: a,
                f_reference: b,
                per_million_target: per_million(a, t.tokens),
                per_million_reference: per_million(b, r.tokens),
                log_likelihood: k.log_likelihood,
                log_ratio: k.log_ratio,
                percent_diff: k.percent_diff,
                chi2: k.chi2,
                bic: k.bic,
                p_value: k.p_value,
                significant: false,
                direction: direction(a, b, t.tokens, r.tokens),
                p_adjusted: f64::NAN,
                correction: options.correction.as_str(),
                simple_maths: k.simple_maths,
                log_ratio_ci_low: k.log_ratio_ci_low,
                log_ratio_ci_high: k.log_ratio_ci_high,
                // Set below, from the interval at the comparison's corrected level.
                log_ratio_conservative: f64::NAN,
                tokens_target: t.tokens,
                tokens_reference: r.tokens,
                part_unit: parts.unit.as_str(),
                parts_target: 0,
                parts_reference: 0,
                welch_t: f64::NAN,
                welch_df: f64::NAN,
                welch_p: f64::NAN,
                cohens_d: f64::NAN,
                mann_whitney_u: f64::NAN,
                mann_whitney_p: f64::NAN,
                mann_whitney_method: "",
                rank_biserial: f64::NAN,
                key_in: None,
            });
            ids.push(id as WordId);
        }
        let block = &mut rows[start..];
        texts::fill(block, comparison, parts, &ids, options);
        // The conservative log ratio from the interval at the corrected level, as CQPweb
        // (Bonferroni: alpha / m for the m words compared; alpha without a correction).
        let m = match options.correction {
            keyness::Correction::None => 1.0,
            _ => block.len().max(1) as f64,
        };
        let z = keyness::normal_upper_quantile(options.alpha / (2.0 * m));
        for row in block.iter_mut() {
            let (c, d) = (row.tokens_target, row.tokens_reference);
            let (low, high) = keyness::log_ratio_interval(row.f_target, row.f_reference, c, d, z);
            row.log_ratio_conservative = keyness::conservative_log_ratio(low, high);
        }
        let p: Vec<f64> = block.iter().map(|r| r.p_value).collect();
        for (row, q) in block
            .iter_mut()
            .zip(keyness::adjust(&p, options.correction))
        {
            row.p_adjusted = q;
            row.significant = q <= options.alpha;
        }
        block.sort_by(|x, y| {
            nan_as_zero(y.log_ratio_conservative)
                .total_cmp(&nan_as_zero(x.log_ratio_conservative))
                .then_with(|| signed(y).total_cmp(&signed(x)))
                .then_with(|| x.word.cmp(&y.word))
        });
    }
    rows
}

fn nan_as_zero(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x
    }
}

/// The log-likelihood, negative for under-used words; NaN sorts as 0.
fn signed(row: &KeynessRow) -> f64 {
    let ll = if row.log_likelihood.is_nan() {
        0.0
    } else {
        row.log_likelihood
    };
    match row.direction {
        "under" => -ll,
        _ => ll,
    }
}

#[cfg(test)]
mod tests;
