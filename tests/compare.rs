//! Comparing memoirs (`compare`, and `analyze`'s each-document-against-the-rest tables):
//! keyness, collocate differences and framing differences, on real files through the binary.

mod common;

use std::fs;
use std::path::Path;

use common::{run_err, run_ok, tempdir, Table, DEFAULT_MANIFEST, TROTSKY};

/// Runs `corpus-lens ARGS... --out out -q --replicates REPLICATES` in `dir`, asserting success.
fn run_quietly(dir: &Path, args: &[&str], replicates: &str) {
    let mut all = args.to_vec();
    all.extend(["--out", "out", "-q", "--replicates", replicates]);
    run_ok(dir, all);
}

/// The same text under two names is no different from itself: every word's
/// log-likelihood is 0, no word is significant, every collocate difference is 0 and every
/// framing difference is 0 (with an interval around 0, since the two copies are resampled
/// independently).
#[test]
fn a_text_compared_with_itself_has_no_key_words() {
    let dir = tempdir();
    fs::copy(TROTSKY, dir.path().join("a.txt")).unwrap();
    fs::copy(TROTSKY, dir.path().join("b.txt")).unwrap();
    let args = [
        "compare",
        "a.txt",
        "b.txt",
        "--target",
        "a",
        "--reference",
        "b",
    ];
    // By default only over- and under-used words are kept: none here.
    run_quietly(dir.path(), &args, "40");
    let out = dir.path().join("out");
    assert!(Table::read(&out.join("keyness.csv")).rows.is_empty());
    let mut all = args.to_vec();
    all.push("--keyness-all");
    run_quietly(dir.path(), &all, "200");
    let k = Table::read(&out.join("keyness.csv"));
    assert!(k.rows.len() > 300, "{} keyness rows", k.rows.len());
    for row in &k.rows {
        assert_eq!(k.get(row, "log_likelihood"), "0.0");
        assert_eq!(k.get(row, "log_ratio"), "0.0");
        assert_eq!(k.get(row, "significant"), "false");
        assert_eq!(k.get(row, "direction"), "equal");
        assert_eq!(k.get(row, "p_value"), "1.0");
        assert_eq!(k.get(row, "f_target"), k.get(row, "f_reference"));
    }
    let c = Table::read(&out.join("colloc_compare.csv"));
    assert!(!c.rows.is_empty());
    for row in &c.rows {
        assert_eq!(c.get(row, "log_dice_diff"), "0.0");
        assert_eq!(c.get(row, "log_likelihood"), "0.0");
    }
    // Stopwords are left out of the collocates, as in collocations.csv, unless kept.
    let collocates = c.values("collocate");
    assert!(!collocates.iter().any(|&w| w == "the" || w == "of"));
    all.extend(["--collocate-stopwords", "none"]);
    run_quietly(dir.path(), &all, "40");
    let kept = Table::read(&out.join("colloc_compare.csv"));
    assert!(kept.values("collocate").contains(&"the"));
    assert!(kept.rows.len() > c.rows.len());
    let f = Table::read(&out.join("framing_compare.csv"));
    assert!(f.rows.len() > 100, "{} framing rows", f.rows.len());
    for row in &f.rows {
        let d = f.float_or_nan(row, "difference");
        assert!(d == 0.0 || d.is_nan(), "{row:?}");
        let (lo, hi) = (
            f.float_or_nan(row, "ci_low"),
            f.float_or_nan(row, "ci_high"),
        );
        assert!(lo.is_nan() || (lo <= 0.0 && 0.0 <= hi), "{row:?}");
        // A text against itself: no difference is significant; rows with too few mentions
        // on a side have no interval and no test.
        assert_eq!(f.get(row, "significant"), "false", "{row:?}");
        let enough = f.get(row, "enough_data") == "true";
        let n = f
            .float_or_nan(row, "n_target")
            .min(f.float_or_nan(row, "n_reference"));
        assert_eq!(enough, n >= 5.0, "{row:?}");
        assert_eq!(
            enough,
            !lo.is_nan() && !f.float_or_nan(row, "p_value").is_nan(),
            "{row:?}"
        );
    }
}

