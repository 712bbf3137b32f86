//! Framing differences between two sides of a comparison (`framing_compare.csv`).
//!
//! For each faction (and voice) with mentions on both sides, every measure of
//! [`crate::framing::summary`] is computed on each side, pooling the side's documents (a
//! ratio of sums over all their paragraphs), and the difference target minus reference gets
//! a 95% percentile interval from a bootstrap **stratified by document**: each document's
//! paragraphs are resampled on their own, with the same draws as that document's
//! `framing_summary.csv` intervals (its seed comes from its id), and a side's replicate is
//! the sum of its documents' replicate sums. The two sides are resampled independently (they
//! share no document), so the interval reflects the uncertainty of both. A replicate in which
//! either side's measure is undefined (no mention drawn) is left out; `replicates` says how
//! many remained. A difference whose interval excludes 0 is the comparison's evidence that
//! the two sides frame the faction differently on that measure.
//!
//! A side holding most of the corpus (such as `rest`) is the corpus total minus the other
//! documents. A side of a few documents (its own, or those the total leaves out) is added
//! up replicate by replicate as its differences are taken, not copied out first: the same
//! floats, added in the same order. A document that both sides take, or several
//! comparisons, is resampled once for all of them (within [`KEPT_SUMS_BYTES`]):
//! comparisons that take a document in common are made one after another (their rows keep
//! the comparisons' order). So comparing each of D documents with the rest resamples
//! about 2 D documents, not D², and no more when the rest leaves out other documents of
//! the same work (`same_work_as`), which each of that work's comparisons takes;
//! [`summarize_and_compare`] adds up the total from the resampling that
//! `framing_summary.csv` makes anyway, which saves D more.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::summary::{self, DocumentFraming, Resampled, SummaryOptions, SummaryRow, VOICES};
use crate::analyses::compare::Comparison;
use crate::error::Result;
use crate::framing::framer::Framer;
use crate::rows::table_row;
use crate::stats::bootstrap::{ratio_values, Denominator, Ratio};
use replicated::{differences, SideGroup, SummedSides, NO_DIFFERENCE, SUMMED_DOCUMENTS};
use sums::{side_documents, GroupSums, Key, Source, Sums};

mod replicated;
mod sums;

table_row! {
    /// A row of `framing_compare.csv` (see [`crate::tables::FRAMING_COMPARE`]).
    ///
    /// ```
    /// use corpus_lens::{compare::select, corpus::Document, framing::compare::compare};
    /// use corpus_lens::framing::{summary::{DocumentFraming, SummaryOptions}, Context, Framer};
    /// use corpus_lens::{factions::FactionSet, lexicon::Lexicon};
    /// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
    /// let (mut a, mut b) = (DocumentFraming::default(), DocumentFraming::default());
    /// a.add(6, Some(framer.score_text("The Mensheviks were helpless.")));
    /// b.add(6, Some(framer.score_text("The Mensheviks were strong.")));
    /// let docs = vec![Document::bare("a", "a.txt"), Document::bare("b", "b.txt")];
    /// let c = select(&docs, &["a".into()], &["b".into()])?;
    /// let framed = [("a".to_string(), a), ("b".to_string(), b)];
    /// let rows = compare(&framer, &framed, &[c], &SummaryOptions::default())?;
    /// let row = rows.iter().find(|r| r.voice == "narrator" && r.measure == "strength").unwrap();
    /// assert_eq!((row.faction.as_str(), row.mentions_target, row.mentions_reference), ("mensheviks", 1, 1));
    /// assert!(row.estimate_target < 0.0 && row.estimate_reference > 0.0);
    /// assert_eq!(row.difference, row.estimate_target - row.estimate_reference);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[allow(missing_docs)]
    pub struct FramingCompareRow {
        pub target: String,
        pub reference: String,
        pub faction: String,
        pub faction_label: String,
        pub voice: &'static str,
        pub measure: String,
        pub mentions_target: u64,
        pub mentions_reference: u64,
        pub n_target: u64,
        pub n_reference: u64,
        pub estimate_target: f64,
        pub estimate_reference: f64,
        pub difference: f64,
        pub ci_low: f64,
        pub ci_high: f64,
        pub replicates: u64,
        pub enough_data: bool,
        pub p_value: f64,
        pub p_adjusted: f64,
        pub significant: bool,
    }
}

