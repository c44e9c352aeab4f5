"""In a real browser: the example site, served on 127.0.0.1 and opened in headless Chromium.

Search, charts in light and dark mode, console errors, requests to other hosts and the
printed KEP summary; and the site built from the XSS corpus (test_xss.py), every page of
it, where no script may run and nothing may load from elsewhere. The tests need Debian's
``chromium`` (``.ci/run`` installs it) and the Python packages ``playwright`` and ``pypdf``
(the ``dev`` extra); without them they skip. Playwright drives the system's Chromium:
``playwright install`` is never needed.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

import pytest
from local_browser import CHROMIUM, LAUNCH_ARGS, served

from kamgen.engine import build_site

if TYPE_CHECKING:
    from playwright.sync_api import (
        Browser,
        BrowserContext,
        ConsoleMessage,
        Dialog,
        Page,
        Route,
    )

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
TIMEOUT_MS = 15_000
Scheme = Literal["light", "dark"]

if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
    pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium and chromium-driver "
                "(see .ci/run), or point KAMGEN_CHROMIUM at a Chromium", allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="the Python package playwright is missing: pip install -e '.[dev]'")
pypdf = pytest.importorskip(
    "pypdf", reason="the Python package pypdf is missing: pip install -e '.[dev]'")


# -- the site, the server and the browser ------------------------------------------------

@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site(PLANS, out, as_of="2026-11-23")
    return out


@pytest.fixture(scope="module")
def origin(site: Path) -> Iterator[str]:
    """The example site served on 127.0.0.1 (see :func:`served`)."""
    with served(site) as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Watch:
    """What the pages of one browser context did: every request, every error."""

    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        return [url for url in self.requests
                if not (url.startswith(self.origin + "/") or url.startswith(("data:", "blob:")))]


@pytest.fixture
def watched(browser: Browser, origin: str) -> Iterator[tuple[BrowserContext, Watch]]:
    """A fresh light-mode context that records requests and errors and lets no request
    leave the server."""
    context, watch = open_context(browser, origin, "light")
    try:
        yield context, watch
    finally:
        context.close()


def open_context(browser: Browser, origin: str, scheme: Scheme) -> tuple[BrowserContext, Watch]:
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900},
                                  service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    watch = Watch(origin)

    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith(origin + "/") or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def on_page(page: Page) -> None:
        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                watch.errors.append(f"{page.url}: console error: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: watch.errors.append(f"{page.url}: {error}"))

    context.route("**/*", route)
    # The request event also sees what web workers (Material's search) fetch.
    context.on("request", lambda request: watch.requests.append(request.url))
    context.on("page", on_page)
    return context, watch


def settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")


# -- search ------------------------------------------------------------------------------

RESULT_COUNT = re.compile(r"^(Keine Suchergebnisse|1 Suchergebnis|\d+ Suchergebnisse)$")


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into Material's search box; return the paths of the pages found."""
    box = page.locator("input.md-search__input")
    if not box.evaluate("element => element === document.activeElement"):
        page.keyboard.press("/")
    sync_api.expect(box).to_be_focused()
    box.fill("")
    box.press("Backspace")  # Material reads the query on keyup
    sync_api.expect(page.locator(".md-search-result__meta")).not_to_have_text(RESULT_COUNT)
    box.fill(query)
    box.press("End")
    sync_api.expect(page.locator(".md-search-result__meta")).to_have_text(
        RESULT_COUNT, timeout=TIMEOUT_MS)  # the first query waits for the index
    hrefs = page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(link => link.href)")
    return [urlsplit(href).path for href in hrefs]


_ARTICLE = re.compile(r"<article\b.*?</article>", re.DOTALL)
_TAGS = re.compile(r"<svg\b.*?</svg>|<[^>]+>", re.DOTALL)


def index_locations(site: Path, word: str) -> set[str]:
    """The pages whose text (their ``<article>``, which the search index holds) has
    ``word``."""
    found = set()
    for page in site.rglob("index.html"):
        if page.parent.name in ("pagefind", "search"):
            continue
        article = _ARTICLE.search(page.read_text("utf-8"))
        text = html.unescape(_TAGS.sub(" ", article.group(0))) if article else ""
        if word.lower() in text.lower():
            rel = page.parent.relative_to(site).as_posix()
            found.add("/" if rel == "." else f"/{rel}/")
    return found


