//! Faction framing: how a text frames each faction it mentions.
//!
//! Takes a paragraph's tokens, the factions lexicon ([`crate::framing::factions`]), the framing
//! lexicon ([`crate::framing::lexicon`]) and VADER ([`crate::framing::vader`]); gives every faction mention
//! with its valence, its score on each framing dimension, its voice and the words behind the
//! scores. [`summary`] aggregates mentions per (document, faction, voice) with bootstrap
//! intervals and builds the tables.
//!
//! **Mentions.** Faction aliases, leftmost-longest, a token in at most one mention
//! ([`FactionSet::find`]); then, in documents whose manifest lists `first_person` phrases
//! ("we", "our party"), those phrases among the remaining tokens, as mentions of the author's
//! faction with `mention_kind = first_person`.
//!
//! **Context.** A mention is scored on its sentence ([`Context::Sentence`], the default) or
//! on the `k` tokens either side of it within the paragraph ([`Context::Window`]).
//!
//! **Valence, historical mode.** VADER (Hutto & Gilbert 2014) scores the context's
//! *normalized* text, so curly quotes and apostrophes are plain ASCII (VADER strips only ASCII
//! punctuation: `‘traitors’` would miss its lexicon entry, `don’t` its negation); the framing
//! lexicon's `[neutral]` words ("party", "revolutionary", "left", "peace" ...) get no valence;
//! and the tokens of every faction mention get no valence ("Red Guards", "Popular
//! Socialists" are names, not judgements). VADER's own rules (boosters, negation, "but",
//! capitals) apply unchanged. A mention's valence is `S / sqrt(S^2 + 15)` (VADER's
//! normalization, alpha = 15) of the sum `S` of the token valences attributed to it; VADER's
//! sentence-level "!"/"?" amplifier is not applied, since it emphasises the sentence rather
//! than any one actor.
//!
//! **Dimensions.** Framing-lexicon terms in the context (matched by stem, longest first,
//! never overlapping a mention) count with their weight, times VADER's negation scalar -0.74
//! when one of the three tokens before the term is a VADER negation ("not", "never", "no",
//! "without" ...), and times `1 + b * d` when one of those tokens is a VADER booster
//! (`b` = +0.293 for "very", "utterly" ..., -0.293 for "slightly" ...; `d` = 1, 0.95, 0.9 at
//! distance 1, 2, 3, VADER's decay). A mention's score on a dimension is the sum of its
//! attributed terms' weights, limited to [-1, 1].
//!
//! **Attribution** (one sentence naming several factions): every scored word (VADER token
//! or lexicon term) goes to the *nearest* mention in the context, by token distance (0 inside
//! a mention); a tie splits it equally. "The heroic Bolsheviks defeated the treacherous
//! Mensheviks": *heroic* goes to the Bolsheviks, *treacherous* to the Mensheviks.
//!
//! **Voice.** A mention whose first token is inside quotation marks is `quoted`, else
//! `narrator`. Quotation spans are found per paragraph on the normalized text: a double quote
//! after a space, an opening bracket, a dash or the paragraph start opens, any other closes;
//! a single quote opens only there and before a letter, and closes before a non-letter (an
//! apostrophe inside a word is neither). A quotation runs across sentence breaks until its
//! closing mark or the end of the paragraph (the convention for quotations over several
//! paragraphs reopens the mark at each one).

pub mod compare;
pub mod factions;
pub mod lexicon;
pub mod sentiment;
pub mod summary;
pub mod vader;

use std::ops::Range;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};

use crate::corpus::Document;
use crate::error::{Error, Result};
use crate::framing::factions::FactionSet;
use crate::framing::lexicon::{Lexicon, MatchBy, TermMatch};
use crate::framing::vader::{TokenValence, Vader};
use crate::text::normalize::Normalized;
use crate::text::tokenize::{fold_case, tokenize};

/// VADER's negation scalar (`N_SCALAR` in vaderSentiment 3.3.2).
pub const NEGATION_SCALAR: f64 = -0.74;

/// VADER's booster decay by distance: 1, 0.95, 0.9 for the 1st, 2nd, 3rd token before.
const BOOSTER_DECAY: [f64; 3] = [1.0, 0.95, 0.9];

/// VADER's normalization constant: `S / sqrt(S^2 + alpha)`.
const ALPHA: f64 = 15.0;

/// What part of the text around a mention is scored.
///
/// ```
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// let (factions, lexicon) = (FactionSet::load_default()?, Lexicon::load_default()?);
/// let text = "The Mensheviks, as everyone knew, were cruel.";
/// let sentence = Framer::new(factions.clone(), lexicon.clone(), Context::Sentence).score_text(text);
/// assert!(sentence.mentions[0].valence < 0.0);
/// // Two tokens either side of the mention: "cruel" is out of reach.
/// let window = Framer::new(factions, lexicon, Context::Window(2)).score_text(text);
/// assert_eq!(window.mentions[0].valence, 0.0);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Context {
    /// The mention's sentence (default).
    #[default]
    Sentence,
    /// This many tokens either side of the mention, within its paragraph.
    Window(usize),
}

