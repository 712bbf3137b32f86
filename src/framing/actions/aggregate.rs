//! Faction actions as an analysis of the engine ([`Actions`]): each paragraph's faction
//! mentions, the sentences with one parsed, each mention's role logged per document
//! ([`DocumentActions`]).

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::corpus::Document;
use crate::count::aggregate::{Aggregate, ParagraphView, Partial};
use crate::count::spill::Spill;
use crate::error::Result;
use crate::framing::actions::lexicon::AgencyPowerLexicon;
use crate::framing::actions::roles::{role_of, Role};
use crate::framing::framer::Framer;
use crate::framing::score::FramingScratch;
use crate::framing::scored::MentionKind;
use crate::framing::words::Tokens;
use crate::framing::words::WordFlags;
use crate::syntax::conllu::{Sentence, Word};
use crate::text::read::Place;
use crate::text::tokenize::fold_case;

/// What the faction-actions analysis uses: the framer (for its mentions only: factions,
/// "the Government", first-person phrases), the parser and the agency and power lexicon.
///
/// ```
/// use corpus_lens::framing::actions::ActionsSetup;
/// let setup = ActionsSetup::load_default()?;
/// assert!(setup.lexicon.len() >= 100);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Clone)]
pub struct ActionsSetup {
    /// Finds the mentions.
    pub framer: Framer,
    /// Tags, lemmatizes and parses the sentences with a mention.
    pub model: Arc<crate::syntax::Model>,
    /// Agency and power of the verbs.
    pub lexicon: AgencyPowerLexicon,
}

impl ActionsSetup {
    /// The shipped factions, framing lexicon (sentence context), parser and agency and power
    /// lexicon.
    ///
    /// ```
    /// let setup = corpus_lens::framing::actions::ActionsSetup::load_default()?;
    /// assert!(!setup.framer.factions().factions().is_empty());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn load_default() -> Result<ActionsSetup> {
        use crate::framing::{factions::FactionSet, lexicon::Lexicon, Context};
        Ok(ActionsSetup {
            framer: Framer::new(
                FactionSet::load_default()?,
                Lexicon::load_default()?,
                Context::Sentence,
            ),
            model: Arc::new(crate::syntax::Model::load_default()?),
            lexicon: AgencyPowerLexicon::load_default()?,
        })
    }
}

impl std::fmt::Debug for ActionsSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActionsSetup")
            .field("factions", &self.framer.factions().factions().len())
            .field("lexicon", &self.lexicon.len())
            .finish()
    }
}

/// One mention's role, as a paragraph gives it.
///
/// ```
/// use corpus_lens::framing::actions::{Hit, Role};
/// let hit = Hit { faction: 2, role: Role::Patient, verb: "disarm".into(), negated: false, first_person: false };
/// assert_eq!(hit.role.name(), "patient");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index into the factions.
    pub faction: u32,
    /// Agent or patient.
    pub role: Role,
    /// The verb's lemma.
    pub verb: String,
    /// "not", "never" on the verb.
    pub negated: bool,
    /// A first-person phrase ("we") of the author's faction.
    pub first_person: bool,
}

/// What one paragraph gives: its counted tokens and its mentions' roles.
///
/// ```
/// let empty = corpus_lens::framing::actions::ActionParagraph::default();
/// assert!(format!("{empty:?}").contains("hits: []"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct ActionParagraph {
    tokens: u32,
    hits: Vec<Hit>,
    /// Where each hit's mention starts in the file.
    places: Vec<Place>,
}

/// One logged role: its paragraph, faction, role and verb.
///
/// ```
/// use corpus_lens::framing::actions::{DocumentActions, Hit, Role};
/// let mut doc = DocumentActions::default();
/// doc.add(4, vec![Hit { faction: 1, role: Role::Agent, verb: "lead".into(), negated: true, first_person: false }]);
/// let r = doc.records()[0];
/// assert_eq!((r.paragraph, r.faction, r.negated, doc.verb(r.verb)), (0, 1, true, "lead"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// Paragraph index in the document.
    pub paragraph: u32,
    /// Index into the factions.
    pub faction: u32,
    /// Agent or patient.
    pub role: Role,
    /// Index into [`DocumentActions::verb`].
    pub verb: u32,
    /// "not", "never" on the verb.
    pub negated: bool,
    /// A first-person mention.
    pub first_person: bool,
    /// Byte offset of the mention in its file (0 when not known).
    pub byte_offset: u64,
    /// Its line, from 1 (0 when not known).
    pub line: u64,
    /// Its page as an index into [`DocumentActions::page`]; `u32::MAX` for none.
    pub page: u32,
}

