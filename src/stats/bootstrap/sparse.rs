//! Groups and their values: [`Group`], the compact [`SparseGroups`] the resampling works
//! on, and the weighted sums of their valued paragraphs in a batch of replicates.

use std::mem::MaybeUninit;

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
/// let out = boot.ratios(&[10.0, 10.0], &[narrator, quoted, all], 1, &[rate])?;
/// assert_eq!([out[0][0].estimate, out[1][0].estimate, out[2][0].estimate], [0.15, 0.2, 0.35]);
/// # Ok::<(), corpus_lens::Error>(())
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
pub(super) const LANES: usize = 16;

/// Valued paragraphs whose counts are moved into weights together (see `Entries::sums`).
const TILE: usize = 16;

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
/// assert_eq!(boot.ratios_sparse(&[10.0, 10.0], &sparse, &[rate])?[2][0].estimate, 0.35);
/// # Ok::<(), corpus_lens::Error>(())
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
    pub(super) slots: Slots,
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

    /// The groups group `g` is the union of (empty for a group of its own).
    pub(crate) fn parts(&self, g: usize) -> &[usize] {
        &self.parts[g]
    }

    /// Calls `f` with each valued paragraph and its entries, `(slot, value)` with the slot
    /// `group * width + column`, in paragraph order.
    pub(crate) fn for_each_paragraph(&self, f: impl FnMut(u32, &[(u32, f64)])) {
        match &self.slots {
            Slots::Narrow(list) => self.each_paragraph_with(list, f),
            Slots::Wide(list) => self.each_paragraph_with(list, f),
        }
    }

    /// [`SparseGroups::for_each_paragraph`] with the slots in their stored width.
    fn each_paragraph_with<S: Slot>(
        &self,
        list: &SlotList<S>,
        mut f: impl FnMut(u32, &[(u32, f64)]),
    ) {
        let mut entries = Vec::new();
        let mut first = 0;
        for (&p, len) in self.paragraphs.iter().zip(&list.lens) {
            let end = first + len.index();
            let slots = list.slots[first..end].iter().map(|s| s.index() as u32);
            entries.clear();
            entries.extend(slots.zip(self.values[first..end].iter().copied()));
            first = end;
            f(p, &entries);
        }
    }

    /// The same groups (sums, paragraph counts, parts) with only the entries of the slots
    /// `keep` marks (one flag per `group * width + column`): a resampling of them gives the
    /// same replicate sums for those slots, at the cost of their entries alone. Paragraphs
    /// left without an entry are no longer valued.
    pub(crate) fn keeping(&self, keep: &[bool]) -> SparseGroups {
        let mut out = SparseGroups::new(self.width, self.parts.clone());
        out.data.clone_from(&self.data);
        out.counts.clone_from(&self.counts);
        self.for_each_paragraph(|p, entries| {
            let kept = entries.iter().filter(|e| keep[e.0 as usize]);
            let len = kept.clone().count();
            if len > 0 {
                out.paragraphs.push(p);
                out.slots.push(len, kept.clone().map(|e| e.0));
                out.values.extend(kept.map(|e| e.1));
            }
        });
        out
    }

    /// The last valued paragraph, if any.
    pub(crate) fn last_paragraph(&self) -> Option<u32> {
        self.paragraphs.last().copied()
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
pub(super) enum Slots {
    Narrow(SlotList<u16>),
    Wide(SlotList<u32>),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct SlotList<S> {
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
pub(super) struct Row([f64; LANES]);

/// A paragraph's size as the caller holds it: `f64`, or the `u32` token counts of a
/// document, which convert to `f64` exactly (so either gives the same sums, bit for bit,
/// without a copy of the sizes as `f64`).
pub(crate) trait Size: Copy + Into<f64> + Sync {}

impl Size for f64 {}

impl Size for u32 {}

/// A [`SparseGroups`]' valued paragraphs with the sizes of all paragraphs, for one
/// resampling. The valued paragraphs' sizes are looked up as they are added, not copied.
pub(super) struct Entries<'a, Z> {
    groups: &'a SparseGroups,
    pub(super) paragraphs: &'a [u32],
    sizes: &'a [Z],
    values: &'a [f64],
}

impl<'a, Z: Size> Entries<'a, Z> {
    pub(super) fn new(groups: &'a SparseGroups, sizes: &'a [Z]) -> Entries<'a, Z> {
        Entries {
            groups,
            paragraphs: &groups.paragraphs,
            sizes,
            values: &groups.values,
        }
    }

    /// The weighted sums of every slot for (up to) LANES replicates, into `out` (group `g`'s
    /// value `j` in replicate `lane` at `out[(g * lanes + lane) * width + j]`, `lanes` the
    /// replicates `out` has room for), with valued paragraph `k` weighted by its
    /// draws in replicate `lane`, `counts[lane * m + k]` (left zero), in paragraph order;
    /// groups with parts then add theirs. Every element of `out` is written, so it may come
    /// uninitialized; it must hold whole groups of at most LANES replicates. Returns each
    /// replicate's drawn valued paragraphs' total size. `sums` is scratch.
    ///
    /// The counts are read TILE paragraphs at a time, a TILE x LANES block of bytes moved
    /// into `weights[k][lane]` while it is hot, so no paragraph-by-lane copy of all `m`
    /// counts is ever written. Every sum (the slots' and the sizes') still adds its terms
    /// one paragraph at a time in paragraph order, so the results are the same bits as
    /// those of a pass over a full weights table.
    pub(super) fn sums(
        &self,
        counts: &mut [u8],
        sums: &mut Vec<Row>,
        out: &mut [MaybeUninit<f64>],
    ) -> [f64; LANES] {
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
        out: &mut [MaybeUninit<f64>],
    ) -> [f64; LANES] {
        let m = self.paragraphs.len();
        let width = self.groups.width;
        let stride = self.groups.groups() * width;
        // Whole groups of whole replicates: the copy at the end then writes every element
        // of `out`, which the caller leaves uninitialized.
        assert!(stride > 0 && out.len() % stride == 0 && out.len() / stride <= LANES);
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
        // Group by group, each group's replicates together (see `Replicates::sums`).
        let lanes = out.len() / stride;
        for (g, run) in out.chunks_exact_mut(lanes * width).enumerate() {
            for (lane, row) in run.chunks_exact_mut(width).enumerate() {
                for (o, s) in row.iter_mut().zip(&sums[g * width..(g + 1) * width]) {
                    o.write(s.0[lane]);
                }
            }
        }
        totals
    }
}
