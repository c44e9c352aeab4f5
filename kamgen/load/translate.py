"""Pydantic's validation errors as plain messages: expected, found, and what to do.

:func:`errors_of` turns a :class:`pydantic.ValidationError` of one file into
:class:`~kamgen.errors.PlanError` objects with ``file:line:col`` and the key path as users
write it, one per place: the members of a union that all failed give one message, a missing
key that an unknown key beside it misspells gives none (the unknown key says "did you
mean ...?"). The wording follows plan-format.md: what was expected, what was found, a hint.
"""

from __future__ import annotations

import difflib
import re
import typing
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ..errors import PlanError
from ..model import Positions
from ..model._base import MAX_AMOUNT
from ..model.portfolio import KeyPath
from ..model.programme import CURRENCY_PATTERN
from ..model.team import GITHUB_PATTERN
from .source import describe, shorten

__all__ = ["errors_of", "model_at", "slug_suggestion", "unwrap"]


def unwrap(annotation: Any) -> list[Any]:
    """The non-None members of an annotation (Optional, Union, Annotated peeled)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return unwrap(typing.get_args(annotation)[0])
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                out += unwrap(arg)
        return out
    return [annotation]


def model_at(
    root: Any, loc: Sequence[str | int]
) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model that holds the last key of ``loc``, and that key's field, if any."""
    current: list[Any] = unwrap(root)
    model: type[BaseModel] | None = None
    field: FieldInfo | None = None
    for part in loc:
        following: list[Any] = []
        model, field = None, None
        for candidate in current:
            origin = typing.get_origin(candidate)
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                model = candidate
                field = candidate.model_fields.get(str(part)) or _extra_field(candidate)
                if field is not None:
                    following += unwrap(field.annotation)
            elif origin in (list, tuple) and isinstance(part, int):
                args = typing.get_args(candidate)
                if args:
                    following += unwrap(args[0])
            elif origin is dict:
                args = typing.get_args(candidate)
                if len(args) == 2:
                    following += unwrap(args[1])
        current = following
    return model, field


def _extra_field(model: type[BaseModel]) -> FieldInfo | None:
    """The field that stands for any further key of a model that allows them
    (a competitor column of the strengths-weaknesses profile)."""
    if model.model_config.get("extra") != "allow":
        return None
    extra = typing.get_type_hints(model, include_extras=True).get("__pydantic_extra__")
    args = typing.get_args(extra)
    return FieldInfo.from_annotation(args[1]) if len(args) == 2 else None


def _bounds(field: FieldInfo | None) -> tuple[Any, Any]:
    low = high = None
    if field is not None:
        # the bounds of an optional field (``Money | None``) sit on the union's member
        members = [arg for arg in typing.get_args(field.annotation)
                   if typing.get_origin(arg) is typing.Annotated]
        metadata = [*field.metadata, *(m for arg in members for m in arg.__metadata__)]
        metadata = [part for meta in metadata
                    for part in (meta.metadata if isinstance(meta, FieldInfo) else [meta])]
        for meta in metadata:
            low = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else low
            low = getattr(meta, "gt", None) if getattr(meta, "gt", None) is not None else low
            high = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else high
    return low, high


_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug_suggestion(text: str, dots: bool = False) -> str:
    """An id for ``text``: 'Nordwerk Hausgeräte AG' → 'nordwerk-hausgeraete-ag'."""
    ascii_text = unicodedata.normalize("NFKD", text.lower().translate(_SPELLED_OUT))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9.]+" if dots else r"[^a-z0-9]+", "-", ascii_text)
    return re.sub(r"[.-]*\.[.-]*", ".", slug).strip("-.")


def _quote_hint(value: Any) -> str:
    if isinstance(value, bool):
        return (
            "YAML reads unquoted yes, no, on, off, true and false as true/false: "
            "put the text in quotes, e.g. \"no\""
        )
    return ""


