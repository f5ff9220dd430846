"""The job worker and the database stopped or unreachable: a poll during the outage changes no
job; a long-running worker logs one line, waits longer each time and carries on when the
database is back; a job the outage interrupted is failed with a clear reason (not run again);
an outcome reached while the database was away is written when it is back."""

import logging

import pytest
from django.db import OperationalError
from django.utils import timezone
from tests.web.test_outage import Down

from fupin.core import jobs
from fupin.core.jobs import DATABASE_LOST, KINDS, LABELS, worker_loop
from fupin.core.models import Job
from fupin.core.outage import where

pytestmark = pytest.mark.django_db


@pytest.fixture
def down(monkeypatch):
    return Down(monkeypatch)


@pytest.fixture(autouse=True)
def nothing_kept():
    jobs._UNSAVED.clear()
    yield
    jobs._UNSAVED.clear()


@pytest.fixture
def probe(monkeypatch):
    """A job kind whose body the test gives (`probe.body`); `probe.runs` counts its runs."""

    class Probe:
        runs = 0

        def body(self, job, progress):
            return "探针完成", {"rows": 3}

    state = Probe()

    def run(job, progress):
        state.runs += 1
        return state.body(job, progress)

    monkeypatch.setitem(KINDS, "outage_probe", run)
    monkeypatch.setitem(LABELS, "outage_probe", "probe")
    return state


def _state(job):
    job.refresh_from_db()
    return (job.status, job.worker, job.started_at, job.message)


def test_a_poll_during_an_outage_changes_no_job_and_the_job_runs_after(probe, down):
    # given a queued job; when a worker polls while the database is away
    job = Job.objects.create(kind="outage_probe")
    down.on()
    with pytest.raises(OperationalError):
        worker_loop(once=True)
    # then the job is as it was, and did not run
    down.off()
    assert _state(job) == ("queued", "", None, "") and probe.runs == 0
    # when the database is back, the job runs once
    assert worker_loop(once=True) == 1
    job.refresh_from_db()
    assert (job.status, job.message, job.result["rows"], probe.runs) == ("done", "探针完成", 3, 1)


@pytest.mark.django_db(transaction=True)
def test_a_long_running_worker_logs_once_waits_and_carries_on(probe, down, monkeypatch, caplog):
    # given a queued job, a job this worker had taken when the database went away, and the
    # database away for three polls
    caplog.set_level(logging.INFO)
    queued = Job.objects.create(kind="outage_probe")
    now = timezone.now()
    taken = Job.objects.create(
        kind="outage_probe",
        status="running",
        worker=jobs._worker_name(),
        started_at=now,
        heartbeat_at=now,
    )
    stop = jobs.threading.Event()
    pauses = []

    def pause(_stop, seconds):
        pauses.append(seconds)
        if len(pauses) == 3:
            down.off()  # the database is back
        elif len(pauses) > 3:
            stop.set()  # the queue is empty: enough

    monkeypatch.setattr(jobs, "_pause", pause)
    down.on()
    # when the worker loop runs
    count = worker_loop(stop=stop, sleep=1.0)
    # then it waited 1, 2, 4 seconds while the database was away, then polled as usual
    assert pauses == [1.0, 2.0, 4.0, 1.0]
    # the queued job ran once; the one it had taken is failed with the reason
    assert count == 1 and probe.runs == 1
    queued.refresh_from_db()
    taken.refresh_from_db()
    assert (queued.status, queued.message) == ("done", "探针完成")
    assert (taken.status, taken.message) == ("failed", DATABASE_LOST) and taken.finished_at
    # one line when the database went away and one when it came back, no traceback
    outage = [(r.levelname, r.getMessage()) for r in caplog.records if r.name.endswith("outage")]
    assert outage[0] == (
        "ERROR",
        f"database unreachable: {where()} (Connection refused); "
        "the worker waits for it; queued jobs stay queued",
    )
    assert len(outage) == 2 and outage[1][0] == "WARNING"
    assert outage[1][1].startswith("database reachable again after ")
    assert outage[1][1].endswith("; 3 poll(s) met it")
    assert not any(r.exc_info for r in caplog.records)


@pytest.mark.django_db(transaction=True)  # as a worker runs: outside a transaction
def test_a_job_the_outage_interrupts_is_failed_with_the_reason_when_the_database_is_back(
    probe, down
):
    # given a job that has reported progress when the database goes away
    def body(job, progress):
        progress("写入", 1, 10)
        down.on()
        progress("写入", 2, 10)  # refused
        raise AssertionError("not reached")

    probe.body = body
    job = Job.objects.create(kind="outage_probe")
    with pytest.raises(OperationalError):
        worker_loop(once=True)
    # then while the database is away the job still shows as running at its last progress
    down.off()
    job.refresh_from_db()
    assert (job.status, job.stage, job.done, job.total) == ("running", "写入", 1, 10)
    # when the database is back, the next poll fails it with the reason: not run again
    assert worker_loop(once=True) == 0
    job.refresh_from_db()
    assert (job.status, job.message, probe.runs) == ("failed", DATABASE_LOST, 1)
    assert job.finished_at is not None and jobs._UNSAVED == {}


@pytest.mark.django_db(transaction=True)  # as a worker runs: outside a transaction
def test_an_outcome_reached_while_the_database_was_away_is_written_when_it_is_back(probe, down):
    # given a job that ends just as the database goes away
    def body(job, progress):
        down.on()
        return "已导入 3 行", {"rows": 3}

    probe.body = body
    job = Job.objects.create(kind="outage_probe")
    with pytest.raises(OperationalError):
        worker_loop(once=True)
    ended = timezone.now()
    down.off()
    assert _state(job)[0] == "running"
    # when the database is back, the outcome kept in memory is written, with its own time
    assert worker_loop(once=True) == 0
    job.refresh_from_db()
    assert (job.status, job.message, job.result, probe.runs) == (
        "done",
        "已导入 3 行",
        {"rows": 3},
        1,
    )
    assert job.finished_at <= ended


def test_a_bug_in_a_job_still_fails_it_as_an_internal_error(probe):
    def body(job, progress):
        raise OperationalError("no such column: x")  # a database error that is no outage

    probe.body = body
    job = Job.objects.create(kind="outage_probe")
    assert worker_loop(once=True) == 1
    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "internal error; see the server log")
