//! `keyness.csv`: every comparison's words, from per-document counts and corpus totals.
//!
//! A side's frequencies are its documents' counts added up, or, for a side holding most of
//! the corpus (such as `rest`), the corpus totals minus the other documents' counts: one
//! document against the rest reads that document (and any other translation of it), never
//! the rest's documents, so comparing each of D documents with the rest is linear in D
//! times the vocabulary, and the statistics of a word absent from those few documents
//! depend only on its corpus count (computed once per count and comparison).

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::texts::{self, PartUnit, TextParts};
use super::{Comparison, KeynessOptions, KeynessRow, Side};
use crate::analyses::freq::per_million;
use crate::count::engine::CorpusCounts;
use crate::count::vocab::WordId;
use crate::stats::keyness::{self, Correction, Keyness};

/// The rows of `keyness.csv`: for each comparison (in the order given), every word with
/// `f_target + f_reference >= min_freq`, with the statistics of [`crate::stats::keyness`]. The
/// p-values of one comparison are corrected together (`m` = its rows); `significant` is
/// `p_adjusted <= alpha`. With [`KeynessOptions::top`] only the `top` first rows of
/// direction `over` and the `top` last of direction `under` are kept (corrected with the
/// other rows all the same: a kept row has the bytes it has among every row). Order: comparison, then the conservative log ratio descending (the
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
    keyness_rows_iter(analysis, comparisons, options, parts).collect()
}

/// [`keyness_rows_with_parts`] as an iterator that computes a few comparisons at a time
/// (in parallel) as their rows are taken, so a table of many comparisons is written
/// without all its rows in memory. The same rows in the same order.
///
/// ```
/// use corpus_lens::{compare::*, corpus::Corpus, engine::*};
/// let corpus = Corpus::load_default()?;
/// let analysis = Analyzer::new(Config::default()).run(&corpus)?;
/// let comparisons = all_versus_rest(corpus.documents());
/// let options = KeynessOptions::default();
/// let parts = TextParts::default();
/// let streamed: Vec<_> = keyness_rows_iter(&analysis, &comparisons, &options, &parts).collect();
/// // As text: a row's NaN (no text-level test) equals nothing.
/// let all = keyness_rows(&analysis, &comparisons, &options);
/// assert_eq!(format!("{streamed:?}"), format!("{all:?}"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn keyness_rows_iter<'a>(
    analysis: &'a CorpusCounts,
    comparisons: &'a [Comparison],
    options: &'a KeynessOptions,
    parts: &'a TextParts,
) -> impl Iterator<Item = KeynessRow> + 'a {
    // The document unit needs no list of parts: each document's counts are its part.
    let documents = (parts.unit == PartUnit::Document).then(|| TextParts::of_documents(analysis));
    let mut corpus = vec![0u64; analysis.words.len()];
    for w in &analysis.corpus_words {
        corpus[w.id as usize] = w.freq;
    }
    let floor = options.min_freq.max(1);
    // A word's two sides share its corpus count: below the floor it is never a row.
    let candidates: Vec<WordId> = (0..analysis.words.len())
        .filter(|&id| corpus[id] >= floor)
        .filter(|&id| match &options.stopwords {
            Some(s) => !s.contains(&analysis.words[id]),
            None => true,
        })
        .map(|id| id as WordId)
        .collect();
    // Alphabetical rank of each word: the ranking's last key, compared as integers.
    let mut by_word: Vec<WordId> = (0..analysis.words.len() as WordId).collect();
    by_word.sort_by(|&x, &y| analysis.words[x as usize].cmp(&analysis.words[y as usize]));
    let mut rank = vec![0u32; analysis.words.len()];
    for (r, &id) in by_word.iter().enumerate() {
        rank[id as usize] = r as u32;
    }
    // A few comparisons per thread at a time: enough to keep the threads busy, few enough
    // that their rows stay small.
    let chunk = 4 * rayon::current_num_threads().max(1);
    comparisons.chunks(chunk).flat_map(move |some| {
        let context = Context {
            analysis,
            corpus: &corpus,
            candidates: &candidates,
            rank: &rank,
            options,
            parts: documents.as_ref().unwrap_or(parts),
        };
        let rows: Vec<Vec<KeynessRow>> = some.par_iter().map(|c| context.rows(c)).collect();
        rows.into_iter().flatten()
    })
}

/// What every comparison reads.
struct Context<'a> {
    analysis: &'a CorpusCounts,
    corpus: &'a [u64],
    candidates: &'a [WordId],
    rank: &'a [u32],
    options: &'a KeynessOptions,
    parts: &'a TextParts,
}

