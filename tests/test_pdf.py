"""The PDF for the meeting: read back as text, every contact and every column of the
network and the scorecard is whole, page 1 is the KEP, every page has its header and
footer, nothing is drawn past a page's edge; the shared edition's PDF holds what its site
holds and nothing else; WeasyPrint fetches nothing but kamgen's own files."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import shutil
import socket
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.abc import MetaPathFinder
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

import kamgen.pdf
from kamgen.audience import INTERNAL, Edition
from kamgen.cli import main
from kamgen.errors import ConfigError, KamgenError
from kamgen.load import load_portfolio
from kamgen.pdf import (
    ORIGIN,
    Refused,
    account_document,
    fetcher,
    off_page,
    portfolio_document,
    write_pdf,
)
from kamgen.pdf.render import rendered_document
from kamgen.site import generate
from kamgen.site.i18n import Labels

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
TODAY = dt.date(2026, 11, 23)
NORDWERK = "nordwerk-chemie"
DE = Labels("de")

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Printed:
    """A PDF, its layout and its pages as text (white space made single spaces)."""

    data: bytes
    layout: Any
    pages: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.pages)


def printed(document: kamgen.pdf.Document) -> Printed:
    layout = rendered_document(document)
    data = layout.write_pdf()
    reader = PdfReader(io.BytesIO(data))
    return Printed(data, layout, tuple(" ".join(page.extract_text().split())
                                       for page in reader.pages))


@pytest.fixture(scope="module")
def internal() -> Printed:
    return printed(account_document(load_portfolio(PLANS), NORDWERK, TODAY))


@pytest.fixture(scope="module")
def shared() -> Printed:
    return printed(account_document(load_portfolio(PLANS), NORDWERK, TODAY,
                                    Edition("customer", NORDWERK)))


@pytest.fixture(scope="module")
def report() -> Printed:
    return printed(portfolio_document(load_portfolio(PLANS), TODAY))


NETWORK_COLUMNS = ("col_name", "col_title", "col_roles", "col_influence", "col_attitude",
                   "col_relationship", "col_owner", "col_last_contact")
SCORECARD_COLUMNS = ("col_objective", "col_kpi", "col_baseline", "col_target", "col_actual",
                     "col_achievement", "col_due")


def test_every_contact_of_the_network_is_whole_in_the_pdf(internal: Printed) -> None:
    plan = load_portfolio(PLANS).accounts[NORDWERK].plan
    assert len(plan.network) == 8
    for contact in plan.network:
        assert contact.name in internal.text
        assert contact.title is None or contact.title in internal.text


def test_every_column_of_the_network_and_the_scorecard_is_whole(internal: Printed) -> None:
    network = next(page for page in internal.pages if DE("network_title") in page)
    assert " ".join(DE(key) for key in NETWORK_COLUMNS) in network
    scorecard = " ".join(internal.pages[1:4])
    header = f"{DE('col_objective')} / {DE('col_kpi')} " + " ".join(
        DE(key) for key in SCORECARD_COLUMNS[2:])
    assert scorecard.count(header) == 4  # one table per perspective
    # and each row keeps its last column: every objective's due date is printed
    plan = load_portfolio(PLANS).accounts[NORDWERK].plan
    for objective in plan.scorecard:
        if objective.due:
            assert objective.due.strftime("%d.%m.%Y") in scorecard


def test_page_one_is_the_kep_and_the_sections_follow(internal: Printed) -> None:
    first, second = internal.pages[0], internal.pages[1]
    assert DE("summary_title") in first
    for card in ("summary_class", "summary_wallet", "summary_scorecard", "summary_actions",
                 "summary_pains", "summary_value_add"):
        assert DE(card) in first
    assert DE("summary_title") not in second
    assert second.startswith("Profil") or "Profil " in second[:200]


def test_every_page_has_its_header_and_footer(internal: Printed, shared: Printed,
                                              report: Printed) -> None:
    for pdf, edition, title in ((internal, "Interne Ausgabe", "Nordwerk Chemie AG"),
                                (shared, DE("shared_edition"), "Nordwerk Chemie AG"),
                                (report, "Interne Ausgabe", "Hanse Polymer GmbH · "
                                                            "Portfolio-Bericht")):
        count = len(pdf.pages)
        assert count >= 3
        for number, page in enumerate(pdf.pages, 1):
            assert title in page
            assert f"{edition} · Stand 23.11.2026" in page
            assert f"Seite {number} von {count}" in page


def test_the_header_and_footer_speak_the_programmes_language() -> None:
    fixture = ROOT / "tests" / "fixtures" / "handworked"
    portfolio = load_portfolio(fixture)
    assert portfolio.programme.language == "en"
    pdf = printed(account_document(portfolio, "alpha", TODAY))
    assert "Internal edition · As of 23 Nov 2026" in pdf.pages[0]
    assert f"Page 1 of {len(pdf.pages)}" in pdf.pages[0]


def test_nothing_is_drawn_past_the_edge_of_a_page(internal: Printed, shared: Printed,
                                                  report: Printed) -> None:
    """Every box WeasyPrint laid out (text, tables, cells, charts, header and footer)
    lies within its page's width."""
    for pdf in (internal, shared, report):
        assert off_page(pdf.layout) == []
        boxes = sum(1 for page in pdf.layout.pages
                    for _ in kamgen.pdf.render._boxes(page._page_box))
        assert boxes > 1000  # the check saw the pages' content, not an empty layout


