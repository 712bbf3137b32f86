//! Cluster bootstrap confidence intervals for ratio statistics.
//!
//! Takes, for one document, the size of every paragraph (its tokens) and, for each group
//! (say a faction in the narrator's voice), sums per paragraph (mentions, summed valence,
//! summed dimension scores ...); gives each ratio statistic (mean valence = summed valence /
//! mentions; rate = mentions / tokens) with a percentile confidence interval.
//!
//! **Method.** Mentions in one paragraph are not independent (one passage about Kerensky
//! yields several mentions framed alike), so the paragraph is the resampling unit: a *cluster
//! bootstrap* (Davison & Hinkley 1997, sect. 3.8; Field & Welsh 2007). Each replicate draws
//! `n` paragraphs with replacement from the document's `n` paragraphs; a ratio statistic is
//! recomputed as `sum(num) / sum(den)` over the drawn paragraphs (the ratio estimator, so a
//! paragraph with many mentions weighs more). A replicate whose denominator is 0 (no mention
//! of the group drawn) is undefined and left out; `replicates` says how many remained. The
//! interval is the percentile interval: the 2.5% and 97.5% quantiles of the replicates,
//! interpolated linearly between order statistics (Hyndman & Fan 1996 type 7, R's and
//! NumPy's default).
//!
//! **Drawing.** A replicate's draws are generated in a cheaper way with exactly the same
//! distribution as `n` draws with replacement (the multinomial of `n` draws over `n`
//! equally likely paragraphs). Only the *valued* paragraphs, the `m` with a non-zero value
//! in some group, need their own counts; the others only add their size. So
//! `K ~ Binomial(n, m / n)` of the draws land among the valued paragraphs, each uniformly
//! among them (the multinomial given `K`); of the other `n - K`, only the total size is
//! needed, and with `h_s` other paragraphs of size `s`, the numbers of draws of each size
//! are multinomial too, drawn as sequential conditional binomials: `X_s ~ Binomial(draws
//! left, h_s / other paragraphs left)` (the conditional method, Devroye 1986, ch. XI;
//! Davis 1993). The `K` draws among the valued paragraphs are spread the same way: the
//! valued paragraphs are cut into blocks of 4,096, a block's share is a conditional binomial
//! (`Binomial(draws left, block size / valued paragraphs left)`), and its draws are uniform
//! within it, so each block's counts are filled while they sit in the cache. The cost per
//! replicate is `O(m + distinct sizes)` instead of `O(n)`.
//! Binomials come from `rand_distr`'s exact sampler (BTPE, Kachitvichyanukul & Schmeiser
//! 1988, and inversion for small means); the only departure from the exact law is the
//! rounding of the probabilities to `f64`.
//!
//! **Determinism.** Replicate `b` draws from its own generator, SplitMix64 (Steele, Lea &
//! Flood 2014) seeded from `(seed, b)`, and each sum runs in paragraph order, so results
//! are identical at any thread count and depend only on the seed. An index in a whole
//! block is 12 bits of an output (five per output), exactly uniform; in the last, shorter
//! block it comes from a 32-bit half of an output, multiplied by the block's size and
//! shifted, with Lemire's (2019) rejection, which makes it exactly uniform too. All groups of a
//! document share the replicates' draws, so their intervals are computed on the same
//! resampled documents.

use std::convert::Infallible;

use rand_core::TryRng;
use rand_distr::{Binomial, Distribution};
use rayon::prelude::*;

/// The default number of replicates.
pub const DEFAULT_REPLICATES: usize = 2000;

/// The default seed.
pub const DEFAULT_SEED: u64 = 20_171_107;

/// What a ratio's denominator is.
///
/// ```
/// use corpus_lens::bootstrap::{Denominator, Ratio};
/// // Mean valence per mention: value 1 (summed valence) over value 0 (mentions).
/// let mean = Ratio { numerator: 1, denominator: Denominator::Value(0), scale: 1.0 };
/// // Mentions per 10,000 tokens: value 0 over the paragraphs' sizes.
/// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 10_000.0 };
/// assert_ne!(mean.denominator, rate.denominator);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denominator {
    /// One of the group's values, by index.
    Value(usize),
    /// The paragraphs' sizes (tokens), the same for every group.
    Size,
}

/// A ratio statistic: `sum(values[numerator]) / sum(denominator)` over paragraphs, times
/// `scale`.
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, Denominator, Group, Ratio};
/// // Mentions per 10,000 tokens: 3 mentions in two 100-token paragraphs.
/// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 10_000.0 };
/// let group = Group { paragraphs: vec![0], values: vec![3.0], ..Default::default() };
/// let out = Bootstrap { replicates: 100, seed: 7 }.ratios(&[100.0, 100.0], &[group], 1, &[rate]);
/// assert_eq!(out[0][0].estimate, 150.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratio {
    /// Index of the numerator among the group's values.
    pub numerator: usize,
    /// The denominator.
    pub denominator: Denominator,
    /// Factor applied to the ratio (10,000 for a rate per 10,000 tokens).
    pub scale: f64,
}

/// One group's sums, only for the paragraphs where it has any: paragraph `paragraphs[i]`
/// has values `values[i * width .. (i + 1) * width]`. Paragraphs ascend.
///
/// A group may instead be the union of other groups (`parts`, indices of earlier groups
/// in the same call, such as "all voices" = narrator + quoted): its replicates then add the
/// parts' sums, which is the same as resampling its own values and cheaper. Its own
/// `paragraphs` and `values` still give the estimate.
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, Denominator, Group, Ratio};
/// // Mentions (value 0) in the narrator's voice and in quotations, and both together.
/// let narrator = Group { paragraphs: vec![0, 1], values: vec![2.0, 1.0], ..Default::default() };
/// let quoted = Group { paragraphs: vec![1], values: vec![4.0], ..Default::default() };
/// let all = Group {
///     paragraphs: vec![0, 1],
///     values: vec![2.0, 5.0],
///     parts: vec![0, 1], // resampled as narrator + quoted
/// };
/// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 1.0 };
/// let boot = Bootstrap { replicates: 200, seed: 3 };
/// let out = boot.ratios(&[10.0, 10.0], &[narrator, quoted, all], 1, &[rate]);
/// assert_eq!([out[0][0].estimate, out[1][0].estimate, out[2][0].estimate], [0.15, 0.2, 0.35]);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    /// Paragraph indices, ascending.
    pub paragraphs: Vec<u32>,
    /// `width` values per listed paragraph.
    pub values: Vec<f64>,
    /// Groups whose union this group is (empty for a group of its own).
    pub parts: Vec<usize>,
}

/// Replicates computed together (one pass over the values serves them all; 16 make a
/// paragraph's weights one 16-byte row and halve the passes of 8).
const LANES: usize = 16;

/// Valued paragraphs whose counts are moved into weights together (see `Entries::sums`).
const TILE: usize = 16;

/// log2 of the valued paragraphs in one block of the draws (see `Draws::spread`): 12 bits
/// make five indices per 64-bit output and 4 KiB of counts per block.
const BLOCK_BITS: u32 = 12;

/// Groups in the compact form the resampling works on: per group its parts, its sums over
/// all its paragraphs (the estimate's) and how many paragraphs it has values in; and, for
/// the groups with parts of none, only their non-zero values, paragraph by paragraph: valued
/// paragraph `k` (`paragraphs[k]`) has the next `lens[k]` entries, each a value and its slot
/// `group * width + column`, slots ascending. The *valued* paragraphs are those with any
/// value (the others only add their size to a replicate).
///
/// Built from [`Group`]s ([`SparseGroups::from_groups`]) or a paragraph at a time
/// ([`SparseGroups::push_paragraph`]) without the groups' dense rows, which take `width`
/// floats per group and paragraph.
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, Denominator, Group, Ratio, SparseGroups};
/// let narrator = Group { paragraphs: vec![0, 1], values: vec![2.0, 1.0], ..Default::default() };
/// let quoted = Group { paragraphs: vec![1], values: vec![4.0], ..Default::default() };
/// let all = Group { paragraphs: vec![0, 1], values: vec![2.0, 5.0], parts: vec![0, 1] };
/// let dense = SparseGroups::from_groups(&[narrator, quoted, all], 1);
/// // The same groups, a paragraph at a time: (group, its values in the paragraph).
/// let mut sparse = SparseGroups::new(1, vec![vec![], vec![], vec![0, 1]]);
/// sparse.push_paragraph(0, &[(0, &[2.0][..]), (2, &[2.0][..])]);
/// sparse.push_paragraph(1, &[(0, &[1.0][..]), (1, &[4.0][..]), (2, &[5.0][..])]);
/// assert_eq!(sparse, dense);
/// assert_eq!((sparse.sums(2), sparse.paragraphs(2)), (&[7.0][..], 2));
/// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 1.0 };
/// let boot = Bootstrap { replicates: 50, seed: 3 };
/// assert_eq!(boot.ratios_sparse(&[10.0, 10.0], &sparse, &[rate])[2][0].estimate, 0.35);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseGroups {
    width: usize,
    parts: Vec<Vec<usize>>,
    /// `width` sums per group.
    data: Vec<f64>,
    /// Paragraphs with values, per group.
    counts: Vec<u64>,
    paragraphs: Vec<u32>,
    /// Each valued paragraph's entries and their slots.
    slots: Slots,
    values: Vec<f64>,
    /// Scratch for [`SparseGroups::push_paragraph`].
    scratch: Vec<(u32, f64)>,
}

