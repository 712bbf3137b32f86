//! The `corpus-lens` command: a thin layer over the library. It parses arguments, runs the
//! engine, writes tables and reports errors (exit 1 for bad input, 2 for bad usage).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand, ValueEnum};
use corpus_lens::bootstrap::Bootstrap;
use corpus_lens::collocate::{self, CollocationFilter, Counting, Measure, WindowOptions, Within};
use corpus_lens::compare::{self, Comparison, KeynessOptions};
use corpus_lens::corpus::Corpus;
use corpus_lens::engine::{Analysis, Analyzer, Config};
use corpus_lens::factions::FactionSet;
use corpus_lens::framing::{
    self, summary::DocumentFraming, summary::SummaryOptions, Context, Framer,
};
use corpus_lens::freq::{self, FreqOptions};
use corpus_lens::keyness::Correction;
use corpus_lens::kwic_sort::{self, SortKey};
use corpus_lens::lexicon::Lexicon;
use corpus_lens::matter;
use corpus_lens::ngrams::{self, NgramOptions};
use corpus_lens::nodes::{MatchBy, NodeSet};
use corpus_lens::progress::Progress;
use corpus_lens::read::ReadOptions;
use corpus_lens::stopwords::Stopwords;
use corpus_lens::tables::{self, OutputDir};
use corpus_lens::{count::CountOptions, Error};
use rayon::prelude::*;

mod progress_bar;

// glibc's malloc was ~10% of the profile: paragraph results are allocated on worker threads
// and freed on the merging thread, which glibc handles slowly. mimalloc handles it well.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The nodes `analyze` computes collocations and concordances for, by stem.
const DEFAULT_NODES: [&str; 3] = ["coalitionist", "bourgeoisie", "soviet"];

const EXAMPLES_ANALYZE: &str = "\
Examples:
  corpus-lens analyze                          # the shipped corpus (corpora/manifest.toml) -> out/
  corpus-lens analyze memoirs/ --out tables    # every *.txt under memoirs/
  corpus-lens analyze my_manifest.toml --threads 2
  corpus-lens analyze --node Kerensky --node 'Provisional Government' --by word
  corpus-lens analyze scan.txt --lossy         # replace invalid UTF-8 instead of failing";

const EXAMPLES_FREQ: &str = "\
Examples:
  corpus-lens freq                             # frequency tables of the shipped corpus -> out/
  corpus-lens freq reed.txt --stopwords english --min-freq 5 --out reed_tables";

const EXAMPLES_COLLOCATIONS: &str = "\
Examples:
  corpus-lens collocations bourgeoisie                       # CSV on standard output
  corpus-lens collocations Soviet --by stem --sort log_dice --top 20
  corpus-lens collocations 'Socialist Revolutionaries' Cadets --within sentence -i reed.txt
  corpus-lens collocations Cadets --case-sensitive --counting union --out tables";

const EXAMPLES_KWIC: &str = "\
Examples:
  corpus-lens kwic Coalitionist                              # CSV on standard output
  corpus-lens kwic 'Provisional Parliament' --width 12 -i corpora/manifest.toml
  corpus-lens kwic soviet --by stem --out tables
  corpus-lens kwic Soviet --sort 1R,2R                       # lines that go on alike together
  corpus-lens kwic 'Bolshevi*'                               # Bolshevik, Bolsheviki, Bolshevism ...";

const EXAMPLES_SENTIMENT: &str = "\
Examples:
  corpus-lens sentiment sentences.txt          # one text per line -> CSV on standard output
  echo 'The Soviet was strong and united.' | corpus-lens sentiment -
  corpus-lens sentiment sentences.txt --out tables";

const EXAMPLES_FRAMING: &str = "\
Examples:
  corpus-lens framing                          # the shipped corpus -> out/framing_*.csv
  corpus-lens framing reed.txt --window 10     # score +-10 tokens instead of the sentence
  corpus-lens framing --lexicon AFINN-111.txt --factions my_factions.toml --out tables
  corpus-lens framing --no-first-person --replicates 5000 --seed 7";

const EXAMPLES_COMPARE: &str = "\
Selectors: ID, id=ID1,ID2, author=NAME, author_faction=FACTION, year=YYYY or year=YYYY..YYYY,
language=CODE, all, rest (the reference only: every other document except the same work).
Repeat --target or --reference for a union.

Examples:
  corpus-lens compare --target trotsky1918 --reference denikin1922     # -> out/keyness.csv ...
  corpus-lens compare --target author_faction=bolsheviks --reference author_faction=whites
  corpus-lens compare --target reed1919 --target ransome1919 --correction bonferroni
  corpus-lens compare --target year=1922..1923 --node Kerensky --out tables";

const EXAMPLES_SCHEMA: &str = "\
Examples:
  corpus-lens schema                           # every table's columns and types, as CSV
  corpus-lens schema --format markdown         # the README's table reference

Every command that writes into --out also writes schema.csv there, in the same layout, with
the run's own dimension and collocate columns in place of <dimension> and <collocate>.";

const EXAMPLES_NGRAMS: &str = "\
Examples:
  corpus-lens ngrams                                         # CSV on standard output
  corpus-lens ngrams reed.txt --min-n 3 --max-n 3 --min-freq 5
  corpus-lens analyze --ngrams --ngram-min-freq 3
  corpus-lens ngrams --out tables";

