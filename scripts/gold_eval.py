#!/usr/bin/env python3
"""Scores faction-framing scorers against the gold set (corpora/gold/gold.csv).

For each gold mention (is_mention = 1) it looks for the tool's mention in framing_mentions.csv
of `corpus-lens framing` on the shipped corpus: same document, byte spans that overlap. Then,
for each scorer, over the gold mentions the tool found:

- macro-F1 over the three classes -1, 0, +1 (a score >= 0.05 is +1, <= -0.05 is -1, else 0,
  the thresholds of VADER's own guidance);
- Spearman's rank correlation between the score and the gold stance (average ranks for ties);
- sign accuracy: among gold rows labelled -1 or +1 whose score is not 0, the share whose
  score has the gold sign;

each with a 95% percentile interval from 2,000 bootstrap resamples of the rows (seed 1917).
Scorers: the tool's `valence` column, and plain VADER: the compound score of the mention's
whole sentence (from `corpus-lens sentiment`, which matches vaderSentiment), as a baseline.
Mention recall is reported too: the share of gold mentions the tool found at all, and with the
gold faction.

With --excluded (the excluded_matter.csv of the same run), gold rows that lie in paragraphs the
tool leaves out as front or back matter, captions or footnotes are set aside first (the tool
does not look for mentions there by design; 34 gold mentions lie in such paragraphs, mostly
lists of illustrations and captions).

Usage: scripts/gold_eval.py --mentions OUT/framing_mentions.csv [--excluded OUT/excluded_matter.csv]
                            [--gold corpora/gold/gold.csv] [--bin target/release/corpus-lens]
"""
import argparse
import csv
import random
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAME = {"petrograd_soviet": "soviets", "state_duma": "duma"}


def klass(score, threshold=0.05):
    return 1 if score >= threshold else -1 if score <= -threshold else 0


def macro_f1(gold, pred):
    f1s = []
    for c in (-1, 0, 1):
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        fp = sum(g != c and p == c for g, p in zip(gold, pred))
        fn = sum(g == c and p != c for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / 3


def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    r = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(a, b):
    ra, rb = ranks(a), ranks(b)
    n = len(a)
    ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    va = sum((x - ma) ** 2 for x in ra) ** 0.5
    vb = sum((y - mb) ** 2 for y in rb) ** 0.5
    return cov / (va * vb) if va and vb else float("nan")


def sign_accuracy(gold, score):
    pairs = [(g, s) for g, s in zip(gold, score) if g != 0 and s != 0]
    return sum((g > 0) == (s > 0) for g, s in pairs) / len(pairs) if pairs else float("nan"), len(pairs)


def measures(gold, score):
    return {
        "macro_f1": macro_f1(gold, [klass(s) for s in score]),
        "spearman": spearman(score, gold),
        "sign_accuracy": sign_accuracy(gold, score)[0],
    }


def with_intervals(gold, score, reps=2000, seed=1917):
    point = measures(gold, score)
    rng = random.Random(seed)
    n = len(gold)
    draws = defaultdict(list)
    for _ in range(reps):
        idx = [rng.randrange(n) for _ in range(n)]
        for k, v in measures([gold[i] for i in idx], [score[i] for i in idx]).items():
            if v == v:
                draws[k].append(v)
    out = {}
    for k, v in point.items():
        d = sorted(draws[k])
        out[k] = (v, d[int(0.025 * len(d))], d[min(len(d) - 1, int(0.975 * len(d)))])
    return out


def vader_compound(binary, sentences):
    text = "\n".join(s.replace("[[", "").replace("]]", "") for s in sentences) + "\n"
    out = subprocess.run([binary, "sentiment", "-"], input=text.encode(), capture_output=True, check=True)
    rows = list(csv.DictReader(out.stdout.decode().splitlines()))
    return [float(r["compound"]) for r in rows]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mentions", required=True)
    ap.add_argument("--excluded", help="excluded_matter.csv of the same run")
    ap.add_argument("--gold", default=str(ROOT / "corpora" / "gold" / "gold.csv"))
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "corpus-lens"))
    ap.add_argument("--precise", action="store_true",
                    help="also print the valence's measures at full precision (for tests)")
    args = ap.parse_args()
    gold = [r for r in csv.DictReader(open(args.gold, newline="")) if r["is_mention"] == "1"]
    if args.excluded:
        left_out = defaultdict(list)
        for r in csv.DictReader(open(args.excluded, newline="")):
            start = int(r["byte_offset"])
            left_out[r["document"]].append((start, start + int(r["bytes"])))
        body = [g for g in gold if not any(a <= int(g["byte_offset"]) < b for a, b in left_out[g["document"]])]
        print(f"gold mentions in excluded matter, set aside: {len(gold) - len(body)}")
        gold = body
    tool = defaultdict(list)
    for r in csv.DictReader(open(args.mentions, newline="")):
        start = int(r["byte_offset"])
        tool[r["document"]].append((start, start + len(r["alias"].encode()), r))
    matched, found_any, found_faction = [], 0, 0
    for g in gold:
        start = int(g["byte_offset"])
        end = start + len(g["mention"].encode())
        hits = [t for t in tool[g["document"]] if t[0] < end and start < t[1]]
        if not hits:
            continue
        found_any += 1
        right = [t for t in hits if SAME.get(t[2]["faction"], t[2]["faction"]) == SAME.get(g["faction"], g["faction"])]
        if right:
            found_faction += 1
            matched.append((g, right[0][2]))
    n = len(gold)
    print(f"gold mentions: {n}; found by the tool: {found_any} ({found_any / n:.3f}); "
          f"found with the gold faction: {found_faction} ({found_faction / n:.3f})")
    labels = [int(g["stance"]) for g, _ in matched]
    valence = [float(t["valence"]) for _, t in matched]
    vader = vader_compound(args.bin, [g["sentence"] for g, _ in matched])
    print(f"scored on the {len(matched)} gold mentions found with their faction "
          f"(gold stance: {dict(sorted(Counter(labels).items()))})")
    print("| scorer | macro-F1 | Spearman | sign accuracy (n) |")
    print("|---|---|---|---|")
    for name, score in (("plain VADER, sentence compound", vader), ("corpus-lens `valence`", valence)):
        m = with_intervals(labels, score)
        _, polar = sign_accuracy(labels, score)
        cell = lambda k: f"{m[k][0]:.3f} [{m[k][1]:.3f}, {m[k][2]:.3f}]"
        print(f"| {name} | {cell('macro_f1')} | {cell('spearman')} | {cell('sign_accuracy')} ({polar}) |")
    if args.precise:
        m = measures(labels, valence)
        print("valence at full precision:", {k: repr(v) for k, v in m.items()},
              "polar rows:", sign_accuracy(labels, valence)[1])


if __name__ == "__main__":
    sys.exit(main())
