//! Resource limits end a run with a clear error and exit code 1, never a crash, and the
//! previous tables stay as they were: a memory limit (`ulimit -v`) that refuses an allocation,
//! and a file-size limit (`ulimit -f`) that refuses a write (SIGXFSZ is ignored, so the write
//! fails with EFBIG instead of the signal killing the process).

mod common;

use std::fs;
use std::path::Path;

use common::{assert_success, command, entries, run_limited, tempdir, write};

/// Every table of `dir` with its bytes: the visible files. A run stopped while it writes its
/// tables leaves hidden files as a killed run does (temporary tables `.<table>.<random>.tmp`,
/// the lock file `.corpus-lens.lock`); the next run removes the temporary tables.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    entries(dir)
        .into_iter()
        .filter(|name| !name.starts_with('.'))
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

/// A small input, analysed once without limits, so `out/` holds a previous set of tables.
fn folder_with_previous_tables() -> tempfile::TempDir {
    let dir = tempdir();
    write(
        dir.path(),
        "small.txt",
        "The Soviet met at Smolny.\n\nThe Bolsheviks were strong and the Cadets weak.\n",
    );
    let output = command(dir.path(), ["analyze", "small.txt", "--out", "out", "-q"])
        .output()
        .unwrap();
    assert_success(&output);
    dir
}

#[test]
fn memory_limit_is_an_error_with_exit_1_and_keeps_previous_tables() {
    let dir = folder_with_previous_tables();
    let before = snapshot(&dir.path().join("out"));
    // The shipped corpus, with the repository as the working directory's corpus: its
    // counting needs far more than 300 MB of address space.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/manifest.toml");
    let args = ["analyze", manifest.to_str().unwrap(), "--out", "out", "-q"];
    let output = run_limited(dir.path(), &args, libc::RLIMIT_AS, 300 << 20);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{}: {stderr}", output.status);
    assert!(
        stderr.contains("corpus-lens: error: out of memory") && stderr.contains("ulimit -v"),
        "{stderr}"
    );
    assert_eq!(snapshot(&dir.path().join("out")), before);
    // The next run removes whatever temporary tables the stopped one left.
    let output = command(dir.path(), ["analyze", "small.txt", "--out", "out", "-q"])
        .output()
        .unwrap();
    assert_success(&output);
    let left: Vec<String> = entries(&dir.path().join("out"))
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn file_size_limit_is_a_write_error_with_exit_1_and_keeps_previous_tables() {
    let dir = folder_with_previous_tables();
    let before = snapshot(&dir.path().join("out"));
    // A larger input whose tables pass 4 KiB; the run's own temporary files are removed.
    let text = "The Soviet met at Smolny and the Bolsheviks spoke. ".repeat(400);
    write(dir.path(), "large.txt", text);
    let args = ["analyze", "large.txt", "--out", "out", "-q"];
    let output = run_limited(dir.path(), &args, libc::RLIMIT_FSIZE, 4096);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{}: {stderr}", output.status);
    assert!(
        stderr.contains("File too large") && stderr.contains("file-size limit"),
        "{stderr}"
    );
    assert_eq!(snapshot(&dir.path().join("out")), before);
}

/// Worker threads the system will not start (here a 200 MB address-space limit and 64
/// threads) are a resource failure: exit 1 naming the threads, not a usage error (exit 2).
#[test]
fn threads_the_system_will_not_start_are_a_resource_error_with_exit_1() {
    let dir = folder_with_previous_tables();
    let before = snapshot(&dir.path().join("out"));
    let args = [
        "analyze",
        "small.txt",
        "--threads",
        "64",
        "--out",
        "out",
        "-q",
    ];
    let output = run_limited(dir.path(), &args, libc::RLIMIT_AS, 200 << 20);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{}: {stderr}", output.status);
    assert!(
        stderr.contains("cannot start 64 threads") || stderr.contains("out of memory"),
        "{stderr}"
    );
    assert_eq!(snapshot(&dir.path().join("out")), before);
}
