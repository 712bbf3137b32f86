#!/usr/bin/env python3
"""Check corpora/factions.toml and corpora/lexicons/framing.toml, and report what they find.

What it checks (any failure is listed and makes the exit status 1):
- both files parse (tomllib);
- factions: ids are unique snake_case, every parent exists and parents form no cycle, every
  faction has at least one alias, and no alias is shared by two factions. Aliases are compared
  as token sequences, the way the matcher sees them ("S.R.s" and "S.-R.s" are the same);
  a case-insensitive alias also clashes with a case-sensitive one of another faction when
  they agree after lowercasing;
- framing lexicon: [meta] is there, dimension ids are unique, every term names a dimension,
  weights are numbers in [-1, 1] (a weight outside {0.3, 0.5, 0.7, 0.9} is a warning), no
  (term, dimension) pair repeats, no term is a faction alias, and no single word is in the
  [neutral] list. With `snowballstemmer` installed (pip install snowballstemmer; the same
  Snowball English algorithm as rust-stemmers) it also checks what matching by stem implies:
  no two terms of one dimension share a stem sequence, and no single-word term shares its stem
  with a [neutral] word or with a one-token alias.

What it reports: terms per dimension (positive/negative), aliases per faction, faction
mentions per document in the shipped corpus (--counts), and the framing terms most frequent in
the Trotsky excerpt.

The text rules (paragraphs, normalization, tokens) are re-implemented in scripts/text_rules.py from docs/text.md
and the module docs of src/text/normalize.rs and src/text/tokenize.rs; no
corpus-lens code is used. Faction matching follows the header of corpora/factions.toml:
longest alias first, a token in at most one mention, never across a paragraph.

Usage, from the repository root:

    python3 scripts/check_lexicons.py [--counts] [--vader path/to/vader_lexicon.txt]
"""

import argparse
import re
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

FACTIONS = Path("corpora/factions.toml")
FRAMING = Path("corpora/lexicons/framing.toml")
MANIFEST = Path("corpora/manifest.toml")
EXCERPT = "trotsky1918"
WEIGHTS = {0.3, 0.5, 0.7, 0.9}
SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")

try:
    import snowballstemmer
    _STEMMER = snowballstemmer.stemmer("english")
except ImportError:  # the stem checks are skipped, everything else runs
    _STEMMER = None

# --- text -> tokens, from the documented rules ------------------------------------------
from text_rules import TOKEN, normalize, paragraphs  # noqa: E402


def tokens(text):
    """All tokens (words and numbers), original case."""
    return [m.group() for m in TOKEN.finditer(normalize(text))]


def stem(word):
    return _STEMMER.stemWord(word.lower()) if _STEMMER else word.lower()


def stems(text):
    return tuple(stem(t) for t in tokens(text))


# --- factions ---------------------------------------------------------------------------
class Matcher:
    """Longest-match faction mentions over token lists."""

    def __init__(self, factions):
        self.by_len = defaultdict(dict)   # n -> {(tokens, case_sensitive): (faction, alias)}
        for f in factions:
            for alias, cs in [(a, False) for a in f["aliases"]] + \
                             [(a, True) for a in f["case_sensitive_aliases"]]:
                toks = tuple(tokens(alias))
                key = toks if cs else tuple(t.lower() for t in toks)
                self.by_len[len(key)][(key, cs)] = (f["id"], alias)
        self.lengths = sorted(self.by_len, reverse=True)

    def mentions(self, toks):
        low = [t.lower() for t in toks]
        i, n = 0, len(toks)
        while i < n:
            for k in self.lengths:
                if i + k > n:
                    continue
                table = self.by_len[k]
                hit = table.get((tuple(toks[i:i + k]), True)) or table.get((tuple(low[i:i + k]), False))
                if hit:
                    yield hit
                    i += k
                    break
            else:
                i += 1


