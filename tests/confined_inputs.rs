//! Inputs stay where they are given: a manifest's paths resolve inside the manifest's folder
//! (unless `--allow-outside`), a folder walk never leaves the folder through a symbolic link
//! (unless `--allow-outside`), and only regular files are read: a FIFO, socket or device in
//! a folder is skipped with a note, and one named directly (or by a manifest) is refused.

#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{run_err, run_ok, tempdir, write, Table};

/// A secret outside the project folder `d/project`, and a text inside it.
fn setup(d: &Path) {
    write(d, "secret/passwd.txt", "Secret words never to be read.\n");
    write(d, "project/texts/a.txt", "The soviet met in the hall.\n");
}

fn kwic_words(out: &Path) -> String {
    fs::read_to_string(out.join("freq.csv")).unwrap()
}

#[test]
fn a_manifest_path_outside_its_folder_is_refused() {
    let tmp = tempdir();
    let d = tmp.path();
    setup(d);
    let secret = d.join("secret/passwd.txt");
    for path in ["../secret/passwd.txt", secret.to_str().unwrap()] {
        write(
            d,
            "project/m.toml",
            format!("[[document]]\nid = \"a\"\npath = \"texts/a.txt\"\n\n[[document]]\nid = \"x\"\npath = \"{path}\"\n"),
        );
        let run = run_err(&d.join("project"), ["freq", "m.toml", "--out", "out"], 1);
        run.assert_stderr_has(&[
            "m.toml:7:8:",
            "outside the manifest's folder",
            "--allow-outside",
        ]);
        assert!(!d.join("project/out/freq.csv").exists());
    }
}

#[test]
fn a_manifest_path_through_a_symlink_out_of_its_folder_is_refused() {
    let tmp = tempdir();
    let d = tmp.path();
    setup(d);
    symlink("../secret", d.join("project/linked")).unwrap();
    write(
        d,
        "project/m.toml",
        "[[document]]\nid = \"x\"\npath = \"linked/passwd.txt\"\n",
    );
    let run = run_err(&d.join("project"), ["freq", "m.toml", "--out", "out"], 1);
    run.assert_stderr_has(&["outside the manifest's folder"]);
}

#[test]
fn allow_outside_reads_a_manifest_path_outside_its_folder() {
    let tmp = tempdir();
    let d = tmp.path();
    setup(d);
    write(
        d,
        "project/m.toml",
        "[[document]]\nid = \"x\"\npath = \"../secret/passwd.txt\"\n",
    );
    let args = [
        "freq",
        "m.toml",
        "--out",
        "out",
        "--allow-outside",
        "--quiet",
    ];
    run_ok(&d.join("project"), args);
    assert!(kwic_words(&d.join("project/out")).contains("\nsecret,"));
}

#[test]
fn a_folder_walk_skips_symlinks_that_leave_the_folder() {
    let tmp = tempdir();
    let d = tmp.path();
    setup(d);
    symlink("../../secret", d.join("project/texts/up")).unwrap();
    write(d, "elsewhere/x.txt", "Elsewhere.\n");
    symlink("../../elsewhere/x.txt", d.join("project/texts/p.txt")).unwrap();
    // A link that stays inside is followed (its target is in a hidden folder, which the
    // walk does not enter).
    write(d, "project/texts/.hidden/b.txt", "Inside.\n");
    symlink(".hidden/b.txt", d.join("project/texts/inner.txt")).unwrap();
    let run = run_ok(&d.join("project"), ["freq", "texts", "--out", "out"]);
    run.assert_stderr_has(&["note: texts/up: skipped", "leaves texts", "--allow-outside"]);
    run.assert_stderr_has(&["note: texts/p.txt: skipped"]);
    let summary = Table::read(&d.join("project/out/corpus_summary.csv"));
    assert_eq!(summary.values("document"), ["a", "inner"]);
    assert!(!kwic_words(&d.join("project/out")).contains("secret"));

    // With --allow-outside the links are followed.
    let args = [
        "freq",
        "texts",
        "--out",
        "out2",
        "--allow-outside",
        "--quiet",
    ];
    run_ok(&d.join("project"), args);
    assert!(kwic_words(&d.join("project/out2")).contains("\nsecret,"));
}

/// Makes a FIFO at `path`.
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_fifo_in_a_folder_is_skipped_with_a_note() {
    let tmp = tempdir();
    let d = tmp.path();
    setup(d);
    mkfifo(&d.join("project/texts/pipe.txt"));
    let start = Instant::now();
    let run = run_ok(&d.join("project"), ["freq", "texts", "--out", "out"]);
    assert!(start.elapsed() < Duration::from_secs(30));
    run.assert_stderr_has(&["note: texts/pipe.txt: skipped: a FIFO"]);
    let summary = Table::read(&d.join("project/out/corpus_summary.csv"));
    assert_eq!(summary.values("document"), ["a"]);
}

#[test]
fn a_fifo_named_directly_or_by_a_manifest_is_refused() {
    let tmp = tempdir();
    let d = tmp.path();
    setup(d);
    mkfifo(&d.join("project/pipe.txt"));
    let run = run_err(&d.join("project"), ["freq", "pipe.txt", "--out", "out"], 1);
    run.assert_stderr_has(&["pipe.txt: a FIFO, not a regular file"]);
    write(
        d,
        "project/m.toml",
        "[[document]]\nid = \"p\"\npath = \"pipe.txt\"\n",
    );
    let run = run_err(&d.join("project"), ["freq", "m.toml", "--out", "out"], 1);
    run.assert_stderr_has(&["m.toml:3:8:", "a FIFO, not a regular file"]);
    // A manifest that is a FIFO is refused too, instead of blocking.
    mkfifo(&d.join("project/pipe.toml"));
    let run = run_err(&d.join("project"), ["freq", "pipe.toml", "--out", "out"], 1);
    run.assert_stderr_has(&["pipe.toml: a FIFO, not a regular file"]);
}

#[test]
fn a_device_named_directly_is_refused() {
    let tmp = tempdir();
    let run = run_err(tmp.path(), ["freq", "/dev/null", "--out", "out"], 1);
    run.assert_stderr_has(&["/dev/null: a character device, not a regular file"]);
}
