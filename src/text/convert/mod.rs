//! Reading a document in any input format as paragraph batches ([`SourceReader`]).
//!
//! Plain UTF-8 text is streamed from the file by [`DocumentReader`]. The other formats are
//! converted in memory to plain text, one paragraph per element separated by blank lines,
//! which the same reader then cuts: every later stage sees paragraphs as for a text file.
//!
//! What a paragraph's `offset` and `line` point to ([`Paragraph`]):
//! - plain text: its first byte in the file; a row's place is exact to the byte;
//! - UTF-16 text: the same, in the text decoded to UTF-8 (lines are the file's lines);
//! - a Gutenberg zip: the `.txt` member, as for plain text;
//! - TEI and HTML: the paragraph element's start tag (`<p`) in the file: every row in that
//!   paragraph carries it (the text inside markup is not a slice of the file);
//! - EPUB: the start tag in the spine's XHTML member, which `page` names.

use std::fs::File;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use crate::corpus::format::{
    self, decode_utf16, read_member, utf8_text, zip_text_member, InputFormat,
};
use crate::error::{Error, Result};
use crate::text::layout::Layout;
use crate::text::read::{Batch, DocumentReader, Paragraph, ReadOptions};

mod html;
mod tei;

/// Where a converted paragraph comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    offset: u64,
    line: u64,
    page: Option<Arc<str>>,
}

/// Paragraphs taken out of markup: the text (paragraphs separated by blank lines) and each
/// paragraph's place in the source, in order.
#[derive(Debug, Default)]
struct Extracted {
    text: String,
    places: Vec<Place>,
    /// The paragraph being collected, and where it began.
    current: String,
    open: Option<Place>,
    /// Line counting: the source offset counted up to, and its line (from 1).
    counted: (usize, u64),
}

impl Extracted {
    /// Nothing yet; lines counted from 1.
    fn new() -> Extracted {
        Extracted {
            counted: (0, 1),
            ..Default::default()
        }
    }

    /// Adds `shift` to every paragraph's offset (a dropped UTF-8 byte-order mark).
    fn shifted(mut self, shift: u64) -> Extracted {
        for place in &mut self.places {
            place.offset += shift;
        }
        self
    }

    /// The line (from 1) of byte `offset` of `source`; offsets must not go backwards (lines
    /// are counted incrementally, never from the start again).
    fn line_at(&mut self, source: &[u8], offset: usize) -> u64 {
        let (from, line) = self.counted;
        let offset = offset.clamp(from, source.len());
        let n = memchr::memchr_iter(b'\n', &source[from..offset]).count() as u64;
        self.counted = (offset, line + n);
        line + n
    }

    /// Opens a paragraph at byte `offset` of `source` (closing the open one first).
    fn open(&mut self, source: &[u8], offset: usize, page: Option<Arc<str>>) {
        self.close();
        let line = self.line_at(source, offset);
        self.open = Some(Place {
            offset: offset as u64,
            line,
            page,
        });
    }

    fn is_open(&self) -> bool {
        self.open.is_some()
    }

    fn push(&mut self, text: &str) {
        if self.open.is_some() {
            self.current.push_str(text);
        }
    }

    /// Ends the open paragraph: each line trimmed, blank lines dropped, NUL replaced; kept
    /// when any text is left.
    fn close(&mut self) {
        let Some(place) = self.open.take() else {
            return;
        };
        let start = self.text.len();
        if start > 0 {
            self.text.push_str("\n\n");
        }
        let body = self.text.len();
        for line in self.current.split(['\n', '\r']) {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if self.text.len() > body {
                self.text.push('\n');
            }
            self.text.push_str(&line.replace('\0', "\u{FFFD}"));
        }
        if self.text.len() == body {
            self.text.truncate(start);
        } else {
            self.places.push(place);
        }
        self.current.clear();
    }
}

/// A document's paragraphs in batches, whatever its format.
///
/// ```
/// use corpus_lens::corpus::InputFormat;
/// use corpus_lens::text::convert::SourceReader;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.html");
/// std::fs::write(&path, "<html><body>\n<p>Peace,\nbread.</p>\n<p>Land!</p></body></html>")?;
/// let mut reader = SourceReader::open(&path, InputFormat::Auto, &Default::default())?;
/// let batch = reader.next_batch()?.unwrap();
/// let p = &batch.paragraphs[1];
/// assert_eq!(&batch.text[p.range.clone()], "Land!");
/// assert_eq!((p.offset, p.line, p.exact), (34, 4, false)); // the <p> in the file
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SourceReader {
    inner: Inner,
    /// For markup: each paragraph's place, and the next one's index.
    places: Vec<Place>,
    next: usize,
}

enum Inner {
    File(DocumentReader<File>),
    Memory(DocumentReader<Cursor<Vec<u8>>>),
}

