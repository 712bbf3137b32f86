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
//! **Drawing.** A replicate's draws are generated in a cheaper way with exactly the same
//! distribution as `n` draws with replacement (the multinomial of `n` draws over `n`
//! equally likely paragraphs). Only the *valued* paragraphs, the `m` with a non-zero value
//! in some group, need their own counts; the others only add their size. So
//! `K ~ Binomial(n, m / n)` of the draws land among the valued paragraphs, each uniformly
//! among them (the multinomial given `K`); of the other `n - K`, only the total size is
//! needed, and with `h_s` other paragraphs of size `s`, the numbers of draws of each size
//! are multinomial too, drawn as sequential conditional binomials: `X_s ~ Binomial(draws
//! left, h_s / other paragraphs left)` (the conditional method, Devroye 1986, ch. XI;
//! Davis 1993); where the other paragraphs are at most 64 times as many as their distinct
//! sizes, each of the `n - K` draws is instead uniform among them and its size added, which
//! is cheaper there. The `K` draws among the valued paragraphs are spread by conditional
//! binomials too: the valued paragraphs are cut into blocks of 4,096, a block's share is
//! `Binomial(draws left, block size / valued paragraphs left)`, and its draws are uniform
//! within it, so each block's counts are filled while they sit in the cache. The cost per
//! replicate is `O(m + min(n - m, distinct sizes))` instead of `O(n)`.
//! Binomials come from `rand_distr`'s exact sampler (BTPE, Kachitvichyanukul & Schmeiser
//! 1988, and inversion for small means); the only departure from the exact law is the
//! rounding of the probabilities to `f64`.
//!
//! **Determinism.** Replicate `b` draws from its own generator, SplitMix64 (Steele, Lea &
//! Flood 2014) seeded from `(seed, b)`, and each sum runs in paragraph order, so results
//! are identical at any thread count and depend only on the seed. An index in a whole
//! block is 12 bits of an output (five per output), exactly uniform; in the last, shorter
//! block it comes from a 32-bit half of an output, multiplied by the block's size and
//! shifted, with Lemire's (2019) rejection, which makes it exactly uniform too. All groups of a
//! document share the replicates' draws, so their intervals are computed on the same
//! resampled documents.
//!
//! **Linearization.** For a document with many paragraphs, a ratio's replicates are close
//! to normal, with the variance of the linear approximation: `Var(R*) ≈ Σ_i d_i² / X²`,
//! `d_i = y_i − R x_i`, `X = Σ_i x_i` (Davison & Hinkley 1997, sect. 2.7.2). The framing
//! summary uses `R ± Φ⁻¹(0.975) · sqrt(Σ d_i²) / |X|` for the measures of large documents
//! carried by enough paragraphs, and resamples only the others' values
//! ([`crate::framing::summary::SummaryOptions::linearize_from`]).
//!
//! **Rows.** Where the units are rows taken as independent rather than paragraphs (the
//! labelled mentions of a gold standard), [`draw_rows`] gives a replicate's draws of a plain
//! bootstrap, from the same per-replicate generator.

mod draws;
pub(crate) mod linear;
mod quantiles;
mod ratios;
mod replicates;
mod sparse;

pub use draws::draw_rows;
pub(crate) use quantiles::interval_of;
pub use quantiles::quantile;
#[cfg(test)]
use ratios::replicate_values;
pub(crate) use ratios::{intervals_where, ratio_at, ratio_values};
pub use ratios::{Denominator, Interval, Ratio};
pub use replicates::{
    Bootstrap, Replicates, DEFAULT_REPLICATES, DEFAULT_SEED, MAX_REPLICATES, MIN_REPLICATES,
};
pub use sparse::{Group, SparseGroups};

#[cfg(test)]
mod tests;
