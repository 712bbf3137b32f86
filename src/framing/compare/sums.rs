//! A comparison's sides as sums: each document's (from its resampling), a side's (its
//! documents added up, or the corpus total minus the others'), per (faction, voice) group.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::analyses::compare::{Comparison, Side};
use crate::error::Result;
use crate::framing::summary::Resampled;

/// A (faction, voice) group.
pub(super) type Key = (usize, usize);

/// One group's sums on a side: the data's `width` sums and each replicate's
/// (`replicate * width + j`; empty in sums of the data alone).
#[derive(Debug, Clone)]
pub(super) struct GroupSums {
    pub(super) data: Vec<f64>,
    pub(super) replicates: Vec<f64>,
}

impl GroupSums {
    /// Adds (`sign` 1) or subtracts (`sign` -1) another's sums, float by float.
    fn add(&mut self, other: &GroupSums, sign: f64) {
        for (x, y) in self.data.iter_mut().zip(&other.data) {
            *x += sign * y;
        }
        for (x, y) in self.replicates.iter_mut().zip(&other.replicates) {
            *x += sign * y;
        }
    }
}

/// A document's or a side's sums: per group, and the sizes (tokens) of the data and of each
/// replicate (no replicate in sums of the data alone).
#[derive(Debug, Clone)]
pub(super) struct Sums {
    pub(super) groups: BTreeMap<Key, GroupSums>,
    pub(super) size: f64,
    pub(super) sizes: Vec<f64>,
}

impl Sums {
    /// Bytes of the floats held.
    pub(super) fn bytes(&self) -> usize {
        let floats: usize = self
            .groups
            .values()
            .map(|g| g.data.len() + g.replicates.len())
            .sum();
        8 * (self.sizes.len() + floats)
    }

    /// No group, `b` replicates.
    pub(super) fn empty(b: usize) -> Sums {
        Sums {
            groups: BTreeMap::new(),
            size: 0.0,
            sizes: vec![0.0; b],
        }
    }

    /// A document's sums, from its resampling: of the groups in `keys` only (all without),
    /// so the replicates of groups no comparison tests are not copied.
    pub(super) fn of(r: &Resampled, keys: Option<&BTreeSet<Key>>) -> Sums {
        let reps = &r.replicates;
        let taken: Vec<(usize, &Key)> = (r.keys.iter().enumerate())
            .filter(|(_, key)| keys.is_none_or(|k| k.contains(key)))
            .collect();
        // Group by group in parallel: a document's replicates are tens of megabytes.
        let groups = (taken.into_par_iter())
            .map(|(g, key)| {
                let mut replicates = Vec::with_capacity(reps.replicates * reps.width);
                for run in reps.runs_of(g) {
                    replicates.extend_from_slice(run);
                }
                let data = r.groups.sums(g).to_vec();
                (*key, GroupSums { data, replicates })
            })
            .collect();
        Sums {
            groups,
            size: r.size,
            sizes: reps.totals.clone(),
        }
    }

    /// Adds a document's sums from its resampling: the same floats as adding
    /// [`Sums::of`]'s, without copying its replicates first.
    pub(super) fn add_resampled(&mut self, r: &Resampled, width: usize) {
        let reps = &r.replicates;
        self.size += r.size;
        for (s, o) in self.sizes.iter_mut().zip(&reps.totals) {
            *s += o;
        }
        let b = self.sizes.len();
        for key in &r.keys {
            self.groups.entry(*key).or_insert_with(|| GroupSums {
                data: vec![0.0; width],
                replicates: vec![0.0; b * width],
            });
        }
        // Each group's floats get the same additions in any order of the groups, so they
        // are added group by group in parallel.
        let of: BTreeMap<Key, usize> = (r.keys.iter().enumerate())
            .map(|(g, key)| (*key, g))
            .collect();
        let mine: Vec<(usize, &mut GroupSums)> = (self.groups.iter_mut())
            .filter_map(|(key, mine)| Some((*of.get(key)?, mine)))
            .collect();
        mine.into_par_iter().for_each(|(g, mine)| {
            for (x, y) in mine.data.iter_mut().zip(r.groups.sums(g)) {
                *x += y;
            }
            let mut at = 0;
            for run in reps.runs_of(g) {
                for (x, y) in mine.replicates[at..at + run.len()].iter_mut().zip(run) {
                    *x += y;
                }
                at += run.len();
            }
        });
    }

    /// A document's sums of the data alone: what a comparison's estimates and `n` take,
    /// and what decides whether it needs the replicates at all.
    pub(super) fn data_of(r: &Resampled) -> Sums {
        let groups = (r.keys.iter().enumerate())
            .map(|(g, key)| {
                let data = r.groups.sums(g).to_vec();
                let replicates = Vec::new();
                (*key, GroupSums { data, replicates })
            })
            .collect();
        Sums {
            groups,
            size: r.size,
            sizes: Vec::new(),
        }
    }

