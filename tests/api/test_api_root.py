"""The API root lists the API's own endpoints, not the web pages that share their names."""

import pytest
from rest_framework.test import APIClient

from fupin.accounts.models import User

pytestmark = pytest.mark.django_db


def test_api_root_links_every_endpoint_to_its_api_url():
    # given a signed-in user
    user = User.objects.create_user(
        "root-reader", password="a-long-test-password", role="administrator"
    )
    client = APIClient()
    client.force_authenticate(user)
    # when the API root is read
    response = client.get("/api/", HTTP_ACCEPT="application/json")
    # then every link is the endpoint under /api/ (households and jobs pointed at the pages)
    assert response.status_code == 200
    links = response.json()
    assert links["households"] == "http://testserver/api/households/"
    assert links["jobs"] == "http://testserver/api/jobs/"
    assert links["regions"] == "http://testserver/api/regions/"
    assert all(url.startswith("http://testserver/api/") for url in links.values()), links
    assert links["monitoring/cases"] == "http://testserver/api/monitoring/cases/"
    assert links["supervision/findings"] == "http://testserver/api/supervision/findings/"
    assert links["reports/facts"] == "http://testserver/api/reports/facts/"
    assert links["reports/work"] == "http://testserver/api/reports/work/"
    assert len(links) == 23
