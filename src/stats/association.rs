//! Association measures: how strongly a collocate is attracted to a node word.
//!
//! Takes the counts behind one (node, collocate) pair ([`Counts`]): how often the collocate
//! falls in a window around the node, the two words' frequencies, the window size and the
//! corpus size. Gives the 2x2 contingency table ([`Table`]) and a dozen association measures
//! ([`Measures`], [`measures`]), one public function per measure with its formula and source.
//! Why: rankings of collocates differ more by the measure and the counting convention than by
//! anything else, so every convention here is stated, and every value is checked against an
//! independent implementation (`scripts/association_reference.py`, scipy) in
//! `tests/association.rs`.
//!
//! ## The table (Evert 2008, sec. 4.1)
//!
//! Every token position of the corpus is classified twice: is it inside a window around an
//! occurrence of the node (row 1) or not (row 2); is it the collocate (column 1) or not
//! (column 2). With a window of `span` tokens (left + right) around each of the node's
//! `f(node)` occurrences:
//!
//! ```text
//!                 collocate      other                total
//! in a window     O11            O12 = R1 - O11       R1 = span * f(node)
//! elsewhere       O21 = C1-O11   O22 = N-R1-C1+O11    R2 = N - R1
//! total           C1 = f(coll)   C2 = N - C1          N
//! ```
//!
//! and the expected frequencies under independence are `Eij = Ri * Cj / N`, so
//! `E11 = span * f(node) * f(coll) / N` (Evert, S. (2008). Corpora and collocations. In
//! A. Lüdeling & M. Kytö (eds.), *Corpus Linguistics. An International Handbook*, vol. 2,
//! art. 58, 1212–1248. Berlin: Mouton de Gruyter). This is also the convention of BNCweb/CQPweb,
//! the R package `corpora` and KorAP. NLTK's window finder differs (it counts to the right
//! only and divides the joint count by `window - 1`): its PMI agrees, its t, G2 and chi2 do
//! not. WordSmith's MI has no span factor (it is higher by `log2(span)`).
//!
//! `R1` counts window *positions*, not distinct tokens, and it is a convention rather than an
//! exact count: windows cut short by the edge of a text (or of a sentence, where the caller
//! bounds windows) still count `span` positions, and overlapping windows count shared
//! positions twice. Keeping the convention keeps the values comparable with the tools above.
//!
//! ## Per-occurrence and union counting
//!
//! **Per-occurrence** counting adds one to `O11` for every (node occurrence, collocate token in
//! its window) pair. Where two node occurrences are closer than the window, one collocate token
//! is counted once per window: `O11` can then exceed `f(collocate)`, and `O21 = C1 - O11` is
//! negative. (In the Trotsky excerpt, "silent" occurs twice but falls 3 times in windows
//! around "soviet".) **Union** counting counts each collocate token once, however many windows
//! it falls in: `O11 <= f(collocate)` always, and the table is always possible. Either way
//! `O11` may exceed `f(node)` (one window can hold the collocate twice).
//!
//! A table with a negative cell (or `R1 > N`, which forces one, or `f(node) > N`) is
//! **impossible**: [`Counts::is_impossible`] flags it, and [`measures`] gives NaN for every
//! measure of it but `e11`, rather than a number that looks meaningful (the single measure
//! functions return NaN for a table with a negative cell too). Callers should report the flag
//! in their output row, never drop such rows silently.
//!
//! ## Why Dice and logDice use f(node), not R1
//!
//! Dice compares the joint frequency with the two words' own frequencies:
//! `2 * f(x, y) / (f(x) + f(y))` (Rychlý 2008). Its inputs are word frequencies, not window
//! sizes; with `R1 = span * f(node)` in place of `f(node)` a 10-token window divides by
//! almost ten times too much (off by up to 90%) and logDice loses its fixed maximum of 14.
//! Rychlý (2008) defines it on the words' frequencies; KorAP's `association-scores.R` uses
//! `window_size * O1` and so differs from this module. With window counting, `O11` can
//! exceed `f(node)` (above), and then Dice can exceed 1 and logDice 14: this is not flagged,
//! since the table itself is possible.
//!
//! ## Signed G2
//!
//! G2 is a two-sided test statistic and never negative: it measures how far the table is from
//! independence in either direction, so a collocate that avoids the node (`O11 < E11`) can
//! score as high as one attracted to it. This module returns **signed** G2: `-G2` when
//! `O11 < E11` (`+G2` otherwise), so that sorting by it puts attraction first and repulsion
//! last. `|G2|` is the usual statistic (chi-squared with 1 degree of freedom:
//! `|G2| > 3.84` is p < .05, `> 10.83` is p < .001). Pearson's chi2 ([`chi2`]) is **unsigned**.
//!
//! ## Undefined values
//!
//! Where a formula is undefined (a zero denominator, the log of zero) the value is `f64::NAN`,
//! never an infinity, and no input panics (any `u64`, including 0, `o11 > f_collocate`,
//! `span * f_node` beyond `u64::MAX`). Each function's doc says when it is NaN. Sort with
//! `f64::total_cmp` or put NaN rows last explicitly.

