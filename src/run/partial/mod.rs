//! Partial results on disk: count some documents of a corpus here, others elsewhere, and
//! merge the partial results into the tables of the whole corpus, or into one partial.
//!
//! Takes a corpus and the documents to count ([`Analyzer::count_partial`]), or partial
//! files ([`Merger`]); gives a partial file, or the [`Analysis`] of every document the
//! partials hold, as [`Analyzer::run`] would give it for the whole corpus.
//!
//! A partial file is `CLPART01`, the header's length (8 bytes, little-endian), the
//! [`Header`] in CBOR (RFC 8949), then the body, a CBOR sequence: the partial's words and
//! lemma pairs by id, then one item per document with its metadata, its counts and each
//! analysis's partial state (ids of the partial's own lists). The documents keep their
//! index in the whole corpus, so merged partials are in corpus order whatever the order and
//! grouping of the files; every id is mapped to the merged lists, and every sum, sort and
//! tie-break happens when the merged partial is finished, as in one run. See
//! docs/partials.md.

mod body;
mod header;
mod words;
mod write;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::corpus::Corpus;
use crate::count::aggregate::{Boxed, Partial};
use crate::count::engine::{CorpusCounts, DocumentResult, Engine};
use crate::count::spill::{Spill, SPILL_MEMORY_LIMIT};
use crate::count::vocab::{Vocabulary, WordId};
use crate::error::{Error, Result};
use crate::run::{Analysis, Analyzer};
use crate::stats::dispersion::Parts;
use crate::text::tokenize::KNOWN_MISREADINGS;

use body::{kinds, names, read_item, Kind, Lists, SavedDocument};
use header::{bad_file, corpus_hash, difference, open_partial};
pub use header::{lexicon_files, lexicon_hashes, read_header, Header, FORMAT, FORMAT_VERSION};
use words::WordList;
use write::{PartialWriter, Spool};

impl Analyzer {
    /// Counts the documents of `corpus` named in `documents` (all of them if `None`) and
    /// writes their partial result to `path` (replaced atomically). `options` and
    /// `lexicons` go into the header: the run's options as the caller states them, and the
    /// lexicon and model files it read (hashed); partials merge only when both are equal.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer, run::partial::{read_header, Merger}};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..2].to_vec());
    /// let dir = tempfile::tempdir()?;
    /// let (a, b) = (dir.path().join("a.partial"), dir.path().join("b.partial"));
    /// let analyzer = Analyzer::default();
    /// analyzer.count_partial(&corpus, Some(&[corpus.documents()[1].id.clone()][..]), vec![], &[], &a)?;
    /// analyzer.count_partial(&corpus, Some(&[corpus.documents()[0].id.clone()][..]), vec![], &[], &b)?;
    /// assert_eq!(read_header(&a)?.documents, [corpus.documents()[1].id.clone()]);
    /// let (_, mut merger) = Merger::open(&[a, b])?;
    /// let (merged_corpus, merged) = merger.run(&analyzer)?;
    /// assert_eq!(merged_corpus.documents(), corpus.documents());
    /// assert_eq!(merged.tokens(), analyzer.run(&corpus)?.tokens());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A document id not in the corpus ([`Error::Usage`]), a lexicon or the output that
    /// cannot be read or written, and the errors of [`Analyzer::run`].
    pub fn count_partial(
        &self,
        corpus: &Corpus,
        documents: Option<&[String]>,
        options: Vec<String>,
        lexicons: &[PathBuf],
        path: &Path,
    ) -> Result<Header> {
        let selected: Vec<usize> = match documents {
            None => (0..corpus.documents().len()).collect(),
            Some(ids) => select(corpus, ids)?,
        };
        let lexicon_hashes = lexicon_hashes(lexicons)?;
        let part = Corpus::new(
            selected
                .iter()
                .map(|&i| corpus.documents()[i].clone())
                .collect(),
        );
        let header = Header {
            options,
            lexicons: lexicon_hashes,
            corpus: corpus_hash(corpus),
            corpus_documents: corpus.documents().len() as u64,
            analyses: names(&self.config.count),
            documents: part.documents().iter().map(|d| d.id.clone()).collect(),
            ..Header::default()
        };
        self.in_pool(|| self.count_into(&part, &selected, &header, path))?;
        Ok(header)
    }

