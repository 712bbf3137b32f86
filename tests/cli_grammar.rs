//! One grammar for the command line (docs/cli.md): inputs as positional arguments on every
//! command, nodes told apart from inputs, the note on a node that matches nothing, help
//! grouped under headings with only the options a command uses, and one error prefix with
//! exit code 2 for bad usage.

mod common;

use common::{entries, run_err, run_in, run_ok, tempdir_with, write, Table};

const TEXT: &str = "The Soviet met the workers. The Soviet voted for peace.\n\n\
                    The Cadets left the Soviet.\n";

/// The documents of a kwic or collocations table on standard output.
fn documents(stdout: &str) -> Vec<String> {
    let table = Table::parse(stdout);
    let mut ids: Vec<String> = table
        .values("document")
        .iter()
        .map(|s| s.to_string())
        .collect();
    ids.dedup();
    ids
}

/// `kwic soviet FILE` searches FILE (not the shipped corpus): three lines, all from it.
#[test]
fn kwic_node_then_file_reads_the_file() {
    let dir = tempdir_with("reed.txt", TEXT);
    let run = run_ok(dir.path(), ["kwic", "soviet", "reed.txt", "-q"]);
    let table = Table::parse(&run.stdout);
    assert_eq!(table.values("node"), ["Soviet", "Soviet", "Soviet"]);
    assert_eq!(documents(&run.stdout), ["reed"]);
    // The same for collocations, a folder (a path with a separator) and standard input.
    let run = run_ok(dir.path(), ["collocations", "soviet", "reed.txt", "-q"]);
    let docs = documents(&run.stdout);
    assert!(
        docs.iter().all(|d| d == "(corpus)" || d == "reed"),
        "{docs:?}"
    );
    let run = run_ok(dir.path(), ["kwic", "soviet", "./", "-q"]);
    assert_eq!(documents(&run.stdout), ["reed"]);
    let mut kwic = common::command(dir.path(), ["kwic", "Cadets", "-", "-q"]);
    kwic.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = kwic.spawn().unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), TEXT.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(Table::parse(&stdout).values("node"), ["Cadets"]);
    assert_eq!(documents(&stdout), ["stdin"]);
}

/// `-i` still works, alone or with positional inputs, and gives the same table.
#[test]
fn dash_i_still_works() {
    let dir = tempdir_with("reed.txt", TEXT);
    write(dir.path(), "b.txt", "The Soviet again.\n");
    let positional = run_ok(dir.path(), ["kwic", "soviet", "reed.txt", "-q"]);
    let with_i = run_ok(dir.path(), ["kwic", "soviet", "-i", "reed.txt", "-q"]);
    assert_eq!(positional.stdout, with_i.stdout);
    let both = run_ok(
        dir.path(),
        ["kwic", "soviet", "b.txt", "-i", "reed.txt", "-q"],
    );
    assert_eq!(Table::parse(&both.stdout).values("node").len(), 4);
    let sketch = run_ok(dir.path(), ["sketch", "soviet", "-i", "reed.txt", "-q"]);
    assert!(sketch.stdout.starts_with("document,node,relation"));
}

/// With `--node`, every positional argument is an input, even one that looks like a node;
/// a bare name that is also a file here is ambiguous without it (exit 2, with the hint).
#[test]
fn node_option_and_ambiguous_names() {
    let dir = tempdir_with("soviet", TEXT);
    let run = run_err(dir.path(), ["kwic", "soviet", "soviet"], 2);
    assert!(
        run.stderr
            .starts_with("corpus-lens: error: 'soviet' could be a node or the file"),
        "{}",
        run.stderr
    );
    run.assert_stderr_has(&["./soviet", "--node 'soviet'"]);
    assert_eq!(run.stdout, "");
    let run = run_ok(dir.path(), ["kwic", "--node", "soviet", "soviet", "-q"]);
    assert_eq!(documents(&run.stdout), ["soviet"]);
    // The node is still a bare name that is a file here, whatever the other arguments.
    run_err(dir.path(), ["kwic", "soviet", "./soviet", "-q"], 2);
    let run = run_ok(dir.path(), ["kwic", "-n", "soviet", "./soviet", "-q"]);
    assert_eq!(Table::parse(&run.stdout).values("node").len(), 3);
    // With -i the bare name is the node, as before positional inputs.
    let run = run_ok(dir.path(), ["kwic", "soviet", "-i", "./soviet", "-q"]);
    assert_eq!(Table::parse(&run.stdout).values("node").len(), 3);
    // No node at all is bad usage.
    let run = run_err(dir.path(), ["kwic", "reed.txt"], 2);
    assert!(run.stderr.starts_with("corpus-lens: error: no node given"));
}

