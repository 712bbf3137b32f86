//! Collocation windows and KWIC lines as an analysis of the engine ([`Windows`]): each
//! paragraph's node occurrences, window counts and concordance lines, added up per document
//! ([`DocumentWindows`](crate::analyses::collocate::DocumentWindows)).

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::analyses::collocate::kwic::{DocumentWindows, KwicLines};
use crate::analyses::collocate::windows::{
    count_windows, KwicLine, ParagraphWindows, WindowOptions,
};
use crate::analyses::lemmas::LemmaScratch;
use crate::count::aggregate::{Aggregate, ParagraphView, Partial};
use crate::count::nodes::{MatchBy, MatchCache};
use crate::count::spill::{Chunks, Spill};
use crate::count::vocab::{map_id, WordId};
use crate::error::Result;
use crate::text::tokenize::fold_case;

/// A document's windows while it is counted.
#[derive(Debug)]
pub struct OpenWindows {
    /// Paragraphs added.
    paragraphs: u64,
    spill: Spill,
    windows: Option<DocumentWindows>,
    sums: FxHashMap<(u16, WordId), (u64, u64)>,
}

/// A closed [`OpenWindows`] as plain data: what a partial result on disk holds (word ids
/// of the partial's own vocabulary).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct SavedWindows {
    paragraphs: u64,
    /// `(node_freq, pairs, KWIC lines, KWIC log chunks)`.
    windows: Option<SavedWindow>,
}

/// `(node_freq, pairs, KWIC lines, KWIC log chunks)` of a [`DocumentWindows`].
type SavedWindow = (Vec<u64>, Vec<(u16, WordId, u64, u64)>, u64, Chunks);

impl OpenWindows {
    /// The closed document as plain data.
    pub(crate) fn save(&self) -> Result<SavedWindows> {
        let windows = match &self.windows {
            None => None,
            Some(w) => {
                let (lines, chunks) = w.kwic.save()?;
                Some((w.node_freq.clone(), w.pairs.clone(), lines, chunks))
            }
        };
        Ok(SavedWindows {
            paragraphs: self.paragraphs,
            windows,
        })
    }

    /// The document [`OpenWindows::save`] gave (its ids already mapped to the run's,
    /// [`SavedWindows::remap`]), its KWIC log under this budget.
    pub(crate) fn load(saved: SavedWindows, spill: &Spill) -> OpenWindows {
        let windows = saved.windows.map(|(node_freq, mut pairs, lines, chunks)| {
            pairs.sort_unstable();
            DocumentWindows {
                node_freq,
                pairs,
                kwic: KwicLines::load(spill.clone(), lines, chunks),
            }
        });
        OpenWindows {
            paragraphs: saved.paragraphs,
            spill: spill.clone(),
            windows,
            sums: FxHashMap::default(),
        }
    }
}

impl SavedWindows {
    /// Maps the collocates' word ids through `ids` (see [`map_id`]).
    ///
    /// # Errors
    ///
    /// An id outside `ids` ([`crate::Error::Usage`]).
    pub(crate) fn remap(&mut self, ids: &[WordId]) -> Result<()> {
        if let Some((_, pairs, _, _)) = &mut self.windows {
            for (_, id, _, _) in pairs {
                *id = map_id(ids, *id)?;
            }
        }
        Ok(())
    }
}

/// Reusable buffers of one worker.
#[derive(Debug, Default)]
pub struct WindowScratch {
    matches: MatchCache,
    masks: Vec<u64>,
    occurrences: Vec<(usize, usize, usize)>,
    folded: String,
    lemmas: LemmaScratch,
    /// Each lemma's mask (a lemma depends on its sentence, so the cache is by lemma, not id).
    lemma_masks: FxHashMap<String, u64>,
}

/// Counts collocation windows and KWIC lines around the nodes: an [`Aggregate`] whose
/// output is each document's [`DocumentWindows`] (`None` for a document without a counted
/// paragraph), in corpus order.
///
/// ```
/// use corpus_lens::collocate::{DocumentWindows, WindowOptions, Windows};
/// use corpus_lens::count::{aggregate::AnyAggregate, engine::Engine};
/// use corpus_lens::{corpus::Corpus, nodes::{MatchBy, NodeSet}};
/// let options = WindowOptions::new(NodeSet::new(&["soviet"], MatchBy::Stem, false)?);
/// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Windows(options.into()))];
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let (_, outputs) = Engine::default().run(&corpus, &list)?;
/// let windows = outputs.into_iter().next().unwrap().downcast::<Vec<Option<DocumentWindows>>>().unwrap();
/// assert!(windows[0].as_ref().unwrap().node_freq[0] > 10);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Windows(pub Arc<WindowOptions>);

impl Aggregate for Windows {
    crate::count::aggregate::no_setup!();
    type Scratch = WindowScratch;
    type Paragraph = ParagraphWindows;
    type Document = OpenWindows;
    type Output = Vec<Option<DocumentWindows>>;

