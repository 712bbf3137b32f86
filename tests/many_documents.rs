//! Many documents: every document against the rest from per-document counts and corpus
//! totals (the same values as summing each side), the `keyness.csv` row filter
//! (`--keyness-top`, `--keyness-all`), and identical tables at any thread count.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{run_err, run_ok, tempdir};
use corpus_lens::compare::{all_versus_rest, keyness_rows, KeynessOptions, KeynessRow};
use corpus_lens::corpus::{Corpus, Document};
use corpus_lens::engine::{Analyzer, Config};
use corpus_lens::keyness::{self, Correction};

/// Writes `n` documents of `paragraphs` paragraphs each, cut from the shipped Reed and
/// Denikin books in turn, into `dir`; returns their paths in order.
fn write_documents(dir: &Path, n: usize, paragraphs: usize) -> Vec<PathBuf> {
    let books = [
        "reed_1919_ten_days_that_shook_the_world.txt",
        "denikin_1922_the_russian_turmoil.txt",
    ];
    let texts: Vec<Vec<String>> = books
        .iter()
        .map(|b| {
            let text = fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("corpora")
                    .join(b),
            )
            .unwrap();
            text.split("\n\n")
                .map(str::trim)
                .filter(|p| p.len() > 200)
                .map(String::from)
                .collect()
        })
        .collect();
    (0..n)
        .map(|k| {
            let book = &texts[k % 2];
            let start = (k / 2) * paragraphs;
            let body: Vec<&str> = (0..paragraphs)
                .map(|i| book[(start + i) % book.len()].as_str())
                .collect();
            let path = dir.join(format!("doc{k:03}.txt"));
            fs::write(&path, body.join("\n\n") + "\n").unwrap();
            path
        })
        .collect()
}

/// Documents as a corpus; the fourth is another translation of the second (`same_work_as`),
/// so its rest leaves the second out.
fn corpus_of(paths: &[PathBuf]) -> Corpus {
    let docs = paths
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let mut d = Document::bare(format!("doc{k:03}"), p);
            if k == 3 {
                d.same_work_as = Some("doc001".into());
            }
            d
        })
        .collect();
    Corpus::new(docs)
}

fn debug(rows: &[KeynessRow]) -> Vec<String> {
    // As text: NaN cells equal nothing.
    rows.iter().map(|r| format!("{r:?}")).collect()
}

/// Each document against the rest, computed from corpus totals minus the document, gives the
/// values of summing every document of each side by hand: counts, tokens, the statistics of
/// `keyness::keyness`, the Benjamini-Hochberg values of `keyness::adjust` over all the
/// comparison's words, the conservative log ratio at the corrected level, and the ranking.
#[test]
fn many_documents_keyness_linear_matches_summing_each_side() {
    let dir = tempdir();
    let paths = write_documents(dir.path(), 24, 3);
    let corpus = corpus_of(&paths);
    let analysis = Analyzer::new(Config::default()).run(&corpus).unwrap();
    let comparisons = all_versus_rest(corpus.documents());
    assert_eq!(comparisons.len(), 24);
    assert!(
        !comparisons[1].reference.documents.contains(&3),
        "same work left out"
    );
    let options = KeynessOptions::default();
    let rows = keyness_rows(&analysis, &comparisons, &options);
    let words = &analysis.words;
    let mut checked = 0;
    for c in &comparisons {
        let sum = |docs: &[usize]| {
            let mut freq = vec![0u64; words.len()];
            let mut tokens = 0;
            for &d in docs {
                let counts = &analysis.documents[d].counts;
                for w in &counts.words {
                    freq[w.id as usize] += w.freq;
                }
                tokens += counts.tokens;
            }
            (freq, tokens)
        };
        let ((ft, ct), (fr, cr)) = (sum(&c.target.documents), sum(&c.reference.documents));
        let ids: Vec<usize> = (0..words.len()).filter(|&i| ft[i] + fr[i] >= 5).collect();
        let stats: Vec<_> = ids
            .iter()
            .map(|&i| keyness::keyness(ft[i], fr[i], ct, cr))
            .collect();
        let p: Vec<f64> = stats.iter().map(|k| k.p_value).collect();
        let q = keyness::adjust(&p, Correction::Fdr);
        let z = keyness::normal_upper_quantile(0.05 / (2.0 * ids.len() as f64));
        let mine: Vec<&KeynessRow> = rows.iter().filter(|r| r.target == c.target.label).collect();
        assert_eq!(mine.len(), ids.len(), "{c}: every word with 5 mentions");
        for (j, &i) in ids.iter().enumerate() {
            let row = mine.iter().find(|r| *r.word == *words[i]).unwrap();
            assert_eq!((row.f_target, row.f_reference), (ft[i], fr[i]));
            assert_eq!((row.tokens_target, row.tokens_reference), (ct, cr));
            assert_eq!(
                row.log_likelihood.to_bits(),
                stats[j].log_likelihood.to_bits()
            );
            assert_eq!(row.p_adjusted.to_bits(), q[j].to_bits(), "{c} {}", row.word);
            let (low, high) = keyness::log_ratio_interval(ft[i], fr[i], ct, cr, z);
            let conservative = keyness::conservative_log_ratio(low, high);
            assert_eq!(row.log_ratio_conservative.to_bits(), conservative.to_bits());
            checked += 1;
        }
        // Ranked: conservative log ratio descending (NaN as 0).
        let key = |r: &KeynessRow| {
            if r.log_ratio_conservative.is_nan() {
                0.0
            } else {
                r.log_ratio_conservative
            }
        };
        assert!(
            mine.windows(2).all(|w| key(w[0]) >= key(w[1])),
            "{c}: ranked"
        );
    }
    assert!(checked > 5_000, "{checked} rows checked");
}

