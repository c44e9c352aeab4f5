"""The generated Markdown builds with Zensical too, so the plans outlive MkDocs 1.x.

`kamgen generate` writes the pages as plain files with a zensical.toml; the Zensical
version pinned in the dev extra of pyproject.toml builds them offline with --strict.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_build import THEME_ENGLISH, english_words, visible_texts

from kamgen.cli import main
from kamgen.model import AccountPage
from kamgen.site.write import MANIFEST, account_page

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
ACCOUNTS = sorted(
    p.stem if p.suffix == ".yaml" else p.name for p in (PLANS / "accounts").iterdir()
)
AS_OF = "2026-11-23"
EXTRA_PAGE = "accounts/nordwerk-chemie/werksbesuch-stade.md"
ZENSICAL = Path(sys.executable).parent / ("zensical.exe" if os.name == "nt" else "zensical")

pytestmark = pytest.mark.slow


def generate(plans: Path, out: Path, *options: str) -> None:
    assert main(["generate", str(plans), "--out", str(out), "--as-of", AS_OF, *options]) == 0


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- kamgen generate ------------------------------------------------------------------

def test_generate_writes_pages_extra_pages_and_stylesheet(tmp_path: Path) -> None:
    generate(PLANS, tmp_path / "out")
    docs = tmp_path / "out" / "docs"
    for page in ("index.md", "accounts/index.md", "selection/index.md", "programme/index.md",
                 "checklists/index.md", "tags.md"):
        assert (docs / page).is_file(), page
    for account_id in ACCOUNTS:
        assert (docs / "accounts" / account_id / "index.md").is_file(), account_id
    assert "kam-light" in (docs / "assets/kamgen.css").read_text("utf-8")
    # The account folder's own page is there, its text intact, its heading still Markdown,
    # its title set by kamgen.
    extra = (docs / EXTRA_PAGE).read_text("utf-8")
    assert extra.startswith("---\ntitle: Werksbesuch Stade am 5. November 2026\n---\n\n"
                            "# Werksbesuch Stade am 5. November 2026\n")
    assert "Herr Olsen möchte vor jeder Rezepturänderung eine Bemusterung" in extra
    assert not list(docs.rglob("*.yaml")), "no plan file belongs in the docs"


def test_generate_writes_a_zensical_configuration(tmp_path: Path) -> None:
    tomllib = pytest.importorskip("tomllib")
    generate(PLANS, tmp_path / "out")
    config = tomllib.loads((tmp_path / "out/zensical.toml").read_text("utf-8"))["project"]
    assert config["site_name"] == "Hanse Polymer GmbH · Key-Account-Pläne"
    assert config["docs_dir"] == "docs"
    assert config["theme"]["language"] == "de"
    assert config["theme"]["font"] is False
    assert config["nav"][0] == {"Übersicht": "index.md"}
    assert config["extra_css"] == ["assets/kamgen.css"]
    assert config["markdown_extensions"]["pymdownx.tasklist"] == {"custom_checkbox": True}


def test_generate_twice_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    generate(PLANS, out)
    before = snapshot(out)
    capsys.readouterr()
    generate(PLANS, out)
    assert snapshot(out) == before
    assert "(0 files written, 29 unchanged, 0 removed)" in capsys.readouterr().err


def test_generate_says_what_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    generate(PLANS, out)
    err = capsys.readouterr().err
    # 22 pages: 7 of the portfolio, the plan format, 4 of the team's people, 8 accounts and
    # 2 of Nordwerk's own; with the stylesheet, 4 calendars, the
    # 404 page's template and zensical.toml, 29 files.
    assert err.endswith(
        f"kamgen: made 22 pages in {out}/docs/ with {out}/zensical.toml (29 files written, "
        f"0 unchanged, 0 removed); build them with 'zensical build --strict -f "
        f"{out}/zensical.toml'\n")


def test_generate_removes_what_it_no_longer_writes_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(PLANS, out)
    mine = out / "docs" / "notes.md"
    mine.write_text("# Mine\n", "utf-8")
    # The shared edition of one account: switching editions removes every other page.
    generate(PLANS, out, "--audience", "customer", "--account", "nordwerk-chemie")
    docs = out / "docs"
    assert not (docs / "accounts/gravenhorst-bauprofile").exists()
    assert not (docs / "accounts/nordwerk-chemie/index.md").exists()
    assert not (docs / "selection/index.md").exists()
    assert "Nordwerk Chemie AG" in (docs / "index.md").read_text("utf-8")
    assert "Gemeinsame Ausgabe" in (docs / EXTRA_PAGE).read_text("utf-8")
    assert mine.read_text("utf-8") == "# Mine\n"
    assert "notes.md" not in (docs / MANIFEST).read_text("utf-8")


def test_generate_refuses_to_write_into_the_plans_folder(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    before = snapshot(plans)
    assert main(["generate", str(plans), "--out", str(plans / "site")]) == 2
    assert snapshot(plans) == before
    # Nor may the docs folder it writes be the plans folder.
    docs = tmp_path / "docs"
    plans.rename(docs)
    assert main(["generate", str(docs), "--out", str(tmp_path)]) == 2
    assert snapshot(docs) == before


def test_account_pages_are_made_safe_for_any_engine() -> None:
    page = account_page(AccountPage(
        "accounts/a/besuch.md",
        "# Besuch <img src=x onerror=alert(2)> {: onclick=alert(3) }\n\n"
        "<script>alert(4)</script>\n\n[Bericht](javascript:alert(5))\n"
        "{: onmouseover=alert(6) }\n\n- [x] erledigt\n",
        title="T </title><script>alert(1)</script>"), "de")
    assert "<script" not in page and "<img" not in page
    assert not re.search(r"<[^>]*\son\w+=", page)
    assert "javascript:" not in page
    assert page.startswith("---\ntitle: T ‹/title›‹script›alert(1)‹/script›\n---\n")
    assert "\n# Besuch ‹img src=x onerror=alert\\(2\\)› \\{: onclick=alert\\(3\\) \\}\n" in page
    assert 'class="task-list-item"' in page


# --- building with Zensical -----------------------------------------------------------

def _offline() -> list[str]:
    """Run Zensical without a network where this system can (Linux user namespaces)."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rn"]
    return []


