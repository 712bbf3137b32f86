//! A catalogue of bad and odd inputs, each with its expected outcome.
//!
//! Every case runs the real binary in its own temporary folder. For every case, whatever
//! its outcome: the exit code is never 101 (a panic) nor a signal, and standard error never
//! says "panicked". A failing case must exit with its documented code (1 bad input, 2 bad
//! usage), print one `corpus-lens: error: ` line naming the file and the place where
//! relevant, and leave no new table and no temporary file in the --out folder (files that
//! were there before stay byte for byte). A succeeding odd input must write every table,
//! complete (header, last byte a line end), leave no temporary file, and give the concrete
//! counts its check states.
//!
//! The catalogue is the `CASES` table; `catalogue!` below makes one `#[test]` per case (so
//! cases run in parallel and fail one by one), with `#[ignore]` for the cases that wait for
//! a feature (lexicons, issue 4) or expose a known bug in src/ (the reason says which).
//! Cases skipped where they cannot work (chmod as root) print a note and pass. Regressions
//! found by fuzzing (scripts/fuzz.sh) that need the library rather than the command are at
//! the end, in `mod regressions` (the reader) and `mod factions_lexicon`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{
    analyze_into_out as analyze, assert_whole_table, join, run_ok, tempdir, write, Table,
    ANALYZE_TABLES, COOC_MATRIX, SCHEMA_FILE,
};

/// The tables of `analyze` checked after every successful case (it writes the framing and
/// comparison tables too).
const CHECKED_TABLES: [&str; 10] = join(&[&ANALYZE_TABLES, &[COOC_MATRIX, SCHEMA_FILE]]);

/// What a case should do.
enum Expect {
    /// Exit 0 and every table written; `check` gets the case's folder (tables in `out/`).
    Ok { check: fn(&Path) },
    /// Exit `code`; standard error holds every string of `stderr_contains`.
    Err {
        code: i32,
        stderr_contains: &'static [&'static str],
    },
}

/// One bad or odd input.
struct Case {
    name: &'static str,
    /// Writes the input files into the folder and returns the arguments (the folder is the
    /// working directory).
    setup: fn(&Path) -> Vec<String>,
    expect: Expect,
    /// A reason to skip the case here (printed), e.g. permissions that root ignores.
    skip: fn(&Path) -> Option<&'static str>,
    /// Checks after the run, whatever the outcome (e.g. an input left unchanged); also
    /// restores permissions so the folder can be removed.
    after: fn(&Path),
}

impl Case {
    /// A case that must succeed, write every table, and pass `check`.
    const fn works(name: &'static str, setup: fn(&Path) -> Vec<String>, check: fn(&Path)) -> Case {
        Case::new(name, setup, Expect::Ok { check })
    }

    /// A case that must fail with exit `code`, standard error holding every string of
    /// `stderr_contains`.
    const fn fails(
        name: &'static str,
        setup: fn(&Path) -> Vec<String>,
        code: i32,
        stderr_contains: &'static [&'static str],
    ) -> Case {
        let expect = Expect::Err {
            code,
            stderr_contains,
        };
        Case::new(name, setup, expect)
    }

    /// A case that is never skipped and checks nothing after its run.
    const fn new(name: &'static str, setup: fn(&Path) -> Vec<String>, expect: Expect) -> Case {
        Case {
            name,
            setup,
            expect,
            skip: never,
            after: nothing,
        }
    }

    /// The case, skipped where `skip` gives a reason.
    const fn skip_if(self, skip: fn(&Path) -> Option<&'static str>) -> Case {
        Case { skip, ..self }
    }

    /// The case, with `after` run after it whatever the outcome.
    const fn then(self, after: fn(&Path)) -> Case {
        Case { after, ..self }
    }
}

fn never(_: &Path) -> Option<&'static str> {
    None
}

fn nothing(_: &Path) {}

/// Writes `name` into `dir` and returns `analyze NAME --out out`.
fn analyze_one(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> Vec<String> {
    write(dir, name, contents);
    analyze(&[name])
}

/// Writes `a.txt` ("Some text.") into `dir` and returns `analyze a.txt REST... --out out`.
fn some_text(dir: &Path, rest: &[&str]) -> Vec<String> {
    write(dir, "a.txt", "Some text.\n");
    analyze(&[&["a.txt"], rest].concat())
}

/// Writes `a.txt` and the manifest `m.toml` into `dir` and returns `analyze m.toml --out out`.
fn analyze_manifest(dir: &Path, text: &str, manifest: impl AsRef<[u8]>) -> Vec<String> {
    write(dir, "a.txt", text);
    analyze_one(dir, "m.toml", manifest)
}

/// Writes `a.txt` (a faction and a lexicon term) and the lexicon `lex.toml` into `dir` and
/// returns `analyze a.txt --lexicon lex.toml --out out`.
fn with_lexicon(dir: &Path, lexicon: String) -> Vec<String> {
    write(dir, "a.txt", "The Coalitionists' impotence.\n");
    write(dir, "lex.toml", lexicon);
    analyze(&["a.txt", "--lexicon", "lex.toml"])
}

/// `args` with the --out folder (the last word) replaced by `out`.
fn out_to(mut args: Vec<String>, out: &str) -> Vec<String> {
    *args.last_mut().unwrap() = out.into();
    args
}

fn symlink(target: &str, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// Root reads and writes whatever the permission bits say: then a chmod case cannot fail.
fn root_reads(path: &Path) -> Option<&'static str> {
    fs::read(path)
        .is_ok()
        .then_some("running as root: chmod 000 does not stop reading")
}

// ---------------------------------------------------------------------------------------
// Reading the tables back.

/// The one row of `out/corpus_summary.csv` (a one-document corpus), by column.
fn summary(dir: &Path) -> BTreeMap<String, String> {
    let table = Table::read(&dir.join("out/corpus_summary.csv"));
    assert_eq!(table.rows.len(), 1, "one document expected");
    table
        .header
        .iter()
        .cloned()
        .zip(table.rows[0].iter().cloned())
        .collect()
}

/// `paragraphs, sentences, tokens, types` of the one document.
fn shape(dir: &Path) -> [u64; 4] {
    let s = summary(dir);
    ["paragraphs", "sentences", "tokens", "types"].map(|c| s[c].parse().unwrap())
}

/// `out/freq.csv` as (word, freq) in file order.
fn freq(dir: &Path) -> Vec<(String, u64)> {
    let table = Table::read(&dir.join("out/freq.csv"));
    let (w, f) = (table.column("word"), table.column("freq"));
    table
        .rows
        .iter()
        .map(|r| (r[w].clone(), r[f].parse().unwrap()))
        .collect()
}

fn freq_of(dir: &Path, word: &str) -> Option<u64> {
    freq(dir).into_iter().find(|(w, _)| w == word).map(|p| p.1)
}

/// Names in `dir` with what they hold (a symlink's target, or a file's bytes).
fn listing(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| {
            let e = e.unwrap();
            let path = e.path();
            let meta = fs::symlink_metadata(&path).unwrap();
            let content = if meta.file_type().is_symlink() {
                let target = fs::read_link(&path).unwrap();
                format!("-> {}", target.display()).into_bytes()
            } else if meta.is_file() {
                fs::read(&path).unwrap_or_default()
            } else {
                b"(folder)".to_vec()
            };
            (e.file_name().to_string_lossy().into_owned(), content)
        })
        .collect()
}

