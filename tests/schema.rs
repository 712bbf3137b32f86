//! `schema.csv` against the tables it describes: every table an `analyze` run writes (and
//! `sentiment --out`, one of the two tables `analyze` never writes; the other, evaluation.csv,
//! is checked in tests/evaluate.rs) reads back with the `csv` crate with exactly the header
//! schema.csv gives, in order, and every cell parses as its column's type; schema.csv lists
//! exactly the files written, itself included, and its fixed columns are the library's
//! `tables::ALL`. (That the README's table reference is generated from
//! `tables::ALL`, with no other table in it, is a unit test in src/tables.rs.)
//!
//! One `analyze --ngrams` run of the shipped corpus, shared by the tests (with 200 bootstrap
//! replicates instead of 2000: the tables' shape does not depend on them).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{
    entries, run_in, run_ok, schema_of, tempdir, tempdir_with, write, Run, Table, DEFAULT_MANIFEST,
};
use corpus_lens::lexicon::Lexicon;
use corpus_lens::tables::{self, ColumnType};
use tempfile::TempDir;

/// Lines for `sentiment`, with a quote and a comma to exercise quoting.
const LINES: &str = "The Soviet was strong, and united.\n\n\"Traitors!\" cried the crowd.\n";

/// The folders written once for all tests: `analyze` (with n-grams) and `sentiment`.
struct Outputs {
    _dir: TempDir,
    analyze: PathBuf,
    sentiment: PathBuf,
}

fn outputs() -> &'static Outputs {
    static CELL: OnceLock<Outputs> = OnceLock::new();
    CELL.get_or_init(|| {
        let dir = tempdir();
        let d = dir.path();
        run_ok(
            d,
            [
                "analyze",
                DEFAULT_MANIFEST,
                "--ngrams",
                "--lemmas",
                "--replicates",
                "200",
                "--out",
                "analyze",
                "-q",
            ],
        );
        write(d, "lines.txt", LINES);
        run_ok(d, ["sentiment", "lines.txt", "--out", "sentiment"]);
        Outputs {
            analyze: d.join("analyze"),
            sentiment: d.join("sentiment"),
            _dir: dir,
        }
    })
}

/// One row of schema.csv.
#[derive(Debug, Clone, PartialEq)]
struct Described {
    column: String,
    position: usize,
    kind: ColumnType,
    description: String,
}

/// schema.csv of `dir`, by table, in file order (tables in the order they appear).
fn read_schema(dir: &Path) -> Vec<(String, Vec<Described>)> {
    let csv = Table::read(&dir.join("schema.csv"));
    assert_eq!(csv.header, tables::SCHEMA.column_names());
    let mut by_table: Vec<(String, Vec<Described>)> = Vec::new();
    for row in csv.rows {
        let kind = ColumnType::parse(&row[3])
            .unwrap_or_else(|| panic!("schema.csv: unknown type {:?}", row[3]));
        let described = Described {
            column: row[1].clone(),
            position: row[2].parse().expect("position is an integer"),
            kind,
            description: row[4].clone(),
        };
        match by_table.last_mut() {
            Some((table, columns)) if *table == row[0] => columns.push(described),
            _ => {
                assert!(
                    by_table.iter().all(|(t, _)| *t != row[0]),
                    "schema.csv: the rows of {} are not together",
                    row[0]
                );
                by_table.push((row[0].clone(), vec![described]));
            }
        }
    }
    by_table
}

/// Why `cell` is not a value of type `kind`, if it is not.
fn type_error(kind: ColumnType, cell: &str) -> Option<String> {
    let ok = match kind {
        ColumnType::String => true,
        // Empty: unknown (a document's year).
        ColumnType::Integer => cell.is_empty() || cell.parse::<i64>().is_ok(),
        // Empty: undefined. Rust's parser also takes "inf" and "NaN", which a table never holds.
        ColumnType::Float => cell.is_empty() || cell.parse::<f64>().is_ok_and(f64::is_finite),
        ColumnType::Boolean => cell == "true" || cell == "false",
    };
    (!ok).then(|| format!("{cell:?} is not a {}", kind.as_str()))
}

