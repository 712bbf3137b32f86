//! Lemma frequencies with their dispersion, as an analysis of the trait ([`Lemmas`]): the
//! counts of `lemmas.csv`.
//!
//! Takes each paragraph's text and counted tokens; tags and lemmatizes its sentences with
//! the tagger of [`crate::syntax`] (punctuation included, as the tagger was trained), folds
//! period spellings ([`Variants`]), and counts every counted token under its
//! `(lemma, UPOS)` pair. Lemmas are lowercased like the words of `freq.csv`, so that a
//! sentence-initial `The` and `the` are one lemma.
//!
//! The pairs get ids from an interner of the run, in whatever order the threads meet them;
//! counting, merging and dispersion are those of [`Frequencies`] over these ids, so the
//! counts and the dispersion come out the same at any thread count and in any grouping of
//! the partials, and the rows are sorted by value, never by id.

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::analyses::freq::{documents_per_id, freq_columns_row, freq_row, FreqOptions, FreqRow};
use crate::analyses::frequencies::{FreqDocument, Frequencies, SavedFreq, WordTables};
use crate::count::aggregate::{Aggregate, ParagraphView, Partial};
use crate::count::engine::CorpusCounts;
use crate::count::spill::Spill;
use crate::count::vocab::{map_id, Vocabulary, WordId};
use crate::count::words::Dispersion;
use crate::count::WordCounts;
use crate::error::{Error, Result};
use crate::syntax::text::paragraph_spans;
use crate::syntax::variants::Variants;
use crate::syntax::{Model, Scratch};
use crate::text::tokenize::fold_case;

/// What lemmas are made with: the tagger's model and the variant spellings.
///
/// ```
/// use corpus_lens::analyses::lemmas::LemmaOptions;
/// let options = LemmaOptions::load_default()?;
/// assert!(!options.variants.is_empty());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Clone)]
pub struct LemmaOptions {
    /// The tagger and lemmatizer.
    pub model: Arc<Model>,
    /// Period spellings folded into one lemma.
    pub variants: Variants,
}

impl std::fmt::Debug for LemmaOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LemmaOptions")
            .field("variants", &self.variants.len())
            .finish_non_exhaustive()
    }
}

