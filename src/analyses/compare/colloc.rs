//! `colloc_compare.csv`: how a node's collocates differ between the sides of a comparison.

use rustc_hash::FxHashMap;

use super::{Comparison, Side};
use crate::analyses::collocate::{DocumentWindows, WindowOptions};
use crate::count::engine::CorpusCounts;
use crate::count::vocab::WordId;
use crate::rows::table_row;
use crate::stats::keyness;

table_row! {
    /// A row of `colloc_compare.csv` (see [`crate::tables::COLLOC_COMPARE`]).
    ///
    /// ```
    /// use corpus_lens::{collocate::WindowOptions, compare::*, corpus::*, engine::*};
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// let options = WindowOptions::new(NodeSet::new(&["soviet"], MatchBy::Stem, false)?);
    /// let config = Config { count: CountOptions { windows: Some(options.clone().into()),
    ///     ..Default::default() }, ..Default::default() };
    /// let corpus = Corpus::new(vec![
    ///     Document::bare("excerpt", shipped_path("corpora/trotsky_1918_history_to_brest_litovsk_excerpt.txt")),
    ///     Document::bare("bryant", shipped_path("corpora/bryant_1923_mirrors_of_moscow.txt")),
    /// ]);
    /// let analysis = Analyzer::new(config).run(&corpus)?;
    /// let c = select(corpus.documents(), &["excerpt".into()], &["bryant".into()])?;
    /// let rows = colloc_compare_rows(&analysis, &[c], &options, 2);
    /// let row = &rows[0];
    /// assert_eq!(row.node, "soviet");
    /// // logDice on each side, and their difference.
    /// assert_eq!(row.log_dice_diff, row.log_dice_target - row.log_dice_reference);
    /// // A collocate seen on one side only: the difference has that side's sign.
    /// assert!(rows.iter().any(|r| r.o11_target == 0) && rows.iter().any(|r| r.o11_reference == 0));
    /// for r in rows.iter().filter(|r| r.o11_target == 0 || r.o11_reference == 0) {
    ///     assert_eq!(r.log_dice_diff > 0.0, r.o11_target > 0, "{r:?}");
    ///     assert!(r.log_dice_diff.is_finite() && r.log_dice_diff.signum() == r.log_ratio.signum());
    /// }
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[allow(missing_docs)]
    pub struct CollocCompareRow {
        pub target: String,
        pub reference: String,
        pub node: String,
        pub collocate: String,
        pub o11_target: u64,
        pub o11_reference: u64,
        pub f_node_target: u64,
        pub f_node_reference: u64,
        pub f_collocate_target: u64,
        pub f_collocate_reference: u64,
        pub log_dice_target: f64,
        pub log_dice_reference: f64,
        pub log_dice_diff: f64,
        pub log_ratio: f64,
        pub log_likelihood: f64,
        pub p_value: f64,
        pub span: u64,
    }
}

/// logDice (Rychlý 2008) of a collocate seen `o11` times near a node of frequency `f_node`,
/// the collocate's frequency being `f_collocate`: `14 + log2(2 o11 / (f_node + f_collocate))`.
fn log_dice(o11: f64, f_node: u64, f_collocate: u64) -> f64 {
    14.0 + (2.0 * o11 / (f_node + f_collocate) as f64).log2()
}

/// logDice target minus reference, `log2(D_t / D_r)` of the Dice coefficients
/// `D = 2 O11 / (f_node + f_collocate)`. Where one O11 is 0, `δ = 1 / max(f_node +
/// f_collocate)` (an O11 of 0.5 on the side with more tokens to share, as
/// [`crate::stats::keyness::log_ratio`] puts 0.5 in) is added to both Dice values, so the
/// difference is finite and its sign is the side the collocate was seen on.
fn log_dice_difference(
    (a, node_t, coll_t): (u64, u64, u64),
    (b, node_r, coll_r): (u64, u64, u64),
) -> f64 {
    let (st, sr) = ((node_t + coll_t) as f64, (node_r + coll_r) as f64);
    let (dt, dr) = (2.0 * a as f64 / st, 2.0 * b as f64 / sr);
    if a > 0 && b > 0 {
        return log_dice(a as f64, node_t, coll_t) - log_dice(b as f64, node_r, coll_r);
    }
    let delta = 1.0 / st.max(sr);
    ((dt + delta) / (dr + delta)).log2()
}

/// A side's collocation windows: node frequencies and `(node, collocate) -> o11`.
struct SideWindows {
    node_freq: Vec<u64>,
    pairs: FxHashMap<(u16, WordId), u64>,
}

