//! The agency and power lexicon: for each verb, the agency of its agent and who holds power
//! (`corpora/lexicons/agency_power.csv`, or the user's own).

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::framing::actions::roles::Role;
use crate::framing::lexicon_csv::{fail, LexiconCsv};

/// Where the shipped agency and power lexicon is, under the working directory or the
/// source tree.
pub const DEFAULT_AGENCY_POWER: &str = "corpora/lexicons/agency_power.csv";

/// What a verb says of its agent's agency (Sap et al. 2017): `+` decisive, acting of its own
/// will; `-` passive, undergoing; `=` neither.
///
/// ```
/// use corpus_lens::framing::actions::AgencyPowerLexicon;
/// let lexicon = AgencyPowerLexicon::load_default()?;
/// assert_eq!(lexicon.get("hesitate").unwrap().agency.unwrap().label(), "-");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agency {
    /// `+`: "seize", "decide", "lead".
    Positive,
    /// `-`: "suffer", "hesitate", "yield".
    Negative,
    /// `=`: "see", "meet".
    Equal,
}

/// Who a verb gives power to (Sap et al. 2017): the agent over the theme ("command",
/// "arrest"), the theme over the agent ("obey", "beg"), or neither.
///
/// ```
/// use corpus_lens::framing::actions::AgencyPowerLexicon;
/// let lexicon = AgencyPowerLexicon::load_default()?;
/// assert_eq!(lexicon.get("obey").unwrap().power.unwrap().label(), "theme");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Power {
    /// `agent`: agent > theme.
    Agent,
    /// `theme`: theme > agent.
    Theme,
    /// `equal`.
    Equal,
}

/// One verb's labels; either may be missing.
///
/// ```
/// use corpus_lens::framing::actions::{Frame, Role};
/// let unlabelled = Frame::default();
/// assert_eq!((unlabelled.agency_score(Role::Agent), unlabelled.power_score(Role::Patient)), (0.0, 0.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Frame {
    /// Agency of the agent.
    pub agency: Option<Agency>,
    /// Power between agent and theme.
    pub power: Option<Power>,
}

impl Agency {
    /// The label as written in the lexicon and the tables: `+`, `-` or `=`.
    ///
    /// ```
    /// assert_eq!(corpus_lens::framing::actions::Agency::Negative.label(), "-");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Agency::Positive => "+",
            Agency::Negative => "-",
            Agency::Equal => "=",
        }
    }
}

impl Power {
    /// The label as written in the lexicon and the tables: `agent`, `theme` or `equal`.
    ///
    /// ```
    /// assert_eq!(corpus_lens::framing::actions::Power::Theme.label(), "theme");
    /// ```
    pub fn label(self) -> &'static str {
        match self {
            Power::Agent => "agent",
            Power::Theme => "theme",
            Power::Equal => "equal",
        }
    }
}

impl Frame {
    /// The agency score of a mention in `role` (Riveter's rule, Antoniak et al. 2023): an
    /// agent of a `+` verb scores +1, of a `-` verb -1; a patient, and `=`, score 0.
    ///
    /// ```
    /// use corpus_lens::framing::actions::{Agency, Frame, Role};
    /// let seize = Frame { agency: Some(Agency::Positive), power: None };
    /// assert_eq!((seize.agency_score(Role::Agent), seize.agency_score(Role::Patient)), (1.0, 0.0));
    /// ```
    pub fn agency_score(&self, role: Role) -> f64 {
        match (role, self.agency) {
            (Role::Agent, Some(Agency::Positive)) => 1.0,
            (Role::Agent, Some(Agency::Negative)) => -1.0,
            _ => 0.0,
        }
    }

    /// The power score of a mention in `role` (Riveter's rule): +1 for the side the verb
    /// gives power to (the agent of an `agent` verb, the patient of a `theme` verb), -1 for
    /// the other side, 0 for `equal` or no label.
    ///
    /// ```
    /// use corpus_lens::framing::actions::{Frame, Power, Role};
    /// let obey = Frame { agency: None, power: Some(Power::Theme) };
    /// assert_eq!((obey.power_score(Role::Agent), obey.power_score(Role::Patient)), (-1.0, 1.0));
    /// ```
    pub fn power_score(&self, role: Role) -> f64 {
        match (role, self.power) {
            (Role::Agent, Some(Power::Agent)) | (Role::Patient, Some(Power::Theme)) => 1.0,
            (Role::Agent, Some(Power::Theme)) | (Role::Patient, Some(Power::Agent)) => -1.0,
            _ => 0.0,
        }
    }
}

/// Verb lemma -> its agency and power labels.
///
/// ```
/// use corpus_lens::framing::actions::{AgencyPowerLexicon, Agency, Power};
/// let lexicon = AgencyPowerLexicon::parse("verb,agency,power,note\nseize,+,agent,\nobey,-,theme,\n", "a.csv".as_ref())?;
/// let seize = lexicon.get("seize").unwrap();
/// assert_eq!((seize.agency, seize.power), (Some(Agency::Positive), Some(Power::Agent)));
/// assert!(lexicon.get("walk").is_none());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct AgencyPowerLexicon {
    verbs: FxHashMap<String, Frame>,
    path: PathBuf,
}