/// A side's frequencies: the sum of a few documents' counts (`plus`), or the corpus totals
/// minus that sum.
struct SideWords {
    plus: bool,
    counts: FxHashMap<WordId, u64>,
    tokens: u64,
}

impl SideWords {
    fn new(analysis: &CorpusCounts, side: &Side) -> SideWords {
        let n = analysis.documents.len();
        let plus = side.documents.len() * 2 <= n;
        let documents: Vec<usize> = if plus {
            side.documents.clone()
        } else {
            let mut member = vec![false; n];
            for &d in &side.documents {
                member[d] = true;
            }
            (0..n).filter(|&d| !member[d]).collect()
        };
        let mut counts: FxHashMap<WordId, u64> = FxHashMap::default();
        let mut sum = 0;
        for &d in &documents {
            let c = &analysis.documents[d].counts;
            for w in &c.words {
                *counts.entry(w.id).or_default() += w.freq;
            }
            sum += c.tokens;
        }
        let tokens = if plus { sum } else { analysis.tokens() - sum };
        SideWords {
            plus,
            counts,
            tokens,
        }
    }

    fn freq(&self, id: WordId, corpus: u64) -> u64 {
        let own = self.counts.get(&id).copied().unwrap_or(0);
        if self.plus {
            own
        } else {
            corpus - own
        }
    }
}

/// The statistics of one `(f_target, f_reference)` pair of a comparison.
struct Stat {
    a: u64,
    b: u64,
    k: Keyness,
    direction: &'static str,
    conservative: f64,
    p_adjusted: f64,
    /// Rows with this pair.
    rows: usize,
}

impl Stat {
    /// The ranking's first two keys, descending: the conservative log ratio, then the
    /// log-likelihood signed by direction (NaN as 0).
    fn key(&self) -> (f64, f64) {
        let ll = nan_as_zero(self.k.log_likelihood);
        let signed = if self.direction == "under" { -ll } else { ll };
        (nan_as_zero(self.conservative), signed)
    }
}

impl Context<'_> {
    /// One comparison's rows, ranked (and filtered with `top`).
    fn rows(&self, comparison: &Comparison) -> Vec<KeynessRow> {
        let options = self.options;
        let t = SideWords::new(self.analysis, &comparison.target);
        let r = SideWords::new(self.analysis, &comparison.reference);
        let (c, d) = (t.tokens, r.tokens);
        let floor = options.min_freq.max(1);
        // Each distinct pair once: a word in none of the summed documents has the pair of
        // its corpus count.
        let mut stats: Vec<Stat> = Vec::new();
        let mut index: FxHashMap<(u64, u64), u32> = FxHashMap::default();
        let mut entries: Vec<(WordId, u32)> = Vec::new();
        for &id in self.candidates {
            let total = self.corpus[id as usize];
            let (a, b) = (t.freq(id, total), r.freq(id, total));
            if a + b < floor {
                continue;
            }
            let s = *index.entry((a, b)).or_insert_with(|| {
                stats.push(Stat {
                    a,
                    b,
                    k: keyness::keyness(a, b, c, d),
                    direction: direction(a, b, c, d),
                    conservative: f64::NAN,
                    p_adjusted: f64::NAN,
                    rows: 0,
                });
                (stats.len() - 1) as u32
            });
            stats[s as usize].rows += 1;
            entries.push((id, s));
        }
        let m_rows = entries.len();
        // The conservative log ratio from the interval at the comparison's corrected level,
        // as CQPweb (Bonferroni: alpha / m for the m words compared; alpha without a
        // correction).
        let m = match options.correction {
            Correction::None => 1.0,
            _ => m_rows.max(1) as f64,
        };
        let z = keyness::normal_upper_quantile(options.alpha / (2.0 * m));
        for s in stats.iter_mut() {
            let (low, high) = keyness::log_ratio_interval(s.a, s.b, c, d, z);
            s.conservative = keyness::conservative_log_ratio(low, high);
        }
        adjust_weighted(&mut stats, options.correction);
        let order = |x: &(WordId, u32), y: &(WordId, u32)| {
            let (kx, ky) = (stats[x.1 as usize].key(), stats[y.1 as usize].key());
            ky.0.total_cmp(&kx.0)
                .then_with(|| ky.1.total_cmp(&kx.1))
                .then_with(|| self.rank[x.0 as usize].cmp(&self.rank[y.0 as usize]))
        };
        let kept = match options.top {
            None => {
                entries.sort_unstable_by(order);
                entries
            }
            Some(top) => {
                let dir = |e: &(WordId, u32)| stats[e.1 as usize].direction;
                let (mut over, mut under): (Vec<_>, Vec<_>) = entries
                    .into_iter()
                    .filter(|e| dir(e) != "equal")
                    .partition(|e| dir(e) == "over");
                // The first `top` over-used words and the last `top` under-used ones.
                if over.len() > top {
                    if top > 0 {
                        over.select_nth_unstable_by(top - 1, order);
                    }
                    over.truncate(top);
                }
                if under.len() > top {
                    let cut = under.len() - top;
                    under.select_nth_unstable_by(cut, order);
                    under.drain(..cut);
                }
                over.append(&mut under);
                over.sort_unstable_by(order);
                over
            }
        };
        let mut rows: Vec<KeynessRow> = kept
            .iter()
            .map(|&(id, s)| {
                let s = &stats[s as usize];
                let k = &s.k;
                KeynessRow {
                    target: comparison.target.label.clone(),
                    reference: comparison.reference.label.clone(),
                    word: self.analysis.words[id as usize].to_string(),
                    f_target: s.a,
                    f_reference: s.b,
                    per_million_target: per_million(s.a, c),
                    per_million_reference: per_million(s.b, d),
                    log_likelihood: k.log_likelihood,
                    log_ratio: k.log_ratio,
                    percent_diff: k.percent_diff,
                    chi2: k.chi2,
                    bic: k.bic,
                    p_value: k.p_value,
                    significant: s.p_adjusted <= options.alpha,
                    direction: s.direction,
                    p_adjusted: s.p_adjusted,
                    correction: options.correction.as_str(),
                    simple_maths: k.simple_maths,
                    log_ratio_ci_low: k.log_ratio_ci_low,
                    log_ratio_ci_high: k.log_ratio_ci_high,
                    log_ratio_conservative: s.conservative,
                    tokens_target: c,
                    tokens_reference: d,
                    part_unit: self.parts.unit.as_str(),
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
                }
            })
            .collect();
        let ids: Vec<WordId> = kept.iter().map(|e| e.0).collect();
        texts::fill(&mut rows, comparison, self.parts, &ids, m_rows, options);
        rows
    }
}

