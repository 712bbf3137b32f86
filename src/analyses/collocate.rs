//! Collocation windows and concordance lines around node words, counted per paragraph.
//!
//! Takes a paragraph's counted tokens (word ids, sentence of each token) and the node
//! occurrences found by [`crate::count::nodes`]; gives, per node, how often each word falls in the
//! window around it (left and right apart), and the KWIC lines. The counts are merged like
//! word counts (in paragraph order), and turned into association measures by
//! [`crate::stats::association`] when the tables are made.
//!
//! **Window.** `left` tokens before and `right` tokens after each occurrence (default 5 and
//! 5), never crossing the paragraph (default) or, with [`Within::Sentence`], the sentence of
//! the occurrence's first (left side) or last (right side) token; never crossing documents.
//! The occurrence's own tokens are never its collocates. Only counted tokens take window
//! places: punctuation never does, numbers only with `keep_numbers`.
//!
//! **Counting.** [`Counting::Occurrence`] (default, Evert 2008) counts every (occurrence,
//! token in its window) pair: a token in the overlap of two windows counts twice, so `O11`
//! may exceed `f(collocate)` and the row's table is flagged impossible.
//! [`Counting::Union`] counts each token position once per node, however many windows hold
//! it (with the side of the first window that holds it), so `O11 <= f(collocate)` and the
//! table is always possible. An occurrence's own tokens are not in its window, but they may be
//! in a neighbouring occurrence's window and count there.

use std::ops::Range;

use ndarray::Array2;
use rustc_hash::FxHashMap;

use crate::count::engine::Analysis;
use crate::count::nodes::NodeSet;
use crate::count::spill::{get_str, get_varint, put_str, put_varint, Spill, SpillLog};
use crate::count::vocab::WordId;
use crate::error::Result;
use crate::rows::{finite, table_row, Cell};
use crate::stats::association::{measures, Counts};

/// What bounds a window.
///
/// ```
/// use corpus_lens::collocate::{count_windows, WindowOptions, Within};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let mut options = WindowOptions::new(NodeSet::new(&["b"], MatchBy::Word, false)?);
/// // Tokens a b | c d in two sentences; the node "b" is token 1.
/// let (ids, sentences) = ([10, 11, 12, 13], [0, 0, 1, 1]);
/// let w = count_windows(&ids, &sentences, &[(0, 1, 1)], &options);
/// assert_eq!(w.pairs, [(0, 10, 1, 0), (0, 12, 0, 1), (0, 13, 0, 1)]);
/// options.within = Within::Sentence;
/// let w = count_windows(&ids, &sentences, &[(0, 1, 1)], &options);
/// assert_eq!(w.pairs, [(0, 10, 1, 0)]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Within {
    /// The paragraph (default).
    #[default]
    Paragraph,
    /// The sentence.
    Sentence,
}

/// How co-occurrences in overlapping windows count.
///
/// ```
/// use corpus_lens::collocate::{count_windows, Counting, WindowOptions};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let mut options = WindowOptions::new(NodeSet::new(&["b"], MatchBy::Word, false)?);
/// // Tokens b x b: "x" (id 20) lies in the windows of both occurrences of "b" (id 11).
/// let (ids, occurrences) = ([11, 20, 11], [(0, 0, 1), (0, 2, 1)]);
/// let w = count_windows(&ids, &[0; 3], &occurrences, &options);
/// assert_eq!(w.pairs, [(0, 11, 1, 1), (0, 20, 1, 1)]);
/// options.counting = Counting::Union;
/// let w = count_windows(&ids, &[0; 3], &occurrences, &options);
/// assert_eq!(w.pairs, [(0, 11, 1, 1), (0, 20, 0, 1)]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Counting {
    /// Once per (node occurrence, token in its window) pair (Evert 2008).
    #[default]
    Occurrence,
    /// Once per token position and node.
    Union,
}

/// Collocation and concordance settings.
///
/// ```
/// use corpus_lens::collocate::{Counting, WindowOptions, Within};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions {
///     left: 3,
///     right: 3,
///     within: Within::Sentence,
///     counting: Counting::Union,
///     kwic_width: 0, // no concordance lines
///     ..WindowOptions::new(NodeSet::new(&["Kerensky"], MatchBy::Word, true)?)
/// };
/// assert_eq!(options.span(), 6);
/// assert!(options.nodes.case_sensitive());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct WindowOptions {
    /// The nodes.
    pub nodes: NodeSet,
    /// Tokens to the left (default 5).
    pub left: usize,
    /// Tokens to the right (default 5).
    pub right: usize,
    /// Window bound.
    pub within: Within,
    /// Overlap rule.
    pub counting: Counting,
    /// Tokens of context on each side of a KWIC line (default 8); 0 leaves KWIC out.
    pub kwic_width: usize,
}

