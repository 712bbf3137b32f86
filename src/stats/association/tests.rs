use super::*;
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9
}

/// Worked by hand: o11 = 3, f(node) = 4, f(collocate) = 5, span 10 (5 + 5), N = 100.
///
/// R1 = 10 * 4 = 40, R2 = 100 - 40 = 60; C1 = 5, C2 = 95.
/// O11 = 3, O12 = 40 - 3 = 37, O21 = 5 - 3 = 2, O22 = 100 - 40 - 5 + 3 = 58
/// (check: 3 + 37 + 2 + 58 = 100).
/// E11 = 40 * 5 / 100 = 2, E12 = 40 * 95 / 100 = 38, E21 = 60 * 5 / 100 = 3,
/// E22 = 60 * 95 / 100 = 57 (check: 2 + 38 + 3 + 57 = 100).
#[test]
fn hand_worked_table() {
    let c = Counts {
        o11: 3,
        f_node: 4,
        f_collocate: 5,
        span: 10,
        n: 100,
    };
    assert!(!c.is_impossible());
    let t = c.table();
    assert_eq!([t.o11, t.o12, t.o21, t.o22], [3.0, 37.0, 2.0, 58.0]);
    assert_eq!(
        [t.r1, t.r2, t.c1, t.c2, t.n],
        [40.0, 60.0, 5.0, 95.0, 100.0]
    );
    assert_eq!([t.e11, t.e12, t.e21, t.e22], [2.0, 38.0, 3.0, 57.0]);
}

/// Every measure of the same table, worked by hand.
#[test]
fn hand_worked_measures() {
    let m = measures(&Counts {
        o11: 3,
        f_node: 4,
        f_collocate: 5,
        span: 10,
        n: 100,
    });
    assert!(close(m.e11, 2.0));
    // MI = log2(3 / 2) = log2(1.5) = 0.5849625007...
    assert!(close(m.mi, 0.5849625007211562));
    // MI3 = log2(3^3 / 2) = log2(13.5) = 3.7548875021...
    assert!(close(m.mi3, 3.7548875021634687));
    // t = (3 - 2) / sqrt(3) = 1 / 1.7320508 = 0.5773502691...
    assert!(close(m.t_score, 0.5773502691896258));
    // z = (3 - 2) / sqrt(2) = 0.7071067811...
    assert!(close(m.z_score, std::f64::consts::FRAC_1_SQRT_2));
    // G2 = 2 (3 ln(3/2) + 37 ln(37/38) + 2 ln(2/3) + 58 ln(58/57))
    //    = 2 (1.2163953 - 0.9867261 - 0.8109302 + 1.0087144) = 2 (0.4274534) = 0.8549068...
    // computed to full precision: 0.8549220867...; O11 = 3 > E11 = 2, so positive.
    let g2 = 2.0
        * (3.0 * 1.5f64.ln()
            + 37.0 * (37.0f64 / 38.0).ln()
            + 2.0 * (2.0f64 / 3.0).ln()
            + 58.0 * (58.0f64 / 57.0).ln());
    assert!(close(m.log_likelihood, g2));
    assert!(close(m.log_likelihood, 0.8549220867132246));
    // Dice = 2 * 3 / (4 + 5) = 6 / 9 = 0.6666...; with R1 it would be 6 / 45 = 0.1333.
    assert!(close(m.dice, 2.0 / 3.0));
    // logDice = 14 + log2(2/3) = 14 - 0.5849625 = 13.4150374992...
    assert!(close(m.log_dice, 13.415037499278844));
    // dP(collocate | node) = 3/40 - 2/60 = 0.075 - 0.0333333 = 0.0416666...
    assert!(close(m.delta_p_collocate_given_node, 0.075 - 2.0 / 60.0));
    assert!(close(m.delta_p_collocate_given_node, 0.041666666666666664));
    // dP(node | collocate) = 3/5 - 37/95 = 0.6 - 0.3894737 = 0.2105263...
    assert!(close(m.delta_p_node_given_collocate, 0.21052631578947367));
    // chi2: every |O - E| = 1, so 1/2 + 1/38 + 1/3 + 1/57
    //     = 0.5 + 0.0263158 + 0.3333333 + 0.0175439 = 0.8771930;
    // closed form N (O11 O22 - O12 O21)^2 / (R1 R2 C1 C2)
    //     = 100 (174 - 74)^2 / (40 * 60 * 5 * 95) = 1000000 / 1140000 = 0.8771930.
    assert!(close(m.chi2, 1_000_000.0 / 1_140_000.0));
    // log ratio = log2((3/40) / (2/60)) = log2(0.075 / 0.0333333) = log2(2.25) = 1.169925...
    assert!(close(m.log_ratio, 2.25f64.log2()));
    assert!(close(m.log_ratio, 1.1699250014423124));
}

