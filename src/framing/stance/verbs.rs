//! The verb lexicon with role polarity: what a verb's use implies about its agent and its
//! patient (`corpora/lexicons/verbs.csv`, or the user's own).

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::framing::lexicon_csv::{fail, LexiconCsv};

/// Where the shipped verb lexicon is, under the working directory or the source tree.
pub const DEFAULT_VERBS: &str = "corpora/lexicons/verbs.csv";

/// The polarities a role may take.
const POLARITIES: [f64; 5] = [-1.0, -0.5, 0.0, 0.5, 1.0];

/// One verb: its lemma, class and the stance its use implies toward each role.
///
/// ```
/// use corpus_lens::framing::stance::VerbLexicon;
/// let verbs = VerbLexicon::parse(
///     "lemma,forms,agent,patient,class,note\nbetray,betray|betrayed,-1,0.5,betrayal,\n",
///     "v.csv".as_ref(),
/// )?;
/// let v = &verbs.verbs()[0];
/// assert_eq!((v.lemma.as_str(), v.agent, v.patient), ("betray", -1.0, 0.5));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Verb {
    /// Base form (`betray`, `sweep aside`).
    pub lemma: String,
    /// Group name (`violence`, `betrayal` ...).
    pub class: String,
    /// Stance toward the doer: -1, -0.5, 0, 0.5 or 1.
    pub agent: f64,
    /// Stance toward the one acted upon.
    pub patient: f64,
}

/// A verb form found in a token sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerbMatch {
    /// Index into [`VerbLexicon::verbs`].
    pub verb: usize,
    /// Tokens the form spans (2 or more for a phrasal verb).
    pub len: usize,
    /// Whether the form can be a past participle (in `-ed`, or listed after the base form and
    /// not in `-ing` or `-s`): after a form of "be" it makes a passive.
    pub participle: bool,
}

/// The verb lexicon: every inflected form, lowercased, to its verb.
///
/// ```
/// use corpus_lens::framing::stance::VerbLexicon;
/// let verbs = VerbLexicon::load_default()?;
/// assert!(verbs.verbs().len() >= 300);
/// let found = verbs.find(&["were", "swept", "aside"], 1).unwrap();
/// assert_eq!(verbs.verbs()[found.verb].lemma, "sweep aside");
/// assert_eq!(found.len, 2);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct VerbLexicon {
    verbs: Vec<Verb>,
    /// First word of a form -> (the remaining words, verb, participle), longest first.
    forms: FxHashMap<String, Vec<(Vec<String>, usize, bool)>>,
    /// Lemma -> verb.
    lemmas: FxHashMap<String, usize>,
    path: PathBuf,
}

impl VerbLexicon {
    /// Where the shipped verb lexicon is (see [`DEFAULT_VERBS`]).
    ///
    /// ```
    /// let path = corpus_lens::framing::stance::VerbLexicon::default_path();
    /// assert!(path.ends_with("corpora/lexicons/verbs.csv"));
    /// ```
    pub fn default_path() -> PathBuf {
        crate::corpus::shipped_path(DEFAULT_VERBS)
    }

