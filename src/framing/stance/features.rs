//! The signals of one mention's stance, as named features: the VADER valence of its
//! clause and of its neighbours, the verbs it is the agent or patient of, a predicate it is
//! the subject of, the preposition before it, scare quotes, negation, and the words of its
//! clause by side. Every feature has a stable name; a model weighs them by name.

use std::ops::Range;

use crate::framing::lexicon::Dimension;
use crate::framing::mentions::Found;
use crate::framing::scored::MentionKind;
use crate::framing::stance::model::{Fixed, Sink, StanceModel, NO_FEATURE};
use crate::framing::stance::verbs::VerbLexicon;
use crate::framing::words::{Paragraph, WordFlags};

/// Words that open a clause after a comma (or anywhere, for the first five).
const CLAUSE_OPENERS: [&str; 17] = [
    "but", "whereas", "while", "although", "though", "yet", "which", "who", "whom", "whose",
    "when", "where", "since", "because", "if", "unless", "until",
];
/// Of [`CLAUSE_OPENERS`], those that open a clause even without a comma.
const HARD_OPENERS: usize = 6;

const BE: [&str; 8] = ["is", "are", "was", "were", "be", "been", "being", "am"];
const DETERMINERS: [&str; 14] = [
    "the", "a", "an", "all", "these", "those", "this", "that", "our", "their", "his", "its",
    "some", "many",
];
const PREPOSITIONS: [&str; 20] = [
    "against", "with", "to", "by", "of", "for", "from", "under", "over", "on", "upon", "at",
    "towards", "toward", "among", "between", "without", "behind", "like", "as",
];
/// Tokens each side of a mention whose words and valences count as its neighbours.
const NEAR: usize = 3;
/// Tokens each side of a mention whose words become `l:`/`r:` features.
const WORDS_EACH_SIDE: usize = 8;
/// Tokens between a mention and a verb that can still have it as agent or patient.
const VERB_REACH: usize = 6;

/// What the extractor needs of a sentence beyond the paragraph.
pub(in crate::framing) struct SentenceView<'a> {
    pub(in crate::framing) paragraph: &'a Paragraph<'a>,
    /// The sentence's tokens.
    pub(in crate::framing) tokens: Range<usize>,
    /// VADER valence of each of those tokens (0 for mention tokens and unscored words).
    pub(in crate::framing) valence: &'a [f64],
    /// Per paragraph token: whether it is inside a mention.
    pub(in crate::framing) in_mention: &'a [bool],
    /// The paragraph's quoted byte ranges (normalized text).
    pub(in crate::framing) quotes: &'a crate::framing::quotes::Quotes,
    /// Tokens of the sentence inside mentions.
    pub(in crate::framing) mention_tokens: usize,
    /// Per token of the sentence: whether a clause ends after it ([`clause_boundaries`]).
    pub(in crate::framing) boundaries: &'a [bool],
}

/// Per token of `tokens` (the last one's is true): whether a clause boundary lies between it
/// and the next token, into `out`.
pub(in crate::framing) fn clause_boundaries(
    p: &Paragraph,
    tokens: Range<usize>,
    out: &mut Vec<bool>,
) {
    out.clear();
    for t in tokens.clone() {
        if t + 1 >= tokens.end {
            out.push(true);
            continue;
        }
        let gap = &p.text[p.spans[t].end..p.spans[t + 1].start];
        let hard = gap.contains([';', ':', '(', ')', '[', ']', '\u{2014}', '\u{2013}'])
            || gap.contains("--");
        let next = p.flags[t + 1];
        let boundary =
            hard || next.opens_clause() || (next.opens_clause_after_comma() && gap.contains(','));
        out.push(boundary);
    }
}

impl SentenceView<'_> {
    fn word(&self, t: usize) -> &str {
        self.paragraph.word(t)
    }

    pub(in crate::framing) fn valence(&self, t: usize) -> f64 {
        self.valence[t - self.tokens.start]
    }

    /// The clause around tokens `start..end`.
    fn clause(&self, start: usize, end: usize) -> Range<usize> {
        let mut from = start;
        let after = |t: usize| self.boundaries[t - self.tokens.start];
        while from > self.tokens.start && !after(from - 1) {
            from -= 1;
        }
        let mut to = end;
        while to < self.tokens.end && !after(to - 1) {
            to += 1;
        }
        from..to
    }
}

/// The clause-opener flags of a (folded) word, for the word cache.
pub(in crate::framing) fn opener_flags(word: &str) -> u8 {
    match CLAUSE_OPENERS.iter().position(|w| *w == word) {
        Some(k) if k < HARD_OPENERS => WordFlags::HARD_OPENER,
        Some(_) => WordFlags::SOFT_OPENER,
        None => 0,
    }
}