/// Hardie's 0.5 correction and the sign of G2, worked by hand.
#[test]
fn zero_cells() {
    // O21 = 0: o11 = 2, f(node) = 1, f(coll) = 2, span 4, N = 20.
    // R1 = 4, R2 = 16, O21 = 0 -> 0.5: log2((2/4) / (0.5/16)) = log2(0.5 / 0.03125) = 4.
    let m = measures(&Counts {
        o11: 2,
        f_node: 1,
        f_collocate: 2,
        span: 4,
        n: 20,
    });
    assert!(close(m.log_ratio, 4.0));
    // Dice = 2 * 2 / (1 + 2) = 4/3 > 1: one window holds the collocate twice (not flagged).
    assert!(close(m.dice, 4.0 / 3.0) && m.log_dice > 14.0);

    // O11 = 0: f(node) = 1, f(coll) = 3, span 4, N = 20. R1 = 4, R2 = 16, C1 = 3, C2 = 17.
    // O = (0, 4, 3, 13), E11 = 4*3/20 = 0.6, E12 = 4*17/20 = 3.4, E21 = 16*3/20 = 2.4,
    // E22 = 16*17/20 = 13.6.
    let c = Counts {
        o11: 0,
        f_node: 1,
        f_collocate: 3,
        span: 4,
        n: 20,
    };
    let m = measures(&c);
    // log ratio: O11 = 0 -> 0.5: log2((0.5/4) / (3/16)) = log2(0.125 / 0.1875) = log2(2/3).
    assert!(close(m.log_ratio, (2.0f64 / 3.0).log2()));
    // G2 = 2 (0 + 4 ln(4/3.4) + 3 ln(3/2.4) + 13 ln(13/13.6))
    //    = 2 (0.650077 + 0.669431 - 0.586580) = 1.465881; O11 < E11: -1.465881.
    let g2 = 2.0
        * (4.0 * (4.0f64 / 3.4).ln() + 3.0 * (3.0f64 / 2.4).ln() + 13.0 * (13.0f64 / 13.6).ln());
    assert!(close(m.log_likelihood, -g2));
    assert!(close(m.log_likelihood, -1.4658814265752502));
    // Undefined with O11 = 0: MI, MI3, t, logDice. Defined: z, Dice = 0, dP, chi2.
    assert!(m.mi.is_nan() && m.mi3.is_nan() && m.t_score.is_nan() && m.log_dice.is_nan());
    assert!(close(m.z_score, -0.6 / 0.6f64.sqrt()));
    assert_eq!(m.dice, 0.0);
    assert!(close(m.delta_p_collocate_given_node, 0.0 - 3.0 / 16.0));
    assert!(close(m.delta_p_node_given_collocate, 0.0 - 4.0 / 17.0));
    // chi2 is unsigned: 0.36/0.6 + 0.36/3.4 + 0.36/2.4 + 0.36/13.6 = 0.882353.
    assert!(close(
        m.chi2,
        0.36 / 0.6 + 0.36 / 3.4 + 0.36 / 2.4 + 0.36 / 13.6
    ));
}

/// Dice with R1 in place of f(node) would be off by a factor of about span: here
/// 2 * 8 / (230 + 72) = 0.053 instead of 2 * 8 / (23 + 72) = 0.168.
#[test]
fn dice_uses_node_frequency() {
    let c = Counts {
        o11: 8,
        f_node: 23,
        f_collocate: 72,
        span: 10,
        n: 10379,
    };
    assert!(close(dice(&c), 16.0 / 95.0));
    // Independent of N and of the span.
    let other = Counts {
        span: 2,
        n: 1_000_000,
        ..c
    };
    assert_eq!(log_dice(&c), log_dice(&other));
}

#[test]
fn impossible_tables_are_flagged() {
    let base = Counts {
        o11: 3,
        f_node: 4,
        f_collocate: 5,
        span: 10,
        n: 100,
    };
    let cases = [
        // Overlapping windows, per-occurrence counting: O11 > f(collocate), O21 < 0.
        Counts {
            o11: 3,
            f_node: 51,
            f_collocate: 2,
            span: 10,
            n: 10379,
        },
        // R1 = 200 > N = 100.
        Counts { f_node: 20, ..base },
        // O11 > R1 = 10.
        Counts {
            o11: 11,
            f_node: 1,
            f_collocate: 20,
            ..base
        },
        // f(collocate) > N.
        Counts {
            o11: 0,
            f_collocate: 101,
            ..base
        },
        // f(node) > N, even with span 0.
        Counts {
            o11: 0,
            f_node: 101,
            span: 0,
            ..base
        },
        // span * f(node) overflows u64.
        Counts {
            f_node: u64::MAX,
            span: u64::MAX,
            n: u64::MAX,
            ..base
        },
    ];
    for c in cases {
        assert!(c.is_impossible(), "{c:?}");
        let m = measures(&c);
        let t = c.table();
        assert!(t.has_negative_cell() || c.f_node > c.n, "{c:?} {t:?}");
        for (name, v) in fields(&m).into_iter().skip(1) {
            assert!(v.is_nan(), "{name} = {v} for {c:?}");
        }
        // The single functions refuse too.
        assert!(mi(&t).is_nan() || c.f_node > c.n);
        assert!(dice(&c).is_nan() && log_dice(&c).is_nan());
    }
    assert!(!base.is_impossible());
    // O11 = f(collocate) and O11 = R1 are possible.
    assert!(!Counts { o11: 5, ..base }.is_impossible());
    assert!(!Counts {
        o11: 10,
        f_node: 1,
        f_collocate: 10,
        ..base
    }
    .is_impossible());
}

