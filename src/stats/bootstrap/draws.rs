//! How a replicate draws its paragraphs ([`Draws`]), and the generator it draws with.

use std::convert::Infallible;

use rand_core::TryRng;
use rand_distr::{Binomial, Distribution};

use crate::stats::bootstrap::sparse::Size;

/// log2 of the valued paragraphs in one block of the draws (see `Draws::spread`): 12 bits
/// make five indices per 64-bit output and 4 KiB of counts per block.
const BLOCK_BITS: u32 = 12;

/// How a replicate draws its `n` paragraphs: the multinomial of `n` draws with replacement,
/// split between the `m` valued paragraphs and the others (see the module documentation).
pub(super) struct Draws {
    /// Paragraphs (n).
    n: u64,
    /// Valued paragraphs (m).
    valued: u32,
    /// Draws landing among the valued paragraphs: Binomial(n, m / n).
    split: Binomial,
    /// log2 of the blocks' size (see [`Draws::spread`]).
    block_bits: u32,
    /// The other paragraphs' sizes with how many paragraphs have each, commonest first.
    others: Vec<(f64, u64)>,
    /// Each other paragraph's size, ascending, when drawing them one by one costs less than
    /// a binomial per distinct size (see [`Draws::others_size`]); else empty.
    each_other: Vec<f64>,
}

/// About how many uniform draws of a paragraph cost as much as one binomial of
/// `Draws::others_size` (its setup and sample): about 70 on documents shaped like the 64 MB
/// bench's (2,000-6,000 paragraphs, 100-130 distinct sizes among the others).
const DRAWS_PER_BINOMIAL: u64 = 64;

impl Draws {
    pub(super) fn new<Z: Size>(sizes: &[Z], valued: &[u32]) -> Draws {
        let n = sizes.len() as u64;
        let m = valued.len() as u32;
        let mut is_valued = vec![false; sizes.len()];
        for &p in valued {
            is_valued[p as usize] = true;
        }
        let mut rest: Vec<f64> = (0..sizes.len())
            .filter(|&p| !is_valued[p])
            .map(|p| sizes[p].into())
            .collect();
        rest.sort_by(f64::total_cmp);
        let mut others: Vec<(f64, u64)> = Vec::new();
        for &s in &rest {
            match others.last_mut() {
                Some((x, c)) if x.to_bits() == s.to_bits() => *c += 1,
                _ => others.push((s, 1)),
            }
        }
        // Commonest first: the draws left fall fastest, so later binomials are small.
        others.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.total_cmp(&b.0)));
        // Draws left for the others: n - m on average.
        let direct = (n - m as u64) <= DRAWS_PER_BINOMIAL * others.len() as u64;
        Draws {
            n,
            valued: m,
            split: Binomial::new(n, m as f64 / n as f64).expect("0 <= m / n <= 1"),
            block_bits: BLOCK_BITS,
            others,
            each_other: if direct { rest } else { Vec::new() },
        }
    }

    /// The same draws with blocks of `2^bits` valued paragraphs (tests use small blocks).
    #[cfg(test)]
    pub(super) fn with_block_bits(mut self, bits: u32) -> Draws {
        self.block_bits = bits;
        self
    }

    /// The same draws with the others' total always from binomials per distinct size.
    #[cfg(test)]
    pub(super) fn by_binomials(mut self) -> Draws {
        self.each_other = Vec::new();
        self
    }

    /// Whether the others' total comes from drawing them one by one.
    #[cfg(test)]
    pub(super) fn draws_others_one_by_one(&self) -> bool {
        !self.each_other.is_empty()
    }

    /// Replicate `replicate`'s draws: how often each valued paragraph is drawn, added to
    /// `counts` (`m` of them, zero before), and the total size of the other paragraphs
    /// drawn.
    pub(super) fn draw(&self, counts: &mut [u8], seed: u64, replicate: u64) -> f64 {
        let mut rng = SplitMix::new(seed, replicate);
        let k = self.split.sample(&mut rng);
        self.spread(k, counts, &mut rng);
        self.others_size(self.n - k, &mut rng)
    }

    /// Draws `k` valued paragraphs uniformly into `counts` (their multinomial), block by
    /// block: the valued paragraphs are cut into blocks of `2^block_bits` (the last one
    /// shorter), each block's share of the draws is a sequential conditional binomial
    /// (draws left, block size / paragraphs left), and a block's draws are uniform within
    /// it. In a whole block an index is `block_bits` bits of a 64-bit output (five 12-bit
    /// indices per output, exactly uniform, no rejection), and its counts stay within 4 KiB
    /// that the cache holds; drawing over all `m` at once took a 32-bit half per index and
    /// scattered its counts over `m` bytes, which stopped fitting the cache from about
    /// 30,000 valued paragraphs on.
    fn spread(&self, k: u64, counts: &mut [u8], rng: &mut SplitMix) {
        let block = 1u64 << self.block_bits;
        let (mut left, mut paragraphs, mut start) = (k, self.valued as u64, 0);
        while left > 0 {
            let len = block.min(paragraphs);
            let x = if len == paragraphs {
                left
            } else {
                let p = len as f64 / paragraphs as f64;
                Binomial::new(left, p).expect("0 < p < 1").sample(rng)
            };
            let c = &mut counts[start..start + len as usize];
            if len == block {
                spread_bits(x, self.block_bits, c, rng);
            } else {
                spread_lemire(x, c, rng);
            }
            left -= x;
            paragraphs -= len;
            start += len as usize;
        }
    }

    /// The total size of `left` draws among the other paragraphs: how many land on each
    /// size is multinomial, drawn as sequential conditional binomials (the draws left
    /// among the sizes not yet visited, with probability `count / paragraphs left`); or,
    /// where the others are at most [`DRAWS_PER_BINOMIAL`] times their distinct sizes,
    /// each draw uniformly among them, its size added (the same law, at about 1.5 ns a
    /// draw against about 110 ns a binomial).
    fn others_size(&self, mut left: u64, rng: &mut SplitMix) -> f64 {
        if !self.each_other.is_empty() {
            return sum_drawn(left, &self.each_other, rng);
        }
        let mut paragraphs = self.n - self.valued as u64;
        let mut total = 0.0;
        for &(size, count) in &self.others {
            if left == 0 {
                break;
            }
            let p = count as f64 / paragraphs as f64;
            let x = Binomial::new(left, p).expect("0 < p <= 1").sample(rng);
            total += size * x as f64;
            left -= x;
            paragraphs -= count;
        }
        total
    }
}

