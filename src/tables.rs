//! Stage 6, tables: the one place that knows CSV.
//!
//! Every table has one [`Schema`] here (file name, sort order, columns with types and
//! meanings) and one row type that serializes to exactly those columns (a test checks it, and
//! the README's table list is generated from [`ALL`]). Conventions for every table:
//! UTF-8, a header row, snake_case columns, comma-separated, RFC 4180 quoting, no index
//! column, floats printed with the shortest text that reads back to the same `f64` (ryu), a
//! missing or undefined value (such as a NaN) as an empty cell, and rows in a documented
//! order with an explicit tie-break on a string column.
//!
//! Files are written atomically: each table goes to a temporary file in the output folder,
//! and only when all tables of a run are written are they renamed into place
//! ([`OutputDir::commit`]). A run that fails, or is killed before the commit, leaves the old
//! tables (or none); a table is never half written. The renames are one per table, so a run
//! killed during the commit itself (a few microseconds) can leave some tables new and some old.

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
    /// Whole number (readr `i` or `d`, pandas `Int64`).
    Integer,
    /// Real number; empty when undefined (readr `d`, pandas `float64`).
    Float,
    /// `true` or `false` (readr `l`, pandas `bool`).
    Boolean,
}

impl ColumnType {
    /// The name used in the README and by the notebooks: `string`, `integer` or `float`.
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
}

/// One column of a table.
///
/// ```
/// use corpus_lens::tables::{ColumnType, KWIC};
/// let left = KWIC.columns.iter().find(|c| c.name == "left").unwrap();
/// assert_eq!(left.kind, ColumnType::String);
/// assert!(!left.description.is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Header name.
    pub name: &'static str,
    /// Value type.
    pub kind: ColumnType,
    /// What the value means.
    pub description: &'static str,
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
///         Column { name: "word", kind: ColumnType::String, description: "the word, lowercased" },
///         Column { name: "count", kind: ColumnType::Integer, description: "occurrences" },
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
    /// The column names, in order.
    ///
    /// ```
    /// assert_eq!(corpus_lens::tables::FREQ.column_names()[0], "word");
    /// ```
    pub fn column_names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }
}

