//! Per-word counts with their dispersion ([`WordCounts`]), from a replay of a stretch of the
//! pair log.

use std::cell::RefCell;
use std::ops::Range;

use rayon::prelude::*;
use thread_local::ThreadLocal;

use crate::count::pair_log::PairLog;
use crate::count::paragraph::PREFETCH_AHEAD;
use crate::count::vocab::WordId;
use crate::stats::dispersion::{Dispersion, DispersionAcc, Parts};

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

/// Replays a stretch of the log for the words in `totals` (sorted by id).
///
/// The stretch is cut at the log's chunk boundaries; the pieces are replayed in parallel,
/// each into its own partial sums, and the partial sums are added up in piece order. The
/// pieces depend only on the data, so the result is the same at any thread count.
pub(super) fn replay_words(
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
