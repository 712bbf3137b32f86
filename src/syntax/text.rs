//! Sentences of a plain-text file for the tagger and parser: words exactly as the counts
//! tokenize them ([`crate::text::tokenize`], on the normalized paragraph, sentences from
//! [`crate::text::segment`]), plus the punctuation the counts skip, since the parser was
//! trained with it (a run of one repeated mark, such as `...` or `--`, is one token).
//!
//! FORMs are the original spelling (curly quotes stay curly), so that the concatenated forms
//! match the input text, as the CoNLL 2018 scorer's character alignment wants; a word broken
//! across a line end is given joined.

use std::ops::Range;
use std::path::Path;

use super::conllu::{Sentence, Word};
use crate::corpus::InputFormat;
use crate::error::Result;
use crate::text::convert::SourceReader;
use crate::text::normalize::normalize;
use crate::text::read::{Batch, DocumentReader, ReadOptions};
use crate::text::segment::split_sentences;
use crate::text::tokenize::tokenize_each;

/// The sentences of one paragraph (original text), appended to `out`; each gets a
/// `# text = ...` comment.
///
/// ```
/// use corpus_lens::syntax::text::paragraph_sentences;
/// let mut out = Vec::new();
/// paragraph_sentences("The “Cadets” left. Lenin's men stayed...", &mut out);
/// let forms: Vec<Vec<&str>> = out.iter().map(|s| s.words.iter().map(|w| w.form.as_str()).collect()).collect();
/// assert_eq!(forms, [vec!["The", "“", "Cadets", "”", "left", "."], vec!["Lenin's", "men", "stayed", "..."]]);
/// assert_eq!(out[1].text(), Some("Lenin's men stayed..."));
/// ```
pub fn paragraph_sentences(original: &str, out: &mut Vec<Sentence>) {
    let normalized = normalize(original);
    let text = normalized.as_str();
    let mut sentences = Vec::new();
    split_sentences(text, &mut sentences);
    if sentences.is_empty() {
        return;
    }
    let mut spans = Vec::new();
    paragraph_spans(text, &mut spans);
    let first = out.len();
    out.extend(sentences.iter().map(|range| {
        let original_range = normalized.original_range(range.clone());
        let raw: String = original[original_range]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        Sentence {
            comments: vec![format!("# text = {raw}")],
            ..Sentence::default()
        }
    }));
    let mut s = 0;
    for span in spans {
        while s + 1 < sentences.len() && sentences[s].end <= span.start {
            s += 1;
        }
        let o = normalized.original_range(span.clone());
        let form = &original[o];
        let form = if form.contains(char::is_whitespace) {
            &text[span]
        } else {
            form
        };
        out[first + s].words.push(Word {
            form: form.to_string(),
            lemma: "_".into(),
            upos: "_".into(),
            xpos: "_".into(),
            feats: "_".into(),
            head: None,
            deprel: "_".into(),
            deps: "_".into(),
            misc: "_".into(),
        });
    }
    out.retain(|s| !s.words.is_empty());
}

/// The tokens of a normalized paragraph, as spans: words from the tokenizer
/// ([`crate::text::tokenize`], the counts' tokens), punctuation from the gaps between them
/// (a run of one repeated mark is one token), in text order, appended to `spans`.
///
/// ```
/// use corpus_lens::syntax::text::paragraph_spans;
/// let text = "Peace, land... and bread!";
/// let mut spans = Vec::new();
/// paragraph_spans(text, &mut spans);
/// let tokens: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
/// assert_eq!(tokens, ["Peace", ",", "land", "...", "and", "bread", "!"]);
/// ```
pub fn paragraph_spans(text: &str, spans: &mut Vec<Range<usize>>) {
    let mut at = 0;
    let gap = |from: usize, to: usize, spans: &mut Vec<Range<usize>>| {
        let mut run: Option<(usize, char)> = None;
        for (i, c) in text[from..to].char_indices() {
            let i = from + i;
            match run {
                Some((_, r)) if r == c && !c.is_whitespace() => {}
                Some((start, _)) => {
                    spans.push(start..i);
                    run = (!c.is_whitespace()).then_some((i, c));
                }
                None => run = (!c.is_whitespace()).then_some((i, c)),
            }
        }
        if let Some((start, _)) = run {
            spans.push(start..to);
        }
    };
    tokenize_each(text, |token| {
        gap(at, token.span.start, spans);
        at = token.span.end;
        spans.push(token.span);
    });
    gap(at, text.len(), spans);
}

/// Calls `f` with the sentences of each paragraph of a text file (`-` reads standard input),
/// in order.
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.txt");
/// std::fs::write(&path, "Peace! Bread.\n\nLand.\n")?;
/// let mut n = 0;
/// corpus_lens::syntax::text::read_text(&path, &Default::default(), |sentences| n += sentences.len())?;
/// assert_eq!(n, 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_text(
    path: &Path,
    options: &ReadOptions,
    f: impl FnMut(&mut Vec<Sentence>),
) -> Result<()> {
    if path == Path::new("-") {
        read_from(
            DocumentReader::new(std::io::stdin().lock(), "-", options.clone()),
            f,
        )
    } else {
        let mut reader = SourceReader::open(path, InputFormat::Auto, options)?;
        let (mut sentences, mut f) = (Vec::new(), f);
        while let Some(batch) = reader.next_batch()? {
            batch_sentences(&batch, &mut sentences, &mut f);
            reader.recycle(batch);
        }
        Ok(())
    }
}

fn read_from<R: std::io::Read>(
    mut reader: DocumentReader<R>,
    mut f: impl FnMut(&mut Vec<Sentence>),
) -> Result<()> {
    let mut sentences = Vec::new();
    while let Some(batch) = reader.next_batch()? {
        batch_sentences(&batch, &mut sentences, &mut f);
        reader.recycle(batch);
    }
    Ok(())
}

/// Calls `f` with the sentences of each paragraph of `batch`, in order.
fn batch_sentences(
    batch: &Batch,
    sentences: &mut Vec<Sentence>,
    f: &mut impl FnMut(&mut Vec<Sentence>),
) {
    for p in &batch.paragraphs {
        sentences.clear();
        paragraph_sentences(&batch.text[p.range.clone()], sentences);
        f(sentences);
    }
}
