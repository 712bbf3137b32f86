//! Framing as an analysis of the engine ([`Framing`]): each paragraph's faction mentions,
//! scored, logged per document ([`DocumentFraming`]).

use crate::corpus::Document;
use crate::count::aggregate::{Aggregate, ParagraphView, Partial};
use crate::count::spill::Spill;
use crate::error::Result;
use crate::framing::framer::Framer;
use crate::framing::score::FramingScratch;
use crate::framing::scored::ParagraphFraming;
use crate::framing::summary::DocumentFraming;
use crate::framing::words::Tokens;
use crate::framing::words::WordFlags;
use crate::text::segment::count_line_breaks;
use crate::text::tokenize::fold_case;

/// Reusable buffers of one worker: the framer's word cache and each token's flags.
#[derive(Debug, Default)]
pub struct FramingWorker {
    framing: FramingScratch,
    flags: Vec<WordFlags>,
    folded: String,
}

/// What one paragraph gives framing: its counted tokens and scored mentions (if any).
#[derive(Debug)]
pub struct FramedParagraph {
    tokens: u32,
    found: Option<ParagraphFraming>,
}

/// Finds and scores faction mentions: an [`Aggregate`] whose output is each document's
/// [`DocumentFraming`], in corpus order.
///
/// ```
/// use corpus_lens::count::{aggregate::AnyAggregate, engine::Engine};
/// use corpus_lens::framing::{summary::DocumentFraming, Context, Framer, Framing};
/// use corpus_lens::{corpus::Corpus, factions::FactionSet, lexicon::Lexicon};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Framing(framer))];
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let (_, outputs) = Engine::default().run(&corpus, &list)?;
/// let framing = outputs.into_iter().next().unwrap().downcast::<Vec<DocumentFraming>>().unwrap();
/// assert!(framing[0].mention_count() > 100);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Framing(pub Framer);

impl Aggregate for Framing {
    type Setup = Framer;
    type Scratch = FramingWorker;
    type Paragraph = FramedParagraph;
    type Document = DocumentFraming;
    type Output = Vec<DocumentFraming>;

    fn setup(&self, document: &Document) -> Result<Framer> {
        self.0.for_document(document)
    }

    fn count(
        &self,
        framer: &Framer,
        paragraph: &ParagraphView<'_>,
        scratch: &mut FramingWorker,
    ) -> FramedParagraph {
        framer.prepare(&mut scratch.framing);
        scratch.flags.clear();
        let mut may_mention = false;
        for (i, &id) in paragraph.ids.iter().enumerate() {
            let mut flags = scratch.framing.flags(id);
            if !flags.is_known() {
                fold_case(paragraph.surface(i), &mut scratch.folded);
                flags = framer.learn_word(id, &scratch.folded, &mut scratch.framing);
            }
            scratch.flags.push(flags);
            may_mention |= flags.can_start_mention();
        }
        let mut found = None;
        if may_mention {
            let tokens = Tokens::of(paragraph, &scratch.flags);
            let (original, normalized) = (paragraph.original, paragraph.normalized);
            let mut scored =
                framer.score_paragraph(original, normalized, tokens, &mut scratch.framing);
            if !scored.mentions.is_empty() {
                scored.offset = paragraph.offset;
                locate(&mut scored, paragraph);
                found = Some(scored);
            }
        }
        FramedParagraph {
            tokens: paragraph.ids.len() as u32,
            found,
        }
    }

    fn open(&self, spill: &Spill) -> DocumentFraming {
        DocumentFraming::with_spill(spill.clone())
    }

    fn add(&self, document: &mut DocumentFraming, paragraph: FramedParagraph) {
        document.add(paragraph.tokens, paragraph.found);
    }

    fn close(&self, document: &mut DocumentFraming) {
        document.finish();
    }

    fn finish(&self, partial: Partial<DocumentFraming>) -> Result<Vec<DocumentFraming>> {
        Ok(partial.into_documents().into_iter().map(|d| d.1).collect())
    }
}

/// Each mention's line in the file (line breaks counted incrementally through the
/// paragraph, mentions being in text order) and page; a paragraph taken out of markup gives
/// every mention its element's place.
fn locate(scored: &mut ParagraphFraming, paragraph: &ParagraphView<'_>) {
    let page = paragraph.page.unwrap_or_default();
    let bytes = paragraph.original.as_bytes();
    let (mut pos, mut line) = (0usize, paragraph.line);
    for m in &mut scored.mentions {
        if paragraph.exact {
            let at = (m.offset as usize).clamp(pos, bytes.len());
            line += count_line_breaks(&bytes[pos..at]);
            pos = at;
        } else {
            m.offset = 0;
        }
        m.line = line;
        m.page.clear();
        m.page.push_str(page);
    }
}
