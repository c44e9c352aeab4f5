"""End to end: build the example site with --strict and read the HTML."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from kamgen.cli import main
from kamgen.engine import build_site
from kamgen.errors import BuildError
from kamgen.site.i18n import catalogue

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
ACCOUNTS = sorted(
    p.stem if p.suffix == ".yaml" else p.name for p in (PLANS / "accounts").iterdir()
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once through the command line with the repository's
    mkdocs.yml, as `make site` does."""
    out = tmp_path_factory.mktemp("build") / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        code = main(["build", "--site-dir", str(out), "--as-of", "2026-11-23"])
    assert code == 0
    return out


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_home_and_every_account_page_exist(site: Path) -> None:
    assert len(ACCOUNTS) == 8
    assert (site / "index.html").is_file()
    for account_id in ACCOUNTS:
        assert (site / "accounts" / account_id / "index.html").is_file(), account_id
    for page in ("accounts", "programme", "checklists", "tags"):
        assert (site / page / "index.html").is_file(), page


def test_account_page_shows_summary_figures_and_sections(site: Path) -> None:
    page = html(site, "accounts/nordwerk-chemie/index.html")
    assert "<title>Nordwerk Chemie AG - Hanse Polymer GmbH · Key-Account-Pläne</title>" in page
    assert 'id="kep"' in page
    for heading in ("Kundenbewertung", "Balanced Scorecard", "Positionierung",
                    "Key-Account-Analyse", "SWOT-Analyse", "Wettbewerbsanalyse",
                    "Mehrwertkonzepte", "Beziehungsnetzwerk", "Maßnahmenplan", "Checklisten"):
        assert f">{heading}<" in page, heading
    assert "80,0 / 100" in page
    assert '<svg class="kam-chart"' in page
    assert 'class="task-list-item"' in page
    # The extra page of the account folder is built beside it and linked.
    assert (site / "accounts/nordwerk-chemie/werksbesuch-stade/index.html").is_file()
    assert 'href="werksbesuch-stade/"' in page


def pagefind_records(site: Path) -> dict[str, dict[str, Any]]:
    """The pages of the site's Pagefind index by URL (each fragment is gzipped JSON after
    a signature)."""
    records = {}
    for fragment in (site / "pagefind/fragment").iterdir():
        raw = gzip.decompress(fragment.read_bytes())
        assert raw.startswith(b"pagefind_dcd")
        record = json.loads(raw[len(b"pagefind_dcd"):])
        records[record["url"]] = record
    return records


def test_site_is_german_with_a_german_search_index(site: Path) -> None:
    assert '<html lang="de"' in html(site, "index.html")
    entry = json.loads(html(site, "pagefind/pagefind-entry.json"))
    assert list(entry["languages"]) == ["de"]
    assert "/accounts/nordwerk-chemie/" in pagefind_records(site)
    # Material's own index is left empty: Material's search box asks kamgen's worker.
    assert json.loads(html(site, "search/search_index.json"))["docs"] == []
    assert '"search": "../../assets/kamgen-search.js"' in html(
        site, "accounts/nordwerk-chemie/index.html")


def test_search_index_holds_each_section_of_an_account_page(site: Path) -> None:
    top = pagefind_records(site)["/accounts/nordwerk-chemie/"]
    assert top["meta"]["title"] == "Nordwerk Chemie AG"
    assert top["content"].startswith("Nordwerk Chemie AG. A-Kunde Key Account Chemie")
    anchors = {anchor["id"]: anchor["text"] for anchor in top["anchors"]}
    assert anchors["kep"] == "Kundenentwicklungsplan (KEP) auf einen Blick"
    assert anchors["scorecard-learning"] == "Lernen & Entwicklung"
    for words in ("Ungeplante Stillstände in Werk Stade (hoch)", "Rezyklat-Kompetenz aufbauen"):
        assert words in top["content"]
    # Headings that read the same on every account page stay out (Pagefind keeps their
    # ids, without text); so do the charts and the permalinks.
    assert anchors["completeness"] == ""
    assert [text for a, text in anchors.items() if a.startswith("checklist-") and text] == []
    # The rules and checklist items below them, too.
    assert "Ziele in allen vier Scorecard-Perspektiven" not in top["content"]
    assert "Beide Seiten haben einen Sponsor auf Geschäftsleitungsebene" not in top["content"]
    assert "<svg" not in top["content"] and "¶" not in top["content"]


