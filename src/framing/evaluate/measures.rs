//! The measures of agreement between a score and the gold stance over matched rows, and
//! their bootstrap intervals.

use rayon::prelude::*;

use crate::stats::bootstrap::{draw_rows, quantile, Bootstrap};

/// The valence from which a mention counts as positive (and from whose negative, as
/// negative): VADER's conventional threshold (Hutto & Gilbert 2014), also that of
/// `share_positive` in `framing_summary.csv`.
pub const THRESHOLD: f64 = 0.05;

/// The class a valence predicts: +1 at or above [`THRESHOLD`], -1 at or below its
/// negative, else 0.
///
/// ```
/// use corpus_lens::framing::evaluate::class_of;
/// assert_eq!([class_of(0.05), class_of(0.049), class_of(-0.05), class_of(0.0)], [1, 0, -1, 0]);
/// ```
pub fn class_of(valence: f64) -> i8 {
    if valence >= THRESHOLD {
        1
    } else if valence <= -THRESHOLD {
        -1
    } else {
        0
    }
}

/// The measures over a set of matched rows (gold stance, valence): see the module
/// documentation of [`crate::framing::evaluate`] for each formula. Classes are in the
/// order -1, 0, +1 (`neg`, `neu`, `pos`); an undefined value is NaN.
///
/// ```
/// use corpus_lens::framing::evaluate::Measures;
/// // (gold stance, valence): predicted -1, 0, +1, +1.
/// let m = Measures::of(&[(-1, -0.4), (0, 0.0), (1, 0.3), (-1, 0.2)]);
/// assert_eq!(m.confusion, [[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]);
/// assert_eq!((m.precision[2], m.recall[0]), (0.5, 0.5));
/// assert_eq!(m.sign_accuracy, 2.0 / 3.0); // three polar rows with a valence, two right
/// # assert_eq!(m.rows, 4.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Measures {
    /// Rows.
    pub rows: f64,
    /// Rows by gold class (first index) and predicted class (second).
    pub confusion: [[f64; 3]; 3],
    /// Per class: rows predicted and gold in it / rows predicted in it.
    pub precision: [f64; 3],
    /// Per class: rows predicted and gold in it / rows gold in it.
    pub recall: [f64; 3],
    /// Per class: `2 tp / (2 tp + fp + fn)`, the harmonic mean of precision and recall.
    pub f1: [f64; 3],
    /// The mean of the three classes' F1, a class with no row either way counting as 0.
    pub macro_f1: f64,
    /// Spearman's rho between valence and gold stance, with average ranks for ties.
    pub spearman: f64,
    /// Among polar gold rows (-1 or +1) with a valence other than 0, the share whose
    /// valence has the gold sign.
    pub sign_accuracy: f64,
    /// The rows behind `sign_accuracy`.
    pub polar: f64,
}

/// The measures that get an interval, in the table's order.
pub(super) const ESTIMATES: usize = 12;

impl Measures {
    /// The measures of these rows, `(gold stance, valence)`.
    ///
    /// ```
    /// use corpus_lens::framing::evaluate::Measures;
    /// let m = Measures::of(&[(-1, -0.5), (0, 0.1), (1, 0.6)]);
    /// assert_eq!(m.spearman, 1.0);
    /// assert!((m.macro_f1 - (1.0 + 0.0 + 2.0 / 3.0) / 3.0).abs() < 1e-12);
    /// ```
    pub fn of(rows: &[(i8, f64)]) -> Measures {
        let rows: Vec<(i8, i8, f64)> = rows.iter().map(|&(g, v)| (g, class_of(v), v)).collect();
        Measures::of_predictions(&rows)
    }

    /// The measures of rows `(gold stance, predicted class, score)`: the classes give the
    /// confusion matrix and F1, the score Spearman and sign accuracy (a model's stance and
    /// its `stance_score`).
    ///
    /// ```
    /// use corpus_lens::framing::evaluate::Measures;
    /// let m = Measures::of_predictions(&[(-1, -1, -0.2), (0, 0, 0.01), (1, 1, 0.03)]);
    /// assert_eq!((m.macro_f1, m.spearman, m.sign_accuracy), (1.0, 1.0, 1.0));
    /// ```
    pub fn of_predictions(rows: &[(i8, i8, f64)]) -> Measures {
        Ranked::new(rows).measures(&vec![1; rows.len()])
    }

