//! Scoring a paragraph: the per-worker buffers, readying them for a framer, and the whole
//! pass from tokens to scored mentions.

use std::ops::Range;
use std::sync::Arc;

use crate::framing::attribution::{attribute, finish_scores, ContextBuffers};
use crate::framing::framer::Framer;
use crate::framing::mentions::{find_candidate_sentences, Found};
use crate::framing::quotes::Quotes;
use crate::framing::scored::{Context, ParagraphFraming, ScoredMention, Voice};
use crate::framing::stance::features::{
    clause_boundaries, context_features, score_features, word_features, SentenceView,
};
use crate::framing::stance::model::{Fixed, Scorer, Sink, NO_FEATURE, PRIOR_PREFIX};
use crate::framing::stance::syntax::{sentence_words, syntax_features};
use crate::framing::words::Tokens;
use crate::framing::words::{Paragraph, WordCache, WordFlags};
use crate::text::normalize::Normalized;
use crate::text::tokenize::{fold_case, tokenize};

/// Reusable buffers for framing, one per worker: scoring a paragraph allocates only what
/// it returns (and its words' and keys' slices).
#[derive(Default)]
pub(crate) struct FramingScratch {
    cache: WordCache,
    finder: MentionFinder,
    in_mention: Vec<bool>,
    quotes: Quotes,
    contexts: Vec<(Range<usize>, Range<usize>)>,
    members: Vec<usize>,
    context: ContextBuffers,
    /// The stance model's index of each dimension's `dim:` feature and each faction's
    /// prior, looked up once per framer (see [`Framer::prepare`]).
    dim_index: Vec<u32>,
    faction_index: Vec<u32>,
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

/// The buffers of finding a paragraph's mentions, and the mentions found.
#[derive(Default)]
struct MentionFinder {
    candidate_sentences: Vec<Range<usize>>,
    aliases: Vec<crate::framing::factions::Mention>,
    taken: Vec<bool>,
    /// The last paragraph's mentions, in text order.
    found: Vec<Found>,
}

impl MentionFinder {
    /// Finds the mentions of `paragraph` into `self.found`, in text order, looking only in
    /// the sentences with a token that can start one.
    fn find(&mut self, framer: &Framer, paragraph: &Paragraph) {
        let MentionFinder {
            candidate_sentences,
            aliases,
            taken,
            found,
        } = self;
        find_candidate_sentences(paragraph.flags, paragraph.sentences, candidate_sentences);
        found.clear();
        for r in candidate_sentences.iter() {
            framer.find_mentions(paragraph, r.clone(), aliases, taken, found);
        }
        found.sort_by_key(|m| m.start);
    }
}

impl std::fmt::Debug for FramingScratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FramingScratch").finish_non_exhaustive()
    }
}

