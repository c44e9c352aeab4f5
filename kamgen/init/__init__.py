"""``kamgen init``: a new plans repository that validates, checks and builds as it stands.

It holds the plans (kam.yaml with the programme charter's questions to answer, team.yaml,
territories.yaml, the fourteen checklists, one example account), the editor schemas, the
GitHub workflows (pull request, publish, nightly) that use kamgen's action, a CODEOWNERS
made from the plans, a pre-commit configuration with kamgen's hooks, a README for plan
authors, a .gitignore, and requirements.txt pinning the kamgen that made it.

Everything is written into a new folder beside the target and put in the target's place
in one rename once it is complete and valid, so a failure leaves nothing half-written.
The templates live in ``templates/`` beside this module and ship in the wheel.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from ..codeowners import render as codeowners_text
from ..errors import ConfigError, KamgenError, PlanErrors
from ..load import load_portfolio
from ..model.programme import CURRENCY_PATTERN, Charter
from ..model.team import GITHUB_PATTERN
from ..scaffold import check_name, yaml_text
from ..schema import FOLDER, write_schemas
from ..site.i18n import catalogue

__all__ = ["ACTION", "CODEOWNERS", "EXAMPLE", "LEAD", "TEMPLATES", "WORKFLOWS",
           "check_action", "check_currency", "files", "init_repository"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
"""The files ``kamgen init`` writes as they are, or with ``$name`` filled in."""

ACTION = "kamgen/kamgen@v1"
"""kamgen's GitHub Action (``action.yml`` at the root of kamgen's repository), as the
workflows of a new repository use it."""

LEAD = "kam.lead"
"""The team.yaml id of the example person, who leads the programme and owns the example."""
EXAMPLE = "example-account"
"""The id of the example account."""
TERRITORY = "home"
"""The id of the example territory."""

WORKFLOWS = ("pull-request.yml", "publish.yml", "nightly.yml")
"""The workflows in ``.github/workflows/``."""
CODEOWNERS = ".github/CODEOWNERS"

_ACTION_PATTERN = (r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+(/[A-Za-z0-9_./-]+)?"
                   r"@[A-Za-z0-9_./-]+")

_TEXT: Mapping[str, Mapping[str, str]] = {
    "en": {
        "company": "Your Company",
        "criteria": "revenue: Revenue; margin: Contribution margin; potential: Growth "
                    "potential; fit: Strategic fit; reference: Reference value",
        "lead_name": "Head of Key Account Management",
        "territory": "Home territory",
        "account": "Example Customer Ltd",
        "industry": "Mechanical engineering",
        "city": "Example City",
        "summary": "A fictional customer, a maker of packaging machines with two plants: it "
                   "shows every section of a plan. Copy what helps, then delete this file.",
        "goal1": "Shorter delivery times",
        "goal2": "Lower energy cost per machine",
        "pain": "Unplanned stops on the filling lines",
        "initiative": "Energy use down 20 % by 2030",
        "contribution": "Our low-friction compounds for the drive trains",
        "step": "Needs analysis",
        "o_financial": "Grow our share of wallet",
        "k_financial": "Share of wallet",
        "o_customer": "Be the preferred supplier for new machines",
        "k_customer": "Share of new machine projects",
        "o_processes": "Deliver on time",
        "k_processes": "On-time delivery",
        "o_learning": "Know the customer's engineering team",
        "k_learning": "Engineers met",
        "statement": "For a machine builder who cannot afford a stop, we are the supplier "
                     "who solves material problems on the line.",
        "competitor": "Competitor Ltd",
        "c_strength": "Low prices",
        "c_weakness": "No application engineering",
        "c_strategy": "Win on price in the next tender",
        "criterion": "Delivery performance",
        "strength": "Application engineering on site",
        "weakness": "Higher prices than the competitor",
        "opportunity": "New machine series from next year",
        "threat": "Price pressure from the competitor",
        "so": "Offer the new series our engineering from the first prototype",
        "concept": "Vendor managed inventory",
        "concept_text": "We keep the customer's stock of our compounds full, so it needs "
                        "less safety stock.",
        "benefit": "Lower safety stock",
        "basis": "0.5 m of stock × 8 % cost of capital",
        "decider": "Dana Decider",
        "decider_title": "Head of Purchasing",
        "user": "Uwe User",
        "user_title": "Head of Production",
        "action": "Present the inventory concept",
    },
    "de": {
        "company": "Ihr Unternehmen",
        "criteria": "revenue: Umsatz; margin: Deckungsbeitrag; potential: Wachstumspotenzial; "
                    "fit: Strategische Passung; reference: Referenzwert",
        "lead_name": "Leitung Key Account Management",
        "territory": "Heimatgebiet",
        "account": "Beispielkunde GmbH",
        "industry": "Maschinenbau",
        "city": "Musterstadt",
        "summary": "Ein erfundener Kunde, ein Hersteller von Verpackungsmaschinen mit zwei "
                   "Werken: Er zeigt alle Abschnitte eines Plans. Übernehmen Sie, was hilft, "
                   "und löschen Sie dann diese Datei.",
        "goal1": "Kürzere Lieferzeiten",
        "goal2": "Geringere Energiekosten je Maschine",
        "pain": "Ungeplante Stillstände an den Abfülllinien",
        "initiative": "20 % weniger Energieverbrauch bis 2030",
        "contribution": "Unsere reibungsarmen Compounds für die Antriebe",
        "step": "Bedarfsermittlung",
        "o_financial": "Share of Wallet ausbauen",
        "k_financial": "Share of Wallet",
        "o_customer": "Bevorzugter Lieferant für neue Maschinen werden",
        "k_customer": "Anteil an neuen Maschinenprojekten",
        "o_processes": "Termintreu liefern",
        "k_processes": "Liefertreue",
        "o_learning": "Das Entwicklungsteam des Kunden kennen",
        "k_learning": "Getroffene Entwickler",
        "statement": "Für einen Maschinenbauer, der sich keinen Stillstand leisten kann, sind "
                     "wir der Lieferant, der Werkstoffprobleme an der Linie löst.",
        "competitor": "Wettbewerber GmbH",
        "c_strength": "Niedrige Preise",
        "c_weakness": "Keine Anwendungstechnik",
        "c_strategy": "Über den Preis in der nächsten Ausschreibung gewinnen",
        "criterion": "Liefertreue",
        "strength": "Anwendungstechnik vor Ort",
        "weakness": "Höhere Preise als der Wettbewerber",
        "opportunity": "Neue Maschinenserie ab dem nächsten Jahr",
        "threat": "Preisdruck durch den Wettbewerber",
        "so": "Der neuen Serie unsere Anwendungstechnik ab dem ersten Prototyp anbieten",
        "concept": "Vendor Managed Inventory",
        "concept_text": "Wir halten den Bestand des Kunden an unseren Compounds gefüllt, so "
                        "braucht er weniger Sicherheitsbestand.",
        "benefit": "Geringerer Sicherheitsbestand",
        "basis": "0,5 Mio. Bestand × 8 % Kapitalkosten",
        "decider": "Dana Entscheider",
        "decider_title": "Leiterin Einkauf",
        "user": "Uwe Anwender",
        "user_title": "Leiter Produktion",
        "action": "Bestandskonzept vorstellen",
    },
}
"""The example's texts in each language of the site."""