impl WindowOptions {
    /// Default windows (5 left, 5 right, paragraph-bounded, per occurrence, KWIC width 8)
    /// around `nodes`.
    ///
    /// ```
    /// use corpus_lens::{collocate::WindowOptions, nodes::{MatchBy, NodeSet}};
    /// let options = WindowOptions::new(NodeSet::new(&["soviet"], MatchBy::Stem, false)?);
    /// assert_eq!((options.left, options.right), (5, 5));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn new(nodes: NodeSet) -> WindowOptions {
        WindowOptions {
            nodes,
            left: 5,
            right: 5,
            within: Within::Paragraph,
            counting: Counting::Occurrence,
            kwic_width: 8,
        }
    }

    /// `left + right`, the span of Evert's `R1 = span * f(node)`.
    ///
    /// ```
    /// use corpus_lens::{collocate::WindowOptions, nodes::{MatchBy, NodeSet}};
    /// let mut options = WindowOptions::new(NodeSet::new(&["soviet"], MatchBy::Stem, false)?);
    /// assert_eq!(options.span(), 10);
    /// options.right = 0;
    /// assert_eq!(options.span(), 5);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn span(&self) -> u64 {
        (self.left + self.right) as u64
    }
}

/// One concordance line, in the original spelling.
///
/// ```
/// use std::sync::Arc;
/// use corpus_lens::collocate::WindowOptions;
/// use corpus_lens::count::{count_paragraph, seed_vocabulary, CountOptions, Scratch};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// use corpus_lens::vocab::Vocabulary;
/// let mut windows = WindowOptions::new(NodeSet::new(&["Kerensky"], MatchBy::Word, false)?);
/// windows.kwic_width = 2;
/// let options = CountOptions { windows: Some(Arc::new(windows)), ..Default::default() };
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// let text = "The Soviet met. Then KERENSKY\nresigned\nand fled.";
/// let counts = count_paragraph(text, &vocab, &options, &mut Scratch::default());
/// let line = &counts.windows.unwrap().kwic[0];
/// assert_eq!((line.node, line.sentence, line.token_index), (0, 1, 4));
/// assert_eq!(line.text, "KERENSKY"); // as written
/// assert_eq!(line.right, "resigned and"); // two tokens, the line break folded to a space
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicLine {
    /// Node index.
    pub node: u16,
    /// Sentence of the node in its paragraph, from 0.
    pub sentence: u32,
    /// Index of the node's first token among the paragraph's counted tokens, from 0.
    pub token_index: u32,
    /// Left context.
    pub left: String,
    /// The node as written.
    pub text: String,
    /// Right context.
    pub right: String,
}

/// A document's concordance lines, `(paragraph index, line)` in text order, in a compact
/// log that goes to a temporary file past a memory budget (see [`crate::count::spill`]).
///
/// ```
/// use corpus_lens::collocate::{KwicLine, KwicLines};
/// use corpus_lens::spill::Spill;
/// let line = KwicLine {
///     node: 0,
///     sentence: 2,
///     token_index: 7,
///     left: "the".into(),
///     text: "Soviet".into(),
///     right: "met".into(),
/// };
/// let mut lines = KwicLines::with_spill(Spill::new(0));
/// lines.push(4, &line);
/// lines.finish();
/// assert_eq!(lines.len(), 1);
/// assert_eq!(lines.lines()?, [(4, line)]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct KwicLines {
    log: SpillLog,
    lines: u64,
    record: Vec<u8>,
}

impl PartialEq for KwicLines {
    /// Equal lines (false if either cannot be read back).
    fn eq(&self, other: &KwicLines) -> bool {
        self.lines == other.lines
            && matches!((self.lines(), other.lines()), (Ok(a), Ok(b)) if a == b)
    }
}

impl KwicLines {
    /// No lines, logged under this memory budget.
    ///
    /// ```
    /// use corpus_lens::{collocate::KwicLines, spill::Spill};
    /// // 1 MiB for all the logs that share this budget; past it, chunks go to a file.
    /// let lines = KwicLines::with_spill(Spill::new(1 << 20));
    /// assert!(lines.is_empty());
    /// ```
    pub fn with_spill(spill: Spill) -> KwicLines {
        KwicLines {
            log: SpillLog::new(spill),
            ..Default::default()
        }
    }

