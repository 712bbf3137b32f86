//! The framing lexicon parsers (`lexicon::Lexicon::parse_toml` and `parse_delimited` with
//! comma and tab) on arbitrary UTF-8, then framing of the input itself with the shipped
//! factions and the parsed lexicon.
//!
//! Checks: Ok or an error with a line and column inside the text; an accepted lexicon has
//! terms on declared dimensions with finite weights; term matches are in bounds and never
//! overlap on one dimension; framing scores are finite and dimension scores lie in [-1, 1].
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use corpus_lens::factions::FactionSet;
use corpus_lens::framing::{Context, Framer};
use corpus_lens::lexicon::{Lexicon, TermMatch};
use corpus_lens::Error;
use libfuzzer_sys::fuzz_target;

fn factions() -> &'static FactionSet {
    static SET: OnceLock<FactionSet> = OnceLock::new();
    SET.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/factions.toml");
        FactionSet::load(&path).expect("shipped factions")
    })
}

fn check_error(err: Error, text: &str, name: &str) {
    let message = err.to_string();
    if let Error::Manifest { line, column, .. } = err {
        assert!(message.starts_with(name), "{message}");
        let lines: Vec<&str> = text.split('\n').collect();
        assert!(line >= 1 && line <= lines.len() + 1, "line {line}: {message}");
        if line <= lines.len() {
            let width = lines[line - 1].chars().count();
            assert!(column >= 1 && column <= width + 2, "column {column} of {width}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = [
        Lexicon::parse_toml(text, Path::new("l.toml")).map_err(|e| (e, "l.toml")),
        Lexicon::parse_delimited(text, Path::new("l.csv"), b',').map_err(|e| (e, "l.csv")),
        Lexicon::parse_delimited(text, Path::new("l.tsv"), b'\t').map_err(|e| (e, "l.tsv")),
    ];
    for result in parsed {
        let lexicon = match result {
            Ok(lexicon) => lexicon,
            Err((err, name)) => {
                check_error(err, text, name);
                continue;
            }
        };
        let dims = lexicon.dimensions().len();
        for t in lexicon.terms() {
            assert!(t.dimension < dims && t.weight.is_finite() && t.len >= 1);
        }
        // Matches on the input's own words as keys.
        let keys: Vec<String> = text.split_whitespace().map(Lexicon::stem).collect();
        let mut matches: Vec<TermMatch> = Vec::new();
        lexicon.find(&keys, &mut matches);
        for m in &matches {
            assert!(m.term < lexicon.terms().len() && m.len >= 1 && m.start + m.len <= keys.len());
        }
        let framer = Framer::new(factions().clone(), lexicon, Context::Sentence);
        let found = framer.score_text(text);
        for m in &found.mentions {
            assert!(m.valence.is_finite() && m.valence.abs() <= 1.0);
            assert_eq!(m.dimensions.len(), dims);
            assert!(m.dimensions.iter().all(|d| d.is_finite() && d.abs() <= 1.0));
            assert!(text.get(m.offset as usize..).is_some(), "offset {}", m.offset);
        }
    }
});