/// The total of `k` values drawn uniformly with replacement from `values` (fewer than 2^32),
/// added in the order drawn; each index as in [`lemire_each`].
fn sum_drawn(k: u64, values: &[f64], rng: &mut SplitMix) -> f64 {
    let mut total = 0.0;
    lemire_each(k, values.len() as u64, rng, |i| total += values[i]);
    total
}

/// Calls `take` with `k` indices drawn uniformly below `m` (`0 < m < 2^32`): two 32-bit
/// indices per 64-bit output, each `(x * m) >> 32`, rejecting `x` whose low product half is
/// below `2^32 mod m` (Lemire 2019), which makes every index exactly equally likely.
#[inline(always)]
fn lemire_each(k: u64, m: u64, rng: &mut SplitMix, mut take: impl FnMut(usize)) {
    let threshold = (m as u32).wrapping_neg() % m as u32;
    let mut drawn = 0;
    while drawn < k {
        let z = splitmix(&mut rng.0);
        for x in [z & 0xFFFF_FFFF, z >> 32] {
            let x = x * m;
            if (x as u32) < threshold || drawn == k {
                continue;
            }
            take((x >> 32) as usize);
            drawn += 1;
        }
    }
}

/// Draws `k` indices uniformly into `counts`, whose length is `2^bits`: `64 / bits` indices
/// per 64-bit output, `bits` bits each (the last output's unused bits are left).
#[inline]
pub(super) fn spread_bits(k: u64, bits: u32, counts: &mut [u8], rng: &mut SplitMix) {
    let per = (64 / bits) as u64;
    let mask = (1u64 << bits) - 1;
    let mut left = k;
    while left > 0 {
        let mut z = splitmix(&mut rng.0);
        for _ in 0..per.min(left) {
            bump(&mut counts[(z & mask) as usize]);
            z >>= bits;
        }
        left -= per.min(left);
    }
}

