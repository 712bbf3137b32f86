//! The lexicon's types (dimensions, terms, matches, the lexicon itself), its accessors, and
//! reading a lexicon file by its extension.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::count::nodes::MatchBy;
use crate::error::{Error, Result};

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
pub(super) struct Pattern {
    pub(super) term: usize,
    pub(super) keys: Box<[Box<str>]>,
}

/// A framing lexicon ready for matching; see the [module documentation](super) for the
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
    pub(super) match_by: MatchBy,
    skipped: usize,
    /// Patterns by their first key; longest first, then by dimension, then file order.
    pub(super) by_first: FxHashMap<Box<str>, Vec<Pattern>>,
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

    pub(super) fn build(
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
}
