"""The rule registry: one table of rules (kamgen/model/rules.py), one check per rule
(kamgen/checks/), and everything else that names rules kept complete against them: the
policy's validation, the JSON Schema, the English messages, the site's labels in every
language and the README's rule table."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import string
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from kamgen.checks import (
    DEFAULTS,
    MESSAGES,
    REGISTRY,
    AccountRule,
    Finding,
    PortfolioRule,
    Value,
    account_rule,
    portfolio_rule,
    registered,
)
from kamgen.errors import PlanErrors
from kamgen.load import load_portfolio
from kamgen.model._base import AccountClass
from kamgen.model.programme import RULE_IDS
from kamgen.model.rules import RULES, Rule, declared
from kamgen.report import english
from kamgen.schema import schemas
from kamgen.site import generate
from kamgen.site.i18n import LANGUAGES, catalogue

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "check"
AS_OF = dt.date(2026, 11, 23)
PLAN = "accounts/alpha.yaml"
CLASSES: tuple[AccountClass, ...] = ("A", "B", "C")


def fields(template: str) -> set[str]:
    """The names of the values a message or label fills in."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def edit(plans: Path, file: str, old: str, new: str) -> None:
    path = plans / file
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    """A copy of the complete plan of tests/test_check.py."""
    target = tmp_path / "plans"
    shutil.copytree(FIXTURE, target)
    return target


# --- the table and the registry ----------------------------------------------------------


def test_every_rule_has_one_check_of_its_scope() -> None:
    assert len(set(RULE_IDS)) == len(RULE_IDS)
    assert set(REGISTRY) == set(RULE_IDS)
    entries = registered()
    assert tuple(entry.rule for entry in entries) == RULES
    for entry in entries:
        kind = AccountRule if entry.rule.scope == "account" else PortfolioRule
        assert isinstance(entry, kind), entry.rule.id
        assert entry.rule is declared(entry.rule.id)


def test_scopes_and_defaults() -> None:
    assert [r.id for r in RULES if r.scope == "portfolio"] == ["territory.capacity",
                                                               "owner.capacity",
                                                               "codeowners.owner"]
    assert set(DEFAULTS) == set(RULE_IDS)
    for rule in RULES:
        assert set(rule.defaults) == set(CLASSES), rule.id
        assert set(rule.defaults.values()) <= {"error", "warning", "off"}, rule.id
        assert DEFAULTS[rule.id] == rule.defaults
        assert rule.title and rule.title == rule.title.strip(), rule.id


def test_a_rule_cannot_be_registered_twice_or_without_a_declaration() -> None:
    before = dict(REGISTRY), dict(MESSAGES)
    with pytest.raises(ValueError, match=re.escape("'swot.quadrants' has a check already")):
        account_rule("swot.quadrants", "again", "again")
    with pytest.raises(KeyError, match=re.escape("no completeness rule 'swot.quadrant'")):
        account_rule("swot.quadrant", "typo", "typo")
    with pytest.raises(ValueError, match="declared for the portfolio, not the account"):
        account_rule("territory.capacity", "wrong scope", "wrong scope")
    with pytest.raises(ValueError, match="declared for the account, not the portfolio"):
        portfolio_rule("swot.quadrants", "wrong scope", "wrong scope")
    assert (dict(REGISTRY), dict(MESSAGES)) == before


def test_every_message_belongs_to_a_rule() -> None:
    codes = {code for entry in registered() for code in entry.messages}
    assert codes == set(MESSAGES)
    for entry in registered():
        assert entry.rule.id in entry.messages
        for code, message in entry.messages.items():
            assert code == entry.rule.id or code.startswith(entry.rule.id + "."), code
            assert MESSAGES[code] is message
            assert message.text and message.hint, code
            # The hint only uses values that the message has, or the programme's criteria.
            assert fields(message.hint) <= fields(message.text) | {"criteria"}, code


