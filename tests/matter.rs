//! Front and back matter on the shipped corpus (issue 5): known paragraphs of the books are
//! left out by the rule expected, known first sentences of their bodies are kept, and words
//! found only in front matter disappear from the frequency tables.

mod common;

use common::{run_ok, Table};
use corpus_lens::corpus::{Corpus, Document};
use corpus_lens::engine::{Analysis, Analyzer, Config};
use corpus_lens::freq::{self, FreqOptions};
use corpus_lens::matter::{excluded_rows, ExcludedRow};

/// The shipped document with this id (with its manifest markers).
fn shipped(id: &str) -> Document {
    let corpus = Corpus::load_default().unwrap();
    corpus
        .documents()
        .iter()
        .find(|d| d.id == id)
        .unwrap_or_else(|| panic!("no document {id}"))
        .clone()
}

fn analyze(doc: Document, keep_matter: bool) -> Analysis {
    let config = Config {
        keep_matter,
        ..Default::default()
    };
    Analyzer::new(config).run(&Corpus::new(vec![doc])).unwrap()
}

/// The excluded row of the paragraph starting on `line`, if any.
fn row_at(rows: &[ExcludedRow], line: u64) -> Option<&ExcludedRow> {
    rows.iter().find(|r| r.line == line)
}

/// Asserts that the paragraph starting on each `line` of `expect` is left out by `rule`, and
/// that its excerpt starts with `start`.
fn assert_excluded(rows: &[ExcludedRow], expect: &[(u64, &str, &str)]) {
    for &(line, rule, start) in expect {
        let row = row_at(rows, line).unwrap_or_else(|| panic!("line {line} not excluded"));
        assert_eq!(row.rule, rule, "line {line}");
        assert!(
            row.excerpt.starts_with(start),
            "line {line}: {}",
            row.excerpt
        );
    }
}

fn freq_of(analysis: &Analysis, word: &str) -> Option<u64> {
    freq::freq_table(analysis, &FreqOptions::default())
        .into_iter()
        .find(|r| r.word == word)
        .map(|r| r.freq)
}

/// Reed: the redactor's note, the table of contents, a footnote and a graphic caption are
/// left out; the preface's first sentence ("This book is a slice of intensified
/// history", line 41) is the first paragraph counted.
#[test]
fn reed_contents_and_footnotes_are_left_out() {
    let analysis = analyze(shipped("reed1919"), false);
    let rows = excluded_rows(&analysis);
    let expect = [
        (
            1,
            "transcriber_note",
            "[Redactor’s Note: The book is composed",
        ),
        (11, "front_matter", "Ten Days That Shook the World"),
        (17, "contents", "Table of Contents"),
        (
            19,
            "contents",
            "Preface. Notes and Explanations. Chapter 1. Background.",
        ),
        (
            815,
            "footnote",
            "[1] Part of the famous “Sisson Documents”.",
        ),
        (1778, "illustration", "[Graphic, page 33: text of placard"),
    ];
    assert_excluded(&rows, &expect);
    assert!(
        row_at(&rows, 41).is_none(),
        "the first body paragraph is kept"
    );
    assert!(rows.iter().all(|r| r.line < 41 || r.rule != "front_matter"));
    // "intensified" is in the first body sentence and once more, on line 13020.
    assert_eq!(freq_of(&analysis, "intensified"), Some(2));
    // The body paragraph before footnote 1 keeps its marker ("forgeries;[1]"), counted apart.
    let doc = &analysis.documents[0];
    assert_eq!(doc.counts.footnote_markers, 18);
    assert_eq!(rows.iter().filter(|r| r.rule == "footnote").count(), 17);
}

/// Denikin: "Paternoster" and "Hutchinson" (the publisher's address on the title page) and
/// "frontispiece" (the list of illustrations) occur only in front matter: counted with
/// --keep-matter, gone by default. The footnotes at the end and the printer's imprint are
/// left out, the foreword's first sentence is kept.
#[test]
fn denikin_front_matter_words_leave_freq() {
    let kept = analyze(shipped("denikin1922"), true);
    let analysis = analyze(shipped("denikin1922"), false);
    for word in ["paternoster", "hutchinson", "frontispiece"] {
        assert_eq!(freq_of(&kept, word), Some(1), "{word} with --keep-matter");
        assert_eq!(freq_of(&analysis, word), None, "{word}");
    }
    let rows = excluded_rows(&analysis);
    #[rustfmt::skip]
    let expect = [
        (1, "transcriber_note", "Transcriber's Note:"),
        (34, "front_matter", "London: Hutchinson & Co. Paternoster Row"),
        (40, "contents", "CONTENTS"),
        (72, "contents", "CHAPTER VII."),
        (207, "list_of_illustrations", "LIST OF ILLUSTRATIONS"),
        (1190, "illustration", "[Illustration: Note added by the Emperor"),
        (1192, "illustration", "_Translation_:--\"With firm faith"),
        (14042, "back_matter", "PRINTED BY THE FIELD PRESS"),
        (14046, "footnote", "FOOTNOTES:"),
        (14057, "footnote", "[3] President of the Duma."),
    ];
    assert_excluded(&rows, &expect);
    // Line 34 holds "London: Hutchinson & Co." with "Paternoster Row": one paragraph.
    assert_eq!(row_at(&rows, 35), None);
    // The foreword, the paragraph after a two-paragraph caption, chapter VII's heading in
    // the body (the table of contents has it too), the last paragraph.
    for line in [282, 1197, 2540, 14033] {
        assert!(row_at(&rows, line).is_none(), "line {line} is body");
    }
    assert_eq!(rows.iter().filter(|r| r.rule == "footnote").count(), 80);
    assert_eq!(analysis.documents[0].counts.footnote_markers, 79);
    // Nothing is left out with --keep-matter; the excluded paragraphs are what is missing.
    let (all, body) = (&kept.documents[0], &analysis.documents[0]);
    assert!(all.excluded.is_empty());
    assert_eq!(
        all.counts.paragraphs,
        body.counts.paragraphs + body.excluded.len() as u64
    );
}

