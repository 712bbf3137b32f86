//! The `corpus-lens` command: a thin layer over the library. It parses arguments, runs the
//! engine, writes tables and reports errors (exit 1 for bad input, 2 for bad usage).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use corpus_lens::corpus::Corpus;
use corpus_lens::engine::{Analysis, Analyzer, Config};
use corpus_lens::freq::{self, FreqOptions};
use corpus_lens::read::ReadOptions;
use corpus_lens::stopwords::Stopwords;
use corpus_lens::tables::{self, OutputDir};
use corpus_lens::{count::CountOptions, Error};
use rayon::prelude::*;

// glibc's malloc was ~10% of the profile: paragraph results are allocated on worker threads
// and freed on the merging thread, which glibc handles slowly. mimalloc handles it well.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXAMPLES_ANALYZE: &str = "\
Examples:
  corpus-lens analyze                          # the shipped corpus (corpora/manifest.toml) -> out/
  corpus-lens analyze memoirs/ --out tables    # every *.txt under memoirs/
  corpus-lens analyze my_manifest.toml --threads 2
  corpus-lens analyze scan.txt --lossy         # replace invalid UTF-8 instead of failing";

const EXAMPLES_FREQ: &str = "\
Examples:
  corpus-lens freq                             # frequency tables of the shipped corpus -> out/
  corpus-lens freq reed.txt --stopwords english --min-freq 5 --out reed_tables";

/// Corpus linguistics for memoirs and other historical prose: frequencies, dispersion,
/// stems and OCR-noise reports, written as tidy CSV tables for R and pandas.
#[derive(Parser)]
#[command(name = "corpus-lens", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run every stage and write all tables into the output folder.
    #[command(after_help = EXAMPLES_ANALYZE)]
    Analyze(RunArgs),
    /// Write only the frequency tables (freq, freq_by_document, stems, corpus_summary,
    /// ocr_suspects).
    #[command(after_help = EXAMPLES_FREQ)]
    Freq(RunArgs),
    /// Print the schema of every table (Markdown, as in the README).
    Schema,
}

#[derive(Args)]
struct RunArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml). Default: the shipped corpus,
    /// corpora/manifest.toml.
    inputs: Vec<PathBuf>,
    /// Folder for the tables (created if missing; tables are replaced atomically).
    #[arg(long, short, default_value = "out")]
    out: PathBuf,
    /// Worker threads (default: one per core). Results are identical for any value.
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Replace invalid UTF-8 with U+FFFD (counted in corpus_summary.csv) instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Count number tokens (1917, r8le) as words.
    #[arg(long)]
    keep_numbers: bool,
    /// Leave stopwords out of the frequency tables: `english` or a file with one word a line.
    #[arg(long, value_name = "english|FILE")]
    stopwords: Option<String>,
    /// Leave words rarer than this out of the frequency tables.
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_freq: u64,
    /// Print the wall-clock time of each phase on standard error.
    #[arg(long)]
    timings: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
}

impl RunArgs {
    fn config(&self) -> Config {
        Config {
            // The global pool is already sized by run_freq.
            threads: None,
            read: ReadOptions {
                lossy: self.lossy,
                ..ReadOptions::default()
            },
            count: CountOptions {
                keep_numbers: self.keep_numbers,
            },
        }
    }

    fn freq_options(&self) -> Result<FreqOptions, Error> {
        let stopwords = match self.stopwords.as_deref() {
            None => None,
            Some("english") => Some(Stopwords::english()),
            Some(path) => Some(Stopwords::from_file(path.as_ref())?),
        };
        Ok(FreqOptions {
            stopwords,
            min_freq: self.min_freq,
        })
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("corpus-lens: error: {err}");
            ExitCode::from(if err.is_usage() { 2 } else { 1 })
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Analyze(args) | Command::Freq(args) => run_freq(&args),
        Command::Schema => {
            print!("{}", tables::schema_markdown());
            std::io::stdout().flush().ok();
            Ok(())
        }
    }
}

fn run_freq(args: &RunArgs) -> Result<(), Error> {
    let freq_options = args.freq_options()?;
    if let Some(n) = args.threads {
        // One pool for counting and for writing tables.
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.into())
            .build_global()
            .map_err(|e| Error::Usage(format!("cannot start {n} threads: {e}")))?;
    }
    let corpus = Corpus::from_inputs(&args.inputs)?;
    let analysis = Analyzer::new(args.config()).run(&corpus)?;
    let mut inputs: Vec<PathBuf> = corpus.documents().iter().map(|d| d.path.clone()).collect();
    if let Some(path) = args.stopwords.as_deref().filter(|s| *s != "english") {
        inputs.push(PathBuf::from(path));
    }
    let tables_start = std::time::Instant::now();
    let out = OutputDir::create(&args.out, &inputs)?;
    let (a, o) = (&analysis, &freq_options);
    // Each table is built and written as its own task; the first error in this order wins.
    let jobs: [&(dyn Fn() -> Result<(), Error> + Sync); 5] = [
        &|| out.write(&tables::CORPUS_SUMMARY, freq::corpus_summary(a)),
        &|| out.write(&tables::FREQ, freq::freq_table(a, o)),
        &|| out.write(&tables::FREQ_BY_DOCUMENT, freq::freq_by_document(a, o)),
        &|| out.write(&tables::STEMS, freq::stems_table(a, o)),
        &|| out.write(&tables::OCR_SUSPECTS, freq::ocr_suspects(a)),
    ];
    let names = ["summary", "freq", "freq_by_doc", "stems", "ocr"];
    let table_times = jobs
        .par_iter()
        .zip(names)
        .map(|(job, name)| {
            let start = std::time::Instant::now();
            job().map(|()| (name, start.elapsed()))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let written = out.commit()?;
    if args.timings {
        let tables = ("tables", tables_start.elapsed());
        let each = table_times.iter().map(|(n, t)| (*n, *t));
        let all: Vec<_> = analysis
            .timings
            .iter()
            .copied()
            .chain(each)
            .chain([tables])
            .collect();
        for (phase, time) in all {
            eprintln!(
                "corpus-lens: timing: {phase:<12} {:>8.3} s",
                time.as_secs_f64()
            );
        }
    }
    if !args.quiet {
        report(&analysis, written.len(), args);
    }
    Ok(())
}

fn report(analysis: &Analysis, tables: usize, args: &RunArgs) {
    let seconds = analysis.elapsed.as_secs_f64();
    let mb = analysis.bytes() as f64 / 1e6;
    let n = analysis.documents.len();
    eprintln!(
        "corpus-lens: {n} document{}, {} tokens, {:.1} MB in {:.2} s ({:.1} MB/s); {} tables in {}",
        if n == 1 { "" } else { "s" },
        analysis.tokens(),
        mb,
        seconds,
        mb / seconds.max(1e-9),
        tables,
        args.out.display()
    );
}
