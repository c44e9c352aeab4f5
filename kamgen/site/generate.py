"""Write the site's Markdown pages from a portfolio: ``{path: markdown}``.

The pages are plain Markdown with inline SVG and a little HTML that Material styles
(grid cards, badges); any engine that reads Markdown can build them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import posixpath
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from ..audience import INTERNAL, Edition, Visibility, redact
from ..checks import CheckResult, Finding, PlanCheck, check
from ..method.business import margin_rate
from ..method.checklists import Completion, completion
from ..method.kep import AccountFigures, account_figures
from ..method.pareto import ParetoResult
from ..method.selection import Selection, selection
from ..model import Account, AccountPage, Attachment, Portfolio
from ..session import PAGES_MAX
from .i18n import Formats, HtmlLabels, Labels, shared_edition_banner
from .render import environment, is_html_template
from .sections import ACCOUNT_SECTIONS
from .svg import (
    Axis,
    OrgNode,
    Point,
    Series,
    bar_chart,
    org_chart,
    pareto_chart,
    profile_chart,
    scatter_chart,
)

__all__ = ["ACCOUNT_PAGE", "AccountMemory", "Site", "generate"]

ACCOUNT_PAGE = "accounts/{id}/index.md"
"""Where an account's page goes; its extra pages sit beside it."""

_CLASS_ORDER = {"A": 0, "B": 1, "C": 2, None: 3}



@dataclass(frozen=True)
class ChecklistRow:
    """A checklist in use, with its items' states and completion."""

    id: str
    title: str
    items: tuple[dict[str, str], ...]
    completion: Completion


@dataclass(frozen=True)
class AccountMemory:
    """What a preview remembers of an account between rebuilds: its figures and findings."""

    figures: AccountFigures
    check: PlanCheck | None
    """``None`` where the edition shows no findings, or for a former account."""


@dataclass(frozen=True)
class ExtraPage:
    """A Markdown page from an account's folder, linked from the account page."""

    title: str
    link: str


@dataclass(frozen=True)
class Site:
    """The generated pages and what the engine adapter needs besides them."""

    pages: Mapping[str, str]
    """Path below the site root → Markdown."""
    nav: list[dict[str, str]]
    """Navigation: label → page path, in order."""
    title: str
    language: str
    own_pages: tuple[AccountPage, ...] = ()
    """The accounts' own Markdown pages to publish (at their path below the plans folder)."""
    attachments: tuple[Attachment, ...] = ()
    """The files beside the plans to publish (at their path below the plans folder)."""
    shared_edition: bool = False
    """True for the shared edition of one account."""
    html_pages: frozenset[str] = frozenset()
    """Pages made of Markdown headings and blocks of HTML only (the account pages and the
    portfolio pages that list every account): an engine adapter may put the HTML in place
    as it is (:mod:`kamgen.mkdocs_plugin`)."""


def signed(value: float) -> str:
    """A whole number with its sign: +2, −2, 0."""
    number = round(value)
    return f"+{number}" if number > 0 else (f"−{-number}" if number < 0 else "0")


def _task(done: bool) -> Markup:
    """The checkbox of a task list item, as Material styles it."""
    return Markup('<label class="task-list-control"><input type="checkbox" disabled'
                  f'{" checked" if done else ""}/><span class="task-list-indicator">'
                  '</span></label>')


def page_address(path: str, directory_urls: bool) -> str:
    """The address of the Markdown page ``path`` (below the site root) on the site:
    ``a/b.md`` is ``a/b/`` with directory URLs, else ``a/b.html``; an ``index.md`` or
    ``README.md`` is its folder."""
    folder, _, name = path.rpartition("/")
    stem = name[:-3] if name.endswith(".md") else name
    prefix = f"{folder}/" if folder else ""
    if stem in ("index", "README"):
        return prefix if directory_urls else f"{prefix}index.html"
    return f"{prefix}{stem}/" if directory_urls else f"{prefix}{stem}.html"


