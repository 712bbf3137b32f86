//! Factions and their mentions: who a memoir talks about.
//!
//! Takes a factions lexicon (`corpora/factions.toml`, or the user's own) and a paragraph's
//! tokens; gives the faction mentions in it. The lexicon lists factions with an id, a label,
//! an optional parent (the Left SRs are part of the Socialist Revolutionaries) and aliases:
//! words or multiword phrases, normalized and tokenized like the text, matched without regard
//! to case unless listed in `case_sensitive_aliases` ("Cadets" the party, not "cadets" the
//! military pupils).
//!
//! **Matching**: at each token the longest alias that matches wins, and a token belongs to
//! at most one mention (so "Left Socialist Revolutionaries" is one mention of the Left SRs,
//! not also one of the Socialist Revolutionaries); matching then resumes after the mention.
//! An alias matches within one sentence only.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::text::normalize::normalize_str;
use crate::text::tokenize::{fold_case, tokenize};

/// The shipped factions lexicon, relative to the repository root.
pub const DEFAULT_FACTIONS: &str = "corpora/factions.toml";

/// One faction.
///
/// ```
/// use corpus_lens::factions::FactionSet;
/// let set = FactionSet::load_default()?;
/// let left_srs = set.factions().iter().find(|f| f.id == "left_srs").unwrap();
/// assert_eq!(left_srs.label, "Left Socialist Revolutionaries");
/// let parent = &set.factions()[left_srs.parent.unwrap()];
/// assert_eq!(parent.id, "socialist_revolutionaries");
/// assert!(left_srs.aliases.iter().any(|a| a == "Left S.R.s"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Faction {
    /// Unique id, e.g. `left_srs`.
    pub id: String,
    /// Human-readable name.
    pub label: String,
    /// Index of the parent faction, if any.
    pub parent: Option<usize>,
    /// The aliases as written in the lexicon.
    pub aliases: Vec<String>,
}

/// A faction mention among a paragraph's tokens.
///
/// ```
/// use corpus_lens::factions::{FactionSet, Mention};
/// let set = FactionSet::parse(r#"
/// [[faction]]
/// id = "srs"
/// aliases = ["Socialist Revolutionaries", "S.R.s"]
/// [[faction]]
/// id = "left_srs"
/// parent = "srs"
/// aliases = ["Left Socialist Revolutionaries"]
/// "#, "f.toml".as_ref())?;
/// let words = ["the", "left", "socialist", "revolutionaries", "and", "socialist", "revolutionaries"];
/// let mentions = set.find(&words, &words, &[0; 7]);
/// assert_eq!(mentions, [
///     Mention { faction: 1, alias: 0, start: 1, len: 3 }, // the longest alias wins
///     Mention { faction: 0, alias: 0, start: 5, len: 2 },
/// ]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Index of the faction.
    pub faction: usize,
    /// Index of the alias in the faction's `aliases`.
    pub alias: usize,
    /// First token.
    pub start: usize,
    /// Number of tokens.
    pub len: usize,
}

/// One alias, tokenized: folded words, and the exact surfaces when case-sensitive.
#[derive(Debug, Clone)]
struct Pattern {
    faction: usize,
    alias: usize,
    words: Vec<String>,
    surfaces: Option<Vec<String>>,
}

/// A factions lexicon ready for matching.
///
/// ```
/// use corpus_lens::factions::FactionSet;
/// let set = FactionSet::parse(r#"
/// [[faction]]
/// id = "cadets"
/// label = "Cadets"
/// case_sensitive_aliases = ["Cadets"]
/// aliases = ["Constitutional Democrats"]
/// "#, "f.toml".as_ref())?;
/// let surfaces = ["the", "cadets", "and", "the", "Cadets"];
/// let words = ["the", "cadets", "and", "the", "cadets"];
/// let mentions = set.find(&words, &surfaces, &[0; 5]);
/// assert_eq!(mentions.len(), 1);
/// assert_eq!(mentions[0].start, 4);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct FactionSet {
    factions: Vec<Faction>,
    /// Patterns by their first folded word, longest first.
    by_first: rustc_hash::FxHashMap<String, Vec<Pattern>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    #[serde(default)]
    faction: Vec<toml::Spanned<Entry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    id: toml::Spanned<String>,
    #[serde(default)]
    label: String,
    parent: Option<toml::Spanned<String>>,
    #[serde(default)]
    aliases: Vec<toml::Spanned<String>>,
    #[serde(default)]
    case_sensitive_aliases: Vec<toml::Spanned<String>>,
    #[serde(default)]
    notes: String,
}

