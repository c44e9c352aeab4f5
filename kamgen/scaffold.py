"""``kamgen new``: write a new plan file from a template; never overwrite one."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ConfigError, PlanErrors
from .load import validate_file
from .load.kinds import KINDS
from .model import Programme, TeamMember, Territory
from .model._base import SLUG_PATTERN
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


def _check(value: str, known: list[str], what: str, option: str) -> None:
    if known and value not in known:
        raise ConfigError(f"{option} {value!r} is not in {what}\n    hint: use one of "
                          + ", ".join(known))


def account_template(account_id: str, name: str, owner: str, territory: str,
                     criteria: list[str], scale: tuple[int, int],
                     schema_found: bool = False) -> str:
    """The text of a new account plan: valid as it stands, with every section to fill.

    It starts with the line that points editors at the account schema when
    ``schema_found`` (the plans folder has ``.schema/account.schema.json``), and with how
    to get that schema otherwise.
    """
    ratings = "\n".join(f"#   {criterion}: {scale[0]}" for criterion in criteria)
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

profile:
  headquarters: ""
  summary: |
    Who the account is, in a few sentences.
  goals: []

business: []                 # - {{year: 2026, revenue: 0, margin: 0}}
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

    Raises :class:`ConfigError` for a bad id, an unknown owner or territory, or when a
    plan with that id exists already.
    """
    if not re.match(SLUG_PATTERN, account_id):
        suggestion = re.sub(r"[^a-z0-9]+", "-", account_id.lower()).strip("-") or "account"
        raise ConfigError(f"{account_id!r} is not an account id\n    hint: use lowercase "
                          f"letters, digits and '-', e.g. {suggestion!r}")
    if not plans.is_dir():
        raise ConfigError(f"{plans}: no such folder\n    hint: give the plans folder with "
                          "--plans")
    target = plans / "accounts" / f"{account_id}.yaml"
    folder_plan = plans / "accounts" / account_id / "plan.yaml"
    for existing in (target, folder_plan):
        if existing.exists():
            raise ConfigError(f"{existing} exists already\n    hint: kamgen never "
                              "overwrites a plan; choose another id or edit that file")
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
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return target
