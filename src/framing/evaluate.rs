//! Evaluating the framing scores against a gold standard: `evaluation.csv`.
//!
//! Takes a gold file of labelled mentions ([`read_gold`]: document, byte offset, faction,
//! stance -1, 0 or +1, as `corpora/gold/gold.csv`) and a run's framing ([`crate::run::Analysis`] with
//! a [`Framer`]); gives how well the tool finds the labelled mentions and how well each
//! mention's `valence` agrees with the labelled stance, with 95% bootstrap intervals,
//! overall and per faction ([`evaluate`], [`EvaluationRow`]).
//!
//! **Matching.** Gold rows with `is_mention` 0 are left out. A gold row whose byte offset
//! lies in a paragraph the run left out as front or back matter, a caption, a footnote ...
//! (`excluded_matter.csv`: from its `byte_offset`, `bytes` long) is *set aside*: the tool
//! does not look for mentions there by design. Every other gold row spans
//! `[byte_offset, byte_offset + len)`, `len` the byte length of its `mention` column (1
//! without it). It is *found* if a tool mention of the same document overlaps that span
//! (a tool mention spans its `byte_offset` and the bytes of its alias as written), and
//! *found with its faction*, or *matched*, if one of those mentions is of the gold
//! faction; `petrograd_soviet` counts as `soviets` and `state_duma` as `duma` (the gold
//! guide's rule 18 lets annotators use either). A matched row takes the first such
//! mention in text order, its `valence` the score evaluated.
//!
//! **Measures** over the matched rows, with the predicted class of a valence `v` being +1
//! when `v >= 0.05`, -1 when `v <= -0.05`, else 0 ([`class_of`]; VADER's conventional
//! thresholds, Hutto & Gilbert 2014):
//!
//! - the confusion matrix `C[g][p]`, rows of gold class `g` predicted `p`;
//! - per class `c`, with `tp = C[c][c]`, `fp` the other rows predicted `c` and `fn` the
//!   other rows of gold `c`: precision `tp / (tp + fp)`, recall `tp / (tp + fn)` (each
//!   undefined when its denominator is 0), and F1 `2 tp / (2 tp + fp + fn)`, their harmonic
//!   mean (Sokolova & Lapalme 2009);
//! - macro-F1: the mean of the three classes' F1, a class that no row has or is predicted
//!   counting as 0 (the arithmetic mean of the class scores, as Opitz & Burst 2019
//!   recommend, rather than the F1 of mean precision and mean recall);
//! - Spearman's rank correlation (Spearman 1904) between valence and gold stance:
//!   Pearson's correlation of their ranks, tied values sharing the mean of the ranks they
//!   fill (the gold stance has only three values, so ties are the rule);
//! - sign accuracy: among the rows of gold stance -1 or +1 whose valence is not 0, the
//!   share whose valence has the gold sign.
//!
//! **Intervals.** The 95% percentile bootstrap (Efron & Tibshirani 1993): B replicates
//! (default 2000) each draw as many matched rows as there are, with replacement, and
//! recompute every measure; `ci_low` and `ci_high` are the 2.5% and 97.5% quantiles (type
//! 7) of the replicates in which the measure is defined. The rows are resampled as if
//! independent: several mentions of one paragraph are not, so the intervals are somewhat
//! narrow. Replicate `b` draws from its own stream seeded from the seed (default 1917; for
//! a faction, the seed combined with the faction's id) and `b`
//! ([`crate::stats::bootstrap::draw_rows`]), so the intervals are identical at any thread
//! count, and a faction's do not depend on the other factions in the file.
//!
//! Sources: Spearman, C. (1904). The proof and measurement of association between two
//! things. *American Journal of Psychology* 15(1), 72-101. Sokolova, M. & Lapalme, G.
//! (2009). A systematic analysis of performance measures for classification tasks.
//! *Information Processing & Management* 45(4), 427-437. Opitz, J. & Burst, S. (2019).
//! Macro F1 and Macro F1. arXiv:1911.03347. Efron, B. & Tibshirani, R. J. (1993). *An
//! Introduction to the Bootstrap*, ch. 13.