impl Framer {
    /// Readies `scratch` for this framer: its word cache is emptied if it was filled for
    /// another (the flags depend on the lexicons, the first-person phrases, the government
    /// and the stance scorer's verbs).
    pub(crate) fn prepare(&self, scratch: &mut FramingScratch) {
        let cache = &mut scratch.cache;
        let same = cache
            .owner
            .as_ref()
            .is_some_and(|(shared, fp, government, stance)| {
                Arc::ptr_eq(shared, &self.shared)
                    && *government == self.government
                    && same_arc(fp, &self.first_person)
                    && same_arc(stance, &self.stance)
            });
        if !same {
            cache.clear();
            cache.owner = Some((
                self.shared.clone(),
                self.first_person.clone(),
                self.government,
                self.stance.clone(),
            ));
            let model = self.stance.as_ref().and_then(|s| s.model.as_ref());
            let index = |name: String| model.map_or(NO_FEATURE, |m| m.index_of(&name));
            let dims = self.shared.lexicon.dimensions();
            scratch.dim_index = dims
                .iter()
                .map(|d| index(format!("dim:{}", d.id)))
                .collect();
            let factions = self.shared.factions.factions();
            scratch.faction_index = (factions.iter())
                .map(|f| index(format!("{PRIOR_PREFIX}{}", f.id)))
                .collect();
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
        if let Some(setup) = &self.stance {
            flags |= crate::framing::stance::features::opener_flags(word);
            if setup.verbs.starts_form(word) {
                flags |= WordFlags::VERB_START;
            }
            if let Some(model) = &setup.model {
                cache.set_features(id, word_features(word, model));
            }
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
        let tokens = Tokens {
            spans: &spans,
            ids: &ids,
            flags: &flags,
            sentences: &sentences,
            sentence_ranges: &sentence_ranges,
        };
        self.score_paragraph(text, &normalized, tokens, &mut scratch)
    }

    /// The mentions of one paragraph in text order, unscored (the arguments as for
    /// [`Framer::score_paragraph`]): what the faction-actions analysis needs.
    pub(in crate::framing) fn paragraph_mentions(
        &self,
        text: &str,
        tokens: Tokens<'_>,
        scratch: &mut FramingScratch,
    ) -> Vec<Found> {
        let FramingScratch { cache, finder, .. } = scratch;
        let paragraph = Paragraph::new(text, tokens, cache);
        finder.find(self, &paragraph);
        finder.found.clone()
    }

    /// Finds and scores the mentions of one paragraph: `original` its text, `normalized` that
    /// text normalized, `tokens` its tokens in the normalized text (every id learnt in
    /// `scratch`).
    pub(crate) fn score_paragraph(
        &self,
        original: &str,
        normalized: &Normalized,
        tokens: Tokens<'_>,
        scratch: &mut FramingScratch,
    ) -> ParagraphFraming {
        let text = normalized.as_str();
        let Tokens {
            spans, sentences, ..
        } = tokens;
        let FramingScratch {
            cache,
            finder,
            in_mention,
            quotes,
            contexts,
            members,
            context: buffers,
            dim_index,
            faction_index,
        } = scratch;
        let paragraph = Paragraph::new(text, tokens, cache);
        finder.find(self, &paragraph);
        let found = &finder.found;
        if found.is_empty() {
            return ParagraphFraming::default();
        }
        quotes.fill(text);
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
        // Each mention's features, kept by name (to fit a model) or weighed as they come.
        let mut features: Vec<Features> = Vec::new();
        if let Some(setup) = &self.stance {
            features.extend((0..found.len()).map(|_| match &setup.model {
                Some(model) if !setup.keep_features => Features::Score(Scorer::new(model)),
                _ => Features::Keep(Vec::new()),
            }));
        }
        let mut name = String::new();
        let mut boundaries = Vec::new();
        for (k, (tokens, competitors)) in contexts.iter().enumerate() {
            self.scored_words(&paragraph, tokens.clone(), in_mention, buffers);
            attribute(
                found,
                &members[competitors.clone()],
                buffers,
                self.shared.lexicon.terms(),
                &mut mentions,
            );
            if let Some(setup) = &self.stance {
                clause_boundaries(&paragraph, tokens.clone(), &mut boundaries);
                let view = SentenceView {
                    paragraph: &paragraph,
                    tokens: tokens.clone(),
                    valence: &buffers.token_valence,
                    in_mention,
                    quotes,
                    mention_tokens: in_mention[tokens.clone()].iter().filter(|&&x| x).count(),
                    boundaries: &boundaries,
                };
                // Sentence contexts score each of their mentions; a window, its own one.
                let owners = match self.shared.context {
                    Context::Sentence => &members[competitors.clone()],
                    Context::Window(_) => std::slice::from_ref(&k),
                };
                for &m in owners {
                    context_features(&view, &found[m], &setup.verbs, &mut name, &mut features[m]);
                }
                if let (Some(model), Context::Sentence) = (&setup.syntax, self.shared.context) {
                    let parse = model.analyze(&sentence_words(&view));
                    for &m in owners {
                        syntax_features(
                            &view,
                            &parse,
                            &found[m],
                            &setup.verbs,
                            &mut name,
                            &mut features[m],
                        );
                    }
                }
            }
        }
        mentions.iter_mut().for_each(finish_scores);
        if let Some(setup) = &self.stance {
            let dims = self.shared.lexicon.dimensions();
            debug_assert_eq!(
                dim_index.len(),
                dims.len(),
                "Framer::prepare readies the indices"
            );
            for (m, mut f) in mentions.iter_mut().zip(features) {
                score_features(
                    m.valence,
                    &m.dimensions,
                    (dims, dim_index),
                    &mut name,
                    &mut f,
                );
                let faction = &self.shared.factions.factions()[m.faction].id;
                let index = faction_index[m.faction];
                f.add_word(index, PRIOR_PREFIX, faction, &mut name, 1.0);
                match f {
                    Features::Score(scorer) => m.stance = Some(scorer.finish()),
                    Features::Keep(kept) => {
                        m.stance = setup.model.as_ref().map(|model| model.score(&kept));
                        m.features = kept;
                    }
                }
            }
        }
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
        quotes: &Quotes,
    ) -> ScoredMention {
        let first = spans[m.start].clone();
        let last = spans[m.start + m.len - 1].clone();
        let original_span = normalized.original_range(first.start..last.end);
        let voice = if quotes.containing(first.start).is_some() {
            Voice::Quoted
        } else {
            Voice::Narrator
        };
        ScoredMention {
            sentence: sentences[m.start],
            offset: original_span.start as u32,
            line: 0,
            page: String::new(),
            faction: m.faction,
            alias: original[original_span].to_string(),
            kind: m.kind,
            voice,
            valence: 0.0,
            dimensions: vec![0.0; self.shared.lexicon.dimensions().len()],
            hits: Vec::new(),
            stance: None,
            features: Vec::new(),
        }
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

/// A mention's stance features: kept by name, or weighed at once by the model.
enum Features<'a> {
    Keep(Vec<(String, f64)>),
    Score(Scorer<'a>),
}

impl Sink for Features<'_> {
    fn add(&mut self, name: &str, value: f64) {
        match self {
            Features::Keep(v) => v.add(name, value),
            Features::Score(s) => s.add(name, value),
        }
    }

    fn add_fixed(&mut self, feature: Fixed, value: f64) {
        match self {
            Features::Keep(v) => v.add_fixed(feature, value),
            Features::Score(s) => s.add_fixed(feature, value),
        }
    }

    fn add_word(&mut self, index: u32, prefix: &str, word: &str, name: &mut String, value: f64) {
        match self {
            Features::Keep(v) => v.add_word(index, prefix, word, name, value),
            Features::Score(s) => s.add_word(index, prefix, word, name, value),
        }
    }
}

/// Both none, or both the same allocation.
fn same_arc<T>(a: &Option<Arc<T>>, b: &Option<Arc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Arc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}
