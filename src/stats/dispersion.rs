//! Dispersion: how evenly a word is spread over the parts of a corpus.
//!
//! Parts are paragraphs (with at least one counted token), weighted by their token counts.
//! Notation: `k` parts; part `i` has `W_i` tokens, of which `T_i` are the word; `W = sum W_i`,
//! `T = sum T_i`; `s_i = W_i / W` (the part's share of the corpus), `v_i = T_i / T` (the part's
//! share of the word).
//!
//! A word's dispersion is accumulated in a streaming pass over the parts that hold it
//! ([`DispersionAcc`]); parts without the word enter in closed form, so the cost is one step per
//! (word, part) pair that occurs, never per (word, part) of the whole matrix.

pub use crate::count::words::{Dispersion, Parts};

/// Streaming accumulator for one word's dispersion over the parts that hold it.
///
/// Feed it every part where the word occurs, in any order, then call
/// [`DispersionAcc::finish`]. The word's total `T` must be known before the first part.
///
/// ```
/// use corpus_lens::dispersion::{DispersionAcc, Parts};
/// // Three parts of 2, 3 and 5 tokens; the word occurs once in the first, twice in the last.
/// let parts = Parts::from_sizes([2, 3, 5]);
/// let mut acc = DispersionAcc::default();
/// acc.add(1, 2, 3, &parts);
/// acc.add(2, 5, 3, &parts);
/// let d = acc.finish(&parts);
/// assert!((d.dp - 0.3).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct DispersionAcc {
    abs_dev: f64,
    share: f64,
    rel: f64,
    rel_sq: f64,
    /// Parts added (those holding the word).
    holding: u64,
}

impl DispersionAcc {
    /// Adds a part of `part_size` tokens where the word occurs `hits` times (`hits > 0`);
    /// `word_total` is the word's `T` over all parts.
    ///
    /// ```
    /// use corpus_lens::dispersion::{dispersion_of, DispersionAcc, Parts};
    /// // Parts of 2, 3 and 5 tokens; the word (T = 3) once in the first and twice in the last.
    /// let parts = Parts::from_sizes([2, 3, 5]);
    /// let mut acc = DispersionAcc::default();
    /// acc.add(2, 5, 3, &parts); // any order
    /// acc.add(1, 2, 3, &parts);
    /// let d = acc.finish(&parts);
    /// assert!((d.dp - dispersion_of(&[(1, 2), (0, 3), (2, 5)]).dp).abs() < 1e-12);
    /// ```
    #[inline]
    pub fn add(&mut self, hits: u64, part_size: u64, word_total: u64, parts: &Parts) {
        let share = part_size as f64 / parts.total as f64;
        self.add_scaled(hits, share, 1.0 / part_size as f64, 1.0 / word_total as f64);
    }

    /// [`DispersionAcc::add`] with the divisions done by the caller, once per part
    /// (`share = W_i / W`, `inv_size = 1 / W_i`) and once per word (`inv_total = 1 / T`):
    /// the replay of a large corpus runs this once per (word, part) pair.
    #[inline]
    pub(crate) fn add_scaled(&mut self, hits: u64, share: f64, inv_size: f64, inv_total: f64) {
        let hits = hits as f64;
        let r = hits * inv_size;
        self.abs_dev += (hits * inv_total - share).abs();
        self.share += share;
        self.rel += r;
        self.rel_sq += r * r;
        self.holding += 1;
    }

    /// Adds another accumulator's parts (for sums computed in pieces).
    ///
    /// ```
    /// use corpus_lens::dispersion::{DispersionAcc, Parts};
    /// let parts = Parts::from_sizes([2, 3, 5]);
    /// let (mut a, mut b, mut both) = Default::default();
    /// DispersionAcc::add(&mut a, 1, 2, 3, &parts);
    /// DispersionAcc::add(&mut b, 2, 5, 3, &parts);
    /// DispersionAcc::add(&mut both, 1, 2, 3, &parts);
    /// DispersionAcc::add(&mut both, 2, 5, 3, &parts);
    /// a.merge(&b);
    /// assert_eq!(a.finish(&parts), both.finish(&parts));
    /// ```
    pub fn merge(&mut self, other: &DispersionAcc) {
        self.abs_dev += other.abs_dev;
        self.share += other.share;
        self.rel += other.rel;
        self.rel_sq += other.rel_sq;
        self.holding += other.holding;
    }

