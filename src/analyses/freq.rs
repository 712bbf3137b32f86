//! Stage 5, frequency statistics: from counts to the rows of `freq.csv`,
//! `freq_by_document.csv`, `stems.csv`, `corpus_summary.csv` and `ocr_suspects.csv`
//! and `excluded_matter.csv` (the paragraphs [`crate::text::matter`] left out).
//!
//! Formulas (tokens = all counted tokens of the corpus or document; parts = paragraphs with
//! at least one counted token):
//! - `per_million = freq / tokens * 1,000,000`;
//! - `range` = parts containing the word; `range_pct = range / parts * 100`;
//! - `dp`, `dp_norm`, `juilland_d`: see [`crate::stats::dispersion::DispersionAcc::finish`].
//!
//! Stems are computed once per distinct word (Snowball English via `rust-stemmers`), never
//! per token.

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::count::engine::CorpusCounts;
use crate::count::WordCounts;
use crate::rows::{finite, order_by_count_then_text, table_row};
use crate::stats::dispersion::Parts;
use crate::text::stopwords::Stopwords;

/// Which rows the frequency tables keep.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer, stopwords::Stopwords};
/// use corpus_lens::freq::{freq_table, FreqOptions};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::default().run(&corpus)?;
/// let options = FreqOptions { stopwords: Some(Stopwords::english()), min_freq: 5 };
/// let rows = freq_table(&analysis, &options);
/// assert_ne!(rows[0].word, "the");
/// assert!(rows.iter().all(|r| r.freq >= 5));
/// // Stopwords still count as tokens: per_million is unchanged by the filter.
/// let all = freq_table(&analysis, &FreqOptions::default());
/// let soviet = |rows: &[corpus_lens::freq::FreqRow]| rows.iter().find(|r| r.word == "soviet").unwrap().per_million;
/// assert_eq!(soviet(&rows), soviet(&all));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct FreqOptions {
    /// Leave these words out of the rows (they still count as tokens).
    pub stopwords: Option<Stopwords>,
    /// Leave out words rarer than this (0 and 1 keep all).
    pub min_freq: u64,
}

impl FreqOptions {
    pub(crate) fn keeps(&self, word: &str, freq: u64) -> bool {
        freq >= self.min_freq && self.keeps_word(word)
    }

    /// Whether `word` is not a stopword (whatever its frequency).
    fn keeps_word(&self, word: &str) -> bool {
        !self.stopwords.as_ref().is_some_and(|s| s.contains(word))
    }
}

/// A [`table_row!`] whose `..freq_columns` stands for `freq.csv`'s counts, `freq` to
/// `juilland_d` in its order: declared once for `freq.csv` and `lemmas.csv`, which repeats
/// them for lemmas.
macro_rules! freq_columns_row {
    ($(#[$meta:meta])* pub struct $name:ident {
        $(pub $lead:ident: $lty:ty,)* ..freq_columns $(, pub $tail:ident: $tty:ty)* $(,)?
    }) => {
        $crate::rows::table_row! {
            $(#[$meta])*
            pub struct $name {
                $(pub $lead: $lty,)*
                pub freq: u64,
                pub per_million: Option<f64>,
                pub range: u64,
                pub range_pct: Option<f64>,
                pub n_documents: u64,
                pub dp, dp_norm, juilland_d: Option<f64>,
                $(pub $tail: $tty,)*
            }
        }
    };
}
pub(crate) use freq_columns_row;

freq_columns_row! {
    /// A row of `freq.csv` (see [`crate::tables::FREQ`]).
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::{freq_table, FreqOptions}};
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.txt"), "The Soviet met.\n\nThe Soviet voted.\n")?;
    /// std::fs::write(dir.path().join("b.txt"), "Kerensky fled.\n")?;
    /// let analysis = Analyzer::default().run(&Corpus::from_inputs(&[dir.path()])?)?;
    /// let rows = freq_table(&analysis, &FreqOptions::default());
    /// let soviet = &rows[0]; // 2 of 8 tokens, in 2 of 3 paragraphs, in 1 of 2 documents
    /// assert_eq!((soviet.word.as_str(), soviet.freq, soviet.range, soviet.n_documents), ("soviet", 2, 2, 1));
    /// assert_eq!(soviet.per_million, Some(250_000.0));
    /// assert!((soviet.range_pct.unwrap() - 200.0 / 3.0).abs() < 1e-9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Serialize)]
    #[allow(missing_docs)]
    pub struct FreqRow {
        pub word: String,
        ..freq_columns
    }
}