def check_factions(data, errors, warnings):
    factions = data.get("faction", [])
    ids = Counter(f.get("id") for f in factions)
    for fid, n in ids.items():
        if n > 1:
            errors.append(f"faction id {fid!r} appears {n} times")
        if not isinstance(fid, str) or not SNAKE.match(fid):
            errors.append(f"faction id {fid!r} is not snake_case")
    owner = {}   # (tokens, case_sensitive) -> faction id
    for f in factions:
        for key in ("id", "label", "parent", "notes"):
            if not isinstance(f.get(key), str):
                errors.append(f"faction {f.get('id')!r}: {key} must be a string")
        for key in ("aliases", "case_sensitive_aliases"):
            if not isinstance(f.get(key), list) or not all(isinstance(a, str) and a.strip() for a in f[key]):
                errors.append(f"faction {f.get('id')!r}: {key} must be a list of non-empty strings")
                f[key] = []
        if not f["aliases"] and not f["case_sensitive_aliases"]:
            errors.append(f"faction {f['id']!r} has no alias")
        if f.get("parent") and f["parent"] not in ids:
            errors.append(f"faction {f['id']!r}: parent {f['parent']!r} does not exist")
        for alias, cs in [(a, False) for a in f["aliases"]] + [(a, True) for a in f["case_sensitive_aliases"]]:
            toks = tuple(tokens(alias))
            key = (toks if cs else tuple(t.lower() for t in toks), cs)
            if key in owner:
                if owner[key] == f["id"]:
                    warnings.append(f"faction {f['id']!r}: alias {alias!r} repeats another alias of it (same tokens)")
                else:
                    errors.append(f"alias {alias!r} is in both {owner[key]!r} and {f['id']!r}")
            owner.setdefault(key, f["id"])
    for (toks, cs), fid in owner.items():   # case-sensitive vs case-insensitive clashes
        if cs:
            other = owner.get((tuple(t.lower() for t in toks), False))
            if other and other != fid:
                errors.append(f"case-sensitive alias {' '.join(toks)!r} of {fid!r} is also a "
                              f"case-insensitive alias of {other!r}")
    parent = {f["id"]: f.get("parent", "") for f in factions}
    for fid in parent:
        seen, p = {fid}, parent[fid]
        while p:
            if p in seen:
                errors.append(f"faction {fid!r}: parent chain has a cycle")
                break
            seen.add(p)
            p = parent.get(p, "")
    return factions, owner


# --- framing lexicon --------------------------------------------------------------------
def check_framing(data, alias_keys, errors, warnings):
    if "meta" not in data:
        errors.append("framing: [meta] is missing")
    dims = [d.get("id") for d in data.get("dimension", [])]
    for d, n in Counter(dims).items():
        if n > 1:
            errors.append(f"framing: dimension {d!r} appears {n} times")
    for d in data.get("dimension", []):
        if not all(isinstance(d.get(k), str) and d[k] for k in ("id", "positive", "negative")):
            errors.append(f"framing: dimension {d.get('id')!r} needs id, positive and negative")
    neutral = data.get("neutral", {}).get("words", [])
    if not isinstance(neutral, list) or not all(isinstance(w, str) and w == w.lower() for w in neutral):
        errors.append("framing: [neutral] words must be a list of lowercase strings")
        neutral = []
    for w, n in Counter(neutral).items():
        if n > 1:
            errors.append(f"framing: neutral word {w!r} listed {n} times")
    neutral_set = set(neutral)
    neutral_stems = {stem(w): w for w in neutral}
    one_token_alias_stems = {stem(k[0][0]): k for k in alias_keys if len(k[0]) == 1}
    alias_lower = {tuple(t.lower() for t in k[0]) for k in alias_keys}
    terms = data.get("term", [])
    seen, seen_stems = set(), {}
    for t in terms:
        term, dim, w = t.get("term"), t.get("dimension"), t.get("weight")
        if not isinstance(term, str) or not term.strip():
            errors.append(f"framing: a term is empty or not a string: {t!r}")
            continue
        if dim not in dims:
            errors.append(f"framing: term {term!r} names unknown dimension {dim!r}")
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not -1.0 <= w <= 1.0:
            errors.append(f"framing: term {term!r} has weight {w!r}, not a number in [-1, 1]")
        elif abs(w) not in WEIGHTS:
            warnings.append(f"framing: term {term!r} weight {w} is not one of +-0.3/0.5/0.7/0.9")
        key = (term.lower(), dim)
        if key in seen:
            errors.append(f"framing: term {term!r} appears twice in dimension {dim!r}")
        seen.add(key)
        toks = tokens(term)
        if tuple(x.lower() for x in toks) in alias_lower:
            errors.append(f"framing: term {term!r} is also a faction alias")
        if len(toks) > 1 and any((x.lower(),) in alias_lower for x in toks):
            warnings.append(f"framing: phrase {term!r} contains a one-token faction alias")
        if len(toks) == 1 and toks[0].lower() in neutral_set:
            errors.append(f"framing: term {term!r} is in the [neutral] list")
        if _STEMMER:
            sk = (tuple(stem(x) for x in toks), dim)
            if sk in seen_stems:
                errors.append(f"framing: terms {seen_stems[sk]!r} and {term!r} share the stems "
                              f"{'/'.join(sk[0])} in dimension {dim!r}")
            seen_stems.setdefault(sk, term)
            if len(toks) == 1:
                s = stem(toks[0])
                if s in neutral_stems:
                    errors.append(f"framing: term {term!r} has the stem of neutral word {neutral_stems[s]!r}")
                if s in one_token_alias_stems:
                    errors.append(f"framing: term {term!r} has the stem of the alias "
                                  f"{one_token_alias_stems[s][0][0]!r}")
    return dims, terms, neutral


