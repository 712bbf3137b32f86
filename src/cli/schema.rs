//! `corpus-lens schema`: every table's columns and types.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use corpus_lens::tables;
use corpus_lens::Error;

#[derive(Args)]
pub(crate) struct SchemaArgs {
    /// CSV in schema.csv's layout, with placeholders such as <dimension> for the columns that
    /// depend on the run; or Markdown, as in the README.
    #[arg(long, value_enum, default_value_t = SchemaFormat::Csv)]
    format: SchemaFormat,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SchemaFormat {
    Csv,
    Markdown,
}

/// Prints the declared schema. No `--out`: a folder's schema.csv must describe the tables
/// beside it, which only the run that wrote them can do (with the actual dimension and
/// collocate columns); this one has placeholders.
pub(crate) fn run(args: &SchemaArgs) -> Result<(), Error> {
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    match args.format {
        SchemaFormat::Csv => tables::write_declared_schema(&mut stdout),
        SchemaFormat::Markdown => {
            let md = tables::schema_markdown();
            stdout
                .write_all(md.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| Error::Io {
                    path: PathBuf::from("-"),
                    source: e,
                })
        }
    }
}
