//! Reading a document as a stream of paragraph batches.
//!
//! A file is read in blocks (4 MiB by default) and cut at paragraph boundaries, so a batch
//! never splits a paragraph and memory does not grow with the file. Each batch is checked
//! before it is handed on: a NUL byte means a binary file, invalid UTF-8 is an error naming the
//! byte offset and line (or, with `lossy`, is replaced by U+FFFD and counted). A UTF-8
//! byte-order mark is skipped; a UTF-16 one is an error. The input file is only ever read.

use std::fs::File;
use std::io::{self, Read};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::text::layout::{decide, piece_end, Layout, AUTO_WINDOW, LOOKAHEAD, MAX_PARAGRAPH_BYTES};
use crate::text::segment::{count_line_breaks, split_lines, split_paragraphs, ParagraphSpan};

/// How documents are read.
///
/// ```
/// use corpus_lens::read::{DocumentReader, ReadOptions};
/// let bytes = b"Caf\xe9 Smolny.\n"; // Latin-1, not UTF-8
/// let strict = DocumentReader::new(&bytes[..], "scan.txt", ReadOptions::default()).next_batch();
/// assert!(strict.unwrap_err().to_string().contains("invalid UTF-8"));
/// let options = ReadOptions { lossy: true, ..Default::default() };
/// let mut reader = DocumentReader::new(&bytes[..], "scan.txt", options);
/// let batch = reader.next_batch()?.unwrap();
/// assert_eq!(&batch.text[batch.paragraphs[0].range.clone()], "Caf\u{fffd} Smolny.");
/// assert_eq!(reader.replaced_bytes(), 1);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Replace invalid UTF-8 with U+FFFD (and count the bad bytes) instead of failing.
    /// A paragraph keeps its file offset ([`Paragraph::offset`]); offsets inside a paragraph
    /// after a replaced byte refer to the repaired text. Default: false.
    pub lossy: bool,
    /// Bytes read at a time, clamped to 1 ..= [`MAX_BLOCK_SIZE`]. Default: 4 MiB.
    pub block_size: usize,
    /// Where paragraphs are ([`crate::text::layout`]). Default: [`Layout::Auto`].
    pub layout: Layout,
}

/// The largest [`ReadOptions::block_size`] used: 1 GiB (a larger one is read as this).
///
/// ```
/// use corpus_lens::text::read::{DocumentReader, ReadOptions, MAX_BLOCK_SIZE};
/// assert_eq!(MAX_BLOCK_SIZE, 1 << 30);
/// // A block size past it reads as usual instead of overflowing.
/// let options = ReadOptions { block_size: usize::MAX, ..Default::default() };
/// let mut reader = DocumentReader::new(std::io::Cursor::new("One.\n\nTwo.\n"), "t", options);
/// assert_eq!(reader.next_batch()?.unwrap().paragraphs.len(), 2);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub const MAX_BLOCK_SIZE: usize = 1 << 30;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            lossy: false,
            block_size: 4 << 20,
            layout: Layout::Auto,
        }
    }
}

/// One paragraph of a batch.
///
/// ```
/// use corpus_lens::read::{DocumentReader, ReadOptions};
/// let text = "Title\n\nFirst line\nsecond line\n";
/// let batch = DocumentReader::new(text.as_bytes(), "a.txt", ReadOptions::default()).next_batch()?.unwrap();
/// let p = &batch.paragraphs[1];
/// assert_eq!((p.line, p.offset), (3, 7));
/// assert_eq!(&batch.text[p.range.clone()], "First line\nsecond line");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in [`Batch::text`].
    pub range: Range<usize>,
    /// Line of the paragraph's first line in the file, counted from 1.
    pub line: u64,
    /// Byte offset of the paragraph's first byte in the file (also with `lossy`, whatever
    /// was replaced before it). For TEI, HTML and EPUB: of the element's start tag `<p`
    /// (see [`crate::text::convert`]).
    pub offset: u64,
    /// True when the paragraph's text stands verbatim at `offset` (plain text), so that a
    /// position inside it is `offset` plus its index and `line` plus the line breaks before
    /// it; false for text taken out of markup, whose every position points to the element.
    pub exact: bool,
    /// The page the paragraph begins on (TEI `<pb n=...>`) or, for EPUB, the member of the
    /// archive it comes from; `None` when the file has neither.
    pub page: Option<std::sync::Arc<str>>,
}