# --- corpus reports -----------------------------------------------------------------------
def load_corpus():
    """{document id: [paragraph token lists]} from the manifest."""
    manifest = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    docs = {}
    for d in manifest["document"]:
        text = (MANIFEST.parent / d["path"]).read_text(encoding="utf-8")
        docs[d["id"]] = [tokens(p) for p in paragraphs(text)]
    return docs


def faction_counts(factions, docs):
    """{faction: Counter(doc -> n)}, {alias: n}."""
    matcher = Matcher(factions)
    by_faction, by_alias = defaultdict(Counter), Counter()
    for doc, paras in docs.items():
        for toks in paras:
            for fid, alias in matcher.mentions(toks):
                by_faction[fid][doc] += 1
                by_alias[(fid, alias)] += 1
    return by_faction, by_alias


def term_hits(terms, paras):
    """Counter of terms found in the paragraphs, longest term first, a token used once."""
    index = defaultdict(dict)
    for t in terms:
        key = tuple(stem(x) for x in tokens(t["term"]))
        index[len(key)].setdefault(key, t["term"])
    lengths = sorted(index, reverse=True)
    hits = Counter()
    for toks in paras:
        ss = [stem(x) for x in toks]
        i = 0
        while i < len(ss):
            for k in lengths:
                term = index[k].get(tuple(ss[i:i + k]))
                if term:
                    hits[term] += 1
                    i += k
                    break
            else:
                i += 1
    return hits


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--counts", action="store_true", help="print faction mentions per document")
    ap.add_argument("--vader", type=Path, help="vader_lexicon.txt: report which [neutral] words it scores")
    args = ap.parse_args()

    errors, warnings = [], []
    factions, alias_keys = check_factions(tomllib.loads(FACTIONS.read_text(encoding="utf-8")), errors, warnings)
    framing = tomllib.loads(FRAMING.read_text(encoding="utf-8"))
    dims, terms, neutral = check_framing(framing, alias_keys, errors, warnings)
    if not _STEMMER:
        warnings.append("snowballstemmer is not installed: stem checks skipped, terms matched by lowercase word")

    print(f"framing terms: {len(terms)} in {len(dims)} dimensions")
    for d in dims:
        ws = [t["weight"] for t in terms if t.get("dimension") == d]
        pos, neg = sum(w > 0 for w in ws), sum(w < 0 for w in ws)
        phrases = sum(" " in t["term"] for t in terms if t.get("dimension") == d)
        print(f"  {d:12} {len(ws):4}  positive {pos:3}  negative {neg:3}  phrases {phrases:3}  "
              f"mean weight {sum(ws) / max(len(ws), 1):+.2f}")
    if len(terms) < 300:
        errors.append(f"framing: only {len(terms)} terms (at least 300 wanted)")
    print(f"neutral words: {len(neutral)}")
    if args.vader:
        vader = {}
        for line in args.vader.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2:
                vader[parts[0]] = parts[1]
        print("  scored by VADER: " + ", ".join(f"{w} {vader[w]}" for w in neutral if w in vader))
        print("  not scored by VADER: " + ", ".join(w for w in neutral if w not in vader))

    print(f"factions: {len(factions)}")
    for f in factions:
        print(f"  {f['id']:32} parent {f['parent'] or '-':26} aliases {len(f['aliases']):2} "
              f"+ case-sensitive {len(f['case_sensitive_aliases'])}")

    docs = load_corpus()
    if args.counts:
        by_faction, by_alias = faction_counts(factions, docs)
        print("faction mentions per document:")
        for f in factions:
            c = by_faction.get(f["id"], Counter())
            per = ", ".join(f"{d} {n}" for d, n in c.most_common())
            print(f"  {f['id']:32} {sum(c.values()):5}  {per}")
    hits = term_hits(terms, docs[EXCERPT])
    dim_of = {}
    for t in terms:
        dim_of.setdefault(t["term"], f"{t['dimension']} {t['weight']:+.1f}")
    how = "stem" if _STEMMER else "lowercase word"
    print(f"20 most frequent framing terms in the {EXCERPT} excerpt (by {how}; {sum(hits.values())} hits):")
    for term, n in hits.most_common(20):
        print(f"  {n:3}  {term:28} {dim_of[term]}")

    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("error:", e)
    print("ok" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
