"""One small demo for the demo tests: built once, in a transaction that those tests run
inside (each in a savepoint, rolled back to the demo after it), and rolled back as soon as the
next test does not ask for it (`small_demo`), so that no other test sees it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest


def _small_demo_build() -> list[Any]:
    """The demo the tests build: the seed places at 1 % of their households."""
    from fupin.demo.services import demo_build

    return demo_build(scale=0.01, only_demo_regions=True, say=lambda m: None)


@dataclass
class _Built:
    atomic: Any = None
    blocker: Any = None
    logins: list[Any] | None = None

    def close(self) -> None:
        if self.atomic is None:
            return
        from django.db import transaction

        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = self.logins = None


_built = _Built()


@pytest.fixture(scope="package")
def _shared_demo(django_db_setup, django_db_blocker):
    from django.db import transaction
    from django.utils import translation

    with django_db_blocker.unblock():
        _built.atomic, _built.blocker = transaction.atomic(), django_db_blocker
        _built.atomic.__enter__()
        with translation.override("zh-hans"):
            _built.logins = _small_demo_build()
    yield
    _built.close()


@pytest.fixture
def small_demo(_shared_demo):
    """The logins of the small demo, which is in the database. If the shared demo was rolled
    back already (a test without it ran in between), the demo is built again in this test's
    transaction."""
    return list(_built.logins) if _built.atomic is not None else _small_demo_build()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if nextitem is None or "_shared_demo" not in getattr(nextitem, "fixturenames", ()):
        _built.close()
    return result
