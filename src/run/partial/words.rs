//! A word list for merging: each word's id, with one copy of each word (the run's
//! [`Vocabulary`](crate::count::vocab::Vocabulary) keeps three: its map, its list and each
//! thread's cache, which a merge on one thread does not need).

use std::hash::Hasher;

use hashbrown::HashTable;
use rustc_hash::FxHasher;

use crate::count::vocab::WordId;

/// Words by id, and a table of the ids hashed by their words.
#[derive(Default)]
pub(super) struct WordList {
    words: Vec<Box<str>>,
    table: HashTable<WordId>,
}

fn hash(word: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(word.as_bytes());
    h.finish()
}

impl WordList {
    /// The id of `word`, adding it if it is new (ids from 0 in order of first sight).
    pub(super) fn id(&mut self, word: &str) -> WordId {
        let h = hash(word);
        let words = &self.words;
        if let Some(&id) = self.table.find(h, |&id| &*words[id as usize] == word) {
            return id;
        }
        let id = self.words.len() as WordId;
        self.words.push(word.into());
        let words = &self.words;
        self.table
            .insert_unique(h, id, |&id| hash(&words[id as usize]));
        id
    }

    /// The words, by id.
    pub(super) fn into_words(self) -> Vec<Box<str>> {
        self.words
    }
}

#[cfg(test)]
mod tests {
    use super::WordList;

    #[test]
    fn ids_in_order_of_first_sight_each_word_once() {
        let mut list = WordList::default();
        let ids: Vec<u32> = ["soviet", "cadet", "soviet", "", "cadet"]
            .iter()
            .map(|w| list.id(w))
            .collect();
        assert_eq!(ids, [0, 1, 0, 2, 1]);
        let words = list.into_words();
        assert_eq!(
            words,
            ["soviet".into(), "cadet".into(), "".into()] as [Box<str>; 3]
        );
    }
}
