"""Audiences: the customer edition holds no confidential plan, internal section or item,
and nothing internal by nature, in any file of the site or of an export."""

from __future__ import annotations

import gzip
import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from kamgen.clock import as_of
from kamgen.engine import build_site
from kamgen.export import export
from kamgen.load import load_portfolio, parse_yaml

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-23"

# One marker per kind of internal thing; each must appear in the internal edition only.
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
    "SWOT (internal by nature)": "GEHEIM-SWOT-ZX81",
    "competitor (internal by nature)": "GEHEIM-WETTBEWERB-ZX81",
    "relationship note (internal by nature)": "GEHEIM-NOTIZ-ZX81",
}

pytestmark = pytest.mark.slow


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = parse_yaml(path.read_text("utf-8"))[0]
    return data


def write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def marked_portfolio(root: Path, share: list[str] | None = None) -> Path:
    plans = root / "plans"
    shutil.copytree(ROOT / "plans", plans)
    # A confidential plan in a folder, with a page of its own.
    folder = plans / "accounts" / "geheim-ag"
    folder.mkdir()
    secret = read(plans / "accounts" / "donauried-landtechnik.yaml")
    secret.update(name=f"Geheim AG {MARKERS['confidential plan']}", confidential=True)
    write(folder / "plan.yaml", secret)
    (folder / "notiz.md").write_text(f"# Notiz\n\n{MARKERS['confidential page']}\n",
                                     "utf-8")
    # An internal section and internal items in a shared plan.
    path = plans / "accounts" / "velmar-medizintechnik.yaml"
    plan = read(path)
    plan["internal"] = ["value_add", "business"]
    plan["value_add"][0]["description"] = MARKERS["internal section"]
    plan["analysis"] = {"pains": [
        {"title": MARKERS["internal pain"], "impact": "high", "internal": True}]}
    plan["scorecard"].append({"perspective": "customer", "objective": MARKERS[
        "internal objective"], "kpi": "x", "target": 1, "actual": 1, "internal": True})
    plan["actions"].append({"title": MARKERS["internal action"], "internal": True})
    plan["network"].append({"id": "geheim", "name": MARKERS["internal contact"],
                            "influence": 3, "relationship": 3, "internal": True,
                            "reports_to": plan["network"][0]["id"]})
    plan["network"][0]["notes"] = MARKERS["relationship note (internal by nature)"]
    plan["swot"] = {"strengths": [MARKERS["SWOT (internal by nature)"]]}
    write(path, plan)
    path = plans / "accounts" / "nordwerk-chemie" / "plan.yaml"
    plan = read(path)
    plan["value_add"][0]["benefits"].append(
        {"item": MARKERS["internal benefit"], "amount": 1, "internal": True})
    plan["positioning"]["profile"].append(
        {"criterion": MARKERS["internal profile row"], "importance": 3, "us": 3,
         "internal": True})
    plan["positioning"]["competitors"][0]["name"] = MARKERS["competitor (internal by nature)"]
    write(path, plan)
    (plans / "accounts" / "nordwerk-chemie" / "intern.md").write_text(
        f"---\ninternal: true\n---\n\n# Intern\n\n{MARKERS['internal page']}\n", "utf-8")
    if share is not None:
        kam = read(plans / "kam.yaml")
        kam["customer_edition"] = {"share": share}
        write(plans / "kam.yaml", kam)
    return plans


