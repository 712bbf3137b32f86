//! Stage 2, text: from a file to a paragraph's tokens.
//!
//! Takes a document's file; gives its paragraphs (body or excluded matter), each normalized,
//! split into sentences and tokenized, with spans back into the original bytes. Nothing here
//! counts: [`crate::count`] calls these steps on every paragraph.
//!
//! | step | module | takes | gives |
//! |---|---|---|---|
//! | convert | [`convert`] | a file in any input format (TEI, HTML, EPUB, zip, UTF-16) | batches of whole paragraphs, each with its place in the source |
//! | read | [`read`] | a text file | batches of whole paragraphs, validated UTF-8 |
//! | layout | [`layout`] | a text file's first bytes / a long paragraph | its paragraph layout / where to cut it |
//! | matter | [`matter`] | a document's paragraphs, in file order | body, or the rule that leaves a paragraph out |
//! | normalize | [`normalize`] | a paragraph | NFKC, folded quotes and dashes, joined lines, an offset map |
//! | segment | [`segment`] | bytes / a paragraph | paragraphs / sentences |
//! | tokenize | [`tokenize`] | a paragraph | tokens with byte spans |
//! | located tokens | [`tokens`] | a file | tokens with document, paragraph, sentence and file span |
//! | chapters | [`chapters`] | a paragraph | whether it heads a chapter; the units of `--parts` |
//! | stopwords | [`stopwords`] | a word list | a set of words to leave out of a table |
//!
//! ```
//! use corpus_lens::text::{normalize::normalize, tokenize::tokenize};
//! let text = normalize("The \u{201C}Soviet\u{201D} met.");
//! let mut tokens = Vec::new();
//! tokenize(text.as_str(), &mut tokens);
//! let words: Vec<&str> = tokens.iter().map(|t| &text.as_str()[t.span.clone()]).collect();
//! assert_eq!(words, ["The", "Soviet", "met"]);
//! ```

pub mod chapters;
pub mod convert;
pub mod layout;
pub mod matter;
pub mod normalize;
pub mod read;
pub mod segment;
pub mod stopwords;
pub mod tokenize;
pub mod tokens;
