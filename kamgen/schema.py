"""JSON Schemas of the plan files, so that editors complete, explain and check them.

:func:`schemas` gives one schema per kind of plan file, made from the same Pydantic models
(and the same type adapters) the loader validates with, so field docstrings become the
descriptions an editor shows on hover. ``kamgen schema`` writes them as
``<kind>.schema.json`` into ``plans/.schema/``; a plan file opts in with its first line::

    # yaml-language-server: $schema=../.schema/account.schema.json

Pydantic's draft 2020-12 schemas are changed in a few places so that they accept what the
loader accepts and refuse what it refuses, where JSON Schema can say it:

- text takes numbers too, as the models do (``coerce_numbers_to_str``); an id takes whole
  numbers of 0 and more, which are ids once written as text;
- maps keyed by ids (``checklists``, ``checklist_state``) refuse keys that are not ids;
- a text in English and German (``title``, ``text``) needs at least one of the two;
- ``policy.rules`` takes the ids of kamgen's completeness rules only;
- a tuple such as ``scale: [1, 5]`` also types its items with ``items``, so that editors
  that only know draft 7 (yaml-language-server) check them too.

Where the loader is lax the schemas ask for the plain form, so an editor may flag what
kamgen accepts: numbers in quotes (``"12"``), true/false as numbers, yes/no as text for
true/false, date-times at midnight or Unix times as dates. What JSON Schema cannot say is
left to ``kamgen validate``: the order of two thresholds (class B below A, Pareto A below
B, amber below green, the scale from low to high), references between files and ids
(owners, territories, competitor columns, checklist items, rating criteria) and duplicate
ids.

Besides, the schemas carry examples for the fields where they help, and leave out the
defaults of whole sections (an editor would offer them as a block of ``null`` values).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .load.kinds import KINDS as PLAN_KINDS
from .load.kinds import PLAN_FILE_KINDS, SCHEMA_FOLDER
from .model.programme import RULE_IDS

__all__ = [
    "DIALECT",
    "EXAMPLES",
    "FOLDER",
    "KINDS",
    "file_name",
    "modeline",
    "schema_text",
    "schemas",
    "write_schemas",
]

Schema = dict[str, Any]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FOLDER = SCHEMA_FOLDER
"""The folder in the plans folder that ``kamgen schema`` writes to; MkDocs skips dot-folders."""

KINDS: dict[str, tuple[str, str]] = {
    kind.name: (kind.title, kind.description) for kind in PLAN_FILE_KINDS
}
"""Kind of plan file → title and description of its schema (from the registry of kinds,
:data:`kamgen.load.kinds.KINDS`)."""

_NOTE = (" Written by 'kamgen schema' from kamgen's models; 'kamgen validate' also checks the "
         "references between the files.")

EXAMPLES: dict[str, dict[str, list[Any]]] = {
    "Programme": {
        "company": ["Hanse Polymer GmbH"],
        "currency": ["EUR", "CHF", "USD"],
        "fiscal_year": [2026],
        "checklists": [["introducing-kam", "kam-organisation"]],
    },
    "RatingCriterion": {
        "id": ["revenue", "margin", "potential", "fit", "reference"],
        "name": ["Umsatz", "Deckungsbeitrag", "Wachstumspotenzial"],
        "weight": [20, 25],
    },
    "Area": {"owner": ["m.kaya"]},
    "TeamMember": {
        "id": ["j.berger"],
        "name": ["Julia Berger"],
        "role": ["Key Account Manager"],
        "territory": ["north"],
        "visit_days": [110],
        "visits_per_day": [2],
        "annual_cost": [148000],
        "email": ["j.berger@example.com"],
    },
    "Territory": {"id": ["north"], "name": ["Nord"]},
    "ChecklistItem": {"id": ["pn-01"]},
    "AccountPlan": {
        "name": ["Nordwerk Chemie AG"],
        "owner": ["j.berger"],
        "team": [["m.kaya"]],
        "territory": ["north"],
        "industry": ["Chemie"],
        "tags": [["chemie", "dach"]],
        "reviewed": ["2026-10-01"],
        "wallet": [8000000],
        "rating": [{"revenue": 5, "margin": 4, "potential": 4, "fit": 5, "reference": 3}],
        "checklists": [{"partnership": {"pa-01": "done", "pa-02": "open"}}],
    },
    "Profile": {
        "headquarters": ["Hamburg"],
        "locations": [["Hamburg", "Stade"]],
        "employees": [12400],
        "revenue": [4200000000],
    },
    "BusinessYear": {"year": [2026], "revenue": [3400000], "margin": [900000]},
    "Pain": {"title": ["Ungeplante Stillstände in Werk Stade"]},
    "Initiative": {"title": ["Netto-Null 2035"]},
    "BuyingStep": {"step": ["Bedarfsermittlung"], "decided_by": [["k-lange"]]},
    "Objective": {
        "objective": ["Share of wallet ausbauen"],
        "kpi": ["Share of wallet"],
        "unit": ["%", "EUR", "days"],
        "due": ["2027-12-31"],
    },
    "Competitor": {"id": ["chemsupply"], "name": ["ChemSupply Ltd"], "share_of_wallet": [35]},
    "ProfileCriterion": {"criterion": ["Liefertreue"]},
    "ValueAddConcept": {"title": ["Vendor Managed Inventory"]},
    "Benefit": {
        "item": ["Geringerer Sicherheitsbestand"],
        "amount": [60000],
        "basis": ["0.8 Mio € × 7.5 % Kapitalkosten"],
    },
    "Contact": {
        "id": ["k-lange"],
        "name": ["Dr. Katrin Lange"],
        "title": ["Leiterin Einkauf"],
        "reports_to": ["m-vogt"],
        "roles": [["decider", "buyer"]],
        "owner": ["j.berger"],
        "last_contact": ["2026-10-12"],
    },
    "Action": {"title": ["VMI-Pilot in Stade"], "owner": ["m.kaya"], "due": ["2027-02-28"]},
}
"""Model name → field → examples, shown by editors; every one is valid (a test checks)."""

_ROW_EXAMPLE = {"criterion": "Liefertreue", "importance": 5, "us": 4, "chemsupply": 3}
_COMPETITOR_COLUMN = ("A competitor id (from positioning.competitors) with the account's "
                      "rating of that competitor from 1 to 5.")


def schemas() -> dict[str, Schema]:
    """One JSON Schema (draft 2020-12) per kind of plan file, by kind (see :data:`KINDS`)."""
    return {kind: _schema(kind) for kind in KINDS}


def schema_text(kind: str) -> str:
    """The schema of ``kind`` as it is written to a file: sorted keys, 2-space indent."""
    return _dump(_schema(kind))


def file_name(kind: str) -> str:
    """The schema's file name: ``account`` → ``account.schema.json``."""
    name = PLAN_KINDS[kind].schema_file if kind in KINDS else None
    if name is None:
        raise KeyError(f"unknown kind of plan file {kind!r}: one of {', '.join(KINDS)}")
    return name


