"""Audiences: a shared edition is made for one account and holds that account's shared plan
and nothing else, in any file of the site, of the generated Markdown or of an export."""

from __future__ import annotations

import gzip
import html
import io
import json
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from kamgen.audience import INTERNAL, Edition, edition, redact
from kamgen.cli import main
from kamgen.clock import as_of
from kamgen.engine import build_site
from kamgen.errors import ConfigError
from kamgen.export import export
from kamgen.load import load_portfolio, parse_yaml
from kamgen.method.kep import account_figures
from kamgen.model import Portfolio
from kamgen.workbook import workbook

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "plans"
AS_OF = "2026-11-23"
NORDWERK = Edition("customer", "nordwerk-chemie")

pytestmark = pytest.mark.slow


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = parse_yaml(path.read_text("utf-8"))[0]
    return data


def write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def every_text(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` as a reader finds its text: sitemaps and Pagefind's
    index unpacked, JSON (the search index) with its escapes undone, HTML with its
    entities decoded."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            texts[path.relative_to(folder).as_posix()] = readable(path.name, path.read_bytes())
    return texts


def readable(name: str, data: bytes) -> str:
    if name.endswith((".gz", ".pf_fragment", ".pf_index", ".pf_meta")):  # Pagefind's too
        data = gzip.decompress(data)
    if name.endswith(".xlsx"):
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            data = b"".join(book.read(n) for n in book.namelist())
    text = data.decode("utf-8", errors="replace")
    if name.endswith(".json"):
        text = json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)


# --- the edition asked for ----------------------------------------------------------------

def test_a_shared_edition_needs_an_account() -> None:
    with pytest.raises(ConfigError) as caught:
        edition("customer", None)
    assert str(caught.value) == (
        "a shared edition is made for one customer: add --account ID\n"
        "    hint: e.g. --audience customer --account nordwerk-chemie")


def test_an_account_alone_makes_no_edition() -> None:
    with pytest.raises(ConfigError) as caught:
        edition("internal", "nordwerk-chemie")
    assert str(caught.value) == (
        "--account makes the shared edition of one account: add --audience customer\n"
        "    hint: the internal edition always holds every account")
    assert edition("internal", None) == INTERNAL
    assert edition("customer", "x") == Edition("customer", "x")


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return load_portfolio(PLANS)


def test_an_unknown_account_is_named_with_the_ones_that_exist(portfolio: Portfolio) -> None:
    with pytest.raises(ConfigError) as caught:
        redact(portfolio, Edition("customer", "nordwerk"))
    assert str(caught.value) == (
        "--account 'nordwerk' is not an account of the plans\n"
        "    hint: did you mean 'nordwerk-chemie'? accounts that exist: brenntal-automotive, "
        "donauried-landtechnik, elbkant-verpackungen, gravenhorst-bauprofile, "
        "korvat-hausgeraete, marschland-elektro, nordwerk-chemie, velmar-medizintechnik")


def test_a_confidential_plan_cannot_be_shared(portfolio: Portfolio) -> None:
    with pytest.raises(ConfigError) as caught:
        redact(portfolio, Edition("customer", "gravenhorst-bauprofile"))
    assert str(caught.value) == (
        "account 'gravenhorst-bauprofile' is confidential: its plan cannot be shared\n"
        "    hint: accounts/gravenhorst-bauprofile.yaml says 'confidential: true'; set it to "
        "false once the plan may be shared")


# --- what the shared plan holds -------------------------------------------------------------

def test_the_shared_portfolio_holds_one_account_and_nothing_of_the_programme(
    portfolio: Portfolio,
) -> None:
    shared = redact(portfolio, NORDWERK).portfolio
    assert list(shared.accounts) == ["nordwerk-chemie"]
    assert [m.id for m in shared.team] == ["m.kaya", "j.berger"]
    assert all(m.annual_cost == 0 and m.visit_days == 0 for m in shared.team)
    (territory,) = shared.territories
    assert territory.id == "north" and territory.customers.A == 0
    assert shared.checklists == {}
    programme = shared.programme
    assert programme.company == "Hanse Polymer GmbH"
    assert programme.charter.model_dump() == dict.fromkeys(programme.charter.model_dump())
    assert programme.checklists == [] and programme.checklist_state == {}
    assert set(shared.positions) == {"accounts/nordwerk-chemie/plan.yaml"}


def test_what_is_internal_by_nature_is_not_in_the_shared_plan(portfolio: Portfolio) -> None:
    full = portfolio.accounts["nordwerk-chemie"].plan
    plan = redact(portfolio, NORDWERK).portfolio.accounts["nordwerk-chemie"].plan
    assert any(o.perspective == "financial" for o in full.scorecard)
    assert {o.perspective for o in plan.scorecard} == {"customer", "processes", "learning"}
    assert full.business and plan.business == [] and plan.wallet is None
    assert full.rating and plan.rating is None
    assert plan.visits.per_year == 0 and plan.visits.extra_travel_cost == 0
    assert full.positioning.competitors and plan.positioning.competitors == []
    assert plan.positioning.profile == [] and plan.positioning.statement is None
    assert full.swot and plan.swot is None
    assert full.analysis.readiness and plan.analysis.readiness is None
    assert any(a.notes for a in full.actions) and not any(a.notes for a in plan.actions)
    assert not any(p.notes for p in plan.analysis.pains)
    assert [c.name for c in plan.network] == [c.name for c in full.network]
    assert {(c.attitude, c.influence, c.relationship, c.owner, c.last_contact, c.notes)
            for c in plan.network} == {("neutral", 1, 1, None, None, None)}
    assert full.checklists and plan.checklists == {}
    # What is shown stays as the plan says it.
    assert plan.profile == full.profile
    assert [a.title for a in plan.actions] == [a.title for a in full.actions]
    assert [v.title for v in plan.value_add] == [v.title for v in full.value_add]


def test_the_programme_and_the_plan_can_share_kinds_of_content(
    portfolio: Portfolio, tmp_path: Path,
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    kam = read(plans / "kam.yaml")
    kam["customer_edition"] = {"share": ["swot"]}
    write(plans / "kam.yaml", kam)
    path = plans / "accounts" / "nordwerk-chemie" / "plan.yaml"
    data = read(path)
    data["share"] = ["business", "financial", "notes"]
    write(path, data)
    redacted = redact(load_portfolio(plans), NORDWERK)
    plan = redacted.portfolio.accounts["nordwerk-chemie"].plan
    full = portfolio.accounts["nordwerk-chemie"].plan
    assert plan.swot == full.swot
    assert [b.revenue for b in plan.business] == [b.revenue for b in full.business]
    assert all(b.margin is None for b in plan.business), "margins are a kind of their own"
    assert any(o.perspective == "financial" for o in plan.scorecard)
    assert [a.notes for a in plan.actions] == [a.notes for a in full.actions]
    assert plan.rating is None
    seen = redacted.seen
    assert (seen.swot, seen.business, seen.margins, seen.rating) == (True, True, False, False)
    assert "the SWOT analysis (shared by choice)" in redacted.shares
    assert "the SWOT analysis" not in redacted.leaves_out


def test_the_edition_says_what_it_shares_and_leaves_out(portfolio: Portfolio) -> None:
    redacted = redact(portfolio, NORDWERK)
    assert redacted.shares == (
        "the profile", "pains (4)", "initiatives (3)", "buying steps (5)",
        "scorecard objectives (5)", "value-add concepts (2)", "actions (7)",
        "contacts with name, title and roles (8)", "pages (1)")
    assert redacted.leaves_out[-1] == "internal pages (1)"
    assert redacted.leaves_out[:-1] == (
        "the rating and class", "visit costs", "financial objectives",
        "our revenue with the account and its wallet", "our margins",
        "competitors, strengths-weaknesses profile and relative quality",
        "the SWOT analysis", "notes",
        "attitudes, influence, relationship strength and owners of contacts", "checklists",
        "readiness, completeness and findings, the portfolio and other accounts")


# --- a marked portfolio: every kind of internal thing, in every file ------------------------

MARKERS = {
    "confidential plan": "GEHEIM-PLAN-ZX81",
    "confidential page": "GEHEIM-SEITE-ZX81",
    "internal section": "GEHEIM-SEKTION-ZX81",
    "internal pain": "GEHEIM-PUNKT-ZX81",
    "internal objective": "GEHEIM-ZIEL-ZX81",
    "internal action": "GEHEIM-AKTION-ZX81",
    "internal contact": "GEHEIM-KONTAKT-ZX81",
    "internal benefit": "GEHEIM-NUTZEN-ZX81",
    "internal profile row": "GEHEIM-KRITERIUM-ZX81",
    "internal page": "GEHEIM-INTERN-ZX81",
    "file of an internal page": "GEHEIM-ANHANG-ZX81",
    "file no page uses": "GEHEIM-LOSE-ZX81",
    "competitor (internal by nature)": "GEHEIM-WETTBEWERB-ZX81",
    "relationship note (internal by nature)": "GEHEIM-NOTIZ-ZX81",
    "action note (internal by nature)": "GEHEIM-TAKTIK-ZX81",
    "financial objective (internal by nature)": "GEHEIM-FINANZ-ZX81",
    "readiness note (internal by nature)": "GEHEIM-REIFE-ZX81",
    "margin (internal by nature)": "987654321",
    "another account": "Velmar Medizintechnik",
    "the programme's charter": "GEHEIM-CHARTA-ZX81",
    "a manager's cost": "246813",
}


def marked_portfolio(root: Path) -> Path:
    plans = root / "plans"
    shutil.copytree(PLANS, plans)
    folder = plans / "accounts" / "geheim-ag"
    folder.mkdir()
    secret = read(plans / "accounts" / "donauried-landtechnik.yaml")
    secret.update(name=f"Geheim AG {MARKERS['confidential plan']}", confidential=True)
    del secret["customer_number"]  # each customer number belongs to one plan
    write(folder / "plan.yaml", secret)
    (folder / "notiz.md").write_text(f"# Notiz\n\n{MARKERS['confidential page']}\n", "utf-8")
    path = plans / "accounts" / "nordwerk-chemie" / "plan.yaml"
    plan = read(path)
    plan["internal"] = ["swot"]
    plan["share"] = ["swot"]  # an internal section stays internal, whatever is shared
    plan["swot"]["strengths"].append(MARKERS["internal section"])
    plan["analysis"]["pains"].append(
        {"title": MARKERS["internal pain"], "impact": "high", "internal": True})
    plan["analysis"]["readiness"]["notes"] = MARKERS["readiness note (internal by nature)"]
    plan["scorecard"].append({"perspective": "customer", "objective": MARKERS[
        "internal objective"], "kpi": "x", "target": 1, "actual": 1, "internal": True})
    plan["scorecard"].append({"perspective": "financial", "objective": MARKERS[
        "financial objective (internal by nature)"], "kpi": "T€", "target": 1})
    plan["actions"].append({"title": MARKERS["internal action"], "internal": True})
    plan["actions"][0]["notes"] = MARKERS["action note (internal by nature)"]
    plan["network"].append({"id": "geheim", "name": MARKERS["internal contact"],
                            "influence": 3, "relationship": 3, "internal": True,
                            "reports_to": plan["network"][0]["id"]})
    plan["network"][0]["notes"] = MARKERS["relationship note (internal by nature)"]
    plan["value_add"][0]["benefits"].append(
        {"item": MARKERS["internal benefit"], "amount": 1, "internal": True})
    plan["positioning"]["profile"].append(
        {"criterion": MARKERS["internal profile row"], "importance": 3, "us": 3,
         "internal": True})
    plan["positioning"]["competitors"][0]["name"] = MARKERS["competitor (internal by nature)"]
    write(path, plan)
    # Nordwerk's figures come from the export: its last margin is marked there.
    export = plans / "data" / "umsatz.csv"
    row = "100234;Nordwerk Chemie AG;2026;3.400.000,00;900.000,00;Prognose"
    text = export.read_text("utf-8-sig")
    assert text.count(row) == 1
    export.write_text(text.replace(row, row.replace(
        "900.000,00", MARKERS["margin (internal by nature)"])), "utf-8-sig")
    account = plans / "accounts" / "nordwerk-chemie"
    (account / "intern.md").write_text(
        f"---\ninternal: true\n---\n\n# Intern\n\n{MARKERS['internal page']}\n\n"
        "![Anhang](anhang.csv)\n", "utf-8")
    (account / "anhang.csv").write_text(f"a;b\n{MARKERS['file of an internal page']};1\n",
                                        "utf-8")
    (account / "lose.csv").write_text(f"a;b\n{MARKERS['file no page uses']};1\n", "utf-8")
    (account / "geteilt.csv").write_text("a;b\nGETEILT-ZX81;1\n", "utf-8")
    with (account / "werksbesuch-stade.md").open("a", encoding="utf-8") as page:
        page.write("\n[Zahlen](geteilt.csv)\n")
    kam = read(plans / "kam.yaml")
    kam["charter"]["selection"] = MARKERS["the programme's charter"]
    write(plans / "kam.yaml", kam)
    team = yaml.safe_load((plans / "team.yaml").read_text("utf-8"))
    team[0]["annual_cost"] = int(MARKERS["a manager's cost"])
    (plans / "team.yaml").write_text(yaml.safe_dump(team, allow_unicode=True), "utf-8")
    return plans


def outputs(plans: Path, root: Path, chosen: Edition) -> dict[str, str]:
    """Every file of the site, the generated Markdown and the exports of one edition."""
    name = chosen.account or "internal"
    build_site(plans, root / name / "site", as_of=AS_OF, chosen=chosen)
    texts = {f"site/{k}": v for k, v in every_text(root / name / "site").items()}
    args = ["--audience", chosen.audience, *(["--account", chosen.account]
                                             if chosen.account else [])]
    assert main(["generate", str(plans), "--out", str(root / name / "gen"), "--as-of", AS_OF,
                 *args]) == 0
    texts.update({f"gen/{k}": v for k, v in every_text(root / name / "gen").items()})
    portfolio = load_portfolio(plans)
    for fmt in ("json", "csv"):
        texts[f"export.{fmt}"] = readable(f"export.{fmt}",
                                          export(portfolio, as_of(AS_OF), fmt, chosen))
    texts["export.xlsx"] = readable("export.xlsx", workbook(portfolio, as_of(AS_OF), chosen))
    return texts


def found(texts: dict[str, str]) -> dict[str, list[str]]:
    return {kind: sorted(name for name, text in texts.items() if marker in text)
            for kind, marker in MARKERS.items()}


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    root = tmp_path_factory.mktemp("audience")
    plans = marked_portfolio(root)
    return {"internal": outputs(plans, root, INTERNAL),
            "shared": outputs(plans, root, NORDWERK)}


def test_the_internal_edition_holds_every_marked_thing(
    editions: dict[str, dict[str, str]],
) -> None:
    missing = [kind for kind, files in found(editions["internal"]).items() if not files]
    assert missing == []


def test_the_shared_edition_holds_none_of_them_in_any_file(
    editions: dict[str, dict[str, str]],
) -> None:
    leaks = {kind: files for kind, files in found(editions["shared"]).items() if files}
    assert leaks == {}


def test_the_shared_edition_is_the_accounts_page_and_its_shared_pages(
    editions: dict[str, dict[str, str]],
) -> None:
    names = editions["shared"]
    pages = sorted(n for n in names if n.startswith("site/") and n.endswith(".html"))
    assert pages == ["site/404.html", "site/accounts/nordwerk-chemie/werksbesuch-stade/"
                     "index.html", "site/index.html"]
    assert "site/accounts/nordwerk-chemie/geteilt.csv" in names
    assert not any(n.endswith(("anhang.csv", "lose.csv")) for n in names)
    assert ">Nordwerk Chemie AG<" in names["site/index.html"]
    for text in (names["site/index.html"], names["site/accounts/nordwerk-chemie/"
                                                  "werksbesuch-stade/index.html"]):
        assert "Gemeinsame Ausgabe (für den Kunden)" in text
    assert set(re.findall(r"<loc>[^<]*</loc>", names["site/sitemap.xml"])) <= {
        "<loc>None</loc>", "<loc>None/accounts/nordwerk-chemie/werksbesuch-stade/</loc>"}
    assert json.loads(names["site/search/search_index.json"])["docs"] == []
    assert {json.loads(text.removeprefix("pagefind_dcd"))["url"]
            for name, text in names.items() if name.endswith(".pf_fragment")} == {
        "/", "/accounts/nordwerk-chemie/werksbesuch-stade/"}
    assert sorted(n for n in names if n.startswith("gen/docs/")) == [
        "gen/docs/.kamgen-files", "gen/docs/accounts/nordwerk-chemie/geteilt.csv",
        "gen/docs/accounts/nordwerk-chemie/werksbesuch-stade.md",
        "gen/docs/assets/kamgen.css", "gen/docs/index.md"]
    document = json.loads(names["export.json"])
    assert [a["id"] for a in document["accounts"]] == ["nordwerk-chemie"]
    assert document["edition"] == "customer"
    assert len(names["export.csv"].strip().splitlines()) == 2


def test_the_shared_edition_shows_what_the_plan_shares(
    editions: dict[str, dict[str, str]],
) -> None:
    page = editions["shared"]["site/index.html"]
    for heading in ("Balanced Scorecard", "Mehrwertkonzepte", "Beziehungsnetzwerk",
                    "Maßnahmenplan", "Key-Account-Analyse", "Profil"):
        assert f">{heading}<" in page, heading
    for heading in ("Kundenbewertung", "Besuchskostenanalyse", "SWOT-Analyse",
                    "Wettbewerbsanalyse", "Relative Qualität", "Vollständigkeit des Plans",
                    "Unser Geschäft mit dem Kunden", "Checklisten", "Finanzen"):
        assert f">{heading}<" not in page, heading
        assert f">{heading}<" in editions["internal"]["site/accounts/nordwerk-chemie/"
                                                      "index.html"], heading


# --- every example account: nothing of another plan, nothing internal ----------------------

def leaves(value: Any) -> Iterator[Any]:
    """Every scalar in plan data."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def fragments(value: Any) -> Iterator[str]:
    """Pieces of text a reader would find on a page: split where Markdown marks up."""
    for text in leaves(value):
        if isinstance(text, str):
            for piece in re.split(r"[*_`\[\]()#>|\n\"]+|\s{2,}", text):
                piece = piece.strip(" .,;:")
                if len(piece) >= 12:
                    yield piece


def numbers(value: Any) -> Iterator[int]:
    """The amounts in plan data (10,000 and more: counts and scores are too common)."""
    for number in leaves(value):
        if isinstance(number, (int, float)) and not isinstance(number, bool) \
                and number >= 10_000:
            yield int(number)


def number_hits(number: int, texts: dict[str, str]) -> list[str]:
    """Files that show ``number``: formatted on the pages, as it is in JSON and CSV."""
    shown = f"{number:,}".replace(",", ".")
    raw = re.compile(rf"(?<![\d.]){number}(?:\.0)?(?![\d.])")
    return [name for name, text in texts.items()
            if (name.startswith(("site/", "gen/")) and shown in text)
            or (name in ("export.json", "export.csv") and raw.search(text))]


def plan_files() -> dict[str, Any]:
    files: dict[str, Any] = {}
    for path in sorted(PLANS.rglob("*.yaml")):
        if ".schema" not in path.parts:
            files[path.relative_to(PLANS).as_posix()] = read(path)
    # An export holds the figures of every account: each account's rows, as its plan holds
    # them once loaded, and its customer number.
    for account in load_portfolio(PLANS).accounts.values():
        number = account.plan.customer_number
        for source in account.imported:
            files.setdefault(source, {})[account.id] = [
                *(b.model_dump() for b in account.plan.business), account.plan.wallet,
                int(number) if number and number.isdigit() else number]
    assert files["data/umsatz.csv"]
    return files


SHAREABLE_IDS = [a for a in sorted(load_portfolio(PLANS).accounts)
                 if not load_portfolio(PLANS).accounts[a].plan.confidential]


@pytest.mark.parametrize("account_id", SHAREABLE_IDS)
def test_a_shared_edition_holds_nothing_that_is_not_in_its_shared_plan(
    account_id: str, tmp_path: Path,
) -> None:
    portfolio = load_portfolio(PLANS)
    chosen = Edition("customer", account_id)
    redacted = redact(portfolio, chosen)
    account = redacted.portfolio.accounts[account_id]
    allowed = " ".join([
        account.plan.model_dump_json(), *(page.body for page in account.pages),
        *(m.model_dump_json() for m in redacted.portfolio.team),
        redacted.portfolio.programme.model_dump_json(),
        (ROOT / "kamgen/site/labels/de.yaml").read_text("utf-8"),
        (ROOT / "kamgen/site/labels/en.yaml").read_text("utf-8")])
    # Figures computed from the shared plan may show, whatever other plan holds the same.
    figures = repr(account_figures(redacted.portfolio, account, as_of(AS_OF)))
    allowed_numbers = {int(n.replace(".", "")) for n in re.findall(
        r"\d{1,3}(?:\.\d{3})+(?![\d])", allowed)} | {
        int(float(n)) for n in re.findall(r"\d+(?:\.\d+)?", allowed + figures)}
    texts = outputs(PLANS, tmp_path, chosen)
    leaks: dict[str, list[str]] = {}
    for rel, data in plan_files().items():
        for piece in set(fragments(data)):
            if piece in allowed:
                continue
            hits = [name for name, text in texts.items() if piece in text]
            if hits:
                leaks.setdefault(f"{rel}: {piece}", hits)
        for number in set(numbers(data)) - allowed_numbers:
            hits = number_hits(number, texts)
            if hits:
                leaks.setdefault(f"{rel}: {number}", hits)
    # Other accounts' ids and names, in any file.
    for other_id, other in portfolio.accounts.items():
        if other_id == account_id:
            continue
        for word in (other_id, other.plan.name):
            hits = [name for name, text in texts.items() if word in text]
            if hits:
                leaks.setdefault(f"{other_id}: {word}", hits)
    assert leaks == {}


def test_nordwerks_shared_edition_leaves_out_its_margin_tactics_and_finances(
    tmp_path: Path,
) -> None:
    texts = outputs(PLANS, tmp_path, NORDWERK)
    joined = "\n".join(texts.values())
    full = load_portfolio(PLANS).accounts["nordwerk-chemie"].plan
    financial = [o.objective for o in full.scorecard if o.perspective == "financial"]
    notes = [a.notes for a in full.actions if a.notes]
    assert financial and notes
    for text in [*financial, *(n[:30] for n in notes), "820.000", "900.000",
                 "Skeptiker", "Befürworter", "Gegner", "A-Kunde"]:
        assert text not in joined, text
    # The competitor's name stays out of the plan's page (the visit report beside the plan
    # names it: a page the author chose to share).
    assert "ChemSupply" not in texts["site/index.html"] + texts["export.json"]


# --- the command line ------------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["build", "--site-dir", "{tmp}/site"], ["export"], ["generate", "--out", "{tmp}/gen"],
    ["serve"]])
