//! Tables kept in memory as Arrow record batches (feature `parquet`): the [`TableSink`] of
//! the Python package, whose tables reach pandas without any CSV text (the tables of
//! [`TableSink::write_with`] only, a writer's own CSV, are read back from text).

use std::io::Write;
use std::sync::Mutex;

use arrow_array::RecordBatch;

use super::columnar::{csv_to_batch, BatchBuilder};
use super::{Layout, Row, RowSink, Schema, TableSink};
use crate::error::Result;

/// A run's tables in memory: one record batch per table, with the schema's types.
///
/// ```
/// use corpus_lens::{freq::OcrRow, tables::{arrow_tables::ArrowTables, TableSink, OCR_SUSPECTS}};
/// let tables = ArrowTables::new();
/// tables.write(&OCR_SUSPECTS, [OcrRow { document: "d".into(), token: "thc".into(), count: 1,
///     example: "thc".into(), reason: "known_misreading" }])?;
/// let tables = tables.into_tables();
/// assert_eq!(tables[0].0, "ocr_suspects");
/// assert_eq!(tables[0].1.num_rows(), 1);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct ArrowTables {
    tables: Mutex<Vec<(String, RecordBatch)>>,
}

impl ArrowTables {
    /// No tables yet.
    ///
    /// ```
    /// let tables = corpus_lens::tables::arrow_tables::ArrowTables::new();
    /// assert!(tables.into_tables().is_empty());
    /// ```
    pub fn new() -> ArrowTables {
        ArrowTables::default()
    }

    /// The tables written, by name (the file name without `.csv`: `freq`), in name order.
    ///
    /// ```
    /// use corpus_lens::{freq::OcrRow, tables::{arrow_tables::ArrowTables, TableSink, OCR_SUSPECTS}};
    /// let tables = ArrowTables::new();
    /// tables.write(&OCR_SUSPECTS, Vec::<OcrRow>::new())?;
    /// assert_eq!(tables.into_tables()[0].1.num_columns(), 5);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn into_tables(self) -> Vec<(String, RecordBatch)> {
        let mut tables = self.tables.into_inner().unwrap_or_else(|p| p.into_inner());
        tables.sort_by(|a, b| a.0.cmp(&b.0));
        tables
    }

    fn keep(&self, layout: &Layout, batch: RecordBatch) {
        let name = layout.file.strip_suffix(".csv").unwrap_or(layout.file);
        self.tables
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push((name.to_string(), batch));
    }
}

impl TableSink for ArrowTables {
    fn write<R: Row>(&self, schema: &Schema, rows: impl IntoIterator<Item = R>) -> Result<()> {
        let layout = schema.layout(&[]);
        let mut batch = BatchBuilder::new(&layout);
        for row in rows {
            batch.push(&row);
        }
        self.keep(&layout, batch.finish()?);
        Ok(())
    }

    fn write_with(
        &self,
        layout: Layout,
        write: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        // These tables' writers make CSV rows, read back by the layout's types (exact: a
        // float's text reads back to the same f64), as for Parquet.
        let mut csv = Vec::new();
        write(&mut csv)?;
        self.keep(&layout, csv_to_batch(&csv, &layout)?);
        Ok(())
    }

    fn write_rows(
        &self,
        layout: Layout,
        fill: impl FnOnce(&mut dyn RowSink) -> Result<()>,
    ) -> Result<()> {
        // Typed columns straight from the rows' values, no text in between.
        let mut batch = BatchBuilder::new(&layout);
        fill(&mut batch)?;
        self.keep(&layout, batch.finish()?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyses::collocate;
    use crate::framing::summary::{self, DocumentFraming};
    use crate::run::options::RunOptions;
    use crate::tables::columnar::csv_to_batch;

    /// The one batch `fill` gives through [`TableSink::write_rows`].
    fn direct(layout: Layout, fill: impl FnOnce(&mut dyn RowSink) -> Result<()>) -> RecordBatch {
        let sink = ArrowTables::new();
        sink.write_rows(layout, fill).unwrap();
        sink.into_tables().remove(0).1
    }

    #[test]
    fn typed_rows_equal_the_csv_read_by_the_schema_types() {
        let framer = RunOptions::default().framer().unwrap();
        let mut doc = DocumentFraming::default();
        let text = "The treacherous Mensheviks betrayed the workers. The Bolsheviks, \
                    brave and honest, led the \"Red\" Guards, and we, the Bolsheviks, won.";
        doc.add(12, Some(framer.score_text(text)));
        let docs = [("memoir, one".to_string(), doc)];

        let layout = summary::mention_layout(&framer);
        let mut csv = Vec::new();
        summary::write_mentions(&mut csv, &framer, &docs).unwrap();
        let batch = direct(layout.clone(), |rows| {
            summary::put_mentions(rows, &framer, &docs)
        });
        assert!(batch.num_rows() >= 3, "{} mentions", batch.num_rows());
        assert_eq!(batch, csv_to_batch(&csv, &layout).unwrap());

        let layout = summary::matrix_layout(&framer);
        let mut csv = Vec::new();
        summary::write_matrix(&mut csv, &framer, &docs).unwrap();
        let batch = direct(layout.clone(), |rows| {
            summary::put_matrix(rows, &framer, &docs)
        });
        assert!(batch.num_rows() >= 2);
        assert_eq!(batch, csv_to_batch(&csv, &layout).unwrap());

        let (nodes, collocates) = (
            vec!["soviet".to_string(), "land, \"bread\"".to_string()],
            vec!["power".to_string(), "peace".to_string()],
        );
        let m = ndarray::arr2(&[[1.5, f64::NAN], [1e-7, 3.0]]);
        let layout = collocate::cooc_layout(&collocates);
        let mut csv = Vec::new();
        collocate::write_cooc_matrix(&mut csv, &nodes, &collocates, &m).unwrap();
        let batch = direct(layout.clone(), |rows| {
            collocate::put_cooc_matrix(rows, &nodes, &m)
        });
        assert_eq!(batch.column(2).null_count(), 1, "the NaN cell is missing");
        assert_eq!(batch, csv_to_batch(&csv, &layout).unwrap());
    }
}
