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
//! documents, so comparing each of D documents with the rest resamples about 3 D documents,
//! not D².

use std::collections::BTreeMap;

use super::summary::{self, DocumentFraming, SummaryOptions, VOICES};
use super::Framer;
use crate::bootstrap::{quantile_of, ratio_into, ratio_values, Denominator, Ratio};
use crate::compare::{Comparison, Side};
use crate::error::Result;
use crate::tables::table_row;

table_row! {
    /// A row of `framing_compare.csv` (see [`crate::tables::FRAMING_COMPARE`]).
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
    }
}

/// One (faction, voice) group's sums on a side: the data's `width` sums and each
/// replicate's (`replicate * width + j`).
#[derive(Debug, Clone)]
struct GroupSums {
    data: Vec<f64>,
    replicates: Vec<f64>,
}

/// A document's or a side's sums: per (faction, voice), and the sizes (tokens) of the data
/// and of each replicate.
#[derive(Debug, Clone)]
struct Sums {
    groups: BTreeMap<(usize, usize), GroupSums>,
    size: f64,
    sizes: Vec<f64>,
}

impl Sums {
    fn empty(b: usize) -> Sums {
        Sums {
            groups: BTreeMap::new(),
            size: 0.0,
            sizes: vec![0.0; b],
        }
    }

    /// Adds (`sign` 1) or subtracts (`sign` -1) another's sums.
    fn add(&mut self, other: &Sums, sign: f64, width: usize) {
        self.size += sign * other.size;
        for (s, o) in self.sizes.iter_mut().zip(&other.sizes) {
            *s += sign * o;
        }
        let b = self.sizes.len();
        for (key, g) in &other.groups {
            let mine = self.groups.entry(*key).or_insert_with(|| GroupSums {
                data: vec![0.0; width],
                replicates: vec![0.0; b * width],
            });
            for (x, y) in mine.data.iter_mut().zip(&g.data) {
                *x += sign * y;
            }
            for (x, y) in mine.replicates.iter_mut().zip(&g.replicates) {
                *x += sign * y;
            }
        }
        // A group subtracted to nothing (no mention left) is not on this side.
        if sign < 0.0 {
            self.groups.retain(|_, g| g.data[0] > 0.5);
        }
    }
}

/// One document's sums, resampled as in [`summary::summarize`].
fn document_sums(
    framer: &Framer,
    id: &str,
    doc: &DocumentFraming,
    options: &SummaryOptions,
) -> Result<Sums> {
    let (keys, groups) = summary::sparse_groups(framer, doc, options.first_person)?;
    let width = groups.width();
    let sizes = summary::sizes(doc);
    let reps = summary::document_bootstrap(options, id).sums_sparse(&sizes, &groups);
    let b = reps.replicates;
    let mut out = Sums {
        groups: BTreeMap::new(),
        size: sizes.iter().sum(),
        sizes: reps.totals.clone(),
    };
    for (g, key) in keys.iter().enumerate() {
        let sums = groups.sums(g).to_vec();
        let mut replicates = Vec::with_capacity(b * width);
        for r in 0..b {
            replicates.extend_from_slice(reps.group(r, g));
        }
        out.groups.insert(
            *key,
            GroupSums {
                data: sums,
                replicates,
            },
        );
    }
    Ok(out)
}

