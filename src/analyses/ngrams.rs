//! N-grams (AntConc's "clusters"): runs of 2 to 4 consecutive counted tokens inside one
//! sentence, with frequency and range (paragraphs holding them).
//!
//! Takes a paragraph's counted tokens (word ids and sentence of each); gives each distinct
//! n-gram of the paragraph once with its count, so the merge can add frequency and range.
//! N-grams never cross a sentence (a cluster spanning "... Soviet. The ..." is not a phrase)
//! and never skip a token: punctuation is not a token, so "the Soviet, the" is a trigram.
//!
//! Unlike word counts, the number of distinct n-grams grows almost linearly with a corpus,
//! so they are counted only when asked for (`corpus-lens ngrams`, or `analyze --ngrams`).

use rustc_hash::FxHashMap;

use crate::analyses::freq::per_million;
use crate::count::aggregate::{Aggregate, ParagraphView, Partial};
use crate::count::engine::CorpusCounts;
use crate::count::spill::Spill;
use crate::count::vocab::{map_id, WordId};
use crate::error::Result;
use crate::rows::{finite, table_row};

/// An n-gram's word ids, padded with [`PAD`] after its last word.
pub type Gram = [WordId; 4];

/// Padding in a [`Gram`] shorter than 4.
pub const PAD: WordId = WordId::MAX;

/// Which n-grams to count.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
/// use corpus_lens::ngrams::{ngram_rows, NgramOptions};
/// let trigrams = NgramOptions { min_n: 3, max_n: 3 };
/// let config = Config { count: CountOptions { ngrams: Some(trigrams), ..Default::default() }, ..Default::default() };
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let rows = ngram_rows(&Analyzer::new(config).run(&corpus)?, 2);
/// assert!(rows.iter().all(|r| r.n == 3));
/// assert_eq!(NgramOptions::default(), NgramOptions { min_n: 2, max_n: 4 });
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NgramOptions {
    /// Shortest n (at least 2).
    pub min_n: usize,
    /// Longest n (at most 4).
    pub max_n: usize,
}

impl Default for NgramOptions {
    fn default() -> Self {
        NgramOptions { min_n: 2, max_n: 4 }
    }
}

/// The distinct n-grams of one paragraph with their counts, sorted by gram.
///
/// ```
/// use corpus_lens::ngrams::{paragraph_ngrams, NgramOptions, PAD};
/// // tokens 1 2 1 2 | 3 (sentence break before 3)
/// let grams = paragraph_ngrams(&[1, 2, 1, 2, 3], &[0, 0, 0, 0, 1],
///     &NgramOptions { min_n: 2, max_n: 2 });
/// assert_eq!(grams, [([1, 2, PAD, PAD], 2), ([2, 1, PAD, PAD], 1)]);
/// ```
pub fn paragraph_ngrams(
    ids: &[WordId],
    sentences: &[u32],
    options: &NgramOptions,
) -> Vec<(Gram, u32)> {
    let (lo, hi) = (options.min_n.max(2), options.max_n.min(4));
    let mut grams: Vec<Gram> = Vec::new();
    for start in 0..ids.len() {
        for n in lo..=hi {
            let end = start + n;
            if end > ids.len() || sentences[end - 1] != sentences[start] {
                break;
            }
            let mut gram = [PAD; 4];
            gram[..n].copy_from_slice(&ids[start..end]);
            grams.push(gram);
        }
    }
    grams.sort_unstable();
    let mut out: Vec<(Gram, u32)> = Vec::new();
    for gram in grams {
        match out.last_mut() {
            Some((last, count)) if *last == gram => *count += 1,
            _ => out.push((gram, 1)),
        }
    }
    out
}

/// Corpus-wide n-gram frequency and range, merged paragraph by paragraph.
///
/// ```
/// use corpus_lens::ngrams::{paragraph_ngrams, NgramCounts, NgramOptions, PAD};
/// let options = NgramOptions { min_n: 2, max_n: 2 };
/// let mut counts = NgramCounts::default();
/// counts.add(&paragraph_ngrams(&[1, 2, 1, 2], &[0; 4], &options)); // 1 2 twice
/// counts.add(&paragraph_ngrams(&[1, 2], &[0; 2], &options));
/// assert_eq!(counts.grams[&[1, 2, PAD, PAD]], (3, 2)); // (freq, range)
/// ```
#[derive(Debug, Clone, Default)]
pub struct NgramCounts {
    /// `gram -> (freq, range)`.
    pub grams: FxHashMap<Gram, (u64, u64)>,
}

