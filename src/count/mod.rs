//! Stage 4, counting: what each paragraph contributes, and the sequential merge of those
//! contributions into corpus and document counts.
//!
//! Paragraphs are counted in parallel ([`count_paragraph`]); their results are merged in
//! paragraph order ([`Counter::add_paragraph`]), so every float sum later runs in the same
//! order whatever the thread count. The merge keeps only per-word totals and a compact
//! log of each paragraph's sparse `(word, count)` pairs ([`PairLog`], about three bytes a
//! pair), from which dispersion is computed once the totals are known.

pub mod engine;
pub mod nodes;
pub mod spill;
pub mod vocab;

use std::ops::Range;

use std::cell::RefCell;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use thread_local::ThreadLocal;

use crate::analyses::collocate::{
    count_windows, KwicLine, KwicLines, ParagraphWindows, WindowOptions,
};
use crate::analyses::ngrams::{paragraph_ngrams, Gram, NgramCounts, NgramOptions};
use crate::count::nodes::MatchCache;
use crate::count::spill::Spill;
use crate::count::spill::{get_varint, put_varint};
use crate::count::vocab::{Vocabulary, WordId};
use crate::stats::dispersion::{Dispersion, DispersionAcc, Parts};
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
const PREFETCH_AHEAD: usize = 8;

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

/// Compact, append-only log of every paragraph's size and sparse word counts.
///
/// Each paragraph is `size, n, (id, count) * n` in LEB128 varints. Ids are not sorted (that
/// cost more than the bytes it saves); frequent words get small ids, so most take 1-2 bytes.
/// The log is a list of chunks of [`CHUNK_PARAGRAPHS`] paragraphs each (growing one vector
/// copied it and made the kernel zero fresh pages again and again), and a paragraph never
/// straddles two chunks, so chunks can be replayed in parallel. Chunks end after a fixed
/// number of paragraphs, not bytes: the bytes depend on the ids, which depend on thread
/// timing, and the float sums of a replay are grouped by chunk, so only a boundary fixed in
/// paragraphs gives the same sums at any thread count.
///
/// **Memory.** The log grows with the corpus (about 150 bytes a paragraph). Once the chunks
/// held in memory pass [`PairLog::memory_limit`] bytes (default [`LOG_MEMORY_LIMIT`]),
/// every further finished chunk is written to an unnamed temporary file (in the system's
/// temporary directory, deleted when the log is dropped) and read back, one chunk at a
/// time, when it is replayed; so memory stays flat however large the corpus. If the file
/// cannot be created or written, chunks stay in memory.
///
/// ```
/// use corpus_lens::count::PairLog;
/// let mut log = PairLog::default();
/// log.push(5, &[(3, 2), (9, 3)]);
/// let mut seen = Vec::new();
/// log.replay(0..log.len(), |size, pairs| seen.push((size, pairs.to_vec())))?;
/// assert_eq!(seen, [(5, vec![(3, 2), (9, 3)])]);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Default, Clone)]
pub struct PairLog {
    chunks: Vec<Chunk>,
    /// Position (over all chunks) of each chunk's first byte.
    starts: Vec<usize>,
    len: usize,
    record: Vec<u8>,
    /// Paragraphs in the last chunk.
    in_chunk: usize,
    /// Bytes of the chunks held in memory.
    in_memory: usize,
    /// Memory limit in bytes; `None`: [`LOG_MEMORY_LIMIT`].
    limit: Option<usize>,
    /// The file that chunks past the memory limit go to, and its length.
    spill: Option<(std::sync::Arc<std::sync::Mutex<std::fs::File>>, u64)>,
}

/// Bytes of [`PairLog`] chunks kept in memory before further chunks go to a temporary file.
///
/// ```
/// assert_eq!(corpus_lens::count::LOG_MEMORY_LIMIT, 16 << 20);
/// ```
pub const LOG_MEMORY_LIMIT: usize = 16 << 20;

/// A chunk of the log: in memory, or written to the spill file at this offset.
#[derive(Debug, Clone)]
enum Chunk {
    Memory(Vec<u8>),
    Disk { at: u64, len: usize },
}