    /// The measures, once every part holding the word was added.
    ///
    /// **DP** (Gries 2008, "Dispersions and adjusted frequencies in corpora", *International
    /// Journal of Corpus Linguistics* 13(4)):
    /// `DP = 1/2 * sum_i |v_i - s_i|`. A part without the word adds `s_i`, so over the parts
    /// that hold it: `DP = 1/2 * (sum_holding |v_i - s_i| + 1 - sum_holding s_i)`.
    ///
    /// **DPnorm** (Lijffijt & Gries 2012, *IJCL* 17(1), correcting Gries 2008):
    /// `DPnorm = DP / (1 - min_i s_i)`.
    ///
    /// **Juilland's D** (Juilland & Chang-Rodriguez 1964), on relative frequencies
    /// `R_i = T_i / W_i` so that unequal parts compare: `D = 1 - CV / sqrt(k - 1)` with
    /// `CV = sd_pop(R) / mean(R)`; parts without the word have `R_i = 0`. Computed from
    /// `sum R_i` and `sum R_i^2`: `var = sum R_i^2 / k - mean^2`. A word in one part has
    /// `CV = sqrt(k - 1)`, so `D = 0` exactly. All three measures are kept within [0, 1],
    /// which rounding could leave by 1e-16.
    ///
    /// ```
    /// use corpus_lens::dispersion::{DispersionAcc, Parts};
    /// let parts = Parts::from_sizes([5, 5]);
    /// let mut acc = DispersionAcc::default();
    /// acc.add(2, 5, 4, &parts);
    /// acc.add(2, 5, 4, &parts);
    /// let d = acc.finish(&parts);
    /// assert!(d.dp.abs() < 1e-12 && (d.juilland_d - 1.0).abs() < 1e-12);
    /// // One part only: DP is 0, the other measures are undefined.
    /// let one = Parts::from_sizes([5]);
    /// let mut acc = DispersionAcc::default();
    /// acc.add(1, 5, 1, &one);
    /// assert!(acc.finish(&one).dp_norm.is_nan());
    /// // In the smallest of three parts only: D is 0 and DPnorm 1, exactly.
    /// let parts = Parts::from_sizes([3, 7, 11]);
    /// let mut acc = DispersionAcc::default();
    /// acc.add(1, 3, 1, &parts);
    /// let d = acc.finish(&parts);
    /// assert_eq!((d.juilland_d, d.dp_norm), (0.0, 1.0));
    /// ```
    pub fn finish(&self, parts: &Parts) -> Dispersion {
        let dp = (0.5 * (self.abs_dev + (1.0 - self.share).max(0.0))).clamp(0.0, 1.0);
        let min_share = parts.min_size as f64 / parts.total as f64;
        // Rounding can push DPnorm a hair above 1 (1.0000000000000002 for a word in the
        // smallest part only).
        let dp_norm = if parts.count > 1 {
            (dp / (1.0 - min_share)).clamp(0.0, 1.0)
        } else {
            f64::NAN
        };
        let k = parts.count as f64;
        let mean = self.rel / k;
        let var = (self.rel_sq / k - mean * mean).max(0.0);
        // A word in one part has CV = sqrt(k - 1) exactly, so D = 0, which the sums give
        // only to within rounding (1e-16 either side); elsewhere rounding can still push D
        // a hair outside [0, 1].
        let juilland_d = if parts.count > 1 && mean > 0.0 && self.holding == 1 {
            0.0
        } else if parts.count > 1 && mean > 0.0 {
            (1.0 - (var.sqrt() / mean) / (k - 1.0).sqrt()).clamp(0.0, 1.0)
        } else {
            f64::NAN
        };
        Dispersion {
            dp,
            dp_norm,
            juilland_d,
        }
    }
}

