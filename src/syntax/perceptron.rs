//! The averaged perceptron (Collins 2002): a weight per (feature, class), the class with the
//! highest sum of its features' weights wins, a wrong guess moves the weights of its features
//! one step away from the guess and toward the truth. The weights the model keeps are the
//! average over every step of training, which generalises much better than the last ones.
//!
//! Training keeps integer weights with lazy averaging (a weight's running total is brought up
//! to date only when the weight changes). The frozen [`Weights`] hold, per feature, only the
//! classes whose averaged weight is not tiny, in an open-addressing table keyed by the
//! feature's hash: predicting is a few table probes and additions per feature.

use rustc_hash::FxHashMap;

use super::bin::{ReadResult, Reader, Writer};

#[derive(Clone, Copy)]
struct Param {
    class: u16,
    weight: i32,
    stamp: u32,
    total: i64,
}

/// Weights being trained.
pub(crate) struct Trainer {
    n_classes: usize,
    index: FxHashMap<u64, u32>,
    rows: Vec<Vec<Param>>,
    now: u32,
}

impl Trainer {
    pub(crate) fn new(n_classes: usize) -> Trainer {
        assert!(n_classes <= 256, "at most 256 classes");
        Trainer {
            n_classes,
            index: FxHashMap::default(),
            rows: Vec::new(),
            now: 0,
        }
    }

    /// Sets `scores` (one per class) from the current weights.
    pub(crate) fn scores(&self, features: &[u64], scores: &mut Vec<f32>) {
        scores.clear();
        scores.resize(self.n_classes, 0.0);
        for f in features {
            if let Some(&row) = self.index.get(f) {
                for p in &self.rows[row as usize] {
                    scores[p.class as usize] += p.weight as f32;
                }
            }
        }
    }

    /// Counts one training instance (the averaging's clock).
    pub(crate) fn tick(&mut self) {
        self.now += 1;
    }

    /// Moves the weights of `features` toward `truth` and away from `guess`.
    pub(crate) fn update(&mut self, truth: usize, guess: usize, features: &[u64]) {
        if truth == guess {
            return;
        }
        for &f in features {
            let next = self.rows.len() as u32;
            let row = *self.index.entry(f).or_insert(next);
            if row == next {
                self.rows.push(Vec::new());
            }
            let row = &mut self.rows[row as usize];
            for (class, delta) in [(truth, 1), (guess, -1)] {
                let now = self.now;
                let p = match row.iter().position(|p| p.class as usize == class) {
                    Some(i) => &mut row[i],
                    None => {
                        row.push(Param {
                            class: class as u16,
                            weight: 0,
                            stamp: now,
                            total: 0,
                        });
                        row.last_mut().unwrap()
                    }
                };
                p.total += i64::from(now - p.stamp) * i64::from(p.weight);
                p.stamp = now;
                p.weight += delta;
            }
        }
    }

    /// The averaged weights, without those whose magnitude is below `min_weight`.
    pub(crate) fn freeze(&self, min_weight: f32) -> Weights {
        let now = f64::from(self.now.max(1));
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(&k, &v)| (k, v)).collect();
        keys.sort_unstable();
        let mut rows = Vec::with_capacity(keys.len());
        for (key, row) in keys {
            let mut params: Vec<(u8, f32)> = Vec::new();
            for p in &self.rows[row as usize] {
                let total = p.total + i64::from(self.now - p.stamp) * i64::from(p.weight);
                let avg = (total as f64 / now) as f32;
                if avg.abs() >= min_weight {
                    params.push((p.class as u8, avg));
                }
            }
            if !params.is_empty() {
                params.sort_unstable_by_key(|p| p.0);
                rows.push((key, params));
            }
        }
        Weights::build(self.n_classes, rows)
    }
}

#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// One class's weight of a feature; class and weight side by side, so a feature's row is one
/// cache miss rather than two.
#[derive(Clone, Copy)]
struct Entry {
    class: u32,
    value: f32,
}

/// Frozen averaged weights.
pub(crate) struct Weights {
    n_classes: usize,
    mask: usize,
    slots: Vec<Slot>,
    entries: Vec<Entry>,
    /// The features in key order, for writing.
    order: Vec<u32>,
}

