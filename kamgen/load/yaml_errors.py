"""What goes wrong in YAML text, said in a plan author's words, with a hint.

:class:`YamlProblem` is what :func:`~kamgen.load.parse_yaml` raises. The errors of PyYAML's
reader, scanner and parser (and of libyaml, which words them differently) become such a
problem through :data:`RULES`: an ordered table that :func:`problem_from_yaml_error` walks,
the first rule that answers wins. Each rule is a small function of the failure, or a
:class:`Wording`: the words the libraries use, and kamgen's message and hint.

The libraries' wording is not an interface they keep (PyYAML 6.0.4 changed some of it), so
every phrase kamgen depends on is in this table, and every rule's outcome is asserted by the
tests with both parsers (tests/test_loader.py, tests/test_hostile.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from ..errors import REFERENCE, KamgenError
from ..model.portfolio import KeyPath
from .limits import MAX_KEY_LENGTH
from .source import LEADING_KEY, line_column, numbered_lines, shorten, source_line

__all__ = [
    "LONG_KEY_HINT",
    "RULES",
    "TAG_HINT",
    "EmptyDocument",
    "Failure",
    "Wording",
    "YamlProblem",
    "bad_escape",
    "directive_problem",
    "problem_from_yaml_error",
    "tab_problem",
]


class YamlProblem(KamgenError):
    """Text that is not plain YAML data, or data a plan may not hold, and where it is.

    The loader turns it into a :class:`~kamgen.errors.PlanError` with the file's path.
    """

    def __init__(self, line: int, column: int, message: str, hint: str = "",
                 key_path: KeyPath = (), key: str = "", above: int = 0) -> None:
        super().__init__(message)
        self.line = line
        """1-based line of the text."""
        self.column = column
        """1-based column of the line."""
        self.message = message
        """What is wrong, in the words of plan-format.md."""
        self.hint = hint
        """What to do about it."""
        self.key_path = key_path
        """The key path of the value the problem is in, as far as the text read tells."""
        self.key = key
        """For a YAML syntax error: the key, in the mapping being read, whose value it is in."""
        self.above = above
        """A line above ``line`` that the message speaks of (the line to indent like), shown
        with it; 0 for none."""


class EmptyDocument(YamlProblem):
    """The text holds no data (empty, only comments or only '---' and '...'); the loader
    gives the hint that fits the kind of file."""


TAG_HINT = "plans hold plain data (text, numbers, dates, lists, mappings): remove the tag"
LONG_KEY_HINT = ("keys are plain words such as 'name' or 'influence'; a long text goes after "
                 "the ':', as the value")


def tab_problem(source: str, line: int, column: int) -> YamlProblem:
    """A tab at ``column`` of ``source`` (line ``line``), where YAML needs spaces."""
    if not source[: column - 1].strip(" -"):
        return YamlProblem(line, column, "a tab character where YAML needs spaces",
                           "indent with spaces, not tabs (set your editor to insert spaces)")
    return YamlProblem(line, column, "a tab character where YAML needs spaces",
                       "replace the tab with spaces; a tab that belongs to the text "
                       "needs the text in quotes")


def directive_problem(line: int, source: str) -> YamlProblem:
    """A '%YAML' or '%TAG' line (``source``) that kamgen does not read."""
    return YamlProblem(line, 1, f"the directive '{shorten(source.strip())}' cannot be read",
                       "remove the line: plans need no '%YAML' or '%TAG' line")


_ESCAPE_CODES = {"x": 2, "u": 4, "U": 8}
_ESCAPES = set("0abt\tnvfre \"/\\N_LP\r\n\x85\u2028\u2029")
"""What may follow a backslash in double quotes (a line break continues the text)."""
_QUOTE_OR_BACKSLASH = re.compile(r'["\\]')
_HEX = re.compile(r"[0-9a-fA-F]*")


def bad_escape(text: str, start: int) -> YamlProblem | None:
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
                return YamlProblem(
                    *line_column(text, at),
                    f"the escape '{written}' needs {length} hexadecimal digits",
                    "write \\x with 2, \\u with 4 or \\U with 8 hexadecimal digits (0-9, A-F), "
                    "or write the character itself",
                )
            code = int(digits.group(), 16)
            if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
                return YamlProblem(
                    *line_column(text, at), f"the escape '{written}' is not a Unicode character",
                    "write the character itself; an escape names a character from \\u0000 to "
                    "\\U0010FFFF, not half of a UTF-16 pair (D800 to DFFF)",
                )
            index = at + 2 + length
        elif letter and letter in _ESCAPES:
            index = at + 2
        else:
            return YamlProblem(
                *line_column(text, at),
                f"an unknown escape '{shorten(text[at: at + 2])}' in double quotes",
                "in double quotes a backslash starts an escape such as \\n or \\\"; write "
                "\\\\ for a backslash, or put the text in single quotes",
            )


# --- the failure, as the rules see it -----------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """An error of PyYAML or libyaml, with the place and the line of the text it is on."""

    error: yaml.YAMLError
    text: str
    line: int
    """1-based line of the problem (or, without one, of the context)."""
    column: int
    problem: str
    """The library's words for what is wrong ('mapping values are not allowed here')."""
    context: str
    """The library's words for what it was reading ('while scanning a quoted scalar')."""
    context_mark: Any
    """Where what it was reading starts (a ``yaml.Mark``), or None."""
    source: str
    """The text of the problem's line."""

    @classmethod
    def of(cls, error: yaml.YAMLError, text: str) -> Failure:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        return cls(error, text, line, column,
                   problem=str(getattr(error, "problem", None) or error),
                   context=str(getattr(error, "context", None) or ""),
                   context_mark=getattr(error, "context_mark", None),
                   source=source_line(text, line))

    @property
    def context_place(self) -> tuple[int, int]:
        """Line and column where the context starts, or of the problem without one."""
        if self.context_mark is None:
            return self.line, self.column
        return self.context_mark.line + 1, self.context_mark.column + 1


