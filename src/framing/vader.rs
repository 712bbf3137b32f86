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

mod casing;
#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// `vader_lexicon.txt` of vaderSentiment 3.3.2.
const VADER_LEXICON: &str = include_str!("vader/vader_lexicon.txt");
/// `emoji_utf8_lexicon.txt` of vaderSentiment 3.3.2.
const EMOJI_LEXICON: &str = include_str!("vader/emoji_utf8_lexicon.txt");

const B_INCR: f64 = 0.293;
const B_DECR: f64 = -0.293;
const C_INCR: f64 = 0.733;
const N_SCALAR: f64 = -0.74;

/// `NEGATE` of the reference.
const NEGATE: [&str; 59] = [
    "aint",
    "arent",
    "cannot",
    "cant",
    "couldnt",
    "darent",
    "didnt",
    "doesnt",
    "ain't",
    "aren't",
    "can't",
    "couldn't",
    "daren't",
    "didn't",
    "doesn't",
    "dont",
    "hadnt",
    "hasnt",
    "havent",
    "isnt",
    "mightnt",
    "mustnt",
    "neither",
    "don't",
    "hadn't",
    "hasn't",
    "haven't",
    "isn't",
    "mightn't",
    "mustn't",
    "neednt",
    "needn't",
    "never",
    "none",
    "nope",
    "nor",
    "not",
    "nothing",
    "nowhere",
    "oughtnt",
    "shant",
    "shouldnt",
    "uhuh",
    "wasnt",
    "werent",
    "oughtn't",
    "shan't",
    "shouldn't",
    "uh-uh",
    "wasn't",
    "weren't",
    "without",
    "wont",
    "wouldnt",
    "won't",
    "wouldn't",
    "rarely",
    "seldom",
    "despite",
];

/// The increasing keys of `BOOSTER_DICT` (value `B_INCR`).
const BOOST_UP: [&str; 60] = [
    "absolutely",
    "amazingly",
    "awfully",
    "completely",
    "considerable",
    "considerably",
    "decidedly",
    "deeply",
    "effing",
    "enormous",
    "enormously",
    "entirely",
    "especially",
    "exceptional",
    "exceptionally",
    "extreme",
    "extremely",
    "fabulously",
    "flipping",
    "flippin",
    "frackin",
    "fracking",
    "fricking",
    "frickin",
    "frigging",
    "friggin",
    "fully",
    "fuckin",
    "fucking",
    "fuggin",
    "fugging",
    "greatly",
    "hella",
    "highly",
    "hugely",
    "incredible",
    "incredibly",
    "intensely",
    "major",
    "majorly",
    "more",
    "most",
    "particularly",
    "purely",
    "quite",
    "really",
    "remarkably",
    "so",
    "substantially",
    "thoroughly",
    "total",
    "totally",
    "tremendous",
    "tremendously",
    "uber",
    "unbelievably",
    "unusually",
    "utter",
    "utterly",
    "very",
];

/// The decreasing keys of `BOOSTER_DICT` (value `B_DECR`).
const BOOST_DOWN: [&str; 24] = [
    "almost",
    "barely",
    "hardly",
    "just enough",
    "kind of",
    "kinda",
    "kindof",
    "kind-of",
    "less",
    "little",
    "marginal",
    "marginally",
    "occasional",
    "occasionally",
    "partly",
    "scarce",
    "scarcely",
    "slight",
    "slightly",
    "somewhat",
    "sort of",
    "sorta",
    "sortof",
    "sort-of",
];

/// `SPECIAL_CASES` of the reference: key, value, and whether the Python literal is an int
/// (CPython's `sum` treats leading ints differently from floats).
const SPECIAL_CASES: [(&str, f64, bool); 9] = [
    ("the shit", 3.0, true),
    ("the bomb", 3.0, true),
    ("bad ass", 1.5, false),
    ("badass", 1.5, false),
    ("bus stop", 0.0, false),
    ("yeah right", -2.0, true),
    ("kiss of death", -1.5, false),
    ("to die for", 3.0, true),
    ("beating heart", 3.5, false),
];

