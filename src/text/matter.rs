//! Stage 1b, matter: which paragraphs are the book's body, and which are front matter, back
//! matter or notes that must not be counted.
//!
//! Takes a document's paragraphs in file order (as [`crate::text::read`] streams them); gives, for
//! each one, `None` (body: counted) or the [`Rule`] that excludes it. Project Gutenberg texts
//! keep their title pages, tables of contents, lists of illustrations, `[Illustration: ...]`
//! captions, transcriber's notes, footnotes, indexes and publisher's advertisements; counted
//! as prose they would make "chapter", "page" or "frontispiece" look like the author's words.
//!
//! **Streaming.** [`Matter::classify`] looks at one paragraph and a small state carried
//! from the paragraphs before it (before the manifest's `body_start`, inside a table of
//! contents, inside a bracketed caption...), never at the paragraphs after it. So it gives
//! the same answer whatever the reader's block size, and costs little: in the body it looks
//! at a paragraph's first line only (and at every line's start when the manifest sets
//! `body_end`).
//!
//! **Rules**, tried in this order (the README documents them for users):
//! - a manifest's `body_start` / `body_end` (the text a line begins with, after leading
//!   spaces; case-sensitive): paragraphs before the `body_start` paragraph are
//!   [`Rule::FrontMatter`], the `body_end` paragraph and all after it [`Rule::BackMatter`]
//!   (where an automatic rule below also applies, its name is given instead);
//! - Project Gutenberg's header (when the file's first paragraph names Project Gutenberg:
//!   through the paragraph with the `*** START OF` line) and footer (from a paragraph whose
//!   first line begins with `*** END OF` and names Project Gutenberg, or with
//!   `End of the Project Gutenberg`, to the end of the file);
//! - bracketed captions and notes: a paragraph that begins with `[Illustration`, `[Graphic`,
//!   `[Footnote`, `[Transcriber's Note` or `[Redactor's Note`, through the paragraph where the
//!   bracket closes (at most [`BRACKET_PARAGRAPHS`] paragraphs), provided nothing but
//!   whitespace is outside the brackets;
//! - footnotes: a paragraph that begins with a label `[1]` to `[999]` and a space (indented or
//!   not), and a `FOOTNOTES` heading;
//! - transcriber's notes: a paragraph that begins with `Transcriber's Note` (or `Redactor's
//!   Note`); when it is only that heading, the paragraph after it too, and the short ones
//!   after that which speak of italics, spelling, corrections and the like;
//! - headed lists: a `CONTENTS` / `TABLE OF CONTENTS` heading, an `ILLUSTRATIONS` / `LIST OF
//!   ILLUSTRATIONS` (or `LIST OF ... MAPS`, `DIAGRAMS`, `PLATES`, `PORTRAITS`) heading, a `BY
//!   THE SAME AUTHOR` heading, each with the list paragraphs that follow it (see
//!   [`Matter::classify`] for what a list paragraph is);
//! - an `INDEX` heading and the index paragraphs that follow it;
//! - an `ADVERTISEMENTS` heading (in capitals) and everything after it.
//!
//! Headings are a paragraph's whole first line, any case, with an optional final `.` or `:`.
//! The rules are conservative: a body paragraph wrongly left out is worse than a leftover, so
//! lists and indexes are only recognized after their heading, and a caption glued to prose
//! stays in the body.
//!
//! Inline footnote markers (`duty?”[3]`) are not removed: offsets must stay true to the file,
//! and `[3]` is a number token, not a word. [`footnote_markers`] counts them.

use std::collections::HashSet;

use crate::corpus::Document;
use crate::error::{Error, Result};

/// Why a paragraph is left out of the counts.
///
/// ```
/// use corpus_lens::matter::{Matter, Rule};
/// let mut matter = Matter::new(None, None);
/// assert_eq!(matter.classify("[Illustration: Lenin speaking]"), Some(Rule::Illustration));
/// assert_eq!(matter.classify("It was cold."), None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Rule {
    /// Before the manifest's `body_start` paragraph.
    FrontMatter,
    /// The manifest's `body_end` paragraph and all after it.
    BackMatter,
    /// Project Gutenberg's header, through the `*** START OF` line.
    GutenbergHeader,
    /// Project Gutenberg's footer, from the `*** END OF` line.
    GutenbergFooter,
    /// A transcriber's (or redactor's) note.
    TranscriberNote,
    /// A table of contents.
    Contents,
    /// A list of illustrations, maps or diagrams.
    ListOfIllustrations,
    /// An `[Illustration: ...]` caption.
    Illustration,
    /// A footnote (`[1] ...`, `[Footnote: ...]`) or a `FOOTNOTES` heading.
    Footnote,
    /// An index.
    Index,
    /// Publisher's advertisements, or a list of the author's other books.
    Advertisements,
}

