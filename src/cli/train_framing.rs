//! `corpus-lens train-framing`: fits a stance model on labelled mentions, and reports how
//! it does by cross-validation by document.

use std::io::Write as _;
use std::path::PathBuf;

use clap::Args;
use corpus_lens::framing::evaluate::{
    self, comparison_rows, match_gold_mentions, scorer_rows, Outcome, DEFAULT_BOOTSTRAP,
};
use corpus_lens::framing::stance::{
    choose_lambda, cross_validate_stances, fit, Example, StanceSetup, TrainOptions,
};
use corpus_lens::tables;
use corpus_lens::Error;

use super::options::{Common, FramerArgs};
use super::output::{finish_one, inputs_of, write_one_reading};

#[derive(Args)]
pub(crate) struct TrainFramingArgs {
    /// The gold file: labelled mentions as for `evaluate` (document, byte_offset, faction,
    /// stance ...).
    #[arg(long, value_name = "FILE")]
    gold: PathBuf,
    /// The corpus the gold rows were drawn from. Default: the shipped corpus.
    inputs: Vec<PathBuf>,
    /// Where to write the model (a CSV file; replaced atomically).
    #[arg(long, short, value_name = "MODEL")]
    out: PathBuf,
    /// Also write evaluation.csv into this folder: the cross-validated stance
    /// (`stance_cv`) beside the plain valence, overall and per faction.
    #[arg(long, value_name = "DIR")]
    report: Option<PathBuf>,
    /// Also write each matched gold mention's features, long format (CSV: document,
    /// byte_offset, faction, stance, feature, value), to inspect or fit elsewhere.
    #[arg(long, value_name = "FILE")]
    features: Option<PathBuf>,
    /// Skip the cross-validation (fit only).
    #[arg(long)]
    no_cv: bool,
    /// The L2 penalties cross-validation chooses from, comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "L,...",
        default_value = "0.001,0.003,0.01,0.03,0.1"
    )]
    lambdas: Vec<f64>,
    /// Word features (l:, r:, prep:, verb:) that fewer training mentions have are dropped.
    #[arg(long, default_value_t = 2, value_name = "N")]
    min_count: usize,
    #[command(flatten)]
    framer: FramerArgs,
    #[command(flatten)]
    common: Common,
}

