"""Shared fixtures. The session database holds the division tree of the seeds' places (the
full tree is loaded by its own test); each test runs in a transaction rolled back after it."""

from __future__ import annotations

import os

import pytest

SEED_PLACES = ("540232", "421123", "530825", "130727", "130824", "110119202201", "360426")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from fupin.regions.services import regions_load

    with django_db_blocker.unblock():
        regions_load(only=SEED_PLACES)


@pytest.fixture
def tmp_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def pytest_collection_modifyitems(config, items):
    """Browser tests need Chromium; under CI=true its absence is a failure, not a skip."""
    if os.path.exists("/usr/bin/chromium") or os.environ.get("CI") == "true":
        return
    skip = pytest.mark.skip(reason="no /usr/bin/chromium (install it: apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
