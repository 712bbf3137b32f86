use super::lines::{chapter_line, ends_with_page, index_line, title_case_line};
use super::*;
use crate::corpus::Document;
use crate::error::Error;
use proptest::prelude::*;

proptest! {
    /// Any paragraphs, in any order: no panic, and a paragraph's class depends only on
    /// it and the ones before it (classifying a prefix gives a prefix of the classes).
    #[test]
    fn never_panics_and_never_looks_ahead(
        paragraphs in prop::collection::vec(
            "[A-Za-z0-9 \u{a0}\u{3000}.,;:_\\[\\]’'é\n-]{0,60}", 1..12),
        cut in 0usize..12,
    ) {
        let mut matter = Matter::new(Some(Marker::new("It")), Some(Marker::new("THE END")));
        let all: Vec<_> = paragraphs.iter().map(|p| matter.classify(p)).collect();
        let mut again = Matter::new(Some(Marker::new("It")), Some(Marker::new("THE END")));
        let cut = cut.min(paragraphs.len());
        let prefix: Vec<_> = paragraphs[..cut].iter().map(|p| again.classify(p)).collect();
        prop_assert_eq!(&all[..cut], &prefix[..]);
        let mut plain = Matter::new(None, None);
        for p in &paragraphs {
            plain.classify(p);
            footnote_markers(p);
            excerpt(p, 7);
        }
    }
}

/// Classifies paragraphs (separated by blank lines) with no markers.
fn rules(paragraphs: &[&str]) -> Vec<Option<Rule>> {
    let mut matter = Matter::new(None, None);
    paragraphs.iter().map(|p| matter.classify(p)).collect()
}

const PROSE: &str = "The army was destroyed in three or four months, and nobody\n\
                     could foresee how rapidly and easily it would go.";

#[test]
fn markers_cut_front_and_back_matter() {
    let mut matter = Matter::new(Some(Marker::new("It was")), Some(Marker::new("THE END")));
    let got: Vec<_> = [
        "MY LIFE",
        "CONTENTS",
        "  It was a dark night.",
        PROSE,
        "THE END",
        "[1] A note.",
        "PRINTED BY SMITH",
    ]
    .iter()
    .map(|p| matter.classify(p))
    .collect();
    assert_eq!(
        got,
        [
            Some(Rule::FrontMatter),
            Some(Rule::Contents),
            None,
            None,
            Some(Rule::BackMatter),
            Some(Rule::Footnote),
            Some(Rule::BackMatter),
        ]
    );
    let doc = Document::bare("d", "d.txt");
    matter.finish(&doc).unwrap();
}

#[test]
fn missing_markers_are_errors_naming_the_marker() {
    let doc = Document::bare("d", "d.txt");
    let mut matter = Matter::new(Some(Marker::new("Preface")), None);
    matter.classify(PROSE);
    let err = matter.finish(&doc).unwrap_err();
    assert!(matches!(
        err,
        Error::MarkerNotFound {
            field: "body_start",
            ..
        }
    ));
    assert!(err.to_string().contains("\"Preface\""), "{err}");
    let mut matter = Matter::new(None, Some(Marker::new("INDEX")));
    matter.classify(PROSE);
    let err = matter.finish(&doc).unwrap_err();
    assert!(err.to_string().contains("body_end"), "{err}");
}

#[test]
fn the_end_marker_is_looked_for_after_the_start() {
    let mut matter = Matter::new(Some(Marker::new("Chapter")), Some(Marker::new("Chapter")));
    assert_eq!(matter.classify("Chapter one"), None);
    assert_eq!(matter.classify(PROSE), None);
    assert_eq!(matter.classify("Chapter two"), Some(Rule::BackMatter));
}

#[test]
fn gutenberg_header_and_footer() {
    let got = rules(&[
        "The Project Gutenberg EBook of Ten Days, by John Reed",
        "This eBook is for the use of anyone anywhere.",
        "*** START OF THIS PROJECT GUTENBERG EBOOK TEN DAYS ***",
        PROSE,
        "*** END OF THIS PROJECT GUTENBERG EBOOK TEN DAYS ***",
        "Updated editions will replace the previous one.",
    ]);
    use Rule::*;
    assert_eq!(
        got,
        [
            Some(GutenbergHeader),
            Some(GutenbergHeader),
            Some(GutenbergHeader),
            None,
            Some(GutenbergFooter),
            Some(GutenbergFooter),
        ]
    );
    // Without a header, a later paragraph naming Project Gutenberg is body, and so is a
    // "*** END OF" line about something else.
    assert_eq!(
        rules(&[
            PROSE,
            "I read it at Project Gutenberg.",
            "*** END OF PART ONE ***"
        ]),
        [None, None, None]
    );
}