impl Paragraph {
    /// The byte offset and line (from 1) of byte `at` of the paragraph's text `text`: exact
    /// for plain text, the element's own for markup ([`Paragraph::exact`]).
    ///
    /// ```
    /// use corpus_lens::read::{DocumentReader, ReadOptions};
    /// let batch = DocumentReader::new(&b"Intro.\n\nOne\ntwo"[..], "a.txt", ReadOptions::default())
    ///     .next_batch()?.unwrap();
    /// let p = &batch.paragraphs[1];
    /// assert_eq!(p.place_of(&batch.text[p.range.clone()], 4), (12, 4)); // "two"
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn place_of(&self, text: &str, at: usize) -> (u64, u64) {
        place_in(self.offset, self.line, self.exact, text, at)
    }
}

/// A place in a source file: byte offset, line (from 1), and page (TEI `<pb n>` or EPUB
/// member; empty when the file has none), as `kwic.csv` gives them. Ordered by offset, so
/// the first of two places does not depend on the order they were counted in.
///
/// ```
/// use corpus_lens::text::read::Place;
/// let a = Place { byte_offset: 10, line: 1, page: String::new() };
/// let b = Place { byte_offset: 99, line: 3, page: String::new() };
/// assert!(a < b);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// Byte offset of the node word in its file.
    pub byte_offset: u64,
    /// Its line, from 1.
    pub line: u64,
    /// Its page, or empty.
    pub page: String,
}

/// The byte offset and line of byte `at` of a paragraph's `text` that starts at `offset` on
/// `line`: for an `exact` paragraph, counted into the text (line breaks before `at`: `\n`,
/// `\r\n` or a lone `\r`); else the paragraph's own.
///
/// ```
/// use corpus_lens::text::read::place_in;
/// assert_eq!(place_in(100, 7, true, "a\r\nb\rc", 5), (105, 9));
/// assert_eq!(place_in(100, 7, false, "a\nb", 2), (100, 7));
/// ```
pub fn place_in(offset: u64, line: u64, exact: bool, text: &str, at: usize) -> (u64, u64) {
    if !exact {
        return (offset, line);
    }
    let at = at.min(text.len());
    (
        offset + at as u64,
        line + count_line_breaks(&text.as_bytes()[..at]),
    )
}

/// Whole paragraphs of validated text.
///
/// ```
/// use corpus_lens::read::{DocumentReader, ReadOptions};
/// // Blocks of 16 bytes: each batch holds whole paragraphs only.
/// let text = "One paragraph.\n\nAnother paragraph.\n\nA third.\n";
/// let options = ReadOptions { block_size: 16, ..Default::default() };
/// let mut reader = DocumentReader::new(text.as_bytes(), "a.txt", options);
/// let mut seen = Vec::new();
/// while let Some(batch) = reader.next_batch()? {
///     for p in &batch.paragraphs {
///         seen.push((batch.text[p.range.clone()].to_string(), p.offset));
///     }
/// }
/// assert_eq!(seen[1], ("Another paragraph.".to_string(), 16));
/// assert_eq!(seen.len(), 3);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Batch {
    /// The text; paragraphs index into it.
    pub text: String,
    /// Byte offset of `text[0]` in the file.
    pub offset: u64,
    /// The paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
}

