"""The database stopped or unreachable: how fupin recognises it and says so once.

Pages answer 503 (fupin.web.errors), commands print one line (fupin.core.commands) and the
job worker waits for the database to come back (fupin.core.jobs). All three ask
`unreachable(exc)`, which tells an outage (no connection, connection lost, server shutting
down, SQLite file that cannot be opened or stays locked past its timeout) from the database
errors that are bugs or bad data (a missing table, a deadlock, a constraint), which stay 500s.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import psycopg
from django.db import InterfaceError, OperationalError, connections

log = logging.getLogger(__name__)

# SQLite's words for a file it cannot open and for a lock held past the timeout
SQLITE_SIGNS = ("unable to open database file", "database is locked", "disk i/o error")
# the same, in other drivers' words, for errors that carry no driver exception
CONNECTION_SIGNS = (
    "connection refused",
    "could not connect",
    "connection failed",
    "server closed the connection",
    "connection is closed",
    "connection already closed",
    "terminating connection",
    "the database system is",  # … starting up / shutting down / in recovery mode
)
# PostgreSQL states that mean "no usable connection": class 08 (connection exception),
# administrator or crash shutdown, cannot connect now, too many connections
POSTGRES_STATES = {"57P01", "57P02", "57P03", "53300"}


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _postgres_outage(error: BaseException) -> bool:
    if isinstance(error, psycopg.InterfaceError):
        return True
    if not isinstance(error, psycopg.OperationalError):
        return False
    state = error.sqlstate
    return state is None or state.startswith("08") or state in POSTGRES_STATES


def unreachable(exc: BaseException) -> str | None:
    """The reason, in one line, when `exc` says the database cannot be reached; else None."""
    for error in _chain(exc):
        if isinstance(error, psycopg.Error):
            return reason(error) if _postgres_outage(error) else None
        if isinstance(error, InterfaceError):  # Django's: the connection is gone
            return reason(error)
        if isinstance(error, OperationalError | sqlite3.OperationalError):
            text = str(error).lower()
            if any(sign in text for sign in SQLITE_SIGNS + CONNECTION_SIGNS):
                return reason(error)
    return None


def reason(error: BaseException) -> str:
    """The driver's message, shortened to what went wrong: `Connection refused`, not the
    sentence around it that repeats the host and port."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    text = re.sub(r"\s+", " ", text)
    tail = re.search(r"connection to server .*? failed: (.+)$", text)
    if tail:
        text = tail.group(1)
    return text.removeprefix("connection failed: ").strip()


def where(alias: str = "default") -> str:
    """The database a connection alias points at, as a reader recognises it (the file for
    SQLite, the URL without its password for PostgreSQL)."""
    return location(connections[alias].settings_dict)


def location(conf: dict[str, Any]) -> str:
    """`where` for a connection's settings."""
    engine = conf.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        return str(conf.get("NAME") or "")
    user = quote(conf.get("USER") or "", safe="")
    host = conf.get("HOST") or "localhost"
    port = f":{conf['PORT']}" if conf.get("PORT") else ""
    scheme = "postgresql" if "postgresql" in engine else engine.rsplit(".", 1)[-1]
    return f"{scheme}://{user + '@' if user else ''}{host}{port}/{conf['NAME']}"


def describe(error: BaseException, alias: str = "default") -> str:
    """The one line: `database unreachable: <where> (<reason>)`."""
    return f"database unreachable: {where(alias)} ({unreachable(error) or reason(error)})"


class Outage:
    """Logs an outage once when it starts and once when it ends, however many requests or
    polls meet it in between (threads share one instance). `meanwhile` says what the process
    does until the database is back, `counted` what `down` counts."""

    def __init__(self, meanwhile: str, counted: str) -> None:
        self.meanwhile, self.counted = meanwhile, counted
        self._lock = threading.Lock()
        self._since: float | None = None
        self._hits = 0

    @property
    def is_down(self) -> bool:
        return self._since is not None

    def down(self, error: BaseException) -> None:
        with self._lock:
            self._hits += 1
            if self._since is not None:
                return
            self._since = time.monotonic()
        log.error("%s; %s", describe(error), self.meanwhile)

    def up(self) -> None:
        if self._since is None:  # the usual case: no lock taken
            return
        with self._lock:
            if self._since is None:
                return
            seconds, hits = time.monotonic() - self._since, self._hits
            self._since, self._hits = None, 0
        log.warning("database reachable again after %.0f s; %d %s", seconds, hits, self.counted)
