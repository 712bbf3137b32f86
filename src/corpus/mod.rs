//! Stage 0, the corpus: which documents to read and what we know about them.
//!
//! Takes command-line inputs (files, directories, manifests) and gives an ordered list of
//! [`Document`]s with their metadata. A manifest is a TOML file with one `[[document]]` table
//! per text (see `corpora/manifest.toml`); plain files get their file stem as id. Here only
//! the manifest, each file's first bytes (its [`mod@format`]) and a TEI header or EPUB package
//! (metadata) are read: the text itself is streamed later by [`crate::text::read`].

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{line_column, Error, Result};

pub mod format;
mod works;

pub use format::InputFormat;

/// A manifest's `body_start` or `body_end`: the text a line begins with (after leading
/// spaces), and where it was set, for error messages.
///
/// ```
/// let m = corpus_lens::corpus::Marker::new("CHAPTER I.");
/// assert_eq!(m.text, "CHAPTER I.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Marker {
    /// The text, trimmed; matched case-sensitively at the start of a line.
    pub text: String,
    /// The manifest, line and column (from 1) that set it; `None` when set in code.
    pub origin: Option<(PathBuf, usize, usize)>,
}

impl Marker {
    /// A marker set in code (no manifest to point to in errors).
    ///
    /// ```
    /// let m = corpus_lens::corpus::Marker::new("  CHAPTER I\n");
    /// assert_eq!((m.text.as_str(), m.origin), ("CHAPTER I", None));
    /// ```
    pub fn new(text: impl Into<String>) -> Marker {
        Marker {
            text: text.into().trim().to_string(),
            origin: None,
        }
    }

    /// True when a line of `text` begins with the marker (after leading whitespace).
    pub(crate) fn begins_a_line(&self, text: &str) -> bool {
        text.lines()
            .any(|line| line.trim_start().starts_with(self.text.as_str()))
    }
}

/// One text of the corpus and its metadata.
///
/// ```
/// use corpus_lens::corpus::Corpus;
/// let corpus = Corpus::load_default()?;
/// let trotsky = &corpus.documents()[0];
/// assert_eq!((trotsky.id.as_str(), trotsky.year), ("trotsky1918", Some(1918)));
/// assert_eq!(trotsky.author_faction, "bolsheviks");
/// assert!(trotsky.path.is_file());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// Short unique name, used in every table's `document` column.
    pub id: String,
    /// The text file.
    pub path: PathBuf,
    /// Title ("" when unknown).
    pub title: String,
    /// Author ("" when unknown).
    pub author: String,
    /// Year of first publication.
    pub year: Option<i32>,
    /// ISO 639-1 language code ("" when unknown).
    pub language: String,
    /// The author's own faction, e.g. "bolsheviks" ("" when unknown or unclear).
    pub author_faction: String,
    /// The id of another document that is the same work (e.g. another translation).
    pub same_work_as: Option<String>,
    /// First-person phrases ("we", "our party") that name the author's faction in this
    /// text; framing counts them as mentions of `author_faction`, marked `first_person`.
    pub first_person: Vec<String>,
    /// The faction that "the Government" names in this text ("" for none): the government of
    /// the time the text is about (`provisional_government` for 1917, `tsarism` before it,
    /// `council_of_peoples_commissars` after October). Framing counts "the Government" (any
    /// case) as a mention of it, unless the words belong to a longer alias ("the Provisional
    /// Government").
    pub government: String,
    /// Free-text notes.
    pub notes: String,
    /// Where the body starts: the text a line begins with (manifest `body_start`); the
    /// paragraphs before that line's paragraph are front matter (see [`crate::text::matter`]).
    pub body_start: Option<Marker>,
    /// Where the back matter begins (manifest `body_end`): that line's paragraph and all
    /// after it are left out.
    pub body_end: Option<Marker>,
    /// The file's format (manifest `format`, `--input-format`): [`InputFormat::Auto`] until
    /// the corpus is built, which resolves it ([`format::detect`]).
    pub format: InputFormat,
}