def test_german_search_finds_an_account_by_name(
        watched: tuple[BrowserContext, Watch], origin: str) -> None:
    context, watch = watched
    page = context.new_page()
    page.goto(origin + "/")
    assert page.locator("html").get_attribute("lang") == "de"
    found = search(page, "Nordwerk")
    assert found[0] == "/accounts/nordwerk-chemie/", found
    assert watch.errors == []


def test_german_search_finds_a_persons_page_by_their_name(
        watched: tuple[BrowserContext, Watch], origin: str) -> None:
    context, watch = watched
    page = context.new_page()
    page.goto(origin + "/team/")
    found = search(page, "Julia Berger")
    assert "/team/j.berger/" in found, found
    assert watch.errors == []


@pytest.mark.parametrize("word", ["Blasformerei", "Brunsbüttel"])
def test_german_search_finds_an_account_by_a_word_of_its_plan(
        watched: tuple[BrowserContext, Watch], origin: str, site: Path, word: str) -> None:
    # The word is in the plan, and only that account's pages hold it.
    assert word in (PLANS / "accounts/nordwerk-chemie/plan.yaml").read_text("utf-8")
    assert index_locations(site, word) >= {"/accounts/nordwerk-chemie/"}
    assert all(path.startswith("/accounts/nordwerk-chemie/")
               for path in index_locations(site, word)), index_locations(site, word)
    context, watch = watched
    page = context.new_page()
    page.goto(origin + "/accounts/")
    found = search(page, word)
    assert "/accounts/nordwerk-chemie/" in found, found
    assert all(path.startswith("/accounts/nordwerk-chemie/") for path in found), found
    assert watch.errors == []


