use super::measures::Ranked;
use super::*;
use crate::framing::factions::FactionSet;

/// Six matched rows, (gold stance, valence), worked by hand below.
const SIX: [(i8, f64); 6] = [
    (-1, -0.60), // predicted -1
    (-1, 0.00),  // 0
    (0, 0.00),   // 0
    (0, 0.30),   // +1
    (1, 0.50),   // +1
    (1, -0.02),  // 0 (below the threshold), of the wrong sign
];

fn close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-12, "{what}: got {got}, want {want}");
}

#[test]
fn six_rows_by_hand() {
    let m = Measures::of(&SIX);
    // Gold (rows) by predicted (columns), -1, 0, +1.
    assert_eq!(
        m.confusion,
        [[1.0, 1.0, 0.0], [0.0, 1.0, 1.0], [0.0, 1.0, 1.0]]
    );
    // Predicted: -1 once, 0 three times, +1 twice; every gold class twice.
    assert_eq!(m.precision, [1.0, 1.0 / 3.0, 0.5]);
    assert_eq!(m.recall, [0.5, 0.5, 0.5]);
    close(m.f1[0], 2.0 / 3.0, "f1 neg"); // 2 * 1 / (1 + 2)
    close(m.f1[1], 0.4, "f1 neu"); // 2 * 1 / (3 + 2)
    close(m.f1[2], 0.5, "f1 pos"); // 2 * 1 / (2 + 2)
    close(m.macro_f1, 47.0 / 90.0, "macro-F1");
    // Valence ranks 1, 3.5, 3.5, 5, 6, 2; gold ranks 1.5, 1.5, 3.5, 3.5, 5.5, 5.5; mean 3.5:
    // covariance 5 + 5 - 3 = 7, sums of squares 17 and 16.
    close(m.spearman, 7.0 / (17.0f64 * 16.0).sqrt(), "Spearman");
    // Polar rows with a valence: the first (right), the fifth (right), the sixth (wrong).
    assert_eq!((m.sign_accuracy, m.polar), (2.0 / 3.0, 3.0));
    assert_eq!(m.rows, 6.0);
    assert_eq!(
        m.support(),
        [6.0, 1.0, 2.0, 2.0, 3.0, 2.0, 4.0, 2.0, 2.0, 3.0, 6.0, 3.0]
    );
}

#[test]
fn undefined_measures_are_nan_and_absent_classes_count_as_zero() {
    // Every row gold 0 and predicted 0.
    let m = Measures::of(&[(0, 0.0), (0, 0.01)]);
    assert!(m.precision[0].is_nan() && m.recall[0].is_nan() && m.f1[0].is_nan());
    assert_eq!(m.f1[1], 1.0);
    close(m.macro_f1, 1.0 / 3.0, "macro-F1");
    assert!(m.spearman.is_nan(), "no variance in the gold stance");
    assert!(m.sign_accuracy.is_nan());
    let none = Measures::of(&[]);
    assert!(none.macro_f1.is_nan() && none.spearman.is_nan());
}

/// Spearman's rho the plain way: the rows written out, average ranks, Pearson.
fn naive_spearman(rows: &[(i8, f64)]) -> f64 {
    fn ranks(xs: &[f64]) -> Vec<f64> {
        xs.iter()
            .map(|&x| {
                let below = xs.iter().filter(|&&y| y < x).count() as f64;
                let equal = xs.iter().filter(|&&y| y == x).count() as f64;
                below + (equal + 1.0) / 2.0
            })
            .collect()
    }
    let a = ranks(&rows.iter().map(|r| r.1).collect::<Vec<_>>());
    let b = ranks(&rows.iter().map(|r| r.0 as f64).collect::<Vec<_>>());
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(&b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va.sqrt() * vb.sqrt())
}

#[test]
fn weighted_rows_equal_the_rows_written_out() {
    let mut state = 7u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        state >> 33
    };
    for _ in 0..50 {
        let n = 1 + (next() % 40) as usize;
        let rows: Vec<(i8, f64)> = (0..n)
            .map(|_| {
                let stance = (next() % 3) as i8 - 1;
                // Few distinct valences, so that ties are common.
                let valence = ((next() % 9) as f64 - 4.0) / 20.0;
                (stance, valence)
            })
            .collect();
        let counts: Vec<u32> = (0..n).map(|_| (next() % 3) as u32).collect();
        let expanded: Vec<(i8, f64)> = rows
            .iter()
            .zip(&counts)
            .flat_map(|(r, &c)| std::iter::repeat_n(*r, c as usize))
            .collect();
        let weighted = Ranked::new(&triples(&rows)).measures(&counts);
        let plain = Measures::of(&expanded);
        assert_eq!(weighted.confusion, plain.confusion);
        assert_eq!(weighted.polar, plain.polar);
        for (a, b) in weighted.estimates().iter().zip(plain.estimates()) {
            assert!(
                (a.is_nan() && b.is_nan()) || (a - b).abs() < 1e-12,
                "{a} vs {b}"
            );
        }
        let reference = naive_spearman(&expanded);
        assert!(
            (plain.spearman.is_nan() && reference.is_nan())
                || (plain.spearman - reference).abs() < 1e-12,
            "{} vs {reference}",
            plain.spearman
        );
    }
}

