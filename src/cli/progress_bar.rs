//! The command's progress bar on standard error. Part of the binary (`mod progress_bar` in
//! src/cli/mod.rs), not of the library: the engine reports through
//! [`corpus_lens::progress::Progress`], and this draws the reports with indicatif.
//!
//! A bar is shown only to a person: never with `--quiet`, never when standard error is not a
//! terminal (pipes, files, tests, CI), and not before a run has lasted [`DELAY`], so a short
//! run prints only its summary line. Until then the bar is hidden (it takes the engine's
//! reports, once per 4 MiB batch, and draws nothing); a timer thread then gives it standard
//! error. The bar is cleared before the summary line or an error message is printed.
//!
//! For tests only, the environment variable `CORPUS_LENS_PROGRESS_DELAY_MS` replaces the
//! delay (tests/progress.rs sets 0, so that a bar would show on any run, however short).

use std::io::IsTerminal;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use corpus_lens::progress::{self, Progress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before its bar appears.
const DELAY: Duration = Duration::from_secs(1);

/// Replaces [`DELAY`], in milliseconds (for tests).
const DELAY_VARIABLE: &str = "CORPUS_LENS_PROGRESS_DELAY_MS";

/// The reading phase: bytes read and counted of the corpus's size, speed and time left; the
/// bar takes the width the terminal has left.
const READING_STYLE: &str = "{spinner} reading [{wide_bar}] {decimal_bytes}/{decimal_total_bytes} \
                             ({decimal_bytes_per_sec}, ETA {eta})";

/// Phases without a known size: what runs, and for how long.
const SPINNER_STYLE: &str = "{spinner} {msg} ({elapsed})";

/// The run's bar (at most one per process).
static BAR: OnceLock<Arc<Bar>> = OnceLock::new();

struct Bar {
    bar: ProgressBar,
    /// True once the run is over: the timer must not show the bar after that.
    done: Mutex<bool>,
    /// Table jobs running now, in start order.
    running: Mutex<Vec<&'static str>>,
}

/// Starts a hidden bar and returns the engine's hook for it; `None` (no bar at all) with
/// `--quiet` or when standard error is not a terminal.
pub(crate) fn start(quiet: bool) -> Option<Arc<dyn Progress>> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = Arc::new(Bar {
        bar: ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()),
        done: Mutex::new(false),
        running: Mutex::new(Vec::new()),
    });
    BAR.set(bar.clone()).ok()?;
    let delay = std::env::var(DELAY_VARIABLE)
        .ok()
        .and_then(|ms| ms.parse().ok());
    let delay = delay.map_or(DELAY, Duration::from_millis);
    let timer = bar.clone();
    std::thread::spawn(move || {
        std::thread::sleep(delay);
        let done = timer.done.lock().unwrap();
        if !*done {
            timer.bar.set_draw_target(ProgressDrawTarget::stderr());
            timer.bar.enable_steady_tick(Duration::from_millis(100));
        }
    });
    Some(bar)
}

/// Reading and counting are over: the rest of the run builds and writes tables.
pub(crate) fn tables() {
    if let Some(bar) = BAR.get() {
        bar.phase("tables", None);
    }
}

/// Shows the table job `name` among the running ones until the guard is dropped.
pub(crate) fn job(name: &'static str) -> JobGuard {
    if let Some(bar) = BAR.get() {
        bar.running.lock().unwrap().push(name);
        bar.show_jobs();
    }
    JobGuard(name)
}

/// Takes a table job off the bar when dropped.
pub(crate) struct JobGuard(&'static str);

impl Drop for JobGuard {
    fn drop(&mut self) {
        if let Some(bar) = BAR.get() {
            bar.running.lock().unwrap().retain(|n| *n != self.0);
            bar.show_jobs();
        }
    }
}

/// Clears the bar for good, before the summary line or an error message.
pub(crate) fn clear() {
    if let Some(bar) = BAR.get() {
        *bar.done.lock().unwrap() = true;
        bar.bar.finish_and_clear();
    }
}

impl Bar {
    /// "writing tables: framing summary, collocations".
    fn show_jobs(&self) {
        let running = self.running.lock().unwrap();
        let names: Vec<String> = running.iter().map(|n| n.replace('_', " ")).collect();
        self.bar.set_message(if names.is_empty() {
            "writing tables".to_string()
        } else {
            format!("writing tables: {}", names.join(", "))
        });
    }
}

impl Progress for Bar {
    fn phase(&self, name: &str, total: Option<u64>) {
        let template = if total.is_some() {
            READING_STYLE
        } else {
            SPINNER_STYLE
        };
        let style = ProgressStyle::with_template(template)
            .expect("valid progress template")
            .progress_chars("=> ");
        self.bar.reset();
        self.bar.set_style(style);
        match total {
            Some(total) => self.bar.set_length(total),
            None => self.bar.unset_length(),
        }
        self.bar.set_message(match name {
            progress::DISPERSION => "computing dispersion".to_string(),
            "tables" => "writing tables".to_string(),
            other => other.to_string(),
        });
    }

    fn bytes_done(&self, done: u64) {
        self.bar.set_position(done);
    }
}
