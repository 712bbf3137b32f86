//! # corpus-lens
//!
//! Corpus linguistics for memoirs and other historical prose: word frequencies with
//! dispersion, stems, OCR-noise reports, collocations with association measures, KWIC
//! concordances, n-grams, VADER sentiment and faction framing with bootstrap intervals (and, as
//! the project grows, comparisons between memoirs), written as tidy CSV tables for R and
//! pandas.
//!
//! ## The pipeline
//!
//! The data flow is the architecture: one folder per stage, and imports go one way, from a
//! stage to an earlier one (`scripts/check_imports.py` checks it in CI).
//!
//! | stage | folder | takes | gives |
//! |---|---|---|---|
//! | 1 corpus | [`corpus`] | files, folders, manifests, selectors | documents with metadata; the documents a comparison takes |
//! | 2 text | [`text`] | a file | paragraphs (body or excluded matter), normalized, segmented, tokenized |
//! | 2b syntax | [`syntax`] | a sentence's tokens | UPOS tags, lemmas, dependency heads and labels (CoNLL-U in and out) |
//! | 3 count | [`count`] | paragraphs, in parallel; a list of analyses | merged word counts; each analysis's partial results |
//! | 4 statistics | [`stats`] | counts | dispersion, association, keyness, bootstrap intervals |
//! | 5 analyses | [`analyses`] | merged counts | rows of the frequency, collocation, KWIC, n-gram and comparison tables |
//! | 6 framing | [`framing`] | a paragraph's tokens; mention logs | faction mentions scored for valence and framing dimensions; their summaries and comparisons |
//! | 7 run | [`run`] | a corpus and the analyses asked for | an analysis: word counts and each analysis's output by name |
//! | 8 tables | [`tables`] | rows | CSV files with their schemas, written atomically |
//!
//! Every analysis implements one trait, [`count::aggregate::Aggregate`] (count a paragraph,
//! merge partial results, finish into the output), and [`count::engine`] drives a list of
//! them over a corpus on a rayon pool without knowing any by name; [`run`] is the typed
//! front that names them ([`run::Analyzer`], [`run::Analysis`]). Results are identical at
//! any thread count: paragraphs are counted in parallel but merged in order, and every table
//! is sorted with an explicit tie-break on a string. The engine reports its progress to an
//! optional [`progress`] hook, once per batch; the library itself draws nothing (the command
//! line draws a bar with it).
//!
//! ## Quick start
//!
//! ```
//! use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config}, freq, tables};
//!
//! // The shipped default corpus (corpora/manifest.toml); or Corpus::from_inputs(&paths).
//! let corpus = Corpus::load_default()?;
//! let analysis = Analyzer::new(Config::default()).run(&corpus)?;
//!
//! let rows = freq::freq_table(&analysis, &freq::FreqOptions::default());
//! let soviet = rows.iter().find(|r| r.word == "soviet").unwrap();
//! assert!(soviet.freq > 100 && soviet.dp.unwrap() > 0.0);
//!
//! // Write it as CSV (here to memory; tables::OutputDir writes files atomically).
//! let mut csv = Vec::new();
//! tables::write_csv(&mut csv, &tables::FREQ, rows.iter().take(3))?;
//! assert!(csv.starts_with(b"word,freq,per_million,range,range_pct,n_documents,dp"));
//! # Ok::<(), corpus_lens::Error>(())
//! ```
//!
//! A longer program, run by CI: `examples/library.rs` (frequencies, the collocates of
//! "soviet", faction framing with bootstrap intervals, tables written into a folder with
//! [`tables::OutputDir`]). Every public item has an example of its own.
#![deny(missing_docs)]

pub mod analyses;
pub mod corpus;
pub mod count;
pub mod error;
pub mod framing;
pub mod progress;
pub mod rows;
pub mod run;
pub mod schema;
pub mod stats;
pub mod syntax;
pub mod tables;
pub mod text;

// The module paths of version 0.1, before the stage folders: kept so that code written
// against them still compiles. New code should use the stage paths (`corpus_lens::text::read`
// rather than `corpus_lens::read`); these aliases will go in a later major version.
#[doc(hidden)]
pub use analyses::{collocate, compare, freq, kwic_sort, ngrams};
#[doc(hidden)]
pub use count::{nodes, spill, vocab};
#[doc(hidden)]
pub use framing::{factions, lexicon, sentiment, vader};
#[doc(hidden)]
pub use run as engine;
#[doc(hidden)]
pub use stats::{association, bootstrap, dispersion, keyness};
#[doc(hidden)]
pub use text::{normalize, read, segment, stopwords, tokenize, tokens};
/// Version 0.1's `matter` module: [`text::matter`], and the rows of `excluded_matter.csv`,
/// now in [`analyses::freq`].
#[doc(hidden)]
pub mod matter {
    pub use crate::analyses::freq::{excluded_rows, ExcludedRow};
    pub use crate::text::matter::*;
}

/// Asks the CPU to start loading `value`'s cache line (a hint: nothing is read, nothing
/// can fail, and it does nothing on targets other than x86-64). Used where a loop knows
/// a few steps ahead which entry of a large table it will touch.
#[inline(always)]
pub(crate) fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and does not change the program's state; the
    // address is that of a live reference, and SSE is part of every x86-64 CPU.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>((value as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

pub use error::{Error, Result};