def test_english_fills_in_typed_values() -> None:
    def said(code: str, **values: Value) -> tuple[str, str]:
        rule = code if code in REGISTRY else code.rsplit(".", 1)[0]
        message = english(Finding(rule, "warning", PLAN, 1, 1, (), "alpha", code, values))
        return message.text, message.hint

    assert said("actions.owner_due", title="T", fields=("owner", "due"))[0] == (
        "action 'T' has no owner and no due")
    assert said("actions.overdue", title="T", due=dt.date(2026, 1, 2))[0] == (
        "action 'T' was due on 2026-01-02")
    assert said("visits.cost_share", share=0.1234, limit=0.125)[0] == (
        "visit cost is 12.3% of the contribution margin (limit 12.5%)")
    assert said("territory.capacity", territory="n", demand=12.5, capacity=400.0)[0] == (
        "visit demand in 'n' is 12.5 visits a year against a capacity of 400")
    assert said("rating.missing", criteria=("potential", "fit"))[1] == (
        "add 'rating:' with every criterion: potential, fit")
    assert said("plan.review_age.missing") == (
        "the plan has no review date", "review the plan and set 'reviewed:' to the date")
    assert said("business.wallet", wallet=800000.0, revenue=1234567.0, year="2026",
                share=1.5432)[0] == (
        "the wallet (800,000) is smaller than our revenue in 2026 (1,234,567): a share of "
        "wallet of 154%")
    assert said("competitors.share_percent", name="R", written=0.555, percent=55.5) == (
        "the share of wallet 0.555 of R is read as 0.555%, not 55.5%",
        "shares of wallet are in percent: write 55.5, not 0.555")
    assert said("competitors.shares_total", total=1.125, competitors=0.725, ours=0.4)[0] == (
        "shares of wallet add up to 112.5%: 72.5% for the competitors and 40% for us")
    assert said("competitors.shares_total.competitors", total=1.2) == (
        "the competitors' shares of wallet add up to 120%",
        "the shares of one wallet add up to 100% at most: check the competitors' shares")
    assert said("owner.capacity", owner="Anna Adler", demand=250.0, capacity=220.0)[0] == (
        "the accounts of Anna Adler plan 250 visits a year against a capacity of 220")


# --- the policy and the schema read the table -------------------------------------------


def add_rules(plans: Path, rules: Iterable[str]) -> None:
    edit(plans, "kam.yaml", "  visit_cost_share_max: 0.10\n",
         "  visit_cost_share_max: 0.10\n  rules:\n"
         + "".join(f"    {rule}: warning\n" for rule in rules))


def test_the_policy_accepts_every_rule(plans: Path) -> None:
    add_rules(plans, RULE_IDS)
    assert set(load_portfolio(plans).programme.policy.rules) == set(RULE_IDS)


def test_an_unknown_rule_is_a_validation_error(plans: Path) -> None:
    add_rules(plans, ["swot.quadrant"])
    with pytest.raises(PlanErrors) as raised:
        load_portfolio(plans)
    (error,) = raised.value.errors
    assert (str(error.path), error.key, error.message) == (
        "kam.yaml", "policy.rules.swot.quadrant", "unknown rule 'swot.quadrant'")
    assert error.hint == ("did you mean 'swot.quadrants'? rules that exist: "
                          + ", ".join(sorted(RULE_IDS)))


def test_the_schema_names_every_rule() -> None:
    policy = schemas()["programme"]["$defs"]["Policy"]
    assert policy["properties"]["rules"]["propertyNames"]["enum"] == list(RULE_IDS)


# --- the site's labels -------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_name_every_rule_and_say_every_message(language: str) -> None:
    labels = catalogue(language)
    assert {k for k in labels if k.startswith("rule_")} == {f"rule_{r}" for r in RULE_IDS}
    assert {k for k in labels if k.startswith("check_")} == {f"check_{c}" for c in MESSAGES}
    for code, message in MESSAGES.items():
        assert fields(labels[f"check_{code}"]) == fields(message.text), (language, code)


def site_plans(plans: Path, language: str) -> Path:
    """Gaps that give lists, a date, shares and numbers in the findings' values: alpha
    without its learning objective, its threats and its action's owner and due date, with
    visit cost of 12 % against 11.5 %, a competitor's share of wallet of 0.35 and shares of
    110.35 %; beta with an overdue action and a wallet smaller than its revenue; north over
    capacity; Anna Adler, owner of both, with a capacity of 2 visits."""
    shutil.copy(plans / PLAN, plans / "accounts/beta.yaml")
    edit(plans, "kam.yaml", "language: en", f"language: {language}")
    edit(plans, "kam.yaml", "visit_cost_share_max: 0.10", "visit_cost_share_max: 0.115")
    edit(plans, PLAN, "  - perspective: learning\n    objective: Train the team\n"
                      "    kpi: Training days\n    target: 10\n    actual: 4\n", "")
    edit(plans, PLAN, "threats: [Cheaper rivals]", "threats: []")
    edit(plans, PLAN, "    owner: b.brandt\n    due: 2027-01-31\n", "")
    edit(plans, PLAN, "extra_travel_cost: 0", "extra_travel_cost: 2500")
    edit(plans, "accounts/beta.yaml", "due: 2027-01-31", "due: 2026-11-22")
    edit(plans, "territories.yaml", "customers: {A: 1}", "customers: {A: 20}")
    edit(plans, PLAN, "share_of_wallet: 35}", "share_of_wallet: 0.35}")
    edit(plans, PLAN, "share_of_wallet: 0}", "share_of_wallet: 70}")
    edit(plans, "accounts/beta.yaml", "wallet: 2500000", "wallet: 800000")
    edit(plans, "team.yaml", "  visit_days: 100\n  visits_per_day: 2\n  annual_cost: 100000\n"
                             "  github: anna-adler\n",
         "  visit_days: 1\n  visits_per_day: 2\n  annual_cost: 1000\n  github: anna-adler\n")
    return plans


