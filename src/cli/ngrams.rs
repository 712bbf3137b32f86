//! `corpus-lens ngrams`: clusters of 2 to 4 words.

use std::path::PathBuf;

use clap::Args;
use corpus_lens::analyses::ngrams;
use corpus_lens::run::CountOptions;
use corpus_lens::tables;
use corpus_lens::Error;

use super::options::heading::{NGRAMS, OUTPUT};
use super::options::{Common, NgramFlags, PartsArgs};
use super::output::{finish_one, write_one};

#[derive(Args)]
pub(crate) struct NgramArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml); `-` reads standard input.
    /// Default: the shipped corpus.
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    ngram: NgramFlags,
    /// Leave out n-grams seen fewer times than this.
    #[arg(long, default_value_t = 2, value_name = "N", help_heading = NGRAMS)]
    min_freq: u64,
    #[command(flatten)]
    common: Common,
    /// Write ngrams.csv into this folder instead of standard output.
    #[arg(long, short, help_heading = OUTPUT, display_order = 0)]
    out: Option<PathBuf>,
    #[command(flatten)]
    parts: PartsArgs,
}

pub(crate) fn run(args: &NgramArgs) -> Result<(), Error> {
    let options = args.ngram.options()?;
    let (corpus, analysis) = args.common.run(
        &args.inputs,
        CountOptions {
            ngrams: Some(options),
            parts: args.parts.get(),
            ..Default::default()
        },
    )?;
    let rows = ngrams::ngram_rows(&analysis, args.min_freq);
    write_one(
        &corpus,
        args.out.as_ref(),
        args.common.format.get(),
        &tables::NGRAMS,
        rows,
    )?;
    finish_one(&analysis, &args.common, args.out.as_ref());
    Ok(())
}
