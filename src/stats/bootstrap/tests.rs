use super::draws::{splitmix, spread_bits, Draws, SplitMix};
use super::quantiles::quantile_of;
use super::sparse::Slots;
use super::*;
use std::collections::BTreeMap;

fn mean_ratio() -> Ratio {
    Ratio {
        numerator: 1,
        denominator: Denominator::Value(0),
        scale: 1.0,
    }
}

#[test]
fn replicate_values_keep_the_defined_ones_in_order() {
    // Three replicates of one group of [mentions, valence]: [2, 1], [0, 0], [4, -2], in
    // paragraphs drawn of 10, 20 and 0 tokens.
    let reps = Replicates {
        replicates: 3,
        groups: 1,
        width: 2,
        totals: vec![10.0, 20.0, 0.0],
        sums: vec![2.0, 1.0, 0.0, 0.0, 4.0, -2.0],
    };
    let mut out = vec![9.0; 7];
    let mean = Ratio {
        numerator: 1,
        denominator: Denominator::Value(0),
        scale: 1.0,
    };
    replicate_values(&reps, 0, &mean, &mut out);
    assert_eq!(out, [0.5, -0.5]); // no mention drawn in the second
    let rate = Ratio {
        numerator: 0,
        denominator: Denominator::Size,
        scale: 10.0,
    };
    replicate_values(&reps, 0, &rate, &mut out);
    assert_eq!(out, [2.0, 0.0]); // no token drawn in the third
}

#[test]
fn splitmix_matches_the_reference_sequence() {
    // Steele, Lea & Flood's SplitMix64 from seed 0 (the first outputs as published with
    // the reference implementation, e.g. in xoshiro's seeding code).
    let mut s = 0u64;
    assert_eq!(splitmix(&mut s), 0xE220_A839_7B1D_CDAF);
    assert_eq!(splitmix(&mut s), 0x6E78_9E6A_A1B9_65F4);
}

#[test]
fn quantile_type_7_matches_numpy() {
    // numpy.quantile([3, 1, 4, 1, 5, 9, 2, 6], [0.025, 0.975]) = [1.0, 8.475]
    let mut xs = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
    xs.sort_by(f64::total_cmp);
    assert_eq!(quantile(&xs, 0.025), 1.0);
    assert!((quantile(&xs, 0.975) - 8.475).abs() < 1e-12);
    assert_eq!(quantile(&[7.0], 0.975), 7.0);
}

#[test]
fn selection_gives_the_sorted_quantile() {
    let mut state = 11u64;
    let xs: Vec<f64> = (0..999)
        .map(|_| (splitmix(&mut state) % 1000) as f64 / 7.0)
        .collect();
    let mut sorted = xs.clone();
    sorted.sort_by(f64::total_cmp);
    for q in [0.0, 0.025, 0.5, 0.975, 1.0] {
        assert_eq!(
            quantile_of(&mut xs.clone(), q),
            quantile(&sorted, q),
            "q = {q}"
        );
    }
}

#[test]
fn heaps_and_selection_give_the_sorted_quantiles() {
    let mut state = 5u64;
    for n in (1..60).chain([199, 200, 2000, 2001]) {
        // Few distinct values (ties), both zeros, negatives.
        let xs: Vec<f64> = (0..n)
            .map(|_| match splitmix(&mut state) % 9 {
                0 => 0.0,
                1 => -0.0,
                k => (k as f64 - 5.0) / 3.0 + (splitmix(&mut state) % 3) as f64,
            })
            .collect();
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        for (low, high) in [(0.025, 0.975), (0.0, 1.0), (0.1, 0.9), (0.5, 0.5)] {
            let got = interval_of(&mut xs.clone(), low, high);
            let want = (quantile(&sorted, low), quantile(&sorted, high));
            assert_eq!(
                (got.0.to_bits(), got.1.to_bits()),
                (want.0.to_bits(), want.1.to_bits()),
                "n = {n}, ({low}, {high})"
            );
        }
    }
    assert!(interval_of(&mut [], 0.025, 0.975).0.is_nan());
}

