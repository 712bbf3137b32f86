//! How to resample ([`Bootstrap`]), and every replicate's weighted sums ([`Replicates`]).

use rayon::prelude::*;

use crate::error::{Error, Result};

use crate::stats::bootstrap::draws::Draws;
use crate::stats::bootstrap::sparse::{Entries, Group, Size, SparseGroups, LANES};

/// The default number of replicates.
pub const DEFAULT_REPLICATES: usize = 2000;

/// The default seed.
pub const DEFAULT_SEED: u64 = 20_171_107;

/// The fewest replicates [`Bootstrap::new`] accepts: a 95% percentile interval needs a
/// replicate beyond each of its ends (1 / 0.025 = 40); with fewer, its ends are the extreme
/// replicates, and with one the interval is a single draw that need not hold the estimate.
pub const MIN_REPLICATES: usize = 40;

/// The most replicates [`Bootstrap::new`] accepts: 50 times the default, and a bounded
/// memory (each replicate holds a group's sums).
pub const MAX_REPLICATES: usize = 100_000;

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
    /// A bootstrap of `replicates` draws ([`MIN_REPLICATES`] to [`MAX_REPLICATES`]), or
    /// `Error::Usage` naming the range.
    ///
    /// ```
    /// use corpus_lens::bootstrap::Bootstrap;
    /// assert_eq!(Bootstrap::new(500, 7)?.replicates, 500);
    /// let err = Bootstrap::new(4_294_967_295, 7).unwrap_err();
    /// assert_eq!(err.to_string(), "bootstrap replicates 4294967295: use 40 to 100000");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn new(replicates: usize, seed: u64) -> Result<Bootstrap> {
        let boot = Bootstrap { replicates, seed };
        boot.check()?;
        Ok(boot)
    }

    /// Whether `replicates` is in range (see [`Bootstrap::new`]): the entry points that
    /// take a caller's bootstrap (the framing summary and comparison, the agency table, the
    /// stance evaluation) check it before allocating a replicate's sums.
    ///
    /// ```
    /// use corpus_lens::bootstrap::Bootstrap;
    /// assert!(Bootstrap::default().check().is_ok());
    /// assert!(Bootstrap { replicates: 1, seed: 7 }.check().unwrap_err().is_usage());
    /// ```
    pub fn check(&self) -> Result<()> {
        if (MIN_REPLICATES..=MAX_REPLICATES).contains(&self.replicates) {
            return Ok(());
        }
        Err(Error::Usage(format!(
            "bootstrap replicates {}: use {MIN_REPLICATES} to {MAX_REPLICATES}",
            self.replicates
        )))
    }
}

/// A signalling NaN that no sum is (arithmetic gives quiet NaNs): test builds fill the
/// replicates' sums with it first, and check that none is left.
#[cfg(debug_assertions)]
const UNWRITTEN: u64 = 0x7FF4_DEAD_BEEF_0001;

/// Whether dense groups are well formed: `width` values per listed paragraph, paragraphs
/// ascending, parts among the groups before.
pub(super) fn check_groups(groups: &[Group], width: usize) -> Result<()> {
    for (g, group) in groups.iter().enumerate() {
        let bad = |what: String| Err(Error::Usage(format!("bootstrap group {g}: {what}")));
        if group.values.len() != group.paragraphs.len() * width {
            return bad(format!(
                "{} values for {} paragraphs of {width}",
                group.values.len(),
                group.paragraphs.len()
            ));
        }
        if group.paragraphs.windows(2).any(|w| w[0] >= w[1]) {
            return bad("paragraphs are not ascending".into());
        }
        if let Some(&q) = group.parts.iter().find(|&&q| q >= g) {
            return bad(format!("part {q} is not a group before it"));
        }
    }
    Ok(())
}

