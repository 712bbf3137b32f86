//! Typed errors. Every variant says *where* the input went wrong (file, line, column or byte
//! offset) and what to do about it, so the command-line tool only has to print it.

use std::io;
use std::path::{Path, PathBuf};

/// The result type of every fallible function in this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong while reading a corpus or writing tables.
///
/// ```
/// use corpus_lens::{corpus::Corpus, Error};
/// let err = Corpus::from_inputs(&["no/such/file.txt"]).unwrap_err();
/// assert!(matches!(err, Error::NotFound { .. }));
/// assert!(err.to_string().contains("no/such/file.txt"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input path does not exist.
    #[error("{}: no such file or directory; check the path", path.display())]
    NotFound {
        /// The path as given.
        path: PathBuf,
    },
    /// An operating-system error while reading or writing a path.
    #[error("{}: {source}{}", path.display(), io_hint(source))]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The bytes of a file are not valid UTF-8.
    #[error(
        "{}: invalid UTF-8 at byte {offset} (line {line}); re-encode the file as UTF-8 \
         (e.g. iconv -f latin1 -t utf-8) or pass --lossy to replace bad bytes",
        path.display()
    )]
    InvalidUtf8 {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first bad byte, counted from 0.
        offset: u64,
        /// Line of the first bad byte, counted from 1.
        line: u64,
    },
    /// The file has a NUL byte: almost surely not plain text.
    #[error(
        "{}: NUL byte at byte {offset} (line {line}): this looks like a binary file, not plain text; \
         give a .txt file",
        path.display()
    )]
    Binary {
        /// The file.
        path: PathBuf,
        /// Byte offset of the first NUL byte.
        offset: u64,
        /// Line of the first NUL byte, counted from 1.
        line: u64,
    },
    /// The file starts with a UTF-16 byte-order mark (`FF FE` or `FE FF`).
    #[error("{}", wide_encoding(path, 16))]
    Utf16 {
        /// The file.
        path: PathBuf,
    },
    /// The file starts with a UTF-32 byte-order mark (`FF FE 00 00` or `00 00 FE FF`).
    #[error("{}", wide_encoding(path, 32))]
    Utf32 {
        /// The file.
        path: PathBuf,
    },
    /// The file's size changed while it was read (truncated or appended to by another
    /// program): its counts would be of neither version.
    #[error(
        "{}: the file changed while it was read ({expected} bytes when opened, {read} read); \
         run again once nothing writes to it",
        path.display()
    )]
    FileChanged {
        /// The file.
        path: PathBuf,
        /// Its size when it was opened.
        expected: u64,
        /// The bytes read to its end.
        read: u64,
    },
    /// The system refused memory for a buffer whose size comes from the input or an option
    /// (a memory limit such as `ulimit -v`, or the machine's memory spent).
    #[error(
        "{}: out of memory: the system refused {bytes} bytes for {what}; give a smaller \
         block size or more memory",
        path.display()
    )]
    OutOfMemory {
        /// The file being read.
        path: PathBuf,
        /// What the memory was for.
        what: &'static str,
        /// The bytes asked for.
        bytes: usize,
    },
    /// The system would not start the worker threads asked for (a limit on processes or
    /// memory): a resource failure, not bad usage.
    #[error("cannot start {threads} threads: {source}; give fewer --threads")]
    Threads {
        /// The threads asked for.
        threads: usize,
        /// Why the pool could not start.
        source: rayon::ThreadPoolBuildError,
    },
    /// Two manifests give the same document id.
    #[error(
        "{}: document id '{id}' is also given by {}; ids must be unique across manifests: \
         change one",
        second.display(),
        first.display()
    )]
    DuplicateId {
        /// The id.
        id: String,
        /// The manifest that gave it first.
        first: PathBuf,
        /// The manifest that gives it again.
        second: PathBuf,
    },
    /// The file has no bytes, or only whitespace.
    #[error("{}: empty file (no text to analyze); remove it from the input", path.display())]
    EmptyFile {
        /// The file.
        path: PathBuf,
    },
    /// An input named directly is not a regular file (a FIFO, a socket, a device): reading
    /// it could block the run or never end.
    #[error("{}: {kind}, not a regular file; give a text file", path.display())]
    NotRegularFile {
        /// The path as given.
        path: PathBuf,
        /// What it is ("a FIFO", "a socket", "a character device" ...).
        kind: &'static str,
    },
    /// A directory given as input holds no file of a format read (`*.txt`, TEI `*.xml`,
    /// HTML, EPUB, zip).
    #[error(
        "{}: directory holds no text files (*.txt, *.xml, *.tei, *.html, *.htm, *.xhtml, *.epub, \
         *.zip); name the files or a manifest instead",
        path.display()
    )]
    NoTextFiles {
        /// The directory.
        path: PathBuf,
    },
    /// A file of a converted format (TEI, HTML, EPUB, zip) that cannot be read as one:
    /// malformed XML, a zip without a text file, an EPUB without a spine, a member past the
    /// size limit. `place` says where ("line 12, column 5", "member OEBPS/content.opf").
    #[error("{}: {place}: {message}", path.display())]
    Format {
        /// The file.
        path: PathBuf,
        /// Where in the file.
        place: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// A document whose `language` is not English: the counting stages are English-only.
    #[error(
        "{}: document '{document}' has language '{language}', but corpus-lens reads English \
         only (the Snowball English stemmer, the stopword list, the faction lexicon, VADER \
         sentiment and the syntax model are English); set language = \"en\" in a manifest \
         to count it as English anyway, or leave the document out",
        path.display()
    )]
    NotEnglish {
        /// The document's file.
        path: PathBuf,
        /// The document id.
        document: String,
        /// The language as given (manifest or TEI header).
        language: String,
    },
    /// A manifest (or other TOML file) is malformed or inconsistent.
    #[error("{}:{line}:{column}: {message}", path.display())]
    Manifest {
        /// The manifest file.
        path: PathBuf,
        /// Line, from 1.
        line: usize,
        /// Column, from 1 (in characters).
        column: usize,
        /// What is wrong and what to do.
        message: String,
    },
    /// A manifest's `body_start` or `body_end` begins no line of the text (`body_end`: no
    /// line after the `body_start` paragraph).
    #[error("{}", marker_message(marker, origin.as_deref(), document, field, path))]
    MarkerNotFound {
        /// The document id.
        document: String,
        /// `body_start` or `body_end`.
        field: &'static str,
        /// The marker's text.
        marker: String,
        /// The manifest, line and column (from 1) that set it; `None` when set in code.
        origin: Option<Box<(PathBuf, usize, usize)>>,
        /// The text file searched.
        path: PathBuf,
    },
    /// An output path would overwrite one of the inputs.
    #[error("{}: output would overwrite an input file; write the output to another path", path.display())]
    OutputIsInput {
        /// The output path.
        path: PathBuf,
    },
    /// Another run holds the lock of the output folder: two runs into one folder would mix
    /// their tables.
    #[error(
        "{}: another corpus-lens run is writing into this folder; wait for it to finish, or \
         choose another --out",
        dir.display()
    )]
    OutputLocked {
        /// The output folder.
        dir: PathBuf,
    },
    /// A folder is where a table is to be written.
    #[error("{}: a folder is in the way of this table; move or rename it (no table was replaced)", path.display())]
    TableIsFolder {
        /// The table's path.
        path: PathBuf,
    },
    /// A run into the folder was stopped during its commit (what [`Error::Restore`] reports
    /// when putting its previous tables back fails).
    #[error("{}: a run into this folder was stopped while it replaced its tables", dir.display())]
    Interrupted {
        /// The output folder.
        dir: PathBuf,
    },
    /// Replacing the tables failed, and so did putting the previous ones back: the folder
    /// keeps its commit journal, and the next run into it puts them back.
    #[error(
        "{cause}; putting the previous tables back also failed at {}: {source}; fix that, \
         then run again into the same folder to restore them",
        path.display()
    )]
    Restore {
        /// Where restoring failed.
        path: PathBuf,
        /// Why the tables were being restored.
        cause: Box<Error>,
        /// The error of the restore.
        source: io::Error,
    },
    /// An option has a value that cannot work (bad usage rather than bad input).
    #[error("{0}")]
    Usage(String),
    /// A table would have two columns of one name: a name the run chose (a framing dimension
    /// of the lexicon, say) is also one of the table's fixed columns.
    #[error(
        "{table} would have two columns named \"{column}\"; rename the framing dimension \
         \"{column}\" in the lexicon (for a CSV or TSV lexicon, its file name gives the \
         dimension)"
    )]
    DuplicateColumn {
        /// The table.
        table: &'static str,
        /// The repeated column name.
        column: String,
    },
    /// A gold-standard file (`corpus-lens evaluate --gold`) has an unknown or missing
    /// column, a bad value, or a document or faction the run does not know.
    #[error("{}:{line}: {message}", path.display())]
    Gold {
        /// The gold file.
        path: PathBuf,
        /// Line of the CSV record, from 1 (the header is line 1).
        line: u64,
        /// What is wrong (the column and the value) and what to do.
        message: String,
    },
    /// A data file of the stance scorer (the verb lexicon, a stance model) is malformed.
    #[error("{}:{line}: {message}", path.display())]
    Data {
        /// The file.
        path: PathBuf,
        /// Line, from 1 (0 when the error is about the whole file).
        line: u64,
        /// What is wrong and what to do.
        message: String,
    },
    /// A CoNLL-U file is malformed: a line without ten columns, a bad word id or head.
    #[error("{}:{line}: {message}", path.display())]
    Conllu {
        /// The CoNLL-U file (`-` for standard input).
        path: PathBuf,
        /// Line, from 1.
        line: u64,
        /// What is wrong and what to do.
        message: String,
    },
    /// A syntax model file cannot be used: not a model, another format version, or corrupt.
    #[error("{}: {message}", path.display())]
    Model {
        /// The model file.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A table was asked of an analysis that did not count what it needs (collocations or
    /// concordance lines of a run without collocation windows).
    #[error("{what} were not counted in this run; set {option} in the run's configuration")]
    NotCounted {
        /// What the table needs ("collocation windows").
        what: &'static str,
        /// The configuration field that counts it (`CountOptions::windows`).
        option: &'static str,
    },
    /// A table was asked for a node the run did not count: its windows were counted around
    /// other nodes.
    #[error(
        "node '{node}' was not counted in this run (its nodes: {}); add it to the run's \
         window options (CountOptions::windows) and run again",
        counted.join(", ")
    )]
    NodeNotCounted {
        /// The node asked for.
        node: String,
        /// The labels of the nodes the run counted.
        counted: Vec<String>,
    },
    /// A node matched nothing in the documents read (`--require-match`).
    #[error(
        "node '{node}' matched nothing in the {documents} document{} read; check its \
         spelling, or match more forms with --by stem or a wildcard ({node}*)",
        if *documents == 1 { "" } else { "s" }
    )]
    NoMatch {
        /// The node's label.
        node: String,
        /// How many documents were read.
        documents: usize,
    },
    /// Writing a CSV record failed.
    #[error("{}: could not write CSV: {source}", path.display())]
    Csv {
        /// The table being written.
        path: PathBuf,
        /// The underlying error.
        source: csv::Error,
    },
}