#[test]
fn identical_clusters_give_a_zero_width_interval() {
    // Every paragraph has one mention of valence -0.4: every replicate's mean is -0.4.
    let group = Group {
        paragraphs: (0..20).collect(),
        values: [1.0, -0.4].repeat(20),
        ..Default::default()
    };
    let out = Bootstrap::default()
        .ratios(&[5.0; 20], &[group], 2, &[mean_ratio()])
        .unwrap();
    let i = out[0][0];
    assert!((i.estimate + 0.4).abs() < 1e-12);
    assert!((i.low + 0.4).abs() < 1e-12 && (i.high + 0.4).abs() < 1e-12);
    assert_eq!(i.replicates, DEFAULT_REPLICATES);
}

#[test]
fn rare_group_has_undefined_replicates_left_out() {
    // One mention in one paragraph of 50: about (49/50)^50 = 36% of replicates never
    // draw it.
    let group = Group {
        paragraphs: vec![7],
        values: vec![1.0, 0.6],
        ..Default::default()
    };
    let boot = Bootstrap {
        replicates: 1000,
        seed: 3,
    };
    let i = boot
        .ratios(&[10.0; 50], &[group], 2, &[mean_ratio()])
        .unwrap()[0][0];
    assert_eq!((i.estimate, i.low, i.high), (0.6, 0.6, 0.6));
    assert!(
        (550..750).contains(&i.replicates),
        "replicates {}",
        i.replicates
    );
}

#[test]
fn interval_covers_a_known_mean_about_as_often_as_it_should() {
    // Clusters of 1-3 mentions with valence +-1 (fair coin): the true mean is 0. Over 200
    // simulated documents a 95% interval should miss 0 about 10 times; allow 2..=25.
    let mut misses = 0;
    for doc in 0..200u64 {
        let mut state = doc;
        let mut group = Group::default();
        for p in 0..40u32 {
            let k = 1 + splitmix(&mut state) % 3;
            let sum: f64 = (0..k)
                .map(|_| {
                    if splitmix(&mut state) & 1 == 0 {
                        1.0
                    } else {
                        -1.0
                    }
                })
                .sum();
            group.paragraphs.push(p);
            group.values.extend([k as f64, sum]);
        }
        let boot = Bootstrap {
            replicates: 400,
            seed: doc,
        };
        let i = boot
            .ratios(&[20.0; 40], &[group], 2, &[mean_ratio()])
            .unwrap()[0][0];
        if !(i.low <= 0.0 && 0.0 <= i.high) {
            misses += 1;
        }
    }
    assert!((2..=25).contains(&misses), "misses {misses}");
}

#[test]
fn same_answer_at_any_thread_count() {
    let group = Group {
        paragraphs: vec![0, 3, 4, 9],
        values: vec![2.0, 1.0, 1.0, -0.5, 3.0, 0.2, 1.0, 0.9],
        ..Default::default()
    };
    let ratios = [
        mean_ratio(),
        Ratio {
            numerator: 0,
            denominator: Denominator::Size,
            scale: 10_000.0,
        },
    ];
    let sizes: Vec<f64> = (0..12).map(|i| 10.0 + i as f64).collect();
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                Bootstrap::default()
                    .ratios(&sizes, std::slice::from_ref(&group), 2, &ratios)
                    .unwrap()
            })
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
    // The rate's estimate: 7 mentions in 186 tokens.
    assert!((one[0][1].estimate - 7.0 / 186.0 * 10_000.0).abs() < 1e-9);
}