    /// Appends the line of paragraph `paragraph` (lines in text order).
    ///
    /// ```
    /// # use corpus_lens::{collocate::{KwicLine, KwicLines}, spill::Spill};
    /// # let line = KwicLine { node: 0, sentence: 0, token_index: 3, left: "the".into(), text: "Soviet".into(), right: "met".into() };
    /// let mut lines = KwicLines::with_spill(Spill::new(1 << 20));
    /// lines.push(0, &line);
    /// lines.push(2, &line);
    /// lines.finish();
    /// assert_eq!(lines.lines()?.iter().map(|l| l.0).collect::<Vec<_>>(), [0, 2]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn push(&mut self, paragraph: u64, line: &KwicLine) {
        let r = &mut self.record;
        r.clear();
        put_varint(r, paragraph);
        put_varint(r, line.node as u64);
        put_varint(r, line.sentence as u64);
        put_varint(r, line.token_index as u64);
        put_str(r, &line.left);
        put_str(r, &line.text);
        put_str(r, &line.right);
        self.log.push(r);
        self.lines += 1;
    }

    /// Finishes the log's last chunk (at the end of the document).
    ///
    /// ```
    /// # use corpus_lens::{collocate::{KwicLine, KwicLines}, spill::Spill};
    /// # let line = KwicLine { node: 0, sentence: 0, token_index: 3, left: "the".into(), text: "Soviet".into(), right: "met".into() };
    /// let mut lines = KwicLines::with_spill(Spill::new(0)); // every chunk to the file
    /// lines.push(1, &line);
    /// lines.finish(); // the last chunk is written too
    /// assert_eq!(lines.lines()?, [(1, line)]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn finish(&mut self) {
        self.log.finish_chunk();
        self.record = Vec::new();
    }

    /// Number of lines.
    ///
    /// ```
    /// # use corpus_lens::{collocate::{KwicLine, KwicLines}, spill::Spill};
    /// # let line = KwicLine { node: 0, sentence: 0, token_index: 3, left: "the".into(), text: "Soviet".into(), right: "met".into() };
    /// let mut lines = KwicLines::with_spill(Spill::new(1 << 20));
    /// lines.push(0, &line);
    /// lines.push(0, &line);
    /// assert_eq!(lines.len(), 2);
    /// ```
    pub fn len(&self) -> u64 {
        self.lines
    }

    /// True when there is no line.
    ///
    /// ```
    /// # use corpus_lens::{collocate::{KwicLine, KwicLines}, spill::Spill};
    /// # let line = KwicLine { node: 0, sentence: 0, token_index: 3, left: "the".into(), text: "Soviet".into(), right: "met".into() };
    /// let mut lines = KwicLines::with_spill(Spill::new(1 << 20));
    /// assert!(lines.is_empty());
    /// lines.push(0, &line);
    /// assert!(!lines.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.lines == 0
    }

    /// Calls `f(paragraph, line)` for every line in order, the line decoded into one reused
    /// value.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Io`] naming the temporary directory if the log cannot be read back;
    /// any error of `f`.
    ///
    /// ```
    /// # use corpus_lens::{collocate::{KwicLine, KwicLines}, spill::Spill};
    /// # let line = KwicLine { node: 0, sentence: 0, token_index: 3, left: "the".into(), text: "Soviet".into(), right: "met".into() };
    /// let mut lines = KwicLines::with_spill(Spill::new(1 << 20));
    /// lines.push(5, &line);
    /// lines.finish();
    /// let mut nodes = Vec::new();
    /// lines.for_each(|paragraph, l| {
    ///     nodes.push((paragraph, l.text.clone()));
    ///     Ok(())
    /// })?;
    /// assert_eq!(nodes, [(5, "Soviet".to_string())]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn for_each(&self, mut f: impl FnMut(u64, &KwicLine) -> Result<()>) -> Result<()> {
        let mut line = empty_line();
        self.log.for_each_chunk(|bytes| {
            let mut pos = 0;
            while pos < bytes.len() {
                let paragraph = decode_line(bytes, &mut pos, &mut line);
                f(paragraph, &line)?;
            }
            Ok(())
        })
    }

    /// Every line with its paragraph index, in order.
    ///
    /// # Errors
    ///
    /// As [`KwicLines::for_each`].
    ///
    /// ```
    /// # use corpus_lens::{collocate::{KwicLine, KwicLines}, spill::Spill};
    /// # let line = KwicLine { node: 0, sentence: 0, token_index: 3, left: "the".into(), text: "Soviet".into(), right: "met".into() };
    /// let mut lines = KwicLines::with_spill(Spill::new(1 << 20));
    /// lines.push(3, &line);
    /// lines.finish();
    /// assert_eq!(lines.lines()?, [(3, line)]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn lines(&self) -> Result<Vec<(u64, KwicLine)>> {
        let mut out = Vec::with_capacity(self.lines as usize);
        self.for_each(|p, l| {
            out.push((p, l.clone()));
            Ok(())
        })?;
        Ok(out)
    }
}

