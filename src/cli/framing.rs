//! `corpus-lens framing`: how each document frames each faction.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use corpus_lens::run::CountOptions;
use corpus_lens::Error;

use super::jobs::{framing_jobs, run_jobs};
use super::options::FramingArgs;
use super::output::TablesArgs;

#[derive(Args)]
pub(crate) struct FramingCommandArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml); `-` reads standard input.
    /// Default: the shipped corpus.
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    framing: FramingArgs,
    #[command(flatten)]
    output: TablesArgs,
}

pub(crate) fn run(args: &FramingCommandArgs) -> Result<(), Error> {
    let framer = args.framing.framer()?;
    let summary = args.framing.summary()?;
    let (corpus, mut analysis) = args.output.common.run(
        &args.inputs,
        CountOptions {
            framing: Some(framer.clone()),
            ..Default::default()
        },
    )?;
    let tables_start = Instant::now();
    let out = args.output.create(&corpus, args.framing.files())?;
    let docs = analysis.take_framing();
    let times = run_jobs(framing_jobs(&framer, &docs, summary, None, &out))?;
    args.output.finish(out, &analysis, times, tables_start)
}
