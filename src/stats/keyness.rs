//! Keyness statistics: is a word used more (or less) in a target corpus than in a reference
//! corpus?
//!
//! Every function takes the word's frequency in the target (`a`) and the reference (`b`) and
//! the two corpora's sizes in tokens (`c`, `d`), the notation of Rayson & Garside (2000).
//! Frequencies normalized per million tokens are `nf1 = a / c * 10^6`, `nf2 = b / d * 10^6`.
//!
//! | measure | formula | source |
//! |---|---|---|
//! | log-likelihood | `E1 = c (a + b) / (c + d)`, `E2 = d (a + b) / (c + d)`, `LL = 2 (a ln(a/E1) + b ln(b/E2))`, `0 ln 0 = 0` | Rayson & Garside 2000 |
//! | log ratio | `log2((a / c) / (b / d))`; with a zero frequency, `log2((a / c + δ) / (b / d + δ))`, `δ = 0.5 / max(c, d)` | Hardie 2014; the zero rule below |
//! | its 95% interval | `log_ratio ± z SE / ln 2`, `SE = sqrt(1/a + 1/b - 1/c - 1/d)` (counts `a + δc`, `b + δd` with a zero), `z = 1.959964` | Katz et al. 1978, as CQPweb (Hardie 2014) |
//! | conservative log ratio | the interval's end nearest 0, or 0 when it spans 0 | CQPweb |
//! | %DIFF | `100 (nf1 - nf2) / nf2`; undefined when `b = 0` | Gabrielatos & Marchi 2012 |
//! | chi-square | Pearson's, on the 2 x 2 table `[[a, b], [c - a, d - b]]`, no continuity correction | |
//! | BIC | `LL - ln(c + d)` (one degree of freedom) | Wilson 2013 |
//! | simple maths | `(nf1 + 1) / (nf2 + 1)` | Kilgarriff 2009 |
//! | p-value | `P(X >= LL)` for `X ~ chi-square(1)`: `erfc(sqrt(LL / 2))` | |
//!
//! The log-likelihood is the two-cell form used by WordSmith, AntConc and the UCREL log-
//! likelihood wizard; the four-cell G² of the 2 x 2 table (as in collocation statistics,
//! Evert 2008) gives different values and is not used here. BIC above 2 is positive
//! evidence of a difference, above 6 strong, above 10 very strong (Wilson 2013).
//!
//! **A zero frequency.** Hardie puts 0.5 in place of a zero frequency. When the zero is in the
//! smaller corpus, 0.5 can exceed the count its size leads one to expect, and the log ratio
//! then says "more frequent" of a word that is absent: 0 against 5 in a reference 46 times
//! larger gave +2.1. Here the 0.5 is scaled to the larger corpus and added to *both* relative
//! frequencies (`δ = 0.5 / max(c, d)`): adding one constant to two rates keeps their order, so
//! the log ratio's sign always agrees with the rates' (`direction` in `keyness.csv`); with the
//! zero in the larger corpus it is Hardie's value to within `δ` in the other rate. Without a
//! zero, nothing is added.
//!
//! Testing every word of a vocabulary at once needs a correction for multiple tests:
//! [`adjust`] gives Benjamini & Hochberg's (1995) false-discovery-rate adjusted p-values (the
//! default) or Bonferroni's.

/// All keyness statistics of one word.
///
/// ```
/// // "kerensky": 30 times in a 10,000-token target, 10 times in a 40,000-token reference.
/// let k = corpus_lens::keyness::keyness(30, 10, 10_000, 40_000);
/// assert!((k.log_ratio - 12f64.log2()).abs() < 1e-12); // used 12 times as often
/// assert!(k.log_likelihood > 15.13 && k.p_value < 0.0001);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Keyness {
    /// Rayson & Garside's log-likelihood (see [`log_likelihood`]).
    pub log_likelihood: f64,
    /// Hardie's log ratio (see [`log_ratio`]).
    pub log_ratio: f64,
    /// The lower end of the log ratio's 95% confidence interval (see [`log_ratio_interval`]).
    pub log_ratio_ci_low: f64,
    /// The upper end of that interval. (The conservative log ratio depends on how many words
    /// are tested together: [`conservative_log_ratio`] of the interval at the corrected level.)
    pub log_ratio_ci_high: f64,
    /// %DIFF (see [`percent_diff`]); NaN when `b = 0`.
    pub percent_diff: f64,
    /// Pearson's chi-square (see [`chi2`]).
    pub chi2: f64,
    /// BIC (see [`bic`]).
    pub bic: f64,
    /// p-value of the log-likelihood (see [`p_value`]).
    pub p_value: f64,
    /// Kilgarriff's simple maths score (see [`simple_maths`]).
    pub simple_maths: f64,
}

