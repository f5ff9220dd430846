"""Commands with the database stopped or unreachable: one line `database unreachable: <where>
(<reason>)` on stderr and exit status 1, never a traceback; and which database errors count
as the database being away."""

import os
import sqlite3
import subprocess
import sys
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import InterfaceError, OperationalError, connection
from django.db.utils import ConnectionHandler
from tests.web.test_outage import Down

from fupin.core.outage import location, unreachable, where

CLOSED = "postgresql://postgres@127.0.0.1:1/none"  # nothing listens on port 1


def fupin(tmp_path, url, *args):
    env = {
        **os.environ,
        "FUPIN_DATA_DIR": str(tmp_path / "data"),
        "FUPIN_DATABASE_URL": url,
        "FUPIN_EMBEDDED_WORKER": "0",
    }
    return subprocess.run(
        [sys.executable, "-m", "fupin.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "command",
    [["worker", "--once"], ["serve", "--port", "1"], ["migrate"]],
    ids=["fupin-command", "serve", "django-command"],
)
def test_a_closed_postgresql_port_is_one_line_and_exit_1(tmp_path, command):
    done = fupin(tmp_path, CLOSED, *command)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"database unreachable: {CLOSED} (Connection refused)\n"


def test_the_password_in_the_url_is_not_shown(tmp_path):
    done = fupin(tmp_path, "postgresql://postgres:s3cret@127.0.0.1:1/none", "worker", "--once")
    assert done.returncode == 1 and "s3cret" not in done.stderr
    assert done.stderr == f"database unreachable: {CLOSED} (Connection refused)\n"


def test_an_sqlite_file_that_cannot_be_opened_is_one_line_and_exit_1(tmp_path):
    # a file in a folder that does not exist, and a folder where the file should be
    missing = tmp_path / "missing" / "fupin.sqlite3"
    folder = tmp_path / "folder"
    folder.mkdir()
    for path in (missing, folder):
        done = fupin(tmp_path, f"sqlite:///{path}", "worker", "--once")
        assert (done.returncode, done.stdout) == (1, "")
        assert done.stderr == f"database unreachable: {path} (unable to open database file)\n"
    assert not missing.parent.exists()  # nothing was created on the way


@pytest.mark.django_db
def test_a_fupin_command_in_process_prints_the_line_and_exits_1(monkeypatch):
    # given the database locked past its timeout; when a fupin command runs
    Down(monkeypatch, "database is locked").on()
    err, out = StringIO(), StringIO()
    with pytest.raises(SystemExit) as stopped:
        call_command("worker", "--once", stdout=out, stderr=err)
    # then one line naming the database and the reason, and exit status 1
    assert stopped.value.code == 1 and out.getvalue() == ""
    assert err.getvalue() == f"database unreachable: {where()} (database is locked)\n"
    assert where() == (
        connection.settings_dict["NAME"]
        if connection.vendor == "sqlite"
        else f"postgresql://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}"
    )


@pytest.mark.django_db  # pytest-django allows connecting only to tests that ask
def test_a_second_connection_to_a_closed_port_is_recognised_as_unreachable():
    # a connection of its own, beside the tests' (a handler needs its first one named default)
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "HOST": "127.0.0.1",
                "PORT": "1",
                "NAME": "none",
                "USER": "postgres",
                "PASSWORD": "s3cret",
            }
        }
    )
    down = handler["default"]
    with pytest.raises(OperationalError) as refused:
        down.ensure_connection()
    assert unreachable(refused.value) == "Connection refused"
    assert location(down.settings_dict) == CLOSED


def _wrapped(driver_error):
    """A driver's error as Django raises it (its own class, the driver's as the cause)."""
    try:
        try:
            raise driver_error
        except Exception as exc:
            raise OperationalError(str(exc)) from exc
    except OperationalError as django_error:
        return django_error


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (_wrapped(psycopg.errors.AdminShutdown("terminating connection due to administrator")),
         "terminating connection due to administrator"),
        (_wrapped(psycopg.errors.CannotConnectNow("the database system is starting up")),
         "the database system is starting up"),
        (_wrapped(psycopg.OperationalError("server closed the connection unexpectedly\n\tThis")),
         "server closed the connection unexpectedly"),
        (_wrapped(psycopg.errors.TooManyConnections("sorry, too many clients already")),
         "sorry, too many clients already"),
        (_wrapped(sqlite3.OperationalError("database is locked")), "database is locked"),
        (_wrapped(sqlite3.OperationalError("unable to open database file")),
         "unable to open database file"),
        (InterfaceError("connection already closed"), "connection already closed"),
        # database errors that are bugs or bad data, not an outage: they stay 500s
        (_wrapped(psycopg.errors.DeadlockDetected("deadlock detected")), None),
        (_wrapped(psycopg.errors.QueryCanceled("canceling statement due to timeout")), None),
        (_wrapped(sqlite3.OperationalError("no such table: registry_household")), None),
        (OperationalError("near \"FROM\": syntax error"), None),
        (ValueError("connection refused"), None),
    ],
)  # fmt: skip
def test_which_errors_are_the_database_away(error, reason):
    assert unreachable(error) == reason