/// `top` keeps, per comparison, the first `top` rows of direction `over` and the last `top`
/// of direction `under` of the full ranking, with the very bytes they have there (corrected
/// over every word).
#[test]
fn keyness_top_keeps_the_ranked_ends_of_every_row() {
    let dir = tempdir();
    let paths = write_documents(dir.path(), 12, 4);
    let corpus = corpus_of(&paths);
    let analysis = Analyzer::new(Config::default()).run(&corpus).unwrap();
    let comparisons = all_versus_rest(corpus.documents());
    let all = keyness_rows(&analysis, &comparisons, &KeynessOptions::default());
    let top = 7;
    let options = KeynessOptions {
        top: Some(top),
        ..Default::default()
    };
    let kept = keyness_rows(&analysis, &comparisons, &options);
    assert!(
        kept.len() < all.len() / 5,
        "{} of {} rows kept",
        kept.len(),
        all.len()
    );
    for c in &comparisons {
        let of = |rows: &[KeynessRow]| -> Vec<KeynessRow> {
            rows.iter()
                .filter(|r| r.target == c.target.label)
                .cloned()
                .collect()
        };
        let (every, mine) = (of(&all), of(&kept));
        let over: Vec<KeynessRow> = every
            .iter()
            .filter(|r| r.direction == "over")
            .take(top)
            .cloned()
            .collect();
        let mut under: Vec<KeynessRow> = every
            .iter()
            .rev()
            .filter(|r| r.direction == "under")
            .take(top)
            .cloned()
            .collect();
        under.reverse();
        assert_eq!(over.len(), top, "{c}: enough over-used words to cut");
        assert_eq!(under.len(), top, "{c}: enough under-used words to cut");
        let expected: Vec<KeynessRow> = over.into_iter().chain(under).collect();
        assert_eq!(debug(&mine), debug(&expected), "{c}");
    }
}

/// The CLI's filter: `--keyness-top N` per comparison and direction, 200 by default,
/// `--keyness-all` for every row; 0, or both options at once, are usage errors.
#[test]
fn keyness_top_and_all_options_on_the_command_line() {
    let dir = tempdir();
    write_documents(dir.path(), 6, 40);
    let rows = |extra: &[&str]| {
        let mut args = vec![
            "compare",
            ".",
            "--target",
            "doc000",
            "-q",
            "--replicates",
            "40",
        ];
        args.extend_from_slice(&["--out", "out"]);
        args.extend_from_slice(extra);
        run_ok(dir.path(), &args);
        let text = fs::read_to_string(dir.path().join("out/keyness.csv")).unwrap();
        text.lines().count() - 1
    };
    let (default, three, all) = (
        rows(&[]),
        rows(&["--keyness-top", "3"]),
        rows(&["--keyness-all"]),
    );
    assert_eq!(three, 6);
    assert_eq!(default, 400, "200 over-used and 200 under-used words");
    assert!(all > 600, "{all} rows");
    let err = run_err(
        dir.path(),
        ["compare", ".", "--target", "doc000", "--keyness-top", "0"],
        2,
    );
    assert!(err.stderr.contains("--keyness-top"), "{}", err.stderr);
    let err = run_err(
        dir.path(),
        [
            "compare",
            ".",
            "--target",
            "doc000",
            "--keyness-top",
            "5",
            "--keyness-all",
        ],
        2,
    );
    assert!(err.stderr.contains("--keyness-all"), "{}", err.stderr);
}

