//! The VADER sentiment scorer (`sentiment::score_lines`) on arbitrary UTF-8: never panics,
//! one row per line, numbered from 1, and every score finite and in range.
#![no_main]

use corpus_lens::sentiment::score_lines;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let rows = score_lines(text);
    assert_eq!(rows.len(), text.lines().count());
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.line, i as u64 + 1);
        assert!(
            (-1.0..=1.0).contains(&row.compound),
            "compound {}",
            row.compound
        );
        for share in [row.pos, row.neu, row.neg] {
            assert!((0.0..=1.0).contains(&share), "share {share} in {row:?}");
        }
    }
});