/// Bytes of documents' replicate sums that [`compare`] keeps for the sides and comparisons
/// that take the same document: comparing one document with the rest then resamples it once
/// for the comparison, not twice, and a work's documents are resampled once for all of its
/// comparisons. A document is dropped after the last comparison that takes it; past this
/// room the others are resampled each time.
///
/// ```
/// assert_eq!(corpus_lens::framing::compare::KEPT_SUMS_BYTES, 256 << 20);
/// ```
pub const KEPT_SUMS_BYTES: usize = 256 << 20;

/// One document's sums, resampled as in [`summary::summarize`], of the groups in `keys`.
fn document_sums(
    framer: &Framer,
    id: &str,
    doc: &DocumentFraming,
    options: &SummaryOptions,
    keys: Option<&BTreeSet<Key>>,
) -> Result<Sums> {
    Ok(Sums::of(&Resampled::new(framer, id, doc, options)?, keys))
}

/// The rows of `framing_compare.csv`: for each comparison (in the order given), each
/// faction (in the factions file's order) and voice (narrator, quoted, all) with mentions on
/// both sides, each measure of `framing_summary.csv`: both sides' estimates, the difference
/// (target minus reference) and its 95% bootstrap interval (see the module documentation).
/// `documents` are every document's framing in corpus order (the indices of
/// [`Comparison`]'s sides).
///
/// ```
/// use corpus_lens::{compare::select, corpus::{Corpus, Document}, framing::compare::compare};
/// use corpus_lens::framing::{summary::{DocumentFraming, SummaryOptions}, Context, Framer};
/// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon};
/// # let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n", "f.toml".as_ref())?;
/// # let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"honesty\"\npositive = \"p\"\nnegative = \"n\"\n[[term]]\nterm = \"treachery\"\ndimension = \"honesty\"\nweight = -0.9\n", "l.toml".as_ref())?;
/// let framer = Framer::new(factions, lexicon, Context::Sentence);
/// let mut a = DocumentFraming::default();
/// a.add(5, Some(framer.score_text("The treachery of the Cadets.")));
/// let mut b = DocumentFraming::default();
/// b.add(4, Some(framer.score_text("The Cadets met.")));
/// let docs = vec![Document::bare("a", "a.txt"), Document::bare("b", "b.txt")];
/// let c = select(&docs, &["a".into()], &["b".into()])?;
/// let rows = compare(&framer, &[("a".into(), a), ("b".into(), b)], &[c], &SummaryOptions::default())?;
/// let honesty = rows.iter().find(|r| r.voice == "all" && r.measure == "honesty").unwrap();
/// assert_eq!((honesty.estimate_target, honesty.estimate_reference), (-0.9, 0.0));
/// assert_eq!(honesty.difference, -0.9);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn compare(
    framer: &Framer,
    documents: &[(String, DocumentFraming)],
    comparisons: &[Comparison],
    options: &SummaryOptions,
) -> Result<Vec<FramingCompareRow>> {
    compare_keeping(framer, documents, comparisons, options, LIMITS)
}