/// 200 generated documents (each against the rest in every comparison table) give
/// byte-identical tables at 1 and 2 threads.
#[test]
fn two_hundred_documents_identical_tables_at_1_and_2_threads() {
    let dir = tempdir();
    let docs = dir.path().join("docs");
    fs::create_dir(&docs).unwrap();
    write_documents(&docs, 200, 2);
    for threads in ["1", "2"] {
        let out = format!("out{threads}");
        run_ok(
            dir.path(),
            [
                "analyze",
                "docs",
                "--out",
                &out,
                "-q",
                "--replicates",
                "50",
                "--threads",
                threads,
            ],
        );
    }
    let mut names: Vec<_> = fs::read_dir(dir.path().join("out1"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert!(names.len() >= 15, "{names:?}");
    for name in &names {
        let one = fs::read(dir.path().join("out1").join(name)).unwrap();
        let two = fs::read(dir.path().join("out2").join(name)).unwrap();
        assert!(one == two, "{name:?} differs between 1 and 2 threads");
    }
    let keyness = fs::read_to_string(dir.path().join("out1/keyness.csv")).unwrap();
    let compared = keyness
        .lines()
        .skip(1)
        .filter(|l| l.contains(",rest,"))
        .count();
    assert!(
        compared > 200 * 100 && compared <= 200 * 400,
        "{compared} rows"
    );
}

/// `keyness.csv` and `colloc_compare.csv` are written as they are computed, a few
/// comparisons at a time: the streamed rows are each comparison's rows on its own, in
/// comparison order, across the chunks' boundaries (24 comparisons, chunks of 4 per thread).
#[test]
fn many_comparisons_streamed_rows_are_each_comparisons_rows_in_order() {
    use corpus_lens::collocate::WindowOptions;
    use corpus_lens::compare::TextParts;
    use corpus_lens::compare::{colloc_compare_iter, colloc_compare_rows, keyness_rows_iter};
    use corpus_lens::engine::CountOptions;
    use corpus_lens::nodes::{MatchBy, NodeSet};
    let dir = tempdir();
    let paths = write_documents(dir.path(), 24, 3);
    let corpus = corpus_of(&paths);
    let windows =
        WindowOptions::new(NodeSet::new(&["soviet", "the"], MatchBy::Word, false).unwrap());
    let config = Config {
        count: CountOptions {
            windows: Some(windows.clone().into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let analysis = Analyzer::new(config).run(&corpus).unwrap();
    let comparisons = all_versus_rest(corpus.documents());
    let options = KeynessOptions::default();
    let parts = TextParts::default();
    let streamed: Vec<KeynessRow> =
        keyness_rows_iter(&analysis, &comparisons, &options, &parts).collect();
    let one_by_one: Vec<KeynessRow> = comparisons
        .iter()
        .flat_map(|c| keyness_rows(&analysis, std::slice::from_ref(c), &options))
        .collect();
    assert!(streamed.len() > 24 * 100, "{} rows", streamed.len());
    assert_eq!(debug(&streamed), debug(&one_by_one));
    let streamed: Vec<String> = colloc_compare_iter(&analysis, &comparisons, &windows, 1)
        .map(|r| format!("{r:?}"))
        .collect();
    let one_by_one: Vec<String> = comparisons
        .iter()
        .flat_map(|c| colloc_compare_rows(&analysis, std::slice::from_ref(c), &windows, 1))
        .map(|r| format!("{r:?}"))
        .collect();
    assert!(!streamed.is_empty());
    assert_eq!(streamed, one_by_one);
}
