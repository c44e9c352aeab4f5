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


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "plans", plans)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kamgen", "serve", str(plans), "--dev-addr",
         f"127.0.0.1:{port}", "--as-of", "2026-11-23"],
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
