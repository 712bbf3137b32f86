//! What framing gives: each faction mention with its kind, voice, valence, dimension
//! scores and the words behind them (and the context it is scored on).

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
    ///
    /// [`Lexicon::terms`]: crate::framing::lexicon::Lexicon::terms
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
    /// Byte offset of the mention in the paragraph's original text (0 for a paragraph taken
    /// out of markup, whose mentions all point to its element; set by the engine).
    pub offset: u32,
    /// Line of the mention in the file, from 1 (for markup: of its paragraph element); set
    /// by the engine, 0 from [`Framer::score_text`](crate::framing::Framer::score_text).
    pub line: u64,
    /// The paragraph's page (TEI `<pb n>`) or EPUB member; empty when none (set by the
    /// engine).
    pub page: String,
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
    /// The targeted stance, when the framer has a stance model
    /// ([`Framer::with_stance`](crate::framing::Framer::with_stance)).
    pub stance: Option<crate::framing::stance::model::Stance>,
    /// The stance features, when the framer keeps them (to fit a model).
    pub features: Vec<(String, f64)>,
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