/// [`summary::summarize`]'s rows and [`compare`]'s, each document resampled once for both:
/// for its own summary and for the corpus total the comparisons' sides start from (each
/// comparison then resamples its documents as [`compare`] does).
///
/// ```
/// use corpus_lens::{compare::all_versus_rest, corpus::{Corpus, Document}};
/// use corpus_lens::framing::{compare, summary::{self, DocumentFraming, SummaryOptions}, Context, Framer};
/// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon};
/// # let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n", "f.toml".as_ref())?;
/// # let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"honesty\"\npositive = \"p\"\nnegative = \"n\"\n[[term]]\nterm = \"treachery\"\ndimension = \"honesty\"\nweight = -0.9\n", "l.toml".as_ref())?;
/// let framer = Framer::new(factions, lexicon, Context::Sentence);
/// let (mut a, mut b) = (DocumentFraming::default(), DocumentFraming::default());
/// a.add(5, Some(framer.score_text("The treachery of the Cadets.")));
/// b.add(4, Some(framer.score_text("The Cadets met.")));
/// let docs = vec![("a".to_string(), a), ("b".to_string(), b)];
/// let comparisons = all_versus_rest(&[Document::bare("a", "a.txt"), Document::bare("b", "b.txt")]);
/// let options = SummaryOptions::default();
/// let (rows, compared) = compare::summarize_and_compare(&framer, &docs, &comparisons, &options)?;
/// // The same rows as each computed on its own.
/// assert_eq!(format!("{rows:?}"), format!("{:?}", summary::summarize(&framer, &docs, &options)?));
/// let alone = compare::compare(&framer, &docs, &comparisons, &options)?;
/// assert_eq!(format!("{compared:?}"), format!("{alone:?}"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn summarize_and_compare(
    framer: &Framer,
    documents: &[(String, DocumentFraming)],
    comparisons: &[Comparison],
    options: &SummaryOptions,
) -> Result<(Vec<SummaryRow>, Vec<FramingCompareRow>)> {
    let width = summary::width(framer.lexicon().dimensions().len());
    let mut rows = Vec::new();
    options.bootstrap.check()?;
    let mut total = Sums::empty(options.bootstrap.replicates);
    let mut data = Vec::with_capacity(documents.len());
    for (id, doc) in documents {
        let resampled = Resampled::for_summary(framer, id, doc, options)?;
        resampled.summary_rows(framer, id, options, &mut rows);
        if !comparisons.is_empty() {
            data.push(Sums::data_of(&resampled));
            if resampled.full() {
                total.add_resampled(&resampled, width);
            } else {
                total.add_resampled(&Resampled::new(framer, id, doc, options)?, width);
            }
        }
    }
    let compared = compare_from(
        framer,
        documents,
        comparisons,
        options,
        LIMITS,
        (total, data),
    )?;
    Ok((rows, compared))
}

/// How much of the documents' replicate sums a comparison holds: at most `kept_bytes` kept
/// for the comparisons that take a document again ([`KEPT_SUMS_BYTES`]), and sides of at
/// most `summed_documents` documents summed as they are read ([`SUMMED_DOCUMENTS`]).
#[derive(Debug, Clone, Copy)]
struct Limits {
    kept_bytes: usize,
    summed_documents: usize,
}

const LIMITS: Limits = Limits {
    kept_bytes: KEPT_SUMS_BYTES,
    summed_documents: SUMMED_DOCUMENTS,
};

/// [`compare`] within these limits.
fn compare_keeping(
    framer: &Framer,
    documents: &[(String, DocumentFraming)],
    comparisons: &[Comparison],
    options: &SummaryOptions,
    limits: Limits,
) -> Result<Vec<FramingCompareRow>> {
    if comparisons.is_empty() {
        return Ok(Vec::new());
    }
    let width = summary::width(framer.lexicon().dimensions().len());
    options.bootstrap.check()?;
    let mut total = Sums::empty(options.bootstrap.replicates);
    let mut data = Vec::with_capacity(documents.len());
    for (id, doc) in documents {
        let resampled = Resampled::new(framer, id, doc, options)?;
        data.push(Sums::data_of(&resampled));
        total.add_resampled(&resampled, width);
    }
    compare_from(
        framer,
        documents,
        comparisons,
        options,
        limits,
        (total, data),
    )
}

