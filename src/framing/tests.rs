use super::*;
use crate::corpus::Document;
use crate::framing::factions::FactionSet;
use crate::framing::lexicon::Lexicon;
use crate::framing::vader::Vader;

const FACTIONS: &str = r#"
[[faction]]
id = "bolsheviks"
aliases = ["Bolsheviks", "Bolshevik"]

[[faction]]
id = "mensheviks"
aliases = ["Mensheviks"]

[[faction]]
id = "cadets"
case_sensitive_aliases = ["Cadets"]

[[faction]]
id = "freedom_party"
aliases = ["Freedom Party"]
"#;

const LEXICON: &str = r#"
term = [
    { term = "impotence", dimension = "strength", weight = -0.7 },
    { term = "heroic", dimension = "strength", weight = 0.5 },
    { term = "treacherous", dimension = "honesty", weight = -0.9 },
    { term = "traitors", dimension = "honesty", weight = -0.9 },
    { term = "without bloodshed", dimension = "strength", weight = 0.3 },
]

[neutral]
words = ["party", "revolutionary"]

[[dimension]]
id = "strength"
positive = "strength"
negative = "impotence"

[[dimension]]
id = "honesty"
positive = "honesty"
negative = "treachery"
"#;

fn framer(context: Context) -> Framer {
    let factions = FactionSet::parse(FACTIONS, "f.toml".as_ref()).unwrap();
    let lexicon = Lexicon::parse_toml(LEXICON, "l.toml".as_ref()).unwrap();
    Framer::new(factions, lexicon, context)
}

fn id(f: &Framer, m: &ScoredMention) -> String {
    f.factions().factions()[m.faction].id.clone()
}

/// VADER's normalization of a sum of valences.
fn norm(s: f64) -> f64 {
    s / (s * s + 15.0).sqrt()
}

/// The valence VADER gives `word` in `text` (historical mode, nothing masked).
fn vader_valence(f: &Framer, text: &str, word: &str) -> f64 {
    let mut out = crate::framing::vader::Analysis::default();
    f.shared.vader.analyze(text, &[], &mut out);
    out.tokens
        .iter()
        .find(|t| text[t.span.clone()].trim_matches(|c: char| c.is_ascii_punctuation()) == word)
        .map(|t| t.valence)
        .unwrap_or_else(|| panic!("{word} has no valence in {text:?}"))
}

#[test]
fn nearest_mention_takes_each_word() {
    let f = framer(Context::Sentence);
    let text = "The heroic Bolsheviks defeated the cruel, treacherous Mensheviks.";
    let found = f.score_text(text);
    let [b, m] = &found.mentions[..] else {
        panic!("{found:?}")
    };
    assert_eq!(
        (id(&f, b).as_str(), id(&f, m).as_str()),
        ("bolsheviks", "mensheviks")
    );
    // strength: heroic -> Bolsheviks; honesty: treacherous -> Mensheviks.
    assert_eq!(b.dimensions, [0.5, 0.0]);
    assert_eq!(m.dimensions, [0.0, -0.9]);
    // VADER: "heroic" and "defeated" are nearer the Bolsheviks (distance 1 each), "cruel"
    // is nearer the Mensheviks (2 against 3).
    let heroic = vader_valence(&f, text, "heroic");
    let defeated = vader_valence(&f, text, "defeated");
    let cruel = vader_valence(&f, text, "cruel");
    assert!((b.valence - norm(heroic + defeated)).abs() < 1e-12);
    assert!((m.valence - norm(cruel)).abs() < 1e-12);
    assert!(b.valence > 0.0 && m.valence < 0.0);
}

#[test]
fn a_tie_splits_the_word() {
    let f = framer(Context::Sentence);
    let found = f.score_text("Bolsheviks treacherous Mensheviks");
    let [b, m] = &found.mentions[..] else {
        panic!("{found:?}")
    };
    assert_eq!(b.dimensions[1], -0.45);
    assert_eq!(m.dimensions[1], -0.45);
    assert_eq!(
        b.hits
            .iter()
            .filter(|h| h.source == Source::Term(2))
            .count(),
        1
    );
}

