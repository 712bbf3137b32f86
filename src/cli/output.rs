//! Where the tables go, and the summary line on standard error.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use clap::{Arg, Args};
use corpus_lens::corpus::Corpus;
use corpus_lens::run::Analysis;
use corpus_lens::tables::{self, Format, OutputDir};
use corpus_lens::Error;

use super::options::heading::OUTPUT;
use super::options::Common;
use super::progress_bar;

/// The common options and `--out` of a command that writes one table: into `--out` or to
/// standard output. The command names its table in `--out`'s help with [`out_help`].
#[derive(Args)]
pub(crate) struct OneTableArgs {
    #[command(flatten)]
    pub(crate) common: Common,
    /// Write the table into this folder (or to this file, if it ends in .csv or .parquet)
    /// instead of standard output.
    #[arg(long, short, help_heading = OUTPUT, display_order = 0)]
    pub(crate) out: Option<PathBuf>,
}

/// `--out`'s help for a command that writes the table `file` (for clap's `mut_arg`).
pub(crate) fn out_help(file: &str) -> impl FnOnce(Arg) -> Arg {
    // Without the final period, as clap shows a doc comment.
    let help = format!(
        "Write {file} into this folder (with schema.csv) instead of standard output; a path \
         ending in .csv (.parquet with --format parquet) is the table's own file"
    );
    move |arg| arg.help(help)
}

impl OneTableArgs {
    /// Writes the table of a run that read the files `inputs` (see [`write_one_reading`]),
    /// then prints the summary line: the ending every one-table command shares.
    pub(crate) fn write<R: tables::Row>(
        &self,
        analysis: &Analysis,
        inputs: &[PathBuf],
        schema: &tables::Schema,
        rows: impl IntoIterator<Item = R>,
    ) -> Result<(), Error> {
        self.table(inputs, schema, rows)?;
        self.finish(analysis);
        Ok(())
    }

    /// Writes the table only, for a command with a check between the table and the summary
    /// line.
    pub(crate) fn table<R: tables::Row>(
        &self,
        inputs: &[PathBuf],
        schema: &tables::Schema,
        rows: impl IntoIterator<Item = R>,
    ) -> Result<(), Error> {
        let out = self.out.as_ref();
        write_one_reading(inputs, out, self.common.format.get(), schema, rows)
    }

    /// Prints the summary line.
    pub(crate) fn finish(&self, analysis: &Analysis) {
        finish_one(analysis, &self.common, self.out.as_ref());
    }
}

/// The common options and `--out` of a command that writes several tables into a folder.
#[derive(Args)]
pub(crate) struct TablesArgs {
    #[command(flatten)]
    pub(crate) common: Common,
    /// Folder for the tables (created if missing; tables are replaced atomically).
    #[arg(long, short, default_value = "out", help_heading = OUTPUT, display_order = 0)]
    pub(crate) out: PathBuf,
}

impl TablesArgs {
    /// The folder `--out` for the tables of a run over `corpus` that also read the files
    /// `extra` (which no table may replace).
    pub(crate) fn create(
        &self,
        corpus: &Corpus,
        extra: impl IntoIterator<Item = PathBuf>,
    ) -> Result<OutputDir, Error> {
        let inputs = inputs_of(corpus, extra);
        OutputDir::create_as(&self.out, &inputs, self.common.format.get())
    }

    /// [`finish_tables`] for the folder `out` made by [`TablesArgs::create`].
    pub(crate) fn finish(
        &self,
        out: OutputDir,
        analysis: &Analysis,
        table_times: Vec<(&'static str, Duration)>,
        tables_start: Instant,
    ) -> Result<(), Error> {
        finish_tables(
            out,
            analysis,
            &self.common,
            table_times,
            tables_start,
            &self.out,
        )
    }
}

/// When the command started: the summary line's seconds are the whole run's, tables and all.
pub(crate) static STARTED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// The run's inputs, for [`OutputDir::create`] (a table never replaces one): the corpus's
/// documents and the `extra` files read (lexicons, stopword lists).
pub(crate) fn inputs_of(corpus: &Corpus, extra: impl IntoIterator<Item = PathBuf>) -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = corpus.documents().iter().map(|d| d.path.clone()).collect();
    inputs.extend(extra);
    inputs
}

