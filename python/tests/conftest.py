"""Fixtures shared by the test files: the command line's tables of the shipped corpus."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("CORPUS_LENS_BIN", ROOT / "target" / "release" / "corpus-lens"))


def cli(*args: str) -> None:
    """Runs the command line (skips the test if it is not built)."""
    if not BIN.exists():
        pytest.skip(f"{BIN} not built (cargo build --release, or set CORPUS_LENS_BIN)")
    subprocess.run([str(BIN), *args], check=True)


@pytest.fixture(scope="session")
def cli_out(tmp_path_factory):
    """`corpus-lens analyze --out` of the shipped corpus (once for every test file)."""
    out = tmp_path_factory.mktemp("analyze")
    cli("analyze", "--quiet", "--out", str(out))
    return out