// Word flags (what the rules ask of a lowercase token).
const NO: u32 = 1;
const OR_NOR: u32 = 1 << 1;
const SO_THIS: u32 = 1 << 2;
const NEVER: u32 = 1 << 3;
const WITHOUT: u32 = 1 << 4;
const DOUBT: u32 = 1 << 5;
const LEAST: u32 = 1 << 6;
const AT_VERY: u32 = 1 << 7;
const BUT: u32 = 1 << 8;
const KIND: u32 = 1 << 9;
const OF: u32 = 1 << 10;
const NEGATED: u32 = 1 << 11;
const HAS_LEX: u32 = 1 << 12;
const HAS_BOOST: u32 = 1 << 13;
// Token-only flags.
const UPPER: u32 = 1 << 16;

/// What the rules need to know about one lowercase word.
#[derive(Clone, Copy, Debug, Default)]
struct Word {
    lex: f64,
    boost: f64,
    flags: u32,
    /// Id among the words of the multi-word idioms and boosters (0: none).
    idiom: u8,
}

/// A word of at most 15 bytes, zero-padded, with its length in the last byte: compared and
/// hashed as two integers, with no pointer to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Short(u64, u64);

impl Short {
    /// `bytes` as a key, lowercasing ASCII letters when `lowercase`. (Built in registers:
    /// bytes stored to a buffer and read back as words would stall store forwarding.)
    #[inline]
    fn new(bytes: &[u8], lowercase: bool) -> Option<Short> {
        if bytes.len() > 15 {
            return None;
        }
        let (mut lo, mut hi) = (0u64, (bytes.len() as u64) << 56);
        for (k, &b) in bytes.iter().enumerate() {
            let b = if lowercase { b.to_ascii_lowercase() } else { b } as u64;
            if k < 8 {
                lo |= b << (8 * k);
            } else {
                hi |= b << (8 * (k - 8));
            }
        }
        Some(Short(lo, hi))
    }

    /// The key's bytes (for the `n't` test); returns the length.
    #[inline]
    fn bytes(&self, out: &mut [u8; 16]) -> usize {
        out[..8].copy_from_slice(&self.0.to_le_bytes());
        out[8..].copy_from_slice(&self.1.to_le_bytes());
        out[15] as usize
    }
}

/// Lowercase words to what the rules need about them.
#[derive(Clone, Default)]
struct Words {
    /// Words of at most 15 bytes (all but a few dozen).
    short: FxHashMap<Short, Word>,
    long: FxHashMap<Box<str>, Word>,
    /// Longest key, in bytes (longer tokens skip the lookup).
    max_len: usize,
}

