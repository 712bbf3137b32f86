//! A stance model: one weight per feature and class (multinomial logistic regression),
//! read from and written to a small CSV file, and the scoring of a mention's features.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};

/// Where the shipped stance model is, under the working directory or the source tree.
pub const DEFAULT_MODEL: &str = "models/stance.csv";

/// The first line of a model file, naming its format version.
pub const MODEL_HEADER: &str = "# corpus-lens stance model 1";

/// Where the features of a mention go: collected by name (training) or weighed at once by
/// a model (scoring).
pub(in crate::framing) trait Sink {
    /// Feature `name` with `value` (a feature may come several times: values add up).
    fn add(&mut self, name: &str, value: f64);

    /// A feature of [`Fixed`]: a scorer weighs it by the index it looked up once.
    fn add_fixed(&mut self, feature: Fixed, value: f64) {
        self.add(feature.name(), value);
    }

    /// Feature `prefix` + `word`, whose index in the scoring model is `index` (cached per
    /// word: [`NO_FEATURE`] when the model lacks it); `name` is a reusable buffer, filled
    /// only for a sink that keeps names.
    fn add_word(&mut self, index: u32, prefix: &str, word: &str, name: &mut String, value: f64) {
        let _ = index;
        name.clear();
        name.push_str(prefix);
        name.push_str(word);
        self.add(name, value);
    }
}

/// The index of a feature a model does not have.
pub(in crate::framing) const NO_FEATURE: u32 = u32::MAX;

/// The features of fixed names, whose model indices a model looks up once (the others
/// are named after words, verbs and dimensions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::framing) enum Fixed {
    Bias,
    FirstPerson,
    SentenceValence,
    ClausePositive,
    ClauseNegative,
    BeforeValence,
    AfterValence,
    ClauseNegation,
    Question,
    Exclamation,
    Quoted,
    ScareQuotes,
    OtherMentions,
    PredicateValence,
    AgentPolarity,
    PatientPolarity,
    Valence,
}

impl Fixed {
    const NAMES: [&'static str; 17] = [
        "bias",
        "first_person",
        "sentence_valence",
        "clause_positive",
        "clause_negative",
        "before_valence",
        "after_valence",
        "clause_negation",
        "question",
        "exclamation",
        "quoted",
        "scare_quotes",
        "other_mentions",
        "predicate_valence",
        "agent_polarity",
        "patient_polarity",
        "valence",
    ];

    pub(in crate::framing) fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl Sink for Vec<(String, f64)> {
    fn add(&mut self, name: &str, value: f64) {
        if value != 0.0 {
            self.push((name.to_string(), value));
        }
    }
}

/// A mention's stance as a model gives it.
///
/// ```
/// use corpus_lens::framing::stance::StanceModel;
/// let model = StanceModel::parse(
///     "# corpus-lens stance model 1\nfeature,negative,neutral,positive\nbias,0,1,0\nclause_negative,-2,0,2\n",
///     "m.csv".as_ref(),
/// )?;
/// let s = model.score(&[("bias".to_string(), 1.0), ("clause_negative".to_string(), -0.9)]);
/// assert_eq!(s.stance, -1);
/// assert!(s.score < 0.0 && s.score >= -1.0);
/// assert_eq!(s.drivers[0].0, "clause_negative");
/// // A faction prior moves `score`, not `score_words`.
/// let prior = StanceModel::parse(
///     "# corpus-lens stance model 1\nfeature,negative,neutral,positive\nbias,0,1,0\nclause_negative,-2,0,2\nfac:cadets,1,0,-1\n",
///     "m.csv".as_ref(),
/// )?;
/// let t = prior.score(&[("bias".to_string(), 1.0), ("clause_negative".to_string(), -0.9), ("fac:cadets".to_string(), 1.0)]);
/// assert!(t.score < s.score);
/// assert_eq!((t.score_words, s.score_words), (s.score, s.score));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Stance {
    /// The predicted class: -1, 0 or +1 (the most probable).
    pub stance: i8,
    /// `P(+1) - P(-1)`, in [-1, 1].
    pub score: f64,
    /// The probabilities of -1, 0 and +1.
    pub probabilities: [f64; 3],
    /// `P(+1) - P(-1)` with the faction prior left out (the [`PRIOR_PREFIX`] features):
    /// what the mention's own words and context give. The prior is a faction's usual level
    /// in the annotated books: it helps on single mentions and says nothing about how one
    /// document differs from another, so compare documents' stance toward a faction by
    /// this score (docs/framing.md, "Comparing memoirs").
    pub score_words: f64,
    /// The features that moved the score most, with their contribution to the log-odds of
    /// +1 against -1 (`x * (w_pos - w_neg)`), largest magnitude first (at most
    /// [`DRIVERS`]).
    pub drivers: Vec<(String, f64)>,
}

