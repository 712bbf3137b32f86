//! Framing per (document, faction, voice): aggregation, bootstrap intervals and the tables.
//!
//! Takes every document's scored mentions ([`DocumentFraming`], collected by the engine in a
//! compact log that spills to a temporary file past a memory budget, [`crate::count::spill`], and
//! read back here mention by mention; the bootstrap's groups are built from it a paragraph
//! at a time, in the compact form of [`crate::stats::bootstrap::SparseGroups`]);
//! gives `framing_mentions.csv` (one row per mention), `framing_summary.csv` (one row per
//! document, faction, voice and measure, with a 95% cluster-bootstrap interval),
//! `framing_terms.csv` (the words behind each score) and the faction x dimension matrix.
//!
//! **Measures** for a group of mentions (a faction in a document, in one voice):
//! `mentions_per_10k` = mentions / document tokens x 10,000; `valence` = mean mention
//! valence; `share_positive` / `share_negative` = share of mentions with valence >= 0.05 /
//! <= -0.05 (VADER's conventional thresholds, Hutto & Gilbert 2014); and one measure per
//! framing dimension, the mean of the mentions' scores on it (0 for a mention without a term
//! of that dimension), which mixes how often a dimension is invoked with which way; and
//! `<dimension>_direction`, the mean score over only the mentions with a term of that
//! dimension (which way the text frames the faction when it frames it on that dimension).
//! Framing research separates the two (salience and evaluation, Entman 1993): "the
//! Coalitionists" may be called impotent in 3 of 19 mentions, which gives a small mean over
//! all mentions but a clearly negative direction. Each measure is a ratio of sums over
//! paragraphs, so its interval comes from the cluster bootstrap over the document's
//! paragraphs in [`crate::stats::bootstrap`]; `n` is the ratio's denominator in mentions (for
//! `mentions_per_10k`, the mentions). Voices: `narrator`, `quoted`, and `all` (both).

mod document;
mod groups;
mod intervals;
mod measures;
mod writers;

pub use document::DocumentFraming;
pub(crate) use document::SavedFraming;
#[cfg(test)]
pub(crate) use groups::sparse_groups;
pub use groups::{bootstrap_groups, BootstrapGroups};
pub(crate) use intervals::{document_bootstrap, Resampled};
pub use intervals::{
    summarize, SummaryOptions, SummaryRow, LINEARIZE_FROM, LINEAR_SUPPORT, MIN_MENTIONS,
    MIN_PARAGRAPHS,
};
pub(crate) use measures::{framer_ratios, measures, width, VOICES};
pub use measures::{ratios, NEGATIVE, POSITIVE};
pub use writers::{
    check_columns, dimension_matrix, matrix_layout, mention_layout, put_matrix, put_mentions,
    term_rows, write_matrix, write_mentions, TermRow, MATRIX_FILE,
};