    /// Counts `part` (the documents at `indices` of the whole corpus) into the file `path`.
    fn count_into(
        &self,
        part: &Corpus,
        indices: &[usize],
        header: &Header,
        path: &Path,
    ) -> Result<()> {
        let keys = Arc::new(Vocabulary::new());
        let list = self.aggregates_with(&keys);
        let kinds = kinds(&self.config.count);
        assert_eq!(kinds.len(), list.len(), "a kind for every analysis");
        let (counts, partials) = Engine::new(self.options()).count(part, &list)?;
        let lists = Lists {
            words: counts.words,
            lemma_keys: keys.words(),
        };
        let mut out = PartialWriter::create(path, header, &lists)?;
        drop(lists);
        let mut states: Vec<_> = partials
            .into_iter()
            .map(|p| p.into_documents().into_iter())
            .collect();
        for (k, result) in counts.documents.into_iter().enumerate() {
            let mine = states
                .iter_mut()
                .map(|s| s.next().expect("every document").1);
            let saved = SavedDocument::save(indices[k], result, &kinds, mine.collect())?;
            out.item(&saved)?;
        }
        out.finish()
    }

    /// Runs `f` on this configuration's thread pool.
    fn in_pool<T: Send>(&self, f: impl FnOnce() -> Result<T> + Send) -> Result<T> {
        match self.config.threads {
            Some(0) => Err(Error::Usage("--threads must be at least 1".into())),
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| Error::Usage(format!("cannot start {n} threads: {e}")))?
                .install(f),
            None => f(),
        }
    }
}

/// The indices in `corpus` of the documents with these ids, in corpus order.
fn select(corpus: &Corpus, ids: &[String]) -> Result<Vec<usize>> {
    let mut at: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, d) in corpus.documents().iter().enumerate() {
        at.insert(&d.id, i);
    }
    let mut indices = Vec::with_capacity(ids.len());
    for id in ids {
        match at.get(id.as_str()) {
            Some(&i) => indices.push(i),
            None => {
                return Err(Error::Usage(format!(
                    "--documents: no document '{id}' in the corpus; the ids are those of \
                     corpus_summary.csv"
                )))
            }
        }
    }
    indices.sort_unstable();
    indices.dedup();
    Ok(indices)
}

/// A partial's body, read one document at a time.
struct BodyReader {
    path: PathBuf,
    reader: BufReader<File>,
    left: usize,
}

impl BodyReader {
    /// Opens a partial and reads its header and lists.
    fn open(path: &Path) -> Result<(Header, Lists, BodyReader)> {
        let (header, mut reader) = open_partial(path)?;
        let lists: Lists = read_item(&mut reader, path, "word lists")?;
        let left = header.documents.len();
        let path = path.to_path_buf();
        Ok((header, lists, BodyReader { path, reader, left }))
    }

    /// The next document, its ids mapped through `words` and `keys`.
    fn next(&mut self, words: &[WordId], keys: &[WordId]) -> Option<Result<SavedDocument>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let mut d: SavedDocument = match read_item(&mut self.reader, &self.path, "body") {
            Ok(d) => d,
            Err(e) => return Some(Err(e)),
        };
        let remapped = d.remap(words, keys).map(|_| d);
        Some(remapped.map_err(|e| self.damaged(&e)))
    }

    /// The error of a damaged document.
    fn damaged(&self, e: &Error) -> Error {
        bad_file(&self.path, "body", format!("damaged ({e}); count it again"))
    }
}

/// Merges partial files one at a time into the documents of one corpus, then finishes
/// them into an [`Analysis`] ([`Merger::run`]) or writes them as one partial
/// ([`Merger::write_partial`]).
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer, run::partial::Merger};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("all.partial");
/// Analyzer::default().count_partial(&corpus, None, vec![], &[], &path)?;
/// let (header, mut merger) = Merger::open(&[path])?;
/// assert_eq!(header.documents, [corpus.documents()[0].id.clone()]);
/// let (_, analysis) = merger.run(&Analyzer::default())?;
/// assert_eq!(analysis.documents.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Merger {
    files: Vec<(PathBuf, Header)>,
    /// The header the files share.
    shared: Header,
}

impl std::fmt::Debug for Merger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Merger")
            .field("files", &self.files.len())
            .finish()
    }
}

/// The documents merged so far, by their index in the corpus: each one's result and its
/// analyses' states (in the order of `Analyzer::aggregates`).
struct Accumulator {
    kinds: Vec<Kind>,
    vocab: WordList,
    lemma_keys: WordList,
    spill: Spill,
    documents: BTreeMap<u64, (DocumentResult, Vec<Boxed>)>,
}

