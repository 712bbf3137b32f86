//! The lemmatizer: a dictionary for words seen in training, suffix rules for the others.
//!
//! 1. A (form, UPOS) seen in training gets its most frequent lemma there; failing that, the
//!    lowercased form with that UPOS (a capital at the start of a sentence); failing that,
//!    the form's most frequent lemma under any tag (the tagger may be wrong).
//! 2. An unseen word gets a rewrite rule "remove the last k characters, add these", chosen
//!    per UPOS by the word's longest suffix (up to six characters) seen in at least two
//!    training word types, as the most frequent rule among them. A rule also says whether
//!    it applies to the word as written (names, `I`) or lowercased. When that rule's output
//!    is no training lemma and a shorter suffix's rule gives one (of at least three
//!    letters), the shorter one wins: `retreated` is `retreat` (`-ed`), not `retreate`
//!    (`-ated`, as in `created`). Not for PROPN. Chosen on EWT dev (lemma 97.05 -> 97.09).
//! 3. A word tagged VERB or AUX that step 1 did not find with its tag gets its lemma from a
//!    list of English irregular verbs' past forms (`irregular_verbs.csv`, 177 verbs), which
//!    the suffix rules cannot guess (`fled` became `fle`, `slew` `slow`, `dug` nothing).
//!    Forms of two common verbs (`wound`, `ground`, `bound`, `lay`, `rent`) are left out.
//! 4. A rule that would leave no lemma leaves the word as it is.
//! 5. Two conventions of the treebank: a word that gets its lemma from step 2 or from the
//!    any-tag lookup is lowercased unless it is tagged PROPN (`Facsimile` -> `facsimile`);
//!    `her` before a noun, adjective, proper noun or number is the possessive, whose lemma
//!    is `her` (EWT lemmatizes the possessives as themselves: `his`, `their`), elsewhere
//!    `she`. Both were chosen on EWT dev (lemma 96.89% -> 97.04%), then scored on test. Case
//!    matters only in CoNLL-U output: the tables lowercase lemmas.
//!
//! Why this rather than a classifier over edit scripts: English inflection is nearly all
//! suffixes, the dictionary covers most running words, and lookups are fast enough for
//! half a million words a second; on EWT it passes 97% (see `models/README.md`).

use rustc_hash::FxHashMap;

use super::bin::{ReadResult, Reader, Writer};
use super::hash::{hash_str, mix};
use super::tagger::Lexical;

const MAX_SUFFIX: usize = 6;
const ANY_TAG: u8 = 255;

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Rule {
    lower: bool,
    strip: u8,
    append: String,
}

impl Rule {
    fn of(form: &str, lemma: &str) -> Rule {
        let lower = form.to_lowercase();
        let common = |a: &str| {
            a.chars()
                .zip(lemma.chars())
                .take_while(|(x, y)| x == y)
                .count()
        };
        let (use_lower, base, cp) = if common(&lower) > common(form) {
            (true, lower.as_str(), common(&lower))
        } else {
            (false, form, common(form))
        };
        Rule {
            lower: use_lower,
            strip: (base.chars().count() - cp).min(255) as u8,
            append: lemma.chars().skip(cp).collect(),
        }
    }

    fn apply(&self, form: &str, out: &mut String) {
        out.clear();
        if self.lower {
            out.extend(form.chars().flat_map(char::to_lowercase));
        } else {
            out.push_str(form);
        }
        let n = out.chars().count();
        if (self.strip as usize) > n {
            out.clear();
            out.push_str(form);
            return;
        }
        let cut = out
            .char_indices()
            .nth(n - self.strip as usize)
            .map_or(out.len(), |(i, _)| i);
        out.truncate(cut);
        out.push_str(&self.append);
    }
}

/// A trained lemmatizer.
#[derive(Default)]
pub(crate) struct Lemmatizer {
    /// hash(form, tag) -> lemma index.
    lookup: FxHashMap<u64, u32>,
    lemmas: Vec<String>,
    /// hash(tag, suffix) -> rule index.
    rules: FxHashMap<u64, u32>,
    rule_list: Vec<Rule>,
    /// The training lemmas, lowercased: what step 2 prefers a rule's output to be (built
    /// from `lemmas`, not stored).
    known: rustc_hash::FxHashSet<String>,
    /// The tag ids the conventions of step 3 need; from the tagger's names, not stored.
    roles: TagRoles,
}