impl LemmaOptions {
    /// The shipped model (`models/en_ewt.syntax`) and variants (`corpora/variants.toml`).
    ///
    /// # Errors
    ///
    /// If either file cannot be read.
    ///
    /// ```
    /// let options = corpus_lens::analyses::lemmas::LemmaOptions::load_default()?;
    /// assert!(options.model.upos_tags().contains(&"PROPN"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn load_default() -> Result<LemmaOptions> {
        Ok(LemmaOptions {
            model: Arc::new(Model::load_default()?),
            variants: Variants::load_default()?,
        })
    }

    /// Checks a list of UPOS tags (`NOUN,PROPN`) against the model's tag set and returns
    /// them, each once, in the order given.
    ///
    /// # Errors
    ///
    /// A tag the model does not know, or an empty list ([`Error::Usage`]).
    ///
    /// ```
    /// let options = corpus_lens::analyses::lemmas::LemmaOptions::load_default()?;
    /// assert_eq!(options.pos_list("NOUN, PROPN,NOUN")?, ["NOUN", "PROPN"]);
    /// let err = options.pos_list("NN").unwrap_err().to_string();
    /// assert!(err.contains("'NN' is not a UPOS tag"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn pos_list(&self, text: &str) -> Result<Vec<String>> {
        let known = self.model.upos_tags();
        let mut out: Vec<String> = Vec::new();
        for tag in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            if !known.contains(&tag) {
                return Err(Error::Usage(format!(
                    "--pos: '{tag}' is not a UPOS tag of the model; give some of {} \
                     (Universal Dependencies, in capitals)",
                    known.join(",")
                )));
            }
            if !out.iter().any(|t| t == tag) {
                out.push(tag.to_string());
            }
        }
        if out.is_empty() {
            return Err(Error::Usage(
                "--pos: no tag given; give UPOS tags separated by commas (NOUN,PROPN)".into(),
            ));
        }
        Ok(out)
    }

    /// Calls `f(i, lemma, upos)` for each counted token `i` of the paragraph, in order:
    /// its lemma lowercased and folded by the variants. The tagger sees each sentence with
    /// its punctuation, and a token ending in `'s` as two words (`Lenin` `'s`, as in its
    /// training data): the token takes the first word's lemma and tag. A counted token the tagger's tokens do not hold (none is known) is
    /// its own lowercased word, tagged `X`.
    ///
    /// ```
    /// use corpus_lens::analyses::lemmas::{LemmaOptions, LemmaScratch};
    /// use corpus_lens::count::aggregate::ParagraphView;
    /// use corpus_lens::normalize::normalize;
    /// let options = LemmaOptions::load_default()?;
    /// let text = "The Bolsheviki took Lenin's Palace.";
    /// let normalized = normalize(text);
    /// let view = ParagraphView { original: text, normalized: &normalized, offset: 0,
    ///     line: 1, exact: true, page: None, ids: &[0, 1, 2, 4, 3], spans: &[0..3, 4..14, 15..19, 20..27, 28..34],
    ///     sentence_of: &[0; 5], sentences: &[0..31], words: &[] };
    /// let mut lemmas = Vec::new();
    /// options.token_lemmas(&view, &mut LemmaScratch::default(), |_, lemma, upos| {
    ///     lemmas.push(format!("{lemma}/{upos}"))
    /// });
    /// assert_eq!(lemmas[1], "bolshevik/PROPN");
    /// assert_eq!(lemmas[2], "take/VERB");
    /// assert_eq!(lemmas[3], "lenin/PROPN");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn token_lemmas(
        &self,
        paragraph: &ParagraphView<'_>,
        scratch: &mut LemmaScratch,
        mut f: impl FnMut(usize, &str, &str),
    ) {
        let text = paragraph.normalized.as_str();
        let LemmaScratch {
            syntax,
            spans,
            pieces,
            form,
            lemma,
        } = scratch;
        spans.clear();
        paragraph_spans(text, spans);
        let counted = paragraph.spans;
        let mut c = 0;
        let mut emit = |c: usize, raw_lemma: &str, upos: &str| {
            fold_case(&text[counted[c].clone()], form);
            fold_case(raw_lemma, lemma);
            let folded = self.variants.fold(form, lemma).unwrap_or(lemma);
            f(c, folded, upos);
        };
        let sentences = paragraph.sentences;
        let mut t = 0;
        for (s, sentence) in sentences.iter().enumerate() {
            let last = s + 1 == sentences.len();
            // The tagger's words: a token ending in 's is two, as in its training data
            // (`Lenin` `'s`); the first carries the token's lemma.
            pieces.clear();
            while t < spans.len() && (last || spans[t].start < sentence.end) {
                let span = spans[t].clone();
                match possessive(&text[span.clone()]) {
                    Some(cut) => {
                        pieces.push((span.start..span.start + cut, Some(t)));
                        pieces.push((span.start + cut..span.end, None));
                    }
                    None => pieces.push((span, Some(t))),
                }
                t += 1;
            }
            let words = pieces.iter().map(|p| &text[p.0.clone()]);
            self.model.tag_lemmas(words, syntax, |i, upos, raw| {
                let Some(owner) = pieces[i].1 else {
                    return;
                };
                let span = &spans[owner];
                while c < counted.len() && counted[c].start < span.start {
                    let word = &text[counted[c].clone()];
                    emit(c, word, "X");
                    c += 1;
                }
                if c < counted.len() && counted[c] == *span {
                    emit(c, raw, upos);
                    c += 1;
                }
            });
        }
        while c < counted.len() {
            let word = &text[counted[c].clone()];
            emit(c, word, "X");
            c += 1;
        }
    }
}

/// Reusable buffers of one worker.
///
/// ```
/// let scratch = corpus_lens::analyses::lemmas::LemmaScratch::default();
/// # let _ = scratch;
/// ```
#[derive(Default)]
pub struct LemmaScratch {
    syntax: Scratch,
    spans: Vec<Range<usize>>,
    /// The tagger's words of a sentence, each with the index of its token in `spans` (none
    /// for the `'s` split off a token).
    pieces: Vec<(Range<usize>, Option<usize>)>,
    form: String,
    lemma: String,
}

impl std::fmt::Debug for LemmaScratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LemmaScratch").finish_non_exhaustive()
    }
}

