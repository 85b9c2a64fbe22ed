"""JSON Lines input, read the one way every command reads it.

    >>> for lineno, record in read_jsonl(path):
    ...     record["id"], record["text"]

Blank lines are skipped; a missing file, text that is not UTF-8, a line that is not JSON or not a
JSON object raises `InputError` naming the file and line, so each caller only checks its own fields.
`-` reads standard input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ficlens.errors import InputError


def read_jsonl(path: Path | str, *, hint: str | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each non-blank line of `path` (`-`: stdin)."""
    if str(path) == "-":
        yield from _lines(sys.stdin, "<stdin>", hint)
        return
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file", hint=hint)
    with path.open(encoding="utf-8") as fh:
        yield from _lines(fh, str(path), hint)


def _lines(fh: TextIO, name: str, hint: str | None) -> Iterator[tuple[int, dict[str, Any]]]:
    lineno = 0
    try:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{name}:{lineno}: not valid JSON ({exc.msg})", hint=hint) from exc
            if not isinstance(record, dict):
                raise InputError(f"{name}:{lineno}: expected a JSON object", hint=hint)
            if "\\u" in line and _lone_surrogate(record):
                # JSON may escape half of a UTF-16 pair ("\ud800"); no UTF-8 writer or tokenizer takes it.
                raise InputError(
                    f"{name}:{lineno}: a string holds an unpaired surrogate escape (\\ud800-\\udfff), "
                    "which is not Unicode text",
                    hint=hint or "re-export the file as UTF-8, or remove the stray escape",
                )
            yield lineno, record
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}:{lineno + 1}: not UTF-8 text", hint="JSON Lines must be UTF-8") from exc


def _lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_lone_surrogate(k) or _lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_lone_surrogate(v) for v in value)
    return False
