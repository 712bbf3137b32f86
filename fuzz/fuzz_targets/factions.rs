//! The factions lexicon parser (`factions::FactionSet::parse`, the gazetteer of issue 4) on
//! arbitrary UTF-8, then `find` on the input's own tokens.
//!
//! Checks: Ok or an error with a line and column inside the text; an accepted lexicon has
//! unique ids and parents that exist and form no cycle (corpora/lexicons/README.md, rule 5);
//! mentions are in bounds, in order and never overlap.
#![no_main]

use std::collections::HashSet;
use std::path::Path;

use corpus_lens::factions::FactionSet;
use corpus_lens::normalize::normalize_str;
use corpus_lens::tokenize::{fold_case, tokenize};
use corpus_lens::Error;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let set = match FactionSet::parse(text, Path::new("f.toml")) {
        Ok(set) => set,
        Err(err) => {
            let message = err.to_string();
            assert!(message.starts_with("f.toml:"), "{message}");
            if let Error::Manifest { line, column, .. } = err {
                let lines: Vec<&str> = text.split('\n').collect();
                assert!(line >= 1 && line <= lines.len(), "line {line}");
                let width = lines[line - 1].chars().count();
                assert!(
                    column >= 1 && column <= width + 1,
                    "column {column} of {width}"
                );
            }
            return;
        }
    };
    let factions = set.factions();
    let ids: HashSet<&str> = factions.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids.len(), factions.len(), "duplicate ids accepted");
    for (i, f) in factions.iter().enumerate() {
        // Walking up the parents ends within as many steps as there are factions.
        let mut at = i;
        let mut steps = 0;
        while let Some(parent) = factions[at].parent {
            assert!(parent < factions.len());
            steps += 1;
            // Parent cycles are rejected by the parser (regression test
            // `factions_parent_cycle_is_an_error` in tests/bad_input.rs).
            assert!(steps <= factions.len(), "parent cycle accepted at {}", f.id);
            at = parent;
        }
    }
    // Find mentions in the input's own words.
    let normalized = normalize_str(text);
    let mut tokens = Vec::new();
    tokenize(&normalized, &mut tokens);
    let surfaces: Vec<&str> = tokens.iter().map(|t| &normalized[t.span.clone()]).collect();
    let words: Vec<String> = surfaces
        .iter()
        .map(|s| {
            let mut w = String::new();
            fold_case(s, &mut w);
            w
        })
        .collect();
    let sentences: Vec<u32> = (0..words.len()).map(|i| (i / 7) as u32).collect();
    let mentions = set.find(&words, &surfaces, &sentences);
    let mut next = 0;
    for m in mentions {
        assert!(m.start >= next && m.len >= 1 && m.start + m.len <= words.len());
        assert!(m.faction < factions.len() && m.alias < factions[m.faction].aliases.len());
        next = m.start + m.len;
    }
});
