//! Cluster bootstrap confidence intervals for ratio statistics.
//!
//! Takes, for one document, the size of every paragraph (its tokens) and, for each group
//! (say a faction in the narrator's voice), sums per paragraph (mentions, summed valence,
//! summed dimension scores ...); gives each ratio statistic (mean valence = summed valence /
//! mentions; rate = mentions / tokens) with a percentile confidence interval.
//!
//! **Method.** Mentions in one paragraph are not independent (one passage about Kerensky
//! yields several mentions framed alike), so the paragraph is the resampling unit: a *cluster
//! bootstrap* (Davison & Hinkley 1997, sect. 3.8; Field & Welsh 2007). Each replicate draws
//! `n` paragraphs with replacement from the document's `n` paragraphs; a ratio statistic is
//! recomputed as `sum(num) / sum(den)` over the drawn paragraphs (the ratio estimator, so a
//! paragraph with many mentions weighs more). A replicate whose denominator is 0 (no mention
//! of the group drawn) is undefined and left out; `replicates` says how many remained. The
//! interval is the percentile interval: the 2.5% and 97.5% quantiles of the replicates,
//! interpolated linearly between order statistics (Hyndman & Fan 1996 type 7, R's and
//! NumPy's default).
//!
//! **Determinism.** Replicate `b` draws from its own generator, SplitMix64 (Steele, Lea &
//! Flood 2014) seeded from `(seed, b)`, and sums run in paragraph order, so results are
//! identical at any thread count and depend only on the seed. Indices come from the high
//! half of a 64 x 64-bit product (Lemire 2019), whose bias (below `n / 2^64`) is negligible.
//! All groups of a document share the replicates' draws, so their intervals are computed on
//! the same resampled documents.

use rayon::prelude::*;

/// The default number of replicates.
pub const DEFAULT_REPLICATES: usize = 2000;

/// The default seed.
pub const DEFAULT_SEED: u64 = 20_171_107;

/// What a ratio's denominator is.
///
/// ```
/// use corpus_lens::bootstrap::{Denominator, Ratio};
/// // Mean valence per mention: value 1 (summed valence) over value 0 (mentions).
/// let mean = Ratio { numerator: 1, denominator: Denominator::Value(0), scale: 1.0 };
/// // Mentions per 10,000 tokens: value 0 over the paragraphs' sizes.
/// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 10_000.0 };
/// assert_ne!(mean.denominator, rate.denominator);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denominator {
    /// One of the group's values, by index.
    Value(usize),
    /// The paragraphs' sizes (tokens), the same for every group.
    Size,
}

/// A ratio statistic: `sum(values[numerator]) / sum(denominator)` over paragraphs, times
/// `scale`.
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, Denominator, Group, Ratio};
/// // Mentions per 10,000 tokens: 3 mentions in two 100-token paragraphs.
/// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 10_000.0 };
/// let group = Group { paragraphs: vec![0], values: vec![3.0], ..Default::default() };
/// let out = Bootstrap { replicates: 100, seed: 7 }.ratios(&[100.0, 100.0], &[group], 1, &[rate]);
/// assert_eq!(out[0][0].estimate, 150.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratio {
    /// Index of the numerator among the group's values.
    pub numerator: usize,
    /// The denominator.
    pub denominator: Denominator,
    /// Factor applied to the ratio (10,000 for a rate per 10,000 tokens).
    pub scale: f64,
}

/// One group's sums, only for the paragraphs where it has any: paragraph `paragraphs[i]`
/// has values `values[i * width .. (i + 1) * width]`. Paragraphs ascend.
///
/// A group may instead be the union of other groups (`parts`, indices of earlier groups
/// in the same call, such as "all voices" = narrator + quoted): its replicates then add the
/// parts' sums, which is the same as resampling its own values and cheaper. Its own
/// `paragraphs` and `values` still give the estimate.
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, Denominator, Group, Ratio};
/// // Mentions (value 0) in the narrator's voice and in quotations, and both together.
/// let narrator = Group { paragraphs: vec![0, 1], values: vec![2.0, 1.0], ..Default::default() };
/// let quoted = Group { paragraphs: vec![1], values: vec![4.0], ..Default::default() };
/// let all = Group {
///     paragraphs: vec![0, 1],
///     values: vec![2.0, 5.0],
///     parts: vec![0, 1], // resampled as narrator + quoted
/// };
/// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 1.0 };
/// let boot = Bootstrap { replicates: 200, seed: 3 };
/// let out = boot.ratios(&[10.0, 10.0], &[narrator, quoted, all], 1, &[rate]);
/// assert_eq!([out[0][0].estimate, out[1][0].estimate, out[2][0].estimate], [0.15, 0.2, 0.35]);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    /// Paragraph indices, ascending.
    pub paragraphs: Vec<u32>,
    /// `width` values per listed paragraph.
    pub values: Vec<f64>,
    /// Groups whose union this group is (empty for a group of its own).
    pub parts: Vec<usize>,
}

