//! Quantiles: of sorted values ([`quantile`]), and of unsorted replicates by selection or
//! heaps.

/// [`quantile`] of unsorted values, by selection (reorders `xs`).
pub(crate) fn quantile_of(xs: &mut [f64], q: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let h = (xs.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let (_, &mut x_lo, right) = xs.select_nth_unstable_by(lo, f64::total_cmp);
    let x_hi = right.iter().copied().min_by(f64::total_cmp).unwrap_or(x_lo);
    x_lo + (h - lo as f64) * (x_hi - x_lo)
}

/// The `low` and `high` quantiles (as [`quantile`] gives them on the values sorted) of
/// unsorted values, which it may reorder.
///
/// A percentile interval needs, at each end, two neighbouring order statistics among the B
/// replicates, and it is taken for every measure of every group: two selections each made it
/// a sixth of `analyze`'s time on the shipped corpus. An end with at most a quarter of the
/// values beyond it is found in one pass instead, by keeping the values beyond it in a heap
/// (a value enters only if it beats the heap's worst, which about `k ln(n / k)` of `n` in
/// random order do); the values are compared as `f64::total_cmp` orders them.
pub(crate) fn interval_of(xs: &mut [f64], low: f64, high: f64) -> (f64, f64) {
    (quantile_near_end(xs, low), quantile_near_end(xs, high))
}

/// [`quantile_of`], from a heap of the values beyond the quantile when they are at most a
/// quarter of them (see [`interval_of`]).
fn quantile_near_end(xs: &mut [f64], q: f64) -> f64 {
    let n = xs.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * q;
    let i = h.floor() as usize;
    let (a, b) = if i + 2 <= n / 4 {
        smallest_two(xs, i + 2)
    } else if n - i <= n / 4 {
        largest_two(xs, n - i)
    } else {
        return quantile_of(xs, q);
    };
    a + (h - i as f64) * (b - a)
}

/// A value's bits as an integer that orders as `f64::total_cmp` orders the values (the
/// bits below the sign flipped when it is set; flipping again gives the value back).
fn total_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

fn from_key(key: i64) -> f64 {
    f64::from_bits(total_key(f64::from_bits(key as u64)) as u64)
}

/// Order statistics `k - 2` and `k - 1` (0-based, `2 <= k <= n`) of the `n` values.
fn smallest_two(xs: &[f64], k: usize) -> (f64, f64) {
    let mut heap: std::collections::BinaryHeap<i64> =
        xs[..k].iter().map(|&x| total_key(x)).collect();
    for &x in &xs[k..] {
        let key = total_key(x);
        if let Some(mut top) = heap.peek_mut() {
            if key < *top {
                *top = key;
            }
        }
    }
    let last = heap.pop().map_or(f64::NAN, from_key);
    (heap.peek().map_or(last, |&key| from_key(key)), last)
}

/// Order statistics `n - k` and `n - k + 1` (0-based, the second capped at `n - 1`;
/// `1 <= k <= n`) of the `n` values.
fn largest_two(xs: &[f64], k: usize) -> (f64, f64) {
    use std::cmp::Reverse;
    let mut heap: std::collections::BinaryHeap<Reverse<i64>> =
        xs[..k].iter().map(|&x| Reverse(total_key(x))).collect();
    for &x in &xs[k..] {
        let key = total_key(x);
        if let Some(mut top) = heap.peek_mut() {
            if key > top.0 {
                *top = Reverse(key);
            }
        }
    }
    let first = heap.pop().map_or(f64::NAN, |key| from_key(key.0));
    (first, heap.peek().map_or(first, |key| from_key(key.0)))
}

/// The `q` quantile of sorted `xs`, interpolated linearly between order statistics
/// (Hyndman & Fan 1996, type 7): `h = (n - 1) q`, `x[floor h] + (h - floor h)(x[floor h + 1]
/// - x[floor h])`. NaN for no values, and for `q` outside [0, 1].
///
/// ```
/// use corpus_lens::bootstrap::quantile;
/// assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
/// assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.025), 1.075);
/// assert!(quantile(&[], 0.5).is_nan());
/// assert!(quantile(&[1.0, 2.0], 2.0).is_nan() && quantile(&[1.0], f64::NAN).is_nan());
/// ```
pub fn quantile(xs: &[f64], q: f64) -> f64 {
    // Out of [0, 1] (or NaN) there is no such quantile: NaN, as for no values.
    if xs.is_empty() || !(0.0..=1.0).contains(&q) {
        return f64::NAN;
    }
    let h = (xs.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(xs.len() - 1);
    xs[lo] + (h - lo as f64) * (xs[hi] - xs[lo])
}
