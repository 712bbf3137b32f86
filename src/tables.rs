//! Stage 6, tables: the one place that knows CSV.
//!
//! Every table has one [`Schema`] here (file name, sort order, columns with types and
//! meanings) and one row type that serializes to exactly those columns (a test checks it, and
//! the README's table list is generated from [`ALL`]). A few tables have columns that depend
//! on the run (one per framing dimension of the lexicon in use, one per collocate): their
//! schema holds a placeholder such as `<dimension>`, and a [`Layout`] names the columns as
//! one run writes them. Every output folder gets `schema.csv` ([`SCHEMA`]): one row per column
//! of every table the run wrote, so R and pandas can take names and types from it instead of
//! repeating them. Conventions for every table:
//! UTF-8, a header row, snake_case columns, comma-separated, RFC 4180 quoting, no index
//! column, floats printed with the shortest text that reads back to the same `f64` (as ryu prints it), a
//! missing or undefined value (such as a NaN) as an empty cell, and rows in a documented
//! order with an explicit tie-break on a string column.
//!
//! Files are written atomically: each table goes to a temporary file in the output folder,
//! and only when all tables of a run are written are they renamed into place
//! ([`OutputDir::commit`]). A run that fails, or is killed before the commit, leaves the old
//! tables (or none); a table is never half written. The renames are one per table, so a run
//! killed during the commit itself (a few microseconds) can leave some tables new and some old.

use rayon::prelude::*;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// The type of a column, as R's readr and pandas should read it.
///
/// ```
/// use corpus_lens::tables::{ColumnType, FREQ};
/// let kinds: Vec<ColumnType> = FREQ.columns[..2].iter().map(|c| c.kind).collect();
/// assert_eq!(kinds, [ColumnType::String, ColumnType::Integer]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text (readr `c`, pandas `string`).
    String,
    /// Whole number, 64-bit (readr `d`, since R's integers are 32-bit; pandas `Int64`).
    Integer,
    /// Real number; empty when undefined (readr `d`, pandas `float64`).
    Float,
    /// `true` or `false` (readr `l`, pandas `bool`).
    Boolean,
}

impl ColumnType {
    /// Every type, in the order the README lists them.
    pub const ALL: [ColumnType; 4] = [
        ColumnType::String,
        ColumnType::Integer,
        ColumnType::Float,
        ColumnType::Boolean,
    ];

    /// The name used in `schema.csv`, the README and the notebooks: `string`, `integer`,
    /// `float` or `boolean`.
    ///
    /// ```
    /// assert_eq!(corpus_lens::tables::ColumnType::Float.as_str(), "float");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Integer => "integer",
            ColumnType::Float => "float",
            ColumnType::Boolean => "boolean",
        }
    }

    /// The type named `name` in `schema.csv` (the inverse of [`ColumnType::as_str`]).
    ///
    /// ```
    /// use corpus_lens::tables::ColumnType;
    /// assert_eq!(ColumnType::parse("boolean"), Some(ColumnType::Boolean));
    /// assert_eq!(ColumnType::parse("bool"), None);
    /// ```
    pub fn parse(name: &str) -> Option<ColumnType> {
        ColumnType::ALL.into_iter().find(|t| t.as_str() == name)
    }
}

/// One column of a table, or a placeholder for the columns a run names.
///
/// ```
/// use corpus_lens::tables::{ColumnType, KWIC};
/// let left = KWIC.columns.iter().find(|c| c.name == "left").unwrap();
/// assert_eq!(left.kind, ColumnType::String);
/// assert!(!left.description.is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Header name; for a placeholder, a pattern in angle brackets such as `<dimension>`.
    pub name: &'static str,
    /// Value type.
    pub kind: ColumnType,
    /// What the value means (a placeholder's may name its pattern, replaced in each column).
    pub description: &'static str,
    /// A placeholder: it stands for zero or more columns whose names the run decides (one per
    /// framing dimension of the lexicon in use, one per collocate), all of this type.
    pub repeated: bool,
}

/// A table's file name, row order and columns.
///
/// ```
/// use corpus_lens::tables::{Column, ColumnType, Schema, ALL};
/// const COUNTS: Schema = Schema {
///     file: "counts.csv",
///     row: "one word",
///     order: "count descending, then word",
///     columns: &[
///         Column { name: "word", kind: ColumnType::String, description: "the word, lowercased", repeated: false },
///         Column { name: "count", kind: ColumnType::Integer, description: "occurrences", repeated: false },
///     ],
/// };
/// assert_eq!(COUNTS.column_names(), ["word", "count"]);
/// assert!(ALL.iter().any(|s| s.file == "freq.csv"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schema {
    /// File name in the output folder, e.g. `freq.csv`.
    pub file: &'static str,
    /// What one row is.
    pub row: &'static str,
    /// Row order.
    pub order: &'static str,
    /// The columns, in order.
    pub columns: &'static [Column],
}

impl Schema {
    /// The column names, in order (a placeholder such as `<dimension>` included as such).
    ///
    /// ```
    /// assert_eq!(corpus_lens::tables::FREQ.column_names()[0], "word");
    /// ```
    pub fn column_names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }

    /// True when every column is fixed (no placeholder).
    ///
    /// ```
    /// use corpus_lens::tables::{FREQ, FRAMING_MATRIX};
    /// assert!(FREQ.is_fixed());
    /// assert!(!FRAMING_MATRIX.is_fixed());
    /// ```
    pub fn is_fixed(&self) -> bool {
        self.columns.iter().all(|c| !c.repeated)
    }

    /// The table as one run writes it: each placeholder replaced by one column per name of
    /// `names` (in that order; `<pattern>` in its description replaced by the name). For a
    /// fixed table `names` is unused.
    ///
    /// ```
    /// use corpus_lens::tables::FRAMING_MATRIX;
    /// let layout = FRAMING_MATRIX.layout(&["strength", "order"]);
    /// assert_eq!(layout.header(), ["document", "faction", "mentions", "strength", "order"]);
    /// assert!(layout.columns[3].description.contains("`strength`"));
    /// ```
    pub fn layout(&self, names: &[&str]) -> Layout {
        let mut columns = Vec::with_capacity(self.columns.len() + names.len());
        for c in self.columns {
            if c.repeated {
                columns.extend(names.iter().map(|&name| WrittenColumn {
                    name: name.to_string(),
                    kind: c.kind,
                    description: c.description.replace(c.name, name),
                }));
            } else {
                columns.push(WrittenColumn::from(c));
            }
        }
        Layout {
            file: self.file,
            columns,
        }
    }

    /// The columns as declared, placeholders kept as they are (what `corpus-lens schema`
    /// prints).
    ///
    /// ```
    /// let layout = corpus_lens::tables::FRAMING_MATRIX.declared();
    /// assert_eq!(layout.header().last(), Some(&"<dimension>"));
    /// ```
    pub fn declared(&self) -> Layout {
        Layout {
            file: self.file,
            columns: self.columns.iter().map(WrittenColumn::from).collect(),
        }
    }

    /// True when `header` fits the schema: the fixed columns in order, and any names where
    /// the placeholder is.
    ///
    /// ```
    /// use corpus_lens::tables::{COOC_MATRIX, FREQ};
    /// assert!(COOC_MATRIX.matches_header(&["node", "regime", "power"]));
    /// assert!(COOC_MATRIX.matches_header(&["node"]));
    /// assert!(!FREQ.matches_header(&["word", "freq"]));
    /// ```
    pub fn matches_header<S: AsRef<str>>(&self, header: &[S]) -> bool {
        let header: Vec<&str> = header.iter().map(AsRef::as_ref).collect();
        let names = self.column_names();
        match self.columns.iter().position(|c| c.repeated) {
            None => header == names,
            Some(at) => {
                let (before, after) = (&names[..at], &names[at + 1..]);
                header.len() >= before.len() + after.len()
                    && header.starts_with(before)
                    && header.ends_with(after)
            }
        }
    }
}

/// One column of a table as a run writes it: what one row of `schema.csv` says.
///
/// ```
/// use corpus_lens::tables::{ColumnType, FRAMING_MATRIX};
/// let layout = FRAMING_MATRIX.layout(&["strength"]);
/// let column = &layout.columns[3]; // the placeholder's column, named by the run
/// assert_eq!((column.name.as_str(), column.kind), ("strength", ColumnType::Float));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenColumn {
    /// Header name.
    pub name: String,
    /// Value type.
    pub kind: ColumnType,
    /// What the value means.
    pub description: String,
}

