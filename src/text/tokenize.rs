//! Stage 3, tokenization: a normalized paragraph in, tokens with byte spans out.
//!
//! **The default rule.** A token is a maximal run of letters and digits in which a single
//! apostrophe (`'`; curly ones were folded to it by [`crate::text::normalize`]) or a single hyphen
//! standing between two letters joins: `kerensky's`, `counter-revolutionary` and `S.R.`'s
//! parts `s`, `r` are tokens; `--` (a dash) never joins, nor does a hyphen between digits.
//! Combining marks continue a token. A token with no digit is a **word**; a token holding a
//! digit is a **number** token (`1917`, `r8le`), kept out of word counts by default.
//! CJK text has no spaces, so a run of ideographs is one token (no word segmentation).
//!
//! **Case folding** ([`fold_case`]) uses full Unicode lowercasing (`str::to_lowercase`, which
//! handles the Greek final sigma), with an ASCII fast path.
//!
//! **OCR signs** ([`OcrSign`]): letters mixed with digits (`r8le`), and a lowercase-to-capital
//! change after three lowercase letters (`infantryMeanwhile`, a caption glued to a paragraph).
//! Known misreadings of common words (`thc`) are a property of the type and are checked once
//! per type by [`known_misreading`].
//!
//! **Speed.** [`tokenize`] classifies ASCII bytes by table and decodes a `char` only for
//! non-ASCII bytes; [`tokenize_reference`] is the plain `char`-by-`char` statement of the same
//! rule. They give identical tokens (a property test checks it).

use std::ops::Range;

use unicode_normalization::char::is_combining_mark;

/// What kind of token this is.
///
/// ```
/// use corpus_lens::tokenize::{tokenize, TokenKind};
/// let mut tokens = Vec::new();
/// tokenize("In 1917, Lenin", &mut tokens);
/// let kinds: Vec<TokenKind> = tokens.iter().map(|t| t.kind).collect();
/// assert_eq!(kinds, [TokenKind::Word, TokenKind::Number, TokenKind::Word]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    /// Letters only (with joining apostrophes and hyphens).
    Word,
    /// Holds at least one digit.
    Number,
}

/// A structural sign that a token is OCR noise.
///
/// ```
/// use corpus_lens::tokenize::{known_misreading, tokenize, OcrSign};
/// let mut tokens = Vec::new();
/// tokenize("r8le infantryMeanwhile 7th", &mut tokens);
/// let signs: Vec<Option<OcrSign>> = tokens.iter().map(|t| t.ocr).collect();
/// assert_eq!(signs, [Some(OcrSign::MixedLettersDigits), Some(OcrSign::GluedWords), None]);
/// assert!(known_misreading("thc")); // a property of the type, checked once per word
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum OcrSign {
    /// Letters and digits in one token, such as `r8le`.
    MixedLettersDigits,
    /// A capital after three or more lowercase letters, such as `infantryMeanwhile`.
    GluedWords,
    /// A known misreading of a common word, such as `thc` for `the`.
    KnownMisreading,
}

impl OcrSign {
    /// The name used in the `reason` column of `ocr_suspects.csv`.
    ///
    /// ```
    /// assert_eq!(corpus_lens::tokenize::OcrSign::GluedWords.as_str(), "glued_words");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            OcrSign::MixedLettersDigits => "mixed_letters_digits",
            OcrSign::GluedWords => "glued_words",
            OcrSign::KnownMisreading => "known_misreading",
        }
    }
}

/// One token: its byte span in the normalized paragraph and what it is.
///
/// ```
/// use corpus_lens::tokenize::tokenize;
/// let text = "Kerensky's counter-revolutionary plot -- failed";
/// let mut tokens = Vec::new();
/// tokenize(text, &mut tokens);
/// let words: Vec<&str> = tokens.iter().map(|t| &text[t.span.clone()]).collect();
/// assert_eq!(words, ["Kerensky's", "counter-revolutionary", "plot", "failed"]);
/// assert!(!tokens[0].folded && tokens[2].folded); // "plot" is already lowercase ASCII
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the normalized paragraph.
    pub span: Range<usize>,
    /// Word or number.
    pub kind: TokenKind,
    /// A structural OCR sign, if any.
    pub ocr: Option<OcrSign>,
    /// True when the token is plain lowercase ASCII (letters, `'` and `-`): case folding
    /// would not change it.
    pub folded: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Lower,
    Upper,
    Digit,
    Apostrophe,
    Hyphen,
    Mark,
    Other,
}

