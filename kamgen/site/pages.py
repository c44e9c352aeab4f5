"""Write the site's Markdown pages from a portfolio: ``{path: markdown}``.

The pages are plain Markdown with inline SVG and a little HTML that Material styles
(grid cards, badges); any engine that reads Markdown can build them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import posixpath
import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar, cast

from jinja2 import Environment, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from ..audience import INTERNAL, Edition, Visibility, redact
from ..checks import CheckResult, Finding, PlanCheck, check
from ..history.diff import Change, Value
from ..history.render import ENGLISH, SHARES, Words, describe, percent_digits
from ..history.timeline import History, plan_history
from ..method.kep import AccountFigures, account_figures
from ..method.people import PersonWork, team_work
from ..method.portfolio import portfolio_figures, ranked
from ..method.rounding import largest_remainder
from ..method.selection import Selection, selection
from ..model import Account, AccountPage, Attachment, Portfolio, TeamMember
from ..session import PAGES_MAX, Session
from . import charts, reference
from .charts import signed
from .context import AccountContext, ChecklistRow, ExtraPage, checklist_rows
from .html_page import HeadingMarks, HtmlPage, Pages
from .i18n import Formats, HtmlLabels, Labels, shared_edition_banner
from .ics import CALENDAR, person_calendar
from .render import environment, is_html_template
from .sections import ACCOUNT_SECTIONS

__all__ = ["ACCOUNT_PAGE", "PERSON_PAGE", "AccountMemory", "Site", "generate"]

ACCOUNT_PAGE = "accounts/{id}/index.md"
"""Where an account's page goes; its extra pages sit beside it."""
PERSON_PAGE = "team/{id}/index.md"
"""Where a team member's page goes; their calendar sits beside it."""

@dataclass(frozen=True)
class AccountMemory:
    """What a preview remembers of an account between rebuilds: its figures and findings."""

    figures: AccountFigures
    check: PlanCheck | None
    """``None`` where the edition shows no findings, or for a former account."""