impl From<&Column> for WrittenColumn {
    /// The column as declared (a placeholder keeps its pattern as its name).
    ///
    /// ```
    /// use corpus_lens::tables::{WrittenColumn, FREQ};
    /// assert_eq!(WrittenColumn::from(&FREQ.columns[0]).name, "word");
    /// ```
    fn from(c: &Column) -> WrittenColumn {
        WrittenColumn {
            name: c.name.to_string(),
            kind: c.kind,
            description: c.description.to_string(),
        }
    }
}

/// A table as one run writes it: its file and its columns, placeholders replaced by the
/// run's names ([`Schema::layout`]).
///
/// ```
/// let layout = corpus_lens::tables::COOC_MATRIX.layout(&["power", "land"]);
/// assert_eq!(layout.file, "cooc_matrix.csv");
/// assert_eq!(layout.header(), ["node", "power", "land"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// File name in the output folder.
    pub file: &'static str,
    /// The columns, in header order.
    pub columns: Vec<WrittenColumn>,
}

impl Layout {
    /// The header's names, in order.
    ///
    /// ```
    /// let layout = corpus_lens::tables::FREQ.layout(&[]);
    /// assert_eq!(layout.header()[..2], ["word", "freq"]);
    /// ```
    pub fn header(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// Appends the header line (with its line end) to `out`, quoted where needed.
    ///
    /// ```
    /// let mut out = Vec::new();
    /// corpus_lens::tables::COOC_MATRIX.layout(&["power", "a,b"]).write_header(&mut out);
    /// assert_eq!(out, b"node,power,\"a,b\"\n");
    /// ```
    pub fn write_header(&self, out: &mut Vec<u8>) {
        for (i, c) in self.columns.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            c.name.write_cell(out);
        }
        out.push(b'\n');
    }

    /// An error when two columns share a name (a framing dimension called `valence`, say):
    /// R and pandas would rename one of them.
    ///
    /// ```
    /// use corpus_lens::tables::FRAMING_MATRIX;
    /// assert!(FRAMING_MATRIX.layout(&["strength"]).check_unique().is_ok());
    /// assert!(FRAMING_MATRIX.layout(&["mentions"]).check_unique().is_err());
    /// ```
    pub fn check_unique(&self) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for c in &self.columns {
            if !seen.insert(c.name.as_str()) {
                return Err(Error::DuplicateColumn {
                    table: self.file,
                    column: c.name.clone(),
                });
            }
        }
        Ok(())
    }
}

const fn col(name: &'static str, kind: ColumnType, description: &'static str) -> Column {
    Column {
        name,
        kind,
        description,
        repeated: false,
    }
}

/// A placeholder column (`pattern` such as `<dimension>`), see [`Column::repeated`].
const fn each(pattern: &'static str, kind: ColumnType, description: &'static str) -> Column {
    Column {
        name: pattern,
        kind,
        description,
        repeated: true,
    }
}

use ColumnType::{Boolean, Float, Integer, String as Text};

/// `freq.csv`: word frequencies over the whole corpus.
pub const FREQ: Schema = Schema {
    file: "freq.csv",
    row: "one word type (lowercased) over the whole corpus",
    order: "freq descending, then word ascending (by code point)",
    columns: &[
        col("word", Text, "the word, lowercased"),
        col("freq", Integer, "occurrences in the corpus"),
        col(
            "per_million",
            Float,
            "freq / tokens * 1,000,000, tokens = all counted tokens of the corpus",
        ),
        col("range", Integer, "paragraphs that contain the word"),
        col(
            "range_pct",
            Float,
            "range / paragraphs with at least one token * 100",
        ),
        col("n_documents", Integer, "documents that contain the word"),
        col(
            "dp",
            Float,
            "Gries's DP over paragraphs (0 even .. 1 clumped)",
        ),
        col(
            "dp_norm",
            Float,
            "DP / (1 - smallest paragraph's share) (Lijffijt & Gries 2012)",
        ),
        col(
            "juilland_d",
            Float,
            "Juilland's D over paragraphs (1 even .. 0 clumped)",
        ),
    ],
};

/// `freq_by_document.csv`: word frequencies per document.
pub const FREQ_BY_DOCUMENT: Schema = Schema {
    file: "freq_by_document.csv",
    row: "one word type in one document",
    order: "document in corpus order, then freq descending, then word ascending",
    columns: &[
        col(
            "document",
            Text,
            "document id (from the manifest, or the file stem)",
        ),
        col("word", Text, "the word, lowercased"),
        col("freq", Integer, "occurrences in the document"),
        col(
            "per_million",
            Float,
            "freq / the document's tokens * 1,000,000",
        ),
        col(
            "range",
            Integer,
            "paragraphs of the document that contain the word",
        ),
        col("dp", Float, "Gries's DP over the document's paragraphs"),
        col(
            "range_pct",
            Float,
            "range / the document's paragraphs with tokens * 100",
        ),
        col("dp_norm", Float, "DP normalized (Lijffijt & Gries 2012)"),
        col(
            "juilland_d",
            Float,
            "Juilland's D over the document's paragraphs",
        ),
    ],
};

/// `stems.csv`: frequencies grouped by Snowball stem.
pub const STEMS: Schema = Schema {
    file: "stems.csv",
    row: "one Snowball English stem over the whole corpus",
    order: "freq descending, then stem ascending",
    columns: &[
        col(
            "stem",
            Text,
            "Snowball (Porter2) English stem of the lowercased word",
        ),
        col("freq", Integer, "occurrences of all its word forms"),
        col("per_million", Float, "freq / tokens * 1,000,000"),
        col("n_forms", Integer, "distinct word forms with this stem"),
        col(
            "forms",
            Text,
            "the forms, most frequent first (ties by form), separated by |",
        ),
    ],
};

/// `corpus_summary.csv`: one row per document.
pub const CORPUS_SUMMARY: Schema = Schema {
    file: "corpus_summary.csv",
    row: "one document",
    order: "corpus order (manifest or command line)",
    columns: &[
        col("document", Text, "document id"),
        col("title", Text, "title from the manifest (empty if none)"),
        col("author", Text, "author from the manifest"),
        col(
            "year",
            Integer,
            "year of first publication (empty if unknown)",
        ),
        col("bytes", Integer, "size of the file in bytes"),
        col(
            "paragraphs",
            Integer,
            "paragraphs counted (blank-line separated; excluded matter not included)",
        ),
        col("sentences", Integer, "sentences"),
        col(
            "tokens",
            Integer,
            "counted tokens (words; numbers too with --keep-numbers)",
        ),
        col("types", Integer, "distinct counted tokens"),
        col("number_tokens", Integer, "tokens holding a digit"),
        col(
            "ocr_suspect_tokens",
            Integer,
            "tokens with an OCR sign (see ocr_suspects.csv)",
        ),
        col(
            "author_faction",
            Text,
            "the author's faction from the manifest",
        ),
        col("language", Text, "language code from the manifest"),
        col(
            "replaced_bytes",
            Integer,
            "invalid UTF-8 bytes replaced (only with --lossy)",
        ),
        col("path", Text, "the file read"),
        col(
            "excluded_paragraphs",
            Integer,
            "paragraphs left out as front or back matter, contents, captions, notes or index \
             (rows of excluded_matter.csv; 0 with --keep-matter)",
        ),
        col(
            "excluded_bytes",
            Integer,
            "bytes of those paragraphs (each from its first to its last non-blank character)",
        ),
        col(
            "footnote_markers",
            Integer,
            "inline footnote markers such as [3] in the counted paragraphs (number tokens, not words)",
        ),
    ],
};

/// `excluded_matter.csv`: the paragraphs left out of the counts, and why.
pub const EXCLUDED_MATTER: Schema = Schema {
    file: "excluded_matter.csv",
    row: "one paragraph left out of the counts (see the rules under Front and back matter)",
    order: "document in corpus order, then byte_offset",
    columns: &[
        col("document", Text, "document id"),
        col(
            "byte_offset",
            Integer,
            "byte offset of the paragraph's first non-blank character in the file",
        ),
        col(
            "line",
            Integer,
            "line of the paragraph's first line, from 1",
        ),
        col(
            "rule",
            Text,
            "the rule that left it out: front_matter, back_matter, gutenberg_header, \
             gutenberg_footer, transcriber_note, contents, list_of_illustrations, \
             illustration, footnote, index or advertisements",
        ),
        col(
            "bytes",
            Integer,
            "length of the paragraph in bytes, from its first to its last non-blank character",
        ),
        col(
            "excerpt",
            Text,
            "the paragraph's first 80 characters, whitespace folded to one space",
        ),
    ],
};

