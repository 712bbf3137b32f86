//! One table as one named file (`kwic --out lines.csv`), replaced atomically.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{write_csv, Format, Row, Schema};
use crate::error::{Error, Result};

/// Whether `--out path` of a command that writes one table names the table's file rather
/// than a folder: it ends in the format's extension (`.csv`, or `.parquet` with
/// [`Format::Parquet`]) and is not an existing folder. A path that ends in the other format's
/// extension is an error: the file would not hold what its name says.
///
/// ```
/// use corpus_lens::tables::{names_a_file, Format};
/// assert!(names_a_file("lines.csv".as_ref(), Format::Csv)?);
/// assert!(names_a_file("out/Lines.CSV".as_ref(), Format::Csv)?);
/// assert!(!names_a_file("tables".as_ref(), Format::Csv)?);
/// assert!(names_a_file("lines.parquet".as_ref(), Format::Csv).is_err());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn names_a_file(path: &Path, format: Format) -> Result<bool> {
    if path.is_dir() {
        return Ok(false);
    }
    let extension = extension_of(path);
    let wanted = match format {
        Format::Csv => "csv",
        #[cfg(feature = "parquet")]
        Format::Parquet => "parquet",
    };
    if extension == wanted {
        return Ok(true);
    }
    if extension == "csv" || extension == "parquet" {
        return Err(Error::Usage(format!(
            "{}: a .{extension} file, but the table is written as {wanted}: name a .{wanted} \
             file, or give --format {extension}",
            path.display()
        )));
    }
    Ok(false)
}

/// `path`'s extension, lowercased (empty without one).
pub(super) fn extension_of(path: &Path) -> String {
    (path.extension())
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Writes one table to the file `path` in `format`: into a temporary file beside it, flushed
/// to disk, then renamed over `path`, so a run that fails leaves what was there. Missing
/// folders on the way are made. Unlike an [`super::OutputDir`], no `schema.csv` is written
/// (as on standard output). `path` must not be one of `inputs`, the files the run read
/// ([`Error::OutputIsInput`]).
///
/// ```
/// use corpus_lens::{freq::OcrRow, tables::{write_table_file, Format, OCR_SUSPECTS}};
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("checks/suspects.csv");
/// write_table_file(&path, &[], Format::Csv, &OCR_SUSPECTS, Vec::<OcrRow>::new())?;
/// assert_eq!(std::fs::read_to_string(&path)?, "document,token,count,example,reason\n");
/// // Never over one of the run's inputs.
/// let err = write_table_file(&path, &[path.clone()], Format::Csv, &OCR_SUSPECTS, Vec::<OcrRow>::new());
/// assert!(matches!(err, Err(corpus_lens::Error::OutputIsInput { .. })));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_table_file<R: Row>(
    path: &Path,
    inputs: &[PathBuf],
    format: Format,
    schema: &Schema,
    rows: impl IntoIterator<Item = R>,
) -> Result<()> {
    write_file_atomically(path, inputs, |file| {
        let io = |source| Error::io(path, source);
        match format {
            Format::Csv => {
                let mut out = std::io::BufWriter::new(file);
                write_csv(&mut out, schema, rows).map_err(|e| match e {
                    Error::Io { source, .. } => io(source),
                    other => other,
                })?;
                out.flush().map_err(io)?;
            }
            #[cfg(feature = "parquet")]
            Format::Parquet => {
                let layout = schema.layout(&[]);
                let out = std::io::BufWriter::new(file);
                let mut table = super::columnar::ParquetTable::new(out, &layout)?;
                for row in rows {
                    table.push(&row)?;
                }
                table.finish()?.flush().map_err(io)?;
            }
        }
        Ok(())
    })
}

/// An error if `path` is one of `inputs`, the files a run reads (compared as canonical
/// paths, so `./a.txt` and a symbolic link to it are `a.txt`): [`Error::OutputIsInput`].
/// A run checks its output paths before it writes anything, so that no input is replaced.
///
/// ```
/// use corpus_lens::tables::check_not_input;
/// let dir = tempfile::tempdir()?;
/// let input = dir.path().join("memoir.txt");
/// std::fs::write(&input, "The Soviet met.")?;
/// let spelled_otherwise = dir.path().join(".").join("memoir.txt");
/// assert!(check_not_input(&spelled_otherwise, &[input.clone()]).is_err());
/// assert!(check_not_input(&dir.path().join("new.partial"), &[input]).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_not_input(path: &Path, inputs: &[PathBuf]) -> Result<()> {
    if let Ok(canonical) = fs::canonicalize(path) {
        let read = |p: &PathBuf| fs::canonicalize(p).is_ok_and(|c| c == canonical);
        if inputs.iter().any(read) {
            return Err(Error::OutputIsInput {
                path: path.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// Writes the file `path` with `write`: into a temporary file beside it, synced to disk,
/// then renamed over `path`, so a run that fails (or is killed) leaves what was there, and a
/// reader never sees half a file. Missing folders on the way are made; `path` must not be
/// one of `inputs` ([`check_not_input`]). The file gets ordinary permissions (0644 on Unix).
///
/// ```
/// use std::io::Write;
/// use corpus_lens::tables::write_file_atomically;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("model/stance.csv");
/// write_file_atomically(&path, &[], |f| {
///     f.write_all(b"kept\n").map_err(|source| corpus_lens::Error::Io { path: "x".into(), source })
/// })?;
/// // A write that fails leaves the file as it was.
/// let failed = write_file_atomically(&path, &[], |_| Err(corpus_lens::Error::Usage("stop".into())));
/// assert!(failed.is_err());
/// assert_eq!(std::fs::read_to_string(&path)?, "kept\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_file_atomically(
    path: &Path,
    inputs: &[PathBuf],
    write: impl FnOnce(&mut fs::File) -> Result<()>,
) -> Result<()> {
    check_not_input(path, inputs)?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
    let name = (path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut file = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| Error::io(folder, e))?;
    let io = |source| Error::io(path, source);
    write(file.as_file_mut()).map_err(|e| match e {
        Error::Io { source, .. } => io(source),
        other => other,
    })?;
    file.as_file().sync_all().map_err(io)?;
    // Temporary files are private (0600); an output is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(file.path(), fs::Permissions::from_mode(0o644)).map_err(io)?;
    }
    file.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
