//! One document's framing as the engine collects it: the paragraphs' tokens and the
//! mentions' compact log, written and read back mention by mention.

use std::collections::BTreeSet;

use crate::count::spill::{
    get_f64, get_str, get_varint, put_f64, put_str, put_varint, Spill, SpillLog,
};
use crate::error::Result;
use crate::framing::scored::{Hit, MentionKind, ParagraphFraming, ScoredMention, Source, Voice};
use crate::framing::stance::model::Stance;
use crate::framing::summary::measures::{voice_index, width};

/// One document's framing, as the engine collects it.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let config = Config {
///     count: CountOptions { framing: Some(framer), ..Default::default() },
///     ..Default::default()
/// };
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::new(config).run(&corpus)?;
/// let framing = &analysis.framing[0]; // one per document
/// assert_eq!(framing.tokens(), analysis.tokens());
/// assert!(framing.mention_count() > 100);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct DocumentFraming {
    /// Counted tokens of every paragraph, in order (the bootstrap's clusters).
    pub paragraph_tokens: Vec<u32>,
    /// The paragraphs with mentions, in order, each as a compact record (see
    /// [`crate::count::spill`]): held in memory up to a budget, then in a temporary file.
    log: SpillLog,
    /// Mentions logged.
    mentions: u64,
    /// The `(faction, voice index, first person)` of the mentions logged.
    pub(super) keys: BTreeSet<(usize, usize, bool)>,
    /// Scratch for the record being written.
    record: Vec<u8>,
    /// Paragraphs with mentions, and an upper bound on the bootstrap's entries (see
    /// [`entry_bound`]): the room [`sparse_groups`] reserves.
    ///
    /// [`sparse_groups`]: super::groups::sparse_groups
    pub(super) valued: usize,
    pub(super) entries_bound: usize,
    /// Scratch for the bound: `(faction, voice, bound)` of each mention of a paragraph.
    bounds: Vec<(usize, usize, usize)>,
}

/// A finished [`DocumentFraming`] as plain data: what a partial result on disk holds.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub(crate) struct SavedFraming {
    #[serde(with = "crate::count::spill::u32_bytes")]
    paragraph_tokens: Vec<u32>,
    log: crate::count::spill::Chunks,
    mentions: u64,
    keys: Vec<(usize, usize, bool)>,
    valued: usize,
    entries_bound: usize,
}

impl DocumentFraming {
    /// An empty document whose mentions are logged under this budget (the engine shares
    /// one between all documents of a run).
    ///
    /// ```
    /// use corpus_lens::framing::summary::DocumentFraming;
    /// use corpus_lens::spill::Spill;
    /// let doc = DocumentFraming::with_spill(Spill::new(0));
    /// assert_eq!(doc.mention_count(), 0);
    /// ```
    pub fn with_spill(spill: Spill) -> DocumentFraming {
        DocumentFraming {
            log: SpillLog::new(spill),
            ..Default::default()
        }
    }

    /// Adds one paragraph's tokens and mentions (paragraphs in order).
    ///
    /// ```
    /// use corpus_lens::framing::{summary::DocumentFraming, ParagraphFraming};
    /// let mut doc = DocumentFraming::default();
    /// doc.add(12, None); // a paragraph of 12 tokens without mentions
    /// doc.add(8, Some(ParagraphFraming::default()));
    /// assert_eq!(doc.paragraph_tokens, [12, 8]);
    /// assert_eq!(doc.mention_count(), 0);
    /// ```
    pub fn add(&mut self, tokens: u32, framing: Option<ParagraphFraming>) {
        let index = self.paragraph_tokens.len() as u32;
        self.paragraph_tokens.push(tokens);
        let Some(f) = framing else {
            return;
        };
        if f.mentions.is_empty() {
            return;
        }
        let r = &mut self.record;
        r.clear();
        put_varint(r, index as u64);
        put_varint(r, f.offset);
        put_varint(r, f.mentions.len() as u64);
        self.bounds.clear();
        for m in &f.mentions {
            encode_mention(r, m);
            let first_person = m.kind == MentionKind::FirstPerson;
            self.keys
                .insert((m.faction, voice_index(m.voice), first_person));
            self.bounds
                .push((m.faction, voice_index(m.voice), entry_bound(m)));
        }
        self.valued += 1;
        self.entries_bound += paragraph_bound(&mut self.bounds, f.mentions[0].dimensions.len());
        self.mentions += f.mentions.len() as u64;
        self.log.push(r);
    }

