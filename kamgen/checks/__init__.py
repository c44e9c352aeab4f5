"""The completeness policy (``kamgen check``): rules with ids, severities per account
class, and findings that point at a file and line.

Each rule of :data:`kamgen.model.rules.RULES` has one check here, registered with its
English message by :func:`account_rule` (it looks at one account plan) or
:func:`portfolio_rule` (it looks at the portfolio). A rule's severity comes from
``policy.rules`` in kam.yaml, else from the rule's defaults. A plan's completeness is the
share of its rules in force (not ``off``) that it passes.
"""

from __future__ import annotations

from ..model.rules import RULES, Rule
from . import _account, _portfolio  # noqa: F401  (registers the rules)
from ._registry import (
    MESSAGES,
    REGISTRY,
    AccountRule,
    Hit,
    Message,
    PortfolioRule,
    Value,
    account_rule,
    portfolio_rule,
    registered,
)
from ._run import (
    DEFAULTS,
    CheckResult,
    Finding,
    Level,
    PlanCheck,
    Scope,
    check,
    check_account,
    severity,
)

__all__ = [
    "DEFAULTS",
    "MESSAGES",
    "REGISTRY",
    "RULES",
    "AccountRule",
    "CheckResult",
    "Finding",
    "Hit",
    "Level",
    "Message",
    "PlanCheck",
    "PortfolioRule",
    "Rule",
    "Scope",
    "Value",
    "account_rule",
    "check",
    "check_account",
    "portfolio_rule",
    "registered",
    "severity",
]