fn empty_line() -> KwicLine {
    KwicLine {
        node: 0,
        sentence: 0,
        token_index: 0,
        left: String::new(),
        text: String::new(),
        right: String::new(),
    }
}

/// Reads a line written by [`KwicLines::push`] into `line`; returns its paragraph.
fn decode_line(b: &[u8], pos: &mut usize, line: &mut KwicLine) -> u64 {
    let paragraph = get_varint(b, pos);
    line.node = get_varint(b, pos) as u16;
    line.sentence = get_varint(b, pos) as u32;
    line.token_index = get_varint(b, pos) as u32;
    get_str(b, pos, &mut line.left);
    get_str(b, pos, &mut line.text);
    get_str(b, pos, &mut line.right);
    paragraph
}

/// What one paragraph contributes to collocations.
///
/// ```
/// use corpus_lens::collocate::{count_windows, WindowOptions};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions::new(NodeSet::new(&["a", "b"], MatchBy::Word, false)?);
/// // Tokens a b a: node 0 ("a") twice, node 1 ("b") once.
/// let w = count_windows(&[1, 2, 1], &[0; 3], &[(0, 0, 1), (1, 1, 1), (0, 2, 1)], &options);
/// assert_eq!(w.node_freq, [2, 1]);
/// assert!(w.pairs.contains(&(1, 1, 1, 1))); // "a" left and right of "b"
/// assert!(w.kwic.is_empty()); // concordance lines need the text: see count_paragraph
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParagraphWindows {
    /// Occurrences of each node.
    pub node_freq: Vec<u32>,
    /// `(node, collocate, left count, right count)`.
    pub pairs: Vec<(u16, WordId, u32, u32)>,
    /// Concordance lines, in text order.
    pub kwic: Vec<KwicLine>,
}

/// Counts the windows of one paragraph.
///
/// `ids` and `sentences` are the paragraph's counted tokens; `occurrences` are
/// `(node, first token, length)` as found by [`NodeSet::occurrences`].
///
/// ```
/// use corpus_lens::collocate::{count_windows, WindowOptions};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let mut options = WindowOptions::new(NodeSet::new(&["b"], MatchBy::Word, false)?);
/// options.left = 1;
/// options.right = 2;
/// // tokens a b c d, node "b" at 1: window a | c d
/// let w = count_windows(&[10, 11, 12, 13], &[0; 4], &[(0, 1, 1)], &options);
/// assert_eq!(w.node_freq, [1]);
/// assert_eq!(w.pairs, [(0, 10, 1, 0), (0, 12, 0, 1), (0, 13, 0, 1)]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn count_windows(
    ids: &[WordId],
    sentences: &[u32],
    occurrences: &[(usize, usize, usize)],
    options: &WindowOptions,
) -> ParagraphWindows {
    let n_nodes = options.nodes.nodes().len();
    let mut out = ParagraphWindows {
        node_freq: vec![0; n_nodes],
        ..Default::default()
    };
    // (node, collocate) -> index in out.pairs; paragraphs are short, a linear map is enough
    // for the few distinct pairs, but a hash map keeps long paragraphs linear too.
    let mut index: rustc_hash::FxHashMap<(u16, WordId), usize> = Default::default();
    // Union counting: which positions each node's windows have counted already.
    let mut counted: Vec<Vec<bool>> = Vec::new();
    if options.counting == Counting::Union {
        counted = vec![vec![false; ids.len()]; n_nodes];
    }
    for &(node, start, len) in occurrences {
        out.node_freq[node] += 1;
        let end = start + len;
        let (left, right) = window(sentences, start, end, options);
        for (positions, is_left) in [(left, true), (right, false)] {
            for p in positions {
                if let Some(seen) = counted.get_mut(node) {
                    if seen[p] {
                        continue;
                    }
                    seen[p] = true;
                }
                let key = (node as u16, ids[p]);
                let slot = *index.entry(key).or_insert_with(|| {
                    out.pairs.push((key.0, key.1, 0, 0));
                    out.pairs.len() - 1
                });
                if is_left {
                    out.pairs[slot].2 += 1;
                } else {
                    out.pairs[slot].3 += 1;
                }
            }
        }
    }
    out.pairs.sort_unstable();
    out
}

