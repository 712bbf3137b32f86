//! The header of a partial file: what it says about itself (format, versions, options,
//! lexicons, corpus, documents), and the checks that let two partials merge.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::error::{Error, Result};

/// The first bytes of a partial file.
pub(super) const MAGIC: &[u8; 8] = b"CLPART01";
/// The name in [`Header::format`].
pub const FORMAT: &str = "corpus-lens partial";
/// The version of the format this build writes and reads ([`Header::version`]).
pub const FORMAT_VERSION: u32 = 3;

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

/// FNV-1a, 64 bits: a stable hash of files and ids (the same on every machine and build).
fn fnv1a(bytes: &[u8], mut hash: u64) -> u64 {
    for &b in bytes {
        hash ^= b as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

pub(super) fn corpus_hash(corpus: &Corpus) -> String {
    let ids = corpus.documents().iter();
    let hash = ids.fold(FNV_START, |h, d| fnv1a(&[0], fnv1a(d.id.as_bytes(), h)));
    format!("{hash:016x}")
}

/// The lexicon and model files a run may read, as a partial's header names them: the
/// shipped factions, framing lexicon, verb lexicon and stance model (those present), then
/// the files the run's options give (`given`).
///
/// ```
/// let files = corpus_lens::run::partial::lexicon_files(&["mine.toml".into()]);
/// assert_eq!(files.last().unwrap().to_str(), Some("mine.toml"));
/// assert!(files.len() > 1); // the shipped ones first
/// ```
pub fn lexicon_files(given: &[PathBuf]) -> Vec<PathBuf> {
    use crate::framing::stance::{StanceModel, VerbLexicon};
    use crate::framing::{factions::FactionSet, lexicon::Lexicon};
    let shipped = [
        FactionSet::default_path(),
        Lexicon::default_path(),
        VerbLexicon::default_path(),
        StanceModel::default_path(),
    ];
    let shipped = shipped.into_iter().filter(|p| p.is_file());
    shipped.chain(given.iter().cloned()).collect()
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

pub(super) fn bad_file(path: &Path, place: &str, message: impl Into<String>) -> Error {
    Error::Format {
        path: path.to_path_buf(),
        place: place.into(),
        message: message.into(),
    }
}

/// Opens a partial file and reads its header, leaving the reader at the body.
pub(super) fn open_partial(path: &Path) -> Result<(Header, BufReader<File>)> {
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
    if header.format != FORMAT {
        return Err(bad_file(path, "header", not_partial));
    }
    if header.version < FORMAT_VERSION {
        return Err(bad_file(
            path,
            "header",
            format!(
                "made by an older format (version {} of corpus-lens {}; this corpus-lens {} \
                 reads version {FORMAT_VERSION}); count it again",
                header.version,
                header.crate_version,
                env!("CARGO_PKG_VERSION")
            ),
        ));
    }
    if header.version != FORMAT_VERSION {
        return Err(bad_file(
            path,
            "header",
            format!(
                "made by a newer format (version {} of corpus-lens {}; this corpus-lens {} \
                 reads version {FORMAT_VERSION}); count it again with this version, or merge \
                 with the newer one",
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
pub(super) fn difference(a: &Header, b: &Header) -> Option<(String, String, String)> {
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
