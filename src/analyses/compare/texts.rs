//! Text-level keyness: `keyness.csv`'s columns from each text's relative frequency of a word
//! (Welch's t, Mann-Whitney U, their effect sizes, and `key_in`, the target texts in which
//! the word is key), where pooled keyness counts every token as independent evidence.
//!
//! A "text" is a part of a document ([`PartUnit`]): the document itself (the default), a
//! chapter or a paragraph. A side's texts are its documents' parts with at least one counted
//! token, in corpus order; the tests need at least two on each side, else their cells are
//! empty. The formulas are in [`crate::stats::texts`].
//!
//! **`key_in`** (Scott's key key-words, as WordSmith's KeyWords counts them: Scott, M. &
//! Tribble, C. (2006). *Textual Patterns*, ch. 5): the number of target texts in which the
//! word is over-used against the whole reference (`a_i / c_i > b / d`, with `a_i` the word's
//! count and `c_i` the tokens of text `i`) with a log-likelihood p-value at most `alpha / m`,
//! Bonferroni over the comparison's `m` words, the level of `log_ratio_conservative` (`alpha`
//! with `--correction none`). Bonferroni rather than Benjamini-Hochberg: BH's threshold in a
//! text would depend on every other word's p-value there.

use rayon::prelude::*;

use super::{Comparison, KeynessOptions, KeynessRow};
use crate::count::vocab::WordId;
use crate::stats::keyness::{self, Correction};
use crate::stats::texts::{mann_whitney_sparse, welch_sparse};
pub use crate::text::chapters::PartUnit;

/// A part of a document: its counted tokens and its words' counts.
///
/// ```
/// use corpus_lens::compare::TextPart;
/// let part = TextPart { tokens: 12, words: vec![(3, 2), (7, 1)] };
/// assert_eq!(part.words.iter().map(|w| w.1).sum::<u64>(), 3);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextPart {
    /// Counted tokens in the part.
    pub tokens: u64,
    /// `(word, count)` for every word in it, sorted by word id.
    pub words: Vec<(WordId, u64)>,
}

/// The parts of each document of a corpus (indexed like its documents), and their unit.
///
/// ```
/// use corpus_lens::compare::{PartUnit, TextParts, TextPart};
/// let parts = TextParts { unit: PartUnit::Document, documents: vec![vec![TextPart::default()]] };
/// assert_eq!(parts.unit.as_str(), "document");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextParts {
    /// What a part is.
    pub unit: PartUnit,
    /// Per document, its parts in text order.
    pub documents: Vec<Vec<TextPart>>,
}

/// One side's texts, by word: the word's counts in the texts that hold it.
struct SideTexts {
    /// Texts with at least one counted token.
    n: u64,
    /// Per word id, `(count, tokens of the text)` for each text holding it, in corpus order.
    hits: Vec<Vec<(u64, u64)>>,
}

fn side_texts(parts: &TextParts, documents: &[usize], words: usize) -> SideTexts {
    let mut side = SideTexts {
        n: 0,
        hits: vec![Vec::new(); words],
    };
    for &d in documents {
        for part in parts.documents.get(d).into_iter().flatten() {
            if part.tokens == 0 {
                continue;
            }
            side.n += 1;
            for &(id, count) in &part.words {
                side.hits[id as usize].push((count, part.tokens));
            }
        }
    }
    side
}

/// The word's non-zero relative frequencies on a side.
fn rates(hits: &[(u64, u64)]) -> Vec<f64> {
    hits.iter().map(|&(a, c)| a as f64 / c as f64).collect()
}

/// Fills the text-level columns of one comparison's rows (`block`: the rows kept of its
/// `m_rows`, which set the level of `key_in`).
pub(super) fn fill(
    block: &mut [KeynessRow],
    comparison: &Comparison,
    parts: &TextParts,
    word_ids: &[WordId],
    m_rows: usize,
    options: &KeynessOptions,
) {
    let texts = |documents: &[usize]| {
        let parts = documents
            .iter()
            .flat_map(|&d| parts.documents.get(d).into_iter().flatten());
        parts.filter(|p| p.tokens > 0).count() as u64
    };
    let (n1, n2) = (
        texts(&comparison.target.documents),
        texts(&comparison.reference.documents),
    );
    if n1 < 2 || n2 < 2 {
        // Not tested: only the counts of texts (each document against the rest in `analyze`
        // stops here, without a pass over the words).
        for row in block.iter_mut() {
            row.part_unit = parts.unit.as_str();
            row.parts_target = n1;
            row.parts_reference = n2;
        }
        return;
    }
    let words = parts
        .documents
        .iter()
        .flatten()
        .flat_map(|p| p.words.last().map(|w| w.0 as usize + 1))
        .chain(word_ids.iter().map(|&id| id as usize + 1))
        .max()
        .unwrap_or(0);
    let t = side_texts(parts, &comparison.target.documents, words);
    let r = side_texts(parts, &comparison.reference.documents, words);
    let m = match options.correction {
        Correction::None => 1.0,
        _ => m_rows.max(1) as f64,
    };
    let level = options.alpha / m;
    block
        .par_iter_mut()
        .zip(word_ids.par_iter())
        .for_each(|(row, &id)| {
            row.part_unit = parts.unit.as_str();
            row.parts_target = t.n;
            row.parts_reference = r.n;
            let (th, rh) = (&t.hits[id as usize], &r.hits[id as usize]);
            let (x, y) = (rates(th), rates(rh));
            let (xz, yz) = (t.n - x.len() as u64, r.n - y.len() as u64);
            let w = welch_sparse(&x, xz, &y, yz);
            let u = mann_whitney_sparse(&x, xz, &y, yz);
            row.welch_t = w.t;
            row.welch_df = w.df;
            row.welch_p = w.p_value;
            row.cohens_d = w.cohens_d;
            row.mann_whitney_u = u.u;
            row.mann_whitney_p = u.p_value;
            row.mann_whitney_method = if u.exact { "exact" } else { "normal" };
            row.rank_biserial = u.rank_biserial;
            let (b, d) = (row.f_reference, row.tokens_reference);
            let key = th
                .iter()
                .filter(|&&(a, c)| {
                    a as u128 * d as u128 > b as u128 * c as u128
                        && keyness::p_value(keyness::log_likelihood(a, b, c, d)) <= level
                })
                .count();
            row.key_in = Some(key as u64);
        });
}

impl TextParts {
    /// Each document as one part (the default unit of the text-level tests), from its word
    /// counts.
    ///
    /// ```
    /// use corpus_lens::{compare::TextParts, corpus::Corpus, engine::Analyzer};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..2].to_vec());
    /// let analysis = Analyzer::default().run(&corpus)?;
    /// let parts = TextParts::of_documents(&analysis);
    /// assert_eq!(parts.documents[1][0].tokens, analysis.documents[1].counts.tokens);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn of_documents(analysis: &crate::count::engine::CorpusCounts) -> TextParts {
        TextParts {
            unit: PartUnit::Document,
            documents: analysis
                .documents
                .iter()
                .map(|d| {
                    vec![TextPart {
                        tokens: d.counts.tokens,
                        words: d.counts.words.iter().map(|w| (w.id, w.freq)).collect(),
                    }]
                })
                .collect(),
        }
    }
}