    /// Finishes the log's last chunk (the engine calls it at the end of a document, so
    /// that it too may go to the temporary file).
    ///
    /// ```
    /// use corpus_lens::framing::summary::DocumentFraming;
    /// let mut doc = DocumentFraming::default();
    /// doc.add(3, None);
    /// doc.finish();
    /// assert_eq!(doc.tokens(), 3);
    /// ```
    pub fn finish(&mut self) {
        self.log.finish_chunk();
        self.record = Vec::new();
    }

    /// The finished document as plain data (for a partial result on disk).
    pub(crate) fn save(&self) -> Result<SavedFraming> {
        Ok(SavedFraming {
            paragraph_tokens: self.paragraph_tokens.clone(),
            log: self.log.to_chunks()?,
            mentions: self.mentions,
            keys: self.keys.iter().copied().collect(),
            valued: self.valued,
            entries_bound: self.entries_bound,
        })
    }

    /// The document [`DocumentFraming::save`] gave, its log under this budget.
    pub(crate) fn load(spill: Spill, saved: SavedFraming) -> DocumentFraming {
        DocumentFraming {
            paragraph_tokens: saved.paragraph_tokens,
            log: SpillLog::from_chunks(spill, saved.log),
            mentions: saved.mentions,
            keys: saved.keys.into_iter().collect(),
            valued: saved.valued,
            entries_bound: saved.entries_bound,
            ..Default::default()
        }
    }

    /// The room reserved for the bootstrap: paragraphs with mentions, and the bound on its
    /// entries.
    #[cfg(test)]
    pub(crate) fn reserved(&self) -> (usize, usize) {
        (self.valued, self.entries_bound)
    }

    /// Mentions logged.
    ///
    /// ```
    /// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
    /// # let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n", "f.toml".as_ref())?;
    /// # let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"d\"\n[[term]]\nterm = \"weak\"\ndimension = \"d\"\nweight = -0.5\n", "l.toml".as_ref())?;
    /// use corpus_lens::framing::summary::DocumentFraming;
    /// let framer = Framer::new(factions, lexicon, Context::Sentence);
    /// let mut doc = DocumentFraming::default();
    /// doc.add(4, Some(framer.score_text("The Cadets and the Cadets.")));
    /// assert_eq!(doc.mention_count(), 2);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn mention_count(&self) -> u64 {
        self.mentions
    }

    /// Calls `f(paragraph index, paragraph byte offset, mention)` for every mention in text
    /// order, reading the log back (the mention is decoded into one reused value).
    ///
    /// ```
    /// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
    /// # let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n", "f.toml".as_ref())?;
    /// # let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"d\"\n[[term]]\nterm = \"weak\"\ndimension = \"d\"\nweight = -0.5\n", "l.toml".as_ref())?;
    /// use corpus_lens::framing::summary::DocumentFraming;
    /// let framer = Framer::new(factions, lexicon, Context::Sentence);
    /// let mut doc = DocumentFraming::default();
    /// doc.add(3, None);
    /// doc.add(4, Some(framer.score_text("The Cadets were weak.")));
    /// let mut seen = Vec::new();
    /// doc.for_each_mention(|paragraph, _, m| {
    ///     seen.push((paragraph, m.alias.clone(), m.dimensions[0]));
    ///     Ok(())
    /// })?;
    /// assert_eq!(seen, [(1, "Cadets".to_string(), -0.5)]);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Io`] naming the temporary directory if the log cannot be read back from
    /// its temporary file; any error of `f`.
    ///
    /// [`Error::Io`]: crate::error::Error::Io
    pub fn for_each_mention(
        &self,
        f: impl FnMut(u32, u64, &ScoredMention) -> Result<()>,
    ) -> Result<()> {
        self.each_mention(true, f)
    }

    /// [`DocumentFraming::for_each_mention`]; without `texts`, each mention's page, alias,
    /// VADER words, stance drivers and features are left empty (skipped, not decoded), for
    /// the passes that only need the scores.
    pub(super) fn each_mention(
        &self,
        texts: bool,
        mut f: impl FnMut(u32, u64, &ScoredMention) -> Result<()>,
    ) -> Result<()> {
        let mut m = ScoredMention {
            sentence: 0,
            offset: 0,
            line: 0,
            page: String::new(),
            faction: 0,
            alias: String::new(),
            kind: MentionKind::Alias,
            voice: Voice::Narrator,
            valence: 0.0,
            dimensions: Vec::new(),
            hits: Vec::new(),
            stance: None,
            features: Vec::new(),
        };
        let mut words: Vec<String> = Vec::new();
        self.log.for_each_chunk(|bytes| {
            let mut pos = 0;
            while pos < bytes.len() {
                let paragraph = get_varint(bytes, &mut pos) as u32;
                let offset = get_varint(bytes, &mut pos);
                let n = get_varint(bytes, &mut pos);
                for _ in 0..n {
                    decode_mention(bytes, &mut pos, &mut m, &mut words, texts);
                    f(paragraph, offset, &m)?;
                }
            }
            Ok(())
        })
    }

    /// Every mention in text order, with its paragraph index and the paragraph's byte
    /// offset in the file (each decoded into a value of its own; see
    /// [`DocumentFraming::for_each_mention`] to read without copies).
    ///
    /// ```
    /// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
    /// # let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n", "f.toml".as_ref())?;
    /// # let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"d\"\n[[term]]\nterm = \"weak\"\ndimension = \"d\"\nweight = -0.5\n", "l.toml".as_ref())?;
    /// use corpus_lens::framing::summary::DocumentFraming;
    /// let framer = Framer::new(factions, lexicon, Context::Sentence);
    /// let mut doc = DocumentFraming::default();
    /// doc.add(3, None);
    /// doc.add(4, Some(framer.score_text("The Cadets were weak.")));
    /// let (paragraph, _, m) = doc.mentions()?.remove(0);
    /// assert_eq!((paragraph, m.alias.as_str()), (1, "Cadets"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`DocumentFraming::for_each_mention`].
    pub fn mentions(&self) -> Result<Vec<(u32, u64, ScoredMention)>> {
        let mut out = Vec::with_capacity(self.mentions as usize);
        self.for_each_mention(|p, o, m| {
            out.push((p, o, m.clone()));
            Ok(())
        })?;
        Ok(out)
    }

    /// Counted tokens in the document.
    ///
    /// ```
    /// use corpus_lens::framing::summary::DocumentFraming;
    /// let mut doc = DocumentFraming::default();
    /// doc.add(12, None);
    /// doc.add(8, None);
    /// assert_eq!(doc.tokens(), 20);
    /// ```
    pub fn tokens(&self) -> u64 {
        self.paragraph_tokens.iter().map(|&t| t as u64).sum()
    }
}

