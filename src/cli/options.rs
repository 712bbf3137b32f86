//! The option groups that several subcommands flatten into theirs, and what each becomes in
//! the library's terms.

use corpus_lens::framing::stance::VerbLexicon;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use corpus_lens::analyses::collocate::{CollocationFilter, WindowOptions};
use corpus_lens::analyses::compare::{KeynessOptions, DEFAULT_KEYNESS_TOP};
use corpus_lens::analyses::freq::FreqOptions;
use corpus_lens::analyses::lemmas::LemmaOptions;
use corpus_lens::analyses::ngrams::NgramOptions;
use corpus_lens::corpus::{Corpus, InputFormat};
use corpus_lens::count::nodes::MatchBy;
use corpus_lens::framing::summary::SummaryOptions;
use corpus_lens::framing::Framer;
use corpus_lens::run::options::{defaults, RunOptions};
use corpus_lens::run::Config;
use corpus_lens::run::CountOptions;
use corpus_lens::stats::keyness::Correction;
use corpus_lens::text::chapters::PartUnit;
use corpus_lens::text::layout::Layout;
use corpus_lens::text::stopwords::Stopwords;
use corpus_lens::Error;

pub(crate) use corpus_lens::run::options::{stopword_file, stopwords_of};

/// The widest window or concordance context, in tokens each side: beyond any use, and small
/// enough that no window arithmetic can overflow.
pub(crate) const MAX_WINDOW: i64 = corpus_lens::run::options::MAX_WINDOW as i64;

/// The headings `--help` groups options under (clap's `help_heading`), in the order a reader
/// meets them.
pub(crate) mod heading {
    pub(crate) const INPUT: &str = "Input";
    pub(crate) const NODES: &str = "Nodes";
    pub(crate) const COUNTING: &str = "Counting";
    pub(crate) const FREQUENCY: &str = "Frequency tables";
    pub(crate) const WINDOWS: &str = "Collocation windows";
    pub(crate) const COLLOCATES: &str = "Collocates";
    pub(crate) const CONCORDANCE: &str = "Concordance";
    pub(crate) const NGRAMS: &str = "N-grams";
    pub(crate) const LEMMAS: &str = "Lemmas";
    pub(crate) const KEYNESS: &str = "Keyness";
    pub(crate) const FRAMING: &str = "Framing";
    pub(crate) const OUTPUT: &str = "Output";
    pub(crate) const PERFORMANCE: &str = "Performance";
}
use heading::*;

pub(crate) use super::windows::{CollocWindowArgs, KwicWindowArgs, WindowArgs, WindowFlags};

/// The fewest and the most bootstrap replicates (`run::options` says why).
pub(crate) const MIN_REPLICATES: i64 = corpus_lens::run::options::MIN_REPLICATES as i64;
pub(crate) const MAX_REPLICATES: i64 = corpus_lens::run::options::MAX_REPLICATES as i64;

