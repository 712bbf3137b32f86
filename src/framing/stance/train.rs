//! Fitting a stance model: L2-regularized multinomial logistic regression with balanced
//! class weights, by L-BFGS; and cross-validation by document (book), nested so that the
//! regularization is chosen without the held-out book.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::framing::stance::model::{Stance, StanceModel};

/// One labelled mention: its features, its gold stance and its group (the document: folds
/// hold out whole documents).
///
/// ```
/// use corpus_lens::framing::stance::Example;
/// let e = Example { features: vec![("bias".into(), 1.0)], stance: -1, group: "reed1919".into() };
/// assert_eq!(e.stance, -1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Feature name and value.
    pub features: Vec<(String, f64)>,
    /// Gold stance: -1, 0 or +1.
    pub stance: i8,
    /// The document it comes from.
    pub group: String,
}

/// How a model is fitted.
///
/// ```
/// let o = corpus_lens::framing::stance::TrainOptions::default();
/// assert_eq!(o.min_count, 2);
/// assert!(o.lambdas.contains(&o.lambda));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// L2 penalty on every weight but the bias's, per unit of (weighted) example.
    pub lambda: f64,
    /// The penalties cross-validation chooses from.
    pub lambdas: Vec<f64>,
    /// A word feature (`l:`, `r:`, `prep:`, `verb:`, `class:`, `gov:`, `synverb:`, `fac:`) is kept
    /// only if this many training examples have it.
    pub min_count: usize,
    /// L-BFGS iterations at most.
    pub iterations: usize,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            lambda: 0.01,
            lambdas: vec![0.001, 0.003, 0.01, 0.03, 0.1],
            min_count: 2,
            iterations: 300,
        }
    }
}

/// The design matrix of some examples over a feature list (sparse rows).
struct Design {
    rows: Vec<Vec<(u32, f64)>>,
    labels: Vec<usize>,
    weights: Vec<f64>,
    features: usize,
}

fn design(examples: &[&Example], names: &FxHashMap<&str, u32>, features: usize) -> Design {
    let mut counts = [0.0f64; 3];
    for e in examples {
        counts[(e.stance + 1) as usize] += 1.0;
    }
    let n = examples.len() as f64;
    // Balanced weights: each class weighs as much in total (sklearn's "balanced").
    let class_weight: [f64; 3] = std::array::from_fn(|c| {
        if counts[c] > 0.0 {
            n / (3.0 * counts[c])
        } else {
            0.0
        }
    });
    Design {
        rows: examples
            .iter()
            .map(|e| {
                let mut row: Vec<(u32, f64)> = e
                    .features
                    .iter()
                    .filter_map(|(f, v)| names.get(f.as_str()).map(|&i| (i, *v)))
                    .collect();
                row.sort_by_key(|x| x.0);
                row
            })
            .collect(),
        labels: examples.iter().map(|e| (e.stance + 1) as usize).collect(),
        weights: examples
            .iter()
            .map(|e| class_weight[(e.stance + 1) as usize])
            .collect(),
        features,
    }
}

