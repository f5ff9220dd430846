"""The database stopped or unreachable: pages answer a 503 page in the reader's language, the
API a JSON 503 in its error shape, both with Retry-After and logged once; a form posted meanwhile
writes nothing; the next request after the outage works without restarting anything.

The outage is simulated by refusing every connection attempt and query (`Down`), and under
PostgreSQL also made real: the server ends the test's connection."""

import logging
from decimal import Decimal

import psycopg
import pytest
from django.db import OperationalError, close_old_connections, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpResponse
from django.urls import path
from tests.assistance.factories import indicator
from tests.assistance.test_pages import build_world, login

from fupin import urls as site
from fupin.accounts.models import User
from fupin.assistance.models import LedgerEntry, Project
from fupin.core.models import Change
from fupin.core.outage import where
from fupin.web.errors import PAGES

pytestmark = pytest.mark.django_db

LAYOUT = "精准扶贫工作管理系统"  # the header of web/base.html
REFUSED = (
    'connection failed: connection to server at "127.0.0.1", port 5432 failed: Connection refused'
)
SQLITE_GONE = "unable to open database file"
ZH = "数据库暂时无法连接，请稍后再试。"
EN = "The database cannot be reached at the moment; please try again later."


class Down:
    """Turns the database off and on: while off, every connection attempt and every query
    (each goes through ensure_connection) raises what the driver would."""

    def __init__(self, monkeypatch, message=REFUSED):
        self.monkeypatch, self.message, self.attempts = monkeypatch, message, 0
        self.original = BaseDatabaseWrapper.ensure_connection

    def _refuse(self, wrapper):
        self.attempts += 1
        raise OperationalError(self.message)

    def on(self):
        down = self

        def refuse(wrapper):
            down._refuse(wrapper)

        self.monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)

    def off(self):
        self.monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", self.original)


@pytest.fixture
def down(monkeypatch):
    return Down(monkeypatch)


@pytest.fixture(autouse=True)
def fresh_outage_log():
    PAGES.up()  # no outage left over from another test
    yield
    PAGES.up()


@pytest.fixture
def reader(client):
    user = User.objects.create_user("reader", password="a-long-test-password", role="administrator")
    client.force_login(user)
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("message", [REFUSED, SQLITE_GONE])
def test_a_page_answers_503_in_chinese_then_english_and_asks_the_database_nothing_more(
    reader, monkeypatch, message
):
    # given a signed-in reader; when the database stops and the start page is asked for
    down = Down(monkeypatch, message)
    down.on()
    response = reader.get("/")
    # then the 503 page in the layout, in Chinese, with Retry-After
    text = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30" and response["Cache-Control"] == "no-store"
    assert LAYOUT in text and "<h1>服务暂时不可用</h1>" in text and ZH in text
    assert "请约 30 秒后再试。" in text and '<a href="/">重试</a>' in text
    assert "您提交的内容没有保存" not in text  # nothing was posted
    # and only the session lookup asked the database: the page itself asks nothing
    assert down.attempts == 1
    assert 'href="/households/"' not in text and "csrfmiddlewaretoken" not in text
    # when the reader reads English (the language cookie)
    reader.cookies["django_language"] = "en"
    english = reader.get("/households/?page=2").content.decode()
    assert "<h1>Service unavailable</h1>" in english and EN in english
    assert "Please try again in about 30 seconds." in english
    assert '<a href="/households/?page=2">Try again</a>' in english and ZH not in english
    # and by the browser's Accept-Language alone
    del reader.cookies["django_language"]
    by_header = reader.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert by_header.status_code == 503 and EN in by_header.content.decode()


def test_the_api_answers_a_json_503_in_its_error_shape(reader, down):
    down.on()
    response = reader.get("/api/households/")
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    assert response["Retry-After"] == "30"
    assert response.json() == {"error": {"code": "database_unavailable", "message": ZH}}
    reader.cookies["django_language"] = "en"
    english = reader.get("/api/units/")
    assert english.json() == {"error": {"code": "database_unavailable", "message": EN}}


