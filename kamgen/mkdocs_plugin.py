"""The MkDocs adapter: hand kamgen's pages, the accounts' own pages and files, and the
stylesheet to a MkDocs build.

Everything of substance happens in the core (:mod:`kamgen.load`, :mod:`kamgen.audience`,
:mod:`kamgen.site`). kamgen's engine gives the plugin a :class:`~kamgen.session.Session`
before each build; used in a MkDocs site of its own, the plugin makes one from its options.
MkDocs never reads the plans folder itself (kamgen's engine gives it an empty docs_dir), so
only what kamgen's gate lets through reaches the site.

Pages of headings and finished HTML (``Site.html_pages``) are put together here without a
Markdown pass (:mod:`kamgen.site.html_page`), and their sections go to Material's search
index directly, or to a Pagefind index that Material's search box asks through kamgen's
worker (:mod:`kamgen.mkdocs_search`).
"""

from __future__ import annotations

import dataclasses
import re
import zlib
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .audience import AUDIENCES, edition
from .clock import as_of
from .errors import KamgenError, PlanErrors
from .load import load_portfolio
from .mkdocs_search import (
    WORKER,
    add_sections,
    has_pagefind,
    material_search,
    use_worker,
    write_pagefind_index,
)
from .session import Session
from .site import Site, generate
from .site.config import MARKDOWN_EXTENSIONS
from .site.html_page import HeadingRenderer, HtmlPage, split_html_page
from .site.sanitize import clean_page, theme_meta, theme_text
from .site.write import CSS, attachment_bytes, own_page_source, write_text_if_changed

_PACKED = "<!--kamgen-packed-->"
_H1 = re.compile(r"^#[ \t].*$", re.MULTILINE)


class KamgenConfig(Config):
    """Options of the ``kamgen`` plugin in ``mkdocs.yml``."""

    plans = c.Type(str, default="plans")
    """The plans folder, relative to mkdocs.yml; it must lie beside the docs_dir, which
    MkDocs copies into the site as it is."""
    as_of = c.Optional(c.Type(str))
    """The date figures are computed for (YYYY-MM-DD); today when not given."""
    site_name = c.Type(bool, default=True)
    """Name the site after the company in kam.yaml."""
    audience = c.Optional(c.Choice(AUDIENCES))
    """internal (everything, the default) or customer (the shared edition of ``account``);
    when kamgen's command line runs the build, it gives the edition."""
    account = c.Optional(c.Type(str))
    """The account whose shared edition the site is (with ``audience: customer``)."""