#[test]
fn negation_and_boosters_change_term_weights() {
    let f = framer(Context::Sentence);
    let not = f.score_text("The Bolsheviks were not traitors.");
    assert!((not.mentions[0].dimensions[1] - (-0.9 * NEGATION_SCALAR)).abs() < 1e-12);
    // "never" two tokens before still negates.
    let never = f.score_text("The Mensheviks never were traitors.");
    assert!((never.mentions[0].dimensions[1] - (-0.9 * NEGATION_SCALAR)).abs() < 1e-12);
    // Four tokens before: too far.
    let far = f.score_text("Not that the Mensheviks were then traitors.");
    assert_eq!(far.mentions[0].dimensions[1], -0.9);
    let very = f.score_text("The Bolsheviks were very heroic.");
    assert!((very.mentions[0].dimensions[0] - 0.5 * 1.293).abs() < 1e-12);
    let slightly = f.score_text("The Bolsheviks were slightly heroic.");
    assert!((slightly.mentions[0].dimensions[0] - 0.5 * (1.0 - 0.293)).abs() < 1e-12);
}

#[test]
fn longest_term_wins_and_scores_are_limited() {
    let f = framer(Context::Sentence);
    // "without bloodshed" is one term (+0.3), and "without" does not negate it.
    let found = f.score_text("The Bolsheviks won without bloodshed.");
    assert_eq!(found.mentions[0].dimensions[0], 0.3);
    // Three -0.9 terms sum to -2.7, limited to -1.
    let many = f.score_text("Treacherous, treacherous traitors, the Mensheviks.");
    assert_eq!(many.mentions[0].dimensions[1], -1.0);
}

#[test]
fn faction_names_neutral_words_and_curly_quotes() {
    let f = framer(Context::Sentence);
    // "Freedom" is VADER-positive but is part of a faction name here; "party" is neutral.
    let name = f.score_text("The Freedom Party met.");
    assert_eq!(name.mentions[0].valence, 0.0);
    assert!(name.mentions[0].hits.is_empty());
    let neutral = f.score_text("The party of the Bolsheviks met.");
    assert_eq!(neutral.mentions[0].valence, 0.0);
    // Plain VADER does score "party" (its lexicon gives it +1.7).
    assert!(Vader::new().polarity_scores("The party met.").compound > 0.0);
    // Curly quotes: plain VADER misses ‘liars’, the historical mode does not.
    let curly = "The Mensheviks were \u{2018}liars\u{2019} and \u{2018}traitors\u{2019}.";
    assert_eq!(Vader::new().polarity_scores(curly).compound, 0.0);
    let found = f.score_text(curly);
    assert!(found.mentions[0].valence < 0.0);
    assert_eq!(found.mentions[0].dimensions[1], -0.9);
}

#[test]
fn lowercase_cadets_are_not_the_party() {
    let f = framer(Context::Sentence);
    let found = f.score_text("The cadets held the bridge; the Cadets held a meeting.");
    assert_eq!(found.mentions.len(), 1);
    assert_eq!(found.mentions[0].alias, "Cadets");
}

#[test]
fn voice_follows_quotation_marks_across_sentences() {
    let f = framer(Context::Sentence);
    let text = "The Bolsheviks spoke. \u{201C}The Mensheviks lied. The Cadets too,\u{201D} \
                he said of the Bolsheviks.";
    let found = f.score_text(text);
    let voices: Vec<(&str, &str)> = found
        .mentions
        .iter()
        .map(|m| (m.alias.as_str(), m.voice.as_str()))
        .collect();
    assert_eq!(
        voices,
        [
            ("Bolsheviks", "narrator"),
            ("Mensheviks", "quoted"),
            ("Cadets", "quoted"),
            ("Bolsheviks", "narrator")
        ]
    );
    // Offsets point at the original text.
    let m = &found.mentions[1];
    assert_eq!(&text[m.offset as usize..][..10], "Mensheviks");
}

#[test]
fn quoted_ranges_handle_apostrophes_and_single_quotes() {
    let text = "The soldiers' committee said 'the Bolsheviks' men are ours' and left.";
    let q = quoted_ranges(text);
    assert_eq!(q.len(), 1);
    assert_eq!(&text[q[0].clone()], "the Bolsheviks");
    // An unclosed quotation runs to the end of the paragraph.
    let open = "He wrote: \"The Cadets fled. All of them.";
    assert_eq!(
        &open[quoted_ranges(open)[0].clone()],
        "The Cadets fled. All of them."
    );
    assert!(quoted_ranges("Kerensky's men and the workers' militia.").is_empty());
}

