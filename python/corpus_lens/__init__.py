"""corpus-lens from Python: the tables of ``corpus-lens`` as pandas DataFrames.

``analyze(inputs)`` runs every analysis (as ``corpus-lens analyze`` does) and returns a dict
of DataFrames keyed by table name (``"freq"``, ``"kwic"``, ``"framing_mentions"`` ...); the
other functions return one table. The tables are those of the command line, value for value:
the same library code builds them, and they reach pandas as Arrow data, with the schema's
types (see ``docs/tables.md``): string columns as pandas' ``string`` dtype (the word "null"
stays "null"), integers as ``Int64`` (nullable), booleans as ``boolean``, floats as
``float64`` (a missing value is NaN).

Inputs are text files, folders or manifests, as on the command line; none means the shipped
corpus. Options have the command line's names with ``_`` for ``-`` (``--min-freq`` is
``min_freq``) and its defaults. Errors are exceptions of :mod:`corpus_lens.errors`, naming
the file and place.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import pandas as pd
import pyarrow as pa

from . import _native
from .errors import (
    CorpusLensError,
    DataError,
    InputError,
    InputNotFoundError,
    ManifestError,
    ResourceError,
    UsageError,
)

__version__: str = _native.__version__

__all__ = [
    "analyze",
    "freq",
    "collocations",
    "kwic",
    "ngrams",
    "framing",
    "compare",
    "sentiment",
    "schema",
    "document_ids",
    "documents",
    "count_partial",
    "merge_partials",
    "CorpusLensError",
    "InputError",
    "InputNotFoundError",
    "ManifestError",
    "ResourceError",
    "UsageError",
    "DataError",
]

Inputs = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]], None]

_PANDAS_TYPES = {
    pa.string(): pd.StringDtype(),
    pa.int64(): pd.Int64Dtype(),
    pa.bool_(): pd.BooleanDtype(),
}


def _frame(ipc: bytes) -> pd.DataFrame:
    """An Arrow IPC stream as a DataFrame with the schema's types."""
    table = pa.ipc.open_stream(ipc).read_all()
    return table.to_pandas(types_mapper=_PANDAS_TYPES.get)


def _paths(inputs: Inputs) -> List[str]:
    if inputs is None:
        return []
    if isinstance(inputs, (str, os.PathLike)):
        return [os.fspath(inputs)]
    return [os.fspath(p) for p in inputs]


def _run(inputs: Inputs, groups: Iterable[str], options: Dict[str, Any]) -> Dict[str, pd.DataFrame]:
    given = {k: v for k, v in options.items() if v is not None}
    for key in ("nodes", "target", "reference"):
        if isinstance(given.get(key), str):
            given[key] = [given[key]]
    try:
        tables = _native.run(_paths(inputs), list(groups), given)
    except _native.NativeError as error:
        raise errors_from(error) from None
    return {name: _frame(ipc) for name, ipc in tables}


def errors_from(error: BaseException) -> CorpusLensError:
    """The exception of :mod:`corpus_lens.errors` for an error of the extension module."""
    from .errors import from_native

    return from_native(error)


def analyze(
    inputs: Inputs = None,
    *,
    nodes: Optional[Sequence[str]] = None,
    ngrams: bool = False,
    lemmas: bool = False,
    **options: Any,
) -> Dict[str, pd.DataFrame]:
    """Every table of ``corpus-lens analyze``, as ``{table name: DataFrame}``.

    ``nodes``: the node words of collocations and concordances (default: coalitionist,
    bourgeoisie, soviet, by stem). ``ngrams=True`` adds ``ngrams``; ``lemmas=True`` adds
    ``lemmas``. Other options as on the command line: ``by``, ``left``, ``right``, ``width``,
    ``within``, ``counting``, ``min_freq``, ``stopwords``, ``min_o11``, ``sort``, ``top``,
    ``matrix_top``, ``collocate_stopwords``, ``keyness_min_freq``, ``keyness_top``,
    ``keyness_all``, ``correction``, ``alpha``,
    ``factions``, ``lexicon``, ``window``, ``no_stance``, ``replicates``, ``seed``,
    ``min_mentions``, ``threads``, ``lossy``, ``keep_numbers``, ``keep_matter``, ``parts``,
    ``input_format`` ...

    >>> tables = analyze()                                   # doctest: +SKIP
    >>> tables["freq"].head()                                # doctest: +SKIP
    """
    groups = ["freq", "collocations", "kwic", "framing", "compare"]
    if ngrams:
        groups.append("ngrams")
    if lemmas:
        groups.append("lemmas")
    return _run(inputs, groups, dict(options, nodes=nodes))


