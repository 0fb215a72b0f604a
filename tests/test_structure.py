"""The package's rooms: no source file over 600 lines, and no import circle.

Walks ``src/hinews`` with :mod:`ast`. Imports under ``if TYPE_CHECKING:`` are for type
checkers only and do not count; imports inside functions (lazy, to keep ``import hinews``
light) count too, so a module never needs the one that needs it, even late.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "hinews"
MAX_LINES = 600


def _modules() -> dict[str, Path]:
    mods = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = path
    return mods


def _resolve(name: str, mods: dict[str, Path]) -> str | None:
    while name and name not in mods:
        name = name.rpartition(".")[0]
    return name or None


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def import_graph(*, lazy: bool) -> dict[str, set[str]]:
    """Module -> the hinews modules it imports (at module level, or anywhere if ``lazy``)."""
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]

        def visit(nodes: list[ast.stmt], top: bool, mod: str = mod, package: str = package) -> None:
            for node in nodes:
                if _is_type_checking(node):
                    continue
                targets: list[str] = []
                if isinstance(node, ast.Import):
                    targets = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    base = node.module or ""
                    if node.level:
                        root = package
                        for _ in range(node.level - 1):
                            root = root.rpartition(".")[0]
                        base = f"{root}.{base}" if base else root
                    targets = [f"{base}.{a.name}" for a in node.names]
                if (top or lazy) and targets:
                    for target in targets:
                        found = _resolve(target, mods)
                        if found and found != mod:
                            graph[mod].add(found)
                inner = top and not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                for field in ("body", "orelse", "finalbody", "handlers"):
                    sub = getattr(node, field, None)
                    if isinstance(sub, list) and sub and isinstance(sub[0], ast.AST):
                        visit(sub, inner)

        visit(ast.parse(path.read_text("utf-8")).body, True)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of ``graph``: its strongly connected components of two or more
    modules (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_source_file_is_over_600_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these into modules with one job each: {long}"


def test_no_import_circle_at_module_level() -> None:
    assert cycles(import_graph(lazy=False)) == []


def test_no_import_circle_even_through_lazy_imports() -> None:
    assert cycles(import_graph(lazy=True)) == []


def test_the_graph_sees_real_imports_and_a_circle() -> None:
    """The check can fail: it finds edges we know of, and a circle in a made-up graph."""
    graph = import_graph(lazy=True)
    assert "hinews.briefing" in graph["hinews.pipeline"]  # module level
    assert "hinews.digests.run" in graph["hinews.pipeline"]  # lazy, in Pipeline.digest
    assert "hinews.digests.inputs" not in graph["hinews.pipeline"]  # TYPE_CHECKING only
    assert "hinews.digests.run" not in import_graph(lazy=False)["hinews.pipeline"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
