//! Faction framing: how a text frames each faction it mentions.
//!
//! Takes a paragraph's tokens, the factions lexicon ([`crate::framing::factions`]), the framing
//! lexicon ([`crate::framing::lexicon`]) and VADER ([`crate::framing::vader`]); gives every faction mention
//! with its valence, its score on each framing dimension, its voice and the words behind the
//! scores. [`summary`] aggregates mentions per (document, faction, voice) with bootstrap
//! intervals and builds the tables; [`evaluate`] measures the mentions' valence against a
//! gold standard of labelled mentions.
//!
//! **Mentions.** Faction aliases, leftmost-longest, a token in at most one mention
//! ([`FactionSet::find`]); then, in documents whose manifest lists `first_person` phrases
//! ("we", "our party"), those phrases among the remaining tokens, as mentions of the author's
//! faction with `mention_kind = first_person`.
//!
//! **Context.** A mention is scored on its sentence ([`Context::Sentence`], the default) or
//! on the `k` tokens either side of it within the paragraph ([`Context::Window`]).
//!
//! **Valence, historical mode.** VADER (Hutto & Gilbert 2014) scores the context's
//! *normalized* text, so curly quotes and apostrophes are plain ASCII (VADER strips only ASCII
//! punctuation: `‘traitors’` would miss its lexicon entry, `don’t` its negation); the framing
//! lexicon's `[neutral]` words ("party", "revolutionary", "left", "peace" ...) get no valence;
//! and the tokens of every faction mention get no valence ("Red Guards", "Popular
//! Socialists" are names, not judgements). VADER's own rules (boosters, negation, "but",
//! capitals) apply unchanged. A mention's valence is `S / sqrt(S^2 + 15)` (VADER's
//! normalization, alpha = 15) of the sum `S` of the token valences attributed to it; VADER's
//! sentence-level "!"/"?" amplifier is not applied, since it emphasises the sentence rather
//! than any one actor.
//!
//! **Dimensions.** Framing-lexicon terms in the context (matched by stem, longest first,
//! never overlapping a mention) count with their weight, times VADER's negation scalar -0.74
//! when one of the three tokens before the term is a VADER negation ("not", "never", "no",
//! "without" ...), and times `1 + b * d` when one of those tokens is a VADER booster
//! (`b` = +0.293 for "very", "utterly" ..., -0.293 for "slightly" ...; `d` = 1, 0.95, 0.9 at
//! distance 1, 2, 3, VADER's decay). A mention's score on a dimension is the sum of its
//! attributed terms' weights, limited to [-1, 1].
//!
//! **Attribution** (one sentence naming several factions): every scored word (VADER token
//! or lexicon term) goes to the *nearest* mention in the context, by token distance (0 inside
//! a mention); a tie splits it equally. "The heroic Bolsheviks defeated the treacherous
//! Mensheviks": *heroic* goes to the Bolsheviks, *treacherous* to the Mensheviks.
//!
//! **Voice.** A mention whose first token is inside quotation marks is `quoted`, else
//! `narrator`. Quotation spans are found per paragraph on the normalized text: a double quote
//! after a space, an opening bracket, a dash or the paragraph start opens, any other closes;
//! a single quote opens only there and before a letter, and closes before a non-letter (an
//! apostrophe inside a word is neither). A quotation runs across sentence breaks until its
//! closing mark or the end of the paragraph (the convention for quotations over several
//! paragraphs reopens the mark at each one).
//!
//! [`FactionSet::find`]: factions::FactionSet::find

pub mod actions;
pub mod compare;
pub mod evaluate;
pub mod factions;
pub mod lexicon;
pub mod sentiment;
pub mod stance;
pub mod summary;
pub mod vader;

mod aggregate;
mod attribution;
mod framer;
mod lexicon_csv;
mod mentions;
mod quotes;
mod score;
mod scored;
mod words;

pub use aggregate::Framing;
pub use attribution::NEGATION_SCALAR;
pub use framer::Framer;
pub use quotes::quoted_ranges;
pub use scored::{Context, Hit, MentionKind, ParagraphFraming, ScoredMention, Source, Voice};

#[cfg(test)]
mod tests;
