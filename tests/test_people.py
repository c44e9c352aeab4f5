"""A person's own work (method/people.py), against a hand-worked portfolio of three
accounts built directly from the models."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import handmade
import icalendar
import pytest

from kamgen.audience import Edition
from kamgen.checks import check
from kamgen.load import load_portfolio
from kamgen.method.kep import account_figures
from kamgen.method.people import PersonWork, answers_for, person_work, review_by, team_work
from kamgen.model import Account, AccountPlan, Portfolio
from kamgen.site import Site, generate

PLANS = Path(__file__).resolve().parents[1] / "plans"
TODAY = dt.date(2026, 11, 30)
REVIEW_DAYS = 120
CONTACT_DAYS = 90


def account(account_id: str, **plan: Any) -> Account:
    data = {"name": account_id.title(), "owner": "j.berger", "territory": "north", **plan}
    return Account(id=account_id, plan=AccountPlan.model_validate(data),
                   file=f"accounts/{account_id}.yaml")


def contact(contact_id: str, last: str | None, owner: str | None = None) -> dict[str, Any]:
    return {"id": contact_id, "name": contact_id.title(), "influence": 3, "relationship": 3,
            "last_contact": last, "owner": owner}


def example() -> tuple[list[Account], Portfolio]:
    """As of 30 Nov 2026, with reviews within 120 days and contacts within 90 days:

    - acme (Julia's, Tobias on its team), reviewed 2026-07-01: 152 days ago > 120, due;
      review by 2026-07-01 + 120 days = 2026-10-29. Actions: "offer" (no owner, so
      Julia's) due 2026-11-29, open → overdue (one day); "workshop" (Tobias) due
      2026-11-30, in progress → not overdue (due today); "call" (Julia) done → not open;
      "memo" (Julia) open without a date. Contacts: "ada" met 2026-08-31, 91 days ago
      > 90 → stale, no owner so Julia's; "bob" met 2026-09-01, 90 days → within;
      "cy" (Tobias) met 2026-06-01, 182 days → stale, Tobias's; "dan" never met → no
      finding.
    - beta (Tobias's), never reviewed: due, no review date. Action "visit" (Julia)
      due 2026-12-15 → open, not overdue.
    - omega (Julia's, former), reviewed 2025-01-01: due, but a former account is left
      out of the reviews due.
    """
    programme = handmade.programme(policy={"review_max_age_days": REVIEW_DAYS,
                                           "contact_max_age_days": CONTACT_DAYS})
    accounts = [
        account("acme", team=["t.wagner"], reviewed="2026-07-01",
                actions=[{"title": "offer", "due": "2026-11-29"},
                         {"title": "workshop", "owner": "t.wagner", "due": "2026-11-30",
                          "status": "in_progress"},
                         {"title": "call", "owner": "j.berger", "due": "2026-01-05",
                          "status": "done"},
                         {"title": "memo", "owner": "j.berger"}],
                network=[contact("ada", "2026-08-31"), contact("bob", "2026-09-01"),
                         contact("cy", "2026-06-01", "t.wagner"), contact("dan", None)]),
        account("beta", owner="t.wagner",
                actions=[{"title": "visit", "owner": "j.berger", "due": "2026-12-15"}]),
        account("omega", status="former", reviewed="2025-01-01"),
    ]
    portfolio = Portfolio(root=Path("plans"), programme=programme, team=(), territories=(),
                          checklists={}, accounts={a.id: a for a in accounts}, positions={})
    return accounts, portfolio


def work(person_id: str) -> Any:
    accounts, portfolio = example()
    figures = {a.id: account_figures(portfolio, a, TODAY) for a in accounts}
    return person_work(person_id, accounts, figures, TODAY, REVIEW_DAYS)


def test_a_team_s_work_is_each_person_s_work_and_nobody_else_s() -> None:
    # One pass over the accounts hands Tobias the workshop and Julia the offer: the same
    # rows as asking for each of them; a person with no account has nothing.
    accounts, portfolio = example()
    figures = {a.id: account_figures(portfolio, a, TODAY) for a in accounts}
    team = team_work(["j.berger", "t.wagner", "x.nobody"], accounts, figures, TODAY,
                     REVIEW_DAYS)
    assert team["j.berger"] == work("j.berger")
    assert team["t.wagner"] == work("t.wagner")
    assert [a.action.title for a in team["t.wagner"].actions] == ["workshop"]
    assert team["x.nobody"] == PersonWork("x.nobody", (), (), (), ())


def test_an_action_or_contact_without_owner_is_the_key_account_managers() -> None:
    assert answers_for(None, "j.berger") == "j.berger"
    assert answers_for("t.wagner", "j.berger") == "t.wagner"


def test_the_review_is_within_the_policy_until_its_last_day() -> None:
    assert review_by(dt.date(2026, 7, 1), 120) == dt.date(2026, 10, 29)
    assert review_by(None, 120) is None


def test_julias_accounts_managed_first_then_her_teams() -> None:
    julia = work("j.berger")
    assert [(a.account_id, a.role, a.review_due) for a in julia.accounts] == [
        ("acme", "owner", True), ("omega", "owner", False)]  # omega is a former account
    assert julia.accounts[0].review_by == dt.date(2026, 10, 29)
    tobias = work("t.wagner")
    assert [(a.account_id, a.role) for a in tobias.accounts] == [("beta", "owner"),
                                                                  ("acme", "team")]


def test_an_open_action_past_its_due_date_is_overdue_as_of_the_day() -> None:
    julia = work("j.berger")
    # offer (29 Nov, overdue), visit (15 Dec), memo (no date, last); call is done.
    assert [(a.account_id, a.action.title, a.overdue) for a in julia.actions] == [
        ("acme", "offer", True), ("beta", "visit", False), ("acme", "memo", False)]
    assert [a.index for a in julia.actions] == [0, 0, 3]
    assert julia.overdue == 1
    # Due today is not overdue yet.
    tobias = work("t.wagner")
    assert [(a.action.title, a.overdue) for a in tobias.actions] == [("workshop", False)]


def test_a_contact_beyond_the_policy_is_its_holders_to_meet() -> None:
    julia = work("j.berger")
    # ada: 91 days > 90; bob: 90 days is within; dan was never met: no date, no finding.
    assert [(s.account_id, s.contact.id, s.days) for s in julia.stale_contacts] == [
        ("acme", "ada", 91)]
    tobias = work("t.wagner")
    assert [(s.contact.id, s.days) for s in tobias.stale_contacts] == [("cy", 182)]


def test_plans_due_for_review_are_the_managed_ones_never_reviewed_first() -> None:
    assert [a.account_id for a in work("j.berger").reviews_due] == ["acme"]  # omega: former
    tobias = work("t.wagner")
    assert [(a.account_id, a.reviewed, a.review_by) for a in tobias.reviews_due] == [
        ("beta", None, None)]


def test_someone_without_accounts_has_nothing_to_do() -> None:
    nobody = work("m.kaya")
    assert (nobody.accounts, nobody.actions, nobody.stale_contacts, nobody.reviews_due) == (
        (), (), (), ())


# --- the example's person pages and calendars ------------------------------------------

EXAMPLE_DAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def example_site() -> Site:
    return generate(load_portfolio(PLANS), EXAMPLE_DAY)


def rows(page: str, heading: str) -> list[list[str]]:
    """The cells (their HTML) of the table below ``heading`` (## level) of a person's page;
    links as Markdown ``[text](address)``, to read as the page's Markdown would."""
    section = re.split(rf"\n## {re.escape(heading)}(?: {{ #[a-z-]+ }})?\n", page, maxsplit=1)[1]
    section = section.split("\n## ", 1)[0]
    body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in section else ""
    return [[re.sub(r'<a href="([^"]+)">(.*?)</a>', r"[\2](\1)", cell).strip()
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_the_team_page_links_each_persons_page(example_site: Site) -> None:
    team = example_site.pages["team/index.md"]
    for person_id, name in (("m.kaya", "Mehmet Kaya"), ("j.berger", "Julia Berger"),
                            ("s.hoffmann", "Sabine Hoffmann"), ("t.wagner", "Tobias Wagner")):
        assert f"| [{name}]({person_id}/index.md) |" in team
        assert f"team/{person_id}/index.md" in example_site.pages
        assert f"[{name}](../team/{person_id}/index.md)" in example_site.pages[
            "programme/index.md"]
    # Julia: 5 open actions, one overdue; one contact to meet; no plan to review.
    assert "| [Julia Berger](j.berger/index.md) | Key Account Managerin | 3 | 5, 1 überfällig" \
        " | 1 | 0 |" in team
    assert {"Team": "team/index.md"} in example_site.nav


def test_julias_page_lists_her_accounts_actions_and_contacts(example_site: Site) -> None:
    page = example_site.pages["team/j.berger/index.md"]
    assert page.startswith('---\ntitle: "Julia Berger"\n---\n\n# Julia Berger { #person }\n')
    # Elbkant and Nordwerk are hers, Velmar (Tobias's) has her on its team; the
    # completeness is what the checks found.
    assert [row[:3] + row[4:] for row in rows(page, "Kunden")] == [
        ["[Elbkant Verpackungen GmbH](../../accounts/elbkant-verpackungen/)",
         "Key Account Manager", "Key Account", "02.10.2026", "30.01.2027"],
        ["[Nordwerk Chemie AG](../../accounts/nordwerk-chemie/)",
         "Key Account Manager", "Key Account", "10.11.2026", "10.03.2027"],
        ["[Velmar Medizintechnik GmbH](../../accounts/velmar-medizintechnik/)",
         "Account-Team", "Key Account", "14.10.2026", "11.02.2027"]]
    checks = check(load_portfolio(PLANS), EXAMPLE_DAY)
    shown = {p.account: p.completeness for p in checks.plans}
    assert [row[3] for row in rows(page, "Kunden")] == [
        f"{round(100 * shown[a])}\u00a0%" for a in ("elbkant-verpackungen", "nordwerk-chemie",
                                                     "velmar-medizintechnik")]
    # Her actions in every account by due date; the survey was due on 30 Nov.
    actions = rows(page, "Offene Maßnahmen")
    assert [(row[0], row[2], row[3]) for row in actions] == [
        ("Kundenzufriedenheitsbefragung durchführen",
         '30.11.2026 <span class="kam-light kam-red">überfällig</span>', "In Arbeit"),
        ("Rahmenvertrag 2027 bis 2029 mit Preisgleitklausel verhandeln", "15.12.2026",
         "In Arbeit"),
        ("Dossier-Vorlage mit Frau Bauer abstimmen", "20.01.2027", "Offen"),
        ("Bemusterung der zweiten Type für die Becherlinie Uelzen", "29.01.2027", "Offen"),
        ("Rezyklat-Versuchsreihe gemeinsam mit der Verpackungsentwicklung", "31.03.2027",
         "Offen")]
    assert actions[2][1] == ("[Velmar Medizintechnik GmbH]"
                             "(../../accounts/velmar-medizintechnik/#actions)")
    # Jens Kruse was last met on 4 Aug 2026: 119 days before 1 Dec, more than 90.
    assert [(row[0], row[2], row[3]) for row in rows(
        page, "Kontakte, seit mehr als 90 Tagen nicht getroffen")] == [
        ("Jens Kruse <small>Produktionsleiter Uelzen</small>", "04.08.2026", "119")]
    assert page.rstrip().endswith(
        "## Pläne, die überprüft werden müssen (alle 120 Tage) { #reviews }\n\n<p>Keine.</p>")
    assert '<a href="calendar.ics">Kalender der Fälligkeiten und Überprüfungen</a>' in page


def test_a_plan_beyond_its_review_is_on_its_managers_page(example_site: Site) -> None:
    # Gravenhorst was reviewed on 12 May 2026: 203 days before 1 Dec, more than 120.
    page = example_site.pages["team/t.wagner/index.md"]
    assert rows(page, "Pläne, die überprüft werden müssen (alle 120 Tage)") == [
        ["[Gravenhorst Bauprofile GmbH](../../accounts/gravenhorst-bauprofile/)",
         "12.05.2026", "09.09.2026"]]


def events(site: Site, person_id: str) -> list[Any]:
    data = dict(site.files)[f"team/{person_id}/calendar.ics"]
    calendar = icalendar.Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


def test_julias_calendar_holds_her_dated_actions_and_reviews(example_site: Site) -> None:
    found = [(str(e["summary"]), e["dtstart"].dt, e["dtend"].dt, str(e["uid"]))
             for e in events(example_site, "j.berger")]
    assert [(summary, start) for summary, start, _, _ in found] == [
        ("Elbkant Verpackungen GmbH: Kundenzufriedenheitsbefragung durchführen",
         dt.date(2026, 11, 30)),
        ("Nordwerk Chemie AG: Rahmenvertrag 2027 bis 2029 mit Preisgleitklausel verhandeln",
         dt.date(2026, 12, 15)),
        ("Velmar Medizintechnik GmbH: Dossier-Vorlage mit Frau Bauer abstimmen",
         dt.date(2027, 1, 20)),
        ("Elbkant Verpackungen GmbH: Bemusterung der zweiten Type für die Becherlinie Uelzen",
         dt.date(2027, 1, 29)),
        ("Nordwerk Chemie AG: Rezyklat-Versuchsreihe gemeinsam mit der Verpackungsentwicklung",
         dt.date(2027, 3, 31)),
        # The review of each plan she manages, on its last day within 120 days.
        ("Elbkant Verpackungen GmbH: Plan überprüfen", dt.date(2027, 1, 30)),
        ("Nordwerk Chemie AG: Plan überprüfen", dt.date(2027, 3, 10))]
    # All-day events: a date (not a time), ending the next day.
    for _, start, end, _ in found:
        assert type(start) is dt.date and end == start + dt.timedelta(days=1)
    uids = [uid for *_, uid in found]
    assert len(set(uids)) == len(uids)
    assert str(events(example_site, "j.berger")[0]["description"]) == \
        "Status: In Arbeit · überfällig"
    calendar = icalendar.Calendar.from_ical(dict(example_site.files)[
        "team/j.berger/calendar.ics"])
    assert str(calendar["x-wr-calname"]) == "Julia Berger: Maßnahmen und Überprüfungen"
    assert calendar["refresh-interval"].dt == dt.timedelta(hours=12)


def test_an_events_uid_stays_when_its_date_and_status_change(tmp_path: Path) -> None:
    """A subscription matches events by UID: a moved action is the same event."""
    before = {str(e["summary"]): str(e["uid"])
              for e in events(generate(load_portfolio(PLANS), EXAMPLE_DAY), "j.berger")}
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    path = plans / "accounts" / "elbkant-verpackungen.yaml"
    text = path.read_text("utf-8")
    assert text.count("due: 2026-11-30\n    status: in_progress") == 1
    path.write_text(text.replace("due: 2026-11-30\n    status: in_progress",
                                 "due: 2026-12-20\n    status: open"), "utf-8")
    moved = events(generate(load_portfolio(plans), EXAMPLE_DAY + dt.timedelta(days=3)),
                   "j.berger")
    after = {str(e["summary"]): str(e["uid"]) for e in moved}
    assert after == before
    survey = next(e for e in moved if "Kundenzufriedenheit" in str(e["summary"]))
    assert survey["dtstart"].dt == dt.date(2026, 12, 20)


def test_plan_text_in_a_calendar_stays_text(tmp_path: Path) -> None:
    """A title with line breaks and iCalendar syntax is one event's summary, escaped."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    path = plans / "accounts" / "elbkant-verpackungen.yaml"
    text = path.read_text("utf-8")
    hostile = "Angebot; Preis, neu\\nEND:VEVENT\\r\\nBEGIN:VEVENT\\nSUMMARY:fremd"
    path.write_text(text.replace("title: Kundenzufriedenheitsbefragung durchführen",
                                 f'title: "{hostile}"', 1), "utf-8")
    site = generate(load_portfolio(plans), EXAMPLE_DAY)
    found = events(site, "j.berger")
    assert len(found) == 7
    summary = str(found[0]["summary"])
    # (iCalendar writes every line break as one: the CR of CR LF goes.)
    assert summary == "Elbkant Verpackungen GmbH: Angebot; Preis, neu\nEND:VEVENT\n" \
        "BEGIN:VEVENT\nSUMMARY:fremd"
    assert b"\nBEGIN:VEVENT\r\nSUMMARY:fremd" not in dict(site.files)[
        "team/j.berger/calendar.ics"]


def test_the_customer_edition_has_no_person_page_and_no_calendar() -> None:
    site = generate(load_portfolio(PLANS), EXAMPLE_DAY,
                    Edition("customer", "nordwerk-chemie"))
    assert not [path for path in site.pages if path.startswith("team/")]
    assert site.files == ()