#[test]
fn a_union_group_equals_resampling_its_own_values() {
    let a = Group {
        paragraphs: vec![1, 4],
        values: vec![1.0, -0.5, 2.0, 0.7],
        ..Default::default()
    };
    let b = Group {
        paragraphs: vec![4, 6],
        values: vec![1.0, 0.3, 1.0, -0.9],
        ..Default::default()
    };
    let own = Group {
        paragraphs: vec![1, 4, 6],
        values: vec![1.0, -0.5, 3.0, 1.0, 1.0, -0.9],
        ..Default::default()
    };
    let union = Group {
        parts: vec![0, 1],
        ..own.clone()
    };
    let boot = Bootstrap {
        replicates: 300,
        seed: 9,
    };
    let sizes = [10.0; 8];
    let r = [mean_ratio()];
    let with_own = boot
        .ratios(&sizes, &[a.clone(), b.clone(), own], 2, &r)
        .unwrap();
    let with_union = boot.ratios(&sizes, &[a, b, union], 2, &r).unwrap();
    let (x, y) = (with_own[2][0], with_union[2][0]);
    assert_eq!((x.estimate, x.replicates), (y.estimate, y.replicates));
    assert!((x.low - y.low).abs() < 1e-12 && (x.high - y.high).abs() < 1e-12);
}

