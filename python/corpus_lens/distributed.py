"""corpus-lens on a Dask cluster: count shards of a corpus on the workers, merge the partial
results as a tree, write ``analyze``'s tables (docs/distributed.md).

``run(inputs, out, client=client)`` lists the corpus's documents (without reading their
texts), forms shards of whole documents balanced by bytes, submits one count task per shard
(``count_partial`` of the shard's documents only), merges the partials ``fan_in`` at a time
in merge tasks on the workers until at most ``fan_in`` are left, and merges those at the
root (this process) into the tables: byte-identical to ``corpus_lens.analyze`` or
``corpus-lens analyze`` on the same inputs, whatever the shards and the cluster.

Partials move between tasks as bytes (a task's result): Dask sends them from worker to
worker, so no shared folder is needed, but a merge task holds its inputs and its output in
memory. With ``scratch`` (a folder every worker and the caller reach: a shared file system or
an fsspec URL such as ``s3://bucket/tmp``) they move as files instead: a task's result is the
file's location, a merge task streams its inputs into its output one document at a time, and
no process holds a partial in memory. Inputs are local paths (files, folders, manifests:
each worker must see them at the same path) or fsspec URLs of text files
(``s3://bucket/books/*.txt``, ``gcs://...``, ``memory://...``): a worker copies its shard's
files to a temporary folder and the tables show each document's URL as its ``path``.

Dask was chosen over Ray or Spark: it installs from PyPI as pure Python, runs the same code on
a laptop (``LocalCluster``), on a scheduler's address or on SLURM/PBS through dask-jobqueue,
and reads object storage through fsspec, which it ships with.
"""

from __future__ import annotations

import heapq
import os
import posixpath
import shutil
import tempfile
import time
import uuid
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from . import _call, _given, _header_options, _native, _paths
from .errors import UsageError

__all__ = ["run", "list_documents", "shards_of"]

#: One document as the tasks get it: (id, metadata in CBOR or None, path to read, path shown).
Entry = Tuple[str, Optional[bytes], str, str]

Inputs = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]], None]

_RESERVED = ("(corpus)", "all", "rest")


def _is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def _local(path: str) -> str:
    return path[len("file://") :] if path.startswith("file://") else path


def list_documents(
    inputs: Inputs, storage_options: Optional[Dict[str, Any]] = None, **options: Any
) -> List[Tuple[Entry, int]]:
    """The corpus's documents in corpus order, each as an :data:`Entry` and its size in
    bytes, without reading the texts. Local inputs (paths or ``file://``) are listed as
    ``corpus_lens.documents`` lists them (manifests too); fsspec URLs name text files or
    folders of ``*.txt`` (globs allowed), each file's id its file stem (``-2``, ``-3``...
    on a clash), as for plain files on the command line.

    >>> [e[0][0] for e in list_documents(None)][:2]
    ['trotsky1918', 'reed1919']
    """
    paths = _paths(inputs)
    urls = [p for p in paths if _is_url(p)]
    if not urls:
        listed = _call(_native.documents, [_local(p) for p in paths], _given(options))
        return [((d[0], bytes(d[3]), d[1], d[1]), d[2]) for d in listed]
    if len(urls) != len(paths):
        raise UsageError("give either local paths or fsspec URLs as inputs, not both", "Usage")
    import fsspec

    found: List[Tuple[str, int]] = []
    for url in urls:
        fs, _, roots = fsspec.get_fs_token_paths(url, storage_options=storage_options or {})
        files: List[Tuple[str, int]] = []
        for root in roots:
            if fs.isdir(root):
                for path, info in sorted(fs.find(root, detail=True).items()):
                    name = posixpath.basename(path)
                    if path.endswith(".txt") and not name.startswith("."):
                        files.append((fs.unstrip_protocol(path), int(info.get("size") or 0)))
            else:
                files.append((fs.unstrip_protocol(root), int(fs.size(root) or 0)))
        if not files:
            raise UsageError(f"{url}: no text file found", "Usage")
        found.extend(sorted(files))
    seen = set(_RESERVED)
    entries = []
    for url, size in found:
        stem = posixpath.splitext(posixpath.basename(url))[0] or "document"
        ident, n = stem, 2
        while ident in seen:
            ident, n = f"{stem}-{n}", n + 1
        seen.add(ident)
        entries.append(((ident, None, url, url), size))
    return entries


