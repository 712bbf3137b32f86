//! `corpus-lens actions`: what each faction does and what is done to it, from a parse of
//! the sentences with a faction mention (faction_actions.csv, faction_agency.csv).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::Args;
use corpus_lens::bootstrap::{Bootstrap, DEFAULT_REPLICATES, DEFAULT_SEED};
use corpus_lens::framing::actions::{
    action_rows, agency_rows, ActionsSetup, AgencyPowerLexicon, DocumentActions,
};
use corpus_lens::framing::summary::{SummaryOptions, MIN_MENTIONS, MIN_PARAGRAPHS};
use corpus_lens::framing::{Context, Framer};
use corpus_lens::run::CountOptions;
use corpus_lens::tables::{self, OutputDir};
use corpus_lens::{factions::FactionSet, lexicon::Lexicon, Error};

use super::jobs::{run_jobs, Job};
use super::options::{Common, MAX_REPLICATES, MIN_REPLICATES};
use super::output::{finish_tables, inputs_of};

#[derive(Args)]
pub(crate) struct ActionsArgs {
    /// Text files, folders of *.txt files, or manifests (*.toml). Default: the shipped corpus.
    inputs: Vec<PathBuf>,
    /// Folder for the tables (created if missing; tables are replaced atomically).
    #[arg(long, short, default_value = "out")]
    out: PathBuf,
    /// Factions lexicon (TOML). Default: the shipped corpora/factions.toml.
    #[arg(long, value_name = "FILE")]
    factions: Option<PathBuf>,
    /// Agency and power lexicon (CSV: verb,agency,power). Default: the shipped
    /// corpora/lexicons/agency_power.csv.
    #[arg(long, value_name = "FILE")]
    agency_lexicon: Option<PathBuf>,
    /// Bootstrap replicates for the intervals of faction_agency.csv (40 to 100,000).
    #[arg(long, default_value_t = DEFAULT_REPLICATES as u32, value_name = "N",
          value_parser = clap::value_parser!(u32).range(MIN_REPLICATES..=MAX_REPLICATES))]
    replicates: u32,
    /// Bootstrap seed (each document's own seed derives from it and the document id).
    #[arg(long, default_value_t = DEFAULT_SEED, value_name = "N")]
    seed: u64,
    /// Leave out first-person mentions ("we" for the author's faction).
    #[arg(long)]
    no_first_person: bool,
    /// The fewest roles behind a measure for an interval.
    #[arg(long, default_value_t = MIN_MENTIONS, value_name = "N")]
    min_mentions: u64,
    /// The fewest paragraphs those roles must lie in for an interval.
    #[arg(long, default_value_t = MIN_PARAGRAPHS, value_name = "N")]
    min_paragraphs: u64,
    #[command(flatten)]
    common: Common,
}

/// The setup of the actions analysis: `framer`'s mentions, the shipped parser, and the
/// agency and power lexicon from `lexicon` or the shipped one.
pub(crate) fn setup(framer: Framer, lexicon: Option<&PathBuf>) -> Result<Arc<ActionsSetup>, Error> {
    let lexicon = match lexicon {
        Some(path) => AgencyPowerLexicon::load(path)?,
        None => AgencyPowerLexicon::load_default()?,
    };
    Ok(Arc::new(ActionsSetup {
        framer,
        model: Arc::new(corpus_lens::syntax::Model::load_default()?),
        lexicon,
    }))
}

/// The jobs that write faction_actions.csv and faction_agency.csv.
pub(crate) fn actions_jobs<'a>(
    setup: &'a ActionsSetup,
    docs: &'a [(String, DocumentActions)],
    summary: &'a SummaryOptions,
    out: &'a OutputDir,
) -> Vec<Job<'a>> {
    let (factions, lexicon) = (setup.framer.factions(), &setup.lexicon);
    vec![
        (
            "faction_actions",
            Box::new(move || {
                let rows = action_rows(factions, lexicon, docs, summary);
                out.write(&tables::FACTION_ACTIONS, rows)
            }),
        ),
        (
            "faction_agency",
            Box::new(move || {
                let rows = agency_rows(factions, lexicon, docs, summary)?;
                out.write(&tables::FACTION_AGENCY, rows)
            }),
        ),
    ]
}

/// Each document's id with its roles, taken out of the analysis.
pub(crate) fn take_actions(
    corpus: &corpus_lens::corpus::Corpus,
    analysis: &mut corpus_lens::run::Analysis,
) -> Vec<(String, DocumentActions)> {
    let ids = corpus.documents().iter().map(|d| d.id.clone());
    ids.zip(analysis.actions.take().expect("the actions were counted"))
        .collect()
}

pub(crate) fn run(args: &ActionsArgs) -> Result<(), Error> {
    let factions = match &args.factions {
        Some(path) => FactionSet::load(path)?,
        None => FactionSet::load_default()?,
    };
    let framer = Framer::new(factions, Lexicon::load_default()?, Context::Sentence);
    let setup = setup(framer, args.agency_lexicon.as_ref())?;
    let summary = SummaryOptions {
        bootstrap: Bootstrap::new(args.replicates as usize, args.seed)?,
        first_person: !args.no_first_person,
        min_mentions: args.min_mentions,
        min_paragraphs: args.min_paragraphs,
        ..Default::default()
    };
    let (corpus, mut analysis) = args.common.run(
        &args.inputs,
        CountOptions {
            actions: Some(setup.clone()),
            ..Default::default()
        },
    )?;
    let tables_start = Instant::now();
    let files: Vec<PathBuf> = (args.factions.iter().chain(&args.agency_lexicon))
        .cloned()
        .collect();
    let format = args.common.format.get();
    let out = OutputDir::create_as(&args.out, &inputs_of(&corpus, files), format)?;
    let docs = take_actions(&corpus, &mut analysis);
    let times = run_jobs(actions_jobs(&setup, &docs, &summary, &out))?;
    finish_tables(out, &analysis, &args.common, times, tables_start, &args.out)
}
