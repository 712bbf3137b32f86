//! Grammatical collocations, word sketches (Kilgarriff et al. 2004), as an analysis of the
//! trait ([`Relations`]): the counts of `relations.csv` and `corpus-lens sketch`.
//!
//! Takes each paragraph's sentences; tags, lemmatizes and parses them (the tagger, lemmas
//! and parser of [`crate::syntax`], lemmas lowercased and folded as in `lemmas.csv`); gives,
//! for each node lemma, how often each collocate lemma stands to it in each grammatical
//! relation, with the counts logDice needs. The relations, read off Universal Dependencies
//! labels (`x` the node's side, `y` the collocate's):
//!
//! | relation | x | y | from |
//! |---|---|---|---|
//! | `subject_of` / `has_subject` | subject | verb | `nsubj` |
//! | `object_of` / `has_object` | object (or passive subject) | verb | `obj`, `nsubj:pass` |
//! | `modifier` / `modifies` | modified word / its modifier | | `amod`, `compound` |
//! | `and_or` | either conjunct | the other | `conj` |
//! | `possessor` / `possessed` | possessed / its possessor | | `nmod:poss` |
//! | `pp_<preposition>` | head | the preposition's object | `obl`, `nmod` with a `case` child |
//!
//! logDice (Rychlý 2008) of node `x`, relation `R` and collocate `y`:
//! `14 + log2(2 f(x,R,y) / (f(x,R) + f(R,y)))`, where `f(x,R)` counts `x` in `R` with any
//! collocate and `f(R,y)` counts `y` as the collocate of any word in `R`; at most 14, and
//! independent of the corpus size.

use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::analyses::lemmas::LemmaOptions;
use crate::count::aggregate::{Aggregate, ParagraphView, Partial};
use crate::count::spill::Spill;
use crate::error::Result;
use crate::rows::table_row;
use crate::syntax::text::paragraph_spans;
use crate::syntax::Scratch;
pub use crate::text::read::Place;
use crate::text::tokenize::fold_case;

/// The nodes of a sketch and how lemmas are made.
///
/// ```
/// use corpus_lens::analyses::{lemmas::LemmaOptions, sketch::SketchOptions};
/// let options = SketchOptions::new(LemmaOptions::load_default()?.into(), &["Bolsheviki", "soviet"]);
/// assert_eq!(options.nodes, ["bolshevik", "soviet"]); // folded as the lemmas are
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct SketchOptions {
    /// The tagger, parser and variants.
    pub lemmas: Arc<LemmaOptions>,
    /// The node lemmas, lowercased and folded by the variants, in the order given.
    pub nodes: Vec<String>,
    /// The nodes as given (the `node` column).
    pub labels: Vec<String>,
}

impl SketchOptions {
    /// Options for these node words (each one word, given as a lemma).
    ///
    /// ```
    /// use corpus_lens::analyses::{lemmas::LemmaOptions, sketch::SketchOptions};
    /// let options = SketchOptions::new(LemmaOptions::load_default()?.into(), &["Lenine"]);
    /// assert_eq!((options.nodes[0].as_str(), options.labels[0].as_str()), ("lenin", "Lenine"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn new<S: AsRef<str>>(lemmas: Arc<LemmaOptions>, nodes: &[S]) -> SketchOptions {
        let mut folded = String::new();
        let nodes_out = nodes
            .iter()
            .map(|n| {
                fold_case(n.as_ref().trim(), &mut folded);
                let v = lemmas.variants.fold(&folded, &folded);
                v.unwrap_or(&folded).to_string()
            })
            .collect();
        SketchOptions {
            lemmas,
            nodes: nodes_out,
            labels: nodes
                .iter()
                .map(|n| n.as_ref().trim().to_string())
                .collect(),
        }
    }
}

