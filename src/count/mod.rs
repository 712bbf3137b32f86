//! Stage 3, counting: what each paragraph contributes, and the sequential merge of those
//! contributions into corpus and document counts.
//!
//! Takes a corpus and a list of analyses; gives word counts with dispersion and each
//! analysis's partial results ([`engine`]). Every analysis implements one trait
//! ([`aggregate::Aggregate`]: count a paragraph, merge partials, finish), so this stage
//! knows none of them by name.
//!
//! Paragraphs are counted in parallel ([`count_paragraph`]); their results are merged in
//! paragraph order ([`Counter::add_paragraph`]), so every float sum later runs in the same
//! order whatever the thread count. The merge keeps only per-word totals and a compact
//! log of each paragraph's sparse `(word, count)` pairs ([`PairLog`], about three bytes a
//! pair), from which dispersion is computed once the totals are known.

pub mod aggregate;
pub mod engine;
mod merge;
pub mod nodes;
mod pair_log;
mod paragraph;
mod replay;
pub mod spill;
pub mod vocab;

pub use merge::{Counter, Counts, DocumentCounts, OcrCount};
pub use pair_log::{PairLog, CHUNK_PARAGRAPHS, LOG_MEMORY_LIMIT};
pub use paragraph::{
    count_paragraph, count_paragraph_with, seed_vocabulary, OcrHit, ParagraphCounts,
    ParagraphOptions, Scratch,
};
pub use replay::WordCounts;

#[cfg(test)]
mod tests;
