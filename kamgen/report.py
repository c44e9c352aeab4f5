"""Findings and errors as text for people, GitHub annotations, JSON and Markdown.

Paths are printed below ``base`` (the plans folder as the user gave it), so that editors,
terminals and GitHub find the files.
"""

from __future__ import annotations

import json
import string
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .checks import MESSAGES, CheckResult, Finding, Message, PlanCheck, Scope
from .errors import PlanError, format_key_path

__all__ = ["FORMATS", "english", "render_check", "render_errors"]

FORMATS = ("text", "github", "json", "markdown")
JSON_VERSION = 1

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "ok": "\033[32m", "dim": "\033[2m"}
_RESET = "\033[0m"


def _path(base: Path | None, file: str) -> str:
    return (base / file).as_posix() if base is not None else file


def _paint(text: str, colour: str, enabled: bool) -> str:
    return f"{_COLOURS[colour]}{text}{_RESET}" if enabled else text


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


# --- the English of a finding ------------------------------------------------------------


class _English(string.Formatter):
    """Python's ``format`` with the two additions of :class:`kamgen.checks.Message`: a list
    joins with its format spec, and ``g%`` is a percentage with the decimals it has."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, tuple):
            return (format_spec or ", ").join(str(item) for item in value)
        if format_spec == "g%":
            return f"{round(value * 100, 2):g}%"
        return str(super().format_field(value, format_spec))


_FILL = _English()


def english(finding: Finding) -> Message:
    """The finding's message and hint in English, with its values filled in."""
    template = MESSAGES[finding.code]
    return Message(_FILL.format(template.text, **finding.params),
                   _FILL.format(template.hint, **finding.params))


# --- GitHub workflow commands ------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(level: str, file: str, line: int, column: int, title: str,
                message: str) -> str:
    props = [f"file={_escape_property(file)}"]
    if line > 0:
        props += [f"line={line}", f"col={max(column, 1)}"]
    props.append(f"title={_escape_property(title)}")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


# --- validation errors -------------------------------------------------------------------


