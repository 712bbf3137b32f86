//! Located tokens: every token with its document, paragraph, sentence and byte span in the
//! original file. This is what concordances (KWIC) and anything else that must point back
//! into the text are built on; counting uses the faster id-only path in [`crate::count`].

use std::ops::Range;

use crate::corpus::InputFormat;
use crate::error::Result;
use crate::text::convert::SourceReader;
use crate::text::normalize::normalize;
use crate::text::read::ReadOptions;
use crate::text::segment::split_sentences;
use crate::text::tokenize::{fold_case, tokenize_each, TokenKind};

/// A token and where it is.
///
/// ```
/// use corpus_lens::{tokens::paragraph_tokens, tokenize::TokenKind};
/// let text = "In 1917 the\nrevolu-\ntion came.";
/// let mut out = Vec::new();
/// paragraph_tokens(text, 0, 0, &mut out);
/// let revolution = &out[3];
/// assert_eq!(revolution.word, "revolution"); // as counted
/// assert_eq!(&text[revolution.span.start as usize..revolution.span.end as usize], "revolu-\ntion");
/// assert_eq!(out[1].kind, TokenKind::Number);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocatedToken {
    /// Paragraph index in the document, from 0.
    pub paragraph: u64,
    /// Sentence index in the paragraph, from 0.
    pub sentence: u32,
    /// Byte span in the original file (the token's original spelling, e.g. with a curly
    /// apostrophe or a line-end hyphen).
    pub span: Range<u64>,
    /// The token after normalization and case folding, as counted.
    pub word: String,
    /// Word or number.
    pub kind: TokenKind,
}

/// The tokens of one paragraph. `original` is the paragraph's text, `offset` its byte offset
/// in the file, `paragraph` its index.
///
/// ```
/// use corpus_lens::tokens::paragraph_tokens;
/// let text = "The “Cadets” left. Kerensky’s men stayed.";
/// let mut out = Vec::new();
/// paragraph_tokens(text, 100, 7, &mut out);
/// let kerensky = &out[3];
/// assert_eq!((kerensky.word.as_str(), kerensky.sentence, kerensky.paragraph), ("kerensky's", 1, 7));
/// let (s, e) = (kerensky.span.start as usize - 100, kerensky.span.end as usize - 100);
/// assert_eq!(&text[s..e], "Kerensky’s");
/// ```
pub fn paragraph_tokens(original: &str, offset: u64, paragraph: u64, out: &mut Vec<LocatedToken>) {
    let normalized = normalize(original);
    let text = normalized.as_str();
    let mut sentences = Vec::new();
    split_sentences(text, &mut sentences);
    let mut sentence = 0usize;
    let mut word = String::new();
    tokenize_each(text, |token| {
        while sentence + 1 < sentences.len() && sentences[sentence].end <= token.span.start {
            sentence += 1;
        }
        let span = normalized.original_range(token.span.clone());
        fold_case(&text[token.span.clone()], &mut word);
        out.push(LocatedToken {
            paragraph,
            sentence: sentence as u32,
            span: offset + span.start as u64..offset + span.end as u64,
            word: word.clone(),
            kind: token.kind,
        });
    });
}

/// Calls `f` with every paragraph's tokens of a file, in order (one paragraph at a time, so
/// memory stays flat).
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("a.txt");
/// std::fs::write(&path, "One two.\n\nThree.\n")?;
/// let mut words = Vec::new();
/// corpus_lens::tokens::for_each_paragraph(&path, &Default::default(), |tokens| {
///     words.extend(tokens.iter().map(|t| (t.paragraph, t.word.clone())));
/// })?;
/// assert_eq!(words, [(0, "one".into()), (0, "two".into()), (1, "three".into())]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn for_each_paragraph(
    path: &std::path::Path,
    options: &ReadOptions,
    mut f: impl FnMut(&[LocatedToken]),
) -> Result<()> {
    let mut reader = SourceReader::open(path, InputFormat::Auto, options)?;
    let mut index = 0;
    let mut tokens = Vec::new();
    while let Some(batch) = reader.next_batch()? {
        for p in &batch.paragraphs {
            tokens.clear();
            let offset = p.offset;
            paragraph_tokens(&batch.text[p.range.clone()], offset, index, &mut tokens);
            f(&tokens);
            index += 1;
        }
        reader.recycle(batch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::normalize_str;
    use proptest::prelude::*;

    proptest! {
        /// Every span slices the original to text that normalizes and folds to the token
        /// (modulo a line-end hyphen that de-hyphenation removed).
        #[test]
        fn spans_slice_the_original(text in "[a-zA-Z’“”'\\- \\n.é\u{301}ﬁ]{0,80}") {
            let mut out = Vec::new();
            paragraph_tokens(&text, 0, 0, &mut out);
            let mut last = 0;
            for t in &out {
                let (s, e) = (t.span.start as usize, t.span.end as usize);
                prop_assert!(s >= last && s < e && e <= text.len());
                last = e;
                let mut folded = String::new();
                fold_case(&normalize_str(&text[s..e]), &mut folded);
                prop_assert!(folded.contains(&t.word), "{:?} vs {:?}", &text[s..e], t.word);
            }
        }
    }

    #[test]
    fn sentences_are_numbered_within_the_paragraph() {
        let mut out = Vec::new();
        paragraph_tokens("Mr. Lenin spoke. Trotsky\nagreed! Then", 0, 3, &mut out);
        let got: Vec<(&str, u32)> = out.iter().map(|t| (t.word.as_str(), t.sentence)).collect();
        assert_eq!(
            got,
            [
                ("mr", 0),
                ("lenin", 0),
                ("spoke", 0),
                ("trotsky", 1),
                ("agreed", 1),
                ("then", 2)
            ]
        );
    }
}
