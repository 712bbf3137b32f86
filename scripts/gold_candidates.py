#!/usr/bin/env python3
"""Draws the candidate faction mentions of the framing gold set (corpora/gold/candidates.csv).

Candidates are found independently of corpus-lens's own mention finder, so that the gold set can
measure what the tool misses: every alias of corpora/factions.toml, plus the period spellings
and synonyms in VARIANTS below, matched case-insensitively at word boundaries (any whitespace
between the words of an alias), leftmost-longest, in the body paragraphs of the shipped books
(the paragraphs `analyze` leaves out as front or back matter are skipped, from
excluded_matter.csv). trotsky_1919_from_october_to_brest_litovsk.txt is never sampled: it is
kept for a check outside the set.

Sampling is stratified, with a fixed seed: per book, each faction's share of the quota is
proportional to the square root of its candidates (three times that for the CORE factions) (so that rare factions and the variant
spellings are represented next to the frequent ones without swamping them), and its
candidates are drawn at random.

A later batch is drawn the same way with another seed, leaving out the rows an earlier batch
holds (`--exclude`), its ids continuing the earlier ones (`--first-id`).

Usage: scripts/gold_candidates.py --excluded OUT/excluded_matter.csv [--per-book N] [--seed S]
                                  [--exclude EARLIER.csv] [--first-id N]
                                  [--out corpora/gold/candidates.csv]
"""
import argparse
import csv
import random
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
HELD_OUT = "trotsky1919"

# Period spellings and synonyms that the factions lexicon may lack (faction, alias).
VARIANTS = [
    ("mensheviks", "Minsheviki"), ("mensheviks", "Minshevik"), ("mensheviks", "Minsheviks"),
    ("mensheviks", "Minimalists"), ("mensheviks", "Minimalist"),
    ("bolsheviks", "Maximalists"), ("bolsheviks", "Maximalist"), ("bolsheviks", "Bolsheviky"), ("bolsheviks", "Bolshevist party"),
    ("cadets", "Kadet"), ("cadets", "K.D."), ("cadets", "Cadets"), ("cadets", "Cadet"),
    ("socialist_revolutionaries", "S.R.s"), ("socialist_revolutionaries", "S.R."),
    ("socialist_revolutionaries", "S.-R.s"), ("socialist_revolutionaries", "S.-R."),
    ("socialist_revolutionaries", "Social-Revolutionists"),
    ("socialist_revolutionaries", "Social Revolutionists"),
    ("lenin", "Lenine"), ("lenin", "Ilyich"), ("kerensky", "Kerenski"), ("kerensky", "Kerensky"),
    ("workers", "workingmen"), ("workers", "workingman"), ("workers", "working-men"),
    ("germans", "German"), ("germans", "Germans"), ("germans", "Teutons"),
    ("provisional_government", "the Government"), ("provisional_government", "the government"),
    ("provisional_government", "Provisional Government"), ("soviets", "Sovyet"),
]

# The factions whose framing the tool is mostly used for: drawn three times as often.
CORE = {
    "bolsheviks", "mensheviks", "socialist_revolutionaries", "left_srs", "right_srs", "cadets",
    "provisional_government", "kerensky", "soviets", "petrograd_soviet", "bourgeoisie",
    "coalitionists", "lenin", "trotsky", "kornilov_counterrevolution", "constituent_assembly",
    "central_executive_committee", "council_of_peoples_commissars",
}

SENTENCE_END = re.compile(r'(?<=[.!?])["\'\u201d\u2019)\]]*\s+(?=["\'\u201c\u2018(\[]?[A-Z0-9])')


def load_aliases():
    data = tomllib.loads((CORPORA / "factions.toml").read_text())
    pairs = [(f["id"], a) for f in data["faction"] for a in f.get("aliases", [])]
    known = {" ".join(a.lower().split()) for _, a in pairs}
    variant = {a.lower() for _, a in VARIANTS if a.lower() not in known}
    pairs += VARIANTS
    # Longest first, so that the regex alternation is leftmost-longest.
    pairs = sorted(set(pairs), key=lambda p: (-len(p[1]), p[1]))
    return pairs, variant


def alias_regex(pairs):
    parts = []
    for _, alias in pairs:
        words = [re.escape(w) for w in alias.split()]
        parts.append(r"\s+".join(words))
    return re.compile(r"(?<![\w'])(?:" + "|".join(parts) + r")(?![\w])", re.IGNORECASE)


def documents():
    manifest = tomllib.loads((CORPORA / "manifest.toml").read_text())
    for d in manifest["document"]:
        if d["id"] != HELD_OUT:
            yield d["id"], CORPORA / d["path"]


