//! `corpus-lens sentiment`: VADER sentiment of each line.

use std::path::{Path, PathBuf};

use clap::Args;
use corpus_lens::corpus::{Corpus, Document};
use corpus_lens::framing::sentiment;
use corpus_lens::tables;
use corpus_lens::Error;

use super::engine::start_pool;
use super::output::write_one;

#[derive(Args)]
pub(crate) struct SentimentArgs {
    /// A text file with one text per line, or `-` for standard input.
    input: PathBuf,
    /// Write sentiment.csv into this folder (with schema.csv) instead of standard output; a
    /// path ending in .csv (.parquet with --format parquet) is the table's own file.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Worker threads (default: one per core). Results are identical for any value.
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    #[command(flatten)]
    format: super::options::FormatArg,
}

pub(crate) fn run(args: &SentimentArgs) -> Result<(), Error> {
    start_pool(args.threads)?;
    let text = sentiment::read_input(&args.input, args.lossy)?;
    let rows = sentiment::score_lines(&text);
    let inputs = if args.input == Path::new("-") {
        Vec::new()
    } else {
        vec![args.input.clone()]
    };
    let corpus = Corpus::new(inputs.iter().map(|p| Document::bare("input", p)).collect());
    write_one(
        &corpus,
        args.out.as_ref(),
        args.format.get(),
        &tables::SENTIMENT,
        rows,
    )
}
