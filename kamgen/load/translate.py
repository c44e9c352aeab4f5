"""Pydantic's validation errors as plain messages: expected, found, and what to do.

:func:`errors_of` turns a :class:`pydantic.ValidationError` of one file into
:class:`~kamgen.errors.PlanError` objects with ``file:line:col`` and the key path as users
write it, one per place: the members of a union that all failed give one message, a missing
key that an unknown key beside it misspells gives none (the unknown key says "did you
mean ...?"). The wording follows plan-format.md: what was expected, what was found, a hint.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import re
import typing
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from ..errors import REFERENCE, PlanError, did_you_mean
from ..model import Positions
from ..model._base import MAX_AMOUNT
from ..model.portfolio import KeyPath
from ..model.programme import CURRENCY_PATTERN
from ..model.team import GITHUB_PATTERN
from .source import describe, excerpt, shorten

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


_GROUPED = re.compile(r"[+-]?\d{1,3}(?:([.,' ])\d{3})+(?:([.,])\d+)?")
"""A number written with thousands separators, perhaps with a decimal part:
``410.000.000``, ``1,250.50``, ``1.250,5``, ``12 000``."""


def _number_hint(value: Any) -> str:
    """What to write instead of a text that was meant as a number."""
    written = str(value).strip() if isinstance(value, str) else ""
    grouped = _GROUPED.fullmatch(written)
    if grouped is not None and grouped.group(1) != grouped.group(2):
        whole, _, decimals = (written.rpartition(grouped.group(2)) if grouped.group(2)
                              else (written, "", ""))
        digits = re.sub(r"[.,' ]", "", whole if grouped.group(2) else written)
        plain = digits + (f".{decimals}" if decimals else "")
        return (f"write {plain}: numbers in a plan have no thousands separators, and a "
                "decimal part follows a '.'")
    if re.fullmatch(r"[+-]?\d+,\d+", written):
        return (f"write {written.replace(',', '.')}: a decimal part follows a '.', "
                "not a ','")
    return ("write the number with digits only, without units or thousands separators; "
            "a decimal part follows a '.', e.g. 1250.5")


_DAY_FIRST = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _iso(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` of a real calendar date, or None."""
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _no_such_day(year: int, month: int, day: int) -> str:
    """Why year, month and day are no date, in words: 'February 2026 has 28 days'."""
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    return f"{_MONTHS[month - 1]} {year} has {last} days"


def date_words(value: Any) -> tuple[str, str]:
    """The message and hint for a value that is no date: what it would be as YYYY-MM-DD,
    where that can be told (``31.12.2027`` → ``write the date as 2027-12-31``)."""
    expected = f"expected a date as YYYY-MM-DD; found {describe(value)}"
    if isinstance(value, datetime.datetime):
        return expected, f"write the date without a time: {value.date().isoformat()}"
    written = str(value).strip() if isinstance(value, (str, int)) else ""
    if isinstance(value, int) and 1900 <= value <= 2999:
        return expected, f"write the whole date, e.g. {value}-12-31"
    time_cut = re.split(r"[T ]", written, maxsplit=1)[0]
    if time_cut != written and _YEAR_FIRST.fullmatch(time_cut):
        return expected, f"write the date without a time: {time_cut}"
    year_first = _YEAR_FIRST.fullmatch(written)
    if year_first is not None:
        year, month, day = (int(part) for part in year_first.groups())
        iso = _iso(year, month, day)
        if iso is not None:
            return expected, f"write the date as {iso}"
        return (f"{expected}: {_no_such_day(year, month, day)}",
                "write a real calendar date as YYYY-MM-DD")
    day_first = _DAY_FIRST.fullmatch(written)
    if day_first is not None:
        first, second, year = (int(part) for part in day_first.groups())
        as_day = _iso(year, second, first)
        as_month = _iso(year, first, second) if "/" in written else None
        if as_day and as_month and as_day != as_month:
            return expected, (f"write the date as {as_day} ({first} {_MONTHS[second - 1]}) "
                              f"or as {as_month} ({second} {_MONTHS[first - 1]})")
        if as_day or as_month:
            return expected, f"write the date as {as_day or as_month}"
        return (f"{expected}: {_no_such_day(year, second, first)}",
                "write a real calendar date as YYYY-MM-DD")
    return expected, "write the date as YYYY-MM-DD (year, month, day), e.g. 2026-10-01"


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
        return (f"unknown key '{shorten(key)}'",
                did_you_mean(key, allowed) + "keys allowed here: " + ", ".join(allowed))
    if kind_of in ("literal_error", "enum"):
        listed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        options = [o.strip() for o in listed.split(",") if o.strip()]
        hint = did_you_mean(str(value), options, cutoff=0.5) + "allowed: " + ", ".join(options)
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
                _quote_hint(value) or _number_hint(value))
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
        return date_words(value)
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
    if kind_of in ("string_too_short", "string_too_long"):
        limit = ctx.get("min_length") if kind_of == "string_too_short" else ctx.get("max_length")
        word = "at least" if kind_of == "string_too_short" else "at most"
        return (f"expected a text of {word} {limit} characters; found {found}",
                f"write {word} {limit} characters")
    if kind_of in ("set_type", "frozen_set_type"):
        return (f"expected a list; found {found}",
                "write each item on its own line starting with '- '")
    if kind_of == "value_error":
        message = str(ctx.get("error", error.get("msg", "")))
        return message, f"correct the value; what '{key}' holds is in {REFERENCE}"
    # A kind of error the models do not give today: no library words, but the reference.
    doc = field.description if field is not None and field.description else ""
    return (f"'{key}' cannot hold {found}",
            (f"'{key}' holds {doc[:1].lower() + doc[1:]} " if doc else "")
            + f"(see {REFERENCE})")


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


_SHOWN = ("date", "datetime", "int_parsing", "int_type", "int_from_float", "float_parsing",
          "float_type")
"""Kinds of error whose line is shown below the message: what was written matters there."""


def errors_of(root: Any, rel: str, exc: ValidationError, data: Any,
              positions: Positions, text: str = "") -> list[PlanError]:
    """The errors of ``exc``, raised validating ``data`` (read from the file ``rel`` with
    ``positions``) as ``root``, the type of the file's top; errors of a date or a number show
    their line of ``text``, the file's text, when it is given."""
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
        shown = (excerpt(text, line, column) if text and positions.has(loc)
                 and str(item["type"]).startswith(_SHOWN) else ())
        errors.append(PlanError(Path(rel), line, column, loc, message, hint, shown))
    return errors

