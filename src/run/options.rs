//! The options of a run as a user gives them (the command line's flags, the Python package's
//! keyword arguments), with their defaults and range checks, and what each becomes in the
//! library's types. Both fronts fill one [`RunOptions`] and ask it for the library's options,
//! so that a default or a check is written once.

use std::fmt::Display;
use std::path::PathBuf;
use std::sync::Arc;

use super::{Config, CountOptions};
use crate::analyses::collocate::{CollocationFilter, Counting, Measure, WindowOptions, Within};
use crate::analyses::compare::{KeynessOptions, DEFAULT_KEYNESS_TOP};
use crate::analyses::freq::FreqOptions;
use crate::analyses::lemmas::LemmaOptions;
use crate::analyses::ngrams::NgramOptions;
use crate::corpus::{InputFormat, InputPolicy};
use crate::count::nodes::{MatchBy, NodeSet};
use crate::error::{Error, Result};
use crate::framing::factions::FactionSet;
use crate::framing::lexicon::Lexicon;
use crate::framing::stance::{StanceModel, StanceSetup, VerbLexicon};
use crate::framing::summary::{self, SummaryOptions};
use crate::framing::{Context, Framer};
use crate::stats::bootstrap::Bootstrap;
use crate::stats::keyness::Correction;
use crate::syntax::variants::Variants;
use crate::text::chapters::PartUnit;
use crate::text::layout::Layout;
use crate::text::read::ReadOptions;
use crate::text::stopwords::Stopwords;

/// The widest window or concordance context, in tokens each side: beyond any use, and small
/// enough that no window arithmetic can overflow.
pub const MAX_WINDOW: usize = 1000;

/// The range of bootstrap replicates, the library's ([`Bootstrap::new`]).
pub use crate::stats::bootstrap::{MAX_REPLICATES, MIN_REPLICATES};

/// The most worker threads a run accepts on this machine: 16 per core, and never fewer than
/// 64. More only cost time to start (5,000 took 76 s) and change nothing: results are the
/// same at any thread count.
///
/// ```
/// assert!(corpus_lens::run::options::max_threads() >= 64);
/// ```
pub fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    (16 * cores).max(64)
}

/// Checks a thread count against [`max_threads`]; the error names the option as `spelling`
/// spells it.
///
/// ```
/// use corpus_lens::run::options::{check_threads, Spelling};
/// assert!(check_threads(2, Spelling::Flag).is_ok());
/// let error = check_threads(100_000, Spelling::Keyword).unwrap_err();
/// assert!(error.to_string().starts_with("threads=100000: at most"));
/// ```
pub fn check_threads(threads: usize, spelling: Spelling) -> Result<()> {
    let most = max_threads();
    if threads > most {
        let given = spelling.given("threads", threads);
        return Err(Error::Usage(format!(
            "{given}: at most {most} on this machine (16 per core, 64 at least); \
             results are identical at any thread count"
        )));
    }
    Ok(())
}

/// The shortest and longest n-grams counted.
pub const NGRAM_SIZES: std::ops::RangeInclusive<usize> = 2..=4;

/// The nodes of `analyze` when none are given, matched by stem.
pub const DEFAULT_NODES: [&str; 3] = ["coalitionist", "bourgeoisie", "soviet"];

