//! The body of a partial file: a CBOR sequence (RFC 8742) of the partial's word lists
//! ([`Lists`]), then one item per document ([`SavedDocument`]), so that a reader holds one
//! document at a time. Each analysis's state is saved with word ids of the partial's own
//! lists; [`SavedDocument::remap`] maps them to another list's (a merge's).

use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::analyses::collocate::{OpenWindows, SavedWindows};
use crate::analyses::frequencies::{FreqDocument, SavedFreq};
use crate::analyses::lemmas::{LemmaDocument, SavedLemmas};
use crate::analyses::ngrams::{remap_ngrams, NgramCounts, SavedNgrams};
use crate::analyses::parts::{remap_parts, DocumentParts, SavedParts};
use crate::analyses::sketch::{RelationCounts, SavedRelations};
use crate::corpus::Document;
use crate::count::aggregate::Boxed;
use crate::count::engine::DocumentResult;
use crate::count::spill::Spill;
use crate::count::vocab::WordId;
use crate::count::DocumentCounts;
use crate::error::{Error, Result};
use crate::framing::actions::{DocumentActions, SavedActions};
use crate::framing::summary::{DocumentFraming, SavedFraming};
use crate::run::CountOptions;
use crate::text::matter::Excluded;

use super::header::bad_file;

/// An analysis whose per-document state a partial holds, in the order of
/// `Analyzer::aggregates`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Frequencies,
    Parts,
    Windows,
    Ngrams,
    Framing,
    Lemmas,
    Relations,
    Actions,
}

/// The analyses of a configuration, in the order `Analyzer::aggregates` lists them.
pub(super) fn kinds(count: &CountOptions) -> Vec<Kind> {
    let optional = [
        (count.windows.is_some(), Kind::Windows),
        (count.ngrams.is_some(), Kind::Ngrams),
        (count.framing.is_some(), Kind::Framing),
        (count.lemmas.is_some(), Kind::Lemmas),
        (count.sketch.is_some(), Kind::Relations),
        (count.actions.is_some(), Kind::Actions),
    ];
    let given = optional.into_iter().filter(|o| o.0).map(|o| o.1);
    [Kind::Frequencies, Kind::Parts]
        .into_iter()
        .chain(given)
        .collect()
}

/// The names of the analyses in the header (`parts:chapter` for parts in chapters ...).
pub(super) fn names(count: &CountOptions) -> Vec<String> {
    let name = |kind: Kind| match kind {
        Kind::Frequencies => "frequencies".to_string(),
        Kind::Parts => match count.parts {
            None => "parts".into(),
            Some(unit) => format!("parts:{unit:?}").to_lowercase(),
        },
        Kind::Windows => "windows".into(),
        Kind::Ngrams => "ngrams".into(),
        Kind::Framing => "framing".into(),
        Kind::Lemmas => "lemmas".into(),
        Kind::Relations => "relations".into(),
        Kind::Actions => "actions".into(),
    };
    kinds(count).into_iter().map(name).collect()
}

/// The first item of a body: the partial's words by id, and its `lemma<TAB>UPOS` pairs by
/// id (empty without lemmas).
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct Lists {
    pub(super) words: Vec<Box<str>>,
    pub(super) lemma_keys: Vec<Box<str>>,
}

/// One document of a partial: where it stands in the corpus, what reading it found, its
/// counts and each analysis's state (`None` for an analysis not run).
#[derive(Serialize, Deserialize)]
pub(super) struct SavedDocument {
    pub(super) index: u64,
    pub(super) document: Document,
    bytes: u64,
    replaced_bytes: u64,
    counts: DocumentCounts,
    excluded: Vec<Excluded>,
    layout: String,
    split_paragraphs: u64,
    frequencies: Option<SavedFreq>,
    parts: Option<SavedParts>,
    windows: Option<SavedWindows>,
    ngrams: Option<SavedNgrams>,
    framing: Option<SavedFraming>,
    lemmas: Option<SavedLemmas>,
    relations: Option<SavedRelations>,
    actions: Option<SavedActions>,
}

fn take<T: 'static>(state: Boxed) -> T {
    *state
        .downcast::<T>()
        .unwrap_or_else(|_| panic!("the state of the analysis listed"))
}