def check_currency(code: str) -> None:
    """Raise :class:`ConfigError` unless ``code`` is an ISO 4217 code in capitals."""
    if not re.fullmatch(CURRENCY_PATTERN, code):
        suggestion = re.sub(r"[^A-Z]", "", code.upper())[:3]
        raise ConfigError(f"--currency {code!r} is not a three-letter currency code in "
                          f"capitals\n    hint: give an ISO 4217 code, e.g. --currency "
                          f"{suggestion if len(suggestion) == 3 else 'EUR'}")


def check_action(action: str) -> None:
    """Raise :class:`ConfigError` unless ``action`` is ``owner/repository@ref``."""
    if not re.fullmatch(_ACTION_PATTERN, action):
        raise ConfigError(f"--action {action!r} is not OWNER/REPOSITORY@REF\n    hint: name "
                          f"kamgen's action as GitHub does, e.g. --action {ACTION}")


def _fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each ``$name`` of ``values`` replaced; ``${{ … }}`` of GitHub's
    expressions is left as it is."""
    return re.sub(r"\$([a-z_]+)\b", lambda m: values.get(m[1], m[0]), text)


def _markdown_text(text: str) -> str:
    """``text`` with the characters that Markdown gives a meaning escaped."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _programme(company: str, language: str, currency: str, year: int) -> str:
    t = _TEXT[language]
    labels = catalogue(language)
    criteria = dict(pair.split(": ") for pair in t["criteria"].split("; "))
    weights = {"revenue": 20, "margin": 25, "potential": 25, "fit": 15, "reference": 15}
    rows = "\n".join(f"    - {{id: {key}, name: {yaml_text(criteria[key])}, weight: {weight}}}"
                     for key, weight in weights.items())
    charter = "\n".join(f"  # {labels['charter_' + key]}\n  {key}:"
                        for key in Charter.model_fields)
    areas = "\n".join(f"  {area}: {{owner: {LEAD}, state: not_started}}"
                      for area in ("structures", "steering", "strategy", "solutions",
                                   "capabilities"))
    return f"""\
# yaml-language-server: $schema={FOLDER}/programme.schema.json
# The key account management programme. 'kamgen validate' checks this file.
company: {yaml_text(company)}
{"lead: " + LEAD:<29} # the head of KAM (a team.yaml id): approves changes to the programme
{"language: " + language:<29} # en | de: the labels of the site
currency: {currency}
{"fiscal_year: " + str(year):<29} # the current year for actuals and forecasts

rating:                       # the customer rating system
  scale: [1, 5]
  criteria:
{rows}
  classes: {{A: 70, B: 50}}      # lowest score of a class-A and a class-B account

pareto: {{A: 80, B: 95}}

visits:
  norms:                      # visits per year
    customers: {{A: 24, B: 12, C: 4}}
    prospects: {{important: 6, other: 2}}

scorecard: {{green: 0.9, amber: 0.6}}

# The programme charter: answer each question in Markdown below its key, e.g.
#   key_account_count: >-
#     At most eight customers have a plan of their own.
# An answer left empty is not shown on the site.
charter:
{charter}

# The five KAM areas, each with its owner and state (not_started | in_progress | established)
areas:
{areas}

checklists: [introducing-kam, selecting-key-accounts]   # programme checklists in use
checklist_state: {{}}           # checklist id -> item id -> open | done | n/a

policy:
  review_max_age_days: 120
  contact_max_age_days: 90
  visit_cost_share_max: 0.10
  # rule id -> severity (error | warning | off), per class or for all, e.g.
  #   scorecard.perspectives: {{A: error, B: warning, C: "off"}}
  rules: {{}}
"""


