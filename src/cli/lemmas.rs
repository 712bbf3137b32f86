//! `corpus-lens lemmas`: the lemma list (lemmas.csv).

use std::path::PathBuf;

use clap::Args;
use corpus_lens::analyses::lemmas::lemma_rows;
use corpus_lens::run::CountOptions;
use corpus_lens::tables;
use corpus_lens::Error;

use super::options::{FreqFilter, LemmaArgs};
use super::output::{inputs_of, out_help, OneTableArgs};

#[derive(Args)]
#[command(mut_arg("out", out_help("lemmas.csv")))]
pub(crate) struct LemmasArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml); `-` reads standard input.
    /// Default: the shipped corpus.
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    lemma: LemmaArgs,
    #[command(flatten)]
    freq: FreqFilter,
    #[command(flatten)]
    output: OneTableArgs,
}

pub(crate) fn run(args: &LemmasArgs) -> Result<(), Error> {
    let freq_options = args.freq.options(args.output.common.lossy)?;
    let (lemmas, pos) = args.lemma.options()?;
    let count = CountOptions {
        lemmas: Some(lemmas),
        ..Default::default()
    };
    let (corpus, analysis) = args.output.common.run(&args.inputs, count)?;
    let tables = analysis.lemmas.as_ref().expect("lemmas were counted");
    let rows = lemma_rows(&analysis, tables, &freq_options, pos.as_deref());
    let mut read = args.lemma.files();
    read.extend(args.freq.stopword_file());
    let inputs = inputs_of(&corpus, read);
    args.output.write(&analysis, &inputs, &tables::LEMMAS, rows)
}