const fn ascii_classes() -> [Class; 128] {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' => Class::Lower,
            b'A'..=b'Z' => Class::Upper,
            b'0'..=b'9' => Class::Digit,
            b'\'' => Class::Apostrophe,
            b'-' => Class::Hyphen,
            _ => Class::Other,
        };
        b += 1;
    }
    table
}

static ASCII: [Class; 128] = ascii_classes();

fn classify_char(c: char) -> Class {
    if c.is_ascii() {
        return ASCII[c as usize];
    }
    if c.is_alphabetic() {
        if c.is_uppercase() {
            Class::Upper
        } else {
            Class::Lower
        }
    } else if c.is_numeric() {
        Class::Digit
    } else if is_combining_mark(c) {
        Class::Mark
    } else {
        Class::Other
    }
}

/// Class and byte length of the character at `i` (which must be a char boundary).
#[inline]
fn class_at(text: &str, i: usize) -> (Class, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (ASCII[b as usize], 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    (classify_char(c), c.len_utf8())
}

fn is_letter(class: Class) -> bool {
    matches!(class, Class::Lower | Class::Upper)
}

fn is_core(class: Class) -> bool {
    matches!(class, Class::Lower | Class::Upper | Class::Digit)
}

/// Tracks what a token holds while it is scanned.
#[derive(Default)]
struct Shape {
    letters: bool,
    digits: bool,
    lower_run: u32,
    glued: bool,
}

impl Shape {
    fn add(&mut self, class: Class) {
        match class {
            Class::Lower => {
                self.letters = true;
                self.lower_run += 1;
            }
            Class::Upper => {
                self.letters = true;
                self.glued |= self.lower_run >= 3;
                self.lower_run = 0;
            }
            Class::Digit => {
                self.digits = true;
                self.lower_run = 0;
            }
            Class::Mark => {}
            _ => self.lower_run = 0,
        }
    }

    fn token(&self, text: &str, span: Range<usize>) -> Token {
        let kind = if self.digits {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        let ocr = if self.digits && self.letters && !is_ordinal(&text[span.clone()]) {
            Some(OcrSign::MixedLettersDigits)
        } else if self.glued {
            Some(OcrSign::GluedWords)
        } else {
            None
        };
        let folded = kind == TokenKind::Word
            && text[span.clone()]
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'\'' || b == b'-');
        Token {
            span,
            kind,
            ocr,
            folded,
        }
    }
}

/// Splits a normalized paragraph into tokens, appending them to `out` (not cleared first).
///
/// ```
/// use corpus_lens::tokenize::{tokenize, TokenKind};
/// let text = "Kerensky's counter-revolutionary r8le -- 1917.";
/// let mut tokens = Vec::new();
/// tokenize(text, &mut tokens);
/// let words: Vec<&str> = tokens.iter().map(|t| &text[t.span.clone()]).collect();
/// assert_eq!(words, ["Kerensky's", "counter-revolutionary", "r8le", "1917"]);
/// assert_eq!(tokens[2].kind, TokenKind::Number);
/// ```
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    tokenize_each(text, |token| out.push(token));
}

/// Calls `f` with each token of `text`, in order: [`tokenize`] without the vector.
///
/// ```
/// let mut n = 0;
/// corpus_lens::tokenize::tokenize_each("Two words.", |_| n += 1);
/// assert_eq!(n, 2);
/// ```
#[inline]
pub fn tokenize_each(text: &str, mut f: impl FnMut(Token)) {
    tokenize_keyed(text, |token, _| f(token));
}

