//! The engine: drives every stage over a corpus.
//!
//! Documents are read one after another as batches of whole paragraphs
//! ([`crate::text::read`]); the paragraphs of a batch are normalized, segmented, tokenized and
//! counted in parallel on a rayon pool ([`crate::count::count_paragraph`]); their results are
//! merged in paragraph order ([`crate::count::Counter`]). Before a batch is counted, its
//! paragraphs are classified in file order as body or excluded matter ([`crate::text::matter`]);
//! only body paragraphs are counted (unless [`Config::keep_matter`]). Only counts, the compact
//! pair log and the excluded paragraphs' positions are kept, never the text, so memory
//! follows the vocabulary, not the corpus; the rows that grow with the corpus (framing
//! mentions, KWIC lines) are appended to compact logs that go to a temporary file past a
//! memory budget shared by the run ([`crate::count::spill`], [`Config::spill_limit`]). Merging in order makes every result identical at
//! any thread count.

use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use thread_local::ThreadLocal;

use crate::corpus::{Corpus, Document};
use crate::count::spill::{Spill, SPILL_MEMORY_LIMIT};
use crate::count::vocab::Vocabulary;
use crate::count::{
    count_paragraph, seed_vocabulary, CountOptions, Counter, DocumentCounts, ParagraphCounts,
    Scratch, WordCounts,
};
use crate::error::{Error, Result};
use crate::framing::summary::DocumentFraming;
use crate::progress::{self, Progress};
use crate::stats::dispersion::Parts;
use crate::text::matter::{excerpt, Excluded, Matter, EXCERPT_CHARS};
use crate::text::read::{Batch, DocumentReader, Paragraph, ReadOptions};

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
    /// Count every paragraph, front and back matter, captions and footnotes included
    /// (`--keep-matter`). Default: false, they are left out by the rules of
    /// [`crate::text::matter`].
    pub keep_matter: bool,
    /// Bytes of the logs of rows that grow with the corpus (framing mentions, KWIC lines)
    /// kept in
    /// memory before they go to a temporary file; `None`:
    /// [`crate::count::spill::SPILL_MEMORY_LIMIT`] (see [`crate::count::spill`]).
    pub spill_limit: Option<usize>,
}

/// One document's metadata and counts.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::default().run(&corpus)?;
/// let result = &analysis.documents[0];
/// assert_eq!(result.document.id, "trotsky1918");
/// assert_eq!(result.bytes, std::fs::metadata(&result.document.path)?.len());
/// assert_eq!(result.replaced_bytes, 0);
/// assert!(result.counts.tokens > 10_000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct DocumentResult {
    /// Metadata from the corpus.
    pub document: Document,
    /// Bytes in the file.
    pub bytes: u64,
    /// Invalid bytes replaced (with `lossy` only).
    pub replaced_bytes: u64,
    /// The counts (of body paragraphs only, unless `keep_matter`).
    pub counts: DocumentCounts,
    /// The paragraphs left out as front or back matter or notes, in file order.
    pub excluded: Vec<Excluded>,
}

impl DocumentResult {
    /// Bytes of the excluded paragraphs.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer};
    /// let corpus = Corpus::load_default()?;
    /// let ransome = corpus.documents().iter().find(|d| d.id == "ransome1919").cloned();
    /// let analysis = Analyzer::default().run(&Corpus::new(ransome.into_iter().collect()))?;
    /// let doc = &analysis.documents[0];
    /// // The transcriber's note, the contents and the like: a small part of the file.
    /// assert!(0 < doc.excluded_bytes() && doc.excluded_bytes() < doc.bytes / 10);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn excluded_bytes(&self) -> u64 {
        self.excluded.iter().map(|e| e.bytes).sum()
    }
}

