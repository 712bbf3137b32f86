//! `framing_summary.csv`: each document resampled by its paragraphs, and its rows with
//! their bootstrap intervals.

use crate::error::Result;
use crate::framing::framer::Framer;
use crate::framing::summary::document::DocumentFraming;
use crate::framing::summary::groups::sparse_groups;
use crate::framing::summary::measures::{framer_ratios, measures, VOICES};
use crate::rows::table_row;
use crate::stats::bootstrap::linear::Linear;
use crate::stats::bootstrap::{Bootstrap, Denominator, Interval, Ratio, SparseGroups};

/// How mentions are summarized.
///
/// ```
/// use corpus_lens::bootstrap::Bootstrap;
/// use corpus_lens::framing::summary::SummaryOptions;
/// // 5,000 replicates with a seed of one's own, and no first-person mentions.
/// let options = SummaryOptions {
///     bootstrap: Bootstrap { replicates: 5000, seed: 7 },
///     first_person: false,
///     ..Default::default()
/// };
/// assert!(SummaryOptions::default().first_person);
/// assert_eq!(SummaryOptions::default().min_mentions, 5);
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryOptions {
    /// Resampling.
    pub bootstrap: Bootstrap,
    /// Count first-person mentions ("we") in the summary. Default: true.
    pub first_person: bool,
    /// The fewest mentions behind a measure (its `n`) for an interval: below it the interval
    /// is left empty and the row says `enough_data = false`. Default: [`MIN_MENTIONS`].
    pub min_mentions: u64,
    /// The fewest paragraphs a group's mentions must lie in for an interval (the bootstrap
    /// resamples paragraphs: one or two give a degenerate interval). Default:
    /// [`MIN_PARAGRAPHS`].
    pub min_paragraphs: u64,
    /// The fewest paragraphs of a document for which its measures carried by at least
    /// [`LINEAR_SUPPORT`] paragraphs get a linearized interval instead of a bootstrapped one
    /// (the delta method, the bootstrap's own large-sample limit: see
    /// [`crate::stats::bootstrap`]); 0: always bootstrapped. Default: [`LINEARIZE_FROM`].
    pub linearize_from: u64,
}

/// Default [`SummaryOptions::linearize_from`]: 10,000 paragraphs, past the longest shipped
/// memoir (about 2,900), where the bootstrap's B = 2000 replicates of every measure are the
/// largest part of the summary's cost.
pub const LINEARIZE_FROM: u64 = 10_000;

/// The fewest paragraphs a measure's numerator and denominator must each be other than 0
/// in for a linearized interval (in a document of [`SummaryOptions::linearize_from`]
/// paragraphs or more): 100. Past it, on the 64 MB bench, the linearized interval's ends
/// lie nearer the percentile interval of B = 2000 replicates than those of a second
/// bootstrap with another seed (median 0.07 against 0.09 standard errors, at most 0.25
/// against 0.31); with fewer, a sparse numerator skews the bootstrap distribution.
pub const LINEAR_SUPPORT: u64 = 100;

/// Default [`SummaryOptions::min_mentions`]: 5. With fewer values a percentile interval of a
/// mean of scores in [-1, 1] is little more than their range, and reads as certainty it
/// does not have (an interval [0.905, 0.905] from one mention).
pub const MIN_MENTIONS: u64 = 5;

/// Default [`SummaryOptions::min_paragraphs`]: 3, the fewest clusters for which a cluster
/// bootstrap's replicates differ in more than which of two paragraphs they draw.
pub const MIN_PARAGRAPHS: u64 = 3;

impl SummaryOptions {
    /// Whether a measure over `n` mentions in `paragraphs` paragraphs gets an interval.
    ///
    /// ```
    /// let options = corpus_lens::framing::summary::SummaryOptions::default();
    /// assert!(options.enough_data(5, 3));
    /// assert!(!options.enough_data(1, 1) && !options.enough_data(40, 2));
    /// ```
    pub fn enough_data(&self, n: u64, paragraphs: u64) -> bool {
        n >= self.min_mentions && paragraphs >= self.min_paragraphs
    }
}

