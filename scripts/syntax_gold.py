#!/usr/bin/env python3
"""The hand-parsed memoir sentences (corpora/gold/syntax/): agreement and scores.

Usage:
  scripts/syntax_gold.py agree [A B]      agreement of the two annotators (default
                                          annotator_a.conllu, annotator_b.conllu): UPOS,
                                          lemma, UAS, LAS, Cohen's kappa of UPOS, and
                                          --list: every token where they differ
  scripts/syntax_gold.py build            gold.conllu from annotator A's file, with annotator B's
                                          line for each word (or whole sentence, `*`) that
                                          adjudication.tsv settles for B; checks that every
                                          disagreement is settled and every tree is valid
  scripts/syntax_gold.py score GOLD SYSTEM  UPOS, lemma, UAS, LAS of SYSTEM against GOLD
  scripts/syntax_gold.py eval [--binary PATH] [--model FILE]
                                          parses sentences.conllu with `corpus-lens parse
                                          --conllu` and scores it against gold.conllu,
                                          overall and per book

The measures are those of the CoNLL 2018 shared task's scorer for gold tokenization (every
word counts, punctuation included; LAS compares the universal part of DEPREL, before any
`:` subtype; lemmas compared exactly), written out here because the words are the same on
both sides and so need no alignment.
"""
import argparse
import collections
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpora/gold/syntax"


def read(path_or_text, is_text=False):
    text = path_or_text if is_text else Path(path_or_text).read_text()
    sents, words, sid = [], [], None
    for line in text.split("\n"):
        if line.startswith("# sent_id = "):
            sid = line[len("# sent_id = "):]
        elif line.startswith("#"):
            continue
        elif not line.strip():
            if words:
                sents.append((sid, words))
                words, sid = [], None
        else:
            c = line.split("\t")
            if "-" in c[0] or "." in c[0]:
                continue
            words.append({"form": c[1], "lemma": c[2], "upos": c[3], "head": c[6],
                          "deprel": c[7].split(":")[0]})
    if words:
        sents.append((sid, words))
    return sents


def paired(gold, system):
    if len(gold) != len(system):
        sys.exit(f"{len(gold)} sentences against {len(system)}")
    for (gid, g), (sid, s) in zip(gold, system):
        if [w["form"] for w in g] != [w["form"] for w in s]:
            sys.exit(f"sentence {gid}: the words differ ({sid})")
        for i, (a, b) in enumerate(zip(g, s), 1):
            yield gid, i, a, b


def measures(pairs):
    n = upos = lemma = uas = las = 0
    for _, _, a, b in pairs:
        n += 1
        upos += a["upos"] == b["upos"]
        lemma += a["lemma"] == b["lemma"]
        uas += a["head"] == b["head"]
        las += a["head"] == b["head"] and a["deprel"] == b["deprel"]
    return {"words": n, "UPOS": 100 * upos / n, "lemma": 100 * lemma / n,
            "UAS": 100 * uas / n, "LAS": 100 * las / n}


