//! `corpus-lens kwic`: concordance lines of node words or phrases.

use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use corpus_lens::analyses::kwic_sort::{self, SortKey};
use corpus_lens::run::CountOptions;
use corpus_lens::tables;
use corpus_lens::Error;

use super::options::heading::{CONCORDANCE, OUTPUT};
use super::options::{query_windows, Common, KwicWindowArgs, LemmaArgs};
use super::output::{finish_one, inputs_of, write_one_reading};
use super::query::{check_matches, MatchCheck, NodeQuery};

#[derive(Args)]
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
    common: Common,
    /// Write kwic.csv into this folder instead of standard output.
    #[arg(long, short, help_heading = OUTPUT, display_order = 0)]
    out: Option<PathBuf>,
}

pub(crate) fn run(args: &KwicArgs) -> Result<(), Error> {
    let (nodes, inputs) = args.query.split()?;
    let windows = Arc::new(query_windows(
        &args.window,
        &args.lemma,
        &nodes,
        args.common.keep_numbers,
    )?);
    let sort = args
        .sort
        .as_deref()
        .map(|keys| SortKey::parse_within(keys, args.window.width.width.into()))
        .transpose()?;
    let (corpus, analysis) = args.common.run(
        &inputs,
        CountOptions {
            windows: Some(windows),
            ..Default::default()
        },
    )?;
    check_matches(&analysis, Some(&args.check), args.common.quiet)?;
    if let Some(keys) = sort {
        // Sorting needs every line at once; unsorted lines stream from the logs.
        let mut rows = analysis.kwic()?;
        kwic_sort::sort_lines(&mut rows, &keys);
        write_one_reading(
            &inputs_of(&corpus, args.lemma.files()),
            args.out.as_ref(),
            args.common.format.get(),
            &tables::KWIC,
            rows,
        )?;
    } else {
        let error = std::cell::Cell::new(None);
        let rows = analysis.kwic_lines(&error)?;
        write_one_reading(
            &inputs_of(&corpus, args.lemma.files()),
            args.out.as_ref(),
            args.common.format.get(),
            &tables::KWIC,
            rows,
        )?;
        error.take().map_or(Ok(()), Err)?;
    }
    finish_one(&analysis, &args.common, args.out.as_ref());
    Ok(())
}
