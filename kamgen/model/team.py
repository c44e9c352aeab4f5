"""``team.yaml``: our people, with their visit capacity and cost."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from ._base import Model, Money, PersonId, Slug

GITHUB_PATTERN = (r"^@?[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?"
                  r"(?:/[A-Za-z0-9][A-Za-z0-9_.-]{0,99})?$")
"""A GitHub user (``julia-berger`` or ``@julia-berger``) or team (``hanse-polymer/kam-lead``)."""

GitHubHandle = Annotated[str, StringConstraints(pattern=GITHUB_PATTERN)]


class TeamMember(Model):
    """A person on our side: a key account manager or a member of an account team."""

    id: PersonId
    """The person's handle, used as ``owner`` everywhere, e.g. ``j.berger``."""
    name: str
    """Full name as shown on the site."""
    role: str | None = None
    """Job title, e.g. Key Account Manager."""
    territory: Slug | None = None
    """The territory (an id in territories.yaml) whose visit capacity this person adds to."""
    visit_days: Annotated[int, Field(ge=0, le=366)] = 0
    """Days per year available for customer visits."""
    visits_per_day: Annotated[float, Field(ge=0, le=20)] = 0
    """Customer visits this person can make on a visit day."""
    annual_cost: Money = 0
    """Fully loaded yearly cost in the programme currency (salary, car, travel, overhead)."""
    email: str | None = None
    """E-mail address, shown on the site."""
    github: GitHubHandle | None = None
    """The GitHub user (``julia-berger`` or ``@julia-berger``) or team (``org/team``) that
    approves changes to this person's plans: ``kamgen codeowners`` writes it into
    .github/CODEOWNERS."""

    @property
    def code_owner(self) -> str | None:
        """The GitHub handle as CODEOWNERS writes it, with its ``@``; ``None`` without one."""
        if self.github is None:
            return None
        return self.github if self.github.startswith("@") else "@" + self.github
