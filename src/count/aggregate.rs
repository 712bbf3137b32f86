//! The analysis trait ([`Aggregate`]): what every analysis the engine drives does, in the
//! three steps of an aggregation engine (Beam's `CombineFn`, DataFusion's `Accumulator`).
//!
//! Takes each paragraph's tokens once, as a [`ParagraphView`]; gives whatever the analysis
//! finishes into (its rows' input). The steps:
//!
//! 1. **count** a paragraph (in parallel, in any order) into what it contributes, and **add**
//!    that to its document's partial result (in paragraph order);
//! 2. **merge** two partial results ([`Partial`]): partials hold whole documents keyed by
//!    their index in the corpus, so merging is a union of disjoint keys, associative and
//!    independent of grouping and order by construction;
//! 3. **finish** the merged partial into the output, documents in corpus order. Float sums,
//!    sorting and tie-breaks happen here, so no grouping shows in the output.
//!
//! The engine ([`crate::count::engine`]) holds a list of [`AnyAggregate`] (the trait with
//! its types erased) and knows none of them by name.

use std::any::Any;
use std::ops::Range;

use crate::corpus::Document;
use crate::count::spill::Spill;
use crate::count::vocab::WordId;
use crate::error::{Error, Result};
use crate::text::normalize::Normalized;

/// One paragraph as every analysis sees it: its text, its counted tokens (words, and
/// numbers with `keep_numbers`) and their counts, made once by the engine's token pass.
///
/// `ids`, `spans` and `sentence_of` are empty when no analysis of the run reads them
/// ([`Aggregate::reads_tokens`]).
///
/// ```
/// use corpus_lens::count::aggregate::ParagraphView;
/// use corpus_lens::normalize::normalize;
/// let normalized = normalize("The Soviet met.");
/// let view = ParagraphView {
///     original: "The Soviet met.",
///     normalized: &normalized,
///     offset: 0,
///     line: 1,
///     exact: true,
///     page: None,
///     ids: &[3, 4, 5],
///     spans: &[0..3, 4..10, 11..14],
///     sentence_of: &[0, 0, 0],
///     sentences: &[0..15],
///     words: &[(3, 1), (4, 1), (5, 1)],
/// };
/// assert_eq!(view.surface(1), "Soviet");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ParagraphView<'a> {
    /// The paragraph as read.
    pub original: &'a str,
    /// Its normalized text, with the map back to `original`.
    pub normalized: &'a Normalized<'a>,
    /// Byte offset of the paragraph in its file.
    pub offset: u64,
    /// Line of the paragraph in its file, from 1.
    pub line: u64,
    /// True when `original` stands verbatim at `offset` in the file (plain text); false for
    /// text taken out of markup (see [`crate::text::read::Paragraph::exact`]).
    pub exact: bool,
    /// The paragraph's page (TEI `<pb n>`) or EPUB member, if any.
    pub page: Option<&'a str>,
    /// Each counted token's word id.
    pub ids: &'a [WordId],
    /// Each counted token's span in the normalized text.
    pub spans: &'a [Range<usize>],
    /// Each counted token's sentence, from 0.
    pub sentence_of: &'a [u32],
    /// The sentences' spans in the normalized text.
    pub sentences: &'a [Range<usize>],
    /// The paragraph's counted words as `(word id, count)` pairs, each word once, in the
    /// order of their first occurrence.
    pub words: &'a [(WordId, u32)],
}

