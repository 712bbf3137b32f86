//! The dependency parser: greedy arc-hybrid transitions (Kuhlmann et al. 2011) scored by an
//! averaged perceptron over Zhang & Nivre (2011)'s rich features, trained with the dynamic
//! oracle of Goldberg & Nivre (2012, 2013).
//!
//! A state is a stack, a buffer of the words not yet pushed and the arcs made. The root sits
//! at the end of the buffer (Ballesteros & Nivre 2013), and may take a dependent only when
//! that word is the last one left on the stack: every parse has exactly one root, as UD
//! wants. Moves: SHIFT pushes the buffer's first word; LEFT-l makes it the head of the stack's
//! top (label l) and pops; RIGHT-l makes the word under the top its head and pops. A move and
//! its label are one class, predicted together.
//!
//! The dynamic oracle knows, in any state, which moves lose no more gold arcs than the best
//! one; training follows the model's own (possibly wrong) moves from the second epoch on and
//! learns to recover from them, so the parser is trained on the states it will meet.

use super::bin::{ReadResult, Reader, Writer};
use super::hash::{f1, f2, f3, mix, Rng};
use super::perceptron::{Trainer, Weights};
use super::tagger::Lexical;

const NONE: u32 = u32::MAX;
const NO_WORD: u64 = 0x6e6f_6e65;
const ROOT_WORD: u64 = 0x726f_6f74;
const NO_TAG: u64 = 250;
const ROOT_TAG: u64 = 251;
const NO_LABEL: u64 = 252;

const SHIFT: usize = 0;

/// The move of a class: 0 shift, 1 left, 2 right.
fn kind(class: usize) -> usize {
    if class == SHIFT {
        0
    } else {
        2 - (class % 2)
    }
}

fn label_of(class: usize) -> usize {
    (class - 1) / 2
}

/// A parse in progress over `n` words; node `n` is the root.
#[derive(Default)]
pub(crate) struct State {
    n: usize,
    stack: Vec<u32>,
    b0: usize,
    heads: Vec<u32>,
    labels: Vec<u8>,
    /// Two leftmost and two rightmost children of each node.
    left: Vec<[u32; 2]>,
    right: Vec<[u32; 2]>,
    n_left: Vec<u8>,
    n_right: Vec<u8>,
    /// The labels of each node's left and right children, as bit sets.
    left_set: Vec<u64>,
    right_set: Vec<u64>,
}

impl State {
    fn reset(&mut self, n: usize) {
        self.n = n;
        self.stack.clear();
        self.b0 = 0;
        self.heads.clear();
        self.heads.resize(n + 1, NONE);
        self.labels.clear();
        self.labels.resize(n + 1, 0);
        for v in [&mut self.left, &mut self.right] {
            v.clear();
            v.resize(n + 1, [NONE; 2]);
        }
        for v in [&mut self.n_left, &mut self.n_right] {
            v.clear();
            v.resize(n + 1, 0);
        }
        for v in [&mut self.left_set, &mut self.right_set] {
            v.clear();
            v.resize(n + 1, 0);
        }
    }

    fn done(&self) -> bool {
        self.stack.is_empty() && self.b0 >= self.n
    }

    fn s(&self, k: usize) -> u32 {
        let len = self.stack.len();
        if k < len {
            self.stack[len - 1 - k]
        } else {
            NONE
        }
    }

    fn b(&self, k: usize) -> u32 {
        let i = self.b0 + k;
        if i <= self.n {
            i as u32
        } else {
            NONE
        }
    }

    fn valid(&self, class: usize, root_label: usize) -> bool {
        match kind(class) {
            0 => self.b0 < self.n,
            1 => {
                !self.stack.is_empty()
                    && if self.b0 == self.n {
                        self.stack.len() == 1 && label_of(class) == root_label
                    } else {
                        label_of(class) != root_label
                    }
            }
            _ => self.stack.len() >= 2 && label_of(class) != root_label,
        }
    }