/// The Trotsky excerpt has no front or back matter: nothing is left out, and every count is
/// the same as with --keep-matter (so the excerpt's documented figures stand).
#[test]
fn the_trotsky_excerpt_loses_nothing() {
    let kept = analyze(shipped("trotsky1918"), true);
    let analysis = analyze(shipped("trotsky1918"), false);
    assert!(analysis.documents[0].excluded.is_empty());
    assert_eq!(freq::corpus_summary(&kept), freq::corpus_summary(&analysis));
    assert_eq!(
        freq::freq_table(&kept, &FreqOptions::default()),
        freq::freq_table(&analysis, &FreqOptions::default())
    );
}

/// Every shipped book's manifest markers are found, and each body starts where its marker
/// says: the first counted paragraph begins with the marker.
#[test]
fn every_shipped_body_starts_at_its_marker() {
    let corpus = Corpus::load_default().unwrap();
    for doc in corpus.documents() {
        let Some(marker) = &doc.body_start else {
            continue;
        };
        let analysis = analyze(doc.clone(), false);
        let text = std::fs::read_to_string(&doc.path).unwrap();
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with(marker.text.as_str()))
            .unwrap() as u64
            + 1;
        let rows = excluded_rows(&analysis);
        assert!(row_at(&rows, line).is_none(), "{}: line {line}", doc.id);
        let front = rows.iter().filter(|r| r.rule == "front_matter");
        assert!(front.clone().count() > 0, "{}", doc.id);
        assert!(front.clone().all(|r| r.line < line), "{}", doc.id);
    }
}

/// `--keep-matter` on the command line counts everything: an empty excluded_matter.csv,
/// zero excluded paragraphs, the caption's and the contents' words counted.
#[test]
fn keep_matter_flag_counts_everything() {
    let text = "CONTENTS\n\nThe Army        13\n\n[Illustration: Frontispiece]\n\n\
                The army was destroyed.[1]\n\n[1] A footnote.\n";
    let dir = common::tempdir_with("book.txt", text);
    run_ok(dir.path(), ["freq", "book.txt", "--out", "default", "-q"]);
    run_ok(
        dir.path(),
        ["freq", "book.txt", "--out", "kept", "--keep-matter", "-q"],
    );
    let read =
        |out: &str, file: &str| std::fs::read_to_string(dir.path().join(out).join(file)).unwrap();
    let summary = |out: &str| {
        let table = Table::read(&dir.path().join(out).join("corpus_summary.csv"));
        let at = |c: &str| table.get(&table.rows[0], c).to_string();
        [
            "paragraphs",
            "tokens",
            "excluded_paragraphs",
            "excluded_bytes",
            "footnote_markers",
        ]
        .map(at)
    };
    // Left out: 8 + 18 + 28 + 15 bytes. Kept, the 11 tokens are contents 1, The Army 2,
    // Illustration Frontispiece 2, the sentence 4, A footnote 2 (13 and the [1]s are numbers).
    assert_eq!(summary("default"), ["1", "4", "4", "69", "1"]);
    assert_eq!(summary("kept"), ["5", "11", "0", "0", "1"]);
    assert_eq!(
        read("kept", "excluded_matter.csv"),
        "document,byte_offset,line,rule,bytes,excerpt\n"
    );
    assert_eq!(
        read("default", "excluded_matter.csv"),
        "document,byte_offset,line,rule,bytes,excerpt\n\
         book,0,1,contents,8,CONTENTS\n\
         book,10,3,contents,18,The Army 13\n\
         book,30,5,illustration,28,[Illustration: Frontispiece]\n\
         book,88,9,footnote,15,[1] A footnote.\n"
    );
    assert!(!read("default", "freq.csv").contains("frontispiece"));
    assert!(read("kept", "freq.csv").contains("\nfrontispiece,1,"));
}
