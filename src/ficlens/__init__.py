"""ficlens: read fan fiction the way a careful archivist would."""

from __future__ import annotations

__version__ = "0.1.0"

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