def link(source: str, target: str, directory_urls: bool) -> str:
    """The relative link from the page ``source`` to the page ``target`` (both Markdown
    paths below the site root, ``target`` with an optional ``#anchor``), as the site's
    engine writes it."""
    target, _, anchor = target.partition("#")
    here = page_address(source, directory_urls)
    there = page_address(target, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    relative = posixpath.relpath("/" + there, "/" + base)
    if there.endswith("/") or not there:
        relative = "./" if relative == "." else relative + "/"
    return relative + (f"#{anchor}" if anchor else "")


_TERMS = {"perspectives": "perspective_", "quadrants": "swot_", "fields": "missing_"}
"""A finding's lists of the method's terms → the prefix of their labels."""


class _FindingFormatter(string.Formatter):
    """Fills a ``check_*`` label with a finding's values in the site's formats, with the
    format specs of :class:`kamgen.checks.Message`: a list joins with its spec (``, ``
    without one), ``.1%`` and ``g%`` make a share a percentage with one decimal or with the
    decimals it has; a date and every other number are written as the site writes them."""

    def __init__(self, formats: Formats) -> None:
        self.F = formats

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, tuple):
            return (format_spec or ", ").join(str(item) for item in value)
        if isinstance(value, dt.date):
            return self.F.date(value)
        if isinstance(value, str):
            return str(super().format_field(value, format_spec))
        if format_spec == "g%":
            percent = value * 100
            digits = next(d for d in (0, 1, 2) if round(percent, d) == round(percent, 2))
            return self.F.percent(value, digits)
        if format_spec.endswith("%"):
            return self.F.percent(value, int(format_spec.strip(".%") or 0))
        return self.F.decimal(value) if format_spec == "g" else self.F.number(value)


