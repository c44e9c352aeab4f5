"""The Jinja2 environment that writes the site's pages, with its filters.

Pages are Markdown, or headings with blocks of HTML between them (autoescaped templates
that write their headings with ``heading()``, :mod:`kamgen.site.html_page`). ``text`` and
``cell`` make plain text safe in Markdown, ``md`` and ``md_inline`` turn a plan's free
Markdown into safe HTML for either kind of page.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket, BytecodeCache
from markupsafe import Markup

from .sanitize import clean_block, clean_inline


def text(value: Any) -> str:
    """Plain text (names, titles, ids) made safe for Markdown and HTML."""
    out = escape(str(value), quote=True)
    # Backslash-escape what would start Markdown emphasis, code or links in plain text.
    # "{" too: MkDocs reads "{: onclick=… }" at the end of a block as its attributes.
    return re.sub(r"([\\`*_\[\]])", r"\\\1", out).replace("|", "&#124;").replace(
        "{", "&#123;")


def cell(value: Any) -> str:
    """Plain text for a table cell: no line breaks, no column separators."""
    return text(value).replace("\n", " ").strip()


def markdown_block(value: Any, lead: str | None = None) -> Markup:
    """Free Markdown text from a plan as a block of safe HTML; ``lead`` (a label) opens its
    first paragraph in bold."""
    return clean_block(str(value), lead)


def markdown_inline(value: Any) -> Markup:
    """Free Markdown text from a plan on one line (a table cell or a list item), as safe
    inline HTML."""
    return clean_inline(str(value))


HTML_TEMPLATES = frozenset({"home.md.j2", "accounts.md.j2", "selection.md.j2", "person.md.j2"})
"""Templates named ``*.md.j2`` that write headings and blocks of HTML only (as every
``*.html.j2`` template does, see account.html.j2): everything they print is HTML-escaped
unless it is already safe HTML."""


def is_html_template(name: str) -> bool:
    """True for a template that writes headings and HTML blocks, autoescaped."""
    return name.endswith(".html.j2") or name in HTML_TEMPLATES


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per process: each build's environment (its filters are the
    build's own) finds them here by name and source checksum instead of compiling them
    again, which a preview would do on every rebuild."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def environment() -> Environment:
    """The template environment; templates live in ``kamgen/site/templates``."""
    env = Environment(
        loader=PackageLoader("kamgen.site", "templates"),
        bytecode_cache=_COMPILED,
        auto_reload=False,  # the package's templates do not change while kamgen runs
        autoescape=lambda name: is_html_template(name or "") or name == "_macros.md.j2",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters.update(text=text, cell=cell, md=markdown_block,
                       md_inline=markdown_inline)
    return env