/// Writes one table into the folder `out`, or the file `out` names (see
/// [`tables::names_a_file`]), atomically; or to standard output.
pub(crate) fn write_one<R: tables::Row>(
    corpus: &Corpus,
    out: Option<&PathBuf>,
    format: Format,
    schema: &tables::Schema,
    rows: impl IntoIterator<Item = R>,
) -> Result<(), Error> {
    write_one_reading(&inputs_of(corpus, None), out, format, schema, rows)
}

/// [`write_one`], for a run that read the files `inputs` (which the table must not replace).
pub(crate) fn write_one_reading<R: tables::Row>(
    inputs: &[PathBuf],
    out: Option<&PathBuf>,
    format: Format,
    schema: &tables::Schema,
    rows: impl IntoIterator<Item = R>,
) -> Result<(), Error> {
    // `--out -` is standard output, as `-` is standard input.
    let out = out.filter(|p| p.as_path() != Path::new("-"));
    match (out, format) {
        (Some(file), _) if tables::names_a_file(file, format)? => {
            tables::write_table_file(file, inputs, format, schema, rows)?;
        }
        (Some(dir), _) => {
            let out = OutputDir::create_as(dir, inputs, format)?;
            out.write(schema, rows)?;
            out.commit()?;
        }
        (None, Format::Csv) => {
            let stdout = std::io::stdout();
            tables::write_csv(stdout.lock(), schema, rows)?;
        }
        (None, Format::Parquet) => {
            use std::io::IsTerminal;
            if std::io::stdout().is_terminal() {
                return Err(Error::Usage(
                    "--format parquet writes binary data: give --out DIR, or redirect standard \
                     output to a file"
                        .into(),
                ));
            }
            let stdout = std::io::BufWriter::new(std::io::stdout());
            let mut table = tables::columnar::ParquetTable::new(stdout, &schema.layout(&[]))?;
            for row in rows {
                table.push(&row)?;
            }
            let mut stdout = table.finish()?;
            std::io::Write::flush(&mut stdout).map_err(|source| Error::Io {
                path: "-".into(),
                source,
            })?;
        }
    }
    Ok(())
}

/// Renames the tables that jobs wrote into `out` into place, then prints the summary line
/// (`table_times`: the jobs' times, for `--timings`).
pub(crate) fn finish_tables(
    out: OutputDir,
    analysis: &Analysis,
    common: &Common,
    table_times: Vec<(&'static str, Duration)>,
    tables_start: Instant,
    dir: &Path,
) -> Result<(), Error> {
    let written = out.commit()?;
    finish(
        analysis,
        common,
        table_times,
        tables_start,
        written.len(),
        dir,
    );
    Ok(())
}

/// The summary line of a command that wrote one table, into the folder `out` or to standard
/// output.
pub(crate) fn finish_one(analysis: &Analysis, common: &Common, out: Option<&PathBuf>) {
    let target = out.cloned().unwrap_or_else(|| PathBuf::from("-"));
    finish(analysis, common, Vec::new(), Instant::now(), 1, &target);
}

/// Clears the progress bar and prints the summary line (and with `--timings`, each phase's
/// time) on standard error.
fn finish(
    analysis: &Analysis,
    common: &Common,
    table_times: Vec<(&'static str, Duration)>,
    tables_start: Instant,
    written: usize,
    out: &Path,
) {
    progress_bar::clear();
    if common.timings {
        let tables = ("tables", tables_start.elapsed());
        let all = analysis
            .timings
            .iter()
            .copied()
            .chain(table_times)
            .chain([tables]);
        for (phase, time) in all {
            eprintln!(
                "corpus-lens: timing: {phase:<12} {:>8.3} s",
                time.as_secs_f64()
            );
        }
    }
    if !common.quiet {
        // The whole run (reading the corpus, counting, every table written and renamed into
        // place), as a stopwatch would time it; `--timings` gives the phases.
        let seconds = STARTED
            .get()
            .map_or(analysis.elapsed, |t| t.elapsed())
            .as_secs_f64();
        let mb = analysis.bytes() as f64 / 1e6;
        let n = analysis.documents.len();
        let target = if out == Path::new("-") {
            "standard output".to_string()
        } else {
            out.display().to_string()
        };
        eprintln!(
            "corpus-lens: {n} document{}, {} tokens, {:.1} MB in {:.2} s ({:.1} MB/s); {} table{} in {}",
            if n == 1 { "" } else { "s" },
            analysis.tokens(),
            mb,
            seconds,
            mb / seconds.max(1e-9),
            written,
            if written == 1 { "" } else { "s" },
            target
        );
    }
}