class _Writer:
    def __init__(self, portfolio: Portfolio, today: dt.date, seen: Visibility,
                 directory_urls: bool = True,
                 page_cache: dict[bytes, str] | None = None,
                 account_cache: dict[bytes, AccountMemory] | None = None) -> None:
        self.portfolio = portfolio
        self.page_cache = page_cache
        self.seen = seen
        self.today = today
        self.directory_urls = directory_urls
        programme = portfolio.programme
        self.language = programme.language
        self.L = Labels(self.language)
        self.html_labels = HtmlLabels(self.L)
        self.html_table = self.html_labels.table
        self.html_pages: set[str] = set()
        self.F = Formats(self.language, programme.currency)
        self.env: Environment = environment()
        self.env.filters.update(
            contact=self._contact_name,
            label=self.L,
            prefix=lambda value, prefix: f"{prefix}{value}",
            figure=lambda account_id: self.figures[account_id],
            signed=signed,
        )
        self._shared_inputs = self._inputs()
        self._keys: dict[str, bytes] = {}
        remembered = {aid: account_cache.get(self._account_key(account))
                      for aid, account in portfolio.accounts.items()
                      } if account_cache is not None else {}
        self.figures: dict[str, AccountFigures] = {
            account_id: hit.figures if (hit := remembered.get(account_id)) is not None
            else account_figures(portfolio, account, today)
            for account_id, account in portfolio.accounts.items()
        }
        self._contacts: dict[str, str] = {}
        self.selection: Selection = selection(portfolio)
        # The shared edition shows no completeness: it is the portfolio's own analysis.
        known = {aid: hit.check for aid, hit in remembered.items()
                 if hit is not None and hit.check is not None}
        self.checks: CheckResult = (check(portfolio, today, self.figures, self.selection, known)
                                    if seen.portfolio else CheckResult(()))
        self.plan_checks: dict[str, PlanCheck] = {p.account: p for p in self.checks.plans}
        self.names = {aid: a.plan.name for aid, a in portfolio.accounts.items()}
        if account_cache is not None:
            for aid, account in portfolio.accounts.items():
                if remembered[aid] is None:
                    if len(account_cache) >= PAGES_MAX:
                        account_cache.clear()
                    account_cache[self._account_key(account)] = AccountMemory(
                        self.figures[aid], self.plan_checks.get(aid))

    def _contact_name(self, contact_id: str) -> str:
        return self._contacts.get(contact_id, contact_id)

    def person(self, person_id: str | None) -> str:
        member = self.portfolio.member(person_id) if person_id else None
        return member.name if member else (person_id or "–")

    def common(self) -> dict[str, Any]:
        return {
            "L": self.L,
            "F": self.F,
            "programme": self.portfolio.programme,
            "portfolio": self.portfolio,
            "person": self.person,
            "territory_name": self.territory_name,
            "finding_text": self.finding_text,
            "seen": self.seen,
            "shared_banner": shared_edition_banner(self.language),
            "today": self.today,
        }

    def finding_text(self, finding: Finding) -> str:
        """A finding in the site's language, plain text (escape before use)."""
        values = dict(finding.params)
        for name, prefix in _TERMS.items():
            terms = values.get(name)
            if isinstance(terms, tuple):
                values[name] = tuple(self.L(prefix + term) for term in terms)
        territory = values.get("territory")
        if isinstance(territory, str):
            values["territory"] = self.territory_name(territory)
        return _FindingFormatter(self.F).format(self.L("check_" + finding.code), **values)

    def territory_name(self, territory_id: str) -> str:
        territory = self.portfolio.territory(territory_id)
        return territory.name if territory else territory_id

    def kpi(self, value: float | None, unit: str) -> str:
        if value is None:
            return "–"
        if unit == "%":
            return self.F.percent(value / 100, 0 if float(value).is_integer() else 1)
        number = self.F.decimal(value)
        return f"{number}\u00a0{unit}" if unit else number

    def ordered_accounts(self) -> list[Account]:
        def key(account: Account) -> tuple[int, float, str]:
            rating = self.figures[account.id].rating
            klass = rating.account_class if rating else None
            return (_CLASS_ORDER[klass], -(rating.score if rating else 0.0), account.plan.name)

        return sorted(self.portfolio.accounts.values(), key=key)

    def checklist_rows(self, states: Mapping[str, Mapping[str, str]]) -> list[ChecklistRow]:
        rows = []
        for checklist_id, item_states in states.items():
            template = self.portfolio.checklists[checklist_id]
            rows.append(ChecklistRow(
                checklist_id,
                template.title.get(self.language),
                tuple({"text": item.text.get(self.language),
                       "state": item_states.get(item.id, "open")} for item in template.items),
                completion(template, item_states),
            ))
        return rows

    def business_chart(self, account: Account) -> str:
        business = sorted(account.plan.business, key=lambda b: b.year)
        if len(business) < 2:
            return ""
        forecast = self.L("col_forecast")
        categories = [f"{b.year}{' (' + forecast + ')' if b.forecast else ''}" for b in business]
        series = [Series(self.L("col_revenue"), [b.revenue for b in business], "s1")]
        if any(b.margin is not None for b in business):
            series.append(Series(self.L("col_margin"), [b.margin for b in business], "s2"))
        return bar_chart(
            f"business-{account.id}",
            f"{account.plan.name}: {self.L('business_chart')}",
            "; ".join(
                f"{category}: {self.L('col_revenue')} {self.F.money(b.revenue)}"
                + (f", {self.L('col_margin')} {self.F.money(b.margin)}"
                   if b.margin is not None else "")
                for category, b in zip(categories, business, strict=True)
            ),
            categories,
            series,
            self.F.money_short,
        )

    def profile_chart(self, account: Account) -> str:
        positioning = account.plan.positioning
        if not positioning.profile:
            return ""
        series = [Series(self.L("col_us"), [row.us for row in positioning.profile])]
        series += [
            Series(c.name, [row.competitor_ratings.get(c.id) for row in positioning.profile])
            for c in positioning.competitors
        ]
        description = "; ".join(
            f"{row.criterion} ({self.L('col_importance')} {row.importance}): "
            + ", ".join(f"{s.name} {v}" for s, v in zip(series, values, strict=True)
                        if v is not None)
            for row, values in zip(
                positioning.profile,
                zip(*(s.values for s in series), strict=True),
                strict=True,
            )
        )
        return profile_chart(
            f"profile-{account.id}",
            f"{account.plan.name}: {self.L('profile_chart_title')}",
            description,
            [f"{row.criterion} ({row.importance})" for row in positioning.profile],
            series,
        )

    def competence_chart(self, account: Account) -> str:
        fields = self.figures[account.id].competence_fields
        if not fields:
            return ""
        css = {"core_competence": "s3", "act_now": "s2", "over_service": "s1", "watch": "s4"}
        points = [
            Point(f.importance, f.lead, f.criterion, 1.0, css[f.quadrant],
                  f"{f.criterion}: {self.L('col_importance')} {f.importance}, "
                  f"{self.L('col_lead')} {f.lead:+d} ({self.L('quadrant_' + f.quadrant)})")
            for f in fields
        ]
        return scatter_chart(
            f"competence-{account.id}",
            f"{account.plan.name}: {self.L('competence_title')}",
            "; ".join(p.tooltip for p in points),
            points,
            Axis(0.5, 5.5, self.L("axis_importance"), 3.5, lambda v: f"{v:g}",
                 (1, 2, 3, 4, 5)),
            Axis(-4.5, 4.5, self.L("axis_lead"), 0.5, signed, (-4, -2, 0, 2, 4)),
            (self.L("quadrant_over_service"), self.L("quadrant_core_competence"),
             self.L("quadrant_watch"), self.L("quadrant_act_now")),
            max_radius=9,
        )

    def network_chart(self, account: Account) -> str:
        network = account.plan.network
        if not network:
            return ""
        attitudes = self.seen.attitudes
        nodes = [
            OrgNode(
                c.id, c.name, c.title or "", c.reports_to,
                f"kam-att-{c.attitude}" if attitudes else "kam-att-neutral",
                c.relationship if attitudes else 0,
                f"{c.name}, {c.title or ''}: {self.L('attitude_' + c.attitude)}, "
                f"{self.L('col_influence')} {c.influence}, "
                f"{self.L('col_relationship')} {c.relationship}"
                if attitudes else f"{c.name}, {c.title or ''}",
            )
            for c in network
        ]
        return org_chart(
            f"network-{account.id}",
            f"{account.plan.name}: {self.L('network_title')}",
            "; ".join(n.tooltip for n in nodes),
            nodes,
        )

    def pareto_chart(self, key: str, result: ParetoResult) -> str:
        what = self.L("pareto_" + key)
        labels = [self.names[r.account_id] for r in result.rows]
        limits = self.portfolio.programme.pareto
        return pareto_chart(
            f"pareto-{key}",
            self.L("pareto_chart", what=what),
            "; ".join(f"{self.names[r.account_id]}: {self.F.percent(r.share, 1)}, "
                      f"{self.F.percent(r.cumulative, 1)} ({r.account_class})"
                      for r in result.rows),
            labels,
            [r.share for r in result.rows],
            (limits.A / 100, limits.B / 100),
            self.F.percent,
        )

    def demand_chart(self) -> str:
        territories = self.selection.territories
        names = [self.territory_name(t.territory_id) for t in territories]
        return bar_chart(
            "visit-demand",
            self.L("demand_chart"),
            "; ".join(f"{n}: {self.L('col_demand')} {self.F.number(t.demand)}, "
                      f"{self.L('col_capacity')} {self.F.number(t.capacity)}"
                      for n, t in zip(names, territories, strict=True)),
            names,
            [Series(self.L("col_demand"), [t.demand for t in territories], "s2"),
             Series(self.L("col_capacity"), [t.capacity for t in territories], "s1")],
            self.F.number,
        )

    def matrix_chart(self) -> str:
        settings = self.portfolio.programme.matrix
        points = self.selection.matrix
        if not points:
            return ""
        css = {"maintain": "s3", "develop": "s1", "selective": "s4", "reduce": "s2"}
        position = self.L("matrix_position_" + settings.position)
        share = settings.position == "share_of_wallet"
        fmt_y = self.F.percent if share else (lambda v: self.F.number(v, 2))
        chart_points = [
            Point(p.attractiveness, p.position, self.names[p.account_id], p.revenue,
                  css[p.quadrant],
                  f"{self.names[p.account_id]}: {self.F.number(p.attractiveness, 1)}, "
                  f"{fmt_y(p.position)}, {self.F.money_short(p.revenue)} "
                  f"({self.L('matrix_' + p.quadrant)})")
            for p in points
        ]
        top = 1.0 if share else max(2.0, max(p.position for p in points))
        return scatter_chart(
            "portfolio-matrix",
            self.L("matrix_title"),
            "; ".join(p.tooltip for p in chart_points),
            chart_points,
            Axis(0, 100, self.L("axis_attractiveness"), settings.attractiveness_split,
                 lambda v: self.F.number(v), (0, 25, 50, 75, 100)),
            Axis(0, top, position, settings.split, fmt_y,
                 (0, 0.25, 0.5, 0.75, 1.0) if share else (0, settings.split, top)),
            (self.L("matrix_selective"), self.L("matrix_maintain"),
             self.L("matrix_reduce"), self.L("matrix_develop")),
        )

    def extra_pages(self, account: Account, source: str) -> list[ExtraPage]:
        """Links from the page ``source`` to the account's own pages, with their titles."""
        return [ExtraPage(page_title(page), link(source, page.rel, self.directory_urls))
                for page in account.pages]

    def _inputs(self) -> bytes:
        """What every account page depends on besides its own plan."""
        p = self.portfolio
        digest = hashlib.blake2b(digest_size=20)
        for part in (p.programme.model_dump_json(), *(m.model_dump_json() for m in p.team),
                     *(t.model_dump_json() for t in p.territories),
                     *(f"{cid}={c.model_dump_json()}" for cid, c in p.checklists.items()),
                     self.today.isoformat(), repr(self.seen), str(self.directory_urls)):
            digest.update(part.encode())
        return digest.digest()

    def _account_key(self, account: Account) -> bytes:
        """The digest of what the account's figures and findings depend on: its plan (by
        the digest of its file where the loader made one) and the inputs of every page."""
        key = self._keys.get(account.id)
        if key is None:
            digest = hashlib.blake2b(self._shared_inputs, digest_size=20)
            digest.update(f"{account.id}\0{account.file}\0".encode())
            digest.update(b"file\0" + account.digest if account.digest is not None
                          else b"plan\0" + account.plan.model_dump_json().encode())
            key = self._keys[account.id] = digest.digest()
        return key

    def _page_key(self, account: Account) -> bytes:
        digest = hashlib.blake2b(self._account_key(account), digest_size=20)
        for page in account.pages:
            digest.update(f"{page.rel}\0{page_title(page)}\0".encode())
        return digest.digest()

    def account_page(self, account: Account, path: str | None = None) -> str:
        """The account's page (at ``path``, by default its place in the internal site); in a
        preview the one remembered when none of its inputs changed (:mod:`kamgen.session`)."""
        path = path or ACCOUNT_PAGE.format(id=account.id)
        # An HTML page whether it is rendered now or remembered.
        self.html_pages.add(path)
        pages = self.page_cache
        if pages is None:
            return self._account_page(account, path)
        key = hashlib.blake2b(self._page_key(account) + path.encode(), digest_size=20).digest()
        page = pages.get(key)
        if page is None:
            if len(pages) >= PAGES_MAX:
                pages.clear()
            page = pages[key] = self._account_page(account, path)
        return page

    def _account_page(self, account: Account, path: str) -> str:
        plan = account.plan
        self._contacts = {c.id: c.name for c in plan.network}
        figures = self.figures[account.id]
        order = {"high": 0, "medium": 1, "low": 2}
        territory = self.portfolio.territory(plan.territory)
        return self.page(
            "account.html.j2", path,
            sections=ACCOUNT_SECTIONS,
            margin_rate=margin_rate,
            task=_task,
            plan=plan,
            account=account,
            fig=figures,
            klass=figures.rating.account_class if figures.rating else None,
            territory_label=territory.name if territory else plan.territory,
            top_pains=sorted(plan.analysis.pains, key=lambda p: order[p.impact])[:3],
            business=sorted(plan.business, key=lambda b: b.year),
            business_chart=Markup(self.business_chart(account)),
            profile_svg=Markup(self.profile_chart(account)),
            competence_svg=Markup(self.competence_chart(account)),
            network_svg=Markup(self.network_chart(account)),
            competitor_names={c.id: c.name for c in plan.positioning.competitors},
            kpi=self.kpi,
            checklist_rows=self.checklist_rows(plan.checklists),
            plan_check=self.plan_checks.get(account.id),
            pages=self.extra_pages(account, path),
        )

    def page(self, template: str, path: str, **context: Any) -> str:
        """The page ``path`` from ``template``; a template of HTML blocks between headings
        (see account.html.j2) makes ``path`` one of :attr:`Site.html_pages`."""
        common = self.common()
        if is_html_template(template):
            self.html_pages.add(path)
            common["L"], common["T"] = self.html_labels, self.html_table
        return self.env.get_template(template).render(
            **common, **context,
            href=lambda target: link(path, target, self.directory_urls))


