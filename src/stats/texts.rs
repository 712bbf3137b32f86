//! Text-level tests: do a word's relative frequencies in the target's texts (documents,
//! chapters or paragraphs) differ from those in the reference's texts?
//!
//! Pooled-token keyness ([`crate::stats::keyness`]) treats every token as independent
//! evidence, so one text that repeats a word can make it key. These tests take each text's
//! relative frequency of the word as one observation (Lijffijt, J., Nevalainen, T., Säily, T.,
//! Papageorgiou, P., Puolamäki, K. & Mannila, H. (2016). Significance testing of word
//! frequencies in corpora. *Digital Scholarship in the Humanities* 31(2), 374-397), as
//! #LancsBox's text-level keyness does.
//!
//! | test | formula | source |
//! |---|---|---|
//! | Welch's t ([`welch`]) | `t = (m1 - m2) / sqrt(v1/n1 + v2/n2)`, `v` the sample variances (n - 1), `df = (v1/n1 + v2/n2)^2 / ((v1/n1)^2/(n1-1) + (v2/n2)^2/(n2-1))`, `p = 2 P(T_df >= abs(t))` | Welch, B. L. (1947). The generalization of "Student's" problem when several different population variances are involved. *Biometrika* 34, 28-35; `scipy.stats.ttest_ind(equal_var=False)` |
//! | Cohen's d | `(m1 - m2) / s_p`, `s_p = sqrt(((n1-1) v1 + (n2-1) v2) / (n1 + n2 - 2))` | Cohen, J. (1988). *Statistical Power Analysis for the Behavioral Sciences*, 2nd ed., 2.2 |
//! | Mann-Whitney U ([`mann_whitney`]) | `U1 = R1 - n1 (n1+1)/2`, `R1` the target's rank sum (ties share their mean rank) | Mann, H. B. & Whitney, D. R. (1947). *Annals of Mathematical Statistics* 18(1), 50-60 |
//! | its p-value | as `scipy.stats.mannwhitneyu(method='auto')` (two-sided, continuity correction): exact when there are no ties and a side has at most 8 texts, `p = 2 P(U <= n1 n2 - max(U1, U2))` under the null; otherwise the normal approximation `z = (max(U1, U2) - n1 n2/2 - 0.5) / s`, `s = sqrt(n1 n2 / 12 ((n+1) - sum(t^3 - t) / (n (n-1))))` over the tie groups `t`, `p = 2 P(Z >= z)`; at most 1 | scipy 1.7+; Conover, W. J. (1999). *Practical Nonparametric Statistics*, 3rd ed., 5.1 |
//! | rank-biserial r | `2 U1 / (n1 n2) - 1`, from -1 (every target text below every reference text) to 1 | Kerby, D. S. (2014). The simple difference formula. *Comprehensive Psychology* 3, 11.IT.3.1 |
//!
//! The Student t tail is the regularized incomplete beta function,
//! `P(abs(T_df) >= abs(t)) = I_x(df/2, 1/2)` with `x = df / (df + t^2)` ([`student_t_two_sided`]),
//! evaluated by its continued fraction (Press et al. (2007). *Numerical Recipes*, 3rd ed.,
//! 6.4) with libm's `lgamma`; the normal tail is libm's `erfc`. Both agree with scipy to
//! about 1e-14 (the tests hold scipy's values).

/// Welch's t-test of two samples, with Cohen's d (see the module documentation).
///
/// ```
/// use corpus_lens::stats::texts::welch;
/// let w = welch(&[0.0012, 0.0031, 0.0025], &[0.0008, 0.0011, 0.0009, 0.0015]);
/// // scipy.stats.ttest_ind(x, y, equal_var=False)
/// assert!((w.t - 2.048508789791007).abs() < 1e-12);
/// assert!((w.p_value - 0.1598060887319898).abs() < 1e-12);
/// assert!(w.cohens_d > 1.8);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Welch {
    /// The t statistic, positive when the target's mean is larger; NaN when both samples
    /// have no variance.
    pub t: f64,
    /// Welch-Satterthwaite degrees of freedom.
    pub df: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Cohen's d with the pooled standard deviation; NaN when it is 0.
    pub cohens_d: f64,
}