/// Keyness of Trotsky's excerpt against Denikin's memoir, checked against the formulas
/// applied by hand to the counts in the table (and those counts against freq_by_document.csv).
#[test]
fn keyness_of_trotsky_against_denikin_by_hand() {
    let dir = tempdir();
    let args = [
        "compare",
        DEFAULT_MANIFEST,
        "-t",
        "trotsky1918",
        "-r",
        "denikin1922",
    ];
    run_quietly(dir.path(), &args, "100");
    let k = Table::read(&dir.path().join("out/keyness.csv"));
    let row = |word: &str| {
        k.rows
            .iter()
            .find(|r| k.get(r, "word") == word)
            .unwrap_or_else(|| panic!("{word} missing"))
            .clone()
    };
    let soviet = row("soviet");
    let int = |r: &[String], c: &str| k.get(r, c).parse::<f64>().unwrap();
    let (a, b) = (int(&soviet, "f_target"), int(&soviet, "f_reference"));
    let (c, d) = (
        int(&soviet, "tokens_target"),
        int(&soviet, "tokens_reference"),
    );
    let e1 = c * (a + b) / (c + d);
    let e2 = d * (a + b) / (c + d);
    let ll = 2.0 * (a * (a / e1).ln() + b * (b / e2).ln());
    assert!((k.float_or_nan(&soviet, "log_likelihood") - ll).abs() < 1e-9 * ll);
    let lr = ((a / c) / (b / d)).log2();
    assert!((k.float_or_nan(&soviet, "log_ratio") - lr).abs() < 1e-12);
    assert_eq!(k.get(&soviet, "direction"), "over");
    assert_eq!(k.get(&soviet, "significant"), "true");
    // "soviet" is about three times as frequent in Trotsky's account of 1917 as in Denikin's.
    assert!(lr > 1.0, "{lr}");
    // The log ratio's 95% interval, by hand: SE = sqrt(1/a + 1/b - 1/c - 1/d).
    let half = 1.959963984540054 * (1.0 / a + 1.0 / b - 1.0 / c - 1.0 / d).sqrt() / 2f64.ln();
    assert!((k.float_or_nan(&soviet, "log_ratio_ci_low") - (lr - half)).abs() < 1e-9);
    assert!((k.float_or_nan(&soviet, "log_ratio_ci_high") - (lr + half)).abs() < 1e-9);
    // Rows come surely over-used first, by the conservative log ratio; surely under-used
    // last. Its sign is the direction's, and the log ratio's never contradicts it.
    assert_eq!(k.get(&k.rows[0], "direction"), "over");
    assert_eq!(k.get(k.rows.last().unwrap(), "direction"), "under");
    let conservative: Vec<f64> = k
        .rows
        .iter()
        .map(|r| k.float_or_nan(r, "log_ratio_conservative"))
        .collect();
    assert!(conservative.windows(2).all(|w| w[0] >= w[1]));
    for r in &k.rows {
        let (lr, cons) = (
            k.float_or_nan(r, "log_ratio"),
            k.float_or_nan(r, "log_ratio_conservative"),
        );
        let sign = match k.get(r, "direction") {
            "over" => 1.0,
            "under" => -1.0,
            _ => 0.0,
        };
        assert_eq!(lr.signum() * (lr != 0.0) as u8 as f64, sign, "{r:?}");
        assert!(cons == 0.0 || cons.signum() == sign, "{r:?}");
    }
    // Benjamini-Hochberg: significance follows p_adjusted, and p_adjusted >= p_value.
    for r in &k.rows {
        let (p, q) = (
            k.float_or_nan(r, "p_value"),
            k.float_or_nan(r, "p_adjusted"),
        );
        assert!(q >= p && q <= 1.0, "{r:?}");
        assert_eq!(k.get(r, "significant") == "true", q <= 0.05, "{r:?}");
        assert!(int(r, "f_target") + int(r, "f_reference") >= 5.0);
    }
}

/// Selectors that match nothing are usage errors (exit 2) that list the documents; nothing
/// is written.
#[test]
fn selectors_that_match_nothing_list_the_ids() {
    let dir = tempdir();
    for (target, reference) in [
        ("lenin1920", "rest"),
        ("author_faction=anarchists", "rest"),
        ("trotsky1918", "year=1700..1800"),
        ("trotsky1918", "trotsky1918"),
    ] {
        let args = ["--target", target, "--reference", reference, "--out", "out"];
        let r = run_err(
            dir.path(),
            ["compare", DEFAULT_MANIFEST].iter().chain(&args),
            2,
        );
        assert!(r.stderr.starts_with("corpus-lens: error: "), "{}", r.stderr);
        if !reference.starts_with("trotsky") {
            r.assert_stderr_has(&["trotsky1918", "reed1919", "denikin1922"]);
        }
        assert!(!dir.path().join("out").exists(), "nothing written");
    }
}

/// `analyze` compares each document with the rest; the rest of trotsky1918 leaves out
/// trotsky1919 (the same book in another translation). Framing estimates of a one-document
/// side are that document's framing_summary.csv estimates.
#[test]
fn analyze_compares_each_memoir_with_the_rest() {
    let dir = tempdir();
    run_quietly(dir.path(), &["analyze", DEFAULT_MANIFEST], "200");
    let out = dir.path().join("out");
    let k = Table::read(&out.join("keyness.csv"));
    let summary = Table::read(&out.join("corpus_summary.csv"));
    let ids: Vec<&str> = summary
        .rows
        .iter()
        .map(|r| summary.get(r, "document"))
        .collect();
    let tokens = |id: &str| -> u64 {
        let r = summary
            .rows
            .iter()
            .find(|r| summary.get(r, "document") == id)
            .unwrap();
        summary.get(r, "tokens").parse().unwrap()
    };
    let total: u64 = ids.iter().map(|id| tokens(id)).sum();
    for id in &ids {
        let row = k
            .rows
            .iter()
            .find(|r| k.get(r, "target") == *id)
            .unwrap_or_else(|| panic!("no keyness rows for {id}"));
        assert_eq!(k.get(row, "reference"), "rest");
        let reference: u64 = k.get(row, "tokens_reference").parse().unwrap();
        let same_work = match *id {
            "trotsky1918" => tokens("trotsky1919"),
            "trotsky1919" => tokens("trotsky1918"),
            _ => 0,
        };
        assert_eq!(reference, total - tokens(id) - same_work, "{id}");
    }
    let f = Table::read(&out.join("framing_compare.csv"));
    let s = Table::read(&out.join("framing_summary.csv"));
    let mut checked = 0;
    for r in f
        .rows
        .iter()
        .filter(|r| f.get(r, "target") == "denikin1922")
    {
        let key = [f.get(r, "faction"), f.get(r, "voice"), f.get(r, "measure")];
        let same = s
            .rows
            .iter()
            .find(|x| {
                s.get(x, "document") == "denikin1922"
                    && [s.get(x, "faction"), s.get(x, "voice"), s.get(x, "measure")] == key
            })
            .unwrap();
        let (a, b) = (
            f.float_or_nan(r, "estimate_target"),
            s.float_or_nan(same, "estimate"),
        );
        assert!(a == b || (a.is_nan() && b.is_nan()), "{key:?}: {a} vs {b}");
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}
