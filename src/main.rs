//! The `corpus-lens` command: a thin layer over the library. It parses arguments, runs the
//! engine, writes tables and reports errors (exit 1 for bad input, 2 for bad usage).
//!
//! This file holds the command line's top level and the help texts' examples; each subcommand's
//! arguments and run are in a file of its own under `src/cli/`, beside the option groups they
//! share, the table jobs, the output and the progress bar.

use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use corpus_lens::Error;

use crate::cli::output::STARTED;
use crate::cli::progress_bar;
use crate::cli::{
    actions, analyze, collocations, compare, evaluate, framing, freq, kwic, lemmas, ngrams, parse,
    partials, schema, sentiment, sketch, train_framing, train_syntax,
};

mod cli;

// glibc's malloc was ~10% of the profile: paragraph results are allocated on worker threads
// and freed on the merging thread, which glibc handles slowly. mimalloc handles it well. The
// wrapper turns a refused allocation into an error message and exit code 1 (not an abort).
#[global_allocator]
static ALLOCATOR: cli::memory::Allocator = cli::memory::Allocator;

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
  corpus-lens collocations 'Socialist Revolutionaries' Cadets --within sentence reed.txt
  corpus-lens collocations Cadets --case-sensitive --counting union --out tables
  corpus-lens collocations --node Cadets cadets             # a folder named like the node

Nodes come first, then inputs: an argument is an input if it is `-`, holds a `/`, or ends in
.txt, .toml, .xml, .tei, .html, .htm, .xhtml, .epub or .zip (see docs/cli.md). A node that
matches nothing gets a note on standard error (exit 0); --require-match makes it an error.";

const EXAMPLES_KWIC: &str = "\
Examples:
  corpus-lens kwic Coalitionist                              # CSV on standard output
  corpus-lens kwic soviet reed.txt                           # reed.txt, not the shipped corpus
  corpus-lens kwic 'Provisional Parliament' --width 12 corpora/manifest.toml
  corpus-lens kwic soviet --by stem --out tables
  corpus-lens kwic Soviet --sort 1R,2R                       # lines that go on alike together
  corpus-lens kwic 'Bolshevi*'                               # Bolshevik, Bolsheviki, Bolshevism ...

Nodes come first, then inputs: an argument is an input if it is `-`, holds a `/`, or ends in
.txt, .toml, .xml, .tei, .html, .htm, .xhtml, .epub or .zip (see docs/cli.md). A node that
matches nothing gets a note on standard error (exit 0); --require-match makes it an error.";

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

const EXAMPLES_TRAIN_FRAMING: &str = "Examples:
  corpus-lens train-framing --gold corpora/gold/gold.csv --out models/stance.csv
  corpus-lens train-framing --gold my_gold.csv memoirs/ --out my_model.csv --report cv
  corpus-lens framing memoirs/ --model my_model.csv --out tables";

const EXAMPLES_EVALUATE: &str = "\
The gold file has one row per labelled mention: document (id), byte_offset (of the mention's
first byte in the file), faction (an id of the factions lexicon) and stance (-1, 0 or +1);
optionally mention (the words, whose length gives the span matched), is_mention (rows with 0
are skipped) and the other columns of corpora/gold/gold.csv. A gold row matches the tool's
mention of its faction whose bytes overlap it (petrograd_soviet counts as soviets, state_duma
as duma); rows in excluded matter are set aside. A valence >= 0.05 predicts +1, <= -0.05 -1.

Examples:
  corpus-lens evaluate --gold corpora/gold/gold.csv          # CSV on standard output
  corpus-lens evaluate --gold my_gold.csv memoirs/ --out tables --replicates 5000
  corpus-lens evaluate --gold corpora/gold/gold.csv --window 10   # another scorer's context";

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

const EXAMPLES_LEMMAS: &str = "\
Tags every sentence (models/en_ewt.syntax) and counts each token under its lowercased lemma
and UPOS tag, period spellings folded by corpora/variants.toml (see docs/syntax.md).
Examples:
  corpus-lens lemmas                                         # CSV on standard output
  corpus-lens lemmas --pos NOUN,PROPN --min-freq 5
  corpus-lens lemmas reed.txt --variants my_variants.toml --out tables
  corpus-lens analyze --lemmas                               # lemmas.csv beside the others";

