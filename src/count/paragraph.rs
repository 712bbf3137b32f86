//! What one paragraph contributes: [`count_paragraph`] normalizes, segments, tokenizes and
//! counts it, with its reusable buffers ([`Scratch`]).

use std::ops::Range;

use crate::count::aggregate::{AnyAggregate, Boxed, ParagraphView, Shared};
use crate::count::vocab::{Vocabulary, WordId};
use crate::text::normalize::normalize;
use crate::text::segment::split_sentences;
use crate::text::tokenize::{fold_case, tokenize_keyed, OcrSign, TokenKind, KNOWN_MISREADINGS};

/// Options of the token pass.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = seeded_vocabulary();
/// let text = "In 1917 the Soviet met.";
/// let plain = count_paragraph(text, &vocab, &ParagraphOptions::default(), &mut Scratch::default());
/// assert_eq!((plain.tokens, plain.numbers), (4, 1)); // 1917 is not a word by default
/// let options = ParagraphOptions { keep_numbers: true };
/// let with_numbers = count_paragraph(text, &vocab, &options, &mut Scratch::default());
/// assert_eq!(with_numbers.tokens, 5);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParagraphOptions {
    /// Count number tokens (`1917`, `r8le`) as words. Default: false.
    pub keep_numbers: bool,
}

/// An OCR suspect found in a paragraph.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Scratch};
/// use corpus_lens::{tokenize::OcrSign, vocab::Vocabulary};
/// let vocab = seeded_vocabulary();
/// let text = "Thc Soviet met in thc hall.";
/// let counts = count_paragraph(text, &vocab, &ParagraphOptions::default(), &mut Scratch::default());
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
/// use corpus_lens::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = seeded_vocabulary();
/// let text = "The Soviet met. The Soviet voted.";
/// let counts = count_paragraph(text, &vocab, &ParagraphOptions::default(), &mut Scratch::default());
/// assert_eq!((counts.tokens, counts.sentences), (6, 2));
/// let (the, soviet) = (vocab.id("the"), vocab.id("soviet"));
/// assert_eq!(counts.words[..2], [(the, 2), (soviet, 2)]); // in order of first occurrence
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
}

/// Reusable buffers for [`count_paragraph`], one per worker. A scratch also holds the
/// analyses' own scratches, which may cache facts about words by id, so it serves one
/// vocabulary.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = seeded_vocabulary();
/// // One scratch per worker thread, reused for every paragraph it counts.
/// let mut scratch = Scratch::default();
/// let total: u32 = ["The Soviet met.", "Kerensky fled."]
///     .iter()
///     .map(|p| count_paragraph(p, &vocab, &ParagraphOptions::default(), &mut scratch).tokens)
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
    /// For the analyses: each counted token's id, sentence and normalized span.
    seq_ids: Vec<WordId>,
    seq_sentences: Vec<u32>,
    seq_spans: Vec<Range<usize>>,
    /// The paragraph's tokens with their keys (see [`tokenize_keyed`]).
    tokens: Vec<(crate::text::tokenize::Token, u128)>,
    /// Each analysis's scratch, in list order (made on first use).
    analyses: Vec<Boxed>,
}

/// A new vocabulary holding the known OCR misreadings as ids `0..KNOWN_MISREADINGS.len()`,
/// which makes the per-token check one comparison: the vocabulary [`count_paragraph`] needs.
///
/// ```
/// let vocab = corpus_lens::count::seeded_vocabulary();
/// assert_eq!(vocab.id("thc"), 0);
/// ```
pub fn seeded_vocabulary() -> Vocabulary {
    let vocab = Vocabulary::new();
    for word in KNOWN_MISREADINGS {
        vocab.id(word);
    }
    vocab
}

/// Adds the known OCR misreadings to a fresh vocabulary: what [`seeded_vocabulary`] does,
/// for a caller that made the vocabulary. Prefer [`seeded_vocabulary`], which cannot fail.
///
/// ```
/// use corpus_lens::{count::seed_vocabulary, vocab::Vocabulary};
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab)?;
/// assert_eq!(vocab.id("thc"), 0);
/// // Not twice: the ids of its words would be counted as misreadings.
/// assert!(seed_vocabulary(&vocab).is_err());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Usage`](crate::error::Error::Usage) if the vocabulary is not empty.
pub fn seed_vocabulary(vocab: &Vocabulary) -> crate::error::Result<()> {
    if !vocab.is_empty() {
        return Err(crate::error::Error::Usage(
            "seed_vocabulary needs an empty vocabulary (the misreadings take the first ids); \
             use seeded_vocabulary"
                .into(),
        ));
    }
    for word in KNOWN_MISREADINGS {
        vocab.id(word);
    }
    Ok(())
}

/// How many tokens ahead [`count_paragraph`] prefetches vocabulary slots.
pub(super) const PREFETCH_AHEAD: usize = 8;

/// Normalizes, segments, tokenizes and counts one paragraph of original text.
///
/// The vocabulary must be a [`seeded_vocabulary`].
///
/// ```
/// use corpus_lens::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = seeded_vocabulary();
/// let counts = count_paragraph("The Soviet met. The soviet\nvoted in 1917.", &vocab,
///     &ParagraphOptions::default(), &mut Scratch::default());
/// assert_eq!((counts.tokens, counts.numbers, counts.sentences), (7, 1, 2));
/// let soviet = vocab.id("soviet");
/// assert!(counts.words.contains(&(soviet, 2)));
/// ```
pub fn count_paragraph(
    original: &str,
    vocab: &Vocabulary,
    options: &ParagraphOptions,
    scratch: &mut Scratch,
) -> ParagraphCounts {
    let mut none = Vec::new();
    count_paragraph_with(original, 0, vocab, options, &[], scratch, &mut none)
}

