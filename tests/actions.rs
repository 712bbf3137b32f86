//! Faction actions: the roles of faction mentions measured against the hand-parsed gold
//! sentences of the memoirs (corpora/gold/syntax/gold.conllu), and the `actions` command.
//!
//! `cargo test --test actions -- --nocapture` prints the figures quoted in docs/framing.md.

mod common;

use std::collections::BTreeSet;

use common::{run_err, run_ok, tempdir, tempdir_with, write};
use corpus_lens::factions::FactionSet;
use corpus_lens::framing::actions::role_of;
use corpus_lens::syntax::{conllu, Model};

const GOLD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/corpora/gold/syntax/gold.conllu"
);

/// (sentence, mention start, role, verb lemma) of every faction mention with a role.
type Triple = (usize, usize, &'static str, String);

#[test]
fn roles_against_the_gold_parses() {
    let gold = conllu::read_file(GOLD).unwrap();
    let factions = FactionSet::load_default().unwrap();
    let model = Model::load_default().unwrap();
    let (mut with_mentions, mut mentions) = (0, 0);
    let (mut gold_triples, mut predicted) = (BTreeSet::new(), BTreeSet::new());
    let (mut gold_roles, mut predicted_roles) = (BTreeSet::new(), BTreeSet::new());
    for (k, sentence) in gold.iter().enumerate() {
        let forms: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
        let folded: Vec<String> = forms.iter().map(|f| f.to_lowercase()).collect();
        let found = factions.find(&folded, &forms, &vec![0; forms.len()]);
        if found.is_empty() {
            continue;
        }
        with_mentions += 1;
        mentions += found.len();
        let parse = model.analyze(&forms);
        for m in &found {
            let add = |s: &conllu::Sentence,
                       triples: &mut BTreeSet<Triple>,
                       roles: &mut BTreeSet<(usize, usize, &'static str)>| {
                if let Some(r) = role_of(s, m.start, m.len) {
                    triples.insert((k, m.start, r.role.name(), r.lemma));
                    roles.insert((k, m.start, r.role.name()));
                }
            };
            add(sentence, &mut gold_triples, &mut gold_roles);
            add(&parse, &mut predicted, &mut predicted_roles);
        }
    }
    let right = gold_triples.intersection(&predicted).count();
    let roles_right = gold_roles.intersection(&predicted_roles).count();
    let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let (precision, recall) = (
        ratio(right, predicted.len()),
        ratio(right, gold_triples.len()),
    );
    println!(
        "gold sentences {}, with a faction mention {with_mentions}, mentions {mentions}; \
         (mention, role, verb) in gold {}, predicted {}, both {right}: precision {precision:.3}, \
         recall {recall:.3}; (mention, role) precision {:.3}, recall {:.3}",
        gold.len(),
        gold_triples.len(),
        predicted.len(),
        ratio(roles_right, predicted_roles.len()),
        ratio(roles_right, gold_roles.len()),
    );
    for t in predicted.symmetric_difference(&gold_triples) {
        let side = if gold_triples.contains(t) {
            "missed"
        } else {
            "wrong"
        };
        println!("  {side}: {} {t:?}", gold[t.0].text().unwrap_or(""));
    }
    assert!(
        with_mentions >= 10,
        "{with_mentions} gold sentences with a mention"
    );
    assert!(gold_triples.len() >= 10);
    assert!(precision >= 0.6 && recall >= 0.5, "{precision} {recall}");
}

#[test]
fn the_actions_command_writes_both_tables() {
    let dir = tempdir();
    let here = dir.path();
    write(
        here,
        "memoir.txt",
        "The Bolsheviks seized the station.\n\nThe Mensheviks were swept aside by the \
         Bolsheviks.\n\nThe Cadets fled.\n",
    );
    write(
        here,
        "verbs.csv",
        "verb,agency,power\nseize,+,agent\nsweep,+,agent\n",
    );
    let args = [
        "actions",
        "--agency-lexicon",
        "verbs.csv",
        "memoir.txt",
        "--out",
        "out",
    ];
    run_ok(here, args);
    let out = here.join("out");
    let actions = std::fs::read_to_string(out.join("faction_actions.csv")).unwrap();
    let mut lines = actions.lines();
    assert_eq!(
        lines.next().unwrap(),
        "document,faction,faction_label,role,verb_lemma,count,negated,agency,power,agency_score,\
         power_score,line,byte_offset,page"
    );
    let rows: Vec<&str> = lines.collect();
    // Each row cites its first mention: line and byte offset of the faction's name.
    assert!(rows.contains(&"memoir,bolsheviks,Bolsheviks,agent,seize,1,0,+,agent,1.0,1.0,1,4,"));
    assert!(rows.contains(&"memoir,bolsheviks,Bolsheviks,agent,sweep,1,0,+,agent,1.0,1.0,3,75,"));
    assert!(rows.contains(&"memoir,mensheviks,Mensheviks,patient,sweep,1,0,+,agent,0.0,-1.0,3,40,"));
    let agency = std::fs::read_to_string(out.join("faction_agency.csv")).unwrap();
    assert!(agency.contains("memoir,bolsheviks,Bolsheviks,agent_share,2,0,2,2,2,1.0,"));
    // A malformed lexicon is bad input: exit 1, naming the file and line.
    write(here, "verbs.csv", "verb,agency,power\nseize,maybe,agent\n");
    run_err(here, args, 1).assert_stderr_has(&["verbs.csv:2: agency \"maybe\""]);
}

#[test]
fn analyze_with_actions_writes_the_same_tables_as_actions() {
    let paragraph = "The Bolsheviks seized the station. The junkers were disarmed by the \
                     Red Guards, and the Cadets fled.\n\n";
    let dir = tempdir_with("memoir.txt", paragraph.repeat(6));
    let here = dir.path();
    run_ok(here, ["actions", "memoir.txt", "--out", "alone"]);
    run_ok(here, ["analyze", "--actions", "memoir.txt", "--out", "all"]);
    for table in ["faction_actions.csv", "faction_agency.csv"] {
        let a = std::fs::read(here.join("alone").join(table)).unwrap();
        assert_eq!(
            a,
            std::fs::read(here.join("all").join(table)).unwrap(),
            "{table}"
        );
        assert!(a.len() > 200, "{table}");
    }
}
