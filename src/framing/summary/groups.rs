//! The (faction, voice) groups of one document as the bootstrap takes them: dense for
//! [`bootstrap_groups`], sparse and built a paragraph at a time for the summary.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Result;
use crate::framing::framer::Framer;
use crate::framing::scored::{MentionKind, ScoredMention, Source};
use crate::framing::summary::document::DocumentFraming;
use crate::framing::summary::measures::{voice_index, width, NEGATIVE, POSITIVE};
use crate::stats::bootstrap::{Group, SparseGroups};

/// Each lexicon term's dimension index.
fn term_dimensions(framer: &Framer) -> Vec<usize> {
    framer
        .lexicon()
        .terms()
        .iter()
        .map(|t| t.dimension)
        .collect()
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
/// let out = Bootstrap::default().ratios(&[5.0, 7.0], &b.groups, b.width, &[rate])?;
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
    /// sums..., mentions framed on each dimension..., stance_score_words sum]` (see
    /// [`ratios`]).
    ///
    /// [`ratios`]: super::ratios
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
///
/// [`summarize`]: super::summarize
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
/// negative counts, then the summed dimension scores, the counts of framed dimensions and
/// the summed `stance_score_words` (0 without a stance model).
fn add_mention(row: &mut [f64], m: &ScoredMention, framed: &[bool]) {
    let dims = framed.len();
    row[0] += 1.0;
    row[1] += m.valence;
    row[2] += (m.valence >= POSITIVE) as u8 as f64;
    row[3] += (m.valence <= NEGATIVE) as u8 as f64;
    for (s, d) in row[4..4 + dims].iter_mut().zip(&m.dimensions) {
        *s += d;
    }
    for (s, &f) in row[4 + dims..4 + 2 * dims].iter_mut().zip(framed) {
        *s += f as u8 as f64;
    }
    if let Some(s) = &m.stance {
        row[4 + 2 * dims] += s.score_words;
    }
}

/// Per (faction, voice) sums per paragraph, in (faction, voice) order.
fn groups(
    doc: &DocumentFraming,
    width: usize,
    term_dimension: &[usize],
    first_person: bool,
) -> Result<BTreeMap<(usize, usize), Group>> {
    let dims = (width - 5) / 2;
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
