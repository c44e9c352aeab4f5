"""The MkDocs adapter: put kamgen's generated pages and stylesheet into a MkDocs build.

Everything of substance happens in the core (:mod:`kamgen.load`, :mod:`kamgen.site`);
this module only hands the results to MkDocs.

Account pages are Markdown headings with blocks of finished HTML between them
(``Site.html_pages``). Python-Markdown would give those blocks back unchanged, so the
adapter puts them in place itself and renders only the heading lines with the site's own
Markdown settings (ids, permalinks, table of contents), and it gives the search index
their text directly: on a large portfolio the Markdown and search parsers would otherwise
take most of the build.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import os
import re
import zlib
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .clock import as_of
from .errors import KamgenError, PlanErrors
from .load import load_portfolio
from .site import Site, generate
from .site.audience import AUDIENCES, Audience
from .site.html_page import HtmlPage, split_html_page
from .site.i18n import shared_edition_banner
from .site.sanitize import clean_page, theme_text

log = logging.getLogger("mkdocs.plugins.kamgen")

_CHART = re.compile(r'<svg class="kam-chart".*?</svg>', re.DOTALL)
_SLOT = re.compile(r"<!--kamgen-chart-(\d+)-->")
_PACKED = "<!--kamgen-packed-->"
# A level-1 heading line as Python-Markdown reads one ("#Title" is one, too).
_H1 = re.compile(r"^#(?!#).*\S.*$", re.MULTILINE)

CSS = "assets/kamgen.css"
MARKDOWN_EXTENSIONS = ("tables", "attr_list", "md_in_html", "admonition", "toc",
                       "pymdownx.tasklist")


class KamgenConfig(Config):
    """Options of the ``kamgen`` plugin in ``mkdocs.yml``."""

    plans = c.Optional(c.Type(str))
    """The plans folder, relative to mkdocs.yml; the docs_dir when not given."""
    as_of = c.Optional(c.Type(str))
    """The date figures are computed for (YYYY-MM-DD); today when not given."""
    site_name = c.Type(bool, default=True)
    """Name the site after the company in kam.yaml."""
    audience = c.Optional(c.Choice(AUDIENCES))
    """internal (everything) or customer (the shared edition); default: the
    KAMGEN_AUDIENCE environment variable, else internal."""


class KamgenPlugin(BasePlugin[KamgenConfig]):
    """Adds the pages generated from the plans to the build."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.plans_dir = Path()
        self._generated: set[str] = set()
        self._charts: dict[str, list[str]] = {}
        self._html: dict[str, HtmlPage] = {}
        self._packed: dict[str, bytes] = {}
        self._headings: dict[str, tuple[str, dict[str, Any]] | None] = {}
        self._heading_md: Any = None
        self._search: Any = None  # Material's search plugin, when the site uses it

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").parent
        self.plans_dir = (base / self.config.plans).resolve() if self.config.plans \
            else Path(config.docs_dir).resolve()
        try:
            # The plans are let go of once the pages are written: only the site is kept.
            self.site = generate(load_portfolio(self.plans_dir), as_of(self.config.as_of),
                                 self.audience, directory_urls=config.use_directory_urls)
        except PlanErrors as errors:
            raise PluginError(
                f"kamgen: the plans are not valid\n{errors.render(self.plans_dir)}"
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
        for name in MARKDOWN_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        self._headings.clear()
        self._heading_md = None
        self._search = next(
            (plugin for plugin in config.plugins.values()
             if type(plugin).__module__ == "material.plugins.search.plugin"
             and plugin.config.enabled), None)
        return config

    @property
    def audience(self) -> Audience:
        """The edition this build makes."""
        chosen = self.config.audience or os.environ.get("KAMGEN_AUDIENCE") or "internal"
        for audience in AUDIENCES:
            if chosen == audience:
                return audience
        raise PluginError(f"kamgen: unknown audience {chosen!r}\n    hint: use one of "
                          + ", ".join(AUDIENCES))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        keep = set(self.site.extra_pages)
        for file in list(files):
            source = Path(file.abs_src_path).resolve() if file.abs_src_path else None
            if source is None or not source.is_relative_to(self.plans_dir):
                continue
            if source.relative_to(self.plans_dir).as_posix() not in keep:
                files.remove(file)
        for rel in sorted(keep):
            if files.get_file_from_path(rel) is None:
                files.append(File.generated(config, rel,
                                            abs_src_path=str(self.plans_dir / rel)))
        # The files take over the pages, as UTF-8 (half the size of a str of German text):
        # each page's str is let go of as soon as its file holds it.
        pages = dict(self.site.pages)
        self.site = dataclasses.replace(self.site, pages={})
        self._generated = set(pages)
        for path in list(pages):
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.info("kamgen: the generated page %s replaces %s", path, existing.src_uri)
                files.remove(existing)
            files.append(self._page_file(config, path, pages.pop(path)))
        css = resources.files("kamgen.site").joinpath("assets/kamgen.css").read_text("utf-8")
        files.append(self._page_file(config, CSS, css))
        return files

    def _page_file(self, config: MkDocsConfig, path: str, content: str) -> File:
        """A generated file: in memory for a build; under ``kamgen serve`` a file in the
        page folder, rewritten only when its content changed, so that MkDocs' dirty
        rebuild renders only the pages whose inputs changed."""
        folder = os.environ.get("KAMGEN_PAGES_DIR")
        data = content.encode("utf-8")
        if not folder:
            return File.generated(config, path, content=data)
        target = Path(folder) / path
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return File.generated(config, path, abs_src_path=str(target))

    def _heading(self, line: str, config: MkDocsConfig) -> tuple[str, dict[str, Any]] | None:
        """A heading line as the site's Markdown renders it, with its table-of-contents
        entry; ``None`` when the line is not one heading."""
        if line not in self._headings:
            if self._heading_md is None:
                import markdown

                self._heading_md = markdown.Markdown(
                    extensions=config.markdown_extensions,
                    extension_configs=config.mdx_configs or {})
            md = self._heading_md
            html = md.reset().convert(line)
            tokens = getattr(md, "toc_tokens", [])
            self._headings[line] = (html, tokens[0]) \
                if len(tokens) == 1 and html.startswith("<h") and html.count("<h") == 1 \
                else None
        return self._headings[line]

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        generated = page.file.src_uri in self._generated
        source = page.file.abs_src_path
        if generated or (source and Path(source).resolve().is_relative_to(self.plans_dir)):
            self._theme_meta(page, markdown, config, escaped=generated)
        if self.site is not None and page.file.src_uri in self.site.html_pages:
            html_page = split_html_page(markdown, lambda line: self._heading(line, config))
            if html_page is not None:
                self._html[page.file.src_uri] = html_page
                return ""
            log.debug("kamgen: %s is rendered as Markdown", page.file.src_uri)
        if page.file.src_uri in self._generated:
            # Charts are finished SVG: keep them away from the Markdown and search parsers,
            # which would otherwise spend most of a large site's build on them.
            charts: list[str] = []

            def park(match: re.Match[str]) -> str:
                charts.append(match.group(0))
                return f"<!--kamgen-chart-{len(charts) - 1}-->"

            markdown = _CHART.sub(park, markdown)
            self._charts[page.file.src_uri] = charts
            return markdown
        # The account's own pages say that they are the shared edition, too.
        if self.audience != "customer" or not source \
                or not Path(source).resolve().is_relative_to(self.plans_dir):
            return markdown
        banner = shared_edition_banner(self.site.language if self.site else "en")
        lines = markdown.split("\n")
        heading = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
        return "\n".join([*lines[: heading + 1], "", banner, *lines[heading + 1:]])

    def _theme_meta(self, page: Page, markdown: str, config: MkDocsConfig,
                    escaped: bool) -> None:
        """Give the page the title, description and tags that the theme prints as they are,
        made safe with :func:`theme_text`; ``escaped``: the front matter holds HTML-escaped
        text (kamgen's templates write it so, for engines that print it as it is).

        Every page gets its title here: from the front matter, else from its first heading,
        else from its file name. MkDocs would take it from the first heading itself and
        decode the heading's entities into the page's <title>."""
        meta = page.meta

        def text(value: object) -> str:
            return html.unescape(str(value)) if escaped else str(value)

        title = meta.get("title")
        if isinstance(title, (str, int, float)) and str(title).strip():
            meta["title"] = theme_text(text(title))
        else:
            heading = _H1.search(markdown)
            rendered = self._heading(heading.group(0), config) if heading else None
            meta["title"] = theme_text(
                html.unescape(str(rendered[1]["name"])) if rendered
                else Path(page.file.src_uri).stem.replace("-", " ").title())
        description = meta.pop("description", None)
        if isinstance(description, (str, int, float)):
            meta["description"] = theme_text(text(description))
        tags = meta.pop("tags", None)
        if isinstance(tags, list):
            meta["tags"] = [theme_text(text(tag)) for tag in tags
                            if isinstance(tag, (str, int, float))]

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        html_page = self._html.pop(page.file.src_uri, None)
        if html_page is not None:
            page.toc = get_toc(html_page.toc_tokens())  # type: ignore[arg-type]
            page.present_anchor_ids = html_page.anchor_ids()
            if not self._index(page, html_page):
                return html_page.html  # for whatever else indexes the page's HTML
            # Every page is read before the first is written: until its turn comes, the
            # page's HTML waits compressed (a tenth of its size).
            self._packed[page.file.src_uri] = zlib.compress(html_page.html.encode(), 1)
            return _PACKED
        # An account's own Markdown pages are free text from the plans: clean them.
        source = page.file.abs_src_path
        if source and Path(source).resolve().is_relative_to(self.plans_dir):
            return clean_page(html)
        return html

    def _index(self, page: Page, html_page: HtmlPage) -> bool:
        """Give Material's search index the page's sections and keep its own parser off
        the page (``search.exclude``), which would find the same text in the HTML; False
        when the site has no Material search, which then reads the page itself."""
        search = self._search
        if search is None:
            return False
        meta = page.meta.get("search") or {}
        if meta.get("exclude"):
            return True
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
        return True

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig,
                        nav: Any) -> Any:
        packed = self._packed.pop(page.file.src_uri, None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode()
        charts = self._charts.pop(page.file.src_uri, None)
        if charts and page.content:
            page.content = _SLOT.sub(lambda m: charts[int(m.group(1))], page.content)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self._generated:
            page.content = None  # written: its HTML is not needed any more
        return output

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        if self.plans_dir != Path(config.docs_dir).resolve():
            server.watch(str(self.plans_dir))
        return server
