//! The engine: drives the token pass and a list of analyses over a corpus.
//!
//! Takes a corpus and a list of analyses ([`AnyAggregate`], known to the engine by no name);
//! gives each document's counts ([`CorpusCounts`]: paragraphs, sentences, tokens, OCR
//! suspects, excluded matter) and each analysis's partial result or output. Documents are read one after another as batches of whole
//! paragraphs ([`crate::text::read`]); the paragraphs of a batch are normalized, segmented,
//! tokenized and counted in parallel on a rayon pool, and each analysis counts them from the
//! same [`ParagraphView`](crate::count::aggregate::ParagraphView); their results are
//! merged in paragraph order ([`crate::count::Counter`], [`AnyAggregate::add`]). Before a
//! batch is counted, its paragraphs are classified in file order as body or excluded matter
//! ([`crate::text::matter`]); only body paragraphs are counted (unless
//! [`Options::keep_matter`]). Only counts, the compact pair log and the excluded paragraphs'
//! positions are kept, never the text, so memory follows the vocabulary, not the corpus;
//! the rows that grow with the corpus (framing mentions, KWIC lines) are appended to compact
//! logs that go to a temporary file past a memory budget shared by the run
//! ([`crate::count::spill`], [`Options::spill_limit`]). Merging in order makes every result
//! identical at any thread count.
//!
//! The typed front ([`crate::run`]: `Config`, `Analyzer`, `Analysis`) builds the list from
//! its options and names the outputs.

use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use thread_local::ThreadLocal;

use crate::corpus::{Corpus, Document};
use crate::count::aggregate::{AnyAggregate, Boxed, Partial, Shared};
use crate::count::paragraph::{count_paragraph_at, Location};
use crate::count::spill::{Spill, SPILL_MEMORY_LIMIT};
use crate::count::vocab::Vocabulary;
use crate::count::words::Parts;
use crate::count::{seeded_vocabulary, Counter, DocumentCounts, ParagraphCounts, ParagraphOptions};
use crate::count::{Scratch, WordCounts};
use crate::error::Result;
use crate::progress::{self, Progress};
use crate::text::convert::SourceReader;
use crate::text::layout::Layout;
use crate::text::matter::{excerpt, Excluded, Matter, EXCERPT_CHARS};
use crate::text::read::{Batch, Paragraph, ReadOptions};

/// How the engine reads and counts.
///
/// ```
/// let options = corpus_lens::count::engine::Options { keep_matter: true, ..Default::default() };
/// assert!(!options.paragraph.keep_numbers);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How files are read.
    pub read: ReadOptions,
    /// The token pass.
    pub paragraph: ParagraphOptions,
    /// Count every paragraph, front and back matter, captions and footnotes included
    /// (`--keep-matter`). Default: false, they are left out by the rules of
    /// [`crate::text::matter`].
    pub keep_matter: bool,
    /// Bytes of the logs of rows that grow with the corpus (framing mentions, KWIC lines)
    /// kept in memory before they go to a temporary file; `None`:
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
    /// Chapters with a counted token, by the rule of [`crate::text::chapters`] (set by the
    /// run's analyses; 0 from the engine alone).
    pub chapters: u64,
    /// How the file's paragraphs were found: `blank-line` or `line`
    /// ([`crate::text::layout`]), or `markup` for TEI, HTML and EPUB.
    pub paragraph_layout: &'static str,
    /// Paragraphs longer than [`crate::text::layout::MAX_PARAGRAPH_BYTES`], each counted as
    /// pieces cut at sentence ends.
    pub split_paragraphs: u64,
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

