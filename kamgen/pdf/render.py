"""A :class:`~kamgen.pdf.document.Document` as PDF bytes, with WeasyPrint, offline.

WeasyPrint asks its URL fetcher for every stylesheet, image and font a document names;
kamgen's fetcher serves the document's own files from memory and refuses every other
address (``file:``, ``http:``, ``data:``…), so neither a plan nor an image link in an
account's page can make a PDF read a file of the machine or reach the network.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..errors import KamgenError
from ..output import replace_file
from .document import FILES, ORIGIN, Document

__all__ = ["INSTALL_HINT", "Pdf", "Refused", "fetcher", "off_page", "render_pdf", "write_pdf"]

INSTALL_HINT = ("install Pango and a font, e.g. on Debian or Ubuntu: apt-get install "
                "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core (see 'PDF for the "
                "meeting' in the README)")

_TOLERANCE = 0.5
"""CSS pixels a box may reach past its page by rounding."""


class Refused(ValueError):
    """An address the PDF's fetcher does not serve."""


def _weasyprint() -> Any:
    """The weasyprint module; a :class:`KamgenError` naming what to install when it or
    the Pango library it draws text with cannot be loaded."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise KamgenError(f"cannot make a PDF: WeasyPrint does not load ({reason})\n"
                          f"    hint: {INSTALL_HINT}") from None
    return weasyprint


def fetcher(files: Mapping[str, Callable[[], bytes]], refused: list[str] | None = None) -> Any:
    """A WeasyPrint URL fetcher that serves ``files`` (address → bytes) and refuses every
    other address (noting it in ``refused``)."""
    urls = _weasyprint().urls

    class Fetcher(urls.URLFetcher):  # type: ignore[misc,name-defined]
        def fetch(self, url: str, headers: Any = None) -> Any:
            # An address as WeasyPrint asks for it, percent-encoded, or as written.
            read = files.get(url) or files.get(unquote(url))
            if read is None:
                if refused is not None:
                    refused.append(url)
                raise Refused(f"kamgen's PDF fetches nothing but its own files: {url[:200]}")
            kind = "text/css" if url.endswith(".css") else _image_type(url)
            return urls.URLFetcherResponse(url, read(), {"Content-Type": kind})

        def open(self, url: Any, data: Any = None, timeout: Any = None) -> Any:
            # WeasyPrint's redirects and its own helpers come here too: the same rule.
            return self.fetch(url if isinstance(url, str) else str(url.full_url))

    return Fetcher(allowed_protocols=("https",), allow_redirects=False)


_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


def _image_type(url: str) -> str:
    return _IMAGE_TYPES.get(os.path.splitext(url)[1].lower(), "application/octet-stream")


@dataclass(frozen=True)
class OffPage:
    """A box drawn past the edge of its page."""

    page: int
    """1 for the first page."""
    tag: str
    left: float
    right: float
    width: float
    """The page's width, CSS pixels."""
    table: str | None = None
    """For a table's box: its number (``data-kam-table``)."""


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def off_page(rendered: Any) -> list[OffPage]:
    """Every box of a rendered WeasyPrint document that reaches past the left or right
    edge of its page (running header and footer included)."""
    found = []
    for number, page in enumerate(rendered.pages, 1):
        width = page.width
        for box in _boxes(page._page_box):
            left = box.position_x + box.margin_left if box.margin_left != "auto" else \
                box.position_x
            right = left + box.border_width()
            if left < -_TOLERANCE or right > width + _TOLERANCE:
                tag = getattr(box, "element_tag", "") or ""
                element = getattr(box, "element", None)
                table = element.get("data-kam-table") if tag == "table" and element is not None \
                    else None
                found.append(OffPage(number, tag, left, right, width, table))
    return found


_TABLE = re.compile(r"<table\b", re.IGNORECASE)
_BREAK = 'data-kam-break=""'
"""Marks a table whose words may break anywhere (pdf.css): one that would not fit else."""