#[test]
fn transcriber_notes() {
    use Rule::*;
    assert_eq!(
        rules(&[
            "Transcriber's Note:",
            "Text enclosed by underscores is in italics (_italics_).",
            "Obvious typographical errors have been silently corrected.",
            "THE RUSSIAN TURMOIL",
            "Transcriber’s Note: Italic text is enclosed in _underscores._",
            "[Redactor’s Note: The book is composed of text,\nfootnotes, and appendices.]",
            "The transcriber's note says nothing.",
        ]),
        [
            Some(TranscriberNote),
            Some(TranscriberNote),
            Some(TranscriberNote),
            None,
            Some(TranscriberNote),
            Some(TranscriberNote),
            None,
        ]
    );
}

#[test]
fn contents_with_page_numbers_and_chapter_lines() {
    use Rule::*;
    let got = rules(&[
        "CONTENTS",
        "      PAGE",
        " FOREWORD                                                             11",
        " CHAPTER I.",
        " THE FOUNDATIONS OF THE OLD POWER: FAITH, THE CZAR, AND THE\n MOTHER COUNTRY                                                       13",
        " CHAPTER II.",
        " THE ARMY                                                             23",
        "FOREWORD",
        PROSE,
    ]);
    assert_eq!(got[..7], [Some(Contents); 7]);
    assert_eq!(got[7..], [None, None]);
}

#[test]
fn a_repeated_chapter_line_ends_the_contents() {
    use Rule::*;
    let got = rules(&[
        "CONTENTS",
        "CHAPTER I.",
        "THE ARMY        13",
        "CHAPTER II.",
        "THE DUMA        40",
        "CHAPTER I.",
        "THE ARMY",
        PROSE,
    ]);
    assert_eq!(
        got,
        [
            Some(Contents),
            Some(Contents),
            Some(Contents),
            Some(Contents),
            Some(Contents),
            None,
            None,
            None
        ]
    );
}

#[test]
fn contents_as_a_list_of_titles() {
    use Rule::*;
    // Ransome's table: titles only. The single-line headings after it stay.
    let got = rules(&[
        "CONTENTS",
        "To Petrograd\nSmolni\nPetrograd to Moscow\nThe Executive Committee on the Reply to the Prinkipo Proposal\nAn Ex--Capitalist\nNotes of Conversations with Lenin\nWar or Peace?",
        "RUSSIA IN 1919",
        "TO PETROGRAD",
        PROSE,
    ]);
    assert_eq!(got, [Some(Contents), Some(Contents), None, None, None]);
    // Reed's, in the same paragraph as its heading.
    let got = rules(&[
        "Table of Contents",
        "  Preface.\n  Notes and Explanations.\n  Chapter 1. Background.\n  Appendices I - XII",
        "Preface",
        PROSE,
    ]);
    assert_eq!(got, [Some(Contents), Some(Contents), None, None]);
    // A heading with its list in the same paragraph.
    let got = rules(&[
        "CONTENTS\nTo Petrograd            1\nSmolni              12",
        PROSE,
    ]);
    assert_eq!(got, [Some(Contents), None]);
}

#[test]
fn prose_after_a_contents_heading_is_kept() {
    // A "Contents" heading followed by prose: the prose is body.
    assert_eq!(rules(&["CONTENTS", PROSE]), [Some(Rule::Contents), None]);
    // A first line "Contents" with prose after it in the same paragraph is body.
    assert_eq!(
        rules(&["Contents\nof the sealed box were never made public, and the Stavka\nknew nothing of them for a month."]),
        [None]
    );
}

#[test]
fn lists_of_illustrations() {
    use Rule::*;
    let got = rules(&[
        "LIST OF ILLUSTRATIONS",
        " THE STAVKA QUARTERMASTER-GENERAL'S BRANCH                _Frontispiece_",
        " GENERAL ALEXEIEV                                           \"    \"    72",
        "LIST OF DIAGRAMS AND MAPS",
        "                                                                    PAGE",
        " 1. DIAGRAM OF THE COMPARATIVE FORCES OF THE GERMANS IN\n    DIFFERENT THEATRES OF WAR                                         32",
        "  Peace Document of Delegates at Brest-Litovsk Conference\n                                                                     310",
        "PART I",
        PROSE,
    ]);
    assert_eq!(got[..7], [Some(ListOfIllustrations); 7]);
    // A chapter line is a list line only in a table of contents.
    assert_eq!(got[7..], [None, None]);
}

#[test]
fn illustration_captions() {
    use Rule::*;
    let got = rules(&[
        "[Illustration: LENIN]",
        "  [Illustration]",
        "[Graphic, page 33: text of placard in russian, translation follows]",
        "[Illustration:",
        "    _Photo by Paul Thompson_",
        "GREGORY RASPUTIN",
        "“The Black Monk of Russia”]",
        PROSE,
    ]);
    assert_eq!(got[..7], [Some(Illustration); 7]);
    assert_eq!(got[7], None);
}