impl Words {
    fn entry(&mut self, key: &str) -> &mut Word {
        self.max_len = self.max_len.max(key.len());
        match Short::new(key.as_bytes(), false) {
            Some(k) => self.short.entry(k).or_default(),
            None => self.long.entry(key.into()).or_default(),
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Word> {
        match Short::new(key.as_bytes(), false) {
            Some(k) => self.short.get_mut(&k),
            None => self.long.get_mut(key),
        }
    }

    #[inline]
    fn get(&self, key: &str) -> Word {
        if key.len() > self.max_len {
            return Word::default();
        }
        let found = match Short::new(key.as_bytes(), false) {
            Some(k) => self.short.get(&k),
            None => self.long.get(key),
        };
        found.copied().unwrap_or_default()
    }

    fn values(&self) -> impl Iterator<Item = &Word> {
        self.short.values().chain(self.long.values())
    }
}

/// A multi-word `SPECIAL_CASES` or `BOOSTER_DICT` key as idiom word ids.
#[derive(Clone, Copy, Debug)]
struct Ngram {
    ids: [u8; 3],
    len: u8,
    value: f64,
    is_int: bool,
}

/// The VADER analyzer: the lexicon, emoji descriptions, boosters and idioms of
/// vaderSentiment 3.3.2, possibly with neutral words.
///
/// ```
/// use corpus_lens::vader::Vader;
/// let vader = Vader::new();
/// assert_eq!(vader.polarity_scores("The book was kind of good.").compound, 0.3832);
/// ```
#[derive(Clone)]
pub struct Vader {
    words: Words,
    emojis: FxHashMap<char, Box<str>>,
    specials: Vec<Ngram>,
    booster_ngrams: Vec<Ngram>,
}

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

/// One entry of the reference's `sentiments` list, and whether Python holds it as an int.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Valence {
    value: f64,
    from_int: bool,
}

const INT_ZERO: Valence = Valence {
    value: 0.0,
    from_int: true,
};

/// One VADER token: its span (in the original text) and what the rules need.
#[derive(Clone, Copy, Debug)]
struct Tok {
    start: usize,
    end: usize,
    lex: f64,
    boost: f64,
    flags: u32,
    idiom: u8,
}

impl Tok {
    #[inline]
    fn is(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }
}

/// An emoji replaced by its description: `trans` in the translated text (with the space
/// inserted before it, if any), `orig` in the original; `shift` is the growth of the text
/// up to and including this emoji.
#[derive(Clone, Copy, Debug)]
struct Seg {
    trans: (usize, usize),
    orig: (usize, usize),
    shift: isize,
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

/// Python's `str.isspace()` for ASCII bytes (the separator controls 0x1C to 0x1F count).
const fn ascii_space_table() -> [bool; 128] {
    let mut t = [false; 128];
    let spaces = [
        b' ', b'\t', b'\n', 0x0b, 0x0c, b'\r', 0x1c, 0x1d, 0x1e, 0x1f,
    ];
    let mut i = 0;
    while i < spaces.len() {
        t[spaces[i] as usize] = true;
        i += 1;
    }
    t
}
const ASCII_SPACE: [bool; 128] = ascii_space_table();

// Byte classes for the tokenizer.
const C_SPACE: u8 = 1;
const C_UPPER: u8 = 1 << 1;
const C_LOWER: u8 = 1 << 2;
const C_PUNCT: u8 = 1 << 3;
const C_APOSTROPHE: u8 = 1 << 4;
const C_HIGH: u8 = 1 << 5;

const fn class_table() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 {
            C_HIGH
        } else if ASCII_SPACE[b] {
            C_SPACE
        } else if c.is_ascii_uppercase() {
            C_UPPER
        } else if c.is_ascii_lowercase() {
            C_LOWER
        } else if c == b'\'' {
            C_PUNCT | C_APOSTROPHE
        } else if c.is_ascii_punctuation() {
            C_PUNCT
        } else {
            0
        };
        b += 1;
    }
    t
}
/// The class of each byte (`C_*`).
const CLASS: [u8; 256] = class_table();

/// Eight ASCII bytes at once: lowercased, and which are upper- or lowercase letters.
struct Swar {
    lowered: u64,
    upper: u64,
    lower: u64,
    apostrophe: bool,
}

impl Swar {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;

    /// `w`: bytes below 0x80, so that adding below 0x80 to each carries into no other.
    #[inline]
    fn new(w: u64) -> Swar {
        let at_least = |c: u8| w + Self::ONES * (0x80 - c as u64);
        let upper = at_least(b'A') & !at_least(b'Z' + 1) & Self::HIGH;
        let lower = at_least(b'a') & !at_least(b'z' + 1) & Self::HIGH;
        let t = w ^ (Self::ONES * b'\'' as u64);
        Swar {
            lowered: w | (upper >> 2),
            upper,
            lower,
            apostrophe: t.wrapping_sub(Self::ONES) & !t & Self::HIGH != 0,
        }
    }
}

/// The whitespace bits of 16 ASCII bytes (written so that it compiles to vector compares).
#[inline]
fn space_bits16(c: &[u8; 16]) -> u16 {
    let mut m = 0u16;
    for (k, &x) in c.iter().enumerate() {
        let space = (x == b' ') | (x.wrapping_sub(9) < 5) | (x.wrapping_sub(0x1c) < 4);
        m |= (space as u16) << k;
    }
    m
}

/// Python's `str.isspace()` (what `str.split()` splits on).
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1c}'..='\u{1f}')
}

