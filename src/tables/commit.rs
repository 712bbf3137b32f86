//! How an output folder's tables are replaced all at once: the lock, the commit journal, the
//! rollback and the recovery after a killed run.
//!
//! A run holds an advisory lock on `DIR/.corpus-lens.lock` ([`Lock`]) from
//! [`super::OutputDir::create`] to the end of its commit, so two runs never write into one
//! folder at once. The commit ([`commit`]) then:
//!
//! 1. writes the journal `DIR/.corpus-lens.commit` (one line per table: its name, its
//!    temporary file, the backup name of the table it replaces or `-` for none) and fsyncs it
//!    and the folder;
//! 2. keeps every table about to be replaced under its backup name (a hard link, or a rename
//!    when the file system has no hard links), and fsyncs the folder;
//! 3. renames every temporary file onto its table, and fsyncs the folder;
//! 4. removes the journal and fsyncs the folder: this is the moment the new set takes effect;
//! 5. removes the backups.
//!
//! A failure in steps 2-3 puts every backup back (and removes the tables that had none), so
//! the folder holds the previous set again. A run killed during steps 1-4 leaves the journal:
//! the next run into the folder ([`recover`], under the lock) puts the previous set back
//! before it writes anything. Between such a kill and the next run the folder may show a mix,
//! marked by the journal; nothing else can see it as a finished run.
//!
//! Test hook: `CORPUS_LENS_FAULT=rename:K` makes the K-th rename of step 3 (from 1, tables in
//! name order, `schema.csv` among them) fail, and `CORPUS_LENS_FAULT=abort:K` aborts the
//! process (as a kill would) right after the K-th step of the commit (every backup, rename and
//! fsync of the folder counts as one step). Both exist for the tests of `tests/atomic.rs` only.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tempfile::TempPath;

use crate::error::{Error, Result};

/// The lock file, in the output folder.
pub(super) const LOCK_FILE: &str = ".corpus-lens.lock";

/// The journal of a commit in progress, in the output folder.
pub(super) const JOURNAL_FILE: &str = ".corpus-lens.commit";

/// An advisory lock (`flock`) on the output folder's lock file, released when dropped (and by
/// the system when the process dies, however it dies: a lock never outlives its run).
pub(super) struct Lock {
    path: PathBuf,
    /// The locked file; `None` where the file system or the platform has no locks.
    file: Option<File>,
}

impl Lock {
    /// Takes the lock of `dir`, or fails at once with [`Error::OutputLocked`] if another run
    /// holds it.
    pub(super) fn acquire(dir: &Path) -> Result<Lock> {
        let path = dir.join(LOCK_FILE);
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| Error::io(&path, e))?;
            match try_lock(&file) {
                Ok(true) => {}
                Ok(false) => {
                    return Err(Error::OutputLocked {
                        dir: dir.to_path_buf(),
                    })
                }
                Err(e) if lock_unsupported(&e) => return Ok(Lock { path, file: None }),
                Err(e) => return Err(Error::io(&path, e)),
            }
            // The run that held the lock removes the file as it ends: if it did so between
            // our open and our lock, we hold a lock on a file no other run can find. Start
            // again with the file now at the path.
            if same_file(&file, &path) {
                return Ok(Lock {
                    path,
                    file: Some(file),
                });
            }
        }
    }

    /// Whether the lock is held (false where the file system has no locks: then a run
    /// neither recovers a journal nor removes temporary files, as another run may be at work).
    pub(super) fn held(&self) -> bool {
        self.file.is_some()
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked, so that no other run locks this file after us
        // (`acquire` checks that the file it locked is still at the path).
        if self.file.is_some() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a file descriptor this process owns; no memory is shared.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc == 0 {
        return Ok(true);
    }
    let err = io::Error::last_os_error();
    if err.kind() == io::ErrorKind::WouldBlock {
        Ok(false)
    } else {
        Err(err)
    }
}

#[cfg(not(unix))]
fn try_lock(_file: &File) -> io::Result<bool> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Errors that mean "no locks here" (some network file systems), not "locked".
fn lock_unsupported(err: &io::Error) -> bool {
    #[cfg(unix)]
    if matches!(err.raw_os_error(), Some(libc::ENOLCK | libc::EOPNOTSUPP)) {
        return true;
    }
    err.kind() == io::ErrorKind::Unsupported
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, _path: &Path) -> bool {
    true
}

/// Flushes the folder's entries (creations, renames, removals) to disk.
pub(super) fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The test hook (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    None,
    Rename(usize),
    Abort(usize),
}