def freq(
    inputs: Inputs = None,
    *,
    min_freq: int = 1,
    stopwords: Optional[str] = None,
    table: str = "freq",
    **options: Any,
) -> pd.DataFrame:
    """Word frequencies with dispersion (``freq.csv``); ``table`` picks another of the
    frequency tables: ``freq_by_document``, ``stems``, ``corpus_summary``, ``ocr_suspects``,
    ``excluded_matter``.

    >>> freq(min_freq=5)["word"].head()                      # doctest: +SKIP
    """
    tables = _run(inputs, ["freq"], dict(options, min_freq=min_freq, stopwords=stopwords))
    return _pick(tables, table)


def collocations(
    nodes: Union[str, Sequence[str]],
    inputs: Inputs = None,
    *,
    left: int = 5,
    right: int = 5,
    min_o11: int = 2,
    sort: str = "log_dice",
    table: str = "collocations",
    **options: Any,
) -> pd.DataFrame:
    """Collocates of the node words (``collocations.csv``; ``table="cooc_matrix"`` for the
    matrix). Nodes are matched by word form unless ``by="stem"`` or ``by="lemma"``.

    >>> collocations("soviet", left=3, right=3).head()      # doctest: +SKIP
    """
    opts = dict(options, nodes=nodes, left=left, right=right, min_o11=min_o11, sort=sort)
    return _pick(_run(inputs, ["collocations"], opts), table)


def kwic(
    nodes: Union[str, Sequence[str]],
    inputs: Inputs = None,
    *,
    width: int = 8,
    sort: Optional[str] = None,
    **options: Any,
) -> pd.DataFrame:
    """Concordance lines of the node words (``kwic.csv``), ``width`` tokens each side.

    ``sort`` orders the lines by the words around the node as AntConc does, like the CLI's
    ``kwic --sort``: keys separated by commas, ``1L``, ``2L`` ... (left of the node),
    ``node``, ``1R``, ``2R`` ... (right of it), each within ``width``; default: text order.

    >>> kwic("bourgeoisie", width=5)[["left", "node", "right"]]   # doctest: +SKIP
    >>> kwic("soviet", sort="1R,2R")                             # doctest: +SKIP
    """
    opts = dict(options, nodes=nodes, width=width)
    if sort is not None:
        opts["kwic_sort"] = sort
    return _run(inputs, ["kwic"], opts)["kwic"]


def ngrams(
    inputs: Inputs = None,
    *,
    min_n: int = 2,
    max_n: int = 4,
    min_freq: int = 2,
    **options: Any,
) -> pd.DataFrame:
    """N-grams of ``min_n`` to ``max_n`` words seen at least ``min_freq`` times
    (``ngrams.csv``).

    >>> ngrams(min_n=3, max_n=3).head()                      # doctest: +SKIP
    """
    opts = dict(options, min_n=min_n, max_n=max_n, ngram_min_freq=min_freq)
    return _run(inputs, ["ngrams"], opts)["ngrams"]


def framing(
    inputs: Inputs = None,
    *,
    table: str = "framing_summary",
    **options: Any,
) -> pd.DataFrame:
    """Faction framing (``framing_summary.csv``); ``table`` picks ``framing_mentions``,
    ``framing_matrix`` or ``framing_terms``. Options: ``factions``, ``lexicon``, ``window``,
    ``no_stance``, ``replicates``, ``seed``, ``no_first_person``, ``min_mentions`` ...

    >>> framing(table="framing_mentions").head()             # doctest: +SKIP
    """
    return _pick(_run(inputs, ["framing"], options), table)