impl Chunk {
    fn len(&self) -> usize {
        match self {
            Chunk::Memory(bytes) => bytes.len(),
            Chunk::Disk { len, .. } => *len,
        }
    }
}

/// Paragraphs per chunk of a [`PairLog`] (about 1 MiB of log in English prose).
///
/// ```
/// assert!(corpus_lens::count::CHUNK_PARAGRAPHS >= 1024);
/// ```
pub const CHUNK_PARAGRAPHS: usize = 4096;

/// Bytes reserved for a new chunk.
const CHUNK: usize = 1 << 20;

impl PairLog {
    /// Appends one paragraph.
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// // A paragraph of 7 tokens: word 3 twice, word 9 five times.
    /// log.push(7, &[(3, 2), (9, 5)]);
    /// assert!(log.len() > 0);
    /// ```
    pub fn push(&mut self, size: u32, pairs: &[(WordId, u32)]) {
        let record = &mut self.record;
        record.clear();
        put_varint(record, size as u64);
        put_varint(record, pairs.len() as u64);
        for &(id, count) in pairs {
            put_varint(record, id as u64);
            put_varint(record, count as u64);
        }
        if self.chunks.is_empty() || self.in_chunk == CHUNK_PARAGRAPHS {
            self.close_chunk();
            let capacity = CHUNK.max(self.record.len());
            self.chunks
                .push(Chunk::Memory(Vec::with_capacity(capacity)));
            self.starts.push(self.len);
            self.in_chunk = 0;
        }
        self.in_chunk += 1;
        if let Some(Chunk::Memory(chunk)) = self.chunks.last_mut() {
            chunk.extend_from_slice(&self.record);
        }
        self.len += self.record.len();
        self.in_memory += self.record.len();
    }

