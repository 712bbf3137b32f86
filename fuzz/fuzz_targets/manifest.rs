//! The manifest parser on arbitrary bytes: `Corpus::from_manifest` returns Ok or Err, never
//! panics; an error's line and column lie inside the file, and an accepted manifest has
//! unique, non-empty ids and existing files.
#![no_main]

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use corpus_lens::corpus::Corpus;
use corpus_lens::Error;
use libfuzzer_sys::fuzz_target;

/// A folder with a few files a fuzzed manifest can name (a.txt, b.txt, sub/c.txt, a folder).
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        std::fs::write(dir.join("a.txt"), "Some text.\n").unwrap();
        std::fs::write(dir.join("b.txt"), "More text.\n").unwrap();
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("sub/c.txt"), "Text.\n").unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let path = dir().join("m.toml");
    std::fs::write(&path, data).unwrap();
    match Corpus::from_manifest(&path) {
        Ok(corpus) => {
            let mut ids = HashSet::new();
            assert!(!corpus.documents().is_empty());
            for doc in corpus.documents() {
                assert!(!doc.id.trim().is_empty(), "empty id accepted");
                assert!(
                    ids.insert(doc.id.clone()),
                    "duplicate id {} accepted",
                    doc.id
                );
                assert!(doc.path.exists() && !doc.path.is_dir(), "{:?}", doc.path);
            }
        }
        Err(err) => {
            let message = err.to_string();
            assert!(
                message.contains("m.toml"),
                "error without the file name: {message}"
            );
            if let Error::Manifest { line, column, .. } = err {
                let text = String::from_utf8_lossy(data);
                let lines = text.split('\n').count();
                assert!(line >= 1 && line <= lines, "line {line} of {lines}");
                let width = text
                    .split('\n')
                    .nth(line - 1)
                    .map_or(0, |l| l.chars().count());
                assert!(
                    column >= 1 && column <= width + 1,
                    "column {column} of {width}"
                );
            }
        }
    }
});
