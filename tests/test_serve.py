"""`kamgen serve`: the preview answers on localhost and rebuilds when a plan changes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    """Poll ``condition`` a bounded number of times on this machine only."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            code: int = response.status
            return code
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0


@dataclass
class Preview:
    """A running ``kamgen serve``: its address, its plans (a copy of the example's) and the
    file its terminal output goes to."""

    url: str
    plans: Path
    log: Path

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


@contextmanager
def serving(tmp_path: Path, options: Sequence[str] = (),
            prepare: Callable[[Path], None] | None = None) -> Iterator[Preview]:
    """``kamgen serve`` of a copy of the example plans (``prepare`` may change them first)
    on a free port; stopped when the block ends, whatever happened in it."""
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    if prepare is not None:
        prepare(plans)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        # The terminal goes to a file: a pipe nobody reads would stop the server when full.
        process = subprocess.Popen(
            [sys.executable, "-m", "kamgen", "serve", "plans", "--dev-addr",
             f"127.0.0.1:{port}", "--as-of", "2026-11-23", *options],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT, text=True,
        )
    try:
        yield Preview(f"http://127.0.0.1:{port}", plans, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, Path]]:
    with serving(tmp_path, getattr(request, "param", [])) as preview:
        yield preview.url, preview.plans


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    with serving(tmp_path) as running:
        yield running


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_serve_rebuilds_when_a_plan_changes(server: tuple[str, Path]) -> None:
    url, plans = server
    page = f"{url}/accounts/velmar-medizintechnik/"
    assert wait_for(lambda: "Velmar Medizintechnik GmbH" in (fetch(page) or ""), 60)
    plan = plans / "accounts" / "velmar-medizintechnik.yaml"
    text = plan.read_text("utf-8")
    assert "name: Velmar Medizintechnik GmbH" in text
    plan.write_text(text.replace("name: Velmar Medizintechnik GmbH",
                                 "name: Velmar Medical GmbH"), "utf-8")
    assert wait_for(lambda: "Velmar Medical GmbH" in (fetch(page) or ""), 60)


SHARED = ["--audience", "customer", "--account", "nordwerk-chemie"]


@pytest.mark.parametrize("server", [SHARED], indirect=True)
def test_a_shared_preview_stops_serving_a_page_made_internal(server: tuple[str, Path]) -> None:
    url, plans = server
    page = f"{url}/accounts/nordwerk-chemie/werksbesuch-stade/"
    assert wait_for(lambda: "Werksbesuch Stade" in (fetch(page) or ""), 60)
    assert "Nordwerk Chemie AG" in (fetch(f"{url}/") or "")
    assert status(f"{url}/accounts/velmar-medizintechnik/") == 404
    source = plans / "accounts" / "nordwerk-chemie" / "werksbesuch-stade.md"
    source.write_text("---\ninternal: true\n---\n" + source.read_text("utf-8"), "utf-8")
    assert wait_for(lambda: status(page) == 404, 60)
    # The plan made confidential: the preview stops serving it and says why (the first
    # line of the error: its hint is for the terminal).
    plan = plans / "accounts" / "nordwerk-chemie" / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("confidential: false",
                                                    "confidential: true"), "utf-8")
    assert wait_for(lambda: "Nordwerk Chemie AG" not in (fetch(f"{url}/") or ""), 60)
    home = unescape(fetch(f"{url}/") or "")
    assert "account 'nordwerk-chemie' is confidential: its plan cannot be shared" in home
    assert "says 'confidential: true'" not in home
    assert ERROR_PAGE in (_body(page) or "")  # every address shows the errors


VELMAR = "accounts/velmar-medizintechnik.yaml"
BROKEN = "status: <script>alert(1)</script>"
"""A plan's value that an error message quotes: it must reach the page as text."""
ERROR_AT = f"plans/{VELMAR}:3:1"
MESSAGE = ("expected one of key_account, candidate, former; "
           "found '<script>alert(1)</script>'")
HINT = "allowed: key_account, candidate, former"
ERROR_PAGE = "kamgen-preview-errors"


def shows_the_error(page: str | None) -> bool:
    """True when ``page`` is the preview's error page with the broken status, escaped."""
    if page is None or ERROR_PAGE not in page:
        return False
    assert "<script>alert(1)</script>" not in page  # plan text never becomes HTML
    text = unescape(page)
    # In the language of the plans that last loaded; English before any did.
    return all(part in text for part in (ERROR_AT, MESSAGE, HINT)) and (
        "1 Fehler in 1 Datei" in text or "1 error in 1 file" in text)


