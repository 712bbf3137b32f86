//! A gold file: its columns, its rows read with the `csv` crate, and the check of its
//! documents and factions against a run.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::framing::factions::FactionSet;

/// The columns a gold file must have.
pub const REQUIRED_COLUMNS: [&str; 4] = ["document", "byte_offset", "faction", "stance"];

/// The other columns a gold file may have (those of `corpora/gold/gold.csv`): read where
/// used (`mention`, `line`, `voice`, `is_mention`), accepted and ignored otherwise. Any
/// column outside these and [`REQUIRED_COLUMNS`] is an error, so that a misspelt column
/// (`stance ` or `Stance`) cannot pass unseen.
pub const OPTIONAL_COLUMNS: [&str; 14] = [
    "id",
    "line",
    "candidate",
    "mention",
    "variant",
    "previous",
    "sentence",
    "is_mention",
    "voice",
    "confidence",
    "settled_by",
    "stance_a",
    "stance_b",
    "note",
];

/// One row of a gold file: a labelled (possible) faction mention.
///
/// ```
/// use corpus_lens::framing::evaluate::Gold;
/// let gold = Gold::parse("document,byte_offset,faction,stance\nreed1919,120,bolsheviks,+1\n", "g.csv".as_ref())?;
/// let row = &gold.rows[0];
/// assert_eq!((row.document.as_str(), row.byte_offset, row.faction.as_str(), row.stance), ("reed1919", 120, "bolsheviks", 1));
/// assert!(row.is_mention && row.mention.is_none() && row.line.is_none());
/// assert_eq!(row.record, 2); // the CSV line, for messages
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldRow {
    /// Document id, as in the corpus (the manifest's `id`, or a plain file's stem).
    pub document: String,
    /// Byte offset of the mention's first byte in the document's file.
    pub byte_offset: u64,
    /// Faction id of the factions lexicon (empty when `is_mention` is false).
    pub faction: String,
    /// The labelled stance: -1, 0 or +1 (0 when `is_mention` is false).
    pub stance: i8,
    /// The `line` column: the mention's line in the file, if given.
    pub line: Option<u64>,
    /// The `voice` column (`narrator`, `quoted`, `reported`), if given.
    pub voice: Option<String>,
    /// The `is_mention` column (true when the file has none): rows with 0 are not
    /// mentions of a faction and are left out of the evaluation.
    pub is_mention: bool,
    /// The `mention` column: the words as written, whose byte length gives the span
    /// matched against the tool's mentions (one byte without it).
    pub mention: Option<String>,
    /// The line of the row's CSV record in the gold file, from 1 (the header is line 1).
    pub record: u64,
}

impl GoldRow {
    /// The byte span `[byte_offset, byte_offset + len)` matched against the tool's mentions:
    /// `len` is the `mention` column's length in bytes, or 1 without it.
    ///
    /// ```
    /// use corpus_lens::framing::evaluate::Gold;
    /// let gold = Gold::parse("document,byte_offset,faction,stance,mention\nr,10,cadets,0,Cadets\nr,30,cadets,0,\n", "g.csv".as_ref())?;
    /// assert_eq!(gold.rows[0].span(), (10, 16));
    /// assert_eq!(gold.rows[1].span(), (30, 31));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn span(&self) -> (u64, u64) {
        let len = self.mention.as_deref().map_or(0, str::len).max(1);
        (self.byte_offset, self.byte_offset + len as u64)
    }
}

/// A gold file: where it was read from (for messages) and its rows, in file order.
///
/// ```
/// use corpus_lens::framing::evaluate::Gold;
/// let text = "id,document,byte_offset,faction,stance,is_mention\n\
///             g1,reed1919,10,cadets,-1,1\n\
///             g2,reed1919,50,,,0\n";
/// let gold = Gold::parse(text, "gold.csv".as_ref())?;
/// assert_eq!(gold.rows.len(), 2);
/// assert_eq!(gold.mentions().count(), 1); // is_mention = 0 is left out
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gold {
    /// The file.
    pub path: PathBuf,
    /// Its rows, in file order.
    pub rows: Vec<GoldRow>,
}

/// Reads a gold file (CSV with a header; see [`REQUIRED_COLUMNS`] and
/// [`OPTIONAL_COLUMNS`]).
///
/// ```
/// let gold = corpus_lens::framing::evaluate::read_gold("corpora/gold/gold.csv".as_ref())?;
/// assert_eq!(gold.rows.len(), 3956);
/// assert_eq!(gold.mentions().count(), 3662);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::NotFound`] or [`Error::Io`] if the file cannot be read; [`Error::Gold`], naming
/// the file, the line, the column and the value, for an unknown, repeated or missing
/// column, a record with more or fewer fields than the header, text that is not UTF-8, or
/// a bad value (an empty document or faction, a `byte_offset` or `line` that is not a whole
/// number, a `stance` other than -1, 0, 1 or +1, an `is_mention` other than 0 or 1).
pub fn read_gold(path: &Path) -> Result<Gold> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    Gold::from_reader(file, path)
}

