//! CoNLL-U, the Universal Dependencies format: one word a line with ten tab-separated columns
//! (ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD, DEPREL, DEPS, MISC), `#` comment lines before a
//! sentence, a blank line after it (<https://universaldependencies.org/format.html>).
//!
//! Syntactic words (integer ids) are what the tagger and parser see and what is scored.
//! Multiword-token lines (`1-2`) and empty nodes (`8.1`) are kept as they are and written back
//! in place, so a file's tokenization goes through unchanged.

use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Result};

/// One syntactic word (a line with an integer id).
///
/// ```
/// let s = &corpus_lens::syntax::conllu::parse_str("1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n\n", "x")?[0];
/// assert_eq!((s.words[0].form.as_str(), s.words[0].head), ("Hi", Some(0)));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// FORM.
    pub form: String,
    /// LEMMA (`_` when unknown).
    pub lemma: String,
    /// UPOS (`_` when unknown).
    pub upos: String,
    /// XPOS.
    pub xpos: String,
    /// FEATS.
    pub feats: String,
    /// HEAD: 0 for the root, `None` for `_`.
    pub head: Option<u32>,
    /// DEPREL.
    pub deprel: String,
    /// DEPS.
    pub deps: String,
    /// MISC.
    pub misc: String,
}

/// A sentence: its comment lines, its words, and the lines kept as they are.
///
/// ```
/// use corpus_lens::syntax::conllu;
/// let text = "# text = Don't\n1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_\n\
///             1\tDo\tdo\tAUX\tVB\t_\t0\troot\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t1\tadvmod\t_\t_\n\n";
/// let sentences = conllu::parse_str(text, "x.conllu")?;
/// assert_eq!(sentences[0].text(), Some("Don't"));
/// assert_eq!(sentences[0].words.len(), 2);
/// assert_eq!(conllu::to_string(&sentences), text); // the multiword line goes through
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Comment lines, with their `#`.
    pub comments: Vec<String>,
    /// The syntactic words; word `i` has id `i + 1`.
    pub words: Vec<Word>,
    /// Multiword-token and empty-node lines, each with the number of words before it.
    pub kept: Vec<(usize, String)>,
}

impl Sentence {
    /// The raw text of the `# text = ...` comment, if any.
    ///
    /// ```
    /// let s = corpus_lens::syntax::conllu::Sentence {
    ///     comments: vec!["# text = Hi.".into()],
    ///     ..Default::default()
    /// };
    /// assert_eq!(s.text(), Some("Hi."));
    /// ```
    pub fn text(&self) -> Option<&str> {
        self.comments
            .iter()
            .find_map(|c| c.strip_prefix("# text = "))
    }
}

/// Reads a CoNLL-U file (`-` reads standard input).
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.conllu");
/// std::fs::write(&path, "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n")?;
/// let sentences = corpus_lens::syntax::conllu::read_file(&path)?;
/// assert_eq!(sentences[0].words[0].upos, "INTJ");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_file(path: impl AsRef<Path>) -> Result<Vec<Sentence>> {
    let path = path.as_ref();
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        io::Read::read_to_end(&mut io::stdin(), &mut buf).map_err(|e| Error::io(path, e))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| Error::io(path, e))?
    };
    let text = String::from_utf8(bytes).map_err(|e| Error::invalid_utf8(path, &e))?;
    parse_str(&text, path)
}

/// Parses CoNLL-U text; `path` names it in errors. The last sentence may lack its blank line.
///
/// ```
/// use corpus_lens::{syntax::conllu, Error};
/// let err = conllu::parse_str("1\tHi\thi\n", "bad.conllu").unwrap_err();
/// assert!(matches!(err, Error::Conllu { line: 1, .. }));
/// assert!(err.to_string().starts_with("bad.conllu:1: 3 columns"));
/// ```
pub fn parse_str(text: &str, path: impl AsRef<Path>) -> Result<Vec<Sentence>> {
    let path = path.as_ref();
    let fail = |line: usize, message: String| Error::Conllu {
        path: path.to_path_buf(),
        line: line as u64,
        message,
    };
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    let mut heads_at = Vec::new(); // the line of each word, to name a bad head
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        if line.trim().is_empty() {
            if !current.words.is_empty() || !current.kept.is_empty() {
                check_heads(&current, &heads_at).map_err(|(k, m)| fail(k, m))?;
                sentences.push(std::mem::take(&mut current));
                heads_at.clear();
            } else if !current.comments.is_empty() {
                return Err(fail(
                    number,
                    "comment lines with no sentence after them".into(),
                ));
            }
            continue;
        }
        if line.starts_with('#') {
            if !current.words.is_empty() {
                return Err(fail(
                    number,
                    "comment line inside a sentence; end the sentence with a blank line first"
                        .into(),
                ));
            }
            current.comments.push(line.to_string());
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if columns.len() != 10 {
            return Err(fail(
                number,
                format!("{} columns, expected 10 separated by tabs", columns.len()),
            ));
        }
        let id = columns[0];
        let next = current.words.len() + 1;
        if id.contains('-') || id.contains('.') {
            let ok = match id.split_once(['-', '.']) {
                Some((a, b)) => a.parse::<usize>().is_ok() && b.parse::<usize>().is_ok(),
                None => false,
            };
            if !ok {
                return Err(fail(
                    number,
                    format!("bad ID {id:?}: expected N, N-M or N.M"),
                ));
            }
            current.kept.push((current.words.len(), line.to_string()));
            continue;
        }
        match id.parse::<usize>() {
            Ok(n) if n == next => {}
            _ => return Err(fail(number, format!("bad ID {id:?}: expected {next}"))),
        }
        let head = match columns[6] {
            "_" => None,
            h => match h.parse::<u32>() {
                Ok(h) => Some(h),
                Err(_) => {
                    return Err(fail(
                        number,
                        format!("bad HEAD {h:?}: expected a number or _"),
                    ))
                }
            },
        };
        heads_at.push(number);
        current.words.push(Word {
            form: columns[1].to_string(),
            lemma: columns[2].to_string(),
            upos: columns[3].to_string(),
            xpos: columns[4].to_string(),
            feats: columns[5].to_string(),
            head,
            deprel: columns[7].to_string(),
            deps: columns[8].to_string(),
            misc: columns[9].to_string(),
        });
    }
    if !current.words.is_empty() || !current.kept.is_empty() {
        check_heads(&current, &heads_at).map_err(|(k, m)| fail(k, m))?;
        sentences.push(current);
    }
    Ok(sentences)
}