#[test]
fn intervals_hold_the_estimate_and_do_not_depend_on_threads() {
    let rows: Vec<(i8, f64)> = (0..200)
        .map(|i| {
            let stance = (i % 3) as i8 - 1;
            (
                stance,
                stance as f64 * 0.1 + ((i * 37) % 11) as f64 / 25.0 - 0.2,
            )
        })
        .collect();
    let ranked = Ranked::new(&triples(&rows));
    let boot = Bootstrap {
        replicates: 500,
        seed: 1917,
    };
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| ranked.intervals(&boot, boot.seed))
    };
    let one = on(1);
    assert_eq!(one, on(3));
    let point = Measures::of(&rows).estimates();
    for (j, (low, high)) in one.iter().enumerate() {
        assert!(
            low <= &point[j] && &point[j] <= high,
            "{j}: {low} {} {high}",
            point[j]
        );
        assert!(low < high, "{j}");
    }
    // Another seed, other intervals.
    assert_ne!(one, ranked.intervals(&boot, 1918));
}

#[test]
fn rows_come_in_the_documented_order() {
    let gold = Gold::parse(
        "document,byte_offset,faction,stance\nr,1,soviets,1\nr,2,army,0\nr,3,army,-1\nr,4,cadets,0\n",
        "g.csv".as_ref(),
    )
    .unwrap();
    let outcomes = [
        Outcome::Matched { valence: 0.3 },
        Outcome::Matched { valence: 0.0 },
        Outcome::SetAside,
        Outcome::OtherFaction(0),
    ];
    let boot = Bootstrap {
        replicates: 40,
        seed: 1,
    };
    let all = evaluation_rows(&gold, &outcomes, &boot).unwrap();
    // The overall scope ends with comparison_spearman: two cells, too few for it.
    let last = &all[MEASURES.len()];
    assert_eq!(
        (last.scope, last.measure, last.n),
        ("overall", "comparison_spearman", 0)
    );
    assert!(last.value.is_nan());
    let mut rows = all[..MEASURES.len()].to_vec();
    rows.extend_from_slice(&all[MEASURES.len() + 1..]);
    // cadets has no matched row: no scope of its own.
    let scopes: Vec<(&str, &str)> = rows
        .chunks(MEASURES.len())
        .map(|c| (c[0].scope, c[0].faction.as_str()))
        .collect();
    assert_eq!(
        scopes,
        [("overall", ""), ("faction", "army"), ("faction", "soviets")]
    );
    for chunk in rows.chunks(MEASURES.len()) {
        let measures: Vec<&str> = chunk.iter().map(|r| r.measure).collect();
        assert_eq!(measures, MEASURES);
    }
    let value = |i: usize| (rows[i].value, rows[i].n);
    assert_eq!(
        [value(0), value(1), value(2), value(3), value(4)],
        [(4.0, 4), (1.0, 4), (3.0, 3), (2.0, 3), (2.0, 3)]
    );
    // The army's row set aside still counts among its gold rows.
    let army = &rows[MEASURES.len()..2 * MEASURES.len()];
    assert_eq!(
        (army[0].value, army[1].value, army[4].value),
        (2.0, 1.0, 1.0)
    );
    // A faction's intervals do not depend on the other factions in the file.
    let alone = Gold::parse(
        "document,byte_offset,faction,stance\nr,1,soviets,1\n",
        "g.csv".as_ref(),
    )
    .unwrap();
    let soviets = evaluation_rows(&alone, &outcomes[..1], &boot).unwrap();
    let a = &rows[2 * MEASURES.len() + 5..3 * MEASURES.len()];
    let b = &soviets[MEASURES.len() + 1 + 5..2 * MEASURES.len() + 1];
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.value.to_bits(), y.value.to_bits(), "{}", x.measure);
        assert_eq!(x.ci_low.to_bits(), y.ci_low.to_bits(), "{}", x.measure);
    }
}

#[test]
fn the_row_type_matches_its_schema() {
    use crate::rows::Row;
    assert_eq!(
        EvaluationRow::COLUMNS,
        crate::schema::EVALUATION.column_names().as_slice()
    );
}

fn gold_error(text: &str) -> String {
    Gold::parse(text, "g.csv".as_ref()).unwrap_err().to_string()
}

