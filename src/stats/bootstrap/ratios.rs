//! Ratio statistics ([`Ratio`]) and their percentile intervals ([`Interval`]).

use rayon::prelude::*;

use crate::error::Result;
use crate::stats::bootstrap::quantiles::interval_of;
use crate::stats::bootstrap::replicates::{Bootstrap, Replicates};
use crate::stats::bootstrap::sparse::{Group, Size, SparseGroups};

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
/// let out = Bootstrap { replicates: 100, seed: 7 }.ratios(&[100.0, 100.0], &[group], 1, &[rate])?;
/// assert_eq!(out[0][0].estimate, 150.0);
/// # Ok::<(), corpus_lens::Error>(())
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

/// The ratios from one group's sums; NaN where a denominator is 0.
pub(crate) fn ratio_values(sums: &[f64], ratios: &[Ratio], total: f64) -> Vec<f64> {
    ratios.iter().map(|r| ratio_at(sums, total, r)).collect()
}

/// Ratio `r` of one group's sums (`total` the paragraphs' size); NaN where its denominator
/// is 0. It runs once per replicate, group and ratio.
#[inline(always)]
pub(crate) fn ratio_at(sums: &[f64], total: f64, r: &Ratio) -> f64 {
    let den = match r.denominator {
        Denominator::Value(j) => sums[j],
        Denominator::Size => total,
    };
    // Divided first and picked after, without a branch: whether a replicate drew the
    // group at all is a coin toss the branch predictor would lose.
    let ratio = sums[r.numerator] / den * r.scale;
    if den == 0.0 {
        f64::NAN
    } else {
        ratio
    }
}

/// An estimate with its bootstrap interval.
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, Denominator, Group, Ratio};
/// let group = Group { paragraphs: vec![0, 1, 2], values: vec![1.0, 2.0, 3.0], ..Default::default() };
/// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 1.0 };
/// let interval = Bootstrap { replicates: 1000, seed: 11 }.ratios(&[4.0; 3], &[group], 1, &[rate])?[0][0];
/// assert_eq!(interval.estimate, 0.5);
/// assert!(interval.low < 0.5 && 0.5 < interval.high);
/// assert_eq!(interval.replicates, 1000); // the size never sums to 0
/// # Ok::<(), corpus_lens::Error>(())
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
    /// let out = boot.ratios(&[10.0; 4], &[group], 2, &[mean, rate])?;
    /// assert!((out[0][0].estimate - (-0.5 / 3.0)).abs() < 1e-12);
    /// assert_eq!(out[0][1].estimate, 750.0);
    /// assert!(out[0][0].low <= out[0][0].estimate && out[0][0].estimate <= out[0][0].high);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn ratios(
        &self,
        sizes: &[f64],
        groups: &[Group],
        width: usize,
        ratios: &[Ratio],
    ) -> Result<Vec<Vec<Interval>>> {
        super::replicates::check_groups(groups, width)?;
        self.ratios_sparse(sizes, &SparseGroups::from_groups(groups, width), ratios)
    }

    /// [`Bootstrap::ratios`] of groups in their compact form.
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Denominator, Group, Ratio, SparseGroups};
    /// let group = Group { paragraphs: vec![0, 2], values: vec![2.0, -1.0, 1.0, 0.5], ..Default::default() };
    /// let mean = Ratio { numerator: 1, denominator: Denominator::Value(0), scale: 1.0 };
    /// let boot = Bootstrap { replicates: 300, seed: 1 };
    /// let dense = boot.ratios(&[10.0; 4], &[group.clone()], 2, &[mean])?;
    /// let sparse = boot.ratios_sparse(&[10.0; 4], &SparseGroups::from_groups(&[group], 2), &[mean])?;
    /// assert_eq!(dense, sparse);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn ratios_sparse(
        &self,
        sizes: &[f64],
        groups: &SparseGroups,
        ratios: &[Ratio],
    ) -> Result<Vec<Vec<Interval>>> {
        self.check_input(sizes.len(), groups)?;
        // A ratio reads its numerator and a value denominator from every group.
        let width = groups.width();
        let past = |r: &Ratio| match r.denominator {
            Denominator::Value(j) => r.numerator.max(j) >= width,
            Denominator::Size => r.numerator >= width,
        };
        if let Some(r) = ratios.iter().find(|r| groups.groups() > 0 && past(r)) {
            return Err(crate::error::Error::Usage(format!(
                "bootstrap ratio {r:?}: the groups have {width} values"
            )));
        }
        Ok(self.ratios_sized(sizes, groups, ratios))
    }

    /// [`Bootstrap::ratios_sparse`] with the sizes as the caller holds them (a document's
    /// token counts need no `f64` copy).
    pub(crate) fn ratios_sized<Z: Size>(
        &self,
        sizes: &[Z],
        groups: &SparseGroups,
        ratios: &[Ratio],
    ) -> Vec<Vec<Interval>> {
        let total: f64 = sizes.iter().map(|&s| s.into()).sum();
        intervals(&self.sums_sized(sizes, groups), groups, total, ratios)
    }
}

