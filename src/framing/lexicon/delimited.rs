//! Reading delimited lexicons (CSV, TSV: the layouts of VADER's and AFINN's word lists).

use std::borrow::Cow;
use std::path::Path;

use rustc_hash::FxHashMap;

use crate::count::nodes::MatchBy;
use crate::error::{Error, Result};
use crate::framing::lexicon::matching::tokenize_term;
use crate::framing::lexicon::types::{Dimension, Lexicon, Term};

impl Lexicon {
    /// Parses a delimited lexicon in the layouts of VADER's `vader_lexicon.txt` and AFINN's
    /// `AFINN-111.txt`; `path` names the file in error messages and gives the dimension id.
    ///
    /// - Each non-empty line is `word<delimiter>score`, optionally followed by more fields,
    ///   which are ignored (VADER's standard deviation and ratings). Lines starting with `#`
    ///   are comments. Line ends may be LF or CRLF; a UTF-8 byte-order mark is skipped.
    /// - With `delimiter` `b','` fields may be quoted as in CSV (`"does not work",-3`, `""`
    ///   for a quote inside); with any other delimiter (a tab) quotes are ordinary characters.
    ///   Spaces around a field are trimmed.
    /// - The first entry line is a header, and skipped, if its second field is not a number
    ///   (`word,score`); anywhere else a score that is not a finite number is an error at its
    ///   line and column.
    /// - The file is one [`Dimension`], whose id is the file stem lowercased with every
    ///   character that is not a letter or digit replaced by `_` (`AFINN-111.txt` gives
    ///   `afinn_111`; `lexicon` if that is empty), positive pole "positive", negative pole
    ///   "negative". Weights are the scores as given, not rescaled.
    /// - Matching is [`MatchBy::Word`]: these lists spell out inflections separately
    ///   ("betray", "betrayed", "betrayal"), so stemming them would merge entries.
    ///   Multiword entries ("does not work", "cashing in") are tokenized like TOML terms.
    /// - Entries that are not words are skipped and counted in [`Lexicon::skipped`]: those
    ///   with characters outside the tokens (emoticons such as `:-)`, `:p`, `o.O`) and those
    ///   without a letter token (`<3`, `8)`, `2g2bt`).
    /// - Two entries with the same keys: if they are written identically, the later line's
    ///   score replaces the earlier one's, as in VADER itself (`vader_lexicon.txt` 3.3.2
    ///   lists "lol", "ok", "sob" and seven more twice, with different scores, and VADER
    ///   keeps the later); if they are written differently ("Good" and "good") it is an
    ///   error naming both lines.
    ///
    /// A file with no word entry is an error, as is a delimiter that is not ASCII or is a
    /// quote or line break (a usage error).
    ///
    /// ```
    /// use corpus_lens::lexicon::{Lexicon, MatchBy};
    /// let text = "word,score\ncompetent,2\n\"does not work\",-3\n:-),2\n";
    /// let lexicon = Lexicon::parse_delimited(text, "My Lexicon.csv".as_ref(), b',')?;
    /// assert_eq!(lexicon.dimensions()[0].id, "my_lexicon");
    /// assert_eq!(lexicon.match_by(), MatchBy::Word);
    /// assert_eq!(lexicon.terms()[1].term, "does not work");
    /// assert_eq!((lexicon.terms()[1].len, lexicon.terms()[1].weight), (3, -3.0));
    /// assert_eq!(lexicon.skipped(), 1);
    /// let err = Lexicon::parse_delimited("good\t1\nfine\tvery\n", "v.txt".as_ref(), b'\t');
    /// assert_eq!(
    ///     err.unwrap_err().to_string(),
    ///     "v.txt:2:6: score \"very\" of \"fine\" (second field) is not a number"
    /// );
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn parse_delimited(text: &str, path: &Path, delimiter: u8) -> Result<Lexicon> {
        if !delimiter.is_ascii() || matches!(delimiter, b'"' | b'\n' | b'\r') {
            return Err(Error::Usage(format!(
                "{}: a lexicon delimiter must be an ASCII character other than a quote or a \
                 line break, not byte {delimiter:#04x}",
                path.display()
            )));
        }
        let quoting = delimiter == b',';
        let sep = match delimiter {
            b'\t' => "<TAB>".to_string(),
            d => (d as char).to_string(),
        };
        let at = |line: usize, raw: &str, byte: usize, message: String| Error::Manifest {
            path: path.to_path_buf(),
            line,
            column: raw[..byte.min(raw.len())].chars().count() + 1,
            message,
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let dimension = Dimension {
            id: dimension_id(path),
            positive: "positive".into(),
            negative: "negative".into(),
        };

        let mut terms: Vec<Term> = Vec::new();
        let mut keys: Vec<Vec<String>> = Vec::new();
        let mut lines: Vec<usize> = Vec::new();
        let mut seen: FxHashMap<Vec<String>, usize> = FxHashMap::default();
        let mut skipped = 0;
        let mut first_entry = true;
        let mut fields = Vec::new();
        for (n, raw) in text.split('\n').enumerate() {
            let line = n + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let is_first = std::mem::replace(&mut first_entry, false);
            split_fields(raw, delimiter, quoting, &mut fields)
                .map_err(|(byte, msg)| at(line, raw, byte, msg))?;
            let (word_at, word) = &fields[0];
            let Some((score_at, score)) = fields.get(1) else {
                let msg = format!(
                    "\"{word}\" has no score; expected word{sep}score (fields separated by {})",
                    if delimiter == b'\t' {
                        "tabs"
                    } else {
                        "the delimiter"
                    }
                );
                return Err(at(line, raw, raw.len(), msg));
            };
            let weight = match score.parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ if is_first => continue,
                _ => {
                    let msg =
                        format!("score \"{score}\" of \"{word}\" (second field) is not a number");
                    return Err(at(line, raw, *score_at, msg));
                }
            };
            if word.is_empty() {
                let msg = format!("empty word (first field); expected word{sep}score");
                return Err(at(line, raw, *word_at, msg));
            }
            let tokenized = tokenize_term(word, MatchBy::Word);
            if !tokenized.has_word || !tokenized.covered {
                skipped += 1;
                continue;
            }
            if let Some(&first) = seen.get(&tokenized.keys) {
                if terms[first].term == *word {
                    terms[first].weight = weight;
                    lines[first] = line;
                    continue;
                }
                let msg = format!(
                    "\"{word}\" is the same word as \"{}\" on line {}: both match {}; \
                     remove one of the two lines",
                    terms[first].term,
                    lines[first],
                    tokenized.keys.join(" ")
                );
                return Err(at(line, raw, *word_at, msg));
            }
            seen.insert(tokenized.keys.clone(), terms.len());
            lines.push(line);
            terms.push(Term {
                term: word.to_string(),
                dimension: 0,
                weight,
                len: tokenized.keys.len(),
            });
            keys.push(tokenized.keys);
        }
        if terms.is_empty() {
            return Err(Error::Manifest {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: format!(
                    "no word entries ({skipped} skipped that are not words); \
                     expected lines of word{sep}score"
                ),
            });
        }
        Ok(Lexicon::build(
            vec![dimension],
            terms,
            keys,
            Vec::new(),
            MatchBy::Word,
            skipped,
        ))
    }
}