impl Merger {
    /// Reads and checks the headers of `paths` (not their bodies): the same format version,
    /// corpus-lens version, options, lexicons, corpus and analyses in all, and no document
    /// in two of them. Gives the header they share (with every file's documents).
    ///
    /// ```
    /// use corpus_lens::run::partial::Merger;
    /// assert!(Merger::open(&[]).is_err()); // at least one partial
    /// ```
    ///
    /// # Errors
    ///
    /// A file that cannot be read or is not a partial ([`Error::Format`]); two partials that
    /// differ ([`Error::Format`], naming both files and the first field that differs) or
    /// share a document ([`Error::Format`], naming the document); no file
    /// ([`Error::Usage`]).
    pub fn open(paths: &[PathBuf]) -> Result<(Header, Merger)> {
        let Some(first) = paths.first() else {
            return Err(Error::Usage("merge: give at least one partial file".into()));
        };
        let mut files: Vec<(PathBuf, Header)> = Vec::with_capacity(paths.len());
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut shared = read_header(first)?;
        shared.documents.clear();
        for path in paths {
            let header = read_header(path)?;
            if let Some((what, mine, theirs)) = difference(&header, &shared) {
                return Err(bad_file(
                    path,
                    "header",
                    format!(
                        "made with another {what} than {}: {mine} here, {theirs} there; \
                         count every partial of a merge with the same version, options, \
                         lexicons and corpus",
                        first.display()
                    ),
                ));
            }
            for id in &header.documents {
                if let Some(&k) = seen.get(id) {
                    return Err(bad_file(
                        path,
                        "header",
                        format!(
                            "document '{id}' is in {} too; a document is counted in one \
                             partial only",
                            files[k].0.display()
                        ),
                    ));
                }
                seen.insert(id.clone(), files.len());
            }
            files.push((path.clone(), header));
        }
        shared.documents = seen.into_keys().collect();
        let merger = Merger {
            files,
            shared: shared.clone(),
        };
        Ok((shared, merger))
    }

    /// Merges the partials one file at a time (only one document's saved state is read
    /// at a time) and finishes them with `analyzer` (configured as the partials were
    /// counted): the corpus of the merged documents, in corpus order, and its analysis.
    ///
    /// # Errors
    ///
    /// A body that cannot be read ([`Error::Format`]), an analyzer whose analyses are not
    /// the partials' ([`Error::Usage`]), and the errors of the analyses' finish.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config}, run::partial::Merger};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("one.partial");
    /// Analyzer::default().count_partial(&corpus, None, vec![], &[], &path)?;
    /// let (_, mut merger) = Merger::open(&[path])?;
    /// // An analyzer that counts n-grams too is not the partials' configuration.
    /// let mut config = Config::default();
    /// config.count.ngrams = Some(Default::default());
    /// assert!(merger.run(&Analyzer::new(config)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn run(&mut self, analyzer: &Analyzer) -> Result<(Corpus, Analysis)> {
        let start = Instant::now();
        let analyses = names(&analyzer.config.count);
        if self.shared.analyses != analyses {
            return Err(Error::Usage(format!(
                "{}: holds the analyses {:?}, but the merge's options ask for {:?}",
                self.files[0].0.display(),
                self.shared.analyses,
                analyses
            )));
        }
        // Seeded as a run's vocabulary is, so the merged ids are laid out alike.
        let mut vocab = WordList::default();
        for word in KNOWN_MISREADINGS {
            vocab.id(word);
        }
        let limit = analyzer.config.spill_limit.unwrap_or(SPILL_MEMORY_LIMIT);
        let mut acc = Accumulator {
            kinds: kinds(&analyzer.config.count),
            vocab,
            lemma_keys: WordList::default(),
            spill: Spill::new(limit),
            documents: BTreeMap::new(),
        };
        for (path, _) in &self.files {
            acc.add(path)?;
        }
        analyzer.in_pool(|| acc.finish(analyzer, start))
    }

    /// Writes the union of the partials as one partial file at `path` (replaced
    /// atomically), which merges like any other: its documents in corpus order, its words
    /// and lemma pairs those of all inputs. Reads one document at a time, keeping it in a
    /// temporary file beside `path` until every input is read. Gives the new file's header.
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer, run::partial::Merger};
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..3].to_vec());
    /// let ids: Vec<String> = corpus.documents().iter().map(|d| d.id.clone()).collect();
    /// let dir = tempfile::tempdir()?;
    /// let path = |name: &str| dir.path().join(name);
    /// let analyzer = Analyzer::default();
    /// for (k, name) in ["a", "b", "c"].into_iter().enumerate() {
    ///     analyzer.count_partial(&corpus, Some(&ids[k..k + 1]), vec![], &[], &path(name))?;
    /// }
    /// let (_, mut merger) = Merger::open(&[path("c"), path("a")])?;
    /// assert_eq!(merger.write_partial(&path("ac"))?.documents, [ids[0].clone(), ids[2].clone()]);
    /// let (_, mut merger) = Merger::open(&[path("b"), path("ac")])?;
    /// let (_, merged) = merger.run(&analyzer)?;
    /// assert_eq!(merged.tokens(), analyzer.run(&corpus)?.tokens());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A body that cannot be read ([`Error::Format`]), the output that cannot be written
    /// ([`Error::Io`]).
    pub fn write_partial(&mut self, path: &Path) -> Result<Header> {
        let mut words = WordList::default();
        let mut keys = WordList::default();
        let mut spool = Spool::new(path)?;
        for (file, _) in &self.files {
            let (_, lists, mut body) = BodyReader::open(file)?;
            let ids: Vec<WordId> = lists.words.iter().map(|w| words.id(w)).collect();
            let key_ids: Vec<WordId> = lists.lemma_keys.iter().map(|k| keys.id(k)).collect();
            drop(lists);
            while let Some(document) = body.next(&ids, &key_ids) {
                spool.push(&document?)?;
            }
        }
        let header = Header {
            documents: spool.ids(),
            ..self.shared.clone()
        };
        let lists = Lists {
            words: words.into_words(),
            lemma_keys: keys.into_words(),
        };
        let mut out = PartialWriter::create(path, &header, &lists)?;
        drop(lists);
        spool.copy_into(&mut out)?;
        out.finish()?;
        Ok(header)
    }
}

