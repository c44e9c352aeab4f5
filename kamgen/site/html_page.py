"""Pages made of Markdown headings and blocks of finished HTML (the account pages).

Markdown keeps a block of HTML as it is, so such a page needs a Markdown engine only for
its heading lines. :func:`split_html_page` takes the page apart; :class:`HtmlPage` puts the
rendered headings and the HTML blocks together and gives the table of contents, the ids
on the page and, for a search index, the text of each section.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from markdown.extensions.toc import nest_toc_tokens

__all__ = ["HeadingRenderer", "HtmlPage", "split_html_page"]

_HEADING = re.compile(r"^#{1,6}[ \t].*$", re.MULTILINE)
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
_EXCLUDED = re.compile(r"<h[1-6]\b[^>]*\sdata-search-exclude\b")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A block Markdown keeps as it is starts with one of these tags.
_HTML_BLOCK = re.compile(r"<(?:p|div|table|ul|ol|dl|figure|details|pre|blockquote|hr|h[1-6])\b")

Heading = tuple[str, dict[str, Any]]
"""A rendered heading line and its table-of-contents token (Python-Markdown's toc)."""


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, HTML-escaped, on one line; charts left out."""
    words = _TAG.sub(" ", _INLINE_TAG.sub("", _SVG.sub(" ", fragment)))
    return html.escape(html.unescape(_SPACE.sub(" ", words)).strip(), quote=False)


@dataclass(frozen=True)
class HtmlPage:
    """A page of headings and HTML blocks, put together."""

    parts: tuple[str, ...]
    """The HTML blocks before the first heading, then each heading and the blocks after
    it: ``[blocks, heading, blocks, heading, blocks, …]``."""
    headings: tuple[Heading, ...]

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
        heading's id, none for a heading marked ``data-search-exclude``; titles and texts
        are escaped plain text, charts left out."""
        blocks = self.parts[0::2]
        lead = plain_text(blocks[0])
        if not self.headings:
            yield None, html.escape(page_title, quote=False), lead
            return
        for index, (heading, token) in enumerate(self.headings):
            if _EXCLUDED.match(heading):
                continue
            title = plain_text(_PERMALINK.sub("", heading))
            text = plain_text(blocks[index + 1])
            if index == 0:
                if lead:  # text above the first heading belongs to the page's first section
                    text = f"{lead} {text}".strip()
                yield None, title, text
            else:
                yield str(token["id"]), title, text


def split_html_page(markdown: str, render_heading: Callable[[str], Heading | None]
                    ) -> HtmlPage | None:
    """The page in ``markdown`` (without front matter), or ``None`` when it is not made of
    heading lines and HTML blocks only (then it needs the Markdown engine).

    ``render_heading`` renders one heading line with the site's Markdown settings."""
    parts: list[str] = []
    headings: list[Heading] = []
    position = 0
    for match in _HEADING.finditer(markdown):
        block = markdown[position:match.start()].strip()
        if not _is_html(block):
            return None
        heading = render_heading(match.group(0).rstrip())
        if heading is None:
            return None
        parts += [block, heading[0]]
        headings.append(heading)
        position = match.end()
    block = markdown[position:].strip()
    if not _is_html(block):
        return None
    parts.append(block)
    return HtmlPage(tuple(parts), tuple(headings))


def _is_html(block: str) -> bool:
    """True when every paragraph of ``block`` opens with a block-level HTML tag (a blank
    line inside an HTML element, as in a code block, makes the page need Markdown)."""
    return all(_HTML_BLOCK.match(piece.lstrip()) for piece in _BLANK_LINE.split(block)
               if piece.strip())


class HeadingRenderer:
    """Renders heading lines with a site's own Markdown settings (ids, permalinks), each
    line once, for :func:`split_html_page`."""

    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self._extensions, self._configs = extensions, configs
        self._md: Any = None
        self._seen: dict[str, Heading | None] = {}

    def __call__(self, line: str) -> Heading | None:
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