impl std::fmt::Debug for Vader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lexicon = self
            .words
            .values()
            .filter(|w| w.flags & HAS_LEX != 0)
            .count();
        f.debug_struct("Vader")
            .field("lexicon_words", &lexicon)
            .field("emojis", &self.emojis.len())
            .finish_non_exhaustive()
    }
}

impl Default for Vader {
    fn default() -> Self {
        Vader::new()
    }
}

impl Vader {
    /// The analyzer with the standard vaderSentiment 3.3.2 lexicon (build it once; see also
    /// [`Vader::standard`]).
    ///
    /// ```
    /// let vader = corpus_lens::vader::Vader::new();
    /// assert_eq!(vader.polarity_scores("").neu, 0.0);
    /// ```
    pub fn new() -> Vader {
        let mut words = Words {
            // The lexicon's lines and about a hundred rule words.
            short: FxHashMap::with_capacity_and_hasher(
                memchr::memchr_iter(b'\n', VADER_LEXICON.as_bytes()).count() + 128,
                Default::default(),
            ),
            ..Words::default()
        };
        // make_lex_dict: later duplicates win.
        for line in data_lines(VADER_LEXICON) {
            if line.is_empty() {
                continue;
            }
            if let Some((word, measure)) = two_fields(line) {
                if let Ok(value) = measure.parse::<f64>() {
                    let w = words.entry(word);
                    w.lex = value;
                    w.flags |= HAS_LEX;
                }
            }
        }
        let mut boosters: Vec<(&'static str, f64)> =
            BOOST_UP.iter().map(|&k| (k, B_INCR)).collect();
        boosters.extend(BOOST_DOWN.iter().map(|&k| (k, B_DECR)));
        let mut idiom_words: Vec<&'static str> = Vec::new();
        let mut ngram = |key: &'static str, value: f64, is_int: bool| -> Option<Ngram> {
            let parts: Vec<&str> = key.split(' ').collect();
            if parts.len() < 2 {
                return None;
            }
            let mut ids = [0u8; 3];
            for (k, part) in parts.iter().enumerate() {
                let id = match idiom_words.iter().position(|w| w == part) {
                    Some(p) => p + 1,
                    None => {
                        idiom_words.push(part);
                        idiom_words.len()
                    }
                };
                ids[k] = id as u8;
            }
            Some(Ngram {
                ids,
                len: parts.len() as u8,
                value,
                is_int,
            })
        };
        let specials: Vec<Ngram> = SPECIAL_CASES
            .iter()
            .filter_map(|&(key, value, is_int)| ngram(key, value, is_int))
            .collect();
        let booster_ngrams: Vec<Ngram> = boosters
            .iter()
            .filter_map(|&(key, value)| ngram(key, value, false))
            .collect();
        for &(key, value) in &boosters {
            if !key.contains(' ') {
                let w = words.entry(key);
                w.boost = value;
                w.flags |= HAS_BOOST;
            }
        }
        for (k, &word) in idiom_words.iter().enumerate() {
            words.entry(word).idiom = k as u8 + 1;
        }
        let named: [(&[&str], u32); 11] = [
            (&["no"], NO),
            (&["or", "nor"], OR_NOR),
            (&["so", "this"], SO_THIS),
            (&["never"], NEVER),
            (&["without"], WITHOUT),
            (&["doubt"], DOUBT),
            (&["least"], LEAST),
            (&["at", "very"], AT_VERY),
            (&["but"], BUT),
            (&["kind"], KIND),
            (&["of"], OF),
        ];
        for (keys, flag) in named.iter().copied().chain([(&NEGATE[..], NEGATED)]) {
            for &key in keys {
                words.entry(key).flags |= flag;
            }
        }
        // make_emoji_dict; only single code points can match (the reference looks emoji up
        // one character at a time).
        let mut emojis: FxHashMap<char, Box<str>> = FxHashMap::default();
        for line in data_lines(EMOJI_LEXICON) {
            if let Some((key, description)) = two_fields(line) {
                let mut chars = key.chars();
                if let (Some(c), None) = (chars.next(), chars.next()) {
                    emojis.insert(c, description.into());
                }
            }
        }
        Vader {
            words,
            emojis,
            specials,
            booster_ngrams,
        }
    }