    /// Sets the bytes of chunks kept in memory; chunks finished after that go to a
    /// temporary file (see the type's documentation).
    ///
    /// ```
    /// use corpus_lens::count::{PairLog, CHUNK_PARAGRAPHS};
    /// let mut log = PairLog::default();
    /// log.memory_limit(0); // every finished chunk to disk
    /// for p in 0..2 * CHUNK_PARAGRAPHS as u32 {
    ///     log.push(3, &[(p % 7, 3)]);
    /// }
    /// let mut paragraphs = 0;
    /// log.replay(0..log.len(), |size, pairs| {
    ///     assert_eq!((size, pairs[0].1), (3, 3));
    ///     paragraphs += 1;
    /// })?;
    /// assert_eq!(paragraphs, 2 * CHUNK_PARAGRAPHS);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn memory_limit(&mut self, bytes: usize) {
        self.limit = Some(bytes);
    }

    /// Writes the last chunk to the spill file if the memory limit is passed (and leaves
    /// it in memory if that fails).
    fn close_chunk(&mut self) {
        let limit = self.limit.unwrap_or(LOG_MEMORY_LIMIT);
        if self.in_memory <= limit {
            return;
        }
        let Some(Chunk::Memory(bytes)) = self.chunks.last() else {
            return;
        };
        if self.spill.is_none() {
            match tempfile::tempfile() {
                Ok(file) => self.spill = Some((std::sync::Arc::new(file.into()), 0)),
                Err(_) => return,
            }
        }
        let Some((file, end)) = self.spill.as_mut() else {
            return;
        };
        let written = {
            use std::io::{Seek, SeekFrom, Write};
            let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
            file.seek(SeekFrom::Start(*end))
                .and_then(|_| file.write_all(bytes))
        };
        if written.is_ok() {
            let len = bytes.len();
            self.in_memory -= len;
            let at = *end;
            *end += len as u64;
            if let Some(last) = self.chunks.last_mut() {
                *last = Chunk::Disk { at, len };
            }
        }
    }

    /// The bytes of chunk `k`: borrowed if in memory, else read into `buf`.
    fn chunk_bytes<'a>(&'a self, k: usize, buf: &'a mut Vec<u8>) -> std::io::Result<&'a [u8]> {
        match &self.chunks[k] {
            Chunk::Memory(bytes) => Ok(bytes),
            Chunk::Disk { at, len } => {
                use std::io::{Read, Seek, SeekFrom};
                let Some((file, _)) = &self.spill else {
                    return Err(std::io::Error::other("log chunk on disk without a file"));
                };
                let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
                buf.resize(*len, 0);
                file.seek(SeekFrom::Start(*at))?;
                file.read_exact(buf)?;
                Ok(buf)
            }
        }
    }

    /// Bytes of the log held in memory (the rest is in the temporary file).
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// log.push(2, &[(1, 2)]);
    /// assert_eq!(log.memory_bytes(), log.len()); // a small log stays in memory
    /// ```
    pub fn memory_bytes(&self) -> usize {
        self.in_memory
    }

    /// Length in bytes (a position to replay from or to).
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// log.push(2, &[(1, 2)]);
    /// let first = log.len();
    /// log.push(1, &[(4, 1)]);
    /// let mut sizes = Vec::new();
    /// log.replay(first..log.len(), |size, _| sizes.push(size)); // the second paragraph only
    /// assert_eq!(sizes, [1]);
    /// ```
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when nothing was logged.
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// assert!(log.is_empty());
    /// log.push(1, &[(0, 1)]);
    /// assert!(!log.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Splits `range` at chunk boundaries: pieces that can be replayed independently.
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// log.push(2, &[(1, 2)]);
    /// let middle = log.len();
    /// log.push(1, &[(4, 1)]);
    /// // A small log is one chunk (of up to CHUNK_PARAGRAPHS paragraphs): one piece.
    /// assert_eq!(log.pieces(0..log.len()), [0..log.len()]);
    /// assert_eq!(log.pieces(middle..log.len()), [middle..log.len()]);
    /// ```
    pub fn pieces(&self, range: Range<usize>) -> Vec<Range<usize>> {
        let mut pieces = Vec::new();
        let first = self
            .starts
            .partition_point(|&s| s <= range.start)
            .saturating_sub(1);
        for (k, &start) in self.starts.iter().enumerate().skip(first) {
            let end = start + self.chunks[k].len();
            let (a, b) = (range.start.max(start), range.end.min(end));
            if a < b {
                pieces.push(a..b);
            }
            if end >= range.end {
                break;
            }
        }
        pieces
    }

    /// Calls `f(size, pairs)` for each paragraph logged in the byte range `range`, which
    /// must start and end at paragraph boundaries (positions returned by [`PairLog::len`]).
    ///
    /// ```
    /// use corpus_lens::count::PairLog;
    /// let mut log = PairLog::default();
    /// log.push(3, &[(1, 2), (2, 1)]);
    /// log.push(4, &[(1, 4)]);
    /// let mut hits_of_1 = Vec::new();
    /// log.replay(0..log.len(), |size, pairs| {
    ///     let hits = pairs.iter().find(|p| p.0 == 1).map_or(0, |p| p.1);
    ///     hits_of_1.push((size, hits));
    /// });
    /// assert_eq!(hits_of_1, [(3, 2), (4, 4)]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// If a chunk written to the temporary file cannot be read back.
    pub fn replay(
        &self,
        range: Range<usize>,
        mut f: impl FnMut(u64, &[(WordId, u32)]),
    ) -> std::io::Result<()> {
        let mut pairs = Vec::new();
        let mut buf = Vec::new();
        for piece in self.pieces(range) {
            let k = self.starts.partition_point(|&s| s <= piece.start) - 1;
            let bytes = self.chunk_bytes(k, &mut buf)?;
            let mut pos = piece.start - self.starts[k];
            let end = piece.end - self.starts[k];
            while pos < end {
                let size = get_varint(bytes, &mut pos);
                let n = get_varint(bytes, &mut pos);
                pairs.clear();
                for _ in 0..n {
                    let id = get_varint(bytes, &mut pos);
                    let count = get_varint(bytes, &mut pos);
                    pairs.push((id as WordId, count as u32));
                }
                f(size, &pairs);
            }
        }
        Ok(())
    }
}

/// Counts of one word in one document (or the whole corpus).
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::default().run(&corpus)?;
/// let id = analysis.words.iter().position(|w| &**w == "kerensky").unwrap() as u32;
/// let counts = analysis.corpus_words.iter().find(|w| w.id == id).unwrap();
/// assert!(counts.freq >= counts.range && counts.range > 1);
/// assert!((0.0..=1.0).contains(&counts.dispersion.dp));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordCounts {
    /// The word.
    pub id: WordId,
    /// Occurrences.
    pub freq: u64,
    /// Paragraphs holding it.
    pub range: u64,
    /// Dispersion over paragraphs.
    pub dispersion: Dispersion,
}

