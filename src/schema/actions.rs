//! The schemas of the faction-actions tables (agency and power per faction).

use super::ColumnType::{Boolean, Float, Integer, String as Text};
use super::{col, Schema};

schema! {
    /// `faction_actions.csv`: what each faction does and what is done to it.
    FACTION_ACTIONS = "faction_actions.csv";
    row: "one document, faction, role and verb lemma: the faction mentions that are the verb's subject or object in the parse";
    order: "documents in corpus order; factions in the factions file's order; role (agent, patient); count descending, then verb_lemma ascending";
    col "document" Text "document id";
    col "faction" Text "faction id (corpora/factions.toml)";
    col "faction_label" Text "the faction's display label";
    col "role" Text "agent (nsubj, or the by-phrase of a passive) or patient (obj, or nsubj:pass)";
    col "verb_lemma" Text "the verb's lemma, lowercased";
    col "count" Integer "mentions of the faction in this role for this verb";
    col "negated" Integer "of them, those whose verb has not, never or n't";
    col "agency" Text "the verb's agency in the lexicon: + (decisive agent), - (passive agent), = ; empty if unlisted";
    col "power" Text "who the verb gives power to in the lexicon: agent, theme, equal; empty if unlisted";
    col "agency_score" Float "this role's agency score: +1 agent of a + verb, -1 agent of a - verb, else 0 (Riveter)";
    col "power_score" Float "this role's power score: +1 the side the verb gives power to, -1 the other, else 0 (Riveter)";
    col "line" Integer "line (from 1) of the first such mention in the document's file, to cite the passage";
    col "byte_offset" Integer "byte offset of that mention in the file (for text taken out of markup: its paragraph's)";
    col "page" Text "its page (TEI <pb n>, EPUB member), or empty";
}

schema! {
    /// `faction_agency.csv`: how often each faction acts versus is acted upon, per document.
    FACTION_AGENCY = "faction_agency.csv";
    row: "one document, faction and measure, with a 95% cluster-bootstrap interval over the document's paragraphs";
    order: "documents in corpus order; factions in the factions file's order; measure (actions_per_10k, agent_share, agency, power)";
    col "document" Text "document id";
    col "faction" Text "faction id";
    col "faction_label" Text "the faction's display label";
    col "measure" Text "actions_per_10k = (agent + patient) / tokens x 10,000; agent_share = agent / (agent + patient); agency, power = summed scores / (agent + patient)";
    col "agent" Integer "mentions of the faction as a verb's agent";
    col "patient" Integer "mentions of the faction as a verb's patient";
    col "scored" Integer "of those roles, the ones whose verb the agency and power lexicon lists";
    col "paragraphs" Integer "paragraphs with at least one of those roles";
    col "n" Integer "agent + patient: the ratio's denominator (roles)";
    col "estimate" Float "the measure on the whole document";
    col "ci_low" Float "2.5% percentile of the bootstrap replicates (empty without enough data)";
    col "ci_high" Float "97.5% percentile of the bootstrap replicates (empty without enough data)";
    col "replicates" Integer "bootstrap replicates in which the faction had a role (the measure was defined)";
    col "enough_data" Boolean "n >= --min-mentions and paragraphs >= --min-paragraphs";
}
