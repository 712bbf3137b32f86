//! Stage 7, the run: the typed front of the engine.
//!
//! Takes a corpus and a [`Config`] naming the analyses to run (collocation windows and KWIC
//! lines, n-grams, framing); gives an [`Analysis`], the word counts of
//! [`crate::count::engine`] with each analysis's output under its name. This is the one
//! place that knows the analyses by name: it builds the engine's list of them
//! ([`crate::count::aggregate::AnyAggregate`]) and unpacks what they finish into.

use std::sync::Arc;

use crate::analyses::collocate::{DocumentWindows, WindowOptions, Windows};
use crate::analyses::compare::TextParts;
use crate::analyses::frequencies::{Frequencies, WordTables};
use crate::analyses::lemmas::{LemmaOptions, LemmaTables, Lemmas};
use crate::analyses::ngrams::{NgramCounts, NgramOptions, Ngrams};
use crate::analyses::parts::{redisperse, PartCounts, PartTables};
use crate::analyses::sketch::{Relations, SketchCounts, SketchOptions};
use crate::corpus::Corpus;
use crate::count::aggregate::{AnyAggregate, Boxed};
use crate::count::engine::{CorpusCounts, Engine, Options};
use crate::count::vocab::Vocabulary;
use crate::count::ParagraphOptions;
use crate::error::{Error, Result};
use crate::framing::actions::{Actions, ActionsSetup, DocumentActions};
use crate::framing::summary::DocumentFraming;
use crate::framing::{Framer, Framing};
use crate::progress::Progress;
use crate::text::chapters::PartUnit;
use crate::text::read::ReadOptions;

pub use crate::count::engine::{string_ranks, DocumentResult};

pub mod options;
pub mod partial;
#[cfg(test)]
mod tests;
mod windows;

/// What is counted.
///
/// ```
/// use corpus_lens::engine::{Config, CountOptions};
/// use corpus_lens::ngrams::NgramOptions;
/// let config = Config {
///     count: CountOptions { keep_numbers: true, ngrams: Some(NgramOptions::default()), ..Default::default() },
///     ..Default::default()
/// };
/// assert!(config.count.windows.is_none() && config.count.framing.is_none());
/// ```
#[derive(Debug, Clone, Default)]
pub struct CountOptions {
    /// Count number tokens (`1917`, `r8le`) as words. Default: false.
    pub keep_numbers: bool,
    /// Collocation windows and KWIC lines around these nodes, if any. Default: none.
    pub windows: Option<Arc<WindowOptions>>,
    /// Count n-grams. Default: none.
    pub ngrams: Option<NgramOptions>,
    /// Find and score faction mentions. Default: none.
    pub framing: Option<Framer>,
    /// The parts of documents for dispersion and the text-level tests (`--parts`). Default:
    /// none, which is paragraphs for dispersion and documents for the tests.
    pub parts: Option<PartUnit>,
    /// Tag and lemmatize every paragraph and count lemmas (`lemmas.csv`). Default: none.
    pub lemmas: Option<Arc<LemmaOptions>>,
    /// Parse every sentence and count the grammatical relations of these nodes
    /// (`relations.csv`). Default: none.
    pub sketch: Option<Arc<SketchOptions>>,
    /// Parse the sentences with a faction mention and log each mention's role for its verb
    /// (`faction_actions.csv`, `faction_agency.csv`). Default: none.
    pub actions: Option<Arc<ActionsSetup>>,
}

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

/// Everything one run computed: the word counts (reached through `Deref`, so that
/// `analysis.words`, `analysis.documents` and the table builders of
/// [`crate::analyses::freq`] work on it) and each analysis's output.
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
/// assert!(analysis.windows.is_empty() && analysis.framing.is_empty());
/// assert!(analysis.lemmas.is_none());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The word counts and the documents.
    pub counts: CorpusCounts,
    /// Per document (in corpus order), the collocation windows and KWIC lines (empty
    /// unless `count.windows` was set; `None` for a document without a counted paragraph).
    pub windows: Vec<Option<DocumentWindows>>,
    /// N-gram counts (empty unless `count.ngrams` was set).
    pub ngrams: NgramCounts,
    /// Per document (in corpus order), the scored faction mentions (empty unless
    /// `count.framing` was set).
    pub framing: Vec<DocumentFraming>,
    /// The parts of the documents for the text-level tests: chapters or paragraphs with
    /// `count.parts`, else empty lists (each document is then its own part).
    pub parts_of_texts: TextParts,
    /// The lemma counts (`None` unless `count.lemmas` was set).
    pub lemmas: Option<LemmaTables>,
    /// The relation counts (`None` unless `count.sketch` was set).
    pub sketch: Option<SketchCounts>,
    /// The window options the run counted (`count.windows`): the nodes, windows and
    /// concordance width that [`Analysis::collocations`] and [`Analysis::kwic`] label their
    /// rows with.
    pub window_options: Option<Arc<WindowOptions>>,
    /// Per document (in corpus order), the faction mentions' roles (`None` unless
    /// `count.actions` was set).
    pub actions: Option<Vec<DocumentActions>>,
}

impl std::ops::Deref for Analysis {
    type Target = CorpusCounts;
    fn deref(&self) -> &CorpusCounts {
        &self.counts
    }
}

impl std::ops::DerefMut for Analysis {
    fn deref_mut(&mut self) -> &mut CorpusCounts {
        &mut self.counts
    }
}

impl AsRef<CorpusCounts> for Analysis {
    fn as_ref(&self) -> &CorpusCounts {
        &self.counts
    }
}

