//! Sorting concordance lines by the words around the node, as AntConc's concordancer does
//! with its sort levels (1R, then 2R, then 3R by default there): lines that go on alike
//! ("the Soviet *of Workmen's* ...") come together, so that patterns show.
//!
//! A key names one word of a line: `1L` the word just before the node, `2L` the one before
//! that, `node` (or `0`) the node as written, `1R` the word just after it, and so on. The
//! words are those of the line's `left` and `right` columns, normalized and split as the
//! counts split text (punctuation is not a word), and compared lowercased, byte by byte (so
//! the order does not depend on a locale); a line whose context has no word at that place (the paragraph ends first)
//! has an empty key, which sorts first. Lines equal on every key keep their text order.

use crate::analyses::collocate::KwicRow;
use crate::error::{Error, Result};
use crate::text::normalize::normalize;
use crate::text::tokenize::{fold_case, tokenize};

/// One level of a concordance sort.
///
/// ```
/// use corpus_lens::kwic_sort::SortKey;
/// assert_eq!(SortKey::parse_list("1R, 2R,1l")?, [SortKey::Right(1), SortKey::Right(2), SortKey::Left(1)]);
/// assert_eq!(SortKey::parse_list("node")?, [SortKey::Node]);
/// # Ok::<(), corpus_lens::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    /// The k-th word left of the node (1: the word just before it).
    Left(usize),
    /// The node as written.
    Node,
    /// The k-th word right of the node (1: the word just after it).
    Right(usize),
}

impl SortKey {
    /// Parses keys separated by commas: `1L`, `2L` ..., `node` or `0`, `1R`, `2R` ...
    /// (case-insensitive).
    ///
    /// # Errors
    ///
    /// [`Error::Usage`] naming the key that is not one of these, or for an empty list.
    ///
    /// ```
    /// use corpus_lens::kwic_sort::SortKey;
    /// assert_eq!(SortKey::parse_list("0,3L")?, [SortKey::Node, SortKey::Left(3)]);
    /// let err = SortKey::parse_list("1R,R2").unwrap_err();
    /// assert!(err.to_string().contains("'R2'"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn parse_list(text: &str) -> Result<Vec<SortKey>> {
        let keys = text
            .split(',')
            .map(|k| SortKey::parse(k.trim()))
            .collect::<Result<Vec<_>>>()?;
        Ok(keys)
    }

    /// [`SortKey::parse_list`], each key within `width` words of the node (the context a
    /// concordance line has on each side); a farther key is [`Error::Usage`].
    ///
    /// ```
    /// use corpus_lens::kwic_sort::SortKey;
    /// assert_eq!(SortKey::parse_within("1R,2L", 8)?, [SortKey::Right(1), SortKey::Left(2)]);
    /// assert!(SortKey::parse_within("3R", 2).unwrap_err().to_string().contains("--width 2"));
    /// # Ok::<(), corpus_lens::Error>(())
    /// ```
    pub fn parse_within(text: &str, width: usize) -> Result<Vec<SortKey>> {
        let keys = SortKey::parse_list(text)?;
        if let Some(key) = keys.iter().find(|k| k.distance() > width) {
            return Err(Error::Usage(format!(
                "--sort: {key} looks {} words from the node, but a line has {width} words of \
                 context on each side (--width {width}); raise --width or sort by a nearer word",
                key.distance()
            )));
        }
        Ok(keys)
    }

    fn parse(key: &str) -> Result<SortKey> {
        let bad = || {
            Error::Usage(format!(
                "--sort: '{key}' is not a sort key; use 1L, 2L ... (words left of the node), \
                 node (or 0), 1R, 2R ... (words right of it), separated by commas, \
                 such as 1R,2R,1L"
            ))
        };
        let lower = key.to_ascii_lowercase();
        if lower == "node" || lower == "0" {
            return Ok(SortKey::Node);
        }
        let side = lower.chars().last().ok_or_else(bad)?;
        let k: usize = lower[..lower.len() - side.len_utf8()]
            .parse()
            .map_err(|_| bad())?;
        match (side, k) {
            (_, 0) => Err(bad()),
            ('l', k) => Ok(SortKey::Left(k)),
            ('r', k) => Ok(SortKey::Right(k)),
            _ => Err(bad()),
        }
    }

    /// How far from the node the key looks: `k` for `kL` and `kR`, 0 for the node.
    ///
    /// ```
    /// use corpus_lens::kwic_sort::SortKey;
    /// assert_eq!((SortKey::Left(3).distance(), SortKey::Node.distance()), (3, 0));
    /// ```
    pub fn distance(self) -> usize {
        match self {
            SortKey::Left(k) | SortKey::Right(k) => k,
            SortKey::Node => 0,
        }
    }
}

