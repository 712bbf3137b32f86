//! Framing lexicons: weighted terms on named dimensions, and where they occur in a text.
//!
//! Takes a lexicon file (the shipped `corpora/lexicons/framing.toml`, or the user's own
//! TOML, CSV or TSV file) and a sentence's or paragraph's tokens; gives the term matches in
//! it. A lexicon has one or more **dimensions** (`strength`, `legitimacy`...; a positive and
//! a negative pole each) and **terms**: a word or a phrase, one dimension, and a weight whose
//! sign says which pole the term points to.
//!
//! # Formats
//!
//! **TOML** ([`Lexicon::parse_toml`]), the format of `framing.toml`:
//!
//! ```toml
//! [meta]                  # optional; any keys, free text
//! name = "my lexicon"
//! match = "stem"          # "stem" (default) or "word": see below
//!
//! [[dimension]]
//! id = "strength"
//! positive = "strength, competence"   # what +1 means (default "positive")
//! negative = "impotence, failure"     # what -1 means (default "negative")
//!
//! [neutral]               # optional: words that score 0 for VADER in historical mode
//! words = ["party", "war"]
//!
//! [[term]]
//! term = "impotence"      # one word, or a phrase of several
//! dimension = "strength"  # a declared dimension id
//! weight = -0.9           # any finite number; integers allowed
//! ```
//!
//! Unknown keys are errors, except in `[meta]`. Errors name the file, line and column.
//!
//! **Delimited** ([`Lexicon::parse_delimited`]), the layouts of VADER's `vader_lexicon.txt`
//! and AFINN's `AFINN-111.txt`: one entry a line, `word<delimiter>score`, further fields
//! ignored; see that function for the details. Such a file is one dimension named after the
//! file, matched by word, with its weights as given (no rescaling: VADER's run from -4 to +4,
//! AFINN's from -5 to +5, the shipped lexicon's from -1 to +1).
//!
//! # Matching
//!
//! A term is normalized and tokenized like the text ([`crate::text::normalize::normalize_str`],
//! [`crate::text::tokenize::tokenize`], [`crate::text::tokenize::fold_case`]), so it is a sequence of
//! **keys**, one a token. With [`MatchBy::Stem`] (the TOML default) a key is the Snowball
//! English stem of the lowercased token ([`Lexicon::stem`], the same stems as `stems.csv`):
//! the term "impotence" matches "impotent" and "impotence". With [`MatchBy::Word`] it is the
//! lowercased token itself. The caller turns its tokens into keys the same way
//! ([`Lexicon::key`]) and calls [`Lexicon::find`]:
//!
//! - **Leftmost-longest, a token counts once.** Scanning left to right, at each token the
//!   longest term (in tokens, over *all* dimensions) whose keys match there wins, and
//!   matching resumes after it: "without bloodshed" is one `order` term, not also
//!   "bloodshed"; "overwhelming majority" is `support`, not also "overwhelm" `strength`.
//! - **The same keys on several dimensions.** A lexicon may list the same key sequence under
//!   two dimensions (never twice under one: that is an error). When such a sequence is the
//!   longest match at a token, every one of those terms matches, one [`TermMatch`] per
//!   dimension, all with the same `start` and `len`; so the token scores on each dimension.
//!   This is the only way a token can be in two matches.
//! - Matches are appended in order of `start`, and for one `start` in dimension order.
//! - Matches never extend beyond the keys given: pass one sentence or one paragraph.
//!
//! ```
//! use corpus_lens::lexicon::Lexicon;
//! let lexicon = Lexicon::parse_toml(r#"
//! [[dimension]]
//! id = "order"
//! positive = "order, calm"
//! negative = "chaos, violence"
//!
//! [[term]]
//! term = "bloodshed"
//! dimension = "order"
//! weight = -0.7
//!
//! [[term]]
//! term = "without bloodshed"
//! dimension = "order"
//! weight = 0.7
//! "#, "lex.toml".as_ref())?;
//!
//! let words = ["power", "passed", "without", "bloodshed", "then", "more", "bloodshed"];
//! let keys: Vec<_> = words.iter().map(|w| lexicon.key(w)).collect();
//! let mut found = Vec::new();
//! lexicon.find(&keys, &mut found);
//! let weights: Vec<(usize, f64)> =
//!     found.iter().map(|m| (m.start, lexicon.terms()[m.term].weight)).collect();
//! assert_eq!(weights, [(2, 0.7), (6, -0.7)]);
//! # Ok::<(), corpus_lens::Error>(())
//! ```

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::error::{line_column, Error, Result};
use crate::text::normalize::normalize_str;
use crate::text::tokenize::{fold_case, tokenize, TokenKind};

/// How one-word terms, and each word of a multiword term, match tokens: by Snowball English
/// stem ([`MatchBy::Stem`], the default of TOML lexicons) or by lowercased word form
/// ([`MatchBy::Word`], always used for delimited lexicons). This is the same type as
/// [`crate::count::nodes::MatchBy`] (whose `Default` is `Word`, for node words).
pub use crate::count::nodes::MatchBy;

/// The shipped framing lexicon, relative to the repository root.
pub const DEFAULT_LEXICON: &str = "corpora/lexicons/framing.toml";

/// One dimension of a lexicon: what its positive and negative poles mean.
///
/// ```
/// use corpus_lens::lexicon::Lexicon;
/// let lexicon = Lexicon::load_default()?;
/// let strength = &lexicon.dimensions()[0];
/// assert_eq!(strength.id, "strength");
/// assert!(strength.negative.starts_with("impotence"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dimension {
    /// Unique id, e.g. `strength`.
    pub id: String,
    /// What a positive weight means, e.g. "strength, competence, decisiveness, success".
    pub positive: String,
    /// What a negative weight means, e.g. "impotence, helplessness, confusion, failure".
    pub negative: String,
}