def _team(language: str, github: str | None) -> str:
    name = yaml_text(_TEXT[language]["lead_name"])
    handle = f"github: {yaml_text(github)}" if github is not None else \
        "# github: your-github-user"
    return f"""\
# yaml-language-server: $schema={FOLDER}/team.schema.json
# Our people. Replace the example person with your team; 'github' is the GitHub user (or
# team, org/team) that approves changes to the person's plans (see .github/CODEOWNERS).
- id: {LEAD}
  name: {name}
  role: {name}
  territory: {TERRITORY}
  visit_days: 100             # days per year available for visits
  visits_per_day: 2
  annual_cost: 150000         # fully loaded, in the programme currency
  {handle}
"""


def _territories(language: str) -> str:
    return f"""\
# yaml-language-server: $schema={FOLDER}/territories.schema.json
# Sales territories with the customers and prospects that have no plan of their own.
- id: {TERRITORY}
  name: {yaml_text(_TEXT[language]["territory"])}
  customers: {{A: 0, B: 2, C: 10}}
  prospects: {{important: 2, other: 5}}
"""


def _account(language: str, today: dt.date) -> str:
    t = {key: yaml_text(value) for key, value in _TEXT[language].items()}
    year, due = today.year, today + dt.timedelta(days=90)
    return f"""\
# yaml-language-server: $schema=../{FOLDER}/account.schema.json
# An example key account plan with every section. 'kamgen new account ID' starts a plan.
name: {t["account"]}
status: key_account          # key_account | candidate | former
owner: {LEAD}               # the key account manager (a team.yaml id)
team: []                     # further team.yaml ids
territory: {TERRITORY}
industry: {t["industry"]}
tags: [example]
reviewed: {today.isoformat()}

profile:
  headquarters: {t["city"]}
  employees: 1200
  revenue: 250000000
  summary: {t["summary"]}
  goals: [{t["goal1"]}, {t["goal2"]}]

business:                    # our business with the account, per year
  - {{year: {year - 2}, revenue: 800000, margin: 190000}}
  - {{year: {year - 1}, revenue: 900000, margin: 220000}}
  - {{year: {year}, revenue: 1000000, margin: 250000, forecast: true}}
wallet: 3000000              # the account's yearly spend in our categories

rating: {{revenue: 3, margin: 4, potential: 4, fit: 3, reference: 3}}
visits: {{per_year: 12, extra_travel_cost: 0}}

analysis:
  pains:
    - {{title: {t["pain"]}, impact: high}}
  initiatives:
    - {{title: {t["initiative"]}, contribution: {t["contribution"]}}}
  buying_process:
    - {{step: {t["step"]}, decided_by: [d-decider]}}
  readiness: {{level: 3}}

scorecard:
  - {{perspective: financial, objective: {t["o_financial"]}, kpi: {t["k_financial"]}, unit: "%",
     baseline: 30, target: 40, actual: 33, direction: up, due: {year + 1}-12-31}}
  - {{perspective: customer, objective: {t["o_customer"]}, kpi: {t["k_customer"]}, unit: "%",
     target: 50, actual: 40, direction: up, due: {year + 1}-12-31}}
  - {{perspective: processes, objective: {t["o_processes"]}, kpi: {t["k_processes"]}, unit: "%",
     target: 98, actual: 95, direction: up, due: {year}-12-31}}
  - {{perspective: learning, objective: {t["o_learning"]}, kpi: {t["k_learning"]},
     target: 4, actual: 2, direction: up, due: {year}-12-31}}

positioning:
  statement: {t["statement"]}
  competitors:
    - {{id: competitor, name: {t["competitor"]}, share_of_wallet: 40, threat: medium,
       strengths: [{t["c_strength"]}], weaknesses: [{t["c_weakness"]}],
       strategy: {t["c_strategy"]}}}
  profile:                   # strengths-weaknesses profile: importance and ratings 1 to 5
    - {{criterion: {t["criterion"]}, importance: 5, us: 4, competitor: 3}}

swot:
  strengths: [{t["strength"]}]
  weaknesses: [{t["weakness"]}]
  opportunities: [{t["opportunity"]}]
  threats: [{t["threat"]}]
  strategies: {{so: [{t["so"]}]}}

value_add:
  - title: {t["concept"]}
    description: {t["concept_text"]}
    horizon_years: 3
    investment: 10000
    yearly_cost: 20000
    benefits:
      - {{item: {t["benefit"]}, amount: 40000, basis: {t["basis"]}}}

network:                     # the relationship network at the account
  - {{id: d-decider, name: {t["decider"]}, title: {t["decider_title"]}, roles: [decider, buyer],
     influence: 5, attitude: supporter, relationship: 3, owner: {LEAD},
     last_contact: {today.isoformat()}}}
  - {{id: u-user, name: {t["user"]}, title: {t["user_title"]}, reports_to: d-decider,
     roles: [user], influence: 3, attitude: neutral, relationship: 3, owner: {LEAD},
     last_contact: {today.isoformat()}}}

actions:
  - {{title: {t["action"]}, owner: {LEAD}, due: {due.isoformat()}, status: open}}

checklists:                  # checklist id -> item id -> open | done | n/a
  swot: {{sw-01: done, sw-02: open}}
"""