/// `S / sqrt(S^2 + 15)`, VADER's normalization.
fn squash(s: f64) -> f64 {
    if s == 0.0 {
        0.0
    } else {
        s / (s * s + 15.0).sqrt()
    }
}

/// Adds the context features of mention `m` (not those of its final scores, see
/// [`score_features`]) to `sink`; `name` is a reusable buffer.
pub(in crate::framing) fn context_features(
    view: &SentenceView,
    m: &Found,
    verbs: &VerbLexicon,
    name: &mut String,
    sink: &mut impl Sink,
) {
    let (ms, me) = (m.start, m.start + m.len);
    let clause = view.clause(ms, me);
    sink.add_fixed(Fixed::Bias, 1.0);
    if m.kind == MentionKind::FirstPerson {
        sink.add_fixed(Fixed::FirstPerson, 1.0);
    }
    let sum = |r: Range<usize>| -> f64 { r.map(|t| view.valence(t)).sum() };
    sink.add_fixed(Fixed::SentenceValence, squash(sum(view.tokens.clone())));
    let (mut pos, mut neg) = (0.0, 0.0);
    for t in clause.clone() {
        let v = view.valence(t);
        if v > 0.0 {
            pos += v;
        } else {
            neg += v;
        }
    }
    sink.add_fixed(Fixed::ClausePositive, squash(pos));
    sink.add_fixed(Fixed::ClauseNegative, squash(neg));
    let before = ms.saturating_sub(NEAR).max(clause.start)..ms;
    let after = me..(me + NEAR).min(clause.end);
    sink.add_fixed(Fixed::BeforeValence, squash(sum(before.clone())));
    sink.add_fixed(Fixed::AfterValence, squash(sum(after.clone())));

    let p = view.paragraph;
    if (clause.start..clause.end).any(|t| p.flags[t].is_negation()) {
        sink.add_fixed(Fixed::ClauseNegation, 1.0);
    }
    let sentence_text = {
        let r = &p.sentence_ranges[p.sentences[ms] as usize];
        p.text[r.clone()].trim_end()
    };
    if sentence_text.ends_with('?') {
        sink.add_fixed(Fixed::Question, 1.0);
    }
    if sentence_text.ends_with('!') {
        sink.add_fixed(Fixed::Exclamation, 1.0);
    }
    let start_byte = p.spans[ms].start;
    if let Some(q) = view.quotes.containing(start_byte) {
        sink.add_fixed(Fixed::Quoted, 1.0);
        let inside = p.spans.partition_point(|s| s.start < q.end)
            - p.spans.partition_point(|s| s.start < q.start);
        if inside <= 4 {
            sink.add_fixed(Fixed::ScareQuotes, 1.0);
        }
    }
    if view.mention_tokens > me - ms {
        sink.add_fixed(Fixed::OtherMentions, 1.0);
    }

    // The word before the mention, past determiners: a preposition names the relation.
    let mut k = ms;
    while k > clause.start && DETERMINERS.contains(&view.word(k - 1)) {
        k -= 1;
    }
    let preposition = (k > clause.start)
        .then(|| view.word(k - 1))
        .filter(|w| PREPOSITIONS.contains(w));
    if let Some(w) = preposition {
        sink.add_word(p.features(k - 1)[PREP], "prep:", w, name, 1.0);
    }

    verb_features(view, ms, me, &clause, preposition, verbs, name, sink);

    // A predicate: the mention, a form of "be" (perhaps after "not" or an adverb), and what
    // follows in the clause.
    let mut t = me;
    if t < clause.end && BE.contains(&view.word(t)) {
        t += 1;
        if t < clause.end && (p.flags[t].is_negation() || p.flags[t].is_booster()) {
            t += 1;
        }
        let predicate = t..(t + 6).min(clause.end);
        let v = squash(sum(predicate));
        let negated = (me..t).any(|x| p.flags[x].is_negation());
        sink.add_fixed(Fixed::PredicateValence, if negated { -v } else { v });
    }

    // The clause's words by side.
    for t in clause.start.max(ms.saturating_sub(WORDS_EACH_SIDE))..ms {
        if !view.in_mention[t] {
            sink.add_word(p.features(t)[LEFT], "l:", view.word(t), name, 1.0);
        }
    }
    for t in me..clause.end.min(me + WORDS_EACH_SIDE) {
        if !view.in_mention[t] {
            sink.add_word(p.features(t)[RIGHT], "r:", view.word(t), name, 1.0);
        }
    }
}