/// `ocr_suspects.csv`: tokens that look like OCR noise.
pub const OCR_SUSPECTS: Schema = Schema {
    file: "ocr_suspects.csv",
    row: "one suspect token type and reason in one document",
    order: "document in corpus order, then count descending, then token, then reason",
    columns: &[
        col("document", Text, "document id"),
        col("token", Text, "the token, lowercased"),
        col("count", Integer, "occurrences in the document"),
        col("example", Text, "the first occurrence with about 30 characters of context each side, original spelling"),
        col("reason", Text, "mixed_letters_digits (r8le), glued_words (infantryMeanwhile) or known_misreading (thc)"),
    ],
};

/// `collocations.csv`: collocates of node words, with association measures.
pub const COLLOCATIONS: Schema = Schema {
    file: "collocations.csv",
    row: "one collocate of one node in one group: the whole corpus (document `(corpus)`) or one document",
    order: "the corpus group first, then documents in corpus order; nodes in the order given; then the sort measure descending (default log_likelihood; undefined last), then collocate ascending",
    columns: &[
        col("document", Text, "`(corpus)` for the whole corpus, else the document id"),
        col("node", Text, "the node as given (a word or a phrase)"),
        col("collocate", Text, "the collocate, lowercased"),
        col("o11", Integer, "O11: co-occurrences in the windows (o11_left + o11_right)"),
        col("o11_left", Integer, "co-occurrences to the left of the node"),
        col("o11_right", Integer, "co-occurrences to the right of the node"),
        col("f_node", Integer, "occurrences of the node in the group"),
        col("f_collocate", Integer, "C1: occurrences of the collocate in the group"),
        col("n", Integer, "N: counted tokens in the group"),
        col("e11", Float, "E11 = f_node * f_collocate * span / n (Evert 2008)"),
        col("mi", Float, "log2(O11 / E11) (Church & Hanks 1990)"),
        col("mi3", Float, "log2(O11^3 / E11) (Daille 1994)"),
        col("t_score", Float, "(O11 - E11) / sqrt(O11) (Church et al. 1991)"),
        col("z_score", Float, "(O11 - E11) / sqrt(E11)"),
        col("log_likelihood", Float, "G2 = 2 sum Oij ln(Oij/Eij) over the 2x2 table, negative when O11 < E11 (Dunning 1993)"),
        col("log_dice", Float, "14 + log2(Dice) (Rychly 2008)"),
        col("dice", Float, "2 O11 / (f_node + f_collocate)"),
        col("delta_p_collocate_given_node", Float, "O11/R1 - O21/R2 (Ellis 2006; Gries 2013)"),
        col("delta_p_node_given_collocate", Float, "O11/C1 - O12/C2"),
        col("chi2", Float, "Pearson's chi-square over the 2x2 table, unsigned"),
        col("log_ratio", Float, "log2((O11/R1) / (O21/R2)), 0.5 for a zero O11 or O21 (Hardie 2014)"),
        col("span", Integer, "window size, left + right"),
        col("impossible", Boolean, "true when the 2x2 table has a negative cell (overlapping windows with per-occurrence counting); its measures are then empty"),
    ],
};

/// `kwic.csv`: concordance lines.
pub const KWIC: Schema = Schema {
    file: "kwic.csv",
    row: "one occurrence of a node",
    order: "document in corpus order, then paragraph, then token_index, then query in the order given \
            (`kwic --sort KEYS`: by the words at KEYS, then that order)",
    columns: &[
        col("document", Text, "document id"),
        col(
            "paragraph",
            Integer,
            "paragraph in the document, from 0, among the counted ones (excluded matter is not numbered)",
        ),
        col("sentence", Integer, "sentence in the paragraph, from 0"),
        col(
            "token_index",
            Integer,
            "the node's first token among the paragraph's counted tokens, from 0",
        ),
        col(
            "left",
            Text,
            "left context, original spelling, whitespace folded",
        ),
        col("node", Text, "the node as written in the text"),
        col(
            "right",
            Text,
            "right context, original spelling, whitespace folded",
        ),
        col("query", Text, "the node as given"),
    ],
};

/// `ngrams.csv`: clusters of 2 to 4 words.
pub const NGRAMS: Schema = Schema {
    file: "ngrams.csv",
    row: "one n-gram (2 to 4 consecutive counted tokens in one sentence) over the whole corpus",
    order: "freq descending, then ngram ascending",
    columns: &[
        col(
            "ngram",
            Text,
            "the words, lowercased, separated by one space",
        ),
        col("n", Integer, "number of words"),
        col("freq", Integer, "occurrences"),
        col("per_million", Float, "freq / tokens * 1,000,000"),
        col("range", Integer, "paragraphs that contain it"),
        col("range_pct", Float, "range / paragraphs with tokens * 100"),
    ],
};

/// `sentiment.csv`: VADER scores, one row per input line.
pub const SENTIMENT: Schema = Schema {
    file: "sentiment.csv",
    row: "one line of the input",
    order: "line",
    columns: &[
        col("line", Integer, "line number in the input, from 1"),
        col(
            "compound",
            Float,
            "VADER compound score in [-1, 1], 4 decimals (Hutto & Gilbert 2014)",
        ),
        col("pos", Float, "share of positive tokens, 3 decimals"),
        col("neu", Float, "share of neutral tokens, 3 decimals"),
        col("neg", Float, "share of negative tokens, 3 decimals"),
    ],
};

/// `framing_mentions.csv`: every faction mention, scored (issue: faction framing).
pub const FRAMING_MENTIONS: Schema = Schema {
    file: "framing_mentions.csv",
    row: "one faction mention",
    order: "document in corpus order, then byte_offset",
    columns: &[
        col("document", Text, "document id"),
        col(
            "paragraph",
            Integer,
            "paragraph in the document, from 0, among the counted ones (excluded matter is not numbered)",
        ),
        col("sentence", Integer, "sentence in the paragraph, from 0"),
        col("byte_offset", Integer, "byte offset of the mention in the file"),
        col("faction", Text, "faction id from the factions lexicon"),
        col("alias", Text, "the mention as written in the text, whitespace folded"),
        col(
            "mention_kind",
            Text,
            "`alias`, or `first_person` for the manifest's first-person phrases",
        ),
        col("voice", Text, "`narrator`, or `quoted` inside quotation marks"),
        col(
            "valence",
            Float,
            "VADER in historical mode: S / sqrt(S^2 + 15) of the valences attributed to the mention",
        ),
        each(
            "<dimension>",
            Float,
            "the mention's score on the framing dimension `<dimension>`, in [-1, 1]: one column \
             per dimension of the framing lexicon in use, in its order (the shipped lexicon's: \
             strength, legitimacy, honesty, support, order, revolution)",
        ),
        col(
            "terms",
            Text,
            "the scored words attributed to the mention, `term:dimension:weight`, `|`-separated \
             (dimension `valence` for VADER words)",
        ),
    ],
};

/// `framing_summary.csv`: framing per document, faction and voice, with intervals.
pub const FRAMING_SUMMARY: Schema = Schema {
    file: "framing_summary.csv",
    row: "one measure of one faction in one document in one voice (long format)",
    order: "document in corpus order, then faction in the lexicon's order, then voice \
            (narrator, quoted, all), then measure (mentions_per_10k, valence, share_positive, \
            share_negative, the dimensions in the lexicon's order, then their `_direction` \
            measures)",
    columns: &[
        col("document", Text, "document id"),
        col("faction", Text, "faction id"),
        col("faction_label", Text, "faction label"),
        col("voice", Text, "`narrator`, `quoted` or `all`"),
        col(
            "measure",
            Text,
            "`mentions_per_10k`, `valence` (mean), `share_positive` (valence >= 0.05), \
             `share_negative` (valence <= -0.05), a dimension id (mean score over all \
             mentions), or `<dimension>_direction` (mean over the mentions with a term of \
             that dimension)",
        ),
        col("mentions", Integer, "mentions in the group"),
        col(
            "paragraphs",
            Integer,
            "paragraphs with a mention in the group",
        ),
        col(
            "n",
            Integer,
            "mentions the measure averages over (for `_direction`: those framed on the \
             dimension)",
        ),
        col("estimate", Float, "the measure on the data"),
        col(
            "ci_low",
            Float,
            "2.5% quantile of the cluster bootstrap over paragraphs (type 7)",
        ),
        col("ci_high", Float, "97.5% quantile of the bootstrap"),
        col(
            "replicates",
            Integer,
            "bootstrap replicates in which the measure was defined (of B = 2000 by default)",
        ),
    ],
};