def test_the_customer_audience_without_an_account_is_refused(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    argv = [command[0], str(PLANS), *(a.replace("{tmp}", str(tmp_path)) for a in command[1:]),
            "--audience", "customer"]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        "kamgen: a shared edition is made for one customer: add --account ID\n"
        "    hint: e.g. --audience customer --account nordwerk-chemie\n")
    assert not (tmp_path / "site").exists() and not (tmp_path / "gen").exists()


def test_build_says_what_the_shared_edition_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["build", str(PLANS), "--site-dir", str(tmp_path / "site"), "--as-of", AS_OF,
                 "--audience", "customer", "--account", "nordwerk-chemie"]) == 0
    err = capsys.readouterr().err
    assert "kamgen: the shared edition for Nordwerk Chemie AG (nordwerk-chemie):\n" \
           "    shares: the profile; pains (4); initiatives (3)" in err
    assert "    leaves out: the rating and class; visit costs; financial objectives;" in err


def test_a_confidential_plan_is_refused_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["export", str(PLANS), "--audience", "customer", "--account",
                 "gravenhorst-bauprofile"]) == 2
    assert "kamgen: account 'gravenhorst-bauprofile' is confidential: its plan cannot be " \
           "shared\n" in capsys.readouterr().err


def test_no_plugin_option_widens_the_edition_of_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\ndocs_dir: plans\ntheme: {name: material}\n"
        "plugins:\n  - kamgen:\n      audience: internal\n", "utf-8")
    assert main(["build", str(plans), "--config", str(config), "--site-dir",
                 str(tmp_path / "site"), "--audience", "customer", "--account",
                 "nordwerk-chemie"]) == 2
    assert "the kamgen plugin's options in the site configuration name another edition " \
           "than the command line" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_the_plugin_makes_a_shared_edition_from_its_options(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\ndocs_dir: docs\ntheme: {name: material}\nplugins:\n  - search\n"
        "  - kamgen:\n      audience: customer\n      account: velmar-medizintechnik\n"
        f"      as_of: '{AS_OF}'\n", "utf-8")
    build(load_config(str(config), site_dir=str(tmp_path / "site")))
    texts = every_text(tmp_path / "site")
    assert "Velmar Medizintechnik" in texts["index.html"]
    assert not any("Nordwerk" in text for text in texts.values())
    assert not [n for n in texts if n.endswith((".yaml", ".md"))]


