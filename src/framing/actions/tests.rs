//! Hand-worked roles, the lexicon's scores and the bootstrap interval of the agency table.

use super::*;
use crate::framing::factions::FactionSet;
use crate::framing::summary::SummaryOptions;
use crate::syntax::Model;

fn model() -> Model {
    Model::load_default().expect("syntax model")
}

/// The role and verb lemma of the mention at words `start..start + len` of a sentence.
fn role(model: &Model, words: &[&str], start: usize, len: usize) -> Option<(Role, String)> {
    role_of(&model.analyze(words), start, len).map(|r| (r.role, r.lemma))
}

#[test]
fn hand_worked_sentences() {
    let m = model();
    let patient = |l: &str| Some((Role::Patient, l.to_string()));
    let agent = |l: &str| Some((Role::Agent, l.to_string()));
    assert_eq!(
        role(
            &m,
            &["The", "Mensheviks", "were", "swept", "aside", "."],
            1,
            1
        ),
        patient("sweep")
    );
    assert_eq!(
        role(
            &m,
            &["The", "Bolsheviks", "seized", "the", "station", "."],
            1,
            1
        ),
        agent("seize")
    );
    assert_eq!(
        role(
            &m,
            &["The", "Red", "Guards", "disarmed", "the", "junkers", "."],
            1,
            2
        ),
        agent("disarm")
    );
    assert_eq!(
        role(
            &m,
            &["The", "Red", "Guards", "disarmed", "the", "junkers", "."],
            5,
            1
        ),
        patient("disarm")
    );
    // The by-phrase of a passive is its agent.
    assert_eq!(
        role(
            &m,
            &[
                "The",
                "station",
                "was",
                "taken",
                "by",
                "the",
                "Bolsheviks",
                "."
            ],
            6,
            1
        ),
        agent("take")
    );
    // A noun modifier is no role; nor is the subject of a copula.
    assert_eq!(
        role(
            &m,
            &["The", "leaders", "of", "the", "Cadets", "fled", "."],
            4,
            1
        ),
        None
    );
    assert_eq!(
        role(&m, &["The", "Cadets", "were", "weak", "."], 1, 1),
        None
    );
}

#[test]
fn riveter_scores_of_each_label() {
    let lexicon = AgencyPowerLexicon::parse(
        "verb,agency,power,note\n# a comment\nseize,+,agent,\nobey,-,theme,\nmeet,=,equal,\nsee,,,\n",
        "a.csv".as_ref(),
    )
    .unwrap();
    let score = |verb: &str, role| {
        let f = lexicon.get(verb).unwrap();
        (f.agency_score(role), f.power_score(role))
    };
    assert_eq!(score("seize", Role::Agent), (1.0, 1.0));
    assert_eq!(score("seize", Role::Patient), (0.0, -1.0));
    assert_eq!(score("obey", Role::Agent), (-1.0, -1.0));
    assert_eq!(score("obey", Role::Patient), (0.0, 1.0));
    assert_eq!(score("meet", Role::Agent), (0.0, 0.0));
    assert_eq!(score("see", Role::Patient), (0.0, 0.0));
    assert_eq!(lexicon.len(), 4);
    let twice =
        AgencyPowerLexicon::parse("verb,agency,power\nrout,+,\nrout,-,\n", "a.csv".as_ref());
    assert!(twice
        .unwrap_err()
        .to_string()
        .contains("listed already at line 2"));
    let no_column = AgencyPowerLexicon::parse("verb,power\nrout,agent\n", "a.csv".as_ref());
    assert!(no_column
        .unwrap_err()
        .to_string()
        .contains("no `agency` column"));
}

fn cadets() -> FactionSet {
    FactionSet::parse(
        "[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n",
        "f.toml".as_ref(),
    )
    .unwrap()
}

fn hit(role: Role) -> Hit {
    Hit {
        faction: 0,
        role,
        verb: "seize".into(),
        negated: false,
        first_person: false,
    }
}

