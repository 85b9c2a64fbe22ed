"""`ficlens kb add/show/stats/learn`: the canon knowledge base and the user's additions to it."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ficlens.errors import FiclensError

kb_app = typer.Typer(help="The canon knowledge base: fandoms, characters, ships.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


def add_cmd(
    pack: Path = typer.Argument(..., exists=True, dir_okay=False, help="Fandom pack (YAML, see docs/kb.md)."),
) -> None:
    """Add a fandom pack (fandom, characters with aliases, ships) to your KB overlay."""
    from ficlens.kb import overlay_path
    from ficlens.kb.pack import add_pack, read_pack

    parsed = read_pack(pack)
    rows = add_pack(parsed)
    console.print(
        f"added {parsed.fandom!r}: {len(rows.characters)} character(s), {len(rows.relationships)} ship(s) "
        f"-> {overlay_path()}",
        highlight=False,
    )


def _matches(name: str, rows) -> list[str]:  # type: ignore[no-untyped-def]
    """Fandom names that `name` means: exact name or alias first, else the same loose key."""
    from ficlens.kb.learn import fandom_key

    want = name.casefold()
    exact = [f.name for f in rows.fandoms if want in {f.name.casefold(), *(a.casefold() for a in f.aliases)}]
    if exact:
        return exact
    key = fandom_key(name)
    return [f.name for f in rows.fandoms if key and fandom_key(f.name) == key]


def show_data(name: str) -> dict[str, object]:
    """A fandom as the KB knows it: its rows, its characters (aliases, counts, sources), its ships."""
    import difflib

    from ficlens.kb.load import current_rows

    rows = current_rows()
    names = _matches(name, rows)
    if not names:
        close = difflib.get_close_matches(name, [f.name for f in rows.fandoms], n=5, cutoff=0.6)
        raise FiclensError(
            f"no fandom {name!r} in the knowledge base",
            hint=("did you mean: " + "; ".join(close))
            if close
            else "add one with `ficlens kb add pack.yaml`",
        )
    wanted = set(names)
    return {
        "fandoms": [asdict(f) for f in rows.fandoms if f.name in wanted],
        "characters": [asdict(c) for c in rows.characters if c.fandom in wanted],
        "relationships": [asdict(r) for r in rows.relationships if r.fandom in wanted],
    }


def show_cmd(
    fandom: str = typer.Argument(..., help='Fandom name or alias, e.g. "Good Omens".'),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show a fandom: its characters with aliases, counts and sources, and its ships."""
    data = show_data(fandom)
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for f in data["fandoms"]:  # type: ignore[attr-defined]
        aliases = f" (aliases: {', '.join(f['aliases'])})" if f["aliases"] else ""
        console.print(
            f"[bold]{f['name']}[/bold]  {f['kind']}, {f['works']:,} works, source {f['source']}{aliases}",
            highlight=False,
        )
    table = Table(title="Characters")
    for column in ("name", "fandom", "aliases / nicknames", "seen in text as", "works", "source"):
        table.add_column(column, justify="right" if column == "works" else "left")
    for c in data["characters"]:  # type: ignore[attr-defined]
        forms = ", ".join(f"{k} ({v})" for k, v in list(c["forms"].items())[:6])
        table.add_row(
            c["name"],
            c["fandom"],
            ", ".join(c["aliases"] + c["nicknames"]),
            forms,
            str(c["works"]),
            c["source"],
        )
    console.print(table)
    ships = Table(title="Ships")
    for column in ("tag", "type", "fandom", "works", "source"):
        ships.add_column(column, justify="right" if column == "works" else "left")
    for r in data["relationships"]:  # type: ignore[attr-defined]
        ships.add_row(r["tag"], r["type"], r["fandom"], str(r["works"]), r["source"])
    console.print(ships)


