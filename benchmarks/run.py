"""Measure kamgen on synthetic portfolios of N accounts and print the figures.

    python benchmarks/run.py                 # N = 10, 100, 1000; 3 runs each
    python benchmarks/run.py --sizes 100 --runs 5

For each N it writes a portfolio (benchmarks/portfolio.py: every section filled, varied
figures) and measures, each in a fresh Python process so that memory is its own:

- parse: libyaml alone (PyYAML's CSafeLoader) over the same files, the reference;
- validate: reading and validating the whole portfolio (``load_portfolio``);
- generate: writing every page (``generate``);
- build: the whole ``kamgen build`` (validate, generate, MkDocs with --strict);
- site size and the build's peak memory: the resident set size of the build's process
  plus that of its largest child process (``RUSAGE_SELF`` + ``RUSAGE_CHILDREN``; the
  child is Pagefind's indexer, which takes each page as it is written), which is at least
  what the build held at any moment;
- rebuild: what ``kamgen serve`` does after one plan was edited (plans and pages
  remembered, MkDocs' dirty build of what changed), after a first preview build (settled
  as ``kamgen serve`` settles it, :func:`kamgen.engine.settle_preview`): the median of
  five edits in a row, each followed by its rebuild.

Times are medians of the runs; ratios compare medians. Timing lives here, never in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from portfolio import write_portfolio  # noqa: E402

TARGETS = {
    "validate / parse at 1,000": 2.5,
    "build / parse at 1,000": 4.0,
    "build time 1,000 / 100": 12.0,
    "site size 1,000 / 100": 12.0,
    "build at 1,000 (s)": 30.0,
    "peak memory at 1,000 (MB)": 300.0,
    "rebuild 1,000 / 10": 1.3,
}

_CHILD = r"""
import json, resource, statistics, sys, time, datetime as dt
from pathlib import Path
step, plans, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
result = {}
if step == "parse":
    import yaml
    texts = [p.read_text("utf-8") for p in sorted(plans.rglob("*.yaml"))]
    start = time.perf_counter()
    for text in texts:
        yaml.load(text, Loader=yaml.CSafeLoader)
    result["seconds"] = time.perf_counter() - start
elif step == "validate":
    from kamgen.load import load_portfolio
    start = time.perf_counter()
    load_portfolio(plans)
    result["seconds"] = time.perf_counter() - start
elif step == "generate":
    from kamgen.load import load_portfolio
    from kamgen.site import generate
    portfolio = load_portfolio(plans)
    start = time.perf_counter()
    site = generate(portfolio, dt.date(2026, 11, 23))
    # Account pages are written when first asked for (kamgen.site.html_page.Pages).
    structures = [site.pages.html(path) for path in site.pages]
    result["seconds"] = time.perf_counter() - start
    result["markdown_bytes"] = sum(len(p.encode()) for p in site.pages.values())
elif step == "build":
    import logging
    from kamgen.engine import build_site
    start = time.perf_counter()
    build_site(plans, out, as_of="2026-11-23")
    result["seconds"] = time.perf_counter() - start
    result["site_bytes"] = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
elif step == "rebuild":
    import datetime as dt, tempfile
    from mkdocs.commands.build import build
    from kamgen.engine import _configured, settle_preview
    from kamgen.session import Session
    session = Session.preview(plans.resolve(), as_of=dt.date(2026, 11, 23),
                              pages_dir=Path(tempfile.mkdtemp(prefix="kamgen-bench-pages-")))

    def rebuild():
        build(_configured(session, None, tempfile.mkdtemp(), site_dir=str(out)), dirty=True)

    plan = sorted((plans / "accounts").glob("*.yaml"))[0]
    text = plan.read_text("utf-8")
    rebuild()
    settle_preview()
    times = []
    try:
        for edit in range(5):  # the median of five edits, each followed by its rebuild
            plan.write_text(text.replace("notes: ", f"notes: Geändert ({edit}). ", 1), "utf-8")
            start = time.perf_counter()
            rebuild()
            times.append(time.perf_counter() - start)
    finally:
        plan.write_text(text, "utf-8")
    result["seconds"] = statistics.median(times)
result["peak_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                     + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
print(json.dumps(result))
"""


def measure(step: str, plans: Path, out: Path) -> dict[str, Any]:
    """One measurement in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", _CHILD, step, str(plans), str(out)],
                          capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def median_of(step: str, plans: Path, out: Path, runs: int) -> dict[str, float]:
    results = [measure(step, plans, out) for _ in range(runs)]
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000",
                        help="portfolio sizes, comma-separated (default 10,100,1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    rows: dict[int, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="kamgen-bench-") as tmp:
        for n in sizes:
            plans = write_portfolio(Path(tmp) / f"n{n}" / "plans", n)
            out = Path(tmp) / f"n{n}" / "site"
            rows[n] = {step: median_of(step, plans, out, args.runs)
                       for step in ("parse", "validate", "generate", "build", "rebuild")}
            print(f"measured N = {n}", file=sys.stderr, flush=True)

    print(f"kamgen benchmark: medians of {args.runs} runs, Python {sys.version.split()[0]}")
    print()
    header = ("N", "parse s", "validate s", "validate/parse", "generate s", "build s",
              "site MB", "build peak MB", "rebuild s")
    print(" | ".join(f"{h:>14}" for h in header))
    for n, row in rows.items():
        cells = (
            n,
            f"{row['parse']['seconds']:.3f}",
            f"{row['validate']['seconds']:.3f}",
            f"{row['validate']['seconds'] / row['parse']['seconds']:.2f}x",
            f"{row['generate']['seconds']:.3f}",
            f"{row['build']['seconds']:.2f}",
            f"{row['build']['site_bytes'] / 1e6:.1f}",
            f"{row['build']['peak_mb']:.0f}",
            f"{row['rebuild']['seconds']:.2f}",
        )
        print(" | ".join(f"{c:>14}" for c in cells))
    if 100 in rows and 1000 in rows:
        small, large = rows[100], rows[1000]
        figures = {
            "validate / parse at 1,000":
                large["validate"]["seconds"] / large["parse"]["seconds"],
            "build / parse at 1,000": large["build"]["seconds"] / large["parse"]["seconds"],
            "build time 1,000 / 100": large["build"]["seconds"] / small["build"]["seconds"],
            "site size 1,000 / 100": large["build"]["site_bytes"] / small["build"]["site_bytes"],
            "build at 1,000 (s)": large["build"]["seconds"],
            "peak memory at 1,000 (MB)": large["build"]["peak_mb"],
        }
        if 10 in rows:
            figures["rebuild 1,000 / 10"] = (large["rebuild"]["seconds"]
                                             / rows[10]["rebuild"]["seconds"])
        print()
        for name, value in figures.items():
            target = TARGETS[name]
            verdict = "meets" if value <= target else "MISSES"
            print(f"{name:28} {value:8.2f}   target ≤ {target:g}: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
