"""Read a plans folder into a validated :class:`~kamgen.model.Portfolio`.

YAML is read event by event (libyaml's C parser when present, PyYAML's own otherwise)
and turned into plain Python data here, so that the loader, not the YAML library,
decides what a plan may hold: no tags that build objects, no duplicate keys, a bounded
alias expansion, a bounded depth, bounded numbers and keys. Every value's position is kept
so that errors from Pydantic and from the cross-reference checks point at ``file:line:col``.

Hostile input (tests/hostile, tests/test_fuzz.py) ends in a PlanError, never in another
exception, and takes time and memory in proportion to the file: every pass over the text
moves forward, and no message copies more than a short piece of what the file says.
PyYAML's own parser and libyaml differ in what they accept and how they word errors; both
give the same result here. libyaml also has a nesting limit of its own, which its scanner can
reach far ahead of the event being read: such a file is read again with PyYAML's parser, so
that kamgen's depth guard, not libyaml, decides where the file nests too deep.

Every error of every file is collected; :func:`load_portfolio` then raises one
:class:`~kamgen.errors.PlanErrors`.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import os
import re
import typing
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from ..errors import ConfigError, PlanError, PlanErrors
from .gate import MAX_ATTACHMENT_BYTES, MAX_PAGE_BYTES, Entry, Tree, plan_tree, read_bytes
from ..incremental import MEMORY
from ..model import (
    Account,
    AccountPage,
    AccountPlan,
    Attachment,
    ChecklistTemplate,
    Portfolio,
    Positions,
    Programme,
    TeamMember,
    Territory,
    cross_check,
)
from ..model._base import SLUG_PATTERN
from ..model.page import PageMeta
from ..model.programme import CURRENCY_PATTERN

__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_FILE_BYTES",
    "MAX_KEY_LENGTH",
    "MAX_VALUES",
    "load_portfolio",
    "parse_yaml",
    "validate_file",
]

MAX_FILE_BYTES = 2 * 1024 * 1024
"""A plan file larger than this is refused before it is parsed."""
MAX_VALUES = 100_000
"""Most values one file may hold once aliases are expanded."""
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings, also where aliases put one inside another."""
MAX_DIGITS = 100
"""Most digits of a whole number; Python cannot even print one of more than 4,300."""
MAX_KEY_LENGTH = 1024
"""Longest key, in characters: YAML's own limit for a key written without '?'."""

_Parser: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
_KeyPath = tuple[str | int, ...]
_SLUG = re.compile(SLUG_PATTERN)

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null")}
_COLLECTION_TAGS = {f"{_YAML}map", f"{_YAML}seq"}
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


class _YamlProblem(Exception):
    """A problem found while reading YAML; turned into a PlanError with the file's path."""

    def __init__(self, line: int, column: int, message: str, hint: str = "",
                 key_path: _KeyPath = (), key: str = "") -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint
        self.key_path = key_path
        self.key = key
        """For a YAML syntax error: the key, in the mapping being read, whose value it is in."""


class _EmptyFile(_YamlProblem):
    """The file holds no data; the loader gives the hint that fits the kind of file."""


@dataclass
class _Frame:
    """An open list or mapping while events stream in."""

    container: list[Any] | dict[str, Any]
    path: _KeyPath
    anchor: str | None
    values: int = 1
    depth: int = 1
    """Levels of lists and mappings from this one down, with what aliases put in."""
    key: str | None = None
    key_mark: tuple[int, int] = (0, 0)
    key_lines: dict[str, int] | None = None
    merged: dict[str, Any] | None = None
    opened: tuple[int, int] | None = None
    """Where a flow collection ('[' or '{') opens; None for a block one."""


def _span(event: Any) -> tuple[int, int]:
    """Start and end of an event as character offsets."""
    return event.start_mark.index, event.end_mark.index


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _scalar(event: Any) -> Any:
    """The Python value of a scalar; dates stay text so Pydantic can judge them."""
    value: str = event.value
    tag = event.tag
    if tag is None or tag == "!" or event.implicit[0]:
        if not event.implicit[0]:
            return value
        tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if tag not in _SCALAR_TAGS:
            # Also '<<' and '=' where a value goes (YAML's !!merge and !!value): text.
            return value
    if tag == f"{_YAML}str" or tag == f"{_YAML}timestamp":
        return value
    if tag not in _SCALAR_TAGS:
        line, column = _mark(event)
        raise _YamlProblem(
            line, column,
            f"the YAML tag '{_short_tag(event.tag)}' is not allowed",
            _TAG_HINT,
        )
    name = tag.rsplit(":", 1)[-1]
    if not event.implicit[0]:
        # An explicit !!int, !!float, !!bool or !!null: the text must be one YAML reads as
        # that type anyway (PyYAML's constructors fail with KeyError or IndexError on
        # '!!bool abc' or '!!int ""'); !!float also takes a whole number.
        written = _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if written != tag and not (name == "float" and written == f"{_YAML}int"):
            line, column = _mark(event)
            raise _YamlProblem(line, column, f"cannot read {_describe(value)} as {name}",
                               _TAGGED_HINTS[name])
        if name == "float" and written == f"{_YAML}int":
            tag = f"{_YAML}int"
    if tag == f"{_YAML}int":
        digits = len(_NOT_DIGITS.sub("", _INT_PREFIX.sub("", value, count=1)))
        if digits > MAX_DIGITS:
            line, column = _mark(event)
            raise _YamlProblem(
                line, column,
                f"the number {_shorten(value, 20)} has {digits:,} digits, more than the "
                f"{MAX_DIGITS} a number in a plan may have",
                "write a shorter number; if it is a code rather than a number, put it in quotes",
            )
    # The constructor's own function, not construct_object: that one keeps every node (and,
    # through its marks, PyYAML's copy of the whole text) for as long as the process runs.
    construct = _constructor.yaml_constructors[tag]
    try:
        constructed = construct(_constructor, yaml.ScalarNode(tag, value))
    except (ValueError, ArithmeticError, LookupError, yaml.YAMLError):
        line, column = _mark(event)
        raise _YamlProblem(line, column, f"cannot read {_describe(value)} as {name}",
                           _TAGGED_HINTS[name]) from None
    return float(constructed) if name == "float" else constructed


_TAGGED_HINTS = {
    "int": "write a whole number such as 42, or remove the tag",
    "float": "write a number such as 4.5, or remove the tag",
    "bool": "write true or false, or remove the tag",
    "null": "write null, ~ or nothing, or remove the tag",
}
_INT_PREFIX = re.compile(r"[-+]?0[box]")
_NOT_DIGITS = re.compile(r"[^0-9a-fA-F]")


