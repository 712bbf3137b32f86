//! The sequential merge of paragraph counts into document and corpus counts ([`Counter`]).

use std::ops::Range;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::count::pair_log::PairLog;
use crate::count::paragraph::{ParagraphCounts, PREFETCH_AHEAD};
use crate::count::replay::{replay_words, WordCounts};
use crate::count::vocab::WordId;
use crate::stats::dispersion::Parts;
use crate::text::tokenize::OcrSign;

/// An OCR suspect aggregated over a document.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seed_vocabulary, ParagraphOptions, Counter, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// let mut counter = Counter::default();
/// for text in ["Thc Soviet met.", "Thc Cadets left."] {
///     counter.add_paragraph(count_paragraph(text, &vocab, &ParagraphOptions::default(), &mut Scratch::default()));
/// }
/// let ocr = &counter.finish()?.documents[0].ocr;
/// assert_eq!((ocr[0].token.as_str(), ocr[0].count), ("thc", 2));
/// assert!(ocr[0].example.contains("Soviet")); // the first occurrence
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrCount {
    /// The lowercased token.
    pub token: String,
    /// Why it is suspect.
    pub sign: OcrSign,
    /// Occurrences in the document.
    pub count: u64,
    /// The first occurrence in context.
    pub example: String,
}

/// Everything counted in one document.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::default().run(&corpus)?;
/// let counts = &analysis.documents[0].counts;
/// assert!(counts.paragraphs > 10 && counts.sentences > counts.paragraphs);
/// assert_eq!(counts.parts.total, counts.tokens);
/// assert!(counts.words.windows(2).all(|w| w[0].id < w[1].id));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct DocumentCounts {
    /// Paragraphs (with or without tokens).
    pub paragraphs: u64,
    /// Sentences.
    pub sentences: u64,
    /// Counted tokens.
    pub tokens: u64,
    /// Number tokens.
    pub number_tokens: u64,
    /// Tokens with an OCR sign.
    pub ocr_suspect_tokens: u64,
    /// Inline footnote markers.
    pub footnote_markers: u64,
    /// The paragraphs as dispersion parts.
    pub parts: Parts,
    /// Per word, sorted by id.
    pub words: Vec<WordCounts>,
    /// OCR suspects, sorted by token then sign.
    pub ocr: Vec<OcrCount>,
}

/// Merges paragraph counts, document by document, in order.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seed_vocabulary, ParagraphOptions, Counter, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// let mut counter = Counter::default();
/// for text in ["The Soviet met.", "The Cadets left."] {
///     let counts = count_paragraph(text, &vocab, &ParagraphOptions::default(), &mut Scratch::default());
///     counter.add_paragraph(counts);
/// }
/// counter.finish_document();
/// let counts = counter.finish()?;
/// let doc = &counts.documents[0];
/// assert_eq!((doc.paragraphs, doc.tokens), (2, 6));
/// let the = doc.words.iter().find(|w| w.id == vocab.id("the")).unwrap();
/// assert_eq!((the.freq, the.range), (2, 2));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct Counter {
    /// Per word id: `[corpus total, total in the open document]`, side by side so that
    /// merging a pair touches one cache line.
    totals: Vec<[u64; 2]>,
    log: PairLog,
    parts: Parts,
    doc: DocumentCounts,
    doc_touched: Vec<WordId>,
    doc_log_start: usize,
    doc_ocr: FxHashMap<(String, OcrSign), (u64, String)>,
    finished: Vec<FinishedDocument>,
}