impl Gold {
    /// Reads gold rows from CSV text; `path` names it in messages ([`read_gold`] reads a
    /// file).
    ///
    /// ```
    /// use corpus_lens::framing::evaluate::Gold;
    /// let err = Gold::parse("document,byte_offset,faction,stance\nreed1919,12,cadets,2\n", "g.csv".as_ref()).unwrap_err();
    /// assert_eq!(err.to_string(), "g.csv:2: column stance: \"2\" is not a stance; write -1, 0 or +1");
    /// let err = Gold::parse("document,byte_offset,faction,stance,remark\n", "g.csv".as_ref()).unwrap_err();
    /// assert!(err.to_string().starts_with("g.csv:1: unknown column \"remark\""));
    /// ```
    ///
    /// # Errors
    ///
    /// As [`read_gold`].
    pub fn parse(text: &str, path: &Path) -> Result<Gold> {
        Gold::from_reader(text.as_bytes(), path)
    }

    fn from_reader(input: impl Read, path: &Path) -> Result<Gold> {
        let fail = |line: u64, message: String| Error::Gold {
            path: path.to_path_buf(),
            line,
            message,
        };
        let csv_error = |e: csv::Error| {
            let line = e.position().map_or(1, |p| p.line());
            let message = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => format!(
                    "the record has {len} fields, the header {expected_len}; put a field \
                     that holds a comma or a line break in double quotes"
                ),
                csv::ErrorKind::Utf8 { .. } => {
                    "not valid UTF-8; save the file as UTF-8".to_string()
                }
                csv::ErrorKind::Io(err) => return Error::io(path, clone_io(err)),
                _ => format!("malformed CSV: {e}"),
            };
            fail(line, message)
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(input);
        let header: Vec<String> = reader
            .headers()
            .map_err(csv_error)?
            .iter()
            .map(str::to_string)
            .collect();
        let columns = Columns::of(&header).map_err(|message| fail(1, message))?;
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        while reader.read_record(&mut record).map_err(csv_error)? {
            let line = record.position().map_or(0, |p| p.line());
            let row = columns
                .row(&record, line)
                .map_err(|message| fail(line, message))?;
            rows.push(row);
        }
        Ok(Gold {
            path: path.to_path_buf(),
            rows,
        })
    }

    /// The rows that are mentions (`is_mention` 1, or every row without that column), in
    /// file order.
    ///
    /// ```
    /// use corpus_lens::framing::evaluate::Gold;
    /// let gold = Gold::parse("document,byte_offset,faction,stance\nr,1,cadets,0\n", "g.csv".as_ref())?;
    /// assert_eq!(gold.mentions().count(), 1);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn mentions(&self) -> impl Iterator<Item = &GoldRow> + '_ {
        self.rows.iter().filter(|r| r.is_mention)
    }

    /// Checks every row's document against the run's document ids and every faction given
    /// against the factions lexicon.
    ///
    /// ```
    /// use corpus_lens::framing::{evaluate::Gold, factions::FactionSet};
    /// let factions = FactionSet::load_default()?;
    /// let gold = Gold::parse("document,byte_offset,faction,stance\nreed1919,1,bolshevik,0\n", "g.csv".as_ref())?;
    /// assert!(gold.check(&["reed1919"], &factions).unwrap_err().to_string().contains("did you mean \"bolsheviks\"?"));
    /// let err = gold.check(&["denikin1922"], &factions).unwrap_err();
    /// assert!(err.to_string().starts_with("g.csv:2: column document: unknown document \"reed1919\""));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Gold`] for the first row whose document is not among `documents`, or whose
    /// faction is not an id of `factions`.
    pub fn check(&self, documents: &[&str], factions: &FactionSet) -> Result<()> {
        let ids: Vec<&str> = factions.factions().iter().map(|f| f.id.as_str()).collect();
        for row in &self.rows {
            let fail = |message: String| Error::Gold {
                path: self.path.clone(),
                line: row.record,
                message,
            };
            if !documents.contains(&row.document.as_str()) {
                let mut known = documents[..documents.len().min(10)].join(", ");
                if documents.len() > 10 {
                    known.push_str(&format!(" and {} more", documents.len() - 10));
                }
                return Err(fail(format!(
                    "column document: unknown document {:?}; the run's documents are {known}; \
                     give the corpus the gold rows were drawn from as INPUT (the ids are \
                     the manifest's, or the stems of the files given), or correct the id",
                    row.document,
                )));
            }
            if !row.faction.is_empty() && !ids.contains(&row.faction.as_str()) {
                let hint = match nearest(&row.faction, &ids) {
                    Some(id) => format!("did you mean {id:?}? "),
                    None => String::new(),
                };
                return Err(fail(format!(
                    "column faction: unknown faction {:?}; {hint}use an id of the factions \
                     lexicon in use (corpora/factions.toml, or --factions FILE)",
                    row.faction
                )));
            }
        }
        Ok(())
    }
}

