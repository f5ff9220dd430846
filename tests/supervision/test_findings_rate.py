"""rectification_rate: (tasks signed off, tasks due) of a year's findings concerning a unit's
tree or a region's subtree, the figure the assessment's 问题整改 item is computed from."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.assistance.factories import units

from fupin.supervision.enums import FindingCategory, FindingSource, TaskStatus
from fupin.supervision.finding_selectors import rectification_rate
from fupin.supervision.models import Finding, Rectification

pytestmark = pytest.mark.django_db

COUNTY = "130727"  # 阳原县
OTHER_COUNTY = "130824"  # 滦平县


def _finding(year: int, *, region: str | None = None, unit=None) -> Finding:
    return Finding.objects.create(
        source=FindingSource.INSPECTION,
        found_by="省委第三巡视组",
        found_on=dt.date(year, 5, 1),
        year=year,
        region_id=region,
        unit=unit,
        category=FindingCategory.WORK,
        text="帮扶措施不精准",
        issuer_region_id="13",
    )


def _task(finding: Finding, status: str, *, region: str | None = None, unit=None) -> None:
    Rectification.objects.create(
        finding=finding,
        owner_region_id=region or finding.region_id,
        owner_unit=unit
        if unit is not None
        else (None if region or finding.region_id else finding.unit),
        requirement="逐户核实",
        deadline=dt.date(finding.year, 12, 31),
        status=status,
        signed_off_on=dt.date(finding.year, 12, 1) if status == TaskStatus.SIGNED_OFF else None,
    )


@pytest.fixture
def world():
    u = units(
        (1, "中国五矿集团有限公司", None), (2, "五矿发展股份有限公司", 1), (3, "其他集团", None)
    )
    county = _finding(2019, region=COUNTY)
    _task(county, TaskStatus.SIGNED_OFF)
    _task(county, TaskStatus.SUBMITTED)
    _task(county, TaskStatus.OPEN)
    township = _finding(2019, region=f"{COUNTY}100")  # a township under the county
    _task(township, TaskStatus.SIGNED_OFF)
    _task(_finding(2019, region=OTHER_COUNTY), TaskStatus.SIGNED_OFF)
    _task(_finding(2020, region=COUNTY), TaskStatus.SIGNED_OFF)  # another year
    group = _finding(2019, unit=u[1])
    _task(group, TaskStatus.SIGNED_OFF)
    _task(group, TaskStatus.OPEN)
    subsidiary = _finding(2019, unit=u[2])
    _task(subsidiary, TaskStatus.SIGNED_OFF)
    _task(_finding(2019, unit=u[3]), TaskStatus.OPEN)
    _finding(2021, region=COUNTY)  # a finding without tasks yet
    return u


def test_a_region_counts_the_tasks_of_its_subtree_in_the_year(world):
    assert rectification_rate(year=2019, region=COUNTY) == (2, 4)
    assert rectification_rate(year=2019, region="1307") == (2, 4)  # the prefecture above
    assert rectification_rate(year=2019, region=f"{COUNTY}100") == (1, 1)
    assert rectification_rate(year=2020, region=COUNTY) == (1, 1)
    assert rectification_rate(year=2019, region="13") == (3, 5)


def test_a_unit_counts_the_tasks_of_its_tree(world):
    assert rectification_rate(year=2019, unit=world[1]) == (2, 3)
    assert rectification_rate(year=2019, unit=world[2]) == (1, 1)
    assert rectification_rate(year=2019, unit=world[3]) == (0, 1)


def test_nothing_due_is_zero_of_zero(world):
    assert rectification_rate(year=2021, region=COUNTY) == (0, 0)
    assert rectification_rate(year=2018, unit=world[1]) == (0, 0)


def test_without_a_subject_every_finding_of_the_year_counts_in_one_query(world):
    with CaptureQueriesContext(connection) as queries:
        assert rectification_rate(year=2019) == (5, 9)
    assert len(queries) == 1


def test_a_reopened_task_is_not_signed_off(world):
    task = Rectification.objects.filter(finding__region_id=COUNTY, finding__year=2019).get(
        status=TaskStatus.SIGNED_OFF
    )
    task.status, task.signed_off_on, task.reopened = TaskStatus.OPEN, None, 1
    task.save()
    assert rectification_rate(year=2019, region=COUNTY) == (1, 4)
