use super::*;
use crate::count::nodes::{MatchBy, NodeSet};

fn options(left: usize, right: usize) -> WindowOptions {
    let mut o = WindowOptions::new(NodeSet::new(&["x"], MatchBy::Word, false).unwrap());
    o.left = left;
    o.right = right;
    o
}

/// Tokens (ids): 1 2 X 3 X 4 5, X = 9 at positions 2 and 4, window 2 + 2.
/// Occurrence at 2: left {1, 2}, right {3, X@4}. Occurrence at 4: left {X@2, 3},
/// right {4, 5}. Per occurrence: 1:L1, 2:L1, 3:R1+L1, 9:R1+L1, 4:R1, 5:R1.
/// Union: each position once. The second window's left positions are 2 (the first X,
/// not yet counted: it is no collocate of its own occurrence) and 3 (counted as right of
/// the first): 1:L1, 2:L1, 3:R1, 9:R1 (position 4) + L1 (position 2), 4:R1, 5:R1.
/// Node 0's pairs as `collocate:Lleft+Rright`, in order (the notation of the comments).
fn node_pairs(w: &ParagraphWindows) -> String {
    assert!(w.pairs.iter().all(|p| p.0 == 0), "one node");
    let each: Vec<String> = w
        .pairs
        .iter()
        .map(|p| format!("{}:L{}+R{}", p.1, p.2, p.3))
        .collect();
    each.join(" ")
}

#[test]
fn overlapping_windows_by_occurrence_and_union() {
    let ids = [1, 2, 9, 3, 9, 4, 5];
    let occ = [(0, 2, 1), (0, 4, 1)];
    let cases = [
        (
            Counting::Occurrence,
            "1:L1+R0 2:L1+R0 3:L1+R1 4:L0+R1 5:L0+R1 9:L1+R1",
        ),
        (
            Counting::Union,
            "1:L1+R0 2:L1+R0 3:L0+R1 4:L0+R1 5:L0+R1 9:L1+R1",
        ),
    ];
    for (counting, pairs) in cases {
        let mut o = options(2, 2);
        o.counting = counting;
        let w = count_windows(&ids, &[0; 7], &occ, &o);
        assert_eq!(w.node_freq, [2]);
        assert_eq!(node_pairs(&w), pairs, "{counting:?}");
    }
}

#[test]
fn sentence_bound_windows() {
    // sentences: 0 0 | 1 1 1 | 2; node at 3 (sentence 1), window 3 + 3.
    let ids = [1, 2, 3, 9, 4, 5];
    let sentences = [0, 0, 1, 1, 1, 2];
    let mut o = options(3, 3);
    o.within = Within::Sentence;
    let w = count_windows(&ids, &sentences, &[(0, 3, 1)], &o);
    assert_eq!(w.pairs, [(0, 3, 1, 0), (0, 4, 0, 1)]);
    o.within = Within::Paragraph;
    let w = count_windows(&ids, &sentences, &[(0, 3, 1)], &o);
    assert_eq!(w.pairs.len(), 5);
}

#[test]
fn phrase_tokens_are_not_their_own_collocates() {
    let ids = [1, 7, 8, 2];
    let w = count_windows(&ids, &[0; 4], &[(0, 1, 2)], &options(5, 5));
    assert_eq!(w.pairs, [(0, 1, 1, 0), (0, 2, 0, 1)]);
}
