//! The rows of `collocations.csv`: association measures of every (node, collocate) pair,
//! filtered and sorted ([`collocation_rows`]).

use crate::text::stopwords::Stopwords;
use rustc_hash::FxHashMap;

use crate::analyses::collocate::kwic::DocumentWindows;
use crate::analyses::collocate::windows::WindowOptions;
use crate::count::engine::CorpusCounts;
use crate::count::vocab::WordId;
use crate::rows::{finite, table_row};
use crate::stats::association::{measures, Counts};

/// The `document` value of rows computed over the whole corpus.
pub const CORPUS_GROUP: &str = "(corpus)";

/// A measure to sort collocates by.
///
/// ```
/// use corpus_lens::collocate::{CollocationFilter, Measure};
/// assert_eq!(Measure::default(), Measure::LogLikelihood);
/// let names: Vec<&str> = Measure::ALL.iter().map(|(_, name)| *name).collect();
/// assert_eq!(names[..3], ["o11", "mi", "mi3"]);
/// let filter = CollocationFilter { sort_by: Measure::parse("t_score").unwrap(), ..Default::default() };
/// assert_eq!(filter.sort_by, Measure::TScore);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(missing_docs)]
pub enum Measure {
    O11,
    Mi,
    Mi3,
    TScore,
    ZScore,
    #[default]
    LogLikelihood,
    LogDice,
    Dice,
    DeltaPCollocateGivenNode,
    DeltaPNodeGivenCollocate,
    Chi2,
    LogRatio,
}

impl Measure {
    /// Every measure with its column name.
    pub const ALL: [(Measure, &'static str); 12] = [
        (Measure::O11, "o11"),
        (Measure::Mi, "mi"),
        (Measure::Mi3, "mi3"),
        (Measure::TScore, "t_score"),
        (Measure::ZScore, "z_score"),
        (Measure::LogLikelihood, "log_likelihood"),
        (Measure::LogDice, "log_dice"),
        (Measure::Dice, "dice"),
        (
            Measure::DeltaPCollocateGivenNode,
            "delta_p_collocate_given_node",
        ),
        (
            Measure::DeltaPNodeGivenCollocate,
            "delta_p_node_given_collocate",
        ),
        (Measure::Chi2, "chi2"),
        (Measure::LogRatio, "log_ratio"),
    ];

    /// The measure named by its column name.
    ///
    /// ```
    /// use corpus_lens::collocate::Measure;
    /// assert_eq!(Measure::parse("log_dice"), Some(Measure::LogDice));
    /// assert_eq!(Measure::parse("nonsense"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Measure> {
        Measure::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(m, _)| *m)
    }

    /// The value of this measure in a row.
    ///
    /// ```
    /// use corpus_lens::collocate::{collocation_rows, CollocationFilter, Measure, WindowOptions};
    /// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// let options = WindowOptions::new(NodeSet::new(&["bourgeoisie"], MatchBy::Word, false)?);
    /// let config = Config {
    ///     count: CountOptions { windows: Some(options.clone().into()), ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let analysis = Analyzer::new(config).run(&corpus)?;
    /// let rows = collocation_rows(&analysis, &options, &CollocationFilter::default());
    /// assert_eq!(Measure::O11.of(&rows[0]), rows[0].o11 as f64);
    /// assert_eq!(Measure::LogDice.of(&rows[0]), rows[0].log_dice.unwrap_or(f64::NAN));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn of(self, row: &CollocationRow) -> f64 {
        let v = match self {
            Measure::O11 => Some(row.o11 as f64),
            Measure::Mi => row.mi,
            Measure::Mi3 => row.mi3,
            Measure::TScore => row.t_score,
            Measure::ZScore => row.z_score,
            Measure::LogLikelihood => row.log_likelihood,
            Measure::LogDice => row.log_dice,
            Measure::Dice => row.dice,
            Measure::DeltaPCollocateGivenNode => row.delta_p_collocate_given_node,
            Measure::DeltaPNodeGivenCollocate => row.delta_p_node_given_collocate,
            Measure::Chi2 => row.chi2,
            Measure::LogRatio => row.log_ratio,
        };
        v.unwrap_or(f64::NAN)
    }
}

