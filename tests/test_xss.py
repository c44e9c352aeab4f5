"""Safe rendering: no payload of a standard XSS list survives into the site as live script.

Every payload goes into every kind of text a plan holds (plain text such as names and
titles, one-line Markdown such as notes, Markdown blocks such as summaries, checklist
items, charter answers, tags, an account's own Markdown page, the company that names the
site); then the whole site is built and every HTML file and the search index are read.
"""

from __future__ import annotations

import html.parser
import json
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markdown
import markupsafe
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from test_build import pagefind_records

from kamgen.engine import build_site
from kamgen.site.sanitize import (
    clean_block,
    clean_inline,
    clean_page,
    is_plain,
    safe_address,
    theme_text,
)

ROOT = Path(__file__).resolve().parents[1]
# One payload a line; a literal \n in a line stands for a line break.
PAYLOADS = [line.replace("\\n", "\n") for line in (Path(__file__).parent
            / "data/xss-payloads.txt").read_text("utf-8").splitlines() if line.strip()]
MARKERS = ("alert(", "msgbox(", "evil.example")
DANGEROUS_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.IGNORECASE)
COMPANY = "Hanse </title><script>alert(1)</script> & Co"
SITE_NAME = "Hanse &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co · Key-Account-Pläne"
"""The company's name as every page shows it, escaped once."""

pytestmark = pytest.mark.slow


def account(index: int, payload: str) -> dict[str, Any]:
    return {
        "name": f"XSS {index} {payload}",
        "status": "candidate",
        "owner": "j.berger",
        "territory": "north",
        "industry": payload,
        "tags": [f"xss-{index}", payload],
        "profile": {"headquarters": payload, "locations": [payload], "summary": payload,
                    "strategy": payload, "goals": [payload]},
        "business": [{"year": 2024, "revenue": 1000, "margin": 100},
                     {"year": 2025, "revenue": 2000, "margin": 200}],
        "visits": {"per_year": 1},
        "analysis": {
            "pains": [{"title": payload, "impact": "high", "notes": payload}],
            "initiatives": [{"title": payload, "contribution": payload}],
            "buying_process": [{"step": payload, "decided_by": ["c1"], "notes": payload}],
            "readiness": {"level": 3, "notes": payload},
        },
        "scorecard": [{"perspective": "financial", "objective": payload, "kpi": payload,
                       "unit": payload, "target": 10, "actual": 5}],
        "positioning": {
            "statement": payload,
            "competitors": [{"id": "rival", "name": payload, "strengths": [payload],
                             "weaknesses": [payload], "strategy": payload}],
            "profile": [{"criterion": payload, "importance": 5, "us": 4, "rival": 3}],
        },
        "swot": {"strengths": [payload], "weaknesses": [payload], "opportunities": [payload],
                 "threats": [payload], "strategies": {"so": [payload]}},
        "value_add": [{"title": payload, "description": payload, "yearly_cost": 10,
                       "benefits": [{"item": payload, "amount": 20, "basis": payload}]}],
        "network": [{"id": "c1", "name": payload, "title": payload, "roles": ["decider"],
                     "influence": 4, "relationship": 2, "attitude": "opponent",
                     "notes": payload}],
        "actions": [{"title": payload, "owner": "j.berger", "due": "2026-01-01",
                     "notes": payload}],
        "checklists": {"xss": {"x-01": "done"}},
    }


def build_xss_site(base: Path) -> Path:
    """The example plans with every payload in every kind of field, built into
    ``base/site``; returns the site folder."""
    plans = base / "plans"
    shutil.copytree(ROOT / "plans", plans)
    for index, payload in enumerate(PAYLOADS, start=1):
        (plans / "accounts" / f"xss-{index:02d}.yaml").write_text(
            yaml.safe_dump(account(index, payload), allow_unicode=True), "utf-8")
    (plans / "checklists" / "xss.yaml").write_text(yaml.safe_dump({
        "title": {"en": "XSS", "de": "XSS"},
        "applies_to": "account",
        "items": [{"id": f"x-{i:02d}", "text": {"en": p, "de": p}}
                  for i, p in enumerate(PAYLOADS, start=1)],
    }, allow_unicode=True), "utf-8")
    kam = yaml.safe_load((plans / "kam.yaml").read_text("utf-8"))
    kam["company"] = COMPANY
    kam["charter"]["selection"] = "\n\n".join(PAYLOADS)
    kam["areas"]["steering"]["notes"] = " ".join(PAYLOADS[:10])
    (plans / "kam.yaml").write_text(yaml.safe_dump(kam, allow_unicode=True), "utf-8")
    # A person's name, role and e-mail reach their page, its title and the team page.
    team = yaml.safe_load((plans / "team.yaml").read_text("utf-8"))
    team.append({"id": "x.xss", "name": "Eve </title><script>alert(1)</script>",
                 "role": PAYLOADS[0], "email": PAYLOADS[1]})
    (plans / "team.yaml").write_text(yaml.safe_dump(team, allow_unicode=True), "utf-8")
    folder = plans / "accounts" / "nordwerk-chemie"
    (folder / "xss.md").write_text("# XSS\n\n" + "\n\n".join(PAYLOADS) + "\n", "utf-8")
    (folder / "xss-front-matter.md").write_text(
        '---\ntitle: "</title><script>alert(1)</script>"\n'
        'description: "\\"><script>alert(2)</script>"\n'
        'tags: ["<img src=x onerror=alert(3)>"]\n---\n\n# Seite\n\nText\n', "utf-8")
    # MkDocs takes a page's title from its first heading and decodes its entities.
    (folder / "xss-heading.md").write_text(
        "# Visit &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n\nText\n", "utf-8")
    out = base / "site"
    build_site(plans, out, as_of="2026-11-23")
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_xss_site(tmp_path_factory.mktemp("xss"))


