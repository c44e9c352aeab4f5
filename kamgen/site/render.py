"""The Jinja2 environment that writes the site's Markdown, with its filters."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

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


def markdown_block(value: Any) -> str:
    """Free Markdown text from a plan, cleaned, as a block of its own."""
    return clean_block(str(value))


def markdown_inline(value: Any) -> str:
    """Free Markdown text from a plan on one line (a table cell or a list item), cleaned."""
    return clean_inline(str(value))


def environment() -> Environment:
    """The template environment; templates live in ``kamgen/site/templates``."""
    env = Environment(
        loader=PackageLoader("kamgen.site", "templates"),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters.update(text=text, cell=cell, md=markdown_block, md_inline=markdown_inline)
    return env
