"""No import cycles between the project's modules (index/ and bot/).

The imports are read with `ast`, not by importing anything, and every import counts: those at
the top of a module and those inside a function. A function-level import is how a cycle hides
(it runs later, so Python does not complain), and it still ties the two modules together: neither
can be read, tested or moved without the other. Only imports under `if TYPE_CHECKING:` are left
out: they never run and are the usual way to name a type across layers.
"""
from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("index", "bot")

# Import edges that close a known cycle, each with who removes it and how. A fixed cycle must
# be taken off this list (the last test here fails until it is), so the list only shrinks.
# Empty: the last two (engine <-> feeds, embed <-> onnx_embed) are gone.
KNOWN_CYCLE_EDGES: set[tuple[str, str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            found[_module_name(path)] = path
    return found


def _under_type_checking(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports, anywhere in its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def add(target: str) -> None:
        # `import index.feeds` or `from index.feeds import x`: the deepest project module named
        while target and target not in modules:
            target = target.rpartition(".")[0]
        if target and target != name:
            found.add(target)

    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)) or _under_type_checking(node, parents):
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
            continue
        if node.level:
            base = package.split(".")
            base = base[: len(base) - (node.level - 1)]
            origin = ".".join(base + ([node.module] if node.module else []))
        else:
            origin = node.module or ""
        for alias in node.names:
            # `from . import ingest` imports a module; `from .engine import Engine` a name in one
            candidate = f"{origin}.{alias.name}"
            add(candidate if candidate in modules else origin)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path a -> b -> ... -> a) per group of modules that import each other
    (Tarjan's strongly connected components, then a shortest way round each)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:  # recursion depth is bounded by the ~60 modules
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_shortest_loop(graph, group) for group in groups]


def _shortest_loop(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    start, members = group[0], set(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in sorted(graph[node] & members):
                if nxt == start:
                    return paths[node] + [start]
                if nxt not in paths:
                    paths[nxt] = paths[node] + [nxt]
                    following.append(nxt)
        frontier = following
    return group  # unreachable: a strongly connected group always loops back


def _without_known(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    return {name: {t for t in targets if (name, t) not in KNOWN_CYCLE_EDGES} for name, targets in graph.items()}


def test_the_walk_sees_module_and_function_level_imports():
    graph = import_graph()
    assert "index.store" in graph["index.engine"]  # module level
    assert "index.ingest" in graph["index.engine"]  # inside ensure_bundled
    assert "bot.app" in graph["bot.cogs.admin"]  # relative, two levels up
    assert "index.ingest" in graph["bot.cogs.admin"]  # `from index import ingest`


def test_no_import_cycles():
    found = cycles(_without_known(import_graph()))
    assert not found, "import cycles between project modules:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_cycle_finder_names_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_each_known_exception_still_closes_a_cycle():
    """A known cycle that has been fixed comes off KNOWN_CYCLE_EDGES, so it cannot come back."""
    graph = import_graph()
    for source, target in sorted(KNOWN_CYCLE_EDGES):
        assert target in graph[source], f"{source} no longer imports {target}: remove it from KNOWN_CYCLE_EDGES"
        loops = cycles(graph)
        assert any(source in loop and target in loop for loop in loops), \
            f"{source} -> {target} closes no cycle any more: remove it from KNOWN_CYCLE_EDGES"


# What a command imports, in a fresh process --------------------------------------------------
# Every `quotebot` process pays for its imports before it does anything: `list` or `--help` spent
# most of its second importing what only questions need. These run the command as a user does
# and fail when it imports a module it does not need again.

import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

from .conftest import make_settings, pinned_engine  # noqa: E402
from .test_embed import PROBE  # noqa: E402

# What answering a question needs and a command that answers none must not import: the
# question-answering modules (their patterns, the answer model's trees), FAISS, rich (messages
# and progress bars only).
ANSWERING = {"index.answer", "index.search", "index.about", "index.trees", "index.spelling", "faiss", "rich"}
NOTHING_HEAVY = ANSWERING | {"index.engine", "index.settings", "pydantic", "pydantic_settings", "numpy"}

ARTICLE = """---
title: Trams come back to Northtown
---
The city council approved a new tram line through Northtown on Monday.

The works will cost 40 million euros and take three years, the mayor said.
"""


def quotebot(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    """`quotebot --data-dir <tmp>/data ARGS` run from this checkout (PYTHONPATH: a worktree's
    tests must not run the installed copy), and the modules it imported."""
    out = tmp_path / "modules.json"
    out.unlink(missing_ok=True)
    environment = {**os.environ, "PYTHONPATH": str(REPO), "QUOTEBOT_MODEL": "hashing",
                   "QUOTEBOT_ARTICLES_DIR": str(tmp_path / "no-articles")}
    result = subprocess.run([sys.executable, "-c", PROBE, str(out), "--data-dir", str(tmp_path / "data"), *args],
                            capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=120)
    return result, set(json.loads(out.read_text()))


@pytest.fixture
def indexed(tmp_path) -> Path:
    """A data dir holding one article, added by `quotebot add`; the file it was read from."""
    source = tmp_path / "trams.md"
    source.write_text(ARTICLE, encoding="utf-8")
    result, _ = quotebot(tmp_path, "add", str(source))
    assert result.returncode == 0 and "added" in result.stdout, result.stderr
    return source


@pytest.mark.parametrize("command", [["--help"], ["list", "--help"], ["ask", "--help"]])
def test_help_imports_neither_the_engine_nor_its_settings(tmp_path, command):
    result, modules = quotebot(tmp_path, *command)
    assert result.returncode == 0 and "Usage:" in result.stdout, result.stderr
    assert modules & NOTHING_HEAVY == set()


@pytest.mark.parametrize("command", [["list"], ["list", "--json"], ["status"]])
def test_commands_that_answer_nothing_import_nothing_of_answering(tmp_path, indexed, command):
    result, modules = quotebot(tmp_path, *command)
    assert result.returncode == 0, result.stderr
    assert "Trams come back to Northtown" in result.stdout or "1 article" in result.stdout
    assert modules & ANSWERING == set()


def test_an_unchanged_add_imports_nothing_of_answering_and_draws_no_bar(tmp_path, indexed):
    result, modules = quotebot(tmp_path, "add", str(indexed))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("unchanged") and result.stderr == ""
    assert modules & ANSWERING == set()


def test_remove_leaves_the_vector_index_to_the_next_question(tmp_path, indexed):
    from index.doctor import check
    from index.embed import HashingEmbedder

    # A question first, so a FAISS start-up cache holding the article is on disk.
    settings = make_settings(tmp_path, model="hashing")
    with pinned_engine(settings, HashingEmbedder()) as engine:
        assert engine.ask("What will the works cost?").answered
    result, modules = quotebot(tmp_path, "remove", "Trams")
    assert result.returncode == 0 and result.stdout.startswith("removed"), result.stderr
    assert modules & ANSWERING == set()
    # The next process loads the cache, which still holds the removed passages, and makes it
    # agree with the database: nothing of the article is found or quoted.
    with pinned_engine(settings, HashingEmbedder()) as engine:
        assert not engine.ask("What will the works cost?").answered
        assert engine.vectors.load("global").ntotal == 0
    assert check(settings.data_dir, quick=False).healthy
