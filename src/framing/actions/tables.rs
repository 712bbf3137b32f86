//! `faction_actions.csv` and `faction_agency.csv` from the documents' logged roles.

use std::collections::BTreeMap;

use crate::error::Result;
use crate::framing::actions::aggregate::{DocumentActions, Record};
use crate::framing::actions::lexicon::AgencyPowerLexicon;
use crate::framing::actions::roles::Role;
use crate::framing::factions::FactionSet;
use crate::framing::summary::{document_bootstrap, SummaryOptions};
use crate::rows::table_row;
use crate::stats::bootstrap::{Denominator, Group, Ratio};

table_row! {
    /// A row of `faction_actions.csv` (see [`crate::tables::FACTION_ACTIONS`]).
    ///
    /// ```
    /// let row = corpus_lens::framing::actions::ActionRow {
    ///     document: "reed".into(), faction: "bolsheviks".into(), faction_label: "Bolsheviks".into(),
    ///     role: "agent", verb_lemma: "seize".into(), count: 4, negated: 0,
    ///     agency: Some("+"), power: Some("agent"), agency_score: 1.0, power_score: 1.0,
    ///     line: 310, byte_offset: 15_388, page: String::new(),
    /// };
    /// assert_eq!(row.count, 4);
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[allow(missing_docs)]
    pub struct ActionRow {
        pub document: String,
        pub faction: String,
        pub faction_label: String,
        pub role: &'static str,
        pub verb_lemma: String,
        pub count: u64,
        pub negated: u64,
        pub agency: Option<&'static str>,
        pub power: Option<&'static str>,
        pub agency_score: f64,
        pub power_score: f64,
        pub line: u64,
        pub byte_offset: u64,
        pub page: String,
    }
}

table_row! {
    /// A row of `faction_agency.csv` (see [`crate::tables::FACTION_AGENCY`]).
    ///
    /// ```
    /// use corpus_lens::framing::actions::AgencyRow;
    /// let row = AgencyRow {
    ///     document: "reed".into(), faction: "cadets".into(), faction_label: "Cadets".into(),
    ///     measure: "agent_share", agent: 3, patient: 1, scored: 2, paragraphs: 4, n: 4,
    ///     estimate: 0.75, ci_low: 0.25, ci_high: 1.0, replicates: 2000, enough_data: false,
    /// };
    /// assert_eq!(row.agent + row.patient, row.n);
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    #[allow(missing_docs)]
    pub struct AgencyRow {
        pub document: String,
        pub faction: String,
        pub faction_label: String,
        pub measure: &'static str,
        pub agent, patient, scored, paragraphs, n: u64,
        pub estimate, ci_low, ci_high: f64,
        pub replicates: u64,
        pub enough_data: bool,
    }
}

/// The measures of `faction_agency.csv`, in row order.
pub const AGENCY_MEASURES: [&str; 4] = ["actions_per_10k", "agent_share", "agency", "power"];

/// A group's values per paragraph: roles, agent roles, summed agency and power scores.
const WIDTH: usize = 4;

/// The ratios of [`AGENCY_MEASURES`] over a group's values.
fn agency_ratios() -> [Ratio; 4] {
    let of = |numerator, denominator, scale| Ratio {
        numerator,
        denominator,
        scale,
    };
    [
        of(0, Denominator::Size, 10_000.0),
        of(1, Denominator::Value(0), 1.0),
        of(2, Denominator::Value(0), 1.0),
        of(3, Denominator::Value(0), 1.0),
    ]
}

/// Rows of `faction_actions.csv`: per document (in the given order), faction (in the
/// factions file's order), role (agent, then patient), the count of each verb lemma, most
/// frequent first (ties by lemma). First-person mentions count unless
/// `options.first_person` is false.
///
/// ```
/// use corpus_lens::framing::actions::{action_rows, AgencyPowerLexicon, DocumentActions, Hit, Role};
/// use corpus_lens::framing::{factions::FactionSet, summary::SummaryOptions};
/// let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n", "f.toml".as_ref())?;
/// let lexicon = AgencyPowerLexicon::parse("verb,agency,power\nsweep,+,agent\n", "a.csv".as_ref())?;
/// let mut doc = DocumentActions::default();
/// let hit = |role, verb: &str| Hit { faction: 0, role, verb: verb.into(), negated: false, first_person: false };
/// doc.add(9, vec![hit(Role::Patient, "sweep"), hit(Role::Agent, "flee")]);
/// let rows = action_rows(&factions, &lexicon, &[("memoir".into(), doc)], &SummaryOptions::default());
/// assert_eq!((rows[0].role, rows[0].verb_lemma.as_str()), ("agent", "flee"));
/// assert_eq!((rows[1].role, rows[1].power, rows[1].power_score), ("patient", Some("agent"), -1.0));
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn action_rows(
    factions: &FactionSet,
    lexicon: &AgencyPowerLexicon,
    documents: &[(String, DocumentActions)],
    options: &SummaryOptions,
) -> Vec<ActionRow> {
    let mut rows = Vec::new();
    for (id, doc) in documents {
        // (faction, role, verb) -> (count, negated, the first record: records are in text
        // order, so its place is the first occurrence's)
        let mut counts: BTreeMap<(u32, Role, u32), (u64, u64, Record)> = BTreeMap::new();
        for r in doc.records() {
            if r.first_person && !options.first_person {
                continue;
            }
            let c = counts
                .entry((r.faction, r.role, r.verb))
                .or_insert((0, 0, *r));
            c.0 += 1;
            c.1 += r.negated as u64;
        }
        let mut keyed: Vec<_> = counts.into_iter().collect();
        keyed.sort_by(|a, b| {
            let ((fa, ra, va), (ca, _, _)) = a;
            let ((fb, rb, vb), (cb, _, _)) = b;
            (fa, ra, std::cmp::Reverse(ca), doc.verb(*va)).cmp(&(
                fb,
                rb,
                std::cmp::Reverse(cb),
                doc.verb(*vb),
            ))
        });
        for ((faction, role, verb), (count, negated, first)) in keyed {
            let f = &factions.factions()[faction as usize];
            let lemma = doc.verb(verb);
            let frame = lexicon.get(lemma).unwrap_or_default();
            rows.push(ActionRow {
                document: id.clone(),
                faction: f.id.clone(),
                faction_label: f.label.clone(),
                role: role.name(),
                verb_lemma: lemma.to_string(),
                count,
                negated,
                agency: frame.agency.map(|a| a.label()),
                power: frame.power.map(|p| p.label()),
                agency_score: frame.agency_score(role),
                power_score: frame.power_score(role),
                line: first.line,
                byte_offset: first.byte_offset,
                page: doc.page(first.page).to_string(),
            });
        }
    }
    rows
}

