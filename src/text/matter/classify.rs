//! The classifier ([`Matter`]): fed a document's paragraphs in file order, it tells which
//! ones the rules leave out.

use std::collections::HashSet;

use crate::corpus::{Document, Marker};
use crate::error::{Error, Result};
use crate::text::matter::lines::{
    bracket_depth, bracket_opener, chapter_key, chapter_line, ends_with_page, first_line,
    footnote_label, has_start_line, heading, index_paragraph, is_gutenberg_footer, is_note_heading,
    is_transcriber_note, names_gutenberg, note_paragraph, page_heading, title_case_line, Heading,
};
use crate::text::matter::rules::Rule;

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
