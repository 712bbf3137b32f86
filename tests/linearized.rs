//! The linearized intervals of `framing_summary.csv` against the cluster bootstrap they
//! stand in for, on a shipped memoir (Reed, about 2,900 paragraphs), with the document
//! threshold lowered so that they are used at all.

mod common;

use std::collections::HashMap;

use corpus_lens::bootstrap::Bootstrap;
use corpus_lens::corpus::Corpus;
use corpus_lens::engine::{Analyzer, Config};
use corpus_lens::framing::summary::{summarize, SummaryOptions, SummaryRow};

type Key = (String, &'static str, String);

fn by_key(rows: Vec<SummaryRow>) -> HashMap<Key, SummaryRow> {
    rows.into_iter()
        .map(|r| ((r.faction.clone(), r.voice, r.measure.clone()), r))
        .collect()
}

/// The larger distance between the ends of intervals `a` and `b`, in standard errors of
/// the linearized `lin` (its half width over 1.96).
fn distance(lin: &SummaryRow, a: &SummaryRow, b: &SummaryRow) -> f64 {
    let se = (lin.ci_high - lin.ci_low) / (2.0 * 1.959_963_984_540_054);
    (a.ci_low - b.ci_low)
        .abs()
        .max((a.ci_high - b.ci_high).abs())
        / se
}

#[test]
fn linearized_intervals_agree_with_the_bootstrap_within_its_monte_carlo_error() {
    let all = Corpus::load_default().unwrap();
    let doc = all
        .documents()
        .iter()
        .find(|d| d.id == "reed1919")
        .unwrap()
        .clone();
    let framer = common::shipped_framer();
    let mut config = Config::default();
    config.count.framing = Some(framer.clone());
    let mut analysis = Analyzer::new(config).run(&Corpus::new(vec![doc])).unwrap();
    let docs = [("reed1919".to_string(), analysis.framing.remove(0))];
    let paragraphs = docs[0].1.paragraph_tokens.len() as u64;
    assert!(paragraphs > 2000, "{paragraphs}");

    // By default no shipped memoir is long enough: the bootstrap alone.
    let default = SummaryOptions::default();
    let bootstrap = by_key(summarize(&framer, &docs, &default).unwrap());
    assert!(bootstrap
        .values()
        .all(|r| r.replicates > 0 || !r.enough_data));
    let always = SummaryOptions {
        linearize_from: 0,
        ..default
    };
    assert_eq!(
        format!("{:?}", summarize(&framer, &docs, &always).unwrap()),
        format!("{:?}", summarize(&framer, &docs, &default).unwrap())
    );
    // The same bootstrap with another seed: how far two runs of it lie apart.
    let reseeded = SummaryOptions {
        bootstrap: Bootstrap {
            seed: 12_345,
            ..default.bootstrap
        },
        ..default
    };
    let reseeded = by_key(summarize(&framer, &docs, &reseeded).unwrap());
    let lowered = SummaryOptions {
        linearize_from: 1000,
        ..default
    };
    let linear = by_key(summarize(&framer, &docs, &lowered).unwrap());

    let (mut lin, mut seed) = (Vec::new(), Vec::new());
    for (key, l) in &linear {
        let b = &bootstrap[key];
        assert_eq!(
            (l.estimate.to_bits(), l.n, l.mentions),
            (b.estimate.to_bits(), b.n, b.mentions)
        );
        if l.replicates != 0 || !l.enough_data {
            continue;
        }
        assert!(l.ci_low < l.estimate && l.estimate < l.ci_high, "{l:?}");
        lin.push(distance(l, l, b));
        seed.push(distance(l, b, &reseeded[key]));
    }
    // Reed's largest groups: the rates and means of the Bolsheviks, the Soviets ...
    assert!(lin.len() >= 30, "{} linearized rows", lin.len());
    lin.sort_by(f64::total_cmp);
    seed.sort_by(f64::total_cmp);
    let median = |v: &[f64]| v[v.len() / 2];
    // The Monte Carlo error of a percentile end of B = 2000 replicates is about 0.06
    // standard errors (sqrt(0.025 * 0.975 / 2000) / φ(1.96)); two bootstraps with
    // different seeds lie about 0.08 apart at the median. The linearized ends lie no
    // farther from the bootstrap's than that.
    assert!(
        median(&lin) <= 0.12,
        "median {} (seeds: {})",
        median(&lin),
        median(&seed)
    );
    assert!(
        median(&lin) <= 1.25 * median(&seed),
        "{} against {}",
        median(&lin),
        median(&seed)
    );
    let worst = lin[lin.len() - 1];
    assert!(
        worst <= 0.3,
        "worst {worst} (seeds: {})",
        seed[seed.len() - 1]
    );
}
