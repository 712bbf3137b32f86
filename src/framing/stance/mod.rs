//! Targeted stance: how the text presents *this* faction in *this* sentence, -1, 0 or +1.
//!
//! Takes a mention in its sentence (the tokens, VADER's token valences, the quotations, the
//! other mentions) and gives named signals ([`features`](self)) that a multinomial logistic
//! regression ([`StanceModel`]) weighs into a class and a score `P(+1) - P(-1)`, with the
//! features that drove it.
//!
//! **Signals.** The valence of the mention's *clause* (the sentence cut at `;`, `:`, dashes,
//! brackets, and before "but", "whereas", "while", "although", "though", "yet", or a comma
//! followed by "which", "who", "when", "because" ...), its positive and negative parts
//! apart; the valence of the three tokens either side; the sentence's valence; the
//! mention's historical-mode `valence` and framing-dimension scores; the **role** of the
//! mention for the verbs of the verb lexicon ([`VerbLexicon`]: the first verb after it in
//! its clause makes it the agent, or the patient when passive, a form of "be" before a
//! participle; the last verb before it makes it the patient, or the agent after "by"),
//! with the verb's role polarity, its lemma and class, and their sign flipped by a
//! negation in the three tokens before the verb; a predicate ("X were traitors": the
//! valence after "be"); the preposition before it ("against X"); quotation, scare quotes
//! (a quotation of four words at most), questions, exclamations, negation in the clause;
//! and the words of its clause, eight at most each side, as `l:<word>` and `r:<word>`.
//!
//! **Model.** Weights per feature and class, fitted on an annotated gold set
//! ([`fit`], [`cross_validate`]) and shipped as `models/stance.csv`; `corpus-lens
//! train-framing` fits one on a user's own annotations.

pub(in crate::framing) mod features;
pub(in crate::framing) mod model;
pub(in crate::framing) mod setup;
pub(in crate::framing) mod syntax;
mod train;
pub(in crate::framing) mod verbs;

pub use model::{Stance, StanceModel, DEFAULT_MODEL, DRIVERS, MODEL_HEADER, PRIOR_PREFIX};
pub use setup::StanceSetup;
pub use train::{
    choose_lambda, cross_validate, cross_validate_stances, fit, CrossValidated, Example,
    TrainOptions,
};
pub use verbs::{Verb, VerbLexicon, VerbMatch, DEFAULT_VERBS};

#[cfg(test)]
mod tests;
