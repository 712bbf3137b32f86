//! VADER's tokenizer: emoji translation, whitespace splitting, punctuation stripping and
//! each token's lookups.

use crate::framing::vader::casing;
use crate::framing::vader::lexicon::{
    contains_nt, is_py_space, Short, Vader, HAS_LEX, NEGATED, UPPER,
};

/// One VADER token: its span (in the original text) and what the rules need.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tok {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) lex: f64,
    pub(super) boost: f64,
    pub(super) flags: u32,
    pub(super) idiom: u8,
}

impl Tok {
    #[inline]
    pub(super) fn is(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }
}

/// An emoji replaced by its description: `trans` in the translated text (with the space
/// inserted before it, if any), `orig` in the original; `shift` is the growth of the text
/// up to and including this emoji.
#[derive(Clone, Copy, Debug)]
pub(super) struct Seg {
    trans: (usize, usize),
    orig: (usize, usize),
    shift: isize,
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

impl Vader {
    /// Replaces each emoji by its description, as the reference does (a space before it
    /// unless the previous character was a space). Returns false when there is none.
    pub(super) fn translate_emojis(
        &self,
        text: &str,
        out: &mut String,
        segs: &mut Vec<Seg>,
    ) -> bool {
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
    pub(super) fn tokenize_ascii(
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
    pub(super) fn tokenize(
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