impl Document {
    /// A document with no metadata but its id and path.
    ///
    /// ```
    /// let doc = corpus_lens::corpus::Document::bare("reed", "texts/reed.txt");
    /// assert_eq!(doc.title, "");
    /// ```
    pub fn bare(id: impl Into<String>, path: impl Into<PathBuf>) -> Document {
        Document {
            id: id.into(),
            path: path.into(),
            title: String::new(),
            author: String::new(),
            year: None,
            language: String::new(),
            author_faction: String::new(),
            same_work_as: None,
            first_person: Vec::new(),
            government: String::new(),
            notes: String::new(),
            body_start: None,
            body_end: None,
            format: InputFormat::Auto,
        }
    }

    /// True when the document is in English, or its language is unknown: `language` is
    /// empty, `en`, `eng`, `english` or a regional `en-GB` / `en_US` (any case).
    ///
    /// ```
    /// let mut doc = corpus_lens::corpus::Document::bare("a", "a.txt");
    /// assert!(doc.is_english());
    /// doc.language = "en-GB".into();
    /// assert!(doc.is_english());
    /// doc.language = "ru".into();
    /// assert!(!doc.is_english());
    /// ```
    pub fn is_english(&self) -> bool {
        let lang = self.language.trim().to_ascii_lowercase();
        let base = lang.split(['-', '_']).next().unwrap_or_default();
        matches!(base, "" | "en" | "eng" | "english")
    }

    /// [`Error::NotEnglish`] for a document not in English ([`Document::is_english`]): the
    /// counting stages are English-only (stemmer, stopwords, faction lexicon, VADER, syntax
    /// model), and a text in another language would give English stems and no mentions
    /// without a word.
    ///
    /// ```
    /// let mut doc = corpus_lens::corpus::Document::bare("zhizn", "zhizn.txt");
    /// doc.language = "ru".into();
    /// let err = doc.check_english().unwrap_err().to_string();
    /// assert!(err.contains("language 'ru'") && err.contains("stemmer"));
    /// ```
    pub fn check_english(&self) -> Result<()> {
        if self.is_english() {
            return Ok(());
        }
        Err(Error::NotEnglish {
            path: self.path.clone(),
            document: self.id.clone(),
            language: self.language.clone(),
        })
    }
}

/// Where a shipped file (`corpora/...`, relative to the repository root) is: under the
/// working directory if it exists there, else in the source tree this binary was built from.
///
/// ```
/// let p = corpus_lens::corpus::shipped_path("corpora/manifest.toml");
/// assert!(p.is_file());
/// ```
pub fn shipped_path(relative: &str) -> PathBuf {
    let local = PathBuf::from(relative);
    if local.is_file() {
        return local;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// An ordered list of documents.
///
/// ```
/// use corpus_lens::corpus::Corpus;
/// let corpus = Corpus::load_default()?;
/// assert_eq!(corpus.documents()[0].id, "trotsky1918");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    documents: Vec<Document>,
    notes: Vec<String>,
}

/// How far the inputs of a corpus may reach. By default they are confined: a manifest's paths
/// must resolve inside the manifest's folder, and a folder walk follows no symbolic link that
/// leads out of the folder (it skips it, with a note). Only regular files are ever read.
///
/// ```
/// use corpus_lens::corpus::{Corpus, InputPolicy};
/// let dir = tempfile::tempdir()?;
/// std::fs::create_dir(dir.path().join("m"))?;
/// std::fs::write(dir.path().join("a.txt"), "Outside.")?;
/// let manifest = dir.path().join("m/m.toml");
/// std::fs::write(&manifest, "[[document]]\nid = \"a\"\npath = \"../a.txt\"\n")?;
/// let err = Corpus::from_inputs(&[&manifest]).unwrap_err();
/// assert!(err.to_string().contains("outside the manifest's folder"));
/// let policy = InputPolicy { allow_outside: true, ..Default::default() };
/// assert_eq!(Corpus::from_inputs_with(&[&manifest], policy)?.documents().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InputPolicy {
    /// Read manifest paths outside the manifest's folder, and follow symbolic links out of
    /// a folder given as input (`--allow-outside`).
    pub allow_outside: bool,
    /// The format of files given directly, found in folders, or listed in a manifest without
    /// a `format` field (`--input-format`; default: chosen by content and extension).
    pub format: InputFormat,
}