/// Replicates computed together (one pass over the values serves them all).
const LANES: usize = 8;

/// The non-zero values of every group with parts of none, paragraph by paragraph: the
/// entries of `paragraphs[k]` are `starts[k]..starts[k + 1]`, each a value and its slot
/// `group * width + column`.
struct Entries {
    paragraphs: Vec<u32>,
    starts: Vec<usize>,
    slots: Vec<u32>,
    values: Vec<f64>,
}

impl Entries {
    fn new(groups: &[Group], width: usize) -> Entries {
        let mut all: Vec<(u32, u32, f64)> = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            if !group.parts.is_empty() {
                continue;
            }
            for (&p, row) in group.paragraphs.iter().zip(group.values.chunks(width)) {
                for (j, &v) in row.iter().enumerate() {
                    if v != 0.0 {
                        all.push((p, (g * width + j) as u32, v));
                    }
                }
            }
        }
        // Stable: within a slot, values stay in paragraph order.
        all.sort_by_key(|&(p, slot, _)| (p, slot));
        let mut e = Entries {
            paragraphs: Vec::new(),
            starts: Vec::new(),
            slots: Vec::with_capacity(all.len()),
            values: Vec::with_capacity(all.len()),
        };
        for (k, &(p, slot, v)) in all.iter().enumerate() {
            if e.paragraphs.last() != Some(&p) {
                e.paragraphs.push(p);
                e.starts.push(k);
            }
            e.slots.push(slot);
            e.values.push(v);
        }
        e.starts.push(all.len());
        e
    }

    /// Weighted sums of every group for LANES replicates: `sums[slot * LANES + lane]`, with
    /// paragraph `p` weighted by `counts[lane * n + p]`; groups with parts add theirs.
    fn sums(&self, groups: &[Group], width: usize, counts: &[u16]) -> Vec<f64> {
        let n = counts.len() / LANES;
        let mut sums = vec![0.0; groups.len() * width * LANES];
        for (k, &p) in self.paragraphs.iter().enumerate() {
            let mut w = [0.0; LANES];
            let mut any = 0u16;
            for (lane, w) in w.iter_mut().enumerate() {
                let c = counts[lane * n + p as usize];
                any |= c;
                *w = c as f64;
            }
            if any == 0 {
                continue;
            }
            for e in self.starts[k]..self.starts[k + 1] {
                let v = self.values[e];
                let at = self.slots[e] as usize * LANES;
                for (s, w) in sums[at..at + LANES].iter_mut().zip(&w) {
                    *s += w * v;
                }
            }
        }
        for (g, group) in groups.iter().enumerate() {
            for &part in &group.parts {
                for x in 0..width * LANES {
                    sums[g * width * LANES + x] += sums[part * width * LANES + x];
                }
            }
        }
        sums
    }
}

/// The ratios from one group's sums; NaN where a denominator is 0.
pub(crate) fn ratio_values(sums: &[f64], ratios: &[Ratio], total: f64) -> Vec<f64> {
    let mut out = vec![0.0; ratios.len()];
    ratio_into(sums, ratios, total, &mut out);
    out
}

/// [`ratio_values`] into `out` (one per ratio), without allocating: it runs once per
/// replicate and group.
#[inline]
pub(crate) fn ratio_into(sums: &[f64], ratios: &[Ratio], total: f64, out: &mut [f64]) {
    for (r, o) in ratios.iter().zip(out) {
        let den = match r.denominator {
            Denominator::Value(j) => sums[j],
            Denominator::Size => total,
        };
        *o = if den == 0.0 {
            f64::NAN
        } else {
            sums[r.numerator] / den * r.scale
        };
    }
}

