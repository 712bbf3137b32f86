//! Word frequencies with their dispersion, as an analysis of the trait
//! ([`Frequencies`]: count a paragraph, merge partials, finish).
//!
//! Takes each paragraph's word counts (the bag the token pass made,
//! [`ParagraphView::words`]); gives every word's frequency, range and dispersion in each
//! document and in the corpus ([`WordTables`]).
//!
//! A document's partial keeps its word totals and a compact log of each paragraph's sparse
//! `(word, count)` pairs ([`PairLog`], about three bytes a pair): dispersion needs a word's
//! total before its first part, so it is computed in [`Aggregate::finish`], by replaying the
//! logs once the totals are known. The replay is cut into pieces of
//! [`CHUNK_PARAGRAPHS`] paragraphs, counted from the corpus's first paragraph whatever the
//! documents; the pieces run in parallel, each into its own sums, and the sums are added up
//! in piece order. The pieces depend only on the corpus, never on how the partials were
//! grouped or on the threads, so neither shows in the output.

use std::cell::RefCell;
use std::ops::Range;

use rayon::prelude::*;
use thread_local::ThreadLocal;

use crate::count::aggregate::{Aggregate, ParagraphView, Partial};
use crate::count::spill::Spill;
use crate::count::vocab::{map_id, WordId};
use crate::count::{PairLog, WordCounts, CHUNK_PARAGRAPHS};
use crate::error::{Error, Result};
use crate::stats::dispersion::{DispersionAcc, Parts};

/// Word frequencies and dispersion over paragraphs, in every document and in the corpus.
///
/// ```
/// use corpus_lens::analyses::frequencies::{Frequencies, WordTables};
/// use corpus_lens::corpus::Corpus;
/// use corpus_lens::count::{aggregate::AnyAggregate, engine::Engine};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..2].to_vec());
/// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Frequencies)];
/// let (counts, outputs) = Engine::default().run(&corpus, &list)?;
/// let tables = outputs[0].downcast_ref::<WordTables>().unwrap();
/// assert_eq!(tables.documents.len(), 2);
/// let freq: u64 = tables.corpus.iter().map(|w| w.freq).sum();
/// assert_eq!(freq, counts.tokens());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Frequencies;

/// One document's partial result: its word totals, its paragraphs and their log.
///
/// ```
/// use corpus_lens::analyses::frequencies::{FreqDocument, Frequencies};
/// use corpus_lens::count::aggregate::{Aggregate, Partial};
/// let mut document = FreqDocument::default();
/// Aggregate::add(&Frequencies, &mut document, (3, vec![(7, 2), (9, 1)]));
/// Aggregate::close(&Frequencies, &mut document);
/// let tables = Aggregate::finish(&Frequencies, Partial::from_documents(vec![(0, document)])?)?;
/// assert_eq!((tables.corpus[0].id, tables.corpus[0].freq), (7, 2));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct FreqDocument {
    /// Per word id, its count so far (while the document is open).
    dense: Vec<u64>,
    /// The ids with a count in `dense`.
    touched: Vec<WordId>,
    /// Per word, sorted by id (once closed).
    totals: Vec<(WordId, u64)>,
    parts: Parts,
    log: PairLog,
}

/// A closed [`FreqDocument`] as plain data: what a partial result on disk holds (word ids
/// of the partial's own vocabulary).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct SavedFreq {
    totals: Vec<(WordId, u64)>,
    parts: Parts,
    /// Each paragraph as `size, pairs, (id, count) * pairs`.
    #[serde(with = "crate::count::spill::u32_bytes")]
    log: Vec<u32>,
}

impl FreqDocument {
    /// The closed document as plain data.
    pub(crate) fn save(&self) -> Result<SavedFreq> {
        let mut log = Vec::new();
        self.log
            .replay_paragraphs(0..self.log.paragraphs(), |size, pairs| {
                log.extend([size as u32, pairs.len() as u32]);
                log.extend(pairs.iter().flat_map(|&(id, c)| [id, c]));
            })
            .map_err(|source| Error::Io {
                path: std::env::temp_dir(),
                source,
            })?;
        Ok(SavedFreq {
            totals: self.totals.clone(),
            parts: self.parts,
            log,
        })
    }

