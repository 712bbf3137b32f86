//! Feature keys: the parts of a feature (a template number, word hashes, tag ids) mixed into
//! one `u64`, so that predicting allocates no string.
//!
//! The functions are written out here rather than taken from a hashing crate: a model file
//! stores these keys, so they must not change when a dependency does (a change here bumps
//! [`super::model::FEATURE_SET_VERSION`]).

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Hashes a string's bytes (eight at a time, then the rest), with its length.
pub(crate) fn hash_str(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().unwrap());
        h = (h.rotate_left(5) ^ word).wrapping_mul(K);
    }
    let mut last = 0u64;
    for (i, &b) in chunks.remainder().iter().enumerate() {
        last |= u64::from(b) << (8 * i);
    }
    finish((h.rotate_left(5) ^ last).wrapping_mul(K))
}

/// Mixes one more part into a key.
#[inline(always)]
pub(crate) fn mix(h: u64, part: u64) -> u64 {
    (h.rotate_left(5) ^ part).wrapping_mul(K)
}

/// The splitmix64 finalizer: every bit of the input moves every bit of the output, so a
/// table can index by the key's low bits.
#[inline(always)]
pub(crate) fn finish(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A feature of template `t` with one part.
#[inline(always)]
pub(crate) fn f1(t: u64, a: u64) -> u64 {
    finish(mix(t.wrapping_mul(K), a))
}

/// A feature of template `t` with two parts.
#[inline(always)]
pub(crate) fn f2(t: u64, a: u64, b: u64) -> u64 {
    finish(mix(mix(t.wrapping_mul(K), a), b))
}

/// A feature of template `t` with three parts.
#[inline(always)]
pub(crate) fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    finish(mix(mix(mix(t.wrapping_mul(K), a), b), c))
}

/// A deterministic pseudo-random sequence (splitmix64) for shuffling training data.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(K);
        finish(self.0)
    }

    /// Fisher-Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_fixed_across_builds() {
        // A model file holds these keys: the values must never change silently.
        assert_eq!(hash_str(""), finish(0));
        assert_ne!(hash_str("the"), hash_str("The"));
        assert_ne!(f2(1, 2, 3), f2(1, 3, 2));
        assert_ne!(f1(1, 5), f1(2, 5));
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
    }
}
