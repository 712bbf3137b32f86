//! `corpus-lens freq`: the frequency tables.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use corpus_lens::run::CountOptions;
use corpus_lens::tables::OutputDir;
use corpus_lens::Error;

use super::jobs::{freq_jobs, run_jobs};
use super::options::{Common, FreqFilter};
use super::output::{finish_tables, inputs_of};

#[derive(Args)]
pub(crate) struct FreqArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml). Default: the shipped corpus,
    /// corpora/manifest.toml.
    pub(crate) inputs: Vec<PathBuf>,
    /// Folder for the tables (created if missing; tables are replaced atomically).
    #[arg(long, short, default_value = "out")]
    pub(crate) out: PathBuf,
    #[command(flatten)]
    pub(crate) common: Common,
    #[command(flatten)]
    pub(crate) freq: FreqFilter,
}

pub(crate) fn run(args: &FreqArgs) -> Result<(), Error> {
    let freq_options = args.freq.options(args.common.lossy)?;
    let (corpus, analysis) = args.common.run(&args.inputs, CountOptions::default())?;
    let tables_start = Instant::now();
    let out = OutputDir::create_as(
        &args.out,
        &inputs_of(&corpus, args.freq.stopword_file()),
        args.common.format.get(),
    )?;
    let times = run_jobs(freq_jobs(&analysis, &freq_options, &out))?;
    finish_tables(out, &analysis, &args.common, times, tables_start, &args.out)
}