/// An estimate with its bootstrap interval.
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, Denominator, Group, Ratio};
/// let group = Group { paragraphs: vec![0, 1, 2], values: vec![1.0, 2.0, 3.0], ..Default::default() };
/// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 1.0 };
/// let interval = Bootstrap { replicates: 1000, seed: 11 }.ratios(&[4.0; 3], &[group], 1, &[rate])[0][0];
/// assert_eq!(interval.estimate, 0.5);
/// assert!(interval.low < 0.5 && 0.5 < interval.high);
/// assert_eq!(interval.replicates, 1000); // the size never sums to 0
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The statistic on the data (not resampled); NaN when undefined.
    pub estimate: f64,
    /// 2.5% quantile of the replicates; NaN when no replicate is defined.
    pub low: f64,
    /// 97.5% quantile of the replicates.
    pub high: f64,
    /// Replicates in which the statistic was defined.
    pub replicates: usize,
}

/// How to resample.
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, DEFAULT_REPLICATES, DEFAULT_SEED};
/// let boot = Bootstrap::default();
/// assert_eq!((boot.replicates, boot.seed), (DEFAULT_REPLICATES, DEFAULT_SEED));
/// // The same seed gives the same intervals, at any thread count.
/// let quick = Bootstrap { replicates: 200, ..boot };
/// assert_eq!(quick.seed, DEFAULT_SEED);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bootstrap {
    /// Number of replicates (B).
    pub replicates: usize,
    /// Seed; combine it with a document index to give documents different draws.
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Bootstrap {
        Bootstrap {
            replicates: DEFAULT_REPLICATES,
            seed: DEFAULT_SEED,
        }
    }
}

impl Bootstrap {
    /// Estimates and 95% percentile intervals for every ratio of every group: the result is
    /// indexed `[group][ratio]`. `sizes` has one entry per paragraph of the document; `width`
    /// is the number of values per paragraph in each group.
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Denominator, Group, Ratio};
    /// // Four paragraphs of 10 tokens; mentions (value 0) and summed valence (value 1).
    /// let group = Group { paragraphs: vec![0, 2], values: vec![2.0, -1.0, 1.0, 0.5], ..Default::default() };
    /// let mean = Ratio { numerator: 1, denominator: Denominator::Value(0), scale: 1.0 };
    /// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 10_000.0 };
    /// let boot = Bootstrap { replicates: 500, seed: 1 };
    /// let out = boot.ratios(&[10.0; 4], &[group], 2, &[mean, rate]);
    /// assert!((out[0][0].estimate - (-0.5 / 3.0)).abs() < 1e-12);
    /// assert_eq!(out[0][1].estimate, 750.0);
    /// assert!(out[0][0].low <= out[0][0].estimate && out[0][0].estimate <= out[0][0].high);
    /// ```
    pub fn ratios(
        &self,
        sizes: &[f64],
        groups: &[Group],
        width: usize,
        ratios: &[Ratio],
    ) -> Vec<Vec<Interval>> {
        let total: f64 = sizes.iter().sum();
        let estimates: Vec<Vec<f64>> = groups
            .iter()
            .map(|g| evaluate(g, width, ratios, |_| 1.0, total))
            .collect();
        let reps = self.sums(sizes, groups, width);
        let k = ratios.len();
        // Group by group: its replicates' ratios, one column per ratio with each replicate's
        // value contiguous, then the quantiles. Only one group's columns exist at a time (per
        // thread), not the whole replicate x (group, ratio) table.
        (0..groups.len())
            .into_par_iter()
            .map_init(
                || (vec![0.0; k], Vec::new()),
                |(row, columns): &mut (Vec<f64>, Vec<Vec<f64>>), g| {
                    columns.resize_with(k, Vec::new);
                    columns.iter_mut().for_each(Vec::clear);
                    for b in 0..reps.replicates {
                        ratio_into(reps.group(b, g), ratios, reps.totals[b], row);
                        for (column, &x) in columns.iter_mut().zip(row.iter()) {
                            if x.is_finite() {
                                column.push(x);
                            }
                        }
                    }
                    columns
                        .iter_mut()
                        .zip(&estimates[g])
                        .map(|(column, &estimate)| Interval {
                            estimate,
                            low: quantile_of(column, 0.025),
                            high: quantile_of(column, 0.975),
                            replicates: column.len(),
                        })
                        .collect()
                },
            )
            .collect()
    }
}

/// Every replicate's weighted sums, before any ratio is taken (see [`Bootstrap::sums`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Replicates {
    /// Number of replicates (B).
    pub replicates: usize,
    /// Number of groups.
    pub groups: usize,
    /// Values per paragraph in each group.
    pub width: usize,
    /// Per replicate, the drawn paragraphs' total size.
    pub totals: Vec<f64>,
    /// Per replicate and group, the `width` weighted sums: replicate `b`, group `g` at
    /// `((b * groups) + g) * width`.
    pub sums: Vec<f64>,
}