impl Default for SummaryOptions {
    fn default() -> SummaryOptions {
        SummaryOptions {
            bootstrap: Bootstrap::default(),
            first_person: true,
            min_mentions: MIN_MENTIONS,
            min_paragraphs: MIN_PARAGRAPHS,
            linearize_from: LINEARIZE_FROM,
        }
    }
}

table_row! {
    /// A row of `framing_summary.csv` (see [`crate::tables::FRAMING_SUMMARY`]).
    ///
    /// ```
    /// use corpus_lens::framing::summary::{summarize, DocumentFraming, SummaryOptions};
    /// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
    /// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
    /// let mut doc = DocumentFraming::default();
    /// doc.add(7, Some(framer.score_text("The treacherous Mensheviks fled.")));
    /// doc.add(5, Some(framer.score_text("The Mensheviks were honest.")));
    /// let rows = summarize(&framer, &[("memoir".into(), doc)], &SummaryOptions::default())?;
    /// let row = rows.iter().find(|r| r.voice == "all" && r.measure == "honesty_direction").unwrap();
    /// assert_eq!((row.faction.as_str(), row.mentions, row.paragraphs), ("mensheviks", 2, 2));
    /// // Two mentions are too few for an interval: it is left empty (and not computed).
    /// assert!(!row.enough_data && row.ci_low.is_nan() && row.ci_high.is_nan());
    /// assert_eq!(row.replicates, 0);
    /// // With the minimum lowered to what there is, the interval holds the estimate.
    /// let options = SummaryOptions { min_mentions: 1, min_paragraphs: 1, ..Default::default() };
    /// # let mut doc = DocumentFraming::default();
    /// # doc.add(7, Some(framer.score_text("The treacherous Mensheviks fled.")));
    /// # doc.add(5, Some(framer.score_text("The Mensheviks were honest.")));
    /// let rows = summarize(&framer, &[("memoir".into(), doc)], &options)?;
    /// let row = rows.iter().find(|r| r.voice == "all" && r.measure == "honesty_direction").unwrap();
    /// assert!(row.enough_data && row.ci_low <= row.estimate && row.estimate <= row.ci_high);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[allow(missing_docs)]
    pub struct SummaryRow {
        pub document: String,
        pub faction: String,
        pub faction_label: String,
        pub voice: &'static str,
        pub measure: String,
        pub mentions: u64,
        pub paragraphs: u64,
        pub n: u64,
        pub estimate: f64,
        pub ci_low: f64,
        pub ci_high: f64,
        pub replicates: u64,
        pub enough_data: bool,
    }
}

/// Summary rows for every document, faction with mentions and voice with mentions, in
/// document order, then faction in the lexicon's order, then voice (narrator, quoted, all),
/// then measure (mentions_per_10k, valence, share_positive, share_negative, the dimensions
/// in the lexicon's order, then their `_direction` measures).
///
/// ```
/// use corpus_lens::framing::summary::{summarize, DocumentFraming, SummaryOptions};
/// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
/// # let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n", "f.toml".as_ref())?;
/// # let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"honesty\"\npositive = \"p\"\nnegative = \"n\"\n[[term]]\nterm = \"treachery\"\ndimension = \"honesty\"\nweight = -0.9\n", "l.toml".as_ref())?;
/// let framer = Framer::new(factions, lexicon, Context::Sentence);
/// let mut doc = DocumentFraming::default();
/// doc.add(6, Some(framer.score_text("The treachery of the Cadets.")));
/// doc.add(4, None);
/// let rows = summarize(&framer, &[("memoir".into(), doc)], &SummaryOptions::default())?;
/// let honesty = rows.iter().find(|r| r.voice == "all" && r.measure == "honesty").unwrap();
/// assert_eq!((honesty.mentions, honesty.estimate), (1, -0.9));
/// let rate = rows.iter().find(|r| r.voice == "all" && r.measure == "mentions_per_10k").unwrap();
/// assert_eq!(rate.estimate, 1000.0); // 1 mention in 10 tokens
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn summarize(
    framer: &Framer,
    documents: &[(String, DocumentFraming)],
    options: &SummaryOptions,
) -> Result<Vec<SummaryRow>> {
    options.bootstrap.check()?;
    let mut rows = Vec::new();
    for (id, doc) in documents {
        let resampled = Resampled::for_summary(framer, id, doc, options)?;
        resampled.summary_rows(framer, id, options, &mut rows);
    }
    Ok(rows)
}

