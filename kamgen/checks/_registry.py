"""The registry of checks: one per rule of :data:`kamgen.model.rules.RULES`, registered with
its English message by :func:`account_rule` or :func:`portfolio_rule`.

The rule table itself (ids, scopes, default severities) is in the model, because the policy
of kam.yaml is validated against it and the model comes before the checks; what a rule looks
for and what it says is here, beside its check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ..method.kep import AccountFigures
from ..method.selection import Selection
from ..model import Account, Portfolio
from ..model.rules import RULES, Rule, Scope, declared

__all__ = [
    "MESSAGES",
    "REGISTRY",
    "AccountCheck",
    "AccountRule",
    "Hit",
    "KeyPath",
    "Message",
    "PortfolioCheck",
    "PortfolioRule",
    "Value",
    "account_rule",
    "portfolio_rule",
    "registered",
]

KeyPath = tuple[str | int, ...]
Value = str | int | float | dt.date | tuple[str, ...]
"""A value in a finding's message: a name or title, a count, a number, a share (0.12 for
12 %), a date, or a list of the method's terms (perspectives, quadrants, missing fields)."""


@dataclass(frozen=True)
class Message:
    """What a finding says and what to do about it, in English, with ``{name}`` for the
    finding's values and a format spec where Python's would not do:
    ``{fields: and no }`` joins a list with the spec (``, `` when it has none), and
    ``{limit:g%}`` is a share as a percentage with the decimals it has (10%, 11.5%).
    :mod:`kamgen.report` fills them in; the site has its own labels, ``check_<code>``."""

    text: str
    hint: str


@dataclass(frozen=True)
class Hit:
    """What a check found: where, and the values of its message."""

    at: KeyPath
    """The key path of what the finding is about, in the plan file."""
    values: Mapping[str, Value] = field(default_factory=dict)
    variant: str | None = None
    """Which of the rule's messages, when it has more than one (``missing``)."""
    file: str | None = None
    """The plan file below the plans folder; an account rule's hits are in the account's."""
    accounts: tuple[str, ...] = ()
    """For a portfolio rule: the accounts whose plans the hit depends on, so that a check of
    the plans a pull request changed reports it when one of them changed."""


AccountCheck = Callable[[Portfolio, Account, AccountFigures, dt.date], Iterable[Hit]]
"""An account rule's check: the portfolio, the account, its figures and the day."""
PortfolioCheck = Callable[[Portfolio, Selection, dt.date], Iterable[Hit]]
"""A portfolio rule's check: the portfolio, its selection and the day."""


@dataclass(frozen=True)
class _Registered:
    rule: Rule
    messages: Mapping[str, Message]
    """Message code → message: the rule's id, and ``<id>.<variant>`` for each variant."""


@dataclass(frozen=True)
class AccountRule(_Registered):
    """A rule checked on each account plan."""

    check: AccountCheck


@dataclass(frozen=True)
class PortfolioRule(_Registered):
    """A rule checked once on the portfolio."""

    check: PortfolioCheck


REGISTRY: dict[str, AccountRule | PortfolioRule] = {}
"""Rule id → its check and messages, as registered."""
MESSAGES: dict[str, Message] = {}
"""Message code (a finding's ``code``) → its English message, for every registered rule."""


def _declaration(rule_id: str, scope: Scope) -> Rule:
    rule = declared(rule_id)
    if rule.scope != scope:
        raise ValueError(f"rule '{rule_id}' is declared for the {rule.scope}, not the {scope}")
    if rule_id in REGISTRY:
        raise ValueError(f"rule '{rule_id}' has a check already")
    return rule


def _messages(rule_id: str, message: str, hint: str,
              variants: Mapping[str, Message]) -> dict[str, Message]:
    return {rule_id: Message(message, hint),
            **{f"{rule_id}.{name}": variant for name, variant in variants.items()}}


def _add(entry: AccountRule | PortfolioRule) -> None:
    REGISTRY[entry.rule.id] = entry
    MESSAGES.update(entry.messages)


def account_rule(rule_id: str, message: str, hint: str, **variants: Message
                 ) -> Callable[[AccountCheck], AccountCheck]:
    """Register the decorated function as the check of the account rule ``rule_id``, with
    its message and hint, and further messages by variant name. A rule that needs
    sections of the plan has the variant ``empty``: what its finding says when one of them
    is empty."""
    rule = _declaration(rule_id, "account")
    if rule.needs and "empty" not in variants:
        raise ValueError(f"rule '{rule_id}' needs {', '.join(rule.needs)} and has no "
                         "message 'empty' for when it is empty")

    def register(function: AccountCheck) -> AccountCheck:
        _add(AccountRule(rule, _messages(rule_id, message, hint, variants), function))
        return function

    return register


def portfolio_rule(rule_id: str, message: str, hint: str, **variants: Message
                   ) -> Callable[[PortfolioCheck], PortfolioCheck]:
    """Register the decorated function as the check of the portfolio rule ``rule_id``, with
    its message and hint, and further messages by variant name."""
    rule = _declaration(rule_id, "portfolio")

    def register(function: PortfolioCheck) -> PortfolioCheck:
        _add(PortfolioRule(rule, _messages(rule_id, message, hint, variants), function))
        return function

    return register


def registered() -> tuple[AccountRule | PortfolioRule, ...]:
    """Every rule's check, in the order of :data:`kamgen.model.rules.RULES`; a rule without
    a check is a ``LookupError``."""
    missing = [rule.id for rule in RULES if rule.id not in REGISTRY]
    if missing:
        raise LookupError(f"no check registered for {', '.join(missing)}")
    return tuple(REGISTRY[rule.id] for rule in RULES)