/// An OCR suspect aggregated over a document.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seed_vocabulary, CountOptions, Counter, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// let mut counter = Counter::default();
/// for text in ["Thc Soviet met.", "Thc Cadets left."] {
///     counter.add_paragraph(count_paragraph(text, &vocab, &CountOptions::default(), &mut Scratch::default()));
/// }
/// let ocr = &counter.finish()?.documents[0].ocr;
/// assert_eq!((ocr[0].token.as_str(), ocr[0].count), ("thc", 2));
/// assert!(ocr[0].example.contains("Soviet")); // the first occurrence
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrCount {
    /// The lowercased token.
    pub token: String,
    /// Why it is suspect.
    pub sign: OcrSign,
    /// Occurrences in the document.
    pub count: u64,
    /// The first occurrence in context.
    pub example: String,
}

/// Everything counted in one document.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::default().run(&corpus)?;
/// let counts = &analysis.documents[0].counts;
/// assert!(counts.paragraphs > 10 && counts.sentences > counts.paragraphs);
/// assert_eq!(counts.parts.total, counts.tokens);
/// assert!(counts.words.windows(2).all(|w| w[0].id < w[1].id));
/// assert!(counts.windows.is_none()); // no nodes were given
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct DocumentCounts {
    /// Paragraphs (with or without tokens).
    pub paragraphs: u64,
    /// Sentences.
    pub sentences: u64,
    /// Counted tokens.
    pub tokens: u64,
    /// Number tokens.
    pub number_tokens: u64,
    /// Tokens with an OCR sign.
    pub ocr_suspect_tokens: u64,
    /// Inline footnote markers.
    pub footnote_markers: u64,
    /// The paragraphs as dispersion parts.
    pub parts: Parts,
    /// Per word, sorted by id.
    pub words: Vec<WordCounts>,
    /// OCR suspects, sorted by token then sign.
    pub ocr: Vec<OcrCount>,
    /// Collocation windows and KWIC lines (when nodes were set).
    pub windows: Option<DocumentWindows>,
}

/// Collocation windows and KWIC lines of one document.
///
/// ```
/// use corpus_lens::collocate::WindowOptions;
/// use corpus_lens::{corpus::Corpus, count::CountOptions, engine::{Analyzer, Config}};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions::new(NodeSet::new(&["soviet"], MatchBy::Stem, false)?);
/// let config = Config {
///     count: CountOptions { windows: Some(options.into()), ..Default::default() },
///     ..Default::default()
/// };
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let windows = analysis.documents[0].counts.windows.as_ref().unwrap();
/// assert_eq!(windows.kwic.len(), windows.node_freq[0]); // one line per occurrence
/// let (left, right): (u64, u64) = windows.pairs.iter().map(|p| (p.2, p.3)).fold((0, 0), |a, p| (a.0 + p.0, a.1 + p.1));
/// assert!(left > 0 && right > 0);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentWindows {
    /// Occurrences of each node.
    pub node_freq: Vec<u64>,
    /// `(node, collocate, left count, right count)`, sorted by node then collocate id.
    pub pairs: Vec<(u16, WordId, u64, u64)>,
    /// `(paragraph index, line)`, in text order, in a log that may spill to a temporary
    /// file (see [`crate::count::spill`]).
    pub kwic: KwicLines,
}

impl DocumentWindows {
    fn add(&mut self, paragraph: u64, p: ParagraphWindows, sums: &mut WindowSums) {
        if self.node_freq.len() < p.node_freq.len() {
            self.node_freq.resize(p.node_freq.len(), 0);
        }
        for (total, n) in self.node_freq.iter_mut().zip(&p.node_freq) {
            *total += *n as u64;
        }
        for (node, id, l, r) in p.pairs {
            let e = sums.entry((node, id)).or_default();
            e.0 += l as u64;
            e.1 += r as u64;
        }
        for k in &p.kwic {
            self.kwic.push(paragraph, k);
        }
    }
}