/// The --out folder of `args` (default `out`), relative to `dir`.
fn out_dir(dir: &Path, args: &[String]) -> PathBuf {
    let at = args.iter().position(|a| a == "--out" || a == "-o");
    let out = at.map_or("out", |i| args[i + 1].as_str());
    dir.join(out)
}

// ---------------------------------------------------------------------------------------
// The runner.

fn run_case(case: &Case) {
    let tmp = tempdir();
    let dir = tmp.path();
    let args = (case.setup)(dir);
    if let Some(reason) = (case.skip)(dir) {
        eprintln!("note: case {} skipped: {reason}", case.name);
        (case.after)(dir);
        return;
    }
    let out = out_dir(dir, &args);
    let before = listing(&out);
    let output = common::command(dir, &args)
        .output()
        .expect("could not start corpus-lens");
    let code = output.status.code();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let what = format!(
        "case {} ({args:?}): exit {code:?}, stderr: {stderr}",
        case.name
    );
    assert!(code.is_some(), "killed by a signal: {what}");
    assert_ne!(code, Some(101), "panicked: {what}");
    assert!(!stderr.contains("panicked"), "panicked: {what}");
    match case.expect {
        Expect::Ok { check } => {
            assert_eq!(code, Some(0), "expected success: {what}");
            assert!(output.stdout.is_empty(), "analyze prints no table: {what}");
            let names: Vec<String> = listing(&out).into_keys().collect();
            assert!(
                !names.iter().any(|n| n.starts_with('.')),
                "temporary files left: {names:?}"
            );
            for file in CHECKED_TABLES {
                let bytes = fs::read(out.join(file))
                    .unwrap_or_else(|e| panic!("{file} not written: {e}: {what}"));
                assert_whole_table(file, &bytes, &what);
            }
            check(dir);
        }
        Expect::Err {
            code: want,
            stderr_contains,
        } => {
            assert_eq!(code, Some(want), "wrong exit code: {what}");
            if want == 1 {
                assert!(stderr.starts_with("corpus-lens: error: "), "{what}");
                assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {what}");
            }
            for needle in stderr_contains {
                assert!(stderr.contains(needle), "stderr lacks {needle:?}: {what}");
            }
            assert!(
                !stderr.contains("MB/s"),
                "summary line after an error: {what}"
            );
            let after = listing(&out);
            for (name, content) in &after {
                match before.get(name) {
                    Some(old) => assert_eq!(old, content, "{name} changed by a failed run"),
                    None => panic!("a failed run left {name} in {}: {what}", out.display()),
                }
            }
            assert_eq!(
                after.len(),
                before.len(),
                "files vanished from {}",
                out.display()
            );
        }
    }
    (case.after)(dir);
}

fn case(name: &str) -> &'static Case {
    CASES
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