/// A side's sums: its documents' added, or, when it holds most of the corpus, the total
/// minus the other documents'. Each document's sums are computed again here rather than
/// kept from the first pass: a document's replicate sums take `B x groups x width` floats
/// (tens of megabytes), so keeping every document's would make memory grow with the corpus.
fn side_sums(
    documents: &[(String, DocumentFraming)],
    sums_of: &dyn Fn(usize) -> Result<Sums>,
    total: &Sums,
    side: &Side,
    width: usize,
) -> Result<Sums> {
    let b = total.sizes.len();
    if side.documents.len() * 2 <= documents.len() {
        let mut s = Sums::empty(b);
        for &d in &side.documents {
            s.add(&sums_of(d)?, 1.0, width);
        }
        Ok(s)
    } else {
        let mut s = total.clone();
        for d in (0..documents.len()).filter(|d| !side.documents.contains(d)) {
            s.add(&sums_of(d)?, -1.0, width);
        }
        Ok(s)
    }
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
    if comparisons.is_empty() {
        return Ok(Vec::new());
    }
    let dims = framer.lexicon().dimensions().len();
    let width = summary::width(dims);
    let b = options.bootstrap.replicates;
    let sums_of = |d: usize| document_sums(framer, &documents[d].0, &documents[d].1, options);
    let mut total = Sums::empty(b);
    for d in 0..documents.len() {
        total.add(&sums_of(d)?, 1.0, width);
    }
    let measures = summary::measures(framer);
    let ratios = summary::ratios(dims);
    let mut rows = Vec::new();
    // One comparison at a time: each holds two sides' replicate sums.
    for c in comparisons {
        let t = side_sums(documents, &sums_of, &total, &c.target, width)?;
        let r = side_sums(documents, &sums_of, &total, &c.reference, width)?;
        for (key, gt) in &t.groups {
            let Some(gr) = r.groups.get(key) else {
                continue;
            };
            let faction = &framer.factions().factions()[key.0];
            let differences = differences([(&t, gt), (&r, gr)], &ratios, width);
            for ((measure, ratio), (est, interval)) in measures.iter().zip(&ratios).zip(differences)
            {
                let n = |g: &GroupSums| match ratio.denominator {
                    Denominator::Value(j) => g.data[j].round() as u64,
                    Denominator::Size => g.data[0].round() as u64,
                };
                rows.push(FramingCompareRow {
                    target: c.target.label.clone(),
                    reference: c.reference.label.clone(),
                    faction: faction.id.clone(),
                    faction_label: faction.label.clone(),
                    voice: VOICES[key.1],
                    measure: measure.clone(),
                    mentions_target: gt.data[0].round() as u64,
                    mentions_reference: gr.data[0].round() as u64,
                    n_target: n(gt),
                    n_reference: n(gr),
                    estimate_target: est[0],
                    estimate_reference: est[1],
                    difference: est[0] - est[1],
                    ci_low: interval.0,
                    ci_high: interval.1,
                    replicates: interval.2 as u64,
                });
            }
        }
    }
    Ok(rows)
}

/// Per ratio: both sides' estimates, and the 2.5% and 97.5% quantiles of the replicates'
/// differences with how many were defined.
fn differences(
    sides: [(&Sums, &GroupSums); 2],
    ratios: &[Ratio],
    width: usize,
) -> Vec<([f64; 2], (f64, f64, usize))> {
    let estimate = sides.map(|(s, g)| ratio_values(&g.data, ratios, s.size));
    let b = sides[0].0.sizes.len();
    let mut diffs: Vec<Vec<f64>> = vec![Vec::with_capacity(b); ratios.len()];
    let (mut t, mut f) = (vec![0.0; ratios.len()], vec![0.0; ratios.len()]);
    for r in 0..b {
        for ((s, g), out) in sides.iter().zip([&mut t, &mut f]) {
            let sums = &g.replicates[r * width..(r + 1) * width];
            ratio_into(sums, ratios, s.sizes[r], out);
        }
        for (k, d) in diffs.iter_mut().enumerate() {
            let x = t[k] - f[k];
            if x.is_finite() {
                d.push(x);
            }
        }
    }
    diffs
        .into_iter()
        .enumerate()
        .map(|(k, mut d)| {
            let n = d.len();
            let interval = (quantile_of(&mut d, 0.025), quantile_of(&mut d, 0.975), n);
            ([estimate[0][k], estimate[1][k]], interval)
        })
        .collect()
}
