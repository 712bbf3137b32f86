//! `count --partial` and `merge`: the partials of any split of the shipped corpus merge into
//! the tables of `analyze`, byte for byte; mismatched partials are clear errors.

mod common;

use std::path::Path;

use common::{run_err, run_ok, tempdir};

const MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora/manifest.toml");
const IDS: [&str; 8] = [
    "trotsky1918",
    "reed1919",
    "denikin1922",
    "radziwill1918",
    "ransome1919",
    "trotsky1918our",
    "bryant1923",
    "trotsky1919",
];
/// Fewer replicates than the default keep the test short; the intervals are still the
/// bootstrap's, seeded by document.
const OPTIONS: [&str; 2] = ["--replicates", "199"];

/// A small deterministic generator (SplitMix64) for the splits.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Every file of `dir`, sorted, with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

fn count(dir: &Path, ids: &[&str], file: &str) {
    let mut args = vec!["count", MANIFEST, "--quiet", "--partial", file];
    let list = ids.join(",");
    args.extend(["--documents", &list]);
    args.extend(OPTIONS);
    run_ok(dir, args);
}

#[test]
fn merged_partials_of_random_splits_write_the_bytes_of_analyze() {
    let dir = tempdir();
    let dir = dir.path();
    let mut args = vec!["analyze", MANIFEST, "--quiet", "--out", "whole"];
    args.extend(OPTIONS);
    run_ok(dir, args);
    let whole = files(&dir.join("whole"));
    assert!(
        whole.iter().any(|f| f.0 == "framing_summary.csv"),
        "bootstrap tables"
    );
    let mut state = 25;
    for split in 0..3 {
        // Shuffle the documents and cut them into 2 to 4 groups.
        let mut ids = IDS.to_vec();
        for i in (1..ids.len()).rev() {
            ids.swap(i, (splitmix(&mut state) % (i as u64 + 1)) as usize);
        }
        let groups = 2 + split;
        let mut names = Vec::new();
        for g in 0..groups {
            let mine: Vec<&str> = ids.iter().skip(g).step_by(groups).copied().collect();
            let name = format!("s{split}_{g}.partial");
            count(dir, &mine, &name);
            names.push(name);
        }
        // The files in any order.
        names.reverse();
        let out = format!("merged{split}");
        let mut args: Vec<&str> = vec!["merge", "--quiet", "--out", &out];
        args.extend(names.iter().map(String::as_str));
        args.extend(OPTIONS);
        run_ok(dir, args);
        let merged = files(&dir.join(&out));
        assert_eq!(merged.len(), whole.len(), "split {split}: the same tables");
        for ((name, a), (other, b)) in whole.iter().zip(&merged) {
            assert_eq!(name, other);
            assert!(
                a == b,
                "split {split} ({ids:?} in {groups}): {name} differs"
            );
        }
    }
}

#[test]
fn mismatched_partials_are_errors_naming_the_files() {
    let dir = tempdir();
    let dir = dir.path();
    count(dir, &["ransome1919"], "a.partial");
    count(dir, &["ransome1919"], "again.partial");
    run_ok(
        dir,
        [
            "count",
            MANIFEST,
            "--quiet",
            "--partial",
            "numbers.partial",
            "--documents",
            "trotsky1918",
            "--keep-numbers",
            "--replicates",
            "199",
        ],
    );
    // Different options: exit 1, naming both files and the option.
    let run = run_err(
        dir,
        [
            "merge",
            "a.partial",
            "numbers.partial",
            "--replicates",
            "199",
        ],
        1,
    );
    run.assert_stderr_has(&["numbers.partial", "a.partial", "keep_numbers"]);
    // One document in two partials.
    let run = run_err(
        dir,
        ["merge", "a.partial", "again.partial", "--replicates", "199"],
        1,
    );
    run.assert_stderr_has(&["again.partial", "ransome1919", "one partial only"]);
    // Merge given other options than count.
    let run = run_err(dir, ["merge", "a.partial"], 2);
    run.assert_stderr_has(&["a.partial", "replicates=199"]);
    // Not a partial.
    std::fs::write(dir.join("bad.partial"), "hello").unwrap();
    let run = run_err(dir, ["merge", "bad.partial"], 1);
    run.assert_stderr_has(&["bad.partial", "not a corpus-lens partial file"]);
    // An unknown document; analyses partials do not hold yet.
    let run = run_err(
        dir,
        [
            "count",
            MANIFEST,
            "--partial",
            "x.partial",
            "--documents",
            "nobody",
        ],
        2,
    );
    run.assert_stderr_has(&["nobody"]);
    let run = run_err(
        dir,
        ["count", MANIFEST, "--partial", "x.partial", "--ngrams"],
        2,
    );
    run.assert_stderr_has(&["n-grams"]);
    assert!(!dir.join("x.partial").exists());
}
