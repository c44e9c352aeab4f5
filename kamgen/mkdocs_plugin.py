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
import shutil
import tempfile
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

from .audience import AUDIENCES, Edition, edition
from .clock import as_of
from .errors import KamgenError, PlanErrors
from .load import load_portfolio
from .site import Site, generate
from .site.html_page import HtmlPage, split_html_page
from .site.sanitize import clean_page, theme_text
from .site.write import attachment_bytes, own_page_source

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
    """internal (everything, the default) or customer (the shared edition of ``account``).
    When kamgen's command line runs the build, it gives the edition, and these options
    may not say otherwise."""
    account = c.Optional(c.Type(str))
    """The account whose shared edition the site is (with ``audience: customer``)."""


class KamgenPlugin(BasePlugin[KamgenConfig]):
    """Adds the pages generated from the plans to the build."""

    def __init__(self) -> None:
        self.site: Site | None = None
        self.plans_dir = Path()
        self._generated: set[str] = set()
        self._own: set[str] = set()
        self._outputs: set[str] = set()
        self._empty_docs: str | None = None
        self._serving = False
        self._charts: dict[str, list[str]] = {}
        self._html: dict[str, HtmlPage] = {}
        self._packed: dict[str, bytes] = {}
        self._headings: dict[str, tuple[str, dict[str, Any]] | None] = {}
        self._heading_md: Any = None
        self._search: Any = None  # Material's search plugin, when the site uses it

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this keeps one plugin for all the rebuilds of a preview.
        self._serving = command == "serve"

    def on_shutdown(self) -> None:
        if self._empty_docs is not None:
            shutil.rmtree(self._empty_docs, ignore_errors=True)
            self._empty_docs = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").parent
        self.plans_dir = (base / self.config.plans).resolve() if self.config.plans \
            else Path(config.docs_dir).resolve()
        self._keep_engine_out_of_plans(config)
        try:
            # The plans are let go of once the pages are written: only the site is kept.
            self.site = generate(load_portfolio(self.plans_dir), as_of(self.config.as_of),
                                 self.edition, directory_urls=config.use_directory_urls)
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
    def edition(self) -> Edition:
        """The edition this build makes: the one kamgen's command line gives (``kamgen
        serve`` passes it as KAMGEN_AUDIENCE and KAMGEN_ACCOUNT), else the plugin's
        options. Options that say otherwise than the command line are an error, so that
        no configuration can widen the audience of a build."""
        options = (self.config.audience, self.config.account)
        given = os.environ.get("KAMGEN_AUDIENCE")
        try:
            if given is None:
                return edition(options[0] or "internal", options[1])
            chosen = edition(given, os.environ.get("KAMGEN_ACCOUNT") or None)
        except KamgenError as error:
            raise PluginError(f"kamgen: {error}") from None
        if any(option is not None for option in options) \
                and options != (chosen.audience, chosen.account):
            raise PluginError(
                "kamgen: the kamgen plugin's options in the site configuration name another "
                "edition than the command line\n    hint: remove 'audience' and 'account' "
                "from the plugin's options and give --audience and --account")
        return chosen

    def _keep_engine_out_of_plans(self, config: MkDocsConfig) -> None:
        """MkDocs copies every file of its docs_dir into the site, following links. When
        the plans folder is the docs_dir, MkDocs gets an empty one instead, so that only
        what kamgen's gate lets through reaches the site."""
        docs = Path(config.docs_dir).resolve()
        if docs == self.plans_dir:
            if self._empty_docs is None:
                self._empty_docs = tempfile.mkdtemp(prefix="kamgen-docs-")
            config.docs_dir = self._empty_docs
        elif self.plans_dir.is_relative_to(docs) or docs.is_relative_to(self.plans_dir):
            raise PluginError(
                f"kamgen: the plans folder {self.plans_dir} and the docs_dir {docs} lie one "
                "inside the other: MkDocs would publish the plan files as they are\n"
                "    hint: make the plans folder the docs_dir, or keep the two side by side")

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._empty_docs is not None and not self._serving:
            shutil.rmtree(self._empty_docs, ignore_errors=True)
            self._empty_docs = None
        if self._serving and self.site is not None:
            _prune(Path(config.site_dir), self._outputs)

    def on_build_error(self, *, error: Exception) -> None:
        if self._empty_docs is not None and not self._serving:
            shutil.rmtree(self._empty_docs, ignore_errors=True)
            self._empty_docs = None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        site = self.site
        # The files take over the pages, as UTF-8 (half the size of a str of German text):
        # each page's str is let go of as soon as its file holds it.
        pages = dict(site.pages)
        # kamgen's own pages hold finished HTML and charts; an account's own pages are
        # free text from the plans, which is cleaned after MkDocs rendered it.
        self._generated = set(pages)
        pages.update((page.rel, own_page_source(page, site.language, site.shared_edition))
                     for page in site.own_pages)
        self._own = {page.rel for page in site.own_pages}
        self.site = dataclasses.replace(site, pages={}, own_pages=())
        for path in list(pages):
            existing = files.get_file_from_path(path)
            if existing is not None:
                log.info("kamgen: the generated page %s replaces %s", path, existing.src_uri)
                files.remove(existing)
            files.append(self._page_file(config, path, pages.pop(path)))
        for attachment in site.attachments:
            existing = files.get_file_from_path(attachment.rel)
            if existing is not None:
                files.remove(existing)
            try:
                data = attachment_bytes(self.plans_dir, attachment)
            except KamgenError as error:
                raise PluginError(f"kamgen: {error}") from None
            files.append(File.generated(config, attachment.rel, content=data))
        css = resources.files("kamgen.site").joinpath("assets/kamgen.css").read_text("utf-8")
        files.append(self._page_file(config, CSS, css))
        self._outputs = {file.dest_uri for file in files}
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
        if generated or page.file.src_uri in self._own:
            # kamgen's templates write their front matter HTML-escaped; the front matter of
            # an account's own page is kamgen's too, as plain text.
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
        return markdown

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
        if page.file.src_uri in self._own:
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
        server.watch(str(self.plans_dir))
        return server


_ENGINE_OUTPUTS = frozenset({"sitemap.xml", "sitemap.xml.gz", "404.html",
                             "search/search_index.json"})


def _prune(site_dir: Path, outputs: set[str]) -> None:
    """Remove what an earlier build of a preview wrote and this one did not (a page made
    internal, a plan deleted): MkDocs' dirty rebuilds only ever add files."""
    if not site_dir.is_dir():
        return
    for path in sorted(site_dir.rglob("*"), reverse=True):
        rel = path.relative_to(site_dir).as_posix()
        if path.is_symlink() or path.is_file():
            if rel not in outputs and rel not in _ENGINE_OUTPUTS:
                path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
