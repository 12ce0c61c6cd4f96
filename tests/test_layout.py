"""The house rules the README's "How the code is laid out" states: floors import downwards only,
and every error a user can see is a NoticewatchError."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from monitor.errors import NoticewatchError

ROOT = Path(__file__).resolve().parent.parent

#: Lowest first; a module may import its own floor and the floors below, never above.
FLOORS: list[tuple[str, ...]] = [
    (
        "monitor.model",
        "monitor.targets",
        "monitor.errors",
        "monitor.schedule",
        "monitor.validation",
    ),
    (
        "monitor.extract",
        "monitor.parts",
        "monitor.analyze",
        "monitor.codec",
        "monitor.jsontext",
        "crawler",
    ),
    ("storage", "monitor.diff", "monitor.check"),
    ("monitor.reading",),
    ("monitor.render",),
    ("monitor.alerts",),
    ("monitor.config", "monitor.ota", "monitor.watchlist_merge"),
    ("monitor.record", "monitor.crawl"),
    ("monitor.daemon",),
    ("monitor.cli", "monitor.demo", "monitor.web"),
]
#: What storage may use from monitor/: the plain domain types (and their JSON codec and
#: the JSON columns' text, below it: ``monitor.jsontext``, which reader processes use too).
STORAGE_MAY_IMPORT = (
    "monitor.model",
    "monitor.targets",
    "monitor.errors",
    "monitor.codec",
    "monitor.jsontext",
)


def floor(module: str) -> int | None:
    """The floor of ``module`` (the longest package prefix wins), None outside the floors."""
    found: tuple[int, int] | None = None
    for index, names in enumerate(FLOORS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and (
                found is None or len(name) > found[1]
            ):
                found = (index, len(name))
    return None if found is None else found[0]


def modules() -> list[tuple[str, Path]]:
    found = []
    for package in ("monitor", "crawler", "storage"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found.append((name.removesuffix(".__init__"), path))
    return found


def imports(path: Path) -> list[tuple[str, int]]:
    """Every absolute import of the file, at any depth (lazy imports inside functions too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(f"{node.module}.{alias.name}", node.lineno) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
    return found


def test_floors_import_downwards_only() -> None:
    upward = []
    for module, path in modules():
        here = floor(module)
        for name, line in imports(path):
            there = floor(name)
            if here is not None and there is not None and there > here:
                upward.append(f"{path.relative_to(ROOT)}:{line}: {module} -> {name}")
    assert upward == []


def test_storage_uses_only_the_plain_domain_types() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for module, path in modules()
        if module.startswith("storage")
        for name, line in imports(path)
        if name.startswith("monitor") and not name.startswith(STORAGE_MAY_IMPORT)
    ]
    assert wrong == []


def test_the_floors_name_every_package() -> None:
    assert [m for m, _ in modules() if floor(m) is None and m not in {"monitor"}] == []


@pytest.mark.parametrize("module", [m for m, _ in modules() if not m.endswith("__main__")])
def test_every_error_is_a_noticewatch_error(module: str) -> None:
    loaded = importlib.import_module(module)
    for name, value in vars(loaded).items():
        if inspect.isclass(value) and issubclass(value, Exception) and value.__module__ == module:
            assert issubclass(value, NoticewatchError), f"{module}.{name}"
