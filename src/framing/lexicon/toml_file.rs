//! Reading TOML lexicons (the format of the shipped `framing.toml`).

use std::collections::BTreeMap;
use std::path::Path;

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::count::nodes::MatchBy;
use crate::error::{line_column, Error, Result};
use crate::framing::lexicon::matching::tokenize_term;
use crate::framing::lexicon::types::{Dimension, Lexicon, Term};
use crate::text::tokenize::fold_case;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    #[serde(default)]
    meta: BTreeMap<String, toml::Spanned<toml::Value>>,
    #[serde(default)]
    dimension: Vec<TomlDimension>,
    #[serde(default)]
    neutral: Option<TomlNeutral>,
    #[serde(default)]
    term: Vec<toml::Spanned<TomlTerm>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlDimension {
    id: toml::Spanned<String>,
    positive: Option<String>,
    negative: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlNeutral {
    #[serde(default)]
    words: Vec<toml::Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlTerm {
    term: toml::Spanned<String>,
    dimension: toml::Spanned<String>,
    weight: toml::Spanned<toml::Value>,
}

impl Lexicon {
    /// Parses a TOML lexicon (format in the [module documentation](super)); `path` is used in
    /// error messages, which give the line and column of the problem: malformed TOML or an
    /// unknown key, no dimension, a duplicate or empty dimension id, `[meta] match` other
    /// than "stem" or "word", a term on an undeclared dimension, a weight that is not a
    /// finite number, a term without a word, or two terms with the same keys on one
    /// dimension (reported at the second, naming the first).
    ///
    /// ```
    /// use corpus_lens::lexicon::Lexicon;
    /// let text = "[[dimension]]\nid = \"strength\"\n\n\
    ///             [[term]]\nterm = \"impotence\"\ndimension = \"strength\"\nweight = -0.9\n\n\
    ///             [[term]]\nterm = \"impotent\"\ndimension = \"strength\"\nweight = -0.5\n";
    /// let err = Lexicon::parse_toml(text, "lex.toml".as_ref()).unwrap_err().to_string();
    /// assert!(err.starts_with("lex.toml:10:8: term \"impotent\" has the same stem as \"impotence\" (line 5)"));
    /// ```
    pub fn parse_toml(text: &str, path: &Path) -> Result<Lexicon> {
        let err = |at: usize, msg: String| Error::manifest_at(path, text, at, msg);
        let file: TomlFile = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let msg = e.message().trim();
            match scalar_value_start(text, at) {
                // Point at the value, as for a value of the wrong type, and keep toml's
                // finer position in the message.
                Some((value_at, key)) => {
                    let (_, column) = line_column(text, at);
                    let msg = format!(
                        "malformed lexicon: the value of `{key}` is not valid TOML: {msg} \
                         (at column {column})"
                    );
                    err(value_at, msg)
                }
                None => err(at, format!("malformed lexicon: {msg}")),
            }
        })?;

        let match_by = match file.meta.get("match") {
            None => MatchBy::Stem,
            Some(v) => match v.get_ref().as_str() {
                Some("stem") => MatchBy::Stem,
                Some("word") => MatchBy::Word,
                _ => {
                    let msg = format!(
                        "[meta] match must be \"stem\" or \"word\", not {}",
                        v.get_ref()
                    );
                    return Err(err(v.span().start, msg));
                }
            },
        };

        if file.dimension.is_empty() {
            let msg = "no dimensions; add [[dimension]] tables with id, positive and negative";
            return Err(err(0, msg.into()));
        }
        let mut dimensions = Vec::with_capacity(file.dimension.len());
        let mut dim_index: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, d) in file.dimension.iter().enumerate() {
            let id = d.id.get_ref();
            if id.trim().is_empty() {
                return Err(err(d.id.span().start, "empty dimension id".into()));
            }
            if let Some(&first) = dim_index.get(id.as_str()) {
                let (line, _) = line_column(text, file.dimension[first].id.span().start);
                let msg = format!("duplicate dimension id \"{id}\" (first at line {line})");
                return Err(err(d.id.span().start, msg));
            }
            dim_index.insert(id, i);
            dimensions.push(Dimension {
                id: id.clone(),
                positive: d.positive.clone().unwrap_or_else(|| "positive".into()),
                negative: d.negative.clone().unwrap_or_else(|| "negative".into()),
            });
        }

        let mut neutral = Vec::new();
        for w in file.neutral.iter().flat_map(|n| &n.words) {
            let mut folded = String::new();
            fold_case(w.get_ref().trim(), &mut folded);
            if folded.is_empty() {
                return Err(err(w.span().start, "empty word in [neutral] words".into()));
            }
            neutral.push(folded);
        }

        if file.term.is_empty() {
            let msg = "no terms; add [[term]] tables with term, dimension and weight";
            return Err(err(text.len(), msg.into()));
        }
        let mut terms: Vec<Term> = Vec::with_capacity(file.term.len());
        let mut keys: Vec<Vec<String>> = Vec::with_capacity(file.term.len());
        let mut words: Vec<Vec<String>> = Vec::with_capacity(file.term.len());
        let mut term_at: Vec<usize> = Vec::with_capacity(file.term.len());
        let mut seen: FxHashMap<(usize, Vec<String>), usize> = FxHashMap::default();
        for entry in &file.term {
            let e = entry.get_ref();
            let name = e.term.get_ref();
            let dim_name = e.dimension.get_ref();
            let dimension = *dim_index.get(dim_name.as_str()).ok_or_else(|| {
                let ids: Vec<&str> = dimensions.iter().map(|d| d.id.as_str()).collect();
                let msg = format!(
                    "term \"{name}\" has unknown dimension \"{dim_name}\"; declared: {}",
                    ids.join(", ")
                );
                err(e.dimension.span().start, msg)
            })?;
            let weight = match e.weight.get_ref() {
                toml::Value::Integer(i) => *i as f64,
                toml::Value::Float(f) if f.is_finite() => *f,
                other => {
                    let msg = format!(
                        "weight of term \"{name}\" must be a finite number such as -0.7, not {other}"
                    );
                    return Err(err(e.weight.span().start, msg));
                }
            };
            let tokenized = tokenize_term(name, match_by);
            if !tokenized.has_word {
                let msg = format!("term \"{name}\" has no word in it");
                return Err(err(e.term.span().start, msg));
            }
            let index = terms.len();
            if let Some(&first) = seen.get(&(dimension, tokenized.keys.clone())) {
                let (line, _) = line_column(text, term_at[first]);
                let old = &terms[first].term;
                let dim = &dimensions[dimension].id;
                let msg = if words[first] == tokenized.words {
                    format!(
                        "term \"{name}\" is listed twice on dimension {dim} \
                         (as \"{old}\" on line {line}); remove one"
                    )
                } else {
                    let same = match (match_by, tokenized.keys.len()) {
                        (MatchBy::Stem, 1) => "the same stem as",
                        (MatchBy::Stem, _) => "the same stems as",
                        (MatchBy::Word | MatchBy::Lemma, 1) => "the same word as",
                        (MatchBy::Word | MatchBy::Lemma, _) => "the same words as",
                    };
                    format!(
                        "term \"{name}\" has {same} \"{old}\" (line {line}) on dimension {dim}; \
                         remove one (a term matches every word with its stem, so one covers both)"
                    )
                };
                return Err(err(e.term.span().start, msg));
            }
            seen.insert((dimension, tokenized.keys.clone()), index);
            term_at.push(e.term.span().start);
            terms.push(Term {
                term: name.clone(),
                dimension,
                weight,
                len: tokenized.keys.len(),
            });
            keys.push(tokenized.keys);
            words.push(tokenized.words);
        }
        Ok(Lexicon::build(
            dimensions, terms, keys, neutral, match_by, 0,
        ))
    }
}

/// When byte `at` of `text` lies inside the value of a one-line `key = value` whose value is
/// not an array or inline table, the byte where that value starts, and the key.
fn scalar_value_start(text: &str, at: usize) -> Option<(usize, &str)> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let eq = line.find('=')?;
    let key = line[..eq].trim();
    if key.is_empty() || key.starts_with(['[', '#']) {
        return None;
    }
    let after = &line[eq + 1..];
    let value = after.trim_start();
    let value_at = line_start + eq + 1 + (after.len() - value.len());
    if at <= value_at || value.starts_with(['[', '{']) {
        return None;
    }
    Some((value_at, key))
}