/// All three measures from a complete list of `(T_i, W_i)` for every part (zeros included),
/// straight from the definitions: the reference the streaming accumulator is tested against.
///
/// ```
/// let d = corpus_lens::dispersion::dispersion_of(&[(1, 2), (0, 3), (2, 5)]);
/// assert!((d.dp - 0.3).abs() < 1e-12);
/// ```
pub fn dispersion_of(parts: &[(u64, u64)]) -> Dispersion {
    let parts: Vec<(u64, u64)> = parts.iter().copied().filter(|&(_, w)| w > 0).collect();
    let t: u64 = parts.iter().map(|p| p.0).sum();
    let w: u64 = parts.iter().map(|p| p.1).sum();
    let k = parts.len() as f64;
    let dp = 0.5
        * parts
            .iter()
            .map(|&(ti, wi)| (ti as f64 / t as f64 - wi as f64 / w as f64).abs())
            .sum::<f64>();
    let min_s = parts.iter().map(|p| p.1).min().unwrap_or(0) as f64 / w as f64;
    let rel: Vec<f64> = parts
        .iter()
        .map(|&(ti, wi)| ti as f64 / wi as f64)
        .collect();
    let mean = rel.iter().sum::<f64>() / k;
    let sd = (rel.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / k).sqrt();
    let multi = parts.len() > 1;
    Dispersion {
        dp,
        dp_norm: if multi { dp / (1.0 - min_s) } else { f64::NAN },
        juilland_d: if multi && mean > 0.0 {
            1.0 - sd / mean / (k - 1.0).sqrt()
        } else {
            f64::NAN
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn streamed(parts_list: &[(u64, u64)]) -> Dispersion {
        let parts = Parts::from_sizes(parts_list.iter().map(|p| p.1));
        let total: u64 = parts_list.iter().map(|p| p.0).sum();
        let mut acc = DispersionAcc::default();
        for &(t, w) in parts_list.iter().filter(|p| p.0 > 0) {
            acc.add(t, w, total, &parts);
        }
        acc.finish(&parts)
    }

    /// Worked by hand: five equal parts; the word occurs 1, 2, 3, 4, 5 times in parts of
    /// 10 tokens each (T = 15, W = 50). v = (1,2,3,4,5)/15, s = 0.2 each.
    /// sum |v - s| = |1/15-3/15| + |2/15-3/15| + 0 + |4/15-3/15| + |5/15-3/15| = 6/15,
    /// DP = 0.2; min s = 0.2, DPnorm = 0.2/0.8 = 0.25.
    /// R = (.1,.2,.3,.4,.5), mean .3, sd_pop = sqrt(.02) = .141421..., CV = .471404...,
    /// D = 1 - .471404/2 = 0.764298...
    #[test]
    fn hand_worked_equal_parts() {
        let d = streamed(&[(1, 10), (2, 10), (3, 10), (4, 10), (5, 10)]);
        assert!((d.dp - 0.2).abs() < 1e-12);
        assert!((d.dp_norm - 0.25).abs() < 1e-12);
        assert!((d.juilland_d - (1.0 - (0.02f64).sqrt() / 0.3 / 2.0)).abs() < 1e-12);
        assert!((d.juilland_d - 0.7642977396044841).abs() < 1e-12);
    }

    /// Unequal parts: sizes 2, 3, 5 (W = 10), hits 1, 0, 2 (T = 3).
    /// |1/3 - .2| + |0 - .3| + |2/3 - .5| = .133333 + .3 + .166667 = .6; DP = .3.
    /// min s = .2: DPnorm = .3/.8 = .375. R = (.5, 0, .4), mean .3,
    /// var = (.25 + 0 + .16)/3 - .09 = .046667, sd = .216025, D = 1 - (.216025/.3)/sqrt(2).
    #[test]
    fn hand_worked_unequal_parts() {
        let d = streamed(&[(1, 2), (0, 3), (2, 5)]);
        assert!((d.dp - 0.3).abs() < 1e-12, "{d:?}");
        assert!((d.dp_norm - 0.375).abs() < 1e-12);
        let want = 1.0 - ((0.41f64 / 3.0 - 0.09).sqrt() / 0.3) / 2f64.sqrt();
        assert!((d.juilland_d - want).abs() < 1e-12);
    }

    #[test]
    fn extremes() {
        // All in one part of four equal parts: DP = 1/2 (|1 - .25| + .75) = .75; DPnorm = 1.
        let d = streamed(&[(4, 5), (0, 5), (0, 5), (0, 5)]);
        assert!((d.dp - 0.75).abs() < 1e-12 && (d.dp_norm - 1.0).abs() < 1e-12);
        assert!((d.juilland_d - 0.0).abs() < 1e-12);
        // Perfectly even: DP = 0, D = 1.
        let d = streamed(&[(2, 5), (2, 5)]);
        assert!(d.dp.abs() < 1e-12 && (d.juilland_d - 1.0).abs() < 1e-12);
        // One part: DP = 0, the normalized measures are undefined.
        let d = streamed(&[(3, 7)]);
        assert!(d.dp.abs() < 1e-12 && d.dp_norm.is_nan() && d.juilland_d.is_nan());
    }

    proptest! {
        #[test]
        fn streaming_equals_definition(parts in prop::collection::vec((0u64..6, 1u64..40), 1..30)) {
            prop_assume!(parts.iter().any(|p| p.0 > 0));
            let parts: Vec<_> = parts.into_iter().map(|(t, w)| (t.min(w), w)).collect();
            let a = streamed(&parts);
            let b = dispersion_of(&parts);
            prop_assert!((a.dp - b.dp).abs() < 1e-9);
            prop_assert!((a.dp_norm - b.dp_norm).abs() < 1e-9 || (a.dp_norm.is_nan() && b.dp_norm.is_nan()));
            prop_assert!((a.juilland_d - b.juilland_d).abs() < 1e-9 || (a.juilland_d.is_nan() && b.juilland_d.is_nan()));
        }

        /// Partial accumulators (one per batch or worker) merge to the same measures in any
        /// grouping and any order: merging is associative and commutative (up to float
        /// rounding, far below the printed precision).
        #[test]
        fn merging_is_associative_and_commutative(
            parts in prop::collection::vec((1u64..6, 1u64..40), 3..30),
            cut in (0.0f64..1.0, 0.0f64..1.0),
        ) {
            let parts: Vec<_> = parts.into_iter().map(|(t, w)| (t.min(w), w)).collect();
            let sizes = Parts::from_sizes(parts.iter().map(|p| p.1));
            let total: u64 = parts.iter().map(|p| p.0).sum();
            let n = parts.len();
            let (i, j) = {
                let (a, b) = ((cut.0 * n as f64) as usize, (cut.1 * n as f64) as usize);
                (a.min(b), a.max(b))
            };
            let acc = |range: std::ops::Range<usize>| {
                let mut acc = DispersionAcc::default();
                for &(t, w) in &parts[range] {
                    acc.add(t, w, total, &sizes);
                }
                acc
            };
            let (a, b, c) = (acc(0..i), acc(i..j), acc(j..n));
            let mut left = a; // (a + b) + c
            left.merge(&b);
            left.merge(&c);
            let mut right = b; // a + (b + c), merged as (b + c) + a
            right.merge(&c);
            let mut right2 = a;
            right2.merge(&right);
            let mut swapped = c; // c + b + a
            swapped.merge(&b);
            swapped.merge(&a);
            let all = acc(0..n).finish(&sizes);
            for other in [left, right2, swapped] {
                let d = other.finish(&sizes);
                prop_assert!((d.dp - all.dp).abs() < 1e-12);
                prop_assert!((d.dp_norm - all.dp_norm).abs() < 1e-12 || (d.dp_norm.is_nan() && all.dp_norm.is_nan()));
                prop_assert!((d.juilland_d - all.juilland_d).abs() < 1e-12 || (d.juilland_d.is_nan() && all.juilland_d.is_nan()));
            }
        }
    }
}
