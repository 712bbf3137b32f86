//! The table-writing jobs of a run (what `corpus-lens analyze` and the Python package's
//! `analyze` write), run in parallel into any [`TableSink`].
//!
//! Each job builds its rows from an [`Analysis`] and writes them; the lists here are the one
//! place that says which function makes which table, so that the command line and the package
//! give the same tables.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{TableSink, COLLOCATIONS, CORPUS_SUMMARY, EXCLUDED_MATTER, FRAMING_COMPARE};
use super::{COLLOC_COMPARE, NGRAMS, OCR_SUSPECTS, STEMS};
use super::{FRAMING_SUMMARY, FRAMING_TERMS, FREQ, FREQ_BY_DOCUMENT, KEYNESS, KWIC, LEMMAS};
use crate::analyses::collocate::{self, CollocationFilter, WindowOptions};
use crate::analyses::compare::{self, Comparison, KeynessOptions};
use crate::analyses::freq::{self, FreqOptions};
use crate::analyses::kwic_sort::{self, SortKey};
use crate::analyses::lemmas::{lemma_rows, LemmaTables};
use crate::analyses::ngrams;
use crate::count::engine::CorpusCounts;
use crate::error::Error;
use crate::framing::summary::{DocumentFraming, SummaryOptions};
use crate::framing::{self, Framer};
use crate::run::Analysis;
use crate::text::stopwords::Stopwords;

/// A table-writing job: its name, and a function that builds its rows and writes them.
pub type Job<'a> = (&'static str, Box<dyn Fn() -> Result<(), Error> + Sync + 'a>);

/// Runs the jobs in parallel; the first error in job order wins. Returns each job's time.
/// `watch` is called as a job starts, and what it returns is dropped as the job ends (a
/// progress line, or `()`).
///
/// ```
/// use corpus_lens::tables::jobs::{run_jobs, Job};
/// let jobs: Vec<Job> = vec![("one", Box::new(|| Ok(()))), ("two", Box::new(|| Ok(())))];
/// let times = run_jobs(jobs, |_| ())?;
/// assert_eq!(times.iter().map(|t| t.0).collect::<Vec<_>>(), ["one", "two"]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn run_jobs<G>(
    jobs: Vec<Job<'_>>,
    watch: impl Fn(&'static str) -> G + Sync,
) -> Result<Vec<(&'static str, Duration)>, Error> {
    jobs.par_iter()
        .map(|(name, job)| {
            let _shown = watch(name);
            let start = Instant::now();
            job().map(|()| (*name, start.elapsed()))
        })
        .collect()
}

/// The frequency tables' jobs (`freq` writes these alone, `analyze` among the others).
///
/// ```
/// use corpus_lens::run::{Analyzer, Config};
/// use corpus_lens::tables::{arrow_tables::ArrowTables, jobs};
/// let corpus = corpus_lens::corpus::Corpus::load_default()?;
/// let analysis = Analyzer::new(Config::default()).run(&corpus)?;
/// let sink = ArrowTables::new();
/// let options = Default::default();
/// jobs::run_jobs(jobs::freq_jobs(&analysis, &options, &sink), |_| ())?;
/// assert!(sink.into_tables().iter().any(|(name, _)| name == "freq"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn freq_jobs<'a, S: TableSink>(
    a: &'a Analysis,
    o: &'a FreqOptions,
    out: &'a S,
) -> Vec<Job<'a>> {
    // The word order the tables sort by, computed here on every thread: computed inside a
    // job, it would keep the jobs that need it waiting on a thread that does nothing.
    a.word_ranks();
    vec![
        (
            "summary",
            Box::new(move || out.write(&CORPUS_SUMMARY, freq::corpus_summary(a))),
        ),
        (
            "freq",
            Box::new(move || out.write(&FREQ, freq::freq_rows(a, o))),
        ),
        (
            "freq_by_doc",
            Box::new(move || out.write(&FREQ_BY_DOCUMENT, freq::freq_by_document_rows(a, o))),
        ),
        (
            "stems",
            Box::new(move || out.write(&STEMS, freq::stem_rows(a, o))),
        ),
        (
            "ocr",
            Box::new(move || out.write(&OCR_SUSPECTS, freq::ocr_suspects(a))),
        ),
        (
            "excluded",
            Box::new(move || out.write(&EXCLUDED_MATTER, freq::excluded_rows(a))),
        ),
    ]
}