@pytest.fixture(scope="module")
def forms_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plans, Nordwerk's saying "Formatwechsel" once (no form of it is in the
    example) besides its "Kanister"."""
    root = tmp_path_factory.mktemp("browser-forms")
    shutil.copytree(PLANS, root / "plans")
    plan = root / "plans/accounts/nordwerk-chemie/plan.yaml"
    text = plan.read_text("utf-8")
    assert "Kanister, Fässer und" in text
    plan.write_text(text.replace("Kanister, Fässer und", "Kanister, Fässer (jeder Formatwechsel "
                                 "kostet eine Schicht) und", 1), "utf-8")
    build_site(root / "plans", root / "site", as_of="2026-11-23")
    return root / "site"


@pytest.mark.parametrize(("query", "word"), [("Formatwechseln", "Formatwechsel"),
                                             ("Kanistern", "Kanister")])
def test_german_search_finds_inflected_forms_of_a_plan_word(
        browser: Browser, forms_site: Path, query: str, word: str) -> None:
    # The plan says the word; no page holds the form searched for.
    assert index_locations(forms_site, word) >= {"/accounts/nordwerk-chemie/"}
    assert index_locations(forms_site, query) == set()
    with served(forms_site) as address:
        context, watch = open_context(browser, address, "light")
        try:
            page = context.new_page()
            page.goto(address + "/")
            found = search(page, query)
            assert "/accounts/nordwerk-chemie/" in found, found
            assert watch.errors == []
        finally:
            context.close()


# -- charts in light and dark mode -------------------------------------------------------

# For every text of every chart: its colour and the colour behind it, both as the RGB that
# is painted (translucent colours composed on what is below them, as a canvas does).
CHART_TEXT_COLOURS = """
() => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const paint = (...colours) => {
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, 1, 1);
    for (const colour of colours) {
      ctx.fillStyle = "#f0f";
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, 1, 1);
    }
    return Array.from(ctx.getImageData(0, 0, 1, 1).data.slice(0, 3));
  };
  const backdrop = element => {
    for (let e = element; e; e = e.parentElement) {
      const colour = getComputedStyle(e).backgroundColor;
      if (colour && colour !== "transparent" && colour !== "rgba(0, 0, 0, 0)") return colour;
    }
    return "#fff";
  };
  return [...document.querySelectorAll("svg.kam-chart text")].map(text => {
    const page = backdrop(text.closest("svg").parentElement);
    const box = text.closest(".kam-node")?.querySelector("rect");
    const behind = box ? [page, getComputedStyle(box).fill] : [page];
    return {
      text: text.textContent,
      fg: paint(...behind, getComputedStyle(text).fill),
      bg: paint(...behind),
    };
  });
}
"""


def contrast(fg: list[int], bg: list[int]) -> float:
    def luminance(rgb: list[int]) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (channel(v) for v in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(("scheme", "material_scheme"), [("light", "default"),
                                                         ("dark", "slate")])
def test_account_page_shows_its_charts_readably(
        browser: Browser, origin: str, site: Path, scheme: Scheme, material_scheme: str) -> None:
    context, watch = open_context(browser, origin, scheme)
    try:
        page = context.new_page()
        page.goto(origin + "/accounts/nordwerk-chemie/")
        assert page.locator("body").get_attribute("data-md-color-scheme") == material_scheme
        charts = page.locator("svg.kam-chart")
        expected = (site / "accounts/nordwerk-chemie/index.html").read_text("utf-8") \
            .count('<svg class="kam-chart"')
        assert expected >= 4
        assert charts.count() == expected
        for i in range(expected):
            chart = charts.nth(i)
            chart.scroll_into_view_if_needed()
            box = chart.bounding_box()
            assert box is not None and box["width"] > 0 and box["height"] > 0, (i, box)
        texts = page.evaluate(CHART_TEXT_COLOURS)
        assert len(texts) > 20
        unreadable = [(t["text"], t["fg"], t["bg"], round(contrast(t["fg"], t["bg"]), 2))
                      for t in texts if contrast(t["fg"], t["bg"]) < 3]
        assert unreadable == []
        assert watch.errors == []
        assert watch.foreign() == []
    finally:
        context.close()


def test_account_page_tables_align_figures_right(
        watched: tuple[BrowserContext, Watch], origin: str) -> None:
    context, watch = watched
    page = context.new_page()
    page.goto(origin + "/accounts/nordwerk-chemie/")
    aligns = page.evaluate("""() => {
      // Material wraps a table in scroll containers: find the first one after the heading.
      let block = document.getElementById("business").nextElementSibling;
      while (!block.querySelector("table") && !block.matches("table")) {
        block = block.nextElementSibling;
      }
      const table = block.matches("table") ? block : block.querySelector("table");
      const cells = table.rows[1].cells;
      return [...cells].map(cell => getComputedStyle(cell).textAlign);
    }""")
    # year | revenue | margin | margin rate
    assert aligns[1:] == ["right", "right", "right"], aligns
    assert aligns[0] != "right"
    assert watch.errors == []


# -- console errors and requests ---------------------------------------------------------

TOUR = ["", "accounts/", "accounts/nordwerk-chemie/", "accounts/brenntal-automotive/",
        "accounts/nordwerk-chemie/werksbesuch-stade/", "selection/", "programme/",
        "checklists/", "tags/", "team/", "team/j.berger/"]


def test_pages_and_search_log_no_errors_and_fetch_only_from_the_server(
        watched: tuple[BrowserContext, Watch], origin: str) -> None:
    context, watch = watched
    page = context.new_page()
    for path in TOUR:
        response = page.goto(f"{origin}/{path}")
        assert response is not None and response.ok, path
        settle(page)
    found = search(page, "Brenntal")
    assert "/accounts/brenntal-automotive/" in found, found
    page.locator(".md-search-result__item > a.md-search-result__link").first.click()
    page.wait_for_url(re.compile(r"/accounts/brenntal-automotive/"))
    settle(page)
    assert watch.errors == []
    assert watch.foreign() == []
    # The watch saw the stylesheet, kamgen's search worker and the parts of the Pagefind
    # index it fetched.
    fetched = {urlsplit(url).path for url in watch.requests}
    assert {"/assets/kamgen.css", "/assets/kamgen-search.js", "/pagefind/pagefind.js",
            "/pagefind/pagefind-entry.json"} <= fetched
    assert any(path.startswith("/pagefind/index/") for path in fetched)
    assert any(path.startswith("/pagefind/fragment/") for path in fetched)
    assert not any(path.startswith("/assets/javascripts/workers/search.") for path in fetched)


def test_the_watch_catches_a_request_to_another_host(
        watched: tuple[BrowserContext, Watch], origin: str) -> None:
    """The check above is not empty: a fetch from another host is seen and refused."""
    context, watch = watched
    page = context.new_page()
    page.goto(origin + "/")
    outcome = page.evaluate(
        "() => fetch('http://192.0.2.1/x.js').then(() => 'fetched', () => 'refused')")
    assert outcome == "refused"
    assert watch.foreign() == ["http://192.0.2.1/x.js"]


# -- the KEP summary in print ------------------------------------------------------------

def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    """Text without any whitespace, so that line breaks in the PDF do not matter."""
    return "".join(text.split())


@pytest.mark.parametrize("account", ["nordwerk-chemie", "brenntal-automotive"])
def test_kep_summary_prints_on_one_a4_page(
        watched: tuple[BrowserContext, Watch], origin: str, account: str) -> None:
    context, _watch = watched
    page = context.new_page()
    page.goto(f"{origin}/accounts/{account}/")
    summary = page.locator("h2#kep + .kam-summary")
    cards = summary.locator(":scope > ul > li")
    titles = [t.strip() for t in cards.locator(":scope > p:first-child > strong").all_inner_texts()]
    assert {"Klasse und Punktzahl", "Wichtigste Schmerzpunkte", "Mehrwertkonzepte",
            "Vollständigkeit des Plans"} <= set(titles), titles
    checklist_line = page.locator("h2#kep + .kam-summary + p").inner_text()
    assert checklist_line.startswith("Checklisten:")
    next_heading = page.locator("h2#kep ~ h2").first.evaluate(
        "h => [...h.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)"
        ".map(n => n.textContent).join('').trim()")
    assert next_heading == "Profil"

    # The margins a browser uses when it prints with its default settings.
    pages = pdf_pages(page.pdf(format="A4", margin={"top": "1cm", "right": "1cm",
                                                    "bottom": "1cm", "left": "1cm"}))
    assert len(pages) > 1
    first = squeeze(pages[0])
    assert squeeze("Kundenentwicklungsplan (KEP) auf einen Blick") in first
    missing = [title for title, card in zip(titles, cards.all_inner_texts(), strict=True)
               if squeeze(card) not in first]
    assert missing == [], f"cards not (wholly) on page 1: {missing}"
    assert squeeze(checklist_line) in first, "the checklist line is not on page 1"
    # The rest of the plan starts on page 2, with the section after the summary.
    assert next_heading not in [line.strip() for line in pages[0].splitlines()]
    assert pages[1].lstrip().splitlines()[0].strip() == next_heading


def test_a_printed_account_page_keeps_every_column_and_contact(
        watched: tuple[BrowserContext, Watch], origin: str) -> None:
    """The site's print stylesheet lays tables out as kamgen's PDF does: the page's width,
    whole words, no column cut off ("Einste", "Gegne" before)."""
    context, _watch = watched
    page = context.new_page()
    page.goto(f"{origin}/accounts/nordwerk-chemie/")
    # the first table after a heading (Material wraps tables in a scrolling box)
    after = ("([id, cells]) => { let n = document.getElementById(id).nextElementSibling;"
             " while (n && !(n.matches('table') || n.querySelector('table')))"
             " n = n.nextElementSibling; const t = n.matches('table') ? n :"
             " n.querySelector('table'); return [...t.querySelectorAll(cells)]"
             ".map(c => c.innerText); }")
    headers = [squeeze(h) for h in page.evaluate(after, ["network", "th"])]
    names = [squeeze(n.split("→")[0])  # the name, without whom the contact reports to
             for n in page.evaluate(after, ["network", "td:first-child"])]
    due = squeeze(page.evaluate(after, ["scorecard", "th"])[-1])
    assert len(headers) == 8 and len(names) == 8 and due == "Fällig"
    text = squeeze("".join(pdf_pages(page.pdf(format="A4", margin={
        "top": "1cm", "right": "1cm", "bottom": "1cm", "left": "1cm"}))))
    assert [h for h in headers if h not in text] == []
    assert [n for n in names if n not in text] == []
    assert text.count(squeeze("Fällig")) >= 4  # the scorecard's last column, every table
    # No table is wider than the printed page (A4 less the margins, at 96 px per inch).
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})
    wider = page.evaluate("[...document.querySelectorAll('.md-content table')]"
                          ".filter(t => t.getBoundingClientRect().right > 718.5).length")
    assert wider == 0


# -- the XSS corpus ----------------------------------------------------------------------

PAGE_TIMEOUT_MS = 5_000
SETTLE_MS = 50


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plans with every payload of the XSS corpus in every kind of field."""
    from test_xss import build_xss_site

    return build_xss_site(tmp_path_factory.mktemp("browser-xss"))