mod comparison;
mod gold;
mod measures;

use std::collections::BTreeMap;

pub use comparison::{MIN_CELL_MENTIONS, MIN_FACTION_CELLS};
pub use gold::{read_gold, Gold, GoldRow, OPTIONAL_COLUMNS, REQUIRED_COLUMNS};
pub use measures::{class_of, Measures, THRESHOLD};

use crate::count::engine::CorpusCounts;
use crate::error::{Error, Result};
use crate::framing::framer::Framer;
use crate::framing::scored::ScoredMention;
use crate::framing::summary::DocumentFraming;
use crate::rows::table_row;
use crate::stats::bootstrap::{Bootstrap, DEFAULT_REPLICATES};
use measures::{Ranked, ESTIMATES};

/// The default resampling of [`evaluate`]: 2000 replicates, seed 1917 (that of
/// `scripts/gold_eval.py`).
///
/// ```
/// use corpus_lens::framing::evaluate::DEFAULT_BOOTSTRAP;
/// assert_eq!((DEFAULT_BOOTSTRAP.replicates, DEFAULT_BOOTSTRAP.seed), (2000, 1917));
/// ```
pub const DEFAULT_BOOTSTRAP: Bootstrap = Bootstrap {
    replicates: DEFAULT_REPLICATES,
    seed: 1917,
};

/// Faction ids that count as the same faction in matching (see the module documentation).
const SAME_FACTION: [(&str, &str); 2] = [("petrograd_soviet", "soviets"), ("state_duma", "duma")];

/// The id a faction is matched as: `soviets` for `petrograd_soviet`, `duma` for `state_duma`,
/// else the id itself (see the module documentation).
///
/// ```
/// use corpus_lens::framing::evaluate::matched_as;
/// assert_eq!(matched_as("petrograd_soviet"), "soviets");
/// assert_eq!(matched_as("state_duma"), matched_as("duma"));
/// assert_eq!(matched_as("cadets"), "cadets");
/// ```
pub fn matched_as(faction: &str) -> &str {
    SAME_FACTION
        .iter()
        .find(|(a, _)| *a == faction)
        .map_or(faction, |(_, b)| b)
}

/// What became of a gold mention.
///
/// ```
/// use corpus_lens::framing::evaluate::Outcome;
/// let outcomes = [Outcome::SetAside, Outcome::Missed, Outcome::OtherFaction(3), Outcome::Matched { valence: -0.4 }];
/// assert_eq!(outcomes.iter().filter(|o| o.found()).count(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// It lies in a paragraph the run left out (front or back matter, captions, notes).
    SetAside,
    /// No tool mention overlaps it.
    Missed,
    /// Tool mentions overlap it, none of its faction: the first one's faction index.
    OtherFaction(usize),
    /// A tool mention of its faction overlaps it: the first one's valence.
    Matched {
        /// The tool mention's `valence`.
        valence: f64,
    },
    /// A tool mention of its faction overlaps it, and a stance model scored it: its class
    /// and score (`stance`, `stance_score`).
    Predicted {
        /// -1, 0 or +1.
        class: i8,
        /// In [-1, 1].
        score: f64,
    },
}

impl Outcome {
    /// True when some tool mention overlaps the gold row.
    ///
    /// ```
    /// assert!(!corpus_lens::framing::evaluate::Outcome::Missed.found());
    /// ```
    pub fn found(&self) -> bool {
        matches!(
            self,
            Outcome::OtherFaction(_) | Outcome::Matched { .. } | Outcome::Predicted { .. }
        )
    }
}

