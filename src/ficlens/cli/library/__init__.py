"""`ficlens add/import/search/list/show/remove/export/reindex/similar/duplicates/series/block`.

Thin shells over `ficlens.library.Library`, one module per group of the reader's verbs: `add`
(add, import), `find` (search, list, show), `manage` (remove, export, reindex), `related`
(similar, duplicates, series) and `block`. Each command parses its options, opens the library,
calls it and renders the answer. `--library PATH` (or `$FICLENS_LIBRARY`) picks the library; the
default lives in the user data dir.
"""

from __future__ import annotations

import typer

from ficlens.cli.library import add, block, find, manage, related


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the main app."""
    app.command("add")(add.add_cmd)
    app.command("import")(add.import_cmd)
    app.command("search")(find.search_cmd)
    app.command("list")(find.list_cmd)
    app.command("show")(find.show_cmd)
    app.command("remove")(manage.remove_cmd)
    app.command("export")(manage.export_cmd)
    app.command("reindex")(manage.reindex_cmd)
    app.command("similar")(related.similar_cmd)
    app.command("duplicates")(related.duplicates_cmd)
    app.command("series")(related.series_cmd)
    app.add_typer(block.block_app, name="block")


__all__ = ["register"]
