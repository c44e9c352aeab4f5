"""Pages of headings and blocks of finished HTML: the account pages and the portfolio
pages that list every account.

A template of such a page prints each heading with ``heading(level, title, id)``: the
heading goes into the page's structure, :class:`HtmlPage`, and the template's text
between two headings is one block of HTML. An engine adapter puts the page together
itself (:meth:`HtmlPage.rendered`: only the heading lines need the engine's Markdown
settings, for their ids and permalinks) and any other engine reads its Markdown
(:meth:`HtmlPage.markdown`), which Markdown turns into the same HTML.
"""

from __future__ import annotations

import html
import re
import secrets
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from markdown.extensions.toc import nest_toc_tokens
from markupsafe import Markup

__all__ = ["Heading", "HeadingMarks", "HeadingRenderer", "HtmlPage", "Pages", "RenderedPage"]

_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")
_SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
_PERMALINK = re.compile(r'<a class="headerlink".*?</a>', re.DOTALL)
_TAG_BODY = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
# Tags inside a line of text (no space in their place) and all others (a space).
_INLINE_TAG = re.compile(
    rf"</?(?:a|abbr|b|code|del|em|i|input|kbd|label|mark|s|small|span|strong|sub|sup|u)\b"
    rf"{_TAG_BODY}>", re.IGNORECASE)
_TAG = re.compile(rf"<!--.*?-->|</?[a-zA-Z][a-zA-Z0-9]*\b{_TAG_BODY}>", re.DOTALL)
_SPACE = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A block Markdown keeps as it is starts with one of these tags.
_HTML_BLOCK = re.compile(r"<(?:p|div|table|ul|ol|dl|figure|details|pre|blockquote|hr|h[1-6])\b")
_FRONT_MATTER = re.compile(r"---\n.*?\n---\n", re.DOTALL)


def heading_text(value: Any) -> str:
    """Text for a Markdown heading line: HTML-escaped (once) and safe for Markdown."""
    out = " ".join(str(Markup.escape(value)).split())
    return re.sub(r"([\\`*_\[\]#])", r"\\\1", out).replace("|", "&#124;").replace("{", "&#123;")


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, HTML-escaped, on one line; charts left out (for a
    search index that takes sections as text)."""
    words = _TAG.sub(" ", _INLINE_TAG.sub("", _SVG.sub(" ", fragment)))
    return html.escape(html.unescape(_SPACE.sub(" ", words)).strip(), quote=False)


@dataclass(frozen=True)
class Heading:
    """A heading of an :class:`HtmlPage`."""

    level: int
    title: str
    """Its text, escaped for Markdown and HTML (:func:`heading_text`)."""
    id: str
    """Its anchor, the same in every language."""
    searched: bool = True
    """False for a section that reads the same on every page (rules, checklist items):
    search leaves it out (``data-search-exclude``, as Material reads it)."""

    def markdown(self) -> str:
        """The heading as a Markdown line with its id (attribute lists)."""
        attributes = f"#{self.id}" + ("" if self.searched else " data-search-exclude")
        return f"{'#' * self.level} {self.title} {{ {attributes} }}"


@dataclass(frozen=True)
class HtmlPage:
    """A page of headings and HTML blocks, as its template wrote it."""

    front_matter: str
    """The page's front matter as the template wrote it (``---`` lines included), or ``''``."""
    blocks: tuple[str, ...]
    """The HTML before the first heading, then after each heading: one more than
    :attr:`headings` (without the blank lines around them, :attr:`spaces`)."""
    headings: tuple[Heading, ...]
    spaces: tuple[tuple[str, str], ...] = ()
    """The white space the template wrote before and after each block."""

    @property
    def pieces(self) -> tuple[str, ...]:
        """The template's text before the first heading, then after each heading."""
        spaces = self.spaces or (("", ""),) * len(self.blocks)
        return tuple(f"{lead}{block}{trail}"
                     for block, (lead, trail) in zip(self.blocks, spaces, strict=True))

    def markdown(self) -> str:
        """The page as Markdown, for any engine: each heading as its Markdown line (made
        once: a preview compares it with what it wrote last)."""
        return self._markdown

    @cached_property
    def _markdown(self) -> str:
        pieces = self.pieces
        return self.front_matter + pieces[0] + "".join(
            heading.markdown() + piece for heading, piece in zip(self.headings, pieces[1:],
                                                                  strict=True))

    def rendered(self, render_heading: Callable[[str], Rendered | None]
                 ) -> RenderedPage | None:
        """The page put together with ``render_heading`` (one Markdown heading line, with
        the site's settings); ``None`` when a heading does not render as one heading or a
        block is not HTML only (then the page needs the Markdown engine). The blocks are
        the page's own strings, not copies."""
        blocks = self.blocks
        if not all(_is_html(block) for block in blocks):
            return None
        parts: list[str] = [blocks[0]]
        rendered: list[Rendered] = []
        for heading, block in zip(self.headings, blocks[1:], strict=True):
            line = render_heading(heading.markdown())
            if line is None:
                return None
            parts += [line[0], block]
            rendered.append(line)
        return RenderedPage(tuple(parts), tuple(rendered),
                            tuple(not heading.searched for heading in self.headings))


Rendered = tuple[str, dict[str, Any]]
"""A rendered heading line and its table-of-contents token (Python-Markdown's toc)."""


