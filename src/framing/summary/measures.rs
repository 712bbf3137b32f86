//! The summary's measures: the valence thresholds, the voices, the values per paragraph
//! of a group and the ratios over them.

use crate::framing::framer::Framer;
use crate::framing::scored::Voice;
use crate::stats::bootstrap::{Denominator, Ratio};

/// The valence at or above which a mention counts as positive (VADER's convention).
pub const POSITIVE: f64 = 0.05;
/// The valence at or below which a mention counts as negative.
pub const NEGATIVE: f64 = -0.05;

/// The voices of the summary, in table order: narrator, quoted, all.
pub(crate) const VOICES: [&str; 3] = ["narrator", "quoted", "all"];

pub(super) fn voice_index(v: Voice) -> usize {
    match v {
        Voice::Narrator => 0,
        Voice::Quoted => 1,
    }
}

/// Values per paragraph of a (faction, voice) group with `dims` dimensions (see [`ratios`]).
pub(crate) fn width(dims: usize) -> usize {
    5 + 2 * dims
}

/// The summary's measure for the stance model's [`crate::framing::stance::Stance::score_words`]:
/// their mean over a group's mentions.
pub(crate) const STANCE_WORDS: &str = "stance_words";

/// Whether the framer scores stance with a model (and so the summary has [`STANCE_WORDS`]).
fn has_stance(framer: &Framer) -> bool {
    framer.stance().is_some_and(|s| s.model.is_some())
}

/// The ratios of [`measures`] for this framer: [`ratios`], without the stance measure's
/// when the framer has no stance model.
pub(crate) fn framer_ratios(framer: &Framer) -> Vec<Ratio> {
    let mut out = ratios(framer.lexicon().dimensions().len());
    if !has_stance(framer) {
        out.pop();
    }
    out
}

/// The measure names, in table order (one per ratio of [`ratios`]).
pub(crate) fn measures(framer: &Framer) -> Vec<String> {
    let dims = framer.lexicon().dimensions();
    let mut measures = vec![
        "mentions_per_10k".to_string(),
        "valence".into(),
        "share_positive".into(),
        "share_negative".into(),
    ];
    measures.extend(dims.iter().map(|d| d.id.clone()));
    measures.extend(dims.iter().map(|d| format!("{}_direction", d.id)));
    if has_stance(framer) {
        measures.push(STANCE_WORDS.into());
    }
    measures
}

/// The ratios behind the measures of `framing_summary.csv`, in its measure order, for a
/// lexicon of `dims` dimensions: values per paragraph are `[mentions, valence sum, positive,
/// negative, dimension sums..., mentions framed on each dimension..., stance_score_words
/// sum]` (for [`crate::stats::bootstrap::Bootstrap::ratios`]); the last ratio,
/// `stance_words`, is in the table only with a stance model.
///
/// ```
/// use corpus_lens::bootstrap::Denominator;
/// let r = corpus_lens::framing::summary::ratios(2);
/// assert_eq!(r.len(), 5 + 2 * 2);
/// assert_eq!((r[0].denominator, r[0].scale), (Denominator::Size, 10_000.0)); // per 10k tokens
/// assert_eq!(r[6].denominator, Denominator::Value(6)); // first dimension's direction
/// assert_eq!((r[8].numerator, r[8].denominator), (8, Denominator::Value(0))); // mean stance_score_words
/// ```
pub fn ratios(dims: usize) -> Vec<Ratio> {
    let per_mention = |numerator| Ratio {
        numerator,
        denominator: Denominator::Value(0),
        scale: 1.0,
    };
    let mut out = vec![Ratio {
        numerator: 0,
        denominator: Denominator::Size,
        scale: 10_000.0,
    }];
    out.extend((1..4 + dims).map(per_mention));
    out.extend((0..dims).map(|d| Ratio {
        numerator: 4 + d,
        denominator: Denominator::Value(4 + dims + d),
        scale: 1.0,
    }));
    out.push(per_mention(4 + 2 * dims));
    out
}
