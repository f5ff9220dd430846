"""A job whose worker died does not stay "running" for ever."""

import datetime as dt
import os
import socket
import subprocess

import pytest
from django.utils import timezone

from fupin.core.jobs import ABANDONED, jobs_reap
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
    for job in (dead, silent):
        job.refresh_from_db()
        assert (job.status, job.message) == ("failed", ABANDONED) and job.finished_at
    for job in (elsewhere, alive):
        job.refresh_from_db()
        assert (job.status, job.message, job.finished_at) == ("running", "", None)
    assert jobs_reap() == []  # nothing twice