def _shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters, for messages that quote what the file says."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short_tag(tag: str) -> str:
    return _shorten("!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag)


_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
"""What YAML counts as the end of a line (and so its marks do)."""


def _plain_breaks(text: str) -> bool:
    """True when every line of ``text`` ends in '\n' or '\r\n', so that lines can be found
    with str.find; YAML also ends a line at a lone '\r', NEL, LS and PS."""
    return not ("\x85" in text or "\u2028" in text or "\u2029" in text
                or text.count("\r") != text.count("\r\n"))


def _line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset, with lines counted as YAML does."""
    if _plain_breaks(text):
        line = text.count("\n", 0, position) + 1
        return line, position - (text.rfind("\n", 0, position) + 1) + 1
    line, start = 1, 0
    for found in _BREAK.finditer(text, 0, position):
        line, start = line + 1, found.end()
    return line, position - start + 1


def _lines(text: str, last: int) -> Iterator[tuple[int, str]]:
    """(number, text) of the lines 1 to ``last`` of ``text``, as YAML counts them.

    A generator rather than ``text.splitlines()``: that makes a string of every line of a
    file of a million lines each time an error message needs one of them.
    """
    if _plain_breaks(text):
        start = 0
        for number in range(1, last + 1):
            end = text.find("\n", start)
            yield number, text[start: end if end >= 0 else len(text)].removesuffix("\r")
            if end < 0:
                return
            start = end + 1
        return
    start = 0
    number = 1
    for found in _BREAK.finditer(text):
        if number > last:
            return
        yield number, text[start: found.start()]
        number, start = number + 1, found.end()
    if number <= last:
        yield number, text[start:]


_LEADING_KEY = re.compile(r"(?P<indent> *)(?:- +)*(?P<key>[A-Za-z0-9_][\w.-]*) *:(?=\s|$)")
"""A line that starts with a plain key (``key:`` or ``- key:``), as plans write them."""


def _source_line(text: str, line: int) -> str:
    found = ""
    for number, source in _lines(text, line):
        if number == line:
            found = source
    return found


def _line_above(text: str, line: int) -> tuple[int, str]:
    """The nearest line above ``line`` that holds more than a comment, and its number."""
    above: tuple[int, str] = (0, "")
    for number, source in _lines(text, line - 1):
        stripped = source.strip()
        if stripped and not stripped.startswith("#"):
            above = (number, source)
    return above


def _continued_key(text: str, line: int, column: int) -> tuple[str, int, int, str] | None:
    """A ``key:`` that YAML read as the continuation of the value on the line above.

    Returns (key above, its line, column of the key on ``line``, the key on ``line``) when
    ``line`` starts with ``word:`` (the ': ' YAML complained about), indented deeper than a
    ``key: plain value`` line above it.
    """
    here = _LEADING_KEY.match(_source_line(text, line))
    if here is None or here.end() != column or "-" in here.group(0)[: here.start("key")]:
        return None
    above_line, above = _line_above(text, line)
    there = _LEADING_KEY.match(above)
    if there is None or there.start("key") >= here.start("key"):
        return None
    value = above[there.end():].strip()
    if not value or value[0] in "|>\"'[{&*!#":
        return None
    return there.group("key"), above_line, here.start("key") + 1, here.group("key")


def _unclosed_quote(text: str, line: int, quote: str) -> tuple[int, int]:
    """Line and column of the last ``quote`` on the nearest line above ``line`` that has an
    odd number of them, or (0, 0)."""
    found = (0, 0)
    for number, source in _lines(text, line - 1):
        if source.count(quote) % 2:
            found = (number, source.rindex(quote) + 1)
    return found


def _tab_problem(source: str, line: int, column: int) -> _YamlProblem:
    if not source[: column - 1].strip(" -"):
        return _YamlProblem(line, column, "a tab character where YAML needs spaces",
                            "indent with spaces, not tabs (set your editor to insert spaces)")
    return _YamlProblem(line, column, "a tab character where YAML needs spaces",
                        "replace the tab with spaces; a tab that belongs to the text "
                        "needs the text in quotes")


def _problem_from_yaml_error(exc: yaml.YAMLError, text: str) -> _YamlProblem:
    """Turn a PyYAML reader, scanner or parser error into a message with a hint.

    libyaml and PyYAML word their errors differently; both end up as the same message.
    """
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml counts the position in bytes of UTF-8, PyYAML in characters; the character
        # is refused wherever it is, so its first occurrence is where the reader stopped.
        first = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line, column = _line_column(text, first if first >= 0 else exc.position)
        return _YamlProblem(
            line, column,
            f"a control character YAML does not allow (#x{exc.character:04x})"
            if isinstance(exc.character, int)
            else f"a character YAML does not allow ({exc.reason})",
            "remove the invisible character, often pasted from another program",
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    context = str(getattr(exc, "context", None) or "")
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = str(getattr(exc, "problem", None) or exc)
    source = _source_line(text, line)
    if "\t" in source[: column + 1] or "\\t" in problem:
        return _tab_problem(source, line, source.find("\t") + 1 if "\t" in source else column)
    if "quoted scalar" in context and context_mark is not None and (
        "escape" in problem or "hexdecimal" in problem or "hexadecimal" in problem
    ):
        escape = _bad_escape(text, context_mark.index)
        if escape is not None:
            return escape
    if "block scalar" in context:
        return _YamlProblem(line, column,
                            "the text of a '|' or '>' block starts on the line below it",
                            "move the text to the next line and indent it; after '|' or '>' "
                            "only '-', '+' or a digit may follow")
    if "node content" in problem and source[column - 1: column] in ("]", "}", ","):
        return _YamlProblem(line, column, f"a value cannot start with {source[column - 1]!r}",
                            "put the value in quotes")
    if "anchor" in context or "alias" in context:
        what = "an alias" if "alias" in context else "an anchor"
        if context_mark is not None:
            line, column = context_mark.line + 1, context_mark.column + 1
        return _YamlProblem(
            line, column,
            f"the name of {what} may only hold the letters A to Z, digits, '-' and '_'",
            "rename it, e.g. &contact-1 and *contact-1",
        )
    if source.startswith("%"):
        return _directive_problem(line, source)
    long_key = _long_key(source, column)
    if long_key:
        return _YamlProblem(line, long_key, f"a key longer than {MAX_KEY_LENGTH:,} characters",
                            _LONG_KEY_HINT)
    if "tag" in context or "tag handle" in problem or "URI" in problem or "octet" in problem:
        tag = _tag_at(source, column)
        if tag is not None:
            return _YamlProblem(line, tag[0], f"the YAML tag '{tag[1]}' is not allowed",
                                _TAG_HINT)
    if "mapping values are not allowed" in problem:
        continued = _continued_key(text, line, column)
        if continued is not None:
            above, above_line, key_column, key = continued
            return _YamlProblem(
                line, key_column,
                f"'{key}:' is indented deeper than '{above}:' on line {above_line}, "
                f"so YAML reads it as part of the value of '{above}'",
                f"keys of one mapping start in the same column: move '{key}:' to line up "
                f"with '{above}:'; if it is text, put the whole value of '{above}' in quotes",
                key=above,
            )
        return _YamlProblem(line, column, "a ': ' inside a value that YAML cannot read",
                            _quote_suggestion(source, column))
    if ("',' or ']'" in problem or "',' or '}'" in problem) and context_mark is not None:
        list_ = "']'" in problem
        opened = context_mark.line + 1
        if opened == line and source[column - 1: column] == ":":
            return _YamlProblem(line, column, "a ': ' inside a value that YAML cannot read",
                                "inside [ ] or { }, put text that contains ': ' or ',' "
                                "in quotes")
        return _YamlProblem(
            opened, context_mark.column + 1,
            f"the {'list' if list_ else 'mapping'} opened with '{'[' if list_ else '{'}' "
            "here is not closed before "
            + (f"line {line}" if source.strip() else "the end of the file"),
            f"close it with '{']' if list_ else '}'}' on line {opened}; "
            "text that contains ',' or ': ' goes in quotes",
        )
    if "while scanning a quoted scalar" in context and context_mark is not None:
        return _YamlProblem(context_mark.line + 1, context_mark.column + 1,
                            "the text in quotes that starts here is not closed",
                            "end it with the same quote it starts with")
    if "cannot start any token" in problem:
        found = source[column - 1: column]
        before = source[column - 2: column - 1] if column >= 2 else ""
        opened, at = _unclosed_quote(text, line, before) if before in ("'", '"') else (0, 0)
        if opened:
            return _YamlProblem(
                opened, at,
                f"the quote {before} opened on this line is not closed on it, so the text "
                f"runs on to line {line}",
                f"close the quote on line {opened}",
            )
        return _YamlProblem(line, column, f"a value cannot start with {found!r}",
                            "put the value in quotes")
    closing = source[: column - 1].rstrip()[-1:]
    if ("<block end>" in problem or "expected key" in problem) and closing in ("'", '"', "]", "}"):
        return _YamlProblem(line, column, f"more text after the closing {closing} of a value",
                            "put the whole value in quotes, or move the text inside them")
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return _YamlProblem(line, column, "the indentation does not line up",
                            "keys of one mapping and items of one list start in the same column")
    if "could not find expected ':'" in problem:
        if context_mark is not None:
            line, column = context_mark.line + 1, context_mark.column + 1
        return _YamlProblem(line, column, "a line without ':' where a key was expected",
                            "write 'key: value', or put a long text in quotes")
    if "end of the stream" in problem or "found unexpected end" in problem:
        return _YamlProblem(line, column, f"the file ends inside a value ({problem})",
                            "close every quote and bracket that is opened")
    return _YamlProblem(line, column, f"YAML cannot read this: {_shorten(problem, 120)}",
                        "check the indentation and the punctuation around this line")


_COMMENT = re.compile(r"(?:^|(?<=[ \t\n\r\x85\u2028\u2029]))#")
"""A '#' that starts a comment (searched for within one line)."""


def _directive_problem(line: int, source: str) -> _YamlProblem:
    return _YamlProblem(line, 1, f"the directive '{_shorten(source.strip())}' cannot be read",
                        "remove the line: plans need no '%YAML' or '%TAG' line")


_TAG_HINT = "plans hold plain data (text, numbers, dates, lists, mappings): remove the tag"
_LONG_KEY_HINT = ("keys are plain words such as 'name' or 'influence'; a long text goes after "
                  "the ':', as the value")
_ESCAPE_CODES = {"x": 2, "u": 4, "U": 8}
_ESCAPES = set("0abt\tnvfre \"/\\N_LP\r\n\x85\u2028\u2029")
"""What may follow a backslash in double quotes (a line break continues the text)."""
_QUOTE_OR_BACKSLASH = re.compile(r'["\\]')
_HEX = re.compile(r"[0-9a-fA-F]*")


def _bad_escape(text: str, start: int) -> _YamlProblem | None:
    """The first escape that is not a character in the double-quoted text whose opening
    quote is at ``start``, or None.

    libyaml refuses '\\ud800' and '\\U00110000', PyYAML reads the first as half a
    character that no file can hold and fails on the second with a ValueError: both end
    up here, with the same message.
    """
    index = start + 1
    while True:
        found = _QUOTE_OR_BACKSLASH.search(text, index)
        if found is None or found.group() == '"':
            return None
        at = found.start()
        letter = text[at + 1: at + 2]
        if letter in _ESCAPE_CODES:
            length = _ESCAPE_CODES[letter]
            digits = _HEX.match(text, at + 2, at + 2 + length)
            assert digits is not None  # the pattern also matches no digits
            written = text[at: digits.end()]
            if len(digits.group()) < length:
                return _YamlProblem(
                    *_line_column(text, at),
                    f"the escape '{written}' needs {length} hexadecimal digits",
                    "write \\x with 2, \\u with 4 or \\U with 8 hexadecimal digits (0-9, A-F), "
                    "or write the character itself",
                )
            code = int(digits.group(), 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                return _YamlProblem(
                    *_line_column(text, at), f"the escape '{written}' is not a Unicode character",
                    "write the character itself; an escape names a character from \\u0000 to "
                    "\\U0010FFFF, not half of a UTF-16 pair (D800 to DFFF)",
                )
            index = at + 2 + length
        elif letter and letter in _ESCAPES:
            index = at + 2
        else:
            return _YamlProblem(
                *_line_column(text, at),
                f"an unknown escape '{_shorten(text[at: at + 2])}' in double quotes",
                "in double quotes a backslash starts an escape such as \\n or \\\"; write "
                "\\\\ for a backslash, or put the text in single quotes",
            )


def _long_key(source: str, column: int) -> int:
    """The column of a key too long for YAML that ends with the ':' at ``column``, or 0."""
    if column <= MAX_KEY_LENGTH or source[column - 1: column] != ":":
        return 0
    before = source[: column - 1]
    key = before.lstrip(" -?{[")
    if ": " in key or len(key.strip()) <= MAX_KEY_LENGTH:
        return 0
    return len(before) - len(key) + 1


_TAG_START = re.compile(r"(?:^|(?<=[\s\[{,:-]))!")


def _tag_at(source: str, column: int) -> tuple[int, str] | None:
    """Column and text of the tag (``!foo``, ``!<...>``) that starts at or before ``column``."""
    starts = [found.start() for found in _TAG_START.finditer(source, 0, column)]
    if not starts:
        return None
    tag = re.match(r"!<[^>]*>?|[^\s,\[\]{}]*", source[starts[-1]:])
    return starts[-1] + 1, _shorten(tag.group() if tag else "!")


def _quote_suggestion(source: str, column: int) -> str:
    """A hint that shows the line's value in quotes, when the line is ``key: value``."""
    found = _LEADING_KEY.match(source)
    value = source[found.end():].strip() if found is not None else ""
    if (found is None or found.end() >= column or not value or '"' in value or " #" in value
            or len(value) > 60):
        return "put text that contains ': ' in quotes"
    return f"put text that contains ': ' in quotes: {found.group('key')}: \"{value}\""


_SURROGATE = re.compile("[\ud800-\udfff]")
_MARKER = re.compile(r"(---|\.\.\.)(?:[ \t]+#.*)?")


def _empty(text: str) -> _EmptyFile:
    """The problem of a file without data: empty, only comments, or only '---' or '...'."""
    if not text.strip():
        return _EmptyFile(1, 1, "the file is empty", _EMPTY_HINTS["account"])
    markers = sorted({found.group(1) for _, line in _lines(text, len(text) + 1)
                      if (found := _MARKER.fullmatch(line.strip())) is not None})
    if not markers:
        return _EmptyFile(1, 1, "the file holds only comments, no data", _EMPTY_HINTS["account"])
    shown = " and ".join(f"'{marker}'" for marker in markers)
    return _EmptyFile(1, 1, f"the file holds no data, only {shown}", _EMPTY_HINTS["account"])


def _holds_no_data(text: str) -> bool:
    """True when every line is blank, a comment or a document marker ('---', '...')."""
    for _, line in _lines(text, len(text) + 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _MARKER.fullmatch(stripped):
            return False
    return True


def parse_yaml(text: str) -> tuple[Any, dict[_KeyPath, tuple[int, int]]]:
    """Parse one YAML document into plain data and the position of every key path.

    Raises :class:`_YamlProblem` for anything that is not plain data.
    """
    return _Reader().read(text)


class _Reader:
    """Builds plain data from YAML events, with positions and guards."""

    def __init__(self, parser: Any = None) -> None:
        self.parser: Any = _Parser if parser is None else parser
        """The parser class: libyaml's when present, or PyYAML's own."""
        self.marks: dict[_KeyPath, tuple[int, int]] = {}
        self.anchors: dict[str, tuple[Any, int, int] | None] = {}
        """Anchored values: (value, number of values, levels of nesting); None while open."""
        self.stack: list[_Frame] = []
        self.result: list[Any] = []
        self.total = 0
        self.quoted: list[tuple[int, int]] = []
        """Where quoted and block texts are, in which a tab is text, not a separator."""

    def stray_tab(self, text: str, before: tuple[int, int] | None = None) -> _YamlProblem | None:
        """The first tab (before the position ``before``) that is not inside quotes, a block
        text or a comment.

        libyaml reads such a tab as a space, PyYAML's own parser refuses it; both must give
        the same result, so the stricter one wins.
        """
        # Every step moves forward through the text, so that a file of a million tabs in
        # quotes or comments takes one pass, not a million.
        quoted = self.quoted
        span = 0
        line_start = 0
        index = text.find("\t")
        while index >= 0:
            while span < len(quoted) and quoted[span][1] <= index:
                span += 1
            if span < len(quoted) and quoted[span][0] <= index:
                index = text.find("\t", quoted[span][1])
                continue
            line_start = max(text.rfind(c, line_start, index) for c in "\n\r\x85\u2028\u2029") + 1 \
                or line_start
            end = _BREAK.search(text, index)
            line_end = end.start() if end is not None else len(text)
            if _COMMENT.search(text, line_start, index):
                index = text.find("\t", line_end)
                continue
            line, column = _line_column(text, index)
            if before is not None and (line, column) > before:
                return None
            problem = _tab_problem(text[line_start:line_end], line, column)
            written = [(mark, path) for path, mark in self.marks.items() if mark <= (line, column)]
            problem.key_path = max(written)[1] if written else ()
            return problem
        return None

    def read(self, text: str) -> tuple[Any, dict[_KeyPath, tuple[int, int]]]:
        surrogate = _SURROGATE.search(text)
        if surrogate is not None:
            # Only text that did not come from a file can hold one: libyaml cannot even
            # take it (UnicodeEncodeError).
            raise _YamlProblem(*_line_column(text, surrogate.start()),
                               f"a character that is not Unicode text "
                               f"(#x{ord(surrogate.group()):04x})",
                               "remove the character")
        documents = 0
        parser = None
        again = False
        try:
            parser = self.parser(text)  # PyYAML's own reader checks the characters here
            tabs = "\t" in text
            for event in self.events(parser, text):
                if tabs and isinstance(event, yaml.ScalarEvent) and event.style:
                    self.quoted.append(_span(event))
                if (isinstance(event, yaml.ScalarEvent) and event.style == '"'
                        and _SURROGATE.search(event.value)):
                    raise _bad_escape(text, _span(event)[0]) or _YamlProblem(
                        *_mark(event), "an escape that is not a Unicode character",
                        "write the character itself")
                if isinstance(event, yaml.DocumentStartEvent):
                    version = event.version
                    if version is not None and (version[0] != 1 or version[1] > 2):
                        # PyYAML reads '%YAML 1.99999999999', libyaml does not.
                        line = next((number for number, source in _lines(text, len(text) + 1)
                                     if source.startswith("%YAML")), 1)
                        raise _directive_problem(line, _source_line(text, line))
                    documents += 1
                    if documents > 1:
                        raise _YamlProblem(
                            *_mark(event),
                            "a second YAML document ('---') in one file",
                            "keep one plan per file: remove the '---' line and what follows, "
                            "or move it to a file of its own",
                        )
                elif not isinstance(
                    event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
                ):
                    self.event(event)
        except yaml.YAMLError as exc:
            if self.parser is not yaml.SafeLoader and _libyaml_nesting_limit(exc):
                again = True
            elif not self.result and not self.stack and _holds_no_data(text):
                # PyYAML and libyaml refuse a file of only '...'.
                raise _empty(text) from None
            else:
                problem = self.unclosed(exc, text) or _problem_from_yaml_error(exc, text)
                problem.key_path = self.where(_source_line(text, problem.line), problem.key)
                raise self.stray_tab(text, (problem.line, problem.column)) or problem from None
        except _YamlProblem as problem:
            if not problem.key_path and self.stack:
                top = self.stack[-1]
                problem.key_path = (
                    top.path if isinstance(top.container, dict) and top.key is None
                    else self.path_below(top)
                )
            raise self.stray_tab(text, (problem.line, problem.column)) or problem from None
        finally:
            if parser is not None:
                parser.dispose()
        if again:
            # PyYAML's parser has no nesting limit, so the guard in open() fires where the
            # level beyond MAX_DEPTH opens, with that place's key path (or an earlier error
            # stops it, as it would with PyYAML alone). Two passes, each moving forward.
            return _Reader(yaml.SafeLoader).read(text)
        tab = self.stray_tab(text)
        if tab is not None:
            raise tab
        if not self.result or self.result[0] is None:
            raise _empty(text)
        return self.result[0], self.marks

    def unclosed(self, exc: yaml.YAMLError, text: str) -> _YamlProblem | None:
        """A '[' or '{' still open where the file ends (the parsers differ in where they
        say it ends: after the last character or on the line below)."""
        mark = getattr(exc, "problem_mark", None)
        flows = [frame for frame in self.stack if frame.opened is not None]
        if mark is None or not flows:
            return None
        rest = text[mark.index:]
        if rest.strip():
            # '- {' and then '- ' on the next line: the next item where the '{' still waits
            # for its '}'.
            if not (rest.startswith("-") and "node content" in str(getattr(exc, "problem", ""))):
                return None
            before = f"line {mark.line + 1}"
        else:
            before = "the end of the file"
        frame = flows[-1]
        assert frame.opened is not None
        list_ = isinstance(frame.container, list)
        return _YamlProblem(
            *frame.opened,
            f"the {'list' if list_ else 'mapping'} opened with '{'[' if list_ else '{'}' "
            f"here is not closed before {before}",
            f"close it with '{']' if list_ else '}'}' on line {frame.opened[0]}; "
            "text that contains ',' or ': ' goes in quotes",
        )

    @staticmethod
    def events(parser: Any, text: str) -> Iterator[Any]:
        """The parser's events; a ValueError from inside PyYAML becomes a YAML problem.

        PyYAML's own scanner calls chr() on the code of a '\\U' escape unchecked, so
        '"\\U00110000"' raises ValueError where libyaml reports a scanner error.
        """
        while True:
            try:
                if not parser.check_event():
                    return
                event = parser.get_event()
            except ValueError:
                mark = parser.get_mark() if hasattr(parser, "get_mark") else None
                index = mark.index if mark is not None else len(text)
                line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                escape = _bad_escape(text, text.rfind('"', 0, index))
                raise escape or _YamlProblem(
                    line, column, "YAML cannot read this text",
                    "check the quotes and escapes around this place") from None
            yield event

    def event(self, event: Any) -> None:
        top = self.stack[-1] if self.stack else None
        if (
            top is not None
            and isinstance(top.container, dict)
            and top.key is None
            and not isinstance(event, yaml.MappingEndEvent)
        ):
            self.key(top, event)
        elif isinstance(event, yaml.ScalarEvent):
            value = _scalar(event)
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, 1, 0)
            self.begin(top, _mark(event))
            self.attach(value, 1)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            self.open(top, event)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            frame = self.stack.pop()
            if frame.merged:
                assert isinstance(frame.container, dict)
                for key, value in frame.merged.items():
                    frame.container.setdefault(key, value)
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.container, frame.values, frame.depth)
            self.attach(frame.container, 0, frame.values, frame.depth)
        elif isinstance(event, yaml.AliasEvent):
            mark = _mark(event)
            name = _shorten(str(event.anchor))
            if event.anchor not in self.anchors:
                raise _YamlProblem(*mark, f"the alias *{name} has no anchor",
                                   f"define &{name} before using *{name}")
            target = self.anchors[event.anchor]
            if target is None:
                raise _YamlProblem(
                    *mark, f"the alias *{name} refers to itself (a recursive alias)",
                    "a value cannot contain itself: write the data out",
                )
            if len(self.stack) + target[2] > MAX_DEPTH:
                # An alias inside an alias inside ... nests without a bracket in the file.
                raise _too_deep(mark)
            self.begin(top, mark)
            self.attach(target[0], target[1], depth=target[2])

    def where(self, source: str, key: str) -> _KeyPath:
        """The key path of a line YAML could not read, as far as the values read so far tell.

        ``key`` names the key whose value the line continues; otherwise the key at the start
        of ``source`` counts when it lines up with the keys of the mapping being read.
        """
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.key is not None:
            return self.path_below(top)
        if isinstance(top.container, dict):
            if key:
                return (*top.path, key)
            found = _LEADING_KEY.match(source)
            if found is not None and top.key_mark[1] == found.start("key") + 1:
                return (*top.path, found.group("key"))
        return top.path

    def path_below(self, frame: _Frame | None) -> _KeyPath:
        """The key path of the next value in ``frame``."""
        if frame is None:
            return ()
        if isinstance(frame.container, list):
            return (*frame.path, len(frame.container))
        assert frame.key is not None
        return (*frame.path, frame.key)

    def begin(self, frame: _Frame | None, mark: tuple[int, int]) -> None:
        """Record where a value starts (a mapping value keeps its key's position)."""
        if frame is None or isinstance(frame.container, list):
            self.marks.setdefault(self.path_below(frame), mark)

    def open(self, top: _Frame | None, event: Any) -> None:
        mark = _mark(event)
        if (
            event.tag is not None
            and event.tag != "!"
            and not event.implicit
            and event.tag not in _COLLECTION_TAGS
        ):
            raise _YamlProblem(
                *mark, f"the YAML tag '{_short_tag(event.tag)}' is not allowed",
                _TAG_HINT,
            )
        if len(self.stack) >= MAX_DEPTH:
            raise _too_deep(mark)
        self.count(1, mark)
        self.begin(top, mark)
        path = self.path_below(top)
        if event.anchor is not None:
            self.anchors[event.anchor] = None
        opened = mark if event.flow_style else None
        if isinstance(event, yaml.SequenceStartEvent):
            self.stack.append(_Frame([], path, event.anchor, opened=opened))
        else:
            self.stack.append(_Frame({}, path, event.anchor, key_lines={}, opened=opened))

    def key(self, frame: _Frame, event: Any) -> None:
        mark = _mark(event)
        if isinstance(event, yaml.AliasEvent):
            raise _YamlProblem(*mark, f"an alias (*{_shorten(str(event.anchor))}) cannot be a key",
                               "write the key out", frame.path)
        if not isinstance(event, yaml.ScalarEvent):
            raise _YamlProblem(*mark, "a list or mapping cannot be a key",
                               "keys are plain words such as 'name' or 'influence'",
                               frame.path)
        if event.tag not in (None, "!", f"{_YAML}str") and not event.implicit[0]:
            raise _YamlProblem(*mark, f"the YAML tag '{_short_tag(event.tag)}' is not allowed",
                               _TAG_HINT, frame.path)
        key = event.value
        if len(key) > MAX_KEY_LENGTH:
            raise _YamlProblem(*mark, f"a key longer than {MAX_KEY_LENGTH:,} characters",
                               _LONG_KEY_HINT, frame.path)
        if event.anchor is not None:
            # Its value would be the key, which no plan needs; an alias to it must not say
            # "no anchor".
            self.anchors[event.anchor] = (key, 1, 0)
        assert frame.key_lines is not None
        if key in frame.key_lines and key != "<<":
            raise _YamlProblem(
                *mark,
                f"duplicate key '{_shorten(key)}' (first on line {frame.key_lines[key]})",
                "give each key once in a mapping; the second would silently replace the first",
                (*frame.path, key),
            )
        frame.key_lines[key] = mark[0]
        frame.key = key
        frame.key_mark = mark
        if key != "<<":
            key_path = (*frame.path, key)
            self.marks[key_path] = mark

    def count(self, size: int, mark: tuple[int, int]) -> None:
        self.total += size
        if self.total > MAX_VALUES:
            raise _YamlProblem(
                *mark,
                f"the file holds more than {MAX_VALUES:,} values once its aliases are expanded",
                "plans hold plain data: write values out instead of repeating *aliases",
            )

    def attach(self, value: Any, new: int, size: int | None = None, depth: int = 0) -> None:
        """Put a finished value into the open collection; ``new`` values are counted now;
        ``depth`` is the value's levels of lists and mappings."""
        size = new if size is None else size
        if new:
            self.count(new, self.marks.get(self.path_below(self.stack[-1] if self.stack else None),
                                           (1, 1)))
        if not self.stack:
            self.result.append(value)
            return
        frame = self.stack[-1]
        frame.values += size
        frame.depth = max(frame.depth, depth + 1)
        if isinstance(frame.container, list):
            frame.container.append(value)
            return
        key = frame.key
        assert key is not None
        frame.key = None
        if key == "<<":
            _merge(frame, value, frame.key_mark)
        else:
            frame.container[key] = value