impl SparseGroups {
    /// No values yet, for groups with these parts (one entry per group; empty for a
    /// group of its own) and `width` values per paragraph.
    ///
    /// ```
    /// let g = corpus_lens::bootstrap::SparseGroups::new(3, vec![vec![]; 2]);
    /// assert_eq!((g.groups(), g.width()), (2, 3));
    /// ```
    pub fn new(width: usize, parts: Vec<Vec<usize>>) -> SparseGroups {
        let groups = parts.len();
        SparseGroups {
            width,
            parts,
            data: vec![0.0; groups * width],
            counts: vec![0; groups],
            slots: Slots::for_stride(groups * width),
            ..Default::default()
        }
    }

    /// The same groups as [`Group`]s give (see the type's example).
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Group, SparseGroups};
    /// // Two values per paragraph: the second value of paragraph 4 is 0, so not stored.
    /// let group = Group { paragraphs: vec![1, 4], values: vec![1.0, 0.5, 2.0, 0.0], ..Default::default() };
    /// let sparse = SparseGroups::from_groups(&[group], 2);
    /// assert_eq!((sparse.groups(), sparse.width()), (1, 2));
    /// assert_eq!((sparse.sums(0), sparse.paragraphs(0)), (&[3.0, 0.5][..], 2));
    /// ```
    pub fn from_groups(groups: &[Group], width: usize) -> SparseGroups {
        let mut out = SparseGroups::new(width, groups.iter().map(|g| g.parts.clone()).collect());
        let mut all: Vec<(u32, u32, f64)> = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            let sums = &mut out.data[g * width..(g + 1) * width];
            for row in group.values.chunks(width) {
                for (s, v) in sums.iter_mut().zip(row) {
                    *s += 1.0 * v;
                }
            }
            out.counts[g] = group.paragraphs.len() as u64;
            if !group.parts.is_empty() {
                continue;
            }
            for (&p, row) in group.paragraphs.iter().zip(group.values.chunks(width)) {
                for (j, &v) in row.iter().enumerate() {
                    if v != 0.0 {
                        all.push((p, (g * width + j) as u32, v));
                    }
                }
            }
        }
        // Stable: within a slot, values stay in paragraph order.
        all.sort_by_key(|&(p, slot, _)| (p, slot));
        let paragraphs = all.chunk_by(|a, b| a.0 == b.0).count();
        out.reserve_exact(paragraphs, all.len());
        for entries in all.chunk_by(|a, b| a.0 == b.0) {
            out.paragraphs.push(entries[0].0);
            out.slots.push(entries.len(), entries.iter().map(|e| e.1));
            out.values.extend(entries.iter().map(|e| e.2));
        }
        out
    }

    /// Reserves room for exactly this many more valued paragraphs and entries (values
    /// other than 0 of groups without parts), so that building by
    /// [`SparseGroups::push_paragraph`] never copies the vectors to grow them.
    ///
    /// ```
    /// let mut g = corpus_lens::bootstrap::SparseGroups::new(1, vec![vec![]]);
    /// g.reserve_exact(1, 1);
    /// g.push_paragraph(0, &[(0, &[2.0][..])]);
    /// assert_eq!(g.sums(0), [2.0]);
    /// ```
    pub fn reserve_exact(&mut self, paragraphs: usize, entries: usize) {
        self.paragraphs.reserve_exact(paragraphs);
        self.slots.reserve_exact(paragraphs, entries);
        self.values.reserve_exact(entries);
    }

    /// Adds paragraph `p`'s values: `(group, its width values)` for each group with values
    /// in it, each group once. Paragraphs must come in ascending order.
    ///
    /// ```
    /// use corpus_lens::bootstrap::SparseGroups;
    /// let mut g = SparseGroups::new(2, vec![vec![], vec![]]);
    /// g.push_paragraph(3, &[(0, &[1.0, -0.5][..]), (1, &[2.0, 0.0][..])]);
    /// g.push_paragraph(7, &[(1, &[1.0, 0.25][..])]);
    /// assert_eq!((g.sums(0), g.paragraphs(0)), (&[1.0, -0.5][..], 1));
    /// assert_eq!((g.sums(1), g.paragraphs(1)), (&[3.0, 0.25][..], 2));
    /// ```
    pub fn push_paragraph(&mut self, p: u32, rows: &[(usize, &[f64])]) {
        self.scratch.clear();
        for &(g, row) in rows {
            self.add_row(g, row);
        }
        self.finish_paragraph(p);
    }

    /// [`SparseGroups::push_paragraph`] with the rows of `groups` taken from `rows`, which
    /// holds each group's at `g * width` (no list of slices to build per paragraph).
    pub(crate) fn push_paragraph_rows(&mut self, p: u32, groups: &[usize], rows: &[f64]) {
        let width = self.width;
        self.scratch.clear();
        for &g in groups {
            self.add_row(g, &rows[g * width..(g + 1) * width]);
        }
        self.finish_paragraph(p);
    }

    /// Adds group `g`'s row of the current paragraph to its sums and, for a group without
    /// parts, its values other than 0 to the paragraph's entries.
    fn add_row(&mut self, g: usize, row: &[f64]) {
        let width = self.width;
        self.counts[g] += 1;
        let sums = &mut self.data[g * width..(g + 1) * width];
        for (s, v) in sums.iter_mut().zip(row) {
            *s += 1.0 * v;
        }
        if !self.parts[g].is_empty() {
            return;
        }
        for (j, &v) in row.iter().enumerate() {
            if v != 0.0 {
                self.scratch.push(((g * width + j) as u32, v));
            }
        }
    }

    /// Stores the current paragraph's entries (if any) as paragraph `p`'s.
    fn finish_paragraph(&mut self, p: u32) {
        if self.scratch.is_empty() {
            return;
        }
        self.scratch.sort_by_key(|e| e.0);
        self.paragraphs.push(p);
        let entries = self.scratch.len();
        self.slots.push(entries, self.scratch.iter().map(|e| e.0));
        self.values.extend(self.scratch.iter().map(|e| e.1));
        self.scratch.clear();
    }

    /// Valued paragraphs and entries stored, with the room the entries' vectors have.
    #[cfg(test)]
    pub(crate) fn stored(&self) -> (usize, usize, usize) {
        let (len, capacity) = match &self.slots {
            Slots::Narrow(s) => (s.slots.len(), s.slots.capacity()),
            Slots::Wide(s) => (s.slots.len(), s.slots.capacity()),
        };
        (self.paragraphs.len(), len, capacity)
    }

    /// Number of groups.
    ///
    /// ```
    /// let g = corpus_lens::bootstrap::SparseGroups::new(4, vec![vec![], vec![], vec![0, 1]]);
    /// assert_eq!(g.groups(), 3);
    /// ```
    pub fn groups(&self) -> usize {
        self.parts.len()
    }

    /// Values per paragraph.
    ///
    /// ```
    /// let g = corpus_lens::bootstrap::SparseGroups::new(4, vec![vec![]]);
    /// assert_eq!(g.width(), 4);
    /// ```
    pub fn width(&self) -> usize {
        self.width
    }

    /// Group `g`'s sums over all its paragraphs.
    ///
    /// ```
    /// let mut g = corpus_lens::bootstrap::SparseGroups::new(2, vec![vec![]]);
    /// g.push_paragraph(0, &[(0, &[1.0, 0.5][..])]);
    /// g.push_paragraph(2, &[(0, &[2.0, -1.5][..])]);
    /// assert_eq!(g.sums(0), [3.0, -1.0]);
    /// ```
    pub fn sums(&self, g: usize) -> &[f64] {
        &self.data[g * self.width..(g + 1) * self.width]
    }

    /// Paragraphs in which group `g` has values.
    ///
    /// ```
    /// let mut g = corpus_lens::bootstrap::SparseGroups::new(1, vec![vec![], vec![]]);
    /// g.push_paragraph(0, &[(0, &[1.0][..])]);
    /// g.push_paragraph(5, &[(0, &[2.0][..]), (1, &[1.0][..])]);
    /// assert_eq!((g.paragraphs(0), g.paragraphs(1)), (2, 1));
    /// ```
    pub fn paragraphs(&self, g: usize) -> u64 {
        self.counts[g]
    }
}

