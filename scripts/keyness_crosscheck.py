#!/usr/bin/env python3
"""Cross-check keyness.csv's text-level columns against numpy and scipy.

What it checks: `corpus-lens compare` on the shipped corpus, for comparisons with several
documents on each side (three Bolshevik memoirs, leaving out the other translation of
Trotsky's book, against the four others; and two against three), with the default text unit (`document`). For every row of keyness.csv it
recomputes, from the per-document counts (freq_by_document.csv and corpus_summary.csv of
`corpus-lens freq`, every word kept) and nothing else:

- welch_t, welch_df, welch_p: scipy.stats.ttest_ind(x, y, equal_var=False);
- cohens_d: numpy, the pooled standard deviation;
- mann_whitney_u, mann_whitney_p: scipy.stats.mannwhitneyu(x, y, alternative="two-sided",
  method="auto"), and mann_whitney_method from scipy's own rule for "auto";
- rank_biserial: 2 U1 / (n1 n2) - 1;
- key_in: target documents where the word's rate exceeds the reference's and the
  log-likelihood's p-value (scipy.stats.chi2.sf, one degree of freedom) is at most
  alpha / m, m the comparison's rows;
- parts_target, parts_reference and part_unit;

where x and y are the word's relative frequencies count / tokens in each target and
reference document (zeros included). Then the same columns over chapters
(`--parts chapter`) on a generated fixture of four books, whose chapters are found here by the
rule of docs/text.md ("Chapters", re-implemented with `re`) and whose words are counted with
scripts/text_rules.py; `corpus_summary.csv`'s `chapters` is checked too. A difference above 1e-9 (relative beyond 1 in size),
an empty cell against a value, or a missing row fails.

Usage, from the repository root (after `cargo build --release`):

    python3 scripts/keyness_crosscheck.py [--binary target/release/corpus-lens]

Exit status 0 when everything agrees, 1 on any mismatch (the first 20 are listed).
"""

import argparse
import csv
import math
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import random
import re

import numpy as np
from scipy import stats

from text_rules import counted_tokens, paragraphs  # noqa: E402

TOL = 1e-9
ALPHA = 0.05
COMPARISONS = [
    (["trotsky1918", "reed1919", "trotsky1918our"],
     ["denikin1922", "radziwill1918", "ransome1919", "bryant1923"]),
    (["reed1919", "denikin1922"], ["ransome1919", "bryant1923", "radziwill1918"]),
]


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def number(cell):
    return math.nan if cell == "" else float(cell)


def differs(got, want):
    if math.isnan(want) or math.isinf(want):
        return not math.isnan(got)
    if math.isnan(got):
        return True
    return abs(got - want) > TOL * max(1.0, abs(want))


def log_likelihood(a, b, c, d):
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    s = 0.0
    if a > 0:
        s += a * math.log(a / e1)
    if b > 0:
        s += b * math.log(b / e2)
    return max(2.0 * s, 0.0)


def expected(x, y, a_i, c_i, b, d, level):
    x, y = np.array(x), np.array(y)
    n1, n2 = len(x), len(y)
    t = stats.ttest_ind(x, y, equal_var=False)
    u = stats.mannwhitneyu(x, y, alternative="two-sided", method="auto")
    ties = len(np.unique(np.concatenate([x, y]))) < n1 + n2
    pooled = math.sqrt(((n1 - 1) * np.var(x, ddof=1) + (n2 - 1) * np.var(y, ddof=1)) / (n1 + n2 - 2))
    key = sum(
        1
        for a, c in zip(a_i, c_i)
        if a * d > b * c and stats.chi2.sf(log_likelihood(a, b, c, d), 1) <= level
    )
    return {
        "welch_t": float(t.statistic),
        "welch_df": float(t.df),
        "welch_p": float(t.pvalue),
        "cohens_d": (np.mean(x) - np.mean(y)) / pooled if pooled > 0 else math.nan,
        "mann_whitney_u": float(u.statistic),
        "mann_whitney_p": float(u.pvalue),
        "rank_biserial": 2 * float(u.statistic) / (n1 * n2) - 1,
        "mann_whitney_method": "normal" if (n1 > 8 and n2 > 8) or ties else "exact",
        "key_in": key,
    }


# --- chapters: the rule of docs/text.md, and a fixture ------------------------------------
HEADING = re.compile(r"(?:CHAPTER|Chapter)\s+(?:[IVXLCDM]+|[ivxlcdm]+|[0-9]+)\s*(?:[.:]|[.:\-\u2014].*)?")
SECTIONS = {"PREFACE", "FOREWORD", "INTRODUCTION", "CONCLUSION", "EPILOGUE", "PROLOGUE", "AFTERWORD"}


def is_heading(para):
    line = para.strip()
    if "\n" in line or len(line) > 80:
        return False
    bare = line[:-1] if line.endswith(".") else line
    return bare in SECTIONS or HEADING.fullmatch(line) is not None


def chapters_of(text):
    """[(tokens, {word: count})] per chapter with a counted token."""
    out, current = [], []
    for para in paragraphs(text):
        if is_heading(para) and current:
            out.append(current)
            current = []
        current += counted_tokens(para)
    if current:
        out.append(current)
    return [(len(c), {w: c.count(w) for w in set(c)}) for c in out]