impl std::fmt::Display for SortKey {
    /// As the key is written: `2L`, `node`, `1R`.
    ///
    /// ```
    /// use corpus_lens::kwic_sort::SortKey;
    /// assert_eq!(SortKey::Left(2).to_string(), "2L");
    /// ```
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SortKey::Left(k) => write!(f, "{k}L"),
            SortKey::Node => write!(f, "node"),
            SortKey::Right(k) => write!(f, "{k}R"),
        }
    }
}

/// Sorts concordance lines by `keys`, the first key first (see the module documentation);
/// lines equal on every key keep their order.
///
/// ```
/// use corpus_lens::{collocate::KwicRow, kwic_sort::{sort_lines, SortKey}};
/// let line = |paragraph, left: &str, right: &str| KwicRow {
///     document: "d".into(), paragraph, sentence: 0, token_index: 0,
///     left: left.into(), node: "Soviet".into(), right: right.into(), query: "soviet".into(),
///     line: 1, byte_offset: 0, page: String::new(),
/// };
/// let mut rows = vec![
///     line(0, "by the", "of Peasants"),
///     line(1, "to the", "was"),
///     line(2, "of the", "of Workmen's"),
///     line(3, "the", ""), // the paragraph ends at the node
/// ];
/// sort_lines(&mut rows, &[SortKey::Right(1), SortKey::Right(2)]);
/// let order: Vec<u64> = rows.iter().map(|r| r.paragraph).collect();
/// assert_eq!(order, [3, 0, 2, 1]); // "", "of peasants", "of workmen's", "was"
/// ```
pub fn sort_lines(rows: &mut [KwicRow], keys: &[SortKey]) {
    // Each line's keys are made once; equal keys keep their order.
    rows.sort_by_cached_key(|row| line_keys(row, keys));
}

/// The line's word at each key, lowercased ("" where there is none). A side of the line
/// is split only when a key looks at it.
fn line_keys(row: &KwicRow, keys: &[SortKey]) -> Vec<String> {
    let side = |text: &str, looks: fn(&SortKey) -> bool| {
        if keys.iter().any(looks) {
            words(text)
        } else {
            Vec::new()
        }
    };
    let left = side(&row.left, |k| matches!(k, SortKey::Left(_)));
    let right = side(&row.right, |k| matches!(k, SortKey::Right(_)));
    keys.iter()
        .map(|&key| match key {
            SortKey::Left(k) => left.len().checked_sub(k).map(|i| left[i].clone()),
            SortKey::Right(k) => right.get(k - 1).cloned(),
            SortKey::Node => Some(words(&row.node).join(" ")),
        })
        .map(Option::unwrap_or_default)
        .collect()
}