def modeline(relative_path: str) -> str:
    """The first line that points an editor (yaml-language-server) at a schema file."""
    return f"# yaml-language-server: $schema={relative_path}"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (created if needed); return the files' paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind, schema in schemas().items():
        path = folder / file_name(kind)
        path.write_text(_dump(schema), encoding="utf-8", newline="\n")
        paths.append(path)
    return paths


def _dump(schema: Schema) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _schema(kind: str) -> Schema:
    if kind not in KINDS:
        raise KeyError(f"unknown kind of plan file {kind!r}: one of {', '.join(KINDS)}")
    schema: Schema = copy.deepcopy(PLAN_KINDS[kind].adapter.json_schema(mode="validation"))
    models = dict(schema.get("$defs", {}))
    if "properties" in schema:
        models[schema["title"]] = schema
    for name, model in models.items():
        _add_examples(name, model)
    if "LocalText" in models:
        models["LocalText"]["anyOf"] = [
            {"required": [language], "properties": {language: {"not": {"type": "null"}}}}
            for language in ("en", "de")
        ]
    if "Policy" in models:
        # The loader refuses other rule ids; the list is kamgen's, so editors can offer it.
        models["Policy"]["properties"]["rules"]["propertyNames"] = {"enum": list(RULE_IDS)}
    if "ProfileCriterion" in models:
        row = models["ProfileCriterion"]
        row["additionalProperties"]["description"] = _COMPETITOR_COLUMN
        row["examples"] = [_ROW_EXAMPLE]
    for node in _nodes(schema):
        _numbers_as_text(node)
        _id_keys(node)
        _typed_tuple(node)
        _drop_section_default(node)
    title, description = KINDS[kind]
    schema.update({"$schema": DIALECT, "title": title, "description": description + _NOTE})
    return schema


def _nodes(schema: Any) -> Iterator[Schema]:
    """Every subschema, depth first; examples and defaults are data, not schemas."""
    if isinstance(schema, list):
        for item in schema:
            yield from _nodes(item)
    elif isinstance(schema, dict):
        yield schema
        for key, value in schema.items():
            if key not in ("examples", "default", "enum", "const", "required"):
                yield from _nodes(value)


def _add_examples(name: str, model: Schema) -> None:
    for field, examples in EXAMPLES.get(name, {}).items():
        model["properties"][field]["examples"] = examples


def _numbers_as_text(node: Schema) -> None:
    """Text also takes numbers (the models coerce them); an id takes whole numbers >= 0."""
    if node.get("type") != "string" or {"format", "enum", "const"} & node.keys():
        return
    pattern = node.get("pattern")
    if pattern is None:
        node["type"] = ["string", "number"]
    elif re.search(pattern, "0") and re.search(pattern, "1234567890"):
        # A number that is not a whole number >= 0 is read as text that is no id.
        node["type"] = ["string", "integer"]
        node["minimum"] = 0


def _id_keys(node: Schema) -> None:
    """``dict[Slug, X]``: Pydantic names the key pattern in patternProperties, which lets
    other keys through; say it in propertyNames, as the loader refuses other keys."""
    patterns = node.get("patternProperties")
    if not patterns or len(patterns) != 1 or "additionalProperties" in node:
        return
    (pattern, values), = patterns.items()
    node["propertyNames"] = {**node.get("propertyNames", {}), "pattern": pattern}
    node["additionalProperties"] = values
    del node["patternProperties"]


def _typed_tuple(node: Schema) -> None:
    """``tuple[int, int]``: draft-7 editors ignore prefixItems; ``items`` says the same."""
    prefix = node.get("prefixItems")
    if (
        prefix
        and "items" not in node
        and node.get("maxItems") == len(prefix)
        and all(item == prefix[0] for item in prefix)
    ):
        node["items"] = prefix[0]


def _drop_section_default(node: Schema) -> None:
    default = node.get("default")
    if isinstance(default, dict) and default:
        del node["default"]