Rule = Callable[[Failure], YamlProblem | None]
"""A rule: the problem, when it knows the failure; None to leave it to the next rule."""


@dataclass(frozen=True)
class Wording:
    """A rule that knows a failure by the words the libraries use for it."""

    words: str
    """A regular expression searched in the library's problem (or context) text."""
    message: str
    """kamgen's message; ``{problem}`` stands for the library's own words."""
    hint: str
    said_in: Literal["problem", "context"] = "problem"
    at: Literal["problem", "context"] = "problem"
    """Where the message points: the problem, or the start of what was being read."""

    def __call__(self, failure: Failure) -> YamlProblem | None:
        said = failure.problem if self.said_in == "problem" else failure.context
        if re.search(self.words, said) is None:
            return None
        line, column = ((failure.line, failure.column) if self.at == "problem"
                        else failure.context_place)
        return YamlProblem(line, column, self.message.format(problem=failure.problem),
                           self.hint)


# --- the rules, in the order they are asked -------------------------------------------------


def _disallowed_character(failure: Failure) -> YamlProblem | None:
    """The reader refuses a character (a ReaderError: no words to match)."""
    error, text = failure.error, failure.text
    if not isinstance(error, yaml.reader.ReaderError):
        return None
    # libyaml counts the position in bytes of UTF-8, PyYAML in characters; the character is
    # refused wherever it is, so its first occurrence is where the reader stopped.
    first = text.find(chr(error.character)) if isinstance(error.character, int) else -1
    line, column = line_column(text, first if first >= 0 else error.position)
    return YamlProblem(
        line, column,
        f"a control character YAML does not allow (#x{error.character:04x})"
        if isinstance(error.character, int)
        else f"a character YAML does not allow ({error.reason})",
        "remove the invisible character, often pasted from another program",
    )


def _tab(failure: Failure) -> YamlProblem | None:
    """A tab near the place; PyYAML says "found character '\\t' that cannot start any
    token", libyaml often something about the indentation."""
    source = failure.source
    if "\t" not in source[: failure.column + 1] and "\\t" not in failure.problem:
        return None
    return tab_problem(source, failure.line,
                       source.find("\t") + 1 if "\t" in source else failure.column)