def test_an_invalid_plan_shows_its_errors_on_every_page_until_it_is_fixed(
        preview: Preview) -> None:
    url, plans = preview.url, preview.plans
    page = f"{url}/accounts/velmar-medizintechnik/"
    other = f"{url}/accounts/nordwerk-chemie/"
    assert wait_for(lambda: "Velmar Medizintechnik GmbH" in (fetch(page) or ""), 60)
    edit(plans / VELMAR, "status: key_account", BROKEN)
    assert wait_for(lambda: shows_the_error(fetch(page)), 60)
    for address in (f"{url}/", other, f"{url}/no/such/page/"):
        assert shows_the_error(_body(address)), address
    shown = unescape(fetch(page) or "")
    assert '<html lang="de">' in shown and "1 Fehler in 1 Datei" in shown
    assert "<b>Hinweis:</b>" in shown and "Die Pläne sind nicht gültig" in shown
    # The page is served as MkDocs serves pages: with its live reload.
    assert "livereload(" in (fetch(page) or "")
    edit(plans / VELMAR, BROKEN, "status: key_account")
    assert wait_for(lambda: "Velmar Medizintechnik GmbH" in (fetch(page) or ""), 60)
    assert ERROR_PAGE not in (fetch(other) or ERROR_PAGE)
    log = preview.output()
    assert (f"kamgen: the plans are not valid:\n{ERROR_AT}: status: {MESSAGE}\n"
            f"    hint: {HINT}\n1 error in 1 file\n"
            "kamgen: the preview shows the errors until they are fixed\n") in log
    assert "kamgen: the plans are valid again; the preview shows the site\n" in log
    # Said once, by kamgen: not again by MkDocs, and no "the server will appear stuck".
    assert log.count(MESSAGE) == 1
    assert "stuck" not in log and "Traceback" not in log
    assert "not included in the" not in log


def _body(url: str) -> str | None:
    """The body of any answer, an error's too."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
    except urllib.error.HTTPError as error:
        body = error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None
    return body.decode("utf-8")


def test_serve_starts_with_an_invalid_plan_and_shows_its_errors(tmp_path: Path) -> None:
    with serving(tmp_path, prepare=lambda plans: edit(
            plans / VELMAR, "status: key_account", BROKEN)) as running:
        assert wait_for(lambda: shows_the_error(fetch(f"{running.url}/")), 60)
        assert shows_the_error(_body(f"{running.url}/accounts/velmar-medizintechnik/"))
        edit(running.plans / VELMAR, BROKEN, "status: key_account")
        assert wait_for(lambda: "Velmar Medizintechnik GmbH" in (
            fetch(f"{running.url}/accounts/velmar-medizintechnik/") or ""), 60)
        log = running.output()
    assert log.startswith("kamgen: serving the site; it rebuilds when a plan changes "
                          "(Ctrl+C stops)\n"
                          f"kamgen: the plans are not valid:\n{ERROR_AT}: status: {MESSAGE}\n"
                          f"    hint: {HINT}\n1 error in 1 file\n"
                          "kamgen: the preview shows the errors until they are fixed\n"), log
    assert log.count(MESSAGE) == 1
    # The pages the preview answers with the errors are not reported as missing.
    assert "code 404" not in log


def _add_probe(plans: Path) -> None:
    """A ninth account, of no export's rows, that may be deleted without breaking others."""
    text = (plans / "accounts" / "donauried-landtechnik.yaml").read_text("utf-8")
    (plans / "accounts" / "probe-kunde.yaml").write_text(
        text.replace("customer_number: '100412'", "customer_number: '999999'"), "utf-8")


def test_a_deleted_plan_s_page_is_gone(tmp_path: Path) -> None:
    with serving(tmp_path, prepare=_add_probe) as running:
        page = f"{running.url}/accounts/probe-kunde/"
        assert wait_for(lambda: status(page) == 200, 60)
        (running.plans / "accounts" / "probe-kunde.yaml").unlink()
        assert wait_for(lambda: status(page) == 404, 60)
        assert "probe-kunde" not in (fetch(f"{running.url}/") or "probe-kunde")
        assert "not included in the" not in running.output()