/// The manifest of the shipped default corpus, relative to the repository root.
pub const DEFAULT_MANIFEST: &str = "corpora/manifest.toml";

impl Corpus {
    /// A corpus of the given documents, in this order.
    ///
    /// ```
    /// use corpus_lens::corpus::{Corpus, Document};
    /// let corpus = Corpus::new(vec![Document::bare("a", "a.txt")]);
    /// assert_eq!(corpus.documents().len(), 1);
    /// ```
    pub fn new(documents: Vec<Document>) -> Corpus {
        Corpus {
            documents,
            notes: Vec::new(),
        }
    }

    /// What was skipped while the inputs were read, one line each ("texts/pipe.txt: skipped:
    /// a FIFO, not a regular file"): entries of a folder that are not regular files, and
    /// symbolic links that leave it.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.txt"), "Text.")?;
    /// let corpus = corpus_lens::corpus::Corpus::from_inputs(&[dir.path()])?;
    /// assert!(corpus.notes().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The documents, in reading order.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("b.txt"), "Second.")?;
    /// std::fs::write(dir.path().join("a.txt"), "First.")?;
    /// let corpus = corpus_lens::corpus::Corpus::from_inputs(&[dir.path()])?;
    /// let ids: Vec<&str> = corpus.documents().iter().map(|d| d.id.as_str()).collect();
    /// assert_eq!(ids, ["a", "b"]); // a folder's files, sorted by path
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// Where the default manifest is: `corpora/manifest.toml` under the working directory
    /// if it exists there, else the one in the source tree this binary was built from.
    ///
    /// ```
    /// let path = corpus_lens::corpus::Corpus::default_manifest_path();
    /// assert!(path.ends_with("corpora/manifest.toml") && path.is_file());
    /// ```
    pub fn default_manifest_path() -> PathBuf {
        shipped_path(DEFAULT_MANIFEST)
    }