/// Streams a document as [`Batch`]es of whole paragraphs.
///
/// ```
/// use corpus_lens::read::{DocumentReader, ReadOptions};
/// let text = "First paragraph.\n\nSecond\nparagraph.\n";
/// let mut reader = DocumentReader::new(text.as_bytes(), "example.txt", ReadOptions::default());
/// let batch = reader.next_batch()?.unwrap();
/// assert_eq!(batch.paragraphs.len(), 2);
/// assert_eq!(&batch.text[batch.paragraphs[1].range.clone()], "Second\nparagraph.");
/// assert_eq!(batch.paragraphs[1].line, 3);
/// assert!(reader.next_batch()?.is_none());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub struct DocumentReader<R> {
    source: R,
    path: PathBuf,
    options: ReadOptions,
    /// Unprocessed bytes; `buf[0]` is at file offset `offset`, on line `line` (from 0).
    buf: Vec<u8>,
    offset: u64,
    line: u64,
    started: bool,
    eof: bool,
    /// Whether a paragraph so far holds a character other than whitespace.
    has_text: bool,
    /// The file's size when opened, checked at its end (`None` for other sources).
    expected_len: Option<u64>,
    bytes_read: u64,
    replaced_bytes: u64,
    spare: Vec<Vec<u8>>,
    /// Recycled paragraph lists, and the paragraph spans of the current block (reused for
    /// the same reason as `spare`).
    spare_paragraphs: Vec<Vec<Paragraph>>,
    spans: Vec<ParagraphSpan>,
    /// The layout in use: the option's, or what `auto` decided (`Auto` until it has).
    layout: Layout,
    /// True when `buf` begins with the rest of a paragraph whose first piece was cut off.
    continuing: bool,
    split_paragraphs: u64,
    /// False for text converted from markup, whose paragraphs must stay one to one with
    /// their elements' places.
    bounded: bool,
}

impl DocumentReader<File> {
    /// Opens a file for reading.
    ///
    /// ```
    /// use corpus_lens::read::{DocumentReader, ReadOptions};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("reed.txt");
    /// std::fs::write(&path, "\u{feff}Ten days.\n")?; // a UTF-8 byte-order mark is skipped
    /// let mut reader = DocumentReader::open(&path, ReadOptions::default())?;
    /// let batch = reader.next_batch()?.unwrap();
    /// assert_eq!(&batch.text[batch.paragraphs[0].range.clone()], "Ten days.");
    /// assert!(DocumentReader::open(dir.path(), ReadOptions::default()).is_err()); // a folder
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(path: &Path, options: ReadOptions) -> Result<DocumentReader<File>> {
        let mut open = std::fs::OpenOptions::new();
        open.read(true);
        // Opening a FIFO for reading waits for a writer: open without waiting, and refuse
        // anything but a regular file (the flag changes nothing for one).
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, libc::O_NONBLOCK);
        let file = open.open(path).map_err(|e| Error::io(path, e))?;
        let meta = file.metadata().map_err(|e| Error::io(path, e))?;
        if meta.is_dir() {
            let source = io::Error::other("is a directory, not a text file");
            return Err(Error::Io {
                path: path.to_path_buf(),
                source,
            });
        }
        if !meta.is_file() {
            return Err(Error::NotRegularFile {
                path: path.to_path_buf(),
                kind: "a special file (FIFO, socket or device)",
            });
        }
        let mut reader = DocumentReader::new(file, path, options);
        // A size of 0 may be a pseudo-file (`/proc`) whose size is not known before reading.
        reader.expected_len = Some(meta.len()).filter(|&n| n > 0);
        Ok(reader)
    }
}