table_row! {
    /// A row of `freq_by_document.csv` (see [`crate::tables::FREQ_BY_DOCUMENT`]).
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::{freq_by_document, FreqOptions}};
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.txt"), "The Soviet met.\n\nThe Soviet voted.\n")?;
    /// std::fs::write(dir.path().join("b.txt"), "Kerensky fled.\n")?;
    /// let analysis = Analyzer::default().run(&Corpus::from_inputs(&[dir.path()])?)?;
    /// let rows = freq_by_document(&analysis, &FreqOptions::default());
    /// let row = &rows[0]; // "soviet" in a: 2 of its 6 tokens, in both paragraphs, evenly
    /// assert_eq!((row.document.as_str(), row.word.as_str(), row.range), ("a", "soviet", 2));
    /// assert_eq!((row.range_pct, row.dp), (Some(100.0), Some(0.0)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Serialize)]
    #[allow(missing_docs)]
    pub struct FreqByDocumentRow {
        pub document: String,
        pub word: String,
        pub freq: u64,
        pub per_million: Option<f64>,
        pub range: u64,
        pub dp: Option<f64>,
        pub range_pct: Option<f64>,
        pub dp_norm: Option<f64>,
        pub juilland_d: Option<f64>,
    }
}

table_row! {
    /// A row of `stems.csv` (see [`crate::tables::STEMS`]).
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::{stems_table, FreqOptions}};
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.txt"), "The Soviets met. The Soviet voted. Soviets!\n")?;
    /// let analysis = Analyzer::default().run(&Corpus::from_inputs(&[dir.path()])?)?;
    /// let rows = stems_table(&analysis, &FreqOptions::default());
    /// let soviet = rows.iter().find(|r| r.stem == "soviet").unwrap();
    /// assert_eq!((soviet.freq, soviet.n_forms, soviet.forms.as_str()), (3, 2, "soviets|soviet"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Serialize)]
    #[allow(missing_docs)]
    pub struct StemRow {
        pub stem: String,
        pub freq: u64,
        pub per_million: Option<f64>,
        pub n_forms: u64,
        pub forms: String,
    }
}

table_row! {
    /// A row of `corpus_summary.csv` (see [`crate::tables::CORPUS_SUMMARY`]).
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::corpus_summary};
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("a.txt"), "The Soviet met.\n\nThe Soviet voted in 1917.\n")?;
    /// let analysis = Analyzer::default().run(&Corpus::from_inputs(&[dir.path()])?)?;
    /// let row = &corpus_summary(&analysis)[0];
    /// assert_eq!((row.paragraphs, row.sentences, row.tokens, row.types), (2, 2, 7, 5));
    /// assert_eq!((row.number_tokens, row.bytes), (1, 43));
    /// assert_eq!(row.year, None); // a plain file has no metadata
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Serialize)]
    #[allow(missing_docs)]
    pub struct SummaryRow {
        pub document: String,
        pub title: String,
        pub author: String,
        pub year: Option<i32>,
        pub bytes: u64,
        pub paragraphs: u64,
        pub sentences: u64,
        pub tokens: u64,
        pub types: u64,
        pub number_tokens: u64,
        pub ocr_suspect_tokens: u64,
        pub author_faction: String,
        pub language: String,
        pub replaced_bytes: u64,
        pub path: String,
        pub excluded_paragraphs: u64,
        pub excluded_bytes: u64,
        pub footnote_markers: u64,
        pub chapters: u64,
        pub paragraph_layout: &'static str,
        pub split_paragraphs: u64,
    }
}