    /// The shipped default corpus (see [`Corpus::default_manifest_path`]).
    ///
    /// ```
    /// use corpus_lens::corpus::Corpus;
    /// let corpus = Corpus::load_default()?;
    /// assert!(corpus.documents().len() >= 8);
    /// assert!(corpus.documents().iter().all(|d| d.path.is_file() && !d.title.is_empty()));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn load_default() -> Result<Corpus> {
        Corpus::from_manifest(Corpus::default_manifest_path())
    }

    /// Reads a manifest. Paths in it are relative to the manifest's folder, and must resolve
    /// inside it ([`Corpus::from_manifest_with`] can allow more).
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.txt"), "Some text.")?;
    /// let manifest = dir.path().join("m.toml");
    /// std::fs::write(&manifest, "[[document]]\nid = \"a\"\npath = \"a.txt\"\nyear = 1917\n")?;
    /// let corpus = corpus_lens::corpus::Corpus::from_manifest(&manifest)?;
    /// assert_eq!(corpus.documents()[0].year, Some(1917));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_manifest(path: impl AsRef<Path>) -> Result<Corpus> {
        Corpus::from_manifest_with(path, InputPolicy::default())
    }

    /// [`Corpus::from_manifest`] with a policy for paths outside the manifest's folder.
    ///
    /// ```
    /// use corpus_lens::corpus::{Corpus, InputPolicy};
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.txt"), "Some text.")?;
    /// let manifest = dir.path().join("m.toml");
    /// std::fs::write(&manifest, "[[document]]\nid = \"a\"\npath = \"a.txt\"\n")?;
    /// let corpus = Corpus::from_manifest_with(&manifest, InputPolicy::default())?;
    /// assert_eq!(corpus.documents()[0].id, "a");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_manifest_with(path: impl AsRef<Path>, policy: InputPolicy) -> Result<Corpus> {
        let path = path.as_ref();
        regular_file(path)?;
        let bytes = fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| Error::invalid_utf8(path, &e))?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
        let mut documents = parse_manifest(path, text, policy)?;
        resolve_formats(&mut documents, policy)?;
        Ok(Corpus::new(documents))
    }

    /// Builds a corpus from command-line inputs: `*.toml` files are manifests, directories
    /// give their `*.txt` files (recursively, sorted by path, hidden entries skipped), other
    /// files are read as texts. An empty list gives the default corpus. Ids must be unique;
    /// plain files get their file stem, with `-2`, `-3`... appended on a clash.
    ///
    /// ```
    /// use corpus_lens::corpus::Corpus;
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("b.txt"), "B.")?;
    /// std::fs::write(dir.path().join("a.txt"), "A.")?;
    /// let corpus = Corpus::from_inputs(&[dir.path()])?;
    /// let ids: Vec<_> = corpus.documents().iter().map(|d| d.id.as_str()).collect();
    /// assert_eq!(ids, ["a", "b"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_inputs<P: AsRef<Path>>(inputs: &[P]) -> Result<Corpus> {
        Corpus::from_inputs_with(inputs, InputPolicy::default())
    }

    /// [`Corpus::from_inputs`] with a policy for paths that lead out of a manifest's or an
    /// input folder ([`InputPolicy`]).
    ///
    /// ```
    /// use corpus_lens::corpus::{Corpus, InputPolicy};
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.txt"), "A.")?;
    /// let corpus = Corpus::from_inputs_with(&[dir.path()], InputPolicy::default())?;
    /// assert_eq!(corpus.documents().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_inputs_with<P: AsRef<Path>>(inputs: &[P], policy: InputPolicy) -> Result<Corpus> {
        if inputs.is_empty() {
            return Corpus::load_default();
        }
        let mut documents = Vec::new();
        let mut notes = Vec::new();
        // Which documents a manifest named: their ids are the user's and never change.
        let mut named = Vec::new();
        for input in inputs {
            let input = input.as_ref();
            let meta = fs::metadata(input).map_err(|e| Error::io(input, e))?;
            if meta.is_dir() {
                let mut files = Vec::new();
                let root = fs::canonicalize(input).map_err(|e| Error::io(input, e))?;
                let mut walk = Walk {
                    input,
                    root: &root,
                    policy,
                    visited: HashSet::new(),
                    notes: &mut notes,
                };
                walk.collect(input, &mut files)?;
                if files.is_empty() {
                    return Err(Error::NoTextFiles {
                        path: input.to_path_buf(),
                    });
                }
                files.sort();
                documents.extend(files.into_iter().map(bare_from_path));
            } else if input.extension().is_some_and(|e| e == "toml") {
                let listed = Corpus::from_manifest_with(input, policy)?.documents;
                named.resize(documents.len(), None);
                named.extend(listed.iter().map(|_| Some(input.to_path_buf())));
                documents.extend(listed);
            } else {
                regular_file(input)?;
                documents.push(bare_from_path(input.to_path_buf()));
            }
        }
        named.resize(documents.len(), None);
        reject_repeated_files(&documents)?;
        reject_repeated_ids(&documents, &named)?;
        notes.extend(make_ids_unique(&mut documents, &named));
        notes.extend(works::unknown_works(&documents));
        resolve_formats(&mut documents, policy)?;
        Ok(Corpus { documents, notes })
    }
}

/// The same file given twice (directly, through a folder or a manifest) would be counted
/// twice: almost surely a mistake, so it is refused.
fn reject_repeated_files(documents: &[Document]) -> Result<()> {
    let mut seen = std::collections::HashMap::new();
    for doc in documents {
        let key = fs::canonicalize(&doc.path).unwrap_or_else(|_| doc.path.clone());
        if let Some(first) = seen.insert(key, &doc.path) {
            return Err(Error::Usage(format!(
                "{}: the same file is given twice (also as {}); give each file once",
                doc.path.display(),
                first.display()
            )));
        }
    }
    Ok(())
}

/// Sets each document's format (its own, else the policy's, else detected) and fills its
/// empty metadata fields from a TEI header or an EPUB package.
fn resolve_formats(documents: &mut [Document], policy: InputPolicy) -> Result<()> {
    for doc in documents.iter_mut() {
        if doc.format != InputFormat::Auto {
            continue;
        }
        doc.format = format::detect(&doc.path, policy.format)?;
        format::metadata_of(&doc.path, doc.format)?.fill(doc);
    }
    Ok(())
}

fn bare_from_path(path: PathBuf) -> Document {
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".to_string());
    Document::bare(id, path)
}

