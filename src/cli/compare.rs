//! `corpus-lens compare`: key words, collocate differences and framing differences between a
//! target and a reference.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::Args;
use corpus_lens::analyses::compare;
use corpus_lens::analyses::lemmas::lemma_counts;
use corpus_lens::run::options::defaults;
use corpus_lens::run::CountOptions;
use corpus_lens::Error;

use super::engine::start_pool;
use super::jobs::{compare_jobs, run_jobs, CompareInputs};
use super::options::heading::{COLLOCATES, INPUT, KEYNESS, NODES};
use super::options::{
    lemma_windows, stopword_file, stopwords_of, CollocWindowArgs, FramingArgs, KeynessArgs,
    LemmaArgs, PartsArgs, WindowFlags,
};
use super::output::TablesArgs;
use super::query::check_matches;

#[derive(Args)]
pub(crate) struct CompareArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml); `-` reads standard input.
    /// Default: the shipped corpus.
    inputs: Vec<PathBuf>,
    /// The documents examined (a selector; repeat for a union).
    #[arg(long, short, required = true, value_name = "SEL", help_heading = INPUT)]
    target: Vec<String>,
    /// The documents compared with (a selector; repeat for a union). Default: rest.
    #[arg(long, short, value_name = "SEL", help_heading = INPUT)]
    reference: Vec<String>,
    /// Node words or phrases for colloc_compare.csv (repeat the option); * and ? are
    /// wildcards (Bolshevi*).
    /// Default: coalitionist, bourgeoisie, soviet, matched by stem.
    #[arg(long = "node", short = 'n', value_name = "NODE", help_heading = NODES)]
    nodes: Vec<String>,
    /// Leave stopwords out of keyness.csv: `english` or a file with one word a line.
    #[arg(long, value_name = "english|FILE", help_heading = KEYNESS)]
    stopwords: Option<String>,
    #[command(flatten)]
    keyness: KeynessArgs,
    #[command(flatten)]
    window: CollocWindowArgs,
    #[command(flatten)]
    lemma: LemmaArgs,
    /// Leave out collocates seen fewer times than this near the node, both sides together.
    #[arg(long, default_value_t = 2, value_name = "N", help_heading = COLLOCATES)]
    min_o11: u64,
    /// Leave collocates that are stopwords out of colloc_compare.csv: `english` (Snowball's
    /// list), `none` (keep every word) or a file with one word a line.
    #[arg(long = "collocate-stopwords", value_name = "LIST", help_heading = COLLOCATES,
          default_value = defaults::COLLOCATE_STOPWORDS)]
    collocate_stopwords: String,
    #[command(flatten)]
    framing: FramingArgs,
    #[command(flatten)]
    output: TablesArgs,
    #[command(flatten)]
    parts: PartsArgs,
}

pub(crate) fn run(args: &CompareArgs) -> Result<(), Error> {
    let stopwords = stopwords_of(args.stopwords.as_deref(), args.output.common.lossy)?;
    let keyness = args.keyness.options(stopwords)?;
    let collocate_stopwords =
        stopwords_of(Some(&args.collocate_stopwords), args.output.common.lossy)?;
    let mut windows = args
        .window
        .node_options(&args.nodes, args.output.common.keep_numbers)?;
    // --by lemma: nodes and keyness by lemma.
    let mut lemmas = None;
    if args.window.by_lemma() {
        let (options, pos) = args.lemma.options()?;
        windows = lemma_windows(windows, &options, pos.clone());
        lemmas = Some((options, pos));
    } else if args.lemma.pos.is_some() {
        return Err(Error::Usage("--pos needs --by lemma".into()));
    }
    let windows = Arc::new(windows);
    let framer = args.framing.framer()?;
    start_pool(args.output.common.threads)?;
    // Selectors are checked before the corpus is read: a typo fails at once.
    let corpus = args.output.common.corpus(&args.inputs)?;
    let comparison = compare::select(corpus.documents(), &args.target, &args.reference)?;
    let mut analysis = args.output.common.analyze(
        &corpus,
        CountOptions {
            windows: Some(windows.clone()),
            framing: Some(framer.clone()),
            lemmas: lemmas.as_ref().map(|l| l.0.clone()),
            parts: args.parts.get(),
            ..Default::default()
        },
    )?;
    if !args.nodes.is_empty() {
        check_matches(&analysis, None, args.output.common.quiet)?;
    }
    let tables_start = Instant::now();
    let mut read = args.framing.files();
    read.extend(stopword_file(args.stopwords.as_deref()));
    read.extend(args.lemma.files());
    let out = args.output.create(&corpus, read)?;
    let framed = analysis.take_framing();
    let by_lemma = match (&analysis.lemmas, &lemmas) {
        (Some(tables), Some((_, pos))) => Some(lemma_counts(&analysis, tables, pos.as_deref())),
        _ => None,
    };
    let comparisons = [comparison];
    let inputs = CompareInputs {
        analysis: &analysis,
        comparisons: &comparisons,
        keyness: &keyness,
        windows: &windows,
        min_o11: args.min_o11,
        collocate_stopwords: collocate_stopwords.as_ref(),
        framer: &framer,
        framed: &framed,
        summary: args.framing.summary()?,
        keyness_counts: by_lemma.as_ref(),
    };
    let times = run_jobs(compare_jobs(&inputs, true, &out))?;
    args.output.finish(out, &analysis, times, tables_start)
}
