//! `corpus-lens collocations`: collocates of node words or phrases.

use std::path::PathBuf;

use clap::Args;
use corpus_lens::tables;
use corpus_lens::Error;

use super::options::heading::{COLLOCATES, OUTPUT};
use super::options::{stopwords_of, CollocWindowArgs, Common, FilterArgs, LemmaArgs};
use super::output::{finish_one, inputs_of, write_one_reading};
use super::query::{count_query, MatchCheck, NodeQuery};

#[derive(Args)]
pub(crate) struct CollocationArgs {
    #[command(flatten)]
    query: NodeQuery,
    #[command(flatten)]
    window: CollocWindowArgs,
    #[command(flatten)]
    check: MatchCheck,
    #[command(flatten)]
    lemma: LemmaArgs,
    #[command(flatten)]
    filter: FilterArgs,
    /// Leave out collocates that are stopwords (as --collocate-stopwords): `english` (the
    /// default), `none` or a file with one word a line.
    #[arg(long, value_name = "LIST", conflicts_with = "collocate_stopwords",
          help_heading = COLLOCATES)]
    stopwords: Option<String>,
    #[command(flatten)]
    common: Common,
    /// Write collocations.csv into this folder instead of standard output.
    #[arg(long, short, help_heading = OUTPUT, display_order = 0)]
    out: Option<PathBuf>,
}

pub(crate) fn run(args: &CollocationArgs) -> Result<(), Error> {
    let mut filter = args.filter.filter()?;
    if args.stopwords.is_some() {
        filter.stopwords = stopwords_of(args.stopwords.as_deref(), false)?;
    }
    let (corpus, analysis) = count_query(
        &args.query,
        &args.window,
        &args.lemma,
        &args.check,
        &args.common,
    )?;
    let rows = analysis.collocations(&filter)?;
    write_one_reading(
        &inputs_of(&corpus, args.lemma.files()),
        args.out.as_ref(),
        args.common.format.get(),
        &tables::COLLOCATIONS,
        rows,
    )?;
    finish_one(&analysis, &args.common, args.out.as_ref());
    Ok(())
}
