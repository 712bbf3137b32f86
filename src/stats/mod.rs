//! Stage 4, statistics: the formulas, each with its source.
//!
//! Takes counts (a word's hits per part, a 2x2 contingency table, per-paragraph sums); gives
//! measures and intervals. Nothing here reads text or knows a table: every function is a
//! formula over numbers, documented with its reference and tested against hand-worked values
//! or an independent implementation.
//!
//! | module | measures |
//! |---|---|
//! | [`dispersion`] | range, Gries's DP and DPnorm, Juilland's D |
//! | [`association`] | MI, MI3, t, z, G2, logDice, Dice, Delta P, chi-square, log ratio |
//! | [`keyness`] | log-likelihood, log ratio, %DIFF, Benjamini-Hochberg and Bonferroni corrections |
//! | [`bootstrap`] | the paragraph-cluster bootstrap and its percentile intervals |
//! | [`texts`] | text-level tests: Welch's t, Mann-Whitney U, their effect sizes and distributions |
//!
//! ```
//! use corpus_lens::stats::dispersion::dispersion_of;
//! // A word spread evenly over two equal parts is perfectly dispersed: DP = 0.
//! let d = dispersion_of(&[(2, 100), (2, 100)]);
//! assert!(d.dp.abs() < 1e-12);
//! ```

pub mod association;
pub mod bootstrap;
pub mod dispersion;
pub mod keyness;
pub mod texts;
