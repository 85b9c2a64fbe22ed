"""`ficlens characters`, `ficlens cluster-names` and `ficlens eval characters`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer

DEFAULT_DATA = Path("../shared/data")
# The hand-written stories with gold fandoms (`--set stories`), in the repository.
STORIES = Path(__file__).resolve().parents[3] / "tests" / "data" / "work_warnings"


class EvalSet(StrEnum):
    litbank = "litbank"
    pdnc = "pdnc"
    ao3 = "ao3"
    learn = "learn"
    stories = "stories"
    unseen = "unseen"
    all = "all"


def characters_cmd(
    source: str = typer.Argument(..., help="Story file (text, AO3 HTML/EPUB/page, Markdown) or - for stdin."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """List a story's characters, fandom, relationships and point of view."""
    from rich.console import Console
    from rich.table import Table

    import ficlens

    work = ficlens.analyze(source, stages=["structure", "characters", "fandom", "relationships", "pov"])
    inferred = work.inferred
    if as_json:
        data = inferred.model_dump(
            mode="json", include={"characters", "fandoms", "relationships", "categories", "pov"}
        )
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = Console()
    fandoms = ", ".join(f"{f.name} ({f.confidence:.2f})" for f in inferred.fandoms) or "-"
    console.print(f"[bold]Fandom:[/bold] {fandoms}", highlight=False)
    table = Table(title="Characters")
    for column in ("name", "AO3 tag", "role", "gender", "mentions", "aliases"):
        table.add_column(column, justify="right" if column == "mentions" else "left")
    for c in inferred.characters:
        table.add_row(
            c.name, c.canonical or "", c.role, c.gender or "", str(len(c.mentions)), ", ".join(c.aliases[:4])
        )
    console.print(table)
    for r in inferred.relationships:
        console.print(
            f"{r.tag}  [dim]{r.kind}, {r.confidence:.2f}, scenes {len(r.scenes)}[/dim]", highlight=False
        )
    console.print(f"[bold]Categories:[/bold] {', '.join(inferred.categories) or '-'}", highlight=False)
    if inferred.pov:
        p = inferred.pov
        console.print(
            f"[bold]POV:[/bold] {p.person or '?'} person, {p.tense or '?'} tense"
            + (f", focal {p.focal_character}" if p.focal_character else "")
            + (f", {len(p.switches)} switch(es)" if p.switches else ""),
            highlight=False,
        )


def cluster_names_cmd(
    names: list[str] = typer.Argument(None, help="Names to group; read one per line from stdin if none."),
) -> None:
    """Group character names into one line per character (JSON lists)."""
    from ficlens.names import cluster_names

    items = names or [line.strip() for line in sys.stdin if line.strip()]
    for cluster in cluster_names(items):
        print(json.dumps(cluster, ensure_ascii=False))