/// One document's mention roles, as the engine collects them.
///
/// ```
/// use corpus_lens::framing::actions::{DocumentActions, Hit, Role};
/// let mut doc = DocumentActions::default();
/// let hit = Hit { faction: 0, role: Role::Agent, verb: "seize".into(), negated: false, first_person: false };
/// doc.add(5, vec![hit.clone()]);
/// doc.add(7, vec![hit]);
/// assert_eq!((doc.tokens(), doc.records().len(), doc.verb(0)), (12, 2, "seize"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentActions {
    /// Counted tokens of every paragraph, in order (the bootstrap's clusters).
    pub paragraph_tokens: Vec<u32>,
    records: Vec<Record>,
    verbs: Vec<String>,
    index: FxHashMap<String, u32>,
    pages: Vec<String>,
}

impl DocumentActions {
    /// Adds one paragraph (paragraphs in order): its tokens and its mentions' roles.
    ///
    /// ```
    /// let mut doc = corpus_lens::framing::actions::DocumentActions::default();
    /// doc.add(7, Vec::new());
    /// assert_eq!(doc.paragraph_tokens, [7]);
    /// ```
    pub fn add(&mut self, tokens: u32, hits: Vec<Hit>) {
        let places = vec![Place::default(); hits.len()];
        self.add_placed(tokens, hits, places);
    }

    /// [`DocumentActions::add`] with the place of each hit's mention in the file.
    ///
    /// ```
    /// use corpus_lens::framing::actions::{DocumentActions, Hit, Role};
    /// use corpus_lens::text::read::Place;
    /// let hit = Hit { faction: 0, role: Role::Agent, verb: "seize".into(), negated: false, first_person: false };
    /// let place = Place { byte_offset: 120, line: 4, page: "12".into() };
    /// let mut doc = DocumentActions::default();
    /// doc.add_placed(5, vec![hit], vec![place]);
    /// let r = doc.records()[0];
    /// assert_eq!((r.byte_offset, r.line, doc.page(r.page)), (120, 4, "12"));
    /// ```
    pub fn add_placed(&mut self, tokens: u32, hits: Vec<Hit>, places: Vec<Place>) {
        let paragraph = self.paragraph_tokens.len() as u32;
        self.paragraph_tokens.push(tokens);
        for (h, place) in hits.into_iter().zip(places) {
            let page = if place.page.is_empty() {
                u32::MAX
            } else {
                // Pages come in text order: a new page is the last one or a new entry.
                if self.pages.last() != Some(&place.page) {
                    self.pages.push(place.page);
                }
                self.pages.len() as u32 - 1
            };
            let next = self.verbs.len() as u32;
            let verb = *self.index.entry(h.verb.clone()).or_insert(next);
            if verb == next {
                self.verbs.push(h.verb);
            }
            self.records.push(Record {
                paragraph,
                faction: h.faction,
                role: h.role,
                verb,
                negated: h.negated,
                first_person: h.first_person,
                byte_offset: place.byte_offset,
                line: place.line,
                page,
            });
        }
    }

    /// The logged roles, in text order.
    ///
    /// ```
    /// assert!(corpus_lens::framing::actions::DocumentActions::default().records().is_empty());
    /// ```
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// A verb lemma by its index in [`Record::verb`] (each lemma stored once a document).
    ///
    /// ```
    /// use corpus_lens::framing::actions::{DocumentActions, Hit, Role};
    /// let hit = |verb: &str| Hit { faction: 0, role: Role::Agent, verb: verb.into(), negated: false, first_person: false };
    /// let mut doc = DocumentActions::default();
    /// doc.add(9, vec![hit("seize"), hit("hold"), hit("seize")]);
    /// let verbs: Vec<u32> = doc.records().iter().map(|r| r.verb).collect();
    /// assert_eq!((verbs, doc.verb(1)), (vec![0, 1, 0], "hold"));
    /// ```
    pub fn verb(&self, i: u32) -> &str {
        &self.verbs[i as usize]
    }

