"""Free text from plans is Markdown; nothing in it may run script on the site.

Plan text becomes HTML here. Text without any Markdown or HTML syntax is escaped and put
into paragraphs directly; anything else is rendered with Python-Markdown and cleaned with
nh3 (the Rust html sanitiser ammonia): only formatting tags survive, no script, style,
iframe or event handler, and links only to http, https, mailto and relative addresses.
Extra Markdown pages of an account are cleaned after the engine rendered them
(:func:`clean_page`).

Text that the site's theme prints as it is (the site name, a page's title, description and
tags) is made safe with :func:`theme_text`.
"""

from __future__ import annotations

import html
import re
from collections.abc import MutableMapping
from functools import lru_cache
from typing import Any

import markdown
import nh3
from markupsafe import Markup

__all__ = ["clean_block", "clean_inline", "clean_page", "is_plain", "safe_address", "theme_meta",
           "theme_text"]

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
# Text holding none of this is plain: Markdown would give it back as it is, in paragraphs
# (with "&" escaped). Inline syntax, HTML and entities anywhere; list, quote, heading and
# rule markers at a line's start; code by indentation; a hard line break (two spaces at a
# line's end).
_MARKUP = re.compile(r"[\\`*_\[\]<>{}|~#]|&#?\w+;|^[ ]{0,3}(?:[-+=>]|\d+[.)])|^(?:[ ]{4}|\t)"
                     r"|[ ]{2}$", re.MULTILINE)
# What would open a block (list, heading, quote, rule) at the start of one line of text.
_BLOCK_START = re.compile(r"^(?:[#>]|[-+*](?=\s|[-*]*$)|\d+(?=[.)](?:\s|$)))")
_EXTENSIONS = ["tables", "sane_lists", "fenced_code"]
_MARKDOWN = markdown.Markdown(extensions=_EXTENSIONS)


# What a browser's URL parser (WHATWG URL) drops before it reads an address: the C0
# controls and spaces around it, every tab and line break in it.
_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def safe_address(value: str, image: bool = False) -> str | None:
    """The address ``value`` (an attribute's value, character references decoded, as an
    HTML parser gives it) read as a browser reads it, or ``None`` when it may not stay: a
    scheme other than http, https and mailto, or another host without a scheme (``//host``);
    for an ``image``, any scheme or other host at all, as images load from the site itself.
    Percent-encoding is not decoded: browsers do not decode it in a scheme either."""
    address = _TAB_OR_NEWLINE.sub("", value.strip(_C0_OR_SPACE))
    scheme = _SCHEME.match(address)
    if scheme:
        return address if scheme.group(1).lower() in _SCHEMES and not image else None
    # A browser reads a backslash as a slash in addresses of an http(s) or file: page, so
    # "/\host", "\\host" and "\/host" name another host as "//host" does.
    return None if address.replace("\\", "/").startswith("//") else address


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute not in ("href", "src"):
        return value
    return safe_address(value, image=tag == "img")


def _clean(html: str, tags: set[str]) -> str:
    return nh3.clean(html, tags=tags, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                     attribute_filter=_attribute_filter, link_rel="noopener noreferrer")


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    return _MARKDOWN.reset().convert(text)


def is_plain(text: str) -> bool:
    """True when Markdown would render ``text`` as nothing but its own words."""
    return _MARKUP.search(text) is None


def clean_block(text: str, lead: str | None = None) -> Markup:
    """Markdown text for a block of its own, as safe HTML: paragraphs when it is plain,
    else rendered and cleaned in a ``<div class="kam-text">``. ``lead`` opens the first
    paragraph in bold."""
    body = text.strip("\n")
    opening = str(Markup("<p><strong>{}</strong> ").format(lead)) if lead else "<p>"
    if is_plain(body):
        paragraphs = [" ".join(p.split()).replace("&", "&amp;")
                      for p in re.split(r"\n[ \t]*\n", body) if p.strip()]
        if not paragraphs:
            return Markup(opening.rstrip() + "</p>" if lead else "")
        html = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        return Markup(opening + html[3:])
    # No line of the HTML may start with "#", which a page's reader takes for a heading.
    html = _clean(_render(body), _BLOCK_TAGS).replace("{", "&#123;").replace(
        "\n#", "\n&#35;").strip()
    if html.startswith("<p>"):
        html = opening + html[3:]
    elif lead:
        html = opening[:-1] + "</p>\n" + html
    return Markup(f'<div class="kam-text">\n{html}\n</div>')


def clean_inline(text: str) -> Markup:
    """Markdown text for one line (a table cell, a list item), as safe inline HTML; never
    a line break or a bare ``|``."""
    line = " ".join(text.split())
    if not is_plain(line):
        # Inline text: a leading "- " or "1. " is text, not a list.
        start = _BLOCK_START.match(line)
        if start:
            line = f"{start.group(0)}\\{line[start.end():]}" if line[0].isdigit() \
                else "\\" + line
        html = _render(line).strip()
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            html = html[3:-4]
        line = " ".join(_clean(html, _INLINE_TAGS).split())
    else:
        line = line.replace("&", "&amp;")
    return Markup(line.replace("|", "&#124;").replace("{", "&#123;"))


def clean_page(html: str) -> str:
    """A page rendered from an account's own Markdown file, without anything that runs."""
    return _clean(html, _BLOCK_TAGS)


def theme_text(text: str) -> Markup:
    """Plain text for a place where the site's theme writes it into the HTML as it is (the
    site name, a page's title, description and tags): on one line, HTML-escaped once. The
    result is :class:`~markupsafe.Markup`, so the theme's templates that do escape (``|e``)
    leave it as it is; entities in ``text`` are text and show as typed."""
    return Markup.escape(" ".join(str(text).split()))


def theme_meta(meta: MutableMapping[str, Any], escaped: bool, name: str) -> None:
    """Make a page's front matter safe for a theme that prints it as it is: its title
    (else the file ``name``), description and tags, each with :func:`theme_text`; values
    that are not text are dropped. ``escaped``: the front matter holds HTML-escaped text
    (kamgen's templates write it so, for engines that print it as it is).

    kamgen writes a title into the front matter of every page it makes: an engine would
    take it from the first heading and decode the heading's entities into the page's
    ``<title>``."""

    def text(value: object) -> str:
        return html.unescape(str(value)) if escaped else str(value)

    title = meta.get("title")
    meta["title"] = theme_text(text(title) if isinstance(title, (str, int, float))
                               and str(title).strip() else name.replace("-", " ").title())
    description = meta.pop("description", None)
    if isinstance(description, (str, int, float)):
        meta["description"] = theme_text(text(description))
    tags = meta.pop("tags", None)
    if isinstance(tags, list):
        meta["tags"] = [theme_text(text(tag)) for tag in tags
                        if isinstance(tag, (str, int, float))]
