"""Shared fixtures. The session database holds the division tree of the seeds' places (the
full tree is loaded by its own test); each test runs in a transaction rolled back after it.

The suite runs in worker processes (pytest-xdist, `make test`): each worker has its own test
database (pytest-django adds the worker's name to it) and its own data folder, set here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEED_PLACES = ("540232", "421123", "530825", "130727", "130824", "110119202201", "360426")
#: Django's PBKDF2 at a test run's cost (tests/hashers.py); tests/test_passwords.py checks
#: the production hashers
TEST_HASHERS = ["tests.hashers.QuickPBKDF2PasswordHasher"]


def pytest_configure(config):
    """A worker's files (jobs, uploads, attachments) go to a folder of its own, so that two
    workers' job 1 do not share a folder."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        from django.conf import settings

        folder = Path(settings.DATA_DIR) / worker
        folder.mkdir(parents=True, exist_ok=True)
        settings.DATA_DIR = folder
        settings.MEDIA_ROOT = folder / "media"


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=TEST_HASHERS):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from fupin.regions.services import regions_load

    with django_db_blocker.unblock():
        regions_load(only=SEED_PLACES)


@pytest.fixture(scope="module")
def module_rows(django_db_setup, django_db_blocker):
    """A transaction around a module's tests, for the rows they all start from (what Django's
    TestCase.setUpTestData gives): a module fixture that depends on this one writes them once,
    each test runs in a savepoint inside it and is rolled back to them, and the transaction is
    rolled back after the module. For modules of plain `django_db` tests only (a transactional
    test would flush the rows)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def tmp_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


#: a test that has none of these in its fixture closure and no django_db mark cannot reach
#: the database (pytest-django blocks it)
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}


def _reaches_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def pytest_collection_modifyitems(config, items):
    """On PostgreSQL only the tests that reach the database run: the others (the policy
    engine, readers, number rules …) ran on the SQLite pass already and would run the same
    code again (FUPIN_TEST_EVERYTHING=1 runs them too). Browser tests need Chromium; under
    CI=true its absence is a failure, not a skip."""
    from django.db import connection

    if connection.vendor == "postgresql" and not os.environ.get("FUPIN_TEST_EVERYTHING"):
        kept = [item for item in items if _reaches_database(item)]
        if len(kept) < len(items):
            config.hook.pytest_deselected(items=[i for i in items if i not in set(kept)])
            items[:] = kept
    if os.path.exists("/usr/bin/chromium") or os.environ.get("CI") == "true":
        return
    skip = pytest.mark.skip(reason="no /usr/bin/chromium (install it: apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
