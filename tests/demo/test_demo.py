import csv

import pytest
from django.core.management import call_command

from fupin.accounts.models import User
from fupin.regions.models import RegionYear
from fupin.registry.models import Household, Member

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_small_demo_builds_the_seed_places_logins_and_real_cases(small_demo, tmp_path):
    from fupin.demo.services import demo_build

    logins = small_demo
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


def test_the_seed_figures_are_computed_from_the_demo_ledger(small_demo, capsys):
    import json
    from decimal import Decimal

    call_command(
        "units", "summary", "首钢集团有限公司", "--from", "2019-01-01", "--to", "2020-06-30",
        "--format", "json",
    )  # fmt: skip
    shougang = json.loads(capsys.readouterr().out, parse_float=Decimal)
    delivered = {
        k: v["delivered"] for k, v in shougang.items() if isinstance(v, dict) and "delivered" in v
    }
    assert delivered["funds_invested"] == Decimal("33000000.00")
    assert (
        delivered["jobs_direct"],
        delivered["jobs_indirect"],
        delivered["jobs_registered_poor"],
    ) == (416, 300, 15)
    assert delivered["materials_bought_t"] == Decimal("378000.00")
    assert delivered["produce_bought"] == Decimal("266000000.00")
    assert (delivered["students_recruited"], delivered["graduates_hired"]) == (45, 41)
    assert delivered["donations"] == Decimal("1050000.00")
    call_command("units", "summary", "首钢集团有限公司", "--year", "2018", "--format", "json")
    heiyukou = json.loads(capsys.readouterr().out, parse_float=Decimal)
    assert heiyukou["funds_invested"]["delivered"] == Decimal("84000.00")
    assert heiyukou["seedlings"]["delivered"] == Decimal("1200.00")

    call_command(
        "units", "summary", "中国宝武钢铁集团有限公司", "--from", "2019-01-01", "--to",
        "2019-06-30", "--format", "json",
    )  # fmt: skip
    baowu = json.loads(capsys.readouterr().out)
    assert (baowu["counties"]["paired"], baowu["counties"]["exited"]) == (10, 6)
    this_half = {
        c["name"] for c in baowu["counties"]["exited_list"] if c["exit_date"] >= "2019-01-01"
    }
    assert this_half == {"仲巴县", "罗田县", "镇沅彝族哈尼族拉祜族自治县"}
    assert baowu["grade"]["previous_year"] == "好"

    call_command("units", "summary", "中国五矿集团有限公司", "--year", "2018", "--format", "json")
    minmetals = json.loads(capsys.readouterr().out)
    assert minmetals["cadres"] == {"dispatched": 12, "awarded": 5}
    assert minmetals["grade"] == {"year": "好", "previous_year": "一般"}

    from fupin.accounts.models import User
    from fupin.assistance.access import units_for
    from fupin.assistance.models import Project

    unit_user = User.objects.get(username="unit")
    assert {u.name for u in units_for(unit_user)} >= {
        "首钢集团有限公司",
        "北京首钢园区综合服务有限公司",
    }
    assert not units_for(unit_user).filter(name="中国五矿集团有限公司").exists()
    peony = Project.objects.get(code="SG-2018-HYK")
    assert peony.beneficiaries.count() == 40 and peony.budget == Decimal("84000.00")
    assert Project.objects.filter(unit__name="首钢集团有限公司", kind="workshop").count() == 1
