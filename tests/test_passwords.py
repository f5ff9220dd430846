"""The production password hashers: the rest of the suite hashes at a test run's cost
(tests/hashers.py), so this test sets a password under the project's own hashers and signs in
with it."""

import pytest
from django.conf import global_settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

import fupin.settings as project
from fupin.accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_password_is_pbkdf2_at_full_cost_and_signs_in(settings, client):
    settings.PASSWORD_HASHERS = getattr(
        project, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS
    )
    user = User.objects.create_user(
        "full-cost", password="a-long-test-password", role="administrator"
    )
    algorithm, iterations, _salt, _hash = user.password.split("$")
    assert (algorithm, int(iterations)) == ("pbkdf2_sha256", PBKDF2PasswordHasher.iterations)
    response = client.post(
        "/accounts/login/", {"username": "full-cost", "password": "a-long-test-password"}
    )
    assert (response.status_code, response.url) == (302, "/")
    assert client.get("/").wsgi_request.user == user
    response = client.post("/accounts/logout/")
    wrong = client.post("/accounts/login/", {"username": "full-cost", "password": "wrong-password"})
    assert wrong.status_code == 200 and not wrong.wsgi_request.user.is_authenticated
