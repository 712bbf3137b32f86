//! `corpus-lens kwic`: concordance lines of node words or phrases.

use clap::Args;
use corpus_lens::analyses::collocate::KwicRow;
use corpus_lens::analyses::kwic_sort::{self, SortKey};
use corpus_lens::tables;
use corpus_lens::Error;

use super::options::heading::CONCORDANCE;
use super::options::{KwicWindowArgs, LemmaArgs};
use super::output::{inputs_of, out_help, OneTableArgs};
use super::query::{MatchCheck, NodeQuery};

#[derive(Args)]
#[command(mut_arg("out", out_help("kwic.csv")))]
pub(crate) struct KwicArgs {
    #[command(flatten)]
    query: NodeQuery,
    /// Sort the lines by the words around the node, as AntConc does: keys separated by
    /// commas, 1L, 2L ... (words left of the node), node, 1R, 2R ... (words right of it),
    /// each compared lowercased; ties keep the text order (the default order).
    #[arg(long, value_name = "KEYS", help_heading = CONCORDANCE)]
    sort: Option<String>,
    #[command(flatten)]
    window: KwicWindowArgs,
    #[command(flatten)]
    check: MatchCheck,
    #[command(flatten)]
    lemma: LemmaArgs,
    #[command(flatten)]
    output: OneTableArgs,
}

pub(crate) fn run(args: &KwicArgs) -> Result<(), Error> {
    // Checked before the run: a bad key fails at once, not after counting.
    let sort = args
        .sort
        .as_deref()
        .map(|keys| SortKey::parse_within(keys, args.window.width.width.into()))
        .transpose()?;
    let (corpus, analysis) =
        args.query
            .count(&args.window, &args.lemma, &args.check, &args.output.common)?;
    let inputs = inputs_of(&corpus, args.lemma.files());
    // Sorted lines or streamed ones: one writer for both.
    let write = |rows: Box<dyn Iterator<Item = KwicRow> + '_>| {
        args.output.table(&inputs, &tables::KWIC, rows)
    };
    if let Some(keys) = sort {
        // Sorting needs every line at once; unsorted lines stream from the logs.
        let mut rows = analysis.kwic()?;
        kwic_sort::sort_lines(&mut rows, &keys);
        write(Box::new(rows.into_iter()))?;
    } else {
        let error = std::cell::Cell::new(None);
        write(Box::new(analysis.kwic_lines(&error)?))?;
        error.take().map_or(Ok(()), Err)?;
    }
    args.output.finish(&analysis);
    Ok(())
}
