"""References to ids, read from the data of a plan file as it is written, and checked.

The references of a file are read from its plain data (what YAML gave), not from its model,
so that a file that failed validation still has its references checked: a plan with a
misspelt attitude and an unknown owner reports both at once. A reference at or below a key
whose value failed validation is left out, since that key has an error of its own already.

The ids a file defines (team members, territories, checklist items, contacts) are read the
same way. A team member whose entry has an error elsewhere still counts as known, so the
plans that refer to it get no follow-up errors; when the id of an entry cannot be read
(missing, not text, not a valid id) the ids of that file are unknown, and references to
them are not checked, so one broken entry does not flood the report.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from ..errors import did_you_mean
from .account import ProfileCriterion

KeyPath = tuple[str | int, ...]
Target = Literal["member", "territory", "criterion", "contact", "competitor", "checklist",
                 "item"]

__all__ = ["KeyPath", "RefIssue", "Reference", "References", "check_references", "duplicates",
           "ids_hint", "read_references"]


@dataclass(frozen=True)
class RefIssue:
    """A broken cross-reference: which file, which key, what is wrong, what to do."""

    file: str
    loc: KeyPath
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Reference:
    """One place where a file names an id of another thing."""

    loc: KeyPath
    """Where the id is written."""
    to: Target
    """What the id names: a team member, a territory, a rating criterion of kam.yaml, a
    contact or a competitor of the same plan, a checklist, or an item of one."""
    id: str
    checklist: str | None = None
    """For an item: the checklist it is an item of."""
    used_in: Literal["programme", "account"] | None = None
    """For a checklist whose state is kept here: who keeps it (its applies_to must match)."""
    own: str | None = None
    """For a contact's ``reports_to``: the contact's own id."""


@dataclass(frozen=True)
class References:
    """What one plan file refers to, and the ids it defines."""

    refs: tuple[Reference, ...] = ()
    ids: tuple[tuple[KeyPath, str], ...] | None = ()
    """Where each id the file defines is written, and the id (team members, territories,
    the rating criteria of kam.yaml, checklist items, an account's contacts); ``None`` when
    one of them cannot be read."""
    applies_to: str | None = None
    """For a checklist: ``account`` or ``programme``, when it can be read."""
    competitors: frozenset[str] | None = frozenset()
    """For an account plan: the ids of its competitors; ``None`` when one cannot be read."""

    @cached_property
    def known(self) -> frozenset[str] | None:
        """The ids the file defines, or ``None`` when one of them cannot be read (made once:
        every reference of the file is looked up in it)."""
        return None if self.ids is None else frozenset(item_id for _, item_id in self.ids)


# --- reading ------------------------------------------------------------------------------


def _entries(data: Any) -> list[tuple[int, Any]]:
    return list(enumerate(data)) if isinstance(data, list) else []


def _text(value: Any) -> str | None:
    """An id as the models read it: text, or a number taken as its text."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def _at(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _ids(base: KeyPath, entries: Any, bad: Collection[KeyPath]
         ) -> tuple[tuple[KeyPath, str], ...] | None:
    """The ids of a list of ``- id: ...`` entries; None when the list itself failed, or an
    entry's id cannot be read as text or is not a valid id (which id is meant cannot be
    known, so references to the list are not checked)."""
    if _under_error(base, bad) or not isinstance(entries, list):
        return None
    out = []
    for index, entry in enumerate(entries):
        entry_id, loc = _text(_at(entry, "id")), (*base, index, "id")
        if entry_id is None or _under_error(loc, bad):
            return None
        out.append((loc, entry_id))
    return tuple(out)


def _under_error(loc: KeyPath, bad: Collection[KeyPath]) -> bool:
    """True when ``loc`` or a key above it has a validation error; an error of the file as
    a whole (a rule that joins several keys) leaves its keys readable."""
    return any(loc[:end] in bad for end in range(1, len(loc) + 1))


def _person(loc: KeyPath, value: Any) -> Iterator[Reference]:
    person = _text(value)
    if person is not None:
        yield Reference(loc, "member", person)


def _checklist_state(base: KeyPath, states: Any, used_in: Literal["programme", "account"]
                     ) -> Iterator[Reference]:
    if not isinstance(states, dict):
        return
    for key, items in states.items():
        checklist_id = _text(key)
        if checklist_id is None:
            continue
        yield Reference((*base, key), "checklist", checklist_id, used_in=used_in)
        if isinstance(items, dict):
            for item_key in items:
                item_id = _text(item_key)
                if item_id is not None:
                    yield Reference((*base, key, item_key), "item", item_id,
                                    checklist=checklist_id)


_AREAS = ("structures", "steering", "strategy", "solutions", "capabilities")


