//! Sentence sentiment with VADER (Hutto & Gilbert 2014), one text per line.
//!
//! Takes lines of text; gives VADER's four scores for each, with exact parity to Python
//! vaderSentiment 3.3.2 (on Python >= 3.12), through this crate's own implementation,
//! [`crate::framing::vader`] (tested bit for bit against the `vader-parity` crate on every sentence of
//! the shipped corpora and on generated sentences; `scripts/bench_sentiment.sh` compares it
//! with the Python package itself). VADER: Hutto, C. J. & Gilbert, E. (2014). VADER: A
//! parsimonious rule-based model for sentiment analysis of social media text. *ICWSM-14*.
//! `compound = S / sqrt(S^2 + 15)` where `S` is the sum of the valences after VADER's rules
//! (boosters, negation, "but", capitals, "!" and "?", idioms); `pos`, `neu` and `neg` are the
//! shares of the text's scored and unscored tokens.
//!
//! This is plain VADER, as the reference computes it. The historical mode used for faction
//! framing (neutral domain words, curly quotes, faction names that never score) is built on
//! top of it in the framing stage, with [`crate::framing::vader::Vader::with_neutral`] and
//! [`crate::framing::vader::Vader::analyze`].
//!
//! Lines are scored in parallel (rayon), with no allocation per line or token once each
//! thread's buffers are warm.

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::framing::vader::Vader;
use crate::rows::{Cell, Row};

/// A row of `sentiment.csv` (see [`crate::tables::SENTIMENT`]).
///
/// ```
/// use corpus_lens::{sentiment::score_lines, tables};
/// let rows = score_lines("The Soviet was strong and united.\nThe army was defeated.\n");
/// assert_eq!(rows.len(), 2);
/// assert!(rows[0].compound > 0.0 && rows[1].compound < 0.0);
/// assert!((rows[0].pos + rows[0].neu + rows[0].neg - 1.0).abs() < 0.01);
/// let mut csv = Vec::new();
/// tables::write_csv(&mut csv, &tables::SENTIMENT, &rows)?;
/// assert!(String::from_utf8(csv).unwrap().starts_with("line,compound,pos,neu,neg\n1,0."));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct SentimentRow {
    pub line: u64,
    pub compound: f64,
    pub pos: f64,
    pub neu: f64,
    pub neg: f64,
}

impl Row for SentimentRow {
    const COLUMNS: &'static [&'static str] = &["line", "compound", "pos", "neu", "neg"];
    fn write_fields(&self, out: &mut Vec<u8>) {
        self.line.write_cell(out);
        for x in [self.compound, self.pos, self.neu, self.neg] {
            out.push(b',');
            write_score(x, out);
        }
    }
    fn put_fields(&self, sink: &mut dyn crate::rows::CellSink) {
        self.line.put(sink);
        for x in [self.compound, self.pos, self.neu, self.neg] {
            x.put(sink);
        }
    }
}

/// Appends `x` exactly as [`Cell`] writes an `f64` (the shortest text that reads back to
/// it), quickly for VADER's values: a double nearest to a decimal of at most 4 places in
/// [-1, 1] is written as that decimal (no shorter text reads back to it, as decimals of 4
/// places are 1e-4 apart and doubles there 1e-16).
fn write_score(x: f64, out: &mut Vec<u8>) {
    let k = (x.abs() * 10_000.0).round();
    if !(k <= 10_000.0 && k / 10_000.0 == x.abs()) {
        x.write_cell(out);
        return;
    }
    let k = k as u32;
    if x.is_sign_negative() {
        out.push(b'-');
    }
    out.push(b'0' + (k / 10_000) as u8);
    out.push(b'.');
    let mut frac = k % 10_000;
    if frac == 0 {
        out.push(b'0');
        return;
    }
    let mut digits = 4;
    while frac % 10 == 0 {
        frac /= 10;
        digits -= 1;
    }
    let mut buf = [b'0'; 4];
    for d in buf[..digits].iter_mut().rev() {
        *d = b'0' + (frac % 10) as u8;
        frac /= 10;
    }
    out.extend_from_slice(&buf[..digits]);
}

/// Scores every line of `text` (lines end in `\n` or `\r\n`; a last line without a line
/// end counts; an empty line scores 0 everywhere, as in the reference), in parallel, in line
/// order.
///
/// ```
/// let rows = corpus_lens::sentiment::score_lines("VADER is smart, handsome, and funny.\n\n");
/// assert_eq!(rows.len(), 2);
/// assert_eq!((rows[0].compound, rows[0].pos, rows[0].neu, rows[0].neg), (0.8316, 0.746, 0.254, 0.0));
/// assert_eq!((rows[1].line, rows[1].compound, rows[1].neu), (2, 0.0, 0.0));
/// ```
pub fn score_lines(text: &str) -> Vec<SentimentRow> {
    // Sized once: growing a vector of a million lines would copy it, into fresh pages.
    let mut lines: Vec<&str> =
        Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    lines.extend(text.lines());
    score_texts(&lines)
}

