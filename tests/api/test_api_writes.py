"""Households created and changed through the API, history, imports as jobs, job files."""

import pytest
from rest_framework.test import APIClient
from tests.factories import HEADER, id_number, member_row

from fupin.accounts.models import User
from fupin.core.jobs import job_run_next
from fupin.core.models import Change
from fupin.regions.models import Region
from fupin.registry.models import Household, Member

pytestmark = pytest.mark.django_db


def _village(county):
    return Region.objects.filter(code__startswith=county, level="village").order_by("code")[0].code


def _client(role, *regions, name="w"):
    user = User.objects.create_user(name, password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code__in=regions))
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(village, *members, **fields):
    return {
        "village_code": village,
        "attribute": "general",
        "main_cause": "illness",
        "other_causes": ["disability"],
        "registered_year": "2015",
        "is_relocated": True,
        "members": list(members),
        **fields,
    }


def test_create_change_and_read_history(tmp_path):
    village = _village("130727")
    client = _client("township_cadre", village[:9])
    head = id_number(birth="19650101")
    made = client.post(
        "/api/households/",
        _body(village, {"id_number": head, "name": "张一", "relation": "head"}, number="A1"),
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["other_causes"] == ["disability"] and made.json()["is_relocated"] is True
    child = id_number(birth="20100101")
    members = [
        {"id_number": head, "name": "张一", "relation": "head"},
        {"id_number": child, "name": "张二", "relation": "son", "student_status": "primary"},
    ]
    changed = client.put(
        "/api/households/A1/", _body(village, *members, version=1, phone="138"), format="json"
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json()["version"] == 2 and len(changed.json()["members"]) == 2
    stale = client.put("/api/households/A1/", _body(village, *members, version=1), format="json")
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    history = client.get("/api/households/A1/history/").json()
    assert (
        len(history) == 2 and history[0]["source"] and any("138" in x for x in history[0]["lines"])
    )
    assert {c.source for c in Change.objects.filter(label="A1")} == {"api"}


def test_invalid_household_gets_its_fields_named_and_nothing_is_written():
    village = _village("130727")
    client = _client("county_office", "130727")
    bad = client.post(
        "/api/households/",
        _body(
            village,
            {"id_number": id_number(), "name": "甲", "relation": "head"},
            {"id_number": "110119198001010000", "name": "乙", "relation": "spouse"},
            {"id_number": id_number(), "name": "丙", "relation": "head"},
            number="B1",
            exit_year=2010,
        ),
        format="json",
    )
    assert bad.status_code == 400
    fields = bad.json()["error"]["fields"]
    assert "members.1.id_number" in fields and "members.2.relation" in fields
    assert "exit_year" in fields
    assert not Household.objects.filter(number="B1").exists() and not Member.objects.exists()
    assert Change.objects.count() == 0
    for body in ({"members": []}, {"village_code": village, "members": "x"}, [1, 2]):
        response = client.post("/api/households/", body, format="json")
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"


def test_outside_scope_and_read_only_roles_are_refused():
    village, other = _village("130727"), _village("130824")
    member = {"id_number": id_number(), "name": "甲", "relation": "head"}
    client = _client("county_office", "130727")
    outside = client.post("/api/households/", _body(other, member, number="C1"), format="json")
    assert outside.status_code == 400 and "village_code" in outside.json()["error"]["fields"]
    evaluator = _client("evaluator", "13", name="e")
    refused = evaluator.post("/api/households/", _body(village, member, number="C1"), format="json")
    assert refused.status_code == 403
    assert not Household.objects.exists()


def test_import_through_the_api_runs_as_a_job_with_its_error_file(tmp_path):
    village = _village("130727")
    client = _client("county_office", "130727")
    good = member_row("I1", 行政区划代码=village)
    bad = member_row("I2", 行政区划代码=village, 证件号码="123")
    path = tmp_path / "upload.csv"
    lines = [",".join(HEADER)] + [
        ",".join(str(row.get(h, "")) for h in HEADER) for row in (good, bad)
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    with path.open("rb") as handle:
        queued = client.post("/api/households/import/", {"file": handle, "mode": "skip-invalid"})
    assert queued.status_code == 202, queued.json()
    job_id = queued.json()["id"]
    assert queued.json()["status"] == "queued"
    job_run_next()
    job = client.get(f"/api/jobs/{job_id}/").json()
    assert job["status"] == "done" and job["error_file"].endswith(f"/api/jobs/{job_id}/errors/")
    errors = client.get(f"/api/jobs/{job_id}/errors/")
    assert errors.status_code == 200 and b"".join(errors.streaming_content)[:2] == b"PK"
    assert list(Household.objects.values_list("number", flat=True)) == ["I1"]
    assert [j["id"] for j in client.get("/api/jobs/").json()["results"]] == [job_id]
    stranger = _client("county_office", "130727", name="s")
    assert stranger.get(f"/api/jobs/{job_id}/").status_code == 404
    assert stranger.get(f"/api/jobs/{job_id}/errors/").status_code == 404
    with path.open("rb") as handle:
        wrong = client.post("/api/households/import/", {"file": handle, "mode": "sloppy"})
    assert wrong.status_code == 400 and "mode" in wrong.json()["error"]["fields"]