/// The prefix of the faction-prior features (`fac:<faction>`), which
/// [`Stance::score_words`] leaves out.
pub const PRIOR_PREFIX: &str = "fac:";

/// How many features [`Stance::drivers`] keeps.
pub const DRIVERS: usize = 5;

/// A multinomial logistic regression over named features: `P(c | x) ∝ exp(Σ_f x_f w_{f,c})`.
///
/// ```
/// let model = corpus_lens::framing::stance::StanceModel::load_default()?;
/// assert!(model.features().iter().any(|f| f == "bias"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct StanceModel {
    names: Vec<String>,
    weights: Vec<[f64; 3]>,
    index: FxHashMap<String, u32>,
    /// Per [`Fixed`] feature, its index ([`NO_FEATURE`] if absent).
    fixed: Vec<u32>,
    /// Per feature, whether it is a faction prior ([`PRIOR_PREFIX`]).
    prior: Vec<bool>,
    /// Comment lines after the header (how it was trained).
    notes: Vec<String>,
    path: PathBuf,
}

impl StanceModel {
    /// A model of these features and weights (classes -1, 0, +1).
    ///
    /// ```
    /// use corpus_lens::framing::stance::StanceModel;
    /// let m = StanceModel::new(vec![("bias".into(), [0.0, 1.0, 0.0])], vec!["toy".into()]);
    /// assert_eq!(m.score(&[("bias".into(), 1.0)]).stance, 0);
    /// ```
    pub fn new(weights: Vec<(String, [f64; 3])>, notes: Vec<String>) -> StanceModel {
        let mut model = StanceModel {
            notes,
            ..StanceModel::default()
        };
        for (name, w) in weights {
            model.index.insert(name.clone(), model.names.len() as u32);
            model.prior.push(name.starts_with(PRIOR_PREFIX));
            model.names.push(name);
            model.weights.push(w);
        }
        model.fixed = Fixed::NAMES.iter().map(|n| model.index_of(n)).collect();
        model
    }

    /// Feature `name`'s index, [`NO_FEATURE`] if the model lacks it.
    pub(in crate::framing) fn index_of(&self, name: &str) -> u32 {
        self.index.get(name).copied().unwrap_or(NO_FEATURE)
    }

    /// Where the shipped model is (see [`DEFAULT_MODEL`]).
    ///
    /// ```
    /// assert!(corpus_lens::framing::stance::StanceModel::default_path().ends_with("models/stance.csv"));
    /// ```
    pub fn default_path() -> PathBuf {
        crate::corpus::shipped_path(DEFAULT_MODEL)
    }

