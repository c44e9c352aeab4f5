"""The locked set-up: the tests run on exactly the versions of requirements/, and the lock
says nothing about where packages come from."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCKS = (ROOT / "requirements" / "pip.lock", ROOT / "requirements" / "dev.lock")
PIN = re.compile(r"^[A-Za-z0-9][^\s=]*==[^\s;\\]+(?: *;[^\\]*)?")


def pins() -> dict[str, str]:
    """Name → version of every pin of the locks that applies to this Python."""
    found: dict[str, str] = {}
    for lock in LOCKS:
        for line in lock.read_text(encoding="utf-8").splitlines():
            match = PIN.match(line)
            if match is None:
                continue
            requirement = Requirement(match.group().strip())
            if requirement.marker is None or requirement.marker.evaluate():
                found[canonicalize_name(requirement.name)] = str(requirement.specifier)[2:]
    return found


def test_the_environment_is_exactly_the_lock() -> None:
    installed = {canonicalize_name(dist.metadata["Name"]): dist.version
                 for dist in metadata.distributions()}
    assert installed.pop("kamgen") == metadata.version("kamgen")
    assert installed == pins(), "the environment is not the lock: rm -rf .venv && make test"


def test_every_pin_has_hashes_and_the_locks_name_no_host() -> None:
    for lock in LOCKS:
        text = lock.read_text(encoding="utf-8")
        lines = text.splitlines()
        for number, line in enumerate(lines):
            if PIN.match(line):
                assert lines[number + 1].startswith("    --hash=sha256:"), line
        assert "://" not in text
        assert not re.search(r"^\s*--(?:index-url|extra-index-url|find-links|trusted-host)",
                             text, re.MULTILINE)