/// One term of a lexicon.
///
/// ```
/// use corpus_lens::lexicon::Lexicon;
/// let lexicon = Lexicon::load_default()?;
/// let term = lexicon.terms().iter().find(|t| t.term == "overwhelming majority").unwrap();
/// assert_eq!(lexicon.dimensions()[term.dimension].id, "support");
/// assert!(term.weight > 0.0);
/// assert_eq!(term.len, 2);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The term as written in the file (trimmed, for delimited files).
    pub term: String,
    /// Index of its dimension in [`Lexicon::dimensions`].
    pub dimension: usize,
    /// Its weight, as given in the file: the sign says which pole it points to.
    pub weight: f64,
    /// Its length in tokens.
    pub len: usize,
}

/// A term found among a sentence's or paragraph's tokens.
///
/// ```
/// use corpus_lens::lexicon::{Lexicon, TermMatch};
/// let lexicon = Lexicon::parse_toml(
///     "[[dimension]]\nid = \"honesty\"\n[[term]]\nterm = \"treachery\"\ndimension = \"honesty\"\nweight = -0.9\n",
///     "l.toml".as_ref(),
/// )?;
/// let keys: Vec<_> = ["their", "treachery"].iter().map(|w| lexicon.key(w)).collect();
/// let mut found = Vec::new();
/// lexicon.find(&keys, &mut found);
/// assert_eq!(found, [TermMatch { term: 0, start: 1, len: 1 }]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    /// Index of the term in [`Lexicon::terms`].
    pub term: usize,
    /// Its first token (index into the keys given to [`Lexicon::find`]).
    pub start: usize,
    /// Its number of tokens (the term's [`Term::len`]).
    pub len: usize,
}

/// One term's keys, for matching.
#[derive(Debug, Clone)]
struct Pattern {
    term: usize,
    keys: Box<[Box<str>]>,
}

/// A framing lexicon ready for matching; see the [module documentation](self) for the
/// formats and the matching rules.
///
/// ```
/// use corpus_lens::lexicon::{Lexicon, MatchBy};
/// let lexicon = Lexicon::load_default()?;
/// assert_eq!(lexicon.match_by(), MatchBy::Stem);
/// assert_eq!(lexicon.dimensions()[0].id, "strength");
/// let impotence = lexicon.terms().iter().find(|t| t.term == "impotence").unwrap();
/// assert_eq!(impotence.weight, -0.9);
/// assert!(lexicon.neutral().iter().any(|w| w == "party"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Lexicon {
    dimensions: Vec<Dimension>,
    terms: Vec<Term>,
    neutral: Vec<String>,
    match_by: MatchBy,
    skipped: usize,
    /// Patterns by their first key; longest first, then by dimension, then file order.
    by_first: FxHashMap<Box<str>, Vec<Pattern>>,
}

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

/// A term's text as tokens.
struct Tokenized {
    /// Case-folded words.
    words: Vec<String>,
    /// Match keys (stems or the words).
    keys: Vec<String>,
    /// At least one token is a word (not a number).
    has_word: bool,
    /// Every non-space character is inside a token (no punctuation left over).
    covered: bool,
}