/// The left and right window positions of an occurrence `start..end`.
fn window(
    sentences: &[u32],
    start: usize,
    end: usize,
    options: &WindowOptions,
) -> (Range<usize>, Range<usize>) {
    let mut lo = start.saturating_sub(options.left);
    let mut hi = (end + options.right).min(sentences.len());
    if options.within == Within::Sentence {
        let first = sentences[start];
        let last = sentences[end - 1];
        while lo < start && sentences[lo] != first {
            lo += 1;
        }
        while hi > end && sentences[hi - 1] != last {
            hi -= 1;
        }
    }
    (lo..start, end..hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::count::nodes::MatchBy;

    fn options(left: usize, right: usize) -> WindowOptions {
        let mut o = WindowOptions::new(NodeSet::new(&["x"], MatchBy::Word, false).unwrap());
        o.left = left;
        o.right = right;
        o
    }

    /// Tokens (ids): 1 2 X 3 X 4 5, X = 9 at positions 2 and 4, window 2 + 2.
    /// Occurrence at 2: left {1, 2}, right {3, X@4}. Occurrence at 4: left {X@2, 3},
    /// right {4, 5}. Per occurrence: 1:L1, 2:L1, 3:R1+L1, 9:R1+L1, 4:R1, 5:R1.
    /// Union: each position once. The second window's left positions are 2 (the first X,
    /// not yet counted: it is no collocate of its own occurrence) and 3 (counted as right of
    /// the first): 1:L1, 2:L1, 3:R1, 9:R1 (position 4) + L1 (position 2), 4:R1, 5:R1.
    #[test]
    fn overlapping_windows_by_occurrence_and_union() {
        let ids = [1, 2, 9, 3, 9, 4, 5];
        let occ = [(0, 2, 1), (0, 4, 1)];
        let w = count_windows(&ids, &[0; 7], &occ, &options(2, 2));
        assert_eq!(w.node_freq, [2]);
        assert_eq!(
            w.pairs,
            [
                (0, 1, 1, 0),
                (0, 2, 1, 0),
                (0, 3, 1, 1),
                (0, 4, 0, 1),
                (0, 5, 0, 1),
                (0, 9, 1, 1)
            ]
        );
        let mut union = options(2, 2);
        union.counting = Counting::Union;
        let w = count_windows(&ids, &[0; 7], &occ, &union);
        assert_eq!(
            w.pairs,
            [
                (0, 1, 1, 0),
                (0, 2, 1, 0),
                (0, 3, 0, 1),
                (0, 4, 0, 1),
                (0, 5, 0, 1),
                (0, 9, 1, 1)
            ]
        );
    }

    #[test]
    fn sentence_bound_windows() {
        // sentences: 0 0 | 1 1 1 | 2; node at 3 (sentence 1), window 3 + 3.
        let ids = [1, 2, 3, 9, 4, 5];
        let sentences = [0, 0, 1, 1, 1, 2];
        let mut o = options(3, 3);
        o.within = Within::Sentence;
        let w = count_windows(&ids, &sentences, &[(0, 3, 1)], &o);
        assert_eq!(w.pairs, [(0, 3, 1, 0), (0, 4, 0, 1)]);
        o.within = Within::Paragraph;
        let w = count_windows(&ids, &sentences, &[(0, 3, 1)], &o);
        assert_eq!(w.pairs.len(), 5);
    }

    #[test]
    fn phrase_tokens_are_not_their_own_collocates() {
        let ids = [1, 7, 8, 2];
        let w = count_windows(&ids, &[0; 4], &[(0, 1, 2)], &options(5, 5));
        assert_eq!(w.pairs, [(0, 1, 1, 0), (0, 2, 0, 1)]);
    }
}

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
    /// use corpus_lens::{corpus::Corpus, count::CountOptions, engine::{Analyzer, Config}};
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
/// use corpus_lens::{corpus::Corpus, count::CountOptions, engine::{Analyzer, Config}};
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
    /// Sort by (descending; undefined values last; ties by collocate). Default: G2.
    pub sort_by: Measure,
    /// Keep at most this many collocates per document and node (default: all).
    pub top: Option<usize>,
}

impl Default for CollocationFilter {
    fn default() -> Self {
        CollocationFilter {
            min_o11: 2,
            min_freq: 1,
            sort_by: Measure::LogLikelihood,
            top: None,
        }
    }
}

