//! Agency and power per faction: who acts and who is acted upon.
//!
//! Takes each paragraph's faction mentions (as the framing finds them: aliases, "the
//! Government", first-person phrases), parses only the sentences that hold one with the
//! project's parser ([`crate::syntax`]), and gives every mention that is the subject or
//! object of a verb its role and the verb's lemma ([`role_of`]); then, per document and
//! faction, `faction_actions.csv` (the counts of each role and verb) and
//! `faction_agency.csv` (how often the faction acts rather than is acted upon, and its
//! agency and power scores, with bootstrap intervals).
//!
//! **Roles.** Following Riveter's extraction (Antoniak et al. 2023; subjects and direct
//! objects of verbs in a dependency parse), extended to passives: a mention whose head
//! word is `nsubj` of a VERB, or the `by` phrase of a passive (`obl:agent`, or `obl` with
//! the case `by` on a verb with `aux:pass` or `nsubj:pass`), is its **agent**; one that is
//! `obj` or `nsubj:pass` is its **patient** ("the Mensheviks were swept aside": patient of
//! *sweep*). A conjunct takes the relation of the first conjunct. Each mention has at most
//! one role (basic dependencies: the subject is not carried to a conjoined verb). A
//! participle the tagger took for an adjective after "be" ("were swept aside") counts as a
//! passive verb.
//!
//! **Lexicon.** Connotation frames of power and agency (Sap et al. 2017): a verb's
//! **agency** says whether its agent acts decisively (`+`: *seize*, *decide*), undergoes
//! (`-`: *suffer*, *hesitate*) or neither (`=`); its **power** says who holds power, the
//! agent over the theme (`agent`: *command*, *arrest*), the theme over the agent (`theme`:
//! *obey*, *beg*) or neither (`equal`). The shipped lexicon
//! (`corpora/lexicons/agency_power.csv`, [`AgencyPowerLexicon`]) was written for this
//! project from the verbs that occur with faction mentions in the shipped memoirs; any file
//! of the same columns replaces it.
//!
//! **Scores** (Riveter's rules): a role gets the agency score `+1` as the agent of a `+`
//! verb, `-1` as the agent of a `-` verb, else 0; the power score `+1` on the side the verb
//! gives power to (agent of an `agent` verb, patient of a `theme` verb), `-1` on the other,
//! else 0. For a faction in a document, with `A` its agent roles, `P` its patient roles and
//! `T` the document's tokens:
//!
//! - `actions_per_10k = (A + P) / T * 10,000`
//! - `agent_share = A / (A + P)`
//! - `agency = Σ agency scores / (A + P)`, `power = Σ power scores / (A + P)` (Riveter
//!   divides by every subject and object occurrence, scored or not; `scored` counts the
//!   roles whose verb the lexicon lists).
//!
//! Each is a ratio of sums over paragraphs, so its 95% interval is the framing summary's
//! cluster bootstrap over the document's paragraphs ([`crate::stats::bootstrap`]) with the
//! same replicates, the document's own seed and the same minimum of data
//! ([`crate::framing::summary::SummaryOptions`]).

mod aggregate;
mod lexicon;
mod roles;
mod tables;

pub(crate) use aggregate::SavedActions;
pub use aggregate::{
    ActionParagraph, Actions, ActionsSetup, ActionsWorker, DocumentActions, Hit, Record,
};
pub use lexicon::{Agency, AgencyPowerLexicon, Frame, Power, DEFAULT_AGENCY_POWER};
pub use roles::{role_of, Role, RoleOf};
pub use tables::{action_rows, agency_rows, ActionRow, AgencyRow, AGENCY_MEASURES};

#[cfg(test)]
mod tests;