/// The defaults of the options that have a value (the command line's `--help` shows these).
pub mod defaults {
    /// `left` and `right`: tokens each side of the node.
    pub const SPAN: usize = 5;
    /// `width`: tokens of concordance context each side.
    pub const WIDTH: usize = 8;
    /// `min_freq`.
    pub const MIN_FREQ: u64 = 1;
    /// `min_o11`.
    pub const MIN_O11: u64 = 2;
    /// `min_collocate_freq`.
    pub const MIN_COLLOCATE_FREQ: u64 = 1;
    /// `sort`.
    pub const SORT: &str = "log_dice";
    /// `collocate_stopwords`.
    pub const COLLOCATE_STOPWORDS: &str = "english";
    /// `min_range`.
    pub const MIN_RANGE: u64 = 1;
    /// `matrix_top`.
    pub const MATRIX_TOP: usize = 20;
    /// `min_n`.
    pub const MIN_N: usize = 2;
    /// `max_n`.
    pub const MAX_N: usize = 4;
    /// `ngram_min_freq` (the `ngrams` command's `--min-freq`).
    pub const NGRAM_MIN_FREQ: u64 = 2;
    /// `keyness_min_freq`.
    pub const KEYNESS_MIN_FREQ: u64 = 5;
    /// `alpha`.
    pub const ALPHA: f64 = 0.05;
    pub use crate::framing::summary::{LINEARIZE_FROM, MIN_MENTIONS, MIN_PARAGRAPHS};
    pub use crate::stats::bootstrap::{DEFAULT_REPLICATES as REPLICATES, DEFAULT_SEED as SEED};
}

/// How an error names an option: as a flag (`--min-n 5`) or as a keyword (`min_n=5`).
///
/// ```
/// use corpus_lens::run::options::Spelling;
/// assert_eq!(Spelling::Flag.given("min_n", 5), "--min-n 5");
/// assert_eq!(Spelling::Keyword.given("min_n", 5), "min_n=5");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Spelling {
    /// The command line's `--name value`.
    #[default]
    Flag,
    /// Python's `name=value`.
    Keyword,
}

impl Spelling {
    /// The option `name` (in snake case) given `value`, as the user wrote it.
    ///
    /// ```
    /// use corpus_lens::run::options::Spelling;
    /// assert_eq!(Spelling::Flag.given("alpha", 2.0), "--alpha 2");
    /// ```
    pub fn given(self, name: &str, value: impl Display) -> String {
        match self {
            Spelling::Flag => format!("--{} {value}", name.replace('_', "-")),
            Spelling::Keyword => format!("{name}={value}"),
        }
    }

    /// How to turn the switch `name` on.
    ///
    /// ```
    /// use corpus_lens::run::options::Spelling;
    /// assert_eq!(Spelling::Flag.switch("keep_numbers"), "add --keep-numbers");
    /// assert_eq!(Spelling::Keyword.switch("keep_numbers"), "pass keep_numbers=True");
    /// ```
    pub fn switch(self, name: &str) -> String {
        match self {
            Spelling::Flag => format!("add --{}", name.replace('_', "-")),
            Spelling::Keyword => format!("pass {name}=True"),
        }
    }

