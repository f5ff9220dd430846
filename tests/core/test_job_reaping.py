"""A job whose worker died does not stay "running" for ever."""

import datetime as dt
import os
import socket
import subprocess

import pytest
from django.utils import timezone, translation

from fupin.core.jobs import jobs_reap
from fupin.core.messages import translated
from fupin.core.models import Job

pytestmark = pytest.mark.django_db
HOST = socket.gethostname()


def _dead_pid():
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def _running(worker, minutes_ago):
    beat = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return Job.objects.create(
        kind="registry_import", status="running", worker=worker, started_at=beat, heartbeat_at=beat
    )


def test_jobs_of_dead_or_silent_workers_fail_and_live_ones_run_on(settings):
    settings.JOB_STALE_MINUTES = 30
    dead = _running(f"{HOST}:{_dead_pid()}:1", minutes_ago=1)
    silent = _running("other-host:123:1", minutes_ago=31)
    elsewhere = _running("other-host:456:1", minutes_ago=29)
    alive = _running(f"{HOST}:{os.getpid()}:1", minutes_ago=1)
    assert sorted(jobs_reap()) == sorted([dead.pk, silent.pk])
    dead.refresh_from_db()
    silent.refresh_from_db()
    assert (dead.status, silent.status) == ("failed", "failed")
    assert dead.finished_at and silent.finished_at
    assert dead.message == (
        f"the worker {dead.worker} ended before the job finished; "
        "nothing of it was kept, start it again"
    )
    assert silent.message == (
        "the worker other-host:123:1 reported nothing for 30 minutes; the job was stopped, "
        "nothing of it was kept, start it again"
    )
    # shown in the reader's language
    with translation.override("zh-hans"):
        assert translated(dead.message) == (
            f"执行进程 {dead.worker} 在任务完成前已停止；该任务未保留任何数据，请重新发起"
        )
    for job in (elsewhere, alive):
        job.refresh_from_db()
        assert (job.status, job.message, job.finished_at) == ("running", "", None)
    assert jobs_reap() == []  # nothing twice