/// Each valued paragraph's number of entries and each entry's slot (`group * width +
/// column`), both two bytes wide when every slot fits, as with any ordinary factions file
/// (178 groups of 16 values take 2,848 slots), and four bytes otherwise. At 1 GB there are
/// 11 million entries in 1.5 million valued paragraphs; counts rather than start offsets
/// need no more than a slot's width (a paragraph has at most one entry per slot).
#[derive(Debug, Clone, PartialEq)]
enum Slots {
    Narrow(SlotList<u16>),
    Wide(SlotList<u32>),
}

#[derive(Debug, Clone, Default, PartialEq)]
struct SlotList<S> {
    /// Entries per valued paragraph.
    lens: Vec<S>,
    /// Slot per entry.
    slots: Vec<S>,
}

impl Default for Slots {
    fn default() -> Slots {
        Slots::Narrow(SlotList::default())
    }
}

impl Slots {
    /// No slots yet, for slots below `stride`.
    fn for_stride(stride: usize) -> Slots {
        if stride <= 1 << 16 {
            Slots::Narrow(SlotList::default())
        } else {
            Slots::Wide(SlotList::default())
        }
    }

    /// Adds a valued paragraph with `len` entries in these slots, each below the stride the
    /// slots were made for.
    fn push(&mut self, len: usize, slots: impl Iterator<Item = u32>) {
        if len > u16::MAX as usize {
            // Only with every one of 65,536 slots in one paragraph, or a group given twice
            // in it: four-byte counts. (A paragraph's 2^32 entries would take 48 GB.)
            self.widen();
        }
        match self {
            Slots::Narrow(s) => {
                s.lens.push(len as u16);
                s.slots.extend(slots.map(|slot| slot as u16));
            }
            Slots::Wide(s) => {
                s.lens.push(len as u32);
                s.slots.extend(slots);
            }
        }
    }

    /// The same slots, four bytes wide.
    fn widen(&mut self) {
        if let Slots::Narrow(s) = self {
            let wide = |v: &[u16]| v.iter().map(|&x| x as u32).collect();
            *self = Slots::Wide(SlotList {
                lens: wide(&s.lens),
                slots: wide(&s.slots),
            });
        }
    }

    fn reserve_exact(&mut self, paragraphs: usize, entries: usize) {
        match self {
            Slots::Narrow(s) => {
                s.lens.reserve_exact(paragraphs);
                s.slots.reserve_exact(entries);
            }
            Slots::Wide(s) => {
                s.lens.reserve_exact(paragraphs);
                s.slots.reserve_exact(entries);
            }
        }
    }
}

/// A slot or a count as stored, in either width.
trait Slot: Copy {
    fn index(self) -> usize;
}

impl Slot for u16 {
    #[inline(always)]
    fn index(self) -> usize {
        self as usize
    }
}

impl Slot for u32 {
    #[inline(always)]
    fn index(self) -> usize {
        self as usize
    }
}

/// One slot's sums in LANES replicates, on a cache line boundary of its own (128 bytes, two
/// lines, where an unaligned row would touch three).
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Row([f64; LANES]);

/// A paragraph's size as the caller holds it: `f64`, or the `u32` token counts of a
/// document, which convert to `f64` exactly (so either gives the same sums, bit for bit,
/// without a copy of the sizes as `f64`).
pub(crate) trait Size: Copy + Into<f64> + Sync {}

impl Size for f64 {}

impl Size for u32 {}

/// A [`SparseGroups`]' valued paragraphs with the sizes of all paragraphs, for one
/// resampling. The valued paragraphs' sizes are looked up as they are added, not copied.
struct Entries<'a, Z> {
    groups: &'a SparseGroups,
    paragraphs: &'a [u32],
    sizes: &'a [Z],
    values: &'a [f64],
}

impl<'a, Z: Size> Entries<'a, Z> {
    fn new(groups: &'a SparseGroups, sizes: &'a [Z]) -> Entries<'a, Z> {
        Entries {
            groups,
            paragraphs: &groups.paragraphs,
            sizes,
            values: &groups.values,
        }
    }

    /// The weighted sums of every slot for LANES replicates, into `out` (replicate `lane`'s
    /// slot `s` at `out[lane * stride + s]`), with valued paragraph `k` weighted by its
    /// draws in replicate `lane`, `counts[lane * m + k]` (left zero), in paragraph order;
    /// groups with parts then add theirs. Returns each replicate's drawn valued paragraphs'
    /// total size. `sums` is scratch.
    ///
    /// The counts are read TILE paragraphs at a time, a TILE x LANES block of bytes moved
    /// into `weights[k][lane]` while it is hot, so no paragraph-by-lane copy of all `m`
    /// counts is ever written. Every sum (the slots' and the sizes') still adds its terms
    /// one paragraph at a time in paragraph order, so the results are the same bits as
    /// those of a pass over a full weights table.
    fn sums(&self, counts: &mut [u8], sums: &mut Vec<Row>, out: &mut [f64]) -> [f64; LANES] {
        // The slots' width is settled here, once, not per entry.
        match &self.groups.slots {
            Slots::Narrow(list) => self.sums_with(list, counts, sums, out),
            Slots::Wide(list) => self.sums_with(list, counts, sums, out),
        }
    }

    /// [`Entries::sums`] with the slots in their stored width.
    fn sums_with<S: Slot>(
        &self,
        list: &SlotList<S>,
        counts: &mut [u8],
        sums: &mut Vec<Row>,
        out: &mut [f64],
    ) -> [f64; LANES] {
        let m = self.paragraphs.len();
        let width = self.groups.width;
        let stride = self.groups.groups() * width;
        sums.clear();
        sums.resize(stride, Row([0.0; LANES]));
        let mut totals = [0.0; LANES];
        // The first entry of valued paragraph k.
        let mut first = 0;
        for k0 in (0..m).step_by(TILE) {
            let len = TILE.min(m - k0);
            let mut weights = [[0u8; LANES]; TILE];
            for lane in 0..LANES {
                let row = &mut counts[lane * m + k0..lane * m + k0 + len];
                let mut tile = [0u8; TILE];
                tile[..len].copy_from_slice(row);
                row.fill(0);
                for (w, c) in weights.iter_mut().zip(tile) {
                    w[lane] = c;
                }
            }
            for (j, w) in weights[..len].iter().enumerate() {
                let k = k0 + j;
                let w = w.map(|w| w as f64);
                let size: f64 = self.sizes[self.paragraphs[k] as usize].into();
                for (t, w) in totals.iter_mut().zip(&w) {
                    *t += w * size;
                }
                let end = first + list.lens[k].index();
                let entries = list.slots[first..end].iter().zip(&self.values[first..end]);
                for (slot, &v) in entries {
                    for (s, w) in sums[slot.index()].0.iter_mut().zip(&w) {
                        *s += w * v;
                    }
                }
                first = end;
            }
        }
        for (g, parts) in self.groups.parts.iter().enumerate() {
            for &part in parts {
                for j in 0..width {
                    let x = sums[part * width + j].0;
                    for (s, x) in sums[g * width + j].0.iter_mut().zip(x) {
                        *s += x;
                    }
                }
            }
        }
        for (lane, row) in out.chunks_mut(stride).enumerate() {
            for (o, s) in row.iter_mut().zip(sums.iter()) {
                *o = s.0[lane];
            }
        }
        totals
    }
}

/// How a replicate draws its `n` paragraphs: the multinomial of `n` draws with replacement,
/// split between the `m` valued paragraphs and the others (see the module documentation).
struct Draws {
    /// Paragraphs (n).
    n: u64,
    /// Valued paragraphs (m).
    valued: u32,
    /// Draws landing among the valued paragraphs: Binomial(n, m / n).
    split: Binomial,
    /// log2 of the blocks' size (see [`Draws::spread`]).
    block_bits: u32,
    /// The other paragraphs' sizes with how many paragraphs have each, commonest first.
    others: Vec<(f64, u64)>,
}