    /// The document [`FreqDocument::save`] gave (its ids already mapped to the run's,
    /// [`SavedFreq::remap`]).
    ///
    /// # Errors
    ///
    /// A log cut short ([`Error::Usage`]).
    pub(crate) fn load(saved: SavedFreq) -> Result<FreqDocument> {
        let bad = || Error::Usage("a frequency log cut short".into());
        let mut totals = saved.totals;
        totals.sort_unstable();
        let mut log = PairLog::default();
        let mut pairs = Vec::new();
        let mut at = saved.log.iter().copied();
        while let Some(size) = at.next() {
            let n = at.next().ok_or_else(bad)?;
            pairs.clear();
            for _ in 0..n {
                pairs.push((at.next().ok_or_else(bad)?, at.next().ok_or_else(bad)?));
            }
            log.push(size, &pairs);
        }
        Ok(FreqDocument {
            totals,
            parts: saved.parts,
            log,
            ..Default::default()
        })
    }
}

impl SavedFreq {
    /// Maps the word ids through `ids` (see [`map_id`]).
    ///
    /// # Errors
    ///
    /// An id outside `ids` or a log cut short ([`Error::Usage`]).
    pub(crate) fn remap(&mut self, ids: &[WordId]) -> Result<()> {
        for (id, _) in &mut self.totals {
            *id = map_id(ids, *id)?;
        }
        let mut at = 0;
        let log = &mut self.log;
        while at < log.len() {
            let n = *log
                .get(at + 1)
                .ok_or_else(|| Error::Usage("a frequency log cut short".into()))?;
            let end = at + 2 + 2 * n as usize;
            if end > log.len() {
                return Err(Error::Usage("a frequency log cut short".into()));
            }
            for k in (at + 2..end).step_by(2) {
                log[k] = map_id(ids, log[k])?;
            }
            at = end;
        }
        Ok(())
    }
}

/// What [`Frequencies`] finishes into: every word's counts with dispersion, sorted by id.
///
/// ```
/// use corpus_lens::analyses::frequencies::WordTables;
/// let tables = WordTables::default();
/// assert!(tables.corpus.is_empty() && tables.documents.is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct WordTables {
    /// Over all paragraphs of the corpus.
    pub corpus: Vec<WordCounts>,
    /// Per document of the partial, in index order.
    pub documents: Vec<Vec<WordCounts>>,
}

impl Aggregate for Frequencies {
    crate::count::aggregate::no_setup!();
    type Scratch = ();
    /// The paragraph's counted tokens and its `(word, count)` pairs.
    type Paragraph = (u32, Vec<(WordId, u32)>);
    type Document = FreqDocument;
    type Output = WordTables;

    fn reads_tokens(&self) -> bool {
        false
    }

    fn count(&self, _: &(), paragraph: &ParagraphView<'_>, _: &mut ()) -> Self::Paragraph {
        let size = paragraph.tokens();
        (size, paragraph.words.to_vec())
    }

    fn open(&self, _: &Spill) -> FreqDocument {
        FreqDocument::default()
    }

    fn add(&self, document: &mut FreqDocument, (size, words): Self::Paragraph) {
        document.parts.add(size as u64);
        if let Some(max) = words.iter().map(|w| w.0).max() {
            let need = max as usize + 1;
            if document.dense.len() < need {
                document.dense.resize(need, 0);
            }
        }
        for (k, &(id, c)) in words.iter().enumerate() {
            if let Some(&(ahead, _)) = words.get(k + PREFETCH_AHEAD) {
                crate::prefetch(&document.dense[ahead as usize]);
            }
            let slot = &mut document.dense[id as usize];
            if *slot == 0 {
                document.touched.push(id);
            }
            *slot += c as u64;
        }
        if size > 0 {
            document.log.push(size, &words);
        }
    }

