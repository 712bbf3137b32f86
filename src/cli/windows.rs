//! The window options of the commands with nodes: how nodes match (`--by`), the collocation
//! window (`--left`, `--right`, `--within`, `--counting`) and the concordance width
//! (`--width`), in groups so that each command shows only the ones its tables use.

use clap::Args;
use corpus_lens::analyses::collocate::{Counting, WindowOptions, Within};
use corpus_lens::count::nodes::MatchBy;
use corpus_lens::run::options::{defaults, RunOptions};
use corpus_lens::Error;

use super::options::heading::{CONCORDANCE, NODES, WINDOWS};
use super::options::{ByArg, CountingArg, WithinArg, MAX_WINDOW};

// How nodes are matched: every command with nodes.
#[derive(Args)]
pub(crate) struct NodeMatch {
    /// Match nodes by word form, by Snowball stem (analyze's default nodes: stem) or by lemma.
    #[arg(long, value_enum, help_heading = NODES)]
    pub(crate) by: Option<ByArg>,
    /// Match node words only with the same case (after normalization).
    #[arg(long, help_heading = NODES)]
    pub(crate) case_sensitive: bool,
}

// The collocation window: commands that write collocations.
#[derive(Args)]
pub(crate) struct SpanArgs {
    /// Tokens to the left of the node (0 to 1000).
    #[arg(long, default_value_t = defaults::SPAN as u16, value_name = "N", help_heading = WINDOWS,
          value_parser = clap::value_parser!(u16).range(0..=MAX_WINDOW))]
    pub(crate) left: u16,
    /// Tokens to the right of the node (0 to 1000).
    #[arg(long, default_value_t = defaults::SPAN as u16, value_name = "N", help_heading = WINDOWS,
          value_parser = clap::value_parser!(u16).range(0..=MAX_WINDOW))]
    pub(crate) right: u16,
    /// What bounds a window.
    #[arg(long, value_enum, default_value_t = WithinArg::Paragraph, help_heading = WINDOWS)]
    pub(crate) within: WithinArg,
    /// Count a token in overlapping windows once per window (occurrence, Evert 2008) or once
    /// (union).
    #[arg(long, value_enum, default_value_t = CountingArg::Occurrence, help_heading = WINDOWS)]
    pub(crate) counting: CountingArg,
}

// The concordance line's context: commands that write kwic.csv.
#[derive(Args)]
pub(crate) struct WidthArg {
    /// Tokens of context on each side of a concordance line (1 to 1000).
    #[arg(long, default_value_t = defaults::WIDTH as u16, value_name = "N", help_heading = CONCORDANCE,
          value_parser = clap::value_parser!(u16).range(1..=MAX_WINDOW))]
    pub(crate) width: u16,
}

// Windows and concordance lines: `analyze`.
#[derive(Args)]
pub(crate) struct WindowArgs {
    #[command(flatten)]
    pub(crate) nodes: NodeMatch,
    #[command(flatten)]
    pub(crate) span: SpanArgs,
    #[command(flatten)]
    pub(crate) width: WidthArg,
}

// Windows without concordance lines: `collocations`, `compare`.
#[derive(Args)]
pub(crate) struct CollocWindowArgs {
    #[command(flatten)]
    pub(crate) nodes: NodeMatch,
    #[command(flatten)]
    pub(crate) span: SpanArgs,
}

// Concordance lines without collocation windows: `kwic`.
#[derive(Args)]
pub(crate) struct KwicWindowArgs {
    #[command(flatten)]
    pub(crate) nodes: NodeMatch,
    #[command(flatten)]
    pub(crate) width: WidthArg,
}

/// The window options of a command: how nodes match, and the window and concordance width
/// where the command has them (the library's defaults where it does not: a table the
/// command does not write cannot depend on them).
pub(crate) trait WindowFlags {
    /// The option groups the command has.
    fn parts(&self) -> (&NodeMatch, Option<&SpanArgs>, Option<&WidthArg>);

    /// Whether nodes are matched by lemma (`--by lemma`).
    fn by_lemma(&self) -> bool {
        matches!(self.parts().0.by, Some(ByArg::Lemma))
    }

    /// The options for the `--node` values `nodes`, matched by word; for the default nodes,
    /// matched by stem, if there are none. `--by` overrides either.
    fn node_options(&self, nodes: &[String], keep_numbers: bool) -> Result<WindowOptions, Error> {
        self.run_options(keep_numbers).node_windows(nodes)
    }

    /// The options for `nodes`, matched by `default_by` unless `--by` says otherwise.
    fn options(
        &self,
        nodes: &[String],
        default_by: MatchBy,
        keep_numbers: bool,
    ) -> Result<WindowOptions, Error> {
        self.run_options(keep_numbers).windows(nodes, default_by)
    }

    /// The run options these flags give (the library's defaults for the groups the command
    /// does not have: a table the command does not write cannot depend on them).
    fn run_options(&self, keep_numbers: bool) -> RunOptions {
        let (matching, span, width) = self.parts();
        let mut options = RunOptions {
            by: matching.by.map(|by| match by {
                ByArg::Word => MatchBy::Word,
                ByArg::Stem => MatchBy::Stem,
                ByArg::Lemma => MatchBy::Lemma,
            }),
            case_sensitive: matching.case_sensitive,
            keep_numbers,
            ..RunOptions::default()
        };
        if let Some(span) = span {
            options.left = span.left.into();
            options.right = span.right.into();
            options.within = match span.within {
                WithinArg::Paragraph => Within::Paragraph,
                WithinArg::Sentence => Within::Sentence,
            };
            options.counting = match span.counting {
                CountingArg::Occurrence => Counting::Occurrence,
                CountingArg::Union => Counting::Union,
            };
        }
        if let Some(width) = width {
            options.width = width.width.into();
        }
        options
    }
}

impl WindowFlags for WindowArgs {
    fn parts(&self) -> (&NodeMatch, Option<&SpanArgs>, Option<&WidthArg>) {
        (&self.nodes, Some(&self.span), Some(&self.width))
    }
}

impl WindowFlags for CollocWindowArgs {
    fn parts(&self) -> (&NodeMatch, Option<&SpanArgs>, Option<&WidthArg>) {
        (&self.nodes, Some(&self.span), None)
    }
}

impl WindowFlags for KwicWindowArgs {
    fn parts(&self) -> (&NodeMatch, Option<&SpanArgs>, Option<&WidthArg>) {
        (&self.nodes, None, Some(&self.width))
    }
}
