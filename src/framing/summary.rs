//! Framing per (document, faction, voice): aggregation, bootstrap intervals and the tables.
//!
//! Takes every document's scored mentions ([`DocumentFraming`], collected by the engine in a
//! compact log that spills to a temporary file past a memory budget, [`crate::count::spill`], and
//! read back here mention by mention; the bootstrap's groups are built from it a paragraph
//! at a time, in the compact form of [`crate::stats::bootstrap::SparseGroups`]);
//! gives `framing_mentions.csv` (one row per mention), `framing_summary.csv` (one row per
//! document, faction, voice and measure, with a 95% cluster-bootstrap interval),
//! `framing_terms.csv` (the words behind each score) and the faction x dimension matrix.
//!
//! **Measures** for a group of mentions (a faction in a document, in one voice):
//! `mentions_per_10k` = mentions / document tokens x 10,000; `valence` = mean mention
//! valence; `share_positive` / `share_negative` = share of mentions with valence >= 0.05 /
//! <= -0.05 (VADER's conventional thresholds, Hutto & Gilbert 2014); and one measure per
//! framing dimension, the mean of the mentions' scores on it (0 for a mention without a term
//! of that dimension), which mixes how often a dimension is invoked with which way; and
//! `<dimension>_direction`, the mean score over only the mentions with a term of that
//! dimension (which way the text frames the faction when it frames it on that dimension).
//! Framing research separates the two (salience and evaluation, Entman 1993): "the
//! Coalitionists" may be called impotent in 3 of 19 mentions, which gives a small mean over
//! all mentions but a clearly negative direction. Each measure is a ratio of sums over
//! paragraphs, so its interval comes from the cluster bootstrap over the document's
//! paragraphs in [`crate::stats::bootstrap`]; `n` is the ratio's denominator in mentions (for
//! `mentions_per_10k`, the mentions). Voices: `narrator`, `quoted`, and `all` (both).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use ndarray::Array2;
use rustc_hash::FxHashMap;

use crate::count::spill::{
    get_f64, get_str, get_varint, put_f64, put_str, put_varint, Spill, SpillLog,
};
use crate::error::{Error, Result};
use crate::framing::{Framer, Hit, MentionKind, ScoredMention, Source, Voice};
use crate::rows::{table_row, Cell};
use crate::schema::Layout;
use crate::stats::bootstrap::{Bootstrap, Denominator, Group, Interval, Ratio, SparseGroups};

/// The valence at or above which a mention counts as positive (VADER's convention).
pub const POSITIVE: f64 = 0.05;
/// The valence at or below which a mention counts as negative.
pub const NEGATIVE: f64 = -0.05;

