//! Integration tests of the `corpus-lens` command: they run the real binary on real files and
//! check exit codes, messages, the files written (and not written) and their exact contents.

mod common;

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::{
    analyze_into_out, entries, header_of, join, run_err, run_in, run_ok, schema_of, tempdir,
    tempdir_with, write, Run, Table, ANALYZE_FILES, ANALYZE_TABLES, COMPARISON_TABLES, COOC_MATRIX,
    DEFAULT_MANIFEST, FRAMING_MATRIX, FRAMING_MENTIONS, FRAMING_TABLES, FREQ_TABLES, SCHEMA_FILE,
};
use corpus_lens::tables::{self, Schema};

/// Everything `freq` writes: the frequency tables and schema.csv.
const FREQ_FILES: [&str; 7] = join(&[&FREQ_TABLES, &[SCHEMA_FILE]]);

/// Every table, as `corpus-lens schema` lists them (`tables::ALL`): `analyze`'s, the opt-in
/// n-grams, lemmas, relations and faction actions, the `sentiment` and `evaluate` commands'
/// tables, and schema.csv itself.
const SCHEMA_TABLES: [&str; 24] = join(&[
    &ANALYZE_TABLES,
    &[
        COOC_MATRIX,
        "ngrams.csv",
        "lemmas.csv",
        "relations.csv",
        "sentiment.csv",
    ],
    &FRAMING_TABLES,
    &["faction_actions.csv", "faction_agency.csv"],
    &COMPARISON_TABLES,
    &["evaluation.csv", SCHEMA_FILE],
]);

/// The nodes `analyze` uses when no `--node` is given, in order.
const DEFAULT_NODES: [&str; 3] = ["coalitionist", "bourgeoisie", "soviet"];

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

/// Asserts that `out` holds exactly `files` and nothing else (in particular no temporary
/// `.*.tmp` file); each table's header fits its schema (any names where a placeholder such
/// as `<dimension>` is), every file reads back with the `csv` crate and ends with a newline,
/// and schema.csv lists exactly these files (tests/schema.rs checks its rows in full).
fn assert_exactly_the_files(out: &Path, files: &[&str]) {
    assert_eq!(entries(out), sorted(files), "files in {}", out.display());
    for &file in files {
        let text = fs::read_to_string(out.join(file)).unwrap();
        let table = Table::read(&out.join(file));
        assert!(
            schema_of(file).matches_header(&table.header),
            "header of {file}: {:?}",
            table.header
        );
        assert!(text.ends_with('\n'), "{file} does not end with a newline");
    }
    let schema = Table::read(&out.join(SCHEMA_FILE));
    let mut listed: Vec<&str> = schema.values("table");
    listed.dedup();
    assert_eq!(sorted(&listed), sorted(files), "tables in {SCHEMA_FILE}");
}

