//! The interned vocabulary: every distinct (case-folded) word becomes a `u32` id, and all
//! counting after tokenization works on ids.
//!
//! Paragraphs are tokenized on several threads at once, so the vocabulary is shared. Each
//! thread keeps its own cache of the ids it has seen and takes the shared lock only for a word
//! new to it; after the first pages of a book almost every lookup is a cache hit. Ids are given
//! in order of first sight, which depends on thread timing: **ids are not stable across runs**.
//! Every table is therefore sorted by strings, never by id.

use std::cell::RefCell;
use std::sync::Mutex;

use rustc_hash::FxHashMap;
use thread_local::ThreadLocal;

/// A word's id in a [`Vocabulary`].
pub type WordId = u32;

#[derive(Default)]
struct Interner {
    ids: FxHashMap<Box<str>, WordId>,
    words: Vec<Box<str>>,
}

/// A thread-safe string interner with per-thread caches.
///
/// ```
/// use corpus_lens::vocab::Vocabulary;
/// let vocab = Vocabulary::new();
/// let a = vocab.id("soviet");
/// assert_eq!(vocab.id("soviet"), a);
/// assert_ne!(vocab.id("cadet"), a);
/// let words = vocab.into_words();
/// assert_eq!(&*words[a as usize], "soviet");
/// ```
#[derive(Default)]
pub struct Vocabulary {
    shared: Mutex<Interner>,
    cache: ThreadLocal<RefCell<FxHashMap<Box<str>, WordId>>>,
}

impl Vocabulary {
    /// An empty vocabulary.
    pub fn new() -> Vocabulary {
        Vocabulary::default()
    }

    /// The id of `word`, adding it if it is new.
    pub fn id(&self, word: &str) -> WordId {
        let cache = self.cache.get_or_default();
        if let Some(&id) = cache.borrow().get(word) {
            return id;
        }
        let id = {
            let mut shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
            match shared.ids.get(word) {
                Some(&id) => id,
                None => {
                    let id = WordId::try_from(shared.words.len())
                        .expect("more than 4 billion distinct words");
                    shared.words.push(word.into());
                    shared.ids.insert(word.into(), id);
                    id
                }
            }
        };
        cache.borrow_mut().insert(word.into(), id);
        id
    }

    /// How many distinct words so far.
    pub fn len(&self) -> usize {
        self.shared
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .words
            .len()
    }

    /// True when no word was added yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The words, indexed by id.
    pub fn into_words(self) -> Vec<Box<str>> {
        self.shared
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .words
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn ids_are_consistent_across_threads() {
        let vocab = Vocabulary::new();
        let words: Vec<String> = (0..2000).map(|i| format!("w{}", i % 300)).collect();
        let ids: Vec<WordId> = words.par_iter().map(|w| vocab.id(w)).collect();
        assert_eq!(vocab.len(), 300);
        let table = vocab.into_words();
        for (w, id) in words.iter().zip(ids) {
            assert_eq!(&*table[id as usize], w.as_str());
        }
    }
}