@pytest.mark.parametrize("server", [SHARED], indirect=True)
def test_a_shared_preview_shows_only_its_own_account_s_errors(
        server: tuple[str, Path]) -> None:
    url, plans = server
    assert wait_for(lambda: "Nordwerk Chemie AG" in (fetch(f"{url}/") or ""), 60)
    # Another account's error: the page says that there is one, not where or what.
    edit(plans / VELMAR, "status: key_account", BROKEN)
    assert wait_for(lambda: ERROR_PAGE in (fetch(f"{url}/") or ""), 60)
    page = unescape(fetch(f"{url}/") or "")
    # In the plans' language, as the site (the messages are kamgen's, in English).
    assert "1 weiterer Fehler in Dateien anderer Kunden oder des ganzen Programms" in page
    for secret in ("velmar", "Velmar", "alert(1)", "key_account, candidate"):
        assert secret not in page, secret
    # Its own account's error: shown in full.
    nordwerk = plans / "accounts" / "nordwerk-chemie" / "plan.yaml"
    edit(nordwerk, "status: key_account", "status: partner")
    assert wait_for(lambda: "found &#x27;partner&#x27;" in (fetch(f"{url}/") or ""), 60)
    page = unescape(fetch(f"{url}/") or "")
    assert "plans/accounts/nordwerk-chemie/plan.yaml:" in page
    assert "2 errors in 2 files" not in page and "velmar" not in page.lower()


@pytest.mark.browser
def test_the_browser_shows_the_errors_and_the_page_again_without_a_click(
        preview: Preview) -> None:
    """Live reload: the open page turns into the error page when a plan breaks, and back
    into the account's page when it is fixed; an address the site does not have too."""
    import os

    from local_browser import CHROMIUM, LAUNCH_ARGS

    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api")
    url, plans = preview.url, preview.plans
    page_url = f"{url}/accounts/velmar-medizintechnik/"
    assert wait_for(lambda: "Velmar Medizintechnik GmbH" in (fetch(page_url) or ""), 60)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            unknown = browser.new_page()
            page.goto(page_url, timeout=30_000)
            assert "Velmar Medizintechnik GmbH" in page.title()
            edit(plans / VELMAR, "status: key_account", BROKEN)
            page.wait_for_selector(f"meta[name={ERROR_PAGE}]", state="attached",
                                   timeout=60_000)
            assert page.title() == "Die Pläne sind nicht gültig · kamgen-Vorschau"
            text = page.inner_text("body")
            assert ERROR_AT in text and MESSAGE in text and HINT in text
            assert dialogs == []  # the plan's <script> is text
            unknown.goto(f"{url}/accounts/not-yet/", timeout=30_000)
            assert unknown.title() == "Die Pläne sind nicht gültig · kamgen-Vorschau"
            edit(plans / VELMAR, BROKEN, "status: key_account")
            page.wait_for_function("document.title.indexOf('Velmar Medizintechnik') >= 0",
                                   timeout=60_000)
            # The unknown address shows the site's own page for a missing page again.
            unknown.wait_for_function(
                f"!document.querySelector('meta[name={ERROR_PAGE}]')", timeout=60_000)
        finally:
            browser.close()


def test_a_site_configuration_broken_while_serving_shows_its_error(tmp_path: Path) -> None:
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    with serving(tmp_path, ["--config", "mkdocs.yml"]) as running:
        home = f"{running.url}/"
        assert wait_for(lambda: "Nordwerk Chemie AG" in (fetch(home) or ""), 60)
        config = tmp_path / "mkdocs.yml"
        edit(config, "name: material", "name: no-such-theme")
        assert wait_for(lambda: ERROR_PAGE in (fetch(home) or ""), 60)
        page = unescape(fetch(home) or "")
        assert "Die Website konnte nicht erstellt werden" in page
        assert ("Das Website-Werkzeug (MkDocs) hat abgebrochen:\nERROR: Config value 'theme': "
                "Unrecognised theme name: 'no-such-theme'.") in page
        edit(config, "name: no-such-theme", "name: material")
        assert wait_for(lambda: "Nordwerk Chemie AG" in (fetch(home) or ""), 60)
        log = running.output()
    assert ("mkdocs: ERROR Config value 'theme': Unrecognised theme name: 'no-such-theme'."
            in log)
    assert "kamgen: the site could not be built (MkDocs' message is above)\n" in log
    assert "Traceback" not in log and "stuck" not in log
