//! A run's tables replace the previous ones as a set, or not at all: a failure at any rename
//! of the commit, a table path taken by a folder, or a kill at any step of the commit leaves
//! the previous tables as they were (after a kill, once the next run has put them back), and
//! `schema.csv` always matches the tables beside it. A second run into a folder in use fails
//! at once.
//!
//! The failures are injected with the test hook `CORPUS_LENS_FAULT` (src/tables/commit.rs):
//! `rename:K` fails the K-th rename, `abort:K` aborts the process after the K-th step.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{assert_success, command, run_ok, tempdir, write, FREQ_TABLES, SCHEMA_FILE};
use corpus_lens::tables::OutputDir;

/// Every file of `dir` (not recursive) with its bytes.
type Snapshot = BTreeMap<String, Vec<u8>>;

fn snapshot(dir: &Path) -> Snapshot {
    common::entries(dir)
        .into_iter()
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).unwrap_or_default();
            (name, bytes)
        })
        .collect()
}

/// Paragraphs of a few words, different for each `seed`.
fn prose(seed: usize) -> String {
    let words = [
        "the",
        "soviet",
        "power",
        "of",
        "peace",
        "land",
        "bread",
        "war",
        "people",
        "army",
        "committee",
        "bolsheviks",
        "great",
        "and",
    ];
    (0..60)
        .map(|p| {
            let sentence: Vec<&str> = (0..12)
                .map(|i| words[(p * 7 + i * (seed + 3) + seed) % words.len()])
                .collect();
            format!("The {}.", sentence.join(" "))
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A folder with `a.txt`, `b.txt`, and `out/` holding the tables of `command` over an older
/// version of them (and a file of the user's, `notes.md`). Returns the snapshot of `out/`
/// and the one a complete run over the new texts gives.
fn setup(dir: &Path, command: &str) -> (Snapshot, Snapshot) {
    write(dir, "a.txt", prose(1));
    write(dir, "b.txt", prose(2));
    write(dir, "out/notes.md", "my notes");
    run_ok(dir, [command, "a.txt", "b.txt", "--out", "out", "--quiet"]);
    let old = snapshot(&dir.join("out"));
    write(dir, "a.txt", prose(3));
    write(dir, "ref/notes.md", "my notes");
    run_ok(dir, [command, "a.txt", "b.txt", "--out", "ref", "--quiet"]);
    let new = snapshot(&dir.join("ref"));
    assert_ne!(old, new);
    (old, new)
}

/// Runs `command a.txt b.txt --out out` with `CORPUS_LENS_FAULT=fault`.
fn run_with_fault(dir: &Path, command_name: &str, fault: &str) -> std::process::Output {
    command(
        dir,
        [command_name, "a.txt", "b.txt", "--out", "out", "--quiet"],
    )
    .env("CORPUS_LENS_FAULT", fault)
    .output()
    .unwrap()
}

/// Asserts that the run failed with exit 1 and a message naming the table it could not put
/// in place, and that `out` holds the previous tables, byte for byte, and nothing else.
fn assert_failed_and_unchanged(dir: &Path, output: &std::process::Output, old: &Snapshot) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("out/") && stderr.contains(".csv"),
        "{stderr}"
    );
    assert_eq!(&snapshot(&dir.join("out")), old, "after: {stderr}");
}

#[test]
fn a_failed_rename_of_any_table_leaves_the_previous_tables() {
    let tmp = tempdir();
    let dir = tmp.path();
    let (old, new) = setup(dir, "freq");
    // schema.csv and the six frequency tables.
    let n = FREQ_TABLES.len() + 1;
    for k in 1..=n {
        let output = run_with_fault(dir, "freq", &format!("rename:{k}"));
        assert_failed_and_unchanged(dir, &output, &old);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("injected failure"), "rename {k}: {stderr}");
    }
    // A rename past the last is no failure: the run replaces every table.
    let output = run_with_fault(dir, "freq", &format!("rename:{}", n + 1));
    assert_success(&output);
    assert_eq!(snapshot(&dir.join("out")), new);
}

