//! What one paragraph contributes: [`count_paragraph`] normalizes, segments, tokenizes and
//! counts it, with its reusable buffers ([`Scratch`]).

use std::ops::Range;

use crate::analyses::collocate::{count_windows, KwicLine, ParagraphWindows, WindowOptions};
use crate::analyses::ngrams::{paragraph_ngrams, Gram, NgramOptions};
use crate::count::nodes::MatchCache;
use crate::count::vocab::{Vocabulary, WordId};
use crate::text::normalize::{normalize, Normalized};
use crate::text::segment::split_sentences;
use crate::text::tokenize::{fold_case, tokenize_keyed, OcrSign, TokenKind, KNOWN_MISREADINGS};

/// Options for counting.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seed_vocabulary, CountOptions, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// let text = "In 1917 the Soviet met.";
/// let plain = count_paragraph(text, &vocab, &CountOptions::default(), &mut Scratch::default());
/// assert_eq!((plain.tokens, plain.numbers), (4, 1)); // 1917 is not a word by default
/// let options = CountOptions { keep_numbers: true, ..Default::default() };
/// let with_numbers = count_paragraph(text, &vocab, &options, &mut Scratch::default());
/// assert_eq!(with_numbers.tokens, 5);
/// ```
#[derive(Debug, Clone, Default)]
pub struct CountOptions {
    /// Count number tokens (`1917`, `r8le`) as words. Default: false.
    pub keep_numbers: bool,
    /// Collocation windows and KWIC lines around these nodes, if any. Default: none.
    pub windows: Option<std::sync::Arc<WindowOptions>>,
    /// Count n-grams. Default: none.
    pub ngrams: Option<NgramOptions>,
    /// Find and score faction mentions. Default: none.
    pub framing: Option<crate::framing::Framer>,
}

/// An OCR suspect found in a paragraph.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seed_vocabulary, CountOptions, Scratch};
/// use corpus_lens::{tokenize::OcrSign, vocab::Vocabulary};
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// let text = "Thc Soviet met in thc hall.";
/// let counts = count_paragraph(text, &vocab, &CountOptions::default(), &mut Scratch::default());
/// let hit = &counts.ocr[0];
/// assert_eq!((hit.token.as_str(), hit.sign), ("thc", OcrSign::KnownMisreading));
/// assert!(hit.example.contains("Thc Soviet"));
/// assert_eq!(counts.ocr.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrHit {
    /// The lowercased token.
    pub token: String,
    /// Why it is suspect.
    pub sign: OcrSign,
    /// The token in its original context (about 30 characters each side).
    pub example: String,
}

/// What one paragraph contributes to the counts.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seed_vocabulary, CountOptions, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// let text = "The Soviet met. The Soviet voted.";
/// let counts = count_paragraph(text, &vocab, &CountOptions::default(), &mut Scratch::default());
/// assert_eq!((counts.tokens, counts.sentences), (6, 2));
/// let (the, soviet) = (vocab.id("the"), vocab.id("soviet"));
/// assert_eq!(counts.words[..2], [(the, 2), (soviet, 2)]); // in order of first occurrence
/// assert!(counts.windows.is_none() && counts.ngrams.is_empty() && counts.framing.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParagraphCounts {
    /// Counted (word) tokens: the paragraph's size as a dispersion part.
    pub tokens: u32,
    /// Number tokens (counted as words too when `keep_numbers` is set).
    pub numbers: u32,
    /// Sentences.
    pub sentences: u32,
    /// Inline footnote markers (`[3]`, see [`crate::text::matter::footnote_markers`]).
    pub footnote_markers: u32,
    /// `(word, count)`, in order of first occurrence.
    pub words: Vec<(WordId, u32)>,
    /// OCR suspects, in text order.
    pub ocr: Vec<OcrHit>,
    /// Collocation windows and KWIC lines (when nodes are set).
    pub windows: Option<ParagraphWindows>,
    /// Distinct n-grams with their counts (when n-grams are counted).
    pub ngrams: Vec<(Gram, u32)>,
    /// Scored faction mentions (when framing is on and the paragraph has any).
    pub framing: Option<crate::framing::ParagraphFraming>,
}

