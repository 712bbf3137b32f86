//! The framer: the lexicons, VADER and the context, shared by every document, and a
//! document's first-person phrases and government.

use std::sync::Arc;

use crate::corpus::Document;
use crate::error::{Error, Result};
use crate::framing::factions::FactionSet;
use crate::framing::lexicon::Lexicon;
use crate::framing::scored::Context;
use crate::framing::stance::setup::StanceSetup;
use crate::framing::vader::Vader;

/// Everything framing needs that does not change between documents.
#[derive(Debug)]
pub(super) struct Shared {
    pub(super) factions: FactionSet,
    pub(super) lexicon: Lexicon,
    pub(super) vader: Vader,
    pub(super) context: Context,
}

/// First-person phrases of one document: folded token sequences, longest first.
#[derive(Debug, Clone)]
pub(super) struct FirstPerson {
    pub(super) faction: usize,
    pub(super) phrases: Vec<Vec<String>>,
}

/// The words that name the government of a document's time (folded), see
/// [`Document::government`].
pub(super) const GOVERNMENT: [&str; 2] = ["the", "government"];

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
    pub(super) shared: Arc<Shared>,
    pub(super) first_person: Option<Arc<FirstPerson>>,
    /// The faction "the Government" names in this document (manifest `government`).
    pub(super) government: Option<usize>,
    /// The stance scorer, if on.
    pub(super) stance: Option<Arc<StanceSetup>>,
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
            government: None,
            stance: None,
        }
    }

    /// This framer with the targeted stance scorer on: each mention gets a
    /// [`ScoredMention::stance`](crate::framing::ScoredMention::stance) from `setup`'s model
    /// (and keeps its features if `setup.keep_features`).
    ///
    /// ```
    /// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
    /// use corpus_lens::framing::stance::StanceSetup;
    /// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence)
    ///     .with_stance(StanceSetup::load_default()?);
    /// let found = framer.score_text("The Cossacks routed the Mensheviks.");
    /// let stance = found.mentions[1].stance.as_ref().unwrap();
    /// assert!((-1..=1).contains(&stance.stance));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn with_stance(mut self, setup: StanceSetup) -> Framer {
        self.stance = Some(Arc::new(setup));
        self
    }

    /// The stance scorer's setup, if on.
    ///
    /// ```
    /// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
    /// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
    /// assert!(framer.stance().is_none());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn stance(&self) -> Option<&StanceSetup> {
        self.stance.as_deref()
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

    /// A note for each document whose manifest `government` is no faction of the factions
    /// lexicon: "the Government" is then not resolved in it (a user's narrower lexicon, or a
    /// misspelt id, which [`Framer::for_document`] does not treat as an error).
    ///
    /// ```
    /// use corpus_lens::{corpus::Document, factions::FactionSet, lexicon::Lexicon};
    /// use corpus_lens::framing::{Context, Framer};
    /// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
    /// let mut doc = Document::bare("reed", "reed.txt");
    /// doc.government = "provisional_govt".into();
    /// let notes = framer.unknown_governments(&[doc.clone()]);
    /// assert!(notes[0].contains("'provisional_govt'"));
    /// doc.government = "provisional_government".into();
    /// assert!(framer.unknown_governments(&[doc]).is_empty());
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn unknown_governments(&self, documents: &[Document]) -> Vec<String> {
        let factions = self.shared.factions.factions();
        (documents.iter())
            .filter(|d| !d.government.is_empty())
            .filter(|d| !factions.iter().any(|f| f.id == d.government))
            .map(|d| {
                format!(
                    "document '{}': government '{}' is no faction of the factions lexicon, so                      \"the Government\" is not resolved in it (check the id)",
                    d.id, d.government
                )
            })
            .collect()
    }

    /// This framer for one document: its manifest's `first_person` phrases become mentions
    /// of its `author_faction`, which must be a faction id of the lexicon; and "the
    /// Government" a mention of its `government`, when the lexicon has a faction of that id.
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
    ///
    /// "The Government" names the government of the text's time:
    ///
    /// ```
    /// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
    /// # let factions = FactionSet::parse("[[faction]]\nid = \"provisional_government\"\naliases = [\"Provisional Government\"]\n", "f.toml".as_ref())?;
    /// # let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"d\"\n[[term]]\nterm = \"weak\"\ndimension = \"d\"\nweight = -0.5\n", "l.toml".as_ref())?;
    /// let mut doc = corpus_lens::corpus::Document::bare("t", "t.txt");
    /// doc.government = "provisional_government".into();
    /// let framer = Framer::new(factions, lexicon, Context::Sentence).for_document(&doc)?;
    /// let found = framer.score_text("The Government fell. The Provisional Government had ruled.");
    /// let aliases: Vec<&str> = found.mentions.iter().map(|m| m.alias.as_str()).collect();
    /// assert_eq!(aliases, ["The Government", "Provisional Government"]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn for_document(&self, document: &Document) -> Result<Framer> {
        let mut framer = Framer {
            shared: self.shared.clone(),
            first_person: None,
            government: None,
            stance: self.stance.clone(),
        };
        let factions = self.shared.factions.factions();
        // A factions lexicon without the manifest's government (a user's own, narrower one)
        // leaves the rule off rather than failing every run of the shipped manifest.
        framer.government = factions.iter().position(|f| f.id == document.government);
        if document.first_person.is_empty() {
            return Ok(framer);
        }
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
    pub(super) fn can_start_mention(&self, word: &str) -> bool {
        self.shared.factions.is_first_word(word)
            || (self.government.is_some() && word == GOVERNMENT[1])
            || self
                .first_person
                .as_ref()
                .is_some_and(|fp| fp.phrases.iter().any(|p| p[0] == word))
    }
}
