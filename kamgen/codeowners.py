"""``kamgen codeowners``: GitHub's CODEOWNERS made from the plans, so that with branch
protection a plan changes only with its owner's approval.

The file holds one section kamgen writes, between :data:`BEGIN` and :data:`END`; every line
above and below it is written by hand and kept as it is. In the section:

- the plans folder as a whole, ``kam.yaml``, ``team.yaml``, ``territories.yaml`` and
  ``checklists/`` belong to the programme's ``lead`` (kam.yaml);
- each account plan (its file, or its folder for a folder plan) belongs to its ``owner``
  and the members of its ``team``.

A person's GitHub user or team is their ``github`` in team.yaml. Paths are relative to the
repository root (the Git work tree that holds the plans, else the plans folder's parent),
start with ``/`` so that they match only there, and have spaces and the characters that
CODEOWNERS patterns give a meaning (``\\ * ? #``) escaped with a backslash.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import ConfigError, KamgenError
from .model import Portfolio, TeamMember
from .output import project_root, replace_file

__all__ = ["BEGIN", "END", "Entry", "entries", "escape", "merge", "read", "render",
           "repository_prefix", "section", "stale", "target", "write"]

BEGIN = "# kamgen codeowners: begin"
"""The first line of the section kamgen writes (a line starting with it)."""
END = "# kamgen codeowners: end"
"""The last line of the section kamgen writes (a line starting with it)."""

_BEGIN_LINE = BEGIN + " (made from the plans: change them, then run 'kamgen codeowners')"
_END_LINE = END + " (the lines above and below the section are kept as they are)"

_SPECIAL = "\\ *?#"
"""Characters escaped with a backslash in a CODEOWNERS path."""
_REFUSED = "[]"
"""Characters GitHub's CODEOWNERS cannot match literally: it has no character ranges and
marks a line with them as an error."""


@dataclass(frozen=True)
class Entry:
    """One line of the section: a path below the repository root and who owns it."""

    path: str
    """The path relative to the repository root, ``/``-separated; ends in ``/`` for a
    folder."""
    owners: tuple[str, ...]
    """GitHub users and teams with their ``@``; empty when nobody has a handle."""
    what: str
    """What the path is, for the comment of a line without owners."""
    nobody: str = ""
    """Why there is no owner, when there is none."""


def escape(path: str) -> str:
    """``path`` as a CODEOWNERS pattern that matches exactly it, starting at the root.

    Raises :class:`ConfigError` for a path that CODEOWNERS cannot write: one with a
    control character or line break, ``[`` or ``]``.
    """
    bad = next((c for c in path if not c.isprintable() or c in _REFUSED), None)
    if bad is not None:
        raise ConfigError(
            f"the path {path!r} holds {bad!r}, which a CODEOWNERS pattern cannot match\n"
            "    hint: rename the folder so that its name has no line breaks, control "
            "characters, '[' or ']'")
    return "/" + "".join("\\" + c if c in _SPECIAL else c for c in path)


def _handles(portfolio: Portfolio, people: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for person in people:
        member: TeamMember | None = portfolio.member(person)
        handle = member.code_owner if member is not None else None
        if handle is not None and handle not in out:
            out.append(handle)
    return tuple(out)


def entries(portfolio: Portfolio, prefix: PurePosixPath) -> list[Entry]:
    """The section's lines for ``portfolio``, whose plans folder is ``prefix`` below the
    repository root (``PurePosixPath('plans')``; ``PurePosixPath()`` when the plans folder
    is the root)."""
    lead = portfolio.programme.lead
    lead_owners = _handles(portfolio, [lead] if lead else [])
    no_lead = "" if lead_owners else (
        "kam.yaml names no lead" if lead is None else f"the lead '{lead}' has no github handle")

    plans_folder = str(prefix) + "/" if str(prefix) != "." else ""

    def below(rel: str) -> str:
        return plans_folder + rel
    out = []
    if plans_folder:
        out.append(Entry(plans_folder, lead_owners, "the plans folder", no_lead))
    for name, what in (("kam.yaml", "the programme"), ("team.yaml", "the team"),
                       ("territories.yaml", "the territories"),
                       ("checklists/", "the checklists")):
        out.append(Entry(below(name), lead_owners, what, no_lead))
    for account in sorted(portfolio.accounts.values(), key=lambda a: a.id):
        rel = PurePosixPath(account.file)
        path = below(str(rel.parent)) + "/" if rel.name == "plan.yaml" else below(str(rel))
        owners = _handles(portfolio, [account.plan.owner, *account.plan.team])
        nobody = "" if owners else (
            f"its owner '{account.plan.owner}' has no github handle")
        out.append(Entry(path, owners, f"the plan of {account.id}", nobody))
    return out


def section(lines: Sequence[Entry]) -> list[str]:
    """The section's text, line by line, from :data:`BEGIN` to :data:`END`."""
    width = max((len(escape(e.path)) for e in lines if e.owners), default=0) + 1
    out = [_BEGIN_LINE]
    for entry in lines:
        pattern = escape(entry.path)
        if entry.owners:
            out.append(f"{pattern:<{width}}" + " ".join(entry.owners))
        else:
            out.append(f"# {pattern}: no owner ({entry.nobody})")
    out.append(_END_LINE)
    return out