def _libyaml_nesting_limit(exc: yaml.YAMLError) -> bool:
    """True for libyaml's own nesting limit (1,000 levels of flow or of block collections in
    libyaml 0.2.6, 'exceeded maximum nesting depth').

    Its scanner looks up to 1,024 characters ahead for a possible key, so in '[[[[…' the error
    comes from a '[' far beyond the event the reader has, before the reader's own guard can
    fire. Whatever that limit is, the file nests at least that deep at that place, so the
    reader's guard, given a parser without the limit, decides.
    """
    return "nesting" in str(getattr(exc, "problem", None) or "")


def _too_deep(mark: tuple[int, int]) -> _YamlProblem:
    return _YamlProblem(*mark, f"lists and mappings nested deeper than {MAX_DEPTH} levels",
                        "plans are a few levels deep: flatten the data")


def _merge(frame: _Frame, value: Any, mark: tuple[int, int]) -> None:
    """Apply a YAML merge key (``<<: *defaults``); keys written out win."""
    sources = value if isinstance(value, list) else [value]
    if not all(isinstance(source, dict) for source in sources):
        raise _YamlProblem(*mark, "a merge key '<<' needs a mapping or a list of mappings",
                           "write '<<: *name' where &name marks a mapping", frame.path)
    merged = frame.merged if frame.merged is not None else {}
    for source in sources:
        for key, item in source.items():
            merged.setdefault(key, item)
    frame.merged = merged