impl SourceReader {
    /// Opens `path` in `format` ([`InputFormat::Auto`] detects it).
    ///
    /// ```
    /// use corpus_lens::corpus::InputFormat;
    /// use corpus_lens::text::convert::SourceReader;
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("utf16.txt");
    /// let mut bytes = vec![0xFF, 0xFE];
    /// bytes.extend("Peace.\n\nLand.\n".encode_utf16().flat_map(|u| u.to_le_bytes()));
    /// std::fs::write(&path, bytes)?;
    /// let mut reader = SourceReader::open(&path, InputFormat::Auto, &Default::default())?;
    /// let batch = reader.next_batch()?.unwrap();
    /// assert_eq!(&batch.text[batch.paragraphs[1].range.clone()], "Land.");
    /// assert_eq!(batch.paragraphs[1].line, 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// I/O errors; [`Error::Format`] naming the file and the place for malformed XML, a zip
    /// without a `.txt` file, an EPUB without a spine, a member past
    /// [`format::MAX_MEMBER_BYTES`].
    pub fn open(path: &Path, format: InputFormat, options: &ReadOptions) -> Result<SourceReader> {
        let format = format::detect(path, format)?;
        let memory = |bytes: Vec<u8>, places: Vec<Place>| {
            let reader = DocumentReader::new(Cursor::new(bytes), path, options.clone());
            SourceReader {
                // Markup's paragraphs are its elements, one to one with `places`.
                inner: Inner::Memory(if places.is_empty() {
                    reader
                } else {
                    reader.for_markup()
                }),
                places,
                next: 0,
            }
        };
        match format {
            InputFormat::Auto | InputFormat::Text => {
                let reader = DocumentReader::open(path, options.clone())?;
                if utf16_start(path)? {
                    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                    let text = decode_utf16(&bytes).unwrap_or_default();
                    return Ok(memory(text.into_bytes(), Vec::new()));
                }
                Ok(SourceReader {
                    inner: Inner::File(reader),
                    places: Vec::new(),
                    next: 0,
                })
            }
            InputFormat::Zip => {
                let member = zip_text_member(path)?;
                let mut archive = format::open_archive(path)?;
                let bytes = read_member(&mut archive, &member, path)?;
                let bytes = match decode_utf16(&bytes) {
                    Some(text) => text.into_bytes(),
                    None => bytes,
                };
                Ok(memory(bytes, Vec::new()))
            }
            InputFormat::Tei | InputFormat::Html => {
                let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
                let shift = bom_shift(&bytes);
                let text = utf8_text(path, bytes)?;
                let extracted = if format == InputFormat::Tei {
                    tei::extract(path, &text, shift)?
                } else {
                    let mut out = Extracted::new();
                    html::extract(&text, None, &mut out);
                    out.shifted(shift)
                };
                Ok(memory(extracted.text.into_bytes(), extracted.places))
            }
            InputFormat::Epub => {
                let extracted = epub(path)?;
                Ok(memory(extracted.text.into_bytes(), extracted.places))
            }
        }
    }

    /// The next batch of whole paragraphs, or `None` at the end (as
    /// [`DocumentReader::next_batch`]); a converted paragraph carries its element's place.
    ///
    /// ```
    /// use corpus_lens::{corpus::InputFormat, text::convert::SourceReader};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("m.xml");
    /// std::fs::write(&path, "<TEI><text><body><pb n=\"7\"/>\n<p>Peace.</p></body></text></TEI>")?;
    /// let mut reader = SourceReader::open(&path, InputFormat::Auto, &Default::default())?;
    /// let batch = reader.next_batch()?.unwrap();
    /// let p = &batch.paragraphs[0];
    /// assert_eq!((p.offset, p.line, p.page.as_deref()), (29, 2, Some("7")));
    /// assert!(reader.next_batch()?.is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`DocumentReader::next_batch`].
    pub fn next_batch(&mut self) -> Result<Option<Batch>> {
        let batch = match &mut self.inner {
            Inner::File(r) => r.next_batch()?,
            Inner::Memory(r) => r.next_batch()?,
        };
        let Some(mut batch) = batch else {
            return Ok(None);
        };
        if !self.places.is_empty() {
            for p in &mut batch.paragraphs {
                relocate(p, self.places.get(self.next));
                self.next += 1;
            }
        }
        Ok(Some(batch))
    }