/// Draws `k` indices uniformly into `counts` (any length below 2^32), as [`lemire_each`].
fn spread_lemire(k: u64, counts: &mut [u8], rng: &mut SplitMix) {
    lemire_each(k, counts.len() as u64, rng, |i| bump(&mut counts[i]));
}

/// One more draw of a paragraph. A paragraph drawn 255 times in one replicate has odds
/// below 1 / 255! (about 1e-500); saturate rather than wrap all the same.
#[inline(always)]
fn bump(c: &mut u8) {
    *c = c.saturating_add(1);
}

/// SplitMix64 (Steele, Lea & Flood 2014) as a generator for rand_distr's binomial sampler.
pub(super) struct SplitMix(u64);

impl SplitMix {
    /// The stream of replicate `replicate`: two mixing rounds make the streams of
    /// neighbouring seeds and replicates unrelated.
    pub(super) fn new(seed: u64, replicate: u64) -> SplitMix {
        let mut r = replicate;
        let mut state = seed ^ splitmix(&mut r);
        splitmix(&mut state);
        SplitMix(state)
    }
}

impl TryRng for SplitMix {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((splitmix(&mut self.0) >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(splitmix(&mut self.0))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let z = splitmix(&mut self.0).to_le_bytes();
            chunk.copy_from_slice(&z[..chunk.len()]);
        }
        Ok(())
    }
}

/// SplitMix64: the next value of the sequence whose state is `state`.
pub(super) fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The draws of one replicate of a plain bootstrap over rows (Efron & Tibshirani 1993): how
/// often each of the `counts.len()` rows is drawn when as many rows are drawn uniformly with
/// replacement, written into `counts` (overwritten). Replicate `replicate` draws from its
/// own SplitMix64 stream seeded from `(seed, replicate)`, as the cluster bootstrap's do, so
/// replicates can be computed in any order, on any thread, with the same result; an index
/// is a 32-bit half of an output times the row count, shifted, with Lemire's (2019)
/// rejection, which makes every row exactly equally likely. From `2^32` rows on, an index
/// is a whole output times the row count, shifted by 64 (the same rejection, in 64 bits).
///
/// ```
/// use corpus_lens::stats::bootstrap::draw_rows;
/// let mut counts = [0u32; 5];
/// draw_rows(&mut counts, 1917, 0);
/// assert_eq!(counts.iter().sum::<u32>(), 5); // five draws over five rows
/// let mut again = [9u32; 5];
/// draw_rows(&mut again, 1917, 0);
/// assert_eq!(again, counts); // the same seed and replicate, the same draws
/// ```
pub fn draw_rows(counts: &mut [u32], seed: u64, replicate: u64) {
    counts.fill(0);
    let m = counts.len() as u64;
    if m == 0 {
        return;
    }
    let mut rng = SplitMix::new(seed, replicate);
    if m > u32::MAX as u64 {
        return draw_rows_wide(counts, &mut rng);
    }
    lemire_each(m, m, &mut rng, |i| counts[i] += 1);
}

/// [`draw_rows`] past `2^32 - 1` rows: 64-bit indices (a count stops at `u32::MAX`).
fn draw_rows_wide(counts: &mut [u32], rng: &mut SplitMix) {
    let m = counts.len() as u64;
    let threshold = m.wrapping_neg() % m;
    let mut drawn = 0;
    while drawn < m {
        let x = splitmix(&mut rng.0) as u128 * m as u128;
        if (x as u64) >= threshold {
            let c = &mut counts[(x >> 64) as usize];
            *c = c.saturating_add(1);
            drawn += 1;
        }
    }
}

#[cfg(test)]
mod wide {
    use super::*;

    #[test]
    fn wide_draws_are_as_many_as_rows_and_repeatable() {
        let draw = |replicate| {
            let mut counts = vec![0u32; 1000];
            draw_rows_wide(&mut counts, &mut SplitMix::new(7, replicate));
            counts
        };
        let counts = draw(0);
        assert_eq!(counts.iter().map(|&c| c as u64).sum::<u64>(), 1000);
        // About 1 - 1/e of the rows are drawn at least once.
        let drawn = counts.iter().filter(|&&c| c > 0).count();
        assert!((580..=685).contains(&drawn), "{drawn}");
        assert_eq!(counts, draw(0));
        assert_ne!(counts, draw(1));
    }
}
