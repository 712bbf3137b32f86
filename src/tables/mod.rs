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

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

pub use crate::schema::*;

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

pub use crate::rows::{count_then_text_order, finite, Cell, Row};

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
                (15, "stance_terms")
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
