//! Tables as Arrow record batches and Parquet files (feature `parquet`).
//!
//! A row gives its cells to a [`BatchBuilder`] through [`CellSink`], typed by the column's
//! declared [`ColumnType`] (`string` -> Utf8, `integer` -> Int64, `float` -> Float64,
//! `boolean` -> Boolean; every column nullable, as an empty CSV cell is a missing value). The
//! values are those of the CSV table, not its text: a float is the same `f64`.
//! [`ParquetTable`] writes the batches to a Parquet file, Snappy-compressed, in row groups
//! of [`ROWS_PER_BATCH`] rows, so memory stays bounded whatever the table's length; its
//! bytes depend only on the rows (no time stamp), so they are the same at any thread count.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema as ArrowSchema};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::error::{Error, Result};
use crate::rows::{CellSink, Row, RowSink};
use crate::schema::{ColumnType, Layout};

/// Rows per record batch and Parquet row group.
pub const ROWS_PER_BATCH: usize = 1 << 16;

enum Builder {
    Text(StringBuilder),
    Integer(Int64Builder),
    Float(Float64Builder),
    Boolean(BooleanBuilder),
}

impl Builder {
    fn new(kind: ColumnType) -> Builder {
        match kind {
            ColumnType::String => Builder::Text(StringBuilder::new()),
            ColumnType::Integer => Builder::Integer(Int64Builder::new()),
            ColumnType::Float => Builder::Float(Float64Builder::new()),
            ColumnType::Boolean => Builder::Boolean(BooleanBuilder::new()),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Integer(b) => Arc::new(b.finish()),
            Builder::Float(b) => Arc::new(b.finish()),
            Builder::Boolean(b) => Arc::new(b.finish()),
        }
    }
}

/// The Arrow schema of a table as a run writes it.
///
/// ```
/// use corpus_lens::tables::{columnar::arrow_schema, FREQ};
/// let schema = arrow_schema(&FREQ.layout(&[]));
/// assert_eq!(schema.field(0).name(), "word");
/// assert_eq!(schema.field(1).data_type(), &arrow_schema::DataType::Int64);
/// ```
pub fn arrow_schema(layout: &Layout) -> ArrowSchema {
    let fields: Vec<Field> = layout
        .columns
        .iter()
        .map(|c| {
            let kind = match c.kind {
                ColumnType::String => DataType::Utf8,
                ColumnType::Integer => DataType::Int64,
                ColumnType::Float => DataType::Float64,
                ColumnType::Boolean => DataType::Boolean,
            };
            Field::new(c.name.clone(), kind, true)
        })
        .collect();
    ArrowSchema::new(fields)
}

/// Builds record batches from rows, one typed column builder per column.
///
/// ```
/// use corpus_lens::freq::OcrRow;
/// use corpus_lens::tables::{columnar::BatchBuilder, OCR_SUSPECTS};
/// let mut batch = BatchBuilder::new(&OCR_SUSPECTS.layout(&[]));
/// batch.push(&OcrRow { document: "reed".into(), token: "thc".into(), count: 3,
///     example: "in thc street".into(), reason: "known_misreading" });
/// let batch = batch.finish()?;
/// assert_eq!((batch.num_rows(), batch.num_columns()), (1, 5));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub struct BatchBuilder {
    file: &'static str,
    schema: Arc<ArrowSchema>,
    builders: Vec<Builder>,
    column: usize,
    rows: usize,
    fault: Option<String>,
}

impl BatchBuilder {
    /// A builder for the columns of `layout`.
    ///
    /// ```
    /// use corpus_lens::tables::{columnar::BatchBuilder, FREQ};
    /// assert_eq!(BatchBuilder::new(&FREQ.layout(&[])).rows(), 0);
    /// ```
    pub fn new(layout: &Layout) -> BatchBuilder {
        BatchBuilder {
            file: layout.file,
            schema: Arc::new(arrow_schema(layout)),
            builders: layout
                .columns
                .iter()
                .map(|c| Builder::new(c.kind))
                .collect(),
            column: 0,
            rows: 0,
            fault: None,
        }
    }

    /// Appends one row.
    ///
    /// ```
    /// use corpus_lens::freq::OcrRow;
    /// use corpus_lens::tables::{columnar::BatchBuilder, OCR_SUSPECTS};
    /// let mut batch = BatchBuilder::new(&OCR_SUSPECTS.layout(&[]));
    /// let row = OcrRow { document: "d".into(), token: "thc".into(), count: 1,
    ///     example: "thc".into(), reason: "known_misreading" };
    /// batch.push(&row);
    /// batch.push(&row);
    /// assert_eq!(batch.rows(), 2);
    /// ```
    pub fn push<R: Row>(&mut self, row: &R) {
        row.put_fields(self);
        self.end_row();
    }