def _escape(failure: Failure) -> YamlProblem | None:
    """An escape in double quotes: "found unknown escape character", "expected escape
    sequence of 4 hexdecimal numbers" (libyaml), "... hexadecimal ..." (PyYAML)."""
    if ("quoted scalar" not in failure.context or failure.context_mark is None
            or not re.search("escape|hexdecimal|hexadecimal", failure.problem)):
        return None
    return bad_escape(failure.text, failure.context_mark.index)


def _closing_bracket(failure: Failure) -> YamlProblem | None:
    """A value that starts with ']', '}' or ',': "did not find expected node content"."""
    found = failure.source[failure.column - 1: failure.column]
    if "node content" not in failure.problem or found not in ("]", "}", ","):
        return None
    return YamlProblem(failure.line, failure.column, f"a value cannot start with {found!r}",
                       "put the value in quotes")


def _anchor_name(failure: Failure) -> YamlProblem | None:
    """A bad anchor or alias name: "while scanning an anchor" / "an alias"."""
    if "anchor" not in failure.context and "alias" not in failure.context:
        return None
    what = "an alias" if "alias" in failure.context else "an anchor"
    return YamlProblem(
        *failure.context_place,
        f"the name of {what} may only hold the letters A to Z, digits, '-' and '_'",
        "rename it, e.g. &contact-1 and *contact-1",
    )


def _directive(failure: Failure) -> YamlProblem | None:
    """A '%' line: the libraries' words differ for every kind of bad directive."""
    if not failure.source.startswith("%"):
        return None
    return directive_problem(failure.line, failure.source)


def _long_key(failure: Failure) -> YamlProblem | None:
    """A key longer than YAML allows (1,024 characters): the libraries only see a missing
    ':' there."""
    source, column = failure.source, failure.column
    if column <= MAX_KEY_LENGTH or source[column - 1: column] != ":":
        return None
    before = source[: column - 1]
    key = before.lstrip(" -?{[")
    if ": " in key or len(key.strip()) <= MAX_KEY_LENGTH:
        return None
    return YamlProblem(failure.line, len(before) - len(key) + 1,
                       f"a key longer than {MAX_KEY_LENGTH:,} characters", LONG_KEY_HINT)


_TAG_START = re.compile(r"(?:^|(?<=[\s\[{,:-]))!")
_TAG_TEXT = re.compile(r"!<[^>]*>?|[^\s,\[\]{}]*")


def _tag(failure: Failure) -> YamlProblem | None:
    """A tag the scanner cannot read: "while scanning a tag", "... tag handle", "URI",
    "octet"; it is refused anyway."""
    if not ("tag" in failure.context or re.search("tag handle|URI|octet", failure.problem)):
        return None
    source = failure.source
    starts = [found.start() for found in _TAG_START.finditer(source, 0, failure.column)]
    if not starts:
        return None
    tag = _TAG_TEXT.match(source, starts[-1])
    return YamlProblem(failure.line, starts[-1] + 1,
                       f"the YAML tag '{shorten(tag.group() if tag else '!')}' is not allowed",
                       TAG_HINT)


def _colon_in_value(failure: Failure) -> YamlProblem | None:
    """A ': ' inside a plain value: "mapping values are not allowed here" (in this
    context, libyaml)."""
    if "mapping values are not allowed" not in failure.problem:
        return None
    continued = _continued_key(failure.text, failure.line, failure.column)
    if continued is not None:
        above, above_line, key_column, key = continued
        return YamlProblem(
            failure.line, key_column,
            f"'{key}:' is indented deeper than '{above}:' on line {above_line}, "
            f"so YAML reads it as part of the value of '{above}'",
            f"keys of one mapping start in the same column: move '{key}:' to line up "
            f"with '{above}:'; if it is text, put the whole value of '{above}' in quotes",
            key=above, above=above_line,
        )
    return YamlProblem(failure.line, failure.column,
                       "a ': ' inside a value that YAML cannot read",
                       _quote_suggestion(failure.source, failure.column))