@dataclass(frozen=True)
class RenderedPage:
    """An :class:`HtmlPage` put together as HTML."""

    parts: tuple[str, ...]
    """The HTML blocks before the first heading, then each heading and the blocks after
    it: ``[blocks, heading, blocks, heading, blocks, …]``."""
    headings: tuple[Rendered, ...]
    excluded: tuple[bool, ...]
    """For each heading: True when search leaves its section out."""

    @cached_property
    def html(self) -> str:
        return "\n".join(part for part in self.parts if part)

    def toc_tokens(self) -> list[dict[str, Any]]:
        """The table of contents as Python-Markdown's nested toc tokens."""
        flat: Any = [{**token, "children": []} for _, token in self.headings]
        nested: list[dict[str, Any]] = nest_toc_tokens(flat)  # type: ignore[assignment]
        return nested

    def anchor_ids(self) -> set[str]:
        """Every id on the page (links to the page's anchors are checked against them)."""
        return {a or b for a, b in _ID.findall(self.html)}

    def sections(self, page_title: str) -> Iterator[tuple[str | None, str, str]]:
        """(anchor, title, text) of each section for a search index, as Material's index
        makes them: the first section under the page's address, each later one under its
        heading's id, none for a section search leaves out; titles and texts are escaped
        plain text, charts left out."""
        blocks = self.parts[0::2]
        lead = plain_text(blocks[0])
        if not self.headings:
            yield None, html.escape(page_title, quote=False), lead
            return
        for index, ((heading, token), left_out) in enumerate(zip(self.headings, self.excluded,
                                                                 strict=True)):
            if left_out:
                continue
            title = plain_text(_PERMALINK.sub("", heading))
            text = plain_text(blocks[index + 1])
            if index == 0:
                if lead:  # text above the first heading belongs to the page's first section
                    text = f"{lead} {text}".strip()
                yield None, title, text
            else:
                yield str(token["id"]), title, text


def _is_html(block: str) -> bool:
    """True when every paragraph of ``block`` opens with a block-level HTML tag (a blank
    line inside an HTML element, as in a code block, makes the page need Markdown)."""
    return all(_HTML_BLOCK.match(piece.lstrip()) for piece in _BLANK_LINE.split(block)
               if piece.strip())


def _around(piece: str, block: str) -> tuple[str, str]:
    """The white space before and after ``block`` in ``piece``."""
    start = len(piece) - len(piece.lstrip())
    return piece[:start], piece[start + len(block):]


class HeadingMarks:
    """The ``heading`` of one template's render: records each heading and prints a mark in
    its place, which :meth:`page` cuts the text at.

    A mark holds a secret drawn for the process, so no text of a plan can forge one."""

    _SECRET = secrets.token_hex(16)
    _MARK = re.compile(f"\0kamgen-heading-{_SECRET}\0")

    def __init__(self) -> None:
        self.headings: list[Heading] = []

    def __call__(self, level: int, title: Any, id: str, searched: bool = True) -> Markup:
        self.headings.append(Heading(level, heading_text(title), str(id), searched))
        return Markup(f"\0kamgen-heading-{self._SECRET}\0")

    def page(self, text: str) -> HtmlPage:
        """The page whose template wrote ``text``."""
        front = _FRONT_MATTER.match(text)
        front_matter = front.group(0) if front else ""
        pieces = self._MARK.split(text[len(front_matter):])
        if len(pieces) != len(self.headings) + 1:
            raise ValueError("a heading mark in the template's text is not one of its own")
        blocks = tuple(piece.strip() for piece in pieces)
        spaces = tuple(_around(piece, block) for piece, block in zip(pieces, blocks,
                                                                      strict=True))
        return HtmlPage(front_matter, blocks, tuple(self.headings), spaces)


class Pages(Mapping[str, str]):
    """The site's pages by path as Markdown; the pages of headings and HTML blocks among
    them give their Markdown when asked and their structure from :meth:`html`.

    A page may be given as the function that writes it: it is written each time it is
    asked for and not kept, so that an engine adapter takes each page as it is written
    (and hands it on) instead of waiting for all of them, and a build holds each page only
    as long as it needs it."""

    def __init__(self, pages: Mapping[str, str | HtmlPage | Callable[[], HtmlPage]]) -> None:
        self._pages = dict(pages)

    def __getitem__(self, path: str) -> str:
        page = self._page(path)
        return page if isinstance(page, str) else page.markdown()

    def __iter__(self) -> Iterator[str]:
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def html(self, path: str) -> HtmlPage | None:
        """The page ``path`` as headings and HTML blocks, or ``None`` for a Markdown page."""
        page = self._page(path) if path in self._pages else None
        return page if isinstance(page, HtmlPage) else None

    @property
    def html_paths(self) -> frozenset[str]:
        return frozenset(path for path, page in self._pages.items()
                         if not isinstance(page, str))

    def _page(self, path: str) -> str | HtmlPage:
        page = self._pages[path]
        return page() if callable(page) else page


class HeadingRenderer:
    """Renders heading lines with a site's own Markdown settings (ids, permalinks), each
    line once, for :meth:`HtmlPage.rendered`."""

    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self._extensions, self._configs = extensions, configs
        self._md: Any = None
        self._seen: dict[str, Rendered | None] = {}

    def __call__(self, line: str) -> Rendered | None:
        """The line as HTML with its table-of-contents token; ``None`` when the line is
        not one heading."""
        if line not in self._seen:
            if self._md is None:
                import markdown

                self._md = markdown.Markdown(extensions=self._extensions,
                                             extension_configs=self._configs)
            rendered = self._md.reset().convert(line)
            tokens = getattr(self._md, "toc_tokens", [])
            self._seen[line] = (rendered, tokens[0]) \
                if len(tokens) == 1 and rendered.startswith("<h") \
                and rendered.count("<h") == 1 else None
        return self._seen[line]
