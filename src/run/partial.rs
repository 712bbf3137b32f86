//! Partial results on disk: count some documents of a corpus here, others elsewhere, and
//! merge the partial results into the tables of the whole corpus.
//!
//! Takes a corpus and the documents to count ([`Analyzer::count_partial`]), or partial
//! files ([`Merger`]); gives a partial file, or the [`Analysis`] of every document the
//! partials hold, as [`Analyzer::run`] would give it for the whole corpus.
//!
//! A partial file is `CLPART01`, the header's length (8 bytes, little-endian), the
//! [`Header`] in CBOR (RFC 8949), then the body in CBOR: the partial's words by id and, per
//! document, its metadata, its counts and each analysis's partial state (word ids of the
//! partial's own words). The documents keep their index in the whole corpus, so merged
//! partials are in corpus order whatever the order and grouping of the files; every word id
//! is mapped to the merged words, and every sum, sort and tie-break happens when the merged
//! partial is finished, as in one run. See docs/partials.md.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::analyses::collocate::{OpenWindows, SavedWindows};
use crate::analyses::frequencies::{FreqDocument, SavedFreq};
use crate::analyses::parts::{DocumentParts, SavedParts};
use crate::corpus::{Corpus, Document};
use crate::count::aggregate::{Boxed, Partial};
use crate::count::engine::{CorpusCounts, DocumentResult, Engine};
use crate::count::seed_vocabulary;
use crate::count::spill::{Spill, SPILL_MEMORY_LIMIT};
use crate::count::vocab::{Vocabulary, WordId};
use crate::count::DocumentCounts;
use crate::error::{Error, Result};
use crate::framing::summary::{DocumentFraming, SavedFraming};
use crate::run::{Analysis, Analyzer};
use crate::stats::dispersion::Parts;
use crate::text::matter::Excluded;

/// The first bytes of a partial file.
const MAGIC: &[u8; 8] = b"CLPART01";
/// The name in [`Header::format`].
pub const FORMAT: &str = "corpus-lens partial";
/// The version of the format this build writes and reads ([`Header::version`]).
pub const FORMAT_VERSION: u32 = 1;

/// What a partial file says about itself; partials merge only when every field but
/// `documents` is equal.
///
/// ```
/// use corpus_lens::run::partial::{Header, FORMAT_VERSION};
/// let header = Header::default();
/// assert_eq!(header.version, FORMAT_VERSION);
/// assert_eq!(header.crate_version, env!("CARGO_PKG_VERSION"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`FORMAT_VERSION`] of the build that wrote it.
    pub version: u32,
    /// The version of corpus-lens that wrote it.
    pub crate_version: String,
    /// The options of the run, as the caller states them (the command line's analysis
    /// options, in order).
    pub options: Vec<String>,
    /// Each lexicon or model file read: its name and the FNV-1a hash of its bytes (hex).
    pub lexicons: Vec<(String, String)>,
    /// The FNV-1a hash (hex) of the whole corpus's document ids, in order.
    pub corpus: String,
    /// Documents in the whole corpus.
    pub corpus_documents: u64,
    /// The analyses whose partial states the file holds.
    pub analyses: Vec<String>,
    /// The ids of the documents counted in this partial, in corpus order.
    pub documents: Vec<String>,
}

impl Default for Header {
    fn default() -> Header {
        Header {
            format: FORMAT.into(),
            version: FORMAT_VERSION,
            crate_version: env!("CARGO_PKG_VERSION").into(),
            options: Vec::new(),
            lexicons: Vec::new(),
            corpus: String::new(),
            corpus_documents: 0,
            analyses: Vec::new(),
            documents: Vec::new(),
        }
    }
}

/// The body of a partial file.
#[derive(Serialize, Deserialize)]
struct Body {
    words: Vec<Box<str>>,
    documents: Vec<SavedDocument>,
}

/// One document of a partial: where it stands in the corpus, what reading it found, its
/// counts and each analysis's state.
#[derive(Serialize, Deserialize)]
struct SavedDocument {
    index: u64,
    document: Document,
    bytes: u64,
    replaced_bytes: u64,
    counts: DocumentCounts,
    excluded: Vec<Excluded>,
    layout: String,
    split_paragraphs: u64,
    frequencies: SavedFreq,
    parts: SavedParts,
    windows: Option<SavedWindows>,
    framing: Option<SavedFraming>,
}