/// Counts lemmas: an [`Aggregate`] whose output is [`LemmaTables`].
///
/// ```
/// use std::sync::Arc;
/// use corpus_lens::analyses::lemmas::{LemmaOptions, LemmaTables, Lemmas};
/// use corpus_lens::corpus::Corpus;
/// use corpus_lens::count::{aggregate::AnyAggregate, engine::Engine};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Lemmas::new(Arc::new(LemmaOptions::load_default()?)))];
/// let (counts, outputs) = Engine::default().run(&corpus, &list)?;
/// let tables = outputs[0].downcast_ref::<LemmaTables>().unwrap();
/// let freq: u64 = tables.words.corpus.iter().map(|w| w.freq).sum();
/// assert_eq!(freq, counts.tokens()); // every counted token has a lemma
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Clone)]
pub struct Lemmas {
    options: Arc<LemmaOptions>,
    keys: Arc<Vocabulary>,
}

impl std::fmt::Debug for Lemmas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lemmas")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl Lemmas {
    /// A lemma count with these options and an empty interner of `(lemma, UPOS)` pairs.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// use corpus_lens::analyses::lemmas::{LemmaOptions, Lemmas};
    /// let lemmas = Lemmas::new(Arc::new(LemmaOptions::load_default()?));
    /// # let _ = lemmas;
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn new(options: Arc<LemmaOptions>) -> Lemmas {
        Lemmas {
            options,
            keys: Arc::new(Vocabulary::new()),
        }
    }

    /// A lemma count whose `(lemma, UPOS)` pairs are interned in `keys` (shared with the
    /// caller, who reads the pairs of a partial result from it).
    pub(crate) fn with_keys(options: Arc<LemmaOptions>, keys: Arc<Vocabulary>) -> Lemmas {
        Lemmas { options, keys }
    }
}

/// What one paragraph contributes: its counted tokens, its `(pair, count)` list, and its
/// `(pair, word, count)` list (which word forms each pair was seen as).
///
/// ```
/// let empty = corpus_lens::analyses::lemmas::LemmaParagraph::default();
/// # let _ = empty;
/// ```
#[derive(Debug, Clone, Default)]
pub struct LemmaParagraph {
    size: u32,
    lemmas: Vec<(WordId, u32)>,
    forms: Vec<(WordId, WordId, u32)>,
}

/// One document's partial result: [`Frequencies`]'s over pair ids, and the forms' counts.
///
/// ```
/// let empty = corpus_lens::analyses::lemmas::LemmaDocument::default();
/// # let _ = empty;
/// ```
#[derive(Debug, Clone, Default)]
pub struct LemmaDocument {
    freq: FreqDocument,
    open_forms: FxHashMap<(WordId, WordId), u64>,
    forms: Vec<(WordId, WordId, u64)>,
}

/// A closed [`LemmaDocument`] as plain data: what a partial result on disk holds (pair ids
/// of the partial's own lemma keys, word ids of its own words).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct SavedLemmas {
    freq: SavedFreq,
    /// `(pair id, word id, count)`.
    forms: Vec<(WordId, WordId, u64)>,
}

impl LemmaDocument {
    /// The closed document as plain data.
    pub(crate) fn save(&self) -> Result<SavedLemmas> {
        Ok(SavedLemmas {
            freq: self.freq.save()?,
            forms: self.forms.clone(),
        })
    }

    /// The document [`LemmaDocument::save`] gave (ids already mapped,
    /// [`SavedLemmas::remap`]).
    ///
    /// # Errors
    ///
    /// A log cut short ([`Error::Usage`]).
    pub(crate) fn load(saved: SavedLemmas) -> Result<LemmaDocument> {
        let mut forms = saved.forms;
        forms.sort_unstable();
        Ok(LemmaDocument {
            freq: FreqDocument::load(saved.freq)?,
            open_forms: FxHashMap::default(),
            forms,
        })
    }
}

impl SavedLemmas {
    /// Maps the pair ids through `keys` and the word ids through `words` (see [`map_id`]).
    ///
    /// # Errors
    ///
    /// An id outside its list, or a log cut short ([`Error::Usage`]).
    pub(crate) fn remap(&mut self, keys: &[WordId], words: &[WordId]) -> Result<()> {
        self.freq.remap(keys)?;
        for (k, w, _) in &mut self.forms {
            (*k, *w) = (map_id(keys, *k)?, map_id(words, *w)?);
        }
        Ok(())
    }
}