def fixture_book(rng, chapters):
    words = ["soviet", "army", "the", "peace", "bread", "land", "committee", "strike",
             "duma", "cossack", "officer", "the", "and", "of"]
    headings = ["CHAPTER I.", "Chapter II -- The Army", "CHAPTER III", "INTRODUCTION",
                "Chapter iv: Bread", "CONCLUSION", "CHAPTER X\u2014THE END"]
    out = ["A few words before any heading, on the land and the bread."]
    for k in range(chapters):
        out.append(headings[k % len(headings)])
        for _ in range(rng.randint(1, 4)):
            n = rng.randint(3, 40)
            out.append(" ".join(rng.choice(words[: rng.randint(4, len(words))]) for _ in range(n)) + ".")
        if k == 0:
            out.append("APPENDIX TO CHAPTER I")
            out.append("CHAPTER II shows that this line is a sentence, not a heading.")
    return "\n\n".join(out) + "\n"


def check_chapters(binary, tmp, problems):
    rng = random.Random(1917)
    books = {"a": 3, "b": 5, "c": 2, "d": 4}
    folder = Path(tmp) / "books"
    folder.mkdir()
    parts = {}
    for name, n in books.items():
        text = fixture_book(rng, n)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        parts[name] = chapters_of(text)
    out = Path(tmp) / "chapters"
    # Every row: the level of key_in counts them all.
    subprocess.run([binary, "compare", "-q", "--keyness-all", folder, "--parts", "chapter", "--out", out,
                    "--target", "a", "--target", "b", "--reference", "c", "--reference", "d"],
                   check=True)
    summary = Path(tmp) / "chapters_freq"
    subprocess.run([binary, "freq", "-q", folder, "--out", summary], check=True)
    for r in read(summary / "corpus_summary.csv"):
        if int(r["chapters"]) != len(parts[r["document"]]):
            problems.append(f"fixture {r['document']}: chapters {r['chapters']}, here {len(parts[r['document']])}")
    rows = read(out / "keyness.csv")
    target = parts["a"] + parts["b"]
    reference = parts["c"] + parts["d"]
    b_total = lambda w: sum(c.get(w, 0) for _, c in reference)
    d_total = sum(t for t, _ in reference)
    for row in rows:
        w = row["word"]
        x = [c.get(w, 0) / t for t, c in target]
        y = [c.get(w, 0) / t for t, c in reference]
        a_i = [c.get(w, 0) for _, c in target]
        c_i = [t for t, _ in target]
        want = expected(x, y, a_i, c_i, b_total(w), d_total, ALPHA / len(rows))
        if (row["part_unit"], int(row["parts_target"]), int(row["parts_reference"])) != (
                "chapter", len(target), len(reference)):
            problems.append(f"fixture, {w}: parts {row['part_unit']} {row['parts_target']}/{row['parts_reference']}")
        compare_row("fixture", w, row, want, problems)
    return len(rows)


def compare_row(what, w, row, want, problems):
    for col, value in want.items():
        if col == "mann_whitney_method":
            bad = row[col] != value
        elif col == "key_in":
            bad = row[col] == "" or int(row[col]) != value
        else:
            bad = differs(number(row[col]), value)
        if bad:
            problems.append(f"{what}, {w}: {col} = {row[col]!r}, scipy {value!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default="target/release/corpus-lens")
    args = parser.parse_args()
    problems = []
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        freq_dir = Path(tmp) / "freq"
        subprocess.run([args.binary, "freq", "-q", "--out", freq_dir], check=True)
        tokens = {r["document"]: int(r["tokens"]) for r in read(freq_dir / "corpus_summary.csv")}
        docs = list(tokens)
        counts = defaultdict(dict)
        for r in read(freq_dir / "freq_by_document.csv"):
            counts[r["word"]][r["document"]] = int(r["freq"])
        for k, (target, reference) in enumerate(COMPARISONS):
            out = Path(tmp) / f"compare{k}"
            command = [args.binary, "compare", "-q", "--keyness-all", "--out", out]
            for s in target:
                command += ["--target", s]
            for s in reference:
                command += ["--reference", s]
            subprocess.run(command, check=True)
            rows = read(out / "keyness.csv")
            t_docs = [d for d in docs if d in target]
            r_docs = [d for d in docs if d in reference]
            m = len(rows)
            for row in rows:
                w = row["word"]
                a_i = [counts[w].get(d, 0) for d in t_docs]
                b_i = [counts[w].get(d, 0) for d in r_docs]
                c_i = [tokens[d] for d in t_docs]
                x = [a / c for a, c in zip(a_i, c_i)]
                y = [b / tokens[d] for b, d in zip(b_i, r_docs)]
                want = expected(x, y, a_i, c_i, sum(b_i), sum(tokens[d] for d in r_docs), ALPHA / m)
                if (row["part_unit"], int(row["parts_target"]), int(row["parts_reference"])) != (
                        "document", len(t_docs), len(r_docs)):
                    problems.append(f"comparison {k}, {w}: parts {row['part_unit']} "
                                    f"{row['parts_target']}/{row['parts_reference']}")
                compare_row(f"comparison {k}", w, row, want, problems)
                checked += 1
        checked += check_chapters(args.binary, tmp, problems)
    for p in problems[:20]:
        print("keyness_crosscheck:", p)
    if problems:
        print(f"keyness_crosscheck: {len(problems)} mismatches in {checked} rows")
        return 1
    print(f"keyness_crosscheck: {checked} rows, every text-level column equal to scipy's within {TOL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
