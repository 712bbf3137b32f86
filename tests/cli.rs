//! Integration tests of the `corpus-lens` command: they run the real binary on real files and
//! check exit codes, messages, the files written (and not written) and their exact contents.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use corpus_lens::tables::{self, Schema};

const BIN: &str = env!("CARGO_BIN_EXE_corpus-lens");

/// The shipped default corpus, by absolute path.
const DEFAULT_MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/manifest.toml");

/// The tables `analyze` and `freq` write, in the order of `tables::ALL`.
const TABLES: [&str; 5] = [
    "corpus_summary.csv",
    "freq.csv",
    "freq_by_document.csv",
    "stems.csv",
    "ocr_suspects.csv",
];

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `corpus-lens args...` with `cwd` as the working directory.
fn run_in<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("could not start corpus-lens");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs and asserts exit 0; returns the run.
fn run_ok<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let run = run_in(cwd, args);
    assert_eq!(run.code, Some(0), "expected success: {run:?}");
    run
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

/// Names of the entries of `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file of `dir` (not recursive) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    entries(dir)
        .into_iter()
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

/// A failed run must leave nothing behind: the out dir is absent, or holds no table and no
/// temporary file.
fn assert_no_partial_output(out: &Path) {
    if !out.exists() {
        return;
    }
    let names = entries(out);
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with(".csv") || n.starts_with('.')),
        "partial output left in {}: {names:?}",
        out.display()
    );
}

/// The header line a table must start with, from the library's schema.
fn header_of(schema: &Schema) -> String {
    schema.column_names().join(",")
}

fn schema_of(file: &str) -> &'static Schema {
    tables::ALL
        .iter()
        .copied()
        .find(|s| s.file == file)
        .unwrap_or_else(|| panic!("no schema for {file}"))
}

/// A parsed CSV table.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// Reads a CSV file with the `csv` crate; every record must have as many fields as the
    /// header (the reader is not flexible, and the lengths are checked again here).
    fn read(path: &Path) -> Table {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_path(path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let header: Vec<String> = reader
            .headers()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.unwrap_or_else(|e| panic!("{} record {i}: {e}", path.display()));
            assert_eq!(
                record.len(),
                header.len(),
                "{} record {i} has {} fields, header has {}",
                path.display(),
                record.len(),
                header.len()
            );
            rows.push(record.iter().map(str::to_string).collect());
        }
        Table { header, rows }
    }

    fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// The value of column `name` in `row`.
    fn get<'a>(&self, row: &'a [String], name: &str) -> &'a str {
        &row[self.column(name)]
    }

    /// The first row whose column `key` is `value`.
    fn row(&self, key: &str, value: &str) -> &[String] {
        let k = self.column(key);
        self.rows
            .iter()
            .find(|r| r[k] == value)
            .unwrap_or_else(|| panic!("no row with {key} = {value}"))
    }

    fn has_row(&self, key: &str, value: &str) -> bool {
        let k = self.column(key);
        self.rows.iter().any(|r| r[k] == value)
    }

    fn values(&self, name: &str) -> Vec<&str> {
        let k = self.column(name);
        self.rows.iter().map(|r| r[k].as_str()).collect()
    }

    fn int(&self, row: &[String], name: &str) -> u64 {
        let v = self.get(row, name);
        v.parse()
            .unwrap_or_else(|e| panic!("{name} = {v:?} is not an integer: {e}"))
    }

    fn float(&self, row: &[String], name: &str) -> f64 {
        let v = self.get(row, name);
        v.parse()
            .unwrap_or_else(|e| panic!("{name} = {v:?} is not a float: {e}"))
    }
}

/// Asserts that `out` holds exactly the five tables, each starting with its schema's header,
/// and nothing else (in particular no temporary `.*.tmp` file).
fn assert_exactly_the_tables(out: &Path) {
    assert_eq!(entries(out), sorted(&TABLES), "files in {}", out.display());
    for file in TABLES {
        let text = fs::read_to_string(out.join(file)).unwrap();
        let first = text.lines().next().unwrap_or("");
        assert_eq!(first, header_of(schema_of(file)), "header of {file}");
        assert!(text.ends_with('\n'), "{file} does not end with a newline");
    }
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn assert_close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-12, "{what}: got {got}, want {want}");
}

/// Documents in the shipped manifest.
fn default_document_count() -> usize {
    fs::read_to_string(DEFAULT_MANIFEST)
        .unwrap()
        .lines()
        .filter(|l| l.trim() == "[[document]]")
        .count()
}

/// The stderr summary line: "corpus-lens: N documents, T tokens, X MB in S s (R MB/s); ...".
/// Returns (documents, tokens).
fn parse_summary_line(stderr: &str) -> (u64, u64) {
    let line = stderr
        .lines()
        .find(|l| l.contains("MB/s"))
        .unwrap_or_else(|| panic!("no summary line with MB/s on stderr: {stderr:?}"));
    let rest = line
        .strip_prefix("corpus-lens: ")
        .unwrap_or_else(|| panic!("summary line without prefix: {line:?}"));
    let words: Vec<&str> = rest.split_whitespace().collect();
    assert!(matches!(words[1], "document," | "documents,"), "{line}");
    assert_eq!(words[3], "tokens,", "{line}");
    (words[0].parse().unwrap(), words[2].parse().unwrap())
}

// ---------------------------------------------------------------------------------------------

mod default_corpus {
    use super::*;

    /// The same corpus at 1, 2 and 8 threads gives byte-identical tables. Run from a folder
    /// without `corpora/manifest.toml`, so the binary falls back to the source tree's corpus.
    #[test]
    fn tables_are_identical_at_any_thread_count() {
        let dir = tempdir();
        assert!(!dir.path().join("corpora/manifest.toml").exists());
        let mut outputs = Vec::new();
        for threads in ["1", "2", "8"] {
            let out = format!("out{threads}");
            run_ok(dir.path(), ["analyze", "--threads", threads, "--out", &out]);
            outputs.push(snapshot(&dir.path().join(&out)));
        }
        let first = &outputs[0];
        assert_eq!(
            first.keys().cloned().collect::<Vec<_>>(),
            sorted(&TABLES),
            "tables written at --threads 1"
        );
        for (threads, other) in ["2", "8"].iter().zip(&outputs[1..]) {
            assert_eq!(
                other.keys().collect::<Vec<_>>(),
                first.keys().collect::<Vec<_>>(),
                "files at --threads {threads}"
            );
            for (name, bytes) in first {
                assert!(
                    bytes == &other[name],
                    "{name} differs between --threads 1 and --threads {threads}"
                );
            }
        }
        // Not trivially identical: the tables hold the whole corpus.
        assert!(first["freq.csv"].len() > 100_000);
        let summary = String::from_utf8(first["corpus_summary.csv"].clone()).unwrap();
        assert_eq!(summary.lines().count(), 1 + default_document_count());
    }