/// The message of [`Error::Utf16`] and [`Error::Utf32`]: the encoding and the command that
/// converts it.
fn wide_encoding(path: &Path, bits: u8) -> String {
    format!(
        "{}: UTF-{bits} text (byte-order mark at byte 0); convert it to UTF-8 first \
         (e.g. iconv -f utf-{bits} -t utf-8)",
        path.display()
    )
}

/// What to do about the resource errors a user can fix; empty for the others.
fn io_hint(source: &io::Error) -> &'static str {
    match source.raw_os_error() {
        Some(libc::EFBIG) => {
            "; a file-size limit was reached (`ulimit -f`): raise it, or write fewer tables"
        }
        Some(libc::ENOSPC) | Some(libc::EDQUOT) => {
            "; the disk or quota is full: free space, or write elsewhere with --out"
        }
        _ => "",
    }
}

impl Error {
    /// True for errors in how the tool was called (exit code 2) rather than in the input
    /// data (exit code 1).
    ///
    /// ```
    /// use corpus_lens::Error;
    /// assert!(Error::Usage("--threads must be at least 1".into()).is_usage());
    /// ```
    pub fn is_usage(&self) -> bool {
        matches!(self, Error::Usage(_))
    }

    pub(crate) fn io(path: impl AsRef<Path>, source: io::Error) -> Error {
        let path = path.as_ref().to_path_buf();
        if source.kind() == io::ErrorKind::NotFound {
            Error::NotFound { path }
        } else {
            Error::Io { path, source }
        }
    }