/// What [`Lemmas`] finishes into.
///
/// ```
/// let tables = corpus_lens::analyses::lemmas::LemmaTables::default();
/// assert!(tables.keys.is_empty() && tables.forms.is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct LemmaTables {
    /// Each pair id's `lemma` and `UPOS`, separated by a tab.
    pub keys: Vec<Box<str>>,
    /// The counts and dispersion of each pair id, over the corpus and per document.
    pub words: WordTables,
    /// `(pair id, word id, count)` over the corpus, sorted by pair then word id; word ids
    /// are the run's ([`crate::count::engine::CorpusCounts::words`]).
    pub forms: Vec<(WordId, WordId, u64)>,
}

impl LemmaTables {
    /// The lemma and UPOS tag of pair `id`.
    ///
    /// ```
    /// let tables = corpus_lens::analyses::lemmas::LemmaTables { keys: vec!["take\tVERB".into()], ..Default::default() };
    /// assert_eq!(tables.lemma(0), ("take", "VERB"));
    /// ```
    pub fn lemma(&self, id: WordId) -> (&str, &str) {
        let key = &*self.keys[id as usize];
        key.split_once('\t').unwrap_or((key, ""))
    }
}

/// Where a word's `'s` begins, if it ends in one after at least one letter (`Lenin's`,
/// `it's`).
fn possessive(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    let n = b.len();
    (n > 2 && b[n - 2] == b'\'' && (b[n - 1] | 0x20) == b's').then(|| n - 2)
}

/// Run-length counts of a sorted list.
fn runs<T: Copy + PartialEq>(sorted: &[T]) -> impl Iterator<Item = (T, u32)> + '_ {
    let mut i = 0;
    std::iter::from_fn(move || {
        let first = *sorted.get(i)?;
        let n = sorted[i..].iter().take_while(|&&x| x == first).count();
        i += n;
        Some((first, n as u32))
    })
}

impl Aggregate for Lemmas {
    crate::count::aggregate::no_setup!();
    type Scratch = LemmaScratch;
    type Paragraph = LemmaParagraph;
    type Document = LemmaDocument;
    type Output = LemmaTables;

    fn count(
        &self,
        _: &(),
        paragraph: &ParagraphView<'_>,
        scratch: &mut LemmaScratch,
    ) -> LemmaParagraph {
        let mut local = self.keys.local();
        let mut key = String::new();
        let mut pairs: Vec<(WordId, WordId)> = Vec::with_capacity(paragraph.ids.len());
        self.options
            .token_lemmas(paragraph, scratch, |i, lemma, upos| {
                key.clear();
                key.push_str(lemma);
                key.push('\t');
                key.push_str(upos);
                pairs.push((local.id(&key), paragraph.ids[i]));
            });
        pairs.sort_unstable();
        let forms: Vec<(WordId, WordId, u32)> = runs(&pairs).map(|((k, w), n)| (k, w, n)).collect();
        let mut lemmas: Vec<(WordId, u32)> = Vec::new();
        for &(k, _, n) in &forms {
            match lemmas.last_mut() {
                Some(last) if last.0 == k => last.1 += n,
                _ => lemmas.push((k, n)),
            }
        }
        LemmaParagraph {
            size: pairs.len() as u32,
            lemmas,
            forms,
        }
    }

    fn open(&self, _: &Spill) -> LemmaDocument {
        LemmaDocument::default()
    }

    fn add(&self, document: &mut LemmaDocument, p: LemmaParagraph) {
        Aggregate::add(&Frequencies, &mut document.freq, (p.size, p.lemmas));
        for (k, w, n) in p.forms {
            *document.open_forms.entry((k, w)).or_default() += n as u64;
        }
    }

    fn close(&self, document: &mut LemmaDocument) {
        Aggregate::close(&Frequencies, &mut document.freq);
        document.forms = std::mem::take(&mut document.open_forms)
            .into_iter()
            .map(|((k, w), n)| (k, w, n))
            .collect();
        document.forms.sort_unstable();
    }