type WindowSums = FxHashMap<(u16, WordId), (u64, u64)>;

/// Merges paragraph counts, document by document, in order.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seed_vocabulary, CountOptions, Counter, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// let mut counter = Counter::default();
/// for text in ["The Soviet met.", "The Cadets left."] {
///     let counts = count_paragraph(text, &vocab, &CountOptions::default(), &mut Scratch::default());
///     counter.add_paragraph(counts);
/// }
/// counter.finish_document();
/// let counts = counter.finish()?;
/// let doc = &counts.documents[0];
/// assert_eq!((doc.paragraphs, doc.tokens), (2, 6));
/// let the = doc.words.iter().find(|w| w.id == vocab.id("the")).unwrap();
/// assert_eq!((the.freq, the.range), (2, 2));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct Counter {
    /// Per word id: `[corpus total, total in the open document]`, side by side so that
    /// merging a pair touches one cache line.
    totals: Vec<[u64; 2]>,
    log: PairLog,
    parts: Parts,
    doc: DocumentCounts,
    doc_touched: Vec<WordId>,
    doc_log_start: usize,
    doc_ocr: FxHashMap<(String, OcrSign), (u64, String)>,
    finished: Vec<FinishedDocument>,
    doc_window_sums: WindowSums,
    ngrams: NgramCounts,
    /// The memory budget of the documents' KWIC logs.
    spill: Spill,
}

impl Counter {
    /// Sets the memory budget of the KWIC lines' logs (default: a budget of
    /// [`crate::count::spill::SPILL_MEMORY_LIMIT`] of the counter's own; see [`crate::count::spill`]).
    ///
    /// ```
    /// use corpus_lens::count::Counter;
    /// use corpus_lens::spill::Spill;
    /// let mut counter = Counter::default();
    /// counter.set_spill(Spill::new(0));
    /// ```
    pub fn set_spill(&mut self, spill: Spill) {
        self.spill = spill;
    }

