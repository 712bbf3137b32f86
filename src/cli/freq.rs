//! `corpus-lens freq`: the frequency tables.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use corpus_lens::run::CountOptions;
use corpus_lens::tables::OutputDir;
use corpus_lens::Error;

use super::jobs::{freq_jobs, run_jobs};
use super::options::heading::OUTPUT;
use super::options::{Common, FreqFilter, PartsArgs};
use super::output::{finish_tables, inputs_of};

#[derive(Args)]
pub(crate) struct FreqArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml); `-` reads standard input.
    /// Default: the shipped corpus, corpora/manifest.toml.
    pub(crate) inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) freq: FreqFilter,
    #[command(flatten)]
    pub(crate) common: Common,
    /// Folder for the tables (created if missing; tables are replaced atomically).
    #[arg(long, short, default_value = "out", help_heading = OUTPUT, display_order = 0)]
    pub(crate) out: PathBuf,
    #[command(flatten)]
    pub(crate) parts: PartsArgs,
}

pub(crate) fn run(args: &FreqArgs) -> Result<(), Error> {
    let freq_options = args.freq.options(args.common.lossy)?;
    let count = CountOptions {
        parts: args.parts.get(),
        ..Default::default()
    };
    let (corpus, analysis) = args.common.run(&args.inputs, count)?;
    let tables_start = Instant::now();
    let out = OutputDir::create_as(
        &args.out,
        &inputs_of(&corpus, args.freq.stopword_file()),
        args.common.format.get(),
    )?;
    let times = run_jobs(freq_jobs(&analysis, &freq_options, &out))?;
    finish_tables(out, &analysis, &args.common, times, tables_start, &args.out)
}