/// Scores each text whole (line ends and all), in parallel; a row's `line` is the text's
/// place in `texts`, from 1.
///
/// ```
/// let rows = corpus_lens::sentiment::score_texts(&["VADER is smart, handsome, and funny.", ""]);
/// assert_eq!((rows[0].line, rows[0].compound, rows[0].pos), (1, 0.8316, 0.746));
/// assert_eq!((rows[1].line, rows[1].compound), (2, 0.0));
/// ```
pub fn score_texts<S: AsRef<str> + Sync>(texts: &[S]) -> Vec<SentimentRow> {
    let analyzer = Vader::standard();
    texts
        .par_iter()
        .enumerate()
        .with_min_len(256)
        .map(|(i, text)| {
            let s = analyzer.polarity_scores(text.as_ref());
            SentimentRow {
                line: i as u64 + 1,
                compound: s.compound,
                pos: s.pos,
                neu: s.neu,
                neg: s.neg,
            }
        })
        .collect()
}

/// Reads a whole input for [`score_lines`]: a file, or standard input for `-`. A UTF-8
/// byte-order mark is skipped; a NUL byte or invalid UTF-8 is an error naming the byte offset
/// and line (with `lossy`, invalid bytes become U+FFFD instead).
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("lines.txt");
/// std::fs::write(&path, b"Good.\nBad \xFF.\n")?;
/// let err = corpus_lens::sentiment::read_input(&path, false).unwrap_err();
/// assert!(err.to_string().contains("byte 10 (line 2)"));
/// assert!(corpus_lens::sentiment::read_input(&path, true)?.contains('\u{FFFD}'));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_input(path: &Path, lossy: bool) -> Result<String> {
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("<stdin>", e))?;
    } else {
        bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    }
    let start = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    let line_of =
        |bytes: &[u8], at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    if let Some(at) = memchr::memchr(0, &bytes) {
        return Err(Error::Binary {
            path: path.to_path_buf(),
            offset: at as u64,
            line: line_of(&bytes, at),
        });
    }
    // Validated in place: the buffer becomes the string without a copy.
    bytes.drain(..start);
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            if lossy {
                return Ok(String::from_utf8_lossy(&bytes).into_owned());
            }
            Err(Error::InvalidUtf8 {
                path: path.to_path_buf(),
                offset: (start + valid) as u64,
                line: line_of(&bytes, valid),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast score writer writes what `Cell for f64` (ryu) writes.
    #[test]
    fn scores_are_written_as_ryu_writes_them() {
        let mut values: Vec<f64> = (0..=10_000).map(|k| k as f64 / 10_000.0).collect();
        values.extend((0..=1000).map(|k| k as f64 / 1000.0));
        values.extend([
            0.1 + 0.2,
            1.0 / 3.0,
            1e-5,
            1e-7,
            2.5,
            10_000.5,
            f64::NAN,
            f64::INFINITY,
        ]);
        values.extend((1..2000).map(|k| f64::from_bits(0.5f64.to_bits() + k)));
        for x in values
            .clone()
            .into_iter()
            .chain(values.into_iter().map(|x| -x))
        {
            let (mut fast, mut reference) = (Vec::new(), Vec::new());
            write_score(x, &mut fast);
            x.write_cell(&mut reference);
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                String::from_utf8(reference).unwrap(),
                "{x:e}"
            );
        }
    }

    /// Each line gets the scorer's scores for that line, in order (the scores themselves are
    /// checked against the reference in `vader::tests`).
    #[test]
    fn lines_get_the_scorers_scores_in_order() {
        let lines = [
            "VADER is smart, handsome, and funny.",
            "",
            "VADER is not smart, handsome, nor funny.",
            "Today SUX!",
        ];
        let rows = score_lines(&lines.join("\r\n"));
        assert_eq!(rows.len(), 4);
        for (i, (row, line)) in rows.iter().zip(lines).enumerate() {
            let s = crate::framing::vader::Vader::standard().polarity_scores(line);
            assert_eq!(row.line, i as u64 + 1);
            assert_eq!(
                (row.compound, row.pos, row.neu, row.neg),
                (s.compound, s.pos, s.neu, s.neg)
            );
        }
        assert_eq!((rows[0].compound, rows[3].compound), (0.8316, -0.5461));
    }
}