const EXAMPLES_SKETCH: &str = "\
Parses every sentence (models/en_ewt.syntax; about 100,000 tokens a second per core) and
counts the relations of the node lemmas; logDice = 14 + log2(2 f(x,R,y) / (f(x,R) + f(R,y)))
(Rychly 2008). See docs/syntax.md.
Examples:
  corpus-lens sketch bolshevik                               # CSV on standard output
  corpus-lens sketch soviet kerensky --min-count 3 reed.txt
  corpus-lens sketch Bolsheviki --out tables                 # folded: the node is bolshevik";

const EXAMPLES_ACTIONS: &str = "\
Parses the sentences with a faction mention (models/en_ewt.syntax) and gives each mention
that is a verb's subject (agent; also the by-phrase of a passive) or object (patient; also
the subject of a passive) its role; agency and power from corpora/lexicons/agency_power.csv
(connotation frames, Sap et al. 2017, scored as Riveter does). See docs/framing.md.
Examples:
  corpus-lens actions --out tables
  corpus-lens actions reed.txt --agency-lexicon my_verbs.csv --out tables";

const EXAMPLES_PARSE: &str = "\
Writes CoNLL-U: UPOS, LEMMA, HEAD and DEPREL predicted by the model (default: the shipped
models/en_ewt.syntax, trained on UD English-EWT, CC BY-SA 4.0). Text files are tokenized as
the counts tokenize them, with punctuation as tokens of its own.

Examples:
  corpus-lens parse reed.txt > reed.conllu
  echo 'The Soviet met at Smolny.' | corpus-lens parse -
  corpus-lens parse --conllu en_ewt-ud-test.conllu --out predicted.conllu";

const EXAMPLES_TRAIN_SYNTAX: &str = "\
Examples (the shipped model; see models/README.md):
  corpus-lens train-syntax --train en_ewt-ud-train.conllu --dev en_ewt-ud-dev.conllu \\
      --out models/en_ewt.syntax";

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
    Analyze(analyze::AnalyzeArgs),
    /// Count some documents (or all) into a partial result file, to merge later with
    /// `merge` (takes analyze's options; see docs/partials.md).
    #[command(after_help = partials::EXAMPLES_COUNT)]
    Count(partials::CountArgs),
    /// Merge partial result files and write the tables `analyze` writes for the whole
    /// corpus (give the options the partials were counted with), or one partial file.
    #[command(after_help = partials::EXAMPLES_MERGE)]
    Merge(partials::MergeArgs),
    /// Write only the frequency tables (freq, freq_by_document, stems, corpus_summary,
    /// ocr_suspects, excluded_matter).
    #[command(after_help = EXAMPLES_FREQ)]
    Freq(freq::FreqArgs),
    /// Collocates of node words or phrases with association measures (collocations.csv).
    #[command(after_help = EXAMPLES_COLLOCATIONS)]
    Collocations(collocations::CollocationArgs),
    /// Concordance (keyword in context) lines of node words or phrases (kwic.csv).
    #[command(after_help = EXAMPLES_KWIC)]
    Kwic(kwic::KwicArgs),
    /// VADER sentiment of each line of a file or of standard input (sentiment.csv).
    #[command(after_help = EXAMPLES_SENTIMENT)]
    Sentiment(sentiment::SentimentArgs),
    /// How each document frames each faction: mentions, valence, framing dimensions, with
    /// bootstrap intervals (framing_mentions, framing_summary, framing_terms, framing_matrix).
    #[command(after_help = EXAMPLES_FRAMING)]
    Framing(framing::FramingCommandArgs),
    /// Score the framing against a gold file of labelled mentions: mentions found, macro-F1,
    /// per-class precision, recall and F1, the confusion matrix, Spearman and sign accuracy,
    /// with bootstrap intervals, overall and per faction (evaluation.csv).
    #[command(after_help = EXAMPLES_EVALUATE)]
    Evaluate(evaluate::EvaluateArgs),
    /// Fit a stance model on a gold file of labelled mentions (a CSV model file for
    /// `--model`), with its figures by cross-validation by document.
    #[command(after_help = EXAMPLES_TRAIN_FRAMING)]
    TrainFraming(train_framing::TrainFramingArgs),
    /// Compare memoirs: key words, collocate differences and framing differences between a
    /// target and a reference (keyness, colloc_compare, framing_compare).
    #[command(after_help = EXAMPLES_COMPARE)]
    Compare(compare::CompareArgs),
    /// Lemma list: frequency and dispersion of each (lemma, part of speech) pair, with its
    /// word forms, period spellings folded (lemmas.csv).
    #[command(after_help = EXAMPLES_LEMMAS)]
    Lemmas(lemmas::LemmasArgs),
    /// Word sketches: how often each collocate lemma stands to a node lemma as its subject,
    /// object, modifier, conjunct, possessor or prepositional object, with logDice, from a
    /// parse of every sentence (relations.csv).
    #[command(after_help = EXAMPLES_SKETCH)]
    Sketch(sketch::SketchArgs),
    /// What each faction does and what is done to it: the verbs whose subject or object a
    /// faction mention is, with agency and power scores and bootstrap intervals
    /// (faction_actions, faction_agency).
    #[command(after_help = EXAMPLES_ACTIONS)]
    Actions(actions::ActionsArgs),
    /// Clusters of 2 to 4 words with frequency and range (ngrams.csv).
    #[command(after_help = EXAMPLES_NGRAMS)]
    Ngrams(ngrams::NgramArgs),
    /// Print every table's columns and types as CSV (the layout of schema.csv), or the
    /// README's table reference.
    #[command(after_help = EXAMPLES_SCHEMA)]
    Schema(schema::SchemaArgs),
    /// Part-of-speech tags, lemmas and dependency trees of text or CoNLL-U, as CoNLL-U.
    #[command(after_help = EXAMPLES_PARSE)]
    Parse(parse::ParseArgs),
    /// Train the tagger, lemmatizer and parser on CoNLL-U files (Universal Dependencies).
    #[command(after_help = EXAMPLES_TRAIN_SYNTAX)]
    TrainSyntax(train_syntax::TrainSyntaxArgs),
}