    fn add_arc(&mut self, head: u32, dep: u32, label: usize) {
        let (h, d) = (head as usize, dep as usize);
        self.heads[d] = head;
        self.labels[d] = label as u8;
        let bit = 1u64 << (label % 64);
        if dep < head {
            let l = &mut self.left[h];
            if l[0] == NONE || dep < l[0] {
                *l = [dep, l[0]];
            } else if l[1] == NONE || dep < l[1] {
                l[1] = dep;
            }
            self.n_left[h] = self.n_left[h].saturating_add(1);
            self.left_set[h] |= bit;
        } else {
            let r = &mut self.right[h];
            if r[0] == NONE || dep > r[0] {
                *r = [dep, r[0]];
            } else if r[1] == NONE || dep > r[1] {
                r[1] = dep;
            }
            self.n_right[h] = self.n_right[h].saturating_add(1);
            self.right_set[h] |= bit;
        }
    }

    fn apply(&mut self, class: usize) {
        match kind(class) {
            0 => {
                self.stack.push(self.b0 as u32);
                self.b0 += 1;
            }
            1 => {
                let s0 = self.stack.pop().unwrap();
                self.add_arc(self.b0 as u32, s0, label_of(class));
            }
            _ => {
                let s0 = self.stack.pop().unwrap();
                let s1 = *self.stack.last().unwrap();
                self.add_arc(s1, s0, label_of(class));
            }
        }
    }
}

/// Reusable buffers for parsing.
#[derive(Default)]
pub(crate) struct ParseScratch {
    state: State,
    features: Vec<u64>,
    scores: Vec<f32>,
}

