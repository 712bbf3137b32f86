//! The keyword options of the Python functions, read into the library's option types. The
//! names and defaults are the command line's (`--min-freq` is `min_freq`).

use std::path::PathBuf;
use std::sync::Arc;

use corpus_lens::analyses::collocate::{
    CollocationFilter, Counting, Measure, WindowOptions, Within,
};
use corpus_lens::analyses::compare::KeynessOptions;
use corpus_lens::analyses::freq::FreqOptions;
use corpus_lens::analyses::lemmas::LemmaOptions;
use corpus_lens::analyses::ngrams::NgramOptions;
use corpus_lens::corpus::{InputFormat, InputPolicy};
use corpus_lens::count::nodes::{MatchBy, NodeSet};
use corpus_lens::framing::factions::FactionSet;
use corpus_lens::framing::lexicon::Lexicon;
use corpus_lens::framing::stance::{StanceModel, StanceSetup, VerbLexicon};
use corpus_lens::framing::summary::{self, SummaryOptions};
use corpus_lens::framing::{Context, Framer};
use corpus_lens::stats::bootstrap::{self, Bootstrap};
use corpus_lens::stats::keyness::Correction;
use corpus_lens::syntax::variants::Variants;
use corpus_lens::text::chapters::PartUnit;
use corpus_lens::text::stopwords::Stopwords;
use corpus_lens::Error;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The nodes of `analyze` when none are given, matched by stem (the command line's).
const DEFAULT_NODES: [&str; 3] = ["coalitionist", "bourgeoisie", "soviet"];

/// The options as given (`None`: not given, the default applies).
pub(crate) struct Options<'py>(pub(crate) Bound<'py, PyDict>);

impl<'py> Options<'py> {
    fn get<T: for<'a> FromPyObject<'a, 'py>>(&self, name: &str) -> PyResult<Option<T>> {
        match self.0.get_item(name)? {
            Some(v) if !v.is_none() => Ok(Some(v.extract::<T>().map_err(|e| {
                let e: PyErr = e.into();
                pyo3::exceptions::PyTypeError::new_err(format!("{name}: {e}"))
            })?)),
            _ => Ok(None),
        }
    }

    fn or<T: for<'a> FromPyObject<'a, 'py>>(&self, name: &str, default: T) -> PyResult<T> {
        Ok(self.get(name)?.unwrap_or(default))
    }
}

/// Everything a run needs, read while the interpreter is held.
pub(crate) struct Settings {
    pub(crate) threads: Option<usize>,
    pub(crate) lossy: bool,
    pub(crate) keep_numbers: bool,
    pub(crate) keep_matter: bool,
    pub(crate) parts: Option<PartUnit>,
    pub(crate) policy: InputPolicy,
    pub(crate) nodes: Vec<String>,
    pub(crate) by: Option<String>,
    pub(crate) case_sensitive: bool,
    pub(crate) left: usize,
    pub(crate) right: usize,
    pub(crate) within: String,
    pub(crate) counting: String,
    pub(crate) width: usize,
    /// KWIC sort keys (`kwic(sort=...)`, the CLI's `kwic --sort`).
    pub(crate) kwic_sort: Option<String>,
    pub(crate) stopwords: Option<String>,
    pub(crate) min_freq: u64,
    pub(crate) min_o11: u64,
    pub(crate) min_collocate_freq: u64,
    pub(crate) sort: String,
    pub(crate) top: Option<usize>,
    pub(crate) collocate_stopwords: String,
    pub(crate) min_range: u64,
    pub(crate) matrix_top: usize,
    pub(crate) min_n: usize,
    pub(crate) max_n: usize,
    pub(crate) ngram_min_freq: u64,
    pub(crate) keyness_min_freq: u64,
    pub(crate) correction: String,
    pub(crate) alpha: f64,
    pub(crate) factions: Option<PathBuf>,
    pub(crate) lexicon: Option<PathBuf>,
    pub(crate) window: Option<usize>,
    pub(crate) model: Option<PathBuf>,
    pub(crate) verbs: Option<PathBuf>,
    pub(crate) no_stance: bool,
    pub(crate) summary: SummaryOptions,
    pub(crate) pos: Option<String>,
    pub(crate) no_variants: bool,
    pub(crate) variants: Option<PathBuf>,
    pub(crate) target: Vec<String>,
    pub(crate) reference: Vec<String>,
}

