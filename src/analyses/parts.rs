//! Parts of documents for dispersion and the text-level tests (`--parts`), as an analysis of
//! the trait ([`PartCounts`]): each document's chapters (found by the rule of
//! [`crate::text::chapters`]) are counted, and with a unit other than the document, each
//! part's word counts are kept ([`PartTables`]).
//!
//! [`redisperse`] recomputes the frequency tables' range and dispersion over these parts
//! instead of paragraphs. A document's partial is whole (the trait merges whole documents),
//! so the parts never depend on how the work was split.

use rustc_hash::FxHashMap;

use crate::analyses::compare::{TextPart, TextParts};
use crate::count::aggregate::{Aggregate, ParagraphView, Partial};
use crate::count::spill::Spill;
use crate::count::vocab::{map_id, WordId};
use crate::count::WordCounts;
use crate::error::Result;
use crate::stats::dispersion::{DispersionAcc, Parts};
use crate::text::chapters::{is_heading, PartUnit};

/// Counts each document's chapters, and keeps its parts' word counts in `unit`s (none for
/// [`PartUnit::Document`]: a document's counts are its part).
///
/// ```
/// use corpus_lens::analyses::parts::{PartCounts, PartTables};
/// use corpus_lens::count::{aggregate::AnyAggregate, engine::Engine};
/// use corpus_lens::{corpus::Corpus, text::chapters::PartUnit};
/// let corpus = Corpus::load_default()?;
/// let denikin = corpus.documents().iter().position(|d| d.id == "denikin1922").unwrap();
/// let corpus = Corpus::new(vec![corpus.documents()[denikin].clone()]);
/// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(PartCounts(PartUnit::Chapter))];
/// let (_, outputs) = Engine::default().run(&corpus, &list)?;
/// let tables = outputs[0].downcast_ref::<PartTables>().unwrap();
/// // The foreword, then CHAPTER I. to CHAPTER XXXIV.
/// assert_eq!(tables.chapters, [35]);
/// assert_eq!(tables.parts.documents[0].len(), 35);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct PartCounts(pub PartUnit);

/// One document's partial result.
///
/// ```
/// use corpus_lens::analyses::parts::{DocumentParts, PartCounts};
/// use corpus_lens::count::aggregate::{Aggregate, Partial};
/// use corpus_lens::text::chapters::PartUnit;
/// let counts = PartCounts(PartUnit::Paragraph);
/// let mut document = DocumentParts::default();
/// Aggregate::add(&counts, &mut document, (false, 3, vec![(7, 2), (9, 1)]));
/// Aggregate::close(&counts, &mut document);
/// let tables = Aggregate::finish(&counts, Partial::from_documents(vec![(0, document)])?)?;
/// assert_eq!((tables.chapters[0], tables.parts.documents[0][0].tokens), (1, 3));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct DocumentParts {
    chapters: u64,
    /// Tokens of the chapter so far.
    chapter_tokens: u64,
    /// The open part's counts (chapters).
    open: FxHashMap<WordId, u64>,
    open_tokens: u64,
    parts: Vec<TextPart>,
}

/// A closed [`DocumentParts`] as plain data: its chapters and each part's tokens and words.
pub(crate) type SavedParts = (u64, Vec<(u64, Vec<(WordId, u64)>)>);

/// Maps the word ids of saved parts through `ids` (see [`map_id`]).
///
/// # Errors
///
/// An id outside `ids` ([`crate::Error::Usage`]).
pub(crate) fn remap_parts(saved: &mut SavedParts, ids: &[WordId]) -> Result<()> {
    for (_, words) in &mut saved.1 {
        for (id, _) in words {
            *id = map_id(ids, *id)?;
        }
    }
    Ok(())
}

impl DocumentParts {
    /// The closed document as plain data (for a partial result on disk): its chapters and
    /// parts, word ids of the partial's own vocabulary.
    pub(crate) fn save(&self) -> SavedParts {
        let parts = self.parts.iter().map(|p| (p.tokens, p.words.clone()));
        (self.chapters, parts.collect())
    }

    /// The document [`DocumentParts::save`] gave (its ids already mapped to the run's,
    /// [`remap_parts`]).
    pub(crate) fn load(saved: SavedParts) -> Self {
        let parts = saved.1.into_iter().map(|(tokens, mut words)| {
            words.sort_unstable();
            TextPart { tokens, words }
        });
        DocumentParts {
            chapters: saved.0,
            parts: parts.collect(),
            ..Default::default()
        }
    }

    fn flush(&mut self) {
        if self.open_tokens > 0 {
            let mut words: Vec<(WordId, u64)> = self.open.drain().collect();
            words.sort_unstable();
            self.parts.push(TextPart {
                tokens: self.open_tokens,
                words,
            });
        }
        self.open.clear();
        self.open_tokens = 0;
    }
}