#[derive(Args)]
pub(crate) struct Common {
    /// Replace invalid UTF-8 with U+FFFD (counted in corpus_summary.csv) instead of failing.
    #[arg(long, help_heading = INPUT)]
    pub(crate) lossy: bool,
    /// Read manifest paths outside the manifest's folder, and follow symbolic links that
    /// lead out of an input folder (by default refused, and skipped with a note).
    #[arg(long, help_heading = INPUT)]
    pub(crate) allow_outside: bool,
    /// Format of the input files: auto (by content and extension), text, tei, html, epub or
    /// zip (a manifest's `format` field wins for its documents; see docs/inputs.md).
    #[arg(long, value_name = "FORMAT", default_value = "auto", help_heading = INPUT)]
    pub(crate) input_format: InputFormat,
    /// Count number tokens (1917, r8le) as words.
    #[arg(long, help_heading = COUNTING)]
    pub(crate) keep_numbers: bool,
    /// Count every paragraph: do not leave out front and back matter, contents, captions,
    /// footnotes and indexes (see excluded_matter.csv for what is left out by default).
    #[arg(long, help_heading = COUNTING)]
    pub(crate) keep_matter: bool,
    /// Where a text file's paragraphs are: blank-line, line (every non-blank line), or auto
    /// (line when the first 64 KiB hold no blank line between text lines and the lines
    /// average 100 bytes or more: not hard-wrapped). A paragraph over
    /// 100,000 bytes is cut at sentence ends (corpus_summary.csv; docs/text.md).
    #[arg(long = "paragraphs", value_name = "LAYOUT", default_value = "auto", help_heading = INPUT)]
    pub(crate) paragraphs: Layout,
    #[command(flatten)]
    pub(crate) format: FormatArg,
    /// Print nothing but errors.
    #[arg(long, short, help_heading = OUTPUT)]
    pub(crate) quiet: bool,
    /// Print the wall-clock time of each phase on standard error.
    #[arg(long, help_heading = OUTPUT)]
    pub(crate) timings: bool,
    /// Worker threads (default: one per core). Results are identical for any value.
    #[arg(long, short = 'j', value_parser = clap::value_parser!(u16).range(1..),
          help_heading = PERFORMANCE)]
    pub(crate) threads: Option<u16>,
}

// `--parts`: only on the commands whose tables it changes (dispersion, range, keyness).
#[derive(Args)]
pub(crate) struct PartsArgs {
    /// Parts of a document for dispersion (freq tables: default paragraph) and the text-level
    /// keyness tests (keyness.csv: default document); chapters by the rule of docs/text.md.
    #[arg(long, value_enum, value_name = "paragraph|chapter|document", help_heading = COUNTING)]
    pub(crate) parts: Option<PartsArg>,
}

impl PartsArgs {
    /// The library's part unit, if one was given.
    pub(crate) fn get(&self) -> Option<PartUnit> {
        self.parts.map(PartUnit::from)
    }
}

/// `--parts`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum PartsArg {
    Paragraph,
    Chapter,
    Document,
}

impl From<PartsArg> for PartUnit {
    fn from(arg: PartsArg) -> PartUnit {
        match arg {
            PartsArg::Paragraph => PartUnit::Paragraph,
            PartsArg::Chapter => PartUnit::Chapter,
            PartsArg::Document => PartUnit::Document,
        }
    }
}

/// The tables' file format.
#[derive(Args, Clone, Copy)]
pub(crate) struct FormatArg {
    /// File format of the tables: csv, or parquet (typed columns, `<table>.parquet`, for
    /// pandas, R's arrow and DuckDB; `schema.csv` stays CSV).
    #[arg(long, value_enum, default_value_t = TableFormat::Csv, help_heading = OUTPUT)]
    pub(crate) format: TableFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TableFormat {
    Csv,
    Parquet,
}

impl FormatArg {
    /// The library's format.
    pub(crate) fn get(self) -> corpus_lens::tables::Format {
        match self.format {
            TableFormat::Csv => corpus_lens::tables::Format::Csv,
            TableFormat::Parquet => corpus_lens::tables::Format::Parquet,
        }
    }
}

impl Common {
    /// Reads the corpus of `inputs` with these options' input policy, and prints what was
    /// skipped (one note a line on standard error, unless `--quiet`).
    pub(crate) fn corpus(&self, inputs: &[PathBuf]) -> Result<Corpus, Error> {
        let inputs = super::query::with_stdin(inputs)?;
        let corpus = Corpus::from_inputs_with(&inputs, self.run_options().policy())?;
        if !self.quiet {
            for note in corpus.notes() {
                eprintln!("corpus-lens: note: {note}");
            }
        }
        Ok(corpus)
    }

    /// The engine's configuration for these options (`run` and `analyze`, in engine.rs, run
    /// the engine with it); `count.parts` is the caller's (`--parts` where a command has it).
    pub(crate) fn config(&self, count: CountOptions) -> Config {
        self.run_options().config(count)
    }