def page_title(page: AccountPage) -> str:
    """An account's own page's title: its front matter's ``title``, else its first
    heading, else its file name."""
    if page.title:
        return page.title
    heading = _FIRST_HEADING.search(page.body)
    if heading:
        return html.unescape(heading.group(1))
    return Path(page.rel).stem.replace("-", " ").title()


_FIRST_HEADING = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


def generate(portfolio: Portfolio, today: dt.date, chosen: Edition = INTERNAL,
             directory_urls: bool = True, page_cache: dict[bytes, str] | None = None,
             account_cache: dict[bytes, AccountMemory] | None = None) -> Site:
    """Every page of the site for ``portfolio``, with figures as of ``today``, for the
    internal edition or the shared edition of one account (:func:`kamgen.audience.redact`
    decides what it holds); links between pages follow the engine's ``directory_urls``.
    A preview passes its ``page_cache`` and ``account_cache``: account pages, figures and
    findings whose inputs did not change are taken from them."""
    redacted = redact(portfolio, chosen)
    if chosen.shared:
        return _shared_edition(_Writer(redacted.portfolio, today, redacted.seen,
                                       directory_urls, page_cache, account_cache))
    seen = redacted.seen
    writer = _Writer(portfolio, today, seen, directory_urls, page_cache, account_cache)
    L = writer.L
    accounts = writer.ordered_accounts()
    pages: dict[str, str] = {}
    shared = {"accounts": accounts, "figures": writer.figures, "names": writer.names,
              "selection": writer.selection}
    figures = writer.figures
    keys = [a for a in accounts if a.plan.status == "key_account"]
    classes = [figures[a.id].rating for a in keys]
    max_age = portfolio.programme.policy.review_max_age_days
    pages["index.md"] = writer.page(
        "home.md.j2", "index.md",
        **shared,
        candidates=sum(1 for a in accounts if a.plan.status == "candidate"),
        class_mix=" · ".join(
            f"{L('class_' + k)}: {sum(1 for r in classes if r and r.account_class == k)}"
            for k in "ABC"
        ),
        open_actions=sum(len(figures[a.id].open_actions) for a in accounts),
        overdue_actions=sum(len(figures[a.id].overdue_actions) for a in accounts),
        matrix_chart=Markup(writer.matrix_chart()),
        plan_checks=writer.checks.plans,
        portfolio_findings=writer.checks.portfolio,
        matrix_points=sorted(writer.selection.matrix,
                             key=lambda p: (-p.attractiveness, p.account_id)),
        stale_plans=sum(
            1 for a in keys
            if a.plan.reviewed is None or (today - a.plan.reviewed).days > max_age
        ),
    )
    pages["accounts/index.md"] = writer.page("accounts.md.j2", "accounts/index.md", **shared)
    for account in accounts:
        pages[ACCOUNT_PAGE.format(id=account.id)] = writer.account_page(account)
    programme = portfolio.programme
    pages["selection/index.md"] = writer.page(
        "selection.md.j2", "selection/index.md",
        **shared,
        selection_rows=sorted(
            writer.selection.rows,
            key=lambda r: (not r.disagreements, writer.names[r.account_id]),
        ),
        pareto=[("revenue", writer.selection.revenue,
                 Markup(writer.pareto_chart("revenue", writer.selection.revenue))),
                ("margin", writer.selection.margin,
                 Markup(writer.pareto_chart("margin", writer.selection.margin)))],
        territories=writer.selection.territories,
        demand_chart=Markup(writer.demand_chart()),
    )
    charter = programme.charter.model_dump()
    areas = ("structures", "steering", "strategy", "solutions", "capabilities")
    pages["programme/index.md"] = writer.page(
        "programme.md.j2", "programme/index.md",
        charter=[(key, answer) for key, answer in charter.items() if answer],
        areas=[(key, getattr(programme.areas, key)) for key in areas],
        checklist_rows=writer.checklist_rows(
            {cid: programme.checklist_state.get(cid, {}) for cid in programme.checklists}
        ),
    )
    used_by: dict[str, list[Account]] = {}
    for account in sorted(accounts, key=lambda a: a.plan.name):
        for checklist_id in account.plan.checklists:
            used_by.setdefault(checklist_id, []).append(account)
    languages = [programme.language] + [x for x in ("de", "en") if x != programme.language]
    pages["checklists/index.md"] = writer.page(
        "checklists.md.j2", "checklists/index.md", **shared, used_by=used_by, languages=languages,
        language_names={"de": "Deutsch", "en": "English"},
    )
    pages["tags.md"] = writer.page("tags.md.j2", "tags.md")
    nav = [
        {L("nav_home"): "index.md"},
        {L("nav_accounts"): "accounts/index.md"},
        {L("nav_selection"): "selection/index.md"},
        {L("nav_programme"): "programme/index.md"},
        {L("nav_checklists"): "checklists/index.md"},
        {L("nav_tags"): "tags.md"},
    ]
    return Site(
        pages=pages,
        nav=nav,
        title=f"{programme.company} · {L('site_title')}",
        language=programme.language,
        own_pages=tuple(p for a in accounts for p in a.pages),
        attachments=tuple(f for a in accounts for f in a.attachments),
        html_pages=frozenset(writer.html_pages),
    )


def _shared_edition(writer: _Writer) -> Site:
    """The shared edition of one account: its page is the home page, its own pages follow;
    nothing of the portfolio, the programme or another account."""
    L = writer.L
    (account,) = writer.portfolio.accounts.values()
    programme = writer.portfolio.programme
    return Site(
        pages={"index.md": writer.account_page(account, "index.md")},
        # The account's own pages are linked from its page (nav labels reach the theme as
        # they are, so only kamgen's own labels go into the nav).
        nav=[{L("nav_home"): "index.md"}],
        title=f"{account.plan.name} · {programme.company} · {L('shared_edition')}",
        language=programme.language,
        own_pages=account.pages,
        attachments=account.attachments,
        html_pages=frozenset(writer.html_pages),
        shared_edition=True,
    )