# --- from a file to a model --------------------------------------------------------------

_ADAPTERS: dict[str, TypeAdapter[Any]] = {
    "programme": TypeAdapter(Programme),
    "team": TypeAdapter(list[TeamMember]),
    "territories": TypeAdapter(list[Territory]),
    "checklist": TypeAdapter(ChecklistTemplate),
    "account": TypeAdapter(AccountPlan),
    "page": TypeAdapter(PageMeta),
}
_ROOTS: dict[str, Any] = {
    "programme": Programme,
    "team": list[TeamMember],
    "territories": list[Territory],
    "checklist": ChecklistTemplate,
    "account": AccountPlan,
    "page": PageMeta,
}


_EMPTY_HINTS = {
    "programme": "write the programme's keys: company, language, currency, fiscal_year, "
                 "rating, ...",
    "team": "list the team members, each starting with '- id: ...'",
    "territories": "list the territories, each starting with '- id: ...'",
    "checklist": "write the checklist's title and items",
    "account": "write the plan's keys, or start from 'kamgen new account ID'",
}


_MAPPING_HINTS = {
    "programme": "kam.yaml starts with keys such as 'company:' and 'language:', not with '- '",
    "checklist": "a checklist starts with keys such as 'title:' and 'items:', not with '- '",
    "account": "a plan starts with keys such as 'name:' and 'owner:', not with '- '; "
               "see 'kamgen new account ID'",
}


