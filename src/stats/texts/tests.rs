//! The text-level tests against scipy 1.17. The values were printed by:
//!
//! ```text
//! import numpy as np
//! from scipy import stats
//! for x, y in CASES:  # the samples below
//!     t = stats.ttest_ind(x, y, equal_var=False)
//!     u = stats.mannwhitneyu(x, y, alternative="two-sided", method="auto")
//!     n1, n2 = len(x), len(y)
//!     sp = np.sqrt(((n1 - 1) * np.var(x, ddof=1) + (n2 - 1) * np.var(y, ddof=1)) / (n1 + n2 - 2))
//!     print(t.statistic, t.df, t.pvalue, (np.mean(x) - np.mean(y)) / sp,
//!           u.statistic, u.pvalue, 2 * u.statistic / (n1 * n2) - 1)
//! for df, t in [(1, 2.0), (3.5, -1.2), (40.25, 2.5), (1000.0, 3.0), (2.0, 0.0)]:
//!     print(2 * stats.t.sf(abs(t), df))
//! ```

use super::*;

struct Case {
    x: &'static [f64],
    y: &'static [f64],
    /// t, df, p, Cohen's d, U1, p, rank-biserial.
    want: [f64; 7],
    exact: bool,
}

const CASES: &[Case] = &[
    // No ties, small: the exact distribution.
    Case {
        x: &[0.0012, 0.0031, 0.0025],
        y: &[0.0008, 0.0011, 0.0009, 0.0015],
        want: [
            2.048508789791007,
            2.3074506268397634,
            0.1598060887319898,
            1.8071465670236897,
            11.0,
            0.11428571428571428,
            0.8333333333333333,
        ],
        exact: true,
    },
    // Ties: the normal approximation with tie and continuity corrections.
    Case {
        x: &[0.0, 0.002, 0.002, 0.005],
        y: &[0.0, 0.0, 0.001, 0.002, 0.003],
        want: [
            0.8866206949335731,
            4.85438335809807,
            0.4170382428339596,
            0.628296930796325,
            13.0,
            0.5261684777561433,
            0.30000000000000004,
        ],
        exact: false,
    },
    // Both sides above 8: the normal approximation although there are no ties.
    Case {
        x: &[0.11, 0.52, 0.33, 0.94, 0.25, 0.66, 0.77, 0.18, 0.49, 0.101],
        y: &[
            0.05, 0.15, 0.26, 0.35, 0.45, 0.551, 0.65, 0.75, 0.851, 0.95, 0.02, 0.03,
        ],
        want: [
            0.10035030126669339,
            19.925872043468253,
            0.9210690524961634,
            0.042438804049649545,
            63.0,
            0.8690658904880387,
            0.050000000000000044,
        ],
        exact: false,
    },
    // One side of 2 against 10, no ties: exact.
    Case {
        x: &[5.0, 1.0],
        y: &[2.0, 3.0, 4.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0],
        want: [
            -1.8465627025457296,
            1.6568706098730168,
            0.23153494067828984,
            -1.2461207411035462,
            3.0,
            0.18181818181818182,
            -0.7,
        ],
        exact: true,
    },
];

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-12 * want.abs().max(1.0)
}

#[test]
fn matches_scipy() {
    for (k, case) in CASES.iter().enumerate() {
        let w = welch(case.x, case.y);
        let u = mann_whitney(case.x, case.y);
        let got = [
            w.t,
            w.df,
            w.p_value,
            w.cohens_d,
            u.u,
            u.p_value,
            u.rank_biserial,
        ];
        for (i, (g, want)) in got.iter().zip(case.want).enumerate() {
            assert!(
                close(*g, want),
                "case {k}, value {i}: {g} against scipy's {want}"
            );
        }
        assert_eq!(u.exact, case.exact, "case {k}");
    }
}

#[test]
fn student_t_matches_scipy() {
    let cases = [
        (2.0, 1.0, 0.2951672353008665),
        (-1.2, 3.5, 0.3050144853778645),
        (2.5, 40.25, 0.01659291618909976),
        (3.0, 1000.0, 0.0027667090442381925),
        (0.0, 2.0, 1.0),
    ];
    for (t, df, want) in cases {
        let got = student_t_two_sided(t, df);
        assert!(close(got, want), "t {t}, df {df}: {got} against {want}");
    }
}

#[test]
fn sparse_forms_equal_dense() {
    let x = [0.0, 0.0, 0.0, 0.25, 0.5, 0.5];
    let y = [0.0, 0.125, 0.5, 0.0, 1.0];
    let nz = |v: &[f64]| v.iter().copied().filter(|&v| v != 0.0).collect::<Vec<_>>();
    let zeros = |v: &[f64]| v.iter().filter(|&&v| v == 0.0).count() as u64;
    let dense = mann_whitney(&x, &y);
    let sparse = mann_whitney_sparse(&nz(&x), zeros(&x), &nz(&y), zeros(&y));
    assert_eq!(dense, sparse);
    let (a, b) = (
        welch(&x, &y),
        welch_sparse(&nz(&x), zeros(&x), &nz(&y), zeros(&y)),
    );
    assert!(close(a.t, b.t) && close(a.df, b.df) && close(a.p_value, b.p_value));
}

#[test]
fn exact_distribution_by_enumeration() {
    // Every split of 1..=7 into 3 and 4: P(U <= k) counted by hand against the formula.
    let values: Vec<f64> = (1..=7).map(|v| v as f64).collect();
    let mut us = Vec::new();
    for mask in 0u32..128 {
        if mask.count_ones() != 3 {
            continue;
        }
        let x: Vec<f64> = (0..7)
            .filter(|i| mask >> i & 1 == 1)
            .map(|i| values[i])
            .collect();
        let y: Vec<f64> = (0..7)
            .filter(|i| mask >> i & 1 == 0)
            .map(|i| values[i])
            .collect();
        us.push(mann_whitney(&x, &y));
    }
    assert_eq!(us.len(), 35);
    for u in &us {
        let big = u.u.max(12.0 - u.u);
        let below = us.iter().filter(|v| v.u <= 12.0 - big).count() as f64;
        assert!(u.exact);
        assert!(close(u.p_value, (2.0 * below / 35.0).min(1.0)));
    }
}

#[test]
fn degenerate_samples() {
    assert!(welch(&[1.0], &[1.0, 2.0]).p_value.is_nan());
    // No variance on either side: t undefined.
    assert!(welch(&[1.0, 1.0], &[2.0, 2.0]).t.is_nan());
    // Every value tied: p = 1, as scipy.
    let u = mann_whitney(&[0.0, 0.0], &[0.0, 0.0, 0.0]);
    assert_eq!((u.u, u.p_value, u.rank_biserial), (3.0, 1.0, 0.0));
    assert!(mann_whitney(&[], &[1.0]).p_value.is_nan());
}