/// Appends a mention's record: sentence, offset, line, page, faction, alias, kind and voice, valence,
/// the dimensions (their count, then the non-zero ones by index), the hits.
fn encode_mention(r: &mut Vec<u8>, m: &ScoredMention) {
    put_varint(r, m.sentence as u64);
    put_varint(r, m.offset as u64);
    put_varint(r, m.line);
    put_str(r, &m.page);
    put_varint(r, m.faction as u64);
    put_str(r, &m.alias);
    let kind = (m.kind == MentionKind::FirstPerson) as u8;
    let voice = (m.voice == Voice::Quoted) as u8;
    let stance = m.stance.is_some() as u8;
    let features = !m.features.is_empty() as u8;
    r.push(kind | voice << 1 | stance << 2 | features << 3);
    put_f64(r, m.valence);
    put_varint(r, m.dimensions.len() as u64);
    // Bit-exact: -0.0 is kept, only +0.0 is left out.
    let nonzero = m.dimensions.iter().filter(|d| d.to_bits() != 0).count();
    put_varint(r, nonzero as u64);
    for (j, d) in m.dimensions.iter().enumerate() {
        if d.to_bits() != 0 {
            put_varint(r, j as u64);
            put_f64(r, *d);
        }
    }
    put_varint(r, m.hits.len() as u64);
    for hit in &m.hits {
        match &hit.source {
            Source::Term(t) => put_varint(r, 2 * *t as u64),
            Source::Valence(w) => {
                put_varint(r, 2 * w.len() as u64 + 1);
                r.extend_from_slice(w.as_bytes());
            }
        }
        put_f64(r, hit.weight);
    }
    if let Some(s) = &m.stance {
        r.push((s.stance + 1) as u8);
        for p in s.probabilities {
            put_f64(r, p);
        }
        put_f64(r, s.score_words);
        put_pairs(r, &s.drivers);
    }
    if !m.features.is_empty() {
        put_pairs(r, &m.features);
    }
}

fn put_pairs(r: &mut Vec<u8>, pairs: &[(String, f64)]) {
    put_varint(r, pairs.len() as u64);
    for (name, value) in pairs {
        put_str(r, name);
        put_f64(r, *value);
    }
}

/// Reads pairs written by [`put_pairs`] into `out`, reusing its strings.
fn get_pairs(b: &[u8], pos: &mut usize, out: &mut Vec<(String, f64)>) {
    let n = get_varint(b, pos) as usize;
    out.truncate(n);
    for k in 0..n {
        if k == out.len() {
            out.push((String::new(), 0.0));
        }
        get_str(b, pos, &mut out[k].0);
        out[k].1 = get_f64(b, pos);
    }
}

