//! Python's `str.lower()` and `str.isupper()` for non-ASCII tokens, answered from
//! `casing_tables.tsv` (recorded from CPython 3.14.6, Unicode 16.0.0, by the `vader-parity`
//! crate; see `NOTICE.md` next to it), so that a token's case does not change with the Unicode
//! version of the Rust standard library. ASCII tokens never reach this module: the caller
//! handles them byte by byte.

use std::cmp::Ordering;
use std::sync::OnceLock;

const CASING_TABLES: &str = include_str!("casing_tables.tsv");

const CAPITAL_SIGMA: char = '\u{03A3}';
const SMALL_SIGMA: char = '\u{03C3}';
const FINAL_SIGMA: char = '\u{03C2}';

/// Sorted inclusive code point ranges of the four classes, and the sorted non-identity
/// lowercase mapping (at most two code points: only U+0130 maps to two).
struct Tables {
    /// Lowercase or titlecase: `isupper()` is false on sight.
    isupper_false: Vec<(u32, u32)>,
    /// Cased uppercase: `isupper()` needs one of these.
    isupper_cased: Vec<(u32, u32)>,
    /// Case-ignorable (skipped by the final-sigma context scan).
    case_ignorable: Vec<(u32, u32)>,
    /// Cased (for the final-sigma context).
    cased: Vec<(u32, u32)>,
    /// Code point to its lowercase, where that is not itself.
    lower: Vec<(u32, char, Option<char>)>,
    /// For code points below `SMALL`: `S_*` bits, so that common text needs no search.
    small: Vec<u8>,
}

/// Code points below this have their classes in `Tables::small`.
const SMALL: u32 = 0x3000;
const S_ISUPPER_FALSE: u8 = 1;
const S_ISUPPER_CASED: u8 = 2;
/// Lowercases to something else, or is the capital sigma.
const S_LOWER_CHANGES: u8 = 4;

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| parse(CASING_TABLES))
}

fn hex(s: &str) -> Option<u32> {
    u32::from_str_radix(s, 16).ok()
}

fn parse(raw: &str) -> Tables {
    let mut t = Tables {
        isupper_false: Vec::new(),
        isupper_cased: Vec::new(),
        case_ignorable: Vec::new(),
        cased: Vec::new(),
        lower: Vec::new(),
        small: Vec::new(),
    };
    for line in raw.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.split('\t');
        let (Some(kind), Some(a), Some(b)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        let Some(a) = hex(a) else { continue };
        if kind == "lower" {
            let mut mapped = b.split(' ').filter_map(hex).filter_map(char::from_u32);
            if let Some(first) = mapped.next() {
                t.lower.push((a, first, mapped.next()));
            }
            continue;
        }
        let Some(b) = hex(b) else { continue };
        match kind {
            "isupper_false" => t.isupper_false.push((a, b)),
            "isupper_cased" => t.isupper_cased.push((a, b)),
            "case_ignorable" => t.case_ignorable.push((a, b)),
            "cased" => t.cased.push((a, b)),
            _ => {}
        }
    }
    t.isupper_false.sort_unstable();
    t.isupper_cased.sort_unstable();
    t.case_ignorable.sort_unstable();
    t.cased.sort_unstable();
    t.lower.sort_unstable_by_key(|&(cp, _, _)| cp);
    let mut small = vec![0u8; SMALL as usize];
    for (ranges, bit) in [
        (&t.isupper_false, S_ISUPPER_FALSE),
        (&t.isupper_cased, S_ISUPPER_CASED),
    ] {
        for &(a, b) in ranges.iter().filter(|r| r.0 < SMALL) {
            for cp in a..=b.min(SMALL - 1) {
                small[cp as usize] |= bit;
            }
        }
    }
    for &(cp, _, _) in t.lower.iter().filter(|l| l.0 < SMALL) {
        small[cp as usize] |= S_LOWER_CHANGES;
    }
    small[CAPITAL_SIGMA as usize] |= S_LOWER_CHANGES;
    t.small = small;
    t
}

