//! Parity with `vader-parity` (the oracle, itself pinned to Python vaderSentiment 3.3.2),
//! the README's published values, and the mask / neutral-word behaviour.

// Masks are lists of byte ranges; a list of one range is meant.
#![allow(clippy::single_range_in_vec_init)]

use std::ops::Range;
use std::sync::OnceLock;

use super::analyzer::python_round;
use super::lexicon::{B_DECR, B_INCR, HAS_LEX};
use super::rules::N_SCALAR;
use super::*;
use proptest::prelude::*;
use vader_parity::SentimentIntensityAnalyzer;

fn oracle() -> &'static SentimentIntensityAnalyzer {
    static ORACLE: OnceLock<SentimentIntensityAnalyzer> = OnceLock::new();
    ORACLE.get_or_init(SentimentIntensityAnalyzer::new)
}

fn bits(s: Scores) -> [u64; 4] {
    [
        s.compound.to_bits(),
        s.pos.to_bits(),
        s.neu.to_bits(),
        s.neg.to_bits(),
    ]
}

/// Our scores (from `polarity_scores` and from `analyze` without masks) against the oracle,
/// bit for bit; and the reported token valences against `S`.
fn check(text: &str, analysis: &mut Analysis) -> std::result::Result<(), String> {
    let vader = Vader::standard();
    let ours = vader.polarity_scores(text);
    let o = oracle().polarity_scores(text);
    let theirs = Scores {
        compound: o.compound,
        pos: o.pos,
        neu: o.neu,
        neg: o.neg,
    };
    if bits(ours) != bits(theirs) {
        return Err(format!("{text:?}: ours {ours:?}, vader-parity {theirs:?}"));
    }
    vader.analyze(text, &[], analysis);
    if bits(analysis.scores) != bits(ours) {
        return Err(format!("{text:?}: analyze {:?}", analysis.scores));
    }
    for t in &analysis.tokens {
        if t.valence == 0.0 || !text.is_char_boundary(t.span.start) || t.span.end > text.len() {
            return Err(format!("{text:?}: bad token {t:?}"));
        }
    }
    let sum = neumaier(analysis.tokens.iter().map(|t| t.valence));
    let int_idiom = analysis
        .tokens
        .iter()
        .any(|t| matches!(t.valence, 3.0 | -2.0));
    if sum != analysis.valence_sum() && !int_idiom {
        return Err(format!(
            "{text:?}: tokens sum to {sum}, S = {}",
            analysis.valence_sum()
        ));
    }
    Ok(())
}

/// Compensated summation as Python 3.12's `sum` over floats.
fn neumaier(values: impl Iterator<Item = f64>) -> f64 {
    let (mut sum, mut c) = (0.0_f64, 0.0_f64);
    for x in values {
        let t = sum + x;
        if sum.abs() >= x.abs() {
            c += (sum - t) + x;
        } else {
            c += (x - t) + sum;
        }
        sum = t;
    }
    if c != 0.0 && c.is_finite() {
        sum += c;
    }
    sum
}

/// The sentences of a text, as `scripts/bench_sentiment.sh` splits them: whitespace runs
/// collapsed, a break after `.`, `!` or `?` followed by whitespace.
fn sentences(text: &str) -> Vec<String> {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    let mut start = 0;
    let b = collapsed.as_bytes();
    for i in 0..b.len() {
        if b[i] == b' ' && i > 0 && matches!(b[i - 1], b'.' | b'!' | b'?') {
            out.push(collapsed[start..i].to_string());
            start = i + 1;
        }
    }
    out.push(collapsed[start..].to_string());
    out.retain(|s| !s.trim().is_empty());
    out
}

#[test]
fn every_corpus_sentence_and_line_matches_vader_parity() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 8, "corpora missing: {paths:?}");
    let mut analysis = Analysis::default();
    let (mut checked, mut failures) = (0, Vec::new());
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let lines = text.lines().map(str::to_string);
        for unit in sentences(&text).into_iter().chain(lines) {
            checked += 1;
            if let Err(e) = check(&unit, &mut analysis) {
                failures.push(e);
            }
        }
    }
    assert!(checked > 50_000, "{checked}");
    assert!(
        failures.is_empty(),
        "{} of {checked} differ: {:#?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
}

