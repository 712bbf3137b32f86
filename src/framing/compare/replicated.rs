//! A comparison's replicates of one group on each side, read replicate by replicate: held
//! (a side's sums added up beforehand) or summed as they are read (a side of a few
//! documents), and the differences of every measure in one pass over them.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::sums::{side_documents, Key, Sums, SIDE_CHUNK};
use crate::analyses::compare::{Comparison, Side};
use crate::error::Result;
use crate::stats::bootstrap::{interval_of, ratio_at, Ratio};

/// Sides that add at most this many documents between them (their own, or those the
/// corpus total leaves out) are summed as they are read: each document against the rest,
/// even with the other documents of its work left out of the rest. Larger sides are added
/// up beforehand, a few documents at a time: either way no more documents' sums are held
/// at once than `Source::side` holds.
pub(super) const SUMMED_DOCUMENTS: usize = SIDE_CHUNK;

/// Where a measure's replicate values come from, for one group on one side.
pub(super) enum SideGroup<'a> {
    /// The side's sums, added up beforehand: `width` per replicate, and the replicates'
    /// sizes.
    Held {
        replicates: &'a [f64],
        sizes: &'a [f64],
    },
    /// The corpus total's sums (if the side is the total minus some documents) and the
    /// documents', added with `sign` in the order a side is added up (see `Source::side`),
    /// so each replicate's sums are the same floats; `sizes` as for `Held`.
    Summed {
        base: Option<&'a [f64]>,
        sign: f64,
        documents: Vec<&'a [f64]>,
        sizes: &'a [f64],
    },
}

impl SideGroup<'_> {
    /// Replicate `b`'s `width` sums, from the held sums or added up into `buffer`.
    fn row<'s>(&'s self, b: usize, width: usize, buffer: &'s mut [f64]) -> &'s [f64] {
        let at = b * width..(b + 1) * width;
        match self {
            SideGroup::Held { replicates, .. } => &replicates[at],
            SideGroup::Summed {
                base,
                sign,
                documents,
                ..
            } => {
                match base {
                    Some(base) => buffer.copy_from_slice(&base[at.clone()]),
                    None => buffer.fill(0.0),
                }
                for document in documents {
                    for (x, y) in buffer.iter_mut().zip(&document[at.clone()]) {
                        *x += sign * y;
                    }
                }
                buffer
            }
        }
    }

    fn sizes(&self) -> &[f64] {
        match self {
            SideGroup::Held { sizes, .. } | SideGroup::Summed { sizes, .. } => sizes,
        }
    }
}

/// Both sides of a comparison summed as they are read: the documents' sums, and per side
/// its documents, its sign and its replicates' sizes.
pub(super) struct SummedSides<'a> {
    total: &'a Sums,
    documents: BTreeMap<usize, Cow<'a, Sums>>,
    sides: [(Vec<usize>, f64, Vec<f64>); 2],
}

impl<'a> SummedSides<'a> {
    /// Comparison `c`'s sides of `n` documents, if they add at most `limit` documents
    /// between them ([`SUMMED_DOCUMENTS`] but in tests), with the documents' sums from
    /// `sums_of`.
    pub(super) fn new(
        n: usize,
        c: &Comparison,
        total: &'a Sums,
        sums_of: &dyn Fn(usize) -> Result<Cow<'a, Sums>>,
        limit: usize,
    ) -> Result<Option<SummedSides<'a>>> {
        let taken = |side: &Side| side_documents(n, side);
        let (target, reference) = (taken(&c.target), taken(&c.reference));
        let wanted: BTreeSet<usize> = target.0.iter().chain(&reference.0).copied().collect();
        if wanted.len() > limit {
            return Ok(None);
        }
        let documents = (wanted.into_iter())
            .map(|d| Ok((d, sums_of(d)?)))
            .collect::<Result<BTreeMap<_, _>>>()?;
        // The sizes as `Source::side` adds them: from the total's or 0, document by document.
        let sizes = |(docs, sign): &(Vec<usize>, f64)| {
            let mut sizes = if *sign > 0.0 {
                vec![0.0; total.sizes.len()]
            } else {
                total.sizes.clone()
            };
            for d in docs {
                for (x, y) in sizes.iter_mut().zip(&documents[d].sizes) {
                    *x += sign * y;
                }
            }
            sizes
        };
        let (t, r) = (sizes(&target), sizes(&reference));
        Ok(Some(SummedSides {
            total,
            sides: [(target.0, target.1, t), (reference.0, reference.1, r)],
            documents,
        }))
    }

    /// Group `key` on side `s` (0 target, 1 reference).
    pub(super) fn group(&self, s: usize, key: &Key) -> SideGroup<'_> {
        let (docs, sign, sizes) = &self.sides[s];
        SideGroup::Summed {
            base: (*sign < 0.0).then(|| self.total.groups[key].replicates.as_slice()),
            sign: *sign,
            documents: (docs.iter())
                .filter_map(|d| Some(self.documents[d].groups.get(key)?.replicates.as_slice()))
                .collect(),
            sizes,
        }
    }
}

/// A measure's difference over the replicates: the 2.5% and 97.5% quantiles, how many
/// replicates defined it, and the bootstrap p-value of no difference.
pub(super) type Difference = (f64, f64, usize, f64);

/// No interval, no replicate, no p-value: a difference below the minimum evidence.
pub(super) const NO_DIFFERENCE: Difference = (f64::NAN, f64::NAN, 0, f64::NAN);

/// Per ratio, where `enough` says so, the 2.5% and 97.5% quantiles of the replicates'
/// differences (target minus reference) with how many were defined and the bootstrap
/// p-value of no difference; elsewhere [`NO_DIFFERENCE`]. One pass over the replicates
/// serves every measure; each measure's differences stay in replicate order.
pub(super) fn differences(
    sides: [SideGroup<'_>; 2],
    ratios: &[Ratio],
    width: usize,
    enough: &[bool],
) -> Vec<Difference> {
    let wanted: Vec<usize> = (0..ratios.len()).filter(|&k| enough[k]).collect();
    let b = sides[0].sizes().len().max(1);
    let mut d = vec![0.0; wanted.len() * b];
    let mut defined = vec![0; wanted.len()];
    let (mut t_buffer, mut r_buffer) = (vec![0.0; width], vec![0.0; width]);
    let [target, reference] = &sides;
    for (rep, (&t_size, &r_size)) in target.sizes().iter().zip(reference.sizes()).enumerate() {
        let t = target.row(rep, width, &mut t_buffer);
        let r = reference.row(rep, width, &mut r_buffer);
        for ((&k, column), n) in wanted.iter().zip(d.chunks_exact_mut(b)).zip(&mut defined) {
            // Kept when both sides are defined; written either way, with no branch on a
            // coin toss.
            column[*n] = ratio_at(t, t_size, &ratios[k]) - ratio_at(r, r_size, &ratios[k]);
            *n += column[*n].is_finite() as usize;
        }
    }
    let mut out = vec![NO_DIFFERENCE; ratios.len()];
    for ((&k, column), &n) in wanted.iter().zip(d.chunks_exact_mut(b)).zip(&defined) {
        let column = &mut column[..n];
        let p = super::bootstrap_p_value(column);
        let (low, high) = interval_of(column, 0.025, 0.975);
        out[k] = (low, high, n, p);
    }
    out
}
