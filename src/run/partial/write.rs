//! Writing a partial file: the header, the word lists, then the documents one at a time,
//! into a temporary file that replaces the output only when complete.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

use super::body::{Lists, SavedDocument};
use super::header::{Header, MAGIC};

/// The folder a file is written in (`.` for a bare name).
fn folder(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn cbor_error(path: &Path, e: ciborium::ser::Error<std::io::Error>) -> Error {
    match e {
        ciborium::ser::Error::Io(e) => Error::io(path, e),
        ciborium::ser::Error::Value(m) => Error::Usage(format!("{}: {m}", path.display())),
    }
}

/// A partial file being written.
pub(super) struct PartialWriter {
    path: PathBuf,
    out: BufWriter<tempfile::NamedTempFile>,
}

impl PartialWriter {
    /// Starts `path` (in a temporary file beside it) with the header and the lists.
    pub(super) fn create(path: &Path, header: &Header, lists: &Lists) -> Result<PartialWriter> {
        let io = |e: std::io::Error| Error::io(path, e);
        let mut head = Vec::new();
        ciborium::into_writer(header, &mut head).map_err(|e| cbor_error(path, e))?;
        let file = tempfile::NamedTempFile::new_in(folder(path)).map_err(io)?;
        let mut out = BufWriter::with_capacity(1 << 16, file);
        out.write_all(MAGIC).map_err(io)?;
        out.write_all(&(head.len() as u64).to_le_bytes())
            .map_err(io)?;
        out.write_all(&head).map_err(io)?;
        let mut writer = PartialWriter {
            path: path.to_path_buf(),
            out,
        };
        writer.item(lists)?;
        Ok(writer)
    }

    /// Appends one CBOR item.
    pub(super) fn item<T: Serialize>(&mut self, item: &T) -> Result<()> {
        ciborium::into_writer(item, &mut self.out).map_err(|e| cbor_error(&self.path, e))
    }

    /// Appends bytes that are already CBOR items.
    fn raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.out
            .write_all(bytes)
            .map_err(|e| Error::io(&self.path, e))
    }

    /// Finishes the file and puts it in place.
    pub(super) fn finish(self) -> Result<()> {
        let path = self.path;
        let io = |e: std::io::Error| Error::io(&path, e);
        let file = self.out.into_inner().map_err(|e| io(e.into_error()))?;
        // A temporary file is private (0600); a partial is read like any output.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let readable = std::fs::Permissions::from_mode(0o644);
            file.as_file().set_permissions(readable).map_err(io)?;
        }
        file.persist(&path).map_err(|e| io(e.error))?;
        Ok(())
    }
}

/// Documents kept in a temporary file (beside the output) until every input has been
/// read, to be written in corpus order.
pub(super) struct Spool {
    /// The output, for errors.
    path: PathBuf,
    file: BufWriter<File>,
    at: u64,
    /// `(index in the corpus, id, offset, length)` of each document.
    entries: Vec<(u64, String, u64, u64)>,
    buf: Vec<u8>,
}

impl Spool {
    /// An empty spool for the output `path`.
    pub(super) fn new(path: &Path) -> Result<Spool> {
        let file = tempfile::tempfile_in(folder(path)).map_err(|e| Error::io(path, e))?;
        Ok(Spool {
            path: path.to_path_buf(),
            file: BufWriter::with_capacity(1 << 16, file),
            at: 0,
            entries: Vec::new(),
            buf: Vec::new(),
        })
    }

    /// Adds a document.
    pub(super) fn push(&mut self, document: &SavedDocument) -> Result<()> {
        self.buf.clear();
        ciborium::into_writer(document, &mut self.buf).map_err(|e| cbor_error(&self.path, e))?;
        self.file
            .write_all(&self.buf)
            .map_err(|e| Error::io(&self.path, e))?;
        let id = document.document.id.clone();
        let len = self.buf.len() as u64;
        self.entries.push((document.index, id, self.at, len));
        self.at += len;
        Ok(())
    }

    /// The documents' ids, in corpus order.
    pub(super) fn ids(&mut self) -> Vec<String> {
        self.entries.sort_unstable();
        self.entries.iter().map(|e| e.1.clone()).collect()
    }

    /// Copies the documents into `out`, in corpus order.
    pub(super) fn copy_into(mut self, out: &mut PartialWriter) -> Result<()> {
        let io = |e: std::io::Error| Error::io(&self.path, e);
        self.entries.sort_unstable();
        let mut file = self.file.into_inner().map_err(|e| io(e.into_error()))?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let mut at = 0;
        for (_, _, offset, len) in &self.entries {
            if *offset != at {
                reader.seek(SeekFrom::Start(*offset)).map_err(io)?;
            }
            self.buf.resize(*len as usize, 0);
            reader.read_exact(&mut self.buf).map_err(io)?;
            out.raw(&self.buf)?;
            at = offset + len;
        }
        Ok(())
    }
}