/// One `#[test]` per case, and the list of the cases that have one.
macro_rules! catalogue {
    ($($(#[$attr:meta])* $name:ident,)*) => {
        mod catalogue {
            $(
                $(#[$attr])*
                #[test]
                fn $name() {
                    super::run_case(super::case(stringify!($name)));
                }
            )*
        }
        const TESTED: &[&str] = &[$(stringify!($name)),*];
    };
}

#[test]
fn every_case_has_a_test_and_there_are_at_least_twenty() {
    for c in CASES {
        assert!(TESTED.contains(&c.name), "case {} has no test", c.name);
    }
    for name in TESTED {
        case(name);
    }
    let names: std::collections::HashSet<_> = CASES.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), CASES.len(), "case names must be unique");
    assert!(CASES.len() >= 20);
}

// ---------------------------------------------------------------------------------------
// Checks shared by cases.

/// The LF text the line-ending cases are written from.
const LINES_LF: &str = "One two.\nthree four.\n\nFive six.\n\n\nSeven.\n";

/// Runs the same analysis on `LINES_LF` and checks that the case gave the same counts and
/// the same `freq.csv`, byte for byte.
fn same_as_lf(dir: &Path) {
    write(dir, "lf.txt", LINES_LF);
    run_ok(dir, ["analyze", "lf.txt", "--out", "lf_out", "--quiet"]);
    assert_eq!(shape(dir), [3, 3, 7, 7]);
    let lf = Table::read(&dir.join("lf_out/corpus_summary.csv"));
    for column in ["paragraphs", "sentences", "tokens", "types"] {
        assert_eq!(
            lf.values(column)[0],
            summary(dir)[column],
            "{column} differs from the LF file"
        );
    }
    assert_eq!(
        fs::read(dir.join("out/freq.csv")).unwrap(),
        fs::read(dir.join("lf_out/freq.csv")).unwrap()
    );
}

/// The 10 MB line: this many repeats of `LONG_UNIT`, then one line end.
const LONG_REPEATS: usize = 320_000;
const LONG_UNIT: &str = "alpha Beta gamma, delta. Epsilon ";

/// The start of a framing lexicon (format of corpora/lexicons/framing.toml): one dimension
/// and a term whose `weight = ...` line (line 9) each lexicon case completes.
const LEXICON_HEAD: &str = "[[dimension]]\nid = \"strength\"\npositive = \"strength\"\n\
     negative = \"impotence\"\n\n[[term]]\nterm = \"impotence\"\ndimension = \"strength\"\n";

/// Emoji, combining marks and other non-letters around words.
const EMOJI_TEXT: &str = "cafe\u{301} Cafe\u{301} caf\u{e9} x\u{20DD} \u{301}abc ab\u{200D}cd\n\n\
     \u{1F600} Soviet \u{1F44D}\u{1F3FD} soviet \u{1F1F7}\u{1F1FA} \
     family\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} \u{2764}\u{FE0F}\n";

// ---------------------------------------------------------------------------------------
// The catalogue.

const CASES: &[Case] = &[
    // --- Encodings -----------------------------------------------------------------------
    Case::fails(
        "invalid_utf8_at_the_start",
        |d| analyze_one(d, "scan.txt", b"\xFFHello world.\n"),
        1,
        &["scan.txt: invalid UTF-8 at byte 0 (line 1)", "--lossy"],
    ),
    Case::fails(
        "invalid_utf8_in_the_middle",
        |d| analyze_one(d, "scan.txt", b"Line one\nline two \xFF\n\nline four\n"),
        1,
        &["scan.txt: invalid UTF-8 at byte 18 (line 2)", "iconv"],
    ),
    // A multi-byte character cut short by the end of the file.
    Case::fails(
        "invalid_utf8_at_the_end",
        |d| analyze_one(d, "scan.txt", b"Hello world.\n\nBye\xE2\x80"),
        1,
        &["scan.txt: invalid UTF-8 at byte 17 (line 3)"],
    ),
    // The documented fallback: --lossy replaces the two bytes and counts them.
    Case::works(
        "invalid_utf8_at_the_end_with_lossy",
        |d| {
            let mut args = analyze(&["scan.txt", "--lossy"]);
            write(d, "scan.txt", b"Hello world.\n\nBye\xE2\x80");
            args.push("--quiet".into());
            args
        },
        |d| {
            assert_eq!(summary(d)["replaced_bytes"], "2");
            assert_eq!(shape(d), [2, 2, 3, 3]);
            assert_eq!(freq_of(d, "bye"), Some(1));
        },
    ),
    // UTF-16 with a byte-order mark is decoded (docs/inputs.md), little- or big-endian.
    Case::works(
        "utf16_little_endian_with_bom",
        |d| {
            let mut bytes = vec![0xFF, 0xFE];
            bytes.extend("Hello world.\n".encode_utf16().flat_map(u16::to_le_bytes));
            write(d, "utf16.txt", bytes);
            analyze(&["utf16.txt"])
        },
        |d| {
            assert_eq!(freq_of(d, "hello"), Some(1));
            assert_eq!(freq_of(d, "world"), Some(1));
        },
    ),
    // With --lossy too: decoded, not turned into U+FFFD soup.
    Case::works(
        "utf16_big_endian_with_bom_and_lossy",
        |d| {
            let mut bytes = vec![0xFE, 0xFF];
            bytes.extend("Совет.\n".encode_utf16().flat_map(u16::to_be_bytes));
            write(d, "utf16.txt", bytes);
            analyze(&["utf16.txt", "--lossy"])
        },
        |d| {
            assert_eq!(freq_of(d, "совет"), Some(1));
            assert_eq!(summary(d)["replaced_bytes"], "0");
        },
    ),
    // The BOM is skipped: not part of the first word, but counted in `bytes`.
    Case::works(
        "utf8_bom",
        |d| analyze_one(d, "bom.txt", "\u{FEFF}Hello world. Hello.\n"),
        |d| {
            assert_eq!(
                freq(d),
                [("hello".to_string(), 2), ("world".to_string(), 1)]
            );
            assert_eq!(summary(d)["bytes"], "23");
            assert_eq!(shape(d), [1, 2, 3, 2]);
        },
    ),
    // Offsets after a BOM are file offsets: the BOM's three bytes count.
    Case::fails(
        "utf8_bom_then_invalid_utf8",
        |d| analyze_one(d, "bom.txt", b"\xEF\xBB\xBFab \xFF"),
        1,
        &["bom.txt: invalid UTF-8 at byte 6 (line 1)"],
    ),
    Case::fails(
        "nul_byte",
        |d| analyze_one(d, "notes.bin", b"Good line.\nSecond\x00 line\n"),
        1,
        &["notes.bin: NUL byte at byte 17 (line 2)", "binary file"],
    ),
    // --- Line endings ----------------------------------------------------------------------
    Case::works(
        "crlf_line_endings",
        |d| analyze_one(d, "crlf.txt", LINES_LF.replace('\n', "\r\n")),
        same_as_lf,
    ),
    Case::works(
        "cr_only_line_endings",
        |d| analyze_one(d, "cr.txt", LINES_LF.replace('\n', "\r")),
        same_as_lf,
    ),
    // LF, CRLF and CR in one file, blank lines holding spaces, tabs and form feeds.
    Case::works(
        "mixed_line_endings",
        |d| {
            analyze_one(
                d,
                "mixed.txt",
                "One two.\r\nthree four.\r \t\rFive six.\n\x0c\r\n\rSeven.",
            )
        },
        same_as_lf,
    ),
    // --- Nothing to count ------------------------------------------------------------------
    Case::fails(
        "empty_file",
        |d| analyze_one(d, "empty.txt", ""),
        1,
        &["empty.txt: empty file"],
    ),
    Case::fails(
        "only_whitespace",
        |d| analyze_one(d, "blank.txt", " \n\t\n\r\n\x0c  \r\r\n   "),
        1,
        &["blank.txt: empty file"],
    ),
    Case::fails(
        "only_a_byte_order_mark",
        |d| analyze_one(d, "bom.txt", "\u{FEFF}\n\n"),
        1,
        &["bom.txt: empty file"],
    ),
    // A character device: only regular files are read (tests/confined_inputs.rs).
    Case::fails(
        "dev_null",
        |_| analyze(&["/dev/null"]),
        1,
        &["/dev/null: a character device, not a regular file"],
    ),
    // Documented behaviour: punctuation makes paragraphs and sentences but no token; the
    // run succeeds with header-only frequency tables (not an error, not a panic).
    Case::works(
        "only_punctuation",
        |d| analyze_one(d, "punct.txt", "...!!! ,,, ;; -- \"\" ?? \n\n()[] '' -\n"),
        |d| {
            assert_eq!(shape(d), [2, 2, 0, 0]);
            assert!(freq(d).is_empty());
            for file in ["stems.csv", "freq_by_document.csv", "collocations.csv"] {
                assert!(
                    Table::read(&d.join("out").join(file)).rows.is_empty(),
                    "{file}"
                );
            }
        },
    ),
    // Number tokens are counted apart by default: no counted token at all.
    Case::works(
        "only_numbers",
        |d| analyze_one(d, "nums.txt", "1917 1918 3d\n"),
        |d| {
            assert_eq!(shape(d), [1, 1, 0, 0]);
            assert_eq!(summary(d)["number_tokens"], "3");
        },
    ),
    // Emoji are not tokens, even next to a word or with modifiers and joiners.
    Case::works(
        "only_emoji",
        |d| {
            analyze_one(
                d,
                "emoji.txt",
                "\u{1F600} \u{1F44D}\u{1F3FD} \u{1F1F7}\u{1F1FA}\n",
            )
        },
        |d| assert_eq!(shape(d), [1, 1, 0, 0]),
    ),
    // --- Size ------------------------------------------------------------------------------
    // One line of 10.5 MB: streamed across several 4 MiB blocks, cut into paragraphs of at
    // most 100,000 bytes at sentence ends (docs/text.md, Paragraphs).
    Case::works(
        "one_line_of_10_mb",
        |d| {
            let text = LONG_UNIT.repeat(LONG_REPEATS) + "\n";
            assert!(text.len() > 10 << 20);
            write(d, "long.txt", text);
            analyze(&["long.txt", "--quiet"])
        },
        |d| {
            let n = LONG_REPEATS as u64;
            // "delta. Epsilon" ends a sentence in every repeat; the pieces end there too, so
            // no sentence is cut.
            let [paragraphs, sentences, tokens, types] = shape(d);
            assert_eq!([sentences, tokens, types], [n + 1, 5 * n, 5]);
            // 3,030 repeats of 33 bytes fit in 100,000 bytes.
            assert_eq!(paragraphs, n.div_ceil(3030));
            assert_eq!(summary(d)["split_paragraphs"], "1");
            let words = ["alpha", "beta", "delta", "epsilon", "gamma"];
            let want: Vec<(String, u64)> = words.iter().map(|w| (w.to_string(), n)).collect();
            assert_eq!(freq(d), want);
        },
    ),
    // A whole document of one token: a single part, so DPnorm and Juilland's D are
    // undefined (empty cells) and DP is 0.
    Case::works(
        "one_token_paragraph",
        |d| analyze_one(d, "one.txt", "Revolution\n"),
        |d| {
            assert_eq!(shape(d), [1, 1, 1, 1]);
            let t = Table::read(&d.join("out/freq.csv"));
            assert_eq!(t.values("word"), ["revolution"]);
            assert_eq!(t.values("dp"), ["0.0"]);
            assert_eq!(t.values("dp_norm"), [""]);
            assert_eq!(t.values("juilland_d"), [""]);
            assert_eq!(t.values("range_pct"), ["100.0"]);
        },
    ),
    // One-token paragraphs between longer ones are parts of their own.
    Case::works(
        "one_token_paragraphs_among_others",
        |d| analyze_one(d, "t.txt", "Revolution\n\nThe Soviet met.\n\nBread\n"),
        |d| {
            assert_eq!(shape(d), [3, 3, 5, 5]);
            let t = Table::read(&d.join("out/freq.csv"));
            let bread = t.values("word").iter().position(|w| *w == "bread").unwrap();
            assert_eq!(t.values("range")[bread], "1");
            // 3 parts of 1, 3, 1 tokens: DP of a one-token part = 1/2 (|1 - 1/5| + 4/5).
            assert_eq!(t.values("dp")[bread], "0.8");
        },
    ),
    // --- Scripts ---------------------------------------------------------------------------
    // Cyrillic words are words, lowercased with Unicode rules; Cyrillic initials
    // (`В. И. Ленин`) do not end a sentence; the English stemmer leaves them alone.
    Case::works(
        "cyrillic",
        |d| {
            analyze_one(
                d,
                "ru.txt",
                "Совет рабочих депутатов. СОВЕТ собрался.\n\nВ. И. Ленин выступил в Совете.\n",
            )
        },
        |d| {
            assert_eq!(shape(d), [2, 3, 11, 9]);
            assert_eq!(freq_of(d, "совет"), Some(2));
            assert_eq!(freq_of(d, "ленин"), Some(1));
            assert_eq!(freq_of(d, "совете"), Some(1));
            assert_eq!(freq_of(d, "СОВЕТ"), None);
            let stems = Table::read(&d.join("out/stems.csv"));
            assert!(stems.values("stem").contains(&"совет"));
        },
    ),
    // Greek: full lowercasing with a final sigma (ΟΔΟΣ -> οδος with ς); accents are kept,
    // so οδός and οδος are two words.
    Case::works(
        "greek",
        |d| analyze_one(d, "el.txt", "Ο Λόγος και η ΟΔΟΣ. Η ΟΔΌΣ είναι μακριά.\n"),
        |d| {
            assert_eq!(shape(d), [1, 2, 9, 8]);
            assert_eq!(freq_of(d, "η"), Some(2));
            assert_eq!(freq_of(d, "οδο\u{3C2}"), Some(1));
            assert_eq!(freq_of(d, "οδό\u{3C2}"), Some(1));
            assert_eq!(freq_of(d, "λόγος"), Some(1));
        },
    ),
    // CJK: no word segmentation; a run of ideographs is one token, `。` ends nothing.
    Case::works(
        "cjk",
        |d| analyze_one(d, "zh.txt", "革命 人民 委员会。\n\n人民委员会\n"),
        |d| {
            assert_eq!(shape(d), [2, 2, 4, 4]);
            for w in ["革命", "人民", "委员会", "人民委员会"] {
                assert_eq!(freq_of(d, w), Some(1), "{w}");
            }
        },
    ),
    // Hebrew and Arabic (with vowel marks, kept in the token); a right-to-left mark
    // separates tokens like a space.
    Case::works(
        "right_to_left_scripts",
        |d| {
            analyze_one(
                d,
                "rtl.txt",
                "שלום עולם. مَرْحَبًا بالعالم.\n\nאב\u{200F}גד \u{200F}שלום\n",
            )
        },
        |d| {
            assert_eq!(shape(d), [2, 2, 7, 6]);
            assert_eq!(freq_of(d, "שלום"), Some(2));
            assert_eq!(freq_of(d, "مَرْحَبًا"), Some(1));
            assert_eq!(freq_of(d, "بالعالم"), Some(1));
            assert_eq!(freq_of(d, "אב"), Some(1));
            assert_eq!(freq_of(d, "גד"), Some(1));
        },
    ),
    // Combining marks compose (NFKC): e + U+0301 and é are one word; a mark with no
    // letter before it is dropped; a zero-width joiner separates. Emoji are not tokens.
    Case::works(
        "combining_marks_and_emoji",
        |d| analyze_one(d, "marks.txt", EMOJI_TEXT),
        |d| {
            assert_eq!(shape(d), [2, 2, 10, 7]);
            let want = [
                ("caf\u{e9}", 3),
                ("soviet", 2),
                ("ab", 1),
                ("abc", 1),
                ("cd", 1),
                ("family", 1),
                ("x\u{20DD}", 1),
            ];
            let want: Vec<(String, u64)> = want.iter().map(|(w, n)| (w.to_string(), *n)).collect();
            assert_eq!(freq(d), want);
        },
    ),
    // --- Paths -----------------------------------------------------------------------------
    // A folder holding a symlink to itself and one to its parent: each folder is read
    // once, no endless recursion, the text counted once.
    Case::works(
        "symlink_loop_of_folders",
        |d| {
            write(d, "texts/a.txt", "Inside the loop.\n");
            symlink(".", &d.join("texts/self"));
            symlink("../texts", &d.join("texts/up"));
            analyze(&["texts"])
        },
        |d| {
            assert_eq!(summary(d)["document"], "a");
            assert_eq!(shape(d), [1, 1, 3, 3]);
        },
    ),
    // a.txt -> a.txt: ELOOP, named.
    Case::fails(
        "symlink_to_itself",
        |d| {
            symlink("loop.txt", &d.join("loop.txt"));
            analyze(&["loop.txt"])
        },
        1,
        &["loop.txt: ", "symbolic links"],
    ),
    // Inside a folder, a looping *.txt link is skipped like a dangling one; with no
    // other text the folder holds no text file.
    Case::fails(
        "symlink_to_itself_inside_a_folder",
        |d| {
            fs::create_dir(d.join("texts")).unwrap();
            symlink("loop.txt", &d.join("texts/loop.txt"));
            analyze(&["texts"])
        },
        1,
        &["texts: directory holds no text files"],
    ),
    Case::fails(
        "dangling_symlink",
        |d| {
            symlink("nowhere.txt", &d.join("gone.txt"));
            analyze(&["gone.txt"])
        },
        1,
        &["gone.txt: no such file"],
    ),
    // The same file twice, once through a symlink: bad usage.
    Case::fails(
        "same_file_through_a_symlink",
        |d| {
            symlink("a.txt", &d.join("link.txt"));
            some_text(d, &["link.txt"])
        },
        2,
        &["link.txt: the same file is given twice (also as a.txt)"],
    ),
    // Skipped as root (root reads a chmod 000 file).
    Case::fails(
        "unreadable_file",
        |d| {
            write(d, "secret.txt", "Hidden text.\n");
            chmod(&d.join("secret.txt"), 0o000);
            analyze(&["secret.txt"])
        },
        1,
        &["secret.txt: Permission denied"],
    )
    .skip_if(|d| root_reads(&d.join("secret.txt")))
    .then(|d| chmod(&d.join("secret.txt"), 0o644)),
    // Skipped as root.
    Case::fails(
        "unreadable_folder_inside_the_input",
        |d| {
            write(d, "texts/a.txt", "Some text.\n");
            write(d, "texts/locked/b.txt", "More text.\n");
            chmod(&d.join("texts/locked"), 0o000);
            analyze(&["texts"])
        },
        1,
        &["locked: Permission denied"],
    )
    .skip_if(|d| {
        fs::read_dir(d.join("texts/locked"))
            .is_ok()
            .then_some("running as root: chmod 000 does not stop reading a folder")
    })
    .then(|d| chmod(&d.join("texts/locked"), 0o755)),
    // A folder where a text file is needed: the manifest's path.
    Case::fails(
        "folder_as_a_manifest_path",
        |d| {
            fs::create_dir(d.join("chapter.txt")).unwrap();
            write(
                d,
                "m.toml",
                "[[document]]\nid = \"a\"\npath = \"chapter.txt\"\n",
            );
            analyze(&["m.toml"])
        },
        1,
        &["m.toml:3:8: document 'a': ", "is a folder"],
    ),
    // A folder where a file is needed: the stopword list.
    Case::fails(
        "folder_as_the_stopword_file",
        |d| {
            fs::create_dir(d.join("stops")).unwrap();
            some_text(d, &["--stopwords", "stops"])
        },
        1,
        &["stops: Is a directory"],
    ),
    // Documented fallback: a file name that is not UTF-8 gives a lossy document id and
    // path (U+FFFD), quoted as needed; the text is read.
    Case::works(
        "file_name_not_utf8",
        |d| {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"name\xFF, \"x\".txt");
            fs::write(d.join(name), "Some text here.\n").unwrap();
            // The folder gives the file by its real name.
            analyze(&["."])
        },
        |d| {
            let s = summary(d);
            assert_eq!(s["document"], "name\u{FFFD}, \"x\"");
            assert_eq!(s["path"], "./name\u{FFFD}, \"x\".txt");
            assert_eq!(shape(d), [1, 1, 3, 3]);
        },
    ),
    // --- Manifests, stopword lists, lexicons -------------------------------------------------
    Case::fails(
        "malformed_manifest",
        |d| {
            analyze_manifest(
                d,
                "Text.\n",
                "[[document]]\nid = \"a\"\npath = \"a.txt\"\ntitle = \"unterminated\n",
            )
        },
        1,
        &["m.toml:4:22: malformed manifest"],
    ),
    Case::fails(
        "manifest_with_a_wrong_type",
        |d| {
            analyze_manifest(
                d,
                "Text.\n",
                "[[document]]\nid = \"a\"\npath = \"a.txt\"\nyear = \"nineteen\"\n",
            )
        },
        1,
        &["m.toml:4:8: malformed manifest", "nineteen"],
    ),
    // TOML wants CRLF or LF: a CR-only manifest is malformed, reported at the first CR.
    Case::fails(
        "manifest_with_cr_only_line_endings",
        |d| analyze_manifest(d, "Text.\n", "[[document]]\rid = \"a\"\rpath = \"a.txt\"\r"),
        1,
        &["m.toml:1:14: malformed manifest", "carriage return"],
    ),
    // A UTF-8 BOM before a manifest is fine.
    Case::works(
        "manifest_with_a_bom",
        |d| {
            analyze_manifest(
                d,
                "Some text.\n",
                "\u{FEFF}[[document]]\nid = \"x\"\npath = \"a.txt\"\n",
            )
        },
        |d| assert_eq!(summary(d)["document"], "x"),
    ),
    // What works today: exit 1, the file named.
    Case::fails(
        "manifest_not_utf8",
        |d| {
            analyze_manifest(
                d,
                "Text.\n",
                b"[[document]]\nid = \"a\"\ntitle = \"\xE9t\xE9\"\n",
            )
        },
        1,
        &["m.toml: "],
    ),
    // What the README promises: the place of the bad byte. Today the message is only
    // "m.toml: stream did not contain valid UTF-8".
    Case::fails(
        "manifest_not_utf8_names_the_byte",
        |d| {
            analyze_manifest(
                d,
                "Text.\n",
                b"[[document]]\nid = \"a\"\ntitle = \"\xE9t\xE9\"\n",
            )
        },
        1,
        &["m.toml", "byte 31", "line 3"],
    ),
    // A body marker that begins no line of its text: the error names the manifest (with
    // the marker's line and column), the document and the marker.
    Case::fails(
        "manifest_body_start_not_in_the_text",
        |d| {
            analyze_manifest(
                d,
                "MY BOOK\n\nChapter 1\n\nIt was a cold night.\n",
                "[[document]]\nid = \"a\"\npath = \"a.txt\"\nbody_start = \"CHAPTER 1\"\n",
            )
        },
        1,
        &[
            "m.toml:4:14: ",
            "document 'a'",
            "body_start \"CHAPTER 1\" begins no line of ",
            "a.txt",
        ],
    ),
    // body_end is looked for after the body_start paragraph only.
    Case::fails(
        "manifest_body_end_only_before_the_body",
        |d| {
            analyze_manifest(
                d,
                "THE END\n\nIt was a cold night.\n",
                "[[document]]\nid = \"a\"\npath = \"a.txt\"\nbody_start = \"It was\"\n\
                 body_end = \"THE END\"\n",
            )
        },
        1,
        &[
            "m.toml:5:12: ",
            "document 'a': body_end \"THE END\"",
            "after the body_start paragraph",
        ],
    ),
    Case::fails(
        "manifest_empty_body_marker",
        |d| {
            analyze_manifest(
                d,
                "Text.\n",
                "[[document]]\nid = \"a\"\npath = \"a.txt\"\nbody_end = \"  \"\n",
            )
        },
        1,
        &["m.toml:4:12: document 'a': body_end is empty"],
    ),
    // Markers found: the title page, a footnote and what follows THE END are left out;
    // the inline marker is counted apart and is no word.
    Case::works(
        "manifest_body_markers",
        |d| {
            write(
                d,
                "a.txt",
                "MY BOOK\n\nby Me\n\nIt was a cold night.[1]\n\n[1] A note.\n\nTHE END\n\nAdvert.\n",
            );
            write(
                d,
                "m.toml",
                "[[document]]\nid = \"a\"\npath = \"a.txt\"\nbody_start = \"It was\"\n\
                 body_end = \"THE END\"\n",
            );
            analyze(&["m.toml"])
        },
        |d| {
            let s = summary(d);
            assert_eq!(shape(d), [1, 1, 5, 5]);
            assert_eq!(
                ["excluded_paragraphs", "excluded_bytes", "footnote_markers"]
                    .map(|c| s[c].as_str()),
                ["5", "37", "1"]
            );
            assert_eq!(freq_of(d, "advert"), None);
            let t = Table::read(&d.join("out/excluded_matter.csv"));
            assert_eq!(
                t.values("rule"),
                [
                    "front_matter",
                    "front_matter",
                    "footnote",
                    "back_matter",
                    "back_matter"
                ]
            );
            assert_eq!(t.values("line"), ["1", "3", "7", "9", "11"]);
        },
    ),
    Case::fails(
        "stopword_file_not_utf8",
        |d| {
            write(d, "sw.txt", b"the\n\xFF\n");
            some_text(d, &["--stopwords", "sw.txt"])
        },
        1,
        &["sw.txt: invalid UTF-8 at byte 4 (line 2)"],
    ),
    // The error above says "or pass --lossy to replace bad bytes"; doing so must work
    // (or the message must not suggest it). Today --lossy does not apply to the stopword
    // list and the same error comes back.
    Case::works(
        "stopword_file_not_utf8_with_lossy",
        |d| {
            write(d, "a.txt", "Some text the.\n");
            write(d, "sw.txt", b"the\n\xFF\n");
            analyze(&["a.txt", "--stopwords", "sw.txt", "--lossy"])
        },
        |d| assert_eq!(freq_of(d, "the"), None),
    ),
    // The framing lexicon (format of corpora/lexicons/framing.toml: [[dimension]] and
    // [[term]] tables with term, dimension, weight), given to `analyze --lexicon FILE`.
    // Expected: exit 1, the file, line and column of the error.
    Case::fails(
        "lexicon_malformed_toml",
        |d| with_lexicon(d, format!("{LEXICON_HEAD}weight = 1.0.0\n")),
        1,
        &["lex.toml:9:10", "malformed"],
    ),
    // Expected: a second term with the same stem on the same dimension (framing.toml:
    // "each stem appears at most once per dimension") is an error at its line; here
    // `impotent` after `impotence`.
    Case::fails(
        "lexicon_duplicate_terms",
        |d| {
            let second = "[[term]]\nterm = \"impotent\"\ndimension = \"strength\"\nweight = -0.5\n";
            with_lexicon(d, format!("{LEXICON_HEAD}weight = -0.7\n\n{second}"))
        },
        1,
        &["lex.toml:12:8", "impotence"],
    ),
    // Expected: a weight that is not a number is an error at its place.
    Case::fails(
        "lexicon_non_numeric_weight",
        |d| with_lexicon(d, format!("{LEXICON_HEAD}weight = \"strong\"\n")),
        1,
        &["lex.toml:9:10", "weight"],
    ),
    // --- Output ----------------------------------------------------------------------------
    // A folder that cannot be created, even by root: its parent is a regular file.
    Case::fails(
        "out_dir_under_a_regular_file",
        |d| {
            write(d, "afile", "not a folder\n");
            out_to(some_text(d, &[]), "afile/sub")
        },
        1,
        &["afile/sub: Not a directory"],
    )
    .then(|d| {
        assert_eq!(
            fs::read_to_string(d.join("afile")).unwrap(),
            "not a folder\n"
        )
    }),
    // /proc refuses new folders, even to root.
    Case::fails(
        "out_dir_in_proc",
        |d| out_to(some_text(d, &[]), "/proc/corpus-lens-test/out"),
        1,
        &["/proc/corpus-lens-test/out"],
    ),
    // Skipped as root.
    Case::fails(
        "out_dir_read_only",
        |d| {
            fs::create_dir(d.join("out")).unwrap();
            chmod(&d.join("out"), 0o555);
            some_text(d, &[])
        },
        1,
        &["out: Permission denied"],
    )
    .skip_if(|d| {
        let probe = d.join("out/probe");
        let writable = fs::write(&probe, "x").is_ok();
        let _ = fs::remove_file(probe);
        writable.then_some("running as root: a 0555 folder is still writable")
    })
    .then(|d| chmod(&d.join("out"), 0o755)),
    Case::fails(
        "out_is_the_input_file",
        |d| out_to(some_text(d, &[]), "a.txt"),
        2,
        &["a.txt: --out must be a folder"],
    )
    .then(|d| assert_eq!(fs::read_to_string(d.join("a.txt")).unwrap(), "Some text.\n")),
    // The input is out/freq.csv itself.
    Case::fails(
        "input_named_like_a_table_inside_out",
        |d| analyze_one(d, "out/freq.csv", "The Soviet met.\n"),
        1,
        &["out/freq.csv: output would overwrite an input file"],
    )
    .then(|d| {
        let text = fs::read_to_string(d.join("out/freq.csv")).unwrap();
        assert_eq!(text, "The Soviet met.\n");
    }),
    // out/freq.csv is a symlink to the input a.txt: the input is reached through a
    // symlink inside --out. Refused; the input and the link are left alone.
    Case::fails(
        "input_through_a_symlink_inside_out",
        |d| {
            write(d, "a.txt", "The Soviet met.\n");
            fs::create_dir(d.join("out")).unwrap();
            symlink("../a.txt", &d.join("out/freq.csv"));
            analyze(&["a.txt"])
        },
        1,
        &["out/freq.csv: output would overwrite an input file"],
    )
    .then(|d| {
        assert_eq!(
            fs::read_to_string(d.join("a.txt")).unwrap(),
            "The Soviet met.\n"
        );
        let link = fs::read_link(d.join("out/freq.csv")).unwrap();
        assert_eq!(link, Path::new("../a.txt"));
    }),
    // --out is a symlink to the folder of the inputs, one of which a manifest names
    // stems.csv: refused through the link too.
    Case::fails(
        "out_is_a_symlink_to_the_inputs_folder",
        |d| {
            write(d, "texts/stems.csv", "The Soviet met.\n");
            write(
                d,
                "m.toml",
                "[[document]]\nid = \"s\"\npath = \"texts/stems.csv\"\n",
            );
            symlink("texts", &d.join("tables"));
            out_to(analyze(&["m.toml"]), "tables")
        },
        1,
        &["tables/stems.csv: output would overwrite an input file"],
    )
    .then(|d| {
        let text = fs::read_to_string(d.join("texts/stems.csv")).unwrap();
        assert_eq!(text, "The Soviet met.\n");
        let names: Vec<String> = listing(&d.join("texts")).into_keys().collect();
        assert_eq!(names, ["stems.csv"]);
    }),
    // --- Usage -----------------------------------------------------------------------------
    Case::fails(
        "zero_threads",
        |d| some_text(d, &["--threads", "0"]),
        2,
        &["--threads"],
    ),
    Case::fails(
        "unknown_option",
        |d| some_text(d, &["--frobnicate"]),
        2,
        &["--frobnicate"],
    ),
    // --- Statistics on odd shapes ------------------------------------------------------------
    // Dispersion measures stay in their documented ranges. Today a word alone in one of
    // three paragraphs, in a 5-token one, gets juilland_d = -2.220446049250313e-16
    // (rounding below the floor of 0).
    Case::works(
        "dispersion_stays_in_range",
        |d| analyze_one(d, "t.txt", "One two three four five.\n\nSix.\n\nSeven.\n"),
        |d| {
            let t = Table::read(&d.join("out/freq.csv"));
            for column in ["dp", "dp_norm", "juilland_d"] {
                for v in t.values(column) {
                    let x: f64 = v.parse().unwrap();
                    assert!((0.0..=1.0).contains(&x), "{column} = {v}");
                }
            }
        },
    ),
];