/// Words for generated sentences: lexicon words, boosters and dampeners, negations, the
/// words the rules name, idiom words, emoticons, emoji, curly quotes, numbers, non-ASCII.
const VOCAB: &[&str] = &[
    "good",
    "bad",
    "great",
    "terrible",
    "love",
    "hate",
    "happy",
    "sad",
    "smart",
    "funny",
    "handsome",
    "horrible",
    "nice",
    "success",
    "party",
    "free",
    "hope",
    "fear",
    "war",
    "peace",
    "kill",
    "enemy",
    "glory",
    "cruel",
    "no",
    "yes",
    "lol",
    "sux",
    "wtf",
    ":)",
    ":(",
    ":-D",
    "<3",
    "very",
    "so",
    "extremely",
    "really",
    "slightly",
    "barely",
    "kinda",
    "sort",
    "kind",
    "of",
    "more",
    "most",
    "little",
    "hardly",
    "sorta",
    "kind-of",
    "not",
    "never",
    "isn't",
    "without",
    "don't",
    "nor",
    "or",
    "nothing",
    "cannot",
    "aint",
    "wasnt",
    "doesn't",
    "won't",
    "n't",
    "but",
    "least",
    "at",
    "this",
    "doubt",
    "just",
    "enough",
    "the",
    "shit",
    "bomb",
    "bad",
    "ass",
    "to",
    "die",
    "for",
    "yeah",
    "right",
    "bus",
    "stop",
    "beating",
    "heart",
    "kiss",
    "death",
    "badass",
    "was",
    "a",
    "he",
    "it",
    "and",
    "Soviet",
    "1917",
    "3.5",
    "100%",
    "😀",
    "💖",
    "🔛",
    "🆙",
    "©",
    "😡",
    "👍",
    "❤",
    "😂",
    "good😀",
    "😀😀",
    "“good”",
    "‘bad’",
    "“",
    "”",
    "—",
    "…",
    "ÉTÉ",
    "Σ",
    "ΑΣ",
    "İyi",
    "naïve",
    "ß",
    "ǅ",
    "GOOD",
    "Bad",
];
const PUNCT: &[&str] = &[
    "", "", "", "", "!", "?", "!!!", "??", "?!", "...", ",", ".", "-", "'",
];
const SEPARATORS: &[&str] = &[" ", " ", " ", " ", "  ", "\t", "\u{a0}", "\n", "", "\u{1c}"];