/// A context's words, normalized, split and lowercased as the counts see them.
fn words(text: &str) -> Vec<String> {
    let normalized = normalize(text);
    let text = normalized.as_str();
    let mut tokens = Vec::new();
    tokenize(text, &mut tokens);
    tokens
        .iter()
        .map(|t| {
            let mut folded = String::new();
            fold_case(&text[t.span.clone()], &mut folded);
            folded
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(paragraph: u64, left: &str, node: &str, right: &str) -> KwicRow {
        KwicRow {
            document: "d".into(),
            paragraph,
            sentence: 0,
            token_index: 0,
            left: left.into(),
            node: node.into(),
            right: right.into(),
            query: "q".into(),
            line: 1,
            byte_offset: 0,
            page: String::new(),
        }
    }

    fn order(rows: &[KwicRow]) -> Vec<u64> {
        rows.iter().map(|r| r.paragraph).collect()
    }

    #[test]
    fn left_keys_count_back_from_the_node() {
        let mut rows = vec![
            row(0, "the Petrograd", "Soviet", ""),
            row(1, "a Moscow", "Soviet", ""),
            row(2, "Soviet", "Soviet", ""), // one word left: 2L is empty
        ];
        sort_lines(&mut rows, &[SortKey::Left(2)]);
        assert_eq!(order(&rows), [2, 1, 0]);
        sort_lines(&mut rows, &[SortKey::Left(1)]);
        assert_eq!(order(&rows), [1, 0, 2]); // moscow, petrograd, soviet
    }

    #[test]
    fn words_are_compared_lowercased_without_punctuation() {
        let mut rows = vec![
            row(0, "", "Soviet", "Of the"),
            row(1, "", "Soviet", "--and the"),
            row(2, "", "Soviet", "\u{201c}Peace"),
        ];
        sort_lines(&mut rows, &[SortKey::Right(1)]);
        assert_eq!(order(&rows), [1, 0, 2]); // and, of, peace
    }

    #[test]
    fn ties_keep_the_text_order_and_later_keys_break_them() {
        let mut rows = vec![
            row(0, "", "Soviet", "of Workmen"),
            row(1, "", "Soviet", "of Peasants"),
            row(2, "", "Soviet", "of Workmen"),
        ];
        sort_lines(&mut rows, &[SortKey::Right(1)]);
        assert_eq!(order(&rows), [0, 1, 2]);
        sort_lines(&mut rows, &[SortKey::Right(1), SortKey::Right(2)]);
        assert_eq!(order(&rows), [1, 0, 2]);
    }

    #[test]
    fn the_node_key_sorts_by_the_node_as_written_lowercased() {
        let mut rows = vec![
            row(0, "", "Soviets", ""),
            row(1, "", "SOVIET", ""),
            row(2, "", "soviet", ""),
        ];
        sort_lines(&mut rows, &[SortKey::Node]);
        assert_eq!(order(&rows), [1, 2, 0]);
    }

    proptest::proptest! {
        /// Sorting only reorders: the same lines, each key's words non-decreasing down the
        /// table, and lines with equal keys in their old order.
        #[test]
        fn sorting_reorders_lines_by_their_keys(
            rights in proptest::collection::vec("[aAb.,]{0,3}( [ab]{1,2}){0,2}", 0..12),
        ) {
            let rows: Vec<KwicRow> = rights
                .iter()
                .enumerate()
                .map(|(i, r)| row(i as u64, "x", "Soviet", r))
                .collect();
            let keys = [SortKey::Right(1), SortKey::Right(2)];
            let mut sorted = rows.clone();
            sort_lines(&mut sorted, &keys);
            let mut old = order(&sorted);
            old.sort();
            proptest::prop_assert_eq!(old, order(&rows));
            for w in sorted.windows(2) {
                let (a, b) = (line_keys(&w[0], &keys), line_keys(&w[1], &keys));
                proptest::prop_assert!(a < b || (a == b && w[0].paragraph < w[1].paragraph));
            }
        }
    }

    #[test]
    fn bad_keys_are_usage_errors_that_name_the_key() {
        for bad in ["", "R1", "0R", "xL", "1X", "1R,,2R", "-1L"] {
            let err = SortKey::parse_list(bad).unwrap_err();
            assert!(matches!(err, Error::Usage(_)), "{bad}");
        }
        let err = SortKey::parse_list("1R,2Q").unwrap_err();
        assert!(err.to_string().contains("'2Q'"), "{err}");
    }
}
