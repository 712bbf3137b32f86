//! The model: tagger, lemmatizer and parser in one file, how it is trained, and how it is
//! scored.
//!
//! File layout (little-endian): the magic bytes `CLSYNTAX`, the format version and the
//! feature-set version (`u32` each), then the tagger, the lemmatizer and the parser. A file of
//! another version is refused with a message saying so, never misread.

use std::path::{Path, PathBuf};

use super::bin::{Reader, Writer};
use super::conllu::Sentence;
use super::lemma::Lemmatizer;
use super::parser::{GoldTree, ParseScratch, Parser};
use super::tagger::{TagScratch, Tagger};
use crate::error::{Error, Result};

const MAGIC: &[u8; 8] = b"CLSYNTAX";
/// The version of the file layout.
pub const FORMAT_VERSION: u32 = 1;
/// The version of the features and their hashing: a model trained with other features would
/// load but predict nonsense, so it is refused.
pub const FEATURE_SET_VERSION: u32 = 1;
/// The shipped model, relative to the repository root.
pub const DEFAULT_MODEL: &str = "models/en_ewt.syntax";

/// A trained tagger, lemmatizer and parser.
///
/// ```
/// let model = corpus_lens::syntax::Model::load_default()?;
/// assert_eq!(model.tag(&["The", "Soviet", "met", "."]), ["DET", "PROPN", "VERB", "PUNCT"]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub struct Model {
    pub(crate) tagger: Tagger,
    pub(crate) lemmatizer: Lemmatizer,
    pub(crate) parser: Parser,
}

/// Training settings; the defaults are those of the shipped model, chosen on EWT's dev set.
///
/// ```
/// let options = corpus_lens::syntax::TrainOptions::default();
/// assert!(options.tagger_epochs > 0 && options.parser_epochs > 0);
/// ```
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data for the tagger.
    pub tagger_epochs: usize,
    /// Passes over the training data for the parser.
    pub parser_epochs: usize,
    /// The parser trains on tags predicted by taggers trained on the other parts of the
    /// data (jackknifing), so it sees tagging errors as it will when parsing new text. 1 tags
    /// the training data with the final tagger instead.
    pub folds: usize,
    /// Seed of the shuffling: the same data and options give the same model bytes.
    pub seed: u64,
    /// The parser's averaged weights smaller than this in magnitude are dropped. A weight
    /// under 1 is one that a single update late in training left behind: on EWT, dropping
    /// them keeps a third of the weights (a file of 14 MB instead of 29 MB) and changes LAS
    /// on dev by under 0.1 point. Weights grow with the data: on a few hundred sentences, use 0.
    pub min_parser_weight: f32,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            tagger_epochs: 9,
            parser_epochs: 12,
            folds: 4,
            seed: 1,
            min_parser_weight: 1.0,
        }
    }
}

/// Accuracy of a model on gold sentences (gold tokenization), as the CoNLL 2018 shared task
/// counts it: LAS compares labels without their subtypes (`nmod:poss` as `nmod`).
///
/// ```
/// let s = corpus_lens::syntax::Scores { words: 4, upos: 4, lemma: 3, uas: 2, las: 1 };
/// assert_eq!(s.percent(s.lemma), 75.0);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scores {
    /// Words scored.
    pub words: u64,
    /// Words with the right UPOS.
    pub upos: u64,
    /// Words with the right lemma.
    pub lemma: u64,
    /// Words with the right head.
    pub uas: u64,
    /// Words with the right head and label.
    pub las: u64,
}

impl Scores {
    /// `count` as a percentage of the words.
    ///
    /// ```
    /// let s = corpus_lens::syntax::Scores { words: 8, upos: 6, ..Default::default() };
    /// assert_eq!(s.percent(s.upos), 75.0);
    /// ```
    pub fn percent(&self, count: u64) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            100.0 * count as f64 / self.words as f64
        }
    }
}

impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "words {}  UPOS {:.2}  lemma {:.2}  UAS {:.2}  LAS {:.2}",
            self.words,
            self.percent(self.upos),
            self.percent(self.lemma),
            self.percent(self.uas),
            self.percent(self.las)
        )
    }
}

/// Reusable buffers for [`Model::annotate`]: one per thread, so annotating allocates little.
///
/// ```
/// let mut scratch = corpus_lens::syntax::Scratch::default();
/// # let _ = &mut scratch;
/// ```
#[derive(Default)]
pub struct Scratch {
    pub(crate) tag: TagScratch,
    pub(crate) parse: ParseScratch,
    pub(crate) tags: Vec<u8>,
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<u8>,
    pub(crate) lemma: String,
}

