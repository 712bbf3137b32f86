//! The library's collocation and concordance tables take the window options from the
//! analysis (given once, in `CountOptions::windows`); the deprecated functions that take them
//! a second time still give the same rows when the options agree.

use std::sync::Arc;

use corpus_lens::collocate::{CollocationFilter, WindowOptions};
use corpus_lens::corpus::Corpus;
use corpus_lens::nodes::{MatchBy, NodeSet};
use corpus_lens::run::{Analysis, Analyzer, Config, CountOptions};
use corpus_lens::Error;

fn run(options: &Arc<WindowOptions>) -> Analysis {
    let config = Config {
        count: CountOptions {
            windows: Some(options.clone()),
            ..Default::default()
        },
        ..Default::default()
    };
    let corpus = Corpus::new(Corpus::load_default().unwrap().documents()[..2].to_vec());
    Analyzer::new(config).run(&corpus).unwrap()
}

fn options(nodes: &[&str]) -> Arc<WindowOptions> {
    Arc::new(WindowOptions::new(
        NodeSet::new(nodes, MatchBy::Stem, false).unwrap(),
    ))
}

/// The deprecated functions, given the run's own options, agree with the analysis's methods.
#[test]
#[allow(deprecated)]
fn deprecated_functions_agree_when_the_options_agree() {
    let options = options(&["soviet", "bourgeoisie"]);
    let analysis = run(&options);
    let filter = CollocationFilter::default();
    let old = corpus_lens::collocate::collocation_rows(&analysis, &options, &filter);
    assert!(old.len() > 10);
    assert_eq!(old, analysis.collocations(&filter).unwrap());
    let old = corpus_lens::collocate::kwic_rows(&analysis, &options).unwrap();
    assert!(!old.is_empty());
    assert_eq!(old, analysis.kwic().unwrap());
}

/// The mislabelling the old API allowed: the same counts read with the nodes in another
/// order give the first node's counts the second's name. The analysis's methods cannot be
/// given other options, and name the node they were asked for correctly or fail.
#[test]
#[allow(deprecated)]
fn the_analysis_labels_rows_with_what_it_counted() {
    let counted = options(&["soviet", "bourgeoisie"]);
    let analysis = run(&counted);
    let filter = CollocationFilter::default();
    let swapped = options(&["bourgeoisie", "soviet"]);
    let wrong = corpus_lens::collocate::collocation_rows(&analysis, &swapped, &filter);
    let right = analysis.collocations(&filter).unwrap();
    let f_node = |rows: &[corpus_lens::collocate::CollocationRow], node: &str| {
        rows.iter()
            .find(|r| r.document == "(corpus)" && r.node == node)
            .map(|r| r.f_node)
    };
    assert_ne!(f_node(&wrong, "soviet"), f_node(&right, "soviet"));
    let soviet = analysis.collocations_of(&["soviet"], &filter).unwrap();
    assert_eq!(f_node(&soviet, "soviet"), f_node(&right, "soviet"));
    let freqs = analysis.node_freqs().unwrap();
    assert_eq!(Some(freqs[0].1), f_node(&right, "soviet"));
    let err = analysis
        .collocations_of(&["kerensky"], &filter)
        .unwrap_err();
    assert!(matches!(err, Error::NodeNotCounted { .. }));
    assert!(err.to_string().contains("soviet, bourgeoisie"), "{err}");
}
