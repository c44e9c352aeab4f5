"""Write the generated site as plain files, so that any engine can build it.

:func:`write_project` makes a folder that Zensical builds as it is::

    OUT/zensical.toml      the site configuration (name, language, nav, extensions)
    OUT/docs/              every generated page, the accounts' own pages, assets/kamgen.css

A file is written only when its content changed, each one atomically (a temporary file
beside it, then a rename). Files that an earlier run wrote and this run does not are
removed (the list is kept in ``docs/.kamgen-files``); other files are left alone.

An account's own Markdown pages are free text: the MkDocs plugin cleans them after MkDocs
rendered them. Here no engine runs, so they are rendered and cleaned before they are
written; only their first heading stays Markdown, so the engine finds the page's title.
"""

from __future__ import annotations

import json
import os
import pickle
import posixpath
import re
import tempfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

import markdown
import yaml

from ..cleansvg import clean_svg
from ..errors import ConfigError
from ..load.gate import MAX_ATTACHMENT_BYTES, read_bytes
from ..model import AccountPage, Attachment
from .config import (
    CSS,
    FEATURES,
    NOT_FOUND,
    OVERRIDES,
    PALETTE,
    PALETTE_NAMES,
    markdown_extensions,
)
from .html_page import HtmlPage, Rendered, RenderedPage
from .i18n import shared_edition_banner
from .pages import Site, link, page_address, page_title
from .sanitize import clean_page, theme_text

__all__ = [
    "CONFIG",
    "CSS",
    "DOCS",
    "THEME",
    "DocsFile",
    "Written",
    "account_page",
    "attachment_bytes",
    "docs_files",
    "own_page_source",
    "prune",
    "site_files",
    "write_files",
    "write_if_changed",
    "write_pages",
    "write_project",
    "write_text_if_changed",
    "zensical_config",
]

DOCS = "docs"
"""The docs folder of a project written by :func:`write_project`."""
CONFIG = "zensical.toml"
"""The Zensical configuration of such a project."""
THEME = "overrides"
"""The folder of such a project with kamgen's overrides of the theme's templates (its 404
page in the site's language)."""
MANIFEST = ".kamgen-files"
"""The files the last run wrote, one path per line; engines leave dotfiles out."""

_H1 = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_LOOK_ALIKES = str.maketrans({"<": "‹", ">": "›", '"': "”", "'": "’"})


@dataclass(frozen=True)
class Written:
    """What a run did to a folder: paths relative to it."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


# --- what goes into the docs folder ------------------------------------------------------

@dataclass(frozen=True)
class DocsFile:
    """A file of the docs folder that an engine builds the site from."""

    path: str
    """Relative, with ``/``."""
    content: str | bytes
    """A page's text, or a file's bytes."""
    escaped: bool | None = None
    """For a page: True for kamgen's own pages (their front matter holds HTML-escaped
    text), False for an account's own page; ``None`` for any other file."""
    structure: HtmlPage | None = None
    """A page of headings and HTML blocks."""
    put_together: Callable[[str], Rendered | None] | None = None
    """The engine adapter's heading renderer, for :attr:`rendered`."""
    written: Path | None = None
    """A preview's file of the page (in its page folder), when the engine reads it there."""

    @cached_property
    def rendered(self) -> RenderedPage | None:
        """The page of headings and HTML blocks put together for the engine adapter (made
        when first asked for: a preview asks only for the pages the engine renders again),
        or ``None`` when it needs the engine's Markdown pass."""
        if self.structure is None or self.put_together is None:
            return None
        return self.structure.rendered(self.put_together)

    def kept(self) -> DocsFile | PackedPage:
        """What an engine adapter keeps of the page until the engine reads it: a build
        keeps the page put together and compressed (a quarter of its size); a preview keeps
        the file, to put the page together only if the engine renders it again."""
        if self.written is not None:
            return self
        return PackedPage(zlib.compress(pickle.dumps(self.rendered), 1))

    @property
    def data(self) -> bytes:
        """The file's bytes (a page in UTF-8)."""
        content = self.content
        return content.encode("utf-8") if isinstance(content, str) else content


@dataclass(frozen=True)
class PackedPage:
    """A page put together, compressed (:meth:`DocsFile.kept`)."""

    packed: bytes

    @property
    def rendered(self) -> RenderedPage | None:
        page: RenderedPage | None = pickle.loads(zlib.decompress(self.packed))
        return page


