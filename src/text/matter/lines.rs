//! Tests on a paragraph's text and lines: footnote markers and labels, Project Gutenberg's
//! header and footer, brackets, notes, headings, list and index lines.

use crate::text::matter::rules::Rule;

/// Inline footnote markers in a paragraph: `[1]` to `[999]` anywhere but at its start (a
/// label there makes the paragraph a footnote).
///
/// ```
/// use corpus_lens::matter::footnote_markers;
/// assert_eq!(footnote_markers("its duty?”[3] and forgeries;[12] see [1917] [a]"), 2);
/// assert_eq!(footnote_markers("  [4] Minister of War."), 0);
/// ```
pub fn footnote_markers(text: &str) -> u32 {
    let bytes = text.as_bytes();
    let lead = bytes.len() - text.trim_start().len();
    memchr::memchr_iter(b'[', bytes)
        .filter(|&i| i != lead && number_label(&bytes[i..]).is_some())
        .count() as u32
}

/// The length of a `[1]`..`[999]` label at the start of `bytes`.
fn number_label(bytes: &[u8]) -> Option<usize> {
    let digits = bytes
        .iter()
        .skip(1)
        .take(4)
        .take_while(|b| b.is_ascii_digit())
        .count();
    ((1..=3).contains(&digits) && bytes.get(1 + digits) == Some(&b']')).then_some(digits + 2)
}

// ---------------------------------------------------------------------------------------
// Line and paragraph tests.

pub(super) fn first_line(text: &str) -> &str {
    let text = text.trim_start_matches(['\n', '\r']);
    match memchr::memchr2(b'\n', b'\r', text.as_bytes()) {
        Some(i) => &text[..i],
        None => text,
    }
}

/// `s` starts with `prefix`, ASCII case ignored.
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn contains_ignore_case(s: &str, needle: &str) -> bool {
    s.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The file's first paragraph names Project Gutenberg (the start of its header).
pub(super) fn names_gutenberg(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(4096)];
    head.windows(17)
        .any(|w| w.eq_ignore_ascii_case(b"project gutenberg"))
}

/// A line of the paragraph begins with `*** START OF`.
pub(super) fn has_start_line(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        starts_with_ignore_case(l, "*** start of") || starts_with_ignore_case(l, "***start of")
    })
}

/// The paragraph's first line opens Project Gutenberg's footer.
pub(super) fn is_gutenberg_footer(text: &str) -> bool {
    let start = text.trim_start();
    if !start.starts_with(['*', 'E', 'e']) {
        return false;
    }
    let line = first_line(start);
    ((starts_with_ignore_case(line, "*** end of") || starts_with_ignore_case(line, "***end of"))
        && contains_ignore_case(line, "gutenberg"))
        || starts_with_ignore_case(line, "end of the project gutenberg")
        || starts_with_ignore_case(line, "end of project gutenberg")
}

/// The rule of a bracket that opens a caption or note, from a paragraph's first line.
pub(super) fn bracket_opener(line: &str) -> Option<Rule> {
    let rest = line.strip_prefix('[')?;
    if starts_with_ignore_case(rest, "illustration") || starts_with_ignore_case(rest, "graphic") {
        Some(Rule::Illustration)
    } else if starts_with_ignore_case(rest, "footnote") {
        Some(Rule::Footnote)
    } else if is_transcriber_note(rest) {
        Some(Rule::TranscriberNote)
    } else {
        None
    }
}

/// Bracket depth after `text`, starting at `depth`; `None` when something other than
/// whitespace stands outside the brackets after one has closed (a caption glued to prose).
pub(super) fn bracket_depth(text: &str, mut depth: u32) -> Option<u32> {
    for b in text.trim_start().bytes() {
        match b {
            b'[' => depth = depth.saturating_add(1),
            b']' => depth = depth.saturating_sub(1),
            _ if depth == 0 && !b.is_ascii_whitespace() => return None,
            _ => {}
        }
    }
    Some(depth)
}

/// A footnote paragraph's first line: `[12] text` (or the label alone).
pub(super) fn footnote_label(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.first() == Some(&b'[')
        && number_label(bytes).is_some_and(|n| bytes.get(n).is_none_or(|b| b.is_ascii_whitespace()))
}