def _keys_of(annotation: Any) -> list[str]:
    """The keys a mapping of this type may hold, when it is a model."""
    keys: list[str] = []
    for candidate in unwrap(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            keys += candidate.model_fields
    return sorted(keys)


def _value_at(data: Any, loc: Sequence[str | int]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


_NUMBER_TAIL = re.compile(r"\d")


def _decimal_comma_hint(root: Any, data: Any, loc: Sequence[str | int], value: Any,
                        positions: Positions,
                        previous: dict[int, dict[Any, Any]] | None = None) -> str:
    """A hint for ``{amount: 0,8}``: in { } a comma ends the value, so '8' became a key.

    Applies when the unknown key starts with a digit, has no value and follows, on the same
    line, a key whose value is a number.
    """
    if not loc or value is not None or not _NUMBER_TAIL.match(str(loc[-1])):
        return ""
    parent = _value_at(data, loc[:-1])
    if not isinstance(parent, dict):
        return ""
    # The key before each key, worked out once per mapping: a mapping of many such keys
    # would otherwise take a pass over the whole mapping for each of them.
    previous = {} if previous is None else previous
    if id(parent) not in previous:
        keys = list(parent)
        previous[id(parent)] = dict(zip(keys[1:], keys, strict=False))
    before = previous[id(parent)].get(loc[-1])
    if before is None:
        return ""
    number = parent[before]
    if not isinstance(number, (int, float)) or isinstance(number, bool):
        return ""
    if positions.locate(loc)[0] != positions.locate((*loc[:-1], before))[0]:
        return ""
    written = f"{number},{loc[-1]}"
    _, field = model_at(root, (*loc[:-1], before))
    is_text = field is not None and str in unwrap(field.annotation)
    fix = (f"put the value in quotes ({before}: \"{written}\")" if is_text else
           f"write the number with a decimal point ({before}: {number}.{loc[-1]})"
           if str(loc[-1]).isdigit() else "write the number with a decimal point")
    return (f"inside {{ }} a comma ends a value, so '{before}: {written}' was read as "
            f"'{before}: {number}' and a key '{loc[-1]}': {fix}, "
            "or write the mapping in block style, one key per line")


def _translate(root: Any, error: Mapping[str, Any], data: Any, positions: Positions,
               previous: dict[int, dict[Any, Any]] | None = None) -> tuple[str, str]:
    """A Pydantic error as a message (expected, found) and a hint; ``root`` is the type the
    file was validated as."""
    kind_of = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    found = describe(value)
    ctx = error.get("ctx") or {}
    model, field = model_at(root, loc)
    key = str(loc[-1]) if loc else ""
    low, high = _bounds(field)
    if kind_of == "missing":
        doc = field.description if field is not None and field.description else ""
        return f"missing required key '{key}'", f"add '{key}:' here" + (f" ({doc})" if doc else "")
    if kind_of == "extra_forbidden":
        allowed = sorted(model.model_fields) if model is not None else []
        comma = _decimal_comma_hint(root, data, loc, value, positions, previous)
        if comma:
            return f"unknown key '{shorten(key)}'", comma
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown key '{shorten(key)}'", hint + "keys allowed here: " + ", ".join(allowed)
    if kind_of in ("literal_error", "enum"):
        listed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        options = [o.strip() for o in listed.split(",") if o.strip()]
        close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.5)
        hint = (f"did you mean '{close[0]}'? " if close else "") + "allowed: " + ", ".join(options)
        if isinstance(value, bool):
            hint = ("YAML reads unquoted yes, no, on and off as true/false: write the word in "
                    "quotes, e.g. \"off\"; " + hint)
        return f"expected one of {', '.join(options)}; found {found}", hint
    if kind_of == "string_pattern_mismatch" and ctx.get("pattern") == CURRENCY_PATTERN:
        return (f"expected a three-letter currency code in capitals; found {found}",
                f"write an ISO 4217 code such as '{str(value).upper()[:3] or 'EUR'}'")
    if kind_of == "string_pattern_mismatch" and ctx.get("pattern") == GITHUB_PATTERN:
        return (f"expected a GitHub user (name or @name) or team (org/team); found {found}",
                "write the name as it is on github.com, e.g. 'julia-berger', "
                "'@julia-berger' or 'hanse-polymer/kam-lead'")
    if kind_of == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        suggestion = slug_suggestion(str(value)[:60], dots="." in pattern)
        letters = "lowercase letters, digits, '.' and '-'" if "._" in pattern else \
            "lowercase letters, digits and '-'"
        return (f"expected an id of {letters}; found {found}",
                f"ids become file names and web addresses: write e.g. '{suggestion}'")
    if kind_of == "string_type":
        return f"expected text; found {found}", _quote_hint(value) or "write the text after the key"
    if kind_of in ("int_type", "int_parsing", "int_from_float"):
        return (f"expected a whole number; found {found}",
                _quote_hint(value) or "write digits only, without units or thousands separators")
    if kind_of in ("float_type", "float_parsing", "finite_number"):
        return (f"expected a number; found {found}",
                _quote_hint(value) or "write digits with a '.' for decimals, without units")
    if kind_of in ("bool_type", "bool_parsing"):
        return f"expected true or false; found {found}", "write true or false"
    if kind_of in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        if high == MAX_AMOUNT:
            least = "0" if low == 0 else "-10^15"
            return (f"expected an amount from {least} to 10^15; found {found}",
                    "write the amount in the programme currency as a plain number from "
                    f"{least} to 10^15 (a thousand trillion)")
        if low is not None and high is not None:
            return f"expected a number from {low} to {high}; found {found}", \
                f"allowed: {low} to {high}"
        bound = {"greater_than_equal": "at least", "greater_than": "more than",
                 "less_than_equal": "at most", "less_than": "less than"}[kind_of]
        limit = next(iter(ctx.values()), "")
        return (f"expected a number {bound} {limit}; found {found}",
                f"write a number {bound} {limit}")
    if kind_of.startswith("date") or kind_of.startswith("datetime"):
        reason = str(ctx.get("error", "")).strip()
        return (f"expected a date as YYYY-MM-DD; found {found}"
                + (f" ({reason})" if reason else ""),
                "write a real calendar date, e.g. 2026-10-01")
    if kind_of == "list_type":
        return (f"expected a list; found {found}",
                "write each item on its own line starting with '- '")
    if kind_of in ("dict_type", "model_type", "model_attributes_type"):
        keys = _keys_of(field.annotation if field is not None else None)
        return (f"expected a mapping of 'key: value' lines; found {found}",
                f"write the keys on lines of their own below '{key}:', indented"
                + (f"; keys allowed here: {', '.join(keys)}" if keys else ""))
    if kind_of in ("too_short", "too_long"):
        limit = ctx.get("min_length") if kind_of == "too_short" else ctx.get("max_length")
        word = "at least" if kind_of == "too_short" else "at most"
        items = "item" if limit == 1 else "items"
        return (f"expected {word} {limit} {items}; found {ctx.get('actual_length')}",
                f"give {word} {limit} {items}")
    if kind_of in ("tuple_type",):
        return f"expected a list; found {found}", "write it as [low, high]"
    if kind_of == "value_error":
        message = str(ctx.get("error", error.get("msg", "")))
        return message, "correct the value"
    return f"{error.get('msg', 'invalid value')}; found {found}", "correct the value"


def _misspelt(errors: Sequence[Mapping[str, Any]]) -> set[tuple[str | int, ...]]:
    """Key paths of missing keys that an unknown key beside them is a misspelling of.

    ``infuence: 4`` gives both "unknown key 'infuence'" (with "did you mean 'influence'?")
    and "missing required key 'influence'"; the second says nothing new.
    """
    unknown: dict[tuple[str | int, ...], list[str]] = {}
    for error in errors:
        if error["type"] == "extra_forbidden" and error["loc"]:
            unknown.setdefault(tuple(error["loc"][:-1]), []).append(str(error["loc"][-1]))
    out = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and loc and difflib.get_close_matches(
            str(loc[-1]), unknown.get(loc[:-1], []), n=1, cutoff=0.6
        ):
            out.add(loc)
    return out


def _data_path(loc: Sequence[Any], data: Any) -> KeyPath:
    """``loc`` without the parts Pydantic adds that are not keys of the data (the names
    of union members, such as ``RuleSeverity`` or ``literal['error','warning','off']``)."""
    path: list[str | int] = []
    current = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(part, int) and isinstance(current, list):
            current = current[part] if 0 <= part < len(current) else None
            path.append(part)
        elif isinstance(part, str) and isinstance(current, dict) and (part in current or last) \
                and not (last and ("[" in part or "(" in part)):
            current = current.get(part)
            path.append(part)
    return tuple(path)


def errors_of(root: Any, rel: str, exc: ValidationError, data: Any,
              positions: Positions) -> list[PlanError]:
    """The errors of ``exc``, raised validating ``data`` (read from the file ``rel`` with
    ``positions``) as ``root``, the type of the file's top."""
    errors = []
    found: list[dict[str, Any]] = []
    seen: set[KeyPath] = set()
    cleaned = [(_data_path(error["loc"], data), error) for error in exc.errors(include_url=False)]
    # Every place that another error reaches below (a set, not a search through all errors
    # for each: a file of many bad rules gives tens of thousands).
    above = {place[:end] for place, _ in cleaned for end in range(len(place))}
    for place, error in cleaned:
        if place != tuple(error["loc"]):
            # A union reports each member that failed: keep one error per place, the one
            # that reaches deepest into the data, which is the one that says what is wrong.
            if place in seen or place in above:
                continue
            seen.add(place)
        error["loc"] = place
        found.append(dict(error))
    misspelt = _misspelt(found)
    previous: dict[int, dict[Any, Any]] = {}
    for item in found:
        loc: KeyPath = item["loc"]
        if item["type"] == "missing" and loc in misspelt:
            continue
        message, hint = _translate(root, item, data, positions, previous)
        line, column = positions.locate(loc)
        if item["type"] == "missing" and not positions.has(loc):
            line, column = positions.locate(loc[:-1])
        errors.append(PlanError(Path(rel), line, column, loc, message, hint))
    return errors