impl Draws {
    fn new<Z: Size>(sizes: &[Z], valued: &[u32]) -> Draws {
        let n = sizes.len() as u64;
        let m = valued.len() as u32;
        let mut is_valued = vec![false; sizes.len()];
        for &p in valued {
            is_valued[p as usize] = true;
        }
        let mut rest: Vec<f64> = (0..sizes.len())
            .filter(|&p| !is_valued[p])
            .map(|p| sizes[p].into())
            .collect();
        rest.sort_by(f64::total_cmp);
        let mut others: Vec<(f64, u64)> = Vec::new();
        for s in rest {
            match others.last_mut() {
                Some((x, c)) if x.to_bits() == s.to_bits() => *c += 1,
                _ => others.push((s, 1)),
            }
        }
        // Commonest first: the draws left fall fastest, so later binomials are small.
        others.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.total_cmp(&b.0)));
        Draws {
            n,
            valued: m,
            split: Binomial::new(n, m as f64 / n as f64).expect("0 <= m / n <= 1"),
            block_bits: BLOCK_BITS,
            others,
        }
    }

    /// The same draws with blocks of `2^bits` valued paragraphs (tests use small blocks).
    #[cfg(test)]
    fn with_block_bits(mut self, bits: u32) -> Draws {
        self.block_bits = bits;
        self
    }

    /// Replicate `replicate`'s draws: how often each valued paragraph is drawn, added to
    /// `counts` (`m` of them, zero before), and the total size of the other paragraphs
    /// drawn.
    fn draw(&self, counts: &mut [u8], seed: u64, replicate: u64) -> f64 {
        let mut rng = SplitMix::new(seed, replicate);
        let k = self.split.sample(&mut rng);
        self.spread(k, counts, &mut rng);
        self.others_size(self.n - k, &mut rng)
    }

    /// Draws `k` valued paragraphs uniformly into `counts` (their multinomial), block by
    /// block: the valued paragraphs are cut into blocks of `2^block_bits` (the last one
    /// shorter), each block's share of the draws is a sequential conditional binomial
    /// (draws left, block size / paragraphs left), and a block's draws are uniform within
    /// it. In a whole block an index is `block_bits` bits of a 64-bit output (five 12-bit
    /// indices per output, exactly uniform, no rejection), and its counts stay within 4 KiB
    /// that the cache holds; drawing over all `m` at once took a 32-bit half per index and
    /// scattered its counts over `m` bytes, which stopped fitting the cache from about
    /// 30,000 valued paragraphs on.
    fn spread(&self, k: u64, counts: &mut [u8], rng: &mut SplitMix) {
        let block = 1u64 << self.block_bits;
        let (mut left, mut paragraphs, mut start) = (k, self.valued as u64, 0);
        while left > 0 {
            let len = block.min(paragraphs);
            let x = if len == paragraphs {
                left
            } else {
                let p = len as f64 / paragraphs as f64;
                Binomial::new(left, p).expect("0 < p < 1").sample(rng)
            };
            let c = &mut counts[start..start + len as usize];
            if len == block {
                spread_bits(x, self.block_bits, c, rng);
            } else {
                spread_lemire(x, c, rng);
            }
            left -= x;
            paragraphs -= len;
            start += len as usize;
        }
    }

    /// The total size of `left` draws among the other paragraphs: how many land on each
    /// size is multinomial, drawn as sequential conditional binomials (the draws left
    /// among the sizes not yet visited, with probability `count / paragraphs left`).
    fn others_size(&self, mut left: u64, rng: &mut SplitMix) -> f64 {
        let mut paragraphs = self.n - self.valued as u64;
        let mut total = 0.0;
        for &(size, count) in &self.others {
            if left == 0 {
                break;
            }
            let p = count as f64 / paragraphs as f64;
            let x = Binomial::new(left, p).expect("0 < p <= 1").sample(rng);
            total += size * x as f64;
            left -= x;
            paragraphs -= count;
        }
        total
    }
}

/// Draws `k` indices uniformly into `counts`, whose length is `2^bits`: `64 / bits` indices
/// per 64-bit output, `bits` bits each (the last output's unused bits are left).
#[inline]
fn spread_bits(k: u64, bits: u32, counts: &mut [u8], rng: &mut SplitMix) {
    let per = (64 / bits) as u64;
    let mask = (1u64 << bits) - 1;
    let mut left = k;
    while left > 0 {
        let mut z = splitmix(&mut rng.0);
        for _ in 0..per.min(left) {
            bump(&mut counts[(z & mask) as usize]);
            z >>= bits;
        }
        left -= per.min(left);
    }
}

/// Draws `k` indices uniformly into `counts` (any length below 2^32): two 32-bit indices
/// per 64-bit output, each `(x * m) >> 32`, rejecting `x` whose low product half is below
/// `2^32 mod m` (Lemire 2019), which makes every index exactly equally likely.
fn spread_lemire(k: u64, counts: &mut [u8], rng: &mut SplitMix) {
    let m = counts.len() as u64;
    let threshold = (m as u32).wrapping_neg() % m as u32;
    let mut drawn = 0;
    while drawn < k {
        let z = splitmix(&mut rng.0);
        for x in [z & 0xFFFF_FFFF, z >> 32] {
            let x = x * m;
            if (x as u32) < threshold || drawn == k {
                continue;
            }
            bump(&mut counts[(x >> 32) as usize]);
            drawn += 1;
        }
    }
}

/// One more draw of a paragraph. A paragraph drawn 255 times in one replicate has odds
/// below 1 / 255! (about 1e-500); saturate rather than wrap all the same.
#[inline(always)]
fn bump(c: &mut u8) {
    *c = c.saturating_add(1);
}

/// SplitMix64 (Steele, Lea & Flood 2014) as a generator for rand_distr's binomial sampler.
struct SplitMix(u64);

impl SplitMix {
    /// The stream of replicate `replicate`: two mixing rounds make the streams of
    /// neighbouring seeds and replicates unrelated.
    fn new(seed: u64, replicate: u64) -> SplitMix {
        let mut r = replicate;
        let mut state = seed ^ splitmix(&mut r);
        splitmix(&mut state);
        SplitMix(state)
    }
}

impl TryRng for SplitMix {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok((splitmix(&mut self.0) >> 32) as u32)
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        Ok(splitmix(&mut self.0))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let z = splitmix(&mut self.0).to_le_bytes();
            chunk.copy_from_slice(&z[..chunk.len()]);
        }
        Ok(())
    }
}

/// The ratios from one group's sums; NaN where a denominator is 0.
pub(crate) fn ratio_values(sums: &[f64], ratios: &[Ratio], total: f64) -> Vec<f64> {
    let mut out = vec![0.0; ratios.len()];
    ratio_into(sums, ratios, total, &mut out);
    out
}

/// [`ratio_values`] into `out` (one per ratio), without allocating: it runs once per
/// replicate and group.
#[inline]
pub(crate) fn ratio_into(sums: &[f64], ratios: &[Ratio], total: f64, out: &mut [f64]) {
    for (r, o) in ratios.iter().zip(out) {
        let den = match r.denominator {
            Denominator::Value(j) => sums[j],
            Denominator::Size => total,
        };
        // Divided first and picked after, without a branch: whether a replicate drew the
        // group at all is a coin toss the branch predictor would lose.
        let ratio = sums[r.numerator] / den * r.scale;
        *o = if den == 0.0 { f64::NAN } else { ratio };
    }
}

/// An estimate with its bootstrap interval.
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, Denominator, Group, Ratio};
/// let group = Group { paragraphs: vec![0, 1, 2], values: vec![1.0, 2.0, 3.0], ..Default::default() };
/// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 1.0 };
/// let interval = Bootstrap { replicates: 1000, seed: 11 }.ratios(&[4.0; 3], &[group], 1, &[rate])[0][0];
/// assert_eq!(interval.estimate, 0.5);
/// assert!(interval.low < 0.5 && 0.5 < interval.high);
/// assert_eq!(interval.replicates, 1000); // the size never sums to 0
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The statistic on the data (not resampled); NaN when undefined.
    pub estimate: f64,
    /// 2.5% quantile of the replicates; NaN when no replicate is defined.
    pub low: f64,
    /// 97.5% quantile of the replicates.
    pub high: f64,
    /// Replicates in which the statistic was defined.
    pub replicates: usize,
}

/// How to resample.
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, DEFAULT_REPLICATES, DEFAULT_SEED};
/// let boot = Bootstrap::default();
/// assert_eq!((boot.replicates, boot.seed), (DEFAULT_REPLICATES, DEFAULT_SEED));
/// // The same seed gives the same intervals, at any thread count.
/// let quick = Bootstrap { replicates: 200, ..boot };
/// assert_eq!(quick.seed, DEFAULT_SEED);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bootstrap {
    /// Number of replicates (B).
    pub replicates: usize,
    /// Seed; combine it with a document index to give documents different draws.
    pub seed: u64,
}

impl Default for Bootstrap {
    fn default() -> Bootstrap {
        Bootstrap {
            replicates: DEFAULT_REPLICATES,
            seed: DEFAULT_SEED,
        }
    }
}

