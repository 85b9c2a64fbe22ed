"""Read a batch output back: its works one by one, or all of them into a library (`import-parquet`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ficlens.batch.plan import MANIFEST, Output
from ficlens.errors import ConfigError, InputError


@dataclass
class ImportReport:
    """What `import_parquet` did: library statuses (`added`, `unchanged`, ...) and failed rows left out."""

    statuses: dict[str, int] = field(default_factory=dict)
    skipped_errors: int = 0

    def count(self, status: str) -> int:
        return self.statuses.get(status, 0)


def iter_result_works(out: str | Path) -> Iterator[tuple[str, Any]]:
    """`(id, Work)` for every row of a batch output; the Work is None for a failed row."""
    import pyarrow.parquet as pq

    from ficlens.batch.rows import work_from_row

    output = Output(out)
    if output.read_manifest() is None:
        raise InputError(
            f"{out}: not a ficlens batch output (no {MANIFEST})", hint="run `ficlens batch` first"
        )
    for p in output.list_files("works"):
        if not p.endswith(".parquet") or Path(p).name.startswith(".tmp-"):
            continue
        pf = pq.ParquetFile(p, filesystem=output.fs)
        for batch in pf.iter_batches(columns=["id", "error_type", "work_json", "text"], batch_size=64):
            for row in batch.to_pylist():
                yield row["id"], (None if row["error_type"] else work_from_row(row["work_json"], row["text"]))


def import_parquet(out: str | Path, library: str | Path | None = None, *, chunk: int = 200) -> ImportReport:
    """Store the works of a batch output in a library without re-analysing them.

    Works go in by chunks of `chunk` per transaction (the library's bulk path when it has one).
    """
    try:
        from ficlens.library import Library
    except ImportError as exc:
        raise ConfigError(
            "the library is not available in this build",
            hint="update ficlens; import-parquet needs ficlens.library",
        ) from exc
    import inspect

    report = ImportReport()

    with Library.open(library) as lib:
        bulk = getattr(lib, "add_works", None)
        # Commit SQLite per chunk (an interrupted import keeps what it stored) but the search
        # index only now and then, when the library can defer it: each index commit is costly.
        defer_index = (
            bulk is not None and hasattr(lib, "flush_index") and "index" in inspect.signature(bulk).parameters
        )
        chunks = 0

        def store(works: list[Any]) -> None:
            nonlocal chunks
            if bulk is None:
                results = [lib.add_work(w) for w in works]
            elif defer_index:
                results = bulk(works, index=False)
            else:
                results = bulk(works)
            for result in results:
                report.statuses[result.status] = report.statuses.get(result.status, 0) + 1
            chunks += 1
            if defer_index and chunks % 25 == 0:
                lib.flush_index()

        pending: list[Any] = []
        try:
            for _work_id, work in iter_result_works(out):
                if work is None:
                    report.skipped_errors += 1
                    continue
                pending.append(work)
                if len(pending) >= chunk:
                    store(pending)
                    pending = []
            if pending:
                store(pending)
        finally:
            if defer_index:
                lib.flush_index()
    return report