/// The features of a state. `words` and `tags` describe nodes 0..n (the root is n).
fn features(st: &State, words: &[u64], tags: &[u8], out: &mut Vec<u64>) {
    let w = |x: u32| -> u64 {
        match x {
            NONE => NO_WORD,
            x if x as usize == st.n => ROOT_WORD,
            x => words[x as usize],
        }
    };
    let p = |x: u32| -> u64 {
        match x {
            NONE => NO_TAG,
            x if x as usize == st.n => ROOT_TAG,
            x => u64::from(tags[x as usize]),
        }
    };
    let l = |x: u32| -> u64 {
        if x == NONE || st.heads[x as usize] == NONE {
            NO_LABEL
        } else {
            u64::from(st.labels[x as usize])
        }
    };
    let lc = |x: u32, k: usize| {
        if x == NONE {
            NONE
        } else {
            st.left[x as usize][k]
        }
    };
    let rc = |x: u32, k: usize| {
        if x == NONE {
            NONE
        } else {
            st.right[x as usize][k]
        }
    };
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (n0, n1, n2) = (st.b(0), st.b(1), st.b(2));
    let (s0l, s0l2, s0r, s0r2) = (lc(s0, 0), lc(s0, 1), rc(s0, 0), rc(s0, 1));
    let (s1l, s1r, n0l, n0l2) = (lc(s1, 0), rc(s1, 0), lc(n0, 0), lc(n0, 1));
    let (s0w, s0p, s1w, s1p, s2w, s2p) = (w(s0), p(s0), w(s1), p(s1), w(s2), p(s2));
    let (n0w, n0p, n1w, n1p, n2w, n2p) = (w(n0), p(n0), w(n1), p(n1), w(n2), p(n2));
    let s0wp = mix(s0w, s0p);
    let n0wp = mix(n0w, n0p);
    let s1wp = mix(s1w, s1p);
    let dist = if s0 == NONE || n0 == NONE {
        0
    } else {
        let d = (n0 - s0) as u64;
        if d < 5 {
            d
        } else if d < 10 {
            5
        } else {
            6
        }
    };
    let d01 = if s1 == NONE || s0 == NONE {
        0
    } else {
        ((s0 - s1) as u64).min(5)
    };
    let count = |v: &Vec<u8>, x: u32| {
        if x == NONE {
            9
        } else {
            u64::from(v[x as usize])
        }
    };
    let set = |v: &Vec<u64>, x: u32| if x == NONE { 1 << 63 } else { v[x as usize] };
    let (s0vl, s0vr, n0vl, s1vr) = (
        count(&st.n_left, s0),
        count(&st.n_right, s0),
        count(&st.n_left, n0),
        count(&st.n_right, s1),
    );
    let with_dist = |t: u64, a: u64| f2(t, a, dist);
    out.clear();
    out.extend_from_slice(&[
        // single words
        f1(100, s0wp),
        f1(101, s0w),
        f1(102, s0p),
        f1(103, n0wp),
        f1(104, n0w),
        f1(105, n0p),
        f2(106, n1w, n1p),
        f1(107, n1w),
        f1(108, n1p),
        f2(109, n2w, n2p),
        f1(110, n2w),
        f1(111, n2p),
        f1(112, s1wp),
        f1(113, s1w),
        f1(114, s1p),
        f1(115, s2p),
        f1(116, s2w),
        // pairs
        f2(120, s0wp, n0wp),
        f2(121, s0wp, n0w),
        f2(122, s0w, n0wp),
        f2(123, s0wp, n0p),
        f2(124, s0p, n0wp),
        f2(125, s0w, n0w),
        f2(126, s0p, n0p),
        f2(127, n0p, n1p),
        f2(128, s1p, s0p),
        f2(129, s1w, s0w),
        f2(130, s1wp, s0p),
        f2(131, s1p, s0wp),
        f2(132, s1wp, s0wp),
        f2(133, s1p, n0p),
        // triples of tags
        f3(140, n0p, n1p, n2p),
        f3(141, s0p, n0p, n1p),
        f3(142, s1p, s0p, n0p),
        f3(143, s0p, p(s0l), n0p),
        f3(144, s0p, p(s0r), n0p),
        f3(145, s0p, n0p, p(n0l)),
        f3(146, s2p, s1p, s0p),
        f3(147, s1p, p(s1r), s0p),
        f3(148, s1p, p(s1l), s0p),
        f3(149, s0w, n0p, n1p),
        // distance
        with_dist(150, s0w),
        with_dist(151, s0p),
        with_dist(152, n0w),
        with_dist(153, n0p),
        f3(154, s0w, n0w, dist),
        f3(155, s0p, n0p, dist),
        f3(156, s1p, s0p, d01),
        // valency
        f2(160, s0w, s0vr),
        f2(161, s0p, s0vr),
        f2(162, s0w, s0vl),
        f2(163, s0p, s0vl),
        f2(164, n0w, n0vl),
        f2(165, n0p, n0vl),
        f2(166, s1p, s1vr),
        // children
        f1(170, w(s0l)),
        f1(171, p(s0l)),
        f1(172, l(s0l)),
        f1(173, w(s0r)),
        f1(174, p(s0r)),
        f1(175, l(s0r)),
        f1(176, w(n0l)),
        f1(177, p(n0l)),
        f1(178, l(n0l)),
        f1(179, w(s1l)),
        f1(180, p(s1l)),
        f1(181, l(s1l)),
        f1(182, w(s1r)),
        f1(183, p(s1r)),
        f1(184, l(s1r)),
        // second children
        f1(190, w(s0l2)),
        f1(191, p(s0l2)),
        f1(192, l(s0l2)),
        f1(193, w(s0r2)),
        f1(194, p(s0r2)),
        f1(195, l(s0r2)),
        f1(196, w(n0l2)),
        f1(197, p(n0l2)),
        f1(198, l(n0l2)),
        f3(199, s0p, p(s0l), p(s0l2)),
        f3(200, s0p, p(s0r), p(s0r2)),
        f3(201, n0p, p(n0l), p(n0l2)),
        // label sets
        f2(210, s0w, set(&st.right_set, s0)),
        f2(211, s0p, set(&st.right_set, s0)),
        f2(212, s0w, set(&st.left_set, s0)),
        f2(213, s0p, set(&st.left_set, s0)),
        f2(214, n0w, set(&st.left_set, n0)),
        f2(215, n0p, set(&st.left_set, n0)),
        f2(216, s1p, set(&st.right_set, s1)),
    ]);
}