/// `framing_terms.csv`: the words that drive each framing score.
pub const FRAMING_TERMS: Schema = Schema {
    file: "framing_terms.csv",
    row: "one scored word attributed to one faction in one document and voice",
    order: "document in corpus order, then faction in the lexicon's order, then voice, then \
            dimension (valence first, then the lexicon's order), then larger absolute \
            contribution, then term",
    columns: &[
        col("document", Text, "document id"),
        col("faction", Text, "faction id"),
        col("voice", Text, "`narrator` or `quoted`"),
        col(
            "term",
            Text,
            "framing-lexicon term as listed, or the VADER word as lowercased in the text",
        ),
        col(
            "dimension",
            Text,
            "a dimension id, or `valence` for VADER words",
        ),
        col("hits", Integer, "times it was attributed to the faction"),
        col(
            "contribution",
            Float,
            "summed weight after negation, boosters and attribution share",
        ),
    ],
};

/// `cooc_matrix.csv`: the node x collocate matrix of the sort measure.
pub const COOC_MATRIX: Schema = Schema {
    file: "cooc_matrix.csv",
    row: "one node over the whole corpus, then one column per collocate (the union of each \
          node's top `--matrix-top` collocates, default 20, by the sort measure, in order of \
          first appearance)",
    order: "nodes in the order given",
    columns: &[
        col("node", Text, "the node as given"),
        each(
            "<collocate>",
            Float,
            "the sort measure (default log_likelihood) of the node with the collocate \
             `<collocate>` over the whole corpus; empty where the pair is not among the kept \
             collocates",
        ),
    ],
};

/// `framing_matrix.csv`: per document, the faction x dimension matrix (narrator voice).
pub const FRAMING_MATRIX: Schema = Schema {
    file: "framing_matrix.csv",
    row: "one faction with narrator-voice mentions in one document (the faction x dimension \
          matrix of mean narrator-voice scores, built with ndarray)",
    order: "document in corpus order, then faction in the lexicon's order",
    columns: &[
        col("document", Text, "document id"),
        col("faction", Text, "faction id"),
        col("mentions", Integer, "narrator-voice mentions"),
        each(
            "<dimension>",
            Float,
            "mean narrator-voice score on the framing dimension `<dimension>`: one column per \
             dimension of the framing lexicon in use, in its order",
        ),
    ],
};

/// `schema.csv`: the columns and types of every table a run wrote (this one included).
pub const SCHEMA: Schema = Schema {
    file: "schema.csv",
    row: "one column of one table written by the run that wrote this file, with the columns \
          that depend on the run under their actual names (`corpus-lens schema` prints the \
          same layout for every table, with placeholders such as `<dimension>` instead)",
    order: "table in the order of this list, then position",
    columns: &[
        col("table", Text, "file name of the table in the output folder"),
        col("column", Text, "column name, as in the table's header"),
        col(
            "position",
            Integer,
            "the column's place in the header, from 1",
        ),
        col(
            "type",
            Text,
            "`string`, `integer` (64-bit), `float` (empty when undefined) or `boolean` \
             (`true` or `false`)",
        ),
        col("description", Text, "what the value means"),
    ],
};

/// `keyness.csv`: words over- or under-used in a target compared with a reference.
pub const KEYNESS: Schema = Schema {
    file: "keyness.csv",
    row: "one word in one comparison (target vs reference)",
    order: "comparison (as given; `analyze`: each document vs the rest, in corpus order), \
            then over-used words by log_likelihood descending, then `equal`, then under-used \
            words by log_likelihood ascending, then word",
    columns: &[
        col(
            "target",
            Text,
            "the target's selectors (a document id, or e.g. `author_faction=whites`), `+` between several",
        ),
        col(
            "reference",
            Text,
            "the reference's selectors; `rest` = every other document except the same work",
        ),
        col("word", Text, "the word, lowercased"),
        col("f_target", Integer, "occurrences in the target (a)"),
        col("f_reference", Integer, "occurrences in the reference (b)"),
        col("per_million_target", Float, "a / c * 1,000,000"),
        col("per_million_reference", Float, "b / d * 1,000,000"),
        col(
            "log_likelihood",
            Float,
            "2 (a ln(a/E1) + b ln(b/E2)), E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d) \
             (Rayson & Garside 2000)",
        ),
        col(
            "log_ratio",
            Float,
            "log2((a/c) / (b/d)), a zero frequency replaced by 0.5 (Hardie 2014)",
        ),
        col(
            "percent_diff",
            Float,
            "100 (nf1 - nf2) / nf2 per million (Gabrielatos & Marchi 2012); empty when b = 0",
        ),
        col(
            "chi2",
            Float,
            "Pearson's chi-square of [[a, b], [c-a, d-b]], no continuity correction",
        ),
        col("bic", Float, "log_likelihood - ln(c + d) (Wilson 2013)"),
        col(
            "p_value",
            Float,
            "P(chi-square(1) >= log_likelihood), uncorrected",
        ),
        col(
            "significant",
            Boolean,
            "p_adjusted <= alpha (0.05 by default)",
        ),
        col(
            "direction",
            Text,
            "`over` (relatively more frequent in the target), `under` or `equal`",
        ),
        col(
            "p_adjusted",
            Float,
            "p_value corrected for the comparison's words (Benjamini-Hochberg FDR by default)",
        ),
        col("correction", Text, "`fdr`, `bonferroni` or `none`"),
        col(
            "simple_maths",
            Float,
            "(per_million_target + 1) / (per_million_reference + 1) (Kilgarriff 2009)",
        ),
        col("tokens_target", Integer, "tokens in the target (c)"),
        col("tokens_reference", Integer, "tokens in the reference (d)"),
    ],
};

/// `colloc_compare.csv`: how a node's collocates differ between target and reference.
pub const COLLOC_COMPARE: Schema = Schema {
    file: "colloc_compare.csv",
    row: "one collocate of one node in one comparison (node present on both sides)",
    order: "comparison, then node in the order given, then log_likelihood descending, then \
            collocate",
    columns: &[
        col("target", Text, "the target's selectors"),
        col("reference", Text, "the reference's selectors"),
        col("node", Text, "node as given"),
        col("collocate", Text, "collocate word, lowercased"),
        col(
            "o11_target",
            Integer,
            "co-occurrences in the target's windows",
        ),
        col(
            "o11_reference",
            Integer,
            "co-occurrences in the reference's windows",
        ),
        col("f_node_target", Integer, "node occurrences in the target"),
        col(
            "f_node_reference",
            Integer,
            "node occurrences in the reference",
        ),
        col(
            "f_collocate_target",
            Integer,
            "collocate frequency in the target",
        ),
        col(
            "f_collocate_reference",
            Integer,
            "collocate frequency in the reference",
        ),
        col(
            "log_dice_target",
            Float,
            "14 + log2(2 o11 / (f_node + f_collocate)) in the target (Rychly 2008); empty \
             when o11 = 0",
        ),
        col("log_dice_reference", Float, "logDice in the reference"),
        col(
            "log_dice_diff",
            Float,
            "logDice target minus reference, with an o11 of 0 taken as 0.5",
        ),
        col(
            "log_ratio",
            Float,
            "log2((o11_t / (span f_node_t)) / (o11_r / (span f_node_r))), zero as 0.5 \
             (Hardie 2014)",
        ),
        col(
            "log_likelihood",
            Float,
            "Rayson & Garside's log-likelihood of o11_t vs o11_r in window tokens \
             span x f_node of each side",
        ),
        col(
            "p_value",
            Float,
            "P(chi-square(1) >= log_likelihood), uncorrected",
        ),
        col(
            "span",
            Integer,
            "window tokens per node occurrence (left + right)",
        ),
    ],
};

/// `framing_compare.csv`: framing differences between target and reference.
pub const FRAMING_COMPARE: Schema = Schema {
    file: "framing_compare.csv",
    row: "one measure of one faction in one voice in one comparison (faction with mentions \
          on both sides)",
    order: "comparison, then faction in the lexicon's order, then voice (narrator, quoted, \
            all), then measure (as in framing_summary.csv)",
    columns: &[
        col("target", Text, "the target's selectors"),
        col("reference", Text, "the reference's selectors"),
        col("faction", Text, "faction id"),
        col("faction_label", Text, "faction label"),
        col("voice", Text, "`narrator`, `quoted` or `all`"),
        col("measure", Text, "as in framing_summary.csv"),
        col("mentions_target", Integer, "mentions in the target"),
        col("mentions_reference", Integer, "mentions in the reference"),
        col(
            "n_target",
            Integer,
            "mentions the target's measure averages over",
        ),
        col(
            "n_reference",
            Integer,
            "mentions the reference's measure averages over",
        ),
        col(
            "estimate_target",
            Float,
            "the measure over all the target's documents pooled",
        ),
        col("estimate_reference", Float, "the measure in the reference"),
        col("difference", Float, "estimate_target - estimate_reference"),
        col(
            "ci_low",
            Float,
            "2.5% quantile of the difference over bootstrap replicates (paragraphs \
             resampled within each document; sides independent)",
        ),
        col("ci_high", Float, "97.5% quantile of the difference"),
        col(
            "replicates",
            Integer,
            "replicates in which both sides' measures were defined",
        ),
    ],
};