/// Reusable buffers for [`count_paragraph`], one per worker. A scratch also caches facts
/// about words by id (framing's word flags, folded words and stems), so it serves one
/// vocabulary (framing empties its cache when the framer changes).
///
/// ```
/// use corpus_lens::count::{count_paragraph, seed_vocabulary, CountOptions, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// // One scratch per worker thread, reused for every paragraph it counts.
/// let mut scratch = Scratch::default();
/// let total: u32 = ["The Soviet met.", "Kerensky fled."]
///     .iter()
///     .map(|p| count_paragraph(p, &vocab, &CountOptions::default(), &mut scratch).tokens)
///     .sum();
/// assert_eq!(total, 5);
/// ```
#[derive(Default)]
pub struct Scratch {
    /// Per-word counts of the current paragraph, indexed by id (zero between paragraphs).
    dense: Vec<u32>,
    /// The ids with a non-zero count in `dense`, in `ids[..distinct]`.
    ids: Vec<WordId>,
    sentences: Vec<Range<usize>>,
    folded: String,
    /// For windows: each counted token's id, sentence, normalized span and node mask.
    seq_ids: Vec<WordId>,
    seq_sentences: Vec<u32>,
    seq_spans: Vec<Range<usize>>,
    seq_masks: Vec<u64>,
    /// For framing: each token's word flags.
    seq_flags: Vec<crate::framing::WordFlags>,
    matches: MatchCache,
    occurrences: Vec<(usize, usize, usize)>,
    /// The paragraph's tokens with their keys (see [`tokenize_keyed`]).
    tokens: Vec<(crate::text::tokenize::Token, u128)>,
    framing: crate::framing::FramingScratch,
}

/// Adds the known OCR misreadings to a fresh vocabulary so that their ids are
/// `0..KNOWN_MISREADINGS.len()`, which makes the per-token check one comparison.
///
/// ```
/// use corpus_lens::{count::seed_vocabulary, vocab::Vocabulary};
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// assert_eq!(vocab.id("thc"), 0);
/// ```
pub fn seed_vocabulary(vocab: &Vocabulary) {
    assert!(
        vocab.is_empty(),
        "seed_vocabulary needs an empty vocabulary"
    );
    for word in KNOWN_MISREADINGS {
        vocab.id(word);
    }
}

/// How many tokens ahead [`count_paragraph`] prefetches vocabulary slots.
pub(super) const PREFETCH_AHEAD: usize = 8;

/// Normalizes, segments, tokenizes and counts one paragraph of original text.
///
/// The vocabulary must have been seeded with [`seed_vocabulary`].
///
/// ```
/// use corpus_lens::count::{count_paragraph, seed_vocabulary, CountOptions, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// let counts = count_paragraph("The Soviet met. The soviet\nvoted in 1917.", &vocab,
///     &CountOptions::default(), &mut Scratch::default());
/// assert_eq!((counts.tokens, counts.numbers, counts.sentences), (7, 1, 2));
/// let soviet = vocab.id("soviet");
/// assert!(counts.words.contains(&(soviet, 2)));
/// ```
pub fn count_paragraph(
    original: &str,
    vocab: &Vocabulary,
    options: &CountOptions,
    scratch: &mut Scratch,
) -> ParagraphCounts {
    let normalized = normalize(original);
    let text = normalized.as_str();
    let mut counts = ParagraphCounts::default();

    scratch.sentences.clear();
    split_sentences(text, &mut scratch.sentences);
    counts.sentences = scratch.sentences.len() as u32;
    counts.footnote_markers = crate::text::matter::footnote_markers(original);

    // A token takes at least one byte and a separator: at most (len + 1) / 2 tokens.
    let bound = text.len() / 2 + 1;
    if scratch.ids.len() < bound {
        scratch.ids.resize(bound, 0);
    }
    let mut distinct = 0;
    let mut local = vocab.local();
    let windows = options.windows.as_deref();
    let framing = options.framing.as_ref();
    let sequence = windows.is_some() || options.ngrams.is_some() || framing.is_some();
    let mut may_mention = false;
    if sequence {
        scratch.seq_ids.clear();
        scratch.seq_sentences.clear();
        scratch.seq_spans.clear();
        scratch.seq_masks.clear();
        scratch.seq_flags.clear();
    }
    if let Some(f) = framing {
        f.prepare(&mut scratch.framing);
    }
    let mut sentence = 0usize;
    // Tokenize first, then look the words up while the cache slots of the words a few
    // tokens ahead load (see `LocalVocabulary::prefetch`).
    let mut tokens = std::mem::take(&mut scratch.tokens);
    tokens.clear();
    tokenize_keyed(text, |token, key| tokens.push((token, key)));
    for i in 0..tokens.len() {
        if let Some(&(_, ahead)) = tokens.get(i + PREFETCH_AHEAD) {
            local.prefetch(ahead);
        }
        let (token, key) = tokens[i].clone();
        let surface = &text[token.span.clone()];
        let is_number = token.kind == TokenKind::Number;
        if is_number {
            counts.numbers += 1;
        }
        let mut sign = token.ocr;
        if !is_number || options.keep_numbers {
            // `scratch.folded` holds the folded word only when `folded_now`.
            let mut folded_now = false;
            let id = if key != 0 {
                local.id_key(key)
            } else if token.folded {
                local.id(surface)
            } else {
                fold_case(surface, &mut scratch.folded);
                folded_now = true;
                local.id(&scratch.folded)
            };
            if (id as usize) < KNOWN_MISREADINGS.len() {
                sign = sign.or(Some(OcrSign::KnownMisreading));
            }
            let i = id as usize;
            if i >= scratch.dense.len() {
                scratch.dense.resize(i + 1 + i / 2, 0);
            }
            // Branch-free "push if new": whether a word is new in a paragraph is a coin
            // toss for the branch predictor.
            let seen = scratch.dense[i];
            scratch.ids[distinct] = id;
            distinct += (seen == 0) as usize;
            scratch.dense[i] = seen + 1;
            counts.tokens += 1;
            if sequence {
                while sentence + 1 < scratch.sentences.len()
                    && scratch.sentences[sentence].end <= token.span.start
                {
                    sentence += 1;
                }
                scratch.seq_ids.push(id);
                scratch.seq_sentences.push(sentence as u32);
            }
            if let Some(w) = windows {
                if !token.folded && !folded_now {
                    fold_case(surface, &mut scratch.folded);
                    folded_now = true;
                }
                let word = if token.folded {
                    surface
                } else {
                    scratch.folded.as_str()
                };
                let mask = w.nodes.mask(&mut scratch.matches, id, word);
                scratch.seq_masks.push(mask);
            }
            if sequence {
                scratch.seq_spans.push(token.span.clone());
            }
            if let Some(f) = framing {
                let mut flags = scratch.framing.flags(id);
                if !flags.is_known() {
                    let word = if token.folded {
                        surface
                    } else {
                        if !folded_now {
                            fold_case(surface, &mut scratch.folded);
                        }
                        scratch.folded.as_str()
                    };
                    flags = f.learn_word(id, word, &mut scratch.framing);
                }
                scratch.seq_flags.push(flags);
                may_mention |= flags.can_start_mention();
            }
        }
        if let Some(sign) = sign {
            fold_case(surface, &mut scratch.folded);
            let span = normalized.original_range(token.span.clone());
            counts.ocr.push(OcrHit {
                token: scratch.folded.clone(),
                sign,
                example: context(original, span, 30),
            });
        }
    }
    scratch.tokens = tokens;
    if let Some(w) = windows {
        counts.windows = Some(paragraph_windows(original, &normalized, w, scratch));
    }
    if let Some(n) = &options.ngrams {
        counts.ngrams = paragraph_ngrams(&scratch.seq_ids, &scratch.seq_sentences, n);
    }
    if let (Some(f), true) = (framing, may_mention) {
        let found = f.score_paragraph(
            original,
            &normalized,
            &scratch.seq_spans,
            &scratch.seq_ids,
            &scratch.seq_flags,
            &scratch.seq_sentences,
            &scratch.sentences,
            &mut scratch.framing,
        );
        if !found.mentions.is_empty() {
            counts.framing = Some(found);
        }
    }
    counts.words.reserve_exact(distinct);
    for &id in &scratch.ids[..distinct] {
        let slot = &mut scratch.dense[id as usize];
        counts.words.push((id, *slot));
        *slot = 0;
    }
    counts
}