/// Counts grammatical relations: an [`Aggregate`] whose output is [`SketchCounts`].
///
/// ```
/// use corpus_lens::analyses::{lemmas::LemmaOptions, sketch::{Relations, SketchCounts, SketchOptions}};
/// use corpus_lens::count::{aggregate::AnyAggregate, engine::Engine};
/// use corpus_lens::corpus::Corpus;
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), "The Bolsheviki seized the bridges.\n")?;
/// let options = SketchOptions::new(LemmaOptions::load_default()?.into(), &["bolshevik"]);
/// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Relations(options.into()))];
/// let (_, outputs) = Engine::default().run(&Corpus::from_inputs(&[dir.path()])?, &list)?;
/// let counts = outputs[0].downcast_ref::<SketchCounts>().unwrap();
/// assert_eq!(counts.corpus.triples[&(0, "subject_of".to_string(), "seize".to_string())], 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Relations(pub Arc<SketchOptions>);

/// Relation counts of one document or of the corpus.
///
/// ```
/// let counts = corpus_lens::analyses::sketch::RelationCounts::default();
/// assert!(counts.triples.is_empty() && counts.collocates.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RelationCounts {
    /// `f(x,R,y)`: (node index, relation, collocate lemma) -> count.
    pub triples: FxHashMap<(u16, String, String), u64>,
    /// `f(R,y)`: (relation, collocate lemma) -> count, over every word of the text.
    pub collocates: FxHashMap<(String, String), u64>,
    /// Where each triple is first seen in the document: the node word's place, to cite.
    pub first: FxHashMap<(u16, String, String), Place>,
}

impl RelationCounts {
    fn add(&mut self, other: &RelationCounts) {
        self.add_counts(other);
        for (k, place) in &other.first {
            self.see(k, place);
        }
    }

    fn add_counts(&mut self, other: &RelationCounts) {
        for (k, v) in &other.triples {
            *self.triples.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.collocates {
            *self.collocates.entry(k.clone()).or_default() += v;
        }
    }

    /// Keeps `place` for triple `k` if it comes before the one kept.
    fn see(&mut self, k: &(u16, String, String), place: &Place) {
        match self.first.get_mut(k) {
            Some(kept) if *kept <= *place => {}
            Some(kept) => *kept = place.clone(),
            None => {
                self.first.insert(k.clone(), place.clone());
            }
        }
    }
}

/// What [`Relations`] finishes into: the counts over the corpus and per document (in
/// corpus order).
///
/// ```
/// let counts = corpus_lens::analyses::sketch::SketchCounts::default();
/// assert!(counts.documents.is_empty());
/// ```
#[derive(Debug, Clone, Default)]
pub struct SketchCounts {
    /// Over the whole corpus.
    pub corpus: RelationCounts,
    /// Per document, with its index in the corpus.
    pub documents: Vec<(usize, RelationCounts)>,
    /// For the corpus's rows: the index of the first document with each triple (whose
    /// place `corpus.first` holds).
    pub first_document: FxHashMap<(u16, String, String), usize>,
}

/// A document's [`RelationCounts`] as plain data (lemmas are strings: nothing to map):
/// `(node, relation, collocate, count)`, `(relation, collocate, count)` and
/// `(node, relation, collocate, byte offset, line, page)` of the first places.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct SavedRelations {
    triples: Vec<(u16, String, String, u64)>,
    collocates: Vec<(String, String, u64)>,
    first: Vec<(u16, String, String, u64, u64, String)>,
}

impl RelationCounts {
    /// The counts as plain data, each list sorted.
    pub(crate) fn save(&self) -> SavedRelations {
        let mut saved = SavedRelations {
            triples: (self.triples.iter())
                .map(|((n, r, c), v)| (*n, r.clone(), c.clone(), *v))
                .collect(),
            collocates: (self.collocates.iter())
                .map(|((r, c), v)| (r.clone(), c.clone(), *v))
                .collect(),
            first: (self.first.iter())
                .map(|((n, r, c), p)| {
                    (
                        *n,
                        r.clone(),
                        c.clone(),
                        p.byte_offset,
                        p.line,
                        p.page.clone(),
                    )
                })
                .collect(),
        };
        saved.triples.sort_unstable();
        saved.collocates.sort_unstable();
        saved.first.sort_unstable();
        saved
    }

