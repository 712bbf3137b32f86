//! Mention and quotation matching is linear in the paragraph: one paragraph of 200,000 words
//! full of faction names, scored words and unbalanced quotation marks costs about what the
//! same words cut into ten paragraphs cost. The bound is a ratio measured in the same test,
//! not a wall-clock limit, so a loaded machine does not fail it (before, every mention was
//! checked against every quotation and every scored word against every mention: 8 MB of
//! `"Bolsheviks" ` took minutes). Not yet linear: the stance scorer's features, which look
//! over a mention's sentence for each mention (bounded by the 100,000-byte paragraph).

use std::time::{Duration, Instant};

use corpus_lens::factions::FactionSet;
use corpus_lens::framing::{Context, Framer};
use corpus_lens::lexicon::Lexicon;

/// `words` words of one sentence: quoted and unquoted faction names, VADER words, lexicon
/// terms and quotation marks that are never closed.
fn pathological(words: usize) -> String {
    let unit = [
        "\"Bolsheviks\"",
        "betrayed",
        "'the",
        "Cadets",
        "good",
        "\"Kerensky",
        "and",
        "the",
        "Mensheviks",
        "hated",
    ];
    let mut text = String::new();
    for k in 0..words {
        text.push_str(unit[k % unit.len()]);
        text.push(' ');
    }
    text
}

/// The median of three timings of `f`.
fn median(mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut times = Vec::new();
    let mut mentions = 0;
    for _ in 0..3 {
        let start = Instant::now();
        mentions = f();
        times.push(start.elapsed());
    }
    times.sort();
    (times[1], mentions)
}

fn check(framer: &Framer, what: &str) {
    const WORDS: usize = 200_000;
    const PIECES: usize = 10;
    let whole = pathological(WORDS);
    let piece = pathological(WORDS / PIECES);
    let (one, found_one) = median(|| framer.score_text(&whole).mentions.len());
    let (ten, found_ten) = median(|| {
        (0..PIECES)
            .map(|_| framer.score_text(&piece).mentions.len())
            .sum()
    });
    // Same words, same mentions (the unit repeats whole in every piece).
    assert_eq!(found_one, found_ten, "{what}");
    assert_eq!(found_one, WORDS / 10 * 4, "{what}: four mentions a unit");
    let ratio = one.as_secs_f64() / ten.as_secs_f64();
    eprintln!("{what}: one paragraph {one:?}, ten paragraphs {ten:?}, ratio {ratio:.2}");
    // Linear: about 1. Quadratic in the paragraph would be about 10 (the pieces are a tenth).
    assert!(
        ratio < 3.0,
        "{what}: one paragraph of {WORDS} words took {ratio:.1} times its ten pieces"
    );
}

#[test]
fn mentions_quotes_and_scored_words_are_linear_in_the_paragraph() {
    let framer = Framer::new(
        FactionSet::load_default().unwrap(),
        Lexicon::load_default().unwrap(),
        Context::Sentence,
    );
    check(&framer, "sentence contexts");
}

#[test]
fn window_contexts_are_linear_in_the_paragraph() {
    let framer = Framer::new(
        FactionSet::load_default().unwrap(),
        Lexicon::load_default().unwrap(),
        Context::Window(10),
    );
    check(&framer, "window contexts");
}