    /// Adds the next paragraph of the current document.
    ///
    /// ```
    /// use corpus_lens::count::{count_paragraph, seed_vocabulary, CountOptions, Counter, Scratch};
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// seed_vocabulary(&vocab);
    /// let mut counter = Counter::default();
    /// let counts = count_paragraph("The Soviet met.", &vocab, &CountOptions::default(), &mut Scratch::default());
    /// counter.add_paragraph(counts);
    /// let counts = counter.finish()?;
    /// assert_eq!((counts.documents[0].paragraphs, counts.parts.total), (1, 3));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn add_paragraph(&mut self, p: ParagraphCounts) {
        let doc = &mut self.doc;
        doc.paragraphs += 1;
        doc.sentences += p.sentences as u64;
        doc.tokens += p.tokens as u64;
        doc.number_tokens += p.numbers as u64;
        doc.ocr_suspect_tokens += p.ocr.len() as u64;
        doc.footnote_markers += p.footnote_markers as u64;
        doc.parts.add(p.tokens as u64);
        self.parts.add(p.tokens as u64);
        if let Some(max) = p.words.iter().map(|w| w.0).max() {
            let need = max as usize + 1;
            if self.totals.len() < need {
                self.totals.resize(need, [0, 0]);
            }
        }
        for (k, &(id, c)) in p.words.iter().enumerate() {
            if let Some(&(ahead, _)) = p.words.get(k + PREFETCH_AHEAD) {
                crate::prefetch(&self.totals[ahead as usize]);
            }
            let [total, slot] = &mut self.totals[id as usize];
            *total += c as u64;
            if *slot == 0 {
                self.doc_touched.push(id);
            }
            *slot += c as u64;
        }
        if p.tokens > 0 {
            self.log.push(p.tokens, &p.words);
        }
        if !p.ngrams.is_empty() {
            self.ngrams.add(&p.ngrams);
        }
        if let Some(w) = p.windows {
            let paragraph = self.doc.paragraphs - 1;
            let spill = &self.spill;
            let windows = self.doc.windows.get_or_insert_with(|| DocumentWindows {
                kwic: KwicLines::with_spill(spill.clone()),
                ..Default::default()
            });
            windows.add(paragraph, w, &mut self.doc_window_sums);
        }
        for hit in p.ocr {
            let entry = self
                .doc_ocr
                .entry((hit.token, hit.sign))
                .or_insert((0, hit.example));
            entry.0 += 1;
        }
    }

    /// Closes the current document. Its dispersion is computed by [`Counter::finish`].
    ///
    /// ```
    /// use corpus_lens::count::{count_paragraph, seed_vocabulary, CountOptions, Counter, Scratch};
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// seed_vocabulary(&vocab);
    /// let mut counter = Counter::default();
    /// for document in [["The Soviet met.", "It voted."], ["Kerensky fled.", "The end."]] {
    ///     for text in document {
    ///         counter.add_paragraph(count_paragraph(text, &vocab, &CountOptions::default(), &mut Scratch::default()));
    ///     }
    ///     counter.finish_document();
    /// }
    /// let counts = counter.finish()?;
    /// assert_eq!(counts.documents.len(), 2);
    /// assert_eq!((counts.documents[1].tokens, counts.parts.count), (4, 4));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn finish_document(&mut self) {
        let mut doc = std::mem::take(&mut self.doc);
        if let Some(windows) = doc.windows.as_mut() {
            windows.kwic.finish();
            windows.pairs = self
                .doc_window_sums
                .drain()
                .map(|((node, id), (l, r))| (node, id, l, r))
                .collect();
            windows.pairs.sort_unstable();
        }
        let range = self.doc_log_start..self.log.len();
        self.doc_log_start = self.log.len();
        self.doc_touched.sort_unstable();
        let totals: Vec<(WordId, u64)> = self
            .doc_touched
            .iter()
            .map(|&id| (id, std::mem::take(&mut self.totals[id as usize][1])))
            .collect();
        self.doc_touched.clear();
        doc.ocr = self
            .doc_ocr
            .drain()
            .map(|((token, sign), (count, example))| OcrCount {
                token,
                sign,
                count,
                example,
            })
            .collect();
        doc.ocr
            .sort_by(|a, b| (&a.token, a.sign).cmp(&(&b.token, b.sign)));
        self.finished.push((doc, range, totals));
    }

    /// Computes every document's and the corpus's dispersion, in parallel (each replay of
    /// the log runs in order on its own, so the result does not depend on the threads).
    ///
    /// ```
    /// use corpus_lens::count::{count_paragraph, seed_vocabulary, CountOptions, Counter, Scratch};
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// seed_vocabulary(&vocab);
    /// let mut counter = Counter::default();
    /// for text in ["The Soviet met.", "The Cadets left.", "Rain."] {
    ///     counter.add_paragraph(count_paragraph(text, &vocab, &CountOptions::default(), &mut Scratch::default()));
    /// }
    /// let counts = counter.finish()?; // closes the open document too
    /// let soviet = counts.corpus_words.iter().find(|w| w.id == vocab.id("soviet")).unwrap();
    /// assert_eq!((soviet.freq, soviet.range), (1, 1));
    /// assert!(soviet.dispersion.dp > 0.5); // in one paragraph of three
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// If the part of the pair log written to a temporary file cannot be read back
    /// ([`Error::Io`](crate::Error::Io), naming the temporary directory).
    pub fn finish(mut self) -> crate::error::Result<Counts> {
        if self.doc.paragraphs > 0 {
            self.finish_document();
        }
        let log = &self.log;
        let corpus_totals: Vec<(WordId, u64)> = self
            .totals
            .iter()
            .enumerate()
            .filter(|&(_, &[t, _])| t > 0)
            .map(|(id, &[t, _])| (id as WordId, t))
            .collect();
        let corpus_job = (0..log.len(), &self.parts, &corpus_totals);
        // With one document, the corpus's dispersion is the document's: same parts, same
        // totals. Replaying the log once more would give the identical numbers.
        let single = self.finished.len() == 1;
        let jobs: Vec<_> = std::iter::once(corpus_job)
            .filter(|_| !single)
            .chain(
                self.finished
                    .iter()
                    .map(|(d, r, t)| (r.clone(), &d.parts, t)),
            )
            .collect();
        let mut words: Vec<Vec<WordCounts>> = jobs
            .into_par_iter()
            .map(|(range, parts, totals)| replay_words(log, range, parts, totals))
            .collect::<std::io::Result<_>>()
            .map_err(|source| crate::Error::Io {
                path: std::env::temp_dir(),
                source,
            })?;
        let corpus_words = if single {
            words[0].clone()
        } else {
            words.remove(0)
        };
        let documents = self
            .finished
            .into_iter()
            .zip(words)
            .map(|((mut doc, _, _), words)| {
                doc.words = words;
                doc
            })
            .collect();
        Ok(Counts {
            documents,
            corpus_words,
            parts: self.parts,
            ngrams: self.ngrams,
        })
    }
}

