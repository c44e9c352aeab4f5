"""Search for kamgen's sites in Material for MkDocs: Material's search box, Pagefind's index.

Material's own search (lunr) reads the whole index into the browser before the first
result: at 1,000 accounts 22 MB of 28,000 sections, half a minute on a phone. When the
``pagefind`` package is installed (it is a dependency of kamgen), the site gets a Pagefind
index instead (``pagefind/``, written after the pages, split into chunks that a query
fetches as it needs them, German stemming) and Material's search box talks to a worker of
kamgen's (``assets/kamgen-search.js``) that answers Material's worker messages from it;
Material's ``search_index.json`` is then left empty. Material lets a site bring its own
search worker; only its address in the page's configuration is changed.

Without Pagefind, the sections of kamgen's HTML pages go to Material's index directly:
Material's search plugin would parse each page's HTML again to find its sections, most of
a large build. The entries have the shape Material 9 writes (``location``, ``title``,
``text``, ``tags``, ``boost``). With another major version of Material, or without its
search, this module does nothing, and the search plugin reads the pages as usual.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from .errors import BuildError
from .pagefind import PagefindIndexer, pagefind_binary
from .site.html_page import RenderedPage
from .site.write import DocsFile

__all__ = [
    "MATERIAL_MAJOR",
    "PAGEFIND_EXCLUDE",
    "PAGEFIND_SECONDS",
    "WORKER",
    "Search",
    "add_sections",
    "has_pagefind",
    "material_search",
    "pagefind_indexer",
    "use_worker",
]

MATERIAL_MAJOR = "9"
"""The major version of mkdocs-material whose search index this module writes into."""


WORKER = "assets/kamgen-search.js"
"""kamgen's search worker in the site (from ``kamgen/site/assets/``)."""

PAGEFIND_EXCLUDE = ("[data-search-exclude]", ".kam-same-everywhere", ".kam-unsearched",
                    ".headerlink", "svg", "figcaption", ".md-source-file")
"""What Pagefind leaves out of a page's ``<article>``: headings marked
``data-search-exclude`` and the rules and checklist items below them
(``kam-same-everywhere``: they read the same on every account page), sections of figures
only (``kam-unsearched``: a plan's history), permalinks and charts."""

_WORKER_URL = re.compile(
    r'("search":\s*"[^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')


def has_pagefind() -> bool:
    """True when the ``pagefind`` package and its indexing binary are installed."""
    return pagefind_binary() is not None


def use_worker(output: str) -> str:
    """A page's HTML with Material's search worker replaced by kamgen's (:data:`WORKER`)."""
    return _WORKER_URL.sub(rf'\g<1>{WORKER}"', output, count=1)


PAGEFIND_SECONDS = 600
"""Longest time a build gives Pagefind to index its pages, from the first page written (a
1,000-account site takes about 20 s): a Pagefind that stops answering fails the build
instead of hanging it."""


def pagefind_indexer(site_dir: Path, language: str) -> PagefindIndexer:
    """A Pagefind index of the site in ``site_dir`` (written to ``site_dir/pagefind/``),
    fed each page as it is written: the ``<article>`` of each page, less
    :data:`PAGEFIND_EXCLUDE`, in the site's language."""
    binary = pagefind_binary()
    if binary is None:
        raise BuildError("Pagefind's binary is not installed: install kamgen again")
    config = {"root_selector": "article", "exclude_selectors": list(PAGEFIND_EXCLUDE),
              "force_language": language}
    return PagefindIndexer(binary, config, site_dir / "pagefind", PAGEFIND_SECONDS)


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


def add_sections(search: Any, page: Page, html_page: RenderedPage) -> None:
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


class Search:
    """kamgen's search in one MkDocs build: a Pagefind index fed each page as it is
    written, or, in a preview and without Pagefind, the sections of kamgen's pages put
    straight into Material's index; nothing without Material 9's search plugin."""

    def __init__(self, config: MkDocsConfig | None = None, preview: bool = False) -> None:
        self._material = material_search(config) if config is not None else None
        # A preview keeps Material's own index: it would index every page anew each time.
        self._pagefind = self._material is not None and not preview and has_pagefind()
        self._indexer: PagefindIndexer | None = None
        self._early: set[str] = set()

    @property
    def enabled(self) -> bool:
        """True when the site has Material's search."""
        return self._material is not None

    @property
    def assets(self) -> tuple[str, ...]:
        """kamgen's files the site needs for its search (from ``kamgen/site/``)."""
        return (WORKER,) if self._pagefind else ()

    def add_sections(self, page: Page, rendered: RenderedPage) -> None:
        """Index a page of kamgen's headings and HTML blocks (Material's search parser is
        kept off it: Pagefind reads the page as written)."""
        if self._material is None:
            return
        if self._pagefind:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        else:
            add_sections(self._material, page, rendered)

    def put_together(self, url: str, page: DocsFile, config: MkDocsConfig) -> None:
        """Index a page of kamgen's headings and HTML blocks (put together, ``rendered``) at
        once, long before MkDocs writes it: of the written page's ``<article>``, Pagefind
        reads this HTML only (the tags above it are a ``<nav>``, which it leaves out)."""
        if not self._pagefind or page.rendered is None:
            return
        url = "" if url in (".", "./") else url  # as Page.url has it
        self._early.add(url)
        self._index(config).add("/" + url, "<!doctype html><html><body><article>"
                                f"{page.rendered.html}</article></body></html>")

    def written(self, page: Page, output: str, config: MkDocsConfig) -> str:
        """The page's HTML as it is written, with kamgen's search worker; it goes to the
        Pagefind index unless :meth:`put_together` indexed it."""
        if not self._pagefind:
            return output
        output = use_worker(output)
        if page.url not in self._early:
            self._index(config).add("/" + page.url, output)
        return output

    def _index(self, config: MkDocsConfig) -> PagefindIndexer:
        if self._indexer is None:
            self._indexer = pagefind_indexer(Path(config.site_dir),
                                             config.theme["language"] or "en")
        return self._indexer

    def finish(self) -> None:
        """Write the Pagefind index; Material's own index stays empty."""
        indexer, self._indexer = self._indexer, None
        if indexer is not None:
            indexer.finish()
        if self._pagefind and self._material is not None:
            self._material.search_index.entries.clear()

    def close(self) -> None:
        """Stop Pagefind after a failed build."""
        indexer, self._indexer = self._indexer, None
        if indexer is not None:
            indexer.close()