table_row! {
    /// A row of `ocr_suspects.csv` (see [`crate::tables::OCR_SUSPECTS`]).
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::ocr_suspects};
    /// let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("scan.txt"), "Thc r8le of the infantryMeanwhile.\n")?;
    /// let analysis = Analyzer::default().run(&Corpus::from_inputs(&[dir.path()])?)?;
    /// let rows = ocr_suspects(&analysis);
    /// let reasons: Vec<(&str, &str)> = rows.iter().map(|r| (r.token.as_str(), r.reason)).collect();
    /// assert!(reasons.contains(&("thc", "known_misreading")));
    /// assert!(reasons.contains(&("r8le", "mixed_letters_digits")));
    /// assert!(reasons.contains(&("infantrymeanwhile", "glued_words")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, Serialize)]
    #[allow(missing_docs)]
    pub struct OcrRow {
        pub document: String,
        pub token: String,
        pub count: u64,
        pub example: String,
        pub reason: &'static str,
    }
}

/// `freq / tokens * 1,000,000`, empty when there are no tokens.
///
/// ```
/// assert_eq!(corpus_lens::freq::per_million(3, 12_000), Some(250.0));
/// ```
pub fn per_million(freq: u64, tokens: u64) -> Option<f64> {
    finite(freq as f64 * 1e6 / tokens as f64)
}

fn pct(part: u64, whole: u64) -> Option<f64> {
    finite(part as f64 * 100.0 / whole as f64)
}

/// How many of `documents` count each of `ids` ids: the `n_documents` column of `freq.csv`
/// and `lemmas.csv`.
pub(crate) fn documents_per_id<'a>(
    ids: usize,
    documents: impl IntoIterator<Item = &'a [WordCounts]>,
) -> Vec<u64> {
    let mut n = vec![0u64; ids];
    for document in documents {
        for w in document {
            n[w.id as usize] += 1;
        }
    }
    n
}

/// The `freq.csv` row of `word` from its corpus counts; `lemmas.csv` shares its columns.
pub(crate) fn freq_row(
    word: String,
    w: &WordCounts,
    n_documents: u64,
    analysis: &CorpusCounts,
    parts: Parts,
) -> FreqRow {
    FreqRow {
        word,
        freq: w.freq,
        per_million: per_million(w.freq, analysis.tokens()),
        range: w.range,
        range_pct: pct(w.range, parts.count),
        n_documents,
        dp: finite(w.dispersion.dp),
        dp_norm: finite(w.dispersion.dp_norm),
        juilland_d: finite(w.dispersion.juilland_d),
    }
}

/// Frequency descending, then the string ascending: the order of every frequency table.
fn by_freq_then<'a>(a: (u64, &'a str), b: (u64, &'a str)) -> std::cmp::Ordering {
    b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1))
}

/// The rows of `freq.csv`.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::{freq_table, FreqOptions}};
/// let analysis = Analyzer::default().run(&Corpus::load_default()?)?;
/// let rows = freq_table(&analysis, &FreqOptions::default());
/// assert_eq!(rows[0].word, "the");
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn freq_table(analysis: &CorpusCounts, options: &FreqOptions) -> Vec<FreqRow> {
    freq_rows(analysis, options).collect()
}

/// The rows of `freq.csv` one by one, in table order ([`freq_table`] without holding them
/// all: on a large vocabulary the rows take far more memory than the counts).
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::{freq_rows, freq_table, FreqOptions}};
/// let analysis = Analyzer::default().run(&Corpus::load_default()?)?;
/// let options = FreqOptions::default();
/// assert!(freq_rows(&analysis, &options).eq(freq_table(&analysis, &options)));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn freq_rows<'a>(
    analysis: &'a CorpusCounts,
    options: &FreqOptions,
) -> impl Iterator<Item = FreqRow> + 'a + use<'a> {
    let documents = analysis.documents.iter().map(|d| &d.counts.words[..]);
    let n_documents = documents_per_id(analysis.words.len(), documents);
    let mut kept: Vec<&WordCounts> = analysis
        .corpus_words
        .iter()
        .filter(|w| options.keeps(analysis.word(w.id), w.freq))
        .collect();
    sort_by_freq(analysis, &mut kept);
    kept.into_iter().map(move |w| {
        let word = analysis.word(w.id).to_string();
        freq_row(
            word,
            w,
            n_documents[w.id as usize],
            analysis,
            analysis.parts,
        )
    })
}