/// A closed document: its counts, its stretch of the log and its word totals (by id).
type FinishedDocument = (DocumentCounts, Range<usize>, Vec<(WordId, u64)>);

/// The result of counting a corpus.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seed_vocabulary, CountOptions, Counter, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// let mut counter = Counter::default();
/// counter.add_paragraph(count_paragraph("The Soviet met.", &vocab, &CountOptions::default(), &mut Scratch::default()));
/// let counts = counter.finish()?;
/// assert_eq!(counts.documents.len(), 1);
/// assert_eq!(counts.corpus_words.len(), 3); // the, soviet, met
/// assert_eq!((counts.parts.count, counts.parts.total), (1, 3));
/// assert!(counts.ngrams.grams.is_empty());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Counts {
    /// Per document, in the order they were added.
    pub documents: Vec<DocumentCounts>,
    /// Every word of the corpus, sorted by id, with dispersion over all paragraphs.
    pub corpus_words: Vec<WordCounts>,
    /// All paragraphs of the corpus as dispersion parts.
    pub parts: Parts,
    /// N-gram frequency and range over the corpus (empty unless counted).
    pub ngrams: NgramCounts,
}

/// Replays a stretch of the log for the words in `totals` (sorted by id).
///
/// The stretch is cut at the log's chunk boundaries; the pieces are replayed in parallel,
/// each into its own partial sums, and the partial sums are added up in piece order. The
/// pieces depend only on the data, so the result is the same at any thread count.
fn replay_words(
    log: &PairLog,
    range: Range<usize>,
    parts: &Parts,
    totals: &[(WordId, u64)],
) -> std::io::Result<Vec<WordCounts>> {
    let size = totals.last().map_or(0, |&(id, _)| id as usize + 1);
    let mut freq = vec![0u64; size];
    let mut inv_total = vec![0f64; size];
    for &(id, t) in totals {
        freq[id as usize] = t;
        inv_total[id as usize] = 1.0 / t as f64;
    }
    let mut accs = vec![DispersionAcc::default(); size];
    let mut ranges = vec![0u64; size];
    let scratch: ThreadLocal<RefCell<Replay>> = ThreadLocal::new();
    // A bounded group of pieces at a time keeps the partial sums' memory small.
    for group in log.pieces(range).chunks(8) {
        let partials: Vec<Vec<(WordId, u64, DispersionAcc)>> = group
            .par_iter()
            .map(|piece| {
                let mut replay = scratch.get_or_default().borrow_mut();
                replay.run(log, piece.clone(), parts, &inv_total)
            })
            .collect::<std::io::Result<_>>()?;
        for (id, range, acc) in partials.into_iter().flatten() {
            ranges[id as usize] += range;
            accs[id as usize].merge(&acc);
        }
    }
    Ok(totals
        .iter()
        .filter(|&&(id, _)| ranges[id as usize] > 0)
        .map(|&(id, _)| WordCounts {
            id,
            freq: freq[id as usize],
            range: ranges[id as usize],
            dispersion: accs[id as usize].finish(parts),
        })
        .collect::<Vec<_>>())
}

/// Reusable dense buffers for replaying the log, indexed by word id.
#[derive(Debug, Default)]
struct Replay {
    slots: Vec<ReplaySlot>,
    touched: Vec<WordId>,
}

/// One word's partial sums in a replay. Its range, sums and `1 / total` sit together so that
/// a pair of the log touches one cache line, not three arrays (the replay is bound by those
/// misses: the slots of a large vocabulary do not fit in cache).
#[derive(Debug, Default, Clone)]
struct ReplaySlot {
    acc: DispersionAcc,
    range: u64,
    inv_total: f64,
}