    /// Rows a measure of [`Measures::estimates`] rests on: the rows for macro-F1 and
    /// Spearman; predicted in the class for precision, gold in it for recall, either for
    /// F1; the polar rows with a valence for sign accuracy.
    pub(super) fn support(&self) -> [f64; ESTIMATES] {
        let mut out = [self.rows; ESTIMATES];
        for c in 0..3 {
            let predicted: f64 = (0..3).map(|g| self.confusion[g][c]).sum();
            let gold: f64 = self.confusion[c].iter().sum();
            out[1 + 3 * c] = predicted;
            out[2 + 3 * c] = gold;
            out[3 + 3 * c] = predicted + gold - self.confusion[c][c];
        }
        out[11] = self.polar;
        out
    }

    /// The measures that get an interval, in the order of `evaluation.csv`: macro-F1;
    /// precision, recall and F1 of -1, 0 and +1; Spearman; sign accuracy.
    ///
    /// ```
    /// use corpus_lens::framing::evaluate::Measures;
    /// let m = Measures::of(&[(-1, -0.5), (1, 0.6)]);
    /// assert_eq!(m.estimates()[0], m.macro_f1);
    /// assert_eq!(m.estimates()[11], m.sign_accuracy);
    /// ```
    pub fn estimates(&self) -> [f64; ESTIMATES] {
        let mut out = [0.0; ESTIMATES];
        out[0] = self.macro_f1;
        for c in 0..3 {
            out[1 + 3 * c] = self.precision[c];
            out[2 + 3 * c] = self.recall[c];
            out[3 + 3 * c] = self.f1[c];
        }
        out[10] = self.spearman;
        out[11] = self.sign_accuracy;
        out
    }
}

/// A scope's rows, sorted once by valence, so that a replicate's measures (each row
/// weighted by how often it was drawn) take one pass over them.
pub(super) struct Ranked {
    /// Gold class index (0, 1, 2 for -1, 0, +1), in valence order.
    gold: Vec<u8>,
    /// Predicted class index, in valence order.
    predicted: Vec<u8>,
    /// Sign of the valence (-1, 0, +1), in valence order.
    sign: Vec<i8>,
    /// The rows' input positions, in valence order.
    order: Vec<u32>,
    /// Where each run of equal valences ends, in valence order.
    ties: Vec<u32>,
}

impl Ranked {
    /// `rows`: (gold stance, predicted class, score).
    pub(super) fn new(rows: &[(i8, i8, f64)]) -> Ranked {
        let mut order: Vec<u32> = (0..rows.len() as u32).collect();
        // Stable, by value: equal valences keep their input order.
        order.sort_by(|&a, &b| rows[a as usize].2.total_cmp(&rows[b as usize].2));
        let mut ties = Vec::new();
        for k in 1..order.len() {
            // -0.0 == 0.0: one run.
            if rows[order[k] as usize].2 != rows[order[k - 1] as usize].2 {
                ties.push(k as u32);
            }
        }
        if !order.is_empty() {
            ties.push(order.len() as u32);
        }
        let at = |k: u32| rows[k as usize];
        Ranked {
            gold: order
                .iter()
                .map(|&k| (at(k).0.signum() + 1) as u8)
                .collect(),
            predicted: order
                .iter()
                .map(|&k| (at(k).1.signum() + 1) as u8)
                .collect(),
            sign: order
                .iter()
                .map(|&k| match at(k).2 {
                    v if v > 0.0 => 1,
                    v if v < 0.0 => -1,
                    _ => 0,
                })
                .collect(),
            order,
            ties,
        }
    }