    /// The run options these flags give (threads: none, as the global pool is sized by
    /// `start_pool`).
    pub(crate) fn run_options(&self) -> RunOptions {
        RunOptions {
            lossy: self.lossy,
            allow_outside: self.allow_outside,
            input_format: self.input_format,
            paragraphs: self.paragraphs,
            keep_numbers: self.keep_numbers,
            keep_matter: self.keep_matter,
            ..RunOptions::default()
        }
    }
}

#[derive(Args)]
pub(crate) struct FreqFilter {
    /// Leave stopwords out of the frequency tables: `english` or a file with one word a line.
    #[arg(long, value_name = "english|FILE", help_heading = FREQUENCY)]
    pub(crate) stopwords: Option<String>,
    /// Leave words rarer than this out of the frequency tables (in stems.csv, stems whose
    /// forms together are rarer; every form is listed).
    #[arg(long, default_value_t = defaults::MIN_FREQ, value_name = "N", help_heading = FREQUENCY)]
    pub(crate) min_freq: u64,
}

impl FreqFilter {
    pub(crate) fn options(&self, lossy: bool) -> Result<FreqOptions, Error> {
        RunOptions {
            stopwords: self.stopwords.clone(),
            min_freq: self.min_freq,
            lossy,
            ..RunOptions::default()
        }
        .freq()
    }

    pub(crate) fn stopword_file(&self) -> Option<PathBuf> {
        stopword_file(self.stopwords.as_deref())
    }
}

#[derive(Args)]
pub(crate) struct KeynessArgs {
    /// Keyness: leave out words seen fewer times than this in target and reference together.
    #[arg(long, default_value_t = defaults::KEYNESS_MIN_FREQ, value_name = "N", help_heading = KEYNESS)]
    pub(crate) keyness_min_freq: u64,
    /// Keyness: correction of the p-values for testing every word (fdr = Benjamini-Hochberg).
    #[arg(long, value_enum, default_value_t = CorrectionArg::Fdr, help_heading = KEYNESS)]
    pub(crate) correction: CorrectionArg,
    /// Keyness: a word is significant when its corrected p-value is at most this.
    #[arg(long, default_value_t = defaults::ALPHA, value_name = "P", help_heading = KEYNESS)]
    pub(crate) alpha: f64,
    /// Keyness: keep, per comparison, the N most over-used and the N most under-used words
    /// by the default ranking (keyness.csv; corrected over every word all the same).
    #[arg(long, default_value_t = DEFAULT_KEYNESS_TOP as u64, value_name = "N", help_heading = KEYNESS,
          value_parser = clap::value_parser!(u64).range(1..=u32::MAX as u64))]
    pub(crate) keyness_top: u64,
    /// Keyness: keep every word's row in keyness.csv (no --keyness-top filter).
    #[arg(long, help_heading = KEYNESS, conflicts_with = "keyness_top")]
    pub(crate) keyness_all: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CorrectionArg {
    Fdr,
    Bonferroni,
    None,
}

impl KeynessArgs {
    pub(crate) fn options(&self, stopwords: Option<Stopwords>) -> Result<KeynessOptions, Error> {
        RunOptions {
            keyness_min_freq: self.keyness_min_freq,
            correction: match self.correction {
                CorrectionArg::Fdr => Correction::Fdr,
                CorrectionArg::Bonferroni => Correction::Bonferroni,
                CorrectionArg::None => Correction::None,
            },
            alpha: self.alpha,
            keyness_top: (!self.keyness_all).then_some(self.keyness_top as usize),
            ..RunOptions::default()
        }
        .keyness(stopwords)
    }
}

