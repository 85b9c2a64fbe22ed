"""Export the library: blurbs as JSON, JSON Lines, CSV or Parquet, or the full stored analyses.

>>> export_library(lib, Path("works.parquet"), "parquet")
1234
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ficlens.errors import ConfigError, LibraryError
from ficlens.library.query import WorkSummary

_LIST_FIELDS = (
    "authors",
    "archive_warnings",
    "categories",
    "fandoms",
    "relationships",
    "characters",
    "freeform",
    "content_warnings",
)
_CHUNK = 500


def _rows(lib: Any) -> Any:
    ids = lib.ids()
    for start in range(0, len(ids), _CHUNK):
        yield from lib.summaries(ids[start : start + _CHUNK])


def _flat(summary: WorkSummary) -> dict[str, Any]:
    data = summary.model_dump(mode="json", exclude={"score"})
    series = data.pop("series")
    data["series"] = series["name"] if series else None
    data["series_part"] = series["part"] if series else None
    return data


def export_library(lib: Any, out: Path, fmt: str, *, full: bool = False) -> int:
    """Write every work to `out` in `fmt` (json, jsonl, csv, parquet); returns the count.

    `full` writes each stored analysis (`Work.to_output()`) instead of the blurb (json/jsonl).
    The file is written next to `out` and renamed, so a failed export never leaves half a file.
    """
    if full and fmt not in ("json", "jsonl"):
        raise ConfigError("--full exports need --format json or jsonl")
    tmp = out.with_name(out.name + ".part")
    n = 0
    try:
        if fmt in ("json", "jsonl"):
            with tmp.open("w", encoding="utf-8") as fh:
                if fmt == "json":
                    fh.write("[\n")
                for summary in _rows(lib):
                    data = lib.get(summary.id).to_output() | {"id": summary.id} if full else _flat(summary)
                    line = json.dumps(data, ensure_ascii=False)
                    if fmt == "json":
                        fh.write(("," if n else "") + line + "\n")
                    else:
                        fh.write(line + "\n")
                    n += 1
                if fmt == "json":
                    fh.write("]\n")
        elif fmt == "csv":
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                writer: csv.DictWriter | None = None
                for summary in _rows(lib):
                    data = _flat(summary)
                    for key in _LIST_FIELDS:
                        data[key] = "; ".join(data[key])
                    if writer is None:
                        writer = csv.DictWriter(fh, fieldnames=list(data))
                        writer.writeheader()
                    writer.writerow(data)
                    n += 1
        elif fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            rows = [_flat(s) for s in _rows(lib)]
            n = len(rows)
            table = pa.Table.from_pylist(rows) if rows else pa.table({"id": pa.array([], pa.int64())})
            pq.write_table(table, tmp)
        else:
            raise ConfigError(f"unknown export format {fmt!r}", hint="use json, jsonl, csv or parquet")
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise LibraryError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return n