/// How a mention was found.
///
/// ```
/// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
/// use corpus_lens::framing::MentionKind;
/// let mut doc = corpus_lens::corpus::Document::bare("trotsky", "t.txt");
/// doc.author_faction = "bolsheviks".into();
/// doc.first_person = vec!["we".into()];
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let found = framer.for_document(&doc)?.score_text("We warned the Bolsheviks.");
/// let kinds: Vec<MentionKind> = found.mentions.iter().map(|m| m.kind).collect();
/// assert_eq!(kinds, [MentionKind::FirstPerson, MentionKind::Alias]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MentionKind {
    /// One of the faction's aliases.
    Alias,
    /// A first-person phrase of the document's manifest, for the author's faction.
    FirstPerson,
}

impl MentionKind {
    /// `alias` or `first_person`.
    ///
    /// ```
    /// assert_eq!(corpus_lens::framing::MentionKind::FirstPerson.as_str(), "first_person");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Alias => "alias",
            MentionKind::FirstPerson => "first_person",
        }
    }
}

/// Whose words a mention is in.
///
/// ```
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer, Voice}};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let found = framer.score_text("The Cadets replied: \u{201c}The Bolsheviks are traitors.\u{201d}");
/// let voices: Vec<Voice> = found.mentions.iter().map(|m| m.voice).collect();
/// assert_eq!(voices, [Voice::Narrator, Voice::Quoted]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Voice {
    /// The author's own.
    Narrator,
    /// Inside quotation marks.
    Quoted,
}

impl Voice {
    /// `narrator` or `quoted`.
    ///
    /// ```
    /// assert_eq!(corpus_lens::framing::Voice::Quoted.as_str(), "quoted");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Voice::Narrator => "narrator",
            Voice::Quoted => "quoted",
        }
    }
}

/// Where a scored word comes from.
///
/// ```
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer, Source}};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let found = framer.score_text("The cruel, treacherous Mensheviks.");
/// let sources: Vec<String> = found.mentions[0].hits.iter().map(|hit| match &hit.source {
///     Source::Valence(word) => format!("VADER {word}"),
///     Source::Term(i) => format!("lexicon {}", framer.lexicon().terms()[*i].term),
/// }).collect();
/// assert_eq!(sources.len(), 2);
/// assert!(sources.contains(&"VADER cruel".to_string()));
/// assert!(sources.contains(&"lexicon treacherous".to_string()));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// A VADER lexicon word (lowercased as in the text).
    Valence(String),
    /// A framing-lexicon term, by index in [`Lexicon::terms`].
    Term(usize),
}

/// One scored word attributed to a mention.
///
/// ```
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer, Source}};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// // "treacherous" is as near to one mention as to the other: each gets half of it.
/// let found = framer.score_text("Bolsheviks treacherous Mensheviks.");
/// let term = |m: usize| found.mentions[m].hits.iter().find(|h| matches!(h.source, Source::Term(_))).unwrap().weight;
/// assert_eq!((term(0), term(1)), (-0.45, -0.45));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// What scored.
    pub source: Source,
    /// Its weight after negation and boosters (VADER's valence for [`Source::Valence`]),
    /// times the share of it this mention got.
    pub weight: f64,
}

/// One faction mention, scored.
///
/// ```
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let found = framer.score_text("The heroic Bolsheviks defeated the cruel, treacherous Mensheviks.");
/// let [bolsheviks, mensheviks] = &found.mentions[..] else { panic!("two mentions") };
/// assert_eq!(framer.factions().factions()[bolsheviks.faction].id, "bolsheviks");
/// assert_eq!((mensheviks.alias.as_str(), mensheviks.offset), ("Mensheviks", 54));
/// assert!(bolsheviks.valence > 0.0 && mensheviks.valence < 0.0);
/// let dimension = |id: &str| framer.lexicon().dimensions().iter().position(|d| d.id == id).unwrap();
/// assert_eq!(bolsheviks.dimensions[dimension("strength")], 0.7); // heroic
/// assert_eq!(mensheviks.dimensions[dimension("honesty")], -0.9); // treacherous
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredMention {
    /// Sentence in the paragraph, from 0.
    pub sentence: u32,
    /// Byte offset of the mention in the paragraph's original text.
    pub offset: u32,
    /// Faction index in the factions lexicon.
    pub faction: usize,
    /// The mention as written in the text (original spelling).
    pub alias: String,
    /// Alias or first person.
    pub kind: MentionKind,
    /// Narrator or quoted.
    pub voice: Voice,
    /// `S / sqrt(S^2 + 15)` of the attributed VADER valences.
    pub valence: f64,
    /// Score per framing dimension, in [-1, 1], in the lexicon's dimension order.
    pub dimensions: Vec<f64>,
    /// The words behind the scores.
    pub hits: Vec<Hit>,
}