def docs_files(site: Site, plans_root: Path, assets: tuple[str, ...] = (),
               put_together: Callable[[str], Rendered | None] | None = None,
               preview: tuple[Path, dict[str, str]] | None = None) -> Iterator[DocsFile]:
    """Every file of the docs folder for ``site``: its pages, the accounts' own pages,
    kamgen's stylesheet and ``assets`` (from ``kamgen/site/``), the files beside the plans.

    Without ``put_together`` the files suit any engine: an account's own page comes
    rendered and cleaned (:func:`account_page`). An engine adapter gives its heading
    renderer: the pages of headings and HTML blocks come put together (``rendered``), with
    only their front matter in the file; an account's own page comes as the engine renders
    it (:func:`own_page_source`), to be cleaned after.

    A ``preview`` (its page folder and the texts written there before) gets every page
    whole, as a file in that folder, written only when it changed
    (:func:`write_text_if_changed`), so that the engine's dirty rebuild renders only the
    pages whose file changed."""

    def page(path: str, text: str, escaped: bool, structure: HtmlPage | None = None
             ) -> DocsFile:
        if preview is None:
            return DocsFile(path, text, escaped, structure, put_together)
        return DocsFile(path, text, escaped, structure, put_together,
                        write_text_if_changed(preview[0], path, text, preview[1]))

    for path in site.pages:
        structure = site.pages.html(path)
        if structure is None or put_together is None:
            yield page(path, structure.markdown() if structure else site.pages[path], True,
                       structure)
            continue
        if preview is None:
            quick = DocsFile(path, structure.front_matter, True, structure, put_together)
            if quick.rendered is not None:  # the engine reads only its front matter
                yield quick
                continue
        yield page(path, structure.markdown(), True, structure)
    for own in site.own_pages:
        text = own_page_source(own, site.language, site.shared_edition) if put_together \
            else account_page(own, site.language, site.shared_edition)
        yield page(own.rel, text, False)
    for name in (CSS, *assets):
        yield DocsFile(name, resources.files("kamgen.site").joinpath(name).read_bytes())
    for attachment in site.attachments:
        yield DocsFile(attachment.rel, attachment_bytes(plans_root, attachment))
    for path, data in site.files:
        yield DocsFile(path, data)


def site_files(site: Site, plans_root: Path) -> dict[str, bytes]:
    """Every file of the docs folder for any engine: path (relative, with ``/``) →
    content."""
    return {file.path: file.data for file in docs_files(site, plans_root)}


def attachment_bytes(plans_root: Path, attachment: Attachment) -> bytes:
    """A file beside a plan as it is published: read through the gate, an SVG cleaned."""
    data = read_bytes(plans_root, attachment.rel, MAX_ATTACHMENT_BYTES)
    return clean_svg(data) if attachment.rel.lower().endswith(".svg") else data


def own_page_source(page: AccountPage, language: str, shared_edition: bool = False) -> str:
    """An account's own page as the MkDocs plugin hands it to MkDocs: kamgen's own front
    matter (title, description, tags; MkDocs never reads the page's), the Markdown, and in
    the shared edition the shared-edition note below the first heading. MkDocs renders it;
    the plugin cleans the HTML."""
    body = page.body
    if shared_edition:
        banner = shared_edition_banner(language)
        heading = _H1.search(body)
        body = (f"{body[:heading.end()]}\n\n{banner}\n{body[heading.end():]}" if heading
                else f"{banner}\n\n{body}")
    return _front_matter(page, plain=False) + "\n" + body


def account_page(page: AccountPage, language: str, shared_edition: bool = False) -> str:
    """An account's own Markdown page, safe for any engine: its title, description and
    tags as plain text, the first heading as plain text, the rest rendered and cleaned;
    in the shared edition with the shared-edition note below the heading."""
    body = page.body
    heading = _H1.search(body)
    parts = [_front_matter(page, plain=True)]
    if heading:
        before, title, body = body[:heading.start()], heading.group(1), body[heading.end():]
        if before.strip():
            parts.append(_cleaned(before, page.rel, language))
        parts.append(f"# {_markdown_text(title)}\n")
    if shared_edition:
        parts.append(shared_edition_banner(language))
    if body.strip():
        parts.append(_cleaned(body, page.rel, language))
    return "\n".join(part for part in parts if part)