/// One document's framing, as the engine collects it.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config}, count::CountOptions};
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
    keys: BTreeSet<(usize, usize, bool)>,
    /// Scratch for the record being written.
    record: Vec<u8>,
    /// Paragraphs with mentions, and an upper bound on the bootstrap's entries (see
    /// [`entry_bound`]): the room [`sparse_groups`] reserves.
    valued: usize,
    entries_bound: usize,
    /// Scratch for the bound: `(faction, voice, bound)` of each mention of a paragraph.
    bounds: Vec<(usize, usize, usize)>,
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
    pub fn add(&mut self, tokens: u32, framing: Option<super::ParagraphFraming>) {
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
    pub fn for_each_mention(
        &self,
        f: impl FnMut(u32, u64, &ScoredMention) -> Result<()>,
    ) -> Result<()> {
        self.each_mention(true, f)
    }

    /// [`DocumentFraming::for_each_mention`]; without `texts`, each mention's alias and
    /// its VADER words are left empty (skipped, not decoded), for the passes that only
    /// need the scores.
    fn each_mention(
        &self,
        texts: bool,
        mut f: impl FnMut(u32, u64, &ScoredMention) -> Result<()>,
    ) -> Result<()> {
        let mut m = ScoredMention {
            sentence: 0,
            offset: 0,
            faction: 0,
            alias: String::new(),
            kind: MentionKind::Alias,
            voice: Voice::Narrator,
            valence: 0.0,
            dimensions: Vec::new(),
            hits: Vec::new(),
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

/// Appends a mention's record: sentence, offset, faction, alias, kind and voice, valence,
/// the dimensions (their count, then the non-zero ones by index), the hits.
fn encode_mention(r: &mut Vec<u8>, m: &ScoredMention) {
    put_varint(r, m.sentence as u64);
    put_varint(r, m.offset as u64);
    put_varint(r, m.faction as u64);
    put_str(r, &m.alias);
    let kind = (m.kind == MentionKind::FirstPerson) as u8;
    let voice = (m.voice == Voice::Quoted) as u8;
    r.push(kind | voice << 1);
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
}

/// How mentions are summarized.
///
/// ```
/// use corpus_lens::bootstrap::Bootstrap;
/// use corpus_lens::framing::summary::SummaryOptions;
/// // 5,000 replicates with a seed of one's own, and no first-person mentions.
/// let options = SummaryOptions { bootstrap: Bootstrap { replicates: 5000, seed: 7 }, first_person: false };
/// assert!(SummaryOptions::default().first_person);
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SummaryOptions {
    /// Resampling.
    pub bootstrap: Bootstrap,
    /// Count first-person mentions ("we") in the summary. Default: true.
    pub first_person: bool,
}

impl Default for SummaryOptions {
    fn default() -> SummaryOptions {
        SummaryOptions {
            bootstrap: Bootstrap::default(),
            first_person: true,
        }
    }
}

table_row! {
    /// A row of `framing_summary.csv` (see [`crate::tables::FRAMING_SUMMARY`]).
    ///
    /// ```
    /// use corpus_lens::framing::summary::{summarize, DocumentFraming, SummaryOptions};
    /// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
    /// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
    /// let mut doc = DocumentFraming::default();
    /// doc.add(7, Some(framer.score_text("The treacherous Mensheviks fled.")));
    /// doc.add(5, Some(framer.score_text("The Mensheviks were honest.")));
    /// let rows = summarize(&framer, &[("memoir".into(), doc)], &SummaryOptions::default())?;
    /// let row = rows.iter().find(|r| r.voice == "all" && r.measure == "honesty_direction").unwrap();
    /// assert_eq!((row.faction.as_str(), row.mentions, row.paragraphs), ("mensheviks", 2, 2));
    /// assert!(row.ci_low <= row.estimate && row.estimate <= row.ci_high);
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[allow(missing_docs)]
    pub struct SummaryRow {
        pub document: String,
        pub faction: String,
        pub faction_label: String,
        pub voice: &'static str,
        pub measure: String,
        pub mentions: u64,
        pub paragraphs: u64,
        pub n: u64,
        pub estimate: f64,
        pub ci_low: f64,
        pub ci_high: f64,
        pub replicates: u64,
    }
}

table_row! {
    /// A row of `framing_terms.csv` (see [`crate::tables::FRAMING_TERMS`]).
    ///
    /// ```
    /// use corpus_lens::framing::summary::{term_rows, DocumentFraming};
    /// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
    /// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
    /// let mut doc = DocumentFraming::default();
    /// doc.add(4, Some(framer.score_text("The cruel, treacherous Mensheviks.")));
    /// let rows = term_rows(&framer, &[("memoir".into(), doc)])?;
    /// let honesty = rows.iter().find(|r| r.dimension == "honesty").unwrap();
    /// assert_eq!((honesty.term.as_str(), honesty.hits, honesty.contribution), ("treacherous", 1, -0.9));
    /// let valence = rows.iter().find(|r| r.dimension == "valence").unwrap();
    /// assert_eq!((valence.term.as_str(), valence.contribution), ("cruel", -2.8)); // VADER's
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[allow(missing_docs)]
    pub struct TermRow {
        pub document: String,
        pub faction: String,
        pub voice: &'static str,
        pub term: String,
        pub dimension: String,
        pub hits: u64,
        pub contribution: f64,
    }
}

/// The voices of the summary, in table order: narrator, quoted, all.
pub(crate) const VOICES: [&str; 3] = ["narrator", "quoted", "all"];

fn voice_index(v: Voice) -> usize {
    match v {
        Voice::Narrator => 0,
        Voice::Quoted => 1,
    }
}

/// Summary rows for every document, faction with mentions and voice with mentions, in
/// document order, then faction in the lexicon's order, then voice (narrator, quoted, all),
/// then measure (mentions_per_10k, valence, share_positive, share_negative, the dimensions
/// in the lexicon's order, then their `_direction` measures).
///
/// ```
/// use corpus_lens::framing::summary::{summarize, DocumentFraming, SummaryOptions};
/// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
/// # let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n", "f.toml".as_ref())?;
/// # let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"honesty\"\npositive = \"p\"\nnegative = \"n\"\n[[term]]\nterm = \"treachery\"\ndimension = \"honesty\"\nweight = -0.9\n", "l.toml".as_ref())?;
/// let framer = Framer::new(factions, lexicon, Context::Sentence);
/// let mut doc = DocumentFraming::default();
/// doc.add(6, Some(framer.score_text("The treachery of the Cadets.")));
/// doc.add(4, None);
/// let rows = summarize(&framer, &[("memoir".into(), doc)], &SummaryOptions::default())?;
/// let honesty = rows.iter().find(|r| r.voice == "all" && r.measure == "honesty").unwrap();
/// assert_eq!((honesty.mentions, honesty.estimate), (1, -0.9));
/// let rate = rows.iter().find(|r| r.voice == "all" && r.measure == "mentions_per_10k").unwrap();
/// assert_eq!(rate.estimate, 1000.0); // 1 mention in 10 tokens
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn summarize(
    framer: &Framer,
    documents: &[(String, DocumentFraming)],
    options: &SummaryOptions,
) -> Result<Vec<SummaryRow>> {
    let mut rows = Vec::new();
    for (id, doc) in documents {
        let resampled = Resampled::new(framer, id, doc, options)?;
        resampled.summary_rows(framer, id, &mut rows);
    }
    Ok(rows)
}

/// One document's groups with every replicate's sums (the bootstrap's costly part), for
/// its summary rows and its share of the comparisons' sides.
pub(crate) struct Resampled {
    /// `(faction, voice)` of each group.
    pub(crate) keys: Vec<(usize, usize)>,
    pub(crate) groups: SparseGroups,
    pub(crate) replicates: crate::stats::bootstrap::Replicates,
    /// The document's tokens.
    pub(crate) size: f64,
}

impl Resampled {
    /// Groups the document's mentions and resamples its paragraphs (B replicates, with the
    /// document's own seed).
    pub(crate) fn new(
        framer: &Framer,
        id: &str,
        doc: &DocumentFraming,
        options: &SummaryOptions,
    ) -> Result<Resampled> {
        let (keys, groups) = sparse_groups(framer, doc, options.first_person)?;
        // The token counts as they are: an f64 copy would take 8 bytes a paragraph.
        let replicates = document_bootstrap(options, id).sums_sized(&doc.paragraph_tokens, &groups);
        let size = doc.paragraph_tokens.iter().map(|&t| t as f64).sum();
        Ok(Resampled {
            keys,
            groups,
            replicates,
            size,
        })
    }

    /// Appends the document's rows of `framing_summary.csv` (see [`summarize`]).
    pub(crate) fn summary_rows(&self, framer: &Framer, id: &str, rows: &mut Vec<SummaryRow>) {
        let dims = framer.lexicon().dimensions().len();
        let measures = measures(framer);
        let ratios = ratios(dims);
        let groups = &self.groups;
        let intervals =
            crate::stats::bootstrap::intervals(&self.replicates, groups, self.size, &ratios);
        for (g, (&(faction, voice), intervals)) in self.keys.iter().zip(intervals).enumerate() {
            let f = &framer.factions().factions()[faction];
            let total = |j: usize| groups.sums(g)[j] as u64;
            let mentions = total(0);
            let paragraphs = groups.paragraphs(g);
            for ((measure, ratio), i) in measures.iter().zip(&ratios).zip(intervals) {
                let n = match ratio.denominator {
                    Denominator::Value(j) => total(j),
                    Denominator::Size => mentions,
                };
                let mut r = row(id, f, VOICES[voice], measure, mentions, paragraphs, i);
                r.n = n;
                rows.push(r);
            }
        }
    }
}

fn row(
    document: &str,
    faction: &crate::framing::factions::Faction,
    voice: &'static str,
    measure: &str,
    mentions: u64,
    paragraphs: u64,
    i: Interval,
) -> SummaryRow {
    SummaryRow {
        document: document.to_string(),
        faction: faction.id.clone(),
        faction_label: faction.label.clone(),
        voice,
        measure: measure.to_string(),
        mentions,
        paragraphs,
        n: mentions,
        estimate: i.estimate,
        ci_low: i.low,
        ci_high: i.high,
        replicates: i.replicates as u64,
    }
}

/// Values per paragraph of a (faction, voice) group with `dims` dimensions (see [`ratios`]).
pub(crate) fn width(dims: usize) -> usize {
    4 + 2 * dims
}

/// The measure names, in table order (one per ratio of [`ratios`]).
pub(crate) fn measures(framer: &Framer) -> Vec<String> {
    let dims = framer.lexicon().dimensions();
    let mut measures = vec![
        "mentions_per_10k".to_string(),
        "valence".into(),
        "share_positive".into(),
        "share_negative".into(),
    ];
    measures.extend(dims.iter().map(|d| d.id.clone()));
    measures.extend(dims.iter().map(|d| format!("{}_direction", d.id)));
    measures
}

/// Each lexicon term's dimension index.
fn term_dimensions(framer: &Framer) -> Vec<usize> {
    framer
        .lexicon()
        .terms()
        .iter()
        .map(|t| t.dimension)
        .collect()
}

/// The resampling of one document: its own seed, from the document id, so adding a
/// document does not change the others' intervals.
pub(crate) fn document_bootstrap(options: &SummaryOptions, id: &str) -> Bootstrap {
    Bootstrap {
        replicates: options.bootstrap.replicates,
        seed: options.bootstrap.seed ^ fnv1a(id.as_bytes()),
    }
}

/// The ratios behind the measures of `framing_summary.csv`, in its measure order, for a
/// lexicon of `dims` dimensions: values per paragraph are `[mentions, valence sum, positive,
/// negative, dimension sums..., mentions framed on each dimension...]` (for
/// [`crate::stats::bootstrap::Bootstrap::ratios`]).
///
/// ```
/// use corpus_lens::bootstrap::Denominator;
/// let r = corpus_lens::framing::summary::ratios(2);
/// assert_eq!(r.len(), 4 + 2 * 2);
/// assert_eq!((r[0].denominator, r[0].scale), (Denominator::Size, 10_000.0)); // per 10k tokens
/// assert_eq!(r[6].denominator, Denominator::Value(6)); // first dimension's direction
/// ```
pub fn ratios(dims: usize) -> Vec<Ratio> {
    let per_mention = |numerator| Ratio {
        numerator,
        denominator: Denominator::Value(0),
        scale: 1.0,
    };
    let mut out = vec![Ratio {
        numerator: 0,
        denominator: Denominator::Size,
        scale: 10_000.0,
    }];
    out.extend((1..4 + dims).map(per_mention));
    out.extend((0..dims).map(|d| Ratio {
        numerator: 4 + d,
        denominator: Denominator::Value(4 + dims + d),
        scale: 1.0,
    }));
    out
}

/// One document's mentions as the bootstrap takes them (see [`bootstrap_groups`]).
///
/// ```
/// use corpus_lens::bootstrap::{Bootstrap, Denominator, Ratio};
/// use corpus_lens::framing::summary::{bootstrap_groups, DocumentFraming};
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let mut doc = DocumentFraming::default();
/// doc.add(5, Some(framer.score_text("The Cadets fled.")));
/// doc.add(7, Some(framer.score_text("The Cadets and the Cadets again.")));
/// let b = bootstrap_groups(&framer, &doc, true)?;
/// // Mentions (value 0) per 10,000 tokens, resampled over the two paragraphs.
/// let rate = Ratio { numerator: 0, denominator: Denominator::Size, scale: 10_000.0 };
/// let out = Bootstrap::default().ratios(&[5.0, 7.0], &b.groups, b.width, &[rate]);
/// assert_eq!(out[0][0].estimate, 2500.0); // 3 mentions in 12 tokens
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BootstrapGroups {
    /// `(faction index, voice)` of each group, in order; voice 0 narrator, 1 quoted, 2 all.
    pub keys: Vec<(usize, usize)>,
    /// Per group, its sums per paragraph (the "all" voice as the union of the other two).
    pub groups: Vec<Group>,
    /// Values per paragraph: `[mentions, valence sum, positive, negative, dimension
    /// sums..., mentions framed on each dimension...]` (see [`ratios`]).
    pub width: usize,
}

/// The (faction, voice) groups of one document for [`crate::stats::bootstrap::Bootstrap`], as
/// [`summarize`] resamples them; `first_person: false` leaves first-person mentions out.
///
/// ```
/// use corpus_lens::framing::summary::{bootstrap_groups, DocumentFraming};
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let mut doc = DocumentFraming::default();
/// doc.add(3, None);
/// doc.add(4, Some(framer.score_text("The treacherous Mensheviks.")));
/// let b = bootstrap_groups(&framer, &doc, true)?;
/// assert_eq!(b.keys.iter().map(|k| k.1).collect::<Vec<_>>(), [0, 2]); // narrator, all
/// assert_eq!(b.groups[0].paragraphs, [1]);
/// assert_eq!(b.groups[0].values[0], 1.0); // one mention
/// assert_eq!(b.groups[1].parts, [0]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn bootstrap_groups(
    framer: &Framer,
    doc: &DocumentFraming,
    first_person: bool,
) -> Result<BootstrapGroups> {
    let width = width(framer.lexicon().dimensions().len());
    let groups = groups(doc, width, &term_dimensions(framer), first_person)?;
    Ok(BootstrapGroups {
        keys: groups.keys().copied().collect(),
        groups: groups.into_values().collect(),
        width,
    })
}

/// The (faction, voice) groups of one document as [`bootstrap_groups`] gives them (their
/// keys, in the same order), in the compact form of [`SparseGroups`]: built a paragraph at
/// a time from the mention log, without the groups' dense rows.
pub(crate) fn sparse_groups(
    framer: &Framer,
    doc: &DocumentFraming,
    first_person: bool,
) -> Result<(Vec<(usize, usize)>, SparseGroups)> {
    let dims = framer.lexicon().dimensions().len();
    let width = width(dims);
    let term_dimension = term_dimensions(framer);
    let mut keys = BTreeSet::new();
    for &(f, v, fp) in &doc.keys {
        if first_person || !fp {
            keys.insert((f, v));
            keys.insert((f, 2));
        }
    }
    let keys: Vec<(usize, usize)> = keys.into_iter().collect();
    // Group of (faction, voice) at `3 * faction + voice`, looked up twice per mention.
    let factions = framer.factions().factions().len();
    let mut index = vec![usize::MAX; 3 * factions];
    for (g, &(f, voice)) in keys.iter().enumerate() {
        index[3 * f + voice] = g;
    }
    // "all" is the union of narrator and quoted: its replicates add theirs.
    let parts: Vec<Vec<usize>> = keys
        .iter()
        .map(|&(f, voice)| match voice {
            2 => (0..2)
                .map(|v| index[3 * f + v])
                .filter(|&g| g != usize::MAX)
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let mut groups = SparseGroups::new(width, parts);
    // Room for every entry up front: grown by doubling, the vectors were each copied into
    // one twice their size, and at 1 GB that copy was the run's peak memory (about 190 MB
    // held at once for 130 MB of entries). Room reserved and never used is never touched,
    // so it takes address space, not memory.
    groups.reserve_exact(doc.valued, doc.entries_bound);
    // The current paragraph's rows, per group, and the groups with a row in it.
    let mut rows = vec![0.0; keys.len() * width];
    let mut touched: Vec<usize> = Vec::new();
    let mut current = None;
    let mut framed = vec![false; dims];
    let mut flush = |p: u32, rows: &mut [f64], touched: &mut Vec<usize>| {
        groups.push_paragraph_rows(p, touched, rows);
        for &g in touched.iter() {
            rows[g * width..(g + 1) * width].fill(0.0);
        }
        touched.clear();
    };
    doc.each_mention(false, |paragraph, _, m| {
        if !first_person && m.kind == MentionKind::FirstPerson {
            return Ok(());
        }
        if current != Some(paragraph) {
            if let Some(p) = current {
                flush(p, &mut rows, &mut touched);
            }
            current = Some(paragraph);
        }
        mark_framed(m, &term_dimension, &mut framed);
        for voice in [voice_index(m.voice), 2] {
            let g = index[3 * m.faction + voice];
            if !touched.contains(&g) {
                touched.push(g);
            }
            let v = &mut rows[g * width..(g + 1) * width];
            add_mention(v, m, &framed);
        }
        Ok(())
    })?;
    if let Some(p) = current {
        flush(p, &mut rows, &mut touched);
    }
    Ok((keys, groups))
}

/// An upper bound on the values other than 0 that one mention puts in its group's row
/// (see `add_mention`): the mention count, the valence, one of positive and negative, its
/// dimension sums other than 0, and one "framed" flag per framing-term hit at most.
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

/// Sets `framed[d]` for each dimension that one of the mention's terms frames.
fn mark_framed(m: &ScoredMention, term_dimension: &[usize], framed: &mut [bool]) {
    framed.fill(false);
    for hit in &m.hits {
        if let Source::Term(t) = hit.source {
            framed[term_dimension[t]] = true;
        }
    }
}

/// Adds one mention to a group's paragraph row: mentions, summed valence, positive and
/// negative counts, then the summed dimension scores and the counts of framed dimensions.
fn add_mention(row: &mut [f64], m: &ScoredMention, framed: &[bool]) {
    let dims = framed.len();
    row[0] += 1.0;
    row[1] += m.valence;
    row[2] += (m.valence >= POSITIVE) as u8 as f64;
    row[3] += (m.valence <= NEGATIVE) as u8 as f64;
    for (s, d) in row[4..4 + dims].iter_mut().zip(&m.dimensions) {
        *s += d;
    }
    for (s, &f) in row[4 + dims..].iter_mut().zip(framed) {
        *s += f as u8 as f64;
    }
}

/// Per (faction, voice) sums per paragraph, in (faction, voice) order.
fn groups(
    doc: &DocumentFraming,
    width: usize,
    term_dimension: &[usize],
    first_person: bool,
) -> Result<BTreeMap<(usize, usize), Group>> {
    let dims = (width - 4) / 2;
    let mut framed = vec![false; dims];
    let mut groups: BTreeMap<(usize, usize), Group> = BTreeMap::new();
    doc.for_each_mention(|paragraph, _, m| {
        if !first_person && m.kind == MentionKind::FirstPerson {
            return Ok(());
        }
        mark_framed(m, term_dimension, &mut framed);
        for voice in [voice_index(m.voice), 2] {
            let g = groups.entry((m.faction, voice)).or_default();
            if g.paragraphs.last() != Some(&paragraph) {
                g.paragraphs.push(paragraph);
                g.values.extend(std::iter::repeat_n(0.0, width));
            }
            let at = g.values.len() - width;
            let v = &mut g.values[at..];
            add_mention(v, m, &framed);
        }
        Ok(())
    })?;
    // "all" is the union of narrator and quoted: its replicates add theirs.
    let keys: Vec<(usize, usize)> = groups.keys().copied().collect();
    for (f, voice) in keys.iter().copied().filter(|k| k.1 == 2) {
        let parts: Vec<usize> = (0..2)
            .filter_map(|v| keys.iter().position(|&k| k == (f, v)))
            .collect();
        if let Some(g) = groups.get_mut(&(f, voice)) {
            g.parts = parts;
        }
    }
    Ok(groups)
}

/// FNV-1a, 64 bits: a stable hash of a document id for its bootstrap seed (so adding a
/// document does not change the others' intervals).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01B3)
    })
}

/// `framing_terms.csv` rows: per document, faction and voice, each word's hits and summed
/// contribution (weight after negation, boosters and attribution share; VADER valence for
/// dimension `valence`). Order: document order, faction in the lexicon's order, voice,
/// dimension (`valence` first, then the lexicon's), larger absolute contribution first, term.
///
/// ```
/// use corpus_lens::framing::summary::{term_rows, DocumentFraming};
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let mut doc = DocumentFraming::default();
/// doc.add(8, Some(framer.score_text("The treacherous Mensheviks. The treacherous Cadets.")));
/// let rows = term_rows(&framer, &[("memoir".into(), doc)])?;
/// let honesty: Vec<(&str, u64)> = rows
///     .iter()
///     .filter(|r| r.dimension == "honesty")
///     .map(|r| (r.faction.as_str(), r.hits))
///     .collect();
/// assert_eq!(honesty.len(), 2); // one row per faction
/// assert!(honesty.iter().all(|&(_, hits)| hits == 1));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn term_rows(framer: &Framer, documents: &[(String, DocumentFraming)]) -> Result<Vec<TermRow>> {
    let lexicon = framer.lexicon();
    let mut rows = Vec::new();
    for (id, doc) in documents {
        // (faction, voice, dimension slot, term) -> (hits, contribution), with a term as
        // its lexicon index (even) or a VADER word's index in `words` (odd): no string is
        // made per hit. Each sum still adds its hits in text order.
        let mut acc: FxHashMap<(usize, usize, usize, usize), (u64, f64)> = FxHashMap::default();
        let mut words: FxHashMap<String, usize> = FxHashMap::default();
        doc.for_each_mention(|_, _, m| {
            for hit in &m.hits {
                let (slot, term) = match &hit.source {
                    Source::Valence(w) => {
                        let k = match words.get(w.as_str()) {
                            Some(&k) => k,
                            None => {
                                let k = words.len();
                                words.insert(w.clone(), k);
                                k
                            }
                        };
                        (0, 2 * k + 1)
                    }
                    Source::Term(t) => (1 + lexicon.terms()[*t].dimension, 2 * *t),
                };
                let e = acc
                    .entry((m.faction, voice_index(m.voice), slot, term))
                    .or_insert((0, 0.0));
                e.0 += 1;
                e.1 += hit.weight;
            }
            Ok(())
        })?;
        let mut word_of = vec![""; words.len()];
        for (w, &k) in &words {
            word_of[k] = w.as_str();
        }
        let mut doc_rows: Vec<((usize, usize, usize), TermRow)> = acc
            .into_iter()
            .map(|((f, v, slot, term), (hits, contribution))| {
                let term = if term % 2 == 1 {
                    word_of[term / 2].to_string()
                } else {
                    lexicon.terms()[term / 2].term.clone()
                };
                let dimension = if slot == 0 {
                    "valence".to_string()
                } else {
                    lexicon.dimensions()[slot - 1].id.clone()
                };
                let row = TermRow {
                    document: id.clone(),
                    faction: framer.factions().factions()[f].id.clone(),
                    voice: VOICES[v],
                    term,
                    dimension,
                    hits,
                    contribution,
                };
                ((f, v, slot), row)
            })
            .collect();
        doc_rows.sort_by(|(a, x), (b, y)| {
            a.cmp(b)
                .then(y.contribution.abs().total_cmp(&x.contribution.abs()))
                .then_with(|| x.term.cmp(&y.term))
        });
        rows.extend(doc_rows.into_iter().map(|(_, r)| r));
    }
    Ok(rows)
}

