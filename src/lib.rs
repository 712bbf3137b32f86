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
//! The data flow is the architecture; each stage is one module:
//!
//! | stage | module | takes | gives |
//! |---|---|---|---|
//! | corpus | [`corpus`] | files, folders, manifests | documents with metadata |
//! | read | [`read`] | a file | batches of whole paragraphs, validated UTF-8 |
//! | matter | [`matter`] | a document's paragraphs, in file order | body, or the rule that leaves it out (front and back matter, contents, captions, footnotes, index) |
//! | normalize | [`normalize`] | a paragraph | NFKC, folded quotes/dashes, joined lines, offset map |
//! | segment | [`segment`] | bytes / a paragraph | paragraphs / sentences |
//! | tokenize | [`tokenize`] | a paragraph | tokens with byte spans |
//! | located tokens | [`tokens`] | a paragraph | tokens with document, paragraph, sentence, file span |
//! | vocabulary | [`vocab`] | words | `u32` ids |
//! | nodes | [`nodes`] | node words and phrases | per-word match masks, occurrences |
//! | count | [`count`], [`collocate`], [`ngrams`] | paragraphs, in parallel | merged counts, windows, KWIC lines, paragraph log |
//! | mentions | [`factions`], [`lexicon`], [`vader`], [`framing`] | a paragraph's tokens | faction mentions scored for valence and framing dimensions |
//! | statistics | [`dispersion`], [`freq`], [`association`], [`collocate`], [`kwic_sort`], [`sentiment`], [`bootstrap`], [`framing::summary`] | counts, mentions | measures, intervals and table rows |
//! | comparison | [`compare`], [`keyness`], [`framing::compare`] | per-document counts and mentions, selectors | keyness, collocate and framing differences between memoirs |
//! | tables | [`tables`] | rows | CSV files, written atomically |
//!
//! [`engine`] drives the stages over a corpus on a rayon pool. Results are identical at any
//! thread count: paragraphs are counted in parallel but merged in order, and every table is
//! sorted with an explicit tie-break on a string. The engine reports its progress to an
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

pub mod association;
pub mod bootstrap;
pub mod collocate;
pub mod compare;
pub mod corpus;
pub mod count;
pub mod dispersion;
pub mod engine;
pub mod error;
pub mod factions;
pub mod framing;
pub mod freq;
pub mod keyness;
pub mod kwic_sort;
pub mod lexicon;
pub mod matter;
pub mod ngrams;
pub mod nodes;
pub mod normalize;
pub mod progress;
pub mod read;
pub mod segment;
pub mod sentiment;
pub mod spill;
pub mod stopwords;
pub mod tables;
pub mod tokenize;
pub mod tokens;
pub mod vader;
pub mod vocab;

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
