//! From options to tables: what a call counts ([`Plan::new`], [`Plan::count`]) and the tables
//! it writes from the analysis ([`Plan::write`]) into any sink: memory (Arrow, for pandas) or
//! a folder (`merge_partials(out=...)`, as the command line's `merge --out`).

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::RecordBatch;
use corpus_lens::analyses::collocate::{CollocationFilter, WindowOptions};
use corpus_lens::analyses::compare::{self, KeynessOptions};
use corpus_lens::analyses::freq::FreqOptions;
use corpus_lens::analyses::kwic_sort::SortKey;
use corpus_lens::analyses::lemmas::{lemma_counts, LemmaOptions};
use corpus_lens::corpus::Corpus;
use corpus_lens::count::nodes::MatchBy;
use corpus_lens::framing::summary::SummaryOptions;
use corpus_lens::framing::Framer;
use corpus_lens::run::{Analysis, Analyzer, CountOptions};
use corpus_lens::tables::arrow_tables::ArrowTables;
use corpus_lens::tables::jobs::{self, CompareInputs, Job};
use corpus_lens::tables::TableSink;
use corpus_lens::Error;
use pyo3::prelude::*;

use crate::options::Settings;

/// Which groups of tables a call asks for.
#[derive(Default)]
pub(crate) struct Groups {
    pub(crate) freq: bool,
    pub(crate) collocations: bool,
    pub(crate) kwic: bool,
    pub(crate) framing: bool,
    pub(crate) compare: bool,
    pub(crate) ngrams: bool,
    pub(crate) lemmas: bool,
}

impl Groups {
    pub(crate) fn of(names: &[String]) -> PyResult<Groups> {
        let mut g = Groups::default();
        for name in names {
            match name.as_str() {
                "freq" => g.freq = true,
                "collocations" => g.collocations = true,
                "kwic" => g.kwic = true,
                "framing" => g.framing = true,
                "compare" => g.compare = true,
                "ngrams" => g.ngrams = true,
                "lemmas" => g.lemmas = true,
                other => {
                    return Err(pyo3::exceptions::PyValueError::new_err(format!(
                        "unknown group of tables {other:?}"
                    )))
                }
            }
        }
        Ok(g)
    }

    /// The tables of `corpus-lens analyze` (no n-grams, no lemmas): what partials hold.
    pub(crate) fn analyze() -> Groups {
        Groups {
            freq: true,
            collocations: true,
            kwic: true,
            framing: true,
            compare: true,
            ..Groups::default()
        }
    }
}

/// The options read into the library's types, before the run.
pub(crate) struct Plan {
    freq_options: FreqOptions,
    filter: CollocationFilter,
    keyness: KeynessOptions,
    kwic_keys: Option<Vec<SortKey>>,
    windows: Arc<WindowOptions>,
    by_lemma: bool,
    lemmas: Option<Arc<LemmaOptions>>,
    pos: Option<Vec<String>>,
    framer: Option<Framer>,
    summary: SummaryOptions,
}

impl Plan {
    /// Reads and checks every option of `groups` (a bad one fails before any counting).
    pub(crate) fn new(g: &Groups, s: &Settings) -> Result<Plan, Error> {
        let r = &s.run;
        let freq_options = r.freq()?;
        let filter = r.filter()?;
        let keyness = r.keyness(r.freq()?.stopwords)?;
        let needs_windows = g.collocations || g.kwic || g.compare;
        let kwic_keys = s
            .kwic_sort
            .as_deref()
            .map(|keys| SortKey::parse_within(keys, r.width))
            .transpose()?;
        let mut windows = r.node_windows(&s.nodes)?;
        let by_lemma = needs_windows && r.by == Some(MatchBy::Lemma);
        let (lemmas, pos) = if g.lemmas || by_lemma {
            let (lemmas, pos) = r.lemmas()?;
            if windows.nodes.by() == MatchBy::Lemma {
                let variants = &lemmas.variants;
                windows
                    .nodes
                    .fold_words(|w| variants.fold(w, w).map(str::to_string));
                windows.lemmas = Some(lemmas.clone());
                windows.pos = pos.clone();
            }
            (Some(lemmas), pos)
        } else {
            if r.pos.is_some() {
                return Err(Error::Usage(
                    "pos filters lemmas or the node's tokens by tag: it needs lemmas=True or by=\"lemma\""
                        .into(),
                ));
            }
            (None, None)
        };
        let framer = match g.framing || g.compare {
            true => Some(r.framer()?),
            false => None,
        };
        Ok(Plan {
            keyness,
            filter,
            freq_options,
            kwic_keys,
            windows: Arc::new(windows),
            by_lemma,
            lemmas,
            pos,
            framer,
            summary: r.summary()?,
        })
    }