/// Every statistic for frequencies `a` (target) and `b` (reference) in corpora of `c` and
/// `d` tokens.
///
/// ```
/// let k = corpus_lens::keyness::keyness(20, 5, 1000, 2000);
/// assert_eq!(k.log_ratio, 3.0); // (20/1000) / (5/2000) = 8
/// assert_eq!(k.percent_diff, 700.0);
/// assert!((k.log_likelihood - 22.979021450896).abs() < 1e-9);
/// ```
pub fn keyness(a: u64, b: u64, c: u64, d: u64) -> Keyness {
    let ll = log_likelihood(a, b, c, d);
    let (low, high) = log_ratio_interval(a, b, c, d, Z_95);
    Keyness {
        log_likelihood: ll,
        log_ratio: log_ratio(a, b, c, d),
        log_ratio_ci_low: low,
        log_ratio_ci_high: high,
        percent_diff: percent_diff(a, b, c, d),
        chi2: chi2(a, b, c, d),
        bic: bic(ll, c + d),
        p_value: p_value(ll),
        simple_maths: simple_maths(a, b, c, d),
    }
}

/// `x ln(x / e)`, with `0 ln 0 = 0`.
fn x_ln(x: f64, e: f64) -> f64 {
    if x == 0.0 {
        0.0
    } else {
        x * (x / e).ln()
    }
}

/// Log-likelihood (Rayson & Garside 2000): `E1 = c (a + b) / (c + d)`,
/// `E2 = d (a + b) / (c + d)`, `LL = 2 (a ln(a / E1) + b ln(b / E2))` with `0 ln 0 = 0`.
/// NaN when a corpus is empty or the word occurs in neither.
///
/// ```
/// use corpus_lens::keyness::log_likelihood;
/// // E1 = 1000 * 25 / 3000, E2 = 2000 * 25 / 3000
/// let by_hand = 2.0 * (20.0 * (20.0f64 / (25.0 / 3.0)).ln() + 5.0 * (5.0f64 / (50.0 / 3.0)).ln());
/// assert!((log_likelihood(20, 5, 1000, 2000) - by_hand).abs() < 1e-12);
/// assert_eq!(log_likelihood(10, 20, 1000, 2000), 0.0); // the same rate in both
/// ```
pub fn log_likelihood(a: u64, b: u64, c: u64, d: u64) -> f64 {
    if c == 0 || d == 0 || a + b == 0 {
        return f64::NAN;
    }
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    // Rounding can leave -1e-15 for equal rates; the statistic is non-negative.
    (2.0 * (x_ln(a, e1) + x_ln(b, e2))).max(0.0)
}

/// Log ratio (Hardie 2014): `log2((a / c) / (b / d))`, the binary log of the ratio of
/// relative frequencies; each point is a doubling. With a zero frequency, `δ = 0.5 / max(c, d)`
/// is added to both relative frequencies (see the module docs), so a word absent from one
/// side still gets a finite value whose sign agrees with the rates'. NaN when a corpus is
/// empty or the word occurs in neither.
///
/// ```
/// use corpus_lens::keyness::log_ratio;
/// assert_eq!(log_ratio(20, 5, 1000, 2000), 3.0);
/// // Absent from the target: negative, however small the target.
/// let delta = 0.5 / 46_000.0f64;
/// assert_eq!(log_ratio(0, 5, 1000, 46_000), (delta / (5.0 / 46_000.0 + delta)).log2());
/// assert!(log_ratio(0, 5, 1000, 46_000) < 0.0);
/// // Absent from the larger reference: about Hardie's 0.5.
/// assert!((log_ratio(12, 0, 5000, 20000) - (12.0f64 / 5000.0 / (0.5 / 20000.0)).log2()).abs() < 0.02);
/// ```
pub fn log_ratio(a: u64, b: u64, c: u64, d: u64) -> f64 {
    if c == 0 || d == 0 || a + b == 0 {
        return f64::NAN;
    }
    // Equal rates are exactly 0, whatever rounding the division would leave.
    if a as u128 * d as u128 == b as u128 * c as u128 {
        return 0.0;
    }
    let delta = zero_delta(a, b, c, d);
    ((a as f64 / c as f64 + delta) / (b as f64 / d as f64 + delta)).log2()
}