def kappa(pairs, key):
    pairs = list(pairs)
    n = len(pairs)
    po = sum(a[key] == b[key] for _, _, a, b in pairs) / n
    ca = collections.Counter(a[key] for _, _, a, _ in pairs)
    cb = collections.Counter(b[key] for _, _, _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    return (po - pe) / (1 - pe)


def show(name, m):
    print(f"{name:<24} words {m['words']:>5}  UPOS {m['UPOS']:6.2f}  lemma {m['lemma']:6.2f}  "
          f"UAS {m['UAS']:6.2f}  LAS {m['LAS']:6.2f}")


def blocks(path):
    return [b for b in Path(path).read_text().strip("\n").split("\n\n")]


def check_tree(sid, rows):
    heads = {int(r[0]): int(r[6]) for r in rows}
    if sum(h == 0 for h in heads.values()) != 1:
        sys.exit(f"{sid}: not exactly one root")
    for i in heads:
        seen, j = set(), i
        while j:
            if j in seen or j not in heads and j != 0:
                sys.exit(f"{sid}: cycle or head out of range at word {i}")
            seen.add(j)
            j = heads[j]


# The guide's examples gave "his" -> "he" and "its" -> "it", where EWT train writes the
# possessive pronoun itself (his 363 of 364, its 155, their 386, my 761, our 321, your 631,
# whose 13; "her" is split she/her by use), "whom" as itself and curly double quotes as `"`.
# Both annotators followed the guide, so the gold takes EWT's lemma for these forms.
EWT_LEMMA = {"his": "his", "its": "its", "their": "their", "my": "my", "our": "our",
             "your": "your", "whose": "whose", "whom": "whom", "\u201c": '"', "\u201d": '"'}


def ewt_lemma(line):
    c = line.split("\t")
    lemma = EWT_LEMMA.get(c[1].lower())
    if lemma is not None and c[3] in ("PRON", "PUNCT"):
        c[2] = lemma
    return "\t".join(c)


def build():
    a, b = blocks(GOLD / "annotator_a.conllu"), blocks(GOLD / "annotator_b.conllu")
    choices = {}
    lines = (GOLD / "adjudication.tsv").read_text().strip().split("\n")[1:]
    for line in lines:
        sid, word, choice, _ = line.split("\t")
        choices[(sid, word)] = choice
    out, changed, settled = [], collections.Counter(), set()
    for x, y in zip(a, b):
        sid = next(l for l in x.split("\n") if l.startswith("# sent_id = "))[12:]
        whole = choices.get((sid, "*"))
        # The sentence's id and text; the annotators' own `# note` lines stay in their files.
        rows = [l for l in x.split("\n") if l.startswith(("# sent_id", "# text"))]
        words_x = [l for l in x.split("\n") if not l.startswith("#")]
        words_y = [l for l in y.split("\n") if not l.startswith("#")]
        for lx, ly in zip(words_x, words_y):
            word = lx.split("\t")[0]
            choice = whole or choices.get((sid, word))
            if lx != ly and choice is None:
                sys.exit(f"{sid} word {word}: the annotators differ and adjudication.tsv is silent")
            if choice:
                settled.add((sid, word) if not whole else (sid, "*"))
            rows.append(ewt_lemma(ly if choice == "b" else lx))
            if lx != ly:
                changed[choice] += 1
        check_tree(sid, [r.split("\t") for r in rows if not r.startswith("#")])
        out.append("\n".join(rows))
    unused = set(choices) - settled
    if unused:
        sys.exit(f"adjudication.tsv names words with no disagreement: {sorted(unused)}")
    (GOLD / "gold.conllu").write_text("\n\n".join(out) + "\n\n")
    print(f"gold.conllu: {len(out)} sentences; differing words settled for A {changed['a']}, "
          f"for B {changed['b']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("agree")
    a.add_argument("files", nargs="*", default=[GOLD / "annotator_a.conllu",
                                                GOLD / "annotator_b.conllu"])
    a.add_argument("--list", action="store_true")
    s = sub.add_parser("score")
    s.add_argument("gold")
    s.add_argument("system")
    sub.add_parser("build")
    e = sub.add_parser("eval")
    e.add_argument("--binary", default=str(ROOT / "target/release/corpus-lens"))
    e.add_argument("--model")
    args = ap.parse_args()
    if args.cmd == "agree":
        pairs = list(paired(read(args.files[0]), read(args.files[1])))
        show("annotator A vs B", measures(pairs))
        print(f"Cohen's kappa, UPOS: {kappa(pairs, 'upos'):.3f}")
        if args.list:
            for sid, i, x, y in pairs:
                diff = [k for k in ("lemma", "upos", "head", "deprel") if x[k] != y[k]]
                if diff:
                    print(sid, i, x["form"], *(f"{k}:{x[k]}|{y[k]}" for k in diff), sep="\t")
    elif args.cmd == "build":
        build()
    elif args.cmd == "score":
        show("system vs gold", measures(paired(read(args.gold), read(args.system))))
    else:
        cmd = [args.binary, "parse", "--conllu", str(GOLD / "sentences.conllu")]
        if args.model:
            cmd += ["--model", args.model]
        predicted = subprocess.run(cmd, capture_output=True, check=True, text=True).stdout
        pairs = list(paired(read(GOLD / "gold.conllu"), read(predicted, is_text=True)))
        show("all memoir sentences", measures(pairs))
        books = collections.defaultdict(list)
        for p in pairs:
            books[p[0].rsplit("-", 1)[0]].append(p)
        for book, ps in books.items():
            show(book, measures(ps))


if __name__ == "__main__":
    main()
