//! Node words and phrases: what collocations and concordances are computed around.
//!
//! A node is given as text: one word (`bourgeoisie`) or a phrase (`Socialist
//! Revolutionaries`), normalized and tokenized like the corpus. A token matches a node word
//! - by **word** (default): its case-folded form equals the node word's, or is the node
//!   word with a possessive `'s` (`Kerensky` matches `Kerensky's`, which the tokenizer keeps
//!   as one word, as AntConc, #LancsBox and Sketch Engine find `Kerensky` in it);
//! - by **stem** (`MatchBy::Stem`): its Snowball English stem equals the node word's stem, so
//!   `Soviet`, `Soviets` and `Soviet's` are one node;
//! - by **lemma** (`MatchBy::Lemma`): its lemma in its sentence equals the node word, so
//!   `took` and `taken` are `take`, and `Bolsheviki` is `bolshevik`;
//! - and, with `case_sensitive`, only if its surface form (after normalization) is also
//!   exactly the node word's.
//!
//! A node word with `*` or `?` in it is a **wildcard** pattern, as in AntConc: `*` stands for
//! any run of characters (none included) and `?` for exactly one, so `Bolshevi*` matches
//! `Bolsheviki`, `Bolsheviks` and `Bolshevism`, and `soviet?` matches `soviets` but not
//! `soviet`. A pattern is matched against the case-folded word (against the surface with
//! `case_sensitive`), never against the stem: `--by stem` applies to the node's other words.
//!
//! A phrase matches consecutive tokens of one sentence. Matching is decided once per
//! distinct word (a bit mask per word id, [`MatchCache`]), so it costs one lookup per token.

use rust_stemmers::{Algorithm, Stemmer};

use crate::error::{Error, Result};
use crate::text::normalize::normalize_str;
use crate::text::tokenize::{fold_case, tokenize, TokenKind};

/// How node words match tokens.
///
/// ```
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let by_word = NodeSet::new(&["Soviet"], MatchBy::Word, false)?;
/// let by_stem = NodeSet::new(&["Soviet"], MatchBy::Stem, false)?;
/// assert!(!by_word.word_matches(0, 0, "soviets", "Soviets"));
/// assert!(by_stem.word_matches(0, 0, "soviets", "Soviets"));
/// assert_eq!(MatchBy::default(), MatchBy::Word);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MatchBy {
    /// The case-folded word form, or it with a possessive `'s` (`Kerensky's`).
    #[default]
    Word,
    /// The Snowball English stem.
    Stem,
    /// The token's lemma in its sentence (lowercased, period spellings folded: see
    /// `analyses::lemmas`), compared with the node word as given (`bolshevik`, `take`).
    /// Lemmas need the tagger, so only an analysis that has it can match by lemma: the
    /// collocation windows with `WindowOptions::lemmas` set.
    Lemma,
}

/// One node: a word or a phrase.
///
/// ```
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let nodes = NodeSet::new(&["  Socialist\u{2011}Revolutionaries ", "1917"], MatchBy::Stem, false)?;
/// let node = &nodes.nodes()[0];
/// assert_eq!(node.label, "Socialist\u{2011}Revolutionaries"); // trimmed, as written
/// assert_eq!(node.words, ["socialist-revolutionaries"]); // one token, the hyphen folded
/// assert!(nodes.nodes()[1].has_number);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The node as the user wrote it (trimmed); the `node` column of the tables.
    pub label: String,
    /// Its words, normalized (surface form, for case-sensitive matching).
    pub surfaces: Vec<String>,
    /// Its words, case-folded.
    pub words: Vec<String>,
    /// Its words' stems.
    pub stems: Vec<String>,
    /// True when one of its tokens holds a digit (such tokens count only with
    /// `keep_numbers`).
    pub has_number: bool,
    /// Per word, true when it is a wildcard pattern (it holds `*` or `?`).
    pub wildcards: Vec<bool>,
}

/// The nodes of one run and how they match.
///
/// ```
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let nodes = NodeSet::new(&["Soviet", "Socialist Revolutionaries"], MatchBy::Stem, false)?;
/// assert_eq!(nodes.nodes()[1].words, ["socialist", "revolutionaries"]);
/// assert!(nodes.word_matches(0, 0, "soviets", "Soviets"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct NodeSet {
    nodes: Vec<Node>,
    by: MatchBy,
    case_sensitive: bool,
}

/// At most this many words over all nodes (one bit each in a `u64` mask; bit 63 is taken).
pub const MAX_NODE_WORDS: usize = 63;

