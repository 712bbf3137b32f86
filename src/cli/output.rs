//! Where the tables go, and the summary line on standard error.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use corpus_lens::corpus::Corpus;
use corpus_lens::run::Analysis;
use corpus_lens::tables::{self, Format, OutputDir};
use corpus_lens::Error;

use super::options::Common;
use super::progress_bar;

/// When the command started: the summary line's seconds are the whole run's, tables and all.
pub(crate) static STARTED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// The run's inputs, for [`OutputDir::create`] (a table never replaces one): the corpus's
/// documents and the `extra` files read (lexicons, stopword lists).
pub(crate) fn inputs_of(corpus: &Corpus, extra: impl IntoIterator<Item = PathBuf>) -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = corpus.documents().iter().map(|d| d.path.clone()).collect();
    inputs.extend(extra);
    inputs
}

/// Writes one table into `out` (atomically) or to standard output.
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
    match (out, format) {
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