/// Where a paragraph is in its file, for [`count_paragraph_at`] (the fields of
/// [`ParagraphView`] of the same names).
///
/// ```
/// let at = corpus_lens::count::Location { offset: 0, line: 1, exact: true, page: None };
/// assert_eq!(at.line, 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location<'a> {
    /// Byte offset of the paragraph in its file.
    pub offset: u64,
    /// Line of the paragraph, from 1.
    pub line: u64,
    /// True when the text stands verbatim at `offset` (plain text).
    pub exact: bool,
    /// Page (TEI) or EPUB member.
    pub page: Option<&'a str>,
}

/// A paragraph at a byte offset of a plain text, on its first line, with no page: where
/// [`count_paragraph_with`] counts a paragraph given only its offset.
///
/// ```
/// use corpus_lens::count::Location;
/// assert_eq!(Location::from(120), Location { offset: 120, line: 1, exact: true, page: None });
/// ```
impl From<u64> for Location<'_> {
    fn from(offset: u64) -> Self {
        Location {
            offset,
            line: 1,
            exact: true,
            page: None,
        }
    }
}

/// [`count_paragraph`], then each analysis counts the paragraph from its [`ParagraphView`]:
/// `analyses` are the analyses with their setup for this paragraph's document, and their
/// contributions are pushed to `out`, in list order (boxed: downcast to the analysis's
/// [`Aggregate::Paragraph`](crate::count::aggregate::Aggregate::Paragraph)). `at`: where the
/// paragraph is in its file, a [`Location`] or only its byte offset (a `u64`).
///
/// The same function as [`count_paragraph_at`], by its first name.
///
/// ```
/// use corpus_lens::count::aggregate::{AnyAggregate, Boxed};
/// use corpus_lens::count::{count_paragraph_with, seeded_vocabulary, ParagraphOptions, Scratch};
/// use corpus_lens::ngrams::{Gram, NgramOptions, Ngrams};
/// use corpus_lens::{corpus::Document, vocab::Vocabulary};
/// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Ngrams(NgramOptions::default()))];
/// let setup = list[0].setup(&Document::bare("d", "d.txt"))?;
/// let vocab = seeded_vocabulary();
/// let mut found: Vec<Boxed> = Vec::new();
/// let counts = count_paragraph_with("All power to the Soviets.", 0, &vocab,
///     &ParagraphOptions::default(), &[(&*list[0], &setup)], &mut Scratch::default(), &mut found);
/// assert_eq!(counts.tokens, 5);
/// let grams = found.pop().unwrap().downcast::<Vec<(Gram, u32)>>().unwrap();
/// assert_eq!(grams.len(), 4 + 3 + 2); // bigrams, trigrams, 4-grams
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub use self::count_paragraph_at as count_paragraph_with;

/// [`count_paragraph`], then each analysis counts the paragraph at `at` in its file (a
/// [`Location`], or only its byte offset: see [`count_paragraph_with`], the same function by
/// its first name). The engine's entry: the analyses see the paragraph's line and page as
/// well as its offset.
///
/// ```
/// use corpus_lens::count::{count_paragraph_at, seeded_vocabulary, Location, ParagraphOptions, Scratch};
/// let vocab = seeded_vocabulary();
/// let at = Location { offset: 120, line: 9, exact: false, page: Some("12") };
/// let counts = count_paragraph_at("The Soviet met.", at, &vocab, &ParagraphOptions::default(),
///     &[], &mut Scratch::default(), &mut Vec::new());
/// assert_eq!(counts.tokens, 3);
/// ```
pub fn count_paragraph_at<'a>(
    original: &str,
    at: impl Into<Location<'a>>,
    vocab: &Vocabulary,
    options: &ParagraphOptions,
    analyses: &[(&dyn AnyAggregate, &Shared)],
    scratch: &mut Scratch,
    out: &mut Vec<Boxed>,
) -> ParagraphCounts {
    let at = at.into();
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
    let sequence = analyses.iter().any(|(a, _)| a.reads_tokens());
    if sequence {
        scratch.seq_ids.clear();
        scratch.seq_sentences.clear();
        scratch.seq_spans.clear();
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
            let id = if key != 0 {
                local.id_key(key)
            } else if token.folded {
                local.id(surface)
            } else {
                fold_case(surface, &mut scratch.folded);
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
                scratch.seq_spans.push(token.span.clone());
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
    counts.words.reserve_exact(distinct);
    for &id in &scratch.ids[..distinct] {
        let slot = &mut scratch.dense[id as usize];
        counts.words.push((id, *slot));
        *slot = 0;
    }
    if !analyses.is_empty() {
        let view = ParagraphView {
            original,
            normalized: &normalized,
            offset: at.offset,
            line: at.line,
            exact: at.exact,
            page: at.page,
            ids: if sequence { &scratch.seq_ids } else { &[] },
            spans: if sequence { &scratch.seq_spans } else { &[] },
            sentence_of: if sequence {
                &scratch.seq_sentences
            } else {
                &[]
            },
            sentences: &scratch.sentences,
            words: &counts.words,
        };
        for (k, &(analysis, setup)) in analyses.iter().enumerate() {
            if scratch.analyses.len() <= k {
                scratch.analyses.push(analysis.scratch());
            }
            out.push(analysis.count(setup, &view, &mut scratch.analyses[k]));
        }
    }
    counts
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