    /// With no input and no --out, `analyze` reads the shipped corpus and writes exactly the
    /// five tables into ./out, with schema headers, no temporary files, and a summary line.
    #[test]
    fn default_run_writes_exactly_the_five_tables() {
        let dir = tempdir();
        let run = run_ok(dir.path(), ["analyze"]);
        let out = dir.path().join("out");
        assert_exactly_the_tables(&out);
        assert_eq!(entries(dir.path()), ["out"], "nothing written outside out/");
        assert_eq!(run.stdout, "", "tables go to files, not stdout");

        let (documents, tokens) = parse_summary_line(&run.stderr);
        assert_eq!(documents as usize, default_document_count());
        assert!(run.stderr.contains(" documents, "), "{}", run.stderr);
        assert!(run.stderr.contains(" tokens, "), "{}", run.stderr);
        assert!(run.stderr.contains(" MB/s)"), "{}", run.stderr);
        assert!(run.stderr.contains("5 tables in out"), "{}", run.stderr);

        // The token count on stderr is the sum of corpus_summary.csv's tokens column, and the
        // summary names the shipped files.
        let summary = Table::read(&out.join("corpus_summary.csv"));
        let sum: u64 = summary.rows.iter().map(|r| summary.int(r, "tokens")).sum();
        assert_eq!(sum, tokens);
        let first = &summary.rows[0];
        assert_eq!(summary.get(first, "document"), "trotsky1918");
        let path = PathBuf::from(summary.get(first, "path"));
        assert!(path.is_file(), "{}", path.display());
        assert!(
            path.starts_with(env!("CARGO_MANIFEST_DIR")),
            "{}",
            path.display()
        );
    }