_OTHER_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"),
    (b"\xff\xfe", "UTF-16"),
)


def _read_text(path: Path, rel: str) -> str:
    """The file's text, refusing files that are too large or not UTF-8."""
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            # Never more than the limit is read, even from a file that grows meanwhile or
            # one whose size the system does not know (0).
            raw = file.read(size + 1) if 0 < size <= MAX_FILE_BYTES else b""
            if size == 0 or MAX_FILE_BYTES >= len(raw) > size:
                raw += file.read(MAX_FILE_BYTES + 1 - len(raw))
    except OSError as exc:
        raise PlanError(Path(rel), 0, 0, (),
                        f"the file cannot be read ({exc.strerror or type(exc).__name__})",
                        "check that it is a file and that you may read it") from None
    if size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
        size = max(size, len(raw))
        raise PlanError(
            Path(rel), 0, 0, (),
            f"the file is {'more than ' if size == len(raw) else ''}"
            f"{size / 1024 / 1024:.1f} MiB, more than the "
            f"{MAX_FILE_BYTES // 1024 // 1024} MiB a plan file may have",
            "split the plan: long texts can go into Markdown pages in the account's folder",
        )
    return _decode(raw, rel)


def _decode(raw: bytes, rel: str) -> str:
    """The text of a file's bytes: UTF-8, with or without a byte order mark."""
    for bom, encoding in _OTHER_BOMS:
        if raw.startswith(bom):
            raise PlanError(
                Path(rel), 0, 0, (),
                f"the file is {encoding} (it starts with a {encoding} byte order mark), "
                "not UTF-8",
                "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)",
            )
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark, as some editors write
    even, odd = raw[0:16:2], raw[1:16:2]
    if len(raw) >= 4 and ((all(even) and not any(odd)) or (all(odd) and not any(even))):
        raise PlanError(
            Path(rel), 0, 0, (),
            "the file is not UTF-8: every other byte is 0, as in UTF-16",
            "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)",
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start].decode("utf-8", "replace")
        line, column = _line_column(prefix, len(prefix))
        raise PlanError(
            Path(rel), line, column, (),
            f"the file is not UTF-8: byte 0x{raw[exc.start]:02x} cannot be read",
            "save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8)",
        ) from None


