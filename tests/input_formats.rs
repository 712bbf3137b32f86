//! Input formats: TEI XML, HTML, EPUB, Gutenberg zip and UTF-16 are read as their text, the
//! format is chosen by content and extension or forced, bad files are errors naming the file
//! and place (exit 1, nothing written), and a language other than English is refused.
//! Rows of kwic.csv and framing_mentions.csv cite line, byte offset and page.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{run_err, run_ok, tempdir, write, Table};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/inputs")
        .join(name)
}

/// The words of freq.csv after `freq INPUT EXTRA... --out out` in `dir`.
fn words(dir: &Path, input: &Path, extra: &[&str]) -> Vec<String> {
    let mut args = vec!["freq".to_string(), input.display().to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(["--out".into(), "out".into(), "-q".into()]);
    run_ok(dir, &args);
    let table = Table::read(&dir.join("out/freq.csv"));
    let at = table.column("word");
    table.rows.iter().map(|r| r[at].clone()).collect()
}

/// `kwic NODE -i INPUT` as a table.
fn kwic(input: &Path, node: &str) -> Table {
    let tmp = tempdir();
    let input = input.display().to_string();
    let run = run_ok(tmp.path(), ["kwic", node, "-i", &input, "-q"]);
    Table::parse(&run.stdout)
}

/// Byte offset and line (from 1) of the first `needle` in `file`.
fn place_of(file: &Path, needle: &str) -> (String, String) {
    let bytes = fs::read(file).unwrap();
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .unwrap_or_else(|| panic!("{needle} not in {}", file.display()));
    let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    (at.to_string(), line.to_string())
}

#[test]
fn tei_body_is_read_without_header_notes_front_and_back() {
    let tmp = tempdir();
    let words = words(tmp.path(), &fixture("memoir.tei.xml"), &[]);
    for word in ["soviet", "kerensky", "bolsheviks", "chapter"] {
        assert!(words.iter().any(|w| w == word), "{word} missing: {words:?}");
    }
    // Tags, the header, a note, <front>, <back> and a <sic> are not text of the body.
    for word in [
        "persname",
        "teiheader",
        "witness",
        "school",
        "dedicated",
        "index",
        "sovet",
        "p",
    ] {
        assert!(
            !words.iter().any(|w| w == word),
            "{word} counted: {words:?}"
        );
    }
}

#[test]
fn the_tei_header_fills_the_document_fields_a_manifest_leaves_empty() {
    let tmp = tempdir();
    let d = tmp.path();
    fs::copy(fixture("memoir.tei.xml"), d.join("memoir.xml")).unwrap();
    run_ok(d, ["freq", "memoir.xml", "--out", "bare", "-q"]);
    let summary = Table::read(&d.join("bare/corpus_summary.csv"));
    let row = &summary.rows[0];
    assert_eq!(summary.get(row, "title"), "A Night at Smolny");
    assert_eq!(summary.get(row, "author"), "Jane Witness");
    assert_eq!(summary.get(row, "year"), "1921"); // the source's date, not the edition's 2024
    assert_eq!(summary.get(row, "language"), "en");
    write(
        d,
        "m.toml",
        "[[document]]\nid = \"m\"\npath = \"memoir.xml\"\ntitle = \"Given Title\"\n",
    );
    run_ok(d, ["freq", "m.toml", "--out", "manifest", "-q"]);
    let summary = Table::read(&d.join("manifest/corpus_summary.csv"));
    let row = &summary.rows[0];
    assert_eq!(summary.get(row, "title"), "Given Title");
    assert_eq!(summary.get(row, "author"), "Jane Witness");
}

#[test]
fn tei_rows_cite_the_paragraph_element_line_and_page() {
    let file = fixture("memoir.tei.xml");
    let table = kwic(&file, "soviet");
    assert_eq!(table.rows.len(), 1, "{:?}", table.rows);
    let row = &table.rows[0];
    let (offset, line) = place_of(&file, "<p>Kerensky");
    assert_eq!(table.get(row, "byte_offset"), offset);
    assert_eq!(table.get(row, "line"), line);
    assert_eq!(table.get(row, "page"), "12");

    let tmp = tempdir();
    let input = file.display().to_string();
    run_ok(tmp.path(), ["framing", &input, "--out", "out", "-q"]);
    let mentions = Table::read(&tmp.path().join("out/framing_mentions.csv"));
    let mensheviks = mentions.row("alias", "Mensheviks");
    let (offset, line) = place_of(&file, "<p>The Mensheviks");
    assert_eq!(mentions.get(mensheviks, "byte_offset"), offset);
    assert_eq!(mentions.get(mensheviks, "line"), line);
    assert_eq!(mentions.get(mensheviks, "page"), "13");
}

#[test]
fn plain_text_rows_cite_the_exact_line_and_byte() {
    let tmp = tempdir();
    let text = "Title.\r\n\r\nThe crowd waited.\r\nThen Kerensky spoke\r\nand Kerensky fled.\r\n";
    write(tmp.path(), "t.txt", text);
    let file = tmp.path().join("t.txt");
    let table = kwic(&file, "kerensky");
    let places: Vec<(&str, &str, &str)> = table
        .rows
        .iter()
        .map(|r| {
            (
                table.get(r, "line"),
                table.get(r, "byte_offset"),
                table.get(r, "page"),
            )
        })
        .collect();
    let first = text.find("Kerensky").unwrap().to_string();
    let second = text.rfind("Kerensky").unwrap().to_string();
    assert_eq!(
        places,
        [("4", first.as_str(), ""), ("5", second.as_str(), "")]
    );

    run_ok(tmp.path(), ["framing", "t.txt", "--out", "out", "-q"]);
    let mentions = Table::read(&tmp.path().join("out/framing_mentions.csv"));
    let lines: Vec<&str> = mentions
        .rows
        .iter()
        .map(|r| mentions.get(r, "line"))
        .collect();
    let offsets: Vec<&str> = mentions
        .rows
        .iter()
        .map(|r| mentions.get(r, "byte_offset"))
        .collect();
    assert_eq!(lines, ["4", "5"]);
    assert_eq!(offsets, [first.as_str(), second.as_str()]);
}

#[test]
fn html_is_read_from_paragraph_elements_only() {
    let tmp = tempdir();
    let file = fixture("page.html");
    let words = words(tmp.path(), &file, &[]);
    for word in ["soviet", "gatchina", "chapter", "late"] {
        assert!(words.iter().any(|w| w == word), "{word} missing: {words:?}");
    }
    for word in ["navigation", "var", "skip", "color", "mdash", "html", "br"] {
        assert!(
            !words.iter().any(|w| w == word),
            "{word} counted: {words:?}"
        );
    }
    let table = kwic(&file, "soviet");
    let row = &table.rows[0];
    assert_eq!(table.get(row, "right"), "met at Smolny\u{2014}late"); // &mdash; resolved
    let (offset, line) = place_of(&file, "<p>The Soviet");
    assert_eq!(
        (table.get(row, "byte_offset"), table.get(row, "line")),
        (offset.as_str(), line.as_str())
    );
}

#[test]
fn epub_is_read_in_spine_order_and_cites_its_member() {
    let table = kwic(&fixture("book.epub"), "kerensky");
    let row = &table.rows[0];
    // The spine lists "two b.xhtml" first: its paragraph is paragraph 0.
    assert_eq!(table.get(row, "paragraph"), "0");
    assert_eq!(table.get(row, "page"), "OEBPS/text/two b.xhtml");
    assert_eq!(table.get(row, "line"), "3");
    let table = kwic(&fixture("book.epub"), "soviet");
    assert_eq!(table.get(&table.rows[0], "paragraph"), "1");
    assert_eq!(table.get(&table.rows[0], "page"), "OEBPS/text/one.xhtml");
    let tmp = tempdir();
    let input = fixture("book.epub").display().to_string();
    run_ok(tmp.path(), ["freq", &input, "--out", "out", "-q"]);
    let summary = Table::read(&tmp.path().join("out/corpus_summary.csv"));
    let row = &summary.rows[0];
    assert_eq!(summary.get(row, "title"), "Two Chapters");
    assert_eq!(summary.get(row, "year"), "1923");
}

#[test]
fn a_gutenberg_zip_is_read_from_its_text_file() {
    let table = kwic(&fixture("gutenberg.zip"), "kerensky");
    let row = &table.rows[0];
    // Line and offset in the .txt inside: "The Soviet met.\n\nKerensky ..."
    assert_eq!(
        (table.get(row, "line"), table.get(row, "byte_offset")),
        ("3", "17")
    );
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded() {
    let table = kwic(&fixture("utf16.txt"), "kerensky");
    let row = &table.rows[0];
    assert_eq!(table.get(row, "node"), "Kerensky");
    // Lines are the file's; the offset counts bytes of the text decoded to UTF-8.
    assert_eq!(
        (table.get(row, "line"), table.get(row, "byte_offset")),
        ("3", "19")
    );
}

#[test]
fn the_format_can_be_forced_by_option_and_by_manifest() {
    let tmp = tempdir();
    let d = tmp.path();
    let forced = words(d, &fixture("memoir.tei.xml"), &["--input-format", "text"]);
    assert!(forced.iter().any(|w| w == "teiheader"), "{forced:?}");
    fs::copy(fixture("memoir.tei.xml"), d.join("memoir.xml")).unwrap();
    write(
        d,
        "m.toml",
        "[[document]]\nid = \"m\"\npath = \"memoir.xml\"\nformat = \"text\"\n",
    );
    let by_manifest = words(d, &d.join("m.toml"), &[]);
    assert!(
        by_manifest.iter().any(|w| w == "teiheader"),
        "{by_manifest:?}"
    );
    // A .txt holding TEI is read as TEI: content wins over the extension.
    fs::copy(fixture("memoir.tei.xml"), d.join("memoir.txt")).unwrap();
    let by_content = words(d, &d.join("memoir.txt"), &[]);
    assert!(
        !by_content.iter().any(|w| w == "teiheader"),
        "{by_content:?}"
    );

    write(
        d,
        "bad.toml",
        "[[document]]\nid = \"m\"\npath = \"memoir.xml\"\nformat = \"pdf\"\n",
    );
    let run = run_err(d, ["freq", "bad.toml", "--out", "o2"], 1);
    run.assert_stderr_has(&["bad.toml:4:10", "unknown input format 'pdf'"]);
    run_err(d, ["freq", "memoir.xml", "--input-format", "pdf"], 2);
}

#[test]
fn bad_files_are_errors_naming_file_and_place_and_write_nothing() {
    let cases = [
        ("broken.tei.xml", "line 4, column 23: malformed XML"),
        ("no_text.zip", "holds no .txt file"),
        (
            "no_spine.epub",
            "member OEBPS/content.opf: the package has no <spine>",
        ),
    ];
    for (name, message) in cases {
        let tmp = tempdir();
        let input = fixture(name).display().to_string();
        let run = run_err(tmp.path(), ["analyze", &input, "--out", "out"], 1);
        run.assert_stderr_has(&[name, message]);
        assert!(
            !tmp.path().join("out").exists(),
            "{name}: a table was written"
        );
    }
}

#[test]
fn a_language_other_than_english_is_refused_with_what_to_do() {
    let tmp = tempdir();
    let d = tmp.path();
    let input = fixture("russian.tei.xml").display().to_string();
    let run = run_err(d, ["analyze", &input, "--out", "out"], 1);
    run.assert_stderr_has(&[
        "language 'ru'",
        "stemmer",
        "VADER",
        "faction",
        "language = \"en\"",
    ]);
    assert!(!d.join("out").exists());
    fs::copy(fixture("russian.tei.xml"), d.join("ru.xml")).unwrap();
    write(
        d,
        "m.toml",
        "[[document]]\nid = \"ru\"\npath = \"ru.xml\"\nlanguage = \"en\"\n",
    );
    run_ok(d, ["freq", "m.toml", "--out", "out", "-q"]);
}

#[test]
fn a_folder_gives_its_files_of_every_format() {
    let tmp = tempdir();
    let d = tmp.path();
    write(d, "texts/a.txt", "The Soviet met.\n");
    fs::copy(fixture("page.html"), d.join("texts/b.html")).unwrap();
    fs::copy(fixture("book.epub"), d.join("texts/c.epub")).unwrap();
    write(d, "texts/notes.md", "Not read.\n");
    run_ok(d, ["freq", "texts", "--out", "out", "-q"]);
    let summary = Table::read(&d.join("out/corpus_summary.csv"));
    let ids: Vec<&str> = summary
        .rows
        .iter()
        .map(|r| summary.get(r, "document"))
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_to_markup_outside_the_folder_is_skipped() {
    let tmp = tempdir();
    let d = tmp.path();
    write(d, "texts/a.txt", "The Soviet met.\n");
    fs::copy(fixture("memoir.tei.xml"), d.join("outside.xml")).unwrap();
    std::os::unix::fs::symlink(d.join("outside.xml"), d.join("texts/link.xml")).unwrap();
    let run = run_ok(d, ["freq", "texts", "--out", "out"]);
    run.assert_stderr_has(&["link.xml: skipped: a symbolic link that leaves"]);
}
