//! Paragraphs are bounded whatever the file's layout: a file of one 24 MB line is counted
//! under a 400 MB address-space limit (before, one paragraph was held and scanned whole:
//! 1 GB needed 12 GB), its paragraphs are cut at sentence ends and reported in
//! `corpus_summary.csv`, and `--paragraphs` picks the layout.

mod common;

use std::path::Path;

use common::{assert_success, command, run_limited, tempdir, write, Table};

/// Sentences of varied words, `bytes` long, joined by `sep`.
fn prose(bytes: usize, sep: &str) -> String {
    let sentences = [
        "The Soviet met at Smolny and the Bolsheviks spoke for bread and peace.",
        "Kerensky left the Winter Palace in a car of the American embassy.",
        "\"All power to the Soviets!\" the soldiers shouted in the square.",
        "The Cadets and the Mensheviks walked out of the Congress that night.",
    ];
    let mut text = String::with_capacity(bytes + 100);
    let mut k = 0;
    while text.len() < bytes {
        text.push_str(sentences[k % sentences.len()]);
        text.push_str(if k % 7 == 6 { sep } else { " " });
        k += 1;
    }
    text
}

fn summary(dir: &Path, out: &str) -> Table {
    Table::read(&dir.join(out).join("corpus_summary.csv"))
}

#[test]
fn a_one_line_file_runs_in_bounded_memory_and_reports_its_split_paragraphs() {
    let dir = tempdir();
    write(dir.path(), "one-line.txt", prose(24 << 20, " "));
    let args = ["freq", "one-line.txt", "--out", "out", "-j", "2"];
    let output = run_limited(dir.path(), &args, libc::RLIMIT_AS, 400 << 20);
    assert_success(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("1 paragraph(s) over 100,000 bytes counted as pieces"),
        "{stderr}"
    );
    let table = summary(dir.path(), "out");
    assert_eq!(table.values("split_paragraphs"), ["1"]);
    assert_eq!(table.values("paragraph_layout"), ["blank-line"]);
    // 24 MiB in pieces of at most 100,000 bytes.
    let paragraphs: u64 = table.values("paragraphs")[0].parse().unwrap();
    assert!((252..400).contains(&paragraphs), "{paragraphs} pieces");
}

#[test]
fn the_layout_is_chosen_by_rule_or_by_option() {
    let dir = tempdir();
    // One paragraph a line: long lines, no blank line.
    write(dir.path(), "lines.txt", prose(20_000, "\n"));
    // Hard-wrapped without blank lines: short lines, one paragraph (under the limit).
    let wrapped = prose(20_000, " ").replace(". ", ".\n");
    write(dir.path(), "wrapped.txt", &wrapped);
    let run = |args: &[&str], out: &str| {
        let mut all = args.to_vec();
        all.extend(["--out", out, "-q"]);
        assert_success(&command(dir.path(), all).output().unwrap());
        let t = summary(dir.path(), out);
        (
            t.values("paragraph_layout")
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
            t.values("paragraphs")
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>(),
        )
    };
    let (layout, paragraphs) = run(&["freq", "lines.txt", "wrapped.txt"], "auto");
    assert_eq!(layout, ["line", "blank-line"]);
    assert_eq!(paragraphs[1], "1");
    let lines = prose(20_000, "\n").lines().count().to_string();
    assert_eq!(paragraphs[0], lines);
    let (layout, paragraphs) = run(&["freq", "--paragraphs", "line", "wrapped.txt"], "line");
    assert_eq!(layout, ["line"]);
    assert_eq!(paragraphs[0], wrapped.lines().count().to_string());
    let (layout, _) = run(
        &["freq", "--paragraphs", "blank-line", "lines.txt"],
        "blank",
    );
    assert_eq!(layout, ["blank-line"]);
    let bad = command(dir.path(), ["freq", "--paragraphs", "lines", "lines.txt"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}