/// Which tag ids are PROPN, PRON, and the nominal tags that make `her` a possessive.
#[derive(Default)]
struct TagRoles {
    propn: Option<u8>,
    pron: Option<u8>,
    nominal: Vec<u8>,
    /// VERB and AUX, the tags whose unseen words the irregular verbs' list lemmatizes.
    verbal: Vec<u8>,
}

/// The irregular verbs' past forms (`form -> lemma`), from `irregular_verbs.csv`.
fn irregular(lower: &str) -> Option<&'static str> {
    static FORMS: std::sync::OnceLock<FxHashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        let mut forms = FxHashMap::default();
        for line in include_str!("irregular_verbs.csv").lines().skip(1) {
            if let Some((lemma, past)) = line.split_once(',') {
                for form in past.split_whitespace() {
                    forms.insert(form, lemma);
                }
            }
        }
        forms
    });
    forms.get(lower).copied()
}

fn key(word: u64, tag: u8) -> u64 {
    mix(word, 0x1000 + u64::from(tag))
}

/// The suffixes of `lower` (as hashes) from the longest (up to MAX_SUFFIX chars) to "".
fn suffixes(lower: &str, mut f: impl FnMut(usize, u64) -> bool) {
    let starts: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
    let n = starts.len();
    for k in (0..=n.min(MAX_SUFFIX)).rev() {
        let start = if k == n {
            0
        } else if k == 0 {
            lower.len()
        } else {
            starts[n - k]
        };
        if f(k, hash_str(&lower[start..])) {
            return;
        }
    }
}

