//! normalize + segment + tokenize + count on arbitrary bytes.
//!
//! Paragraphs are split on the raw bytes (any bytes); when the input is UTF-8, each
//! paragraph goes through every text stage and the stages' documented invariants are
//! checked: spans in bounds and on char boundaries, sentences ordered and covering every
//! non-whitespace byte, the fast tokenizer equal to the reference one, located-token spans
//! inside the paragraph, and the counter agreeing with the tokenizer. Collocation windows
//! and KWIC lines (which slice the original text through the normalization map) are
//! exercised with nodes taken from the input itself.
#![no_main]

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use corpus_lens::collocate::{Counting, WindowOptions, Within};
use corpus_lens::count::{count_paragraph, seeded_vocabulary, CountOptions, Scratch};
use corpus_lens::framing::{Context, Framer};
use corpus_lens::ngrams::NgramOptions;
use corpus_lens::nodes::{MatchBy, NodeSet};
use corpus_lens::normalize::normalize;
use corpus_lens::segment::{count_line_breaks, split_paragraphs, split_sentences};
use corpus_lens::tokenize::{tokenize, tokenize_reference, TokenKind};
use corpus_lens::tokens::paragraph_tokens;
use libfuzzer_sys::fuzz_target;

/// The shipped factions and framing lexicon (loaded once).
fn framer() -> &'static Framer {
    static FRAMER: OnceLock<Framer> = OnceLock::new();
    FRAMER.get_or_init(|| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let factions = corpus_lens::factions::FactionSet::load(&root.join("corpora/factions.toml"))
            .expect("shipped factions");
        let lexicon =
            corpus_lens::lexicon::Lexicon::load(&root.join("corpora/lexicons/framing.toml"))
                .expect("shipped lexicon");
        Framer::new(factions, lexicon, Context::Sentence)
    })
}

/// The mentions `count_paragraph` scores in `text` with these options.
fn counts_framing(
    text: &str,
    options: &CountOptions,
) -> Option<corpus_lens::framing::ParagraphFraming> {
    let vocab = seeded_vocabulary();
    count_paragraph(text, &vocab, options, &mut Scratch::default()).framing
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0B | 0x0C)
}

fn check_paragraphs(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    split_paragraphs(bytes, &mut spans);
    let mut last_end = 0;
    let mut last_line = 0;
    for (i, p) in spans.iter().enumerate() {
        let r = &p.range;
        assert!(
            r.start < r.end && r.end <= bytes.len(),
            "paragraph {r:?} out of bounds"
        );
        assert!(i == 0 || r.start > last_end, "paragraphs overlap or touch");
        assert!(!is_blank(bytes[r.start]) && !is_blank(bytes[r.end - 1]));
        assert!(!matches!(bytes[r.start], b'\n' | b'\r'));
        assert!(!matches!(bytes[r.end - 1], b'\n' | b'\r'));
        // The reported line is the number of line breaks before the paragraph.
        assert_eq!(
            p.line,
            count_line_breaks(&bytes[..r.start]),
            "line of {r:?}"
        );
        assert!(i == 0 || p.line > last_line);
        last_end = r.end;
        last_line = p.line;
    }
    spans.into_iter().map(|p| p.range).collect()
}

fn check_sentences(text: &str) -> Vec<Range<usize>> {
    let mut sentences = Vec::new();
    split_sentences(text, &mut sentences);
    let mut last = 0;
    for s in &sentences {
        assert!(
            s.start < s.end && s.end <= text.len(),
            "sentence {s:?} out of bounds"
        );
        assert!(s.start >= last, "sentences out of order");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let sentence = &text[s.clone()];
        assert_eq!(sentence, sentence.trim(), "sentence not trimmed");
        last = s.end;
    }
    // Every non-whitespace char lies in a sentence.
    let mut k = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        while k < sentences.len() && sentences[k].end <= i {
            k += 1;
        }
        assert!(
            k < sentences.len() && sentences[k].start <= i,
            "char {c:?} at {i} in no sentence"
        );
    }
    sentences
}

