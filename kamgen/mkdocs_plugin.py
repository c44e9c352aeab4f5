"""The MkDocs adapter: kamgen's pages and files in a MkDocs build. The core does the work
(:mod:`kamgen.session`, :mod:`kamgen.site`, :mod:`kamgen.mkdocs_search`); kamgen's engine
hands the plugin a session and an empty docs_dir, so MkDocs never reads the plans folder.
Pages of headings and HTML blocks are put together from their structure, not converted."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .audience import AUDIENCES
from .errors import KamgenError, PlanErrors
from .mkdocs_search import Search
from .output import check_docs_dir
from .session import Session
from .site.config import fill_in
from .site.html_page import HeadingRenderer, RenderedPage
from .site.pages import generate_for
from .site.sanitize import clean_page, theme_meta
from .site.write import DocsFile, PackedPage, docs_files


class KamgenConfig(Config):
    """Options of the plugin in ``mkdocs.yml`` (kamgen's command line gives its own)."""

    plans = c.Type(str, default="plans")  # beside the docs_dir, relative to mkdocs.yml
    as_of = c.Optional(c.Type(str))  # YYYY-MM-DD; today when not given
    site_name = c.Type(bool, default=True)  # name the site after the company
    audience = c.Optional(c.Choice(AUDIENCES))  # internal (default) or customer
    account = c.Optional(c.Type(str))  # the account of a shared edition


class _PutTogether(Page):
    """A page of headings and HTML blocks: no Markdown pass; until it is written, its HTML
    waits compressed (a tenth of its size)."""

    rendered: RenderedPage | None = None
    packed: bytes | None = None

    def render(self, config: MkDocsConfig, files: Files) -> None:
        assert self.rendered is not None
        self.content = self.rendered.html
        self.toc = get_toc(self.rendered.toc_tokens())  # type: ignore[arg-type]
        self.present_anchor_ids = self.rendered.anchor_ids()


class KamgenPlugin(BasePlugin[KamgenConfig]):
    """Adds the pages generated from the plans to the build."""

    def __init__(self) -> None:
        self.session: Session | None = None  # given by kamgen's engine before the build
        self._files: Any = None
        self._escaped: dict[str, bool | None] = {}  # kamgen's pages: True, own pages: False
        self._html: dict[str, DocsFile | PackedPage] = {}
        self._search = Search()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            session = self.session = self.session or Session.of_site(
                Path(config.config_file_path or ".").parent / self.config.plans,
                self.config.audience, self.config.account, self.config.as_of)
            check_docs_dir(session.plans, Path(config.docs_dir))
            site = generate_for(session, config.use_directory_urls)
        except PlanErrors as wrong:  # the cause is kept for on_build_error
            plans = self.session.plans if self.session else None
            raise PluginError(f"kamgen: the plans are not valid\n{wrong.render(plans)}") from wrong
        except KamgenError as error:
            raise PluginError(f"kamgen: {error}") from error
        fill_in(config, site, self.config.site_name)
        self._search = Search(config, preview=session.is_preview)
        self._files = docs_files(site, session.plans, self._search.assets, HeadingRenderer(
                                 config.markdown_extensions, config.mdx_configs or {}),
                                 (session.pages_dir, session.page_texts)
                                 if session.pages_dir else None)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.session is not None
        try:
            for docs_file in self._files:
                if (existing := files.get_file_from_path(docs_file.path)) is not None:
                    files.remove(existing)
                files.append(file := File.generated(config, docs_file.path, content=docs_file.data)
                             if docs_file.written is None else File.generated(
                                 config, docs_file.path, abs_src_path=str(docs_file.written)))
                file.inclusion = InclusionLevel.NOT_IN_NAV  # linked from tables; a nav of all is N²
                self._escaped[docs_file.path] = docs_file.escaped
                if docs_file.structure is not None:
                    self._html[docs_file.path] = docs_file.kept()
                    self._search.put_together(file.url, docs_file, config)
        except KamgenError as error:
            raise PluginError(f"kamgen: {error}") from error
        self._files = None  # the pages are MkDocs' now
        self.session.outputs = {file.dest_uri for file in files}
        return files

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        html = self._html.pop(page.file.src_uri, None)
        if html is not None and (rendered := html.rendered) is not None:
            page.__class__ = _PutTogether
            page.rendered = rendered  # type: ignore[attr-defined]
        return page

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        if (escaped := self._escaped.get(page.file.src_uri)) is not None:
            theme_meta(page.meta, escaped, Path(page.file.src_uri).stem)
        return "" if isinstance(page, _PutTogether) else markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        if not isinstance(page, _PutTogether) or page.rendered is None:
            return clean_page(html) if self._escaped.get(page.file.src_uri) is False else html
        self._search.add_sections(page, page.rendered)
        page.rendered = None
        if not self._search.enabled:
            return html  # for whatever else reads the page's HTML
        page.packed = zlib.compress(html.encode(), 1)
        return ""

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        if isinstance(page, _PutTogether) and page.packed is not None:
            page.content, page.packed = zlib.decompress(page.packed).decode(), None
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self._escaped.get(page.file.src_uri):
            page.content = None  # written: its HTML is not needed any more
        return self._search.written(page, output, config)

    @event_priority(50)  # before the search plugin writes its (then empty) index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._search.finish()

    def on_build_error(self, *, error: Exception) -> None:
        self._search.close()
        if self.session is not None and isinstance(error.__cause__, KamgenError):
            self.session.problem = error.__cause__  # a preview shows it in the browser
