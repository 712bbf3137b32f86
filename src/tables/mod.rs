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
//! Files are written atomically, and a run's tables as a set: each table goes to a temporary
//! file in the output folder, and only when all tables of a run are written are they put in
//! place, all at once ([`OutputDir::commit`], `commit.rs`). A run that fails at any point, the
//! commit included, leaves the previous tables as they were; a run killed during its commit
//! leaves a journal, and the next run into the folder puts the previous tables back first.

use std::io::Write;
use std::path::PathBuf;

use crate::error::{Error, Result};

pub use crate::schema::*;

#[cfg(feature = "parquet")]
pub mod arrow_tables;
#[cfg(feature = "parquet")]
pub mod columnar;
mod commit;
mod file;
pub mod jobs;
mod output;
mod sink;

pub use file::{check_not_input, names_a_file, write_file_atomically, write_table_file};
pub use output::{Format, OutputDir};
pub use sink::TableSink;

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
    fn put_fields(&self, sink: &mut dyn crate::rows::CellSink) {
        sink.text(self.table);
        sink.text(self.column);
        self.position.put(sink);
        sink.text(self.kind.as_str());
        sink.text(self.description);
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
        // A table in another format (`freq.parquet`) ranks as its CSV name does.
        let stem = |f: &str| f.rsplit_once('.').map_or(f, |(stem, _)| stem).to_string();
        let rank = ALL.iter().position(|s| stem(s.file) == stem(l.file));
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

pub use crate::rows::{count_then_text_order, finite, Cell, CellSink, CsvRows, Row, RowSink};

/// Writes a header and rows as CSV to any writer (used for standard output).
///
/// ```
/// use corpus_lens::tables::{write_csv, FREQ};
/// use corpus_lens::freq::FreqRow;
/// let row = FreqRow { word: "soviet".into(), freq: 2, per_million: Some(0.5), range: 2,
///     range_pct: Some(50.0), n_documents: 1, dp: Some(0.0), dp_norm: None, juilland_d: None };
/// // Rows of another table: an error.
/// assert!(write_csv(Vec::new(), &corpus_lens::tables::STEMS, [row.clone()]).unwrap_err().is_usage());
/// let mut out = Vec::new();
/// write_csv(&mut out, &FREQ, [row])?;
/// assert_eq!(String::from_utf8(out).unwrap(),
///     "word,freq,per_million,range,range_pct,n_documents,dp,dp_norm,juilland_d\n\
///      soviet,2,0.5,2,50.0,1,0.0,,\n");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// # Errors
///
/// `Error::Usage` if the row type's columns are not the schema's; else a write error.
pub fn write_csv<W: Write, R: Row>(
    mut writer: W,
    schema: &Schema,
    rows: impl IntoIterator<Item = R>,
) -> Result<()> {
    let path = PathBuf::from(schema.file);
    if R::COLUMNS != schema.column_names().as_slice() {
        return Err(Error::Usage(format!(
            "{}: the rows' columns {:?} are not the schema's {:?}",
            schema.file,
            R::COLUMNS,
            schema.column_names()
        )));
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyses::freq::{FreqByDocumentRow, FreqRow, OcrRow, StemRow, SummaryRow};

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
        let lemma = crate::analyses::lemmas::LemmaRow::of(freq.clone(), "NOUN", 1, "l:1".into());
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
        assert_eq!(serde_header(lemma), LEMMAS.column_names());
        let relation = crate::analyses::sketch::RelationRow {
            document: "d".into(),
            node: "n".into(),
            relation: "subject_of".into(),
            collocate: "c".into(),
            count: 1,
            f_node_relation: 1,
            f_collocate_relation: 1,
            log_dice: f,
            first_document: "d".into(),
            line: 1,
            byte_offset: 0,
            page: String::new(),
        };
        assert_eq!(serde_header(relation), RELATIONS.column_names());
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
            chapters: 1,
            paragraph_layout: "line",
            split_paragraphs: 0,
        };
        assert_eq!(serde_header(summary), CORPUS_SUMMARY.column_names());
        let excluded = crate::analyses::freq::ExcludedRow {
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
        let readme = include_str!("../../docs/tables.md");
        let generated = schema_markdown();
        assert!(
            readme.contains(&generated),
            "docs/tables.md is out of date: replace the text between its markers with \
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
                (12, "terms"),
                (13, "stance"),
                (14, "stance_score"),
                (15, "stance_terms"),
                (16, "line"),
                (17, "page"),
                (18, "stance_score_words")
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
        let text = std::fs::read_to_string(dir.path().join("schema.csv")).unwrap();
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