def test_account_page_has_its_table_of_contents(site: Path) -> None:
    page = html(site, "accounts/nordwerk-chemie/index.html")
    toc = page[page.index('data-md-component="toc"'):]
    for anchor in ("kep", "profile", "scorecard", "scorecard-learning", "value-add-1",
                   "completeness", "checklist-service-management"):
        assert f'href="#{anchor}"' in toc, anchor
    assert '<h3 id="scorecard-learning">Lernen &amp; Entwicklung<a class="headerlink"' in page


def test_sidebar_does_not_list_account_pages(site: Path) -> None:
    # The programme page links no account itself, so any link to one would come from the nav.
    page = html(site, "programme/index.html")
    for account_id in ACCOUNTS:
        assert f"accounts/{account_id}/" not in page, account_id


def test_no_plan_file_is_published(site: Path) -> None:
    published = [p for p in site.rglob("*") if p.suffix in (".yaml", ".yml")]
    assert published == []


def test_site_needs_no_network(site: Path) -> None:
    """No script, stylesheet, image or font is fetched from another host; plain links
    (such as the theme's credit in the footer) may point elsewhere."""
    fetched = re.compile(
        r"""<(?:script|img|iframe|source)[^>]+src=["'](?:https?:)?//"""
        r"""|<link[^>]+href=["'](?:https?:)?//"""
    )
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not fetched.search(text), page
        assert "fonts.googleapis.com" not in text, page
    for stylesheet in site.rglob("*.css"):
        assert not re.search(r"url\(\s*[\"']?(?:https?:)?//", stylesheet.read_text("utf-8")), \
            stylesheet


def test_stylesheet_is_shipped(site: Path) -> None:
    assert "kam-light" in html(site, "assets/kamgen.css")
    assert 'href="../../assets/kamgen.css"' in html(site, "accounts/nordwerk-chemie/index.html")


def test_built_in_configuration_builds_a_plans_folder_without_mkdocs_yml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(PLANS, tmp_path / "my-plans")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "my-plans", "--site-dir", "public", "--as-of", "2026-11-23"]) == 0
    assert (tmp_path / "public/accounts/nordwerk-chemie/index.html").is_file()
    assert not (tmp_path / "mkdocs.yml").exists()


def test_failed_build_keeps_the_previous_site(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    out = tmp_path / "site"
    build_site(plans, out, as_of="2026-11-23")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # A broken link in an extra page is a warning, and --strict turns it into a failure.
    extra = plans / "accounts/nordwerk-chemie/werksbesuch-stade.md"
    extra.write_text(extra.read_text("utf-8") + "\n[Bericht](fehlt.md)\n", "utf-8")
    with pytest.raises(BuildError) as failure:
        build_site(plans, out, as_of="2026-11-23")
    assert "fehlt.md" in str(failure.value)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans", "site"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_plans_are_byte_identical(tmp_path: Path) -> None:
    build_site(PLANS, tmp_path / "one", as_of="2026-11-23")
    build_site(PLANS, tmp_path / "two", as_of="2026-11-23")
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    # The gzip header of the sitemap carries the as-of date, not the time of the build.
    gz = one["sitemap.xml.gz"]
    assert int.from_bytes(gz[4:8], "little") == 1795392000  # 2026-11-23T00:00:00Z


def test_commands_never_write_into_the_plans_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    before = snapshot(plans)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "plans"]) == 0
    assert main(["check", "plans", "--as-of", "2026-11-23"]) == 0
    assert main(["export", "plans", "--format", "xlsx", "--out", "out/p.xlsx"]) == 0
    assert main(["build", "plans", "--site-dir", "out/site", "--as-of", "2026-11-23"]) == 0
    capsys.readouterr()
    assert snapshot(plans) == before


def test_no_page_keeps_a_placeholder(site: Path) -> None:
    pages = [p for p in site.rglob("*.html") if "<!--kamgen-" in p.read_text("utf-8")]
    assert pages == []


