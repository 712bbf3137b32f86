//! Counts do not depend on how the text is cut into batches or on the thread count
//! (issue: reliability, property tests).

mod common;

use corpus_lens::corpus::{Corpus, Document};
use corpus_lens::engine::{Analyzer, Config};
use corpus_lens::freq::{self, FreqOptions};
use corpus_lens::matter::{self, Marker};
use corpus_lens::read::ReadOptions;
use proptest::prelude::*;

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("the".to_string()),
        Just("Soviet".to_string()),
        Just("Bolsheviks".to_string()),
        Just("impotence".to_string()),
        Just("great".to_string()),
        Just("not".to_string()),
        Just("r8le".to_string()),
        Just("Kerensky’s".to_string()),
        "[a-z]{1,8}",
    ]
}

fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            word(),
            prop_oneof![Just(" "), Just(". "), Just(", "), Just("\n")],
        ),
        1..30,
    )
    .prop_map(|ws| ws.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

/// Prose, and now and then a paragraph of front or back matter: the matter classifier's
/// state (a table of contents, an open caption, an index) then runs across batches.
fn paragraph() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => prose(),
        1 => Just("CONTENTS".to_string()),
        1 => Just("CHAPTER I.        13\nCHAPTER II.       40".to_string()),
        1 => Just("[Illustration: Kerensky".to_string()),
        1 => Just("addressing the Soviet.]".to_string()),
        1 => Just("  [3] A note on the Bolsheviks.".to_string()),
        1 => Just("INDEX".to_string()),
        1 => Just("Army, 35, 36.\nSoviet, 12-14.".to_string()),
    ]
}

/// Every table the analysis feeds, as text, for one block size and thread count.
fn tables(path: &std::path::Path, block_size: usize, threads: usize) -> Vec<String> {
    let mut doc = Document::bare("doc", path);
    doc.body_start = Some(Marker::new("It began"));
    let corpus = Corpus::new(vec![doc]);
    let framer = common::shipped_framer();
    let mut config = Config {
        threads: Some(threads),
        read: ReadOptions {
            block_size,
            ..Default::default()
        },
        ..Default::default()
    };
    config.count.framing = Some(framer.clone());
    let mut analysis = Analyzer::new(config).run(&corpus).unwrap();
    let freq = freq::freq_table(&analysis, &FreqOptions::default());
    let by_doc = freq::freq_by_document(&analysis, &FreqOptions::default());
    let summary = freq::corpus_summary(&analysis);
    let excluded = matter::excluded_rows(&analysis);
    let docs = vec![("doc".to_string(), analysis.framing.remove(0))];
    let mut mentions = Vec::new();
    corpus_lens::framing::summary::write_mentions(&mut mentions, &framer, &docs).unwrap();
    vec![
        format!("{freq:?}"),
        format!("{by_doc:?}"),
        format!("{summary:?}"),
        format!("{excluded:?}"),
        String::from_utf8(mentions).unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Blocks of 7 bytes to 4 MiB and 1 to 3 threads give the same frequency tables, corpus
    /// summary, excluded matter and scored mentions (the body starts at "It began").
    #[test]
    fn counts_do_not_depend_on_batching_or_threads(
        mut paragraphs in prop::collection::vec(paragraph(), 1..25),
        start in 0usize..25,
        block in 7usize..400,
        threads in 1usize..4,
    ) {
        paragraphs.insert(start.min(paragraphs.len()), "It began in March.".to_string());
        let dir = common::tempdir_with("doc.txt", paragraphs.join("\n\n"));
        let path = dir.path().join("doc.txt");
        let whole = tables(&path, 4 << 20, 1);
        prop_assert_eq!(&tables(&path, block, threads), &whole);
    }
}
