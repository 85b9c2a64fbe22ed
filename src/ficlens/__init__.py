"""ficlens: read fan fiction the way a careful archivist would."""

from __future__ import annotations

__version__ = "0.1.0"

from ficlens.api import analyze, load  # noqa: E402
from ficlens.errors import (  # noqa: E402
    ConfigError,
    FiclensError,
    InputError,
    LibraryError,
    UnsafeInput,
    UnsupportedFormat,
    WorkNotFound,
)
from ficlens.model import Work  # noqa: E402

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
