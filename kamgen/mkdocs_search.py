"""Hand the sections of kamgen's HTML pages to Material's search index directly.

Material's search plugin would parse each page's HTML again to find its sections; on a large
portfolio that is most of a build. This module finds the plugin and adds the entries itself,
in the shape Material 9 writes them (``location``, ``title``, ``text``, ``tags``,
``boost``). With another major version of Material, or without its search, it does
nothing, and the search plugin reads the pages as usual.
"""

from __future__ import annotations

import html
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from .site.html_page import HtmlPage

__all__ = ["MATERIAL_MAJOR", "add_sections", "material_search"]

MATERIAL_MAJOR = "9"
"""The major version of mkdocs-material whose search index this module writes into."""


def material_search(config: MkDocsConfig) -> Any:
    """Material's search plugin when the site uses it (version 9), else ``None``."""
    try:
        from material import __version__
    except ImportError:
        return None
    if __version__.split(".")[0] != MATERIAL_MAJOR:
        return None
    return next((plugin for plugin in config.plugins.values()
                 if type(plugin).__module__ == "material.plugins.search.plugin"
                 and plugin.config.enabled and hasattr(plugin, "search_index")), None)


def add_sections(search: Any, page: Page, html_page: HtmlPage) -> None:
    """Add the page's sections to the index and keep the search plugin's own parser off
    the page (``search.exclude``), which would find the same text in the HTML."""
    meta = page.meta.get("search") or {}
    if meta.get("exclude"):
        return
    tags = page.meta.get("tags")
    for anchor, title, text in html_page.sections(html.unescape(str(page.title or ""))):
        entry: dict[str, Any] = {"location": page.url + (f"#{anchor}" if anchor else ""),
                                 "title": title, "text": text}
        if isinstance(tags, list):
            entry["tags"] = [str(tag) for tag in tags
                             if tag and isinstance(tag, (str, int, float, bool))]
        if "boost" in meta:
            entry["boost"] = meta["boost"]
        search.search_index.entries.append(entry)
    page.meta["search"] = {**meta, "exclude": True}