/// `z` of a two-sided 95% normal interval.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// What is added to both relative frequencies when one frequency is zero: `0.5 / max(c, d)`;
/// 0 otherwise.
fn zero_delta(a: u64, b: u64, c: u64, d: u64) -> f64 {
    if a == 0 || b == 0 {
        0.5 / c.max(d) as f64
    } else {
        0.0
    }
}

/// The confidence interval of the log ratio, `log_ratio ± z SE / ln 2` with
/// `SE = sqrt(1/a + 1/b - 1/c - 1/d)`, the standard error of the log of a ratio of two
/// proportions (Katz et al. 1978), as CQPweb computes Hardie's interval; with a zero
/// frequency the counts are `a + δc` and `b + δd` (`δ` as in [`log_ratio`]). `z = Z_95` gives
/// the 95% interval. `(NaN, NaN)` where the log ratio is NaN.
///
/// ```
/// use corpus_lens::keyness::{log_ratio_interval, Z_95};
/// let (low, high) = log_ratio_interval(20, 5, 1000, 2000, Z_95);
/// let se = (1.0 / 20.0 + 1.0 / 5.0 - 1.0 / 1000.0 - 1.0 / 2000.0f64).sqrt();
/// assert!((low - (3.0 - Z_95 * se / 2f64.ln())).abs() < 1e-12);
/// assert!((high - (3.0 + Z_95 * se / 2f64.ln())).abs() < 1e-12);
/// ```
pub fn log_ratio_interval(a: u64, b: u64, c: u64, d: u64, z: f64) -> (f64, f64) {
    let lr = log_ratio(a, b, c, d);
    if lr.is_nan() {
        return (f64::NAN, f64::NAN);
    }
    let delta = zero_delta(a, b, c, d);
    let (c, d) = (c as f64, d as f64);
    let (a, b) = (a as f64 + delta * c, b as f64 + delta * d);
    // A count equal to its corpus leaves a small negative radicand from rounding.
    let se = (1.0 / a + 1.0 / b - 1.0 / c - 1.0 / d).max(0.0).sqrt();
    let half = z * se / std::f64::consts::LN_2;
    (lr - half, lr + half)
}

/// `z` with `P(Z > z) = p` for a standard normal `Z` (`0 < p < 1`): Acklam's rational
/// approximation, refined by one Newton step on `erfc` (libm), to about 1e-15. Used for the
/// interval behind the conservative log ratio at a corrected level.
///
/// ```
/// use corpus_lens::keyness::{normal_upper_quantile, Z_95};
/// assert!((normal_upper_quantile(0.025) - Z_95).abs() < 1e-12);
/// assert!((normal_upper_quantile(0.5)).abs() < 1e-12);
/// ```
pub fn normal_upper_quantile(p: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) {
        return f64::NAN;
    }
    // Acklam's approximation of the lower-tail quantile of q = 1 - p, by its symmetric form.
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.383_577_518_672_69e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    let tail = |p: f64| {
        // z for a small upper-tail probability p (p <= 0.5).
        if p < 0.02425 {
            let q = (-2.0 * p.ln()).sqrt();
            -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
        } else {
            let q = 0.5 - p;
            let r = q * q;
            (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
        }
    };
    let mut z = if p <= 0.5 { tail(p) } else { -tail(1.0 - p) };
    // One Newton step on P(Z > z) = erfc(z / sqrt 2) / 2.
    let f = 0.5 * libm::erfc(z / std::f64::consts::SQRT_2) - p;
    let density = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
    z += f / density;
    z
}