/// Reads a mention written by [`encode_mention`] into `m`, reusing its buffers (and the
/// VADER words' strings, kept in `words`).
fn decode_mention(
    b: &[u8],
    pos: &mut usize,
    m: &mut ScoredMention,
    words: &mut Vec<String>,
    texts: bool,
) {
    m.sentence = get_varint(b, pos) as u32;
    m.offset = get_varint(b, pos) as u32;
    m.line = get_varint(b, pos);
    if texts {
        get_str(b, pos, &mut m.page);
    } else {
        *pos += get_varint(b, pos) as usize;
    }
    m.faction = get_varint(b, pos) as usize;
    if texts {
        get_str(b, pos, &mut m.alias);
    } else {
        *pos += get_varint(b, pos) as usize;
    }
    let flags = b[*pos];
    *pos += 1;
    m.kind = if flags & 1 != 0 {
        MentionKind::FirstPerson
    } else {
        MentionKind::Alias
    };
    m.voice = if flags & 2 != 0 {
        Voice::Quoted
    } else {
        Voice::Narrator
    };
    m.valence = get_f64(b, pos);
    let dims = get_varint(b, pos) as usize;
    m.dimensions.clear();
    m.dimensions.resize(dims, 0.0);
    for _ in 0..get_varint(b, pos) {
        let j = get_varint(b, pos) as usize;
        m.dimensions[j] = get_f64(b, pos);
    }
    let hits = get_varint(b, pos) as usize;
    // Recycle the VADER words' strings of the last mention.
    for hit in m.hits.drain(..) {
        if let Source::Valence(w) = hit.source {
            words.push(w);
        }
    }
    for _ in 0..hits {
        let tag = get_varint(b, pos) as usize;
        let source = if tag % 2 == 0 {
            Source::Term(tag / 2)
        } else {
            let n = tag / 2;
            let mut w = words.pop().unwrap_or_default();
            w.clear();
            if texts {
                w.push_str(std::str::from_utf8(&b[*pos..*pos + n]).unwrap_or_default());
            }
            *pos += n;
            Source::Valence(w)
        };
        let weight = get_f64(b, pos);
        m.hits.push(Hit { source, weight });
    }
    if flags & 4 != 0 {
        let class = b[*pos] as i8 - 1;
        *pos += 1;
        let probabilities: [f64; 3] = std::array::from_fn(|_| get_f64(b, pos));
        let s = m.stance.get_or_insert_with(|| Stance {
            stance: 0,
            score: 0.0,
            probabilities: [0.0; 3],
            score_words: 0.0,
            drivers: Vec::new(),
        });
        s.stance = class;
        s.score = probabilities[2] - probabilities[0];
        s.probabilities = probabilities;
        s.score_words = get_f64(b, pos);
        if texts {
            get_pairs(b, pos, &mut s.drivers);
        } else {
            s.drivers.clear();
            skip_pairs(b, pos);
        }
    } else {
        m.stance = None;
    }
    match (flags & 8 != 0, texts) {
        (true, true) => get_pairs(b, pos, &mut m.features),
        (true, false) => {
            skip_pairs(b, pos);
            m.features.clear();
        }
        (false, _) => m.features.clear(),
    }
}

/// Steps over pairs written by [`put_pairs`] (their strings neither checked nor copied).
fn skip_pairs(b: &[u8], pos: &mut usize) {
    for _ in 0..get_varint(b, pos) {
        *pos += get_varint(b, pos) as usize + 8;
    }
}

/// An upper bound on the values other than 0 that one mention puts in its group's row
/// (see `add_mention`): the mention count, the valence, one of positive and negative, its
/// dimension sums other than 0, one "framed" flag per framing-term hit at most, and its
/// `stance_score_words` other than 0.
fn entry_bound(m: &ScoredMention) -> usize {
    let dims = m.dimensions.len();
    let terms = m
        .hits
        .iter()
        .filter(|h| matches!(h.source, Source::Term(_)))
        .count();
    2 + (m.valence != 0.0) as usize
        + m.dimensions.iter().filter(|&&d| d != 0.0).count()
        + terms.min(dims)
        + m.stance.as_ref().is_some_and(|s| s.score_words != 0.0) as usize
}

/// An upper bound on one paragraph's bootstrap entries: per (faction, voice), the sum of
/// its mentions' bounds, but no more than a row's width. Sorts `bounds`.
fn paragraph_bound(bounds: &mut [(usize, usize, usize)], dims: usize) -> usize {
    bounds.sort_unstable();
    let mut total = 0;
    for group in bounds.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
        total += group.iter().map(|b| b.2).sum::<usize>().min(width(dims));
    }
    total
}