/// A node that matches nothing: a note naming it on stderr and exit 0 (the others' rows
/// written); with --require-match, exit 1 and no table.
#[test]
fn unknown_node_note() {
    let dir = tempdir_with("reed.txt", TEXT);
    for sub in ["kwic", "collocations"] {
        let run = run_ok(dir.path(), [sub, "soviet", "Zinovievsk", "reed.txt"]);
        run.assert_stderr_has(&[
            "corpus-lens: note: node 'Zinovievsk' matched nothing in the 1 document read",
        ]);
        assert!(!run.stderr.contains("'soviet'"), "{}", run.stderr);
        assert!(!Table::parse(&run.stdout).values("node").is_empty());
        let quiet = run_ok(dir.path(), [sub, "Zinovievsk", "reed.txt", "-q"]);
        assert_eq!(quiet.stderr, "");
        let strict = run_err(
            dir.path(),
            [
                sub,
                "soviet",
                "Zinovievsk",
                "reed.txt",
                "--require-match",
                "--out",
                "t",
            ],
            1,
        );
        assert!(strict
            .stderr
            .starts_with("corpus-lens: error: node 'Zinovievsk' matched nothing"));
        assert_eq!(strict.stdout, "");
        assert_eq!(entries(dir.path()), ["reed.txt"], "{sub} wrote a table");
    }
    let run = run_ok(
        dir.path(),
        ["analyze", "reed.txt", "--node", "Zinovievsk", "--out", "o"],
    );
    run.assert_stderr_has(&["note: node 'Zinovievsk' matched nothing"]);
    // Not on analyze's default nodes, which this text lacks (coalitionist, bourgeoisie).
    let run = run_ok(dir.path(), ["analyze", "reed.txt", "--out", "o"]);
    assert!(!run.stderr.contains("note: node"), "{}", run.stderr);
    write(dir.path(), "b.txt", "The Soviet met again.\n");
    let args = [
        "compare",
        "reed.txt",
        "b.txt",
        "--target",
        "reed",
        "--node",
        "Zinovievsk",
    ];
    let run = run_ok(dir.path(), args.iter().chain(&["--out", "c"]));
    run.assert_stderr_has(&["note: node 'Zinovievsk' matched nothing"]);
    // sketch: a node in no relation (a lemma that never occurs) gets its note too.
    let run = run_ok(dir.path(), ["sketch", "soviet", "zinovievsk", "reed.txt"]);
    run.assert_stderr_has(&["note: node 'zinovievsk' is in no grammatical relation"]);
    assert!(!run.stderr.contains("'soviet'"), "{}", run.stderr);
}

/// `--help` groups options under headings.
#[test]
fn help_headings_present() {
    let dir = tempdir_with("reed.txt", TEXT);
    let cases: [(&str, &[&str]); 5] = [
        (
            "kwic",
            &[
                "Input:",
                "Nodes:",
                "Concordance:",
                "Counting:",
                "Output:",
                "Performance:",
            ],
        ),
        (
            "collocations",
            &[
                "Input:",
                "Nodes:",
                "Collocation windows:",
                "Collocates:",
                "Output:",
            ],
        ),
        (
            "analyze",
            &[
                "Nodes:",
                "Collocation windows:",
                "Concordance:",
                "Collocates:",
                "N-grams:",
                "Framing:",
                "Keyness:",
                "Lemmas:",
                "Frequency tables:",
                "Input:",
                "Counting:",
                "Output:",
                "Performance:",
            ],
        ),
        (
            "freq",
            &["Frequency tables:", "Input:", "Counting:", "Output:"],
        ),
        (
            "framing",
            &["Framing:", "Input:", "Output:", "Performance:"],
        ),
    ];
    for (sub, headings) in cases {
        let help = run_ok(dir.path(), [sub, "--help"]).stdout;
        let lines: Vec<&str> = help.lines().collect();
        for heading in headings {
            assert!(
                lines.contains(heading),
                "{sub} --help lacks {heading}:\n{help}"
            );
        }
        // The options sit under their heading: --threads under Performance.
        let perf = lines.iter().position(|l| *l == "Performance:").unwrap();
        assert!(
            lines[perf + 1].contains("--threads"),
            "{sub}: {}",
            lines[perf + 1]
        );
    }
}