def _numbered(html: str) -> str:
    """``html`` with each table numbered (``data-kam-table``), to find it in the layout."""
    count = itertools.count()
    return _TABLE.sub(lambda match: f'{match.group(0)} data-kam-table="{next(count)}"', html)


def rendered_document(document: Document, refused: list[str] | None = None) -> Any:
    """The document laid out in pages (a WeasyPrint ``Document``): whole words first. A
    table that a word too long for its column pushes past the page's edge is laid out
    again with its long words (:data:`LONG_WORD` letters or more) given places to break,
    then, if it still does not fit, with every word free to break: the only places a
    word is ever broken."""
    weasyprint = _weasyprint()

    def layout(text: str) -> Any:
        return weasyprint.HTML(string=text, base_url=ORIGIN,
                               url_fetcher=fetcher(document.files, refused)).render()

    text = _numbered(document.html)
    rendered = layout(text)
    for loosen in (_long_words_break, _words_break):
        wide = {box.table for box in off_page(rendered) if box.table is not None}
        if not wide:
            break
        for table in sorted(wide):
            text = loosen(text, table)
        rendered = layout(text)
    return rendered


LONG_WORD = 24
_LONG = re.compile(rf"[^\s<>&]{{{LONG_WORD},}}")
_TEXT = re.compile(r">([^<]+)<")


def _table_span(text: str, table: str) -> tuple[int, int]:
    start = text.index(f'data-kam-table="{table}"')
    end = text.find("</table>", start)
    return start, len(text) if end < 0 else end


def _long_words_break(text: str, table: str) -> str:
    """``text`` with a place to break (a zero-width space) every 16 letters of each long
    word in the table numbered ``table``."""
    start, end = _table_span(text, table)

    def word(match: re.Match[str]) -> str:
        letters = match.group(0)
        return "\u200b".join(letters[i:i + 16] for i in range(0, len(letters), 16))

    inside = _TEXT.sub(lambda m: f">{_LONG.sub(word, m.group(1))}<", text[start:end])
    return text[:start] + inside + text[end:]


def _words_break(text: str, table: str) -> str:
    """``text`` with every word of the table numbered ``table`` free to break (pdf.css)."""
    mark = f'data-kam-table="{table}"'
    return text.replace(mark, f"{mark} {_BREAK}", 1)


@dataclass(frozen=True)
class Pdf:
    """A PDF's bytes, and the addresses its pages named that it did not fetch."""

    data: bytes
    left_out: tuple[str, ...] = ()
    """Addresses as the pages name them (:func:`_as_written`)."""


def render_pdf(document: Document) -> Pdf:
    """The document as a PDF; raises :class:`KamgenError` when a part of it would be
    drawn past the edge of a page."""
    refused: list[str] = []
    rendered = rendered_document(document, refused)
    past = off_page(rendered)
    if past:
        first = past[0]
        raise KamgenError(f"the PDF of {document.title} would draw a <{first.tag}> past the "
                          f"edge of page {first.page}\n    hint: this is a bug in kamgen's "
                          "print layout; please report it with the plan that shows it")
    left_out = dict.fromkeys(_as_written(url) for url in refused)
    return Pdf(rendered.write_pdf(), tuple(left_out))


def _as_written(url: str) -> str:
    """A refused address as a reader knows it: a file beside the plans relative to the
    plans folder, another address of kamgen's own below the site's root."""
    if url.startswith(ORIGIN + FILES):
        return unquote(url[len(ORIGIN + FILES):])
    return "/" + unquote(url[len(ORIGIN):]) if url.startswith(ORIGIN) else url


def write_pdf(data: bytes, out: Path) -> None:
    """Write ``data`` to ``out`` atomically: a temporary file beside it, then a rename,
    so that a failed run leaves no half-written PDF."""
    replace_file(out, data, "--out")

