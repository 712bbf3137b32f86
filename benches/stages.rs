//! Micro-benchmarks of the pipeline's stages, one at a time, on one thread, in bytes of text
//! per second (`cargo bench --bench stages`; `cargo bench --bench stages -- tokenize` runs
//! the benches whose name holds "tokenize").
//!
//! Input: the shipped memoirs (`corpora/manifest.toml`), read at start. Most stages run on
//! a sample of about 1 MB of paragraphs taken from every book in turn (so the sample mixes
//! the books' styles and vocabularies); reading runs on all the books as one 3 MB text, and
//! the bootstrap on whole documents. Each measurement is short (3 s, 10 samples): the
//! figures are for spotting a slow stage or a regression, not for the README's table,
//! which comes from `scripts/bench.sh` on a 1 GB corpus.
//!
//! | bench | what one iteration does |
//! |---|---|
//! | `read` | [`DocumentReader`] cuts the 3 MB text into batches of paragraphs and validates UTF-8 |
//! | `normalize` | [`normalize`] each paragraph of the sample |
//! | `sentences` | [`split_sentences`] each normalized paragraph |
//! | `tokenize` | [`tokenize_each`] each normalized paragraph |
//! | `count_paragraph/freq` | [`count_paragraph`] with default options (what `freq` counts) |
//! | `count_paragraph/collocations` | ... with windows and KWIC around `analyze`'s default nodes |
//! | `count_paragraph/framing` | ... with the shipped factions and framing lexicon |
//! | `count_paragraph/analyze` | ... with both, as `analyze` runs it |
//! | `vader/sentences` | [`Vader::polarity_scores`] of every sentence of the sample |
//! | `bootstrap/ratios/<doc>` | [`Bootstrap::ratios`], B = 2000, on one document's framing groups |
//! | `framing_summary/<doc>` | [`summarize`]: groups, bootstrap and rows of `framing_summary.csv` |
//!
//! `count_paragraph` runs with a warm vocabulary (every word of the sample already has an
//! id), as in the steady state of a long run. The bootstrap runs in a one-thread pool, like
//! every other bench here.

use std::hint::black_box;
use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use corpus_lens::bootstrap::Bootstrap;
use corpus_lens::collocate::WindowOptions;
use corpus_lens::collocate::Windows;
use corpus_lens::corpus::Corpus;
use corpus_lens::corpus::Document;
use corpus_lens::count::aggregate::{AnyAggregate, Boxed, Shared};
use corpus_lens::count::{count_paragraph_with, seeded_vocabulary, ParagraphOptions, Scratch};
use corpus_lens::factions::FactionSet;
use corpus_lens::framing::summary::{
    bootstrap_groups, ratios, summarize, BootstrapGroups, DocumentFraming, SummaryOptions,
};
use corpus_lens::framing::{Context, Framer, Framing};
use corpus_lens::lexicon::Lexicon;
use corpus_lens::nodes::{MatchBy, NodeSet};
use corpus_lens::normalize::normalize;
use corpus_lens::read::{DocumentReader, ReadOptions};
use corpus_lens::segment::split_sentences;
use corpus_lens::tokenize::tokenize_each;
use corpus_lens::vader::Vader;

// As in the binary: the engine's allocation pattern is tuned for mimalloc.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Bytes of paragraphs in the sample most stages run on.
const SAMPLE_BYTES: usize = 1_000_000;

/// `analyze`'s default nodes (by stem).
const NODES: [&str; 3] = ["coalitionist", "bourgeoisie", "soviet"];

/// One shipped book: its id and its paragraphs (original text).
struct Book {
    id: String,
    paragraphs: Vec<String>,
}

fn paragraphs_of(text: &str) -> Vec<String> {
    let mut reader = DocumentReader::new(text.as_bytes(), "book", ReadOptions::default());
    let mut out = Vec::new();
    while let Some(batch) = reader.next_batch().expect("shipped text reads") {
        out.extend(
            batch
                .paragraphs
                .iter()
                .map(|p| batch.text[p.range.clone()].to_string()),
        );
    }
    out
}

