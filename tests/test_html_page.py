"""Pages of headings and HTML blocks: written by templates as a structure, put together
without Markdown exactly as Markdown renders their Markdown."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from jinja2 import Environment

from kamgen.audience import INTERNAL, Edition
from kamgen.load import load_portfolio
from kamgen.model import Portfolio
from kamgen.site import generate
from kamgen.site.html_page import (
    Heading,
    HeadingMarks,
    HtmlPage,
    Pages,
    Rendered,
    RenderedPage,
    plain_text,
)

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

    def render(line: str) -> Rendered:
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
    from kamgen.history.timeline import plan_history

    programme = portfolio.programme.model_copy(update={"language": language})
    portfolio = dataclasses.replace(portfolio, programme=programme)
    # The repository's plans are in git: the internal edition's pages have their history.
    history = None if chosen.shared else plan_history(portfolio, AS_OF)
    site = generate(portfolio, AS_OF, chosen, history=history)
    assert site.html_pages and site.html_pages <= set(site.pages)
    for path in site.html_pages:
        structure = site.pages.html(path)
        assert structure is not None and structure.front_matter.startswith("---\n"), path
        body = site.pages[path].split("---\n", 2)[2]
        page = structure.rendered(heading_renderer())
        assert page is not None, path
        md = site_markdown()
        assert shown(page.html) == shown(md.convert(body)), path
        assert page.toc_tokens() == md.toc_tokens, path  # type: ignore[attr-defined]


TEMPLATE = """---
title: "Nordwerk"
---

{{ heading(1, 'Nordwerk', 'top') }}

<p class="kam-meta">A-Kunde &amp; Partner</p>

{{ heading(2, 'Summe', 'sum') }}

<table>
<tr><td>2024</td><td class="kam-r">2.900.000 €</td></tr>
</table>

<figure class="kam-figure"><svg class="kam-chart"><title>Chart</title></svg>\
<figcaption>Umsatz pro Jahr</figcaption></figure>

{{ heading(3, 'Regeln', 'rules', searched=false) }}

<ul><li>Immer gleich</li></ul>

{{ heading(2, title, 'notes') }}

<p>Ein <strong>Wort</strong>, <code>a&lt;b</code> &#124; Ende</p>
"""


def written(template: str, **context: Any) -> HtmlPage:
    """The page a template writes, as kamgen's page writer renders it."""
    marks = HeadingMarks()
    env = Environment(autoescape=True, trim_blocks=True, keep_trailing_newline=True)
    return marks.page(env.from_string(template).render(heading=marks, **context))


def page_of(template: str = TEMPLATE) -> HtmlPage:
    return written(template, title="Notizen & <mehr>")


def test_a_template_writes_its_headings_into_the_structure_and_its_markdown() -> None:
    page = page_of()
    assert page.front_matter == '---\ntitle: "Nordwerk"\n---\n'
    assert page.headings == (Heading(1, "Nordwerk", "top"), Heading(2, "Summe", "sum"),
                             Heading(3, "Regeln", "rules", searched=False),
                             Heading(2, "Notizen &amp; &lt;mehr&gt;", "notes"))
    assert page.markdown().splitlines()[4:5] == ["# Nordwerk { #top }"]
    assert "### Regeln { #rules data-search-exclude }\n\n<ul>" in page.markdown()
    assert "## Notizen &amp; &lt;mehr&gt; { #notes }\n" in page.markdown()


def test_heading_text_is_escaped_for_markdown_and_html() -> None:
    page = written("{{ heading(2, t, 'x') }}\n", t="*a* [b] | {c} # <d>")
    assert page.headings[0].title == r"\*a\* \[b\] &#124; &#123;c} \# &lt;d&gt;"


def test_a_plan_text_cannot_forge_a_heading_mark() -> None:
    forged = "\0kamgen-heading-0123\0"
    page = written("{{ heading(1, 'T', 't') }}\n<p>{{ text }}</p>\n", text=forged)
    assert len(page.pieces) == 2 and forged in page.pieces[1]