/// Everything one run computed.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..2].to_vec());
/// let analysis = Analyzer::default().run(&corpus)?;
/// assert_eq!(analysis.documents.len(), 2);
/// // Corpus-wide counts are the documents' counts added up.
/// let per_document: u64 = analysis.documents.iter().map(|d| d.counts.tokens).sum();
/// assert_eq!(analysis.tokens(), per_document);
/// let soviet = analysis.words.iter().position(|w| &**w == "soviet").unwrap() as u32;
/// assert!(analysis.corpus_words.iter().any(|w| w.id == soviet));
/// assert_eq!(analysis.timings[0].0, "read+count");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
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
    /// N-gram counts (empty unless `count.ngrams` was set).
    pub ngrams: crate::analyses::ngrams::NgramCounts,
    /// Per document (in corpus order), the scored faction mentions (empty unless
    /// `count.framing` was set).
    pub framing: Vec<crate::framing::summary::DocumentFraming>,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// Wall-clock time of each phase: reading and counting, then dispersion.
    pub timings: Vec<(&'static str, Duration)>,
    /// Each word's rank in string order, computed on first use ([`Analysis::word_ranks`]).
    ranks: std::sync::OnceLock<Vec<u32>>,
}

impl Analysis {
    /// Takes the documents' framing out of the analysis, each with its document's id, in
    /// corpus order: the input of [`crate::framing::summary::summarize`],
    /// [`crate::framing::summary::write_mentions`] and the other framing tables.
    /// [`Analysis::framing`] is left empty.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config}, factions::FactionSet};
    /// use corpus_lens::{framing::{Context, Framer}, lexicon::Lexicon};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..2].to_vec());
    /// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
    /// let mut config = Config::default();
    /// config.count.framing = Some(framer);
    /// let mut analysis = Analyzer::new(config).run(&corpus)?;
    /// let framed = analysis.take_framing();
    /// assert_eq!(framed[1].0, corpus.documents()[1].id);
    /// assert!(framed[0].1.mentions()?.len() > 100);
    /// assert!(analysis.framing.is_empty());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn take_framing(&mut self) -> Vec<(String, crate::framing::summary::DocumentFraming)> {
        self.documents
            .iter()
            .map(|d| d.document.id.clone())
            .zip(std::mem::take(&mut self.framing))
            .collect()
    }

    /// Counted tokens in the whole corpus.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let analysis = Analyzer::default().run(&corpus)?;
    /// assert_eq!(analysis.tokens(), analysis.documents[0].counts.tokens);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn tokens(&self) -> u64 {
        self.parts.total
    }

    /// Bytes read in the whole corpus.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let analysis = Analyzer::default().run(&corpus)?;
    /// assert_eq!(analysis.bytes(), std::fs::metadata(&corpus.documents()[0].path)?.len());
    /// let mb_per_s = analysis.bytes() as f64 / 1e6 / analysis.elapsed.as_secs_f64();
    /// assert!(mb_per_s > 0.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bytes(&self) -> u64 {
        self.documents.iter().map(|d| d.bytes).sum()
    }

    /// The word with this id.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let analysis = Analyzer::default().run(&corpus)?;
    /// let top = analysis.corpus_words.iter().max_by_key(|w| w.freq).unwrap();
    /// assert_eq!(analysis.word(top.id), "the");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// Each word's rank when all words are sorted as strings (byte order, the order
    /// `str` compares in), indexed by id; computed once, on first use.
    ///
    /// Tables sort rows by a measure with ties broken on the word; comparing two ranks
    /// orders the words as comparing the strings would, without reading them (string
    /// comparisons were most of the cost of sorting a large vocabulary).
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let analysis = Analyzer::default().run(&corpus)?;
    /// let ranks = analysis.word_ranks();
    /// let id = |w: &str| analysis.words.iter().position(|x| &**x == w).unwrap();
    /// assert!(ranks[id("bolsheviks")] < ranks[id("soviet")]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn word_ranks(&self) -> &[u32] {
        self.ranks.get_or_init(|| string_ranks(&self.words))
    }
}

/// The rank of each string in byte order (`ranks[i]` is the position of `words[i]` once
/// sorted); equal strings get distinct ranks in index order.
///
/// ```
/// let words: Vec<Box<str>> = vec!["soviet".into(), "army".into(), "tsar".into()];
/// assert_eq!(corpus_lens::engine::string_ranks(&words), [1, 0, 2]);
/// ```
pub fn string_ranks<S: AsRef<str> + Sync>(words: &[S]) -> Vec<u32> {
    let order = crate::rows::count_then_text_order(&vec![0; words.len()], words);
    let mut ranks = vec![0; words.len()];
    for (rank, &i) in order.iter().enumerate() {
        ranks[i as usize] = rank as u32;
    }
    ranks
}