def stats_data() -> dict[str, object]:
    from importlib import resources

    from ficlens.kb.load import SHIPPED_FILE, overlay_path
    from ficlens.kb.store import connect, stats

    out: dict[str, object] = {}
    with resources.as_file(resources.files("ficlens.resources").joinpath(SHIPPED_FILE)) as path:
        conn = connect(path, readonly=True)
        out["shipped"] = {"path": str(path), "bytes": path.stat().st_size, **stats(conn)}
        conn.close()
    over = overlay_path()
    if over.exists():
        conn = connect(over, readonly=True)
        out["overlay"] = {"path": str(over), "bytes": over.stat().st_size, **stats(conn)}
        conn.close()
    else:
        out["overlay"] = {"path": str(over), "bytes": 0}
    return out


def stats_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Rows per table and per source, and the schema version, of the shipped KB and your overlay."""
    data = stats_data()
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for layer in ("shipped", "overlay"):
        info = data[layer]
        assert isinstance(info, dict)
        if "meta" not in info:
            console.print(f"[bold]{layer}[/bold]: none yet ({info['path']})", highlight=False)
            continue
        console.print(
            f"[bold]{layer}[/bold]: {info['path']} ({info['bytes'] / 1024:,.0f} KiB), "
            f"schema version {info['meta'].get('schema_version')}",
            highlight=False,
        )
        table = Table(title=f"{layer}: rows per table")
        table.add_column("table")
        table.add_column("rows", justify="right")
        for name, n in info["tables"].items():
            table.add_row(name, f"{n:,}")
        console.print(table)
        sources = Table(title=f"{layer}: rows per source")
        for column in ("source", "fandoms", "characters", "relationships", "what"):
            sources.add_column(column, justify="left" if column in ("source", "what") else "right")
        for key, counts in info["sources"].items():
            sources.add_row(
                key,
                *(f"{counts.get(t, 0):,}" for t in ("fandoms", "characters", "relationships")),
                info["source_descriptions"].get(key, ""),
            )
        console.print(sources)


def learn_cmd(
    library: Path | None = typer.Option(
        None,
        "--library",
        "-L",
        envvar="FICLENS_LIBRARY",
        help="Library file (default: in the user data dir).",
    ),
) -> None:
    """Learn from every library work that carries its author's tags (idempotent: counted once per work)."""
    from ficlens.errors import LibraryError
    from ficlens.kb.learn import learn_works
    from ficlens.library import Library, default_path

    target = library or default_path()
    if not target.exists():
        raise LibraryError(f"no library at {target}", hint="import works with `ficlens import` first")
    with Library.open(target) as lib:
        report = learn_works(lib.get(i) for i in lib.ids())
    console.print(
        f"{report.works} work(s), {report.tagged} with author tags, {report.new} new; the overlay now "
        f"knows {report.characters} learned character(s) and {report.relationships} ship(s)",
        highlight=False,
    )


def remove_cmd(
    source: str = typer.Argument(..., help='A source of your overlay: "pack:<fandom>" or "library".'),
) -> None:
    """Remove one source's rows from your KB overlay (a pack, or all that the library taught)."""
    from ficlens.kb import overlay_path
    from ficlens.kb.store import connect, delete_source, writing

    path = overlay_path()
    known: list[str] = []
    if path.exists():
        conn = connect(path, readonly=True)
        known = sorted(
            {
                s
                for table in ("fandoms", "characters", "relationships")
                for (s,) in conn.execute(f"SELECT DISTINCT source FROM {table}")
            }
        )
        conn.close()
    if source not in known:
        raise FiclensError(
            f"no source {source!r} in your KB overlay ({path})",
            hint=("sources: " + ", ".join(known)) if known else "the overlay is empty",
        )
    with writing(path, f"the removal of {source!r}") as conn:
        delete_source(conn, source)
        if source == "library":
            conn.execute("DELETE FROM learned_works")
    console.print(f"removed {source!r} from {path}", highlight=False)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    kb_app.command("add")(add_cmd)
    kb_app.command("show")(show_cmd)
    kb_app.command("stats")(stats_cmd)
    kb_app.command("learn")(learn_cmd)
    kb_app.command("remove")(remove_cmd)
    app.add_typer(kb_app, name="kb")