/// [`tokenize_each`], also giving each token's lowercased bytes packed as a key when the
/// token is 1 to 15 ASCII letters, lowercase or capitalized (`soviet`, `Soviet`): the bytes
/// in little-endian order, zero-padded (the form [`crate::count::vocab::LocalVocabulary::id_key`]
/// takes). Other tokens get key 0 (no token packs to 0).
///
/// These plain words are most tokens of English prose. They are found a 16-byte window at a
/// time (a letter mask, no per-byte branch) and their key costs a mask and an OR instead
/// of a copy and a lowercase pass; everything else takes the general path.
///
/// ```
/// use corpus_lens::tokenize::tokenize_keyed;
/// let mut keys = Vec::new();
/// tokenize_keyed("Soviet soviet r8le", |_, key| keys.push(key));
/// let soviet = u128::from_le_bytes(*b"soviet\0\0\0\0\0\0\0\0\0\0");
/// assert_eq!(keys, [soviet, soviet, 0]);
/// ```
#[inline]
pub fn tokenize_keyed(text: &str, mut f: impl FnMut(Token, u128)) {
    let bytes = text.as_bytes();
    let n = bytes.len();
    let mut i = 0;
    while i < n {
        let window = window16(bytes, i);
        let masks = Masks::of(&window);
        if masks.starts & 1 == 0 {
            // ASCII separators: go to the next byte that may start a token.
            i += next_start(masks.starts, 0);
            continue;
        }
        if let Some((run, key, folded)) = plain_word(&window, &masks) {
            let token = Token {
                span: i..i + run,
                kind: TokenKind::Word,
                ocr: None,
                folded,
            };
            // The byte after the run is a separator (`plain_word` checked): skip the
            // separators that follow it in this window too.
            i += next_start(masks.starts, run);
            f(token, key);
            continue;
        }
        let (class, len) = class_at(text, i);
        if !is_core(class) {
            i += len;
            continue;
        }
        let start = i;
        // The two common shapes need no second look: all lowercase ASCII ("soviet"), and a
        // capital then lowercase ASCII ("Soviet"). `rest_lower_ascii` says all after the first.
        let first_upper_ascii = class == Class::Upper && len == 1;
        let mut rest_lower_ascii = len == 1 && matches!(class, Class::Lower | Class::Upper);
        // Class of the last character taken when it was not ASCII (ASCII ones are re-read).
        let mut last_wide = class;
        i += len;
        while i < n {
            let b = bytes[i];
            if b < 0x80 {
                match ASCII[b as usize] {
                    Class::Lower => {
                        i += 1;
                        continue;
                    }
                    Class::Upper | Class::Digit => {
                        rest_lower_ascii = false;
                        i += 1;
                        continue;
                    }
                    joiner @ (Class::Apostrophe | Class::Hyphen) => {
                        let prev = match bytes[i - 1] {
                            p if p < 0x80 => ASCII[p as usize],
                            _ => last_wide,
                        };
                        if joins(text, i + 1, prev, joiner) {
                            i += 1;
                            continue;
                        }
                        break;
                    }
                    _ => break,
                }
            }
            let (class, len) = class_at(text, i);
            if !(is_core(class) || class == Class::Mark) {
                break;
            }
            rest_lower_ascii = false;
            last_wide = class;
            i += len;
        }
        let token = if rest_lower_ascii {
            Token {
                span: start..i,
                kind: TokenKind::Word,
                ocr: None,
                folded: !first_upper_ascii,
            }
        } else {
            shape_of(&text[start..i]).token(text, start..i)
        };
        f(token, 0);
    }
}