/// [`compare`] from the corpus total of every document's sums and each document's sums of
/// the data alone.
///
/// A comparison's sides are first added up from the data alone: their estimates and `n`,
/// and so which groups have a measure with enough mentions on both sides for an interval.
/// Only those groups are then resampled, and only if there is one; the others' rows get
/// their estimates with no interval.
fn compare_from(
    framer: &Framer,
    documents: &[(String, DocumentFraming)],
    comparisons: &[Comparison],
    options: &SummaryOptions,
    limits: Limits,
    (total, data): (Sums, Vec<Sums>),
) -> Result<Vec<FramingCompareRow>> {
    let total_data = total.data_only();
    let n = documents.len();
    // A document's sums kept from one comparison to the next that takes it (each document
    // of a work against the rest, which leaves out the whole work, takes every document of
    // that work), within `limits.kept_bytes`: the comparisons that share documents are made one
    // after another, and their rows then put back in the comparisons' order.
    let touched: Vec<Vec<usize>> = comparisons.iter().map(|c| touched(n, c)).collect();
    let mut kept = Kept::new(n, &touched, limits.kept_bytes);
    let order = sharing_order(n, &touched);
    // In the comparisons' own order the rows go straight into the table.
    let in_order = order.windows(2).all(|w| w[0] < w[1]);
    let mut rows_of: Vec<Vec<FramingCompareRow>> = vec![Vec::new(); comparisons.len()];
    let mut rows = Vec::new();
    for ci in order {
        let (c, touched) = (&comparisons[ci], &touched[ci]);
        let sums = (&total, &total_data, &data[..]);
        let out = if in_order {
            &mut rows
        } else {
            &mut rows_of[ci]
        };
        compare_one(
            framer,
            documents,
            c,
            options,
            sums,
            (&mut kept, touched, limits.summed_documents),
            out,
        )?;
        kept.done(touched);
    }
    if !in_order {
        rows.reserve_exact(rows_of.iter().map(Vec::len).sum());
        rows.extend(rows_of.into_iter().flatten());
    }
    // Benjamini-Hochberg over every tested difference of the table, as keyness.csv does.
    let p: Vec<f64> = rows.iter().map(|r| r.p_value).collect();
    let adjusted = crate::stats::keyness::adjust(&p, crate::stats::keyness::Correction::Fdr);
    for (row, q) in rows.iter_mut().zip(adjusted) {
        row.p_adjusted = q;
        row.significant = q <= SIGNIFICANCE;
    }
    Ok(rows)
}

/// The documents whose sums comparison `c`'s sides take one by one (see
/// [`side_documents`]), ascending.
fn touched(n: usize, c: &Comparison) -> Vec<usize> {
    let mut touched = side_documents(n, &c.target).0;
    touched.extend(side_documents(n, &c.reference).0);
    touched.sort_unstable();
    touched
}

