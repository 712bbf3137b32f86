//! The analyzer's entry points and results: scores, token valences, the per-thread
//! buffers, the sum and the rounding of the reference.

use std::cell::RefCell;
use std::ops::Range;

use crate::framing::vader::lexicon::{Vader, BUT, HAS_BOOST, HAS_LEX, KIND, OF, UPPER};
use crate::framing::vader::rules::{but_check, Valence, INT_ZERO};
use crate::framing::vader::tokens::{Seg, Tok};

/// VADER's four scores for one text, rounded as the reference rounds them.
///
/// ```
/// let s = corpus_lens::vader::Vader::standard().polarity_scores("Today SUX!");
/// assert_eq!(s, corpus_lens::vader::Scores { compound: -0.5461, pos: 0.0, neu: 0.221, neg: 0.779 });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    /// `S / sqrt(S^2 + 15)` in [-1, 1], 4 decimals.
    pub compound: f64,
    /// Share of positive valence, 3 decimals.
    pub pos: f64,
    /// Share of tokens with no valence, 3 decimals.
    pub neu: f64,
    /// Share of negative valence, 3 decimals.
    pub neg: f64,
}

/// One scored token of [`Vader::analyze`]: its byte span in the text and its valence after
/// all rules (the value VADER sums).
///
/// ```
/// let mut a = corpus_lens::vader::Analysis::default();
/// corpus_lens::vader::Vader::standard().analyze("not good", &[], &mut a);
/// assert_eq!(a.tokens[0].span, 4..8);
/// assert_eq!(a.tokens[0].valence, 1.9 * -0.74);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct TokenValence {
    /// Byte range in the analysed text: the token as VADER reads it (without the
    /// punctuation it strips), or the emoji whose description it comes from.
    pub span: Range<usize>,
    /// The valence after all rules (boosters, negation, capitals, idioms, "but").
    pub valence: f64,
}

/// The result of [`Vader::analyze`]; a reusable buffer (`Default`, then pass it again).
///
/// ```
/// use corpus_lens::vader::{Analysis, Vader};
/// let mut a = Analysis::default();
/// Vader::standard().analyze("Good, but not great!", &[], &mut a);
/// assert_eq!(a.tokens.len(), 2);
/// assert!(a.tokens[0].valence > 0.0 && a.tokens[1].valence < 0.0);
/// assert_eq!(a.scores, Vader::standard().polarity_scores("Good, but not great!"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    /// The four scores.
    pub scores: Scores,
    /// The tokens whose final valence is not zero, in text order.
    pub tokens: Vec<TokenValence>,
    /// `S`, before the punctuation amplifier.
    sum: f64,
}

impl Analysis {
    /// `S`: the sum of the token valences as VADER computes it (CPython's compensated
    /// `sum`), before the punctuation amplifier; `compound` is `S ± p` normalized. A
    /// compensated sum of `tokens`' valences gives the same value, except, by an ulp or so,
    /// when an idiom replaced a valence by one of the reference's int literals (its `sum`
    /// adds leading ints exactly and the first float after them uncompensated).
    ///
    /// ```
    /// use corpus_lens::vader::{Analysis, Vader};
    /// let mut a = Analysis::default();
    /// Vader::standard().analyze("good and bad", &[], &mut a);
    /// assert_eq!(a.valence_sum(), 1.9 + -2.5);
    /// ```
    pub fn valence_sum(&self) -> f64 {
        self.sum
    }
}

