"""The JSON Schemas for editors: they agree with the loader, and plan files point at them.

The schemas are checked with the independent ``jsonschema`` library on the data kamgen's own
YAML reader produces (dates stay text, as editors see them): every example plan passes,
and documents that the loader refuses are refused by the schema too.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from kamgen.cli import main
from kamgen.errors import PlanErrors
from kamgen.load import load_portfolio, parse_yaml, validate_file
from kamgen.schema import EXAMPLES, FOLDER, KINDS, file_name, schema_text, schemas

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
HANDWORKED = ROOT / "tests" / "fixtures" / "handworked"
SCHEMAS = schemas()
MODELINE = re.compile(r"^#\s+yaml-language-server\s*:")
"""How yaml-language-server recognises its comment (on any comment line of a file)."""

REGENERATE = "run '.venv/bin/kamgen schema' and commit plans/.schema/"


def kind_of(rel: str) -> str:
    """The kind of plan file at ``rel`` (relative to its plans folder)."""
    if rel == "kam.yaml":
        return "programme"
    if rel in ("team.yaml", "territories.yaml"):
        return rel.removesuffix(".yaml")
    return "checklist" if rel.startswith("checklists/") else "account"


KeyPath = tuple[str | int, ...]


def schema_problems(kind: str, data: Any) -> list[tuple[KeyPath, str]]:
    validator = Draft202012Validator(SCHEMAS[kind], format_checker=FormatChecker())
    return [(tuple(error.absolute_path), error.message) for error in validator.iter_errors(data)]


def schema_errors(kind: str, data: Any) -> list[str]:
    return [f"{list(path)}: {message}" for path, message in schema_problems(kind, data)]


def loader_problems(tmp_path: Path, kind: str, text: str) -> list[tuple[KeyPath, str]]:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        validate_file(path, "plan.yaml", kind)
    except PlanErrors as errors:
        return [(tuple(error.key_path), error.message) for error in errors.errors]
    return []


def plan_files(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*.yaml"))


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    return target


# --- the schemas themselves -----------------------------------------------------------------


def test_committed_schemas_are_current() -> None:
    folder = PLANS / FOLDER
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        file_name(kind) for kind in KINDS
    ), f"plans/{FOLDER}/ holds other files than the schemas: {REGENERATE}"
    for kind in KINDS:
        written = (folder / file_name(kind)).read_text(encoding="utf-8")
        assert written == schema_text(kind), (
            f"plans/{FOLDER}/{file_name(kind)} differs from what the models give now: "
            + REGENERATE
        )


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_a_valid_draft_2020_12_schema_with_a_title(kind: str) -> None:
    schema = SCHEMAS[kind]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in schema
    assert schema["title"].startswith("kamgen ")
    assert schema["description"]
    assert schema["type"] == ("array" if kind in ("team", "territories") else "object")


def test_text_is_deterministic_sorted_and_ends_with_a_newline() -> None:
    text = schema_text("account")
    assert text == schema_text("account")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True,
                              ensure_ascii=False) + "\n"


def models_of(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every object schema with properties: the definitions and the root."""
    models = {name: model for name, model in schema.get("$defs", {}).items()
              if "properties" in model}
    if "properties" in schema:
        models["(root)"] = schema
    return models


def refers_to(prop: dict[str, Any]) -> list[str]:
    refs = [prop["$ref"]] if "$ref" in prop else []
    return refs + [option["$ref"] for option in prop.get("anyOf", []) if "$ref" in option]


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_has_a_description(kind: str) -> None:
    schema = SCHEMAS[kind]
    missing = []
    for name, model in models_of(schema).items():
        assert model.get("description"), f"{name} has no description"
        for field, prop in model["properties"].items():
            described = prop.get("description") or any(
                schema["$defs"][ref.rsplit("/", 1)[-1]].get("description")
                for ref in refers_to(prop)
            )
            if not described:
                missing.append(f"{name}.{field}")
    assert not missing, "fields without a docstring: " + ", ".join(missing)


def test_enums_and_closed_mappings() -> None:
    account = SCHEMAS["account"]
    assert account["properties"]["status"]["enum"] == ["key_account", "candidate", "former"]
    assert account["$defs"]["Contact"]["properties"]["attitude"]["enum"] == [
        "champion", "supporter", "neutral", "sceptic", "opponent"]
    for name, model in models_of(account).items():
        expected: Any = False
        if name == "ProfileCriterion":  # competitor columns: a rating from 1 to 5 each
            expected = {"type": "integer", "minimum": 1, "maximum": 5}
        extra = model.get("additionalProperties")
        if isinstance(extra, dict):
            extra = {key: value for key, value in extra.items() if key != "description"}
        assert extra == expected, name