    fn finish(&self, partial: Partial<LemmaDocument>) -> Result<LemmaTables> {
        let mut forms: FxHashMap<(WordId, WordId), u64> = FxHashMap::default();
        let mut freq = Vec::new();
        for (i, d) in partial.into_documents() {
            for (k, w, n) in d.forms {
                *forms.entry((k, w)).or_default() += n;
            }
            freq.push((i, d.freq));
        }
        let words = Aggregate::finish(&Frequencies, Partial::from_documents(freq)?)?;
        let mut forms: Vec<(WordId, WordId, u64)> =
            forms.into_iter().map(|((k, w), n)| (k, w, n)).collect();
        forms.sort_unstable();
        Ok(LemmaTables {
            keys: self.keys.words(),
            words,
            forms,
        })
    }
}

freq_columns_row! {
    /// A row of `lemmas.csv` (see [`crate::tables::LEMMAS`]).
    ///
    /// ```
    /// use corpus_lens::analyses::lemmas::{lemma_rows, LemmaOptions};
    /// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config}, freq::FreqOptions};
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.txt"), "The Bolsheviki met.\n\nThe Bolsheviks voted.\n")?;
    /// let mut config = Config::default();
    /// config.count.lemmas = Some(LemmaOptions::load_default()?.into());
    /// let analysis = Analyzer::new(config).run(&Corpus::from_inputs(&[dir.path()])?)?;
    /// let rows = lemma_rows(&analysis, analysis.lemmas.as_ref().unwrap(), &FreqOptions::default(), None);
    /// let bolshevik = rows.iter().find(|r| r.lemma == "bolshevik").unwrap();
    /// assert_eq!((bolshevik.upos.as_str(), bolshevik.freq, bolshevik.range), ("PROPN", 2, 2));
    /// assert_eq!(bolshevik.forms, "bolsheviki:1|bolsheviks:1");
    /// assert_eq!((rows[0].lemma.as_str(), rows[1].lemma.as_str()), ("bolshevik", "the")); // 2 each: by lemma
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Serialize)]
    #[allow(missing_docs)]
    pub struct LemmaRow {
        pub lemma: String,
        pub upos: String,
        ..freq_columns,
        pub n_forms: u64,
        pub forms: String,
    }
}

impl LemmaRow {
    /// The row of a lemma whose `freq.csv` columns are `row`'s (its `word` is the lemma).
    pub(crate) fn of(f: FreqRow, upos: &str, n_forms: usize, forms: String) -> LemmaRow {
        LemmaRow {
            lemma: f.word,
            upos: upos.to_string(),
            freq: f.freq,
            per_million: f.per_million,
            range: f.range,
            range_pct: f.range_pct,
            n_documents: f.n_documents,
            dp: f.dp,
            dp_norm: f.dp_norm,
            juilland_d: f.juilland_d,
            n_forms: n_forms as u64,
            forms,
        }
    }
}

/// The rows of `lemmas.csv`: every `(lemma, UPOS)` pair of a run's lemma count, with the frequency filters of `freq.csv` applied to the
/// lemma (stopwords, `min_freq`) and, with `pos`, only the pairs of those tags. Ordered by
/// frequency descending, then lemma, then tag.
///
/// ```
/// use corpus_lens::analyses::lemmas::{lemma_rows, LemmaOptions};
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config}, freq::FreqOptions};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let mut config = Config::default();
/// config.count.lemmas = Some(LemmaOptions::load_default()?.into());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let pos = ["PROPN".to_string()];
/// let rows = lemma_rows(&analysis, analysis.lemmas.as_ref().unwrap(), &FreqOptions::default(), Some(&pos));
/// assert!(rows.iter().all(|r| r.upos == "PROPN"));
/// assert!(rows.windows(2).all(|w| w[0].freq >= w[1].freq));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn lemma_rows(
    analysis: &CorpusCounts,
    tables: &LemmaTables,
    options: &FreqOptions,
    pos: Option<&[String]>,
) -> Vec<LemmaRow> {
    let n = tables.keys.len();
    let documents = tables.words.documents.iter().map(|d| &d[..]);
    let n_documents = documents_per_id(n, documents);
    // Forms of pair k: tables.forms[starts[k]..starts[k + 1]].
    let mut starts = vec![0usize; n + 1];
    for &(k, _, _) in &tables.forms {
        starts[k as usize + 1] += 1;
    }
    for k in 0..n {
        starts[k + 1] += starts[k];
    }
    let mut rows: Vec<LemmaRow> = tables
        .words
        .corpus
        .iter()
        .filter_map(|w| {
            let (lemma, upos) = tables.lemma(w.id);
            let pos_ok = pos.is_none_or(|p| p.iter().any(|t| t == upos));
            (pos_ok && options.keeps(lemma, w.freq)).then_some((w, lemma, upos))
        })
        .map(|(w, lemma, upos)| {
            let mut forms: Vec<(u64, &str)> = tables.forms
                [starts[w.id as usize]..starts[w.id as usize + 1]]
                .iter()
                .map(|&(_, word, count)| (count, analysis.word(word)))
                .collect();
            forms.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            let listed: Vec<String> = forms.iter().map(|(c, f)| format!("{f}:{c}")).collect();
            // Lemmas are counted by paragraph, whatever `--parts` made of the words' parts.
            let n_docs = n_documents[w.id as usize];
            let row = freq_row(lemma.to_string(), w, n_docs, analysis, analysis.paragraphs);
            LemmaRow::of(row, upos, forms.len(), listed.join("|"))
        })
        .collect();
    rows.sort_unstable_by(|a, b| {
        b.freq
            .cmp(&a.freq)
            .then_with(|| a.lemma.cmp(&b.lemma))
            .then_with(|| a.upos.cmp(&b.upos))
    });
    rows
}