fn fault() -> Fault {
    static FAULT: OnceLock<Fault> = OnceLock::new();
    *FAULT.get_or_init(|| {
        let value = std::env::var("CORPUS_LENS_FAULT").unwrap_or_default();
        let parse = |s: &str| s.parse().unwrap_or(0);
        match value.split_once(':') {
            Some(("rename", k)) => Fault::Rename(parse(k)),
            Some(("abort", k)) => Fault::Abort(parse(k)),
            _ => Fault::None,
        }
    })
}

/// Counts the steps of one commit, for the test hook.
struct Steps(usize);

impl Steps {
    fn done(&mut self) {
        self.0 += 1;
        if fault() == Fault::Abort(self.0) {
            std::process::abort();
        }
    }
}

/// One table of a commit.
pub(super) struct Entry {
    /// The table's file name (in the folder).
    pub(super) name: String,
    /// The new table, written and synced.
    pub(super) temp: TempPath,
}

/// One table of a commit, as the journal lists it.
struct Planned {
    target: PathBuf,
    temp: Option<TempPath>,
    temp_name: String,
    /// Where the previous table is kept during the commit (`None`: there was none).
    backup: Option<PathBuf>,
    /// Whether the backup exists (made by this commit).
    backed_up: bool,
    /// Whether the new table is in place.
    renamed: bool,
}

/// Replaces the tables of `dir` by `entries` all at once (see the module docs). On an error
/// the previous tables are in place again.
pub(super) fn commit(dir: &Path, entries: Vec<Entry>) -> Result<()> {
    let mut steps = Steps(0);
    let mut planned = plan(dir, entries)?;
    write_journal(dir, &planned)?;
    steps.done();
    let result = replace(dir, &mut planned, &mut steps);
    if let Err(cause) = result {
        return Err(match roll_back(dir, &mut planned) {
            Ok(()) => cause,
            Err(e) => Error::Restore {
                path: dir.to_path_buf(),
                cause: Box::new(cause),
                source: e,
            },
        });
    }
    // The commit point: without the journal, the new set is the folder's.
    let journal = dir.join(JOURNAL_FILE);
    fs::remove_file(&journal).map_err(|e| Error::io(&journal, e))?;
    sync_dir(dir).map_err(|e| Error::io(dir, e))?;
    steps.done();
    for backup in planned.iter().filter_map(|p| p.backup.as_ref()) {
        let _ = fs::remove_file(backup);
    }
    Ok(())
}