def _front_matter(page: AccountPage, plain: bool) -> str:
    """Front matter kamgen writes for an account's own page: its title (always, so that no
    engine takes it from the first heading), description and tags; with ``plain``, as
    text that is safe where an engine writes it into HTML as it is."""
    clean = _plain if plain else (lambda text: " ".join(text.split()))
    meta: dict[str, Any] = {"title": clean(page_title(page))}
    if page.description:
        meta["description"] = clean(page.description)
    if page.tags:
        meta["tags"] = [clean(tag) for tag in page.tags]
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n"


def _cleaned(text: str, page: str, language: str) -> str:
    settings = markdown_extensions(language)
    extensions = list(settings)
    configs = {name: config for name, config in settings.items() if config}
    html = markdown.markdown(text, extensions=extensions, extension_configs=configs)
    return f'<div class="kam-text">\n{_addresses(clean_page(html).strip(), page)}\n</div>\n'


_RELATIVE = re.compile(r'(\s(?:href|src)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"#?]*)([^"]*)"')


def _addresses(html: str, page: str) -> str:
    """Relative links and images of a page as the engine serves them: an engine rewrites
    the addresses a page's Markdown gives, but not those in a block of HTML, and a page
    ``a/b.md`` is served at ``a/b/`` (directory URLs, Zensical's default)."""
    folder = posixpath.dirname(page)

    def rewrite(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(folder, match.group(2))) \
            if match.group(2) else page
        if target.endswith(".md"):
            address = link(page, target, directory_urls=True)
        else:
            here = posixpath.dirname(page_address(page, directory_urls=True).rstrip("/") + "/x")
            address = posixpath.relpath(target, here or ".")
        return f'{match.group(1)}{address}{match.group(3)}"'

    return _RELATIVE.sub(rewrite, html)


def _plain(text: str) -> str:
    """Text that is safe where an engine writes it into HTML as it is: one line, no
    markup characters (they become their typographic look-alikes)."""
    return " ".join(text.split()).translate(_LOOK_ALIKES)


def _markdown_text(text: str) -> str:
    """Text as Markdown that shows it literally: no HTML, no entity, no attribute list,
    no link, no emphasis."""
    escaped = escape(_plain(text), quote=False)
    return re.sub(r"([\\`*_{}\[\]()#!])", r"\\\1", escaped)


# --- writing ---------------------------------------------------------------------------

def write_pages(site: Site, plans_root: Path, out_dir: Path) -> Written:
    """Write the site's Markdown, the accounts' own pages and the stylesheet into
    ``out_dir``, a docs folder any engine can build."""
    return write_files(site_files(site, plans_root), out_dir)


def write_project(site: Site, plans_root: Path, out: Path) -> Written:
    """Write ``out/docs/`` (see :func:`write_pages`) and ``out/zensical.toml``."""
    docs = write_pages(site, plans_root, out / DOCS)
    config = write_files({CONFIG: zensical_config(site).encode("utf-8"),
                          f"{THEME}/404.html": (OVERRIDES / "404.html").read_bytes()},
                         out, manifest=False)
    return Written(
        written=(*config.written, *(f"{DOCS}/{p}" for p in docs.written)),
        unchanged=(*config.unchanged, *(f"{DOCS}/{p}" for p in docs.unchanged)),
        removed=tuple(f"{DOCS}/{p}" for p in docs.removed),
    )