    /// The same sums without the replicates.
    pub(super) fn data_only(&self) -> Sums {
        let groups = (self.groups.iter())
            .map(|(key, g)| {
                let data = g.data.clone();
                (
                    *key,
                    GroupSums {
                        data,
                        replicates: Vec::new(),
                    },
                )
            })
            .collect();
        Sums {
            groups,
            size: self.size,
            sizes: Vec::new(),
        }
    }
}

/// The documents a side's sums are made of, with the sign they are added with: its own
/// (+1), or, when it holds most of the corpus, the others (-1), taken from the total.
pub(super) fn side_documents(n: usize, side: &Side) -> (Vec<usize>, f64) {
    if side.documents.len() * 2 <= n {
        (side.documents.clone(), 1.0)
    } else {
        // A mask, not `contains`: comparing each of D documents with the rest stays O(D) each.
        let mut member = vec![false; n];
        for &d in &side.documents {
            member[d] = true;
        }
        ((0..n).filter(|&d| !member[d]).collect(), -1.0)
    }
}

/// Documents whose sums a side adds together (see `Source::side`): those not kept are
/// resampled and held at the same time.
pub(super) const SIDE_CHUNK: usize = 8;

/// Where a document's sums come from: kept, or resampled when asked.
pub(super) type SumsOf<'a, 'b> = dyn Fn(usize) -> Result<Cow<'a, Sums>> + 'b;

/// What a side's sums are made from: `n` documents' sums (`sums_of`), each of `width`
/// values a group, and the corpus total.
pub(super) struct Source<'s, 'a, 'b> {
    pub(super) n: usize,
    pub(super) sums_of: &'s SumsOf<'a, 'b>,
    pub(super) total: &'s Sums,
    pub(super) width: usize,
}

impl Source<'_, '_, '_> {
    /// A side's sums of the groups in `keys` (all without): its documents' added, or the
    /// total minus the other documents'.
    fn side(&self, side: &Side, keys: Option<&BTreeSet<Key>>) -> Result<Sums> {
        let total = self.total;
        let (documents, sign) = side_documents(self.n, side);
        let wanted = |key: &Key| keys.is_none_or(|k| k.contains(key));
        let mut s = if sign > 0.0 {
            Sums::empty(total.sizes.len())
        } else {
            // Only those groups of the total are copied, not the whole corpus's replicates.
            let groups = (total.groups.par_iter())
                .filter(|(key, _)| wanted(key))
                .map(|(key, g)| (*key, g.clone()))
                .collect();
            Sums {
                groups,
                size: total.size,
                sizes: total.sizes.clone(),
            }
        };
        let (b, width) = (s.sizes.len(), self.width);
        // A few documents at a time (those not kept are resampled, and held, for it), each
        // group then in parallel, adding its documents one after another: the same floats
        // as adding the documents' sums one at a time.
        for chunk in documents.chunks(SIDE_CHUNK) {
            let docs: Vec<Cow<'_, Sums>> = (chunk.iter())
                .map(|&d| (self.sums_of)(d))
                .collect::<Result<_>>()?;
            for other in &docs {
                s.size += sign * other.size;
                for (x, y) in s.sizes.iter_mut().zip(&other.sizes) {
                    *x += sign * y;
                }
                if sign > 0.0 {
                    for key in other.groups.keys().filter(|k| wanted(k)) {
                        s.groups.entry(*key).or_insert_with(|| GroupSums {
                            data: vec![0.0; width],
                            replicates: vec![0.0; b * width],
                        });
                    }
                }
            }
            let mine: Vec<(&Key, &mut GroupSums)> = s.groups.iter_mut().collect();
            mine.into_par_iter().for_each(|(key, mine)| {
                for other in &docs {
                    if let Some(g) = other.groups.get(key) {
                        mine.add(g, sign);
                    }
                }
            });
        }
        // A group subtracted to nothing (no mention left) is not on this side (its
        // mentions only fall as documents are subtracted).
        if sign < 0.0 {
            s.groups.retain(|_, g| g.data[0] > 0.5);
        }
        Ok(s)
    }

    /// Both sides' sums of comparison `c` (target, reference), of the groups in `keys`;
    /// without `keys`, the side made of its own documents first, and the other of the
    /// groups it has.
    pub(super) fn sides(
        &self,
        c: &Comparison,
        keys: Option<&BTreeSet<Key>>,
    ) -> Result<(Sums, Sums)> {
        let target_first = side_documents(self.n, &c.target).1 > 0.0;
        let (first, second) = if target_first {
            (&c.target, &c.reference)
        } else {
            (&c.reference, &c.target)
        };
        let a = self.side(first, keys)?;
        let b = match keys {
            Some(keys) => self.side(second, Some(keys))?,
            None => {
                let theirs: BTreeSet<Key> = a.groups.keys().copied().collect();
                self.side(second, Some(&theirs))?
            }
        };
        Ok(if target_first { (a, b) } else { (b, a) })
    }
}