impl ParagraphView<'_> {
    /// Token `i` as written in the normalized text.
    ///
    /// ```
    /// # use corpus_lens::{count::aggregate::ParagraphView, normalize::normalize};
    /// let normalized = normalize("Kerensky fled.");
    /// let view = ParagraphView { original: "Kerensky fled.", normalized: &normalized, offset: 0,
    ///     line: 1, exact: true, page: None,
    ///     ids: &[7, 8], spans: &[0..8, 9..13], sentence_of: &[0, 0], sentences: &[0..14],
    ///     words: &[(7, 1), (8, 1)] };
    /// assert_eq!(view.surface(0), "Kerensky");
    /// ```
    pub fn surface(&self, i: usize) -> &str {
        &self.normalized.as_str()[self.spans[i].clone()]
    }

    /// The byte offset and line (from 1) in the file of byte `at` of `original`: exact for
    /// plain text; the paragraph's own for text taken out of markup.
    ///
    /// ```
    /// # use corpus_lens::{count::aggregate::ParagraphView, normalize::normalize};
    /// let normalized = normalize("Kerensky\nfled.");
    /// let view = ParagraphView { original: "Kerensky\nfled.", normalized: &normalized, offset: 40,
    ///     line: 3, exact: true, page: None, ids: &[], spans: &[], sentence_of: &[], sentences: &[],
    ///     words: &[] };
    /// assert_eq!(view.place_of(9), (49, 4)); // "fled", on the next line
    /// ```
    pub fn place_of(&self, at: usize) -> (u64, u64) {
        crate::text::read::place_in(self.offset, self.line, self.exact, self.original, at)
    }

    /// The paragraph's counted tokens: the sum of the counts in `words` (known even when
    /// `ids` is empty).
    ///
    /// ```
    /// # use corpus_lens::{count::aggregate::ParagraphView, normalize::normalize};
    /// let normalized = normalize("The Soviet, the Soviet.");
    /// let view = ParagraphView { original: "The Soviet, the Soviet.", normalized: &normalized,
    ///     offset: 0, line: 1, exact: true, page: None, ids: &[], spans: &[], sentence_of: &[],
    ///     sentences: &[0..23], words: &[(3, 2), (4, 2)] };
    /// assert_eq!(view.tokens(), 4);
    /// ```
    pub fn tokens(&self) -> u32 {
        self.words.iter().map(|w| w.1).sum()
    }
}

/// The [`Aggregate`] setup of an analysis that needs nothing of a document: `Setup = ()`
/// and a `setup` that returns it.
macro_rules! no_setup {
    () => {
        type Setup = ();

        fn setup(&self, _: &$crate::corpus::Document) -> $crate::error::Result<()> {
            Ok(())
        }
    };
}
pub(crate) use no_setup;

/// A partial result: whole documents, each under its index in the corpus, in index order.
///
/// ```
/// use corpus_lens::count::aggregate::Partial;
/// let a = Partial::from_documents(vec![(0, "a"), (2, "c")])?;
/// let b = Partial::from_documents(vec![(1, "b")])?;
/// let merged = a.merge(b)?;
/// assert_eq!(merged.documents(), [(0, "a"), (1, "b"), (2, "c")]);
/// // A document is never in two partials.
/// assert!(merged.clone().merge(Partial::from_documents(vec![(1, "x")])?).is_err());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Partial<D> {
    documents: Vec<(usize, D)>,
}

impl<D> Default for Partial<D> {
    fn default() -> Self {
        Partial {
            documents: Vec::new(),
        }
    }
}

impl<D> Partial<D> {
    /// A partial of these documents (any order).
    ///
    /// # Errors
    ///
    /// If a document index occurs twice ([`Error::Usage`]).
    ///
    /// ```
    /// use corpus_lens::count::aggregate::Partial;
    /// let p = Partial::from_documents(vec![(3, 'x'), (1, 'y')])?;
    /// assert_eq!(p.documents(), [(1, 'y'), (3, 'x')]);
    /// assert!(Partial::from_documents(vec![(1, 'a'), (1, 'b')]).is_err());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn from_documents(mut documents: Vec<(usize, D)>) -> Result<Partial<D>> {
        documents.sort_by_key(|d| d.0);
        if let Some(w) = documents.windows(2).find(|w| w[0].0 == w[1].0) {
            return Err(Error::Usage(format!(
                "document {} is in two partial results; a document is counted once",
                w[0].0
            )));
        }
        Ok(Partial { documents })
    }

    /// The documents, in index order.
    ///
    /// ```
    /// use corpus_lens::count::aggregate::Partial;
    /// assert!(Partial::<u8>::default().documents().is_empty());
    /// ```
    pub fn documents(&self) -> &[(usize, D)] {
        &self.documents
    }

    /// The documents, in index order, taken out.
    ///
    /// ```
    /// use corpus_lens::count::aggregate::Partial;
    /// let p = Partial::from_documents(vec![(0, 'a')])?;
    /// assert_eq!(p.into_documents(), [(0, 'a')]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn into_documents(self) -> Vec<(usize, D)> {
        self.documents
    }

    /// The union of two partials: associative and commutative, since the documents are
    /// disjoint and kept in index order.
    ///
    /// # Errors
    ///
    /// If both hold the same document ([`Error::Usage`]).
    ///
    /// ```
    /// use corpus_lens::count::aggregate::Partial;
    /// let p = |d: Vec<(usize, u8)>| Partial::from_documents(d).unwrap();
    /// let left = p(vec![(0, 1)]).merge(p(vec![(1, 2)]))?.merge(p(vec![(2, 3)]))?;
    /// let right = p(vec![(2, 3)]).merge(p(vec![(1, 2)]).merge(p(vec![(0, 1)]))?)?;
    /// assert_eq!(left, right);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn merge(self, other: Partial<D>) -> Result<Partial<D>> {
        let mut documents = self.documents;
        documents.extend(other.documents);
        Partial::from_documents(documents)
    }

    /// Applies `f` to every document.
    fn map<E>(self, f: impl FnMut((usize, D)) -> (usize, E)) -> Partial<E> {
        Partial {
            documents: self.documents.into_iter().map(f).collect(),
        }
    }
}