/// The counts of a run, with each document's metadata: what the engine gives besides the
/// analyses' outputs. The word counts with their dispersion (`corpus_words`, each
/// document's `counts.words`) are the frequency analysis's
/// ([`crate::analyses::frequencies`]); [`crate::run::Analyzer`] puts them here, the engine
/// alone leaves them empty.
///
/// ```
/// use corpus_lens::{corpus::Corpus, count::engine::{Engine, Options}};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..2].to_vec());
/// let (counts, outputs) = Engine::new(Options::default()).run(&corpus, &[])?;
/// assert!(outputs.is_empty());
/// assert_eq!(counts.documents.len(), 2);
/// let per_document: u64 = counts.documents.iter().map(|d| d.counts.tokens).sum();
/// assert_eq!(counts.tokens(), per_document);
/// assert_eq!(counts.timings[0].0, "read+count");
/// assert!(counts.corpus_words.is_empty()); // no frequency analysis in the list
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct CorpusCounts {
    /// The words, indexed by id.
    pub words: Vec<Box<str>>,
    /// Per document, in corpus order.
    pub documents: Vec<DocumentResult>,
    /// Corpus-wide counts of every occurring word, sorted by id, with dispersion over all
    /// paragraphs (empty unless the frequency analysis ran).
    pub corpus_words: Vec<WordCounts>,
    /// The dispersion parts of `corpus_words`: all paragraphs of the corpus, or the chapters
    /// or documents of `--parts` (see [`crate::run::CountOptions::parts`]).
    pub parts: Parts,
    /// All paragraphs of the corpus as parts, whatever `parts` is: the parts of what is
    /// counted only by paragraph (the ranges of n-grams, the lemmas' dispersion).
    pub paragraphs: Parts,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    /// Wall-clock time of each phase: reading and counting, then finishing the analyses
    /// (the dispersion of the word counts ...).
    pub timings: Vec<(&'static str, Duration)>,
    /// Each word's rank in string order, computed on first use ([`CorpusCounts::word_ranks`]).
    ranks: std::sync::OnceLock<Vec<u32>>,
}

impl AsRef<CorpusCounts> for CorpusCounts {
    fn as_ref(&self) -> &CorpusCounts {
        self
    }
}

impl CorpusCounts {
    /// The counts of documents counted elsewhere (merged partial results): their words by
    /// id, the documents in corpus order, all paragraphs as parts.
    pub(crate) fn of_documents(
        words: Vec<Box<str>>,
        documents: Vec<DocumentResult>,
        parts: Parts,
        elapsed: Duration,
    ) -> CorpusCounts {
        CorpusCounts {
            words,
            documents,
            corpus_words: Vec::new(),
            parts,
            paragraphs: parts,
            elapsed,
            timings: vec![("merge", elapsed)],
            ranks: Default::default(),
        }
    }

    /// Counted tokens in the whole corpus.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let counts = Analyzer::default().run(&corpus)?;
    /// assert_eq!(counts.tokens(), counts.documents[0].counts.tokens);
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
    /// let counts = Analyzer::default().run(&corpus)?;
    /// assert_eq!(counts.bytes(), std::fs::metadata(&corpus.documents()[0].path)?.len());
    /// let mb_per_s = counts.bytes() as f64 / 1e6 / counts.elapsed.as_secs_f64();
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
    /// let counts = Analyzer::default().run(&corpus)?;
    /// let top = counts.corpus_words.iter().max_by_key(|w| w.freq).unwrap();
    /// assert_eq!(counts.word(top.id), "the");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn word(&self, id: u32) -> &str {
        &self.words[id as usize]
    }

    /// The same counts with other "words": `words` named by id, their corpus counts
    /// (sorted by id) and each document's (in corpus order); the tokens, parts and
    /// documents' metadata stay. For tables of words computed over other units, such as
    /// keyness over lemmas.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer, count::WordCounts};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let counts = Analyzer::default().run(&corpus)?;
    /// let one = WordCounts { id: 0, ..counts.corpus_words[0].clone() };
    /// let other = counts.with_words(vec!["token".into()], vec![one.clone()], vec![vec![one]]);
    /// assert_eq!((other.word(0), other.tokens()), ("token", counts.tokens()));
    /// assert_eq!(other.word_ranks(), [0]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn with_words(
        &self,
        words: Vec<Box<str>>,
        corpus_words: Vec<WordCounts>,
        documents: Vec<Vec<WordCounts>>,
    ) -> CorpusCounts {
        let mut documents_out = self.documents.clone();
        for (d, w) in documents_out.iter_mut().zip(documents) {
            d.counts.words = w;
        }
        CorpusCounts {
            words,
            documents: documents_out,
            corpus_words,
            parts: self.parts,
            paragraphs: self.paragraphs,
            elapsed: self.elapsed,
            timings: self.timings.clone(),
            ranks: std::sync::OnceLock::new(),
        }
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
    /// let counts = Analyzer::default().run(&corpus)?;
    /// let ranks = counts.word_ranks();
    /// let id = |w: &str| counts.words.iter().position(|x| &**x == w).unwrap();
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
    let order = crate::rows::order_by_count_then_text(&vec![0; words.len()], words);
    let mut ranks = vec![0; words.len()];
    for (rank, &i) in order.iter().enumerate() {
        ranks[i as usize] = rank as u32;
    }
    ranks
}