#[test]
fn gold_columns_are_checked() {
    let err = gold_error("document,byte_offset,faction,stance,Stance\n");
    assert!(
        err.starts_with("g.csv:1: unknown column \"Stance\" (column 5)"),
        "{err}"
    );
    let err = gold_error("document,byte_offset,faction\nr,1,cadets\n");
    assert!(
        err.starts_with("g.csv:1: missing column \"stance\""),
        "{err}"
    );
    let err = gold_error("document,byte_offset,faction,stance,note,note\n");
    assert!(err.contains("column \"note\" appears twice"), "{err}");
    assert!(gold_error("").contains("missing column \"document\""));
    // Every column of the shipped file is known; a byte-order mark is no part of a name.
    let full = format!("\u{feff}{}\n", {
        let mut all: Vec<&str> = REQUIRED_COLUMNS.to_vec();
        all.extend(OPTIONAL_COLUMNS);
        all.join(",")
    });
    assert!(Gold::parse(&full, "g.csv".as_ref()).is_ok());
}

#[test]
fn gold_values_are_checked_with_their_line() {
    let head = "document,byte_offset,faction,stance,is_mention,line\n";
    let err = gold_error(&format!("{head}r,1,cadets,0,1,4\nr,2,cadets,++1,1,5\n"));
    assert_eq!(
        err,
        "g.csv:3: column stance: \"++1\" is not a stance; write -1, 0 or +1"
    );
    let err = gold_error(&format!("{head}r,x1,cadets,0,1,4\n"));
    assert!(
        err.starts_with("g.csv:2: column byte_offset: \"x1\" is not a byte offset"),
        "{err}"
    );
    let err = gold_error(&format!("{head}r,1,,0,1,4\n"));
    assert!(
        err.starts_with("g.csv:2: column faction: empty in a mention"),
        "{err}"
    );
    let err = gold_error(&format!("{head}r,1,cadets,0,yes,4\n"));
    assert!(
        err.starts_with("g.csv:2: column is_mention: \"yes\""),
        "{err}"
    );
    let err = gold_error(&format!("{head}r,1,cadets,0,1,four\n"));
    assert!(err.starts_with("g.csv:2: column line: \"four\""), "{err}");
    let err = gold_error(&format!("{head}r,1,cadets,0,1\n"));
    assert!(
        err.starts_with("g.csv:2: the record has 5 fields, the header 6"),
        "{err}"
    );
    // A quoted field over two lines: the next record's line is still right.
    let err = gold_error(
        "document,byte_offset,faction,stance,note\nr,1,cadets,0,\"two\nlines\"\nr,2,cadets,2,\n",
    );
    assert!(err.starts_with("g.csv:4: column stance"), "{err}");
    // Not a mention: faction and stance may be empty; +1 is 1.
    let gold = Gold::parse(
        &format!("{head}r,1,,,0,\nr,2,cadets,+1,1,\n"),
        "g.csv".as_ref(),
    )
    .unwrap();
    assert!(!gold.rows[0].is_mention);
    assert_eq!((gold.rows[1].stance, gold.rows[1].line), (1, None));
}

#[test]
fn gold_documents_and_factions_are_checked() {
    let factions = FactionSet::load_default().unwrap();
    let gold = Gold::parse(
        "document,byte_offset,faction,stance\nreed1919,1,cadets,0\nreed1919,2,kadets,0\n",
        "g.csv".as_ref(),
    )
    .unwrap();
    let err = gold.check(&["reed1919"], &factions).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "g.csv:3: column faction: unknown faction \"kadets\"; did you mean \"cadets\"?"
        ),
        "{err}"
    );
    let err = gold.check(&["trotsky1918"], &factions).unwrap_err();
    assert!(matches!(err, Error::Gold { line: 2, .. }), "{err}");
    assert!(
        err.to_string()
            .contains("the run's documents are trotsky1918"),
        "{err}"
    );
    assert_eq!(nearest_for_test("zzz"), None);
}

fn nearest_for_test(value: &str) -> Option<String> {
    let factions = FactionSet::load_default().unwrap();
    let gold = Gold::parse(
        &format!("document,byte_offset,faction,stance\nr,1,{value},0\n"),
        "g.csv".as_ref(),
    )
    .unwrap();
    let err = gold.check(&["r"], &factions).unwrap_err().to_string();
    err.split("did you mean \"")
        .nth(1)
        .map(|s| s.split('"').next().unwrap().to_string())
}

#[test]
fn same_faction_pairs_and_seeds() {
    assert_eq!(matched_as("petrograd_soviet"), matched_as("soviets"));
    assert_ne!(matched_as("moscow_soviet"), matched_as("soviets"));
    assert_ne!(fnv1a("army"), fnv1a("cadets"));
    assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
}

/// (gold, valence) rows as (gold, class, valence), the class by VADER's threshold.
fn triples(rows: &[(i8, f64)]) -> Vec<(i8, i8, f64)> {
    rows.iter()
        .map(|&(g, v)| (g, crate::framing::evaluate::class_of(v), v))
        .collect()
}
