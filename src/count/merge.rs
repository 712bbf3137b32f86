//! The sequential merge of paragraph counts into document and corpus counts ([`Counter`]):
//! paragraphs, sentences, tokens, the paragraphs as parts, OCR suspects. The word counts and
//! their dispersion are an analysis of their own ([`crate::analyses::frequencies`]).

use rustc_hash::FxHashMap;

use crate::count::paragraph::ParagraphCounts;
use crate::count::words::{Parts, WordCounts};
use crate::text::tokenize::OcrSign;

/// An OCR suspect aggregated over a document.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Counter, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = seeded_vocabulary();
/// let mut counter = Counter::default();
/// for text in ["Thc Soviet met.", "Thc Cadets left."] {
///     counter.add_paragraph(count_paragraph(text, &vocab, &ParagraphOptions::default(), &mut Scratch::default()));
/// }
/// let ocr = &counter.finish()?.documents[0].ocr;
/// assert_eq!((ocr[0].token.as_str(), ocr[0].count), ("thc", 2));
/// assert!(ocr[0].example.contains("Soviet")); // the first occurrence
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
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
    /// Per word, sorted by id, with dispersion: filled by the frequency analysis
    /// ([`crate::analyses::frequencies`]) when a run has it (as [`crate::run::Analyzer`]
    /// does), empty otherwise.
    #[serde(skip)]
    pub words: Vec<WordCounts>,
    /// OCR suspects, sorted by token then sign.
    pub ocr: Vec<OcrCount>,
}

/// Merges paragraph counts, document by document, in order.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Counter, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = seeded_vocabulary();
/// let mut counter = Counter::default();
/// for text in ["The Soviet met.", "The Cadets left."] {
///     let counts = count_paragraph(text, &vocab, &ParagraphOptions::default(), &mut Scratch::default());
///     counter.add_paragraph(counts);
/// }
/// counter.finish_document();
/// let counts = counter.finish()?;
/// let doc = &counts.documents[0];
/// assert_eq!((doc.paragraphs, doc.tokens), (2, 6));
/// assert_eq!((doc.parts.count, doc.parts.min_size), (2, 3));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct Counter {
    parts: Parts,
    doc: DocumentCounts,
    doc_ocr: FxHashMap<(String, OcrSign), (u64, String)>,
    finished: Vec<DocumentCounts>,
}

impl Counter {
    /// Adds the next paragraph of the current document.
    ///
    /// ```
    /// use corpus_lens::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Counter, Scratch};
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = seeded_vocabulary();
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
        for hit in p.ocr {
            let entry = self
                .doc_ocr
                .entry((hit.token, hit.sign))
                .or_insert((0, hit.example));
            entry.0 += 1;
        }
    }

    /// Closes the current document.
    ///
    /// ```
    /// use corpus_lens::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Counter, Scratch};
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = seeded_vocabulary();
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
        self.finished.push(doc);
    }

    /// Closes the open document, if it has paragraphs, and gives the counts of every
    /// document and the corpus's parts.
    ///
    /// ```
    /// use corpus_lens::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Counter, Scratch};
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = seeded_vocabulary();
    /// let mut counter = Counter::default();
    /// for text in ["The Soviet met.", "The Cadets left.", "Rain."] {
    ///     counter.add_paragraph(count_paragraph(text, &vocab, &ParagraphOptions::default(), &mut Scratch::default()));
    /// }
    /// let counts = counter.finish()?; // closes the open document too
    /// assert_eq!((counts.documents[0].sentences, counts.parts.total), (3, 7));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// None today; the signature leaves room for counts kept on disk.
    pub fn finish(mut self) -> crate::error::Result<Counts> {
        if self.doc.paragraphs > 0 {
            self.finish_document();
        }
        Ok(Counts {
            documents: self.finished,
            parts: self.parts,
        })
    }
}

/// The result of counting a corpus.
///
/// ```
/// use corpus_lens::count::{count_paragraph, seeded_vocabulary, ParagraphOptions, Counter, Scratch};
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = seeded_vocabulary();
/// let mut counter = Counter::default();
/// counter.add_paragraph(count_paragraph("The Soviet met.", &vocab, &ParagraphOptions::default(), &mut Scratch::default()));
/// let counts = counter.finish()?;
/// assert_eq!(counts.documents.len(), 1);
/// assert_eq!((counts.parts.count, counts.parts.total), (1, 3));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Counts {
    /// Per document, in the order they were added.
    pub documents: Vec<DocumentCounts>,
    /// All paragraphs of the corpus as dispersion parts.
    pub parts: Parts,
}
