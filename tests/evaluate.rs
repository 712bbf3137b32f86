//! `corpus-lens evaluate` on the shipped gold set (corpora/gold/gold.csv) and the shipped
//! corpus: the figures of scripts/gold_eval.py, the same bytes at any thread count, the table
//! against its schema; and gold files with an unknown column, document or faction or a bad
//! stance, each an error (exit 1) that names the place.

use std::fs;
use std::path::Path;
use std::process::Command;

use corpus_lens::tables::{self, ColumnType};

const BIN: &str = env!("CARGO_BIN_EXE_corpus-lens");

/// The shipped gold set, by absolute path.
const GOLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/gold/gold.csv");

/// The shipped default corpus, by absolute path.
const MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/manifest.toml");

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run_in(cwd: &Path, args: &[&str]) -> Run {
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

/// A CSV table: header and records.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn parse(text: &str) -> Table {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(text.as_bytes());
        let header = reader.headers().unwrap().iter().map(String::from).collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        Table { header, rows }
    }

    fn column(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap()
    }

    /// The overall row of `measure`: (value, ci_low, ci_high, n), empty cells as NaN.
    fn overall(&self, measure: &str) -> (f64, f64, f64, u64) {
        let row = self
            .rows
            .iter()
            .find(|r| r[self.column("scope")] == "overall" && r[self.column("measure")] == measure)
            .unwrap_or_else(|| panic!("no overall row {measure}"));
        let float = |name: &str| {
            let cell = &row[self.column(name)];
            if cell.is_empty() {
                f64::NAN
            } else {
                cell.parse().unwrap()
            }
        };
        let n = row[self.column("n")].parse().unwrap();
        (float("value"), float("ci_low"), float("ci_high"), n)
    }
}

#[test]
fn gold_set_figures_match_the_prototype_at_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let one = run_in(
        dir.path(),
        &[
            "evaluate",
            "--gold",
            GOLD,
            MANIFEST,
            "--threads",
            "1",
            "--out",
            "out",
            "-q",
        ],
    );
    assert_eq!(one.code, Some(0), "{one:?}");
    let two = run_in(
        dir.path(),
        &["evaluate", "--gold", GOLD, MANIFEST, "--threads", "2"],
    );
    assert_eq!(two.code, Some(0), "{two:?}");
    assert!(
        two.stderr.contains("1 table in standard output"),
        "{}",
        two.stderr
    );
    let written = fs::read_to_string(dir.path().join("out/evaluation.csv")).unwrap();
    assert_eq!(
        written, two.stdout,
        "the same bytes at 1 and 2 threads, to a file or not"
    );

    let table = Table::parse(&written);
    assert_eq!(table.header, tables::EVALUATION.column_names());
    // The counts of corpora/gold/README.md: 3,662 gold mentions, 67 in excluded matter, of
    // the other 3,595 the tool finds 3,520 and 3,373 with the gold faction.
    let count = |m: &str| {
        let (value, low, high, n) = table.overall(m);
        assert!(
            low.is_nan() && high.is_nan(),
            "{m}: a count has no interval"
        );
        (value, n)
    };
    assert_eq!(count("rows_gold"), (3662.0, 3662));
    assert_eq!(count("set_aside_excluded"), (67.0, 3662));
    assert_eq!(count("found"), (3520.0, 3595));
    assert_eq!(count("found_with_faction"), (3373.0, 3595));
    assert_eq!(count("rows_matched"), (3373.0, 3595));
    // `scripts/gold_eval.py --precise` gives these (the valence, the first scorer listed).
    for (measure, want, n) in [
        ("macro_f1", 0.41228775691154024, 3373),
        ("spearman", 0.10673274995596091, 3373),
        ("sign_accuracy", 0.5850052798310454, 947),
    ] {
        let (value, low, high, rows) = table.overall(measure);
        assert!((value - want).abs() < 1e-9, "{measure}: {value} vs {want}");
        assert_eq!(rows, n, "{measure}");
        assert!(low < value && value < high, "{measure}: [{low}, {high}]");
    }
    // The confusion matrix adds up to the matched rows.
    let cells: f64 = ["neg", "neu", "pos"]
        .iter()
        .flat_map(|g| ["neg", "neu", "pos"].map(|p| format!("confusion_{g}_{p}")))
        .map(|m| count(&m).0)
        .sum();
    assert_eq!(cells, 3373.0);
    // Per faction, by id, after the overall rows.
    let factions: Vec<&str> = table
        .rows
        .iter()
        .filter(|r| r[0] == "faction" && r[2] == "rows_gold" && r[7] == "valence")
        .map(|r| r[1].as_str())
        .collect();
    assert!(factions.len() > 30, "{factions:?}");
    assert!(factions.windows(2).all(|w| w[0] < w[1]), "{factions:?}");
    assert!(factions.contains(&"bolsheviks") && factions.contains(&"kerensky"));
    // The comparison of documents: 66 cells of 15 factions; scipy's spearmanr of the
    // centred cell means (the valence from `train-framing --features`) gives the same.
    let (value, low, high, n) = table.overall("comparison_spearman");
    assert!((value - 0.19365410708694292).abs() < 1e-12, "{value}");
    assert_eq!(n, 66);
    assert!(low < value && value < high, "[{low}, {high}]");
    // The stance model's rows follow the valence's, on the same matched rows, then the
    // comparison row of the score without the faction prior.
    let scorers: Vec<&str> = table.rows.iter().map(|r| r[7].as_str()).collect();
    let first_stance = scorers.iter().position(|s| *s == "stance").unwrap();
    assert!(scorers[..first_stance].iter().all(|s| *s == "valence"));
    let (last, stance) = scorers[first_stance..].split_last().unwrap();
    assert!(stance.iter().all(|s| *s == "stance"));
    assert_eq!(*last, "stance_words");
    let words = table.rows.last().unwrap();
    assert_eq!(
        (words[0].as_str(), words[2].as_str(), words[6].as_str()),
        ("overall", "comparison_spearman", "66")
    );
    let matched = table
        .rows
        .iter()
        .filter(|r| r[0] == "overall" && r[2] == "rows_matched")
        .map(|r| r[3].as_str())
        .collect::<Vec<_>>();
    assert_eq!(matched, ["3373.0", "3373.0"]);

    // schema.csv lists the table with its types, and every cell parses as its type.
    let schema = Table::parse(&fs::read_to_string(dir.path().join("out/schema.csv")).unwrap());
    let listed: Vec<(&str, &str)> = schema
        .rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .filter(|(t, _)| *t == "evaluation.csv")
        .collect();
    assert_eq!(listed.len(), tables::EVALUATION.columns.len());
    for (c, column) in tables::EVALUATION.columns.iter().enumerate() {
        for row in &table.rows {
            let cell = &row[c];
            let ok = match column.kind {
                ColumnType::Float => cell.is_empty() || cell.parse::<f64>().is_ok(),
                ColumnType::Integer => cell.parse::<u64>().is_ok(),
                _ => true,
            };
            assert!(ok, "{}: {cell:?}", column.name);
        }
    }
}