def compare(
    target: Union[str, Sequence[str]],
    inputs: Inputs = None,
    *,
    reference: Union[str, Sequence[str], None] = None,
    table: str = "keyness",
    **options: Any,
) -> pd.DataFrame:
    """Keyness of the ``target`` documents against ``reference`` (default: the rest) as in
    ``corpus-lens compare`` (``keyness.csv``); ``table`` picks ``colloc_compare`` or
    ``framing_compare``. Selectors as on the command line (a document id, ``faction=...``).
    ``keyness_top`` (default 200 rows per direction) or ``keyness_all=True`` as
    ``--keyness-top`` and ``--keyness-all``.

    >>> compare("reed1919").head()                           # doctest: +SKIP
    """
    opts = dict(options, target=target, reference=reference)
    return _pick(_run(inputs, ["compare"], opts), table)


def sentiment(texts: Iterable[str]) -> pd.DataFrame:
    """VADER's scores (compound, pos, neu, neg) of each text; ``line`` is the text's place
    in ``texts``, from 1 (``sentiment.csv``'s columns).

    >>> sentiment(["VADER is smart, handsome, and funny."])["compound"][0]
    0.8316
    """
    texts = list(texts)
    if not all(isinstance(t, str) for t in texts):
        raise TypeError("sentiment() takes an iterable of str")
    try:
        ipc = _native.sentiment_scores(texts)
    except _native.NativeError as error:
        raise errors_from(error) from None
    return _frame(ipc)


def schema() -> pd.DataFrame:
    """The declared columns of every table (``corpus-lens schema``): table, column,
    position, type, description."""
    import io

    text = _native.schema_csv()
    return pd.read_csv(io.StringIO(text), dtype={"position": "Int64"}, keep_default_na=False)


def documents(inputs: Inputs = None, **options: Any) -> pd.DataFrame:
    """The documents of a corpus in corpus order, without reading their texts: ``document``
    (the id every table uses), ``path`` and ``bytes`` (the file's size). Options that
    change how inputs are found: ``input_format``, ``allow_outside``.

    >>> documents()["document"].tolist()[:2]
    ['trotsky1918', 'reed1919']
    """
    listed = _call(_native.documents, _paths(inputs), _given(options))
    return pd.DataFrame(
        {
            "document": pd.array([d[0] for d in listed], dtype="string"),
            "path": pd.array([d[1] for d in listed], dtype="string"),
            "bytes": pd.array([d[2] for d in listed], dtype="Int64"),
        }
    )


def document_ids(inputs: Inputs = None, **options: Any) -> List[str]:
    """The ids of a corpus's documents in corpus order (what ``count_partial``'s
    ``documents`` takes), without reading their texts.

    >>> document_ids()[:2]
    ['trotsky1918', 'reed1919']
    """
    return [d[0] for d in _call(_native.documents, _paths(inputs), _given(options))]


#: Options that change neither the counts nor the tables: not in a partial's header.
_NOT_IN_HEADER = ("threads",)


def _header_options(options: Dict[str, Any]) -> List[str]:
    """The options as a partial's header records them: ``name=JSON``, by name."""
    given = {k: v for k, v in _given(options).items() if k not in _NOT_IN_HEADER}
    return [f"{k}={json.dumps(v, sort_keys=True)}" for k, v in sorted(given.items())]


def _options_of_header(path: str, header: List[str]) -> Dict[str, Any]:
    """The keyword options recorded in a partial's header by ``count_partial``."""
    options = {}
    for item in header:
        name, _, value = item.partition("=")
        try:
            options[name] = json.loads(value)
        except ValueError:
            raise UsageError(
                f"{path}: counted by the command line with the options {' '.join(header)}; "
                "merge it with `corpus-lens merge` and those options",
                "Usage",
            ) from None
    return options


def _given(options: Dict[str, Any]) -> Dict[str, Any]:
    given = {}
    for key, value in options.items():
        if value is None:
            continue
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        if key in ("nodes", "target", "reference") and isinstance(value, str):
            value = [value]
        given[key] = value
    return given