/// The best class that is valid in `st`.
fn best_valid(st: &State, scores: &[f32], root_label: usize) -> usize {
    let mut best = usize::MAX;
    for (c, &s) in scores.iter().enumerate() {
        if (best == usize::MAX || s > scores[best]) && st.valid(c, root_label) {
            best = c;
        }
    }
    best
}

/// A trained parser.
pub(crate) struct Parser {
    pub(crate) labels: Vec<String>,
    root_label: usize,
    weights: Weights,
}

/// Gold trees for training: heads with the root as `n`, label ids.
pub(crate) struct GoldTree {
    pub(crate) words: Vec<u64>,
    pub(crate) tags: Vec<u8>,
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<u8>,
}

impl GoldTree {
    /// True when no arc crosses another (the arc-hybrid system can build only these).
    pub(crate) fn projective(&self) -> bool {
        let n = self.heads.len();
        for d in 0..n {
            let h = self.heads[d] as usize;
            if h == n {
                continue;
            }
            let (lo, hi) = (d.min(h), d.max(h));
            for k in lo + 1..hi {
                // k must be below h.
                let mut a = k;
                let mut steps = 0;
                while a != h && a != n && steps <= n {
                    a = self.heads[a] as usize;
                    steps += 1;
                }
                if a != h {
                    return false;
                }
            }
        }
        true
    }
}

/// The cost of each move kind (shift, left, right) in `st` against the gold heads: how many
/// gold arcs it makes unreachable (Goldberg & Nivre 2013, arc-hybrid).
fn move_costs(st: &State, gold: &GoldTree, children: &[Vec<u32>], in_stack: &[bool]) -> [u32; 3] {
    let n = st.n;
    let b0 = st.b0;
    let in_buffer = |x: u32| x as usize >= b0 && x as usize <= n;
    let mut costs = [0u32; 3];
    if b0 < n {
        let s0 = st.stack.last().copied();
        let h = gold.heads[b0];
        costs[0] += u32::from(in_stack[h as usize] && Some(h) != s0);
        costs[0] += st
            .stack
            .iter()
            .filter(|&&k| gold.heads[k as usize] as usize == b0)
            .count() as u32;
    }
    if let Some(&s0) = st.stack.last() {
        let lost_children = children[s0 as usize]
            .iter()
            .filter(|&&k| in_buffer(k))
            .count() as u32;
        let h = gold.heads[s0 as usize];
        let s1 = st.s(1);
        costs[1] = lost_children
            + u32::from(s1 != NONE && h == s1)
            + u32::from(h as usize > b0 && h as usize <= n);
        costs[2] = lost_children + u32::from(in_buffer(h));
    }
    costs
}

impl Parser {
    /// Parses words (hashes of their lowercase forms) with their tags; writes each word's head
    /// (0 the root, else word index + 1) and label id.
    pub(crate) fn parse(
        &self,
        lex: &[Lexical],
        tags: &[u8],
        scratch: &mut ParseScratch,
        heads: &mut Vec<u32>,
        labels: &mut Vec<u8>,
    ) {
        let n = lex.len();
        let words: Vec<u64> = lex.iter().map(|l| l.lower).collect();
        let st = &mut scratch.state;
        st.reset(n);
        while !st.done() {
            features(st, &words, tags, &mut scratch.features);
            scratch.scores.clear();
            scratch.scores.resize(self.weights.n_classes(), 0.0);
            self.weights
                .add_scores(&scratch.features, &mut scratch.scores);
            let class = best_valid(st, &scratch.scores, self.root_label);
            st.apply(class);
        }
        heads.clear();
        labels.clear();
        for d in 0..n {
            let h = st.heads[d] as usize;
            heads.push(if h == n { 0 } else { h as u32 + 1 });
            labels.push(st.labels[d]);
        }
    }