/// Whether a feature is a word feature (kept only when frequent enough).
fn is_word_feature(name: &str) -> bool {
    [
        "l:", "r:", "prep:", "verb:", "class:", "gov:", "synverb:", "fac:",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

/// The features of the examples, in sorted order: every signal, and the word features
/// that at least `min_count` examples have.
fn vocabulary(examples: &[&Example], min_count: usize) -> Vec<String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for e in examples {
        let mut seen: Vec<&str> = e.features.iter().map(|f| f.0.as_str()).collect();
        seen.sort_unstable();
        seen.dedup();
        for f in seen {
            *count.entry(f).or_default() += 1;
        }
    }
    count
        .into_iter()
        .filter(|(f, c)| !is_word_feature(f) || *c >= min_count)
        .map(|(f, _)| f.to_string())
        .collect()
}

/// Objective (weighted mean negative log-likelihood + L2) and its gradient at `w`
/// (features x 3, row-major).
fn objective(d: &Design, w: &[f64], lambda: f64, bias: Option<usize>, grad: &mut [f64]) -> f64 {
    grad.fill(0.0);
    let total: f64 = d.weights.iter().sum();
    let mut loss = 0.0;
    for ((row, &y), &weight) in d.rows.iter().zip(&d.labels).zip(&d.weights) {
        let mut z = [0.0; 3];
        for &(f, x) in row {
            for c in 0..3 {
                z[c] += w[f as usize * 3 + c] * x;
            }
        }
        let top = z[0].max(z[1]).max(z[2]);
        let e: [f64; 3] = std::array::from_fn(|c| (z[c] - top).exp());
        let s: f64 = e.iter().sum();
        loss += weight * (s.ln() + top - z[y]);
        for &(f, x) in row {
            for c in 0..3 {
                let p = e[c] / s - if c == y { 1.0 } else { 0.0 };
                grad[f as usize * 3 + c] += weight * p * x;
            }
        }
    }
    loss /= total;
    grad.iter_mut().for_each(|g| *g /= total);
    for f in 0..d.features {
        if Some(f) == bias {
            continue;
        }
        for c in 0..3 {
            let v = w[f * 3 + c];
            loss += 0.5 * lambda * v * v;
            grad[f * 3 + c] += lambda * v;
        }
    }
    loss
}

/// L-BFGS (Nocedal & Wright 2006, algorithm 7.4, memory 10) with a backtracking Armijo
/// line search; stops when the gradient's largest entry is below 1e-6 or after
/// `iterations`. Deterministic: the same data give the same bytes.
fn minimize(d: &Design, lambda: f64, bias: Option<usize>, iterations: usize) -> Vec<f64> {
    let n = d.features * 3;
    let mut w = vec![0.0; n];
    let mut g = vec![0.0; n];
    let mut f = objective(d, &w, lambda, bias, &mut g);
    let mut history: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    let mut g_new = vec![0.0; n];
    for _ in 0..iterations {
        if g.iter().fold(0.0f64, |m, x| m.max(x.abs())) < 1e-6 {
            break;
        }
        // Two-loop recursion: direction = -H g.
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(history.len());
        for (s, y, rho) in history.iter().rev() {
            let a = rho * dot(s, &q);
            axpy(-a, y, &mut q);
            alphas.push(a);
        }
        if let Some((s, y, _)) = history.last() {
            let gamma = dot(s, y) / dot(y, y);
            q.iter_mut().for_each(|x| *x *= gamma);
        }
        for ((s, y, rho), a) in history.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(y, &q);
            axpy(a - b, s, &mut q);
        }
        let direction: Vec<f64> = q.iter().map(|x| -x).collect();
        let slope = dot(&g, &direction);
        if slope >= 0.0 {
            history.clear();
            continue;
        }
        let mut step = 1.0;
        let mut w_new = vec![0.0; n];
        let mut f_new;
        loop {
            for k in 0..n {
                w_new[k] = w[k] + step * direction[k];
            }
            f_new = objective(d, &w_new, lambda, bias, &mut g_new);
            if f_new <= f + 1e-4 * step * slope || step < 1e-10 {
                break;
            }
            step *= 0.5;
        }
        let s: Vec<f64> = (0..n).map(|k| w_new[k] - w[k]).collect();
        let y: Vec<f64> = (0..n).map(|k| g_new[k] - g[k]).collect();
        let sy = dot(&s, &y);
        if sy > 1e-12 {
            if history.len() == 10 {
                history.remove(0);
            }
            history.push((s, y, 1.0 / sy));
        }
        let done = (f - f_new).abs() < 1e-10 * f.abs().max(1.0);
        w = w_new;
        std::mem::swap(&mut g, &mut g_new);
        f = f_new;
        if done {
            break;
        }
    }
    w
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

/// Fits a model on `examples` with penalty `options.lambda`; `notes` go into its file.
///
/// ```
/// use corpus_lens::framing::stance::{fit, Example, TrainOptions};
/// let ex = |v: f64, stance: i8| Example {
///     features: vec![("bias".into(), 1.0), ("clause_negative".into(), v)],
///     stance, group: "d".into() };
/// let data = [ex(-0.8, -1), ex(-0.6, -1), ex(0.0, 0), ex(0.0, 0), ex(0.1, 0), ex(0.0, 1), ex(0.0, 1)];
/// let model = fit(&data.iter().collect::<Vec<_>>(), &TrainOptions::default(), vec![]);
/// assert_eq!(model.score(&data[0].features).stance, -1);
/// ```
pub fn fit(examples: &[&Example], options: &TrainOptions, notes: Vec<String>) -> StanceModel {
    let names = vocabulary(examples, options.min_count);
    let index: FxHashMap<&str, u32> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i as u32))
        .collect();
    let d = design(examples, &index, names.len());
    let bias = names.iter().position(|n| n == "bias");
    let w = minimize(&d, options.lambda, bias, options.iterations);
    let weights = names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n, [w[i * 3], w[i * 3 + 1], w[i * 3 + 2]]))
        .collect();
    StanceModel::new(weights, notes)
}

/// What [`cross_validate`] gives: per example `(predicted stance, stance score)`, and per
/// held-out group the penalty chosen.
pub type CrossValidated = (Vec<(i8, f64)>, Vec<(String, f64)>);

/// Predictions by leave-one-group-out cross-validation: each group's examples are scored
/// by a model fitted on the other groups, with the penalty that did best (macro-F1) in a
/// leave-one-group-out cross-validation *within* those other groups. Returns, per example
/// in input order, `(predicted stance, stance score)`, and the penalty chosen per group.
///
/// ```
/// use corpus_lens::framing::stance::{cross_validate, Example, TrainOptions};
/// let ex = |v: f64, stance: i8, g: &str| Example {
///     features: vec![("bias".into(), 1.0), ("clause_negative".into(), v)],
///     stance, group: g.into() };
/// let mut data = Vec::new();
/// for g in ["a", "b", "c"] {
///     data.extend([ex(-0.8, -1, g), ex(0.0, 0, g), ex(0.0, 0, g), ex(-0.7, -1, g), ex(0.0, 1, g)]);
/// }
/// let options = TrainOptions { lambdas: vec![0.01], ..Default::default() };
/// let (predictions, chosen) = cross_validate(&data, &options);
/// assert_eq!(predictions.len(), 15);
/// assert_eq!(predictions[0].0, -1);
/// assert_eq!(chosen.len(), 3);
/// ```
pub fn cross_validate(examples: &[Example], options: &TrainOptions) -> CrossValidated {
    let (stances, chosen) = cross_validate_stances(examples, options);
    let out = stances.iter().map(|s| (s.stance, s.score)).collect();
    (out, chosen)
}

