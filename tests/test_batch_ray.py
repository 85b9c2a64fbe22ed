"""The Ray engine of `ficlens batch`, run for real on one local Ray instance shared by these tests."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from ficlens.batch import BatchOptions, run_batch
from ficlens.batch.rows import TIMING_COLUMNS

pytestmark = pytest.mark.slow

ray = pytest.importorskip("ray")

FAST = BatchOptions(profile="fast")

STORIES = {
    "one.txt": "Chapter 1\n\nThe orchard was quiet.\n\n* * *\n\nLena picked the last apples.\n",
    "two.txt": '"Run," said Theo. They ran until the lights of the town were gone.\n',
    "sub/three.md": "---\ntitle: Three\n---\n\nThree short lines.\nAbout a fox.\nThe end.\n",
    "four.txt": "Chapter 1\n\nSnow.\n\nChapter 2\n\nMore snow, and a sled.\n",
}


@pytest.fixture(scope="session")
def ray_local() -> Iterator[Any]:
    """One local Ray instance with 2 CPUs: start-up is slow, so every Ray test shares it."""
    if not ray.is_initialized():
        ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.WARNING)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield ray
    ray.shutdown()


def rows(out: Path, name: str) -> list[dict[str, Any]]:
    table = pq.read_table(out / name)
    key = "id" if name == "works" else "work_id"
    drop = [c for c in TIMING_COLUMNS if c in table.column_names]
    return (
        table.drop_columns(drop)
        .sort_by([(key, "ascending"), *([("scene", "ascending")] if name == "scenes" else [])])
        .to_pylist()
    )


def test_batch_ray_matches_local_on_a_folder_with_a_broken_file(ray_local: Any, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for name, text in STORIES.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "broken.epub").write_bytes(b"PK\x03\x04 not really a zip")
    local = run_batch(corpus, tmp_path / "local", options=FAST, workers=2)
    remote = run_batch(corpus, tmp_path / "ray", engine="ray", options=FAST, workers=2)
    assert (remote.done, remote.failed) == (local.done, local.failed) == (5, 1)
    assert remote.words == local.words > 0
    works = rows(tmp_path / "ray", "works")
    assert works == rows(tmp_path / "local", "works")
    assert rows(tmp_path / "ray", "scenes") == rows(tmp_path / "local", "scenes")
    broken = next(r for r in works if r["id"] == "broken.epub")
    assert broken["error_type"] and "broken.epub" in broken["error_message"]


@pytest.mark.parametrize("kind", ["parquet", "jsonl"])
def test_batch_ray_resumes_record_input(ray_local: Any, kind: str, tmp_path: Path) -> None:
    records = [{"id": name, "text": text} for name, text in STORIES.items()] + [
        {"id": "no-text", "text": None}
    ]

    def write(path: Path, recs: list[dict[str, Any]]) -> Path:
        if kind == "parquet":
            pq.write_table(
                pa.Table.from_pylist(recs, schema=pa.schema([("id", pa.string()), ("text", pa.string())])),
                path,
            )
        else:
            path.write_text("\n".join(json.dumps(r) for r in recs) + "\n")
        return path

    full = write(tmp_path / f"all.{kind}", records)
    first = write(tmp_path / f"first.{kind}", records[:2])
    # Half done by the local engine, the rest by Ray: the same output as one local run.
    run_batch(first, tmp_path / "mixed", options=FAST, workers=1)
    resumed = run_batch(full, tmp_path / "mixed", engine="ray", options=FAST, workers=2)
    assert (resumed.done, resumed.skipped, resumed.failed) == (3, 2, 1)
    run_batch(full, tmp_path / "local", options=FAST, workers=1)
    assert rows(tmp_path / "mixed", "works") == rows(tmp_path / "local", "works")
    assert rows(tmp_path / "mixed", "scenes") == rows(tmp_path / "local", "scenes")