fn in_ranges(ranges: &[(u32, u32)], c: char) -> bool {
    let cp = c as u32;
    ranges
        .binary_search_by(|&(start, end)| {
            if end < cp {
                Ordering::Less
            } else if start > cp {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        })
        .is_ok()
}

/// Python `str.isupper()`: no lowercase or titlecase character, and at least one cased
/// uppercase one.
pub(super) fn py_isupper(s: &str) -> bool {
    let t = tables();
    let mut cased = false;
    for c in s.chars() {
        let (not_upper, upper) = match t.small.get(c as usize) {
            Some(&bits) => (bits & S_ISUPPER_FALSE != 0, bits & S_ISUPPER_CASED != 0),
            None => (
                in_ranges(&t.isupper_false, c),
                in_ranges(&t.isupper_cased, c),
            ),
        };
        if not_upper {
            return false;
        }
        cased |= upper;
    }
    cased
}

/// Python `str.lower()` of `s`, appended to `out`, with CPython's final-sigma rule.
pub(super) fn py_lower_into(s: &str, out: &mut String) {
    let t = tables();
    for (at, c) in s.char_indices() {
        if t.small
            .get(c as usize)
            .is_some_and(|&bits| bits & S_LOWER_CHANGES == 0)
        {
            out.push(c);
        } else if c == CAPITAL_SIGMA {
            out.push(if final_sigma(t, &s[..at], &s[at + c.len_utf8()..]) {
                FINAL_SIGMA
            } else {
                SMALL_SIGMA
            });
        } else if let Ok(k) = t.lower.binary_search_by_key(&(c as u32), |&(cp, _, _)| cp) {
            let (_, first, second) = t.lower[k];
            out.push(first);
            if let Some(second) = second {
                out.push(second);
            }
        } else {
            out.push(c);
        }
    }
}

/// CPython's final-sigma context: skipping case-ignorable characters, a cased character
/// stands before the sigma and none after it.
fn final_sigma(t: &Tables, before: &str, after: &str) -> bool {
    let ignorable = |c: &char| in_ranges(&t.case_ignorable, *c);
    let prev = before.chars().rev().find(|c| !ignorable(c));
    if !prev.is_some_and(|c| in_ranges(&t.cased, c)) {
        return false;
    }
    let next = after.chars().find(|c| !ignorable(c));
    !next.is_some_and(|c| in_ranges(&t.cased, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lower(s: &str) -> String {
        let mut out = String::new();
        py_lower_into(s, &mut out);
        out
    }

    #[test]
    fn casing_matches_cpython() {
        assert!(py_isupper("ÉTÉ"));
        assert!(!py_isupper("Été"));
        assert!(!py_isupper("\u{A7CE}"));
        assert!(py_isupper("GOOD\u{A7CE}"));
        assert!(!py_isupper("A\u{01C5}"));
        assert!(py_isupper("\u{24B6}"));
        assert_eq!(lower("\u{0130}"), "i\u{0307}");
        assert_eq!(lower("\u{1E9E}"), "\u{00DF}");
        assert_eq!(lower("ΣΣ"), "σς");
        assert_eq!(lower("AΣ!"), "aς!");
        assert_eq!(lower("AΣ\u{0345}B"), "aσ\u{0345}b");
        assert_eq!(lower("“GOOD”"), "“good”");
    }

    /// The per-code-point table below `SMALL` answers as the range tables do.
    #[test]
    fn small_table_agrees_with_the_ranges() {
        let t = tables();
        for cp in 0..SMALL + 0x100 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let one = c.to_string();
            let slow_upper = !in_ranges(&t.isupper_false, c) && in_ranges(&t.isupper_cased, c);
            assert_eq!(py_isupper(&one), slow_upper, "U+{cp:04X}");
            let mut slow_lower = String::new();
            match t.lower.binary_search_by_key(&cp, |&(k, _, _)| k) {
                Ok(k) => {
                    slow_lower.push(t.lower[k].1);
                    slow_lower.extend(t.lower[k].2);
                }
                Err(_) if c == CAPITAL_SIGMA => slow_lower.push(SMALL_SIGMA),
                Err(_) => slow_lower.push(c),
            }
            assert_eq!(lower(&one), slow_lower, "U+{cp:04X}");
        }
    }

    #[test]
    fn ascii_agrees_with_the_byte_fast_path() {
        for b in 0u8..128 {
            let s = (b as char).to_string();
            assert_eq!(lower(&s), s.to_ascii_lowercase(), "{b}");
            assert_eq!(py_isupper(&s), b.is_ascii_uppercase(), "{b}");
        }
    }
}