    /// What the engine counts for `groups`.
    pub(crate) fn count(&self, g: &Groups, s: &Settings) -> Result<CountOptions, Error> {
        let needs_windows = g.collocations || g.kwic || g.compare;
        Ok(CountOptions {
            windows: needs_windows.then(|| self.windows.clone()),
            ngrams: if g.ngrams {
                Some(s.run.ngrams()?)
            } else {
                None
            },
            framing: self.framer.clone(),
            lemmas: self.lemmas.clone(),
            ..Default::default()
        })
    }

    /// Writes the tables of `groups` from `analysis` (of `corpus`) into `sink`.
    pub(crate) fn write<S: TableSink>(
        &self,
        g: &Groups,
        s: &Settings,
        corpus: &Corpus,
        analysis: &mut Analysis,
        sink: &S,
    ) -> Result<(), Error> {
        let r = &s.run;
        let comparisons = match (g.compare, g.framing && g.freq) {
            // analyze: each document against the rest.
            (_, true) => compare::all_versus_rest(corpus.documents()),
            (true, false) => vec![compare::select(
                corpus.documents(),
                &s.target,
                &s.reference,
            )?],
            (false, false) => Vec::new(),
        };
        let framed = analysis.take_framing();
        let keyness_counts = match (&analysis.lemmas, self.by_lemma) {
            (Some(tables), true) => Some(lemma_counts(analysis, tables, self.pos.as_deref())),
            _ => None,
        };
        let a = &*analysis;
        let compare_inputs = self.framer.as_ref().map(|framer| CompareInputs {
            analysis: a,
            comparisons: &comparisons,
            keyness: &self.keyness,
            windows: &self.windows,
            min_o11: r.min_o11,
            collocate_stopwords: self.filter.stopwords.as_ref(),
            framer,
            framed: &framed,
            summary: self.summary,
            keyness_counts: keyness_counts.as_ref(),
        });
        let mut list: Vec<Job> = Vec::new();
        if g.freq {
            list.extend(jobs::freq_jobs(a, &self.freq_options, sink));
        }
        if g.collocations {
            list.push(jobs::collocation_job(a, &self.filter, r.matrix_top, sink));
        }
        if g.kwic {
            match &self.kwic_keys {
                Some(keys) => list.push(jobs::sorted_kwic_job(a, keys, sink)),
                None => list.push(jobs::kwic_job(a, sink)),
            }
        }
        if let (true, Some(framer)) = (g.framing, &self.framer) {
            let compared = g.compare.then_some(comparisons.as_slice());
            list.extend(jobs::framing_jobs(
                framer,
                &framed,
                self.summary,
                compared,
                sink,
            ));
        }
        if let (true, Some(c)) = (g.compare, &compare_inputs) {
            list.extend(jobs::compare_jobs(c, !g.framing, sink));
        }
        if g.ngrams {
            list.push(jobs::ngram_job(a, r.ngram_min_freq, sink));
        }
        if let (true, Some(lemmas)) = (g.lemmas, &a.lemmas) {
            list.push(jobs::lemma_job(
                a,
                lemmas,
                &self.freq_options,
                self.pos.as_deref(),
                sink,
            ));
        }
        jobs::run_jobs(list, |_| ())?;
        Ok(())
    }
}

/// Counts the corpus of `inputs` and builds the tables of `groups`, as `corpus-lens analyze`
/// (all groups) or the single commands do.
pub(crate) fn tables(
    inputs: &[PathBuf],
    g: &Groups,
    s: &Settings,
) -> Result<Vec<(String, RecordBatch)>, Error> {
    let plan = Plan::new(g, s)?;
    let corpus = Corpus::from_inputs_with(inputs, s.run.policy())?;
    let config = s.run.config(plan.count(g, s)?);
    let mut analysis = Analyzer::new(config).run(&corpus)?;
    let sink = ArrowTables::new();
    plan.write(g, s, &corpus, &mut analysis, &sink)?;
    Ok(sink.into_tables())
}
