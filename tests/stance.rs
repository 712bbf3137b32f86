//! The stance scorer from the command line: `train-framing` reproduces the shipped model byte
//! for byte and reports its cross-validation; `framing` writes the stance columns, or leaves
//! them empty with `--no-stance`; bad model and verb files are errors naming the place.

mod common;

use std::fs;
use std::path::Path;

use common::{run_err, run_ok, tempdir, write, Table};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn train_framing_reproduces_the_shipped_model_and_reports_cross_validation() {
    let dir = tempdir();
    let model = dir.path().join("stance.csv");
    let report = dir.path().join("cv");
    let run = run_ok(
        Path::new(ROOT),
        [
            "train-framing".as_ref(),
            "--gold".as_ref(),
            "corpora/gold/gold.csv".as_ref(),
            "--out".as_ref(),
            model.as_os_str(),
            "--report".as_ref(),
            report.as_os_str(),
        ],
    );
    run.assert_stderr_has(&["cross-validated by document", "held out reed1919: penalty"]);
    let shipped = fs::read_to_string(Path::new(ROOT).join("models/stance.csv")).unwrap();
    assert_eq!(
        fs::read_to_string(&model).unwrap(),
        shipped,
        "models/stance.csv is what `train-framing --gold corpora/gold/gold.csv` makes"
    );
    let table = Table::read(&report.join("evaluation.csv"));
    let scorer = table.column("scorer");
    let measure = table.column("measure");
    let value = |who: &str, m: &str| -> f64 {
        let row = table
            .rows
            .iter()
            .find(|r| r[0] == "overall" && r[scorer] == who && r[measure] == m)
            .unwrap_or_else(|| panic!("no {who} {m}"));
        row[table.column("value")].parse().unwrap()
    };
    // Both scorers are measured on the same matched rows.
    assert_eq!(
        value("valence", "rows_matched"),
        value("stance_cv", "rows_matched")
    );
    for m in ["macro_f1", "spearman", "sign_accuracy"] {
        let v = value("stance_cv", m);
        assert!(v.is_finite() && (-1.0..=1.0).contains(&v), "{m}: {v}");
    }
}

#[test]
fn framing_writes_the_stance_columns_or_leaves_them_empty() {
    let dir = tempdir();
    let text =
        "The Cossacks routed the Mensheviks.\n\nThe heroic Bolsheviks saved the revolution.\n";
    write(dir.path(), "memoir.txt", text);
    run_ok(dir.path(), ["framing", "memoir.txt", "--out", "on"]);
    run_ok(
        dir.path(),
        ["framing", "memoir.txt", "--out", "off", "--no-stance"],
    );
    let on = Table::read(&dir.path().join("on/framing_mentions.csv"));
    let off = Table::read(&dir.path().join("off/framing_mentions.csv"));
    assert_eq!(on.rows.len(), 3);
    let (stance, score, terms) = (
        on.column("stance"),
        on.column("stance_score"),
        on.column("stance_terms"),
    );
    for row in &on.rows {
        let class: i8 = row[stance].parse().unwrap();
        let s: f64 = row[score].parse().unwrap();
        assert!(
            (-1..=1).contains(&class) && (-1.0..=1.0).contains(&s),
            "{row:?}"
        );
        assert!(row[terms].contains('='), "{row:?}");
    }
    // The Mensheviks, routed, are the patient of a defeat.
    let mensheviks = on.row("faction", "mensheviks");
    assert!(
        mensheviks[terms].contains("verb:rout:patient")
            || mensheviks[terms].contains("patient_polarity"),
        "{mensheviks:?}"
    );
    let words = on.column("stance_score_words");
    for row in &on.rows {
        let w: f64 = row[words].parse().unwrap();
        assert!((-1.0..=1.0).contains(&w), "{row:?}");
    }
    for row in &off.rows {
        assert_eq!(
            (
                &row[stance][..],
                &row[score][..],
                &row[terms][..],
                &row[words][..]
            ),
            ("", "", "", "")
        );
    }
    // The other columns do not depend on the stance scorer.
    let valence = on.column("valence");
    for (a, b) in on.rows.iter().zip(&off.rows) {
        assert_eq!(a[..valence + 1], b[..valence + 1]);
    }
}