    /// The shipped model, trained on `corpora/gold/gold.csv`.
    ///
    /// ```
    /// let model = corpus_lens::framing::stance::StanceModel::load_default()?;
    /// assert!(model.features().len() > 10);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn load_default() -> Result<StanceModel> {
        StanceModel::load(&StanceModel::default_path())
    }

    /// Reads a model file.
    ///
    /// ```
    /// assert!(corpus_lens::framing::stance::StanceModel::load("no/such.csv".as_ref()).is_err());
    /// ```
    pub fn load(path: &Path) -> Result<StanceModel> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        StanceModel::parse(&text, path)
    }

    /// Parses a model file: the line [`MODEL_HEADER`], comment lines (`# ...`), then CSV
    /// with the header `feature,negative,neutral,positive` and one row per feature.
    ///
    /// ```
    /// use corpus_lens::framing::stance::StanceModel;
    /// let err = StanceModel::parse("feature,negative,neutral,positive\n", "m.csv".as_ref());
    /// assert!(err.unwrap_err().to_string().starts_with("m.csv:1: not a corpus-lens stance model"));
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<StanceModel> {
        let fail = |line: usize, message: String| Error::Data {
            path: path.to_path_buf(),
            line: line as u64,
            message,
        };
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, l)) if l.trim_end() == MODEL_HEADER => {}
            _ => {
                return Err(fail(
                    1,
                    format!(
                        "not a corpus-lens stance model (the first line must be `{MODEL_HEADER}`); \
                         make one with `corpus-lens train-framing`"
                    ),
                ))
            }
        }
        let mut notes = Vec::new();
        let mut weights = Vec::new();
        let mut header = false;
        for (i, line) in lines {
            let n = i + 1;
            if let Some(note) = line.strip_prefix('#') {
                notes.push(note.trim().to_string());
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            if !header {
                if line.trim_end() != "feature,negative,neutral,positive" {
                    return Err(fail(
                        n,
                        "the header must be feature,negative,neutral,positive".into(),
                    ));
                }
                header = true;
                continue;
            }
            let fields: Vec<&str> = line.rsplitn(4, ',').collect();
            if fields.len() != 4 {
                return Err(fail(
                    n,
                    "a row has four fields: feature and three weights".into(),
                ));
            }
            let mut w = [0.0; 3];
            for (c, raw) in fields[..3].iter().rev().enumerate() {
                w[c] = raw
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| fail(n, format!("weight \"{raw}\" is not a finite number")))?;
            }
            let name = fields[3].to_string();
            if weights.iter().any(|(f, _)| *f == name) {
                return Err(fail(n, format!("feature \"{name}\" is listed twice")));
            }
            weights.push((name, w));
        }
        if weights.is_empty() {
            return Err(fail(0, "no feature rows".into()));
        }
        let mut model = StanceModel::new(weights, notes);
        model.path = path.to_path_buf();
        Ok(model)
    }

    /// The model as its file's text (what [`StanceModel::parse`] reads back).
    ///
    /// ```
    /// use corpus_lens::framing::stance::StanceModel;
    /// let m = StanceModel::new(vec![("bias".into(), [-0.5, 1.0, 0.25])], vec!["toy".into()]);
    /// let text = m.to_text();
    /// assert!(text.ends_with("bias,-0.5,1.0,0.25\n"));
    /// assert_eq!(StanceModel::parse(&text, "m.csv".as_ref())?.features(), m.features());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn to_text(&self) -> String {
        let mut out = format!("{MODEL_HEADER}\n");
        for note in &self.notes {
            let _ = writeln!(out, "# {note}");
        }
        out.push_str("feature,negative,neutral,positive\n");
        for (name, w) in self.names.iter().zip(&self.weights) {
            out.push_str(name);
            for v in w {
                out.push(',');
                crate::rows::push_float(&mut out, *v);
            }
            out.push('\n');
        }
        out
    }

    /// The feature names, in file order.
    ///
    /// ```
    /// let m = corpus_lens::framing::stance::StanceModel::new(vec![("bias".into(), [0.0; 3])], vec![]);
    /// assert_eq!(m.features(), ["bias"]);
    /// ```
    pub fn features(&self) -> &[String] {
        &self.names
    }

    /// The weights of feature `name` for -1, 0, +1, if the model has it.
    ///
    /// ```
    /// let m = corpus_lens::framing::stance::StanceModel::new(vec![("bias".into(), [0.0, 1.0, 0.0])], vec![]);
    /// assert_eq!(m.weights("bias"), Some([0.0, 1.0, 0.0]));
    /// assert_eq!(m.weights("l:the"), None);
    /// ```
    pub fn weights(&self, name: &str) -> Option<[f64; 3]> {
        self.index.get(name).map(|&i| self.weights[i as usize])
    }

    /// The comment lines of the model file (how it was trained, its figures).
    ///
    /// ```
    /// let m = corpus_lens::framing::stance::StanceModel::new(vec![], vec!["toy".into()]);
    /// assert_eq!(m.notes(), ["toy"]);
    /// ```
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The stance of a mention with these features (unknown features weigh nothing).
    ///
    /// ```
    /// let m = corpus_lens::framing::stance::StanceModel::new(vec![("bias".into(), [0.0, 0.0, 0.0])], vec![]);
    /// let s = m.score(&[("bias".into(), 1.0), ("unknown".into(), 3.0)]);
    /// assert_eq!(s.probabilities, [1.0 / 3.0; 3]);
    /// assert_eq!(s.stance, 0); // a tie goes to 0
    /// ```
    pub fn score(&self, features: &[(String, f64)]) -> Stance {
        let mut scorer = Scorer::new(self);
        for (name, value) in features {
            scorer.add(name, *value);
        }
        scorer.finish()
    }
}

