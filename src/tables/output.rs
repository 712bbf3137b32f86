//! The output folder: tables written to temporary files, then committed all at once (see
//! `commit.rs` for how).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::NamedTempFile;

use super::commit::{self, Entry, Lock};
use super::{schema_rows, write_csv, CsvRows, Layout, Row, RowSink, Schema, ALL, SCHEMA};
use crate::error::{Error, Result};

/// An output folder whose tables are replaced all at once, only when all of them are written:
/// a run that fails, the commit included, leaves the previous tables as they were. On
/// [`OutputDir::commit`] it also writes `schema.csv` ([`SCHEMA`]), listing the columns of
/// every table written (itself included), so the file always matches the run's tables. From
/// [`OutputDir::create`] to the end of the commit the run holds a lock on the folder: a second
/// run into it fails at once with [`Error::OutputLocked`].
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
    format: Format,
    inputs: Vec<PathBuf>,
    pending: Mutex<Vec<Pending>>,
    /// Held until the commit ends (or the run fails and drops the folder).
    _lock: Lock,
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

/// The file format of the tables: CSV (the default), or Parquet with the `parquet` feature.
///
/// ```
/// assert_eq!(corpus_lens::tables::Format::default(), corpus_lens::tables::Format::Csv);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    /// RFC 4180 CSV, `<table>.csv`.
    #[default]
    Csv,
    /// Apache Parquet with the schema's types, `<table>.parquet` (see [`super::columnar`]).
    #[cfg(feature = "parquet")]
    Parquet,
}

impl Format {
    /// The file name of `file` (a schema's `.csv` name) in this format.
    ///
    /// ```
    /// use corpus_lens::tables::Format;
    /// assert_eq!(Format::Csv.file_name("freq.csv"), "freq.csv");
    /// ```
    pub fn file_name(self, file: &'static str) -> &'static str {
        match self {
            Format::Csv => file,
            #[cfg(feature = "parquet")]
            Format::Parquet => interned(super::columnar::parquet_name(file)),
        }
    }
}

/// `name` as a `&'static str`, leaked once per distinct name (a few dozen table names).
#[cfg(feature = "parquet")]
fn interned(name: String) -> &'static str {
    use std::collections::HashSet;
    static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut names = NAMES.lock().unwrap_or_else(|p| p.into_inner());
    let names = names.get_or_insert_with(HashSet::new);
    if let Some(&known) = names.get(name.as_str()) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.into_boxed_str());
    names.insert(leaked);
    leaked
}