/// The conservative log ratio (CQPweb): the end of the interval nearest 0, or 0 when the
/// interval spans 0 (no difference shown at that confidence). NaN where the interval is.
///
/// ```
/// use corpus_lens::keyness::conservative_log_ratio;
/// assert_eq!(conservative_log_ratio(1.2, 4.8), 1.2);
/// assert_eq!(conservative_log_ratio(-3.0, -0.5), -0.5);
/// assert_eq!(conservative_log_ratio(-0.4, 2.0), 0.0);
/// ```
pub fn conservative_log_ratio(low: f64, high: f64) -> f64 {
    if low.is_nan() || high.is_nan() {
        f64::NAN
    } else if low > 0.0 {
        low
    } else if high < 0.0 {
        high
    } else {
        0.0
    }
}

/// %DIFF (Gabrielatos & Marchi 2012): `100 (nf1 - nf2) / nf2` with `nf1 = a / c * 10^6` and
/// `nf2 = b / d * 10^6`. NaN (an empty cell) when `b = 0`: the authors' substitute of
/// 10^-18 for a zero gives meaningless huge numbers.
///
/// ```
/// use corpus_lens::keyness::percent_diff;
/// assert_eq!(percent_diff(20, 5, 1000, 2000), 700.0);
/// assert_eq!(percent_diff(0, 12, 5000, 20000), -100.0);
/// assert!(percent_diff(7, 0, 100, 1000).is_nan());
/// ```
pub fn percent_diff(a: u64, b: u64, c: u64, d: u64) -> f64 {
    if c == 0 || d == 0 || b == 0 {
        return f64::NAN;
    }
    let nf1 = a as f64 / c as f64 * 1e6;
    let nf2 = b as f64 / d as f64 * 1e6;
    100.0 * (nf1 - nf2) / nf2
}

/// Pearson's chi-square of the 2 x 2 table `[[a, b], [c - a, d - b]]` (word and other words
/// in target and reference), without Yates's continuity correction:
/// `N (a (d - b) - b (c - a))^2 / ((a + b) (N - a - b) c d)` with `N = c + d`.
/// NaN when a margin is 0.
///
/// ```
/// use corpus_lens::keyness::chi2;
/// // N (ad' - bc')^2 / (row1 row2 col1 col2) = 3000 (20*1995 - 5*980)^2 / (25*2975*1000*2000)
/// assert!((chi2(20, 5, 1000, 2000) - 24.705882352941174).abs() < 1e-9);
/// ```
pub fn chi2(a: u64, b: u64, c: u64, d: u64) -> f64 {
    let n = (c + d) as f64;
    let (a, b, c, d) = (a as f64, b as f64, c as f64, d as f64);
    let row1 = a + b;
    let row2 = n - row1;
    let den = row1 * row2 * c * d;
    if den == 0.0 {
        return f64::NAN;
    }
    let cross = a * (d - b) - b * (c - a);
    n * cross * cross / den
}

/// BIC approximation of the Bayes factor for a keyness test (Wilson 2013): `LL - ln(N)` for
/// one degree of freedom, `N = c + d` the tokens of both corpora.
///
/// ```
/// assert_eq!(corpus_lens::keyness::bic(10.0, 1), 10.0);
/// ```
pub fn bic(log_likelihood: f64, tokens: u64) -> f64 {
    log_likelihood - (tokens as f64).ln()
}

/// Simple maths (Kilgarriff 2009): `(nf1 + 1) / (nf2 + 1)` with frequencies per million and
/// the smoothing constant 1, so rare words do not dominate.
///
/// ```
/// // nf1 = 20 000, nf2 = 2 500 per million
/// assert_eq!(corpus_lens::keyness::simple_maths(20, 5, 1000, 2000), 20001.0 / 2501.0);
/// ```
pub fn simple_maths(a: u64, b: u64, c: u64, d: u64) -> f64 {
    if c == 0 || d == 0 {
        return f64::NAN;
    }
    (a as f64 / c as f64 * 1e6 + 1.0) / (b as f64 / d as f64 * 1e6 + 1.0)
}

/// The p-value of a chi-square statistic with one degree of freedom, `P(X >= x)`:
/// `erfc(sqrt(x / 2))` (the chi-square(1) variable is a squared standard normal). NaN stays
/// NaN.
///
/// ```
/// use corpus_lens::keyness::p_value;
/// assert!((p_value(3.841458820694124) - 0.05).abs() < 1e-12);
/// assert!((p_value(6.634896601021214) - 0.01).abs() < 1e-12);
/// assert_eq!(p_value(0.0), 1.0);
/// ```
pub fn p_value(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    libm::erfc((x.max(0.0) / 2.0).sqrt())
}