def files(company: str | None, language: str, currency: str, today: dt.date, version: str,
          action: str = ACTION, github: str | None = None) -> dict[str, str]:
    """The new repository's files (path relative to it → text), without the editor
    schemas and CODEOWNERS, which are made from the plans."""
    company = company if company is not None else _TEXT[language]["company"]
    repository = action.split("@", 1)[0].split("/")
    values = {"action": action, "version": version, "company": _markdown_text(company),
              "hooks_repository": f"https://github.com/{repository[0]}/{repository[1]}",
              "hooks_rev": f"v{version}"}
    out = {
        "plans/kam.yaml": _programme(company, language, currency, today.year),
        "plans/team.yaml": _team(language, github),
        "plans/territories.yaml": _territories(language),
        f"plans/accounts/{EXAMPLE}.yaml": _account(language, today),
    }
    for checklist in sorted((TEMPLATES / "checklists").glob("*.yaml")):
        out[f"plans/checklists/{checklist.name}"] = checklist.read_text("utf-8")
    for workflow in WORKFLOWS:
        out[f".github/workflows/{workflow}"] = _fill(
            (TEMPLATES / "workflows" / workflow).read_text("utf-8"), values)
    for source, target in ((f"README.{language}.md", "README.md"),
                           ("pre-commit-config.yaml", ".pre-commit-config.yaml"),
                           ("gitignore", ".gitignore"),
                           ("requirements.txt", "requirements.txt")):
        out[target] = _fill((TEMPLATES / source).read_text("utf-8"), values)
    return out