/// Node occurrences, window counts and KWIC lines of one paragraph, from the token
/// sequence `count_paragraph` collected in `scratch`.
fn paragraph_windows(
    original: &str,
    normalized: &Normalized,
    options: &WindowOptions,
    scratch: &mut Scratch,
) -> ParagraphWindows {
    let text = normalized.as_str();
    scratch.occurrences.clear();
    let spans = &scratch.seq_spans;
    options.nodes.occurrences(
        &scratch.seq_masks,
        &scratch.seq_sentences,
        |i| &text[spans[i].clone()],
        &mut scratch.occurrences,
    );
    let mut windows = count_windows(
        &scratch.seq_ids,
        &scratch.seq_sentences,
        &scratch.occurrences,
        options,
    );
    if options.kwic_width > 0 {
        let orig = |i: usize| normalized.original_range(spans[i].clone());
        let n = spans.len();
        for &(node, start, len) in &scratch.occurrences {
            let end = start + len;
            let node_span = orig(start).start..orig(end - 1).end;
            let left_from = orig(start.saturating_sub(options.kwic_width)).start;
            let right_to = orig((end + options.kwic_width).min(n) - 1).end;
            let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            windows.kwic.push(KwicLine {
                node: node as u16,
                sentence: scratch.seq_sentences[start],
                token_index: start as u32,
                left: fold(&original[left_from..node_span.start]),
                text: fold(&original[node_span.clone()]),
                right: fold(&original[node_span.end..right_to]),
            });
        }
    }
    windows
}

/// `span` of `text` with about `width` characters each side, whitespace runs folded to one
/// space.
fn context(text: &str, span: Range<usize>, width: usize) -> String {
    let start = text[..span.start]
        .char_indices()
        .rev()
        .nth(width.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    let end = text[span.end..]
        .char_indices()
        .nth(width)
        .map_or(text.len(), |(i, _)| span.end + i);
    text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