def _programme(data: Any, bad: Collection[KeyPath]) -> References:
    refs: list[Reference] = [*_person(("lead",), _at(data, "lead"))]
    for name in _AREAS:
        refs += _person(("areas", name, "owner"), _at(data, "areas", name, "owner"))
    for index, checklist_id in _entries(_at(data, "checklists")):
        if (text := _text(checklist_id)) is not None:
            refs.append(Reference(("checklists", index), "checklist", text))
    refs += _checklist_state(("checklist_state",), _at(data, "checklist_state"), "programme")
    return References(tuple(refs), _ids(("rating", "criteria"),
                                        _at(data, "rating", "criteria"), bad))


def _team(data: Any, bad: Collection[KeyPath]) -> References:
    refs = [Reference((index, "territory"), "territory", territory)
            for index, entry in _entries(data)
            if (territory := _text(_at(entry, "territory"))) is not None]
    return References(tuple(refs), _ids((), data, bad))


def _territories(data: Any, bad: Collection[KeyPath]) -> References:
    return References((), _ids((), data, bad))


def _checklist(data: Any, bad: Collection[KeyPath]) -> References:
    applies_to = _at(data, "applies_to") if isinstance(data, dict) and "applies_to" in data \
        else "account"
    return References((), _ids(("items",), _at(data, "items"), bad),
                      applies_to if applies_to in ("account", "programme") else None)


def _account(data: Any, bad: Collection[KeyPath]) -> References:
    refs: list[Reference] = [*_person(("owner",), _at(data, "owner"))]
    for index, person in _entries(_at(data, "team")):
        refs += _person(("team", index), person)
    territory = _text(_at(data, "territory"))
    if territory is not None:
        refs.append(Reference(("territory",), "territory", territory))
    rating = _at(data, "rating")
    if isinstance(rating, dict):
        refs += [Reference(("rating", key), "criterion", criterion)
                 for key in rating if (criterion := _text(key)) is not None]
    for index, contact in _entries(_at(data, "network")):
        boss = _text(_at(contact, "reports_to"))
        if boss is not None:
            refs.append(Reference(("network", index, "reports_to"), "contact", boss,
                                  own=_text(_at(contact, "id"))))
        refs += _person(("network", index, "owner"), _at(contact, "owner"))
    for step_index, step in _entries(_at(data, "analysis", "buying_process")):
        for index, contact_id in _entries(_at(step, "decided_by")):
            if (text := _text(contact_id)) is not None:
                refs.append(Reference(
                    ("analysis", "buying_process", step_index, "decided_by", index), "contact",
                    text))
    for index, action in _entries(_at(data, "actions")):
        refs += _person(("actions", index, "owner"), _at(action, "owner"))
    refs += _checklist_state(("checklists",), _at(data, "checklists"), "account")
    for row_index, row in _entries(_at(data, "positioning", "profile")):
        if isinstance(row, dict):
            refs += [Reference(("positioning", "profile", row_index, key), "competitor", column)
                     for key in row if (column := _text(key)) is not None
                     and column not in _PROFILE_KEYS]
    network = _at(data, "network")
    competitors = _at(data, "positioning", "competitors")
    competitor_ids = _ids(("positioning", "competitors"),
                          [] if competitors is None else competitors, bad)
    return References(tuple(refs), _ids(("network",), [] if network is None else network, bad),
                      competitors=None if competitor_ids is None
                      else frozenset(item_id for _, item_id in competitor_ids))


_PROFILE_KEYS = frozenset(ProfileCriterion.model_fields)
"""The keys of a row of the strengths-weaknesses profile besides the competitors' ids."""

_READERS = {"programme": _programme, "team": _team, "territories": _territories,
            "checklist": _checklist, "account": _account}
"""Plan file kind (the names of :data:`kamgen.load.KINDS`) → how its references are read."""


def read_references(kind: str, data: Any, bad: Collection[KeyPath] = ()) -> References:
    """The references of a file of ``kind`` with this plain data, and the ids it defines;
    ``bad`` holds the key paths of the file's validation errors, whose references are left
    out (they have an error already) and whose ids do not count as read."""
    bad = frozenset(bad)
    found = _READERS[kind](data, bad)
    return References(tuple(ref for ref in found.refs if not _under_error(ref.loc, bad)),
                      found.ids, found.applies_to, found.competitors)


# --- checking -----------------------------------------------------------------------------


def ids_hint(wrong: str, known: Iterable[str], what: str) -> str:
    """A hint naming the closest id and the ids that exist."""
    known = sorted(set(known))
    if not known:
        return f"there are no {what} yet"
    listed = ", ".join(known[:20]) + (f" and {len(known) - 20} more" if len(known) > 20 else "")
    return f"{did_you_mean(wrong, known)}{what} that exist: {listed}"