/// Options a command ignores are not on it: neither in its help nor accepted (exit 2).
#[test]
fn unused_options_absent() {
    let dir = tempdir_with("reed.txt", TEXT);
    let absent: [(&str, &[&str]); 9] = [
        (
            "kwic",
            &[
                "--counting",
                "--left",
                "--right",
                "--within",
                "--parts",
                "--min-o11",
            ],
        ),
        ("collocations", &["--width", "--parts"]),
        ("compare", &["--width"]),
        ("sketch", &["--width", "--counting", "--parts", "--pos"]),
        ("framing", &["--parts", "--width"]),
        ("evaluate", &["--parts"]),
        ("sentiment", &["--parts", "--input-format"]),
        // Counted by paragraph, whatever the parts of the words' dispersion.
        ("ngrams", &["--parts"]),
        ("lemmas", &["--parts"]),
    ];
    for (sub, options) in absent {
        let help = run_ok(dir.path(), [sub, "--help"]).stdout;
        for option in options {
            assert!(
                !help.contains(&format!("{option} ")) && !help.contains(&format!("{option}\n")),
                "{sub} --help shows {option}"
            );
        }
    }
    for args in [
        &["kwic", "soviet", "reed.txt", "--counting", "union"][..],
        &["collocations", "soviet", "reed.txt", "--width", "3"],
        &["kwic", "soviet", "reed.txt", "--parts", "chapter"],
    ] {
        let run = run_err(dir.path(), args, 2);
        run.assert_stderr_has(&["unexpected argument"]);
    }
    // And the options a command uses are there.
    let kwic = run_ok(dir.path(), ["kwic", "--help"]).stdout;
    for option in [
        "--width",
        "--by",
        "--node",
        "--input",
        "--require-match",
        "--sort",
    ] {
        assert!(kwic.contains(option), "kwic lacks {option}");
    }
    let freq = run_ok(dir.path(), ["freq", "--help"]).stdout;
    assert!(freq.contains("--parts") && freq.contains("--input-format"));
}

