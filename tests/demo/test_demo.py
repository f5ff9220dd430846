import csv

import pytest
from django.core.management import call_command

from fupin.accounts.models import User
from fupin.regions.models import RegionYear
from fupin.registry.models import Household, Member

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_small_demo_builds_the_seed_places_logins_and_real_cases(tmp_path):
    from fupin.demo.services import demo_build

    logins = demo_build(scale=0.01, only_demo_regions=True, say=lambda m: None)
    assert [login.username for login in logins] == [
        "admin",
        "province",
        "county",
        "village",
        "unit",
        "evaluator",
    ]
    assert User.objects.get(username="county").check_password("fupin-demo")
    assert list(User.objects.get(username="county").regions.values_list("code", flat=True)) == [
        "130727"
    ]
    assert Household.objects.filter(village_id="110119202201").count() == 40
    assert Household.objects.filter(village__code__startswith="421123").count() == 400
    assert RegionYear.objects.get(region_id="540232", year=2019).exit_year == 2019
    members = Member.objects.count()
    # deterministic: building again changes nothing
    demo_build(scale=0.01, only_demo_regions=True, say=lambda m: None)
    assert Member.objects.count() == members
    assert set(Household.objects.values_list("version", flat=True)) == {1}
    call_command("evaluate", "--year", "2018", "--out", str(tmp_path))
    with (tmp_path / "households.csv").open(encoding="utf-8") as handle:
        statuses = {row["status"] for row in csv.DictReader(handle)}
    assert {"poor", "exited", "exit_eligible", "not_poor"} <= statuses
