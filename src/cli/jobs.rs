//! The table-writing jobs, run in parallel with a progress line each: the lists are the
//! library's ([`corpus_lens::tables::jobs`]), shared with the Python package.

use std::time::Duration;

pub(crate) use corpus_lens::tables::jobs::{
    collocation_job, compare_jobs, framing_jobs, freq_jobs, kwic_job, lemma_job, ngram_job,
    CompareInputs, Job,
};
use corpus_lens::Error;

use super::progress_bar;

/// Runs the jobs in parallel; the first error in job order wins. Returns each job's time.
pub(crate) fn run_jobs(jobs: Vec<Job<'_>>) -> Result<Vec<(&'static str, Duration)>, Error> {
    corpus_lens::tables::jobs::run_jobs(jobs, progress_bar::job)
}
