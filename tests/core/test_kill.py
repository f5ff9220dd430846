"""`kill -9` of a worker (or of `fupin evaluate --store`) in the middle of its write: nothing
half-written, the job failed with the reason, and running it again completes it.

The process is a real one, started on the test database (committed rows: transactional
tests). It is killed at a point that is surely inside its write transaction: the bulk write
of a table the test names, made inside a transaction after other rows of the same
transaction were written, touches a marker file and waits there; the test sees the marker
and sends SIGKILL."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from tests.factories import id_number, member_row, write_csv

from fupin.core.jobs import job_enqueue, job_run_next, jobs_reap
from fupin.core.models import Change, Job

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
WAIT = 15  # seconds the process may take to reach its write

# the process: fupin's command line, with the bulk writers pausing inside a transaction
HOOK = """
import os, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.settings")
import django
django.setup()
from django.db import connection
from fupin.core import bulk

calls = []

def paused(real):
    def write(table, *args, **kwargs):
        out = real(table, *args, **kwargs)
        if connection.in_atomic_block and table == os.environ["KILL_TABLE"]:
            calls.append(table)
            if len(calls) == int(os.environ["KILL_CALL"]):
                open(os.environ["KILL_MARK"], "w").close()
                time.sleep(60)
        return out
    return write

bulk.insert, bulk.upsert = paused(bulk.insert), paused(bulk.upsert)
from fupin.cli import main
main(sys.argv[1:])
"""


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user, host, port = db["USER"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgresql://{user}@{host}:{port}/{db['NAME']}"


def _killed_in_its_write(tmp_path: Path, table: str, call: int, *args: str) -> int:
    """Run `fupin ARGS` until it has made its `call`-th bulk write of `table` inside a
    transaction, kill -9 it there; its pid."""
    mark = tmp_path / "inside"
    env = {
        **os.environ,
        "FUPIN_DATABASE_URL": _database_url(),
        "FUPIN_DATA_DIR": str(settings.DATA_DIR),
        "KILL_MARK": str(mark),
        "KILL_TABLE": table,
        "KILL_CALL": str(call),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", HOOK, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + WAIT
    while not mark.exists():
        if process.poll() is not None:
            jobs = list(Job.objects.values_list("status", "message"))
            pytest.fail(f"ended before its write: {process.communicate()} {jobs}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("never reached its write")
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(10) == -signal.SIGKILL
    process.stdout.close()
    process.stderr.close()
    return process.pid


@pytest.fixture
def admin(db):
    from fupin.accounts.models import User
    from fupin.regions.models import Region
    from fupin.regions.services import regions_load

    if not Region.objects.filter(code="110119202201").exists():  # emptied by an earlier test
        regions_load(only=("110119202201", "130727"))
    return User.objects.create_user("k", password="a-long-test-password", role="administrator")


def _registry_counts() -> dict[str, int]:
    from fupin.registry.models import Household, HouseholdResult, Member, RegionResult

    return {
        "households": Household.objects.count(),
        "members": Member.objects.count(),
        "history": Change.objects.count(),
        "household results": HouseholdResult.objects.count(),
        "region results": RegionResult.objects.count(),
    }


def _registry_file(path: Path, households: int, prefix: str) -> Path:
    rows = []
    for n in range(households):
        birth = (dt.date(1950, 1, 1) + dt.timedelta(days=n)).strftime("%Y%m%d")
        number = f"{prefix}{n:05d}"
        rows.append(member_row(number, 证件号码=id_number(birth)))
        rows.append(member_row(number, "配偶", 姓名="李四", 证件号码=id_number(birth, male=False)))
    return write_csv(path, rows)


def _assert_reaped(job: Job, pid: int) -> None:
    """The dead worker's job, still running, is failed with the reason by the reaper."""
    job.refresh_from_db()
    assert job.status == "running" and job.worker.split(":")[1] == str(pid)
    assert jobs_reap() == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.finished_at is not None) == ("failed", True)
    assert job.message == (
        f"the worker {job.worker} ended before the job finished; "
        "nothing of it was kept, start it again"
    )