/// The scored mentions of one paragraph.
///
/// ```
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let found = framer.score_text("Kerensky spoke. The Soviet listened.");
/// let aliases: Vec<&str> = found.mentions.iter().map(|m| m.alias.as_str()).collect();
/// assert_eq!(aliases, ["Kerensky", "Soviet"]);
/// assert_eq!(found.mentions[1].sentence, 1);
/// assert!(framer.score_text("It rained.").mentions.is_empty());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParagraphFraming {
    /// Byte offset of the paragraph in its file (set by the engine).
    pub offset: u64,
    /// Mentions in text order.
    pub mentions: Vec<ScoredMention>,
}

/// Everything framing needs that does not change between documents.
#[derive(Debug)]
struct Shared {
    factions: FactionSet,
    lexicon: Lexicon,
    vader: Vader,
    context: Context,
}

/// First-person phrases of one document: folded token sequences, longest first.
#[derive(Debug, Clone)]
struct FirstPerson {
    faction: usize,
    phrases: Vec<Vec<String>>,
}

/// Scores faction mentions; cheap to clone (one per document).
///
/// ```
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
/// let factions = FactionSet::parse(r#"
/// [[faction]]
/// id = "coalitionists"
/// aliases = ["Coalitionists"]
/// "#, "f.toml".as_ref())?;
/// let lexicon = Lexicon::parse_toml(r#"
/// [[dimension]]
/// id = "strength"
/// positive = "strength"
/// negative = "impotence"
/// [[term]]
/// term = "impotence"
/// dimension = "strength"
/// weight = -0.7
/// "#, "l.toml".as_ref())?;
/// let framer = Framer::new(factions, lexicon, Context::Sentence);
/// let found = framer.score_text("The Coalitionists were utterly impotent.");
/// assert_eq!(found.mentions.len(), 1);
/// let m = &found.mentions[0];
/// // "impotent" has the stem of "impotence"; the booster "utterly" adds 29.3%.
/// assert!((m.dimensions[0] - (-0.7 * 1.293)).abs() < 1e-12);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Framer {
    shared: Arc<Shared>,
    first_person: Option<Arc<FirstPerson>>,
}