/// Where each known column is in a gold file's header.
struct Columns {
    document: usize,
    byte_offset: usize,
    faction: usize,
    stance: usize,
    line: Option<usize>,
    mention: Option<usize>,
    is_mention: Option<usize>,
    voice: Option<usize>,
}

impl Columns {
    /// The columns of `header`; an unknown, repeated or missing column is an error.
    fn of(header: &[String]) -> std::result::Result<Columns, String> {
        let known = || REQUIRED_COLUMNS.iter().chain(&OPTIONAL_COLUMNS);
        for (i, name) in header.iter().enumerate() {
            if !known().any(|k| k == name) {
                let all: Vec<&str> = known().copied().collect();
                return Err(format!(
                    "unknown column {name:?} (column {}); a gold file has the columns {} \
                     and may have {}; rename or remove it",
                    i + 1,
                    REQUIRED_COLUMNS.join(", "),
                    all[REQUIRED_COLUMNS.len()..].join(", ")
                ));
            }
            if header[..i].contains(name) {
                return Err(format!("column {name:?} appears twice; keep one"));
            }
        }
        let find = |name: &str| header.iter().position(|h| h == name);
        let required = |name: &str| {
            find(name).ok_or_else(|| {
                format!(
                    "missing column {name:?}; a gold file needs the columns {} (see \
                     corpora/gold/README.md)",
                    REQUIRED_COLUMNS.join(", ")
                )
            })
        };
        Ok(Columns {
            document: required("document")?,
            byte_offset: required("byte_offset")?,
            faction: required("faction")?,
            stance: required("stance")?,
            line: find("line"),
            mention: find("mention"),
            is_mention: find("is_mention"),
            voice: find("voice"),
        })
    }

    /// The gold row of a record.
    fn row(&self, record: &csv::StringRecord, line: u64) -> std::result::Result<GoldRow, String> {
        let get = |i: usize| record.get(i).unwrap_or("").trim();
        let optional = |i: Option<usize>| i.map(get).filter(|v| !v.is_empty());
        let is_mention = match self.is_mention.map(get) {
            None | Some("1") => true,
            Some("0") => false,
            Some(v) => return Err(format!("column is_mention: {v:?} is not 0 or 1")),
        };
        let document = get(self.document);
        if document.is_empty() {
            return Err("column document: empty; give the document id".to_string());
        }
        let byte_offset = get(self.byte_offset);
        let byte_offset = byte_offset.parse::<u64>().map_err(|_| {
            format!(
                "column byte_offset: {byte_offset:?} is not a byte offset; write a whole \
                 number from 0 (the mention's first byte in the file)"
            )
        })?;
        let line_value = match optional(self.line) {
            None => None,
            Some(v) => Some(v.parse::<u64>().map_err(|_| {
                format!("column line: {v:?} is not a line number; write a whole number or leave it empty")
            })?),
        };
        let faction = get(self.faction);
        let stance = get(self.stance);
        let (faction, stance) = if is_mention {
            if faction.is_empty() {
                return Err(
                    "column faction: empty in a mention; give the faction id (or set \
                     is_mention to 0)"
                        .to_string(),
                );
            }
            let stance = match stance {
                "-1" => -1,
                "0" => 0,
                "1" | "+1" => 1,
                _ => {
                    return Err(format!(
                        "column stance: {stance:?} is not a stance; write -1, 0 or +1"
                    ))
                }
            };
            (faction, stance)
        } else {
            (faction, 0)
        };
        Ok(GoldRow {
            document: document.to_string(),
            byte_offset,
            faction: faction.to_string(),
            stance,
            line: line_value,
            voice: optional(self.voice).map(str::to_string),
            is_mention,
            mention: self
                .mention
                .and_then(|i| record.get(i))
                .filter(|m| !m.is_empty())
                .map(str::to_string),
            record: line,
        })
    }
}

/// An I/O error's kind and message, for the error that owns a copy.
fn clone_io(err: &std::io::Error) -> std::io::Error {
    std::io::Error::new(err.kind(), err.to_string())
}

/// The id of `ids` nearest to `value` by edit distance, if within two edits (or one for a
/// short value): the likely intended one.
fn nearest<'a>(value: &str, ids: &[&'a str]) -> Option<&'a str> {
    let limit = if value.chars().count() <= 4 { 1 } else { 2 };
    ids.iter()
        .map(|id| (edit_distance(value, id), *id))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, id)| id)
}

/// Levenshtein distance between two strings, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}
