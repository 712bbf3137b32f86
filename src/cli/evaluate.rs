//! `corpus-lens evaluate`: the framing scores against a gold standard of labelled mentions.

use std::path::PathBuf;

use clap::Args;
use corpus_lens::corpus::Corpus;
use corpus_lens::framing::evaluate::{self, Gold, DEFAULT_BOOTSTRAP};
use corpus_lens::framing::Framer;
use corpus_lens::run::Analysis;
use corpus_lens::run::CountOptions;
use corpus_lens::stats::bootstrap::Bootstrap;
use corpus_lens::tables;
use corpus_lens::Error;

use super::engine::start_pool;
use super::options::{Common, FramerArgs, MAX_REPLICATES, MIN_REPLICATES};
use super::output::{inputs_of, out_help, OneTableArgs};

#[derive(Args)]
#[command(mut_arg("out", out_help("evaluation.csv")))]
pub(crate) struct EvaluateArgs {
    /// The gold file: CSV with the columns document, byte_offset, faction and stance (-1, 0
    /// or +1), and optionally mention, is_mention and the other columns of
    /// corpora/gold/gold.csv.
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// The corpus the gold rows were drawn from: text files, folders of *.txt files, or
    /// manifests (*.toml). Default: the shipped corpus.
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    framer: FramerArgs,
    /// Bootstrap replicates for the confidence intervals (40 to 100,000).
    #[arg(long, default_value_t = DEFAULT_BOOTSTRAP.replicates as u32, value_name = "B",
          value_parser = clap::value_parser!(u32).range(MIN_REPLICATES..=MAX_REPLICATES))]
    replicates: u32,
    /// Bootstrap seed (the same seed gives the same intervals).
    #[arg(long, default_value_t = DEFAULT_BOOTSTRAP.seed, value_name = "N")]
    seed: u64,
    #[command(flatten)]
    output: OneTableArgs,
}

/// Reads the corpus of `inputs`, checks that the gold file names only its documents and the
/// framer's factions (before the run, not after), and finds the mentions (`evaluate`,
/// `train-framing`).
pub(crate) fn frame_gold_corpus(
    common: &Common,
    inputs: &[PathBuf],
    gold: &Gold,
    framer: &Framer,
) -> Result<(Corpus, Analysis), Error> {
    start_pool(common.threads)?;
    let corpus = common.corpus(inputs)?;
    let ids: Vec<&str> = corpus.documents().iter().map(|d| d.id.as_str()).collect();
    gold.check(&ids, framer.factions())?;
    let analysis = common.analyze(
        &corpus,
        CountOptions {
            framing: Some(framer.clone()),
            ..Default::default()
        },
    )?;
    Ok((corpus, analysis))
}

pub(crate) fn run(args: &EvaluateArgs) -> Result<(), Error> {
    let gold = evaluate::read_gold(&args.gold)?;
    let framer = args.framer.framer()?;
    let (corpus, analysis) = frame_gold_corpus(&args.output.common, &args.inputs, &gold, &framer)?;
    let bootstrap = Bootstrap::new(args.replicates as usize, args.seed)?;
    let rows = evaluate::evaluate(&gold, &framer, &analysis, &bootstrap)?;
    let mut inputs = inputs_of(&corpus, args.framer.files());
    inputs.push(args.gold.clone());
    args.output
        .write(&analysis, &inputs, &tables::EVALUATION, rows)
}
