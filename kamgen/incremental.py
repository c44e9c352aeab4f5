"""Work remembered between the builds of one preview session (``kamgen serve``).

Within :func:`session`, valid plan files are remembered by their content (a plan that did
not change is not parsed again, :mod:`kamgen.load`) and account pages by the digest of
their inputs (a page whose inputs did not change is not generated again,
:mod:`kamgen.site.generate`). A one-off build remembers nothing: it lets go of the plans
as soon as the pages are written, which keeps its memory low.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

__all__ = ["MEMORY", "session"]


@dataclass
class Memory:
    """What a session remembers; ``None`` outside a session."""

    plans: dict[Any, Any] | None = None
    """Valid plan files by (relative path, kind, content digest)."""
    pages: dict[bytes, str] | None = None
    """Account pages by the digest of their inputs."""


MEMORY = Memory()


@contextmanager
def session() -> Iterator[None]:
    """Remember parsed plans and generated pages until the block ends."""
    previous = MEMORY.plans, MEMORY.pages
    MEMORY.plans, MEMORY.pages = {}, {}
    try:
        yield
    finally:
        MEMORY.plans, MEMORY.pages = previous
