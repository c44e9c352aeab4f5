"""Write a synthetic portfolio of N accounts for the benchmarks.

Every account fills every section of the plan format: the two complete example plans
serve as templates, and names, ids, figures, dates and ratings are varied with a seeded
random generator, so the same N always gives the same files.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "plans"
TEMPLATES = ("accounts/nordwerk-chemie/plan.yaml", "accounts/brenntal-automotive.yaml")
INDUSTRIES = ("Chemie", "Automobilzulieferer", "Medizintechnik", "Verpackung",
              "Elektrotechnik", "Haushaltsgeräte", "Bau", "Landtechnik", "Maschinenbau")
CITIES = ("Hamburg", "Bremen", "Kiel", "München", "Stuttgart", "Ulm", "Köln", "Essen",
          "Dortmund", "Leipzig", "Dresden", "Hannover", "Nürnberg", "Mainz")


def _template(rel: str) -> dict[str, Any]:
    """An example plan as data, with the business figures that the example's ERP export
    gives it written into the plan (each synthetic plan has figures of its own)."""
    from kamgen.load import load_portfolio

    data: dict[str, Any] = yaml.safe_load((EXAMPLE / rel).read_text("utf-8"))
    account = next(a for a in load_portfolio(EXAMPLE).accounts.values() if a.file == rel)
    data["business"] = [row.model_dump(exclude_defaults=True) for row in account.plan.business]
    data.pop("customer_number", None)
    return data


def _vary(plan: dict[str, Any], index: int, rng: random.Random,
          team: list[str], territories: list[str]) -> dict[str, Any]:
    plan = yaml.safe_load(yaml.safe_dump(plan))  # a deep copy
    city = rng.choice(CITIES)
    plan["name"] = f"{city} {rng.choice(INDUSTRIES)} {index:04d} GmbH"
    plan["industry"] = rng.choice(INDUSTRIES)
    plan["owner"] = rng.choice(team)
    plan["team"] = [m for m in rng.sample(team, 2) if m != plan["owner"]]
    plan["territory"] = rng.choice(territories)
    plan["tags"] = sorted({rng.choice(INDUSTRIES).lower(), city.lower(), f"gruppe-{index % 25}"})
    plan["reviewed"] = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
    plan["confidential"] = rng.random() < 0.1
    plan["profile"]["headquarters"] = city
    plan["profile"]["employees"] = rng.randint(200, 60_000)
    plan["profile"]["revenue"] = rng.randint(20, 9_000) * 1_000_000
    scale = rng.uniform(0.05, 3.0)
    for year in plan["business"]:
        year["revenue"] = round(year["revenue"] * scale, -3)
        year["margin"] = round(year["revenue"] * rng.uniform(-0.05, 0.35), -3)
    plan["wallet"] = round(plan["business"][-1]["revenue"] * rng.uniform(1.2, 6), -3)
    plan["rating"] = {key: rng.randint(1, 5) for key in plan["rating"]}
    plan["visits"] = {"per_year": rng.choice((4, 8, 12, 24, 36)),
                      "extra_travel_cost": rng.choice((0, 40, 120, 400))}
    for objective in plan["scorecard"]:
        if objective.get("actual") is not None:
            objective["actual"] = round(objective["actual"] * rng.uniform(0.6, 1.3), 2)
    for contact in plan["network"]:
        contact["influence"] = rng.randint(1, 5)
        contact["relationship"] = rng.randint(1, 5)
        contact["attitude"] = rng.choice(("champion", "supporter", "neutral", "sceptic",
                                          "opponent"))
        contact["owner"] = rng.choice(team)
        contact["last_contact"] = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
    for action in plan["actions"]:
        action["owner"] = rng.choice(team)
        action["due"] = f"{rng.choice((2026, 2027))}-{rng.randint(1, 12):02d}-15"
    for row in plan["positioning"]["profile"]:
        row["us"] = rng.randint(1, 5)
    return plan


def write_portfolio(target: Path, accounts: int, seed: int = 7) -> Path:
    """Write ``accounts`` synthetic plans into ``target`` (a plans folder) and return it."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("team.yaml", "territories.yaml"):
        shutil.copy(EXAMPLE / name, target / name)
    # The example's imports name its own ERP export; the synthetic plans hold their figures.
    programme = (EXAMPLE / "kam.yaml").read_text("utf-8")
    start = programme.index("\nimports:")
    end = re.search(r"\n(?=\S)", programme[start + 1:])
    (target / "kam.yaml").write_text(
        programme[:start + 1] + (programme[start + 1 + end.end():] if end else ""), "utf-8")
    shutil.copytree(EXAMPLE / "checklists", target / "checklists")
    team = [m["id"] for m in yaml.safe_load((EXAMPLE / "team.yaml").read_text("utf-8"))]
    territories = [t["id"] for t in
                   yaml.safe_load((EXAMPLE / "territories.yaml").read_text("utf-8"))]
    templates = [_template(rel) for rel in TEMPLATES]
    (target / "accounts").mkdir()
    for index in range(accounts):
        plan = _vary(templates[index % len(templates)], index, rng, team, territories)
        text = yaml.safe_dump(plan, allow_unicode=True, sort_keys=False, width=100)
        (target / "accounts" / f"account-{index:04d}.yaml").write_text(text, "utf-8")
    return target
