//! The lexicon's unit tests: the shipped file, the TOML and delimited formats, matching and
//! the error messages.

use std::borrow::Cow;
use std::path::Path;

use super::delimited::dimension_id;
use super::*;
use crate::error::{Error, Result};

/// The head of the bad-input lexicons (tests/bad_input.rs): the term's weight goes on
/// line 9.
const HEAD: &str = "[[dimension]]\nid = \"strength\"\npositive = \"strength\"\n\
         negative = \"impotence\"\n\n[[term]]\nterm = \"impotence\"\ndimension = \"strength\"\n";

fn toml_err(text: &str) -> String {
    Lexicon::parse_toml(text, "lex.toml".as_ref())
        .unwrap_err()
        .to_string()
}

fn tsv(text: &str, name: &str) -> Result<Lexicon> {
    Lexicon::parse_delimited(text, name.as_ref(), b'\t')
}

/// (term, dimension id, start, len) of every match in `words` (lowercased tokens).
fn matches(lexicon: &Lexicon, words: &[&str]) -> Vec<(String, String, usize, usize)> {
    let keys: Vec<Cow<str>> = words.iter().map(|w| lexicon.key(w)).collect();
    let mut out = Vec::new();
    lexicon.find(&keys, &mut out);
    out.iter()
        .map(|m| {
            let t = &lexicon.terms()[m.term];
            assert_eq!(t.len, m.len);
            let dim = lexicon.dimensions()[t.dimension].id.clone();
            (t.term.clone(), dim, m.start, m.len)
        })
        .collect()
}

fn m(term: &str, dim: &str, start: usize, len: usize) -> (String, String, usize, usize) {
    (term.into(), dim.into(), start, len)
}

fn shipped() -> Lexicon {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_LEXICON);
    Lexicon::load(&path).unwrap()
}

#[test]
fn shipped_lexicon_loads() {
    let lex = shipped();
    assert_eq!(lex.terms().len(), 527);
    assert!(lex.terms().len() >= 300);
    let ids: Vec<&str> = lex.dimensions().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "strength",
            "legitimacy",
            "honesty",
            "support",
            "order",
            "revolution"
        ]
    );
    assert_eq!(
        lex.dimensions()[0].negative,
        "impotence, helplessness, confusion, failure, fear"
    );
    assert_eq!(lex.match_by(), MatchBy::Stem);
    assert_eq!(lex.neutral().len(), 72);
    assert_eq!(&lex.neutral()[..3], ["party", "parties", "united"]);
    assert!(lex
        .terms()
        .iter()
        .all(|t| (-1.0..=1.0).contains(&t.weight) && t.weight != 0.0));
    let impotence = &lex.terms()[0];
    assert_eq!(
        (
            impotence.term.as_str(),
            impotence.dimension,
            impotence.weight,
            impotence.len
        ),
        ("impotence", 0, -0.9, 1)
    );
    let master = lex
        .terms()
        .iter()
        .find(|t| t.term == "master of the situation")
        .unwrap();
    assert_eq!(master.len, 4);
    assert_eq!(lex.skipped(), 0);
    // Terms per dimension, as in README.md's table.
    let per_dim: Vec<usize> = (0..6)
        .map(|d| lex.terms().iter().filter(|t| t.dimension == d).count())
        .collect();
    assert_eq!(per_dim, [138, 78, 99, 92, 88, 32]);
}

#[test]
fn default_path_finds_the_shipped_file() {
    assert!(Lexicon::default_path().ends_with(DEFAULT_LEXICON));
    assert_eq!(Lexicon::load_default().unwrap().terms().len(), 527);
}

#[test]
fn shipped_terms_match_by_stem() {
    let lex = shipped();
    assert_eq!(lex.key("impotent"), "impot");
    let got = matches(&lex, &["the", "impotent", "government"]);
    assert_eq!(got, [m("impotence", "strength", 1, 1)]);
    let got = matches(&lex, &["they", "were", "betrayed"]);
    assert_eq!(got, [m("betrayal", "honesty", 2, 1)]);
}