def test_a_mark_printed_twice_is_an_error_not_a_wrong_page() -> None:
    with pytest.raises(ValueError, match="not one of its own"):
        written("{% set h = heading(1, 'T', 't') %}{{ h }}\n<p>x</p>\n{{ h }}\n")


def test_a_page_is_put_together_from_headings_and_html() -> None:
    page = page_of().rendered(heading_renderer())
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


def test_the_put_together_page_is_what_markdown_makes_of_its_markdown() -> None:
    structure = page_of()
    page = structure.rendered(heading_renderer())
    assert page is not None
    body = structure.markdown().split("---\n", 2)[2]
    md = site_markdown()
    assert shown(page.html) == shown(md.convert(body))
    assert page.toc_tokens() == md.toc_tokens  # type: ignore[attr-defined]


def test_search_sections_are_plain_text_without_charts_or_excluded_sections() -> None:
    page = page_of().rendered(heading_renderer())
    assert page is not None
    assert list(page.sections("Nordwerk")) == [
        (None, "Nordwerk", "A-Kunde &amp; Partner"),
        ("sum", "Summe", "2024 2.900.000 € Umsatz pro Jahr"),
        ("notes", "Notizen &amp; &lt;mehr&gt;", "Ein Wort, a&lt;b | Ende"),
    ]


def test_a_page_without_headings_is_one_section() -> None:
    page = written("<p>Nur Text</p>\n").rendered(heading_renderer())
    assert page is not None
    assert list(page.sections("Titel <1>")) == [(None, "Titel &lt;1&gt;", "Nur Text")]


@pytest.mark.parametrize("body", [
    "Ein Absatz in Markdown.\n",
    "<p>HTML</p>\n\n**fett**\n",
    "<pre><code>eins\n\nzwei</code></pre>\n",
    "<span>inline</span>\n",
])
def test_a_page_that_needs_markdown_is_left_to_markdown(body: str) -> None:
    page = written("{{ heading(1, 'Titel', 't') }}\n\n" + body)
    assert page.rendered(heading_renderer()) is None


def test_a_line_that_is_no_single_heading_is_left_to_markdown() -> None:
    assert page_of().rendered(lambda line: None) is None


def test_plain_text_reads_attributes_with_angle_brackets_and_comments() -> None:
    fragment = ('<p title="a > b">Eins</p><!-- <p>nie</p> --><td>zwei</td>'
                '<span class="x">drei</span>vier')
    assert plain_text(fragment) == "Eins zwei dreivier"


def test_rendered_page_parts_join_into_the_page() -> None:
    page = RenderedPage(("", "<h1>T</h1>", "<p>a</p>"), (("<h1>T</h1>", {"id": "t"}),),
                        (False,))
    assert page.html == "<h1>T</h1>\n<p>a</p>"


def test_pages_give_markdown_and_the_structure_of_html_pages() -> None:
    structure = page_of()
    pages = Pages({"a.md": "# A\n", "b.md": structure})
    assert list(pages) == ["a.md", "b.md"] and len(pages) == 2
    assert pages["a.md"] == "# A\n" and pages["b.md"] == structure.markdown()
    assert pages.html("b.md") is structure and pages.html("a.md") is None
    assert pages.html_paths == frozenset({"b.md"})


def test_a_build_keeps_a_put_together_page_compressed_and_a_preview_keeps_its_file(
        portfolio: Portfolio, tmp_path: Path) -> None:
    from kamgen.site.write import DocsFile, PackedPage

    structure = generate(portfolio, AS_OF).pages.html("accounts/nordwerk-chemie/index.md")
    assert structure is not None
    built = DocsFile("a.md", structure.front_matter, True, structure, heading_renderer())
    kept = built.kept()
    assert isinstance(kept, PackedPage)
    assert len(kept.packed) < len(structure.markdown()) / 3
    assert kept.rendered == built.rendered and kept.rendered is not None
    preview = DocsFile("a.md", structure.markdown(), True, structure, heading_renderer(),
                       tmp_path / "a.md")
    assert preview.kept() is preview
