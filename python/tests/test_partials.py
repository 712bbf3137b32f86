"""Partials from Python (count_partial, merge_partials) and corpus_lens.distributed on a local
Dask cluster: the merged tables are byte-identical to `corpus-lens analyze`'s."""

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


def test_merged_partial_ngrams_and_lemmas(small, tmp_path):
    """A tree: two partials merged into one partial, merged with a third; n-grams and lemmas
    held too."""
    a, b, c, ab = (tmp_path / f"{n}.partial" for n in ("a", "b", "c", "ab"))
    for path, ids in [(a, ["reed"]), (b, ["bryant"]), (c, ["ransome"])]:
        cl.count_partial(small, path, ids, ngrams=True, lemmas=True)
    assert cl.merge_partials([b, a], partial=ab) is None
    assert cl.partial_options(ab) == {"lemmas": True, "ngrams": True}
    cl.merge_partials([c, ab], tmp_path / "merged")
    cli("analyze", str(small), "--ngrams", "--lemmas", "--quiet", "--out", str(tmp_path / "cli"))
    same_files(tmp_path / "merged", tmp_path / "cli")
    assert (tmp_path / "merged" / "lemmas.csv").stat().st_size > 1000


def test_command_line_partials_merge_here(small, tmp_path):
    a, b, c = tmp_path / "a.partial", tmp_path / "b.partial", tmp_path / "c.partial"
    cli("count", str(small), "--documents", "reed", "--partial", str(a), "--quiet")
    cl.count_partial(small, b, ["bryant", "ransome"])
    cl.merge_partials([a, b], tmp_path / "merged")
    cli("analyze", str(small), "--quiet", "--out", str(tmp_path / "cli"))
    same_files(tmp_path / "merged", tmp_path / "cli")
    cli("count", str(small), "--documents", "reed", "--node", "soviet", "--partial", str(c), "--quiet")
    with pytest.raises(cl.UsageError, match="corpus-lens merge"):
        cl.merge_partials([c, b])


def test_partial_errors(small, tmp_path):
    a, b = tmp_path / "a.partial", tmp_path / "b.partial"
    with pytest.raises(cl.UsageError, match="no document 'nobody'"):
        cl.count_partial(small, a, ["nobody"])
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


def test_distributed_on_two_worker_processes(cli_out, tmp_path):
    distributed = pytest.importorskip("distributed")
    from corpus_lens.distributed import run

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        # 5 shards, 2 partials a merge: two levels of merge tasks, then the root; the
        # partials move as bytes (by default a local cluster's go through a temporary folder).
        run(None, tmp_path / "tables", client=client, shards=5, fan_in=2, scratch=False)
    same_files(tmp_path / "tables", cli_out)


def test_distributed_reads_fsspec_urls(small, tmp_path):
    distributed = pytest.importorskip("distributed")
    fsspec = pytest.importorskip("fsspec")
    from corpus_lens.distributed import run

    memory = fsspec.filesystem("memory")
    for path in small.iterdir():
        memory.pipe(f"/books/{path.name}", path.read_bytes())
    cli_tables = tmp_path / "cli"
    cli("analyze", str(small), "--quiet", "--out", str(cli_tables))
    # The memory file system is the process's own: workers in threads share it.
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        run("memory://books/*.txt", tmp_path / "tables", client=client, shards=3, fan_in=2, scratch=False)
    same_files(tmp_path / "tables", cli_tables, skip={"corpus_summary.csv"})
    # corpus_summary.csv shows each document's URL (as fsspec spells it) as its path.
    mine = (tmp_path / "tables" / "corpus_summary.csv").read_text()
    theirs = (cli_tables / "corpus_summary.csv").read_text()
    assert "memory:///books/reed.txt" in mine
    assert mine.replace("memory:///books/", str(small) + "/") == theirs


def test_distributed_partials_as_files_in_scratch(small, tmp_path):
    distributed = pytest.importorskip("distributed")
    from corpus_lens.distributed import run

    cli_tables = tmp_path / "cli"
    cli("analyze", str(small), "--quiet", "--out", str(cli_tables))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    timings: dict = {}
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        # 3 shards, 2 partials a merge: a merge task, then the root; results are paths.
        run(small, tmp_path / "tables", client=client, shards=3, fan_in=2, scratch=scratch, timings=timings)
    same_files(tmp_path / "tables", cli_tables)
    assert len(timings["partial_bytes"]) == 3 and min(timings["partial_bytes"]) > 0
    assert len(timings["root_partial_bytes"]) == 2
    # The run's own folder and every partial in it are gone; nothing else was touched.
    assert list(scratch.iterdir()) == []


def test_distributed_scratch_at_an_fsspec_url(small, tmp_path):
    distributed = pytest.importorskip("distributed")
    fsspec = pytest.importorskip("fsspec")
    from corpus_lens import distributed as dist

    cli_tables = tmp_path / "cli"
    cli("analyze", str(small), "--quiet", "--out", str(cli_tables))
    memory = fsspec.filesystem("memory")
    memory.makedirs("/scratch", exist_ok=True)
    seen = []
    result = dist._result

    def spy(out, scratch, name, storage_options):
        url = result(out, scratch, name, storage_options)
        seen.append((url, memory.size(url[len("memory://") :])))
        return url

    dist._result = spy
    try:
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster, distributed.Client(cluster) as client:
            dist.run(small, tmp_path / "tables", client=client, shards=3, fan_in=2, scratch="memory://scratch")
    finally:
        dist._result = result
    same_files(tmp_path / "tables", cli_tables)
    # Three count tasks and one merge task wrote their partials to the URL, as URLs.
    assert len(seen) == 4 and all(url.startswith("memory://scratch/corpus-lens-") for url, _ in seen)
    assert all(size > 0 for _, size in seen)
    assert memory.ls("/scratch") == []


def test_distributed_local_cluster_uses_a_temporary_scratch_folder(small, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    from corpus_lens import distributed as dist

    cli_tables = tmp_path / "cli"
    cli("analyze", str(small), "--quiet", "--out", str(cli_tables))
    monkeypatch.setattr(dist.tempfile, "tempdir", str(tmp_path))
    seen = []
    result = dist._result

    def spy(out, scratch, name, storage_options):
        seen.append(scratch)
        return result(out, scratch, name, storage_options)

    monkeypatch.setattr(dist, "_result", spy)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        dist.run(small, tmp_path / "tables", client=client, shards=3, fan_in=2)
    same_files(tmp_path / "tables", cli_tables)
    # Every task wrote a file into the run's folder in a temporary scratch folder, since gone.
    assert len(seen) == 4 and all("corpus-lens-scratch-" in s for s in seen)
    assert not list(tmp_path.glob("corpus-lens-scratch-*"))
    with pytest.raises(cl.UsageError, match="scratch=True"):
        dist.run(small, tmp_path / "t", client=client, scratch=True)