SITE_TEXTS = {
    "en": ["No scorecard objective for: Learning &amp; growth.",
           "SWOT quadrants without an entry: Threats.",
           "Action „Pilot the inventory“ has no owner / due date.",
           "Visit cost is 12.0% of the contribution margin (limit 11.5%).",
           "Action „Pilot the inventory“ was due on 22 Nov 2026.",
           "Visit demand in North is 488 visits a year against a capacity of 202.",
           "The share of wallet 0.35 of Rival GmbH is read as 0.35%, not 35%.",
           "Shares of wallet add up to 110.35%: 70.35% for the competitors and 40% for us.",
           "The wallet (800,000) is smaller than our revenue in 2026 (1,000,000): a share of "
           "wallet of 125%.",
           "The accounts of Anna Adler plan 8 visits a year against a capacity of 2."],
    "de": ["Kein Scorecard-Ziel für: Lernen &amp; Entwicklung.",
           "SWOT-Felder ohne Eintrag: Risiken.",
           "Maßnahme „Pilot the inventory“ hat keinen Verantwortlichen / Termin.",
           "Die Besuchskosten betragen 12,0\u00a0% des Deckungsbeitrags (Grenzwert 11,5\u00a0%).",
           "Maßnahme „Pilot the inventory“ war am 22.11.2026 fällig.",
           "Besuchsbedarf in North: 488 Besuche pro Jahr bei einer Kapazität von 202.",
           "Der Share of Wallet 0,35 von Rival GmbH bedeutet 0,35\u00a0%, nicht 35\u00a0%.",
           "Die Shares of Wallet ergeben zusammen 110,35\u00a0%: 70,35\u00a0% für die "
           "Wettbewerber und 40\u00a0% für uns.",
           "Der Bedarf in unseren Kategorien (Wallet, 800.000) ist kleiner als unser Umsatz "
           "2026 (1.000.000): ein Share of Wallet von 125\u00a0%.",
           "Für die Kunden von Anna Adler sind 8 Besuche pro Jahr geplant, bei einer "
           "Kapazität von 2."],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_site_writes_the_values_in_its_language(plans: Path, language: str) -> None:
    pages = generate(load_portfolio(site_plans(plans, language)), AS_OF).pages
    text = pages["accounts/alpha/index.md"] + pages["accounts/beta/index.md"] + pages["index.md"]
    for expected in SITE_TEXTS[language]:
        assert expected in text


# --- the README's rule table -------------------------------------------------------------


def readme_row(rule: Rule) -> str:
    """The README's row of a rule: a portfolio rule is marked so, with the severity it
    takes (the strictest of its classes); the sections it needs, or a dash."""
    needs = ", ".join(f"`{section}`" for section in rule.needs) or "–"
    if rule.scope == "portfolio":
        order = {"off": 0, "warning": 1, "error": 2}
        strictest = max(rule.defaults.values(), key=order.__getitem__)
        return f"| `{rule.id}` | {rule.title} (portfolio) | {needs} | {strictest} |"
    severities = " / ".join(rule.defaults[k] for k in CLASSES)
    return f"| `{rule.id}` | {rule.title} | {needs} | {severities} |"


def test_readme_lists_every_rule_with_its_defaults() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    match = re.search(r"^\| rule \| asks for \| not met while empty \| default A / B / C \|\n"
                      r"\| --- \| --- \| --- \| --- \|\n"
                      r"((?:\|.*\n)+)", readme, re.MULTILINE)
    assert match, "README.md has no rule table"
    assert match[1].splitlines() == [readme_row(rule) for rule in RULES]


def test_a_plan_check_counts_its_rules_and_findings() -> None:
    from kamgen.checks import PlanCheck

    def finding(severity: str) -> Any:
        return type("F", (), {"severity": severity})()

    check = PlanCheck("a", "accounts/a.yaml", "A", ("r1", "r2", "r3", "r4"), ("r2",),
                      (finding("error"), finding("warning"), finding("warning")))
    assert (check.passed, check.completeness) == (3, 0.75)
    assert (check.count("error"), check.count("warning")) == (1, 2)
