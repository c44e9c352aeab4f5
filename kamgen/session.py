"""One build or one preview: its options and what it remembers, in one object.

The command line makes a :class:`Session`, the engine (:mod:`kamgen.engine`) hands it to
the MkDocs plugin before each build, and the core takes what it needs as arguments: the
loader the plans it may remember (:func:`kamgen.load.load_portfolio`), the site the pages
(:func:`kamgen.site.generate`). Nothing travels through module globals or environment
variables.

A preview (``kamgen serve``) remembers valid plan files by their content, and account
pages, figures and findings by the digest of their inputs, so that a rebuild parses again
only the plans that changed and computes and generates again only what depends on them. A
one-off build remembers nothing and lets go of the plans as soon as the pages are
generated, which keeps its memory low.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .audience import INTERNAL, Edition, edition
from .clock import as_of as date_as_of
from .errors import KamgenError
from .load import load_portfolio
from .model import Portfolio

__all__ = ["PAGES_MAX", "PLANS_MAX", "Session"]

PLANS_MAX = 20_000
"""How many plan files a preview remembers at most."""
PAGES_MAX = 5_000
"""How many account pages a preview remembers at most."""


@dataclass
class Session:
    """The options and caches of one build or preview."""

    plans: Path
    """The plans folder."""
    edition: Edition = INTERNAL
    """The edition to make."""
    as_of: dt.date | None = None
    """The date figures are computed for; ``None``: today."""
    portfolio: Portfolio | None = None
    """The portfolio the command line has loaded already (taken by the first build)."""
    pages_dir: Path | None = None
    """A preview writes the generated pages here, each only when it changed, so that the
    engine's dirty rebuild renders only those."""
    plan_cache: dict[Any, Any] | None = None
    """A preview's valid plan files, by path, kind and content digest."""
    page_cache: dict[bytes, Any] | None = None
    """A preview's account pages (:class:`kamgen.site.html_page.HtmlPage`), by the digest
    of their inputs."""
    account_cache: dict[bytes, Any] | None = None
    """A preview's account figures and findings, by the digest of their inputs
    (:class:`kamgen.site.pages.AccountMemory`)."""
    history_store: Path | None = None
    """The file that keeps measured plan versions between builds
    (:class:`kamgen.history.timeline.PointStore`); ``None``: none is kept."""
    history_memory: dict[Any, Any] | None = None
    """A preview's plan versions and their figures (:mod:`kamgen.history.timeline`), by
    blob id."""
    page_texts: dict[str, str] = field(default_factory=dict)
    """The text of each page a preview wrote into ``pages_dir``, by its relative path."""
    outputs: set[str] = field(default_factory=set)
    """The files the last build of a preview wrote into the site (relative paths)."""
    language: str = "en"
    """The language of the plans that last loaded: a preview's error page speaks it (the
    plans that set it may be the broken ones)."""
    problem: KamgenError | None = None
    """Why the last build failed, when kamgen's plugin knew (invalid plans, an account the
    edition cannot show): a preview shows it in the browser until it is fixed."""

    @classmethod
    def preview(cls, plans: Path, edition: Edition = INTERNAL,
                as_of: dt.date | None = None, pages_dir: Path | None = None) -> Session:
        """A session that remembers plans and pages between rebuilds."""
        return cls(plans, edition, as_of, None, pages_dir, plan_cache={}, page_cache={},
                   account_cache={}, history_memory={})

    @classmethod
    def of_site(cls, plans: Path, audience: str | None, account: str | None,
                as_of: str | None) -> Session:
        """The session of a build that the engine runs itself (``mkdocs build``), from the
        options of kamgen's plugin; raises :class:`~kamgen.errors.KamgenError` for options
        that are not valid."""
        return cls(plans.resolve(), edition(audience or "internal", account),
                   date_as_of(as_of, environ={}))

    def plans_to_build(self) -> Portfolio:
        """The portfolio loaded before the build, once; else the plans loaded now (from
        the plans remembered, in a preview). Raises :class:`~kamgen.errors.PlanErrors`."""
        portfolio, self.portfolio = self.portfolio, None
        loaded = portfolio or load_portfolio(self.plans, self.plan_cache)
        self.language = loaded.programme.language
        return loaded

    @property
    def date(self) -> dt.date:
        """The date figures are computed for: :attr:`as_of`, else today."""
        return self.as_of or date_as_of(None, environ={})

    @property
    def is_preview(self) -> bool:
        """True for ``kamgen serve``."""
        return self.plan_cache is not None