/// How p-values are corrected for testing many words at once.
///
/// ```
/// use corpus_lens::keyness::{adjust, Correction};
/// let p = [0.01, 0.04, 0.03];
/// assert_eq!(adjust(&p, Correction::None), p);
/// assert_eq!(adjust(&p, Correction::Bonferroni), [0.03, 0.12, 0.09]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Correction {
    /// Benjamini & Hochberg (1995): controls the false discovery rate.
    #[default]
    Fdr,
    /// Bonferroni: `min(1, m p)`; controls the family-wise error rate (stricter).
    Bonferroni,
    /// No correction.
    None,
}

impl Correction {
    /// Parses `fdr`, `bonferroni` or `none`.
    ///
    /// ```
    /// use corpus_lens::keyness::Correction;
    /// assert_eq!(Correction::parse("bonferroni"), Some(Correction::Bonferroni));
    /// assert_eq!(Correction::parse("holm"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Correction> {
        match name {
            "fdr" => Some(Correction::Fdr),
            "bonferroni" => Some(Correction::Bonferroni),
            "none" => Some(Correction::None),
            _ => None,
        }
    }

    /// The name used on the command line and in the tables.
    ///
    /// ```
    /// assert_eq!(corpus_lens::keyness::Correction::Fdr.as_str(), "fdr");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Correction::Fdr => "fdr",
            Correction::Bonferroni => "bonferroni",
            Correction::None => "none",
        }
    }
}

