"""The shape of the package: no import cycles between `ficlens` modules, the layers import downward,
a stage imports only the stages it builds on, and no top-level module is named like a stdlib module.

Every `import` statement counts, wherever it sits: module level, inside a function, or under
`if TYPE_CHECKING:`. A lazy import still ties two modules together for a reader, so it is no way out
of a cycle. `from a import b` counts as an import of the module `a.b` when that module exists, else
of `a`; a package's `__init__` is not counted as imported by importing one of its submodules.

    python tests/test_architecture.py   # prints the cycles (strongly connected components), if any
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "ficlens"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


def _from_module(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The module a `from ... import` reads from, relative imports resolved."""
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _imported(node: ast.AST, module: str, is_package: bool, known: set[str]) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
    elif isinstance(node, ast.ImportFrom):
        target = _from_module(node, module, is_package)
        for alias in node.names:
            sub = f"{target}.{alias.name}"
            yield sub if sub in known else target


def import_graph() -> dict[str, set[str]]:
    """Module -> the `ficlens` modules it imports (anywhere in its body)."""
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        targets = {t for node in ast.walk(tree) for t in _imported(node, name, is_package, known)}
        graph[name] = {t for t in targets if t in known and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_graph_sees_every_module() -> None:
    graph = import_graph()
    assert "ficlens.pipeline" in graph
    assert "ficlens.pipeline" in graph["ficlens.api"]


def test_every_ficlens_import_resolves() -> None:
    """`from ficlens.x import name` anywhere (lazy imports too) names something `ficlens.x` has."""
    import importlib

    modules = _modules()
    known = set(modules)
    missing = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = _from_module(node, name, is_package)
            if target not in known:
                continue
            module = importlib.import_module(target)
            missing += [
                f"{name}: {target}.{a.name}"
                for a in node.names
                if not hasattr(module, a.name) and f"{target}.{a.name}" not in known
            ]
    assert not missing, "imports of names that do not exist:\n" + "\n".join(missing)


def test_no_import_cycles() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles between ficlens modules:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


# Layers, bottom up (README, Layout): a module imports only from its own layer or below. A stage
# analyses one work and knows nothing of who calls it; the evaluation sits above the stages.
_LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "ficlens.model",
        "ficlens.errors",
        "ficlens.version",
        "ficlens.text",
        "ficlens.jsonl",
        "ficlens.nlp",
        "ficlens.names",
        "ficlens.passages",
        "ficlens.kb",
        "ficlens.registry",
        "ficlens.plots",
        "ficlens.progress",
        "ficlens.contract",
        "ficlens.resources",
    ),
    ("ficlens.ingest",),
    ("ficlens.stages",),
    # The views show what the stages found, as the stages would tag it (`characters.character_tags`).
    ("ficlens.pipeline", "ficlens.api", "ficlens.passage_scoring", "ficlens.render"),
    ("ficlens.evaluation", "ficlens.library", "ficlens.batch", "ficlens.web"),
    ("ficlens.cli",),
)


def layer_of(module: str) -> int:
    if module == "ficlens":  # the package's front door re-exports the api
        return 3
    for n, prefixes in enumerate(_LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return n
    raise AssertionError(f"{module} is in no layer: add it to _LAYERS (and to the README's Layout)")


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if layer_of(target) > layer_of(module)
    )


def test_imports_go_downward_only() -> None:
    wrong = upward_imports(import_graph())
    assert not wrong, "imports from a higher layer:\n" + "\n".join(wrong)


def test_layer_check_catches_an_upward_import() -> None:
    graph = {"ficlens.stages.content_warnings": {"ficlens.evaluation.passage_warnings", "ficlens.model"}}
    assert upward_imports(graph) == ["ficlens.stages.content_warnings -> ficlens.evaluation.passage_warnings"]
    assert upward_imports({"ficlens.cli.library.find": {"ficlens.library.store"}}) == []


# A stage module imports another stage's module only where it builds on that stage (docs/stages.md,
# "Where the code is"); data that several stages read lives in a helper module beside them
# (`warning_lexicons.py`), so that reading one stage never means reading a sibling for its words.
STAGE_BUILDS_ON: dict[str, set[str]] = {
    "events": {"characters"},
    "fandom": {"characters", "relationships"},
    "pov": {"characters"},
    "rating": {"events"},
    "relationships": {"characters"},
}


def stage_modules() -> set[str]:
    """Modules of `ficlens.stages` that register a stage (`@stage(...)` on a top-level function)."""
    found = set()
    for name, path in _modules().items():
        if not name.startswith(f"{PACKAGE}.stages."):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id == "stage"
                for d in node.decorator_list
            ):
                found.add(name)
    return found


def sibling_stage_imports(graph: dict[str, set[str]], stages: set[str]) -> list[str]:
    short = {m: m.rsplit(".", 1)[-1] for m in stages}
    return sorted(
        f"{module} -> {target}"
        for module in stages
        for target in graph.get(module, ())
        if target in stages and short[target] not in STAGE_BUILDS_ON.get(short[module], set())
    )


def test_stages_import_only_the_stages_they_build_on() -> None:
    stages = stage_modules()
    assert {"ficlens.stages.rating", "ficlens.stages.content_warnings"} <= stages
    assert "ficlens.stages.warning_lexicons" not in stages
    wrong = sibling_stage_imports(import_graph(), stages)
    assert not wrong, (
        "a stage imports a stage it does not build on (move shared data to a helper module beside them, "
        "or add the dependency to STAGE_BUILDS_ON and docs/stages.md):\n" + "\n".join(wrong)
    )


def test_sibling_stage_check_catches_a_reach() -> None:
    stages = {"ficlens.stages.rating", "ficlens.stages.content_warnings", "ficlens.stages.events"}
    graph = {"ficlens.stages.rating": {"ficlens.stages.content_warnings", "ficlens.stages.events"}}
    assert sibling_stage_imports(graph, stages) == [
        "ficlens.stages.rating -> ficlens.stages.content_warnings"
    ]


# `ficlens.X` where X is also a standard-library module (`ficlens.warnings`, `ficlens.json`) reads as
# the stdlib one in `from ficlens import X` and in tracebacks. Checked for the package's own top level
# only: below it the parent names the context (`ingest/html.py` would be a fair name for a parser).
def stdlib_names_at_top_level(names: set[str]) -> list[str]:
    return sorted(
        name for name in names if name.count(".") == 1 and name.split(".")[1] in sys.stdlib_module_names
    )


def test_no_top_level_module_repeats_a_stdlib_name() -> None:
    clash = stdlib_names_at_top_level(set(_modules()))
    assert not clash, "top-level modules named like standard-library modules (rename them):\n" + "\n".join(
        clash
    )


def test_stdlib_name_check_catches_a_clash() -> None:
    names = {"ficlens.warnings", "ficlens.passage_scoring", "ficlens.cli.json", "ficlens.json"}
    assert stdlib_names_at_top_level(names) == ["ficlens.json", "ficlens.warnings"]


if __name__ == "__main__":
    found = cycles(import_graph())
    for component in found:
        print(" <-> ".join(component))
    print(f"{len(found)} import cycle(s) (strongly connected components) between {PACKAGE} modules")
    sys.exit(1 if found else 0)