def zensical_build(project: Path) -> Path:
    if sys.version_info < (3, 11):
        pytest.skip("Zensical needs Python 3.11 or newer")
    if not ZENSICAL.is_file():
        pytest.fail(f"Zensical is not installed at {ZENSICAL}\n    hint: pip install -e '.[dev]'")
    result = subprocess.run([*_offline(), str(ZENSICAL), "build", "--strict"], cwd=project,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_COLOR": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example portfolio, generated and built with the pinned Zensical."""
    project = tmp_path_factory.mktemp("zensical") / "project"
    generate(PLANS, project)
    return zensical_build(project)


def html(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_the_installed_zensical_is_the_pinned_one(site: Path) -> None:
    import tomllib

    dev = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "optional-dependencies"]["dev"]
    pin = next(d for d in dev if d.startswith("zensical=="))
    version = subprocess.run([str(ZENSICAL), "--version"], capture_output=True, text=True,
                             timeout=60).stdout.strip()
    assert pin.split(";")[0] == f"zensical=={version}"


def test_home_and_every_account_page_exist(site: Path) -> None:
    assert len(ACCOUNTS) == 8
    assert (site / "index.html").is_file()
    for account_id in ACCOUNTS:
        assert (site / "accounts" / account_id / "index.html").is_file(), account_id
    for page in ("accounts", "selection", "programme", "checklists", "tags"):
        assert (site / page / "index.html").is_file(), page
    assert '<html lang="de"' in html(site, "index.html")


def test_account_page_renders_summary_chart_tables_and_task_lists(site: Path) -> None:
    page = html(site, "accounts/nordwerk-chemie/index.html")
    assert "<title>Nordwerk Chemie AG - Hanse Polymer GmbH · Key-Account-Pläne</title>" in page
    assert re.search(r'<h2 id="kep">Kundenentwicklungsplan \(KEP\) auf einen Blick', page)
    assert '<div class="grid cards kam-summary">' in page
    assert "80,0 / 100" in page
    assert '<svg class="kam-chart"' in page
    assert re.search(r"<tr>\s*<td>Share of Wallet ausbauen<br>", page)  # the scorecard
    assert 'class="kam-light kam-' in page
    assert re.search(r'<li class="task-list-item"><label class="task-list-control">'
                     r'<input type="checkbox" disabled(?:="")? checked', page)
    assert 'class="admonition warning"' in page
    assert 'href="werksbesuch-stade/"' in page
    extra = html(site, "accounts/nordwerk-chemie/werksbesuch-stade/index.html")
    assert "<title>Werksbesuch Stade am 5. November 2026 - " in extra
    assert 'stylesheet" href="../../assets/kamgen.css"' in page


def test_tabs_details_and_tags_render(site: Path) -> None:
    assert 'class="tabbed-set tabbed-alternate"' in html(site, "checklists/index.html")
    assert "<details" in html(site, "selection/index.html")
    tags = html(site, "tags/index.html")
    assert 'href="../accounts/nordwerk-chemie/"' in tags


def test_site_needs_no_network(site: Path) -> None:
    """No script, stylesheet, image or font is fetched from another host; plain links
    (such as the theme's credit in the footer) may point elsewhere."""
    fetched = re.compile(
        r"""<(?:script|img|iframe|source)[^>]+src=["'](?:https?:)?//"""
        r"""|<link[^>]+href=["'](?:https?:)?//"""
    )
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 15
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not fetched.search(text), page
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, page
    for stylesheet in site.rglob("*.css"):
        assert not re.search(r"url\(\s*[\"']?(?:https?:)?//", stylesheet.read_text("utf-8")), \
            stylesheet


def test_hostile_account_page_stays_harmless_under_zensical(tmp_path: Path) -> None:
    """Zensical writes a page's title and the site's name into the HTML as they are:
    kamgen's copy of an account page and its zensical.toml must leave nothing there that
    could run."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    kam = plans / "kam.yaml"
    kam.write_text(kam.read_text("utf-8").replace(
        "company: Hanse Polymer GmbH",
        'company: "Hanse </title><script>alert(8)</script> & Co"'), "utf-8")
    folder = plans / "accounts" / "nordwerk-chemie"
    (folder / "boese.md").write_text(
        '---\ntitle: "</title><script>alert(1)</script>"\ntags: ["<b onclick=alert(2)>x</b>"]\n'
        "---\n# Böse &lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;\n\n"
        "<script>alert(4)</script>\n\nText\n{: onmouseover=alert(5) }\n", "utf-8")
    (folder / "zweite.md").write_text(
        "# Zweite </title><script>alert(6)</script>\n\n[x](javascript:alert(7))\n", "utf-8")
    generate(plans, tmp_path / "project")
    name = "Hanse &lt;/title&gt;&lt;script&gt;alert(8)&lt;/script&gt; &amp; Co · Key-Account-Pläne"
    assert f'site_name = "{name}"\n' in (tmp_path / "project/zensical.toml").read_text("utf-8")
    built = zensical_build(tmp_path / "project")
    assert (built / "accounts/nordwerk-chemie/boese/index.html").is_file()
    assert f"<title>Key-Account-Portfolio - {name}</title>" in html(built, "index.html")
    for page in built.rglob("*.html"):
        text = page.read_text("utf-8")
        assert not re.search(r"<script>\s*alert", text), page
        assert not re.search(r"<[a-z][^>]*\son\w+\s*=", text), page
        assert "javascript:alert" not in text, page


def test_an_account_pages_links_and_images_point_where_the_engine_serves_them() -> None:
    # The page accounts/a/besuch.md is served at accounts/a/besuch/: its relative links and
    # images, written into a block of HTML, are rewritten as the engine would rewrite them
    # in Markdown.
    page = account_page(AccountPage(
        "accounts/a/besuch.md",
        "# Besuch\n\n![Skizze](skizze.png) [Bericht](bericht.md#ergebnis) "
        "[Zahlen](daten/zahlen.csv) [oben](#top) [Web](https://example.org/x.md)\n"), "de")
    assert '<img alt="Skizze" src="../skizze.png"' in page
    assert 'href="../bericht/#ergebnis"' in page
    assert 'href="../daten/zahlen.csv"' in page
    assert 'href="#top"' in page
    assert 'href="https://example.org/x.md"' in page


def test_a_german_site_shows_no_english_word_of_the_theme(site: Path) -> None:
    """The 404 page's heading, the permalinks' title and the footer in German here too."""
    texts = visible_texts(site)
    del texts["checklists/index.html"]  # each checklist in English too, on its own tab
    assert "404.html" in texts
    assert english_words(texts, THEME_ENGLISH) == {}
    assert "404 – Seite nicht gefunden" in texts["404.html"]
