//! The command's modules, part of the binary, not of the library: one file per subcommand
//! (its arguments and its run), and what they share.
//!
//! - [`options`]: the option groups several subcommands flatten into theirs, and what they
//!   become in the library's terms, under the `--help` headings;
//! - [`windows`]: the node, window and concordance options, grouped so that each command
//!   shows only those its tables use;
//! - [`query`]: nodes and inputs as positional arguments (`kwic soviet reed.txt`), `-` for
//!   standard input, and the note on a node that matched nothing;
//! - [`engine`]: the thread pool and the engine's run, with the progress hook;
//! - [`jobs`]: the table-writing jobs, run in parallel;
//! - [`output`]: one table to a folder or standard output, and the summary line;
//! - [`memory`]: handing freed memory back to the system between phases;
//! - [`progress_bar`]: the progress bar on standard error.

pub(crate) mod actions;
pub(crate) mod analyze;
pub(crate) mod collocations;
pub(crate) mod compare;
pub(crate) mod engine;
pub(crate) mod evaluate;
pub(crate) mod framing;
pub(crate) mod freq;
pub(crate) mod jobs;
pub(crate) mod kwic;
pub(crate) mod lemmas;
pub(crate) mod memory;
pub(crate) mod ngrams;
pub(crate) mod options;
pub(crate) mod output;
pub(crate) mod parse;
pub(crate) mod partials;
pub(crate) mod progress_bar;
pub(crate) mod query;
pub(crate) mod schema;
pub(crate) mod sentiment;
pub(crate) mod sketch;
pub(crate) mod train_framing;
pub(crate) mod train_syntax;
pub(crate) mod windows;