/// The counts behind one (node, collocate) pair.
///
/// ```
/// use corpus_lens::association::{measures, Counts};
/// // "Soviet" 4 times in a corpus of 100 tokens, "Smolny" 5 times, 3 of them in the 5 + 5
/// // token windows around "Soviet".
/// let c = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 };
/// assert!(!c.is_impossible());
/// assert!(measures(&c).mi > 0.0, "seen more often than expected: attracted");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Counts {
    /// `O11`: co-occurrences of the collocate in windows around the node (per-occurrence or
    /// union counting; see the module doc).
    pub o11: u64,
    /// `f(node)`: occurrences of the node in the corpus.
    pub f_node: u64,
    /// `f(collocate)` = `C1`: occurrences of the collocate in the corpus.
    pub f_collocate: u64,
    /// Window size in tokens, left plus right (5 + 5 = 10); `R1 = span * f_node`.
    pub span: u64,
    /// `N`: tokens in the corpus.
    pub n: u64,
}

/// The 2x2 contingency table of one pair, in Evert's (2008) notation, as `f64`.
///
/// Built by [`Counts::table`]. Observed cells `oij`, row totals `r1` (window positions) and
/// `r2`, column totals `c1` (the collocate) and `c2`, corpus size `n`, and expected cells
/// `eij = ri * cj / n`.
///
/// ```
/// use corpus_lens::association::{t_score, Counts};
/// let t = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 }.table();
/// assert_eq!(t.r1, 40.0); // 4 occurrences x 10 window positions
/// assert_eq!(t.o11 + t.o12 + t.o21 + t.o22, t.n);
/// assert!((t_score(&t) - (3.0 - 2.0) / 3f64.sqrt()).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Table {
    /// `O11`: the collocate in a node window.
    pub o11: f64,
    /// `O12 = R1 - O11`: other tokens in node windows.
    pub o12: f64,
    /// `O21 = C1 - O11`: the collocate outside node windows.
    pub o21: f64,
    /// `O22 = N - R1 - C1 + O11`: other tokens outside node windows.
    pub o22: f64,
    /// `R1 = span * f(node)`: window positions.
    pub r1: f64,
    /// `R2 = N - R1`: positions outside windows.
    pub r2: f64,
    /// `C1 = f(collocate)`.
    pub c1: f64,
    /// `C2 = N - C1`.
    pub c2: f64,
    /// `N`: corpus size in tokens.
    pub n: f64,
    /// `E11 = R1 * C1 / N`.
    pub e11: f64,
    /// `E12 = R1 * C2 / N`.
    pub e12: f64,
    /// `E21 = R2 * C1 / N`.
    pub e21: f64,
    /// `E22 = R2 * C2 / N`.
    pub e22: f64,
}