def _flow_not_closed(failure: Failure) -> YamlProblem | None:
    """A '[' or '{' not closed: "did not find expected ',' or ']'" (or '}')."""
    problem, context_mark = failure.problem, failure.context_mark
    if not ("',' or ']'" in problem or "',' or '}'" in problem) or context_mark is None:
        return None
    line, column, source = failure.line, failure.column, failure.source
    list_ = "']'" in problem
    opened = context_mark.line + 1
    if opened == line and source[column - 1: column] == ":":
        return YamlProblem(line, column, "a ': ' inside a value that YAML cannot read",
                           "inside [ ] or { }, put text that contains ': ' or ',' in quotes")
    return YamlProblem(
        opened, context_mark.column + 1,
        f"the {'list' if list_ else 'mapping'} opened with '{'[' if list_ else '{'}' "
        "here is not closed before "
        + (f"line {line}" if source.strip() else "the end of the file"),
        f"close it with '{']' if list_ else '}'}' on line {opened}; "
        "text that contains ',' or ': ' goes in quotes",
    )


def _cannot_start_token(failure: Failure) -> YamlProblem | None:
    """A character no value starts with ("found character '`' that cannot start any
    token"), often the rest of a quote that ended a line early."""
    if "cannot start any token" not in failure.problem:
        return None
    line, column, source = failure.line, failure.column, failure.source
    found = source[column - 1: column]
    before = source[column - 2: column - 1] if column >= 2 else ""
    opened, at = (_unclosed_quote(failure.text, line, before) if before in ("'", '"')
                  else (0, 0))
    if opened:
        return YamlProblem(
            opened, at,
            f"the quote {before} opened on this line is not closed on it, so the text "
            f"runs on to line {line}",
            f"close the quote on line {opened}",
        )
    return YamlProblem(line, column, f"a value cannot start with {found!r}",
                       "put the value in quotes")


def _text_after_closing(failure: Failure) -> YamlProblem | None:
    """Text after a closing quote or bracket: "expected <block end>" (PyYAML), "did not
    find expected key" (libyaml)."""
    closing = failure.source[: failure.column - 1].rstrip()[-1:]
    if (not re.search("<block end>|expected key", failure.problem)
            or closing not in ("'", '"', "]", "}")):
        return None
    return YamlProblem(failure.line, failure.column,
                       f"more text after the closing {closing} of a value",
                       "put the whole value in quotes, or move the text inside them")


def _list_after_key(failure: Failure) -> YamlProblem | None:
    """A list item on the line of its key (``roles: - buyer``): "block sequence entries are
    not allowed here" (libyaml: "... in this context")."""
    if "sequence entries are not allowed" not in failure.problem:
        return None
    found = LEADING_KEY.match(failure.source)
    key = found.group("key") if found is not None else ""
    return YamlProblem(
        failure.line, failure.column,
        f"a list item ('- ') after '{key}:' on the same line" if key
        else "a list item ('- ') where a value was expected",
        (f"start the list on the line below '{key}:', one '- ' item per line, indented; "
         f"or write it on one line in brackets: {key}: [a, b]") if key
        else "start each list item on a line of its own",
    )


_INDENTED = re.compile(r"(?P<indent> *)(?P<dashes>(?:-(?: +|$))*)(?P<rest>.*)")


@dataclass(frozen=True)
class _Start:
    """How a line of a plan starts: where its first list item and its key stand."""

    number: int
    dash: int
    """1-based column of its first '- ', or 0."""
    key: int
    """1-based column of its key (after any '- '), or 0."""
    key_text: str
    source: str

    @classmethod
    def of(cls, number: int, source: str) -> _Start:
        found = _INDENTED.match(source)
        assert found is not None  # the pattern matches any line
        dash = len(found.group("indent")) + 1 if found.group("dashes") else 0
        key = LEADING_KEY.match(source)
        return cls(number, dash, key.start("key") + 1 if key is not None else 0,
                   key.group("key") if key is not None else "", source.strip())

    def column(self, item: bool) -> int:
        """Where its list item (``item``) or its key starts, or 0."""
        return self.dash if item else self.key

    def shown(self, item: bool) -> str:
        """What a message quotes of the line: its list item (``item``) or its key."""
        return f"'{shorten(self.source, 30)}'" if item else f"'{self.key_text}:'"


