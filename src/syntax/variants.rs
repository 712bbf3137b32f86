//! Period spellings folded into one lemma ([`Variants`], `corpora/variants.toml`): the
//! memoirs spell one name or word several ways (`Bolsheviki`, `Lenine`, `Korniloff`,
//! `Czar`), and a lemma list should count them as one.
//!
//! A variants file is TOML with one table, `[variants]`, of `variant = "lemma"` pairs, both
//! single words. Keys and values are case-folded as the counts fold words
//! ([`crate::text::tokenize::fold_case`]). A token's lemma is folded in two steps: its
//! lowercased form first (`bolsheviki` -> `bolshevik`, a form the lemmatizer cannot know),
//! else its lowercased lemma (`czars` -> lemma `czar` -> `tsar`). Folding is one step: a
//! value that is itself a variant is an error, so the result never depends on the order of
//! the entries.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::text::normalize::normalize_str;
use crate::text::tokenize::{fold_case, tokenize};

/// The shipped variants file, relative to the repository.
pub const DEFAULT_VARIANTS: &str = "corpora/variants.toml";

/// A table of variant spellings and the lemma each folds into.
///
/// ```
/// use corpus_lens::syntax::variants::Variants;
/// let v = Variants::parse("[variants]\nbolsheviki = \"bolshevik\"\nLenine = \"Lenin\"\n", "v.toml".as_ref())?;
/// assert_eq!(v.fold("bolsheviki", "bolsheviki"), Some("bolshevik"));
/// assert_eq!(v.fold("lenine's", "lenine"), Some("lenin")); // by the lemma
/// assert_eq!(v.fold("soviet", "soviet"), None);
/// assert_eq!(v.len(), 2);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Variants {
    map: FxHashMap<String, String>,
    path: Option<PathBuf>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    #[serde(default)]
    variants: BTreeMap<String, toml::Spanned<String>>,
}

impl Variants {
    /// No variants: every lemma is kept as the lemmatizer gives it.
    ///
    /// ```
    /// assert!(corpus_lens::syntax::variants::Variants::none().is_empty());
    /// ```
    pub fn none() -> Variants {
        Variants::default()
    }

    /// The path of the shipped table, `corpora/variants.toml`.
    ///
    /// ```
    /// assert!(corpus_lens::syntax::variants::Variants::default_path().ends_with("variants.toml"));
    /// ```
    pub fn default_path() -> PathBuf {
        crate::corpus::shipped_path(DEFAULT_VARIANTS)
    }