/// The faction x dimension matrix of one document's narrator-voice means (rows: factions
/// in the lexicon's order; NaN where a faction has no narrator mention), built with ndarray.
///
/// ```
/// use corpus_lens::framing::summary::{dimension_matrix, DocumentFraming};
/// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
/// # let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n[[faction]]\nid = \"army\"\naliases = [\"army\"]\n", "f.toml".as_ref())?;
/// # let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"honesty\"\npositive = \"p\"\nnegative = \"n\"\n[[term]]\nterm = \"treachery\"\ndimension = \"honesty\"\nweight = -0.9\n", "l.toml".as_ref())?;
/// let framer = Framer::new(factions, lexicon, Context::Sentence);
/// let mut doc = DocumentFraming::default();
/// doc.add(5, Some(framer.score_text("The treachery of the Cadets.")));
/// let m = dimension_matrix(&framer, &doc)?;
/// assert_eq!(m.dim(), (2, 1));
/// assert_eq!(m[[0, 0]], -0.9);
/// assert!(m[[1, 0]].is_nan());
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn dimension_matrix(framer: &Framer, doc: &DocumentFraming) -> Result<Array2<f64>> {
    Ok(matrix_and_counts(framer, doc)?.0)
}

/// The [`dimension_matrix`] and each faction's narrator mentions.
fn matrix_and_counts(framer: &Framer, doc: &DocumentFraming) -> Result<(Array2<f64>, Vec<u64>)> {
    let factions = framer.factions().factions().len();
    let dims = framer.lexicon().dimensions().len();
    let mut sums = Array2::<f64>::zeros((factions, dims));
    let mut counts = vec![0u64; factions];
    doc.each_mention(false, |_, _, m| {
        if m.voice != Voice::Narrator {
            return Ok(());
        }
        counts[m.faction] += 1;
        for (d, x) in m.dimensions.iter().enumerate() {
            sums[[m.faction, d]] += x;
        }
        Ok(())
    })?;
    for (f, mut row) in sums.rows_mut().into_iter().enumerate() {
        let n = counts[f];
        row.mapv_inplace(|x| if n == 0 { f64::NAN } else { x / n as f64 });
    }
    Ok((sums, counts))
}