    /// The counts [`RelationCounts::save`] gave.
    pub(crate) fn load(saved: SavedRelations) -> RelationCounts {
        RelationCounts {
            triples: (saved.triples.into_iter())
                .map(|(n, r, c, v)| ((n, r, c), v))
                .collect(),
            collocates: (saved.collocates.into_iter())
                .map(|(r, c, v)| ((r, c), v))
                .collect(),
            first: (saved.first.into_iter())
                .map(|(n, r, c, byte_offset, line, page)| {
                    let place = Place {
                        byte_offset,
                        line,
                        page,
                    };
                    ((n, r, c), place)
                })
                .collect(),
        }
    }
}

/// Reusable buffers of one worker.
///
/// ```
/// let scratch = corpus_lens::analyses::sketch::SketchScratch::default();
/// # let _ = scratch;
/// ```
#[derive(Default)]
pub struct SketchScratch {
    syntax: Scratch,
    spans: Vec<Range<usize>>,
    words: Vec<Range<usize>>,
    parsed: Vec<(String, String, u32, String)>,
    buf: String,
}

impl std::fmt::Debug for SketchScratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SketchScratch").finish_non_exhaustive()
    }
}

/// The relations of one parsed sentence: `(x's word, relation, y's word)` for each
/// dependency of the table in the module's documentation. `parsed[i]` is word `i`'s
/// (lemma, UPOS, head from 1 or 0, DEPREL).
///
/// ```
/// use corpus_lens::analyses::sketch::sentence_relations;
/// let w = |l: &str, u: &str, h: u32, d: &str| (l.to_string(), u.to_string(), h, d.to_string());
/// // "Red guards seized the bridge of the town"
/// let parsed = [w("red", "ADJ", 2, "amod"), w("guard", "NOUN", 3, "nsubj"), w("seize", "VERB", 0, "root"),
///     w("the", "DET", 5, "det"), w("bridge", "NOUN", 3, "obj"), w("of", "ADP", 8, "case"),
///     w("the", "DET", 8, "det"), w("town", "NOUN", 5, "nmod")];
/// let mut out = Vec::new();
/// sentence_relations(&parsed, |x, r, y| out.push((x, r.to_string(), y)));
/// assert!(out.contains(&(1, "subject_of".into(), 2)) && out.contains(&(2, "has_subject".into(), 1)));
/// assert!(out.contains(&(4, "object_of".into(), 2)) && out.contains(&(1, "modifier".into(), 0)));
/// assert!(out.contains(&(4, "pp_of".into(), 7)));
/// ```
pub fn sentence_relations(
    parsed: &[(String, String, u32, String)],
    mut f: impl FnMut(usize, &str, usize),
) {
    for (d, (_, _, head, deprel)) in parsed.iter().enumerate() {
        let Some(h) = (*head as usize)
            .checked_sub(1)
            .filter(|&h| h < parsed.len())
        else {
            continue;
        };
        let base = deprel.split(':').next().unwrap_or(deprel);
        match (deprel.as_str(), base) {
            ("nsubj:pass", _) | (_, "obj") => {
                f(d, "object_of", h);
                f(h, "has_object", d);
            }
            (_, "nsubj") => {
                f(d, "subject_of", h);
                f(h, "has_subject", d);
            }
            ("nmod:poss", _) => {
                f(h, "possessor", d);
                f(d, "possessed", h);
            }
            (_, "amod") | (_, "compound") => {
                f(h, "modifier", d);
                f(d, "modifies", h);
            }
            (_, "conj") => {
                f(h, "and_or", d);
                f(d, "and_or", h);
            }
            (_, "obl") | (_, "nmod") => {
                let case = parsed
                    .iter()
                    .enumerate()
                    .find(|(c, w)| w.2 as usize == d + 1 && w.3 == "case" && *c != d);
                if let Some((_, (prep, _, _, _))) = case {
                    f(h, &format!("pp_{prep}"), d);
                }
            }
            _ => {}
        }
    }
}

impl Aggregate for Relations {
    crate::count::aggregate::no_setup!();
    type Scratch = SketchScratch;
    type Paragraph = RelationCounts;
    /// A document's counts are its paragraphs' added together.
    type Document = Self::Paragraph;
    type Output = SketchCounts;

