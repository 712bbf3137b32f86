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
    4 + 2 * dims
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
    measures
}

/// The ratios behind the measures of `framing_summary.csv`, in its measure order, for a
/// lexicon of `dims` dimensions: values per paragraph are `[mentions, valence sum, positive,
/// negative, dimension sums..., mentions framed on each dimension...]` (for
/// [`crate::stats::bootstrap::Bootstrap::ratios`]).
///
/// ```
/// use corpus_lens::bootstrap::Denominator;
/// let r = corpus_lens::framing::summary::ratios(2);
/// assert_eq!(r.len(), 4 + 2 * 2);
/// assert_eq!((r[0].denominator, r[0].scale), (Denominator::Size, 10_000.0)); // per 10k tokens
/// assert_eq!(r[6].denominator, Denominator::Value(6)); // first dimension's direction
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
    out
}