/// The outcome of every gold mention ([`Gold::mentions`], in file order) in a run.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// use corpus_lens::framing::evaluate::{match_gold, Gold, Outcome};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let config = Config { count: CountOptions { framing: Some(framer.clone()), ..Default::default() }, ..Default::default() };
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// // "... a preponderance to the Coalitionist parties." in the Trotsky excerpt.
/// let gold = Gold::parse("document,byte_offset,faction,stance,mention\n\
///     trotsky1918,381,coalitionists,-1,Coalitionist parties\n\
///     trotsky1918,381,cadets,-1,Coalitionist parties\n\
///     trotsky1918,3,tsarism,0,\n", "gold.csv".as_ref())?;
/// let outcomes = match_gold(&gold, &framer, &analysis)?;
/// assert!(matches!(outcomes[0], Outcome::Matched { .. }));
/// assert!(matches!(outcomes[1], Outcome::OtherFaction(_)));
/// assert_eq!(outcomes[2], Outcome::Missed); // "[Book]": no tool mention there
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Gold`] as [`Gold::check`] for a document or faction the run does not know;
/// [`Error::Usage`] if the analysis was run without a framer; [`Error::Io`] if a
/// document's mention log cannot be read back from its temporary file.
pub fn match_gold<A>(gold: &Gold, framer: &Framer, analysis: &A) -> Result<Vec<Outcome>>
where
    A: AsRef<CorpusCounts> + AsRef<[DocumentFraming]>,
{
    Ok(match_gold_mentions(gold, framer, analysis)?
        .into_iter()
        .map(|(outcome, _)| outcome)
        .collect())
}

/// [`match_gold`], with each matched row's tool mention (its stance and features, when the
/// framer gives them).
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// use corpus_lens::framing::evaluate::{match_gold_mentions, Gold};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let config = Config { count: CountOptions { framing: Some(framer.clone()), ..Default::default() }, ..Default::default() };
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let gold = Gold::parse("document,byte_offset,faction,stance\ntrotsky1918,381,coalitionists,-1\n", "gold.csv".as_ref())?;
/// let matched = match_gold_mentions(&gold, &framer, &analysis)?;
/// assert_eq!(matched[0].1.as_ref().unwrap().alias, "Coalitionist parties");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// # Errors
///
/// As [`match_gold`].
pub fn match_gold_mentions<A>(
    gold: &Gold,
    framer: &Framer,
    analysis: &A,
) -> Result<Vec<(Outcome, Option<ScoredMention>)>>
where
    A: AsRef<CorpusCounts> + AsRef<[DocumentFraming]>,
{
    let framing: &[DocumentFraming] = analysis.as_ref();
    let analysis: &CorpusCounts = analysis.as_ref();
    let ids: Vec<&str> = analysis
        .documents
        .iter()
        .map(|d| d.document.id.as_str())
        .collect();
    gold.check(&ids, framer.factions())?;
    if framing.len() != analysis.documents.len() {
        return Err(Error::Usage(
            "the analysis holds no framing: run it with a framer (CountOptions::framing)"
                .to_string(),
        ));
    }
    let factions = framer.factions().factions();
    // Each document's tool mentions as (start, end, mention), in text order (so by start;
    // mentions never overlap each other).
    let mut spans: BTreeMap<usize, Vec<(u64, u64, ScoredMention)>> = BTreeMap::new();
    for row in gold.mentions() {
        let d = ids
            .iter()
            .position(|id| *id == row.document)
            .expect("checked");
        if spans.contains_key(&d) {
            continue;
        }
        let mut list = Vec::new();
        framing[d].for_each_mention(|_, offset, m| {
            let start = offset + m.offset as u64;
            list.push((start, start + m.alias.len() as u64, m.clone()));
            Ok(())
        })?;
        spans.insert(d, list);
    }
    let outcomes = gold
        .mentions()
        .map(|row| {
            let d = ids
                .iter()
                .position(|id| *id == row.document)
                .expect("checked");
            let excluded = &analysis.documents[d].excluded;
            if excluded
                .iter()
                .any(|e| e.offset <= row.byte_offset && row.byte_offset < e.offset + e.bytes)
            {
                return (Outcome::SetAside, None);
            }
            let (start, end) = row.span();
            let list = &spans[&d];
            let first = list.partition_point(|t| t.1 <= start);
            let hits = list[first..].iter().take_while(|t| t.0 < end);
            let want = matched_as(&row.faction);
            let mut outcome = Outcome::Missed;
            for (_, _, m) in hits {
                if matched_as(&factions[m.faction].id) == want {
                    let valence = m.valence;
                    return (Outcome::Matched { valence }, Some(m.clone()));
                }
                if outcome == Outcome::Missed {
                    outcome = Outcome::OtherFaction(m.faction);
                }
            }
            (outcome, None)
        })
        .collect();
    Ok(outcomes)
}

/// The measures of `evaluation.csv`, in its order (`<gold>` and `<pred>` of the confusion
/// cells in `neg`, `neu`, `pos`).
///
/// ```
/// use corpus_lens::framing::evaluate::MEASURES;
/// assert_eq!(MEASURES[..5], ["rows_gold", "set_aside_excluded", "found", "found_with_faction", "rows_matched"]);
/// assert_eq!(MEASURES.len(), 26);
/// assert_eq!(MEASURES[25], "confusion_pos_pos");
/// ```
pub const MEASURES: [&str; 26] = [
    "rows_gold",
    "set_aside_excluded",
    "found",
    "found_with_faction",
    "rows_matched",
    "macro_f1",
    "precision_neg",
    "recall_neg",
    "f1_neg",
    "precision_neu",
    "recall_neu",
    "f1_neu",
    "precision_pos",
    "recall_pos",
    "f1_pos",
    "spearman",
    "sign_accuracy",
    "confusion_neg_neg",
    "confusion_neg_neu",
    "confusion_neg_pos",
    "confusion_neu_neg",
    "confusion_neu_neu",
    "confusion_neu_pos",
    "confusion_pos_neg",
    "confusion_pos_neu",
    "confusion_pos_pos",
];