impl NodeSet {
    /// Parses node texts. An empty text, one without a word, or more than
    /// [`MAX_NODE_WORDS`] words in all is a usage error.
    ///
    /// ```
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// let nodes = NodeSet::new(&["Kerensky", "Provisional Government"], MatchBy::Word, true)?;
    /// assert_eq!(nodes.nodes()[1].surfaces, ["Provisional", "Government"]);
    /// // A node without a word is a usage error.
    /// let err = NodeSet::new(&["--"], MatchBy::Word, false).unwrap_err();
    /// assert!(err.is_usage());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn new<S: AsRef<str>>(specs: &[S], by: MatchBy, case_sensitive: bool) -> Result<NodeSet> {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut nodes = Vec::new();
        let mut total = 0;
        for spec in specs {
            let label = spec.as_ref().trim().to_string();
            let shown = spec.as_ref();
            let (surfaces, wildcards, has_number) = node_words(&label);
            if surfaces.is_empty() {
                return Err(Error::Usage(format!(
                    "node '{shown}' has no word in it; give a word or a phrase"
                )));
            }
            if let Some(s) = surfaces
                .iter()
                .find(|s| !s.chars().any(char::is_alphanumeric))
            {
                return Err(Error::Usage(format!(
                    "node '{shown}': the pattern '{s}' has no letter or digit, so it would \
                     match any word; give at least one letter beside * and ?"
                )));
            }
            let mut words = Vec::new();
            for s in &surfaces {
                let mut folded = String::new();
                fold_case(s, &mut folded);
                words.push(folded);
            }
            let stems = words.iter().map(|w| stemmer.stem(w).into_owned()).collect();
            total += words.len();
            nodes.push(Node {
                label,
                surfaces,
                words,
                stems,
                has_number,
                wildcards,
            });
        }
        if total > MAX_NODE_WORDS {
            return Err(Error::Usage(format!(
                "too many node words ({total}); at most {MAX_NODE_WORDS} in one run"
            )));
        }
        Ok(NodeSet {
            nodes,
            by,
            case_sensitive,
        })
    }

    /// The nodes, in the order given.
    ///
    /// ```
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// let nodes = NodeSet::new(&["coalitionist", "bourgeoisie"], MatchBy::Stem, false)?;
    /// let labels: Vec<&str> = nodes.nodes().iter().map(|n| n.label.as_str()).collect();
    /// assert_eq!(labels, ["coalitionist", "bourgeoisie"]);
    /// assert_eq!(nodes.nodes()[0].stems, ["coalitionist"]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// True when there is no node.
    ///
    /// ```
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// assert!(NodeSet::new::<&str>(&[], MatchBy::Word, false)?.is_empty());
    /// assert!(!NodeSet::new(&["soviet"], MatchBy::Word, false)?.is_empty());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// How node words match tokens.
    ///
    /// ```
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// assert_eq!(NodeSet::new(&["take"], MatchBy::Lemma, false)?.by(), MatchBy::Lemma);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn by(&self) -> MatchBy {
        self.by
    }

    /// Rewrites the node words (not the patterns) that `f` maps to another word: with
    /// [`MatchBy::Lemma`], the period spellings a lemma list folds (`Bolsheviki` is looked
    /// for as `bolshevik`).
    ///
    /// ```
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// let mut nodes = NodeSet::new(&["Bolsheviki", "Menshevi*"], MatchBy::Lemma, false)?;
    /// nodes.fold_words(|w| (w == "bolsheviki").then(|| "bolshevik".to_string()));
    /// assert_eq!(nodes.nodes()[0].words, ["bolshevik"]);
    /// assert_eq!(nodes.nodes()[0].label, "Bolsheviki"); // the label stays as written
    /// assert_eq!(nodes.nodes()[1].words, ["menshevi*"]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn fold_words(&mut self, f: impl Fn(&str) -> Option<String>) {
        for node in &mut self.nodes {
            for (word, &wild) in node.words.iter_mut().zip(&node.wildcards) {
                if let Some(folded) = f(word).filter(|_| !wild) {
                    *word = folded;
                }
            }
        }
    }

    /// The mask of node words that `word` (case-folded) matches, without a cache: for a
    /// lemma, which depends on the token's sentence, not on its id.
    ///
    /// ```
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// let nodes = NodeSet::new(&["take", "take power"], MatchBy::Lemma, false)?;
    /// assert_eq!(nodes.mask_of("take"), 0b011);
    /// assert_eq!(nodes.mask_of("took"), 0);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn mask_of(&self, word: &str) -> u64 {
        self.compute(word)
    }

    /// Whether `case_sensitive` is set.
    ///
    /// ```
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// let nodes = NodeSet::new(&["Cadets"], MatchBy::Word, true)?;
    /// assert!(nodes.case_sensitive());
    /// assert!(nodes.word_matches(0, 0, "cadets", "Cadets"));
    /// assert!(!nodes.word_matches(0, 0, "cadets", "cadets")); // the military pupils
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn case_sensitive(&self) -> bool {
        self.case_sensitive
    }

    /// Whether a token (case-folded `word`, normalized `surface`) matches word `k` of node
    /// `node`.
    ///
    /// ```
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// let nodes = NodeSet::new(&["Socialist Revolutionaries"], MatchBy::Word, false)?;
    /// assert!(nodes.word_matches(0, 1, "revolutionaries", "REVOLUTIONARIES"));
    /// assert!(!nodes.word_matches(0, 0, "revolutionaries", "revolutionaries")); // word 0 is "socialist"
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn word_matches(&self, node: usize, k: usize, word: &str, surface: &str) -> bool {
        let n = &self.nodes[node];
        let by_form = match self.by {
            _ if n.wildcards[k] => wildcard_word(&n.words[k], word),
            MatchBy::Word => same_word(&n.words[k], word),
            MatchBy::Lemma => n.words[k] == word,
            MatchBy::Stem => n.stems[k] == Stemmer::create(Algorithm::English).stem(word).as_ref(),
        };
        by_form && (!self.case_sensitive || surface_matches(n, k, surface))
    }

    /// The mask of node words that `word` (case-folded, with id `id`) matches by form or
    /// stem, computed once per id and kept in `cache`. (The case-sensitive surface check is
    /// done per token, as it depends on the token's case.)
    ///
    /// ```
    /// use corpus_lens::nodes::{MatchBy, MatchCache, NodeSet};
    /// let nodes = NodeSet::new(&["soviet", "Soviet power"], MatchBy::Stem, false)?;
    /// let mut cache = MatchCache::default();
    /// // "soviets" (say id 3) matches word 0 of node 0 (bit 0) and word 0 of node 1 (bit 1).
    /// assert_eq!(nodes.mask(&mut cache, 3, "soviets"), 0b011);
    /// assert_eq!(nodes.mask(&mut cache, 4, "power"), 0b100);
    /// assert_eq!(nodes.mask(&mut cache, 5, "tsar"), 0);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn mask(&self, cache: &mut MatchCache, id: u32, word: &str) -> u64 {
        let i = id as usize;
        if i >= cache.masks.len() {
            cache.masks.resize(i + 1 + i / 2, UNKNOWN);
        }
        if cache.masks[i] == UNKNOWN {
            cache.masks[i] = self.compute(word);
        }
        cache.masks[i]
    }

    /// [`NodeSet::mask`], with the folded word made by `word` only when the id is not in
    /// `cache` yet (most tokens are words seen before).
    ///
    /// ```
    /// use corpus_lens::nodes::{MatchBy, MatchCache, NodeSet};
    /// let nodes = NodeSet::new(&["soviet"], MatchBy::Word, false)?;
    /// let mut cache = MatchCache::default();
    /// assert_eq!(nodes.mask_with(&mut cache, 3, || "soviet"), 1);
    /// assert_eq!(nodes.mask_with(&mut cache, 3, || unreachable!()), 1);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn mask_with<'w>(
        &self,
        cache: &mut MatchCache,
        id: u32,
        word: impl FnOnce() -> &'w str,
    ) -> u64 {
        let i = id as usize;
        if i >= cache.masks.len() {
            cache.masks.resize(i + 1 + i / 2, UNKNOWN);
        }
        if cache.masks[i] == UNKNOWN {
            cache.masks[i] = self.compute(word());
        }
        cache.masks[i]
    }

    fn compute(&self, word: &str) -> u64 {
        let stem = match self.by {
            MatchBy::Stem => Some(Stemmer::create(Algorithm::English).stem(word).into_owned()),
            MatchBy::Word | MatchBy::Lemma => None,
        };
        let mut mask = 0;
        for (j, node) in self.nodes.iter().enumerate() {
            for k in 0..node.words.len() {
                let hit = match &stem {
                    // The case-sensitive check of a pattern is per token (see `occurrences`).
                    _ if node.wildcards[k] => wildcard_word(&node.words[k], word),
                    Some(stem) => node.stems[k] == *stem,
                    None if self.by == MatchBy::Word => same_word(&node.words[k], word),
                    None => node.words[k] == word,
                };
                if hit {
                    mask |= 1 << self.bit(j, k);
                }
            }
        }
        mask
    }

    /// Finds the node occurrences among a paragraph's tokens. `masks[i]` is token `i`'s mask,
    /// `sentences[i]` its sentence, `surface(i)` its normalized surface (used only when
    /// case-sensitive). Pushes `(node, first token, token count)`, ordered by first token then
    /// node; a node's occurrences do not overlap each other.
    ///
    /// ```
    /// use corpus_lens::nodes::{MatchBy, MatchCache, NodeSet};
    /// let nodes = NodeSet::new(&["Soviet power"], MatchBy::Word, false)?;
    /// let words = ["all", "soviet", "power", "soviet", "power"];
    /// let mut cache = MatchCache::default();
    /// let masks: Vec<u64> = words.iter().enumerate().map(|(id, w)| nodes.mask(&mut cache, id as u32, w)).collect();
    /// let mut found = Vec::new();
    /// // The second "soviet power" spans a sentence break (tokens 3 and 4 in sentences 0 and 1).
    /// nodes.occurrences(&masks, &[0, 0, 0, 0, 1], |i| words[i], &mut found);
    /// assert_eq!(found, [(0, 1, 2)]); // (node, first token, tokens)
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn occurrences<'s>(
        &self,
        masks: &[u64],
        sentences: &[u32],
        surface: impl Fn(usize) -> &'s str,
        out: &mut Vec<(usize, usize, usize)>,
    ) {
        let mut next_free = vec![0usize; self.nodes.len()];
        for i in 0..masks.len() {
            if masks[i] == 0 {
                continue;
            }
            for (j, node) in self.nodes.iter().enumerate() {
                let len = node.words.len();
                if i < next_free[j] || i + len > masks.len() {
                    continue;
                }
                let matched = (0..len).all(|k| {
                    masks[i + k] & (1 << self.bit(j, k)) != 0 && sentences[i + k] == sentences[i]
                }) && (!self.case_sensitive
                    || (0..len).all(|k| surface_matches(node, k, surface(i + k))));
                if matched {
                    out.push((j, i, len));
                    next_free[j] = i + len;
                }
            }
        }
    }

    /// Bit index of word `k` of node `node` in a match mask.
    fn bit(&self, node: usize, k: usize) -> usize {
        self.nodes[..node]
            .iter()
            .map(|n| n.words.len())
            .sum::<usize>()
            + k
    }
}

