"""Flatten an analysed `Work` into the rows of the batch Parquet datasets `works` and `scenes`.

The Arrow schemas are derived from the pydantic model at run time, so a field another stage adds
to `model.py` appears as a column without touching this module. Bulky per-mention data (character
mentions, evidence passages) stays out of the nested columns; the full `Work` is kept losslessly in
`work_json` (plus `text`) so `ficlens import-parquet` never re-analyses.

    >>> row = work_row("fic-1", work, elapsed_s=0.4)
    >>> works_schema().field("rating").type
"""

from __future__ import annotations

import json
import time
import types
import typing
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ficlens.model import Inferred, Work

# Columns left out of the nested views; they remain in `work_json`.
_DROP_FIELDS = frozenset({"mentions", "evidence", "text"})
# Inferred fields that live in the `scenes` dataset rather than on the work row.
_SCENE_ONLY = frozenset({"scene_warnings"})
# Work fields that are not copied as columns: text has its own column, inferred is flattened,
# chapters become `scenes` rows, notes and declared-vs-source detail stay in `work_json`.
_WORK_SKIP = frozenset({"text", "inferred", "chapters", "notes"})
# Wall-clock facts of one run, left out when comparing outputs; `finished_at` is Unix seconds.
TIMING_COLUMNS = ("analysis_s", "finished_at")


def _unwrap_optional(annotation: Any) -> Any:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


@cache
def _resolved_fields(model: type[BaseModel]) -> dict[str, Any]:
    hints = typing.get_type_hints(model)
    return {name: hints[name] for name in model.model_fields}


@cache
def arrow_type(annotation: Any) -> Any:
    """The Arrow type for a pydantic field annotation; unknown shapes fall back to JSON strings."""
    import pyarrow as pa

    annotation = _unwrap_optional(annotation)
    origin = get_origin(annotation)
    if annotation is str or origin is Literal:
        return pa.string()
    if annotation is bool:
        return pa.bool_()
    if annotation is int:
        return pa.int64()
    if annotation is float:
        return pa.float64()
    if origin is list:
        (item,) = get_args(annotation)
        return pa.list_(arrow_type(item))
    if origin is dict:
        key, value = get_args(annotation)
        if key is str:
            return pa.map_(pa.string(), arrow_type(value))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(
            [
                pa.field(name, arrow_type(ann))
                for name, ann in _resolved_fields(annotation).items()
                if name not in _DROP_FIELDS
            ]
        )
    return pa.string()


@cache
def _is_json_fallback(annotation: Any) -> bool:
    import pyarrow as pa

    return arrow_type(annotation) == pa.string() and not (
        _unwrap_optional(annotation) is str or get_origin(_unwrap_optional(annotation)) is Literal
    )


def _shape(value: Any, annotation: Any) -> Any:
    """Make a `model_dump(mode="json")` value fit `arrow_type(annotation)`."""
    if value is None:
        return None
    annotation = _unwrap_optional(annotation)
    origin = get_origin(annotation)
    if origin is list:
        (item,) = get_args(annotation)
        return [_shape(v, item) for v in value]
    if origin is dict and get_args(annotation)[0] is str:
        return [(k, _shape(v, get_args(annotation)[1])) for k, v in value.items()]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = _resolved_fields(annotation)
        return {k: _shape(value.get(k), ann) for k, ann in fields.items() if k not in _DROP_FIELDS}
    if _is_json_fallback(annotation):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


@cache
def _work_columns() -> dict[str, Any]:
    fields = _resolved_fields(Work)
    cols = {k: v for k, v in fields.items() if k not in _WORK_SKIP}
    for name, ann in _resolved_fields(Inferred).items():
        if name not in _SCENE_ONLY:
            cols[name] = ann
    return cols


@cache
def works_schema() -> Any:
    """Arrow schema of the `works` dataset: one row per input work, failed ones included."""
    import pyarrow as pa

    cols = dict(_work_columns())
    for clash in ("id", "error_type", "error_message", "work_json", *TIMING_COLUMNS):
        cols.pop(clash, None)
    return pa.schema(
        [
            pa.field("id", pa.string(), nullable=False),
            pa.field("error_type", pa.string()),
            pa.field("error_message", pa.string()),
            *[pa.field(name, arrow_type(ann)) for name, ann in cols.items()],
            pa.field("analysis_s", pa.float64()),
            pa.field("finished_at", pa.float64()),
            pa.field("work_json", pa.large_string()),
            pa.field("text", pa.large_string()),
        ]
    )