#[test]
fn shipped_longer_terms_win() {
    let lex = shipped();
    let got = matches(
        &lex,
        &[
            "power",
            "passed",
            "without",
            "bloodshed",
            "after",
            "bloodshed",
        ],
    );
    assert_eq!(
        got,
        [
            m("without bloodshed", "order", 2, 2),
            m("bloodshed", "order", 5, 1)
        ]
    );
    // Across dimensions too: the support phrase, not also the strength word.
    let got = matches(&lex, &["an", "overwhelming", "majority"]);
    assert_eq!(got, [m("overwhelming majority", "support", 1, 2)]);
    let got = matches(&lex, &["overwhelming", "force"]);
    assert_eq!(got, [m("overwhelm", "strength", 0, 1)]);
}

const SMALL: &str = r#"
[meta]
name = "test"
anything = 3

[[dimension]]
id = "a"

[[dimension]]
id = "b"
positive = "good"
negative = "bad"

[[term]]
term = "x y z"
dimension = "a"
weight = 1

[[term]]
term = "x y"
dimension = "a"
weight = 0.5

[[term]]
term = "y z w"
dimension = "a"
weight = -0.5

[[term]]
term = "x"
dimension = "b"
weight = -1

[[term]]
term = "x y"
dimension = "b"
weight = 0.25

[[term]]
term = "Z"
dimension = "a"
weight = 0.3
"#;

#[test]
fn leftmost_longest_and_a_token_counts_once() {
    let lex = Lexicon::parse_toml(SMALL, "s.toml".as_ref()).unwrap();
    assert_eq!(lex.dimensions()[0].positive, "positive");
    assert_eq!(lex.dimensions()[1].negative, "bad");
    assert_eq!(lex.terms()[0].weight, 1.0);
    assert!(lex.neutral().is_empty());
    // "x y z" (a) beats "x y" (a and b) and "x" (b); "y z w" cannot start inside it.
    assert_eq!(
        matches(&lex, &["x", "y", "z", "w"]),
        [m("x y z", "a", 0, 3)]
    );
    // Leftmost first: "x y" wins over the later-starting, longer "y z w"; then "z".
    // "x y" is listed on both dimensions, so both match.
    assert_eq!(
        matches(&lex, &["x", "y", "q", "y", "z", "w", "x"]),
        [
            m("x y", "a", 0, 2),
            m("x y", "b", 0, 2),
            m("y z w", "a", 3, 3),
            m("x", "b", 6, 1)
        ]
    );
    // A term cut off by the end of the keys does not match; the shorter one does.
    assert_eq!(
        matches(&lex, &["q", "x", "y"]),
        [m("x y", "a", 1, 2), m("x y", "b", 1, 2)]
    );
    assert_eq!(
        matches(&lex, &["z", "z"]),
        [m("Z", "a", 0, 1), m("Z", "a", 1, 1)]
    );
    assert!(matches(&lex, &[]).is_empty());
    // `find` appends.
    let mut out = vec![TermMatch {
        term: 9,
        start: 9,
        len: 9,
    }];
    lex.find(&["x"], &mut out);
    assert_eq!(out.len(), 2);
    assert_eq!(
        out[1],
        TermMatch {
            term: 3,
            start: 0,
            len: 1
        }
    );
}

#[test]
fn match_by_word_in_meta() {
    let text = "[meta]\nmatch = \"word\"\n[[dimension]]\nid = \"s\"\n\
                    [[term]]\nterm = \"impotence\"\ndimension = \"s\"\nweight = -1\n\
                    [[term]]\nterm = \"impotent\"\ndimension = \"s\"\nweight = -0.5\n";
    let lex = Lexicon::parse_toml(text, "w.toml".as_ref()).unwrap();
    assert_eq!(lex.match_by(), MatchBy::Word);
    assert_eq!(lex.key("impotent"), "impotent");
    assert_eq!(
        matches(&lex, &["impotent", "impotence", "impotently"]),
        [m("impotent", "s", 0, 1), m("impotence", "s", 1, 1)]
    );
    let bad = text.replace("\"word\"", "\"lemma\"");
    assert_eq!(
        toml_err(&bad),
        "lex.toml:2:9: [meta] match must be \"stem\" or \"word\", not \"lemma\""
    );
}