    /// A page by its index in [`Record::page`]; empty for `u32::MAX` (no page).
    ///
    /// ```
    /// let doc = corpus_lens::framing::actions::DocumentActions::default();
    /// assert_eq!(doc.page(u32::MAX), "");
    /// ```
    pub fn page(&self, i: u32) -> &str {
        self.pages.get(i as usize).map_or("", String::as_str)
    }

    /// Counted tokens in the document.
    ///
    /// ```
    /// let mut doc = corpus_lens::framing::actions::DocumentActions::default();
    /// doc.add(3, Vec::new());
    /// doc.add(4, Vec::new());
    /// assert_eq!(doc.tokens(), 7);
    /// ```
    pub fn tokens(&self) -> u64 {
        self.paragraph_tokens.iter().map(|&t| t as u64).sum()
    }
}

/// A [`Record`] as plain data: `(paragraph, faction, patient, verb, negated, first person,
/// byte offset, line, page)`.
type SavedRecord = (u32, u32, bool, u32, bool, bool, u64, u64, u32);

/// A [`DocumentActions`] as plain data (verbs and pages are strings: nothing to map). Each
/// record is `(paragraph, faction, patient, verb, negated, first person, byte offset, line,
/// page)`.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct SavedActions {
    #[serde(with = "crate::count::spill::u32_bytes")]
    paragraph_tokens: Vec<u32>,
    records: Vec<SavedRecord>,
    verbs: Vec<String>,
    pages: Vec<String>,
}

impl DocumentActions {
    /// The document as plain data.
    pub(crate) fn save(&self) -> SavedActions {
        let records = self.records.iter().map(|r| {
            let patient = r.role == Role::Patient;
            let (p, f, v) = (r.paragraph, r.faction, r.verb);
            (
                p,
                f,
                patient,
                v,
                r.negated,
                r.first_person,
                r.byte_offset,
                r.line,
                r.page,
            )
        });
        SavedActions {
            paragraph_tokens: self.paragraph_tokens.clone(),
            records: records.collect(),
            verbs: self.verbs.clone(),
            pages: self.pages.clone(),
        }
    }

    /// The document [`DocumentActions::save`] gave.
    ///
    /// # Errors
    ///
    /// A record naming a verb the list does not hold ([`crate::Error::Usage`]).
    pub(crate) fn load(saved: SavedActions) -> Result<DocumentActions> {
        let verbs = saved.verbs.len() as u32;
        let mut records = Vec::with_capacity(saved.records.len());
        for (paragraph, faction, patient, verb, negated, first_person, byte_offset, line, page) in
            saved.records
        {
            if verb >= verbs {
                return Err(crate::error::Error::Usage(format!(
                    "an action names verb {verb} of {verbs}"
                )));
            }
            let role = if patient { Role::Patient } else { Role::Agent };
            records.push(Record {
                paragraph,
                faction,
                role,
                verb,
                negated,
                first_person,
                byte_offset,
                line,
                page,
            });
        }
        let index = (saved.verbs.iter().enumerate())
            .map(|(i, v)| (v.clone(), i as u32))
            .collect();
        Ok(DocumentActions {
            paragraph_tokens: saved.paragraph_tokens,
            records,
            verbs: saved.verbs,
            index,
            pages: saved.pages,
        })
    }
}

/// Reusable buffers of one worker (the engine makes one a thread).
///
/// ```
/// let worker = corpus_lens::framing::actions::ActionsWorker::default();
/// assert!(format!("{worker:?}").starts_with("ActionsWorker"));
/// ```
#[derive(Default)]
pub struct ActionsWorker {
    framing: FramingScratch,
    flags: Vec<WordFlags>,
    folded: String,
    sentence: Sentence,
    syntax: crate::syntax::Scratch,
}