table_row! {
    /// A row of `evaluation.csv` (see [`crate::tables::EVALUATION`]): one measure of the
    /// whole gold set or of one faction's rows.
    ///
    /// ```
    /// use corpus_lens::framing::evaluate::{evaluation_rows, Gold, Outcome, DEFAULT_BOOTSTRAP};
    /// let gold = Gold::parse("document,byte_offset,faction,stance\nr,1,cadets,-1\nr,9,cadets,0\n", "g.csv".as_ref())?;
    /// let outcomes = [Outcome::Matched { valence: -0.3 }, Outcome::Missed];
    /// let rows = evaluation_rows(&gold, &outcomes, &DEFAULT_BOOTSTRAP)?;
    /// let found = &rows[2];
    /// assert_eq!((found.scope, found.faction.as_str(), found.measure, found.value, found.n), ("overall", "", "found", 1.0, 2));
    /// assert!(found.ci_low.is_nan()); // a count has no interval
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[allow(missing_docs)]
    pub struct EvaluationRow {
        pub scope: &'static str,
        pub faction: String,
        pub measure: &'static str,
        pub value: f64,
        pub ci_low: f64,
        pub ci_high: f64,
        pub n: u64,
        pub scorer: &'static str,
    }
}

/// The rows of `evaluation.csv` from the gold mentions' outcomes ([`match_gold`], one per
/// [`Gold::mentions`] row): the `overall` scope, then a `faction` scope for each gold
/// faction with at least one matched row, by id; in each, the [`MEASURES`] in order.
///
/// Counts (`rows_gold` ... `rows_matched`, the confusion cells) have no interval. `n` is
/// the rows a value rests on: all gold mentions for `rows_gold` and `set_aside_excluded`;
/// those not set aside for `found`, `found_with_faction` and `rows_matched` (so that
/// `value / n` is the share found); the matched rows for macro-F1, Spearman and the
/// confusion cells; for a class, the rows predicted in it (precision), of gold in it
/// (recall), or either (F1); the polar rows with a valence for sign accuracy. The overall
/// scope ends with `comparison_spearman` ([`comparison_rows`]).
///
/// ```
/// use corpus_lens::framing::evaluate::{evaluation_rows, Gold, Outcome, DEFAULT_BOOTSTRAP};
/// let gold = Gold::parse("document,byte_offset,faction,stance\n\
///     r,1,cadets,-1\nr,2,cadets,1\nr,3,army,0\nr,4,army,1\n", "g.csv".as_ref())?;
/// let outcomes = [-0.5, 0.4, 0.0, -0.2].map(|valence| Outcome::Matched { valence });
/// let rows = evaluation_rows(&gold, &outcomes, &DEFAULT_BOOTSTRAP)?;
/// assert_eq!(rows.len(), 3 * 26 + 1); // overall (and comparison_spearman), army, cadets
/// let get = |scope: &str, measure: &str| rows.iter().find(|r| r.faction == scope && r.measure == measure).unwrap();
/// assert_eq!(get("", "sign_accuracy").value, 2.0 / 3.0);
/// assert_eq!((get("cadets", "spearman").value, get("cadets", "spearman").n), (1.0, 2));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// # Errors
///
/// `Error::Usage` if `outcomes` has not one outcome per gold mention, or the bootstrap's
/// replicates are out of range ([`Bootstrap::check`]).
pub fn evaluation_rows(
    gold: &Gold,
    outcomes: &[Outcome],
    bootstrap: &Bootstrap,
) -> Result<Vec<EvaluationRow>> {
    scorer_rows("valence", gold, outcomes, bootstrap)
}

