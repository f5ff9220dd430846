import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fupin.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return User.objects.create_user("office", password="a-long-test-password", role="administrator")


def test_pages_require_login(client):
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_login_page_is_chinese_by_default_and_english_on_request(client):
    assert "登录" in client.get("/accounts/login/").content.decode()
    english = client.get("/accounts/login/", headers={"accept-language": "en"})
    assert "Log in" in english.content.decode() and "登录" not in english.content.decode()


def test_wrong_password_is_refused_with_a_message(client, user):
    response = client.post("/accounts/login/", {"username": "office", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def test_home_lists_provinces_and_region_page_drills_down(client, user):
    client.force_login(user)
    home = client.get("/").content.decode()
    assert "北京市" in home and "西藏自治区" in home
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/regions/130727/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "阳原县" in text and "河北省" in text
    # session, user, the region, its ancestors, its children, the evaluated years; the
    # assistance in the region: pairings, deliveries, cadres in post, projects; its leading
    # groups and responsibilities
    assert len(queries) == 13  # and the overdue rectification tasks under the region


def test_unknown_region_is_404_not_500(client, user):
    client.force_login(user)
    assert client.get("/regions/999999/").status_code == 404
    assert client.get("/regions/abc/").status_code == 404


def test_login_is_throttled_after_five_failures(client, user):
    answers = [
        client.post("/accounts/login/", {"username": "office", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    assert answers == [200, 200, 200, 200, 429]  # the fifth failure locks the account
    locked = client.post(
        "/accounts/login/", {"username": "office", "password": "a-long-test-password"}
    )
    assert locked.status_code == 429
    assert "登录已暂停" in locked.content.decode()
    assert "_auth_user_id" not in client.session
