//! The positional arguments of the commands that take nodes (`collocations`, `kwic`,
//! `sketch`): node words first, then inputs, told apart as docs/cli.md says, and the note on a
//! node that matched nothing.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use clap::Args;
use corpus_lens::run::Analysis;
use corpus_lens::Error;

use super::options::heading::{INPUT, NODES};

/// The extensions of the files an input can be (texts, converted formats, manifests): an
/// argument ending in one is an input, never a node.
const INPUT_EXTENSIONS: [&str; 10] = [
    "txt", "text", "toml", "xml", "tei", "html", "htm", "xhtml", "epub", "zip",
];

// Nodes and inputs as positional arguments, with `--node` and `-i` to say which is which.
#[derive(Args)]
pub(crate) struct NodeQuery {
    /// Node words or phrases (a phrase in quotes; * stands for any letters or none, ? for
    /// one: Bolshevi*, soviet?), then the inputs: text files, folders or manifests (`-` reads
    /// standard input; default: the shipped corpus). An argument is an input if it is `-`,
    /// holds a `/`, or ends in .txt, .toml, .xml, .tei, .html, .htm, .xhtml, .epub or .zip;
    /// else a node. A bare name that is also a file or folder here is refused as ambiguous:
    /// write ./NAME for the file, or give the node with --node.
    #[arg(value_name = "NODE|INPUT")]
    pub(crate) args: Vec<OsString>,
    /// An input: text file, folder or manifest (repeat the option); the same as giving it
    /// as a positional argument.
    #[arg(long = "input", short = 'i', value_name = "PATH", help_heading = INPUT)]
    pub(crate) inputs: Vec<PathBuf>,
    /// A node word or phrase (repeat the option); with --node, every positional argument is
    /// an input.
    #[arg(long = "node", short = 'n', value_name = "NODE", help_heading = NODES)]
    pub(crate) nodes: Vec<String>,
}

// Whether a node that matched nothing fails the run: `collocations` and `kwic`.
#[derive(Args)]
pub(crate) struct MatchCheck {
    /// Exit with an error (code 1, no table written) when a node matches nothing in the
    /// inputs; by default a note names it on standard error and the run goes on (exit 0).
    #[arg(long, help_heading = NODES)]
    pub(crate) require_match: bool,
}

/// The copy of standard input read as the input `-`: a file in a temporary folder, so that
/// the corpus reads it as it reads any file (named `stdin.txt`: its document id is `stdin`).
/// Removed by [`remove_stdin_copy`] when the command ends.
static STDIN_COPY: Mutex<Option<tempfile::TempDir>> = Mutex::new(None);

/// `inputs` with `-` replaced by a copy of standard input; `-` may be given once.
pub(crate) fn with_stdin(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let dash = Path::new("-");
    match inputs.iter().filter(|p| p.as_path() == dash).count() {
        0 => return Ok(inputs.to_vec()),
        1 => {}
        _ => {
            return Err(Error::Usage(
                "`-` (standard input) can be given once".into(),
            ))
        }
    }
    let stdin_error = |source| Error::Io {
        path: dash.to_path_buf(),
        source,
    };
    let dir = tempfile::Builder::new()
        .prefix(".corpus-lens-stdin")
        .tempdir()
        .map_err(stdin_error)?;
    let copy = dir.path().join("stdin.txt");
    let mut file = std::fs::File::create(&copy).map_err(|e| Error::Io {
        path: copy.clone(),
        source: e,
    })?;
    std::io::copy(&mut std::io::stdin().lock(), &mut file).map_err(stdin_error)?;
    *STDIN_COPY.lock().unwrap_or_else(|e| e.into_inner()) = Some(dir);
    Ok(inputs
        .iter()
        .map(|p| {
            if p.as_path() == dash {
                copy.clone()
            } else {
                p.clone()
            }
        })
        .collect())
}

/// The file that holds the copy of standard input, if one was made.
pub(crate) fn stdin_copy() -> Option<PathBuf> {
    let dir = STDIN_COPY.lock().unwrap_or_else(|e| e.into_inner());
    dir.as_ref().map(|d| d.path().join("stdin.txt"))
}

/// Removes the copy of standard input, if one was made.
pub(crate) fn remove_stdin_copy() {
    let dir = STDIN_COPY.lock().unwrap_or_else(|e| e.into_inner()).take();
    drop(dir);
}

/// What a positional argument is taken for.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Node,
    Input,
    /// A bare name that is also a path here.
    Either,
}

