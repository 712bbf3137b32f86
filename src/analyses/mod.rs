//! Stage 5, analyses: from merged counts to the rows of a table.
//!
//! Takes the merged counts of a run ([`crate::count::engine::CorpusCounts`], and the windows and n-grams of [`crate::run::Analysis`]); gives the rows of
//! the frequency, collocation, KWIC, n-gram and comparison tables, with the measures of
//! [`crate::stats`].
//!
//! | module | tables |
//! |---|---|
//! | [`frequencies`] | the analysis that counts words with their dispersion (the input of [`freq`] and [`compare`]) |
//! | [`freq`] | `freq.csv`, `freq_by_document.csv`, `stems.csv`, `corpus_summary.csv`, `ocr_suspects.csv`, `excluded_matter.csv` |
//! | [`collocate`] | `collocations.csv`, `kwic.csv`, `cooc_matrix.csv` |
//! | [`lemmas`] | `lemmas.csv`: the analysis that tags and lemmatizes the paragraphs, and its rows |
//! | [`sketch`] | `relations.csv`: grammatical collocations of node lemmas from the parser |
//! | [`kwic_sort`] | the order of `kwic.csv`'s lines (`--sort 1R,2R`) |
//! | [`ngrams`] | `ngrams.csv` |
//! | [`parts`] | chapters and other parts of documents, for dispersion and the text-level tests (`--parts`) |
//! | [`compare`] | `keyness.csv`, `colloc_compare.csv` |
//!
//! ```
//! use corpus_lens::{analyses::freq, corpus::Corpus, run::Analyzer};
//! let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
//! let analysis = Analyzer::default().run(&corpus)?;
//! let rows = freq::freq_table(&analysis, &freq::FreqOptions::default());
//! assert_eq!(rows[0].word, "the");
//! # Ok::<(), corpus_lens::Error>(())
//! ```

pub mod collocate;
pub mod compare;
pub mod freq;
pub mod frequencies;
pub mod kwic_sort;
pub mod lemmas;
pub mod ngrams;
pub mod parts;
pub mod sketch;
