//! Window settings ([`WindowOptions`]) and what one paragraph's windows contribute
//! ([`count_windows`]): counts of the words around each node occurrence, and its
//! concordance lines.

use std::ops::Range;
use std::sync::Arc;

use crate::analyses::lemmas::LemmaOptions;

use crate::count::nodes::NodeSet;
use crate::count::vocab::WordId;

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
    /// The tagger and variants that give tokens their lemmas, for nodes matched by
    /// [`crate::count::nodes::MatchBy::Lemma`] (without it, no token matches such a node).
    /// Default: none.
    pub lemmas: Option<Arc<LemmaOptions>>,
    /// With lemmas, only tokens with one of these UPOS tags match a node. Default: any.
    pub pos: Option<Vec<String>>,
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
            lemmas: None,
            pos: None,
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

/// One concordance line, in the original spelling, with its place in the file.
///
/// ```
/// use std::sync::Arc;
/// use corpus_lens::collocate::{ParagraphWindows, WindowOptions, Windows};
/// use corpus_lens::count::aggregate::AnyAggregate;
/// use corpus_lens::count::{count_paragraph_with, seeded_vocabulary, ParagraphOptions, Scratch};
/// use corpus_lens::{corpus::Document, nodes::{MatchBy, NodeSet}, vocab::Vocabulary};
/// let mut windows = WindowOptions::new(NodeSet::new(&["Kerensky"], MatchBy::Word, false)?);
/// windows.kwic_width = 2;
/// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Windows(Arc::new(windows)))];
/// let setup = list[0].setup(&Document::bare("d", "d.txt"))?;
/// let vocab = seeded_vocabulary();
/// let text = "The Soviet met. Then KERENSKY\nresigned\nand fled.";
/// let mut found = Vec::new();
/// count_paragraph_with(text, 0, &vocab, &ParagraphOptions::default(), &[(&*list[0], &setup)],
///     &mut Scratch::default(), &mut found);
/// let windows = found.pop().unwrap().downcast::<ParagraphWindows>().unwrap();
/// let line = &windows.kwic[0];
/// assert_eq!((line.node, line.sentence, line.token_index), (0, 1, 4));
/// assert_eq!(line.text, "KERENSKY"); // as written
/// assert_eq!(line.right, "resigned and"); // two tokens, the line break folded to a space
/// assert_eq!((line.byte_offset, line.line), (21, 1));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
    /// Line of the node's first byte in the file, from 1 (for text taken out of markup: of
    /// its paragraph element).
    pub line: u64,
    /// Byte offset of the node in the file (for markup: of its paragraph element).
    pub byte_offset: u64,
    /// The page (TEI `<pb n>`) or EPUB member of the paragraph; empty when none.
    pub page: String,
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
/// assert!(w.kwic.is_empty()); // concordance lines need the text: see Windows
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