/// A node's words from its text: the surfaces (normalized), which are wildcard patterns, and
/// whether one holds a digit. Without `*` or `?` the text is tokenized like the corpus; with
/// them, each whitespace-separated part holding one is a pattern word as written (the
/// tokenizer would drop the `*`), and the other parts are tokenized.
fn node_words(label: &str) -> (Vec<String>, Vec<bool>, bool) {
    let is_wild = |s: &str| s.contains(['*', '?']);
    let normalized = normalize_str(label);
    let parts: Vec<&str> = if is_wild(&normalized) {
        normalized.split_whitespace().collect()
    } else {
        vec![&normalized]
    };
    let (mut surfaces, mut wildcards, mut has_number) = (Vec::new(), Vec::new(), false);
    for part in parts {
        if is_wild(part) {
            has_number |= part.chars().any(|c| c.is_ascii_digit());
            surfaces.push(part.to_string());
            wildcards.push(true);
            continue;
        }
        let mut tokens = Vec::new();
        tokenize(part, &mut tokens);
        has_number |= tokens.iter().any(|t| t.kind == TokenKind::Number);
        for t in &tokens {
            surfaces.push(part[t.span.clone()].to_string());
            wildcards.push(false);
        }
    }
    (surfaces, wildcards, has_number)
}