/// The comparisons' indices with those that take a document in common (directly or through
/// others) one after another, in the order of each such set's first comparison.
fn sharing_order(n: usize, touched: &[Vec<usize>]) -> Vec<usize> {
    // Union-find over documents: a comparison joins the documents it takes.
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut d: usize) -> usize {
        while parent[d] != d {
            parent[d] = parent[parent[d]];
            d = parent[d];
        }
        d
    }
    for t in touched {
        for w in t.windows(2) {
            let (a, b) = (root(&mut parent, w[0]), root(&mut parent, w[1]));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut first: BTreeMap<usize, usize> = BTreeMap::new();
    let mut keyed: Vec<(usize, usize)> = (touched.iter().enumerate())
        .map(|(ci, t)| {
            let set = t
                .first()
                .map(|&d| root(&mut parent, d))
                .unwrap_or(usize::MAX);
            (*first.entry(set).or_insert(ci), ci)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, ci)| ci).collect()
}

/// Documents' replicate sums (of every group) kept while comparisons still take them.
struct Kept {
    sums: BTreeMap<usize, Sums>,
    /// Per document, how many of the comparisons left take it (twice if both sides do).
    uses: Vec<usize>,
    /// Bytes left to keep sums in.
    room: usize,
}

impl Kept {
    fn new(n: usize, touched: &[Vec<usize>], room: usize) -> Kept {
        let mut uses = vec![0; n];
        for &d in touched.iter().flatten() {
            uses[d] += 1;
        }
        Kept {
            sums: BTreeMap::new(),
            uses,
            room,
        }
    }

    /// Resamples and keeps the documents of `touched` that are taken again (by both sides
    /// here or by a later comparison) while they fit: `resample(d, every)` gives the sums
    /// of every group for a document a later comparison takes, and of this comparison's
    /// groups for the others.
    fn fill(
        &mut self,
        touched: &[usize],
        resample: &(dyn Fn(usize, bool) -> Result<Sums> + Sync),
    ) -> Result<()> {
        for &d in touched {
            if self.uses[d] < 2 || self.sums.contains_key(&d) {
                continue;
            }
            let here = touched.iter().filter(|&&t| t == d).count();
            let sums = resample(d, self.uses[d] > here)?;
            if let Some(left) = self.room.checked_sub(sums.bytes()) {
                self.room = left;
                self.sums.insert(d, sums);
            }
        }
        Ok(())
    }

    /// After a comparison: its documents are taken once less; those no longer taken are
    /// dropped.
    fn done(&mut self, touched: &[usize]) {
        for &d in touched {
            self.uses[d] -= 1;
            if self.uses[d] == 0 {
                if let Some(sums) = self.sums.remove(&d) {
                    self.room += sums.bytes();
                }
            }
        }
    }
}

/// The rows of one comparison, appended to `rows` (see [`compare_from`]), with the
/// documents' sums that `kept` holds or keeps.
fn compare_one(
    framer: &Framer,
    documents: &[(String, DocumentFraming)],
    c: &Comparison,
    options: &SummaryOptions,
    (total, total_data, data): (&Sums, &Sums, &[Sums]),
    (kept, touched, summed): (&mut Kept, &[usize], usize),
    rows: &mut Vec<FramingCompareRow>,
) -> Result<()> {
    let dims = framer.lexicon().dimensions().len();
    let width = summary::width(dims);
    let measures = summary::measures(framer);
    let ratios = summary::framer_ratios(framer);
    let data_of = |d: usize| -> Result<Cow<'_, Sums>> { Ok(Cow::Borrowed(&data[d])) };
    let n = documents.len();
    let source = Source {
        n,
        sums_of: &data_of,
        total: total_data,
        width,
    };
    let (td, rd) = source.sides(c, None)?;
    let both: Vec<(Key, &GroupSums, &GroupSums)> = (td.groups.iter())
        .filter_map(|(key, gt)| Some((*key, gt, rd.groups.get(key)?)))
        .collect();
    // Per group, the measures with enough mentions on both sides for an interval.
    let enough: Vec<Vec<bool>> = (both.iter())
        .map(|&(_, gt, gr)| {
            let ok = |g: &GroupSums, r: &Ratio| mentions_of(g, r) >= options.min_mentions;
            ratios.iter().map(|r| ok(gt, r) && ok(gr, r)).collect()
        })
        .collect();
    let needed: BTreeSet<Key> = (both.iter().zip(&enough))
        .filter(|(_, e)| e.iter().any(|&x| x))
        .map(|(&(key, _, _), _)| key)
        .collect();
    let full = if needed.is_empty() {
        None
    } else {
        // A document's sums of every group, or of this comparison's groups only.
        let keeping = |d: usize, every: bool| {
            let (id, doc) = &documents[d];
            document_sums(framer, id, doc, options, (!every).then_some(&needed))
        };
        kept.fill(touched, &keeping)?;
        let kept = &kept.sums;
        let sums_of = |d: usize| -> Result<Cow<'_, Sums>> {
            match kept.get(&d) {
                Some(sums) => Ok(Cow::Borrowed(sums)),
                None => keeping(d, false).map(Cow::Owned),
            }
        };
        Some(match SummedSides::new(n, c, total, &sums_of, summed)? {
            Some(sides) => Replicated::Summed(sides),
            None => {
                let source = Source {
                    n,
                    sums_of: &sums_of,
                    total,
                    width,
                };
                Replicated::Held(source.sides(c, Some(&needed))?)
            }
        })
    };
    // Groups in parallel (each takes B ratios and two selections per measure), their
    // rows then in group order. The estimates are the sides' sums of the data.
    let per_group: Vec<_> = (both.par_iter().zip(&enough))
        .map(|(&(key, gt, gr), enough)| {
            let estimate =
                [(&td, gt), (&rd, gr)].map(|(s, g)| ratio_values(&g.data, &ratios, s.size));
            let intervals = match &full {
                Some(full) if needed.contains(&key) => {
                    differences(full.groups(&key), &ratios, width, enough)
                }
                _ => vec![NO_DIFFERENCE; ratios.len()],
            };
            let pairs = (0..ratios.len()).map(|k| [estimate[0][k], estimate[1][k]]);
            pairs.zip(intervals).collect::<Vec<_>>()
        })
        .collect();
    for (&(key, gt, gr), differences) in both.iter().zip(per_group) {
        let faction = &framer.factions().factions()[key.0];
        for ((measure, ratio), (est, interval)) in measures.iter().zip(&ratios).zip(differences) {
            let enough_data =
                (mentions_of(gt, ratio).min(mentions_of(gr, ratio))) >= options.min_mentions;
            rows.push(FramingCompareRow {
                target: c.target.label.clone(),
                reference: c.reference.label.clone(),
                faction: faction.id.clone(),
                faction_label: faction.label.clone(),
                voice: VOICES[key.1],
                measure: measure.clone(),
                mentions_target: gt.data[0].round() as u64,
                mentions_reference: gr.data[0].round() as u64,
                n_target: mentions_of(gt, ratio),
                n_reference: mentions_of(gr, ratio),
                estimate_target: est[0],
                estimate_reference: est[1],
                difference: est[0] - est[1],
                ci_low: interval.0,
                ci_high: interval.1,
                replicates: interval.2 as u64,
                enough_data,
                p_value: interval.3,
                p_adjusted: f64::NAN,
                significant: false,
            });
        }
    }
    Ok(())
}