def write_files(files: Mapping[str, bytes], folder: Path, manifest: bool = True) -> Written:
    """Write ``files`` below ``folder``, each only when its content changed and atomically;
    with ``manifest``, remove the files the previous run wrote that are not in ``files``."""
    if folder.is_symlink():
        raise ConfigError(f"{folder} is a symbolic link: kamgen does not write through "
                          "links\n    hint: remove the link, or write into a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    written, unchanged = [], []
    for rel in sorted(files):
        target = _inside(folder, rel)
        if target.is_file() and target.read_bytes() == files[rel]:
            unchanged.append(rel)
            continue
        _write_atomically(target, files[rel])
        written.append(rel)
    removed: list[str] = []
    if manifest:
        listing = folder / MANIFEST
        before = listing.read_text("utf-8").splitlines() if listing.is_file() else []
        for rel in sorted(set(before) - set(files)):
            try:
                target = _inside(folder, rel)
            except ValueError:
                continue  # not a path this function writes: leave it
            if target.is_file():
                target.unlink()
                removed.append(rel)
                _remove_empty_parents(target.parent, folder)
        text = "".join(f"{rel}\n" for rel in sorted(files))
        if not listing.is_file() or listing.read_text("utf-8") != text:
            _write_atomically(listing, text.encode("utf-8"))
    return Written(tuple(written), tuple(unchanged), tuple(removed))


def _inside(folder: Path, rel: str) -> Path:
    """``folder/rel``, refusing a path that leaves ``folder`` or leads through a symbolic
    link below it (a link there could lead into the plans)."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"not a relative path: {rel!r}")
    path = folder
    for part in parts:
        path = path / part
        if path.is_symlink():
            raise ConfigError(f"{path} is a symbolic link: kamgen does not write through "
                              "links\n    hint: remove the link, or write into a new folder")
    return path


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=target.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def prune(folder: Path, keep: set[str]) -> None:
    """Remove every file below ``folder`` that is not in ``keep`` (paths relative to it),
    and the folders that become empty: what an earlier build of a preview wrote and this
    one did not (MkDocs' dirty rebuilds only ever add files)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_symlink() or path.is_file():
            if path.relative_to(folder).as_posix() not in keep:
                path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def write_if_changed(folder: Path, rel: str, data: bytes) -> Path:
    """``folder/rel`` holding ``data``, written only when it held something else."""
    target = _inside(folder, rel)
    if not target.is_file() or target.read_bytes() != data:
        _write_atomically(target, data)
    return target


def write_text_if_changed(folder: Path, rel: str, text: str, written: dict[str, str]) -> Path:
    """``folder/rel`` holding ``text`` in UTF-8, written only when it held something else;
    ``written``: the text each earlier call wrote, by ``rel``, so that a text the file holds
    already (most often the very object written last) is neither encoded nor read again."""
    if written.get(rel) == text:
        return folder / rel
    target = write_if_changed(folder, rel, text.encode("utf-8"))
    written[rel] = text
    return target


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


# --- the Zensical configuration --------------------------------------------------------

def zensical_config(site: Site) -> str:
    """``zensical.toml`` for a project written by :func:`write_project`: the site's name,
    language and navigation, kamgen's stylesheet, Markdown and 404 page, system fonts only;
    the theme's words that the configuration gives in the site's language."""
    nav = "".join(f"  {{ {_toml(label)} = {_toml(path)} }},\n"
                  for entry in site.nav for label, path in entry.items())
    names = PALETTE_NAMES.get(site.language, {})
    palette = "".join(
        f"\n[[project.theme.palette]]\nmedia = {_toml(p['media'])}\n"
        f"scheme = {_toml(p['scheme'])}\nprimary = {_toml(p['primary'])}\n"
        f"toggle.icon = {_toml(p['toggle']['icon'])}\n"
        f"toggle.name = {_toml(names.get(p['toggle']['name'], p['toggle']['name']))}\n"
        for p in PALETTE
    )
    # In another language than English: no "Made with Zensical", the 404 page's heading.
    extra = (f"\n[project.extra]\ngenerator = false\n"
             f"kamgen_not_found = {_toml(NOT_FOUND[site.language])}\n"
             if site.language in NOT_FOUND else "")
    extensions = "".join(f"{_toml(name)} = {_toml(dict(config))}\n"
                         for name, config in markdown_extensions(site.language).items())
    return (
        "# Written by `kamgen generate`, which writes it again on every run.\n"
        "# Build the site with `zensical build --strict` in this folder (into site/).\n"
        "[project]\n"
        # Zensical prints the site name into every page as it is (it escapes it only in
        # the logo's title): HTML-escaped here, it is text everywhere.
        f"site_name = {_toml(str(theme_text(site.title)))}\n"
        f"docs_dir = {_toml(DOCS)}\n"
        "site_dir = \"site\"\n"
        f"extra_css = [{_toml(CSS)}]\n"
        f"nav = [\n{nav}]\n"
        "\n[project.theme]\n"
        "variant = \"classic\"  # the look of the MkDocs Material site\n"
        f"custom_dir = {_toml(THEME)}  # kamgen's 404 page\n"
        f"language = {_toml(site.language)}\n"
        "font = false  # system fonts: the site needs no network to read\n"
        f"features = {_toml(list(FEATURES))}\n"
        f"{palette}"
        f"{extra}"
        "\n[project.plugins.search]\n"
        "\n[project.plugins.tags]\n"
        "\n[project.markdown_extensions]\n"
        f"{extensions}"
    )


def _toml(value: object) -> str:
    """A TOML value; JSON's strings are TOML's basic strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{_toml(str(k))} = {_toml(v)}" for k, v in value.items()) \
            + " }"
    raise TypeError(f"no TOML for {value!r}")