    /// The choice named `value` for the option `name`, or a usage error listing the names.
    ///
    /// ```
    /// use corpus_lens::run::options::{Spelling, CORRECTIONS};
    /// use corpus_lens::keyness::Correction;
    /// assert_eq!(Spelling::Keyword.choose("correction", "none", CORRECTIONS)?, Correction::None);
    /// let error = Spelling::Keyword.choose("correction", "holm", CORRECTIONS).unwrap_err();
    /// assert_eq!(error.to_string(), "correction=\"holm\": use fdr, bonferroni or none");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn choose<T: Copy>(self, name: &str, value: &str, choices: &[(&str, T)]) -> Result<T> {
        if let Some((_, choice)) = choices.iter().find(|(n, _)| *n == value) {
            return Ok(*choice);
        }
        let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        let list = match names.split_last() {
            Some((last, [])) => last.to_string(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        Err(Error::Usage(format!(
            "{}: use {list}",
            self.given(name, format!("{value:?}"))
        )))
    }
}

/// `within`'s choices.
pub const WITHIN: &[(&str, Within)] = &[
    ("paragraph", Within::Paragraph),
    ("sentence", Within::Sentence),
];
/// `counting`'s choices.
pub const COUNTING: &[(&str, Counting)] = &[
    ("occurrence", Counting::Occurrence),
    ("union", Counting::Union),
];
/// `by`'s choices.
pub const MATCH_BY: &[(&str, MatchBy)] = &[
    ("word", MatchBy::Word),
    ("stem", MatchBy::Stem),
    ("lemma", MatchBy::Lemma),
];
/// `correction`'s choices.
pub const CORRECTIONS: &[(&str, Correction)] = &[
    ("fdr", Correction::Fdr),
    ("bonferroni", Correction::Bonferroni),
    ("none", Correction::None),
];
/// `parts`' choices.
pub const PARTS: &[(&str, PartUnit)] = &[
    ("paragraph", PartUnit::Paragraph),
    ("chapter", PartUnit::Chapter),
    ("document", PartUnit::Document),
];

/// Every option of a run, as given; [`Default`] holds the defaults of both the command line
/// and the Python package. The methods check the values and build the library's options.
///
/// ```
/// use corpus_lens::run::options::{RunOptions, Spelling};
/// let options = RunOptions { min_n: 3, max_n: 2, ..RunOptions::default() };
/// assert_eq!(options.ngrams().unwrap_err().to_string(), "--min-n 3 is larger than --max-n 2");
/// let options = RunOptions { spelling: Spelling::Keyword, ..options };
/// assert_eq!(options.ngrams().unwrap_err().to_string(), "min_n=3 is larger than max_n=2");
/// ```
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// How errors name the options.
    pub spelling: Spelling,
    /// Worker threads; `None`: one per core.
    pub threads: Option<usize>,
    /// Replace invalid UTF-8 instead of failing.
    pub lossy: bool,
    /// Read paths outside a manifest's folder, and follow links out of an input folder.
    pub allow_outside: bool,
    /// The format of the input files.
    pub input_format: InputFormat,
    /// Where a text file's paragraphs are.
    pub paragraphs: Layout,
    /// Count number tokens as words.
    pub keep_numbers: bool,
    /// Count front and back matter too.
    pub keep_matter: bool,
    /// The parts of a document for dispersion and the text-level tests.
    pub parts: Option<PartUnit>,
    /// How nodes match; `None`: by word for nodes given, by stem for the default nodes.
    pub by: Option<MatchBy>,
    /// Match node words only with the same case.
    pub case_sensitive: bool,
    /// Tokens left of the node (at most [`MAX_WINDOW`]).
    pub left: usize,
    /// Tokens right of the node (at most [`MAX_WINDOW`]).
    pub right: usize,
    /// What bounds a window.
    pub within: Within,
    /// How overlapping windows count.
    pub counting: Counting,
    /// Tokens of concordance context each side (at most [`MAX_WINDOW`]).
    pub width: usize,
    /// Stopwords left out of the frequency tables and keyness: `english`, `none` or a file.
    pub stopwords: Option<String>,
    /// The rarest word kept in the frequency tables.
    pub min_freq: u64,
    /// The fewest co-occurrences of a collocate.
    pub min_o11: u64,
    /// The rarest collocate kept.
    pub min_collocate_freq: u64,
    /// The measure collocates are sorted by (a column of collocations.csv).
    pub sort: String,
    /// The most collocates a document and node.
    pub top: Option<usize>,
    /// Stopwords left out of the collocates: `english`, `none` or a file.
    pub collocate_stopwords: String,
    /// The fewest documents a collocate is seen with the node in.
    pub min_range: u64,
    /// The best collocates of each node in `cooc_matrix`.
    pub matrix_top: usize,
    /// The shortest n-gram.
    pub min_n: usize,
    /// The longest n-gram.
    pub max_n: usize,
    /// The rarest n-gram kept.
    pub ngram_min_freq: u64,
    /// Keyness: the rarest word tested, in target and reference together.
    pub keyness_min_freq: u64,
    /// Keyness: the correction of the p-values.
    pub correction: Correction,
    /// Keyness: rows kept per comparison and direction (`None`: every row); at least 1.
    pub keyness_top: Option<usize>,
    /// Keyness: the largest corrected p-value called significant (between 0 and 1).
    pub alpha: f64,
    /// The factions lexicon; `None`: the shipped one.
    pub factions: Option<PathBuf>,
    /// The framing lexicon; `None`: the shipped one.
    pub lexicon: Option<PathBuf>,
    /// Score this many tokens either side of a mention instead of its sentence.
    pub window: Option<usize>,
    /// The stance model; `None`: the shipped one.
    pub model: Option<PathBuf>,
    /// The verb lexicon; `None`: the shipped one.
    pub verbs: Option<PathBuf>,
    /// Parse the sentences with a mention for the stance model.
    pub syntax: bool,
    /// Leave the stance model off.
    pub no_stance: bool,
    /// Bootstrap replicates ([`MIN_REPLICATES`] to [`MAX_REPLICATES`]).
    pub replicates: usize,
    /// Bootstrap seed.
    pub seed: u64,
    /// Leave first-person mentions out of the summary.
    pub no_first_person: bool,
    /// The fewest mentions behind an interval.
    pub min_mentions: u64,
    /// The fewest paragraphs behind an interval.
    pub min_paragraphs: u64,
    /// The document size from which intervals are linearized (0: never).
    pub linearize_from: u64,
    /// Period spellings folded into one lemma; `None`: the shipped ones.
    pub variants: Option<PathBuf>,
    /// Fold no spelling.
    pub no_variants: bool,
    /// Only these parts of speech (tags separated by commas).
    pub pos: Option<String>,
}

