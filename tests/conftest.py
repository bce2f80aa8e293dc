"""Hermetic tests: askdocker's cache, data and config live under tmp_path."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def askdocker_home(tmp_path, monkeypatch):
    """Point ASKDOCKER_HOME and the XDG dirs at a temporary directory."""
    home = tmp_path / "askdocker-home"
    monkeypatch.setenv("ASKDOCKER_HOME", str(home))
    for var in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    monkeypatch.delenv("NO_COLOR", raising=False)
    return home


@pytest.fixture(scope="session")
def notes_index(tmp_path_factory):
    """The index of the bundled notes, built once per test session."""
    from askdocker.config import bundled_notes
    from askdocker.index import open_index

    return open_index([bundled_notes()], tmp_path_factory.mktemp("cache"))
