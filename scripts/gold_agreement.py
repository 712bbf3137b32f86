#!/usr/bin/env python3
"""Agreement between the two annotators of the framing gold set.

Reads the candidates (corpora/gold/candidates.csv) and each annotator's labels, and prints:
agreement on whether a candidate is a faction mention, on the faction, and on the stance
(Cohen's kappa, with the 3x3 confusion matrix), over the rows both call a mention of the
same faction. Cohen's kappa: (p_o - p_e) / (1 - p_e), p_o the observed share of agreement,
p_e the agreement expected from each annotator's own label shares (Cohen 1960).

Usage: scripts/gold_agreement.py A.csv B.csv [--markdown]
"""
import csv
import sys
from collections import Counter


def kappa(pairs):
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    ca, cb = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return (po - pe) / (1 - pe), po


def load(path):
    return {r["id"]: r for r in csv.DictReader(open(path, newline=""))}


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    ids = sorted(set(a) & set(b))
    assert len(ids) == len(a) == len(b), "the two files label different rows"
    k, po = kappa([(a[i]["is_mention"], b[i]["is_mention"]) for i in ids])
    print(f"rows: {len(ids)}")
    print(f"is_mention: agreement {po:.3f}, kappa {k:.3f}")
    both = [i for i in ids if a[i]["is_mention"] == b[i]["is_mention"] == "1"]
    same = [i for i in both if a[i]["faction"] == b[i]["faction"]]
    print(f"faction, where both say mention: {len(same)}/{len(both)} agree ({len(same)/len(both):.3f})")
    pairs = [(int(a[i]["stance"]), int(b[i]["stance"])) for i in same]
    k, po = kappa(pairs)
    print(f"stance (rows where both name the same faction, n={len(pairs)}): agreement {po:.3f}, Cohen's kappa {k:.3f}")
    labels = [-1, 0, 1]
    m = Counter(pairs)
    print("confusion (rows: annotator A, columns: annotator B)")
    print("| A \\ B | -1 | 0 | +1 |\n|---|---:|---:|---:|")
    for x in labels:
        print(f"| {x:+d} | " + " | ".join(str(m[(x, y)]) for y in labels) + " |")
    polar = [(x, y) for x, y in pairs if x != 0 and y != 0]
    print(f"opposite polarity (-1 against +1): {sum(x != y for x, y in polar)} of {len(polar)} rows both call polar")
    kv, pv = kappa([(a[i]["voice"], b[i]["voice"]) for i in same])
    print(f"voice: agreement {pv:.3f}, kappa {kv:.3f}")


if __name__ == "__main__":
    main()