/// The plain word at the start of `window`, if there is one: a run of 1 to 15 ASCII
/// letters whose only capital, if any, is the first, not continued by a digit, joiner or
/// non-ASCII character (those need the general rule). Returns its length, its packed
/// lowercase key and whether it was already lowercase.
#[inline(always)]
fn plain_word(window: &[u8; 16], masks: &Masks) -> Option<(usize, u128, bool)> {
    let run = (!masks.letters).trailing_zeros() as usize;
    if run == 0 || run == 16 || masks.capitals & ((1 << run) - 1) & !1 != 0 {
        return None;
    }
    // The byte after the run (0 past the end: the window is zero-padded).
    let next = window[run];
    if next >= 0x80 || next.is_ascii_digit() || next == b'\'' || next == b'-' {
        return None;
    }
    let first_capital = masks.capitals & 1;
    let key =
        u128::from_le_bytes(*window) & ((1u128 << (8 * run)) - 1) | (first_capital as u128 * 0x20);
    Some((run, key, first_capital == 0))
}

/// Offset in the window of the first possible token start at or after `from`, or 16 if the
/// rest of the window holds none.
#[inline(always)]
fn next_start(starts: u32, from: usize) -> usize {
    let rest = starts >> from;
    if rest == 0 {
        16
    } else {
        from + rest.trailing_zeros() as usize
    }
}

/// Bit masks of a 16-byte window, bit `k` for byte `k`.
struct Masks {
    /// ASCII letters.
    letters: u32,
    /// ASCII capitals.
    capitals: u32,
    /// Bytes that may start a token: ASCII letters and digits, and every non-ASCII byte
    /// (whose character the general path classifies).
    starts: u32,
}

impl Masks {
    #[inline(always)]
    fn of(window: &[u8; 16]) -> Masks {
        let half = |at: usize| u64::from_le_bytes(window[at..at + 8].try_into().unwrap_or([0; 8]));
        let (lo, hi) = (masks8(half(0)), masks8(half(8)));
        Masks {
            letters: lo.0 | hi.0 << 8,
            capitals: lo.1 | hi.1 << 8,
            starts: lo.2 | hi.2 << 8,
        }
    }
}

/// The 16 bytes from `i`, zero-padded past the end.
#[inline(always)]
fn window16(bytes: &[u8], i: usize) -> [u8; 16] {
    match bytes.get(i..i + 16) {
        Some(w) => w.try_into().unwrap_or([0; 16]),
        None => {
            let mut w = [0; 16];
            let tail = &bytes[i.min(bytes.len())..];
            w[..tail.len()].copy_from_slice(tail);
            w
        }
    }
}

/// [`Masks`] of 8 bytes at once (SWAR, no branch): letters, capitals and possible token
/// starts. Each byte's 7 low bits plus a constant sets its high bit exactly when the byte
/// reaches a bound, without carrying into the next byte.
#[inline(always)]
fn masks8(x: u64) -> (u32, u32, u32) {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ones = |b: u8| 0x0101_0101_0101_0101u64 * b as u64;
    let ascii = !x & HIGH;
    let between = |y: u64, first: u8, past: u8| {
        // High bit set: y >= first; and not y >= past.
        (y + ones(0x80 - first)) & !(y + ones(0x80 - past)) & ascii
    };
    let folded = (x | ones(0x20)) & LOW7;
    let letters = between(folded, b'a', b'z' + 1);
    let capitals = between(x & LOW7, b'A', b'Z' + 1);
    let digits = between(x & LOW7, b'0', b'9' + 1);
    let starts = letters | digits | (x & HIGH);
    (
        gather_high_bits(letters),
        gather_high_bits(capitals),
        gather_high_bits(starts),
    )
}