def test_every_example_is_valid_where_it_stands() -> None:
    used: set[str] = set()
    for kind, schema in SCHEMAS.items():
        for name, model in models_of(schema).items():
            candidates = [(f"{kind}: {name}", model)] + [
                (f"{kind}: {name}.{field}", prop) for field, prop in model["properties"].items()
            ]
            for where, node in candidates:
                for example in node.get("examples", []):
                    errors = list(Draft202012Validator(
                        {"$defs": schema.get("$defs", {}), **node},
                        format_checker=FormatChecker(),
                    ).iter_errors(example))
                    assert not errors, f"{where}: example {example!r}: {errors[0].message}"
            used.add(model["title"] if name != "(root)" else name)
    # Every model named in EXAMPLES exists (a renamed model would lose its examples).
    roots = {"Programme", "AccountPlan", "ChecklistTemplate"}
    assert set(EXAMPLES) <= used | roots
    assert SCHEMAS["team"]["$defs"]["TeamMember"]["properties"]["id"]["examples"] == [
        "j.berger"]
    assert SCHEMAS["account"]["properties"]["owner"]["examples"] == ["j.berger"]
    assert SCHEMAS["account"]["properties"]["reviewed"]["examples"] == ["2026-10-01"]


# --- the example plans ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("root", "rel"),
    [(PLANS, rel) for rel in plan_files(PLANS)]
    + [(HANDWORKED, rel) for rel in plan_files(HANDWORKED)],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_example_plan_validates_against_its_schema(root: Path, rel: str) -> None:
    data, _ = parse_yaml((root / rel).read_text(encoding="utf-8"))
    assert schema_errors(kind_of(rel), data) == []


@pytest.mark.parametrize("rel", plan_files(PLANS))
def test_example_plan_starts_with_the_comment_that_points_at_its_schema(rel: str) -> None:
    first = (PLANS / rel).read_text(encoding="utf-8").split("\n", 1)[0]
    expected = "../" * rel.count("/") + f"{FOLDER}/{file_name(kind_of(rel))}"
    assert first == f"# yaml-language-server: $schema={expected}"
    assert ((PLANS / rel).parent / expected).resolve().is_file()


# --- the schemas agree with the loader ------------------------------------------------------

BASE = {
    "programme": "company: Acme\nfiscal_year: 2026\n"
                 "rating:\n  criteria:\n    - {id: revenue, name: Umsatz, weight: 1}\n",
    "team": "- id: j.berger\n  name: Julia Berger\n",
    "territories": "- id: north\n  name: Nord\n",
    "checklist": "title: {en: Negotiations}\nitems:\n  - {id: pn-01, text: {en: Prepare}}\n",
    "account": "name: Acme\nowner: j.berger\nterritory: north\n",
}