// The lexicons and the context a mention is scored on: what `framing` and `evaluate` share.
#[derive(Args)]
pub(crate) struct FramerArgs {
    /// Factions lexicon (TOML). Default: the shipped corpora/factions.toml.
    #[arg(help_heading = FRAMING, long, value_name = "FILE")]
    pub(crate) factions: Option<PathBuf>,
    /// Framing lexicon: TOML like corpora/lexicons/framing.toml, or a two-column word/score
    /// CSV or TSV (VADER's or AFINN's layout). Default: the shipped framing.toml.
    #[arg(help_heading = FRAMING, long, value_name = "FILE")]
    pub(crate) lexicon: Option<PathBuf>,
    /// Score K tokens either side of a mention instead of its sentence.
    #[arg(help_heading = FRAMING, long, value_name = "K")]
    pub(crate) window: Option<usize>,
    /// Stance model (a CSV file from `corpus-lens train-framing`). Default: the shipped
    /// models/stance.csv, fitted on corpora/gold/gold.csv.
    #[arg(help_heading = FRAMING, long, value_name = "FILE")]
    pub(crate) model: Option<PathBuf>,
    /// Verb lexicon with role polarity (CSV: lemma,forms,agent,patient,class). Default: the
    /// shipped corpora/lexicons/verbs.csv.
    #[arg(help_heading = FRAMING, long, value_name = "FILE")]
    pub(crate) verbs: Option<PathBuf>,
    /// Parse every sentence with a mention (models/en_ewt.syntax) and give the stance model
    /// the parse's signals too: several times slower; the model must have been fitted with
    /// them (`train-framing --syntax`).
    #[arg(help_heading = FRAMING, long)]
    pub(crate) syntax: bool,
    /// Leave the stance model off: no stance, stance_score or stance_terms.
    #[arg(help_heading = FRAMING, long, conflicts_with = "model")]
    pub(crate) no_stance: bool,
}

impl FramerArgs {
    /// The run options these flags give.
    fn run_options(&self) -> RunOptions {
        RunOptions {
            factions: self.factions.clone(),
            lexicon: self.lexicon.clone(),
            window: self.window,
            model: self.model.clone(),
            verbs: self.verbs.clone(),
            syntax: self.syntax,
            no_stance: self.no_stance,
            ..RunOptions::default()
        }
    }

    pub(crate) fn framer(&self) -> Result<Framer, Error> {
        self.run_options().framer()
    }

    /// The framer of these options, without the stance model.
    pub(crate) fn framer_without_stance(&self) -> Result<Framer, Error> {
        self.run_options().framer_without_stance()
    }

    /// The shipped syntax model, if `--syntax`.
    pub(crate) fn syntax_model(
        &self,
    ) -> Result<Option<std::sync::Arc<corpus_lens::syntax::Model>>, Error> {
        self.run_options().syntax_model()
    }

    /// The verb lexicon given, or the shipped one.
    pub(crate) fn verb_lexicon(&self) -> Result<VerbLexicon, Error> {
        self.run_options().verb_lexicon()
    }

    /// The files read (a table must not replace them).
    pub(crate) fn files(&self) -> Vec<PathBuf> {
        self.factions
            .iter()
            .chain(&self.lexicon)
            .chain(&self.model)
            .chain(&self.verbs)
            .cloned()
            .collect()
    }
}