/// Reads and counts a corpus with a list of analyses.
///
/// ```
/// use corpus_lens::{corpus::Corpus, count::engine::{Engine, Options}};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let (counts, _) = Engine::new(Options::default()).run(&corpus, &[])?;
/// assert!(counts.tokens() > 10_000);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Engine {
    options: Options,
    progress: Option<Arc<dyn Progress>>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("options", &self.options)
            .field("progress", &self.progress.is_some())
            .finish()
    }
}

impl Engine {
    /// An engine with these options.
    ///
    /// ```
    /// use corpus_lens::count::engine::{Engine, Options};
    /// let engine = Engine::new(Options { keep_matter: true, ..Default::default() });
    /// # let _ = engine;
    /// ```
    pub fn new(options: Options) -> Engine {
        Engine {
            options,
            progress: None,
        }
    }

    /// Reports the run's phases and bytes done to `progress` (see [`crate::progress`]).
    ///
    /// ```
    /// use std::sync::Arc;
    /// use corpus_lens::count::engine::Engine;
    /// let engine = Engine::default().with_progress(Arc::new(|_done: u64| {}));
    /// # let _ = engine;
    /// ```
    pub fn with_progress(mut self, progress: Arc<dyn Progress>) -> Engine {
        self.progress = Some(progress);
        self
    }

