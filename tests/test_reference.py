"""The plan-format reference: made from the models, committed as docs/plan-format.md, printed
by ``kamgen reference`` and shown as a page of the internal site's programme.

``KAMGEN_UPDATE_REFERENCE=1 pytest tests/test_reference.py`` rewrites docs/plan-format.md
after a change of the models (check the diff: it is what plan authors read).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from kamgen.audience import edition
from kamgen.cli import main
from kamgen.load import load_portfolio
from kamgen.load.kinds import KINDS
from kamgen.load.translate import unwrap
from kamgen.model import Portfolio
from kamgen.site import generate
from kamgen.site.i18n import Labels
from kamgen.site.reference import PAGE, Row, reference, rows

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "docs" / "plan-format.md"
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    return load_portfolio(ROOT / "plans")


def test_the_committed_reference_is_the_one_the_models_make() -> None:
    made = reference(Labels("en"))
    if os.environ.get("KAMGEN_UPDATE_REFERENCE"):
        COMMITTED.write_text(made, encoding="utf-8")
    assert COMMITTED.read_text(encoding="utf-8") == made, (
        "docs/plan-format.md is out of date: run KAMGEN_UPDATE_REFERENCE=1 pytest "
        "tests/test_reference.py and check the diff")


def test_kamgen_reference_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reference"]) == 0
    assert capsys.readouterr().out == COMMITTED.read_text(encoding="utf-8")
    assert main(["reference", "--language", "de"]) == 0
    german = capsys.readouterr().out
    assert german.startswith("# Das Planformat\n")
    assert "| Schlüssel | Typ | Erlaubt | Vorgabe | Beschreibung | Beispiel |" in german


def _fields(model: type[BaseModel], prefix: str) -> typing.Iterator[str]:
    """Every key path of ``model`` and the models below it, as the reference writes them."""
    for name, field in model.model_fields.items():
        path = f"{prefix}{name}"
        yield path
        for member in unwrap(field.annotation):
            origin = typing.get_origin(member)
            args = [unwrap(arg) for arg in typing.get_args(member)]
            if isinstance(member, type) and issubclass(member, BaseModel):
                yield from _fields(member, f"{path}.")
            elif origin in (list, tuple) and args and len(args[0]) >= 1:
                for inner in args[0]:
                    if isinstance(inner, type) and issubclass(inner, BaseModel):
                        yield from _fields(inner, f"{path}[].")
            elif origin is dict and len(args) == 2:
                for inner in args[1]:
                    if isinstance(inner, type) and issubclass(inner, BaseModel):
                        yield from _fields(inner, f"{path}.<id>.")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_key_of_every_kind_is_in_the_reference(kind: str) -> None:
    plan_kind = KINDS[kind]
    model = typing.get_args(plan_kind.root)[0] if plan_kind.top_is_list else plan_kind.root
    listed = [row.key for row in rows(plan_kind, Labels("en"))]
    assert listed == list(dict.fromkeys(listed))
    assert set(_fields(model, "")) <= set(listed)
    assert all(row.description for row in rows(plan_kind, Labels("en")))


def test_a_row_says_type_range_default_description_and_example() -> None:
    found = {row.key: row for row in rows(KINDS["account"], Labels("en"))}
    assert found["network[].influence"] == Row(
        "network[].influence", "whole number", "1 to 5", "required",
        "Influence on buying decisions, 1 to 5.", "`3`")
    assert found["status"] == Row(
        "status", "one of the choices", "`key_account`, `candidate`, `former`", "`key_account`",
        "key_account, candidate or former.", "`key_account`")
    assert found["scorecard[].due"] == Row(
        "scorecard[].due", "date (YYYY-MM-DD)", "", "optional",
        "When the target is to be reached.", "`2027-12-31`")
    assert found["wallet"].allowed == "0 to 10^15"
    assert found["owner"].allowed == (
        "lowercase letters, digits, '.', '_' and '-', up to 80 characters")
    assert found["checklists"].type == "mapping: id → mapping: id → one of the choices"


def test_the_german_reference_has_german_words() -> None:
    found = {row.key: row for row in rows(KINDS["account"], Labels("de"))}
    assert (found["network[].influence"].type, found["network[].influence"].allowed,
            found["network[].influence"].default) == ("ganze Zahl", "1 bis 5", "Pflicht")


def test_the_internal_site_shows_it_under_the_programme(portfolio: Portfolio) -> None:
    site = generate(portfolio, AS_OF)
    page = site.pages[PAGE]
    assert page.startswith('---\ntitle: "Das Planformat"\n---\n\n# Das Planformat\n')
    assert page.endswith(reference(Labels("de")))
    assert "[So schreibt man die Plandateien: das Planformat, jeder Schlüssel mit Typ, " \
           "erlaubten Werten und Vorgabe →](plan-format.md)" in site.pages["programme/index.md"]
    english = programme_in(portfolio, "en")
    assert generate(english, AS_OF).pages[PAGE].startswith(
        '---\ntitle: "The plan format"\n---\n\n# The plan format\n')


def programme_in(portfolio: Portfolio, language: str) -> Portfolio:
    programme = portfolio.programme.model_copy(update={"language": language})
    return dataclasses.replace(portfolio, programme=programme)


def test_the_shared_edition_has_no_reference(portfolio: Portfolio) -> None:
    site = generate(portfolio, AS_OF, edition("customer", "nordwerk-chemie"))
    assert PAGE not in site.pages
    assert not any("plan-format" in str(page) for page in site.pages.values())


def test_the_readme_and_the_hints_point_to_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/plan-format.md" in readme
    assert "plan-format design document" not in readme