/// Corpus linguistics for memoirs and other historical prose: frequencies, dispersion,
/// collocations and concordances, written as tidy CSV tables for R and pandas.
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
    Analyze(AnalyzeArgs),
    /// Write only the frequency tables (freq, freq_by_document, stems, corpus_summary,
    /// ocr_suspects, excluded_matter).
    #[command(after_help = EXAMPLES_FREQ)]
    Freq(FreqArgs),
    /// Collocates of node words or phrases with association measures (collocations.csv).
    #[command(after_help = EXAMPLES_COLLOCATIONS)]
    Collocations(CollocationArgs),
    /// Concordance (keyword in context) lines of node words or phrases (kwic.csv).
    #[command(after_help = EXAMPLES_KWIC)]
    Kwic(KwicArgs),
    /// VADER sentiment of each line of a file or of standard input (sentiment.csv).
    #[command(after_help = EXAMPLES_SENTIMENT)]
    Sentiment(SentimentArgs),
    /// How each document frames each faction: mentions, valence, framing dimensions, with
    /// bootstrap intervals (framing_mentions, framing_summary, framing_terms, framing_matrix).
    #[command(after_help = EXAMPLES_FRAMING)]
    Framing(FramingCommandArgs),
    /// Compare memoirs: key words, collocate differences and framing differences between a
    /// target and a reference (keyness, colloc_compare, framing_compare).
    #[command(after_help = EXAMPLES_COMPARE)]
    Compare(CompareArgs),
    /// Clusters of 2 to 4 words with frequency and range (ngrams.csv).
    #[command(after_help = EXAMPLES_NGRAMS)]
    Ngrams(NgramArgs),
    /// Print every table's columns and types as CSV (the layout of schema.csv), or the
    /// README's table reference.
    #[command(after_help = EXAMPLES_SCHEMA)]
    Schema(SchemaArgs),
}

#[derive(Args)]
struct SchemaArgs {
    /// CSV in schema.csv's layout, with placeholders such as <dimension> for the columns that
    /// depend on the run; or Markdown, as in the README.
    #[arg(long, value_enum, default_value_t = SchemaFormat::Csv)]
    format: SchemaFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaFormat {
    Csv,
    Markdown,
}

#[derive(Args)]
struct Common {
    /// Worker threads (default: one per core). Results are identical for any value.
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Replace invalid UTF-8 with U+FFFD (counted in corpus_summary.csv) instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Count number tokens (1917, r8le) as words.
    #[arg(long)]
    keep_numbers: bool,
    /// Count every paragraph: do not leave out front and back matter, contents, captions,
    /// footnotes and indexes (see excluded_matter.csv for what is left out by default).
    #[arg(long)]
    keep_matter: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// Print the wall-clock time of each phase on standard error.
    #[arg(long)]
    timings: bool,
}

#[derive(Args)]
struct FreqArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml). Default: the shipped corpus,
    /// corpora/manifest.toml.
    inputs: Vec<PathBuf>,
    /// Folder for the tables (created if missing; tables are replaced atomically).
    #[arg(long, short, default_value = "out")]
    out: PathBuf,
    #[command(flatten)]
    common: Common,
    #[command(flatten)]
    freq: FreqFilter,
}

#[derive(Args)]
struct FreqFilter {
    /// Leave stopwords out of the frequency tables: `english` or a file with one word a line.
    #[arg(long, value_name = "english|FILE")]
    stopwords: Option<String>,
    /// Leave words rarer than this out of the frequency tables.
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_freq: u64,
}

#[derive(Args)]
struct AnalyzeArgs {
    #[command(flatten)]
    base: FreqArgs,
    /// Node words or phrases for collocations and concordances (repeat the option); * and ?
    /// are wildcards (Bolshevi*).
    /// Default: coalitionist, bourgeoisie, soviet, matched by stem.
    #[arg(long = "node", value_name = "NODE")]
    nodes: Vec<String>,
    #[command(flatten)]
    window: WindowArgs,
    #[command(flatten)]
    filter: FilterArgs,
    /// Collocates per node in cooc_matrix.csv.
    #[arg(long, default_value_t = 20, value_name = "K")]
    matrix_top: usize,
    /// Also count n-grams (ngrams.csv). Off by default: their number grows with the corpus.
    #[arg(long)]
    ngrams: bool,
    #[command(flatten)]
    ngram: NgramFlags,
    /// With --ngrams: leave out n-grams seen fewer times than this.
    #[arg(long, default_value_t = 2, value_name = "N")]
    ngram_min_freq: u64,
    #[command(flatten)]
    framing: FramingArgs,
    #[command(flatten)]
    keyness: KeynessArgs,
}

#[derive(Args)]
struct KeynessArgs {
    /// Keyness: leave out words seen fewer times than this in target and reference together.
    #[arg(long, default_value_t = 5, value_name = "N")]
    keyness_min_freq: u64,
    /// Keyness: correction of the p-values for testing every word (fdr = Benjamini-Hochberg).
    #[arg(long, value_enum, default_value_t = CorrectionArg::Fdr)]
    correction: CorrectionArg,
    /// Keyness: a word is significant when its corrected p-value is at most this.
    #[arg(long, default_value_t = 0.05, value_name = "P")]
    alpha: f64,
}

#[derive(Clone, Copy, ValueEnum)]
enum CorrectionArg {
    Fdr,
    Bonferroni,
    None,
}

impl KeynessArgs {
    fn options(&self, stopwords: Option<Stopwords>) -> Result<KeynessOptions, Error> {
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(Error::Usage(format!(
                "--alpha {} must be between 0 and 1",
                self.alpha
            )));
        }
        Ok(KeynessOptions {
            min_freq: self.keyness_min_freq,
            correction: match self.correction {
                CorrectionArg::Fdr => Correction::Fdr,
                CorrectionArg::Bonferroni => Correction::Bonferroni,
                CorrectionArg::None => Correction::None,
            },
            alpha: self.alpha,
            stopwords,
        })
    }
}

