"""The HTML document of a PDF: the site's own pages of an account (or of the portfolio),
put together from their headings and HTML blocks, with a running header and footer.

Nothing here reads a file or renders: the document holds its HTML and every file it may
show (kamgen's stylesheets, the account's images) by address, and :mod:`kamgen.pdf.render`
serves only those to WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

import markdown

from ..audience import INTERNAL, Edition
from ..errors import ConfigError
from ..history.timeline import History
from ..model import AccountPage, Attachment, Portfolio
from ..model.references import ids_hint
from ..site.config import CSS, MARKDOWN_EXTENSIONS
from ..site.html_page import HeadingRenderer, HtmlPage
from ..site.i18n import Formats, Labels, shared_edition_banner
from ..site.pages import ACCOUNT_PAGE, Site, generate, page_title
from ..site.sanitize import clean_page

__all__ = ["FILES", "ORIGIN", "Document", "account_document", "known_account",
           "portfolio_document"]

ORIGIN = "https://kamgen.invalid/"
"""The address the document's files are served at. ``.invalid`` names no host (RFC 2606):
nothing is ever fetched from it; the PDF's fetcher serves these addresses from memory."""

STYLESHEETS = (CSS, "pdf.css")
"""The site's stylesheet (its print rules included), then the PDF's own."""

FILES = "files/"
"""Where the account's own files (images beside the plan) are served, below :data:`ORIGIN`."""