impl<R: Read> DocumentReader<R> {
    /// Reads from any byte source; `path` is only used in error messages.
    ///
    /// ```
    /// use corpus_lens::read::{DocumentReader, ReadOptions};
    /// let input = std::io::Cursor::new("From standard input.\n");
    /// let mut reader = DocumentReader::new(input, "<stdin>", ReadOptions::default());
    /// assert_eq!(reader.next_batch()?.unwrap().paragraphs.len(), 1);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn new(source: R, path: impl Into<PathBuf>, options: ReadOptions) -> DocumentReader<R> {
        let layout = options.layout;
        DocumentReader {
            source,
            path: path.into(),
            options,
            buf: Vec::new(),
            offset: 0,
            line: 0,
            started: false,
            eof: false,
            has_text: false,
            expected_len: None,
            bytes_read: 0,
            replaced_bytes: 0,
            spare: Vec::new(),
            spare_paragraphs: Vec::new(),
            spans: Vec::new(),
            layout,
            continuing: false,
            split_paragraphs: 0,
            bounded: true,
        }
    }

    /// For text converted from markup: paragraphs at blank lines, never cut (each must match
    /// its element's place).
    pub(crate) fn for_markup(mut self) -> Self {
        self.layout = Layout::BlankLine;
        self.bounded = false;
        self
    }

    /// The paragraph layout in use: the one asked for, or the one `auto` chose on the first
    /// bytes ([`crate::text::layout::decide`]); `Auto` before the first batch.
    ///
    /// ```
    /// use corpus_lens::read::{DocumentReader, ReadOptions};
    /// use corpus_lens::text::layout::Layout;
    /// let line = "A paragraph exported on one line, as OCR tools and word processors write them.";
    /// let text = format!("{line} {line}\n{line}\n");
    /// let mut reader = DocumentReader::new(text.as_bytes(), "a.txt", ReadOptions::default());
    /// assert_eq!(reader.next_batch()?.unwrap().paragraphs.len(), 2);
    /// assert_eq!(reader.layout(), Layout::Line);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn layout(&self) -> Layout {
        self.layout
    }

    /// Paragraphs so far longer than [`MAX_PARAGRAPH_BYTES`], each read as pieces
    /// ([`crate::text::layout`]).
    ///
    /// ```
    /// use corpus_lens::read::{DocumentReader, ReadOptions};
    /// let text = "It rained. ".repeat(20_000); // 220,000 bytes, one paragraph
    /// let mut reader = DocumentReader::new(text.as_bytes(), "a.txt", ReadOptions::default());
    /// let mut pieces = 0;
    /// while let Some(batch) = reader.next_batch()? {
    ///     pieces += batch.paragraphs.len();
    /// }
    /// assert_eq!((pieces, reader.split_paragraphs()), (3, 1));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn split_paragraphs(&self) -> u64 {
        self.split_paragraphs
    }

    /// Bytes read so far.
    ///
    /// ```
    /// use corpus_lens::read::{DocumentReader, ReadOptions};
    /// let mut reader = DocumentReader::new(&b"Two\n\nparagraphs.\n"[..], "a.txt", ReadOptions::default());
    /// while reader.next_batch()?.is_some() {}
    /// assert_eq!(reader.bytes_read(), 17);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Invalid bytes replaced so far (only with `lossy`).
    ///
    /// ```
    /// use corpus_lens::read::{DocumentReader, ReadOptions};
    /// let options = ReadOptions { lossy: true, ..Default::default() };
    /// let mut reader = DocumentReader::new(&b"bad \xff\xfe\n"[..], "a.txt", options);
    /// assert_eq!(reader.replaced_bytes(), 0); // nothing read yet
    /// reader.next_batch()?;
    /// assert_eq!(reader.replaced_bytes(), 2);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn replaced_bytes(&self) -> u64 {
        self.replaced_bytes
    }

    /// Gives a finished batch's memory back for the next blocks (optional; saves allocating
    /// and zeroing fresh memory for every block).
    ///
    /// ```
    /// use corpus_lens::read::{DocumentReader, ReadOptions};
    /// let text = "One.\n\nTwo.\n\nThree.\n";
    /// let options = ReadOptions { block_size: 6, ..Default::default() };
    /// let mut reader = DocumentReader::new(text.as_bytes(), "a.txt", options);
    /// let mut paragraphs = 0;
    /// while let Some(batch) = reader.next_batch()? {
    ///     paragraphs += batch.paragraphs.len();
    ///     reader.recycle(batch); // its buffer serves the next block
    /// }
    /// assert_eq!(paragraphs, 3);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn recycle(&mut self, batch: Batch) {
        if self.spare_paragraphs.len() < 2 {
            let mut paragraphs = batch.paragraphs;
            paragraphs.clear();
            self.spare_paragraphs.push(paragraphs);
        }
        if self.spare.len() < 2 {
            self.spare.push(batch.text.into_bytes());
        }
    }

    /// The next batch of whole paragraphs, or `None` at the end of the document.
    /// A document without a single paragraph is an [`Error::EmptyFile`].
    ///
    /// ```
    /// use corpus_lens::{read::{DocumentReader, ReadOptions}, Error};
    /// let mut empty = DocumentReader::new(&b"\n \n"[..], "blank.txt", ReadOptions::default());
    /// assert!(matches!(empty.next_batch(), Err(Error::EmptyFile { .. })));
    /// let mut binary = DocumentReader::new(&b"PK\x03\x04\0\0"[..], "x.zip", ReadOptions::default());
    /// assert!(binary.next_batch().unwrap_err().to_string().contains("NUL byte"));
    /// ```
    pub fn next_batch(&mut self) -> Result<Option<Batch>> {
        let mut spans = std::mem::take(&mut self.spans);
        let batch = self.next_batch_with(&mut spans);
        self.spans = spans;
        batch
    }

    fn next_batch_with(&mut self, spans: &mut Vec<ParagraphSpan>) -> Result<Option<Batch>> {
        loop {
            if self.eof && self.buf.is_empty() {
                if !self.has_text {
                    return Err(Error::EmptyFile {
                        path: self.path.clone(),
                    });
                }
                return Ok(None);
            }
            if !self.eof {
                self.fill()?;
            }
            if !self.started {
                continue;
            }
            if self.layout == Layout::Auto {
                if self.buf.len() < AUTO_WINDOW && !self.eof {
                    continue;
                }
                self.layout = decide(&self.buf);
            }
            spans.clear();
            match self.layout {
                Layout::Line => split_lines(&self.buf, spans),
                _ => split_paragraphs(&self.buf, spans),
            }
            // The last paragraph may go on in the next block: keep it for then, unless it is
            // long enough to cut its first pieces already.
            let open = match (self.eof, spans.pop()) {
                (true, last) => {
                    spans.extend(last);
                    None
                }
                (false, None) => continue,
                (false, last) => last,
            };
            let mut cut = open.as_ref().map_or(self.buf.len(), |p| p.range.start);
            let continuing = std::mem::replace(&mut self.continuing, false);
            if self.bounded && spans.iter().any(|p| p.range.len() > MAX_PARAGRAPH_BYTES) {
                let finished = std::mem::take(spans);
                for (k, p) in finished.into_iter().enumerate() {
                    let (rest, split) = self.pieces(p, true, spans);
                    debug_assert!(rest.is_none());
                    self.split_paragraphs += u64::from(split && !(k == 0 && continuing));
                }
            }
            if let Some(p) = open.filter(|_| self.bounded) {
                let first = spans.is_empty();
                if let (Some(rest), split) = self.pieces(p, false, spans) {
                    cut = rest;
                    self.continuing = true;
                    self.split_paragraphs += u64::from(split && !(first && continuing));
                } else if spans.is_empty() {
                    self.continuing = continuing;
                    continue;
                }
            }
            if spans.is_empty() {
                // Only blank lines are left at the end of the file.
                self.discard(cut);
                continue;
            }
            return self.take_batch(cut, spans).map(Some);
        }
    }

    /// Appends paragraph `p` of the buffer to `out`, cut into pieces of at most
    /// [`MAX_PARAGRAPH_BYTES`] if longer. A `finished` paragraph is appended whole; of one that
    /// may go on, only the pieces decided whatever follows (their cut seen with its
    /// lookahead), and the returned start of the rest stays in the buffer (`None`: nothing
    /// was cut, `p` stays whole). The flag: whether `p` was cut.
    fn pieces(
        &self,
        p: ParagraphSpan,
        finished: bool,
        out: &mut Vec<ParagraphSpan>,
    ) -> (Option<usize>, bool) {
        let mut start = p.range.start;
        let mut line = p.line;
        let mut cut_any = false;
        loop {
            let left = p.range.end - start;
            if finished && left <= MAX_PARAGRAPH_BYTES {
                out.push(ParagraphSpan {
                    range: start..p.range.end,
                    line,
                });
                return (None, cut_any);
            }
            if !finished && left < MAX_PARAGRAPH_BYTES + LOOKAHEAD {
                return (cut_any.then_some(start), cut_any);
            }
            let end = start + piece_end(&self.buf[start..p.range.end], MAX_PARAGRAPH_BYTES);
            out.push(ParagraphSpan {
                range: start..end,
                line,
            });
            cut_any = true;
            let next = end
                + self.buf[end..p.range.end]
                    .iter()
                    .take_while(|b| b.is_ascii_whitespace())
                    .count();
            line += count_line_breaks(&self.buf[start..next]);
            start = next;
            if start >= p.range.end {
                return (None, cut_any);
            }
        }
    }

    /// Reads one block onto the buffer.
    fn fill(&mut self) -> Result<()> {
        let old = self.buf.len();
        // At least a byte: a block of 0 would never reach the end of the source; at most
        // MAX_BLOCK_SIZE, so that no size arithmetic below can overflow.
        let block = self.options.block_size.clamp(1, MAX_BLOCK_SIZE);
        // A quarter block of headroom for the unfinished paragraph each block leaves over, so
        // that a recycled buffer takes the next block without growing: growing allocates
        // fresh memory, which the kernel zeroes first (measurable on a 64 MB corpus).
        if self.buf.capacity() - old < block {
            // The block size is the caller's: a refused allocation is an error, not an abort.
            let bytes = block + block / 4;
            self.buf
                .try_reserve_exact(bytes)
                .map_err(|_| Error::OutOfMemory {
                    path: self.path.clone(),
                    what: "a read block",
                    bytes,
                })?;
        }
        // `read_to_end` reads into the spare capacity without zero-filling it first, and
        // stops early only at the end of the source.
        let n = (&mut self.source)
            .take(block as u64)
            .read_to_end(&mut self.buf)
            .map_err(|e| Error::io(&self.path, e))?;
        self.bytes_read += n as u64;
        if n < block {
            self.eof = true;
            // A file truncated or appended to during the run would be counted in part.
            if let Some(expected) = self.expected_len.filter(|&e| e != self.bytes_read) {
                return Err(Error::FileChanged {
                    path: self.path.clone(),
                    expected,
                    read: self.bytes_read,
                });
            }
        }
        // The byte-order marks need the first 4 bytes (or the whole of a shorter file), which a
        // tiny block may not hold yet; no batch is taken, and no NUL byte looked for (UTF-32's
        // mark holds two), before this check has run.
        let mut scan_from = old;
        if !self.started {
            if self.buf.len() < 4 && !self.eof {
                return Ok(());
            }
            self.started = true;
            self.check_start()?;
            scan_from = 0;
        }
        if let Some(k) = memchr::memchr(0, &self.buf[scan_from..]) {
            let at = scan_from + k;
            return Err(Error::Binary {
                path: self.path.clone(),
                offset: self.offset + at as u64,
                line: self.line + count_line_breaks(&self.buf[..at]) + 1,
            });
        }
        Ok(())
    }

    fn check_start(&mut self) -> Result<()> {
        if crate::corpus::format::is_utf32(&self.buf) {
            return Err(Error::Utf32 {
                path: self.path.clone(),
            });
        }
        if self.buf.starts_with(&[0xFF, 0xFE]) || self.buf.starts_with(&[0xFE, 0xFF]) {
            return Err(Error::Utf16 {
                path: self.path.clone(),
            });
        }
        if self.buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.buf.drain(..3);
            self.offset = 3;
        }
        Ok(())
    }

    fn discard(&mut self, cut: usize) {
        self.line += count_line_breaks(&self.buf[..cut]);
        self.offset += cut as u64;
        self.buf.drain(..cut);
    }

    /// Validates `buf[..cut]` and turns it into a batch with the given paragraphs.
    fn take_batch(&mut self, cut: usize, spans: &[ParagraphSpan]) -> Result<Batch> {
        // The rest (an unfinished paragraph) moves to a recycled buffer; the head becomes the
        // batch. Reusing buffers spares the kernel from zeroing fresh pages for every block.
        let mut rest = self.spare.pop().unwrap_or_default();
        rest.clear();
        rest.extend_from_slice(&self.buf[cut..]);
        let mut head = std::mem::replace(&mut self.buf, rest);
        head.truncate(cut);
        let (offset, line) = (self.offset, self.line);
        self.offset += cut as u64;
        self.line += count_line_breaks(&head);
        let batch = match String::from_utf8(head) {
            Ok(text) => {
                let mut paragraphs = self.spare_paragraphs.pop().unwrap_or_default();
                paragraphs.extend(spans.iter().map(|p| Paragraph {
                    range: p.range.clone(),
                    line: line + p.line + 1,
                    offset: offset + p.range.start as u64,
                    exact: true,
                    page: None,
                }));
                Batch {
                    text,
                    offset,
                    paragraphs,
                }
            }
            Err(err) if self.options.lossy => {
                let bytes = err.into_bytes();
                self.replaced_bytes += bytes
                    .utf8_chunks()
                    .map(|c| c.invalid().len() as u64)
                    .sum::<u64>();
                // Replacement changes lengths: repair each paragraph on its own, so that
                // every paragraph keeps its file offset whatever the block size (line breaks
                // are ASCII, so no invalid sequence spans two paragraphs).
                let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
                let mut paragraphs = Vec::with_capacity(spans.len());
                for p in spans {
                    let start = text.len();
                    text.push_str(&String::from_utf8_lossy(&bytes[p.range.clone()]));
                    paragraphs.push(Paragraph {
                        range: start..text.len(),
                        line: line + p.line + 1,
                        offset: offset + p.range.start as u64,
                        exact: true,
                        page: None,
                    });
                    text.push_str("\n\n");
                }
                Batch {
                    paragraphs,
                    text,
                    offset,
                }
            }
            Err(err) => {
                let at = err.utf8_error().valid_up_to();
                return Err(Error::InvalidUtf8 {
                    path: self.path.clone(),
                    offset: offset + at as u64,
                    line: line + count_line_breaks(&err.as_bytes()[..at]) + 1,
                });
            }
        };
        // Unicode whitespace (U+00A0, U+3000 ...) is as empty as ASCII whitespace.
        if !self.has_text {
            self.has_text = batch.paragraphs.iter().any(|p| {
                batch.text[p.range.clone()]
                    .chars()
                    .any(|c| !c.is_whitespace())
            });
        }
        Ok(batch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8], block_size: usize, lossy: bool) -> Result<Vec<(String, u64)>> {
        let options = ReadOptions {
            lossy,
            block_size,
            layout: Layout::BlankLine,
        };
        let mut reader = DocumentReader::new(bytes, "t.txt", options);
        let mut out = Vec::new();
        while let Some(batch) = reader.next_batch()? {
            for p in &batch.paragraphs {
                out.push((batch.text[p.range.clone()].to_string(), p.line));
            }
        }
        Ok(out)
    }

    #[test]
    fn batches_never_split_paragraphs_whatever_the_block_size() {
        let text = "One two\nthree.\n\nFour.\r\n\r\nFive\rsix.\r\rSeven.\n";
        let whole = read_all(text.as_bytes(), 1 << 20, false).unwrap();
        assert_eq!(whole.len(), 4);
        assert_eq!(whole[3], ("Seven.".to_string(), 9));
        // 0 reads a byte at a time rather than never reaching the end.
        for block in 0..12 {
            assert_eq!(
                read_all(text.as_bytes(), block, false).unwrap(),
                whole,
                "block {block}"
            );
        }
    }

    fn read_with(
        bytes: &[u8],
        block_size: usize,
        layout: Layout,
    ) -> (Vec<(String, u64, u64)>, u64) {
        let options = ReadOptions {
            lossy: false,
            block_size,
            layout,
        };
        let mut reader = DocumentReader::new(bytes, "t.txt", options);
        let mut out = Vec::new();
        while let Some(batch) = reader.next_batch().unwrap() {
            for p in &batch.paragraphs {
                out.push((batch.text[p.range.clone()].to_string(), p.line, p.offset));
            }
        }
        (out, reader.split_paragraphs())
    }

    #[test]
    fn long_paragraphs_are_cut_the_same_whatever_the_block_size() {
        // Two long paragraphs (one hard-wrapped, one on a single line) around a short one.
        let sentence = "The Soviet met at Smolny and voted. ";
        let wrapped = sentence.repeat(4000).replace("voted. The", "voted.\nThe");
        let text = format!("{wrapped}\n\nShort.\n\n{}\n", sentence.repeat(9000));
        let (whole, split) = read_with(text.as_bytes(), 1 << 20, Layout::Auto);
        assert_eq!(split, 2);
        assert!(whole.iter().all(|p| p.0.len() <= MAX_PARAGRAPH_BYTES));
        // Every piece ends a sentence, and the pieces hold all the text.
        assert!(whole.iter().all(|p| p.0.ends_with('.')));
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let pieces: Vec<String> = whole.iter().flat_map(|p| words(&p.0)).collect();
        assert!(
            pieces == words(&text),
            "the pieces hold the text's words in order"
        );
        // Lines and offsets are the file's.
        for (piece, line, offset) in &whole {
            assert_eq!(&text[*offset as usize..][..piece.len()], piece);
            assert_eq!(
                *line,
                1 + text[..*offset as usize].matches('\n').count() as u64
            );
        }
        for block in [1000, 4096, 65_536, 100_000, 100_063, 333_333] {
            assert_eq!(
                read_with(text.as_bytes(), block, Layout::Auto),
                (whole.clone(), 2),
                "block {block}"
            );
        }
    }

    #[test]
    fn the_line_layout_makes_every_line_a_paragraph() {
        let text = "One line.\nTwo lines\r\n\n  Three.  \n";
        let (lines, _) = read_with(text.as_bytes(), 3, Layout::Line);
        let texts: Vec<&str> = lines.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(texts, ["One line.", "Two lines", "Three."]);
        assert_eq!(lines[2].1, 4);
        let (blank, _) = read_with(text.as_bytes(), 3, Layout::BlankLine);
        assert_eq!(blank.len(), 2);
    }

    #[test]
    fn invalid_utf8_names_offset_and_line() {
        let bytes = b"ok\n\nbad \xFF here";
        for block in [1, 3, 64] {
            match read_all(bytes, block, false) {
                Err(Error::InvalidUtf8 { offset, line, .. }) => assert_eq!((offset, line), (8, 3)),
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn lossy_replaces_and_counts() {
        let options = ReadOptions {
            lossy: true,
            block_size: 64,
            layout: Layout::Auto,
        };
        let mut reader = DocumentReader::new(&b"a \xFF\xFE b\n\nc"[..], "t.txt", options);
        let batch = reader.next_batch().unwrap().unwrap();
        assert_eq!(
            &batch.text[batch.paragraphs[0].range.clone()],
            "a \u{FFFD}\u{FFFD} b"
        );
        assert_eq!(reader.replaced_bytes(), 2);
    }

    #[test]
    fn nul_bytes_boms_and_empty_files() {
        assert!(matches!(
            read_all(b"text\n\x00", 4, false),
            Err(Error::Binary {
                offset: 5,
                line: 2,
                ..
            })
        ));
        assert!(matches!(
            read_all(b"\xFF\xFEa\x00", 64, false),
            Err(Error::Utf16 { .. })
        ));
        assert!(matches!(
            read_all(b"", 64, false),
            Err(Error::EmptyFile { .. })
        ));
        assert!(matches!(
            read_all(b" \n\n \t\n", 2, false),
            Err(Error::EmptyFile { .. })
        ));
        let with_bom = read_all("\u{FEFF}Hello.".as_bytes(), 64, false).unwrap();
        assert_eq!(with_bom, [("Hello.".to_string(), 1)]);
    }

    #[test]
    fn offsets_are_file_offsets() {
        let text = "\u{FEFF}ab\n\ncd\n\nef";
        let options = ReadOptions {
            lossy: false,
            block_size: 5,
            layout: Layout::Auto,
        };
        let mut reader = DocumentReader::new(text.as_bytes(), "t.txt", options);
        while let Some(batch) = reader.next_batch().unwrap() {
            for p in &batch.paragraphs {
                let start = batch.offset as usize + p.range.start;
                let end = batch.offset as usize + p.range.end;
                assert_eq!(&text[start..end], &batch.text[p.range.clone()]);
            }
        }
    }
}