impl Bootstrap {
    /// Estimates and 95% percentile intervals for every ratio of every group: the result is
    /// indexed `[group][ratio]`. `sizes` has one entry per paragraph of the document; `width`
    /// is the number of values per paragraph in each group.
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Denominator, Group, Ratio};
    /// // Four paragraphs of 10 tokens; mentions (value 0) and summed valence (value 1).
    /// let group = Group { paragraphs: vec![0, 2], values: vec![2.0, -1.0, 1.0, 0.5], ..Default::default() };
    /// let mean = Ratio { numerator: 1, denominator: Denominator::Value(0), scale: 1.0 };
    /// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 10_000.0 };
    /// let boot = Bootstrap { replicates: 500, seed: 1 };
    /// let out = boot.ratios(&[10.0; 4], &[group], 2, &[mean, rate]);
    /// assert!((out[0][0].estimate - (-0.5 / 3.0)).abs() < 1e-12);
    /// assert_eq!(out[0][1].estimate, 750.0);
    /// assert!(out[0][0].low <= out[0][0].estimate && out[0][0].estimate <= out[0][0].high);
    /// ```
    pub fn ratios(
        &self,
        sizes: &[f64],
        groups: &[Group],
        width: usize,
        ratios: &[Ratio],
    ) -> Vec<Vec<Interval>> {
        self.ratios_sparse(sizes, &SparseGroups::from_groups(groups, width), ratios)
    }

    /// [`Bootstrap::ratios`] of groups in their compact form.
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Denominator, Group, Ratio, SparseGroups};
    /// let group = Group { paragraphs: vec![0, 2], values: vec![2.0, -1.0, 1.0, 0.5], ..Default::default() };
    /// let mean = Ratio { numerator: 1, denominator: Denominator::Value(0), scale: 1.0 };
    /// let boot = Bootstrap { replicates: 300, seed: 1 };
    /// let dense = boot.ratios(&[10.0; 4], &[group.clone()], 2, &[mean]);
    /// let sparse = boot.ratios_sparse(&[10.0; 4], &SparseGroups::from_groups(&[group], 2), &[mean]);
    /// assert_eq!(dense, sparse);
    /// ```
    pub fn ratios_sparse(
        &self,
        sizes: &[f64],
        groups: &SparseGroups,
        ratios: &[Ratio],
    ) -> Vec<Vec<Interval>> {
        self.ratios_sized(sizes, groups, ratios)
    }

    /// [`Bootstrap::ratios_sparse`] with the sizes as the caller holds them (a document's
    /// token counts need no `f64` copy).
    pub(crate) fn ratios_sized<Z: Size>(
        &self,
        sizes: &[Z],
        groups: &SparseGroups,
        ratios: &[Ratio],
    ) -> Vec<Vec<Interval>> {
        let total: f64 = sizes.iter().map(|&s| s.into()).sum();
        intervals(&self.sums_sized(sizes, groups), groups, total, ratios)
    }
}

/// Each group's ratios with their percentile intervals (see [`Bootstrap::ratios`]), from
/// the replicates' sums of these groups, whose paragraphs total `total` in size.
pub(crate) fn intervals(
    reps: &Replicates,
    groups: &SparseGroups,
    total: f64,
    ratios: &[Ratio],
) -> Vec<Vec<Interval>> {
    let estimates: Vec<Vec<f64>> = (0..groups.groups())
        .map(|g| ratio_values(groups.sums(g), ratios, total))
        .collect();
    let k = ratios.len();
    // Group by group: its replicates' ratios, one column per ratio with each replicate's
    // value contiguous, then the quantiles. Only one group's columns exist at a time (per
    // thread), not the whole replicate x (group, ratio) table.
    (0..groups.groups())
        .into_par_iter()
        .map_init(
            || (vec![0.0; k], FiniteColumns::default()),
            |(row, columns): &mut (Vec<f64>, FiniteColumns), g| {
                columns.reset(k, reps.replicates);
                for b in 0..reps.replicates {
                    ratio_into(reps.group(b, g), ratios, reps.totals[b], row);
                    columns.push_row(row);
                }
                (0..k)
                    .zip(&estimates[g])
                    .map(|(j, &estimate)| {
                        let column = columns.column(j);
                        let (low, high) = interval_of(column, 0.025, 0.975);
                        Interval {
                            estimate,
                            low,
                            high,
                            replicates: column.len(),
                        }
                    })
                    .collect()
            },
        )
        .collect()
}

/// Per measure, the finite values among B replicates' (NaN where the measure is undefined),
/// in replicate order, gathered without a branch per value: whether a replicate drew a rare
/// group at all is a coin toss, which the branch predictor loses. Each column has room for
/// every replicate and counts the values it keeps.
#[derive(Debug, Default)]
pub(crate) struct FiniteColumns {
    replicates: usize,
    values: Vec<f64>,
    lens: Vec<usize>,
}

impl FiniteColumns {
    /// Empty columns for `measures` measures of `replicates` replicates.
    pub(crate) fn reset(&mut self, measures: usize, replicates: usize) {
        self.replicates = replicates;
        self.values.clear();
        self.values.resize(measures * replicates, 0.0);
        self.lens.clear();
        self.lens.resize(measures, 0);
    }

    /// Adds one replicate's values, one per measure (at most `replicates` rows in all).
    #[inline]
    pub(crate) fn push_row(&mut self, row: &[f64]) {
        for ((j, &x), len) in row.iter().enumerate().zip(&mut self.lens) {
            // Written either way; kept only when finite. `len` is at most the rows pushed
            // before, so below `replicates`.
            self.values[j * self.replicates + *len] = x;
            *len += x.is_finite() as usize;
        }
    }

    /// Measure `j`'s finite values, in replicate order.
    pub(crate) fn column(&mut self, j: usize) -> &mut [f64] {
        let start = j * self.replicates;
        &mut self.values[start..start + self.lens[j]]
    }
}

/// Every replicate's weighted sums, before any ratio is taken (see [`Bootstrap::sums`]).
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, Group};
/// // Two paragraphs of 5 tokens; the group has 1.0 in paragraph 0 and 3.0 in paragraph 1.
/// let group = Group { paragraphs: vec![0, 1], values: vec![1.0, 3.0], ..Default::default() };
/// let reps = Bootstrap { replicates: 50, seed: 2 }.sums(&[5.0, 5.0], &[group], 1);
/// assert_eq!((reps.replicates, reps.groups, reps.width), (50, 1, 1));
/// // Each replicate draws two paragraphs: 0+0, 0+1 or 1+1.
/// assert!((0..50).all(|b| [2.0, 4.0, 6.0].contains(&reps.group(b, 0)[0])));
/// assert!(reps.totals.iter().all(|&t| t == 10.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Replicates {
    /// Number of replicates (B).
    pub replicates: usize,
    /// Number of groups.
    pub groups: usize,
    /// Values per paragraph in each group.
    pub width: usize,
    /// Per replicate, the drawn paragraphs' total size.
    pub totals: Vec<f64>,
    /// Per replicate and group, the `width` weighted sums: replicate `b`, group `g` at
    /// `((b * groups) + g) * width`.
    pub sums: Vec<f64>,
}

impl Replicates {
    /// The `width` sums of group `g` in replicate `b`.
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Group};
    /// let group = Group { paragraphs: vec![0], values: vec![1.0], ..Default::default() };
    /// let reps = Bootstrap { replicates: 4, seed: 1 }.sums(&[5.0], &[group], 1);
    /// // One paragraph: every replicate draws it once.
    /// assert_eq!(reps.group(3, 0), [1.0]);
    /// assert_eq!(reps.totals, [5.0; 4]);
    /// ```
    pub fn group(&self, b: usize, g: usize) -> &[f64] {
        let at = (b * self.groups + g) * self.width;
        &self.sums[at..at + self.width]
    }
}