@dataclass(frozen=True)
class Site:
    """The generated pages and what the engine adapter needs besides them."""

    pages: Pages
    """Path below the site root → Markdown; the pages of headings and HTML blocks (the
    account pages and the portfolio pages that list every account) also as their
    structure (:meth:`Pages.html`), which an engine adapter may put in place as it is
    (:mod:`kamgen.mkdocs_plugin`)."""
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
    files: tuple[tuple[str, bytes], ...] = ()
    """Files kamgen writes beside the pages (path below the site root, content): each
    team member's calendar."""

    @property
    def html_pages(self) -> frozenset[str]:
        """The paths of the pages made of headings and HTML blocks."""
        return self.pages.html_paths


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
    """Writes the pages of one edition: what every page needs is set up once, each page is
    then a function of it and of the page's own context."""

    def __init__(self, portfolio: Portfolio, today: dt.date, seen: Visibility,
                 directory_urls: bool = True,
                 page_cache: dict[bytes, Any] | None = None,
                 account_cache: dict[bytes, AccountMemory] | None = None,
                 history: History | None = None) -> None:
        self.portfolio = portfolio
        self.page_cache = page_cache
        self.history = history
        self.seen = seen
        self.today = today
        self.directory_urls = directory_urls
        programme = portfolio.programme
        self.language = programme.language
        self.L = Labels(self.language)
        self.html_labels = HtmlLabels(self.L)
        self.html_table = self.html_labels.table
        self.F = Formats(self.language, programme.currency)
        self.env: Environment = environment()
        self.env.filters.update(
            contact=_contact_name,
            label=self.L,
            prefix=lambda value, prefix: f"{prefix}{value}",
            signed=signed,
        )
        self.words = Words({key: self.L(f"diff_{key}") for key in ENGLISH}, self.value,
                           self._finding_of)
        self.env.globals.update(sections=ACCOUNT_SECTIONS, task=_task, kpi=self.kpi,
                                describe=self.describe)
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

    def describe(self, change: Change) -> str:
        """A change of a plan in the site's language (plain text: escape before use)."""
        return describe(change, self.words)

    def value(self, name: str, value: Value) -> str:
        """A value of a change (its field or topic ``name``) as the site writes it."""
        if value is None:
            return "–"
        if isinstance(value, str):
            labels = {"status": "status_", "kpi_status": "light_", "action_status": "action_",
                      "attitude": "attitude_", "perspective": "perspective_"}
            if name in labels:
                return self.L(labels[name] + value)
            if name in ("owner", "old_owner"):
                return self.person(value)
            if name == "due":
                return self.F.date(dt.date.fromisoformat(value))
            return value
        if name in SHARES:
            return self.F.percent(value, percent_digits(value))
        return self.F.number(value, 2) if name == "score" else self.F.decimal(value)

    def _finding_of(self, change: Change) -> str:
        return self.finding_text(change.finding) if change.finding else change.subject

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
            "parts": largest_remainder,
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

    def checklist_rows(self, states: Mapping[str, Mapping[str, str]]) -> list[ChecklistRow]:
        return checklist_rows(self.portfolio, states, self.language)

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
        if self.history is not None:
            digest.update(repr((self.history.shallow,
                                self.history.accounts.get(account.id))).encode())
        for page in account.pages:
            digest.update(f"{page.rel}\0{page_title(page)}\0".encode())
        return digest.digest()

    def account_page(self, account: Account, path: str | None = None) -> HtmlPage:
        """The account's page (at ``path``, by default its place in the internal site); in a
        preview the one remembered when none of its inputs changed (:mod:`kamgen.session`)."""
        path = path or ACCOUNT_PAGE.format(id=account.id)
        pages = self.page_cache
        if pages is None:
            return self._account_page(account, path)
        key = hashlib.blake2b(self._page_key(account) + path.encode(), digest_size=20).digest()
        page = pages.get(key)
        if not isinstance(page, HtmlPage):
            if len(pages) >= PAGES_MAX:
                pages.clear()
            page = pages[key] = self._account_page(account, path)
        return page

    def account_context(self, account: Account, path: str) -> AccountContext:
        """What the page of ``account`` at ``path`` shows."""
        plan = account.plan
        figures = self.figures[account.id]
        territory = self.portfolio.territory(plan.territory)
        history = self.history.accounts.get(account.id) if self.history else None
        L = self.L
        return AccountContext(
            account=account,
            plan=plan,
            fig=figures,
            klass=figures.rating.account_class if figures.rating else None,
            territory_label=territory.name if territory else plan.territory,
            business_chart=Markup(charts.business_chart(
                account.id, plan.name, [row.year for row in figures.business], L, self.F)),
            profile_svg=Markup(charts.profile_chart(account.id, plan.name,
                                                    plan.positioning, L)),
            competence_svg=Markup(charts.competence_chart(account.id, plan.name,
                                                          figures.competence_fields, L)),
            network_svg=Markup(charts.network_chart(account.id, plan.name, plan.network,
                                                    self.seen.attitudes, L)),
            competitor_names={c.id: c.name for c in plan.positioning.competitors},
            contacts={c.id: c.name for c in plan.network},
            checklist_rows=tuple(self.checklist_rows(plan.checklists)),
            plan_check=self.plan_checks.get(account.id),
            pages=tuple(self.extra_pages(account, path)),
            history=history,
            history_svg=Markup(charts.history_chart(account.id, plan.name, history.points,
                                                    L, self.F)) if history else Markup(""),
            history_shallow=self.history is not None and self.history.shallow,
        )

    def _account_page(self, account: Account, path: str) -> HtmlPage:
        page = self.page("account.html.j2", path,
                         **self.account_context(account, path).variables())
        assert isinstance(page, HtmlPage)
        return page

    def page(self, template: str, path: str, **context: Any) -> str | HtmlPage:
        """The page ``path`` from ``template``: Markdown, or from a template of headings
        and HTML blocks (see account.html.j2) the page's structure."""
        common = self.common()
        href = lambda target: link(path, target, self.directory_urls)  # noqa: E731
        common["rows"] = partial(self.rows, f"{template}\0{path}")
        if not is_html_template(template):
            return self.env.get_template(template).render(**common, **context, href=href)
        common["L"], common["T"] = self.html_labels, self.html_table
        headings = HeadingMarks()
        return headings.page(self.env.get_template(template).render(
            **common, **context, href=href, heading=headings))


    def rows(self, where: str, row: Callable[[Any, int], str], items: Iterable[Any],
             *key: str, scope: Any = None) -> Markup:
        """The rows of a portfolio page's table, ``{{ rows(macro, items, 'account', …) }}``:
        ``row(item, number)`` (a macro of the template; ``number`` counts from 1) for each
        item. In a preview a row is what was written last time for the same ``key`` while
        what every page depends on stayed the same, so that one edited plan writes its own
        rows again and not those of every account. The key of an item is made of, in
        order: ``'account'`` the item's account (the item itself, or the account its
        ``account_id`` names) as what its figures depend on; ``'#'`` its number; ``'item'``
        its ``repr``; any other name the ``repr`` of that attribute (``'contact.id'``).
        ``scope`` tells apart tables that share a macro. The loop runs here, not in Jinja:
        a page of a thousand accounts has tens of thousands of rows."""
        kept = self._kept_rows()
        if kept is None:
            return Markup("".join(str(row(item, number))
                                  for number, item in enumerate(items, 1)))
        where = f"{where}\0{getattr(row, 'name', '')}\0{scope!r}"
        accounts = self.portfolio.accounts
        made: list[str] = []
        for number, item in enumerate(items, 1):
            parts = tuple((item if isinstance(item, Account) else accounts[item.account_id])
                          if part == "account" else number if part == "#"
                          else item if part == "item" else attrgetter(part)(item)
                          for part in key)
            found = self._row_key(where, parts)
            text = kept.get(found)
            if text is None:
                text = kept[found] = str(row(item, number))
            made.append(text)
        return Markup("".join(made))

    def remembered(self, where: str, parts: tuple[Any, ...], make: Callable[[], _Kept]
                   ) -> _Kept:
        """``make()``, or in a preview what it made last time for the same ``where`` and
        ``parts`` while what every page depends on stayed the same (:meth:`_row_key`)."""
        kept = self._kept_rows()
        if kept is None:
            return make()
        key = self._row_key(where, parts)
        value = kept.get(key)
        if value is None:
            value = kept[key] = make()
        return cast(_Kept, value)

    def _row_key(self, where: str, parts: tuple[Any, ...]) -> tuple[Any, ...]:
        """What a kept row is found by: ``where`` and its ``parts``, an account standing
        for what its figures depend on and anything else for its ``repr``."""
        return (where, *(self._account_key(part) if isinstance(part, Account) else repr(part)
                         for part in parts))

    def _kept_rows(self) -> dict[Any, Any] | None:
        """A preview's rows, kept for one state of what every page depends on: when that
        changes (the programme, the team, the day), every row is written anew."""
        if self.page_cache is None:
            return None
        kept = self.page_cache.get(_ROWS)
        if not isinstance(kept, dict) or len(kept) >= ROWS_MAX \
                or kept.get(_ROWS) != self._shared_inputs:
            kept = self.page_cache[_ROWS] = {_ROWS: self._shared_inputs}
        return kept