impl Replicates {
    /// The `width` sums of group `g` in replicate `b`.
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Group};
    /// let group = Group { paragraphs: vec![0], values: vec![1.0], ..Default::default() };
    /// let reps = Bootstrap { replicates: 4, seed: 1 }.sums(&[5.0], &[group], 1);
    /// // One paragraph: every replicate draws it once.
    /// assert_eq!(reps.group(3, 0), [1.0]);
    /// assert_eq!(reps.totals, [5.0; 4]);
    /// ```
    pub fn group(&self, b: usize, g: usize) -> &[f64] {
        let at = (b * self.groups + g) * self.width;
        &self.sums[at..at + self.width]
    }
}

impl Bootstrap {
    /// The weighted sums of every group in every replicate: the raw material of
    /// [`Bootstrap::ratios`], for statistics that combine several documents' replicates (a
    /// sum over documents of their replicate sums is a bootstrap stratified by document).
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Group};
    /// let group = Group { paragraphs: vec![1], values: vec![2.0], ..Default::default() };
    /// let reps = Bootstrap { replicates: 100, seed: 7 }.sums(&[1.0, 1.0], &[group], 1);
    /// // Paragraph 1 is drawn 0, 1 or 2 times out of 2.
    /// assert!((0..100).all(|b| [0.0, 2.0, 4.0].contains(&reps.group(b, 0)[0])));
    /// assert!((0..100).all(|b| reps.totals[b] == 2.0));
    /// ```
    pub fn sums(&self, sizes: &[f64], groups: &[Group], width: usize) -> Replicates {
        let n = sizes.len();
        let stride = groups.len() * width;
        let mut reps = Replicates {
            replicates: self.replicates,
            groups: groups.len(),
            width,
            totals: vec![0.0; self.replicates],
            sums: vec![0.0; self.replicates * stride],
        };
        if n == 0 {
            return reps;
        }
        if stride == 0 {
            // No group: only the sizes are resampled.
            let mut counts = vec![0u16; n * LANES];
            for (block, totals) in reps.totals.chunks_mut(LANES).enumerate() {
                for (lane, total) in totals.iter_mut().enumerate() {
                    let b = (block * LANES + lane) as u64;
                    *total = draw_lane(&mut counts, lane, sizes, self.seed, b);
                }
                counts.iter_mut().for_each(|c| *c = 0);
            }
            return reps;
        }
        // Each replicate only needs the groups' weighted sums. The non-zero values of all
        // groups are laid out paragraph by paragraph, and replicates are computed LANES at
        // a time, so one pass over them serves LANES replicates.
        let entries = Entries::new(groups, width);
        reps.sums
            .par_chunks_mut(stride * LANES)
            .zip(reps.totals.par_chunks_mut(LANES))
            .enumerate()
            .for_each_init(
                || vec![0u16; n * LANES],
                |counts, (block, (rows, totals))| {
                    let first = (block * LANES) as u64;
                    for (lane, total) in totals.iter_mut().enumerate() {
                        *total = draw_lane(counts, lane, sizes, self.seed, first + lane as u64);
                    }
                    let sums = entries.sums(groups, width, counts);
                    counts.iter_mut().for_each(|c| *c = 0);
                    for (lane, row) in rows.chunks_mut(stride).enumerate() {
                        for (slot, x) in row.iter_mut().enumerate() {
                            *x = sums[slot * LANES + lane];
                        }
                    }
                },
            );
        reps
    }
}

