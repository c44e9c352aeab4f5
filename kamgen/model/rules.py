"""The completeness rules of ``kamgen check``: what each asks for, what it looks at and how
strict it is when kam.yaml's ``policy.rules`` does not say.

This table is the one list of rules. The policy's validation and the JSON Schema take the
ids from it; :mod:`kamgen.checks` registers one check with the English message for each
rule; the site's labels and the README's rule table are tested against it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ._base import AccountClass

__all__ = ["RULES", "RULE_IDS", "Rule", "Scope", "Severity", "declared"]

Severity = Literal["error", "warning", "off"]
Scope = Literal["account", "portfolio"]


@dataclass(frozen=True)
class Rule:
    """A completeness rule as the policy knows it."""

    id: str
    """The rule's id, a key of ``policy.rules``."""
    scope: Scope
    """``account``: checked on each plan at the severity of the plan's class; ``portfolio``:
    checked once, at the strictest severity of the three classes."""
    defaults: Mapping[AccountClass, Severity]
    """Severity per account class when ``policy.rules`` does not set it."""
    title: str
    """What the rule asks for, in English (the README's rule table)."""
    needs: tuple[str, ...] = ()
    """The plan's sections the rule looks into (``actions``, ``positioning.competitors``):
    with one of them empty the rule has nothing to check, and it counts as not met rather
    than passed, with a finding that says what to write. A rule that asks for the section
    itself (``value_add.concept``) needs nothing: it fails on an empty section anyway."""


RULES: tuple[Rule, ...] = (
    Rule("rating.missing", "account", {"A": "warning", "B": "warning", "C": "warning"},
         "a rating on every criterion (unrated plans count as class C)"),
    Rule("scorecard.perspectives", "account", {"A": "error", "B": "warning", "C": "off"},
         "objectives in all four scorecard perspectives"),
    Rule("scorecard.kpi", "account", {"A": "error", "B": "warning", "C": "off"},
         "an actual for every objective's KPI",
         needs=("scorecard",)),
    Rule("swot.quadrants", "account", {"A": "error", "B": "warning", "C": "off"},
         "all four SWOT quadrants filled"),
    Rule("network.decider", "account", {"A": "error", "B": "warning", "C": "off"},
         "a decider in the relationship network"),
    Rule("network.blind_spot", "account", {"A": "warning", "B": "warning", "C": "off"},
         "no decider with a relationship of 2 or less",
         needs=("network",)),
    Rule("network.single_threaded", "account", {"A": "warning", "B": "warning", "C": "off"},
         "strong relationships held by more than one of us",
         needs=("network",)),
    Rule("network.influential_opponent", "account",
         {"A": "warning", "B": "warning", "C": "off"},
         "no opponent with influence 4 or 5",
         needs=("network",)),
    Rule("network.stale_contact", "account", {"A": "warning", "B": "warning", "C": "off"},
         "every contact met within `policy.contact_max_age_days`",
         needs=("network",)),
    Rule("value_add.concept", "account", {"A": "error", "B": "warning", "C": "off"},
         "at least one value-add concept"),
    Rule("actions.owner_due", "account", {"A": "error", "B": "error", "C": "warning"},
         "an owner and a due date on every open action",
         needs=("actions",)),
    Rule("actions.overdue", "account", {"A": "warning", "B": "warning", "C": "warning"},
         "no open action past its due date",
         needs=("actions",)),
    Rule("plan.review_age", "account", {"A": "error", "B": "warning", "C": "warning"},
         "a review within `policy.review_max_age_days`"),
    Rule("visits.cost_share", "account", {"A": "warning", "B": "warning", "C": "warning"},
         "visit cost within `policy.visit_cost_share_max` of a positive margin in the latest "
         "actual year",
         needs=("visits", "business")),
    Rule("business.wallet", "account", {"A": "warning", "B": "warning", "C": "warning"},
         "a wallet no smaller than our revenue with the account in the latest actual year",
         needs=("business", "wallet")),
    Rule("competitors.share_percent", "account", {"A": "warning", "B": "warning", "C": "warning"},
         "competitors' shares of wallet in percent (35, not 0.35)",
         needs=("positioning.competitors",)),
    Rule("competitors.shares_total", "account", {"A": "warning", "B": "warning", "C": "warning"},
         "competitors' shares of wallet and ours adding up to 100 % at most",
         needs=("positioning.competitors",)),
    Rule("territory.capacity", "portfolio", {"A": "warning", "B": "warning", "C": "warning"},
         "visit demand within each territory's capacity"),
    Rule("owner.capacity", "portfolio", {"A": "warning", "B": "warning", "C": "warning"},
         "planned visits within the visit capacity of each account's owner"),
    Rule("codeowners.owner", "portfolio", {"A": "warning", "B": "warning", "C": "warning"},
         "a `github` handle in team.yaml for the owner of every plan (for CODEOWNERS)"),
)
"""Every rule, in the order ``kamgen check`` applies them."""

RULE_IDS: tuple[str, ...] = tuple(rule.id for rule in RULES)
"""The ids of :data:`RULES`; ``policy.rules`` may set any of them."""

_BY_ID = {rule.id: rule for rule in RULES}


def declared(rule_id: str) -> Rule:
    """The rule with this id; a ``KeyError`` that names it if there is none."""
    try:
        return _BY_ID[rule_id]
    except KeyError:
        raise KeyError(f"no completeness rule '{rule_id}' in kamgen.model.rules") from None
