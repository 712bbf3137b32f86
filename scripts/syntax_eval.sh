#!/usr/bin/env bash
# Scores a syntax model on a UD treebank's test file (default: English-EWT) with the CoNLL
# 2018 shared task's scorer (eval.py of github.com/UniversalDependencies/tools, which keeps
# the 2018 metrics), twice:
#   gold tokenization: `corpus-lens parse --conllu` on the gold file (its words as given);
#   own tokenization:  the raw text (the `# text =` lines, one paragraph per `# newpar`,
#                      sentences joined by spaces) through `corpus-lens parse TEXT`, so the
#                      project's own sentence splitter and tokenizer; the scorer aligns the
#                      words by characters.
# Prints UPOS, lemma, UAS and LAS (aligned accuracy for gold tokenization, F1 for own).
#
# Usage: scripts/syntax_eval.sh [--train] [--model FILE] [--split test|dev]
#   --train   first retrain the model (the command of models/README.md) into target/syntax-eval/
#   UD_DIR    folder of en_ewt-ud-{train,dev,test}.conllu (default /work/shared/ud/en_ewt)
#   UD_TOOLS  a copy of the UD tools repository (default target/ud/tools; cloned if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
UD_DIR=${UD_DIR:-/work/shared/ud/en_ewt}
UD_TOOLS=${UD_TOOLS:-target/ud/tools}
MODEL=models/en_ewt.syntax
SPLIT=test
TRAIN=0
while [ $# -gt 0 ]; do
  case "$1" in
    --train) TRAIN=1 ;;
    --model) MODEL=$2; shift ;;
    --split) SPLIT=$2; shift ;;
    *) echo "usage: $0 [--train] [--model FILE] [--split test|dev]" >&2; exit 2 ;;
  esac
  shift
done
OUT=target/syntax-eval
mkdir -p "$OUT"
cargo build --release --quiet
BIN=${CARGO_TARGET_DIR:-target}/release/corpus-lens
if [ ! -f "$UD_TOOLS/eval.py" ]; then
  git clone --quiet --depth 1 https://github.com/UniversalDependencies/tools "$UD_TOOLS"
fi
if [ "$TRAIN" = 1 ]; then
  MODEL=$OUT/en_ewt.syntax
  "$BIN" train-syntax --train "$UD_DIR/en_ewt-ud-train.conllu" --dev "$UD_DIR/en_ewt-ud-dev.conllu" --out "$MODEL"
fi
GOLD=$UD_DIR/en_ewt-ud-$SPLIT.conllu

"$BIN" parse --model "$MODEL" --conllu "$GOLD" --out "$OUT/gold_tok.conllu"
python3 - "$GOLD" > "$OUT/raw.txt" <<'PY'
import sys
paragraphs, current = [], []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("# newpar") or line.startswith("# newdoc"):
        if current:
            paragraphs.append(" ".join(current))
        current = []
    elif line.startswith("# text = "):
        current.append(line[len("# text = "):].rstrip("\n"))
if current:
    paragraphs.append(" ".join(current))
print("\n\n".join(paragraphs))
PY
"$BIN" parse --model "$MODEL" "$OUT/raw.txt" --out "$OUT/own_tok.conllu"

score() {
  # eval.py's own entry point also loads the validator (which needs udapi): call its scorer
  # module, udeval (the CoNLL 2018 shared task's metrics), directly.
  python3 -c '
import sys
sys.path.insert(0, sys.argv[1])
import argparser, udeval
args = argparser.parse_args_scorer([sys.argv[2], sys.argv[3], "-v", "--no-enhanced"])
print(udeval.build_evaluation_table(udeval.evaluate_wrapper(args), True, False, False))
' "$UD_TOOLS/udtools/src/udtools" "$GOLD" "$1" | awk -v name="$2" '
    $1 == "Tokens" || $1 == "Sentences" || $1 == "Words" || $1 == "UPOS" || $1 == "Lemmas" || $1 == "UAS" || $1 == "LAS" {
      split($0, f, "|"); v[$1] = f[4] + 0
    }
    END {
      printf "%-18s tokens %6.2f  sentences %6.2f  words %6.2f  UPOS %6.2f  lemma %6.2f  UAS %6.2f  LAS %6.2f\n",
        name, v["Tokens"], v["Sentences"], v["Words"], v["UPOS"], v["Lemmas"], v["UAS"], v["LAS"]
    }'
}
echo "EWT $SPLIT, model $MODEL (F1 of the CoNLL 2018 scorer; with gold tokenization F1 = accuracy)"
score "$OUT/gold_tok.conllu" "gold tokenization"
score "$OUT/own_tok.conllu" "own tokenization"