/// The file of the faction x dimension matrices.
pub const MATRIX_FILE: &str = crate::schema::FRAMING_MATRIX.file;

/// Writes every document's [`dimension_matrix`] as CSV: `document`, `faction`, `mentions`
/// (narrator), then one column per dimension (the header of [`matrix_layout`]); only
/// factions with narrator mentions.
///
/// ```
/// use corpus_lens::framing::summary::{write_matrix, DocumentFraming};
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let mut doc = DocumentFraming::default();
/// doc.add(4, Some(framer.score_text("The treacherous Mensheviks.")));
/// let mut csv = Vec::new();
/// write_matrix(&mut csv, &framer, &[("memoir".into(), doc)])?;
/// let csv = String::from_utf8(csv).unwrap();
/// let lines: Vec<&str> = csv.lines().collect();
/// assert_eq!(lines[0], "document,faction,mentions,strength,legitimacy,honesty,support,order,revolution");
/// assert_eq!(lines[1], "memoir,mensheviks,1,0.0,0.0,-0.9,0.0,0.0,0.0");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn write_matrix<W: Write>(
    out: &mut W,
    framer: &Framer,
    documents: &[(String, DocumentFraming)],
) -> Result<()> {
    let mut buf = Vec::new();
    matrix_layout(framer).write_header(&mut buf);
    for (id, doc) in documents {
        let (m, counts) = matrix_and_counts(framer, doc)?;
        for (f, row) in m.rows().into_iter().enumerate() {
            if counts[f] == 0 {
                continue;
            }
            id.write_cell(&mut buf);
            buf.push(b',');
            framer.factions().factions()[f].id.write_cell(&mut buf);
            buf.push(b',');
            counts[f].write_cell(&mut buf);
            for x in row {
                buf.push(b',');
                x.write_cell(&mut buf);
            }
            buf.push(b'\n');
        }
    }
    out.write_all(&buf).map_err(|e| Error::io(MATRIX_FILE, e))
}

