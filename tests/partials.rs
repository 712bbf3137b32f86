//! `count --partial` and `merge`: the partials of any split of the shipped corpus, merged in
//! one step or as a tree of `merge --partial`, give the tables of `analyze`, byte for byte,
//! with every analysis; mismatched partials are clear errors.

mod common;

use std::path::Path;

use common::{run_err, run_ok, tempdir, TROTSKY};
use corpus_lens::run::partial::FORMAT_VERSION;

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

/// Asserts that two folders hold the same files with the same bytes.
fn assert_same_tables(whole: &[(String, Vec<u8>)], dir: &Path, what: &str) {
    let merged = files(dir);
    let names = |f: &[(String, Vec<u8>)]| f.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&merged), names(whole), "{what}: the same tables");
    for ((name, a), (_, b)) in whole.iter().zip(&merged) {
        assert!(a == b, "{what}: {name} differs");
    }
}

/// Merges the partial files `pool` as a random tree: random groups of 2 or 3 merged with
/// `merge --partial` until one file is left, which is merged into the tables of `out`.
fn merge_as_tree(dir: &Path, mut pool: Vec<String>, state: &mut u64, options: &[&str], out: &str) {
    let mut made = 0;
    while pool.len() > 1 {
        let take = (2 + (splitmix(state) % 2) as usize).min(pool.len());
        let mut group = Vec::new();
        for _ in 0..take {
            let at = (splitmix(state) % pool.len() as u64) as usize;
            group.push(pool.swap_remove(at));
        }
        let name = format!("{out}_tree{made}.partial");
        made += 1;
        let mut args: Vec<&str> = vec!["merge", "--quiet", "--partial", &name];
        args.extend(group.iter().map(String::as_str));
        run_ok(dir, args);
        pool.push(name);
    }
    let mut args: Vec<&str> = vec!["merge", "--quiet", "--out", out, &pool[0]];
    args.extend(options);
    run_ok(dir, args);
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
        let what = format!("split {split} ({ids:?} in {groups})");
        assert_same_tables(&whole, &dir.join(&out), &what);
    }
    // A tree of merges: each document its own partial, merged in random groups of 2 or 3
    // into partials, and those again, until one is left.
    let singles: Vec<String> = IDS
        .iter()
        .map(|id| {
            let name = format!("{id}.partial");
            count(dir, &[id], &name);
            name
        })
        .collect();
    for tree in 0..2 {
        let out = format!("tree{tree}");
        merge_as_tree(dir, singles.clone(), &mut state, &OPTIONS, &out);
        assert_same_tables(&whole, &dir.join(&out), &out);
    }
}

/// The shipped Trotsky excerpt cut into three documents at paragraph breaks.
fn three_documents(dir: &Path) -> [String; 3] {
    let text = std::fs::read_to_string(TROTSKY).unwrap();
    let breaks: Vec<usize> = text.match_indices("\n\n").map(|m| m.0).collect();
    let cut = |k: usize| breaks[breaks.len() * k / 3];
    let pieces = [&text[..cut(1)], &text[cut(1)..cut(2)], &text[cut(2)..]];
    std::fs::create_dir(dir.join("texts")).unwrap();
    let names = ["first", "second", "third"];
    for (name, piece) in names.iter().zip(pieces) {
        std::fs::write(dir.join("texts").join(format!("{name}.txt")), piece).unwrap();
    }
    names.map(String::from)
}