/// Rows of `faction_agency.csv`: per document, faction with a role (factions file's
/// order) and measure ([`AGENCY_MEASURES`]), the estimate and its 95% cluster-bootstrap
/// interval over the document's paragraphs, with the framing summary's replicates, seed
/// (the document's own, from `options.bootstrap.seed` and its id) and minimum data
/// (`options.min_mentions` roles in `options.min_paragraphs` paragraphs).
///
/// # Errors
///
/// `Error::Usage` if `options.bootstrap` is out of range ([`crate::stats::bootstrap::Bootstrap::check`]).
///
/// ```
/// use corpus_lens::framing::actions::{agency_rows, AgencyPowerLexicon, DocumentActions, Hit, Role};
/// use corpus_lens::framing::{factions::FactionSet, summary::SummaryOptions};
/// let factions = FactionSet::parse("[[faction]]\nid = \"cadets\"\naliases = [\"Cadets\"]\n", "f.toml".as_ref())?;
/// let lexicon = AgencyPowerLexicon::parse("verb,agency,power\nseize,+,agent\n", "a.csv".as_ref())?;
/// let mut doc = DocumentActions::default();
/// let hit = |role| Hit { faction: 0, role, verb: "seize".into(), negated: false, first_person: false };
/// doc.add(10, vec![hit(Role::Agent)]);
/// doc.add(10, vec![hit(Role::Agent)]);
/// doc.add(20, vec![hit(Role::Patient)]);
/// let rows = agency_rows(&factions, &lexicon, &[("memoir".into(), doc)], &SummaryOptions::default())?;
/// let share = rows.iter().find(|r| r.measure == "agent_share").unwrap();
/// assert_eq!((share.agent, share.patient, share.n), (2, 1, 3));
/// assert!((share.estimate - 2.0 / 3.0).abs() < 1e-12);
/// let power = rows.iter().find(|r| r.measure == "power").unwrap();
/// assert!((power.estimate - 1.0 / 3.0).abs() < 1e-12); // (1 + 1 - 1) / 3
/// assert!(!power.enough_data); // 3 roles: fewer than 5
/// # Ok::<(), corpus_lens::Error>(())
/// ```
pub fn agency_rows(
    factions: &FactionSet,
    lexicon: &AgencyPowerLexicon,
    documents: &[(String, DocumentActions)],
    options: &SummaryOptions,
) -> Result<Vec<AgencyRow>> {
    options.bootstrap.check()?;
    let ratios = agency_ratios();
    let mut rows = Vec::new();
    for (id, doc) in documents {
        // faction -> (group, agent, patient, scored)
        let mut groups: BTreeMap<u32, (Group, [u64; 3])> = BTreeMap::new();
        for r in doc.records() {
            if r.first_person && !options.first_person {
                continue;
            }
            let frame = lexicon.get(doc.verb(r.verb));
            let (group, counts) = groups.entry(r.faction).or_default();
            if group.paragraphs.last() != Some(&r.paragraph) {
                group.paragraphs.push(r.paragraph);
                group.values.extend([0.0; WIDTH]);
            }
            let at = group.values.len() - WIDTH;
            let v = &mut group.values[at..];
            v[0] += 1.0;
            v[1] += (r.role == Role::Agent) as u8 as f64;
            if let Some(frame) = frame {
                v[2] += frame.agency_score(r.role);
                v[3] += frame.power_score(r.role);
                counts[2] += 1;
            }
            counts[(r.role == Role::Patient) as usize] += 1;
        }
        if groups.is_empty() {
            continue;
        }
        let sizes: Vec<f64> = doc.paragraph_tokens.iter().map(|&t| t as f64).collect();
        let list: Vec<Group> = groups.values().map(|g| g.0.clone()).collect();
        let intervals = document_bootstrap(options, id).ratios(&sizes, &list, WIDTH, &ratios)?;
        for ((&faction, (group, counts)), intervals) in groups.iter().zip(intervals) {
            let f = &factions.factions()[faction as usize];
            let n = counts[0] + counts[1];
            let paragraphs = group.paragraphs.len() as u64;
            let enough = options.enough_data(n, paragraphs);
            for (measure, i) in AGENCY_MEASURES.iter().zip(intervals) {
                rows.push(AgencyRow {
                    document: id.clone(),
                    faction: f.id.clone(),
                    faction_label: f.label.clone(),
                    measure,
                    agent: counts[0],
                    patient: counts[1],
                    scored: counts[2],
                    paragraphs,
                    n,
                    estimate: i.estimate,
                    ci_low: if enough { i.low } else { f64::NAN },
                    ci_high: if enough { i.high } else { f64::NAN },
                    replicates: i.replicates as u64,
                    enough_data: enough,
                });
            }
        }
    }
    Ok(rows)
}