/// Runs `evaluate` on a gold file with `text`; asserts exit 1, no output, and returns the
/// error line.
fn gold_error(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("gold.csv"), text).unwrap();
    let run = run_in(
        dir.path(),
        &["evaluate", "--gold", "gold.csv", MANIFEST, "--out", "out"],
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(!dir.path().join("out/evaluation.csv").exists());
    assert!(
        run.stderr.starts_with("corpus-lens: error: gold.csv:"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    run.stderr
}

const HEAD: &str = "id,document,byte_offset,faction,stance,mention\n";

#[test]
fn an_unknown_column_is_an_error_naming_it() {
    let err = gold_error("document,byte_offset,faction,stance,remark\nreed1919,1,cadets,0,x\n");
    assert!(
        err.contains("gold.csv:1: unknown column \"remark\" (column 5)"),
        "{err}"
    );
    assert!(err.contains("rename or remove it"), "{err}");
    let err = gold_error("document,byte_offset,faction\nreed1919,1,cadets\n");
    assert!(
        err.contains("gold.csv:1: missing column \"stance\""),
        "{err}"
    );
}

#[test]
fn an_unknown_document_is_an_error() {
    let err = gold_error(&format!(
        "{HEAD}g1,reed1919,120,bolsheviks,1,Bolsheviki\ng2,reed1920,130,bolsheviks,0,Bolsheviki\n"
    ));
    assert!(
        err.contains("gold.csv:3: column document: unknown document \"reed1920\""),
        "{err}"
    );
    assert!(err.contains("reed1919"), "lists the run's documents: {err}");
}

#[test]
fn an_unknown_faction_is_an_error() {
    let err = gold_error(&format!("{HEAD}g1,reed1919,120,bolshevik,1,Bolsheviki\n"));
    assert!(
        err.contains("gold.csv:2: column faction: unknown faction \"bolshevik\"; did you mean \"bolsheviks\"?"),
        "{err}"
    );
}

#[test]
fn a_bad_stance_is_an_error_naming_line_and_value() {
    let err = gold_error(&format!(
        "{HEAD}g1,reed1919,120,bolsheviks,1,Bolsheviki\ng2,reed1919,130,bolsheviks,positive,Bolsheviki\n"
    ));
    assert!(
        err.contains("gold.csv:3: column stance: \"positive\" is not a stance; write -1, 0 or +1"),
        "{err}"
    );
}

#[test]
fn a_missing_gold_file_and_the_help() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["evaluate", "--gold", "none.csv"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("none.csv: no such file"),
        "{}",
        run.stderr
    );
    let run = run_in(dir.path(), &["evaluate"]);
    assert_eq!(run.code, Some(2), "--gold is required: {run:?}");
    let help = run_in(dir.path(), &["evaluate", "--help"]);
    assert_eq!(help.code, Some(0));
    assert!(help
        .stdout
        .contains("corpus-lens evaluate --gold corpora/gold/gold.csv"));
    assert!(help.stdout.contains("--replicates"));
    // Whitespace folded: the help wraps its columns to the longest option's width.
    let folded = help.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(folded.contains("[default: 1917]"), "{}", help.stdout);
}
