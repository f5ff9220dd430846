"""A small Qinghai for the responsibility assessment tests: the province, two prefectures
(西宁市, 海西州) and a county of Haixi; a prefecture scheme of 2019 with two scored items and
the rectification item; findings of 2019 (and one of 2018) with their tasks, written with the
ORM."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.assistance.factories import units

from fupin.assessment import services
from fupin.assistance.models import Unit
from fupin.regions.models import Region
from fupin.supervision.models import Finding, Rectification

GRADES = [("好", Decimal(90)), ("较好", Decimal(80)), ("一般", Decimal(60)), ("较差", Decimal(0))]
PREFECTURE_SCHEME = "青海省市（州）脱贫攻坚目标责任考核"
DEPARTMENT_SCHEME = "青海省省直部门（行业）脱贫攻坚工作责任考核"


def qinghai() -> dict[str, Region]:
    province = Region.objects.create(
        code="63", name="青海省", short_name="青海", level="province", is_western=True
    )
    xining = Region.objects.create(
        code="6301", name="西宁市", short_name="西宁", level="prefecture", parent=province
    )
    haixi = Region.objects.create(
        code="6328",
        name="海西蒙古族藏族自治州",
        short_name="海西",
        level="prefecture",
        parent=province,
    )
    golmud = Region.objects.create(
        code="632801", name="格尔木市", short_name="格尔木", level="county", parent=haixi
    )
    return {"63": province, "6301": xining, "6328": haixi, "632801": golmud}


def items() -> list[dict[str, object]]:
    return [
        {"code": "reduction", "name": "减贫成效", "weight": Decimal(60), "source": "scored"},
        {"code": "funds", "name": "扶贫资金", "weight": Decimal(30), "source": "scored"},
        {
            "code": "rectification",
            "name": "问题整改完成率",
            "weight": Decimal(10),
            "source": "rectification",
        },
    ]


def prefecture_scheme(province: Region, year: int = 2019):
    return services.scheme_create(
        year=year,
        name=PREFECTURE_SCHEME,
        items=items(),
        grades=GRADES,
        subject="prefecture",
        region=province,
    )


def department_scheme(province: Region, year: int = 2019):
    return services.scheme_create(
        year=year,
        name=DEPARTMENT_SCHEME,
        items=items(),
        grades=GRADES,
        subject="department",
        region=province,
    )


def department(n: int = 631, name: str = "青海省教育厅") -> Unit:
    unit = units((n, name, None))[n]
    unit.kind = "government"
    unit.save(update_fields=["kind"])
    return unit


def finding(year: int, *, region: str | None = None, unit: Unit | None = None, tasks=()) -> Finding:
    """A finding of `year` with its tasks, each signed off (True) or not (False)."""
    found = Finding.objects.create(
        source="inspection",
        found_by="省委巡视组",
        found_on=dt.date(year, 3, 1),
        year=year,
        region_id=region,
        unit=unit,
        category="work",
        text="整改台账不完整",
    )
    for n, signed in enumerate(tasks):
        Rectification.objects.create(
            finding=found,
            owner_region_id=region,
            owner_unit=unit,
            requirement=f"任务 {n}",
            deadline=dt.date(year, 6, 30),
            status="signed_off" if signed else "open",
            signed_off_on=dt.date(year, 6, 1) if signed else None,
        )
    return found


def haixi_findings() -> None:
    """Haixi's 2019 tasks: 3 of 4 signed off (one of them in Golmud, under Haixi); a 2018
    finding and one of Xining do not count for Haixi's 2019 rate."""
    finding(2019, region="6328", tasks=(True, True, False))
    finding(2019, region="632801", tasks=(True,))
    finding(2018, region="6328", tasks=(False, False))
    finding(2019, region="6301", tasks=(False,))