def eval_characters_cmd(
    which: EvalSet = typer.Option(
        EvalSet.all,
        "--set",
        help="litbank, pdnc, ao3, learn (KB learned from tagged works), stories (fandom of the "
        "hand-written stories in tests/data/work_warnings, the development splits), unseen (the same "
        "stories, each with its canon left out of the KB) or all.",
    ),
    data: Path = typer.Option(DEFAULT_DATA, "--data", help="The shared data folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the full results (per document) as JSON."),
    splits: list[str] = typer.Option(
        [],
        "--split",
        help="With --set stories or unseen: score only this gold split (repeatable); the default leaves out the "
        "held-out fresh8, fresh10, fresh12 and fresh13 splits, which are scored only when asked for by name.",
    ),
) -> None:
    """LitBank person mentions, pronouns and speakers; PDNC alias clustering (B³); AO3 fandom/characters/relationships."""
    from rich.console import Console
    from rich.table import Table

    from ficlens.evaluation import characters as ev

    err = Console(stderr=True)
    results: dict[str, object] = {}
    if which in (EvalSet.litbank, EvalSet.all):
        err.print("[dim]LitBank…[/dim]")
        results["litbank"] = ev.eval_litbank(data / "characters" / "litbank_dev.jsonl")
        err.print("[dim]LitBank: pronouns and quotation speakers…[/dim]")
        results["litbank_references"] = ev.eval_litbank_references(data / "characters" / "litbank_dev.jsonl")
    if which in (EvalSet.pdnc, EvalSet.all):
        err.print("[dim]PDNC…[/dim]")
        results["pdnc"] = ev.eval_pdnc(data / "characters" / "pdnc_characters_dev.jsonl")
    if which in (EvalSet.ao3, EvalSet.all):
        err.print("[dim]AO3…[/dim]")
        results["ao3"] = ev.eval_ao3(data / "ao3", progress=lambda m: err.print(f"[dim]  {m}[/dim]"))
        err.print("[dim]Fandom on LitBank's classic novels…[/dim]")
        results["fandom_classics"] = ev.eval_fandom_on_classics(data / "characters" / "litbank_dev.jsonl")
    if which == EvalSet.learn:
        from ficlens.evaluation.kb_learn import eval_learn

        err.print("[dim]AO3, learn from some works of a fandom, predict the others…[/dim]")
        results["learn"] = eval_learn(data / "ao3", progress=lambda m: err.print(f"[dim]  {m}[/dim]"))
    if which == EvalSet.stories:
        chosen = splits or list(ev.STORY_SPLITS)
        err.print(f"[dim]Fandom of the hand-written stories ({', '.join(chosen)})…[/dim]")
        results["stories"] = ev.eval_stories(STORIES, splits=chosen)
    if which == EvalSet.unseen:
        chosen = splits or list(ev.STORY_SPLITS)
        err.print(f"[dim]Stories of a canon left out of the KB ({', '.join(chosen)})…[/dim]")
        results["unseen"] = ev.eval_unseen_canon(STORIES, splits=chosen)
    if as_json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    console = Console()
    if "stories" in results:
        _print_stories(console, results["stories"])  # type: ignore[arg-type]
        return
    if "unseen" in results:
        _print_unseen(console, results["unseen"])  # type: ignore[arg-type]
        return
    if "learn" in results:
        _print_learn(console, results["learn"])  # type: ignore[arg-type]
        return
    table = Table(
        title="ficlens characters evaluation (dev)",
        caption="\\[lo, hi]: 95% interval, Wilson for top-1, bootstrap over works for P/R/F1",
    )
    for column in ("set", "metric", "system", "precision", "recall", "F1 / score"):
        table.add_column(column)
    if "litbank" in results:
        lb = results["litbank"]
        assert isinstance(lb, dict)
        for system in ("ficlens", "spacy"):
            for metric, label in (("prop_per", "PROP PER exact"), ("all_per", "all PER exact")):
                s = lb[system][metric]
                table.add_row(
                    "LitBank", label, system, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}"
                )
            table.add_row(
                "LitBank",
                "PROP recall, any overlap",
                system,
                "",
                "",
                f"{lb[system]['prop_recall_any_overlap']:.3f}",
            )
    if "litbank_references" in results:
        refs = results["litbank_references"]
        assert isinstance(refs, dict)
        for key, label in (("pronouns", "he/she -> named character"), ("speakers", "quotation speaker")):
            r = refs[key]
            table.add_row(
                "LitBank",
                f"{label} ({r['items']}; answered {r['answered']:.2f})",
                "ficlens",
                _ci(r, "precision"),
                "",
                _ci(r, "accuracy"),
            )
            table.add_row(
                "LitBank", f"{label}: nearest name", "baseline", "", "", f"{r['baseline_accuracy']:.3f}"
            )
        clusters = refs["name_clusters"]
        for system in ("ficlens", "same_string", "last_word"):
            if system in clusters:
                c = clusters[system]
                table.add_row(
                    "LitBank",
                    f"named mentions grouped by person, B³ ({clusters['mentions']})",
                    system if system == "ficlens" else f"baseline: {system.replace('_', ' ')}",
                    _ci(c, "precision"),
                    _ci(c, "recall"),
                    _ci(c, "f1"),
                )
    if "pdnc" in results:
        pd = results["pdnc"]
        assert isinstance(pd, dict)
        for system in ("ficlens", "last_word", "singletons", "string_oracle", "one_word_oracle"):
            table.add_row("PDNC", "B³ F1 (macro over novels)", system, "", "", f"{pd['macro'][system]:.3f}")
    if "ao3" in results:
        a = results["ao3"]
        assert isinstance(a, dict)
        table.add_row("AO3", f"fandom top-1 ({a['works']} works)", "ficlens", "", "", _ci(a, "fandom_top1"))
        table.add_row(
            "AO3",
            f"fandom top-1, KB-covered ({a['kb_covered_works']})",
            "ficlens",
            "",
            "",
            _ci(a, "fandom_top1_kb_covered"),
        )
        cal = a["fandom_calibration"]
        table.add_row("AO3", "fandom expected calibration error", "ficlens", "", "", f"{cal['ece']:.3f}")
        table.add_row(
            "AO3",
            f"fandom accuracy at confidence >= 0.8 ({cal['confident']} works)",
            "ficlens",
            "",
            "",
            f"{cal['confident_accuracy']:.3f}",
        )
        named = a["fandom_calibration_named"]
        table.add_row(
            "AO3",
            f"fandom calibration error, answers naming a canon ({sum(b['n'] for b in named['bins'])})",
            "ficlens",
            "",
            "",
            f"{named['ece']:.3f}",
        )
        for half, f in a["fandom_halves"].items():
            table.add_row(
                "AO3",
                f"fandom top-1 / ECE / accuracy at >= 0.8 ({f['confident']}), {half} works only",
                "ficlens",
                "",
                "",
                f"{_ci(f, 'top1')} / {f['ece']:.3f} / {f['confident_accuracy']:.3f}",
            )
        table.add_row(
            "AO3",
            "real canon called Original Work at confidence >= 0.8",
            "ficlens",
            "",
            "",
            str(a["original_work_confident_wrong"]),
        )
        table.add_row(
            "AO3",
            "romantic pairs found with the author's exact tag (order included)",
            "ficlens",
            "",
            "",
            f"{a['relationships_exact_tags']} of {a['relationships_found']}",
        )
        plat = a["relationships_platonic"]
        table.add_row(
            "AO3",
            f"friendships (A & B): {plat['predicted']} suggested, {plat['tagged']} tagged by the authors",
            "ficlens",
            f"{plat['precision']:.3f}",
            f"{plat['recall']:.3f}",
            f"{plat['f1']:.3f}",
        )
        forms = a["characters_tag_forms"]
        table.add_row(
            "AO3",
            "characters found written as the author's tag / as it or AO3's canonical tag for it",
            "ficlens",
            "",
            "",
            f"{forms['verbatim']} / {forms['verbatim_or_canonical']} of {forms['matched']}",
        )
        for key, label in (
            ("characters", "characters"),
            ("characters_first_six", "characters, first six only (the earlier protocol)"),
            ("characters_tagging_works", "characters, works that tag some (not the measure)"),
            ("characters_with_ship_members", "characters, tags + pairing members (not the measure)"),
            ("relationships", "relationships"),
        ):
            s = a[key]
            table.add_row("AO3", label, "ficlens", _ci(s, "precision"), _ci(s, "recall"), _ci(s, "f1"))
        for half, scores in a["halves"].items():
            for what, label in (("char", "characters"), ("rel", "relationships")):
                s = scores[what]
                table.add_row(
                    "AO3",
                    f"{label}, {half} works only",
                    "ficlens",
                    _ci(s, "precision"),
                    _ci(s, "recall"),
                    _ci(s, "f1"),
                )
    if "fandom_classics" in results:
        fc = results["fandom_classics"]
        assert isinstance(fc, dict)
        table.add_row(
            "LitBank",
            "classic novels put in a fan-fiction canon",
            "ficlens",
            "",
            "",
            f"{fc['named_a_canon']} of {fc['excerpts']}",
        )
        table.add_row(
            "LitBank",
            "… of which a canon not the book's own",
            "ficlens",
            "",
            "",
            f"{fc.get('named_another_canon', 0)} of {fc['excerpts']}",
        )
    console.print(table)
    if "fandom_classics" in results:
        fc = results["fandom_classics"]
        assert isinstance(fc, dict)
        canons = Table(title="LitBank novels given a canon (the book's own canon is right)")
        for column in ("novel", "guess", "own canon", "evidence"):
            canons.add_column(column)
        for row in fc["rows"]:
            own = "yes" if row.get("own_canon") else "no"
            canons.add_row(row["title"], row["fandom"], own, ", ".join(row["evidence"]))
        console.print(canons)
    if "ao3" in results:
        a = results["ao3"]
        assert isinstance(a, dict)
        misses = Table(title="AO3 works where the fandom guess missed")
        for column in ("work", "guess", "confidence", "tagged", "in KB"):
            misses.add_column(column)
        for w in a["per_work"]:
            if not w.get("fandom_ok"):
                misses.add_row(
                    w["id"],
                    ", ".join(w.get("fandoms", [])) or w.get("error", ""),
                    f"{w.get('fandom_confidence', 0.0):.2f}",
                    ", ".join(w["gold_fandoms"]),
                    "yes" if w.get("kb_covered") else "no",
                )
        console.print(misses)
        classes = Table(
            title="AO3 characters and romantic pairings: why each miss happened (docs/evaluation.md)"
        )
        for column in ("side", "class", "count"):
            classes.add_column(column)
        for what in ("character", "relationship"):
            for side, counts in a[f"{what}_error_classes"].items():
                for cls, n in counts.items():
                    classes.add_row(f"{what}s, {side}", cls, str(n))
        console.print(classes)