def _fail_writes(attempts):
    """The connection drops on the first write (reads and rollbacks pass)."""

    def drop(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE")):
            attempts.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    return drop


def test_a_form_posted_during_an_outage_writes_nothing_and_says_so(client):
    # given an editor on a project's page, and a disbursement to record
    world = build_world()
    login(client, "group", "assisting_unit", units_=[world[1]])
    client.raise_request_exception = False
    project = Project.objects.get(code="P-001")
    url = f"/assistance/units/{world[1].pk}/projects/{project.pk}/"
    form = {
        "action": "disburse",
        "indicator": indicator("funds_invested").pk,
        "amount": "617283.95",
        "date": "2021-03-01",
        "region": "130727",
        "evidence": "拨款凭证 12 号",
    }
    changes = Change.objects.count()
    # when the database goes away as the entry is written
    attempts = []
    with connection.execute_wrapper(_fail_writes(attempts)):
        response = client.post(url, form)
    # then the 503 page says what was posted was not saved, and nothing was written
    text = response.content.decode()
    assert response.status_code == 503 and attempts
    assert "您提交的内容没有保存。数据库恢复后，请返回上一页重新提交。" in text
    assert "重试" not in text  # a form is not posted again by a link
    assert LedgerEntry.objects.filter(project=project).count() == 0
    assert Change.objects.count() == changes
    # when the database is back, the same form records the entry once
    assert client.post(url, form).status_code == 302
    entry = LedgerEntry.objects.get(project=project)
    assert entry.amount == Decimal("617283.95")


def test_an_api_write_during_an_outage_answers_503_and_writes_nothing(client):
    world = build_world()
    login(client, "group", "assisting_unit", units_=[world[1]])
    client.raise_request_exception = False
    before, changes = LedgerEntry.objects.count(), Change.objects.count()
    record = {
        "entry_id": "A-1",
        "unit": world[2].pk,
        "indicator": "funds_invested",
        "amount": "1234.56",
        "date": "2020-07-01",
        "region": "130727",
    }
    attempts = []
    with connection.execute_wrapper(_fail_writes(attempts)):
        response = client.post("/api/ledger/", record, content_type="application/json")
    assert response.status_code == 503 and attempts
    assert response.json()["error"]["code"] == "database_unavailable"
    assert (LedgerEntry.objects.count(), Change.objects.count()) == (before, changes)


# a view after which the session must be saved: the outage meets SessionMiddleware, not the view
TURN_OFF = []


def _remember_and_lose_the_database(request):
    request.session["seen"] = True
    TURN_OFF[0]()
    return HttpResponse("saved?")


urlpatterns = [path("remember/", _remember_and_lose_the_database), *site.urlpatterns]
handler500 = site.handler500


@pytest.mark.urls(__name__)
def test_an_outage_met_by_a_middleware_answers_503_too(reader, down):
    # given a view that changes the session, after which the database goes away
    TURN_OFF[:] = [down.on]
    try:
        response = reader.get("/remember/")
    finally:
        TURN_OFF.clear()
    # then the session's save is refused and the answer is the 503 page, not the view's
    assert down.attempts >= 1
    assert response.status_code == 503 and ZH in response.content.decode()


def test_the_outage_is_logged_once_not_a_traceback_per_request(reader, down, caplog):
    caplog.set_level(logging.INFO)
    down.on()
    for page in ("/", "/households/", "/api/units/"):
        assert reader.get(page).status_code == 503
    # then one line for the outage, none from Django's request log, no traceback
    lines = [(r.name, r.levelname, r.getMessage()) for r in caplog.records]
    assert lines == [
        (
            "fupin.core.outage",
            "ERROR",
            f"database unreachable: {where()} (Connection refused); "
            "pages answer 503 until it is back",
        )
    ]
    assert not any(r.exc_info for r in caplog.records)
    # when the database is back, the next page says so in one line too
    caplog.clear()
    down.off()
    assert reader.get("/").status_code == 200
    messages = [r.getMessage() for r in caplog.records if r.name == "fupin.core.outage"]
    assert len(messages) == 1 and messages[0].startswith("database reachable again after ")
    assert messages[0].endswith("; 3 request(s) answered 503 meanwhile")


def test_a_database_error_that_is_not_an_outage_stays_a_500(reader):
    def broken(execute, sql, params, many, context):
        raise OperationalError("no such table: accounts_user")

    with connection.execute_wrapper(broken):
        response = reader.get("/")
    assert response.status_code == 500 and "服务器内部错误" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_next_request_after_the_outage_works_without_a_restart(reader, down):
    # given the connection closed and the database refusing new ones
    connection.close()
    down.on()
    assert reader.get("/").status_code == 503
    assert connection.connection is None
    # when it accepts them again, the same process serves the page on a new connection
    down.off()
    response = reader.get("/")
    assert response.status_code == 200 and "总览" in response.content.decode()
    assert connection.connection is not None


def _end_this_connection():
    """The server ends the test's connection, as a restart of PostgreSQL would."""
    pid = connection.connection.info.backend_pid
    conf = connection.get_connection_params()
    conf.pop("cursor_factory", None)
    conf.pop("context", None)
    with psycopg.connect(**conf, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    return pid


POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


@POSTGRES
@pytest.mark.django_db(transaction=True)
def test_postgresql_ending_the_connection_gives_a_503_then_the_page_on_a_new_one(reader):
    # given a signed-in reader whose connection the server has ended
    assert reader.get("/").status_code == 200
    pid = _end_this_connection()
    # when the next page asks the database over the dead connection: a 503, not a 500
    response = reader.get("/")
    assert response.status_code == 503 and ZH in response.content.decode()
    # when the request ends (what Django does after each one), the dead connection is dropped
    close_old_connections()
    # then the next page is served on a new connection
    assert reader.get("/").status_code == 200
    assert connection.connection.info.backend_pid != pid


@POSTGRES
@pytest.mark.django_db(transaction=True)
def test_postgresql_a_kept_connection_lost_between_requests_is_replaced_before_use(reader):
    # given a kept connection the server ended while no request ran
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert reader.get("/").status_code == 200
    pid = _end_this_connection()
    # when a new request starts (Django's start-of-request check) and asks for a page
    close_old_connections()
    response = reader.get("/")
    # then the health check replaced the connection: the reader never saw the outage
    assert response.status_code == 200
    assert connection.connection.info.backend_pid != pid