catalogue! {
    invalid_utf8_at_the_start,
    invalid_utf8_in_the_middle,
    invalid_utf8_at_the_end,
    invalid_utf8_at_the_end_with_lossy,
    utf16_little_endian_with_bom,
    utf16_big_endian_with_bom_and_lossy,
    utf8_bom,
    utf8_bom_then_invalid_utf8,
    nul_byte,
    crlf_line_endings,
    cr_only_line_endings,
    mixed_line_endings,
    empty_file,
    only_whitespace,
    only_a_byte_order_mark,
    dev_null,
    only_punctuation,
    only_numbers,
    only_emoji,
    one_line_of_10_mb,
    one_token_paragraph,
    one_token_paragraphs_among_others,
    cyrillic,
    greek,
    cjk,
    right_to_left_scripts,
    combining_marks_and_emoji,
    symlink_loop_of_folders,
    symlink_to_itself,
    symlink_to_itself_inside_a_folder,
    dangling_symlink,
    same_file_through_a_symlink,
    unreadable_file,
    unreadable_folder_inside_the_input,
    folder_as_a_manifest_path,
    folder_as_the_stopword_file,
    file_name_not_utf8,
    malformed_manifest,
    manifest_with_a_wrong_type,
    manifest_with_cr_only_line_endings,
    manifest_with_a_bom,
    manifest_not_utf8,
    manifest_not_utf8_names_the_byte,
    manifest_body_start_not_in_the_text,
    manifest_body_end_only_before_the_body,
    manifest_empty_body_marker,
    manifest_body_markers,
    stopword_file_not_utf8,
    stopword_file_not_utf8_with_lossy,
    lexicon_malformed_toml,
    lexicon_duplicate_terms,
    lexicon_non_numeric_weight,
    out_dir_under_a_regular_file,
    out_dir_in_proc,
    out_dir_read_only,
    out_is_the_input_file,
    input_named_like_a_table_inside_out,
    input_through_a_symlink_inside_out,
    out_is_a_symlink_to_the_inputs_folder,
    zero_threads,
    unknown_option,
    dispersion_stays_in_range,
}