#[derive(Args)]
pub(crate) struct FramingArgs {
    #[command(flatten)]
    pub(crate) framer: FramerArgs,
    /// Bootstrap replicates for the confidence intervals (40 to 100,000).
    #[arg(help_heading = FRAMING, long, default_value_t = defaults::REPLICATES as u32,
          value_name = "B", value_parser = clap::value_parser!(u32).range(MIN_REPLICATES..=MAX_REPLICATES))]
    pub(crate) replicates: u32,
    /// Bootstrap seed (the same seed gives the same intervals).
    #[arg(help_heading = FRAMING, long, default_value_t = defaults::SEED, value_name = "N")]
    pub(crate) seed: u64,
    /// Leave first-person mentions ("we" for the author's faction) out of the summary
    /// (they stay in framing_mentions.csv, marked first_person).
    #[arg(help_heading = FRAMING, long)]
    pub(crate) no_first_person: bool,
    /// The fewest mentions behind a measure for an interval; below it the interval is left
    /// empty and the row has enough_data = false (framing_summary, framing_compare).
    #[arg(help_heading = FRAMING, long, default_value_t = defaults::MIN_MENTIONS, value_name = "N")]
    pub(crate) min_mentions: u64,
    /// The fewest paragraphs a group's mentions must lie in for an interval
    /// (framing_summary).
    #[arg(help_heading = FRAMING, long, default_value_t = defaults::MIN_PARAGRAPHS, value_name = "N")]
    pub(crate) min_paragraphs: u64,
    /// In a document of at least N paragraphs, a measure carried by at least 100 of them
    /// gets a linearized (delta-method) interval instead of the bootstrap's
    /// (framing_summary; replicates = 0 on its row); 0: always the bootstrap.
    #[arg(help_heading = FRAMING, long, default_value_t = defaults::LINEARIZE_FROM, value_name = "N")]
    pub(crate) linearize_from: u64,
}

impl FramingArgs {
    pub(crate) fn framer(&self) -> Result<Framer, Error> {
        self.framer.framer()
    }

    pub(crate) fn summary(&self) -> Result<SummaryOptions, Error> {
        RunOptions {
            replicates: self.replicates as usize,
            seed: self.seed,
            no_first_person: self.no_first_person,
            min_mentions: self.min_mentions,
            min_paragraphs: self.min_paragraphs,
            linearize_from: self.linearize_from,
            ..RunOptions::default()
        }
        .summary()
    }

    pub(crate) fn files(&self) -> Vec<PathBuf> {
        self.framer.files()
    }
}

#[derive(Args)]
pub(crate) struct FilterArgs {
    /// Leave out collocates seen fewer times than this near the node.
    #[arg(help_heading = COLLOCATES, long, default_value_t = defaults::MIN_O11, value_name = "N")]
    pub(crate) min_o11: u64,
    /// Leave out collocates rarer than this in the document (or corpus).
    #[arg(help_heading = COLLOCATES, long, default_value_t = defaults::MIN_COLLOCATE_FREQ, value_name = "N")]
    pub(crate) min_collocate_freq: u64,
    /// Sort collocates by this measure (a column of collocations.csv), best first.
    #[arg(help_heading = COLLOCATES, long, default_value = defaults::SORT, value_name = "MEASURE")]
    pub(crate) sort: String,
    /// Keep at most this many collocates per document and node.
    #[arg(help_heading = COLLOCATES, long, value_name = "K")]
    pub(crate) top: Option<usize>,
    /// Leave out collocates that are stopwords: `english` (Snowball's list), `none` (keep
    /// every word) or a file with one word a line.
    #[arg(
        help_heading = COLLOCATES,
        long = "collocate-stopwords",
        value_name = "LIST",
        default_value = defaults::COLLOCATE_STOPWORDS
    )]
    pub(crate) collocate_stopwords: String,
    /// Leave out collocates seen with the node in fewer documents (corpus rows; a value above
    /// 1 leaves no per-document row).
    #[arg(help_heading = COLLOCATES, long, default_value_t = defaults::MIN_RANGE, value_name = "N")]
    pub(crate) min_range: u64,
}

impl FilterArgs {
    pub(crate) fn filter(&self) -> Result<CollocationFilter, Error> {
        RunOptions {
            min_o11: self.min_o11,
            min_collocate_freq: self.min_collocate_freq,
            sort: self.sort.clone(),
            top: self.top,
            collocate_stopwords: self.collocate_stopwords.clone(),
            min_range: self.min_range,
            ..RunOptions::default()
        }
        .filter()
    }
}

#[derive(Args)]
pub(crate) struct NgramFlags {
    /// Shortest n-gram.
    #[arg(help_heading = NGRAMS, long, default_value_t = defaults::MIN_N as u8, value_parser = clap::value_parser!(u8).range(2..=4))]
    pub(crate) min_n: u8,
    /// Longest n-gram.
    #[arg(help_heading = NGRAMS, long, default_value_t = defaults::MAX_N as u8, value_parser = clap::value_parser!(u8).range(2..=4))]
    pub(crate) max_n: u8,
}