/// An analysis the engine drives: count a paragraph, add it to its document's partial,
/// merge partials, finish into the output. Put a value of it in a list of
/// [`AnyAggregate`] and the engine runs it.
///
/// ```
/// use corpus_lens::count::aggregate::{Aggregate, ParagraphView, Partial};
/// use corpus_lens::{corpus::Document, spill::Spill};
///
/// /// Sentences per document.
/// struct Sentences;
///
/// impl Aggregate for Sentences {
///     type Setup = ();
///     type Scratch = ();
///     type Paragraph = u64;
///     type Document = u64;
///     type Output = Vec<u64>;
///     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
///     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
///     fn open(&self, _: &Spill) -> u64 { 0 }
///     fn add(&self, document: &mut u64, paragraph: u64) { *document += paragraph }
///     fn finish(&self, partial: Partial<u64>) -> corpus_lens::Result<Vec<u64>> {
///         Ok(partial.into_documents().into_iter().map(|d| d.1).collect())
///     }
/// }
///
/// let p = |d| Partial::from_documents(d).unwrap();
/// let merged = Aggregate::merge(&Sentences, p(vec![(1, 4)]), p(vec![(0, 7)]))?;
/// assert_eq!(Aggregate::finish(&Sentences, merged)?, [7, 4]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub trait Aggregate: Send + Sync {
    /// What counting needs to know about a document (the framer of its manifest entry ...).
    type Setup: Send + Sync + 'static;
    /// Reusable buffers of one worker thread.
    type Scratch: Default + Send + 'static;
    /// What one paragraph contributes.
    type Paragraph: Send + 'static;
    /// One document's partial result.
    type Document: Send + 'static;
    /// What the merged partials finish into.
    type Output: Send + 'static;

    /// The setup of a document, before its paragraphs are counted.
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Sentences)];
    /// let setup = list[0].setup(&Document::bare("d", "d.txt"))?;
    /// assert!(setup.downcast_ref::<()>().is_some());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn setup(&self, document: &Document) -> Result<Self::Setup>;

    /// Whether [`Aggregate::count`] reads the paragraph's token sequence (the view's
    /// `ids`, `spans` and `sentence_of`). Default: true; an analysis that needs only the
    /// paragraph's `(word, count)` pairs says false, and when no analysis of a run reads
    /// them the token pass does not make them.
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// assert!(Aggregate::reads_tokens(&Sentences));
    /// ```
    fn reads_tokens(&self) -> bool {
        true
    }

    /// What one paragraph contributes (run in parallel, paragraphs in any order).
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Sentences)];
    /// let (counts, outputs) = Engine::default().run(&corpus, &list)?;
    /// let per_document = outputs[0].downcast_ref::<Vec<u64>>().unwrap();
    /// assert_eq!(per_document[0], counts.documents[0].counts.sentences);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn count(
        &self,
        setup: &Self::Setup,
        paragraph: &ParagraphView<'_>,
        scratch: &mut Self::Scratch,
    ) -> Self::Paragraph;

    /// An empty document; `spill` is the run's memory budget for logs that grow with the
    /// corpus (see [`crate::count::spill`]).
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// assert_eq!(Aggregate::open(&Sentences, &Spill::new(0)), 0);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn open(&self, spill: &Spill) -> Self::Document;

    /// Adds the next paragraph of a document (paragraphs in order).
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let mut document = Aggregate::open(&Sentences, &Spill::new(0));
    /// Aggregate::add(&Sentences, &mut document, 3);
    /// assert_eq!(document, 3);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn add(&self, document: &mut Self::Document, paragraph: Self::Paragraph);

    /// Closes a document after its last paragraph. Default: nothing to do.
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let mut document = 2;
    /// Aggregate::close(&Sentences, &mut document); // nothing to do for this one
    /// assert_eq!(document, 2);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn close(&self, document: &mut Self::Document) {
        let _ = document;
    }

    /// Merges two partials (any grouping and order gives the same result).
    ///
    /// # Errors
    ///
    /// If a document is in both.
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let p = |d| Partial::from_documents(d).unwrap();
    /// let merged = Aggregate::merge(&Sentences, p(vec![(1, 4)]), p(vec![(0, 7)]))?;
    /// assert_eq!(merged.documents(), [(0, 7), (1, 4)]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn merge(
        &self,
        a: Partial<Self::Document>,
        b: Partial<Self::Document>,
    ) -> Result<Partial<Self::Document>> {
        a.merge(b)
    }

    /// The output of the merged partials.
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let merged = Partial::from_documents(vec![(1, 4), (0, 7)])?;
    /// assert_eq!(Aggregate::finish(&Sentences, merged)?, [7, 4]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn finish(&self, partial: Partial<Self::Document>) -> Result<Self::Output>;
}

