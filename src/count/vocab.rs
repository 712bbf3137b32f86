//! The interned vocabulary: every distinct (case-folded) word becomes a `u32` id, and all
//! counting after tokenization works on ids.
//!
//! Paragraphs are tokenized on several threads at once, so the vocabulary is shared. Each
//! thread keeps its own cache of the ids it has seen and takes the shared lock only for a word
//! new to it; after the first pages of a book almost every lookup is a cache hit. Ids are given
//! in order of first sight, which depends on thread timing: **ids are not stable across runs**.
//! Every table is therefore sorted by strings, never by id.

use std::cell::{RefCell, RefMut};
use std::hash::Hasher;
use std::sync::Mutex;

use hashbrown::HashTable;
use rustc_hash::{FxHashMap, FxHasher};
use thread_local::ThreadLocal;

/// A word's id in a [`Vocabulary`].
pub type WordId = u32;

/// Word id `id` of one vocabulary mapped into another through `ids` (the other's id of
/// each word of the first, by the first's id): how a partial result's ids become a merge's.
///
/// ```
/// use corpus_lens::vocab::map_id;
/// assert_eq!(map_id(&[7, 3], 1)?, 3);
/// assert!(map_id(&[7, 3], 2).is_err()); // no word 2
/// # Ok::<(), corpus_lens::Error>(())
/// ```
///
/// # Errors
///
/// An id outside `ids` ([`crate::Error::Usage`]): a damaged partial result.
pub fn map_id(ids: &[WordId], id: WordId) -> crate::error::Result<WordId> {
    ids.get(id as usize).copied().ok_or_else(|| {
        crate::error::Error::Usage(format!(
            "word id {id} outside the word list of {} words",
            ids.len()
        ))
    })
}

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
    cache: ThreadLocal<RefCell<Cache>>,
}

/// A thread's cache. Words of up to 16 bytes (nearly all) are stored inline as a zero-padded
/// `u128`, so a lookup hashes two words and compares one integer, without following a
/// pointer (texts hold no NUL byte, so the padding is unambiguous); longer words go to a
/// second table. Profiling showed the pointer chase to a boxed key to be the main cost.
#[derive(Default)]
struct Cache {
    /// Words of up to 12 bytes (most words), in 16-byte slots.
    compact: KeyTable,
    /// Words of 13 to 16 bytes.
    short: HashTable<(u128, WordId)>,
    long: HashTable<(Box<str>, WordId)>,
}

/// The word's bytes as a zero-padded little-endian `u128`, built from overlapping loads
/// (copying into a stack buffer and reading it back stalls store forwarding).
#[inline]
pub(crate) fn pack(word: &[u8]) -> Option<u128> {
    let n = word.len();
    let u64_at = |at: usize| u64::from_le_bytes(word[at..at + 8].try_into().unwrap_or([0; 8]));
    let u32_at =
        |at: usize| u32::from_le_bytes(word[at..at + 4].try_into().unwrap_or([0; 4])) as u64;
    let (lo, hi) = match n {
        0..=3 => (
            word.iter().rev().fold(0u64, |acc, &b| acc << 8 | b as u64),
            0,
        ),
        4..=7 => (u32_at(0) | u32_at(n - 4) << (8 * (n - 4)), 0),
        8..=16 => (
            u64_at(0),
            u64_at(n - 8).checked_shr(8 * (16 - n) as u32).unwrap_or(0),
        ),
        _ => return None,
    };
    Some((hi as u128) << 64 | lo as u128)
}

#[inline]
fn hash_packed(key: u128) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(key as u64);
    h.write_u64((key >> 64) as u64);
    h.finish()
}

