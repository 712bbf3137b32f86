#!/usr/bin/env bash
# The Python package's tests: builds the release binary (the tests compare the package's
# tables with its CSV tables; corpus_lens.distributed's run on a local Dask cluster) and the abi3 wheel with maturin (reusing the release build in
# target/), installs the wheel into a virtual environment, runs pytest on python/tests/.
#
#   bash scripts/python_tests.sh [PYTEST ARGS...]
#
# The environment is target/py-venv (or $CORPUS_LENS_PY_VENV), made with $PYTHON (default
# python3) and kept between runs; delete it for a clean one.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${CORPUS_LENS_PY_VENV:-target/py-venv}
python=${PYTHON:-python3}
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
# dask[distributed] for corpus_lens.distributed's tests (a 2-worker local cluster).
if ! "$venv/bin/python" -c 'import maturin, pytest, pandas, pyarrow, distributed' 2>/dev/null; then
    "$venv/bin/pip" install --quiet "maturin>=1.16,<2" "pytest>=7" "pandas>=1.5" "pyarrow>=12" \
        "dask[distributed]>=2024.8,<2027"
fi

cargo build --release --quiet
start=$SECONDS
rm -rf target/wheels
"$venv/bin/maturin" build --release --quiet --out target/wheels
echo "python_tests.sh: wheel built in $((SECONDS - start)) s"
"$venv/bin/pip" install --quiet --force-reinstall --no-deps target/wheels/corpus_lens-*.whl
CORPUS_LENS_BIN=target/release/corpus-lens "$venv/bin/pytest" -q python/tests "$@"