const fn col(name: &'static str, kind: ColumnType, description: &'static str) -> Column {
    Column {
        name,
        kind,
        description,
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
        col("paragraphs", Integer, "paragraphs (blank-line separated)"),
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
    order:
        "document in corpus order, then paragraph, then token_index, then query in the order given",
    columns: &[
        col("document", Text, "document id"),
        col("paragraph", Integer, "paragraph in the document, from 0"),
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
    row: "one faction mention; after `valence` comes one float column per dimension of the \
          framing lexicon in use (the shipped lexicon's: strength, legitimacy, honesty, \
          support, order, revolution), the mention's score on it in [-1, 1]",
    order: "document in corpus order, then byte_offset",
    columns: &[
        col("document", Text, "document id"),
        col("paragraph", Integer, "paragraph in the document, from 0"),
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

/// Every table, in the order the README lists them.
pub const ALL: &[&Schema] = &[
    &CORPUS_SUMMARY,
    &FREQ,
    &FREQ_BY_DOCUMENT,
    &STEMS,
    &OCR_SUSPECTS,
    &COLLOCATIONS,
    &KWIC,
    &NGRAMS,
    &SENTIMENT,
    &FRAMING_MENTIONS,
    &FRAMING_SUMMARY,
    &FRAMING_TERMS,
];

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
///         Column { name: "word", kind: ColumnType::String, description: "the word" },
///         Column { name: "count", kind: ColumnType::Integer, description: "occurrences" },
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
    /// Shortest text that reads back to the same number (ryu); empty when not finite.
    fn write_cell(&self, out: &mut Vec<u8>) {
        if self.is_finite() {
            out.extend_from_slice(ryu::Buffer::new().format_finite(*self).as_bytes());
        }
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
/// atomic rename (see the module docs for the one window where old and new can mix).
///
/// ```
/// use corpus_lens::tables::{OutputDir, FREQ};
/// use corpus_lens::freq::FreqRow;
/// let dir = tempfile::tempdir()?;
/// let out = OutputDir::create(dir.path(), &[])?;
/// out.write(&FREQ, Vec::<FreqRow>::new())?;
/// assert!(!dir.path().join("freq.csv").exists()); // not until commit
/// let written = out.commit()?;
/// assert_eq!(written, [dir.path().join("freq.csv")]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct OutputDir {
    dir: PathBuf,
    inputs: Vec<PathBuf>,
    pending: Mutex<Vec<(NamedTempFile, PathBuf)>>,
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
    /// let err = out.write_with("../reed.txt", |_| Ok(())).unwrap_err();
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
        self.write_with(schema.file, |file| write_csv(file, schema, rows))
    }

    /// Writes the file `name` with `write` (for a table whose columns are not fixed, such as
    /// the co-occurrence matrix), into a temporary file like [`OutputDir::write`].
    ///
    /// ```
    /// use std::io::Write;
    /// use corpus_lens::tables::OutputDir;
    /// let dir = tempfile::tempdir()?;
    /// let out = OutputDir::create(dir.path(), &[])?;
    /// out.write_with("matrix.csv", |file| {
    ///     file.write_all(b"node,war,peace\nsoviet,1.5,\n")
    ///         .map_err(|source| corpus_lens::Error::Io { path: "matrix.csv".into(), source })
    /// })?;
    /// assert_eq!(out.commit()?, [dir.path().join("matrix.csv")]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_with(
        &self,
        name: &str,
        write: impl FnOnce(&mut std::fs::File) -> Result<()>,
    ) -> Result<()> {
        let target = self.dir.join(name);
        if let Ok(canonical) = fs::canonicalize(&target) {
            if self.inputs.contains(&canonical) {
                return Err(Error::OutputIsInput { path: target });
            }
        }
        let mut file = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .map_err(|e| Error::io(&self.dir, e))?;
        write(file.as_file_mut()).map_err(|e| match e {
            Error::Io { source, .. } => Error::io(&target, source),
            other => other,
        })?;
        // Temporary files are private (0600); a table is an ordinary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::Permissions::from_mode(0o644);
            fs::set_permissions(file.path(), mode).map_err(|e| Error::io(&target, e))?;
        }
        file.as_file()
            .sync_all()
            .map_err(|e| Error::io(&target, e))?;
        self.pending
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((file, target));
        Ok(())
    }

    /// Renames every written table into place and returns their paths.
    ///
    /// ```
    /// use corpus_lens::{freq::OcrRow, tables::{OutputDir, OCR_SUSPECTS}};
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("ocr_suspects.csv"), "old table\n")?;
    /// let out = OutputDir::create(dir.path(), &[])?;
    /// out.write(&OCR_SUSPECTS, Vec::<OcrRow>::new())?;
    /// assert_eq!(std::fs::read_to_string(dir.path().join("ocr_suspects.csv"))?, "old table\n");
    /// drop(out); // a run that fails before its commit leaves the old tables
    /// assert_eq!(std::fs::read_to_string(dir.path().join("ocr_suspects.csv"))?, "old table\n");
    /// assert_eq!(std::fs::read_dir(dir.path())?.count(), 1); // and no temporary file
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn commit(self) -> Result<Vec<PathBuf>> {
        let mut pending = self.pending.into_inner().unwrap_or_else(|p| p.into_inner());
        pending.sort_by(|a, b| a.1.cmp(&b.1));
        let mut written = Vec::with_capacity(pending.len());
        for (file, target) in pending {
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
        };
        assert_eq!(serde_header(summary), CORPUS_SUMMARY.column_names());
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
            "README.md's table reference is out of date: replace it with `corpus-lens schema`"
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
            for name in names {
                assert!(name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            }
        }
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