/// `analyze`'s output: the ten fixed-schema tables and the two matrices.
fn assert_analyze_output(out: &Path) {
    assert_exactly_the_files(out, &ANALYZE_FILES);
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

/// Runs `SUBCOMMAND --help` in `dir`; asserts that the help shows examples, `example` among
/// them, and every one of `options`.
fn assert_help_shows(dir: &Path, subcommand: &str, example: &str, options: &[&str]) {
    let run = run_ok(dir, [subcommand, "--help"]);
    for needle in ["Examples:", example].iter().chain(options) {
        assert!(
            run.stdout.contains(needle),
            "{subcommand} --help lacks {needle:?}: {}",
            run.stdout
        );
    }
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

    /// The same corpus at 1, 2 and 8 threads gives byte-identical files, all eight of them:
    /// the frequency tables and the collocation tables (collocations.csv, kwic.csv,
    /// cooc_matrix.csv), whose window counts are merged from paragraphs counted on different
    /// threads. Run from a folder without `corpora/manifest.toml`, so the binary falls back to
    /// the source tree's corpus.
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
            sorted(&ANALYZE_FILES),
            "files written at --threads 1"
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
        // The dispersion replay sums each chunk of the pair log apart: the corpus must span
        // several chunks for the thread counts to be a real test of it.
        let mut summary = csv::Reader::from_reader(summary.as_bytes());
        let column = summary
            .headers()
            .unwrap()
            .iter()
            .position(|c| c == "paragraphs")
            .unwrap();
        let paragraphs: usize = summary
            .records()
            .map(|r| r.unwrap()[column].parse::<usize>().unwrap())
            .sum();
        assert!(
            paragraphs > corpus_lens::count::CHUNK_PARAGRAPHS,
            "{paragraphs} paragraphs"
        );
        // ... and the collocation tables hold many rows for the three default nodes.
        let lines = |name: &str| String::from_utf8_lossy(&first[name]).lines().count();
        assert!(
            lines("collocations.csv") > 1000,
            "collocations.csv too short"
        );
        assert!(lines("kwic.csv") > 500, "kwic.csv too short");
        let matrix = String::from_utf8(first[COOC_MATRIX].clone()).unwrap();
        let rows: Vec<&str> = matrix
            .lines()
            .map(|l| l.split(',').next().unwrap())
            .collect();
        assert_eq!(rows, ["node", "coalitionist", "bourgeoisie", "soviet"]);
        assert!(matrix.lines().next().unwrap().split(',').count() > 10);
    }

    /// With no input and no --out, `analyze` reads the shipped corpus and writes exactly the
    /// seventeen files into ./out (the six frequency tables, collocations.csv, kwic.csv,
    /// cooc_matrix.csv, the four framing tables, the three comparison tables and
    /// schema.csv), with schema headers, no temporary files, and a summary line.
    #[test]
    fn default_run_writes_exactly_the_seventeen_files() {
        let dir = tempdir();
        let run = run_ok(dir.path(), ["analyze"]);
        let out = dir.path().join("out");
        assert_analyze_output(&out);
        assert_eq!(entries(dir.path()), ["out"], "nothing written outside out/");
        assert_eq!(run.stdout, "", "tables go to files, not stdout");

        let (documents, tokens) = parse_summary_line(&run.stderr);
        assert_eq!(documents as usize, default_document_count());
        run.assert_stderr_has(&[" documents, ", " tokens, ", " MB/s)", "17 tables in out"]);

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

    /// Every table of the shipped corpus (the eight with a schema, and the matrix) reads back
    /// with the `csv` crate, with as many fields per row as in the header; the counts agree
    /// across tables.
    #[test]
    fn every_table_reads_back_with_the_csv_crate() {
        let dir = tempdir();
        run_ok(
            dir.path(),
            ["analyze", DEFAULT_MANIFEST, "--out", "out", "-q"],
        );
        let out = dir.path().join("out");
        let mut read = BTreeMap::new();
        for file in ANALYZE_TABLES {
            let table = Table::read(&out.join(file));
            assert_eq!(table.header, schema_of(file).column_names(), "{file}");
            read.insert(file, table);
        }
        let matrix = Table::read(&out.join(COOC_MATRIX));
        assert_eq!(matrix.header[0], "node");
        assert_eq!(matrix.values("node"), DEFAULT_NODES);
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
        let run = run_err(dir, analyze_into_out(args), 1);
        assert!(
            run.stderr.starts_with("corpus-lens: error: "),
            "stderr: {}",
            run.stderr
        );
        run.assert_stderr_has(needles);
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
        write(dir.path(), "good.txt", "Good text.\n");
        fails(dir.path(), &["good.txt", "gone.txt"], &["gone.txt"]);
    }

    #[test]
    fn empty_file() {
        let dir = tempdir_with("empty.txt", "");
        fails(dir.path(), &["empty.txt"], &["empty.txt", "empty"]);
        // Only whitespace is empty too.
        write(dir.path(), "blank.txt", " \n\n\t\n");
        fails(dir.path(), &["blank.txt"], &["blank.txt", "empty"]);
    }

    #[test]
    fn directory_without_text_files() {
        let dir = tempdir();
        let texts = dir.path().join("texts");
        write(&texts, "notes.md", "Not a text file.");
        write(&texts, "sub/data.csv", "a,b\n");
        // Hidden files are skipped, so this does not count either.
        write(&texts, ".hidden.txt", "Hidden text.");
        fails(dir.path(), &["texts"], &["texts", "no text files"]);
    }

    #[test]
    fn invalid_utf8_names_file_byte_and_line() {
        let dir = tempdir();
        // "Good text." is bytes 0..10, '\n' 10, '\n' 11, "Bad " 12..16: 0xFF is byte 16,
        // after two line breaks, so on line 3.
        let bytes = b"Good text.\n\nBad \xFF here\n";
        assert_eq!(bytes.iter().position(|&b| b == 0xFF), Some(16));
        write(dir.path(), "bad.txt", bytes);
        fails(
            dir.path(),
            &["bad.txt"],
            &["bad.txt", "invalid UTF-8", "byte 16", "line 3", "--lossy"],
        );
        // Offsets are file offsets: a UTF-8 byte-order mark (3 bytes) moves the bad byte to 19.
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(bytes);
        write(dir.path(), "bom.txt", &with_bom);
        fails(dir.path(), &["bom.txt"], &["bom.txt", "byte 19", "line 3"]);
        // CRLF line ends: "Good text.\r\n\r\nBad " is 18 bytes; still line 3.
        write(
            dir.path(),
            "crlf.txt",
            b"Good text.\r\n\r\nBad \xFF here\r\n",
        );
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
        write(dir.path(), "bad.txt", bytes);
        write(dir.path(), "fine.txt", "Fine text.\n");
        run_ok(
            dir.path(),
            ["analyze", "bad.txt", "fine.txt", "--lossy", "--out", "out"],
        );
        let out = dir.path().join("out");
        assert_analyze_output(&out);
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
        write(dir.path(), "image.txt", b"Some text\n\x00\x01\x02\x03");
        fails(
            dir.path(),
            &["image.txt"],
            &["image.txt", "NUL byte at byte 10", "line 2", "binary"],
        );
        // After a UTF-8 byte-order mark (3 bytes) and "ab\n", the NUL is file byte 6.
        write(dir.path(), "bom.txt", b"\xEF\xBB\xBFab\n\x00");
        fails(dir.path(), &["bom.txt"], &["bom.txt", "byte 6", "line 2"]);
    }

    #[test]
    fn malformed_manifest_names_line_and_column() {
        let dir = tempdir_with("a.txt", "Some text.\n");
        // Line 3, `path = a.txt`: the unquoted value starts at column 8.
        write(
            dir.path(),
            "m.toml",
            "[[document]]\nid = \"a\"\npath = a.txt\n",
        );
        fails(
            dir.path(),
            &["m.toml"],
            &["m.toml:3:8:", "malformed manifest"],
        );
        // An unknown field is named, with its line.
        write(
            dir.path(),
            "m2.toml",
            "[[document]]\nid = \"a\"\npath = \"a.txt\"\ncolour = 1\n",
        );
        fails(dir.path(), &["m2.toml"], &["m2.toml:4:", "colour"]);
    }

    #[test]
    fn manifest_with_duplicate_id_or_missing_file() {
        let dir = tempdir_with("a.txt", "Some text.\n");
        // The second `id = "a"` is on line 6; its value starts at column 6.
        write(
            dir.path(),
            "dup.toml",
            "[[document]]\nid = \"a\"\npath = \"a.txt\"\n\n[[document]]\nid = \"a\"\npath = \"a.txt\"\n",
        );
        fails(
            dir.path(),
            &["dup.toml"],
            &["dup.toml:6:6:", "duplicate document id 'a'"],
        );
        // `path = "b.txt"` is line 3; the string starts at column 8.
        write(
            dir.path(),
            "missing.toml",
            "[[document]]\nid = \"b\"\npath = \"b.txt\"\n",
        );
        fails(
            dir.path(),
            &["missing.toml"],
            &["missing.toml:3:8:", "b.txt", "not found"],
        );
        // A manifest without documents.
        write(dir.path(), "none.toml", "# nothing here\n");
        fails(
            dir.path(),
            &["none.toml"],
            &["none.toml:1:1:", "no documents"],
        );
    }

    #[test]
    fn utf16_file_with_bom_is_decoded() {
        let dir = tempdir();
        // "Hi.\n" in UTF-16 little endian, and big endian.
        write(dir.path(), "le.txt", b"\xFF\xFEH\x00i\x00.\x00\n\x00");
        write(dir.path(), "be.txt", b"\xFE\xFF\x00H\x00i\x00.\x00\n");
        for file in ["le.txt", "be.txt"] {
            run_ok(dir.path(), ["freq", file, "--out", "out", "-q"]);
            let freq = fs::read_to_string(dir.path().join("out/freq.csv")).unwrap();
            assert!(freq.contains("\nhi,1,"), "{file}: {freq}");
        }
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
        write(dir.path(), "big.txt", &bytes);
        let (byte, line) = (format!("byte {bad_at} "), format!("line {}", 2 * n + 1));
        fails(dir.path(), &["big.txt"], &["big.txt", &byte, &line]);

        let mut bytes = paragraph.repeat(n);
        let nul_at = bytes.len() + 3;
        bytes.extend_from_slice(b"abc\x00def\n");
        write(dir.path(), "bignul.txt", &bytes);
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
        let dir = tempdir_with("a.txt", "Some text.\n");
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
            let run = run_err(dir.path(), args, 2);
            assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
            assert!(!dir.path().join("out").exists(), "{args:?} created out/");
        }
    }

    /// A failing run leaves the tables of the previous successful run byte for byte.
    #[test]
    fn failure_keeps_previous_tables() {
        let dir = tempdir_with("good.txt", "The Soviet met.\n\nThe Cadets left.\n");
        let d = dir.path();
        write(d, "empty.txt", "");
        write(d, "bad.txt", b"Good text.\n\nBad \xFF here\n");
        write(d, "bin.txt", b"Some text\n\x00");
        write(
            d,
            "broken.xml",
            "<TEI><text><body><p>Hi.</div></body></text></TEI>",
        );
        write(d, "m.toml", "[[document]]\nid = \"a\"\npath = good.txt\n");
        fs::create_dir(d.join("nothing")).unwrap();
        run_ok(d, ["analyze", "good.txt", "--out", "out"]);
        let out = d.join("out");
        assert_analyze_output(&out);
        let before = snapshot(&out);
        let failing: [&[&str]; 8] = [
            &["missing.txt"],
            &["empty.txt"],
            &["bad.txt"],
            &["bin.txt"],
            &["broken.xml"],
            &["m.toml"],
            &["nothing"],
            &["good.txt", "bad.txt"],
        ];
        for inputs in failing {
            run_err(d, analyze_into_out(inputs), 1);
            assert_eq!(
                snapshot(&out),
                before,
                "{inputs:?} changed the previous tables"
            );
        }
        run_err(d, analyze_into_out(&["good.txt", "--threads", "0"]), 2);
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
        let prose = "The Soviet met in the evening.\n\nThe Cadets left the hall.\n";
        write(d, "out/freq.csv", prose);
        let run = run_err(d, ["analyze", "out/freq.csv", "--out", "out"], 1);
        run.assert_stderr_has(&["would overwrite an input", "freq.csv"]);
        assert_eq!(fs::read_to_string(d.join("out/freq.csv")).unwrap(), prose);
        // Nothing else was written: no other table, no temporary file.
        assert_eq!(entries(&d.join("out")), ["freq.csv"]);

        // The same through an absolute path and a manifest.
        write(
            d,
            "m.toml",
            "[[document]]\nid = \"prose\"\npath = \"out/freq.csv\"\n",
        );
        let abs = d.join("out");
        let run = run_err(
            d,
            [
                OsStr::new("analyze"),
                OsStr::new("m.toml"),
                OsStr::new("--out"),
                abs.as_os_str(),
            ],
            1,
        );
        run.assert_stderr_has(&["would overwrite an input"]);
        assert_eq!(fs::read_to_string(d.join("out/freq.csv")).unwrap(), prose);
        assert_eq!(entries(&d.join("out")), ["freq.csv"]);
    }

    /// The stopword list is an input too and must not be overwritten by a table.
    /// Known bug: src/main.rs passes only the documents' paths to `OutputDir::create`, so
    /// `--stopwords out/stems.csv --out out` silently replaces the stopword file.
    #[test]
    fn stopword_file_is_never_overwritten() {
        let dir = tempdir_with("a.txt", "Some text the.\n");
        let d = dir.path();
        write(d, "out/stems.csv", "the\nof\n");
        let run = run_err(
            d,
            analyze_into_out(&["a.txt", "--stopwords", "out/stems.csv"]),
            1,
        );
        run.assert_stderr_has(&["would overwrite an input"]);
        assert_eq!(
            fs::read_to_string(d.join("out/stems.csv")).unwrap(),
            "the\nof\n"
        );
        assert_eq!(entries(&d.join("out")), ["stems.csv"]);
    }

    /// --out naming an existing file (here the input itself) fails and leaves it alone.
    #[test]
    fn out_that_is_a_file_is_refused() {
        let dir = tempdir_with("a.txt", "Some text.\n");
        let d = dir.path();
        let run = run_err(d, ["analyze", "a.txt", "--out", "a.txt"], 2);
        run.assert_stderr_has(&["a.txt: --out must be a folder"]);
        assert_eq!(fs::read_to_string(d.join("a.txt")).unwrap(), "Some text.\n");
        assert_eq!(entries(d), ["a.txt"]);
    }

    /// A folder gives its *.txt files, recursively, sorted by path, ids = file stems.
    #[test]
    fn folder_gives_its_text_files_sorted_by_path() {
        let dir = tempdir();
        let d = dir.path();
        // By path a_sub/zeta.txt comes before beta.txt; by id it would be the other way.
        write(d, "texts/a_sub/zeta.txt", "Zeta text here.\n");
        write(d, "texts/beta.txt", "Beta text.\n\nMore beta.\n");
        write(d, "texts/readme.md", "Not read.\n");
        write(d, "texts/.hidden.txt", "Not read either.\n");
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
        let dir = tempdir_with("memoir.text", "Petrograd was cold.\n");
        let d = dir.path();
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
        let dir = tempdir_with("corpus/texts/reed.txt", "Ten days shook the world.\n");
        let d = dir.path();
        write(
            d,
            "corpus/m.toml",
            "[[document]]\nid = \"reed1919\"\npath = \"texts/reed.txt\"\ntitle = \"Ten Days\"\n\
             author = \"John Reed\"\nyear = 1919\nlanguage = \"en\"\nauthor_faction = \"bolsheviks\"\n",
        );
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
        let dir = tempdir_with("corpora/local.txt", "Only this.\n");
        let d = dir.path();
        write(
            d,
            "corpora/manifest.toml",
            "[[document]]\nid = \"local\"\npath = \"local.txt\"\n",
        );
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
        let dir = tempdir_with("tiny.txt", TEXT);
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

    /// --min-freq applies to a stem's total: "dog" and "dogs" once each make stem dog twice,
    /// with both forms listed; "saw", "bark" and "ran" (once) are left out.
    #[test]
    fn min_freq_keeps_stems_by_their_total() {
        let dir = tempdir_with("t.txt", "A dog saw the cat. Dogs bark. The cat ran.\n");
        run_ok(
            dir.path(),
            ["freq", "t.txt", "--min-freq", "2", "--out", "out"],
        );
        let stems = Table::read(&dir.path().join("out/stems.csv"));
        assert_eq!(stems.values("stem"), ["cat", "dog", "the"]);
        assert_eq!(stems.values("forms"), ["cat", "dog|dogs", "the"]);
        assert_eq!(stems.values("freq"), ["2", "2", "2"]);
        let freq = Table::read(&dir.path().join("out/freq.csv"));
        assert_eq!(freq.values("word"), ["cat", "the"]);
    }

    /// With `--parts document`, freq.csv's range is over documents, while n-grams, counted by
    /// paragraph, keep their range over paragraphs: "red army" is in 2 of 2 paragraphs
    /// (100%), not 200% of the one document.
    #[test]
    fn ngram_range_stays_over_paragraphs_with_parts() {
        let dir = tempdir_with("n.txt", "The red army won.\n\nThe red army lost.\n");
        let args = [
            "analyze", "n.txt", "--parts", "document", "--ngrams", "--out", "out",
        ];
        run_ok(dir.path(), args);
        let ngrams = Table::read(&dir.path().join("out/ngrams.csv"));
        let row = ngrams.row("ngram", "red army");
        assert_eq!(
            (ngrams.get(row, "range"), ngrams.get(row, "range_pct")),
            ("2", "100.0")
        );
        let freq = Table::read(&dir.path().join("out/freq.csv"));
        let row = freq.row("word", "red");
        assert_eq!(
            (freq.get(row, "range"), freq.get(row, "range_pct")),
            ("1", "100.0")
        );
    }

    /// OCR suspects of a hand-made noisy paragraph.
    #[test]
    fn ocr_suspects_by_hand() {
        let dir = tempdir();
        write(
            dir.path(),
            "scan.txt",
            "thc r8le infantryMeanwhile of thc 1917.\n",
        );
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

    /// `freq` writes exactly the six frequency tables, byte for byte the ones `analyze`
    /// writes beside its collocation tables; -q silences the summary line.
    #[test]
    fn freq_subcommand_and_quiet() {
        let (dir, run) = analyze_text(&[]);
        assert!(run.stderr.contains("MB/s"));
        run.assert_stderr_has(&["17 tables in out"]);
        assert_analyze_output(&dir.path().join("out"));
        let quiet = run_ok(dir.path(), ["freq", "tiny.txt", "--out", "out_freq", "-q"]);
        assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
        let out_freq = dir.path().join("out_freq");
        assert_exactly_the_files(&out_freq, &FREQ_FILES);
        let freq_files = snapshot(&out_freq);
        let analyze_files = snapshot(&dir.path().join("out"));
        // schema.csv differs: each lists its own run's tables.
        for name in FREQ_TABLES {
            let bytes = &freq_files[name];
            assert!(
                bytes == &analyze_files[name],
                "{name} differs between freq and analyze"
            );
        }
        // Without -q, freq reports seven tables (schema.csv is one).
        let run = run_ok(dir.path(), ["freq", "tiny.txt", "--out", "out_freq2"]);
        run.assert_stderr_has(&["7 tables in out_freq2"]);
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
            assert_help_shows(dir.path(), sub, example, &["--threads", "--lossy"]);
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

    /// `schema` prints every table's columns as CSV in schema.csv's layout (nineteen tables,
    /// placeholders such as `<dimension>` included), exactly as the library knows them;
    /// `--format markdown` prints the README's reference.
    #[test]
    fn schema_matches_the_tables() {
        let dir = tempdir();
        let run = run_ok(dir.path(), ["schema"]);
        let table = Table::parse(&run.stdout);
        assert_eq!(table.header, tables::SCHEMA.column_names());
        let mut listed = table.values("table");
        listed.dedup();
        assert_eq!(listed, SCHEMA_TABLES, "tables listed by `schema`, in order");
        for file in SCHEMA_TABLES {
            let rows: Vec<&Vec<String>> = table.rows.iter().filter(|r| r[0] == file).collect();
            let columns: Vec<&str> = rows.iter().map(|r| r[1].as_str()).collect();
            assert_eq!(columns, schema_of(file).column_names(), "{file}");
            for (i, (row, column)) in rows.iter().zip(schema_of(file).columns).enumerate() {
                assert_eq!(table.int(row, "position"), i as u64 + 1, "{file}");
                assert_eq!(table.get(row, "type"), column.kind.as_str(), "{file}");
                assert_eq!(table.get(row, "description"), column.description, "{file}");
            }
        }
        let placeholders: Vec<(&str, &str)> = table
            .rows
            .iter()
            .filter(|r| r[1].starts_with('<'))
            .map(|r| (r[0].as_str(), r[1].as_str()))
            .collect();
        assert_eq!(
            placeholders,
            [
                (COOC_MATRIX, "<collocate>"),
                (FRAMING_MENTIONS, "<dimension>"),
                (FRAMING_MATRIX, "<dimension>"),
            ]
        );
        assert_eq!(
            run_ok(dir.path(), ["schema", "--format", "csv"]).stdout,
            run.stdout
        );
        let markdown = run_ok(dir.path(), ["schema", "--format", "markdown"]);
        assert_eq!(markdown.stdout, tables::schema_markdown());
        assert!(entries(dir.path()).is_empty(), "schema wrote files");
        run_err(dir.path(), ["schema", "--format", "html"], 2);
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
        let dir = tempdir_with("texts/a.txt", "Some text.\n");
        let d = dir.path();
        for args in [
            vec!["analyze", "texts/a.txt", "texts/a.txt"],
            vec!["analyze", "texts", "texts/a.txt"],
        ] {
            let run = run_err(d, args, 2);
            run.assert_stderr_has(&["the same file is given twice"]);
            assert!(!d.join("out").exists());
        }
    }

    /// A manifest entry whose path is a folder is reported at the manifest's line.
    #[test]
    fn manifest_path_that_is_a_folder() {
        let dir = tempdir();
        let d = dir.path();
        fs::create_dir(d.join("sub")).unwrap();
        write(d, "m.toml", "[[document]]\nid = \"a\"\npath = \"sub\"\n");
        let run = run_err(d, ["analyze", "m.toml"], 1);
        run.assert_stderr_has(&["m.toml:3:8:", "is a folder"]);
    }
}

// ---------------------------------------------------------------------------------------------

mod collocations {
    use super::*;

    /// The measure columns of collocations.csv after `e11`: empty for an impossible table.
    const MEASURES: [&str; 11] = [
        "mi",
        "mi3",
        "t_score",
        "z_score",
        "log_likelihood",
        "log_dice",
        "dice",
        "delta_p_collocate_given_node",
        "delta_p_node_given_collocate",
        "chi2",
        "log_ratio",
    ];

    /// Runs `corpus-lens SUBCOMMAND args... -q` in `dir`; asserts success, nothing on
    /// stderr, and a table with `schema`'s header on stdout; returns the table.
    fn table_on_stdout(dir: &Path, subcommand: &str, args: &[&str], schema: &Schema) -> Table {
        let mut all = vec![subcommand];
        all.extend_from_slice(args);
        all.push("-q");
        let run = run_ok(dir, &all);
        assert_eq!(run.stderr, "", "{all:?}");
        assert!(
            run.stdout.starts_with(&format!("{}\n", header_of(schema))),
            "{all:?}: {}",
            run.stdout
        );
        let table = Table::parse(&run.stdout);
        assert_eq!(table.header, schema.column_names());
        table
    }

    /// `collocations ARGS`, every word kept as a collocate (these tests check the counts and
    /// measures; the default stopword filter has tests of its own) unless ARGS name a list.
    fn collocations(dir: &Path, args: &[&str]) -> Table {
        let mut all = args.to_vec();
        if !args.iter().any(|a| a.ends_with("stopwords")) {
            all.extend(["--collocate-stopwords", "none"]);
        }
        table_on_stdout(dir, "collocations", &all, &tables::COLLOCATIONS)
    }

    fn kwic(dir: &Path, args: &[&str]) -> Table {
        table_on_stdout(dir, "kwic", args, &tables::KWIC)
    }

    /// `NODES... -i FILE --min-o11 1 --left WIDTH --right WIDTH EXTRA...`: every collocate of
    /// the nodes in FILE, in a window of WIDTH tokens each side.
    fn every_pair<'a>(
        nodes: &[&'a str],
        file: &'a str,
        width: &'a str,
        extra: &[&'a str],
    ) -> Vec<&'a str> {
        let window = [
            "-i",
            file,
            "--min-o11",
            "1",
            "--left",
            width,
            "--right",
            width,
        ];
        [nodes, &window, extra].concat()
    }

    /// `collocations` of `soviet` in FILE (in `dir`), every collocate WIDTH tokens each side;
    /// `extra` arguments after the window's.
    fn soviet_pairs(dir: &Path, file: &str, width: &str, extra: &[&str]) -> Table {
        collocations(dir, &every_pair(&["soviet"], file, width, extra))
    }

    /// The row of `collocate` near `node` in `document`, if there is one (there is at most
    /// one: asserted).
    fn find<'a>(t: &'a Table, document: &str, node: &str, collocate: &str) -> Option<&'a [String]> {
        let mut found = t.rows.iter().filter(|r| {
            t.get(r, "document") == document
                && t.get(r, "node") == node
                && t.get(r, "collocate") == collocate
        });
        let first = found.next().map(Vec::as_slice);
        assert!(
            found.next().is_none(),
            "two rows for ({document}, {node}, {collocate})"
        );
        first
    }

    fn pair<'a>(t: &'a Table, document: &str, node: &str, collocate: &str) -> &'a [String] {
        find(t, document, node, collocate)
            .unwrap_or_else(|| panic!("no row ({document}, {node}, {collocate})"))
    }

    /// The collocates of one (document, node) group, in table order.
    fn collocates<'a>(t: &'a Table, document: &str, node: &str) -> Vec<&'a str> {
        t.rows
            .iter()
            .filter(|r| t.get(r, "document") == document && t.get(r, "node") == node)
            .map(|r| t.get(r, "collocate"))
            .collect()
    }

    fn sorted_collocates<'a>(t: &'a Table, document: &str, node: &str) -> Vec<&'a str> {
        let mut c = collocates(t, document, node);
        c.sort_unstable();
        c
    }

    /// A (document, node) key and its rows.
    type Group<'a> = ((String, String), Vec<&'a [String]>);

    /// The rows in groups of equal (document, node), in table order; each group must be
    /// contiguous.
    fn groups(t: &Table) -> Vec<Group<'_>> {
        let mut out: Vec<Group> = Vec::new();
        for row in &t.rows {
            let key = (
                t.get(row, "document").to_string(),
                t.get(row, "node").to_string(),
            );
            match out.last_mut() {
                Some((k, rows)) if *k == key => rows.push(row),
                _ => {
                    assert!(
                        !out.iter().any(|(k, _)| *k == key),
                        "group {key:?} is not contiguous"
                    );
                    out.push((key, vec![row]));
                }
            }
        }
        out
    }

    /// The count columns of collocations.csv.
    const COUNTS: [&str; 7] = [
        "o11",
        "o11_left",
        "o11_right",
        "f_node",
        "f_collocate",
        "n",
        "span",
    ];

    /// Asserts (o11, o11_left, o11_right, f_node, f_collocate, n, span) of a row.
    fn assert_counts(t: &Table, row: &[String], want: [u64; 7]) {
        let got = COUNTS.map(|c| t.int(row, c));
        assert_eq!(got, want, "{COUNTS:?} of {row:?}");
    }

    fn assert_near(got: f64, want: f64, what: &str) {
        assert!((got - want).abs() < 1e-9, "{what}: got {got}, want {want}");
    }

    /// Asserts float columns of a row to 1e-9.
    fn assert_floats(t: &Table, row: &[String], want: &[(&str, f64)]) {
        for &(column, value) in want {
            let what = format!(
                "{column} of {} / {}",
                t.get(row, "document"),
                t.get(row, "collocate")
            );
            assert_near(t.float(row, column), value, &what);
        }
    }

    /// Three paragraphs, 20 tokens, the node `soviet` 3 times.
    ///
    /// ```text
    /// P1 "The Soviet met the workers. The Soviet voted for peace."
    ///     The0 Soviet1 met2 the3 workers4 The5 Soviet6 voted7 for8 peace9     (10 tokens)
    /// P2 "Bread and peace, said the Soviet."
    ///     Bread0 and1 peace2 said3 the4 Soviet5                               (6 tokens)
    /// P3 "The workers wanted bread."
    ///     The0 workers1 wanted2 bread3                                        (4 tokens)
    /// ```
    ///
    /// N = 20; f(the) = 3 + 1 + 1 = 5, f(soviet) = 3, f(workers) = f(peace) = f(bread) = 2,
    /// every other word 1.
    const TINY: &str = "The Soviet met the workers. The Soviet voted for peace.\n\n\
                        Bread and peace, said the Soviet.\n\n\
                        The workers wanted bread.\n";

    /// `collocations soviet --min-o11 1 --left 2 --right 2` on [`TINY`], worked by hand.
    ///
    /// Windows (2 + 2, inside the paragraph):
    /// - P1 Soviet1: left The0 (cut short by the paragraph start), right met2 the3;
    /// - P1 Soviet6: left workers4 The5, right voted7 for8;
    /// - P2 Soviet5: left said3 the4, right nothing: the paragraph ends there, so P3's
    ///   "The workers" is not in the window.
    ///
    /// ```text
    /// collocate         o11  left right  f_collocate
    /// the                4    3    1     5     (The0 L, the3 R; The5 L; the4 L)
    /// met, voted, for    1    0    1     1
    /// said               1    1    0     1
    /// workers            1    1    0     2
    /// ```
    /// peace, bread, and, wanted fall in no window: no row. f_node = 3, span = 4, N = 20,
    /// R1 = span * f_node = 12.
    ///
    /// - the: E11 = 3*5*4/20 = 3; MI = log2(4/3); MI3 = log2(4^3/3) = log2(64/3);
    ///   t = (4-3)/sqrt(4) = 1/2; z = (4-3)/sqrt(3); Dice = 2*4/(3+5) = 1, logDice = 14.
    ///   The 2x2 table: O11 = 4, O12 = R1 - O11 = 8, O21 = C1 - O11 = 1,
    ///   O22 = N - R1 - C1 + O11 = 20 - 12 - 5 + 4 = 7; R2 = 8, C2 = 15;
    ///   E12 = 12*15/20 = 9, E21 = 8*5/20 = 2, E22 = 8*15/20 = 6.
    ///   G2 = 2 (4 ln(4/3) + 8 ln(8/9) + 1 ln(1/2) + 7 ln(7/6)) = 1.18874... (positive, since
    ///   O11 > E11); chi2 = 1/3 + 1/9 + 1/2 + 1/6 = 10/9;
    ///   dP(collocate | node) = O11/R1 - O21/R2 = 4/12 - 1/8 = 5/24;
    ///   dP(node | collocate) = O11/C1 - O12/C2 = 4/5 - 8/15 = 4/15;
    ///   log ratio = log2((O11/R1) / (O21/R2)) = log2((1/3) / (1/8)) = log2(8/3).
    /// - met, voted, for, said: E11 = 3*1*4/20 = 0.6; MI = log2(1/0.6) = log2(5/3);
    ///   Dice = 2*1/(3+1) = 1/2; logDice = 14 + log2(1/2) = 13.
    /// - workers: E11 = 3*2*4/20 = 1.2; MI = log2(1/1.2) = log2(5/6), negative;
    ///   Dice = 2*1/(3+2) = 2/5; logDice = 14 + log2(2/5).
    ///
    /// One document: the `(corpus)` group and the document group `tiny` have the same rows,
    /// the corpus group first.
    #[test]
    fn measures_by_hand() {
        let dir = tempdir_with("tiny.txt", TINY);
        let t = soviet_pairs(dir.path(), "tiny.txt", "2", &[]);
        assert_eq!(t.rows.len(), 12);
        assert!(t.rows[..6]
            .iter()
            .all(|r| t.get(r, "document") == "(corpus)"));
        assert!(t.rows[6..].iter().all(|r| t.get(r, "document") == "tiny"));
        assert!(t.values("node").iter().all(|&n| n == "soviet"));
        let log2 = f64::log2;
        for document in ["(corpus)", "tiny"] {
            assert_eq!(
                sorted_collocates(&t, document, "soviet"),
                ["for", "met", "said", "the", "voted", "workers"],
                "{document}"
            );
            // (collocate, o11, left, right, f_collocate); f_node 3, n 20, span 4.
            let counts = [
                ("the", 4, 3, 1, 5),
                ("met", 1, 0, 1, 1),
                ("voted", 1, 0, 1, 1),
                ("for", 1, 0, 1, 1),
                ("said", 1, 1, 0, 1),
                ("workers", 1, 1, 0, 2),
            ];
            for (collocate, o11, left, right, f) in counts {
                let row = pair(&t, document, "soviet", collocate);
                assert_counts(&t, row, [o11, left, right, 3, f, 20, 4]);
                assert_eq!(t.get(row, "impossible"), "false");
            }
            let the = pair(&t, document, "soviet", "the");
            let g2 = 2.0
                * (4.0 * (4.0f64 / 3.0).ln()
                    + 8.0 * (8.0f64 / 9.0).ln()
                    + (1.0f64 / 2.0).ln()
                    + 7.0 * (7.0f64 / 6.0).ln());
            assert!((g2 - 1.18874).abs() < 1e-5, "hand value of G2: {g2}");
            assert_floats(
                &t,
                the,
                &[
                    ("e11", 3.0),
                    ("mi", log2(4.0 / 3.0)),
                    ("mi3", log2(64.0 / 3.0)),
                    ("t_score", 0.5),
                    ("z_score", 1.0 / 3f64.sqrt()),
                    ("log_likelihood", g2),
                    ("dice", 1.0),
                    ("log_dice", 14.0),
                    ("delta_p_collocate_given_node", 5.0 / 24.0),
                    ("delta_p_node_given_collocate", 4.0 / 15.0),
                    ("chi2", 10.0 / 9.0),
                    ("log_ratio", log2(8.0 / 3.0)),
                ],
            );
            for collocate in ["met", "voted", "for", "said"] {
                let row = pair(&t, document, "soviet", collocate);
                assert_floats(
                    &t,
                    row,
                    &[
                        ("e11", 0.6),
                        ("mi", log2(5.0 / 3.0)),
                        ("dice", 0.5),
                        ("log_dice", 13.0),
                    ],
                );
            }
            let workers = pair(&t, document, "soviet", "workers");
            assert_floats(
                &t,
                workers,
                &[
                    ("e11", 1.2),
                    ("mi", log2(5.0 / 6.0)),
                    ("dice", 0.4),
                    ("log_dice", 14.0 + log2(0.4)),
                ],
            );
            assert!(t.float(workers, "mi") < 0.0);
        }
        // Exact text of whole floats and of the boolean.
        let the = pair(&t, "tiny", "soviet", "the");
        assert_eq!(
            (
                t.get(the, "e11"),
                t.get(the, "log_dice"),
                t.get(the, "impossible")
            ),
            ("3.0", "14.0", "false")
        );
    }

    /// Windows never cross a paragraph, and with `--within sentence` never a sentence.
    ///
    /// ```text
    /// P1 "Bread and land. The Soviet rules here."  Bread0 and1 land2 | The3 Soviet4 rules5 here6
    /// P2 "Soviet power grew."                      Soviet0 power1 grew2
    /// P3 "Cold came."                              Cold0 came1
    /// ```
    /// N = 12, f_node = 2, window 3 + 3.
    /// - paragraph: P1 Soviet4: left and1 land2 The3, right rules5 here6 (the paragraph
    ///   ends; P2's Soviet is not reached); P2 Soviet0: left nothing (P1's "rules here" is
    ///   not reached back), right power1 grew2 (P3's "Cold" is not reached). So rules and
    ///   here have o11 = 1, right only (2 each if the window crossed into P1), and cold,
    ///   came, bread have no row.
    /// - sentence: P1 Soviet4 keeps only The3 on the left ("Bread and land." is the sentence
    ///   before); the rest as above. So and, land have no row either.
    #[test]
    fn windows_stay_inside_paragraphs_and_sentences() {
        let text = "Bread and land. The Soviet rules here.\n\nSoviet power grew.\n\nCold came.\n";
        let dir = tempdir_with("par.txt", text);
        let within = |extra: &[&str]| soviet_pairs(dir.path(), "par.txt", "3", extra);
        let by_paragraph = within(&[]);
        let by_sentence = within(&["--within", "sentence"]);
        assert_eq!(
            within(&["--within", "paragraph"]).rows,
            by_paragraph.rows,
            "paragraph is the default"
        );
        for document in ["(corpus)", "par"] {
            // (collocate, o11, left, right); every f_collocate is 1, f_node 2, n 12, span 6.
            // Within sentences the same but for `and` and `land` (the sentence before).
            let counts = [
                ("and", 1, 1, 0),
                ("land", 1, 1, 0),
                ("the", 1, 1, 0),
                ("rules", 1, 0, 1),
                ("here", 1, 0, 1),
                ("power", 1, 0, 1),
                ("grew", 1, 0, 1),
            ];
            let t = &by_paragraph;
            assert_eq!(
                sorted_collocates(t, document, "soviet"),
                ["and", "grew", "here", "land", "power", "rules", "the"]
            );
            for (c, o11, l, r) in counts {
                assert_counts(t, pair(t, document, "soviet", c), [o11, l, r, 2, 1, 12, 6]);
            }
            let t = &by_sentence;
            assert_eq!(
                sorted_collocates(t, document, "soviet"),
                ["grew", "here", "power", "rules", "the"]
            );
            for (c, o11, l, r) in counts[2..].iter().copied() {
                assert_counts(t, pair(t, document, "soviet", c), [o11, l, r, 2, 1, 12, 6]);
            }
        }
    }

    /// Two occurrences closer than the window.
    ///
    /// ```text
    /// P1 "Workers of Petrograd: the Soviet and Soviet power won."
    ///     Workers0 of1 Petrograd2 the3 Soviet4 and5 Soviet6 power7 won8
    /// P2 "Bread came later to the city."   (6 tokens)
    /// ```
    /// N = 15, f(soviet) = 2, f(the) = 2, every other word 1; window 2 + 2, span 4, R1 = 8.
    /// Soviet4: left Petrograd2 the3, right and5 Soviet6. Soviet6: left Soviet4 and5, right
    /// power7 won8.
    ///
    /// Per occurrence (default): `and` is in both windows, o11 = 2 (left 1, right 1) >
    /// f(and) = 1: O21 = C1 - O11 = -1, the table is impossible, the row is kept with
    /// impossible = true, every measure empty and E11 = 2*1*4/15 = 8/15 still given.
    /// `soviet` (each occurrence in the other's window) has o11 = 2 = f(soviet): possible.
    /// petrograd, the: left 1; power, won: right 1.
    ///
    /// Union: each position once per node. `and` counts once, on the side of the first
    /// window (right): o11 = 1, possible, MI = log2(1 / (8/15)) = log2(15/8).
    #[test]
    fn overlapping_windows_per_occurrence_and_union() {
        // The collocates counted alike either way: (collocate, o11, left, right,
        // f_collocate); f_node 2, n 15, span 4.
        let others = [
            ("petrograd", 1, 1, 0, 1),
            ("the", 1, 1, 0, 2),
            ("power", 1, 0, 1, 1),
            ("won", 1, 0, 1, 1),
        ];
        let assert_others = |t: &Table, document: &str| {
            for (c, o11, l, r, f) in others {
                assert_counts(t, pair(t, document, "soviet", c), [o11, l, r, 2, f, 15, 4]);
            }
        };
        let dir = tempdir_with("ov.txt", OVERLAP);
        let t = soviet_pairs(dir.path(), "ov.txt", "2", &[]);
        for document in ["(corpus)", "ov"] {
            assert_eq!(
                sorted_collocates(&t, document, "soviet"),
                ["and", "petrograd", "power", "soviet", "the", "won"]
            );
            let and = pair(&t, document, "soviet", "and");
            assert_counts(&t, and, [2, 1, 1, 2, 1, 15, 4]);
            assert_eq!(t.get(and, "impossible"), "true");
            assert_near(t.float(and, "e11"), 8.0 / 15.0, "e11 of and");
            for m in MEASURES {
                assert_eq!(t.get(and, m), "", "{m} of an impossible row");
            }
            let soviet = pair(&t, document, "soviet", "soviet");
            assert_counts(&t, soviet, [2, 1, 1, 2, 2, 15, 4]);
            assert_others(&t, document);
            for (c, row) in ["soviet", "petrograd", "the", "power", "won"]
                .iter()
                .map(|c| (c, pair(&t, document, "soviet", c)))
            {
                assert_eq!(t.get(row, "impossible"), "false", "{c}");
                for m in MEASURES {
                    assert!(!t.get(row, m).is_empty(), "{m} of {c}");
                }
            }
            // The impossible row sorts last (its log_likelihood is undefined).
            assert_eq!(collocates(&t, document, "soviet").last(), Some(&"and"));
        }

        let u = soviet_pairs(dir.path(), "ov.txt", "2", &["--counting", "union"]);
        assert!(!u.rows.is_empty());
        for row in &u.rows {
            assert_eq!(u.get(row, "impossible"), "false", "{row:?}");
            assert!(u.int(row, "o11") <= u.int(row, "f_collocate"), "{row:?}");
            assert_eq!(
                u.int(row, "o11"),
                u.int(row, "o11_left") + u.int(row, "o11_right")
            );
            for m in MEASURES {
                assert!(!u.get(row, m).is_empty(), "{m} of {row:?}");
            }
        }
        for document in ["(corpus)", "ov"] {
            let and = pair(&u, document, "soviet", "and");
            assert_counts(&u, and, [1, 0, 1, 2, 1, 15, 4]);
            assert_floats(
                &u,
                and,
                &[("e11", 8.0 / 15.0), ("mi", (15.0f64 / 8.0).log2())],
            );
            assert_others(&u, document);
            // `soviet` itself is pinned only by the ignored test below (a bug in union
            // counting); here it is covered by o11 <= f_collocate above.
            let soviet = pair(&u, document, "soviet", "soviet");
            assert!(u.int(soviet, "o11") <= 2);
        }
    }

    /// See `overlapping_windows_per_occurrence_and_union`.
    const OVERLAP: &str =
        "Workers of Petrograd: the Soviet and Soviet power won.\n\nBread came later to the city.\n";

    /// Union counting, as documented ("each token position once per node, however many
    /// windows hold it, with the side of the first window"), on [`OVERLAP`]: Soviet6 is in
    /// Soviet4's right window and Soviet4 in Soviet6's left window, each in one window only,
    /// so `soviet` as its own collocate has o11 = 2 (left 1, right 1), as with per-occurrence
    /// counting.
    ///
    /// Bug in src/collocate.rs, `count_windows`: union counting keeps a high-water mark
    /// (`counted_to`) and skips every position below it, including the tokens of the
    /// previous occurrence itself, which no window counted. It gives o11 = 1 (right 1).
    #[test]
    fn union_counts_each_position_in_some_window_once() {
        let dir = tempdir_with("ov.txt", OVERLAP);
        let u = soviet_pairs(dir.path(), "ov.txt", "2", &["--counting", "union"]);
        let soviet = pair(&u, "ov", "soviet", "soviet");
        assert_counts(&u, soviet, [2, 1, 1, 2, 2, 15, 4]);
    }

    /// A phrase matches consecutive tokens of one sentence; its own tokens are not its
    /// collocates.
    ///
    /// ```text
    /// "The Socialist Revolutionaries and the Left Socialist Revolutionaries split.
    ///  Socialist ideas spread; Revolutionaries argued. They were Socialist. Revolutionaries
    ///  came later."
    /// The0 Socialist1 Revolutionaries2 and3 the4 Left5 Socialist6 Revolutionaries7 split8 |
    /// Socialist9 ideas10 spread11 Revolutionaries12 argued13 | They14 were15 Socialist16 |
    /// Revolutionaries17 came18 later19
    /// ```
    /// N = 20. Occurrences: 1-2 and 6-7 (9/12 are not consecutive; 16/17 are in two
    /// sentences): f_node = 2. Window 1 + 1: the0 | and3, left5 | split8. f(the) = 2.
    #[test]
    fn phrase_node() {
        let text = "The Socialist Revolutionaries and the Left Socialist Revolutionaries split. \
                    Socialist ideas spread; Revolutionaries argued. They were Socialist. \
                    Revolutionaries came later.\n";
        let dir = tempdir_with("phr.txt", text);
        let node = "Socialist Revolutionaries";
        let t = collocations(dir.path(), &every_pair(&[node], "phr.txt", "1", &[]));
        for document in ["(corpus)", "phr"] {
            assert_eq!(
                sorted_collocates(&t, document, node),
                ["and", "left", "split", "the"]
            );
            for (c, o11, l, r, f) in [
                ("the", 1, 1, 0, 2),
                ("and", 1, 0, 1, 1),
                ("left", 1, 1, 0, 1),
                ("split", 1, 0, 1, 1),
            ] {
                assert_counts(&t, pair(&t, document, node, c), [o11, l, r, 2, f, 20, 2]);
            }
        }
        let k = kwic(dir.path(), &[node, "-i", "phr.txt"]);
        assert_eq!(k.values("node"), [node, node]);
        assert_eq!(k.values("token_index"), ["1", "6"]);
        assert_eq!(k.values("query"), [node, node]);
    }

    /// `--by stem`: `soviet`'s Snowball stem is that of Soviets and Soviet's too.
    ///
    /// ```text
    /// "The Soviets met. The Soviet's decree passed. A soviet formed."
    /// The0 Soviets1 met2 | The3 Soviet's4 decree5 passed6 | A7 soviet8 formed9     N = 10
    /// ```
    /// By word (default): Soviet's4 (the possessive, one token) and soviet8, not the plural,
    /// f_node = 2, collocates (1 + 1) the, decree, a, formed.
    /// By stem: 1, 4, 8, f_node = 3: the (left of 1 and 4, o11 = 2 = f(the)), met, decree,
    /// a, formed.
    #[test]
    fn stem_node() {
        let text = "The Soviets met. The Soviet's decree passed. A soviet formed.\n";
        let dir = tempdir_with("stem.txt", text);
        let by = |extra: &[&str]| soviet_pairs(dir.path(), "stem.txt", "1", extra);
        let by_word = by(&[]);
        assert_eq!(by(&["--by", "word"]).rows, by_word.rows);
        assert_eq!(
            sorted_collocates(&by_word, "stem", "soviet"),
            ["a", "decree", "formed", "the"]
        );
        assert_counts(
            &by_word,
            pair(&by_word, "stem", "soviet", "a"),
            [1, 1, 0, 2, 1, 10, 2],
        );
        assert_counts(
            &by_word,
            pair(&by_word, "stem", "soviet", "the"),
            [1, 1, 0, 2, 2, 10, 2],
        );
        let k = kwic(dir.path(), &["soviet", "-i", "stem.txt"]);
        assert_eq!(k.values("node"), ["Soviet's", "soviet"]);

        let by_stem = by(&["--by", "stem"]);
        assert_eq!(
            sorted_collocates(&by_stem, "stem", "soviet"),
            ["a", "decree", "formed", "met", "the"]
        );
        assert_counts(
            &by_stem,
            pair(&by_stem, "stem", "soviet", "the"),
            [2, 2, 0, 3, 2, 10, 2],
        );
        assert_counts(
            &by_stem,
            pair(&by_stem, "(corpus)", "soviet", "decree"),
            [1, 0, 1, 3, 1, 10, 2],
        );
        // The concordance shows each form as written.
        let k = kwic(dir.path(), &["soviet", "-i", "stem.txt", "--by", "stem"]);
        assert_eq!(k.values("node"), ["Soviets", "Soviet's", "soviet"]);
        assert_eq!(k.values("sentence"), ["0", "1", "2"]);
        assert_eq!(k.values("token_index"), ["1", "4", "8"]);
    }

    /// `--case-sensitive`: `Cadets` (the party) is not `cadets` (pupils).
    ///
    /// ```text
    /// "The Cadets walked out. The cadets of the academy fought. Cadets and Bolsheviks argued."
    /// The0 Cadets1 walked2 out3 | The4 cadets5 of6 the7 academy8 fought9 |
    /// Cadets10 and11 Bolsheviks12 argued13                                   N = 14
    /// ```
    /// Two nodes, `Cadets` and `cadets`, window 1 + 1; f(the) = 3.
    /// - case-insensitive: both nodes match 1, 5, 10: f_node = 3; the (left of 1 and 5),
    ///   o11 = 2; walked, of, and right; fought left (of 10).
    /// - case-sensitive: `Cadets` matches 1 and 10: f_node = 2; the 1, walked, fought, and;
    ///   no `of`. `cadets` matches 5: f_node = 1; the 1 (The4), of 1.
    #[test]
    fn case_sensitive_node() {
        let text = "The Cadets walked out. The cadets of the academy fought. \
                    Cadets and Bolsheviks argued.\n";
        let dir = tempdir_with("cad.txt", text);
        let both = ["Cadets", "cadets"];
        let t = collocations(dir.path(), &every_pair(&both, "cad.txt", "1", &[]));
        // Nodes in the order given, within each group.
        let nodes: Vec<&str> = t.values("node");
        let first_lower = nodes.iter().position(|&n| n == "cadets").unwrap();
        assert!(nodes[..first_lower].iter().all(|&n| n == "Cadets"));
        for node in ["Cadets", "cadets"] {
            assert_eq!(
                sorted_collocates(&t, "cad", node),
                ["and", "fought", "of", "the", "walked"]
            );
            assert_counts(&t, pair(&t, "cad", node, "the"), [2, 2, 0, 3, 3, 14, 2]);
        }
        let cased = every_pair(&both, "cad.txt", "1", &["--case-sensitive"]);
        let t = collocations(dir.path(), &cased);
        assert_eq!(
            sorted_collocates(&t, "cad", "Cadets"),
            ["and", "fought", "the", "walked"]
        );
        assert_counts(&t, pair(&t, "cad", "Cadets", "the"), [1, 1, 0, 2, 3, 14, 2]);
        assert_counts(&t, pair(&t, "cad", "Cadets", "and"), [1, 0, 1, 2, 1, 14, 2]);
        assert_eq!(sorted_collocates(&t, "cad", "cadets"), ["of", "the"]);
        assert_counts(&t, pair(&t, "cad", "cadets", "of"), [1, 0, 1, 1, 1, 14, 2]);
        assert_counts(&t, pair(&t, "cad", "cadets", "the"), [1, 1, 0, 1, 3, 14, 2]);
        let k = kwic(
            dir.path(),
            &["Cadets", "cadets", "-i", "cad.txt", "--case-sensitive"],
        );
        assert_eq!(k.values("node"), ["Cadets", "cadets", "Cadets"]);
        assert_eq!(k.values("query"), ["Cadets", "cadets", "Cadets"]);
    }

    /// The value of log_dice for sorting: empty (undefined) sorts last.
    fn log_dice(t: &Table, row: &[String]) -> f64 {
        match t.get(row, "log_dice") {
            "" => f64::NEG_INFINITY,
            v => v.parse().unwrap(),
        }
    }

    /// Asserts that each (document, node) group is sorted by log_dice descending, then
    /// collocate ascending.
    fn assert_sorted_by_log_dice(t: &Table) {
        for (key, rows) in groups(t) {
            for w in rows.windows(2) {
                let (a, b) = (w[0], w[1]);
                let (x, y) = (log_dice(t, a), log_dice(t, b));
                assert!(
                    x > y || (x == y && t.get(a, "collocate") < t.get(b, "collocate")),
                    "{key:?} out of order: {a:?} before {b:?}"
                );
            }
        }
    }

    /// `--sort log_dice --top 3`.
    ///
    /// On [`TINY`] (see `measures_by_hand`): logDice is 14 for the, 13 for for, met, said
    /// and voted, 14 + log2(2/5) = 12.68 for workers. Ties go by collocate: the top 3 of each
    /// group are the, for, met.
    ///
    /// On the shipped corpus, with two nodes: at most 3 rows per (document, node), sorted,
    /// and exactly the first 3 rows of each group of the same run without --top.
    #[test]
    fn sort_by_log_dice_and_top() {
        let dir = tempdir_with("tiny.txt", TINY);
        let t = soviet_pairs(
            dir.path(),
            "tiny.txt",
            "2",
            &["--sort", "log_dice", "--top", "3"],
        );
        for document in ["(corpus)", "tiny"] {
            assert_eq!(collocates(&t, document, "soviet"), ["the", "for", "met"]);
        }
        assert_eq!(t.rows.len(), 6);

        let args = [
            "soviet",
            "bourgeoisie",
            "--by",
            "stem",
            "--sort",
            "log_dice",
        ];
        let full = collocations(dir.path(), &args);
        let mut top_args = args.to_vec();
        top_args.extend_from_slice(&["--top", "3"]);
        let top = collocations(dir.path(), &top_args);
        assert_sorted_by_log_dice(&full);
        assert_sorted_by_log_dice(&top);
        let full_groups = groups(&full);
        let top_groups = groups(&top);
        assert_eq!(
            top_groups.iter().map(|g| &g.0).collect::<Vec<_>>(),
            full_groups.iter().map(|g| &g.0).collect::<Vec<_>>()
        );
        assert!(full_groups.len() > 4, "both nodes in several documents");
        assert!(full_groups.iter().any(|(_, rows)| rows.len() > 3));
        for ((key, rows), (_, all)) in top_groups.iter().zip(&full_groups) {
            assert!(rows.len() <= 3, "{key:?} has {} rows", rows.len());
            assert_eq!(rows.len(), all.len().min(3), "{key:?}");
            assert_eq!(rows[..], all[..rows.len()], "{key:?}");
        }
    }

    /// An unknown --sort measure is bad usage: exit 2, a message listing the measures, no
    /// output.
    #[test]
    fn unknown_sort_measure_exits_2() {
        let dir = tempdir_with("tiny.txt", TINY);
        for sub in ["collocations", "analyze"] {
            let args: Vec<&str> = if sub == "analyze" {
                vec![sub, "tiny.txt", "--sort", "nonsense", "--out", "out"]
            } else {
                vec![sub, "soviet", "-i", "tiny.txt", "--sort", "nonsense"]
            };
            let run = run_err(dir.path(), &args, 2);
            assert_eq!(run.stdout, "");
            run.assert_stderr_has(&["--sort nonsense: unknown measure"]);
            for measure in ["o11"].iter().chain(&MEASURES) {
                assert!(run.stderr.contains(measure), "{measure}: {}", run.stderr);
            }
            assert_eq!(entries(dir.path()), ["tiny.txt"], "{sub} wrote files");
        }
    }

    /// A node without a word in it (a dash, blanks) is bad usage: exit 2.
    #[test]
    fn node_without_a_word_exits_2() {
        let dir = tempdir_with("tiny.txt", TINY);
        let cases: [&[&str]; 6] = [
            &["collocations", "--", "--", "-i", "tiny.txt"],
            &["collocations", "  ", "-i", "tiny.txt"],
            &["collocations", "soviet", "", "-i", "tiny.txt"],
            &["kwic", "  ", "-i", "tiny.txt"],
            &["kwic", "--", "--", "-i", "tiny.txt"],
            &["analyze", "tiny.txt", "--node=--", "--out", "out"],
        ];
        for args in cases {
            let run = run_err(dir.path(), args, 2);
            assert_eq!(run.stdout, "", "{args:?}");
            assert!(
                run.stderr.starts_with("corpus-lens: error: ")
                    && run.stderr.contains("has no word in it"),
                "{args:?}: {}",
                run.stderr
            );
            assert_eq!(entries(dir.path()), ["tiny.txt"], "{args:?} wrote files");
        }
    }

    /// kwic.csv: original spelling (curly quotes kept), whitespace folded (the line break in
    /// P1's left context becomes a space), rows in document, paragraph, token order.
    ///
    /// ```text
    /// q.txt P1 "The crowd shouted “All power to the\nSoviets!” and marched on."
    ///          The0 crowd1 shouted2 All3 power4 to5 the6 Soviets7 and8 marched9 on10
    ///       P2 "Nobody slept. Nobody ‘expected’ the Soviet to win, not even the Soviets."
    ///          Nobody0 slept1 | Nobody2 expected3 the4 Soviet5 to6 win7 not8 even9 the10
    ///          Soviets11
    /// b.txt    "Soviet rule began."  Soviet0 rule1 began2
    /// ```
    /// Node `soviet` by stem. Width 8: contexts run from the 8th token before the node (or
    /// the paragraph's first token) to the 8th token after it (or the paragraph's last
    /// token), between the tokens' outer edges; so the right context of Soviets11, the last
    /// token, is empty, and P2's second line starts at expected3 (after its opening quote).
    /// Width 2: two tokens each side.
    #[test]
    fn kwic_keeps_original_spelling() {
        let dir = tempdir();
        let q = "The crowd shouted \u{201c}All power to the\nSoviets!\u{201d} and marched on.\n\n\
                 Nobody slept. Nobody \u{2018}expected\u{2019} the Soviet to win, not even the Soviets.\n";
        write(dir.path(), "q.txt", q);
        write(dir.path(), "b.txt", "Soviet rule began.\n");
        let args = ["soviet", "--by", "stem", "-i", "q.txt", "-i", "b.txt"];
        let k = kwic(dir.path(), &args);
        assert_eq!(
            k.header,
            [
                "document",
                "paragraph",
                "sentence",
                "token_index",
                "left",
                "node",
                "right",
                "query",
                "line",
                "byte_offset",
                "page"
            ]
        );
        // line and byte_offset of the node in its file (hand-counted: the curly quotes are 3
        // bytes each); page is empty for plain text.
        let want: [[&str; 11]; 4] = [
            [
                "q",
                "0",
                "0",
                "7",
                "The crowd shouted \u{201c}All power to the",
                "Soviets",
                "!\u{201d} and marched on",
                "soviet",
                "2",
                "38",
                "",
            ],
            [
                "q",
                "1",
                "1",
                "5",
                "Nobody slept. Nobody \u{2018}expected\u{2019} the",
                "Soviet",
                "to win, not even the Soviets",
                "soviet",
                "4",
                "107",
                "",
            ],
            [
                "q",
                "1",
                "1",
                "11",
                "expected\u{2019} the Soviet to win, not even the",
                "Soviets",
                "",
                "soviet",
                "4",
                "135",
                "",
            ],
            [
                "b",
                "0",
                "0",
                "0",
                "",
                "Soviet",
                "rule began",
                "soviet",
                "1",
                "0",
                "",
            ],
        ];
        assert_eq!(k.rows, want);

        let mut narrow = args.to_vec();
        narrow.extend_from_slice(&["--width", "2"]);
        let k = kwic(dir.path(), &narrow);
        let contexts: Vec<(&str, &str)> = k
            .rows
            .iter()
            .map(|r| (k.get(r, "left"), k.get(r, "right")))
            .collect();
        assert_eq!(
            contexts,
            [
                ("to the", "!\u{201d} and marched"),
                ("expected\u{2019} the", "to win"),
                ("even the", ""),
                ("", "rule began"),
            ]
        );
        assert_eq!(k.values("token_index"), ["7", "5", "11", "0"]);
    }

    /// `kwic --sort 1R,2R`: lines ordered by the first word right of the node, then the
    /// second, lowercased and without punctuation; lines equal on both keys keep the text
    /// order. With no word at 1R (the paragraph ends at the node) the key is empty and sorts
    /// first. Token indices: P0 The0 Soviet1 of2 Workmen3 met4 The5 Soviet6 of7 Peasants8;
    /// P1 A0 Soviet1 was2 formed3 The4 Soviet5; P2 Long0 live1 the2 Soviet3.
    #[test]
    fn kwic_sort_orders_lines_by_the_words_after_the_node() {
        let dir = tempdir();
        let text = "The Soviet of Workmen met. The Soviet, of Peasants, met.\n\n\
                    A Soviet was formed. The Soviet of Workmen met again.\n\nLong live the Soviet\n";
        write(dir.path(), "s.txt", text);
        let place = |k: &Table| -> Vec<(String, String)> {
            k.rows
                .iter()
                .map(|r| {
                    (
                        k.get(r, "paragraph").to_string(),
                        k.get(r, "token_index").to_string(),
                    )
                })
                .collect()
        };
        let unsorted = kwic(dir.path(), &["Soviet", "-i", "s.txt"]);
        let want = |w: &[(&str, &str)]| -> Vec<(String, String)> {
            w.iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect()
        };
        assert_eq!(
            place(&unsorted),
            want(&[("0", "1"), ("0", "6"), ("1", "1"), ("1", "5"), ("2", "3")])
        );
        let sorted = kwic(dir.path(), &["Soviet", "--sort", "1R,2R", "-i", "s.txt"]);
        assert_eq!(
            place(&sorted),
            want(&[("2", "3"), ("0", "6"), ("0", "1"), ("1", "5"), ("1", "1")])
        );
        // Same lines, same columns: only the order changes.
        let mut a = unsorted.rows.clone();
        let mut b = sorted.rows.clone();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        // By the word before the node, lowercased: "a", then the four "the" in text order.
        let by_left = kwic(dir.path(), &["Soviet", "--sort", "1L", "-i", "s.txt"]);
        assert_eq!(
            place(&by_left),
            want(&[("1", "1"), ("0", "1"), ("0", "6"), ("1", "5"), ("2", "3")])
        );
    }

    /// `*` and `?` in a node word are wildcards, as in AntConc: `Bolshevi*` finds every form,
    /// `soviet?` the plural and not the singular; `query` keeps the pattern as given. A
    /// pattern without a letter is a usage error.
    #[test]
    fn kwic_wildcards_match_word_forms() {
        let dir = tempdir();
        let text = "The Bolsheviki and the Bolshevik party. Soviet and Soviets.\n";
        write(dir.path(), "w.txt", text);
        let k = kwic(dir.path(), &["Bolshevi*", "soviet?", "-i", "w.txt"]);
        let got: Vec<(&str, &str)> = k
            .rows
            .iter()
            .map(|r| (k.get(r, "node"), k.get(r, "query")))
            .collect();
        let want = [
            ("Bolsheviki", "Bolshevi*"),
            ("Bolshevik", "Bolshevi*"),
            ("Soviets", "soviet?"),
        ];
        assert_eq!(got, want);
        let run = run_err(dir.path(), ["kwic", "*", "-i", "w.txt"], 2);
        assert!(run.stderr.contains("no letter"), "{run:?}");
    }

    /// A sort key that is not one, or that looks past the context `--width` gives, is a usage
    /// error (exit 2) that says which key and what to do, before any text is read.
    #[test]
    fn kwic_sort_rejects_bad_keys() {
        let dir = tempdir_with("s.txt", "The Soviet met.\n");
        let cases = [
            ("R1", ["'R1' is not a sort key", "1R,2R,1L"]),
            ("1R,9R", ["9R", "--width 8"]),
        ];
        for (keys, says) in cases {
            let run = run_in(
                dir.path(),
                ["kwic", "Soviet", "--sort", keys, "-i", "s.txt"],
            );
            assert_eq!((run.code, run.stdout.as_str()), (Some(2), ""), "{run:?}");
            assert!(says.iter().all(|s| run.stderr.contains(s)), "{run:?}");
        }
        run_ok(
            dir.path(),
            [
                "kwic", "Soviet", "--sort", "9R", "--width", "9", "-i", "s.txt",
            ],
        );
    }

    /// Without --out, `collocations` and `kwic` print CSV on standard output and write
    /// nothing; with --out DIR they write DIR/collocations.csv or DIR/kwic.csv only, with
    /// the same bytes.
    #[test]
    fn standard_output_or_out_dir() {
        let dir = tempdir_with("tiny.txt", TINY);
        let d = dir.path();
        for (sub, file, schema) in [
            ("collocations", "collocations.csv", &tables::COLLOCATIONS),
            ("kwic", "kwic.csv", &tables::KWIC),
        ] {
            let run = run_ok(d, [sub, "soviet", "-i", "tiny.txt"]);
            assert!(
                run.stdout.starts_with(&format!("{}\n", header_of(schema))),
                "{sub}: {}",
                run.stdout
            );
            assert!(run.stdout.lines().count() > 1, "{sub}: {}", run.stdout);
            assert!(
                run.stderr.contains("1 table in standard output"),
                "{sub}: {}",
                run.stderr
            );
            assert_eq!(entries(d), ["tiny.txt"], "{sub} wrote files");

            let out = format!("{sub}_out");
            let to_dir = run_ok(d, [sub, "soviet", "-i", "tiny.txt", "--out", &out]);
            assert_eq!(to_dir.stdout, "", "{sub} --out");
            assert_eq!(entries(&d.join(&out)), [file, SCHEMA_FILE], "{sub} --out");
            assert_eq!(
                fs::read_to_string(d.join(&out).join(file)).unwrap(),
                run.stdout
            );
            fs::remove_dir_all(d.join(&out)).unwrap();
        }
        // A second table into the same folder leaves the first one there.
        run_ok(
            d,
            [
                "collocations",
                "soviet",
                "-i",
                "tiny.txt",
                "--out",
                "both",
                "-q",
            ],
        );
        run_ok(
            d,
            ["kwic", "soviet", "-i", "tiny.txt", "--out", "both", "-q"],
        );
        // schema.csv is the last run's: it lists kwic.csv only.
        assert_eq!(
            entries(&d.join("both")),
            ["collocations.csv", "kwic.csv", SCHEMA_FILE]
        );
        let schema = Table::read(&d.join("both").join(SCHEMA_FILE));
        let mut listed = schema.values("table");
        listed.dedup();
        assert_eq!(listed, ["kwic.csv", SCHEMA_FILE]);
    }

    /// `analyze` on the shipped corpus with the default nodes (coalitionist, bourgeoisie,
    /// soviet by stem, window 5 + 5, --min-o11 2): the collocation tables agree with each
    /// other and with the definitions.
    #[test]
    fn shipped_corpus_collocations() {
        let dir = tempdir();
        run_ok(dir.path(), ["analyze", "--out", "out", "-q"]);
        let out = dir.path().join("out");
        let t = Table::read(&out.join("collocations.csv"));
        let corpus_nodes: Vec<String> = groups(&t)
            .into_iter()
            .filter(|(k, _)| k.0 == "(corpus)")
            .map(|(k, _)| k.1)
            .collect();
        assert_eq!(
            corpus_nodes, DEFAULT_NODES,
            "every default node has corpus rows"
        );
        // The corpus group comes first.
        let first_doc = t
            .rows
            .iter()
            .position(|r| t.get(r, "document") != "(corpus)");
        let first_doc = first_doc.expect("document groups");
        assert!(t.rows[first_doc..]
            .iter()
            .all(|r| t.get(r, "document") != "(corpus)"));
        // Trotsky's "propertied bourgeoisie".
        let propertied = pair(&t, "trotsky1918", "bourgeoisie", "propertied");
        assert!(t.int(propertied, "o11") >= 2, "{propertied:?}");

        let mut impossible = 0;
        for row in &t.rows {
            let [o11, left, right, f_node, f_coll, n, span] = COUNTS.map(|c| t.int(row, c));
            assert_eq!(o11, left + right, "{row:?}");
            assert!(o11 >= 2, "--min-o11 2: {row:?}");
            assert_eq!(span, 10, "{row:?}");
            // Impossible exactly when a cell of the 2x2 table is negative.
            let (o11, f_node, f_coll, n) = (o11 as i128, f_node as i128, f_coll as i128, n as i128);
            let r1 = span as i128 * f_node;
            let negative = r1 - o11 < 0 || f_coll - o11 < 0 || n - r1 - f_coll + o11 < 0;
            let flag = t.get(row, "impossible");
            assert_eq!(
                flag,
                if negative || f_node > n {
                    "true"
                } else {
                    "false"
                },
                "{row:?}"
            );
            let e11 = (f_node * f_coll * span as i128) as f64 / n as f64;
            assert!(
                (t.float(row, "e11") - e11).abs() <= 1e-9 * e11,
                "e11 = f_node * f_collocate * span / n: {row:?}"
            );
            if flag == "true" {
                impossible += 1;
                assert!(MEASURES.iter().all(|m| t.get(row, m).is_empty()), "{row:?}");
            } else {
                for m in MEASURES {
                    assert!(t.float(row, m).is_finite(), "{m} of {row:?}");
                }
            }
        }
        assert!(
            impossible > 0,
            "overlapping windows give some impossible rows"
        );

        // kwic.csv has one line per occurrence: as many as f_node, per document and over
        // the corpus.
        let k = Table::read(&out.join("kwic.csv"));
        let mut lines: BTreeMap<(&str, &str), u64> = BTreeMap::new();
        for row in &k.rows {
            *lines
                .entry((k.get(row, "document"), k.get(row, "query")))
                .or_default() += 1;
            *lines.entry(("(corpus)", k.get(row, "query"))).or_default() += 1;
        }
        for ((document, node), rows) in groups(&t) {
            let f_node = t.int(rows[0], "f_node");
            assert!(rows.iter().all(|r| t.int(r, "f_node") == f_node));
            assert_eq!(
                lines[&(document.as_str(), node.as_str())],
                f_node,
                "{document} {node}"
            );
        }
        // ... in document (corpus order), paragraph, token order.
        let summary = Table::read(&out.join("corpus_summary.csv"));
        let order = summary.values("document");
        let key = |r: &[String]| {
            (
                order
                    .iter()
                    .position(|d| *d == k.get(r, "document"))
                    .unwrap(),
                k.int(r, "paragraph"),
                k.int(r, "token_index"),
            )
        };
        for w in k.rows.windows(2) {
            assert!(key(&w[0]) <= key(&w[1]), "kwic.csv out of order: {w:?}");
        }

        // cooc_matrix.csv: a row per node; as columns, each node's top 20 collocates of the
        // corpus group (by the sort measure, log_dice: the table's order), in order of
        // first appearance; each cell the corpus group's log_dice of the pair, empty
        // where the pair has no row.
        let m = Table::read(&out.join(COOC_MATRIX));
        assert_eq!(m.values("node"), DEFAULT_NODES);
        let mut columns: Vec<&str> = Vec::new();
        for node in DEFAULT_NODES {
            for c in collocates(&t, "(corpus)", node).into_iter().take(20) {
                if !columns.contains(&c) {
                    columns.push(c);
                }
            }
        }
        assert_eq!(m.header[1..], columns);
        for row in &m.rows {
            let node = m.get(row, "node");
            for (j, c) in columns.iter().enumerate() {
                let want = find(&t, "(corpus)", node, c).map_or("", |r| t.get(r, "log_dice"));
                assert_eq!(row[j + 1], want, "cell ({node}, {c})");
            }
        }
    }

    /// `collocations --help` and `kwic --help` show examples, and the window options each
    /// uses (the concordance width on kwic, the collocation window on collocations).
    #[test]
    fn help_shows_examples() {
        let dir = tempdir();
        for (sub, example, option) in [
            (
                "collocations",
                "corpus-lens collocations bourgeoisie",
                "--left",
            ),
            ("kwic", "corpus-lens kwic Coalitionist", "--width"),
        ] {
            assert_help_shows(dir.path(), sub, example, &[option]);
        }
        assert!(entries(dir.path()).is_empty(), "help wrote files");
    }
}

