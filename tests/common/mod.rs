//! Setup shared by the integration tests (each test file says `mod common;`): running the
//! `corpus-lens` binary, temporary folders and their input files, reading CSV tables back,
//! and the names of the tables the commands write.

// Every test file is a crate of its own and uses only part of this module.
#![allow(dead_code)]

use std::ffi::{OsStr, OsString};
use std::fs;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, Output};

use corpus_lens::tables::{self, Schema};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_corpus-lens");

/// The shipped default corpus, by absolute path.
pub const DEFAULT_MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/manifest.toml");

/// The shipped Trotsky excerpt (`trotsky1918`), by absolute path.
pub const TROTSKY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corpora/trotsky_1918_history_to_brest_litovsk_excerpt.txt"
);

// ---------------------------------------------------------------------------------------------
// Table names.

/// The schema of the tables a run wrote, written beside them by every command with `--out`.
pub const SCHEMA_FILE: &str = "schema.csv";

/// The node x collocate matrix: one column per collocate (its schema has a `<collocate>`
/// placeholder).
pub const COOC_MATRIX: &str = "cooc_matrix.csv";

/// The faction x dimension matrix: one column per dimension of the lexicon.
pub const FRAMING_MATRIX: &str = "framing_matrix.csv";

/// Framing mentions: the lexicon's dimension columns follow `valence`.
pub const FRAMING_MENTIONS: &str = "framing_mentions.csv";

/// The frequency tables: what `freq` writes (and `analyze` too), in the order of
/// `tables::ALL`.
pub const FREQ_TABLES: [&str; 6] = [
    "corpus_summary.csv",
    "freq.csv",
    "freq_by_document.csv",
    "stems.csv",
    "ocr_suspects.csv",
    "excluded_matter.csv",
];

/// The fixed-schema tables `analyze` writes besides the framing tables: the frequency tables,
/// then the collocation tables.
pub const ANALYZE_TABLES: [&str; 8] = join(&[&FREQ_TABLES, &["collocations.csv", "kwic.csv"]]);

/// The framing tables, in the order of `tables::ALL`.
pub const FRAMING_TABLES: [&str; 4] = [
    FRAMING_MENTIONS,
    "framing_summary.csv",
    "framing_terms.csv",
    FRAMING_MATRIX,
];

/// The comparison tables (keyness, collocates, framing), in the order of `tables::ALL`.
pub const COMPARISON_TABLES: [&str; 3] =
    ["keyness.csv", "colloc_compare.csv", "framing_compare.csv"];

/// Everything `analyze` writes: the fixed-schema tables, the collocate matrix, the framing
/// tables, the comparison tables (each document against the rest) and schema.csv.
pub const ANALYZE_FILES: [&str; 17] = join(&[
    &ANALYZE_TABLES,
    &[COOC_MATRIX],
    &FRAMING_TABLES,
    &COMPARISON_TABLES,
    &[SCHEMA_FILE],
]);

/// The names of `parts`, one after the other (`N` must be their number: checked when
/// compiled).
pub const fn join<const N: usize>(parts: &[&[&'static str]]) -> [&'static str; N] {
    let mut all = [""; N];
    let (mut part, mut n) = (0, 0);
    while part < parts.len() {
        let mut i = 0;
        while i < parts[part].len() {
            all[n] = parts[part][i];
            i += 1;
            n += 1;
        }
        part += 1;
    }
    assert!(n == N, "N is not the number of names");
    all
}

/// The library's schema of `file` (`tables::ALL`).
pub fn schema_of(file: &str) -> &'static Schema {
    tables::ALL
        .iter()
        .copied()
        .find(|s| s.file == file)
        .unwrap_or_else(|| panic!("no schema for {file} in tables::ALL"))
}

/// The header line a table must start with, from the library's schema.
pub fn header_of(schema: &Schema) -> String {
    schema.column_names().join(",")
}

/// Asserts that the bytes of table `file` are whole: the last byte ends a line, and the header
/// fits the library's schema of `file` if it has one. `what` says which run.
pub fn assert_whole_table(file: &str, bytes: &[u8], what: &str) {
    assert_eq!(
        bytes.last(),
        Some(&b'\n'),
        "{what}: {file} does not end a line"
    );
    if let Some(schema) = tables::ALL.iter().find(|s| s.file == file) {
        // The lexicon's dimensions and the collocate columns may have any names.
        let mut reader = csv::Reader::from_reader(bytes);
        let header: Vec<&str> = reader.headers().unwrap().iter().collect();
        assert!(
            schema.matches_header(&header),
            "{what}: {file} header {header:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Running the binary.

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<OsString>,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts that standard error holds every one of `needles`.
    pub fn assert_stderr_has(&self, needles: &[&str]) {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr of {:?} lacks {needle:?}: {}",
                self.args,
                self.stderr
            );
        }
    }
}

/// `corpus-lens ARGS...` with `cwd` as the working directory, to be run (or given more
/// settings first).
pub fn command<I, S>(cwd: &Path, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(BIN);
    command.args(args).current_dir(cwd);
    command
}

/// Runs `corpus-lens ARGS...` with `cwd` as the working directory.
pub fn run_in<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<OsString> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let output = command(cwd, &args)
        .output()
        .expect("could not start corpus-lens");
    Run {
        args,
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs and asserts exit 0 (showing the run, standard error included, if not); returns the
/// run.
pub fn run_ok<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let run = run_in(cwd, args);
    assert_eq!(run.code, Some(0), "expected success: {run:?}");
    run
}

/// Runs and asserts exit `code` (1 bad input, 2 bad usage); returns the run.
pub fn run_err<I, S>(cwd: &Path, args: I, code: i32) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let run = run_in(cwd, args);
    assert_eq!(run.code, Some(code), "expected exit {code}: {run:?}");
    run
}