#[inline]
fn hash_word(word: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

/// An open-addressing (linear probing) table from packed keys of up to 12 bytes to ids,
/// with 16-byte slots, for the per-thread cache.
///
/// Looking words up is where counting waits on memory: a large vocabulary's cache does not
/// fit the CPU caches, and a lookup missed them for every rarer word. Slots half the size
/// of a general hash table's, and [`KeyTable::prefetch`], which asks for a key's slot a
/// few tokens ahead, make most of those waits overlap.
#[derive(Default)]
struct KeyTable {
    slots: Vec<Slot>,
    len: usize,
}

/// A key's first 8 bytes, its next 4, and its id; an all-zero key marks an empty slot
/// (no word packs to zero: words are not empty and hold no NUL byte).
#[derive(Clone, Copy, Default)]
#[repr(C, align(16))]
struct Slot {
    lo: u64,
    hi: u32,
    id: WordId,
}

impl KeyTable {
    /// The key as `(lo, hi)` if it fits a slot (12 bytes or fewer).
    #[inline]
    fn split(key: u128) -> Option<(u64, u32)> {
        (key >> 96 == 0 && key != 0).then_some((key as u64, (key >> 64) as u32))
    }

    /// The slot a key's probe starts at (Fibonacci hashing: the top bits of a product).
    #[inline]
    fn home(&self, lo: u64, hi: u32) -> usize {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let h = (lo.wrapping_mul(K) ^ hi as u64).wrapping_mul(K);
        let bits = self.slots.len().trailing_zeros();
        (h >> (63 - bits) >> 1) as usize
    }

    #[inline]
    fn get(&self, lo: u64, hi: u32) -> Option<WordId> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(lo, hi);
        loop {
            let slot = self.slots[i];
            if slot.lo == lo && slot.hi == hi {
                return Some(slot.id);
            }
            if slot.lo == 0 && slot.hi == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Asks the CPU to start loading the slot `key` would be found at (a hint: nothing
    /// is read and nothing can fail).
    #[inline]
    fn prefetch(&self, key: u128) {
        let Some((lo, hi)) = Self::split(key) else {
            return;
        };
        if self.slots.is_empty() {
            return;
        }
        crate::prefetch(&self.slots[self.home(lo, hi)]);
    }

    fn insert(&mut self, lo: u64, hi: u32, id: WordId) {
        // At most 3/4 full, so probes stay short.
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(lo, hi);
        while self.slots[i].lo != 0 || self.slots[i].hi != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = Slot { lo, hi, id };
        self.len += 1;
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        self.len = 0;
        for slot in old {
            if slot.lo != 0 || slot.hi != 0 {
                self.insert(slot.lo, slot.hi, slot.id);
            }
        }
    }
}

impl Cache {
    #[inline]
    fn get(&self, word: &str) -> Option<WordId> {
        match pack(word.as_bytes()) {
            Some(key) => self.get_key(key),
            None => self
                .long
                .find(hash_word(word), |(k, _)| **k == *word)
                .map(|&(_, id)| id),
        }
    }

    #[inline]
    fn get_key(&self, key: u128) -> Option<WordId> {
        if let Some((lo, hi)) = KeyTable::split(key) {
            return self.compact.get(lo, hi);
        }
        self.short
            .find(hash_packed(key), |&(k, _)| k == key)
            .map(|&(_, id)| id)
    }

    fn insert(&mut self, word: &str, id: WordId) {
        match pack(word.as_bytes()) {
            Some(key) => match KeyTable::split(key) {
                Some((lo, hi)) => self.compact.insert(lo, hi, id),
                None => {
                    self.short
                        .insert_unique(hash_packed(key), (key, id), |&(k, _)| hash_packed(k));
                }
            },
            None => {
                self.long
                    .insert_unique(hash_word(word), (word.into(), id), |(k, _)| hash_word(k));
            }
        }
    }
}
impl Vocabulary {
    /// An empty vocabulary.
    ///
    /// ```
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// assert!(vocab.is_empty());
    /// assert_eq!(vocab.id("soviet"), 0); // ids count from 0 in order of first sight
    /// ```
    pub fn new() -> Vocabulary {
        Vocabulary::default()
    }

    /// The id of `word`, adding it if it is new. For many lookups in a row, take a
    /// [`Vocabulary::local`] handle once instead.
    ///
    /// ```
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// let (a, b) = (vocab.id("bolsheviks"), vocab.id("mensheviks"));
    /// assert_ne!(a, b);
    /// assert_eq!(vocab.id("bolsheviks"), a);
    /// ```
    pub fn id(&self, word: &str) -> WordId {
        self.local().id(word)
    }

    /// A handle on this thread's cache, for many lookups in a row (one paragraph, say).
    ///
    /// ```
    /// let vocab = corpus_lens::vocab::Vocabulary::new();
    /// let mut local = vocab.local();
    /// assert_eq!(local.id("tsar"), local.id("tsar"));
    /// ```
    pub fn local(&self) -> LocalVocabulary<'_> {
        LocalVocabulary {
            shared: &self.shared,
            cache: self.cache.get_or_default().try_borrow_mut().ok(),
        }
    }

    fn shared_id(shared: &Mutex<Interner>, word: &str) -> WordId {
        let mut shared = shared.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(&id) = shared.ids.get(word) {
            return id;
        }
        let id = WordId::try_from(shared.words.len()).expect("more than 4 billion distinct words");
        shared.words.push(word.into());
        shared.ids.insert(word.into(), id);
        id
    }

    /// How many distinct words so far.
    ///
    /// ```
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// for word in ["the", "soviet", "the"] {
    ///     vocab.id(word);
    /// }
    /// assert_eq!(vocab.len(), 2);
    /// ```
    pub fn len(&self) -> usize {
        self.shared
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .words
            .len()
    }

    /// True when no word was added yet.
    ///
    /// ```
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// assert!(vocab.is_empty());
    /// vocab.id("tsar");
    /// assert!(!vocab.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of the words so far, indexed by id (the vocabulary stays usable).
    ///
    /// ```
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// let id = vocab.id("duma");
    /// assert_eq!(&*vocab.words()[id as usize], "duma");
    /// assert_eq!(vocab.id("duma"), id);
    /// ```
    pub fn words(&self) -> Vec<Box<str>> {
        self.shared
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .words
            .clone()
    }

    /// The words, indexed by id.
    ///
    /// ```
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// let ids = [vocab.id("peace"), vocab.id("bread"), vocab.id("land")];
    /// let words = vocab.into_words();
    /// assert_eq!(&*words[ids[1] as usize], "bread");
    /// assert_eq!(words.len(), 3);
    /// ```
    pub fn into_words(self) -> Vec<Box<str>> {
        self.shared
            .into_inner()
            .unwrap_or_else(|p| p.into_inner())
            .words
    }
}

/// This thread's view of a [`Vocabulary`]: lookups hit the thread's cache first.
///
/// ```
/// use corpus_lens::vocab::Vocabulary;
/// use rayon::prelude::*;
/// let vocab = Vocabulary::new();
/// let paragraphs = ["all power to the soviets", "power to the people"];
/// // Each worker takes a local handle for its paragraph: lookups hit its own cache first.
/// let ids: Vec<Vec<u32>> = paragraphs
///     .par_iter()
///     .map(|p| {
///         let mut local = vocab.local();
///         p.split(' ').map(|w| local.id(w)).collect()
///     })
///     .collect();
/// assert_eq!(ids[0][1], ids[1][0]); // "power" has one id on every thread
/// ```
pub struct LocalVocabulary<'a> {
    shared: &'a Mutex<Interner>,
    /// `None` only if this thread's cache is already borrowed (a nested use): then every
    /// lookup goes to the shared table, which is slower but still right.
    cache: Option<RefMut<'a, Cache>>,
}

impl LocalVocabulary<'_> {
    /// The id of `word`, adding it if it is new.
    ///
    /// ```
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// let mut local = vocab.local();
    /// let land = local.id("land");
    /// assert_eq!(local.id("land"), land);
    /// assert_eq!(vocab.id("land"), land); // the same id through the shared table
    /// ```
    #[inline]
    pub fn id(&mut self, word: &str) -> WordId {
        if let Some(id) = self.cache.as_ref().and_then(|c| c.get(word)) {
            return id;
        }
        let id = Vocabulary::shared_id(self.shared, word);
        if let Some(cache) = self.cache.as_mut() {
            cache.insert(word, id);
        }
        id
    }

    /// Starts loading the cache slot of a key that [`LocalVocabulary::id_key`] will be
    /// asked for soon (a hint for the CPU; it changes nothing).
    ///
    /// ```
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// let mut local = vocab.local();
    /// let key = u128::from_le_bytes(*b"tsar\0\0\0\0\0\0\0\0\0\0\0\0");
    /// local.prefetch(key);
    /// assert_eq!(local.id_key(key), local.id("tsar"));
    /// ```
    #[inline]
    pub fn prefetch(&self, key: u128) {
        if let Some(cache) = &self.cache {
            cache.compact.prefetch(key);
        }
    }

    /// The id of the word whose bytes `key` packs (at most 16 bytes, little-endian,
    /// zero-padded, as [`crate::text::tokenize::tokenize_keyed`] gives them), adding it if it is
    /// new: [`LocalVocabulary::id`] without packing the word again.
    ///
    /// ```
    /// use corpus_lens::vocab::Vocabulary;
    /// let vocab = Vocabulary::new();
    /// let mut local = vocab.local();
    /// let key = u128::from_le_bytes(*b"land\0\0\0\0\0\0\0\0\0\0\0\0");
    /// assert_eq!(local.id_key(key), local.id("land"));
    /// ```
    #[inline]
    pub fn id_key(&mut self, key: u128) -> WordId {
        if let Some(id) = self.cache.as_ref().and_then(|c| c.get_key(key)) {
            return id;
        }
        let bytes = key.to_le_bytes();
        let len = 16 - (key.leading_zeros() / 8) as usize;
        // A key comes from a token's bytes, which are UTF-8; a bad key is a caller's bug.
        let word = std::str::from_utf8(&bytes[..len]).expect("a key packs UTF-8 bytes");
        self.id(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn short_and_long_words_round_trip() {
        let vocab = Vocabulary::new();
        let words = [
            "",
            "a",
            "ab",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "Совет",
            "abcdefghijklmnopqrstuvwxyz",
        ];
        let ids: Vec<WordId> = words.iter().map(|w| vocab.id(w)).collect();
        let again: Vec<WordId> = words.iter().map(|w| vocab.id(w)).collect();
        assert_eq!(ids, again);
        assert_eq!(vocab.len(), words.len());
        assert_ne!(vocab.id("abcdefghijklmnoq"), vocab.id("abcdefghijklmnop"));
        for len in 0..=16 {
            let word: Vec<u8> = (1..=len as u8).collect();
            let mut padded = [0u8; 16];
            padded[..len].copy_from_slice(&word);
            assert_eq!(
                pack(&word),
                Some(u128::from_le_bytes(padded)),
                "length {len}"
            );
        }
        assert_eq!(pack(&[7; 17]), None);
    }

    #[test]
    fn key_table_finds_every_key_it_holds_across_growth() {
        let mut table = KeyTable::default();
        let mut reference = std::collections::HashMap::new();
        // Keys of 1 to 12 bytes, many sharing their first 8 bytes or their home slot.
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for id in 0..20_000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = 1 + (x % 12) as usize;
            let word: Vec<u8> = (0..len)
                .map(|k| b'a' + ((x >> (k * 5)) % 26) as u8)
                .collect();
            let (lo, hi) = KeyTable::split(pack(&word).unwrap()).unwrap();
            if table.get(lo, hi).is_none() {
                table.insert(lo, hi, id);
                reference.insert((lo, hi), id);
            }
        }
        assert_eq!(table.len, reference.len());
        assert!(table.len * 4 <= table.slots.len() * 3);
        for (&(lo, hi), &id) in &reference {
            assert_eq!(table.get(lo, hi), Some(id));
        }
        assert_eq!(table.get(u64::MAX, 7), None);
        // 13 bytes and more do not fit a slot; zero is never a key.
        assert_eq!(KeyTable::split(pack(b"revolutionary").unwrap()), None);
        assert_eq!(KeyTable::split(0), None);
        let vocab = Vocabulary::new();
        for word in ["proletariat", "bourgeoisies", "revolutionary", "a"] {
            let key = pack(word.as_bytes()).unwrap();
            let id = vocab.id(word);
            assert_eq!(vocab.local().id_key(key), id, "{word}");
        }
    }

    #[test]
    fn ids_are_consistent_across_threads() {
        let vocab = Vocabulary::new();
        let words: Vec<String> = (0..2000).map(|i| format!("w{}", i % 300)).collect();
        let ids: Vec<WordId> = words.par_iter().map(|w| vocab.id(w)).collect();
        assert_eq!(vocab.len(), 300);
        // A nested handle on the same thread still answers, from the shared table.
        let mut outer = vocab.local();
        let mut inner = vocab.local();
        assert_eq!(outer.id("w7"), inner.id("w7"));
        drop((outer, inner));
        let table = vocab.into_words();
        for (w, id) in words.iter().zip(ids) {
            assert_eq!(&*table[id as usize], w.as_str());
        }
    }
}
