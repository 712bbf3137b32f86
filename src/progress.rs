//! Progress reports from a run, for whoever shows them.
//!
//! The library draws nothing: [`crate::run::Analyzer::with_progress`] takes a [`Progress`]
//! hook, and the engine calls it from its reading loop, once per batch of paragraphs (a block
//! of 4 MiB by default), never per paragraph or token, so a hook costs nothing measurable. The
//! `corpus-lens` command implements it with a progress bar on standard error; a notebook or a
//! server could log, or send the numbers elsewhere.
//!
//! Phases, in order: [`READING`] (reading and counting, with the corpus's size in bytes as
//! its total and [`Progress::bytes_done`] calls as it goes), then [`DISPERSION`] (the
//! analyses finish: the dispersion measures and the rest, no total). Building and writing tables is the caller's own work and
//! phase.
//!
//! A closure `Fn(u64)` is a hook that only hears the bytes done:
//!
//! ```
//! use std::sync::{atomic::{AtomicU64, Ordering}, Arc};
//! use corpus_lens::{corpus::Corpus, engine::Analyzer};
//!
//! let done = Arc::new(AtomicU64::new(0));
//! let seen = done.clone();
//! let analyzer = Analyzer::default()
//!     .with_progress(Arc::new(move |bytes: u64| seen.store(bytes, Ordering::Relaxed)));
//! let analysis = analyzer.run(&Corpus::load_default()?)?;
//! assert_eq!(done.load(Ordering::Relaxed), analysis.bytes());
//! # Ok::<(), corpus_lens::Error>(())
//! ```

/// The phase that reads and counts the corpus; its total is the corpus's size in bytes.
pub const READING: &str = "reading";

/// The phase that finishes the analyses (the dispersion measures from the paragraph log
/// ...); no total.
pub const DISPERSION: &str = "dispersion";

/// Receives a run's progress. Called from the engine's reading loop (on a worker thread, at
/// most once per batch), so it must be cheap and thread-safe.
///
/// A hook that records the phases it is told about:
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use corpus_lens::{corpus::Corpus, engine::Analyzer, progress::{self, Progress}};
///
/// #[derive(Default)]
/// struct Phases(Mutex<Vec<(String, Option<u64>)>>);
///
/// impl Progress for Phases {
///     fn phase(&self, name: &str, total: Option<u64>) {
///         self.0.lock().unwrap().push((name.to_string(), total));
///     }
///     fn bytes_done(&self, _done: u64) {}
/// }
///
/// let phases = Arc::new(Phases::default());
/// let corpus = Corpus::load_default()?;
/// let analysis = Analyzer::default().with_progress(phases.clone()).run(&corpus)?;
/// let seen = phases.0.lock().unwrap();
/// assert_eq!(seen[0], (progress::READING.to_string(), Some(analysis.bytes())));
/// assert_eq!(seen[1], (progress::DISPERSION.to_string(), None));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub trait Progress: Send + Sync {
    /// A phase begins: `name` is one of this module's phase constants; `total` is the phase's
    /// size in bytes when known. Default: ignored.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer, progress::Progress};
    /// #[derive(Default)]
    /// struct Log(Mutex<Vec<String>>);
    /// impl Progress for Log {
    ///     fn phase(&self, name: &str, total: Option<u64>) {
    ///         self.0.lock().unwrap().push(format!("{name} {total:?}"));
    ///     }
    ///     fn bytes_done(&self, _: u64) {}
    /// }
    /// let log = Arc::new(Log::default());
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let analysis = Analyzer::default().with_progress(log.clone()).run(&corpus)?;
    /// let reading = format!("reading Some({})", analysis.bytes());
    /// assert_eq!(*log.0.lock().unwrap(), [reading.as_str(), "dispersion None"]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn phase(&self, name: &str, total: Option<u64>) {
        let _ = (name, total);
    }

    /// `done` bytes of the corpus are read and counted so far (counted from the start of the
    /// run, across documents; it ends at the corpus's size).
    ///
    /// ```
    /// use std::sync::{atomic::{AtomicU64, Ordering}, Arc};
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer, progress::Progress};
    /// /// Counts the reports.
    /// #[derive(Default)]
    /// struct Calls(AtomicU64);
    /// impl Progress for Calls {
    ///     fn bytes_done(&self, _done: u64) {
    ///         self.0.fetch_add(1, Ordering::Relaxed);
    ///     }
    /// }
    /// let calls = Arc::new(Calls::default());
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// Analyzer::default().with_progress(calls.clone()).run(&corpus)?;
    /// // A 64 kB file is one batch: one report.
    /// assert_eq!(calls.0.load(Ordering::Relaxed), 1);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn bytes_done(&self, done: u64);
}

/// A closure is a hook that hears only the bytes done.
///
/// ```
/// use corpus_lens::progress::Progress;
/// let hook = |done: u64| assert!(done <= 100);
/// hook.bytes_done(42);
/// ```
impl<F: Fn(u64) + Send + Sync> Progress for F {
    fn bytes_done(&self, done: u64) {
        self(done)
    }
}