#[test]
fn neutral_words_are_lowercased() {
    let text = "[[dimension]]\nid = \"s\"\n[neutral]\nwords = [\"War\", \" peace \"]\n\
                    [[term]]\nterm = \"x\"\ndimension = \"s\"\nweight = 1\n";
    let lex = Lexicon::parse_toml(text, "n.toml".as_ref()).unwrap();
    assert_eq!(lex.neutral(), ["war", "peace"]);
}

#[test]
fn malformed_toml_is_reported_at_its_place() {
    let err = toml_err(&format!("{HEAD}weight = 1.0.0\n"));
    assert_eq!(
        err,
        "lex.toml:9:10: malformed lexicon: the value of `weight` is not valid TOML: invalid \
             float, expected nothing (at column 13)"
    );
    let err = toml_err(&format!("{HEAD}weight = -0.5\n").replace("\"impotence\"\nd", "\"open\nd"));
    assert!(
        err.starts_with("lex.toml:7:8: malformed lexicon: the value of `term` is not valid TOML"),
        "{err}"
    );
    // Not inside a value: toml's own position.
    let err = toml_err(&format!("{HEAD}weight = -0.5\n[[term]\n"));
    assert!(
        err.starts_with("lex.toml:10:8: malformed lexicon: unclosed array table"),
        "{err}"
    );
    let err = toml_err("[neutral]\nwords = [\"a\" \"b\"]\n");
    assert!(
        err.starts_with("lex.toml:2:14: malformed lexicon: "),
        "{err}"
    );
}

#[test]
fn duplicate_stem_on_one_dimension_names_the_first_term() {
    let second = "[[term]]\nterm = \"impotent\"\ndimension = \"strength\"\nweight = -0.5\n";
    let err = toml_err(&format!("{HEAD}weight = -0.7\n\n{second}"));
    assert_eq!(
        err,
        "lex.toml:12:8: term \"impotent\" has the same stem as \"impotence\" (line 7) on \
             dimension strength; remove one (a term matches every word with its stem, so one \
             covers both)"
    );
    // The same term twice.
    let again = "[[term]]\nterm = \"Impotence\"\ndimension = \"strength\"\nweight = -0.5\n";
    let err = toml_err(&format!("{HEAD}weight = -0.7\n{again}"));
    assert_eq!(
        err,
        "lex.toml:11:8: term \"Impotence\" is listed twice on dimension strength (as \
             \"impotence\" on line 7); remove one"
    );
}

#[test]
fn same_stem_on_two_dimensions_is_allowed() {
    let text = format!(
        "{HEAD}weight = -0.7\n[[dimension]]\nid = \"order\"\n\
             [[term]]\nterm = \"impotent\"\ndimension = \"order\"\nweight = -0.3\n"
    );
    let lex = Lexicon::parse_toml(&text, "lex.toml".as_ref()).unwrap();
    assert_eq!(
        matches(&lex, &["impotence"]),
        [
            m("impotence", "strength", 0, 1),
            m("impotent", "order", 0, 1)
        ]
    );
}

#[test]
fn non_numeric_weight_is_reported_at_the_weight() {
    let err = toml_err(&format!("{HEAD}weight = \"strong\"\n"));
    assert_eq!(
        err,
        "lex.toml:9:10: weight of term \"impotence\" must be a finite number such as \
             -0.7, not \"strong\""
    );
    let err = toml_err(&format!("{HEAD}weight = nan\n"));
    assert!(err.starts_with("lex.toml:9:10: weight of term"), "{err}");
    let err = toml_err(HEAD);
    assert!(
        err.starts_with("lex.toml:6:1: malformed lexicon: missing field `weight`"),
        "{err}"
    );
}

#[test]
fn other_toml_errors_name_line_and_column() {
    let err = toml_err(&format!("{HEAD}weight = 1\ncolour = \"red\"\n"));
    assert!(
        err.starts_with("lex.toml:10:1: malformed lexicon: unknown field `colour`"),
        "{err}"
    );
    let text =
        format!("{HEAD}weight = 1\n").replace("dimension = \"strength\"", "dimension = \"power\"");
    assert_eq!(
        toml_err(&text),
        "lex.toml:8:13: term \"impotence\" has unknown dimension \"power\"; declared: strength"
    );
    let text = format!("{HEAD}weight = 1\n").replace("\"impotence\"\nd", "\"--\"\nd");
    assert_eq!(
        toml_err(&text),
        "lex.toml:7:8: term \"--\" has no word in it"
    );
    let text = format!("{HEAD}weight = 1\n[[dimension]]\nid = \"strength\"\n");
    assert_eq!(
        toml_err(&text),
        "lex.toml:11:6: duplicate dimension id \"strength\" (first at line 2)"
    );
    assert!(toml_err("").starts_with("lex.toml:1:1: no dimensions"));
    assert!(toml_err("[[dimension]]\nid = \"a\"\n").starts_with("lex.toml:3:1: no terms"));
}