def shards_of(sizes: Sequence[int], shards: int) -> List[List[int]]:
    """Splits documents (by their sizes) into at most ``shards`` groups of whole documents
    balanced by bytes: the largest first, each to the lightest group (LPT); each group's
    indices in corpus order, the groups by their first document.

    >>> shards_of([5, 1, 1, 3], 2)
    [[0], [1, 2, 3]]
    """
    shards = max(1, min(shards, len(sizes)))
    heap = [(0, k) for k in range(shards)]
    groups: List[List[int]] = [[] for _ in range(shards)]
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        load, k = heapq.heappop(heap)
        groups[k].append(i)
        heapq.heappush(heap, (load + sizes[i], k))
    return sorted((sorted(g) for g in groups if g), key=lambda g: g[0])


def _threads(options: Dict[str, Any]) -> Dict[str, Any]:
    """A task's options: ``threads`` as the worker's threads unless given."""
    if options.get("threads") is None:
        try:
            from distributed import get_worker

            options = dict(options, threads=get_worker().state.nthreads)
        except (ImportError, ValueError, AttributeError):
            pass
    return options


def _count_task(
    corpus: List[str],
    shard: List[Entry],
    options: Dict[str, Any],
    header: List[str],
    storage_options: Optional[Dict[str, Any]],
    scratch: Optional[str] = None,
    name: str = "shard.partial",
) -> Union[bytes, str]:
    """Counts one shard (copying its URL files to a temporary folder first) and returns the
    partial file's bytes, or with ``scratch`` its location there (``name``)."""
    with tempfile.TemporaryDirectory(prefix="corpus-lens-") as tmp:
        local = []
        for k, (ident, blob, path, shown) in enumerate(shard):
            if _is_url(path):
                import fsspec

                copy = os.path.join(tmp, str(k), posixpath.basename(path))
                os.makedirs(os.path.dirname(copy))
                with fsspec.open(path, "rb", **(storage_options or {})) as src, open(copy, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                path = copy
            local.append((ident, blob, _local(path), shown))
        out = _output(tmp, scratch, name)
        _call(_native.count_shard, corpus, local, out, _given(_threads(options)), header)
        return _result(out, scratch, name, storage_options)


def _output(tmp: str, scratch: Optional[str], name: str) -> str:
    """Where a task writes its partial: straight into a local scratch folder, else into its
    temporary folder."""
    if scratch is not None and not _is_url(scratch):
        return os.path.join(_local(scratch), name)
    return os.path.join(tmp, name)


def _result(
    out: str, scratch: Optional[str], name: str, storage_options: Optional[Dict[str, Any]]
) -> Union[bytes, str]:
    """A task's result from the partial it wrote at ``out``: its bytes without ``scratch``;
    else its location in ``scratch`` (copied there first when ``scratch`` is a URL)."""
    if scratch is None:
        with open(out, "rb") as f:
            return f.read()
    if not _is_url(scratch):
        return out
    import fsspec

    url = posixpath.join(scratch, name)
    fs, path = fsspec.core.url_to_fs(url, **(storage_options or {}))
    fs.put_file(out, path)
    return url


def _write_all(tmp: str, partials: Sequence[bytes], prefix: str = "") -> List[str]:
    paths = []
    for k, data in enumerate(partials):
        path = os.path.join(tmp, f"{prefix}{k}.partial")
        with open(path, "wb") as f:
            f.write(data)
        paths.append(path)
    return paths


def _local_partial(
    tmp: str, partial: Union[bytes, str], name: str, storage_options: Optional[Dict[str, Any]]
) -> str:
    """A task's result as a local file: bytes written into ``tmp``, a URL copied into it, a
    local path as it is."""
    if isinstance(partial, bytes):
        return _write_all(tmp, [partial], prefix=name)[0]
    if not _is_url(partial):
        return _local(partial)
    import fsspec

    fs, path = fsspec.core.url_to_fs(partial, **(storage_options or {}))
    local = os.path.join(tmp, f"{name}.partial")
    fs.get_file(path, local)
    return local


def _size(partial: Union[bytes, str], storage_options: Optional[Dict[str, Any]] = None) -> int:
    """A partial's size in bytes, held or in scratch."""
    if isinstance(partial, bytes):
        return len(partial)
    if not _is_url(partial):
        return os.path.getsize(_local(partial))
    import fsspec

    fs, path = fsspec.core.url_to_fs(partial, **(storage_options or {}))
    return int(fs.size(path))


def _merge_task(
    *partials: Union[bytes, str],
    scratch: Optional[str] = None,
    name: str = "merged.partial",
    storage_options: Optional[Dict[str, Any]] = None,
) -> Union[bytes, str]:
    """Merges partials (bytes, or files in ``scratch``) into one merged partial: its bytes,
    or with ``scratch`` its location there (``name``). The native merge reads one document
    at a time, so with ``scratch`` the task's memory does not follow its inputs' size."""
    from . import merge_partials

    with tempfile.TemporaryDirectory(prefix="corpus-lens-") as tmp:
        paths = [_local_partial(tmp, p, f"in-{k}-", storage_options) for k, p in enumerate(partials)]
        out = _output(tmp, scratch, name)
        merge_partials(paths, partial=out)
        return _result(out, scratch, name, storage_options)


def _scratch_folder(scratch: str, tag: str, storage_options: Optional[Dict[str, Any]]) -> str:
    """This run's own folder in ``scratch``, made."""
    if _is_url(scratch):
        import fsspec

        folder = posixpath.join(scratch.rstrip("/"), f"corpus-lens-{tag}")
        fs, path = fsspec.core.url_to_fs(folder, **(storage_options or {}))
        fs.makedirs(path, exist_ok=True)
        return folder
    folder = os.path.join(_local(scratch), f"corpus-lens-{tag}")
    os.makedirs(folder)
    return folder


def _local_cluster(client: Any) -> bool:
    """Whether the client's cluster runs its workers on this machine."""
    try:
        from distributed import LocalCluster
    except ImportError:
        return False
    return isinstance(getattr(client, "cluster", None), LocalCluster)


def _remove_folder(folder: str, storage_options: Optional[Dict[str, Any]]) -> None:
    """Removes this run's scratch folder and the partials in it."""
    if _is_url(folder):
        import fsspec

        fs, path = fsspec.core.url_to_fs(folder, **(storage_options or {}))
        if fs.exists(path):
            fs.rm(path, recursive=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)


def run(
    inputs: Inputs,
    out: Union[str, "os.PathLike[str]", None] = None,
    *,
    client: Any = None,
    shards: Optional[int] = None,
    fan_in: int = 4,
    format: str = "csv",
    storage_options: Optional[Dict[str, Any]] = None,
    nodes: Optional[Sequence[str]] = None,
    scratch: Union[str, "os.PathLike[str]", None, bool] = None,
    timings: Optional[Dict[str, Any]] = None,
    **options: Any,
) -> Optional[Dict[str, Any]]:
    """``analyze``'s tables of ``inputs``, counted on a Dask cluster: written into the folder
    ``out`` (as ``corpus-lens analyze --out``; ``format`` ``"csv"`` or ``"parquet"``), or
    returned as ``{table name: DataFrame}`` without ``out``.

    ``client``: a ``distributed.Client`` (default: the current one, else a ``LocalCluster``
    started for this call). ``shards``: how many count tasks (default: the cluster's
    threads, at most one per document). ``fan_in``: partials per merge task (at least 2).
    ``storage_options``: for fsspec URLs (credentials, endpoint ...). ``scratch``: a folder
    every worker and this process reach (a shared path, or an fsspec URL such as
    ``s3://bucket/tmp``) where the partials go as files instead of moving through the
    cluster's memory as bytes; this call makes its own folder in it and removes it at the
    end (it holds every partial of the tree meanwhile). Default: a temporary folder when the
    client's cluster is a ``LocalCluster`` (its workers share this machine's disk), else
    bytes; ``scratch=False``: bytes always. Other options are
    ``analyze``'s (``ngrams=True`` and ``lemmas=True`` too);
    ``threads``: each task's threads (default: its worker's). ``timings``: a dict this call
    fills with its phases' seconds (``list``, ``count``, ``merge_tasks``, ``root``), the
    shards' bytes of text (``shard_bytes``) and the partials' sizes (``partial_bytes``, then
    ``root_partial_bytes``); the count phase is then waited for before the merge tasks start.

    >>> from distributed import Client, LocalCluster              # doctest: +SKIP
    >>> client = Client(LocalCluster(n_workers=2, threads_per_worker=1))  # doctest: +SKIP
    >>> run("s3://bucket/books/*.txt", "tables", client=client)   # doctest: +SKIP
    """
    if fan_in < 2:
        raise UsageError(f"fan_in={fan_in}: a merge takes at least 2 partials", "Usage")
    if scratch is True:
        raise UsageError("scratch=True: give a folder or an fsspec URL, or False for bytes", "Usage")
    options = dict(options, nodes=nodes)
    given = _given(options)
    header = _header_options(options)
    listing = {k: v for k, v in given.items() if k in ("input_format", "allow_outside")}
    clock = time.perf_counter()
    entries = list_documents(inputs, storage_options, **listing)
    if timings is not None:
        timings["list"] = time.perf_counter() - clock
    if not entries:
        raise UsageError("the inputs hold no document", "Usage")
    corpus = [entry[0] for entry, _ in entries]
    own_cluster = None
    folder: Optional[str] = None
    own_scratch: Optional[str] = None
    if client is None:
        from distributed import Client, LocalCluster

        try:
            from distributed import get_client

            client = get_client()
        except ValueError:
            own_cluster = LocalCluster(processes=True)
            client = Client(own_cluster)
    try:
        if scratch is None and _local_cluster(client):
            own_scratch = tempfile.mkdtemp(prefix="corpus-lens-scratch-")
            scratch = own_scratch
        if scratch is False:
            scratch = None
        if shards is None:
            shards = max(1, sum(client.nthreads().values()))
        groups = shards_of([size for _, size in entries], shards)
        clock = time.perf_counter()
        tag = uuid.uuid4().hex[:8]
        if scratch is not None:
            folder = _scratch_folder(os.fspath(scratch), tag, storage_options)
        level = [
            client.submit(
                _count_task,
                corpus,
                [entries[i][0] for i in group],
                given,
                header,
                storage_options,
                folder,
                f"count-{k}.partial",
                key=f"corpus-lens-count-{tag}-{k}",
            )
            for k, group in enumerate(groups)
        ]
        if timings is not None:
            from distributed import wait

            wait(level)
            timings["count"] = time.perf_counter() - clock
            timings["shard_bytes"] = [sum(entries[i][1] for i in g) for g in groups]
            timings["partial_bytes"] = client.gather(client.map(_size, level, storage_options=storage_options))
            clock = time.perf_counter()
        depth = 0
        while len(level) > fan_in:
            depth += 1
            # A lone partial at the end of a level goes up as it is.
            level = [
                client.submit(
                    _merge_task,
                    *group,
                    scratch=folder,
                    name=f"merge-{depth}-{i}.partial",
                    storage_options=storage_options,
                    key=f"corpus-lens-merge-{tag}-{depth}-{i}",
                )
                if len(group) > 1
                else group[0]
                for i, group in enumerate(level[j : j + fan_in] for j in range(0, len(level), fan_in))
            ]
        with tempfile.TemporaryDirectory(prefix="corpus-lens-") as tmp:
            # One partial in memory at a time: each goes to a file as it arrives (with
            # scratch, only a URL's is copied here).
            paths, sizes = [], []
            for k, future in enumerate(level):
                data = future.result()
                future.release()
                sizes.append(_size(data, storage_options))
                paths.append(_local_partial(tmp, data, f"root-{k}-", storage_options))
                del data
            if timings is not None:
                timings["merge_tasks"] = time.perf_counter() - clock
                timings["root_partial_bytes"] = sizes
                clock = time.perf_counter()
            from . import merge_partials

            tables = merge_partials(paths, out, format=format, threads=given.get("threads"))
    finally:
        if folder is not None:
            _remove_folder(folder, storage_options)
        if own_scratch is not None:
            shutil.rmtree(own_scratch, ignore_errors=True)
        if own_cluster is not None:
            client.close()
            own_cluster.close()
    if timings is not None:
        timings["root"] = time.perf_counter() - clock
    return tables

