//! `corpus-lens ngrams`: clusters of 2 to 4 words.

use std::path::PathBuf;

use clap::Args;
use corpus_lens::analyses::ngrams;
use corpus_lens::run::CountOptions;
use corpus_lens::tables;
use corpus_lens::Error;

use super::options::heading::NGRAMS;
use super::options::NgramFlags;
use super::output::{inputs_of, out_help, OneTableArgs};

#[derive(Args)]
#[command(mut_arg("out", out_help("ngrams.csv")))]
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
    output: OneTableArgs,
}

pub(crate) fn run(args: &NgramArgs) -> Result<(), Error> {
    let options = args.ngram.options()?;
    let (corpus, analysis) = args.output.common.run(
        &args.inputs,
        CountOptions {
            ngrams: Some(options),
            ..Default::default()
        },
    )?;
    let rows = ngrams::ngram_rows(&analysis, args.min_freq);
    let inputs = inputs_of(&corpus, None);
    args.output.write(&analysis, &inputs, &tables::NGRAMS, rows)
}