/// Runs the pipeline.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config}};
/// let analysis = Analyzer::new(Config::default()).run(&Corpus::load_default()?)?;
/// assert!(analysis.tokens() > 10_000);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Analyzer {
    config: Config,
    progress: Option<Arc<dyn Progress>>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("config", &self.config)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Analyzer {
    /// An analyzer with this configuration.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, count::CountOptions, engine::{Analyzer, Config}};
    /// let config = Config {
    ///     threads: Some(1),
    ///     count: CountOptions { keep_numbers: true, ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let analysis = Analyzer::new(config).run(&corpus)?;
    /// assert!(analysis.words.iter().any(|w| &**w == "1917"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn new(config: Config) -> Analyzer {
        Analyzer {
            config,
            progress: None,
        }
    }

    /// Reports the run's phases and bytes done to `progress`, once per batch of paragraphs
    /// (see [`crate::progress`]). Default: no reports.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer};
    ///
    /// let reports = Arc::new(Mutex::new(Vec::new()));
    /// let log = reports.clone();
    /// let analyzer = Analyzer::default()
    ///     .with_progress(Arc::new(move |done: u64| log.lock().unwrap().push(done)));
    /// let analysis = analyzer.run(&Corpus::load_default()?)?;
    /// let reports = reports.lock().unwrap();
    /// assert!(reports.windows(2).all(|w| w[0] <= w[1]), "bytes done only grow");
    /// assert_eq!(reports.last(), Some(&analysis.bytes()));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn with_progress(mut self, progress: Arc<dyn Progress>) -> Analyzer {
        self.progress = Some(progress);
        self
    }

    /// Analyzes the corpus. Reads every document; writes nothing.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config}, freq};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let one = Analyzer::new(Config { threads: Some(1), ..Default::default() }).run(&corpus)?;
    /// let two = Analyzer::new(Config { threads: Some(2), ..Default::default() }).run(&corpus)?;
    /// // The same tables at any thread count.
    /// let options = freq::FreqOptions::default();
    /// assert_eq!(freq::freq_table(&one, &options), freq::freq_table(&two, &options));
    /// // Errors name the file.
    /// let missing = Corpus::new(vec![corpus_lens::corpus::Document::bare("x", "no/such/file.txt")]);
    /// let err = Analyzer::default().run(&missing).unwrap_err();
    /// assert!(err.to_string().contains("no/such/file.txt"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
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
        let mut read = Vec::with_capacity(corpus.documents().len());
        let mut framing = Vec::new();
        if let Some(p) = &self.progress {
            let total = corpus.documents().iter();
            let total = total
                .filter_map(|d| std::fs::metadata(&d.path).ok())
                .map(|m| m.len());
            p.phase(progress::READING, Some(total.sum()));
        }
        let mut done = 0;
        // One memory budget for every document's mention and KWIC logs.
        let spill = Spill::new(self.config.spill_limit.unwrap_or(SPILL_MEMORY_LIMIT));
        counter.set_spill(spill.clone());
        for document in corpus.documents() {
            let mut doc_framing = DocumentFraming::with_spill(spill.clone());
            let bytes =
                self.run_document(document, &vocab, &mut counter, &mut doc_framing, done)?;
            done += bytes.0;
            read.push(bytes);
            if self.config.count.framing.is_some() {
                doc_framing.finish();
                framing.push(doc_framing);
            }
        }
        let counted = start.elapsed();
        if let Some(p) = &self.progress {
            p.phase(progress::DISPERSION, None);
        }
        let counts = counter.finish()?;
        let timings = vec![
            ("read+count", counted),
            ("dispersion", start.elapsed() - counted),
        ];
        let documents = corpus
            .documents()
            .iter()
            .zip(read)
            .zip(counts.documents)
            .map(
                |((document, (bytes, replaced_bytes, excluded)), counts)| DocumentResult {
                    document: document.clone(),
                    bytes,
                    replaced_bytes,
                    counts,
                    excluded,
                },
            )
            .collect();
        Ok(Analysis {
            words: vocab.into_words(),
            documents,
            corpus_words: counts.corpus_words,
            parts: counts.parts,
            ngrams: counts.ngrams,
            framing,
            elapsed: start.elapsed(),
            timings,
            ranks: Default::default(),
        })
    }

    /// Reads and counts one document; returns its bytes read, bytes replaced and excluded
    /// paragraphs. `before`: bytes of the corpus done before this document (for progress
    /// reports).
    fn run_document(
        &self,
        document: &Document,
        vocab: &Vocabulary,
        counter: &mut Counter,
        framing: &mut DocumentFraming,
        before: u64,
    ) -> Result<(u64, u64, Vec<Excluded>)> {
        let mut reader = DocumentReader::open(&document.path, self.config.read.clone())?;
        let mut options = self.config.count.clone();
        if let Some(f) = &options.framing {
            options.framing = Some(f.for_document(document)?);
        }
        let options = &options;
        let framing_on = options.framing.is_some();
        let scratch: ThreadLocal<RefCell<Scratch>> = ThreadLocal::new();
        let mut matter = (!self.config.keep_matter).then(|| Matter::for_document(document));
        let mut excluded = Vec::new();
        // Classification is sequential (it carries state from paragraph to paragraph) and
        // cheap; then the body paragraphs are counted in parallel.
        let mut count_batch = |batch: &Batch, out: &mut Vec<ParagraphCounts>| {
            let body: Vec<&Paragraph> = match matter.as_mut() {
                None => batch.paragraphs.iter().collect(),
                Some(matter) => batch
                    .paragraphs
                    .iter()
                    .filter(|p| {
                        let text = &batch.text[p.range.clone()];
                        let Some(rule) = matter.classify(text) else {
                            return true;
                        };
                        excluded.push(Excluded {
                            offset: p.offset,
                            line: p.line,
                            rule,
                            bytes: text.len() as u64,
                            excerpt: excerpt(text, EXCERPT_CHARS),
                        });
                        false
                    })
                    .collect(),
            };
            body.par_iter()
                .with_min_len(8)
                .map(|p| {
                    let mut scratch = scratch.get_or_default().borrow_mut();
                    let mut counts =
                        count_paragraph(&batch.text[p.range.clone()], vocab, options, &mut scratch);
                    if let Some(f) = &mut counts.framing {
                        f.offset = p.offset;
                    }
                    counts
                })
                .collect_into_vec(out);
        };
        // A three-stage pipeline: while the pool counts batch k, one task merges batch k-1
        // (in order) and reads batch k+1.
        let mut next = reader.next_batch()?;
        let mut counted: Vec<ParagraphCounts> = Vec::new();
        // The vector the next batch is counted into; it swaps with `counted` (reusing their
        // memory spares the kernel from zeroing fresh pages for every batch).
        let mut spare: Vec<ParagraphCounts> = Vec::new();
        while let Some(batch) = next {
            let merge_and_read = || {
                for mut paragraph in counted.drain(..) {
                    if framing_on {
                        framing.add(paragraph.tokens, paragraph.framing.take());
                    }
                    counter.add_paragraph(paragraph);
                }
                reader.next_batch()
            };
            let ((), read) = rayon::join(|| count_batch(&batch, &mut spare), merge_and_read);
            std::mem::swap(&mut counted, &mut spare);
            next = read?;
            reader.recycle(batch);
            if let Some(p) = &self.progress {
                // Counted: every byte before the next batch (all of them at the end).
                let counted = next.as_ref().map_or(reader.bytes_read(), |b| b.offset);
                p.bytes_done(before + counted);
            }
        }
        for mut paragraph in counted {
            if framing_on {
                framing.add(paragraph.tokens, paragraph.framing.take());
            }
            counter.add_paragraph(paragraph);
        }
        counter.finish_document();
        if let Some(matter) = &matter {
            matter.finish(document)?;
        }
        Ok((reader.bytes_read(), reader.replaced_bytes(), excluded))
    }
}