/// The case-sensitive check of node word `k` against a token's normalized surface.
fn surface_matches(node: &Node, k: usize, surface: &str) -> bool {
    let base = (surface.strip_suffix("'s"))
        .or_else(|| surface.strip_suffix("'S"))
        .unwrap_or(surface);
    if node.wildcards[k] {
        wildcard_match(&node.surfaces[k], surface) || wildcard_match(&node.surfaces[k], base)
    } else {
        node.surfaces[k] == surface || node.surfaces[k] == base
    }
}

/// Whether a token's case-folded `word` is the node word `node`, or `node` with a possessive
/// `'s` (a word such as `kerensky's` is one token; apostrophes are folded to `'`). A node
/// word that ends in `'s` itself matches only itself.
///
/// ```
/// # use corpus_lens::nodes::{MatchBy, NodeSet};
/// let nodes = NodeSet::new(&["Kerensky"], MatchBy::Word, false)?;
/// assert!(nodes.word_matches(0, 0, "kerensky's", "Kerensky's"));
/// assert!(!nodes.word_matches(0, 0, "kerenskys", "Kerenskys"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
fn same_word(node: &str, word: &str) -> bool {
    node == word || word.strip_suffix("'s") == Some(node)
}

/// Whether a token's case-folded `word` matches the wildcard pattern `pattern`, itself or
/// without a possessive `'s`, as [`same_word`] takes a plain node word: `kerensk?` finds
/// `kerensky's`.
///
/// ```
/// # use corpus_lens::nodes::{MatchBy, NodeSet};
/// let nodes = NodeSet::new(&["Kerensk?"], MatchBy::Word, false)?;
/// assert!(nodes.word_matches(0, 0, "kerensky's", "Kerensky's"));
/// assert!(nodes.word_matches(0, 0, "kerensky", "Kerensky"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
fn wildcard_word(pattern: &str, word: &str) -> bool {
    wildcard_match(pattern, word)
        || word
            .strip_suffix("'s")
            .is_some_and(|base| wildcard_match(pattern, base))
}