@pytest.mark.parametrize("docs_dir", ["plans", ".", "plans/accounts"])
def test_mkdocs_alone_never_reads_the_plans_folder(tmp_path: Path, docs_dir: str) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    shutil.copytree(PLANS, tmp_path / "plans")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\ndocs_dir: {docs_dir}\ntheme: {{name: material}}\n"
                      "plugins:\n  - kamgen\n", "utf-8")
    with pytest.raises(Abort):
        build(load_config(str(config), site_dir=str(tmp_path / "site")))
    assert not (tmp_path / "site").exists() or not any((tmp_path / "site").rglob("*.yaml"))


def test_a_hostile_account_name_reaches_the_shared_editions_title_as_text(
    tmp_path: Path,
) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    path = plans / "accounts" / "nordwerk-chemie" / "plan.yaml"
    data = read(path)
    data["name"] = "</title><script>alert('ZX81')</script> AG"
    write(path, data)
    build_site(plans, tmp_path / "site", as_of=AS_OF, chosen=NORDWERK)
    pages = {p.name: p.read_text("utf-8") for p in (tmp_path / "site").rglob("*.html")}
    assert pages
    for name, text in pages.items():
        assert "<script>alert('ZX81')" not in text, name
    assert "&lt;/title&gt;&lt;script&gt;alert(" in pages["index.html"]
