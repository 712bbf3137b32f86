//! The part-of-speech tagger: greedy, left to right, an averaged perceptron over the word,
//! its affixes and shape, its neighbours two words either side and the two tags before it
//! (Honnibal's design behind NLTK's `PerceptronTagger`, with a wider window).
//!
//! Words seen often in training with nearly always the same tag (at least 20 times, 99.9% one
//! tag) take that tag from a dictionary: faster, and as accurate.

use rustc_hash::FxHashMap;

use super::bin::{ReadResult, Reader, Writer};
use super::hash::{f1, f2, f3, hash_str, mix, Rng};
use super::perceptron::{Trainer, Weights};
use crate::text::tokenize::fold_case;

/// What the features need to know of a word, hashed once per sentence.
#[derive(Clone, Copy, Default)]
pub(crate) struct Lexical {
    pub(crate) form: u64,
    pub(crate) lower: u64,
    prefix: [u64; 3],
    suffix: [u64; 4],
    shape: u64,
    flags: u64,
}

const NONE_WORD: u64 = 0x5bd1_e995_0001;

impl Lexical {
    /// The hashes of `form`; `buf` is scratch space.
    pub(crate) fn of(form: &str, buf: &mut String) -> Lexical {
        fold_case(form, buf);
        let lower = buf.as_str();
        let mut lex = Lexical {
            form: hash_str(form),
            lower: hash_str(lower),
            ..Lexical::default()
        };
        // Char boundaries, to cut affixes of non-ASCII words in the right places.
        let n_chars = lower.chars().count();
        for k in 1..=3 {
            let end = lower.char_indices().nth(k).map_or(lower.len(), |(i, _)| i);
            lex.prefix[k - 1] = hash_str(&lower[..end]);
        }
        for k in 1..=4 {
            let start = if k >= n_chars {
                0
            } else {
                lower.char_indices().nth(n_chars - k).map_or(0, |(i, _)| i)
            };
            lex.suffix[k - 1] = hash_str(&lower[start..]);
        }
        // Shape: X for a capital, x for a small letter, d for a digit, the character itself
        // otherwise; runs longer than three cut to three (Xxxx for every capitalized word).
        let (mut shape, mut last, mut run) = (0u64, '\0', 0);
        let (mut upper, mut digit, mut hyphen) = (false, false, false);
        for c in form.chars() {
            let s = if c.is_uppercase() {
                upper = true;
                'X'
            } else if c.is_lowercase() {
                'x'
            } else if c.is_numeric() {
                digit = true;
                'd'
            } else {
                hyphen |= c == '-';
                c
            };
            run = if s == last { run + 1 } else { 1 };
            last = s;
            if run <= 3 {
                shape = mix(shape, s as u64);
            }
        }
        lex.shape = shape;
        lex.flags = u64::from(upper) | u64::from(digit) << 1 | u64::from(hyphen) << 2;
        lex
    }
}

/// Reusable buffers for tagging.
#[derive(Default)]
pub(crate) struct TagScratch {
    pub(crate) lex: Vec<Lexical>,
    /// Each word's ambiguity class: the set of tags it had in training.
    amb: Vec<u64>,
    features: Vec<u64>,
    scores: Vec<f32>,
    buf: String,
}

impl TagScratch {
    pub(crate) fn prepare<S: AsRef<str>>(&mut self, words: &[S]) {
        self.prepare_with(words.iter().map(|w| w.as_ref()));
    }

    pub(crate) fn prepare_with<'a>(&mut self, words: impl Iterator<Item = &'a str>) {
        self.lex.clear();
        for w in words {
            let lex = Lexical::of(w, &mut self.buf);
            self.lex.push(lex);
        }
    }
}