#[derive(Args)]
struct CompareArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml). Default: the shipped corpus.
    inputs: Vec<PathBuf>,
    /// The documents examined (a selector; repeat for a union).
    #[arg(long, short, required = true, value_name = "SEL")]
    target: Vec<String>,
    /// The documents compared with (a selector; repeat for a union). Default: rest.
    #[arg(long, short, value_name = "SEL")]
    reference: Vec<String>,
    /// Folder for the tables (created if missing; tables are replaced atomically).
    #[arg(long, short, default_value = "out")]
    out: PathBuf,
    /// Node words or phrases for colloc_compare.csv (repeat the option); * and ? are
    /// wildcards (Bolshevi*).
    /// Default: coalitionist, bourgeoisie, soviet, matched by stem.
    #[arg(long = "node", value_name = "NODE")]
    nodes: Vec<String>,
    /// Leave stopwords out of keyness.csv: `english` or a file with one word a line.
    #[arg(long, value_name = "english|FILE")]
    stopwords: Option<String>,
    #[command(flatten)]
    keyness: KeynessArgs,
    #[command(flatten)]
    window: WindowArgs,
    /// Leave out collocates seen fewer times than this near the node, both sides together.
    #[arg(long, default_value_t = 2, value_name = "N")]
    min_o11: u64,
    #[command(flatten)]
    framing: FramingArgs,
    #[command(flatten)]
    common: Common,
}

#[derive(Args)]
struct FramingCommandArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml). Default: the shipped corpus.
    inputs: Vec<PathBuf>,
    /// Folder for the tables (created if missing; tables are replaced atomically).
    #[arg(long, short, default_value = "out")]
    out: PathBuf,
    #[command(flatten)]
    framing: FramingArgs,
    #[command(flatten)]
    common: Common,
}

#[derive(Args)]
struct FramingArgs {
    /// Factions lexicon (TOML). Default: the shipped corpora/factions.toml.
    #[arg(long, value_name = "FILE")]
    factions: Option<PathBuf>,
    /// Framing lexicon: TOML like corpora/lexicons/framing.toml, or a two-column word/score
    /// CSV or TSV (VADER's or AFINN's layout). Default: the shipped framing.toml.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Score K tokens either side of a mention instead of its sentence.
    #[arg(long, value_name = "K")]
    window: Option<usize>,
    /// Bootstrap replicates for the confidence intervals.
    #[arg(long, default_value_t = corpus_lens::bootstrap::DEFAULT_REPLICATES as u32,
          value_name = "B", value_parser = clap::value_parser!(u32).range(1..))]
    replicates: u32,
    /// Bootstrap seed (the same seed gives the same intervals).
    #[arg(long, default_value_t = corpus_lens::bootstrap::DEFAULT_SEED, value_name = "N")]
    seed: u64,
    /// Leave first-person mentions ("we" for the author's faction) out of the summary
    /// (they stay in framing_mentions.csv, marked first_person).
    #[arg(long)]
    no_first_person: bool,
}

impl FramingArgs {
    fn framer(&self) -> Result<Framer, Error> {
        let factions = match &self.factions {
            Some(path) => FactionSet::load(path)?,
            None => FactionSet::load_default()?,
        };
        let lexicon = match &self.lexicon {
            Some(path) => Lexicon::load(path)?,
            None => Lexicon::load_default()?,
        };
        let context = match self.window {
            Some(k) => Context::Window(k),
            None => Context::Sentence,
        };
        let framer = Framer::new(factions, lexicon, context);
        // A dimension named like a fixed column would give a table two columns of one name:
        // say so now rather than after the run.
        framing::summary::check_columns(&framer)?;
        Ok(framer)
    }

    fn summary(&self) -> SummaryOptions {
        SummaryOptions {
            bootstrap: Bootstrap {
                replicates: self.replicates as usize,
                seed: self.seed,
            },
            first_person: !self.no_first_person,
        }
    }

    fn files(&self) -> Vec<PathBuf> {
        self.factions.iter().chain(&self.lexicon).cloned().collect()
    }
}

#[derive(Args)]
struct WindowArgs {
    /// Match nodes by word form or by Snowball stem (analyze's default nodes: stem).
    #[arg(long, value_enum)]
    by: Option<ByArg>,
    /// Match node words only with the same case (after normalization).
    #[arg(long)]
    case_sensitive: bool,
    /// Tokens to the left of the node.
    #[arg(long, default_value_t = 5, value_name = "N")]
    left: usize,
    /// Tokens to the right of the node.
    #[arg(long, default_value_t = 5, value_name = "N")]
    right: usize,
    /// What bounds a window.
    #[arg(long, value_enum, default_value_t = WithinArg::Paragraph)]
    within: WithinArg,
    /// Count a token in overlapping windows once per window (occurrence, Evert 2008) or once
    /// (union).
    #[arg(long, value_enum, default_value_t = CountingArg::Occurrence)]
    counting: CountingArg,
    /// Tokens of context on each side of a concordance line.
    #[arg(long, default_value_t = 8, value_name = "N")]
    width: usize,
}

#[derive(Args)]
struct FilterArgs {
    /// Leave out collocates seen fewer times than this near the node.
    #[arg(long, default_value_t = 2, value_name = "N")]
    min_o11: u64,
    /// Leave out collocates rarer than this in the document (or corpus).
    #[arg(long, default_value_t = 1, value_name = "N")]
    min_collocate_freq: u64,
    /// Sort collocates by this measure (a column of collocations.csv), best first.
    #[arg(long, default_value = "log_likelihood", value_name = "MEASURE")]
    sort: String,
    /// Keep at most this many collocates per document and node.
    #[arg(long, value_name = "K")]
    top: Option<usize>,
}

