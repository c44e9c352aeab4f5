"""The registry of kinds (kamgen/load/kinds.py): every kind says everything the loader, the
gate, the schemas, the scaffold and the command line need, and they all read it from there.

Also the public surface of kamgen.load: what it exports, and that the registry is there
without Pydantic.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

import kamgen.load
from kamgen import scaffold, schema
from kamgen.cli import _parser, main
from kamgen.errors import ConfigError, KamgenError, PlanErrors
from kamgen.load import (
    KINDS,
    PLAN_FILE_KINDS,
    LoadedFile,
    PlanKind,
    YamlProblem,
    parse_yaml,
    validate_file,
)
from kamgen.load.folder import read_page
from kamgen.load.gate import plan_tree

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
PLAN_FILES = [kind.name for kind in PLAN_FILE_KINDS]


def place_pattern(place: str) -> re.Pattern[str]:
    """A place as plan-format.md writes it (``accounts/<id>/*.md``) as a regular expression."""
    parts = re.split(r"(<id>|\*)", place)
    return re.compile("".join("[^/]+" if part == "<id>" else "[^/]*" if part == "*"
                              else re.escape(part) for part in parts))


# --- the registry itself ------------------------------------------------------------------


def test_the_kinds_and_their_order() -> None:
    assert list(KINDS) == ["programme", "team", "territories", "checklist", "account", "page"]
    assert PLAN_FILES == ["programme", "team", "territories", "checklist", "account"]
    assert all(name == kind.name for name, kind in KINDS.items())
    with pytest.raises(TypeError):
        KINDS["extra"] = KINDS["page"]  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        KINDS["team"].file = "people.yaml"  # type: ignore[misc]


@pytest.mark.parametrize("name", list(KINDS))
def test_every_kind_has_a_model_a_label_a_description_and_hints(name: str) -> None:
    kind = KINDS[name]
    model = typing.get_args(kind.root)[0] if kind.top_is_list else kind.root
    assert isinstance(model, type) and issubclass(model, BaseModel)
    assert typing.get_origin(kind.root) is (list if kind.top_is_list else None)
    assert kind.adapter is kind.adapter  # made once
    assert kind.label and kind.description.endswith(".")
    assert kind.shape_hint
    assert bool(kind.empty_hint) is kind.plan_file
    if not kind.top_is_list and kind.plan_file:
        # The hint for a mapping kind says how it starts, and the loader drops the "not
        # with '- '" when the top is text rather than a list.
        assert ", not with '- '" in kind.shape_hint


def test_places_and_ids() -> None:
    assert {name: kind.places for name, kind in KINDS.items()} == {
        "programme": ("kam.yaml",),
        "team": ("team.yaml",),
        "territories": ("territories.yaml",),
        "checklist": ("checklists/<id>.yaml",),
        "account": ("accounts/<id>.yaml", "accounts/<id>/plan.yaml"),
        "page": ("accounts/<id>/*.md",),
    }
    assert KINDS["programme"].file_id("kam.yaml") == "kam"
    assert KINDS["checklist"].file_id("checklists/swot.yaml") == "swot"
    assert KINDS["account"].file_id("accounts/korvat.yaml") == "korvat"
    assert KINDS["account"].file_id("accounts/nordwerk-chemie/plan.yaml") == "nordwerk-chemie"


def test_schema_names_and_the_paths_editors_follow() -> None:
    assert {kind.name: kind.schema_file for kind in KINDS.values()} == {
        "programme": "programme.schema.json",
        "team": "team.schema.json",
        "territories": "territories.schema.json",
        "checklist": "checklist.schema.json",
        "account": "account.schema.json",
        "page": None,
    }
    assert KINDS["team"].modeline_path == ".schema/team.schema.json"
    assert KINDS["checklist"].modeline_path == "../.schema/checklist.schema.json"
    assert KINDS["account"].modeline_path == "../.schema/account.schema.json"
    assert (KINDS["account"].schema_path("accounts/nordwerk-chemie/plan.yaml")
            == "../../.schema/account.schema.json")
    with pytest.raises(ValueError, match="'page' is not a plan file"):
        KINDS["page"].schema_path("accounts/nordwerk-chemie/visit.md")


# --- who reads it -------------------------------------------------------------------------


def test_the_gate_puts_every_example_file_where_its_kind_says() -> None:
    tree = plan_tree(PLANS)
    assert not tree.errors
    kinds = {entry.kind for entry in tree.entries}
    assert kinds == {*KINDS, "data"}
    assert [entry.rel for entry in tree.of("data")] == ["data/umsatz.csv"]
    for entry in tree.entries:
        if entry.kind in KINDS:
            assert any(place_pattern(place).fullmatch(entry.rel)
                       for place in KINDS[entry.kind].places), entry


def test_example_plan_files_point_at_their_kind_s_schema() -> None:
    for entry in plan_tree(PLANS).entries:
        if entry.kind in KINDS and KINDS[entry.kind].plan_file:
            first = (PLANS / entry.rel).read_text(encoding="utf-8").split("\n", 1)[0]
            assert first == schema.modeline(KINDS[entry.kind].schema_path(entry.rel)), entry


def test_schemas_are_written_for_the_plan_file_kinds() -> None:
    assert list(schema.KINDS) == PLAN_FILES
    assert list(schema.schemas()) == PLAN_FILES
    for kind in PLAN_FILE_KINDS:
        assert schema.KINDS[kind.name] == (kind.title, kind.description)
        assert schema.file_name(kind.name) == kind.schema_file
        assert schema.schemas()[kind.name]["title"] == kind.title
    assert schema.FOLDER == ".schema"
    assert sorted(path.name for path in (PLANS / schema.FOLDER).iterdir()) == sorted(
        str(kind.schema_file) for kind in PLAN_FILE_KINDS)
    with pytest.raises(KeyError, match="unknown kind of plan file 'page'"):
        schema.file_name("page")


def test_the_scaffold_writes_a_plan_where_the_account_kind_says(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    # team.yaml, found through the registry, knows the owners.
    with pytest.raises(ConfigError, match=r"--owner 'nobody' is not in team\.yaml"):
        scaffold.new_account(plans, "acme", owner="nobody")
    path = scaffold.new_account(plans, "acme", owner="m.kaya")
    rel = path.relative_to(plans).as_posix()
    assert place_pattern(KINDS["account"].places[0]).fullmatch(rel)
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first == schema.modeline(KINDS["account"].schema_path(rel))


def stdout_action(parser: argparse.ArgumentParser) -> argparse.Action:
    commands = next(action for action in parser._actions
                    if isinstance(action, argparse._SubParsersAction))
    command: argparse.ArgumentParser = commands.choices["schema"]
    return next(action for action in command._actions if "--stdout" in action.option_strings)


def test_the_command_line_offers_the_plan_file_kinds(
    capsys: pytest.CaptureFixture[str]
) -> None:
    action = stdout_action(_parser())
    assert list(action.choices or ()) == PLAN_FILES
    assert action.help == ("print the schema of one kind instead: programme, team, "
                           "territories, checklist or account")
    with pytest.raises(SystemExit) as caught:
        main(["schema", "--stdout", "page"])
    assert caught.value.code == 2
    assert "argument --stdout: 'page' is unknown; choose from programme, team, territories, " \
           "checklist, account\n" in capsys.readouterr().err


# --- the loader's hints come from the kind ------------------------------------------------


@pytest.mark.parametrize("name", PLAN_FILES)
def test_an_empty_file_gets_its_kind_s_hint(name: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(PlanErrors) as caught:
        validate_file(path, "plan.yaml", name)
    (error,) = caught.value.errors
    assert (error.message, error.hint) == ("the file holds only comments, no data",
                                           KINDS[name].empty_hint)


@pytest.mark.parametrize("name", PLAN_FILES)
def test_a_file_of_the_wrong_shape_gets_its_kind_s_hint(name: str, tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("{id: x}\n" if KINDS[name].top_is_list else "- id: x\n", encoding="utf-8")
    with pytest.raises(PlanErrors) as caught:
        validate_file(path, "plan.yaml", name)
    (error,) = caught.value.errors
    assert error.hint == KINDS[name].shape_hint


def test_front_matter_of_the_wrong_shape_gets_the_page_hint(tmp_path: Path) -> None:
    rel = "accounts/korvat/visit.md"
    (tmp_path / rel).parent.mkdir(parents=True)
    (tmp_path / rel).write_text("---\n- title\n---\n# Visit\n", encoding="utf-8")
    (entry,) = [entry for entry in plan_tree(tmp_path).entries if entry.rel == rel]
    assert entry.kind == "page"
    with pytest.raises(PlanErrors) as caught:
        read_page(tmp_path, entry)
    (error,) = caught.value.errors
    assert error.hint == KINDS["page"].shape_hint


# --- the public surface of kamgen.load ----------------------------------------------------


def test_every_public_name_is_exported_and_none_is_private() -> None:
    assert all(not name.startswith("_") for name in kamgen.load.__all__)
    for name in kamgen.load.__all__:
        assert getattr(kamgen.load, name) is not None
    assert set(kamgen.load.__all__) <= set(dir(kamgen.load))
    assert isinstance(KINDS["account"], PlanKind)


def test_validate_file_and_parse_yaml_give_public_types(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("- id: north\n  name: Nord\n", encoding="utf-8")
    loaded = validate_file(path, "territories.yaml", "territories")
    assert type(loaded) is LoadedFile
    assert (loaded.rel, loaded.model[0].id, loaded.positions.locate((0, "name"))) == (
        "territories.yaml", "north", (2, 3))
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.rel = "other.yaml"  # type: ignore[misc]
    with pytest.raises(YamlProblem) as caught:
        parse_yaml("name: a\nname: b\n")
    assert isinstance(caught.value, KamgenError)
    assert (caught.value.line, caught.value.column, caught.value.key_path,
            caught.value.message) == (2, 1, ("name",), "duplicate key 'name' (first on line 1)")


def test_the_registry_and_the_command_line_parser_need_no_pydantic() -> None:
    code = ("import sys, kamgen.cli, kamgen.load; kamgen.cli._parser(); "
            "kamgen.load.KINDS['account'].modeline_path; "
            "print(sorted({'pydantic', 'yaml', 'kamgen.model'} & set(sys.modules)))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, cwd=ROOT)
    assert found.stdout == "[]\n"
