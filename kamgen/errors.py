"""kamgen's errors: one tree, every message with a hint.

    KamgenError                 base of everything kamgen raises on purpose
    ├── PlanError               one problem at one place in one plan file
    ├── PlanErrors              many PlanErrors collected over a whole portfolio
    ├── ConfigError             a bad command-line or site configuration
    ├── BuildError              the site engine failed; the previous site is untouched
    └── YamlProblem             text that is not plain YAML data (kamgen.load; the loader
        └── EmptyDocument       turns it into a PlanError with the file's path)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BuildError",
    "ConfigError",
    "KamgenError",
    "PlanError",
    "PlanErrors",
    "did_you_mean",
    "format_key_path",
]

REFERENCE = "'kamgen reference' (docs/plan-format.md)"
"""Where a hint sends plan authors for every key of the plan files: the command that prints
the plan-format reference, and the file of it in kamgen's repository."""


class KamgenError(Exception):
    """Base class of every error kamgen raises for bad input or a failed build."""


MAX_KEY_PATH_PARTS = 8
"""Longer key paths are shown with their middle left out."""
MAX_KEY_PART_LENGTH = 60
"""Longer keys are shown cut short, ending in '…'."""


def format_key_path(path: Sequence[str | int]) -> str:
    """Return a key path as users write it: ``network[2].influence``.

    A path of more than :data:`MAX_KEY_PATH_PARTS` parts (only absurdly deep data has one)
    keeps its first four and last three parts: ``a[0][0][0]…[0][0][0]``; a key longer than
    :data:`MAX_KEY_PART_LENGTH` characters is cut short.
    """
    if len(path) > MAX_KEY_PATH_PARTS:
        tail = format_key_path(path[-3:])
        joiner = "…" if tail.startswith("[") else "…."
        return format_key_path(path[:4]) + joiner + tail
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = str(part)
            if len(key) > MAX_KEY_PART_LENGTH:
                key = key[: MAX_KEY_PART_LENGTH - 1] + "…"
            out += f".{key}" if out else key
    return out


def did_you_mean(wrong: str, known: Iterable[str], cutoff: float = 0.6) -> str:
    """``"did you mean 'west'? "`` when one of ``known`` is close to ``wrong``, else ``""``:
    the one way plan errors and the command line suggest what was probably meant."""
    close = difflib.get_close_matches(wrong, list(known), n=1, cutoff=cutoff)
    return f"did you mean '{close[0]}'? " if close else ""


Excerpt = tuple[tuple[int, str], ...]
"""Lines of a plan file that an error shows: (line number, text as it can be printed)."""


def _excerpt_lines(excerpt: Excerpt, line: int, column: int) -> list[str]:
    """The excerpt as printed below the message, numbered, with '^' under ``column`` of
    ``line`` and '…' where lines are left out."""
    width = len(str(max(number for number, _ in excerpt)))
    out: list[str] = []
    previous = 0
    for number, text in excerpt:
        if previous and number > previous + 1:
            out.append(f"    {'…':>{width}} |")
        out.append(f"    {number:>{width}} | {text}".rstrip())
        if number == line and 0 < column <= len(text) + 1:
            out.append(f"    {'':>{width}} | {' ' * (column - 1)}^")
        previous = number
    return out


@dataclass(frozen=True)
class PlanError(KamgenError):
    """A problem at one place of one plan file.

    ``line`` and ``column`` are 1-based; 0 means "the file as a whole".
    """

    path: Path
    line: int
    column: int
    key_path: tuple[str | int, ...]
    message: str
    hint: str = ""
    excerpt: Excerpt = ()
    """The lines of the file the error is on (and those it is about), shown below the
    message; empty for errors that the place says enough about."""

    def __post_init__(self) -> None:
        Exception.__init__(self, self.render())

    def location_in(self, base: Path | None) -> str:
        """``file:line:col`` with the file below ``base`` (the plans folder), so that a
        terminal or editor opened in the working folder finds it."""
        path = base / self.path if base is not None else self.path
        if self.line <= 0:
            return str(path)
        return f"{path}:{self.line}:{self.column}"

    @property
    def key(self) -> str:
        """The key path as users write it, or an empty string for the whole file."""
        return format_key_path(self.key_path)

    def render(self, base: Path | None = None) -> str:
        """The error as one or two lines of text; ``base`` prefixes the file's path."""
        head = f"{self.location_in(base)}: "
        if self.key_path:
            head += f"{self.key}: "
        text = head + self.message
        if self.excerpt:
            text += "\n" + "\n".join(_excerpt_lines(self.excerpt, self.line, self.column))
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def __str__(self) -> str:
        return self.render()


class PlanErrors(KamgenError):
    """Every problem found in a portfolio, collected before failing once."""

    def __init__(self, errors: Iterable[PlanError]) -> None:
        self.errors: list[PlanError] = sorted(
            errors, key=lambda e: (str(e.path), e.line, e.column, e.message)
        )
        files = len({e.path for e in self.errors})
        super().__init__(
            f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''}"
        )

    def render(self, base: Path | None = None) -> str:
        """All errors, one block each, then a one-line count; ``base`` prefixes paths."""
        return "\n".join([*(e.render(base) for e in self.errors), str(self)])


class ConfigError(KamgenError):
    """A bad command-line argument or site configuration."""


class BuildError(KamgenError):
    """The site could not be built; the previous site, if any, is left as it was."""