    /// The standard analyzer, built once per process.
    ///
    /// ```
    /// let s = corpus_lens::vader::Vader::standard().polarity_scores("VADER is not smart.");
    /// assert!(s.compound < 0.0);
    /// ```
    pub fn standard() -> &'static Vader {
        static STANDARD: OnceLock<Vader> = OnceLock::new();
        STANDARD.get_or_init(Vader::new)
    }

    /// Historical mode support: these (lowercase) words get no valence (as if absent from the
    /// lexicon) while keeping their roles as boosters, negations or idiom words. Each word is
    /// lowercased as VADER lowercases tokens; words not in the lexicon change nothing.
    ///
    /// ```
    /// use corpus_lens::vader::Vader;
    /// let vader = Vader::new().with_neutral(["party"]);
    /// assert_eq!(
    ///     vader.polarity_scores("The party was a great success"),
    ///     Vader::standard().polarity_scores("The meeting was a great success"),
    /// );
    /// ```
    pub fn with_neutral<I, S>(mut self, words: I) -> Vader
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut lower = String::new();
        for word in words {
            let (_, key) = lowercase(word.as_ref(), &mut lower);
            let key: &str = match key {
                Some(k) => k,
                None => &lower,
            };
            if let Some(w) = self.words.get_mut(key) {
                w.lex = 0.0;
                w.flags &= !HAS_LEX;
            }
        }
        self
    }

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

    /// Replaces each emoji by its description, as the reference does (a space before it
    /// unless the previous character was a space). Returns false when there is none.
    fn translate_emojis(&self, text: &str, out: &mut String, segs: &mut Vec<Seg>) -> bool {
        // Every emoji is at least U+00A9, whose UTF-8 starts with 0xC2: look at those only.
        let bytes = text.as_bytes();
        let mut at = 0;
        let first = loop {
            let Some(skip) = bytes[at..].iter().position(|&b| b >= 0xC2) else {
                return false;
            };
            at += skip;
            let c = text[at..].chars().next().unwrap_or(' ');
            if self.emojis.contains_key(&c) {
                break at;
            }
            at += c.len_utf8();
        };
        out.clear();
        out.push_str(&text[..first]);
        let mut prev_space = text[..first].ends_with(' ') || first == 0;
        let mut shift = 0isize;
        for (at, c) in text[first..].char_indices() {
            let at = at + first;
            let emoji = if c >= '\u{a9}' {
                self.emojis.get(&c)
            } else {
                None
            };
            if let Some(description) = emoji {
                let start = out.len();
                if !prev_space {
                    out.push(' ');
                }
                out.push_str(description);
                let len = c.len_utf8();
                shift += (out.len() - start) as isize - len as isize;
                segs.push(Seg {
                    trans: (start, out.len()),
                    orig: (at, at + len),
                    shift,
                });
                prev_space = false;
            } else {
                out.push(c);
                prev_space = c == ' ';
            }
        }
        true
    }

    /// [`Vader::tokenize`] for an ASCII text (no emoji, no wide whitespace, ASCII case):
    /// whitespace found 64 bytes at a time, each token read once.
    #[inline(never)]
    fn tokenize_ascii(
        &self,
        src: &str,
        padded: &[u8],
        masks: &[(usize, usize)],
        bits: &mut Vec<u64>,
        lower: &mut String,
        toks: &mut Vec<Tok>,
    ) {
        toks.clear();
        let b = src.as_bytes();
        let len = b.len();
        bits.clear();
        let mut chunks = b.chunks_exact(64);
        for chunk in &mut chunks {
            let mut word = 0u64;
            for (k, part) in chunk.chunks_exact(16).enumerate() {
                let part: &[u8; 16] = part.try_into().unwrap_or(&[0; 16]);
                word |= (space_bits16(part) as u64) << (16 * k);
            }
            bits.push(word);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = 0u64;
            for (k, &c) in rest.iter().enumerate() {
                word |= (ASCII_SPACE[c as usize] as u64) << k;
            }
            bits.push(word);
        }
        // Past the end is whitespace, and a last word of whitespace ends every scan.
        if let Some(last) = bits.last_mut() {
            if len % 64 != 0 {
                *last |= !0u64 << (len % 64);
            }
        }
        bits.push(!0);
        let mut i = 0;
        loop {
            // The next non-whitespace byte at or after i.
            let mut w = i / 64;
            let mut word = !bits[w] & (!0u64 << (i % 64));
            while word == 0 {
                w += 1;
                if w == bits.len() {
                    return;
                }
                word = !bits[w];
            }
            let start = w * 64 + word.trailing_zeros() as usize;
            // The next whitespace byte after it (there is one: the end).
            let mut word = bits[w] & (!0u64 << (start % 64));
            while word == 0 {
                w += 1;
                word = bits[w];
            }
            let end = w * 64 + word.trailing_zeros() as usize;
            toks.push(self.token_ascii(padded, start, end, masks, lower));
            i = end;
        }
    }

    /// [`Vader::token`] for ASCII bytes `b[start..end]`; `b` holds at least 16 more bytes
    /// after `end` (a word of up to 15 bytes is read as two integers).
    #[inline]
    fn token_ascii(
        &self,
        b: &[u8],
        start: usize,
        end: usize,
        masks: &[(usize, usize)],
        lower: &mut String,
    ) -> Tok {
        // _strip_punc_if_word
        let (mut s, mut e) = (start, end);
        if (CLASS[b[s] as usize] | CLASS[b[e - 1] as usize]) & C_PUNCT != 0 {
            while s < e && b[s].is_ascii_punctuation() {
                s += 1;
            }
            while e > s && b[e - 1].is_ascii_punctuation() {
                e -= 1;
            }
            if e - s <= 2 {
                (s, e) = (start, end);
            }
        }
        let n = e - s;
        let (info, upper, nt) = if n <= 15 {
            // The word's bytes as two integers, lowercased and classified 8 at a time.
            let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or([0; 8]));
            let (keep_lo, keep_hi) = if n >= 8 {
                (!0u64, (1u64 << (8 * (n - 8))) - 1)
            } else {
                ((1u64 << (8 * n)) - 1, 0)
            };
            let lo = Swar::new(word(s) & keep_lo);
            let hi = Swar::new(word(s + 8) & keep_hi);
            let key = Short(lo.lowered, hi.lowered | (n as u64) << 56);
            let upper = (lo.upper | hi.upper) != 0 && (lo.lower | hi.lower) == 0;
            let info = self.words.short.get(&key).copied().unwrap_or_default();
            let mut nt = false;
            if lo.apostrophe || hi.apostrophe {
                let mut buf = [0u8; 16];
                let n = key.bytes(&mut buf);
                nt = contains_nt(&buf[..n]);
            }
            (info, upper, nt)
        } else {
            let mut seen = 0u8;
            lower.clear();
            for &c in &b[s..e] {
                seen |= CLASS[c as usize];
                lower.push(c.to_ascii_lowercase() as char);
            }
            let nt = seen & C_APOSTROPHE != 0 && contains_nt(lower.as_bytes());
            let upper = seen & C_UPPER != 0 && seen & C_LOWER == 0;
            (self.words.get(lower), upper, nt)
        };
        let mut flags = info.flags;
        if upper {
            flags |= UPPER;
        }
        if nt {
            flags |= NEGATED;
        }
        if !masks.is_empty() {
            let k = masks.partition_point(|m| m.0 < e);
            if k > 0 && masks[k - 1].1 > s {
                flags &= !HAS_LEX;
            }
        }
        Tok {
            start: s,
            end: e,
            lex: info.lex,
            boost: info.boost,
            flags,
            idiom: info.idiom,
        }
    }

    /// The reference's `words_and_emoticons`: split on whitespace, strip surrounding
    /// punctuation when more than two characters remain; with each token's lookups done.
    fn tokenize(
        &self,
        src: &str,
        segs: &[Seg],
        masks: &[(usize, usize)],
        padded: &[u8],
        lower: &mut String,
        toks: &mut Vec<Tok>,
    ) {
        toks.clear();
        let b = src.as_bytes();
        let len = b.len();
        // A non-ASCII character at `i` that Python counts as whitespace: its length.
        let wide_space = |i: usize| {
            let ch = src[i..].chars().next().unwrap_or(' ');
            (is_py_space(ch), ch.len_utf8())
        };
        let mut i = 0;
        while i < len {
            let class = CLASS[b[i] as usize];
            if class & C_SPACE != 0 {
                i += 1;
                continue;
            }
            if class & C_HIGH != 0 {
                let (space, width) = wide_space(i);
                if space {
                    i += width;
                    continue;
                }
            }
            let start = i;
            let mut seen = 0u8;
            while i < len {
                let class = CLASS[b[i] as usize];
                if class & C_SPACE != 0 {
                    break;
                }
                if class & C_HIGH != 0 {
                    let (space, width) = wide_space(i);
                    if space {
                        break;
                    }
                    i += width;
                } else {
                    i += 1;
                }
                seen |= class;
            }
            if seen & C_HIGH == 0 && segs.is_empty() {
                toks.push(self.token_ascii(padded, start, i, masks, lower));
            } else {
                toks.push(self.token(src, start, i, seen, segs, masks, lower));
            }
        }
    }

    /// One token from `src[start..end]` (no whitespace inside; `seen`: the union of its
    /// bytes' classes).
    #[allow(clippy::too_many_arguments)]
    fn token(
        &self,
        src: &str,
        start: usize,
        end: usize,
        seen: u8,
        segs: &[Seg],
        masks: &[(usize, usize)],
        lower: &mut String,
    ) -> Tok {
        let b = src.as_bytes();
        // _strip_punc_if_word
        let (mut s, mut e) = (start, end);
        if seen & C_PUNCT != 0 {
            while s < e && b[s].is_ascii_punctuation() {
                s += 1;
            }
            while e > s && b[e - 1].is_ascii_punctuation() {
                e -= 1;
            }
            let kept = if seen & C_HIGH == 0 {
                e - s
            } else {
                src[s..e].chars().take(3).count()
            };
            if kept <= 2 {
                (s, e) = (start, end);
            }
        }
        let word = &src[s..e];
        // word.lower(), word.isupper(): the bytes' classes answer for ASCII.
        let (upper, info, nt) = if seen & C_HIGH == 0 {
            let upper = seen & C_UPPER != 0 && seen & C_LOWER == 0;
            if let Some(key) = Short::new(word.as_bytes(), seen & C_UPPER != 0) {
                let info = self.words.short.get(&key).copied().unwrap_or_default();
                let mut nt = false;
                if seen & C_APOSTROPHE != 0 {
                    let mut buf = [0u8; 16];
                    let n = key.bytes(&mut buf);
                    nt = contains_nt(&buf[..n]);
                }
                (upper, info, nt)
            } else {
                lower.clear();
                lower.push_str(word);
                lower.make_ascii_lowercase();
                let nt = seen & C_APOSTROPHE != 0 && contains_nt(lower.as_bytes());
                (upper, self.words.get(lower), nt)
            }
        } else {
            lower.clear();
            casing::py_lower_into(word, lower);
            let nt = seen & C_APOSTROPHE != 0 && contains_nt(lower.as_bytes());
            (casing::py_isupper(word), self.words.get(lower), nt)
        };
        let mut flags = info.flags;
        if upper {
            flags |= UPPER;
        }
        if nt {
            flags |= NEGATED;
        }
        let (start, end) = if segs.is_empty() {
            (s, e)
        } else {
            (map_pos(segs, s).0, map_pos(segs, e - 1).1)
        };
        if !masks.is_empty() {
            // Masks sorted by start; .1 is the running maximum end.
            let k = masks.partition_point(|m| m.0 < end);
            if k > 0 && masks[k - 1].1 > start {
                flags &= !HAS_LEX;
            }
        }
        Tok {
            start,
            end,
            lex: info.lex,
            boost: info.boost,
            flags,
            idiom: info.idiom,
        }
    }

    /// The reference's `sentiment_valence` for the token at `i`.
    #[inline]
    fn sentiment_valence(&self, toks: &[Tok], i: usize, cap_diff: bool) -> Valence {
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

/// Whether VADER reads `word` as a negation (the reference's `negated([word])`): one of its
/// `NEGATE` words ("not", "never", "without", "nor", ...) or a word containing "n't".
/// The word is lowercased first, as VADER lowercases tokens.
///
/// ```
/// use corpus_lens::vader::is_negation;
/// assert!(is_negation("not") && is_negation("Never") && is_negation("wouldn't"));
/// assert!(!is_negation("no") && !is_negation("good"));
/// ```
pub fn is_negation(word: &str) -> bool {
    let mut buf = String::new();
    let (_, key) = lowercase(word, &mut buf);
    let key = key.unwrap_or(&buf);
    Vader::standard().words.get(key).flags & NEGATED != 0 || contains_nt(key.as_bytes())
}

/// VADER's booster or dampener increment for `word` (`BOOSTER_DICT` of the reference:
/// 0.293 for "very", "extremely", ...; -0.293 for "slightly", "kind of", ...), if it is
/// one. The word is lowercased first, as VADER lowercases tokens.
///
/// ```
/// use corpus_lens::vader::booster;
/// assert_eq!(booster("very"), Some(0.293));
/// assert_eq!(booster("Slightly"), Some(-0.293));
/// assert_eq!(booster("kind of"), Some(-0.293));
/// assert_eq!(booster("good"), None);
/// ```
pub fn booster(word: &str) -> Option<f64> {
    let mut buf = String::new();
    let (_, key) = lowercase(word, &mut buf);
    let key = key.unwrap_or(&buf);
    if key.contains(' ') {
        return BOOST_DOWN.contains(&key).then_some(B_DECR);
    }
    let w = Vader::standard().words.get(key);
    (w.flags & HAS_BOOST != 0).then_some(w.boost)
}

/// The lines of a data file as the reference reads it: `text.rstrip('\n').split('\n')`.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.trim_end_matches('\n');
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain([text.len()])
        .map(move |end| {
            let line = &text[start..end];
            start = end + 1;
            line
        })
}