impl Rule {
    /// Every rule, in the order of the README.
    pub const ALL: [Rule; 11] = [
        Rule::FrontMatter,
        Rule::BackMatter,
        Rule::GutenbergHeader,
        Rule::GutenbergFooter,
        Rule::TranscriberNote,
        Rule::Contents,
        Rule::ListOfIllustrations,
        Rule::Illustration,
        Rule::Footnote,
        Rule::Index,
        Rule::Advertisements,
    ];

    /// The name in `excluded_matter.csv`'s `rule` column.
    ///
    /// ```
    /// assert_eq!(corpus_lens::matter::Rule::ListOfIllustrations.as_str(), "list_of_illustrations");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::FrontMatter => "front_matter",
            Rule::BackMatter => "back_matter",
            Rule::GutenbergHeader => "gutenberg_header",
            Rule::GutenbergFooter => "gutenberg_footer",
            Rule::TranscriberNote => "transcriber_note",
            Rule::Contents => "contents",
            Rule::ListOfIllustrations => "list_of_illustrations",
            Rule::Illustration => "illustration",
            Rule::Footnote => "footnote",
            Rule::Index => "index",
            Rule::Advertisements => "advertisements",
        }
    }
}

pub use crate::corpus::Marker;

/// Paragraphs an unclosed `[Illustration` or `[Footnote` bracket may take (the opening one
/// included) before it is given up: a stray bracket must not swallow the book.
pub const BRACKET_PARAGRAPHS: u32 = 10;

/// Paragraphs a Project Gutenberg header may take when its `*** START OF` line is missing.
pub const HEADER_PARAGRAPHS: u32 = 400;

/// Where the classifier is, between paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    /// Nothing open: the next paragraph is judged on its own.
    None,
    /// Inside Project Gutenberg's header; paragraphs so far.
    Header(u32),
    /// Everything from here to the end of the file (footer, advertisements).
    ToEnd(Rule),
    /// Inside an open bracket: its rule, nesting depth and paragraphs so far.
    Bracket(Rule, u32, u32),
    /// After a list heading (contents, illustrations, other books).
    List(Rule),
    /// After an `INDEX` heading.
    Index,
    /// After a heading-only transcriber's note; true right after the heading.
    Note(bool),
}

/// Where the manifest's markers put us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Front,
    Body,
    Back,
}

/// The classifier: one per document, fed every paragraph in file order.
///
/// ```
/// use corpus_lens::matter::{Matter, Rule};
/// let mut matter = Matter::new(None, None);
/// let paragraphs = [
///     "CONTENTS",
///     "  I. The Old Army                 13\n  II. The Revolution             40",
///     "[Illustration: General Kornilov.]",
///     "The army was destroyed in three or four months.[1]",
///     "[1] The figures are the Stavka's.",
/// ];
/// let rules: Vec<_> = paragraphs.iter().map(|p| matter.classify(p)).collect();
/// assert_eq!(rules, [Some(Rule::Contents), Some(Rule::Contents), Some(Rule::Illustration),
///     None, Some(Rule::Footnote)]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Matter {
    start: Option<Marker>,
    end: Option<Marker>,
    phase: Phase,
    block: Block,
    paragraphs: u64,
    /// Chapter lines seen in the current table of contents: when one comes again, the
    /// body's first chapter has begun.
    chapters: HashSet<String>,
}

impl Matter {
    /// A classifier with the manifest's `body_start` and `body_end`, if any.
    ///
    /// ```
    /// use corpus_lens::matter::{Marker, Matter, Rule};
    /// let mut matter = Matter::new(Some(Marker::new("It was")), Some(Marker::new("APPENDIX")));
    /// assert_eq!(matter.classify("A Memoir"), Some(Rule::FrontMatter));
    /// assert_eq!(matter.classify("It was cold."), None);
    /// assert_eq!(matter.classify("APPENDIX"), Some(Rule::BackMatter));
    /// assert_eq!(matter.classify("The decrees."), Some(Rule::BackMatter));
    /// ```
    pub fn new(body_start: Option<Marker>, body_end: Option<Marker>) -> Matter {
        Matter {
            phase: if body_start.is_some() {
                Phase::Front
            } else {
                Phase::Body
            },
            start: body_start,
            end: body_end,
            block: Block::None,
            paragraphs: 0,
            chapters: HashSet::new(),
        }
    }