/// One document's groups with every replicate's sums (the bootstrap's costly part), for
/// its summary rows and its share of the comparisons' sides.
pub(crate) struct Resampled {
    /// `(faction, voice)` of each group.
    pub(crate) keys: Vec<(usize, usize)>,
    pub(crate) groups: SparseGroups,
    pub(crate) replicates: crate::stats::bootstrap::Replicates,
    /// The document's tokens.
    pub(crate) size: f64,
    /// Per group and ratio, the linearized interval where the summary uses it (see
    /// [`SummaryOptions::linearize_from`]); the replicates then hold the other ratios' sums
    /// only.
    linear: Option<Vec<Vec<Option<Interval>>>>,
}

impl Resampled {
    /// Groups the document's mentions and resamples its paragraphs (B replicates, with the
    /// document's own seed).
    pub(crate) fn new(
        framer: &Framer,
        id: &str,
        doc: &DocumentFraming,
        options: &SummaryOptions,
    ) -> Result<Resampled> {
        let (keys, groups) = sparse_groups(framer, doc, options.first_person)?;
        Ok(Resampled::drawn(
            options,
            id,
            doc,
            (keys, groups),
            None,
            None,
        ))
    }

    /// The document's groups with the replicates of `kept` (some of their slots: see
    /// [`SparseGroups::keeping`]), or of all of them.
    fn drawn(
        options: &SummaryOptions,
        id: &str,
        doc: &DocumentFraming,
        (keys, groups): (Vec<(usize, usize)>, SparseGroups),
        kept: Option<&SparseGroups>,
        linear: Option<Vec<Vec<Option<Interval>>>>,
    ) -> Resampled {
        // The token counts as they are: an f64 copy would take 8 bytes a paragraph.
        let sizes = &doc.paragraph_tokens;
        let replicates = document_bootstrap(options, id).sums_sized(sizes, kept.unwrap_or(&groups));
        let size = sizes.iter().map(|&t| t as f64).sum();
        Resampled {
            keys,
            groups,
            replicates,
            size,
            linear,
        }
    }

    /// For the summary rows only: in a document of at least
    /// [`SummaryOptions::linearize_from`] paragraphs, the measures carried by at least
    /// [`LINEAR_SUPPORT`] paragraphs get a linearized interval, and only the others' values
    /// are resampled. Without such a measure, the same as
    /// [`Resampled::new`] (its replicates serve the comparisons too: [`Resampled::full`]).
    pub(crate) fn for_summary(
        framer: &Framer,
        id: &str,
        doc: &DocumentFraming,
        options: &SummaryOptions,
    ) -> Result<Resampled> {
        let from = options.linearize_from;
        if from == 0 || (doc.paragraph_tokens.len() as u64) < from {
            return Resampled::new(framer, id, doc, options);
        }
        let (keys, groups) = sparse_groups(framer, doc, options.first_person)?;
        let ratios = framer_ratios(framer);
        let linear =
            crate::stats::bootstrap::linear::linearized(&doc.paragraph_tokens, &groups, &ratios);
        let linear: Vec<Vec<Option<Interval>>> = (linear.iter())
            .map(|g| {
                let used = |l: &Linear| (l.support >= LINEAR_SUPPORT).then_some(l.interval);
                g.iter().map(used).collect()
            })
            .collect();
        if linear.iter().flatten().all(Option::is_none) {
            return Resampled::new(framer, id, doc, options);
        }
        // The slots the bootstrapped ratios read, and those of their groups' parts.
        let width = groups.width();
        let mut keep = vec![false; groups.groups() * width];
        for (g, ratios_of) in linear.iter().enumerate() {
            for (ratio, l) in ratios.iter().zip(ratios_of) {
                if l.is_none() {
                    keep[g * width + ratio.numerator] = true;
                    if let Denominator::Value(j) = ratio.denominator {
                        keep[g * width + j] = true;
                    }
                }
            }
        }
        for g in (0..groups.groups()).rev() {
            for &q in groups.parts(g) {
                for j in 0..width {
                    keep[q * width + j] |= keep[g * width + j];
                }
            }
        }
        let kept = groups.keeping(&keep);
        let parts = (keys, groups);
        Ok(Resampled::drawn(
            options,
            id,
            doc,
            parts,
            Some(&kept),
            Some(linear),
        ))
    }

