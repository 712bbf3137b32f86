//! `corpus-lens count --partial` and `corpus-lens merge`: partial results on disk
//! ([`corpus_lens::run::partial`]), with `analyze`'s options.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::parser::ValueSource;
use clap::{Args, CommandFactory};
use corpus_lens::run::partial::{lexicon_files, Header, Merger};
use corpus_lens::run::{Analysis, Analyzer, CountOptions};
use corpus_lens::{corpus::Corpus, Error};

use super::analyze::{self, AnalyzeArgs, Source};
use super::engine::start_pool;
use super::freq::FreqArgs;
use super::options::heading::OUTPUT;
use super::options::Common;

pub(crate) const EXAMPLES_COUNT: &str = "\
Examples:
  corpus-lens count corpora/manifest.toml --documents reed1919,trotsky1918 --partial a.partial
  corpus-lens count corpora/manifest.toml --documents ransome1919 --partial b.partial
  corpus-lens merge a.partial b.partial --out tables   # the tables of analyze for those documents";

pub(crate) const EXAMPLES_MERGE: &str = "\
Examples:
  corpus-lens merge a.partial b.partial --out tables
  corpus-lens merge shards/*.partial --node soviet --out tables  # the options count was given
  corpus-lens merge a.partial b.partial --partial ab.partial     # one partial: a tree of merges

The inputs are partial files made by `corpus-lens count --partial`; give the analysis options
they were counted with (an error names any that differs). With --partial, merge writes the
union of its inputs as one partial file, which merges like any other, instead of tables; it
needs no analysis options.";

#[derive(Args)]
pub(crate) struct CountArgs {
    #[command(flatten)]
    analyze: AnalyzeArgs,
    #[command(flatten)]
    partial: PartialArgs,
}

#[derive(Args)]
pub(crate) struct MergeArgs {
    #[command(flatten)]
    analyze: AnalyzeArgs,
    /// Write the union of the partials as one partial file (replaced atomically) instead of
    /// tables: a step of a tree of merges. Not with --out.
    #[arg(long, value_name = "FILE", conflicts_with = "out", help_heading = OUTPUT)]
    partial: Option<PathBuf>,
}

#[derive(Args)]
pub(crate) struct PartialArgs {
    /// The partial result file to write (replaced atomically).
    #[arg(long, value_name = "FILE", required = true, help_heading = OUTPUT)]
    pub(crate) partial: PathBuf,
    /// Count only these documents of the corpus (ids, comma-separated; default: all). The
    /// inputs name the whole corpus, so each document keeps its place in it.
    #[arg(long, value_name = "ID,...", value_delimiter = ',', help_heading = OUTPUT)]
    pub(crate) documents: Vec<String>,
}

/// Options that do not change what is counted or how the tables read: left out of the
/// partial's header.
const NOT_IN_HEADER: [&str; 8] = [
    "inputs",
    "partial",
    "documents",
    "threads",
    "quiet",
    "timings",
    "out",
    "format",
];

/// The analysis options given on the command line, as `id=value,value`, in the order the
/// command defines them (the same however they were spelled).
fn given_options(command: &str) -> Vec<String> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let mut root = crate::Cli::command();
    let Ok(matches) = root.try_get_matches_from_mut(args) else {
        return Vec::new();
    };
    let (Some(sub), Some(cmd)) = (
        matches.subcommand_matches(command),
        root.find_subcommand(command),
    ) else {
        return Vec::new();
    };
    let mut options = Vec::new();
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if NOT_IN_HEADER.contains(&id) || sub.value_source(id) != Some(ValueSource::CommandLine) {
            continue;
        }
        let Ok(Some(raw)) = sub.try_get_raw(id) else {
            continue;
        };
        let values: Vec<String> = raw.map(|v| v.to_string_lossy().into_owned()).collect();
        options.push(format!("{id}={}", values.join(",")));
    }
    options
}

pub(crate) fn run_count(args: &CountArgs) -> Result<(), Error> {
    analyze::run_from(&args.analyze, Source::Partial(&args.partial))
}

pub(crate) fn run_merge(args: &MergeArgs) -> Result<(), Error> {
    let options = given_options("merge");
    match &args.partial {
        Some(out) => merge_partial(&args.analyze.base, out, options),
        None => analyze::run_from(&args.analyze, Source::Merge(options)),
    }
}

/// A partial file is a file: `--partial -` is a usage error, not a file named `-`.
fn refuse_stdout(path: &Path) -> Result<(), Error> {
    if path == Path::new("-") {
        return Err(Error::Usage(
            "--partial -: a partial result is written to a file (replaced atomically), not to \
             standard output; give a file name"
                .into(),
        ));
    }
    Ok(())
}

/// Merges the partial files into one partial file, `out`.
fn merge_partial(base: &FreqArgs, out: &Path, options: Vec<String>) -> Result<(), Error> {
    refuse_stdout(out)?;
    let files = &base.inputs;
    if files.is_empty() {
        return Err(Error::Usage(
            "merge: give the partial files to merge (made by `corpus-lens count --partial`)".into(),
        ));
    }
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if let Some(input) = files.iter().find(|f| same(f, out)) {
        return Err(Error::Usage(format!(
            "merge: --partial {} would replace the input {}; write the merged partial to \
             another file",
            out.display(),
            input.display()
        )));
    }
    let (header, mut merger) = Merger::open(files)?;
    // The headers carry the options; any given must be theirs.
    if !options.is_empty() {
        check_options(&header, &options, &files[0])?;
    }
    let written = merger.write_partial(out)?;
    if !base.output.common.quiet {
        let bytes = std::fs::metadata(out).map_or(0, |m| m.len());
        eprintln!(
            "corpus-lens: {} documents of {} partials merged into {} ({bytes} bytes)",
            written.documents.len(),
            files.len(),
            out.display()
        );
    }
    Ok(())
}

/// Counts the inputs' documents (or those of `--documents`) into the partial file.
pub(crate) fn count(
    common: &Common,
    base: &FreqArgs,
    count: CountOptions,
    read: &[PathBuf],
    partial: &PartialArgs,
) -> Result<(), Error> {
    start_pool(common.threads)?;
    refuse_stdout(&partial.partial)?;
    let corpus = common.corpus(&base.inputs)?;
    // Never over a file the run reads (a document, a manifest, a lexicon), checked before
    // the counting.
    let mut inputs = super::output::inputs_of(&corpus, read.iter().cloned());
    inputs.extend(base.inputs.iter().cloned());
    corpus_lens::tables::check_not_input(&partial.partial, &inputs)?;
    let analyzer = Analyzer::new(common.config(count));
    let documents = (!partial.documents.is_empty()).then_some(partial.documents.as_slice());
    let options = given_options("count");
    let header = analyzer.count_partial(
        &corpus,
        documents,
        options,
        &lexicon_files(read),
        &partial.partial,
    )?;
    if !common.quiet {
        let bytes = std::fs::metadata(&partial.partial).map_or(0, |m| m.len());
        eprintln!(
            "corpus-lens: {} of {} documents counted into {} ({bytes} bytes)",
            header.documents.len(),
            header.corpus_documents,
            partial.partial.display()
        );
    }
    Ok(())
}

/// Merges the partial files into the analysis of their documents, after checking that they
/// were counted with `options` (the merge's own) and the lexicons found here.
pub(crate) fn merge(
    common: &Common,
    files: &[PathBuf],
    count: CountOptions,
    read: &[PathBuf],
    options: Vec<String>,
) -> Result<(Corpus, Analysis), Error> {
    if files.is_empty() {
        return Err(Error::Usage(
            "merge: give the partial files to merge (made by `corpus-lens count --partial`)".into(),
        ));
    }
    start_pool(common.threads)?;
    let (header, mut merger) = Merger::open(files)?;
    check_options(&header, &options, &files[0])?;
    let here = corpus_lens::run::partial::lexicon_hashes(&lexicon_files(read))?;
    if here != header.lexicons {
        return Err(Error::Usage(format!(
            "{}: counted with the lexicons and models {:?}, but here they are {:?}; merge \
             with the files the partials were counted with",
            files[0].display(),
            header.lexicons,
            here
        )));
    }
    let analyzer = Analyzer::new(common.config(count));
    merger.run(&analyzer)
}

fn check_options(header: &Header, options: &[String], file: &Path) -> Result<(), Error> {
    if header.options == options {
        return Ok(());
    }
    let show = |o: &[String]| match o.is_empty() {
        true => "none".to_string(),
        false => o.join(" "),
    };
    Err(Error::Usage(format!(
        "{}: counted with the options {}, but merge was given {}; give merge the options \
         count was given",
        file.display(),
        show(&header.options),
        show(options)
    )))
}
