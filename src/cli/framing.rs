//! `corpus-lens framing`: how each document frames each faction.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use corpus_lens::run::CountOptions;
use corpus_lens::tables::OutputDir;
use corpus_lens::Error;

use super::jobs::{framing_jobs, run_jobs};
use super::options::heading::OUTPUT;
use super::options::{Common, FramingArgs};
use super::output::{finish_tables, inputs_of};

#[derive(Args)]
pub(crate) struct FramingCommandArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml); `-` reads standard input.
    /// Default: the shipped corpus.
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    framing: FramingArgs,
    #[command(flatten)]
    common: Common,
    /// Folder for the tables (created if missing; tables are replaced atomically).
    #[arg(long, short, default_value = "out", help_heading = OUTPUT, display_order = 0)]
    out: PathBuf,
}

pub(crate) fn run(args: &FramingCommandArgs) -> Result<(), Error> {
    let framer = args.framing.framer()?;
    let summary = args.framing.summary()?;
    let (corpus, mut analysis) = args.common.run(
        &args.inputs,
        CountOptions {
            framing: Some(framer.clone()),
            ..Default::default()
        },
    )?;
    let tables_start = Instant::now();
    let out = OutputDir::create_as(
        &args.out,
        &inputs_of(&corpus, args.framing.files()),
        args.common.format.get(),
    )?;
    let docs = analysis.take_framing();
    let times = run_jobs(framing_jobs(&framer, &docs, summary, None, &out))?;
    finish_tables(out, &analysis, &args.common, times, tables_start, &args.out)
}
