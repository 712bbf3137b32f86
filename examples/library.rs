//! The library end to end: the shipped corpus -> word frequencies, the collocates of
//! "soviet" and faction framing -> CSV tables in a folder.
//!
//! ```text
//! cargo run --release --example library -- [OUT_DIR]
//! ```
//!
//! Without `OUT_DIR` the tables go to a temporary folder, removed at the end. CI runs this
//! example (`.ci/run`), so it cannot drift from the library.

use std::path::PathBuf;
use std::sync::Arc;

use corpus_lens::collocate::{CollocationFilter, WindowOptions, CORPUS_GROUP};
use corpus_lens::corpus::Corpus;
use corpus_lens::factions::FactionSet;
use corpus_lens::framing::summary::{self, SummaryOptions};
use corpus_lens::framing::{Context, Framer};
use corpus_lens::freq::{self, FreqOptions};
use corpus_lens::lexicon::Lexicon;
use corpus_lens::nodes::{MatchBy, NodeSet};
use corpus_lens::run::{Analyzer, Config, CountOptions};
use corpus_lens::stopwords::Stopwords;
use corpus_lens::tables::{self, OutputDir};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let temporary = tempfile::tempdir()?;
    let out_dir = match std::env::args_os().nth(1) {
        Some(dir) => PathBuf::from(dir),
        None => temporary.path().to_path_buf(),
    };

    // 1. The corpus: the memoirs listed in corpora/manifest.toml, with their metadata.
    let corpus = Corpus::load_default()?;

    // 2. One pass over the text counts the words, the windows around "soviet" (by stem:
    //    Soviet, Soviets, Soviet's) and finds and scores every faction mention.
    let nodes = NodeSet::new(&["soviet"], MatchBy::Stem, false)?;
    let windows = Arc::new(WindowOptions::new(nodes));
    let framer = Framer::new(
        FactionSet::load_default()?,
        Lexicon::load_default()?,
        Context::Sentence,
    );
    let config = Config {
        count: CountOptions {
            windows: Some(windows.clone()),
            framing: Some(framer.clone()),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut analysis = Analyzer::new(config).run(&corpus)?;
    println!(
        "{} documents, {} tokens, {:.1} MB",
        analysis.documents.len(),
        analysis.tokens(),
        analysis.bytes() as f64 / 1e6
    );

    // 3. Word frequencies over the whole corpus, stopwords left out of the rows.
    let freq_options = FreqOptions {
        stopwords: Some(Stopwords::english()),
        min_freq: 2,
    };
    let freq_rows = freq::freq_table(&analysis, &freq_options);
    println!("\nmost frequent words (per million, DP):");
    for row in freq_rows.iter().take(5) {
        let per_million = row.per_million.unwrap_or(f64::NAN);
        let dp = row.dp.unwrap_or(f64::NAN);
        println!("  {:<12} {per_million:>8.0} {dp:>6.3}", row.word);
    }

    // 4. Collocates of "soviet": the ten strongest by log-likelihood per document, and over
    //    the whole corpus (document "(corpus)").
    let filter = CollocationFilter {
        top: Some(10),
        ..Default::default()
    };
    let collocation_rows = analysis.collocations(&filter)?;
    println!("\ncollocates of 'soviet' in the whole corpus (O11, G2, logDice):");
    let corpus_rows = collocation_rows
        .iter()
        .filter(|r| r.document == CORPUS_GROUP);
    for row in corpus_rows.take(5) {
        let g2 = row.log_likelihood.unwrap_or(f64::NAN);
        let log_dice = row.log_dice.unwrap_or(f64::NAN);
        println!(
            "  {:<12} {:>5} {g2:>8.1} {log_dice:>6.2}",
            row.collocate, row.o11
        );
    }

    // 5. Faction framing per document, faction and voice, with cluster-bootstrap intervals.
    let framed = analysis.take_framing();
    let summary_rows = summary::summarize(&framer, &framed, &SummaryOptions::default())?;
    let first = &corpus.documents()[0].id;
    println!("\nmean valence in {first}, both voices (mentions, 95% interval):");
    let mut valence: Vec<_> = summary_rows
        .iter()
        .filter(|r| &r.document == first && r.voice == "all" && r.measure == "valence")
        .collect();
    valence.sort_by_key(|r| std::cmp::Reverse(r.mentions));
    for row in valence.iter().take(5) {
        println!(
            "  {:<24} {:>4} {:>7.3} [{:.3}, {:.3}]",
            row.faction, row.mentions, row.estimate, row.ci_low, row.ci_high
        );
    }

    // 6. The tables, written atomically: each to a temporary file, all renamed into place by
    //    the commit. The inputs are named so that no table can replace one of them.
    let inputs: Vec<PathBuf> = corpus.documents().iter().map(|d| d.path.clone()).collect();
    let out = OutputDir::create(&out_dir, &inputs)?;
    out.write(&tables::FREQ, &freq_rows)?;
    out.write(&tables::COLLOCATIONS, &collocation_rows)?;
    out.write(&tables::FRAMING_SUMMARY, &summary_rows)?;
    let written = out.commit()?;
    println!("\n{} tables in {}:", written.len(), out_dir.display());
    for path in &written {
        let rows = std::fs::read_to_string(path)?.lines().count() - 1;
        println!("  {} ({rows} rows)", path.display());
    }
    Ok(())
}