/// Writes `framing_mentions.csv`: the fixed columns of [`crate::schema::FRAMING_MENTIONS`]
/// with one column per dimension of the lexicon in use after `valence`. `terms` lists the
/// hits as `term:dimension:weight`, `|`-separated, in text order.
///
/// ```
/// use corpus_lens::framing::summary::{write_mentions, DocumentFraming};
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let mut doc = DocumentFraming::default();
/// doc.add(4, Some(framer.score_text("The treacherous Mensheviks.")));
/// let mut csv = Vec::new();
/// write_mentions(&mut csv, &framer, &[("memoir".into(), doc)])?;
/// let csv = String::from_utf8(csv).unwrap();
/// let row = csv.lines().nth(1).unwrap();
/// assert!(row.starts_with("memoir,0,0,16,mensheviks,Mensheviks,alias,narrator,"));
/// assert!(row.ends_with("treacherous:honesty:-0.9"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn write_mentions<W: Write>(
    out: &mut W,
    framer: &Framer,
    documents: &[(String, DocumentFraming)],
) -> Result<()> {
    let dims = framer.lexicon().dimensions();
    let mut buf = Vec::with_capacity(1 << 16);
    mention_layout(framer).write_header(&mut buf);
    let (mut terms, mut alias) = (String::new(), String::new());
    for (id, doc) in documents {
        doc.for_each_mention(|paragraph, offset, m| {
            let f = &framer.factions().factions()[m.faction];
            id.write_cell(&mut buf);
            buf.push(b',');
            paragraph.write_cell(&mut buf);
            buf.push(b',');
            m.sentence.write_cell(&mut buf);
            buf.push(b',');
            (offset + m.offset as u64).write_cell(&mut buf);
            buf.push(b',');
            f.id.write_cell(&mut buf);
            buf.push(b',');
            // The alias on one line: its runs of whitespace as one space each.
            alias.clear();
            for (k, word) in m.alias.split_whitespace().enumerate() {
                if k > 0 {
                    alias.push(' ');
                }
                alias.push_str(word);
            }
            alias.write_cell(&mut buf);
            buf.push(b',');
            m.kind.as_str().write_cell(&mut buf);
            buf.push(b',');
            m.voice.as_str().write_cell(&mut buf);
            buf.push(b',');
            m.valence.write_cell(&mut buf);
            for d in &m.dimensions {
                buf.push(b',');
                d.write_cell(&mut buf);
            }
            buf.push(b',');
            terms.clear();
            for (k, hit) in m.hits.iter().enumerate() {
                if k > 0 {
                    terms.push('|');
                }
                let (term, dim) = match &hit.source {
                    Source::Valence(w) => (w.as_str(), "valence"),
                    Source::Term(t) => {
                        let t = &framer.lexicon().terms()[*t];
                        (t.term.as_str(), dims[t.dimension].id.as_str())
                    }
                };
                terms.push_str(term);
                terms.push(':');
                terms.push_str(dim);
                terms.push(':');
                crate::rows::push_float(&mut terms, hit.weight);
            }
            terms.write_cell(&mut buf);
            buf.push(b'\n');
            if buf.len() >= 1 << 16 {
                out.write_all(&buf)
                    .map_err(|e| Error::io("framing_mentions.csv", e))?;
                buf.clear();
            }
            Ok(())
        })?;
    }
    out.write_all(&buf)
        .map_err(|e| Error::io("framing_mentions.csv", e))
}