    fn count(
        &self,
        _: &(),
        paragraph: &ParagraphView<'_>,
        scratch: &mut WindowScratch,
    ) -> ParagraphWindows {
        let options = &*self.0;
        scratch.masks.clear();
        if options.nodes.by() == MatchBy::Lemma {
            lemma_masks(paragraph, options, scratch);
            return paragraph_windows(paragraph, options, scratch);
        }
        for (i, &id) in paragraph.ids.iter().enumerate() {
            // The cache is by id: the word is folded only the first time an id is seen.
            let nodes = &options.nodes;
            let WindowScratch {
                matches, folded, ..
            } = scratch;
            let mask = nodes.mask_with(matches, id, move || {
                fold_case(paragraph.surface(i), folded);
                folded.as_str()
            });
            scratch.masks.push(mask);
        }
        paragraph_windows(paragraph, options, scratch)
    }

    fn open(&self, spill: &Spill) -> OpenWindows {
        OpenWindows {
            paragraphs: 0,
            spill: spill.clone(),
            windows: None,
            sums: FxHashMap::default(),
        }
    }

    fn add(&self, document: &mut OpenWindows, p: ParagraphWindows) {
        let paragraph = document.paragraphs;
        document.paragraphs += 1;
        let spill = &document.spill;
        let windows = document.windows.get_or_insert_with(|| DocumentWindows {
            kwic: KwicLines::with_spill(spill.clone()),
            ..Default::default()
        });
        if windows.node_freq.len() < p.node_freq.len() {
            windows.node_freq.resize(p.node_freq.len(), 0);
        }
        for (total, n) in windows.node_freq.iter_mut().zip(&p.node_freq) {
            *total += *n as u64;
        }
        for (node, id, l, r) in p.pairs {
            let e = document.sums.entry((node, id)).or_default();
            e.0 += l as u64;
            e.1 += r as u64;
        }
        for k in &p.kwic {
            windows.kwic.push(paragraph, k);
        }
    }

    fn close(&self, document: &mut OpenWindows) {
        if let Some(windows) = document.windows.as_mut() {
            windows.kwic.finish();
            windows.pairs = document
                .sums
                .drain()
                .map(|((node, id), (l, r))| (node, id, l, r))
                .collect();
            windows.pairs.sort_unstable();
        }
    }

    fn finish(&self, partial: Partial<OpenWindows>) -> Result<Vec<Option<DocumentWindows>>> {
        Ok(partial
            .into_documents()
            .into_iter()
            .map(|(_, d)| d.windows)
            .collect())
    }
}

/// The node masks of a paragraph's tokens by their lemmas, into `scratch.masks`: none
/// without the tagger, and 0 for a token whose tag `options.pos` leaves out.
fn lemma_masks(
    paragraph: &ParagraphView<'_>,
    options: &WindowOptions,
    scratch: &mut WindowScratch,
) {
    let WindowScratch {
        masks,
        lemmas,
        lemma_masks,
        ..
    } = scratch;
    masks.resize(paragraph.ids.len(), 0);
    let Some(tagger) = &options.lemmas else {
        return;
    };
    tagger.token_lemmas(paragraph, lemmas, |i, lemma, upos| {
        let keep = options
            .pos
            .as_ref()
            .is_none_or(|p| p.iter().any(|t| t == upos));
        masks[i] = match lemma_masks.get(lemma) {
            _ if !keep => 0,
            Some(&m) => m,
            None => {
                let m = options.nodes.mask_of(lemma);
                lemma_masks.insert(lemma.to_string(), m);
                m
            }
        };
    });
}

/// Node occurrences, window counts and KWIC lines of one paragraph, from its node masks
/// in `scratch`.
fn paragraph_windows(
    paragraph: &ParagraphView<'_>,
    options: &WindowOptions,
    scratch: &mut WindowScratch,
) -> ParagraphWindows {
    let text = paragraph.normalized.as_str();
    let (spans, sentences) = (paragraph.spans, paragraph.sentence_of);
    scratch.occurrences.clear();
    options.nodes.occurrences(
        &scratch.masks,
        sentences,
        |i| &text[spans[i].clone()],
        &mut scratch.occurrences,
    );
    let mut windows = count_windows(paragraph.ids, sentences, &scratch.occurrences, options);
    if options.kwic_width > 0 {
        let (original, normalized) = (paragraph.original, paragraph.normalized);
        let orig = |i: usize| normalized.original_range(spans[i].clone());
        let n = spans.len();
        for &(node, start, len) in &scratch.occurrences {
            let end = start + len;
            let node_span = orig(start).start..orig(end - 1).end;
            let left_from = orig(start.saturating_sub(options.kwic_width)).start;
            let right_to = orig((end + options.kwic_width).min(n) - 1).end;
            let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            let (byte_offset, line) = paragraph.place_of(node_span.start);
            windows.kwic.push(KwicLine {
                line,
                byte_offset,
                page: paragraph.page.unwrap_or_default().to_string(),
                node: node as u16,
                sentence: sentences[start],
                token_index: start as u32,
                left: fold(&original[left_from..node_span.start]),
                text: fold(&original[node_span.clone()]),
                right: fold(&original[node_span.end..right_to]),
            });
        }
    }
    windows
}