/// Every replicate's weighted sums, before any ratio is taken (see [`Bootstrap::sums`]).
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, Group};
/// // Two paragraphs of 5 tokens; the group has 1.0 in paragraph 0 and 3.0 in paragraph 1.
/// let group = Group { paragraphs: vec![0, 1], values: vec![1.0, 3.0], ..Default::default() };
/// let reps = Bootstrap { replicates: 50, seed: 2 }.sums(&[5.0, 5.0], &[group], 1)?;
/// assert_eq!((reps.replicates, reps.groups, reps.width), (50, 1, 1));
/// // Each replicate draws two paragraphs: 0+0, 0+1 or 1+1.
/// assert!((0..50).all(|b| [2.0, 4.0, 6.0].contains(&reps.group(b, 0)[0])));
/// assert!(reps.totals.iter().all(|&t| t == 10.0));
/// # Ok::<(), corpus_lens::Error>(())
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
    /// The `width` weighted sums of every replicate and group, in blocks of
    /// [`Replicates::LANES`] replicates (the last block may be shorter): block `k` of `l`
    /// replicates starts at `k * LANES * groups * width` and holds group `g`'s sums in its
    /// replicate `lane` at `(g * l + lane) * width` after that, so that a group's
    /// replicates lie in runs of `l * width` (its intervals read them one after another);
    /// see [`Replicates::group`] and [`Replicates::rows_of`].
    pub sums: Vec<f64>,
}