/// [`evaluation_rows`] with `scorer` naming what the outcomes score (`valence`, `stance`,
/// `stance_cv`).
///
/// ```
/// use corpus_lens::framing::evaluate::{scorer_rows, Gold, Outcome, DEFAULT_BOOTSTRAP};
/// let gold = Gold::parse("document,byte_offset,faction,stance\nr,1,cadets,-1\nr,2,cadets,1\n", "g.csv".as_ref())?;
/// let outcomes = [Outcome::Predicted { class: -1, score: -0.6 }, Outcome::Predicted { class: 0, score: 0.2 }];
/// let rows = scorer_rows("stance", &gold, &outcomes, &DEFAULT_BOOTSTRAP)?;
/// let f1 = rows.iter().find(|r| r.scope == "overall" && r.measure == "macro_f1").unwrap();
/// assert_eq!((f1.scorer, f1.value), ("stance", (1.0 + 0.0 + 0.0) / 3.0));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// # Errors
///
/// As [`evaluation_rows`].
pub fn scorer_rows(
    scorer: &'static str,
    gold: &Gold,
    outcomes: &[Outcome],
    bootstrap: &Bootstrap,
) -> Result<Vec<EvaluationRow>> {
    let mentions = checked_mentions(gold, outcomes, bootstrap)?;
    let mut overall = Scope::default();
    let mut by_faction: BTreeMap<&str, Scope> = BTreeMap::new();
    for (row, outcome) in mentions.iter().zip(outcomes) {
        overall.add(row, outcome);
        by_faction
            .entry(row.faction.as_str())
            .or_default()
            .add(row, outcome);
    }
    let mut rows = overall.rows("overall", "", bootstrap, bootstrap.seed);
    rows.push(comparison::comparison_row(
        scorer, &mentions, outcomes, bootstrap,
    ));
    rows.iter_mut().for_each(|r| r.scorer = scorer);
    for (faction, scope) in by_faction {
        if scope.matched.is_empty() {
            continue;
        }
        let seed = bootstrap.seed ^ fnv1a(faction);
        rows.extend(
            scope
                .rows("faction", faction, bootstrap, seed)
                .into_iter()
                .map(|mut r| {
                    r.scorer = scorer;
                    r
                }),
        );
    }
    Ok(rows)
}

