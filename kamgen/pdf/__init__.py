"""The account plan as an A4 PDF for the meeting, and the portfolio report.

The PDF is the site's own page HTML (:mod:`kamgen.site.pages`), put together without a
site engine, with the site's print rules and :file:`pdf.css`, laid out by WeasyPrint
offline (:mod:`kamgen.pdf.render`). A shared edition's PDF is made from that edition's site,
so it holds exactly what the site holds.
"""

from __future__ import annotations

from .document import ORIGIN, Document, account_document, known_account, portfolio_document
from .render import INSTALL_HINT, Pdf, Refused, fetcher, off_page, render_pdf, write_pdf

__all__ = ["INSTALL_HINT", "ORIGIN", "Document", "Pdf", "Refused", "account_document", "fetcher",
           "known_account", "off_page", "portfolio_document", "render_pdf", "write_pdf"]
