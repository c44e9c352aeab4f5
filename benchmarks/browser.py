"""Measure the reader's side: page loads and the first search result in headless Chromium
with the CPU slowed 4× (a phone), on the example site and on a synthetic portfolio.

    python benchmarks/browser.py                       # example and 1,000 accounts, 5 runs
    python benchmarks/browser.py --accounts 100 --runs 3
    python benchmarks/browser.py --site-dirs EX BIG    # sites built already

Each site is built with ``kamgen build`` (the example from plans/, the other from
benchmarks/portfolio.py), served on 127.0.0.1 and opened in Debian's Chromium through
Playwright; every request to another host is refused. Every run is a fresh browser
context (nothing cached) with Chromium's CPU throttled 4× (CDP
``Emulation.setCPUThrottlingRate``). Chromium throttles the page's main thread only (it
refuses the command for a web worker: "Operation is only supported for pages, not
workers"), so a search engine's work in a worker runs at the machine's full speed, while
fetching, parsing and handing over its index on the page does not.

- a page load: from the start of the navigation until the load event has fired and the
  next frame is painted;
- first search result: from the start of the navigation to the home page, typing the
  query as soon as the search box is there, until the first result is shown (the search
  index is fetched and read in between).

Times are medians of the runs; ratios compare medians with the example site. Timing
lives here, never in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "tests")]

from local_browser import CHROMIUM, LAUNCH_ARGS, served  # noqa: E402
from portfolio import write_portfolio  # noqa: E402

THROTTLE = 4
TIMEOUT_MS = 120_000
AS_OF = "2026-11-23"
# The same query on both sites: a word of the example's Nordwerk plan, which the
# synthetic plans are made from.
QUERY = "Blasformerei"
TARGET = 2.5
"""The reader's side at N accounts takes at most this many times as long as on the example."""


def build(plans: Path, out: Path) -> Path:
    from kamgen.engine import build_site

    build_site(plans, out, as_of=AS_OF)
    return out


class Reader:
    """A fresh, throttled browser context per measurement, allowed only the origin."""

    def __init__(self, browser: Any, origin: str) -> None:
        self.browser, self.origin = browser, origin

    @contextlib.contextmanager
    def page(self) -> Iterator[Any]:
        context = self.browser.new_context(viewport={"width": 412, "height": 915},
                                           service_workers="block")
        context.set_default_timeout(TIMEOUT_MS)
        origin = self.origin

        def route(route: Any) -> None:
            if route.request.url.startswith(origin + "/"):
                route.continue_()
            else:
                route.abort("blockedbyclient")

        context.route("**/*", route)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
        try:
            yield page
        finally:
            context.close()

    def load(self, path: str) -> float:
        with self.page() as page:
            start = time.perf_counter()
            page.goto(self.origin + path, wait_until="load")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                          "requestAnimationFrame(r)))")
            return time.perf_counter() - start

    def first_result(self, query: str) -> float:
        with self.page() as page:
            start = time.perf_counter()
            page.goto(self.origin + "/", wait_until="domcontentloaded")
            box = page.locator("input.md-search__input")
            box.wait_for(state="attached")
            box.focus()
            box.fill(query)
            box.press("End")  # Material reads the query on keyup
            page.locator(".md-search-result__item").first.wait_for(state="visible")
            return time.perf_counter() - start


def measure(site: Path, runs: int, pages: dict[str, str]) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    figures: dict[str, list[float]] = {name: [] for name in [*pages, "first search result"]}
    with served(site) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        reader = Reader(browser, origin)
        try:
            for _ in range(runs):
                for name, path in pages.items():
                    figures[name].append(reader.load(path))
                figures["first search result"].append(reader.first_result(QUERY))
        finally:
            browser.close()
    return {name: statistics.median(values) for name, values in figures.items()}


def size(site: Path, rel: str) -> float:
    path = site / rel
    return path.stat().st_size / 1e6 if path.is_file() else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000,
                        help="accounts of the synthetic portfolio (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--site-dirs", nargs=2, type=Path, metavar=("EXAMPLE", "LARGE"),
                        help="measure these sites, built already, instead of building")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kamgen-browser-") as tmp:
        if args.site_dirs:
            example, large = args.site_dirs
        else:
            example = build(ROOT / "plans", Path(tmp) / "example")
            plans = write_portfolio(Path(tmp) / "plans", args.accounts)
            large = build(plans, Path(tmp) / "large")
        first = sorted(p.parent.name for p in (large / "accounts").glob("*/index.html"))[0]
        pages = {"home": "/", "accounts": "/accounts/", "selection": "/selection/"}
        results = {}
        for name, site, account in (("example", example, "nordwerk-chemie"),
                                    ("large", large, first)):
            results[name] = measure(site, args.runs,
                                    {**pages, "account page": f"/accounts/{account}/"})
            print(f"measured {name}", file=sys.stderr, flush=True)

        print(f"kamgen reader benchmark: headless Chromium, CPU throttled {THROTTLE}x, "
              f"medians of {args.runs} runs, query {QUERY!r}")
        print()
        print(f"{'':22} {'example s':>10} {f'{args.accounts} accounts s':>16} {'ratio':>7}")
        for name in results["example"]:
            small, big = results["example"][name], results["large"][name]
            ratio = big / small
            verdict = "" if name not in ("home", "first search result") else \
                f"   target ≤ {TARGET:g}: {'meets' if ratio <= TARGET else 'MISSES'}"
            print(f"{name:22} {small:10.2f} {big:16.2f} {ratio:6.2f}x{verdict}")
        print()
        for rel in ("index.html", "accounts/index.html", "selection/index.html",
                    "search/search_index.json"):
            print(f"{rel:30} {size(example, rel):8.2f} MB {size(large, rel):8.2f} MB")
        pagefind = large / "pagefind"
        if pagefind.is_dir():
            print(f"{'pagefind/ (whole index)':30} "
                  f"{sum(p.stat().st_size for p in (example / 'pagefind').rglob('*')) / 1e6:8.2f}"
                  f" MB {sum(p.stat().st_size for p in pagefind.rglob('*')) / 1e6:8.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
