//! The VADER word lists (lexicon, emoji, negations, boosters, idioms) and the word table
//! built from them.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::framing::vader::casing;

/// `vader_lexicon.txt` of vaderSentiment 3.3.2.
const VADER_LEXICON: &str = include_str!("vader_lexicon.txt");
/// `emoji_utf8_lexicon.txt` of vaderSentiment 3.3.2.
const EMOJI_LEXICON: &str = include_str!("emoji_utf8_lexicon.txt");

pub(super) const B_INCR: f64 = 0.293;
pub(super) const B_DECR: f64 = -0.293;

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
pub(super) const NO: u32 = 1;
pub(super) const OR_NOR: u32 = 1 << 1;
pub(super) const SO_THIS: u32 = 1 << 2;
pub(super) const NEVER: u32 = 1 << 3;
pub(super) const WITHOUT: u32 = 1 << 4;
pub(super) const DOUBT: u32 = 1 << 5;
pub(super) const LEAST: u32 = 1 << 6;
pub(super) const AT_VERY: u32 = 1 << 7;
pub(super) const BUT: u32 = 1 << 8;
pub(super) const KIND: u32 = 1 << 9;
pub(super) const OF: u32 = 1 << 10;
pub(super) const NEGATED: u32 = 1 << 11;
pub(super) const HAS_LEX: u32 = 1 << 12;
pub(super) const HAS_BOOST: u32 = 1 << 13;
// Token-only flags.
pub(super) const UPPER: u32 = 1 << 16;

/// What the rules need to know about one lowercase word.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Word {
    pub(super) lex: f64,
    pub(super) boost: f64,
    pub(super) flags: u32,
    /// Id among the words of the multi-word idioms and boosters (0: none).
    pub(super) idiom: u8,
}

/// A word of at most 15 bytes, zero-padded, with its length in the last byte: compared and
/// hashed as two integers, with no pointer to follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Short(pub(super) u64, pub(super) u64);

impl Short {
    /// `bytes` as a key, lowercasing ASCII letters when `lowercase`. (Built in registers:
    /// bytes stored to a buffer and read back as words would stall store forwarding.)
    #[inline]
    pub(super) fn new(bytes: &[u8], lowercase: bool) -> Option<Short> {
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
    pub(super) fn bytes(&self, out: &mut [u8; 16]) -> usize {
        out[..8].copy_from_slice(&self.0.to_le_bytes());
        out[8..].copy_from_slice(&self.1.to_le_bytes());
        out[15] as usize
    }
}

/// Lowercase words to what the rules need about them.
#[derive(Clone, Default)]
pub(super) struct Words {
    /// Words of at most 15 bytes (all but a few dozen).
    pub(super) short: FxHashMap<Short, Word>,
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
    pub(super) fn get(&self, key: &str) -> Word {
        if key.len() > self.max_len {
            return Word::default();
        }
        let found = match Short::new(key.as_bytes(), false) {
            Some(k) => self.short.get(&k),
            None => self.long.get(key),
        };
        found.copied().unwrap_or_default()
    }

    pub(super) fn values(&self) -> impl Iterator<Item = &Word> {
        self.short.values().chain(self.long.values())
    }
}

/// A multi-word `SPECIAL_CASES` or `BOOSTER_DICT` key as idiom word ids.
#[derive(Clone, Copy, Debug)]
pub(super) struct Ngram {
    pub(super) ids: [u8; 3],
    pub(super) len: u8,
    pub(super) value: f64,
    pub(super) is_int: bool,
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
    pub(super) words: Words,
    pub(super) emojis: FxHashMap<char, Box<str>>,
    pub(super) specials: Vec<Ngram>,
    pub(super) booster_ngrams: Vec<Ngram>,
}

/// Python's `str.isspace()` (what `str.split()` splits on).
pub(super) fn is_py_space(c: char) -> bool {
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

/// Python's `word.lower()` and `word.isupper()`. Returns the lowercase as `Some(word)` when
/// it is `word` itself, else writes it into `buf` and returns `None`.
#[inline]
pub(super) fn lowercase<'a>(word: &'a str, buf: &mut String) -> (bool, Option<&'a str>) {
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
pub(super) fn contains_nt(b: &[u8]) -> bool {
    (1..b.len().saturating_sub(1)).any(|k| b[k] == b'\'' && b[k - 1] == b'n' && b[k + 1] == b't')
}
