//! `corpus-lens train-syntax`: trains the tagger, lemmatizer and parser on CoNLL-U files.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use corpus_lens::syntax::{conllu, Model, TrainOptions};
use corpus_lens::Error;

#[derive(Args)]
pub(crate) struct TrainSyntaxArgs {
    /// Training sentences (CoNLL-U with UPOS, LEMMA, HEAD and DEPREL).
    #[arg(long)]
    train: PathBuf,
    /// Development sentences: their scores are printed after every epoch (never used to
    /// train).
    #[arg(long)]
    dev: Option<PathBuf>,
    /// The model file to write.
    #[arg(long)]
    out: PathBuf,
    /// Passes over the training data for the tagger.
    #[arg(long, default_value_t = TrainOptions::default().tagger_epochs as u16, value_parser = clap::value_parser!(u16).range(1..=100))]
    tagger_epochs: u16,
    /// Passes over the training data for the parser.
    #[arg(long, default_value_t = TrainOptions::default().parser_epochs as u16, value_parser = clap::value_parser!(u16).range(1..=100))]
    parser_epochs: u16,
    /// Jackknife folds for the parser's training tags (1: tags from the final tagger).
    #[arg(long, default_value_t = TrainOptions::default().folds as u16, value_parser = clap::value_parser!(u16).range(1..=20))]
    folds: u16,
    /// Seed of the shuffling (the same seed gives the same model bytes).
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// Drop the parser's averaged weights smaller than this (1 suits a treebank of 10,000+
    /// sentences; use 0 for a small one).
    #[arg(long, default_value_t = TrainOptions::default().min_parser_weight)]
    min_parser_weight: f32,
}

pub(crate) fn run(args: &TrainSyntaxArgs) -> Result<(), Error> {
    let started = Instant::now();
    let train = conllu::read_file(&args.train)?;
    let dev = args.dev.as_ref().map(conllu::read_file).transpose()?;
    let options = TrainOptions {
        tagger_epochs: args.tagger_epochs.into(),
        parser_epochs: args.parser_epochs.into(),
        folds: args.folds.into(),
        seed: args.seed,
        min_parser_weight: args.min_parser_weight,
    };
    let mut report = |line: &str| eprintln!("[{:6.1}s] {line}", started.elapsed().as_secs_f64());
    let model = Model::train(&train, dev.as_deref(), &options, &mut report);
    model.save(&args.out)?;
    let (tagger, parser) = model.n_weights();
    let bytes = std::fs::metadata(&args.out)
        .map_err(|e| Error::Io {
            path: args.out.clone(),
            source: e,
        })?
        .len();
    report(&format!(
        "wrote {} ({bytes} bytes; {tagger} tagger and {parser} parser weights)",
        args.out.display()
    ));
    if let Some(dev) = &dev {
        report(&format!("dev: {}", model.evaluate(dev)));
    }
    Ok(())
}
