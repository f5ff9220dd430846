"""403, 404 and 500 pages in the site's layout and the reader's language; JSON under /api/.
The 500 page renders with the database down (DEBUG is off under pytest-django)."""

import pytest
from django.db import OperationalError, connection
from django.urls import path

from fupin import urls as site
from fupin.accounts.models import User
from fupin.core.errors import NotAllowed
from fupin.core.reach import reach

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

LAYOUT = "精准扶贫工作管理系统"  # the header of web/base.html


def _count_users(request):
    User.objects.count()  # fails when the database is down
    raise AssertionError("not reached")


def _refuse(request):
    def read():
        raise NotAllowed("your role may not change the registry")

    return reach(read)


urlpatterns = [
    path("boom/", _count_users),
    path("api/boom/", _count_users),
    path("refuse/", _refuse),
    *site.urlpatterns,
]
handler403 = getattr(site, "handler403", None)
handler404 = getattr(site, "handler404", None)
handler500 = getattr(site, "handler500", None)


@pytest.fixture
def reader(client):
    user = User.objects.create_user("reader", password="a-long-test-password", role="administrator")
    client.force_login(user)
    client.raise_request_exception = False
    return client


def test_404_page_in_the_layout_in_chinese_then_english(reader):
    # given a signed-in reader; when a page that does not exist is asked for
    response = reader.get("/no-such-page/")
    # then the site's 404 page, in Chinese, with the menu of the layout
    text = response.content.decode()
    assert response.status_code == 404
    assert LAYOUT in text and "页面不存在" in text and "/no-such-page/" in text
    assert 'href="/households/"' in text  # the signed-in menu
    # when the reader has switched to English
    reader.cookies["django_language"] = "en"
    english = reader.get("/no-such-page/").content.decode()
    assert "Page not found" in english and "页面不存在" not in english
    assert "Back to the start page" in english


def test_403_page_shows_the_reason_in_the_layout(reader):
    response = reader.get("/refuse/")
    text = response.content.decode()
    assert response.status_code == 403
    assert LAYOUT in text and "<h1>没有权限</h1>" in text and "您的角色不能修改建档立卡数据" in text
    reader.cookies["django_language"] = "en"
    english = reader.get("/refuse/").content.decode()
    assert "<h1>Not allowed</h1>" in english and "your role may not change the registry" in english
    assert "没有权限" not in english


def _down(attempts):
    def refuse(execute, sql, params, many, context):
        attempts.append(sql)
        raise OperationalError("database is down")

    return refuse


def test_500_page_renders_with_the_database_down_in_the_readers_language(reader):
    # given a signed-in reader (session and user would be read from the database)
    attempts = []
    # when a view fails because the database is down
    with connection.execute_wrapper(_down(attempts)):
        response = reader.get("/boom/")
        reader.cookies["django_language"] = "en"
        english = reader.get("/boom/")
    # then the 500 page in the layout, and only the views' own queries were tried
    text = response.content.decode()
    assert response.status_code == 500 and english.status_code == 500
    assert LAYOUT in text and "服务器内部错误" in text
    assert 'href="/households/"' not in text and "csrfmiddlewaretoken" not in text
    assert len(attempts) == 2 and all("accounts_user" in sql for sql in attempts)
    assert "Server error" in english.content.decode()
    assert "服务器内部错误" not in english.content.decode()


def test_500_page_needs_no_request_context(rf):
    # given a request with nothing a context processor could read (no session, no user)
    request = rf.get("/boom/")
    # when the site's 500 handler answers it
    from django.urls import get_resolver

    response = get_resolver("fupin.urls").resolve_error_handler(500)(request)
    # then the page in Chinese, the default language
    assert response.status_code == 500 and "服务器内部错误" in response.content.decode()


def test_api_errors_stay_json(reader):
    missing = reader.get("/api/no-such-endpoint/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert missing.json() == {"error": {"code": "not_found", "message": "未找到。"}}
    attempts = []
    with connection.execute_wrapper(_down(attempts)):
        failed = reader.get("/api/boom/")
    assert failed.status_code == 500 and failed["Content-Type"] == "application/json"
    assert failed.json() == {"error": {"code": "server_error", "message": "服务器内部错误"}}
    reader.cookies["django_language"] = "en"
    english = reader.get("/api/no-such-endpoint/").json()
    assert english == {"error": {"code": "not_found", "message": "Not found."}}


def test_a_form_without_its_csrf_token_gets_the_sites_403_page():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    text = response.content.decode()
    assert response.status_code == 403
    assert LAYOUT in text and "表单已过期或来源无法验证" in text