@cache
def scenes_schema() -> Any:
    """Arrow schema of the `scenes` dataset: one row per scene with its warnings and severities."""
    import pyarrow as pa

    warning = pa.struct(
        [
            pa.field("id", pa.string()),
            pa.field("label", pa.string()),
            pa.field("severity", pa.string()),
            pa.field("confidence", pa.float64()),
        ]
    )
    return pa.schema(
        [
            pa.field("work_id", pa.string(), nullable=False),
            pa.field("scene", pa.int64()),
            pa.field("chapter", pa.int64()),
            pa.field("chapter_title", pa.string()),
            pa.field("start", pa.int64()),
            pa.field("end", pa.int64()),
            pa.field("words", pa.int64()),
            pa.field("max_severity", pa.string()),
            pa.field("warnings", pa.list_(warning)),
            pa.field("analyser_version", pa.string()),
        ]
    )


def work_row(work_id: str, work: Work, *, elapsed_s: float) -> dict[str, Any]:
    """The `works` row of a successfully analysed work."""
    data = work.model_dump(mode="json")
    inferred = data.pop("inferred")
    row: dict[str, Any] = {"id": work_id, "error_type": None, "error_message": None}
    for name, ann in _work_columns().items():
        value = inferred.get(name) if name in Inferred.model_fields else data.get(name)
        row[name] = _shape(value, ann)
    row["analysis_s"] = round(elapsed_s, 6)
    row["finished_at"] = time.time()
    row["work_json"] = work.model_dump_json()
    row["text"] = work.text
    return row


def error_row(work_id: str, exc: BaseException, *, analyser_version: str) -> dict[str, Any]:
    """The `works` row of a work that could not be read or analysed (no scenes rows)."""
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return {
        "id": work_id,
        "error_type": type(exc).__name__,
        "error_message": message,
        "analyser_version": analyser_version,
        "finished_at": time.time(),
    }


def scene_rows(work_id: str, work: Work) -> list[dict[str, Any]]:
    """The `scenes` rows of an analysed work, in reading order."""
    from ficlens.model import SEVERITY_ORDER

    labels = {cw.id: cw.label for cw in work.inferred.content_warnings}
    by_scene: dict[int, list[dict[str, Any]]] = {}
    for sw in work.inferred.scene_warnings:
        by_scene.setdefault(sw.scene, []).append(
            {"id": sw.id, "label": labels.get(sw.id), "severity": sw.severity, "confidence": sw.confidence}
        )
    rows = []
    for chapter in work.chapters:
        for scene in chapter.scenes:
            warnings = sorted(by_scene.get(scene.index, []), key=lambda w: (w["id"], w["severity"]))
            worst = max((w["severity"] for w in warnings), key=SEVERITY_ORDER.__getitem__, default=None)
            words = sum(len(work.text[p.start : p.end].split()) for p in work.prose(scene))
            rows.append(
                {
                    "work_id": work_id,
                    "scene": scene.index,
                    "chapter": chapter.index,
                    "chapter_title": chapter.title,
                    "start": scene.start,
                    "end": scene.end,
                    "words": words,
                    "max_severity": worst,
                    "warnings": warnings,
                    "analyser_version": work.analyser_version,
                }
            )
    return rows


def rows_to_tables(works: list[dict[str, Any]], scenes: list[dict[str, Any]]) -> tuple[Any, Any]:
    """Build the two Arrow tables (fixed schemas, so empty lists never lose their type)."""
    import pyarrow as pa

    return (
        pa.Table.from_pylist(works, schema=works_schema()),
        pa.Table.from_pylist(scenes, schema=scenes_schema()),
    )


def work_from_row(work_json: str, text: str | None) -> Work:
    """Rebuild the analysed `Work` of a `works` row (what `import-parquet` stores)."""
    work = Work.model_validate_json(work_json)
    work.text = text or ""
    return work
