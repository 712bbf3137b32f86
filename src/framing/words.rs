//! What framing knows of each word before it looks at a paragraph (flags, folded form,
//! match key; cached per word id), and one paragraph's tokens as framing sees them.

use std::ops::Range;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};

use crate::count::aggregate::ParagraphView;
use crate::framing::framer::{FirstPerson, Shared};
use crate::framing::lexicon::MatchBy;
use crate::framing::stance::model::NO_FEATURE;
use crate::framing::stance::setup::StanceSetup;

/// One paragraph's tokens as the framing passes take them: the counted tokens' spans in the
/// normalized text, their vocabulary ids (any consistent numbering of the folded words),
/// their [`crate::framing::Framer::learn_word`] flags, each token's sentence and the
/// sentences' spans.
#[derive(Clone, Copy)]
pub(crate) struct Tokens<'a> {
    pub(crate) spans: &'a [Range<usize>],
    pub(crate) ids: &'a [u32],
    pub(crate) flags: &'a [WordFlags],
    pub(crate) sentences: &'a [u32],
    pub(crate) sentence_ranges: &'a [Range<usize>],
}

impl<'a> Tokens<'a> {
    /// The tokens of a counted paragraph, with their `flags`.
    pub(crate) fn of(paragraph: &ParagraphView<'a>, flags: &'a [WordFlags]) -> Tokens<'a> {
        Tokens {
            spans: paragraph.spans,
            ids: paragraph.ids,
            flags,
            sentences: paragraph.sentence_of,
            sentence_ranges: paragraph.sentences,
        }
    }
}

/// One paragraph's tokens as framing sees them.
pub(super) struct Paragraph<'a> {
    pub(super) text: &'a str,
    pub(super) spans: &'a [Range<usize>],
    pub(super) ids: &'a [u32],
    pub(super) flags: &'a [WordFlags],
    pub(super) cache: &'a WordCache,
    pub(super) sentences: &'a [u32],
    pub(super) sentence_ranges: &'a [Range<usize>],
}

impl<'a> Paragraph<'a> {
    /// The paragraph `text` of these tokens, with the word cache that knows their ids.
    pub(super) fn new(text: &'a str, tokens: Tokens<'a>, cache: &'a WordCache) -> Paragraph<'a> {
        Paragraph {
            text,
            spans: tokens.spans,
            ids: tokens.ids,
            flags: tokens.flags,
            cache,
            sentences: tokens.sentences,
            sentence_ranges: tokens.sentence_ranges,
        }
    }

    /// Token `t`, case-folded.
    pub(super) fn word(&self, t: usize) -> &str {
        self.cache
            .text(self.cache.places[self.ids[t] as usize].word)
    }

    /// Token `t`'s stance feature indices (`l:`, `r:`, `prep:`; see
    /// [`crate::framing::stance::features::word_features`]).
    pub(super) fn features(&self, t: usize) -> [u32; 3] {
        self.cache.places[self.ids[t] as usize].features
    }

    /// Token `t`'s lexicon match key.
    pub(super) fn key(&self, t: usize) -> &str {
        self.cache.text(self.cache.places[self.ids[t] as usize].key)
    }
}

/// What framing needs to know of a word before it looks at a paragraph, computed once
/// per word id ([`Framer::learn_word`]): whether it can start a faction mention (the engine
/// skips paragraphs without one) and whether a lexicon term starts with its key (other
/// tokens need no term lookup).
///
/// [`Framer::learn_word`]: crate::framing::framer::Framer::learn_word
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordFlags(pub(super) u8);

impl WordFlags {
    /// Learnt (the default, 0, is not).
    pub(super) const KNOWN: u8 = 1;
    pub(super) const MENTION_START: u8 = 2;
    pub(super) const TERM_START: u8 = 4;
    /// [`crate::framing::vader::is_negation`].
    pub(super) const NEGATION: u8 = 8;
    /// [`crate::framing::vader::booster`] (a modifier is looked up for a few tokens only: one bit
    /// spares the others the lookup).
    pub(super) const BOOSTER: u8 = 16;
    /// Opens a clause ([`crate::framing::stance`]): always (`HARD_OPENER`), or after a comma.
    pub(super) const HARD_OPENER: u8 = 32;
    pub(super) const SOFT_OPENER: u8 = 64;
    /// The first word of a form of the stance scorer's verb lexicon.
    pub(super) const VERB_START: u8 = 128;

    /// False for a word not learnt yet.
    pub(crate) fn is_known(self) -> bool {
        self.0 & Self::KNOWN != 0
    }

    /// Whether the word can start a faction mention.
    pub(crate) fn can_start_mention(self) -> bool {
        self.0 & Self::MENTION_START != 0
    }

    pub(super) fn can_start_term(self) -> bool {
        self.0 & Self::TERM_START != 0
    }

    pub(super) fn is_negation(self) -> bool {
        self.0 & Self::NEGATION != 0
    }

    pub(super) fn opens_clause(self) -> bool {
        self.0 & Self::HARD_OPENER != 0
    }

    pub(super) fn opens_clause_after_comma(self) -> bool {
        self.0 & Self::SOFT_OPENER != 0
    }

    pub(super) fn may_start_verb(self) -> bool {
        self.0 & Self::VERB_START != 0
    }

    pub(super) fn is_booster(self) -> bool {
        self.0 & Self::BOOSTER != 0
    }
}

/// What a word cache's flags depend on: the shared lexicons, the document's first-person
/// phrases and its government.
pub(super) type CacheOwner = (
    Arc<Shared>,
    Option<Arc<FirstPerson>>,
    Option<usize>,
    Option<Arc<StanceSetup>>,
);

/// Per word id, computed once: its flags, its folded word and its lexicon match key (its
/// Snowball stem costs about 175 ns). Ids must number the folded words consistently for
/// the cache's life (as one vocabulary does).
#[derive(Default)]
pub(super) struct WordCache {
    /// The framer the flags and keys were made for.
    pub(super) owner: Option<CacheOwner>,
    /// Per id (dense, apart from the rest, since every token's are read).
    pub(super) flags: Vec<WordFlags>,
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
    /// The stance model's indices of the word's `l:`, `r:` and `prep:` features.
    features: [u32; 3],
}

impl WordCache {
    pub(super) fn clear(&mut self) {
        self.flags.clear();
        self.places.clear();
        self.buf.clear();
    }

    /// Stores word `id`, `word` its folded form, and its key; returns the key's range
    /// (the caller sets the flags).
    pub(super) fn add(&mut self, id: u32, folded: &str, match_by: MatchBy) -> (u32, u32) {
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
            MatchBy::Word | MatchBy::Lemma => word,
            MatchBy::Stem => {
                let stemmer = self
                    .stemmer
                    .get_or_insert_with(|| Stemmer::create(Algorithm::English));
                self.buf.push_str(&stemmer.stem(folded));
                (word.1, offset(self.buf.len()))
            }
        };
        self.places[i] = Place {
            word,
            key,
            features: [NO_FEATURE; 3],
        };
        key
    }

    /// Sets word `id`'s stance feature indices (after [`WordCache::add`]).
    pub(super) fn set_features(&mut self, id: u32, features: [u32; 3]) {
        self.places[id as usize].features = features;
    }

    pub(super) fn text(&self, (start, end): (u32, u32)) -> &str {
        &self.buf[start as usize..end as usize]
    }
}

/// A byte offset into [`WordCache::buf`] (one copy of each distinct word: far below 4 GiB).
fn offset(at: usize) -> u32 {
    u32::try_from(at).expect("the word cache holds under 4 GiB")
}