impl Replicates {
    /// The `width` sums of group `g` in replicate `b`.
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Group};
    /// let group = Group { paragraphs: vec![0], values: vec![1.0], ..Default::default() };
    /// let reps = Bootstrap { replicates: 40, seed: 1 }.sums(&[5.0], &[group], 1)?;
    /// // One paragraph: every replicate draws it once.
    /// assert_eq!(reps.group(39, 0), [1.0]);
    /// assert_eq!(reps.totals, [5.0; 40]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn group(&self, b: usize, g: usize) -> &[f64] {
        let (block, lane) = (b / LANES, b % LANES);
        let lanes = LANES.min(self.replicates - block * LANES);
        let at = block * LANES * self.groups * self.width + (g * lanes + lane) * self.width;
        &self.sums[at..at + self.width]
    }

    /// Replicates are laid out in blocks of this many (see [`Replicates::sums`]).
    pub const LANES: usize = LANES;

    /// Every replicate's sums of group `g`, in replicate order.
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Group};
    /// let group = Group { paragraphs: vec![0], values: vec![1.0, 2.0], ..Default::default() };
    /// let reps = Bootstrap { replicates: 40, seed: 1 }.sums(&[5.0], &[group], 2)?;
    /// let rows: Vec<&[f64]> = reps.rows_of(0).collect();
    /// assert_eq!(rows.len(), 40);
    /// assert!((0..40).all(|b| rows[b] == reps.group(b, 0)));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn rows_of(&self, g: usize) -> impl Iterator<Item = &[f64]> + '_ {
        (0..self.replicates).map(move |b| self.group(b, g))
    }

    /// The same sums as [`Replicates::rows_of`], one run per block of
    /// [`Replicates::LANES`] replicates (their `width` sums one after another): what
    /// copies and additions of a group's replicates take, a block at a time.
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Group};
    /// let group = Group { paragraphs: vec![0], values: vec![1.0, 2.0], ..Default::default() };
    /// let reps = Bootstrap { replicates: 40, seed: 1 }.sums(&[5.0], &[group], 2)?;
    /// let runs: Vec<f64> = reps.runs_of(0).flatten().copied().collect();
    /// let rows: Vec<f64> = reps.rows_of(0).flatten().copied().collect();
    /// assert_eq!((runs, reps.runs_of(0).count()), (rows, 3)); // blocks of 16, 16 and 8
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn runs_of(&self, g: usize) -> impl Iterator<Item = &[f64]> + '_ {
        let (block, width) = (LANES * self.groups * self.width, self.width);
        (0..self.replicates.div_ceil(LANES)).map(move |k| {
            let lanes = LANES.min(self.replicates - k * LANES);
            let at = k * block + g * lanes * width;
            &self.sums[at..at + lanes * width]
        })
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
    /// let reps = Bootstrap { replicates: 100, seed: 7 }.sums(&[1.0, 1.0], &[group], 1)?;
    /// // Paragraph 1 is drawn 0, 1 or 2 times out of 2.
    /// assert!((0..100).all(|b| [0.0, 2.0, 4.0].contains(&reps.group(b, 0)[0])));
    /// assert!((0..100).all(|b| reps.totals[b] == 2.0));
    /// // Out of range: too few replicates, a paragraph that is not sized, a short row.
    /// let few = Bootstrap { replicates: 1, seed: 7 };
    /// assert!(few.sums(&[1.0, 1.0], &[Group::default()], 1).unwrap_err().is_usage());
    /// let boot = Bootstrap::default();
    /// let far = Group { paragraphs: vec![5], values: vec![1.0], ..Default::default() };
    /// assert!(boot.sums(&[1.0, 1.0], &[far], 1).unwrap_err().is_usage());
    /// let short = Group { paragraphs: vec![0, 1], values: vec![1.0], ..Default::default() };
    /// assert!(boot.sums(&[1.0, 1.0], &[short], 1).unwrap_err().is_usage());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn sums(&self, sizes: &[f64], groups: &[Group], width: usize) -> Result<Replicates> {
        check_groups(groups, width)?;
        self.sums_sparse(sizes, &SparseGroups::from_groups(groups, width))
    }

    /// [`Bootstrap::sums`] of groups in their compact form.
    ///
    /// ```
    /// use corpus_lens::bootstrap::{Bootstrap, Group, SparseGroups};
    /// let group = Group { paragraphs: vec![1], values: vec![2.0], ..Default::default() };
    /// let boot = Bootstrap { replicates: 40, seed: 7 };
    /// let sparse = SparseGroups::from_groups(&[group.clone()], 1);
    /// assert_eq!(boot.sums_sparse(&[1.0, 1.0], &sparse)?, boot.sums(&[1.0, 1.0], &[group], 1)?);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn sums_sparse(&self, sizes: &[f64], groups: &SparseGroups) -> Result<Replicates> {
        self.check_input(sizes.len(), groups)?;
        Ok(self.sums_sized(sizes, groups))
    }

    /// Whether the replicates are in range ([`Bootstrap::check`]) and every valued
    /// paragraph of `groups` is one of the `paragraphs` sized.
    pub(super) fn check_input(&self, paragraphs: usize, groups: &SparseGroups) -> Result<()> {
        self.check()?;
        match groups.last_paragraph() {
            Some(p) if p as usize >= paragraphs => Err(Error::Usage(format!(
                "bootstrap: a group has a value in paragraph {p}, but only {paragraphs} \
                 paragraphs are sized"
            ))),
            _ => Ok(()),
        }
    }

    /// [`Bootstrap::sums_sparse`] with the sizes as the caller holds them.
    pub(crate) fn sums_sized<Z: Size>(&self, sizes: &[Z], groups: &SparseGroups) -> Replicates {
        let n = sizes.len();
        let width = groups.width();
        let stride = groups.groups() * width;
        let len = self.replicates * stride;
        let mut reps = Replicates {
            replicates: self.replicates,
            groups: groups.groups(),
            width,
            totals: vec![0.0; self.replicates],
            sums: Vec::new(),
        };
        if n == 0 || stride == 0 {
            reps.sums = vec![0.0; len];
        }
        if n == 0 {
            return reps;
        }
        // Each replicate only needs the groups' weighted sums, so only the valued paragraphs
        // are drawn one by one (see "Drawing" in the module documentation). Replicates are
        // computed LANES at a time, their counts gathered paragraph by paragraph, so one pass
        // over the values serves LANES replicates.
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
        // Not zeroed first: every block writes all of its sums (`Entries::sums`), and a
        // zeroing pass over tens of megabytes a document ran on one thread before them.
        let mut sums: Vec<f64> = Vec::with_capacity(len);
        #[cfg(debug_assertions)]
        for x in &mut sums.spare_capacity_mut()[..len] {
            x.write(f64::from_bits(UNWRITTEN));
        }
        sums.spare_capacity_mut()[..len]
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
        // SAFETY: the chunks cover the first `len` elements, and `Entries::sums` writes
        // every element of the chunk it is given (it checks that the chunk is whole groups).
        unsafe { sums.set_len(len) };
        #[cfg(debug_assertions)]
        assert!(sums.iter().all(|x| x.to_bits() != UNWRITTEN));
        reps.sums = sums;
        reps
    }
}
