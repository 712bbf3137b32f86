//! The other framing tables: `framing_terms.csv`'s rows, the faction x dimension matrix,
//! `framing_mentions.csv`, and the columns of the last two.

use std::io::Write;

use ndarray::Array2;
use rustc_hash::FxHashMap;

use crate::error::Result;
use crate::framing::framer::Framer;
use crate::framing::scored::{Source, Voice};
use crate::framing::summary::document::DocumentFraming;
use crate::framing::summary::measures::{voice_index, VOICES};
use crate::rows::{table_row, Cell, CsvRows, RowSink};
use crate::schema::Layout;

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
    let mut rows = CsvRows::new(out, MATRIX_FILE);
    let mut header = Vec::new();
    matrix_layout(framer).write_header(&mut header);
    rows.raw(&header);
    put_matrix(&mut rows, framer, documents)?;
    rows.finish()
}

/// Gives the rows of [`write_matrix`] (without the header) to `rows`, cell by cell.
///
/// ```
/// use corpus_lens::framing::summary::{put_matrix, DocumentFraming};
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// use corpus_lens::tables::CsvRows;
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let mut doc = DocumentFraming::default();
/// doc.add(4, Some(framer.score_text("The treacherous Mensheviks.")));
/// let mut csv = Vec::new();
/// let mut rows = CsvRows::new(&mut csv, "framing_matrix.csv");
/// put_matrix(&mut rows, &framer, &[("memoir".into(), doc)])?;
/// rows.finish()?;
/// assert_eq!(csv, b"memoir,mensheviks,1,0.0,0.0,-0.9,0.0,0.0,0.0\n");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn put_matrix(
    rows: &mut dyn RowSink,
    framer: &Framer,
    documents: &[(String, DocumentFraming)],
) -> Result<()> {
    for (id, doc) in documents {
        let (m, counts) = matrix_and_counts(framer, doc)?;
        for (f, row) in m.rows().into_iter().enumerate() {
            if counts[f] == 0 {
                continue;
            }
            id.put(rows);
            framer.factions().factions()[f].id.put(rows);
            counts[f].put(rows);
            for x in row {
                x.put(rows);
            }
            rows.end_row()?;
        }
    }
    Ok(())
}

/// Writes `framing_mentions.csv`: the fixed columns of [`crate::schema::FRAMING_MENTIONS`]
/// with one column per dimension of the lexicon in use after `valence`. `terms` lists the
/// hits as `term:dimension:weight`, `|`-separated, in text order; `stance`,
/// `stance_score`, `stance_terms` and `stance_score_words` are empty without a stance
/// model; `line`, `page` and `stance_score_words` last.
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
/// assert!(row.ends_with("treacherous:honesty:-0.9,,,,0,,")); // no stance; line and page set by the engine
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn write_mentions<W: Write>(
    out: &mut W,
    framer: &Framer,
    documents: &[(String, DocumentFraming)],
) -> Result<()> {
    let mut rows = CsvRows::new(out, crate::schema::FRAMING_MENTIONS.file);
    let mut header = Vec::new();
    mention_layout(framer).write_header(&mut header);
    rows.raw(&header);
    put_mentions(&mut rows, framer, documents)?;
    rows.finish()
}

/// Gives the rows of [`write_mentions`] (without the header) to `rows`, cell by cell.
///
/// ```
/// use corpus_lens::framing::summary::{put_mentions, DocumentFraming};
/// use corpus_lens::{factions::FactionSet, lexicon::Lexicon, framing::{Context, Framer}};
/// use corpus_lens::tables::CsvRows;
/// let framer = Framer::new(FactionSet::load_default()?, Lexicon::load_default()?, Context::Sentence);
/// let mut doc = DocumentFraming::default();
/// doc.add(4, Some(framer.score_text("The treacherous Mensheviks.")));
/// let mut csv = Vec::new();
/// let mut rows = CsvRows::new(&mut csv, "framing_mentions.csv");
/// put_mentions(&mut rows, &framer, &[("memoir".into(), doc)])?;
/// rows.finish()?;
/// assert!(String::from_utf8(csv).unwrap().starts_with("memoir,0,0,16,mensheviks,"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn put_mentions(
    rows: &mut dyn RowSink,
    framer: &Framer,
    documents: &[(String, DocumentFraming)],
) -> Result<()> {
    let dims = framer.lexicon().dimensions();
    let (mut terms, mut alias) = (String::new(), String::new());
    for (id, doc) in documents {
        doc.for_each_mention(|paragraph, offset, m| {
            let f = &framer.factions().factions()[m.faction];
            id.put(rows);
            paragraph.put(rows);
            m.sentence.put(rows);
            (offset + m.offset as u64).put(rows);
            f.id.put(rows);
            // The alias on one line: its runs of whitespace as one space each.
            alias.clear();
            for (k, word) in m.alias.split_whitespace().enumerate() {
                if k > 0 {
                    alias.push(' ');
                }
                alias.push_str(word);
            }
            alias.put(rows);
            m.kind.as_str().put(rows);
            m.voice.as_str().put(rows);
            m.valence.put(rows);
            for d in &m.dimensions {
                d.put(rows);
            }
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
            terms.put(rows);
            let stance = m.stance.as_ref();
            stance.map(|s| s.stance as i64).put(rows);
            stance.map(|s| s.score).put(rows);
            terms.clear();
            for (k, (feature, contribution)) in stance.iter().flat_map(|s| &s.drivers).enumerate() {
                if k > 0 {
                    terms.push('|');
                }
                terms.push_str(feature);
                terms.push('=');
                crate::rows::push_float(&mut terms, *contribution);
            }
            terms.put(rows);
            m.line.put(rows);
            m.page.put(rows);
            stance.map(|s| s.score_words).put(rows);
            rows.end_row()
        })?;
    }
    Ok(())
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
/// assert!(header.ends_with(",voice,valence,honesty,terms,stance,stance_score,stance_terms,line,page,stance_score_words"));
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