/// `corpus-lens ARGS...` in `cwd` with one resource limit set in the child before it starts.
pub fn run_limited(
    cwd: &Path,
    args: &[&str],
    resource: libc::__rlimit_resource_t,
    limit: u64,
) -> Output {
    let mut cmd = command(cwd, args);
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let value = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(resource, &value) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
    cmd.output().expect("could not start corpus-lens")
}

/// Asserts that a run given its own settings (through [`command`]) succeeded, showing its
/// standard error if not.
pub fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "corpus-lens failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `analyze INPUTS... --out out`.
pub fn analyze_into_out(inputs: &[&str]) -> Vec<String> {
    let mut args = vec!["analyze".to_string()];
    args.extend(inputs.iter().map(|s| s.to_string()));
    args.extend(["--out".to_string(), "out".to_string()]);
    args
}

// ---------------------------------------------------------------------------------------------
// Folders and files.

/// A new temporary folder, removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

/// A new temporary folder holding one file, `name`, with `contents`.
pub fn tempdir_with(name: &str, contents: impl AsRef<[u8]>) -> tempfile::TempDir {
    let dir = tempdir();
    write(dir.path(), name, contents);
    dir
}

/// Writes `contents` to `dir/name`, creating the folders on the way.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    fs::write(&path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Names of the entries of `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// Reading tables back.

/// A CSV table read with the `csv` crate: the header and the rows, every row as long as the
/// header.
#[derive(Debug)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Reads a CSV file; every record must have as many fields as the header (the reader is
    /// not flexible, and the lengths are checked again here).
    pub fn read(path: &Path) -> Table {
        let file = fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Table::from_reader(file, &path.display().to_string())
    }

    /// Parses CSV text (a command's standard output), like [`Table::read`].
    pub fn parse(text: &str) -> Table {
        Table::from_reader(text.as_bytes(), "standard output")
    }

    /// Parses CSV from `input`, like [`Table::read`]; `what` names it in messages.
    pub fn from_reader(input: impl std::io::Read, what: &str) -> Table {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(input);
        let header: Vec<String> = reader
            .headers()
            .unwrap_or_else(|e| panic!("{what}: {e}"))
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.unwrap_or_else(|e| panic!("{what} record {i}: {e}"));
            assert_eq!(
                record.len(),
                header.len(),
                "{what} record {i} has {} fields, header has {}",
                record.len(),
                header.len()
            );
            rows.push(record.iter().map(str::to_string).collect());
        }
        Table { header, rows }
    }

    /// The index of column `name`.
    pub fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// The value of column `name` in `row`.
    pub fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        &row[self.column(name)]
    }

    /// The first row whose column `key` is `value`.
    pub fn row(&self, key: &str, value: &str) -> &[String] {
        let k = self.column(key);
        self.rows
            .iter()
            .find(|r| r[k] == value)
            .unwrap_or_else(|| panic!("no row with {key} = {value}"))
    }

    /// Whether a row has `value` in column `key`.
    pub fn has_row(&self, key: &str, value: &str) -> bool {
        let k = self.column(key);
        self.rows.iter().any(|r| r[k] == value)
    }

    /// Column `name`, top to bottom.
    pub fn values(&self, name: &str) -> Vec<&str> {
        let k = self.column(name);
        self.rows.iter().map(|r| r[k].as_str()).collect()
    }

    /// The value of column `name` in `row`, which must be an integer.
    pub fn int(&self, row: &[String], name: &str) -> u64 {
        let v = self.get(row, name);
        v.parse()
            .unwrap_or_else(|e| panic!("{name} = {v:?} is not an integer: {e}"))
    }

    /// The value of column `name` in `row`, which must be a number.
    pub fn float(&self, row: &[String], name: &str) -> f64 {
        let v = self.get(row, name);
        v.parse()
            .unwrap_or_else(|e| panic!("{name} = {v:?} is not a float: {e}"))
    }

    /// The value of column `name` in `row`: NaN if empty (undefined), else a number.
    pub fn float_or_nan(&self, row: &[String], name: &str) -> f64 {
        match self.get(row, name) {
            "" => f64::NAN,
            _ => self.float(row, name),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The library's defaults.

/// A framer with the shipped factions and lexicon, scoring each mention's sentence.
pub fn shipped_framer() -> corpus_lens::framing::Framer {
    corpus_lens::framing::Framer::new(
        corpus_lens::factions::FactionSet::load_default().unwrap(),
        corpus_lens::lexicon::Lexicon::load_default().unwrap(),
        corpus_lens::framing::Context::Sentence,
    )
}