/// Three paragraphs of one role each, two as agent: the replicates' agent share is K / 3
/// with K ~ Binomial(3, 2/3), so P(0) = 1/27 = 0.037 and P(1) = 8/27: the 2.5% and 97.5%
/// quantiles of 2,000 replicates are 0 and 1 (any replicate is defined: every paragraph
/// has a role).
#[test]
fn bootstrap_interval_of_three_paragraphs() {
    let mut doc = DocumentActions::default();
    doc.add(10, vec![hit(Role::Agent)]);
    doc.add(10, vec![hit(Role::Agent)]);
    doc.add(10, vec![hit(Role::Patient)]);
    let options = SummaryOptions {
        min_mentions: 1,
        ..Default::default()
    };
    let lexicon = AgencyPowerLexicon::default();
    let rows = agency_rows(&cadets(), &lexicon, &[("m".into(), doc)], &options).unwrap();
    let share = rows.iter().find(|r| r.measure == "agent_share").unwrap();
    assert!((share.estimate - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(
        (share.ci_low, share.ci_high, share.replicates),
        (0.0, 1.0, 2000)
    );
    // No verb in the lexicon: agency and power are 0 in every replicate.
    let agency = rows.iter().find(|r| r.measure == "agency").unwrap();
    assert_eq!(
        (agency.estimate, agency.ci_low, agency.ci_high),
        (0.0, 0.0, 0.0)
    );
    assert_eq!(agency.scored, 0);
}

/// 200 paragraphs of one role each, 120 as agent: the share's bootstrap distribution is
/// close to normal with standard error sqrt(0.6 * 0.4 / 200) = 0.0346, so the interval is
/// 0.6 -+ 1.96 * 0.0346 = [0.532, 0.668] (to within the Monte Carlo and discreteness
/// error of 2,000 replicates, about 0.01).
#[test]
fn bootstrap_interval_of_many_paragraphs() {
    let mut doc = DocumentActions::default();
    for p in 0..200 {
        doc.add(
            20,
            vec![hit(if p % 5 < 3 {
                Role::Agent
            } else {
                Role::Patient
            })],
        );
    }
    let lexicon = AgencyPowerLexicon::default();
    let options = SummaryOptions::default();
    let rows = agency_rows(&cadets(), &lexicon, &[("m".into(), doc.clone())], &options).unwrap();
    let share = rows.iter().find(|r| r.measure == "agent_share").unwrap();
    assert!((share.estimate - 0.6).abs() < 1e-12);
    assert!((share.ci_low - 0.532).abs() < 0.012, "{}", share.ci_low);
    assert!((share.ci_high - 0.668).abs() < 0.012, "{}", share.ci_high);
    // Rate: 200 roles in 4,000 tokens = 500 per 10,000.
    let rate = rows
        .iter()
        .find(|r| r.measure == "actions_per_10k")
        .unwrap();
    assert!((rate.estimate - 500.0).abs() < 1e-9);
    // The seed follows the document: another id, another interval; the same id, the same.
    let again = agency_rows(&cadets(), &lexicon, &[("m".into(), doc.clone())], &options).unwrap();
    assert_eq!(rows, again);
    let other = agency_rows(&cadets(), &lexicon, &[("n".into(), doc)], &options).unwrap();
    assert_ne!(rows[1].ci_low.to_bits() ^ rows[1].ci_high.to_bits(), 0);
    assert!(other[1].ci_low != rows[1].ci_low || other[1].ci_high != rows[1].ci_high);
}

#[test]
fn first_person_mentions_can_be_left_out() {
    let mut doc = DocumentActions::default();
    let mut we = hit(Role::Agent);
    we.first_person = true;
    doc.add(5, vec![we, hit(Role::Patient)]);
    let lexicon = AgencyPowerLexicon::default();
    let docs = [("m".to_string(), doc)];
    let all = action_rows(&cadets(), &lexicon, &docs, &SummaryOptions::default());
    assert_eq!(all.len(), 2);
    let options = SummaryOptions {
        first_person: false,
        ..Default::default()
    };
    let without = action_rows(&cadets(), &lexicon, &docs, &options);
    assert_eq!((without.len(), without[0].role), (1, "patient"));
    let rows = agency_rows(&cadets(), &lexicon, &docs, &options).unwrap();
    assert_eq!((rows[0].agent, rows[0].patient), (0, 1));
}

#[test]
fn the_shipped_lexicon_reads() {
    let lexicon = AgencyPowerLexicon::load_default().unwrap();
    assert!(lexicon.len() >= 300);
    let seize = lexicon.get("seize").unwrap();
    assert_eq!(
        (seize.agency, seize.power),
        (Some(Agency::Positive), Some(Power::Agent))
    );
}