#[derive(Args)]
struct CollocationArgs {
    /// Node words or phrases (a phrase in quotes); * stands for any letters (or none), ? for one
    /// (Bolshevi*, soviet?).
    #[arg(required = true, value_name = "NODE")]
    nodes: Vec<String>,
    /// Texts, folders or manifests (repeat the option). Default: the shipped corpus.
    #[arg(long = "input", short = 'i', value_name = "PATH")]
    inputs: Vec<PathBuf>,
    /// Write collocations.csv into this folder instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    #[command(flatten)]
    window: WindowArgs,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    common: Common,
}

#[derive(Args)]
struct KwicArgs {
    /// Node words or phrases (a phrase in quotes); * stands for any letters (or none), ? for one
    /// (Bolshevi*, soviet?).
    #[arg(required = true, value_name = "NODE")]
    nodes: Vec<String>,
    /// Texts, folders or manifests (repeat the option). Default: the shipped corpus.
    #[arg(long = "input", short = 'i', value_name = "PATH")]
    inputs: Vec<PathBuf>,
    /// Write kwic.csv into this folder instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Sort the lines by the words around the node, as AntConc does: keys separated by
    /// commas, 1L, 2L ... (words left of the node), node, 1R, 2R ... (words right of it),
    /// each compared lowercased; ties keep the text order (the default order).
    #[arg(long, value_name = "KEYS")]
    sort: Option<String>,
    #[command(flatten)]
    window: WindowArgs,
    #[command(flatten)]
    common: Common,
}

#[derive(Args)]
struct SentimentArgs {
    /// A text file with one text per line, or `-` for standard input.
    input: PathBuf,
    /// Write sentiment.csv into this folder instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Replace invalid UTF-8 with U+FFFD instead of failing.
    #[arg(long)]
    lossy: bool,
    /// Worker threads (default: one per core). Results are identical for any value.
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
}

#[derive(Args)]
struct NgramArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml). Default: the shipped corpus.
    inputs: Vec<PathBuf>,
    /// Write ngrams.csv into this folder instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    #[command(flatten)]
    ngram: NgramFlags,
    /// Leave out n-grams seen fewer times than this.
    #[arg(long, default_value_t = 2, value_name = "N")]
    min_freq: u64,
    #[command(flatten)]
    common: Common,
}

#[derive(Args)]
struct NgramFlags {
    /// Shortest n-gram.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(2..=4))]
    min_n: u8,
    /// Longest n-gram.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u8).range(2..=4))]
    max_n: u8,
}

