use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::analyses::collocate::CollocationFilter;
use crate::analyses::compare::{self, KeynessOptions};
use crate::analyses::freq::{self, FreqOptions};
use crate::analyses::lemmas::lemma_rows;
use crate::analyses::ngrams::ngram_rows;
use crate::analyses::sketch::relation_rows;
use crate::corpus::Document;
use crate::count::aggregate::Partial;
use crate::count::nodes::{MatchBy, NodeSet};
use crate::count::spill::Spill;
use crate::framing::actions::{action_rows, agency_rows};
use crate::framing::factions::FactionSet;
use crate::framing::lexicon::Lexicon;
use crate::framing::summary::{summarize, write_mentions, SummaryOptions};
use crate::framing::Context;
use crate::tables;

/// The first 40 KB of each shipped book (whole paragraphs), with its manifest entry but
/// without body markers, which a cut file may not hold.
fn small_corpus(dir: &std::path::Path) -> Corpus {
    let shipped = Corpus::load_default().expect("shipped corpus");
    let documents = shipped
        .documents()
        .iter()
        .map(|d| {
            let text = std::fs::read_to_string(&d.path).expect("shipped file");
            let cut = text[..text.len().min(40_000)]
                .rfind("\n\n")
                .unwrap_or(text.len().min(40_000));
            let path = dir.join(format!("{}.txt", d.id));
            std::fs::write(&path, &text[..cut]).expect("temporary file");
            Document {
                path,
                body_start: None,
                body_end: None,
                ..d.clone()
            }
        })
        .collect();
    Corpus::new(documents)
}

fn analyzer() -> Analyzer {
    let nodes = NodeSet::new(&["soviet", "Bolshevi*"], MatchBy::Stem, false).expect("nodes");
    let framer = Framer::new(
        FactionSet::load_default().expect("factions"),
        Lexicon::load_default().expect("lexicon"),
        Context::Sentence,
    );
    Analyzer::new(Config {
        count: CountOptions {
            windows: Some(Arc::new(WindowOptions::new(nodes))),
            ngrams: Some(NgramOptions::default()),
            framing: Some(framer),
            keep_numbers: false,
            // Chapters: dispersion and the text-level keyness tests over them.
            parts: Some(PartUnit::Chapter),
            lemmas: Some(Arc::new(LemmaOptions::load_default().expect("lemma model"))),
            sketch: Some(Arc::new(SketchOptions::new(
                Arc::new(LemmaOptions::load_default().expect("lemma model")),
                &["bolshevik", "soviet", "take"],
            ))),
            actions: Some(Arc::new(
                crate::framing::actions::ActionsSetup::load_default().expect("actions"),
            )),
        },
        ..Default::default()
    })
}

/// The tables of the analyses that run through the trait, as bytes (the frequency tables
/// hold the dispersion columns).
fn tables_of(analyzer: &Analyzer, mut analysis: Analysis) -> Vec<Vec<u8>> {
    let count = &analyzer.config.count;
    let framer = count.framing.as_ref().unwrap();
    let mut out = vec![Vec::new(); 10];
    // Keyness with several documents a side: the text-level columns over the documents and
    // over the chapters.
    let documents = analysis
        .documents
        .iter()
        .map(|d| d.document.clone())
        .collect::<Vec<_>>();
    let target = ["author_faction=bolsheviks".to_string()];
    let comparisons = [
        compare::select(&documents, &target, &[]).unwrap(),
        compare::select(&documents, &["reed1919".into()], &[]).unwrap(),
    ];
    let keyness = KeynessOptions::default();
    let rows = compare::keyness_rows(&analysis, &comparisons, &keyness);
    assert!(rows.iter().any(|r| r.key_in.is_some()));
    tables::write_csv(&mut out[8], &tables::KEYNESS, rows).unwrap();
    let parts = &analysis.parts_of_texts;
    let rows = compare::keyness_rows_with_parts(&analysis, &comparisons, &keyness, parts);
    assert!(rows.iter().any(|r| r.key_in.is_some_and(|k| k > 0)));
    tables::write_csv(&mut out[9], &tables::KEYNESS, rows).unwrap();
    let sketch = count.sketch.as_deref().unwrap();
    let ids: Vec<String> = analysis
        .documents
        .iter()
        .map(|d| d.document.id.clone())
        .collect();
    let relations = relation_rows(analysis.sketch.as_ref().unwrap(), sketch, &ids, 1);
    tables::write_csv(&mut out[9], &tables::RELATIONS, relations).unwrap();
    // Faction actions, with their bootstrap intervals.
    let setup = count.actions.as_deref().unwrap();
    let acted: Vec<_> = (ids.iter().cloned())
        .zip(analysis.actions.clone().unwrap())
        .collect();
    let (factions, summary) = (setup.framer.factions(), SummaryOptions::default());
    let rows = action_rows(factions, &setup.lexicon, &acted, &summary);
    assert!(rows.iter().any(|r| r.role == "patient"));
    tables::write_csv(&mut out[9], &tables::FACTION_ACTIONS, rows).unwrap();
    let rows = agency_rows(factions, &setup.lexicon, &acted, &summary).unwrap();
    tables::write_csv(&mut out[9], &tables::FACTION_AGENCY, rows).unwrap();
    let options = FreqOptions::default();
    let lemmas = lemma_rows(&analysis, analysis.lemmas.as_ref().unwrap(), &options, None);
    tables::write_csv(&mut out[8], &tables::LEMMAS, lemmas).unwrap();
    tables::write_csv(
        &mut out[5],
        &tables::FREQ,
        freq::freq_table(&analysis, &options),
    )
    .unwrap();
    let by_document = freq::freq_by_document(&analysis, &options);
    tables::write_csv(&mut out[6], &tables::FREQ_BY_DOCUMENT, by_document).unwrap();
    tables::write_csv(
        &mut out[7],
        &tables::STEMS,
        freq::stems_table(&analysis, &options),
    )
    .unwrap();
    let rows = analysis
        .collocations(&CollocationFilter::default())
        .unwrap();
    tables::write_csv(&mut out[0], &tables::COLLOCATIONS, rows).unwrap();
    let kwic = analysis.kwic().unwrap();
    tables::write_csv(&mut out[1], &tables::KWIC, kwic).unwrap();
    tables::write_csv(&mut out[2], &tables::NGRAMS, ngram_rows(&analysis, 2)).unwrap();
    let framed = analysis.take_framing();
    write_mentions(&mut out[3], framer, &framed).unwrap();
    let summary = summarize(framer, &framed, &SummaryOptions::default()).unwrap();
    out[4] = format!("{summary:?}").into_bytes();
    out
}