    /// Ends a row whose cells were given one by one through [`CellSink`].
    ///
    /// ```
    /// use corpus_lens::tables::{columnar::BatchBuilder, CellSink, COOC_MATRIX};
    /// let mut batch = BatchBuilder::new(&COOC_MATRIX.layout(&["land"]));
    /// batch.text("peace");
    /// batch.float(3.0);
    /// batch.end_row();
    /// assert_eq!(batch.finish()?.num_rows(), 1);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn end_row(&mut self) {
        if self.column != self.builders.len() && self.fault.is_none() {
            self.fault = Some(format!(
                "row {} has {} cells for {} columns",
                self.rows + 1,
                self.column,
                self.builders.len()
            ));
        }
        self.column = 0;
        self.rows += 1;
    }

    /// Rows appended since the last [`BatchBuilder::finish`].
    ///
    /// ```
    /// use corpus_lens::tables::{columnar::BatchBuilder, FREQ};
    /// assert_eq!(BatchBuilder::new(&FREQ.layout(&[])).rows(), 0);
    /// ```
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The rows appended so far as a record batch; the builder starts again empty. An error
    /// when a row gave a cell of another type than its column's, or too few or many cells
    /// (a fault of the row type, reported rather than written).
    ///
    /// ```
    /// use corpus_lens::tables::{columnar::BatchBuilder, CellSink, COOC_MATRIX};
    /// let mut batch = BatchBuilder::new(&COOC_MATRIX.layout(&["land"]));
    /// batch.text("peace");
    /// batch.text("three"); // a float column
    /// batch.end_row();
    /// assert!(batch.finish().is_err());
    /// ```
    pub fn finish(&mut self) -> Result<RecordBatch> {
        if let Some(fault) = self.fault.take() {
            return Err(data_error(self.file, fault));
        }
        let columns: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        self.rows = 0;
        RecordBatch::try_new(self.schema.clone(), columns)
            .map_err(|e| data_error(self.file, e.to_string()))
    }

    /// The builder of the next cell, or `None` (and a fault noted) past the last column.
    fn next(&mut self) -> Option<&mut Builder> {
        let at = self.column;
        self.column += 1;
        if at >= self.builders.len() {
            self.fault
                .get_or_insert_with(|| format!("row {} has too many cells", self.rows + 1));
            return None;
        }
        Some(&mut self.builders[at])
    }

    fn mismatch(&mut self, given: &str) {
        let column = self.column;
        let rows = self.rows;
        self.fault
            .get_or_insert_with(|| format!("row {}, column {column}: a {given} cell", rows + 1));
    }
}

impl CellSink for BatchBuilder {
    fn text(&mut self, value: &str) {
        match self.next() {
            Some(Builder::Text(b)) => b.append_value(value),
            Some(_) => self.mismatch("string"),
            None => {}
        }
    }

    fn integer(&mut self, value: i64) {
        match self.next() {
            Some(Builder::Integer(b)) => b.append_value(value),
            // An integer in a float column is exact below 2^53, as in the CSV's readers.
            Some(Builder::Float(b)) => b.append_value(value as f64),
            Some(_) => self.mismatch("integer"),
            None => {}
        }
    }

    fn float(&mut self, value: f64) {
        match self.next() {
            Some(Builder::Float(b)) => b.append_value(value),
            Some(_) => self.mismatch("float"),
            None => {}
        }
    }

    fn boolean(&mut self, value: bool) {
        match self.next() {
            Some(Builder::Boolean(b)) => b.append_value(value),
            Some(_) => self.mismatch("boolean"),
            None => {}
        }
    }

    fn null(&mut self) {
        match self.next() {
            Some(Builder::Text(b)) => b.append_null(),
            Some(Builder::Integer(b)) => b.append_null(),
            Some(Builder::Float(b)) => b.append_null(),
            Some(Builder::Boolean(b)) => b.append_null(),
            None => {}
        }
    }
}