impl NgramFlags {
    fn options(&self) -> Result<NgramOptions, Error> {
        if self.min_n > self.max_n {
            return Err(Error::Usage(format!(
                "--min-n {} is larger than --max-n {}",
                self.min_n, self.max_n
            )));
        }
        Ok(NgramOptions {
            min_n: self.min_n.into(),
            max_n: self.max_n.into(),
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ByArg {
    Word,
    Stem,
}

#[derive(Clone, Copy, ValueEnum)]
enum WithinArg {
    Paragraph,
    Sentence,
}

#[derive(Clone, Copy, ValueEnum)]
enum CountingArg {
    Occurrence,
    Union,
}

impl Common {
    fn config(
        &self,
        windows: Option<Arc<WindowOptions>>,
        ngrams: Option<NgramOptions>,
        framing: Option<Framer>,
    ) -> Config {
        Config {
            // The global pool is sized by `start`.
            threads: None,
            read: ReadOptions {
                lossy: self.lossy,
                ..ReadOptions::default()
            },
            count: CountOptions {
                keep_numbers: self.keep_numbers,
                windows,
                ngrams,
                framing,
            },
            keep_matter: self.keep_matter,
            spill_limit: None,
        }
    }

    /// Sizes the thread pool, reads the corpus and runs the engine: the start of every
    /// command that counts a corpus.
    fn run(
        &self,
        inputs: &[PathBuf],
        windows: Option<Arc<WindowOptions>>,
        ngrams: Option<NgramOptions>,
        framing: Option<Framer>,
    ) -> Result<(Corpus, Analysis), Error> {
        start_pool(self.threads)?;
        let corpus = Corpus::from_inputs(inputs)?;
        let analysis = self.analyze(&corpus, windows, ngrams, framing)?;
        Ok((corpus, analysis))
    }

    /// Runs the engine on a corpus already loaded, with a progress bar on a terminal.
    fn analyze(
        &self,
        corpus: &Corpus,
        windows: Option<Arc<WindowOptions>>,
        ngrams: Option<NgramOptions>,
        framing: Option<Framer>,
    ) -> Result<Analysis, Error> {
        let bar = progress_bar::start(self.quiet);
        let analyzer = Analyzer::new(self.config(windows, ngrams, framing))
            .with_progress(Arc::new(Phases { bar }));
        let analysis = analyzer.run(corpus)?;
        release_freed_memory();
        progress_bar::tables();
        Ok(analysis)
    }
}

/// The engine's progress hook: passes the reports on to the bar, if there is one, and hands
/// the counting pass's freed memory back to the system when dispersion begins.
struct Phases {
    bar: Option<Arc<dyn Progress>>,
}

impl Progress for Phases {
    fn phase(&self, name: &str, total: Option<u64>) {
        if name == corpus_lens::progress::DISPERSION {
            release_freed_memory();
        }
        if let Some(bar) = &self.bar {
            bar.phase(name, total);
        }
    }

    fn bytes_done(&self, done: u64) {
        if let Some(bar) = &self.bar {
            bar.bytes_done(done);
        }
    }
}

/// Returns memory that the phase just ended has freed to the system, on every thread.
///
/// mimalloc keeps freed pages for a while (a second by default) in case they are wanted
/// again. At a phase boundary they are not: the next phase allocates differently, and on a
/// 1 GB corpus the pages the counting pass freed were about 130 MB of the peak resident
/// memory, still held while the tables' bootstrap allocated its own.
///
/// Below [`KEEP_FREED_BELOW`] resident, the pages are kept: the next phase reuses them,
/// where pages returned would come back zeroed by the kernel, page fault by page fault
/// (`analyze` on the shipped corpus took 1.37 s instead of 1.55 s without the returns).
fn release_freed_memory() {
    if resident_bytes().is_some_and(|bytes| bytes < KEEP_FREED_BELOW) {
        return;
    }
    fn collect() {
        // SAFETY: `mi_collect` only walks and frees mimalloc's own free lists; it may be
        // called from any thread at any time.
        unsafe { libmimalloc_sys::mi_collect(true) }
    }
    rayon::broadcast(|_| collect());
    collect();
}

/// Has mimalloc commit its arenas' memory as it hands it out, not all at once when it
/// reserves an arena (its default where the system overcommits, as Linux does). Memory
/// committed with the arena is backed by transparent huge pages: a first touch anywhere in a
/// 2 MiB stretch makes all of it resident, zeroed by the kernel. `freq` on the 64 MB bench
/// peaked at 160 MB resident with at most 79 MB live; with this, at 99 MB, in about the same
/// time (the smaller pages cost some of the zeroing saved back in page faults).
///
/// mimalloc reserves its first arena at the first allocation, before `main`, so this runs
/// as a constructor (after mimalloc's own, which has a higher priority, and before the Rust
/// runtime starts). It changes the default only: `MIMALLOC_ARENA_EAGER_COMMIT` still wins.
#[cfg(target_os = "linux")]
extern "C" fn commit_memory_on_demand() {
    /// `mi_option_arena_eager_commit` in mimalloc v3's `mimalloc.h` (libmimalloc-sys names
    /// only the v2 options).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    // SAFETY: a store into mimalloc's option table, which is set up by then.
    unsafe { libmimalloc_sys::mi_option_set_default(ARENA_EAGER_COMMIT, 0) }
}

#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static COMMIT_MEMORY_ON_DEMAND: extern "C" fn() = commit_memory_on_demand;

/// Resident memory below which [`release_freed_memory`] keeps freed pages for the next
/// phase: the memory limits that returning them serves matter for large corpora.
const KEEP_FREED_BELOW: u64 = 256 << 20;

/// This process's resident memory (Linux's `VmRSS`), if the system says.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Sizes the global thread pool used for counting and for writing tables.
fn start_pool(threads: Option<u16>) -> Result<(), Error> {
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.into())
            .build_global()
            .map_err(|e| Error::Usage(format!("cannot start {n} threads: {e}")))?;
    }
    Ok(())
}

impl FreqFilter {
    fn options(&self, lossy: bool) -> Result<FreqOptions, Error> {
        let stopwords = match self.stopwords.as_deref() {
            None => None,
            Some("english") => Some(Stopwords::english()),
            Some(path) => Some(Stopwords::from_file_lossy(path.as_ref(), lossy)?),
        };
        Ok(FreqOptions {
            stopwords,
            min_freq: self.min_freq,
        })
    }

    fn stopword_file(&self) -> Option<PathBuf> {
        self.stopwords
            .as_deref()
            .filter(|s| *s != "english")
            .map(PathBuf::from)
    }
}

impl WindowArgs {
    fn options(
        &self,
        nodes: &[String],
        default_by: MatchBy,
        keep_numbers: bool,
    ) -> Result<WindowOptions, Error> {
        let by = match self.by {
            None => default_by,
            Some(ByArg::Word) => MatchBy::Word,
            Some(ByArg::Stem) => MatchBy::Stem,
        };
        let set = NodeSet::new(nodes, by, self.case_sensitive)?;
        if !keep_numbers {
            if let Some(node) = set.nodes().iter().find(|n| n.has_number) {
                return Err(Error::Usage(format!(
                    "node '{}' holds a number, and numbers are not counted; add --keep-numbers",
                    node.label
                )));
            }
        }
        let mut options = WindowOptions::new(set);
        options.left = self.left;
        options.right = self.right;
        options.within = match self.within {
            WithinArg::Paragraph => Within::Paragraph,
            WithinArg::Sentence => Within::Sentence,
        };
        options.counting = match self.counting {
            CountingArg::Occurrence => Counting::Occurrence,
            CountingArg::Union => Counting::Union,
        };
        options.kwic_width = self.width;
        Ok(options)
    }
}

impl FilterArgs {
    fn filter(&self) -> Result<CollocationFilter, Error> {
        let sort_by = Measure::parse(&self.sort).ok_or_else(|| {
            let names: Vec<&str> = Measure::ALL.iter().map(|(_, n)| *n).collect();
            Error::Usage(format!(
                "--sort {}: unknown measure; use one of {}",
                self.sort,
                names.join(", ")
            ))
        })?;
        Ok(CollocationFilter {
            min_o11: self.min_o11,
            min_freq: self.min_collocate_freq,
            sort_by,
            top: self.top,
        })
    }
}

/// When the command started: the summary line's seconds are the whole run's, tables and all.
static STARTED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

fn main() -> ExitCode {
    STARTED.get_or_init(Instant::now);
    let cli = Cli::parse();
    let result = run(cli);
    progress_bar::clear();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`corpus-lens kwic x | head`) is the reader's choice, not an error.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("corpus-lens: error: {err}");
            ExitCode::from(if err.is_usage() { 2 } else { 1 })
        }
    }
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Analyze(args) => run_analyze(&args),
        Command::Freq(args) => run_freq(&args),
        Command::Collocations(args) => run_collocations(&args),
        Command::Kwic(args) => run_kwic(&args),
        Command::Ngrams(args) => run_ngrams(&args),
        Command::Framing(args) => run_framing(&args),
        Command::Compare(args) => run_compare(&args),
        Command::Sentiment(args) => run_sentiment(&args),
        Command::Schema(args) => run_schema(&args),
    }
}