// ---------------------------------------------------------------------------------------
// Regressions found by fuzzing (fuzz/fuzz_targets/reader.rs), at the library level: the
// command reads in 4 MiB blocks and does not reach them, `ReadOptions` is public.

mod regressions {
    use corpus_lens::read::{DocumentReader, ReadOptions};
    use corpus_lens::Error;

    /// (text, line, file offset) of every paragraph, and the replaced bytes.
    type Read = Result<(Vec<(String, u64, u64)>, u64), Error>;

    fn read_all(bytes: &[u8], block_size: usize, lossy: bool) -> Read {
        let options = ReadOptions {
            lossy,
            block_size,
            ..Default::default()
        };
        let mut reader = DocumentReader::new(bytes, "t.txt", options);
        let mut out = Vec::new();
        while let Some(batch) = reader.next_batch()? {
            for p in &batch.paragraphs {
                let text = batch.text[p.range.clone()].to_string();
                out.push((text, p.line, p.offset));
            }
        }
        Ok((out, reader.replaced_bytes()))
    }

    /// fuzz/artifacts/reader/crash-61bffa73...: input `\x81` (block size 2, lossy) then
    /// `\xEF\xBB\xBFBOM.\r\n\r\nCRLF text.\r\rCR \xFF.\n`.
    #[test]
    fn reader_bom_with_tiny_blocks() {
        let file = b"\xEF\xBB\xBFBOM.\r\n\r\nCRLF text.\r\rCR \xFF.\n";
        let whole = read_all(file, 1 << 20, true).unwrap();
        assert_eq!(whole.0[0], ("BOM.".to_string(), 1, 3));
        for block_size in 1..8 {
            assert_eq!(
                read_all(file, block_size, true).unwrap(),
                whole,
                "block {block_size}"
            );
        }
        // UTF-16 (no NUL byte in it: U+0410 U+0411 little-endian) is refused at any block size.
        let utf16 = b"\xFF\xFE\x10\x04\x11\x04";
        for block_size in [1, 2, 3, 64] {
            for lossy in [false, true] {
                let got = read_all(utf16, block_size, lossy);
                assert!(
                    matches!(got, Err(Error::Utf16 { .. })),
                    "block {block_size}: {got:?}"
                );
            }
        }
    }

