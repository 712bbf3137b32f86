use super::*;
use crate::count::vocab::{Vocabulary, WordId};
use crate::text::tokenize::OcrSign;

/// Paragraph indices at which each piece of `log` starts.
fn piece_starts(log: &PairLog) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut seen = 0;
    for piece in log.pieces(0..log.len()) {
        starts.push(seen);
        log.replay(piece, |_, _| seen += 1).unwrap();
    }
    starts
}

#[test]
fn a_spilled_log_replays_like_one_in_memory() {
    let (mut memory, mut spilled) = (PairLog::default(), PairLog::default());
    spilled.memory_limit(0);
    let mut marks = vec![0];
    for p in 0..(3 * CHUNK_PARAGRAPHS + 100) as u32 {
        let pairs: Vec<(WordId, u32)> = (0..1 + p % 50)
            .map(|k| (k * 997 % 5000, 1 + k % 4))
            .collect();
        memory.push(1 + p % 300, &pairs);
        spilled.push(1 + p % 300, &pairs);
        if p % 5000 == 4999 {
            marks.push(memory.len()); // a document boundary inside a chunk
        }
    }
    marks.push(memory.len());
    assert_eq!(memory.len(), spilled.len());
    // All but the last, open chunk went to disk.
    assert!(spilled.memory_bytes() < memory.memory_bytes() / 3);
    for w in marks.windows(2) {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        memory
            .replay(w[0]..w[1], |size, p| a.push((size, p.to_vec())))
            .unwrap();
        spilled
            .replay(w[0]..w[1], |size, p| b.push((size, p.to_vec())))
            .unwrap();
        assert!(!a.is_empty());
        assert_eq!(a, b);
    }
}

#[test]
fn chunks_end_after_the_same_paragraphs_whatever_the_ids() {
    // The same paragraphs logged with small ids (1-byte varints) and large ones (3
    // bytes): the pieces, and so the grouping of the replay's float sums, must match.
    let paragraphs = 3 * CHUNK_PARAGRAPHS + 17;
    let (mut small, mut large) = (PairLog::default(), PairLog::default());
    for p in 0..paragraphs as u32 {
        let pairs: Vec<(WordId, u32)> = (0..40).map(|k| (k, 1 + p % 3)).collect();
        small.push(40, &pairs);
        let shifted: Vec<(WordId, u32)> = pairs.iter().map(|&(k, c)| (k + 100_000, c)).collect();
        large.push(40, &shifted);
    }
    assert!(large.len() > small.len() * 3 / 2);
    let starts = piece_starts(&small);
    assert_eq!(
        starts,
        [
            0,
            CHUNK_PARAGRAPHS,
            2 * CHUNK_PARAGRAPHS,
            3 * CHUNK_PARAGRAPHS
        ]
    );
    assert_eq!(piece_starts(&large), starts);
}

fn count(texts: &[&str], vocab: &Vocabulary) -> Vec<ParagraphCounts> {
    texts
        .iter()
        .map(|t| {
            count_paragraph(
                t,
                vocab,
                &ParagraphOptions::default(),
                &mut Scratch::default(),
            )
        })
        .collect()
}

#[test]
fn replay_of_any_stretch_crosses_chunks() {
    let mut log = PairLog::default();
    let mut marks = vec![0];
    for i in 0..60_000u32 {
        let pairs: Vec<(WordId, u32)> = (0..5).map(|k| (i * 7 + k, k + 1)).collect();
        log.push(15, &pairs);
        marks.push(log.len());
    }
    assert!(
        log.pieces(0..log.len()).len() > 1,
        "the test must span several chunks"
    );
    let all = |range| {
        let mut v = Vec::new();
        log.replay(range, |size, pairs| v.push((size, pairs.to_vec())))
            .unwrap();
        v
    };
    let whole = all(0..log.len());
    assert_eq!(whole.len(), 60_000);
    let cut = marks[33_333];
    let mut joined = all(0..cut);
    joined.extend(all(cut..log.len()));
    assert_eq!(joined, whole);
    assert_eq!(whole[12_345].1[2], (12_345 * 7 + 2, 3));
}

#[test]
fn varints_round_trip() {
    let mut log = PairLog::default();
    let pairs = [(0, 1), (127, 128), (300, 1 << 20), (u32::MAX, u32::MAX)];
    log.push(u32::MAX, &pairs);
    log.push(0, &[]);
    let mut seen = Vec::new();
    log.replay(0..log.len(), |size, p| seen.push((size, p.to_vec())))
        .unwrap();
    assert_eq!(seen, [(u32::MAX as u64, pairs.to_vec()), (0, vec![])]);
}

#[test]
fn ocr_hits_and_numbers() {
    let vocab = seeded_vocabulary();
    let p = &count(&["wwi russian infantryMeanwhile thc r8le of 1917"], &vocab)[0];
    let hits: Vec<_> = p.ocr.iter().map(|h| (h.token.as_str(), h.sign)).collect();
    assert_eq!(
        hits,
        [
            ("infantrymeanwhile", OcrSign::GluedWords),
            ("thc", OcrSign::KnownMisreading),
            ("r8le", OcrSign::MixedLettersDigits),
        ]
    );
    assert_eq!((p.tokens, p.numbers), (5, 2));
    assert!(p.ocr[2].example.contains("thc r8le of 1917"));
}