impl Counts {
    /// The contingency table: `R1 = span * f_node`, `C1 = f_collocate`, `O12 = R1 - O11`,
    /// `O21 = C1 - O11`, `O22 = N - R1 - C1 + O11`, `R2 = N - R1`, `C2 = N - C1`,
    /// `Eij = Ri * Cj / N` (Evert 2008, sec. 4.1).
    ///
    /// Cells and margins are computed exactly in integers and then converted, so their signs
    /// are exact (a negative cell marks an impossible table) and a margin of 1 near
    /// `u64::MAX` does not round to 0; when `span * f_node` overflows 128-bit arithmetic they
    /// are computed in `f64`. With `N = 0` the expected cells are NaN.
    ///
    /// ```
    /// use corpus_lens::association::Counts;
    /// let c = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 };
    /// let t = c.table();
    /// assert_eq!((t.o11, t.o12, t.o21, t.o22), (3.0, 37.0, 2.0, 58.0));
    /// assert_eq!((t.r1, t.r2, t.c1, t.c2), (40.0, 60.0, 5.0, 95.0));
    /// assert_eq!((t.e11, t.e12, t.e21, t.e22), (2.0, 38.0, 3.0, 57.0));
    /// ```
    pub fn table(&self) -> Table {
        let n = self.n as f64;
        let c1 = self.f_collocate as f64;
        let [r1, r2, c2, o12, o21, o22] = match self.exact_cells() {
            Some(cells) => cells.map(|x| x as f64),
            None => {
                let o11 = self.o11 as f64;
                let r1 = self.span as f64 * self.f_node as f64;
                [r1, n - r1, n - c1, r1 - o11, c1 - o11, n - r1 - c1 + o11]
            }
        };
        Table {
            o11: self.o11 as f64,
            o12,
            o21,
            o22,
            r1,
            r2,
            c1,
            c2,
            n,
            e11: r1 * c1 / n,
            e12: r1 * c2 / n,
            e21: r2 * c1 / n,
            e22: r2 * c2 / n,
        }
    }

    /// `[R1, R2, C2, O12, O21, O22]` in exact integer arithmetic (so that near `u64::MAX`
    /// a margin of 1 is not rounded to 0); `None` on overflow, possible only when
    /// `span * f_node` is far beyond `u64::MAX`, so beyond any `N`.
    fn exact_cells(&self) -> Option<[i128; 6]> {
        let (o11, c1, n) = (
            i128::from(self.o11),
            i128::from(self.f_collocate),
            i128::from(self.n),
        );
        let r1 = i128::from(self.span).checked_mul(i128::from(self.f_node))?;
        let r2 = n.checked_sub(r1)?;
        let o22 = r2.checked_sub(c1)?.checked_add(o11)?;
        Some([r1, r2, n - c1, r1 - o11, c1 - o11, o22])
    }

    /// True when the counts cannot come from one corpus under the span convention: some cell
    /// of the table is negative (`O11 > R1`, `O11 > f_collocate`, `R1 > N` or
    /// `f_collocate > N` each force one), or `f_node > N`.
    ///
    /// Per-occurrence counting produces `O11 > f_collocate` where node windows overlap (see
    /// the module doc). Such a row must be flagged, never silently wrong: [`measures`],
    /// [`dice`] and [`log_dice`] return NaN for it, and so does each function of a [`Table`]
    /// with a negative cell ([`Table::has_negative_cell`]).
    ///
    /// ```
    /// use corpus_lens::association::Counts;
    /// // "silent" occurs twice in the Trotsky excerpt, but 3 times in windows around "soviet".
    /// let c = Counts { o11: 3, f_node: 51, f_collocate: 2, span: 10, n: 10379 };
    /// assert!(c.is_impossible());
    /// // A node that fills more window positions than the corpus has tokens.
    /// assert!(Counts { o11: 1, f_node: 20, f_collocate: 5, span: 10, n: 100 }.is_impossible());
    /// assert!(!Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 }.is_impossible());
    /// ```
    pub fn is_impossible(&self) -> bool {
        if self.f_node > self.n {
            return true;
        }
        match self.exact_cells() {
            Some([_, _, _, o12, o21, o22]) => o12 < 0 || o21 < 0 || o22 < 0,
            None => true,
        }
    }
}