table_row! {
    /// A row of `collocations.csv` (see [`crate::tables::COLLOCATIONS`]).
    ///
    /// ```
    /// use corpus_lens::collocate::{collocation_rows, CollocationFilter, WindowOptions};
    /// use corpus_lens::{corpus::Corpus, count::CountOptions, engine::{Analyzer, Config}, tables};
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

table_row! {
    /// A row of `kwic.csv` (see [`crate::tables::KWIC`]).
    ///
    /// ```
    /// use corpus_lens::collocate::{kwic_rows, WindowOptions};
    /// use corpus_lens::{corpus::Corpus, count::CountOptions, engine::{Analyzer, Config}};
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// let options = WindowOptions::new(NodeSet::new(&["Coalitionist"], MatchBy::Word, false)?);
    /// let config = Config {
    ///     count: CountOptions { windows: Some(options.clone().into()), ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let rows = kwic_rows(&Analyzer::new(config).run(&corpus)?, &options)?;
    /// let row = &rows[0];
    /// assert_eq!((row.document.as_str(), row.query.as_str()), ("trotsky1918", "Coalitionist"));
    /// assert_eq!(row.node.to_lowercase(), "coalitionist");
    /// assert!(row.left.split(' ').count() <= 8);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[allow(missing_docs)]
    pub struct KwicRow {
        pub document: String,
        pub paragraph: u64,
        pub sentence: u32,
        pub token_index: u32,
        pub left: String,
        pub node: String,
        pub right: String,
        pub query: String,
    }
}

/// One group's counts: its node frequencies, pairs, tokens and word frequencies.
struct Group<'a> {
    name: &'a str,
    node_freq: Vec<u64>,
    pairs: Vec<(u16, WordId, u64, u64)>,
    tokens: u64,
    freq: &'a dyn Fn(WordId) -> u64,
}