fn side_windows(windows: &[Option<DocumentWindows>], documents: &[usize]) -> SideWindows {
    let mut out = SideWindows {
        node_freq: Vec::new(),
        pairs: FxHashMap::default(),
    };
    for &d in documents {
        let Some(Some(w)) = windows.get(d) else {
            continue;
        };
        if out.node_freq.len() < w.node_freq.len() {
            out.node_freq.resize(w.node_freq.len(), 0);
        }
        for (total, n) in out.node_freq.iter_mut().zip(&w.node_freq) {
            *total += n;
        }
        for &(node, id, l, r) in &w.pairs {
            *out.pairs.entry((node, id)).or_default() += l + r;
        }
    }
    out
}

/// Word frequencies of some documents.
fn word_freq(analysis: &CorpusCounts, documents: &[usize]) -> FxHashMap<WordId, u64> {
    let mut f: FxHashMap<WordId, u64> = FxHashMap::default();
    for &d in documents {
        for w in &analysis.documents[d].counts.words {
            *f.entry(w.id).or_default() += w.freq;
        }
    }
    f
}

/// A side's windows and word frequencies: its documents' sums, or, for a side holding most
/// of the corpus (such as `rest`), the corpus's minus the other documents' (integers: the
/// same counts), so that each of D documents against the rest reads no rest document.
fn side_sums(
    analysis: &CorpusCounts,
    windows: &[Option<DocumentWindows>],
    total: &(SideWindows, FxHashMap<WordId, u64>),
    side: &Side,
) -> (SideWindows, FxHashMap<WordId, u64>) {
    let n = analysis.documents.len();
    if side.documents.len() * 2 <= n {
        return (
            side_windows(windows, &side.documents),
            word_freq(analysis, &side.documents),
        );
    }
    let mut member = vec![false; n];
    for &d in &side.documents {
        member[d] = true;
    }
    let others: Vec<usize> = (0..n).filter(|&d| !member[d]).collect();
    let (mut w, mut f) = (
        SideWindows {
            node_freq: total.0.node_freq.clone(),
            pairs: total.0.pairs.clone(),
        },
        total.1.clone(),
    );
    let (ow, of) = (side_windows(windows, &others), word_freq(analysis, &others));
    for (x, y) in w.node_freq.iter_mut().zip(&ow.node_freq) {
        *x -= y;
    }
    for (key, y) in &ow.pairs {
        if let Some(x) = w.pairs.get_mut(key) {
            *x -= y;
        }
    }
    // A pair or word left at 0 is in none of the side's documents.
    w.pairs.retain(|_, x| *x > 0);
    for (id, y) in &of {
        if let Some(x) = f.get_mut(id) {
            *x -= y;
        }
    }
    f.retain(|_, x| *x > 0);
    (w, f)
}

/// The rows of `colloc_compare.csv`: for each comparison and each node that occurs on both
/// sides, every collocate seen at least `min_o11` times near it on the two sides together.
///
/// - `log_dice_target`, `log_dice_reference`: logDice (Rychlý 2008) on each side,
///   `14 + log2(2 O11 / (f_node + f_collocate))`; empty where the collocate was not seen
///   near the node on that side.
/// - `log_dice_diff`: target minus reference, `log2(D_t / D_r)` of the Dice coefficients.
///   Where one O11 is 0, `δ = 1 / max(f_node + f_collocate)` over the two sides (an O11 of
///   0.5 on the larger side, after Hardie 2014's log ratio) is added to both Dice values, so
///   a collocate of one side only has a finite value whose sign is that side's.
/// - `log_ratio`, `log_likelihood`, `p_value`: the collocate's share of the node's windows
///   compared between the sides, with the keyness formulas of [`crate::stats::keyness`]
///   (`a` = O11 target, `b` = O11 reference, `c` and `d` = the window tokens
///   `span x f_node` of each side, Evert 2008's R1).
///
/// Order: comparison, node (in the order given), log-likelihood descending, collocate.
///
/// ```
/// use corpus_lens::{collocate::WindowOptions, compare::*, corpus::Corpus, engine::*};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions::new(NodeSet::new(&["soviet"], MatchBy::Stem, false)?);
/// let config = Config { count: CountOptions { windows: Some(options.clone().into()),
///     ..Default::default() }, ..Default::default() };
/// let corpus = Corpus::load_default()?;
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let c = select(corpus.documents(), &["trotsky1918".into()], &["reed1919".into()])?;
/// let rows = colloc_compare_rows(&analysis, &[c], &options, 2);
/// assert!(rows.iter().all(|r| r.o11_target + r.o11_reference >= 2));
/// assert!(rows.iter().any(|r| r.collocate == "petrograd"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn colloc_compare_rows<A>(
    analysis: &A,
    comparisons: &[Comparison],
    options: &WindowOptions,
    min_o11: u64,
) -> Vec<CollocCompareRow>
where
    A: AsRef<CorpusCounts> + AsRef<[Option<DocumentWindows>]>,
{
    colloc_compare_iter(analysis, comparisons, options, min_o11).collect()
}

