"""The site: Markdown pages with inline SVG charts, labels in English and German."""

from .pages import ACCOUNT_PAGE, Site, generate

__all__ = ["ACCOUNT_PAGE", "Site", "generate"]