/// `Transcriber's Note`, `Transcribers' Notes`, `Redactor's Note`... (apostrophes straight).
fn is_note_start(s: &str) -> bool {
    [
        "transcriber's note",
        "transcribers' note",
        "transcribers note",
        "transcriber note",
        "redactor's note",
    ]
    .iter()
    .any(|p| starts_with_ignore_case(s, p))
}

/// [`is_note_start`] with a curly apostrophe allowed (only the line's start is copied: this
/// runs on every paragraph).
pub(super) fn is_transcriber_note(line: &str) -> bool {
    if !line.starts_with(['T', 't', 'R', 'r']) {
        return false;
    }
    let head: String = line.chars().take(24).collect();
    is_note_start(&head.replace('’', "'"))
}

/// The line is only the note's heading: `Transcriber's Notes:`.
pub(super) fn is_note_heading(line: &str) -> bool {
    let line = line.trim_end_matches([':', '.', ' ']);
    let lower = line.to_ascii_lowercase();
    lower.ends_with("note") || lower.ends_with("notes")
}

/// The headings that open a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Heading {
    Contents,
    Illustrations,
    OtherBooks,
    Index,
    Footnotes,
    Advertisements,
}

/// The heading a paragraph's first line is, if any.
pub(super) fn heading(line: &str) -> Option<Heading> {
    if line.len() > 48 || line.is_empty() {
        return None;
    }
    let bare = line.trim_end_matches(['.', ':']).trim();
    let upper = bare.to_ascii_uppercase();
    let words: Vec<&str> = upper.split_whitespace().collect();
    let heading = match words.as_slice() {
        ["CONTENTS"] | ["TABLE", "OF", "CONTENTS"] => Heading::Contents,
        ["ILLUSTRATIONS"] => Heading::Illustrations,
        ["LIST", "OF", rest @ ..]
            if rest.iter().any(|w| {
                matches!(
                    *w,
                    "ILLUSTRATIONS" | "MAPS" | "DIAGRAMS" | "PLATES" | "PORTRAITS"
                )
            }) =>
        {
            Heading::Illustrations
        }
        ["INDEX"] => Heading::Index,
        ["FOOTNOTES"] => Heading::Footnotes,
        // In capitals only: "Advertisements" may well title a chapter.
        ["ADVERTISEMENTS"] | ["PUBLISHER'S", "ADVERTISEMENTS"] if bare == upper => {
            Heading::Advertisements
        }
        [.., "BY", "THE", "SAME", "AUTHOR"] if bare == upper && words.len() <= 6 => {
            Heading::OtherBooks
        }
        _ => return None,
    };
    Some(heading)
}

/// `12`, `312`, `xi`, `XIV`: a page number.
fn is_page_number(token: &str) -> bool {
    let digits = !token.is_empty() && token.len() <= 4 && token.bytes().all(|b| b.is_ascii_digit());
    let roman = !token.is_empty()
        && token.len() <= 7
        && (token.bytes().all(|b| b"ivxlc".contains(&b))
            || token.bytes().all(|b| b"IVXLC".contains(&b)));
    digits || roman
}

/// A contents line ending in a page number after a gap (two spaces, a dot leader, or
/// nothing but indentation before it), or in "Frontispiece".
pub(super) fn ends_with_page(line: &str) -> bool {
    let line = line.trim_end();
    let body = line.strip_suffix('.').unwrap_or(line);
    // The gap may be any whitespace, some of it more than one byte (U+00A0).
    let split = body
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '.');
    let (head, last) = match split {
        Some((i, c)) => body.split_at(i + c.len_utf8()),
        None => ("", body),
    };
    if last
        .trim_matches(|c: char| !c.is_alphanumeric())
        .eq_ignore_ascii_case("frontispiece")
    {
        return true;
    }
    is_page_number(last)
        && (head.trim().is_empty() || head.ends_with("  ") || head.trim_end().ends_with(".."))
}

/// `PAGE`, `Pages`, `_Facing Page_`: a contents column heading.
pub(super) fn page_heading(line: &str) -> bool {
    let bare = line.trim_matches(|c: char| c == '_' || c == '.' || c.is_whitespace());
    ["page", "pages", "facing page"]
        .iter()
        .any(|p| bare.eq_ignore_ascii_case(p))
}