/// Which collocates the table keeps, and in what order.
///
/// ```
/// use corpus_lens::collocate::{collocation_rows, CollocationFilter, Measure, WindowOptions};
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions::new(NodeSet::new(&["soviet"], MatchBy::Stem, false)?);
/// let config = Config {
///     count: CountOptions { windows: Some(options.clone().into()), ..Default::default() },
///     ..Default::default()
/// };
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// // The 5 strongest collocates by logDice seen at least 3 times, per document and node.
/// let filter = CollocationFilter { min_o11: 3, sort_by: Measure::LogDice, top: Some(5), ..Default::default() };
/// let rows = collocation_rows(&analysis, &options, &filter);
/// let corpus_rows: Vec<_> = rows.iter().filter(|r| r.document == "(corpus)").collect();
/// assert_eq!(corpus_rows.len(), 5);
/// assert!(corpus_rows.iter().all(|r| r.o11 >= 3));
/// assert!(corpus_rows.windows(2).all(|w| w[0].log_dice >= w[1].log_dice));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct CollocationFilter {
    /// Leave out pairs seen fewer times (default 2).
    pub min_o11: u64,
    /// Leave out collocates rarer than this in the group (default 1).
    pub min_freq: u64,
    /// Sort by (descending; undefined values last; ties by collocate). Default: logDice, a
    /// measure of the bond's strength that neither frequent pairs (as G2) nor rare ones (as
    /// MI) dominate, and Sketch Engine's default.
    pub sort_by: Measure,
    /// Keep at most this many collocates per document and node (default: all).
    pub top: Option<usize>,
    /// Leave out collocates in this list (default: Snowball's English stopwords, so that the
    /// top collocates are content words; `None` keeps every word).
    pub stopwords: Option<Stopwords>,
    /// Leave out pairs seen in fewer documents (default 1; the rows of one document have
    /// range 1, so a value above 1 keeps only corpus rows).
    pub min_range: u64,
}

impl Default for CollocationFilter {
    fn default() -> Self {
        CollocationFilter {
            min_o11: 2,
            min_freq: 1,
            sort_by: Measure::LogDice,
            top: None,
            stopwords: Some(Stopwords::english()),
            min_range: 1,
        }
    }
}

table_row! {
    /// A row of `collocations.csv` (see [`crate::tables::COLLOCATIONS`]).
    ///
    /// ```
    /// use corpus_lens::collocate::{collocation_rows, CollocationFilter, WindowOptions};
    /// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}, tables};
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// let options = WindowOptions::new(NodeSet::new(&["bourgeoisie"], MatchBy::Word, false)?);
    /// let config = Config {
    ///     count: CountOptions { windows: Some(options.clone().into()), ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let analysis = Analyzer::new(config).run(&corpus)?;
    /// let rows = collocation_rows(&analysis, &options, &CollocationFilter::default());
    /// let row = rows.iter().find(|r| r.collocate == "propertied").unwrap();
    /// assert_eq!((row.document.as_str(), row.node.as_str()), ("(corpus)", "bourgeoisie"));
    /// assert_eq!(row.o11, row.o11_left + row.o11_right);
    /// assert_eq!(row.span, 10);
    /// let mut csv = Vec::new();
    /// tables::write_csv(&mut csv, &tables::COLLOCATIONS, [row])?;
    /// assert!(String::from_utf8(csv).unwrap().lines().nth(1).unwrap().starts_with("(corpus),bourgeoisie,propertied,"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[allow(missing_docs)]
    pub struct CollocationRow {
        pub document: String,
        pub node: String,
        pub collocate: String,
        pub o11: u64,
        pub o11_left: u64,
        pub o11_right: u64,
        pub f_node: u64,
        pub f_collocate: u64,
        pub n: u64,
        pub e11: Option<f64>,
        pub mi: Option<f64>,
        pub mi3: Option<f64>,
        pub t_score: Option<f64>,
        pub z_score: Option<f64>,
        pub log_likelihood: Option<f64>,
        pub log_dice: Option<f64>,
        pub dice: Option<f64>,
        pub delta_p_collocate_given_node: Option<f64>,
        pub delta_p_node_given_collocate: Option<f64>,
        pub chi2: Option<f64>,
        pub log_ratio: Option<f64>,
        pub span: u64,
        pub impossible: bool,
    }
}

/// One group's counts: its node frequencies, pairs, tokens and word frequencies.
struct Group<'a> {
    name: &'a str,
    node_freq: Vec<u64>,
    /// (node, collocate, left, right, documents with the pair).
    pairs: Vec<(u16, WordId, u64, u64, u64)>,
    tokens: u64,
    freq: &'a dyn Fn(WordId) -> u64,
}

/// The rows of `collocations.csv`: the whole corpus first (document `(corpus)`), then each
/// document in corpus order; within a group, nodes in the order given, collocates by the
/// sort measure.
///
/// ```
/// use corpus_lens::{collocate::*, corpus::Corpus, engine::*};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions::new(NodeSet::new(&["bourgeoisie"], MatchBy::Word, false)?);
/// let config = Config { count: CountOptions { windows: Some(options.clone().into()),
///     ..Default::default() }, ..Default::default() };
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// # #[allow(deprecated)]
/// let rows = collocation_rows(&analysis, &options, &CollocationFilter::default());
/// assert!(rows.iter().any(|r| r.collocate == "propertied" && r.o11 >= 2));
/// // The same rows, with the options the run counted.
/// assert_eq!(rows, analysis.collocations(&CollocationFilter::default())?);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// Deprecated: `options` must be the ones the run counted, or the rows are mislabelled
/// without an error; [`crate::run::Analysis::collocations`] takes them from the analysis.
#[deprecated(
    since = "0.2.0",
    note = "use Analysis::collocations (or collocations_of), which takes the window options the run counted"
)]
pub fn collocation_rows<A>(
    analysis: &A,
    options: &WindowOptions,
    filter: &CollocationFilter,
) -> Vec<CollocationRow>
where
    A: AsRef<CorpusCounts> + AsRef<[Option<DocumentWindows>]>,
{
    rows_with(analysis.as_ref(), analysis.as_ref(), options, filter)
}

