//! `corpus-lens collocations`: collocates of node words or phrases.

use clap::Args;
use corpus_lens::tables;
use corpus_lens::Error;

use super::options::heading::COLLOCATES;
use super::options::{stopwords_of, CollocWindowArgs, FilterArgs, LemmaArgs};
use super::output::{inputs_of, out_help, OneTableArgs};
use super::query::{MatchCheck, NodeQuery};

#[derive(Args)]
#[command(mut_arg("out", out_help("collocations.csv")))]
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
    output: OneTableArgs,
}

pub(crate) fn run(args: &CollocationArgs) -> Result<(), Error> {
    let mut filter = args.filter.filter()?;
    if args.stopwords.is_some() {
        filter.stopwords = stopwords_of(args.stopwords.as_deref(), false)?;
    }
    let (corpus, analysis) =
        args.query
            .count(&args.window, &args.lemma, &args.check, &args.output.common)?;
    let rows = analysis.collocations(&filter)?;
    let inputs = inputs_of(&corpus, args.lemma.files());
    args.output
        .write(&analysis, &inputs, &tables::COLLOCATIONS, rows)
}