impl Replay {
    /// Replays a stretch of the log; returns `(word, range, partial sums)` for every word in
    /// it and leaves the buffers zeroed for the next call.
    fn run(
        &mut self,
        log: &PairLog,
        range: Range<usize>,
        parts: &Parts,
        inv_total: &[f64],
    ) -> std::io::Result<Vec<(WordId, u64, DispersionAcc)>> {
        let inv_corpus = 1.0 / parts.total as f64;
        let replayed = log.replay(range, |size, pairs| {
            if let Some(max) = pairs.iter().map(|p| p.0).max() {
                if self.slots.len() <= max as usize {
                    self.slots.resize(max as usize + 1, ReplaySlot::default());
                }
            }
            let share = size as f64 * inv_corpus;
            let inv_size = 1.0 / size as f64;
            for (k, &(id, c)) in pairs.iter().enumerate() {
                if let Some(&(ahead, _)) = pairs.get(k + PREFETCH_AHEAD) {
                    crate::prefetch(&self.slots[ahead as usize]);
                }
                let slot = &mut self.slots[id as usize];
                if slot.range == 0 {
                    self.touched.push(id);
                    slot.inv_total = inv_total[id as usize];
                }
                slot.range += 1;
                slot.acc
                    .add_scaled(c as u64, share, inv_size, slot.inv_total);
            }
        });
        let out = self
            .touched
            .iter()
            .map(|&id| {
                let slot = &mut self.slots[id as usize];
                let acc = std::mem::take(&mut slot.acc);
                (id, std::mem::take(&mut slot.range), acc)
            })
            .collect();
        self.touched.clear();
        replayed.map(|()| out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let shifted: Vec<(WordId, u32)> =
                pairs.iter().map(|&(k, c)| (k + 100_000, c)).collect();
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
    use crate::stats::dispersion::dispersion_of;

    fn count(texts: &[&str], vocab: &Vocabulary) -> Vec<ParagraphCounts> {
        texts
            .iter()
            .map(|t| count_paragraph(t, vocab, &CountOptions::default(), &mut Scratch::default()))
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
        let vocab = Vocabulary::new();
        seed_vocabulary(&vocab);
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

    #[test]
    fn document_dispersion_matches_the_definition() {
        let vocab = Vocabulary::new();
        seed_vocabulary(&vocab);
        let texts = ["a b a", "b c", "a a a a b", "c"];
        let mut counter = Counter::default();
        for p in count(&texts, &vocab) {
            counter.add_paragraph(p);
        }
        counter.finish_document();
        let counts = counter.finish().unwrap();
        let doc = &counts.documents[0];
        let a = vocab.id("a");
        let wa = doc.words.iter().find(|w| w.id == a).unwrap();
        assert_eq!((wa.freq, wa.range), (6, 2));
        let want = dispersion_of(&[(2, 3), (0, 2), (4, 5), (0, 1)]);
        assert!((wa.dispersion.dp - want.dp).abs() < 1e-12);
        assert!((wa.dispersion.juilland_d - want.juilland_d).abs() < 1e-12);
        let (corpus, parts) = (&counts.corpus_words, counts.parts);
        assert_eq!(parts.total, 11);
        assert_eq!(
            corpus.iter().find(|w| w.id == a).unwrap().dispersion,
            wa.dispersion
        );
    }

    #[test]
    fn second_document_starts_from_zero() {
        let vocab = Vocabulary::new();
        seed_vocabulary(&vocab);
        let mut counter = Counter::default();
        for p in count(&["x y", "x"], &vocab) {
            counter.add_paragraph(p);
        }
        counter.finish_document();
        for p in count(&["x z"], &vocab) {
            counter.add_paragraph(p);
        }
        counter.finish_document();
        let counts = counter.finish().unwrap();
        let doc = &counts.documents[1];
        assert_eq!(doc.tokens, 2);
        let x = doc.words.iter().find(|w| w.id == vocab.id("x")).unwrap();
        assert_eq!((x.freq, x.range), (1, 1));
        let x = counts
            .corpus_words
            .iter()
            .find(|w| w.id == vocab.id("x"))
            .unwrap();
        assert_eq!((x.freq, x.range), (3, 3));
    }
}