#[test]
fn every_analysis_merges_into_the_bytes_of_analyze() {
    let dir = tempdir();
    let dir = dir.path();
    let ids = three_documents(dir);
    // n-grams, lemmas (and keyness and windows by lemma), actions, framing, parts.
    let options = [
        "--replicates",
        "199",
        "--ngrams",
        "--lemmas",
        "--by",
        "lemma",
        "--actions",
        "--parts",
        "chapter",
    ];
    let mut args = vec!["analyze", "texts", "--quiet", "--out", "whole"];
    args.extend(options);
    run_ok(dir, args);
    let whole = files(&dir.join("whole"));
    for table in [
        "ngrams.csv",
        "lemmas.csv",
        "faction_actions.csv",
        "keyness.csv",
    ] {
        assert!(whole.iter().any(|f| f.0 == table), "{table} written");
    }
    let mut names = Vec::new();
    for id in &ids {
        let name = format!("{id}.partial");
        let mut args = vec![
            "count",
            "texts",
            "--quiet",
            "--partial",
            &name,
            "--documents",
            id,
        ];
        args.extend(options);
        run_ok(dir, args);
        names.push(name);
    }
    // All at once, the files in another order.
    let mut args = vec![
        "merge", "--quiet", "--out", "merged", &names[2], &names[0], &names[1],
    ];
    args.extend(options);
    run_ok(dir, args);
    assert_same_tables(&whole, &dir.join("merged"), "one merge");
    // As a tree: (second, third), then first.
    let mut state = 7;
    merge_as_tree(dir, names, &mut state, &options, "tree");
    assert_same_tables(&whole, &dir.join("tree"), "a tree of merges");
}

#[test]
fn relations_merge_into_the_counts_of_one_run() {
    use corpus_lens::analyses::lemmas::LemmaOptions;
    use corpus_lens::analyses::sketch::{relation_rows, SketchOptions};
    use corpus_lens::corpus::Corpus;
    use corpus_lens::engine::{Analyzer, Config};
    use corpus_lens::run::partial::Merger;
    let dir = tempdir();
    let dir = dir.path();
    let ids = three_documents(dir);
    let corpus = Corpus::from_inputs(&[dir.join("texts")]).unwrap();
    let lemmas = LemmaOptions::load_default().unwrap().into();
    let sketch = SketchOptions::new(lemmas, &["soviet", "bolshevik", "peace"]);
    let mut config = Config::default();
    config.count.sketch = Some(sketch.clone().into());
    let analyzer = Analyzer::new(config);
    let whole = analyzer.run(&corpus).unwrap();
    let rows = |a: &corpus_lens::engine::Analysis| {
        let documents: Vec<String> = a.documents.iter().map(|d| d.document.id.clone()).collect();
        relation_rows(a.sketch.as_ref().unwrap(), &sketch, &documents, 1)
    };
    let expected = rows(&whole);
    assert!(expected.len() > 20, "relations counted: {}", expected.len());
    let path = |name: &str| dir.join(name);
    for (k, id) in ids.iter().enumerate() {
        let name = format!("{k}.partial");
        let mine = Some(std::slice::from_ref(id));
        analyzer
            .count_partial(&corpus, mine, vec![], &[], &path(&name))
            .unwrap();
    }
    let (_, mut merger) = Merger::open(&[path("2.partial"), path("0.partial")]).unwrap();
    merger.write_partial(&path("02.partial")).unwrap();
    let (_, mut merger) = Merger::open(&[path("02.partial"), path("1.partial")]).unwrap();
    let (merged_corpus, merged) = merger.run(&analyzer).unwrap();
    assert_eq!(merged_corpus.documents(), corpus.documents());
    assert_eq!(rows(&merged), expected);
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
    // An unknown document.
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
    assert!(!dir.join("x.partial").exists());
    // merge writes tables or a partial, not both; never over its input.
    let both = ["merge", "a.partial", "--out", "t", "--partial", "x.partial"];
    run_err(dir, both, 2).assert_stderr_has(&["--partial", "--out"]);
    let over = ["merge", "a.partial", "--partial", "a.partial"];
    run_err(dir, over, 2).assert_stderr_has(&["would replace the input"]);
    // A partial of an older format: a clear error asking to count again.
    let mut old = std::fs::read(dir.join("a.partial")).unwrap();
    let version = [b"version".as_slice(), &[FORMAT_VERSION as u8]].concat();
    let at = old.windows(8).position(|w| w == version).unwrap();
    old[at + 7] = FORMAT_VERSION as u8 - 1;
    std::fs::write(dir.join("old.partial"), old).unwrap();
    let run = run_err(dir, ["merge", "old.partial", "--replicates", "199"], 1);
    run.assert_stderr_has(&["old.partial", "older format", "count it again"]);
}