fn check_heads(sentence: &Sentence, lines: &[usize]) -> std::result::Result<(), (usize, String)> {
    let n = sentence.words.len();
    for (word, &line) in sentence.words.iter().zip(lines) {
        if let Some(h) = word.head {
            if h as usize > n {
                return Err((
                    line,
                    format!("HEAD {h} points outside the sentence of {n} words"),
                ));
            }
        }
    }
    Ok(())
}

/// Writes one sentence, with its blank line.
///
/// ```
/// use corpus_lens::syntax::conllu::{write_sentence, Sentence, Word};
/// let word = Word { form: "Hi".into(), head: Some(0), ..Default::default() };
/// let mut out = Vec::new();
/// write_sentence(&mut out, &Sentence { words: vec![word], ..Default::default() })?;
/// assert_eq!(out, b"1\tHi\t\t\t\t\t0\t\t\t\n\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_sentence(out: &mut impl Write, sentence: &Sentence) -> io::Result<()> {
    for c in &sentence.comments {
        writeln!(out, "{c}")?;
    }
    let mut kept = sentence.kept.iter().peekable();
    for (i, w) in sentence.words.iter().enumerate() {
        while let Some((_, line)) = kept.next_if(|(at, _)| *at <= i) {
            writeln!(out, "{line}")?;
        }
        let mut id = itoa::Buffer::new();
        let mut head = itoa::Buffer::new();
        let head = w.head.map_or("_", |h| head.format(h));
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            id.format(i + 1),
            w.form,
            w.lemma,
            w.upos,
            w.xpos,
            w.feats,
            head,
            w.deprel,
            w.deps,
            w.misc
        )?;
    }
    for (_, line) in kept {
        writeln!(out, "{line}")?;
    }
    writeln!(out)
}

/// The sentences as CoNLL-U text.
///
/// ```
/// use corpus_lens::syntax::conllu;
/// let text = "# sent_id = 1\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t0:root\t_\n\n";
/// assert_eq!(conllu::to_string(&conllu::parse_str(text, "x")?), text);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn to_string(sentences: &[Sentence]) -> String {
    let mut out = Vec::new();
    for s in sentences {
        write_sentence(&mut out, s).expect("writing to memory");
    }
    String::from_utf8(out).expect("the input was UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_keeps_multiword_and_empty_nodes() {
        let text =
            "# text = x\n1\ta\ta\tX\t_\t_\t0\troot\t_\t_\n1.1\tb\tb\tX\t_\t_\t_\t_\t1:dep\t_\n\
                    2-3\tcd\t_\t_\t_\t_\t_\t_\t_\t_\n2\tc\tc\tX\t_\t_\t1\tdep\t_\t_\n\
                    3\td\td\tX\t_\t_\t1\tdep\t_\t_\n3.1\te\te\tX\t_\t_\t_\t_\t1:dep\t_\n\n";
        let s = parse_str(text, "t").unwrap();
        assert_eq!(s[0].words.len(), 3);
        assert_eq!(s[0].kept.len(), 3);
        assert_eq!(to_string(&s), text);
    }

    #[test]
    fn errors_name_the_line() {
        let bad_id = "1\ta\ta\tX\t_\t_\t0\troot\t_\t_\n3\tb\tb\tX\t_\t_\t1\tdep\t_\t_\n";
        let err = parse_str(bad_id, "f").unwrap_err().to_string();
        assert!(err.starts_with("f:2: bad ID \"3\""), "{err}");
        let bad_head = "1\ta\ta\tX\t_\t_\t5\troot\t_\t_\n";
        let err = parse_str(bad_head, "f").unwrap_err().to_string();
        assert!(err.starts_with("f:1: HEAD 5 points outside"), "{err}");
        let err = parse_str("1\ta\ta\tX\t_\t_\tx\troot\t_\t_\n", "f")
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad HEAD"), "{err}");
    }
}