/// Names a backup for every table that exists; refuses a table whose path is a folder.
fn plan(dir: &Path, entries: Vec<Entry>) -> Result<Vec<Planned>> {
    let mut planned = Vec::with_capacity(entries.len());
    for entry in entries {
        let target = dir.join(&entry.name);
        let backup = match fs::symlink_metadata(&target) {
            Ok(meta) if meta.is_dir() => return Err(Error::TableIsFolder { path: target }),
            Ok(_) => Some(backup_name(dir, &entry.name)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(Error::io(&target, e)),
        };
        let temp_name = file_name(&entry.temp);
        planned.push(Planned {
            target,
            temp: Some(entry.temp),
            temp_name,
            backup,
            backed_up: false,
            renamed: false,
        });
    }
    Ok(planned)
}

/// A name for the backup of table `name` that no file has: `.<name>.<random>.old.tmp`.
fn backup_name(dir: &Path, name: &str) -> PathBuf {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
        ^ u64::from(std::process::id()) << 32;
    let mut n = seed;
    loop {
        n = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let path = dir.join(format!(".{name}.{:08x}.old.tmp", n >> 32));
        if fs::symlink_metadata(&path).is_err() {
            return path;
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Writes the journal (fsynced, and the folder too) before any table is touched.
fn write_journal(dir: &Path, planned: &[Planned]) -> Result<()> {
    let path = dir.join(JOURNAL_FILE);
    let mut text = String::new();
    for p in planned {
        let backup = p.backup.as_deref().map_or("-".to_string(), file_name);
        text.push_str(&format!(
            "{}\t{}\t{}\n",
            file_name(&p.target),
            p.temp_name,
            backup
        ));
    }
    let io = |e| Error::io(&path, e);
    let mut file = File::create(&path).map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    sync_dir(dir).map_err(|e| Error::io(dir, e))
}

/// Steps 2 and 3: the backups, then the renames.
fn replace(dir: &Path, planned: &mut [Planned], steps: &mut Steps) -> Result<()> {
    for p in planned.iter_mut() {
        let Some(backup) = &p.backup else { continue };
        if fs::hard_link(&p.target, backup).is_err() {
            fs::rename(&p.target, backup).map_err(|e| Error::io(&p.target, e))?;
        }
        p.backed_up = true;
        steps.done();
    }
    sync_dir(dir).map_err(|e| Error::io(dir, e))?;
    steps.done();
    for (k, p) in planned.iter_mut().enumerate() {
        let temp = p.temp.as_ref().map(|t| t.to_path_buf()).unwrap_or_default();
        let renamed = if fault() == Fault::Rename(k + 1) {
            Err(io::Error::other("injected failure (CORPUS_LENS_FAULT)"))
        } else {
            fs::rename(&temp, &p.target)
        };
        renamed.map_err(|e| Error::io(&p.target, e))?;
        p.renamed = true;
        // In place: the temporary path is no longer ours to remove.
        if let Some(t) = p.temp.take() {
            let _ = t.keep();
        }
        steps.done();
    }
    sync_dir(dir).map_err(|e| Error::io(dir, e))?;
    steps.done();
    Ok(())
}

/// Puts the previous tables back after a failed step 2 or 3, removes the journal and the
/// temporary files. On an error the journal stays, for the next run's [`recover`].
fn roll_back(dir: &Path, planned: &mut [Planned]) -> io::Result<()> {
    for p in planned.iter_mut() {
        match (&p.backup, p.backed_up) {
            (Some(backup), true) => {
                fs::rename(backup, &p.target)?;
                // A rename between two links of one file does nothing: drop the backup's.
                let _ = fs::remove_file(backup);
            }
            (None, _) if p.renamed => fs::remove_file(&p.target)?,
            _ => {}
        }
        // Dropping the temporary path removes the file if it is still there.
        p.temp = None;
    }
    sync_dir(dir)?;
    fs::remove_file(dir.join(JOURNAL_FILE))?;
    sync_dir(dir)
}

/// After a run killed during its commit (a journal is there): puts the previous tables back
/// as the journal lists them, removes its temporary files and the journal. Call with the lock
/// held. Returns whether there was a journal.
pub(super) fn recover(dir: &Path) -> Result<bool> {
    let path = dir.join(JOURNAL_FILE);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let restore = |target: &Path, e| Error::Restore {
        path: target.to_path_buf(),
        cause: Box::new(Error::Interrupted {
            dir: dir.to_path_buf(),
        }),
        source: e,
    };
    // Only whole lines: a journal cut short was written before any table was touched.
    for line in text.split_inclusive('\n').filter(|l| l.ends_with('\n')) {
        let fields: Vec<&str> = line.trim_end_matches('\n').split('\t').collect();
        let [target, temp, backup] = fields[..] else {
            continue;
        };
        if [target, temp, backup].iter().any(|f| !is_plain_name(f)) {
            continue;
        }
        let target = dir.join(target);
        if backup != "-" {
            let backup = dir.join(backup);
            // A missing backup means the table was never touched.
            if fs::symlink_metadata(&backup).is_ok() {
                fs::rename(&backup, &target).map_err(|e| restore(&target, e))?;
                let _ = fs::remove_file(&backup);
            }
        } else if fs::symlink_metadata(&target).is_ok_and(|m| m.is_file()) {
            fs::remove_file(&target).map_err(|e| restore(&target, e))?;
        }
        let _ = fs::remove_file(dir.join(temp));
    }
    sync_dir(dir).map_err(|e| Error::io(dir, e))?;
    fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
    sync_dir(dir).map_err(|e| Error::io(dir, e))?;
    Ok(true)
}

/// A file name with no path in it (a journal line never names anything outside the folder).
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\'])
}

/// Removes the temporary files earlier runs left in `dir` (killed, or stopped by a signal or
/// an allocation failure before they could): regular files named `.<table>.<anything>.tmp`
/// for a table of `tables`, which is how this module names temporary tables and backups.
/// Call with the lock held (after [`recover`]): then no other run is writing any. Returns
/// how many were removed; a file that cannot be removed is left.
pub(super) fn remove_orphans<'a>(
    dir: &Path,
    tables: impl IntoIterator<Item = &'a str> + Clone,
) -> Result<usize> {
    let entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut removed = 0;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let ours = name.ends_with(".tmp")
            && tables.clone().into_iter().any(|table| {
                let prefix = format!(".{table}.");
                name.len() > prefix.len() + ".tmp".len() && name.starts_with(&prefix)
            });
        // Only regular files: never a folder or a link, even of a matching name.
        if ours
            && entry.file_type().is_ok_and(|t| t.is_file())
            && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    Ok(removed)
}
