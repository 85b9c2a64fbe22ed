"""The local engine of `ficlens batch`: a process pool on this machine, with back-pressure."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ficlens.batch.plan import BatchOptions, BatchReport, PartBuffer, analyze_item, limit_threads, warm_up
from ficlens.errors import FiclensError


def _init_local_worker(options: BatchOptions) -> None:
    limit_threads()
    warm_up(options)


def _analyze_chunk(
    items: list[dict[str, Any]], options: BatchOptions
) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    return [analyze_item(item, options) for item in items]


def _chunks(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_local(
    items: Iterator[dict[str, Any]],
    buffer: PartBuffer,
    report: BatchReport,
    options: BatchOptions,
    *,
    workers: int,
    chunk_size: int,
    on_progress: Callable[[int], None],
) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # spawn, not fork: the parent may hold threads (Ray, rich) that a forked child would inherit broken.
    ctx = multiprocessing.get_context("spawn")
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_local_worker, initargs=(options,)
        ) as pool:
            pending: set[Future[Any]] = set()

            def collect(done: Iterable[Future[Any]]) -> None:
                for fut in done:
                    for work, scenes in fut.result():
                        _tally(report, work)
                        buffer.add(work, scenes)
                        on_progress(1)

            # Back-pressure: at most two chunks per worker in flight, so memory stays bounded
            # however large the input is.
            for chunk in _chunks(items, chunk_size):
                while len(pending) >= 2 * workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    collect(done)
                pending.add(pool.submit(_analyze_chunk, chunk, options))
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                collect(done)
    except BrokenProcessPool as exc:
        raise FiclensError(
            "a worker process died (out of memory, or a crash in a native library)",
            hint="rerun the same command to resume (finished works are kept); lower -j or --max-size if memory is short",
        ) from exc
    finally:
        # Whatever stopped the run, keep the works already analysed so a rerun skips them.
        buffer.flush()


def _tally(report: BatchReport, work: dict[str, Any]) -> None:
    report.done += 1
    if work.get("error_type"):
        report.failed += 1
        report.errors[work["error_type"]] = report.errors.get(work["error_type"], 0) + 1
    else:
        report.words += (work.get("stats") or {}).get("words") or 0
