"""Work remembered between the builds of one preview session (``kamgen serve``).

Within :func:`session`, valid plan files are remembered by their content (a plan that did
not change is not parsed again) and account pages by the digest of their inputs (a page
whose inputs did not change is not generated again). A one-off build remembers nothing:
it lets go of the plans as soon as the pages are written, which keeps its memory low.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .load import remembering_plans
from .site.generate import remembering_pages

__all__ = ["session"]


@contextmanager
def session() -> Iterator[None]:
    """Remember parsed plans and generated pages until the block ends."""
    with remembering_plans(), remembering_pages():
        yield