    /// Whether the replicates hold every group's sums (as [`Resampled::new`] makes them).
    pub(crate) fn full(&self) -> bool {
        self.linear.is_none()
    }

    /// Appends the document's rows of `framing_summary.csv` (see [`summarize`]).
    pub(crate) fn summary_rows(
        &self,
        framer: &Framer,
        id: &str,
        options: &SummaryOptions,
        rows: &mut Vec<SummaryRow>,
    ) {
        let measures = measures(framer);
        let ratios = framer_ratios(framer);
        let groups = &self.groups;
        // A measure's n: its denominator in mentions (for the rate, the mentions).
        let n = |g: usize, ratio: &Ratio| match ratio.denominator {
            Denominator::Value(j) => groups.sums(g)[j] as u64,
            Denominator::Size => groups.sums(g)[0] as u64,
        };
        // Below the minimum evidence no interval is reported, so none is computed.
        let enough =
            |g: usize, k: usize| options.enough_data(n(g, &ratios[k]), groups.paragraphs(g));
        let mut intervals = crate::stats::bootstrap::intervals_where(
            &self.replicates,
            groups,
            self.size,
            &ratios,
            &enough,
        );
        if let Some(linear) = &self.linear {
            for (boot, lin) in intervals.iter_mut().zip(linear) {
                for (b, l) in boot.iter_mut().zip(lin) {
                    if let Some(l) = l {
                        *b = *l;
                    }
                }
            }
        }
        for (g, (&(faction, voice), intervals)) in self.keys.iter().zip(intervals).enumerate() {
            let f = &framer.factions().factions()[faction];
            let mentions = groups.sums(g)[0] as u64;
            let paragraphs = groups.paragraphs(g);
            for ((measure, ratio), i) in measures.iter().zip(&ratios).zip(intervals) {
                let mut r = row(id, f, VOICES[voice], measure, mentions, paragraphs, i);
                r.n = n(g, ratio);
                r.enough_data = options.enough_data(r.n, paragraphs);
                if !r.enough_data {
                    (r.ci_low, r.ci_high, r.replicates) = (f64::NAN, f64::NAN, 0);
                }
                rows.push(r);
            }
        }
    }
}

fn row(
    document: &str,
    faction: &crate::framing::factions::Faction,
    voice: &'static str,
    measure: &str,
    mentions: u64,
    paragraphs: u64,
    i: Interval,
) -> SummaryRow {
    SummaryRow {
        document: document.to_string(),
        faction: faction.id.clone(),
        faction_label: faction.label.clone(),
        voice,
        measure: measure.to_string(),
        mentions,
        paragraphs,
        n: mentions,
        estimate: i.estimate,
        ci_low: i.low,
        ci_high: i.high,
        replicates: i.replicates as u64,
        enough_data: true,
    }
}

/// The resampling of one document: its own seed, from the document id, so adding a
/// document does not change the others' intervals.
pub(crate) fn document_bootstrap(options: &SummaryOptions, id: &str) -> Bootstrap {
    Bootstrap {
        replicates: options.bootstrap.replicates,
        seed: options.bootstrap.seed ^ fnv1a(id.as_bytes()),
    }
}

/// FNV-1a, 64 bits: a stable hash of a document id for its bootstrap seed (so adding a
/// document does not change the others' intervals).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01B3)
    })
}