    /// A classifier for a document, with its manifest markers.
    ///
    /// ```
    /// use corpus_lens::{corpus::Document, matter::{Marker, Matter, Rule}};
    /// let mut doc = Document::bare("d", "d.txt");
    /// doc.body_start = Some(Marker::new("It was"));
    /// let mut matter = Matter::for_document(&doc);
    /// assert_eq!(matter.classify("MY LIFE\nby Me"), Some(Rule::FrontMatter));
    /// assert_eq!(matter.classify("It was cold."), None);
    /// matter.finish(&doc)?;
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn for_document(document: &Document) -> Matter {
        Matter::new(document.body_start.clone(), document.body_end.clone())
    }

    /// Classifies the next paragraph of the file: `None` for body, else the rule that
    /// excludes it.
    ///
    /// A *list paragraph* (after a contents or illustrations heading) is one line that ends
    /// with a page number after a gap of two spaces or more (or a roman numeral, or
    /// "Frontispiece"), a `PAGE` column heading, or (in a table of contents) a chapter line
    /// (`CHAPTER IV.`, `Part II`) not seen before in it; or several lines of which at least
    /// three quarters are such lines or short title-case lines ("The Executive Committee on
    /// the Reply"). An *index paragraph* (after `INDEX`) has at least half of its lines
    /// ending in page numbers after a comma or semicolon (`Army, 35, 36, 37.`; a line of
    /// only `124-128.`), or holding a "see" reference, or a single capital letter. After a
    /// heading-only transcriber's note, the next paragraph is the note's text; later ones
    /// belong to the note while they have at most five lines and a word such as "italic",
    /// "corrected", "spelling" or "typographical".
    ///
    /// ```
    /// use corpus_lens::matter::{Matter, Rule};
    /// let mut matter = Matter::new(None, None);
    /// assert_eq!(matter.classify("CONTENTS"), Some(Rule::Contents));
    /// assert_eq!(matter.classify("The Eve of Revolution  5"), Some(Rule::Contents));
    /// assert_eq!(matter.classify("The streets were quiet that night."), None);
    /// ```
    pub fn classify(&mut self, text: &str) -> Option<Rule> {
        let first = self.paragraphs == 0;
        self.paragraphs += 1;
        match self.phase {
            Phase::Front => {
                if self.start.as_ref().is_some_and(|m| m.begins_a_line(text)) {
                    self.phase = Phase::Body;
                    self.block = Block::None;
                    self.chapters.clear();
                    return None;
                }
            }
            Phase::Body => {
                if self.end.as_ref().is_some_and(|m| m.begins_a_line(text)) {
                    self.phase = Phase::Back;
                }
            }
            Phase::Back => {}
        }
        let automatic = self.automatic(text, first);
        match self.phase {
            Phase::Front => Some(automatic.unwrap_or(Rule::FrontMatter)),
            Phase::Body => automatic,
            Phase::Back => Some(automatic.unwrap_or(Rule::BackMatter)),
        }
    }

    /// Checks, after the last paragraph, that the manifest's markers were found.
    ///
    /// ```
    /// use corpus_lens::{corpus::Document, matter::{Marker, Matter}};
    /// let mut doc = Document::bare("d", "d.txt");
    /// doc.body_start = Some(Marker::new("CHAPTER I"));
    /// let mut matter = Matter::for_document(&doc);
    /// matter.classify("A paragraph that never starts the body.");
    /// let err = matter.finish(&doc).unwrap_err();
    /// assert!(err.to_string().contains("body_start"));
    /// ```
    pub fn finish(&self, document: &Document) -> Result<()> {
        let missing = match self.phase {
            Phase::Front => self.start.as_ref().map(|m| ("body_start", m)),
            Phase::Body => self.end.as_ref().map(|m| ("body_end", m)),
            Phase::Back => None,
        };
        match missing {
            None => Ok(()),
            Some((field, marker)) => Err(Error::MarkerNotFound {
                document: document.id.clone(),
                field,
                marker: marker.text.clone(),
                origin: marker.origin.clone().map(Box::new),
                path: document.path.clone(),
            }),
        }
    }