/// Sorts word counts in table order, frequency descending then the word ascending (the
/// order of [`by_freq_then`]), comparing word ranks instead of strings.
fn sort_by_freq(analysis: &CorpusCounts, words: &mut Vec<&WordCounts>) {
    let ranks = analysis.word_ranks();
    let mut keys: Vec<(std::cmp::Reverse<u64>, u32, u32)> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (std::cmp::Reverse(w.freq), ranks[w.id as usize], i as u32))
        .collect();
    keys.par_sort_unstable();
    *words = keys.into_iter().map(|k| words[k.2 as usize]).collect();
}

/// The rows of `freq_by_document.csv`.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::{freq_by_document, FreqOptions}};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..2].to_vec());
/// let analysis = Analyzer::default().run(&corpus)?;
/// let rows = freq_by_document(&analysis, &FreqOptions::default());
/// // Documents in corpus order, each by frequency.
/// assert_eq!((rows[0].document.as_str(), rows[0].word.as_str()), ("trotsky1918", "the"));
/// let second = rows.iter().position(|r| r.document != "trotsky1918").unwrap();
/// assert!(rows[..second].windows(2).all(|w| w[0].freq >= w[1].freq));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn freq_by_document(analysis: &CorpusCounts, options: &FreqOptions) -> Vec<FreqByDocumentRow> {
    freq_by_document_rows(analysis, options).collect()
}

/// The rows of `freq_by_document.csv` one by one, in table order (see [`freq_rows`]);
/// a document's rows are sorted when the iterator reaches it.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::*};
/// let analysis = Analyzer::default().run(&Corpus::load_default()?)?;
/// let options = FreqOptions::default();
/// let rows = freq_by_document_rows(&analysis, &options);
/// assert!(rows.eq(freq_by_document(&analysis, &options)));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn freq_by_document_rows<'a>(
    analysis: &'a CorpusCounts,
    options: &'a FreqOptions,
) -> impl Iterator<Item = FreqByDocumentRow> + 'a {
    analysis.documents.iter().flat_map(move |doc| {
        let counts = &doc.counts;
        let mut kept: Vec<&WordCounts> = counts
            .words
            .iter()
            .filter(|w| options.keeps(analysis.word(w.id), w.freq))
            .collect();
        sort_by_freq(analysis, &mut kept);
        kept.into_iter()
            .map(move |w| document_row(analysis, &doc.document.id, w, counts.tokens, &counts.parts))
    })
}

fn document_row(
    analysis: &CorpusCounts,
    document: &str,
    w: &WordCounts,
    tokens: u64,
    parts: &Parts,
) -> FreqByDocumentRow {
    FreqByDocumentRow {
        document: document.to_string(),
        word: analysis.word(w.id).to_string(),
        freq: w.freq,
        per_million: per_million(w.freq, tokens),
        range: w.range,
        dp: finite(w.dispersion.dp),
        range_pct: pct(w.range, parts.count),
        dp_norm: finite(w.dispersion.dp_norm),
        juilland_d: finite(w.dispersion.juilland_d),
    }
}

/// The rows of `stems.csv`: words grouped by their Snowball English stem.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::{stems_table, FreqOptions}};
/// let analysis = Analyzer::default().run(&Corpus::load_default()?)?;
/// let rows = stems_table(&analysis, &FreqOptions::default());
/// let soviet = rows.iter().find(|r| r.stem == "soviet").unwrap();
/// assert!(soviet.forms.contains("soviets"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn stems_table(analysis: &CorpusCounts, options: &FreqOptions) -> Vec<StemRow> {
    stem_rows(analysis, options).collect()
}