impl Weights {
    fn build(n_classes: usize, rows: Vec<(u64, Vec<(u8, f32)>)>) -> Weights {
        let capacity = (rows.len() * 2).next_power_of_two().max(16);
        let mut w = Weights {
            n_classes,
            mask: capacity - 1,
            slots: vec![Slot::default(); capacity],
            entries: Vec::new(),
            order: Vec::with_capacity(rows.len()),
        };
        for (key, params) in rows {
            if key == 0 {
                continue; // 0 marks an empty slot
            }
            let start = w.entries.len() as u32;
            for (c, v) in params {
                w.entries.push(Entry {
                    class: u32::from(c),
                    value: v,
                });
            }
            let mut i = key as usize & w.mask;
            while w.slots[i].key != 0 {
                i = (i + 1) & w.mask;
            }
            w.slots[i] = Slot {
                key,
                start,
                len: w.entries.len() as u32 - start,
            };
            w.order.push(i as u32);
        }
        w
    }

    /// The number of classes.
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Adds the weights of `features` into `scores` (one per class, not cleared).
    ///
    /// The table is larger than the CPU's caches, so nearly every probe misses, twice (the
    /// slot, then the row). The work goes in three passes over a chunk of features so that
    /// the misses overlap instead of following one another: prefetch every slot; read the
    /// slots and prefetch every row; add the rows.
    #[inline]
    pub(crate) fn add_scores(&self, features: &[u64], scores: &mut [f32]) {
        const CHUNK: usize = 48;
        let mut rows = [(0u32, 0u32); CHUNK];
        for chunk in features.chunks(CHUNK) {
            for &f in chunk {
                crate::prefetch(&self.slots[f as usize & self.mask]);
            }
            let mut found = 0;
            for &f in chunk {
                let mut i = f as usize & self.mask;
                loop {
                    let slot = self.slots[i];
                    if slot.key == f {
                        if slot.len > 0 {
                            crate::prefetch(&self.entries[slot.start as usize]);
                            rows[found] = (slot.start, slot.len);
                            found += 1;
                        }
                        break;
                    }
                    if slot.key == 0 {
                        break;
                    }
                    i = (i + 1) & self.mask;
                }
            }
            for &(start, len) in &rows[..found] {
                for e in &self.entries[start as usize..(start + len) as usize] {
                    scores[e.class as usize] += e.value;
                }
            }
        }
    }

    /// The number of (feature, class) weights kept.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Writes the weights: features in key order, each with its classes and values. Values
    /// are stored as `i16` steps of `max |w| / 32767`: half the bytes of `f32`.
    pub(crate) fn write(&self, out: &mut Writer) {
        out.u32(self.n_classes as u32);
        out.u64(self.order.len() as u64);
        let max = self.entries.iter().fold(0f32, |m, e| m.max(e.value.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        out.f32(scale);
        for &i in &self.order {
            let slot = self.slots[i as usize];
            out.u64(slot.key);
            out.u16(slot.len as u16);
            for e in &self.entries[slot.start as usize..(slot.start + slot.len) as usize] {
                out.u8(e.class as u8);
                out.u16((e.value / scale).round() as i16 as u16);
            }
        }
    }

    /// Reads what [`Weights::write`] wrote.
    pub(crate) fn read(input: &mut Reader) -> ReadResult<Weights> {
        let n_classes = input.u32()? as usize;
        if n_classes > 256 {
            return Err(format!("corrupt model file: {n_classes} classes"));
        }
        let n = input.count(10)?;
        let scale = f32::from_le_bytes(input.take(4)?.try_into().unwrap());
        let mut rows = Vec::with_capacity(n);
        for _ in 0..n {
            let key = input.u64()?;
            let len = input.u16()? as usize;
            let bytes = input.take(len * 3)?;
            let mut params = Vec::with_capacity(len);
            for p in bytes.chunks_exact(3) {
                if p[0] as usize >= n_classes {
                    return Err(format!("corrupt model file: class {} of {n_classes}", p[0]));
                }
                let q = i16::from_le_bytes([p[1], p[2]]);
                params.push((p[0], f32::from(q) * scale));
            }
            rows.push((key, params));
        }
        Ok(Weights::build(n_classes, rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_rule_and_survives_writing() {
        let mut t = Trainer::new(2);
        let mut scores = Vec::new();
        for _ in 0..5 {
            for (features, truth) in [(vec![1u64, 10], 0), (vec![2u64, 10], 1)] {
                t.scores(&features, &mut scores);
                let guess = if scores[1] > scores[0] { 1 } else { 0 };
                t.tick();
                t.update(truth, guess, &features);
            }
        }
        let w = t.freeze(0.0);
        let mut out = Writer::default();
        w.write(&mut out);
        let back = Weights::read(&mut Reader::new(&out.bytes)).unwrap();
        for (f, truth) in [(1u64, 0usize), (2, 1)] {
            let mut s = [0f32; 2];
            back.add_scores(&[f, 10], &mut s);
            assert!(s[truth] > s[1 - truth], "{s:?}");
        }
    }
}