/// FNV-1a, 64 bits: a stable hash of files and ids (the same on every machine and build).
fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for &b in bytes {
        hash ^= b as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn corpus_hash(corpus: &Corpus) -> String {
    let ids = corpus.documents().iter();
    let hash = ids.fold(FNV_START, |h, d| fnv1a(&[0], fnv1a(d.id.as_bytes(), h)));
    format!("{hash:016x}")
}

/// Each file's name and the FNV-1a hash of its bytes (hex): the header's
/// [`Header::lexicons`].
///
/// ```
/// let hashes = corpus_lens::run::partial::lexicon_hashes(&["Cargo.toml".into()])?;
/// assert_eq!((hashes[0].0.as_str(), hashes[0].1.len()), ("Cargo.toml", 16));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// # Errors
///
/// A file that cannot be read ([`Error::Io`], naming it).
pub fn lexicon_hashes(files: &[PathBuf]) -> Result<Vec<(String, String)>> {
    let mut hashes = Vec::with_capacity(files.len());
    for file in files {
        let bytes = std::fs::read(file).map_err(|e| Error::io(file, e))?;
        let name = file.file_name().unwrap_or(file.as_os_str());
        let hash = format!("{:016x}", fnv1a(&bytes, FNV_START));
        hashes.push((name.to_string_lossy().into_owned(), hash));
    }
    Ok(hashes)
}

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
    /// An analysis partials do not hold yet (n-grams, lemmas, relations, actions:
    /// [`Error::Usage`]), a document id not in the corpus ([`Error::Usage`]), a lexicon or
    /// the output that cannot be read or written, and the errors of [`Analyzer::run`].
    pub fn count_partial(
        &self,
        corpus: &Corpus,
        documents: Option<&[String]>,
        options: Vec<String>,
        lexicons: &[PathBuf],
        path: &Path,
    ) -> Result<Header> {
        let analyses = self.partial_analyses()?;
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
            analyses,
            documents: part.documents().iter().map(|d| d.id.clone()).collect(),
            ..Header::default()
        };
        let body = self.in_pool(|| self.count_body(&part, &selected))?;
        write_partial(path, &header, &body)?;
        Ok(header)
    }

    /// The names of the analyses of this configuration, or an error naming one that
    /// partials do not hold.
    fn partial_analyses(&self) -> Result<Vec<String>> {
        let count = &self.config.count;
        let unsupported = [
            (count.ngrams.is_some(), "n-grams (--ngrams)"),
            (count.lemmas.is_some(), "lemmas (--lemmas, --by lemma)"),
            (count.sketch.is_some(), "relations (sketch)"),
            (count.actions.is_some(), "actions (--actions)"),
        ];
        if let Some((_, name)) = unsupported.iter().find(|u| u.0) {
            return Err(Error::Usage(format!(
                "partial results do not hold {name} yet; count them with `analyze`, or leave \
                 the option out"
            )));
        }
        let mut names = vec!["frequencies".to_string(), "parts".to_string()];
        if let Some(unit) = count.parts {
            names[1] = format!("parts:{unit:?}").to_lowercase();
        }
        if count.windows.is_some() {
            names.push("windows".into());
        }
        if count.framing.is_some() {
            names.push("framing".into());
        }
        Ok(names)
    }

    /// Counts `part` (the documents at `indices` of the whole corpus) into a body.
    fn count_body(&self, part: &Corpus, indices: &[usize]) -> Result<Body> {
        let list = self.aggregates();
        let (counts, partials) = Engine::new(self.options()).count(part, &list)?;
        let mut states = partials.into_iter().map(|p| p.into_documents().into_iter());
        let mut next = move || states.next().expect("one partial per analysis");
        let (freq, parts) = (next(), next());
        let count = &self.config.count;
        let mut windows = count.windows.as_ref().map(|_| next());
        let mut framing = count.framing.as_ref().map(|_| next());
        let mut documents = Vec::with_capacity(indices.len());
        for ((result, (_, f)), (_, p)) in counts.documents.into_iter().zip(freq).zip(parts) {
            let w = windows.as_mut().and_then(|w| w.next()).map(|(_, w)| w);
            let m = framing.as_mut().and_then(|m| m.next()).map(|(_, m)| m);
            let f = f
                .downcast::<FreqDocument>()
                .expect("the frequencies' state");
            let p = p.downcast::<DocumentParts>().expect("the parts' state");
            let w = w.map(|w| w.downcast::<OpenWindows>().expect("the windows' state"));
            let m = m.map(|m| {
                m.downcast::<DocumentFraming>()
                    .expect("the framing's state")
            });
            documents.push(SavedDocument {
                index: indices[documents.len()] as u64,
                document: result.document,
                bytes: result.bytes,
                replaced_bytes: result.replaced_bytes,
                counts: result.counts,
                excluded: result.excluded,
                layout: result.paragraph_layout.to_string(),
                split_paragraphs: result.split_paragraphs,
                frequencies: f.save()?,
                parts: p.save(),
                windows: w.map(|w| w.save()).transpose()?,
                framing: m.map(|m| m.save()).transpose()?,
            });
        }
        Ok(Body {
            words: counts.words,
            documents,
        })
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

fn write_partial(path: &Path, header: &Header, body: &Body) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let io = |e: std::io::Error| Error::io(path, e);
    let cbor = |e: ciborium::ser::Error<std::io::Error>| match e {
        ciborium::ser::Error::Io(e) => io(e),
        ciborium::ser::Error::Value(m) => Error::Usage(format!("{}: {m}", path.display())),
    };
    let mut head = Vec::new();
    ciborium::into_writer(header, &mut head).map_err(cbor)?;
    let file = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    let mut out = BufWriter::new(file);
    out.write_all(MAGIC).map_err(io)?;
    out.write_all(&(head.len() as u64).to_le_bytes())
        .map_err(io)?;
    out.write_all(&head).map_err(io)?;
    ciborium::into_writer(body, &mut out).map_err(cbor)?;
    let file = out.into_inner().map_err(|e| io(e.into_error()))?;
    // A temporary file is private (0600); a partial is read like any output.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let readable = std::fs::Permissions::from_mode(0o644);
        file.as_file().set_permissions(readable).map_err(io)?;
    }
    file.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