mod ngrams {
    use super::*;

    /// A number left out of the tokens breaks a cluster: "In 1917 the war" gives "the war"
    /// but no "in the"; with --keep-numbers, "in 1917" and "1917 the".
    #[test]
    fn a_left_out_number_breaks_an_ngram() {
        let dir = tempdir_with("n.txt", "In 1917 the war went on.\n");
        let run = run_ok(
            dir.path(),
            ["ngrams", "n.txt", "--min-freq", "1", "--max-n", "2"],
        );
        let table = Table::parse(&run.stdout);
        assert_eq!(table.values("ngram"), ["the war", "war went", "went on"]);
        let args = [
            "ngrams",
            "n.txt",
            "--min-freq",
            "1",
            "--max-n",
            "2",
            "--keep-numbers",
        ];
        let run = run_ok(dir.path(), args);
        let table = Table::parse(&run.stdout);
        assert_eq!(
            table.values("ngram"),
            ["1917 the", "in 1917", "the war", "war went", "went on"]
        );
    }

    /// Two paragraphs: "The Soviet met. The Soviet voted." and "The Soviet met."
    /// Bigrams within sentences: "the soviet" x3 (range 2), "soviet met" x2 (range 2),
    /// "soviet voted" x1. Trigrams: "the soviet met" x2, "the soviet voted" x1.
    /// Tokens: 5 + 3 = 8... (the, soviet, met, the, soviet, voted) = 6 and (the, soviet, met)
    /// = 3, so N = 9; per_million of "the soviet" = 3 / 9 * 1e6.
    #[test]
    fn ngrams_by_hand() {
        let dir = tempdir();
        let d = dir.path();
        write(
            d,
            "a.txt",
            "The Soviet met. The Soviet voted.\n\nThe Soviet met.\n",
        );
        let run = run_ok(d, ["ngrams", "a.txt", "--min-freq", "1", "--max-n", "3"]);
        let table = Table::parse(&run.stdout);
        assert_eq!(table.header, schema_of("ngrams.csv").column_names());
        let row = |ngram: &str| {
            let i = table
                .values("ngram")
                .iter()
                .position(|g| *g == ngram)
                .unwrap_or_else(|| panic!("{ngram}"));
            (
                table.values("freq")[i],
                table.values("range")[i],
                table.values("n")[i],
            )
        };
        assert_eq!(row("the soviet"), ("3", "2", "2"));
        assert_eq!(row("soviet met"), ("2", "2", "2"));
        assert_eq!(row("the soviet voted"), ("1", "1", "3"));
        assert!(
            !table.values("ngram").contains(&"met the"),
            "n-grams stay inside sentences"
        );
        let i = table
            .values("ngram")
            .iter()
            .position(|g| *g == "the soviet")
            .unwrap();
        let pm: f64 = table.values("per_million")[i].parse().unwrap();
        assert!((pm - 3.0 / 9.0 * 1e6).abs() < 1e-6);
        assert_eq!(
            table.values("ngram")[0],
            "the soviet",
            "most frequent first"
        );
        run_err(d, ["ngrams", "a.txt", "--min-n", "4", "--max-n", "2"], 2);
    }

