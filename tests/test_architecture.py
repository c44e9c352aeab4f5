"""The house: data flows one way (docs/architecture.md), the command line starts light, and the
public surface changes only on purpose."""

from __future__ import annotations

import ast
import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kamgen"
API = Path(__file__).resolve().parent / "data" / "public-api.txt"

ARCHITECTURE = ROOT / "docs" / "architecture.md"
_ROW = re.compile(r"^\| *([0-9.]+) *\| *`kamgen/([A-Za-z_]+)(?:\.py|/)` *\|", re.MULTILINE)


def ranks() -> dict[str, float]:
    """The rooms of docs/architecture.md and their ranks, from its table: a room imports
    only rooms of a lower rank. Utilities (errors, the clock, the SVG cleaner) are at the
    far left."""
    found = {room: float(rank) for rank, room in _ROW.findall(ARCHITECTURE.read_text("utf-8"))}
    assert len(found) == len(_ROW.findall(ARCHITECTURE.read_text("utf-8"))), "a room twice"
    return found


RANK = ranks()

PUBLIC = ("kamgen.audience", "kamgen.checks", "kamgen.errors", "kamgen.load", "kamgen.model",
          "kamgen.session", "kamgen.site", "kamgen.output")
"""Modules whose ``__all__`` is the public surface."""


def rooms() -> dict[str, set[str]]:
    """Each room of the package → the rooms its modules import."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if len(parts) < 2 or parts[1] == "__init__":
            continue
        room, package = parts[1], parts[:-1]
        targets = found.setdefault(room, set())
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom):
                base = list(package[: len(package) - (node.level - 1)]) if node.level else []
                module = ".".join([*base, *([node.module] if node.module else [])])
                # "from kamgen import cli" and "from . import cli" name rooms themselves.
                names = [f"{module}.{a.name}" for a in node.names] if module == "kamgen" \
                    else [module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                if name.startswith("kamgen."):
                    target = name.split(".")[1]
                    if target != room:
                        targets.add(target)
    return found


def test_every_room_has_a_place_in_the_order() -> None:
    assert sorted(rooms()) == sorted(RANK)


def test_the_modules_the_architecture_names_are_there() -> None:
    """A module named in a package's row (``yaml_reader.py``) is a module of that package."""
    missing = []
    for line in ARCHITECTURE.read_text("utf-8").splitlines():
        if (row := _ROW.match(line)) and (PACKAGE / row.group(2)).is_dir():
            missing += [f"{row.group(2)}/{name}" for name in re.findall(r"`([a-z_]+\.py)`", line)
                        if not (PACKAGE / row.group(2) / name).is_file()]
    assert missing == []


def test_no_room_imports_a_room_to_its_right() -> None:
    wrong = {room: sorted(t for t in targets if RANK[t] >= RANK[room])
             for room, targets in rooms().items()}
    assert {room: targets for room, targets in wrong.items() if targets} == {}


def test_the_model_and_the_method_know_nothing_of_the_rest() -> None:
    found = rooms()
    assert found["model"] <= {"errors"}
    assert found["method"] <= {"model", "errors"}
    assert found["audience"] <= {"model", "errors"}


def test_nothing_imports_the_command_line_or_the_engine_adapter() -> None:
    for room, targets in rooms().items():
        if room != "__main__":
            assert "cli" not in targets, room
        assert "mkdocs_plugin" not in targets, room


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    code = ("import sys, kamgen.cli; heavy = {'pydantic', 'mkdocs', 'jinja2', 'markdown', "
            "'yaml', 'openpyxl', 'nh3'} & {m.split('.')[0] for m in sys.modules}; "
            "print(sorted(heavy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "[]"


def public_api() -> str:
    lines = []
    for name in PUBLIC:
        module = importlib.import_module(name)
        exported = getattr(module, "__all__", None)
        assert exported is not None, f"{name} has no __all__"
        for item in exported:
            assert hasattr(module, item), f"{name}.{item} is in __all__ but not defined"
        lines.extend(f"{name}.{item}" for item in sorted(exported))
    return "\n".join(lines) + "\n"


def test_the_public_api_changes_only_on_purpose() -> None:
    api = public_api()
    if os.environ.get("KAMGEN_UPDATE_API"):
        API.write_text(api, "utf-8")
    assert api == API.read_text("utf-8"), (
        "the public API changed: if that is meant, run the tests with KAMGEN_UPDATE_API=1 "
        "and say so in CHANGELOG.md")


@pytest.mark.parametrize("name", PUBLIC)
def test_public_modules_export_only_what_they_define_or_re_export(name: str) -> None:
    module = importlib.import_module(name)
    for item in module.__all__:
        assert not item.startswith("_"), f"{name}.{item}"


def test_the_mkdocs_adapter_stays_a_thin_adapter() -> None:
    source = (PACKAGE / "mkdocs_plugin.py").read_text("utf-8")
    imported = {alias.name for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Import) for alias in node.names}
    assert len(source.splitlines()) < 150
    assert "re" not in imported  # pages come as structures, not as text to take apart
