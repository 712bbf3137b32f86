"""Type hints of the extension module (use the functions of ``corpus_lens`` instead)."""

from typing import Any, Dict, List, Optional, Tuple

__version__: str

class NativeError(Exception):
    """args: (kind, message, details) of the library's error."""

def run(inputs: List[str], groups: List[str], options: Dict[str, Any]) -> List[Tuple[str, bytes]]:
    """Counts the corpus and returns (table name, Arrow IPC stream) pairs, in name order."""

def sentiment_scores(texts: List[str]) -> bytes:
    """VADER's scores of each text as the sentiment table's Arrow IPC stream."""

def schema_csv() -> str:
    """The declared schema of every table as CSV text."""

def documents(inputs: List[str], options: Dict[str, Any]) -> List[Tuple[str, str, int, bytes]]:
    """The corpus's documents in order, without reading texts: (id, path, bytes, metadata in CBOR)."""

def count_partial(
    inputs: List[str], path: str, chosen: Optional[List[str]], options: Dict[str, Any], header_options: List[str]
) -> List[str]:
    """Counts the chosen documents (all if None) into the partial file; gives the ids counted."""

def count_shard(
    corpus: List[str],
    shard: List[Tuple[str, Optional[bytes], str, str]],
    path: str,
    options: Dict[str, Any],
    header_options: List[str],
) -> List[str]:
    """Counts a shard's files alone (corpus: every document id in order; shard: (id, metadata
    or None, file to read, path shown)) into the partial file."""

def partial_header(path: str) -> Tuple[List[str], List[str], int, List[Tuple[str, str]]]:
    """A partial's header: (options, document ids, corpus documents, lexicons)."""

def merge_partials(
    paths: List[str], out: Optional[str], format: str, options: Dict[str, Any], header_options: List[str]
) -> List[Tuple[str, bytes]]:
    """Merges partials into analyze's tables: written into out, or returned (name, Arrow IPC) if out is None."""

def merge_to_partial(paths: List[str], partial: str) -> List[str]:
    """Merges partials into one partial file; gives its document ids."""