/// The shipped books, in manifest order, and all of them as one text.
fn books() -> (Vec<Book>, String) {
    let corpus = Corpus::load_default().expect("the shipped manifest loads");
    let mut all = String::new();
    let books = corpus
        .documents()
        .iter()
        .map(|d| {
            let text = std::fs::read_to_string(&d.path).expect("shipped text is UTF-8");
            all.push_str(&text);
            all.push_str("\n\n");
            Book {
                id: d.id.clone(),
                paragraphs: paragraphs_of(&text),
            }
        })
        .collect();
    (books, all)
}

/// About `bytes` of paragraphs, one from each book in turn.
fn sample(books: &[Book], bytes: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut size = 0;
    for i in 0.. {
        let mut any = false;
        for book in books {
            if let Some(p) = book.paragraphs.get(i) {
                any = true;
                size += p.len();
                out.push(p.clone());
                if size >= bytes {
                    return out;
                }
            }
        }
        if !any {
            break;
        }
    }
    out
}

fn total_bytes<S: AsRef<str>>(texts: &[S]) -> u64 {
    texts.iter().map(|t| t.as_ref().len() as u64).sum()
}

fn framer() -> Framer {
    let factions = FactionSet::load_default().expect("shipped factions load");
    let lexicon = Lexicon::load_default().expect("shipped lexicon loads");
    Framer::new(factions, lexicon, Context::Sentence)
}

fn window_options() -> Arc<WindowOptions> {
    let nodes = NodeSet::new(&NODES, MatchBy::Stem, false).expect("nodes parse");
    Arc::new(WindowOptions::new(nodes))
}

fn text_stages(c: &mut Criterion) {
    let (books, all) = books();
    let sample = sample(&books, SAMPLE_BYTES);
    let bytes = total_bytes(&sample);
    let normalized: Vec<String> = sample
        .iter()
        .map(|p| normalize(p).as_str().to_string())
        .collect();

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Bytes(all.len() as u64));
    g.bench_function("read", |b| {
        b.iter(|| {
            let mut reader = DocumentReader::new(all.as_bytes(), "all.txt", ReadOptions::default());
            let mut n = 0;
            while let Some(batch) = reader.next_batch().unwrap() {
                n += batch.paragraphs.len();
            }
            black_box(n)
        })
    });

    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("normalize", |b| {
        b.iter(|| {
            sample
                .iter()
                .map(|p| normalize(p).as_str().len())
                .sum::<usize>()
        })
    });
    let mut ranges: Vec<Range<usize>> = Vec::new();
    g.bench_function("sentences", |b| {
        b.iter(|| {
            let mut n = 0;
            for p in &normalized {
                ranges.clear();
                split_sentences(p, &mut ranges);
                n += ranges.len();
            }
            black_box(n)
        })
    });
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            let mut n = 0;
            for p in &normalized {
                tokenize_each(p, |t| n += t.span.len());
            }
            black_box(n)
        })
    });

    let framer = framer();
    let configs = [
        ("freq", vec![]),
        ("collocations", vec![windows()]),
        ("framing", vec![framing(&framer)]),
        ("analyze", vec![windows(), framing(&framer)]),
    ];
    for (name, list) in &configs {
        let vocab = seeded_vocabulary();
        let mut scratch = Scratch::default();
        let setups = setups(list);
        let list = with_setups(list, &setups);
        let run = |scratch: &mut Scratch| {
            let mut n = 0;
            let mut found = Vec::new();
            for p in &sample {
                let options = &ParagraphOptions::default();
                n += count_paragraph_with(p, 0, &vocab, options, &list, scratch, &mut found)
                    .words
                    .len();
                found.clear();
            }
            n
        };
        run(&mut scratch); // every word gets its id
        g.bench_function(BenchmarkId::new("count_paragraph", name), |b| {
            b.iter(|| black_box(run(&mut scratch)))
        });
    }

    let mut sentences = Vec::new();
    for p in &normalized {
        ranges.clear();
        split_sentences(p, &mut ranges);
        sentences.extend(ranges.iter().map(|r| p[r.clone()].to_string()));
    }
    let vader = Vader::standard();
    g.throughput(Throughput::Bytes(total_bytes(&sentences)));
    g.bench_function("vader/sentences", |b| {
        b.iter(|| {
            sentences
                .iter()
                .map(|s| vader.polarity_scores(s).compound)
                .sum::<f64>()
        })
    });
    g.finish();
}