fn tokenize_term(text: &str, by: MatchBy) -> Tokenized {
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
            MatchBy::Word => word.clone(),
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
    /// Reads a lexicon file, by its extension: `.toml` ([`Lexicon::parse_toml`]), `.csv`
    /// (comma-separated, [`Lexicon::parse_delimited`]), `.tsv` or `.txt` (tab-separated, as
    /// VADER's and AFINN's files). Any other extension is a usage error.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("AFINN-111.txt");
    /// std::fs::write(&path, "abandon\t-2\nabandoned\t-2\n")?;
    /// let afinn = corpus_lens::lexicon::Lexicon::load(&path)?;
    /// assert_eq!(afinn.dimensions()[0].id, "afinn_111");
    /// assert_eq!(afinn.terms()[1].weight, -2.0);
    /// assert!(corpus_lens::lexicon::Lexicon::load("lex.json".as_ref()).unwrap_err().is_usage());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load(path: &Path) -> Result<Lexicon> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        let delimiter = match ext.as_deref() {
            Some("toml") => None,
            Some("csv") => Some(b','),
            Some("tsv" | "txt") => Some(b'\t'),
            _ => {
                return Err(Error::Usage(format!(
                    "{}: unknown lexicon format; give a .toml file (like {DEFAULT_LEXICON}), \
                     a .csv file (word,score) or a .tsv or .txt file (word<TAB>score)",
                    path.display()
                )))
            }
        };
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        match delimiter {
            None => Lexicon::parse_toml(&text, path),
            Some(d) => Lexicon::parse_delimited(&text, path, d),
        }
    }

    /// Where the shipped lexicon is: [`DEFAULT_LEXICON`] under the working directory if it
    /// exists there, else the one in the source tree this binary was built from.
    ///
    /// ```
    /// use corpus_lens::lexicon::Lexicon;
    /// let path = Lexicon::default_path();
    /// assert!(path.ends_with("corpora/lexicons/framing.toml") && path.is_file());
    /// ```
    pub fn default_path() -> PathBuf {
        crate::corpus::shipped_path(DEFAULT_LEXICON)
    }

    /// The shipped framing lexicon (see [`Lexicon::default_path`]).
    ///
    /// ```
    /// use corpus_lens::lexicon::Lexicon;
    /// let lexicon = Lexicon::load_default()?;
    /// assert!(lexicon.terms().len() > 500);
    /// assert!(lexicon.neutral().iter().any(|w| w == "party"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn load_default() -> Result<Lexicon> {
        Lexicon::load(&Lexicon::default_path())
    }

    /// Parses a TOML lexicon (format in the [module documentation](self)); `path` is used in
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
                        (MatchBy::Word, 1) => "the same word as",
                        (MatchBy::Word, _) => "the same words as",
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

    /// Parses a delimited lexicon in the layouts of VADER's `vader_lexicon.txt` and AFINN's
    /// `AFINN-111.txt`; `path` names the file in error messages and gives the dimension id.
    ///
    /// - Each non-empty line is `word<delimiter>score`, optionally followed by more fields,
    ///   which are ignored (VADER's standard deviation and ratings). Lines starting with `#`
    ///   are comments. Line ends may be LF or CRLF; a UTF-8 byte-order mark is skipped.
    /// - With `delimiter` `b','` fields may be quoted as in CSV (`"does not work",-3`, `""`
    ///   for a quote inside); with any other delimiter (a tab) quotes are ordinary characters.
    ///   Spaces around a field are trimmed.
    /// - The first entry line is a header, and skipped, if its second field is not a number
    ///   (`word,score`); anywhere else a score that is not a finite number is an error at its
    ///   line and column.
    /// - The file is one [`Dimension`], whose id is the file stem lowercased with every
    ///   character that is not a letter or digit replaced by `_` (`AFINN-111.txt` gives
    ///   `afinn_111`; `lexicon` if that is empty), positive pole "positive", negative pole
    ///   "negative". Weights are the scores as given, not rescaled.
    /// - Matching is [`MatchBy::Word`]: these lists spell out inflections separately
    ///   ("betray", "betrayed", "betrayal"), so stemming them would merge entries.
    ///   Multiword entries ("does not work", "cashing in") are tokenized like TOML terms.
    /// - Entries that are not words are skipped and counted in [`Lexicon::skipped`]: those
    ///   with characters outside the tokens (emoticons such as `:-)`, `:p`, `o.O`) and those
    ///   without a letter token (`<3`, `8)`, `2g2bt`).
    /// - Two entries with the same keys: if they are written identically, the later line's
    ///   score replaces the earlier one's, as in VADER itself (`vader_lexicon.txt` 3.3.2
    ///   lists "lol", "ok", "sob" and seven more twice, with different scores, and VADER
    ///   keeps the later); if they are written differently ("Good" and "good") it is an
    ///   error naming both lines.
    ///
    /// A file with no word entry is an error, as is a delimiter that is not ASCII or is a
    /// quote or line break (a usage error).
    ///
    /// ```
    /// use corpus_lens::lexicon::{Lexicon, MatchBy};
    /// let text = "word,score\ncompetent,2\n\"does not work\",-3\n:-),2\n";
    /// let lexicon = Lexicon::parse_delimited(text, "My Lexicon.csv".as_ref(), b',')?;
    /// assert_eq!(lexicon.dimensions()[0].id, "my_lexicon");
    /// assert_eq!(lexicon.match_by(), MatchBy::Word);
    /// assert_eq!(lexicon.terms()[1].term, "does not work");
    /// assert_eq!((lexicon.terms()[1].len, lexicon.terms()[1].weight), (3, -3.0));
    /// assert_eq!(lexicon.skipped(), 1);
    /// let err = Lexicon::parse_delimited("good\t1\nfine\tvery\n", "v.txt".as_ref(), b'\t');
    /// assert_eq!(
    ///     err.unwrap_err().to_string(),
    ///     "v.txt:2:6: score \"very\" of \"fine\" (second field) is not a number"
    /// );
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn parse_delimited(text: &str, path: &Path, delimiter: u8) -> Result<Lexicon> {
        if !delimiter.is_ascii() || matches!(delimiter, b'"' | b'\n' | b'\r') {
            return Err(Error::Usage(format!(
                "{}: a lexicon delimiter must be an ASCII character other than a quote or a \
                 line break, not byte {delimiter:#04x}",
                path.display()
            )));
        }
        let quoting = delimiter == b',';
        let sep = match delimiter {
            b'\t' => "<TAB>".to_string(),
            d => (d as char).to_string(),
        };
        let at = |line: usize, raw: &str, byte: usize, message: String| Error::Manifest {
            path: path.to_path_buf(),
            line,
            column: raw[..byte.min(raw.len())].chars().count() + 1,
            message,
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let dimension = Dimension {
            id: dimension_id(path),
            positive: "positive".into(),
            negative: "negative".into(),
        };

        let mut terms: Vec<Term> = Vec::new();
        let mut keys: Vec<Vec<String>> = Vec::new();
        let mut lines: Vec<usize> = Vec::new();
        let mut seen: FxHashMap<Vec<String>, usize> = FxHashMap::default();
        let mut skipped = 0;
        let mut first_entry = true;
        let mut fields = Vec::new();
        for (n, raw) in text.split('\n').enumerate() {
            let line = n + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let is_first = std::mem::replace(&mut first_entry, false);
            split_fields(raw, delimiter, quoting, &mut fields)
                .map_err(|(byte, msg)| at(line, raw, byte, msg))?;
            let (word_at, word) = &fields[0];
            let Some((score_at, score)) = fields.get(1) else {
                let msg = format!(
                    "\"{word}\" has no score; expected word{sep}score (fields separated by {})",
                    if delimiter == b'\t' {
                        "tabs"
                    } else {
                        "the delimiter"
                    }
                );
                return Err(at(line, raw, raw.len(), msg));
            };
            let weight = match score.parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ if is_first => continue,
                _ => {
                    let msg =
                        format!("score \"{score}\" of \"{word}\" (second field) is not a number");
                    return Err(at(line, raw, *score_at, msg));
                }
            };
            if word.is_empty() {
                let msg = format!("empty word (first field); expected word{sep}score");
                return Err(at(line, raw, *word_at, msg));
            }
            let tokenized = tokenize_term(word, MatchBy::Word);
            if !tokenized.has_word || !tokenized.covered {
                skipped += 1;
                continue;
            }
            if let Some(&first) = seen.get(&tokenized.keys) {
                if terms[first].term == *word {
                    terms[first].weight = weight;
                    lines[first] = line;
                    continue;
                }
                let msg = format!(
                    "\"{word}\" is the same word as \"{}\" on line {}: both match {}; \
                     remove one of the two lines",
                    terms[first].term,
                    lines[first],
                    tokenized.keys.join(" ")
                );
                return Err(at(line, raw, *word_at, msg));
            }
            seen.insert(tokenized.keys.clone(), terms.len());
            lines.push(line);
            terms.push(Term {
                term: word.to_string(),
                dimension: 0,
                weight,
                len: tokenized.keys.len(),
            });
            keys.push(tokenized.keys);
        }
        if terms.is_empty() {
            return Err(Error::Manifest {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: format!(
                    "no word entries ({skipped} skipped that are not words); \
                     expected lines of word{sep}score"
                ),
            });
        }
        Ok(Lexicon::build(
            vec![dimension],
            terms,
            keys,
            Vec::new(),
            MatchBy::Word,
            skipped,
        ))
    }

    fn build(
        dimensions: Vec<Dimension>,
        terms: Vec<Term>,
        keys: Vec<Vec<String>>,
        neutral: Vec<String>,
        match_by: MatchBy,
        skipped: usize,
    ) -> Lexicon {
        let mut by_first: FxHashMap<Box<str>, Vec<Pattern>> = FxHashMap::default();
        for (term, keys) in keys.into_iter().enumerate() {
            let keys: Box<[Box<str>]> = keys.into_iter().map(String::into_boxed_str).collect();
            by_first
                .entry(keys[0].clone())
                .or_default()
                .push(Pattern { term, keys });
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|p| {
                (
                    std::cmp::Reverse(p.keys.len()),
                    terms[p.term].dimension,
                    p.term,
                )
            });
        }
        Lexicon {
            dimensions,
            terms,
            neutral,
            match_by,
            skipped,
            by_first,
        }
    }

    /// The dimensions, in file order.
    ///
    /// ```
    /// use corpus_lens::lexicon::Lexicon;
    /// let lexicon = Lexicon::load_default()?;
    /// let ids: Vec<&str> = lexicon.dimensions().iter().map(|d| d.id.as_str()).collect();
    /// assert_eq!(ids, ["strength", "legitimacy", "honesty", "support", "order", "revolution"]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }

    /// The index of the dimension with this id.
    ///
    /// ```
    /// let lexicon = corpus_lens::lexicon::Lexicon::load_default()?;
    /// assert_eq!(lexicon.dimension("legitimacy"), Some(1));
    /// assert_eq!(lexicon.dimension("nope"), None);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn dimension(&self, id: &str) -> Option<usize> {
        self.dimensions.iter().position(|d| d.id == id)
    }

    /// The terms, in file order.
    ///
    /// ```
    /// use corpus_lens::lexicon::Lexicon;
    /// let lexicon = Lexicon::parse_delimited("word,score\nbrave,2\ncowardly,-2.5\n", "mine.csv".as_ref(), b',')?;
    /// let terms: Vec<(&str, f64)> = lexicon.terms().iter().map(|t| (t.term.as_str(), t.weight)).collect();
    /// assert_eq!(terms, [("brave", 2.0), ("cowardly", -2.5)]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The lowercased words of the TOML `[neutral] words` list, in file order (empty for
    /// delimited files).
    ///
    /// ```
    /// use corpus_lens::lexicon::Lexicon;
    /// let toml = "[neutral]\nwords = [\"Party\", \"peace\"]\n[[dimension]]\nid = \"d\"\n\
    ///             [[term]]\nterm = \"weak\"\ndimension = \"d\"\nweight = -0.5\n";
    /// let lexicon = Lexicon::parse_toml(toml, "l.toml".as_ref())?;
    /// assert_eq!(lexicon.neutral(), ["party", "peace"]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn neutral(&self) -> &[String] {
        &self.neutral
    }

    /// How terms match tokens: [`MatchBy::Stem`] unless a TOML file's `[meta] match` says
    /// "word"; always [`MatchBy::Word`] for delimited files.
    ///
    /// ```
    /// use corpus_lens::lexicon::{Lexicon, MatchBy};
    /// let toml = "[meta]\nmatch = \"word\"\n[[dimension]]\nid = \"d\"\n\
    ///             [[term]]\nterm = \"betrayed\"\ndimension = \"d\"\nweight = -0.5\n";
    /// let by_word = Lexicon::parse_toml(toml, "l.toml".as_ref())?;
    /// assert_eq!(by_word.match_by(), MatchBy::Word);
    /// assert_eq!(by_word.key("betrayed"), "betrayed"); // no stemming
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn match_by(&self) -> MatchBy {
        self.match_by
    }

    /// How many entries of a delimited file were skipped because they are not words
    /// (emoticons and the like; see [`Lexicon::parse_delimited`]). Always 0 for TOML files.
    ///
    /// ```
    /// use corpus_lens::lexicon::Lexicon;
    /// let lexicon = Lexicon::parse_delimited("good\t2\n:-)\t2\n", "afinn.txt".as_ref(), b'\t')?;
    /// assert_eq!((lexicon.terms().len(), lexicon.skipped()), (1, 1));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn skipped(&self) -> usize {
        self.skipped
    }

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
            MatchBy::Word => Cow::Borrowed(lowercased),
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

