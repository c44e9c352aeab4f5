"""The site configuration, in one place: the theme's features and palette and the Markdown
the pages are written in. kamgen's built-in MkDocs configuration (:func:`mkdocs_config`),
the ``zensical.toml`` of ``kamgen generate`` and the MkDocs plugin all read it; a test
keeps the example repository's own ``mkdocs.yml`` in step with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["FEATURES", "MARKDOWN_EXTENSIONS", "PALETTE", "SEARCH_LANGUAGES", "mkdocs_config"]

FEATURES = ("navigation.tabs", "navigation.top", "navigation.indexes", "search.suggest",
            "search.highlight", "content.tabs.link")
"""The theme's features."""

PALETTE: tuple[Mapping[str, Any], ...] = (
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo",
     "toggle": {"icon": "material/weather-night", "name": "Dark mode"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo",
     "toggle": {"icon": "material/weather-sunny", "name": "Light mode"}},
)
"""Light and dark mode, following the reader's system."""

SEARCH_LANGUAGES = ("de", "en")

MARKDOWN_EXTENSIONS: Mapping[str, Mapping[str, Any]] = {
    "tables": {},
    "admonition": {},
    "attr_list": {},
    "md_in_html": {},
    "toc": {"permalink": True},
    "pymdownx.details": {},
    "pymdownx.superfences": {},
    "pymdownx.tasklist": {"custom_checkbox": True},
    "pymdownx.tabbed": {"alternate_style": True},
}
"""The Markdown the generated pages are written in."""


def mkdocs_config(plans: Path) -> dict[str, Any]:
    """kamgen's MkDocs configuration for a plans folder without a site configuration of
    its own: system fonts (the site needs no network to read), search, tags, kamgen, and a
    strict check of links to headings."""
    return {
        "site_name": "Key accounts",
        "docs_dir": str(plans.resolve()),
        "theme": {"name": "material", "font": False, "features": list(FEATURES),
                  "palette": [dict(p, toggle=dict(p["toggle"])) for p in PALETTE]},
        "plugins": [{"search": {"lang": list(SEARCH_LANGUAGES)}}, "tags", "kamgen"],
        "validation": {"anchors": "warn"},
        "markdown_extensions": [{name: dict(options)} if options else name
                                for name, options in MARKDOWN_EXTENSIONS.items()],
    }