/// A Parquet file being written: rows in, record batches of [`ROWS_PER_BATCH`] rows out.
///
/// ```
/// use corpus_lens::freq::OcrRow;
/// use corpus_lens::tables::{columnar::ParquetTable, OCR_SUSPECTS};
/// let mut bytes = Vec::new();
/// let mut table = ParquetTable::new(&mut bytes, &OCR_SUSPECTS.layout(&[]))?;
/// table.push(&OcrRow { document: "d".into(), token: "thc".into(), count: 1,
///     example: "thc".into(), reason: "known_misreading" })?;
/// table.finish()?;
/// assert_eq!(&bytes[..4], b"PAR1");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub struct ParquetTable<W: Write + Send> {
    writer: ArrowWriter<W>,
    batch: BatchBuilder,
    path: PathBuf,
}

impl<W: Write + Send> ParquetTable<W> {
    /// Starts a Parquet file with the columns of `layout`.
    ///
    /// ```
    /// use corpus_lens::tables::{columnar::ParquetTable, FREQ};
    /// let table = ParquetTable::new(Vec::new(), &FREQ.layout(&[]))?;
    /// table.finish()?; // a valid file with no rows
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn new(out: W, layout: &Layout) -> Result<ParquetTable<W>> {
        let path = PathBuf::from(parquet_name(layout.file));
        let batch = BatchBuilder::new(layout);
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROWS_PER_BATCH))
            .set_created_by(format!("corpus-lens {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = ArrowWriter::try_new(out, batch.schema.clone(), Some(properties))
            .map_err(|e| parquet_error(&path, e))?;
        Ok(ParquetTable {
            writer,
            batch,
            path,
        })
    }

    /// Appends a row.
    ///
    /// ```
    /// use corpus_lens::freq::OcrRow;
    /// use corpus_lens::tables::{columnar::ParquetTable, OCR_SUSPECTS};
    /// let mut table = ParquetTable::new(Vec::new(), &OCR_SUSPECTS.layout(&[]))?;
    /// table.push(&OcrRow { document: "d".into(), token: "thc".into(), count: 1,
    ///     example: "thc".into(), reason: "known_misreading" })?;
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn push<R: Row>(&mut self, row: &R) -> Result<()> {
        self.batch.push(row);
        self.flush_full()
    }

    /// The builder, for a row given cell by cell ([`CellSink`]); end it with
    /// [`ParquetTable::end_row`].
    ///
    /// ```
    /// use corpus_lens::tables::{columnar::ParquetTable, CellSink, COOC_MATRIX};
    /// let mut table = ParquetTable::new(Vec::new(), &COOC_MATRIX.layout(&["land"]))?;
    /// table.cells().text("peace");
    /// table.cells().float(3.0);
    /// table.end_row()?;
    /// table.finish()?;
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn cells(&mut self) -> &mut BatchBuilder {
        &mut self.batch
    }

    /// Ends a row given through [`ParquetTable::cells`].
    ///
    /// ```
    /// use corpus_lens::tables::{columnar::ParquetTable, CellSink, COOC_MATRIX};
    /// let mut table = ParquetTable::new(Vec::new(), &COOC_MATRIX.layout(&[]))?;
    /// table.cells().text("peace");
    /// table.end_row()?;
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn end_row(&mut self) -> Result<()> {
        self.batch.end_row();
        self.flush_full()
    }

    fn flush_full(&mut self) -> Result<()> {
        if self.batch.rows() >= ROWS_PER_BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        let batch = self.batch.finish()?;
        self.writer
            .write(&batch)
            .map_err(|e| parquet_error(&self.path, e))
    }

    /// Writes the last rows and the file's footer; returns the output.
    ///
    /// ```
    /// use corpus_lens::tables::{columnar::ParquetTable, FREQ};
    /// let bytes = ParquetTable::new(Vec::new(), &FREQ.layout(&[]))?.finish()?;
    /// assert!(bytes.ends_with(b"PAR1"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn finish(mut self) -> Result<W> {
        if self.batch.rows() > 0 {
            self.flush()?;
        }
        self.writer
            .into_inner()
            .map_err(|e| parquet_error(&self.path, e))
    }
}

impl RowSink for BatchBuilder {
    fn end_row(&mut self) -> Result<()> {
        BatchBuilder::end_row(self);
        Ok(())
    }
}

impl<W: Write + Send> CellSink for ParquetTable<W> {
    fn text(&mut self, value: &str) {
        self.batch.text(value);
    }
    fn integer(&mut self, value: i64) {
        self.batch.integer(value);
    }
    fn float(&mut self, value: f64) {
        self.batch.float(value);
    }
    fn boolean(&mut self, value: bool) {
        self.batch.boolean(value);
    }
    fn null(&mut self) {
        self.batch.null();
    }
}