def _describe(value: Any) -> str:
    """A found value as YAML users know it."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, float) and math.isnan(value):
        return ".nan (not a number)"
    if isinstance(value, float) and math.isinf(value):
        return f"a number too large to store ({'-' if value < 0 else ''}.inf)"
    return str(value)


def _unwrap(annotation: Any) -> list[Any]:
    """The non-None members of an annotation (Optional, Union, Annotated peeled)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        out: list[Any] = []
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                out += _unwrap(arg)
        return out
    return [annotation]


def _model_at(
    root: Any, loc: Sequence[str | int]
) -> tuple[type[BaseModel] | None, FieldInfo | None]:
    """The model that holds the last key of ``loc``, and that key's field, if any."""
    current: list[Any] = _unwrap(root)
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
                    following += _unwrap(field.annotation)
            elif origin in (list, tuple) and isinstance(part, int):
                args = typing.get_args(candidate)
                if args:
                    following += _unwrap(args[0])
            elif origin is dict:
                args = typing.get_args(candidate)
                if len(args) == 2:
                    following += _unwrap(args[1])
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
        for meta in field.metadata:
            low = getattr(meta, "ge", None) if getattr(meta, "ge", None) is not None else low
            low = getattr(meta, "gt", None) if getattr(meta, "gt", None) is not None else low
            high = getattr(meta, "le", None) if getattr(meta, "le", None) is not None else high
    return low, high