/// The job of `collocations.csv` and `cooc_matrix.csv` (the `matrix_top` best collocates of
/// each node by the filter's measure).
///
/// ```
/// use corpus_lens::{collocate::{CollocationFilter, WindowOptions}, nodes::{MatchBy, NodeSet}};
/// use corpus_lens::run::{Analyzer, Config};
/// use corpus_lens::tables::{arrow_tables::ArrowTables, jobs};
/// let corpus = corpus_lens::corpus::Corpus::load_default()?;
/// let windows = WindowOptions::new(NodeSet::new(&["soviet".to_string()], MatchBy::Word, false)?);
/// let mut config = Config::default();
/// config.count.windows = Some(windows.clone().into());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let (sink, filter) = (ArrowTables::new(), CollocationFilter::default());
/// jobs::run_jobs(vec![jobs::collocation_job(&analysis, &filter, 20, &sink)], |_| ())?;
/// assert_eq!(sink.into_tables().len(), 2);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn collocation_job<'a, S: TableSink>(
    a: &'a Analysis,
    f: &'a CollocationFilter,
    matrix_top: usize,
    out: &'a S,
) -> Job<'a> {
    (
        "collocations",
        Box::new(move || {
            // The window options the run counted: tables of other options would mislabel.
            let rows = a.collocations(f)?;
            let w = a.counted_windows()?;
            let labels: Vec<String> = w.nodes.nodes().iter().map(|n| n.label.clone()).collect();
            let (nodes, collocates, m) =
                collocate::cooc_matrix(&rows, &labels, f.sort_by, matrix_top);
            out.write_rows(collocate::cooc_layout(&collocates), |rows| {
                collocate::put_cooc_matrix(rows, &nodes, &m)
            })?;
            out.write(&COLLOCATIONS, rows)
        }),
    )
}

/// The job of `kwic.csv`.
///
/// ```
/// use corpus_lens::{collocate::WindowOptions, nodes::{MatchBy, NodeSet}};
/// use corpus_lens::run::{Analyzer, Config};
/// use corpus_lens::tables::{arrow_tables::ArrowTables, jobs};
/// let corpus = corpus_lens::corpus::Corpus::load_default()?;
/// let windows = WindowOptions::new(NodeSet::new(&["soviet".to_string()], MatchBy::Word, false)?);
/// let mut config = Config::default();
/// config.count.windows = Some(windows.clone().into());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let sink = ArrowTables::new();
/// jobs::run_jobs(vec![jobs::kwic_job(&analysis, &sink)], |_| ())?;
/// let tables = sink.into_tables();
/// assert!(tables[0].1.num_rows() > 0);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn kwic_job<'a, S: TableSink>(a: &'a Analysis, out: &'a S) -> Job<'a> {
    (
        "kwic",
        Box::new(move || {
            let error = std::cell::Cell::new(None);
            out.write(&KWIC, a.kwic_lines(&error)?)?;
            error.take().map_or(Ok(()), Err)
        }),
    )
}

/// The job of `kwic.csv` with its lines sorted by the words around the node
/// ([`kwic_sort::sort_lines`]); sorting needs every line at once, where [`kwic_job`] streams.
///
/// ```
/// use corpus_lens::{collocate::WindowOptions, kwic_sort::SortKey, nodes::{MatchBy, NodeSet}};
/// use corpus_lens::run::{Analyzer, Config};
/// use corpus_lens::tables::{arrow_tables::ArrowTables, jobs};
/// let corpus = corpus_lens::corpus::Corpus::load_default()?;
/// let windows = WindowOptions::new(NodeSet::new(&["soviet".to_string()], MatchBy::Word, false)?);
/// let mut config = Config::default();
/// config.count.windows = Some(windows.into());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let (sink, keys) = (ArrowTables::new(), SortKey::parse_within("1R", 8)?);
/// jobs::run_jobs(vec![jobs::sorted_kwic_job(&analysis, &keys, &sink)], |_| ())?;
/// assert!(sink.into_tables()[0].1.num_rows() > 0);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn sorted_kwic_job<'a, S: TableSink>(
    a: &'a Analysis,
    keys: &'a [SortKey],
    out: &'a S,
) -> Job<'a> {
    (
        "kwic",
        Box::new(move || {
            let mut rows = a.kwic()?;
            kwic_sort::sort_lines(&mut rows, keys);
            out.write(&KWIC, rows)
        }),
    )
}

