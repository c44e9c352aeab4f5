"""The business-level diff as text for a terminal, Markdown for a pull-request comment,
and JSON."""

from __future__ import annotations

import json
import re
from typing import Any

from .diff import AccountDiff, Change, PortfolioDiff, Value
from .git import Revision

__all__ = ["COMMENT_MARKER", "FORMATS", "describe", "render_diff"]

FORMATS = ("text", "markdown", "json")
JSON_VERSION = 1

COMMENT_MARKER = "<!-- kamgen-diff -->"
"""The first line of the Markdown diff: the pull-request workflow finds its own comment by
it and updates that comment instead of adding one on every push."""

_RISK_NAMES = {"influential_opponent": "an influential opponent",
               "blind_spot": "a blind spot (a decider with a weak relationship)"}
_TOPIC_NAMES = {"status": "status", "owner": "owner", "class": "class",
                "score": "rating score", "share_of_wallet": "share of wallet",
                "scorecard": "scorecard score", "completeness": "completeness"}


def _value(name: str, value: Value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if name in ("share_of_wallet", "scorecard", "completeness", "ROI", "utilisation"):
            return f"{value:.0%}" if round(value * 100, 1) == round(value * 100) \
                else f"{value:.1%}"
        if name in ("score",):
            return f"{value:.2f}"
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return str(value)


def _fields(change: Change) -> str:
    if change.event in ("added", "removed") or all(x == y for _, x, y in change.details):
        return ", ".join(f"{name} {_value(name, x)}" for name, x, _ in change.details
                         if x not in (None, ""))
    return ", ".join(f"{name} {_value(name, x)} → {_value(name, y)}"
                     for name, x, y in change.details if x != y)


def describe(change: Change) -> str:
    """One change in English, as the text and Markdown formats print it."""
    topic, event = change.topic, change.event
    if topic in _TOPIC_NAMES:
        name = _TOPIC_NAMES[topic]
        if change.before is None and event == "changed":
            return f"{name} {_value(topic, change.after)}"
        return f"{name} {_value(topic, change.before)} → {_value(topic, change.after)}"
    subject = f"“{change.subject}”"
    details = _fields(change)
    tail = f": {details}" if details else ""
    if topic == "kpi":
        return {"added": f"KPI added {subject}{tail}", "removed": f"KPI removed {subject}",
                }.get(event, f"KPI {subject}{tail}")
    if topic == "contact":
        return {"added": f"contact added {subject}{tail}",
                "removed": f"contact removed {subject}"}.get(event, f"contact {subject}{tail}")
    if topic == "risk":
        kind = _RISK_NAMES.get(str(change.after), str(change.after))
        return f"new risk: {subject}, {kind}" if event == "new" else \
            f"no longer a risk: {subject}, {kind}"
    if topic == "action":
        return {"added": f"action added {subject}{tail}", "done": f"action done {subject}",
                "dropped": f"action dropped {subject}",
                "removed": f"action removed {subject} (it was {change.before})",
                "overdue": f"action now overdue {subject} (due {change.after})",
                }.get(event, f"action {subject}{tail}")
    if topic == "value_add":
        return {"added": f"value-add concept added {subject}{tail}",
                "removed": f"value-add concept removed {subject}",
                }.get(event, f"value-add concept {subject}{tail}")
    if topic == "finding":
        return f"new finding: {change.subject}" if event == "new" else \
            f"finding resolved: {change.subject}"
    raise ValueError(f"no words for the change {change}")


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
        lines.append(f"territory {t.name}: utilisation {_value('utilisation', t.before)} → "
                     f"{_value('utilisation', t.after)}")
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
        lines += [f"| {markdown_text(t.name)} | {_value('utilisation', t.before)} | "
                  f"{_value('utilisation', t.after)} |" for t in diff.territories]
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