fn check_text(original: &str, offset: u64, data_len: usize) {
    let normalized = normalize(original);
    let text = normalized.as_str();
    let sentences = check_sentences(text);

    let (mut fast, mut reference) = (Vec::new(), Vec::new());
    tokenize(text, &mut fast);
    tokenize_reference(text, &mut reference);
    assert_eq!(
        fast, reference,
        "tokenize != tokenize_reference on {text:?}"
    );
    let mut last = 0;
    for t in &fast {
        let s = &t.span;
        assert!(s.start >= last && s.start < s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let back = normalized.original_range(s.clone());
        assert!(
            back.start <= back.end && back.end <= original.len(),
            "map {s:?} -> {back:?}"
        );
        assert!(original.is_char_boundary(back.start) && original.is_char_boundary(back.end));
        last = s.end;
    }

    let mut located = Vec::new();
    paragraph_tokens(original, offset, 7, &mut located);
    assert_eq!(located.len(), fast.len());
    let end = offset + original.len() as u64;
    let mut last = offset;
    let mut last_sentence = 0;
    for t in &located {
        assert!(t.span.start >= last && t.span.start < t.span.end && t.span.end <= end);
        assert!(t.sentence >= last_sentence && (t.sentence as usize) < sentences.len().max(1));
        assert_eq!(t.paragraph, 7);
        assert!(!t.word.is_empty());
        last = t.span.end;
        last_sentence = t.sentence;
    }

    // Nodes from the input itself (its first and last words) so windows and KWIC lines occur.
    let mut specs: Vec<String> = vec!["the".into(), "Soviet".into()];
    if let (Some(a), Some(b)) = (fast.first(), fast.last()) {
        specs.push(text[a.span.clone()].to_string());
        specs.push(text[a.span.start..b.span.end].chars().take(200).collect());
    }
    let by = if data_len & 1 == 0 {
        MatchBy::Word
    } else {
        MatchBy::Stem
    };
    let windows = NodeSet::new(&specs, by, data_len & 2 != 0)
        .ok()
        .map(|nodes| {
            let mut w = WindowOptions::new(nodes);
            w.left = data_len % 4;
            w.right = (data_len / 4) % 6;
            w.within = if data_len & 8 == 0 {
                Within::Paragraph
            } else {
                Within::Sentence
            };
            w.counting = if data_len & 16 == 0 {
                Counting::Occurrence
            } else {
                Counting::Union
            };
            w.kwic_width = data_len % 10;
            Arc::new(w)
        });
    let keep_numbers = data_len & 32 != 0;
    let options = CountOptions {
        keep_numbers,
        windows,
        ngrams: Some(NgramOptions::default()),
        // Faction mentions scored inside the paragraph pass, half the time.
        framing: (data_len & 64 != 0).then(|| framer().clone()),
    };
    if let Some(found) = &counts_framing(original, &options) {
        for m in &found.mentions {
            assert!(m.valence.is_finite() && (-1.0..=1.0).contains(&m.valence));
            assert!(m.dimensions.iter().all(|d| (-1.0..=1.0).contains(d)));
        }
    }
    let vocab = seeded_vocabulary();
    let counts = count_paragraph(original, &vocab, &options, &mut Scratch::default());
    let numbers = fast.iter().filter(|t| t.kind == TokenKind::Number).count() as u32;
    let words = fast.len() as u32 - numbers;
    assert_eq!(counts.numbers, numbers);
    assert_eq!(
        counts.tokens,
        if keep_numbers { words + numbers } else { words }
    );
    assert_eq!(counts.sentences as usize, sentences.len());
    assert_eq!(counts.words.iter().map(|w| w.1).sum::<u32>(), counts.tokens);
    if let Some(w) = &counts.windows {
        for line in &w.kwic {
            assert!((line.token_index as usize) < counts.tokens as usize);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let paragraphs = check_paragraphs(data);
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The whole input as one "paragraph" too: the text stages take any string.
    check_text(text, 0, data.len());
    for range in paragraphs {
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        check_text(&text[range.clone()], range.start as u64, data.len());
    }
});
