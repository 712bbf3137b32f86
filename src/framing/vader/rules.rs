//! VADER's rules for one token's valence: negation, boosters, capitals, idioms, "least",
//! and the "but" rule.

use rustc_hash::FxHashMap;

use crate::framing::vader::lexicon::{
    Ngram, Vader, AT_VERY, DOUBT, HAS_BOOST, HAS_LEX, LEAST, NEGATED, NEVER, NO, OR_NOR, SO_THIS,
    UPPER, WITHOUT,
};
use crate::framing::vader::tokens::Tok;

const C_INCR: f64 = 0.733;
pub(super) const N_SCALAR: f64 = -0.74;

/// One entry of the reference's `sentiments` list, and whether Python holds it as an int.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Valence {
    pub(super) value: f64,
    pub(super) from_int: bool,
}

pub(super) const INT_ZERO: Valence = Valence {
    value: 0.0,
    from_int: true,
};

impl Vader {
    /// The reference's `sentiment_valence` for the token at `i`.
    #[inline]
    pub(super) fn sentiment_valence(&self, toks: &[Tok], i: usize, cap_diff: bool) -> Valence {
        let item = &toks[i];
        if !item.is(HAS_LEX) {
            return INT_ZERO;
        }
        let lex = item.lex;
        let mut v = lex;
        let prev1 = i.checked_sub(1).map(|j| &toks[j]);
        let prev2 = i.checked_sub(2).map(|j| &toks[j]);
        let prev3 = i.checked_sub(3).map(|j| &toks[j]);
        let next1 = toks.get(i + 1);
        let is = |t: Option<&Tok>, flag: u32| t.is_some_and(|t| t.is(flag));

        if item.is(NO) && is(next1, HAS_LEX) {
            v = 0.0;
        }
        if is(prev1, NO) || is(prev2, NO) || (is(prev3, NO) && is(prev1, OR_NOR)) {
            v = lex * N_SCALAR;
        }
        if item.is(UPPER) && cap_diff {
            if v > 0.0 {
                v += C_INCR;
            } else {
                v -= C_INCR;
            }
        }
        let mut from_int = false;
        if let Some(p1) = prev1 {
            if !p1.is(HAS_LEX) {
                v += scalar_inc_dec(p1, v, cap_diff);
                if p1.is(NEGATED) {
                    v *= N_SCALAR;
                }
            }
            if let Some(p2) = prev2 {
                if !p2.is(HAS_LEX) {
                    let mut s = scalar_inc_dec(p2, v, cap_diff);
                    if s != 0.0 {
                        s *= 0.95;
                    }
                    v += s;
                    // _negation_check, start_i == 1
                    if p2.is(NEVER) && p1.is(SO_THIS) {
                        v *= 1.25;
                    } else if !(p2.is(WITHOUT) && p1.is(DOUBT)) && p2.is(NEGATED) {
                        v *= N_SCALAR;
                    }
                }
                if let Some(p3) = prev3 {
                    if !p3.is(HAS_LEX) {
                        let mut s = scalar_inc_dec(p3, v, cap_diff);
                        if s != 0.0 {
                            s *= 0.9;
                        }
                        v += s;
                        // _negation_check, start_i == 2 (`and` binds tighter than `or`)
                        if (p3.is(NEVER) && p2.is(SO_THIS)) || p1.is(SO_THIS) {
                            v *= 1.25;
                        } else if !(p3.is(WITHOUT) && (p2.is(DOUBT) || p1.is(DOUBT)))
                            && p3.is(NEGATED)
                        {
                            v *= N_SCALAR;
                        }
                        (v, from_int) = self.special_idioms_check(v, toks, i);
                    }
                }
            }
        }
        // _least_check
        if let Some(p1) = prev1 {
            if !p1.is(HAS_LEX) && p1.is(LEAST) && !is(prev2, AT_VERY) {
                v *= N_SCALAR;
                from_int = false;
            }
        }
        Valence { value: v, from_int }
    }