/// Adjusted p-values for `m = p.len()` tests (NaN p-values are not tests: they stay NaN and
/// do not count in `m`).
///
/// - Benjamini & Hochberg (1995): with the p-values sorted ascending, `p_(i)` adjusted is
///   `min over j >= i of m p_(j) / j`, at most 1 (R's `p.adjust(p, "BH")`); a word is
///   significant at false discovery rate `q` when its adjusted p-value is `<= q`.
/// - Bonferroni: `min(1, m p)`.
///
/// ```
/// use corpus_lens::keyness::{adjust, Correction};
/// // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH") = 0.02 0.04 0.04 0.02
/// let p = [0.01, 0.04, 0.03, 0.005];
/// assert_eq!(adjust(&p, Correction::Fdr), [0.02, 0.04, 0.04, 0.02]);
/// assert_eq!(adjust(&p, Correction::Bonferroni), [0.04, 0.16, 0.12, 0.02]);
/// ```
pub fn adjust(p: &[f64], correction: Correction) -> Vec<f64> {
    let m = p.iter().filter(|x| !x.is_nan()).count() as f64;
    match correction {
        Correction::None => p.to_vec(),
        Correction::Bonferroni => p.iter().map(|&x| (x * m).min(1.0)).collect(),
        Correction::Fdr => {
            let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
            // Ties in any order give the same adjusted values.
            order.sort_by(|&i, &j| p[i].total_cmp(&p[j]).then(i.cmp(&j)));
            let mut out = vec![f64::NAN; p.len()];
            let mut running = 1.0f64;
            for (rank, &i) in order.iter().enumerate().rev() {
                running = running.min(p[i] * m / (rank + 1) as f64);
                out[i] = running;
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference values from an independent implementation (Python: the formulas above
    /// written out, `scipy.stats.chi2.sf` for the p-value and
    /// `scipy.stats.chi2_contingency(correction=False)` for chi-square; the log ratio of the
    /// zero cases with `δ = 0.5 / max(c, d)`: `log2(δ / (12/20000 + δ))` = `log2(0.04)`,
    /// `log2((7/100 + δ) / δ)` = `log2(141)`).
    #[test]
    fn matches_scipy() {
        let cases = [
            (
                (20, 5, 1000, 2000),
                [22.97902145089664, 3.0, 700.0, 24.705882352941174],
                [14.972653883246393, 1.6377891622030093e-06],
            ),
            (
                (0, 12, 5000, 20000),
                [
                    5.355445231541035,
                    -4.643856189774724,
                    -100.0,
                    3.0014406915319354,
                ],
                [-4.771185872309303, 0.020657659135622057],
            ),
            (
                (7, 0, 100, 1000),
                [
                    33.570533819177186,
                    7.139551352398794,
                    f64::NAN,
                    70.44830741079598,
                ],
                [26.567468360390723, 6.872600172935468e-09],
            ),
        ];
        let close =
            |x: f64, y: f64| (x.is_nan() && y.is_nan()) || (x - y).abs() <= 1e-9 * y.abs().max(1.0);
        for ((a, b, c, d), [ll, lr, pd, ch], [bic, p]) in cases {
            let k = keyness(a, b, c, d);
            assert!(close(k.log_likelihood, ll), "{:?}", k);
            assert!(close(k.log_ratio, lr), "{:?}", k);
            assert!(close(k.percent_diff, pd), "{:?}", k);
            assert!(close(k.chi2, ch), "{:?}", k);
            assert!(close(k.bic, bic), "{:?}", k);
            assert!(
                (k.p_value - p).abs() <= 1e-12 * p.max(1e-300) + 1e-300,
                "{:?}",
                k
            );
        }
    }

    /// 0 against 5 in a reference 46 times larger, worked in Python (`math.log2`, the
    /// interval's formula written out): the log ratio is negative, as the rates are; the
    /// interval is wide and spans 0, so the conservative log ratio is 0.
    #[test]
    fn a_zero_in_the_smaller_corpus_is_under_used() {
        let k = keyness(0, 5, 1000, 46_000);
        let close = |x: f64, y: f64| (x - y).abs() <= 1e-12 * y.abs().max(1.0);
        assert!(close(k.log_ratio, -3.4594316186372973), "{k:?}");
        assert!(close(k.log_ratio_ci_low, -30.607745268004614), "{k:?}");
        assert!(close(k.log_ratio_ci_high, 23.68888203073002), "{k:?}");
        assert_eq!(
            conservative_log_ratio(k.log_ratio_ci_low, k.log_ratio_ci_high),
            0.0
        );
    }

    /// The log ratio's sign agrees with the rates' for every small table, zeros included,
    /// and the interval holds the log ratio.
    #[test]
    fn the_sign_of_the_log_ratio_is_the_direction() {
        for c in [1u64, 7, 100, 4600, 9_999_991] {
            for d in [1u64, 3, 46, 100_000, 3_333_331] {
                for a in (0..=c.min(12)).chain([c]) {
                    for b in (0..=d.min(12)).chain([d]) {
                        if a + b == 0 {
                            continue;
                        }
                        let k = keyness(a, b, c, d);
                        let rates = (a as u128 * d as u128).cmp(&(b as u128 * c as u128));
                        let sign = k.log_ratio.partial_cmp(&0.0).unwrap();
                        assert_eq!(sign, rates, "{a} {b} {c} {d}: {k:?}");
                        assert!(
                            k.log_ratio_ci_low <= k.log_ratio && k.log_ratio <= k.log_ratio_ci_high
                        );
                        let cons = conservative_log_ratio(k.log_ratio_ci_low, k.log_ratio_ci_high);
                        assert!(
                            cons == 0.0 || cons.signum() == k.log_ratio.signum(),
                            "{k:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn equal_rates_are_not_key() {
        let k = keyness(13, 13, 4567, 4567);
        assert_eq!(k.log_likelihood, 0.0);
        assert_eq!(k.log_ratio, 0.0);
        assert_eq!(k.percent_diff, 0.0);
        assert_eq!(k.chi2, 0.0);
        assert_eq!(k.p_value, 1.0);
    }

    #[test]
    fn empty_sides_are_undefined() {
        assert!(log_likelihood(0, 0, 10, 10).is_nan());
        assert!(log_likelihood(1, 1, 0, 10).is_nan());
        assert!(chi2(1, 1, 0, 10).is_nan());
        assert!(p_value(f64::NAN).is_nan());
    }

    #[test]
    fn fdr_keeps_nan_and_is_monotone() {
        let p = [0.5, f64::NAN, 0.001, 0.001, 0.2];
        let q = adjust(&p, Correction::Fdr);
        assert!(q[1].is_nan());
        // m = 4: sorted 0.001 0.001 0.2 0.5 -> 0.002 0.002 0.2667 0.5
        assert_eq!(q[2], 0.002);
        assert_eq!(q[3], 0.002);
        assert!((q[4] - 0.2 * 4.0 / 3.0).abs() < 1e-15);
        assert_eq!(q[0], 0.5);
        assert_eq!(adjust(&p, Correction::None)[0], 0.5);
    }
}
