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

import asyncio
import concurrent.futures
import html
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from .site.html_page import HtmlPage

__all__ = [
    "MATERIAL_MAJOR",
    "PAGEFIND_EXCLUDE",
    "PAGEFIND_SECONDS",
    "WORKER",
    "add_sections",
    "has_pagefind",
    "material_search",
    "use_worker",
    "write_pagefind_index",
]

MATERIAL_MAJOR = "9"
"""The major version of mkdocs-material whose search index this module writes into."""


WORKER = "assets/kamgen-search.js"
"""kamgen's search worker in the site (from ``kamgen/site/assets/``)."""

PAGEFIND_EXCLUDE = ("[data-search-exclude]", ".kam-same-everywhere", ".headerlink", "svg",
                    "figcaption", ".md-source-file")
"""What Pagefind leaves out of a page's ``<article>``: headings marked
``data-search-exclude`` and the rules and checklist items below them
(``kam-same-everywhere``: they read the same on every account page), permalinks and
charts."""

_WORKER_URL = re.compile(
    r'("search":\s*"[^"]*?)assets/javascripts/workers/search\.[0-9a-f]+\.min\.js"')


def has_pagefind() -> bool:
    """True when the ``pagefind`` package and its indexing binary are installed."""
    try:
        import pagefind.index  # noqa: F401
    except ImportError:
        return False
    return True


def use_worker(output: str) -> str:
    """A page's HTML with Material's search worker replaced by kamgen's (:data:`WORKER`)."""
    return _WORKER_URL.sub(rf'\g<1>{WORKER}"', output, count=1)


PAGEFIND_SECONDS = 600
"""Longest wait for Pagefind to index a site (a 1,000-account site takes about 10 s): a
Pagefind that stops answering fails the build instead of hanging it."""


def write_pagefind_index(site_dir: Path, language: str) -> int:
    """Index every page in ``site_dir`` (the ``<article>`` of each ``index.html``, not the
    404 page) into ``site_dir/pagefind/`` with Pagefind; return the number of pages.
    Raises :class:`~kamgen.errors.BuildError` when Pagefind fails or takes longer than
    :data:`PAGEFIND_SECONDS`."""
    from pagefind.index import IndexConfig, PagefindIndex

    from .errors import BuildError

    async def index() -> int:
        config = IndexConfig(root_selector="article", exclude_selectors=list(PAGEFIND_EXCLUDE),
                             force_language=language,
                             output_path=str(site_dir / "pagefind"))
        async with PagefindIndex(config=config) as pagefind:
            result = await pagefind.add_directory(str(site_dir), glob="**/index.html")
            return int(result.get("page_count", 0))

    async def bounded() -> int:
        return await asyncio.wait_for(index(), PAGEFIND_SECONDS)

    # In a thread of its own: the caller may be running an event loop already.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as thread:
        try:
            return thread.submit(lambda: asyncio.run(bounded())).result()
        except (TimeoutError, asyncio.TimeoutError):
            raise BuildError(f"Pagefind did not finish the search index within "
                             f"{PAGEFIND_SECONDS} s") from None
        except Exception as exc:  # Pagefind's service reports its failures as it likes
            raise BuildError(f"Pagefind could not write the search index: "
                             f"{type(exc).__name__}: {exc}") from None


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