/// Only the `comparison_spearman` row of [`scorer_rows`]: whether `scorer`'s mean per
/// document orders the documents' stance toward each faction as the gold's mean does (see
/// [`MIN_CELL_MENTIONS`] and `src/framing/evaluate/comparison.rs` for the measure). For
/// a score meant for comparing documents only, such as [`crate::framing::stance::Stance::score_words`].
///
/// ```
/// use corpus_lens::framing::evaluate::{comparison_rows, Gold, Outcome, DEFAULT_BOOTSTRAP};
/// let gold = Gold::parse("document,byte_offset,faction,stance\nr,1,cadets,-1\n", "g.csv".as_ref())?;
/// let rows = comparison_rows("stance_words", &gold, &[Outcome::Matched { valence: 0.2 }], &DEFAULT_BOOTSTRAP)?;
/// assert_eq!((rows[0].measure, rows[0].n), ("comparison_spearman", 0)); // too few cells
/// assert!(rows[0].value.is_nan());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// # Errors
///
/// As [`evaluation_rows`].
pub fn comparison_rows(
    scorer: &'static str,
    gold: &Gold,
    outcomes: &[Outcome],
    bootstrap: &Bootstrap,
) -> Result<Vec<EvaluationRow>> {
    let mentions = checked_mentions(gold, outcomes, bootstrap)?;
    let row = comparison::comparison_row(scorer, &mentions, outcomes, bootstrap);
    Ok(vec![row])
}

/// The gold mentions, after checking that there is one outcome for each and that the
/// bootstrap's replicates are in range.
fn checked_mentions<'g>(
    gold: &'g Gold,
    outcomes: &[Outcome],
    bootstrap: &Bootstrap,
) -> Result<Vec<&'g GoldRow>> {
    bootstrap.check()?;
    let mentions: Vec<&GoldRow> = gold.mentions().collect();
    if mentions.len() != outcomes.len() {
        return Err(Error::Usage(format!(
            "{} outcomes for {} gold mentions: give one outcome per gold mention, in gold order",
            outcomes.len(),
            mentions.len()
        )));
    }
    Ok(mentions)
}

/// Checks the gold rows against the run, matches them to its mentions and gives the rows of
/// `evaluation.csv` ([`match_gold`], then [`evaluation_rows`]).
///
/// ```no_run
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// use corpus_lens::framing::evaluate::{evaluate, read_gold, DEFAULT_BOOTSTRAP};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let config = Config { count: CountOptions { framing: Some(framer.clone()), ..Default::default() }, ..Default::default() };
/// let analysis = Analyzer::new(config).run(&Corpus::load_default()?)?;
/// let gold = read_gold("corpora/gold/gold.csv".as_ref())?;
/// let rows = evaluate(&gold, &framer, &analysis, &DEFAULT_BOOTSTRAP)?;
/// let macro_f1 = rows.iter().find(|r| r.scope == "overall" && r.measure == "macro_f1").unwrap();
/// assert!((macro_f1.value - 0.417).abs() < 0.001);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// # Errors
///
/// As [`match_gold`] and [`evaluation_rows`].
pub fn evaluate<A>(
    gold: &Gold,
    framer: &Framer,
    analysis: &A,
    bootstrap: &Bootstrap,
) -> Result<Vec<EvaluationRow>>
where
    A: AsRef<CorpusCounts> + AsRef<[DocumentFraming]>,
{
    let matched = match_gold_mentions(gold, framer, analysis)?;
    let outcomes: Vec<Outcome> = matched.iter().map(|(o, _)| *o).collect();
    let mut rows = evaluation_rows(gold, &outcomes, bootstrap)?;
    if framer.stance().is_some_and(|s| s.model.is_some()) {
        rows.extend(scorer_rows(
            "stance",
            gold,
            &stance_outcomes(&matched),
            bootstrap,
        )?);
        let words = outcomes_scored_by(&matched, |s| s.score_words);
        rows.extend(comparison_rows("stance_words", gold, &words, bootstrap)?);
    }
    Ok(rows)
}