    fn close(&self, document: &mut FreqDocument) {
        document.touched.sort_unstable();
        let dense = std::mem::take(&mut document.dense);
        document.totals = document
            .touched
            .iter()
            .map(|&id| (id, dense[id as usize]))
            .collect();
        document.touched = Vec::new();
    }

    fn finish(&self, partial: Partial<FreqDocument>) -> Result<WordTables> {
        let documents = partial.into_documents();
        let mut logs = Vec::with_capacity(documents.len());
        let mut at = 0;
        let mut parts = Parts::default();
        let mut corpus_totals: Vec<u64> = Vec::new();
        for (_, d) in &documents {
            logs.push((at, &d.log));
            at += d.log.paragraphs();
            parts.merge(&d.parts);
            if let Some(&(max, _)) = d.totals.last() {
                if corpus_totals.len() <= max as usize {
                    corpus_totals.resize(max as usize + 1, 0);
                }
            }
            for &(id, t) in &d.totals {
                corpus_totals[id as usize] += t;
            }
        }
        let corpus_totals: Vec<(WordId, u64)> = corpus_totals
            .into_iter()
            .enumerate()
            .filter(|&(_, t)| t > 0)
            .map(|(id, t)| (id as WordId, t))
            .collect();
        let corpus_job = (0..at, &parts, &corpus_totals);
        // With one document, the corpus's dispersion is the document's: same parts, same
        // totals. Replaying the log once more would give the identical numbers.
        let single = documents.len() == 1;
        let jobs: Vec<_> = std::iter::once(corpus_job)
            .filter(|_| !single)
            .chain(documents.iter().zip(&logs).map(|((_, d), &(start, log))| {
                (start..start + log.paragraphs(), &d.parts, &d.totals)
            }))
            .collect();
        let mut words: Vec<Vec<WordCounts>> = jobs
            .into_par_iter()
            .map(|(range, parts, totals)| replay_words(&logs, range, parts, totals))
            .collect::<std::io::Result<_>>()
            .map_err(|source| Error::Io {
                path: std::env::temp_dir(),
                source,
            })?;
        let corpus = match (single, words.is_empty()) {
            (_, true) => Vec::new(),
            (true, false) => words[0].clone(),
            (false, false) => words.remove(0),
        };
        Ok(WordTables {
            corpus,
            documents: words,
        })
    }
}

/// How many pairs ahead a loop over a paragraph's pairs asks for the cache line it will
/// touch.
const PREFETCH_AHEAD: usize = 8;

/// The documents' logs, each with the index of its first paragraph in the corpus, in
/// corpus order.
type Logs<'a> = [(usize, &'a PairLog)];