/// What [`PartCounts`] finishes into, per document in index order.
///
/// ```
/// let tables = corpus_lens::analyses::parts::PartTables::default();
/// assert!(tables.chapters.is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct PartTables {
    /// Chapters with at least one counted token, per document.
    pub chapters: Vec<u64>,
    /// The parts (empty lists for [`PartUnit::Document`]).
    pub parts: TextParts,
}

impl Aggregate for PartCounts {
    crate::count::aggregate::no_setup!();
    type Scratch = ();
    /// Whether the paragraph is a chapter heading, its tokens, its `(word, count)` pairs
    /// (none for the document unit).
    type Paragraph = (bool, u32, Vec<(WordId, u32)>);
    type Document = DocumentParts;
    type Output = PartTables;

    fn reads_tokens(&self) -> bool {
        false
    }

    fn count(&self, _: &(), paragraph: &ParagraphView<'_>, _: &mut ()) -> Self::Paragraph {
        let size = paragraph.tokens();
        let words = match self.0 {
            PartUnit::Document => Vec::new(),
            _ => paragraph.words.to_vec(),
        };
        (is_heading(paragraph.original), size, words)
    }

    fn open(&self, _: &Spill) -> DocumentParts {
        DocumentParts::default()
    }

    fn add(&self, document: &mut DocumentParts, (heading, size, words): Self::Paragraph) {
        if heading && document.chapter_tokens > 0 {
            document.chapters += 1;
            document.chapter_tokens = 0;
            if self.0 == PartUnit::Chapter {
                document.flush();
            }
        }
        document.chapter_tokens += size as u64;
        match self.0 {
            PartUnit::Document => {}
            PartUnit::Chapter => {
                document.open_tokens += size as u64;
                for (id, c) in words {
                    *document.open.entry(id).or_default() += c as u64;
                }
            }
            PartUnit::Paragraph => {
                if size > 0 {
                    let mut words: Vec<(WordId, u64)> =
                        words.into_iter().map(|(id, c)| (id, c as u64)).collect();
                    words.sort_unstable();
                    document.parts.push(TextPart {
                        tokens: size as u64,
                        words,
                    });
                }
            }
        }
    }

    fn close(&self, document: &mut DocumentParts) {
        if document.chapter_tokens > 0 {
            document.chapters += 1;
            document.chapter_tokens = 0;
        }
        document.flush();
        document.open = FxHashMap::default();
    }

    fn finish(&self, partial: Partial<DocumentParts>) -> Result<PartTables> {
        let documents = partial.into_documents();
        Ok(PartTables {
            chapters: documents.iter().map(|(_, d)| d.chapters).collect(),
            parts: TextParts {
                unit: self.0,
                documents: documents.into_iter().map(|(_, d)| d.parts).collect(),
            },
        })
    }
}

/// Range and dispersion of `words` (sorted by id, with their totals) over `parts`, in place;
/// returns the parts' summary. Words are accumulated part by part in text order, so the sums
/// are the same in any run.
///
/// ```
/// use corpus_lens::analyses::parts::redisperse;
/// use corpus_lens::compare::TextPart;
/// use corpus_lens::count::WordCounts;
/// use corpus_lens::dispersion::dispersion_of;
/// let parts = [TextPart { tokens: 4, words: vec![(0, 1)] }, TextPart { tokens: 6, words: vec![(0, 3)] }];
/// let mut words = vec![WordCounts { id: 0, freq: 4, range: 0, dispersion: dispersion_of(&[]) }];
/// let summary = redisperse(&mut words, parts.iter());
/// assert_eq!((summary.count, words[0].range), (2, 2));
/// assert!((words[0].dispersion.dp - dispersion_of(&[(1, 4), (3, 6)]).dp).abs() < 1e-12);
/// ```
pub fn redisperse<'a>(
    words: &mut [WordCounts],
    parts: impl Iterator<Item = &'a TextPart> + Clone,
) -> Parts {
    let summary = Parts::from_sizes(parts.clone().map(|p| p.tokens));
    let size = words.last().map_or(0, |w| w.id as usize + 1);
    let mut slot = vec![usize::MAX; size];
    for (k, w) in words.iter().enumerate() {
        slot[w.id as usize] = k;
    }
    let mut accs = vec![DispersionAcc::default(); words.len()];
    let mut ranges = vec![0u64; words.len()];
    for part in parts.filter(|p| p.tokens > 0) {
        for &(id, c) in &part.words {
            let Some(&k) = slot.get(id as usize).filter(|&&k| k != usize::MAX) else {
                continue;
            };
            ranges[k] += 1;
            accs[k].add(c, part.tokens, words[k].freq, &summary);
        }
    }
    for ((w, acc), range) in words.iter_mut().zip(&accs).zip(ranges) {
        w.range = range;
        w.dispersion = acc.finish(&summary);
    }
    summary
}