#[test]
fn wide_slots_give_the_same_sums_as_narrow_ones() {
    // Group 0 alone takes two-byte slots; with 40,000 empty groups of width 2 before
    // it, its slots take four bytes.
    let group = Group {
        paragraphs: vec![1, 2, 5],
        values: vec![1.0, 0.5, 2.0, -0.25, 1.0, 0.0],
        ..Default::default()
    };
    let boot = Bootstrap {
        replicates: 40,
        seed: 5,
    };
    let sizes = [3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    let narrow = SparseGroups::from_groups(std::slice::from_ref(&group), 2);
    let mut groups = vec![Group::default(); 40_000];
    groups.push(group);
    let wide = SparseGroups::from_groups(&groups, 2);
    assert!(matches!(narrow.slots, Slots::Narrow(_)));
    assert!(matches!(wide.slots, Slots::Wide(_)));
    let (a, b) = (
        boot.sums_sparse(&sizes, &narrow).unwrap(),
        boot.sums_sparse(&sizes, &wide).unwrap(),
    );
    assert_eq!(a.totals, b.totals);
    for r in 0..40 {
        assert_eq!(a.group(r, 0), b.group(r, 40_000));
    }
}

#[test]
fn a_paragraph_with_more_entries_than_two_bytes_count_widens_the_slots() {
    // One paragraph given 70,000 times (a contract the caller broke) adds up as one
    // with the sum of the values.
    let many = Group {
        paragraphs: vec![0; 70_000],
        values: vec![1.0; 70_000],
        ..Default::default()
    };
    let one = Group {
        paragraphs: vec![0],
        values: vec![70_000.0],
        ..Default::default()
    };
    let dense = SparseGroups::from_groups(&[many], 1);
    let mut pushed = SparseGroups::new(1, vec![vec![]]);
    let row = [1.0];
    pushed.push_paragraph(0, &vec![(0, &row[..]); 70_000]);
    assert!(matches!(dense.slots, Slots::Wide(_)));
    assert_eq!(pushed, dense);
    let boot = Bootstrap {
        replicates: 40,
        seed: 2,
    };
    let sizes = [2.0, 3.0];
    let one = boot
        .sums_sparse(&sizes, &SparseGroups::from_groups(&[one], 1))
        .unwrap();
    assert_eq!(boot.sums_sparse(&sizes, &dense).unwrap(), one);
}

#[test]
fn token_counts_give_the_same_bits_as_their_f64_sizes() {
    let group = Group {
        paragraphs: vec![0, 3, 4],
        values: vec![2.0, 0.1, 1.0, -0.7, 3.0, 0.35],
        ..Default::default()
    };
    let tokens: Vec<u32> = vec![17, 3, 250, 41, 9, 4_000_000_000];
    let sizes: Vec<f64> = tokens.iter().map(|&t| t as f64).collect();
    let sparse = SparseGroups::from_groups(&[group], 2);
    let rate = Ratio {
        numerator: 0,
        denominator: Denominator::Size,
        scale: 10_000.0,
    };
    let boot = Bootstrap {
        replicates: 100,
        seed: 8,
    };
    assert_eq!(
        boot.sums_sized(&tokens, &sparse),
        boot.sums_sparse(&sizes, &sparse).unwrap()
    );
    let ratios = [mean_ratio(), rate];
    assert_eq!(
        boot.ratios_sized(&tokens, &sparse, &ratios),
        boot.ratios_sparse(&sizes, &sparse, &ratios).unwrap()
    );
}

/// 2,000 replicates of `draws` over ten paragraphs of size 1, `m` of them valued: each
/// valued paragraph's draws in all, and the other paragraphs' (each replicate drawing
/// ten in all is checked).
fn tally(draws: &Draws, m: usize, seed: u64) -> (Vec<u32>, f64) {
    let mut seen = vec![0u32; m];
    let mut others = 0.0;
    for b in 0..2000 {
        let mut counts = vec![0u8; m];
        let rest = draws.draw(&mut counts, seed, b);
        let drawn: f64 = counts.iter().map(|&c| c as f64).sum();
        assert_eq!(drawn + rest, 10.0);
        for (s, &c) in seen.iter_mut().zip(&counts) {
            *s += c as u32;
        }
        others += rest;
    }
    (seen, others)
}

#[test]
fn resampling_draws_every_paragraph_about_equally() {
    // Paragraphs 2, 5 and 7 of 10 are valued; every size is 1.
    let draws = Draws::new(&[1.0; 10], &[2, 5, 7]);
    let (seen, others) = tally(&draws, 3, 5);
    // 20,000 draws over 10 paragraphs: each about 2,000 (sd about 42), 14,000 others.
    assert!(seen.iter().all(|&s| (1800..2200).contains(&s)), "{seen:?}");
    assert!((13_600.0..14_400.0).contains(&others), "{others}");
}

/// The exact joint distribution of (draws of paragraph 0, total size) when `sizes.len()`
/// paragraphs are drawn with replacement: one draw at a time.
fn exact_joint(sizes: &[f64]) -> BTreeMap<(u8, u64), f64> {
    let n = sizes.len();
    let mut dist = BTreeMap::from([((0u8, 0u64), 1.0)]);
    for _ in 0..n {
        let mut next = BTreeMap::new();
        for (&(c, t), &pr) in &dist {
            for (p, &s) in sizes.iter().enumerate() {
                let key = (c + (p == 0) as u8, t + s as u64);
                *next.entry(key).or_insert(0.0) += pr / n as f64;
            }
        }
        dist = next;
    }
    dist
}

/// Pearson's chi-square of `seen` outcomes of `reps` replicates against the `exact`
/// law, over the cells expected at least 5 times, the rest pooled into one; with the
/// number of cells not pooled.
fn pearson<K: Ord>(exact: &BTreeMap<K, f64>, seen: &BTreeMap<K, f64>, reps: u64) -> (f64, usize) {
    let (mut chi2, mut cells, mut pooled) = (0.0, 0, (0.0, 0.0));
    for (key, &pr) in exact {
        let (e, o) = (pr * reps as f64, seen.get(key).copied().unwrap_or(0.0));
        if e >= 5.0 {
            chi2 += (o - e) * (o - e) / e;
            cells += 1;
        } else {
            pooled = (pooled.0 + e, pooled.1 + o);
        }
    }
    if pooled.0 > 0.0 {
        chi2 += (pooled.1 - pooled.0) * (pooled.1 - pooled.0) / pooled.0;
    }
    (chi2, cells)
}

#[test]
fn split_draws_follow_the_multinomial_exactly() {
    // Paragraph 0 valued, the others only sized: the binomial split, the spread over
    // the valued paragraphs and the size histogram together must give the joint law of
    // drawing 5 paragraphs with replacement. Pearson's chi-square over 40,000 replicates.
    // The others' total comes from drawing them one by one here (four others, three
    // distinct sizes), and from a binomial per distinct size in `by_binomials`.
    let sizes = [3.0, 1.0, 2.0, 2.0, 7.0];
    let exact = exact_joint(&sizes);
    for draws in [
        Draws::new(&sizes, &[0]),
        Draws::new(&sizes, &[0]).by_binomials(),
    ] {
        let reps = 40_000u64;
        let mut seen: BTreeMap<(u8, u64), f64> = BTreeMap::new();
        for b in 0..reps {
            let mut counts = [0u8; 1];
            let rest = draws.draw(&mut counts, 17, b);
            let total = rest + counts[0] as f64 * sizes[0];
            *seen.entry((counts[0], total as u64)).or_insert(0.0) += 1.0;
        }
        assert!(
            seen.keys().all(|k| exact.contains_key(k)),
            "impossible draws"
        );
        let (chi2, cells) = pearson(&exact, &seen, reps);
        // About 60 cells: the 0.999 quantile of chi-square with 60 degrees of freedom is 99.6.
        assert!(cells > 40, "{cells} cells");
        assert!(chi2 < 99.6, "chi2 {chi2} over {cells} cells");
    }
}

#[test]
fn others_are_drawn_one_by_one_only_where_that_is_cheaper() {
    // 10 others of 2 distinct sizes: 10 draws cost less than 2 binomials.
    let few: Vec<f64> = (0..11).map(|p| (p % 2 + 1) as f64).collect();
    assert!(Draws::new(&few, &[0]).draws_others_one_by_one());
    // 10,000 others of 2 sizes: two binomials.
    let many: Vec<f64> = (0..10_001).map(|p| (p % 2 + 1) as f64).collect();
    assert!(!Draws::new(&many, &[0]).draws_others_one_by_one());
    // Drawn one by one, the others' total is a sum of their sizes.
    let draws = Draws::new(&few, &[0]);
    for b in 0..200 {
        let rest = draws.draw(&mut [0u8; 1], 5, b);
        assert_eq!(rest.fract(), 0.0);
        assert!((0.0..=22.0).contains(&rest));
    }
}

/// The exact joint law of (draws of each paragraph in `tracked`, total size) when
/// `sizes.len()` paragraphs are drawn with replacement, one draw at a time.
fn exact_tracked(sizes: &[f64], tracked: &[usize]) -> BTreeMap<(Vec<u8>, u64), f64> {
    let n = sizes.len();
    let mut dist = BTreeMap::from([((vec![0u8; tracked.len()], 0u64), 1.0)]);
    for _ in 0..n {
        let mut next = BTreeMap::new();
        for ((c, t), &pr) in &dist {
            for (p, &s) in sizes.iter().enumerate() {
                let mut c = c.clone();
                if let Some(i) = tracked.iter().position(|&q| q == p) {
                    c[i] += 1;
                }
                *next.entry((c, t + s as u64)).or_insert(0.0) += pr / n as f64;
            }
        }
        dist = next;
    }
    dist
}

#[test]
fn blocked_draws_follow_the_multinomial_exactly() {
    // Seven valued paragraphs in blocks of 4 (so a whole block drawn 2 bits at a time
    // and a last block of 3 drawn with Lemire's method), two others: the joint law of
    // a paragraph of each block, the last valued one and the total size must be that of
    // drawing 9 paragraphs with replacement. Pearson's chi-square over 60,000 replicates.
    let sizes = [1.0, 2.0, 3.0, 1.0, 4.0, 2.0, 5.0, 3.0, 7.0];
    let valued: Vec<u32> = (0..7).collect();
    let tracked = [0, 4, 6];
    let draws = Draws::new(&sizes, &valued).with_block_bits(2);
    let exact = exact_tracked(&sizes, &tracked);
    let reps = 60_000u64;
    let mut seen: BTreeMap<(Vec<u8>, u64), f64> = BTreeMap::new();
    for b in 0..reps {
        let mut counts = [0u8; 7];
        let rest = draws.draw(&mut counts, 23, b);
        let drawn: u32 = counts.iter().map(|&c| c as u32).sum();
        assert!(drawn <= 9);
        let total = rest
            + counts
                .iter()
                .zip(&sizes)
                .map(|(&c, s)| c as f64 * s)
                .sum::<f64>();
        let key = (tracked.iter().map(|&p| counts[p]).collect(), total as u64);
        *seen.entry(key).or_insert(0.0) += 1.0;
    }
    assert!(
        seen.keys().all(|k| exact.contains_key(k)),
        "impossible draws"
    );
    let (chi2, cells) = pearson(&exact, &seen, reps);
    // The 0.999 quantile of chi-square with `cells` degrees of freedom (the pooled cell
    // makes one more, less the one the total fixes), by Wilson & Hilferty (1931).
    let df = cells as f64;
    let limit = df * (1.0 - 2.0 / (9.0 * df) + 3.09 * (2.0 / (9.0 * df)).sqrt()).powi(3);
    assert!(cells > 100, "{cells} cells");
    assert!(
        chi2 < limit,
        "chi2 {chi2} over {cells} cells, limit {limit}"
    );
}

#[test]
fn whole_blocks_only_draw_every_paragraph_about_equally() {
    // Eight valued paragraphs of ten in two whole blocks of 4 (no short block): 20,000
    // draws in all, each paragraph about 2,000 (sd about 42), 4,000 others.
    let valued: Vec<u32> = (0..8).collect();
    let draws = Draws::new(&[1.0; 10], &valued).with_block_bits(2);
    let (seen, others) = tally(&draws, 8, 9);
    assert!(seen.iter().all(|&s| (1800..2200).contains(&s)), "{seen:?}");
    assert!((3_700.0..4_300.0).contains(&others), "{others}");
}

#[test]
fn a_whole_block_takes_every_index_of_it() {
    // One block of 2^2 paragraphs, 4,000 draws at 2 bits each: every index is drawn
    // about 1,000 times (sd about 27) and none is left out.
    let mut counts = [0u8; 4];
    let mut totals = [0u32; 4];
    let mut rng = SplitMix::new(3, 0);
    for _ in 0..40 {
        counts.fill(0);
        spread_bits(100, 2, &mut counts, &mut rng);
        assert_eq!(counts.iter().map(|&c| c as u32).sum::<u32>(), 100);
        for (t, &c) in totals.iter_mut().zip(&counts) {
            *t += c as u32;
        }
    }
    assert!(
        totals.iter().all(|&t| (880..1120).contains(&t)),
        "{totals:?}"
    );
}

#[test]
fn each_group_and_replicate_reads_its_own_sums_in_a_short_last_block() {
    // Group g has [1, 10^g] in paragraph g alone, of size 10^g; paragraphs 3 and 4 have no
    // value and size 1000. So a replicate's group g holds [c, c * 10^g], c how often it drew
    // paragraph g, and its total size is the three counts' sizes plus 1000 for the rest: a
    // group or replicate read from the wrong place breaks one of the two.
    let groups: Vec<Group> = (0..3)
        .map(|g| Group {
            paragraphs: vec![g as u32],
            values: vec![1.0, 10f64.powi(g)],
            ..Default::default()
        })
        .collect();
    let sizes = [1.0, 10.0, 100.0, 1000.0, 1000.0];
    // 50 = 3 blocks of LANES and one of 2.
    let reps = Bootstrap {
        replicates: 50,
        seed: 4,
    }
    .sums(&sizes, &groups, 2)
    .unwrap();
    assert_eq!(Replicates::LANES, 16);
    for g in 0..3 {
        let rows: Vec<&[f64]> = reps.rows_of(g).collect();
        assert_eq!(rows.len(), 50);
        for (b, row) in rows.iter().enumerate() {
            assert_eq!(*row, reps.group(b, g));
            assert_eq!(row[1], row[0] * 10f64.powi(g as i32));
        }
        // The block runs hold the same sums in the same order: 16, 16, 16 and 2 replicates.
        let runs: Vec<usize> = reps.runs_of(g).map(<[f64]>::len).collect();
        assert_eq!(runs, [32, 32, 32, 4]);
        assert!(reps.runs_of(g).flatten().eq(rows.iter().copied().flatten()));
    }
    let mut drawn_twice = 0;
    for b in 0..50 {
        let c: Vec<f64> = (0..3).map(|g| reps.group(b, g)[0]).collect();
        let valued = c[0] + 10.0 * c[1] + 100.0 * c[2];
        assert_eq!(
            reps.totals[b],
            valued + 1000.0 * (5.0 - c.iter().sum::<f64>())
        );
        drawn_twice += c.iter().any(|&x| x >= 2.0) as usize;
    }
    assert!(drawn_twice > 0);
}