impl<W: Write + Send> RowSink for ParquetTable<W> {
    fn end_row(&mut self) -> Result<()> {
        ParquetTable::end_row(self)
    }
}

/// A Parquet error, as an I/O error of the file where it is one (a full disk), else a data
/// error naming it.
fn parquet_error(path: &std::path::Path, e: parquet::errors::ParquetError) -> Error {
    match e {
        parquet::errors::ParquetError::External(inner) => {
            match inner.downcast::<std::io::Error>() {
                Ok(io) => Error::io(path, *io),
                Err(other) => data_error(path, other.to_string()),
            }
        }
        other => data_error(path, other.to_string()),
    }
}

fn data_error(path: impl Into<PathBuf>, message: String) -> Error {
    Error::Data {
        path: path.into(),
        line: 0,
        message,
    }
}

/// The Parquet file name of a table: `freq.csv` -> `freq.parquet`.
///
/// ```
/// assert_eq!(corpus_lens::tables::columnar::parquet_name("freq.csv"), "freq.parquet");
/// ```
pub fn parquet_name(file: &str) -> String {
    match file.strip_suffix(".csv") {
        Some(stem) => format!("{stem}.parquet"),
        None => format!("{file}.parquet"),
    }
}

/// Writes a table given as CSV bytes (header included) to a Parquet file, each cell read by
/// its column's type: an empty cell is missing (an empty string in a string column),
/// `true`/`false` a boolean.
///
/// ```
/// use corpus_lens::tables::{columnar::csv_to_parquet, COOC_MATRIX};
/// let mut bytes = Vec::new();
/// csv_to_parquet(b"node,land\npeace,3\n", &COOC_MATRIX.layout(&["land"]), &mut bytes)?;
/// assert_eq!(&bytes[..4], b"PAR1");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn csv_to_parquet<W: Write + Send>(csv: &[u8], layout: &Layout, out: W) -> Result<()> {
    let mut table = ParquetTable::new(out, layout)?;
    each_csv_record(csv, layout, |record, line| {
        put_csv_record(record, layout, line, table.cells())?;
        table.end_row()
    })?;
    table.finish().map(drop)
}

/// A table given as CSV bytes (header included) as one record batch, each cell read by its
/// column's type as [`csv_to_parquet`] reads it.
///
/// ```
/// use corpus_lens::tables::{columnar::csv_to_batch, COOC_MATRIX};
/// let batch = csv_to_batch(b"node,land\npeace,3\nwar,\n", &COOC_MATRIX.layout(&["land"]))?;
/// assert_eq!((batch.num_rows(), batch.column(1).null_count()), (2, 1));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn csv_to_batch(csv: &[u8], layout: &Layout) -> Result<RecordBatch> {
    let mut batch = BatchBuilder::new(layout);
    each_csv_record(csv, layout, |record, line| {
        put_csv_record(record, layout, line, &mut batch)?;
        batch.end_row();
        Ok(())
    })?;
    batch.finish()
}

/// Calls `row` with each record of `csv` after the header, and its line (from 2).
fn each_csv_record(
    csv: &[u8],
    layout: &Layout,
    mut row: impl FnMut(&csv::StringRecord, u64) -> Result<()>,
) -> Result<()> {
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(csv);
    let mut record = csv::StringRecord::new();
    let mut line = 1u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => line += 1,
            Err(e) => return Err(data_error(layout.file, e.to_string())),
        }
        row(&record, line)?;
    }
}

/// Gives the cells of one CSV record to `cells`, each read by its column's type.
fn put_csv_record(
    record: &csv::StringRecord,
    layout: &Layout,
    line: u64,
    cells: &mut BatchBuilder,
) -> Result<()> {
    for (cell, column) in record.iter().zip(&layout.columns) {
        // A string stays a string (an empty one too); elsewhere empty is missing.
        if column.kind == ColumnType::String {
            cells.text(cell);
            continue;
        }
        if cell.is_empty() {
            cells.null();
            continue;
        }
        let bad = || {
            data_error(
                layout.file,
                format!("line {line}: {cell:?} is not a {}", column.kind.as_str()),
            )
        };
        match column.kind {
            ColumnType::String => cells.text(cell),
            ColumnType::Integer => cells.integer(cell.parse().map_err(|_| bad())?),
            ColumnType::Float => cells.float(cell.parse().map_err(|_| bad())?),
            ColumnType::Boolean => cells.boolean(cell.parse().map_err(|_| bad())?),
        }
    }
    Ok(())
}
