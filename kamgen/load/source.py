"""Lines and columns of a file's text as YAML counts them, and what messages quote of it.

YAML ends a line at '\n', '\r\n', a lone '\r', NEL, LS and PS; its marks (and so kamgen's
positions) count lines that way. Every helper here moves forward through the text once,
and no message copies more than a short piece of what the file says.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

__all__ = [
    "LEADING_KEY",
    "LINE_BREAK",
    "describe",
    "excerpt",
    "line_column",
    "numbered_lines",
    "shorten",
    "source_line",
]


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters, for messages that quote what the file says."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
"""What YAML counts as the end of a line (and so its marks do)."""


def _plain_breaks(text: str) -> bool:
    """True when every line of ``text`` ends in '\n' or '\r\n', so that lines can be found
    with str.find; YAML also ends a line at a lone '\r', NEL, LS and PS."""
    return not ("\x85" in text or "\u2028" in text or "\u2029" in text
                or text.count("\r") != text.count("\r\n"))


def line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset, with lines counted as YAML does."""
    if _plain_breaks(text):
        line = text.count("\n", 0, position) + 1
        return line, position - (text.rfind("\n", 0, position) + 1) + 1
    line, start = 1, 0
    for found in LINE_BREAK.finditer(text, 0, position):
        line, start = line + 1, found.end()
    return line, position - start + 1


def numbered_lines(text: str, last: int) -> Iterator[tuple[int, str]]:
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
    for found in LINE_BREAK.finditer(text):
        if number > last:
            return
        yield number, text[start: found.start()]
        number, start = number + 1, found.end()
    if number <= last:
        yield number, text[start:]


LEADING_KEY = re.compile(r"(?P<indent> *)(?:- +)*(?P<key>[A-Za-z0-9_][\w.-]*) *:(?=\s|$)")
"""A line that starts with a plain key (``key:`` or ``- key:``), as plans write them."""


def source_line(text: str, line: int) -> str:
    """The text of line ``line`` (1-based) without its line break; empty past the end."""
    found = ""
    for number, source in numbered_lines(text, line):
        if number == line:
            found = source
    return found


EXCERPT_WIDTH = 120
"""Longest line an error shows; a longer one is cut, and none is shown for a place past it."""


def _printable(source: str) -> str:
    """A line as a terminal can show it, one character for each of the line's: a tab as
    '→', any other control or invisible character as '�', so that the marker stays under
    its column and nothing in the file reaches the terminal as a command."""
    if source.isprintable():
        return source
    return "".join(c if c.isprintable() else "→" if c == "\t" else "\ufffd" for c in source)


def excerpt(text: str, line: int, column: int, above: int = 0) -> tuple[tuple[int, str], ...]:
    """Line ``line`` of ``text`` as an error shows it; with line ``above`` (a line before it
    that the message speaks of, or 0 for none) and then the line just before ``line``.
    Nothing when the place lies past :data:`EXCERPT_WIDTH` or the line is empty."""
    if line <= 0 or column > EXCERPT_WIDTH:
        return ()
    wanted = {line, above, line - 1 if above else 0} - {0}
    shown = [(number, _printable(shorten(source, EXCERPT_WIDTH)))
             for number, source in numbered_lines(text, line)
             if number in wanted and (number in (line, above) or source.strip())]
    if not any(number == line and source.strip() for number, source in shown):
        return ()
    return tuple(shown)


def describe(value: Any) -> str:
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
