"""Plain data from YAML text, read event by event, with the position of every value.

YAML is read event by event (libyaml's C parser when present, PyYAML's own otherwise)
and turned into plain Python data here, so that the loader, not the YAML library,
decides what a plan may hold: no tags that build objects, no duplicate keys, a bounded
alias expansion, a bounded depth, bounded numbers and keys (:mod:`kamgen.load.limits`).
Every value's position is kept so that errors from Pydantic and from the cross-reference
checks point at ``file:line:col``.

Hostile input (tests/hostile, tests/test_fuzz.py) ends in a :class:`YamlProblem`, never in
another exception, and takes time and memory in proportion to the text: every pass over the
text moves forward, and no message copies more than a short piece of what the text says.
PyYAML's own parser and libyaml differ in what they accept and how they word errors; both
give the same result here (the wording: :mod:`kamgen.load.yaml_errors`). libyaml also has a
nesting limit of its own, which its scanner can reach far ahead of the event being read:
such a text is read again with PyYAML's parser, so that kamgen's depth guard, not libyaml,
decides where the text nests too deep.

The reader also keeps the text of every value written as digits in groups of three after
dots (``96.000``, ``2.400.000``): German thousands separators, which YAML reads as a decimal
point (96.0) or as a text. Whether that is a mistake depends on the field, which the loader
knows (:mod:`kamgen.load.numbers`), not the reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..model.portfolio import KeyPath
from .kinds import KINDS
from .limits import MAX_DEPTH, MAX_DIGITS, MAX_KEY_LENGTH, MAX_VALUES
from .source import (
    LEADING_KEY,
    LINE_BREAK,
    describe,
    line_column,
    numbered_lines,
    shorten,
    source_line,
)
from .yaml_errors import (
    LONG_KEY_HINT,
    TAG_HINT,
    EmptyDocument,
    YamlProblem,
    bad_escape,
    directive_problem,
    problem_from_yaml_error,
    tab_problem,
)

__all__ = ["THOUSANDS", "YamlDocument", "holds_no_data", "parse_yaml", "read_yaml"]

_Parser: Any = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
"""The parser class a reader uses: libyaml's when present, PyYAML's own otherwise."""

_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null")}
_COLLECTION_TAGS = {f"{_YAML}map", f"{_YAML}seq"}
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


THOUSANDS = re.compile(r"[-+]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
"""Digits in groups of three after dots, as German writes thousands: ``96.000``,
``2.400.000`` (to be matched whole). ``0.500`` is not such a number, nor is ``96.50``."""


class _Thousands(float):
    """A float that YAML read from digits in groups of three after a dot (``96.000``), with
    the text as written, while the document is read; :func:`read_yaml` gives plain floats."""

    __slots__ = ("written",)
    written: str

    def __new__(cls, value: float, written: str) -> _Thousands:
        number = super().__new__(cls, value)
        number.written = written
        return number


@dataclass(frozen=True)
class YamlDocument:
    """One YAML document as plain data, with the positions of its key paths."""

    data: Any
    """Plain data: mappings with text keys, lists, texts, numbers, booleans and None."""
    marks: dict[KeyPath, tuple[int, int]]
    """Where each key path starts: (line, column), both 1-based."""
    thousands: tuple[tuple[KeyPath, str], ...] = field(default=())
    """The values written as digits in groups of three after dots (:data:`THOUSANDS`), by
    key path, with their text: ``96.000`` (in the data as 96.0), ``2.400.000`` (a text).
    A value that an alias repeats is listed at every place it appears."""


@dataclass
class _Frame:
    """An open list or mapping while events stream in."""

    container: list[Any] | dict[str, Any]
    path: KeyPath
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
        raise YamlProblem(
            line, column,
            f"the YAML tag '{_short_tag(event.tag)}' is not allowed",
            TAG_HINT,
        )
    name = tag.rsplit(":", 1)[-1]
    if not event.implicit[0]:
        # An explicit !!int, !!float, !!bool or !!null: the text must be one YAML reads as
        # that type anyway (PyYAML's constructors fail with KeyError or IndexError on
        # '!!bool abc' or '!!int ""'); !!float also takes a whole number.
        written = _resolver.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
        if written != tag and not (name == "float" and written == f"{_YAML}int"):
            line, column = _mark(event)
            raise YamlProblem(line, column, _tagged_problem(value, name),
                              _TAGGED_HINTS[name])
        if name == "float" and written == f"{_YAML}int":
            tag = f"{_YAML}int"
    if tag == f"{_YAML}int":
        digits = len(_NOT_DIGITS.sub("", _INT_PREFIX.sub("", value, count=1)))
        if digits > MAX_DIGITS:
            line, column = _mark(event)
            raise YamlProblem(
                line, column,
                f"the number {shorten(value, 20)} has {digits:,} digits, more than the "
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
        raise YamlProblem(line, column, _tagged_problem(value, name),
                          _TAGGED_HINTS[name]) from None
    return float(constructed) if name == "float" else constructed


_TAGGED_WORDS = {"int": "a whole number", "float": "a number", "bool": "true or false",
                 "null": "nothing (null)"}


def _tagged_problem(value: str, name: str) -> str:
    """What is wrong with a value whose tag (``!!bool``) asks for another kind of value."""
    return f"the tag '!!{name}' asks for {_TAGGED_WORDS[name]}; found {describe(value)}"


_TAGGED_HINTS = {
    "int": "write a whole number such as 42, or remove the tag",
    "float": "write a number such as 4.5, or remove the tag",
    "bool": "write true or false, or remove the tag",
    "null": "write null, ~ or nothing, or remove the tag",
}
_INT_PREFIX = re.compile(r"[-+]?0[box]")
_NOT_DIGITS = re.compile(r"[^0-9a-fA-F]")


def _short_tag(tag: str) -> str:
    return shorten("!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag)


_COMMENT = re.compile(r"(?:^|(?<=[ \t\n\r\x85\u2028\u2029]))#")
"""A '#' that starts a comment (searched for within one line)."""


_SURROGATE = re.compile("[\ud800-\udfff]")
_MARKER = re.compile(r"(---|\.\.\.)(?:[ \t]+#.*)?")


def _empty(text: str) -> EmptyDocument:
    """The problem of a file without data: empty, only comments, or only '---' or '...'.

    Its hint is an account plan's, the most common file; :func:`~kamgen.load.validate_file`
    gives the one of the file's kind.
    """
    hint = KINDS["account"].empty_hint
    if not text.strip():
        return EmptyDocument(1, 1, "the file is empty", hint)
    markers = sorted({found.group(1) for _, line in numbered_lines(text, len(text) + 1)
                      if (found := _MARKER.fullmatch(line.strip())) is not None})
    if not markers:
        return EmptyDocument(1, 1, "the file holds only comments, no data", hint)
    shown = " and ".join(f"'{marker}'" for marker in markers)
    return EmptyDocument(1, 1, f"the file holds no data, only {shown}", hint)


def holds_no_data(text: str) -> bool:
    """True when every line is blank, a comment or a document marker ('---', '...')."""
    for _, line in numbered_lines(text, len(text) + 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#") and not _MARKER.fullmatch(stripped):
            return False
    return True


def parse_yaml(text: str) -> tuple[Any, dict[KeyPath, tuple[int, int]]]:
    """Parse one YAML document into plain data and the position of every key path.

    Raises :class:`YamlProblem` for anything that is not plain data.
    """
    document = read_yaml(text)
    return document.data, document.marks


def read_yaml(text: str) -> YamlDocument:
    """Parse one YAML document into plain data, the position of every key path and the
    values written with thousands separators.

    Raises :class:`YamlProblem` for anything that is not plain data.
    """
    return _Reader().read(text)


def _take_thousands(data: Any) -> tuple[Any, tuple[tuple[KeyPath, str], ...]]:
    """The data with plain floats for :class:`_Thousands`, and where each of them and each
    text of :data:`THOUSANDS` is.

    An aliased list or mapping is one object at several places: every place is visited (as
    often as the alias expansion the reader allows) before any value is replaced.
    """
    if isinstance(data, _Thousands):
        return float(data), (((), data.written),)
    found: list[tuple[KeyPath, str]] = []
    replace: list[tuple[Any, Any]] = []
    todo: list[tuple[KeyPath, Any]] = [((), data)]
    while todo:
        path, container = todo.pop()
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in items:
            if isinstance(value, _Thousands):
                found.append(((*path, key), value.written))
                replace.append((container, key))
            elif isinstance(value, str):
                if "." in value and THOUSANDS.fullmatch(value):
                    found.append(((*path, key), value))
            elif isinstance(value, (dict, list)):
                todo.append(((*path, key), value))
    for container, key in replace:
        container[key] = float(container[key])
    return data, tuple(found)


class _Reader:
    """Builds plain data from YAML events, with positions and guards."""

    def __init__(self, parser: Any = None) -> None:
        self.parser: Any = _Parser if parser is None else parser
        """The parser class: libyaml's when present, or PyYAML's own."""
        self.marks: dict[KeyPath, tuple[int, int]] = {}
        self.anchors: dict[str, tuple[Any, int, int] | None] = {}
        """Anchored values: (value, number of values, levels of nesting); None while open."""
        self.stack: list[_Frame] = []
        self.result: list[Any] = []
        self.total = 0
        self.quoted: list[tuple[int, int]] = []
        """Where quoted and block texts are, in which a tab is text, not a separator."""
        self.thousands = False
        """True once a value was written as :data:`THOUSANDS`."""

    def stray_tab(self, text: str, before: tuple[int, int] | None = None) -> YamlProblem | None:
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
            end = LINE_BREAK.search(text, index)
            line_end = end.start() if end is not None else len(text)
            if _COMMENT.search(text, line_start, index):
                index = text.find("\t", line_end)
                continue
            line, column = line_column(text, index)
            if before is not None and (line, column) > before:
                return None
            problem = tab_problem(text[line_start:line_end], line, column)
            written = [(mark, path) for path, mark in self.marks.items() if mark <= (line, column)]
            problem.key_path = max(written)[1] if written else ()
            return problem
        return None

    def read(self, text: str) -> YamlDocument:
        surrogate = _SURROGATE.search(text)
        if surrogate is not None:
            # Only text that did not come from a file can hold one: libyaml cannot even
            # take it (UnicodeEncodeError).
            raise YamlProblem(*line_column(text, surrogate.start()),
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
                    raise bad_escape(text, _span(event)[0]) or YamlProblem(
                        *_mark(event), "an escape that is not a Unicode character",
                        "write the character itself")
                if isinstance(event, yaml.DocumentStartEvent):
                    version = event.version
                    if version is not None and (version[0] != 1 or version[1] > 2):
                        # PyYAML reads '%YAML 1.99999999999', libyaml does not.
                        line = next((number for number, source
                                     in numbered_lines(text, len(text) + 1)
                                     if source.startswith("%YAML")), 1)
                        raise directive_problem(line, source_line(text, line))
                    documents += 1
                    if documents > 1:
                        raise YamlProblem(
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
            elif not self.result and not self.stack and holds_no_data(text):
                # PyYAML and libyaml refuse a file of only '...'.
                raise _empty(text) from None
            else:
                problem = self.unclosed(exc, text) or problem_from_yaml_error(exc, text)
                problem.key_path = self.where(source_line(text, problem.line), problem.key)
                raise self.stray_tab(text, (problem.line, problem.column)) or problem from None
        except YamlProblem as problem:
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
        if not self.thousands:
            return YamlDocument(self.result[0], self.marks)
        data, thousands = _take_thousands(self.result[0])
        return YamlDocument(data, self.marks, thousands)

    def unclosed(self, exc: yaml.YAMLError, text: str) -> YamlProblem | None:
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
        return YamlProblem(
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
                escape = bad_escape(text, text.rfind('"', 0, index))
                raise escape or YamlProblem(
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
            if "." in event.value and THOUSANDS.fullmatch(event.value):
                self.thousands = True
                if isinstance(value, float):
                    value = _Thousands(value, event.value)
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
            name = shorten(str(event.anchor))
            if event.anchor not in self.anchors:
                raise YamlProblem(*mark, f"the alias *{name} has no anchor",
                                  f"define &{name} before using *{name}")
            target = self.anchors[event.anchor]
            if target is None:
                raise YamlProblem(
                    *mark, f"the alias *{name} refers to itself (a recursive alias)",
                    "a value cannot contain itself: write the data out",
                )
            if len(self.stack) + target[2] > MAX_DEPTH:
                # An alias inside an alias inside ... nests without a bracket in the file.
                raise _too_deep(mark)
            self.begin(top, mark)
            self.attach(target[0], target[1], depth=target[2])

    def where(self, source: str, key: str) -> KeyPath:
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
            found = LEADING_KEY.match(source)
            if found is not None and top.key_mark[1] == found.start("key") + 1:
                return (*top.path, found.group("key"))
        return top.path

    def path_below(self, frame: _Frame | None) -> KeyPath:
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
            raise YamlProblem(
                *mark, f"the YAML tag '{_short_tag(event.tag)}' is not allowed",
                TAG_HINT,
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
            raise YamlProblem(*mark, f"an alias (*{shorten(str(event.anchor))}) cannot be a key",
                              "write the key out", frame.path)
        if not isinstance(event, yaml.ScalarEvent):
            raise YamlProblem(*mark, "a list or mapping cannot be a key",
                              "keys are plain words such as 'name' or 'influence'",
                              frame.path)
        if event.tag not in (None, "!", f"{_YAML}str") and not event.implicit[0]:
            raise YamlProblem(*mark, f"the YAML tag '{_short_tag(event.tag)}' is not allowed",
                              TAG_HINT, frame.path)
        key = event.value
        if len(key) > MAX_KEY_LENGTH:
            raise YamlProblem(*mark, f"a key longer than {MAX_KEY_LENGTH:,} characters",
                              LONG_KEY_HINT, frame.path)
        if event.anchor is not None:
            # Its value would be the key, which no plan needs; an alias to it must not say
            # "no anchor".
            self.anchors[event.anchor] = (key, 1, 0)
        assert frame.key_lines is not None
        if key in frame.key_lines and key != "<<":
            raise YamlProblem(
                *mark,
                f"duplicate key '{shorten(key)}' (first on line {frame.key_lines[key]})",
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
            raise YamlProblem(
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


def _too_deep(mark: tuple[int, int]) -> YamlProblem:
    return YamlProblem(*mark, f"lists and mappings nested deeper than {MAX_DEPTH} levels",
                       "plans are a few levels deep: flatten the data")


def _merge(frame: _Frame, value: Any, mark: tuple[int, int]) -> None:
    """Apply a YAML merge key (``<<: *defaults``); keys written out win."""
    sources = value if isinstance(value, list) else [value]
    if not all(isinstance(source, dict) for source in sources):
        raise YamlProblem(*mark, "a merge key '<<' needs a mapping or a list of mappings",
                          "write '<<: *name' where &name marks a mapping", frame.path)
    merged = frame.merged if frame.merged is not None else {}
    for source in sources:
        for key, item in source.items():
            merged.setdefault(key, item)
    frame.merged = merged