impl NgramCounts {
    /// Adds one paragraph's n-grams.
    ///
    /// ```
    /// use corpus_lens::ngrams::{NgramCounts, PAD};
    /// let mut counts = NgramCounts::default();
    /// counts.add(&[([7, 8, PAD, PAD], 2)]);
    /// counts.add(&[([7, 8, PAD, PAD], 1), ([7, 8, 9, PAD], 1)]);
    /// assert_eq!(counts.grams[&[7, 8, PAD, PAD]], (3, 2));
    /// assert_eq!(counts.grams.len(), 2);
    /// ```
    pub fn add(&mut self, paragraph: &[(Gram, u32)]) {
        for &(gram, count) in paragraph {
            let e = self.grams.entry(gram).or_default();
            e.0 += count as u64;
            e.1 += 1;
        }
    }
}

/// A document's [`NgramCounts`] as plain data, `(gram, freq, range)`: what a partial result
/// on disk holds (word ids of the partial's own vocabulary).
pub(crate) type SavedNgrams = Vec<(Gram, u64, u64)>;

impl NgramCounts {
    /// The counts as plain data, sorted by gram.
    pub(crate) fn save(&self) -> SavedNgrams {
        let mut saved: SavedNgrams = self.grams.iter().map(|(g, c)| (*g, c.0, c.1)).collect();
        saved.sort_unstable();
        saved
    }

    /// The counts [`NgramCounts::save`] gave (ids already mapped, [`remap_ngrams`]).
    pub(crate) fn load(saved: SavedNgrams) -> NgramCounts {
        let grams = saved.into_iter().map(|(g, f, r)| (g, (f, r))).collect();
        NgramCounts { grams }
    }
}

/// Maps the word ids of saved n-grams through `ids` (see [`map_id`]); padding stays.
///
/// # Errors
///
/// An id outside `ids` ([`crate::Error::Usage`]).
pub(crate) fn remap_ngrams(saved: &mut SavedNgrams, ids: &[WordId]) -> Result<()> {
    for (gram, _, _) in saved {
        for id in gram.iter_mut().filter(|id| **id != PAD) {
            *id = map_id(ids, *id)?;
        }
    }
    Ok(())
}

/// Each counted token's run: tokens with the same number are in one sentence with no number
/// left out between them (without `--keep-numbers`, "In 1917 the war" has no n-gram "in
/// the", a cluster the text does not hold). A number is what the tokenizer leaves out: the
/// text between two counted tokens then holds a digit.
fn runs(paragraph: &ParagraphView<'_>) -> Vec<u32> {
    let text = paragraph.normalized.as_str();
    let (spans, sentences) = (paragraph.spans, paragraph.sentence_of);
    let mut runs = Vec::with_capacity(spans.len());
    let mut run = 0u32;
    for i in 0..spans.len() {
        if i > 0 {
            let gap = &text[spans[i - 1].end..spans[i].start];
            if sentences[i] != sentences[i - 1] || gap.bytes().any(|b| b.is_ascii_digit()) {
                run += 1;
            }
        }
        runs.push(run);
    }
    runs
}

/// Counts n-grams: an [`Aggregate`] whose output is the corpus's [`NgramCounts`].
///
/// ```
/// use corpus_lens::count::aggregate::AnyAggregate;
/// use corpus_lens::count::engine::Engine;
/// use corpus_lens::{corpus::Corpus, ngrams::{NgramCounts, NgramOptions, Ngrams}};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let list: Vec<Box<dyn AnyAggregate>> = vec![Box::new(Ngrams(NgramOptions::default()))];
/// let (_, outputs) = Engine::default().run(&corpus, &list)?;
/// let ngrams = outputs.into_iter().next().unwrap().downcast::<NgramCounts>().unwrap();
/// assert!(ngrams.grams.len() > 1000);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Ngrams(pub NgramOptions);

impl Aggregate for Ngrams {
    crate::count::aggregate::no_setup!();
    type Scratch = ();
    type Paragraph = Vec<(Gram, u32)>;
    type Document = NgramCounts;
    type Output = NgramCounts;

    fn count(&self, _: &(), paragraph: &ParagraphView<'_>, _: &mut ()) -> Vec<(Gram, u32)> {
        paragraph_ngrams(paragraph.ids, &runs(paragraph), &self.0)
    }

    fn open(&self, _: &Spill) -> NgramCounts {
        NgramCounts::default()
    }

    fn add(&self, document: &mut NgramCounts, paragraph: Vec<(Gram, u32)>) {
        if !paragraph.is_empty() {
            document.add(&paragraph);
        }
    }