    fn count(
        &self,
        _: &(),
        paragraph: &ParagraphView<'_>,
        SketchScratch {
            syntax,
            spans,
            words,
            parsed,
            buf,
        }: &mut SketchScratch,
    ) -> RelationCounts {
        let options = &*self.0;
        let lemmas = &options.lemmas;
        let text = paragraph.normalized.as_str();
        spans.clear();
        paragraph_spans(text, spans);
        let mut out = RelationCounts::default();
        let mut t = 0;
        let sentences = paragraph.sentences;
        for (s, sentence) in sentences.iter().enumerate() {
            let last = s + 1 == sentences.len();
            words.clear();
            while t < spans.len() && (last || spans[t].start < sentence.end) {
                let span = spans[t].clone();
                let b = text[span.clone()].as_bytes();
                let n = b.len();
                if n > 2 && b[n - 2] == b'\'' && (b[n - 1] | 0x20) == b's' {
                    words.push(span.start..span.end - 2);
                    words.push(span.end - 2..span.end);
                } else {
                    words.push(span);
                }
                t += 1;
            }
            parsed.clear();
            let forms = words.iter().map(|r| &text[r.clone()]);
            lemmas
                .model
                .tag_parse(forms, syntax, |i, upos, lemma, head, deprel| {
                    fold_case(&text[words[i].clone()], buf);
                    let mut folded = String::new();
                    fold_case(lemma, &mut folded);
                    if let Some(v) = lemmas.variants.fold(buf, &folded) {
                        folded = v.to_string();
                    }
                    parsed.push((folded, upos.to_string(), head, deprel.to_string()));
                });
            sentence_relations(parsed, |x, r, y| {
                let collocate = &parsed[y].0;
                *out.collocates
                    .entry((r.to_string(), collocate.clone()))
                    .or_default() += 1;
                for (k, node) in options.nodes.iter().enumerate() {
                    if parsed[x].0 == *node {
                        let key = (k as u16, r.to_string(), collocate.clone());
                        let at = paragraph.normalized.original_range(words[x].clone()).start;
                        let (byte_offset, line) = paragraph.place_of(at);
                        let page = paragraph.page.unwrap_or_default().to_string();
                        out.see(
                            &key,
                            &Place {
                                byte_offset,
                                line,
                                page,
                            },
                        );
                        *out.triples.entry(key).or_default() += 1;
                    }
                }
            });
        }
        out
    }

    fn open(&self, _: &Spill) -> RelationCounts {
        RelationCounts::default()
    }

    fn add(&self, document: &mut RelationCounts, paragraph: RelationCounts) {
        document.add(&paragraph);
    }

    fn finish(&self, partial: Partial<RelationCounts>) -> Result<SketchCounts> {
        let documents = partial.into_documents();
        let mut corpus = RelationCounts::default();
        let mut first_document = FxHashMap::default();
        for (i, d) in &documents {
            corpus.add_counts(d);
            // Places of different files do not compare: the corpus keeps the first
            // document's (documents come in corpus order).
            for (k, place) in &d.first {
                if !corpus.first.contains_key(k) {
                    corpus.first.insert(k.clone(), place.clone());
                    first_document.insert(k.clone(), *i);
                }
            }
        }
        Ok(SketchCounts {
            corpus,
            documents,
            first_document,
        })
    }
}

table_row! {
    /// A row of `relations.csv` (see [`crate::tables::RELATIONS`]).
    ///
    /// ```
    /// let row = corpus_lens::analyses::sketch::RelationRow {
    ///     document: "(corpus)".into(), node: "Soviet".into(), relation: "subject_of".into(),
    ///     collocate: "decide".into(), count: 3, f_node_relation: 10, f_collocate_relation: 6,
    ///     log_dice: Some(13.0), first_document: "reed1919".into(), line: 40, byte_offset: 2_310,
    ///     page: String::new(),
    /// };
    /// assert_eq!(row.count, 3);
    /// ```
    #[derive(Debug, Clone, PartialEq, Serialize)]
    #[allow(missing_docs)]
    pub struct RelationRow {
        pub document: String,
        pub node: String,
        pub relation: String,
        pub collocate: String,
        pub count: u64,
        pub f_node_relation: u64,
        pub f_collocate_relation: u64,
        pub log_dice: Option<f64>,
        pub first_document: String,
        pub line: u64,
        pub byte_offset: u64,
        pub page: String,
    }
}

