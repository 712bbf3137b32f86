//! The schemas of the tables made from tags, lemmas and parses.

use super::ColumnType::{Float, Integer, String as Text};
use super::{col, Schema};

schema! {
    /// `lemmas.csv`: frequencies of (lemma, part of speech) pairs, with dispersion.
    LEMMAS = "lemmas.csv";
    row: "one lemma with one UPOS tag over the whole corpus (every counted token tagged in its sentence)";
    order: "freq descending, then lemma ascending, then upos ascending";
    col "lemma" Text "the lemma, lowercased, period spellings folded (corpora/variants.toml)";
    col "upos" Text "Universal Dependencies part of speech (NOUN, PROPN, VERB ...)";
    col "freq" Integer "counted tokens with this lemma and tag";
    col "per_million" Float "freq / tokens * 1,000,000, tokens = all counted tokens of the corpus";
    col "range" Integer "paragraphs that contain the lemma with this tag";
    col "range_pct" Float "range / paragraphs with at least one token * 100";
    col "n_documents" Integer "documents that contain it";
    col "dp" Float "Gries's DP over paragraphs (0 even .. 1 clumped)";
    col "dp_norm" Float "DP / (1 - smallest paragraph's share) (Lijffijt & Gries 2012)";
    col "juilland_d" Float "Juilland's D over paragraphs (1 even .. 0 clumped)";
    col "n_forms" Integer "distinct word forms (lowercased) seen with this lemma and tag";
    col "forms" Text "form:count pairs, most frequent first (ties by form), separated by |";
}

schema! {
    /// `relations.csv`: word sketches, the grammatical collocations of node lemmas.
    RELATIONS = "relations.csv";
    row: "one node, grammatical relation and collocate lemma, over the corpus or in one document";
    order: "(corpus) then documents in corpus order; nodes in the order given; relation ascending; count descending, log_dice descending, collocate ascending";
    col "document" Text "document id, or (corpus) for the whole corpus";
    col "node" Text "the node as given";
    col "relation" Text "subject_of, has_subject, object_of, has_object, modifier, modifies, and_or, possessor, possessed, or pp_<preposition> (see docs/syntax.md)";
    col "collocate" Text "the collocate's lemma, lowercased, period spellings folded";
    col "count" Integer "f(x,R,y): times the node stands in the relation to the collocate";
    col "f_node_relation" Integer "f(x,R): times the node stands in the relation to any word";
    col "f_collocate_relation" Integer "f(R,y): times any word stands in the relation to the collocate";
    col "log_dice" Float "14 + log2(2 count / (f_node_relation + f_collocate_relation)) (Rychly 2008)";
    col "first_document" Text "the document of the first occurrence (the row's own document, or for (corpus) the first in corpus order)";
    col "line" Integer "line (from 1) of the node word's first occurrence in that document's file, to cite the passage";
    col "byte_offset" Integer "byte offset of that occurrence in the file (for text taken out of markup: its paragraph's)";
    col "page" Text "its page (TEI <pb n>, EPUB member), or empty";
}
