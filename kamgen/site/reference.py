"""The plan-format reference: every kind of file, every key with its type, allowed values,
default, description and an example, made from the models.

The reference is written from the same JSON Schemas that editors read (:mod:`kamgen.schema`),
so a field's docstring is its description here too and the reference cannot drift from
what the loader accepts. ``kamgen reference`` prints it; ``docs/plan-format.md`` in the
repository is its English text (a test compares the two); the internal site shows it as a
page of the programme, with headings and type words in the site's language (the field
descriptions stay in English, as the models write them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..load.kinds import KINDS, PlanKind
from ..schema import schemas

__all__ = ["PAGE", "Row", "reference", "rows"]

PAGE = "programme/plan-format.md"
"""Where the reference lies in the internal site."""

Schema = dict[str, Any]
Label = Callable[[str], str]
"""A label of the site's catalogue by key (:class:`kamgen.site.i18n.Labels`)."""


@dataclass(frozen=True)
class Row:
    """One key of a kind of file, as the reference's table shows it."""

    key: str
    """The key path as plans write it: ``rating.criteria[].weight``."""
    type: str
    allowed: str
    default: str
    description: str
    example: str


def _resolve(node: Schema, defs: dict[str, Schema]) -> Schema:
    """``node`` with a ``$ref`` replaced by the definition (its own keys win) and an optional
    value (``anyOf`` with null) by its one other member."""
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    members = [m for m in node.get("anyOf", []) if m.get("type") != "null"]
    if "anyOf" in node and len(members) == 1:
        outer = {k: v for k, v in node.items() if k != "anyOf"}
        return _resolve({**members[0], **outer}, defs)
    return node


def _is_model(node: Schema) -> bool:
    return "properties" in node


def _types(node: Schema) -> list[str]:
    found = node.get("type", [])
    return [found] if isinstance(found, str) else list(found)


def _is_id(node: Schema) -> bool:
    return str(node.get("pattern", "")).startswith("^[a-z0-9]")


def _type(node: Schema, defs: dict[str, Schema], L: Label) -> str:
    """The type in words: ``text``, ``list of ids``, ``mapping: id → open, done or n/a``."""
    node = _resolve(node, defs)
    if "anyOf" in node:
        words = [_type(member, defs, L) for member in node["anyOf"]
                 if member.get("type") != "null"]
        return f" {L('ref_or')} ".join(dict.fromkeys(words))
    types = _types(node)
    if _is_model(node):
        return L("ref_mapping")
    if "object" in types:
        value = node.get("additionalProperties")
        what = _type(value, defs, L) if isinstance(value, dict) else L("ref_any")
        names = node.get("propertyNames", {})
        key = L("ref_id") if _is_id(names) or "enum" in names else L("ref_text")
        return f"{L('ref_mapping')}: {key} → {what}"
    if "array" in types:
        if "prefixItems" in node:
            parts = [_type(item, defs, L) for item in node["prefixItems"]]
            return f"{L('ref_list')} [{', '.join(parts)}]"
        items = node.get("items")
        return f"{L('ref_list_of')} {_type(items, defs, L)}" if isinstance(items, dict) \
            else L("ref_list")
    if "enum" in node:
        return L("ref_choice")
    if "string" in types and node.get("format") == "date":
        return L("ref_date")
    if _is_id(node):
        return L("ref_id")
    if "string" in types:
        return L("ref_text")
    if "integer" in types:
        return L("ref_whole_number")
    if "number" in types:
        return L("ref_number")
    if "boolean" in types:
        return L("ref_boolean")
    return L("ref_any")


