"""Generated requests against every operation of the OpenAPI schema: whatever the input,
the answer is never a server error."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from tests.factories import member_row, write_csv

from fupin.accounts.models import User
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import
from fupin.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def kept_connection():
    """Called as a WSGI app, Django closes the database connection after each request; the
    test's transaction lives on that connection, so keep it open (as Django's test client
    does)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(db, tmp_path, kept_connection):
    village = Region.objects.filter(code__startswith="130727", level="village")[0].code
    registry_import(path=write_csv(tmp_path / "r.csv", [member_row("Y1", 行政区划代码=village)]))
    evaluation_store(year=2016)
    user = User.objects.create_user("fuzz", password="a-long-test-password", role="county_office")
    user.regions.set(Region.objects.filter(code="130727"))
    return Token.objects.create(user=user).key


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_input_gives_a_server_error(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=[not_a_server_error])