fn sentence(parts: &[(usize, u8, usize, usize)]) -> String {
    let mut out = String::new();
    for &(w, case, p, sep) in parts {
        let word = VOCAB[w % VOCAB.len()];
        match case % 4 {
            0 | 1 => out.push_str(word),
            2 => out.push_str(&word.to_uppercase()),
            _ => {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(chars.as_str());
                }
            }
        }
        out.push_str(PUNCT[p % PUNCT.len()]);
        out.push_str(SEPARATORS[sep % SEPARATORS.len()]);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn generated_sentences_match_vader_parity(
        parts in prop::collection::vec((0..VOCAB.len(), 0u8..4, 0..PUNCT.len(), 0..SEPARATORS.len()), 0..24)
    ) {
        let text = sentence(&parts);
        let mut analysis = Analysis::default();
        prop_assert!(check(&text, &mut analysis).is_ok(), "{}", check(&text, &mut analysis).unwrap_err());
    }

    #[test]
    fn arbitrary_strings_match_vader_parity(text in "\\PC{0,40}") {
        let mut analysis = Analysis::default();
        prop_assert!(check(&text, &mut analysis).is_ok(), "{}", check(&text, &mut analysis).unwrap_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Long texts with "but" take the indexed path of the "but" rule.
    #[test]
    fn long_texts_match_vader_parity(
        parts in prop::collection::vec((0..VOCAB.len(), 0u8..4, 0..PUNCT.len(), 0..4usize), 250..700)
    ) {
        let text = format!("{} but {}", sentence(&parts[..parts.len() / 3]), sentence(&parts[parts.len() / 3..]));
        let mut analysis = Analysis::default();
        prop_assert!(check(&text, &mut analysis).is_ok(), "{}", check(&text, &mut analysis).unwrap_err());
    }
}

#[test]
fn rule_corner_cases_match_vader_parity() {
    let cases = [
        "",
        " ",
        "!!!",
        "is?",
        "no",
        "no good",
        "no no no",
        "good no",
        "not bad or good",
        "no problem or nor issue",
        "It was never so good",
        "It was never this bad",
        "This is so good",
        "without doubt good",
        "without any doubt good",
        "He is at least smart",
        "He is very least smart",
        "least smart",
        "He is the least smart",
        "The book was kind of good.",
        "kind of",
        "It was kind",
        "The food was the shit",
        "the bomb is good",
        "yeah right it is good",
        "I would kiss of death good",
        "a cake to die for good",
        "to die for good",
        "beating heart good",
        "my bus stop good",
        "sort of good",
        "x just enough good",
        "good but bad but good",
        "But good",
        "good good but good good",
        "bad ass good",
        "GOOD",
        "GOOD bad",
        "VERY good",
        "very GOOD things",
        "not VERY good at all",
        "Today SUX!",
        "Today only kinda sux! But I'll get by, lol",
        "Make sure you :) or :D today!",
        "Catch utf-8 emoji such as 💘 and 💋 and 😁",
        "Not bad at all",
        "These are the shittiest of times",
        "good???",
        "good????",
        "bad!!!!!!",
        "good?!?!",
        "“Good”",
        "ΑΣ ΣΑ good",
        "İyi GOOD",
        "naïve GOOD",
        "😀",
        "😀😀 good",
        "good😀bad",
        "🔛🆙 great",
        "©2020 love",
        "a\u{1c}good\u{a0}day\u{2003}indeed",
    ];
    let mut analysis = Analysis::default();
    for text in cases {
        check(text, &mut analysis).unwrap();
    }
    // Every ASCII byte and some wider characters between words (whitespace or not), in
    // texts shorter and longer than the 64 bytes the ASCII tokenizer reads at a time.
    let wide = [
        '\u{85}', '\u{a0}', '\u{2028}', '\u{3000}', '\u{200b}', '“', 'é',
    ];
    for c in (0u8..128).map(char::from).chain(wide) {
        for text in [
            format!("good{c}bad{c}{c}GREAT{c}"),
            format!("{c}It was NOT{c}so very good,{c}but the end{c}was a great{c}success!{c}{c}and no doubt"),
        ] {
            check(&text, &mut analysis).unwrap();
        }
    }
}

/// The examples of the vaderSentiment README, with the values Python vaderSentiment 3.3.2
/// prints for them (checked by running it; the README's own printout predates 3.3.2 for
/// "At least it isn't a horrible book." and the emoji line, and agrees on the rest).
#[test]
fn readme_examples_have_their_published_values() {
    let cases = [
        (
            "VADER is smart, handsome, and funny.",
            0.8316,
            0.746,
            0.254,
            0.0,
        ),
        (
            "VADER is smart, handsome, and funny!",
            0.8439,
            0.752,
            0.248,
            0.0,
        ),
        (
            "VADER is very smart, handsome, and funny.",
            0.8545,
            0.701,
            0.299,
            0.0,
        ),
        (
            "VADER is VERY SMART, handsome, and FUNNY.",
            0.9227,
            0.754,
            0.246,
            0.0,
        ),
        (
            "VADER is VERY SMART, handsome, and FUNNY!!!",
            0.9342,
            0.767,
            0.233,
            0.0,
        ),
        (
            "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
            0.9469,
            0.706,
            0.294,
            0.0,
        ),
        (
            "VADER is not smart, handsome, nor funny.",
            -0.7424,
            0.0,
            0.354,
            0.646,
        ),
        ("The book was good.", 0.4404, 0.492, 0.508, 0.0),
        (
            "At least it isn't a horrible book.",
            0.431,
            0.322,
            0.678,
            0.0,
        ),
        ("The book was only kind of good.", 0.3832, 0.303, 0.697, 0.0),
        (
            "The plot was good, but the characters are uncompelling and the dialog is not great.",
            -0.7042,
            0.094,
            0.579,
            0.327,
        ),
        ("Today SUX!", -0.5461, 0.0, 0.221, 0.779),
        (
            "Today only kinda sux! But I'll get by, lol",
            0.5249,
            0.317,
            0.556,
            0.127,
        ),
        ("Make sure you :) or :D today!", 0.8633, 0.706, 0.294, 0.0),
        (
            "Catch utf-8 emoji such as 💘 and 💋 and 😁",
            0.875,
            0.417,
            0.583,
            0.0,
        ),
        ("Not bad at all", 0.431, 0.487, 0.513, 0.0),
        ("The book was kind of good.", 0.3832, 0.343, 0.657, 0.0),
    ];
    let vader = Vader::standard();
    for (text, compound, pos, neu, neg) in cases {
        let s = vader.polarity_scores(text);
        assert_eq!(
            (s.compound, s.pos, s.neu, s.neg),
            (compound, pos, neu, neg),
            "{text}"
        );
    }
}

#[test]
fn tables_have_the_reference_sizes() {
    let vader = Vader::new();
    let lexicon = vader
        .words
        .values()
        .filter(|w| w.flags & HAS_LEX != 0)
        .count();
    assert_eq!(lexicon, 7506);
    assert_eq!(vader.emojis.len(), 1212);
    assert_eq!(vader.words.get("good").lex, 1.9);
    assert_eq!(vader.words.get("so").boost, B_INCR);
    assert_eq!(vader.words.get("kinda").boost, B_DECR);
    assert_eq!(vader.specials.len(), 8);
    assert_eq!(vader.booster_ngrams.len(), 3);
    fn clone_send_sync<T: Clone + Send + Sync>() {}
    clone_send_sync::<Vader>();
    assert!(format!("{vader:?}").contains("7506"));
}

#[test]
fn neutral_words_lose_their_valence_only() {
    let text = "The party was a great success";
    let vader = Vader::standard();
    let mut a = Analysis::default();
    vader.analyze(text, &[], &mut a);
    assert!(vader.polarity_scores(text).compound > 0.0);
    assert!(a
        .tokens
        .iter()
        .any(|t| &text[t.span.clone()] == "party" && t.valence == 1.7));

    // As if "party" were not in the lexicon: like a word that is not.
    let neutral = Vader::new().with_neutral(["party"]);
    let absent = vader.polarity_scores("The xyzzy was a great success");
    assert_eq!(neutral.polarity_scores(text), absent);
    assert!(absent.compound > 0.0 && absent.compound < vader.polarity_scores(text).compound);
    // Words are lowercased; unknown words change nothing.
    assert_eq!(
        Vader::new()
            .with_neutral(["PARTY", "qqqq"])
            .polarity_scores(text),
        absent
    );
    // A neutral word keeps its roles (negation, booster, idiom word): the same as masking
    // every occurrence of it.
    let words = ["no", "bomb", "good", "heart"];
    let neutral = Vader::new().with_neutral(words);
    for text in [
        "no good",
        "No good, no bad",
        "the bomb was good x",
        "beating heart good",
        "no GOOD at all but a good heart",
    ] {
        let lower = text.to_lowercase();
        let masks: Vec<Range<usize>> = words
            .iter()
            .flat_map(|w| lower.match_indices(w).map(|(at, w)| at..at + w.len()))
            .collect();
        vader.analyze(text, &masks, &mut a);
        assert_eq!(neutral.polarity_scores(text), a.scores, "{text}");
    }
    // "no" is -1.2, but before a lexicon word it gives its valence up for negating it.
    assert_eq!(
        Vader::new().with_neutral(["no"]).polarity_scores("no good"),
        vader.polarity_scores("no good")
    );
}

fn normalize_for_test(s: f64) -> f64 {
    s / (s * s + 15.0).sqrt()
}

#[test]
fn masked_tokens_score_as_absent_from_the_lexicon() {
    let vader = Vader::standard();
    let text = "The party was a great success";
    let mut a = Analysis::default();
    // Mask "party" (4..9), by any overlap; empty ranges mask nothing.
    for masks in [vec![4..9], vec![6..7], vec![8..9, 0..0], vec![21..22, 5..6]] {
        vader.analyze(text, &masks, &mut a);
        let spans: Vec<&str> = a.tokens.iter().map(|t| &text[t.span.clone()]).collect();
        assert_eq!(spans, ["great", "success"], "{masks:?}");
        assert_eq!(
            a.scores,
            Vader::new().with_neutral(["party"]).polarity_scores(text)
        );
    }
    vader.analyze(text, &[9..9, 3..4], &mut a);
    assert_eq!(a.tokens.len(), 3);
    assert_eq!(a.scores, vader.polarity_scores(text));
    // Unsorted, overlapping masks over "party" and "success".
    vader.analyze(text, &[22..40, 0..5, 2..3], &mut a);
    assert_eq!(a.tokens.len(), 1);
    assert_eq!(
        a.scores,
        vader.polarity_scores("The xyzzy was a great xyzzy")
    );

    // A masked token still counts for neu and still works as a booster or negation.
    for (text, masks, same_as) in [
        ("very good", 0..4, "very good"),
        ("not good", 0..3, "not good"),
        ("no good", 3..7, "no xyzzy"),
        ("no good", 0..2, "no good"),
        ("It was never so good", 11..13, "It was never so good"),
        ("good, but bad", 0..4, "xyzzy, but bad"),
    ] {
        vader.analyze(text, std::slice::from_ref(&masks), &mut a);
        assert_eq!(a.scores, vader.polarity_scores(same_as), "{text} {masks:?}");
        assert!(a
            .tokens
            .iter()
            .all(|t| t.span.start >= masks.end || t.span.end <= masks.start));
    }
    // A masked word still makes an idiom: "the bomb" gives "good" the valence 3.
    vader.analyze("the bomb is good", &[4..8], &mut a);
    assert_eq!(
        a.tokens,
        [TokenValence {
            span: 12..16,
            valence: 3.0
        }]
    );
}

#[test]
fn token_valences_sum_to_s() {
    let vader = Vader::standard();
    let mut a = Analysis::default();
    for text in [
        "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "Not bad at all",
        "It was never so good, without doubt a success; no war, no fear.",
    ] {
        vader.analyze(text, &[], &mut a);
        let s = a.valence_sum();
        assert_eq!(neumaier(a.tokens.iter().map(|t| t.valence)), s, "{text}");
        let ep = text.matches('!').count().min(4) as f64 * 0.292;
        let p = if s > 0.0 { s + ep } else { s - ep };
        assert_eq!(
            python_round(normalize_for_test(p), 4),
            a.scores.compound,
            "{text}"
        );
    }
    vader.analyze("Not bad at all", &[], &mut a);
    assert_eq!(a.tokens.len(), 1);
    assert_eq!(a.tokens[0].span, 4..7);
    assert_eq!(a.tokens[0].valence, -2.5 * N_SCALAR);
    vader.analyze("", &[], &mut a);
    assert_eq!((a.tokens.len(), a.valence_sum()), (0, 0.0));
}

#[test]
fn token_valences_are_analyze_tokens() {
    let vader = Vader::standard();
    let (mut a, mut tokens) = (Analysis::default(), Vec::new());
    for (text, masked) in [
        (
            "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
            vec![],
        ),
        ("The party was a great success", vec![4..9]),
        (
            "Good, but not great! \u{1f600} kind of sad",
            vec![0..4, 30..34],
        ),
        ("", vec![]),
    ] {
        vader.analyze(text, &masked, &mut a);
        vader.token_valences(text, &masked, &mut tokens);
        assert_eq!(tokens, a.tokens, "{text}");
    }
}

#[test]
fn emoji_tokens_span_the_emoji() {
    let vader = Vader::standard();
    let mut a = Analysis::default();
    let text = "I cried 😂 and laughed good😂bad, ©!";
    vader.analyze(text, &[], &mut a);
    let spans: Vec<&str> = a.tokens.iter().map(|t| &text[t.span.clone()]).collect();
    // "face with tears of joy": "tears" and "joy" (twice), and "good"; the second
    // description's "joy" runs into "bad" ("joybad", not in the lexicon).
    assert_eq!(spans, ["cried", "😂", "😂", "laughed", "good", "😂"]);
    let joybad = Vader::standard().polarity_scores(
        "I cried face with tears of joy and laughed good face with tears of joybad, copyright!",
    );
    assert_eq!(a.scores, joybad);
    // "good😂less" reads "good face with tears of joyless": "joyless" spans "😂less", and
    // masking "less" masks it.
    let text = "good😂less day";
    vader.analyze(text, &[], &mut a);
    let spans: Vec<&str> = a.tokens.iter().map(|t| &text[t.span.clone()]).collect();
    assert_eq!(spans, ["good", "😂", "😂less"]);
    vader.analyze(text, &[9..10], &mut a);
    let spans: Vec<&str> = a.tokens.iter().map(|t| &text[t.span.clone()]).collect();
    assert_eq!(spans, ["good", "😂"]);
    // Masking the emoji masks the words of its description.
    let at = text.find('😂').unwrap();
    vader.analyze(text, &[at..at + 1], &mut a);
    assert!(a.tokens.iter().all(|t| t.span.start != at));
}

#[test]
fn python_round_is_cpythons() {
    fn reference(x: f64, d: usize) -> f64 {
        format!("{x:.d$}").parse().unwrap()
    }
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut values = vec![
        0.0625, 0.0005, 0.00005, -0.00004, 2.675, 0.25, -0.0, 0.0, 1.0, -1.0,
    ];
    for k in 0..=20_000u64 {
        for d in [1000.0, 10_000.0, 2000.0, 20_000.0] {
            let x = k as f64 / d;
            let b = x.to_bits();
            values.extend([
                x,
                -x,
                f64::from_bits(b + 1),
                f64::from_bits(b.saturating_sub(1)),
            ]);
        }
    }
    for _ in 0..300_000 {
        let r = next();
        values.push((r >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0);
        values.push(f64::from_bits(r >> 2)); // anything, including subnormals and huge
    }
    values.extend([5e-324, -5e-324, 1e300, f64::MAX, 4.0e9, 123_456.789_05]);
    for x in values {
        if !x.is_finite() {
            continue;
        }
        for d in [3usize, 4] {
            let (ours, theirs) = (python_round(x, d as u32), reference(x, d));
            assert_eq!(ours.to_bits(), theirs.to_bits(), "round({x:e}, {d})");
        }
    }
}
