//! `--parts`: chapters found by the rule of docs/text.md on small fixtures and on the shipped
//! memoirs, dispersion and the text-level keyness tests over chapters and documents.

mod common;

use common::{run_ok, tempdir, write, Table};
use corpus_lens::analyses::compare::{self, KeynessOptions, PartUnit};
use corpus_lens::corpus::{Corpus, Document};
use corpus_lens::run::{Analyzer, Config, CountOptions};

fn analyze(corpus: &Corpus, parts: Option<PartUnit>) -> corpus_lens::run::Analysis {
    let config = Config {
        count: CountOptions {
            parts,
            ..Default::default()
        },
        ..Default::default()
    };
    Analyzer::new(config).run(corpus).unwrap()
}

const BOOK: &str = "A short preface before any heading.\n\n\
    CHAPTER I.\n\nThe soviet met. The soviet spoke.\n\n\
    APPENDIX TO CHAPTER I\n\nNotes stay in chapter one.\n\n\
    Chapter II -- The Army\n\nThe army marched.\n\n\
    CHAPTER II shows nothing, this is a sentence.\n\n\
    CONCLUSION\n\nThe end of the soviet.\n";

#[test]
fn chapters_of_a_small_fixture() {
    let dir = tempdir();
    write(dir.path(), "book.txt", BOOK);
    write(
        dir.path(),
        "plain.txt",
        "No headings here.\n\nJust two paragraphs.\n",
    );
    let corpus = Corpus::from_inputs(&[dir.path().to_path_buf()]).unwrap();
    let analysis = analyze(&corpus, Some(PartUnit::Chapter));
    let chapters: Vec<u64> = analysis.documents.iter().map(|d| d.chapters).collect();
    // The preface, CHAPTER I. (with its appendix), Chapter II (with the sentence that starts
    // with CHAPTER II), CONCLUSION; the plain file is one chapter.
    assert_eq!(chapters, [4, 1]);
    let parts = &analysis.parts_of_texts.documents[0];
    assert_eq!(parts.len(), 4);
    let tokens: u64 = parts.iter().map(|p| p.tokens).sum();
    assert_eq!(tokens, analysis.documents[0].counts.tokens);
    let soviet = analysis
        .words
        .iter()
        .position(|w| &**w == "soviet")
        .unwrap() as u32;
    let in_parts: Vec<u64> = parts
        .iter()
        .map(|p| p.words.iter().find(|w| w.0 == soviet).map_or(0, |w| w.1))
        .collect();
    assert_eq!(in_parts, [0, 2, 0, 1]);
    // Dispersion over the chapters: "soviet" is in 2 of the corpus's 5 chapters.
    let word = analysis
        .corpus_words
        .iter()
        .find(|w| w.id == soviet)
        .unwrap();
    assert_eq!((word.range, analysis.parts.count), (2, 5));
}

#[test]
fn chapters_of_the_shipped_memoirs() {
    // Counted by hand from the files (docs/text.md, Chapters).
    let corpus = Corpus::load_default().unwrap();
    let analysis = analyze(&corpus, None);
    let chapters: Vec<(&str, u64)> = analysis
        .documents
        .iter()
        .map(|d| (d.document.id.as_str(), d.chapters))
        .collect();
    assert_eq!(
        chapters,
        [
            ("trotsky1918", 1),
            ("reed1919", 13),
            ("denikin1922", 35),
            ("radziwill1918", 16),
            ("ransome1919", 1),
            ("trotsky1918our", 8),
            ("bryant1923", 1),
            ("trotsky1919", 2),
        ]
    );
}

#[test]
fn document_parts_give_one_part_per_document() {
    let dir = tempdir();
    write(dir.path(), "a.txt", "soviet army\n\nsoviet\n");
    write(dir.path(), "b.txt", "army army\n\nthe soviet\n");
    let corpus = Corpus::from_inputs(&[dir.path().to_path_buf()]).unwrap();
    let by_paragraph = analyze(&corpus, None);
    let by_document = analyze(&corpus, Some(PartUnit::Document));
    assert_eq!((by_paragraph.parts.count, by_document.parts.count), (4, 2));
    let soviet = by_document
        .words
        .iter()
        .position(|w| &**w == "soviet")
        .unwrap() as u32;
    let doc = by_document.documents[0]
        .counts
        .words
        .iter()
        .find(|w| w.id == soviet)
        .unwrap();
    // One part: the word's range is 1 and DPnorm is undefined.
    assert_eq!(doc.range, 1);
    assert!(doc.dispersion.dp_norm.is_nan());
    // The corpus: soviet twice in a (3 tokens), once in b (4): DP = (|2/3 - 3/7| + |1/3 - 4/7|) / 2.
    let corpus_word = by_document
        .corpus_words
        .iter()
        .find(|w| w.id == soviet)
        .unwrap();
    let dp = ((2.0f64 / 3.0 - 3.0 / 7.0).abs() + (1.0f64 / 3.0 - 4.0 / 7.0).abs()) / 2.0;
    assert_eq!(corpus_word.range, 2);
    assert!((corpus_word.dispersion.dp - dp).abs() < 1e-12);
}

#[test]
fn keyness_over_chapters_fills_the_text_level_columns() {
    let corpus = Corpus::load_default().unwrap();
    let analysis = analyze(&corpus, Some(PartUnit::Chapter));
    let docs: Vec<Document> = corpus.documents().to_vec();
    let c = compare::select(&docs, &["denikin1922".into()], &["reed1919".into()]).unwrap();
    let options = KeynessOptions::default();
    let parts = &analysis.parts_of_texts;
    let rows =
        compare::keyness_rows_with_parts(&analysis, std::slice::from_ref(&c), &options, parts);
    let soviet = rows.iter().find(|r| r.word == "soviet").unwrap();
    assert_eq!((soviet.parts_target, soviet.parts_reference), (35, 13));
    // As often in both books overall, less in most of Denikin's chapters, and key in two.
    assert!(!soviet.significant && soviet.welch_p > 0.5 && soviet.mann_whitney_p > 0.1);
    assert!(soviet.welch_t < 0.0 && soviet.rank_biserial < 0.0 && soviet.key_in == Some(2));
    // The pooled columns do not depend on the parts.
    let pooled = compare::keyness_rows(&analysis, &[c], &options);
    assert_eq!(rows.len(), pooled.len());
    assert!(rows
        .iter()
        .zip(&pooled)
        .all(|(a, b)| (a.word.as_str(), a.log_likelihood.to_bits())
            == (b.word.as_str(), b.log_likelihood.to_bits())));
    // One document a side: the text-level cells are empty.
    assert!(pooled
        .iter()
        .all(|r| r.welch_t.is_nan() && r.key_in.is_none()));
}

#[test]
fn the_cli_takes_parts() {
    let dir = tempdir();
    write(dir.path(), "book.txt", BOOK);
    let out = dir.path().join("out");
    run_ok(
        dir.path(),
        ["freq", "book.txt", "--parts", "chapter", "--out", "out"],
    );
    let summary = Table::read(&out.join("corpus_summary.csv"));
    assert_eq!(summary.get(&summary.rows[0], "chapters"), "4");
    let freq = Table::read(&out.join("freq.csv"));
    let soviet = freq.row("word", "soviet");
    assert_eq!(
        (freq.get(soviet, "range"), freq.get(soviet, "range_pct")),
        ("2", "50.0")
    );
}