#[test]
fn stance_score_words_leaves_out_the_faction_prior() {
    let dir = tempdir();
    let text = "The Mensheviks met.\n\nThe Bolsheviks met.\n";
    write(dir.path(), "memoir.txt", text);
    // A model whose only signal is a prior for the Mensheviks.
    let model = "# corpus-lens stance model 1\nfeature,negative,neutral,positive\n\
                 bias,0,0,0\nfac:mensheviks,-3,0,3\n";
    write(dir.path(), "model.csv", model);
    run_ok(
        dir.path(),
        [
            "framing",
            "memoir.txt",
            "--model",
            "model.csv",
            "--out",
            "t",
        ],
    );
    let t = Table::read(&dir.path().join("t/framing_mentions.csv"));
    let (score, words) = (t.column("stance_score"), t.column("stance_score_words"));
    let get = |faction: &str, c: usize| -> f64 { t.row("faction", faction)[c].parse().unwrap() };
    // exp(3) / (exp(-3) + 1 + exp(3)) - exp(-3) / (...): the prior alone.
    let e = 3f64.exp();
    let prior = (e - 1.0 / e) / (e + 1.0 + 1.0 / e);
    assert!((get("mensheviks", score) - prior).abs() < 1e-12);
    assert_eq!(get("mensheviks", words), 0.0);
    assert_eq!(
        (get("bolsheviks", score), get("bolsheviks", words)),
        (0.0, 0.0)
    );
}

#[test]
fn stance_words_is_the_mean_stance_score_words_and_absent_without_a_model() {
    let dir = tempdir();
    let text =
        "The Cossacks routed the Mensheviks.\n\nThe heroic Bolsheviks saved the revolution.\n\n\
                The Mensheviks, cowards all, fled before the Bolsheviks.\n";
    write(dir.path(), "memoir.txt", text);
    run_ok(dir.path(), ["framing", "memoir.txt", "--out", "on"]);
    run_ok(
        dir.path(),
        ["framing", "memoir.txt", "--out", "off", "--no-stance"],
    );
    let mentions = Table::read(&dir.path().join("on/framing_mentions.csv"));
    let summary = Table::read(&dir.path().join("on/framing_summary.csv"));
    let (faction, words) = (
        mentions.column("faction"),
        mentions.column("stance_score_words"),
    );
    let (s_faction, voice, measure, estimate) = (
        summary.column("faction"),
        summary.column("voice"),
        summary.column("measure"),
        summary.column("estimate"),
    );
    for f in ["mensheviks", "bolsheviks"] {
        let scores: Vec<f64> = (mentions.rows.iter())
            .filter(|r| r[faction] == f)
            .map(|r| r[words].parse().unwrap())
            .collect();
        let row = (summary.rows.iter())
            .find(|r| r[s_faction] == f && r[voice] == "all" && r[measure] == "stance_words")
            .unwrap();
        let want = scores.iter().sum::<f64>() / scores.len() as f64;
        let got: f64 = row[estimate].parse().unwrap();
        assert!((got - want).abs() < 1e-12, "{f}: {got} vs {want}");
    }
    let off = Table::read(&dir.path().join("off/framing_summary.csv"));
    assert!(off.rows.iter().all(|r| r[measure] != "stance_words"));
    assert_eq!(
        off.rows.len() + summary.rows.len() / 17,
        summary.rows.len(),
        "one measure of 17 more per group"
    );
}

/// Runs `framing memoir.txt --out t` with `extra` in `dir`: exit 1 and `message` on stderr.
fn refused(dir: &Path, extra: [&str; 2], message: &str) {
    let mut args = vec!["framing", "memoir.txt", "--out", "t"];
    args.extend(extra);
    run_err(dir, args, 1).assert_stderr_has(&[message]);
}

#[test]
fn bad_model_and_verb_files_are_errors_naming_the_place() {
    let dir = tempdir();
    write(dir.path(), "memoir.txt", "The Cadets fled.\n");
    let model = "feature,negative,neutral,positive\nbias,0,0,0\n";
    write(dir.path(), "model.csv", model);
    refused(
        dir.path(),
        ["--model", "model.csv"],
        "model.csv:1: not a corpus-lens stance model",
    );
    let model = "# corpus-lens stance model 1\nfeature,negative,neutral,positive\nbias,0,x,0\n";
    write(dir.path(), "model.csv", model);
    refused(
        dir.path(),
        ["--model", "model.csv"],
        "model.csv:3: weight \"x\" is not a finite number",
    );
    let verbs = "lemma,forms,agent,patient,class\nflee,flee|fled,-3,0,weakness\n";
    write(dir.path(), "verbs.csv", verbs);
    refused(
        dir.path(),
        ["--verbs", "verbs.csv"],
        "verbs.csv:2: agent \"-3\" is not one of -1, -0.5, 0, 0.5, 1",
    );
    // Nothing was written.
    assert!(!dir.path().join("t").exists());
}