impl Bootstrap {
    /// The weighted sums of every group in every replicate: the raw material of
    /// [`Bootstrap::ratios`], for statistics that combine several documents' replicates (a
    /// sum over documents of their replicate sums is a bootstrap stratified by document).
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Group};
    /// let group = Group { paragraphs: vec![1], values: vec![2.0], ..Default::default() };
    /// let reps = Bootstrap { replicates: 100, seed: 7 }.sums(&[1.0, 1.0], &[group], 1);
    /// // Paragraph 1 is drawn 0, 1 or 2 times out of 2.
    /// assert!((0..100).all(|b| [0.0, 2.0, 4.0].contains(&reps.group(b, 0)[0])));
    /// assert!((0..100).all(|b| reps.totals[b] == 2.0));
    /// ```
    pub fn sums(&self, sizes: &[f64], groups: &[Group], width: usize) -> Replicates {
        self.sums_sparse(sizes, &SparseGroups::from_groups(groups, width))
    }

    /// [`Bootstrap::sums`] of groups in their compact form.
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Group, SparseGroups};
    /// let group = Group { paragraphs: vec![1], values: vec![2.0], ..Default::default() };
    /// let boot = Bootstrap { replicates: 20, seed: 7 };
    /// let sparse = SparseGroups::from_groups(&[group.clone()], 1);
    /// assert_eq!(boot.sums_sparse(&[1.0, 1.0], &sparse), boot.sums(&[1.0, 1.0], &[group], 1));
    /// ```
    pub fn sums_sparse(&self, sizes: &[f64], groups: &SparseGroups) -> Replicates {
        self.sums_sized(sizes, groups)
    }

    /// [`Bootstrap::sums_sparse`] with the sizes as the caller holds them.
    pub(crate) fn sums_sized<Z: Size>(&self, sizes: &[Z], groups: &SparseGroups) -> Replicates {
        let n = sizes.len();
        let width = groups.width();
        let stride = groups.groups() * width;
        let mut reps = Replicates {
            replicates: self.replicates,
            groups: groups.groups(),
            width,
            totals: vec![0.0; self.replicates],
            sums: vec![0.0; self.replicates * stride],
        };
        if n == 0 {
            return reps;
        }
        // Each replicate only needs the groups' weighted sums, so only the valued paragraphs
        // are drawn one by one (see "Drawing" above). Replicates are computed LANES at a
        // time, their counts gathered paragraph by paragraph, so one pass over the values
        // serves LANES replicates.
        let entries = Entries::new(groups, sizes);
        let draws = Draws::new(sizes, entries.paragraphs);
        if stride == 0 {
            // No group: only the sizes are resampled.
            reps.totals
                .par_iter_mut()
                .enumerate()
                .for_each(|(b, total)| *total = draws.draw(&mut [], self.seed, b as u64));
            return reps;
        }
        let m = entries.paragraphs.len();
        reps.sums
            .par_chunks_mut(stride * LANES)
            .zip(reps.totals.par_chunks_mut(LANES))
            .enumerate()
            .for_each_init(
                || (vec![0u8; m * LANES], Vec::new()),
                |(counts, sums), (block, (rows, totals))| {
                    let first = (block * LANES) as u64;
                    let mut others = [0.0; LANES];
                    for (lane, o) in others.iter_mut().enumerate().take(totals.len()) {
                        let c = &mut counts[lane * m..(lane + 1) * m];
                        *o = draws.draw(c, self.seed, first + lane as u64);
                    }
                    let valued = entries.sums(counts, sums, rows);
                    for (lane, total) in totals.iter_mut().enumerate() {
                        *total = valued[lane] + others[lane];
                    }
                },
            );
        reps
    }
}

