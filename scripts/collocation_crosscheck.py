#!/usr/bin/env python3
"""Cross-check `corpus-lens collocations` against an independent computation.

What it checks: for the nodes `bourgeoisie` and `coalitionist` (matched by word) on the
Trotsky excerpt, with a 5+5 window inside the paragraph and per-occurrence counting
(Evert 2008), every column of every (node, collocate) row that corpus-lens prints with
`--min-o11 1` -- o11, o11_left, o11_right, f_node, f_collocate, n, e11, span, impossible and
all twelve association measures -- is recomputed here and compared to a relative 1e-9
(NaN equals NaN; an empty CSV cell is NaN). Rows present on one side only are mismatches,
and so is a `(corpus)` group that differs from the document group. To pin down any
tokenization difference, every word count of `corpus-lens freq` (freq.csv) is compared too.

Why it is independent: nothing here reuses corpus-lens code, and its output (the table
being checked, and freq.csv) is only ever compared against, never used. The text is read, split into paragraphs, normalized and tokenized by
scripts/text_rules.py, from the rules written in docs/text.md and the module docs of
src/text/normalize.rs and src/text/tokenize.rs, using `unicodedata` and `re`. The windows are counted
with plain Python lists, and the measures come from the 2x2 contingency table through numpy
and scipy: G2 from `scipy.stats.power_divergence(lambda_="log-likelihood")`, chi-square from
`scipy.stats.chi2_contingency(correction=False)` (which derives the expected frequencies
from the margins itself, so it also checks E11 = R1 * C1 / N).

Usage, from the repository root (after `cargo build --release`):

    python3 scripts/collocation_crosscheck.py [--binary target/release/corpus-lens]
                                              [--input other.txt]

Exit status 0 when everything agrees, 1 on any mismatch (the first 20 are listed).
"""

import argparse
import csv
import io
import math
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import stats

TEXT = Path("corpora/trotsky_1918_history_to_brest_litovsk_excerpt.txt")
NODES = ["bourgeoisie", "coalitionist"]
LEFT, RIGHT = 5, 5
REL_TOL = 1e-9
MEASURES = ["e11", "mi", "mi3", "t_score", "z_score", "log_likelihood", "log_dice", "dice",
            "delta_p_collocate_given_node", "delta_p_node_given_collocate", "chi2", "log_ratio"]
INTS = ["o11", "o11_left", "o11_right", "f_node", "f_collocate", "n", "span"]

# --- text -> tokens, from the documented rules: scripts/text_rules.py ----------------
from text_rules import counted_tokens, paragraphs  # noqa: E402


# --- windows and the 2x2 table ------------------------------------------------------------
def count_windows(paras, node):
    left, right = Counter(), Counter()
    for toks in paras:
        for i, tok in enumerate(toks):
            if tok != node:
                continue
            left.update(toks[max(0, i - LEFT):i])
            right.update(toks[i + 1:i + 1 + RIGHT])
    return left, right


def measures(o11, f_node, c1, n):
    span = LEFT + RIGHT
    r1 = span * f_node
    r2, c2 = n - r1, n - c1
    obs = np.array([[o11, r1 - o11], [c1 - o11, n - r1 - c1 + o11]], dtype=float)
    e11 = r1 * c1 / n
    out = {"e11": e11}
    if (obs < 0).any():
        return out | {m: math.nan for m in MEASURES[1:]}, True
    exp = np.outer([r1, r2], [c1, c2]) / n
    g2 = stats.power_divergence(obs.ravel(), exp.ravel(), lambda_="log-likelihood").statistic
    chi2 = stats.chi2_contingency(obs, correction=False).statistic
    dice = 2 * o11 / (f_node + c1)
    o11_lr = o11 or 0.5
    o21_lr = obs[1, 0] or 0.5
    out |= {
        "mi": np.log2(o11 / e11),
        "mi3": np.log2(o11 ** 3 / e11),
        "t_score": (o11 - e11) / np.sqrt(o11),
        "z_score": (o11 - e11) / np.sqrt(e11),
        "log_likelihood": np.sign(o11 - e11) * g2,
        "dice": dice,
        "log_dice": 14 + np.log2(dice),
        "delta_p_collocate_given_node": o11 / r1 - obs[1, 0] / r2,
        "delta_p_node_given_collocate": o11 / c1 - obs[0, 1] / c2,
        "chi2": chi2,
        "log_ratio": np.log2((o11_lr / r1) / (o21_lr / r2)),
    }
    return {k: float(v) for k, v in out.items()}, False