/// A measure's `n` on a side: its denominator in mentions (for the rate, the mentions).
fn mentions_of(g: &GroupSums, ratio: &Ratio) -> u64 {
    match ratio.denominator {
        Denominator::Value(j) => g.data[j].round() as u64,
        Denominator::Size => g.data[0].round() as u64,
    }
}

/// The false-discovery rate at which a difference of `framing_compare.csv` is `significant`.
pub const SIGNIFICANCE: f64 = 0.05;

/// The bootstrap's two-sided p-value of "no difference": twice the smaller share of
/// replicates on either side of 0, as `(count + 1) / (n + 1)` so that it is never 0 (Davison
/// & Hinkley 1997, 4.4), at most 1. NaN without replicates.
///
/// ```
/// use corpus_lens::framing::compare::bootstrap_p_value;
/// // 3 of 99 replicates at or below 0: p = 2 * 4 / 100.
/// let d: Vec<f64> = (0..99).map(|i| if i < 3 { -1.0 } else { 1.0 }).collect();
/// assert!((bootstrap_p_value(&d) - 0.08).abs() < 1e-12);
/// assert_eq!(bootstrap_p_value(&[0.0; 9]), 1.0);
/// ```
pub fn bootstrap_p_value(differences: &[f64]) -> f64 {
    let n = differences.len();
    if n == 0 {
        return f64::NAN;
    }
    let below = differences.iter().filter(|&&d| d <= 0.0).count();
    let above = differences.iter().filter(|&&d| d >= 0.0).count();
    (2.0 * (below.min(above) + 1) as f64 / (n + 1) as f64).min(1.0)
}

/// Both sides' replicates: added up beforehand, or summed as they are read.
enum Replicated<'a> {
    Held((Sums, Sums)),
    Summed(SummedSides<'a>),
}