def every_text(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` as text, sitemaps and workbooks unpacked."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        texts[path.relative_to(folder).as_posix()] = data.decode("utf-8", errors="replace")
    return texts


def found(texts: dict[str, str]) -> dict[str, list[str]]:
    return {kind: sorted(name for name, text in texts.items() if marker in text)
            for kind, marker in MARKERS.items()}


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    root = tmp_path_factory.mktemp("audience")
    plans = marked_portfolio(root)
    out = {}
    for audience in ("internal", "customer"):
        build_site(plans, root / audience, as_of=AS_OF, audience=audience)
        out[audience] = every_text(root / audience)
    portfolio = load_portfolio(plans)
    for audience in ("internal", "customer"):
        for fmt in ("json", "csv", "xlsx"):
            data = export(portfolio, as_of(AS_OF), fmt, audience)
            if fmt == "xlsx":
                with zipfile.ZipFile(io.BytesIO(data)) as book:
                    text = "".join(book.read(n).decode("utf-8") for n in book.namelist())
            else:
                text = data.decode("utf-8")
            out[audience][f"export.{fmt}"] = text
    return out


def test_the_internal_edition_holds_every_marked_thing(
    editions: dict[str, dict[str, str]],
) -> None:
    missing = [kind for kind, files in found(editions["internal"]).items() if not files]
    assert missing == []


def test_the_customer_edition_holds_none_of_them_in_any_file(
    editions: dict[str, dict[str, str]],
) -> None:
    leaks = {kind: files for kind, files in found(editions["customer"]).items() if files}
    assert leaks == {}
    names = editions["customer"]
    assert "search/search_index.json" in names and "sitemap.xml" in names
    assert not any(name.startswith("accounts/geheim-ag") for name in names)
    assert not any(name.startswith("accounts/gravenhorst-bauprofile") for name in names)
    assert "accounts/nordwerk-chemie/werksbesuch-stade/index.html" in names
    assert "accounts/nordwerk-chemie/intern/index.html" not in names


def test_the_customer_edition_leaves_out_what_is_internal_by_nature(
    editions: dict[str, dict[str, str]],
) -> None:
    internal = editions["internal"]["accounts/nordwerk-chemie/index.html"]
    shared = editions["customer"]["accounts/nordwerk-chemie/index.html"]
    for heading in ("Kundenbewertung", "Besuchskostenanalyse", "SWOT-Analyse",
                    "Wettbewerbsanalyse", "Relative Qualität", "Kompetenzfeld-Analyse",
                    "Vollständigkeit des Plans"):
        assert f">{heading}<" in internal, heading
        assert f">{heading}<" not in shared, heading
    for figure in ("820.000", "Skeptiker", "Einflussreicher Gegner", "A-Kunde"):
        assert figure in internal, figure
        assert figure not in shared, figure
    # What the plan shares with the customer is there.
    for heading in ("Balanced Scorecard", "Mehrwertkonzepte", "Beziehungsnetzwerk",
                    "Maßnahmenplan", "Key-Account-Analyse"):
        assert f">{heading}<" in shared, heading
    for name in ("selection/index.html", "programme/index.html", "accounts/index.html",
                 "checklists/index.html"):
        assert name in editions["internal"]
        assert name not in editions["customer"]


def test_every_page_of_the_customer_edition_says_it_is_the_shared_edition(
    editions: dict[str, dict[str, str]],
) -> None:
    pages = [name for name in editions["customer"] if name.endswith("index.html")]
    assert len(pages) >= 9
    for name in pages:
        assert "Gemeinsame Ausgabe (für den Kunden)" in editions["customer"][name], name
    assert not any("Gemeinsame Ausgabe" in text for name, text in
                   editions["internal"].items() if name.endswith(".html"))


def test_the_programme_can_share_what_is_internal_by_nature(tmp_path: Path) -> None:
    plans = marked_portfolio(tmp_path, share=["swot", "competitors", "attitudes"])
    build_site(plans, tmp_path / "site", as_of=AS_OF, audience="customer")
    kinds = {kind for kind, files in found(every_text(tmp_path / "site")).items() if files}
    assert kinds == {"SWOT (internal by nature)", "competitor (internal by nature)",
                     "relationship note (internal by nature)"}


def test_an_internal_section_is_left_out_of_the_customer_edition(
    editions: dict[str, dict[str, str]],
) -> None:
    # Velmar lists business and value_add as internal.
    internal = editions["internal"]["accounts/velmar-medizintechnik/index.html"]
    shared = editions["customer"]["accounts/velmar-medizintechnik/index.html"]
    for heading in ("Unser Geschäft mit dem Kunden", "Mehrwertkonzepte"):
        # The section's heading (with its permalink), not the summary card of that name.
        assert f">{heading}<a class=\"headerlink\"" in internal, heading
        assert f">{heading}<a class=\"headerlink\"" not in shared, heading