/// Every table, in the order the README lists them.
pub const ALL: &[&Schema] = &[
    &CORPUS_SUMMARY,
    &FREQ,
    &FREQ_BY_DOCUMENT,
    &STEMS,
    &OCR_SUSPECTS,
    &EXCLUDED_MATTER,
    &COLLOCATIONS,
    &KWIC,
    &COOC_MATRIX,
    &NGRAMS,
    &SENTIMENT,
    &FRAMING_MENTIONS,
    &FRAMING_SUMMARY,
    &FRAMING_TERMS,
    &FRAMING_MATRIX,
    &KEYNESS,
    &COLLOC_COMPARE,
    &FRAMING_COMPARE,
    &SCHEMA,
];

/// A row of `schema.csv` (see [`SCHEMA`]).
///
/// ```
/// use corpus_lens::tables::{schema_rows, ColumnType, NGRAMS};
/// let layouts = [NGRAMS.layout(&[])];
/// let rows = schema_rows(&layouts);
/// let freq = rows.iter().find(|r| r.column == "freq").unwrap();
/// assert_eq!((freq.table, freq.position, freq.kind), ("ngrams.csv", 3, ColumnType::Integer));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaRow<'a> {
    /// File name of the table.
    pub table: &'a str,
    /// Column name.
    pub column: &'a str,
    /// Place in the header, from 1.
    pub position: usize,
    /// Value type (the `type` column).
    pub kind: ColumnType,
    /// What the value means.
    pub description: &'a str,
}

// By hand rather than with `table_row!`: the column is called `type`, a Rust keyword.
impl Row for SchemaRow<'_> {
    const COLUMNS: &'static [&'static str] =
        &["table", "column", "position", "type", "description"];
    fn write_fields(&self, out: &mut Vec<u8>) {
        self.table.write_cell(out);
        out.push(b',');
        self.column.write_cell(out);
        out.push(b',');
        self.position.write_cell(out);
        out.push(b',');
        self.kind.as_str().write_cell(out);
        out.push(b',');
        self.description.write_cell(out);
    }
}

/// The rows of `schema.csv` for these tables: in [`ALL`]'s order (a file not in it last, by
/// name), then by position.
///
/// ```
/// use corpus_lens::tables::{schema_rows, FREQ, KWIC};
/// let layouts = [KWIC.layout(&[]), FREQ.layout(&[])];
/// let rows = schema_rows(&layouts);
/// assert_eq!((rows[0].table, rows[0].column, rows[0].position), ("freq.csv", "word", 1));
/// assert_eq!(rows.len(), FREQ.columns.len() + KWIC.columns.len());
/// ```
pub fn schema_rows(layouts: &[Layout]) -> Vec<SchemaRow<'_>> {
    let mut sorted: Vec<&Layout> = layouts.iter().collect();
    sorted.sort_by_key(|l| {
        let rank = ALL.iter().position(|s| s.file == l.file);
        (rank.unwrap_or(ALL.len()), l.file)
    });
    sorted
        .into_iter()
        .flat_map(|l| {
            l.columns.iter().enumerate().map(move |(i, c)| SchemaRow {
                table: l.file,
                column: &c.name,
                position: i + 1,
                kind: c.kind,
                description: &c.description,
            })
        })
        .collect()
}

/// Writes the declared schema of every table ([`ALL`], placeholders such as `<dimension>`
/// kept) as CSV in `schema.csv`'s layout: what `corpus-lens schema` prints.
///
/// ```
/// let mut out = Vec::new();
/// corpus_lens::tables::write_declared_schema(&mut out)?;
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.starts_with("table,column,position,type,description\n"));
/// assert!(text.contains("\nframing_matrix.csv,<dimension>,4,float,"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn write_declared_schema<W: Write>(writer: W) -> Result<()> {
    let layouts: Vec<Layout> = ALL.iter().map(|s| s.declared()).collect();
    write_csv(writer, &SCHEMA, schema_rows(&layouts))
}

/// The README's table reference, generated from [`ALL`].
///
/// ```
/// let md = corpus_lens::tables::schema_markdown();
/// assert!(md.contains("### `freq.csv`"));
/// ```
pub fn schema_markdown() -> String {
    let mut md = String::new();
    for schema in ALL {
        md.push_str(&format!(
            "### `{}`\n\nOne row: {}. Order: {}.\n\n| column | type | meaning |\n|---|---|---|\n",
            schema.file, schema.row, schema.order
        ));
        for c in schema.columns {
            md.push_str(&format!(
                "| `{}` | {} | {} |\n",
                c.name,
                c.kind.as_str(),
                c.description
            ));
        }
        md.push('\n');
    }
    md
}

/// A float for a table: `None` (an empty cell) when not finite.
///
/// ```
/// assert_eq!(corpus_lens::tables::finite(f64::NAN), None);
/// assert_eq!(corpus_lens::tables::finite(0.5), Some(0.5));
/// ```
pub fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// The order of rows in a frequency-like table: `counts` descending, then `texts`
/// ascending in byte order (the order `str` compares in), then index; returns the
/// indices in that order.
///
/// Sorting keys of two integers (the count and the text's first eight bytes) and
/// reading the texts only where both tie is several times faster on a large vocabulary
/// than comparing strings, whose bytes lie all over memory.
///
/// ```
/// use corpus_lens::tables::count_then_text_order;
/// let texts = ["soviet", "army", "soviets", "tsar"];
/// assert_eq!(count_then_text_order(&[2, 1, 2, 2], &texts), [0, 2, 3, 1]);
/// ```
pub fn count_then_text_order<S: AsRef<str> + Sync>(counts: &[u64], texts: &[S]) -> Vec<u32> {
    assert_eq!(counts.len(), texts.len(), "one count per text");
    let prefix = |s: &str| {
        let mut head = [0u8; 8];
        let n = s.len().min(8);
        head[..n].copy_from_slice(&s.as_bytes()[..n]);
        u64::from_be_bytes(head)
    };
    let mut keys: Vec<(std::cmp::Reverse<u64>, u64, u32)> = counts
        .par_iter()
        .zip(texts.par_iter())
        .enumerate()
        .map(|(i, (&c, t))| (std::cmp::Reverse(c), prefix(t.as_ref()), i as u32))
        .collect();
    keys.par_sort_unstable_by(|a, b| {
        (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| {
            let (x, y) = (texts[a.2 as usize].as_ref(), texts[b.2 as usize].as_ref());
            x.cmp(y).then(a.2.cmp(&b.2))
        })
    });
    keys.into_iter().map(|k| k.2).collect()
}

/// A table row: its column names and how it writes its fields.
///
/// Row types are declared with the `table_row!` macro, which generates both from the
/// struct's fields, so they cannot drift apart; a test checks them against each [`Schema`].
///
/// ```
/// use corpus_lens::tables::{write_csv, Cell, Column, ColumnType, Row, Schema};
/// struct Count {
///     word: String,
///     count: u64,
/// }
/// impl Row for Count {
///     const COLUMNS: &'static [&'static str] = &["word", "count"];
///     fn write_fields(&self, out: &mut Vec<u8>) {
///         self.word.write_cell(out);
///         out.push(b',');
///         self.count.write_cell(out);
///     }
/// }
/// const COUNTS: Schema = Schema {
///     file: "counts.csv",
///     row: "one word",
///     order: "count descending",
///     columns: &[
///         Column { name: "word", kind: ColumnType::String, description: "the word", repeated: false },
///         Column { name: "count", kind: ColumnType::Integer, description: "occurrences", repeated: false },
///     ],
/// };
/// let rows = [Count { word: "soviet".into(), count: 2 }, Count { word: "\"tsar\", the".into(), count: 1 }];
/// let mut csv = Vec::new();
/// write_csv(&mut csv, &COUNTS, &rows)?;
/// assert_eq!(String::from_utf8(csv).unwrap(), "word,count\nsoviet,2\n\"\"\"tsar\"\", the\",1\n");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub trait Row {
    /// The column names, in order.
    const COLUMNS: &'static [&'static str];
    /// Appends the row's fields, comma-separated, without the line end.
    ///
    /// ```
    /// use corpus_lens::{freq::OcrRow, tables::Row};
    /// let row = OcrRow {
    ///     document: "reed".into(),
    ///     token: "thc".into(),
    ///     count: 3,
    ///     example: "in thc street, a crowd".into(),
    ///     reason: "known_misreading",
    /// };
    /// let mut out = Vec::new();
    /// row.write_fields(&mut out);
    /// assert_eq!(out, b"reed,thc,3,\"in thc street, a crowd\",known_misreading");
    /// assert_eq!(OcrRow::COLUMNS, ["document", "token", "count", "example", "reason"]);
    /// ```
    fn write_fields(&self, out: &mut Vec<u8>);
}