    /// The automatic rules (everything but the manifest's markers).
    fn automatic(&mut self, text: &str, first: bool) -> Option<Rule> {
        match self.block {
            Block::ToEnd(rule) => {
                if rule != Rule::GutenbergFooter && is_gutenberg_footer(text) {
                    self.block = Block::ToEnd(Rule::GutenbergFooter);
                    return Some(Rule::GutenbergFooter);
                }
                return Some(rule);
            }
            Block::Header(n) => {
                if has_start_line(text) || n + 1 >= HEADER_PARAGRAPHS {
                    self.block = Block::None;
                } else {
                    self.block = Block::Header(n + 1);
                }
                return Some(Rule::GutenbergHeader);
            }
            Block::Bracket(rule, depth, n) => {
                self.block = Block::None;
                return match bracket_depth(text, depth) {
                    // The bracket closed and prose follows: keep the paragraph.
                    None => None,
                    Some(0) => Some(rule),
                    Some(d) => {
                        if n + 1 < BRACKET_PARAGRAPHS {
                            self.block = Block::Bracket(rule, d, n + 1);
                        }
                        Some(rule)
                    }
                };
            }
            _ => {}
        }
        if first && names_gutenberg(text) {
            if !has_start_line(text) {
                self.block = Block::Header(1);
            }
            return Some(Rule::GutenbergHeader);
        }
        if is_gutenberg_footer(text) {
            self.block = Block::ToEnd(Rule::GutenbergFooter);
            return Some(Rule::GutenbergFooter);
        }
        let line = first_line(text).trim();
        if let Some(rule) = bracket_opener(line) {
            self.block = Block::None;
            return match bracket_depth(text, 0) {
                None => None,
                Some(0) => Some(rule),
                Some(d) => {
                    self.block = Block::Bracket(rule, d, 1);
                    Some(rule)
                }
            };
        }
        if footnote_label(line) {
            self.block = Block::None;
            return Some(Rule::Footnote);
        }
        if is_transcriber_note(line) {
            let heading_only = !text.trim().contains('\n') && is_note_heading(line);
            self.block = if heading_only {
                Block::Note(true)
            } else {
                Block::None
            };
            return Some(Rule::TranscriberNote);
        }
        if let Some(heading) = heading(line) {
            if let Some(rule) = self.open_heading(heading, text) {
                return Some(rule);
            }
        }
        // An open list, index or note goes on while its paragraphs fit.
        let goes_on = match self.block {
            Block::List(rule) => self
                .list_paragraph(text, rule == Rule::Contents)
                .then_some(rule),
            Block::Index => index_paragraph(text).then_some(Rule::Index),
            Block::Note(next) => (next || note_paragraph(text)).then_some(Rule::TranscriberNote),
            _ => None,
        };
        self.block = match (goes_on, self.block) {
            (Some(_), Block::Note(_)) => Block::Note(false),
            (Some(_), block) => block,
            (None, _) => Block::None,
        };
        goes_on
    }

    /// A heading paragraph: its rule and the block it opens, or `None` (and nothing opened)
    /// when lines after the heading are not what the heading announces.
    fn open_heading(&mut self, heading: Heading, text: &str) -> Option<Rule> {
        let rest = text.trim().split_once('\n').map_or("", |(_, r)| r);
        let (rule, block) = match heading {
            Heading::Contents => (Rule::Contents, Block::List(Rule::Contents)),
            Heading::Illustrations => (
                Rule::ListOfIllustrations,
                Block::List(Rule::ListOfIllustrations),
            ),
            Heading::OtherBooks => (Rule::Advertisements, Block::List(Rule::Advertisements)),
            Heading::Index => (Rule::Index, Block::Index),
            Heading::Footnotes => (Rule::Footnote, Block::None),
            Heading::Advertisements => (Rule::Advertisements, Block::ToEnd(Rule::Advertisements)),
        };
        self.chapters.clear();
        let fits = match heading {
            _ if rest.trim().is_empty() => true,
            Heading::Contents | Heading::Illustrations | Heading::OtherBooks => {
                self.list_paragraph(rest, heading == Heading::Contents)
            }
            Heading::Index => index_paragraph(rest),
            Heading::Footnotes => footnote_label(first_line(rest).trim()),
            Heading::Advertisements => false,
        };
        if !fits {
            return None;
        }
        self.block = block;
        Some(rule)
    }

    /// Whether `text` is a list paragraph (see [`Matter::classify`]).
    fn list_paragraph(&mut self, text: &str, contents: bool) -> bool {
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let Some(&head) = lines.first() else {
            return false;
        };
        if contents && chapter_line(head) {
            // A chapter line seen before in this table: the body's first chapter.
            if !self.chapters.insert(chapter_key(head)) {
                return false;
            }
        }
        if lines.len() == 1 {
            return ends_with_page(head) || page_heading(head) || (contents && chapter_line(head));
        }
        let listed = lines
            .iter()
            .filter(|l| {
                ends_with_page(l) || page_heading(l) || chapter_line(l) || title_case_line(l)
            })
            .count();
        listed * 4 >= lines.len() * 3
    }
}