/// [`colloc_compare_rows`] as an iterator that computes one comparison at a time as its rows
/// are taken, so a table of many comparisons is written without all its rows in memory.
/// The same rows in the same order.
///
/// ```
/// use corpus_lens::{collocate::WindowOptions, compare::*, corpus::Corpus, engine::*};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions::new(NodeSet::new(&["soviet"], MatchBy::Stem, false)?);
/// let config = Config { count: CountOptions { windows: Some(options.clone().into()),
///     ..Default::default() }, ..Default::default() };
/// let corpus = Corpus::load_default()?;
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let comparisons = all_versus_rest(corpus.documents());
/// let streamed: Vec<_> = colloc_compare_iter(&analysis, &comparisons, &options, 2).collect();
/// let all = colloc_compare_rows(&analysis, &comparisons, &options, 2);
/// assert_eq!(format!("{streamed:?}"), format!("{all:?}"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn colloc_compare_iter<'a, A>(
    analysis: &'a A,
    comparisons: &'a [Comparison],
    options: &'a WindowOptions,
    min_o11: u64,
) -> impl Iterator<Item = CollocCompareRow> + 'a
where
    A: AsRef<CorpusCounts> + AsRef<[Option<DocumentWindows>]>,
{
    let windows: &[Option<DocumentWindows>] = analysis.as_ref();
    let analysis: &CorpusCounts = analysis.as_ref();
    let span = options.span();
    let nodes = options.nodes.nodes();
    let all: Vec<usize> = (0..analysis.documents.len()).collect();
    let total = (side_windows(windows, &all), word_freq(analysis, &all));
    comparisons.iter().flat_map(move |comparison| {
        let mut rows = Vec::new();
        let (t, ft) = side_sums(analysis, windows, &total, &comparison.target);
        let (r, fr) = side_sums(analysis, windows, &total, &comparison.reference);
        for (j, node) in nodes.iter().enumerate() {
            let nt = t.node_freq.get(j).copied().unwrap_or(0);
            let nr = r.node_freq.get(j).copied().unwrap_or(0);
            if nt == 0 || nr == 0 {
                continue;
            }
            let mut ids: Vec<WordId> = t
                .pairs
                .keys()
                .chain(r.pairs.keys())
                .filter(|k| k.0 as usize == j)
                .map(|k| k.1)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            let start = rows.len();
            for id in ids {
                let a = t.pairs.get(&(j as u16, id)).copied().unwrap_or(0);
                let b = r.pairs.get(&(j as u16, id)).copied().unwrap_or(0);
                if a + b < min_o11.max(1) {
                    continue;
                }
                let fct = ft.get(&id).copied().unwrap_or(0);
                let fcr = fr.get(&id).copied().unwrap_or(0);
                let side = |o: u64, f_node, f_coll| {
                    if o == 0 {
                        f64::NAN
                    } else {
                        log_dice(o as f64, f_node, f_coll)
                    }
                };
                let ll = keyness::log_likelihood(a, b, span * nt, span * nr);
                rows.push(CollocCompareRow {
                    target: comparison.target.label.clone(),
                    reference: comparison.reference.label.clone(),
                    node: node.label.clone(),
                    collocate: analysis.word(id).to_string(),
                    o11_target: a,
                    o11_reference: b,
                    f_node_target: nt,
                    f_node_reference: nr,
                    f_collocate_target: fct,
                    f_collocate_reference: fcr,
                    log_dice_target: side(a, nt, fct),
                    log_dice_reference: side(b, nr, fcr),
                    log_dice_diff: log_dice_difference((a, nt, fct), (b, nr, fcr)),
                    log_ratio: keyness::log_ratio(a, b, span * nt, span * nr),
                    log_likelihood: ll,
                    p_value: keyness::p_value(ll),
                    span,
                });
            }
            rows[start..].sort_by(|x, y| {
                let key = |v: f64| if v.is_nan() { f64::NEG_INFINITY } else { v };
                key(y.log_likelihood)
                    .total_cmp(&key(x.log_likelihood))
                    .then_with(|| x.collocate.cmp(&y.collocate))
            });
        }
        rows.into_iter()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Seen 13 times in the reference only: negative, however rare the collocate in the
    /// target (with 0.5 put in for the target's O11 alone, it was +0.74); by hand,
    /// `δ = 1 / 3286`, `log2(δ / (26 / 3286 + δ)) = log2(1 / 27)`.
    #[test]
    fn one_sided_log_dice_difference_by_hand() {
        let d = log_dice_difference((0, 54, 23), (13, 286, 3_000));
        assert!((d - (1.0f64 / 27.0).log2()).abs() < 1e-12, "{d}");
        let mirrored = log_dice_difference((13, 286, 3_000), (0, 54, 23));
        assert!((mirrored + d).abs() < 1e-12);
        // Seen on both sides: the plain difference of the two logDice.
        let both = log_dice_difference((4, 50, 10), (2, 100, 20));
        let plain = log_dice(4.0, 50, 10) - log_dice(2.0, 100, 20);
        assert_eq!(both, plain);
    }
}