    #[test]
    fn analyze_writes_ngrams_only_when_asked() {
        let dir = tempdir_with("a.txt", "The Soviet met. The Soviet voted.\n");
        let d = dir.path();
        run_ok(d, ["analyze", "a.txt", "--out", "plain", "-q"]);
        assert!(!d.join("plain/ngrams.csv").exists());
        run_ok(d, ["analyze", "a.txt", "--out", "with", "--ngrams", "-q"]);
        let table = Table::read(&d.join("with/ngrams.csv"));
        assert_eq!(table.values("ngram")[0], "the soviet");
    }

    #[test]
    fn version_and_every_help_parse() {
        let dir = tempdir();
        run_ok(dir.path(), ["--version"]);
        for cmd in [
            "analyze",
            "freq",
            "collocations",
            "kwic",
            "ngrams",
            "schema",
        ] {
            let run = run_ok(dir.path(), [cmd, "--help"]);
            assert!(run.stdout.contains("Usage"), "{cmd}");
        }
    }
}

mod sentiment {
    use super::*;
    use std::io::Write as _;
    use std::process::Stdio;

    /// VADER's README examples, with vaderSentiment 3.3.2's printed scores.
    const LINES: &str = "VADER is smart, handsome, and funny.\n\nToday SUX!\n";
    const WANT: &str = "line,compound,pos,neu,neg\n1,0.8316,0.746,0.254,0.0\n2,0.0,0.0,0.0,0.0\n3,-0.5461,0.0,0.221,0.779\n";

