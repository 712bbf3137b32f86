//! The progress bar of the `corpus-lens` command (issue #6): shown on standard error only to a
//! person at a terminal, never with `--quiet`, not during a run's first second, and cleared
//! before the one summary line.
//!
//! The runs set `CORPUS_LENS_PROGRESS_DELAY_MS=0` where a bar would matter, so that it would
//! show at once whatever the machine's speed. A terminal is made with util-linux `script`
//! (a pseudo-terminal); where it is missing, those tests say so and pass.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::{assert_success, tempdir, BIN, DEFAULT_MANIFEST};

const DELAY_VARIABLE: &str = "CORPUS_LENS_PROGRESS_DELAY_MS";

/// Sets the bar's delay of `command` to `delay_ms`, or leaves the default (one second).
fn set_delay(command: &mut Command, delay_ms: Option<&str>) {
    match delay_ms {
        Some(ms) => command.env(DELAY_VARIABLE, ms),
        None => command.env_remove(DELAY_VARIABLE),
    };
}

/// Runs the binary with standard error piped (not a terminal).
fn run_piped(dir: &Path, args: &[&str], delay_ms: Option<&str>) -> Output {
    let mut command = common::command(dir, args);
    command.stdin(Stdio::null());
    set_delay(&mut command, delay_ms);
    let output = command.output().expect("could not start corpus-lens");
    assert_success(&output);
    output
}

/// Runs the binary on a pseudo-terminal; returns what the terminal received (standard output
/// and standard error together), or `None` without util-linux `script`.
fn run_on_terminal(dir: &Path, args: &[&str], delay_ms: Option<&str>) -> Option<String> {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let line: Vec<String> = std::iter::once(BIN)
        .chain(args.iter().copied())
        .map(quote)
        .collect();
    let mut command = Command::new("script");
    command
        .args(["-q", "-e", "-c", &line.join(" "), "/dev/null"])
        .current_dir(dir)
        .stdin(Stdio::null());
    set_delay(&mut command, delay_ms);
    let Ok(output) = command.output() else {
        eprintln!("no util-linux `script`: terminal case not tested");
        return None;
    };
    assert!(output.status.success(), "{output:?}");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// What stays on screen: the text between carriage returns, line feeds and escape sequences,
/// without empty pieces.
fn pieces(terminal: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    for line in terminal.split(['\r', '\n']) {
        // An escape sequence: ESC '[' parameters, then one letter.
        let mut rest = line;
        while let Some(start) = rest.find('\x1b') {
            pieces.push(&rest[..start]);
            let after = &rest[start + 1..];
            let end = after
                .char_indices()
                .find(|(i, c)| *i > 0 && c.is_ascii_alphabetic())
                .map_or(after.len(), |(i, c)| i + c.len_utf8());
            rest = &after[end..];
        }
        pieces.push(rest);
    }
    pieces.retain(|p| !p.trim().is_empty());
    pieces
}

fn assert_summary_line(line: &str) {
    assert!(
        line.starts_with("corpus-lens: ")
            && line.contains(" MB/s); ")
            && line.ends_with(" tables in out"),
        "not the summary line: {line:?}"
    );
}

/// Piped standard error (as in tests, scripts and CI) gets the summary line and nothing else,
/// even with the bar's delay at zero: no carriage return, no escape sequence, no spinner.
#[test]
fn piped_stderr_gets_only_the_summary_line() {
    let dir = tempdir();
    let output = run_piped(
        dir.path(),
        &["freq", DEFAULT_MANIFEST, "--out", "out"],
        Some("0"),
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.stdout, b"");
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(stderr.ends_with('\n'));
    assert_summary_line(stderr.trim_end());
    assert!(
        !stderr.contains(['\r', '\x1b']) && !stderr.contains("reading"),
        "{stderr:?}"
    );
}

/// `--quiet` prints nothing at all on success, piped or on a terminal.
#[test]
fn quiet_prints_nothing() {
    let dir = tempdir();
    let args = ["freq", DEFAULT_MANIFEST, "--out", "out", "--quiet"];
    let output = run_piped(dir.path(), &args, Some("0"));
    assert_eq!(
        (output.stdout.as_slice(), output.stderr.as_slice()),
        (&b""[..], &b""[..])
    );
    if let Some(terminal) = run_on_terminal(dir.path(), &args, Some("0")) {
        assert_eq!(terminal, "");
    }
}

/// On a terminal the bar shows bytes read of the corpus's size, then the tables being
/// written, and is cleared: the summary line is the last thing on screen.
#[test]
fn terminal_shows_the_bar_then_only_the_summary_line() {
    let dir = tempdir();
    let args = ["freq", DEFAULT_MANIFEST, "--out", "out"];
    let Some(terminal) = run_on_terminal(dir.path(), &args, Some("0")) else {
        return;
    };
    let pieces = pieces(&terminal);
    let bytes = std::fs::read_dir(Path::new(DEFAULT_MANIFEST).parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.metadata().unwrap().len())
        .sum::<u64>();
    let total = format!("/{:.2} MB", bytes as f64 / 1e6);
    assert!(
        pieces
            .iter()
            .any(|p| p.contains("reading [") && p.contains(&total)),
        "no reading bar with {total}: {pieces:?}"
    );
    assert_summary_line(pieces.last().unwrap());
    let summaries = pieces.iter().filter(|p| p.contains("MB/s);")).count();
    assert_eq!(summaries, 1, "{pieces:?}");
}

/// A run shorter than the delay (one second) shows no bar, even on a terminal.
#[test]
fn short_run_shows_no_bar() {
    let dir = common::tempdir_with("tiny.txt", "The Soviet met at Smolny.\n");
    let args = ["freq", "tiny.txt", "--out", "out"];
    let Some(terminal) = run_on_terminal(dir.path(), &args, None) else {
        return;
    };
    let pieces = pieces(&terminal);
    assert_eq!(pieces.len(), 1, "{pieces:?}");
    assert!(pieces[0].contains("1 document, "), "{pieces:?}");
}