/// Weighs features as they come ([`Sink`]), without keeping their names.
pub(in crate::framing) struct Scorer<'a> {
    model: &'a StanceModel,
    sums: [f64; 3],
    /// The sums of the features other than the faction prior.
    words: [f64; 3],
    parts: Vec<(u32, f64)>,
}

impl<'a> Scorer<'a> {
    pub(in crate::framing) fn new(model: &'a StanceModel) -> Scorer<'a> {
        Scorer {
            model,
            sums: [0.0; 3],
            words: [0.0; 3],
            parts: Vec::new(),
        }
    }

    pub(in crate::framing) fn finish(mut self) -> Stance {
        let probabilities = softmax(self.sums);
        let words = softmax(self.words);
        // Ties go to 0, then to -1: the most probable class, first in (0, -1, +1).
        let stance = [1usize, 0, 2].into_iter().fold(1usize, |best, c| {
            if probabilities[c] > probabilities[best] {
                c
            } else {
                best
            }
        }) as i8
            - 1;
        // One contribution per feature (a word twice in a clause adds up), by magnitude.
        self.parts.sort_by_key(|p| p.0);
        let mut drivers: Vec<(u32, f64)> = Vec::new();
        for (i, x) in self.parts {
            let w = self.model.weights[i as usize];
            let c = x * (w[2] - w[0]);
            match drivers.last_mut() {
                Some(last) if last.0 == i => last.1 += c,
                _ => drivers.push((i, c)),
            }
        }
        drivers.retain(|d| d.1 != 0.0);
        drivers.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
        drivers.truncate(DRIVERS);
        Stance {
            stance,
            score: probabilities[2] - probabilities[0],
            probabilities,
            score_words: words[2] - words[0],
            drivers: drivers
                .into_iter()
                .map(|(i, c)| (self.model.names[i as usize].clone(), c))
                .collect(),
        }
    }
}

impl Scorer<'_> {
    /// Feature `i` (the model's index) with `value`.
    fn add_index(&mut self, i: u32, value: f64) {
        if value == 0.0 || i == NO_FEATURE {
            return;
        }
        let w = self.model.weights[i as usize];
        for (sum, weight) in self.sums.iter_mut().zip(w) {
            *sum += weight * value;
        }
        if !self.model.prior[i as usize] {
            for (sum, weight) in self.words.iter_mut().zip(w) {
                *sum += weight * value;
            }
        }
        self.parts.push((i, value));
    }
}

/// The probabilities of a multinomial logit with these class sums (shifted by the largest
/// for a stable `exp`).
fn softmax(sums: [f64; 3]) -> [f64; 3] {
    let top = sums.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let e: [f64; 3] = std::array::from_fn(|c| (sums[c] - top).exp());
    let total: f64 = e.iter().sum();
    std::array::from_fn(|c| e[c] / total)
}

impl Sink for Scorer<'_> {
    fn add(&mut self, name: &str, value: f64) {
        if value != 0.0 {
            self.add_index(self.model.index_of(name), value);
        }
    }

    fn add_fixed(&mut self, feature: Fixed, value: f64) {
        let i = self.model.fixed.get(feature as usize).copied();
        self.add_index(i.unwrap_or(NO_FEATURE), value);
    }

    fn add_word(&mut self, index: u32, _: &str, _: &str, _: &mut String, value: f64) {
        self.add_index(index, value);
    }
}
