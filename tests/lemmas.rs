//! The `lemmas` command: lemmas.csv on standard output, `--pos`, `--variants`, and its errors.

mod common;

use common::{run_err, run_ok, tempdir, write, Table};

#[test]
fn lemmas_fold_spellings_and_filter_by_tag() {
    let dir = tempdir();
    let here = dir.path();
    write(
        here,
        "a.txt",
        "The Bolsheviki took the Palace. Lenine spoke.\n\nThe Bolsheviks were marching.\n",
    );
    let csv = run_ok(here, ["lemmas", "a.txt", "-q"]).stdout;
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
    let table = Table::parse(&csv);
    let total: u64 = table.rows.iter().map(|r| table.int(r, "freq")).sum();
    assert_eq!(total, 11);

    let csv = run_ok(here, ["lemmas", "a.txt", "-q", "--pos", "PROPN,VERB"]).stdout;
    assert!(csv
        .lines()
        .skip(1)
        .all(|l| l.contains(",PROPN,") || l.contains(",VERB,")));
    assert!(csv.contains("\ntake,VERB,"));

    let csv = run_ok(here, ["lemmas", "a.txt", "-q", "--no-variants"]).stdout;
    assert!(csv.contains("\nbolsheviki,PROPN,1,"), "{csv}");
    assert!(csv.contains("\nlenine,PROPN,1,"), "{csv}");

    write(here, "v.toml", "[variants]\ntake = \"seize\"\n");
    let csv = run_ok(here, ["lemmas", "a.txt", "-q", "--variants", "v.toml"]).stdout;
    assert!(csv.contains("\nseize,VERB,1,"), "{csv}");
    assert!(
        csv.contains("\nbolsheviki,PROPN,1,"),
        "the shipped table is replaced: {csv}"
    );
}

#[test]
fn bad_tags_and_variants_are_errors_naming_the_problem() {
    let dir = tempdir();
    let here = dir.path();
    write(here, "a.txt", "Peace and bread.\n");
    let run = run_err(here, ["lemmas", "a.txt", "--pos", "NOUN,NN"], 2);
    run.assert_stderr_has(&["--pos: 'NN' is not a UPOS tag"]);
    assert!(run.stdout.is_empty());

    write(here, "v.toml", "[variants]\na = \"b\"\nb = \"c\"\n");
    let run = run_err(here, ["lemmas", "a.txt", "--variants", "v.toml"], 1);
    run.assert_stderr_has(&["v.toml:2:", "is itself a variant"]);

    let run = run_err(here, ["lemmas", "a.txt", "--variants", "none.toml"], 1);
    run.assert_stderr_has(&["none.toml"]);
}

#[test]
fn nodes_and_keyness_by_lemma() {
    let dir = tempdir();
    let here = dir.path();
    write(
        here,
        "a.txt",
        "The Bolsheviki took the Palace. The Bolsheviks take the bridges.\n\n\
         The soldiers had taken the station.\n",
    );
    write(here, "b.txt", "The Cadets fled. The Cadets wept.\n");
    // Every form of "take", and no other word.
    let kwic = |args: &[&str]| {
        let mut all = vec!["kwic"];
        all.extend(args);
        all.extend(["-i", "a.txt", "-q"]);
        Table::parse(&run_ok(here, all).stdout)
    };
    let table = kwic(&["take", "--by", "lemma"]);
    assert_eq!(table.values("node"), ["took", "take", "taken"]);
    // A node in a period spelling is looked for as its lemma; --pos restricts the tokens.
    assert_eq!(kwic(&["Bolsheviki", "--by", "lemma"]).rows.len(), 2);
    assert_eq!(
        kwic(&["take", "--by", "lemma", "--pos", "NOUN"]).rows.len(),
        0
    );
    let without = ["kwic", "take", "--pos", "VERB", "-i", "a.txt"];
    run_err(here, without, 2).assert_stderr_has(&["--pos"]);

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
    run_ok(here, args);
    let keyness = std::fs::read_to_string(here.join("out/keyness.csv")).unwrap();
    let row = keyness
        .lines()
        .find(|l| l.starts_with("a,b,bolshevik,"))
        .unwrap_or_else(|| panic!("{keyness}"));
    assert!(row.starts_with("a,b,bolshevik,2,0,"), "{row}");
    assert!(!keyness.contains(",bolsheviki,"));
}

/// The rows of `sketch ARGS... --min-count 1 -q` run in `dir`.
fn sketch(dir: &std::path::Path, args: &[&str]) -> String {
    let mut all = vec!["sketch"];
    all.extend(args);
    all.extend(["--min-count", "1", "-q"]);
    run_ok(dir, all).stdout
}

#[test]
fn sketch_counts_relations_with_log_dice() {
    let dir = tempdir();
    let here = dir.path();
    write(
        here,
        "a.txt",
        "The Bolsheviki seized the bridges. The Bolsheviks seized the station.\n\n\
         The Cadets seized nothing.\n",
    );
    let csv = sketch(here, &["Bolsheviki", "-i", "a.txt"]);
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

    let run = run_err(here, ["sketch", "Soviet power", "-i", "a.txt"], 2);
    assert!(run.stdout.is_empty(), "a sketch's node is one word");
}

/// relations.csv cites each triple's first occurrence: the node word's line and byte offset
/// in its file; the corpus's row gives the first document in corpus order, even where a
/// later document has it at a smaller offset.
#[test]
fn relations_cite_the_first_occurrence() {
    let dir = tempdir();
    let here = dir.path();
    let a = "The Cadets left.\n\nThe Bolsheviki seized the bridges. The Bolsheviks seized the station.\n";
    write(here, "a.txt", a);
    write(here, "b.txt", "The Bolsheviki seized power.\n");
    let csv = sketch(here, &["bolshevik", "a.txt", "b.txt"]);
    let row = |prefix: &str| -> Vec<String> {
        let line = csv
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in {csv}"));
        line.split(',').map(str::to_string).collect()
    };
    assert_eq!(a.find("Bolsheviki"), Some(22));
    for (prefix, cited) in [
        ("(corpus),bolshevik,subject_of,seize,", ["a", "3", "22", ""]),
        ("a,bolshevik,subject_of,seize,", ["a", "3", "22", ""]),
        ("b,bolshevik,subject_of,seize,", ["b", "1", "4", ""]),
    ] {
        assert_eq!(row(prefix)[8..], cited, "{prefix}");
    }
}
