"""ficlens: read fan fiction the way a careful archivist would."""

from __future__ import annotations

from ficlens.api import analyze, load
from ficlens.errors import (
    ConfigError,
    FiclensError,
    InputError,
    LibraryError,
    UnsafeInput,
    UnsupportedFormat,
    WorkNotFound,
)
from ficlens.model import Work
from ficlens.version import __version__

__all__ = [
    "ConfigError",
    "FiclensError",
    "InputError",
    "LibraryError",
    "UnsafeInput",
    "UnsupportedFormat",
    "Work",
    "WorkNotFound",
    "__version__",
    "analyze",
    "load",
]