/// Ids that name something else in the tables or the selectors: the corpus rows'
/// `(corpus)`, and `compare`'s `all` and `rest`. A manifest may not use them; a plain
/// file whose stem is one gets `-2` appended, with a note ([`Corpus::notes`]).
///
/// ```
/// use corpus_lens::corpus::{Corpus, RESERVED_IDS};
/// let dir = tempfile::tempdir()?;
/// let rest = dir.path().join("rest.txt");
/// std::fs::write(&rest, "The rest of the story.")?;
/// let corpus = Corpus::from_inputs(&[&rest])?;
/// assert_eq!(corpus.documents()[0].id, "rest-2");
/// assert!(RESERVED_IDS.contains(&"rest") && corpus.notes()[0].contains("reserved"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const RESERVED_IDS: [&str; 3] = ["(corpus)", "all", "rest"];

/// The same id in two manifests is an error, as in one: each was chosen by the user.
fn reject_repeated_ids(documents: &[Document], named: &[Option<PathBuf>]) -> Result<()> {
    let mut seen = std::collections::HashMap::new();
    for (doc, manifest) in documents.iter().zip(named) {
        let Some(manifest) = manifest else { continue };
        if let Some(first) = seen.insert(doc.id.as_str(), manifest) {
            return Err(Error::DuplicateId {
                id: doc.id.clone(),
                first: first.clone(),
                second: manifest.clone(),
            });
        }
    }
    Ok(())
}

/// Gives the documents of plain files (`named` is `None`) an id no other document has and
/// no table or selector reserves ([`RESERVED_IDS`]): their file stem, with `-2`, `-3`...
/// appended on a clash. A manifest's ids never change. Returns a note for each reserved
/// stem renamed.
fn make_ids_unique(documents: &mut [Document], named: &[Option<PathBuf>]) -> Vec<String> {
    let mut seen: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    seen.extend(
        documents
            .iter()
            .zip(named)
            .filter(|(_, m)| m.is_some())
            .map(|(d, _)| d.id.clone()),
    );
    let mut notes = Vec::new();
    for (doc, _) in documents.iter_mut().zip(named).filter(|(_, m)| m.is_none()) {
        if !seen.insert(doc.id.clone()) {
            let base = doc.id.clone();
            let mut n = 2;
            while !seen.insert(format!("{base}-{n}")) {
                n += 1;
            }
            doc.id = format!("{base}-{n}");
            if RESERVED_IDS.contains(&base.as_str()) {
                notes.push(format!(
                    "{}: document id '{}' (the id '{base}' is reserved)",
                    doc.path.display(),
                    doc.id
                ));
            }
        }
    }
    notes
}

/// A walk of an input folder: collects its regular files of a format read
/// ([`format::EXTENSIONS`]), recursively.
struct Walk<'a> {
    /// The folder as given (for notes).
    input: &'a Path,
    /// The folder, canonical: a symbolic link whose target is not under it leads out.
    root: &'a Path,
    policy: InputPolicy,
    /// Canonical folders seen, so that a symlink loop ends instead of recursing forever.
    visited: HashSet<PathBuf>,
    notes: &'a mut Vec<String>,
}

impl Walk<'_> {
    fn collect(&mut self, dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
        let canonical = fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
        if !self.visited.insert(canonical) {
            return Ok(());
        }
        let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            // Follow symlinks, but a dangling one is skipped like any non-text entry.
            let Ok(meta) = fs::metadata(&path) else {
                continue;
            };
            let is_text = path.extension().is_some_and(|e| {
                let e = e.to_string_lossy().to_ascii_lowercase();
                format::EXTENSIONS.contains(&e.as_str())
            });
            if !meta.is_dir() && !is_text {
                continue;
            }
            let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
            if is_link && !self.policy.allow_outside {
                let inside = fs::canonicalize(&path).is_ok_and(|t| t.starts_with(self.root));
                if !inside {
                    self.notes.push(format!(
                        "{}: skipped: a symbolic link that leaves {} (pass --allow-outside to \
                         follow it)",
                        path.display(),
                        self.input.display()
                    ));
                    continue;
                }
            }
            if meta.is_dir() {
                self.collect(&path, files)?;
            } else if meta.is_file() {
                files.push(path);
            } else {
                self.notes.push(format!(
                    "{}: skipped: {}, not a regular file",
                    path.display(),
                    file_kind(&meta)
                ));
            }
        }
        Ok(())
    }
}

