//! A document's concordance lines in their compact log ([`KwicLines`]), and the rows of
//! `kwic.csv` read back from it ([`KwicRows`]).

use crate::analyses::collocate::windows::{KwicLine, WindowOptions};
use crate::count::engine::CorpusCounts;
use crate::count::spill::{get_str, get_varint, put_str, put_varint, Chunks, Spill, SpillLog};
use crate::count::vocab::WordId;
use crate::error::Result;
use crate::rows::table_row;

/// Collocation windows and KWIC lines of one document.
///
/// ```
/// use corpus_lens::collocate::WindowOptions;
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions::new(NodeSet::new(&["soviet"], MatchBy::Stem, false)?);
/// let config = Config {
///     count: CountOptions { windows: Some(options.into()), ..Default::default() },
///     ..Default::default()
/// };
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let windows = analysis.windows[0].as_ref().unwrap();
/// assert_eq!(windows.kwic.len(), windows.node_freq[0]); // one line per occurrence
/// let (left, right): (u64, u64) = windows.pairs.iter().map(|p| (p.2, p.3)).fold((0, 0), |a, p| (a.0 + p.0, a.1 + p.1));
/// assert!(left > 0 && right > 0);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentWindows {
    /// Occurrences of each node.
    pub node_freq: Vec<u64>,
    /// `(node, collocate, left count, right count)`, sorted by node then collocate id.
    pub pairs: Vec<(u16, WordId, u64, u64)>,
    /// `(paragraph index, line)`, in text order, in a log that may spill to a temporary
    /// file (see [`crate::count::spill`]).
    pub kwic: KwicLines,
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
///     ..Default::default()
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
    /// # let line = KwicLine { node: 0, sentence: 0, token_index: 3, left: "the".into(), text: "Soviet".into(), right: "met".into(), ..Default::default() };
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
        put_varint(r, line.line);
        put_varint(r, line.byte_offset);
        put_str(r, &line.page);
        self.log.push(r);
        self.lines += 1;
    }

    /// Finishes the log's last chunk (at the end of the document).
    ///
    /// ```
    /// # use corpus_lens::{collocate::{KwicLine, KwicLines}, spill::Spill};
    /// # let line = KwicLine { node: 0, sentence: 0, token_index: 3, left: "the".into(), text: "Soviet".into(), right: "met".into(), ..Default::default() };
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

    /// The lines and the log's chunks (for a partial result on disk).
    pub(crate) fn save(&self) -> Result<(u64, Chunks)> {
        Ok((self.lines, self.log.to_chunks()?))
    }

    /// The lines [`KwicLines::save`] gave, under this budget.
    pub(crate) fn load(spill: Spill, lines: u64, chunks: Chunks) -> KwicLines {
        KwicLines {
            log: SpillLog::from_chunks(spill, chunks),
            lines,
            record: Vec::new(),
        }
    }

    /// Number of lines.
    ///
    /// ```
    /// # use corpus_lens::{collocate::{KwicLine, KwicLines}, spill::Spill};
    /// # let line = KwicLine { node: 0, sentence: 0, token_index: 3, left: "the".into(), text: "Soviet".into(), right: "met".into(), ..Default::default() };
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
    /// # let line = KwicLine { node: 0, sentence: 0, token_index: 3, left: "the".into(), text: "Soviet".into(), right: "met".into(), ..Default::default() };
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
    /// # let line = KwicLine { node: 0, sentence: 0, token_index: 3, left: "the".into(), text: "Soviet".into(), right: "met".into(), ..Default::default() };
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
    /// # let line = KwicLine { node: 0, sentence: 0, token_index: 3, left: "the".into(), text: "Soviet".into(), right: "met".into(), ..Default::default() };
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
    KwicLine::default()
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
    line.line = get_varint(b, pos);
    line.byte_offset = get_varint(b, pos);
    get_str(b, pos, &mut line.page);
    paragraph
}

table_row! {
    /// A row of `kwic.csv` (see [`crate::tables::KWIC`]).
    ///
    /// ```
    /// use corpus_lens::collocate::{kwic_rows, WindowOptions};
    /// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
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
        pub line: u64,
        pub byte_offset: u64,
        pub page: String,
    }
}