def _flow(value: Any) -> str:
    """A value in YAML's flow style: ``[1, 5]``, ``{a: done}``, ``true``, ``north``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        # quoted where YAML would read the text as something else: a number, true, null
        plain = (re.fullmatch(r"[\w./@+-]+", value) and not re.fullmatch(r"[+-]?[\d._]+", value)
                 and value.lower() not in ("true", "false", "yes", "no", "on", "off", "null"))
        return value if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {_flow(item)}" for key, item in value.items()) + "}"
    return _number(value)


def _code(value: Any) -> str:
    """A value as YAML writes it, in backticks."""
    return f"`{_flow(value)}`"


def _allowed(node: Schema, defs: dict[str, Schema], L: Label) -> str:
    """What values may be: a list of choices, a range, the form of an id, a length."""
    node = _resolve(node, defs)
    parts: list[str] = []
    if "enum" in node:
        parts.append(", ".join(_code(value) for value in node["enum"]))
    low = node.get("minimum", node.get("exclusiveMinimum"))
    high = node.get("maximum", node.get("exclusiveMaximum"))
    if not _is_id(node) and "string" not in _types(node):
        if low is not None and high is not None:
            parts.append(L("ref_range").format(low=_number(low), high=_number(high)))
        elif low is not None:
            key = "ref_more_than" if "exclusiveMinimum" in node else "ref_at_least"
            parts.append(L(key).format(value=_number(low)))
        elif high is not None:
            parts.append(L("ref_at_most").format(value=_number(high)))
    if _is_id(node):
        key = "ref_id_dots" if "." in str(node["pattern"]) else "ref_id_form"
        parts.append(L(key).format(length=node.get("maxLength", 80)))
    elif "pattern" in node:
        parts.append(L("ref_pattern").format(pattern=f"`{node['pattern']}`"))
    elif "maxLength" in node and "string" in _types(node):
        parts.append(L("ref_length").format(length=node["maxLength"]))
    if "array" in _types(node) and "prefixItems" not in node:
        if node.get("minItems"):
            parts.append(L("ref_min_items").format(count=node["minItems"]))
        items = node.get("items")
        if isinstance(items, dict):
            parts.append(_allowed(items, defs, L))
    if "object" in _types(node) and not _is_model(node):
        names = node.get("propertyNames", {})
        if "enum" in names:
            parts.append(L("ref_keys").format(keys=", ".join(_code(v) for v in names["enum"])))
        value = node.get("additionalProperties")
        if isinstance(value, dict):
            parts.append(_allowed(value, defs, L))
    for member in node.get("anyOf", []):
        if member.get("type") != "null":
            parts.append(_allowed(member, defs, L))
    return "; ".join(part for part in parts if part)


def _number(value: Any) -> str:
    """A number as a plan writes it, with 10^15 for the largest amount."""
    if value == 10**15:
        return "10^15"
    if value == -(10**15):
        return "-10^15"
    return str(int(value)) if float(value).is_integer() else str(value)


_SAMPLES = {"ref_date": "2026-10-01", "ref_boolean": False}


def _example(node: Schema, defs: dict[str, Schema], L: Label) -> str:
    """An example value: the schema's own, else one made from the type."""
    node = _resolve(node, defs)
    if node.get("examples"):
        return _code(node["examples"][0])
    if "enum" in node:
        return _code(node["enum"][0])
    if node.get("format") == "date" or "boolean" in _types(node):
        return _code(_SAMPLES["ref_date" if node.get("format") == "date" else "ref_boolean"])
    if node.get("default") not in (None, [], {}, ""):
        return _code(node["default"])
    if "string" in _types(node):
        return "–"
    if {"integer", "number"} & set(_types(node)) and not _is_id(node):
        low, high = node.get("minimum"), node.get("maximum")
        value = high if low is None else low if high is None else (low + high) / 2
        return _code(value if value is not None else 1)
    if "array" in _types(node):
        items = node.get("items")
        if isinstance(items, dict):
            item = _resolve(items, defs)
            inner = _example(item, defs, L) if not _is_model(item) else ""
            if inner.startswith("`"):
                return f"`[{inner.strip('`')}]`"
    if "object" in _types(node) and not _is_model(node):
        names = node.get("propertyNames", {})
        value = node.get("additionalProperties")
        if "enum" in names and isinstance(value, dict):
            inner = _example(value, defs, L)
            if inner.startswith("`"):
                return f"`{{{names['enum'][0]}: {inner.strip('`')}}}`"
    return "–"


def _default(node: Schema, required: bool, L: Label) -> str:
    if required:
        return L("ref_required")
    if "default" not in node or node["default"] is None:
        return L("ref_optional")
    return _code(node["default"])


def _description(node: Schema) -> str:
    """A docstring as one line of Markdown: ``x`` becomes `x`."""
    text = " ".join(str(node.get("description", "")).split())
    return re.sub(r"``([^`]+)``", r"`\1`", text)


