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

mod classify;
mod lines;
mod rules;

pub use crate::corpus::Marker;
pub use classify::{Matter, BRACKET_PARAGRAPHS, HEADER_PARAGRAPHS};
pub use lines::footnote_markers;
pub use rules::{excerpt, Excluded, Rule, EXCERPT_CHARS};

#[cfg(test)]
mod tests;