    /// fuzz/artifacts/reader/crash-c40969e2...: with --lossy, a paragraph's offset was the
    /// batch's file offset plus an offset in the repaired batch, so it changed with the block
    /// size. Now every paragraph carries its file offset: the same at any block size.
    #[test]
    fn lossy_offsets_do_not_depend_on_the_block_size() {
        let file = b"a\xFF\n\nb\n";
        let whole = read_all(file, 1 << 20, true).unwrap();
        for block_size in 1..8 {
            assert_eq!(
                read_all(file, block_size, true).unwrap(),
                whole,
                "block {block_size}"
            );
        }
    }

    /// What the reader guarantees at any block size today (not ignored): the same paragraph
    /// texts and lines for a file without a byte-order mark, lossy or not.
    #[test]
    fn paragraphs_do_not_depend_on_the_block_size() {
        let files: [&[u8]; 4] = [
            b"One two\nthree.\n\nFour.\r\n\r\nFive\rsix.\r\rSeven.\n",
            b"a\xFF\n\nb \xE2\x80\n\n\n c",
            "Совет.\n\n\u{1F600} x\u{301}\r\n\r\n".as_bytes(),
            b" \t\n\x0c\nlast",
        ];
        for file in files {
            for lossy in [false, true] {
                let strip = |r: Read| {
                    r.map(|(p, n)| (p.into_iter().map(|(t, l, _)| (t, l)).collect::<Vec<_>>(), n))
                        .map_err(|e| e.to_string())
                };
                let whole = strip(read_all(file, 1 << 20, lossy));
                for block_size in 1..10 {
                    let got = strip(read_all(file, block_size, lossy));
                    assert_eq!(got, whole, "{file:?} block {block_size} lossy {lossy}");
                }
            }
        }
    }
}