#[test]
fn vader_like_tsv() {
    let text = "$:\t-1.5\t0.80623\t[-1, -1, -1, -1, -3, -1, -3, -1, -2, -1]\r\n\
                    :-p\t1.5\t0.5\t[1, 2]\r\n\
                    <3\t1.9\t0.5\t[1, 2]\r\n\
                    betray\t-3.2\t0.6\t[-3, -4]\r\n\
                    betrayed\t-3.1\t0.5\t[-3, -3]\r\n\
                    can't stand\t-2.0\t0.5\t[-2, -2]\r\n\
                    lol\t2.9\t0.8\t[3, 3]\r\n\
                    lol\t1.8\t0.6\t[2, 2]\r\n";
    let lex = tsv(text, "vader_lexicon.txt").unwrap();
    assert_eq!(lex.dimensions()[0].id, "vader_lexicon");
    assert_eq!(lex.dimensions()[0].positive, "positive");
    assert_eq!(lex.match_by(), MatchBy::Word);
    assert_eq!(lex.skipped(), 3);
    let terms: Vec<(&str, f64, usize)> = lex
        .terms()
        .iter()
        .map(|t| (t.term.as_str(), t.weight, t.len))
        .collect();
    // The later "lol" wins, as in VADER.
    assert_eq!(
        terms,
        [
            ("betray", -3.2, 1),
            ("betrayed", -3.1, 1),
            ("can't stand", -2.0, 2),
            ("lol", 1.8, 1)
        ]
    );
    assert_eq!(
        matches(&lex, &["i", "can't", "stand", "betrayal", "betrayed"]),
        [
            m("can't stand", "vader_lexicon", 1, 2),
            m("betrayed", "vader_lexicon", 4, 1)
        ]
    );
}

#[test]
fn afinn_like_tsv_with_comments_and_header() {
    let text = "\u{feff}# AFINN-like\nword\tscore\n\nabandon\t-2\ncashing in\t-2\n\
                    # a comment\ndoes not work\t-3\nwin\t+4\n";
    let lex = tsv(text, "dir/AFINN-111.txt").unwrap();
    assert_eq!(lex.dimensions()[0].id, "afinn_111");
    let terms: Vec<(&str, f64)> = lex
        .terms()
        .iter()
        .map(|t| (t.term.as_str(), t.weight))
        .collect();
    assert_eq!(
        terms,
        [
            ("abandon", -2.0),
            ("cashing in", -2.0),
            ("does not work", -3.0),
            ("win", 4.0)
        ]
    );
    assert_eq!(
        matches(&lex, &["it", "does", "not", "work", "cashing", "in"]),
        [
            m("does not work", "afinn_111", 1, 3),
            m("cashing in", "afinn_111", 4, 2)
        ]
    );
    // A header is skipped only on the first entry line.
    let err = tsv("abandon\t-2\nword\tscore\n", "a.tsv").unwrap_err();
    assert_eq!(
        err.to_string(),
        "a.tsv:2:6: score \"score\" of \"word\" (second field) is not a number"
    );
}

#[test]
fn csv_with_quoted_multiword_entry() {
    let text = "word,score,note\n\"does not work\",-3,x\n\"say \"\"no\"\"\", -1\n  good , \"2\" \n";
    let lex = Lexicon::parse_delimited(text, "my-list.csv".as_ref(), b',').unwrap();
    assert_eq!(lex.dimensions()[0].id, "my_list");
    let terms: Vec<(&str, f64, usize)> = lex
        .terms()
        .iter()
        .map(|t| (t.term.as_str(), t.weight, t.len))
        .collect();
    assert_eq!(terms, [("does not work", -3.0, 3), ("good", 2.0, 1)]);
    // `say "no"` was read (quotes doubled inside quotes) and skipped: it has punctuation.
    assert_eq!(lex.skipped(), 1);
    // Quotes are plain characters in a TSV file: this entry is punctuation-laden, skipped.
    let lex = tsv("\"good\"\t1\nbad\t-1\n", "q.tsv").unwrap();
    assert_eq!((lex.terms().len(), lex.skipped()), (1, 1));
    let err = Lexicon::parse_delimited("ok,1\n\"open,2\n", "q.csv".as_ref(), b',').unwrap_err();
    assert_eq!(err.to_string(), "q.csv:2:1: unterminated quoted field");
}

