//! Stage 3, counting: what each paragraph contributes, and the sequential merge of those
//! contributions into corpus and document counts.
//!
//! Takes a corpus and a list of analyses; gives each document's counts (paragraphs,
//! sentences, tokens, OCR suspects) and each analysis's partial results ([`engine`]). Every
//! analysis implements one trait ([`aggregate::Aggregate`]: count a paragraph, merge
//! partials, finish), so this stage knows none of them by name; word frequencies and their
//! dispersion are one of them ([`crate::analyses::frequencies`]).
//!
//! Paragraphs are counted in parallel ([`count_paragraph`]): the token pass makes each
//! paragraph's word ids and its `(word, count)` pairs once, for every analysis. Their
//! results are merged in paragraph order ([`Counter::add_paragraph`],
//! [`aggregate::AnyAggregate::add`]), so every float sum later runs in the same order
//! whatever the thread count. [`PairLog`] is the compact log of paragraphs' pairs (about
//! three bytes a pair) an analysis can keep.

pub mod aggregate;
pub mod engine;
mod merge;
pub mod nodes;
mod pair_log;
mod paragraph;
// Internals: public for the benchmarks and probes in benches/ and examples/ only, hidden from
// the documentation, and not part of the stable API (they may change in any version).
#[doc(hidden)]
pub mod spill;
#[doc(hidden)]
pub mod vocab;
pub(crate) mod words;

pub use merge::{Counter, Counts, DocumentCounts, OcrCount};
pub use pair_log::{PairLog, CHUNK_PARAGRAPHS, LOG_MEMORY_LIMIT};
pub use paragraph::{
    count_paragraph, count_paragraph_at, seed_vocabulary, seeded_vocabulary, Location, OcrHit,
    ParagraphCounts, ParagraphOptions,
};
// Internal (see `spill` above): a paragraph pass's reusable buffers.
#[doc(hidden)]
pub use paragraph::{count_paragraph_with, Scratch};
pub use words::WordCounts;

#[cfg(test)]
mod tests;