impl Default for RunOptions {
    fn default() -> Self {
        use defaults::*;
        RunOptions {
            spelling: Spelling::Flag,
            threads: None,
            lossy: false,
            allow_outside: false,
            input_format: InputFormat::default(),
            paragraphs: Layout::Auto,
            keep_numbers: false,
            keep_matter: false,
            parts: None,
            by: None,
            case_sensitive: false,
            left: SPAN,
            right: SPAN,
            within: Within::Paragraph,
            counting: Counting::Occurrence,
            width: WIDTH,
            stopwords: None,
            min_freq: MIN_FREQ,
            min_o11: MIN_O11,
            min_collocate_freq: MIN_COLLOCATE_FREQ,
            sort: SORT.to_string(),
            top: None,
            collocate_stopwords: COLLOCATE_STOPWORDS.to_string(),
            min_range: MIN_RANGE,
            matrix_top: MATRIX_TOP,
            min_n: MIN_N,
            max_n: MAX_N,
            ngram_min_freq: NGRAM_MIN_FREQ,
            keyness_min_freq: KEYNESS_MIN_FREQ,
            correction: Correction::Fdr,
            keyness_top: Some(DEFAULT_KEYNESS_TOP),
            alpha: ALPHA,
            factions: None,
            lexicon: None,
            window: None,
            model: None,
            verbs: None,
            syntax: false,
            no_stance: false,
            replicates: REPLICATES,
            seed: SEED,
            no_first_person: false,
            min_mentions: MIN_MENTIONS,
            min_paragraphs: MIN_PARAGRAPHS,
            linearize_from: LINEARIZE_FROM,
            variants: None,
            no_variants: false,
            pos: None,
        }
    }
}

impl RunOptions {
    fn usage(&self, message: String) -> Error {
        Error::Usage(message)
    }

    /// How the input files are read.
    ///
    /// ```
    /// let options = corpus_lens::run::options::RunOptions { allow_outside: true, ..Default::default() };
    /// assert!(options.policy().allow_outside);
    /// ```
    pub fn policy(&self) -> InputPolicy {
        InputPolicy {
            allow_outside: self.allow_outside,
            format: self.input_format,
        }
    }

