//! Finding mentions (faction aliases, then first-person phrases) and the contexts in
//! which they compete for the scored words.

use std::ops::Range;

use crate::framing::framer::{Framer, GOVERNMENT};
use crate::framing::scored::{Context, MentionKind};
use crate::framing::words::{Paragraph, WordFlags};

/// A mention before scoring.
#[derive(Debug, Clone, Copy)]
pub(super) struct Found {
    pub(super) faction: usize,
    pub(super) start: usize,
    pub(super) len: usize,
    pub(super) kind: MentionKind,
}

/// The token ranges of the sentences with a token that can start a mention, into `out`:
/// only those are looked at (an alias never crosses a sentence).
pub(super) fn find_candidate_sentences(
    flags: &[WordFlags],
    sentences: &[u32],
    out: &mut Vec<Range<usize>>,
) {
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

impl Framer {
    /// Appends the mentions of one sentence to `out`: aliases, then "the Government" (where
    /// the document names its government) and first-person phrases among the tokens left. `aliases` and `taken` are scratch.
    pub(super) fn find_mentions(
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
        if self.first_person.is_none() && self.government.is_none() {
            return;
        }
        taken.clear();
        taken.resize(r.len(), false);
        for m in aliases.iter() {
            taken[m.start..m.start + m.len].fill(true);
        }
        if let Some(faction) = self.government {
            // "the Government", its words not taken by a longer alias.
            for i in 0..r.len().saturating_sub(1) {
                let pair = i..i + GOVERNMENT.len();
                if (0..GOVERNMENT.len()).all(|k| word(i + k) == GOVERNMENT[k])
                    && pair
                        .clone()
                        .all(|k| !taken[k] && sentences[k] == sentences[i])
                {
                    taken[pair].fill(true);
                    out.push(Found {
                        faction,
                        start: r.start + i,
                        len: GOVERNMENT.len(),
                        kind: MentionKind::Alias,
                    });
                }
            }
        }
        let Some(fp) = &self.first_person else {
            return;
        };
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
    /// wholly inside its window. `found` is sorted by start.
    pub(super) fn contexts(
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
                    // `found` is sorted by start: look only at the mentions starting in the
                    // window, so a paragraph of many mentions is not mentions squared.
                    let first = found.partition_point(|o| o.start < range.start);
                    members.extend(
                        (first..found.len())
                            .take_while(|&j| found[j].start < range.end)
                            .filter(|&j| found[j].start + found[j].len <= range.end),
                    );
                    out.push((range, from..members.len()));
                }
            }
        }
    }
}