#[test]
fn bracketed_body_text_is_kept() {
    // A quotation in brackets, a caption glued to prose, a stray unclosed bracket.
    let got = rules(&[
        "[The rest of the letter is missing.]",
        "[Illustration: LENIN]\nLenin became an active revolutionist through the spiritual motives.",
        "[Sic] the telegram read.",
    ]);
    assert_eq!(got, [None, None, None]);
    let mut paragraphs = vec!["[Illustration: A caption that never closes"];
    paragraphs.extend([PROSE; 15]);
    let got = rules(&paragraphs);
    let excluded = got.iter().filter(|r| r.is_some()).count();
    assert_eq!(excluded as u32, BRACKET_PARAGRAPHS);
    assert_eq!(got[BRACKET_PARAGRAPHS as usize], None);
}

#[test]
fn footnotes() {
    use Rule::*;
    let got = rules(&[
        "[1] Part of the famous “Sisson Documents”.",
        "     [2] K. Kautsky, _The American and the Russian Workingman_.",
        "FOOTNOTES:",
        "[Footnote: I cite here the text of this wireless message:",
        "\"Selo Pulkovo. General Staff 2:10 P. M. The night of October 30th-31st\nwill go down in history.",
        "\"Long live revolutionary and Socialist Russia!\"]",
        PROSE,
        "[1917] was the year of the revolution.",
        "[12]Kerensky answered.",
    ]);
    assert_eq!(got[..6], [Some(Footnote); 6]);
    assert_eq!(got[6..], [None, None, None]);
}

#[test]
fn index_after_its_heading_only() {
    use Rule::*;
    let got = rules(&[
        "  INDEX",
        "  Absolutism, role of, in outgrowing economic basis, 69;\n    in promoting industry and science, 69, 70;\n    as an end in itself, 70-71.",
        "  Army, 35, 36, 37.",
        "  Class consciousness, of proletariat, as prerequisite to Socialism,\n    124-128.",
        "  Middle-class (_see_ Bourgeoisie), weakness of, in Russia, 71, 72.",
        "B",
        PROSE,
    ]);
    assert_eq!(got[..6], [Some(Index); 6]);
    assert_eq!(got[6], None);
    // Without the heading, index-like lines are body: a dated signature, a paragraph on
    // "the index of prices".
    let got = rules(&[
        "Petrograd, November 18th, 1917.",
        "The index of prices rose from 100 to 212,\nand in Moscow to 230, 245, 260.",
    ]);
    assert_eq!(got, [None, None]);
}

#[test]
fn advertisements() {
    use Rule::*;
    let got = rules(&[
        "DECREE ON THE MONOPOLY OF ADVERTISEMENTS",
        PROSE,
        "BY THE SAME AUTHOR",
        "  Six Red Months in Russia\n  The Bolsheviki and World Peace",
        PROSE,
        "ADVERTISEMENTS",
        "A brilliant account of the war. --_The Times_",
        "*** END OF THE PROJECT GUTENBERG EBOOK MIRRORS OF MOSCOW ***",
    ]);
    assert_eq!(
        got,
        [
            None,
            None,
            Some(Advertisements),
            Some(Advertisements),
            None,
            Some(Advertisements),
            Some(Advertisements),
            Some(GutenbergFooter),
        ]
    );
    // "Advertisements" in lower case may title a chapter.
    assert_eq!(rules(&["Advertisements", PROSE]), [None, None]);
}

#[test]
fn line_tests() {
    assert!(ends_with_page("LENIN                                2"));
    assert!(ends_with_page(
        "FOREWORD                                       xi"
    ));
    assert!(ends_with_page("Introduction ........ 7"));
    // A gap of no-break spaces is no gap (and must not split a character).
    assert!(!ends_with_page("Preface\u{a0}\u{a0}vii"));
    assert!(!ends_with_page("RUSSIA IN 1919"));
    assert!(!ends_with_page("the revolution of 1905"));
    assert!(chapter_line("Chapter 1. Background."));
    assert!(chapter_line("PART  I.--RASPUTIN"));
    assert!(!chapter_line("Partisans of the Tsar"));
    assert!(!chapter_line("Part of the army"));
    assert!(title_case_line("A Bolshevik Fellow of the Royal Society"));
    assert!(!title_case_line(
        "I am well aware that there is material in this book which will"
    ));
    assert!(index_line("  Gapon, 59, 62; 172-3."));
    assert!(!index_line("and in 1917 the army, 10 million strong"));
    assert_eq!(excerpt("a  b\n c", 80), "a b c");
    assert_eq!(excerpt("abcdef", 3), "abc");
}
