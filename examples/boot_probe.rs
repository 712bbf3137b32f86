//! Times the framing bootstrap alone on one file (a probe for performance work, not a
//! test): counts the file's framing once, then runs [`Bootstrap::sums`] and
//! [`summarize`] a few times, printing CPU-relevant wall times and a checksum.
use corpus_lens::bootstrap::Bootstrap;
use corpus_lens::corpus::Document;
use corpus_lens::count::aggregate::AnyAggregate;
use corpus_lens::count::{count_paragraph_with, seeded_vocabulary, ParagraphOptions, Scratch};
use corpus_lens::factions::FactionSet;
use corpus_lens::framing::summary::{bootstrap_groups, summarize, DocumentFraming, SummaryOptions};
use corpus_lens::framing::{Context, Framer, Framing};
use corpus_lens::lexicon::Lexicon;
use corpus_lens::read::{DocumentReader, ReadOptions};
use std::time::Instant;

/// CPU seconds (user + system, all threads) this process has used so far, from
/// `/proc/self/stat` (0 where that is not available): steadier than wall time on a shared
/// machine.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command (which may hold spaces): utime and stime are the 12th and 13th.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let ticks: Vec<f64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse().ok())
        .collect();
    ticks.iter().sum::<f64>() / 100.0
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: boot_probe FILE [REPEATS]");
    let repeats: usize = std::env::args().nth(2).map_or(3, |r| r.parse().unwrap());
    let framer = Framer::new(
        FactionSet::load_default().unwrap(),
        Lexicon::load_default().unwrap(),
        Context::Sentence,
    );
    let vocab = seeded_vocabulary();
    let framing = Framing(framer.clone());
    let setup = AnyAggregate::setup(&framing, &Document::bare("probe", &path)).unwrap();
    let analyses: [(&dyn AnyAggregate, _); 1] = [(&framing, &setup)];
    let options = ParagraphOptions::default();
    let mut scratch = Scratch::default();
    let mut found = Vec::new();
    let mut doc = DocumentFraming::default();
    let mut reader = DocumentReader::open(path.as_ref(), ReadOptions::default()).unwrap();
    let t = Instant::now();
    while let Some(b) = reader.next_batch().unwrap() {
        for p in &b.paragraphs {
            let text = &b.text[p.range.clone()];
            count_paragraph_with(
                text,
                p.offset,
                &vocab,
                &options,
                &analyses,
                &mut scratch,
                &mut found,
            );
            AnyAggregate::add(&framing, &mut doc, found.pop().unwrap());
        }
    }
    println!("count        {:>7.3} s", t.elapsed().as_secs_f64());
    let groups = bootstrap_groups(&framer, &doc, true).expect("framing log");
    let sizes: Vec<f64> = doc.paragraph_tokens.iter().map(|&t| t as f64).collect();
    for _ in 0..repeats {
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let reps = Bootstrap::default()
            .sums(&sizes, &groups.groups, groups.width)
            .unwrap();
        let check: f64 = reps.sums.iter().sum::<f64>() + reps.totals.iter().sum::<f64>();
        println!(
            "sums         {:>7.3} s  cpu {:>6.2} s  check {check:e}",
            t.elapsed().as_secs_f64(),
            cpu_seconds() - cpu
        );
    }
    let docs = [("bench".to_string(), doc)];
    for _ in 0..repeats {
        let (t, cpu) = (Instant::now(), cpu_seconds());
        let rows = summarize(&framer, &docs, &SummaryOptions::default()).expect("framing log");
        let check: f64 = rows
            .iter()
            .map(|r| r.ci_low + r.ci_high)
            .filter(|x| x.is_finite())
            .sum();
        println!(
            "summarize    {:>7.3} s  cpu {:>6.2} s  rows {} check {check:e}",
            t.elapsed().as_secs_f64(),
            cpu_seconds() - cpu,
            rows.len()
        );
    }
}