def _refuse(target: Path) -> None:
    """Raise :class:`ConfigError` unless ``target`` is a new or an empty folder."""
    hint = "    hint: give a new folder, e.g. kamgen init kam-plans"
    try:
        if target.is_symlink() or (target.exists() and not target.is_dir()):
            raise ConfigError(f"{target} exists and is not a folder\n" + hint)
        if target.is_dir() and any(os.scandir(target)):
            raise ConfigError(f"{target} is not empty: kamgen init writes only into a new "
                              "or an empty folder\n" + hint)
        parent = target.resolve().parent
    except OSError as error:
        raise ConfigError(f"cannot read {target}: {error.strerror}\n" + hint) from None
    if not parent.is_dir():
        raise ConfigError(f"cannot make {target}: {parent} is not a folder\n    hint: make "
                          f"the folder {parent} first, or give another one")


def _put_in_place(work: Path, target: Path) -> None:
    """Move the complete new repository ``work`` to ``target``: in one rename when
    ``target`` does not exist, else (an empty folder, perhaps the working folder) entry by
    entry, taking back what was moved when one fails."""
    if not target.exists():
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(work, 0o777 & ~umask)
        os.rename(work, target)
        return
    moved: list[str] = []
    try:
        for entry in sorted(os.listdir(work)):
            os.rename(work / entry, target / entry)
            moved.append(entry)
    except OSError:
        for entry in moved:
            os.rename(target / entry, work / entry)
        raise
    work.rmdir()


def init_repository(target: Path, company: str | None = None, language: str = "en",
                    currency: str = "EUR", today: dt.date | None = None,
                    version: str = "0.0.0", action: str = ACTION,
                    github: str | None = None) -> list[str]:
    """Write a new plans repository into ``target`` (a new or empty folder); return the
    paths written, relative to it.

    ``github``: the GitHub user or team of the example person, who leads the programme.

    Raises :class:`ConfigError` for a bad company name, currency, action or GitHub handle,
    or a target
    that exists and is not an empty folder; nothing is written then, nor when writing
    fails.
    """
    if company is not None:
        check_name(company, "--company", "your company's name", "Hanse Polymer GmbH")
    if language not in _TEXT:
        raise ConfigError(f"--language {language!r} is not a language of the site\n"
                          "    hint: give en or de")
    check_currency(currency)
    check_action(action)
    if github is not None and not re.fullmatch(GITHUB_PATTERN, github):
        raise ConfigError(f"--github {github!r} is not a GitHub user or team\n    hint: give "
                          "the name as it is on github.com, e.g. --github julia-berger or "
                          "--github hanse-polymer/kam-lead")
    _refuse(target)
    texts = files(company, language, currency, today or dt.date.today(), version, action,
                  github)
    target = Path(os.path.abspath(target))
    parent = target.parent
    hint = "    hint: give a folder in a place you can write to"
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name or 'plans'}.kamgen-", dir=parent))
    except OSError as error:
        raise ConfigError(f"cannot write into {parent}: {error.strerror}\n" + hint) from None
    try:
        for rel, text in texts.items():
            path = work / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8", newline="\n")
        schemas = write_schemas(work / "plans" / FOLDER)
        try:
            portfolio = load_portfolio(work / "plans")
        except PlanErrors as errors:  # only a bug in the templates gets here
            raise KamgenError(f"the new plans are not valid: {errors.render()}\n    hint: "
                              "this is a bug in kamgen; please report it") from None
        (work / CODEOWNERS).write_text(
            codeowners_text(portfolio, PurePosixPath("plans"), None, CODEOWNERS), "utf-8")
        _put_in_place(work, target)
    except OSError as error:
        shutil.rmtree(work, ignore_errors=True)
        raise ConfigError(f"cannot write {target}: {error.strerror}\n" + hint) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    written = [*texts, *(f"plans/{FOLDER}/{p.name}" for p in schemas), CODEOWNERS]
    return sorted(written)