/// The case of the report: `analyze`'s 17 tables, the last rename failing after 16 tables are
/// new. None stays new; `schema.csv` matches `cooc_matrix.csv` still.
#[test]
fn a_failed_last_rename_of_analyze_leaves_the_previous_tables() {
    let tmp = tempdir();
    let dir = tmp.path();
    let (old, _) = setup(dir, "analyze");
    let output = run_with_fault(dir, "analyze", "rename:17");
    assert_failed_and_unchanged(dir, &output, &old);
}

#[test]
fn a_folder_in_the_way_of_a_table_fails_before_any_table_is_replaced() {
    let tmp = tempdir();
    let dir = tmp.path();
    setup(dir, "freq");
    let out = dir.join("out");
    fs::remove_file(out.join("stems.csv")).unwrap();
    fs::create_dir(out.join("stems.csv")).unwrap();
    let old = snapshot(&out);
    let run = common::run_err(dir, ["freq", "a.txt", "b.txt", "--out", "out"], 1);
    run.assert_stderr_has(&["out/stems.csv", "a folder is in the way of this table"]);
    assert_eq!(snapshot(&out), old);
    assert!(out.join("stems.csv").is_dir());
}

/// Aborts the run after each step of the commit in turn. Right after the kill the folder holds
/// the previous tables, or the new ones, or a commit journal (the mark of a commit under way);
/// the next run into the folder puts the previous tables back first, so that the folder holds
/// one run's set, never a mix; and a complete run after that works.
#[test]
fn a_kill_at_any_step_of_the_commit_leaves_one_runs_tables() {
    let tmp = tempdir();
    let dir = tmp.path();
    let (old, new) = setup(dir, "freq");
    let out = dir.join("out");
    let tables = |s: &Snapshot| -> Snapshot {
        s.iter()
            .filter(|(name, _)| !name.starts_with('.'))
            .map(|(n, b)| (n.clone(), b.clone()))
            .collect()
    };
    let mut outcomes = Vec::new();
    for k in 1.. {
        // Each kill starts from the previous tables.
        fs::remove_dir_all(&out).unwrap();
        fs::create_dir(&out).unwrap();
        for (name, bytes) in &old {
            fs::write(out.join(name), bytes).unwrap();
        }
        let output = run_with_fault(dir, "freq", &format!("abort:{k}"));
        if output.status.success() {
            // Past the last step: the run was not aborted.
            assert_eq!(tables(&snapshot(&out)), new, "abort:{k} past the end");
            break;
        }
        assert_eq!(output.status.code(), None, "abort:{k} ends by a signal");
        let after_kill = snapshot(&out);
        let journal = after_kill.contains_key(".corpus-lens.commit");
        let shown = tables(&after_kill);
        assert!(
            journal || shown == old || shown == new,
            "abort:{k}: a mix without a journal"
        );
        // What the next run sees once it holds the folder.
        drop(OutputDir::create(&out, &[]).unwrap());
        let recovered = tables(&snapshot(&out));
        let which = if recovered == old {
            "old"
        } else if recovered == new {
            "new"
        } else {
            panic!("abort:{k}: after recovery, neither the old nor the new set")
        };
        outcomes.push(format!("{k}:{which}"));
        // And a complete run works, and leaves no temporary file, backup or lock.
        run_ok(dir, ["freq", "a.txt", "b.txt", "--out", "out", "--quiet"]);
        assert_eq!(snapshot(&out), new, "abort:{k}: the run after");
        assert!(k < 100, "the commit has fewer steps");
    }
    // The journal, 7 backups, a sync, 7 renames, a sync, the journal removed: 18 steps, of
    // which the last (the journal removed) keeps the new tables.
    assert_eq!(outcomes.len(), 18, "{outcomes:?}");
    assert!(
        outcomes[..17].iter().all(|o| o.ends_with(":old")),
        "{outcomes:?}"
    );
    assert_eq!(outcomes[17], "18:new");
}

