//! Every table's schema: its file name, what a row is, its order, and its columns with
//! types and meanings.
//!
//! The contract between the stages that make rows and [`crate::tables`], which writes them:
//! declared once here, at the base of the crate, so that a stage can name the columns of its
//! table (including the columns that depend on the run, through a [`Layout`]) without
//! importing the stage that writes files. A test checks each row type against its schema;
//! `corpus-lens schema` prints them all, and `docs/tables.md` is generated from [`ALL`].
//! [`crate::tables`] re-exports every item.

use crate::error::{Error, Result};
use crate::rows::Cell;

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

/// Declares a table's [`Schema`] as a `pub const`: its file, what a row is, the order of the
/// rows, then one line per column (`col NAME TYPE DESCRIPTION;`, or `each PATTERN TYPE
/// DESCRIPTION;` for a placeholder that stands for the columns a run names).
macro_rules! schema {
    ($(#[$meta:meta])* $name:ident = $file:literal; row: $row:literal; order: $order:literal;
     $($which:ident $column:literal $kind:ident $description:literal;)*) => {
        $(#[$meta])*
        pub const $name: Schema = Schema {
            file: $file,
            row: $row,
            order: $order,
            columns: &[$($which($column, $kind, $description)),*],
        };
    };
}

mod actions;
mod compare;
mod syntax;
pub use actions::*;
pub use compare::*;
pub use syntax::*;

schema! {
    /// `freq.csv`: word frequencies over the whole corpus.
    FREQ = "freq.csv";
    row: "one word type (lowercased) over the whole corpus";
    order: "freq descending, then word ascending (by code point)";
    col "word" Text "the word, lowercased";
    col "freq" Integer "occurrences in the corpus";
    col "per_million" Float "freq / tokens * 1,000,000, tokens = all counted tokens of the corpus";
    col "range" Integer "paragraphs that contain the word";
    col "range_pct" Float "range / paragraphs with at least one token * 100";
    col "n_documents" Integer "documents that contain the word";
    col "dp" Float "Gries's DP over paragraphs (0 even .. 1 clumped)";
    col "dp_norm" Float "DP / (1 - smallest paragraph's share) (Lijffijt & Gries 2012)";
    col "juilland_d" Float "Juilland's D over paragraphs (1 even .. 0 clumped)";
}

schema! {
    /// `freq_by_document.csv`: word frequencies per document.
    FREQ_BY_DOCUMENT = "freq_by_document.csv";
    row: "one word type in one document";
    order: "document in corpus order, then freq descending, then word ascending";
    col "document" Text "document id (from the manifest, or the file stem)";
    col "word" Text "the word, lowercased";
    col "freq" Integer "occurrences in the document";
    col "per_million" Float "freq / the document's tokens * 1,000,000";
    col "range" Integer "paragraphs of the document that contain the word";
    col "dp" Float "Gries's DP over the document's paragraphs";
    col "range_pct" Float "range / the document's paragraphs with tokens * 100";
    col "dp_norm" Float "DP normalized (Lijffijt & Gries 2012)";
    col "juilland_d" Float "Juilland's D over the document's paragraphs";
}

schema! {
    /// `stems.csv`: frequencies grouped by Snowball stem.
    STEMS = "stems.csv";
    row: "one Snowball English stem over the whole corpus";
    order: "freq descending, then stem ascending";
    col "stem" Text "Snowball (Porter2) English stem of the lowercased word";
    col "freq" Integer "occurrences of all its word forms";
    col "per_million" Float "freq / tokens * 1,000,000";
    col "n_forms" Integer "distinct word forms with this stem";
    col "forms" Text "the forms, most frequent first (ties by form), separated by |";
}

schema! {
    /// `corpus_summary.csv`: one row per document.
    CORPUS_SUMMARY = "corpus_summary.csv";
    row: "one document";
    order: "corpus order (manifest or command line)";
    col "document" Text "document id";
    col "title" Text "title from the manifest (empty if none)";
    col "author" Text "author from the manifest";
    col "year" Integer "year of first publication (empty if unknown)";
    col "bytes" Integer "size of the file in bytes";
    col "paragraphs" Integer "paragraphs counted (blank-line separated; excluded matter not included)";
    col "sentences" Integer "sentences";
    col "tokens" Integer "counted tokens (words; numbers too with --keep-numbers)";
    col "types" Integer "distinct counted tokens";
    col "number_tokens" Integer "tokens holding a digit";
    col "ocr_suspect_tokens" Integer "tokens with an OCR sign (see ocr_suspects.csv)";
    col "author_faction" Text "the author's faction from the manifest";
    col "language" Text "language code from the manifest";
    col "replaced_bytes" Integer "invalid UTF-8 bytes replaced (only with --lossy)";
    col "path" Text "the file read";
    col "excluded_paragraphs" Integer "paragraphs left out as front or back matter, contents, captions, notes or index \
             (rows of excluded_matter.csv; 0 with --keep-matter)";
    col "excluded_bytes" Integer "bytes of those paragraphs (each from its first to its last non-blank character)";
    col "footnote_markers" Integer "inline footnote markers such as [3] in the counted paragraphs (number tokens, not words)";
    col "chapters" Integer "chapters with a counted token: the text before the first heading, then one per \
             CHAPTER heading or section word (docs/text.md, Chapters); 1 when none is found";
    col "paragraph_layout" Text "how paragraphs were found: blank-line, line (one a line) or markup (TEI, HTML, \
             EPUB); --paragraphs, docs/text.md";
    col "split_paragraphs" Integer "paragraphs over 100,000 bytes, each counted as pieces cut at sentence ends \
             (docs/text.md)";
}

schema! {
    /// `excluded_matter.csv`: the paragraphs left out of the counts, and why.
    EXCLUDED_MATTER = "excluded_matter.csv";
    row: "one paragraph left out of the counts (see the rules under Front and back matter)";
    order: "document in corpus order, then byte_offset";
    col "document" Text "document id";
    col "byte_offset" Integer "byte offset of the paragraph's first non-blank character in the file";
    col "line" Integer "line of the paragraph's first line, from 1";
    col "rule" Text "the rule that left it out: front_matter, back_matter, gutenberg_header, \
             gutenberg_footer, transcriber_note, contents, list_of_illustrations, \
             illustration, footnote, index or advertisements";
    col "bytes" Integer "length of the paragraph in bytes, from its first to its last non-blank character";
    col "excerpt" Text "the paragraph's first 80 characters, whitespace folded to one space";
}

schema! {
    /// `ocr_suspects.csv`: tokens that look like OCR noise.
    OCR_SUSPECTS = "ocr_suspects.csv";
    row: "one suspect token type and reason in one document";
    order: "document in corpus order, then count descending, then token, then reason";
    col "document" Text "document id";
    col "token" Text "the token, lowercased";
    col "count" Integer "occurrences in the document";
    col "example" Text "the first occurrence with about 30 characters of context each side, original spelling";
    col "reason" Text "mixed_letters_digits (r8le), glued_words (infantryMeanwhile) or known_misreading (thc)";
}

schema! {
    /// `collocations.csv`: collocates of node words, with association measures.
    COLLOCATIONS = "collocations.csv";
    row: "one collocate of one node in one group: the whole corpus (document `(corpus)`) or one document";
    order: "the corpus group first, then documents in corpus order; nodes in the order given; then the sort measure descending (default log_likelihood; undefined last), then collocate ascending";
    col "document" Text "`(corpus)` for the whole corpus, else the document id";
    col "node" Text "the node as given (a word or a phrase)";
    col "collocate" Text "the collocate, lowercased";
    col "o11" Integer "O11: co-occurrences in the windows (o11_left + o11_right)";
    col "o11_left" Integer "co-occurrences to the left of the node";
    col "o11_right" Integer "co-occurrences to the right of the node";
    col "f_node" Integer "occurrences of the node in the group";
    col "f_collocate" Integer "C1: occurrences of the collocate in the group";
    col "n" Integer "N: counted tokens in the group";
    col "e11" Float "E11 = f_node * f_collocate * span / n (Evert 2008)";
    col "mi" Float "log2(O11 / E11) (Church & Hanks 1990)";
    col "mi3" Float "log2(O11^3 / E11) (Daille 1994)";
    col "t_score" Float "(O11 - E11) / sqrt(O11) (Church et al. 1991)";
    col "z_score" Float "(O11 - E11) / sqrt(E11)";
    col "log_likelihood" Float "G2 = 2 sum Oij ln(Oij/Eij) over the 2x2 table, negative when O11 < E11 (Dunning 1993)";
    col "log_dice" Float "14 + log2(Dice) (Rychly 2008)";
    col "dice" Float "2 O11 / (f_node + f_collocate)";
    col "delta_p_collocate_given_node" Float "O11/R1 - O21/R2 (Ellis 2006; Gries 2013)";
    col "delta_p_node_given_collocate" Float "O11/C1 - O12/C2";
    col "chi2" Float "Pearson's chi-square over the 2x2 table, unsigned";
    col "log_ratio" Float "log2((O11/R1) / (O21/R2)), 0.5 for a zero O11 or O21 (Hardie 2014)";
    col "span" Integer "window size, left + right";
    col "impossible" Boolean "true when the 2x2 table has a negative cell (overlapping windows with per-occurrence counting); its measures are then empty";
}

schema! {
    /// `kwic.csv`: concordance lines.
    KWIC = "kwic.csv";
    row: "one occurrence of a node";
    order: "document in corpus order, then paragraph, then token_index, then query in the order given \
            (`kwic --sort KEYS`: by the words at KEYS, then that order)";
    col "document" Text "document id";
    col "paragraph" Integer "paragraph in the document, from 0, among the counted ones (excluded matter is not numbered)";
    col "sentence" Integer "sentence in the paragraph, from 0";
    col "token_index" Integer "the node's first token among the paragraph's counted tokens, from 0";
    col "left" Text "left context, original spelling, whitespace folded";
    col "node" Text "the node as written in the text";
    col "right" Text "right context, original spelling, whitespace folded";
    col "query" Text "the node as given";
    col "line" Integer "line of the node in the file, from 1 (TEI, HTML, EPUB: of its paragraph element's start tag; \
             see docs/inputs.md)";
    col "byte_offset" Integer "byte offset of the node in the file (TEI, HTML, EPUB: of its paragraph element's start tag)";
    col "page" Text "TEI: the `n` of the last `<pb>` before the paragraph; EPUB: the archive member the paragraph \
             comes from; empty otherwise";
}

schema! {
    /// `ngrams.csv`: clusters of 2 to 4 words.
    NGRAMS = "ngrams.csv";
    row: "one n-gram (2 to 4 consecutive counted tokens in one sentence, with no number left out \
          between them) over the whole corpus";
    order: "freq descending, then ngram ascending";
    col "ngram" Text "the words, lowercased, separated by one space";
    col "n" Integer "number of words";
    col "freq" Integer "occurrences";
    col "per_million" Float "freq / tokens * 1,000,000";
    col "range" Integer "paragraphs that contain it";
    col "range_pct" Float "range / paragraphs with tokens * 100";
}

schema! {
    /// `sentiment.csv`: VADER scores, one row per input line.
    SENTIMENT = "sentiment.csv";
    row: "one line of the input";
    order: "line";
    col "line" Integer "line number in the input, from 1";
    col "compound" Float "VADER compound score in [-1, 1], 4 decimals (Hutto & Gilbert 2014)";
    col "pos" Float "share of positive tokens, 3 decimals";
    col "neu" Float "share of neutral tokens, 3 decimals";
    col "neg" Float "share of negative tokens, 3 decimals";
}

schema! {
    /// `framing_mentions.csv`: every faction mention, scored (issue: faction framing).
    FRAMING_MENTIONS = "framing_mentions.csv";
    row: "one faction mention";
    order: "document in corpus order, then byte_offset";
    col "document" Text "document id";
    col "paragraph" Integer "paragraph in the document, from 0, among the counted ones (excluded matter is not numbered)";
    col "sentence" Integer "sentence in the paragraph, from 0";
    col "byte_offset" Integer "byte offset of the mention in the file (TEI, HTML, EPUB: of its paragraph element's start tag)";
    col "faction" Text "faction id from the factions lexicon";
    col "alias" Text "the mention as written in the text, whitespace folded";
    col "mention_kind" Text "`alias`, or `first_person` for the manifest's first-person phrases";
    col "voice" Text "`narrator`, or `quoted` inside quotation marks";
    col "valence" Float "VADER in historical mode: S / sqrt(S^2 + 15) of the valences attributed to the mention";
    each "<dimension>" Float "the mention's score on the framing dimension `<dimension>`, in [-1, 1]: one column \
             per dimension of the framing lexicon in use, in its order (the shipped lexicon's: \
             strength, legitimacy, honesty, support, order, revolution)";
    col "terms" Text "the scored words attributed to the mention, `term:dimension:weight`, `|`-separated \
             (dimension `valence` for VADER words)";
    col "stance" Integer "the stance model's class for the mention: -1, 0 or +1 (the most probable); \
             empty with --no-stance";
    col "stance_score" Float "P(+1) - P(-1) under the stance model, in [-1, 1]; empty with --no-stance";
    col "stance_terms" Text "the features that moved stance_score most, `feature=contribution` \
             (x * (w_pos - w_neg), log-odds), `|`-separated, largest first, at most 5";
    col "line" Integer "line of the mention in the file, from 1 (TEI, HTML, EPUB: of its paragraph element's start tag, \
             which byte_offset then gives too; see docs/inputs.md)";
    col "page" Text "TEI: the `n` of the last `<pb>` before the paragraph; EPUB: the archive member the paragraph \
             comes from; empty otherwise";
    col "stance_score_words" Float "stance_score with the faction prior (the model's fac: features) left out: what the \
             mention's words and context give, in [-1, 1]; the prior is a faction's usual level in the annotated \
             books, so compare documents' stance toward a faction by this (docs/framing.md); empty with \
             --no-stance";
}

schema! {
    /// `framing_summary.csv`: framing per document, faction and voice, with intervals.
    FRAMING_SUMMARY = "framing_summary.csv";
    row: "one measure of one faction in one document in one voice (long format)";
    order: "document in corpus order, then faction in the lexicon's order, then voice \
            (narrator, quoted, all), then measure (mentions_per_10k, valence, share_positive, \
            share_negative, the dimensions in the lexicon's order, then their `_direction` \
            measures, then stance_words with a stance model)";
    col "document" Text "document id";
    col "faction" Text "faction id";
    col "faction_label" Text "faction label";
    col "voice" Text "`narrator`, `quoted` or `all`";
    col "measure" Text "`mentions_per_10k`, `valence` (mean), `share_positive` (valence >= 0.05), \
             `share_negative` (valence <= -0.05), a dimension id (mean score over all \
             mentions), `<dimension>_direction` (mean over the mentions with a term of \
             that dimension), or `stance_words` (mean stance_score_words of framing_mentions.csv: \
             the stance model without the faction prior, the measure to compare documents' \
             stance toward a faction by; not with --no-stance)";
    col "mentions" Integer "mentions in the group";
    col "paragraphs" Integer "paragraphs with a mention in the group";
    col "n" Integer "mentions the measure averages over (for `_direction`: those framed on the \
             dimension)";
    col "estimate" Float "the measure on the data";
    col "ci_low" Float "2.5% quantile of the cluster bootstrap over paragraphs (type 7)";
    col "ci_high" Float "97.5% quantile of the bootstrap";
    col "replicates" Integer "bootstrap replicates in which the measure was defined (of B = 2000 by default); 0 for a linearized interval (a large document's measure carried by 100 paragraphs or more, see --linearize-from) and where enough_data is false (no interval is computed)";
    col "enough_data" Boolean "n >= --min-mentions (5) and paragraphs >= --min-paragraphs (3); when false, \
             ci_low and ci_high are empty: too little evidence for an interval";
}

schema! {
    /// `framing_terms.csv`: the words that drive each framing score.
    FRAMING_TERMS = "framing_terms.csv";
    row: "one scored word attributed to one faction in one document and voice";
    order: "document in corpus order, then faction in the lexicon's order, then voice, then \
            dimension (valence first, then the lexicon's order), then larger absolute \
            contribution, then term";
    col "document" Text "document id";
    col "faction" Text "faction id";
    col "voice" Text "`narrator` or `quoted`";
    col "term" Text "framing-lexicon term as listed, or the VADER word as lowercased in the text";
    col "dimension" Text "a dimension id, or `valence` for VADER words";
    col "hits" Integer "times it was attributed to the faction";
    col "contribution" Float "summed weight after negation, boosters and attribution share";
}

schema! {
    /// `cooc_matrix.csv`: the node x collocate matrix of the sort measure.
    COOC_MATRIX = "cooc_matrix.csv";
    row: "one node over the whole corpus, then one column per collocate (the union of each \
          node's top `--matrix-top` collocates, default 20, by the sort measure, in order of \
          first appearance)";
    order: "nodes in the order given";
    col "node" Text "the node as given";
    each "<collocate>" Float "the sort measure (`--sort`, default log_dice) of the node with the collocate \
             `<collocate>` over the whole corpus; empty where the pair is not among the kept \
             collocates";
}

schema! {
    /// `framing_matrix.csv`: per document, the faction x dimension matrix (narrator voice).
    FRAMING_MATRIX = "framing_matrix.csv";
    row: "one faction with narrator-voice mentions in one document (the faction x dimension \
          matrix of mean narrator-voice scores, built with ndarray)";
    order: "document in corpus order, then faction in the lexicon's order";
    col "document" Text "document id";
    col "faction" Text "faction id";
    col "mentions" Integer "narrator-voice mentions";
    each "<dimension>" Float "mean narrator-voice score on the framing dimension `<dimension>`: one column per \
             dimension of the framing lexicon in use, in its order";
}

schema! {
    /// `schema.csv`: the columns and types of every table a run wrote (this one included).
    SCHEMA = "schema.csv";
    row: "one column of one table written by the run that wrote this file, with the columns \
          that depend on the run under their actual names (`corpus-lens schema` prints the \
          same layout for every table, with placeholders such as `<dimension>` instead)";
    order: "table in the order of this list, then position";
    col "table" Text "file name of the table in the output folder";
    col "column" Text "column name, as in the table's header";
    col "position" Integer "the column's place in the header, from 1";
    col "type" Text "`string`, `integer` (64-bit), `float` (empty when undefined) or `boolean` \
             (`true` or `false`)";
    col "description" Text "what the value means";
}

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
    &LEMMAS,
    &RELATIONS,
    &SENTIMENT,
    &FRAMING_MENTIONS,
    &FRAMING_SUMMARY,
    &FRAMING_TERMS,
    &FRAMING_MATRIX,
    &FACTION_ACTIONS,
    &FACTION_AGENCY,
    &KEYNESS,
    &COLLOC_COMPARE,
    &FRAMING_COMPARE,
    &EVALUATION,
    &SCHEMA,
];