    /// The measures with row `i` (in input order) counted `counts[i]` times: a replicate's
    /// resample, or the data itself with every count 1.
    pub(super) fn measures(&self, counts: &[u32]) -> Measures {
        let w = |k: usize| counts[self.order[k] as usize] as f64;
        let mut confusion = [[0.0; 3]; 3];
        let (mut polar, mut right) = (0.0, 0.0);
        for k in 0..self.order.len() {
            let weight = w(k);
            let (g, p) = (self.gold[k] as usize, self.predicted[k] as usize);
            confusion[g][p] += weight;
            if g != 1 && self.sign[k] != 0 {
                polar += weight;
                if (g == 2) == (self.sign[k] > 0) {
                    right += weight;
                }
            }
        }
        let rows: f64 = confusion.iter().flatten().sum();
        let (mut precision, mut recall, mut f1) = ([f64::NAN; 3], [f64::NAN; 3], [f64::NAN; 3]);
        for c in 0..3 {
            let tp = confusion[c][c];
            let predicted: f64 = (0..3).map(|g| confusion[g][c]).sum();
            let gold: f64 = confusion[c].iter().sum();
            precision[c] = ratio(tp, predicted);
            recall[c] = ratio(tp, gold);
            f1[c] = ratio(2.0 * tp, predicted + gold);
        }
        let macro_f1 = if rows > 0.0 {
            f1.iter()
                .map(|f| if f.is_nan() { 0.0 } else { *f })
                .sum::<f64>()
                / 3.0
        } else {
            f64::NAN
        };
        Measures {
            rows,
            confusion,
            precision,
            recall,
            f1,
            macro_f1,
            spearman: self.spearman(counts, &confusion, rows),
            sign_accuracy: ratio(right, polar),
            polar,
        }
    }

    /// Spearman's rho of the weighted rows: Pearson's correlation of their average ranks.
    /// The gold ranks come from the class totals; the valence ranks from the runs of equal
    /// valence, each run's rows sharing the mean of the ranks they fill.
    fn spearman(&self, counts: &[u32], confusion: &[[f64; 3]; 3], rows: f64) -> f64 {
        let class: [f64; 3] = std::array::from_fn(|g| confusion[g].iter().sum());
        let gold_rank = [
            (class[0] + 1.0) / 2.0,
            class[0] + (class[1] + 1.0) / 2.0,
            class[0] + class[1] + (class[2] + 1.0) / 2.0,
        ];
        let mean = (rows + 1.0) / 2.0;
        let gold_var: f64 = (0..3)
            .map(|g| class[g] * (gold_rank[g] - mean).powi(2))
            .sum();
        let (mut below, mut start) = (0.0, 0usize);
        let (mut cov, mut var) = (0.0, 0.0);
        for &end in &self.ties {
            let run = start..end as usize;
            let mut weight = 0.0;
            let mut gold_sum = 0.0;
            for k in run {
                let c = counts[self.order[k] as usize] as f64;
                weight += c;
                gold_sum += c * (gold_rank[self.gold[k] as usize] - mean);
            }
            let rank = below + (weight + 1.0) / 2.0;
            cov += (rank - mean) * gold_sum;
            var += weight * (rank - mean).powi(2);
            below += weight;
            start = end as usize;
        }
        if var > 0.0 && gold_var > 0.0 {
            cov / (var * gold_var).sqrt()
        } else {
            f64::NAN
        }
    }

    /// The rows.
    pub(super) fn len(&self) -> usize {
        self.order.len()
    }

    /// The 95% percentile interval of each of [`Measures::estimates`]: the 2.5% and 97.5%
    /// quantiles (type 7) of the replicates in which it is defined; NaN where none is.
    /// Replicate `b` draws with [`draw_rows`] from `(seed, b)`: the same at any thread count.
    pub(super) fn intervals(&self, bootstrap: &Bootstrap, seed: u64) -> [(f64, f64); ESTIMATES] {
        let n = self.len();
        let replicates: Vec<[f64; ESTIMATES]> = (0..bootstrap.replicates as u64)
            .into_par_iter()
            .map_init(
                || vec![0u32; n],
                |counts, b| {
                    draw_rows(counts, seed, b);
                    self.measures(counts).estimates()
                },
            )
            .collect();
        std::array::from_fn(|j| {
            let mut values: Vec<f64> = replicates
                .iter()
                .map(|r| r[j])
                .filter(|x| !x.is_nan())
                .collect();
            values.sort_by(f64::total_cmp);
            (quantile(&values, 0.025), quantile(&values, 0.975))
        })
    }
}

/// `a / b`, NaN when `b` is 0.
fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        f64::NAN
    } else {
        a / b
    }
}