def duplicates(file: str, base: KeyPath, ids: Sequence[str], what: str) -> Iterator[RefIssue]:
    """An issue for every id of ``ids`` (items below ``base``) given before."""
    seen: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id in seen:
            yield RefIssue(
                file,
                (*base, index, "id"),
                f"duplicate {what} id '{item_id}' (also item {seen[item_id]})",
                f"give every {what} its own id",
            )
        else:
            seen[item_id] = index


_USED_IN = {"programme": "kam.yaml", "account": "an account plan"}
_DEFINED_AS = {"team.yaml": "team member", "territories.yaml": "territory",
               "kam.yaml": "criterion"}


def _resolve(file: str, ref: Reference, team: frozenset[str] | None,
             territories: frozenset[str] | None, criteria: frozenset[str] | None,
             checklists: Mapping[str, References | None], own: References
             ) -> RefIssue | None:
    """What is wrong with ``ref`` of ``file`` (``own``: the file's references), or ``None``.
    A plain function: a plan of a large portfolio has dozens of references, and a generator
    for each took a tenth of a preview's rebuild."""
    contacts, competitors = own.known, own.competitors
    if ref.to == "member" and team is not None and ref.id not in team:
        return RefIssue(file, ref.loc, f"unknown team member '{ref.id}'",
                        ids_hint(ref.id, team, "team.yaml ids"))
    elif ref.to == "territory" and territories is not None and ref.id not in territories:
        return RefIssue(file, ref.loc, f"unknown territory '{ref.id}'",
                        ids_hint(ref.id, territories, "territories.yaml ids"))
    elif ref.to == "criterion" and criteria is not None and ref.id not in criteria:
        return RefIssue(file, ref.loc, f"unknown rating criterion '{ref.id}'",
                        ids_hint(ref.id, criteria, "criteria in kam.yaml"))
    elif ref.to == "contact" and ref.own is not None and ref.id == ref.own:
        return RefIssue(file, ref.loc, f"contact '{ref.id}' reports to itself",
                        "leave reports_to out for the top of the organisation")
    elif ref.to == "contact" and contacts is not None and ref.id not in contacts:
        return RefIssue(file, ref.loc, f"unknown contact '{ref.id}'",
                        ids_hint(ref.id, contacts, "network ids"))
    elif ref.to == "competitor" and competitors is not None and ref.id not in competitors:
        return RefIssue(
            file, ref.loc,
            f"unknown competitor '{ref.id}' in the strengths-weaknesses profile",
            ids_hint(ref.id, competitors, "competitor ids in positioning.competitors")
            + "; besides them a row holds criterion, importance and us",
        )
    elif ref.to == "checklist" and ref.id not in checklists:
        return RefIssue(file, ref.loc, f"unknown checklist '{ref.id}'",
                        ids_hint(ref.id, checklists, "checklists"))
    elif ref.to == "checklist":
        template = checklists[ref.id]
        applies_to = template.applies_to if template is not None else None
        if ref.used_in is not None and applies_to is not None and applies_to != ref.used_in:
            return RefIssue(
                file, ref.loc,
                f"checklist '{ref.id}' applies to the {applies_to}, not to the {ref.used_in}",
                f"use it in {_USED_IN[applies_to]}, "
                f"or change applies_to in checklists/{ref.id}.yaml",
            )
    elif ref.to == "item" and ref.checklist is not None:
        template = checklists.get(ref.checklist)
        items = template.known if template is not None else None
        if items is not None and ref.id not in items:
            return RefIssue(file, ref.loc,
                            f"unknown item '{ref.id}' of checklist '{ref.checklist}'",
                           ids_hint(ref.id, items, "items"))
    return None


def check_references(files: Mapping[str, tuple[str, References | None]],
                     checklists: Mapping[str, References | None]) -> list[RefIssue]:
    """Every reference of every file that names an id that does not exist, and every id
    a file defines twice.

    ``files`` maps a file (relative to the plans folder) to its kind and its references,
    ``None`` for a file that could not be read as data or is missing; references into such
    a file, or into one whose ids cannot all be read, are not checked. ``checklists`` maps
    each checklist id to its file's references (``None``: its items are not known).
    """
    def ids_of(rel: str) -> frozenset[str] | None:
        entry = files.get(rel)
        return entry[1].known if entry is not None and entry[1] is not None else None

    team, territories = ids_of("team.yaml"), ids_of("territories.yaml")
    criteria = ids_of("kam.yaml")
    issues: list[RefIssue] = []
    for file, (kind, references) in files.items():
        if references is None:
            continue
        if references.ids is not None and references.ids:
            what = _DEFINED_AS.get(file, "item" if kind == "checklist" else "contact")
            base = references.ids[0][0][:-2]
            issues += duplicates(file, base, [item_id for _, item_id in references.ids], what)
        for ref in references.refs:
            issue = _resolve(file, ref, team, territories, criteria, checklists, references)
            if issue is not None:
                issues.append(issue)
    return issues
