//! Where a run's tables go: a folder of files ([`OutputDir`]) or memory
//! ([`super::arrow_tables::ArrowTables`], for the Python package). The table-writing jobs
//! ([`super::jobs`]) write to any [`TableSink`], so the command line and the package run the
//! same code.

use std::io::Write;

use super::{Layout, OutputDir, Row, RowSink, Schema};
use crate::error::Result;

/// A destination for tables. Tables may be written from several threads at once.
///
/// ```
/// use corpus_lens::{freq::OcrRow, tables::{OutputDir, TableSink, OCR_SUSPECTS}};
/// fn empty_ocr_table(sink: &impl TableSink) -> corpus_lens::Result<()> {
///     sink.write(&OCR_SUSPECTS, Vec::<OcrRow>::new())
/// }
/// let dir = tempfile::tempdir()?;
/// let out = OutputDir::create(dir.path(), &[])?;
/// empty_ocr_table(&out)?;
/// out.commit()?;
/// assert!(dir.path().join("ocr_suspects.csv").exists());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait TableSink: Sync {
    /// Writes one table of rows of `schema`.
    ///
    /// ```
    /// use corpus_lens::{freq::OcrRow, tables::{OutputDir, TableSink, OCR_SUSPECTS}};
    /// let dir = tempfile::tempdir()?;
    /// let out = OutputDir::create(dir.path(), &[])?;
    /// TableSink::write(&out, &OCR_SUSPECTS, Vec::<OcrRow>::new())?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn write<R: Row>(&self, schema: &Schema, rows: impl IntoIterator<Item = R>) -> Result<()>;

    /// Writes a table whose columns depend on the run: `write` gives it as CSV (header
    /// included) with the columns of `layout`.
    ///
    /// ```
    /// use corpus_lens::tables::{OutputDir, TableSink, COOC_MATRIX};
    /// let dir = tempfile::tempdir()?;
    /// let out = OutputDir::create(dir.path(), &[])?;
    /// TableSink::write_with(&out, COOC_MATRIX.layout(&[]), |w| {
    ///     let io = |source| corpus_lens::Error::Io { path: "cooc_matrix.csv".into(), source };
    ///     w.write_all(b"node\n").map_err(io)
    /// })?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn write_with(
        &self,
        layout: Layout,
        write: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()>;

    /// Writes a table whose columns depend on the run: `fill` gives its rows cell by cell
    /// (no header) with the columns of `layout`, which the sink writes as text or as typed
    /// columns.
    ///
    /// ```
    /// use corpus_lens::tables::{CellSink, OutputDir, TableSink, COOC_MATRIX};
    /// let dir = tempfile::tempdir()?;
    /// let out = OutputDir::create(dir.path(), &[])?;
    /// TableSink::write_rows(&out, COOC_MATRIX.layout(&["land"]), |rows| {
    ///     rows.text("peace");
    ///     rows.float(3.0);
    ///     rows.end_row()
    /// })?;
    /// out.commit()?;
    /// let text = std::fs::read_to_string(dir.path().join("cooc_matrix.csv"))?;
    /// assert_eq!(text, "node,land\npeace,3.0\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn write_rows(
        &self,
        layout: Layout,
        fill: impl FnOnce(&mut dyn RowSink) -> Result<()>,
    ) -> Result<()>;
}

impl TableSink for OutputDir {
    fn write<R: Row>(&self, schema: &Schema, rows: impl IntoIterator<Item = R>) -> Result<()> {
        OutputDir::write(self, schema, rows)
    }

    fn write_with(
        &self,
        layout: Layout,
        write: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        OutputDir::write_with(self, layout, write)
    }

    fn write_rows(
        &self,
        layout: Layout,
        fill: impl FnOnce(&mut dyn RowSink) -> Result<()>,
    ) -> Result<()> {
        OutputDir::write_rows(self, layout, fill)
    }
}
