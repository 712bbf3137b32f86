//! Input formats: which one a file is in (by content, then extension, or forced), the
//! metadata a TEI header or an EPUB package gives, and bounded reading of archive members.
//!
//! A file is sniffed once, when the corpus is built ([`detect`]); the text itself is
//! converted later, by [`crate::text::convert`]. See `docs/inputs.md` for the formats.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::{Error, Result};

/// The largest text taken out of one archive member (a Gutenberg zip's `.txt`, an EPUB's
/// package file or one of its chapters), and of an EPUB's chapters together: 256 MiB. A
/// member that inflates past it is an error, so that a zip bomb cannot fill memory.
///
/// ```
/// assert_eq!(corpus_lens::corpus::format::MAX_MEMBER_BYTES, 256 << 20);
/// ```
pub const MAX_MEMBER_BYTES: u64 = 256 << 20;

/// The format of an input file.
///
/// ```
/// use corpus_lens::corpus::format::InputFormat;
/// let format: InputFormat = "tei".parse()?;
/// assert_eq!(format, InputFormat::Tei);
/// assert_eq!(format.name(), "tei");
/// assert!("pdf".parse::<InputFormat>().is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum InputFormat {
    /// Chosen by content, then extension ([`detect`]).
    #[default]
    Auto,
    /// Plain text, UTF-8 (or UTF-16 with a byte-order mark).
    Text,
    /// TEI XML: the text of `<body>`.
    Tei,
    /// HTML (or XHTML): the text of paragraph elements.
    Html,
    /// EPUB: the spine's XHTML documents, in spine order.
    Epub,
    /// A zip archive holding one `.txt` file (as Project Gutenberg ships them).
    Zip,
}

impl InputFormat {
    /// Every format, in the order `--input-format` lists them.
    pub const ALL: [InputFormat; 6] = [
        InputFormat::Auto,
        InputFormat::Text,
        InputFormat::Tei,
        InputFormat::Html,
        InputFormat::Epub,
        InputFormat::Zip,
    ];

    /// The name used on the command line and in manifests.
    ///
    /// ```
    /// use corpus_lens::corpus::format::InputFormat;
    /// let names: Vec<&str> = InputFormat::ALL.iter().map(|f| f.name()).collect();
    /// assert_eq!(names, ["auto", "text", "tei", "html", "epub", "zip"]);
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Text => "text",
            InputFormat::Tei => "tei",
            InputFormat::Html => "html",
            InputFormat::Epub => "epub",
            InputFormat::Zip => "zip",
        }
    }

    /// True for the formats whose text is taken out of markup or an archive (their
    /// paragraphs point to the element or member they come from).
    ///
    /// ```
    /// use corpus_lens::corpus::format::InputFormat;
    /// assert!(InputFormat::Tei.is_markup() && !InputFormat::Zip.is_markup());
    /// ```
    pub fn is_markup(self) -> bool {
        matches!(
            self,
            InputFormat::Tei | InputFormat::Html | InputFormat::Epub
        )
    }
}

impl std::str::FromStr for InputFormat {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<InputFormat, String> {
        InputFormat::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("unknown input format '{s}'; use auto, text, tei, html, epub or zip")
            })
    }
}

impl std::fmt::Display for InputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The extensions a folder walk reads (lowercase, without the dot).
pub(crate) const EXTENSIONS: [&str; 8] =
    ["txt", "xml", "tei", "html", "htm", "xhtml", "epub", "zip"];

