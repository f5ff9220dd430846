"""Background jobs: a queue in the database, run by `fupin worker` processes (several may run
against PostgreSQL) or by the worker thread `fupin serve` starts, so a single machine needs
no extra service. A job kind is a function registered with `@job_kind`; it gets the Job and a
`progress(stage, done, total=None)` callback and returns a message and result data."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone, translation

from fupin.core.errors import FupinError, InvalidInput, RowErrors
from fupin.core.models import Job, JobStatus

log = logging.getLogger(__name__)
Progress = Callable[..., None]
Runner = Callable[[Job, Progress], tuple[str, dict[str, Any]]]
KINDS: dict[str, Runner] = {}
LABELS: dict[str, Any] = {}


def job_kind(name: str, label: Any) -> Callable[[Runner], Runner]:
    """Register a job kind with its (translatable) label."""

    def register(function: Runner) -> Runner:
        KINDS[name] = function
        LABELS[name] = label
        return function

    return register


def job_folder(job: Job) -> Path:
    folder = Path(settings.DATA_DIR) / "jobs" / str(job.pk)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


UPLOAD_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods", ".csv")


def upload_keep(upload: Any) -> Path:
    """Keep an uploaded xlsx/csv file under the data folder for a job; InvalidInput for any
    other kind of file."""
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if suffix not in UPLOAD_SUFFIXES:
        raise InvalidInput(f"{upload.name}: not an xlsx or csv file")
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def job_enqueue(*, kind: str, params: dict[str, Any], actor: Any) -> Job:
    if kind not in KINDS:
        raise FupinError(f"unknown job kind {kind}")
    language = params.get("language") or translation.get_language() or settings.LANGUAGE_CODE
    return Job.objects.create(kind=kind, params={**params, "language": language}, created_by=actor)


def _claim(worker: str) -> Job | None:
    """Take the oldest queued job; two workers never take the same one."""
    with transaction.atomic():
        queued = Job.objects.filter(status=JobStatus.QUEUED).order_by("id")
        if connection.vendor == "postgresql":
            job = queued.select_for_update(skip_locked=True).first()
            if job is None:
                return None
        else:
            job = queued.first()
            if job is None:
                return None
        now = timezone.now()
        taken = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, worker=worker
        )
    if not taken:
        return None
    job.refresh_from_db()
    return job


def job_run_next(worker: str | None = None) -> Job | None:
    """Run the next queued job to its end; None when the queue is empty."""
    worker = worker or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
    job = _claim(worker)
    if job is None:
        return None
    last = [0.0]

    def progress(stage: str, done: int, total: int | None = None) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and total is None:
            return
        last[0] = now
        fields: dict[str, Any] = {"stage": stage[:60], "done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["total"] = total
        Job.objects.filter(pk=job.pk).update(**fields)

    language = job.params.get("language") or settings.LANGUAGE_CODE
    try:
        with translation.override(language):  # its files speak the language of who started it
            message, result = KINDS[job.kind](job, progress)
        status = JobStatus.DONE
    except RowErrors as exc:
        counts = {"errors": exc.error_count, "warnings": exc.warning_count}
        message, result, status = exc.message, counts, JobStatus.FAILED
    except FupinError as exc:
        message, result, status = exc.message, {}, JobStatus.FAILED
    except Exception:  # a bug: the job fails with a short message, the log has the trace
        log.error("job %s failed:\n%s", job.pk, traceback.format_exc())
        message, result, status = "internal error; see the server log", {}, JobStatus.FAILED
    job.refresh_from_db()
    job.status, job.message, job.result = status, message, {**job.result, **result}
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "result", "finished_at"])
    return job


ABANDONED = "the worker stopped before the job finished; nothing of it was kept, start it again"


def _worker_alive(worker: str, host: str) -> bool:
    """False only when `worker` ran on this host in a process that no longer exists."""
    name, _, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if name != host or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def jobs_reap() -> list[int]:
    """Fail the running jobs whose worker is gone: its process on this host has ended, or it
    has reported no progress for FUPIN_JOB_STALE_MINUTES. Their writes were one transaction
    each, rolled back with the worker, so only the job's status needs mending."""
    host = socket.gethostname()
    stale = timezone.now() - dt.timedelta(minutes=settings.JOB_STALE_MINUTES)
    reaped = []
    for job in Job.objects.filter(status=JobStatus.RUNNING).only("pk", "worker", "heartbeat_at"):
        beat = job.heartbeat_at
        if _worker_alive(job.worker, host) and (beat is None or beat >= stale):
            continue
        mended = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, worker=job.worker).update(
            status=JobStatus.FAILED, message=ABANDONED, finished_at=timezone.now()
        )
        if mended:
            log.warning("job %s: worker %s is gone; job failed", job.pk, job.worker)
            reaped.append(job.pk)
    return reaped


def worker_loop(
    *, once: bool = False, sleep: float = 1.0, stop: threading.Event | None = None
) -> int:
    """Run jobs until stopped (or, with `once`, until the queue is empty); returns how many."""
    count = 0
    reaped_at = 0.0
    while stop is None or not stop.is_set():
        if not connection.in_atomic_block:  # a long-lived worker drops stale connections
            close_old_connections()
        if time.monotonic() - reaped_at > 60:
            jobs_reap()
            reaped_at = time.monotonic()
        job = job_run_next()
        if job is not None:
            count += 1
            continue
        if once:
            break
        time.sleep(sleep)
    return count


def start_embedded_worker() -> threading.Event:
    """A worker thread inside the web server process (the default without PostgreSQL
    workers)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=worker_loop, kwargs={"stop": stop}, name="fupin-worker", daemon=True
    )
    thread.start()
    return stop