class _Scanner(html.parser.HTMLParser):
    """Collects everything in a page that could run script or load from elsewhere."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Forms are the theme's own (search, colour palette); their actions are checked below.
        if tag in ("iframe", "object", "embed", "base", "frame", "frameset"):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and any(k == "http-equiv" for k, _ in attrs):
            self.problems.append("<meta http-equiv>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            # As a browser reads an address: tabs and line breaks vanish, control characters
            # and spaces around it are dropped, a backslash is a slash.
            squeezed = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21))))
            if name in ("href", "src", "action", "formaction", "data", "srcdoc", "poster",
                        "xlink:href", "background") and (
                    DANGEROUS_SCHEME.match(squeezed)
                    or squeezed.replace("\\", "/").startswith("//")):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and "javascript" in value.lower():
                self.problems.append(f"<{tag} style={value!r}>")
            if (name == "srcdoc" and "evil.example" in value) or (
                    name == "src"
                    and "evil.example" in urlsplit(squeezed.replace("\\", "/")).netloc):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            source = dict(attrs).get("src") or ""
            if any(marker in source for marker in MARKERS):
                self.problems.append(f"<script src={source!r}>")
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and any(marker in data for marker in MARKERS):
            self.problems.append(f"<script>{data[:60]!r}")


def scan(text: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.problems


def test_the_scanner_sees_live_payloads() -> None:
    # Without cleaning, the list would be caught: the test can fail.
    live = "\n".join(PAYLOADS)
    assert len(scan(live)) >= 25


def test_every_payload_reached_the_site(site: Path) -> None:
    for index in range(1, len(PAYLOADS) + 1):
        assert (site / "accounts" / f"xss-{index:02d}" / "index.html").is_file()
    for page in ("xss", "xss-front-matter", "xss-heading"):
        assert (site / "accounts/nordwerk-chemie" / page / "index.html").is_file(), page
    person = (site / "team/x.xss/index.html").read_text("utf-8")
    assert "<title>Eve &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; - " in person


def test_no_payload_survives_as_live_script(site: Path) -> None:
    problems = {}
    for page in sorted(site.rglob("*.html")):
        found = scan(page.read_text("utf-8"))
        if found:
            problems[page.relative_to(site).as_posix()] = found
    assert problems == {}


def test_search_index_holds_the_payloads_as_text(site: Path) -> None:
    # Pagefind holds the pages' text; kamgen's search worker escapes titles and Pagefind
    # escapes excerpts before Material shows them as HTML (test_browser.py searches).
    records = pagefind_records(site)
    assert "XSS 1 <script>alert(1)</script>" in records["/accounts/xss-01/"]["meta"]["title"]
    assert json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"] == []


def test_plain_text_stays_readable(site: Path) -> None:
    # Names are text, not markup: the payload is shown, escaped, not dropped.
    page = (site / "accounts/xss-01/index.html").read_text("utf-8")
    assert "XSS 1 &lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_site_name_is_text_on_every_page(site: Path) -> None:
    # MkDocs and Material print the site name as it is; kamgen escapes it where it sets it.
    for page in sorted(site.rglob("*.html")):
        text = page.read_text("utf-8")
        assert COMPANY not in text, page
        assert SITE_NAME in text, page
    home = (site / "index.html").read_text("utf-8")
    assert f"<title>Key-Account-Portfolio - {SITE_NAME}</title>" in home
    # Escaped once, also where the theme escapes it itself.
    assert f'title="{SITE_NAME}" class="md-header__button md-logo"' in home


NAMED_BY_ENTITIES = PAYLOADS.index(
    "Visit &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;") + 1


@pytest.mark.parametrize(("page", "title"), [
    # MkDocs would take these from the first heading and decode its entities.
    ("accounts/nordwerk-chemie/xss-heading",
     "Visit &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
    (f"accounts/xss-{NAMED_BY_ENTITIES:02d}",
     f"XSS {NAMED_BY_ENTITIES} Visit &amp;lt;/title&amp;gt;&amp;lt;script&amp;gt;alert(1)"
     "&amp;lt;/script&amp;gt;"),
    ("accounts/nordwerk-chemie/xss-front-matter",
     "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("checklists", "Checklisten"),
])
def test_every_page_title_is_text(site: Path, page: str, title: str) -> None:
    text = (site / page / "index.html").read_text("utf-8")
    assert f"<title>{title} - {SITE_NAME}</title>" in text
    # The header shows the page's title once the page is scrolled.
    assert re.search(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*'
                     + re.escape(title) + r"\s*</span>", text)


def test_front_matter_description_and_tags_are_text(site: Path) -> None:
    page = (site / "accounts/nordwerk-chemie/xss-front-matter/index.html").read_text("utf-8")
    assert '<meta name="description" content="&#34;&gt;&lt;script&gt;alert(2)&lt;/script&gt;">' \
        in page
    assert 'class="md-tag">&lt;img src=x onerror=alert(3)&gt;</a>' in page
    # A title or description that is not text is a plan error (tests/hostile_site).


def test_plan_tags_are_text_in_every_output(site: Path) -> None:
    shown = "&lt;script&gt;alert(1)&lt;/script&gt;"  # the tag <script>alert(1)</script>
    anchor = "tag:ltscriptgtalert1ltscriptgt"
    account = (site / "accounts/xss-01/index.html").read_text("utf-8")
    assert f'<a href="../../tags/#{anchor}" class="md-tag">{shown}</a>' in account
    tags = (site / "tags/index.html").read_text("utf-8")
    assert f'<span class="md-tag">{shown}</span><a class="headerlink" href="#{anchor}"' in tags
    assert re.search(rf'<a href="#{anchor}" class="md-nav__link">\s*<span class="md-ellipsis">'
                     rf"\s*{re.escape(shown)}\s*</span>", tags)
    records = pagefind_records(site)
    assert html.unescape(shown) in records["/accounts/xss-01/"]["content"]
    assert html.unescape(shown) in {a["text"] for a in records["/tags/"]["anchors"]}


@pytest.mark.parametrize(("value", "image", "kept"), [
    # The site itself, and links elsewhere that say http, https or mailto.
    ("bilder/werk.png", True, "bilder/werk.png"),
    ("/bilder/werk.png", True, "/bilder/werk.png"),
    ("../b/#x", False, "../b/#x"),
    ("https://example.org/a", False, "https://example.org/a"),
    ("HTTP://example.org/a", False, "HTTP://example.org/a"),
    ("mailto:kam@example.org", False, "mailto:kam@example.org"),
    ("\\bilder\\werk.png", True, "\\bilder\\werk.png"),  # a backslash is a slash: this site
    ("%6Aavascript:alert(1)", False, "%6Aavascript:alert(1)"),  # a path: no scheme decoded
    (" \x01 bilder/werk.png\x1f ", True, "bilder/werk.png"),
    ("bil\tder/we\nrk.png", True, "bilder/werk.png"),
    # Another host, written as browsers read it.
    ("//evil.example/x.png", True, None),
    ("/\\evil.example/x.png", True, None),
    ("\\\\evil.example/x.png", True, None),
    ("\\/evil.example/x.png", True, None),
    (" /\\evil.example/x.png", True, None),
    ("/\t/evil.example/x.png", True, None),
    ("\x01//evil.example/x.png", True, None),
    ("//evil.example/", False, None),
    ("/\\evil.example/", False, None),
    ("https://evil.example/x.png", True, None),  # images load from the site only
    ("mailto:kam@example.org", True, None),
    # Schemes that run or carry content, however they are written.
    ("javascript:alert(1)", False, None),
    ("\x01 java\tscript\n:alert(1)", False, None),
    ("java\rscript:alert(1)", False, None),
    (" javascript:alert(1)\x1f", False, None),
    ("JaVaScRiPt:alert(1)", False, None),
    ("data:text/html,x", False, None),
    ("vbscript:msgbox(1)", False, None),
    ("data:image/png;base64,AAAA", True, None),
])
def test_addresses_are_read_as_browsers_read_them(value: str, image: bool,
                                                  kept: str | None) -> None:
    assert safe_address(value, image=image) == kept


@pytest.mark.parametrize(("html", "cleaned"), [
    ('<img src="/\\evil.example/x.png">', "<img>"),
    ('<img src="\\\\evil.example/x.png">', "<img>"),
    ('<img src="/&#9;/evil.example/x.png">', "<img>"),
    ('<a href="&#1; java&#9;script&#10;:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<a href="/\\evil.example/">x</a>', '<a rel="noopener noreferrer">x</a>'),
    ('<a href=" https://example.org/ ">x</a>',
     '<a href="https://example.org/" rel="noopener noreferrer">x</a>'),
])
def test_cleaning_reads_addresses_after_the_html_parser(html: str, cleaned: str) -> None:
    # The cleaner sees attribute values with their character references decoded.
    assert clean_page(html) == cleaned


@pytest.mark.parametrize(("text", "shown"), [
    ("Hanse </title><script>alert(1)</script>",
     "Hanse &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("Visit &lt;b&gt;", "Visit &amp;lt;b&amp;gt;"),  # entities are text as typed
    ('Meyer & Co "Werk\n Süd"', "Meyer &amp; Co &#34;Werk Süd&#34;"),
])
def test_theme_text_is_escaped_once_and_on_one_line(text: str, shown: str) -> None:
    safe = theme_text(text)
    assert safe == shown
    # The theme's own escaping (Jinja's |e) leaves it as it is.
    assert markupsafe.escape(safe) == shown


@pytest.mark.parametrize("payload", PAYLOADS)
def test_cleaning_functions_leave_nothing_live(payload: str) -> None:
    for cleaned in (clean_block(payload), clean_inline(payload)):
        assert scan(cleaned) == [], cleaned
        assert "<script" not in cleaned.lower()
    assert scan(clean_page(payload)) == []


def test_harmless_markdown_is_rendered() -> None:
    assert clean_block("**Wichtig:** Liefertreue 94 %") == (
        '<div class="kam-text">\n<p><strong>Wichtig:</strong> Liefertreue 94 %</p>\n</div>')
    assert clean_inline("*Rezyklat* zuerst") == "<em>Rezyklat</em> zuerst"
    assert clean_inline("[Bericht](https://example.org/b) & mehr") == (
        '<a href="https://example.org/b" rel="noopener noreferrer">Bericht</a> &amp; mehr')
    assert clean_block("a <b>bold</b> word") == (
        '<div class="kam-text">\n<p>a <b>bold</b> word</p>\n</div>')


def test_plain_text_becomes_paragraphs_without_markdown() -> None:
    assert clean_block("Liefertreue 94 %\nseit 2019.\n\nZweiter Absatz") == (
        "<p>Liefertreue 94 % seit 2019.</p>\n<p>Zweiter Absatz</p>")
    assert clean_block("Forschung & Entwicklung") == "<p>Forschung &amp; Entwicklung</p>"
    assert clean_inline("Forschung & Entwicklung") == "Forschung &amp; Entwicklung"


def test_a_lead_opens_the_first_paragraph() -> None:
    assert clean_block("Wachsen.\n\nMit Rezyklat.", lead="Strategie.") == (
        "<p><strong>Strategie.</strong> Wachsen.</p>\n<p>Mit Rezyklat.</p>")
    assert clean_block("- eins\n- zwei", lead="Ziele <neu>") == (
        '<div class="kam-text">\n<p><strong>Ziele &lt;neu&gt;</strong></p>\n'
        "<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>\n</div>")


@pytest.mark.parametrize(("line", "shown"), [
    ("- kein Listenpunkt", "- kein Listenpunkt"),
    ("1. kein Listenpunkt", "1. kein Listenpunkt"),
    ("# keine Überschrift", "# keine Überschrift"),
    ("> kein Zitat", "&gt; kein Zitat"),
    ("---", "---"),
])
def test_one_line_of_text_never_becomes_a_block(line: str, shown: str) -> None:
    assert clean_inline(line) == shown


def test_no_line_of_rendered_text_looks_like_a_heading() -> None:
    # A page's reader takes a line starting with "#" for a heading, even inside HTML.
    html = clean_block("```\nx = 1\n# Kommentar\n```")
    assert "\n#" not in html
    assert "&#35; Kommentar" in html


PLAIN = st.text(alphabet="abcxyzäöüß ÄÖÜ0123456789.,;:?!'\"()/%€–\n&-=+>", max_size=80)


@given(PLAIN)
def test_plain_text_reads_as_markdown_renders_it(text: str) -> None:
    if not is_plain(text.strip("\n")):
        return
    def shown(html: str) -> str:  # what a browser shows: whitespace at tags does not count
        return re.sub(r"\s*(<[^>]+>)\s*", r"\1", " ".join(html.split()))

    assert shown(clean_block(text)) == shown(markdown.markdown(text.strip("\n")))
