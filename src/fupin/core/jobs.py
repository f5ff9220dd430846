"""Background jobs: a queue in the database, run by `fupin worker` processes (several may run
against PostgreSQL) or by the worker thread `fupin serve` starts, so a single machine needs
no extra service. A job kind is a function registered with `@job_kind`; it gets the Job and a
`progress(stage, done, total=None)` callback and returns a message and result data.

The database stopped or unreachable (fupin.core.outage) does not stop a worker: it logs one
line, waits and tries again, and queued jobs stay queued. A job the outage interrupted is
failed with DATABASE_LOST when the database is back, not run again: the outage may have come
after the job's transaction committed, and running an import twice would double it. A job
that ended while the database was away keeps its outcome in memory until it can be written."""

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
from fupin.core.outage import Outage, unreachable

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
    # what the update wrote, without reading it back: nothing after the commit may fail
    job.status, job.started_at, job.heartbeat_at, job.worker = JobStatus.RUNNING, now, now, worker
    return job


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


DATABASE_LOST = (
    "the database became unreachable while the job ran and the job was stopped; "
    "check whether its changes were saved before starting it again"
)
# outcomes of jobs that ended while the database was away: job id → (status, message,
# result, finished_at), written by the next worker loop of this process that reaches it
_UNSAVED: dict[int, tuple[str, str, dict[str, Any], dt.datetime]] = {}
_UNSAVED_LOCK = threading.Lock()


def _finish(
    pk: int, status: str, message: str, result: dict[str, Any], finished_at: dt.datetime
) -> Job:
    job = Job.objects.get(pk=pk)
    job.status, job.message, job.result = status, message, {**job.result, **result}
    job.finished_at = finished_at
    job.save(update_fields=["status", "message", "result", "finished_at"])
    return job


def _save_unsaved() -> None:
    """Write the outcomes kept while the database was away (oldest first)."""
    with _UNSAVED_LOCK:
        pending = sorted(_UNSAVED.items())
    for pk, outcome in pending:
        _finish(pk, *outcome)
        with _UNSAVED_LOCK:
            _UNSAVED.pop(pk, None)
        log.warning(
            "job %s: its outcome (%s), kept while the database was away, saved", pk, outcome[0]
        )


def job_run_next(worker: str | None = None) -> Job | None:
    """Run the next queued job to its end; None when the queue is empty."""
    worker = worker or _worker_name()
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
    except Exception as exc:
        if unreachable(exc) is not None:  # the worker loop logs the outage, once
            message, result, status = DATABASE_LOST, {}, JobStatus.FAILED
        else:  # a bug: the job fails with a short message, the log has the trace
            log.error("job %s failed:\n%s", job.pk, traceback.format_exc())
            message, result, status = "internal error; see the server log", {}, JobStatus.FAILED
    finished_at = timezone.now()
    try:
        return _finish(job.pk, status, message, result, finished_at)
    except Exception as exc:
        if unreachable(exc) is not None:
            with _UNSAVED_LOCK:
                _UNSAVED[job.pk] = (status, message, result, finished_at)
        raise


# the reasons a reaped job is failed with (fupin.core.messages has their templates)
ABANDONED = (
    "the worker %(worker)s ended before the job finished; nothing of it was kept, start it again"
)
SILENT = (
    "the worker %(worker)s reported nothing for %(minutes)s minutes; the job was stopped, "
    "nothing of it was kept, start it again"
)


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
        alive = _worker_alive(job.worker, host)
        if alive and (beat is None or beat >= stale):
            continue
        minutes = settings.JOB_STALE_MINUTES
        message = SILENT if alive else ABANDONED
        message %= {"worker": job.worker, "minutes": minutes}
        mended = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, worker=job.worker).update(
            status=JobStatus.FAILED, message=message, finished_at=timezone.now()
        )
        if mended:
            log.warning("job %s: worker %s is gone; job failed", job.pk, job.worker)
            reaped.append(job.pk)
    return reaped


def _mend_own(worker: str) -> list[int]:
    """Fail the jobs still marked running by `worker`, which runs none between two jobs:
    the database went away while it ran them (or as it took them) and the outcome is not
    known. Outcomes kept in memory are written before (`_save_unsaved`)."""
    orphans = list(
        Job.objects.filter(status=JobStatus.RUNNING, worker=worker).values_list("pk", flat=True)
    )
    if orphans:
        Job.objects.filter(pk__in=orphans, status=JobStatus.RUNNING, worker=worker).update(
            status=JobStatus.FAILED, message=DATABASE_LOST, finished_at=timezone.now()
        )
        log.warning("job(s) %s: interrupted when the database went away; failed", orphans)
    return orphans


OUTAGE_WAIT_MAX = 10.0  # seconds: the longest a worker waits between two tries


def _drop_connection() -> None:
    try:
        connection.close()
    except Exception:  # a lost connection may fail to close; it is dropped all the same
        log.debug("closing the lost connection failed", exc_info=True)


def worker_loop(
    *, once: bool = False, sleep: float = 1.0, stop: threading.Event | None = None
) -> int:
    """Run jobs until stopped (or, with `once`, until the queue is empty); returns how many.
    The database away: a long-running loop logs it once and tries again, waiting twice as
    long each time up to OUTAGE_WAIT_MAX; with `once` the error is raised (the command prints
    it in one line)."""
    count = 0
    reaped_at = 0.0
    worker = _worker_name()
    outage = Outage("the worker waits for it; queued jobs stay queued", "poll(s) met it")
    pause = sleep
    while stop is None or not stop.is_set():
        try:
            if not connection.in_atomic_block:  # a long-lived worker drops stale connections
                close_old_connections()
            _save_unsaved()
            if outage.is_down:
                _mend_own(worker)
            if time.monotonic() - reaped_at > 60:
                jobs_reap()
                reaped_at = time.monotonic()
            job = job_run_next(worker)
        except Exception as exc:
            if once or unreachable(exc) is None:
                raise
            outage.down(exc)
            _drop_connection()
            _pause(stop, pause)
            pause = min(pause * 2, OUTAGE_WAIT_MAX)
            continue
        outage.up()
        pause = sleep
        if job is not None:
            count += 1
            continue
        if once:
            break
        _pause(stop, sleep)
    return count


def _pause(stop: threading.Event | None, seconds: float) -> None:
    if stop is None:
        time.sleep(seconds)
    else:
        stop.wait(seconds)


def start_embedded_worker() -> threading.Event:
    """A worker thread inside the web server process (the default without PostgreSQL
    workers)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=worker_loop, kwargs={"stop": stop}, name="fupin-worker", daemon=True
    )
    thread.start()
    return stop
