"""Every role × every object kind × its own region and another: pages, API and export never
read or write outside the user's scope, and only editing roles write inside it."""

import pytest
from rest_framework.test import APIClient
from tests.factories import member_row, write_csv

from fupin.accounts.models import User
from fupin.core.jobs import job_run_next
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import
from fupin.registry.models import Household

pytestmark = pytest.mark.django_db

EDITORS = {"administrator", "county_office", "township_cadre", "village_cadre"}


def _village(county):
    return Region.objects.filter(code__startswith=county, level="village").order_by("code")[0].code


@pytest.fixture(scope="module")
def world(module_rows, django_db_blocker, tmp_path_factory):
    """Two households, one in a village of 阳原县 and one of 罗田县, evaluated in 2016:
    written once for the module's tests."""
    with django_db_blocker.unblock():
        own, other = _village("130727"), _village("421123")
        registry_import(
            path=write_csv(
                tmp_path_factory.mktemp("registry") / "r.csv",
                [member_row("OWN", 行政区划代码=own), member_row("OTHER", 行政区划代码=other)],
            )
        )
        evaluation_store(year=2016)
        return own


def _roles(own_village):
    return {
        "administrator": [],
        "province_office": ["13"],
        "prefecture_office": ["1307"],
        "county_office": ["130727"],
        "township_cadre": [own_village[:9]],
        "village_cadre": [own_village],
        "assisting_unit": ["130727"],
        "evaluator": ["130727"],
    }


SURVEY = {
    "wage_income": "3000",
    "business_income": "0",
    "property_income": "0",
    "transfer_income": "0",
    "business_expense": "0",
}


@pytest.mark.parametrize("role", list(_roles("130727100001")))
def test_scope_and_rights_of_each_role(client, world, role):
    regions = _roles(world)[role]
    user = User.objects.create_user("m", password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code__in=regions))
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    everything = role == "administrator"
    for number, own in (("OWN", True), ("OTHER", False)):
        visible = own or everything
        household = Household.objects.get(number=number)
        village = household.village_id
        # pages
        assert client.get(f"/regions/{village}/").status_code == (200 if visible else 404)
        assert client.get(f"/households/{number}/").status_code == (200 if visible else 404)
        listed = client.get("/households/").content.decode()
        assert (f">{number}</a>" in listed) == visible
        # API reads
        assert api.get(f"/api/households/{number}/").status_code == (200 if visible else 404)
        assert api.get(f"/api/regions/{village}/").status_code == (200 if visible else 404)
        results = api.get(f"/api/results/?household={number}").json()["results"]
        assert bool(results) == visible
        members = api.get(f"/api/members/?household={number}").json()["results"]
        assert bool(members) == visible
        # writes: a page form and the API
        may_write = visible and role in EDITORS
        expected = 302 if may_write else (403 if visible else 404)
        version = Household.objects.get(number=number).version
        page = client.post(f"/households/{number}/surveys/2016/", {**SURVEY, "version": version})
        assert page.status_code == expected, (number, "page")
        version = Household.objects.get(number=number).version
        put = api.put(
            f"/api/households/{number}/surveys/2016/",
            {**SURVEY, "wage_income": "3100", "version": version},
            format="json",
        )
        assert put.status_code == ({302: 200}.get(expected, expected)), (number, "api")
        edit = client.get(f"/households/{number}/edit/")
        assert edit.status_code == {302: 200}.get(expected, expected), (number, "edit page")
        stored = Household.objects.get(number=number)
        head = stored.members.get(relation="head")
        body = {
            "village_code": stored.village_id,
            "version": stored.version,
            "phone": "13800000000",
            "members": [{"id_number": head.id_number, "name": head.name, "relation": "head"}],
        }
        whole = api.put(f"/api/households/{number}/", body, format="json")
        assert whole.status_code == {302: 200}.get(expected, expected), (number, "api put")
        changed = Household.objects.get(number=number).version > household.version
        assert changed == may_write
        assert (Household.objects.get(number=number).phone == "13800000000") == may_write
    # export: only what the user may see
    client.post("/households/export/", {})
    job = job_run_next()
    assert job.status == "done"
    assert job.result["households"] == (2 if everything else 1)


@pytest.mark.parametrize("role", list(_roles("130727100001")))
def test_assistance_scope_and_rights_of_each_role(client, role):
    """A unit paired with 阳原县 and one paired with 罗田县: each role sees the units of its
    regions (or its own unit) and only the unit's own users and administrators write."""
    from tests.assistance.factories import entry, units

    from fupin.assistance import services
    from fupin.assistance.models import LedgerEntry

    u = units((1, "本地集团", None), (2, "外地集团", None))
    for unit, county in ((u[1], "130727"), (u[2], "421123")):
        services.pairings_save(
            [
                {
                    "unit": unit,
                    "region": county,
                    "kind": "fixed_point",
                    "start": "2015-01-01",
                    "end": None,
                }
            ],
            actor=None,
        )
        entry(f"E{unit.pk}", unit, "2020-03-01", "donations", "10.00", region=_village(county))
    user = User.objects.create_user("m", password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code__in=_roles(_village("130727"))[role]))
    if role == "assisting_unit":
        user.units.set([u[1]])
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    everything = role == "administrator"
    for unit, own in ((u[1], True), (u[2], False)):
        visible = own or everything
        may_write = visible and role in ("administrator", "assisting_unit")
        expected = 302 if may_write else (403 if visible else 404)
        assert client.get(f"/assistance/units/{unit.pk}/").status_code == (200 if visible else 404)
        assert api.get(f"/api/units/{unit.pk}/?year=2020").status_code == (200 if visible else 404)
        listed = [e["entry_id"] for e in api.get("/api/ledger/").json()["results"]]
        assert (f"E{unit.pk}" in listed) == visible
        before = LedgerEntry.objects.count()
        record = {"indicator": "donations", "amount": "5", "date": "2020-06-01"}
        page = client.post(
            f"/assistance/units/{unit.pk}/ledger/",
            {**record, "indicator": LedgerEntry.objects.get(entry_id=f"E{unit.pk}").indicator_id},
        )
        assert page.status_code == expected, (unit.name, "page")
        posted = api.post("/api/ledger/", {**record, "unit": unit.pk}, format="json")
        assert posted.status_code == {302: 201}.get(expected, expected), (unit.name, "api")
        assert LedgerEntry.objects.count() == before + (2 if may_write else 0)