    /// Every table of the shipped corpus reads back with the `csv` crate, with as many fields
    /// per row as in the header; the counts agree across tables.
    #[test]
    fn every_table_reads_back_with_the_csv_crate() {
        let dir = tempdir();
        run_ok(
            dir.path(),
            ["analyze", DEFAULT_MANIFEST, "--out", "out", "-q"],
        );
        let out = dir.path().join("out");
        let mut read = BTreeMap::new();
        for file in TABLES {
            let table = Table::read(&out.join(file));
            assert_eq!(table.header, schema_of(file).column_names(), "{file}");
            read.insert(file, table);
        }
        let summary = &read["corpus_summary.csv"];
        let freq = &read["freq.csv"];
        let by_doc = &read["freq_by_document.csv"];
        let stems = &read["stems.csv"];
        assert_eq!(summary.rows.len(), default_document_count());
        assert!(freq.rows.len() > 1000 && by_doc.rows.len() > freq.rows.len());

        // Without stopwords or --min-freq, every counted token is in exactly one row.
        let tokens: u64 = summary.rows.iter().map(|r| summary.int(r, "tokens")).sum();
        let freq_sum: u64 = freq.rows.iter().map(|r| freq.int(r, "freq")).sum();
        let by_doc_sum: u64 = by_doc.rows.iter().map(|r| by_doc.int(r, "freq")).sum();
        let stem_sum: u64 = stems.rows.iter().map(|r| stems.int(r, "freq")).sum();
        assert_eq!((freq_sum, by_doc_sum, stem_sum), (tokens, tokens, tokens));
        let types: u64 = freq.rows.len() as u64;
        let form_sum: u64 = stems.rows.iter().map(|r| stems.int(r, "n_forms")).sum();
        assert_eq!(form_sum, types);
        for row in &summary.rows {
            let id = summary.get(row, "document");
            let doc_rows = by_doc
                .rows
                .iter()
                .filter(|r| by_doc.get(r, "document") == id);
            let (n, sum) = doc_rows.fold((0, 0), |(n, s), r| (n + 1, s + by_doc.int(r, "freq")));
            assert_eq!(sum, summary.int(row, "tokens"), "tokens of {id}");
            assert_eq!(n, summary.int(row, "types"), "types of {id}");
        }
        // freq.csv is sorted by freq descending, then word ascending.
        for pair in freq.rows.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let key = |r: &[String]| {
                (
                    std::cmp::Reverse(freq.int(r, "freq")),
                    freq.get(r, "word").to_string(),
                )
            };
            assert!(key(a) < key(b), "freq.csv out of order at {a:?} / {b:?}");
        }
        assert_eq!(freq.get(&freq.rows[0], "word"), "the");
        // Floats are empty or finite numbers.
        for row in &freq.rows {
            for col in ["per_million", "range_pct", "dp", "dp_norm", "juilland_d"] {
                let v = freq.get(row, col);
                assert!(
                    v.is_empty() || v.parse::<f64>().is_ok_and(f64::is_finite),
                    "{col} = {v:?}"
                );
            }
            let dp = freq.float(row, "dp");
            assert!((0.0..=1.0).contains(&dp), "dp {dp} of {row:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------

mod bad_input {
    use super::*;

    /// Runs `analyze <args> --out out` in `dir`; asserts exit 1, an error line on stderr
    /// holding every `needle`, and no partial output. Returns stderr.
    fn fails(dir: &Path, args: &[&str], needles: &[&str]) -> String {
        let mut all = vec!["analyze"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--out", "out"]);
        let run = run_in(dir, &all);
        assert_eq!(run.code, Some(1), "expected exit 1 for {args:?}: {run:?}");
        assert!(
            run.stderr.starts_with("corpus-lens: error: "),
            "stderr: {}",
            run.stderr
        );
        for needle in needles {
            assert!(
                run.stderr.contains(needle),
                "stderr for {args:?} lacks {needle:?}: {}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains("MB/s"), "no summary after an error");
        assert_no_partial_output(&dir.join("out"));
        run.stderr
    }

    #[test]
    fn missing_path() {
        let dir = tempdir();
        fails(
            dir.path(),
            &["nowhere/missing.txt"],
            &["nowhere/missing.txt", "no such file"],
        );
        // A missing file after a good one still fails as a whole.
        fs::write(dir.path().join("good.txt"), "Good text.\n").unwrap();
        fails(dir.path(), &["good.txt", "gone.txt"], &["gone.txt"]);
    }

    #[test]
    fn empty_file() {
        let dir = tempdir();
        fs::write(dir.path().join("empty.txt"), "").unwrap();
        fails(dir.path(), &["empty.txt"], &["empty.txt", "empty"]);
        // Only whitespace is empty too.
        fs::write(dir.path().join("blank.txt"), " \n\n\t\n").unwrap();
        fails(dir.path(), &["blank.txt"], &["blank.txt", "empty"]);
    }

    #[test]
    fn directory_without_text_files() {
        let dir = tempdir();
        let texts = dir.path().join("texts");
        fs::create_dir_all(texts.join("sub")).unwrap();
        fs::write(texts.join("notes.md"), "Not a text file.").unwrap();
        fs::write(texts.join("sub/data.csv"), "a,b\n").unwrap();
        // Hidden files are skipped, so this does not count either.
        fs::write(texts.join(".hidden.txt"), "Hidden text.").unwrap();
        fails(dir.path(), &["texts"], &["texts", "no text files"]);
    }

    #[test]
    fn invalid_utf8_names_file_byte_and_line() {
        let dir = tempdir();
        // "Good text." is bytes 0..10, '\n' 10, '\n' 11, "Bad " 12..16: 0xFF is byte 16,
        // after two line breaks, so on line 3.
        let bytes = b"Good text.\n\nBad \xFF here\n";
        assert_eq!(bytes.iter().position(|&b| b == 0xFF), Some(16));
        fs::write(dir.path().join("bad.txt"), bytes).unwrap();
        fails(
            dir.path(),
            &["bad.txt"],
            &["bad.txt", "invalid UTF-8", "byte 16", "line 3", "--lossy"],
        );
        // Offsets are file offsets: a UTF-8 byte-order mark (3 bytes) moves the bad byte to 19.
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(bytes);
        fs::write(dir.path().join("bom.txt"), &with_bom).unwrap();
        fails(dir.path(), &["bom.txt"], &["bom.txt", "byte 19", "line 3"]);
        // CRLF line ends: "Good text.\r\n\r\nBad " is 18 bytes; still line 3.
        fs::write(
            dir.path().join("crlf.txt"),
            b"Good text.\r\n\r\nBad \xFF here\r\n",
        )
        .unwrap();
        fails(
            dir.path(),
            &["crlf.txt"],
            &["crlf.txt", "byte 18", "line 3"],
        );
    }

    #[test]
    fn invalid_utf8_with_lossy_is_replaced_and_counted() {
        let dir = tempdir();
        let bytes = b"Good text.\n\nBad \xFF here\n";
        fs::write(dir.path().join("bad.txt"), bytes).unwrap();
        fs::write(dir.path().join("fine.txt"), "Fine text.\n").unwrap();
        run_ok(
            dir.path(),
            ["analyze", "bad.txt", "fine.txt", "--lossy", "--out", "out"],
        );
        let out = dir.path().join("out");
        assert_exactly_the_tables(&out);
        let summary = Table::read(&out.join("corpus_summary.csv"));
        let bad = summary.row("document", "bad");
        assert_eq!(summary.int(bad, "replaced_bytes"), 1);
        assert_eq!(summary.int(bad, "bytes"), bytes.len() as u64);
        // Good, text, Bad, here: the replacement character is not a word.
        assert_eq!(summary.int(bad, "tokens"), 4);
        assert_eq!(summary.int(bad, "paragraphs"), 2);
        let fine = summary.row("document", "fine");
        assert_eq!(summary.int(fine, "replaced_bytes"), 0);
        // The file itself is not repaired.
        assert_eq!(fs::read(dir.path().join("bad.txt")).unwrap(), bytes);
    }

    #[test]
    fn binary_file_with_nul_byte() {
        let dir = tempdir();
        // "Some text\n" is 10 bytes: the NUL is byte 10, on line 2.
        fs::write(dir.path().join("image.txt"), b"Some text\n\x00\x01\x02\x03").unwrap();
        fails(
            dir.path(),
            &["image.txt"],
            &["image.txt", "NUL byte at byte 10", "line 2", "binary"],
        );
        // After a UTF-8 byte-order mark (3 bytes) and "ab\n", the NUL is file byte 6.
        fs::write(dir.path().join("bom.txt"), b"\xEF\xBB\xBFab\n\x00").unwrap();
        fails(dir.path(), &["bom.txt"], &["bom.txt", "byte 6", "line 2"]);
    }

    #[test]
    fn malformed_manifest_names_line_and_column() {
        let dir = tempdir();
        fs::write(dir.path().join("a.txt"), "Some text.\n").unwrap();
        // Line 3, `path = a.txt`: the unquoted value starts at column 8.
        fs::write(
            dir.path().join("m.toml"),
            "[[document]]\nid = \"a\"\npath = a.txt\n",
        )
        .unwrap();
        fails(
            dir.path(),
            &["m.toml"],
            &["m.toml:3:8:", "malformed manifest"],
        );
        // An unknown field is named, with its line.
        fs::write(
            dir.path().join("m2.toml"),
            "[[document]]\nid = \"a\"\npath = \"a.txt\"\ncolour = 1\n",
        )
        .unwrap();
        fails(dir.path(), &["m2.toml"], &["m2.toml:4:", "colour"]);
    }

    #[test]
    fn manifest_with_duplicate_id_or_missing_file() {
        let dir = tempdir();
        fs::write(dir.path().join("a.txt"), "Some text.\n").unwrap();
        // The second `id = "a"` is on line 6; its value starts at column 6.
        fs::write(
            dir.path().join("dup.toml"),
            "[[document]]\nid = \"a\"\npath = \"a.txt\"\n\n[[document]]\nid = \"a\"\npath = \"a.txt\"\n",
        )
        .unwrap();
        fails(
            dir.path(),
            &["dup.toml"],
            &["dup.toml:6:6:", "duplicate document id 'a'"],
        );
        // `path = "b.txt"` is line 3; the string starts at column 8.
        fs::write(
            dir.path().join("missing.toml"),
            "[[document]]\nid = \"b\"\npath = \"b.txt\"\n",
        )
        .unwrap();
        fails(
            dir.path(),
            &["missing.toml"],
            &["missing.toml:3:8:", "b.txt", "not found"],
        );
        // A manifest without documents.
        fs::write(dir.path().join("none.toml"), "# nothing here\n").unwrap();
        fails(
            dir.path(),
            &["none.toml"],
            &["none.toml:1:1:", "no documents"],
        );
    }

    #[test]
    fn utf16_file_with_bom() {
        let dir = tempdir();
        // "Hi.\n" in UTF-16 little endian, and big endian.
        fs::write(dir.path().join("le.txt"), b"\xFF\xFEH\x00i\x00.\x00\n\x00").unwrap();
        fs::write(dir.path().join("be.txt"), b"\xFE\xFF\x00H\x00i\x00.\x00\n").unwrap();
        fails(dir.path(), &["le.txt"], &["le.txt", "UTF-16"]);
        fails(dir.path(), &["be.txt"], &["be.txt", "UTF-16"]);
    }

    /// Offsets and lines stay right past the reader's 4 MiB block.
    #[test]
    fn offsets_past_the_first_block() {
        let dir = tempdir();
        let paragraph = b"Line of text number.\n\n"; // 22 bytes, 2 line breaks
        let n = 220_000; // 4,840,000 bytes > 4 MiB (4,194,304)
        let mut bytes = paragraph.repeat(n);
        let bad_at = bytes.len() + 4;
        bytes.extend_from_slice(b"Bad \xFF here\n");
        fs::write(dir.path().join("big.txt"), &bytes).unwrap();
        let (byte, line) = (format!("byte {bad_at} "), format!("line {}", 2 * n + 1));
        fails(dir.path(), &["big.txt"], &["big.txt", &byte, &line]);

        let mut bytes = paragraph.repeat(n);
        let nul_at = bytes.len() + 3;
        bytes.extend_from_slice(b"abc\x00def\n");
        fs::write(dir.path().join("bignul.txt"), &bytes).unwrap();
        let (byte, line) = (format!("byte {nul_at} "), format!("line {}", 2 * n + 1));
        fails(
            dir.path(),
            &["bignul.txt"],
            &["bignul.txt", "NUL", &byte, &line],
        );
    }

    /// Bad usage exits 2 (clap's code), before anything is read or written.
    #[test]
    fn bad_usage_exits_2() {
        let dir = tempdir();
        fs::write(dir.path().join("a.txt"), "Some text.\n").unwrap();
        let cases: [(&[&str], &str); 6] = [
            (
                &["analyze", "a.txt", "--threads", "0", "--out", "out"],
                "--threads",
            ),
            (&["analyze", "a.txt", "-j", "0", "--out", "out"], "0"),
            (&["analyze", "a.txt", "--bogus", "--out", "out"], "--bogus"),
            (&["frobnicate", "a.txt", "--out", "out"], "frobnicate"),
            (
                &["analyze", "a.txt", "--min-freq", "many", "--out", "out"],
                "--min-freq",
            ),
            (&[], "Usage"),
        ];
        for (args, needle) in cases {
            let run = run_in(dir.path(), args);
            assert_eq!(run.code, Some(2), "{args:?}: {run:?}");
            assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
            assert!(!dir.path().join("out").exists(), "{args:?} created out/");
        }
    }

    /// A failing run leaves the tables of the previous successful run byte for byte.
    #[test]
    fn failure_keeps_previous_tables() {
        let dir = tempdir();
        let d = dir.path();
        fs::write(d.join("good.txt"), "The Soviet met.\n\nThe Cadets left.\n").unwrap();
        fs::write(d.join("empty.txt"), "").unwrap();
        fs::write(d.join("bad.txt"), b"Good text.\n\nBad \xFF here\n").unwrap();
        fs::write(d.join("bin.txt"), b"Some text\n\x00").unwrap();
        fs::write(d.join("utf16.txt"), b"\xFF\xFEH\x00i\x00").unwrap();
        fs::write(
            d.join("m.toml"),
            "[[document]]\nid = \"a\"\npath = good.txt\n",
        )
        .unwrap();
        fs::create_dir(d.join("nothing")).unwrap();
        run_ok(d, ["analyze", "good.txt", "--out", "out"]);
        let out = d.join("out");
        assert_exactly_the_tables(&out);
        let before = snapshot(&out);
        let failing: [&[&str]; 8] = [
            &["missing.txt"],
            &["empty.txt"],
            &["bad.txt"],
            &["bin.txt"],
            &["utf16.txt"],
            &["m.toml"],
            &["nothing"],
            &["good.txt", "bad.txt"],
        ];
        for inputs in failing {
            let mut args = vec!["analyze"];
            args.extend_from_slice(inputs);
            args.extend_from_slice(&["--out", "out"]);
            let run = run_in(d, &args);
            assert_eq!(run.code, Some(1), "{inputs:?}: {run:?}");
            assert_eq!(
                snapshot(&out),
                before,
                "{inputs:?} changed the previous tables"
            );
        }
        let run = run_in(d, ["analyze", "good.txt", "--threads", "0", "--out", "out"]);
        assert_eq!(run.code, Some(2));
        assert_eq!(snapshot(&out), before);
    }
}

// ---------------------------------------------------------------------------------------------

mod inputs {
    use super::*;

    /// Bytes and modification time of a file.
    fn fingerprint(path: &Path) -> (Vec<u8>, SystemTime, u32) {
        use std::os::unix::fs::PermissionsExt;
        let meta = fs::metadata(path).unwrap();
        (
            fs::read(path).unwrap(),
            meta.modified().unwrap(),
            meta.permissions().mode(),
        )
    }

    #[test]
    fn inputs_are_never_modified() {
        let dir = tempdir();
        let d = dir.path();
        fs::create_dir(d.join("texts")).unwrap();
        fs::create_dir(d.join("other")).unwrap();
        let files: [(&str, &[u8]); 6] = [
            ("other/b.txt", b"Another text, read through the manifest.\n"),
            (
                "texts/a.txt",
                b"The Soviet met.\n\nThe Cadets left in 1917.\n",
            ),
            (
                "texts/bom.txt",
                b"\xEF\xBB\xBFA text with a byte-order mark.\r\n",
            ),
            ("texts/lossy.txt", b"Good text.\n\nBad \xFF here\n"),
            (
                "texts/noise.txt",
                b"thc r8le infantryMeanwhile \xE2\x80\x9cquoted\xE2\x80\x9d\n",
            ),
            (
                "m.toml",
                b"[[document]]\nid = \"m\"\npath = \"other/b.txt\"\nyear = 1917\n",
            ),
        ];
        // An old modification time, so that any write would show.
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        for (name, bytes) in files {
            let path = d.join(name);
            fs::write(&path, bytes).unwrap();
            let file = fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(old).unwrap();
        }
        let before: Vec<_> = files.iter().map(|(n, _)| fingerprint(&d.join(n))).collect();
        run_ok(d, ["analyze", "texts", "m.toml", "--lossy", "--out", "out"]);
        run_ok(
            d,
            ["freq", "texts/a.txt", "--out", "out2", "--keep-numbers"],
        );
        for ((name, bytes), was) in files.iter().zip(&before) {
            let now = fingerprint(&d.join(name));
            assert_eq!(&now.0, bytes, "{name} bytes changed");
            assert_eq!(now.1, old, "{name} modification time changed");
            assert_eq!(&now, was, "{name} changed");
        }
        assert_eq!(
            entries(&d.join("texts")),
            ["a.txt", "bom.txt", "lossy.txt", "noise.txt"]
        );
    }

    /// An input named like a table, inside the out dir: refused, and left alone.
    #[test]
    fn output_that_would_overwrite_an_input_is_refused() {
        let dir = tempdir();
        let d = dir.path();
        fs::create_dir(d.join("out")).unwrap();
        let prose = "The Soviet met in the evening.\n\nThe Cadets left the hall.\n";
        fs::write(d.join("out/freq.csv"), prose).unwrap();
        let run = run_in(d, ["analyze", "out/freq.csv", "--out", "out"]);
        assert_eq!(run.code, Some(1), "{run:?}");
        assert!(
            run.stderr.contains("would overwrite an input"),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("freq.csv"), "{}", run.stderr);
        assert_eq!(fs::read_to_string(d.join("out/freq.csv")).unwrap(), prose);
        // Nothing else was written: no other table, no temporary file.
        assert_eq!(entries(&d.join("out")), ["freq.csv"]);

        // The same through an absolute path and a manifest.
        fs::write(
            d.join("m.toml"),
            "[[document]]\nid = \"prose\"\npath = \"out/freq.csv\"\n",
        )
        .unwrap();
        let abs = d.join("out");
        let run = run_in(
            d,
            [
                OsStr::new("analyze"),
                OsStr::new("m.toml"),
                OsStr::new("--out"),
                abs.as_os_str(),
            ],
        );
        assert_eq!(run.code, Some(1), "{run:?}");
        assert!(
            run.stderr.contains("would overwrite an input"),
            "{}",
            run.stderr
        );
        assert_eq!(fs::read_to_string(d.join("out/freq.csv")).unwrap(), prose);
        assert_eq!(entries(&d.join("out")), ["freq.csv"]);
    }

    /// The stopword list is an input too and must not be overwritten by a table.
    /// Known bug: src/main.rs passes only the documents' paths to `OutputDir::create`, so
    /// `--stopwords out/stems.csv --out out` silently replaces the stopword file.
    #[test]
    fn stopword_file_is_never_overwritten() {
        let dir = tempdir();
        let d = dir.path();
        fs::write(d.join("a.txt"), "Some text the.\n").unwrap();
        fs::create_dir(d.join("out")).unwrap();
        fs::write(d.join("out/stems.csv"), "the\nof\n").unwrap();
        let run = run_in(
            d,
            [
                "analyze",
                "a.txt",
                "--stopwords",
                "out/stems.csv",
                "--out",
                "out",
            ],
        );
        assert_eq!(run.code, Some(1), "{run:?}");
        assert!(
            run.stderr.contains("would overwrite an input"),
            "{}",
            run.stderr
        );
        assert_eq!(
            fs::read_to_string(d.join("out/stems.csv")).unwrap(),
            "the\nof\n"
        );
        assert_eq!(entries(&d.join("out")), ["stems.csv"]);
    }

    /// --out naming an existing file (here the input itself) fails and leaves it alone.
    #[test]
    fn out_that_is_a_file_is_refused() {
        let dir = tempdir();
        let d = dir.path();
        fs::write(d.join("a.txt"), "Some text.\n").unwrap();
        let run = run_in(d, ["analyze", "a.txt", "--out", "a.txt"]);
        assert_eq!(run.code, Some(2), "{run:?}");
        assert!(
            run.stderr.contains("a.txt: --out must be a folder"),
            "{}",
            run.stderr
        );
        assert_eq!(fs::read_to_string(d.join("a.txt")).unwrap(), "Some text.\n");
        assert_eq!(entries(d), ["a.txt"]);
    }

    /// A folder gives its *.txt files, recursively, sorted by path, ids = file stems.
    #[test]
    fn folder_gives_its_text_files_sorted_by_path() {
        let dir = tempdir();
        let d = dir.path();
        fs::create_dir_all(d.join("texts/a_sub")).unwrap();
        // By path a_sub/zeta.txt comes before beta.txt; by id it would be the other way.
        fs::write(d.join("texts/a_sub/zeta.txt"), "Zeta text here.\n").unwrap();
        fs::write(d.join("texts/beta.txt"), "Beta text.\n\nMore beta.\n").unwrap();
        fs::write(d.join("texts/readme.md"), "Not read.\n").unwrap();
        fs::write(d.join("texts/.hidden.txt"), "Not read either.\n").unwrap();
        run_ok(d, ["analyze", "texts", "--out", "out"]);
        let summary = Table::read(&d.join("out/corpus_summary.csv"));
        assert_eq!(summary.values("document"), ["zeta", "beta"]);
        assert_eq!(
            summary.values("path"),
            ["texts/a_sub/zeta.txt", "texts/beta.txt"]
        );
        assert_eq!(summary.values("tokens"), ["3", "4"]);
        assert_eq!(summary.values("paragraphs"), ["1", "2"]);
        let by_doc = Table::read(&d.join("out/freq_by_document.csv"));
        let docs: Vec<&str> = by_doc.values("document");
        assert!(docs.iter().all(|&x| x == "zeta" || x == "beta"));
        assert!(docs.iter().position(|&x| x == "beta") > docs.iter().rposition(|&x| x == "zeta"));
        let freq = Table::read(&d.join("out/freq.csv"));
        let text = freq.row("word", "text");
        assert_eq!(
            (freq.int(text, "freq"), freq.int(text, "n_documents")),
            (2, 2)
        );
    }

    /// A plain text file works, whatever its extension; the id is its stem.
    #[test]
    fn plain_text_file() {
        let dir = tempdir();
        let d = dir.path();
        fs::write(d.join("memoir.text"), "Petrograd was cold.\n").unwrap();
        run_ok(d, ["analyze", "memoir.text", "--out", "out"]);
        let summary = Table::read(&d.join("out/corpus_summary.csv"));
        assert_eq!(summary.values("document"), ["memoir"]);
        assert_eq!(summary.values("tokens"), ["3"]);
        assert_eq!(summary.values("bytes"), ["20"]);
        assert_eq!(summary.values("title"), [""]);
        assert_eq!(summary.values("year"), [""]);
    }

    /// Manifest paths are relative to the manifest's folder, and the metadata lands in the
    /// summary.
    #[test]
    fn manifest_with_relative_paths() {
        let dir = tempdir();
        let d = dir.path();
        fs::create_dir_all(d.join("corpus/texts")).unwrap();
        fs::write(
            d.join("corpus/texts/reed.txt"),
            "Ten days shook the world.\n",
        )
        .unwrap();
        fs::write(
            d.join("corpus/m.toml"),
            "[[document]]\nid = \"reed1919\"\npath = \"texts/reed.txt\"\ntitle = \"Ten Days\"\n\
             author = \"John Reed\"\nyear = 1919\nlanguage = \"en\"\nauthor_faction = \"bolsheviks\"\n",
        )
        .unwrap();
        // From the manifest's folder and from its parent.
        for (cwd, manifest, path) in [
            (d.join("corpus"), "m.toml", "texts/reed.txt"),
            (d.to_path_buf(), "corpus/m.toml", "corpus/texts/reed.txt"),
        ] {
            run_ok(&cwd, ["analyze", manifest, "--out", "out"]);
            let summary = Table::read(&cwd.join("out/corpus_summary.csv"));
            assert_eq!(summary.rows.len(), 1);
            let row = &summary.rows[0];
            let got: Vec<&str> = [
                "document",
                "title",
                "author",
                "year",
                "language",
                "author_faction",
                "path",
                "tokens",
            ]
            .iter()
            .map(|c| summary.get(row, c))
            .collect();
            assert_eq!(
                got,
                [
                    "reed1919",
                    "Ten Days",
                    "John Reed",
                    "1919",
                    "en",
                    "bolsheviks",
                    path,
                    "5"
                ]
            );
        }
    }

    /// A local corpora/manifest.toml takes precedence over the shipped one.
    #[test]
    fn local_default_manifest_is_preferred() {
        let dir = tempdir();
        let d = dir.path();
        fs::create_dir(d.join("corpora")).unwrap();
        fs::write(d.join("corpora/local.txt"), "Only this.\n").unwrap();
        fs::write(
            d.join("corpora/manifest.toml"),
            "[[document]]\nid = \"local\"\npath = \"local.txt\"\n",
        )
        .unwrap();
        run_ok(d, ["analyze", "-q"]);
        let summary = Table::read(&d.join("out/corpus_summary.csv"));
        assert_eq!(summary.values("document"), ["local"]);
        assert_eq!(summary.values("path"), ["corpora/local.txt"]);
    }
}

// ---------------------------------------------------------------------------------------------

mod counting {
    use super::*;

    /// Two paragraphs, written by hand:
    ///   P1 "The Soviet met. The soviet voted!"  tokens The Soviet met The soviet voted = 6,
    ///      sentences "The Soviet met." + "The soviet voted!" = 2;
    ///   P2 "The Cadets left in 1917."           tokens The Cadets left in = 4 (1917 is a
    ///      number token, not counted), sentences 1.
    /// So paragraphs = 2, sentences = 2 + 1 = 3, tokens = 6 + 4 = 10, number_tokens = 1,
    /// types = {the, soviet, met, voted, cadets, left, in} = 7.
    const TEXT: &str = "The Soviet met. The soviet voted!\n\nThe Cadets left in 1917.\n";

    fn analyze_text(extra: &[&str]) -> (tempfile::TempDir, Run) {
        let dir = tempdir();
        fs::write(dir.path().join("tiny.txt"), TEXT).unwrap();
        let mut args = vec!["analyze", "tiny.txt", "--out", "out"];
        args.extend_from_slice(extra);
        let run = run_ok(dir.path(), &args);
        (dir, run)
    }

    #[test]
    fn corpus_summary_by_hand() {
        let (dir, run) = analyze_text(&[]);
        let summary = Table::read(&dir.path().join("out/corpus_summary.csv"));
        assert_eq!(summary.rows.len(), 1);
        let row = &summary.rows[0];
        let ints = [
            ("bytes", TEXT.len() as u64),
            ("paragraphs", 2),
            ("sentences", 3),
            ("tokens", 10),
            ("types", 7),
            ("number_tokens", 1),
            ("ocr_suspect_tokens", 0),
            ("replaced_bytes", 0),
        ];
        for (col, want) in ints {
            assert_eq!(summary.int(row, col), want, "{col}");
        }
        assert_eq!(summary.get(row, "document"), "tiny");
        assert_eq!(summary.get(row, "path"), "tiny.txt");
        assert_eq!(parse_summary_line(&run.stderr), (1, 10));
    }

    /// freq.csv, every row: freq descending then word ascending; 1917 is not a word.
    ///
    /// Parts are the paragraphs, W = (6, 4), W = 10, s = (0.6, 0.4), k = 2.
    /// - `the`: T = 3, per paragraph (2, 1): v = (2/3, 1/3);
    ///   DP = 1/2 (|2/3 - 3/5| + |1/3 - 2/5|) = 1/2 (1/15 + 1/15) = 1/15;
    ///   DPnorm = DP / (1 - min s) = (1/15) / 0.6 = 1/9;
    ///   R = (2/6, 1/4), mean 7/24, sd_pop 1/24, CV = 1/7, D = 1 - (1/7)/sqrt(1) = 6/7.
    /// - `soviet`: T = 2, per paragraph (2, 0): v = (1, 0);
    ///   DP = 1/2 (|1 - 0.6| + |0 - 0.4|) = 0.4; DPnorm = 0.4 / 0.6 = 2/3;
    ///   R = (1/3, 0), mean 1/6, sd_pop 1/6, CV = 1, D = 1 - 1 = 0.
    /// - a word once in P1 (`met`, `voted`): v = (1, 0): DP = 0.4, like soviet.
    /// - a word once in P2 (`cadets`, `left`, `in`): v = (0, 1):
    ///   DP = 1/2 (0.6 + 0.6) = 0.6; DPnorm = 0.6 / 0.6 = 1; D = 0.
    ///
    /// per_million = freq / 10 * 1e6; range_pct = range / 2 * 100.
    #[test]
    fn freq_table_by_hand() {
        let (dir, _) = analyze_text(&[]);
        let freq = Table::read(&dir.path().join("out/freq.csv"));
        assert_eq!(
            freq.values("word"),
            ["the", "soviet", "cadets", "in", "left", "met", "voted"]
        );
        assert!(!freq.has_row("word", "1917"));
        // (word, freq, range); every word is in the one document.
        let counts = [
            ("the", 3, 2),
            ("soviet", 2, 1),
            ("cadets", 1, 1),
            ("in", 1, 1),
            ("left", 1, 1),
            ("met", 1, 1),
            ("voted", 1, 1),
        ];
        for (word, f, range) in counts {
            let row = freq.row("word", word);
            assert_eq!(freq.int(row, "freq"), f, "freq of {word}");
            assert_eq!(freq.int(row, "range"), range, "range of {word}");
            assert_eq!(freq.int(row, "n_documents"), 1, "n_documents of {word}");
        }
        // The float columns, worked out above.
        let columns = ["per_million", "range_pct", "dp", "dp_norm", "juilland_d"];
        let floats = [
            ("the", [300_000.0, 100.0, 1.0 / 15.0, 1.0 / 9.0, 6.0 / 7.0]),
            ("soviet", [200_000.0, 50.0, 0.4, 2.0 / 3.0, 0.0]),
            ("cadets", [100_000.0, 50.0, 0.6, 1.0, 0.0]),
            ("in", [100_000.0, 50.0, 0.6, 1.0, 0.0]),
            ("left", [100_000.0, 50.0, 0.6, 1.0, 0.0]),
            ("met", [100_000.0, 50.0, 0.4, 2.0 / 3.0, 0.0]),
            ("voted", [100_000.0, 50.0, 0.4, 2.0 / 3.0, 0.0]),
        ];
        for (word, values) in floats {
            let row = freq.row("word", word);
            for (column, want) in columns.iter().zip(values) {
                assert_close(
                    freq.float(row, column),
                    want,
                    &format!("{column} of {word}"),
                );
            }
        }
        // Exact text of the integer-valued cells (ryu prints whole floats with ".0").
        let the = freq.row("word", "the");
        assert_eq!(freq.get(the, "per_million"), "300000.0");
        assert_eq!(freq.get(the, "range_pct"), "100.0");

        // One document: freq_by_document.csv repeats the corpus figures for it.
        let by_doc = Table::read(&dir.path().join("out/freq_by_document.csv"));
        assert_eq!(by_doc.values("word"), freq.values("word"));
        assert!(by_doc.values("document").iter().all(|&d| d == "tiny"));
        let soviet = by_doc.row("word", "soviet");
        assert_eq!(
            (by_doc.int(soviet, "freq"), by_doc.int(soviet, "range")),
            (2, 1)
        );
        assert_close(by_doc.float(soviet, "dp"), 0.4, "document dp of soviet");
        assert_close(
            by_doc.float(soviet, "range_pct"),
            50.0,
            "document range_pct of soviet",
        );

        // stems.csv: the stems of the seven words; "voted" stems to "vote".
        let stems = Table::read(&dir.path().join("out/stems.csv"));
        assert_eq!(stems.rows.len(), 7);
        let vote = stems.row("stem", "vote");
        assert_eq!(
            (stems.int(vote, "freq"), stems.get(vote, "forms")),
            (1, "voted")
        );
        let soviet = stems.row("stem", "soviet");
        assert_eq!(
            (stems.int(soviet, "freq"), stems.int(soviet, "n_forms")),
            (2, 1)
        );

        // No OCR noise in this text: only the header.
        let ocr = fs::read_to_string(dir.path().join("out/ocr_suspects.csv")).unwrap();
        assert_eq!(ocr, format!("{}\n", header_of(&tables::OCR_SUSPECTS)));
    }

    /// With --keep-numbers, 1917 is a word: 11 tokens, and the shares change to
    /// W = (6, 5): soviet's DP = 1/2 (|1 - 6/11| + 5/11) = 5/11.
    #[test]
    fn keep_numbers_counts_1917() {
        let (dir, _) = analyze_text(&["--keep-numbers"]);
        let summary = Table::read(&dir.path().join("out/corpus_summary.csv"));
        let row = &summary.rows[0];
        assert_eq!(
            (
                summary.int(row, "tokens"),
                summary.int(row, "number_tokens")
            ),
            (11, 1)
        );
        let freq = Table::read(&dir.path().join("out/freq.csv"));
        let year = freq.row("word", "1917");
        assert_eq!((freq.int(year, "freq"), freq.int(year, "range")), (1, 1));
        let soviet = freq.row("word", "soviet");
        assert_close(freq.float(soviet, "dp"), 5.0 / 11.0, "dp of soviet");
    }

    /// Stopwords and --min-freq drop rows but not tokens: per_million keeps its denominator.
    #[test]
    fn stopwords_and_min_freq_filter_rows_only() {
        let (dir, _) = analyze_text(&["--stopwords", "english", "--min-freq", "2"]);
        let freq = Table::read(&dir.path().join("out/freq.csv"));
        assert_eq!(freq.values("word"), ["soviet"]);
        assert_close(
            freq.float(&freq.rows[0], "per_million"),
            200_000.0,
            "per_million",
        );
        let summary = Table::read(&dir.path().join("out/corpus_summary.csv"));
        assert_eq!(summary.int(&summary.rows[0], "tokens"), 10);
    }

    /// OCR suspects of a hand-made noisy paragraph.
    #[test]
    fn ocr_suspects_by_hand() {
        let dir = tempdir();
        fs::write(
            dir.path().join("scan.txt"),
            "thc r8le infantryMeanwhile of thc 1917.\n",
        )
        .unwrap();
        run_ok(dir.path(), ["analyze", "scan.txt", "--out", "out"]);
        let ocr = Table::read(&dir.path().join("out/ocr_suspects.csv"));
        let got: Vec<(&str, &str, &str)> = ocr
            .rows
            .iter()
            .map(|r| {
                (
                    ocr.get(r, "token"),
                    ocr.get(r, "count"),
                    ocr.get(r, "reason"),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("thc", "2", "known_misreading"),
                ("infantrymeanwhile", "1", "glued_words"),
                ("r8le", "1", "mixed_letters_digits"),
            ]
        );
        let summary = Table::read(&dir.path().join("out/corpus_summary.csv"));
        // thc, infantryMeanwhile, of, thc are words; r8le and 1917 are numbers.
        let row = &summary.rows[0];
        assert_eq!(summary.int(row, "tokens"), 4);
        assert_eq!(summary.int(row, "number_tokens"), 2);
        assert_eq!(summary.int(row, "ocr_suspect_tokens"), 4);
    }

    /// `freq` and `analyze` write the same tables today; -q silences the summary line.
    #[test]
    fn freq_subcommand_and_quiet() {
        let (dir, run) = analyze_text(&[]);
        assert!(run.stderr.contains("MB/s"));
        let quiet = run_ok(dir.path(), ["freq", "tiny.txt", "--out", "out_freq", "-q"]);
        assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
        assert_eq!(
            snapshot(&dir.path().join("out_freq")),
            snapshot(&dir.path().join("out"))
        );
    }
}

// ---------------------------------------------------------------------------------------------

mod help {
    use super::*;

    #[test]
    fn analyze_and_freq_help_show_examples() {
        let dir = tempdir();
        for (sub, example) in [
            ("analyze", "corpus-lens analyze memoirs/ --out tables"),
            ("freq", "corpus-lens freq reed.txt --stopwords english"),
        ] {
            let run = run_ok(dir.path(), [sub, "--help"]);
            assert!(
                run.stdout.contains("Examples:"),
                "{sub} --help: {}",
                run.stdout
            );
            assert!(run.stdout.contains(example), "{sub} --help: {}", run.stdout);
            assert!(
                run.stdout.contains("--threads"),
                "{sub} --help: {}",
                run.stdout
            );
            assert!(
                run.stdout.contains("--lossy"),
                "{sub} --help: {}",
                run.stdout
            );
        }
        let run = run_ok(dir.path(), ["help", "analyze"]);
        assert!(run.stdout.contains("Examples:"));
        assert!(entries(dir.path()).is_empty(), "help wrote files");
    }

    #[test]
    fn version_exits_0() {
        let dir = tempdir();
        let version = env!("CARGO_PKG_VERSION");
        for args in [&["--version"][..], &["-V"]] {
            let run = run_ok(dir.path(), args);
            assert_eq!(run.stdout, format!("corpus-lens {version}\n"), "{args:?}");
        }
        // The version propagates to subcommands (clap names them `corpus-lens-analyze`).
        let run = run_ok(dir.path(), ["analyze", "--version"]);
        assert_eq!(run.stdout, format!("corpus-lens-analyze {version}\n"));
        assert!(entries(dir.path()).is_empty(), "--version wrote files");
    }

    /// `schema` prints every table's columns, exactly as the library knows them.
    #[test]
    fn schema_matches_the_tables() {
        let dir = tempdir();
        let run = run_ok(dir.path(), ["schema"]);
        assert_eq!(run.stdout, tables::schema_markdown());
        for file in TABLES {
            let schema = schema_of(file);
            let heading = format!("### `{file}`");
            let section = run
                .stdout
                .split(&heading)
                .nth(1)
                .unwrap_or_else(|| panic!("no {heading}"));
            let section = section.split("### ").next().unwrap();
            let columns: Vec<&str> = section
                .lines()
                .filter_map(|l| l.strip_prefix("| `"))
                .filter_map(|l| l.split('`').next())
                .collect();
            assert_eq!(columns, schema.column_names(), "{file}");
        }
        assert_eq!(tables::ALL.len(), TABLES.len());
    }
}

// ---------------------------------------------------------------------------------------------

mod properties {
    use super::*;
    use proptest::prelude::*;

    const WORDS: &[&str] = &[
        "the",
        "Soviet",
        "soviet",
        "met",
        "Kerensky's",
        "counter-revolutionary",
        "1917",
        "r8le",
        "thc",
        "Petrograd",
        "Лenin",
        "war",
        "peace",
        "bread",
    ];

    fn paragraph() -> impl Strategy<Value = String> {
        prop::collection::vec((0..WORDS.len(), 0..6u8), 1..12).prop_map(|words| {
            let mut p = String::new();
            for (w, sep) in words {
                p.push_str(WORDS[w]);
                p.push_str(match sep {
                    0 => ". ",
                    1 => "\n",
                    2 => ", ",
                    _ => " ",
                });
            }
            p.trim_end().to_string()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 12,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Random small documents: the tables are identical at 1 and 3 threads, and every
        /// counted token is in exactly one freq.csv row.
        #[test]
        fn thread_count_never_changes_the_tables(
            docs in prop::collection::vec(prop::collection::vec(paragraph(), 1..40), 1..4)
        ) {
            let dir = tempdir();
            let mut names = Vec::new();
            for (i, paragraphs) in docs.iter().enumerate() {
                let name = format!("doc{i}.txt");
                fs::write(dir.path().join(&name), paragraphs.join("\n\n")).unwrap();
                names.push(name);
            }
            let mut snaps = Vec::new();
            for threads in ["1", "3"] {
                let out = format!("out{threads}");
                let mut args = vec!["analyze", "--threads", threads, "--out", &out, "-q"];
                args.extend(names.iter().map(String::as_str));
                let run = run_in(dir.path(), &args);
                prop_assert_eq!(run.code, Some(0), "{:?}", run);
                snaps.push(snapshot(&dir.path().join(&out)));
            }
            prop_assert_eq!(&snaps[0], &snaps[1]);
            let out = dir.path().join("out1");
            let summary = Table::read(&out.join("corpus_summary.csv"));
            let freq = Table::read(&out.join("freq.csv"));
            let tokens: u64 = summary.rows.iter().map(|r| summary.int(r, "tokens")).sum();
            let counted: u64 = freq.rows.iter().map(|r| freq.int(r, "freq")).sum();
            prop_assert_eq!(tokens, counted);
            let paragraphs: u64 = summary.rows.iter().map(|r| summary.int(r, "paragraphs")).sum();
            prop_assert_eq!(paragraphs, docs.iter().map(|d| d.len() as u64).sum::<u64>());
        }
    }
}

mod repeated_inputs {
    use super::*;

    /// The same file through two routes would be counted twice: refused as bad usage.
    #[test]
    fn the_same_file_twice_is_refused() {
        let dir = tempdir();
        let d = dir.path();
        fs::create_dir(d.join("texts")).unwrap();
        fs::write(d.join("texts/a.txt"), "Some text.\n").unwrap();
        for args in [
            vec!["analyze", "texts/a.txt", "texts/a.txt"],
            vec!["analyze", "texts", "texts/a.txt"],
        ] {
            let run = run_in(d, args);
            assert_eq!(run.code, Some(2), "{run:?}");
            assert!(
                run.stderr.contains("the same file is given twice"),
                "{}",
                run.stderr
            );
            assert!(!d.join("out").exists());
        }
    }

    /// A manifest entry whose path is a folder is reported at the manifest's line.
    #[test]
    fn manifest_path_that_is_a_folder() {
        let dir = tempdir();
        let d = dir.path();
        fs::create_dir(d.join("sub")).unwrap();
        fs::write(
            d.join("m.toml"),
            "[[document]]\nid = \"a\"\npath = \"sub\"\n",
        )
        .unwrap();
        let run = run_in(d, ["analyze", "m.toml"]);
        assert_eq!(run.code, Some(1), "{run:?}");
        assert!(run.stderr.contains("m.toml:3:8:"), "{}", run.stderr);
        assert!(run.stderr.contains("is a folder"), "{}", run.stderr);
    }
}