/// The rows of `collocations.csv`: the whole corpus first (document `(corpus)`), then each
/// document in corpus order; within a group, nodes in the order given, collocates by the
/// sort measure.
///
/// ```
/// use corpus_lens::{collocate::*, corpus::Corpus, count::CountOptions, engine::*};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions::new(NodeSet::new(&["bourgeoisie"], MatchBy::Word, false)?);
/// let config = Config { count: CountOptions { windows: Some(options.clone().into()),
///     ..Default::default() }, ..Default::default() };
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let rows = collocation_rows(&analysis, &options, &CollocationFilter::default());
/// assert!(rows.iter().any(|r| r.collocate == "propertied" && r.o11 >= 2));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn collocation_rows(
    analysis: &Analysis,
    options: &WindowOptions,
    filter: &CollocationFilter,
) -> Vec<CollocationRow> {
    let corpus_freq = |id: WordId| freq_of(&analysis.corpus_words, id);
    let mut groups = Vec::new();
    let mut corpus_node_freq = vec![0u64; options.nodes.nodes().len()];
    let mut corpus_pairs: FxHashMap<(u16, WordId), (u64, u64)> = FxHashMap::default();
    for doc in &analysis.documents {
        if let Some(w) = &doc.counts.windows {
            for (total, n) in corpus_node_freq.iter_mut().zip(&w.node_freq) {
                *total += n;
            }
            for &(node, id, l, r) in &w.pairs {
                let e = corpus_pairs.entry((node, id)).or_default();
                e.0 += l;
                e.1 += r;
            }
        }
    }
    let mut pairs: Vec<_> = corpus_pairs
        .into_iter()
        .map(|((node, id), (l, r))| (node, id, l, r))
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
    for (doc, freq) in analysis.documents.iter().zip(&doc_freqs) {
        let Some(w) = &doc.counts.windows else {
            continue;
        };
        groups.push(Group {
            name: &doc.document.id,
            node_freq: w.node_freq.clone(),
            pairs: w.pairs.clone(),
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
    analysis: &Analysis,
    options: &WindowOptions,
    filter: &CollocationFilter,
    group: &Group,
    rows: &mut Vec<CollocationRow>,
) {
    for (j, node) in options.nodes.nodes().iter().enumerate() {
        let f_node = group.node_freq.get(j).copied().unwrap_or(0);
        let start = rows.len();
        for &(_, id, l, r) in group.pairs.iter().filter(|p| p.0 as usize == j) {
            let f_collocate = (group.freq)(id);
            if l + r < filter.min_o11 || f_collocate < filter.min_freq {
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
fn by_measure(m: Measure, a: &CollocationRow, b: &CollocationRow) -> std::cmp::Ordering {
    let (x, y) = (m.of(a), m.of(b));
    let key = |v: f64| if v.is_nan() { f64::NEG_INFINITY } else { v };
    key(y)
        .total_cmp(&key(x))
        .then_with(|| a.collocate.cmp(&b.collocate))
}

/// The rows of `kwic.csv`, by document (corpus order) and position.
///
/// ```
/// use corpus_lens::collocate::{kwic_rows, WindowOptions};
/// use corpus_lens::{corpus::Corpus, count::CountOptions, engine::{Analyzer, Config}};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions::new(NodeSet::new(&["Constituent Assembly"], MatchBy::Word, false)?);
/// let config = Config {
///     count: CountOptions { windows: Some(options.clone().into()), ..Default::default() },
///     ..Default::default()
/// };
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let rows = kwic_rows(&Analyzer::new(config).run(&corpus)?, &options)?;
/// assert!(!rows.is_empty());
/// assert!(rows.iter().all(|r| r.node.starts_with("Constituent")));
/// // In text order.
/// assert!(rows.windows(2).all(|w| (w[0].paragraph, w[0].token_index) < (w[1].paragraph, w[1].token_index)));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn kwic_rows(analysis: &Analysis, options: &WindowOptions) -> Result<Vec<KwicRow>> {
    let error = std::cell::Cell::new(None);
    let rows = KwicRows::new(analysis, options, &error).collect();
    error.take().map_or(Ok(rows), Err)
}

/// The rows of `kwic.csv` one at a time, read back from the documents' logs a chunk at a
/// time, for a table writer: an error reading a log back ends the rows and is left in
/// `error`.
///
/// ```
/// use std::cell::Cell;
/// use corpus_lens::collocate::{kwic_rows, KwicRows, WindowOptions};
/// use corpus_lens::{corpus::Corpus, count::CountOptions, engine::{Analyzer, Config}};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions::new(NodeSet::new(&["soviet"], MatchBy::Stem, false)?);
/// let config = Config {
///     count: CountOptions { windows: Some(options.clone().into()), ..Default::default() },
///     spill_limit: Some(0), // every finished chunk to the temporary file
///     ..Default::default()
/// };
/// let analysis = Analyzer::new(config).run(&Corpus::load_default()?)?;
/// let error = Cell::new(None);
/// let streamed: Vec<_> = KwicRows::new(&analysis, &options, &error).collect();
/// assert!(error.take().is_none());
/// assert_eq!(streamed, kwic_rows(&analysis, &options)?);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub struct KwicRows<'a> {
    analysis: &'a Analysis,
    options: &'a WindowOptions,
    error: &'a std::cell::Cell<Option<crate::Error>>,
    /// Next document and chunk of its log.
    document: usize,
    chunk: usize,
    /// Rows of the chunk read last, in reverse order.
    rows: Vec<KwicRow>,
    buf: Vec<u8>,
}

impl std::fmt::Debug for KwicRows<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KwicRows")
            .field("document", &self.document)
            .field("chunk", &self.chunk)
            .finish()
    }
}

impl<'a> KwicRows<'a> {
    /// The rows of every document's lines, in corpus order (see the type's example).
    ///
    /// ```
    /// use std::cell::Cell;
    /// use corpus_lens::collocate::{KwicRows, WindowOptions};
    /// use corpus_lens::{corpus::Corpus, count::CountOptions, engine::{Analyzer, Config}};
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// let options = WindowOptions::new(NodeSet::new(&["kerensky"], MatchBy::Word, false)?);
    /// let config = Config {
    ///     count: CountOptions { windows: Some(options.clone().into()), ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let analysis = Analyzer::new(config).run(&Corpus::load_default()?)?;
    /// let error = Cell::new(None);
    /// let first = KwicRows::new(&analysis, &options, &error).next().expect("a line");
    /// assert!(error.take().is_none());
    /// assert_eq!(first.node.to_lowercase(), "kerensky"); // as written
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn new(
        analysis: &'a Analysis,
        options: &'a WindowOptions,
        error: &'a std::cell::Cell<Option<crate::Error>>,
    ) -> KwicRows<'a> {
        KwicRows {
            analysis,
            options,
            error,
            document: 0,
            chunk: 0,
            rows: Vec::new(),
            buf: Vec::new(),
        }
    }

    /// Reads the next chunk's rows; false at the end.
    fn refill(&mut self) -> Result<bool> {
        while let Some(doc) = self.analysis.documents.get(self.document) {
            let Some(w) = &doc.counts.windows else {
                self.document += 1;
                continue;
            };
            if self.chunk >= w.kwic.log.chunks() {
                self.document += 1;
                self.chunk = 0;
                continue;
            }
            let bytes = w.kwic.log.chunk(self.chunk, &mut self.buf)?;
            self.chunk += 1;
            let mut pos = 0;
            let mut line = empty_line();
            while pos < bytes.len() {
                let paragraph = decode_line(bytes, &mut pos, &mut line);
                let k = std::mem::replace(&mut line, empty_line());
                self.rows.push(KwicRow {
                    document: doc.document.id.clone(),
                    paragraph,
                    sentence: k.sentence,
                    token_index: k.token_index,
                    query: self.options.nodes.nodes()[k.node as usize].label.clone(),
                    left: k.left,
                    node: k.text,
                    right: k.right,
                });
            }
            self.rows.reverse();
            if !self.rows.is_empty() {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

impl Iterator for KwicRows<'_> {
    type Item = KwicRow;

    fn next(&mut self) -> Option<KwicRow> {
        if self.rows.is_empty() {
            match self.refill() {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => {
                    self.error.set(Some(e));
                    self.document = self.analysis.documents.len();
                    return None;
                }
            }
        }
        self.rows.pop()
    }
}

/// The node x collocate matrix of the corpus group: for each node its `top` collocates by
/// `measure` (after the filter), the union of them as columns (ordered by first appearance:
/// node by node, best first), the measure's value in each cell (NaN where the pair was not
/// kept).
///
/// ```
/// use corpus_lens::collocate::{cooc_matrix, CollocationRow, Measure};
/// let row = |node: &str, c: &str, g: f64| CollocationRow { document: "(corpus)".into(),
///     node: node.into(), collocate: c.into(), o11: 2, o11_left: 1, o11_right: 1, f_node: 2,
///     f_collocate: 2, n: 100, e11: None, mi: None, mi3: None, t_score: None, z_score: None,
///     log_likelihood: Some(g), log_dice: None, dice: None, delta_p_collocate_given_node: None,
///     delta_p_node_given_collocate: None, chi2: None, log_ratio: None, span: 10,
///     impossible: false };
/// let rows = [row("a", "x", 3.0), row("a", "y", 2.0), row("b", "y", 5.0)];
/// let (nodes, collocates, m) = cooc_matrix(&rows, &["a".into(), "b".into()], Measure::LogLikelihood, 2);
/// assert_eq!(collocates, ["x", "y"]);
/// assert_eq!(m[[1, 1]], 5.0);
/// assert!(m[[1, 0]].is_nan());
/// # let _ = nodes;
/// ```
pub fn cooc_matrix(
    rows: &[CollocationRow],
    nodes: &[String],
    measure: Measure,
    top: usize,
) -> (Vec<String>, Vec<String>, Array2<f64>) {
    let corpus: Vec<&CollocationRow> = rows.iter().filter(|r| r.document == CORPUS_GROUP).collect();
    let mut columns: Vec<String> = Vec::new();
    for node in nodes {
        let mut mine: Vec<&&CollocationRow> = corpus.iter().filter(|r| &r.node == node).collect();
        mine.sort_by(|a, b| by_measure(measure, a, b));
        for r in mine.into_iter().take(top) {
            if !columns.contains(&r.collocate) {
                columns.push(r.collocate.clone());
            }
        }
    }
    let mut m = Array2::from_elem((nodes.len(), columns.len()), f64::NAN);
    for r in &corpus {
        let (Some(i), Some(j)) = (
            nodes.iter().position(|n| *n == r.node),
            columns.iter().position(|c| *c == r.collocate),
        ) else {
            continue;
        };
        m[[i, j]] = measure.of(r);
    }
    (nodes.to_vec(), columns, m)
}

/// The columns of `cooc_matrix.csv` for these collocates ([`crate::schema::COOC_MATRIX`]):
/// `node`, then one per collocate.
///
/// ```
/// let layout = corpus_lens::collocate::cooc_layout(&["power".into()]);
/// assert_eq!(layout.header(), ["node", "power"]);
/// ```
pub fn cooc_layout(collocates: &[String]) -> crate::schema::Layout {
    let names: Vec<&str> = collocates.iter().map(String::as_str).collect();
    crate::schema::COOC_MATRIX.layout(&names)
}

/// Writes the matrix as a wide CSV: a `node` column, then one column per collocate (the
/// header of [`cooc_layout`]).
///
/// ```
/// let m = ndarray::arr2(&[[1.5, f64::NAN]]);
/// let mut out = Vec::new();
/// corpus_lens::collocate::write_cooc_matrix(&mut out, &["soviet".into()], &["a".into(), "b,c".into()], &m)?;
/// assert_eq!(String::from_utf8(out).unwrap(), "node,a,\"b,c\"\nsoviet,1.5,\n");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn write_cooc_matrix(
    mut w: impl std::io::Write,
    nodes: &[String],
    collocates: &[String],
    m: &Array2<f64>,
) -> crate::Result<()> {
    let mut buf = Vec::new();
    cooc_layout(collocates).write_header(&mut buf);
    for (i, node) in nodes.iter().enumerate() {
        node.write_cell(&mut buf);
        for v in m.row(i) {
            buf.push(b',');
            v.write_cell(&mut buf);
        }
        buf.push(b'\n');
    }
    w.write_all(&buf)
        .map_err(|e| crate::Error::io(COOC_FILE, e))
}

/// File name of the co-occurrence matrix.
pub const COOC_FILE: &str = crate::schema::COOC_MATRIX.file;