impl Accumulator {
    /// Reads one partial's body, a document at a time, and merges its documents in.
    fn add(&mut self, path: &Path) -> Result<()> {
        let (_, lists, mut body) = BodyReader::open(path)?;
        let ids: Vec<WordId> = lists.words.iter().map(|w| self.vocab.id(w)).collect();
        let keys = &mut self.lemma_keys;
        let key_ids: Vec<WordId> = lists.lemma_keys.iter().map(|k| keys.id(k)).collect();
        drop(lists);
        while let Some(document) = body.next(&ids, &key_ids) {
            let document = document?;
            let (index, id) = (document.index, document.document.id.clone());
            let loaded = document.load(&self.kinds, &self.spill);
            let loaded = loaded.map_err(|e| body.damaged(&e))?;
            if self.documents.insert(index, loaded).is_some() {
                return Err(bad_file(
                    path,
                    &format!("document '{id}'"),
                    "is in another partial too; a document is counted in one partial only",
                ));
            }
        }
        Ok(())
    }

    /// Finishes the merged documents, in corpus order.
    fn finish(self, analyzer: &Analyzer, start: Instant) -> Result<(Corpus, Analysis)> {
        // A fresh vocabulary gives the pairs the same ids, in the same order.
        let lemma_keys = Arc::new(Vocabulary::new());
        for key in self.lemma_keys.into_words() {
            lemma_keys.id(&key);
        }
        let list = analyzer.aggregates_with(&lemma_keys);
        let n = self.documents.len();
        let mut results = Vec::with_capacity(n);
        let mut columns: Vec<Vec<(usize, Boxed)>> = list.iter().map(|_| Vec::new()).collect();
        let mut parts = Parts::default();
        for (k, (_, (result, states))) in self.documents.into_iter().enumerate() {
            parts.merge(&result.counts.parts);
            results.push(result);
            for (column, state) in columns.iter_mut().zip(states) {
                column.push((k, state));
            }
        }
        let corpus = Corpus::new(results.iter().map(|r| r.document.clone()).collect());
        let words = self.vocab.into_words();
        let mut counts = CorpusCounts::of_documents(words, results, parts, start.elapsed());
        let finishing = Instant::now();
        let outputs = list
            .iter()
            .zip(columns)
            .map(|(a, s)| a.finish(Partial::from_documents(s)?))
            .collect::<Result<Vec<_>>>()?;
        counts.timings.push(("finish", finishing.elapsed()));
        counts.elapsed = start.elapsed();
        Ok((corpus, analyzer.assemble(counts, outputs)))
    }
}