impl Replicated<'_> {
    /// Group `key` on the target and on the reference side.
    fn groups(&self, key: &Key) -> [SideGroup<'_>; 2] {
        match self {
            Replicated::Held(sides) => [&sides.0, &sides.1].map(|s| SideGroup::Held {
                replicates: &s.groups[key].replicates,
                sizes: &s.sizes,
            }),
            Replicated::Summed(summed) => [summed.group(0, key), summed.group(1, key)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyses::compare::select;
    use crate::corpus::Corpus;
    use crate::framing::Context;
    use crate::run::{Analyzer, Config};
    use crate::stats::bootstrap::Bootstrap;
    use crate::{framing::factions::FactionSet, framing::lexicon::Lexicon};

    #[test]
    fn kept_and_resampled_sums_give_the_same_rows() {
        let corpus = Corpus::load_default().unwrap();
        let framer = Framer::new(
            FactionSet::load_default().unwrap(),
            Lexicon::load_default().unwrap(),
            Context::Sentence,
        );
        let mut config = Config::default();
        config.count.framing = Some(framer.clone());
        let mut analysis = Analyzer::new(config).run(&corpus).unwrap();
        let docs = analysis.take_framing();
        // Each document against the rest, as `analyze` compares them by default.
        let comparisons: Vec<Comparison> = docs
            .iter()
            .map(|(id, _)| select(corpus.documents(), std::slice::from_ref(id), &[]).unwrap())
            .collect();
        let options = SummaryOptions {
            bootstrap: Bootstrap {
                replicates: 100,
                seed: 3,
            },
            first_person: true,
            ..Default::default()
        };
        // As text: rows with no estimate hold NaN, which equals nothing.
        let rows = |kept_bytes, summed_documents| {
            let limits = Limits {
                kept_bytes,
                summed_documents,
            };
            let rows = compare_keeping(&framer, &docs, &comparisons, &options, limits);
            format!("{:?}", rows.unwrap())
        };
        let kept = rows(usize::MAX, SUMMED_DOCUMENTS);
        assert!(
            kept.matches("FramingCompareRow").count() > 1000,
            "the shipped corpus compares"
        );
        // Room for no document: every side resamples its documents again.
        assert_eq!(rows(0, SUMMED_DOCUMENTS), kept);
        // Every side added up before it is read, and with no room kept either.
        assert_eq!(rows(usize::MAX, 0), kept);
        assert_eq!(rows(0, 0), kept);
        // Below the minimum evidence: no interval, no p-value and no replicate counted.
        let limits = Limits {
            kept_bytes: usize::MAX,
            ..LIMITS
        };
        let all = compare_keeping(&framer, &docs, &comparisons, &options, limits).unwrap();
        let (few, enough): (Vec<_>, Vec<_>) = all.iter().partition(|r| !r.enough_data);
        assert!(!few.is_empty() && !enough.is_empty());
        assert!(few.iter().all(|r| r.replicates == 0
            && r.ci_low.is_nan()
            && r.p_value.is_nan()
            && !r.significant
            && r.n_target.min(r.n_reference) < options.min_mentions));
        assert!(enough
            .iter()
            .all(|r| r.replicates > 0 && r.p_value.is_finite()));
        // Trotsky's two translations share documents, so their comparisons are made one
        // after the other, out of the table's order: the rows are each comparison's own,
        // in the comparisons' order (the adjusted p-values are the whole table's).
        let n = docs.len();
        let touched: Vec<Vec<usize>> = comparisons.iter().map(|c| touched(n, c)).collect();
        let order = sharing_order(n, &touched);
        assert!(order.windows(2).any(|w| w[0] > w[1]), "{order:?}");
        let alone: Vec<FramingCompareRow> = (comparisons.iter())
            .flat_map(|c| compare(&framer, &docs, std::slice::from_ref(c), &options).unwrap())
            .collect();
        let unadjusted = |rows: &[FramingCompareRow]| {
            let rows = rows.iter().map(|r| FramingCompareRow {
                p_adjusted: 0.0,
                significant: false,
                ..r.clone()
            });
            format!("{:?}", rows.collect::<Vec<_>>())
        };
        assert_eq!(unadjusted(&all), unadjusted(&alone));
    }

    #[test]
    fn comparisons_that_share_documents_are_made_together() {
        // 0 shares document 5 with 2, and 2 shares 6 with 3; 1 shares nothing.
        let touched = vec![vec![0, 5], vec![1, 1], vec![2, 5, 6], vec![3, 6], vec![]];
        assert_eq!(sharing_order(7, &touched), [0, 2, 3, 1, 4]);
    }
}
