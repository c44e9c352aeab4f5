"""Account pages are put together without Markdown: exactly as Markdown would render them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from kamgen.audience import INTERNAL, Edition
from kamgen.load import load_portfolio
from kamgen.model import Portfolio
from kamgen.site import generate
from kamgen.site.html_page import Heading, HtmlPage, plain_text, split_html_page

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 23)


def site_markdown() -> markdown.Markdown:
    """Python-Markdown as the repository's mkdocs.yml sets it up."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    names: list[str] = []
    settings: dict[str, Any] = {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        settings[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=settings)


def heading_renderer() -> Any:
    md = site_markdown()

    def render(line: str) -> Heading:
        html = md.reset().convert(line)
        return html, md.toc_tokens[0]  # type: ignore[attr-defined]

    return render


def shown(html: str) -> str:
    """HTML as a browser reads it: runs of whitespace between tags do not count."""
    return re.sub(r">\s+<", "><", " ".join(html.split()))


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return load_portfolio(ROOT / "plans")


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("chosen", [INTERNAL, Edition("customer", "nordwerk-chemie")],
                         ids=["internal", "shared"])
def test_every_account_page_is_what_markdown_makes_of_it(
    portfolio: Portfolio, language: str, chosen: Edition
) -> None:
    programme = portfolio.programme.model_copy(update={"language": language})
    site = generate(dataclasses.replace(portfolio, programme=programme), AS_OF, chosen)
    assert site.html_pages and site.html_pages <= set(site.pages)
    for path in site.html_pages:
        body = site.pages[path].split("---\n", 2)[2]
        page = split_html_page(body, heading_renderer())
        assert page is not None, path
        md = site_markdown()
        assert shown(page.html) == shown(md.convert(body)), path
        assert page.toc_tokens() == md.toc_tokens, path  # type: ignore[attr-defined]


PAGE = """# Nordwerk { #top }

<p class="kam-meta">A-Kunde &amp; Partner</p>

## Summe { #sum }

<table>
<tr><td>2024</td><td class="kam-r">2.900.000 €</td></tr>
</table>

<figure class="kam-figure"><svg class="kam-chart"><title>Chart</title></svg>\
<figcaption>Umsatz pro Jahr</figcaption></figure>

### Regeln { #rules data-search-exclude }

<ul><li>Immer gleich</li></ul>

## Notizen &amp; <em>mehr</em> { #notes }

<p>Ein <strong>Wort</strong>, <code>a&lt;b</code> &#124; Ende</p>
"""


def test_a_page_is_taken_apart_into_headings_and_html() -> None:
    page = split_html_page(PAGE, heading_renderer())
    assert page is not None
    assert [token["id"] for _, token in page.headings] == ["top", "sum", "rules", "notes"]
    nested = page.toc_tokens()
    assert [t["id"] for t in nested] == ["top"]
    assert [t["id"] for t in nested[0]["children"]] == ["sum", "notes"]
    assert [t["id"] for t in nested[0]["children"][0]["children"]] == ["rules"]
    assert page.anchor_ids() == {"top", "sum", "rules", "notes"}
    assert page.html.startswith(
        '<h1 id="top">Nordwerk<a class="headerlink" href="#top" title="Permanent link">'
        '&para;</a></h1>\n<p class="kam-meta">')


def test_search_sections_are_plain_text_without_charts_or_excluded_sections() -> None:
    page = split_html_page(PAGE, heading_renderer())
    assert page is not None
    assert list(page.sections("Nordwerk")) == [
        (None, "Nordwerk", "A-Kunde &amp; Partner"),
        ("sum", "Summe", "2024 2.900.000 € Umsatz pro Jahr"),
        ("notes", "Notizen &amp; mehr", "Ein Wort, a&lt;b | Ende"),
    ]


def test_a_page_without_headings_is_one_section() -> None:
    page = split_html_page("<p>Nur Text</p>\n", heading_renderer())
    assert page is not None
    assert list(page.sections("Titel <1>")) == [(None, "Titel &lt;1&gt;", "Nur Text")]


@pytest.mark.parametrize("body", [
    "# Titel\n\nEin Absatz in Markdown.\n",
    "# Titel\n\n<p>HTML</p>\n\n**fett**\n",
    "# Titel\n\n<pre><code>eins\n\nzwei</code></pre>\n",
    "# Titel\n\n<span>inline</span>\n",
])
def test_a_page_that_needs_markdown_is_left_to_markdown(body: str) -> None:
    assert split_html_page(body, heading_renderer()) is None


def test_a_line_that_is_no_single_heading_is_left_to_markdown() -> None:
    assert split_html_page("# Titel\n\n<p>x</p>\n", lambda line: None) is None


def test_plain_text_reads_attributes_with_angle_brackets_and_comments() -> None:
    fragment = ('<p title="a > b">Eins</p><!-- <p>nie</p> --><td>zwei</td>'
                '<span class="x">drei</span>vier')
    assert plain_text(fragment) == "Eins zwei dreivier"


def test_html_page_parts_join_into_the_page() -> None:
    page = HtmlPage(("", "<h1>T</h1>", "<p>a</p>"), (("<h1>T</h1>", {"id": "t"}),))
    assert page.html == "<h1>T</h1>\n<p>a</p>"