/// logDice (Rychlý 2008): `14 + log2(2 f_xry / (f_xr + f_ry))`.
///
/// ```
/// use corpus_lens::analyses::sketch::log_dice;
/// assert_eq!(log_dice(5, 5, 5), 14.0); // always together
/// assert!((log_dice(1, 10, 30) - (14.0 + (2.0f64 / 40.0).log2())).abs() < 1e-12);
/// ```
pub fn log_dice(f_xry: u64, f_xr: u64, f_ry: u64) -> f64 {
    14.0 + (2.0 * f_xry as f64 / (f_xr + f_ry) as f64).log2()
}

/// The rows of `relations.csv`: for the corpus (`document` = `(corpus)`) then each document
/// (ids `documents`, in corpus order), each node in the order given, its relations by name,
/// within a relation collocates by count descending then logDice descending then lemma;
/// only triples seen at least `min_count` times.
///
/// ```
/// use corpus_lens::analyses::{lemmas::LemmaOptions, sketch::*};
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config}};
/// let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("a.txt"), "The Bolsheviki seized the bridges. The Bolsheviks seized power.\n")?;
/// let options = std::sync::Arc::new(SketchOptions::new(LemmaOptions::load_default()?.into(), &["bolshevik"]));
/// let mut config = Config::default();
/// config.count.sketch = Some(options.clone());
/// let analysis = Analyzer::new(config).run(&Corpus::from_inputs(&[dir.path()])?)?;
/// let rows = relation_rows(analysis.sketch.as_ref().unwrap(), &options, &["a".to_string()], 1);
/// let seize = rows.iter().find(|r| r.relation == "subject_of" && r.collocate == "seize").unwrap();
/// assert_eq!((seize.document.as_str(), seize.count, seize.log_dice), ("(corpus)", 2, Some(14.0)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn relation_rows(
    counts: &SketchCounts,
    options: &SketchOptions,
    documents: &[String],
    min_count: u64,
) -> Vec<RelationRow> {
    let id = |i: usize| documents.get(i).map_or("", String::as_str);
    let first_of_corpus = |k: &(u16, String, String)| id(counts.first_document[k]);
    let mut rows = block(
        "(corpus)",
        &counts.corpus,
        options,
        min_count,
        &first_of_corpus,
    );
    for (i, d) in &counts.documents {
        rows.extend(block(id(*i), d, options, min_count, &|_| id(*i)));
    }
    rows
}

fn block<'a>(
    document: &str,
    counts: &RelationCounts,
    options: &SketchOptions,
    min_count: u64,
    first_document: &dyn Fn(&(u16, String, String)) -> &'a str,
) -> Vec<RelationRow> {
    let mut f_xr: FxHashMap<(u16, &str), u64> = FxHashMap::default();
    for ((x, r, _), n) in &counts.triples {
        *f_xr.entry((*x, r.as_str())).or_default() += n;
    }
    let mut keyed: Vec<(u16, RelationRow)> = counts
        .triples
        .iter()
        .filter(|&(_, &n)| n >= min_count.max(1))
        .map(|(key, &n)| {
            let (x, r, y) = key;
            let fxr = f_xr[&(*x, r.as_str())];
            let fry = counts.collocates[&(r.clone(), y.clone())];
            let place = &counts.first[key];
            let row = RelationRow {
                document: document.to_string(),
                node: options.labels[*x as usize].clone(),
                relation: r.clone(),
                collocate: y.clone(),
                count: n,
                f_node_relation: fxr,
                f_collocate_relation: fry,
                log_dice: crate::rows::finite(log_dice(n, fxr, fry)),
                first_document: first_document(key).to_string(),
                line: place.line,
                byte_offset: place.byte_offset,
                page: place.page.clone(),
            };
            (*x, row)
        })
        .collect();
    keyed.sort_by(|(xa, a), (xb, b)| {
        xa.cmp(xb)
            .then_with(|| a.relation.cmp(&b.relation))
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| {
                b.log_dice
                    .partial_cmp(&a.log_dice)
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .then_with(|| a.collocate.cmp(&b.collocate))
    });
    keyed.into_iter().map(|(_, r)| r).collect()
}