impl<T: Row> Row for &T {
    const COLUMNS: &'static [&'static str] = T::COLUMNS;
    fn write_fields(&self, out: &mut Vec<u8>) {
        (**self).write_fields(out);
    }
}

/// A value that can be a CSV field.
///
/// ```
/// use corpus_lens::tables::Cell;
/// let mut out = Vec::new();
/// for (i, cell) in [&"plain" as &dyn Cell, &"a, b", &Some(0.1), &None::<f64>, &f64::NAN, &7u64, &true].iter().enumerate() {
///     if i > 0 {
///         out.push(b',');
///     }
///     cell.write_cell(&mut out);
/// }
/// assert_eq!(String::from_utf8(out).unwrap(), "plain,\"a, b\",0.1,,,7,true");
/// ```
pub trait Cell {
    /// Appends the field (quoted where RFC 4180 requires it).
    ///
    /// ```
    /// use corpus_lens::tables::Cell;
    /// let mut out = Vec::new();
    /// "say \"no\"".write_cell(&mut out);
    /// assert_eq!(out, b"\"say \"\"no\"\"\"");
    /// out.clear();
    /// (1.0f64 / 3.0).write_cell(&mut out);
    /// assert_eq!(out, b"0.3333333333333333"); // the shortest text that reads back exactly
    /// ```
    fn write_cell(&self, out: &mut Vec<u8>);
}

impl Cell for str {
    fn write_cell(&self, out: &mut Vec<u8>) {
        let needs_quotes = self
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'));
        if !needs_quotes {
            out.extend_from_slice(self.as_bytes());
            return;
        }
        out.push(b'"');
        for part in self.split('"').enumerate() {
            if part.0 > 0 {
                out.extend_from_slice(b"\"\"");
            }
            out.extend_from_slice(part.1.as_bytes());
        }
        out.push(b'"');
    }
}

impl Cell for String {
    fn write_cell(&self, out: &mut Vec<u8>) {
        self.as_str().write_cell(out);
    }
}

impl Cell for &str {
    fn write_cell(&self, out: &mut Vec<u8>) {
        (**self).write_cell(out);
    }
}

macro_rules! integer_cell {
    ($($t:ty),*) => {$(
        impl Cell for $t {
            fn write_cell(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
            }
        }
    )*};
}
integer_cell!(u64, u32, i64, i32, usize);

impl Cell for f64 {
    /// Shortest text that reads back to the same number, as ryu writes it ("0.1", "1e-7",
    /// "1e20"); empty when not finite. Written by zmij, several times faster than ryu with
    /// the same digits; ryu's exponents carry no "+", so neither do ours.
    fn write_cell(&self, out: &mut Vec<u8>) {
        if self.is_finite() {
            let mut buffer = zmij::Buffer::new();
            let (head, tail) = shortest(*self, &mut buffer);
            out.extend_from_slice(head.as_bytes());
            out.extend_from_slice(tail.as_bytes());
        }
    }
}

/// Appends a finite float's cell text (see `Cell for f64`) to a string.
pub(crate) fn push_float(out: &mut String, x: f64) {
    let mut buffer = zmij::Buffer::new();
    let (head, tail) = shortest(x, &mut buffer);
    out.push_str(head);
    out.push_str(tail);
}

/// zmij's text of a finite float in two pieces, around the "+" of an exponent that ryu
/// (and our tables) write without it.
fn shortest(x: f64, buffer: &mut zmij::Buffer) -> (&str, &str) {
    let text = buffer.format_finite(x);
    match text.find('+') {
        Some(plus) => (&text[..plus], &text[plus + 1..]),
        None => (text, ""),
    }
}

impl Cell for bool {
    /// `true` or `false` (readr reads them as logical, pandas as bool).
    fn write_cell(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

impl<T: Cell> Cell for Option<T> {
    fn write_cell(&self, out: &mut Vec<u8>) {
        if let Some(v) = self {
            v.write_cell(out);
        }
    }
}

/// Declares a table row struct and implements [`Row`] for it from its fields.
macro_rules! table_row {
    ($(#[$meta:meta])* pub struct $name:ident $(<$lt:lifetime>)? {
        $($(#[$fmeta:meta])* pub $field:ident : $ty:ty),* $(,)?
    }) => {
        $(#[$meta])*
        pub struct $name $(<$lt>)? {
            $($(#[$fmeta])* pub $field: $ty),*
        }

        impl $(<$lt>)? $crate::tables::Row for $name $(<$lt>)? {
            const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),*];
            fn write_fields(&self, out: &mut Vec<u8>) {
                let mut _first = true;
                $(
                    if !_first {
                        out.push(b',');
                    }
                    _first = false;
                    $crate::tables::Cell::write_cell(&self.$field, out);
                )*
            }
        }
    };
}
pub(crate) use table_row;

/// Writes a header and rows as CSV to any writer (used for standard output).
///
/// ```
/// use corpus_lens::tables::{write_csv, FREQ};
/// use corpus_lens::freq::FreqRow;
/// let row = FreqRow { word: "soviet".into(), freq: 2, per_million: Some(0.5), range: 2,
///     range_pct: Some(50.0), n_documents: 1, dp: Some(0.0), dp_norm: None, juilland_d: None };
/// let mut out = Vec::new();
/// write_csv(&mut out, &FREQ, [row])?;
/// assert_eq!(String::from_utf8(out).unwrap(),
///     "word,freq,per_million,range,range_pct,n_documents,dp,dp_norm,juilland_d\n\
///      soviet,2,0.5,2,50.0,1,0.0,,\n");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn write_csv<W: Write, R: Row>(
    mut writer: W,
    schema: &Schema,
    rows: impl IntoIterator<Item = R>,
) -> Result<()> {
    let path = PathBuf::from(schema.file);
    assert_eq!(
        R::COLUMNS,
        schema.column_names().as_slice(),
        "row type does not match the schema of {}",
        schema.file
    );
    let mut buf = Vec::with_capacity(1 << 16);
    for (i, name) in R::COLUMNS.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        name.write_cell(&mut buf);
    }
    buf.push(b'\n');
    for row in rows {
        row.write_fields(&mut buf);
        buf.push(b'\n');
        if buf.len() >= 1 << 16 {
            writer.write_all(&buf).map_err(|e| Error::io(&path, e))?;
            buf.clear();
        }
    }
    writer.write_all(&buf).map_err(|e| Error::io(&path, e))?;
    writer.flush().map_err(|e| Error::io(&path, e))?;
    Ok(())
}

/// An output folder whose tables are replaced only once all of them are written, each by an
/// atomic rename (see the module docs for the one window where old and new can mix). On
/// [`OutputDir::commit`] it also writes `schema.csv` ([`SCHEMA`]), listing the columns of
/// every table written (itself included), so the file always matches the run's tables.
///
/// ```
/// use corpus_lens::tables::{OutputDir, FREQ};
/// use corpus_lens::freq::FreqRow;
/// let dir = tempfile::tempdir()?;
/// let out = OutputDir::create(dir.path(), &[])?;
/// out.write(&FREQ, Vec::<FreqRow>::new())?;
/// assert!(!dir.path().join("freq.csv").exists()); // not until commit
/// let written = out.commit()?;
/// assert_eq!(written, [dir.path().join("freq.csv"), dir.path().join("schema.csv")]);
/// let schema = std::fs::read_to_string(dir.path().join("schema.csv"))?;
/// assert!(schema.contains("\nfreq.csv,word,1,string,"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct OutputDir {
    dir: PathBuf,
    inputs: Vec<PathBuf>,
    pending: Mutex<Vec<Pending>>,
}

/// A table written to its temporary file, waiting for the commit.
struct Pending {
    file: NamedTempFile,
    target: PathBuf,
    layout: Layout,
    /// Flushes the file to disk (see [`Synced`]).
    synced: Synced,
}

/// A temporary table's `fsync`, run on a thread of its own so that the workers go on
/// computing the other tables while the disk writes (an fsync of a few megabytes takes
/// 10-20 ms, most of a table's time); [`OutputDir::commit`] waits for every one before it
/// renames any table into place.
enum Synced {
    Running(std::thread::JoinHandle<std::io::Result<()>>),
    Done(std::io::Result<()>),
}

impl Synced {
    /// Starts the fsync of `file` (in place if no thread can be started).
    fn start(file: &std::fs::File) -> Synced {
        let Ok(copy) = file.try_clone() else {
            return Synced::Done(file.sync_all());
        };
        let thread = std::thread::Builder::new().name("corpus-lens-fsync".into());
        match thread.spawn(move || copy.sync_all()) {
            Ok(handle) => Synced::Running(handle),
            Err(_) => Synced::Done(file.sync_all()),
        }
    }

    fn wait(self) -> std::io::Result<()> {
        match self {
            Synced::Running(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the fsync thread panicked"))),
            Synced::Done(result) => result,
        }
    }
}

impl OutputDir {
    /// Creates the folder if needed. `inputs` are the files read by the run: a table that
    /// would replace one of them is an error.
    ///
    /// ```
    /// use corpus_lens::tables::OutputDir;
    /// let dir = tempfile::tempdir()?;
    /// let input = dir.path().join("reed.txt");
    /// std::fs::write(&input, "Ten days.")?;
    /// let out = OutputDir::create(&dir.path().join("tables"), &[input.clone()])?; // made if missing
    /// assert!(dir.path().join("tables").is_dir());
    /// // A run never overwrites one of its inputs.
    /// let layout = corpus_lens::tables::Layout { file: "../reed.txt", columns: Vec::new() };
    /// let err = out.write_with(layout, |_| Ok(())).unwrap_err();
    /// assert!(err.to_string().contains("reed.txt"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create(dir: &Path, inputs: &[PathBuf]) -> Result<OutputDir> {
        if dir.exists() && !dir.is_dir() {
            let msg = format!(
                "{}: --out must be a folder, and this is a file",
                dir.display()
            );
            return Err(Error::Usage(msg));
        }
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let inputs = inputs
            .iter()
            .filter_map(|p| fs::canonicalize(p).ok())
            .collect();
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            inputs,
            pending: Mutex::new(Vec::new()),
        })
    }