/// The format of `path`: `forced` unless it is [`InputFormat::Auto`]; else a zip archive by
/// its first bytes (an EPUB when it has `META-INF/container.xml`), then HTML for `.html`,
/// `.htm`, `.xhtml`, TEI for `.xml`, `.tei`, then by the first markup (`<TEI`, `<html`,
/// `<!DOCTYPE html`), else plain text. UTF-16 with a byte-order mark is decoded first.
///
/// ```
/// use corpus_lens::corpus::format::{detect, InputFormat};
/// let dir = tempfile::tempdir()?;
/// let tei = dir.path().join("memoir.txt");
/// std::fs::write(&tei, "<?xml version=\"1.0\"?>\n<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"></TEI>")?;
/// assert_eq!(detect(&tei, InputFormat::Auto)?, InputFormat::Tei); // content wins
/// assert_eq!(detect(&tei, InputFormat::Text)?, InputFormat::Text); // unless forced
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Io`] or [`Error::NotFound`] when the file cannot be read.
pub fn detect(path: &Path, forced: InputFormat) -> Result<InputFormat> {
    if forced != InputFormat::Auto {
        return Ok(forced);
    }
    let mut head = Vec::with_capacity(4096);
    File::open(path)
        .and_then(|f| f.take(4096).read_to_end(&mut head))
        .map_err(|e| Error::io(path, e))?;
    if head.starts_with(b"PK\x03\x04") {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let is_epub = zip::ZipArchive::new(BufReader::new(file))
            .is_ok_and(|a| a.index_for_name("META-INF/container.xml").is_some());
        return Ok(if is_epub {
            InputFormat::Epub
        } else {
            InputFormat::Zip
        });
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" | "xhtml" => return Ok(InputFormat::Html),
        "xml" | "tei" => return Ok(InputFormat::Tei),
        "epub" => return Ok(InputFormat::Epub),
        _ => {}
    }
    let text = match decode_utf16(&head) {
        Some(text) => text,
        None => String::from_utf8_lossy(&head).into_owned(),
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    if !text.starts_with('<') {
        return Ok(InputFormat::Text);
    }
    let lower = text.to_ascii_lowercase();
    if lower.contains("<tei") || lower.contains(":tei") {
        Ok(InputFormat::Tei)
    } else if lower.contains("<html") || lower.contains("<!doctype html") {
        Ok(InputFormat::Html)
    } else {
        Ok(InputFormat::Text)
    }
}

/// True when `bytes` begin with a UTF-32 byte-order mark, little-endian (`FF FE 00 00`,
/// whose first two bytes are UTF-16's mark) or big-endian (`00 00 FE FF`).
///
/// ```
/// use corpus_lens::corpus::format::is_utf32;
/// assert!(is_utf32(b"\xFF\xFE\0\0H\0\0\0") && is_utf32(b"\0\0\xFE\xFF\0\0\0H"));
/// assert!(!is_utf32(b"\xFF\xFEH\0i\0"));
/// ```
pub fn is_utf32(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF])
}

/// `bytes` decoded as UTF-16 when they begin with a UTF-16 byte-order mark (the mark
/// dropped; unpaired surrogates become U+FFFD, an odd last byte is dropped); `None` otherwise.
///
/// ```
/// use corpus_lens::corpus::format::decode_utf16;
/// assert_eq!(decode_utf16(b"\xFF\xFEH\0i\0").as_deref(), Some("Hi"));
/// assert_eq!(decode_utf16(b"\xFE\xFF\0H\0i").as_deref(), Some("Hi"));
/// assert_eq!(decode_utf16(b"Hi"), None);
/// assert_eq!(decode_utf16(b"\xFF\xFE\0\0H\0\0\0"), None); // UTF-32
/// ```
pub fn decode_utf16(bytes: &[u8]) -> Option<String> {
    if is_utf32(bytes) {
        return None;
    }
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|c| {
        if little {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect(),
    )
}

/// Reads at most [`MAX_MEMBER_BYTES`] from `source`: past that, an error naming `path` and
/// `place`.
pub(crate) fn read_bounded(source: impl Read, path: &Path, place: &str) -> Result<Vec<u8>> {
    read_bounded_to(source, MAX_MEMBER_BYTES, path, place)
}

/// [`read_bounded`] with a limit of `limit` bytes (reading stops one byte past it).
fn read_bounded_to(source: impl Read, limit: u64, path: &Path, place: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    source
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::Format {
            path: path.to_path_buf(),
            place: place.to_string(),
            message: format!("cannot be read: {e}"),
        })?;
    if bytes.len() as u64 > limit {
        return Err(Error::Format {
            path: path.to_path_buf(),
            place: place.to_string(),
            message: format!(
                "holds more than {} MiB of text (the limit for an archive member, against zip \
                 bombs); unpack it and give the text file",
                limit >> 20
            ),
        });
    }
    Ok(bytes)
}

