"""``kamgen new``: write a new plan file from a template; never overwrite one."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from .errors import ConfigError, PlanErrors, did_you_mean
from .load import validate_file
from .load.kinds import KINDS
from .model import Programme, TeamMember, Territory
from .model._base import PERSON_PATTERN, SLUG_PATTERN
from .schema import FOLDER, file_name, modeline

SCHEMA = KINDS["account"].modeline_path
"""The account schema, relative to a new plan in accounts/ (written by ``kamgen schema``)."""


def _optional(plans: Path, kind: str) -> object | None:
    """The model of the plans folder's one file of ``kind`` (team.yaml, ...), when it is
    there and valid."""
    name = KINDS[kind].file
    if name is None or not (plans / name).is_file():
        return None
    try:
        model: object = validate_file(plans / name, name, kind).model
        return model
    except PlanErrors:
        return None


def yaml_text(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that reads back as exactly ``text``.

    Only ``"`` and ``\\`` are escaped among printable characters, so names stay readable;
    anything else (control characters, line and paragraph separators, format characters,
    spaces other than the plain one) is written as a ``\\u`` escape, so the line can
    neither break nor end a comment it stands in.
    """
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


_LINE_BREAKS = {"\n", "\r", "\x85", "\u2028", "\u2029"}


def check_name(name: str, option: str = "--name", what: str = "the account's company name",
               example: str = "Nordlicht Pharma AG") -> None:
    """Raise :class:`ConfigError` unless ``name`` is a company name kamgen writes into a
    plan file: one line of text, not blank, without control characters. ``option`` is the
    command line's option for it, ``what`` and ``example`` say what to give instead.

    A name is a title on every page and a cell of every export, so it is refused rather
    than silently folded; the hint shows it folded onto one line.
    """
    if not name.strip():
        raise ConfigError(f"{option} is empty\n    hint: give {what}, "
                          f"e.g. {option} '{example}', or leave {option} out")
    kinds = [unicodedata.category(char) for char in name]
    if "Cs" in kinds:
        raise ConfigError(f"{option} is not valid UTF-8 text\n    hint: check the encoding "
                          "of your terminal, or write the name into the plan file itself")
    bad = next((char for char, kind in zip(name, kinds, strict=True)
                if kind in ("Cc", "Zl", "Zp")), None)
    if bad is None:
        return
    what = "a line break" if bad in _LINE_BREAKS else "a tab" if bad == "\t" else \
        f"a control character (U+{ord(bad):04X})"
    folded = " ".join("".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
                              for c in name).split())
    raise ConfigError(f"{option} {name!r} holds {what}\n"
                      f"    hint: write the name as one line of text, e.g. {option} {folded!r}")


def _check_id(value: str, pattern: str, option: str, what: str, letters: str) -> None:
    if not re.fullmatch(pattern, value) or len(value) > 80:
        suggestion = re.sub(r"[^a-z0-9.]+" if "." in letters else r"[^a-z0-9]+", "-",
                            value.lower()).strip("-.")[:80] or "id"
        raise ConfigError(f"{option} {value!r} is not {what} id\n    hint: use up to 80 "
                          f"lowercase {letters}, e.g. {suggestion!r}")


def _check(value: str, known: list[str], what: str, option: str) -> None:
    if known and value not in known:
        raise ConfigError(f"{option} {value!r} is not in {what}\n    hint: "
                          + did_you_mean(value, known) + "use one of " + ", ".join(known))