def render_errors(errors: Sequence[PlanError], fmt: str, base: Path | None,
                  colour: bool = False) -> str:
    """Validation errors in ``fmt``; they come before, and stop, any check."""
    if fmt == "github":
        lines = [
            _annotation("error", _path(base, str(e.path)), e.line, e.column,
                        f"kamgen: {e.key or 'invalid plan'}",
                        e.message + (f"\nhint: {e.hint}" if e.hint else ""))
            for e in errors
        ]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        document = {
            "version": JSON_VERSION,
            "valid": False,
            "errors": [
                {"file": _path(base, str(e.path)), "line": e.line, "column": e.column,
                 "key": e.key, "message": e.message, "hint": e.hint}
                for e in errors
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        rows = [
            f"| `{_md(_path(base, str(e.path)))}:{e.line}` | `{_md(e.key or '–')}` | "
            f"{_md(e.message)} | {_md(e.hint)} |"
            for e in errors
        ]
        return "\n".join([
            "## kamgen check: the plans are not valid",
            "",
            f"{_count(len(errors), 'validation error')}; "
            "completeness is checked once they are fixed.",
            "",
            "| Where | Key | Problem | Hint |",
            "| --- | --- | --- | --- |",
            *rows,
            "",
        ])
    text = "\n".join(e.render(base) for e in errors)
    count = _count(len(errors), "error")
    return f"{text}\n{_paint(count, 'error', colour)}\n"


# --- check results -----------------------------------------------------------------------


def _finding_json(f: Finding, base: Path | None) -> dict[str, Any]:
    said = english(f)
    return {
        "rule": f.rule, "severity": f.severity, "file": _path(base, f.file), "line": f.line,
        "column": f.column, "key": format_key_path(f.key_path), "message": said.text,
        "hint": said.hint,
    }


def _plan_json(plan: PlanCheck, base: Path | None) -> dict[str, Any]:
    return {
        "account": plan.account,
        "file": _path(base, plan.file),
        "class": plan.account_class,
        "completeness": plan.completeness,
        "rules": list(plan.rules),
        "failed": list(plan.failed),
        "errors": sum(1 for f in plan.findings if f.severity == "error"),
        "warnings": sum(1 for f in plan.findings if f.severity == "warning"),
        "findings": [_finding_json(f, base) for f in plan.findings],
    }


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _cells(f: Finding) -> str:
    said = english(f)
    return f"{_md(said.text)} | {_md(said.hint)}"


def _summary_line(result: CheckResult) -> str:
    return (f"{_count(result.count('error'), 'error')}, "
            f"{_count(result.count('warning'), 'warning')} in {_count(len(result.plans), 'plan')}")


def _scope_text(scope: Scope, code: str = "") -> str:
    """What a check of the changed plans covered, in one sentence; ``code`` marks ids as
    Markdown code."""
    def quoted(name: str) -> str:
        # a revision may hold a '`' or a '|' (git allows them in branch names)
        return f"{code}{_md(name.replace(code, chr(39)))}{code}" if code else name

    def ids(names: Sequence[str]) -> str:
        return ", ".join(quoted(name) for name in names)

    text = (f"only the plans changed since {quoted(scope.since)} (merge base "
            f"{quoted(scope.base[:12])}) were checked: {ids(scope.accounts) or 'none'}")
    if scope.removed:
        text += f" (deleted or renamed: {ids(scope.removed)})"
    text += ("; the portfolio's findings in full, as a programme file changed"
             if scope.programme else
             "; of the portfolio's findings those that a changed plan adds to")
    return text + "; every plan of the portfolio is valid"


def _scope_json(scope: Scope) -> dict[str, Any]:
    return {"ref": scope.since, "merge_base": scope.base, "plans": list(scope.accounts),
            "removed": list(scope.removed), "portfolio": scope.programme}


def render_check(result: CheckResult, fmt: str, base: Path | None,
                 colour: bool = False) -> str:
    """The check result in ``fmt``: text, github, json or markdown; a check of part of the
    portfolio (:attr:`CheckResult.scope`) says which part in each."""
    scope = result.scope
    if fmt == "github":
        lines = []
        if scope is not None:
            lines.append(f"::notice title=kamgen check::{_escape_data(_scope_text(scope))}")
        for f in result.findings:
            said = english(f)
            lines.append(_annotation(f.severity, _path(base, f.file), f.line, f.column,
                                     f"kamgen {f.rule}", f"{said.text}\nhint: {said.hint}"))
        tail = f" (only the plans changed since {scope.since})" if scope is not None else ""
        lines.append(f"kamgen check: {_summary_line(result)}{tail}")
        return "\n".join(lines) + "\n"
    if fmt == "json":
        document = {
            "version": JSON_VERSION,
            "valid": True,
            "summary": {
                "plans": len(result.plans),
                "errors": result.count("error"),
                "warnings": result.count("warning"),
            },
            "plans": [_plan_json(p, base) for p in result.plans],
            "portfolio": [_finding_json(f, base) for f in result.portfolio],
        }
        if scope is not None:
            document["changed_since"] = _scope_json(scope)
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(result, base)
    return _text(result, base, colour)


def _markdown(result: CheckResult, base: Path | None) -> str:
    out = ["## kamgen check", ""]
    if result.scope is not None:
        said = _scope_text(result.scope, "`")
        out += [said[0].upper() + said[1:] + ".", ""]
    out += [_summary_line(result) + ".", "",
           "| Plan | Class | Completeness | Errors | Warnings |",
           "| --- | :---: | ---: | ---: | ---: |"]
    for plan in result.plans:
        errors = sum(1 for f in plan.findings if f.severity == "error")
        warnings = sum(1 for f in plan.findings if f.severity == "warning")
        mark = "❌" if errors else ("⚠️" if warnings else "✅")
        out.append(f"| {mark} `{plan.account}` | {plan.account_class or '–'} | "
                   f"{_percent(plan.completeness)} | {errors} | {warnings} |")
    out.append("")
    for plan in result.plans:
        if not plan.findings:
            continue
        out += [f"### `{plan.account}` ({_percent(plan.completeness)} complete)", "",
                "| Severity | Rule | Line | Finding | Hint |", "| --- | --- | ---: | --- | --- |"]
        out += [f"| {f.severity} | `{f.rule}` | {f.line} | {_cells(f)} |" for f in plan.findings]
        out.append("")
    if result.portfolio:
        out += ["### Portfolio", "", "| Severity | Rule | Where | Finding | Hint |",
                "| --- | --- | --- | --- | --- |"]
        out += [f"| {f.severity} | `{f.rule}` | `{_md(_path(base, f.file))}:{f.line}` | "
                f"{_cells(f)} |" for f in result.portfolio]
        out.append("")
    return "\n".join(out)


def _text(result: CheckResult, base: Path | None, colour: bool) -> str:
    out = []
    for f in result.findings:
        where = f"{_path(base, f.file)}:{f.line}:{f.column}"
        key = f" {format_key_path(f.key_path)}:" if f.key_path else ""
        said = english(f)
        out.append(f"{where}:{key} {_paint(f.severity, f.severity, colour)} [{f.rule}] "
                   f"{said.text}")
        out.append(f"    hint: {said.hint}")
    if out:
        out.append("")
    for plan in result.plans:
        errors = sum(1 for f in plan.findings if f.severity == "error")
        warnings = sum(1 for f in plan.findings if f.severity == "warning")
        state = "error" if errors else ("warning" if warnings else "ok")
        out.append(f"{plan.account:32} {plan.account_class or '–'}  "
                   f"{_paint(_percent(plan.completeness).rjust(4), state, colour)} complete  "
                   f"{_count(errors, 'error')}, {_count(warnings, 'warning')}")
    out.append(_summary_line(result))
    if result.scope is not None:
        out.append(_paint(_scope_text(result.scope), "dim", colour))
    return "\n".join(out) + "\n"
