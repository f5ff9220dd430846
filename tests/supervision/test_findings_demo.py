"""The demo's findings (fupin.demo.findings.findings_build): built through the services, one
task of Yangyuan overdue on its dashboard, one reopened, and built once."""

import datetime as dt

import pytest
from tests.supervision.finding_world import chinese  # noqa: F401 (autouse)

from fupin.assistance import services
from fupin.demo.assistance import credit_code
from fupin.demo.findings import findings_build
from fupin.supervision.enums import TaskStatus
from fupin.supervision.finding_selectors import overdue_for_region, rectification_rate
from fupin.supervision.models import Finding, Rectification

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def test_the_demo_builds_its_findings_once(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    services.units_save(
        [
            {
                "code": credit_code("首钢集团有限公司"),
                "name": "首钢集团有限公司",
                "parent_code": None,
            },
            {
                "code": credit_code("首钢技师学院"),
                "name": "首钢技师学院",
                "parent_code": credit_code("首钢集团有限公司"),
            },
        ],
        actor=None,
    )
    assert findings_build(today=TODAY, say=lambda _: None) == {"findings": 3, "tasks": 5}
    states = sorted(Rectification.objects.values_list("status", "reopened"))
    assert states == [
        ("open", 0),
        ("open", 0),
        ("open", 1),
        ("signed_off", 0),
        ("submitted", 0),
    ]
    overdue = overdue_for_region("130727", TODAY)
    assert overdue.count == 1
    assert overdue.tasks[0].requirement.startswith("明确扶贫项目资产管护主体")
    assert overdue_for_region("13", TODAY).count == 2  # and Luanping's reopened task
    year = (TODAY - dt.timedelta(days=200)).year
    assert rectification_rate(year=year, region="130727") == (1, 3)
    reopened = Rectification.objects.get(reopened=1)
    assert reopened.status == TaskStatus.OPEN and "回头看" in reopened.reopen_reason
    assert findings_build(today=TODAY, say=lambda _: None) == {"findings": 0, "tasks": 0}
    assert Finding.objects.count() == 3
