//! `corpus-lens lemmas`: the lemma list (lemmas.csv).

use std::path::PathBuf;

use clap::Args;
use corpus_lens::analyses::lemmas::lemma_rows;
use corpus_lens::run::CountOptions;
use corpus_lens::tables;
use corpus_lens::Error;

use super::options::heading::OUTPUT;
use super::options::{Common, FreqFilter, LemmaArgs, PartsArgs};
use super::output::{finish_one, inputs_of, write_one_reading};

#[derive(Args)]
pub(crate) struct LemmasArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml); `-` reads standard input.
    /// Default: the shipped corpus.
    inputs: Vec<PathBuf>,
    #[command(flatten)]
    lemma: LemmaArgs,
    #[command(flatten)]
    freq: FreqFilter,
    #[command(flatten)]
    common: Common,
    /// Write lemmas.csv into this folder instead of standard output.
    #[arg(long, short, help_heading = OUTPUT, display_order = 0)]
    out: Option<PathBuf>,
    #[command(flatten)]
    parts: PartsArgs,
}

pub(crate) fn run(args: &LemmasArgs) -> Result<(), Error> {
    let freq_options = args.freq.options(args.common.lossy)?;
    let (lemmas, pos) = args.lemma.options()?;
    let count = CountOptions {
        lemmas: Some(lemmas),
        parts: args.parts.get(),
        ..Default::default()
    };
    let (corpus, analysis) = args.common.run(&args.inputs, count)?;
    let tables = analysis.lemmas.as_ref().expect("lemmas were counted");
    let rows = lemma_rows(&analysis, tables, &freq_options, pos.as_deref());
    let mut read = args.lemma.files();
    read.extend(args.freq.stopword_file());
    let inputs = inputs_of(&corpus, read);
    write_one_reading(
        &inputs,
        args.out.as_ref(),
        args.common.format.get(),
        &tables::LEMMAS,
        rows,
    )?;
    finish_one(&analysis, &args.common, args.out.as_ref());
    Ok(())
}
