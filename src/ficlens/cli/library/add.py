"""`ficlens add` and `ficlens import` (and `ficlens analyze --pending`): put works into the library."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from ficlens.cli.console import report
from ficlens.cli.library.common import (
    LIBRARY_OPT,
    console,
    open_library,
    print_report,
    progress_bar,
)

LEARN_OPT = typer.Option(
    True, "--learn/--no-learn", help="Let works that carry their author's tags teach your KB overlay."
)


def add_cmd(
    files: list[Path] = typer.Argument(..., help="Story files to add."),
    fast: bool = typer.Option(
        False, "--fast", help="Store structure only; analyse later with `ficlens analyze --pending`."
    ),
    library: Path | None = LIBRARY_OPT,
    learn: bool = LEARN_OPT,
) -> None:
    """Add story files to the library (the same content twice is stored once)."""
    from ficlens.errors import InputError

    failed = 0
    with open_library(library) as lib:
        for file in files:
            try:
                result = lib.add(file, fast=fast)
            except InputError as exc:
                report(exc)
                failed += 1
                continue
            if learn and result.status != "unchanged":
                from ficlens.kb.learn import learn_works

                learn_works([lib.get(result.work_id)])
            console.print(
                f"{result.status:>10}  #{result.work_id}  {result.title or file.name}", highlight=False
            )
    if failed:
        raise typer.Exit(3)


def import_cmd(
    directory: Path = typer.Argument(..., help="Folder of story files (searched recursively)."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (default: all cores)."),
    fast: bool = typer.Option(
        False, "--fast", help="Store structure only; analyse later with `ficlens analyze --pending`."
    ),
    library: Path | None = LIBRARY_OPT,
    learn: bool = LEARN_OPT,
) -> None:
    """Import every story file under a folder: parallel, idempotent, resumable.

    Bad files are skipped and listed at the end; the exit code is then 3 (good files are stored).
    """
    from ficlens.errors import InputError
    from ficlens.library.importer import find_story_files, import_paths

    if not directory.exists():
        raise InputError(f"{directory}: no such folder")
    jobs = jobs or os.cpu_count() or 1
    with open_library(library) as lib:
        # A library kept inside the folder being imported must not import itself.
        own = [lib.path.with_name(lib.path.name + x) for x in ("", "-wal", "-shm", "-journal")]
        own += [lib.blocklist_path]
        index_dir = lib.index.path.resolve()
        paths = [
            p for p in find_story_files(directory, exclude=own) if not p.resolve().is_relative_to(index_dir)
        ]
        progress, advance = progress_bar(len(paths), "import")
        with progress:
            report = import_paths(lib, paths, jobs=jobs, fast=fast, progress=advance, learn=learn)
    print_report(report, f"imported {len(paths)} file(s)")
    if report.failed:
        raise typer.Exit(3)


def analyze_pending(library: Path | None = None, jobs: int = 0) -> None:
    """`ficlens analyze --pending`: the full analysis of works imported with `--fast` (tagged ones teach the KB)."""
    from ficlens.library.importer import analyse_pending

    jobs = jobs or os.cpu_count() or 1
    with open_library(library) as lib:
        total = len(lib.pending())
        progress, advance = progress_bar(total, "analyse")
        with progress:
            report = analyse_pending(lib, jobs=jobs, progress=advance, learn=True)
    print_report(report, f"analysed {total} pending work(s)")
    if report.failed:
        raise typer.Exit(3)