fn base(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

impl Model {
    /// Parses the sentence prepared and tagged in `scratch`, into its heads and labels.
    pub(crate) fn parse_tagged(&self, scratch: &mut Scratch) {
        self.parser.parse(
            &scratch.tag.lex,
            &scratch.tags,
            &mut scratch.parse,
            &mut scratch.heads,
            &mut scratch.labels,
        );
    }

    /// Reads a model file.
    ///
    /// ```
    /// let err = corpus_lens::syntax::Model::load("Cargo.toml").err().unwrap();
    /// assert!(err.to_string().contains("not a corpus-lens syntax model"));
    /// ```
    pub fn load(path: impl AsRef<Path>) -> Result<Model> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Model::from_bytes(&bytes).map_err(|message| Error::Model {
            path: path.to_path_buf(),
            message,
        })
    }

    /// The shipped model's path (`models/en_ewt.syntax` in the source tree).
    ///
    /// ```
    /// assert!(corpus_lens::syntax::Model::default_path().ends_with("models/en_ewt.syntax"));
    /// ```
    pub fn default_path() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_MODEL)
    }

    /// Reads the shipped model (UD English-EWT, CC BY-SA 4.0; see `models/README.md`).
    ///
    /// ```
    /// let model = corpus_lens::syntax::Model::load_default()?;
    /// assert!(model.upos_tags().contains(&"NOUN"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn load_default() -> Result<Model> {
        Model::load(Model::default_path())
    }

    /// Reads a model from bytes; the error says what is wrong.
    ///
    /// ```
    /// let err = corpus_lens::syntax::Model::from_bytes(b"CLSYNTAX\x09\0\0\0\x01\0\0\0").err().unwrap();
    /// assert!(err.contains("format version 9"));
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> std::result::Result<Model, String> {
        let mut input = Reader::new(bytes);
        if input.take(8).ok() != Some(&MAGIC[..]) {
            return Err("not a corpus-lens syntax model (no CLSYNTAX header)".into());
        }
        let (format, features) = (input.u32()?, input.u32()?);
        if format != FORMAT_VERSION || features != FEATURE_SET_VERSION {
            return Err(format!(
                "model of format version {format}, feature set {features}; this program reads \
                 format {FORMAT_VERSION}, feature set {FEATURE_SET_VERSION}: retrain it with \
                 `corpus-lens train-syntax`"
            ));
        }
        let tagger = Tagger::read(&mut input)?;
        let mut lemmatizer = Lemmatizer::read(&mut input)?;
        lemmatizer.set_tag_names(&tagger.tags);
        let parser = Parser::read(&mut input)?;
        if !input.at_end() {
            return Err(format!(
                "corrupt model file: stray bytes after byte {}",
                input.pos()
            ));
        }
        Ok(Model {
            tagger,
            lemmatizer,
            parser,
        })
    }

    /// The model as bytes (what [`Model::save`] writes).
    ///
    /// ```
    /// let model = corpus_lens::syntax::Model::load_default()?;
    /// let bytes = model.to_bytes();
    /// assert!(bytes.starts_with(b"CLSYNTAX"));
    /// assert_eq!(corpus_lens::syntax::Model::from_bytes(&bytes)?.to_bytes(), bytes);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Writer::default();
        out.bytes.extend_from_slice(MAGIC);
        out.u32(FORMAT_VERSION);
        out.u32(FEATURE_SET_VERSION);
        self.tagger.write(&mut out);
        self.lemmatizer.write(&mut out);
        self.parser.write(&mut out);
        out.bytes
    }

    /// Writes the model file.
    ///
    /// ```no_run
    /// # let model = corpus_lens::syntax::Model::load_default()?;
    /// model.save("my.syntax")?;
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes()).map_err(|e| Error::io(path, e))
    }

    /// The UPOS tags the model predicts.
    ///
    /// ```
    /// let model = corpus_lens::syntax::Model::load_default()?;
    /// assert_eq!(model.upos_tags().len(), 17);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn upos_tags(&self) -> Vec<&str> {
        self.tagger.tags.iter().map(String::as_str).collect()
    }

    /// The dependency labels the model predicts.
    ///
    /// ```
    /// let model = corpus_lens::syntax::Model::load_default()?;
    /// assert!(model.deprels().contains(&"nsubj"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn deprels(&self) -> Vec<&str> {
        self.parser.labels.iter().map(String::as_str).collect()
    }

    /// Sets the UPOS and LEMMA of every word of `sentence`, and with `parse` its HEAD and
    /// DEPREL, from the FORMs. DEPS becomes `_` when parsing (it would contradict the new
    /// heads); the other columns are kept.
    ///
    /// ```
    /// use corpus_lens::syntax::{conllu, Model, Scratch};
    /// let model = Model::load_default()?;
    /// let mut sentences = conllu::parse_str("1\tSoldiers\t_\t_\t_\t_\t_\t_\t_\t_\n\
    ///                                        2\tmarched\t_\t_\t_\t_\t_\t_\t_\t_\n", "-")?;
    /// model.annotate(&mut sentences[0], true, &mut Scratch::default());
    /// let w = &sentences[0].words;
    /// assert_eq!((w[0].lemma.as_str(), w[1].upos.as_str(), w[0].head), ("soldier", "VERB", Some(2)));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn annotate(&self, sentence: &mut Sentence, parse: bool, scratch: &mut Scratch) {
        let words = &mut sentence.words;
        scratch
            .tag
            .prepare_with(words.iter().map(|w| w.form.as_str()));
        self.tagger
            .tag_prepared(&mut scratch.tag, &mut scratch.tags);
        for (i, w) in words.iter_mut().enumerate() {
            let tag = scratch.tags[i];
            w.upos.clear();
            w.upos.push_str(&self.tagger.tags[tag as usize]);
            let mut lemma = std::mem::take(&mut w.lemma);
            let next = scratch.tags.get(i + 1).copied();
            self.lemmatizer
                .lemma(&w.form, &scratch.tag.lex[i], tag, next, &mut lemma);
            w.lemma = lemma;
        }
        if parse {
            self.parse_tagged(scratch);
            for (i, w) in words.iter_mut().enumerate() {
                w.head = Some(scratch.heads[i]);
                w.deprel.clear();
                w.deprel
                    .push_str(&self.parser.labels[scratch.labels[i] as usize]);
                w.deps.clear();
                w.deps.push('_');
            }
        }
    }

    /// Scores the model on gold sentences (their FORMs as given).
    ///
    /// ```
    /// use corpus_lens::syntax::{conllu, Model};
    /// let gold = conllu::parse_str("1\tpeace\tpeace\tNOUN\t_\t_\t0\troot\t_\t_\n", "-")?;
    /// let scores = Model::load_default()?.evaluate(&gold);
    /// assert_eq!((scores.words, scores.lemma, scores.uas), (1, 1, 1));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn evaluate(&self, gold: &[Sentence]) -> Scores {
        let mut scratch = Scratch::default();
        let mut scores = Scores::default();
        for g in gold {
            let mut s = g.clone();
            self.annotate(&mut s, true, &mut scratch);
            add_scores(&mut scores, g, &s);
        }
        scores
    }

    /// Trains a model on gold sentences; `report` hears the dev scores after each epoch
    /// when `dev` is given.
    ///
    /// ```
    /// use corpus_lens::syntax::{conllu, Model, TrainOptions};
    /// let text = "1\tDogs\tdog\tNOUN\t_\t_\t2\tnsubj\t_\t_\n2\tbark\tbark\tVERB\t_\t_\t0\troot\t_\t_\n\n";
    /// let data = conllu::parse_str(&text.repeat(3), "-")?;
    /// let options = TrainOptions { tagger_epochs: 2, parser_epochs: 2, folds: 1, ..TrainOptions::default() };
    /// let model = Model::train(&data, None, &options, &mut |_| {});
    /// assert_eq!(model.tag(&["Dogs", "bark"]), ["NOUN", "VERB"]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn train(
        train: &[Sentence],
        dev: Option<&[Sentence]>,
        options: &TrainOptions,
        report: &mut dyn FnMut(&str),
    ) -> Model {
        let mut tags: Vec<String> = train
            .iter()
            .flat_map(|s| s.words.iter().map(|w| w.upos.clone()))
            .collect();
        tags.sort_unstable();
        tags.dedup();
        let mut labels: Vec<String> = train
            .iter()
            .flat_map(|s| s.words.iter().map(|w| w.deprel.clone()))
            .collect();
        labels.sort_unstable();
        labels.dedup();
        labels.truncate(127);
        let tag_id = |t: &str| tags.binary_search_by(|x| x.as_str().cmp(t)).unwrap_or(0) as u8;
        let data: Vec<(Vec<String>, Vec<u8>)> = train
            .iter()
            .map(|s| {
                let forms = s.words.iter().map(|w| w.form.clone()).collect();
                (forms, s.words.iter().map(|w| tag_id(&w.upos)).collect())
            })
            .collect();
        let mut lemmatizer = Lemmatizer::train(
            train
                .iter()
                .flat_map(|s| s.words.iter())
                .map(|w| (w.form.as_str(), tag_id(&w.upos), w.lemma.as_str())),
        );
        lemmatizer.set_tag_names(&tags);
        let seed = options.seed;
        let tagger = Tagger::train(
            &data,
            tags.clone(),
            options.tagger_epochs,
            seed,
            |epoch, t| {
                if let Some(dev) = dev {
                    let (right, total) = tag_accuracy(t, dev);
                    report(&format!(
                        "tagger epoch {epoch}: dev UPOS {:.2}",
                        100.0 * right as f64 / total as f64
                    ));
                }
            },
        );
        // The parser's training tags: each fold tagged by a tagger that never saw it.
        let mut predicted: Vec<Vec<u8>> = vec![Vec::new(); data.len()];
        let folds = options.folds.max(1);
        let mut scratch = TagScratch::default();
        for fold in 0..folds {
            let fold_tagger;
            let t = if folds == 1 {
                &tagger
            } else {
                let rest: Vec<(Vec<String>, Vec<u8>)> = data
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % folds != fold)
                    .map(|(_, d)| d.clone())
                    .collect();
                fold_tagger = Tagger::train(
                    &rest,
                    tags.clone(),
                    options.tagger_epochs,
                    seed + 1 + fold as u64,
                    |_, _| {},
                );
                &fold_tagger
            };
            for (i, (words, _)) in data
                .iter()
                .enumerate()
                .filter(|(i, _)| folds == 1 || i % folds == fold)
            {
                scratch.prepare(words);
                t.tag_prepared(&mut scratch, &mut predicted[i]);
            }
            if folds > 1 {
                report(&format!("jackknife: fold {} of {folds} tagged", fold + 1));
            }
        }
        let label_id = |l: &str| labels.binary_search_by(|x| x.as_str().cmp(l)).unwrap_or(0) as u8;
        let trees: Vec<GoldTree> = train
            .iter()
            .zip(&predicted)
            .filter(|(s, _)| s.words.iter().all(|w| w.head.is_some()))
            .map(|(s, tags)| {
                scratch.prepare_with(s.words.iter().map(|w| w.form.as_str()));
                let n = s.words.len() as u32;
                GoldTree {
                    words: scratch.lex.iter().map(|l| l.lower).collect(),
                    tags: tags.clone(),
                    heads: s
                        .words
                        .iter()
                        .map(|w| {
                            if w.head == Some(0) {
                                n
                            } else {
                                w.head.unwrap() - 1
                            }
                        })
                        .collect(),
                    labels: s.words.iter().map(|w| label_id(&w.deprel)).collect(),
                }
            })
            .collect();
        let mut model = Model {
            tagger,
            lemmatizer,
            parser: Parser::train(&[], labels.clone(), 0, seed, 0.0, |_, _| {}),
        };
        let parser = Parser::train(
            &trees,
            labels,
            options.parser_epochs,
            seed,
            options.min_parser_weight,
            |epoch, p| {
                if let Some(dev) = dev {
                    let scores = parse_scores(&model, p, dev);
                    report(&format!("parser epoch {epoch}: dev {scores}"));
                }
            },
        );
        model.parser = parser;
        model
    }

    /// The number of (feature, class) weights of the tagger and of the parser.
    ///
    /// ```
    /// let (tagger, parser) = corpus_lens::syntax::Model::load_default()?.n_weights();
    /// assert!(tagger > 0 && parser > tagger);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn n_weights(&self) -> (usize, usize) {
        (self.tagger.n_weights(), self.parser.n_weights())
    }
}

