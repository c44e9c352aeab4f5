"""The front matter of a Markdown page beside a plan (``accounts/<id>/*.md``)."""

from __future__ import annotations

from ._base import Model


class PageMeta(Model):
    """What a page beside a plan may say about itself, between two ``---`` lines at its
    top. Everything else a site engine would read there (templates, hiding, search
    settings, authors) is the site's business, not a page's."""

    title: str | None = None
    """The page's title, plain text; default: its first heading."""
    description: str | None = None
    """A one-line description, plain text."""
    tags: list[str] | str = []
    """Tags for the site's tag index: a text or a list of texts."""
    internal: bool = False
    """True when the page is internal: it is left out of the customer's shared edition."""