    /// The shipped verb lexicon.
    ///
    /// ```
    /// let verbs = corpus_lens::framing::stance::VerbLexicon::load_default()?;
    /// assert!(verbs.verbs().iter().any(|v| v.lemma == "betray"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn load_default() -> Result<VerbLexicon> {
        VerbLexicon::load(&VerbLexicon::default_path())
    }

    /// Reads a verb lexicon file.
    ///
    /// ```
    /// let err = corpus_lens::framing::stance::VerbLexicon::load("no/such.csv".as_ref());
    /// assert!(err.is_err());
    /// ```
    pub fn load(path: &Path) -> Result<VerbLexicon> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        VerbLexicon::parse(&text, path)
    }

    /// Parses a verb lexicon: CSV with the header `lemma,forms,agent,patient,class,note`
    /// (more columns are ignored); `forms` lists every form, `|`-separated, lowercase
    /// (phrasal verbs with their particle: `swept aside`); `agent` and `patient` are one of
    /// -1, -0.5, 0, 0.5, 1 (empty means 0). A form listed twice, a bad polarity or a missing
    /// column is an error naming the line.
    ///
    /// ```
    /// use corpus_lens::framing::stance::VerbLexicon;
    /// let err = VerbLexicon::parse("lemma,forms,agent,patient,class\nrout,rout,0,-2,defeat\n", "v.csv".as_ref());
    /// assert_eq!(err.unwrap_err().to_string(),
    ///     "v.csv:2: patient \"-2\" is not one of -1, -0.5, 0, 0.5, 1");
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<VerbLexicon> {
        let fail = |line: u64, message: String| fail(path, line, message);
        let csv = LexiconCsv::new(text, path, false)?;
        let [lemma_at, forms_at, agent_at, patient_at, class_at] = csv.columns(
            ["lemma", "forms", "agent", "patient", "class"],
            "lemma,forms,agent,patient,class",
        )?;
        let mut lexicon = VerbLexicon {
            path: path.to_path_buf(),
            ..VerbLexicon::default()
        };
        let mut seen: FxHashMap<String, u64> = FxHashMap::default();
        csv.for_each(|cells, line| {
            let field = |i: usize| cells.get(i);
            let lemma = field(lemma_at);
            if lemma.is_empty() {
                return Err(fail(line, "empty lemma".into()));
            }
            let polarity = |name: &str, at: usize| -> Result<f64> {
                let raw = field(at);
                if raw.is_empty() {
                    return Ok(0.0);
                }
                match raw.parse::<f64>() {
                    Ok(v) if POLARITIES.contains(&v) => Ok(v),
                    _ => Err(fail(
                        line,
                        format!("{name} \"{raw}\" is not one of -1, -0.5, 0, 0.5, 1"),
                    )),
                }
            };
            let verb = lexicon.verbs.len();
            lexicon.lemmas.entry(lemma.to_lowercase()).or_insert(verb);
            lexicon.verbs.push(Verb {
                lemma: lemma.to_string(),
                class: field(class_at).to_string(),
                agent: polarity("agent", agent_at)?,
                patient: polarity("patient", patient_at)?,
            });
            for (k, form) in field(forms_at).split('|').enumerate() {
                let words: Vec<String> = form.split_whitespace().map(str::to_lowercase).collect();
                if words.is_empty() {
                    continue;
                }
                let key = words.join(" ");
                if let Some(first) = seen.insert(key.clone(), line) {
                    return Err(fail(
                        line,
                        format!(
                            "form \"{key}\" is listed already at line {first}; keep it in one row"
                        ),
                    ));
                }
                // Forms are listed base form first; after it, a form not in -ing or -s
                // (or any in -ed) can be a past participle, as a passive needs.
                let head = &words[0];
                let participle = head.ends_with("ed")
                    || (k > 0
                        && !head.ends_with("ing")
                        && (head.ends_with("ss") || !head.ends_with('s')));
                lexicon.forms.entry(words[0].clone()).or_default().push((
                    words[1..].to_vec(),
                    verb,
                    participle,
                ));
            }
            Ok(())
        })?;
        if lexicon.verbs.is_empty() {
            return Err(fail(0, "no verb entries".into()));
        }
        for list in lexicon.forms.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        }
        Ok(lexicon)
    }

    /// The verbs in file order.
    ///
    /// ```
    /// let verbs = corpus_lens::framing::stance::VerbLexicon::load_default()?;
    /// assert!(!verbs.verbs()[0].lemma.is_empty());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn verbs(&self) -> &[Verb] {
        &self.verbs
    }

    /// The file it was read from.
    ///
    /// ```
    /// let verbs = corpus_lens::framing::stance::VerbLexicon::load_default()?;
    /// assert!(verbs.path().ends_with("verbs.csv"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The verb of this lemma (lowercase; a phrasal verb with its particle: `sweep aside`).
    ///
    /// ```
    /// let verbs = corpus_lens::framing::stance::VerbLexicon::load_default()?;
    /// assert_eq!(verbs.verbs()[verbs.by_lemma("betray").unwrap()].lemma, "betray");
    /// assert!(verbs.by_lemma("meet").is_none());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn by_lemma(&self, lemma: &str) -> Option<usize> {
        self.lemmas.get(lemma).copied()
    }

    /// Whether some form starts with `word` (lowercase).
    ///
    /// ```
    /// let verbs = corpus_lens::framing::stance::VerbLexicon::load_default()?;
    /// assert!(verbs.starts_form("swept") && !verbs.starts_form("aside"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn starts_form(&self, word: &str) -> bool {
        self.forms.contains_key(word)
    }

    /// The verb form starting at `words[at]` (lowercase words), longest first.
    ///
    /// ```
    /// let verbs = corpus_lens::framing::stance::VerbLexicon::load_default()?;
    /// let m = verbs.find(&["they", "betrayed", "us"], 1).unwrap();
    /// assert!(m.participle && m.len == 1);
    /// assert!(verbs.find(&["they", "met"], 1).is_none());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn find<S: AsRef<str>>(&self, words: &[S], at: usize) -> Option<VerbMatch> {
        let list = self.forms.get(words.get(at)?.as_ref())?;
        list.iter()
            .find(|(rest, _, _)| {
                rest.iter()
                    .enumerate()
                    .all(|(k, w)| words.get(at + 1 + k).is_some_and(|x| x.as_ref() == w))
            })
            .map(|(rest, verb, participle)| VerbMatch {
                verb: *verb,
                len: 1 + rest.len(),
                participle: *participle,
            })
    }
}