/// The Mann-Whitney U test of two samples, with the rank-biserial correlation.
///
/// ```
/// use corpus_lens::stats::texts::mann_whitney;
/// let u = mann_whitney(&[0.0012, 0.0031, 0.0025], &[0.0008, 0.0011, 0.0009, 0.0015]);
/// // scipy.stats.mannwhitneyu(x, y): no ties, small samples, so the exact distribution.
/// assert_eq!((u.u, u.exact), (11.0, true));
/// assert!((u.p_value - 0.11428571428571428).abs() < 1e-12);
/// assert!((u.rank_biserial - 5.0 / 6.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MannWhitney {
    /// `U1`, the target's statistic: pairs (target, reference) where the target's value is
    /// larger, ties counting one half.
    pub u: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// `2 U1 / (n1 n2) - 1`.
    pub rank_biserial: f64,
    /// Whether `p_value` is from the exact distribution (else the normal approximation).
    pub exact: bool,
}

/// Mean and sum of squared deviations of `n` values: the `values` and `zeros` more zeros.
/// Two passes, as numpy's `var` computes them.
fn moments(values: &[f64], zeros: u64) -> (f64, f64, f64) {
    let n = (values.len() as u64 + zeros) as f64;
    let mean = values.iter().sum::<f64>() / n;
    let ss =
        values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() + zeros as f64 * mean * mean;
    (n, mean, ss)
}

/// Welch's t-test of the target sample `x` against the reference sample `y`. NaN fields when
/// a side has fewer than two values.
///
/// ```
/// use corpus_lens::stats::texts::welch;
/// let w = welch(&[1.0, 2.0, 3.0], &[1.0, 2.0, 3.0]);
/// assert_eq!((w.t, w.p_value), (0.0, 1.0));
/// assert!(welch(&[1.0], &[1.0, 2.0]).t.is_nan());
/// ```
pub fn welch(x: &[f64], y: &[f64]) -> Welch {
    welch_sparse(x, 0, y, 0)
}

/// [`welch`] of samples given as their non-zero values and a count of zeros.
///
/// ```
/// use corpus_lens::stats::texts::{welch, welch_sparse};
/// let dense = welch(&[0.0, 0.0, 0.5, 1.0], &[0.0, 2.0]);
/// let sparse = welch_sparse(&[0.5, 1.0], 2, &[2.0], 1);
/// assert!((dense.t - sparse.t).abs() < 1e-15 && (dense.df - sparse.df).abs() < 1e-12);
/// ```
pub fn welch_sparse(x: &[f64], x_zeros: u64, y: &[f64], y_zeros: u64) -> Welch {
    let undefined = Welch {
        t: f64::NAN,
        df: f64::NAN,
        p_value: f64::NAN,
        cohens_d: f64::NAN,
    };
    let (n1, m1, ss1) = moments(x, x_zeros);
    let (n2, m2, ss2) = moments(y, y_zeros);
    if n1 < 2.0 || n2 < 2.0 {
        return undefined;
    }
    let (v1, v2) = (ss1 / (n1 - 1.0), ss2 / (n2 - 1.0));
    let (q1, q2) = (v1 / n1, v2 / n2);
    let pooled = ((ss1 + ss2) / (n1 + n2 - 2.0)).sqrt();
    let cohens_d = if pooled > 0.0 {
        (m1 - m2) / pooled
    } else {
        f64::NAN
    };
    let se = (q1 + q2).sqrt();
    if se == 0.0 {
        return Welch {
            cohens_d,
            ..undefined
        };
    }
    let t = (m1 - m2) / se;
    let df = (q1 + q2) * (q1 + q2) / (q1 * q1 / (n1 - 1.0) + q2 * q2 / (n2 - 1.0));
    Welch {
        t,
        df,
        p_value: student_t_two_sided(t, df),
        cohens_d,
    }
}