/// `CHAPTER IV.`, `Chapter 1. Background.`, `PART  I.--RASPUTIN`, `Appendices I - XII`.
pub(super) fn chapter_line(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let Some(word) = words.next() else {
        return false;
    };
    let word = word.trim_end_matches('.');
    let known = [
        "CHAPTER",
        "PART",
        "BOOK",
        "APPENDIX",
        "APPENDICES",
        "SECTION",
    ];
    // "CHAPTER" or "Chapter", not "chapter" (a word in a sentence).
    let is_word = word.starts_with(|c: char| c.is_ascii_uppercase())
        && known.iter().any(|k| word.eq_ignore_ascii_case(k));
    if !is_word {
        return false;
    }
    let Some(number) = words.next() else {
        return true;
    };
    let n = number
        .bytes()
        .take_while(|b| b.is_ascii_digit() || b"IVXLC".contains(b))
        .count();
    n > 0 && !number[n..].starts_with(|c: char| c.is_alphabetic())
}

/// A chapter line as a key: capitals, one space, no final punctuation.
pub(super) fn chapter_key(line: &str) -> String {
    line.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ':'])
        .to_uppercase()
}

/// Little words title case leaves in lower case.
const SMALL_WORDS: [&str; 24] = [
    "a", "an", "and", "as", "at", "but", "by", "de", "for", "from", "in", "into", "its", "nor",
    "of", "on", "or", "the", "to", "upon", "von", "with", "his", "her",
];

/// A short line in title case or capitals: "The Executive Committee on the Reply".
pub(super) fn title_case_line(line: &str) -> bool {
    // Quotes and underscores (italics) may come first: `"DEMOCRATISATION OF THE ARMY"`.
    let start = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    if line.chars().count() > 72
        || !start.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
    {
        return false;
    }
    let (mut significant, mut capitalized) = (0, 0);
    for word in line.split(|c: char| c.is_whitespace() || c == '-') {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = word.chars().next() else {
            continue;
        };
        if !word.chars().any(char::is_alphabetic) || SMALL_WORDS.contains(&word) {
            continue;
        }
        significant += 1;
        capitalized += first.is_uppercase() as usize;
    }
    significant > 0 && capitalized * 5 >= significant * 4
}

/// Whether `text` is an index paragraph (see
/// [`Matter::classify`](crate::text::matter::Matter::classify)).
pub(super) fn index_paragraph(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let indexed = lines.iter().filter(|l| index_line(l)).count();
    !lines.is_empty() && indexed * 2 >= lines.len()
}

/// `Army, 35, 36, 37.`, `    124-128.`, `Cadets, _see_ Constitutional Democrats`, `B`.
pub(super) fn index_line(line: &str) -> bool {
    let body = line.trim_end_matches(['.', ';', ',', ':']);
    if body.len() == 1 && body.bytes().all(|b| b.is_ascii_uppercase()) {
        return true;
    }
    // A cross-reference ("Cadets, _see_ Constitutional Democrats"), not "to see him".
    if ["_see_", "(see ", ", see ", ". see "]
        .iter()
        .any(|s| contains_ignore_case(line, s))
    {
        return true;
    }
    let split = body.rfind([' ', ',', ';']);
    let (head, last) = match split {
        Some(i) => (&body[..i + 1], &body[i + 1..]),
        None => ("", body),
    };
    let pages = last.split(['-', '–']).collect::<Vec<_>>();
    let is_pages = pages.len() <= 2 && pages.iter().all(|p| is_page_number(p));
    let head = head.trim_end();
    is_pages && (head.is_empty() || head.ends_with(',') || head.ends_with(';'))
}

/// Words of transcribers' notes ("Obvious typographical errors have been corrected").
const NOTE_WORDS: [&str; 10] = [
    "italic",
    "underscore",
    "corrected",
    "typographical",
    "spelling",
    "hyphenat",
    "punctuation",
    "inconsisten",
    "original text",
    "transcri",
];

/// A further paragraph of a transcriber's note: at most five lines, with a word of
/// [`NOTE_WORDS`].
pub(super) fn note_paragraph(text: &str) -> bool {
    text.lines().count() <= 5 && NOTE_WORDS.iter().any(|w| contains_ignore_case(text, w))
}
