//! Stage 2b, syntax: part-of-speech tags, lemmas and dependency trees.
//!
//! Takes a sentence's tokens (from [`crate::text`], or the words of a CoNLL-U file); gives
//! each word its UPOS tag, its lemma, its head and its dependency label (DEPREL), as in
//! Universal Dependencies.
//!
//! | step | module | how |
//! |---|---|---|
//! | tag | `tagger` | greedy averaged perceptron (Collins 2002) over word, affixes, shape, ±2 words, 2 previous tags |
//! | lemmatize | `lemma` | (form, UPOS) dictionary from training, irregular verbs, then per-UPOS suffix rules |
//! | parse | `parser` | greedy arc-hybrid transitions, averaged perceptron, dynamic oracle (Goldberg & Nivre 2012) |
//! | read, write | [`conllu`] | CoNLL-U, multiword tokens and empty nodes kept |
//! | text | [`text`] | a text file's sentences as the counts tokenize them, with punctuation |
//!
//! Why linear models and greedy decoding: they are small, fast (hundreds of thousands of
//! words a second on one core) and need no numeric library, at an accuracy a few points
//! below neural parsers. Features are hashed into `u64` keys with a fixed hash, so
//! predicting allocates no string, and a model trained twice on the same data is the same
//! bytes.
//!
//! The shipped model (`models/en_ewt.syntax`) is trained on UD English-EWT and is under
//! CC BY-SA 4.0 (see `models/README.md`); web English, not 1920s prose, so expect lower
//! accuracy on the memoirs than its test figures.
//!
//! ```
//! use corpus_lens::syntax::Model;
//! let model = Model::load_default()?;
//! let words = ["The", "soldiers", "took", "the", "Palace", "."];
//! let upos = model.tag(&words);
//! assert_eq!(upos[..3], ["DET", "NOUN", "VERB"]);
//! assert_eq!(model.lemmatize(&words, &upos)[1..3], ["soldier", "take"]);
//! let tree = model.parse(&words, &upos);
//! assert_eq!(tree[1], (3, "nsubj")); // "soldiers" hangs from word 3, "took"
//! assert_eq!(tree[2], (0, "root"));
//! # Ok::<(), corpus_lens::Error>(())
//! ```

mod bin;
pub mod conllu;
mod hash;
mod lemma;
mod model;
mod parser;
mod perceptron;
mod tagger;
pub mod text;
pub mod variants;

pub use model::{
    Model, Scores, Scratch, TrainOptions, DEFAULT_MODEL, FEATURE_SET_VERSION, FORMAT_VERSION,
};

use conllu::{Sentence, Word};

impl Model {
    fn sentence<S: AsRef<str>>(words: &[S]) -> Sentence {
        Sentence {
            words: words
                .iter()
                .map(|w| Word {
                    form: w.as_ref().to_string(),
                    ..Word::default()
                })
                .collect(),
            ..Sentence::default()
        }
    }

    fn tag_name(&self, tag: &str) -> &str {
        self.tagger
            .tags
            .iter()
            .find(|t| *t == tag)
            .map_or("X", String::as_str)
    }