    /// Frequencies and ranges are integers: their sums do not depend on the order.
    fn finish(&self, partial: Partial<NgramCounts>) -> Result<NgramCounts> {
        let mut documents = partial.into_documents().into_iter().map(|d| d.1);
        let mut total = documents.next().unwrap_or_default();
        for document in documents {
            for (gram, (freq, range)) in document.grams {
                let e = total.grams.entry(gram).or_default();
                e.0 += freq;
                e.1 += range;
            }
        }
        Ok(total)
    }
}

/// The length of a gram.
///
/// ```
/// use corpus_lens::ngrams::{gram_len, PAD};
/// assert_eq!(gram_len(&[4, 5, PAD, PAD]), 2);
/// assert_eq!(gram_len(&[4, 5, 6, 7]), 4);
/// ```
pub fn gram_len(gram: &Gram) -> usize {
    gram.iter().take_while(|&&id| id != PAD).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_two_to_four_within_sentences() {
        // a b c d e, sentence break between c and d.
        let grams = paragraph_ngrams(&[1, 2, 3, 4, 5], &[0, 0, 0, 1, 1], &NgramOptions::default());
        let got: Vec<Vec<u32>> = grams
            .iter()
            .map(|(g, _)| g[..gram_len(g)].to_vec())
            .collect();
        // Sorted by padded gram: [1, 2, 3, PAD] comes before [1, 2, PAD, PAD].
        assert_eq!(got, [vec![1, 2, 3], vec![1, 2], vec![2, 3], vec![4, 5]]);
    }

    #[test]
    fn merge_counts_frequency_and_range() {
        let mut counts = NgramCounts::default();
        let p1 = paragraph_ngrams(&[1, 2, 1, 2], &[0; 4], &NgramOptions { min_n: 2, max_n: 2 });
        let p2 = paragraph_ngrams(&[1, 2], &[0; 2], &NgramOptions { min_n: 2, max_n: 2 });
        counts.add(&p1);
        counts.add(&p2);
        assert_eq!(counts.grams[&[1, 2, PAD, PAD]], (3, 2));
        assert_eq!(counts.grams[&[2, 1, PAD, PAD]], (1, 1));
    }
}

table_row! {
    /// A row of `ngrams.csv` (see [`crate::tables::NGRAMS`]).
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::{Analyzer, Config, CountOptions}};
    /// use corpus_lens::ngrams::{ngram_rows, NgramOptions};
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.txt"), "All power to the Soviets.\n\nAll power to the Soviets!\n")?;
    /// let config = Config { count: CountOptions { ngrams: Some(NgramOptions::default()), ..Default::default() }, ..Default::default() };
    /// let analysis = Analyzer::new(config).run(&Corpus::from_inputs(&[dir.path()])?)?;
    /// let rows = ngram_rows(&analysis, 2);
    /// let row = rows.iter().find(|r| r.ngram == "power to the soviets").unwrap();
    /// assert_eq!((row.n, row.freq, row.range, row.range_pct), (4, 2, 2, Some(100.0)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[allow(missing_docs)]
    pub struct NgramRow {
        pub ngram: String,
        pub n: u64,
        pub freq: u64,
        pub per_million: Option<f64>,
        pub range: u64,
        pub range_pct: Option<f64>,
    }
}

/// The rows of `ngrams.csv`: n-grams seen at least `min_freq` times, by frequency
/// (descending), then n-gram (ascending).
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::*, ngrams::*};
/// let config = Config { count: CountOptions { ngrams: Some(NgramOptions::default()),
///     ..Default::default() }, ..Default::default() };
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let rows = ngram_rows(&Analyzer::new(config).run(&corpus)?, 2);
/// assert!(rows.iter().any(|r| r.ngram == "the bourgeoisie" && r.n == 2));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn ngram_rows<A>(analysis: &A, min_freq: u64) -> Vec<NgramRow>
where
    A: AsRef<CorpusCounts> + AsRef<NgramCounts>,
{
    let ngrams: &NgramCounts = analysis.as_ref();
    let analysis: &CorpusCounts = analysis.as_ref();
    let mut rows: Vec<NgramRow> = ngrams
        .grams
        .iter()
        .filter(|&(_, &(freq, _))| freq >= min_freq)
        .map(|(gram, &(freq, range))| {
            let n = gram_len(gram);
            let words: Vec<&str> = gram[..n].iter().map(|&id| analysis.word(id)).collect();
            NgramRow {
                ngram: words.join(" "),
                n: n as u64,
                freq,
                per_million: per_million(freq, analysis.tokens()),
                range,
                // Over paragraphs, where n-grams are counted, whatever `--parts` is.
                range_pct: finite(range as f64 * 100.0 / analysis.paragraphs.count as f64),
            }
        })
        .collect();
    rows.sort_unstable_by(|a, b| b.freq.cmp(&a.freq).then_with(|| a.ngram.cmp(&b.ngram)));
    rows
}
