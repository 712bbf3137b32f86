//! The schemas of the comparison and evaluation tables.

use super::ColumnType::{Boolean, Float, Integer, String as Text};
use super::{col, Schema};

schema! {
    /// `keyness.csv`: words over- or under-used in a target compared with a reference.
    KEYNESS = "keyness.csv";
    row: "one word in one comparison (target vs reference); by default only the 200 most \
          over-used and 200 most under-used words of each comparison (`--keyness-top N`; \
          every word with `--keyness-all`)";
    order: "comparison (as given; `analyze`: each document vs the rest, in corpus order), \
            then log_ratio_conservative descending, then log_likelihood signed by direction \
            descending, then word";
    col "target" Text "the target's selectors (a document id, or e.g. `author_faction=whites`), `+` between several";
    col "reference" Text "the reference's selectors; `rest` = every other document except the same work";
    col "word" Text "the word, lowercased";
    col "f_target" Integer "occurrences in the target (a)";
    col "f_reference" Integer "occurrences in the reference (b)";
    col "per_million_target" Float "a / c * 1,000,000";
    col "per_million_reference" Float "b / d * 1,000,000";
    col "log_likelihood" Float "2 (a ln(a/E1) + b ln(b/E2)), E1 = c(a+b)/(c+d), E2 = d(a+b)/(c+d) \
             (Rayson & Garside 2000)";
    col "log_ratio" Float "log2((a/c) / (b/d)) (Hardie 2014); with a zero frequency, 0.5 / max(c, d) added \
             to both rates, so its sign always agrees with direction";
    col "percent_diff" Float "100 (nf1 - nf2) / nf2 per million (Gabrielatos & Marchi 2012); empty when b = 0";
    col "chi2" Float "Pearson's chi-square of [[a, b], [c-a, d-b]], no continuity correction";
    col "bic" Float "log_likelihood - ln(c + d) (Wilson 2013)";
    col "p_value" Float "P(chi-square(1) >= log_likelihood), uncorrected";
    col "significant" Boolean "p_adjusted <= alpha (0.05 by default)";
    col "direction" Text "`over` (relatively more frequent in the target), `under` or `equal`";
    col "p_adjusted" Float "p_value corrected for the comparison's words (Benjamini-Hochberg FDR by default)";
    col "correction" Text "`fdr`, `bonferroni` or `none`";
    col "simple_maths" Float "(per_million_target + 1) / (per_million_reference + 1) (Kilgarriff 2009)";
    col "tokens_target" Integer "tokens in the target (c)";
    col "tokens_reference" Integer "tokens in the reference (d)";
    col "log_ratio_ci_low" Float "log_ratio - 1.96 SE / ln 2, SE = sqrt(1/a + 1/b - 1/c - 1/d), the word's own \
             95% interval (Katz 1978; CQPweb)";
    col "log_ratio_ci_high" Float "log_ratio + 1.96 SE / ln 2";
    col "log_ratio_conservative" Float "the end nearest 0 of the log ratio's interval at level alpha / m \
             (Bonferroni over the comparison's m words; alpha with --correction none), or 0 when it \
             spans 0 (CQPweb)";
    col "part_unit" Text "what the text-level tests count as a text: `document` (default), `chapter` or \
             `paragraph` (--parts)";
    col "parts_target" Integer "texts (parts with a counted token) in the target (n1)";
    col "parts_reference" Integer "texts in the reference (n2); the text-level columns below are empty \
             unless n1 >= 2 and n2 >= 2";
    col "welch_t" Float "Welch's t of the texts' relative frequencies a_i / c_i, target minus reference \
             (Welch 1947; scipy ttest_ind equal_var=False); empty when neither side varies";
    col "welch_df" Float "Welch-Satterthwaite degrees of freedom";
    col "welch_p" Float "two-sided p-value of welch_t (Student's t), uncorrected";
    col "cohens_d" Float "(mean1 - mean2) / pooled standard deviation (Cohen 1988)";
    col "mann_whitney_u" Float "U1 of the target's texts' relative frequencies (Mann & Whitney 1947), \
             ties sharing their mean rank";
    col "mann_whitney_p" Float "two-sided p-value as scipy mannwhitneyu(method='auto'): exact without \
             ties when a side has at most 8 texts, else normal with tie and continuity corrections";
    col "mann_whitney_method" Text "`exact` or `normal`: how mann_whitney_p was computed";
    col "rank_biserial" Float "2 U1 / (n1 n2) - 1 (Kerby 2014): 1 when every target text uses the word \
             more than every reference text";
    col "key_in" Integer "target texts in which the word is key: over-used against the whole \
             reference with a log-likelihood p-value <= alpha / m (Bonferroni over the comparison's \
             words; Scott's key key-words)";
}