def _open_lines(text: str, line: int) -> list[_Start]:
    """The lines above ``line`` whose lists and mappings are still open there, nearest
    first: the line just above, then each line that starts left of every line after it."""
    chain: list[_Start] = []
    least = len(text) + 1
    starts = [(number, source) for number, source in numbered_lines(text, line - 1)
              if source.strip() and not source.lstrip().startswith("#")]
    for number, source in reversed(starts):
        first = len(source) - len(source.lstrip(" ")) + 1
        if first < least:
            chain.append(_Start.of(number, source))
            least = first
        if least == 1:
            break
    return chain


def _indentation(failure: Failure) -> YamlProblem | None:
    """A line that starts in a column where no open list or mapping above it starts:
    "expected <block end>" (PyYAML), "did not find expected key" or "... '-' indicator"
    (libyaml). The message names the line above to line it up with, and both are shown."""
    if not re.search("<block end>|expected key|expected '-' indicator|document start",
                     failure.problem):
        return None
    source = failure.source
    if not source.strip() or len(source) - len(source.lstrip(" ")) + 1 != failure.column:
        return None
    here = _Start.of(failure.line, source)
    item = bool(here.dash)
    column = here.column(item)
    chain = _open_lines(failure.text, failure.line)
    if column == 0:
        return _block_text(failure, chain)
    if any(start.column(item) == column for start in chain):
        return None
    other = [start for start in chain if start.column(not item) == column]
    if other:
        return _mixed(failure, here, other[0], item)
    alike = [start for start in chain if start.column(item)]
    if not alike:
        return None
    target = min(alike, key=lambda start: abs(start.column(item) - column))
    wanted = target.column(item)
    if column == 1 and not item:
        return _top_level(failure, here, target)
    kind = "items of one list" if item else "keys of one mapping"
    spaces = f"{wanted - 1} space{'s' if wanted != 2 else ''}"
    return YamlProblem(
        failure.line, failure.column,
        f"{here.shown(item)} starts in column {column}, but {target.shown(item)} on line "
        f"{target.number} starts in column {wanted}",
        f"{kind} start in the same column: indent {here.shown(item)} by {spaces}, like "
        f"{target.shown(item)} (or like the list or mapping it belongs to)",
        above=target.number,
    )


_BLOCK_HEADER = re.compile(r".*:\s+[|>][-+0-9]*\s*(?:#.*)?$")


def _block_text(failure: Failure, chain: list[_Start]) -> YamlProblem | None:
    """A line of a '|' or '>' text that starts left of the text's first line."""
    header = next((start for start in chain if _BLOCK_HEADER.fullmatch(start.source)), None)
    if header is None or not header.key:
        return None
    first_line, first_text = next(
        ((number, source) for number, source in numbered_lines(failure.text, failure.line - 1)
         if number > header.number and source.strip()), (0, ""))
    if not first_line:
        return None
    first = len(first_text) - len(first_text.lstrip(" ")) + 1
    return YamlProblem(
        failure.line, failure.column,
        f"this line of the text of '{header.key_text}:' starts in column {failure.column}, "
        f"left of the text's first line (line {first_line}, column {first})",
        f"indent every line of a '|' or '>' text by at least {first - 1} spaces, as deep as "
        "its first line; a line further left ends the text",
        above=first_line,
    )


def _top_level(failure: Failure, here: _Start, deeper: _Start) -> YamlProblem:
    """A key at the start of its line after top-level keys that start deeper: the line too
    deep is the one above (`` name: ...`` on the first line of a plan)."""
    return YamlProblem(
        deeper.number, deeper.key,
        f"{deeper.shown(False)} starts in column {deeper.key}, but the keys at the top of the "
        f"file start in column 1 (like {here.shown(False)} on line {here.number})",
        f"remove the spaces before {deeper.shown(False)}: keys of one mapping start in the "
        "same column",
    )