def test_no_page_of_the_xss_site_runs_script_or_fetches_from_elsewhere(
        browser: Browser, xss_site: Path) -> None:
    pages = sorted(p.relative_to(xss_site).as_posix() for p in xss_site.rglob("*.html"))
    assert len(pages) > 60
    with served(xss_site) as address:
        context, watch = open_context(browser, address, "light")
        try:
            dialogs: list[str] = []
            page = context.new_page()

            def on_dialog(dialog: Dialog) -> None:
                dialogs.append(f"{page.url}: {dialog.type}({dialog.message!r})")
                dialog.dismiss()

            page.on("dialog", on_dialog)
            for path in pages:
                url = f"{address}/{path.removesuffix('index.html')}"
                response = page.goto(url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
                assert response is not None and response.ok, path
                # What a page sets off once it is loaded (focus, toggle, media errors).
                page.wait_for_timeout(SETTLE_MS)
            # Search results show the pages' titles and texts as HTML.
            page.goto(f"{address}/")
            found = search(page, "XSS")
            # Material shows the first 10 results; most are payload accounts.
            assert sum(path.startswith("/accounts/xss-") for path in found) >= 6, found
            page.wait_for_timeout(SETTLE_MS)
            assert dialogs == []
            assert watch.foreign() == []
            # The listener is not deaf: a dialog the page opens is seen.
            page.evaluate("() => alert('probe')")
            assert dialogs == [f"{address}/: alert('probe')"]
        finally:
            context.close()


# -- tables that fit, charts that can be read ---------------------------------------------

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def content_pages(site: Path) -> list[str]:
    """Every page of a site with content of kamgen's (not the search or tags pages)."""
    return sorted(
        "" if page.parent == site else page.parent.relative_to(site).as_posix() + "/"
        for page in site.rglob("index.html")
        if not {"pagefind", "search", "tags"} & set(page.relative_to(site).parts))


# Each table of the article against the content column: its box, and what it holds.
TABLE_FIT = """() => {
  const column = document.querySelector(".md-content__inner").getBoundingClientRect();
  return [...document.querySelectorAll("article table")].map(table => {
    const box = table.getBoundingClientRect();
    return {
      head: [...table.querySelectorAll("th")].map(th => th.textContent.trim()).join(" | "),
      left: box.left - column.left, right: box.right - column.right,
      hidden: table.scrollWidth - box.width,
    };
  });
}"""


def test_no_table_is_wider_than_its_column_at_1280_px(browser: Browser, origin: str,
                                                      site: Path) -> None:
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    try:
        page = context.new_page()
        pages = content_pages(site)
        assert {"", "accounts/", "accounts/nordwerk-chemie/", "selection/", "programme/",
                "checklists/"} <= set(pages)
        too_wide, tables = [], 0
        for path in pages:
            page.goto(f"{origin}/{path}")
            for table in page.evaluate(TABLE_FIT):
                tables += 1
                if table["left"] < -1 or table["right"] > 1 or table["hidden"] > 1:
                    too_wide.append((path, table))
        assert tables > 50
        assert too_wide == []
    finally:
        context.close()


# Every pair of texts of each chart whose boxes (as drawn, rotated text as a rotated box)
# share more than half a pixel: separating-axis test on the four corners of each.
CHART_OVERLAPS = """() => {
  const corners = text => {
    const b = text.getBBox(), m = text.getScreenCTM();
    return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height],
            [b.x, b.y + b.height]].map(([x, y]) => [m.a * x + m.c * y + m.e,
                                                     m.b * x + m.d * y + m.f]);
  };
  const apart = (p, q) => [p, q].some(poly => poly.some(([x1, y1], i) => {
    const [x2, y2] = poly[(i + 1) % 4];
    const nx = y2 - y1, ny = x1 - x2, length = Math.hypot(nx, ny) || 1;
    const along = points => points.map(([x, y]) => (x * nx + y * ny) / length);
    const a = along(p), b = along(q);
    return Math.max(...a) <= Math.min(...b) + 0.5 || Math.max(...b) <= Math.min(...a) + 0.5;
  }));
  const shown = text => [...text.childNodes].filter(n => n.nodeName !== "title")
    .map(n => n.textContent).join(" ");
  // Whether a circle (a bubble) reaches more than half a pixel into a text's upright box.
  const covers = (circle, text) => {
    const c = circle.getBoundingClientRect(), t = text.getBoundingClientRect();
    const r = c.width / 2, cx = c.left + r, cy = c.top + r;
    const dx = cx - Math.min(Math.max(cx, t.left), t.right);
    const dy = cy - Math.min(Math.max(cy, t.top), t.bottom);
    return Math.hypot(dx, dy) < r - 0.5;
  };
  const found = [], covered = [];
  let count = 0;
  for (const svg of document.querySelectorAll("svg.kam-chart")) {
    const chart = svg.id || svg.getAttribute("aria-labelledby").split(" ")[0];
    const texts = [...svg.querySelectorAll("text")].filter(t => t.getBBox().width > 0);
    const boxes = texts.map(corners);
    count += texts.length;
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++)
        if (!apart(boxes[i], boxes[j])) found.push([chart, shown(texts[i]), shown(texts[j])]);
    for (const label of svg.querySelectorAll("text.kam-label"))
      for (const bubble of svg.querySelectorAll("circle.kam-bubble"))
        if (covers(bubble, label)) covered.push([chart, shown(label), bubble.textContent]);
  }
  return {count, found, covered};
}"""


def test_no_two_labels_of_a_chart_overlap_nor_lie_on_a_bubble(
        browser: Browser, origin: str, site: Path) -> None:
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    try:
        page = context.new_page()
        overlaps, covered, texts = [], [], 0
        for path in content_pages(site):
            page.goto(f"{origin}/{path}")
            result = page.evaluate(CHART_OVERLAPS)
            texts += result["count"]
            overlaps += [(path, *pair) for pair in result["found"]]
            covered += [(path, *pair) for pair in result["covered"]]
        assert texts > 200
        assert overlaps == []
        # A point's name lies on no bubble (of another point: its own it never touches).
        assert covered == []
    finally:
        context.close()


def test_the_overlap_measure_sees_labels_on_each_other(browser: Browser) -> None:
    """The check above is not blind: two labels at one spot, and two rotated labels whose
    upright boxes overlap but whose glyphs do not."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.set_content(
            '<svg class="kam-chart" id="probe" viewBox="0 0 400 200" width="400" height="200">'
            '<text x="50" y="50">Preis</text><text x="55" y="52">Liefertreue</text>'
            '<text x="200" y="150" transform="rotate(-40 200 150)">Nordwerk Chemie</text>'
            '<text x="230" y="150" transform="rotate(-40 230 150)">Brenntal Automotive</text>'
            '</svg>')
        assert page.evaluate(CHART_OVERLAPS)["found"] == [["probe", "Preis", "Liefertreue"]]
    finally:
        context.close()


# Each chart text's size as drawn: its font size times the chart's scale on the screen.
CHART_TEXT_SIZES = """() => [...document.querySelectorAll("svg.kam-chart text")].map(text => {
  const svg = text.closest("svg");
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [svg.getAttribute("aria-labelledby").split(" ")[0], text.textContent,
          parseFloat(getComputedStyle(text).fontSize) * scale];
})"""

# Each table and chart wider than the screen: whether the box that scrolls it does, and
# whether that box paints the shadows at its edges (kamgen.css).
PHONE_OVERFLOW = """() => {
  const scroller = element => {
    for (let e = element.parentElement; e; e = e.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(e).overflowX)) return e;
    }
    return null;
  };
  const items = [...document.querySelectorAll("article table, svg.kam-chart")];
  return items.filter(item => {
    const box = item.getBoundingClientRect();
    return box.left < -1 || box.right > innerWidth + 1;
  }).map(item => {
    const box = scroller(item), style = box && getComputedStyle(box);
    return {
      item: item.getAttribute("aria-labelledby") || item.rows[0].textContent.slice(0, 40),
      scrolls: !!box && box.scrollWidth > box.clientWidth
               && box.getBoundingClientRect().right <= innerWidth + 1,
      cue: !!style && style.backgroundImage.split("gradient").length > 4
           && style.backgroundAttachment.includes("local"),
    };
  });
}"""


def test_on_a_phone_chart_text_is_9_px_or_more_and_wide_things_scroll_with_a_cue(
        browser: Browser, origin: str, site: Path) -> None:
    context = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        page = context.new_page()
        small, unscrolled, texts, wide = [], [], 0, 0
        for path in content_pages(site):
            page.goto(f"{origin}/{path}")
            # The page itself never scrolls sideways.
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
            sizes = page.evaluate(CHART_TEXT_SIZES)
            texts += len(sizes)
            small += [(path, chart, text, round(size, 1)) for chart, text, size in sizes
                      if size < 9]
            for item in page.evaluate(PHONE_OVERFLOW):
                wide += 1
                if not (item["scrolls"] and item["cue"]):
                    unscrolled.append((path, item))
        assert texts > 200
        assert small == []
        assert wide > 10  # the scroll containers were looked at
        assert unscrolled == []
    finally:
        context.close()


@pytest.fixture(scope="module")
def large_network_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plans, Nordwerk's network grown by 40 contacts: five heads of
    department under its board member, seven people under each."""
    root = tmp_path_factory.mktemp("browser-network")
    shutil.copytree(PLANS, root / "plans")
    plan = root / "plans/accounts/nordwerk-chemie/plan.yaml"
    contacts = []
    for head in range(5):
        contacts.append((f"big-head-{head}", f"Bereichsleiterin Nummer {head}", "m-vogt"))
        contacts += [(f"big-{head}-{n}", f"Fachkraft {head}.{n} Langername", f"big-head-{head}")
                     for n in range(7)]
    added = "".join(
        f"  - id: {cid}\n    name: {name}\n    title: Technische Fachkraft Anwendungstechnik\n"
        f"    reports_to: {boss}\n    roles: [user]\n    influence: 2\n    attitude: neutral\n"
        f"    relationship: 2\n" for cid, name, boss in contacts)
    text = plan.read_text("utf-8")
    assert text.count("\nnetwork:\n") == 1
    plan.write_text(text.replace("\nnetwork:\n", "\nnetwork:\n" + added, 1), "utf-8")
    build_site(root / "plans", root / "site", as_of="2026-11-23")
    return root / "site"


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_large_network_stays_legible(browser: Browser, large_network_site: Path,
                                       screen: dict[str, int]) -> None:
    with served(large_network_site) as address:
        context = browser.new_context(viewport=screen, service_workers="block")
        try:
            page = context.new_page()
            page.goto(f"{address}/accounts/nordwerk-chemie/")
            chart = page.locator("svg.kam-chart[aria-labelledby^='network-']")
            assert chart.locator(".kam-node").count() == 48
            sizes = [size for name, _text, size in page.evaluate(CHART_TEXT_SIZES)
                     if name.startswith("network-")]
            assert len(sizes) == 2 * 48
            assert min(sizes) >= 9
            result = page.evaluate(CHART_OVERLAPS)
            assert [pair for pair in result["found"] if pair[0].startswith("network-")] == []
            # The chart is no wider than the content column: it is read top to bottom.
            widths = page.evaluate("""() => [
              document.querySelector("svg.kam-chart[aria-labelledby^='network-']")
                .getBoundingClientRect().width,
              document.querySelector(".md-content__inner").getBoundingClientRect().width]""")
            assert widths[0] <= widths[1] + 1
        finally:
            context.close()