fn tag_accuracy(tagger: &Tagger, gold: &[Sentence]) -> (u64, u64) {
    let mut scratch = TagScratch::default();
    let mut out = Vec::new();
    let (mut right, mut total) = (0, 0);
    for s in gold {
        scratch.prepare_with(s.words.iter().map(|w| w.form.as_str()));
        tagger.tag_prepared(&mut scratch, &mut out);
        for (w, &t) in s.words.iter().zip(&out) {
            total += 1;
            right += u64::from(tagger.tags[t as usize] == w.upos);
        }
    }
    (right, total.max(1))
}

/// Dev scores of a parser being trained, with the model's tagger and lemmatizer.
fn parse_scores(model: &Model, parser: &Parser, dev: &[Sentence]) -> Scores {
    let mut scratch = Scratch::default();
    let mut scores = Scores::default();
    for g in dev {
        let mut s = g.clone();
        model.annotate(&mut s, false, &mut scratch);
        parser.parse(
            &scratch.tag.lex,
            &scratch.tags,
            &mut scratch.parse,
            &mut scratch.heads,
            &mut scratch.labels,
        );
        for (i, w) in s.words.iter_mut().enumerate() {
            w.head = Some(scratch.heads[i]);
            w.deprel = parser.labels[scratch.labels[i] as usize].clone();
        }
        add_scores(&mut scores, g, &s);
    }
    scores
}

fn add_scores(scores: &mut Scores, gold: &Sentence, system: &Sentence) {
    for (g, s) in gold.words.iter().zip(&system.words) {
        scores.words += 1;
        scores.upos += u64::from(g.upos == s.upos);
        scores.lemma += u64::from(g.lemma == s.lemma);
        let head = g.head.is_some() && g.head == s.head;
        scores.uas += u64::from(head);
        scores.las += u64::from(head && base(&g.deprel) == base(&s.deprel));
    }
}
