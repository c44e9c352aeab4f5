"""The sections of an account page, in method order: one table that the page template,
the shared edition and the README's list of anchors all follow."""

from __future__ import annotations

from dataclasses import dataclass

from ..model._base import Shareable

__all__ = ["ACCOUNT_SECTIONS", "AccountSection"]


@dataclass(frozen=True)
class AccountSection:
    """A section of an account page."""

    id: str
    """Its anchor on the page, the same in every language (``#scorecard``)."""
    kind: Shareable | None = None
    """The kind of content internal by nature that the section shows: a shared edition
    holds the section only when it shares that kind. ``None``: the section shows what
    the shared plan holds (kamgen.audience decides that)."""

    @property
    def template(self) -> str:
        """The partial template that writes the section (it leaves out a section without
        data)."""
        return f"account/{self.id}.html.j2"


ACCOUNT_SECTIONS = (
    AccountSection("kep"),
    AccountSection("profile"),
    AccountSection("business", "business"),
    AccountSection("rating", "rating"),
    AccountSection("visit-cost", "visit_costs"),
    AccountSection("scorecard"),
    AccountSection("positioning", "competitors"),
    AccountSection("analysis"),
    AccountSection("swot", "swot"),
    AccountSection("competitors", "competitors"),
    AccountSection("value-add"),
    AccountSection("network"),
    AccountSection("actions"),
    AccountSection("completeness"),
    AccountSection("history"),
    AccountSection("checklists", "checklists"),
    AccountSection("pages"),
)