impl AgencyPowerLexicon {
    /// Where the shipped lexicon is (see [`DEFAULT_AGENCY_POWER`]).
    ///
    /// ```
    /// let path = corpus_lens::framing::actions::AgencyPowerLexicon::default_path();
    /// assert!(path.ends_with("corpora/lexicons/agency_power.csv"));
    /// ```
    pub fn default_path() -> PathBuf {
        crate::corpus::shipped_path(DEFAULT_AGENCY_POWER)
    }

    /// The shipped lexicon.
    ///
    /// ```
    /// let lexicon = corpus_lens::framing::actions::AgencyPowerLexicon::load_default()?;
    /// assert!(lexicon.len() >= 100 && lexicon.get("seize").is_some());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn load_default() -> Result<AgencyPowerLexicon> {
        AgencyPowerLexicon::load(&AgencyPowerLexicon::default_path())
    }

    /// Reads a lexicon file (see [`AgencyPowerLexicon::parse`]).
    ///
    /// ```
    /// assert!(corpus_lens::framing::actions::AgencyPowerLexicon::load("no/such.csv".as_ref()).is_err());
    /// ```
    pub fn load(path: &Path) -> Result<AgencyPowerLexicon> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        AgencyPowerLexicon::parse(&text, path)
    }

    /// Parses a lexicon: CSV with the columns `verb,agency,power` (more are ignored; lines
    /// starting with `#` are comments); `verb` a lemma, lowercase; `agency` one of `+`, `-`,
    /// `=` (or `pos`, `neg`, `equal`, as Sap et al.'s files write them) or empty; `power`
    /// one of `agent`, `theme`, `equal` (or `power_agent` ...) or empty. A verb listed
    /// twice or an unknown label is an error naming the line.
    ///
    /// ```
    /// use corpus_lens::framing::actions::AgencyPowerLexicon;
    /// let err = AgencyPowerLexicon::parse("verb,agency,power\nrout,+,boss\n", "a.csv".as_ref());
    /// assert_eq!(err.unwrap_err().to_string(),
    ///     "a.csv:2: power \"boss\" is not one of agent, theme, equal (or empty)");
    /// ```
    pub fn parse(text: &str, path: &Path) -> Result<AgencyPowerLexicon> {
        let fail = |line: u64, message: String| fail(path, line, message);
        let csv = LexiconCsv::new(text, path, true)?;
        let [verb_at, agency_at, power_at] =
            csv.columns(["verb", "agency", "power"], "verb,agency,power")?;
        let mut lexicon = AgencyPowerLexicon {
            path: path.to_path_buf(),
            ..Default::default()
        };
        let mut lines: FxHashMap<String, u64> = FxHashMap::default();
        csv.for_each(|cells, line| {
            let field = |i: usize| cells.get(i);
            let verb = field(verb_at).to_lowercase();
            if verb.is_empty() {
                return Err(fail(line, "empty verb".into()));
            }
            let agency = match field(agency_at) {
                "" => None,
                "+" | "pos" | "agency_pos" => Some(Agency::Positive),
                "-" | "neg" | "agency_neg" => Some(Agency::Negative),
                "=" | "equal" | "agency_equal" => Some(Agency::Equal),
                other => {
                    return Err(fail(
                        line,
                        format!("agency \"{other}\" is not one of +, -, = (or empty)"),
                    ))
                }
            };
            let power = match field(power_at) {
                "" => None,
                "agent" | "power_agent" => Some(Power::Agent),
                "theme" | "power_theme" => Some(Power::Theme),
                "equal" | "power_equal" => Some(Power::Equal),
                other => {
                    return Err(fail(
                        line,
                        format!("power \"{other}\" is not one of agent, theme, equal (or empty)"),
                    ))
                }
            };
            if let Some(first) = lines.insert(verb.clone(), line) {
                return Err(fail(
                    line,
                    format!("verb \"{verb}\" is listed already at line {first}; keep one row"),
                ));
            }
            lexicon.verbs.insert(verb, Frame { agency, power });
            Ok(())
        })?;
        Ok(lexicon)
    }

    /// The labels of a verb lemma (lowercase), if listed.
    ///
    /// ```
    /// let lexicon = corpus_lens::framing::actions::AgencyPowerLexicon::default();
    /// assert!(lexicon.get("seize").is_none());
    /// ```
    pub fn get(&self, verb: &str) -> Option<Frame> {
        self.verbs.get(verb).copied()
    }

    /// Verbs listed.
    ///
    /// ```
    /// assert_eq!(corpus_lens::framing::actions::AgencyPowerLexicon::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.verbs.len()
    }

    /// Whether no verb is listed.
    ///
    /// ```
    /// assert!(corpus_lens::framing::actions::AgencyPowerLexicon::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.verbs.is_empty()
    }

    /// The file it was read from (empty if built in code).
    ///
    /// ```
    /// let lexicon = corpus_lens::framing::actions::AgencyPowerLexicon::load_default()?;
    /// assert!(lexicon.path().ends_with("agency_power.csv"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }
}
