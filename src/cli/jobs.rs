//! The table-writing jobs of the commands that write a folder of tables, run in parallel.

use std::time::{Duration, Instant};

use corpus_lens::analyses::collocate::WindowOptions;
use corpus_lens::analyses::compare::{self, Comparison, KeynessOptions};
use corpus_lens::analyses::freq::{self, FreqOptions};
use corpus_lens::count::engine::CorpusCounts;
use corpus_lens::framing::summary::{DocumentFraming, SummaryOptions};
use corpus_lens::framing::{self, Framer};
use corpus_lens::run::Analysis;
use corpus_lens::tables::{self, OutputDir};
use corpus_lens::Error;
use rayon::prelude::*;

use super::progress_bar;

/// A table-writing job: builds its rows and writes them.
pub(crate) type Job<'a> = (&'static str, Box<dyn Fn() -> Result<(), Error> + Sync + 'a>);

/// Runs the jobs in parallel; the first error in job order wins. Returns each job's time.
pub(crate) fn run_jobs(jobs: Vec<Job<'_>>) -> Result<Vec<(&'static str, Duration)>, Error> {
    jobs.par_iter()
        .map(|(name, job)| {
            let _shown = progress_bar::job(name);
            let start = Instant::now();
            job().map(|()| (*name, start.elapsed()))
        })
        .collect()
}

/// The frequency tables' jobs (`freq` writes these alone, `analyze` among the others).
pub(crate) fn freq_jobs<'a>(
    a: &'a Analysis,
    o: &'a FreqOptions,
    out: &'a OutputDir,
) -> Vec<Job<'a>> {
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
            Box::new(move || out.write(&tables::EXCLUDED_MATTER, freq::excluded_rows(a))),
        ),
    ]
}

/// The framing tables' jobs; with `comparisons` (even none), the summary's job writes
/// `framing_compare.csv` too, from the same resampling of each document.
pub(crate) fn framing_jobs<'a>(
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
                out.write_with(framing::summary::matrix_layout(framer), |mut file| {
                    framing::summary::write_matrix(&mut file, framer, docs)
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
pub(crate) struct CompareInputs<'a> {
    pub(crate) analysis: &'a Analysis,
    pub(crate) comparisons: &'a [Comparison],
    pub(crate) keyness: &'a KeynessOptions,
    pub(crate) windows: &'a WindowOptions,
    pub(crate) min_o11: u64,
    pub(crate) framer: &'a Framer,
    pub(crate) framed: &'a [(String, DocumentFraming)],
    pub(crate) summary: SummaryOptions,
    /// The counts keyness reads instead of the words' (lemmas, with `--by lemma`).
    pub(crate) keyness_counts: Option<&'a CorpusCounts>,
}

/// The comparison tables' jobs; `framing_compare.csv` only with `framing` (`analyze` writes
/// it with the framing summary instead).
pub(crate) fn compare_jobs<'a>(
    c: &'a CompareInputs<'a>,
    framing: bool,
    out: &'a OutputDir,
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
                let rows =
                    compare::keyness_rows_with_parts(counts, c.comparisons, c.keyness, parts);
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
