"""Measure what the plans' history costs a build: a git repository of N synthetic plans
with R revisions of every plan, built with and without its history, and print the figures.

    python benchmarks/history.py                         # N = 1000, R = 50; 3 runs each
    python benchmarks/history.py --accounts 100 --revisions 20 --runs 5

Each revision changes every plan (a KPI's actual, the review date), one commit a day. Three
builds are measured, each in a fresh process:

- without history: the same plans outside git (the reference);
- with history, first (once): the store of measured versions is empty, every version of
  every plan is read from git and measured once;
- with history, again: the store holds every version (what a CI job that keeps the
  store, or any later build on one machine, does).

Times are medians of the runs; ratios compare medians. Timing lives here, never in tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from portfolio import write_portfolio  # noqa: E402

TARGET = 1.5
"""A build with the history of 1,000 plans and 50 revisions each: at most this many times
a build without history (issue 13)."""

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from kamgen.engine import build_site
plans, out, store = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
start = time.perf_counter()
build_site(plans, out, as_of="2026-11-23", history_store=Path(store) if store else None)
print(json.dumps({"seconds": time.perf_counter() - start,
                  "peak_mb": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                              + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024}))
"""


def _git(repo: Path, *args: str, day: dt.date | None = None) -> None:
    when = f"{(day or dt.date(2024, 1, 1)).isoformat()}T12:00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    subprocess.run(["git", "-C", str(repo), *args], env=env, check=True, capture_output=True)


_ACTUAL = re.compile(r"^(\s*(?:- )?actual: )([0-9.]+)$", re.M)
_REVIEWED = re.compile(r"^reviewed: .*$", re.M)


def write_repository(target: Path, accounts: int, revisions: int) -> Path:
    """A git repository whose plans folder has ``accounts`` plans, each changed in every one
    of ``revisions`` commits; returns the plans folder."""
    plans = write_portfolio(target / "plans", accounts)
    _git(target, "init", "-q", "-b", "main")
    start = dt.date(2026, 11, 23) - dt.timedelta(days=revisions)
    for revision in range(revisions):
        day = start + dt.timedelta(days=revision)
        if revision:
            for plan in sorted((plans / "accounts").glob("*.yaml")):
                text = plan.read_text("utf-8")
                text = _ACTUAL.sub(lambda m: f"{m.group(1)}{float(m.group(2)) + 1:g}", text,
                                   count=1)
                text = _REVIEWED.sub(f"reviewed: {day.isoformat()}", text, count=1)
                plan.write_text(text, "utf-8")
        _git(target, "add", "-A")
        _git(target, "commit", "-q", "-m", f"revision {revision + 1}", day=day)
    return plans


def measure(plans: Path, out: Path, store: Path | None) -> dict[str, float]:
    if out.exists():
        shutil.rmtree(out)
    done = subprocess.run([sys.executable, "-c", _CHILD, str(plans), str(out),
                           str(store) if store else ""],
                          capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--revisions", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kamgen-bench-history-") as tmp:
        base = Path(tmp)
        plans = write_repository(base / "repo", args.accounts, args.revisions)
        outside = base / "outside" / "plans"
        shutil.copytree(plans, outside)
        print(f"wrote {args.accounts} plans x {args.revisions} revisions", file=sys.stderr,
              flush=True)
        rows: dict[str, list[dict[str, float]]] = {"without": [], "first": [], "again": []}
        store = base / "store" / "history.sqlite3"
        # The store is filled once (the slow build); the builds that use it alternate with
        # the builds without history, so that both meet the same load of the machine.
        rows["first"].append(measure(plans, base / "site", store))
        for run in range(args.runs):
            rows["without"].append(measure(outside, base / "site", None))
            rows["again"].append(measure(plans, base / "site", store))
            print(f"run {run + 1} of {args.runs}", file=sys.stderr, flush=True)
    medians = {name: {key: statistics.median(r[key] for r in results) for key in results[0]}
               for name, results in rows.items()}
    without = medians["without"]["seconds"]
    print(f"kamgen history benchmark: {args.accounts} plans x {args.revisions} revisions, "
          f"medians of {args.runs} runs, Python {sys.version.split()[0]}")
    print()
    print(f"{'build':28} {'seconds':>9} {'ratio':>7} {'peak MB':>9}")
    for name, label in (("without", "without history"), ("first", "history, empty store"),
                        ("again", "history, store kept")):
        row = medians[name]
        print(f"{label:28} {row['seconds']:9.2f} {row['seconds'] / without:6.2f}x "
              f"{row['peak_mb']:9.0f}")
    ratio = medians["again"]["seconds"] / without
    print()
    print(f"history (store kept) / without {ratio:8.2f}   target ≤ {TARGET:g}: "
          f"{'meets' if ratio <= TARGET else 'MISSES'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