impl Lemmatizer {
    /// Learns from (form, tag id, lemma) of every training word.
    pub(crate) fn train<'a>(words: impl Iterator<Item = (&'a str, u8, &'a str)>) -> Lemmatizer {
        let mut seen: FxHashMap<(&'a str, u8), FxHashMap<&'a str, u32>> = FxHashMap::default();
        for (form, tag, lemma) in words {
            if lemma != "_" {
                *seen
                    .entry((form, tag))
                    .or_default()
                    .entry(lemma)
                    .or_default() += 1;
            }
        }
        let mut types: Vec<(&'a str, u8, &'a str)> = seen
            .iter()
            .map(|(&(form, tag), lemmas)| {
                let best = lemmas
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .unwrap();
                (form, tag, *best.0)
            })
            .collect();
        types.sort_unstable();
        let mut lm = Lemmatizer::default();
        let mut lemma_ids: FxHashMap<&'a str, u32> = FxHashMap::default();
        let mut intern = |lemma: &'a str, lm: &mut Lemmatizer| -> u32 {
            *lemma_ids.entry(lemma).or_insert_with(|| {
                lm.lemmas.push(lemma.to_string());
                lm.lemmas.len() as u32 - 1
            })
        };
        // Rule counts per (tag, suffix): keyed by hash, with the suffix length kept to prune.
        let mut counts: FxHashMap<u64, (usize, u64, FxHashMap<Rule, u32>)> = FxHashMap::default();
        for &(form, tag, lemma) in &types {
            let id = intern(lemma, &mut lm);
            lm.lookup.insert(key(hash_str(form), tag), id);
            let lower = form.to_lowercase();
            let rule = Rule::of(form, lemma);
            let mut parent = 0u64;
            let mut chain = Vec::new();
            suffixes(&lower, |k, h| {
                chain.push((k, key(h, tag)));
                false
            });
            chain.reverse(); // from "" to the longest
            for (k, h) in chain {
                let entry = counts
                    .entry(h)
                    .or_insert_with(|| (k, parent, FxHashMap::default()));
                *entry.2.entry(rule.clone()).or_default() += 1;
                parent = h;
            }
        }
        // Any tag: a word the tagger gave a tag it never had in training most often still
        // has the lemma it had there (tag 255 stands for any; the most frequent lemma wins).
        let mut any: FxHashMap<&'a str, FxHashMap<&'a str, u32>> = FxHashMap::default();
        for (&(form, _), lemmas) in &seen {
            for (&lemma, &n) in lemmas {
                *any.entry(form).or_default().entry(lemma).or_default() += n;
            }
        }
        let mut any: Vec<(&'a str, &'a str)> = any
            .iter()
            .map(|(&form, lemmas)| {
                (
                    form,
                    *lemmas
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .unwrap()
                        .0,
                )
            })
            .collect();
        any.sort_unstable();
        for &(form, lemma) in &any {
            let id = intern(lemma, &mut lm);
            lm.lookup.insert(key(hash_str(form), ANY_TAG), id);
        }
        // Lowercased forms, for a capitalized word unseen as such ("Running" at the start).
        for &(form, tag, lemma) in &types {
            let lower = form.to_lowercase();
            let k = key(hash_str(&lower), tag);
            if lower != form && !lm.lookup.contains_key(&k) {
                let id = intern(lemma, &mut lm);
                lm.lookup.insert(k, id);
            }
        }
        let best = |rules: &FxHashMap<Rule, u32>| -> (Rule, u32) {
            let (r, n) = rules
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .unwrap();
            (r.clone(), rules.values().sum::<u32>().max(*n))
        };
        let mut keys: Vec<&u64> = counts.keys().collect();
        keys.sort_unstable();
        let mut rule_ids: FxHashMap<Rule, u32> = FxHashMap::default();
        for h in keys {
            let (k, parent, rules) = &counts[h];
            let (rule, total) = best(rules);
            if *k > 0 {
                // Too rare to generalise, or no different from the shorter suffix's rule.
                if total < 2 || best(&counts[parent].2).0 == rule {
                    continue;
                }
            }
            let next = lm.rule_list.len() as u32;
            let id = *rule_ids.entry(rule.clone()).or_insert(next);
            if id == next {
                lm.rule_list.push(rule);
            }
            lm.rules.insert(*h, id);
        }
        lm.index_known();
        lm
    }

    /// Tells the lemmatizer the tagger's tag names (tag id = position), for steps 3 and 5.
    pub(crate) fn set_tag_names(&mut self, names: &[String]) {
        let id = |name: &str| names.iter().position(|t| t == name).map(|i| i as u8);
        self.roles = TagRoles {
            propn: id("PROPN"),
            pron: id("PRON"),
            nominal: ["NOUN", "ADJ", "PROPN", "NUM"]
                .iter()
                .filter_map(|t| id(t))
                .collect(),
            verbal: ["VERB", "AUX"].iter().filter_map(|t| id(t)).collect(),
        };
    }

    /// The lemma of `form` with tag `tag` into `out`; `next` is the next word's tag, if any.
    pub(crate) fn lemma(
        &self,
        form: &str,
        lex: &Lexical,
        tag: u8,
        next: Option<u8>,
        out: &mut String,
    ) {
        out.clear();
        let roles = &self.roles;
        if Some(tag) == roles.pron
            && form.eq_ignore_ascii_case("her")
            && next.is_some_and(|t| roles.nominal.contains(&t))
        {
            out.push_str("her");
            return;
        }
        if let Some(&id) = self.lookup.get(&key(lex.form, tag)) {
            out.push_str(&self.lemmas[id as usize]);
            return;
        }
        if let Some(&id) = self.lookup.get(&key(lex.lower, tag)) {
            out.push_str(&self.lemmas[id as usize]);
            return;
        }
        if roles.verbal.contains(&tag) {
            if let Some(lemma) = irregular(&form.to_lowercase()) {
                out.push_str(lemma);
                return;
            }
        }
        self.guess(form, lex, tag, out);
        if Some(tag) != roles.propn && out.chars().any(char::is_uppercase) {
            *out = out.to_lowercase();
        }
    }

    /// Steps 1 (any tag) and 2: the lemma of a (form, tag) not seen in training.
    fn guess(&self, form: &str, lex: &Lexical, tag: u8, out: &mut String) {
        if let Some(&id) = self.lookup.get(&key(lex.form, ANY_TAG)) {
            out.push_str(&self.lemmas[id as usize]);
            return;
        }
        let lower = form.to_lowercase();
        // The longest suffix's rule, unless its output is no training lemma and a shorter
        // suffix's rule gives one (`retreated`: `retreate` from `-ated` as in `created`,
        // `retreat` from `-ed`). Not for names, which the lemmas rarely hold (`Stephens`).
        let attest = !self.known.is_empty() && Some(tag) != self.roles.propn;
        let mut first: Option<u32> = None;
        let mut attested: Option<u32> = None;
        let mut candidate = String::new();
        suffixes(&lower, |_, h| {
            let Some(&id) = self.rules.get(&key(h, tag)) else {
                return false;
            };
            self.rule_list[id as usize].apply(form, &mut candidate);
            // Short lemmas are too often another word's (`lend` -> `le`).
            let known =
                candidate.chars().count() >= 3 && self.known.contains(&candidate.to_lowercase());
            if first.is_none() {
                first = Some(id);
                if known || !attest {
                    return true;
                }
            } else if known {
                attested = Some(id);
                return true;
            }
            false
        });
        match attested.or(first) {
            Some(id) => self.rule_list[id as usize].apply(form, out),
            None => out.push_str(form),
        }
        if out.is_empty() {
            out.push_str(form);
        }
    }

    /// Fills `known` from `lemmas`.
    fn index_known(&mut self) {
        self.known = self.lemmas.iter().map(|l| l.to_lowercase()).collect();
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        out.strs(&self.lemmas);
        let mut lookup: Vec<(u64, u32)> = self.lookup.iter().map(|(&k, &v)| (k, v)).collect();
        lookup.sort_unstable();
        out.u64(lookup.len() as u64);
        for (k, v) in lookup {
            out.u64(k);
            out.u32(v);
        }
        out.u64(self.rule_list.len() as u64);
        for r in &self.rule_list {
            out.u8(u8::from(r.lower));
            out.u8(r.strip);
            out.str(&r.append);
        }
        let mut rules: Vec<(u64, u32)> = self.rules.iter().map(|(&k, &v)| (k, v)).collect();
        rules.sort_unstable();
        out.u64(rules.len() as u64);
        for (k, v) in rules {
            out.u64(k);
            out.u32(v);
        }
    }

    pub(crate) fn read(input: &mut Reader) -> ReadResult<Lemmatizer> {
        let lemmas = input.strs()?;
        let mut lm = Lemmatizer {
            lemmas,
            ..Lemmatizer::default()
        };
        let n = input.count(12)?;
        for _ in 0..n {
            let (k, v) = (input.u64()?, input.u32()?);
            if v as usize >= lm.lemmas.len() {
                return Err("corrupt model file: lemma index out of range".into());
            }
            lm.lookup.insert(k, v);
        }
        let n = input.count(6)?;
        for _ in 0..n {
            let lower = input.u8()? != 0;
            let strip = input.u8()?;
            let append = input.str()?;
            lm.rule_list.push(Rule {
                lower,
                strip,
                append,
            });
        }
        let n = input.count(12)?;
        for _ in 0..n {
            let (k, v) = (input.u64()?, input.u32()?);
            if v as usize >= lm.rule_list.len() {
                return Err("corrupt model file: rule index out of range".into());
            }
            lm.rules.insert(k, v);
        }
        lm.index_known();
        Ok(lm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_generalise_to_unseen_words() {
        let data = [
            ("walked", 0, "walk"),
            ("talked", 0, "talk"),
            ("jumped", 0, "jump"),
            ("Paris", 1, "Paris"),
            ("cats", 2, "cat"),
            ("dogs", 2, "dog"),
        ];
        let lm = Lemmatizer::train(data.iter().copied());
        let lemma = |w: &str, t: u8| lemma_of(&lm, w, t);
        assert_eq!(lemma("parked", 0), "park");
        assert_eq!(lemma("Walked", 0), "walk");
        assert_eq!(lemma("birds", 2), "bird");
        assert_eq!(lemma("Paris", 1), "Paris");
    }

    #[test]
    fn treebank_conventions_lowercase_unseen_words_and_keep_possessive_her() {
        let data = [
            ("walked", 0, "walk"),
            ("talked", 0, "talk"),
            ("Paris", 1, "Paris"),
            ("her", 2, "she"),
            ("her", 2, "she"),
            ("her", 2, "her"),
            ("cats", 3, "cat"),
            ("dogs", 3, "dog"),
        ];
        let mut lm = Lemmatizer::train(data.iter().copied());
        let names = ["VERB", "PROPN", "PRON", "NOUN"].map(String::from);
        lm.set_tag_names(&names);
        let mut buf = String::new();
        let mut out = String::new();
        let mut lemma = |w: &str, t: u8, next: Option<u8>| {
            lm.lemma(w, &Lexical::of(w, &mut buf), t, next, &mut out);
            out.clone()
        };
        // Unseen with its tag: lowercased unless PROPN.
        assert_eq!(lemma("Birds", 3, None), "bird");
        assert_eq!(lemma("Paris", 3, None), "paris");
        assert_eq!(lemma("Oslo", 1, None), "Oslo");
        // `her` before a noun is the possessive; elsewhere the dictionary's `she`.
        assert_eq!(lemma("her", 2, Some(3)), "her");
        assert_eq!(lemma("Her", 2, Some(3)), "her");
        assert_eq!(lemma("her", 2, Some(0)), "she");
        assert_eq!(lemma("her", 2, None), "she");
    }

    #[test]
    fn unseen_irregular_verbs_come_from_the_list_and_no_rule_leaves_nothing() {
        // "-ed" -> "" learned from regular verbs would make "fled" "fl"; "-ag" -> "" makes
        // "wag" nothing.
        let data = [
            ("walked", 0, "walk"),
            ("talked", 0, "talk"),
            ("fled", 1, "fled"),
            ("bag", 0, ""),
            ("rag", 0, ""),
        ];
        let mut lm = Lemmatizer::train(data.iter().copied());
        lm.set_tag_names(&["VERB", "NOUN", "AUX"].map(String::from));
        let lemma = |w: &str, t: u8| lemma_of(&lm, w, t);
        assert_eq!(lemma("fled", 0), "flee");
        assert_eq!(lemma("Slew", 0), "slay");
        assert_eq!(lemma("dug", 2), "dig");
        // Seen with its tag, the training's lemma stands; other tags are not verbs.
        assert_eq!(lemma("fled", 1), "fled");
        assert_eq!(lemma("wag", 0), "wag");
    }

    /// The lemma of `w` tagged `t`, with no next word.
    fn lemma_of(lm: &Lemmatizer, w: &str, t: u8) -> String {
        let (mut buf, mut out) = (String::new(), String::new());
        lm.lemma(w, &Lexical::of(w, &mut buf), t, None, &mut out);
        out
    }

    #[test]
    fn a_shorter_suffix_rule_that_gives_a_training_lemma_wins() {
        // "-ated" -> "-ate" (created, related) is the longest suffix's rule, so "retreated"
        // would be "retreate"; "-ed" -> "" (walked) gives "retreat", a training lemma.
        let data = [
            ("created", 0, "create"),
            ("related", 0, "relate"),
            ("walked", 0, "walk"),
            ("talked", 0, "talk"),
            ("jumped", 0, "jump"),
            ("played", 0, "play"),
            ("retreat", 1, "retreat"),
            ("Stephen", 2, "Stephen"),
            ("Johns", 2, "Johns"),
            ("Roberts", 2, "Roberts"),
        ];
        let mut lm = Lemmatizer::train(data.iter().copied());
        lm.set_tag_names(&["VERB", "NOUN", "PROPN"].map(String::from));
        let lemma = |w: &str, t: u8| lemma_of(&lm, w, t);
        assert_eq!(lemma("retreated", 0), "retreat");
        // No shorter rule gives a training lemma: the longest suffix's rule stands.
        assert_eq!(lemma("debated", 0), "debate");
        // Names keep the longest suffix's rule (here: as written), lemma or not.
        assert_eq!(lemma("Stephens", 2), "Stephens");
    }

    #[test]
    fn the_irregular_verbs_list_gives_each_form_one_lemma() {
        let mut seen = std::collections::BTreeMap::new();
        let text = include_str!("irregular_verbs.csv");
        assert_eq!(text.lines().next(), Some("lemma,forms"));
        for line in text.lines().skip(1) {
            let (lemma, forms) = line.split_once(',').expect(line);
            assert!(!lemma.is_empty() && !forms.is_empty(), "{line}");
            for form in forms.split_whitespace() {
                assert_eq!(form, form.to_lowercase());
                assert!(seen.insert(form, lemma).is_none(), "{form} twice");
                assert_eq!(irregular(form), Some(lemma));
            }
        }
        assert!(seen.len() > 250, "{}", seen.len());
    }
}
