//! `corpus-lens analyze`: every stage, every table.

use std::sync::Arc;
use std::time::Instant;

use clap::Args;
use corpus_lens::analyses::compare;
use corpus_lens::analyses::lemmas::lemma_counts;
use corpus_lens::run::CountOptions;
use corpus_lens::Error;

use super::actions;
use super::freq::FreqArgs;
use super::jobs::{
    collocation_job, compare_jobs, framing_jobs, freq_jobs, kwic_job, lemma_job, ngram_job,
    run_jobs, CompareInputs,
};
use super::options::heading::{COLLOCATES, FRAMING, LEMMAS, NGRAMS, NODES};
use super::options::{
    lemma_windows, FilterArgs, FramingArgs, KeynessArgs, LemmaArgs, NgramFlags, WindowArgs,
    WindowFlags,
};
use super::partials::{self, PartialArgs};
use super::query::check_matches;

#[derive(Args)]
pub(crate) struct AnalyzeArgs {
    /// Node words or phrases for collocations and concordances (repeat the option); * and ?
    /// are wildcards (Bolshevi*).
    /// Default: coalitionist, bourgeoisie, soviet, matched by stem.
    #[arg(long = "node", short = 'n', value_name = "NODE", help_heading = NODES)]
    nodes: Vec<String>,
    #[command(flatten)]
    window: WindowArgs,
    #[command(flatten)]
    filter: FilterArgs,
    /// Collocates per node in cooc_matrix.csv.
    #[arg(long, default_value_t = 20, value_name = "K", help_heading = COLLOCATES)]
    matrix_top: usize,
    /// Also count n-grams (ngrams.csv). Off by default: their number grows with the corpus.
    #[arg(long, help_heading = NGRAMS)]
    ngrams: bool,
    #[command(flatten)]
    ngram: NgramFlags,
    /// With --ngrams: leave out n-grams seen fewer times than this.
    #[arg(long, default_value_t = 2, value_name = "N", help_heading = NGRAMS)]
    ngram_min_freq: u64,
    #[command(flatten)]
    framing: FramingArgs,
    #[command(flatten)]
    keyness: KeynessArgs,
    /// Also tag every sentence and write lemmas.csv (lemma frequencies with dispersion;
    /// --by lemma does too).
    #[arg(long, help_heading = LEMMAS)]
    lemmas: bool,
    #[command(flatten)]
    lemma: LemmaArgs,
    /// Also parse the sentences with a faction mention and write faction_actions.csv and
    /// faction_agency.csv (who acts, who is acted upon; see `corpus-lens actions`).
    #[arg(long, help_heading = FRAMING)]
    actions: bool,
    /// With --actions: the agency and power lexicon (CSV: verb,agency,power). Default: the
    /// shipped corpora/lexicons/agency_power.csv.
    #[arg(long, value_name = "FILE", requires = "actions", help_heading = FRAMING)]
    agency_lexicon: Option<std::path::PathBuf>,
    // Inputs, the frequency tables and the options every command has: after the options
    // of analyze's own tables in --help.
    #[command(flatten)]
    pub(crate) base: FreqArgs,
}

pub(crate) fn run(args: &AnalyzeArgs) -> Result<(), Error> {
    run_from(args, Source::Inputs)
}

/// Where `analyze`'s tables come from: a run over the inputs, or partial results (`count`
/// writes one and stops, `merge` merges them; see partials.rs).
pub(crate) enum Source<'a> {
    Inputs,
    Partial(&'a PartialArgs),
    Merge(Vec<String>),
}

pub(crate) fn run_from(args: &AnalyzeArgs, source: Source<'_>) -> Result<(), Error> {
    let base = &args.base;
    let freq_options = base.freq.options(base.output.common.lossy)?;
    let filter = args.filter.filter()?;
    let keyness = args.keyness.options(freq_options.stopwords.clone())?;
    let mut windows = args
        .window
        .node_options(&args.nodes, base.output.common.keep_numbers)?;
    let ngrams = if args.ngrams {
        Some(args.ngram.options()?)
    } else {
        None
    };
    let framer = args.framing.framer()?;
    let summary = args.framing.summary()?;
    // --by lemma counts lemmas too: keyness.csv is by lemma.
    let (lemmas, pos) = match args.lemmas || args.window.by_lemma() {
        true => {
            let (lemmas, pos) = args.lemma.options()?;
            windows = lemma_windows(windows, &lemmas, pos.clone());
            (Some(lemmas), pos)
        }
        false => (None, None),
    };
    let windows = Arc::new(windows);
    let acting = match args.actions {
        true => Some(actions::setup(
            framer.clone(),
            args.agency_lexicon.as_ref(),
        )?),
        false => None,
    };
    let count = CountOptions {
        windows: Some(windows.clone()),
        ngrams,
        framing: Some(framer.clone()),
        lemmas,
        parts: base.parts.get(),
        actions: acting.clone(),
        ..Default::default()
    };
    let mut read = args.framing.files();
    read.extend(base.freq.stopword_file());
    read.extend(args.lemma.files());
    read.extend(args.agency_lexicon.iter().cloned());
    let (corpus, mut analysis) = match source {
        Source::Inputs => base.output.common.run(&base.inputs, count)?,
        Source::Partial(partial) => {
            return partials::count(&base.output.common, base, count, &read, partial)
        }
        Source::Merge(options) => {
            partials::merge(&base.output.common, &base.inputs, count, &read, options)?
        }
    };
    // The default nodes are not the user's words: no note on them.
    if !args.nodes.is_empty() {
        check_matches(&analysis, None, base.output.common.quiet)?;
    }
    let tables_start = Instant::now();
    let out = base.output.create(&corpus, read)?;
    let framed = analysis.take_framing();
    let acted = match acting {
        Some(_) => actions::take_actions(&corpus, &mut analysis),
        None => Vec::new(),
    };
    let by_lemma = match (&analysis.lemmas, args.window.by_lemma()) {
        (Some(tables), true) => Some(lemma_counts(&analysis, tables, pos.as_deref())),
        _ => None,
    };
    let (a, w, f) = (&analysis, &*windows, &filter);
    let out_ref = &out;
    let comparisons = compare::all_versus_rest(corpus.documents());
    let compare_inputs = CompareInputs {
        analysis: a,
        comparisons: &comparisons,
        keyness: &keyness,
        windows: w,
        min_o11: args.filter.min_o11,
        collocate_stopwords: filter.stopwords.as_ref(),
        framer: &framer,
        framed: &framed,
        summary,
        keyness_counts: by_lemma.as_ref(),
    };
    let mut jobs = freq_jobs(a, &freq_options, out_ref);
    jobs.push(collocation_job(a, f, args.matrix_top, out_ref));
    jobs.push(kwic_job(a, out_ref));
    let compared = Some(comparisons.as_slice());
    jobs.extend(framing_jobs(&framer, &framed, summary, compared, out_ref));
    jobs.extend(compare_jobs(&compare_inputs, false, out_ref));
    if args.ngrams {
        jobs.push(ngram_job(a, args.ngram_min_freq, out_ref));
    }
    if let Some(lemmas) = &a.lemmas {
        jobs.push(lemma_job(a, lemmas, &freq_options, pos.as_deref(), out_ref));
    }
    if let Some(setup) = &acting {
        jobs.extend(actions::actions_jobs(setup, &acted, &summary, out_ref));
    }
    let times = run_jobs(jobs)?;
    base.output.finish(out, &analysis, times, tables_start)
}