/// [`quantile`] of unsorted values, by selection (reorders `xs`).
pub(crate) fn quantile_of(xs: &mut [f64], q: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let h = (xs.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let (_, &mut x_lo, right) = xs.select_nth_unstable_by(lo, f64::total_cmp);
    let x_hi = right.iter().copied().min_by(f64::total_cmp).unwrap_or(x_lo);
    x_lo + (h - lo as f64) * (x_hi - x_lo)
}

/// The `low` and `high` quantiles (as [`quantile`] gives them on the values sorted) of
/// unsorted values, which it may reorder.
///
/// A percentile interval needs, at each end, two neighbouring order statistics among the B
/// replicates, and it is taken for every measure of every group: two selections each made it
/// a sixth of `analyze`'s time on the shipped corpus. An end with at most a quarter of the
/// values beyond it is found in one pass instead, by keeping the values beyond it in a heap
/// (a value enters only if it beats the heap's worst, which about `k ln(n / k)` of `n` in
/// random order do); the values are compared as `f64::total_cmp` orders them.
pub(crate) fn interval_of(xs: &mut [f64], low: f64, high: f64) -> (f64, f64) {
    (quantile_near_end(xs, low), quantile_near_end(xs, high))
}

/// [`quantile_of`], from a heap of the values beyond the quantile when they are at most a
/// quarter of them (see [`interval_of`]).
fn quantile_near_end(xs: &mut [f64], q: f64) -> f64 {
    let n = xs.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * q;
    let i = h.floor() as usize;
    let (a, b) = if i + 2 <= n / 4 {
        smallest_two(xs, i + 2)
    } else if n - i <= n / 4 {
        largest_two(xs, n - i)
    } else {
        return quantile_of(xs, q);
    };
    a + (h - i as f64) * (b - a)
}

/// A value's bits as an integer that orders as `f64::total_cmp` orders the values (the
/// bits below the sign flipped when it is set; flipping again gives the value back).
fn total_key(x: f64) -> i64 {
    let bits = x.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

fn from_key(key: i64) -> f64 {
    f64::from_bits(total_key(f64::from_bits(key as u64)) as u64)
}

/// Order statistics `k - 2` and `k - 1` (0-based, `2 <= k <= n`) of the `n` values.
fn smallest_two(xs: &[f64], k: usize) -> (f64, f64) {
    let mut heap: std::collections::BinaryHeap<i64> =
        xs[..k].iter().map(|&x| total_key(x)).collect();
    for &x in &xs[k..] {
        let key = total_key(x);
        if let Some(mut top) = heap.peek_mut() {
            if key < *top {
                *top = key;
            }
        }
    }
    let last = heap.pop().map_or(f64::NAN, from_key);
    (heap.peek().map_or(last, |&key| from_key(key)), last)
}

/// Order statistics `n - k` and `n - k + 1` (0-based, the second capped at `n - 1`;
/// `1 <= k <= n`) of the `n` values.
fn largest_two(xs: &[f64], k: usize) -> (f64, f64) {
    use std::cmp::Reverse;
    let mut heap: std::collections::BinaryHeap<Reverse<i64>> =
        xs[..k].iter().map(|&x| Reverse(total_key(x))).collect();
    for &x in &xs[k..] {
        let key = total_key(x);
        if let Some(mut top) = heap.peek_mut() {
            if key > top.0 {
                *top = Reverse(key);
            }
        }
    }
    let first = heap.pop().map_or(f64::NAN, |key| from_key(key.0));
    (first, heap.peek().map_or(first, |key| from_key(key.0)))
}

/// SplitMix64: the next value of the sequence whose state is `state`.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `q` quantile of sorted `xs`, interpolated linearly between order statistics
/// (Hyndman & Fan 1996, type 7): `h = (n - 1) q`, `x[floor h] + (h - floor h)(x[floor h + 1]
/// - x[floor h])`. NaN for no values.
///
/// ```
/// use corpus_lens::bootstrap::quantile;
/// assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
/// assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.025), 1.075);
/// assert!(quantile(&[], 0.5).is_nan());
/// ```
pub fn quantile(xs: &[f64], q: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let h = (xs.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(xs.len() - 1);
    xs[lo] + (h - lo as f64) * (xs[hi] - xs[lo])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn mean_ratio() -> Ratio {
        Ratio {
            numerator: 1,
            denominator: Denominator::Value(0),
            scale: 1.0,
        }
    }

    #[test]
    fn finite_columns_keep_each_measures_finite_values_in_order() {
        let mut columns = FiniteColumns::default();
        columns.reset(2, 3);
        columns.push_row(&[1.0, f64::NAN]);
        columns.push_row(&[f64::INFINITY, 2.0]);
        columns.push_row(&[3.0, 4.0]);
        assert_eq!(columns.column(0), [1.0, 3.0]);
        assert_eq!(columns.column(1), [2.0, 4.0]);
        // Reused: emptied, with the new shape.
        columns.reset(1, 2);
        columns.push_row(&[f64::NAN]);
        columns.push_row(&[f64::NAN]);
        assert!(columns.column(0).is_empty());
    }

    #[test]
    fn splitmix_matches_the_reference_sequence() {
        // Steele, Lea & Flood's SplitMix64 from seed 0 (the first outputs as published with
        // the reference implementation, e.g. in xoshiro's seeding code).
        let mut s = 0u64;
        assert_eq!(splitmix(&mut s), 0xE220_A839_7B1D_CDAF);
        assert_eq!(splitmix(&mut s), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn quantile_type_7_matches_numpy() {
        // numpy.quantile([3, 1, 4, 1, 5, 9, 2, 6], [0.025, 0.975]) = [1.0, 8.475]
        let mut xs = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
        xs.sort_by(f64::total_cmp);
        assert_eq!(quantile(&xs, 0.025), 1.0);
        assert!((quantile(&xs, 0.975) - 8.475).abs() < 1e-12);
        assert_eq!(quantile(&[7.0], 0.975), 7.0);
    }

    #[test]
    fn selection_gives_the_sorted_quantile() {
        let mut state = 11u64;
        let xs: Vec<f64> = (0..999)
            .map(|_| (splitmix(&mut state) % 1000) as f64 / 7.0)
            .collect();
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        for q in [0.0, 0.025, 0.5, 0.975, 1.0] {
            assert_eq!(
                quantile_of(&mut xs.clone(), q),
                quantile(&sorted, q),
                "q = {q}"
            );
        }
    }

    #[test]
    fn heaps_and_selection_give_the_sorted_quantiles() {
        let mut state = 5u64;
        for n in (1..60).chain([199, 200, 2000, 2001]) {
            // Few distinct values (ties), both zeros, negatives.
            let xs: Vec<f64> = (0..n)
                .map(|_| match splitmix(&mut state) % 9 {
                    0 => 0.0,
                    1 => -0.0,
                    k => (k as f64 - 5.0) / 3.0 + (splitmix(&mut state) % 3) as f64,
                })
                .collect();
            let mut sorted = xs.clone();
            sorted.sort_by(f64::total_cmp);
            for (low, high) in [(0.025, 0.975), (0.0, 1.0), (0.1, 0.9), (0.5, 0.5)] {
                let got = interval_of(&mut xs.clone(), low, high);
                let want = (quantile(&sorted, low), quantile(&sorted, high));
                assert_eq!(
                    (got.0.to_bits(), got.1.to_bits()),
                    (want.0.to_bits(), want.1.to_bits()),
                    "n = {n}, ({low}, {high})"
                );
            }
        }
        assert!(interval_of(&mut [], 0.025, 0.975).0.is_nan());
    }

    #[test]
    fn identical_clusters_give_a_zero_width_interval() {
        // Every paragraph has one mention of valence -0.4: every replicate's mean is -0.4.
        let group = Group {
            paragraphs: (0..20).collect(),
            values: [1.0, -0.4].repeat(20),
            ..Default::default()
        };
        let out = Bootstrap::default().ratios(&[5.0; 20], &[group], 2, &[mean_ratio()]);
        let i = out[0][0];
        assert!((i.estimate + 0.4).abs() < 1e-12);
        assert!((i.low + 0.4).abs() < 1e-12 && (i.high + 0.4).abs() < 1e-12);
        assert_eq!(i.replicates, DEFAULT_REPLICATES);
    }

    #[test]
    fn rare_group_has_undefined_replicates_left_out() {
        // One mention in one paragraph of 50: about (49/50)^50 = 36% of replicates never
        // draw it.
        let group = Group {
            paragraphs: vec![7],
            values: vec![1.0, 0.6],
            ..Default::default()
        };
        let boot = Bootstrap {
            replicates: 1000,
            seed: 3,
        };
        let i = boot.ratios(&[10.0; 50], &[group], 2, &[mean_ratio()])[0][0];
        assert_eq!((i.estimate, i.low, i.high), (0.6, 0.6, 0.6));
        assert!(
            (550..750).contains(&i.replicates),
            "replicates {}",
            i.replicates
        );
    }

    #[test]
    fn interval_covers_a_known_mean_about_as_often_as_it_should() {
        // Clusters of 1-3 mentions with valence +-1 (fair coin): the true mean is 0. Over 200
        // simulated documents a 95% interval should miss 0 about 10 times; allow 2..=25.
        let mut misses = 0;
        for doc in 0..200u64 {
            let mut state = doc;
            let mut group = Group::default();
            for p in 0..40u32 {
                let k = 1 + splitmix(&mut state) % 3;
                let sum: f64 = (0..k)
                    .map(|_| {
                        if splitmix(&mut state) & 1 == 0 {
                            1.0
                        } else {
                            -1.0
                        }
                    })
                    .sum();
                group.paragraphs.push(p);
                group.values.extend([k as f64, sum]);
            }
            let boot = Bootstrap {
                replicates: 400,
                seed: doc,
            };
            let i = boot.ratios(&[20.0; 40], &[group], 2, &[mean_ratio()])[0][0];
            if !(i.low <= 0.0 && 0.0 <= i.high) {
                misses += 1;
            }
        }
        assert!((2..=25).contains(&misses), "misses {misses}");
    }

    #[test]
    fn same_answer_at_any_thread_count() {
        let group = Group {
            paragraphs: vec![0, 3, 4, 9],
            values: vec![2.0, 1.0, 1.0, -0.5, 3.0, 0.2, 1.0, 0.9],
            ..Default::default()
        };
        let ratios = [
            mean_ratio(),
            Ratio {
                numerator: 0,
                denominator: Denominator::Size,
                scale: 10_000.0,
            },
        ];
        let sizes: Vec<f64> = (0..12).map(|i| 10.0 + i as f64).collect();
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| {
                    Bootstrap::default().ratios(&sizes, std::slice::from_ref(&group), 2, &ratios)
                })
        };
        let one = run(1);
        assert_eq!(one, run(2));
        assert_eq!(one, run(3));
        // The rate's estimate: 7 mentions in 186 tokens.
        assert!((one[0][1].estimate - 7.0 / 186.0 * 10_000.0).abs() < 1e-9);
    }

    #[test]
    fn a_union_group_equals_resampling_its_own_values() {
        let a = Group {
            paragraphs: vec![1, 4],
            values: vec![1.0, -0.5, 2.0, 0.7],
            ..Default::default()
        };
        let b = Group {
            paragraphs: vec![4, 6],
            values: vec![1.0, 0.3, 1.0, -0.9],
            ..Default::default()
        };
        let own = Group {
            paragraphs: vec![1, 4, 6],
            values: vec![1.0, -0.5, 3.0, 1.0, 1.0, -0.9],
            ..Default::default()
        };
        let union = Group {
            parts: vec![0, 1],
            ..own.clone()
        };
        let boot = Bootstrap {
            replicates: 300,
            seed: 9,
        };
        let sizes = [10.0; 8];
        let r = [mean_ratio()];
        let with_own = boot.ratios(&sizes, &[a.clone(), b.clone(), own], 2, &r);
        let with_union = boot.ratios(&sizes, &[a, b, union], 2, &r);
        let (x, y) = (with_own[2][0], with_union[2][0]);
        assert_eq!((x.estimate, x.replicates), (y.estimate, y.replicates));
        assert!((x.low - y.low).abs() < 1e-12 && (x.high - y.high).abs() < 1e-12);
    }

    #[test]
    fn wide_slots_give_the_same_sums_as_narrow_ones() {
        // Group 0 alone takes two-byte slots; with 40,000 empty groups of width 2 before
        // it, its slots take four bytes.
        let group = Group {
            paragraphs: vec![1, 2, 5],
            values: vec![1.0, 0.5, 2.0, -0.25, 1.0, 0.0],
            ..Default::default()
        };
        let boot = Bootstrap {
            replicates: 40,
            seed: 5,
        };
        let sizes = [3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        let narrow = SparseGroups::from_groups(std::slice::from_ref(&group), 2);
        let mut groups = vec![Group::default(); 40_000];
        groups.push(group);
        let wide = SparseGroups::from_groups(&groups, 2);
        assert!(matches!(narrow.slots, Slots::Narrow(_)));
        assert!(matches!(wide.slots, Slots::Wide(_)));
        let (a, b) = (
            boot.sums_sparse(&sizes, &narrow),
            boot.sums_sparse(&sizes, &wide),
        );
        assert_eq!(a.totals, b.totals);
        for r in 0..40 {
            assert_eq!(a.group(r, 0), b.group(r, 40_000));
        }
    }

    #[test]
    fn a_paragraph_with_more_entries_than_two_bytes_count_widens_the_slots() {
        // One paragraph given 70,000 times (a contract the caller broke) adds up as one
        // with the sum of the values.
        let many = Group {
            paragraphs: vec![0; 70_000],
            values: vec![1.0; 70_000],
            ..Default::default()
        };
        let one = Group {
            paragraphs: vec![0],
            values: vec![70_000.0],
            ..Default::default()
        };
        let dense = SparseGroups::from_groups(&[many], 1);
        let mut pushed = SparseGroups::new(1, vec![vec![]]);
        let row = [1.0];
        pushed.push_paragraph(0, &vec![(0, &row[..]); 70_000]);
        assert!(matches!(dense.slots, Slots::Wide(_)));
        assert_eq!(pushed, dense);
        let boot = Bootstrap {
            replicates: 20,
            seed: 2,
        };
        let sizes = [2.0, 3.0];
        let one = boot.sums_sparse(&sizes, &SparseGroups::from_groups(&[one], 1));
        assert_eq!(boot.sums_sparse(&sizes, &dense), one);
    }

    #[test]
    fn token_counts_give_the_same_bits_as_their_f64_sizes() {
        let group = Group {
            paragraphs: vec![0, 3, 4],
            values: vec![2.0, 0.1, 1.0, -0.7, 3.0, 0.35],
            ..Default::default()
        };
        let tokens: Vec<u32> = vec![17, 3, 250, 41, 9, 4_000_000_000];
        let sizes: Vec<f64> = tokens.iter().map(|&t| t as f64).collect();
        let sparse = SparseGroups::from_groups(&[group], 2);
        let rate = Ratio {
            numerator: 0,
            denominator: Denominator::Size,
            scale: 10_000.0,
        };
        let boot = Bootstrap {
            replicates: 100,
            seed: 8,
        };
        assert_eq!(
            boot.sums_sized(&tokens, &sparse),
            boot.sums_sparse(&sizes, &sparse)
        );
        let ratios = [mean_ratio(), rate];
        assert_eq!(
            boot.ratios_sized(&tokens, &sparse, &ratios),
            boot.ratios_sparse(&sizes, &sparse, &ratios)
        );
    }

    /// 2,000 replicates of `draws` over ten paragraphs of size 1, `m` of them valued: each
    /// valued paragraph's draws in all, and the other paragraphs' (each replicate drawing
    /// ten in all is checked).
    fn tally(draws: &Draws, m: usize, seed: u64) -> (Vec<u32>, f64) {
        let mut seen = vec![0u32; m];
        let mut others = 0.0;
        for b in 0..2000 {
            let mut counts = vec![0u8; m];
            let rest = draws.draw(&mut counts, seed, b);
            let drawn: f64 = counts.iter().map(|&c| c as f64).sum();
            assert_eq!(drawn + rest, 10.0);
            for (s, &c) in seen.iter_mut().zip(&counts) {
                *s += c as u32;
            }
            others += rest;
        }
        (seen, others)
    }

    #[test]
    fn resampling_draws_every_paragraph_about_equally() {
        // Paragraphs 2, 5 and 7 of 10 are valued; every size is 1.
        let draws = Draws::new(&[1.0; 10], &[2, 5, 7]);
        let (seen, others) = tally(&draws, 3, 5);
        // 20,000 draws over 10 paragraphs: each about 2,000 (sd about 42), 14,000 others.
        assert!(seen.iter().all(|&s| (1800..2200).contains(&s)), "{seen:?}");
        assert!((13_600.0..14_400.0).contains(&others), "{others}");
    }

    /// The exact joint distribution of (draws of paragraph 0, total size) when `sizes.len()`
    /// paragraphs are drawn with replacement: one draw at a time.
    fn exact_joint(sizes: &[f64]) -> BTreeMap<(u8, u64), f64> {
        let n = sizes.len();
        let mut dist = BTreeMap::from([((0u8, 0u64), 1.0)]);
        for _ in 0..n {
            let mut next = BTreeMap::new();
            for (&(c, t), &pr) in &dist {
                for (p, &s) in sizes.iter().enumerate() {
                    let key = (c + (p == 0) as u8, t + s as u64);
                    *next.entry(key).or_insert(0.0) += pr / n as f64;
                }
            }
            dist = next;
        }
        dist
    }

    /// Pearson's chi-square of `seen` outcomes of `reps` replicates against the `exact`
    /// law, over the cells expected at least 5 times, the rest pooled into one; with the
    /// number of cells not pooled.
    fn pearson<K: Ord>(
        exact: &BTreeMap<K, f64>,
        seen: &BTreeMap<K, f64>,
        reps: u64,
    ) -> (f64, usize) {
        let (mut chi2, mut cells, mut pooled) = (0.0, 0, (0.0, 0.0));
        for (key, &pr) in exact {
            let (e, o) = (pr * reps as f64, seen.get(key).copied().unwrap_or(0.0));
            if e >= 5.0 {
                chi2 += (o - e) * (o - e) / e;
                cells += 1;
            } else {
                pooled = (pooled.0 + e, pooled.1 + o);
            }
        }
        if pooled.0 > 0.0 {
            chi2 += (pooled.1 - pooled.0) * (pooled.1 - pooled.0) / pooled.0;
        }
        (chi2, cells)
    }

    #[test]
    fn split_draws_follow_the_multinomial_exactly() {
        // Paragraph 0 valued, the others only sized: the binomial split, the spread over
        // the valued paragraphs and the size histogram together must give the joint law of
        // drawing 5 paragraphs with replacement. Pearson's chi-square over 40,000 replicates.
        let sizes = [3.0, 1.0, 2.0, 2.0, 7.0];
        let draws = Draws::new(&sizes, &[0]);
        let exact = exact_joint(&sizes);
        let reps = 40_000u64;
        let mut seen: BTreeMap<(u8, u64), f64> = BTreeMap::new();
        for b in 0..reps {
            let mut counts = [0u8; 1];
            let rest = draws.draw(&mut counts, 17, b);
            let total = rest + counts[0] as f64 * sizes[0];
            *seen.entry((counts[0], total as u64)).or_insert(0.0) += 1.0;
        }
        assert!(
            seen.keys().all(|k| exact.contains_key(k)),
            "impossible draws"
        );
        let (chi2, cells) = pearson(&exact, &seen, reps);
        // About 60 cells: the 0.999 quantile of chi-square with 60 degrees of freedom is 99.6.
        assert!(cells > 40, "{cells} cells");
        assert!(chi2 < 99.6, "chi2 {chi2} over {cells} cells");
    }

    /// The exact joint law of (draws of each paragraph in `tracked`, total size) when
    /// `sizes.len()` paragraphs are drawn with replacement, one draw at a time.
    fn exact_tracked(sizes: &[f64], tracked: &[usize]) -> BTreeMap<(Vec<u8>, u64), f64> {
        let n = sizes.len();
        let mut dist = BTreeMap::from([((vec![0u8; tracked.len()], 0u64), 1.0)]);
        for _ in 0..n {
            let mut next = BTreeMap::new();
            for ((c, t), &pr) in &dist {
                for (p, &s) in sizes.iter().enumerate() {
                    let mut c = c.clone();
                    if let Some(i) = tracked.iter().position(|&q| q == p) {
                        c[i] += 1;
                    }
                    *next.entry((c, t + s as u64)).or_insert(0.0) += pr / n as f64;
                }
            }
            dist = next;
        }
        dist
    }

    #[test]
    fn blocked_draws_follow_the_multinomial_exactly() {
        // Seven valued paragraphs in blocks of 4 (so a whole block drawn 2 bits at a time
        // and a last block of 3 drawn with Lemire's method), two others: the joint law of
        // a paragraph of each block, the last valued one and the total size must be that of
        // drawing 9 paragraphs with replacement. Pearson's chi-square over 60,000 replicates.
        let sizes = [1.0, 2.0, 3.0, 1.0, 4.0, 2.0, 5.0, 3.0, 7.0];
        let valued: Vec<u32> = (0..7).collect();
        let tracked = [0, 4, 6];
        let draws = Draws::new(&sizes, &valued).with_block_bits(2);
        let exact = exact_tracked(&sizes, &tracked);
        let reps = 60_000u64;
        let mut seen: BTreeMap<(Vec<u8>, u64), f64> = BTreeMap::new();
        for b in 0..reps {
            let mut counts = [0u8; 7];
            let rest = draws.draw(&mut counts, 23, b);
            let drawn: u32 = counts.iter().map(|&c| c as u32).sum();
            assert!(drawn <= 9);
            let total = rest
                + counts
                    .iter()
                    .zip(&sizes)
                    .map(|(&c, s)| c as f64 * s)
                    .sum::<f64>();
            let key = (tracked.iter().map(|&p| counts[p]).collect(), total as u64);
            *seen.entry(key).or_insert(0.0) += 1.0;
        }
        assert!(
            seen.keys().all(|k| exact.contains_key(k)),
            "impossible draws"
        );
        let (chi2, cells) = pearson(&exact, &seen, reps);
        // The 0.999 quantile of chi-square with `cells` degrees of freedom (the pooled cell
        // makes one more, less the one the total fixes), by Wilson & Hilferty (1931).
        let df = cells as f64;
        let limit = df * (1.0 - 2.0 / (9.0 * df) + 3.09 * (2.0 / (9.0 * df)).sqrt()).powi(3);
        assert!(cells > 100, "{cells} cells");
        assert!(
            chi2 < limit,
            "chi2 {chi2} over {cells} cells, limit {limit}"
        );
    }

    #[test]
    fn whole_blocks_only_draw_every_paragraph_about_equally() {
        // Eight valued paragraphs of ten in two whole blocks of 4 (no short block): 20,000
        // draws in all, each paragraph about 2,000 (sd about 42), 4,000 others.
        let valued: Vec<u32> = (0..8).collect();
        let draws = Draws::new(&[1.0; 10], &valued).with_block_bits(2);
        let (seen, others) = tally(&draws, 8, 9);
        assert!(seen.iter().all(|&s| (1800..2200).contains(&s)), "{seen:?}");
        assert!((3_700.0..4_300.0).contains(&others), "{others}");
    }

    #[test]
    fn a_whole_block_takes_every_index_of_it() {
        // One block of 2^2 paragraphs, 4,000 draws at 2 bits each: every index is drawn
        // about 1,000 times (sd about 27) and none is left out.
        let mut counts = [0u8; 4];
        let mut totals = [0u32; 4];
        let mut rng = SplitMix::new(3, 0);
        for _ in 0..40 {
            counts.fill(0);
            spread_bits(100, 2, &mut counts, &mut rng);
            assert_eq!(counts.iter().map(|&c| c as u32).sum::<u32>(), 100);
            for (t, &c) in totals.iter_mut().zip(&counts) {
                *t += c as u32;
            }
        }
        assert!(
            totals.iter().all(|&t| (880..1120).contains(&t)),
            "{totals:?}"
        );
    }
}
