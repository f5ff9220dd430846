"""/api/reports/cases/: the cases of the caller's scope, searched as on the page, each with
its households masked as the registry's rules would; POST and PATCH through the services,
a stale version answered 409, refusals as the API's JSON errors writing nothing."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from tests.reports.case_world import (
    COUNTY,
    OTHER_COUNTY,
    case,
    chinese,  # noqa: F401 (autouse)
    upload,
    world_build,
)

from fupin.core.models import Change
from fupin.reports.cases import services
from fupin.reports.models import TypicalCase

pytestmark = pytest.mark.django_db
URL = "/api/reports/cases/"


@pytest.fixture
def world(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return world_build()


def api(person) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_authenticate(person)
    return client


def stored() -> tuple[int, int]:
    return TypicalCase.objects.count(), Change.objects.filter(subject="typical_case").count()


def body(world, **over) -> dict[str, object]:
    return {
        "title": "Heiyukou peony courtyard",
        "year": 2018,
        "region": COUNTY,
        "unit": world.subsidiary.pk,
        "text": "1,200 seedlings for 40 households.",
        "tags": ["产业扶贫"],
        "projects": ["SG-1"],
        "households": ["H1"],
    } | over


def test_the_list_is_searched_and_scoped_in_a_fixed_number_of_queries(world):
    made = case(world)
    services.case_photo_add(case=made, upload=upload(), actor=None)
    case(world, title="Luanping", region=OTHER_COUNTY, unit=world.other_unit,
         projects=[world.other_project], households=[world.far], tags=["就业扶贫"])  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        listed = api(world.admin).get(URL).json()
    assert listed["count"] == 2
    assert len(queries) == 4  # count, cases with region and unit, tags, photos
    first = next(c for c in listed["results"] if c["id"] == made.pk)
    assert first["tags"] == ["产业扶贫", "庭院经济"]
    assert (
        first["photos"][0]["url"] == f"/reports/cases/{made.pk}/photos/{first['photos'][0]['id']}"
    )
    found = api(world.admin).get(URL, {"q": "luanPING"}).json()
    assert [c["title"] for c in found["results"]] == ["Luanping"]
    assert api(world.admin).get(URL, {"tag": "就业扶贫", "year": "2019"}).json()["count"] == 1
    assert api(world.other_county).get(URL).json()["count"] == 1
    assert api(world.admin).get(URL, {"year": "x"}).status_code == 400
    assert api(world.admin).get(URL, {"region": "1a"}).status_code == 400


def test_a_case_is_masked_for_a_unit_user_and_hidden_from_an_outsider(world):
    made = case(world)
    assert api(world.other_county).get(f"{URL}{made.pk}/").status_code == 404
    county = api(world.county).get(f"{URL}{made.pk}/").json()
    assert [(h["number"], h["head"], h["linked"]) for h in county["households"]] == [
        ("H0", "张三", True),
        ("H1", "李四", True),
    ]
    unit = api(world.group_user).get(f"{URL}{made.pk}/").json()
    assert [(h["number"], h["head"], h["linked"]) for h in unit["households"]] == [
        ("H0", "张*", False),
        ("H1", "李*", False),
    ]
    assert all("*" in h["id_number"] for h in unit["households"])
    assert unit["projects"] == ["SG-1"]


def test_a_case_is_created_and_patched_against_its_version(world):
    created = api(world.group_user).post(URL, body(world), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    made = TypicalCase.objects.get(pk=pk)
    assert Change.objects.filter(subject="typical_case", subject_id=pk, source="api").count() == 1
    assert list(made.households.values_list("number", flat=True)) == ["H1"]
    patched = api(world.county).patch(
        f"{URL}{pk}/", {"title": "牡丹庭院", "version": 1}, format="json"
    )
    assert patched.status_code == 200
    assert (patched.json()["title"], patched.json()["version"]) == ("牡丹庭院", 2)
    assert patched.json()["households"][0]["number"] == "H1"  # kept
    before = stored()
    stale = api(world.group_user).patch(
        f"{URL}{pk}/", {"title": "覆盖", "version": 1}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "conflict"
    assert "当前版本 2" in stale.json()["error"]["message"]
    missing = api(world.group_user).patch(f"{URL}{pk}/", {"title": "覆盖"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()["error"]["fields"]
    assert stored() == before
    assert TypicalCase.objects.get(pk=pk).title == "牡丹庭院"


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"title": ""}, "title"),
        ({"year": 1900}, "year"),
        ({"region": "999999"}, "region"),
        ({"projects": ["NOPE"]}, "projects"),
        ({"households": ["H-LP"]}, "households"),
        ({"text": "  "}, "text"),
    ],
)
def test_bad_bodies_are_refused_on_their_field_and_write_nothing(world, over, field):
    before = stored()
    answer = api(world.group_user).post(URL, body(world, **over), format="json")
    assert answer.status_code == 400
    assert field in answer.json()["error"]["fields"]
    assert stored() == before


def test_writes_outside_the_callers_scope_are_refused(world):
    made = case(world)
    before = stored()
    # a unit the caller does not see: 404; a region the caller's office does not cover: 403
    assert api(world.other_county).post(URL, body(world), format="json").status_code == 404
    no_unit = body(world, unit=None, projects=[], households=[])
    assert api(world.other_county).post(URL, no_unit, format="json").status_code == 403
    patch = api(world.other_county).patch(f"{URL}{made.pk}/", {"version": 1}, format="json")
    assert patch.status_code == 404
    assert stored() == before


def test_a_case_is_deleted_against_its_version(world, django_capture_on_commit_callbacks):
    from fupin.assistance.services import attachments_root

    made = case(world)
    photo = services.case_photo_add(case=made, upload=upload(), actor=None)
    kept = attachments_root() / photo.path
    services.case_update(case=made, values={"title": "牡丹庭院"}, version=1, actor=None)
    client = api(world.group_user)
    before = stored()
    # a stale version: 409; none or a bad one: 400 naming it; the case stays
    stale = client.delete(f"{URL}{made.pk}/?version=1")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    assert "当前版本 2" in stale.json()["error"]["message"]
    for query in ("", "?version=", "?version=x", "?version=99999999999"):
        missing = client.delete(f"{URL}{made.pk}/{query}")
        assert missing.status_code == 400, query
        assert "version" in missing.json()["error"]["fields"], query
    assert stored() == before and kept.is_file()
    # the current version: 204, the case and its photo gone (the file once committed)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        done = client.delete(f"{URL}{made.pk}/?version=2")
    assert done.status_code == 204
    assert not TypicalCase.objects.filter(pk=made.pk).exists() and kept.is_file()
    for callback in callbacks:
        callback()
    assert not kept.exists()
    row = Change.objects.filter(subject="typical_case", subject_id=made.pk).latest("pk")
    assert (row.changes, row.source) == ({"deleted": ["牡丹庭院", None]}, "api")
    assert client.get(f"{URL}{made.pk}/").status_code == 404
    assert client.delete(f"{URL}{made.pk}/?version=2").status_code == 404


def test_a_deletion_by_one_who_may_not_write_the_case_is_refused(world):
    made = case(world)
    other = case(world, unit=None, projects=[], households=[])
    before = stored()
    # the unit user sees the county's own case but may not write it: 403
    assert api(world.group_user).delete(f"{URL}{other.pk}/?version=1").status_code == 403
    # the other county's office does not see the case: 404
    assert api(world.other_county).delete(f"{URL}{made.pk}/?version=1").status_code == 404
    assert APIClient().delete(f"{URL}{made.pk}/?version=1").status_code in (401, 403)
    assert stored() == before
