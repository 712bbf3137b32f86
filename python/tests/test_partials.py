"""Partials from Python (count_partial, merge_partials): the merged tables are byte-identical
to `corpus-lens analyze`'s."""

from __future__ import annotations

from pathlib import Path

import pytest

import corpus_lens as cl
from conftest import ROOT, cli


def same_files(mine: Path, theirs: Path, skip=()) -> None:
    """Every table of `theirs` is in `mine` with the same bytes."""
    names = sorted(p.name for p in theirs.iterdir())
    assert sorted(p.name for p in mine.iterdir()) == names
    assert "freq.csv" in names and "framing_summary.csv" in names
    for name in names:
        if name not in skip:
            assert (mine / name).read_bytes() == (theirs / name).read_bytes(), name


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A corpus of three short texts cut from the shipped ones (fast to analyze)."""
    folder = tmp_path_factory.mktemp("small")
    for source, name in [
        ("reed_1919_ten_days_that_shook_the_world.txt", "reed.txt"),
        ("ransome_1919_russia_in_1919.txt", "ransome.txt"),
        ("bryant_1923_mirrors_of_moscow.txt", "bryant.txt"),
    ]:
        text = (ROOT / "corpora" / source).read_text(encoding="utf-8")
        (folder / name).write_text("\n\n".join(text.split("\n\n")[:400]), encoding="utf-8")
    return folder


def test_document_ids_without_counting():
    ids = cl.document_ids()
    assert ids[:2] == ["trotsky1918", "reed1919"] and len(ids) == 8
    listed = cl.documents()
    assert listed["document"].tolist() == ids
    assert listed["bytes"].tolist()[0] == (ROOT / "corpora" / "trotsky_1918_history_to_brest_litovsk_excerpt.txt").stat().st_size


def test_merged_partials_are_analyze_bytes(cli_out, tmp_path):
    ids = cl.document_ids()
    a, b, c = (tmp_path / f"{n}.partial" for n in "abc")
    assert cl.count_partial(None, a, ids[::3]) == ids[::3]
    cl.count_partial(None, b, ids[1::3])
    cl.count_partial(None, c, ids[2::3])
    cl.merge_partials([c, a, b], tmp_path / "tables")
    same_files(tmp_path / "tables", cli_out)


def test_options_go_through_the_header(small, tmp_path):
    cli_tables = tmp_path / "cli"
    cli("analyze", str(small), "--node", "soviet", "--min-freq", "3", "--quiet", "--out", str(cli_tables))
    a, b = tmp_path / "a.partial", tmp_path / "b.partial"
    cl.count_partial(small, a, ["bryant", "reed"], nodes="soviet", min_freq=3)
    cl.count_partial(small, b, "ransome", nodes=["soviet"], min_freq=3, threads=1)
    assert cl.partial_options(a) == {"nodes": ["soviet"], "min_freq": 3}
    cl.merge_partials([a, b], tmp_path / "merged")
    same_files(tmp_path / "merged", cli_tables)
    frames = cl.merge_partials([b, a])
    assert frames["kwic"]["node"].str.lower().str.startswith("soviet").all()
    assert len(frames["freq"]) == len((tmp_path / "merged" / "freq.csv").read_text().splitlines()) - 1


def test_partial_errors(small, tmp_path):
    a, b = tmp_path / "a.partial", tmp_path / "b.partial"
    with pytest.raises(cl.UsageError, match="no document 'nobody'"):
        cl.count_partial(small, a, ["nobody"])
    with pytest.raises(cl.UsageError, match="ngrams"):
        cl.count_partial(small, a, ngrams=True)
    cl.count_partial(small, a, ["reed"])
    cl.count_partial(small, b, ["reed", "bryant"])
    with pytest.raises(cl.InputError, match="document 'reed' is in") as error:
        cl.merge_partials([a, b])
    assert error.value.path == str(b)
    cl.count_partial(small, b, ["bryant"], min_freq=2)
    with pytest.raises(cl.InputError, match="option"):
        cl.merge_partials([a, b])
    with pytest.raises(cl.InputError, match="not a corpus-lens partial"):
        cl.merge_partials([small / "reed.txt"])
