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


@pytest.fixture(autouse=True, scope="session")
def _history_store_of_the_tests(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The commands keep the plans' measured history in the tests' own folder, never in
    the user's cache folder."""
    import os

    os.environ["KAMGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("kamgen-cache"))