def _call(function: Any, *args: Any) -> Any:
    try:
        return function(*args)
    except _native.NativeError as error:
        raise errors_from(error) from None


def count_partial(
    inputs: Inputs,
    path: Union[str, "os.PathLike[str]"],
    documents: Optional[Sequence[str]] = None,
    *,
    nodes: Optional[Sequence[str]] = None,
    **options: Any,
) -> List[str]:
    """Counts the ``documents`` (ids; default: all) of the corpus of ``inputs`` into the
    partial file ``path``, as ``corpus-lens count --partial`` does (docs/partials.md), and
    returns the ids counted. ``inputs`` name the whole corpus, so each document keeps its
    place in it; only the documents counted are read. The options are ``analyze``'s
    (``ngrams=True`` and ``lemmas=True`` too), and the header records them:
    ``merge_partials`` reads them back.

    >>> count_partial(None, "a.partial", ["reed1919"])           # doctest: +SKIP
    ['reed1919']
    >>> count_partial(None, "b.partial", ["ransome1919"])        # doctest: +SKIP
    >>> merge_partials(["a.partial", "b.partial"], "tables")     # doctest: +SKIP
    """
    options = dict(options, nodes=nodes)
    chosen = None if documents is None else [documents] if isinstance(documents, str) else list(documents)
    return _call(
        _native.count_partial,
        _paths(inputs),
        os.fspath(path),
        chosen,
        _given(options),
        _header_options(options),
    )


def partial_options(path: Union[str, "os.PathLike[str]"]) -> Dict[str, Any]:
    """The keyword options a partial file was counted with (``count_partial``'s).

    >>> partial_options("a.partial")                             # doctest: +SKIP
    {'nodes': ['soviet']}
    """
    path = os.fspath(path)
    header = _call(_native.partial_header, path)[0]
    return _options_of_header(path, header)


def merge_partials(
    paths: Sequence[Union[str, "os.PathLike[str]"]],
    out: Union[str, "os.PathLike[str]", None] = None,
    *,
    partial: Union[str, "os.PathLike[str]", None] = None,
    format: str = "csv",
    threads: Optional[int] = None,
) -> Optional[Dict[str, pd.DataFrame]]:
    """Merges partial files (``count_partial``'s) into the tables of ``analyze`` for their
    documents: written into the folder ``out`` (``format`` ``"csv"`` or ``"parquet"``) as
    ``corpus-lens merge --out`` writes them, or, with neither ``out`` nor ``partial``,
    returned as ``{table name: DataFrame}``. The options are those the partials were
    counted with (read from the first file's header; every file must agree). The tables are
    byte-identical to ``analyze``'s for the same documents, whatever the split.

    >>> merge_partials(["a.partial", "b.partial"], "tables")     # doctest: +SKIP
    >>> merge_partials(["a.partial", "b.partial"])["freq"]       # doctest: +SKIP
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [os.fspath(p) for p in paths]
    if not paths:
        raise UsageError("merge_partials: give at least one partial file", "Usage")
    header = _call(_native.partial_header, paths[0])[0]
    options = _options_of_header(paths[0], header)
    given = dict(_given(options), threads=threads)
    if partial is not None:
        if out is not None:
            raise UsageError("merge_partials: give out or partial, not both", "Usage")
        if not hasattr(_native, "merge_to_partial"):
            raise UsageError("merge_partials(partial=...): this build cannot write a merged partial", "Usage")
        _call(_native.merge_to_partial, paths, os.fspath(partial))
        return None
    target = None if out is None else os.fspath(out)
    tables = _call(_native.merge_partials, paths, target, format, _given(given), header)
    if target is not None:
        return None
    return {name: _frame(ipc) for name, ipc in tables}


def _pick(tables: Dict[str, pd.DataFrame], table: str) -> pd.DataFrame:
    if table not in tables:
        names = ", ".join(sorted(tables))
        raise UsageError(f"table={table!r}: this function gives {names}", "Usage")
    return tables[table]