_HEADINGS = (["toc", "attr_list"], {"toc": {"permalink": False}})
_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]*)(")', re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# WeasyPrint draws an inline SVG as an image of its own, with its own style sheet only:
# the charts' text rules of the site's stylesheet (kamgen.css), in the PDF's font.
_CHART = re.compile(r'<svg class="kam-chart"[^>]*>')
_CHART_STYLE = ('<style>text { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; '
                "font-size: 12px; } .kam-node-title { font-size: 10px; } "
                ".kam-node-name, .kam-quadrant { font-weight: 700; }</style>")
# A link's address that is not another site's (http, https, mailto) nor an anchor of the
# document: a page of the site, which the PDF does not hold.
_SITE_LINK = re.compile(r'(<a\b[^>]*?)\shref="(?!https?:|mailto:|#)[^"]*"', re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    """A PDF's HTML and the files it may show."""

    html: str
    files: Mapping[str, Callable[[], bytes]]
    """Address below :data:`ORIGIN` → the function that gives the file's bytes."""
    title: str


def account_document(portfolio: Portfolio, account_id: str, today: dt.date,
                     chosen: Edition = INTERNAL, history: History | None = None) -> Document:
    """The account's plan as the site shows it (its page, then its own pages), for the
    internal edition or, with ``chosen`` a shared edition of the account, exactly as that
    edition's site holds it (:func:`kamgen.audience.redact` decides). Raises
    :class:`ConfigError` for an account that does not exist or may not be shared."""
    known_account(portfolio, account_id)
    site = generate(portfolio, today, chosen, history=None if chosen.shared else history)
    account = portfolio.accounts[account_id]
    if chosen.shared:
        path, pages, attachments = "index.md", site.own_pages, site.attachments
    else:
        path, pages, attachments = (ACCOUNT_PAGE.format(id=account_id), account.pages,
                                    account.attachments)
    structure = site.pages.html(path)
    assert structure is not None
    body = _page_html(structure) + "".join(
        _own_page(page, site.language, chosen.shared) for page in pages)
    labels = Labels(site.language)
    edition = labels("shared_edition") if chosen.shared else labels("pdf_internal_edition")
    files = _files(portfolio.root, attachments)
    return _document(site, account.plan.name, edition, _dated(portfolio, site, today), body,
                     files)


def known_account(portfolio: Portfolio, account_id: str) -> None:
    """Raise :class:`ConfigError` (with the closest id) for an account the plans lack."""
    if account_id not in portfolio.accounts:
        raise ConfigError(f"'{account_id}' is not an account of the plans\n    hint: "
                          f"{ids_hint(account_id, portfolio.accounts, 'accounts')}")


def portfolio_document(portfolio: Portfolio, today: dt.date,
                       history: History | None = None) -> Document:
    """The portfolio report of the internal edition: the overview (the site's home page),
    then the selection of key accounts, each from a new page."""
    site = generate(portfolio, today, history=history)
    parts = []
    for path in ("index.md", "selection/index.md"):
        structure = site.pages.html(path)
        assert structure is not None
        parts.append(f'<section class="kam-pdf-part">{_page_html(structure)}</section>')
    labels = Labels(site.language)
    return _document(site, f"{portfolio.programme.company} · {labels('pdf_portfolio_title')}",
                     labels("pdf_internal_edition"), _dated(portfolio, site, today),
                     "".join(parts), _files(portfolio.root, ()))


def _dated(portfolio: Portfolio, site: Site, today: dt.date) -> str:
    """"As of <date>" in the site's language and date format."""
    formats = Formats(site.language, portfolio.programme.currency)
    return Labels(site.language)("pdf_as_of", date=formats.date(today))


def _document(site: Site, title: str, edition: str, dated: str, body: str,
              files: dict[str, Callable[[], bytes]]) -> Document:
    """The PDF's HTML: header and footer (running elements, pdf.css), then ``body``; links
    to the site's other pages left out (a PDF has no site around it)."""
    labels = Labels(site.language)
    body = _CHART.sub(lambda match: match.group(0) + _CHART_STYLE, _SITE_LINK.sub(r"\1", body))
    before, _, rest = labels("pdf_page", page="\0", pages="\1").partition("\0")
    middle, _, after = rest.partition("\1")
    e = html.escape
    links = "".join(f'<link rel="stylesheet" href="{e(name)}">' for name in STYLESHEETS)
    text = (
        f'<!DOCTYPE html>\n<html lang="{e(site.language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(title)}</title>\n{links}\n</head>\n<body>\n"
        f'<header class="kam-pdf-header"><span>{e(title)}</span>'
        f"<span>{e(edition)} · {e(dated)}</span></header>\n"
        f'<footer class="kam-pdf-footer"><span>{e(site.title)}</span>'
        f'<span class="kam-pdf-page" data-before="{e(before)}" data-middle="{e(middle)}" '
        f'data-after="{e(after)}"></span></footer>\n'
        f'<article class="md-content md-typeset">\n{body}\n</article>\n</body>\n</html>\n')
    return Document(text, files, title)


def _page_html(structure: HtmlPage) -> str:
    """The page's HTML as the site's engine puts it together (Markdown only where a block
    needs it)."""
    rendered = structure.rendered(HeadingRenderer(*_HEADINGS))
    if rendered is not None:
        return rendered.html
    return _markdown(structure.markdown()[len(structure.front_matter):])


def _markdown(text: str) -> str:
    """Markdown as the site renders it, without permalinks."""
    configs = {name: dict(config) for name, config in MARKDOWN_EXTENSIONS.items() if config}
    configs["toc"] = {"permalink": False}
    return markdown.markdown(text, extensions=list(MARKDOWN_EXTENSIONS),
                             extension_configs=configs)


def _own_page(page: AccountPage, language: str, shared: bool) -> str:
    """An account's own Markdown page, rendered and cleaned as the site does, its images
    pointed at the account's files (:data:`FILES`)."""
    body = clean_page(_markdown(page.body))
    if not re.match(r"\s*<h1\b", body):
        body = f"<h1>{html.escape(page_title(page))}</h1>\n{body}"
    if shared:
        heading_end = body.index("</h1>") + len("</h1>")
        body = f"{body[:heading_end]}\n{shared_edition_banner(language)}\n{body[heading_end:]}"
    folder = posixpath.dirname(page.rel)

    def image(match: re.Match[str]) -> str:
        address = unquote(html.unescape(match.group(2)).split("#")[0].split("?")[0])
        if _SCHEME.match(address) or address.startswith(("/", "\\")):
            target = address  # never served: the fetcher knows only the files below
        else:
            target = ORIGIN + FILES + posixpath.normpath(posixpath.join(folder, address))
        return f"{match.group(1)}{html.escape(target)}{match.group(3)}"

    return f'<section class="kam-pdf-own kam-text">\n{_SRC.sub(image, body)}\n</section>\n'


def _files(root: Path, attachments: tuple[Attachment, ...]) -> dict[str, Callable[[], bytes]]:
    """kamgen's stylesheets and the edition's files beside the plan, by address."""
    from ..site.write import attachment_bytes

    files: dict[str, Callable[[], bytes]] = {
        ORIGIN + CSS: resources.files("kamgen.site").joinpath(CSS).read_bytes,
        ORIGIN + "pdf.css": resources.files("kamgen.pdf").joinpath("pdf.css").read_bytes,
    }
    for attachment in attachments:
        files[ORIGIN + FILES + attachment.rel] = \
            lambda a=attachment: attachment_bytes(root, a)  # type: ignore[misc]
    return files
