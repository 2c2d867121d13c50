"""Shared fixtures: Sphinx's testing fixtures, with our roots and extension."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "extensions"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return REPO / "tests" / "roots"