def test_a_word_too_long_for_its_column_breaks_there_and_nowhere_else(
    tmp_path: Path,
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    plan = plans / "accounts" / NORDWERK / "plan.yaml"
    long_title = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenkasse" * 3
    text = plan.read_text("utf-8")
    start = text.index("title:", text.index("network:"))
    end = text.index("\n", start)
    plan.write_text(f'{text[:start]}title: "{long_title}"{text[end:]}', "utf-8")
    pdf = printed(account_document(load_portfolio(plans), NORDWERK, TODAY))
    assert off_page(pdf.layout) == []
    network = next(page for page in pdf.pages if DE("network_title") in page)
    # the other columns keep their whole words
    assert " ".join(DE(key) for key in NETWORK_COLUMNS) in network
    assert long_title in re.sub(r"[\s\u200b]", "", network)  # broken, not cut


# --- the shared edition ------------------------------------------------------------------

def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def test_the_shared_pdf_holds_what_its_site_holds(shared: Printed) -> None:
    portfolio = load_portfolio(PLANS)
    site = generate(portfolio, TODAY, Edition("customer", NORDWERK))
    site_text = html.unescape(" ".join([site.title, site.pages["index.md"],
                                        *(page.body for page in site.own_pages)]))
    labels = " ".join(DE(key) for key in ("pdf_as_of", "pdf_page", "shared_edition"))
    extra = words(shared.text) - words(site_text) - words(labels)
    assert {w for w in extra if not w.isdigit()} == set()
    # every section of the shared site is in the PDF
    headings = re.findall(r"^## (.+?) \{", site.pages["index.md"], re.MULTILINE)
    assert len(headings) >= 5
    for heading in headings:
        assert html.unescape(heading).replace("\\", "") in shared.text
    assert "Werksbesuch Stade am 5. November 2026" in shared.text  # its shared own page


def test_the_shared_pdf_holds_nothing_internal(internal: Printed, shared: Printed) -> None:
    portfolio = load_portfolio(PLANS)
    plan = portfolio.accounts[NORDWERK].plan
    competitors = [c.name for c in plan.positioning.competitors]
    assert competitors and all(name in internal.text for name in competitors)
    internal_only = [*competitors, DE("network_title") + " " + DE("col_name") + " "
                     + DE("col_title") + " " + DE("col_roles") + " " + DE("col_influence"),
                     DE("summary_class"), DE("summary_completeness"), "ZX81"]
    assert [text for text in internal_only if text in shared.text] == []
    for other_id, other in portfolio.accounts.items():
        if other_id != NORDWERK:
            assert other.plan.name not in shared.text
            assert other_id not in shared.text


def test_a_marked_shared_pdf_holds_none_of_the_marks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    from test_audience import MARKERS, marked_portfolio

    plans = marked_portfolio(tmp_path)
    out = tmp_path / "geheim.pdf"
    assert main(["pdf", "geheim-ag", "--audience", "customer", "--plans", str(plans),
                 "--out", str(out)]) == 2
    assert capsys.readouterr().err.endswith(
        "kamgen: account 'geheim-ag' is confidential: its plan cannot be shared\n"
        "    hint: accounts/geheim-ag/plan.yaml says 'confidential: true'; set it to false "
        "once the plan may be shared\n")
    assert not out.exists()
    portfolio = load_portfolio(plans)
    internal_page = html.unescape(account_document(portfolio, NORDWERK, TODAY).html)
    assert "GEHEIM-PUNKT-ZX81" in internal_page  # the marks are there to be found
    shared_text = printed(account_document(portfolio, NORDWERK, TODAY,
                                           Edition("customer", NORDWERK))).text
    assert {kind for kind, mark in MARKERS.items() if mark in shared_text} == set()
    with pytest.raises(ConfigError, match="account 'geheim-ag' is confidential: its plan "
                                          "cannot be shared"):
        account_document(portfolio, "geheim-ag", TODAY, Edition("customer", "geheim-ag"))


def test_an_unknown_account_is_named_with_the_closest_one() -> None:
    portfolio = load_portfolio(PLANS)
    for chosen in (INTERNAL, Edition("customer", "nordwerk")):
        with pytest.raises(ConfigError) as raised:
            account_document(portfolio, "nordwerk", TODAY, chosen)
        assert str(raised.value).startswith(
            "'nordwerk' is not an account of the plans\n    hint: did you mean "
            "'nordwerk-chemie'? accounts that exist: brenntal-automotive, ")


# --- nothing fetched -----------------------------------------------------------------------

def test_the_fetcher_serves_its_own_files_and_refuses_every_other_address() -> None:
    served = fetcher({ORIGIN + "assets/kamgen.css": lambda: b"p {}"})
    response = served.fetch(ORIGIN + "assets/kamgen.css")
    assert response.read() == b"p {}"
    assert response.content_type == "text/css"
    for address in ("file:///etc/passwd", "http://127.0.0.1:9/x.png",
                    "https://example.com/x.png", "data:image/png;base64,AAAA",
                    ORIGIN + "files/../../etc/passwd", ORIGIN + "assets/other.css",
                    "ftp://example.com/x"):
        with pytest.raises(Refused, match="kamgen's PDF fetches nothing but its own files"):
            served.fetch(address)
    with pytest.raises(Refused):
        served.open(urllib.request.Request("file:///etc/passwd"))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every attempt to open an address or a socket, recorded and refused."""
    tried: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        tried.append(repr(args[1:2]))
        raise AssertionError("the PDF tried to reach out")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    yield tried


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360f8cfc000000301010018dd8db4"
                    "0000000049454e44ae426082")


def test_no_plan_makes_the_pdf_fetch_a_file_or_an_address(
    tmp_path: Path, no_network: list[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    folder = plans / "accounts" / NORDWERK
    (folder / "bild.png").write_bytes(PNG)
    (folder / "Gruß aus Stade.png").write_bytes(PNG)
    (folder / "bilder.md").write_text(
        "# Bilder\n\n![eigen](bild.png)\n\n![gruß](Gru%C3%9F%20aus%20Stade.png)\n\n"
        "![datei](file:///etc/hostname)\n\n"
        "![netz](http://127.0.0.1:9/x.png)\n\n![absolut](/etc/hostname)\n\n"
        "![hoch](../../../../../../../etc/hostname)\n\n"
        '<img src="https://example.com/y.png"> <img src="data:image/png;base64,AAAA">\n\n'
        "<link rel=stylesheet href='http://127.0.0.1:9/x.css'>\n"
        "<style>@import url(http://127.0.0.1:9/y.css);</style>\n", "utf-8")
    asked: list[str] = []
    given: list[str] = []
    real = kamgen.pdf.render.fetcher

    def recording(files: Any, refused: Any = None) -> Any:
        served = real(files, refused)
        fetch = served.fetch

        def fetch_and_record(url: str, headers: Any = None) -> Any:
            asked.append(url)
            response = fetch(url, headers)
            given.append(url)
            return response

        served.fetch = fetch_and_record
        return served

    monkeypatch.setattr(kamgen.pdf.render, "fetcher", recording)
    document = account_document(load_portfolio(plans), NORDWERK, TODAY)
    assert 'src="https://kamgen.invalid/files/accounts/nordwerk-chemie/bild.png"' \
        in document.html
    pdf = printed(document)
    assert no_network == []
    # asked only for its own addresses, and given only its own files
    assert asked and all(url.startswith(ORIGIN) for url in asked)
    assert sorted(given) == [
        ORIGIN + "assets/kamgen.css",
        ORIGIN + "files/accounts/nordwerk-chemie/Gru%C3%9F%20aus%20Stade.png",
        ORIGIN + "files/accounts/nordwerk-chemie/bild.png", ORIGIN + "pdf.css"]
    assert ORIGIN + "etc/hostname" in asked  # "/etc/hostname" read on kamgen's own site
    assert "Bilder" in pdf.text


def test_a_document_that_names_other_addresses_gets_none_of_them(
    no_network: list[str],
) -> None:
    """The fetcher is the last wall: even HTML that no plan could make (the cleaner takes
    such addresses out first) fetches nothing."""
    page = ('<link rel="stylesheet" href="file:///etc/passwd">'
            '<style>@import url("http://127.0.0.1:9/a.css"); @font-face { font-family: x; '
            'src: url(file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf); }</style>'
            '<p style="background: url(file:///etc/hostname)">x</p>'
            '<img src="file:///etc/hostname"><img src="http://127.0.0.1:9/b.png">'
            '<svg><image href="file:///etc/hostname" width="5" height="5"/></svg>'
            '<iframe src="file:///etc/passwd"></iframe><object data="file:///etc/passwd">'
            '</object>')
    document = kamgen.pdf.Document(f"<html><body>{page}</body></html>", {}, "x")
    layout = rendered_document(document)
    assert len(layout.pages) == 1
    assert no_network == []


# --- without WeasyPrint, and writing the file -----------------------------------------------

class _NoPango(MetaPathFinder):
    def __init__(self, error: Exception) -> None:
        self.error = error

    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        if name == "weasyprint":
            raise self.error
        return None


@pytest.mark.parametrize("error, reason", [
    (OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared "
             "object file: No such file or directory"),
     "cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object "
     "file: No such file or directory"),
    (ImportError("No module named 'weasyprint'"), "No module named 'weasyprint'"),
])
def test_without_weasyprint_or_pango_the_pdf_names_what_to_install(
    error: Exception, reason: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(error), *sys.meta_path])
    out = tmp_path / "alpha.pdf"
    code = main(["pdf", "alpha", "--plans", str(ROOT / "tests/fixtures/handworked"),
                 "--out", str(out), "--as-of", "2026-11-23"])
    assert code == 1
    assert capsys.readouterr().err.endswith(
        f"kamgen: cannot make a PDF: WeasyPrint does not load ({reason})\n"
        "    hint: install Pango and a font, e.g. on Debian or Ubuntu: apt-get install "
        "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core (see 'PDF for the meeting' in "
        "the README)\n")
    assert not out.exists()


def test_the_command_writes_the_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                    ) -> None:
    out = tmp_path / "deep" / "alpha.pdf"
    code = main(["pdf", "alpha", "--plans", str(ROOT / "tests/fixtures/handworked"),
                 "--out", str(out), "--as-of", "2026-11-23"])
    assert code == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert capsys.readouterr().err.endswith(f"kamgen: wrote {out} (Alpha Industries AG)\n")
    assert [p.name for p in out.parent.iterdir()] == ["alpha.pdf"]


def test_a_failed_run_leaves_the_old_pdf_and_no_half_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "alpha.pdf"
    out.write_bytes(b"the PDF of last week")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", broken)
    with pytest.raises(ConfigError, match=f"cannot write {out}: No space left on device\n"
                                          "    hint: give a file in a folder you can write "
                                          "to with --out FILE"):
        write_pdf(b"%PDF-1.7 new", out)
    assert out.read_bytes() == b"the PDF of last week"
    assert [p.name for p in tmp_path.iterdir()] == ["alpha.pdf"]


def test_a_layout_past_the_edge_is_refused_not_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(kamgen.pdf.render, "off_page", lambda rendered: [
        kamgen.pdf.render.OffPage(3, "table", 40.0, 900.0, 793.7)])
    document = account_document(load_portfolio(ROOT / "tests/fixtures/handworked"), "alpha",
                                TODAY)
    with pytest.raises(KamgenError, match=r"the PDF of Alpha Industries AG would draw a "
                                          r"<table> past the edge of page 3\n"):
        kamgen.pdf.render_pdf(document)


def test_the_command_says_what_the_pdf_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "tests/fixtures/handworked", plans)
    folder = plans / "accounts" / "alpha"
    folder.mkdir()
    (plans / "accounts" / "alpha.yaml").rename(folder / "plan.yaml")
    (folder / "besuch.md").write_text("# Besuch\n\n![netz](http://127.0.0.1:9/x.png)\n\n"
                                      "![weg](fehlt.png)\n", "utf-8")
    out = tmp_path / "alpha.pdf"
    assert main(["pdf", "alpha", "--plans", str(plans), "--out", str(out),
                 "--as-of", "2026-11-23"]) == 0
    assert capsys.readouterr().err.endswith(
        f"kamgen: wrote {out} (Alpha Industries AG)\n"
        "kamgen: the PDF leaves out what it may not fetch (1): "
        "accounts/alpha/fehlt.png; only the files beside the plan show\n")


def test_a_hostile_account_name_reaches_the_header_as_text(
    tmp_path: Path, no_network: list[str],
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "tests/fixtures/handworked", plans)
    alpha = plans / "accounts" / "alpha.yaml"
    name = ('Alpha </span><img src="file:///etc/hostname"> & "Söhne" '
            "@page { margin: 0 } " + "Langername" * 30)
    alpha.write_text(alpha.read_text("utf-8").replace(
        "name: Alpha Industries AG", f"name: '{name}'", 1), "utf-8")
    refused: list[str] = []
    document = account_document(load_portfolio(plans), "alpha", TODAY)
    layout = rendered_document(document, refused)
    assert refused == [] and no_network == []
    assert off_page(layout) == []
    text = " ".join(PdfReader(io.BytesIO(layout.write_pdf())).pages[1].extract_text().split())
    assert 'Alpha </span><img src="file:///etc/hostname"> & "Söhne" @page { margin: 0 }' in text


def test_a_link_to_a_plan_file_is_never_written_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "tests/fixtures/handworked", plans)
    before = (plans / "kam.yaml").read_bytes()
    link = tmp_path / "alpha.pdf"
    link.symlink_to(plans / "kam.yaml")
    assert main(["pdf", "alpha", "--plans", str(plans), "--out", str(link)]) == 2
    assert capsys.readouterr().err == (
        f"kamgen: --out {link} lies in the plans folder {plans}\n    hint: kamgen never "
        "changes the plans; write the PDF elsewhere, e.g. --out alpha.pdf\n")
    assert (plans / "kam.yaml").read_bytes() == before


def test_the_portfolio_report_is_the_overview_then_the_selection(report: Printed) -> None:
    portfolio = load_portfolio(PLANS)
    assert report.pages[0].startswith("Key-Account-Portfolio") or \
        "Key-Account-Portfolio" in report.pages[0][:200]
    for account in portfolio.accounts.values():
        assert account.plan.name in report.pages[0] + report.pages[1]
    selection = next(number for number, page in enumerate(report.pages)
                     if DE("selection_title") in page)
    assert selection >= 1
    assert DE("selection_title") not in " ".join(report.pages[:selection])


def test_the_default_file_names_say_what_the_pdf_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    plans = str(ROOT / "tests/fixtures/handworked")
    assert main(["pdf", "alpha", "--audience", "customer", "--plans", plans,
                 "--as-of", "2026-11-23"]) == 0
    assert main(["pdf", "--portfolio", "--plans", plans, "--as-of", "2026-11-23"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alpha-customer.pdf",
                                                          "portfolio.pdf"]


def test_a_page_that_needs_markdown_is_rendered_with_the_sites_markdown() -> None:
    from kamgen.pdf.document import _page_html
    from kamgen.site.html_page import HeadingMarks

    marks = HeadingMarks()
    page = marks.page(f"<p>lead</p>\n\n{marks(2, 'Titel', 't')}\n\n- **eins**\n- zwei\n")
    assert _page_html(page) == ('<p>lead</p>\n\n<h2 id="t">Titel</h2>\n<ul>\n'
                                "<li><strong>eins</strong></li>\n<li>zwei</li>\n</ul>")


def test_every_chart_brings_the_sites_text_rules_into_its_own_style() -> None:
    document = account_document(load_portfolio(PLANS), NORDWERK, TODAY)
    charts = re.findall(r'<svg class="kam-chart"[^>]*>(<style>[^<]*</style>)?', document.html)
    assert len(charts) >= 4
    assert all("font-size: 12px" in style for style in charts)