/// The Mann-Whitney U test of the target sample `x` against the reference sample `y`, two
/// sided, as `scipy.stats.mannwhitneyu(x, y)` (method `auto`, continuity correction). NaN
/// fields when a side is empty.
///
/// ```
/// use corpus_lens::stats::texts::mann_whitney;
/// // Ties (the zeros, the 0.002s): the normal approximation with the tie correction.
/// let u = mann_whitney(&[0.0, 0.002, 0.002, 0.005], &[0.0, 0.0, 0.001, 0.002, 0.003]);
/// assert_eq!((u.u, u.exact), (13.0, false));
/// assert!((u.p_value - 0.5261684777561433).abs() < 1e-12);
/// ```
pub fn mann_whitney(x: &[f64], y: &[f64]) -> MannWhitney {
    mann_whitney_sparse(x, 0, y, 0)
}

/// [`mann_whitney`] of samples given as their positive values and a count of zeros (which
/// rank below every positive value): the cost grows with the positive values only.
///
/// ```
/// use corpus_lens::stats::texts::{mann_whitney, mann_whitney_sparse};
/// let dense = mann_whitney(&[0.0, 0.0, 0.5, 1.0], &[0.0, 2.0, 0.25]);
/// let sparse = mann_whitney_sparse(&[0.5, 1.0], 2, &[2.0, 0.25], 1);
/// assert_eq!(dense, sparse);
/// ```
pub fn mann_whitney_sparse(x: &[f64], x_zeros: u64, y: &[f64], y_zeros: u64) -> MannWhitney {
    let n1 = x.len() as u64 + x_zeros;
    let n2 = y.len() as u64 + y_zeros;
    if n1 == 0 || n2 == 0 {
        return MannWhitney {
            u: f64::NAN,
            p_value: f64::NAN,
            rank_biserial: f64::NAN,
            exact: false,
        };
    }
    let zeros = x_zeros + y_zeros;
    // (value, from the target), sorted by value; the zeros come first, as one tie group.
    let mut values: Vec<(f64, bool)> = x
        .iter()
        .map(|&v| (v, true))
        .chain(y.iter().map(|&v| (v, false)))
        .collect();
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = x_zeros as f64 * (zeros as f64 + 1.0) / 2.0;
    let mut tie_term = (zeros as f64).powi(3) - zeros as f64;
    let mut ties = zeros > 1;
    let mut i = 0;
    while i < values.len() {
        let mut j = i + 1;
        while j < values.len() && values[j].0 == values[i].0 {
            j += 1;
        }
        // Ranks zeros + i + 1 ..= zeros + j share their mean.
        let mean_rank = zeros as f64 + (i + j + 1) as f64 / 2.0;
        let in_target = values[i..j].iter().filter(|v| v.1).count();
        rank_sum += in_target as f64 * mean_rank;
        let t = (j - i) as f64;
        tie_term += t * t * t - t;
        ties |= j - i > 1;
        i = j;
    }
    let (f1, f2) = (n1 as f64, n2 as f64);
    let u1 = rank_sum - f1 * (f1 + 1.0) / 2.0;
    let u2 = f1 * f2 - u1;
    let big = u1.max(u2);
    let exact = !(ties || n1 > 8 && n2 > 8);
    let exact_p = if exact {
        exact_mann_whitney_p(n1, n2, big as u64)
    } else {
        None
    };
    let p = match exact_p {
        Some(p) => p,
        None => {
            let n = f1 + f2;
            let s = (f1 * f2 / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0)))).sqrt();
            let z = (big - f1 * f2 / 2.0 - 0.5) / s;
            // s = 0 (every value tied) gives z = -inf and p = 1, as scipy.
            2.0 * normal_upper_tail(z)
        }
    };
    MannWhitney {
        u: u1,
        p_value: p.clamp(0.0, 1.0),
        rank_biserial: 2.0 * u1 / (f1 * f2) - 1.0,
        exact: exact_p.is_some(),
    }
}