    /// Trains on gold trees (non-projective ones are skipped).
    pub(crate) fn train(
        trees: &[GoldTree],
        labels: Vec<String>,
        epochs: usize,
        seed: u64,
        min_weight: f32,
        mut after_epoch: impl FnMut(usize, &Parser),
    ) -> Parser {
        let root_label = labels.iter().position(|l| l == "root").unwrap_or(0);
        let n_classes = 1 + 2 * labels.len();
        let mut trainer = Trainer::new(n_classes);
        let mut rng = Rng::new(seed);
        let mut order: Vec<usize> = (0..trees.len())
            .filter(|&i| trees[i].projective())
            .collect();
        let mut st = State::default();
        let (mut feats, mut scores, mut costs) = (Vec::new(), Vec::new(), Vec::new());
        let mut parser = None;
        for epoch in 0..epochs {
            rng.shuffle(&mut order);
            for &t in &order {
                let gold = &trees[t];
                let n = gold.heads.len();
                let mut children = vec![Vec::new(); n + 1];
                for (d, &h) in gold.heads.iter().enumerate() {
                    children[h as usize].push(d as u32);
                }
                let mut in_stack = vec![false; n + 1];
                st.reset(n);
                while !st.done() {
                    features(&st, &gold.words, &gold.tags, &mut feats);
                    trainer.scores(&feats, &mut scores);
                    let guess = best_valid(&st, &scores, root_label);
                    let kinds = move_costs(&st, gold, &children, &in_stack);
                    costs.clear();
                    let s0 = st.s(0);
                    for c in 0..n_classes {
                        if !st.valid(c, root_label) {
                            costs.push(u32::MAX);
                            continue;
                        }
                        let mut cost = kinds[kind(c)];
                        if kind(c) > 0 {
                            let head = if kind(c) == 1 { st.b0 as u32 } else { st.s(1) };
                            if gold.heads[s0 as usize] == head
                                && usize::from(gold.labels[s0 as usize]) != label_of(c)
                            {
                                cost += 1;
                            }
                        }
                        costs.push(cost);
                    }
                    let min = *costs.iter().min().unwrap();
                    let mut best = usize::MAX;
                    for c in 0..n_classes {
                        if costs[c] == min && (best == usize::MAX || scores[c] > scores[best]) {
                            best = c;
                        }
                    }
                    trainer.tick();
                    if costs[guess] > min {
                        trainer.update(best, guess, &feats);
                    }
                    let explore = epoch > 0 && rng.next_u64() % 10 != 0;
                    let next = if explore { guess } else { best };
                    match kind(next) {
                        0 => in_stack[st.b0] = true,
                        _ => in_stack[st.s(0) as usize] = false,
                    }
                    st.apply(next);
                }
            }
            let p = Parser {
                labels: labels.clone(),
                root_label,
                weights: trainer.freeze(min_weight),
            };
            after_epoch(epoch + 1, &p);
            parser = Some(p);
        }
        parser.unwrap_or_else(|| Parser {
            labels,
            root_label,
            weights: trainer.freeze(min_weight),
        })
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        out.strs(&self.labels);
        self.weights.write(out);
    }

    pub(crate) fn read(input: &mut Reader) -> ReadResult<Parser> {
        let labels = input.strs()?;
        let weights = Weights::read(input)?;
        if labels.len() > 127 || weights.n_classes() != 1 + 2 * labels.len() {
            return Err("corrupt model file: the parser's classes and labels differ".into());
        }
        let root_label = labels.iter().position(|l| l == "root").unwrap_or(0);
        Ok(Parser {
            labels,
            root_label,
            weights,
        })
    }

    /// The number of weights kept.
    pub(crate) fn n_weights(&self) -> usize {
        self.weights.len()
    }
}
