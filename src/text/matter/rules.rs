//! Why a paragraph is left out ([`Rule`]), and the record of one left out ([`Excluded`]).

/// Why a paragraph is left out of the counts.
///
/// ```
/// use corpus_lens::matter::{Matter, Rule};
/// let mut matter = Matter::new(None, None);
/// assert_eq!(matter.classify("[Illustration: Lenin speaking]"), Some(Rule::Illustration));
/// assert_eq!(matter.classify("It was cold."), None);
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[non_exhaustive]
pub enum Rule {
    /// Before the manifest's `body_start` paragraph.
    FrontMatter,
    /// The manifest's `body_end` paragraph and all after it.
    BackMatter,
    /// Project Gutenberg's header, through the `*** START OF` line.
    GutenbergHeader,
    /// Project Gutenberg's footer, from the `*** END OF` line.
    GutenbergFooter,
    /// A transcriber's (or redactor's) note.
    TranscriberNote,
    /// A table of contents.
    Contents,
    /// A list of illustrations, maps or diagrams.
    ListOfIllustrations,
    /// An `[Illustration: ...]` caption.
    Illustration,
    /// A footnote (`[1] ...`, `[Footnote: ...]`) or a `FOOTNOTES` heading.
    Footnote,
    /// An index.
    Index,
    /// Publisher's advertisements, or a list of the author's other books.
    Advertisements,
}

impl Rule {
    /// Every rule, in the order of the README.
    pub const ALL: [Rule; 11] = [
        Rule::FrontMatter,
        Rule::BackMatter,
        Rule::GutenbergHeader,
        Rule::GutenbergFooter,
        Rule::TranscriberNote,
        Rule::Contents,
        Rule::ListOfIllustrations,
        Rule::Illustration,
        Rule::Footnote,
        Rule::Index,
        Rule::Advertisements,
    ];

    /// The name in `excluded_matter.csv`'s `rule` column.
    ///
    /// ```
    /// assert_eq!(corpus_lens::matter::Rule::ListOfIllustrations.as_str(), "list_of_illustrations");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::FrontMatter => "front_matter",
            Rule::BackMatter => "back_matter",
            Rule::GutenbergHeader => "gutenberg_header",
            Rule::GutenbergFooter => "gutenberg_footer",
            Rule::TranscriberNote => "transcriber_note",
            Rule::Contents => "contents",
            Rule::ListOfIllustrations => "list_of_illustrations",
            Rule::Illustration => "illustration",
            Rule::Footnote => "footnote",
            Rule::Index => "index",
            Rule::Advertisements => "advertisements",
        }
    }
}

/// One excluded paragraph, for `excluded_matter.csv`.
///
/// ```
/// use corpus_lens::{corpus::Corpus, engine::Analyzer};
/// let corpus = Corpus::load_default()?;
/// let ransome = corpus.documents().iter().find(|d| d.id == "ransome1919").cloned();
/// let analysis = Analyzer::default().run(&Corpus::new(ransome.into_iter().collect()))?;
/// let first = &analysis.documents[0].excluded[0];
/// assert_eq!((first.offset, first.line), (0, 1)); // the file's first paragraph
/// assert!(first.excerpt.chars().count() <= corpus_lens::matter::EXCERPT_CHARS);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Excluded {
    /// Byte offset of the paragraph's first byte in the file.
    pub offset: u64,
    /// Line of the paragraph's first line, from 1.
    pub line: u64,
    /// The rule that excluded it.
    pub rule: Rule,
    /// Its length in bytes, from its first to its last non-blank character.
    pub bytes: u64,
    /// Its first [`EXCERPT_CHARS`] characters, whitespace folded to one space.
    pub excerpt: String,
}

/// Characters of a paragraph kept in [`Excluded::excerpt`].
pub const EXCERPT_CHARS: usize = 80;

/// The first `max` characters of `text` with every whitespace run folded to one space.
///
/// ```
/// assert_eq!(corpus_lens::matter::excerpt("  CHAPTER I.\n\n THE   ARMY ", 12), "CHAPTER I. T");
/// ```
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars > 0 {
            if chars == max {
                break;
            }
            out.push(' ');
            chars += 1;
        }
        for c in word.chars() {
            if chars == max {
                return out;
            }
            out.push(c);
            chars += 1;
        }
    }
    out
}
