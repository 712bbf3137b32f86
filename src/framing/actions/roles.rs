//! The role of a mention for its verb, read from a dependency parse.

use crate::syntax::conllu::Sentence;

/// Whether a mention acts or is acted upon.
///
/// ```
/// use corpus_lens::framing::actions::Role;
/// assert!(Role::Agent < Role::Patient); // the tables' order
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// The doer: `nsubj` of a verb, or the `by` phrase of a passive (`obl:agent`).
    Agent,
    /// The one acted upon: `obj`, or `nsubj:pass` of a passive.
    Patient,
}

impl Role {
    /// The role's name in the tables: `agent` or `patient`.
    ///
    /// ```
    /// assert_eq!(corpus_lens::framing::actions::Role::Patient.name(), "patient");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Patient => "patient",
        }
    }
}

/// A mention's role for a verb.
///
/// ```
/// use corpus_lens::framing::actions::{role_of, Role};
/// let model = corpus_lens::syntax::Model::load_default()?;
/// let parse = model.analyze(&["They", "did", "not", "obey", "the", "Soviet", "."]);
/// let found = role_of(&parse, 5, 1).unwrap();
/// assert_eq!((found.role, found.lemma.as_str(), found.negated), (Role::Patient, "obey", true));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleOf {
    /// Agent or patient.
    pub role: Role,
    /// The verb's word index in the sentence (from 0).
    pub verb: usize,
    /// The verb's lemma, lowercased.
    pub lemma: String,
    /// Whether "not", "never" or "n't" hangs from the verb.
    pub negated: bool,
}

/// Whether a word tagged ADJ after "be" reads as a passive participle: the tagger often
/// takes "were swept" for a copula and an adjective. Its lemmatizer gives it a verb's lemma
/// other than its form, and it ends as participles do (-ed, -en, -n, -t: "crushed",
/// "driven", "swept"); comparatives and superlatives ("better" -> good) are not.
fn adjectival_passive(form: &str, lemma: &str) -> bool {
    let form = form.to_lowercase();
    let lemma = lemma.to_lowercase();
    form != lemma
        && ["ed", "en", "n", "t"].iter().any(|e| form.ends_with(e))
        && !matches!(
            lemma.as_str(),
            "good" | "bad" | "little" | "much" | "many" | "far"
        )
}

/// The role of the words `start..start + len` of a parsed sentence for the verb they hang
/// from, if any: the span's head word (the one whose head lies outside the span), past
/// coordination (the second of "the Cadets and the Mensheviks" takes the first's place),
/// is `nsubj` of a VERB (agent), `obl:agent` of one, or an `obl` with a `by` case of a
/// passive verb (one with an `aux:pass` or `nsubj:pass` child; agent), or `obj` or
/// `nsubj:pass` (patient). A participle the tagger took for an adjective after "be"
/// ("were swept aside") is a passive verb: its `nsubj` is its patient. Other relations (`iobj`, `nmod`, a copula's subject ...) give
/// none.
///
/// ```
/// use corpus_lens::framing::actions::{role_of, Role};
/// let model = corpus_lens::syntax::Model::load_default()?;
/// let parse = model.analyze(&["The", "Bolsheviks", "seized", "the", "station", "."]);
/// let found = role_of(&parse, 1, 1).unwrap();
/// assert_eq!((found.role, found.lemma.as_str()), (Role::Agent, "seize"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn role_of(parse: &Sentence, start: usize, len: usize) -> Option<RoleOf> {
    let words = &parse.words;
    let end = (start + len).min(words.len());
    let head_of = |i: usize| words[i].head.map(|h| h as usize);
    let inside = |h: Option<usize>| matches!(h, Some(x) if x > start && x <= end);
    let mut h = (start..end).find(|&i| !inside(head_of(i)))?;
    // The first conjunct's relation stands for the coordination.
    for _ in 0..words.len() {
        if words[h].deprel != "conj" {
            break;
        }
        h = head_of(h).filter(|&x| x > 0)? - 1;
    }
    let g = head_of(h).filter(|&g| g > 0)? - 1;
    let verb = &words[g];
    let children = |of: usize| (0..words.len()).filter(move |&c| head_of(c) == Some(of + 1));
    let participle = verb.upos == "ADJ"
        && adjectival_passive(&verb.form, &verb.lemma)
        && children(g).any(|c| words[c].deprel == "cop" && words[c].lemma == "be");
    if verb.upos != "VERB" && !participle {
        return None;
    }
    let relation = words[h].deprel.as_str();
    let role = match relation {
        "nsubj" if participle => Role::Patient,
        "nsubj" | "obl:agent" => Role::Agent,
        "obj" | "nsubj:pass" => Role::Patient,
        "obl" => {
            let by = children(h).any(|c| words[c].deprel == "case" && words[c].lemma == "by");
            let passive = participle
                || children(g)
                    .any(|c| matches!(words[c].deprel.as_str(), "aux:pass" | "nsubj:pass"));
            if by && passive {
                Role::Agent
            } else {
                return None;
            }
        }
        _ => return None,
    };
    let negated = children(g).any(|c| {
        matches!(
            words[c].form.to_lowercase().as_str(),
            "not" | "never" | "n't"
        )
    });
    Some(RoleOf {
        role,
        verb: g,
        lemma: verb.lemma.to_lowercase(),
        negated,
    })
}