impl SavedDocument {
    /// A counted document (at `index` in the whole corpus) with the states of the analyses
    /// `kinds`, in their order.
    pub(super) fn save(
        index: usize,
        result: DocumentResult,
        kinds: &[Kind],
        states: Vec<Boxed>,
    ) -> Result<SavedDocument> {
        let mut saved = SavedDocument {
            index: index as u64,
            document: result.document,
            bytes: result.bytes,
            replaced_bytes: result.replaced_bytes,
            counts: result.counts,
            excluded: result.excluded,
            layout: result.paragraph_layout.to_string(),
            split_paragraphs: result.split_paragraphs,
            frequencies: None,
            parts: None,
            windows: None,
            ngrams: None,
            framing: None,
            lemmas: None,
            relations: None,
            actions: None,
        };
        for (&kind, state) in kinds.iter().zip(states) {
            match kind {
                Kind::Frequencies => saved.frequencies = Some(take::<FreqDocument>(state).save()?),
                Kind::Parts => saved.parts = Some(take::<DocumentParts>(state).save()),
                Kind::Windows => saved.windows = Some(take::<OpenWindows>(state).save()?),
                Kind::Ngrams => saved.ngrams = Some(take::<NgramCounts>(state).save()),
                Kind::Framing => saved.framing = Some(take::<DocumentFraming>(state).save()?),
                Kind::Lemmas => saved.lemmas = Some(take::<LemmaDocument>(state).save()?),
                Kind::Relations => saved.relations = Some(take::<RelationCounts>(state).save()),
                Kind::Actions => saved.actions = Some(take::<DocumentActions>(state).save()),
            }
        }
        Ok(saved)
    }

    /// Maps its word ids through `words` and its lemma pair ids through `keys` (the ids of
    /// the partial's lists in another list).
    ///
    /// # Errors
    ///
    /// An id outside the lists, a log cut short ([`Error::Usage`]).
    pub(super) fn remap(&mut self, words: &[WordId], keys: &[WordId]) -> Result<()> {
        if let Some(f) = &mut self.frequencies {
            f.remap(words)?;
        }
        if let Some(p) = &mut self.parts {
            remap_parts(p, words)?;
        }
        if let Some(w) = &mut self.windows {
            w.remap(words)?;
        }
        if let Some(n) = &mut self.ngrams {
            remap_ngrams(n, words)?;
        }
        if let Some(l) = &mut self.lemmas {
            l.remap(keys, words)?;
        }
        Ok(())
    }

    /// The document's result and the states of the analyses `kinds`, in their order (ids
    /// already mapped to the run's); its logs under `spill`.
    ///
    /// # Errors
    ///
    /// A state missing or damaged ([`Error::Usage`]).
    pub(super) fn load(
        self,
        kinds: &[Kind],
        spill: &Spill,
    ) -> Result<(DocumentResult, Vec<Boxed>)> {
        let result = DocumentResult {
            document: self.document,
            bytes: self.bytes,
            replaced_bytes: self.replaced_bytes,
            counts: self.counts,
            excluded: self.excluded,
            chapters: 0,
            paragraph_layout: layout_name(&self.layout),
            split_paragraphs: self.split_paragraphs,
        };
        let missing = |kind: Kind| Error::Usage(format!("no state of {kind:?}"));
        let (mut f, mut p, mut w) = (self.frequencies, self.parts, self.windows);
        let (mut n, mut m, mut l) = (self.ngrams, self.framing, self.lemmas);
        let (mut r, mut a) = (self.relations, self.actions);
        let mut states: Vec<Boxed> = Vec::with_capacity(kinds.len());
        for &kind in kinds {
            let none = || missing(kind);
            states.push(match kind {
                Kind::Frequencies => Box::new(FreqDocument::load(f.take().ok_or_else(none)?)?),
                Kind::Parts => Box::new(DocumentParts::load(p.take().ok_or_else(none)?)),
                Kind::Windows => Box::new(OpenWindows::load(w.take().ok_or_else(none)?, spill)),
                Kind::Ngrams => Box::new(NgramCounts::load(n.take().ok_or_else(none)?)),
                Kind::Framing => {
                    let saved = m.take().ok_or_else(none)?;
                    Box::new(DocumentFraming::load(spill.clone(), saved))
                }
                Kind::Lemmas => Box::new(LemmaDocument::load(l.take().ok_or_else(none)?)?),
                Kind::Relations => Box::new(RelationCounts::load(r.take().ok_or_else(none)?)),
                Kind::Actions => Box::new(DocumentActions::load(a.take().ok_or_else(none)?)?),
            });
        }
        Ok((result, states))
    }
}

/// Reads the next CBOR item of a body (`what` names it in an error).
pub(super) fn read_item<T: DeserializeOwned>(
    reader: &mut impl Read,
    path: &Path,
    what: &str,
) -> Result<T> {
    ciborium::from_reader(reader)
        .map_err(|e| bad_file(path, what, format!("unreadable ({e}); count it again")))
}

/// The `paragraph_layout` name of a saved document as the static string the tables take.
fn layout_name(name: &str) -> &'static str {
    match name {
        "blank-line" => "blank-line",
        "line" => "line",
        "auto" => "auto",
        _ => "markup",
    }
}