/// Prints the declared schema. No `--out`: a folder's schema.csv must describe the tables
/// beside it, which only the run that wrote them can do (with the actual dimension and
/// collocate columns); this one has placeholders.
fn run_schema(args: &SchemaArgs) -> Result<(), Error> {
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

/// A table-writing job: builds its rows and writes them.
type Job<'a> = (&'static str, Box<dyn Fn() -> Result<(), Error> + Sync + 'a>);

/// Runs the jobs in parallel; the first error in job order wins. Returns each job's time.
fn run_jobs(jobs: Vec<Job<'_>>) -> Result<Vec<(&'static str, Duration)>, Error> {
    jobs.par_iter()
        .map(|(name, job)| {
            let _shown = progress_bar::job(name);
            let start = Instant::now();
            job().map(|()| (*name, start.elapsed()))
        })
        .collect()
}

fn freq_jobs<'a>(a: &'a Analysis, o: &'a FreqOptions, out: &'a OutputDir) -> Vec<Job<'a>> {
    // The word order the tables sort by, computed here on every thread: computed inside a
    // job, it would keep the jobs that need it waiting on a thread that does nothing.
    a.word_ranks();
    vec![
        (
            "summary",
            Box::new(move || out.write(&tables::CORPUS_SUMMARY, freq::corpus_summary(a))),
        ),
        (
            "freq",
            Box::new(move || out.write(&tables::FREQ, freq::freq_rows(a, o))),
        ),
        (
            "freq_by_doc",
            Box::new(move || {
                out.write(&tables::FREQ_BY_DOCUMENT, freq::freq_by_document_rows(a, o))
            }),
        ),
        (
            "stems",
            Box::new(move || out.write(&tables::STEMS, freq::stem_rows(a, o))),
        ),
        (
            "ocr",
            Box::new(move || out.write(&tables::OCR_SUSPECTS, freq::ocr_suspects(a))),
        ),
        (
            "excluded",
            Box::new(move || out.write(&tables::EXCLUDED_MATTER, matter::excluded_rows(a))),
        ),
    ]
}

/// The framing tables' jobs; with `comparisons` (even none), the summary's job writes
/// `framing_compare.csv` too, from the same resampling of each document.
fn framing_jobs<'a>(
    framer: &'a Framer,
    docs: &'a [(String, DocumentFraming)],
    summary: SummaryOptions,
    comparisons: Option<&'a [Comparison]>,
    out: &'a OutputDir,
) -> Vec<Job<'a>> {
    vec![
        (
            "framing_mentions",
            Box::new(move || {
                out.write_with(framing::summary::mention_layout(framer), |file| {
                    framing::summary::write_mentions(
                        &mut std::io::BufWriter::new(file),
                        framer,
                        docs,
                    )
                })?;
                out.write_with(framing::summary::matrix_layout(framer), |file| {
                    framing::summary::write_matrix(file, framer, docs)
                })
            }),
        ),
        (
            "framing_summary",
            Box::new(move || {
                let Some(comparisons) = comparisons else {
                    let rows = framing::summary::summarize(framer, docs, &summary)?;
                    return out.write(&tables::FRAMING_SUMMARY, rows);
                };
                let (rows, compared) =
                    framing::compare::summarize_and_compare(framer, docs, comparisons, &summary)?;
                out.write(&tables::FRAMING_SUMMARY, rows)?;
                out.write(&tables::FRAMING_COMPARE, compared)
            }),
        ),
        (
            "framing_terms",
            Box::new(move || {
                let rows = framing::summary::term_rows(framer, docs)?;
                out.write(&tables::FRAMING_TERMS, rows)
            }),
        ),
    ]
}

/// What the comparison tables need.
struct CompareInputs<'a> {
    analysis: &'a Analysis,
    comparisons: &'a [Comparison],
    keyness: &'a KeynessOptions,
    windows: &'a WindowOptions,
    min_o11: u64,
    framer: &'a Framer,
    framed: &'a [(String, DocumentFraming)],
    summary: SummaryOptions,
}

/// The comparison tables' jobs; `framing_compare.csv` only with `framing` (`analyze` writes
/// it with the framing summary instead).
fn compare_jobs<'a>(c: &'a CompareInputs<'a>, framing: bool, out: &'a OutputDir) -> Vec<Job<'a>> {
    let mut jobs: Vec<Job<'a>> = vec![
        (
            "keyness",
            Box::new(move || {
                let rows = compare::keyness_rows(c.analysis, c.comparisons, c.keyness);
                out.write(&tables::KEYNESS, rows)
            }),
        ),
        (
            "colloc_compare",
            Box::new(move || {
                let rows =
                    compare::colloc_compare_rows(c.analysis, c.comparisons, c.windows, c.min_o11);
                out.write(&tables::COLLOC_COMPARE, rows)
            }),
        ),
    ];
    if framing {
        jobs.push((
            "framing_compare",
            Box::new(move || {
                let rows =
                    framing::compare::compare(c.framer, c.framed, c.comparisons, &c.summary)?;
                out.write(&tables::FRAMING_COMPARE, rows)
            }),
        ));
    }
    jobs
}

/// The default nodes (by stem) unless nodes were given (by word).
fn nodes_or_default(nodes: &[String]) -> (Vec<String>, MatchBy) {
    if nodes.is_empty() {
        let nodes = DEFAULT_NODES.iter().map(|s| s.to_string()).collect();
        (nodes, MatchBy::Stem)
    } else {
        (nodes.to_vec(), MatchBy::Word)
    }
}