    /// The error for a file whose bytes are not UTF-8: the first bad byte and its line.
    pub(crate) fn invalid_utf8(path: &Path, error: &std::string::FromUtf8Error) -> Error {
        let offset = error.utf8_error().valid_up_to();
        let line = memchr::memchr_iter(b'\n', &error.as_bytes()[..offset]).count() as u64 + 1;
        Error::InvalidUtf8 {
            path: path.to_path_buf(),
            offset: offset as u64,
            line,
        }
    }

    /// A manifest error at byte `offset` of `text`, converted to line and column.
    pub(crate) fn manifest_at(path: &Path, text: &str, offset: usize, message: String) -> Error {
        let (line, column) = line_column(text, offset);
        Error::Manifest {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    }
}

fn marker_message(
    marker: &str,
    origin: Option<&(PathBuf, usize, usize)>,
    document: &str,
    field: &str,
    path: &Path,
) -> String {
    let place = match origin {
        Some((manifest, line, column)) => format!("{}:{line}:{column}", manifest.display()),
        None => path.display().to_string(),
    };
    let after = if field == "body_end" {
        " after the body_start paragraph"
    } else {
        ""
    };
    format!(
        "{place}: document '{document}': {field} {:?} begins no line of {}{after}; \
         copy the marker from the text (it is matched case-sensitively at the start of a line, \
         after leading spaces)",
        marker,
        path.display()
    )
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_from_one() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 7), (2, 4));
        assert_eq!(line_column(text, 8), (3, 1));
        assert_eq!(line_column(text, 999), (3, 2));
    }

    #[test]
    fn wide_encodings_name_their_conversion() {
        let path = PathBuf::from("a.txt");
        let utf16 = Error::Utf16 { path: path.clone() }.to_string();
        let utf32 = Error::Utf32 { path }.to_string();
        let hint = "(byte-order mark at byte 0); convert it to UTF-8 first (e.g. iconv -f";
        assert_eq!(utf16, format!("a.txt: UTF-16 text {hint} utf-16 -t utf-8)"));
        assert_eq!(utf32, format!("a.txt: UTF-32 text {hint} utf-32 -t utf-8)"));
    }
}