/// [`collocation_rows`] from a run's counts and windows, without the deprecation: for
/// [`crate::run::Analysis::collocations`].
pub(crate) fn rows_with(
    analysis: &CorpusCounts,
    windows: &[Option<DocumentWindows>],
    options: &WindowOptions,
    filter: &CollocationFilter,
) -> Vec<CollocationRow> {
    let corpus_freq = |id: WordId| freq_of(&analysis.corpus_words, id);
    let mut groups = Vec::new();
    let mut corpus_node_freq = vec![0u64; options.nodes.nodes().len()];
    let mut corpus_pairs: FxHashMap<(u16, WordId), (u64, u64, u64)> = FxHashMap::default();
    for w in windows.iter().flatten() {
        for (total, n) in corpus_node_freq.iter_mut().zip(&w.node_freq) {
            *total += n;
        }
        for &(node, id, l, r) in &w.pairs {
            let e = corpus_pairs.entry((node, id)).or_default();
            e.0 += l;
            e.1 += r;
            e.2 += 1;
        }
    }
    let mut pairs: Vec<_> = corpus_pairs
        .into_iter()
        .map(|((node, id), (l, r, range))| (node, id, l, r, range))
        .collect();
    pairs.sort_unstable();
    groups.push(Group {
        name: CORPUS_GROUP,
        node_freq: corpus_node_freq,
        pairs,
        tokens: analysis.tokens(),
        freq: &corpus_freq,
    });
    let doc_freqs: Vec<_> = analysis
        .documents
        .iter()
        .map(|d| move |id: WordId| freq_of(&d.counts.words, id))
        .collect();
    for ((doc, freq), w) in analysis.documents.iter().zip(&doc_freqs).zip(windows) {
        let Some(w) = w else {
            continue;
        };
        groups.push(Group {
            name: &doc.document.id,
            node_freq: w.node_freq.clone(),
            pairs: w
                .pairs
                .iter()
                .map(|&(n, id, l, r)| (n, id, l, r, 1))
                .collect(),
            tokens: doc.counts.tokens,
            freq,
        });
    }
    let mut rows = Vec::new();
    for group in &groups {
        group_rows(analysis, options, filter, group, &mut rows);
    }
    rows
}

fn freq_of(words: &[crate::count::WordCounts], id: WordId) -> u64 {
    words
        .binary_search_by_key(&id, |w| w.id)
        .map_or(0, |i| words[i].freq)
}

fn group_rows(
    analysis: &CorpusCounts,
    options: &WindowOptions,
    filter: &CollocationFilter,
    group: &Group,
    rows: &mut Vec<CollocationRow>,
) {
    for (j, node) in options.nodes.nodes().iter().enumerate() {
        let f_node = group.node_freq.get(j).copied().unwrap_or(0);
        let start = rows.len();
        for &(_, id, l, r, range) in group.pairs.iter().filter(|p| p.0 as usize == j) {
            let f_collocate = (group.freq)(id);
            if l + r < filter.min_o11 || f_collocate < filter.min_freq || range < filter.min_range {
                continue;
            }
            if filter
                .stopwords
                .as_ref()
                .is_some_and(|s| s.contains(analysis.word(id)))
            {
                continue;
            }
            let counts = Counts {
                o11: l + r,
                f_node,
                f_collocate,
                span: options.span(),
                n: group.tokens,
            };
            let m = measures(&counts);
            rows.push(CollocationRow {
                document: group.name.to_string(),
                node: node.label.clone(),
                collocate: analysis.word(id).to_string(),
                o11: l + r,
                o11_left: l,
                o11_right: r,
                f_node,
                f_collocate,
                n: group.tokens,
                e11: finite(m.e11),
                mi: finite(m.mi),
                mi3: finite(m.mi3),
                t_score: finite(m.t_score),
                z_score: finite(m.z_score),
                log_likelihood: finite(m.log_likelihood),
                log_dice: finite(m.log_dice),
                dice: finite(m.dice),
                delta_p_collocate_given_node: finite(m.delta_p_collocate_given_node),
                delta_p_node_given_collocate: finite(m.delta_p_node_given_collocate),
                chi2: finite(m.chi2),
                log_ratio: finite(m.log_ratio),
                span: options.span(),
                impossible: counts.is_impossible(),
            });
        }
        let block = &mut rows[start..];
        block.sort_by(|a, b| by_measure(filter.sort_by, a, b));
        if let Some(top) = filter.top {
            rows.truncate(start + top.min(rows.len() - start));
        }
    }
}

/// Descending by the measure, undefined values last, then by collocate.
pub(super) fn by_measure(m: Measure, a: &CollocationRow, b: &CollocationRow) -> std::cmp::Ordering {
    let (x, y) = (m.of(a), m.of(b));
    let key = |v: f64| if v.is_nan() { f64::NEG_INFINITY } else { v };
    key(y)
        .total_cmp(&key(x))
        .then_with(|| a.collocate.cmp(&b.collocate))
}