    /// The reference's `_special_idioms_check` at `i` (`i >= 3`).
    fn special_idioms_check(&self, valence: f64, toks: &[Tok], i: usize) -> (f64, bool) {
        let hi = (i + 3).min(toks.len());
        if toks[i - 3..hi].iter().all(|t| t.idiom == 0) {
            return (valence, false);
        }
        let mut v = valence;
        let mut from_int = false;
        // onezero, twoonezero, twoone, threetwoone, threetwo: the first match wins.
        for (s, len) in [(i - 1, 2), (i - 2, 3), (i - 2, 2), (i - 3, 3), (i - 3, 2)] {
            if let Some(hit) = find_ngram(&self.specials, toks, s, len) {
                v = hit.value;
                from_int = hit.is_int;
                break;
            }
        }
        // zeroone, zeroonetwo
        for len in [2, 3] {
            if let Some(hit) = find_ngram(&self.specials, toks, i, len) {
                v = hit.value;
                from_int = hit.is_int;
            }
        }
        // booster n-grams: threetwoone, threetwo, twoone
        for (s, len) in [(i - 3, 3), (i - 3, 2), (i - 2, 2)] {
            if let Some(hit) = find_ngram(&self.booster_ngrams, toks, s, len) {
                v += hit.value;
                from_int = false;
            }
        }
        (v, from_int)
    }
}

/// The entry of `table` equal to the lowercase tokens `toks[s..s + len]`, if in range.
#[inline]
fn find_ngram<'a>(table: &'a [Ngram], toks: &[Tok], s: usize, len: usize) -> Option<&'a Ngram> {
    let window = toks.get(s..s + len)?;
    if window.iter().any(|t| t.idiom == 0) {
        return None;
    }
    table
        .iter()
        .find(|g| g.len as usize == len && window.iter().zip(g.ids).all(|(t, id)| t.idiom == id))
}

/// The reference's `scalar_inc_dec`.
#[inline]
fn scalar_inc_dec(word: &Tok, valence: f64, cap_diff: bool) -> f64 {
    let mut scalar = 0.0;
    if word.is(HAS_BOOST) {
        scalar = word.boost;
        if valence < 0.0 {
            scalar = -scalar;
        }
        if word.is(UPPER) && cap_diff {
            if valence > 0.0 {
                scalar += C_INCR;
            } else {
                scalar -= C_INCR;
            }
        }
    }
    scalar
}

/// The reference's `_but_check`, quirk included: each valence is re-found with
/// `list.index` (the first equal one, `0.0 == -0.0`), and that slot is reweighted.
pub(super) fn but_check(bi: usize, sentiments: &mut [Valence]) {
    let weigh = |si: usize, value: f64, sentiments: &mut [Valence]| -> Option<f64> {
        let w = match si.cmp(&bi) {
            std::cmp::Ordering::Less => 0.5,
            std::cmp::Ordering::Greater => 1.5,
            std::cmp::Ordering::Equal => return None,
        };
        let written = value * w;
        sentiments[si] = Valence {
            value: written,
            from_int: false,
        };
        Some(written)
    };
    if sentiments.len() <= 256 {
        for pos in 0..sentiments.len() {
            let value = sentiments[pos].value;
            let si = sentiments
                .iter()
                .position(|v| v.value == value)
                .unwrap_or(pos);
            weigh(si, value, sentiments);
        }
        return;
    }
    // Long texts: the first slot holding each value from an index (value bits, zeros
    // folded, to the ordered set of slots holding it).
    fn key(value: f64) -> u64 {
        if value == 0.0 {
            0
        } else {
            value.to_bits()
        }
    }
    let mut first_equal: FxHashMap<u64, std::collections::BTreeSet<usize>> = FxHashMap::default();
    for (pos, v) in sentiments.iter().enumerate() {
        first_equal.entry(key(v.value)).or_default().insert(pos);
    }
    for pos in 0..sentiments.len() {
        let value = sentiments[pos].value;
        let si = if value.is_nan() {
            pos
        } else {
            first_equal
                .get(&key(value))
                .and_then(|set| set.first().copied())
                .unwrap_or(pos)
        };
        let old = sentiments[si].value;
        if let Some(written) = weigh(si, value, sentiments) {
            if let Some(set) = first_equal.get_mut(&key(old)) {
                set.remove(&si);
            }
            first_equal.entry(key(written)).or_default().insert(si);
        }
    }
}
