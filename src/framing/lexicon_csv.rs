//! Reading a CSV lexicon (the verb lexicon, the agency and power lexicon): columns found by
//! name in the header, records with their lines, errors naming the file and line.

use std::path::Path;

use crate::error::{Error, Result};

/// A data error at `line` of `path`.
pub(crate) fn fail(path: &Path, line: u64, message: String) -> Error {
    Error::Data {
        path: path.to_path_buf(),
        line,
        message,
    }
}

/// A CSV lexicon being read: rows of any length (a short row's missing cells are empty),
/// `#` lines skipped where asked.
pub(crate) struct LexiconCsv<'a> {
    path: &'a Path,
    reader: csv::Reader<&'a [u8]>,
    header: csv::StringRecord,
}

impl<'a> LexiconCsv<'a> {
    /// The lexicon `text` of the file `path`; with `comments`, lines starting with `#` are
    /// skipped.
    pub(crate) fn new(text: &'a str, path: &'a Path, comments: bool) -> Result<LexiconCsv<'a>> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .comment(comments.then_some(b'#'))
            .from_reader(text.as_bytes());
        let header = reader
            .headers()
            .map_err(|e| fail(path, 1, format!("unreadable header: {e}")))?
            .clone();
        Ok(LexiconCsv {
            path,
            reader,
            header,
        })
    }

    /// The positions of the columns `names`; an error naming the first missing one and the
    /// columns the header must have (`required`).
    pub(crate) fn columns<const N: usize>(
        &self,
        names: [&str; N],
        required: &str,
    ) -> Result<[usize; N]> {
        let mut at = [0; N];
        for (slot, name) in at.iter_mut().zip(names) {
            *slot = self
                .header
                .iter()
                .position(|h| h.trim() == name)
                .ok_or_else(|| {
                    fail(
                        self.path,
                        1,
                        format!("no `{name}` column; the header must have {required}"),
                    )
                })?;
        }
        Ok(at)
    }

    /// Calls `row` with each record's cells and its line.
    pub(crate) fn for_each(
        mut self,
        mut row: impl FnMut(Cells<'_>, u64) -> Result<()>,
    ) -> Result<()> {
        for record in self.reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                fail(self.path, line, format!("malformed CSV: {e}"))
            })?;
            let line = record.position().map_or(0, |p| p.line());
            row(Cells(&record), line)?;
        }
        Ok(())
    }
}

/// The cells of one record.
#[derive(Clone, Copy)]
pub(crate) struct Cells<'r>(&'r csv::StringRecord);

impl<'r> Cells<'r> {
    /// Cell `i`, trimmed (`""` past the record's end).
    pub(crate) fn get(self, i: usize) -> &'r str {
        self.0.get(i).unwrap_or("").trim()
    }
}
