"""`kamgen serve`: the preview answers on localhost and rebuilds when a plan changes."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
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


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, Path]]:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    port = free_port()
    options = getattr(request, "param", [])
    process = subprocess.Popen(
        [sys.executable, "-m", "kamgen", "serve", str(plans), "--dev-addr",
         f"127.0.0.1:{port}", "--as-of", "2026-11-23", *options],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}", plans
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


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
    # The plan made confidential: the preview stops serving it (MkDocs holds the requests
    # until the plans are valid for the edition again).
    plan = plans / "accounts" / "nordwerk-chemie" / "plan.yaml"
    plan.write_text(plan.read_text("utf-8").replace("confidential: false",
                                                    "confidential: true"), "utf-8")
    assert wait_for(lambda: "Nordwerk Chemie AG" not in (fetch(f"{url}/") or ""), 60)
