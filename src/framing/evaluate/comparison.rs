//! Whether a scorer orders documents by their stance toward a faction as the readers do:
//! the `comparison_spearman` row of `evaluation.csv` ([`comparison_rows`]).
//!
//! A memoir is compared with others on a faction's mean score, so a score can be poor on
//! single mentions and still rank documents well, or the reverse (a faction prior lifts
//! single mentions and says nothing about which document is harsher). Per *cell*, a
//! document and a gold faction with at least [`MIN_CELL_MENTIONS`] matched mentions, take
//! the mean gold stance and the mean score; within each faction with at least
//! [`MIN_FACTION_CELLS`] cells, subtract the faction's mean over its cells from both (so
//! that factions' different levels do not count, only how the documents differ on one
//! faction); the measure is Spearman's correlation of the centred pairs, pooled over the
//! factions (ties sharing their mean rank). Its 95% interval: B replicates each resample
//! every cell's mentions with replacement (the cells fixed), recompute the cell means and
//! the correlation; the 2.5% and 97.5% quantiles (type 7) of the defined replicates.

use std::collections::BTreeMap;

use super::{EvaluationRow, GoldRow, Outcome};
use crate::stats::bootstrap::{draw_rows, interval_of, Bootstrap};

/// The fewest matched mentions of a document and faction for its cell: 10, below which a
/// cell's mean stance rests on too few readings to be ranked.
pub const MIN_CELL_MENTIONS: usize = 10;

/// The fewest cells (documents) of a faction for it to count: 3, the fewest whose order
/// says more than which of two documents is harsher.
pub const MIN_FACTION_CELLS: usize = 3;

/// One cell: its gold stances and scores.
type Cell = (Vec<f64>, Vec<f64>);

/// The `comparison_spearman` row of `scorer` (see the module documentation) from the gold
/// mentions and their outcomes (one per mention, in gold order): its value, interval and
/// `n`, the cells used; NaN with `n` 0 when fewer than two factions' worth of cells, or
/// fewer than 4 cells in all, qualify.
pub(super) fn comparison_row(
    scorer: &'static str,
    mentions: &[&GoldRow],
    outcomes: &[Outcome],
    bootstrap: &Bootstrap,
) -> EvaluationRow {
    let mut cells: BTreeMap<(&str, &str), Cell> = BTreeMap::new();
    for (row, outcome) in mentions.iter().zip(outcomes) {
        let score = match *outcome {
            Outcome::Matched { valence } => valence,
            Outcome::Predicted { score, .. } => score,
            _ => continue,
        };
        let cell = cells
            .entry((row.faction.as_str(), row.document.as_str()))
            .or_default();
        cell.0.push(row.stance as f64);
        cell.1.push(score);
    }
    cells.retain(|_, c| c.0.len() >= MIN_CELL_MENTIONS);
    // Cells grouped by faction (the map's order), only factions with enough of them.
    let mut factions: Vec<Vec<&Cell>> = Vec::new();
    let mut last = None;
    for ((faction, _), cell) in &cells {
        if last != Some(*faction) {
            factions.push(Vec::new());
            last = Some(*faction);
        }
        factions.last_mut().expect("pushed").push(cell);
    }
    factions.retain(|f| f.len() >= MIN_FACTION_CELLS);
    let used: usize = factions.iter().map(Vec::len).sum();
    let mut row = EvaluationRow {
        scope: "overall",
        faction: String::new(),
        measure: "comparison_spearman",
        value: f64::NAN,
        ci_low: f64::NAN,
        ci_high: f64::NAN,
        n: used as u64,
        scorer,
    };
    if used < 4 {
        row.n = 0;
        return row;
    }
    let plain: Vec<Vec<(f64, f64)>> = (factions.iter())
        .map(|f| f.iter().map(|c| (mean(&c.0), mean(&c.1))).collect())
        .collect();
    row.value = centred_spearman(&plain);
    let mut replicates = Vec::with_capacity(bootstrap.replicates);
    let mut counts: Vec<u32> = Vec::new();
    for b in 0..bootstrap.replicates as u64 {
        // Cell k's draws come from its own stream, so a cell's do not depend on the others.
        let mut k = 0u64;
        let mut drawn: Vec<Vec<(f64, f64)>> = Vec::with_capacity(factions.len());
        for f in &factions {
            let mut pairs = Vec::with_capacity(f.len());
            for c in f {
                k += 1;
                counts.resize(c.0.len(), 0);
                draw_rows(&mut counts, bootstrap.seed ^ k.wrapping_mul(SPREAD), b);
                let weighted = |xs: &[f64]| {
                    let total: f64 = xs.iter().zip(&counts).map(|(x, &w)| x * w as f64).sum();
                    total / xs.len() as f64
                };
                pairs.push((weighted(&c.0), weighted(&c.1)));
            }
            drawn.push(pairs);
        }
        let r = centred_spearman(&drawn);
        if r.is_finite() {
            replicates.push(r);
        }
    }
    (row.ci_low, row.ci_high) = interval_of(&mut replicates, 0.025, 0.975);
    row
}

/// Spreads the cells' seeds apart (the golden ratio in 64 bits).
const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;

fn mean(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

/// Spearman's correlation of the (gold, score) pairs after each faction's means are
/// subtracted from its pairs; NaN when either side has no spread.
fn centred_spearman(factions: &[Vec<(f64, f64)>]) -> f64 {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for pairs in factions {
        let n = pairs.len() as f64;
        let gx = pairs.iter().map(|p| p.0).sum::<f64>() / n;
        let gy = pairs.iter().map(|p| p.1).sum::<f64>() / n;
        xs.extend(pairs.iter().map(|p| p.0 - gx));
        ys.extend(pairs.iter().map(|p| p.1 - gy));
    }
    pearson(&ranks(&xs), &ranks(&ys))
}

/// Ranks from 1, tied values sharing the mean of the ranks they fill.
fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut out = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i + 1;
        while j < order.len() && xs[order[j]] == xs[order[i]] {
            j += 1;
        }
        let rank = (i + j + 1) as f64 / 2.0;
        for &k in &order[i..j] {
            out[k] = rank;
        }
        i = j;
    }
    out
}

fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let (mx, my) = (mean(x), mean(y));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    sxy / (sxx * syy).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_share_ties() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), [3.5, 1.0, 3.5, 2.0]);
    }

    #[test]
    fn centring_removes_the_factions_levels() {
        // Two factions at very different levels; within each the score orders the
        // documents as the gold does, so the centred correlation is 1 though across the
        // factions the higher gold goes with the lower score.
        let a = vec![(-1.0, 0.25), (-0.5, 0.5), (0.0, 0.75)];
        let b = vec![(0.0, -0.75), (0.5, -0.5), (1.0, -0.25)];
        assert!((centred_spearman(&[a.clone(), b.clone()]) - 1.0).abs() < 1e-12);
        // Hand-worked, with b's scores reversed: centred gold -0.5, 0, 0.5 twice, ranks
        // 1.5, 3.5, 5.5 twice; centred scores -0.25, 0, 0.25, 0.25, 0, -0.25, ranks 1.5,
        // 3.5, 5.5, 5.5, 3.5, 1.5; deviations from 3.5 give a cross product of 0.
        let reversed: Vec<(f64, f64)> = b.iter().map(|&(g, s)| (g, -s)).collect();
        assert_eq!(centred_spearman(&[a, reversed]), 0.0);
    }
}
