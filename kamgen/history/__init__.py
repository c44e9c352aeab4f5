"""Git is the plan's memory: the business-level diff between two revisions of a plans
folder (``kamgen diff``).

:func:`compare` loads the portfolio at both revisions (a revision's plans are written out
of git into a temporary folder and loaded as any plans folder is; the working tree is read
where it is) and compares them with :func:`~kamgen.history.diff.portfolio_diff`. A
revision whose plans do not validate is reported in the diff's ``problems``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from ..errors import ConfigError, PlanErrors
from ..load import load_portfolio
from ..model import Portfolio
from .diff import AccountDiff, Change, PortfolioDiff, TerritoryChange, portfolio_diff
from .git import WORKING_TREE, Git, Revision, check_revision_name
from .render import COMMENT_MARKER, FORMATS, describe, render_diff

__all__ = ["COMMENT_MARKER", "FORMATS", "AccountDiff", "Change", "Git", "PortfolioDiff",
           "Revision", "TerritoryChange", "compare", "describe", "portfolio_diff",
           "render_diff"]


def _problem(revision: Revision, errors: PlanErrors) -> str:
    count = len(errors.errors)
    first = str(errors.errors[0]).splitlines()[0] if errors.errors else ""
    where = "the working tree" if revision.commit is None else \
        f"{revision.name} ({revision.short})"
    return (f"the plans of {where} do not validate ({count} error{'' if count == 1 else 's'};"
            f" the first: {first}); run kamgen validate there")


def _load(git: Git, revision: Revision, scratch: Path) -> Portfolio | None:
    """The portfolio at ``revision``; ``None`` when the revision has no plans folder."""
    if revision.commit is None:
        return load_portfolio(git.plans)
    folder = git.write_plans(revision, scratch / revision.commit)
    return None if folder is None else load_portfolio(folder)


def compare(plans: Path, base: str | None = None, head: str | None = None,
            today: dt.date | None = None) -> tuple[PortfolioDiff, Revision, Revision]:
    """The diff of the plans folder ``plans`` from ``base`` to ``head`` (revisions;
    ``base`` defaults to the merge base of ``HEAD`` with the default branch, ``head`` to
    the working tree, whose figures are taken as of ``today``)."""
    for name in (base, head):
        if name is not None:
            check_revision_name(name)
    git = Git(plans)
    head_revision = git.revision(head) if head is not None else \
        Revision(WORKING_TREE, None, today or dt.date.today())
    base_revision = git.revision(base) if base is not None else \
        git.merge_base(git.default_branch())
    problems: list[str] = []
    portfolios: list[Portfolio | None] = []
    with tempfile.TemporaryDirectory(prefix="kamgen-diff-") as scratch:
        for revision in (base_revision, head_revision):
            try:
                portfolios.append(_load(git, revision, Path(scratch)))
            except PlanErrors as errors:
                problems.append(_problem(revision, errors))
                portfolios.append(None)
            except ConfigError as error:
                where = "the working tree" if revision.commit is None else \
                    f"{revision.name} ({revision.short})"
                problems.append(f"the plans of {where} cannot be read: "
                                f"{str(error).splitlines()[0]}")
                portfolios.append(None)
    old, new = portfolios
    if problems:
        return PortfolioDiff((), (), tuple(problems)), base_revision, head_revision
    if old is None or new is None:
        missing = base_revision if old is None else head_revision
        where = "the working tree" if missing.commit is None else \
            f"{missing.name} ({missing.short})"
        if old is None and new is None:
            problems.append(f"neither revision has the plans folder {git.plans_path}")
        elif old is None:
            assert new is not None
            diff = portfolio_diff(_empty(new), base_revision.date, new, head_revision.date)
            return (PortfolioDiff(diff.accounts, diff.territories,
                                  (f"{where} has no plans folder {git.plans_path}: every "
                                   "plan is new",)), base_revision, head_revision)
        else:
            problems.append(f"{where} has no plans folder {git.plans_path}")
        return PortfolioDiff((), (), tuple(problems)), base_revision, head_revision
    return (portfolio_diff(old, base_revision.date, new, head_revision.date),
            base_revision, head_revision)


def _empty(portfolio: Portfolio) -> Portfolio:
    from dataclasses import replace

    return replace(portfolio, accounts={})