impl Table {
    /// True when a cell or margin is negative: the table of impossible counts (see
    /// [`Counts::is_impossible`], which also catches `f_node > N`). Every measure on such a
    /// table is NaN.
    ///
    /// ```
    /// use corpus_lens::association::Counts;
    /// // Overlapping windows counted per occurrence: 3 hits of a word that occurs twice.
    /// let t = Counts { o11: 3, f_node: 51, f_collocate: 2, span: 10, n: 10379 }.table();
    /// assert_eq!(t.o21, -1.0);
    /// assert!(t.has_negative_cell());
    /// assert!(!Counts { o11: 2, f_node: 51, f_collocate: 2, span: 10, n: 10379 }.table().has_negative_cell());
    /// ```
    pub fn has_negative_cell(&self) -> bool {
        [self.o11, self.o12, self.o21, self.o22, self.r2, self.c2]
            .iter()
            .any(|&x| x < 0.0)
    }
}

/// All measures for one pair. See the function of the same name for each formula, source and
/// the inputs where it is NaN.
///
/// ```
/// use corpus_lens::association::{log_likelihood, measures, Counts};
/// let c = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 };
/// let m = measures(&c);
/// assert_eq!(m.e11, 2.0);
/// assert!((m.mi - 1.5f64.log2()).abs() < 1e-12);
/// assert_eq!(m.log_likelihood, log_likelihood(&c.table()));
/// // An impossible table has no measures but its expectation.
/// let m = measures(&Counts { o11: 3, f_node: 51, f_collocate: 2, span: 10, n: 10379 });
/// assert!(m.mi.is_nan() && m.e11 > 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    /// `E11 = span * f(node) * f(collocate) / N`: expected co-occurrences. Reported even for
    /// an impossible table (it is what that table expects); NaN only when `N = 0`.
    pub e11: f64,
    /// Pointwise mutual information, [`mi`].
    pub mi: f64,
    /// MI3, [`mi3`].
    pub mi3: f64,
    /// t-score, [`t_score`].
    pub t_score: f64,
    /// z-score, [`z_score`].
    pub z_score: f64,
    /// Signed log-likelihood G2, [`log_likelihood`].
    pub log_likelihood: f64,
    /// logDice, [`log_dice`].
    pub log_dice: f64,
    /// Dice coefficient, [`dice`].
    pub dice: f64,
    /// Delta P of the collocate given the node, [`delta_p_collocate_given_node`].
    pub delta_p_collocate_given_node: f64,
    /// Delta P of the node given the collocate, [`delta_p_node_given_collocate`].
    pub delta_p_node_given_collocate: f64,
    /// Pearson's chi-squared (unsigned), [`chi2`].
    pub chi2: f64,
    /// Collocational log ratio, [`log_ratio`].
    pub log_ratio: f64,
}