schema! {
    /// `colloc_compare.csv`: how a node's collocates differ between target and reference.
    COLLOC_COMPARE = "colloc_compare.csv";
    row: "one collocate of one node in one comparison (node present on both sides)";
    order: "comparison, then node in the order given, then log_likelihood descending, then \
            collocate";
    col "target" Text "the target's selectors";
    col "reference" Text "the reference's selectors";
    col "node" Text "node as given";
    col "collocate" Text "collocate word, lowercased";
    col "o11_target" Integer "co-occurrences in the target's windows";
    col "o11_reference" Integer "co-occurrences in the reference's windows";
    col "f_node_target" Integer "node occurrences in the target";
    col "f_node_reference" Integer "node occurrences in the reference";
    col "f_collocate_target" Integer "collocate frequency in the target";
    col "f_collocate_reference" Integer "collocate frequency in the reference";
    col "log_dice_target" Float "14 + log2(2 o11 / (f_node + f_collocate)) in the target (Rychly 2008); empty \
             when o11 = 0";
    col "log_dice_reference" Float "logDice in the reference";
    col "log_dice_diff" Float "logDice target minus reference, log2(D_t / D_r) of the Dice values \
             D = 2 o11 / (f_node + f_collocate); where one o11 is 0, 1 / max(f_node + f_collocate) is added \
             to both D, so the sign is the side the collocate was seen on";
    col "log_ratio" Float "log2((o11_t / (span f_node_t)) / (o11_r / (span f_node_r))), zero as 0.5 \
             (Hardie 2014)";
    col "log_likelihood" Float "Rayson & Garside's log-likelihood of o11_t vs o11_r in window tokens \
             span x f_node of each side";
    col "p_value" Float "P(chi-square(1) >= log_likelihood), uncorrected";
    col "span" Integer "window tokens per node occurrence (left + right)";
}

schema! {
    /// `framing_compare.csv`: framing differences between target and reference.
    FRAMING_COMPARE = "framing_compare.csv";
    row: "one measure of one faction in one voice in one comparison (faction with mentions \
          on both sides)";
    order: "comparison, then faction in the lexicon's order, then voice (narrator, quoted, \
            all), then measure (as in framing_summary.csv)";
    col "target" Text "the target's selectors";
    col "reference" Text "the reference's selectors";
    col "faction" Text "faction id";
    col "faction_label" Text "faction label";
    col "voice" Text "`narrator`, `quoted` or `all`";
    col "measure" Text "as in framing_summary.csv";
    col "mentions_target" Integer "mentions in the target";
    col "mentions_reference" Integer "mentions in the reference";
    col "n_target" Integer "mentions the target's measure averages over";
    col "n_reference" Integer "mentions the reference's measure averages over";
    col "estimate_target" Float "the measure over all the target's documents pooled";
    col "estimate_reference" Float "the measure in the reference";
    col "difference" Float "estimate_target - estimate_reference";
    col "ci_low" Float "2.5% quantile of the difference over bootstrap replicates (paragraphs \
             resampled within each document; sides independent)";
    col "ci_high" Float "97.5% quantile of the difference";
    col "replicates" Integer "replicates in which both sides' measures were defined; 0 where enough_data is false (no interval is computed)";
    col "enough_data" Boolean "n_target and n_reference >= --min-mentions (5); when false, the interval and \
             the p-values are empty";
    col "p_value" Float "the bootstrap's two-sided p of no difference: 2 (min(#d <= 0, #d >= 0) + 1) / \
             (replicates + 1), at most 1 (Davison & Hinkley 1997)";
    col "p_adjusted" Float "p_value corrected by Benjamini-Hochberg over every tested row of the table";
    col "significant" Boolean "p_adjusted <= 0.05";
}

schema! {
    /// `evaluation.csv`: the framing scores against a gold standard (`corpus-lens evaluate`).
    EVALUATION = "evaluation.csv";
    row: "one measure of the agreement between the tool's mentions and a gold file's \
          labelled mentions, over the whole file or one faction's rows (long format)";
    order: "scope (`overall`, then each gold faction with a matched row, by id), then measure \
            in the order listed under `measure`";
    col "scope" Text "`overall`, or `faction` for the gold rows of one faction";
    col "faction" Text "the gold faction id; empty for `overall`";
    col "measure" Text "counts: `rows_gold` (gold mentions), `set_aside_excluded` (in excluded \
             matter), `found` (a tool mention overlaps), `found_with_faction` (one of the gold \
             faction does), `rows_matched` (the rows the measures use, as found_with_faction); \
             then over the matched rows, the valence's class being +1 at >= 0.05, -1 at <= \
             -0.05, else 0: `macro_f1`, `precision_<c>`, `recall_<c>` and `f1_<c>` for c in \
             neg, neu, pos, `spearman` (valence vs gold stance, average ranks), \
             `sign_accuracy` (polar gold rows with a valence other than 0: share of the right \
             sign), and the counts `confusion_<gold>_<pred>` (gold and predicted class in \
             neg, neu, pos); last in `overall`, `comparison_spearman`: whether the score's \
             mean per document orders the documents' stance toward each faction as the gold's \
             mean does (Spearman of the pairs of means of each document and faction with at \
             least 10 matched rows, centred within factions that have 3 such documents or \
             more; docs/framing.md)";
    col "value" Float "the count or the measure; empty when undefined (no row to divide by)";
    col "ci_low" Float "2.5% quantile of the measure over bootstrap replicates of the matched \
             rows (type 7; for comparison_spearman, of each document and faction's rows); empty \
             for counts";
    col "ci_high" Float "97.5% quantile of the bootstrap; empty for counts";
    col "n" Integer "rows behind the value: gold mentions (rows_gold, set_aside_excluded), those \
             not set aside (found, found_with_faction, rows_matched), matched rows (macro_f1, \
             spearman, confusion), rows predicted in the class (precision), of gold in it \
             (recall) or either (f1), polar rows with a valence (sign_accuracy), the \
             document-faction pairs (comparison_spearman; 0 when too few)";
    col "scorer" Text "what was scored: `valence` (the historical-mode VADER valence, its class by \
             the 0.05 thresholds), `stance` (the stance model's class and `stance_score`), or \
             `stance_cv` (`train-framing`: each document's rows scored by a model fitted on the \
             other documents); `stance_words` and `stance_words_cv` (`stance_score_words`, the \
             score without the faction prior) have only comparison_spearman";
}