/// The dimension id of a delimited file: its stem, lowercased, non-alphanumerics as `_`.
pub(super) fn dimension_id(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id: String = stem
        .chars()
        .flat_map(|c| {
            let keep = c.is_alphanumeric();
            c.to_lowercase()
                .filter(move |_| keep)
                .chain((!keep).then_some('_'))
        })
        .collect();
    if id.is_empty() {
        "lexicon".into()
    } else {
        id
    }
}

/// Splits one line into trimmed fields with the byte offset where each one's content starts.
/// With `quoting`, a field may be quoted (`"a ""b"" c"`). An error gives a byte offset.
fn split_fields<'a>(
    line: &'a str,
    delimiter: u8,
    quoting: bool,
    out: &mut Vec<(usize, Cow<'a, str>)>,
) -> std::result::Result<(), (usize, String)> {
    out.clear();
    let bytes = line.as_bytes();
    let is_space = |b: u8| (b == b' ' || b == b'\t') && b != delimiter;
    let mut pos = 0;
    loop {
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        if quoting && bytes.get(pos) == Some(&b'"') {
            let open = pos;
            let mut value = String::new();
            pos += 1;
            loop {
                let Some(q) = line[pos..].find('"').map(|q| pos + q) else {
                    return Err((open, "unterminated quoted field".into()));
                };
                value.push_str(&line[pos..q]);
                if bytes.get(q + 1) == Some(&b'"') {
                    value.push('"');
                    pos = q + 2;
                } else {
                    pos = q + 1;
                    break;
                }
            }
            while pos < bytes.len() && is_space(bytes[pos]) {
                pos += 1;
            }
            out.push((open, Cow::Owned(value.trim().to_string())));
            match bytes.get(pos) {
                None => return Ok(()),
                Some(&b) if b == delimiter => pos += 1,
                Some(_) => {
                    let msg = "text after a closing quote; quote the whole field".into();
                    return Err((pos, msg));
                }
            }
        } else {
            let end = bytes[pos..]
                .iter()
                .position(|&b| b == delimiter)
                .map_or(bytes.len(), |e| pos + e);
            out.push((pos, Cow::Borrowed(line[pos..end].trim_end())));
            if end == bytes.len() {
                return Ok(());
            }
            pos = end + 1;
        }
    }
}
