//! Stance signals from a dependency parse of the mention's sentence (opt-in: parsing costs
//! about ten times the rest of the scoring): the mention's relation to its head word, the
//! verb it is the subject or object of with that verb's role polarity, the adjectives that
//! modify it, and the predicate it is the subject of.

use crate::framing::mentions::Found;
use crate::framing::stance::features::SentenceView;
use crate::framing::stance::model::Sink;
use crate::framing::stance::verbs::VerbLexicon;
use crate::syntax::conllu::Sentence;

/// The sentence's words as the parser gets them (the counted tokens, as written).
pub(in crate::framing) fn sentence_words<'a>(view: &'a SentenceView) -> Vec<&'a str> {
    let p = view.paragraph;
    view.tokens
        .clone()
        .map(|t| &p.text[p.spans[t].clone()])
        .collect()
}

/// Adds the parse's signals for mention `m` (`parse`: the view's sentence, one word a token).
pub(in crate::framing) fn syntax_features(
    view: &SentenceView,
    parse: &Sentence,
    m: &Found,
    verbs: &VerbLexicon,
    name: &mut String,
    sink: &mut impl Sink,
) {
    let base = view.tokens.start;
    let (ms, me) = (m.start - base, m.start + m.len - base);
    let words = &parse.words;
    let head_of = |i: usize| words[i].head.map(|h| h as usize);
    // The mention's head: its word whose head lies outside it.
    let Some(h) = (ms..me).find(|&i| !matches!(head_of(i), Some(x) if x > ms && x <= me)) else {
        return;
    };
    let relation = words[h].deprel.as_str();
    name.clear();
    name.push_str("dep:");
    name.push_str(relation);
    sink.add(name, 1.0);
    let children = |of: usize| (0..words.len()).filter(move |&c| head_of(c) == Some(of + 1));
    // Adjectives and other modifiers of the mention.
    let amod: f64 = children(h)
        .filter(|&c| words[c].deprel == "amod")
        .map(|c| view.valence(base + c))
        .sum();
    sink.add("amod_valence", squash(amod));
    let Some(g) = head_of(h).filter(|&g| g > 0).map(|g| g - 1) else {
        return;
    };
    let gov = &words[g];
    name.clear();
    name.push_str("gov:");
    name.push_str(&gov.lemma.to_lowercase());
    sink.add(name, 1.0);
    let negated = children(g).any(|c| matches!(words[c].lemma.as_str(), "not" | "never" | "n't"));
    let sign = if negated { -1.0 } else { 1.0 };
    if relation == "nsubj" && matches!(gov.upos.as_str(), "ADJ" | "NOUN") {
        let v = view.valence(base + g)
            + children(g)
                .filter(|&c| words[c].deprel == "amod")
                .map(|c| view.valence(base + c))
                .sum::<f64>();
        sink.add("syn_predicate_valence", sign * squash(v));
    }
    if gov.upos != "VERB" {
        return;
    }
    let by = children(h).any(|c| words[c].deprel == "case" && words[c].lemma == "by");
    let role = match relation {
        "nsubj" => "agent",
        "obl" | "obl:agent" if by => "agent",
        "obj" | "iobj" | "nsubj:pass" => "patient",
        _ => return,
    };
    // A phrasal verb's particle: "swept ... aside".
    let particle = children(g)
        .find(|&c| words[c].deprel == "compound:prt")
        .map(|c| words[c].form.to_lowercase());
    let lemma = gov.lemma.to_lowercase();
    let verb = particle
        .and_then(|p| verbs.by_lemma(&format!("{lemma} {p}")))
        .or_else(|| verbs.by_lemma(&lemma));
    if let Some(v) = verb {
        let v = &verbs.verbs()[v];
        let polarity = if role == "agent" { v.agent } else { v.patient };
        sink.add(
            if role == "agent" {
                "syn_agent_polarity"
            } else {
                "syn_patient_polarity"
            },
            sign * polarity,
        );
        name.clear();
        name.push_str("synverb:");
        name.push_str(&v.lemma);
        name.push(':');
        name.push_str(role);
        sink.add(name, sign);
    }
}

fn squash(s: f64) -> f64 {
    if s == 0.0 {
        0.0
    } else {
        s / (s * s + 15.0).sqrt()
    }
}
