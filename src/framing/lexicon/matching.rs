//! Match keys (stems or words) and the leftmost-longest search for terms among tokens.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

use crate::count::nodes::MatchBy;
use crate::framing::lexicon::types::{Lexicon, TermMatch};
use crate::text::normalize::normalize_str;
use crate::text::tokenize::{fold_case, tokenize, TokenKind};

/// A term's text as tokens.
pub(super) struct Tokenized {
    /// Case-folded words.
    pub(super) words: Vec<String>,
    /// Match keys (stems or the words).
    pub(super) keys: Vec<String>,
    /// At least one token is a word (not a number).
    pub(super) has_word: bool,
    /// Every non-space character is inside a token (no punctuation left over).
    pub(super) covered: bool,
}

pub(super) fn tokenize_term(text: &str, by: MatchBy) -> Tokenized {
    let normalized = normalize_str(text);
    let mut tokens = Vec::new();
    tokenize(&normalized, &mut tokens);
    let stemmer = Stemmer::create(Algorithm::English);
    let mut words = Vec::with_capacity(tokens.len());
    let mut keys = Vec::with_capacity(tokens.len());
    let mut covered = true;
    let mut end = 0;
    for t in &tokens {
        covered &= normalized[end..t.span.start].trim().is_empty();
        end = t.span.end;
        let mut word = String::new();
        fold_case(&normalized[t.span.clone()], &mut word);
        keys.push(match by {
            MatchBy::Stem => stemmer.stem(&word).into_owned(),
            MatchBy::Word | MatchBy::Lemma => word.clone(),
        });
        words.push(word);
    }
    covered &= normalized[end..].trim().is_empty();
    Tokenized {
        words,
        keys,
        has_word: tokens.iter().any(|t| t.kind == TokenKind::Word),
        covered,
    }
}

impl Lexicon {
    /// The Snowball English stem (`rust-stemmers`) of a word, lowercased first: the stems of
    /// [`MatchBy::Stem`], and of `stems.csv`.
    ///
    /// ```
    /// use corpus_lens::lexicon::Lexicon;
    /// assert_eq!(Lexicon::stem("Impotence"), "impot");
    /// assert_eq!(Lexicon::stem("impotent"), "impot");
    /// ```
    pub fn stem(word: &str) -> String {
        let mut folded = String::new();
        fold_case(word, &mut folded);
        Stemmer::create(Algorithm::English)
            .stem(&folded)
            .into_owned()
    }

    /// The match key of a token given as its lowercased word (as
    /// [`crate::text::tokens::LocatedToken::word`]): its stem with [`MatchBy::Stem`] (borrowed
    /// when the stem is the word itself), else the word. Compute it once per distinct word
    /// where possible; [`Lexicon::find`] takes the keys.
    ///
    /// ```
    /// let lexicon = corpus_lens::lexicon::Lexicon::load_default()?;
    /// assert_eq!(lexicon.key("betrayed"), "betray");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn key<'a>(&self, lowercased: &'a str) -> Cow<'a, str> {
        match self.match_by {
            MatchBy::Stem => Stemmer::create(Algorithm::English).stem(lowercased),
            MatchBy::Word | MatchBy::Lemma => Cow::Borrowed(lowercased),
        }
    }

    /// Appends the term matches among one sentence's or paragraph's tokens to `out`;
    /// `keys[i]` is token `i`'s match key ([`Lexicon::key`]: its Snowball English stem, of
    /// the lowercased token, with [`MatchBy::Stem`]; else its lowercased word).
    ///
    /// Leftmost-longest: at each token the longest matching term (over all dimensions)
    /// wins and matching resumes after it, so a token is in at most one match, except that
    /// when the winning keys are listed under several dimensions each of those terms
    /// matches (same `start` and `len`, in dimension order). Matches come in order of
    /// `start`. Allocates nothing but `out`'s growth.
    ///
    /// ```
    /// use corpus_lens::lexicon::{Lexicon, TermMatch};
    /// let lexicon = Lexicon::load_default()?;
    /// let words = ["an", "overwhelming", "majority", "overwhelmed", "them"];
    /// let keys: Vec<_> = words.iter().map(|w| lexicon.key(w)).collect();
    /// let mut found = Vec::new();
    /// lexicon.find(&keys, &mut found);
    /// let terms: Vec<(&str, &str, usize)> = found
    ///     .iter()
    ///     .map(|m| {
    ///         let t = &lexicon.terms()[m.term];
    ///         (t.term.as_str(), lexicon.dimensions()[t.dimension].id.as_str(), m.start)
    ///     })
    ///     .collect();
    /// assert_eq!(
    ///     terms,
    ///     [("overwhelming majority", "support", 1), ("overwhelm", "strength", 3)]
    /// );
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn find<S: AsRef<str>>(&self, keys: &[S], out: &mut Vec<TermMatch>) {
        self.find_where(keys.len(), |i| keys[i].as_ref(), |_| true, out);
    }

    /// Whether some term's first key is `key` (a token whose key is not cannot start a
    /// match).
    pub(crate) fn is_first_key(&self, key: &str) -> bool {
        self.by_first.contains_key(key)
    }

    /// [`Lexicon::find`] over `n` tokens whose keys are given by index, with the term
    /// lookup done only at tokens where `may_start` holds; `may_start(i)` must hold
    /// wherever [`Lexicon::is_first_key`] holds for `key(i)` (the framer knows that per
    /// word, which spares most tokens a lookup and the fetching of their keys).
    pub(crate) fn find_where<'k>(
        &self,
        n: usize,
        key: impl Fn(usize) -> &'k str,
        may_start: impl Fn(usize) -> bool,
        out: &mut Vec<TermMatch>,
    ) {
        let mut i = 0;
        while i < n {
            let mut step = 1;
            let list = if may_start(i) {
                self.by_first.get(key(i))
            } else {
                None
            };
            if let Some(list) = list {
                let rest = n - i - 1;
                let mut best = 0;
                for p in list {
                    let len = p.keys.len();
                    if len < best {
                        break;
                    }
                    if len > rest + 1 {
                        continue;
                    }
                    let hit = p.keys[1..]
                        .iter()
                        .enumerate()
                        .all(|(k, want)| **want == *key(i + 1 + k));
                    if hit {
                        out.push(TermMatch {
                            term: p.term,
                            start: i,
                            len,
                        });
                        best = len;
                    }
                }
                step = best.max(1);
            }
            i += step;
        }
    }
}