def reference(text):
    paras = [counted_tokens(p) for p in paragraphs(text)]
    freq = Counter(t for p in paras for t in p)
    n = sum(freq.values())
    rows = {}
    for node in NODES:
        left, right = count_windows(paras, node)
        for coll in set(left) | set(right):
            o11 = left[coll] + right[coll]
            row = {"o11": o11, "o11_left": left[coll], "o11_right": right[coll],
                   "f_node": freq[node], "f_collocate": freq[coll], "n": n,
                   "span": LEFT + RIGHT}
            vals, impossible = measures(o11, freq[node], freq[coll], n)
            rows[(node, coll)] = row | vals | {"impossible": impossible}
    return rows, freq, n


def word_freqs(binary, text):
    """corpus-lens's own word counts (freq.csv), to pin down any tokenization difference."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([binary, "freq", str(text), "--out", out, "--quiet"],
                       capture_output=True, check=True)
        with open(Path(out) / "freq.csv", encoding="utf-8", newline="") as f:
            return Counter({r["word"]: int(r["freq"]) for r in csv.DictReader(f)})


# --- corpus-lens side ----------------------------------------------------------------------
def run_corpus_lens(binary, text):
    cmd = [binary, "collocations", *NODES, "-i", str(text), "--min-o11", "1",
           "--collocate-stopwords", "none"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    groups = {}
    for rec in csv.DictReader(io.StringIO(proc.stdout)):
        row = {k: int(rec[k]) for k in INTS}
        row |= {k: float(rec[k]) if rec[k] != "" else math.nan for k in MEASURES}
        row["impossible"] = {"true": True, "false": False}[rec["impossible"]]
        groups.setdefault(rec["document"], {})[(rec["node"], rec["collocate"])] = row
    return groups


def differ(a, b):
    """Relative difference (0 when equal, inf when one side is NaN or types differ)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return 0.0 if a == b else math.inf
    if math.isnan(a) or math.isnan(b):
        return 0.0 if math.isnan(a) and math.isnan(b) else math.inf
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default="target/release/corpus-lens",
                    help="corpus-lens executable (default: %(default)s)")
    ap.add_argument("--input", type=Path, default=TEXT, help="text file (default: %(default)s)")
    args = ap.parse_args()
    if not shutil.which(args.binary):
        sys.exit(f"{args.binary}: not found; run `cargo build --release` or pass --binary")

    ref, freq, n = reference(args.input.read_text(encoding="utf-8"))
    groups = run_corpus_lens(args.binary, args.input)
    doc = args.input.stem
    got = groups.get(doc, {})
    mismatches = []
    cl_freq = word_freqs(args.binary, args.input)
    for word in sorted(set(freq) | set(cl_freq), key=lambda w: (-freq[w], w)):
        if freq[word] != cl_freq[word]:
            mismatches.append(f"word {word!r}: reference freq {freq[word]}, "
                              f"corpus-lens freq.csv {cl_freq[word]}")
    corpus = groups.get("(corpus)", {})
    if corpus.keys() != got.keys() or any(differ(corpus[k][c], got[k][c])
                                          for k in got for c in got[k]):
        mismatches.append(f"(corpus) group differs from the {doc} group")

    worst = {k: 0.0 for k in INTS + MEASURES + ["impossible"]}
    pairs = sorted(set(ref) | set(got))
    for key in pairs:
        if key not in got or key not in ref:
            side = "corpus-lens" if key not in got else "reference"
            mismatches.append(f"{key}: missing in {side}")
            continue
        for col in worst:
            d = differ(ref[key][col], got[key][col])
            worst[col] = max(worst[col], d)
            if d > REL_TOL:
                mismatches.append(f"{key} {col}: reference {ref[key][col]!r}, "
                                  f"corpus-lens {got[key][col]!r}")

    print(f"pairs compared: {len(pairs)} (reference {len(ref)}, corpus-lens {len(got)}); "
          f"impossible rows: {sum(r['impossible'] for r in ref.values())}")
    cl_n = {r["n"] for r in got.values()}
    print(f"N: reference {n}, corpus-lens {sorted(cl_n)} (freq.csv: {sum(cl_freq.values())}); "
          f"types: reference {len(freq)}, freq.csv {len(cl_freq)}")
    for node in NODES:
        cl_f = {r["f_node"] for (nd, _), r in got.items() if nd == node}
        print(f"f({node}): reference {freq[node]}, corpus-lens {sorted(cl_f)}")
    print("max relative difference per column:")
    for col, d in worst.items():
        print(f"  {col:30s} {d:.3g}")
    if mismatches:
        print(f"MISMATCHES: {len(mismatches)} (first 20)")
        for m in mismatches[:20]:
            print("  " + m)
        return 1
    print("OK: every column agrees")
    return 0


if __name__ == "__main__":
    sys.exit(main())
