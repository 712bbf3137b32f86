//! Times each stage alone on one file (a probe for performance work, not a test).
use corpus_lens::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Scratch};
use corpus_lens::normalize::normalize;
use corpus_lens::read::{DocumentReader, ReadOptions};
use corpus_lens::segment::split_sentences;
use corpus_lens::tokenize::tokenize_each;
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: stage_probe FILE");
    let mut reader = DocumentReader::open(path.as_ref(), ReadOptions::default()).unwrap();
    let mut batches = Vec::new();
    let t = Instant::now();
    while let Some(b) = reader.next_batch().unwrap() {
        batches.push(b);
    }
    let mb = reader.bytes_read() as f64 / 1e6;
    let report = |name: &str, t: Instant| {
        let s = t.elapsed().as_secs_f64();
        println!("{name:<12} {s:>7.3} s {:>8.1} MB/s", mb / s);
    };
    report("read", t);
    let paras = || {
        batches
            .iter()
            .flat_map(|b| b.paragraphs.iter().map(move |p| &b.text[p.range.clone()]))
    };
    let t = Instant::now();
    let mut n = 0usize;
    for p in paras() {
        n += normalize(p).as_str().len();
    }
    report("normalize", t);
    let t = Instant::now();
    let mut out = Vec::new();
    for p in paras() {
        out.clear();
        split_sentences(p, &mut out);
        n += out.len();
    }
    report("sentences", t);
    let t = Instant::now();
    for p in paras() {
        tokenize_each(p, |tok| n += tok.span.len());
    }
    report("tokenize", t);
    let vocab = seeded_vocabulary();
    let t = Instant::now();
    let mut local = vocab.local();
    let mut buf = String::new();
    for p in paras() {
        tokenize_each(p, |tok| {
            let s = &p[tok.span.clone()];
            n += if tok.folded {
                local.id(s)
            } else {
                corpus_lens::tokenize::fold_case(s, &mut buf);
                local.id(&buf)
            } as usize;
        });
    }
    drop(local);
    report("tok+lookup", t);
    let t = Instant::now();
    let mut scratch = Scratch::default();
    for p in paras() {
        n += count_paragraph(p, &vocab, &ParagraphOptions::default(), &mut scratch)
            .words
            .len();
    }
    report("count_para", t);
    eprintln!("({n})");
}