impl FactionSet {
    /// Where the shipped factions lexicon is: `corpora/factions.toml` under the working
    /// directory if it exists there, else the one in the source tree this binary was built
    /// from.
    ///
    /// ```
    /// use corpus_lens::factions::FactionSet;
    /// let path = FactionSet::default_path();
    /// assert!(path.ends_with("corpora/factions.toml") && path.is_file());
    /// ```
    pub fn default_path() -> std::path::PathBuf {
        crate::corpus::shipped_path(DEFAULT_FACTIONS)
    }

    /// The shipped factions lexicon (see [`FactionSet::default_path`]).
    ///
    /// ```
    /// let set = corpus_lens::factions::FactionSet::load_default()?;
    /// assert!(set.factions().iter().any(|f| f.id == "left_srs"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn load_default() -> Result<FactionSet> {
        FactionSet::load(&FactionSet::default_path())
    }

    /// Reads a factions lexicon file.
    ///
    /// ```
    /// use corpus_lens::{factions::FactionSet, Error};
    /// let set = FactionSet::load(&FactionSet::default_path())?;
    /// assert!(set.factions().len() >= 60);
    /// let err = FactionSet::load("no/such/factions.toml".as_ref()).unwrap_err();
    /// assert!(matches!(err, Error::NotFound { .. }));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn load(path: &Path) -> Result<FactionSet> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        FactionSet::parse(&text, path)
    }

    /// Parses a factions lexicon; `path` is used in error messages, which give the line
    /// and column of the problem: malformed TOML, an unknown field, a duplicate id, an
    /// unknown parent, an alias without a word, or an alias given to two factions.
    ///
    /// ```
    /// use corpus_lens::{factions::FactionSet, Error};
    /// let text = "[[faction]]\nid = \"cadets\"\n\n[[faction]]\nid = \"cadets\"\n";
    /// let Err(Error::Manifest { line, column, message, .. }) = FactionSet::parse(text, "f.toml".as_ref()) else {
    ///     panic!("a duplicate id is an error");
    /// };
    /// assert_eq!((line, column), (5, 6));
    /// assert_eq!(message, "duplicate faction id 'cadets'");
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<FactionSet> {
        let file: FileFormat = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let msg = format!("malformed factions lexicon: {}", e.message().trim());
            Error::manifest_at(path, text, at, msg)
        })?;
        let err = |at: usize, msg: String| Error::manifest_at(path, text, at, msg);
        let entries: Vec<Entry> = file.faction.into_iter().map(|s| s.into_inner()).collect();
        if entries.is_empty() {
            return Err(err(0, "no factions; add [[faction]] tables".into()));
        }
        let mut index = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            // An empty id would be an empty cell in every table, read back as missing.
            if e.id.get_ref().trim().is_empty() {
                let msg = "faction id is empty; give every faction an id".to_string();
                return Err(err(e.id.span().start, msg));
            }
            if index.insert(e.id.get_ref().clone(), i).is_some() {
                let msg = format!("duplicate faction id '{}'", e.id.get_ref());
                return Err(err(e.id.span().start, msg));
            }
        }
        let mut factions = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut owner: HashMap<(Vec<String>, Option<Vec<String>>), usize> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            let parent = match &e.parent {
                Some(p) if !p.get_ref().is_empty() => {
                    Some(*index.get(p.get_ref()).ok_or_else(|| {
                        err(
                            p.span().start,
                            format!("unknown parent faction '{}'", p.get_ref()),
                        )
                    })?)
                }
                _ => None,
            };
            let mut aliases = Vec::new();
            let both = e.aliases.iter().map(|a| (a, false));
            for (alias, case_sensitive) in
                both.chain(e.case_sensitive_aliases.iter().map(|a| (a, true)))
            {
                let (words, surfaces) = tokenize_alias(alias.get_ref());
                if words.is_empty() {
                    let msg = format!("alias '{}' has no word in it", alias.get_ref());
                    return Err(err(alias.span().start, msg));
                }
                let key = (words.clone(), case_sensitive.then(|| surfaces.clone()));
                if let Some(&other) = owner.get(&key) {
                    if other != i {
                        let msg = format!(
                            "alias '{}' is also an alias of '{}'; an alias belongs to one faction",
                            alias.get_ref(),
                            entries[other].id.get_ref()
                        );
                        return Err(err(alias.span().start, msg));
                    }
                    continue;
                }
                owner.insert(key, i);
                patterns.push(Pattern {
                    faction: i,
                    alias: aliases.len(),
                    words,
                    surfaces: case_sensitive.then_some(surfaces),
                });
                aliases.push(alias.get_ref().clone());
            }
            let _ = &e.notes;
            factions.push(Faction {
                id: e.id.get_ref().clone(),
                label: if e.label.is_empty() {
                    e.id.get_ref().clone()
                } else {
                    e.label.clone()
                },
                parent,
                aliases,
            });
        }
        // Parents must form a tree: walking up from any faction ends at a root. A cycle is
        // reported at the member that comes last in the file (the entry that closes it).
        // Each faction is walked over once: a walk stops at a faction an earlier walk
        // cleared, so a chain of any depth costs time linear in its length.
        let mut walked = vec![usize::MAX; entries.len()]; // the walk that reached it
        let mut path = Vec::new();
        for i in 0..entries.len() {
            if walked[i] != usize::MAX {
                continue;
            }
            path.clear();
            let mut at = Some(i);
            while let Some(p) = at {
                if walked[p] == i {
                    let pos = path.iter().position(|&s| s == p).unwrap_or(0);
                    let last = *path[pos..].iter().max().unwrap_or(&i);
                    let e = &entries[last];
                    let span = e.parent.as_ref().map_or(0, |p| p.span().start);
                    let msg = format!(
                        "faction '{}' is its own ancestor (parent cycle)",
                        e.id.get_ref()
                    );
                    return Err(err(span, msg));
                }
                if walked[p] != usize::MAX {
                    break;
                }
                walked[p] = i;
                path.push(p);
                at = factions[p].parent;
            }
        }
        let mut by_first: rustc_hash::FxHashMap<String, Vec<Pattern>> = Default::default();
        for p in patterns {
            by_first.entry(p.words[0].clone()).or_default().push(p);
        }
        for list in by_first.values_mut() {
            // Longest first; among equals, case-sensitive (more specific) first, then file order.
            list.sort_by_key(|p| {
                (
                    std::cmp::Reverse(p.words.len()),
                    p.surfaces.is_none(),
                    p.faction,
                    p.alias,
                )
            });
        }
        Ok(FactionSet { factions, by_first })
    }

    /// The factions, in file order.
    ///
    /// ```
    /// use corpus_lens::factions::FactionSet;
    /// let set = FactionSet::parse("[[faction]]\nid = \"reds\"\n\n[[faction]]\nid = \"whites\"\n", "f.toml".as_ref())?;
    /// let ids: Vec<&str> = set.factions().iter().map(|f| f.id.as_str()).collect();
    /// assert_eq!(ids, ["reds", "whites"]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn factions(&self) -> &[Faction] {
        &self.factions
    }

    /// True if some alias starts with this case-folded word (a cheap test before
    /// [`FactionSet::find`]).
    ///
    /// ```
    /// let set = corpus_lens::factions::FactionSet::parse(
    ///     "[[faction]]\nid = \"srs\"\naliases = [\"Socialist Revolutionaries\"]\n",
    ///     "f.toml".as_ref(),
    /// )?;
    /// assert!(set.is_first_word("socialist"));
    /// assert!(!set.is_first_word("revolutionaries"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn is_first_word(&self, word: &str) -> bool {
        self.by_first.contains_key(word)
    }

    /// Finds the mentions among a paragraph's tokens: `words` case-folded, `surfaces` as
    /// normalized, `sentences` the sentence of each token. Leftmost, longest match first;
    /// no token is in two mentions.
    ///
    /// ```
    /// use corpus_lens::factions::FactionSet;
    /// let set = FactionSet::parse("[[faction]]\nid = \"pg\"\naliases = [\"Provisional Government\"]\n", "f.toml".as_ref())?;
    /// let words = ["the", "provisional", "government", "fell", "provisional", "government"];
    /// // An alias never crosses a sentence: the last two tokens are in sentences 1 and 2.
    /// let mentions = set.find(&words, &words, &[0, 0, 0, 0, 1, 2]);
    /// assert_eq!(mentions.len(), 1);
    /// assert_eq!((mentions[0].start, mentions[0].len), (1, 2));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn find<W: AsRef<str>, S: AsRef<str>>(
        &self,
        words: &[W],
        surfaces: &[S],
        sentences: &[u32],
    ) -> Vec<Mention> {
        let mut out = Vec::new();
        self.find_where(
            words.len(),
            |i| words[i].as_ref(),
            |i| surfaces[i].as_ref(),
            sentences,
            |_| true,
            &mut out,
        );
        out
    }

    /// [`FactionSet::find`] over `n` tokens given by index (`word` case-folded, `surface`
    /// as normalized), appending to `out`, with the alias lookup done only at tokens where
    /// `may_start` holds: the engine knows per word whether it can start an alias, so most
    /// tokens need no lookup and their words are never fetched. `may_start(i)` must hold
    /// wherever `word(i)` is an alias's first word.
    pub(crate) fn find_where<'w>(
        &self,
        n: usize,
        word: impl Fn(usize) -> &'w str,
        surface: impl Fn(usize) -> &'w str,
        sentences: &[u32],
        may_start: impl Fn(usize) -> bool,
        out: &mut Vec<Mention>,
    ) {
        let mut i = 0;
        while i < n {
            if !may_start(i) {
                i += 1;
                continue;
            }
            let hit = self.by_first.get(word(i)).and_then(|list| {
                list.iter()
                    .find(|p| matches_at(p, n, &word, &surface, sentences, i))
            });
            match hit {
                Some(p) => {
                    out.push(Mention {
                        faction: p.faction,
                        alias: p.alias,
                        start: i,
                        len: p.words.len(),
                    });
                    i += p.words.len();
                }
                None => i += 1,
            }
        }
    }
}