/// The features of word `i` given the two tags before it (`p1`, `p2`).
fn features(lex: &[Lexical], amb: &[u64], i: usize, p1: u64, p2: u64, out: &mut Vec<u64>) {
    let a = |k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 || j >= lex.len() as isize {
            1 << 40
        } else {
            amb[j as usize]
        }
    };
    let at = |k: isize| -> Lexical {
        let j = i as isize + k;
        if j < 0 || j >= lex.len() as isize {
            let none = NONE_WORD.wrapping_add(k as u64);
            Lexical {
                form: none,
                lower: none,
                prefix: [NONE_WORD; 3],
                suffix: [none; 4],
                shape: NONE_WORD,
                flags: 8,
            }
        } else {
            lex[j as usize]
        }
    };
    let (w, l1, l2, r1, r2) = (at(0), at(-1), at(-2), at(1), at(2));
    out.clear();
    out.extend_from_slice(&[
        f1(0, 0),
        f1(1, w.lower),
        f1(2, w.form),
        f1(3, w.suffix[0]),
        f1(4, w.suffix[1]),
        f1(5, w.suffix[2]),
        f1(6, w.suffix[3]),
        f1(7, w.prefix[0]),
        f1(8, w.prefix[1]),
        f1(9, w.prefix[2]),
        f1(10, w.shape),
        f1(11, p1),
        f1(12, p2),
        f2(13, p1, p2),
        f2(14, p1, w.lower),
        f1(15, l1.lower),
        f1(16, l1.suffix[2]),
        f1(17, l2.lower),
        f1(18, r1.lower),
        f1(19, r1.suffix[2]),
        f1(20, r2.lower),
        f2(21, l1.lower, w.lower),
        f2(22, w.lower, r1.lower),
        f3(23, w.flags, u64::from(i == 0), w.shape),
        f2(24, p1, w.suffix[2]),
        f1(25, r1.shape),
        f1(26, l1.shape),
        f2(27, r1.lower, r2.lower),
        f2(28, p1, r1.lower),
        f1(29, a(0)),
        f1(30, a(1)),
        f1(31, a(2)),
        f2(32, a(0), a(1)),
        f2(33, p1, a(1)),
        f2(34, w.lower, a(1)),
        f1(35, a(-1)),
    ]);
}

/// A trained tagger.
pub(crate) struct Tagger {
    pub(crate) tags: Vec<String>,
    weights: Weights,
    dictionary: FxHashMap<u64, u8>,
    classes: FxHashMap<u64, u32>,
}

fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}

impl Tagger {
    /// Tags the words prepared in `scratch.lex`, writing tag ids into `out`.
    pub(crate) fn tag_prepared(&self, scratch: &mut TagScratch, out: &mut Vec<u8>) {
        out.clear();
        fill_classes(&self.classes, scratch);
        let n_tags = self.tags.len() as u64;
        let (mut p1, mut p2) = (n_tags, n_tags + 1);
        for i in 0..scratch.lex.len() {
            let tag = match self.dictionary.get(&scratch.lex[i].form) {
                Some(&t) => t,
                None => {
                    features(&scratch.lex, &scratch.amb, i, p1, p2, &mut scratch.features);
                    scratch.scores.clear();
                    scratch.scores.resize(self.tags.len(), 0.0);
                    self.weights
                        .add_scores(&scratch.features, &mut scratch.scores);
                    argmax(&scratch.scores) as u8
                }
            };
            out.push(tag);
            (p2, p1) = (p1, u64::from(tag));
        }
    }

    /// Trains on sentences of (words, tag ids); `tags` names the ids.
    pub(crate) fn train(
        data: &[(Vec<String>, Vec<u8>)],
        tags: Vec<String>,
        epochs: usize,
        seed: u64,
        mut after_epoch: impl FnMut(usize, &Tagger),
    ) -> Tagger {
        let dictionary = build_dictionary(data);
        let classes = build_classes(data);
        let mut trainer = Trainer::new(tags.len());
        let mut scratch = TagScratch::default();
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = Rng::new(seed);
        let n_tags = tags.len() as u64;
        let mut scores = Vec::new();
        let mut tagger = None;
        for epoch in 0..epochs {
            rng.shuffle(&mut order);
            for &s in &order {
                let (words, gold) = &data[s];
                scratch.prepare(words);
                fill_classes(&classes, &mut scratch);
                let (mut p1, mut p2) = (n_tags, n_tags + 1);
                for (i, &truth) in gold.iter().enumerate() {
                    let guess = match dictionary.get(&scratch.lex[i].form) {
                        Some(&t) => t as usize,
                        None => {
                            features(&scratch.lex, &scratch.amb, i, p1, p2, &mut scratch.features);
                            trainer.scores(&scratch.features, &mut scores);
                            let guess = argmax(&scores);
                            trainer.tick();
                            trainer.update(truth as usize, guess, &scratch.features);
                            guess
                        }
                    };
                    (p2, p1) = (p1, guess as u64);
                }
            }
            let t = Tagger {
                tags: tags.clone(),
                weights: trainer.freeze(MIN_WEIGHT),
                dictionary: dictionary.clone(),
                classes: classes.clone(),
            };
            after_epoch(epoch + 1, &t);
            tagger = Some(t);
        }
        tagger.unwrap_or_else(|| Tagger {
            tags,
            weights: trainer.freeze(MIN_WEIGHT),
            dictionary,
            classes,
        })
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        out.strs(&self.tags);
        let mut dictionary: Vec<(u64, u8)> =
            self.dictionary.iter().map(|(&k, &v)| (k, v)).collect();
        dictionary.sort_unstable();
        out.u64(dictionary.len() as u64);
        for (k, v) in dictionary {
            out.u64(k);
            out.u8(v);
        }
        let mut classes: Vec<(u64, u32)> = self.classes.iter().map(|(&k, &v)| (k, v)).collect();
        classes.sort_unstable();
        out.u64(classes.len() as u64);
        for (k, v) in classes {
            out.u64(k);
            out.u32(v);
        }
        self.weights.write(out);
    }