/// The dimension id of a delimited file: its stem, lowercased, non-alphanumerics as `_`.
fn dimension_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id: String = stem
        .chars()
        .flat_map(|c| {
            let keep = c.is_alphanumeric();
            c.to_lowercase()
                .filter(move |_| keep)
                .chain((!keep).then_some('_'))
        })
        .collect();
    if id.is_empty() {
        "lexicon".into()
    } else {
        id
    }
}

/// Splits one line into trimmed fields with the byte offset where each one's content starts.
/// With `quoting`, a field may be quoted (`"a ""b"" c"`). An error gives a byte offset.
fn split_fields<'a>(
    line: &'a str,
    delimiter: u8,
    quoting: bool,
    out: &mut Vec<(usize, Cow<'a, str>)>,
) -> std::result::Result<(), (usize, String)> {
    out.clear();
    let bytes = line.as_bytes();
    let is_space = |b: u8| (b == b' ' || b == b'\t') && b != delimiter;
    let mut pos = 0;
    loop {
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        if quoting && bytes.get(pos) == Some(&b'"') {
            let open = pos;
            let mut value = String::new();
            pos += 1;
            loop {
                let Some(q) = line[pos..].find('"').map(|q| pos + q) else {
                    return Err((open, "unterminated quoted field".into()));
                };
                value.push_str(&line[pos..q]);
                if bytes.get(q + 1) == Some(&b'"') {
                    value.push('"');
                    pos = q + 2;
                } else {
                    pos = q + 1;
                    break;
                }
            }
            while pos < bytes.len() && is_space(bytes[pos]) {
                pos += 1;
            }
            out.push((open, Cow::Owned(value.trim().to_string())));
            match bytes.get(pos) {
                None => return Ok(()),
                Some(&b) if b == delimiter => pos += 1,
                Some(_) => {
                    let msg = "text after a closing quote; quote the whole field".into();
                    return Err((pos, msg));
                }
            }
        } else {
            let end = bytes[pos..]
                .iter()
                .position(|&b| b == delimiter)
                .map_or(bytes.len(), |e| pos + e);
            out.push((pos, Cow::Borrowed(line[pos..end].trim_end())));
            if end == bytes.len() {
                return Ok(());
            }
            pos = end + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The head of the bad-input lexicons (tests/bad_input.rs): the term's weight goes on
    /// line 9.
    const HEAD: &str = "[[dimension]]\nid = \"strength\"\npositive = \"strength\"\n\
         negative = \"impotence\"\n\n[[term]]\nterm = \"impotence\"\ndimension = \"strength\"\n";

    fn toml_err(text: &str) -> String {
        Lexicon::parse_toml(text, "lex.toml".as_ref())
            .unwrap_err()
            .to_string()
    }

    fn tsv(text: &str, name: &str) -> Result<Lexicon> {
        Lexicon::parse_delimited(text, name.as_ref(), b'\t')
    }

    /// (term, dimension id, start, len) of every match in `words` (lowercased tokens).
    fn matches(lexicon: &Lexicon, words: &[&str]) -> Vec<(String, String, usize, usize)> {
        let keys: Vec<Cow<str>> = words.iter().map(|w| lexicon.key(w)).collect();
        let mut out = Vec::new();
        lexicon.find(&keys, &mut out);
        out.iter()
            .map(|m| {
                let t = &lexicon.terms()[m.term];
                assert_eq!(t.len, m.len);
                let dim = lexicon.dimensions()[t.dimension].id.clone();
                (t.term.clone(), dim, m.start, m.len)
            })
            .collect()
    }

    fn m(term: &str, dim: &str, start: usize, len: usize) -> (String, String, usize, usize) {
        (term.into(), dim.into(), start, len)
    }

    fn shipped() -> Lexicon {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_LEXICON);
        Lexicon::load(&path).unwrap()
    }

    #[test]
    fn shipped_lexicon_loads() {
        let lex = shipped();
        assert_eq!(lex.terms().len(), 527);
        assert!(lex.terms().len() >= 300);
        let ids: Vec<&str> = lex.dimensions().iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "strength",
                "legitimacy",
                "honesty",
                "support",
                "order",
                "revolution"
            ]
        );
        assert_eq!(
            lex.dimensions()[0].negative,
            "impotence, helplessness, confusion, failure, fear"
        );
        assert_eq!(lex.match_by(), MatchBy::Stem);
        assert_eq!(lex.neutral().len(), 72);
        assert_eq!(&lex.neutral()[..3], ["party", "parties", "united"]);
        assert!(lex
            .terms()
            .iter()
            .all(|t| (-1.0..=1.0).contains(&t.weight) && t.weight != 0.0));
        let impotence = &lex.terms()[0];
        assert_eq!(
            (
                impotence.term.as_str(),
                impotence.dimension,
                impotence.weight,
                impotence.len
            ),
            ("impotence", 0, -0.9, 1)
        );
        let master = lex
            .terms()
            .iter()
            .find(|t| t.term == "master of the situation")
            .unwrap();
        assert_eq!(master.len, 4);
        assert_eq!(lex.skipped(), 0);
        // Terms per dimension, as in README.md's table.
        let per_dim: Vec<usize> = (0..6)
            .map(|d| lex.terms().iter().filter(|t| t.dimension == d).count())
            .collect();
        assert_eq!(per_dim, [138, 78, 99, 92, 88, 32]);
    }

    #[test]
    fn default_path_finds_the_shipped_file() {
        assert!(Lexicon::default_path().ends_with(DEFAULT_LEXICON));
        assert_eq!(Lexicon::load_default().unwrap().terms().len(), 527);
    }

    #[test]
    fn shipped_terms_match_by_stem() {
        let lex = shipped();
        assert_eq!(lex.key("impotent"), "impot");
        let got = matches(&lex, &["the", "impotent", "government"]);
        assert_eq!(got, [m("impotence", "strength", 1, 1)]);
        let got = matches(&lex, &["they", "were", "betrayed"]);
        assert_eq!(got, [m("betrayal", "honesty", 2, 1)]);
    }

    #[test]
    fn shipped_longer_terms_win() {
        let lex = shipped();
        let got = matches(
            &lex,
            &[
                "power",
                "passed",
                "without",
                "bloodshed",
                "after",
                "bloodshed",
            ],
        );
        assert_eq!(
            got,
            [
                m("without bloodshed", "order", 2, 2),
                m("bloodshed", "order", 5, 1)
            ]
        );
        // Across dimensions too: the support phrase, not also the strength word.
        let got = matches(&lex, &["an", "overwhelming", "majority"]);
        assert_eq!(got, [m("overwhelming majority", "support", 1, 2)]);
        let got = matches(&lex, &["overwhelming", "force"]);
        assert_eq!(got, [m("overwhelm", "strength", 0, 1)]);
    }

    const SMALL: &str = r#"