    /// Gives a finished batch's memory back (as [`DocumentReader::recycle`]).
    ///
    /// ```
    /// use corpus_lens::{corpus::InputFormat, text::convert::SourceReader};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.txt");
    /// std::fs::write(&path, "One.\n\nTwo.\n")?;
    /// let mut reader = SourceReader::open(&path, InputFormat::Text, &Default::default())?;
    /// while let Some(batch) = reader.next_batch()? {
    ///     reader.recycle(batch);
    /// }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn recycle(&mut self, batch: Batch) {
        match &mut self.inner {
            Inner::File(r) => r.recycle(batch),
            Inner::Memory(r) => r.recycle(batch),
        }
    }

    /// Bytes read so far: of the file for plain text, else of the text converted to UTF-8
    /// (paragraphs separated by blank lines).
    ///
    /// ```
    /// use corpus_lens::{corpus::InputFormat, text::convert::SourceReader};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.html");
    /// std::fs::write(&path, "<p>One.</p><p>Two.</p>")?;
    /// let mut reader = SourceReader::open(&path, InputFormat::Auto, &Default::default())?;
    /// while reader.next_batch()?.is_some() {}
    /// assert_eq!(reader.bytes_read(), "One.\n\nTwo.".len() as u64);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn bytes_read(&self) -> u64 {
        match &self.inner {
            Inner::File(r) => r.bytes_read(),
            Inner::Memory(r) => r.bytes_read(),
        }
    }

    /// The paragraph layout used ([`DocumentReader::layout`]); `None` for markup, whose
    /// paragraphs are its elements.
    ///
    /// ```
    /// use corpus_lens::{corpus::InputFormat, text::convert::SourceReader, text::layout::Layout};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.txt");
    /// std::fs::write(&path, "Hard-wrapped\nlines.\n")?;
    /// let mut reader = SourceReader::open(&path, InputFormat::Text, &Default::default())?;
    /// while reader.next_batch()?.is_some() {}
    /// assert_eq!(reader.layout(), Some(Layout::BlankLine));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn layout(&self) -> Option<Layout> {
        match &self.inner {
            Inner::File(r) => Some(r.layout()),
            Inner::Memory(_) if !self.places.is_empty() => None,
            Inner::Memory(r) => Some(r.layout()),
        }
    }

    /// Paragraphs cut into pieces so far ([`DocumentReader::split_paragraphs`]).
    ///
    /// ```
    /// use corpus_lens::{corpus::InputFormat, text::convert::SourceReader};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.txt");
    /// std::fs::write(&path, "It rained. ".repeat(20_000))?;
    /// let mut reader = SourceReader::open(&path, InputFormat::Text, &Default::default())?;
    /// while reader.next_batch()?.is_some() {}
    /// assert_eq!(reader.split_paragraphs(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn split_paragraphs(&self) -> u64 {
        match &self.inner {
            Inner::File(r) => r.split_paragraphs(),
            Inner::Memory(r) => r.split_paragraphs(),
        }
    }

    /// Invalid bytes replaced so far (only with `lossy`).
    ///
    /// ```
    /// use corpus_lens::{corpus::InputFormat, read::ReadOptions, text::convert::SourceReader};
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("a.txt");
    /// std::fs::write(&path, b"Caf\xe9.\n")?;
    /// let options = ReadOptions { lossy: true, ..Default::default() };
    /// let mut reader = SourceReader::open(&path, InputFormat::Text, &options)?;
    /// while reader.next_batch()?.is_some() {}
    /// assert_eq!(reader.replaced_bytes(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replaced_bytes(&self) -> u64 {
        match &self.inner {
            Inner::File(r) => r.replaced_bytes(),
            Inner::Memory(r) => r.replaced_bytes(),
        }
    }
}

/// A converted paragraph's place: its element's, not the converted text's.
fn relocate(p: &mut Paragraph, place: Option<&Place>) {
    // Each converted paragraph has no blank line inside, so the reader finds exactly the
    // paragraphs extracted, in order; a missing place would be a bug, and keeps the text's.
    if let Some(place) = place {
        p.offset = place.offset;
        p.line = place.line;
        p.page = place.page.clone();
    }
    p.exact = false;
}

/// 3 when `bytes` begin with a UTF-8 byte-order mark (dropped before parsing), else 0.
fn bom_shift(bytes: &[u8]) -> u64 {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    }
}

/// True when the file begins with a UTF-16 byte-order mark (not UTF-32's, which begins
/// with the same two bytes and is refused by the reader).
fn utf16_start(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut head = Vec::with_capacity(4);
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    file.take(4)
        .read_to_end(&mut head)
        .map_err(|e| Error::io(path, e))?;
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    Ok(utf16 && !format::is_utf32(&head))
}

/// The paragraphs of an EPUB's spine items, in spine order; each paragraph's place is in
/// its member, which `page` names.
fn epub(path: &Path) -> Result<Extracted> {
    let package = format::epub_package(path)?;
    let mut archive = format::open_archive(path)?;
    let mut all = Extracted::default();
    let mut total = 0u64;
    for member in &package.spine {
        let bytes = read_member(&mut archive, member, path)?;
        total += bytes.len() as u64;
        if total > format::MAX_MEMBER_BYTES {
            return Err(Error::Format {
                path: path.to_path_buf(),
                place: format!("member {member}"),
                message: format!(
                    "the spine's documents hold more than {} MiB of text together (the limit)",
                    format::MAX_MEMBER_BYTES >> 20
                ),
            });
        }
        let shift = bom_shift(&bytes);
        let text = utf8_text(path, bytes).map_err(|e| match e {
            Error::InvalidUtf8 { offset, line, .. } => Error::Format {
                path: path.to_path_buf(),
                place: format!("member {member}, line {line}, byte {offset}"),
                message: "invalid UTF-8".into(),
            },
            other => other,
        })?;
        let mut part = Extracted::new();
        html::extract(&text, Some(Arc::from(member.as_str())), &mut part);
        let part = part.shifted(shift);
        if !part.text.is_empty() {
            if !all.text.is_empty() {
                all.text.push_str("\n\n");
            }
            all.text.push_str(&part.text);
            all.places.extend(part.places);
        }
    }
    Ok(all)
}