def _walk(node: Schema, defs: dict[str, Schema], prefix: str, L: Label,
          seen: tuple[str, ...] = ()) -> Iterator[Row]:
    """A row for every key of the model ``node`` and, below it, of every model it holds."""
    node = _resolve(node, defs)
    required = set(node.get("required", []))
    for key, field in node.get("properties", {}).items():
        path = f"{prefix}{key}"
        resolved = _resolve(field, defs)
        yield Row(path, _type(field, defs, L), _allowed(field, defs, L),
                  _default(resolved, key in required, L), _description(resolved),
                  _example(field, defs, L))
        yield from _below(resolved, defs, path, L, seen)


def _below(node: Schema, defs: dict[str, Schema], path: str, L: Label,
           seen: tuple[str, ...]) -> Iterator[Row]:
    """The rows of the models a field holds: itself, the items of its list, its values."""
    title = str(node.get("title", ""))
    if title in seen:
        return
    if _is_model(node):
        yield from _walk(node, defs, f"{path}.", L, (*seen, title))
        return
    for inner, suffix in ((node.get("items"), "[]"),
                          (node.get("additionalProperties"), ".<id>")):
        if isinstance(inner, dict):
            resolved = _resolve(inner, defs)
            if _is_model(resolved):
                yield from _walk(resolved, defs, f"{path}{suffix}.", L, (*seen, title))
            for member in resolved.get("anyOf", []):
                member = _resolve(member, defs)
                if _is_model(member):
                    yield from _walk(member, defs, f"{path}{suffix}.", L, (*seen, title))


def _schema_of(kind: PlanKind) -> Schema:
    if kind.plan_file:
        return schemas()[kind.name]
    return kind.adapter.json_schema()


def rows(kind: PlanKind, L: Label) -> list[Row]:
    """Every key of a file of ``kind`` (of each entry, for a file that is a list)."""
    schema = _schema_of(kind)
    defs: dict[str, Schema] = schema.get("$defs", {})
    top = schema.get("items", schema) if kind.top_is_list else schema
    return list(_walk(top, defs, "", L))


def _cell(text: str) -> str:
    """Text for a table cell: no '|' to end the cell, no '<' to start HTML outside code
    (inside backticks it is shown as written)."""
    parts = text.replace("|", "\\|").split("`")
    return "`".join(part if index % 2 else part.replace("<", "&lt;")
                    for index, part in enumerate(parts)) or "–"


_COLUMNS = ("ref_col_key", "ref_col_type", "ref_col_allowed", "ref_col_default",
            "ref_col_description", "ref_col_example")


def _groups(found: list[Row]) -> dict[str, list[Row]]:
    """The rows by the mapping they are keys of (``""`` for the top of the file, then
    ``rating``, ``rating.criteria[]`` …), in the order the mappings first appear."""
    groups: dict[str, list[Row]] = {}
    for row in found:
        parent, _, _ = row.key.rpartition(".")
        groups.setdefault(parent, []).append(row)
    return groups


def _table(found: list[Row], L: Label) -> list[str]:
    """One table of keys of one mapping, each key by its last part."""
    out = ["| " + " | ".join(L(c) for c in _COLUMNS) + " |",
           "| " + " | ".join("---" for _ in _COLUMNS) + " |"]
    for row in found:
        cells = (f"`{row.key.rpartition('.')[2]}`", row.type, row.allowed, row.default,
                 row.description, row.example)
        out.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return out


def reference(L: Label) -> str:
    """The whole reference as Markdown, in the words of ``L``: a section per kind of file,
    a table per mapping in it (the top of the file first, then ``rating``,
    ``rating.criteria[]`` …)."""
    kinds = list(KINDS.values())
    out = [f"# {L('ref_title')}", "", L("ref_intro"), "",
           f"| {L('ref_col_file')} | {L('ref_col_holds')} |", "| --- | --- |"]
    for kind in kinds:
        places = ", ".join(f"`{place}`" for place in kind.places)
        out.append(f"| {_cell(places)} | {_cell(kind.description)} |")
    for kind in kinds:
        out += ["", f"## {_cell(kind.places[0])}: {kind.label}", "", _cell(kind.description)]
        if kind.top_is_list:
            out += ["", L("ref_list_file")]
        for parent, found in _groups(rows(kind, L)).items():
            if parent:
                out += ["", f"### `{parent}`"]
            out += ["", *_table(found, L)]
    out += ["", L("ref_checked"), ""]
    return "\n".join(out)