/// The factions lexicon (issue 4 groundwork, `corpora/factions.toml`): its parser must
/// refuse a parent cycle (corpora/lexicons/README.md, rule 5: "Parents exist and form no
/// cycle"), or any roll-up through `parent` loops forever. Found by fuzzing
/// (fuzz/artifacts/factions/crash-c593124c..., a faction whose parent is itself).
mod factions_lexicon {
    use corpus_lens::factions::FactionSet;
    use corpus_lens::Error;

    #[test]
    fn factions_parent_cycle_is_an_error() {
        let own = "[[faction]]\nid = \"a\"\nparent = \"a\"\naliases = [\"x\"]\n";
        let two = "[[faction]]\nid = \"a\"\nparent = \"b\"\naliases = [\"x\"]\n\n\
                   [[faction]]\nid = \"b\"\nparent = \"a\"\naliases = [\"y\"]\n";
        for (text, line) in [(own, 3), (two, 8)] {
            match FactionSet::parse(text, "f.toml".as_ref()) {
                Err(Error::Manifest {
                    line: l, message, ..
                }) => {
                    assert_eq!(l, line, "{message}");
                    assert!(message.contains("cycle"), "{message}");
                }
                Err(other) => panic!("unexpected error {other}"),
                Ok(set) => panic!("parent cycle accepted: {:?}", set.factions()),
            }
        }
    }

    /// What holds today: an unknown parent is an error at its line and column.
    #[test]
    fn factions_unknown_parent_names_line_and_column() {
        let text = "[[faction]]\nid = \"a\"\nparent = \"nobody\"\naliases = [\"x\"]\n";
        let err = FactionSet::parse(text, "f.toml".as_ref()).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Manifest {
                    line: 3,
                    column: 10,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err
            .to_string()
            .starts_with("f.toml:3:10: unknown parent faction 'nobody'"));
    }
}