/// Every measure for one pair. For impossible counts ([`Counts::is_impossible`]) every
/// measure but `e11` is NaN.
///
/// ```
/// use corpus_lens::association::{measures, Counts};
/// // "regarded" in a window of 5 tokens right of "bourgeoisie" in the Trotsky excerpt
/// // (N = 10379 tokens as counted by scripts/association_reference.py).
/// let m = measures(&Counts { o11: 2, f_node: 23, f_collocate: 2, span: 5, n: 10379 });
/// assert!((m.log_likelihood - 18.045031338962794).abs() < 1e-9); // RESEARCH.md: 18.05
/// assert!((m.log_dice - (14.0 + (4.0f64 / 25.0).log2())).abs() < 1e-12);
/// ```
pub fn measures(c: &Counts) -> Measures {
    let t = c.table();
    if c.is_impossible() {
        let nan = f64::NAN;
        return Measures {
            e11: t.e11,
            mi: nan,
            mi3: nan,
            t_score: nan,
            z_score: nan,
            log_likelihood: nan,
            log_dice: nan,
            dice: nan,
            delta_p_collocate_given_node: nan,
            delta_p_node_given_collocate: nan,
            chi2: nan,
            log_ratio: nan,
        };
    }
    Measures {
        e11: t.e11,
        mi: mi(&t),
        mi3: mi3(&t),
        t_score: t_score(&t),
        z_score: z_score(&t),
        log_likelihood: log_likelihood(&t),
        log_dice: log_dice(c),
        dice: dice(c),
        delta_p_collocate_given_node: delta_p_collocate_given_node(&t),
        delta_p_node_given_collocate: delta_p_node_given_collocate(&t),
        chi2: chi2(&t),
        log_ratio: log_ratio(&t),
    }
}

/// Pointwise **mutual information**: `MI = log2(O11 / E11)`.
///
/// Church, K. W. & Hanks, P. (1990). Word association norms, mutual information, and
/// lexicography. *Computational Linguistics* 16(1), 22–29. (With the window span in `E11`, as
/// in Evert 2008; WordSmith leaves the span out.) 0 when `O11 = E11`; favours rare pairs.
///
/// NaN when `O11 = 0` (the log of 0), when `N = 0`, and for an impossible table.
///
/// ```
/// use corpus_lens::association::{mi, Counts};
/// let t = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 }.table();
/// assert!((mi(&t) - 1.5f64.log2()).abs() < 1e-12); // E11 = 2
/// ```
pub fn mi(t: &Table) -> f64 {
    if t.has_negative_cell() || t.o11 <= 0.0 || !positive(t.e11) {
        return f64::NAN;
    }
    (t.o11 / t.e11).log2()
}

/// **MI3**: `MI3 = log2(O11^3 / E11)`, MI with the joint frequency cubed to counter MI's
/// preference for rare pairs.
///
/// Daille, B. (1994). *Approche mixte pour l'extraction automatique de terminologie :
/// statistiques lexicales et filtres linguistiques.* PhD thesis, Université Paris 7;
/// Oakes, M. P. (1998). *Statistics for Corpus Linguistics.* Edinburgh: Edinburgh University
/// Press.
///
/// NaN when `O11 = 0`, when `N = 0`, and for an impossible table.
///
/// ```
/// use corpus_lens::association::{mi3, Counts};
/// let t = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 }.table();
/// assert!((mi3(&t) - 13.5f64.log2()).abs() < 1e-12); // 27 / 2
/// ```
pub fn mi3(t: &Table) -> f64 {
    if t.has_negative_cell() || t.o11 <= 0.0 || !positive(t.e11) {
        return f64::NAN;
    }
    (t.o11.powi(3) / t.e11).log2()
}

/// **t-score**: `t = (O11 - E11) / sqrt(O11)`.
///
/// Church, K. W., Gale, W., Hanks, P. & Hindle, D. (1991). Using statistics in lexical
/// analysis. In U. Zernik (ed.), *Lexical Acquisition: Exploiting On-Line Resources to Build a
/// Lexicon*, 115–164. Hillsdale, NJ: Lawrence Erlbaum. (The form with `O11` as the variance
/// estimate, as in Evert 2008.) Negative when the pair occurs less often than expected.
///
/// NaN when `O11 = 0` (zero denominator), when `N = 0`, and for an impossible table.
///
/// ```
/// use corpus_lens::association::{t_score, Counts};
/// let t = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 }.table();
/// assert!((t_score(&t) - 1.0 / 3f64.sqrt()).abs() < 1e-12);
/// ```
pub fn t_score(t: &Table) -> f64 {
    if t.has_negative_cell() || t.o11 <= 0.0 || t.e11.is_nan() {
        return f64::NAN;
    }
    (t.o11 - t.e11) / t.o11.sqrt()
}