impl Framer {
    /// A framer with these lexicons; VADER leaves out the framing lexicon's neutral words.
    ///
    /// ```
    /// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
    /// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
    /// // "party" is one of the lexicon's neutral words: no valence, unlike VADER's default.
    /// let found = framer.score_text("The Bolsheviks held a party.");
    /// assert_eq!(found.mentions[0].valence, 0.0);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn new(factions: FactionSet, lexicon: Lexicon, context: Context) -> Framer {
        let vader = Vader::new().with_neutral(lexicon.neutral());
        Framer {
            shared: Arc::new(Shared {
                factions,
                lexicon,
                vader,
                context,
            }),
            first_person: None,
        }
    }

    /// The factions lexicon.
    ///
    /// ```
    /// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
    /// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
    /// assert!(framer.factions().factions().iter().any(|f| f.id == "kerensky"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn factions(&self) -> &FactionSet {
        &self.shared.factions
    }

    /// The framing lexicon.
    ///
    /// ```
    /// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
    /// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
    /// assert_eq!(framer.lexicon().dimensions().len(), 6);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn lexicon(&self) -> &Lexicon {
        &self.shared.lexicon
    }

    /// This framer for one document: its manifest's `first_person` phrases become mentions
    /// of its `author_faction`, which must be a faction id of the lexicon.
    ///
    /// ```
    /// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
    /// # let factions = FactionSet::parse("[[faction]]\nid = \"bolsheviks\"\naliases = [\"Bolsheviks\"]\n", "f.toml".as_ref())?;
    /// # let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"d\"\n[[term]]\nterm = \"weak\"\ndimension = \"d\"\nweight = -0.5\n", "l.toml".as_ref())?;
    /// let mut doc = corpus_lens::corpus::Document::bare("t", "t.txt");
    /// doc.author_faction = "bolsheviks".into();
    /// doc.first_person = vec!["we".into(), "our party".into()];
    /// let framer = Framer::new(factions, lexicon, Context::Sentence).for_document(&doc)?;
    /// let found = framer.score_text("We won. Our party grew.");
    /// assert_eq!(found.mentions.len(), 2);
    /// assert_eq!(found.mentions[1].alias, "Our party");
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn for_document(&self, document: &Document) -> Result<Framer> {
        let mut framer = Framer {
            shared: self.shared.clone(),
            first_person: None,
        };
        if document.first_person.is_empty() {
            return Ok(framer);
        }
        let factions = self.shared.factions.factions();
        let Some(faction) = factions
            .iter()
            .position(|f| f.id == document.author_faction)
        else {
            return Err(Error::Usage(format!(
                "document '{}': author_faction '{}' is not a faction of the factions lexicon, \
                 so its first_person phrases cannot be resolved; use one of its ids or remove \
                 first_person",
                document.id, document.author_faction
            )));
        };
        let mut phrases: Vec<Vec<String>> = document
            .first_person
            .iter()
            .map(|p| crate::framing::factions::tokenize_alias(p).0)
            .filter(|p| !p.is_empty())
            .collect();
        phrases.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        framer.first_person = Some(Arc::new(FirstPerson { faction, phrases }));
        Ok(framer)
    }

    /// True if `word` (case-folded) can start a mention; the engine skips paragraphs with
    /// none.
    fn can_start_mention(&self, word: &str) -> bool {
        self.shared.factions.is_first_word(word)
            || self
                .first_person
                .as_ref()
                .is_some_and(|fp| fp.phrases.iter().any(|p| p[0] == word))
    }

    /// Readies `scratch` for this framer: its word cache is emptied if it was filled for
    /// another (the flags depend on the lexicons and the first-person phrases).
    pub(crate) fn prepare(&self, scratch: &mut FramingScratch) {
        let cache = &mut scratch.cache;
        let same = cache.owner.as_ref().is_some_and(|(shared, fp)| {
            Arc::ptr_eq(shared, &self.shared)
                && match (fp, &self.first_person) {
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                    (None, None) => true,
                    _ => false,
                }
        });
        if !same {
            cache.clear();
            cache.owner = Some((self.shared.clone(), self.first_person.clone()));
        }
    }

    /// Caches word `id`, `word` its folded form, in `scratch` (after
    /// [`Framer::prepare`]) and returns its flags; [`FramingScratch::flags`] gives them
    /// from then on.
    pub(crate) fn learn_word(
        &self,
        id: u32,
        word: &str,
        scratch: &mut FramingScratch,
    ) -> WordFlags {
        let known = scratch.flags(id);
        if known.is_known() {
            return known;
        }
        let cache = &mut scratch.cache;
        let key = cache.add(id, word, self.shared.lexicon.match_by());
        let mut flags = WordFlags::KNOWN;
        if self.can_start_mention(word) {
            flags |= WordFlags::MENTION_START;
        }
        if self.shared.lexicon.is_first_key(cache.text(key)) {
            flags |= WordFlags::TERM_START;
        }
        if crate::framing::vader::is_negation(word) {
            flags |= WordFlags::NEGATION;
        }
        if crate::framing::vader::booster(word).is_some() {
            flags |= WordFlags::BOOSTER;
        }
        cache.flags[id as usize] = WordFlags(flags);
        WordFlags(flags)
    }

    /// Scores a whole text as one paragraph (for examples and tests; the engine scores each
    /// paragraph from the tokens it has already made).
    ///
    /// ```
    /// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
    /// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
    /// let found = framer.score_text("The Coalitionists were helpless.");
    /// assert_eq!(found.mentions.len(), 1);
    /// assert!(found.mentions[0].valence < 0.0);
    /// assert_eq!(found.offset, 0); // set by the engine to the paragraph's place in its file
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn score_text(&self, text: &str) -> ParagraphFraming {
        let normalized = crate::text::normalize::normalize(text);
        let mut tokens = Vec::new();
        tokenize(normalized.as_str(), &mut tokens);
        let spans: Vec<Range<usize>> = tokens
            .iter()
            .filter(|t| t.kind == crate::text::tokenize::TokenKind::Word)
            .map(|t| t.span.clone())
            .collect();
        let mut sentence_ranges = Vec::new();
        crate::text::segment::split_sentences(normalized.as_str(), &mut sentence_ranges);
        let sentences = sentence_of_tokens(&spans, &sentence_ranges);
        let vocab = crate::count::vocab::Vocabulary::new();
        let mut scratch = FramingScratch::default();
        self.prepare(&mut scratch);
        let mut folded = String::new();
        let (ids, flags): (Vec<u32>, Vec<WordFlags>) = spans
            .iter()
            .map(|s| {
                fold_case(&normalized.as_str()[s.clone()], &mut folded);
                let id = vocab.id(&folded);
                (id, self.learn_word(id, &folded, &mut scratch))
            })
            .unzip();
        self.score_paragraph(
            text,
            &normalized,
            &spans,
            &ids,
            &flags,
            &sentences,
            &sentence_ranges,
            &mut scratch,
        )
    }

    /// Finds and scores the mentions of one paragraph: `original` its text, `normalized` that
    /// text normalized, `spans` the counted tokens' spans in the normalized text, `ids` their
    /// vocabulary ids (any consistent numbering of the folded words), `flags` their
    /// [`Framer::learn_word`] flags (every id learnt in `scratch`), `sentences` each
    /// token's sentence and `sentence_ranges` the sentences' spans.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn score_paragraph(
        &self,
        original: &str,
        normalized: &Normalized,
        spans: &[Range<usize>],
        ids: &[u32],
        flags: &[WordFlags],
        sentences: &[u32],
        sentence_ranges: &[Range<usize>],
        scratch: &mut FramingScratch,
    ) -> ParagraphFraming {
        let text = normalized.as_str();
        let FramingScratch {
            cache,
            candidate_sentences,
            found,
            mentions: alias_buf,
            taken,
            in_mention,
            quotes,
            contexts,
            members,
            context: buffers,
        } = scratch;
        find_candidate_sentences(flags, sentences, candidate_sentences);
        if candidate_sentences.is_empty() {
            return ParagraphFraming::default();
        }
        let paragraph = Paragraph {
            text,
            spans,
            ids,
            flags,
            cache,
            sentences,
            sentence_ranges,
        };
        found.clear();
        for r in candidate_sentences.iter() {
            self.find_mentions(&paragraph, r.clone(), alias_buf, taken, found);
        }
        if found.is_empty() {
            return ParagraphFraming::default();
        }
        found.sort_by_key(|m| m.start);
        quoted_ranges_into(text, quotes);
        let mut mentions: Vec<ScoredMention> = found
            .iter()
            .map(|m| self.unscored(m, original, normalized, spans, sentences, quotes))
            .collect();
        in_mention.clear();
        in_mention.resize(spans.len(), false);
        for m in found.iter() {
            in_mention[m.start..m.start + m.len].fill(true);
        }
        self.contexts(&paragraph, found, contexts, members);
        for (tokens, competitors) in contexts.iter() {
            self.scored_words(&paragraph, tokens.clone(), in_mention, buffers);
            attribute(
                found,
                &members[competitors.clone()],
                buffers,
                self.shared.lexicon.terms(),
                &mut mentions,
            );
        }
        mentions.iter_mut().for_each(finish_scores);
        ParagraphFraming {
            offset: 0,
            mentions,
        }
    }

    /// A found mention with its place, spelling and voice, and nothing scored yet (its
    /// `valence` is where the sum S of its VADER valences is gathered).
    fn unscored(
        &self,
        m: &Found,
        original: &str,
        normalized: &Normalized,
        spans: &[Range<usize>],
        sentences: &[u32],
        quotes: &[Range<usize>],
    ) -> ScoredMention {
        let first = spans[m.start].clone();
        let last = spans[m.start + m.len - 1].clone();
        let original_span = normalized.original_range(first.start..last.end);
        let voice = if quotes.iter().any(|q| q.contains(&first.start)) {
            Voice::Quoted
        } else {
            Voice::Narrator
        };
        ScoredMention {
            sentence: sentences[m.start],
            offset: original_span.start as u32,
            faction: m.faction,
            alias: original[original_span].to_string(),
            kind: m.kind,
            voice,
            valence: 0.0,
            dimensions: vec![0.0; self.shared.lexicon.dimensions().len()],
            hits: Vec::new(),
        }
    }

    /// Appends the mentions of one sentence to `out`: aliases, then first-person phrases
    /// among the tokens left. `aliases` and `taken` are scratch.
    fn find_mentions(
        &self,
        p: &Paragraph,
        r: Range<usize>,
        aliases: &mut Vec<crate::framing::factions::Mention>,
        taken: &mut Vec<bool>,
        out: &mut Vec<Found>,
    ) {
        let sentences = &p.sentences[r.clone()];
        let word = |k: usize| p.word(r.start + k);
        aliases.clear();
        self.shared.factions.find_where(
            r.len(),
            word,
            |k| &p.text[p.spans[r.start + k].clone()],
            sentences,
            |k| p.flags[r.start + k].can_start_mention(),
            aliases,
        );
        out.extend(aliases.iter().map(|m| Found {
            faction: m.faction,
            start: r.start + m.start,
            len: m.len,
            kind: MentionKind::Alias,
        }));
        let Some(fp) = &self.first_person else {
            return;
        };
        taken.clear();
        taken.resize(r.len(), false);
        for m in aliases.iter() {
            taken[m.start..m.start + m.len].fill(true);
        }
        let mut i = 0;
        while i < r.len() {
            // A phrase starts with a word that can start a mention.
            let hit = p.flags[r.start + i]
                .can_start_mention()
                .then(|| {
                    fp.phrases.iter().find(|phrase| {
                        i + phrase.len() <= r.len()
                            && (0..phrase.len()).all(|k| {
                                !taken[i + k]
                                    && word(i + k) == phrase[k]
                                    && sentences[i + k] == sentences[i]
                            })
                    })
                })
                .flatten();
            match hit {
                Some(phrase) => {
                    out.push(Found {
                        faction: fp.faction,
                        start: r.start + i,
                        len: phrase.len(),
                        kind: MentionKind::FirstPerson,
                    });
                    i += phrase.len();
                }
                None => i += 1,
            }
        }
    }

    /// The contexts to score, into `out`: each a token range and the mentions competing in
    /// it (a range of `members`, which holds indices into `found`). Sentence mode: one per
    /// sentence with mentions; window mode: one per mention, with every mention lying
    /// wholly inside its window.
    fn contexts(
        &self,
        p: &Paragraph,
        found: &[Found],
        out: &mut Vec<(Range<usize>, Range<usize>)>,
        members: &mut Vec<usize>,
    ) {
        out.clear();
        members.clear();
        let n = p.spans.len();
        match self.shared.context {
            Context::Sentence => {
                for (i, m) in found.iter().enumerate() {
                    let s = p.sentences[m.start];
                    members.push(i);
                    match out.last_mut() {
                        Some((range, competitors)) if p.sentences[range.start] == s => {
                            competitors.end = members.len()
                        }
                        _ => {
                            let start = p.sentences[..m.start].partition_point(|&x| x < s);
                            let end = m.start + p.sentences[m.start..].partition_point(|&x| x == s);
                            out.push((start..end, members.len() - 1..members.len()));
                        }
                    }
                }
            }
            Context::Window(k) => {
                for m in found {
                    let range = m.start.saturating_sub(k)..(m.start + m.len + k).min(n);
                    let from = members.len();
                    members.extend(
                        found
                            .iter()
                            .enumerate()
                            .filter(|(_, o)| range.start <= o.start && o.start + o.len <= range.end)
                            .map(|(j, _)| j),
                    );
                    out.push((range, from..members.len()));
                }
            }
        }
    }

    /// The scored words of a context, into `b.scored` (VADER's first, then the terms'),
    /// their VADER words into `b.valence_words`.
    fn scored_words(
        &self,
        p: &Paragraph,
        tokens: Range<usize>,
        in_mention: &[bool],
        b: &mut ContextBuffers,
    ) {
        b.scored.clear();
        b.valence_words.clear();
        if tokens.is_empty() {
            return;
        }
        // VADER on the context's text; mention tokens masked, relative to that text.
        let (from, to) = match self.shared.context {
            Context::Sentence => {
                let s = p.sentences[tokens.start] as usize;
                let r = &p.sentence_ranges[s];
                (r.start, r.end)
            }
            Context::Window(_) => (p.spans[tokens.start].start, p.spans[tokens.end - 1].end),
        };
        b.masked.clear();
        b.masked.extend(
            tokens
                .clone()
                .filter(|&i| in_mention[i])
                .map(|i| p.spans[i].start - from..p.spans[i].end - from),
        );
        self.shared
            .vader
            .token_valences(&p.text[from..to], &b.masked, &mut b.vader);
        for tv in &b.vader {
            let at = from + tv.span.start;
            let i = p.spans.partition_point(|s| s.end <= at);
            if i >= tokens.end || i < tokens.start {
                continue;
            }
            fold_case(
                &p.text[from + tv.span.start..from + tv.span.end],
                &mut b.fold,
            );
            let word = b.fold.trim_matches(|c: char| c.is_ascii_punctuation());
            let start = b.valence_words.len();
            b.valence_words.push_str(word);
            b.scored.push(Scored {
                position: i,
                source: ScoredSource::Valence(start..b.valence_words.len()),
                weight: tv.valence,
            });
        }
        // Framing terms, never over a mention.
        b.matches.clear();
        self.shared.lexicon.find_where(
            tokens.len(),
            |k| p.key(tokens.start + k),
            |k| p.flags[tokens.start + k].can_start_term(),
            &mut b.matches,
        );
        for m in &b.matches {
            let start = tokens.start + m.start;
            if in_mention[start..start + m.len].iter().any(|&x| x) {
                continue;
            }
            let before = (tokens.start..start).rev().take(3);
            let weight = self.shared.lexicon.terms()[m.term].weight * modifier(p, before);
            b.scored.push(Scored {
                position: start,
                source: ScoredSource::Term(m.term),
                weight,
            });
        }
    }
}