fn main() -> ExitCode {
    STARTED.get_or_init(Instant::now);
    cli::memory::ignore_file_size_signal();
    cli::memory::one_system_arena();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    let result = run(cli);
    progress_bar::clear();
    let stdin_copy = cli::query::stdin_copy();
    cli::query::remove_stdin_copy();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`corpus-lens kwic x | head`) is the reader's choice, not an error.
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(err) => {
            // The copy of standard input is the user's `-`, not a temporary file's name.
            let mut message = err.to_string();
            if let Some(copy) = stdin_copy {
                message = message.replace(&copy.display().to_string(), "- (standard input)");
            }
            eprintln!("corpus-lens: error: {message}");
            ExitCode::from(if err.is_usage() { 2 } else { 1 })
        }
    }
}

/// Prints clap's help and version as clap does, and its usage errors with the one error
/// prefix of every other error (`corpus-lens: error: `), exit 2.
fn usage_error(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = err.print();
        return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    }
    let text = err.render().to_string();
    let text = text.strip_prefix("error: ").unwrap_or(&text);
    eprint!("corpus-lens: error: {text}");
    ExitCode::from(2)
}

fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Analyze(args) => analyze::run(&args),
        Command::Count(args) => partials::run_count(&args),
        Command::Merge(args) => partials::run_merge(&args),
        Command::Freq(args) => freq::run(&args),
        Command::Collocations(args) => collocations::run(&args),
        Command::Kwic(args) => kwic::run(&args),
        Command::Ngrams(args) => ngrams::run(&args),
        Command::Lemmas(args) => lemmas::run(&args),
        Command::Sketch(args) => sketch::run(&args),
        Command::Actions(args) => actions::run(&args),
        Command::Framing(args) => framing::run(&args),
        Command::Evaluate(args) => evaluate::run(&args),
        Command::TrainFraming(args) => train_framing::run(&args),
        Command::Compare(args) => compare::run(&args),
        Command::Sentiment(args) => sentiment::run(&args),
        Command::Schema(args) => schema::run(&args),
        Command::Parse(args) => parse::run(&args),
        Command::TrainSyntax(args) => train_syntax::run(&args),
    }
}
