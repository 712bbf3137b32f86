"""The exceptions of corpus_lens: one class per kind of the library's typed errors.

Every exception's message names the file and the place in it (line, byte offset) and what to
do; the same facts are attributes: ``path``, ``line``, ``column``, ``offset`` (``None`` when
the error has no such place).
"""

from __future__ import annotations

from typing import Any, Dict, Optional


class CorpusLensError(Exception):
    """Any error of corpus_lens (the library's ``corpus_lens::Error``)."""

    #: The name of the library's error kind (``NotFound``, ``Input``, ``Usage`` ...).
    kind: str
    path: Optional[str]
    line: Optional[int]
    column: Optional[int]
    offset: Optional[int]

    def __init__(self, message: str, kind: str = "Error", details: Optional[Dict[str, Any]] = None):
        super().__init__(message)
        details = details or {}
        self.kind = kind
        self.path = details.get("path")
        self.line = details.get("line")
        self.column = details.get("column")
        self.offset = details.get("offset")


class InputError(CorpusLensError):
    """An input cannot be read as a document: invalid UTF-8, a binary or empty file, a bad
    TEI/HTML/EPUB file, a language the analyses do not support."""


class InputNotFoundError(InputError, FileNotFoundError):
    """An input path does not exist (also a ``FileNotFoundError``)."""


class ManifestError(InputError):
    """A manifest (TOML) is malformed, or names a marker that is not in its document."""


class ResourceError(CorpusLensError, OSError):
    """The operating system refused a read or write (permissions, a full disk)."""


class UsageError(CorpusLensError, ValueError):
    """An option has a value the library does not accept (also a ``ValueError``)."""


class DataError(CorpusLensError):
    """A lexicon, model or other data file the run reads is malformed."""


_BY_KIND = {
    "NotFound": InputNotFoundError,
    "Io": ResourceError,
    "Input": InputError,
    "Manifest": ManifestError,
    "Usage": UsageError,
    "Data": DataError,
}


def from_native(error: BaseException) -> CorpusLensError:
    """The exception of this module for an error raised by the extension module."""
    kind, message, details = error.args
    cls = _BY_KIND.get(kind, CorpusLensError)
    return cls(message, kind, dict(details))