/// The token ranges of the sentences with a token that can start a mention, into `out`:
/// only those are looked at (an alias never crosses a sentence).
fn find_candidate_sentences(flags: &[WordFlags], sentences: &[u32], out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut i = 0;
    while i < sentences.len() {
        let end = i + sentences[i..].partition_point(|&s| s == sentences[i]);
        if flags[i..end].iter().any(|f| f.can_start_mention()) {
            out.push(i..end);
        }
        i = end;
    }
}

/// Turns the gathered sums of a mention into its scores: the valence `S / sqrt(S^2 + 15)`
/// of the sum `S` its `valence` holds, the dimensions limited to [-1, 1].
fn finish_scores(m: &mut ScoredMention) {
    let s = m.valence;
    m.valence = if s == 0.0 {
        0.0
    } else {
        s / (s * s + ALPHA).sqrt()
    };
    for d in &mut m.dimensions {
        *d = d.clamp(-1.0, 1.0);
    }
}

/// Gives each scored word of a context (in `b.scored`) to the nearest of `competitors`
/// (indices into `found` and `mentions`), split equally on a tie: its valence or dimension
/// sum grows and it gets the hit.
fn attribute(
    found: &[Found],
    competitors: &[usize],
    b: &ContextBuffers,
    terms: &[crate::framing::lexicon::Term],
    mentions: &mut [ScoredMention],
) {
    for scored in &b.scored {
        let (best, ties) = nearest(found, competitors, scored.position);
        let share = 1.0 / ties as f64;
        let weight = scored.weight * share;
        for &m in competitors {
            if distance(&found[m], scored.position) != best {
                continue;
            }
            let slot = &mut mentions[m];
            let source = match &scored.source {
                ScoredSource::Valence(word) => {
                    slot.valence += weight;
                    Source::Valence(b.valence_words[word.clone()].to_string())
                }
                ScoredSource::Term(t) => {
                    slot.dimensions[terms[*t].dimension] += weight;
                    Source::Term(*t)
                }
            };
            slot.hits.push(Hit { source, weight });
        }
    }
}