pub(crate) fn run(args: &TrainFramingArgs) -> Result<(), Error> {
    if args.lambdas.iter().any(|l| !(l.is_finite() && *l >= 0.0)) {
        return Err(Error::Usage(
            "--lambdas must be finite numbers >= 0".to_string(),
        ));
    }
    let gold = evaluate::read_gold(&args.gold)?;
    let framer = args
        .framer
        .framer_without_stance()?
        .with_stance(StanceSetup {
            verbs: args.framer.verb_lexicon()?,
            model: None,
            syntax: args.framer.syntax_model()?,
            keep_features: true,
        });
    let (corpus, analysis) =
        super::evaluate::frame_gold_corpus(&args.common, &args.inputs, &gold, &framer)?;
    // What the run read, which no output may replace: checked before the fitting.
    let mut inputs = inputs_of(&corpus, args.framer.files());
    inputs.push(args.gold.clone());
    inputs.extend(args.inputs.iter().cloned());
    for out in std::iter::once(&args.out).chain(&args.features) {
        tables::check_not_input(out, &inputs)?;
    }
    let matched = match_gold_mentions(&gold, &framer, &analysis)?;
    let rows: Vec<_> = gold.mentions().collect();
    let mut examples = Vec::new();
    let mut at = Vec::new();
    for (k, ((outcome, mention), row)) in matched.iter().zip(&rows).enumerate() {
        if let (Outcome::Matched { .. }, Some(m)) = (outcome, mention) {
            examples.push(Example {
                features: m.features.clone(),
                stance: row.stance,
                group: row.document.clone(),
            });
            at.push(k);
        }
    }
    if examples.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no gold mention matched a mention of the run; check that the inputs are the \
             documents the gold file was drawn from",
            args.gold.display()
        )));
    }
    if let Some(path) = &args.features {
        // A failure to write is a resource error (exit 1), naming the file.
        let io = |e: csv::Error| Error::Io {
            path: path.clone(),
            source: std::io::Error::other(e),
        };
        tables::write_file_atomically(path, &inputs, |file| {
            let mut w = csv::Writer::from_writer(file);
            w.write_record([
                "document",
                "byte_offset",
                "faction",
                "stance",
                "feature",
                "value",
            ])
            .map_err(io)?;
            for (e, &k) in examples.iter().zip(&at) {
                let row = rows[k];
                for (f, v) in &e.features {
                    w.write_record([
                        row.document.as_str(),
                        &row.byte_offset.to_string(),
                        row.faction.as_str(),
                        &row.stance.to_string(),
                        f.as_str(),
                        &v.to_string(),
                    ])
                    .map_err(io)?;
                }
            }
            w.flush().map_err(|e| Error::Io {
                path: path.clone(),
                source: e,
            })
        })?;
    }
    let options = TrainOptions {
        lambdas: args.lambdas.clone(),
        min_count: args.min_count,
        ..TrainOptions::default()
    };
    let mut notes = vec![format!(
        "trained by `corpus-lens train-framing` on {}: {} matched mentions from {} documents",
        args.gold.display(),
        examples.len(),
        {
            let mut g: Vec<&str> = examples.iter().map(|e| e.group.as_str()).collect();
            g.sort_unstable();
            g.dedup();
            g.len()
        }
    )];
    let bootstrap = DEFAULT_BOOTSTRAP;
    if !args.no_cv {
        let (stances, chosen) = cross_validate_stances(&examples, &options);
        let mut outcomes: Vec<Outcome> = matched.iter().map(|(o, _)| *o).collect();
        let mut words = outcomes.clone();
        for (&k, s) in at.iter().zip(&stances) {
            let class = s.stance;
            outcomes[k] = Outcome::Predicted {
                class,
                score: s.score,
            };
            words[k] = Outcome::Predicted {
                class,
                score: s.score_words,
            };
        }
        let mut cv = scorer_rows("stance_cv", &gold, &outcomes, &bootstrap)?;
        cv.extend(comparison_rows(
            "stance_words_cv",
            &gold,
            &words,
            &bootstrap,
        )?);
        let overall = |m: &str| {
            cv.iter()
                .find(|r| r.scope == "overall" && r.measure == m)
                .map_or(f64::NAN, |r| r.value)
        };
        let line = format!(
            "cross-validated by document (penalty chosen within the training documents): \
             macro-F1 {:.3}, Spearman {:.3}, sign accuracy {:.3}",
            overall("macro_f1"),
            overall("spearman"),
            overall("sign_accuracy")
        );
        eprintln!("{line}");
        for (doc, lambda) in &chosen {
            eprintln!("  held out {doc}: penalty {lambda}");
        }
        notes.push(line);
        if let Some(dir) = &args.report {
            let valence: Vec<Outcome> = matched.iter().map(|(o, _)| *o).collect();
            let mut rows = evaluate::evaluation_rows(&gold, &valence, &bootstrap)?;
            rows.extend(cv);
            write_one_reading(
                &inputs,
                Some(dir),
                args.common.format.get(),
                &tables::EVALUATION,
                rows,
            )?;
        }
    }
    let refs: Vec<&Example> = examples.iter().collect();
    let lambda = choose_lambda(&refs, &options);
    notes.push(format!(
        "penalty {lambda} (L2, chosen by leave-one-document-out macro-F1 from {:?}); word features in at least {} mentions",
        options.lambdas, options.min_count
    ));
    let model = fit(&refs, &TrainOptions { lambda, ..options }, notes);
    tables::write_file_atomically(&args.out, &inputs, |file| {
        file.write_all(model.to_text().as_bytes())
            .map_err(|source| Error::Io {
                path: args.out.clone(),
                source,
            })
    })?;
    eprintln!(
        "{}: {} features",
        args.out.display(),
        model.features().len()
    );
    finish_one(&analysis, &args.common, None);
    Ok(())
}