_ROWS = b"portfolio rows"
"""The key in a preview's page cache of what :meth:`_Writer.remembered` keeps: the rows of
the portfolio pages, the person pages and calendars."""
_Kept = TypeVar("_Kept", str, bytes)

ROWS_MAX = 20 * PAGES_MAX
"""At most this many rows are kept; then they are written anew (rows of plans as they
were before an edit are never asked for again)."""


@pass_context
def _contact_name(context: Context, contact_id: str) -> str:
    """A contact's name on the account page being written (its id when it has none)."""
    contacts: Mapping[str, str] = context["contacts"]
    return contacts.get(contact_id, contact_id)


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


_PORTFOLIO_PAGES = (
    ("home", "index.md", "home.md.j2"),
    ("accounts", "accounts/index.md", "accounts.md.j2"),
    ("selection", "selection/index.md", "selection.md.j2"),
    ("programme", "programme/index.md", "programme.md.j2"),
    ("team", "team/index.md", "team.md.j2"),
    ("checklists", "checklists/index.md", "checklists.md.j2"),
    ("tags", "tags.md", "tags.md.j2"),
)
"""The internal edition's pages besides the account pages, in the order of the nav: name
(its label is ``nav_<name>``), path, template."""


def generate(portfolio: Portfolio, today: dt.date, chosen: Edition = INTERNAL,
             directory_urls: bool = True, page_cache: dict[bytes, Any] | None = None,
             account_cache: dict[bytes, AccountMemory] | None = None,
             history: History | None = None) -> Site:
    """Every page of the site for ``portfolio``, with figures as of ``today``, for the
    internal edition or the shared edition of one account (:func:`kamgen.audience.redact`
    decides what it holds); links between pages follow the engine's ``directory_urls``.
    A preview passes its ``page_cache`` and ``account_cache``: account pages, figures and
    findings whose inputs did not change are taken from them. ``history`` (the internal
    edition's) gives each account page its history section; a shared edition never shows
    one."""
    redacted = redact(portfolio, chosen)
    if chosen.shared:
        return _shared_edition(_Writer(redacted.portfolio, today, redacted.seen,
                                       directory_urls, page_cache, account_cache))
    seen = redacted.seen
    writer = _Writer(portfolio, today, seen, directory_urls, page_cache, account_cache,
                     history)
    L = writer.L
    accounts = ranked(portfolio.accounts.values(), writer.figures)
    work = team_work([member.id for member in portfolio.team], accounts, writer.figures,
                     today, portfolio.programme.policy.review_max_age_days)
    people = [(member, work[member.id]) for member in portfolio.team]
    contexts = _portfolio_contexts(writer, accounts)
    contexts["team"] = {"people": people}
    portfolio_pages = {path: writer.page(template, path, **contexts[name])
                       for name, path, template in _PORTFOLIO_PAGES}
    portfolio_pages.update(_person_pages(writer, people))
    # Written each time an engine asks for them, not kept (html_page.Pages).
    account_pages = {ACCOUNT_PAGE.format(id=account.id): partial(writer.account_page, account)
                     for account in accounts}
    # The account pages follow the list of accounts (a key given twice keeps its place).
    pages: dict[str, Any] = {"index.md": "", "accounts/index.md": "",
                             **account_pages, **portfolio_pages,
                             reference.PAGE: _reference_page(L)}
    programme = portfolio.programme
    return Site(
        pages=Pages(pages),
        nav=[{L(f"nav_{name}"): path} for name, path, _ in _PORTFOLIO_PAGES],
        title=f"{programme.company} · {L('site_title')}",
        language=programme.language,
        own_pages=tuple(p for a in accounts for p in a.pages),
        attachments=tuple(f for a in accounts for f in a.attachments),
        files=tuple((CALENDAR.format(id=member.id),
                     person_calendar(member, work, writer.names, programme.company, today, L,
                                     partial(_event_of, writer)))
                    for member, work in people),
    )


