//! The scored words of a context (VADER valences; lexicon terms with negation and
//! boosters), their attribution to the nearest mention, and the mentions' final scores.

use std::ops::Range;

use crate::framing::framer::Framer;
use crate::framing::lexicon::TermMatch;
use crate::framing::mentions::Found;
use crate::framing::scored::{Context, Hit, ScoredMention, Source};
use crate::framing::vader::TokenValence;
use crate::framing::words::Paragraph;
use crate::text::tokenize::fold_case;

/// VADER's negation scalar (`N_SCALAR` in vaderSentiment 3.3.2).
pub const NEGATION_SCALAR: f64 = -0.74;

/// VADER's booster decay by distance: 1, 0.95, 0.9 for the 1st, 2nd, 3rd token before.
const BOOSTER_DECAY: [f64; 3] = [1.0, 0.95, 0.9];

/// VADER's normalization constant: `S / sqrt(S^2 + alpha)`.
const ALPHA: f64 = 15.0;

/// A scored word of a context.
struct Scored {
    /// Its token in the paragraph.
    position: usize,
    source: ScoredSource,
    /// VADER's valence, or the term's weight after negation and boosters.
    weight: f64,
}

/// [`Source`] without its own string: a VADER word is a range of
/// [`ContextBuffers::valence_words`].
enum ScoredSource {
    Valence(Range<usize>),
    Term(usize),
}

/// Buffers for scoring one context.
#[derive(Default)]
pub(super) struct ContextBuffers {
    vader: Vec<TokenValence>,
    masked: Vec<Range<usize>>,
    matches: Vec<TermMatch>,
    scored: Vec<Scored>,
    /// The VADER words of `scored`, one after the other.
    valence_words: String,
    fold: String,
    /// VADER's valence of each token of the context (for the stance features).
    pub(super) token_valence: Vec<f64>,
}

impl Framer {
    /// The scored words of a context, into `b.scored` (VADER's first, then the terms'),
    /// their VADER words into `b.valence_words`.
    pub(super) fn scored_words(
        &self,
        p: &Paragraph,
        tokens: Range<usize>,
        in_mention: &[bool],
        b: &mut ContextBuffers,
    ) {
        b.scored.clear();
        b.valence_words.clear();
        b.token_valence.clear();
        b.token_valence.resize(tokens.len(), 0.0);
        if tokens.is_empty() {
            return;
        }
        // VADER on the context's text; mention tokens masked, relative to that text.
        let (from, to) = match self.shared.context {
            Context::Sentence => {
                let s = p.sentences[tokens.start] as usize;
                let r = &p.sentence_ranges[s];
                (r.start, r.end)
            }
            Context::Window(_) => (p.spans[tokens.start].start, p.spans[tokens.end - 1].end),
        };
        b.masked.clear();
        b.masked.extend(
            tokens
                .clone()
                .filter(|&i| in_mention[i])
                .map(|i| p.spans[i].start - from..p.spans[i].end - from),
        );
        self.shared
            .vader
            .token_valences(&p.text[from..to], &b.masked, &mut b.vader);
        for tv in &b.vader {
            let at = from + tv.span.start;
            let i = p.spans.partition_point(|s| s.end <= at);
            if i >= tokens.end || i < tokens.start {
                continue;
            }
            b.token_valence[i - tokens.start] += tv.valence;
            fold_case(
                &p.text[from + tv.span.start..from + tv.span.end],
                &mut b.fold,
            );
            let word = b.fold.trim_matches(|c: char| c.is_ascii_punctuation());
            let start = b.valence_words.len();
            b.valence_words.push_str(word);
            b.scored.push(Scored {
                position: i,
                source: ScoredSource::Valence(start..b.valence_words.len()),
                weight: tv.valence,
            });
        }
        // Framing terms, never over a mention.
        b.matches.clear();
        self.shared.lexicon.find_where(
            tokens.len(),
            |k| p.key(tokens.start + k),
            |k| p.flags[tokens.start + k].can_start_term(),
            &mut b.matches,
        );
        for m in &b.matches {
            let start = tokens.start + m.start;
            if in_mention[start..start + m.len].iter().any(|&x| x) {
                continue;
            }
            let before = (tokens.start..start).rev().take(3);
            let weight = self.shared.lexicon.terms()[m.term].weight * modifier(p, before);
            b.scored.push(Scored {
                position: start,
                source: ScoredSource::Term(m.term),
                weight,
            });
        }
    }
}