    /// Writes one table to a temporary file in the folder. Tables may be written from several
    /// threads at once.
    ///
    /// ```
    /// use corpus_lens::{freq::OcrRow, tables::{OutputDir, OCR_SUSPECTS}};
    /// let dir = tempfile::tempdir()?;
    /// let out = OutputDir::create(dir.path(), &[])?;
    /// out.write(&OCR_SUSPECTS, Vec::<OcrRow>::new())?; // a header and no rows
    /// out.commit()?;
    /// let text = std::fs::read_to_string(dir.path().join("ocr_suspects.csv"))?;
    /// assert_eq!(text, "document,token,count,example,reason\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write<R: Row>(&self, schema: &Schema, rows: impl IntoIterator<Item = R>) -> Result<()> {
        self.write_with(schema.layout(&[]), |file| write_csv(file, schema, rows))
    }

    /// Writes a table whose columns depend on the run (such as the co-occurrence matrix) with
    /// `write`, into a temporary file like [`OutputDir::write`]. `layout` names its columns
    /// for `schema.csv`; `write` must write that header.
    ///
    /// ```
    /// use std::io::Write;
    /// use corpus_lens::{tables::{OutputDir, COOC_MATRIX}, Error};
    /// let dir = tempfile::tempdir()?;
    /// let out = OutputDir::create(dir.path(), &[])?;
    /// let layout = COOC_MATRIX.layout(&["land"]);
    /// out.write_with(layout, |file| {
    ///     let io = |source| Error::Io { path: "cooc_matrix.csv".into(), source };
    ///     file.write_all(b"node,land\npeace,3\n").map_err(io)
    /// })?;
    /// out.commit()?;
    /// let text = std::fs::read_to_string(dir.path().join("cooc_matrix.csv"))?;
    /// assert_eq!(text, "node,land\npeace,3\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_with(
        &self,
        layout: Layout,
        write: impl FnOnce(&mut std::fs::File) -> Result<()>,
    ) -> Result<()> {
        let target = self.dir.join(layout.file);
        let file = self.write_temp(&target, write)?;
        let synced = Synced::start(file.as_file());
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Pending {
                file,
                target,
                layout,
                synced,
            });
        Ok(())
    }

    /// Writes `target`'s content into a temporary file beside it, readable (not yet synced:
    /// see [`Synced`]).
    fn write_temp(
        &self,
        target: &Path,
        write: impl FnOnce(&mut std::fs::File) -> Result<()>,
    ) -> Result<NamedTempFile> {
        if let Ok(canonical) = fs::canonicalize(target) {
            if self.inputs.contains(&canonical) {
                return Err(Error::OutputIsInput {
                    path: target.to_path_buf(),
                });
            }
        }
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut file = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(|e| Error::io(&self.dir, e))?;
        write(file.as_file_mut()).map_err(|e| match e {
            Error::Io { source, .. } => Error::io(target, source),
            other => other,
        })?;
        // Temporary files are private (0600); a table is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::Permissions::from_mode(0o644);
            fs::set_permissions(file.path(), mode).map_err(|e| Error::io(target, e))?;
        }
        Ok(file)
    }

    /// Writes `schema.csv` for the tables written, then renames every table into place and
    /// returns their paths (sorted).
    ///
    /// ```
    /// use corpus_lens::{freq::OcrRow, tables::{OutputDir, OCR_SUSPECTS}};
    /// let dir = tempfile::tempdir()?;
    /// let out = OutputDir::create(dir.path(), &[])?;
    /// out.write(&OCR_SUSPECTS, Vec::<OcrRow>::new())?;
    /// // Nothing is in place before the commit, only a hidden temporary file.
    /// assert!(!dir.path().join("ocr_suspects.csv").exists());
    /// let written = out.commit()?;
    /// let names: Vec<_> = written.iter().map(|p| p.file_name().unwrap().to_owned()).collect();
    /// assert_eq!(names, ["ocr_suspects.csv", "schema.csv"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn commit(mut self) -> Result<Vec<PathBuf>> {
        let pending = self.pending.get_mut().unwrap_or_else(|p| p.into_inner());
        let mut pending = std::mem::take(pending);
        // schema.csv describes itself too, and is written before any rename, so a run that
        // fails here leaves the previous tables.
        let mut layouts: Vec<Layout> = pending.iter().map(|p| p.layout.clone()).collect();
        layouts.push(SCHEMA.layout(&[]));
        let target = self.dir.join(SCHEMA.file);
        let file = self.write_temp(&target, |file| {
            write_csv(file, &SCHEMA, schema_rows(&layouts))
        })?;
        let synced = Synced::Done(file.as_file().sync_all());
        pending.push(Pending {
            file,
            target,
            layout: SCHEMA.layout(&[]),
            synced,
        });
        pending.sort_by(|a, b| a.target.cmp(&b.target));
        // Every table on disk before any replaces the previous one.
        let mut synced = Vec::with_capacity(pending.len());
        for p in pending {
            let result = p.synced.wait();
            result.map_err(|e| Error::io(&p.target, e))?;
            synced.push((p.file, p.target));
        }
        let mut written = Vec::with_capacity(synced.len());
        for (file, target) in synced {
            file.persist(&target)
                .map_err(|e| Error::io(&target, e.error))?;
            written.push(target);
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::freq::{FreqByDocumentRow, FreqRow, OcrRow, StemRow, SummaryRow};

    /// Float cells are ryu's text, character for character, over values of every kind: the
    /// tables' measures (shares, per-million rates, dispersions), whole numbers, tiny and
    /// huge ones (the exponent forms), and random bit patterns.
    #[test]
    fn float_cells_are_ryus_shortest_text() {
        let mut values: Vec<f64> = vec![
            0.0,
            -0.0,
            1.0,
            0.1,
            0.1 + 0.2,
            1.0 / 3.0,
            1e-5,
            1e-7,
            9.99e-6,
            1e15,
            1e16,
            1e17,
            1.5e20,
            1e21,
            1e22,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            123456789012345680.0,
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            values.push(f64::from_bits(state));
            values.push((state % 1_000_000) as f64 / 10_252_999.0 * 1e6);
            values.push(1.0 - (state % 1000) as f64 / 997.0);
            values.push((state % 2000) as f64 * 1e-9);
            values.push((state % 2000) as f64 * 1e17);
        }
        for x in values.into_iter().filter(|x| x.is_finite()) {
            for x in [x, -x] {
                let mut cell = Vec::new();
                x.write_cell(&mut cell);
                let reference = ryu::Buffer::new().format_finite(x).to_string();
                assert_eq!(String::from_utf8(cell).unwrap(), reference, "{x:e}");
            }
        }
        let mut cell = Vec::new();
        f64::NAN.write_cell(&mut cell);
        f64::INFINITY.write_cell(&mut cell);
        assert!(cell.is_empty());
    }

    /// The header a row type declares, checked against the one serde derives from the
    /// same struct, and its rendering against the csv crate's (so the views agree).
    fn serde_header<R: Row + serde::Serialize>(row: R) -> Vec<&'static str> {
        let mut csv = csv::Writer::from_writer(Vec::new());
        csv.serialize(&row).unwrap();
        let text = String::from_utf8(csv.into_inner().unwrap()).unwrap();
        let mut lines = text.lines();
        let serde: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(serde, R::COLUMNS);
        let mut mine = Vec::new();
        row.write_fields(&mut mine);
        assert_eq!(String::from_utf8(mine).unwrap(), lines.next().unwrap());
        R::COLUMNS.to_vec()
    }

    #[test]
    fn row_types_match_their_schemas() {
        let f = Some(0.5);
        let freq = FreqRow {
            word: "w".into(),
            freq: 1,
            per_million: f,
            range: 1,
            range_pct: f,
            n_documents: 1,
            dp: f,
            dp_norm: f,
            juilland_d: f,
        };
        assert_eq!(serde_header(freq), FREQ.column_names());
        let by_doc = FreqByDocumentRow {
            document: "d".into(),
            word: "w".into(),
            freq: 1,
            per_million: f,
            range: 1,
            dp: f,
            range_pct: f,
            dp_norm: f,
            juilland_d: f,
        };
        assert_eq!(serde_header(by_doc), FREQ_BY_DOCUMENT.column_names());
        let stem = StemRow {
            stem: "s".into(),
            freq: 1,
            per_million: f,
            n_forms: 1,
            forms: "a|b".into(),
        };
        assert_eq!(serde_header(stem), STEMS.column_names());
        let summary = SummaryRow {
            document: "d".into(),
            title: String::new(),
            author: String::new(),
            year: None,
            bytes: 0,
            paragraphs: 0,
            sentences: 0,
            tokens: 0,
            types: 0,
            number_tokens: 0,
            ocr_suspect_tokens: 0,
            author_faction: String::new(),
            language: String::new(),
            replaced_bytes: 0,
            path: String::new(),
            excluded_paragraphs: 0,
            excluded_bytes: 0,
            footnote_markers: 0,
        };
        assert_eq!(serde_header(summary), CORPUS_SUMMARY.column_names());
        let excluded = crate::matter::ExcludedRow {
            document: "d".into(),
            byte_offset: 0,
            line: 1,
            rule: "contents",
            bytes: 8,
            excerpt: "CONTENTS".into(),
        };
        assert_eq!(serde_header(excluded), EXCLUDED_MATTER.column_names());
        let ocr = OcrRow {
            document: "d".into(),
            token: "t".into(),
            count: 1,
            example: "e".into(),
            reason: "r",
        };
        assert_eq!(serde_header(ocr), OCR_SUSPECTS.column_names());
    }

    #[test]
    fn readme_lists_every_table_schema() {
        let readme = include_str!("../README.md");
        let generated = schema_markdown();
        assert!(
            readme.contains(&generated),
            "README.md's table reference is out of date: replace it with \
             `corpus-lens schema --format markdown`"
        );
        // ... and nothing else between the markers: no hand-written table beside ALL's.
        let start = readme.find("<!-- tables:start -->").expect("start marker");
        let end = readme.find("<!-- tables:end -->").expect("end marker");
        let listed: Vec<&str> = readme[start..end]
            .lines()
            .filter_map(|l| l.strip_prefix("### `")?.strip_suffix('`'))
            .collect();
        let all: Vec<&str> = ALL.iter().map(|s| s.file).collect();
        assert_eq!(listed, all, "tables in the README's reference");
        let body = readme[start..end].trim_start_matches("<!-- tables:start -->");
        assert_eq!(
            body.trim(),
            generated.trim(),
            "hand-written text in the reference"
        );
    }

    #[test]
    fn column_names_are_snake_case_and_unique() {
        for schema in ALL {
            let names = schema.column_names();
            let mut sorted = names.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), names.len(), "{}", schema.file);
            for c in schema.columns {
                // A placeholder is `<snake_case>`, and only a placeholder has brackets.
                let name = match c.name.strip_prefix('<').and_then(|n| n.strip_suffix('>')) {
                    Some(inner) => {
                        assert!(c.repeated, "{}: {} is not repeated", schema.file, c.name);
                        inner
                    }
                    None => {
                        assert!(!c.repeated, "{}: {} has no brackets", schema.file, c.name);
                        c.name
                    }
                };
                assert!(
                    name.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{}: {name}",
                    schema.file
                );
            }
            let placeholders = schema.columns.iter().filter(|c| c.repeated).count();
            assert!(
                placeholders <= 1,
                "{}: one placeholder at most",
                schema.file
            );
        }
        let files: std::collections::HashSet<&str> = ALL.iter().map(|s| s.file).collect();
        assert_eq!(files.len(), ALL.len(), "a file listed twice in ALL");
    }

    #[test]
    fn schema_rows_follow_all_and_describe_themselves() {
        assert_eq!(SchemaRow::COLUMNS, SCHEMA.column_names().as_slice());
        let layouts = [
            SCHEMA.layout(&[]),
            FRAMING_MENTIONS.layout(&["strength", "order"]),
            FREQ.layout(&[]),
        ];
        let rows = schema_rows(&layouts);
        let tables: Vec<&str> = rows.iter().map(|r| r.table).collect();
        let mut expected = vec!["freq.csv"; FREQ.columns.len()];
        expected.extend(vec![
            "framing_mentions.csv";
            FRAMING_MENTIONS.columns.len() + 1
        ]);
        expected.extend(vec!["schema.csv"; SCHEMA.columns.len()]);
        assert_eq!(tables, expected);
        let mentions: Vec<(usize, &str)> = rows
            .iter()
            .filter(|r| r.table == "framing_mentions.csv")
            .map(|r| (r.position, r.column))
            .collect();
        assert_eq!(
            mentions[8..],
            [
                (9, "valence"),
                (10, "strength"),
                (11, "order"),
                (12, "terms")
            ]
        );
        let mut out = Vec::new();
        write_csv(&mut out, &SCHEMA, rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\nschema.csv,type,4,string,"), "{text}");
        assert!(text.contains("\nframing_mentions.csv,order,11,float,\"the mention's score on the framing dimension `order`, in [-1, 1]"), "{text}");
    }

    #[test]
    fn a_placeholder_takes_any_names() {
        assert!(FRAMING_MENTIONS.matches_header(&FRAMING_MENTIONS.layout(&["a", "b"]).header()));
        assert!(FRAMING_MENTIONS.matches_header(&FRAMING_MENTIONS.layout(&[]).header()));
        let layout = FRAMING_MENTIONS.layout(&["a"]);
        let mut header = layout.header();
        header.pop();
        assert!(!FRAMING_MENTIONS.matches_header(&header));
        assert!(FREQ.matches_header(&FREQ.layout(&["ignored"]).header()));
        assert_eq!(FREQ.layout(&["ignored"]), FREQ.declared());
        for schema in ALL {
            assert_eq!(
                schema.is_fixed(),
                schema.layout(&["x"]) == schema.declared()
            );
        }
    }

    #[test]
    fn output_dir_writes_schema_csv_last_and_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::create(dir.path(), &[]).unwrap();
        let layout = COOC_MATRIX.layout(&["power"]);
        out.write_with(layout, |f| {
            f.write_all(b"node,power\nsoviet,1.5\n")
                .map_err(|e| Error::io("x", e))
        })
        .unwrap();
        assert!(!dir.path().join("schema.csv").exists(), "not before commit");
        let written = out.commit().unwrap();
        assert_eq!(written.len(), 2);
        let text = fs::read_to_string(dir.path().join("schema.csv")).unwrap();
        let lines: Vec<&str> = text.lines().map(|l| l.split(',').next().unwrap()).collect();
        assert_eq!(lines[..3], ["table", "cooc_matrix.csv", "cooc_matrix.csv"]);
        assert_eq!(lines.len(), 3 + SCHEMA.columns.len());
        assert!(text.contains("\ncooc_matrix.csv,power,2,float,"));
    }

    #[test]
    fn floats_round_trip_and_nan_is_empty() {
        let row = StemRow {
            stem: "x,\"y\"".into(),
            freq: 3,
            per_million: Some(0.1 + 0.2),
            n_forms: 1,
            forms: "x".into(),
        };
        let mut out = Vec::new();
        write_csv(&mut out, &STEMS, [row]).unwrap();
        let text = String::from_utf8(out).unwrap();
        let line = text.lines().nth(1).unwrap();
        assert_eq!(line, "\"x,\"\"y\"\"\",3,0.30000000000000004,1,x");
        assert_eq!("0.30000000000000004".parse::<f64>().unwrap(), 0.1 + 0.2);
        assert_eq!(finite(f64::INFINITY), None);
    }
}