def excluded_ranges(path):
    ranges = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            start = int(row["byte_offset"])
            ranges.setdefault(row["document"], []).append((start, start + int(row["bytes"])))
    return ranges


def paragraphs(data: bytes):
    """(byte start, byte end) of each blank-line-separated paragraph."""
    for m in re.finditer(rb"(?:[^\n]|\n(?![ \t\r]*\n))+", data):
        if m.group().strip():
            yield m.start(), m.end()


def sentences(text: str):
    """(char start, char end) of each sentence of a paragraph."""
    start = 0
    for m in SENTENCE_END.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def one_line(s: str, limit: int = 700) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "\u2026"


def candidates(doc_id, path, regex, faction_of, variant, skip):
    data = path.read_bytes()
    for pstart, pend in paragraphs(data):
        if any(a <= pstart < b for a, b in skip):
            continue
        text = data[pstart:pend].decode("utf-8")
        # Character offset -> byte offset inside the paragraph.
        prefix = [0]
        for ch in text:
            prefix.append(prefix[-1] + len(ch.encode("utf-8")))
        spans = list(sentences(text))
        for k, (s, e) in enumerate(spans):
            sentence = text[s:e]
            for m in regex.finditer(sentence):
                surface = m.group()
                key = " ".join(surface.lower().split())
                begin = pstart + prefix[s + m.start()]
                marked = sentence[: m.start()] + "[[" + surface + "]]" + sentence[m.end():]
                previous = text[spans[k - 1][0]:spans[k - 1][1]] if k > 0 else ""
                yield {
                    "document": doc_id,
                    "byte_offset": begin,
                    "line": data[:begin].count(b"\n") + 1,
                    "candidate": faction_of[key],
                    "mention": one_line(surface),
                    "variant": int(key in variant),
                    "previous": one_line(previous, 400),
                    "sentence": one_line(marked),
                }


def shares(counts, quota):
    """Each key's share of `quota`, proportional to the square root of its count (three
    times that for the CORE factions), at most its count (largest remainders first, ties by
    key)."""
    shares = {k: 0 for k in counts}
    left = min(quota, sum(counts.values()))
    w = {k: counts[k] ** 0.5 * (3 if k in CORE else 1) for k in counts}
    while left > 0:
        open_keys = [k for k in counts if shares[k] < counts[k]]
        weight = sum(w[k] for k in open_keys)
        want = {k: left * w[k] / weight for k in open_keys}
        step = {k: min(int(want[k]), counts[k] - shares[k]) for k in open_keys}
        if sum(step.values()) == 0:
            for k in sorted(open_keys, key=lambda k: (-(want[k] % 1), k))[:left]:
                step[k] = 1
        for k in open_keys:
            shares[k] += step[k]
            left -= step[k]
    return {k: v for k, v in sorted(shares.items()) if v}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--excluded", required=True, help="excluded_matter.csv of analyze")
    ap.add_argument("--per-book", type=int, default=190)
    ap.add_argument("--seed", type=int, default=1917)
    ap.add_argument("--exclude", help="candidates of an earlier batch, never drawn again")
    ap.add_argument("--first-id", type=int, default=1, help="number of the first row's id")
    ap.add_argument("--out", default=str(CORPORA / "gold" / "candidates.csv"))
    args = ap.parse_args()
    drawn = set()
    if args.exclude:
        with open(args.exclude, newline="") as f:
            drawn = {(r["document"], int(r["byte_offset"])) for r in csv.DictReader(f)}
    pairs, variant = load_aliases()
    faction_of = {}
    for f, a in pairs:
        faction_of.setdefault(" ".join(a.lower().split()), f)
    regex = alias_regex(pairs)
    skip = excluded_ranges(args.excluded)
    rng = random.Random(args.seed)
    rows = []
    for doc_id, path in documents():
        found = [c for c in candidates(doc_id, path, regex, faction_of, variant, skip.get(doc_id, []))
                 if (doc_id, c["byte_offset"]) not in drawn]
        by_faction = {}
        for c in found:
            by_faction.setdefault(c["candidate"], []).append(c)
        taken = []
        for f, share in shares({f: len(g) for f, g in by_faction.items()}, args.per_book).items():
            taken += rng.sample(by_faction[f], share)
        taken.sort(key=lambda c: c["byte_offset"])
        rows += taken
        print(f"{doc_id}: {len(found)} candidates, {len(taken)} drawn", file=sys.stderr)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["id"] + list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        for i, r in enumerate(rows, args.first_id):
            w.writerow({"id": f"g{i:04d}", **r})
    print(f"{len(rows)} candidates -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