    #[test]
    fn file_stdin_and_out_dir_agree() {
        let dir = tempdir_with("lines.txt", LINES);
        let d = dir.path();
        let run = run_ok(d, ["sentiment", "lines.txt"]);
        assert_eq!(run.stdout, WANT);
        let mut child = common::command(d, ["sentiment", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(LINES.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        common::assert_success(&out);
        assert_eq!(String::from_utf8(out.stdout).unwrap(), WANT);
        run_ok(d, ["sentiment", "lines.txt", "--out", "t"]);
        assert_eq!(fs::read_to_string(d.join("t/sentiment.csv")).unwrap(), WANT);
    }

    #[test]
    fn bad_input_is_reported() {
        let dir = tempdir_with("bad.txt", b"Fine.\nBad \xFF line.\n");
        let d = dir.path();
        let run = run_err(d, ["sentiment", "bad.txt"], 1);
        run.assert_stderr_has(&["bad.txt: invalid UTF-8 at byte 10 (line 2)"]);
        assert!(run.stdout.is_empty(), "no partial output");
        let run = run_ok(d, ["sentiment", "bad.txt", "--lossy"]);
        assert_eq!(run.stdout.lines().count(), 3);
        run_err(d, ["sentiment", "missing.txt"], 1);
        run_err(d, ["sentiment"], 2);
    }
}

/// Numeric options out of their documented range are usage errors (exit 2) that name the
/// option, checked before any work: no panic on a huge `--width`, no minute-long start of
/// 5,000 threads, no 34 GB allocation for 4,294,967,295 replicates.
#[test]
fn numeric_options_out_of_range_are_usage_errors() {
    let dir = tempdir();
    for (args, names) in [
        (
            &["kwic", "soviet", "--width", "18446744073709551615"][..],
            "--width",
        ),
        (&["kwic", "soviet", "--width", "1001"][..], "--width"),
        (&["kwic", "soviet", "--width", "0"][..], "--width"),
        (&["collocations", "soviet", "--left", "5000"][..], "--left"),
        (
            &["collocations", "soviet", "--right", "1001"][..],
            "--right",
        ),
        (
            &["framing", "--replicates", "4294967295"][..],
            "--replicates",
        ),
        (&["framing", "--replicates", "0"][..], "--replicates"),
        (&["freq", "--threads", "5000"][..], "--threads 5000"),
    ] {
        let started = std::time::Instant::now();
        let run = run_err(dir.path(), args, 2);
        run.assert_stderr_has(&[names]);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{args:?} took long"
        );
    }
}

#[test]
fn collocate_stopwords_and_min_range_filter_the_rows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plain = common::run_ok(
        root,
        [
            "collocations",
            "soviet",
            "--top",
            "10",
            "--collocate-stopwords",
            "none",
            "--sort",
            "log_likelihood",
        ],
    );
    let filtered = common::run_ok(
        root,
        [
            "collocations",
            "soviet",
            "--top",
            "10",
            "--stopwords",
            "english",
            "--min-range",
            "3",
        ],
    );
    let plain = common::Table::parse(&plain.stdout);
    let filtered = common::Table::parse(&filtered.stdout);
    let collocate = plain.column("collocate");
    let document = plain.column("document");
    // "the" is among the strongest collocates of "soviet" until stopwords are left out.
    assert!(plain.rows.iter().any(|r| r[collocate] == "the"));
    let english = corpus_lens::text::stopwords::Stopwords::english();
    assert!(!filtered.rows.is_empty());
    assert!(filtered
        .rows
        .iter()
        .all(|r| !english.contains(&r[collocate])));
    // A range above 1 keeps only corpus rows, each seen in at least 3 documents.
    assert!(filtered.rows.iter().all(|r| r[document] == "(corpus)"));
    let ranged = common::run_ok(
        root,
        [
            "collocations",
            "soviet",
            "--min-range",
            "3",
            "--min-o11",
            "1",
        ],
    );
    let per_doc = common::run_ok(root, ["collocations", "soviet", "--min-o11", "1"]);
    let (ranged, per_doc) = (
        common::Table::parse(&ranged.stdout),
        common::Table::parse(&per_doc.stdout),
    );
    for row in &ranged.rows {
        let seen_in = per_doc
            .rows
            .iter()
            .filter(|r| r[document] != "(corpus)" && r[collocate] == row[collocate])
            .count();
        assert!(seen_in >= 3, "{} in {seen_in} documents", row[collocate]);
    }
}

/// By default collocates are ranked by logDice and stopwords are left out, so the top
/// collocates of the default nodes are content words (README, Collocations).
#[test]
fn default_collocates_are_content_words_ranked_by_log_dice() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let english = corpus_lens::text::stopwords::Stopwords::english();
    for node in ["soviet", "bourgeoisie", "coalitionist"] {
        let run = common::run_ok(root, ["collocations", node, "--by", "stem", "-q"]);
        let t = common::Table::parse(&run.stdout);
        let (document, collocate) = (t.column("document"), t.column("collocate"));
        let corpus: Vec<&Vec<String>> = t
            .rows
            .iter()
            .filter(|r| r[document] == "(corpus)")
            .collect();
        assert!(corpus.len() >= 3, "{node}: {} corpus rows", corpus.len());
        for row in corpus.iter().take(10) {
            assert!(
                !english.contains(&row[collocate]),
                "{node}: {}",
                row[collocate]
            );
        }
        // Best first; an undefined logDice (an impossible pair) last.
        let dice: Vec<f64> = corpus
            .iter()
            .map(|r| t.float_or_nan(r, "log_dice"))
            .collect();
        assert!(
            dice.windows(2).all(|w| w[1].is_nan() || w[0] >= w[1]),
            "{node}: not by log_dice"
        );
    }
}