    /// The shipped table.
    ///
    /// ```
    /// let v = corpus_lens::syntax::variants::Variants::load_default()?;
    /// assert_eq!(v.fold("bolsheviki", "bolsheviki"), Some("bolshevik"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn load_default() -> Result<Variants> {
        Variants::load(&Variants::default_path())
    }

    /// Reads a variants file.
    ///
    /// ```
    /// use corpus_lens::{syntax::variants::Variants, Error};
    /// let err = Variants::load("no/such/variants.toml".as_ref()).unwrap_err();
    /// assert!(matches!(err, Error::NotFound { .. }));
    /// ```
    pub fn load(path: &Path) -> Result<Variants> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut variants = Variants::parse(&text, path)?;
        variants.path = Some(path.to_path_buf());
        Ok(variants)
    }

    /// Parses a variants file; `path` names it in errors, which give the line and column:
    /// malformed TOML, a key or value that is not one word, a variant given twice (after
    /// case folding), or a value that is itself a variant.
    ///
    /// ```
    /// use corpus_lens::{syntax::variants::Variants, Error};
    /// let text = "[variants]\nczar = \"tsar\"\ntsar = \"caesar\"\n";
    /// let Err(Error::Manifest { line, message, .. }) = Variants::parse(text, "v.toml".as_ref()) else {
    ///     panic!("a chain is an error");
    /// };
    /// assert_eq!(line, 2);
    /// assert!(message.contains("'tsar' is itself a variant"));
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<Variants> {
        let err = |at: usize, msg: String| Error::manifest_at(path, text, at, msg);
        let file: FileFormat = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            err(
                at,
                format!("malformed variants file: {}", e.message().trim()),
            )
        })?;
        let mut map = FxHashMap::default();
        let mut at_of = FxHashMap::default();
        for (key, value) in &file.variants {
            let at = value.span().start;
            let (k, v) = (one_word(key), one_word(value.get_ref()));
            let (Some(k), Some(v)) = (k, v) else {
                let msg = format!(
                    "'{key} = \"{}\"': a variant and its lemma are one word each",
                    value.get_ref()
                );
                return Err(err(at, msg));
            };
            if k == v {
                let msg = format!("'{key}' folds into itself; remove the line");
                return Err(err(at, msg));
            }
            if map.insert(k.clone(), v).is_some() {
                let msg = format!("variant '{key}' is given twice (case does not count)");
                return Err(err(at, msg));
            }
            at_of.insert(k, at);
        }
        if let Some((k, v)) = map.iter().filter(|(_, v)| map.contains_key(*v)).min() {
            let msg = format!(
                "'{k}' folds into '{v}', and '{v}' is itself a variant; give '{k}' the \
                 final lemma"
            );
            return Err(err(at_of[k], msg));
        }
        Ok(Variants { map, path: None })
    }

    /// The lemma `form` or `lemma` (both lowercased) folds into, if either is a variant
    /// (the form first).
    ///
    /// ```
    /// let v = corpus_lens::syntax::variants::Variants::load_default()?;
    /// assert_eq!(v.fold("czars", "czar"), Some("tsar"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn fold(&self, form: &str, lemma: &str) -> Option<&str> {
        if self.map.is_empty() {
            return None;
        }
        self.map
            .get(form)
            .or_else(|| self.map.get(lemma))
            .map(String::as_str)
    }

    /// How many variants.
    ///
    /// ```
    /// assert_eq!(corpus_lens::syntax::variants::Variants::none().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when there is no variant.
    ///
    /// ```
    /// assert!(!corpus_lens::syntax::variants::Variants::load_default()?.is_empty());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The file the table was read from (`None` when parsed from text, or none).
    ///
    /// ```
    /// use corpus_lens::syntax::variants::Variants;
    /// assert!(Variants::load_default()?.path().unwrap().ends_with("variants.toml"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// The text as one case-folded counted word, if it is one.
fn one_word(text: &str) -> Option<String> {
    let text = normalize_str(text);
    let mut tokens = Vec::new();
    tokenize(&text, &mut tokens);
    match tokens.as_slice() {
        [one] if one.span.len() == text.trim().len() => {
            let mut folded = String::new();
            fold_case(&text[one.span.clone()], &mut folded);
            Some(folded)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Variants> {
        Variants::parse(text, Path::new("v.toml"))
    }

    #[test]
    fn keys_and_values_are_folded() {
        let v = parse("[variants]\nMinshevik = \"Menshevik\"\n").unwrap();
        assert_eq!(v.fold("minshevik", "minshevik"), Some("menshevik"));
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("[variants]\na = \"b\"\nA = \"c\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("given twice"), "{e}");
        let e = parse("[variants]\n\"two words\" = \"b\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("v.toml:2:"), "{e}");
        assert!(e.contains("one word each"), "{e}");
        let e = parse("[variant]\na = \"b\"\n").unwrap_err().to_string();
        assert!(e.contains("malformed variants file"), "{e}");
        let e = parse("[variants]\nx = \"X\"\n").unwrap_err().to_string();
        assert!(e.contains("folds into itself"), "{e}");
    }

    #[test]
    fn the_shipped_table_loads_and_holds_the_period_spellings() {
        let v = Variants::load_default().unwrap();
        for (form, lemma) in [
            ("bolsheviki", "bolshevik"),
            ("mensheviki", "menshevik"),
            ("lenine", "lenin"),
            ("korniloff", "kornilov"),
            ("tseretelli", "tsereteli"),
        ] {
            assert_eq!(v.fold(form, form), Some(lemma), "{form}");
        }
    }
}
