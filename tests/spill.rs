//! Rows that grow with the corpus are logged under a memory budget and spilled to a
//! temporary file past it: the tables must not depend on where the log was held.

mod common;

use corpus_lens::bootstrap::Bootstrap;
use corpus_lens::compare::select;
use corpus_lens::corpus::Corpus;
use corpus_lens::engine::{Analyzer, Config};
use corpus_lens::framing::compare;
use corpus_lens::framing::summary::{self, SummaryOptions};

/// Every framing table of the shipped corpus, as text, with this spill budget and threads.
fn tables(spill_limit: Option<usize>, threads: usize) -> Vec<String> {
    let corpus = Corpus::load_default().unwrap();
    let framer = common::shipped_framer();
    let mut config = Config {
        threads: Some(threads),
        spill_limit,
        ..Default::default()
    };
    config.count.framing = Some(framer.clone());
    let mut analysis = Analyzer::new(config).run(&corpus).unwrap();
    let docs = analysis.take_framing();
    let options = SummaryOptions {
        bootstrap: Bootstrap {
            replicates: 200,
            seed: 5,
        },
        first_person: true,
        ..Default::default()
    };
    let mut mentions = Vec::new();
    summary::write_mentions(&mut mentions, &framer, &docs).unwrap();
    let mut matrix = Vec::new();
    summary::write_matrix(&mut matrix, &framer, &docs).unwrap();
    let first = corpus.documents()[0].id.clone();
    let comparison = select(corpus.documents(), &[first], &[]).unwrap();
    let compared = compare::compare(&framer, &docs, &[comparison], &options).unwrap();
    let without_we = SummaryOptions {
        first_person: false,
        ..options
    };
    vec![
        String::from_utf8(mentions).unwrap(),
        String::from_utf8(matrix).unwrap(),
        format!(
            "{:?}",
            summary::summarize(&framer, &docs, &options).unwrap()
        ),
        format!(
            "{:?}",
            summary::summarize(&framer, &docs, &without_we).unwrap()
        ),
        format!("{:?}", summary::term_rows(&framer, &docs).unwrap()),
        format!("{compared:?}"),
    ]
}

#[test]
fn a_spilled_log_gives_the_same_tables() {
    let held = tables(None, 2);
    assert!(
        held[0].lines().count() > 1000,
        "the shipped corpus has mentions"
    );
    // A budget of 0: every finished chunk of every document's log goes to the file.
    assert_eq!(tables(Some(0), 2), held);
    assert_eq!(tables(Some(100_000), 1), held);
}

/// `kwic.csv`'s rows of the shipped corpus with this spill budget and threads.
fn kwic(spill_limit: Option<usize>, threads: usize) -> Vec<corpus_lens::collocate::KwicRow> {
    use corpus_lens::collocate::WindowOptions;
    use corpus_lens::nodes::{MatchBy, NodeSet};
    let nodes = NodeSet::new(&["soviet", "the"], MatchBy::Stem, false).unwrap();
    let options = WindowOptions::new(nodes);
    let mut config = Config {
        threads: Some(threads),
        spill_limit,
        ..Default::default()
    };
    config.count.windows = Some(options.into());
    let analysis = Analyzer::new(config)
        .run(&Corpus::load_default().unwrap())
        .unwrap();
    analysis.kwic().unwrap()
}

#[test]
fn spilled_kwic_lines_give_the_same_rows() {
    let held = kwic(None, 2);
    assert!(held.len() > 10_000, "'the' is everywhere: several chunks");
    assert_eq!(kwic(Some(0), 2), held);
    assert_eq!(kwic(Some(300_000), 1), held);
}