/// Opens a zip archive (a Gutenberg zip or an EPUB).
pub(crate) fn open_archive(path: &Path) -> Result<zip::ZipArchive<BufReader<File>>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    zip::ZipArchive::new(BufReader::new(file)).map_err(|e| Error::Format {
        path: path.to_path_buf(),
        place: "zip directory".into(),
        message: format!("not a readable zip archive ({e})"),
    })
}

/// Reads the member `name` of an archive, bounded by [`MAX_MEMBER_BYTES`].
pub(crate) fn read_member(
    archive: &mut zip::ZipArchive<BufReader<File>>,
    name: &str,
    path: &Path,
) -> Result<Vec<u8>> {
    let place = format!("member {name}");
    let member = archive.by_name(name).map_err(|e| Error::Format {
        path: path.to_path_buf(),
        place: place.clone(),
        message: format!("cannot be read ({e})"),
    })?;
    read_bounded(member, path, &place)
}

/// What a TEI header or an EPUB package says of its text; empty fields are unknown.
///
/// ```
/// use corpus_lens::corpus::format::Metadata;
/// let m = Metadata::default();
/// assert!(m.title.is_empty() && m.year.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// `titleStmt/title` (TEI) or `dc:title` (EPUB).
    pub title: String,
    /// `titleStmt/author` (TEI) or `dc:creator` (EPUB), several joined with `; `.
    pub author: String,
    /// The first four-digit year of `sourceDesc`'s first `date` (`@when`, else its text) or
    /// `creation/date` (TEI), or of `dc:date` (EPUB).
    pub year: Option<i32>,
    /// `langUsage/language/@ident`, else the `xml:lang` of `<TEI>` or `<text>` (TEI), or
    /// `dc:language` (EPUB).
    pub language: String,
}

impl Metadata {
    /// Fills the empty fields of `doc` (what a manifest sets wins).
    pub(crate) fn fill(self, doc: &mut super::Document) {
        if doc.title.is_empty() {
            doc.title = self.title;
        }
        if doc.author.is_empty() {
            doc.author = self.author;
        }
        if doc.year.is_none() {
            doc.year = self.year;
        }
        if doc.language.is_empty() {
            doc.language = self.language;
        }
    }
}

/// The first run of four ASCII digits in `s`, as a year.
fn first_year(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(3))
        .find(|&i| b[i..i + 4].iter().all(u8::is_ascii_digit))
        .and_then(|i| s[i..i + 4].parse().ok())
}