/// One excluded paragraph, for `excluded_matter.csv`.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer};
/// let corpus = Corpus::load_default()?;
/// let ransome = corpus.documents().iter().find(|d| d.id == "ransome1919").cloned();
/// let analysis = Analyzer::default().run(&Corpus::new(ransome.into_iter().collect()))?;
/// let first = &analysis.documents[0].excluded[0];
/// assert_eq!((first.offset, first.line), (0, 1)); // the file's first paragraph
/// assert!(first.excerpt.chars().count() <= corpus_lens::matter::EXCERPT_CHARS);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excluded {
    /// Byte offset of the paragraph's first byte in the file.
    pub offset: u64,
    /// Line of the paragraph's first line, from 1.
    pub line: u64,
    /// The rule that excluded it.
    pub rule: Rule,
    /// Its length in bytes, from its first to its last non-blank character.
    pub bytes: u64,
    /// Its first [`EXCERPT_CHARS`] characters, whitespace folded to one space.
    pub excerpt: String,
}

/// Characters of a paragraph kept in [`Excluded::excerpt`].
pub const EXCERPT_CHARS: usize = 80;

/// The first `max` characters of `text` with every whitespace run folded to one space.
///
/// ```
/// assert_eq!(corpus_lens::matter::excerpt("  CHAPTER I.\n\n THE   ARMY ", 12), "CHAPTER I. T");
/// ```
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars > 0 {
            if chars == max {
                break;
            }
            out.push(' ');
            chars += 1;
        }
        for c in word.chars() {
            if chars == max {
                return out;
            }
            out.push(c);
            chars += 1;
        }
    }
    out
}

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

fn first_line(text: &str) -> &str {
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
fn names_gutenberg(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(4096)];
    head.windows(17)
        .any(|w| w.eq_ignore_ascii_case(b"project gutenberg"))
}

/// A line of the paragraph begins with `*** START OF`.
fn has_start_line(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        starts_with_ignore_case(l, "*** start of") || starts_with_ignore_case(l, "***start of")
    })
}

