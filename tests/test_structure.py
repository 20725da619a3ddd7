"""The house rules that a reviewer would otherwise check by eye (docs/ARCHITECTURE.md).

- Imports point down only: each module of the package belongs to one layer, and a module may
  import its own layer and the layers below it, never one above.
- No import circle, counting imports made inside functions too (a lazy import still ties two
  modules together); imports under `if TYPE_CHECKING:` are left out, they never run.
- No module is over 600 lines.
- Language data lives in `engine/lang/`: no other module spells out month names, Korean particle
  alternations or Unicode ranges of a script.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "api" / "factdesk"

# Top to bottom. A module belongs to the first layer one of whose prefixes its name starts with
# (a prefix matches a whole dotted component: "factdesk.engine" does not match "factdesk.engines").
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("entry points", ("factdesk.cli", "factdesk.eval", "factdesk.__main__")),
    ("app", ("factdesk.main",)),
    ("routes", ("factdesk.routes",)),
    ("http", ("factdesk.deps", "factdesk.security", "factdesk.access", "factdesk.bodylimit")),
    ("client", ("factdesk.client",)),
    (
        "services",
        (
            "factdesk.verification",
            "factdesk.admission",
            "factdesk.claimsearch",
            "factdesk.ingest",
            "factdesk.articles",
            "factdesk.statements",
            "factdesk.claimreview",
            "factdesk.pages",
            "factdesk.checks",
            "factdesk.reindex",
        ),
    ),
    (
        "wire",
        (
            "factdesk.schemas",
            "factdesk.google_models",
            "factdesk.examples",
            "factdesk.statement_examples",
            "factdesk.problems",
            "factdesk.errors",
            "factdesk.limits",
            "factdesk.metrics",
            "factdesk.timing",
        ),
    ),
    ("engine", ("factdesk.engine",)),
    ("backends", ("factdesk.store", "factdesk.embed", "factdesk.cache", "factdesk.ratelimit")),
    (
        "core",
        (
            "factdesk.config",
            "factdesk.models",
            "factdesk.text",
            "factdesk.logs",
            "factdesk.seed",
            "factdesk.keys",
        ),
    ),
    ("package", ("factdesk",)),
)

# What the HTTP client may load of the package: the wire models and what they stand on.
CLIENT_MAY_IMPORT = (
    "factdesk",
    "factdesk.models",
    "factdesk.schemas",
    "factdesk.google_models",
    "factdesk.problems",
    "factdesk.engine.results",
    "factdesk.engine.stance",
    "factdesk.engine.stance.base",
)

MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement that can run, with `if TYPE_CHECKING:` bodies left out."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _resolve(name: str) -> str | None:
    """The package module `name` stands for: itself, or the package it is an attribute of."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str) -> set[str]:
    path = MODULES[module]
    tree = ast.parse(path.read_text("utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in _import_nodes(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import mod` imports the module pkg.mod when there is one.
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            resolved = _resolve(target) if target.startswith("factdesk") else None
            if resolved and resolved != module:
                found.add(resolved)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def layer_of(module: str) -> int:
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            advanced = False
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_walker_sees_the_package() -> None:
    # A walker that found nothing would pass every rule below.
    assert len(MODULES) > 40
    assert "factdesk.engine.service" in GRAPH["factdesk.verification"] or any(
        m.startswith("factdesk.engine") for m in GRAPH["factdesk.verification"]
    )


def test_cycle_finder_finds_a_planted_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_import_circle() -> None:
    assert _cycles(GRAPH) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    upward = sorted(
        f"{target} ({LAYERS[layer_of(target)][0]})"
        for target in GRAPH[module]
        if layer_of(target) < layer_of(module)
    )
    assert upward == [], f"{module} ({LAYERS[layer_of(module)][0]}) imports upward"


@pytest.mark.parametrize("folder", ["factdesk.embed", "factdesk.store"])
def test_backends_import_nothing_from_the_engine(folder: str) -> None:
    for module, targets in GRAPH.items():
        if module == folder or module.startswith(folder + "."):
            assert not {t for t in targets if t.startswith("factdesk.engine")}, module


def test_the_client_imports_only_wire_models() -> None:
    package = [m for m in GRAPH if m == "factdesk.client" or m.startswith("factdesk.client.")]
    assert len(package) > 1  # the package and its modules
    for module in package:
        outside = {t for t in GRAPH[module] if not t.startswith("factdesk.client")}
        assert outside <= set(CLIENT_MAY_IMPORT), (module, outside)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_size(module: str) -> None:
    lines = MODULES[module].read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module}: {lines} lines"


# A list of months is three or more month names in one module; an example sentence names one.
# "May" is left out: it is a common word.
_MONTHS = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December)\b",
    re.IGNORECASE,
)
_MONTH_LIST = 3
# Escapes survive `ast.unparse` in raw strings ("\\uac00"); plain strings come back as the
# characters themselves, so the first and last Hangul syllables are looked for as literals too.
_SCRIPT_RANGE = re.compile(
    r"\\u[aA][cC]00|\\u[dD]7[aA]3|0x[aA][cC]00|가-힣|ㄱ-ㅎ|['\"]가['\"]|['\"]힣['\"]"
)
# Two or more Korean particles/endings of one or two syllables in an alternation: `(?:은|는|이|가)`.
_PARTICLES = re.compile(r"[가-힣]{1,2}\|[가-힣]{1,2}\|[가-힣]{1,2}")


def _code_of(path: Path) -> str:
    """The module's source less its docstrings and comments (prose may name a month)."""
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                body[0] = ast.Pass()
    return ast.unparse(tree)


@pytest.mark.parametrize(
    "module", sorted(m for m in MODULES if not m.startswith("factdesk.engine.lang"))
)
def test_language_data_lives_in_lang(module: str) -> None:
    code = _code_of(MODULES[module])
    months = {m.casefold() for m in _MONTHS.findall(code)}
    assert len(months) < _MONTH_LIST, f"{module} spells out month names: {sorted(months)}"
    assert not _SCRIPT_RANGE.search(code), f"{module} spells out a Unicode range"
    assert not _PARTICLES.search(code), f"{module} spells out a particle list"


def test_language_checks_catch_what_they_look_for() -> None:
    listed = ast.unparse(ast.parse("X = ('january', 'february', 'march')"))
    assert len({m.casefold() for m in _MONTHS.findall(listed)}) >= _MONTH_LIST
    assert _SCRIPT_RANGE.search(ast.unparse(ast.parse(r"H = r'[\uac00-\ud7a3]'")))
    assert _SCRIPT_RANGE.search(ast.unparse(ast.parse(r"ok = '\uac00' <= ch <= '\ud7a3'")))
    assert _PARTICLES.search(ast.unparse(ast.parse("P = r'(?:은|는|이|가)'")))
    assert not _MONTHS.search(_code_of_text('"""Since March."""\nX = 1\n'))
    # The months do exist, in lang/: the rule above would flag them anywhere else.
    lang_months = _MONTHS.findall(_code_of(MODULES["factdesk.engine.lang.en.dates"]))
    assert len({m.casefold() for m in lang_months}) == 11  # all but "may", not in the pattern


def _code_of_text(text: str) -> str:
    tree = ast.parse(text)
    body = tree.body
    if body and isinstance(body[0], ast.Expr):
        body[0] = ast.Pass()
    return ast.unparse(tree)