/// The outcomes with each matched row's stance (class and score) instead of its valence.
///
/// ```
/// use corpus_lens::framing::evaluate::{stance_outcomes, Outcome};
/// assert_eq!(stance_outcomes(&[(Outcome::Missed, None)]), [Outcome::Missed]);
/// ```
pub fn stance_outcomes(matched: &[(Outcome, Option<ScoredMention>)]) -> Vec<Outcome> {
    outcomes_scored_by(matched, |s| s.score)
}

/// The outcomes with each matched row's stance class and the score `score` reads from it.
fn outcomes_scored_by(
    matched: &[(Outcome, Option<ScoredMention>)],
    score: impl Fn(&crate::framing::stance::model::Stance) -> f64,
) -> Vec<Outcome> {
    (matched.iter())
        .map(|(o, m)| match m.as_ref().and_then(|m| m.stance.as_ref()) {
            Some(s) => Outcome::Predicted {
                class: s.stance,
                score: score(s),
            },
            None => *o,
        })
        .collect()
}

/// The gold mentions of one scope: their counts and their matched rows.
#[derive(Default)]
struct Scope {
    rows: u64,
    set_aside: u64,
    found: u64,
    /// (gold stance, predicted class, score) of the matched rows, in file order.
    matched: Vec<(i8, i8, f64)>,
}

impl Scope {
    fn add(&mut self, row: &GoldRow, outcome: &Outcome) {
        self.rows += 1;
        match *outcome {
            Outcome::SetAside => self.set_aside += 1,
            Outcome::Missed => {}
            Outcome::OtherFaction(_) => self.found += 1,
            Outcome::Matched { valence } => {
                self.found += 1;
                self.matched.push((row.stance, class_of(valence), valence));
            }
            Outcome::Predicted { class, score } => {
                self.found += 1;
                self.matched.push((row.stance, class, score));
            }
        }
    }

    /// The scope's rows of `evaluation.csv`, in [`MEASURES`] order.
    fn rows(
        &self,
        scope: &'static str,
        faction: &str,
        bootstrap: &Bootstrap,
        seed: u64,
    ) -> Vec<EvaluationRow> {
        let ranked = Ranked::new(&self.matched);
        let measures = ranked.measures(&vec![1; ranked.len()]);
        let intervals = ranked.intervals(bootstrap, seed);
        let matched = self.matched.len() as u64;
        let searched = self.rows - self.set_aside;
        let counts = [
            (self.rows, self.rows),
            (self.set_aside, self.rows),
            (self.found, searched),
            (matched, searched),
            (matched, searched),
        ];
        let mut values: Vec<(f64, (f64, f64), u64)> = counts
            .iter()
            .map(|&(v, n)| (v as f64, (f64::NAN, f64::NAN), n))
            .collect();
        let support = measures.support();
        for (j, estimate) in measures.estimates().into_iter().enumerate().take(ESTIMATES) {
            values.push((estimate, intervals[j], support[j] as u64));
        }
        for cell in measures.confusion.iter().flatten() {
            values.push((*cell, (f64::NAN, f64::NAN), matched));
        }
        MEASURES
            .iter()
            .zip(values)
            .map(|(&measure, (value, (ci_low, ci_high), n))| EvaluationRow {
                scope,
                faction: faction.to_string(),
                measure,
                value,
                ci_low,
                ci_high,
                n,
                scorer: "",
            })
            .collect()
    }
}

/// FNV-1a, 64 bits (Fowler, Noll & Vo): a faction id as a number to combine with the seed.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests;