/// The place of byte `offset` of `text` as "line L, column C" (from 1).
pub(crate) fn place_at(text: &[u8], offset: usize) -> String {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let start = memchr::memrchr(b'\n', before).map_or(0, |k| k + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    format!("line {line}, column {column}")
}

/// A quick-xml error as [`Error::Format`] at the reader's error position.
pub(crate) fn xml_error(path: &Path, text: &[u8], at: u64, e: impl std::fmt::Display) -> Error {
    Error::Format {
        path: path.to_path_buf(),
        place: place_at(text, at as usize),
        message: format!("malformed XML: {e}; fix the file, or pass --input-format text"),
    }
}

/// A file's text as UTF-8: UTF-16 with a byte-order mark decoded, a UTF-8 mark dropped,
/// invalid UTF-8 an error.
pub(crate) fn utf8_text(path: &Path, bytes: Vec<u8>) -> Result<String> {
    if let Some(text) = decode_utf16(&bytes) {
        return Ok(text);
    }
    let mut text = String::from_utf8(bytes).map_err(|e| Error::invalid_utf8(path, &e))?;
    if text.starts_with('\u{feff}') {
        text.replace_range(..3, "");
    }
    Ok(text)
}

/// The metadata of a TEI file's `<teiHeader>` (the file is read up to its end).
///
/// ```
/// use corpus_lens::corpus::format::tei_metadata;
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("m.xml");
/// std::fs::write(&path, r#"<TEI><teiHeader><fileDesc><titleStmt><title>Ten Days</title>
///   <author>John Reed</author></titleStmt><sourceDesc><bibl><date when="1919-03">March
///   1919</date></bibl></sourceDesc></fileDesc><profileDesc><langUsage><language
///   ident="en"/></langUsage></profileDesc></teiHeader><text><body/></text></TEI>"#)?;
/// let m = tei_metadata(&path)?;
/// assert_eq!((m.title.as_str(), m.author.as_str(), m.year, m.language.as_str()),
///            ("Ten Days", "John Reed", Some(1919), "en"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::Format`] with the line and column of malformed XML; I/O errors.
pub fn tei_metadata(path: &Path) -> Result<Metadata> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = utf8_text(path, bytes)?;
    let mut reader = Reader::from_str(&text);
    let mut stack: Vec<String> = Vec::new();
    let mut meta = Metadata::default();
    let (mut authors, mut field) = (Vec::<String>::new(), String::new());
    let mut has_ident = false;
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| xml_error(path, text.as_bytes(), at, e))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = local(e.local_name().as_ref());
                let attr = |key: &str| attr_value(e, key);
                if (name == "TEI" || name == "text") && meta.language.is_empty() {
                    meta.language = attr("xml:lang").unwrap_or_default();
                }
                if name == "text" {
                    break;
                }
                if name == "language" && stack.iter().any(|s| s == "langUsage") {
                    if let Some(ident) = attr("ident").filter(|i| !i.is_empty()) {
                        if !has_ident {
                            meta.language = ident;
                            has_ident = true;
                        }
                    }
                }
                if name == "date" && meta.year.is_none() && in_source_or_creation(&stack) {
                    meta.year = attr("when").as_deref().and_then(first_year);
                }
                if matches!(event, Event::Start(_)) {
                    field.clear();
                    stack.push(name);
                }
            }
            Event::End(e) => {
                let name = local(e.local_name().as_ref());
                let words = field.split_whitespace().collect::<Vec<_>>().join(" ");
                let in_title_stmt = stack.iter().any(|s| s == "titleStmt");
                match name.as_str() {
                    "title" if in_title_stmt && meta.title.is_empty() => meta.title = words,
                    "author" if in_title_stmt && !words.is_empty() => authors.push(words),
                    "date" if meta.year.is_none() && in_source_or_creation(&stack) => {
                        meta.year = first_year(&words)
                    }
                    "teiHeader" => break,
                    _ => {}
                }
                if name == "title" || name == "author" || name == "date" {
                    field.clear();
                }
                stack.pop();
            }
            Event::Text(t) => field.push_str(&t.decode().unwrap_or_default()),
            Event::CData(t) => field.push_str(&String::from_utf8_lossy(&t)),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    field.push(c);
                } else if let Some(s) = r.decode().ok().and_then(|n| resolve_entity(&n)) {
                    field.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    meta.author = authors.join("; ");
    Ok(meta)
}

fn in_source_or_creation(stack: &[String]) -> bool {
    stack.iter().any(|s| s == "sourceDesc" || s == "creation")
}

/// The value of attribute `key` of `e` (entities resolved), if it has one.
pub(crate) fn attr_value(e: &quick_xml::events::BytesStart<'_>, key: &str) -> Option<String> {
    e.try_get_attribute(key)
        .ok()
        .flatten()
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// An element's local name (the part after a namespace prefix) as a string.
pub(crate) fn local(name: &[u8]) -> String {
    String::from_utf8_lossy(name).into_owned()
}

/// A named entity: XML's five, then HTML's (EPUB chapters and old XHTML use `&mdash;`).
pub(crate) fn resolve_entity(name: &str) -> Option<&'static str> {
    quick_xml::escape::resolve_predefined_entity(name)
        .or_else(|| quick_xml::escape::resolve_html5_entity(name))
}

