//! Framing lexicons: weighted terms on named dimensions, and where they occur in a text.
//!
//! Takes a lexicon file (the shipped `corpora/lexicons/framing.toml`, or the user's own
//! TOML, CSV or TSV file) and a sentence's or paragraph's tokens; gives the term matches in
//! it. A lexicon has one or more **dimensions** (`strength`, `legitimacy`...; a positive and
//! a negative pole each) and **terms**: a word or a phrase, one dimension, and a weight whose
//! sign says which pole the term points to.
//!
//! # Formats
//!
//! **TOML** ([`Lexicon::parse_toml`]), the format of `framing.toml`:
//!
//! ```toml
//! [meta]                  # optional; any keys, free text
//! name = "my lexicon"
//! match = "stem"          # "stem" (default) or "word": see below
//!
//! [[dimension]]
//! id = "strength"
//! positive = "strength, competence"   # what +1 means (default "positive")
//! negative = "impotence, failure"     # what -1 means (default "negative")
//!
//! [neutral]               # optional: words that score 0 for VADER in historical mode
//! words = ["party", "war"]
//!
//! [[term]]
//! term = "impotence"      # one word, or a phrase of several
//! dimension = "strength"  # a declared dimension id
//! weight = -0.9           # any finite number; integers allowed
//! ```
//!
//! Unknown keys are errors, except in `[meta]`. Errors name the file, line and column.
//!
//! **Delimited** ([`Lexicon::parse_delimited`]), the layouts of VADER's `vader_lexicon.txt`
//! and AFINN's `AFINN-111.txt`: one entry a line, `word<delimiter>score`, further fields
//! ignored; see that function for the details. Such a file is one dimension named after the
//! file, matched by word, with its weights as given (no rescaling: VADER's run from -4 to +4,
//! AFINN's from -5 to +5, the shipped lexicon's from -1 to +1).
//!
//! # Matching
//!
//! A term is normalized and tokenized like the text ([`crate::text::normalize::normalize_str`],
//! [`crate::text::tokenize::tokenize`], [`crate::text::tokenize::fold_case`]), so it is a sequence of
//! **keys**, one a token. With [`MatchBy::Stem`] (the TOML default) a key is the Snowball
//! English stem of the lowercased token ([`Lexicon::stem`], the same stems as `stems.csv`):
//! the term "impotence" matches "impotent" and "impotence". With [`MatchBy::Word`] it is the
//! lowercased token itself. The caller turns its tokens into keys the same way
//! ([`Lexicon::key`]) and calls [`Lexicon::find`]:
//!
//! - **Leftmost-longest, a token counts once.** Scanning left to right, at each token the
//!   longest term (in tokens, over *all* dimensions) whose keys match there wins, and
//!   matching resumes after it: "without bloodshed" is one `order` term, not also
//!   "bloodshed"; "overwhelming majority" is `support`, not also "overwhelm" `strength`.
//! - **The same keys on several dimensions.** A lexicon may list the same key sequence under
//!   two dimensions (never twice under one: that is an error). When such a sequence is the
//!   longest match at a token, every one of those terms matches, one [`TermMatch`] per
//!   dimension, all with the same `start` and `len`; so the token scores on each dimension.
//!   This is the only way a token can be in two matches.
//! - Matches are appended in order of `start`, and for one `start` in dimension order.
//! - Matches never extend beyond the keys given: pass one sentence or one paragraph.
//!
//! ```
//! use corpus_lens::lexicon::Lexicon;
//! let lexicon = Lexicon::parse_toml(r#"
//! [[dimension]]
//! id = "order"
//! positive = "order, calm"
//! negative = "chaos, violence"
//!
//! [[term]]
//! term = "bloodshed"
//! dimension = "order"
//! weight = -0.7
//!
//! [[term]]
//! term = "without bloodshed"
//! dimension = "order"
//! weight = 0.7
//! "#, "lex.toml".as_ref())?;
//!
//! let words = ["power", "passed", "without", "bloodshed", "then", "more", "bloodshed"];
//! let keys: Vec<_> = words.iter().map(|w| lexicon.key(w)).collect();
//! let mut found = Vec::new();
//! lexicon.find(&keys, &mut found);
//! let weights: Vec<(usize, f64)> =
//!     found.iter().map(|m| (m.start, lexicon.terms()[m.term].weight)).collect();
//! assert_eq!(weights, [(2, 0.7), (6, -0.7)]);
//! # Ok::<(), corpus_lens::Error>(())
//! ```

mod delimited;
mod matching;
#[cfg(test)]
mod tests;
mod toml_file;
mod types;

/// How one-word terms, and each word of a multiword term, match tokens: by Snowball English
/// stem ([`MatchBy::Stem`], the default of TOML lexicons) or by lowercased word form
/// ([`MatchBy::Word`], always used for delimited lexicons). This is the same type as
/// [`crate::count::nodes::MatchBy`] (whose `Default` is `Word`, for node words).
pub use crate::count::nodes::MatchBy;
pub use types::{Dimension, Lexicon, Term, TermMatch, DEFAULT_LEXICON};