def account_template(account_id: str, name: str, owner: str, territory: str,
                     criteria: list[str], scale: tuple[int, int],
                     schema_found: bool = False) -> str:
    """The text of a new account plan: valid as it stands, with every section to fill.

    ``name``, ``owner`` and ``territory`` are written as quoted YAML texts (also where a
    comment repeats them), so that no value can change the plan's structure.

    It starts with the line that points editors at the account schema when
    ``schema_found`` (the plans folder has ``.schema/account.schema.json``), and with how
    to get that schema otherwise.
    """
    ratings = "\n".join(f"#   {criterion}: {scale[0]}" for criterion in criteria)
    name, owner, territory = yaml_text(name), yaml_text(owner), yaml_text(territory)
    editor = modeline(SCHEMA) if schema_found else (
        "# For completion in your editor: run 'kamgen schema', then replace these two lines "
        f"with\n#   {modeline(SCHEMA)}"
    )
    return f"""\
{editor}
# Key account plan: {name}
# Fill in the sections below; 'kamgen validate' checks the file, 'kamgen serve' shows it.
name: {name}
status: candidate            # key_account | candidate | former: a key account needs a rating
owner: {owner}
team: []                     # further team.yaml ids
territory: {territory}
industry: ""
tags: []
# reviewed: YYYY-MM-DD       # when the plan was last reviewed
# customer_number: "..."     # the account's number in the CRM/ERP, for kam.yaml's imports

profile:
  headquarters: ""
  summary: |
    Who the account is, in a few sentences.
  goals: []

business: []                 # - {{year: 2026, revenue: 0, margin: 0}}, or from kam.yaml's imports
# wallet: 0                  # the account's yearly spend in our categories

# rating:                    # {scale[0]} to {scale[1]} on every criterion of kam.yaml
{ratings}

visits: {{per_year: 0, extra_travel_cost: 0}}

analysis:
  pains: []                  # - {{title: ..., impact: high, notes: ...}}
  initiatives: []            # - {{title: ..., contribution: ...}}
  buying_process: []         # - {{step: ..., decided_by: [contact-id]}}

scorecard: []                # - {{perspective: financial, objective: ..., kpi: ..., target: 0}}

positioning:
  competitors: []            # - {{id: competitor-id, name: ..., threat: medium}}
  profile: []                # - {{criterion: ..., importance: 5, us: 4, competitor-id: 3}}

# swot: {{strengths: [], weaknesses: [], opportunities: [], threats: []}}

value_add: []                # - {{title: ..., yearly_cost: 0, benefits: [...]}}

network: []                  # - {{id: contact-id, name: ..., influence: 3, relationship: 3}}

actions: []                  # - {{title: ..., owner: {owner}, due: YYYY-MM-DD, status: open}}

checklists: {{}}               # checklist id -> item id -> open | done | n/a
"""


def new_account(plans: Path, account_id: str, name: str | None = None,
                owner: str | None = None, territory: str | None = None) -> Path:
    """Write ``plans/accounts/<id>.yaml`` and return its path.

    Raises :class:`ConfigError` for a bad id or name, an unknown owner or territory, a
    plans folder that is missing or cannot be written to, or when a plan with that id
    exists already.
    """
    if not re.fullmatch(SLUG_PATTERN, account_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", account_id.lower()).strip("-") or "account"
        raise ConfigError(f"{account_id!r} is not an account id\n    hint: use lowercase "
                          f"letters, digits and '-', e.g. {suggestion!r}")
    if name is not None:
        check_name(name)
    if owner is not None:
        _check_id(owner, PERSON_PATTERN, "--owner", "a team.yaml", "letters, digits, '.' and '-'")
    if territory is not None:
        _check_id(territory, SLUG_PATTERN, "--territory", "a territories.yaml",
                  "letters, digits and '-'")
    if not plans.is_dir():
        what = "not a folder" if plans.exists() else "no such folder"
        raise ConfigError(f"{plans}: {what}\n    hint: give the plans folder with --plans")
    target = plans / "accounts" / f"{account_id}.yaml"
    folder_plan = plans / "accounts" / account_id / "plan.yaml"
    for existing in (target, folder_plan):
        if existing.exists():
            raise _exists(existing)
    team = _optional(plans, "team")
    territories = _optional(plans, "territories")
    programme = _optional(plans, "programme")
    members: list[TeamMember] = list(team) if isinstance(team, list) else []
    areas: list[Territory] = list(territories) if isinstance(territories, list) else []
    if owner is not None:
        _check(owner, [m.id for m in members], "team.yaml", "--owner")
    owner = owner or (members[0].id if members else "your.id")
    if territory is not None:
        _check(territory, [t.id for t in areas], "territories.yaml", "--territory")
    member = next((m for m in members if m.id == owner), None)
    territory = territory or (member.territory if member and member.territory else None) \
        or (areas[0].id if areas else "your-territory")
    criteria = [c.id for c in programme.rating.criteria] \
        if isinstance(programme, Programme) else []
    scale = programme.rating.scale if isinstance(programme, Programme) else (1, 5)
    text = account_template(account_id, name or account_id.replace("-", " ").title(), owner,
                            territory, criteria, scale,
                            schema_found=(plans / FOLDER / file_name("account")).is_file())
    _write_new(target, text)
    return target


def _exists(path: Path) -> ConfigError:
    return ConfigError(f"{path} exists already\n    hint: kamgen never overwrites a plan; "
                       "choose another id or edit that file")


def _write_new(target: Path, text: str) -> None:
    """Write ``text`` into the new file ``target``; never over an existing one."""
    hint = "    hint: give a plans folder you can write to with --plans"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = "it is a file" if target.parent.is_file() else error.strerror
        raise ConfigError(f"cannot make the folder {target.parent}: {reason}\n"
                          + hint) from None
    try:
        handle = target.open("x", encoding="utf-8")
    except FileExistsError:
        raise _exists(target) from None
    except OSError as error:
        raise ConfigError(f"cannot write {target}: {error.strerror}\n" + hint) from None
    try:
        with handle:
            handle.write(text)
    except OSError as error:
        target.unlink(missing_ok=True)
        raise ConfigError(f"cannot write {target}: {error.strerror}\n" + hint) from None
