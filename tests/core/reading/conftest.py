"""Fixtures of the reading tests: a load cache of the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the test's own."""
    where = tmp_path / "cache"
    monkeypatch.setenv("UKM_CACHE_DIR", str(where))
    monkeypatch.delenv("UKM_NO_CACHE", raising=False)
    return where