    pub(crate) fn read(input: &mut Reader) -> ReadResult<Tagger> {
        let tags = input.strs()?;
        let n = input.count(9)?;
        let mut dictionary = FxHashMap::default();
        for _ in 0..n {
            let k = input.u64()?;
            let v = input.u8()?;
            if v as usize >= tags.len() {
                return Err(format!("corrupt model file: tag {v} of {}", tags.len()));
            }
            dictionary.insert(k, v);
        }
        let n = input.count(12)?;
        let mut classes = FxHashMap::default();
        for _ in 0..n {
            let k = input.u64()?;
            classes.insert(k, input.u32()?);
        }
        let weights = Weights::read(input)?;
        if weights.n_classes() != tags.len() {
            return Err("corrupt model file: the tagger's classes and tags differ".into());
        }
        Ok(Tagger {
            tags,
            weights,
            dictionary,
            classes,
        })
    }

    /// The number of weights kept.
    pub(crate) fn n_weights(&self) -> usize {
        self.weights.len()
    }
}

/// Averaged weights smaller than this are dropped: they never change a decision that matters
/// and make up most of the table.
const MIN_WEIGHT: f32 = 0.01;

fn build_dictionary(data: &[(Vec<String>, Vec<u8>)]) -> FxHashMap<u64, u8> {
    let mut counts: FxHashMap<u64, FxHashMap<u8, u32>> = FxHashMap::default();
    for (words, tags) in data {
        for (w, &t) in words.iter().zip(tags) {
            *counts.entry(hash_str(w)).or_default().entry(t).or_default() += 1;
        }
    }
    let mut dictionary = FxHashMap::default();
    for (word, tags) in counts {
        let total: u32 = tags.values().sum();
        let (&tag, &n) = tags
            .iter()
            .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
            .unwrap();
        if total >= 20 && f64::from(n) / f64::from(total) >= 0.999 {
            dictionary.insert(word, tag);
        }
    }
    dictionary
}

fn fill_classes(classes: &FxHashMap<u64, u32>, scratch: &mut TagScratch) {
    scratch.amb.clear();
    for lex in &scratch.lex {
        scratch
            .amb
            .push(classes.get(&lex.lower).map_or(0, |&c| u64::from(c)));
    }
}

/// Ambiguity classes (the tags a word had, lowercased) of the words seen three times or more
/// in training (3 did better on dev than 2): rarer words are left out so that training, like
/// tagging new text, meets words without a class.
fn build_classes(data: &[(Vec<String>, Vec<u8>)]) -> FxHashMap<u64, u32> {
    let mut counts: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
    let mut buf = String::new();
    for (words, tags) in data {
        for (w, &t) in words.iter().zip(tags) {
            fold_case(w, &mut buf);
            let e = counts.entry(hash_str(&buf)).or_default();
            e.0 += 1;
            e.1 |= 1 << t;
        }
    }
    counts
        .into_iter()
        .filter(|(_, (n, _))| *n >= 3)
        .map(|(k, (_, c))| (k, c))
        .collect()
}