def test_without_materials_search_the_pages_are_built_all_the_same(tmp_path: Path) -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config["docs_dir"] = str(PLANS)
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    config["plugins"] = [{"search": {"enabled": False}}, "tags", "kamgen"]
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    out = tmp_path / "site"
    build_site(PLANS, out, config_file=tmp_path / "mkdocs.yml", as_of="2026-11-23")
    page = (out / "accounts/nordwerk-chemie/index.html").read_text("utf-8")
    assert '<h2 id="kep">Kundenentwicklungsplan (KEP) auf einen Blick' in page
    assert "<!--kamgen-" not in page
    assert not (out / "search/search_index.json").exists()


def test_a_search_index_that_never_finishes_fails_the_build_instead_of_hanging_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    import kamgen.mkdocs_search

    if not kamgen.mkdocs_search.has_pagefind():
        pytest.skip("Pagefind is not installed")
    monkeypatch.setattr(kamgen.mkdocs_search, "PAGEFIND_SECONDS", 0.000001)
    assert main(["build", str(ROOT / "plans"), "--site-dir", str(tmp_path / "site"),
                 "--as-of", "2026-11-23"]) == 1
    assert "kamgen: Pagefind did not finish the search index within 1e-06 s" \
        in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_every_page_is_in_the_search_index_once_as_pagefind_reads_the_written_page(
        site: Path, tmp_path: Path) -> None:
    """kamgen's pages go to Pagefind as they are put together, long before MkDocs writes
    them: what Pagefind makes of them is what it makes of the written pages."""
    from kamgen.mkdocs_search import pagefind_indexer

    records = pagefind_records(site)
    written = sorted(p for p in site.rglob("index.html") if "pagefind" not in p.parts)
    urls = ["/" + p.parent.relative_to(site).as_posix() + "/" for p in written]
    assert sorted(records) == sorted(url.replace("/./", "/") for url in urls)
    entry = json.loads(html(site, "pagefind/pagefind-entry.json"))
    assert entry["languages"]["de"]["page_count"] == len(written)
    again = pagefind_indexer(tmp_path, "de")
    for path, url in zip(written, urls, strict=True):
        again.add(url.replace("/./", "/"), path.read_text("utf-8"))
    assert again.finish() == len(written)
    reread = pagefind_records(tmp_path)
    for url in ("/accounts/nordwerk-chemie/", "/", "/selection/"):
        for key in ("content", "word_count", "anchors", "meta"):
            assert records[url][key] == reread[url][key], (url, key)