/// What an EPUB's package says: its metadata and the spine's members in order.
#[derive(Debug, Clone, Default)]
pub(crate) struct Package {
    pub(crate) metadata: Metadata,
    /// Archive member names of the spine items, in reading order.
    pub(crate) spine: Vec<String>,
}

/// Reads an EPUB's `META-INF/container.xml` and its package (OPF) file.
pub(crate) fn epub_package(path: &Path) -> Result<Package> {
    let mut archive = open_archive(path)?;
    let container = read_member(&mut archive, "META-INF/container.xml", path)?;
    let container = utf8_text(path, container)?;
    let mut opf_path = None;
    let mut reader = Reader::from_str(&container);
    loop {
        let at = reader.buffer_position();
        match reader.read_event() {
            Err(e) => {
                let e = xml_error(path, container.as_bytes(), at, e);
                return Err(in_member(e, "META-INF/container.xml"));
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"rootfile" => {
                opf_path = attr_value(&e, "full-path");
                break;
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
        }
    }
    let Some(opf_path) = opf_path else {
        return Err(Error::Format {
            path: path.to_path_buf(),
            place: "member META-INF/container.xml".into(),
            message: "names no package file (<rootfile full-path=...>); not a valid EPUB".into(),
        });
    };
    let opf = read_member(&mut archive, &opf_path, path)?;
    let opf = utf8_text(path, opf)?;
    let base = opf_path.rfind('/').map_or("", |k| &opf_path[..=k]);
    parse_opf(path, &opf_path, &opf, base)
}

fn in_member(e: Error, member: &str) -> Error {
    match e {
        Error::Format {
            path,
            place,
            message,
        } => Error::Format {
            path,
            place: format!("member {member}, {place}"),
            message,
        },
        other => other,
    }
}

fn parse_opf(path: &Path, opf_path: &str, opf: &str, base: &str) -> Result<Package> {
    let mut reader = Reader::from_str(opf);
    let mut items: Vec<(String, String)> = Vec::new();
    let mut spine_ids: Vec<String> = Vec::new();
    let mut saw_spine = false;
    let mut meta = Metadata::default();
    let mut creators = Vec::new();
    let (mut field, mut open) = (String::new(), None::<String>);
    loop {
        let at = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| in_member(xml_error(path, opf.as_bytes(), at, e), opf_path))?;
        let attr = attr_value;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let name = local(e.local_name().as_ref());
                match name.as_str() {
                    "item" => {
                        if let (Some(id), Some(href)) = (attr(e, "id"), attr(e, "href")) {
                            items.push((id, href));
                        }
                    }
                    "spine" => saw_spine = true,
                    "itemref" => spine_ids.extend(attr(e, "idref")),
                    "title" | "creator" | "language" | "date" => {
                        if matches!(event, Event::Start(_)) {
                            open = Some(name);
                            field.clear();
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if open.is_some() => field.push_str(&t.decode().unwrap_or_default()),
            Event::End(_) if open.is_some() => {
                let words = field.split_whitespace().collect::<Vec<_>>().join(" ");
                match open.take().as_deref() {
                    Some("title") if meta.title.is_empty() => meta.title = words,
                    Some("creator") if !words.is_empty() => creators.push(words),
                    Some("language") if meta.language.is_empty() => meta.language = words,
                    Some("date") if meta.year.is_none() => meta.year = first_year(&words),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    meta.author = creators.join("; ");
    if !saw_spine || spine_ids.is_empty() {
        return Err(Error::Format {
            path: path.to_path_buf(),
            place: format!("member {opf_path}"),
            message: "the package has no <spine> (or an empty one), so there is no reading \
                      order; not a valid EPUB"
                .into(),
        });
    }
    let mut spine = Vec::with_capacity(spine_ids.len());
    for id in spine_ids {
        let Some((_, href)) = items.iter().find(|(i, _)| *i == id) else {
            return Err(Error::Format {
                path: path.to_path_buf(),
                place: format!("member {opf_path}"),
                message: format!("the spine names item '{id}', which the manifest lacks"),
            });
        };
        let href = href.split('#').next().unwrap_or_default();
        spine.push(join_member(base, &percent_decode(href)));
    }
    Ok(Package {
        metadata: meta,
        spine,
    })
}

/// `base` (a folder inside the archive, ending in `/` or empty) joined with a relative
/// `href`, `.` and `..` resolved.
fn join_member(base: &str, href: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in href.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `%20` and the like in an EPUB href, decoded (invalid escapes kept as written).
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Archive members that a Gutenberg zip's text can be: `.txt` files, not folders, not
/// macOS resource forks.
pub(crate) fn text_members(path: &Path) -> Result<Vec<String>> {
    let archive = open_archive(path)?;
    Ok(archive
        .file_names()
        .filter(|n| !n.ends_with('/') && !n.starts_with("__MACOSX/"))
        .filter(|n| n.to_ascii_lowercase().ends_with(".txt"))
        .map(str::to_string)
        .collect())
}

/// The one `.txt` member of a zip, or an error naming the file and what it holds.
pub(crate) fn zip_text_member(path: &Path) -> Result<String> {
    let mut members = text_members(path)?;
    match members.len() {
        1 => Ok(members.remove(0)),
        0 => {
            let archive = open_archive(path)?;
            let all: Vec<&str> = archive.file_names().take(10).collect();
            Err(Error::Format {
                path: path.to_path_buf(),
                place: "zip directory".into(),
                message: format!(
                    "holds no .txt file (it holds: {}); give a zip with the text file, or unpack it",
                    if all.is_empty() { "nothing".to_string() } else { all.join(", ") }
                ),
            })
        }
        _ => Err(Error::Format {
            path: path.to_path_buf(),
            place: "zip directory".into(),
            message: format!(
                "holds {} .txt files ({}); unpack it and give the one to read",
                members.len(),
                members.join(", ")
            ),
        }),
    }
}

/// The metadata of a file in `format` (TEI header, EPUB package), empty for the others.
pub(crate) fn metadata_of(path: &Path, format: InputFormat) -> Result<Metadata> {
    match format {
        InputFormat::Tei => tei_metadata(path),
        InputFormat::Epub => Ok(epub_package(path)?.metadata),
        _ => Ok(Metadata::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A member that inflates past the limit is refused after reading one byte more than
    /// the limit, whatever its size (a zip bomb's output is never held whole).
    #[test]
    fn a_member_past_the_limit_is_an_error_after_limit_plus_one_bytes() {
        let endless = std::io::repeat(b'a');
        let err = read_bounded_to(endless, 2 << 20, Path::new("bomb.zip"), "member a.txt")
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("bomb.zip: member a.txt: holds more than 2 MiB"),
            "{err}"
        );
        let ok = read_bounded_to(&b"short"[..], 5, Path::new("a.zip"), "member a.txt").unwrap();
        assert_eq!(ok, b"short");
    }

    #[test]
    fn member_paths_resolve_against_the_package_folder() {
        assert_eq!(
            join_member("OEBPS/", "text/ch%201.xhtml"),
            "OEBPS/text/ch%201.xhtml"
        );
        assert_eq!(join_member("OEBPS/text/", "../a.xhtml"), "OEBPS/a.xhtml");
        assert_eq!(percent_decode("ch%201%2.xhtml"), "ch 1%2.xhtml");
        assert_eq!(first_year("c. 1919-03"), Some(1919));
        assert_eq!(first_year("n.d."), None);
    }
}