/// A value of any type that can move between threads.
pub type Boxed = Box<dyn Any + Send>;
/// A value of any type that threads can share.
pub type Shared = Box<dyn Any + Send + Sync>;

/// [`Aggregate`] with its types erased, so that the engine can hold a list of analyses of
/// different types. Every [`Aggregate`] is one; its methods take and give the boxed
/// types of the same aggregate (anything else panics).
///
/// ```
/// use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
/// # use corpus_lens::{corpus::Document, spill::Spill};
/// # struct Paragraphs;
/// # impl Aggregate for Paragraphs {
/// #     type Setup = (); type Scratch = (); type Paragraph = (); type Document = u64; type Output = u64;
/// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
/// #     fn count(&self, _: &(), _: &ParagraphView<'_>, _: &mut ()) {}
/// #     fn open(&self, _: &Spill) -> u64 { 0 }
/// #     fn add(&self, d: &mut u64, _: ()) { *d += 1 }
/// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<u64> { Ok(p.documents().iter().map(|d| d.1).sum()) }
/// # }
/// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Paragraphs)];
/// let mut doc = list[0].open(&Spill::new(0));
/// list[0].add(&mut *doc, Box::new(()));
/// let out = list[0].finish(Partial::from_documents(vec![(0, doc)])?)?;
/// assert_eq!(*out.downcast::<u64>().unwrap(), 1);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub trait AnyAggregate: Send + Sync {
    /// [`Aggregate::setup`].
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Sentences)];
    /// let setup = list[0].setup(&Document::bare("d", "d.txt"))?;
    /// assert!(setup.downcast_ref::<()>().is_some());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn setup(&self, document: &Document) -> Result<Shared>;
    /// A fresh [`Aggregate::Scratch`].
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Sentences)];
    /// assert!(list[0].scratch().downcast_ref::<()>().is_some());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn scratch(&self) -> Boxed;
    /// [`Aggregate::reads_tokens`].
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Sentences)];
    /// assert!(list[0].reads_tokens());
    /// ```
    fn reads_tokens(&self) -> bool;
    /// [`Aggregate::count`].
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
    /// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Sentences)];
    /// let (counts, outputs) = Engine::default().run(&corpus, &list)?;
    /// let per_document = outputs[0].downcast_ref::<Vec<u64>>().unwrap();
    /// assert_eq!(per_document[0], counts.documents[0].counts.sentences);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn count(&self, setup: &Shared, paragraph: &ParagraphView<'_>, scratch: &mut Boxed) -> Boxed;
    /// [`Aggregate::open`].
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Sentences)];
    /// assert_eq!(*list[0].open(&Spill::new(0)).downcast::<u64>().unwrap(), 0);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn open(&self, spill: &Spill) -> Boxed;
    /// [`Aggregate::add`].
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Sentences)];
    /// let mut document = list[0].open(&Spill::new(0));
    /// list[0].add(&mut *document, Box::new(3u64));
    /// assert_eq!(*document.downcast::<u64>().unwrap(), 3);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn add(&self, document: &mut (dyn Any + Send), paragraph: Boxed);
    /// [`Aggregate::close`].
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Sentences)];
    /// let mut document = list[0].open(&Spill::new(0));
    /// list[0].close(&mut *document);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn close(&self, document: &mut (dyn Any + Send));
    /// [`Aggregate::merge`].
    ///
    /// # Errors
    ///
    /// If a document is in both.
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Sentences)];
    /// let p = |i: usize| Partial::from_documents(vec![(i, list[0].open(&Spill::new(0)))]).unwrap();
    /// assert_eq!(list[0].merge(p(1), p(0))?.documents().len(), 2);
    /// assert!(list[0].merge(p(0), p(0)).is_err());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn merge(&self, a: Partial<Boxed>, b: Partial<Boxed>) -> Result<Partial<Boxed>>;
    /// [`Aggregate::finish`].
    ///
    /// # Errors
    ///
    /// As the aggregate's own.
    ///
    /// ```
    /// # use corpus_lens::count::aggregate::{Aggregate, AnyAggregate, ParagraphView, Partial};
    /// # use corpus_lens::{corpus::{Corpus, Document}, count::engine::Engine, spill::Spill};
    /// # struct Sentences;
    /// # impl Aggregate for Sentences {
    /// #     type Setup = (); type Scratch = (); type Paragraph = u64; type Document = u64; type Output = Vec<u64>;
    /// #     fn setup(&self, _: &Document) -> corpus_lens::Result<()> { Ok(()) }
    /// #     fn count(&self, _: &(), p: &ParagraphView<'_>, _: &mut ()) -> u64 { p.sentences.len() as u64 }
    /// #     fn open(&self, _: &Spill) -> u64 { 0 }
    /// #     fn add(&self, d: &mut u64, p: u64) { *d += p }
    /// #     fn finish(&self, p: Partial<u64>) -> corpus_lens::Result<Vec<u64>> { Ok(p.into_documents().into_iter().map(|d| d.1).collect()) }
    /// # }
    /// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Sentences)];
    /// let partial = Partial::from_documents(vec![(0, list[0].open(&Spill::new(0)))])?;
    /// assert_eq!(*list[0].finish(partial)?.downcast::<Vec<u64>>().unwrap(), [0]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    fn finish(&self, partial: Partial<Boxed>) -> Result<Boxed>;
}