def test_a_registry_import_killed_in_its_write_leaves_nothing_and_runs_again(tmp_path, admin):
    from fupin.registry.models import Member

    # given households already stored, and an import of 300 more queued
    call_command("registry", "import", str(_registry_file(tmp_path / "old.csv", 3, "K")))
    before = _registry_counts()
    assert before["households"] == 3 and before["members"] == 6
    path = _registry_file(tmp_path / "new.csv", 300, "N")
    params = {"path": str(path), "name": "new.csv", "year": None, "mode": "strict"}
    job = job_enqueue(kind="registry_import", params=params, actor=admin)
    # when its worker is killed inside the write
    # (households written, their members being written)
    pid = _killed_in_its_write(tmp_path, Member._meta.db_table, 1, "worker", "--once")
    # then nothing of it is stored, and the reaper fails the job with the reason
    assert _registry_counts() == before
    _assert_reaped(job, pid)
    # when it is started again, it completes
    again = job_enqueue(kind="registry_import", params=params, actor=admin)
    assert job_run_next().pk == again.pk
    again.refresh_from_db()
    assert again.status == "done", again.message
    assert (again.result["households"], again.result["members"]) == (300, 600)
    after = _registry_counts()
    assert (after["households"], after["members"]) == (303, 606)
    assert after["history"] > before["history"]


def test_a_ledger_import_killed_in_its_write_leaves_nothing_and_runs_again(tmp_path, admin):
    from tests.assistance.factories import code, pair, units

    from fupin.assistance.indicators import standard_indicators_ensure
    from fupin.assistance.models import LedgerEntry

    standard_indicators_ensure()
    pair(units((1, "集团", None))[1], "130727")
    head = "编号,单位信用代码,日期,指标,数值,行政区划代码,冲销\n"
    old = tmp_path / "old.csv"
    old.write_text(head + f"L0,{code(1)},2020-03-01,直接投入帮扶资金,1000.00,130727,\n")
    call_command("ledger", "import", str(old))
    lines = [f"L{n},{code(1)},2020-03-02,直接投入帮扶资金,{n}.50,130727," for n in range(1, 401)]
    lines.append(f"R0,{code(1)},,,,,L0")  # a reversal of the stored entry
    path = tmp_path / "ledger.csv"
    path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")

    def counts():
        return LedgerEntry.objects.count(), Change.objects.count()

    before = counts()
    assert before[0] == 1
    params = {"path": str(path), "name": "ledger.csv", "what": "ledger", "mode": "strict"}
    job = job_enqueue(kind="assistance_import", params=params, actor=admin)
    # (the 400 entries written, the reversal being written)
    pid = _killed_in_its_write(tmp_path, LedgerEntry._meta.db_table, 2, "worker", "--once")
    assert counts() == before
    _assert_reaped(job, pid)
    again = job_enqueue(kind="assistance_import", params=params, actor=admin)
    assert job_run_next().pk == again.pk
    again.refresh_from_db()
    assert (again.status, again.result["created"]) == ("done", 401), again.message
    assert LedgerEntry.objects.count() == 402
    assert LedgerEntry.objects.get(entry_id="R0").amount == -1000


def test_an_evaluation_store_killed_in_its_write_keeps_the_stored_results(tmp_path, admin):
    from fupin.registry.models import HouseholdResult, RegionResult

    out = ("--out", str(tmp_path / "out"))
    # given results stored for 2016, and households changed since
    call_command("registry", "import", str(_registry_file(tmp_path / "a.csv", 200, "E")))
    call_command("evaluate", "--year", "2016", "--store", *out)
    before = _registry_counts()
    assert before["household results"] == 200 and before["region results"] > 0
    stored_at = sorted(HouseholdResult.objects.values_list("household_id", "evaluated_at"))
    # when `fupin evaluate --store` is killed inside its write (after deleting the old ones)
    # (old results deleted, the households' new ones written, the regions' being written)
    table = RegionResult._meta.db_table
    _killed_in_its_write(tmp_path, table, 1, "evaluate", "--year", "2016", "--store", *out)
    # then the results stored before are all there, unchanged
    assert _registry_counts() == before
    assert sorted(HouseholdResult.objects.values_list("household_id", "evaluated_at")) == stored_at
    # and running it again stores them all
    call_command("evaluate", "--year", "2016", "--store", *out)
    assert _registry_counts() == before
    assert min(HouseholdResult.objects.values_list("evaluated_at", flat=True)) > max(
        t for _, t in stored_at
    )