/// **z-score**: `z = (O11 - E11) / sqrt(E11)`.
///
/// Dennis, S. F. (1965). The construction of a thesaurus automatically from a sample of text.
/// In M. E. Stevens, V. E. Giuliano & L. B. Heilprin (eds.), *Statistical Association Methods
/// for Mechanized Documentation: Symposium Proceedings*, 61–148. Washington, DC: National
/// Bureau of Standards (Miscellaneous Publication 269); Berry-Rogghe, G. L. M. (1973). The
/// computation of collocations and their relevance in lexical studies. In A. J. Aitken,
/// R. W. Bailey & N. Hamilton-Smith (eds.), *The Computer and Literary Studies*, 103–112.
/// Edinburgh: Edinburgh University Press. (WordSmith uses `E = f(node) * span * f(coll) /
/// (N - f(node))` instead; this is Evert's `E11`.)
///
/// NaN when `E11 = 0` (the node or the collocate never occurs, or `span = 0`), when `N = 0`,
/// and for an impossible table.
///
/// ```
/// use corpus_lens::association::{z_score, Counts};
/// let t = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 }.table();
/// assert!((z_score(&t) - 1.0 / 2f64.sqrt()).abs() < 1e-12);
/// ```
pub fn z_score(t: &Table) -> f64 {
    if t.has_negative_cell() || !positive(t.e11) {
        return f64::NAN;
    }
    (t.o11 - t.e11) / t.e11.sqrt()
}

/// **Signed log-likelihood** G2 over the full 2x2 table:
/// `G2 = 2 * sum_ij Oij * ln(Oij / Eij)`, with `0 * ln 0 = 0`, and negated when `O11 < E11`
/// (see "Signed G2" in the module doc).
///
/// Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
/// *Computational Linguistics* 19(1), 61–74; the four-cell form as in Evert, S.
/// (2008). Corpora and collocations. In A. Lüdeling & M. Kytö (eds.), *Corpus Linguistics. An
/// International Handbook*, vol. 2, art. 58, 1212–1248. Berlin: Mouton de Gruyter.
/// (Not the two-cell keyness LL of Rayson & Garside 2000.)
///
/// Defined for every possible table with `N > 0` (a cell with `Eij = 0` has `Oij = 0` and
/// adds nothing); NaN when `N = 0` and for an impossible table. A sum that rounds below 0 is
/// taken as 0.
///
/// ```
/// use corpus_lens::association::{log_likelihood, Counts};
/// // The collocate never occurs near the node though 0.6 times were expected: negative.
/// let t = Counts { o11: 0, f_node: 1, f_collocate: 3, span: 4, n: 20 }.table();
/// assert!(log_likelihood(&t) < 0.0);
/// ```
pub fn log_likelihood(t: &Table) -> f64 {
    if t.has_negative_cell() || !positive(t.n) {
        return f64::NAN;
    }
    let term = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
    let g2 = (2.0
        * (term(t.o11, t.e11) + term(t.o12, t.e12) + term(t.o21, t.e21) + term(t.o22, t.e22)))
    .max(0.0);
    if t.o11 < t.e11 {
        -g2
    } else {
        g2
    }
}