    /// The UPOS tag of each word.
    ///
    /// ```
    /// let model = corpus_lens::syntax::Model::load_default()?;
    /// assert_eq!(model.tag(&["Lenin", "spoke"]), ["PROPN", "VERB"]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn tag<S: AsRef<str>>(&self, words: &[S]) -> Vec<&str> {
        let mut scratch = Scratch::default();
        scratch.tag.prepare(words);
        self.tagger
            .tag_prepared(&mut scratch.tag, &mut scratch.tags);
        scratch
            .tags
            .iter()
            .map(|&t| self.tagger.tags[t as usize].as_str())
            .collect()
    }

    /// The lemma of each word, given its UPOS tag (an unknown tag counts as `X`).
    ///
    /// ```
    /// let model = corpus_lens::syntax::Model::load_default()?;
    /// assert_eq!(model.lemmatize(&["The", "workers", "were"], &["DET", "NOUN", "AUX"]), ["the", "worker", "be"]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn lemmatize<S: AsRef<str>>(&self, words: &[S], upos: &[&str]) -> Vec<String> {
        let mut scratch = Scratch::default();
        scratch.tag.prepare(words);
        let ids: Vec<u8> = upos
            .iter()
            .map(|t| {
                let name = self.tag_name(t);
                self.tagger.tags.iter().position(|x| x == name).unwrap_or(0) as u8
            })
            .collect();
        words
            .iter()
            .zip(&ids)
            .enumerate()
            .map(|(i, (w, &id))| {
                let mut out = String::new();
                let next = ids.get(i + 1).copied();
                self.lemmatizer
                    .lemma(w.as_ref(), &scratch.tag.lex[i], id, next, &mut out);
                out
            })
            .collect()
    }

    /// Tags and lemmatizes the words of one sentence, calling `f(i, upos, lemma)` for each
    /// word in order: what [`Model::tag`] and [`Model::lemmatize`] give, without a string
    /// allocated per word (the buffers are in `scratch`).
    ///
    /// ```
    /// use corpus_lens::syntax::{Model, Scratch};
    /// let model = Model::load_default()?;
    /// let mut out = Vec::new();
    /// let words = ["The", "workers", "were", "marching"];
    /// model.tag_lemmas(words.iter().copied(), &mut Scratch::default(), |i, upos, lemma| {
    ///     out.push((i, upos.to_string(), lemma.to_string()))
    /// });
    /// assert_eq!(out[1], (1, "NOUN".to_string(), "worker".to_string()));
    /// assert_eq!(out[3].2, "march");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn tag_lemmas<'a>(
        &self,
        words: impl Iterator<Item = &'a str> + Clone,
        scratch: &mut Scratch,
        mut f: impl FnMut(usize, &str, &str),
    ) {
        scratch.tag.prepare_with(words.clone());
        self.tagger
            .tag_prepared(&mut scratch.tag, &mut scratch.tags);
        for (i, w) in words.enumerate() {
            let tag = scratch.tags[i];
            let next = scratch.tags.get(i + 1).copied();
            self.lemmatizer
                .lemma(w, &scratch.tag.lex[i], tag, next, &mut scratch.lemma);
            f(i, &self.tagger.tags[tag as usize], &scratch.lemma);
        }
    }

    /// Tags, lemmatizes and parses the words of one sentence, calling
    /// `f(i, upos, lemma, head, deprel)` for each word in order (`head` 0 for the root, else
    /// the head's position from 1): [`Model::analyze`] without a string allocated per word.
    ///
    /// ```
    /// use corpus_lens::syntax::{Model, Scratch};
    /// let model = Model::load_default()?;
    /// let mut out = Vec::new();
    /// let words = ["Soldiers", "seized", "the", "bridges", "."];
    /// model.tag_parse(words.iter().copied(), &mut Scratch::default(), |i, _, lemma, head, deprel| {
    ///     out.push((i, lemma.to_string(), head, deprel.to_string()))
    /// });
    /// assert_eq!(out[0], (0, "soldier".to_string(), 2, "nsubj".to_string()));
    /// assert_eq!(out[3].1, "bridge");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn tag_parse<'a>(
        &self,
        words: impl Iterator<Item = &'a str> + Clone,
        scratch: &mut Scratch,
        mut f: impl FnMut(usize, &str, &str, u32, &str),
    ) {
        scratch.tag.prepare_with(words.clone());
        self.tagger
            .tag_prepared(&mut scratch.tag, &mut scratch.tags);
        self.parse_tagged(scratch);
        for (i, w) in words.enumerate() {
            let tag = scratch.tags[i];
            let next = scratch.tags.get(i + 1).copied();
            self.lemmatizer
                .lemma(w, &scratch.tag.lex[i], tag, next, &mut scratch.lemma);
            let label = &self.parser.labels[scratch.labels[i] as usize];
            f(
                i,
                &self.tagger.tags[tag as usize],
                &scratch.lemma,
                scratch.heads[i],
                label,
            );
        }
    }

    /// The head (0 for the root, else the word's position from 1) and label of each word,
    /// given the words' UPOS tags.
    ///
    /// ```
    /// let model = corpus_lens::syntax::Model::load_default()?;
    /// let tree = model.parse(&["Trotsky", "resigned", "."], &["PROPN", "VERB", "PUNCT"]);
    /// assert_eq!(tree, [(2, "nsubj"), (0, "root"), (2, "punct")]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn parse<S: AsRef<str>>(&self, words: &[S], upos: &[&str]) -> Vec<(u32, &str)> {
        let mut scratch = Scratch::default();
        scratch.tag.prepare(words);
        let tags: Vec<u8> = upos
            .iter()
            .map(|t| {
                let name = self.tag_name(t);
                self.tagger.tags.iter().position(|x| x == name).unwrap_or(0) as u8
            })
            .collect();
        self.parser.parse(
            &scratch.tag.lex,
            &tags,
            &mut scratch.parse,
            &mut scratch.heads,
            &mut scratch.labels,
        );
        scratch
            .heads
            .iter()
            .zip(&scratch.labels)
            .map(|(&h, &l)| (h, self.parser.labels[l as usize].as_str()))
            .collect()
    }

    /// Tags, lemmatizes and parses the words in one go: a CoNLL-U sentence with FORM, UPOS,
    /// LEMMA, HEAD and DEPREL set.
    ///
    /// ```
    /// let model = corpus_lens::syntax::Model::load_default()?;
    /// let s = model.analyze(&["Kerensky", "escaped", "."]);
    /// assert_eq!((s.words[1].lemma.as_str(), s.words[1].head), ("escape", Some(0)));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn analyze<S: AsRef<str>>(&self, words: &[S]) -> Sentence {
        let mut s = Model::sentence(words);
        self.annotate(&mut s, true, &mut Scratch::default());
        s
    }
}
