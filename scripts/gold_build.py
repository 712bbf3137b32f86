#!/usr/bin/env python3
"""Builds corpora/gold/gold.csv from the candidates, the two annotators' labels and the
adjudication of the rows where they disagree.

A row where both annotators give the same is_mention, faction, stance and voice takes their
label (confidence: the lower of the two; settled_by = agreed); any other row takes the
adjudicator's label (settled_by = adjudicated). The annotators' own stances are kept beside
the final one (stance_a, stance_b).

Usage: scripts/gold_build.py [--dir corpora/gold]
  reads DIR/candidates.csv, DIR/annotator_a.csv, DIR/annotator_b.csv, DIR/adjudicated.csv;
  writes DIR/gold.csv
"""
import csv
import sys
from pathlib import Path

DIR = Path(sys.argv[sys.argv.index("--dir") + 1]) if "--dir" in sys.argv else \
    Path(__file__).resolve().parent.parent / "corpora" / "gold"
KEYS = ("is_mention", "faction", "stance", "voice")


def load(name):
    return {r["id"]: r for r in csv.DictReader(open(DIR / name, newline=""))}


def main():
    cand = list(csv.DictReader(open(DIR / "candidates.csv", newline="")))
    a, b, adj = load("annotator_a.csv"), load("annotator_b.csv"), load("adjudicated.csv")
    fields = list(cand[0].keys()) + ["is_mention", "faction", "stance", "voice", "confidence",
                                     "settled_by", "stance_a", "stance_b"]
    counts = {"agreed": 0, "adjudicated": 0}
    with open(DIR / "gold.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for c in cand:
            i = c["id"]
            if all(a[i][k] == b[i][k] for k in KEYS):
                label = {k: a[i][k] for k in KEYS}
                label["confidence"] = min(a[i]["confidence"], b[i]["confidence"])
                settled = "agreed"
            else:
                label = {k: adj[i][k] for k in KEYS + ("confidence",)}
                settled = "adjudicated"
            counts[settled] += 1
            w.writerow({**c, **label, "settled_by": settled,
                        "stance_a": a[i]["stance"], "stance_b": b[i]["stance"]})
    print(f"gold.csv: {len(cand)} rows, {counts['agreed']} agreed, {counts['adjudicated']} adjudicated")


if __name__ == "__main__":
    main()