/// Turns the gathered sums of a mention into its scores: the valence `S / sqrt(S^2 + 15)`
/// of the sum `S` its `valence` holds, the dimensions limited to [-1, 1].
pub(super) fn finish_scores(m: &mut ScoredMention) {
    let s = m.valence;
    m.valence = if s == 0.0 {
        0.0
    } else {
        s / (s * s + ALPHA).sqrt()
    };
    for d in &mut m.dimensions {
        *d = d.clamp(-1.0, 1.0);
    }
}

/// Gives each scored word of a context (in `b.scored`) to the nearest of `competitors`
/// (indices into `found` and `mentions`), split equally on a tie: its valence or dimension
/// sum grows and it gets the hit.
pub(super) fn attribute(
    found: &[Found],
    competitors: &[usize],
    b: &ContextBuffers,
    terms: &[crate::framing::lexicon::Term],
    mentions: &mut [ScoredMention],
) {
    debug_assert!(competitors
        .windows(2)
        .all(|w| found[w[0]].start + found[w[0]].len <= found[w[1]].start));
    for scored in &b.scored {
        let near = nearest(found, competitors, scored.position);
        let share = 1.0 / near.len() as f64;
        let weight = scored.weight * share;
        for &m in near {
            let slot = &mut mentions[m];
            let source = match &scored.source {
                ScoredSource::Valence(word) => {
                    slot.valence += weight;
                    Source::Valence(b.valence_words[word.clone()].to_string())
                }
                ScoredSource::Term(t) => {
                    slot.dimensions[terms[*t].dimension] += weight;
                    Source::Term(*t)
                }
            };
            slot.hits.push(Hit { source, weight });
        }
    }
}

/// The factor negation and boosters in the (up to) three tokens before a term apply to it;
/// `before` gives them nearest first.
fn modifier(p: &Paragraph, before: impl Iterator<Item = usize>) -> f64 {
    let mut factor = 1.0;
    for (distance, t) in before.take(3).enumerate() {
        let flags = p.flags[t];
        if flags.is_negation() {
            factor *= NEGATION_SCALAR;
        } else if flags.is_booster() {
            if let Some(b) = crate::framing::vader::booster(p.word(t)) {
                factor *= 1.0 + b * BOOSTER_DECAY[distance];
            }
        }
    }
    factor
}

/// Token distance from `position` to mention `m` (0 inside it).
fn distance(m: &Found, position: usize) -> usize {
    if position < m.start {
        m.start - position
    } else if position >= m.start + m.len {
        position + 1 - (m.start + m.len)
    } else {
        0
    }
}

/// The mentions among `competitors` nearest to token `position` (one, or two at the same
/// distance on either side), in `competitors`' order. Competitors are sorted by start and
/// never overlap (each token is taken by one mention at most), so the nearest are the
/// last one starting at or before `position` and the first one after it: found by binary
/// search, so a sentence of many mentions and scored words is not their product.
fn nearest<'c>(found: &[Found], competitors: &'c [usize], position: usize) -> &'c [usize] {
    let k = competitors.partition_point(|&j| found[j].start <= position);
    let (from, to) = (k.saturating_sub(1), (k + 1).min(competitors.len()));
    let pair = &competitors[from..to];
    match pair {
        [a, b] => match distance(&found[*a], position).cmp(&distance(&found[*b], position)) {
            std::cmp::Ordering::Less => &pair[..1],
            std::cmp::Ordering::Greater => &pair[1..],
            std::cmp::Ordering::Equal => pair,
        },
        _ => pair,
    }
}