fn bad_file(path: &Path, place: &str, message: impl Into<String>) -> Error {
    Error::Format {
        path: path.to_path_buf(),
        place: place.into(),
        message: message.into(),
    }
}

/// Opens a partial file and reads its header, leaving the reader at the body.
fn open_partial(path: &Path) -> Result<(Header, BufReader<File>)> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = BufReader::new(file);
    let mut start = [0u8; 16];
    let not_partial = "not a corpus-lens partial file (made by `corpus-lens count --partial`)";
    reader
        .read_exact(&mut start)
        .map_err(|_| bad_file(path, "start", not_partial))?;
    if &start[..8] != MAGIC {
        return Err(bad_file(path, "start", not_partial));
    }
    let len = u64::from_le_bytes(start[8..].try_into().expect("8 bytes"));
    let mut head = vec![0; len.min(1 << 30) as usize];
    reader
        .read_exact(&mut head)
        .map_err(|_| bad_file(path, "header", "cut short; count it again"))?;
    let header: Header = ciborium::from_reader(head.as_slice())
        .map_err(|e| bad_file(path, "header", format!("unreadable ({e}); count it again")))?;
    if header.format != FORMAT || header.version != FORMAT_VERSION {
        return Err(bad_file(
            path,
            "header",
            format!(
                "format version {} of corpus-lens {}, but this corpus-lens {} reads version \
                 {FORMAT_VERSION}; count it again with this version",
                header.version,
                header.crate_version,
                env!("CARGO_PKG_VERSION")
            ),
        ));
    }
    Ok((header, reader))
}

/// The header of a partial file.
///
/// ```
/// let err = corpus_lens::run::partial::read_header("Cargo.toml".as_ref()).unwrap_err();
/// assert!(err.to_string().contains("not a corpus-lens partial file"));
/// ```
///
/// # Errors
///
/// A file that cannot be read or is not a partial of this format version
/// ([`Error::Format`]).
pub fn read_header(path: &Path) -> Result<Header> {
    open_partial(path).map(|(header, _)| header)
}

/// The first field in which two headers differ, as `(field, this, that)`.
fn difference(a: &Header, b: &Header) -> Option<(String, String, String)> {
    let field = |name: &str, x: &dyn std::fmt::Debug, y: &dyn std::fmt::Debug| {
        Some((name.to_string(), format!("{x:?}"), format!("{y:?}")))
    };
    if a.crate_version != b.crate_version {
        return field("corpus-lens version", &a.crate_version, &b.crate_version);
    }
    let n = a.options.len().max(b.options.len());
    if let Some(i) = (0..n).find(|&i| a.options.get(i) != b.options.get(i)) {
        let name = format!("option {} of {:?} and {:?}", i + 1, a.options, b.options);
        return field(&name, &a.options.get(i), &b.options.get(i));
    }
    if a.lexicons != b.lexicons {
        return field("lexicons and models (file, hash)", &a.lexicons, &b.lexicons);
    }
    if (&a.corpus, a.corpus_documents) != (&b.corpus, b.corpus_documents) {
        let corpus = |h: &Header| format!("{} ({} documents)", h.corpus, h.corpus_documents);
        return field("corpus (hash of its document ids)", &corpus(a), &corpus(b));
    }
    if a.analyses != b.analyses {
        return field("analyses", &a.analyses, &b.analyses);
    }
    None
}

/// Merges partial files one at a time into the documents of one corpus, then finishes
/// them into an [`Analysis`].
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
}