def _ci(scores: dict, key: str) -> str:  # type: ignore[type-arg]
    """`scores[key]` to 3 places, with its 95% interval (`<key>_ci`) when the eval gives one."""
    from rich.markup import escape

    from ficlens.evaluation.intervals import with_ci

    return escape(with_ci(scores[key], scores.get(f"{key}_ci")))


def _print_stories(console, stories: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    from rich.table import Table

    table = Table(title="Fandom of the hand-written stories (tests/data/work_warnings, gold `fandom`)")
    for column in (
        "split",
        "stories",
        "top-1",
        "top-1, Unknown = Original",
        "canons named: right",
        "ECE",
        "acc. at >= 0.8",
    ):
        table.add_column(column)
    for name, s in [*stories["splits"].items(), ("all", stories)]:
        table.add_row(
            name,
            str(s["stories"]),
            f"{s['top1']:.3f}",
            f"{s['top1_no_canon_ok']:.3f}",
            f"{s['named_precision']:.3f} ({s['named']})",
            f"{s['ece']:.3f}",
            f"{s['confident_accuracy']:.3f} ({s['confident']})",
        )
    console.print(table)
    _print_guesses(
        console, "Stories where the fandom guess missed", [r for r in stories["per_story"] if not r["ok"]]
    )


def _print_guesses(console, title: str, rows: list[dict], gold: str = "gold") -> None:  # type: ignore[no-untyped-def,type-arg]
    from rich.table import Table

    table = Table(title=title)
    for column in ("story", "guess", "confidence", gold, "evidence"):
        table.add_column(column)
    for r in rows:
        table.add_row(r["file"], r["fandom"], f"{r['confidence']:.2f}", r["gold"], ", ".join(r["evidence"]))
    console.print(table)


def _print_unseen(console, unseen: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    from rich.table import Table

    table = Table(title="Stories of a canon left out of the KB: what ficlens answers")
    for column in (
        "stories",
        "Unknown (right)",
        "the canon, from the notes",
        "a related canon",
        "another canon",
    ):
        table.add_column(column)
    table.add_row(
        str(unseen["stories"]),
        f"{unseen['none']:.3f}",
        f"{unseen['right']:.3f}",
        f"{unseen['related']:.3f}",
        f"{unseen['other']:.3f} ({unseen['other_stories']}, mean confidence {unseen['other_mean_confidence']:.2f})",
    )
    console.print(table)
    _print_guesses(
        console, "Another canon named", [r for r in unseen["per_story"] if r["answer"] == "other"], "left out"
    )


def _print_learn(console, learn: dict) -> None:  # type: ignore[no-untyped-def,type-arg]
    from rich.table import Table

    table = Table(title="Learned from tagged works: AO3 fandoms with ≥ 2 works (before = shipped KB only)")
    for column in ("protocol", "test works", "metric", "before", "after"):
        table.add_column(column)
    for protocol in ("half", "loo"):
        if protocol not in learn:
            continue
        r = learn[protocol]
        n = str(r["after"]["works"])
        table.add_row(
            protocol,
            n,
            "fandom top-1",
            f"{r['before']['fandom_top1']:.3f}",
            f"{r['after']['fandom_top1']:.3f}",
        )
        for key in ("characters", "relationships"):
            table.add_row(
                protocol, n, f"{key} F1", f"{r['before'][key]['f1']:.3f}", f"{r['after'][key]['f1']:.3f}"
            )
    console.print(table)


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    """Add this group's commands to the main app (and to `ficlens eval`)."""
    app.command("characters")(characters_cmd)
    app.command("cluster-names")(cluster_names_cmd)
    eval_app.command("characters")(eval_characters_cmd)