/// The paragraph's first line opens Project Gutenberg's footer.
fn is_gutenberg_footer(text: &str) -> bool {
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
fn bracket_opener(line: &str) -> Option<Rule> {
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
fn bracket_depth(text: &str, mut depth: u32) -> Option<u32> {
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
fn footnote_label(line: &str) -> bool {
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
fn is_transcriber_note(line: &str) -> bool {
    if !line.starts_with(['T', 't', 'R', 'r']) {
        return false;
    }
    let head: String = line.chars().take(24).collect();
    is_note_start(&head.replace('’', "'"))
}

/// The line is only the note's heading: `Transcriber's Notes:`.
fn is_note_heading(line: &str) -> bool {
    let line = line.trim_end_matches([':', '.', ' ']);
    let lower = line.to_ascii_lowercase();
    lower.ends_with("note") || lower.ends_with("notes")
}

/// The headings that open a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heading {
    Contents,
    Illustrations,
    OtherBooks,
    Index,
    Footnotes,
    Advertisements,
}

/// The heading a paragraph's first line is, if any.
fn heading(line: &str) -> Option<Heading> {
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
fn ends_with_page(line: &str) -> bool {
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
fn page_heading(line: &str) -> bool {
    let bare = line.trim_matches(|c: char| c == '_' || c == '.' || c.is_whitespace());
    ["page", "pages", "facing page"]
        .iter()
        .any(|p| bare.eq_ignore_ascii_case(p))
}

/// `CHAPTER IV.`, `Chapter 1. Background.`, `PART  I.--RASPUTIN`, `Appendices I - XII`.
fn chapter_line(line: &str) -> bool {
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
fn chapter_key(line: &str) -> String {
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
fn title_case_line(line: &str) -> bool {
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

/// Whether `text` is an index paragraph (see [`Matter::classify`]).
fn index_paragraph(text: &str) -> bool {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let indexed = lines.iter().filter(|l| index_line(l)).count();
    !lines.is_empty() && indexed * 2 >= lines.len()
}

/// `Army, 35, 36, 37.`, `    124-128.`, `Cadets, _see_ Constitutional Democrats`, `B`.
fn index_line(line: &str) -> bool {
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
fn note_paragraph(text: &str) -> bool {
    text.lines().count() <= 5 && NOTE_WORDS.iter().any(|w| contains_ignore_case(text, w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any paragraphs, in any order: no panic, and a paragraph's class depends only on
        /// it and the ones before it (classifying a prefix gives a prefix of the classes).
        #[test]
        fn never_panics_and_never_looks_ahead(
            paragraphs in prop::collection::vec(
                "[A-Za-z0-9 \u{a0}\u{3000}.,;:_\\[\\]’'é\n-]{0,60}", 1..12),
            cut in 0usize..12,
        ) {
            let mut matter = Matter::new(Some(Marker::new("It")), Some(Marker::new("THE END")));
            let all: Vec<_> = paragraphs.iter().map(|p| matter.classify(p)).collect();
            let mut again = Matter::new(Some(Marker::new("It")), Some(Marker::new("THE END")));
            let cut = cut.min(paragraphs.len());
            let prefix: Vec<_> = paragraphs[..cut].iter().map(|p| again.classify(p)).collect();
            prop_assert_eq!(&all[..cut], &prefix[..]);
            let mut plain = Matter::new(None, None);
            for p in &paragraphs {
                plain.classify(p);
                footnote_markers(p);
                excerpt(p, 7);
            }
        }
    }

    /// Classifies paragraphs (separated by blank lines) with no markers.
    fn rules(paragraphs: &[&str]) -> Vec<Option<Rule>> {
        let mut matter = Matter::new(None, None);
        paragraphs.iter().map(|p| matter.classify(p)).collect()
    }

    const PROSE: &str = "The army was destroyed in three or four months, and nobody\n\
                         could foresee how rapidly and easily it would go.";

    #[test]
    fn markers_cut_front_and_back_matter() {
        let mut matter = Matter::new(Some(Marker::new("It was")), Some(Marker::new("THE END")));
        let got: Vec<_> = [
            "MY LIFE",
            "CONTENTS",
            "  It was a dark night.",
            PROSE,
            "THE END",
            "[1] A note.",
            "PRINTED BY SMITH",
        ]
        .iter()
        .map(|p| matter.classify(p))
        .collect();
        assert_eq!(
            got,
            [
                Some(Rule::FrontMatter),
                Some(Rule::Contents),
                None,
                None,
                Some(Rule::BackMatter),
                Some(Rule::Footnote),
                Some(Rule::BackMatter),
            ]
        );
        let doc = Document::bare("d", "d.txt");
        matter.finish(&doc).unwrap();
    }

    #[test]
    fn missing_markers_are_errors_naming_the_marker() {
        let doc = Document::bare("d", "d.txt");
        let mut matter = Matter::new(Some(Marker::new("Preface")), None);
        matter.classify(PROSE);
        let err = matter.finish(&doc).unwrap_err();
        assert!(matches!(
            err,
            Error::MarkerNotFound {
                field: "body_start",
                ..
            }
        ));
        assert!(err.to_string().contains("\"Preface\""), "{err}");
        let mut matter = Matter::new(None, Some(Marker::new("INDEX")));
        matter.classify(PROSE);
        let err = matter.finish(&doc).unwrap_err();
        assert!(err.to_string().contains("body_end"), "{err}");
    }

    #[test]
    fn the_end_marker_is_looked_for_after_the_start() {
        let mut matter = Matter::new(Some(Marker::new("Chapter")), Some(Marker::new("Chapter")));
        assert_eq!(matter.classify("Chapter one"), None);
        assert_eq!(matter.classify(PROSE), None);
        assert_eq!(matter.classify("Chapter two"), Some(Rule::BackMatter));
    }

    #[test]
    fn gutenberg_header_and_footer() {
        let got = rules(&[
            "The Project Gutenberg EBook of Ten Days, by John Reed",
            "This eBook is for the use of anyone anywhere.",
            "*** START OF THIS PROJECT GUTENBERG EBOOK TEN DAYS ***",
            PROSE,
            "*** END OF THIS PROJECT GUTENBERG EBOOK TEN DAYS ***",
            "Updated editions will replace the previous one.",
        ]);
        use Rule::*;
        assert_eq!(
            got,
            [
                Some(GutenbergHeader),
                Some(GutenbergHeader),
                Some(GutenbergHeader),
                None,
                Some(GutenbergFooter),
                Some(GutenbergFooter),
            ]
        );
        // Without a header, a later paragraph naming Project Gutenberg is body, and so is a
        // "*** END OF" line about something else.
        assert_eq!(
            rules(&[
                PROSE,
                "I read it at Project Gutenberg.",
                "*** END OF PART ONE ***"
            ]),
            [None, None, None]
        );
    }

    #[test]
    fn transcriber_notes() {
        use Rule::*;
        assert_eq!(
            rules(&[
                "Transcriber's Note:",
                "Text enclosed by underscores is in italics (_italics_).",
                "Obvious typographical errors have been silently corrected.",
                "THE RUSSIAN TURMOIL",
                "Transcriber’s Note: Italic text is enclosed in _underscores._",
                "[Redactor’s Note: The book is composed of text,\nfootnotes, and appendices.]",
                "The transcriber's note says nothing.",
            ]),
            [
                Some(TranscriberNote),
                Some(TranscriberNote),
                Some(TranscriberNote),
                None,
                Some(TranscriberNote),
                Some(TranscriberNote),
                None,
            ]
        );
    }

    #[test]
    fn contents_with_page_numbers_and_chapter_lines() {
        use Rule::*;
        let got = rules(&[
            "CONTENTS",
            "      PAGE",
            " FOREWORD                                                             11",
            " CHAPTER I.",
            " THE FOUNDATIONS OF THE OLD POWER: FAITH, THE CZAR, AND THE\n MOTHER COUNTRY                                                       13",
            " CHAPTER II.",
            " THE ARMY                                                             23",
            "FOREWORD",
            PROSE,
        ]);
        assert_eq!(got[..7], [Some(Contents); 7]);
        assert_eq!(got[7..], [None, None]);
    }

    #[test]
    fn a_repeated_chapter_line_ends_the_contents() {
        use Rule::*;
        let got = rules(&[
            "CONTENTS",
            "CHAPTER I.",
            "THE ARMY        13",
            "CHAPTER II.",
            "THE DUMA        40",
            "CHAPTER I.",
            "THE ARMY",
            PROSE,
        ]);
        assert_eq!(
            got,
            [
                Some(Contents),
                Some(Contents),
                Some(Contents),
                Some(Contents),
                Some(Contents),
                None,
                None,
                None
            ]
        );
    }

    #[test]
    fn contents_as_a_list_of_titles() {
        use Rule::*;
        // Ransome's table: titles only. The single-line headings after it stay.
        let got = rules(&[
            "CONTENTS",
            "To Petrograd\nSmolni\nPetrograd to Moscow\nThe Executive Committee on the Reply to the Prinkipo Proposal\nAn Ex--Capitalist\nNotes of Conversations with Lenin\nWar or Peace?",
            "RUSSIA IN 1919",
            "TO PETROGRAD",
            PROSE,
        ]);
        assert_eq!(got, [Some(Contents), Some(Contents), None, None, None]);
        // Reed's, in the same paragraph as its heading.
        let got = rules(&[
            "Table of Contents",
            "  Preface.\n  Notes and Explanations.\n  Chapter 1. Background.\n  Appendices I - XII",
            "Preface",
            PROSE,
        ]);
        assert_eq!(got, [Some(Contents), Some(Contents), None, None]);
        // A heading with its list in the same paragraph.
        let got = rules(&[
            "CONTENTS\nTo Petrograd            1\nSmolni              12",
            PROSE,
        ]);
        assert_eq!(got, [Some(Contents), None]);
    }

    #[test]
    fn prose_after_a_contents_heading_is_kept() {
        // A "Contents" heading followed by prose: the prose is body.
        assert_eq!(rules(&["CONTENTS", PROSE]), [Some(Rule::Contents), None]);
        // A first line "Contents" with prose after it in the same paragraph is body.
        assert_eq!(
            rules(&["Contents\nof the sealed box were never made public, and the Stavka\nknew nothing of them for a month."]),
            [None]
        );
    }

    #[test]
    fn lists_of_illustrations() {
        use Rule::*;
        let got = rules(&[
            "LIST OF ILLUSTRATIONS",
            " THE STAVKA QUARTERMASTER-GENERAL'S BRANCH                _Frontispiece_",
            " GENERAL ALEXEIEV                                           \"    \"    72",
            "LIST OF DIAGRAMS AND MAPS",
            "                                                                    PAGE",
            " 1. DIAGRAM OF THE COMPARATIVE FORCES OF THE GERMANS IN\n    DIFFERENT THEATRES OF WAR                                         32",
            "  Peace Document of Delegates at Brest-Litovsk Conference\n                                                                     310",
            "PART I",
            PROSE,
        ]);
        assert_eq!(got[..7], [Some(ListOfIllustrations); 7]);
        // A chapter line is a list line only in a table of contents.
        assert_eq!(got[7..], [None, None]);
    }

    #[test]
    fn illustration_captions() {
        use Rule::*;
        let got = rules(&[
            "[Illustration: LENIN]",
            "  [Illustration]",
            "[Graphic, page 33: text of placard in russian, translation follows]",
            "[Illustration:",
            "    _Photo by Paul Thompson_",
            "GREGORY RASPUTIN",
            "“The Black Monk of Russia”]",
            PROSE,
        ]);
        assert_eq!(got[..7], [Some(Illustration); 7]);
        assert_eq!(got[7], None);
    }

    #[test]
    fn bracketed_body_text_is_kept() {
        // A quotation in brackets, a caption glued to prose, a stray unclosed bracket.
        let got = rules(&[
            "[The rest of the letter is missing.]",
            "[Illustration: LENIN]\nLenin became an active revolutionist through the spiritual motives.",
            "[Sic] the telegram read.",
        ]);
        assert_eq!(got, [None, None, None]);
        let mut paragraphs = vec!["[Illustration: A caption that never closes"];
        paragraphs.extend([PROSE; 15]);
        let got = rules(&paragraphs);
        let excluded = got.iter().filter(|r| r.is_some()).count();
        assert_eq!(excluded as u32, BRACKET_PARAGRAPHS);
        assert_eq!(got[BRACKET_PARAGRAPHS as usize], None);
    }

    #[test]
    fn footnotes() {
        use Rule::*;
        let got = rules(&[
            "[1] Part of the famous “Sisson Documents”.",
            "     [2] K. Kautsky, _The American and the Russian Workingman_.",
            "FOOTNOTES:",
            "[Footnote: I cite here the text of this wireless message:",
            "\"Selo Pulkovo. General Staff 2:10 P. M. The night of October 30th-31st\nwill go down in history.",
            "\"Long live revolutionary and Socialist Russia!\"]",
            PROSE,
            "[1917] was the year of the revolution.",
            "[12]Kerensky answered.",
        ]);
        assert_eq!(got[..6], [Some(Footnote); 6]);
        assert_eq!(got[6..], [None, None, None]);
    }

    #[test]
    fn index_after_its_heading_only() {
        use Rule::*;
        let got = rules(&[
            "  INDEX",
            "  Absolutism, role of, in outgrowing economic basis, 69;\n    in promoting industry and science, 69, 70;\n    as an end in itself, 70-71.",
            "  Army, 35, 36, 37.",
            "  Class consciousness, of proletariat, as prerequisite to Socialism,\n    124-128.",
            "  Middle-class (_see_ Bourgeoisie), weakness of, in Russia, 71, 72.",
            "B",
            PROSE,
        ]);
        assert_eq!(got[..6], [Some(Index); 6]);
        assert_eq!(got[6], None);
        // Without the heading, index-like lines are body: a dated signature, a paragraph on
        // "the index of prices".
        let got = rules(&[
            "Petrograd, November 18th, 1917.",
            "The index of prices rose from 100 to 212,\nand in Moscow to 230, 245, 260.",
        ]);
        assert_eq!(got, [None, None]);
    }

    #[test]
    fn advertisements() {
        use Rule::*;
        let got = rules(&[
            "DECREE ON THE MONOPOLY OF ADVERTISEMENTS",
            PROSE,
            "BY THE SAME AUTHOR",
            "  Six Red Months in Russia\n  The Bolsheviki and World Peace",
            PROSE,
            "ADVERTISEMENTS",
            "A brilliant account of the war. --_The Times_",
            "*** END OF THE PROJECT GUTENBERG EBOOK MIRRORS OF MOSCOW ***",
        ]);
        assert_eq!(
            got,
            [
                None,
                None,
                Some(Advertisements),
                Some(Advertisements),
                None,
                Some(Advertisements),
                Some(Advertisements),
                Some(GutenbergFooter),
            ]
        );
        // "Advertisements" in lower case may title a chapter.
        assert_eq!(rules(&["Advertisements", PROSE]), [None, None]);
    }

    #[test]
    fn line_tests() {
        assert!(ends_with_page("LENIN                                2"));
        assert!(ends_with_page(
            "FOREWORD                                       xi"
        ));
        assert!(ends_with_page("Introduction ........ 7"));
        // A gap of no-break spaces is no gap (and must not split a character).
        assert!(!ends_with_page("Preface\u{a0}\u{a0}vii"));
        assert!(!ends_with_page("RUSSIA IN 1919"));
        assert!(!ends_with_page("the revolution of 1905"));
        assert!(chapter_line("Chapter 1. Background."));
        assert!(chapter_line("PART  I.--RASPUTIN"));
        assert!(!chapter_line("Partisans of the Tsar"));
        assert!(!chapter_line("Part of the army"));
        assert!(title_case_line("A Bolshevik Fellow of the Royal Society"));
        assert!(!title_case_line(
            "I am well aware that there is material in this book which will"
        ));
        assert!(index_line("  Gapon, 59, 62; 172-3."));
        assert!(!index_line("and in 1917 the army, 10 million strong"));
        assert_eq!(excerpt("a  b\n c", 80), "a b c");
        assert_eq!(excerpt("abcdef", 3), "abc");
    }
}