fn windows() -> Box<dyn AnyAggregate> {
    Box::new(Windows(window_options()))
}

fn framing(framer: &Framer) -> Box<dyn AnyAggregate> {
    Box::new(Framing(framer.clone()))
}

/// Each analysis's setup for a plain document.
fn setups(list: &[Box<dyn AnyAggregate>]) -> Vec<Shared> {
    let document = Document::bare("sample", "sample.txt");
    list.iter()
        .map(|a| a.setup(&document).expect("setup"))
        .collect()
}

fn with_setups<'a>(
    list: &'a [Box<dyn AnyAggregate>],
    setups: &'a [Shared],
) -> Vec<(&'a dyn AnyAggregate, &'a Shared)> {
    list.iter().map(|a| &**a).zip(setups).collect()
}

/// One document's framing, counted as the engine counts it.
fn document_framing(framer: &Framer, paragraphs: &[String]) -> DocumentFraming {
    let vocab = seeded_vocabulary();
    let list = [framing(framer)];
    let setups = setups(&list);
    let analyses = with_setups(&list, &setups);
    let mut scratch = Scratch::default();
    let mut doc: Boxed = list[0].open(&corpus_lens::spill::Spill::new(usize::MAX));
    let mut found = Vec::new();
    for p in paragraphs {
        let options = &ParagraphOptions::default();
        count_paragraph_with(p, 0, &vocab, options, &analyses, &mut scratch, &mut found);
        list[0].add(&mut *doc, found.pop().expect("framing"));
    }
    list[0].close(&mut *doc);
    *doc.downcast::<DocumentFraming>().expect("framing")
}

fn bootstrap_stages(c: &mut Criterion) {
    let (books, _) = books();
    let framer = framer();
    let ratios = ratios(framer.lexicon().dimensions().len());
    // Realistic sizes: one memoir (Reed, about 0.8 MB), and every shipped book as one
    // 3 MB document (about the size of a long memoir in several volumes).
    let reed = books
        .iter()
        .find(|b| b.id == "reed1919")
        .map_or_else(|| books[0].paragraphs.clone(), |b| b.paragraphs.clone());
    let all: Vec<String> = books.iter().flat_map(|b| b.paragraphs.clone()).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let mut g = c.benchmark_group("stages");
    for (name, paragraphs) in [("reed1919", &reed), ("all_books", &all)] {
        let doc = document_framing(&framer, paragraphs);
        let BootstrapGroups {
            groups: data,
            width,
            ..
        } = bootstrap_groups(&framer, &doc, true).expect("framing log");
        let sizes: Vec<f64> = doc.paragraph_tokens.iter().map(|&t| t as f64).collect();
        let boot = Bootstrap::default();
        g.throughput(Throughput::Bytes(total_bytes(paragraphs)));
        g.bench_function(BenchmarkId::new("bootstrap/ratios", name), |b| {
            b.iter(|| pool.install(|| boot.ratios(&sizes, &data, width, &ratios).unwrap().len()))
        });
        let docs = [(name.to_string(), doc)];
        let options = SummaryOptions::default();
        g.bench_function(BenchmarkId::new("framing_summary", name), |b| {
            b.iter(|| pool.install(|| summarize(&framer, &docs, &options).map(|r| r.len())))
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = stages;
    config = config();
    targets = text_stages, bootstrap_stages
}
criterion_main!(stages);