/// The `.csv` files of `dir`, sorted.
fn csv_files(dir: &Path) -> Vec<String> {
    let names = entries(dir);
    assert!(
        names.iter().all(|n| n.ends_with(".csv")),
        "only tables in {}: {names:?}",
        dir.display()
    );
    names
}

/// Every check of the module docs on one output folder; returns the tables read, by name.
fn check_folder(dir: &Path) -> BTreeMap<String, Table> {
    let schema = read_schema(dir);
    let mut listed: Vec<String> = schema.iter().map(|(t, _)| t.clone()).collect();
    // In tables::ALL's order, schema.csv last.
    let order: Vec<usize> = listed
        .iter()
        .map(|t| tables::ALL.iter().position(|s| s.file == t).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "order: {listed:?}");
    assert_eq!(listed.last().map(String::as_str), Some("schema.csv"));
    listed.sort();
    assert_eq!(
        listed,
        csv_files(dir),
        "schema.csv lists exactly the files written"
    );

    let mut read = BTreeMap::new();
    for (file, columns) in schema {
        let names: Vec<&str> = columns.iter().map(|c| c.column.as_str()).collect();
        let positions: Vec<usize> = columns.iter().map(|c| c.position).collect();
        assert_eq!(positions, (1..=columns.len()).collect::<Vec<_>>(), "{file}");
        let table = Table::read(&dir.join(&file));
        assert_eq!(table.header, names, "{file}: header against schema.csv");

        // The run's schema is the library's: fixed columns as declared, the run's own names
        // only where a placeholder is, with its type.
        let declared = schema_of(&file);
        assert!(declared.matches_header(&names), "{file}: {names:?}");
        let at = declared.columns.iter().position(|c| c.repeated);
        let extra = columns.len() + usize::from(at.is_some()) - declared.columns.len();
        for (i, c) in columns.iter().enumerate() {
            let d = match at {
                Some(at) if i >= at && i < at + extra => &declared.columns[at],
                Some(at) if i >= at + extra => &declared.columns[i + 1 - extra],
                _ => &declared.columns[i],
            };
            assert_eq!(c.kind, d.kind, "{file}: type of {}", c.column);
            if d.repeated {
                let pattern = format!("`{}`", d.name);
                let named = d.description.replace(&pattern, &format!("`{}`", c.column));
                assert_eq!(c.description, named, "{file}: {}", c.column);
            } else {
                assert_eq!(c.description, d.description, "{file}: {}", c.column);
            }
        }

        for (r, row) in table.rows.iter().enumerate() {
            for (cell, c) in row.iter().zip(&columns) {
                if let Some(e) = type_error(c.kind, cell) {
                    panic!("{file} record {r}, column {}: {e}", c.column);
                }
            }
        }
        read.insert(file, table);
    }
    read
}

#[test]
fn analyze_tables_match_their_schema_csv() {
    let read = check_folder(&outputs().analyze);
    let files: Vec<&str> = read.keys().map(String::as_str).collect();
    let mut expected: Vec<&str> = tables::ALL
        .iter()
        .map(|s| s.file)
        .filter(|f| {
            ![
                "sentiment.csv",
                "evaluation.csv",
                "relations.csv",
                "faction_actions.csv",
                "faction_agency.csv",
            ]
            .contains(f)
        })
        .collect();
    expected.sort();
    assert_eq!(
        files, expected,
        "analyze --ngrams --lemmas writes every table but sentiment.csv, evaluation.csv, relations.csv and the faction_actions tables"
    );
    // Not vacuous: the big tables have rows, and the values cover each type.
    for file in [
        "freq.csv",
        "collocations.csv",
        "framing_mentions.csv",
        "ngrams.csv",
    ] {
        assert!(read[file].rows.len() > 100, "{file} has few rows");
    }
    let impossible = read["collocations.csv"]
        .header
        .iter()
        .position(|h| h == "impossible");
    assert!(impossible.is_some());
}

#[test]
fn sentiment_table_matches_its_schema_csv() {
    let read = check_folder(&outputs().sentiment);
    assert_eq!(
        read.keys().collect::<Vec<_>>(),
        ["schema.csv", "sentiment.csv"]
    );
    assert_eq!(read["sentiment.csv"].rows.len(), 3);
}