[meta]
name = "test"
anything = 3

[[dimension]]
id = "a"

[[dimension]]
id = "b"
positive = "good"
negative = "bad"

[[term]]
term = "x y z"
dimension = "a"
weight = 1

[[term]]
term = "x y"
dimension = "a"
weight = 0.5

[[term]]
term = "y z w"
dimension = "a"
weight = -0.5

[[term]]
term = "x"
dimension = "b"
weight = -1

[[term]]
term = "x y"
dimension = "b"
weight = 0.25

[[term]]
term = "Z"
dimension = "a"
weight = 0.3
"#;

    #[test]
    fn leftmost_longest_and_a_token_counts_once() {
        let lex = Lexicon::parse_toml(SMALL, "s.toml".as_ref()).unwrap();
        assert_eq!(lex.dimensions()[0].positive, "positive");
        assert_eq!(lex.dimensions()[1].negative, "bad");
        assert_eq!(lex.terms()[0].weight, 1.0);
        assert!(lex.neutral().is_empty());
        // "x y z" (a) beats "x y" (a and b) and "x" (b); "y z w" cannot start inside it.
        assert_eq!(
            matches(&lex, &["x", "y", "z", "w"]),
            [m("x y z", "a", 0, 3)]
        );
        // Leftmost first: "x y" wins over the later-starting, longer "y z w"; then "z".
        // "x y" is listed on both dimensions, so both match.
        assert_eq!(
            matches(&lex, &["x", "y", "q", "y", "z", "w", "x"]),
            [
                m("x y", "a", 0, 2),
                m("x y", "b", 0, 2),
                m("y z w", "a", 3, 3),
                m("x", "b", 6, 1)
            ]
        );
        // A term cut off by the end of the keys does not match; the shorter one does.
        assert_eq!(
            matches(&lex, &["q", "x", "y"]),
            [m("x y", "a", 1, 2), m("x y", "b", 1, 2)]
        );
        assert_eq!(
            matches(&lex, &["z", "z"]),
            [m("Z", "a", 0, 1), m("Z", "a", 1, 1)]
        );
        assert!(matches(&lex, &[]).is_empty());
        // `find` appends.
        let mut out = vec![TermMatch {
            term: 9,
            start: 9,
            len: 9,
        }];
        lex.find(&["x"], &mut out);
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[1],
            TermMatch {
                term: 3,
                start: 0,
                len: 1
            }
        );
    }

    #[test]
    fn match_by_word_in_meta() {
        let text = "[meta]\nmatch = \"word\"\n[[dimension]]\nid = \"s\"\n\
                    [[term]]\nterm = \"impotence\"\ndimension = \"s\"\nweight = -1\n\
                    [[term]]\nterm = \"impotent\"\ndimension = \"s\"\nweight = -0.5\n";
        let lex = Lexicon::parse_toml(text, "w.toml".as_ref()).unwrap();
        assert_eq!(lex.match_by(), MatchBy::Word);
        assert_eq!(lex.key("impotent"), "impotent");
        assert_eq!(
            matches(&lex, &["impotent", "impotence", "impotently"]),
            [m("impotent", "s", 0, 1), m("impotence", "s", 1, 1)]
        );
        let bad = text.replace("\"word\"", "\"lemma\"");
        assert_eq!(
            toml_err(&bad),
            "lex.toml:2:9: [meta] match must be \"stem\" or \"word\", not \"lemma\""
        );
    }

    #[test]
    fn neutral_words_are_lowercased() {
        let text = "[[dimension]]\nid = \"s\"\n[neutral]\nwords = [\"War\", \" peace \"]\n\
                    [[term]]\nterm = \"x\"\ndimension = \"s\"\nweight = 1\n";
        let lex = Lexicon::parse_toml(text, "n.toml".as_ref()).unwrap();
        assert_eq!(lex.neutral(), ["war", "peace"]);
    }

    #[test]
    fn malformed_toml_is_reported_at_its_place() {
        let err = toml_err(&format!("{HEAD}weight = 1.0.0\n"));
        assert_eq!(
            err,
            "lex.toml:9:10: malformed lexicon: the value of `weight` is not valid TOML: invalid \
             float, expected nothing (at column 13)"
        );
        let err =
            toml_err(&format!("{HEAD}weight = -0.5\n").replace("\"impotence\"\nd", "\"open\nd"));
        assert!(
            err.starts_with(
                "lex.toml:7:8: malformed lexicon: the value of `term` is not valid TOML"
            ),
            "{err}"
        );
        // Not inside a value: toml's own position.
        let err = toml_err(&format!("{HEAD}weight = -0.5\n[[term]\n"));
        assert!(
            err.starts_with("lex.toml:10:8: malformed lexicon: unclosed array table"),
            "{err}"
        );
        let err = toml_err("[neutral]\nwords = [\"a\" \"b\"]\n");
        assert!(
            err.starts_with("lex.toml:2:14: malformed lexicon: "),
            "{err}"
        );
    }

    #[test]
    fn duplicate_stem_on_one_dimension_names_the_first_term() {
        let second = "[[term]]\nterm = \"impotent\"\ndimension = \"strength\"\nweight = -0.5\n";
        let err = toml_err(&format!("{HEAD}weight = -0.7\n\n{second}"));
        assert_eq!(
            err,
            "lex.toml:12:8: term \"impotent\" has the same stem as \"impotence\" (line 7) on \
             dimension strength; remove one (a term matches every word with its stem, so one \
             covers both)"
        );
        // The same term twice.
        let again = "[[term]]\nterm = \"Impotence\"\ndimension = \"strength\"\nweight = -0.5\n";
        let err = toml_err(&format!("{HEAD}weight = -0.7\n{again}"));
        assert_eq!(
            err,
            "lex.toml:11:8: term \"Impotence\" is listed twice on dimension strength (as \
             \"impotence\" on line 7); remove one"
        );
    }

    #[test]
    fn same_stem_on_two_dimensions_is_allowed() {
        let text = format!(
            "{HEAD}weight = -0.7\n[[dimension]]\nid = \"order\"\n\
             [[term]]\nterm = \"impotent\"\ndimension = \"order\"\nweight = -0.3\n"
        );
        let lex = Lexicon::parse_toml(&text, "lex.toml".as_ref()).unwrap();
        assert_eq!(
            matches(&lex, &["impotence"]),
            [
                m("impotence", "strength", 0, 1),
                m("impotent", "order", 0, 1)
            ]
        );
    }

    #[test]
    fn non_numeric_weight_is_reported_at_the_weight() {
        let err = toml_err(&format!("{HEAD}weight = \"strong\"\n"));
        assert_eq!(
            err,
            "lex.toml:9:10: weight of term \"impotence\" must be a finite number such as \
             -0.7, not \"strong\""
        );
        let err = toml_err(&format!("{HEAD}weight = nan\n"));
        assert!(err.starts_with("lex.toml:9:10: weight of term"), "{err}");
        let err = toml_err(HEAD);
        assert!(
            err.starts_with("lex.toml:6:1: malformed lexicon: missing field `weight`"),
            "{err}"
        );
    }

    #[test]
    fn other_toml_errors_name_line_and_column() {
        let err = toml_err(&format!("{HEAD}weight = 1\ncolour = \"red\"\n"));
        assert!(
            err.starts_with("lex.toml:10:1: malformed lexicon: unknown field `colour`"),
            "{err}"
        );
        let text = format!("{HEAD}weight = 1\n")
            .replace("dimension = \"strength\"", "dimension = \"power\"");
        assert_eq!(
            toml_err(&text),
            "lex.toml:8:13: term \"impotence\" has unknown dimension \"power\"; declared: strength"
        );
        let text = format!("{HEAD}weight = 1\n").replace("\"impotence\"\nd", "\"--\"\nd");
        assert_eq!(
            toml_err(&text),
            "lex.toml:7:8: term \"--\" has no word in it"
        );
        let text = format!("{HEAD}weight = 1\n[[dimension]]\nid = \"strength\"\n");
        assert_eq!(
            toml_err(&text),
            "lex.toml:11:6: duplicate dimension id \"strength\" (first at line 2)"
        );
        assert!(toml_err("").starts_with("lex.toml:1:1: no dimensions"));
        assert!(toml_err("[[dimension]]\nid = \"a\"\n").starts_with("lex.toml:3:1: no terms"));
    }

    #[test]
    fn vader_like_tsv() {
        let text = "$:\t-1.5\t0.80623\t[-1, -1, -1, -1, -3, -1, -3, -1, -2, -1]\r\n\
                    :-p\t1.5\t0.5\t[1, 2]\r\n\
                    <3\t1.9\t0.5\t[1, 2]\r\n\
                    betray\t-3.2\t0.6\t[-3, -4]\r\n\
                    betrayed\t-3.1\t0.5\t[-3, -3]\r\n\
                    can't stand\t-2.0\t0.5\t[-2, -2]\r\n\
                    lol\t2.9\t0.8\t[3, 3]\r\n\
                    lol\t1.8\t0.6\t[2, 2]\r\n";
        let lex = tsv(text, "vader_lexicon.txt").unwrap();
        assert_eq!(lex.dimensions()[0].id, "vader_lexicon");
        assert_eq!(lex.dimensions()[0].positive, "positive");
        assert_eq!(lex.match_by(), MatchBy::Word);
        assert_eq!(lex.skipped(), 3);
        let terms: Vec<(&str, f64, usize)> = lex
            .terms()
            .iter()
            .map(|t| (t.term.as_str(), t.weight, t.len))
            .collect();
        // The later "lol" wins, as in VADER.
        assert_eq!(
            terms,
            [
                ("betray", -3.2, 1),
                ("betrayed", -3.1, 1),
                ("can't stand", -2.0, 2),
                ("lol", 1.8, 1)
            ]
        );
        assert_eq!(
            matches(&lex, &["i", "can't", "stand", "betrayal", "betrayed"]),
            [
                m("can't stand", "vader_lexicon", 1, 2),
                m("betrayed", "vader_lexicon", 4, 1)
            ]
        );
    }

    #[test]
    fn afinn_like_tsv_with_comments_and_header() {
        let text = "\u{feff}# AFINN-like\nword\tscore\n\nabandon\t-2\ncashing in\t-2\n\
                    # a comment\ndoes not work\t-3\nwin\t+4\n";
        let lex = tsv(text, "dir/AFINN-111.txt").unwrap();
        assert_eq!(lex.dimensions()[0].id, "afinn_111");
        let terms: Vec<(&str, f64)> = lex
            .terms()
            .iter()
            .map(|t| (t.term.as_str(), t.weight))
            .collect();
        assert_eq!(
            terms,
            [
                ("abandon", -2.0),
                ("cashing in", -2.0),
                ("does not work", -3.0),
                ("win", 4.0)
            ]
        );
        assert_eq!(
            matches(&lex, &["it", "does", "not", "work", "cashing", "in"]),
            [
                m("does not work", "afinn_111", 1, 3),
                m("cashing in", "afinn_111", 4, 2)
            ]
        );
        // A header is skipped only on the first entry line.
        let err = tsv("abandon\t-2\nword\tscore\n", "a.tsv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.tsv:2:6: score \"score\" of \"word\" (second field) is not a number"
        );
    }

    #[test]
    fn csv_with_quoted_multiword_entry() {
        let text =
            "word,score,note\n\"does not work\",-3,x\n\"say \"\"no\"\"\", -1\n  good , \"2\" \n";
        let lex = Lexicon::parse_delimited(text, "my-list.csv".as_ref(), b',').unwrap();
        assert_eq!(lex.dimensions()[0].id, "my_list");
        let terms: Vec<(&str, f64, usize)> = lex
            .terms()
            .iter()
            .map(|t| (t.term.as_str(), t.weight, t.len))
            .collect();
        assert_eq!(terms, [("does not work", -3.0, 3), ("good", 2.0, 1)]);
        // `say "no"` was read (quotes doubled inside quotes) and skipped: it has punctuation.
        assert_eq!(lex.skipped(), 1);
        // Quotes are plain characters in a TSV file: this entry is punctuation-laden, skipped.
        let lex = tsv("\"good\"\t1\nbad\t-1\n", "q.tsv").unwrap();
        assert_eq!((lex.terms().len(), lex.skipped()), (1, 1));
        let err = Lexicon::parse_delimited("ok,1\n\"open,2\n", "q.csv".as_ref(), b',').unwrap_err();
        assert_eq!(err.to_string(), "q.csv:2:1: unterminated quoted field");
    }

    #[test]
    fn delimited_duplicates_name_both_lines() {
        let err = tsv("good\t1\nbad\t-1\nGood\t2\n", "d.tsv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "d.tsv:3:1: \"Good\" is the same word as \"good\" on line 1: both match good; \
             remove one of the two lines"
        );
    }

    #[test]
    fn delimited_bad_scores_and_columns() {
        let err = tsv("good\t1\nfine\t1.5.0\t0.3\n", "v.txt").unwrap_err();
        assert_eq!(
            err.to_string(),
            "v.txt:2:6: score \"1.5.0\" of \"fine\" (second field) is not a number"
        );
        assert!(matches!(
            err,
            Error::Manifest {
                line: 2,
                column: 6,
                ..
            }
        ));
        let err = tsv("good\t1\nbad -1\n", "v.txt").unwrap_err();
        assert_eq!(
            err.to_string(),
            "v.txt:2:7: \"bad -1\" has no score; expected word<TAB>score (fields separated by tabs)"
        );
        let err = tsv("good\t1\nbad\tinf\n", "v.txt").unwrap_err();
        assert!(
            err.to_string().starts_with("v.txt:2:5: score \"inf\""),
            "{err}"
        );
        let err = tsv("good\t1\n\t2\n", "v.txt").unwrap_err();
        assert_eq!(
            err.to_string(),
            "v.txt:2:1: empty word (first field); expected word<TAB>score"
        );
        let err = tsv(":-)\t2\n# only emoticons\n", "e.tsv").unwrap_err();
        assert_eq!(
            err.to_string(),
            "e.tsv:1:1: no word entries (1 skipped that are not words); expected lines of \
             word<TAB>score"
        );
        assert!(Lexicon::parse_delimited("a\"1", "x.tsv".as_ref(), b'"')
            .unwrap_err()
            .is_usage());
    }

    #[test]
    fn load_dispatches_on_the_extension() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("L.CSV");
        std::fs::write(&csv, "good,1\n").unwrap();
        assert_eq!(Lexicon::load(&csv).unwrap().dimensions()[0].id, "l");
        let tsv = dir.path().join("list.tsv");
        std::fs::write(&tsv, "good\t1\n").unwrap();
        assert_eq!(Lexicon::load(&tsv).unwrap().terms()[0].weight, 1.0);
        let toml = dir.path().join("lex.toml");
        std::fs::write(&toml, SMALL).unwrap();
        assert_eq!(Lexicon::load(&toml).unwrap().terms().len(), 6);
        let json = dir.path().join("lex.json");
        std::fs::write(&json, "{}").unwrap();
        let err = Lexicon::load(&json).unwrap_err();
        assert!(err.is_usage());
        assert!(err
            .to_string()
            .contains("unknown lexicon format; give a .toml file"));
        let none = dir.path().join("missing.toml");
        assert!(matches!(Lexicon::load(&none), Err(Error::NotFound { .. })));
    }

    #[test]
    fn stems_are_those_of_the_lowercased_word() {
        assert_eq!(Lexicon::stem("Betrayal"), "betray");
        assert_eq!(Lexicon::stem("usurpers"), Lexicon::stem("usurpation"));
        assert_eq!(Lexicon::stem("KERENSKY'S"), "kerenski");
    }

    #[test]
    fn dimension_ids_from_file_names() {
        assert_eq!(dimension_id("AFINN-111.txt".as_ref()), "afinn_111");
        assert_eq!(
            dimension_id("a/b/Vader Lexicon.tsv".as_ref()),
            "vader_lexicon"
        );
        assert_eq!(dimension_id(".tsv".as_ref()), "_tsv");
    }
}