impl OutputDir {
    /// Creates the folder if needed and takes its lock (an error if another run holds it).
    /// If a run into the folder was killed during its commit, puts its previous tables back;
    /// then removes the temporary tables (`.<table>.<random>.tmp`) that killed runs left.
    /// `inputs` are the files read by the run: a table that would replace one of them is an
    /// error.
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
        OutputDir::create_as(dir, inputs, Format::Csv)
    }

    /// [`OutputDir::create`], for tables in `format` (`schema.csv` stays CSV: it is the
    /// folder's index, and names the tables' files).
    ///
    /// ```
    /// use corpus_lens::{freq::OcrRow, tables::{Format, OutputDir, OCR_SUSPECTS}};
    /// let dir = tempfile::tempdir()?;
    /// let out = OutputDir::create_as(dir.path(), &[], Format::Parquet)?;
    /// out.write(&OCR_SUSPECTS, Vec::<OcrRow>::new())?;
    /// out.commit()?;
    /// assert!(dir.path().join("ocr_suspects.parquet").exists());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create_as(dir: &Path, inputs: &[PathBuf], format: Format) -> Result<OutputDir> {
        if dir == Path::new("-") {
            return Err(Error::Usage(
                "--out -: this command writes several tables, into a folder; give a folder \
                 name (`--out -` is standard output for the commands that write one table)"
                    .into(),
            ));
        }
        if dir.exists() && !dir.is_dir() {
            let msg = format!(
                "{}: --out must be a folder, and this is a file",
                dir.display()
            );
            return Err(Error::Usage(msg));
        }
        // A new folder named like a table file is a mistake: the tables would go into
        // `tables.csv/freq.csv`.
        let extension = super::file::extension_of(dir);
        if !dir.exists() && (extension == "csv" || extension == "parquet") {
            let msg = format!(
                "{}: --out is the folder the tables go into (with schema.csv), and this name \
                 ends in .{extension} like a file; give a folder name",
                dir.display()
            );
            return Err(Error::Usage(msg));
        }
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let lock = Lock::acquire(dir)?;
        if lock.held() {
            commit::recover(dir)?;
            let names = ALL.iter().flat_map(|s| [s.file, format.file_name(s.file)]);
            commit::remove_orphans(dir, names)?;
        }
        let inputs = inputs
            .iter()
            .filter_map(|p| fs::canonicalize(p).ok())
            .collect();
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            format,
            inputs,
            pending: Mutex::new(Vec::new()),
            _lock: lock,
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
        match self.format {
            Format::Csv => {
                self.write_file(schema.layout(&[]), |file| write_csv(file, schema, rows))
            }
            #[cfg(feature = "parquet")]
            Format::Parquet => self.write_parquet(schema.layout(&[]), |table| {
                for row in rows {
                    table.push(&row)?;
                }
                Ok(())
            }),
        }
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
        write: impl FnOnce(&mut dyn std::io::Write) -> Result<()>,
    ) -> Result<()> {
        match self.format {
            Format::Csv => self.write_file(layout, |file| write(file)),
            #[cfg(feature = "parquet")]
            Format::Parquet => {
                // These tables' writers make CSV rows; their cells are read back by the
                // layout's types (exact: a float's text reads back to the same f64).
                let mut csv = Vec::new();
                write(&mut csv)?;
                let file = self.format.file_name(layout.file);
                let parquet_layout = Layout {
                    file,
                    ..layout.clone()
                };
                self.write_file(parquet_layout, |out| {
                    super::columnar::csv_to_parquet(&csv, &layout, out)
                })
            }
        }
    }

    /// Writes a table whose columns depend on the run, its rows given cell by cell by
    /// `fill` (see [`super::TableSink::write_rows`]); the header is `layout`'s.
    ///
    /// ```
    /// use corpus_lens::tables::{CellSink, OutputDir, COOC_MATRIX};
    /// let dir = tempfile::tempdir()?;
    /// let out = OutputDir::create(dir.path(), &[])?;
    /// out.write_rows(COOC_MATRIX.layout(&["land"]), |rows| {
    ///     rows.text("peace");
    ///     rows.null();
    ///     rows.end_row()
    /// })?;
    /// out.commit()?;
    /// let text = std::fs::read_to_string(dir.path().join("cooc_matrix.csv"))?;
    /// assert_eq!(text, "node,land\npeace,\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_rows(
        &self,
        layout: Layout,
        fill: impl FnOnce(&mut dyn RowSink) -> Result<()>,
    ) -> Result<()> {
        match self.format {
            Format::Csv => {
                let file = layout.file;
                let mut header = Vec::new();
                layout.write_header(&mut header);
                self.write_file(layout, |out| {
                    let mut rows = CsvRows::new(out, file);
                    rows.raw(&header);
                    fill(&mut rows)?;
                    rows.finish()
                })
            }
            #[cfg(feature = "parquet")]
            Format::Parquet => self.write_parquet(layout, |table| fill(table)),
        }
    }

    /// Writes the Parquet file of `layout`, its rows given by `fill`.
    #[cfg(feature = "parquet")]
    fn write_parquet(
        &self,
        layout: Layout,
        fill: impl FnOnce(&mut super::columnar::ParquetTable<&mut std::fs::File>) -> Result<()>,
    ) -> Result<()> {
        let parquet_layout = Layout {
            file: self.format.file_name(layout.file),
            ..layout.clone()
        };
        self.write_file(parquet_layout, |out| {
            let mut table = super::columnar::ParquetTable::new(out, &layout)?;
            fill(&mut table)?;
            table.finish().map(drop)
        })
    }

    /// Writes the file of `layout` with `write` into a temporary file, for the commit.
    fn write_file(
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

    /// Writes `schema.csv` for the tables written, then replaces the folder's tables by the
    /// new ones all at once (see the [module docs](super)) and returns their paths (sorted). On an error
    /// the previous tables are in place, as they were.
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
        let mut entries = Vec::with_capacity(pending.len());
        let mut written = Vec::with_capacity(pending.len());
        for p in pending {
            p.synced.wait().map_err(|e| Error::io(&p.target, e))?;
            let name = p.layout.file.to_string();
            entries.push(Entry {
                name,
                temp: p.file.into_temp_path(),
            });
            written.push(p.target);
        }
        commit::commit(&self.dir, entries)?;
        Ok(written)
    }
}