impl std::fmt::Debug for ActionsWorker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActionsWorker").finish_non_exhaustive()
    }
}

/// Finds faction mentions, parses their sentences and logs each mention's role for its
/// verb: an [`Aggregate`] whose output is each document's [`DocumentActions`], in corpus
/// order. Only sentences with a mention are parsed.
///
/// ```
/// use corpus_lens::count::{aggregate::AnyAggregate, engine::Engine};
/// use corpus_lens::framing::actions::{Actions, ActionsSetup, DocumentActions};
/// use corpus_lens::corpus::Corpus;
/// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Actions(ActionsSetup::load_default()?.into()))];
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let (_, outputs) = Engine::default().run(&corpus, &list)?;
/// let docs = outputs.into_iter().next().unwrap().downcast::<Vec<DocumentActions>>().unwrap();
/// assert!(docs[0].records().len() > 20);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Actions(pub Arc<ActionsSetup>);

impl Aggregate for Actions {
    type Setup = Framer;
    type Scratch = ActionsWorker;
    type Paragraph = ActionParagraph;
    type Document = DocumentActions;
    type Output = Vec<DocumentActions>;

    fn setup(&self, document: &Document) -> Result<Framer> {
        self.0.framer.for_document(document)
    }

    fn count(
        &self,
        framer: &Framer,
        paragraph: &ParagraphView<'_>,
        s: &mut ActionsWorker,
    ) -> ActionParagraph {
        let tokens = paragraph.ids.len() as u32;
        framer.prepare(&mut s.framing);
        s.flags.clear();
        let mut may_mention = false;
        for (i, &id) in paragraph.ids.iter().enumerate() {
            let mut flags = s.framing.flags(id);
            if !flags.is_known() {
                fold_case(paragraph.surface(i), &mut s.folded);
                flags = framer.learn_word(id, &s.folded, &mut s.framing);
            }
            s.flags.push(flags);
            may_mention |= flags.can_start_mention();
        }
        let (mut hits, mut places) = (Vec::new(), Vec::new());
        if !may_mention {
            return ActionParagraph {
                tokens,
                hits,
                places,
            };
        }
        let words = Tokens::of(paragraph, &s.flags);
        let found = framer.paragraph_mentions(paragraph.normalized.as_str(), words, &mut s.framing);
        let of = paragraph.sentence_of;
        let mut i = 0;
        while i < found.len() {
            // The sentence of mention i, parsed once for all its mentions.
            let sentence = of[found[i].start];
            let start = of.partition_point(|&x| x < sentence);
            let end = of.partition_point(|&x| x <= sentence);
            s.sentence.words.clear();
            s.sentence.words.extend((start..end).map(|t| Word {
                form: paragraph.surface(t).to_string(),
                ..Word::default()
            }));
            self.0.model.annotate(&mut s.sentence, true, &mut s.syntax);
            while i < found.len() && of[found[i].start] == sentence {
                let m = &found[i];
                if let Some(r) = role_of(&s.sentence, m.start - start, m.len) {
                    let at = paragraph
                        .normalized
                        .original_range(paragraph.spans[m.start].clone())
                        .start;
                    let (byte_offset, line) = paragraph.place_of(at);
                    let page = paragraph.page.unwrap_or_default().to_string();
                    places.push(Place {
                        byte_offset,
                        line,
                        page,
                    });
                    hits.push(Hit {
                        faction: m.faction as u32,
                        role: r.role,
                        verb: r.lemma,
                        negated: r.negated,
                        first_person: m.kind == MentionKind::FirstPerson,
                    });
                }
                i += 1;
            }
        }
        ActionParagraph {
            tokens,
            hits,
            places,
        }
    }

    fn open(&self, _: &Spill) -> DocumentActions {
        DocumentActions::default()
    }

    fn add(&self, document: &mut DocumentActions, paragraph: ActionParagraph) {
        document.add_placed(paragraph.tokens, paragraph.hits, paragraph.places);
    }

    fn finish(&self, partial: Partial<DocumentActions>) -> Result<Vec<DocumentActions>> {
        Ok(partial.into_documents().into_iter().map(|d| d.1).collect())
    }
}