/// The job of `ngrams.csv`: the n-grams seen at least `min_freq` times.
///
/// ```
/// use corpus_lens::run::{Analyzer, Config};
/// use corpus_lens::tables::{arrow_tables::ArrowTables, jobs};
/// let corpus = corpus_lens::corpus::Corpus::load_default()?;
/// let mut config = Config::default();
/// config.count.ngrams = Some(Default::default());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let sink = ArrowTables::new();
/// jobs::run_jobs(vec![jobs::ngram_job(&analysis, 2, &sink)], |_| ())?;
/// assert_eq!(sink.into_tables()[0].0, "ngrams");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn ngram_job<'a, S: TableSink>(a: &'a Analysis, min_freq: u64, out: &'a S) -> Job<'a> {
    (
        "ngrams",
        Box::new(move || out.write(&NGRAMS, ngrams::ngram_rows(a, min_freq))),
    )
}

/// The job of `lemmas.csv` (the parts of speech `pos` only, if given).
///
/// ```
/// use corpus_lens::{analyses::lemmas::LemmaOptions, run::{Analyzer, Config}};
/// use corpus_lens::tables::{arrow_tables::ArrowTables, jobs};
/// let corpus = corpus_lens::corpus::Corpus::load_default()?;
/// let mut config = Config::default();
/// config.count.lemmas = Some(LemmaOptions::load_default()?.into());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let (sink, options) = (ArrowTables::new(), Default::default());
/// let lemmas = analysis.lemmas.as_ref().unwrap();
/// jobs::run_jobs(vec![jobs::lemma_job(&analysis, lemmas, &options, None, &sink)], |_| ())?;
/// assert_eq!(sink.into_tables()[0].0, "lemmas");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn lemma_job<'a, S: TableSink>(
    a: &'a Analysis,
    lemmas: &'a LemmaTables,
    options: &'a FreqOptions,
    pos: Option<&'a [String]>,
    out: &'a S,
) -> Job<'a> {
    (
        "lemmas",
        Box::new(move || out.write(&LEMMAS, lemma_rows(a, lemmas, options, pos))),
    )
}

/// The framing tables' jobs; with `comparisons` (even none), the summary's job writes
/// `framing_compare.csv` too, from the same resampling of each document.
///
/// ```
/// use corpus_lens::framing::{summary::SummaryOptions, Context, Framer};
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon};
/// use corpus_lens::run::{Analyzer, Config};
/// use corpus_lens::tables::{arrow_tables::ArrowTables, jobs};
/// let corpus = corpus_lens::corpus::Corpus::load_default()?;
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let mut config = Config::default();
/// config.count.framing = Some(framer.clone());
/// let mut analysis = Analyzer::new(config).run(&corpus)?;
/// let framed = analysis.take_framing();
/// let sink = ArrowTables::new();
/// let summary = SummaryOptions::default();
/// jobs::run_jobs(jobs::framing_jobs(&framer, &framed, summary, None, &sink), |_| ())?;
/// let names: Vec<String> = sink.into_tables().into_iter().map(|t| t.0).collect();
/// assert!(names.contains(&"framing_mentions".to_string()));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn framing_jobs<'a, S: TableSink>(
    framer: &'a Framer,
    docs: &'a [(String, DocumentFraming)],
    summary: SummaryOptions,
    comparisons: Option<&'a [Comparison]>,
    out: &'a S,
) -> Vec<Job<'a>> {
    vec![
        (
            "framing_mentions",
            Box::new(move || {
                out.write_rows(framing::summary::mention_layout(framer), |rows| {
                    framing::summary::put_mentions(rows, framer, docs)
                })?;
                out.write_rows(framing::summary::matrix_layout(framer), |rows| {
                    framing::summary::put_matrix(rows, framer, docs)
                })
            }),
        ),
        (
            "framing_summary",
            Box::new(move || {
                let Some(comparisons) = comparisons else {
                    let rows = framing::summary::summarize(framer, docs, &summary)?;
                    return out.write(&FRAMING_SUMMARY, rows);
                };
                let (rows, compared) =
                    framing::compare::summarize_and_compare(framer, docs, comparisons, &summary)?;
                out.write(&FRAMING_SUMMARY, rows)?;
                out.write(&FRAMING_COMPARE, compared)
            }),
        ),
        (
            "framing_terms",
            Box::new(move || {
                let rows = framing::summary::term_rows(framer, docs)?;
                out.write(&FRAMING_TERMS, rows)
            }),
        ),
    ]
}

