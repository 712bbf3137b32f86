//! The engine: drives every stage over a corpus.
//!
//! Documents are read one after another as batches of whole paragraphs
//! ([`crate::read`]); the paragraphs of a batch are normalized, segmented, tokenized and
//! counted in parallel on a rayon pool ([`crate::count::count_paragraph`]); their results are
//! merged in paragraph order ([`crate::count::Counter`]). Only counts and the compact pair log
//! are kept, never the text, so memory follows the vocabulary, not the corpus. Merging in
//! order makes every result identical at any thread count.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::corpus::{Corpus, Document};
use crate::count::{
    count_paragraph, seed_vocabulary, CountOptions, Counter, DocumentCounts, Scratch, WordCounts,
};
use crate::dispersion::Parts;
use crate::error::{Error, Result};
use crate::read::{DocumentReader, ReadOptions};
use crate::vocab::Vocabulary;

/// How an analysis runs.
///
/// ```
/// let config = corpus_lens::engine::Config { threads: Some(2), ..Default::default() };
/// assert!(!config.count.keep_numbers);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Worker threads; `None` uses one per core.
    pub threads: Option<usize>,
    /// How files are read.
    pub read: ReadOptions,
    /// What is counted.
    pub count: CountOptions,
}

/// One document's metadata and counts.
#[derive(Debug, Clone)]
pub struct DocumentResult {
    /// Metadata from the corpus.
    pub document: Document,
    /// Bytes in the file.
    pub bytes: u64,
    /// Invalid bytes replaced (with `lossy` only).
    pub replaced_bytes: u64,
    /// The counts.
    pub counts: DocumentCounts,
}

/// Everything one run computed.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The words, indexed by id.
    pub words: Vec<Box<str>>,
    /// Per document, in corpus order.
    pub documents: Vec<DocumentResult>,
    /// Corpus-wide counts of every occurring word, sorted by id.
    pub corpus_words: Vec<WordCounts>,
    /// All paragraphs of the corpus as dispersion parts.
    pub parts: Parts,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
}

impl Analysis {
    /// Counted tokens in the whole corpus.
    pub fn tokens(&self) -> u64 {
        self.parts.total
    }

    /// Bytes read in the whole corpus.
    pub fn bytes(&self) -> u64 {
        self.documents.iter().map(|d| d.bytes).sum()
    }

    /// The word with this id.
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }
}

/// Runs the pipeline.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config}};
/// let analysis = Analyzer::new(Config::default()).run(&Corpus::load_default()?)?;
/// assert!(analysis.tokens() > 10_000);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Analyzer {
    config: Config,
}

impl Analyzer {
    /// An analyzer with this configuration.
    pub fn new(config: Config) -> Analyzer {
        Analyzer { config }
    }

    /// Analyzes the corpus. Reads every document; writes nothing.
    pub fn run(&self, corpus: &Corpus) -> Result<Analysis> {
        match self.config.threads {
            Some(0) => Err(Error::Usage("--threads must be at least 1".into())),
            Some(n) => {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build()
                    .map_err(|e| Error::Usage(format!("cannot start {n} threads: {e}")))?;
                pool.install(|| self.run_here(corpus))
            }
            None => self.run_here(corpus),
        }
    }

    fn run_here(&self, corpus: &Corpus) -> Result<Analysis> {
        let start = Instant::now();
        let vocab = Vocabulary::new();
        seed_vocabulary(&vocab);
        let mut counter = Counter::default();
        let mut documents = Vec::with_capacity(corpus.documents().len());
        for document in corpus.documents() {
            documents.push(self.run_document(document, &vocab, &mut counter)?);
        }
        let (corpus_words, parts) = counter.corpus_words();
        Ok(Analysis {
            words: vocab.into_words(),
            documents,
            corpus_words,
            parts,
            elapsed: start.elapsed(),
        })
    }

    fn run_document(
        &self,
        document: &Document,
        vocab: &Vocabulary,
        counter: &mut Counter,
    ) -> Result<DocumentResult> {
        let mut reader = DocumentReader::open(&document.path, self.config.read.clone())?;
        let options = &self.config.count;
        while let Some(batch) = reader.next_batch()? {
            let results: Vec<_> = batch
                .paragraphs
                .par_iter()
                .with_min_len(16)
                .map_init(Scratch::default, |scratch, p| {
                    count_paragraph(&batch.text[p.range.clone()], vocab, options, scratch)
                })
                .collect();
            for paragraph in results {
                counter.add_paragraph(paragraph);
            }
        }
        Ok(DocumentResult {
            document: document.clone(),
            bytes: reader.bytes_read(),
            replaced_bytes: reader.replaced_bytes(),
            counts: counter.finish_document(),
        })
    }
}