/// The rows of `kwic.csv`, by document (corpus order) and position.
///
/// ```
/// use corpus_lens::collocate::{kwic_rows, WindowOptions};
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions::new(NodeSet::new(&["Constituent Assembly"], MatchBy::Word, false)?);
/// let config = Config {
///     count: CountOptions { windows: Some(options.clone().into()), ..Default::default() },
///     ..Default::default()
/// };
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// # #[allow(deprecated)]
/// let rows = kwic_rows(&analysis, &options)?;
/// assert_eq!(rows, analysis.kwic()?); // the same, with the options the run counted
/// assert!(!rows.is_empty());
/// assert!(rows.iter().all(|r| r.node.starts_with("Constituent")));
/// // In text order.
/// assert!(rows.windows(2).all(|w| (w[0].paragraph, w[0].token_index) < (w[1].paragraph, w[1].token_index)));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// Deprecated: `options` must be the ones the run counted, or the lines are mislabelled
/// without an error; [`crate::run::Analysis::kwic`] takes them from the analysis.
#[deprecated(
    since = "0.2.0",
    note = "use Analysis::kwic, which takes the window options the run counted"
)]
pub fn kwic_rows<A>(analysis: &A, options: &WindowOptions) -> Result<Vec<KwicRow>>
where
    A: AsRef<CorpusCounts> + AsRef<[Option<DocumentWindows>]>,
{
    let error = std::cell::Cell::new(None);
    let rows =
        KwicRows::from_parts(analysis.as_ref(), analysis.as_ref(), options, &error).collect();
    error.take().map_or(Ok(rows), Err)
}

/// The rows of `kwic.csv` one at a time, read back from the documents' logs a chunk at a
/// time, for a table writer: an error reading a log back ends the rows and is left in
/// `error`.
///
/// ```
/// use std::cell::Cell;
/// use corpus_lens::collocate::{KwicRows, WindowOptions};
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
/// use corpus_lens::nodes::{MatchBy, NodeSet};
/// let options = WindowOptions::new(NodeSet::new(&["soviet"], MatchBy::Stem, false)?);
/// let config = Config {
///     count: CountOptions { windows: Some(options.clone().into()), ..Default::default() },
///     spill_limit: Some(0), // every finished chunk to the temporary file
///     ..Default::default()
/// };
/// let analysis = Analyzer::new(config).run(&Corpus::load_default()?)?;
/// let error = Cell::new(None);
/// let streamed: Vec<_> = analysis.kwic_lines(&error)?.collect();
/// assert!(error.take().is_none());
/// assert_eq!(streamed, analysis.kwic()?);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub struct KwicRows<'a> {
    analysis: &'a CorpusCounts,
    windows: &'a [Option<DocumentWindows>],
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
    /// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
    /// use corpus_lens::nodes::{MatchBy, NodeSet};
    /// let options = WindowOptions::new(NodeSet::new(&["kerensky"], MatchBy::Word, false)?);
    /// let config = Config {
    ///     count: CountOptions { windows: Some(options.clone().into()), ..Default::default() },
    ///     ..Default::default()
    /// };
    /// let analysis = Analyzer::new(config).run(&Corpus::load_default()?)?;
    /// let error = Cell::new(None);
    /// # #[allow(deprecated)]
    /// let first = KwicRows::new(&analysis, &options, &error).next().expect("a line");
    /// assert!(error.take().is_none());
    /// assert_eq!(first.node.to_lowercase(), "kerensky"); // as written
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    ///
    /// Deprecated: `options` must be the ones the run counted;
    /// [`crate::run::Analysis::kwic_lines`] takes them from the analysis.
    #[deprecated(
        since = "0.2.0",
        note = "use Analysis::kwic_lines, which takes the window options the run counted"
    )]
    pub fn new<A>(
        analysis: &'a A,
        options: &'a WindowOptions,
        error: &'a std::cell::Cell<Option<crate::Error>>,
    ) -> KwicRows<'a>
    where
        A: AsRef<CorpusCounts> + AsRef<[Option<DocumentWindows>]>,
    {
        KwicRows::from_parts(analysis.as_ref(), analysis.as_ref(), options, error)
    }

    /// [`KwicRows::new`] from a run's counts and windows, without the deprecation: for
    /// [`crate::run::Analysis::kwic_lines`].
    pub(crate) fn from_parts(
        analysis: &'a CorpusCounts,
        windows: &'a [Option<DocumentWindows>],
        options: &'a WindowOptions,
        error: &'a std::cell::Cell<Option<crate::Error>>,
    ) -> KwicRows<'a> {
        KwicRows {
            analysis,
            windows,
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
            let Some(Some(w)) = self.windows.get(self.document) else {
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
                    line: k.line,
                    byte_offset: k.byte_offset,
                    page: k.page,
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