_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _slug_suggestion(text: str, dots: bool = False) -> str:
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
    for candidate in _unwrap(annotation):
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


def _decimal_comma_hint(kind: str, data: Any, loc: Sequence[str | int], value: Any,
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
    _, field = _model_at(_ROOTS[kind], (*loc[:-1], before))
    is_text = field is not None and str in _unwrap(field.annotation)
    fix = (f"put the value in quotes ({before}: \"{written}\")" if is_text else
           f"write the number with a decimal point ({before}: {number}.{loc[-1]})"
           if str(loc[-1]).isdigit() else "write the number with a decimal point")
    return (f"inside {{ }} a comma ends a value, so '{before}: {written}' was read as "
            f"'{before}: {number}' and a key '{loc[-1]}': {fix}, "
            "or write the mapping in block style, one key per line")


def _translate(kind: str, error: Mapping[str, Any], data: Any, positions: Positions,
               previous: dict[int, dict[Any, Any]] | None = None) -> tuple[str, str]:
    """A Pydantic error as a message (expected, found) and a hint."""
    kind_of = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    found = _describe(value)
    ctx = error.get("ctx") or {}
    model, field = _model_at(_ROOTS[kind], loc)
    key = str(loc[-1]) if loc else ""
    low, high = _bounds(field)
    if kind_of == "missing":
        doc = field.description if field is not None and field.description else ""
        return f"missing required key '{key}'", f"add '{key}:' here" + (f" ({doc})" if doc else "")
    if kind_of == "extra_forbidden":
        allowed = sorted(model.model_fields) if model is not None else []
        comma = _decimal_comma_hint(kind, data, loc, value, positions, previous)
        if comma:
            return f"unknown key '{_shorten(key)}'", comma
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return f"unknown key '{_shorten(key)}'", hint + "keys allowed here: " + ", ".join(allowed)
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
    if kind_of == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        suggestion = _slug_suggestion(str(value)[:60], dots="." in pattern)
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


def _data_path(loc: Sequence[Any], data: Any) -> _KeyPath:
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


def _errors_of(kind: str, rel: str, exc: ValidationError, data: Any,
               positions: Positions) -> list[PlanError]:
    errors = []
    found: list[dict[str, Any]] = []
    seen: set[_KeyPath] = set()
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
        loc: _KeyPath = item["loc"]
        if item["type"] == "missing" and loc in misspelt:
            continue
        message, hint = _translate(kind, item, data, positions, previous)
        line, column = positions.locate(loc)
        if item["type"] == "missing" and not positions.has(loc):
            line, column = positions.locate(loc[:-1])
        errors.append(PlanError(Path(rel), line, column, loc, message, hint))
    return errors


@dataclass(frozen=True)
class _Loaded:
    rel: str
    model: Any
    positions: Positions


def validate_file(path: Path, rel: str, kind: str) -> _Loaded:
    """Read and validate one plan file of ``kind`` (programme, team, territories, checklist,
    account); raises :class:`PlanErrors` with every problem of the file."""
    try:
        text = _read_text(path, rel)
        data, marks = parse_yaml(text)
    except PlanError as error:
        raise PlanErrors([error]) from None
    except _YamlProblem as problem:
        hint = _EMPTY_HINTS[kind] if isinstance(problem, _EmptyFile) else problem.hint
        raise PlanErrors([PlanError(Path(rel), problem.line, problem.column, problem.key_path,
                                    problem.message, hint)]) from None
    positions = Positions(marks)
    top_is_list = kind in ("team", "territories")
    if top_is_list and not isinstance(data, list):
        raise PlanErrors([PlanError(
            Path(rel), *positions.locate(()), (),
            f"expected a list at the top of the file; found {_describe(data)}",
            "start each entry with '- id: ...'",
        )])
    if not top_is_list and not isinstance(data, dict):
        raise PlanErrors([PlanError(
            Path(rel), *positions.locate(()), (),
            f"expected a mapping of 'key: value' lines at the top of the file; "
            f"found {_describe(data)}",
            _MAPPING_HINTS[kind] if isinstance(data, list)
            else _MAPPING_HINTS[kind].replace(", not with '- '", ""),
        )])
    try:
        model = _ADAPTERS[kind].validate_python(data)
    except ValidationError as exc:
        raise PlanErrors(_errors_of(kind, rel, exc, data, positions)) from None
    return _Loaded(rel, model, positions)


# --- the whole folder --------------------------------------------------------------------

_CACHE_SIZE = 20_000


def _validate_cached(path: Path, rel: str, kind: str) -> _Loaded:
    """:func:`validate_file`, remembering valid files by their content in a preview
    session, so that ``kamgen serve`` parses again only the plans that changed. Models
    are frozen, so a remembered one cannot be changed by its users."""
    cache = MEMORY.plans
    if cache is None:
        return validate_file(path, rel, kind)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return validate_file(path, rel, kind)
        digest = hashlib.blake2b(path.read_bytes(), digest_size=20).digest()
    except OSError:
        return validate_file(path, rel, kind)
    key = (rel, kind, digest)
    hit: _Loaded | None = cache.get(key)
    if hit is not None:
        return hit
    loaded = validate_file(path, rel, kind)
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = loaded
    return loaded


def _plan_files(root: Path, tree: Tree) -> Iterator[tuple[str, Path, str]]:
    """(kind, path, relative path) of every plan file, in a stable order; a plan file
    that must be there and is not is given too (its absence is an error)."""
    for name, kind in (("kam.yaml", "programme"), ("team.yaml", "team"),
                       ("territories.yaml", "territories")):
        yield kind, root / name, name
    for entry in tree.of("checklist"):
        yield "checklist", root / entry.rel, entry.rel
    listed = {entry.rel for entry in tree.of("account")}
    # accounts/<id>/plan.yaml before accounts/<id>.yaml, as the folder lists them.
    expected = sorted(listed | {f"{folder}/plan.yaml" for folder in tree.account_folders},
                      key=lambda rel: rel.split("/")[1])
    for rel in expected:
        yield "account", root / rel, rel


def _file_id(kind: str, rel: str) -> str:
    parts = rel.split("/")
    if kind == "account" and len(parts) == 3:
        return parts[1]
    return parts[-1].removesuffix(".yaml")


def load_portfolio(root: Path | str) -> Portfolio:
    """Load and validate every plan file below ``root``.

    Raises :class:`ConfigError` when ``root`` is not a plans folder and
    :class:`PlanErrors` with every problem of every file otherwise.
    """
    root = Path(root)
    if not root.is_dir():
        raise ConfigError(
            f"{root}: no such folder\n    hint: give the folder that holds kam.yaml "
            "(default: plans)" if not root.exists() else
            f"{root}: not a folder\n    hint: give the folder that holds kam.yaml"
        )
    tree = plan_tree(root)
    errors: list[PlanError] = list(tree.errors)
    refused = {str(error.path) for error in tree.errors}
    present = {entry.rel for entry in tree.entries}
    loaded: dict[str, list[_Loaded]] = {kind: [] for kind in _ADAPTERS}
    failed: set[str] = set()
    failed_checklists: set[str] = set()
    for kind, path, rel in _plan_files(root, tree):
        file_id = _file_id(kind, rel)
        if rel in refused:
            failed.add(kind)
            continue
        if rel not in present:
            errors.append(PlanError(
                Path(rel), 0, 0, (), "the file is missing",
                "an account folder holds its plan in plan.yaml" if kind == "account" else
                f"every plans folder holds kam.yaml, team.yaml and territories.yaml: "
                f"create {rel}",
            ))
            failed.add(kind)
            continue
        if kind in ("checklist", "account") and not _SLUG.match(file_id):
            suggestion = _slug_suggestion(file_id)
            errors.append(PlanError(
                Path(rel), 0, 0, (),
                f"the id '{file_id}' (the file name) is not a slug of lowercase letters, "
                "digits and '-'",
                f"the id becomes a web address: rename it to '{suggestion}'",
            ))
            continue
        try:
            loaded[kind].append(_validate_cached(path, rel, kind))
        except PlanErrors as exc:
            errors += exc.errors
            failed.add(kind)
            if kind == "checklist":
                failed_checklists.add(file_id)

    account_files: dict[str, str] = {}
    for item in loaded["account"]:
        account_id = _file_id("account", item.rel)
        if account_id in account_files:
            errors.append(PlanError(
                Path(item.rel), 0, 0, (),
                f"account '{account_id}' has two plans: {account_files[account_id]} and {item.rel}",
                "keep one: accounts/ID.yaml or accounts/ID/plan.yaml",
            ))
        account_files[account_id] = item.rel

    programme = loaded["programme"][0].model if loaded["programme"] else None
    team = loaded["team"][0].model if loaded["team"] else None
    territories = loaded["territories"][0].model if loaded["territories"] else None
    checklists = {_file_id("checklist", c.rel): c.model for c in loaded["checklist"]}
    accounts = {_file_id("account", a.rel): (a.model, a.rel) for a in loaded["account"]}
    positions = {item.rel: item.positions for items in loaded.values() for item in items}
    for issue in cross_check(
        programme,
        None if "team" in failed else team,
        None if "territories" in failed else territories,
        checklists,
        accounts,
        failed_checklists,
    ):
        line, column = positions[issue.file].locate(issue.loc) if issue.file in positions \
            else (0, 0)
        errors.append(PlanError(Path(issue.file), line, column, issue.loc, issue.message,
                                issue.hint))
    beside: dict[str, tuple[list[AccountPage], list[Attachment]]] = {}
    for entry in tree.entries:
        if entry.kind not in ("page", "attachment"):
            continue
        pages, attachments = beside.setdefault(entry.rel.split("/")[1], ([], []))
        try:
            if entry.kind == "page":
                pages.append(read_page(root, entry))
            else:
                attachments.append(read_attachment(root, entry))
        except PlanErrors as exc:
            errors += exc.errors
    if errors:
        raise PlanErrors(errors)
    assert programme is not None and team is not None and territories is not None
    return Portfolio(
        root=root,
        programme=programme,
        team=tuple(team),
        territories=tuple(territories),
        checklists=dict(sorted(checklists.items())),
        accounts={
            account_id: Account(account_id, plan, rel,
                                tuple(beside.get(account_id, ([], []))[0]),
                                tuple(beside.get(account_id, ([], []))[1]))
            for account_id, (plan, rel) in sorted(accounts.items())
        },
        positions=positions,
    )


# --- pages and files beside a plan --------------------------------------------------------

_META_KEY = re.compile(r"[ \t]{0,3}(title|description|tags|internal)[ \t]*:", re.IGNORECASE)
_FENCE = re.compile(r"(?:---|\.\.\.)[ \t]*")


def read_page(root: Path, entry: Entry) -> AccountPage:
    """A Markdown page beside a plan, its front matter read by kamgen's own YAML reader
    (the guards of plan files) and validated; raises :class:`PlanErrors`."""
    rel = entry.rel
    try:
        text = _decode(read_bytes(root, rel, MAX_PAGE_BYTES), rel)
    except PlanError as error:
        raise PlanErrors([error]) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        if _META_KEY.match(lines[0]):
            raise PlanErrors([PlanError(
                Path(rel), 1, 1, (), "the page starts with a setting outside front matter",
                "put the settings between two lines of '---' at the top of the page")])
        return AccountPage(rel, text)
    end = next((i for i in range(1, len(lines)) if _FENCE.fullmatch(lines[i])), None)
    if end is None:
        raise PlanErrors([PlanError(
            Path(rel), 1, 1, (), "the front matter has no closing '---' line",
            "end the front matter with a line of '---'")])
    block = "\n".join(lines[1:end]) + "\n"
    data: Any = {}
    marks: dict[_KeyPath, tuple[int, int]] = {}
    if not _holds_no_data(block):
        try:
            data, marks = parse_yaml(block)
        except _YamlProblem as problem:
            raise PlanErrors([PlanError(Path(rel), problem.line + 1 if problem.line else 0,
                                        problem.column, problem.key_path, problem.message,
                                        problem.hint)]) from None
    positions = Positions({path: (line + 1, column) for path, (line, column) in marks.items()})
    if not isinstance(data, dict):
        raise PlanErrors([PlanError(
            Path(rel), *positions.locate(()), (),
            f"expected 'key: value' lines in the front matter; found {_describe(data)}",
            "the front matter may set title, description, tags and internal")])
    try:
        meta: PageMeta = _ADAPTERS["page"].validate_python(data)
    except ValidationError as exc:
        raise PlanErrors(_errors_of("page", rel, exc, data, positions)) from None
    tags = [meta.tags] if isinstance(meta.tags, str) else meta.tags
    return AccountPage(rel, "\n".join(lines[end + 1:]), meta.title, meta.description,
                       tuple(tags), meta.internal)


def read_attachment(root: Path, entry: Entry) -> Attachment:
    """A passive file beside a plan; an SVG file must be one kamgen can clean."""
    if entry.rel.lower().endswith(".svg"):
        from ..cleansvg import SvgError, clean_svg

        try:
            clean_svg(read_bytes(root, entry.rel, MAX_ATTACHMENT_BYTES))
        except PlanError as error:
            raise PlanErrors([error]) from None
        except SvgError as exc:
            raise PlanErrors([PlanError(
                Path(entry.rel), exc.line, 1 if exc.line else 0, (), str(exc),
                "export the drawing again as plain SVG (without DOCTYPE), or as PNG")]) from None
    return Attachment(entry.rel, entry.size, entry.mtime_ns)
