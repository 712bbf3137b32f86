//! `corpus-lens evaluate`: the framing scores against a gold standard of labelled mentions.

use std::path::PathBuf;

use clap::Args;
use corpus_lens::framing::evaluate::{self, DEFAULT_BOOTSTRAP};
use corpus_lens::run::CountOptions;
use corpus_lens::stats::bootstrap::Bootstrap;
use corpus_lens::tables;
use corpus_lens::Error;

use super::engine::start_pool;
use super::options::heading::OUTPUT;
use super::options::{Common, FramerArgs, MAX_REPLICATES, MIN_REPLICATES};
use super::output::{finish_one, inputs_of, write_one_reading};

#[derive(Args)]
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
    common: Common,
    /// Write evaluation.csv into this folder instead of standard output.
    #[arg(long, short, help_heading = OUTPUT, display_order = 0)]
    out: Option<PathBuf>,
}

pub(crate) fn run(args: &EvaluateArgs) -> Result<(), Error> {
    let gold = evaluate::read_gold(&args.gold)?;
    let framer = args.framer.framer()?;
    start_pool(args.common.threads)?;
    let corpus = args.common.corpus(&args.inputs)?;
    // A gold file that names an unknown document or faction fails before the run.
    let ids: Vec<&str> = corpus.documents().iter().map(|d| d.id.as_str()).collect();
    gold.check(&ids, framer.factions())?;
    let analysis = args.common.analyze(
        &corpus,
        CountOptions {
            framing: Some(framer.clone()),
            ..Default::default()
        },
    )?;
    let bootstrap = Bootstrap {
        replicates: args.replicates as usize,
        seed: args.seed,
    };
    let rows = evaluate::evaluate(&gold, &framer, &analysis, &bootstrap)?;
    let mut inputs = inputs_of(&corpus, args.framer.files());
    inputs.push(args.gold.clone());
    write_one_reading(
        &inputs,
        args.out.as_ref(),
        args.common.format.get(),
        &tables::EVALUATION,
        rows,
    )?;
    finish_one(&analysis, &args.common, args.out.as_ref());
    Ok(())
}