    /// The engine's configuration, with `count` (its `keep_numbers` is these options', and
    /// its `parts` too where these options name some).
    ///
    /// ```
    /// use corpus_lens::run::options::RunOptions;
    /// let options = RunOptions { keep_numbers: true, ..Default::default() };
    /// assert!(options.config(Default::default()).count.keep_numbers);
    /// ```
    pub fn config(&self, count: CountOptions) -> Config {
        Config {
            threads: self.threads,
            read: ReadOptions {
                lossy: self.lossy,
                layout: self.paragraphs,
                ..ReadOptions::default()
            },
            count: CountOptions {
                keep_numbers: self.keep_numbers,
                parts: self.parts.or(count.parts),
                ..count
            },
            keep_matter: self.keep_matter,
            spill_limit: None,
        }
    }

    /// The frequency tables' options.
    ///
    /// ```
    /// let options = corpus_lens::run::options::RunOptions::default();
    /// assert!(options.freq()?.stopwords.is_none());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn freq(&self) -> Result<FreqOptions> {
        Ok(FreqOptions {
            stopwords: stopwords_of(self.stopwords.as_deref(), self.lossy)?,
            min_freq: self.min_freq,
        })
    }

    /// Keyness's options, leaving out `stopwords`; `alpha` is checked.
    ///
    /// ```
    /// let options = corpus_lens::run::options::RunOptions { alpha: 1.5, ..Default::default() };
    /// assert_eq!(options.keyness(None).unwrap_err().to_string(), "--alpha 1.5 must be between 0 and 1");
    /// ```
    pub fn keyness(&self, stopwords: Option<Stopwords>) -> Result<KeynessOptions> {
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            let given = self.spelling.given("alpha", self.alpha);
            return Err(self.usage(format!("{given} must be between 0 and 1")));
        }
        if self.keyness_top == Some(0) {
            let given = self.spelling.given("keyness_top", 0);
            return Err(self.usage(format!(
                "{given}: give at least 1, or every row (--keyness-all, keyness_all=True)"
            )));
        }
        Ok(KeynessOptions {
            min_freq: self.keyness_min_freq,
            correction: self.correction,
            alpha: self.alpha,
            stopwords,
            top: self.keyness_top,
        })
    }

    /// The collocations' filter; the measure `sort` is checked.
    ///
    /// ```
    /// let options = corpus_lens::run::options::RunOptions { sort: "t".into(), ..Default::default() };
    /// assert!(options.filter().unwrap_err().to_string().starts_with("--sort t: unknown measure"));
    /// ```
    pub fn filter(&self) -> Result<CollocationFilter> {
        let sort_by = Measure::parse(&self.sort).ok_or_else(|| {
            let names: Vec<&str> = Measure::ALL.iter().map(|(_, n)| *n).collect();
            let given = self.spelling.given("sort", &self.sort);
            self.usage(format!(
                "{given}: unknown measure; use one of {}",
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

    /// The n-grams' options; the sizes are checked.
    ///
    /// ```
    /// let options = corpus_lens::run::options::RunOptions { max_n: 5, ..Default::default() };
    /// assert_eq!(options.ngrams().unwrap_err().to_string(), "--max-n 5: use 2, 3 or 4");
    /// ```
    pub fn ngrams(&self) -> Result<NgramOptions> {
        for (name, n) in [("min_n", self.min_n), ("max_n", self.max_n)] {
            if !NGRAM_SIZES.contains(&n) {
                let given = self.spelling.given(name, n);
                return Err(self.usage(format!("{given}: use 2, 3 or 4")));
            }
        }
        if self.min_n > self.max_n {
            let (min, max) = (
                self.spelling.given("min_n", self.min_n),
                self.spelling.given("max_n", self.max_n),
            );
            return Err(self.usage(format!("{min} is larger than {max}")));
        }
        Ok(NgramOptions {
            min_n: self.min_n,
            max_n: self.max_n,
        })
    }

    /// The windows of `nodes` (matched by word), or of [`DEFAULT_NODES`] (by stem) if there
    /// are none; `by` overrides either.
    ///
    /// ```
    /// use corpus_lens::{nodes::MatchBy, run::options::RunOptions};
    /// let windows = RunOptions::default().node_windows(&[])?;
    /// assert_eq!(windows.nodes.by(), MatchBy::Stem);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn node_windows(&self, nodes: &[String]) -> Result<WindowOptions> {
        if nodes.is_empty() {
            let nodes: Vec<String> = DEFAULT_NODES.iter().map(|s| s.to_string()).collect();
            return self.windows(&nodes, MatchBy::Stem);
        }
        self.windows(nodes, MatchBy::Word)
    }

    /// The windows of `nodes`, matched by `default_by` unless `by` says otherwise; the spans
    /// are checked, and a node with a number needs `keep_numbers`.
    ///
    /// ```
    /// use corpus_lens::{nodes::MatchBy, run::options::RunOptions};
    /// let options = RunOptions { left: 1001, ..Default::default() };
    /// let error = options.windows(&["soviet".into()], MatchBy::Word).unwrap_err();
    /// assert_eq!(error.to_string(), "--left 1001: at most 1000");
    /// let options = RunOptions { width: 0, ..Default::default() };
    /// let error = options.windows(&["soviet".into()], MatchBy::Word).unwrap_err();
    /// assert_eq!(error.to_string(), "--width 0: at least 1");
    /// ```
    pub fn windows(&self, nodes: &[String], default_by: MatchBy) -> Result<WindowOptions> {
        for (name, value) in [
            ("left", self.left),
            ("right", self.right),
            ("width", self.width),
        ] {
            if value > MAX_WINDOW {
                let given = self.spelling.given(name, value);
                return Err(self.usage(format!("{given}: at most {MAX_WINDOW}")));
            }
        }
        // A concordance line is its context: 0 would leave every line out.
        if self.width == 0 {
            let given = self.spelling.given("width", 0);
            return Err(self.usage(format!("{given}: at least 1")));
        }
        let set = NodeSet::new(nodes, self.by.unwrap_or(default_by), self.case_sensitive)?;
        if !self.keep_numbers {
            if let Some(node) = set.nodes().iter().find(|n| n.has_number) {
                return Err(self.usage(format!(
                    "node '{}' holds a number, and numbers are not counted; {}",
                    node.label,
                    self.spelling.switch("keep_numbers")
                )));
            }
        }
        let mut options = WindowOptions::new(set);
        options.left = self.left;
        options.right = self.right;
        options.within = self.within;
        options.counting = self.counting;
        options.kwic_width = self.width;
        Ok(options)
    }

    /// The tagger with the period spellings, and the `pos` tags, checked.
    ///
    /// ```no_run
    /// let (lemmas, pos) = corpus_lens::run::options::RunOptions::default().lemmas()?;
    /// assert!(pos.is_none());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn lemmas(&self) -> Result<(Arc<LemmaOptions>, Option<Vec<String>>)> {
        let variants = match (&self.variants, self.no_variants) {
            (_, true) => Variants::none(),
            (Some(path), false) => Variants::load(path)?,
            (None, false) => Variants::load_default()?,
        };
        let options = LemmaOptions {
            model: Arc::new(crate::syntax::Model::load_default()?),
            variants,
        };
        let pos = self
            .pos
            .as_deref()
            .map(|p| options.pos_list(p))
            .transpose()?;
        Ok((Arc::new(options), pos))
    }

    /// The framer of these lexicons and context, with the stance model unless `no_stance`.
    ///
    /// ```
    /// let options = corpus_lens::run::options::RunOptions { no_stance: true, ..Default::default() };
    /// let framer = options.framer()?;
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn framer(&self) -> Result<Framer> {
        let framer = self.framer_without_stance()?;
        if self.no_stance {
            return Ok(framer);
        }
        let model = match &self.model {
            Some(path) => StanceModel::load(path)?,
            None => StanceModel::load_default()?,
        };
        Ok(framer.with_stance(StanceSetup {
            verbs: self.verb_lexicon()?,
            model: Some(model),
            syntax: self.syntax_model()?,
            keep_features: false,
        }))
    }

    /// The framer of these lexicons and context, without the stance model.
    ///
    /// ```
    /// let framer = corpus_lens::run::options::RunOptions::default().framer_without_stance()?;
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn framer_without_stance(&self) -> Result<Framer> {
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
        let framer = Framer::new(factions, lexicon, context);
        // A dimension named like a fixed column would give a table two columns of one name:
        // say so now rather than after the run.
        summary::check_columns(&framer)?;
        Ok(framer)
    }

    /// The shipped syntax model, if `syntax`.
    ///
    /// ```
    /// assert!(corpus_lens::run::options::RunOptions::default().syntax_model()?.is_none());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn syntax_model(&self) -> Result<Option<Arc<crate::syntax::Model>>> {
        if !self.syntax {
            return Ok(None);
        }
        Ok(Some(Arc::new(crate::syntax::Model::load_default()?)))
    }

    /// The verb lexicon given, or the shipped one.
    ///
    /// ```
    /// let verbs = corpus_lens::run::options::RunOptions::default().verb_lexicon()?;
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn verb_lexicon(&self) -> Result<VerbLexicon> {
        match &self.verbs {
            Some(path) => VerbLexicon::load(path),
            None => VerbLexicon::load_default(),
        }
    }

    /// The framing summary's options; `replicates` is checked.
    ///
    /// ```
    /// let options = corpus_lens::run::options::RunOptions { replicates: 1, ..Default::default() };
    /// assert_eq!(options.summary().unwrap_err().to_string(), "--replicates 1: use 40 to 100000");
    /// ```
    pub fn summary(&self) -> Result<SummaryOptions> {
        let bootstrap = Bootstrap::new(self.replicates, self.seed).map_err(|_| {
            let given = self.spelling.given("replicates", self.replicates);
            self.usage(format!("{given}: use {MIN_REPLICATES} to {MAX_REPLICATES}"))
        })?;
        Ok(SummaryOptions {
            bootstrap,
            first_person: !self.no_first_person,
            min_mentions: self.min_mentions,
            min_paragraphs: self.min_paragraphs,
            linearize_from: self.linearize_from,
        })
    }

    /// The files these options read, which a table must not replace.
    ///
    /// ```
    /// use corpus_lens::run::options::RunOptions;
    /// let options = RunOptions { stopwords: Some("english".into()), ..Default::default() };
    /// assert!(options.files().is_empty());
    /// ```
    pub fn files(&self) -> Vec<PathBuf> {
        let lists = [
            Some(self.collocate_stopwords.as_str()),
            self.stopwords.as_deref(),
        ];
        self.factions
            .iter()
            .chain(&self.lexicon)
            .chain(&self.model)
            .chain(&self.verbs)
            .chain(&self.variants)
            .cloned()
            .chain(lists.into_iter().filter_map(stopword_file))
            .collect()
    }
}

/// The stopwords an option names: `english`, none (`None` or `none`), or a file's words (a
/// file called `none` is `./none`).
///
/// ```
/// use corpus_lens::run::options::stopwords_of;
/// assert!(stopwords_of(Some("none"), false)?.is_none());
/// assert!(stopwords_of(Some("english"), false)?.unwrap().contains("the"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn stopwords_of(arg: Option<&str>, lossy: bool) -> Result<Option<Stopwords>> {
    Ok(match arg {
        None | Some("none") => None,
        Some("english") => Some(Stopwords::english()),
        Some(path) => Some(Stopwords::from_file_lossy(path.as_ref(), lossy)?),
    })
}

/// The file a stopwords option names, if it is one.
///
/// ```
/// use corpus_lens::run::options::stopword_file;
/// assert_eq!(stopword_file(Some("words.txt")), Some("words.txt".into()));
/// assert_eq!(stopword_file(Some("english")), None);
/// ```
pub fn stopword_file(arg: Option<&str>) -> Option<PathBuf> {
    arg.filter(|s| *s != "english" && *s != "none")
        .map(PathBuf::from)
}