/// [`cross_validate`] with each example's whole [`Stance`] (its probabilities and
/// [`Stance::score_words`] too).
///
/// ```
/// use corpus_lens::framing::stance::{cross_validate, cross_validate_stances, Example, TrainOptions};
/// let ex = |v: f64, stance: i8, g: &str| Example {
///     features: vec![("bias".into(), 1.0), ("clause_negative".into(), v), ("fac:cadets".into(), 1.0)],
///     stance, group: g.into() };
/// let mut data = Vec::new();
/// for g in ["a", "b", "c"] {
///     data.extend([ex(-0.8, -1, g), ex(0.0, 0, g), ex(-0.7, -1, g), ex(0.0, 1, g)]);
/// }
/// let options = TrainOptions { lambdas: vec![0.01], ..Default::default() };
/// let (stances, _) = cross_validate_stances(&data, &options);
/// let (pairs, _) = cross_validate(&data, &options);
/// assert_eq!(stances.iter().map(|s| (s.stance, s.score)).collect::<Vec<_>>(), pairs);
/// assert!(stances.iter().all(|s| (-1.0..=1.0).contains(&s.score_words)));
/// ```
pub fn cross_validate_stances(
    examples: &[Example],
    options: &TrainOptions,
) -> (Vec<Stance>, Vec<(String, f64)>) {
    let all: Vec<&Example> = examples.iter().collect();
    let mut out: Vec<Option<Stance>> = vec![None; examples.len()];
    let mut chosen = Vec::new();
    for held in groups(&all) {
        let train = without(&all, held);
        let lambda = choose_lambda(&train, options);
        chosen.push((held.to_string(), lambda));
        let model = fit_with(&train, options, lambda);
        for (k, e) in examples.iter().enumerate() {
            if e.group == *held {
                out[k] = Some(model.score(&e.features));
            }
        }
    }
    let out = out
        .into_iter()
        .map(|s| s.expect("every example's group is held out once"))
        .collect();
    (out, chosen)
}

/// The penalty of `options.lambdas` with the best leave-one-group-out macro-F1 on
/// `examples` (the smallest on a tie); `options.lambda` when there is one group only.
pub fn choose_lambda(examples: &[&Example], options: &TrainOptions) -> f64 {
    let groups = groups(examples);
    if groups.len() < 2 || options.lambdas.len() < 2 {
        return options.lambdas.first().copied().unwrap_or(options.lambda);
    }
    let mut best = (f64::NEG_INFINITY, options.lambda);
    for &lambda in &options.lambdas {
        let mut pairs = Vec::with_capacity(examples.len());
        for held in &groups {
            let model = fit_with(&without(examples, held), options, lambda);
            for e in examples.iter().filter(|e| e.group == *held) {
                pairs.push((e.stance, model.score(&e.features).stance));
            }
        }
        let f1 = macro_f1(&pairs);
        if f1 > best.0 {
            best = (f1, lambda);
        }
    }
    best.1
}

/// The examples' groups, sorted, once each.
fn groups<'a>(examples: &[&'a Example]) -> Vec<&'a str> {
    let mut g: Vec<&str> = examples.iter().map(|e| e.group.as_str()).collect();
    g.sort_unstable();
    g.dedup();
    g
}

/// The examples of every group but `held`.
fn without<'a>(examples: &[&'a Example], held: &str) -> Vec<&'a Example> {
    examples
        .iter()
        .copied()
        .filter(|e| e.group != held)
        .collect()
}

/// [`fit`] with penalty `lambda`, no notes.
fn fit_with(examples: &[&Example], options: &TrainOptions, lambda: f64) -> StanceModel {
    let options = TrainOptions {
        lambda,
        ..options.clone()
    };
    fit(examples, &options, vec![])
}

/// Macro-F1 of (gold, predicted) pairs over the classes -1, 0, +1.
fn macro_f1(pairs: &[(i8, i8)]) -> f64 {
    (-1..=1)
        .map(|c| {
            let tp = pairs.iter().filter(|p| p.0 == c && p.1 == c).count() as f64;
            let gold = pairs.iter().filter(|p| p.0 == c).count() as f64;
            let predicted = pairs.iter().filter(|p| p.1 == c).count() as f64;
            if gold + predicted == 0.0 {
                0.0
            } else {
                2.0 * tp / (gold + predicted)
            }
        })
        .sum::<f64>()
        / 3.0
}