/// Whether `text` matches `pattern`, in which `*` stands for any run of characters (none
/// included) and `?` for exactly one character; any other character stands for itself.
///
/// Greedy with one backtrack point, the last `*` seen (the classic method): when a
/// character does not match, the last `*` takes one more character. Time O(pattern x text)
/// at worst.
///
/// ```
/// use corpus_lens::nodes::wildcard_match;
/// assert!(wildcard_match("bolshevi*", "bolsheviki"));
/// assert!(wildcard_match("bolshevi*", "bolshevi"));
/// assert!(wildcard_match("s?viet", "soviet"));
/// assert!(!wildcard_match("soviet?", "soviet"));
/// assert!(wildcard_match("*revolution*", "counter-revolutionary"));
/// ```
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut i, mut j) = (0, 0);
    // The last `*`'s place in the pattern and the text position it has taken up to.
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

/// Per-thread cache of which node words each word id matches (see [`NodeSet::mask`]).
///
/// ```
/// use corpus_lens::nodes::{MatchBy, MatchCache, NodeSet};
/// let nodes = NodeSet::new(&["soviet"], MatchBy::Stem, false)?;
/// let mut cache = MatchCache::default(); // one per worker thread
/// for _ in 0..3 {
///     assert_eq!(nodes.mask(&mut cache, 0, "soviets"), 1); // stemmed once, then looked up
/// }
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct MatchCache {
    /// `masks[id]`: [`UNKNOWN`] means "not computed yet".
    masks: Vec<u64>,
}

/// A mask value meaning "not computed yet": bit 63, which no node word uses.
const UNKNOWN: u64 = 1 << 63;

#[cfg(test)]
mod tests {
    use super::*;

