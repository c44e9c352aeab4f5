"""Free text from plans is Markdown; nothing in it may run script on the site.

Text that cannot hold HTML or a link is passed on as Markdown as it is. Anything else is
rendered here with Python-Markdown and cleaned with nh3 (the Rust html sanitiser
ammonia): only formatting tags survive, no script, style, iframe or event handler, and
links only to http, https, mailto and relative addresses. Extra Markdown pages of an
account are cleaned after the engine rendered them (:func:`clean_page`).
"""

from __future__ import annotations

import re
from functools import lru_cache

import markdown
import nh3

__all__ = ["clean_block", "clean_inline", "clean_page"]

_INLINE_TAGS = {"a", "abbr", "b", "br", "code", "del", "em", "i", "kbd", "mark", "s",
                "small", "span", "strong", "sub", "sup", "u"}
_BLOCK_TAGS = _INLINE_TAGS | {"blockquote", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4",
                              "h5", "h6", "hr", "li", "ol", "p", "pre", "table", "tbody",
                              "td", "tfoot", "th", "thead", "tr", "ul", "img", "figure",
                              "figcaption", "details", "summary", "input", "label", "section",
                              "article", "aside"}
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "input": {"type", "checked", "disabled"},
    "label": {"for"},
    "details": {"open"},
}
_SCHEMES = {"http", "https", "mailto"}
# Markdown can only produce HTML or a link from text holding one of these.
_NEEDS_CLEANING = re.compile(r"[<>&{]|\]\(|\]\s*:|javascript|vbscript|data:", re.IGNORECASE)
"""``{`` because MkDocs reads ``{: onclick=… }`` after a paragraph as its attributes."""
_EXTENSIONS = ["tables", "sane_lists", "fenced_code"]


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute not in ("href", "src"):
        return value
    # Read the address as a browser does: tabs and line breaks vanish, leading control
    # characters and spaces are dropped; only then does the scheme show.
    address = re.sub(r"[\t\n\r]", "", value).lstrip("".join(map(chr, range(0x21))))
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", address)
    if scheme and scheme.group(1).lower() not in _SCHEMES:
        return None
    # Images load from the site itself only: a remote image would leave the machine.
    if tag == "img" and (scheme or address.startswith("//")):
        return None
    return address


def _clean(html: str, tags: set[str]) -> str:
    return nh3.clean(html, tags=tags, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     attribute_filter=_attribute_filter, link_rel="noopener noreferrer")


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    return markdown.markdown(text, extensions=_EXTENSIONS)


def clean_block(text: str) -> str:
    """Markdown text for a block of its own: as it is when it cannot hold HTML or links,
    else safe HTML in a ``<div class="kam-text">``."""
    body = text.strip("\n")
    if not _NEEDS_CLEANING.search(body):
        return body
    html = _clean(_render(body), _BLOCK_TAGS).replace("{", "&#123;")
    return f'<div class="kam-text">\n{html.strip()}\n</div>'


def clean_inline(text: str) -> str:
    """Markdown text for one line (a table cell, a list item): as it is when it cannot
    hold HTML or links, else safe inline HTML; never a line break or a bare ``|``."""
    line = " ".join(text.split())
    if _NEEDS_CLEANING.search(line):
        html = _render(line).strip()
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        line = " ".join(_clean(html, _INLINE_TAGS).split())
    return line.replace("|", "&#124;").replace("{", "&#123;")


def clean_page(html: str) -> str:
    """A page rendered from an account's own Markdown file, without anything that runs."""
    return _clean(html, _BLOCK_TAGS)