fn fields(m: &Measures) -> [(&'static str, f64); 12] {
    [
        ("e11", m.e11),
        ("mi", m.mi),
        ("mi3", m.mi3),
        ("t_score", m.t_score),
        ("z_score", m.z_score),
        ("log_likelihood", m.log_likelihood),
        ("log_dice", m.log_dice),
        ("dice", m.dice),
        (
            "delta_p_collocate_given_node",
            m.delta_p_collocate_given_node,
        ),
        (
            "delta_p_node_given_collocate",
            m.delta_p_node_given_collocate,
        ),
        ("chi2", m.chi2),
        ("log_ratio", m.log_ratio),
    ]
}

/// Every combination of awkward values: no panic, impossible tables flagged with NaN
/// measures, possible ones never infinite.
#[test]
fn edge_sweep_never_panics() {
    let values = [
        0,
        1,
        2,
        3,
        10,
        100,
        10_379,
        u64::from(u32::MAX),
        u64::MAX / 2,
        u64::MAX - 1,
        u64::MAX,
    ];
    let mut impossible = 0;
    let mut possible = 0;
    for &o11 in &values {
        for &f_node in &values {
            for &f_collocate in &values {
                for &span in &[0, 1, 2, 10, 1000, u64::MAX] {
                    for &n in &values {
                        let c = Counts {
                            o11,
                            f_node,
                            f_collocate,
                            span,
                            n,
                        };
                        let m = measures(&c);
                        let t = c.table();
                        if c.is_impossible() {
                            impossible += 1;
                            for (name, v) in fields(&m).into_iter().skip(1) {
                                assert!(v.is_nan(), "{name} = {v} for {c:?}");
                            }
                            continue;
                        }
                        possible += 1;
                        assert!(!t.has_negative_cell(), "{c:?}");
                        // Exact impossibility is decided in integers: re-check it here.
                        let r1 = u128::from(span) * u128::from(f_node);
                        assert!(
                            u128::from(o11) <= r1
                                && o11 <= f_collocate
                                && r1 + u128::from(f_collocate) <= u128::from(n) + u128::from(o11)
                                && f_node <= n,
                            "{c:?}"
                        );
                        for (name, v) in fields(&m) {
                            assert!(!v.is_infinite(), "{name} = {v} for {c:?}");
                        }
                        if n > 0 {
                            assert!(!m.log_likelihood.is_nan(), "{c:?}");
                            assert!(!m.e11.is_nan(), "{c:?}");
                        }
                    }
                }
            }
        }
    }
    assert!(impossible > 0 && possible > 0);
}

proptest! {
    /// On random possible tables: chi2 equals its closed form, G2's sign follows O11 - E11,
    /// MI = log2(O11 N / (R1 C1)), the Delta Ps lie in [-1, 1].
    #[test]
    fn identities(
        n in 1u64..5000,
        node_share in 0.0f64..0.2,
        coll_share in 0.0f64..1.0,
        span in 1u64..12,
        joint in 0.0f64..1.0,
    ) {
        let f_node = ((n as f64 * node_share) as u64).min(n / span);
        let f_collocate = (n as f64 * coll_share) as u64;
        let r1 = span * f_node;
        // O11 between max(0, R1 + C1 - N) and min(R1, C1).
        let lo = (r1 + f_collocate).saturating_sub(n);
        let hi = r1.min(f_collocate);
        let o11 = lo + ((hi - lo) as f64 * joint) as u64;
        let c = Counts { o11, f_node, f_collocate, span, n };
        prop_assert!(!c.is_impossible());
        let t = c.table();
        let m = measures(&c);
        let closed = t.n * (t.o11 * t.o22 - t.o12 * t.o21).powi(2) / (t.r1 * t.r2 * t.c1 * t.c2);
        if closed.is_finite() {
            prop_assert!((m.chi2 - closed).abs() <= 1e-9 * closed.max(1.0));
        } else {
            prop_assert!(m.chi2.is_nan());
        }
        prop_assert!(m.log_likelihood.is_finite());
        if t.o11 > t.e11 * (1.0 + 1e-12) {
            prop_assert!(m.log_likelihood >= 0.0);
        } else if t.o11 < t.e11 * (1.0 - 1e-12) {
            prop_assert!(m.log_likelihood <= 0.0);
        }
        if o11 > 0 {
            prop_assert!((m.mi - (t.o11 * t.n / (t.r1 * t.c1)).log2()).abs() < 1e-9);
        }
        for dp in [m.delta_p_collocate_given_node, m.delta_p_node_given_collocate] {
            prop_assert!(dp.is_nan() || (-1.0 - 1e-12..=1.0 + 1e-12).contains(&dp));
        }
    }
}