/// `line.strip().split('\t')[0:2]`, when there are two fields.
fn two_fields(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_matches(is_py_space);
    let tab = memchr::memchr(b'\t', line.as_bytes())?;
    let rest = &line[tab + 1..];
    let end = memchr::memchr(b'\t', rest.as_bytes()).unwrap_or(rest.len());
    Some((&line[..tab], &rest[..end]))
}

fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// Python's `word.lower()` and `word.isupper()`. Returns the lowercase as `Some(word)` when
/// it is `word` itself, else writes it into `buf` and returns `None`.
#[inline]
fn lowercase<'a>(word: &'a str, buf: &mut String) -> (bool, Option<&'a str>) {
    let bytes = word.as_bytes();
    if word.is_ascii() {
        let has_upper = bytes.iter().any(u8::is_ascii_uppercase);
        if !has_upper {
            return (false, Some(word));
        }
        let has_lower = bytes.iter().any(u8::is_ascii_lowercase);
        buf.clear();
        buf.push_str(word);
        buf.make_ascii_lowercase();
        (!has_lower, None)
    } else {
        buf.clear();
        casing::py_lower_into(word, buf);
        (casing::py_isupper(word), None)
    }
}

/// `"n't" in word`.
#[inline]
fn contains_nt(b: &[u8]) -> bool {
    (1..b.len().saturating_sub(1)).any(|k| b[k] == b'\'' && b[k - 1] == b'n' && b[k + 1] == b't')
}

/// The original span of the translated byte at `p`.
fn map_pos(segs: &[Seg], p: usize) -> (usize, usize) {
    let k = segs.partition_point(|s| s.trans.0 <= p);
    if k == 0 {
        return (p, p + 1);
    }
    let seg = &segs[k - 1];
    if p < seg.trans.1 {
        seg.orig
    } else {
        let q = (p as isize - seg.shift) as usize;
        (q, q + 1)
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
fn but_check(bi: usize, sentiments: &mut [Valence]) {
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
fn python_round(x: f64, digits: u32) -> f64 {
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
