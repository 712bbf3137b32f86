//! VADER sentiment (Hutto & Gilbert 2014), with exact parity to Python vaderSentiment 3.3.2,
//! token valences, masks and neutral words.
//!
//! VADER scores a text from a lexicon of about 7,500 words and emoticons, each with a
//! valence in [-4, 4], adjusted by rules: boosters and dampeners ("very", "slightly") in the
//! three preceding tokens (their effect decays to 0.95 and 0.9 of it at distance two and
//! three), negation ("not", "never", words in "n't"; "never so/this" intensifies, "without
//! doubt" does not negate, "least" negates unless after "at" or "very"), "kind of", the
//! "but" rule (valences before the first "but" × 0.5, after it × 1.5), ALL-CAPS words in a
//! mixed-case text (± 0.733), "!" (0.292 each, at most 4) and "?" (0.18 each for 2 or 3,
//! 0.96 for more), a few idioms ("the bomb", "kiss of death"), and emoji, which are replaced
//! by their English descriptions first. With `S` the sum of the token valences after the
//! rules, and `p` the punctuation amplifier (added to `S` away from zero),
//!
//! ```text
//! compound = (S ± p) / sqrt((S ± p)^2 + 15)      rounded to 4 decimals
//! pos, neg = Σ (v + 1) over v > 0, Σ (v − 1) over v < 0 (± p), over the total with neu
//! neu      = the number of tokens with valence 0                  (3 decimals each)
//! ```
//!
//! **Parity.** This is a transcription of vaderSentiment 3.3.2's
//! [`vaderSentiment.py`](https://github.com/cjhutto/vaderSentiment/blob/v3.3.2/vaderSentiment/vaderSentiment.py)
//! (`SentiText`, `polarity_scores`, `sentiment_valence` and its checks), quirks included:
//! the "but" rule re-finds each valence with `list.index`, so it reweights the *first* equal
//! valence; a bare "so" or "this" just before a word multiplies it by 1.25 (operator
//! precedence in `_negation_check`); the idioms replace the valence of a word three tokens
//! later; the sum is CPython ≥ 3.12's compensated `sum()`, with its exact handling of the
//! int valences the idiom table holds; rounding is CPython's `round` (half to even on the
//! exact binary value). `str.lower()` and `str.isupper()` follow CPython 3.14 and Unicode 16
//! through recorded tables, so scores do not move with Rust's Unicode version. A test checks
//! every sentence of the shipped corpora, and a property test generated sentences, against
//! the `vader-parity` crate bit for bit, and the README examples against their published
//! values.
//!
//! **Beyond the reference**: [`Vader::with_neutral`] empties the valence of given words (the
//! historical mode: domain words such as "party" that are not sentiment), and
//! [`Vader::analyze`] masks tokens by byte range and reports each scored token's final
//! valence with its byte span.
//!
//! The lexicons (`src/vader/vader_lexicon.txt`, `src/vader/emoji_utf8_lexicon.txt`) are the
//! 3.3.2 files, MIT-licensed, © 2016 C.J. Hutto (`src/vader/LICENSE-VADER`); the casing
//! tables come from the `vader-parity` crate (MIT; see `src/vader/NOTICE.md`).
//!
//! Reference: Hutto, C. J. & Gilbert, E. (2014). VADER: A parsimonious rule-based model for
//! sentiment analysis of social media text. *Eighth International Conference on Weblogs and
//! Social Media (ICWSM-14)*, Ann Arbor, MI.
//!
//! ```
//! use corpus_lens::vader::Vader;
//! let s = Vader::standard().polarity_scores("VADER is smart, handsome, and funny.");
//! assert_eq!((s.compound, s.pos, s.neu, s.neg), (0.8316, 0.746, 0.254, 0.0));
//! ```

mod analyzer;
mod casing;
mod lexicon;
mod rules;
#[cfg(test)]
mod tests;
mod tokens;

pub use analyzer::{Analysis, Scores, TokenValence};
pub use lexicon::{booster, is_negation, Vader};