/// Whether pattern `p` matches at token `i` of `n`.
fn matches_at<'w>(
    p: &Pattern,
    n: usize,
    word: impl Fn(usize) -> &'w str,
    surface: impl Fn(usize) -> &'w str,
    sentences: &[u32],
    i: usize,
) -> bool {
    let len = p.words.len();
    if i + len > n {
        return false;
    }
    (0..len).all(|k| word(i + k) == p.words[k] && sentences[i + k] == sentences[i])
        && p.surfaces
            .as_ref()
            .is_none_or(|s| (0..len).all(|k| surface(i + k) == s[k]))
}

/// An alias's folded words and normalized surfaces.
pub(crate) fn tokenize_alias(alias: &str) -> (Vec<String>, Vec<String>) {
    let normalized = normalize_str(alias);
    let mut tokens = Vec::new();
    tokenize(&normalized, &mut tokens);
    let surfaces: Vec<String> = tokens
        .iter()
        .map(|t| normalized[t.span.clone()].to_string())
        .collect();
    let words = surfaces
        .iter()
        .map(|s| {
            let mut w = String::new();
            fold_case(s, &mut w);
            w
        })
        .collect();
    (words, surfaces)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEXICON: &str = r#"
[[faction]]
id = "srs"
label = "Socialist Revolutionaries"
aliases = ["Socialist Revolutionaries", "S.R.s"]

[[faction]]
id = "left_srs"
label = "Left SRs"
parent = "srs"
aliases = ["Left Socialist Revolutionaries", "Left S.R.s"]

[[faction]]
id = "cadets"
label = "Cadets"
case_sensitive_aliases = ["Cadets", "Cadet"]
aliases = ["Constitutional Democrats"]
"#;

    fn find(text: &str) -> Vec<(String, String)> {
        let set = FactionSet::parse(LEXICON, "f.toml".as_ref()).unwrap();
        let normalized = normalize_str(text);
        let mut tokens = Vec::new();
        tokenize(&normalized, &mut tokens);
        let surfaces: Vec<&str> = tokens.iter().map(|t| &normalized[t.span.clone()]).collect();
        let words: Vec<String> = surfaces
            .iter()
            .map(|s| {
                let mut w = String::new();
                fold_case(s, &mut w);
                w
            })
            .collect();
        set.find(&words, &surfaces, &vec![0; words.len()])
            .iter()
            .map(|m| {
                let f = &set.factions()[m.faction];
                (f.id.clone(), surfaces[m.start..m.start + m.len].join(" "))
            })
            .collect()
    }

    #[test]
    fn longest_match_wins_and_tokens_are_not_shared() {
        let got = find("The Left Socialist Revolutionaries left the Socialist Revolutionaries.");
        assert_eq!(
            got,
            [
                ("left_srs".into(), "Left Socialist Revolutionaries".into()),
                ("srs".into(), "Socialist Revolutionaries".into())
            ]
        );
        assert_eq!(find("the Left S.R.s")[0].0, "left_srs");
    }

    #[test]
    fn case_sensitive_aliases_skip_lowercase_cadets() {
        let got = find("The cadets fired on the Cadets and the constitutional democrats.");
        assert_eq!(
            got,
            [
                ("cadets".into(), "Cadets".into()),
                ("cadets".into(), "constitutional democrats".into())
            ]
        );
    }

    #[test]
    fn parents_are_resolved() {
        let set = FactionSet::parse(LEXICON, "f.toml".as_ref()).unwrap();
        assert_eq!(set.factions()[1].parent, Some(0));
    }

    #[test]
    fn errors_name_line_and_column() {
        let bad = |text: &str| {
            FactionSet::parse(text, "f.toml".as_ref())
                .unwrap_err()
                .to_string()
        };
        assert!(bad("[[faction]]\nid = \"a\"\nparent = \"zz\"\n")
            .contains("f.toml:3:10: unknown parent"));
        let dup = "[[faction]]\nid = \"a\"\n[[faction]]\nid = \"a\"\n";
        assert!(bad(dup).contains("f.toml:4:6: duplicate faction id"));
        let shared = "[[faction]]\nid = \"a\"\naliases = [\"Reds\"]\n[[faction]]\nid = \"b\"\naliases = [\"reds\"]\n";
        assert!(bad(shared).contains("f.toml:6:12:"), "{}", bad(shared));
        assert!(bad("[[faction]]\nid = 3\n").contains("f.toml:2:6: malformed"));
        assert!(bad("").contains("no factions"));
    }
}