_HEAD = """\
# Who must approve a change. GitHub asks the owners below for a review on every pull
# request that touches their files; with branch protection ("Require review from Code
# Owners") a plan cannot change without the approval of one of its owners.
"""


def merge(existing: str | None, lines: Sequence[str], name: str) -> str:
    """The new CODEOWNERS text: ``existing`` with its section replaced by ``lines``, or a
    new file when there is none. ``name`` is the file's path, for errors.

    Raises :class:`KamgenError` when ``existing`` has no section or a broken one: the
    lines written by hand are never replaced without saying.
    """
    block = "\n".join(lines) + "\n"
    if existing is None:
        return _HEAD + "\n" + block
    rows = existing.splitlines()
    begins = [i for i, row in enumerate(rows) if row.startswith(BEGIN)]
    ends = [i for i, row in enumerate(rows) if row.startswith(END)]
    if not begins and not ends:
        raise KamgenError(
            f"{name} has no section written by kamgen, and kamgen does not replace lines "
            "written by hand\n    hint: put the two lines\n"
            f"      {BEGIN}\n      {END}\n    where the plans' owners go (they replace "
            "the lines between them), delete the lines about plans/, and run "
            "'kamgen codeowners' again")
    if len(begins) != 1 or len(ends) != 1 or ends[0] < begins[0]:
        raise KamgenError(
            f"{name}: the section written by kamgen is broken: expected one line starting "
            f"with '{BEGIN}' and, below it, one starting with '{END}'; found {len(begins)} "
            f"and {len(ends)}\n    hint: keep one pair of these lines and run "
            "'kamgen codeowners' again")
    head, tail = rows[: begins[0]], rows[ends[0] + 1:]
    return "".join(row + "\n" for row in head) + block + "".join(row + "\n" for row in tail)


def render(portfolio: Portfolio, prefix: PurePosixPath, existing: str | None,
           name: str) -> str:
    """The CODEOWNERS text for ``portfolio``: :func:`merge` of its :func:`section`."""
    return merge(existing, section(entries(portfolio, prefix)), name)


def repository_prefix(plans: Path, root: Path) -> PurePosixPath:
    """Where the plans folder lies below the repository ``root``; raises
    :class:`ConfigError` when it does not lie below it."""
    try:
        rel = plans.resolve().relative_to(root.resolve())
    except ValueError:
        raise ConfigError(f"the plans folder {plans} does not lie in the repository {root}\n"
                          "    hint: run kamgen codeowners in the repository that holds the "
                          "plans") from None
    return PurePosixPath(rel.as_posix())


def target(plans: Path, output: Path | None) -> tuple[Path, PurePosixPath]:
    """The CODEOWNERS file to write, ``output`` or else ``.github/CODEOWNERS`` at the root of
    the repository that holds ``plans`` (relative to the working folder when it lies below
    it), and where the plans folder lies below that root.

    Raises :class:`ConfigError` when the file would lie in the plans folder, or the plans
    outside the repository.
    """
    root = project_root(plans)
    if output is None:
        output = root / ".github" / "CODEOWNERS"
        if output.is_relative_to(Path.cwd()):
            output = output.relative_to(Path.cwd())
    if output.resolve().is_relative_to(plans.resolve()):
        raise ConfigError(f"--output {output} lies in the plans folder {plans}\n    hint: "
                          "kamgen never changes the plans; write .github/CODEOWNERS at the "
                          "repository root")
    return output, repository_prefix(plans, root)


def read(path: Path) -> str | None:
    """The text of the CODEOWNERS file at ``path``, or ``None`` when there is none."""
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "it is not UTF-8 text"
        raise ConfigError(f"cannot read {path}: {reason}\n    hint: give the CODEOWNERS "
                          "file with --output FILE") from None


def write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` in one step (a temporary file beside it, then renamed)."""
    replace_file(path, text.encode("utf-8"), "--output")


def stale(existing: str | None, wanted: str, name: str) -> KamgenError | None:
    """What ``kamgen codeowners --check`` says when the file ``name`` does not hold
    ``wanted``; ``None`` when it does."""
    if existing == wanted:
        return None
    hint = f"    hint: run 'kamgen codeowners' and commit {name}"
    if existing is None:
        return KamgenError(f"{name} does not exist\n{hint}")
    import difflib

    changes = [row for row in difflib.ndiff(existing.splitlines(), wanted.splitlines())
               if row[:2] in ("- ", "+ ")]
    shown = [f"      {'has' if row[0] == '-' else 'needs'}: {row[2:]}" for row in changes[:10]]
    more = [f"      … and {len(changes) - 10} more"] if len(changes) > 10 else []
    return KamgenError(f"{name} is out of date: it does not say who owns the plans as "
                       "team.yaml, kam.yaml and the plans do\n"
                       + "\n".join([*shown, *more, hint]))
