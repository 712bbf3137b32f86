#!/usr/bin/env bash
# The whole test suite, as the README's quick start and .ci/run give it: the Rust tests
# (`cargo test`: unit, integration and doc tests), then the Python package's tests
# (scripts/python_tests.sh: pytest against a wheel built from this checkout).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test
bash scripts/python_tests.sh