#[cfg(test)]
mod shipped {
    use super::*;
    use crate::text::tokens::for_each_paragraph;

    fn default_set() -> FactionSet {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_FACTIONS);
        FactionSet::load(&path).unwrap()
    }

    /// Mentions of each faction id in a shipped text, with their surfaces.
    fn mentions(file: &str) -> Vec<(String, String)> {
        let set = default_set();
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpora")
            .join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out = Vec::new();
        for_each_paragraph(&path, &Default::default(), |tokens| {
            let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
            let surfaces: Vec<String> = tokens
                .iter()
                .map(|t| normalize_str(&text[t.span.start as usize..t.span.end as usize]))
                .collect();
            let sentences: Vec<u32> = tokens.iter().map(|t| t.sentence).collect();
            for m in set.find(&words, &surfaces, &sentences) {
                let id = set.factions()[m.faction].id.clone();
                out.push((id, surfaces[m.start..m.start + m.len].join(" ")));
            }
        })
        .unwrap();
        out
    }

    #[test]
    fn shipped_lexicon_loads_with_parents() {
        let set = default_set();
        let left = set.factions().iter().find(|f| f.id == "left_srs").unwrap();
        let parent = &set.factions()[left.parent.unwrap()];
        assert_eq!(parent.id, "socialist_revolutionaries");
    }

    #[test]
    fn trotsky_cadets_and_left_srs() {
        let found = mentions("trotsky_1918_history_to_brest_litovsk_excerpt.txt");
        // Lowercase military "cadets" never count as the Cadet party.
        assert!(found.iter().any(|(id, s)| id == "cadets" && s == "Cadets"));
        assert!(!found
            .iter()
            .any(|(id, s)| id == "cadets" && s.starts_with('c')));
        // "Left Socialist Revolutionaries" is one mention, of the Left SRs only.
        let left: Vec<_> = found
            .iter()
            .filter(|(_, s)| s.starts_with("Left Social"))
            .collect();
        assert!(!left.is_empty());
        assert!(left.iter().all(|(id, _)| id == "left_srs"), "{left:?}");
        // Kerensky and the Coalitionists are found.
        assert!(found.iter().any(|(id, _)| id == "kerensky"));
        assert!(found.iter().any(|(id, _)| id == "coalitionists"));
    }
}