#[test]
fn window_context_reaches_across_sentences_within_k() {
    let f = framer(Context::Window(2));
    // Sentence context: "treacherous" is in the other sentence.
    let s = framer(Context::Sentence).score_text("Treacherous men. The Mensheviks came.");
    assert_eq!(s.mentions[0].dimensions[1], 0.0);
    let w = f.score_text("Treacherous men. The Mensheviks came.");
    assert_eq!(w.mentions[0].dimensions[1], 0.0, "3 tokens away");
    let w = f.score_text("Treacherous. The Mensheviks came.");
    assert_eq!(w.mentions[0].dimensions[1], -0.9, "2 tokens away");
}

#[test]
fn first_person_phrases_need_the_manifest() {
    let f = framer(Context::Sentence);
    assert!(f.score_text("We were not traitors.").mentions.is_empty());
    let mut doc = Document::bare("t", "t.txt");
    doc.author_faction = "bolsheviks".into();
    doc.first_person = vec!["we".into(), "our party".into()];
    let f = f.for_document(&doc).unwrap();
    let found = f.score_text("We were not traitors, and our party grew.");
    let kinds: Vec<(&str, MentionKind, &str)> = found
        .mentions
        .iter()
        .map(|m| (m.alias.as_str(), m.kind, id(&f, m).leak() as &str))
        .collect();
    assert_eq!(
        kinds,
        [
            ("We", MentionKind::FirstPerson, "bolsheviks"),
            ("our party", MentionKind::FirstPerson, "bolsheviks")
        ]
    );
    doc.author_faction = "whites".into();
    let err = framer(Context::Sentence).for_document(&doc).unwrap_err();
    assert!(err.to_string().contains("author_faction 'whites'"));
}

/// The compact groups built from the mention log are the dense groups' compact form, with
/// first-person mentions in or out.
#[test]
fn sparse_groups_match_the_dense_groups() {
    use crate::stats::bootstrap::SparseGroups;
    use summary::{bootstrap_groups, sparse_groups, DocumentFraming};
    let framer = Framer::new(
        FactionSet::load_default().unwrap(),
        Lexicon::load_default().unwrap(),
        Context::Sentence,
    );
    let texts = [
        "The treacherous Mensheviks fled; the heroic Bolsheviks stayed.",
        "Nothing here.",
        "\"The Cadets lied,\" he said. The Cadets were honest and weak.",
        "The Bolsheviks and the Mensheviks, the Mensheviks again.",
    ];
    let mut doc = DocumentFraming::with_spill(crate::count::spill::Spill::new(0));
    for (k, text) in texts.iter().cycle().take(40).enumerate() {
        doc.add(5 + k as u32 % 7, Some(framer.score_text(text)));
    }
    doc.finish();
    for first_person in [true, false] {
        let dense = bootstrap_groups(&framer, &doc, first_person).unwrap();
        let (keys, sparse) = sparse_groups(&framer, &doc, first_person).unwrap();
        assert_eq!(keys, dense.keys);
        assert_eq!(
            sparse,
            SparseGroups::from_groups(&dense.groups, dense.width)
        );
    }
}

/// The room `sparse_groups` reserves holds every entry (so building never grows a vector)
/// and is not wildly more than needed, on the shipped corpus.
#[test]
fn sparse_groups_fit_the_room_reserved_for_them() {
    use crate::corpus::Corpus;
    use crate::run::{Analyzer, Config};
    use summary::sparse_groups;
    let framer = framer(Context::Sentence);
    let mut config = Config::default();
    config.count.framing = Some(framer.clone());
    let corpus = Corpus::load_default().unwrap();
    let analysis = Analyzer::new(config).run(&corpus).unwrap();
    let mut checked = 0;
    for doc in &analysis.framing {
        for first_person in [true, false] {
            let (_, groups) = sparse_groups(&framer, doc, first_person).unwrap();
            let (valued, entries, room) = groups.stored();
            let (valued_bound, entries_bound) = doc.reserved();
            assert!(valued <= valued_bound && entries <= entries_bound);
            assert_eq!(room, entries_bound, "the entries' vector never grew");
            if first_person {
                // (Leaving first-person mentions out leaves their room unused.)
                let loose = entries_bound as f64 / entries.max(1) as f64;
                assert!(loose <= 2.0, "{entries_bound} for {entries}");
            }
            checked += entries;
        }
    }
    assert!(checked > 1000);
}