def test_a_german_site_has_the_theme_s_words_in_german(site: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The palette toggles and the footer are words of the configuration, not of the
    theme's translations: kamgen gives them in the site's language."""
    page = html(site, "index.html")
    assert page.count('title="Dunkles Farbschema"') == 1
    assert page.count('title="Helles Farbschema"') == 1
    for english in ("Dark mode", "Light mode", "Made with"):
        assert english not in page
    # An English programme keeps them, and the built-in configuration does the same.
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    kam = plans / "kam.yaml"
    kam.write_text(kam.read_text("utf-8").replace("language: de", "language: en", 1), "utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "plans", "--site-dir", "en", "--as-of", "2026-11-23"]) == 0
    english_page = (tmp_path / "en/index.html").read_text("utf-8")
    assert 'title="Dark mode"' in english_page and "Made with" in english_page


# --- one language: every word a reader sees or hears is in the site's language ------------

THEME_ENGLISH = ("Dark mode", "Light mode", "Made with", "Permanent link", "404 - Not found",
                 "Table of contents", "Back to top", "Skip to content", "Copy to clipboard",
                 "Copied to clipboard", "Type to start searching", "No matching documents",
                 "Search", "Clear", "Header", "Footer", "Previous", "Next")
"""English words of Material, MkDocs and Python-Markdown that a German page must not show
(words that are German too, such as "Navigation", are left out)."""


class _Visible(HTMLParser):
    """What a reader sees or a screen reader says: text outside scripts and styles, the
    title, aria-label, placeholder and alt attributes, and the theme's translations that
    its scripts show (the page's ``__config``)."""

    SPOKEN = frozenset({"title", "aria-label", "placeholder", "alt"})

    def __init__(self) -> None:
        super().__init__()
        self.texts: set[str] = set()
        self._skip = 0
        self._config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.texts.update(" ".join(v.split()) for k, v in attrs if k in self.SPOKEN and v)
        if tag in ("script", "style"):
            self._skip += 1
            self._config = dict(attrs).get("id") == "__config"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
            self._config = False

    def handle_data(self, data: str) -> None:
        if self._config:
            self.texts.update(json.loads(data)["translations"].values())
        elif not self._skip and data.strip():
            self.texts.add(" ".join(data.split()))


def visible_texts(site: Path) -> dict[str, set[str]]:
    """Page → its visible strings, for every HTML page of ``site``."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        parser = _Visible()
        parser.feed(page.read_text("utf-8"))
        found[page.relative_to(site).as_posix()] = parser.texts
    return found


def english_words(texts: dict[str, set[str]], words: Iterable[str], whole: bool = False
                  ) -> dict[str, list[str]]:
    """The ``words`` that pages show, each as whole words in a string (with ``whole``: as
    a whole string), with the pages that show it."""
    patterns = {word: re.compile(rf"(?<!\w){re.escape(word)}(?!\w)") for word in words}
    hits: dict[str, list[str]] = {}
    for page, strings in texts.items():
        for word, pattern in patterns.items():
            if word in strings if whole else any(pattern.search(text) for text in strings):
                hits.setdefault(word, []).append(page)
    return hits


def english_labels() -> list[str]:
    """kamgen's English labels that German writes otherwise: whole words, no placeholder."""
    en, de = catalogue("en"), catalogue("de")
    return sorted({text for key, text in en.items() if text != de[key] and "{" not in text
                   and len(text) > 3 and text not in de.values()})


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example with ``language: en``, built with the repository's mkdocs.yml."""
    root = tmp_path_factory.mktemp("english")
    plans = root / "plans"
    shutil.copytree(PLANS, plans)
    kam = plans / "kam.yaml"
    kam.write_text(kam.read_text("utf-8").replace("language: de", "language: en", 1), "utf-8")
    build_site(plans, root / "site", ROOT / "mkdocs.yml", as_of="2026-11-23")
    return root / "site"


def test_a_german_site_shows_no_english_word_of_the_theme_or_of_kamgen(site: Path) -> None:
    texts = visible_texts(site)
    # The checklists page shows every checklist in English too, on a tab of its own that
    # says so: plan content, not the site's words.
    del texts["checklists/index.html"]
    # The plan format shows the keys and values plans are written with (status: done,
    # impact: high) and the models' descriptions, in English; its own words are German.
    plan_format = texts.pop("programme/plan-format/index.html")
    assert "Schlüssel" in plan_format and "Pflicht" in plan_format
    assert {"404.html", "index.html", "team/index.html", "team/j.berger/index.html",
            "accounts/nordwerk-chemie/index.html"} <= set(texts)
    assert english_words(texts, THEME_ENGLISH) == {}
    # A label is a whole string (a heading, a column): "Account" is English alone, German
    # in "Key Account".
    assert english_words(texts, english_labels(), whole=True) == {}


def test_an_english_site_shows_the_english_words(english_site: Path) -> None:
    """The check above is not vacuous: the same pages in English show those words."""
    texts = visible_texts(english_site)
    shown = english_words(texts, THEME_ENGLISH)
    # Only pages with a footer link to a previous or next page show these (none here).
    assert set(THEME_ENGLISH) - set(shown) == {"Footer", "Previous", "Next"}
    assert len(english_words(texts, english_labels(), whole=True)) > 100


def test_each_persons_page_and_calendar_are_built_and_found_by_name(site: Path) -> None:
    team = html(site, "team/index.html")
    for person_id in ("m.kaya", "j.berger", "s.hoffmann", "t.wagner"):
        assert f'href="{person_id}/"' in team
        calendar = (site / "team" / person_id / "calendar.ics").read_bytes()
        assert calendar.startswith(b"BEGIN:VCALENDAR\r\n")
    page = html(site, "team/j.berger/index.html")
    assert 'href="calendar.ics"' in page
    assert 'href="../../accounts/elbkant-verpackungen/#actions"' in page
    record = pagefind_records(site)["/team/j.berger/"]
    assert record["meta"]["title"] == "Julia Berger"
    assert "Kundenzufriedenheitsbefragung durchführen" in record["content"]
