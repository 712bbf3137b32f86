//! Linearized (delta-method) intervals of the ratio statistics, the cluster bootstrap's own
//! large-sample limit, for the measures of large documents ([`linearized`]).

use crate::stats::bootstrap::ratios::{Denominator, Interval, Ratio};
use crate::stats::bootstrap::sparse::{Size, SparseGroups};

/// `z` of the 97.5% quantile of the standard normal (`Φ⁻¹(0.975)`), for 95% intervals.
pub const Z_975: f64 = 1.959_963_984_540_054;

/// A ratio's linearized interval and its support.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Linear {
    /// The estimate and `estimate ∓ Z_975 · se` (`replicates` 0: none was drawn).
    pub(crate) interval: Interval,
    /// The paragraphs in which the numerator is not 0, or the denominator, whichever are
    /// fewer: how many clusters carry the statistic.
    pub(crate) support: u64,
}

/// Linearized 95% intervals of every ratio of every group (`[group][ratio]`), for
/// paragraphs of these sizes: for `R = Σ_i y_i / Σ_i x_i` over the `n` paragraphs (`x_i`
/// the denominator's value or size in paragraph `i`), the variance of the ratio in a
/// bootstrap replicate (`n` paragraphs drawn with replacement) is to first order
/// `Var(R*) ≈ Σ_i d_i² / X²`, `d_i = y_i − R x_i`, `X = Σ_i x_i` (the delta method applied
/// to the resampled sums, whose residuals `d_i` sum to 0; Davison & Hinkley 1997, sect.
/// 2.7.2 and 3.8, the linear approximation to the bootstrap). The interval is
/// `R ± Φ⁻¹(0.975) · sqrt(Σ d_i²) / |X|`, times the ratio's scale. NaN where the
/// denominator sums to 0.
pub(crate) fn linearized<Z: Size>(
    sizes: &[Z],
    groups: &SparseGroups,
    ratios: &[Ratio],
) -> Vec<Vec<Linear>> {
    let (n_groups, width) = (groups.groups(), groups.width());
    let total: f64 = sizes.iter().map(|&s| s.into()).sum();
    let squares: f64 = sizes.iter().map(|&s| s.into() * s.into()).sum();
    let sized = sizes.iter().filter(|&&s| s.into() != 0.0).count() as u64;
    // Each ratio's estimate without its scale, per group.
    let unscaled: Vec<f64> = (0..n_groups)
        .flat_map(|g| {
            let sums = groups.sums(g);
            ratios.iter().map(move |r| {
                let den = match r.denominator {
                    Denominator::Value(j) => sums[j],
                    Denominator::Size => total,
                };
                sums[r.numerator] / den
            })
        })
        .collect();
    let k = ratios.len();
    let mut squared = vec![0.0; n_groups * k];
    let mut nonzero = vec![0u64; n_groups * width];
    let mut row = vec![0.0; n_groups * width];
    let mut touched = vec![false; n_groups];
    let mut list: Vec<usize> = Vec::new();
    groups.for_each_paragraph(|p, entries| {
        list.clear();
        for &(slot, v) in entries {
            let g = slot as usize / width;
            row[slot as usize] = v;
            if !touched[g] {
                touched[g] = true;
                list.push(g);
            }
        }
        // A group of parts holds their values added (parts come before it).
        for g in 0..n_groups {
            let parts = groups.parts(g);
            if parts.is_empty() || !parts.iter().any(|&q| touched[q]) {
                continue;
            }
            for &q in parts {
                for j in 0..width {
                    row[g * width + j] += row[q * width + j];
                }
            }
            touched[g] = true;
            list.push(g);
        }
        let size: f64 = sizes[p as usize].into();
        for &g in &list {
            let values = &row[g * width..(g + 1) * width];
            for (count, &v) in nonzero[g * width..].iter_mut().zip(values) {
                *count += (v != 0.0) as u64;
            }
            for (r, ratio) in ratios.iter().enumerate() {
                let at = g * k + r;
                let y = values[ratio.numerator];
                let d = match ratio.denominator {
                    Denominator::Value(j) => y - unscaled[at] * values[j],
                    // The paragraphs without a value add (R x)² each: counted over all
                    // paragraphs below, so here the difference.
                    Denominator::Size => {
                        let rx = unscaled[at] * size;
                        squared[at] -= rx * rx;
                        y - rx
                    }
                };
                squared[at] += d * d;
            }
        }
        for &g in &list {
            touched[g] = false;
            row[g * width..(g + 1) * width].fill(0.0);
        }
    });
    (0..n_groups)
        .map(|g| {
            let sums = groups.sums(g);
            ratios
                .iter()
                .enumerate()
                .map(|(r, ratio)| {
                    let at = g * k + r;
                    let (den, den_support, mut ss) = match ratio.denominator {
                        Denominator::Value(j) => (sums[j], nonzero[g * width + j], squared[at]),
                        Denominator::Size => {
                            let rr = unscaled[at];
                            (total, sized, squared[at] + rr * rr * squares)
                        }
                    };
                    ss = ss.max(0.0);
                    let estimate = if den == 0.0 {
                        f64::NAN
                    } else {
                        unscaled[at] * ratio.scale
                    };
                    let half = Z_975 * ss.sqrt() / den.abs() * ratio.scale.abs();
                    Linear {
                        interval: Interval {
                            estimate,
                            low: estimate - half,
                            high: estimate + half,
                            replicates: 0,
                        },
                        support: nonzero[g * width + ratio.numerator].min(den_support),
                    }
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::bootstrap::Group;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn a_rate_and_a_mean_by_hand() {
        // Four paragraphs of 10 tokens; the group has [mentions, valence] [2, -1] in
        // paragraph 0 and [1, 0.5] in paragraph 2.
        let group = Group {
            paragraphs: vec![0, 2],
            values: vec![2.0, -1.0, 1.0, 0.5],
            ..Default::default()
        };
        // The same values as the union of one part.
        let all = Group {
            parts: vec![0],
            ..group.clone()
        };
        let groups = SparseGroups::from_groups(&[group, all], 2);
        let rate = Ratio {
            numerator: 0,
            denominator: Denominator::Size,
            scale: 10_000.0,
        };
        let mean = Ratio {
            numerator: 1,
            denominator: Denominator::Value(0),
            scale: 1.0,
        };
        let out = linearized(&[10u32; 4], &groups, &[rate, mean]);
        for g in &out {
            // Rate R = 3 / 40; d = 2 - 0.75, -0.75, 1 - 0.75, -0.75: sum of squares 2.75.
            let r = g[0].interval;
            let half = Z_975 * 2.75f64.sqrt() / 40.0 * 10_000.0;
            assert!(
                close(r.estimate, 750.0) && close(r.high - r.estimate, half),
                "{r:?}"
            );
            assert!(close(r.estimate - r.low, half) && r.replicates == 0);
            // Support: the numerator in 2 paragraphs, the size in all 4.
            assert_eq!(g[0].support, 2);
            // Mean R = -0.5 / 3; d = -1 + 2/6, 0.5 + 1/6: sum of squares 8/9.
            let m = g[1].interval;
            assert!(close(m.estimate, -0.5 / 3.0), "{m:?}");
            assert!(close(
                m.high - m.estimate,
                Z_975 * (8.0f64 / 9.0).sqrt() / 3.0
            ));
            assert_eq!(g[1].support, 2);
        }
    }

    #[test]
    fn an_undefined_ratio_has_no_interval() {
        let group = Group {
            paragraphs: vec![1],
            values: vec![0.0, 0.5],
            ..Default::default()
        };
        let groups = SparseGroups::from_groups(&[group], 2);
        let mean = Ratio {
            numerator: 1,
            denominator: Denominator::Value(0),
            scale: 1.0,
        };
        let out = linearized(&[5u32; 3], &groups, &[mean]);
        let i = out[0][0].interval;
        assert!(i.estimate.is_nan() && i.low.is_nan() && i.high.is_nan());
        assert_eq!(out[0][0].support, 0);
    }

    #[test]
    fn keeping_some_slots_keeps_their_replicate_sums() {
        use crate::stats::bootstrap::Bootstrap;
        let a = Group {
            paragraphs: vec![0, 3, 4],
            values: vec![1.0, 0.5, 2.0, -1.0, 1.0, 0.0],
            ..Default::default()
        };
        let b = Group {
            paragraphs: vec![1, 4],
            values: vec![1.0, 0.25, 3.0, 0.0],
            ..Default::default()
        };
        let groups = SparseGroups::from_groups(&[a, b], 2);
        // Group 0's first value only: paragraphs 1 and 4 of group 1 are no longer valued.
        let kept = groups.keeping(&[true, false, false, false]);
        assert_eq!((kept.sums(1), kept.paragraphs(1)), (groups.sums(1), 2));
        let sizes = [3.0, 4.0, 5.0, 6.0, 7.0];
        let boot = Bootstrap {
            replicates: 2000,
            seed: 9,
        };
        // Every slot kept: the same groups, so the same replicates.
        assert_eq!(groups.keeping(&[true; 4]), groups);
        // Slot 0 alone: other draws, the same law. Its values by paragraph are 1, 0, 0, 2,
        // 1: a replicate's sum of 5 draws has mean 4 and variance 5 * 0.56 = 2.8.
        let part = boot.sums_sparse(&sizes, &kept).unwrap();
        let mean = (0..2000).map(|b| part.group(b, 0)[0]).sum::<f64>() / 2000.0;
        assert!(
            (mean - 4.0).abs() < 4.0 * (2.8f64 / 2000.0).sqrt(),
            "{mean}"
        );
        for b in 0..2000 {
            assert_eq!(part.group(b, 1), [0.0, 0.0]);
            // The sizes are still drawn for all 5 paragraphs.
            assert!(part.totals[b] >= 15.0 && part.totals[b] <= 35.0);
        }
    }
}