/// The rows of `stems.csv` one by one, in table order (see [`freq_rows`]).
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::{stem_rows, stems_table, FreqOptions}};
/// let analysis = Analyzer::default().run(&Corpus::load_default()?)?;
/// let options = FreqOptions::default();
/// assert!(stem_rows(&analysis, &options).eq(stems_table(&analysis, &options)));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn stem_rows<'a>(
    analysis: &'a CorpusCounts,
    options: &FreqOptions,
) -> impl Iterator<Item = StemRow> + 'a + use<'a> {
    let stemmer = Stemmer::create(Algorithm::English);
    let mut kept: Vec<&WordCounts> = analysis
        .corpus_words
        .iter()
        // Every form, however rare: `min_freq` applies to a stem's total, below.
        .filter(|w| options.keeps_word(analysis.word(w.id)))
        .collect();
    // Each form in table order, so each stem's forms come out most frequent first.
    sort_by_freq(analysis, &mut kept);
    let stems: Vec<std::borrow::Cow<str>> = kept
        .par_iter()
        .map(|w| stemmer.stem(analysis.word(w.id)))
        .collect();
    // Group the forms by stem; a group's forms keep the table order.
    let mut group_of: FxHashMap<&str, u32> = FxHashMap::default();
    group_of.reserve(stems.len());
    let mut group = Vec::with_capacity(stems.len());
    let mut names: Vec<String> = Vec::new();
    for stem in &stems {
        let next = names.len() as u32;
        let g = *group_of.entry(stem).or_insert(next);
        if g == next {
            names.push(stem.to_string());
        }
        group.push(g);
    }
    drop(group_of);
    // Forms of group g: members[starts[g]..starts[g + 1]] (a counting sort, stable).
    let mut starts = vec![0usize; names.len() + 1];
    let mut freqs = vec![0u64; names.len()];
    for (&g, w) in group.iter().zip(&kept) {
        starts[g as usize + 1] += 1;
        freqs[g as usize] += w.freq;
    }
    for g in 0..names.len() {
        starts[g + 1] += starts[g];
    }
    let mut next = starts.clone();
    let mut members = vec![0u32; kept.len()];
    for (i, &g) in group.iter().enumerate() {
        members[next[g as usize]] = i as u32;
        next[g as usize] += 1;
    }
    let tokens = analysis.tokens();
    let min_freq = options.min_freq;
    order_by_count_then_text(&freqs, &names)
        .into_iter()
        .map(|g| g as usize)
        .filter_map(move |g| {
            if freqs[g] < min_freq {
                return None;
            }
            let forms = &members[starts[g]..starts[g + 1]];
            let mut joined = String::new();
            for (k, &i) in forms.iter().enumerate() {
                if k > 0 {
                    joined.push('|');
                }
                joined.push_str(analysis.word(kept[i as usize].id));
            }
            Some(StemRow {
                stem: std::mem::take(&mut names[g]),
                freq: freqs[g],
                per_million: per_million(freqs[g], tokens),
                n_forms: forms.len() as u64,
                forms: joined,
            })
        })
}