/// [`keyness::adjust`] over the comparison's rows, each pair's p-value counted once per row
/// with it: the same adjusted values, computed over the distinct pairs. Benjamini-Hochberg
/// gives tied p-values the value of the last of them in rank order, `p m / r`, capped by the
/// running minimum from the top; `m` counts the rows whose p-value is defined.
fn adjust_weighted(stats: &mut [Stat], correction: Correction) {
    let defined = |s: &Stat| !s.k.p_value.is_nan();
    let m = stats
        .iter()
        .filter(|s| defined(s))
        .map(|s| s.rows)
        .sum::<usize>() as f64;
    match correction {
        Correction::None => stats.iter_mut().for_each(|s| s.p_adjusted = s.k.p_value),
        // As `adjust`: `min` makes an undefined p-value 1.
        Correction::Bonferroni => stats
            .iter_mut()
            .for_each(|s| s.p_adjusted = (s.k.p_value * m).min(1.0)),
        Correction::Fdr => {
            let mut order: Vec<usize> = (0..stats.len()).filter(|&i| defined(&stats[i])).collect();
            order.sort_by(|&i, &j| stats[i].k.p_value.total_cmp(&stats[j].k.p_value));
            // The last rank (1-based) of each run of equal p-values.
            let mut last = vec![0usize; order.len()];
            let mut rank = 0;
            for (pos, &i) in order.iter().enumerate() {
                rank += stats[i].rows;
                last[pos] = rank;
            }
            let mut running = 1.0f64;
            let mut pos = order.len();
            while pos > 0 {
                let p = stats[order[pos - 1]].k.p_value;
                let end = last[pos - 1];
                running = running.min(p * m / end as f64);
                while pos > 0 && stats[order[pos - 1]].k.p_value.total_cmp(&p).is_eq() {
                    stats[order[pos - 1]].p_adjusted = running;
                    pos -= 1;
                }
            }
        }
    }
}

/// `over` when the word is relatively more frequent in the target, `under` when less,
/// `equal` otherwise (compared exactly, in integers).
pub(super) fn direction(a: u64, b: u64, c: u64, d: u64) -> &'static str {
    match (a as u128 * d as u128).cmp(&(b as u128 * c as u128)) {
        std::cmp::Ordering::Greater => "over",
        std::cmp::Ordering::Less => "under",
        std::cmp::Ordering::Equal => "equal",
    }
}

fn nan_as_zero(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x
    }
}
