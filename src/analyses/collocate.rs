//! Collocation windows and concordance lines around node words, counted per paragraph.
//!
//! Takes a paragraph's counted tokens (word ids, sentence of each token) and the node
//! occurrences found by [`crate::count::nodes`]; gives, per node, how often each word falls in the
//! window around it (left and right apart), and the KWIC lines. The counts are merged like
//! word counts (in paragraph order), and turned into association measures by
//! [`crate::stats::association`] when the tables are made.
//!
//! **Window.** `left` tokens before and `right` tokens after each occurrence (default 5 and
//! 5), never crossing the paragraph (default) or, with [`Within::Sentence`], the sentence of
//! the occurrence's first (left side) or last (right side) token; never crossing documents.
//! The occurrence's own tokens are never its collocates. Only counted tokens take window
//! places: punctuation never does, numbers only with `keep_numbers`.
//!
//! **Counting.** [`Counting::Occurrence`] (default, Evert 2008) counts every (occurrence,
//! token in its window) pair: a token in the overlap of two windows counts twice, so `O11`
//! may exceed `f(collocate)` and the row's table is flagged impossible.
//! [`Counting::Union`] counts each token position once per node, however many windows hold
//! it (with the side of the first window that holds it), so `O11 <= f(collocate)` and the
//! table is always possible. An occurrence's own tokens are not in its window, but they may be
//! in a neighbouring occurrence's window and count there.

mod aggregate;
mod kwic;
mod matrix;
mod rows;
mod windows;

pub use aggregate::Windows;
pub(crate) use aggregate::{OpenWindows, SavedWindows};
#[allow(deprecated)] // kept for code written against 0.1
pub use kwic::{kwic_rows, DocumentWindows, KwicLines, KwicRow, KwicRows};
pub use matrix::{cooc_layout, cooc_matrix, put_cooc_matrix, write_cooc_matrix, COOC_FILE};
pub(crate) use rows::rows_with;
#[allow(deprecated)] // kept for code written against 0.1
pub use rows::{collocation_rows, CollocationFilter, CollocationRow, Measure, CORPUS_GROUP};
pub use windows::{count_windows, Counting, KwicLine, ParagraphWindows, WindowOptions, Within};

#[cfg(test)]
mod tests;