/// Each group's ratios with their percentile intervals (see [`Bootstrap::ratios`]), from
/// the replicates' sums of these groups, whose paragraphs total `total` in size.
pub(crate) fn intervals(
    reps: &Replicates,
    groups: &SparseGroups,
    total: f64,
    ratios: &[Ratio],
) -> Vec<Vec<Interval>> {
    intervals_where(reps, groups, total, ratios, &|_, _| true)
}

/// [`intervals`] of the ratios `wanted(group, ratio)` accepts only; the others keep their
/// estimate, with no interval (NaN) and 0 replicates. A group with no wanted ratio is not
/// gone through at all, so a caller that reports no interval below a minimum of evidence
/// pays nothing for those groups.
pub(crate) fn intervals_where(
    reps: &Replicates,
    groups: &SparseGroups,
    total: f64,
    ratios: &[Ratio],
    wanted: &(dyn Fn(usize, usize) -> bool + Sync),
) -> Vec<Vec<Interval>> {
    let estimates: Vec<Vec<f64>> = (0..groups.groups())
        .map(|g| ratio_values(groups.sums(g), ratios, total))
        .collect();
    let k = ratios.len();
    let none = |estimate: f64| Interval {
        estimate,
        low: f64::NAN,
        high: f64::NAN,
        replicates: 0,
    };
    // Group by group, ratio by ratio: the replicates' values of one wanted ratio, then its
    // quantiles. A ratio below the minimum evidence is never computed.
    (0..groups.groups())
        .into_par_iter()
        .map_init(Vec::new, |column: &mut Vec<f64>, g| {
            (0..k)
                .zip(&estimates[g])
                .map(|(j, &estimate)| {
                    if !wanted(g, j) {
                        return none(estimate);
                    }
                    replicate_values(reps, g, &ratios[j], column);
                    let (low, high) = interval_of(column, 0.025, 0.975);
                    Interval {
                        estimate,
                        low,
                        high,
                        replicates: column.len(),
                    }
                })
                .collect()
        })
        .collect()
}

/// Ratio `ratio` of group `g` in every replicate where it is defined, in replicate order,
/// into `out`: as [`ratio_at`] gives it, the values that are not finite left out.
pub(super) fn replicate_values(reps: &Replicates, g: usize, ratio: &Ratio, out: &mut Vec<f64>) {
    out.clear();
    out.resize(reps.replicates, 0.0);
    let (mut len, mut b) = (0, 0);
    for run in reps.runs_of(g) {
        for sums in run.chunks_exact(reps.width) {
            let x = ratio_at(sums, reps.totals[b], ratio);
            // Written either way, kept when finite, without a branch: whether a replicate
            // drew a rare group at all is a coin toss, which the branch predictor loses.
            out[len] = x;
            len += x.is_finite() as usize;
            b += 1;
        }
    }
    out.truncate(len);
}