/// What the comparison tables need.
///
/// ```
/// # fn inputs(c: corpus_lens::tables::jobs::CompareInputs<'_>) { let _ = c.min_o11; }
/// ```
pub struct CompareInputs<'a> {
    /// The counts of the run.
    pub analysis: &'a Analysis,
    /// Which groups of documents to compare.
    pub comparisons: &'a [Comparison],
    /// Keyness's options.
    pub keyness: &'a KeynessOptions,
    /// The windows the collocations were counted with.
    pub windows: &'a WindowOptions,
    /// `colloc_compare.csv`: the fewest co-occurrences of a pair in a group.
    pub min_o11: u64,
    /// `colloc_compare.csv`: collocates left out (the collocations' `--collocate-stopwords`).
    pub collocate_stopwords: Option<&'a Stopwords>,
    /// The framer the mentions were found with.
    pub framer: &'a Framer,
    /// The framing of each document.
    pub framed: &'a [(String, DocumentFraming)],
    /// The framing summary's options.
    pub summary: SummaryOptions,
    /// The counts keyness reads instead of the words' (lemmas, with `--by lemma`).
    pub keyness_counts: Option<&'a CorpusCounts>,
}

/// The comparison tables' jobs; `framing_compare.csv` only with `framing` (`analyze` writes
/// it with the framing summary instead).
///
/// ```
/// # use corpus_lens::tables::{jobs::{compare_jobs, CompareInputs}, arrow_tables::ArrowTables};
/// # fn jobs(c: &CompareInputs<'_>, sink: &ArrowTables) {
/// let jobs = compare_jobs(c, false, sink);
/// assert_eq!(jobs.len(), 2);
/// # }
/// ```
pub fn compare_jobs<'a, S: TableSink>(
    c: &'a CompareInputs<'a>,
    framing: bool,
    out: &'a S,
) -> Vec<Job<'a>> {
    let mut jobs: Vec<Job<'a>> = vec![
        (
            "keyness",
            Box::new(move || {
                // Lemma counts: the text-level tests over documents, as the parts' counts
                // are of words.
                let by_documents = compare::TextParts::default();
                let (counts, parts) = match c.keyness_counts {
                    Some(lemmas) => (lemmas, &by_documents),
                    None => (&c.analysis.counts, &c.analysis.parts_of_texts),
                };
                // Written as computed: with many documents the table is large.
                let rows = compare::keyness_rows_iter(counts, c.comparisons, c.keyness, parts);
                out.write(&KEYNESS, rows)
            }),
        ),
        (
            "colloc_compare",
            Box::new(move || {
                let rows =
                    compare::colloc_compare_iter(c.analysis, c.comparisons, c.windows, c.min_o11);
                let kept = |r: &compare::CollocCompareRow| {
                    !c.collocate_stopwords
                        .is_some_and(|s| s.contains(&r.collocate))
                };
                out.write(&COLLOC_COMPARE, rows.filter(kept))
            }),
        ),
    ];
    if framing {
        jobs.push((
            "framing_compare",
            Box::new(move || {
                let rows =
                    framing::compare::compare(c.framer, c.framed, c.comparisons, &c.summary)?;
                out.write(&FRAMING_COMPARE, rows)
            }),
        ));
    }
    jobs
}