class KamgenPlugin(BasePlugin[KamgenConfig]):
    """Adds the pages generated from the plans to the build."""

    def __init__(self) -> None:
        self.session: Session | None = None
        """Given by kamgen's engine before the build."""
        self.site: Site | None = None
        self._generated: set[str] = set()
        self._own: set[str] = set()
        self._html: dict[str, HtmlPage] = {}
        self._packed: dict[str, bytes] = {}
        self._headings: HeadingRenderer | None = None
        self._search: Any = None
        self._pagefind = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            session = self.session = self.session or self._own_session(config)
            _keep_out_of(session.plans, Path(config.docs_dir).resolve())
            portfolio = session.take_portfolio() or load_portfolio(session.plans,
                                                                   session.plan_cache)
            self.site = generate(portfolio, session.as_of or as_of(None, environ={}),
                                 session.edition, config.use_directory_urls,
                                 session.page_cache, session.account_cache)
        except PlanErrors as errors:
            raise PluginError("kamgen: the plans are not valid\n"
                              + errors.render(self.session.plans if self.session else None)
                              ) from None
        except KamgenError as error:
            raise PluginError(f"kamgen: {error}") from None
        if self.config.site_name:
            config.site_name = theme_text(self.site.title)
        config.theme["language"] = self.site.language
        if config.nav is None:
            config.nav = self.site.nav
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        for name, options in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, dict(options))
        self._headings = HeadingRenderer(config.markdown_extensions, config.mdx_configs or {})
        self._search = material_search(config)
        # A preview keeps Material's own index: Pagefind reads the whole site after a build.
        self._pagefind = self._search is not None and not session.is_preview \
            and has_pagefind()
        return config

    def _own_session(self, config: MkDocsConfig) -> Session:
        """The session of a build that MkDocs runs itself, from the plugin's options."""
        plans = (Path(config.config_file_path or ".").parent / self.config.plans).resolve()
        return Session(plans, edition(self.config.audience or "internal", self.config.account),
                       as_of(self.config.as_of, environ={}))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None and self.session is not None
        site, session = self.site, self.session
        # The files take over the pages, as UTF-8: each page's str is let go of as soon as
        # its file holds it. kamgen's pages hold finished HTML; an account's own pages are
        # free text from the plans, cleaned after MkDocs rendered them.
        pages = dict(site.pages)
        self._generated = set(pages)
        pages.update((page.rel, own_page_source(page, site.language, site.shared_edition))
                     for page in site.own_pages)
        self._own = {page.rel for page in site.own_pages}
        self.site = dataclasses.replace(site, pages={}, own_pages=())
        assets = [(name, resources.files("kamgen.site").joinpath(name).read_text("utf-8"))
                  for name in (CSS, *([WORKER] if self._pagefind else []))]
        for path, content in [*((p, pages.pop(p)) for p in list(pages)), *assets]:
            self._add(files, self._page_file(config, path, content))
        for attachment in site.attachments:
            try:
                data = attachment_bytes(session.plans, attachment)
            except KamgenError as error:
                raise PluginError(f"kamgen: {error}") from None
            self._add(files, File.generated(config, attachment.rel, content=data))
        session.outputs = {file.dest_uri for file in files}
        return files

    @staticmethod
    def _add(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)

    def _page_file(self, config: MkDocsConfig, path: str, content: str) -> File:
        """A generated file: in memory for a build; in a preview a file in the session's
        page folder, rewritten only when it changed, so that MkDocs' dirty rebuild renders
        only the pages whose inputs changed."""
        session = self.session
        if session is None or session.pages_dir is None:
            return File.generated(config, path, content=content.encode("utf-8"))
        return File.generated(config, path, abs_src_path=str(write_text_if_changed(
            session.pages_dir, path, content, session.page_texts)))

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        uri, headings = page.file.src_uri, self._headings
        assert self.site is not None and headings is not None
        if uri in self._generated or uri in self._own:

            def first_heading() -> str | None:
                found = _H1.search(markdown)
                rendered = headings(found.group(0)) if found else None
                return str(rendered[1]["name"]) if rendered else None

            theme_meta(page.meta, uri in self._generated, first_heading, Path(uri).stem)
        if uri in self.site.html_pages:
            html_page = split_html_page(markdown, headings)
            if html_page is not None:
                self._html[uri] = html_page
                return ""
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        html_page = self._html.pop(page.file.src_uri, None)
        if html_page is None:
            return clean_page(html) if page.file.src_uri in self._own else html
        page.toc = get_toc(html_page.toc_tokens())  # type: ignore[arg-type]
        page.present_anchor_ids = html_page.anchor_ids()
        if self._search is None:
            return html_page.html  # for whatever else indexes the page's HTML
        if self._pagefind:  # Pagefind reads the page once it is written
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        else:
            add_sections(self._search, page, html_page)
        # Every page is read before the first is written: until its turn comes, the page's
        # HTML waits compressed (a tenth of its size).
        self._packed[page.file.src_uri] = zlib.compress(html_page.html.encode(), 1)
        return _PACKED

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        packed = self._packed.pop(page.file.src_uri, None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode()
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self._generated:
            page.content = None  # written: its HTML is not needed any more
        return use_worker(output) if self._pagefind else output

    @event_priority(50)  # before the search plugin writes its (then empty) index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._pagefind:
            write_pagefind_index(Path(config.site_dir), config.theme["language"] or "en")
            self._search.search_index.entries.clear()


def _keep_out_of(plans: Path, docs: Path) -> None:
    """MkDocs copies every file of its docs_dir into the site, following links: refuse a
    docs_dir that is, holds or lies inside the plans folder."""
    if plans.is_relative_to(docs) or docs.is_relative_to(plans):
        raise PluginError(
            f"kamgen: the docs_dir {docs} and the plans folder {plans} overlap: MkDocs would "
            "publish the plan files as they are\n    hint: build with 'kamgen build', or "
            "give the plugin the plans folder (plans: ...) and MkDocs another docs_dir")