/// The verbs of the lexicon the mention is the agent or patient of: the first verb after
/// it in its clause (agent, or patient when passive: a form of "be" before a participle)
/// and the last verb before it (patient as object; agent after "by" with a participle).
#[allow(clippy::too_many_arguments)]
fn verb_features(
    view: &SentenceView,
    ms: usize,
    me: usize,
    clause: &Range<usize>,
    preposition: Option<&str>,
    verbs: &VerbLexicon,
    name: &mut String,
    sink: &mut impl Sink,
) {
    let p = view.paragraph;
    // Most clauses hold no verb of the lexicon: no word list for them.
    if !(clause.start..clause.end).any(|t| p.flags[t].may_start_verb()) {
        return;
    }
    let words: Vec<&str> = (clause.start..clause.end).map(|t| view.word(t)).collect();
    let at = |t: usize| t - clause.start;
    let negated =
        |t: usize| (t.saturating_sub(3).max(clause.start)..t).any(|x| p.flags[x].is_negation());
    let mut emit = |verb: usize, role: &str, sign: f64| {
        let v = &verbs.verbs()[verb];
        let polarity = if role == "agent" { v.agent } else { v.patient };
        sink.add_fixed(
            if role == "agent" {
                Fixed::AgentPolarity
            } else {
                Fixed::PatientPolarity
            },
            sign * polarity,
        );
        named(name, "verb:", &v.lemma, role);
        sink.add(name, sign);
        if !v.class.is_empty() {
            named(name, "class:", &v.class, role);
            sink.add(name, sign);
        }
    };
    // After the mention.
    let mut t = me;
    while t < clause.end && t < me + VERB_REACH {
        if view.in_mention[t] {
            break;
        }
        if !p.flags[t].may_start_verb() {
            t += 1;
            continue;
        }
        if let Some(found) = verbs.find(&words, at(t)) {
            let passive = found.participle
                && (t.saturating_sub(3).max(me)..t).any(|x| BE.contains(&view.word(x)));
            let sign = if negated(t) { -1.0 } else { 1.0 };
            emit(found.verb, if passive { "patient" } else { "agent" }, sign);
            break;
        }
        t += 1;
    }
    // Before it.
    let mut t = ms;
    while t > clause.start && t + VERB_REACH > ms {
        t -= 1;
        if view.in_mention[t] {
            break;
        }
        if !p.flags[t].may_start_verb() {
            continue;
        }
        if let Some(found) = verbs.find(&words, at(t)) {
            if t + found.len > ms {
                continue;
            }
            let sign = if negated(t) { -1.0 } else { 1.0 };
            match preposition {
                Some("by") if found.participle => emit(found.verb, "agent", sign),
                None => emit(found.verb, "patient", sign),
                Some(_) => {}
            }
            break;
        }
    }
}

/// Adds the features of a mention's final scores: its valence and its framing-dimension
/// scores (`dim:<id>`).
/// `ids` the dimensions' ids, `index` their `dim:` features' indices in the scoring model.
pub(in crate::framing) fn score_features(
    valence: f64,
    dimensions: &[f64],
    (dims, index): (&[Dimension], &[u32]),
    name: &mut String,
    sink: &mut impl Sink,
) {
    sink.add_fixed(Fixed::Valence, valence);
    for ((d, dim), &i) in dimensions.iter().zip(dims).zip(index) {
        sink.add_word(i, "dim:", &dim.id, name, *d);
    }
}

/// The model indices a word's features are cached under ([`word_features`]).
pub(in crate::framing) const LEFT: usize = 0;
pub(in crate::framing) const RIGHT: usize = 1;
pub(in crate::framing) const PREP: usize = 2;

/// A (folded) word's `l:`, `r:` and `prep:` feature indices in `model` ([`NO_FEATURE`]
/// where it has none), for the word cache: a mention's words are then weighed without
/// making their names.
pub(in crate::framing) fn word_features(word: &str, model: &StanceModel) -> [u32; 3] {
    let mut name = String::with_capacity(word.len() + 5);
    let mut index = |prefix: &str| {
        named(&mut name, prefix, word, "");
        model.index_of(&name)
    };
    let prep = if PREPOSITIONS.contains(&word) {
        index("prep:")
    } else {
        NO_FEATURE
    };
    [index("l:"), index("r:"), prep]
}

/// `prefix` + `word` (+ `:` + `suffix`) into `name`.
fn named(name: &mut String, prefix: &str, word: &str, suffix: &str) {
    name.clear();
    name.push_str(prefix);
    name.push_str(word);
    if !suffix.is_empty() {
        name.push(':');
        name.push_str(suffix);
    }
}