#[test]
fn delimited_duplicates_name_both_lines() {
    let err = tsv("good\t1\nbad\t-1\nGood\t2\n", "d.tsv").unwrap_err();
    assert_eq!(
        err.to_string(),
        "d.tsv:3:1: \"Good\" is the same word as \"good\" on line 1: both match good; \
             remove one of the two lines"
    );
}

#[test]
fn delimited_bad_scores_and_columns() {
    let err = tsv("good\t1\nfine\t1.5.0\t0.3\n", "v.txt").unwrap_err();
    assert_eq!(
        err.to_string(),
        "v.txt:2:6: score \"1.5.0\" of \"fine\" (second field) is not a number"
    );
    assert!(matches!(
        err,
        Error::Manifest {
            line: 2,
            column: 6,
            ..
        }
    ));
    let err = tsv("good\t1\nbad -1\n", "v.txt").unwrap_err();
    assert_eq!(
        err.to_string(),
        "v.txt:2:7: \"bad -1\" has no score; expected word<TAB>score (fields separated by tabs)"
    );
    let err = tsv("good\t1\nbad\tinf\n", "v.txt").unwrap_err();
    assert!(
        err.to_string().starts_with("v.txt:2:5: score \"inf\""),
        "{err}"
    );
    let err = tsv("good\t1\n\t2\n", "v.txt").unwrap_err();
    assert_eq!(
        err.to_string(),
        "v.txt:2:1: empty word (first field); expected word<TAB>score"
    );
    let err = tsv(":-)\t2\n# only emoticons\n", "e.tsv").unwrap_err();
    assert_eq!(
        err.to_string(),
        "e.tsv:1:1: no word entries (1 skipped that are not words); expected lines of \
             word<TAB>score"
    );
    assert!(Lexicon::parse_delimited("a\"1", "x.tsv".as_ref(), b'"')
        .unwrap_err()
        .is_usage());
}

#[test]
fn load_dispatches_on_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("L.CSV");
    std::fs::write(&csv, "good,1\n").unwrap();
    assert_eq!(Lexicon::load(&csv).unwrap().dimensions()[0].id, "l");
    let tsv = dir.path().join("list.tsv");
    std::fs::write(&tsv, "good\t1\n").unwrap();
    assert_eq!(Lexicon::load(&tsv).unwrap().terms()[0].weight, 1.0);
    let toml = dir.path().join("lex.toml");
    std::fs::write(&toml, SMALL).unwrap();
    assert_eq!(Lexicon::load(&toml).unwrap().terms().len(), 6);
    let json = dir.path().join("lex.json");
    std::fs::write(&json, "{}").unwrap();
    let err = Lexicon::load(&json).unwrap_err();
    assert!(err.is_usage());
    assert!(err
        .to_string()
        .contains("unknown lexicon format; give a .toml file"));
    let none = dir.path().join("missing.toml");
    assert!(matches!(Lexicon::load(&none), Err(Error::NotFound { .. })));
}

#[test]
fn stems_are_those_of_the_lowercased_word() {
    assert_eq!(Lexicon::stem("Betrayal"), "betray");
    assert_eq!(Lexicon::stem("usurpers"), Lexicon::stem("usurpation"));
    assert_eq!(Lexicon::stem("KERENSKY'S"), "kerenski");
}

#[test]
fn dimension_ids_from_file_names() {
    assert_eq!(dimension_id("AFINN-111.txt".as_ref()), "afinn_111");
    assert_eq!(
        dimension_id("a/b/Vader Lexicon.tsv".as_ref()),
        "vader_lexicon"
    );
    assert_eq!(dimension_id(".tsv".as_ref()), "_tsv");
}