/// The factor negation and boosters in the (up to) three tokens before a term apply to it;
/// `before` gives them nearest first.
fn modifier(p: &Paragraph, before: impl Iterator<Item = usize>) -> f64 {
    let mut factor = 1.0;
    for (distance, t) in before.take(3).enumerate() {
        let flags = p.flags[t];
        if flags.is_negation() {
            factor *= NEGATION_SCALAR;
        } else if flags.is_booster() {
            if let Some(b) = crate::framing::vader::booster(p.word(t)) {
                factor *= 1.0 + b * BOOSTER_DECAY[distance];
            }
        }
    }
    factor
}

/// Token distance from `position` to mention `m` (0 inside it).
fn distance(m: &Found, position: usize) -> usize {
    if position < m.start {
        m.start - position
    } else if position >= m.start + m.len {
        position + 1 - (m.start + m.len)
    } else {
        0
    }
}

/// The smallest distance from token `position` to the mentions among `competitors`, and
/// how many of them are that near.
fn nearest(found: &[Found], competitors: &[usize], position: usize) -> (usize, usize) {
    let best = competitors
        .iter()
        .map(|&j| distance(&found[j], position))
        .min()
        .unwrap_or(0);
    let ties = competitors
        .iter()
        .filter(|&&j| distance(&found[j], position) == best)
        .count();
    (best, ties)
}

