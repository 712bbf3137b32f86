"""Type hints of the extension module (use the functions of ``corpus_lens`` instead)."""

from typing import Any, Dict, List, Tuple

__version__: str

class NativeError(Exception):
    """args: (kind, message, details) of the library's error."""

def run(inputs: List[str], groups: List[str], options: Dict[str, Any]) -> List[Tuple[str, bytes]]:
    """Counts the corpus and returns (table name, Arrow IPC stream) pairs, in name order."""

def sentiment_scores(texts: List[str]) -> bytes:
    """VADER's scores of each text as the sentiment table's Arrow IPC stream."""

def schema_csv() -> str:
    """The declared schema of every table as CSV text."""