    fn find(set: &NodeSet, text: &str) -> Vec<(usize, usize, usize)> {
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens);
        let mut cache = MatchCache::default();
        let surfaces: Vec<&str> = tokens.iter().map(|t| &text[t.span.clone()]).collect();
        let masks: Vec<u64> = surfaces
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut w = String::new();
                fold_case(s, &mut w);
                set.mask(&mut cache, i as u32, &w)
            })
            .collect();
        let sentences = vec![0; masks.len()];
        let mut out = Vec::new();
        set.occurrences(&masks, &sentences, |i| surfaces[i], &mut out);
        out
    }

    #[test]
    fn words_stems_and_case() {
        let text = "The Soviet and the soviets; Soviet's men. Cadets, cadets.";
        // By word: "Soviet" and the possessive "Soviet's", not the plural.
        let by_word = NodeSet::new(&["soviet"], MatchBy::Word, false).unwrap();
        assert_eq!(find(&by_word, text), [(0, 1, 1), (0, 5, 1)]);
        let exact = NodeSet::new(&["Soviet's"], MatchBy::Word, false).unwrap();
        assert_eq!(find(&exact, text), [(0, 5, 1)]);
        let cased = NodeSet::new(&["Soviet"], MatchBy::Word, true).unwrap();
        assert_eq!(find(&cased, "SOVIET'S Soviet's soviet's"), [(0, 1, 1)]);
        let by_stem = NodeSet::new(&["soviet"], MatchBy::Stem, false).unwrap();
        assert_eq!(find(&by_stem, text), [(0, 1, 1), (0, 4, 1), (0, 5, 1)]);
        let cased = NodeSet::new(&["Cadets"], MatchBy::Word, true).unwrap();
        assert_eq!(find(&cased, text), [(0, 7, 1)]);
    }

    #[test]
    fn phrases_and_several_nodes() {
        let text = "the Left Socialist Revolutionaries and the Socialist Revolutionaries left";
        let set =
            NodeSet::new(&["Socialist Revolutionaries", "left"], MatchBy::Word, false).unwrap();
        assert_eq!(
            find(&set, text),
            [(1, 1, 1), (0, 2, 2), (0, 6, 2), (1, 8, 1)]
        );
    }

    #[test]
    fn wildcards_match_word_forms() {
        let text = "Bolsheviki and Bolsheviks; the bolshevist Bolshevi. Soviet soviets SOVIETS";
        let set = NodeSet::new(&["Bolshevi*"], MatchBy::Word, false).unwrap();
        assert_eq!(
            find(&set, text),
            [(0, 0, 1), (0, 2, 1), (0, 4, 1), (0, 5, 1)]
        );
        assert_eq!(set.nodes()[0].words, ["bolshevi*"]);
        // `?` is exactly one character: not "soviet", both plural forms, any case.
        let set = NodeSet::new(&["soviet?"], MatchBy::Word, false).unwrap();
        assert_eq!(find(&set, text), [(0, 7, 1), (0, 8, 1)]);
        // By stem: the pattern still matches word forms; the phrase's other word is stemmed.
        let set = NodeSet::new(&["the Bolshev*"], MatchBy::Stem, false).unwrap();
        assert_eq!(find(&set, text), [(0, 3, 2)]);
        assert_eq!(set.nodes()[0].wildcards, [false, true]);
        // Case-sensitive: the pattern as written against the surface.
        let set = NodeSet::new(&["SOVIET?"], MatchBy::Word, true).unwrap();
        assert_eq!(find(&set, text), [(0, 8, 1)]);
    }

    #[test]
    fn wildcard_match_backtracks_over_stars() {
        let cases = [
            ("*", "", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("*ism", "bolshevism", true),
            ("*ism", "ism", true),
            ("??", "a", false),
            ("??", "ab", true),
            ("s*t?", "soviets", true),
            ("s*t?", "soviet", false),
            ("о*", "октябрь", true), // characters, not bytes
            ("*?", "", false),
        ];
        for (pattern, text, want) in cases {
            assert_eq!(wildcard_match(pattern, text), want, "{pattern} {text}");
        }
    }

    /// The definition, by recursion: `*` takes no character or one more; `?` one; any other
    /// character itself. Exponential, for short strings only.
    fn reference_match(p: &[char], t: &[char]) -> bool {
        match (p.first(), t.first()) {
            (None, _) => t.is_empty(),
            (Some('*'), _) => {
                reference_match(&p[1..], t) || (!t.is_empty() && reference_match(p, &t[1..]))
            }
            (Some(_), None) => false,
            (Some(&c), Some(&x)) => (c == '?' || c == x) && reference_match(&p[1..], &t[1..]),
        }
    }

    proptest::proptest! {
        #[test]
        fn wildcard_match_agrees_with_the_definition(
            pattern in "[ab*?é]{0,8}",
            text in "[abé]{0,10}",
        ) {
            let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
            proptest::prop_assert_eq!(wildcard_match(&pattern, &text), reference_match(&p, &t));
        }
    }

    #[test]
    fn bad_nodes_are_usage_errors() {
        for bad in ["*", "??", "Soviet *"] {
            let err = NodeSet::new(&[bad], MatchBy::Word, false).unwrap_err();
            assert!(
                err.is_usage() && err.to_string().contains("no letter"),
                "{bad}: {err}"
            );
        }
        assert!(NodeSet::new(&["  "], MatchBy::Word, false)
            .unwrap_err()
            .is_usage());
        assert!(NodeSet::new(&["--"], MatchBy::Word, false)
            .unwrap_err()
            .is_usage());
        let many: Vec<String> = (0..64).map(|i| format!("w{i}x")).collect();
        assert!(NodeSet::new(&many, MatchBy::Word, false)
            .unwrap_err()
            .is_usage());
    }
}
