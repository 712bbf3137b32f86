//! Running the library's engine from the command: the thread pool, the engine's run with a
//! progress bar, and the progress hook.

use std::path::PathBuf;
use std::sync::Arc;

use corpus_lens::corpus::Corpus;
use corpus_lens::progress::{self, Progress};
use corpus_lens::run::{Analysis, Analyzer, CountOptions};
use corpus_lens::Error;

use super::memory::release_freed_memory;
use super::options::Common;
use super::progress_bar;

// The struct and its mapping to the engine's configuration are with the other option groups.
impl Common {
    /// Sizes the thread pool, reads the corpus and runs the engine: the start of every
    /// command that counts a corpus. `count`'s `keep_numbers` is taken from these options.
    pub(crate) fn run(
        &self,
        inputs: &[PathBuf],
        count: CountOptions,
    ) -> Result<(Corpus, Analysis), Error> {
        start_pool(self.threads)?;
        let corpus = self.corpus(inputs)?;
        let analysis = self.analyze(&corpus, count)?;
        Ok((corpus, analysis))
    }

    /// Runs the engine on a corpus already loaded, with a progress bar on a terminal.
    pub(crate) fn analyze(&self, corpus: &Corpus, count: CountOptions) -> Result<Analysis, Error> {
        if let (Some(framer), false) = (&count.framing, self.quiet) {
            for note in framer.unknown_governments(corpus.documents()) {
                eprintln!("corpus-lens: note: {note}");
            }
        }
        let bar = progress_bar::start(self.quiet);
        let analyzer = Analyzer::new(self.config(count)).with_progress(Arc::new(Phases { bar }));
        let mut analysis = analyzer.run(corpus)?;
        // The tables name standard input `-` (`corpus_summary.csv`'s `path`), not the
        // temporary copy it was read from, whose name changes from run to run.
        if let Some(copy) = super::query::stdin_copy() {
            for d in analysis
                .documents
                .iter_mut()
                .filter(|d| d.document.path == copy)
            {
                d.document.path = PathBuf::from("-");
            }
        }
        let noted = |d: &&corpus_lens::run::DocumentResult| !self.quiet && d.split_paragraphs > 0;
        for d in analysis.documents.iter().filter(noted) {
            eprintln!(
                "corpus-lens: note: {}: {} paragraph(s) over 100,000 bytes counted as pieces cut \
                 at sentence ends (split_paragraphs in corpus_summary.csv; --paragraphs line \
                 reads one paragraph a line)",
                d.document.path.display(),
                d.split_paragraphs
            );
        }
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
        if name == progress::DISPERSION {
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

/// Sizes the global thread pool used for counting and for writing tables.
pub(crate) fn start_pool(threads: Option<u16>) -> Result<(), Error> {
    if let Some(n) = threads {
        use corpus_lens::run::options::{check_threads, Spelling};
        check_threads(n.into(), Spelling::Flag)?;
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.into())
            .build_global()
            .map_err(|source| Error::Threads {
                threads: n.into(),
                source,
            })?;
    }
    Ok(())
}
