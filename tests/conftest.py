"""Fixtures shared by the test files."""

from __future__ import annotations

import pytest
import yaml

import kamgen.load.yaml_reader


@pytest.fixture(params=["SafeLoader", "CSafeLoader"])
def yaml_parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with PyYAML's own parser and with libyaml's (skipped when missing)."""
    loader = getattr(yaml, request.param, None)
    if loader is None:
        pytest.skip("libyaml (yaml.CSafeLoader) is not installed")
    monkeypatch.setattr(kamgen.load.yaml_reader, "_Parser", loader)
    return str(request.param)