impl NgramFlags {
    pub(crate) fn options(&self) -> Result<NgramOptions, Error> {
        RunOptions {
            min_n: self.min_n.into(),
            max_n: self.max_n.into(),
            ..RunOptions::default()
        }
        .ngrams()
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ByArg {
    /// The case-folded word, with or without a possessive 's (Kerensky, Kerensky's).
    Word,
    /// The Snowball English stem (Soviet, Soviets, Soviet's).
    Stem,
    /// The token's lemma in its sentence (tags every paragraph; in analyze and compare,
    /// keyness.csv is by lemma too).
    Lemma,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum WithinArg {
    Paragraph,
    Sentence,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum CountingArg {
    Occurrence,
    Union,
}

// How lemmas are made and which parts of speech are kept: `lemmas`, `analyze --lemmas`, and
// `--by lemma`.
#[derive(Args)]
pub(crate) struct LemmaArgs {
    /// Period spellings folded into one lemma (TOML like corpora/variants.toml). Default: the
    /// shipped corpora/variants.toml.
    #[arg(help_heading = LEMMAS, long, value_name = "FILE")]
    pub(crate) variants: Option<PathBuf>,
    /// Fold no spelling: each lemma as the lemmatizer gives it (lowercased).
    #[arg(help_heading = LEMMAS, long, conflicts_with = "variants")]
    pub(crate) no_variants: bool,
    /// Only these parts of speech, as Universal Dependencies tags separated by commas
    /// (NOUN,PROPN): the rows of lemmas.csv, and with --by lemma the node's tokens.
    #[arg(help_heading = LEMMAS, long, value_name = "TAGS")]
    pub(crate) pos: Option<String>,
}

impl LemmaArgs {
    /// The tagger and the variants of these options, and the `--pos` tags, checked.
    pub(crate) fn options(&self) -> Result<(Arc<LemmaOptions>, Option<Vec<String>>), Error> {
        RunOptions {
            variants: self.variants.clone(),
            no_variants: self.no_variants,
            pos: self.pos.clone(),
            ..RunOptions::default()
        }
        .lemmas()
    }

    /// The files these options read (a table must not replace them).
    pub(crate) fn files(&self) -> Vec<PathBuf> {
        self.variants.iter().cloned().collect()
    }
}

/// Gives windows whose nodes match by lemma the tagger and the `--pos` tags, and folds the
/// node words' period spellings as the lemmas are folded; other windows are left as they are.
pub(crate) fn lemma_windows(
    mut options: WindowOptions,
    lemmas: &Arc<LemmaOptions>,
    pos: Option<Vec<String>>,
) -> WindowOptions {
    if options.nodes.by() == MatchBy::Lemma {
        let variants = &lemmas.variants;
        options
            .nodes
            .fold_words(|w| variants.fold(w, w).map(str::to_string));
        options.lemmas = Some(lemmas.clone());
        options.pos = pos;
    }
    options
}

/// The windows of `collocations` and `kwic`: with `--by lemma`, given the tagger; `--pos`
/// without it is a usage error.
pub(crate) fn query_windows(
    window: &impl WindowFlags,
    lemma: &LemmaArgs,
    nodes: &[String],
    keep_numbers: bool,
) -> Result<WindowOptions, Error> {
    let options = window.options(nodes, MatchBy::Word, keep_numbers)?;
    if window.by_lemma() {
        let (lemmas, pos) = lemma.options()?;
        return Ok(lemma_windows(options, &lemmas, pos));
    }
    if lemma.pos.is_some() {
        return Err(Error::Usage(
            "--pos filters the node's tokens by tag, which needs --by lemma".into(),
        ));
    }
    Ok(options)
}