/// Splits each analysis's partial into random groups of documents and merges them back
/// in a random order and grouping.
fn regroup(
    list: &[Box<dyn AnyAggregate>],
    partials: Vec<Partial<Boxed>>,
    seed: u64,
) -> Vec<Partial<Boxed>> {
    // A small xorshift generator: `below(n)` is in 0..n.
    let mut state = seed | 1;
    let mut below = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    list.iter()
        .zip(partials)
        .map(|(analysis, partial)| {
            let mut documents = partial.into_documents();
            for i in (1..documents.len()).rev() {
                documents.swap(i, below(i + 1));
            }
            let mut pool: Vec<Partial<Boxed>> = Vec::new();
            while !documents.is_empty() {
                let take = 1 + below(documents.len());
                let group = documents.split_off(documents.len() - take);
                pool.push(Partial::from_documents(group).unwrap());
            }
            while pool.len() > 1 {
                let a = pool.swap_remove(below(pool.len()));
                let b = pool.swap_remove(below(pool.len()));
                pool.push(analysis.merge(a, b).unwrap());
            }
            pool.pop().unwrap_or_default()
        })
        .collect()
}

#[test]
fn the_same_tables_at_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = small_corpus(dir.path());
    let mut tables = Vec::new();
    for threads in [1, 3] {
        let mut analyzer = analyzer();
        analyzer.config.threads = Some(threads);
        tables.push(tables_of(&analyzer, analyzer.run(&corpus).unwrap()));
    }
    assert!(
        tables[0] == tables[1],
        "tables differ between 1 and 3 threads"
    );
}

#[test]
fn a_document_in_two_partials_is_an_error() {
    let list = analyzer().aggregates();
    let one = || Partial::from_documents(vec![(0, list[1].open(&Spill::new(0)))]).unwrap();
    assert!(list[1].merge(one(), one()).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]

    #[test]
    fn partials_merged_in_any_grouping_give_the_same_tables(seed in any::<u64>()) {
        let dir = tempfile::tempdir().unwrap();
        let corpus = small_corpus(dir.path());
        let analyzer = analyzer();
        let straight = tables_of(&analyzer, analyzer.run(&corpus).unwrap());
        let list = analyzer.aggregates();
        let (counts, partials) = Engine::new(analyzer.options()).count(&corpus, &list).unwrap();
        let partials = regroup(&list, partials, seed);
        let outputs = list
            .iter()
            .zip(partials)
            .map(|(a, p)| a.finish(p).unwrap())
            .collect();
        let merged = tables_of(&analyzer, analyzer.assemble(counts, outputs));
        for (a, b) in straight.iter().zip(&merged) {
            prop_assert!(!a.is_empty());
            prop_assert!(a == b, "tables differ");
        }
    }
}

#[test]
fn windows_by_lemma_are_the_same_in_any_grouping_and_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = small_corpus(dir.path());
    let lemmas = Arc::new(LemmaOptions::load_default().unwrap());
    let mut nodes = NodeSet::new(&["Bolsheviki", "take"], MatchBy::Lemma, false).unwrap();
    nodes.fold_words(|w| lemmas.variants.fold(w, w).map(str::to_string));
    let windows = WindowOptions {
        lemmas: Some(lemmas),
        ..WindowOptions::new(nodes)
    };
    let windows = Arc::new(windows);
    let config = |threads| Config {
        threads: Some(threads),
        count: CountOptions {
            windows: Some(windows.clone()),
            ..Default::default()
        },
        ..Default::default()
    };
    let table = |analysis: &Analysis| {
        let mut out = Vec::new();
        let rows = analysis
            .collocations(&CollocationFilter::default())
            .unwrap();
        tables::write_csv(&mut out, &tables::COLLOCATIONS, rows).unwrap();
        let kwic = analysis.kwic().unwrap();
        tables::write_csv(&mut out, &tables::KWIC, kwic).unwrap();
        out
    };
    let one = Analyzer::new(config(1)).run(&corpus).unwrap();
    let expected = table(&one);
    assert!(
        one.windows
            .iter()
            .flatten()
            .map(|w| w.node_freq[0])
            .sum::<u64>()
            > 20
    );
    assert_eq!(
        table(&Analyzer::new(config(2)).run(&corpus).unwrap()),
        expected
    );
    let analyzer = Analyzer::new(config(2));
    let list = analyzer.aggregates();
    let (counts, partials) = Engine::new(analyzer.options())
        .count(&corpus, &list)
        .unwrap();
    let outputs = list
        .iter()
        .zip(regroup(&list, partials, 7))
        .map(|(a, p)| a.finish(p).unwrap())
        .collect();
    assert_eq!(table(&analyzer.assemble(counts, outputs)), expected);
}