/// `2 P(U <= n1 n2 - big)` under the null, from the counts of arrangements of the Gaussian
/// binomial coefficient `[n1 + n2 choose n1]_q = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i)`
/// (`m = min(n1, n2)`, `n = max`), in 128-bit integers; `None` when they would overflow
/// (more than about 10^38 arrangements, never with a side of at most 8 texts and fewer than
/// about 200,000 on the other), and the caller falls back to the normal approximation.
fn exact_mann_whitney_p(n1: u64, n2: u64, big: u64) -> Option<f64> {
    let (m, n) = (n1.min(n2) as usize, n1.max(n2) as usize);
    let k = (n1 * n2).checked_sub(big)? as usize;
    let mut c = vec![0i128; k + 1];
    c[0] = 1;
    for i in 1..=m {
        let s = n + i;
        for j in (s..=k).rev() {
            c[j] = c[j].checked_sub(c[j - s])?;
        }
        for j in i..=k {
            c[j] = c[j].checked_add(c[j - i])?;
        }
    }
    // The total number of arrangements, C(n1 + n2, m).
    let mut total: i128 = 1;
    for i in 1..=m as i128 {
        total = total.checked_mul(n as i128 + i)? / i;
    }
    let mut below: i128 = 0;
    for v in &c {
        below = below.checked_add(*v)?;
    }
    Some((2.0 * below as f64 / total as f64).min(1.0))
}

/// `P(Z >= z)` for a standard normal `Z`: `erfc(z / sqrt 2) / 2` (libm).
///
/// ```
/// use corpus_lens::stats::texts::normal_upper_tail;
/// assert!((normal_upper_tail(1.959963984540054) - 0.025).abs() < 1e-15);
/// assert_eq!(normal_upper_tail(f64::NEG_INFINITY), 1.0);
/// ```
pub fn normal_upper_tail(z: f64) -> f64 {
    0.5 * libm::erfc(z / std::f64::consts::SQRT_2)
}

/// `P(abs(T) >= abs(t))` for Student's t with `df` degrees of freedom (`df > 0`, not
/// necessarily whole): `I_x(df/2, 1/2)`, `x = df / (df + t^2)`. NaN for a NaN argument or
/// `df <= 0`.
///
/// ```
/// use corpus_lens::stats::texts::student_t_two_sided;
/// // scipy: 2 * stats.t.sf(2.0, 1) and 2 * stats.t.sf(2.5, 40.25)
/// assert!((student_t_two_sided(2.0, 1.0) - 0.2951672353008665).abs() < 1e-14);
/// assert!((student_t_two_sided(-2.5, 40.25) - 0.01659291618909976).abs() < 1e-14);
/// ```
pub fn student_t_two_sided(t: f64, df: f64) -> f64 {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t.is_infinite() {
        return 0.0;
    }
    let x = df / (df + t * t);
    regularized_beta(x, df / 2.0, 0.5)
}

/// The regularized incomplete beta function `I_x(a, b)` (`0 <= x <= 1`, `a, b > 0`), by its
/// continued fraction with the modified Lentz method (Numerical Recipes, 3rd ed., 6.4),
/// using the symmetry `I_x(a, b) = 1 - I_(1-x)(b, a)` where the fraction converges slowly.
fn regularized_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front =
        libm::lgamma(a + b) - libm::lgamma(a) - libm::lgamma(b) + a * x.ln() + b * (-x).ln_1p();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_fraction(1.0 - x, b, a) / b
    }
}

/// Kept off zero in the continued fraction's steps.
const TINY: f64 = 1e-300;

/// One term `aa` of the modified Lentz method: updates `c` and `d` (each kept off zero) and
/// returns the factor of the fraction, `c * d`.
fn lentz_step(aa: f64, c: &mut f64, d: &mut f64) -> f64 {
    *d = 1.0 + aa * *d;
    if d.abs() < TINY {
        *d = TINY;
    }
    *c = 1.0 + aa / *c;
    if c.abs() < TINY {
        *c = TINY;
    }
    *d = 1.0 / *d;
    *d * *c
}

/// The continued fraction of the incomplete beta function.
fn beta_fraction(x: f64, a: f64, b: f64) -> f64 {
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut h = d;
    for m in 1..10_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        h *= lentz_step(aa, &mut c, &mut d);
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        let step = lentz_step(aa, &mut c, &mut d);
        h *= step;
        if (step - 1.0).abs() < 1e-16 {
            break;
        }
    }
    h
}

#[cfg(test)]
mod tests;
