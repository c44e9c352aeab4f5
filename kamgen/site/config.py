"""The site configuration, in one place: the theme's features and palette and the Markdown
the pages are written in. kamgen's built-in MkDocs configuration (:func:`mkdocs_config`),
the ``zensical.toml`` of ``kamgen generate`` and the MkDocs plugin all read it; a test
keeps the example repository's own ``mkdocs.yml`` in step with it.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .sanitize import theme_text

if TYPE_CHECKING:
    from .pages import Site

__all__ = ["CSS", "FEATURES", "MARKDOWN_EXTENSIONS", "PALETTE", "PALETTE_NAMES",
           "SEARCH_LANGUAGES", "fill_in", "mkdocs_config"]

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


CSS = "assets/kamgen.css"
"""kamgen's stylesheet, below the docs folder."""

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


PALETTE_NAMES = {
    "de": {"Dark mode": "Dunkles Farbschema", "Light mode": "Helles Farbschema"},
}
"""The palette toggles' names of :data:`PALETTE` in the languages other than English."""


def _in_language(config: MutableMapping[str, Any], language: str) -> None:
    """The theme's words that Material takes from the configuration, in ``language``: the
    names of kamgen's palette toggles (names of a site's own are left as they are), and no
    English "Made with Material for MkDocs" in the footer of a site in another language."""
    names = PALETTE_NAMES.get(language)
    if names is None:
        return
    theme = config["theme"]
    palette = theme.get("palette")
    schemes = [palette] if isinstance(palette, MutableMapping) else palette or ()
    for scheme in schemes:
        toggle = scheme.get("toggle") if isinstance(scheme, MutableMapping) else None
        if isinstance(toggle, MutableMapping) and toggle.get("name") in names:
            toggle["name"] = names[toggle["name"]]
    extra = config["extra"]
    if "generator" not in extra:
        extra["generator"] = False


def fill_in(config: MutableMapping[str, Any], site: Site, name_site: bool) -> None:
    """Complete an engine's configuration (MkDocs' keys) with what the pages of ``site``
    need: its language (the theme's words too) and kamgen's stylesheet, its name (with
    ``name_site``), its nav when the configuration has none, and kamgen's Markdown
    extensions where a site's own configuration lacks them."""
    if name_site:
        config["site_name"] = theme_text(site.title)
    config["theme"]["language"] = site.language
    _in_language(config, site.language)
    if config["nav"] is None:
        config["nav"] = site.nav
    if CSS not in config["extra_css"]:
        config["extra_css"].append(CSS)
    for name, options in MARKDOWN_EXTENSIONS.items():
        if name not in config["markdown_extensions"]:
            config["markdown_extensions"].append(name)
            config["mdx_configs"].setdefault(name, dict(options))