impl Counter {
    /// Adds the next paragraph of the current document.
    ///
    /// ```
    /// use corpus_lens::count::{count_paragraph, seed_vocabulary, ParagraphOptions, Counter, Scratch};
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// seed_vocabulary(&vocab);
    /// let mut counter = Counter::default();
    /// let counts = count_paragraph("The Soviet met.", &vocab, &ParagraphOptions::default(), &mut Scratch::default());
    /// counter.add_paragraph(counts);
    /// let counts = counter.finish()?;
    /// assert_eq!((counts.documents[0].paragraphs, counts.parts.total), (1, 3));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn add_paragraph(&mut self, p: ParagraphCounts) {
        let doc = &mut self.doc;
        doc.paragraphs += 1;
        doc.sentences += p.sentences as u64;
        doc.tokens += p.tokens as u64;
        doc.number_tokens += p.numbers as u64;
        doc.ocr_suspect_tokens += p.ocr.len() as u64;
        doc.footnote_markers += p.footnote_markers as u64;
        doc.parts.add(p.tokens as u64);
        self.parts.add(p.tokens as u64);
        if let Some(max) = p.words.iter().map(|w| w.0).max() {
            let need = max as usize + 1;
            if self.totals.len() < need {
                self.totals.resize(need, [0, 0]);
            }
        }
        for (k, &(id, c)) in p.words.iter().enumerate() {
            if let Some(&(ahead, _)) = p.words.get(k + PREFETCH_AHEAD) {
                crate::prefetch(&self.totals[ahead as usize]);
            }
            let [total, slot] = &mut self.totals[id as usize];
            *total += c as u64;
            if *slot == 0 {
                self.doc_touched.push(id);
            }
            *slot += c as u64;
        }
        if p.tokens > 0 {
            self.log.push(p.tokens, &p.words);
        }
        for hit in p.ocr {
            let entry = self
                .doc_ocr
                .entry((hit.token, hit.sign))
                .or_insert((0, hit.example));
            entry.0 += 1;
        }
    }

    /// Closes the current document. Its dispersion is computed by [`Counter::finish`].
    ///
    /// ```
    /// use corpus_lens::count::{count_paragraph, seed_vocabulary, ParagraphOptions, Counter, Scratch};
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// seed_vocabulary(&vocab);
    /// let mut counter = Counter::default();
    /// for document in [["The Soviet met.", "It voted."], ["Kerensky fled.", "The end."]] {
    ///     for text in document {
    ///         counter.add_paragraph(count_paragraph(text, &vocab, &ParagraphOptions::default(), &mut Scratch::default()));
    ///     }
    ///     counter.finish_document();
    /// }
    /// let counts = counter.finish()?;
    /// assert_eq!(counts.documents.len(), 2);
    /// assert_eq!((counts.documents[1].tokens, counts.parts.count), (4, 4));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn finish_document(&mut self) {
        let mut doc = std::mem::take(&mut self.doc);
        let range = self.doc_log_start..self.log.len();
        self.doc_log_start = self.log.len();
        self.doc_touched.sort_unstable();
        let totals: Vec<(WordId, u64)> = self
            .doc_touched
            .iter()
            .map(|&id| (id, std::mem::take(&mut self.totals[id as usize][1])))
            .collect();
        self.doc_touched.clear();
        doc.ocr = self
            .doc_ocr
            .drain()
            .map(|((token, sign), (count, example))| OcrCount {
                token,
                sign,
                count,
                example,
            })
            .collect();
        doc.ocr
            .sort_by(|a, b| (&a.token, a.sign).cmp(&(&b.token, b.sign)));
        self.finished.push((doc, range, totals));
    }

    /// Computes every document's and the corpus's dispersion, in parallel (each replay of
    /// the log runs in order on its own, so the result does not depend on the threads).
    ///
    /// ```
    /// use corpus_lens::count::{count_paragraph, seed_vocabulary, ParagraphOptions, Counter, Scratch};
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// seed_vocabulary(&vocab);
    /// let mut counter = Counter::default();
    /// for text in ["The Soviet met.", "The Cadets left.", "Rain."] {
    ///     counter.add_paragraph(count_paragraph(text, &vocab, &ParagraphOptions::default(), &mut Scratch::default()));
    /// }
    /// let counts = counter.finish()?; // closes the open document too
    /// let soviet = counts.corpus_words.iter().find(|w| w.id == vocab.id("soviet")).unwrap();
    /// assert_eq!((soviet.freq, soviet.range), (1, 1));
    /// assert!(soviet.dispersion.dp > 0.5); // in one paragraph of three
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// If the part of the pair log written to a temporary file cannot be read back
    /// ([`Error::Io`](crate::Error::Io), naming the temporary directory).
    pub fn finish(mut self) -> crate::error::Result<Counts> {
        if self.doc.paragraphs > 0 {
            self.finish_document();
        }
        let log = &self.log;
        let corpus_totals: Vec<(WordId, u64)> = self
            .totals
            .iter()
            .enumerate()
            .filter(|&(_, &[t, _])| t > 0)
            .map(|(id, &[t, _])| (id as WordId, t))
            .collect();
        let corpus_job = (0..log.len(), &self.parts, &corpus_totals);
        // With one document, the corpus's dispersion is the document's: same parts, same
        // totals. Replaying the log once more would give the identical numbers.
        let single = self.finished.len() == 1;
        let jobs: Vec<_> = std::iter::once(corpus_job)
            .filter(|_| !single)
            .chain(
                self.finished
                    .iter()
                    .map(|(d, r, t)| (r.clone(), &d.parts, t)),
            )
            .collect();
        let mut words: Vec<Vec<WordCounts>> = jobs
            .into_par_iter()
            .map(|(range, parts, totals)| replay_words(log, range, parts, totals))
            .collect::<std::io::Result<_>>()
            .map_err(|source| crate::Error::Io {
                path: std::env::temp_dir(),
                source,
            })?;
        let corpus_words = if single {
            words[0].clone()
        } else {
            words.remove(0)
        };
        let documents = self
            .finished
            .into_iter()
            .zip(words)
            .map(|((mut doc, _, _), words)| {
                doc.words = words;
                doc
            })
            .collect();
        Ok(Counts {
            documents,
            corpus_words,
            parts: self.parts,
        })
    }
}

/// A closed document: its counts, its stretch of the log and its word totals (by id).
type FinishedDocument = (DocumentCounts, Range<usize>, Vec<(WordId, u64)>);

/// The result of counting a corpus.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seed_vocabulary, ParagraphOptions, Counter, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = Vocabulary::new();
/// seed_vocabulary(&vocab);
/// let mut counter = Counter::default();
/// counter.add_paragraph(count_paragraph("The Soviet met.", &vocab, &ParagraphOptions::default(), &mut Scratch::default()));
/// let counts = counter.finish()?;
/// assert_eq!(counts.documents.len(), 1);
/// assert_eq!(counts.corpus_words.len(), 3); // the, soviet, met
/// assert_eq!((counts.parts.count, counts.parts.total), (1, 3));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Counts {
    /// Per document, in the order they were added.
    pub documents: Vec<DocumentCounts>,
    /// Every word of the corpus, sorted by id, with dispersion over all paragraphs.
    pub corpus_words: Vec<WordCounts>,
    /// All paragraphs of the corpus as dispersion parts.
    pub parts: Parts,
}