/// Replays the paragraphs `range` (indices in the corpus) of the logs for the words in
/// `totals` (sorted by id).
///
/// The range is cut at multiples of [`CHUNK_PARAGRAPHS`]; the pieces are replayed in
/// parallel, each into its own partial sums, and the partial sums are added up in piece
/// order. The pieces depend only on the data, so the result is the same at any thread
/// count and in any grouping of the partials.
fn replay_words(
    logs: &Logs<'_>,
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
    let mut pieces = Vec::new();
    let mut start = range.start;
    while start < range.end {
        let end = ((start / CHUNK_PARAGRAPHS + 1) * CHUNK_PARAGRAPHS).min(range.end);
        pieces.push(start..end);
        start = end;
    }
    // A bounded group of pieces at a time keeps the partial sums' memory small.
    for group in pieces.chunks(8) {
        let partials: Vec<Vec<(WordId, u64, DispersionAcc)>> = group
            .par_iter()
            .map(|piece| {
                let mut replay = scratch.get_or_default().borrow_mut();
                replay.run(logs, piece.clone(), parts, &inv_total)
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

/// Reusable dense buffers for replaying the logs, indexed by word id.
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
    /// Replays the paragraphs `range` (indices in the corpus) of the logs; returns
    /// `(word, range, partial sums)` for every word in them and leaves the buffers zeroed
    /// for the next call.
    fn run(
        &mut self,
        logs: &Logs<'_>,
        range: Range<usize>,
        parts: &Parts,
        inv_total: &[f64],
    ) -> std::io::Result<Vec<(WordId, u64, DispersionAcc)>> {
        let inv_corpus = 1.0 / parts.total as f64;
        let first = logs.partition_point(|&(s, _)| s <= range.start);
        let mut replayed = Ok(());
        for &(start, log) in &logs[first.saturating_sub(1)..] {
            if start >= range.end {
                break;
            }
            let end = start + log.paragraphs();
            let (a, b) = (range.start.max(start), range.end.min(end));
            if a >= b {
                continue;
            }
            replayed = log.replay_paragraphs(a - start..b - start, |size, pairs| {
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
            if replayed.is_err() {
                break;
            }
        }
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
    use crate::count::vocab::Vocabulary;
    use crate::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Scratch};
    use crate::stats::dispersion::dispersion_of;

    /// Counts each document (a list of paragraphs) into its own partial and finishes them.
    fn tables(documents: &[&[&str]], vocab: &Vocabulary) -> WordTables {
        let mut partial = Partial::default();
        for (index, texts) in documents.iter().enumerate() {
            let mut document = FreqDocument::default();
            for text in *texts {
                let options = ParagraphOptions::default();
                let p = count_paragraph(text, vocab, &options, &mut Scratch::default());
                Aggregate::add(&Frequencies, &mut document, (p.tokens, p.words));
            }
            Aggregate::close(&Frequencies, &mut document);
            let one = Partial::from_documents(vec![(index, document)]).unwrap();
            partial = Aggregate::merge(&Frequencies, partial, one).unwrap();
        }
        Aggregate::finish(&Frequencies, partial).unwrap()
    }

    #[test]
    fn document_dispersion_matches_the_definition() {
        let vocab = seeded_vocabulary();
        let tables = tables(&[&["a b a", "b c", "a a a a b", "c"]], &vocab);
        let a = vocab.id("a");
        let wa = tables.documents[0].iter().find(|w| w.id == a).unwrap();
        assert_eq!((wa.freq, wa.range), (6, 2));
        let want = dispersion_of(&[(2, 3), (0, 2), (4, 5), (0, 1)]);
        assert!((wa.dispersion.dp - want.dp).abs() < 1e-12);
        assert!((wa.dispersion.juilland_d - want.juilland_d).abs() < 1e-12);
        let corpus = tables.corpus.iter().find(|w| w.id == a).unwrap();
        assert_eq!(corpus.dispersion, wa.dispersion);
    }

    #[test]
    fn second_document_starts_from_zero() {
        let vocab = seeded_vocabulary();
        let tables = tables(&[&["x y", "x"], &["x z"]], &vocab);
        let x = vocab.id("x");
        let in_second = tables.documents[1].iter().find(|w| w.id == x).unwrap();
        assert_eq!((in_second.freq, in_second.range), (1, 1));
        let in_corpus = tables.corpus.iter().find(|w| w.id == x).unwrap();
        assert_eq!((in_corpus.freq, in_corpus.range), (3, 3));
    }

    #[test]
    fn pieces_follow_the_corpus_not_the_documents() {
        // Documents of odd lengths, so that the corpus's chunks of paragraphs cut through
        // them: replaying by document gives the same sums as one log of the corpus.
        let vocab = seeded_vocabulary();
        let texts: Vec<String> = (0..3 * CHUNK_PARAGRAPHS + 7)
            .map(|i| format!("w{} common w{} x", i % 13, i % 5))
            .collect();
        let texts: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
        let cut = [0, 1000, 5000, 5001, texts.len()];
        let documents: Vec<&[&str]> = cut.windows(2).map(|w| &texts[w[0]..w[1]]).collect();
        let split = tables(&documents, &vocab);
        let whole = tables(&[&texts], &vocab);
        assert_eq!(split.corpus, whole.corpus);
    }
}