fn stopwords_of(arg: Option<&str>, lossy: bool) -> Result<Option<Stopwords>, Error> {
    Ok(match arg {
        None => None,
        Some("english") => Some(Stopwords::english()),
        Some(path) => Some(Stopwords::from_file_lossy(path.as_ref(), lossy)?),
    })
}

fn run_compare(args: &CompareArgs) -> Result<(), Error> {
    let stopwords = stopwords_of(args.stopwords.as_deref(), args.common.lossy)?;
    let keyness = args.keyness.options(stopwords)?;
    let (nodes, default_by) = nodes_or_default(&args.nodes);
    let windows = Arc::new(
        args.window
            .options(&nodes, default_by, args.common.keep_numbers)?,
    );
    let framer = args.framing.framer()?;
    start_pool(args.common.threads)?;
    // Selectors are checked before the corpus is read: a typo fails at once.
    let corpus = Corpus::from_inputs(&args.inputs)?;
    let comparison = compare::select(corpus.documents(), &args.target, &args.reference)?;
    let mut analysis =
        args.common
            .analyze(&corpus, Some(windows.clone()), None, Some(framer.clone()))?;
    let tables_start = Instant::now();
    let mut read = args.framing.files();
    read.extend(
        args.stopwords
            .iter()
            .filter(|s| *s != "english")
            .map(PathBuf::from),
    );
    let out = OutputDir::create(&args.out, &inputs_of(&corpus, read))?;
    let framed = analysis.take_framing();
    let comparisons = [comparison];
    let inputs = CompareInputs {
        analysis: &analysis,
        comparisons: &comparisons,
        keyness: &keyness,
        windows: &windows,
        min_o11: args.min_o11,
        framer: &framer,
        framed: &framed,
        summary: args.framing.summary(),
    };
    let times = run_jobs(compare_jobs(&inputs, true, &out))?;
    let written = out.commit()?;
    finish(
        &analysis,
        &args.common,
        times,
        tables_start,
        written.len(),
        &args.out,
    );
    Ok(())
}

fn run_framing(args: &FramingCommandArgs) -> Result<(), Error> {
    let framer = args.framing.framer()?;
    let summary = args.framing.summary();
    let (corpus, mut analysis) = args
        .common
        .run(&args.inputs, None, None, Some(framer.clone()))?;
    let tables_start = Instant::now();
    let out = OutputDir::create(&args.out, &inputs_of(&corpus, args.framing.files()))?;
    let docs = analysis.take_framing();
    let times = run_jobs(framing_jobs(&framer, &docs, summary, None, &out))?;
    let written = out.commit()?;
    finish(
        &analysis,
        &args.common,
        times,
        tables_start,
        written.len(),
        &args.out,
    );
    Ok(())
}

fn inputs_of(corpus: &Corpus, extra: impl IntoIterator<Item = PathBuf>) -> Vec<PathBuf> {
    let mut inputs: Vec<PathBuf> = corpus.documents().iter().map(|d| d.path.clone()).collect();
    inputs.extend(extra);
    inputs
}

fn run_freq(args: &FreqArgs) -> Result<(), Error> {
    let freq_options = args.freq.options(args.common.lossy)?;
    let (corpus, analysis) = args.common.run(&args.inputs, None, None, None)?;
    let tables_start = Instant::now();
    let out = OutputDir::create(&args.out, &inputs_of(&corpus, args.freq.stopword_file()))?;
    let times = run_jobs(freq_jobs(&analysis, &freq_options, &out))?;
    let written = out.commit()?;
    finish(
        &analysis,
        &args.common,
        times,
        tables_start,
        written.len(),
        &args.out,
    );
    Ok(())
}

fn run_analyze(args: &AnalyzeArgs) -> Result<(), Error> {
    let base = &args.base;
    let freq_options = base.freq.options(base.common.lossy)?;
    let filter = args.filter.filter()?;
    let keyness = args.keyness.options(freq_options.stopwords.clone())?;
    let (nodes, default_by) = nodes_or_default(&args.nodes);
    let windows = Arc::new(
        args.window
            .options(&nodes, default_by, base.common.keep_numbers)?,
    );
    let ngrams = if args.ngrams {
        Some(args.ngram.options()?)
    } else {
        None
    };
    let framer = args.framing.framer()?;
    let summary = args.framing.summary();
    let (corpus, mut analysis) = base.common.run(
        &base.inputs,
        Some(windows.clone()),
        ngrams,
        Some(framer.clone()),
    )?;
    let tables_start = Instant::now();
    let mut read = args.framing.files();
    read.extend(base.freq.stopword_file());
    let out = OutputDir::create(&base.out, &inputs_of(&corpus, read))?;
    let framed = analysis.take_framing();
    let (a, w, f) = (&analysis, &*windows, &filter);
    let out_ref = &out;
    let comparisons = compare::all_versus_rest(corpus.documents());
    let compare_inputs = CompareInputs {
        analysis: a,
        comparisons: &comparisons,
        keyness: &keyness,
        windows: w,
        min_o11: args.filter.min_o11,
        framer: &framer,
        framed: &framed,
        summary,
    };
    let mut jobs = freq_jobs(a, &freq_options, out_ref);
    jobs.push((
        "collocations",
        Box::new(move || {
            let rows = collocate::collocation_rows(a, w, f);
            let labels: Vec<String> = w.nodes.nodes().iter().map(|n| n.label.clone()).collect();
            let (nodes, collocates, m) =
                collocate::cooc_matrix(&rows, &labels, f.sort_by, args.matrix_top);
            out_ref.write_with(collocate::cooc_layout(&collocates), |file| {
                collocate::write_cooc_matrix(file, &nodes, &collocates, &m)
            })?;
            out_ref.write(&tables::COLLOCATIONS, rows)
        }),
    ));
    jobs.push((
        "kwic",
        Box::new(move || {
            let error = std::cell::Cell::new(None);
            out_ref.write(&tables::KWIC, collocate::KwicRows::new(a, w, &error))?;
            error.take().map_or(Ok(()), Err)
        }),
    ));
    let compared = Some(comparisons.as_slice());
    jobs.extend(framing_jobs(&framer, &framed, summary, compared, out_ref));
    jobs.extend(compare_jobs(&compare_inputs, false, out_ref));
    if args.ngrams {
        let min = args.ngram_min_freq;
        jobs.push((
            "ngrams",
            Box::new(move || out_ref.write(&tables::NGRAMS, ngrams::ngram_rows(a, min))),
        ));
    }
    let times = run_jobs(jobs)?;
    let written = out.commit()?;
    finish(
        &analysis,
        &base.common,
        times,
        tables_start,
        written.len(),
        &base.out,
    );
    Ok(())
}