/// **Dice coefficient**: `Dice = 2 * O11 / (f(node) + f(collocate))`, with the node's
/// frequency, not `R1` (see the module doc).
///
/// Rychlý, P. (2008). A lexicographer-friendly association score. In P. Sojka & A. Horák
/// (eds.), *Proceedings of Recent Advances in Slavonic Natural Language Processing, RASLAN
/// 2008*, 6–9. Brno: Masaryk University. (Dice, L. R. (1945). Measures of the amount of
/// ecologic association between species. *Ecology* 26(3), 297–302.)
///
/// At most 1 when `O11 <= f(node)`; window counting can exceed that. NaN when both
/// frequencies are 0 and for impossible counts.
///
/// ```
/// use corpus_lens::association::{dice, Counts};
/// let c = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 };
/// assert!((dice(&c) - 6.0 / 9.0).abs() < 1e-12);
/// ```
pub fn dice(c: &Counts) -> f64 {
    let denominator = c.f_node as f64 + c.f_collocate as f64;
    if c.is_impossible() || denominator <= 0.0 {
        return f64::NAN;
    }
    2.0 * c.o11 as f64 / denominator
}

/// **logDice**: `logDice = 14 + log2(Dice)`, `Dice` as in [`dice`] (with `f(node)`).
///
/// Rychlý, P. (2008). A lexicographer-friendly association score. In P. Sojka & A. Horák
/// (eds.), *Proceedings of Recent Advances in Slavonic Natural Language Processing, RASLAN
/// 2008*, 6–9. Brno: Masaryk University.
///
/// 14 when the two words always occur together; each point less halves Dice. Independent of
/// `N` and of the span. NaN when `O11 = 0` (the log of 0), when both frequencies are 0, and
/// for impossible counts.
///
/// ```
/// use corpus_lens::association::{log_dice, Counts};
/// let c = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 };
/// assert!((log_dice(&c) - (14.0 + (6.0f64 / 9.0).log2())).abs() < 1e-12);
/// ```
pub fn log_dice(c: &Counts) -> f64 {
    let d = dice(c);
    if d > 0.0 {
        14.0 + d.log2()
    } else {
        f64::NAN
    }
}

/// **Delta P of the collocate given the node**: `dP = O11 / R1 - O21 / R2`, the probability
/// that a token is the collocate inside the node's windows minus outside them.
///
/// Ellis, N. C. (2006). Language acquisition as rational contingency learning. *Applied
/// Linguistics* 27(1), 1–24; Gries, S. Th. (2013). 50-something years of work on
/// collocations: What is or should be next … *International Journal of Corpus Linguistics*
/// 18(1), 137–165.
///
/// Between -1 and 1. NaN when `R1 = 0` (node absent or `span = 0`), when `R2 = 0` (the
/// windows cover the corpus), and for an impossible table.
///
/// ```
/// use corpus_lens::association::{delta_p_collocate_given_node, Counts};
/// let t = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 }.table();
/// assert!((delta_p_collocate_given_node(&t) - (3.0 / 40.0 - 2.0 / 60.0)).abs() < 1e-12);
/// ```
pub fn delta_p_collocate_given_node(t: &Table) -> f64 {
    if t.has_negative_cell() || !positive(t.r1) || !positive(t.r2) {
        return f64::NAN;
    }
    t.o11 / t.r1 - t.o21 / t.r2
}

/// **Delta P of the node given the collocate**: `dP = O11 / C1 - O12 / C2`, the probability
/// that a token stands in a node window when it is the collocate minus when it is not.
///
/// Ellis, N. C. (2006). Language acquisition as rational contingency learning. *Applied
/// Linguistics* 27(1), 1–24; Gries, S. Th. (2013). 50-something years of work on
/// collocations: What is or should be next … *International Journal of Corpus Linguistics*
/// 18(1), 137–165.
///
/// Between -1 and 1. NaN when `C1 = 0` (collocate absent), when `C2 = 0` (every token is the
/// collocate), and for an impossible table.
///
/// ```
/// use corpus_lens::association::{delta_p_node_given_collocate, Counts};
/// let t = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 }.table();
/// assert!((delta_p_node_given_collocate(&t) - (3.0 / 5.0 - 37.0 / 95.0)).abs() < 1e-12);
/// ```
pub fn delta_p_node_given_collocate(t: &Table) -> f64 {
    if t.has_negative_cell() || !positive(t.c1) || !positive(t.c2) {
        return f64::NAN;
    }
    t.o11 / t.c1 - t.o12 / t.c2
}