/// [`quantile`] of unsorted values, by selection (reorders `xs`).
pub(crate) fn quantile_of(xs: &mut [f64], q: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let h = (xs.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let (_, &mut x_lo, right) = xs.select_nth_unstable_by(lo, f64::total_cmp);
    let x_hi = right.iter().copied().min_by(f64::total_cmp).unwrap_or(x_lo);
    x_lo + (h - lo as f64) * (x_hi - x_lo)
}

/// Draws `sizes.len()` paragraphs with replacement for one replicate into lane `lane` of
/// `counts` (`counts[lane * n + p]`, zero before) and returns the drawn paragraphs' total
/// size.
fn draw_lane(counts: &mut [u16], lane: usize, sizes: &[f64], seed: u64, replicate: u64) -> f64 {
    let n = sizes.len() as u64;
    // Two mixing rounds make the streams of neighbouring seeds and replicates unrelated.
    let mut r = replicate;
    let mut state = seed ^ splitmix(&mut r);
    state = splitmix(&mut state);
    let mut total = 0.0;
    for _ in 0..n {
        let i = ((splitmix(&mut state) as u128 * n as u128) >> 64) as usize;
        // A paragraph drawn 65,535 times in one replicate would need n >= 65,535 and odds
        // far below 1e-100; saturate rather than wrap all the same.
        let c = &mut counts[lane * n as usize + i];
        *c = c.saturating_add(1);
        total += sizes[i];
    }
    total
}

/// SplitMix64: the next value of the sequence whose state is `state`.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Every ratio of one group with paragraph `p` weighted by `weight(p)`; `total` is the
/// weighted size of all paragraphs. NaN where a denominator is 0.
fn evaluate(
    group: &Group,
    width: usize,
    ratios: &[Ratio],
    weight: impl Fn(u32) -> f64,
    total: f64,
) -> Vec<f64> {
    let mut sums = vec![0.0; width];
    for (i, &p) in group.paragraphs.iter().enumerate() {
        let w = weight(p);
        for (s, v) in sums
            .iter_mut()
            .zip(&group.values[i * width..(i + 1) * width])
        {
            *s += w * v;
        }
    }
    ratio_values(&sums, ratios, total)
}

/// The `q` quantile of sorted `xs`, interpolated linearly between order statistics
/// (Hyndman & Fan 1996, type 7): `h = (n - 1) q`, `x[floor h] + (h - floor h)(x[floor h + 1]
/// - x[floor h])`. NaN for no values.
///
/// ```
/// use corpus_lens::bootstrap::quantile;
/// assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
/// assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.025), 1.075);
/// assert!(quantile(&[], 0.5).is_nan());
/// ```
pub fn quantile(xs: &[f64], q: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let h = (xs.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(xs.len() - 1);
    xs[lo] + (h - lo as f64) * (xs[hi] - xs[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mean_ratio() -> Ratio {
        Ratio {
            numerator: 1,
            denominator: Denominator::Value(0),
            scale: 1.0,
        }
    }

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // Steele, Lea & Flood's SplitMix64 from seed 0 (the first outputs as published with
        // the reference implementation, e.g. in xoshiro's seeding code).
        let mut s = 0u64;
        assert_eq!(splitmix(&mut s), 0xE220_A839_7B1D_CDAF);
        assert_eq!(splitmix(&mut s), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn quantile_type_7_matches_numpy() {
        // numpy.quantile([3, 1, 4, 1, 5, 9, 2, 6], [0.025, 0.975]) = [1.0, 8.475]
        let mut xs = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
        xs.sort_by(f64::total_cmp);
        assert_eq!(quantile(&xs, 0.025), 1.0);
        assert!((quantile(&xs, 0.975) - 8.475).abs() < 1e-12);
        assert_eq!(quantile(&[7.0], 0.975), 7.0);
    }

    #[test]
    fn selection_gives_the_sorted_quantile() {
        let mut state = 11u64;
        let xs: Vec<f64> = (0..999)
            .map(|_| (splitmix(&mut state) % 1000) as f64 / 7.0)
            .collect();
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        for q in [0.0, 0.025, 0.5, 0.975, 1.0] {
            assert_eq!(
                quantile_of(&mut xs.clone(), q),
                quantile(&sorted, q),
                "q = {q}"
            );
        }
    }

    #[test]
    fn identical_clusters_give_a_zero_width_interval() {
        // Every paragraph has one mention of valence -0.4: every replicate's mean is -0.4.
        let group = Group {
            paragraphs: (0..20).collect(),
            values: [1.0, -0.4].repeat(20),
            ..Default::default()
        };
        let out = Bootstrap::default().ratios(&[5.0; 20], &[group], 2, &[mean_ratio()]);
        let i = out[0][0];
        assert!((i.estimate + 0.4).abs() < 1e-12);
        assert!((i.low + 0.4).abs() < 1e-12 && (i.high + 0.4).abs() < 1e-12);
        assert_eq!(i.replicates, DEFAULT_REPLICATES);
    }

    #[test]
    fn rare_group_has_undefined_replicates_left_out() {
        // One mention in one paragraph of 50: about (49/50)^50 = 36% of replicates never
        // draw it.
        let group = Group {
            paragraphs: vec![7],
            values: vec![1.0, 0.6],
            ..Default::default()
        };
        let boot = Bootstrap {
            replicates: 1000,
            seed: 3,
        };
        let i = boot.ratios(&[10.0; 50], &[group], 2, &[mean_ratio()])[0][0];
        assert_eq!((i.estimate, i.low, i.high), (0.6, 0.6, 0.6));
        assert!(
            (550..750).contains(&i.replicates),
            "replicates {}",
            i.replicates
        );
    }

    #[test]
    fn interval_covers_a_known_mean_about_as_often_as_it_should() {
        // Clusters of 1-3 mentions with valence +-1 (fair coin): the true mean is 0. Over 200
        // simulated documents a 95% interval should miss 0 about 10 times; allow 2..=25.
        let mut misses = 0;
        for doc in 0..200u64 {
            let mut state = doc;
            let mut group = Group::default();
            for p in 0..40u32 {
                let k = 1 + splitmix(&mut state) % 3;
                let sum: f64 = (0..k)
                    .map(|_| {
                        if splitmix(&mut state) & 1 == 0 {
                            1.0
                        } else {
                            -1.0
                        }
                    })
                    .sum();
                group.paragraphs.push(p);
                group.values.extend([k as f64, sum]);
            }
            let boot = Bootstrap {
                replicates: 400,
                seed: doc,
            };
            let i = boot.ratios(&[20.0; 40], &[group], 2, &[mean_ratio()])[0][0];
            if !(i.low <= 0.0 && 0.0 <= i.high) {
                misses += 1;
            }
        }
        assert!((2..=25).contains(&misses), "misses {misses}");
    }

    #[test]
    fn same_answer_at_any_thread_count() {
        let group = Group {
            paragraphs: vec![0, 3, 4, 9],
            values: vec![2.0, 1.0, 1.0, -0.5, 3.0, 0.2, 1.0, 0.9],
            ..Default::default()
        };
        let ratios = [
            mean_ratio(),
            Ratio {
                numerator: 0,
                denominator: Denominator::Size,
                scale: 10_000.0,
            },
        ];
        let sizes: Vec<f64> = (0..12).map(|i| 10.0 + i as f64).collect();
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    Bootstrap::default().ratios(&sizes, std::slice::from_ref(&group), 2, &ratios)
                })
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
        // The rate's estimate: 7 mentions in 186 tokens.
        assert!((one[0][1].estimate - 7.0 / 186.0 * 10_000.0).abs() < 1e-9);
    }

    #[test]
    fn a_union_group_equals_resampling_its_own_values() {
        let a = Group {
            paragraphs: vec![1, 4],
            values: vec![1.0, -0.5, 2.0, 0.7],
            ..Default::default()
        };
        let b = Group {
            paragraphs: vec![4, 6],
            values: vec![1.0, 0.3, 1.0, -0.9],
            ..Default::default()
        };
        let own = Group {
            paragraphs: vec![1, 4, 6],
            values: vec![1.0, -0.5, 3.0, 1.0, 1.0, -0.9],
            ..Default::default()
        };
        let union = Group {
            parts: vec![0, 1],
            ..own.clone()
        };
        let boot = Bootstrap {
            replicates: 300,
            seed: 9,
        };
        let sizes = [10.0; 8];
        let r = [mean_ratio()];
        let with_own = boot.ratios(&sizes, &[a.clone(), b.clone(), own], 2, &r);
        let with_union = boot.ratios(&sizes, &[a, b, union], 2, &r);
        let (x, y) = (with_own[2][0], with_union[2][0]);
        assert_eq!((x.estimate, x.replicates), (y.estimate, y.replicates));
        assert!((x.low - y.low).abs() < 1e-12 && (x.high - y.high).abs() < 1e-12);
    }

    #[test]
    fn resampling_draws_every_paragraph_about_equally() {
        let mut counts = vec![0u16; 10 * LANES];
        let mut seen = [0u32; 10];
        for b in 0..2000 {
            draw_lane(&mut counts, 3, &[1.0; 10], 5, b);
            assert_eq!(counts.iter().map(|&c| c as u32).sum::<u32>(), 10);
            for (p, s) in seen.iter_mut().enumerate() {
                *s += counts[3 * 10 + p] as u32;
            }
            counts.fill(0);
        }
        // 20,000 draws over 10 paragraphs: each about 2,000 (sd about 42).
        assert!(seen.iter().all(|&s| (1800..2200).contains(&s)), "{seen:?}");
    }
}