impl Settings {
    pub(crate) fn read(o: &Options<'_>) -> PyResult<Settings> {
        let format: String = o.or("input_format", "auto".to_string())?;
        let format: InputFormat = format
            .parse()
            .map_err(|e: String| pyo3::exceptions::PyValueError::new_err(e))?;
        let parts = match o.get::<String>("parts")?.as_deref() {
            None => None,
            Some("paragraph") => Some(PartUnit::Paragraph),
            Some("chapter") => Some(PartUnit::Chapter),
            Some("document") => Some(PartUnit::Document),
            Some(other) => {
                return Err(pyo3::exceptions::PyValueError::new_err(format!(
                    "parts={other:?}: use paragraph, chapter or document"
                )))
            }
        };
        // The command line's range: a 95% percentile interval needs a replicate beyond each
        // end (40), and memory bounds the most.
        let replicates: usize = o.or("replicates", bootstrap::DEFAULT_REPLICATES)?;
        if !(40..=100_000).contains(&replicates) {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "replicates={replicates}: use 40 to 100,000"
            )));
        }
        Ok(Settings {
            threads: o.get("threads")?,
            lossy: o.or("lossy", false)?,
            keep_numbers: o.or("keep_numbers", false)?,
            keep_matter: o.or("keep_matter", false)?,
            parts,
            policy: InputPolicy {
                allow_outside: o.or("allow_outside", false)?,
                format,
            },
            nodes: o.or("nodes", Vec::new())?,
            by: o.get("by")?,
            case_sensitive: o.or("case_sensitive", false)?,
            left: o.or("left", 5)?,
            right: o.or("right", 5)?,
            within: o.or("within", "paragraph".to_string())?,
            counting: o.or("counting", "occurrence".to_string())?,
            width: o.or("width", 8)?,
            kwic_sort: o.get("kwic_sort")?,
            stopwords: o.get("stopwords")?,
            min_freq: o.or("min_freq", 1)?,
            min_o11: o.or("min_o11", 2)?,
            min_collocate_freq: o.or("min_collocate_freq", 1)?,
            sort: o.or("sort", "log_dice".to_string())?,
            top: o.get("top")?,
            collocate_stopwords: o.or("collocate_stopwords", "english".to_string())?,
            min_range: o.or("min_range", 1)?,
            matrix_top: o.or("matrix_top", 20)?,
            min_n: o.or("min_n", 2)?,
            max_n: o.or("max_n", 4)?,
            ngram_min_freq: o.or("ngram_min_freq", 2)?,
            keyness_min_freq: o.or("keyness_min_freq", 5)?,
            correction: o.or("correction", "fdr".to_string())?,
            alpha: o.or("alpha", 0.05)?,
            factions: o.get("factions")?,
            lexicon: o.get("lexicon")?,
            window: o.get("window")?,
            model: o.get("model")?,
            verbs: o.get("verbs")?,
            no_stance: o.or("no_stance", false)?,
            summary: SummaryOptions {
                bootstrap: Bootstrap {
                    replicates,
                    seed: o.or("seed", bootstrap::DEFAULT_SEED)?,
                },
                first_person: !o.or("no_first_person", false)?,
                min_mentions: o.or("min_mentions", summary::MIN_MENTIONS)?,
                min_paragraphs: o.or("min_paragraphs", summary::MIN_PARAGRAPHS)?,
                linearize_from: o.or("linearize_from", summary::LINEARIZE_FROM)?,
            },
            pos: o.get("pos")?,
            no_variants: o.or("no_variants", false)?,
            variants: o.get("variants")?,
            target: o.or("target", Vec::new())?,
            reference: o.or("reference", Vec::new())?,
        })
    }

    fn usage(message: String) -> Error {
        Error::Usage(message)
    }

    pub(crate) fn by_lemma(&self) -> bool {
        self.by.as_deref() == Some("lemma")
    }

    pub(crate) fn freq(&self) -> Result<FreqOptions, Error> {
        Ok(FreqOptions {
            stopwords: stopwords_of(self.stopwords.as_deref(), self.lossy)?,
            min_freq: self.min_freq,
        })
    }

    pub(crate) fn keyness(&self) -> Result<KeynessOptions, Error> {
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(Self::usage(format!(
                "alpha={} must be between 0 and 1",
                self.alpha
            )));
        }
        let correction = match self.correction.as_str() {
            "fdr" => Correction::Fdr,
            "bonferroni" => Correction::Bonferroni,
            "none" => Correction::None,
            other => {
                return Err(Self::usage(format!(
                    "correction={other:?}: use fdr, bonferroni or none"
                )))
            }
        };
        Ok(KeynessOptions {
            min_freq: self.keyness_min_freq,
            correction,
            alpha: self.alpha,
            stopwords: stopwords_of(self.stopwords.as_deref(), self.lossy)?,
        })
    }

    pub(crate) fn filter(&self) -> Result<CollocationFilter, Error> {
        let sort_by = Measure::parse(&self.sort).ok_or_else(|| {
            let names: Vec<&str> = Measure::ALL.iter().map(|(_, n)| *n).collect();
            Self::usage(format!(
                "sort={:?}: unknown measure; use one of {}",
                self.sort,
                names.join(", ")
            ))
        })?;
        Ok(CollocationFilter {
            min_o11: self.min_o11,
            min_freq: self.min_collocate_freq,
            sort_by,
            top: self.top,
            stopwords: stopwords_of(Some(&self.collocate_stopwords), false)?,
            min_range: self.min_range,
        })
    }

    pub(crate) fn ngrams(&self) -> Result<NgramOptions, Error> {
        if !(2..=4).contains(&self.min_n) || !(2..=4).contains(&self.max_n) {
            return Err(Self::usage("min_n and max_n must be 2, 3 or 4".into()));
        }
        if self.min_n > self.max_n {
            return Err(Self::usage(format!(
                "min_n={} is larger than max_n={}",
                self.min_n, self.max_n
            )));
        }
        Ok(NgramOptions {
            min_n: self.min_n,
            max_n: self.max_n,
        })
    }

    /// The windows of the nodes given (matched by word), or of the default nodes (by stem).
    pub(crate) fn windows(&self) -> Result<WindowOptions, Error> {
        let (nodes, default_by) = if self.nodes.is_empty() {
            let nodes = DEFAULT_NODES.iter().map(|s| s.to_string()).collect();
            (nodes, MatchBy::Stem)
        } else {
            (self.nodes.clone(), MatchBy::Word)
        };
        let by = match self.by.as_deref() {
            None => default_by,
            Some("word") => MatchBy::Word,
            Some("stem") => MatchBy::Stem,
            Some("lemma") => MatchBy::Lemma,
            Some(other) => {
                return Err(Self::usage(format!(
                    "by={other:?}: use word, stem or lemma"
                )))
            }
        };
        let set = NodeSet::new(&nodes, by, self.case_sensitive)?;
        if !self.keep_numbers {
            if let Some(node) = set.nodes().iter().find(|n| n.has_number) {
                return Err(Self::usage(format!(
                    "node '{}' holds a number, and numbers are not counted; pass keep_numbers=True",
                    node.label
                )));
            }
        }
        for (name, value) in [
            ("left", self.left),
            ("right", self.right),
            ("width", self.width),
        ] {
            if value > 1000 {
                return Err(Self::usage(format!("{name}={value}: at most 1000")));
            }
        }
        let mut options = WindowOptions::new(set);
        options.left = self.left;
        options.right = self.right;
        options.within = match self.within.as_str() {
            "paragraph" => Within::Paragraph,
            "sentence" => Within::Sentence,
            other => {
                return Err(Self::usage(format!(
                    "within={other:?}: use paragraph or sentence"
                )))
            }
        };
        options.counting = match self.counting.as_str() {
            "occurrence" => Counting::Occurrence,
            "union" => Counting::Union,
            other => {
                return Err(Self::usage(format!(
                    "counting={other:?}: use occurrence or union"
                )))
            }
        };
        options.kwic_width = self.width;
        Ok(options)
    }

    /// The tagger and its variants, and the `pos` tags, checked.
    pub(crate) fn lemmas(&self) -> Result<(Arc<LemmaOptions>, Option<Vec<String>>), Error> {
        let variants = match (&self.variants, self.no_variants) {
            (_, true) => Variants::none(),
            (Some(path), false) => Variants::load(path)?,
            (None, false) => Variants::load_default()?,
        };
        let options = LemmaOptions {
            model: Arc::new(corpus_lens::syntax::Model::load_default()?),
            variants,
        };
        let pos = self
            .pos
            .as_deref()
            .map(|p| options.pos_list(p))
            .transpose()?;
        Ok((Arc::new(options), pos))
    }

    pub(crate) fn framer(&self) -> Result<Framer, Error> {
        let factions = match &self.factions {
            Some(path) => FactionSet::load(path)?,
            None => FactionSet::load_default()?,
        };
        let lexicon = match &self.lexicon {
            Some(path) => Lexicon::load(path)?,
            None => Lexicon::load_default()?,
        };
        let context = match self.window {
            Some(k) => Context::Window(k),
            None => Context::Sentence,
        };
        let mut framer = Framer::new(factions, lexicon, context);
        corpus_lens::framing::summary::check_columns(&framer)?;
        if !self.no_stance {
            let model = match &self.model {
                Some(path) => StanceModel::load(path)?,
                None => StanceModel::load_default()?,
            };
            let verbs = match &self.verbs {
                Some(path) => VerbLexicon::load(path)?,
                None => VerbLexicon::load_default()?,
            };
            framer = framer.with_stance(StanceSetup {
                verbs,
                model: Some(model),
                syntax: None,
                keep_features: false,
            });
        }
        Ok(framer)
    }
}

/// The stopwords a `stopwords` option names: `english`, `none`, or a file's words.
fn stopwords_of(arg: Option<&str>, lossy: bool) -> Result<Option<Stopwords>, Error> {
    Ok(match arg {
        None | Some("none") => None,
        Some("english") => Some(Stopwords::english()),
        Some(path) => Some(Stopwords::from_file_lossy(path.as_ref(), lossy)?),
    })
}
