//! The `lemmas` command: lemmas.csv on standard output, `--pos`, `--variants`, and its errors.

mod common;

use std::process::Command;

use common::BIN;

fn run(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn lemmas_fold_spellings_and_filter_by_tag() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "The Bolsheviki took the Palace. Lenine spoke.\n\nThe Bolsheviks were marching.\n",
    )
    .unwrap();
    let out = run(&["lemmas", "a.txt", "-q"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].starts_with("lemma,upos,freq,per_million,range,range_pct,n_documents,dp,"));
    let row = |lemma: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{lemma},")))
            .unwrap_or_else(|| panic!("no {lemma} in {csv}"))
            .to_string()
    };
    let bolshevik = row("bolshevik");
    assert!(bolshevik.starts_with("bolshevik,PROPN,2,"), "{bolshevik}");
    assert!(
        bolshevik.ends_with(",2,bolsheviki:1|bolsheviks:1"),
        "{bolshevik}"
    );
    assert!(row("lenin").ends_with(",1,lenine:1"));
    assert!(row("take").starts_with("take,VERB,1,"));
    // 11 counted tokens, each under one lemma.
    let total: u64 = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(2).unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(total, 11);

    let out = run(
        &["lemmas", "a.txt", "-q", "--pos", "PROPN,VERB"],
        dir.path(),
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv
        .lines()
        .skip(1)
        .all(|l| l.contains(",PROPN,") || l.contains(",VERB,")));
    assert!(csv.contains("\ntake,VERB,"));

    let out = run(&["lemmas", "a.txt", "-q", "--no-variants"], dir.path());
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("\nbolsheviki,PROPN,1,"), "{csv}");
    assert!(csv.contains("\nlenine,PROPN,1,"), "{csv}");

    std::fs::write(dir.path().join("v.toml"), "[variants]\ntake = \"seize\"\n").unwrap();
    let out = run(
        &["lemmas", "a.txt", "-q", "--variants", "v.toml"],
        dir.path(),
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("\nseize,VERB,1,"), "{csv}");
    assert!(
        csv.contains("\nbolsheviki,PROPN,1,"),
        "the shipped table is replaced: {csv}"
    );
}

#[test]
fn bad_tags_and_variants_are_errors_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Peace and bread.\n").unwrap();
    let out = run(&["lemmas", "a.txt", "--pos", "NOUN,NN"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--pos: 'NN' is not a UPOS tag"), "{err}");
    assert!(out.stdout.is_empty());

    std::fs::write(
        dir.path().join("v.toml"),
        "[variants]\na = \"b\"\nb = \"c\"\n",
    )
    .unwrap();
    let out = run(&["lemmas", "a.txt", "--variants", "v.toml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("v.toml:2:"), "{err}");
    assert!(err.contains("is itself a variant"), "{err}");

    let out = run(&["lemmas", "a.txt", "--variants", "none.toml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("none.toml"));
}

#[test]
fn nodes_and_keyness_by_lemma() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "The Bolsheviki took the Palace. The Bolsheviks take the bridges.\n\n\
         The soldiers had taken the station.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.txt"),
        "The Cadets fled. The Cadets wept.\n",
    )
    .unwrap();
    // Every form of "take", and no other word.
    let out = run(
        &["kwic", "take", "--by", "lemma", "-i", "a.txt", "-q"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let nodes: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(5).unwrap())
        .collect();
    assert_eq!(nodes, ["took", "take", "taken"]);
    // A node in a period spelling is looked for as its lemma; --pos restricts the tokens.
    let out = run(
        &["kwic", "Bolsheviki", "--by", "lemma", "-i", "a.txt", "-q"],
        dir.path(),
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 3);
    let args = [
        "kwic", "take", "--by", "lemma", "--pos", "NOUN", "-i", "a.txt", "-q",
    ];
    let out = run(&args, dir.path());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
    let out = run(
        &["kwic", "take", "--pos", "VERB", "-i", "a.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "--pos without --by lemma");

    // Keyness by lemma: the two spellings of the party are one key word.
    let args = [
        "compare",
        "a.txt",
        "b.txt",
        "-t",
        "a",
        "-r",
        "b",
        "--by",
        "lemma",
        "--keyness-min-freq",
        "1",
        "-o",
        "out",
        "-q",
    ];
    let out = run(&args, dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let keyness = std::fs::read_to_string(dir.path().join("out/keyness.csv")).unwrap();
    let row = keyness
        .lines()
        .find(|l| l.starts_with("a,b,bolshevik,"))
        .unwrap_or_else(|| panic!("{keyness}"));
    assert!(row.starts_with("a,b,bolshevik,2,0,"), "{row}");
    assert!(!keyness.contains(",bolsheviki,"));
}

#[test]
fn sketch_counts_relations_with_log_dice() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "The Bolsheviki seized the bridges. The Bolsheviks seized the station.\n\n\
         The Cadets seized nothing.\n",
    )
    .unwrap();
    let args = [
        "sketch",
        "Bolsheviki",
        "-i",
        "a.txt",
        "--min-count",
        "1",
        "-q",
    ];
    let out = run(&args, dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "document,node,relation,collocate,count,f_node_relation,f_collocate_relation,log_dice,\
         first_document,line,byte_offset,page"
    );
    // Two of the three subjects of "seize" are the Bolsheviks: f(x,R,y) = 2, f(x,R) = 2,
    // f(R,y) = 3, logDice = 14 + log2(4 / 5).
    let row = lines
        .iter()
        .find(|l| l.starts_with("(corpus),Bolsheviki,subject_of,seize,"))
        .unwrap_or_else(|| panic!("{csv}"));
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(cells[4..7], ["2", "2", "3"]);
    let log_dice: f64 = cells[7].parse().unwrap();
    assert!((log_dice - (14.0 + (0.8f64).log2())).abs() < 1e-12, "{row}");
    assert!(
        csv.contains("\na,Bolsheviki,subject_of,seize,2,"),
        "per document: {csv}"
    );

    let out = run(&["sketch", "Soviet power", "-i", "a.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2), "a sketch's node is one word");
}

/// relations.csv cites each triple's first occurrence: the node word's line and byte offset
/// in its file; the corpus's row gives the first document in corpus order, even where a
/// later document has it at a smaller offset.
#[test]
fn relations_cite_the_first_occurrence() {
    let dir = tempfile::tempdir().unwrap();
    let a = "The Cadets left.\n\nThe Bolsheviki seized the bridges. The Bolsheviks seized the station.\n";
    std::fs::write(dir.path().join("a.txt"), a).unwrap();
    std::fs::write(dir.path().join("b.txt"), "The Bolsheviki seized power.\n").unwrap();
    let args = [
        "sketch",
        "bolshevik",
        "a.txt",
        "b.txt",
        "--min-count",
        "1",
        "-q",
    ];
    let out = run(&args, dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let row = |prefix: &str| -> Vec<String> {
        let line = csv
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in {csv}"));
        line.split(',').map(str::to_string).collect()
    };
    assert_eq!(a.find("Bolsheviki"), Some(22));
    assert_eq!(
        row("(corpus),bolshevik,subject_of,seize,")[8..],
        ["a", "3", "22", ""]
    );
    assert_eq!(
        row("a,bolshevik,subject_of,seize,")[8..],
        ["a", "3", "22", ""]
    );
    assert_eq!(
        row("b,bolshevik,subject_of,seize,")[8..],
        ["b", "1", "4", ""]
    );
}
