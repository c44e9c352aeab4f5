"""The business-level diff as text for a terminal, Markdown for a pull-request comment,
and JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .diff import AccountDiff, Change, PortfolioDiff, Value
from .git import Revision

__all__ = ["COMMENT_MARKER", "ENGLISH", "ENGLISH_WORDS", "FORMATS", "SHARES", "Words",
           "describe", "percent_digits", "render_diff"]

FORMATS = ("text", "markdown", "json")
JSON_VERSION = 1

COMMENT_MARKER = "<!-- kamgen-diff -->"
"""The first line of the Markdown diff: the pull-request workflow finds its own comment by
it and updates that comment instead of adding one on every push."""

ENGLISH: dict[str, str] = {
    "value_changed": "{name} {before} → {after}",
    "value_new": "{name} {after}",
    "name_status": "status", "name_owner": "owner", "name_class": "class",
    "name_score": "rating score", "name_share_of_wallet": "share of wallet",
    "name_scorecard": "scorecard score", "name_completeness": "completeness",
    "kpi_added": "KPI added {subject}{details}", "kpi_removed": "KPI removed {subject}",
    "kpi_changed": "KPI {subject}{details}",
    "contact_added": "contact added {subject}{details}",
    "contact_removed": "contact removed {subject}",
    "contact_changed": "contact {subject}{details}",
    "risk_new": "new risk: {subject}, {kind}",
    "risk_resolved": "no longer a risk: {subject}, {kind}",
    "risk_influential_opponent": "an influential opponent",
    "risk_blind_spot": "a blind spot (a decider with a weak relationship)",
    "action_added": "action added {subject}{details}", "action_done": "action done {subject}",
    "action_dropped": "action dropped {subject}",
    "action_removed": "action removed {subject} (it was {before})",
    "action_overdue": "action now overdue {subject} (due {after})",
    "action_changed": "action {subject}{details}",
    "value_add_added": "value-add concept added {subject}{details}",
    "value_add_removed": "value-add concept removed {subject}",
    "value_add_changed": "value-add concept {subject}{details}",
    "finding_new": "new finding: {text}", "finding_resolved": "finding resolved: {text}",
    "subject": "“{name}”", "subject_in": "“{name}” ({where})",
    "field_objective": "objective", "field_actual": "actual", "field_target": "target",
    "field_unit": "unit", "field_kpi_status": "status", "field_action_status": "status",
    "field_name": "name",
    "field_title": "title", "field_influence": "influence", "field_attitude": "attitude",
    "field_relationship": "relationship", "field_owner": "owner", "field_due": "due",
    "field_net_yearly_value": "net yearly value", "field_payback_months": "payback months",
    "field_roi": "ROI",
}
"""The words of the diff in English (the site has them in its own language, as labels
named ``diff_<key>``)."""

SHARES = ("share_of_wallet", "scorecard", "completeness", "roi", "utilisation")
"""The fields and topics of a change whose values are shares (0..1), written as percent."""


def percent_digits(share: float) -> int:
    """The decimals a share needs as a percentage: none for a whole percent, else one."""
    return 0 if round(share * 100, 1) == round(share * 100) else 1


def _english_value(name: str, value: Value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if name in SHARES:
            return f"{value:.{percent_digits(value)}%}"
        if name == "score":
            return f"{value:.2f}"
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return str(value)


@dataclass(frozen=True)
class Words:
    """How :func:`describe` words a change: its phrases (:data:`ENGLISH`' keys), how it
    writes a field's value, and a finding's message."""

    phrases: Mapping[str, str]
    value: Callable[[str, Value], str]
    """(field or topic, value) → the value as text."""
    finding: Callable[[Change], str] = lambda change: change.subject


ENGLISH_WORDS = Words(ENGLISH, _english_value)


def _fields(change: Change, words: Words) -> str:
    def name(field: str) -> str:
        return words.phrases[f"field_{field}"]

    if change.event in ("added", "removed") or all(x == y for _, x, y in change.details):
        return ", ".join(f"{name(f)} {words.value(f, x)}" for f, x, _ in change.details
                         if x not in (None, ""))
    return ", ".join(f"{name(f)} {words.value(f, x)} → {words.value(f, y)}"
                     for f, x, y in change.details if x != y)


def describe(change: Change, words: Words = ENGLISH_WORDS) -> str:
    """One change in words (English unless ``words`` says otherwise), as the text and
    Markdown formats and the site print it."""
    topic, event, say = change.topic, change.event, words.phrases
    if f"name_{topic}" in say:
        name = say[f"name_{topic}"]
        if change.before is None and event == "changed":
            return say["value_new"].format(name=name, after=words.value(topic, change.after))
        return say["value_changed"].format(name=name,
                                           before=words.value(topic, change.before),
                                           after=words.value(topic, change.after))
    if topic == "finding":
        return say[f"finding_{event}"].format(text=words.finding(change))
    subject = say["subject_in"].format(name=change.subject, where=words.value(
        "perspective", change.where)) if change.where else \
        say["subject"].format(name=change.subject)
    details = _fields(change, words)
    if topic == "risk":
        kind = say.get(f"risk_{change.after}", str(change.after))
        return say[f"risk_{'new' if event == 'new' else 'resolved'}"].format(
            subject=subject, kind=kind)
    key = f"{topic}_{event}"
    if key not in say:
        raise ValueError(f"no words for the change {change}")
    return say[key].format(subject=subject, details=f": {details}" if details else "",
                           before=words.value("action_status", change.before),
                           after=words.value("due", change.after))


def _headline(account: AccountDiff) -> str:
    if account.state == "added":
        return "new plan"
    if account.state == "removed":
        return "plan removed"
    parts = []
    before, after = account.account_class
    if before != after:
        parts.append(f"class {before or '–'} → {after or '–'}")
    parts.append(f"{len(account.changes)} change{'' if len(account.changes) == 1 else 's'}")
    if account.risks:
        parts.append(f"{account.risks} new risk{'' if account.risks == 1 else 's'}")
    return ", ".join(parts)


def _revision(revision: Revision) -> str:
    if revision.commit is None:
        return f"the working tree ({revision.date.isoformat()})"
    return f"{revision.name} ({revision.short}, {revision.date.isoformat()})"


def _text(diff: PortfolioDiff, base: Revision, head: Revision) -> str:
    lines = [f"kamgen diff: {_revision(base)} → {_revision(head)}"]
    lines += [f"  {problem}" for problem in diff.problems]
    if not diff.accounts and not diff.territories and not diff.problems:
        lines.append("  no account changes")
    for account in diff.accounts:
        lines.append(f"{account.name} ({account.file}): {_headline(account)}")
        lines += [f"  {'!' if c.risk else '-'} {describe(c)}" for c in account.changes]
    for t in diff.territories:
        lines.append(f"territory {t.name}: utilisation {_english_value('utilisation', t.before)} → "
                     f"{_english_value('utilisation', t.after)}")
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]<>&|~#!@\"']")


def markdown_text(text: str) -> str:
    """Plan text made inert in a GitHub comment, at most 300 characters on one line: every
    character that could start HTML, Markdown syntax, a table cell or an @-mention (which
    would notify people) is written as a character reference."""
    flat = " ".join(str(text).split())
    flat = flat if len(flat) <= 300 else flat[:299] + "…"
    return _MARKDOWN_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", flat)


def _markdown(diff: PortfolioDiff, base: Revision, head: Revision) -> str:
    changed = len(diff.accounts)
    lines = [COMMENT_MARKER, "### What this change does to the accounts", "",
             f"{markdown_text(_revision(base))} → {markdown_text(_revision(head))}: "
             f"{changed} account{'' if changed == 1 else 's'} changed"
             + (f", {len(diff.territories)} territor{'y' if len(diff.territories) == 1 else 'ies'}"
                f" with another utilisation" if diff.territories else "") + ".", ""]
    lines += [f"> **{markdown_text(problem)}**" for problem in diff.problems]
    if diff.labels:
        lines += ["Labels: " + ", ".join(f"`{label}`" for label in diff.labels), ""]
    for account in diff.accounts:
        summary = f"<b>{markdown_text(account.name)}</b>: {markdown_text(_headline(account))}"
        if not account.changes:
            lines += [f"- {summary}", ""]
            continue
        lines += ["<details>", f"<summary>{summary}</summary>", ""]
        lines += [f"- {'⚠️ ' if c.risk else ''}{markdown_text(describe(c))}"
                  for c in account.changes]
        lines += ["", "</details>", ""]
    if diff.territories:
        lines += ["| Territory | Utilisation before | after |", "| --- | ---: | ---: |"]
        lines += [f"| {markdown_text(t.name)} | {_english_value('utilisation', t.before)} | "
                  f"{_english_value('utilisation', t.after)} |" for t in diff.territories]
    return "\n".join(lines).rstrip("\n") + "\n"


def _change(change: Change) -> dict[str, Any]:
    return {"topic": change.topic, "event": change.event, "subject": change.subject,
            "before": change.before, "after": change.after,
            "details": [{"field": f, "before": x, "after": y} for f, x, y in change.details],
            "risk": change.risk, "text": describe(change)}


def _json(diff: PortfolioDiff, base: Revision, head: Revision) -> str:
    def revision(r: Revision) -> dict[str, Any]:
        return {"name": r.name, "commit": r.commit, "date": r.date.isoformat()}

    document = {
        "kamgen_diff": JSON_VERSION,
        "base": revision(base),
        "head": revision(head),
        "problems": list(diff.problems),
        "labels": list(diff.labels),
        "accounts": [{"id": a.account, "name": a.name, "file": a.file,
                      "state": a.state, "class": {"before": a.account_class[0],
                                                  "after": a.account_class[1]},
                      "changes": [_change(c) for c in a.changes]} for a in diff.accounts],
        "territories": [{"id": t.territory, "name": t.name, "utilisation": {
            "before": t.before, "after": t.after}} for t in diff.territories],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_diff(diff: PortfolioDiff, base: Revision, head: Revision, fmt: str) -> str:
    """The diff in ``fmt`` (one of :data:`FORMATS`)."""
    return {"text": _text, "markdown": _markdown, "json": _json}[fmt](diff, base, head)