/// A mention before scoring.
#[derive(Debug, Clone, Copy)]
struct Found {
    faction: usize,
    start: usize,
    len: usize,
    kind: MentionKind,
}

/// One paragraph's tokens as framing sees them.
struct Paragraph<'a> {
    text: &'a str,
    spans: &'a [Range<usize>],
    ids: &'a [u32],
    flags: &'a [WordFlags],
    cache: &'a WordCache,
    sentences: &'a [u32],
    sentence_ranges: &'a [Range<usize>],
}

impl Paragraph<'_> {
    /// Token `t`, case-folded.
    fn word(&self, t: usize) -> &str {
        self.cache
            .text(self.cache.places[self.ids[t] as usize].word)
    }

    /// Token `t`'s lexicon match key.
    fn key(&self, t: usize) -> &str {
        self.cache.text(self.cache.places[self.ids[t] as usize].key)
    }
}

/// A scored word of a context.
struct Scored {
    /// Its token in the paragraph.
    position: usize,
    source: ScoredSource,
    /// VADER's valence, or the term's weight after negation and boosters.
    weight: f64,
}

/// [`Source`] without its own string: a VADER word is a range of
/// [`ContextBuffers::valence_words`].
enum ScoredSource {
    Valence(Range<usize>),
    Term(usize),
}

/// Reusable buffers for framing, one per worker: scoring a paragraph allocates only what
/// it returns (and its words' and keys' slices).
#[derive(Default)]
pub(crate) struct FramingScratch {
    cache: WordCache,
    candidate_sentences: Vec<Range<usize>>,
    found: Vec<Found>,
    mentions: Vec<crate::framing::factions::Mention>,
    taken: Vec<bool>,
    in_mention: Vec<bool>,
    quotes: Vec<Range<usize>>,
    contexts: Vec<(Range<usize>, Range<usize>)>,
    members: Vec<usize>,
    context: ContextBuffers,
}

/// Buffers for scoring one context.
#[derive(Default)]
struct ContextBuffers {
    vader: Vec<TokenValence>,
    masked: Vec<Range<usize>>,
    matches: Vec<TermMatch>,
    scored: Vec<Scored>,
    /// The VADER words of `scored`, one after the other.
    valence_words: String,
    fold: String,
}

/// What framing needs to know of a word before it looks at a paragraph, computed once
/// per word id ([`Framer::learn_word`]): whether it can start a faction mention (the engine
/// skips paragraphs without one) and whether a lexicon term starts with its key (other
/// tokens need no term lookup).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordFlags(u8);

impl WordFlags {
    /// Learnt (the default, 0, is not).
    const KNOWN: u8 = 1;
    const MENTION_START: u8 = 2;
    const TERM_START: u8 = 4;
    /// [`crate::framing::vader::is_negation`].
    const NEGATION: u8 = 8;
    /// [`crate::framing::vader::booster`] (a modifier is looked up for a few tokens only: one bit
    /// spares the others the lookup).
    const BOOSTER: u8 = 16;

    /// False for a word not learnt yet.
    pub(crate) fn is_known(self) -> bool {
        self.0 & Self::KNOWN != 0
    }

    /// Whether the word can start a faction mention.
    pub(crate) fn can_start_mention(self) -> bool {
        self.0 & Self::MENTION_START != 0
    }

    fn can_start_term(self) -> bool {
        self.0 & Self::TERM_START != 0
    }

    fn is_negation(self) -> bool {
        self.0 & Self::NEGATION != 0
    }

    fn is_booster(self) -> bool {
        self.0 & Self::BOOSTER != 0
    }
}