/// The placeholders are filled with the run's names: the shipped lexicon's dimensions, in
/// its order, after `valence` in framing_mentions.csv and after `mentions` in
/// framing_matrix.csv; the matrix's collocates, as float columns.
#[test]
fn run_dependent_columns_are_listed_as_written() {
    let dir = &outputs().analyze;
    let schema: BTreeMap<String, Vec<Described>> = read_schema(dir).into_iter().collect();
    let lexicon = Lexicon::load_default().unwrap();
    let dims: Vec<&str> = lexicon.dimensions().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(dims.len(), 6);
    let names =
        |file: &str| -> Vec<String> { schema[file].iter().map(|c| c.column.clone()).collect() };
    let mentions = names("framing_mentions.csv");
    let valence = mentions.iter().position(|c| c == "valence").unwrap();
    assert_eq!(mentions[valence + 1..valence + 1 + dims.len()], dims);
    assert_eq!(
        mentions[valence + 1 + dims.len()..],
        [
            "terms",
            "stance",
            "stance_score",
            "stance_terms",
            "line",
            "page",
            "stance_score_words"
        ]
    );
    assert_eq!(names("framing_matrix.csv")[3..], dims);
    let cooc = &schema["cooc_matrix.csv"];
    assert!(cooc.len() > 10, "{cooc:?}");
    assert!(cooc[1..].iter().all(|c| c.kind == ColumnType::Float));
    assert!(!names("cooc_matrix.csv").iter().any(|c| c.starts_with('<')));
}

/// Runs `framing memoir.txt --lexicon LEXICON REST...` in a new folder holding `memoir.txt`
/// (`text`) and the lexicon `lexicon` (`scores`).
fn framing_with_lexicon(text: &str, lexicon: &str, scores: &str, rest: &[&str]) -> (TempDir, Run) {
    let dir = tempdir_with("memoir.txt", text);
    write(dir.path(), lexicon, scores);
    let args = [&["framing", "memoir.txt", "--lexicon", lexicon], rest].concat();
    let run = run_in(dir.path(), args);
    (dir, run)
}

/// With another lexicon the dimension columns change, and schema.csv follows: a CSV lexicon
/// is one dimension named after its file.
#[test]
fn schema_csv_follows_the_lexicon_in_use() {
    let text = "The Bolsheviks were weak and cruel.\n";
    let scores = "word,score\nweak,-2\ncruel,-3\n";
    let rest = ["--replicates", "50", "--out", "out", "-q"];
    let (dir, run) = framing_with_lexicon(text, "My Scores.csv", scores, &rest);
    assert_eq!(run.code, Some(0), "{run:?}");
    let d = dir.path();
    let read = check_folder(&d.join("out"));
    let mentions = &read["framing_mentions.csv"];
    assert!(mentions.header.iter().any(|h| h == "my_scores"));
    assert_eq!(read["framing_matrix.csv"].header[3..], ["my_scores"]);
    assert_eq!(mentions.rows.len(), 1);
}

/// A dimension named like a fixed column would give a table two columns of one name: the
/// run fails before reading the corpus, naming the column, and writes nothing.
#[test]
fn a_dimension_named_like_a_column_is_refused() {
    let text = "The Bolsheviks were weak.\n";
    let (dir, run) = framing_with_lexicon(text, "valence.csv", "weak,-2\n", &["--out", "out"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let d = dir.path();
    run.assert_stderr_has(&["framing_mentions.csv would have two columns named \"valence\""]);
    assert!(!d.join("out").exists(), "wrote {:?}", d.join("out"));
}

#[test]
fn cells_are_checked_by_type() {
    use ColumnType::*;
    for (kind, good, bad) in [
        (
            Integer,
            &["0", "-3", "9007199254740993", ""][..],
            &["1.5", "1e3", "x"][..],
        ),
        (
            Float,
            &["0.1", "1e-5", "-0.0", "3", ""],
            &["NaN", "inf", "1,5", "x"],
        ),
        (Boolean, &["true", "false"], &["TRUE", "1", ""]),
        (String, &["", "a,b", "NA"], &[]),
    ] {
        for cell in good {
            assert_eq!(type_error(kind, cell), None, "{kind:?} {cell:?}");
        }
        for cell in bad {
            assert!(type_error(kind, cell).is_some(), "{kind:?} {cell:?}");
        }
    }
}
