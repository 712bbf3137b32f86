//! `corpus-lens sketch`: word sketches, the grammatical collocations of node lemmas
//! (relations.csv).

use std::sync::Arc;

use clap::Args;
use corpus_lens::analyses::sketch::{relation_rows, SketchOptions};
use corpus_lens::run::CountOptions;
use corpus_lens::tables;
use corpus_lens::Error;

use super::options::heading::COLLOCATES;
use super::options::LemmaArgs;
use super::output::{inputs_of, out_help, OneTableArgs};
use super::query::NodeQuery;

// `--pos` is shared with the other lemma commands but means nothing here: hidden, and an
// error if given.
#[derive(Args)]
#[command(mut_arg("pos", |a| a.hide(true)), mut_arg("out", out_help("relations.csv")))]
pub(crate) struct SketchArgs {
    // Node lemmas (one word each: bolshevik, soviet, take; period spellings are folded),
    // then the inputs.
    #[command(flatten)]
    query: NodeQuery,
    /// Leave out (node, relation, collocate) triples seen fewer times than this.
    #[arg(long, default_value_t = 2, value_name = "N", help_heading = COLLOCATES)]
    min_count: u64,
    #[command(flatten)]
    lemma: LemmaArgs,
    #[command(flatten)]
    output: OneTableArgs,
}

pub(crate) fn run(args: &SketchArgs) -> Result<(), Error> {
    let (nodes, inputs) = args.query.split()?;
    if let Some(node) = nodes.iter().find(|n| n.split_whitespace().count() != 1) {
        return Err(Error::Usage(format!(
            "node '{node}': a sketch's node is one word, given as a lemma (soviet, take)"
        )));
    }
    if args.lemma.pos.is_some() {
        return Err(Error::Usage("--pos is not used by sketch".into()));
    }
    let (lemmas, _) = args.lemma.options()?;
    let options = Arc::new(SketchOptions::new(lemmas, &nodes));
    let count = CountOptions {
        sketch: Some(options.clone()),
        ..Default::default()
    };
    let (corpus, analysis) = args.output.common.run(&inputs, count)?;
    let ids: Vec<String> = corpus.documents().iter().map(|d| d.id.clone()).collect();
    let counts = analysis.sketch.as_ref().expect("relations were counted");
    // A node in no relation at all is most often not a lemma the tagger gives (a plural, a
    // spelling): say so, as collocations and kwic do for a node that matched nothing.
    for (i, node) in options.labels.iter().enumerate() {
        let found = counts.corpus.triples.keys().any(|k| usize::from(k.0) == i);
        if !found && !args.output.common.quiet {
            eprintln!(
                "corpus-lens: note: node '{node}' is in no grammatical relation in the {} \
                 documents read (a sketch's node is a lemma: soviet, not soviets)",
                corpus.documents().len()
            );
        }
    }
    let rows = relation_rows(counts, &options, &ids, args.min_count);
    let inputs = inputs_of(&corpus, args.lemma.files());
    args.output
        .write(&analysis, &inputs, &tables::RELATIONS, rows)
}