impl FramingScratch {
    /// Word `id`'s flags, not known if it was not learnt ([`Framer::learn_word`]).
    pub(crate) fn flags(&self, id: u32) -> WordFlags {
        self.cache
            .flags
            .get(id as usize)
            .copied()
            .unwrap_or_default()
    }
}

/// Per word id, computed once: its flags, its folded word and its lexicon match key (its
/// Snowball stem costs about 175 ns). Ids must number the folded words consistently for
/// the cache's life (as one vocabulary does).
#[derive(Default)]
struct WordCache {
    /// The framer the flags and keys were made for.
    owner: Option<(Arc<Shared>, Option<Arc<FirstPerson>>)>,
    /// Per id (dense, apart from the rest, since every token's are read).
    flags: Vec<WordFlags>,
    /// Per id: where its word and key lie in `buf`.
    places: Vec<Place>,
    /// The words and keys, one after the other.
    buf: String,
    stemmer: Option<Stemmer>,
}

/// A word id's word and key, as byte ranges of [`WordCache::buf`].
#[derive(Debug, Clone, Copy, Default)]
struct Place {
    word: (u32, u32),
    key: (u32, u32),
}

impl WordCache {
    fn clear(&mut self) {
        self.flags.clear();
        self.places.clear();
        self.buf.clear();
    }

    /// Stores word `id`, `word` its folded form, and its key; returns the key's range
    /// (the caller sets the flags).
    fn add(&mut self, id: u32, folded: &str, match_by: MatchBy) -> (u32, u32) {
        let i = id as usize;
        if i >= self.places.len() {
            let n = i + 1 + i / 2;
            self.places.resize(n, Place::default());
            self.flags.resize(n, WordFlags::default());
        }
        let start = self.buf.len();
        self.buf.push_str(folded);
        let word = (offset(start), offset(self.buf.len()));
        let key = match match_by {
            MatchBy::Word => word,
            MatchBy::Stem => {
                let stemmer = self
                    .stemmer
                    .get_or_insert_with(|| Stemmer::create(Algorithm::English));
                self.buf.push_str(&stemmer.stem(folded));
                (word.1, offset(self.buf.len()))
            }
        };
        self.places[i] = Place { word, key };
        key
    }

    fn text(&self, (start, end): (u32, u32)) -> &str {
        &self.buf[start as usize..end as usize]
    }
}

/// A byte offset into [`WordCache::buf`] (one copy of each distinct word: far below 4 GiB).
fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("the word cache holds under 4 GiB")
}

impl std::fmt::Debug for FramingScratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FramingScratch").finish_non_exhaustive()
    }
}
/// Each token's sentence index.
fn sentence_of_tokens(spans: &[Range<usize>], sentences: &[Range<usize>]) -> Vec<u32> {
    let mut s = 0usize;
    spans
        .iter()
        .map(|t| {
            while s + 1 < sentences.len() && sentences[s].end <= t.start {
                s += 1;
            }
            s as u32
        })
        .collect()
}

/// Byte ranges of the normalized paragraph inside quotation marks (see the module docs).
///
/// ```
/// use corpus_lens::framing::quoted_ranges;
/// let text = r#"He said "the Cadets betrayed us. They did" and left."#;
/// let q = quoted_ranges(text);
/// assert_eq!(q.len(), 1);
/// assert_eq!(&text[q[0].clone()], "the Cadets betrayed us. They did");
/// assert!(quoted_ranges("The Soldiers' Soviet met.").is_empty());
/// ```
pub fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    quoted_ranges_into(text, &mut out);
    out
}

/// [`quoted_ranges`] into a reused vector.
fn quoted_ranges_into(text: &str, out: &mut Vec<Range<usize>>) {
    out.clear();
    let mut double: Option<usize> = None;
    let mut single: Option<usize> = None;
    // Quotation marks are ASCII after normalization: visit only them.
    for at in memchr::memchr2_iter(b'"', b'\'', text.as_bytes()) {
        let prev = text[..at].chars().next_back();
        let next = text[at + 1..].chars().next();
        let opening_place = prev.is_none_or(|p| p.is_whitespace() || "([{-\u{2014}\"'".contains(p));
        if text.as_bytes()[at] == b'"' {
            match double {
                Some(start) if !opening_place => {
                    out.push(start..at);
                    double = None;
                }
                None if opening_place => double = Some(at + 1),
                // An unexpected mark: a closing one where none is open, or an opening one
                // inside a quotation (treated as a new start).
                Some(_) => double = Some(at + 1),
                None => {}
            }
        } else {
            let letter_next = next.is_some_and(char::is_alphabetic);
            if opening_place && letter_next && single.is_none() {
                single = Some(at + 1);
            } else if let Some(start) = single {
                // An apostrophe before a letter is inside a word or opens; before anything
                // else it closes.
                if !letter_next {
                    out.push(start..at);
                    single = None;
                }
            }
        }
    }
    if let Some(start) = double {
        out.push(start..text.len());
    }
    if let Some(start) = single {
        out.push(start..text.len());
    }
    out.sort_by_key(|r| (r.start, r.end));
}

#[cfg(test)]
mod tests;