impl std::fmt::Debug for Merger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Merger")
            .field("files", &self.files.len())
            .finish()
    }
}

/// The documents merged so far, by their index in the corpus.
struct Accumulator {
    vocab: Vocabulary,
    spill: Spill,
    documents: BTreeMap<u64, MergedDocument>,
}

struct MergedDocument {
    result: DocumentResult,
    freq: FreqDocument,
    parts: DocumentParts,
    windows: Option<OpenWindows>,
    framing: Option<DocumentFraming>,
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
        Ok((shared, Merger { files }))
    }

    /// Merges the partials one file at a time (only one file's body is read at a time) and
    /// finishes them with `analyzer` (configured as the partials were counted): the corpus
    /// of the merged documents, in corpus order, and its analysis.
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
        let analyses = analyzer.partial_analyses()?;
        if let Some((path, header)) = self.files.iter().find(|f| f.1.analyses != analyses) {
            return Err(Error::Usage(format!(
                "{}: holds the analyses {:?}, but the merge's options ask for {:?}",
                path.display(),
                header.analyses,
                analyses
            )));
        }
        let vocab = Vocabulary::new();
        seed_vocabulary(&vocab);
        let limit = analyzer.config.spill_limit.unwrap_or(SPILL_MEMORY_LIMIT);
        let mut acc = Accumulator {
            vocab,
            spill: Spill::new(limit),
            documents: BTreeMap::new(),
        };
        for (path, _) in &self.files {
            acc.add(path)?;
        }
        analyzer.in_pool(|| acc.finish(analyzer, start))
    }
}

impl Accumulator {
    /// Reads one partial's body and merges its documents in.
    fn add(&mut self, path: &Path) -> Result<()> {
        let (_, reader) = open_partial(path)?;
        let body: Body = ciborium::from_reader(reader)
            .map_err(|e| bad_file(path, "body", format!("unreadable ({e}); count it again")))?;
        let ids: Vec<WordId> = body.words.iter().map(|w| self.vocab.id(w)).collect();
        for d in body.documents {
            let id = d.document.id.clone();
            let result = DocumentResult {
                document: d.document,
                bytes: d.bytes,
                replaced_bytes: d.replaced_bytes,
                counts: d.counts,
                excluded: d.excluded,
                chapters: 0,
                paragraph_layout: layout_name(&d.layout),
                split_paragraphs: d.split_paragraphs,
            };
            let merged = MergedDocument {
                result,
                freq: FreqDocument::load(d.frequencies, &ids)
                    .map_err(|e| bad_file(path, &format!("document '{id}'"), e.to_string()))?,
                parts: DocumentParts::load(d.parts, &ids),
                windows: d.windows.map(|w| OpenWindows::load(w, &ids, &self.spill)),
                framing: d
                    .framing
                    .map(|m| DocumentFraming::load(self.spill.clone(), m)),
            };
            if self.documents.insert(d.index, merged).is_some() {
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
        let list = analyzer.aggregates();
        let count = &analyzer.config.count;
        let n = self.documents.len();
        let mut results = Vec::with_capacity(n);
        let mut states: Vec<Vec<(usize, Boxed)>> = list.iter().map(|_| Vec::new()).collect();
        let mut parts = Parts::default();
        for (k, (_, d)) in self.documents.into_iter().enumerate() {
            parts.merge(&d.result.counts.parts);
            results.push(d.result);
            let mut column = states.iter_mut();
            let mut push = |state: Boxed| column.next().expect("an analysis").push((k, state));
            push(Box::new(d.freq));
            push(Box::new(d.parts));
            if count.windows.is_some() {
                push(Box::new(d.windows.expect("the windows' state")));
            }
            if count.framing.is_some() {
                push(Box::new(d.framing.expect("the framing's state")));
            }
        }
        let corpus = Corpus::new(results.iter().map(|r| r.document.clone()).collect());
        let words = self.vocab.into_words();
        let mut counts = CorpusCounts::of_documents(words, results, parts, start.elapsed());
        let finishing = Instant::now();
        let outputs = list
            .iter()
            .zip(states)
            .map(|(a, s)| a.finish(Partial::from_documents(s)?))
            .collect::<Result<Vec<_>>>()?;
        counts.timings.push(("finish", finishing.elapsed()));
        counts.elapsed = start.elapsed();
        Ok((corpus, analyzer.assemble(counts, outputs)))
    }
}

/// The `paragraph_layout` name of a saved document as the static string the tables take.
fn layout_name(name: &str) -> &'static str {
    match name {
        "blank-line" => "blank-line",
        "line" => "line",
        "auto" => "auto",
        _ => "markup",
    }
}