/// The high bit of each byte of `x` (all other bits zero) as 8 bits, byte `k` to bit `k`.
#[inline(always)]
fn gather_high_bits(x: u64) -> u32 {
    ((x >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// The shape of a token, char by char (the fast path skips this for plain lowercase words).
fn shape_of(token: &str) -> Shape {
    let mut shape = Shape::default();
    for c in token.chars() {
        shape.add(classify_char(c));
    }
    shape
}

/// Digits followed by an ordinal or plural suffix (`7th`, `2nd`, `3d`, `1920s`): numbers,
/// not OCR noise.
fn is_ordinal(token: &str) -> bool {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    let suffix = token[digits..].to_ascii_lowercase();
    digits > 0
        && matches!(
            suffix.as_str(),
            "st" | "nd" | "rd" | "th" | "d" | "s" | "'s"
        )
}

/// Whether a joiner (apostrophe or hyphen) before byte `next` joins: it must follow a letter
/// (an apostrophe may also follow a digit, as in "1917's") and precede a letter.
#[inline]
fn joins(text: &str, next: usize, prev: Class, joiner: Class) -> bool {
    let prev_ok = match joiner {
        Class::Hyphen => is_letter(prev),
        _ => is_core(prev),
    };
    prev_ok && next < text.len() && is_letter(class_at(text, next).0)
}

/// The same rule as [`tokenize`], written plainly over `char`s: the reference the fast path
/// is tested against.
///
/// ```
/// use corpus_lens::tokenize::{tokenize, tokenize_reference};
/// let text = "Совет’s rôle — “war-weary” 12th";
/// let (mut a, mut b) = (Vec::new(), Vec::new());
/// tokenize(text, &mut a);
/// tokenize_reference(text, &mut b);
/// assert_eq!(a, b);
/// ```
pub fn tokenize_reference(text: &str, out: &mut Vec<Token>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let class = |k: usize| classify_char(chars[k].1);
    let mut k = 0;
    while k < chars.len() {
        if !is_core(class(k)) {
            k += 1;
            continue;
        }
        let start = chars[k].0;
        let mut shape = Shape::default();
        let mut end = k;
        while end < chars.len() {
            let c = class(end);
            let joined = matches!(c, Class::Apostrophe | Class::Hyphen)
                && end > k
                && end + 1 < chars.len()
                && is_letter(class(end + 1))
                && if c == Class::Hyphen {
                    is_letter(class(end - 1))
                } else {
                    is_core(class(end - 1))
                };
            if is_core(c) || c == Class::Mark || joined {
                shape.add(c);
                end += 1;
            } else {
                break;
            }
        }
        let stop = chars.get(end).map_or(text.len(), |&(b, _)| b);
        out.push(shape.token(text, start..stop));
        k = end;
    }
}

/// Lowercases `surface` into `buf` (cleared first) with full Unicode rules; ASCII fast path.
///
/// ```
/// let mut buf = String::new();
/// corpus_lens::tokenize::fold_case("ΟΔΟΣ", &mut buf);
/// assert_eq!(buf, "οδος");
/// corpus_lens::tokenize::fold_case("Kerensky", &mut buf);
/// assert_eq!(buf, "kerensky");
/// ```
pub fn fold_case(surface: &str, buf: &mut String) {
    buf.clear();
    if surface.is_ascii() {
        buf.push_str(surface);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&surface.to_lowercase());
    }
}

/// Lowercased OCR misreadings of very common English words, seen in scanned books of the
/// period. A type on this list is reported in `ocr_suspects.csv` but still counted.
pub const KNOWN_MISREADINGS: &[&str] = &[
    "thc", "tbe", "tho", "tlie", "tiie", "thcir", "wliich", "whieh", "aud", "bnt", "fclt", "rcad",
    "witli", "thcm", "havc", "wcre", "bccause", "thcy", "bcen",
];

/// Whether a lowercased type is a known OCR misreading (see [`KNOWN_MISREADINGS`]).
///
/// ```
/// assert!(corpus_lens::tokenize::known_misreading("thc"));
/// assert!(!corpus_lens::tokenize::known_misreading("the"));
/// ```
pub fn known_misreading(lowercased: &str) -> bool {
    KNOWN_MISREADINGS.contains(&lowercased)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<&str> {
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens);
        tokens.iter().map(|t| &text[t.span.clone()]).collect()
    }

    #[test]
    fn joiners_between_letters_only() {
        assert_eq!(
            words("'tis the soldiers' rifles"),
            ["tis", "the", "soldiers", "rifles"]
        );
        assert_eq!(
            words("well-known -- dash - x-"),
            ["well-known", "dash", "x"]
        );
        assert_eq!(
            words("1917-18 1917's a--b"),
            ["1917", "18", "1917's", "a", "b"]
        );
        assert_eq!(words("S.R. Left S.R.s"), ["S", "R", "Left", "S", "R", "s"]);
        assert_eq!(words("don''t co--op"), ["don", "t", "co", "op"]);
    }

    #[test]
    fn kinds_and_ocr_signs() {
        let text = "r8le infantryMeanwhile McDonald 1917 thc 7th";
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens);
        let got: Vec<_> = tokens.iter().map(|t| (t.kind, t.ocr)).collect();
        assert_eq!(
            got,
            [
                (TokenKind::Number, Some(OcrSign::MixedLettersDigits)),
                (TokenKind::Word, Some(OcrSign::GluedWords)),
                (TokenKind::Word, None),
                (TokenKind::Number, None),
                (TokenKind::Word, None),
                (TokenKind::Number, None),
            ]
        );
        assert!(known_misreading("thc"));
    }

    #[test]
    fn other_scripts_and_marks() {
        assert_eq!(words("Это Совет, брат."), ["Это", "Совет", "брат"]);
        assert_eq!(words("革命 ok"), ["革命", "ok"]);
        assert_eq!(words("e\u{301}te\u{301} 👍 x"), ["e\u{301}te\u{301}", "x"]);
        assert_eq!(words("שלום עולם"), ["שלום", "עולם"]);
    }

    proptest! {
        #[test]
        fn fast_path_equals_reference(text in "\\PC{0,60}") {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            tokenize(&text, &mut a);
            tokenize_reference(&text, &mut b);
            prop_assert_eq!(a, b);
        }

        #[test]
        fn fast_path_equals_reference_on_wordy_text(text in "[a-zA-Z0-9' \\-.é’ѣ\u{301}]{0,60}") {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            tokenize(&text, &mut a);
            tokenize_reference(&text, &mut b);
            prop_assert_eq!(a, b);
        }

        #[test]
        fn masks_match_a_byte_by_byte_check(window in proptest::array::uniform16(any::<u8>())) {
            let masks = Masks::of(&window);
            for (k, b) in window.iter().enumerate() {
                prop_assert_eq!(masks.letters >> k & 1 == 1, b.is_ascii_alphabetic());
                prop_assert_eq!(masks.capitals >> k & 1 == 1, b.is_ascii_uppercase());
                prop_assert_eq!(masks.starts >> k & 1 == 1, b.is_ascii_alphanumeric() || *b >= 0x80);
            }
        }

        #[test]
        fn keys_are_packed_lowercase_plain_words(text in "[a-zA-Z0-9' \\-.é]{0,60}") {
            let mut keyed = 0;
            tokenize_keyed(&text, |token, key| {
                let word = text[token.span.clone()].to_lowercase();
                let plain = word.len() < 16
                    && word.bytes().all(|b| b.is_ascii_lowercase())
                    && text[token.span.clone()].bytes().skip(1).all(|b| b.is_ascii_lowercase());
                if key != 0 {
                    keyed += 1;
                    assert_eq!(Some(key), crate::count::vocab::pack(word.as_bytes()), "{:?}", word);
                } else {
                    // Only plain words may be keyed; a plain word followed by a joiner,
                    // digit or non-ASCII byte takes the general path and is not.
                    let next = text.as_bytes().get(token.span.end).copied().unwrap_or(b' ');
                    let general = next >= 0x80 || next.is_ascii_digit() || next == b'\'' || next == b'-';
                    assert!(!plain || general, "{:?} in {:?}", word, text);
                }
            });
            prop_assert!(keyed <= text.len());
        }

        #[test]
        fn spans_are_char_aligned_and_ordered(text in "\\PC{0,60}") {
            let mut tokens = Vec::new();
            tokenize(&text, &mut tokens);
            let mut last = 0;
            for t in &tokens {
                prop_assert!(t.span.start >= last && t.span.start < t.span.end);
                prop_assert!(text.is_char_boundary(t.span.start) && text.is_char_boundary(t.span.end));
                last = t.span.end;
            }
        }
    }
}