/// The run's counts with lemmas in place of words: each lemma's frequency over all its tags
/// (or over the tags of `pos`), in the corpus and in each document; what keyness by lemma
/// reads. Only the frequencies are kept: `range` is 0 and the dispersion NaN.
///
/// ```
/// use corpus_lens::analyses::lemmas::{lemma_counts, LemmaOptions};
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config}};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), "The Bolsheviki met the Bolshevik delegates.\n")?;
/// let mut config = Config::default();
/// config.count.lemmas = Some(LemmaOptions::load_default()?.into());
/// let analysis = Analyzer::new(config).run(&Corpus::from_inputs(&[dir.path()])?)?;
/// let counts = lemma_counts(&analysis, analysis.lemmas.as_ref().unwrap(), None);
/// let freq = |w: &str| counts.corpus_words.iter().find(|c| counts.word(c.id) == w).unwrap().freq;
/// assert_eq!(freq("bolshevik"), 2); // PROPN and ADJ or PROPN twice: one lemma
/// assert_eq!(freq("the"), 2);
/// let total: u64 = counts.corpus_words.iter().map(|c| c.freq).sum();
/// assert_eq!(total, counts.tokens());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn lemma_counts(
    analysis: &CorpusCounts,
    tables: &LemmaTables,
    pos: Option<&[String]>,
) -> CorpusCounts {
    // Lemma ids in lemma order, so the ids do not depend on the interner's.
    let mut names: Vec<&str> = Vec::new();
    let mut of_pair: Vec<Option<WordId>> = vec![None; tables.keys.len()];
    let mut pairs: Vec<(&str, usize)> = (0..tables.keys.len())
        .filter(|&k| {
            let upos = tables.lemma(k as WordId).1;
            pos.is_none_or(|p| p.iter().any(|t| t == upos))
        })
        .map(|k| (tables.lemma(k as WordId).0, k))
        .collect();
    pairs.sort_unstable();
    for (lemma, k) in pairs {
        if names.last() != Some(&lemma) {
            names.push(lemma);
        }
        of_pair[k] = Some(names.len() as WordId - 1);
    }
    let sum = |words: &[WordCounts]| -> Vec<WordCounts> {
        let mut freq = vec![0u64; names.len()];
        for w in words {
            if let Some(l) = of_pair[w.id as usize] {
                freq[l as usize] += w.freq;
            }
        }
        freq.iter()
            .enumerate()
            .filter(|&(_, &f)| f > 0)
            .map(|(id, &freq)| WordCounts {
                id: id as WordId,
                freq,
                range: 0,
                dispersion: Dispersion {
                    dp: f64::NAN,
                    dp_norm: f64::NAN,
                    juilland_d: f64::NAN,
                },
            })
            .collect()
    };
    let corpus = sum(&tables.words.corpus);
    let documents = tables.words.documents.iter().map(|d| sum(d)).collect();
    let words = names.iter().map(|&n| n.into()).collect();
    analysis.with_words(words, corpus, documents)
}