def _reference_page(L: Labels) -> str:
    """The plan-format reference as a page of the programme, in the site's language: made
    once per language and process (it is a function of kamgen's models, and making their
    schemas takes longer than a preview's rebuild)."""
    page = _REFERENCE_PAGES.get(L.language)
    if page is None:
        title = json.dumps(L("ref_title"), ensure_ascii=False)
        page = _REFERENCE_PAGES[L.language] = \
            f"---\ntitle: {title}\n---\n\n{reference.reference(L)}"
    return page


_REFERENCE_PAGES: dict[str, str] = {}


def _person_pages(writer: _Writer, people: list[tuple[TeamMember, PersonWork]]
                  ) -> dict[str, str | HtmlPage]:
    """Each team member's page: their accounts, open actions, contacts to meet and
    plans due for review, with the completeness the checks found for each account."""
    def completeness_of(account_id: str) -> float | None:
        plan_check = writer.plan_checks.get(account_id)
        return plan_check.completeness if plan_check else None

    return {PERSON_PAGE.format(id=member.id): writer.page(
                "person.md.j2", PERSON_PAGE.format(id=member.id), member=member, work=work,
                names=writer.names, completeness_of=completeness_of)
            for member, work in people}


def _event_of(writer: _Writer, account_id: str, what: tuple[Any, ...],
              make: Callable[[], bytes]) -> bytes:
    """A calendar's event of an account (``what``: which one): in a preview written again
    only when the account's plan changed."""
    return writer.remembered("event", (writer.portfolio.accounts[account_id], *what), make)