/// The framer's dimension ids, in the lexicon's order: the names of the `<dimension>`
/// columns.
fn dimension_names(framer: &Framer) -> Vec<&str> {
    let dims = framer.lexicon().dimensions();
    dims.iter().map(|d| d.id.as_str()).collect()
}

/// The columns of `framing_mentions.csv` for this framer's lexicon
/// ([`crate::schema::FRAMING_MENTIONS`] with one column per dimension after `valence`).
///
/// ```
/// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
/// # let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n", "f.toml".as_ref())?;
/// # let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"honesty\"\n[[term]]\nterm = \"lie\"\ndimension = \"honesty\"\nweight = -0.5\n", "l.toml".as_ref())?;
/// let framer = Framer::new(factions, lexicon, Context::Sentence);
/// let header = corpus_lens::framing::summary::mention_layout(&framer).header().join(",");
/// assert!(header.ends_with(",voice,valence,honesty,terms"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn mention_layout(framer: &Framer) -> Layout {
    crate::schema::FRAMING_MENTIONS.layout(&dimension_names(framer))
}

/// The columns of `framing_matrix.csv` for this framer's lexicon
/// ([`crate::schema::FRAMING_MATRIX`]).
///
/// ```
/// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
/// # let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n", "f.toml".as_ref())?;
/// # let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"honesty\"\n[[term]]\nterm = \"lie\"\ndimension = \"honesty\"\nweight = -0.5\n", "l.toml".as_ref())?;
/// let framer = Framer::new(factions, lexicon, Context::Sentence);
/// let layout = corpus_lens::framing::summary::matrix_layout(&framer);
/// assert_eq!(layout.header(), ["document", "faction", "mentions", "honesty"]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn matrix_layout(framer: &Framer) -> Layout {
    crate::schema::FRAMING_MATRIX.layout(&dimension_names(framer))
}

/// An error when a dimension of the framer's lexicon has the name of a fixed column of
/// `framing_mentions.csv` or `framing_matrix.csv` (`valence`, `mentions`, ...): the table
/// would have two columns of that name. Check it before the run, not after.
///
/// ```
/// # use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Framer, Context}};
/// # let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n", "f.toml".as_ref())?;
/// let lexicon = Lexicon::parse_toml("[[dimension]]\nid = \"valence\"\n[[term]]\nterm = \"lie\"\ndimension = \"valence\"\nweight = -0.5\n", "l.toml".as_ref())?;
/// let framer = Framer::new(factions, lexicon, Context::Sentence);
/// let err = corpus_lens::framing::summary::check_columns(&framer).unwrap_err();
/// assert!(err.to_string().contains("two columns named \"valence\""));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn check_columns(framer: &Framer) -> Result<()> {
    mention_layout(framer).check_unique()?;
    matrix_layout(framer).check_unique()
}
