use super::*;
use crate::framing::factions::FactionSet;
use crate::framing::lexicon::Lexicon;
use crate::framing::{Context, Framer};

/// A framer that keeps the stance features (and parses, with a syntax model).
fn keeping_features(syntax: Option<crate::syntax::Model>) -> Framer {
    Framer::new(
        FactionSet::load_default().unwrap(),
        Lexicon::load_default().unwrap(),
        Context::Sentence,
    )
    .with_stance(StanceSetup {
        verbs: VerbLexicon::load_default().unwrap(),
        model: None,
        keep_features: true,
        syntax: syntax.map(std::sync::Arc::new),
    })
}

/// Each mention's features of `text`, by alias.
fn features(text: &str) -> Vec<(String, Vec<(String, f64)>)> {
    keeping_features(None)
        .score_text(text)
        .mentions
        .into_iter()
        .map(|m| (m.alias, m.features))
        .collect()
}

fn get(f: &[(String, f64)], name: &str) -> f64 {
    f.iter().filter(|(n, _)| n == name).map(|(_, v)| v).sum()
}

#[test]
fn roles_follow_voice_and_place() {
    let found = features("The Cossacks routed the Mensheviks.");
    let (cossacks, mensheviks) = (&found[0].1, &found[1].1);
    assert_eq!(get(mensheviks, "verb:rout:patient"), 1.0);
    assert_eq!(get(mensheviks, "patient_polarity"), -1.0);
    assert_eq!(get(cossacks, "verb:rout:agent"), 1.0);

    let passive = &features("The Mensheviks were swept aside.")[0].1;
    assert_eq!(get(passive, "verb:sweep aside:patient"), 1.0);
    assert_eq!(get(passive, "verb:sweep aside:agent"), 0.0);

    let by = &features("The workers were betrayed by the Mensheviks.");
    assert_eq!(get(&by[0].1, "verb:betray:patient"), 1.0);
    assert_eq!(get(&by[1].1, "verb:betray:agent"), 1.0);
    assert_eq!(get(&by[1].1, "prep:by"), 1.0);

    let negated = &features("The Bolsheviks did not betray the workers.")[0].1;
    assert_eq!(get(negated, "verb:betray:agent"), -1.0);
    assert_eq!(get(negated, "agent_polarity"), 1.0);
}

#[test]
fn the_clause_bounds_the_words() {
    let found = features("The Cadets were cruel and treacherous, but the Bolsheviks were kind.");
    let (cadets, bolsheviks) = (&found[0].1, &found[1].1);
    assert!(get(cadets, "clause_negative") < 0.0);
    assert_eq!(get(cadets, "clause_positive"), 0.0);
    assert_eq!(get(bolsheviks, "clause_negative"), 0.0);
    assert!(get(bolsheviks, "clause_positive") > 0.0);
    assert!(get(bolsheviks, "predicate_valence") > 0.0);
    assert_eq!(get(bolsheviks, "l:cruel"), 0.0);
    assert_eq!(get(bolsheviks, "r:kind"), 1.0);
}

#[test]
fn the_faction_is_a_feature() {
    let found = features("The Cossacks routed the Mensheviks.");
    assert_eq!(get(&found[0].1, "fac:cossacks"), 1.0);
    assert_eq!(get(&found[1].1, "fac:mensheviks"), 1.0);
    assert_eq!(get(&found[1].1, "fac:cossacks"), 0.0);
}

#[test]
fn scare_quotes_and_questions() {
    let f = &features("Were the \"Socialist\" ministers honest?")[0].1;
    assert_eq!(get(f, "question"), 1.0);
    assert_eq!(get(f, "quoted"), 1.0);
    assert_eq!(get(f, "scare_quotes"), 1.0);
}

/// Examples whose stance follows one signal, with noise words, in `groups` documents.
fn toy(groups: &[&str]) -> Vec<Example> {
    let mut out = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        for k in 0..30 {
            let stance = (k % 3) as i8 - 1;
            let signal = stance as f64 * 0.6 + ((k * 7 + g) % 5) as f64 / 20.0 - 0.1;
            out.push(Example {
                features: vec![
                    ("bias".into(), 1.0),
                    ("clause_positive".into(), signal),
                    (format!("l:w{}", k % 4), 1.0),
                ],
                stance,
                group: group.to_string(),
            });
        }
    }
    out
}

#[test]
fn fitting_is_deterministic_and_reaches_the_optimum() {
    let data = toy(&["a", "b"]);
    let refs: Vec<&Example> = data.iter().collect();
    let options = TrainOptions::default();
    let a = fit(&refs, &options, vec!["n".into()]).to_text();
    let b = fit(&refs, &options, vec!["n".into()]).to_text();
    assert_eq!(a, b);
    let model = StanceModel::parse(&a, "m.csv".as_ref()).unwrap();
    // The signal orders the classes: its weight grows from -1 to +1.
    let w = model.weights("clause_positive").unwrap();
    assert!(w[0] < w[1] && w[1] < w[2], "{w:?}");
    let right = data
        .iter()
        .filter(|e| model.score(&e.features).stance == e.stance)
        .count();
    assert!(right * 10 >= data.len() * 9, "{right} of {}", data.len());
}

#[test]
fn cross_validation_never_sees_the_held_out_labels() {
    let data = toy(&["a", "b", "c"]);
    let options = TrainOptions {
        lambdas: vec![0.001, 0.1],
        ..TrainOptions::default()
    };
    let (before, _) = cross_validate(&data, &options);
    // Scramble the labels of document "a": its predictions must not move.
    let mut changed = data.clone();
    for e in changed.iter_mut().filter(|e| e.group == "a") {
        e.stance = -e.stance;
    }
    let (after, _) = cross_validate(&changed, &options);
    for (k, e) in data.iter().enumerate() {
        if e.group == "a" {
            assert_eq!(before[k], after[k]);
        }
    }
}

#[test]
fn a_verb_form_in_two_rows_is_an_error() {
    let err = VerbLexicon::parse(
        "lemma,forms,agent,patient,class\nrout,rout|routed,0,-1,defeat\nroute,routed,0,0,x\n",
        "v.csv".as_ref(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "v.csv:3: form \"routed\" is listed already at line 2; keep it in one row"
    );
}

#[test]
fn the_parse_gives_roles_and_relations() {
    let framer = keeping_features(Some(crate::syntax::Model::load_default().unwrap()));
    let found = framer
        .score_text("The Cossacks betrayed the workers.")
        .mentions;
    let (cossacks, workers) = (&found[0].features, &found[1].features);
    assert_eq!(get(cossacks, "dep:nsubj"), 1.0);
    assert_eq!(get(cossacks, "synverb:betray:agent"), 1.0);
    assert_eq!(get(cossacks, "syn_agent_polarity"), -1.0);
    assert_eq!(get(workers, "dep:obj"), 1.0);
    assert_eq!(get(workers, "syn_patient_polarity"), 0.5);
}