fn cast<T: 'static>(value: Boxed) -> T {
    *value
        .downcast::<T>()
        .unwrap_or_else(|_| panic!("a value of another aggregate"))
}

fn cast_mut<T: 'static>(value: &mut (dyn Any + Send)) -> &mut T {
    value
        .downcast_mut::<T>()
        .unwrap_or_else(|| panic!("a value of another aggregate"))
}

impl<A: Aggregate> AnyAggregate for A {
    fn setup(&self, document: &Document) -> Result<Shared> {
        Ok(Box::new(Aggregate::setup(self, document)?))
    }

    fn scratch(&self) -> Boxed {
        Box::new(A::Scratch::default())
    }

    fn reads_tokens(&self) -> bool {
        Aggregate::reads_tokens(self)
    }

    fn count(&self, setup: &Shared, paragraph: &ParagraphView<'_>, scratch: &mut Boxed) -> Boxed {
        let setup = setup
            .downcast_ref::<A::Setup>()
            .unwrap_or_else(|| panic!("a value of another aggregate"));
        let scratch = cast_mut::<A::Scratch>(&mut **scratch);
        Box::new(Aggregate::count(self, setup, paragraph, scratch))
    }

    fn open(&self, spill: &Spill) -> Boxed {
        Box::new(Aggregate::open(self, spill))
    }

    fn add(&self, document: &mut (dyn Any + Send), paragraph: Boxed) {
        Aggregate::add(self, cast_mut(document), cast(paragraph));
    }

    fn close(&self, document: &mut (dyn Any + Send)) {
        Aggregate::close(self, cast_mut(document));
    }

    fn merge(&self, a: Partial<Boxed>, b: Partial<Boxed>) -> Result<Partial<Boxed>> {
        let typed = |p: Partial<Boxed>| p.map(|(i, d)| (i, cast::<A::Document>(d)));
        let merged = Aggregate::merge(self, typed(a), typed(b))?;
        Ok(merged.map(|(i, d)| (i, Box::new(d) as Boxed)))
    }

    fn finish(&self, partial: Partial<Boxed>) -> Result<Boxed> {
        let typed = partial.map(|(i, d)| (i, cast::<A::Document>(d)));
        Ok(Box::new(Aggregate::finish(self, typed)?))
    }
}
