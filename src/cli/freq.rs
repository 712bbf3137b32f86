//! `corpus-lens freq`: the frequency tables.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use corpus_lens::run::CountOptions;
use corpus_lens::Error;

use super::jobs::{freq_jobs, run_jobs};
use super::options::{FreqFilter, PartsArgs};
use super::output::TablesArgs;

#[derive(Args)]
pub(crate) struct FreqArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml); `-` reads standard input.
    /// Default: the shipped corpus, corpora/manifest.toml.
    pub(crate) inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) freq: FreqFilter,
    #[command(flatten)]
    pub(crate) output: TablesArgs,
    #[command(flatten)]
    pub(crate) parts: PartsArgs,
}

pub(crate) fn run(args: &FreqArgs) -> Result<(), Error> {
    let freq_options = args.freq.options(args.output.common.lossy)?;
    let count = CountOptions {
        parts: args.parts.get(),
        ..Default::default()
    };
    let (corpus, analysis) = args.output.common.run(&args.inputs, count)?;
    let tables_start = Instant::now();
    let out = args.output.create(&corpus, args.freq.stopword_file())?;
    let times = run_jobs(freq_jobs(&analysis, &freq_options, &out))?;
    args.output.finish(out, &analysis, times, tables_start)
}