BROKEN = {
    "unknown key": ("account", BASE["account"] + "industy: Chemie\n"),
    "unknown key in a list item": ("team", BASE["team"] + "  phone: 123\n"),
    "wrong enum": ("account", BASE["account"] + "status: key-account\n"),
    "wrong enum in a list": ("account", BASE["account"] + "network:\n  - {id: k-lange, "
                             "name: K, influence: 3, relationship: 3, roles: [boss]}\n"),
    "out-of-range number": ("account", BASE["account"] + "network:\n  - {id: k-lange, "
                            "name: K, influence: 7, relationship: 3}\n"),
    "negative amount": ("account", BASE["account"] + "wallet: -5\n"),
    "visit days above 366": ("team", BASE["team"] + "  visit_days: 400\n"),
    "text for a number": ("account", BASE["account"] + "visits: {per_year: viele}\n"),
    "decimal for a whole number": ("account", BASE["account"] + "profile: {employees: 12.5}\n"),
    "true for a text": ("account", "name: yes\nowner: j.berger\nterritory: north\n"),
    "a mapping for a list": ("account", BASE["account"] + "tags: {chemie: 1}\n"),
    "missing required key": ("account", "name: Acme\nterritory: north\n"),
    "missing key in a list item": ("account", BASE["account"] + "network:\n"
                                   "  - {id: k-lange, name: K, influence: 3}\n"),
    "bad slug id": ("account", BASE["account"].replace("north", "Nord West")),
    "bad person id": ("account", BASE["account"].replace("j.berger", "J Berger")),
    "negative number as id": ("territories", "- id: -1\n  name: Nord\n"),
    "bad id as a mapping key": ("account", BASE["account"]
                                + "checklists: {Partner Ship: {pa-01: done}}\n"),
    "wrong item state": ("account", BASE["account"] + "checklists: {partnership: "
                         "{pa-01: maybe}}\n"),
    "competitor rating 7 in a profile row": (
        "account", BASE["account"] + "positioning:\n  profile:\n"
        "    - {criterion: Liefertreue, importance: 5, us: 4, chemsupply: 7}\n"),
    "empty local text": ("checklist", BASE["checklist"].replace("{en: Negotiations}", "{}")),
    "local text with only null": ("checklist",
                                  BASE["checklist"].replace("{en: Prepare}", "{en: null}")),
    "unknown language in a local text": ("checklist",
                                         BASE["checklist"].replace("{en: Prepare}",
                                                                   "{fr: Préparer}")),
    "no checklist items": ("checklist", "title: {en: X}\nitems: []\n"),
    "bad date format": ("account", BASE["account"] + "reviewed: 01.10.2026\n"),
    "impossible date": ("account", BASE["account"] + "reviewed: 2026-13-01\n"),
    "bad date in a list item": ("account", BASE["account"] + "actions:\n"
                                "  - {title: Call, due: 2027-02-30}\n"),
    "site language": ("programme", BASE["programme"] + "language: fr\n"),
    "currency in lowercase": ("programme", BASE["programme"] + "currency: eur\n"),
    "scale of three numbers": ("programme", BASE["programme"].replace(
        "rating:\n", "rating:\n  scale: [1, 5, 7]\n")),
    "scale of text": ("programme", BASE["programme"].replace(
        "rating:\n", "rating:\n  scale: [low, high]\n")),
    "no rating criteria": ("programme", "company: Acme\nfiscal_year: 2026\n"
                           "rating: {criteria: []}\n"),
    "weight 0": ("programme", BASE["programme"].replace("weight: 1", "weight: 0")),
    "bad rule severity": ("programme", BASE["programme"] + "policy:\n  rules:\n"
                          "    scorecard.perspectives: {A: fatal}\n"),
    "a mapping where the team is a list": ("team", "id: j.berger\nname: Julia Berger\n"),
    "a list where the plan is a mapping": ("account", "- name: Acme\n"),
}

ACCEPTED = {
    "numbers written as text": ("account", "name: 3000\nowner: j.berger\nterritory: north\n"
                                "industry: 42\nscorecard:\n  - {perspective: financial, "
                                "objective: 1, kpi: 2.5, unit: 100, target: 3}\n"),
    "whole numbers as ids": ("account", "name: Acme\nowner: 7\nterritory: 12\n"
                             "checklists: {partnership: {01: done}}\n"),
    "a decimal as a name": ("team", "- id: j.berger\n  name: 1.5\n"),
    "competitor columns": ("account", BASE["account"] + "positioning:\n  profile:\n"
                           "    - {criterion: Liefertreue, importance: 5, us: 4, "
                           "chemsupply: 3, polyeast: 1}\n"),
    "local text in German only": ("checklist", BASE["checklist"].replace(
        "{en: Prepare}", "{en: null, de: Vorbereiten}")),
    "empty values of optional keys": ("account", BASE["account"]
                                      + "reviewed:\nindustry:\nwallet:\n"),
    "dates and a negative margin": ("account", BASE["account"] + "reviewed: 2026-10-01\n"
                                    "business:\n  - {year: 2025, revenue: 0, margin: -5}\n"),
    "another scale": ("programme", BASE["programme"].replace(
        "rating:\n", "rating:\n  scale: [0, 10]\n")),
    "territory counts": ("territories", BASE["territories"]
                         + "  customers: {A: 0, B: 3}\n  prospects: {other: 2}\n"),
}


@pytest.mark.parametrize("kind", KINDS)
def test_base_documents_are_valid(tmp_path: Path, kind: str) -> None:
    assert loader_problems(tmp_path, kind, BASE[kind]) == []
    assert schema_errors(kind, parse_yaml(BASE[kind])[0]) == []


@pytest.mark.parametrize("case", BROKEN)
def test_schema_and_loader_both_refuse(tmp_path: Path, case: str) -> None:
    kind, text = BROKEN[case]
    loader = loader_problems(tmp_path, kind, text)
    schema = schema_problems(kind, parse_yaml(text)[0])
    assert loader, "the loader accepts it"
    assert schema, "the schema accepts it"
    # Both point at the same place; JSON Schema may name the mapping that holds it.
    for path, message in schema:
        assert any(loc[: len(path)] == path for loc, _ in loader), (message, loader)