fn kind(arg: &Path) -> Kind {
    let text = arg.as_os_str().to_string_lossy();
    let has_extension = arg
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| INPUT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
    if text == "-"
        || text.contains('/')
        || text.contains(std::path::MAIN_SEPARATOR)
        || has_extension
    {
        Kind::Input
    } else if !text.trim().is_empty() && arg.symlink_metadata().is_ok() {
        Kind::Either
    } else {
        Kind::Node
    }
}

impl NodeQuery {
    /// The nodes and the inputs, or a usage error: no node, a node that is not UTF-8, or a
    /// bare name that could be either.
    pub(crate) fn split(&self) -> Result<(Vec<String>, Vec<PathBuf>), Error> {
        let mut nodes = self.nodes.clone();
        let mut inputs = self.inputs.clone();
        let named = !self.nodes.is_empty();
        for arg in &self.args {
            let path = Path::new(arg);
            let kind = if named { Kind::Input } else { kind(path) };
            match kind {
                Kind::Input => inputs.push(path.to_path_buf()),
                // With -i, positional arguments are the nodes, as they always were.
                Kind::Either if self.inputs.is_empty() => {
                    let name = arg.to_string_lossy();
                    return Err(Error::Usage(format!(
                        "'{name}' could be a node or the file or folder of that name here; \
                         write ./{name} to read it, or give the node with --node '{name}'"
                    )));
                }
                Kind::Node | Kind::Either => {
                    nodes.push(arg.to_str().map(str::to_string).ok_or_else(|| {
                        Error::Usage(format!(
                            "node '{}' is not valid UTF-8; give it as text, or the path with -i",
                            arg.to_string_lossy()
                        ))
                    })?)
                }
            }
        }
        if nodes.is_empty() {
            return Err(Error::Usage(
                "no node given: name node words or phrases first, then the inputs \
                 (kwic soviet reed.txt), or use --node"
                    .into(),
            ));
        }
        Ok((nodes, inputs))
    }
}

/// Prints a note on standard error for each node that matched nothing (unless `quiet`), or
/// with `--require-match` fails: exit 1 before any table is written.
pub(crate) fn check_matches(
    analysis: &Analysis,
    check: Option<&MatchCheck>,
    quiet: bool,
) -> Result<(), Error> {
    let missing: Vec<String> = analysis
        .node_freqs()?
        .into_iter()
        .filter(|(_, n)| *n == 0)
        .map(|(label, _)| label)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let documents = analysis.documents.len();
    let unmatched = |node: &String| Error::NoMatch {
        node: node.clone(),
        documents,
    };
    if check.is_some_and(|c| c.require_match) {
        return Err(unmatched(&missing[0]));
    }
    if !quiet {
        for node in &missing {
            eprintln!("corpus-lens: note: {}", unmatched(node));
        }
    }
    Ok(())
}

impl NodeQuery {
    /// Counts the collocation windows of the query (`collocations`, `kwic`): its nodes and
    /// inputs, the windows of `window` and `lemma`; then checks that every node matched.
    pub(crate) fn count(
        &self,
        window: &impl super::options::WindowFlags,
        lemma: &super::options::LemmaArgs,
        check: &MatchCheck,
        common: &super::options::Common,
    ) -> Result<(corpus_lens::corpus::Corpus, Analysis), Error> {
        let (nodes, inputs) = self.split()?;
        let windows = super::options::query_windows(window, lemma, &nodes, common.keep_numbers)?;
        let (corpus, analysis) = common.run(
            &inputs,
            corpus_lens::run::CountOptions {
                windows: Some(std::sync::Arc::new(windows)),
                ..Default::default()
            },
        )?;
        check_matches(&analysis, Some(check), common.quiet)?;
        Ok((corpus, analysis))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(kind(Path::new("-")), Kind::Input);
        assert_eq!(kind(Path::new("reed.txt")), Kind::Input);
        assert_eq!(kind(Path::new("Reed.TXT")), Kind::Input);
        assert_eq!(kind(Path::new("memoirs/")), Kind::Input);
        assert_eq!(kind(Path::new("corpora/manifest.toml")), Kind::Input);
        assert_eq!(kind(Path::new("soviet")), Kind::Node);
        assert_eq!(kind(Path::new("Provisional Government")), Kind::Node);
        assert_eq!(kind(Path::new("Bolshevi*")), Kind::Node);
        assert_eq!(kind(Path::new("St. Petersburg")), Kind::Node);
        // `src` is a folder in the crate's root, where tests run.
        assert_eq!(kind(Path::new("src")), Kind::Either);
    }
}