/// The lock: while a run holds the folder (here the test, through the library), another run
/// into it fails at once, with exit 1 and a message naming the folder; once the folder is
/// free, the run works.
#[test]
fn a_second_run_into_a_folder_in_use_fails_at_once() {
    let tmp = tempdir();
    let dir = tmp.path();
    let (old, new) = setup(dir, "freq");
    let out = dir.join("out");
    let holder = OutputDir::create(&out, &[]).unwrap();
    let run = common::run_err(dir, ["freq", "a.txt", "b.txt", "--out", "out"], 1);
    run.assert_stderr_has(&[
        "out: another corpus-lens run is writing into this folder",
        "choose another --out",
    ]);
    assert_eq!(
        snapshot(&out).remove("freq.csv"),
        old.get("freq.csv").cloned()
    );
    drop(holder);
    run_ok(dir, ["freq", "a.txt", "b.txt", "--out", "out", "--quiet"]);
    assert_eq!(snapshot(&out), new);
    assert!(
        !out.join(".corpus-lens.lock").exists(),
        "removed at the end"
    );
}

/// Two runs over different texts started together into one folder: each either fails on the
/// lock or completes, and the folder ends with the whole set of one of them.
#[test]
fn two_concurrent_runs_never_mix_their_tables() {
    let tmp = tempdir();
    let dir = tmp.path();
    write(dir, "a.txt", prose(1));
    write(dir, "b.txt", prose(2));
    write(dir, "c.txt", prose(4));
    let args = |x: &str| ["freq", x, "b.txt", "--out", "out", "--quiet"].map(String::from);
    let mut sets = Vec::new();
    for (x, name) in [("a.txt", "ra"), ("c.txt", "rc")] {
        run_ok(dir, ["freq", x, "b.txt", "--out", name, "--quiet"]);
        sets.push(snapshot(&dir.join(name)));
    }
    for attempt in 0..10 {
        let spawn = |x: &str| {
            let mut command = command(dir, args(x));
            command.stderr(std::process::Stdio::null());
            command.spawn().unwrap()
        };
        let (mut a, mut c) = (spawn("a.txt"), spawn("c.txt"));
        let (a, c) = (a.wait().unwrap(), c.wait().unwrap());
        assert!(a.success() || c.success(), "attempt {attempt}: both failed");
        let got = snapshot(&dir.join("out"));
        assert!(sets.contains(&got), "attempt {attempt}: a mix of two runs");
        assert!(got.contains_key(SCHEMA_FILE));
    }
}

/// Temporary tables and backups left by killed runs (`.<table>.<random>.tmp`) are removed by
/// the next run into the folder; the user's files are not, even when their names are close.
#[test]
fn a_run_removes_the_temporary_files_of_earlier_runs() {
    let tmp = tempdir();
    let dir = tmp.path();
    let (_, new) = setup(dir, "freq");
    let out = dir.join("out");
    let orphans = [
        ".freq.csv.a1B2c3.tmp",
        ".stems.csv.0badf00d.old.tmp",
        ".kwic.csv.zZ9yY8.tmp",
    ];
    for name in orphans {
        write(&out, name, "left by a killed run");
    }
    let kept = [
        ".freq.csv.keep",
        ".mydata.a1B2c3.tmp",
        ".freq.csv.tmp",
        "freq.csv.a1.tmp",
    ];
    for name in kept {
        write(&out, name, "the user's");
    }
    fs::create_dir(out.join(".stems.csv.folder.tmp")).unwrap();
    run_ok(dir, ["freq", "a.txt", "b.txt", "--out", "out", "--quiet"]);
    let mut after = snapshot(&out);
    for name in orphans {
        assert!(!after.contains_key(name), "{name} is still there");
    }
    for name in kept {
        assert_eq!(
            after.remove(name).as_deref(),
            Some(&b"the user's"[..]),
            "{name}"
        );
    }
    assert!(
        after.remove(".stems.csv.folder.tmp").is_some(),
        "a folder is never removed"
    );
    assert_eq!(after, new);
}