@pytest.mark.parametrize("case", ACCEPTED)
def test_schema_and_loader_both_accept(tmp_path: Path, case: str) -> None:
    kind, text = ACCEPTED[case]
    assert loader_problems(tmp_path, kind, text) == []
    assert schema_errors(kind, parse_yaml(text)[0]) == []


def test_schema_asks_for_the_plain_form_where_the_loader_is_lax(tmp_path: Path) -> None:
    # Quoted numbers and date-times at midnight pass the loader; editors flag them.
    text = BASE["account"] + 'wallet: "8000000"\nreviewed: 2026-10-01T00:00:00\n'
    assert loader_problems(tmp_path, "account", text) == []
    assert len(schema_errors("account", parse_yaml(text)[0])) == 2


def test_rule_ids_are_kamgen_s_own(plans: Path) -> None:
    # The loader refuses an unknown rule id when it checks the portfolio; so does the schema.
    kam = plans / "kam.yaml"
    text = kam.read_text(encoding="utf-8")
    assert "    scorecard.perspectives: {" in text
    kam.write_text(text.replace("    scorecard.perspectives: {", "    scorecard.perspective: {"),
                   encoding="utf-8")
    with pytest.raises(PlanErrors) as raised:
        load_portfolio(plans)
    assert [error.message for error in raised.value.errors] == [
        "unknown rule 'scorecard.perspective'"]
    data = parse_yaml(kam.read_text(encoding="utf-8"))[0]
    assert [path for path, _ in schema_problems("programme", data)] == [("policy", "rules")]
    assert "scorecard.perspectives" in (
        SCHEMAS["programme"]["$defs"]["Policy"]["properties"]["rules"]["propertyNames"]["enum"])


# --- the command and the scaffold -----------------------------------------------------------


def test_schema_command_writes_the_five_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "schemas"
    assert main(["schema", "--out", str(out)]) == 0
    assert sorted(path.name for path in out.iterdir()) == [
        "account.schema.json", "checklist.schema.json", "programme.schema.json",
        "team.schema.json", "territories.schema.json"]
    for kind in KINDS:
        assert (out / file_name(kind)).read_text(encoding="utf-8") == schema_text(kind)
    assert f"wrote 5 JSON Schemas to {out}/" in capsys.readouterr().err


def test_schema_command_writes_into_the_plans_folder_by_default(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    assert main(["schema", str(plans)]) == 0
    assert (plans / FOLDER / "account.schema.json").read_text(encoding="utf-8") == (
        schema_text("account"))


def test_schema_command_prints_one_kind(capsys: pytest.CaptureFixture[str]) -> None:
    for kind in KINDS:
        assert main(["schema", "--stdout", kind]) == 0
        assert capsys.readouterr().out == schema_text(kind)


def test_schema_command_needs_the_plans_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["schema", str(tmp_path / "nope")]) == 2
    assert capsys.readouterr().err == (
        f"kamgen: {tmp_path / 'nope'}: no such folder\n"
        "    hint: give the plans folder, or the folder to write to with --out DIR\n")


def test_scaffold_points_at_the_schema_and_passes_it(plans: Path) -> None:
    assert main(["new", "account", "acme", "--plans", str(plans)]) == 0
    path = plans / "accounts" / "acme.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.split("\n", 1)[0]
    assert first == "# yaml-language-server: $schema=../.schema/account.schema.json"
    assert (path.parent / "../.schema/account.schema.json").resolve().is_file()
    assert schema_errors("account", parse_yaml(text)[0]) == []


def test_scaffold_without_schemas_says_how_to_get_them(plans: Path) -> None:
    shutil.rmtree(plans / FOLDER)
    assert main(["new", "account", "acme", "--plans", str(plans)]) == 0
    text = (plans / "accounts" / "acme.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == ("# For completion in your editor: run 'kamgen schema', "
                        "then replace these two lines with")
    assert lines[1] == "#   # yaml-language-server: $schema=../.schema/account.schema.json"
    # No line is taken for the comment itself: it would point at a file that is missing.
    assert not [line for line in lines if MODELINE.match(line)]
    assert load_portfolio(plans).accounts["acme"].plan.status == "candidate"
    # Once the schemas are written, the suggested line is right.
    assert main(["schema", str(plans)]) == 0
    text = "\n".join([lines[1].removeprefix("#   "), *lines[2:]]) + "\n"
    assert text.startswith("# yaml-language-server: $schema=../.schema/account.schema.json\n")
    assert schema_errors("account", parse_yaml(text)[0]) == []