impl AsRef<NgramCounts> for Analysis {
    fn as_ref(&self) -> &NgramCounts {
        &self.ngrams
    }
}

impl AsRef<[Option<DocumentWindows>]> for Analysis {
    fn as_ref(&self) -> &[Option<DocumentWindows>] {
        &self.windows
    }
}

impl AsRef<[DocumentFraming]> for Analysis {
    fn as_ref(&self) -> &[DocumentFraming] {
        &self.framing
    }
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
    pub fn take_framing(&mut self) -> Vec<(String, DocumentFraming)> {
        let framing = std::mem::take(&mut self.framing);
        let ids = self.counts.documents.iter().map(|d| d.document.id.clone());
        ids.zip(framing).collect()
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
    /// use corpus_lens::{corpus::Corpus, run::{Analyzer, Config, CountOptions}};
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
                    .map_err(|source| Error::Threads { threads: n, source })?;
                pool.install(|| self.run_here(corpus))
            }
            None => self.run_here(corpus),
        }
    }

    fn run_here(&self, corpus: &Corpus) -> Result<Analysis> {
        let mut engine = Engine::new(self.options());
        if let Some(p) = &self.progress {
            engine = engine.with_progress(p.clone());
        }
        let list = self.aggregates();
        let (counts, outputs) = engine.run(corpus, &list)?;
        Ok(self.assemble(counts, outputs))
    }

    /// The engine's options from the configuration.
    fn options(&self) -> Options {
        Options {
            read: self.config.read.clone(),
            paragraph: ParagraphOptions {
                keep_numbers: self.config.count.keep_numbers,
            },
            keep_matter: self.config.keep_matter,
            spill_limit: self.config.spill_limit,
        }
    }

    /// The analyses the configuration asks for, in the order [`Analyzer::assemble`] reads
    /// their outputs.
    pub(crate) fn aggregates(&self) -> Vec<Box<dyn AnyAggregate>> {
        self.aggregates_with(&Arc::new(Vocabulary::new()))
    }

    /// [`Analyzer::aggregates`], the lemma count interning its `(lemma, UPOS)` pairs in
    /// `lemma_keys` (a partial result reads and writes them).
    pub(crate) fn aggregates_with(
        &self,
        lemma_keys: &Arc<Vocabulary>,
    ) -> Vec<Box<dyn AnyAggregate>> {
        let count = &self.config.count;
        let unit = count.parts.unwrap_or(PartUnit::Document);
        let mut list: Vec<Box<dyn AnyAggregate>> =
            vec![Box::new(Frequencies), Box::new(PartCounts(unit))];
        if let Some(w) = &count.windows {
            list.push(Box::new(Windows(w.clone())));
        }
        if let Some(n) = count.ngrams {
            list.push(Box::new(Ngrams(n)));
        }
        if let Some(f) = &count.framing {
            list.push(Box::new(Framing(f.clone())));
        }
        if let Some(l) = &count.lemmas {
            list.push(Box::new(Lemmas::with_keys(l.clone(), lemma_keys.clone())));
        }
        if let Some(s) = &count.sketch {
            list.push(Box::new(Relations(s.clone())));
        }
        if let Some(a) = &count.actions {
            list.push(Box::new(Actions(a.clone())));
        }
        list
    }

    /// The analysis from the word counts and the outputs of [`Analyzer::aggregates`].
    pub(crate) fn assemble(&self, counts: CorpusCounts, outputs: Vec<Boxed>) -> Analysis {
        fn take<T: 'static>(outputs: &mut std::vec::IntoIter<Boxed>) -> T {
            *outputs
                .next()
                .and_then(|o| o.downcast::<T>().ok())
                .expect("the outputs of the list's analyses, in order")
        }
        let count = &self.config.count;
        let mut outputs = outputs.into_iter();
        let mut counts = counts;
        let words: WordTables = take(&mut outputs);
        counts.corpus_words = words.corpus;
        for (document, words) in counts.documents.iter_mut().zip(words.documents) {
            document.counts.words = words;
        }
        let parts: PartTables = take(&mut outputs);
        for (document, &chapters) in counts.documents.iter_mut().zip(&parts.chapters) {
            document.chapters = chapters;
        }
        let parts_of_texts = match count.parts {
            None | Some(PartUnit::Paragraph) => parts.parts,
            Some(unit) => {
                let documents = match unit {
                    PartUnit::Document => TextParts::of_documents(&counts).documents,
                    _ => parts.parts.documents,
                };
                // Dispersion over these parts instead of paragraphs.
                counts.parts = redisperse(&mut counts.corpus_words, documents.iter().flatten());
                for (document, list) in counts.documents.iter_mut().zip(&documents) {
                    document.counts.parts = redisperse(&mut document.counts.words, list.iter());
                }
                TextParts { unit, documents }
            }
        };
        let windows = match count.windows {
            Some(_) => take(&mut outputs),
            None => Vec::new(),
        };
        let ngrams = match count.ngrams {
            Some(_) => take(&mut outputs),
            None => NgramCounts::default(),
        };
        let framing = match count.framing {
            Some(_) => take(&mut outputs),
            None => Vec::new(),
        };
        let lemmas = count.lemmas.as_ref().map(|_| take(&mut outputs));
        let sketch = count.sketch.as_ref().map(|_| take(&mut outputs));
        let actions = count.actions.as_ref().map(|_| take(&mut outputs));
        Analysis {
            counts,
            windows,
            ngrams,
            framing,
            parts_of_texts,
            lemmas,
            sketch,
            window_options: count.windows.clone(),
            actions,
        }
    }
}
