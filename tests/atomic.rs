//! Atomic output: a run killed with SIGKILL at any moment leaves, for every table, either the
//! previous version or the complete new one, never a truncated table; and the next run works.
//!
//! One test, one generated input of about 15 MB (so a run takes a second or more), one
//! folder of previous tables (from another, smaller input, so old and new differ). The run
//! is killed (`Child::kill` sends SIGKILL on unix) after fixed delays and at the moments
//! that matter: as soon as the first temporary table file appears (tables being written),
//! when every temporary file is there (just before the renames), and as soon as the first
//! table is renamed into place. After each kill every table must be byte-identical to the
//! old or to the new version. Temporary files a killed run cannot remove are allowed only
//! when named `.<table>.<random>.tmp` (or are the lock and the commit journal); they are
//! reported. tests/all_or_nothing.rs kills the run at each step of the commit instead.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{assert_success, assert_whole_table, entries, tempdir, ANALYZE_FILES};

/// Size of the generated input: a run over it (one thread) takes about a second on the 2-core
/// development machine (test profile).
const INPUT_BYTES: usize = 32 << 20;

/// A small deterministic generator (xorshift64*), so the input is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Roughly Zipf-distributed index below `n`.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

/// About `bytes` of prose: paragraphs of sentences over a vocabulary of invented words
/// (so freq.csv has tens of thousands of rows), with the default nodes and two OCR
/// suspects at middling ranks, and a caption paragraph now and then.
fn prose(seed: u64, bytes: usize) -> String {
    let mut rng = Rng(seed);
    let syllables = [
        "ka", "lo", "mi", "re", "tu", "van", "sho", "pet", "gra", "dov", "ski", "nik", "ol", "an",
        "ev", "ich",
    ];
    let mut vocab: Vec<String> = ["the", "of", "and", "to", "in", "a", "was", "that"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    while vocab.len() < 40_000 {
        let n = 2 + rng.below(3);
        let word: String = (0..n)
            .map(|_| syllables[rng.below(syllables.len() as u64) as usize])
            .collect();
        vocab.push(word);
    }
    // The default nodes, OCR noise for ocr_suspects.csv, and framing words (a faction, a
    // framing term, a VADER word) for the framing tables.
    let special = [
        (300, "soviet"),
        (700, "bourgeoisie"),
        (1500, "coalitionist"),
        (2000, "thc"),
        (3000, "r8le"),
        (400, "bolsheviks"),
        (500, "impotence"),
        (600, "great"),
    ];
    for (rank, node) in special {
        vocab[rank] = node.to_string();
    }
    let mut text = String::with_capacity(bytes + 1000);
    while text.len() < bytes {
        // Now and then a caption, for excluded_matter.csv.
        if rng.below(50) == 0 {
            text.push_str("[Illustration: ");
            text.push_str(&vocab[rng.zipf(vocab.len())]);
            text.push_str("]\n\n");
        }
        for _ in 0..2 + rng.below(5) {
            let words = 8 + rng.below(13);
            for i in 0..words {
                let word = &vocab[rng.zipf(vocab.len())];
                if i == 0 {
                    let mut chars = word.chars();
                    let first = chars.next().unwrap().to_ascii_uppercase();
                    text.push(first);
                    text.push_str(chars.as_str());
                } else {
                    text.push(' ');
                    text.push_str(word);
                }
            }
            text.push_str(". ");
        }
        text.pop();
        text.push_str("\n\n");
    }
    text
}

fn analyze(dir: &Path, out: &str) -> Command {
    // One thread: slower, so that each phase lasts long enough to be hit by a kill. The
    // tables are the same at any thread count.
    let args = [
        "analyze",
        "big.txt",
        "small.txt",
        "--out",
        out,
        "--quiet",
        "--threads",
        "1",
    ];
    let mut command = common::command(dir, args);
    command.stdout(Stdio::null()).stderr(Stdio::piped());
    command
}

fn run_ok(dir: &Path, out: &str) {
    assert_success(&analyze(dir, out).output().unwrap());
}

/// The tables of `out`, by name.
fn read_tables(out: &Path) -> Tables {
    ANALYZE_FILES
        .iter()
        .map(|&name| (name, fs::read(out.join(name)).unwrap()))
        .collect()
}

/// Names of the temporary files in `out` (dot-prefixed).
fn temp_files(out: &Path) -> Vec<String> {
    entries(out)
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// Puts the old tables back (a kill after the renames leaves new ones).
fn restore(out: &Path, old: &Tables) {
    for (name, bytes) in old {
        fs::write(out.join(name), bytes).unwrap();
    }
}

/// When to kill.
#[derive(Debug, Clone, Copy)]
enum Moment {
    After(Duration),
    /// As soon as a temporary table file appears.
    FirstTempFile,
    /// As soon as every table has its temporary file (all written or being written).
    AllTempFiles,
    /// As soon as one table differs from its old version (the renames have begun).
    FirstRename,
}

/// Polls `out` until `moment` or the child's end (or 60 s); then kills. Returns whether the
/// child was still running when killed.
fn kill_at(child: &mut Child, out: &Path, old: &Tables, stale: &[String], moment: Moment) -> bool {
    let start = Instant::now();
    let old_len: BTreeMap<_, _> = old.iter().map(|(n, b)| (*n, b.len() as u64)).collect();
    // Temporary files of this run (earlier kills leave theirs behind).
    let fresh = || {
        temp_files(out)
            .into_iter()
            .filter(|n| !stale.contains(n))
            .count()
    };
    loop {
        if child.try_wait().unwrap().is_some() || start.elapsed() > Duration::from_secs(60) {
            break;
        }
        let now = match moment {
            Moment::After(delay) => start.elapsed() >= delay,
            Moment::FirstTempFile => fresh() > 0,
            Moment::AllTempFiles => fresh() >= ANALYZE_FILES.len(),
            Moment::FirstRename => ANALYZE_FILES.iter().any(|name| {
                fs::metadata(out.join(name)).map_or(true, |m| m.len() != old_len[name])
            }),
        };
        if now {
            break;
        }
        std::thread::sleep(Duration::from_micros(300));
    }
    let running = child.try_wait().unwrap().is_none();
    child.kill().ok();
    child.wait().unwrap();
    running
}

/// Every table is the old or the new version, whole; every leftover is a table's temporary
/// file. Returns how many tables are new.
fn check_tables(out: &Path, old: &Tables, new: &Tables, what: &str) -> usize {
    let mut n_new = 0;
    for name in ANALYZE_FILES {
        let bytes = fs::read(out.join(name)).unwrap_or_else(|e| panic!("{what}: {name}: {e}"));
        assert_whole_table(name, &bytes, what);
        if bytes == new[name] {
            n_new += 1;
        } else {
            assert!(
                bytes == old[name],
                "{what}: {name} is neither the old table ({} bytes) nor the new one ({} \
                 bytes): {} bytes, {} lines",
                old[name].len(),
                new[name].len(),
                bytes.len(),
                bytes.iter().filter(|&&b| b == b'\n').count()
            );
        }
    }
    for name in temp_files(out) {
        // The lock file, and the journal of a commit a kill cut short.
        if name == ".corpus-lens.lock" || name == ".corpus-lens.commit" {
            continue;
        }
        let ok = name.ends_with(".tmp")
            && ANALYZE_FILES
                .iter()
                .any(|t| name.starts_with(&format!(".{t}.")));
        assert!(ok, "{what}: unexpected file {name} in the output folder");
    }
    n_new
}

/// Tables by name.
type Tables = BTreeMap<&'static str, Vec<u8>>;

/// A folder with `big.txt` (the new input), `small.txt` and `out/` holding the previous tables (from a
/// smaller input); returns them and the complete new tables (from a run into `reference/`),
/// and the time of that run.
fn setup(dir: &Path) -> (Tables, Tables, Duration) {
    // A second document, so that the comparison tables (each document against the rest)
    // have rows.
    fs::write(dir.join("small.txt"), prose(3, 256 << 10)).unwrap();
    fs::write(dir.join("big.txt"), prose(7, 1 << 20)).unwrap();
    run_ok(dir, "out");
    let old = read_tables(&dir.join("out"));
    fs::write(dir.join("big.txt"), prose(11, INPUT_BYTES)).unwrap();
    let start = Instant::now();
    run_ok(dir, "reference");
    let run_time = start.elapsed();
    let new = read_tables(&dir.join("reference"));
    for name in ANALYZE_FILES {
        assert_ne!(old[name], new[name], "{name}: old and new must differ");
    }
    (old, new, run_time)
}

#[test]
fn killed_runs_leave_whole_tables() {
    let started = Instant::now();
    let tmp = tempdir();
    let dir = tmp.path();
    let out = dir.join("out");
    let (old, new, run_time) = setup(dir);

    let moments = [
        Moment::After(Duration::from_millis(50)),
        Moment::After(Duration::from_millis(200)),
        Moment::After(Duration::from_millis(400)),
        Moment::After(Duration::from_millis(800)),
        // Late in the run, however fast the machine: while the tables are written.
        Moment::After(run_time.mul_f64(0.9)),
        Moment::FirstTempFile,
        Moment::AllTempFiles,
        Moment::FirstRename,
    ];
    let mut report = Vec::new();
    for moment in moments {
        restore(&out, &old);
        let stale = temp_files(&out);
        let mut child = analyze(dir, "out").spawn().unwrap();
        let killed = kill_at(&mut child, &out, &old, &stale, moment);
        let what = format!("killed at {moment:?}");
        let temps = temp_files(&out).len();
        let n_new = check_tables(&out, &old, &new, &what);
        report.push(format!(
            "{moment:?}: {}, {n_new}/{} tables new, {temps} temporary files in out",
            if killed { "killed" } else { "had finished" },
            ANALYZE_FILES.len()
        ));
    }

    // The next run still works, whatever the kills left, and gives the new tables.
    restore(&out, &old);
    run_ok(dir, "out");
    assert_eq!(read_tables(&out), new);
    let leftovers = temp_files(&out);
    check_tables(&out, &old, &new, "after a complete run");
    eprintln!(
        "atomic: a complete run takes {:.2} s; {}; after a complete run {} stale temporary \
         files remain ({:?}...); total {:.1} s",
        run_time.as_secs_f64(),
        report.join("; "),
        leftovers.len(),
        leftovers.first(),
        started.elapsed().as_secs_f64()
    );
}

/// A kill during the commit, between two renames, leaves some tables new and the others old
/// on disk, with the commit journal beside them; the next run into the folder (here
/// `OutputDir::create`, where every run starts) puts the previous tables back, so that the
/// folder never holds a mix of two runs once a run has it. Killing as soon as the first table
/// is renamed catches the moment; the test tries a few times.
#[test]
fn killed_run_never_mixes_old_and_new_tables() {
    let tmp = tempdir();
    let dir = tmp.path();
    let out = dir.join("out");
    let (old, new, _) = setup(dir);
    for attempt in 0..3 {
        restore(&out, &old);
        let stale = temp_files(&out);
        let mut child = analyze(dir, "out").spawn().unwrap();
        kill_at(&mut child, &out, &old, &stale, Moment::FirstRename);
        check_tables(&out, &old, &new, "killed at the first rename");
        let journal = out.join(".corpus-lens.commit").exists();
        drop(corpus_lens::tables::OutputDir::create(&out, &[]).unwrap());
        let n_new = check_tables(&out, &old, &new, "killed at the first rename, recovered");
        assert!(
            n_new == 0 || n_new == ANALYZE_FILES.len(),
            "attempt {attempt}: {n_new} of {} tables are new, the others old (journal: {journal})",
            ANALYZE_FILES.len()
        );
    }
}