/// One error prefix: clap's usage errors and the tool's own start with
/// `corpus-lens: error: `; bad usage exits 2, bad input 1, help and version 0.
#[test]
fn error_prefix_and_exit_codes() {
    let dir = tempdir_with("reed.txt", TEXT);
    let usage: [&[&str]; 5] = [
        &["kwic", "soviet", "--bogus"],
        &["analyze", "--threads", "0"],
        &["nonsense-command"],
        &["kwic", "soviet", "--width", "x"],
        &["collocations", "soviet", "reed.txt", "--sort", "nonsense"],
    ];
    for args in usage {
        let run = run_err(dir.path(), args, 2);
        assert!(
            run.stderr.starts_with("corpus-lens: error: "),
            "{args:?}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("\nerror:"), "{args:?}: {}", run.stderr);
    }
    let missing = run_err(dir.path(), ["kwic", "soviet", "missing.txt"], 1);
    assert!(missing
        .stderr
        .starts_with("corpus-lens: error: missing.txt: no such file"));
    let no_command = run_in(dir.path(), Vec::<&str>::new());
    assert_eq!(no_command.code, Some(2));
    assert!(no_command.stderr.contains("Usage"));
    run_ok(dir.path(), ["--version"]);
    run_ok(dir.path(), ["kwic", "--help"]);
    assert_eq!(entries(dir.path()), ["reed.txt"]);
}

/// `--out lines.csv` on a one-table command writes that file (the bytes of standard output,
/// no schema.csv beside it), making its folders; a folder keeps its meaning even when its
/// name ends in .csv; an extension that contradicts `--format` is bad usage and writes
/// nothing.
#[test]
fn out_naming_a_csv_file_writes_that_file() {
    let dir = tempdir_with("reed.txt", TEXT);
    let stdout = run_ok(dir.path(), ["kwic", "soviet", "reed.txt", "-q"]).stdout;
    run_ok(
        dir.path(),
        ["kwic", "soviet", "reed.txt", "-q", "--out", "lines.csv"],
    );
    let file = std::fs::read_to_string(dir.path().join("lines.csv")).unwrap();
    assert_eq!(file, stdout);
    assert_eq!(entries(dir.path()), ["lines.csv", "reed.txt"]);
    let deeper = ["kwic", "soviet", "reed.txt", "-q", "-o", "a/b/Lines.CSV"];
    run_ok(dir.path(), deeper);
    assert_eq!(entries(&dir.path().join("a/b")), ["Lines.CSV"]);
    // An existing folder named like a file is still a folder.
    std::fs::create_dir(dir.path().join("old.csv")).unwrap();
    run_ok(
        dir.path(),
        ["kwic", "soviet", "reed.txt", "-q", "--out", "old.csv"],
    );
    assert_eq!(
        entries(&dir.path().join("old.csv")),
        ["kwic.csv", "schema.csv"]
    );
    let run = run_err(dir.path(), ["ngrams", "reed.txt", "--out", "n.parquet"], 2);
    assert!(run.stderr.contains("--format parquet"), "{}", run.stderr);
    assert!(!dir.path().join("n.parquet").exists());
    // A command that writes several tables refuses a new folder named like a file.
    let run = run_err(dir.path(), ["freq", "reed.txt", "--out", "tables.csv"], 2);
    assert!(run.stderr.contains("give a folder name"), "{}", run.stderr);
    assert!(!dir.path().join("tables.csv").exists());
}

/// Standard input is `-` in the tables and in errors, not the temporary copy it is read
/// from (whose name changes from run to run): two runs give the same bytes.
#[test]
fn standard_input_is_named_dash() {
    let dir = tempdir_with("reed.txt", TEXT);
    let run = |args: &[&str], input: &str| {
        let mut cmd = common::command(dir.path(), args);
        cmd.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    for out in ["a", "b"] {
        let done = run(&["freq", "-", "-q", "--out", out], TEXT);
        assert!(done.status.success(), "{done:?}");
    }
    let summary = std::fs::read_to_string(dir.path().join("a/corpus_summary.csv")).unwrap();
    assert_eq!(Table::parse(&summary).values("path"), ["-"]);
    let again = std::fs::read_to_string(dir.path().join("b/corpus_summary.csv")).unwrap();
    assert_eq!(summary, again);
    let empty = run(&["kwic", "soviet", "-"], "");
    assert_eq!(empty.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&empty.stderr);
    assert!(
        stderr.contains("- (standard input): empty file"),
        "{stderr}"
    );
    assert!(!stderr.contains("corpus-lens-stdin"), "{stderr}");
}

/// A file written with `--partial` or `--out FILE` never replaces an input (exit 1, the input
/// untouched, before any work), and a run that fails leaves the file that was there.
#[test]
fn file_outputs_never_replace_inputs_or_half_write() {
    let dir = tempdir_with("reed.txt", TEXT);
    write(
        dir.path(),
        "m.toml",
        "[[document]]\nid = \"reed\"\npath = \"reed.txt\"\n",
    );
    for (args, input) in [
        (
            vec!["count", "reed.txt", "--partial", "reed.txt"],
            "reed.txt",
        ),
        (
            vec!["count", "m.toml", "--partial", "./reed.txt"],
            "reed.txt",
        ),
        (vec!["count", "m.toml", "--partial", "m.toml"], "m.toml"),
        (vec!["parse", "reed.txt", "--out", "reed.txt"], "reed.txt"),
    ] {
        let before = std::fs::read(dir.path().join(input)).unwrap();
        let run = run_err(dir.path(), &args, 1);
        assert!(
            run.stderr.contains("would overwrite an input file"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(std::fs::read(dir.path().join(input)).unwrap(), before);
    }
    // A parse that fails half-way (the second input is missing) keeps the old output.
    write(dir.path(), "out.conllu", "OLD\n");
    let run = run_err(
        dir.path(),
        ["parse", "reed.txt", "missing.txt", "--out", "out.conllu"],
        1,
    );
    assert!(run.stderr.contains("missing.txt"), "{}", run.stderr);
    let kept = std::fs::read_to_string(dir.path().join("out.conllu")).unwrap();
    assert_eq!(kept, "OLD\n");
    // One that succeeds replaces it, and leaves no temporary file.
    run_ok(dir.path(), ["parse", "reed.txt", "--out", "out.conllu"]);
    let parsed = std::fs::read_to_string(dir.path().join("out.conllu")).unwrap();
    assert!(parsed.starts_with("# sent_id = reed.txt-1\n"), "{parsed}");
    assert_eq!(entries(dir.path()), ["m.toml", "out.conllu", "reed.txt"]);
}

/// `--out -` is standard output for a command that writes one table (and for `parse`), and a
/// usage error where the output is a folder of tables or a partial file: never a file or
/// folder named `-`.
#[test]
fn out_dash_is_standard_output() {
    let dir = tempdir_with("reed.txt", TEXT);
    let to_stdout = run_ok(dir.path(), ["kwic", "soviet", "reed.txt", "--out", "-"]);
    let plain = run_ok(dir.path(), ["kwic", "soviet", "reed.txt"]);
    assert_eq!(to_stdout.stdout, plain.stdout);
    assert!(to_stdout.stderr.contains("1 table in standard output"));
    let parsed = run_ok(dir.path(), ["parse", "reed.txt", "--out", "-"]);
    assert!(parsed.stdout.starts_with("# sent_id = reed.txt-1\n"));
    for args in [
        &["freq", "reed.txt", "--out", "-"][..],
        &["count", "reed.txt", "--partial", "-"][..],
    ] {
        let run = run_err(dir.path(), args, 2);
        assert!(run.stderr.contains(" -: "), "{}", run.stderr);
    }
    assert_eq!(entries(dir.path()), ["reed.txt"]);
}
