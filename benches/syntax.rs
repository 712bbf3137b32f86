//! Speed of the syntax stage on one thread, in tokens per second (`cargo bench --bench
//! syntax`), on the shipped memoirs (`corpora/manifest.toml`) as `corpus-lens parse`
//! tokenizes them: a sample of about 100,000 tokens taken from every book in turn.
//!
//! | bench | what one iteration does |
//! |---|---|
//! | `tag_lemma` | tags and lemmatizes every sentence of the sample |
//! | `tag_lemma_parse` | ... and parses it |
//! | `load` | reads the shipped model file |

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use corpus_lens::corpus::Corpus;
use corpus_lens::syntax::{conllu::Sentence, text, Model, Scratch};

const SAMPLE_TOKENS: usize = 100_000;

fn sample() -> Vec<Sentence> {
    let corpus = Corpus::load_default().expect("the shipped corpus");
    let mut books: Vec<Vec<Sentence>> = Vec::new();
    for doc in corpus.documents() {
        let mut sentences = Vec::new();
        text::read_text(&doc.path, &Default::default(), |s| sentences.append(s))
            .expect("a shipped book");
        books.push(sentences);
    }
    // Round robin over the books, a sentence at a time, from each book's middle on.
    let mut out = Vec::new();
    let mut tokens = 0;
    let mut at: Vec<usize> = books.iter().map(|b| b.len() / 3).collect();
    while tokens < SAMPLE_TOKENS {
        for (b, book) in books.iter().enumerate() {
            if let Some(s) = book.get(at[b]) {
                tokens += s.words.len();
                out.push(s.clone());
                at[b] += 1;
            }
        }
    }
    out
}

fn syntax(c: &mut Criterion) {
    let model = Model::load_default().expect("the shipped model");
    let sentences = sample();
    let tokens: usize = sentences.iter().map(|s| s.words.len()).sum();
    let mut group = c.benchmark_group("syntax");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.throughput(Throughput::Elements(tokens as u64));
    for (name, parse) in [("tag_lemma", false), ("tag_lemma_parse", true)] {
        group.bench_function(name, |b| {
            let mut scratch = Scratch::default();
            let mut work = sentences.clone();
            b.iter(|| {
                for s in work.iter_mut() {
                    model.annotate(s, parse, &mut scratch);
                }
                black_box(&work);
            })
        });
    }
    group.throughput(Throughput::Elements(1));
    group.bench_function("load", |b| {
        b.iter(|| black_box(Model::load_default().unwrap()))
    });
    group.finish();
}

criterion_group!(benches, syntax);
criterion_main!(benches);