def test_on_a_phone_the_scorecard_network_and_competitors_are_cards_on_the_screen(
        browser: Browser, origin: str) -> None:
    context = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        page = context.new_page()
        page.goto(f"{origin}/accounts/nordwerk-chemie/")
        # Every traffic light of the scorecard, and every cell of the cards, lies within
        # the screen's width, and says what it is.
        cells = page.evaluate("""() => [...document.querySelectorAll(".kam-cards td")]
          .map(td => {
            const box = td.getBoundingClientRect();
            return {text: td.textContent.slice(0, 30), left: box.left, right: box.right,
                    label: td.cellIndex === 0 || !!td.dataset.label};
          })""")
        assert len(cells) > 100
        assert [c for c in cells if c["left"] < 0 or c["right"] > PHONE["width"]] == []
        assert all(c["label"] for c in cells)
        lights = page.locator("#scorecard ~ .kam-cards .kam-light")
        assert lights.count() >= 7
        boxes = [lights.nth(i).bounding_box() for i in range(lights.count())]
        assert all(b is not None and b["x"] >= 0 and b["x"] + b["width"] <= PHONE["width"]
                   for b in boxes), boxes
        # The label before a value is the column's heading, in the site's language.
        label = page.locator("#scorecard ~ .kam-cards td[data-label]").first.evaluate(
            "td => getComputedStyle(td, '::before').content")
        assert label == '"Ausgangswert: "'
    finally:
        context.close()
