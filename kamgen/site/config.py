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

__all__ = ["CSS", "FEATURES", "MARKDOWN_EXTENSIONS", "NOT_FOUND", "OVERRIDES", "PALETTE",
           "PALETTE_NAMES", "PERMALINK_TITLES", "SEARCH_LANGUAGES", "fill_in",
           "markdown_extensions", "mkdocs_config"]

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

PERMALINK_TITLES = {"de": "Link zu diesem Abschnitt"}
"""The title of a heading's permalink (Python-Markdown's "Permanent link") in the
languages other than English."""

NOT_FOUND = {"de": "404 – Seite nicht gefunden"}
"""The heading of the page for an address that does not exist (Material's "404 - Not
found", which no translation of the theme changes) in the languages other than English."""

OVERRIDES = Path(__file__).with_name("overrides")
"""kamgen's overrides of Material's templates: its 404 page takes its heading from the
configuration (``extra.kamgen_not_found``)."""


def markdown_extensions(language: str) -> dict[str, dict[str, Any]]:
    """:data:`MARKDOWN_EXTENSIONS` with the permalinks' title in ``language``."""
    extensions = {name: dict(options) for name, options in MARKDOWN_EXTENSIONS.items()}
    if language in PERMALINK_TITLES:
        extensions["toc"]["permalink_title"] = PERMALINK_TITLES[language]
    return extensions


def _in_language(config: MutableMapping[str, Any], language: str) -> None:
    """The theme's words that Material takes from the configuration, in ``language``: the
    names of kamgen's palette toggles (names of a site's own are left as they are), no
    English "Made with Material for MkDocs" in the footer of a site in another language,
    the permalinks' title (unless the site gives its own) and the 404 page's heading."""
    names = PALETTE_NAMES.get(language)
    if names is None or language not in NOT_FOUND or language not in PERMALINK_TITLES:
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
    extra.setdefault("kamgen_not_found", NOT_FOUND[language])
    # MkDocs' theme: kamgen's 404 page after a site's own templates, before Material's.
    dirs = getattr(theme, "dirs", None)
    if isinstance(dirs, list) and str(OVERRIDES) not in dirs:
        dirs.insert(1 if getattr(theme, "custom_dir", None) else 0, str(OVERRIDES))
    toc = (config.get("mdx_configs") or {}).get("toc")
    if isinstance(toc, MutableMapping) and toc.get("permalink") \
            and "permalink_title" not in toc:
        toc["permalink_title"] = PERMALINK_TITLES[language]


def fill_in(config: MutableMapping[str, Any], site: Site, name_site: bool) -> None:
    """Complete an engine's configuration (MkDocs' keys) with what the pages of ``site``
    need: its language (the theme's words too) and kamgen's stylesheet, its name (with
    ``name_site``), its nav when the configuration has none, and kamgen's Markdown
    extensions where a site's own configuration lacks them."""
    if name_site:
        config["site_name"] = theme_text(site.title)
    config["theme"]["language"] = site.language
    if config["nav"] is None:
        config["nav"] = site.nav
    if CSS not in config["extra_css"]:
        config["extra_css"].append(CSS)
    for name, options in MARKDOWN_EXTENSIONS.items():
        if name not in config["markdown_extensions"]:
            config["markdown_extensions"].append(name)
            config["mdx_configs"].setdefault(name, dict(options))
    _in_language(config, site.language)