/// The rows of `corpus_summary.csv`, in corpus order.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::corpus_summary};
/// let corpus = Corpus::load_default()?;
/// let analysis = Analyzer::default().run(&corpus)?;
/// let rows = corpus_summary(&analysis);
/// assert_eq!(rows.len(), corpus.documents().len()); // one row per document
/// assert_eq!(rows.iter().map(|r| r.tokens).sum::<u64>(), analysis.tokens());
/// assert_eq!((rows[0].document.as_str(), rows[0].year), ("trotsky1918", Some(1918)));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn corpus_summary(analysis: &CorpusCounts) -> Vec<SummaryRow> {
    analysis
        .documents
        .iter()
        .map(|d| SummaryRow {
            document: d.document.id.clone(),
            title: d.document.title.clone(),
            author: d.document.author.clone(),
            year: d.document.year,
            bytes: d.bytes,
            paragraphs: d.counts.paragraphs,
            sentences: d.counts.sentences,
            tokens: d.counts.tokens,
            types: d.counts.words.len() as u64,
            number_tokens: d.counts.number_tokens,
            ocr_suspect_tokens: d.counts.ocr_suspect_tokens,
            author_faction: d.document.author_faction.clone(),
            language: d.document.language.clone(),
            replaced_bytes: d.replaced_bytes,
            path: d.document.path.display().to_string(),
            excluded_paragraphs: d.excluded.len() as u64,
            excluded_bytes: d.excluded_bytes(),
            footnote_markers: d.counts.footnote_markers,
            chapters: d.chapters,
            paragraph_layout: d.paragraph_layout,
            split_paragraphs: d.split_paragraphs,
        })
        .collect()
}

/// The rows of `ocr_suspects.csv`.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer, freq::ocr_suspects};
/// let corpus = Corpus::new(Corpus::load_default()?.documents()[..1].to_vec());
/// let analysis = Analyzer::default().run(&corpus)?;
/// let rows = ocr_suspects(&analysis);
/// // The OCR'd Trotsky excerpt has a few, each with an example in context.
/// assert!(!rows.is_empty());
/// assert!(rows.iter().all(|r| r.document == "trotsky1918" && !r.example.is_empty()));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn ocr_suspects(analysis: &CorpusCounts) -> Vec<OcrRow> {
    let mut rows = Vec::new();
    for doc in &analysis.documents {
        let start = rows.len();
        rows.extend(doc.counts.ocr.iter().map(|o| OcrRow {
            document: doc.document.id.clone(),
            token: o.token.clone(),
            count: o.count,
            example: o.example.clone(),
            reason: o.sign.as_str(),
        }));
        rows[start..].sort_by(|a, b| {
            by_freq_then((a.count, &a.token), (b.count, &b.token)).then(a.reason.cmp(b.reason))
        });
    }
    rows
}

table_row! {
    /// A row of `excluded_matter.csv` (see [`crate::tables::EXCLUDED_MATTER`]).
    ///
    /// ```
    /// use corpus_lens::{corpus::Corpus, engine::Analyzer};
    /// let corpus = Corpus::load_default()?;
    /// let ransome = corpus.documents().iter().find(|d| d.id == "ransome1919").cloned();
    /// let analysis = Analyzer::default().run(&Corpus::new(ransome.into_iter().collect()))?;
    /// let rows = corpus_lens::analyses::freq::excluded_rows(&analysis);
    /// assert_eq!(rows.len(), analysis.documents[0].excluded.len());
    /// assert_eq!((rows[0].document.as_str(), rows[0].byte_offset), ("ransome1919", 0));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    #[allow(missing_docs)]
    pub struct ExcludedRow {
        pub document: String,
        pub byte_offset: u64,
        pub line: u64,
        pub rule: &'static str,
        pub bytes: u64,
        pub excerpt: String,
    }
}

/// The rows of `excluded_matter.csv`: documents in corpus order, paragraphs in file order.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer, analyses::freq::excluded_rows};
/// let analysis = Analyzer::default().run(&Corpus::load_default()?)?;
/// let rows = excluded_rows(&analysis);
/// assert!(rows.iter().any(|r| r.document == "reed1919" && r.rule == "footnote"));
/// assert!(rows.iter().all(|r| r.document != "trotsky1918"));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn excluded_rows(analysis: &CorpusCounts) -> Vec<ExcludedRow> {
    analysis
        .documents
        .iter()
        .flat_map(|d| {
            d.excluded.iter().map(|e| ExcludedRow {
                document: d.document.id.clone(),
                byte_offset: e.offset,
                line: e.line,
                rule: e.rule.as_str(),
                bytes: e.bytes,
                excerpt: e.excerpt.clone(),
            })
        })
        .collect()
}