/// Per-thread buffers, so that scoring allocates nothing once warm.
#[derive(Default)]
struct Scratch {
    toks: Vec<Tok>,
    sentiments: Vec<Valence>,
    lower: String,
    translated: String,
    segs: Vec<Seg>,
    /// Non-empty masks sorted by start, with the running maximum of their ends.
    masks: Vec<(usize, usize)>,
    /// Whitespace bits of an ASCII text, 64 bytes a word.
    space_bits: Vec<u64>,
    /// The text's bytes and 16 zeros, so that a token's bytes can be read as two words.
    padded: Vec<u8>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Vader {
    /// VADER's scores for `text`, bit for bit those of vaderSentiment 3.3.2's
    /// `polarity_scores` (on Python ≥ 3.12).
    ///
    /// ```
    /// let s = corpus_lens::vader::Vader::standard().polarity_scores("VADER is VERY SMART, handsome, and FUNNY.");
    /// assert_eq!((s.compound, s.pos, s.neu, s.neg), (0.9227, 0.754, 0.246, 0.0));
    /// ```
    pub fn polarity_scores(&self, text: &str) -> Scores {
        with_scratch(|scratch| self.score(text, &[], scratch, None, true).0)
    }

    /// Like [`Vader::polarity_scores`], but every VADER token whose byte span in `text`
    /// overlaps one of `masked` (byte ranges into `text`, sorted or not; empty ranges mask
    /// nothing) gets valence 0 as if it were not in the lexicon (it still counts as a token
    /// for pos/neu/neg and for the booster/negation windows, and every lexicon test on it,
    /// also from its neighbours' rules, answers "not in the lexicon"), and the valence of each
    /// scored token after all rules is reported in `out.tokens` (only non-zero ones, in text
    /// order). With no masks, `out.scores == self.polarity_scores(text)`.
    ///
    /// A token's span is the token as VADER reads it, after stripping surrounding ASCII
    /// punctuation (`"party,"` spans `party`); a token that comes from an emoji's description
    /// spans the emoji.
    ///
    /// ```
    /// use corpus_lens::vader::{Analysis, Vader};
    /// let vader = Vader::standard();
    /// let text = "The party was a great success";
    /// let mut a = Analysis::default();
    /// vader.analyze(text, &[], &mut a);
    /// let spans: Vec<&str> = a.tokens.iter().map(|t| &text[t.span.clone()]).collect();
    /// assert_eq!(spans, ["party", "great", "success"]);
    /// vader.analyze(text, &[4..9], &mut a); // mask "party"
    /// assert_eq!(a.tokens.len(), 2);
    /// assert_eq!(a.scores, Vader::new().with_neutral(["party"]).polarity_scores(text));
    /// ```
    pub fn analyze(&self, text: &str, masked: &[Range<usize>], out: &mut Analysis) {
        out.tokens.clear();
        let (scores, sum) =
            with_scratch(|scratch| self.score(text, masked, scratch, Some(&mut out.tokens), true));
        out.scores = scores;
        out.sum = sum;
    }

    /// [`Vader::analyze`]'s `tokens` alone, into `out` (framing needs no scores: it sums
    /// the token valences itself).
    pub(crate) fn token_valences(
        &self,
        text: &str,
        masked: &[Range<usize>],
        out: &mut Vec<TokenValence>,
    ) {
        out.clear();
        with_scratch(|scratch| self.score(text, masked, scratch, Some(out), false));
    }

    /// The whole of the reference's `polarity_scores`; returns the scores and `S` (both
    /// zero unless `scores`).
    fn score(
        &self,
        text: &str,
        masked: &[Range<usize>],
        scratch: &mut Scratch,
        report: Option<&mut Vec<TokenValence>>,
        scores: bool,
    ) -> (Scores, f64) {
        let Scratch {
            toks,
            sentiments,
            lower,
            translated,
            segs,
            masks,
            space_bits,
            padded,
        } = scratch;
        masks.clear();
        if !masked.is_empty() {
            masks.extend(
                masked
                    .iter()
                    .filter(|m| m.start < m.end)
                    .map(|m| (m.start, m.end)),
            );
            masks.sort_unstable();
            let mut max_end = 0;
            for m in masks.iter_mut() {
                max_end = max_end.max(m.1);
                m.1 = max_end;
            }
        }
        // The emoji walk: only a non-ASCII text can hold an emoji.
        segs.clear();
        padded.clear();
        let source: &str = if text.is_ascii() {
            padded.extend_from_slice(text.as_bytes());
            padded.extend_from_slice(&[0; 16]);
            self.tokenize_ascii(text, padded, masks, space_bits, lower, toks);
            text
        } else if self.translate_emojis(text, translated, segs) {
            self.tokenize(translated, segs, masks, padded, lower, toks);
            translated
        } else {
            padded.extend_from_slice(text.as_bytes());
            padded.extend_from_slice(&[0; 16]);
            self.tokenize(text, segs, masks, padded, lower, toks);
            text
        };
        let toks: &[Tok] = toks;

        let n = toks.len();
        // allcap_differential: some tokens ALL-CAPS, and not all.
        let (any, all) = toks
            .iter()
            .fold((0, !0), |(any, all), t| (any | t.flags, all & t.flags));
        let cap_diff = any & UPPER != 0 && all & UPPER == 0;

        sentiments.clear();
        for i in 0..n {
            let t = &toks[i];
            if !t.is(HAS_LEX) || t.is(HAS_BOOST) || (t.is(KIND) && i + 1 < n && toks[i + 1].is(OF))
            {
                sentiments.push(INT_ZERO);
            } else {
                sentiments.push(self.sentiment_valence(toks, i, cap_diff));
            }
        }
        if any & BUT != 0 {
            if let Some(bi) = toks.iter().position(|t| t.is(BUT)) {
                but_check(bi, sentiments);
            }
        }
        if let Some(report) = report {
            for (t, v) in toks.iter().zip(sentiments.iter()) {
                if v.value != 0.0 {
                    report.push(TokenValence {
                        span: t.start..t.end,
                        valence: v.value,
                    });
                }
            }
        }
        if !scores {
            return (Scores::default(), 0.0);
        }
        score_valence(sentiments, source)
    }
}

fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// CPython (≥ 3.12) `sum` of the sentiments: a leading run of ints exactly, the first
/// float added plainly, then Neumaier-compensated (as `vader-parity` pins it).
fn python_sum(values: &[Valence]) -> f64 {
    let mut iter = values.iter();
    let mut i_result = 0.0_f64;
    let (mut f_result, mut c) = loop {
        match iter.next() {
            None => return i_result,
            Some(v) if v.from_int => i_result += v.value,
            Some(v) => break (i_result + v.value, 0.0_f64),
        }
    };
    for v in iter {
        let x = v.value;
        let t = f_result + x;
        if f_result.abs() >= x.abs() {
            c += (f_result - t) + x;
        } else {
            c += (x - t) + f_result;
        }
        f_result = t;
    }
    if c != 0.0 && c.is_finite() {
        f_result += c;
    }
    f_result
}

/// The reference's `score_valence`; returns the scores and `S`.
fn score_valence(sentiments: &[Valence], text: &str) -> (Scores, f64) {
    if sentiments.is_empty() {
        return (Scores::default(), 0.0);
    }
    let sum = python_sum(sentiments);
    // _punctuation_emphasis
    let (mut ep, mut qm) = (0usize, 0usize);
    let bytes = text.as_bytes();
    for at in memchr::memchr2_iter(b'!', b'?', bytes) {
        if bytes[at] == b'!' {
            ep += 1;
        } else {
            qm += 1;
        }
    }
    let ep_amplifier = ep.min(4) as f64 * 0.292;
    let qm_amplifier = match qm {
        0 | 1 => 0.0,
        2 | 3 => qm as f64 * 0.18,
        _ => 0.96,
    };
    let amplifier = ep_amplifier + qm_amplifier;
    let mut s = sum;
    if s > 0.0 {
        s += amplifier;
    } else if s < 0.0 {
        s -= amplifier;
    }
    let compound = (s / (s * s + 15.0).sqrt()).clamp(-1.0, 1.0);
    // _sift_sentiment_scores, without branches: adding +0.0 changes neither sum (pos_sum
    // is +0.0 or positive, neg_sum +0.0 or at most -1).
    let (mut pos_sum, mut neg_sum, mut neu_count) = (0.0_f64, 0.0_f64, 0.0_f64);
    for v in sentiments {
        let x = v.value;
        pos_sum += if x > 0.0 { x + 1.0 } else { 0.0 };
        neg_sum += if x < 0.0 { x - 1.0 } else { 0.0 };
        neu_count += if x == 0.0 { 1.0 } else { 0.0 };
    }
    if pos_sum > neg_sum.abs() {
        pos_sum += amplifier;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= amplifier;
    }
    let total = pos_sum + neg_sum.abs() + neu_count;
    let scores = Scores {
        compound: python_round(compound, 4),
        pos: python_round((pos_sum / total).abs(), 3),
        neu: python_round((neu_count / total).abs(), 3),
        neg: python_round((neg_sum / total).abs(), 3),
    };
    (scores, sum)
}

/// CPython's `round(x, digits)` for `digits <= 4`: the exact binary value rounded to
/// `digits` decimals, ties to even, then the nearest double to that decimal. Exact integer
/// arithmetic on the mantissa; the division of two exact doubles is correctly rounded.
pub(super) fn python_round(x: f64, digits: u32) -> f64 {
    // Beyond 2^32 (never reached by a score), k below would not be exact as a double.
    if !x.is_finite() || x.abs() >= 4_294_967_296.0 {
        return format!("{x:.prec$}", prec = digits as usize)
            .parse()
            .unwrap_or(x);
    }
    let pow = 10u64.pow(digits);
    // Fast path: for |x| <= 1, x * 10^d is within 1.2e-12 of the exact product, so away from
    // a tie it rounds the same way.
    if x.abs() <= 1.0 {
        let y = x * pow as f64;
        let f = y.floor();
        let frac = y - f;
        if (frac - 0.5).abs() > 1e-9 {
            let k = if frac > 0.5 { f + 1.0 } else { f };
            return (k / pow as f64).copysign(x);
        }
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1u64 << 52) - 1);
    // x = m * 2^e with e < 0 here.
    let (m, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), exp - 1075)
    };
    let n = m as u128 * pow as u128; // < 2^67
    let shift = (-e) as u32;
    let k = if shift >= 100 {
        0
    } else {
        let q = n >> shift;
        let rem = n & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        if rem > half || (rem == half && q & 1 == 1) {
            q + 1
        } else {
            q
        }
    };
    let r = k as u64 as f64 / pow as f64; // k < 2^46
    if x.is_sign_negative() {
        -r
    } else {
        r
    }
}