/// **Pearson's chi-squared**: `X2 = sum_ij (Oij - Eij)^2 / Eij` over the four cells, without
/// Yates' continuity correction. **Unsigned**: it is as large for repulsion (`O11 < E11`) as
/// for attraction; compare `O11` with `E11` for the direction.
///
/// Pearson, K. (1900). On the criterion that a given system of deviations from the probable
/// in the case of a correlated system of variables is such that it can be reasonably supposed
/// to have arisen from random sampling. *Philosophical Magazine*, Series 5, 50(302), 157–175.
/// (Equal to `N (O11 O22 - O12 O21)^2 / (R1 R2 C1 C2)`; Evert 2008.)
///
/// NaN when an expected cell is 0 (some margin `R1`, `R2`, `C1` or `C2` is 0), when `N = 0`,
/// and for an impossible table.
///
/// ```
/// use corpus_lens::association::{chi2, Counts};
/// let t = Counts { o11: 3, f_node: 4, f_collocate: 5, span: 10, n: 100 }.table();
/// // Every |O - E| is 1: 1/2 + 1/38 + 1/3 + 1/57.
/// assert!((chi2(&t) - (0.5 + 1.0 / 38.0 + 1.0 / 3.0 + 1.0 / 57.0)).abs() < 1e-12);
/// ```
pub fn chi2(t: &Table) -> f64 {
    let e = [t.e11, t.e12, t.e21, t.e22];
    if t.has_negative_cell() || e.iter().any(|&e| !positive(e)) {
        return f64::NAN;
    }
    let o = [t.o11, t.o12, t.o21, t.o22];
    o.iter().zip(e).map(|(&o, e)| (o - e) * (o - e) / e).sum()
}

/// Collocational **log ratio**: `LR = log2((O11 / R1) / (O21 / R2))`, the binary log of how
/// many times more frequent the collocate is inside the node's windows than outside them.
///
/// Hardie, A. (2014). Log Ratio – an informal introduction. ESRC Centre for Corpus Approaches
/// to Social Science (CASS), Lancaster University, blog post,
/// <http://cass.lancs.ac.uk/log-ratio-an-informal-introduction/> (as used for collocations in
/// CQPweb).
///
/// **Zero correction** (Hardie): a zero frequency `O11` or `O21` is replaced by 0.5 (only the
/// zero one, not both cells; `R1` and `R2` stay as they are). `O11 = 0` gives a large
/// negative value; `O21 = 0` (every occurrence of the collocate is in a node window) a large
/// positive one. NaN when both are 0 (`C1 = 0`, the collocate never occurs), when `R1 = 0` or
/// `R2 = 0`, and for an impossible table.
///
/// ```
/// use corpus_lens::association::{log_ratio, Counts};
/// // Both occurrences of the collocate fall in the node's 4 window positions (O21 = 0 -> 0.5):
/// // log2((2 / 4) / (0.5 / 16)) = log2(16) = 4.
/// let t = Counts { o11: 2, f_node: 1, f_collocate: 2, span: 4, n: 20 }.table();
/// assert!((log_ratio(&t) - 4.0).abs() < 1e-12);
/// ```
pub fn log_ratio(t: &Table) -> f64 {
    if t.has_negative_cell() || !positive(t.r1) || !positive(t.r2) || !positive(t.c1) {
        return f64::NAN;
    }
    let zero_to_half = |f: f64| if f > 0.0 { f } else { 0.5 };
    ((zero_to_half(t.o11) / t.r1) / (zero_to_half(t.o21) / t.r2)).log2()
}

/// `x > 0`, false for NaN: the guard of every denominator and logarithm above.
fn positive(x: f64) -> bool {
    x > 0.0
}

#[cfg(test)]
mod tests;