def _document_end(failure: Failure) -> YamlProblem | None:
    """Text after a '...' line, which ends the plan: "expected '<document start>'" (PyYAML),
    "did not find expected <document start>" (libyaml)."""
    if "document start" not in failure.problem or not any(
            source.strip() == "..." for _, source in numbered_lines(failure.text, failure.line)):
        return None
    return YamlProblem(failure.line, failure.column,
                       "more text after the end of the plan ('...')",
                       "remove the '...' line, or what follows it")


def _mixed(failure: Failure, here: _Start, target: _Start, item: bool) -> YamlProblem:
    """A key and a list item that start in the same column, one after the other: YAML
    cannot tell whether the level holds a list or a mapping."""
    if item:
        message = (f"the list item {here.shown(item)} starts in the same column as the key "
                   f"{target.shown(False)} on line {target.number}")
        hint = ("one level holds keys or a list, not both: indent the list below the key it "
                "belongs to, or start every line of this level with '- '")
    else:
        message = (f"the key {here.shown(item)} starts in the same column as the list item "
                   f"{target.shown(True)} on line {target.number}")
        hint = ("one level holds keys or a list, not both: put the list below a key of its "
                "own, indented, or indent this key to belong to the list item above")
    return YamlProblem(failure.line, failure.column, message, hint, above=target.number)


RULES: tuple[Rule, ...] = (
    _disallowed_character,
    _tab,
    _escape,
    Wording("block scalar", "the text of a '|' or '>' block starts on the line below it",
            "move the text to the next line and indent it; after '|' or '>' only '-', '+' "
            "or a digit may follow", said_in="context"),
    _closing_bracket,
    _anchor_name,
    _directive,
    _long_key,
    _tag,
    _colon_in_value,
    _flow_not_closed,
    Wording("while scanning a quoted scalar",
            "the text in quotes that starts here is not closed",
            "end it with the same quote it starts with", said_in="context", at="context"),
    _cannot_start_token,
    _text_after_closing,
    _list_after_key,
    _document_end,
    _indentation,
    Wording("expected <block end>|did not find expected key|expected '-' indicator",
            "the indentation does not line up",
            "keys of one mapping and items of one list start in the same column"),
    Wording("could not find expected ':'", "a line without ':' where a key was expected",
            "write 'key: value', or put a long text in quotes", at="context"),
    Wording("end of the stream|found unexpected end", "the file ends inside a value",
            "close every quote and bracket that is opened"),
)
"""What PyYAML's and libyaml's errors mean, asked in this order; the first answer wins."""


def problem_from_yaml_error(error: yaml.YAMLError, text: str) -> YamlProblem:
    """A PyYAML reader, scanner or parser error (from either parser) as a message with a
    hint: the answer of the first of :data:`RULES` that knows it."""
    failure = Failure.of(error, text)
    for rule in RULES:
        problem = rule(failure)
        if problem is not None:
            return problem
    return YamlProblem(failure.line, failure.column,
                       "the text here does not read as keys, values and lists",
                       "check the indentation and the punctuation around this line; the "
                       f"plan format is in {REFERENCE}")


# --- helpers of the rules -------------------------------------------------------------------


def _line_above(text: str, line: int) -> tuple[int, str]:
    """The nearest line above ``line`` that holds more than a comment, and its number."""
    above: tuple[int, str] = (0, "")
    for number, source in numbered_lines(text, line - 1):
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
    here = LEADING_KEY.match(source_line(text, line))
    if here is None or here.end() != column or "-" in here.group(0)[: here.start("key")]:
        return None
    above_line, above = _line_above(text, line)
    there = LEADING_KEY.match(above)
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
    for number, source in numbered_lines(text, line - 1):
        if source.count(quote) % 2:
            found = (number, source.rindex(quote) + 1)
    return found


def _quote_suggestion(source: str, column: int) -> str:
    """A hint that shows the line's value in quotes, when the line is ``key: value``."""
    found = LEADING_KEY.match(source)
    value = source[found.end():].strip() if found is not None else ""
    if (found is None or found.end() >= column or not value or '"' in value or " #" in value
            or len(value) > 60):
        return "put text that contains ': ' in quotes"
    return f"put text that contains ': ' in quotes: {found.group('key')}: \"{value}\""