/// What a file that is not a regular file is ("a FIFO", "a socket" ...).
fn file_kind(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        } else if t.is_socket() {
            return "a socket";
        } else if t.is_block_device() {
            return "a block device";
        } else if t.is_char_device() {
            return "a character device";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// Refuses a path named directly that is not a regular file (a FIFO would block the run).
fn regular_file(path: &Path) -> Result<()> {
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_file() {
        return Ok(());
    }
    Err(Error::NotRegularFile {
        path: path.to_path_buf(),
        kind: file_kind(&meta),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestFile {
    #[serde(default)]
    document: Vec<toml::Spanned<ManifestEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ManifestEntry {
    id: toml::Spanned<String>,
    path: toml::Spanned<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    author: String,
    year: Option<i32>,
    #[serde(default)]
    language: String,
    #[serde(default)]
    author_faction: String,
    same_work_as: Option<String>,
    first_person: Option<toml::Spanned<Vec<String>>>,
    #[serde(default)]
    government: String,
    #[serde(default)]
    notes: String,
    body_start: Option<toml::Spanned<String>>,
    body_end: Option<toml::Spanned<String>>,
    format: Option<toml::Spanned<String>>,
}

fn parse_manifest(path: &Path, text: &str, policy: InputPolicy) -> Result<Vec<Document>> {
    let file: ManifestFile = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let message = format!("malformed manifest: {}", e.message().trim());
        Error::manifest_at(path, text, offset, message)
    })?;
    if file.document.is_empty() {
        return Err(Error::manifest_at(
            path,
            text,
            0,
            "manifest lists no documents; add [[document]] tables with id and path".into(),
        ));
    }
    let base = path.parent().unwrap_or(Path::new(""));
    let folder = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    let canonical_base = fs::canonicalize(folder).map_err(|e| Error::io(folder, e))?;
    let mut seen = HashSet::new();
    let mut documents = Vec::with_capacity(file.document.len());
    for spanned in file.document {
        let entry = spanned.into_inner();
        let (id_at, path_at) = (entry.id.span().start, entry.path.span().start);
        let id = entry.id.into_inner();
        if id.trim().is_empty() {
            let msg = "document id is empty".to_string();
            return Err(Error::manifest_at(path, text, id_at, msg));
        }
        if RESERVED_IDS.contains(&id.as_str()) {
            let msg = format!(
                "document id '{id}' is reserved ('(corpus)' names the corpus rows, 'all' and \
                 'rest' are compare's selectors); choose another id"
            );
            return Err(Error::manifest_at(path, text, id_at, msg));
        }
        if !seen.insert(id.clone()) {
            let msg = format!("duplicate document id '{id}'; ids must be unique");
            return Err(Error::manifest_at(path, text, id_at, msg));
        }
        let (first_person, first_person_at) = match entry.first_person {
            Some(list) => (list.get_ref().clone(), list.span().start),
            None => (Vec::new(), 0),
        };
        if !first_person.is_empty() && entry.author_faction.is_empty() {
            let msg = format!(
                "document '{id}': first_person needs author_faction (the faction the phrases name)"
            );
            return Err(Error::manifest_at(path, text, first_person_at, msg));
        }
        let file_path = base.join(entry.path.get_ref());
        if file_path.is_dir() {
            let msg = format!(
                "document '{id}': '{}' is a folder; path must name a text file",
                file_path.display()
            );
            return Err(Error::manifest_at(path, text, path_at, msg));
        }
        if !file_path.exists() {
            let msg = format!(
                "document '{id}': file '{}' not found (paths are relative to the manifest's folder)",
                file_path.display()
            );
            return Err(Error::manifest_at(path, text, path_at, msg));
        }
        let meta = fs::metadata(&file_path).map_err(|e| Error::io(&file_path, e))?;
        if !meta.is_file() {
            let msg = format!(
                "document '{id}': '{}' is {}, not a regular file; path must name a text file",
                file_path.display(),
                file_kind(&meta)
            );
            return Err(Error::manifest_at(path, text, path_at, msg));
        }
        let inside = fs::canonicalize(&file_path).is_ok_and(|p| p.starts_with(&canonical_base));
        if !policy.allow_outside && !inside {
            let msg = format!(
                "document '{id}': '{}' is outside the manifest's folder {} (symbolic links \
                 resolved); move the file under it, or pass --allow-outside to read it",
                entry.path.get_ref(),
                folder.display()
            );
            return Err(Error::manifest_at(path, text, path_at, msg));
        }
        let format = match entry.format {
            None => InputFormat::Auto,
            Some(f) => f.get_ref().parse().map_err(|e: String| {
                Error::manifest_at(path, text, f.span().start, format!("document '{id}': {e}"))
            })?,
        };
        let body_start = marker(path, text, &id, "body_start", entry.body_start)?;
        let body_end = marker(path, text, &id, "body_end", entry.body_end)?;
        documents.push(Document {
            id,
            path: file_path,
            title: entry.title,
            author: entry.author,
            year: entry.year,
            language: entry.language,
            author_faction: entry.author_faction,
            same_work_as: entry.same_work_as,
            first_person,
            government: entry.government.trim().to_string(),
            notes: entry.notes,
            body_start,
            body_end,
            format,
        });
    }
    Ok(documents)
}

/// A `body_start` / `body_end` value as a marker that remembers its place in the manifest.
fn marker(
    path: &Path,
    text: &str,
    id: &str,
    field: &str,
    value: Option<toml::Spanned<String>>,
) -> Result<Option<Marker>> {
    let Some(value) = value else {
        return Ok(None);
    };
    let at = value.span().start;
    let marker = value.into_inner().trim().to_string();
    if marker.is_empty() {
        let msg = format!(
            "document '{id}': {field} is empty; give the text a line begins with, or leave it out"
        );
        return Err(Error::manifest_at(path, text, at, msg));
    }
    let (line, column) = line_column(text, at);
    Ok(Some(Marker {
        text: marker,
        origin: Some((path.to_path_buf(), line, column)),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest_error(toml_text: &str) -> Error {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.txt"), "text").unwrap();
        let path = dir.path().join("m.toml");
        fs::write(&path, toml_text).unwrap();
        Corpus::from_manifest(&path).unwrap_err()
    }

    #[test]
    fn syntax_error_names_line_and_column() {
        let err = manifest_error("[[document]]\nid = \"a\"\npath = a.txt\n");
        match err {
            Error::Manifest { line, column, .. } => assert_eq!((line, column), (3, 8)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn duplicate_id_is_reported_at_second_entry() {
        let text = "[[document]]\nid = \"a\"\npath = \"a.txt\"\n\n[[document]]\nid = \"a\"\npath = \"a.txt\"\n";
        let err = manifest_error(text);
        assert!(
            err.to_string().contains("duplicate document id 'a'"),
            "{err}"
        );
        assert!(matches!(err, Error::Manifest { line: 6, .. }), "{err:?}");
    }

    #[test]
    fn unknown_field_and_missing_file_are_errors() {
        let err = manifest_error("[[document]]\nid = \"a\"\npath = \"a.txt\"\ncolour = 1\n");
        assert!(err.to_string().contains("colour"), "{err}");
        let err = manifest_error("[[document]]\nid = \"b\"\npath = \"b.txt\"\n");
        assert!(err.to_string().contains("not found"), "{err}");
        assert!(
            matches!(
                err,
                Error::Manifest {
                    line: 3,
                    column: 8,
                    ..
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn empty_manifest_is_an_error() {
        let err = manifest_error("# nothing\n");
        assert!(err.to_string().contains("no documents"), "{err}");
    }

    #[test]
    fn clashing_file_stems_get_suffixes() {
        let mut docs = vec![
            Document::bare("a", "x/a.txt"),
            Document::bare("a", "y/a.txt"),
            Document::bare("a", "z/a.txt"),
        ];
        make_ids_unique(&mut docs, &[None, None, None]);
        let ids: Vec<_> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-2", "a-3"]);
    }

    #[test]
    fn default_manifest_loads_all_shipped_texts() {
        let corpus = Corpus::load_default().unwrap();
        assert!(corpus.documents().len() >= 8);
        assert!(corpus.documents().iter().all(|d| d.path.is_file()));
    }
}