    /// Counts the corpus and finishes every analysis: the word counts, and each analysis's
    /// output (in list order, boxed: downcast to its [`Aggregate::Output`]).
    ///
    /// [`Aggregate::Output`]: crate::count::aggregate::Aggregate::Output
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, count::engine::{Engine, Options}};
    /// let missing = Corpus::new(vec![corpus_lens::corpus::Document::bare("x", "no/such/file.txt")]);
    /// let err = Engine::default().run(&missing, &[]).unwrap_err();
    /// assert!(err.to_string().contains("no/such/file.txt"));
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Engine::count`], or an analysis's own finish.
    pub fn run(
        &self,
        corpus: &Corpus,
        analyses: &[Box<dyn AnyAggregate>],
    ) -> Result<(CorpusCounts, Vec<Boxed>)> {
        let (mut counts, partials) = self.count(corpus, analyses)?;
        let start = Instant::now();
        if let Some(p) = &self.progress {
            p.phase(progress::DISPERSION, None);
        }
        let outputs = analyses
            .iter()
            .zip(partials)
            .map(|(a, p)| a.finish(p))
            .collect::<Result<Vec<_>>>()?;
        counts.timings.push(("finish", start.elapsed()));
        counts.elapsed += start.elapsed();
        Ok((counts, outputs))
    }

    /// Counts the corpus: the word counts, and each analysis's partial result (in list
    /// order), holding every document under its index in the corpus.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, count::engine::Engine};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let (counts, partials) = Engine::default().count(&corpus, &[])?;
    /// assert!(partials.is_empty() && counts.tokens() > 0);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A file that cannot be read ([`crate::Error::Io`], naming it), a document not in
    /// English ([`crate::Error::NotEnglish`]), a document an analysis cannot set up, a
    /// marker of the manifest not found.
    pub fn count(
        &self,
        corpus: &Corpus,
        analyses: &[Box<dyn AnyAggregate>],
    ) -> Result<(CorpusCounts, Vec<Partial<Boxed>>)> {
        let start = Instant::now();
        for document in corpus.documents() {
            document.check_english()?;
        }
        let vocab = seeded_vocabulary();
        let mut counter = Counter::default();
        let mut read = Vec::with_capacity(corpus.documents().len());
        let mut partials: Vec<Vec<(usize, Boxed)>> = analyses.iter().map(|_| Vec::new()).collect();
        if let Some(p) = &self.progress {
            let total = corpus.documents().iter();
            let total = total
                .filter_map(|d| std::fs::metadata(&d.path).ok())
                .map(|m| m.len());
            p.phase(progress::READING, Some(total.sum()));
        }
        let mut done = 0;
        // One memory budget for every document's mention and KWIC logs.
        let spill = Spill::new(self.options.spill_limit.unwrap_or(SPILL_MEMORY_LIMIT));
        // Each worker thread's buffers and caches, kept from one document to the next (the
        // word caches hold per word id of the one vocabulary; the framer's is emptied for a
        // document whose framer differs).
        let scratch: ThreadLocal<RefCell<Scratch>> = ThreadLocal::new();
        for (index, document) in corpus.documents().iter().enumerate() {
            let mut docs: Vec<Boxed> = analyses.iter().map(|a| a.open(&spill)).collect();
            let doc = (document, &mut docs[..]);
            let bytes = self.run_document(doc, &vocab, &mut counter, analyses, &scratch, done)?;
            done += bytes.bytes;
            read.push(bytes);
            for ((a, mut doc), partial) in analyses.iter().zip(docs).zip(&mut partials) {
                a.close(&mut *doc);
                partial.push((index, doc));
            }
        }
        let counts = counter.finish()?;
        let timings = vec![("read+count", start.elapsed())];
        let documents = corpus
            .documents()
            .iter()
            .zip(read)
            .zip(counts.documents)
            .map(|((document, read), counts)| DocumentResult {
                document: document.clone(),
                bytes: read.bytes,
                replaced_bytes: read.replaced_bytes,
                counts,
                excluded: read.excluded,
                chapters: 0,
                paragraph_layout: read.layout,
                split_paragraphs: read.split_paragraphs,
            })
            .collect();
        let partials = partials
            .into_iter()
            .map(Partial::from_documents)
            .collect::<Result<Vec<_>>>()?;
        let counts = CorpusCounts {
            words: vocab.into_words(),
            documents,
            corpus_words: Vec::new(),
            parts: counts.parts,
            paragraphs: counts.parts,
            elapsed: start.elapsed(),
            timings,
            ranks: Default::default(),
        };
        Ok((counts, partials))
    }

    /// Reads and counts one document; returns what reading it found. `before`: bytes of the corpus done before this document (for progress
    /// reports).
    fn run_document(
        &self,
        (document, docs): (&Document, &mut [Boxed]),
        vocab: &Vocabulary,
        counter: &mut Counter,
        analyses: &[Box<dyn AnyAggregate>],
        scratch: &ThreadLocal<RefCell<Scratch>>,
        before: u64,
    ) -> Result<DocumentRead> {
        let read = pipelined(&self.options.read, &document.path);
        let mut reader = SourceReader::open(&document.path, document.format, &read)?;
        let setups = analyses
            .iter()
            .map(|a| a.setup(document))
            .collect::<Result<Vec<Shared>>>()?;
        let list: Vec<(&dyn AnyAggregate, &Shared)> =
            analyses.iter().map(|a| &**a).zip(&setups).collect();
        let list = &list;
        let options = &self.options.paragraph;
        let mut matter = (!self.options.keep_matter).then(|| Matter::for_document(document));
        let mut excluded = Vec::new();
        // Classification is sequential (it carries state from paragraph to paragraph) and
        // cheap; then the body paragraphs are counted in parallel.
        let mut count_batch = |batch: &Batch, out: &mut Vec<Counted>| {
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
                    let mut found = Vec::with_capacity(list.len());
                    let text = &batch.text[p.range.clone()];
                    let at = Location {
                        offset: p.offset,
                        line: p.line,
                        exact: p.exact,
                        page: p.page.as_deref(),
                    };
                    let counts = count_paragraph_at(
                        text,
                        at,
                        vocab,
                        options,
                        list,
                        &mut scratch,
                        &mut found,
                    );
                    (counts, found)
                })
                .collect_into_vec(out);
        };
        let mut add = |(counts, found): Counted| {
            for ((a, doc), paragraph) in analyses.iter().zip(docs.iter_mut()).zip(found) {
                a.add(&mut **doc, paragraph);
            }
            counter.add_paragraph(counts);
        };
        // A three-stage pipeline: while the pool counts batch k, one task merges batch k-1
        // (in order) and reads batch k+1.
        let mut next = reader.next_batch()?;
        let mut counted: Vec<Counted> = Vec::new();
        // The vector the next batch is counted into; it swaps with `counted` (reusing their
        // memory spares the kernel from zeroing fresh pages for every batch).
        let mut spare: Vec<Counted> = Vec::new();
        while let Some(batch) = next {
            let merge_and_read = || {
                counted.drain(..).for_each(&mut add);
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
        counted.into_iter().for_each(&mut add);
        counter.finish_document();
        if let Some(matter) = &matter {
            matter.finish(document)?;
        }
        Ok(DocumentRead {
            bytes: reader.bytes_read(),
            replaced_bytes: reader.replaced_bytes(),
            excluded,
            layout: reader.layout().map_or("markup", Layout::as_str),
            split_paragraphs: reader.split_paragraphs(),
        })
    }
}

/// About how many batches a document is read in, at least (see [`pipelined`]).
const PIPELINE_BATCHES: u64 = 8;

/// The smallest block [`pipelined`] reads a document in: 256 KiB.
const MIN_PIPELINE_BLOCK: u64 = 256 << 10;

/// `options` with a block small enough for a document of `path`'s size to be read in
/// about [`PIPELINE_BATCHES`] batches (no block under [`MIN_PIPELINE_BLOCK`], none larger
/// than `options.block_size`). While the pool counts one batch, the merge of the one
/// before and the reading of the next run beside it; a document read in a single batch
/// would read and merge it on one thread (on 40 documents of 1.6 MB, a quarter of the
/// counting time). Batches hold whole paragraphs, so the counts are the same for any block.
fn pipelined(options: &ReadOptions, path: &std::path::Path) -> ReadOptions {
    let len = std::fs::metadata(path).map_or(0, |m| m.len());
    let block = (len / PIPELINE_BATCHES).max(MIN_PIPELINE_BLOCK);
    let block = usize::try_from(block).unwrap_or(usize::MAX);
    ReadOptions {
        block_size: options.block_size.min(block),
        ..options.clone()
    }
}

/// What reading one document found, besides its counts.
struct DocumentRead {
    bytes: u64,
    replaced_bytes: u64,
    excluded: Vec<Excluded>,
    layout: &'static str,
    split_paragraphs: u64,
}

/// A paragraph's word counts and what each analysis took from it.
type Counted = (ParagraphCounts, Vec<Boxed>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_document_is_read_in_about_eight_batches_a_large_one_in_the_usual_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let (small, large) = (dir.path().join("small.txt"), dir.path().join("large.txt"));
        // Only the sizes matter: sparse files, nothing written.
        let sized = |path: &std::path::Path, len: u64| {
            std::fs::File::create(path).unwrap().set_len(len).unwrap()
        };
        sized(&small, 4 << 20);
        sized(&large, 64 << 20);
        let default = ReadOptions::default();
        assert_eq!(default.block_size, 4 << 20);
        // 4 MiB / 8; 64 MiB / 8 is past the 4 MiB block; a tiny file gets the 256 KiB floor.
        assert_eq!(pipelined(&default, &small).block_size, 512 << 10);
        assert_eq!(pipelined(&default, &large).block_size, 4 << 20);
        std::fs::write(&small, "One paragraph.\n").unwrap();
        assert_eq!(pipelined(&default, &small).block_size, 256 << 10);
        // A smaller block asked for is kept; a path that cannot be read keeps the floor.
        let tiny = ReadOptions {
            block_size: 16,
            ..Default::default()
        };
        assert_eq!(pipelined(&tiny, &large).block_size, 16);
        assert_eq!(
            pipelined(&default, &dir.path().join("none")).block_size,
            256 << 10
        );
    }
}