fn run_collocations(args: &CollocationArgs) -> Result<(), Error> {
    let filter = args.filter.filter()?;
    let windows = Arc::new(args.window.options(
        &args.nodes,
        MatchBy::Word,
        args.common.keep_numbers,
    )?);
    let (corpus, analysis) = args
        .common
        .run(&args.inputs, Some(windows.clone()), None, None)?;
    let rows = collocate::collocation_rows(&analysis, &windows, &filter);
    write_one(&corpus, args.out.as_ref(), &tables::COLLOCATIONS, rows)?;
    let target = args.out.clone().unwrap_or_else(|| PathBuf::from("-"));
    finish(
        &analysis,
        &args.common,
        Vec::new(),
        Instant::now(),
        1,
        &target,
    );
    Ok(())
}

fn run_kwic(args: &KwicArgs) -> Result<(), Error> {
    let windows = Arc::new(args.window.options(
        &args.nodes,
        MatchBy::Word,
        args.common.keep_numbers,
    )?);
    let sort = args
        .sort
        .as_deref()
        .map(|keys| sort_keys(keys, args.window.width))
        .transpose()?;
    let (corpus, analysis) = args
        .common
        .run(&args.inputs, Some(windows.clone()), None, None)?;
    if let Some(keys) = sort {
        // Sorting needs every line at once; unsorted lines stream from the logs.
        let mut rows = collocate::kwic_rows(&analysis, &windows)?;
        kwic_sort::sort_lines(&mut rows, &keys);
        write_one(&corpus, args.out.as_ref(), &tables::KWIC, rows)?;
    } else {
        let error = std::cell::Cell::new(None);
        let rows = collocate::KwicRows::new(&analysis, &windows, &error);
        write_one(&corpus, args.out.as_ref(), &tables::KWIC, rows)?;
        error.take().map_or(Ok(()), Err)?;
    }
    let target = args.out.clone().unwrap_or_else(|| PathBuf::from("-"));
    finish(
        &analysis,
        &args.common,
        Vec::new(),
        Instant::now(),
        1,
        &target,
    );
    Ok(())
}

/// `--sort`'s keys, each within the lines' `width` words of context.
fn sort_keys(text: &str, width: usize) -> Result<Vec<SortKey>, Error> {
    let keys = SortKey::parse_list(text)?;
    if let Some(key) = keys.iter().find(|k| k.distance() > width) {
        return Err(Error::Usage(format!(
            "--sort: {key} looks {} words from the node, but a line has {width} words of \
             context on each side (--width {width}); raise --width or sort by a nearer word",
            key.distance()
        )));
    }
    Ok(keys)
}

fn run_sentiment(args: &SentimentArgs) -> Result<(), Error> {
    start_pool(args.threads)?;
    let text = corpus_lens::sentiment::read_input(&args.input, args.lossy)?;
    let rows = corpus_lens::sentiment::score_lines(&text);
    let inputs = if args.input == std::path::Path::new("-") {
        Vec::new()
    } else {
        vec![args.input.clone()]
    };
    let corpus = Corpus::new(
        inputs
            .iter()
            .map(|p| corpus_lens::corpus::Document::bare("input", p))
            .collect(),
    );
    write_one(&corpus, args.out.as_ref(), &tables::SENTIMENT, rows)
}

fn run_ngrams(args: &NgramArgs) -> Result<(), Error> {
    let options = args.ngram.options()?;
    let (corpus, analysis) = args.common.run(&args.inputs, None, Some(options), None)?;
    let rows = ngrams::ngram_rows(&analysis, args.min_freq);
    write_one(&corpus, args.out.as_ref(), &tables::NGRAMS, rows)?;
    let target = args.out.clone().unwrap_or_else(|| PathBuf::from("-"));
    finish(
        &analysis,
        &args.common,
        Vec::new(),
        Instant::now(),
        1,
        &target,
    );
    Ok(())
}

/// Writes one table into `out` (atomically) or to standard output.
fn write_one<R: tables::Row>(
    corpus: &Corpus,
    out: Option<&PathBuf>,
    schema: &tables::Schema,
    rows: impl IntoIterator<Item = R>,
) -> Result<(), Error> {
    match out {
        Some(dir) => {
            let out = OutputDir::create(dir, &inputs_of(corpus, None))?;
            out.write(schema, rows)?;
            out.commit()?;
        }
        None => {
            let stdout = std::io::stdout();
            tables::write_csv(stdout.lock(), schema, rows)?;
        }
    }
    Ok(())
}

fn finish(
    analysis: &Analysis,
    common: &Common,
    table_times: Vec<(&'static str, Duration)>,
    tables_start: Instant,
    written: usize,
    out: &std::path::Path,
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
        let target = if out == std::path::Path::new("-") {
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