def _portfolio_contexts(writer: _Writer, accounts: list[Account]) -> dict[str, dict[str, Any]]:
    """What each page of :data:`_PORTFOLIO_PAGES` shows, by name."""
    portfolio, today, L, F = writer.portfolio, writer.today, writer.L, writer.F
    programme = portfolio.programme
    chosen = writer.selection
    shared = {"accounts": accounts, "figures": writer.figures, "names": writer.names,
              "selection": chosen}
    figures = writer.figures
    home = dict(
        shared,
        overview=portfolio_figures(accounts, figures, today,
                                   programme.policy.review_max_age_days),
        matrix_chart=Markup(charts.matrix_chart(chosen.matrix, writer.names,
                                                programme.matrix, L, F)),
        plan_checks=writer.checks.plans,
        portfolio_findings=writer.checks.portfolio,
        matrix_points=sorted(chosen.matrix, key=lambda p: (-p.attractiveness, p.account_id)),
        latest_changes=_latest_changes(writer),
    )
    selection_page = dict(
        shared,
        selection_rows=sorted(
            chosen.rows,
            key=lambda r: (not r.disagreements, writer.names[r.account_id]),
        ),
        pareto=[(key, result, Markup(charts.pareto_chart(key, result, writer.names,
                                                         programme.pareto, L, F)))
                for key, result in (("revenue", chosen.revenue), ("margin", chosen.margin))],
        territories=chosen.territories,
        demand_chart=Markup(charts.demand_chart(
            chosen.territories, [writer.territory_name(t.territory_id)
                                 for t in chosen.territories], L, F)),
    )
    charter = programme.charter.model_dump()
    areas = ("structures", "steering", "strategy", "solutions", "capabilities")
    programme_page = dict(
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
    checklists_page = dict(
        shared, used_by=used_by, languages=languages,
        language_names={"de": "Deutsch", "en": "English"},
    )
    return {"home": home, "accounts": shared, "selection": selection_page,
            "programme": programme_page, "team": {}, "checklists": checklists_page,
            "tags": {}}


def _latest_changes(writer: _Writer, count: int = 10
                    ) -> list[tuple[dt.date, str, tuple[str, ...]]]:
    """(date, account id, what changed) of the account plans changed last, newest first."""
    if writer.history is None:
        return []
    rows = [(h.points[-1].date, account_id, tuple(writer.describe(c) for c in h.latest))
            for account_id, h in writer.history.accounts.items() if len(h.points) >= 2]
    return sorted(rows, key=lambda row: (row[0], row[1]), reverse=True)[:count]


def generate_for(session: Session, directory_urls: bool = True) -> Site:
    """The site of ``session``: its plans (loaded once), figures as of its date, its
    edition and caches, and for the internal edition of plans kept in git their history."""
    portfolio = session.plans_to_build()
    history = None if session.edition.shared else \
        plan_history(portfolio, session.date, session.history_memory, session.history_store)
    return generate(portfolio, session.date, session.edition, directory_urls,
                    session.page_cache, session.account_cache, history)


def _shared_edition(writer: _Writer) -> Site:
    """The shared edition of one account: its page is the home page, its own pages follow;
    nothing of the portfolio, the programme or another account."""
    L = writer.L
    (account,) = writer.portfolio.accounts.values()
    programme = writer.portfolio.programme
    return Site(
        pages=Pages({"index.md": writer.account_page(account, "index.md")}),
        # The account's own pages are linked from its page (nav labels reach the theme as
        # they are, so only kamgen's own labels go into the nav).
        nav=[{L("nav_home"): "index.md"}],
        title=f"{account.plan.name} · {programme.company} · {L('shared_edition')}",
        language=programme.language,
        own_pages=account.pages,
        attachments=account.attachments,
        shared_edition=True,
    )
