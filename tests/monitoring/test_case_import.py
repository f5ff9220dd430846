"""`fupin monitoring import FILE`: monitored households as the national system exports them."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from tests.factories import write_csv
from tests.monitoring.case_world import (
    VILLAGE,
    chinese,  # noqa: F401 (an autouse fixture: reasons in Chinese)
    household_rows,
    households_import,
    other_village,
    report,
    user,
)

from fupin.accounts.scope import scope_of
from fupin.core.errors import RowErrors
from fupin.core.models import Change
from fupin.monitoring.case_imports import cases_import
from fupin.monitoring.enums import Channel, Phase
from fupin.monitoring.models import Case

pytestmark = pytest.mark.django_db

HEADER = ["户编号", "监测对象类别", "风险类型", "发现渠道", "发现日期", "识别日期", "风险消除日期"]


@pytest.fixture(scope="module")
def registry(module_rows, django_db_blocker, tmp_path_factory):
    """The households, imported once for the module's tests."""
    with django_db_blocker.unblock(), translation.override("zh-hans"):
        households_import(
            tmp_path_factory.mktemp("registry"),
            [
                *household_rows("A1"),
                *household_rows("A2"),
                *household_rows("B1", registered=False),
                *household_rows("Z1", village=other_village()),
            ],
        )


def _file(tmp_path, rows, name="cases.csv"):
    return write_csv(tmp_path / name, [dict(zip(HEADER, r, strict=False)) for r in rows], HEADER)


GOOD = [
    ("A1", "脱贫不稳定户", "因病、因学", "农户自主申报", "2022-03-01", "2022-03-20", ""),
    (
        "A2",
        "unstable_exited",
        "因自然灾害（洪涝）;因意外事故",
        "",
        "2021/07/02",
        "2021-07-10",
        "2022-02-01",
    ),
    ("B1", "边缘易致贫户", "缺劳动力", "部门筛查预警", "2023-05-04", "20230520", ""),
]


def _cases():
    return {
        c.household.number: (
            c.object_type,
            c.risks,
            c.channel,
            c.phase,
            c.reported_on,
            c.identified_on,
            c.eliminated_on,
            c.summary,
            c.next_step,
        )
        for c in Case.objects.select_related("household")
    }


def test_monitored_households_are_imported_and_again_change_nothing(registry, tmp_path):
    path = _file(tmp_path, GOOD)
    result = cases_import(path=path)
    assert (result.written, result.unchanged, result.errors) == (3, 0, [])
    assert _cases() == {
        "A1": (
            "unstable_exited",
            ["illness", "schooling"],
            Channel.IMPORTED,
            Phase.MONITORING,
            dt.date(2022, 3, 1),
            dt.date(2022, 3, 20),
            None,
            "原发现渠道：农户自主申报",
            "",
        ),
        "A2": (
            "unstable_exited",
            ["disaster:flood", "accident"],
            Channel.IMPORTED,
            Phase.ELIMINATED,
            dt.date(2021, 7, 2),
            dt.date(2021, 7, 10),
            dt.date(2022, 2, 1),
            "",
            "",
        ),
        "B1": (
            "marginal",
            ["lack_of_labour"],
            Channel.IMPORTED,
            Phase.MONITORING,
            dt.date(2023, 5, 4),
            dt.date(2023, 5, 20),
            None,
            "原发现渠道：部门筛查预警",
            "",
        ),
    }
    assert Change.objects.filter(subject="monitoring_case", source="import").count() == 3
    again = cases_import(path=path)
    assert (again.written, again.unchanged) == (0, 3)
    assert Change.objects.filter(subject="monitoring_case").count() == 3
    # the national system eliminated A1's risk since: the imported case follows
    changed = _file(tmp_path, [(*GOOD[0][:6], "2022-10-08")], "later.csv")
    assert cases_import(path=changed).written == 1
    a1 = Case.objects.get(household__number="A1")
    assert (a1.phase, a1.eliminated_on, a1.version) == (Phase.ELIMINATED, dt.date(2022, 10, 8), 2)


def test_bad_rows_are_named_and_nothing_is_written(registry, tmp_path):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    path = _file(
        tmp_path,
        [
            GOOD[0],
            ("NOPE", "脱贫不稳定户", "因病", "", "2022-03-01", "2022-03-20"),
            ("A2", "边缘易致贫户", "因病", "", "2022-03-01", "2022-03-20"),
            ("B1", "脱贫户", "因病", "", "2022-03-01", "2022-03-20"),
            ("B1", "marginal", "因病、因穷", "", "2022-03-01", "2022-03-20"),
            (
                "B1",
                "marginal",
                "因病、因学、因残、其他、缺劳动力、因意外事故",
                "",
                "2022-03-01",
                "2022-03-20",
            ),
            ("B1", "marginal", "因病", "电话", "2022-03-01", "2022-03-20"),
            ("B1", "marginal", "因病", "", "2019-03-01", "2019-03-20"),
            ("B1", "marginal", "因病", "", "2022-03-21", "2022-03-20"),
            ("B1", "marginal", "因病", "", "2022-03-01", "2022-03-20", "2022-01-01"),
            ("B1", "marginal", "因病", "", "2022-03-01", future),
            ("A1", "脱贫不稳定户", "因病", "", "2022-03-01", "2022-03-20"),
            ("A2", "脱贫不稳定户", "", "", "", "2022-03-20"),
        ],
    )
    with pytest.raises(RowErrors) as raised:
        cases_import(path=path)
    found = {(e.row, e.column, e.reason) for e in raised.value.errors}
    assert found == {
        (3, "户编号", "no household numbered NOPE"),
        (4, "监测对象类别", "object type 边缘易致贫户 is only for households never registered"),
        (
            5,
            "监测对象类别",
            "unknown value; expected one of 脱贫不稳定户、边缘易致贫户、突发严重困难户",
        ),
        (6, "风险类型", "unknown risk type 因穷"),
        (7, "风险类型", "6 risk types; at most 5"),
        (
            8,
            "发现渠道",
            "unknown value; expected one of 系统预警、农户自主申报、基层干部排查、"
            "部门筛查预警、系统导入、自主申报、干部排查、部门预警",
        ),
        (9, "发现日期", "no monitoring regime covers 2019"),
        (10, "识别日期", "identified before it was reported (2022-03-21)"),
        (11, "风险消除日期", "risk eliminated before the household was identified (2022-03-20)"),
        (12, "识别日期", f"dated after today ({future})"),
        (13, "户编号", "case already given on row 2"),
        (14, "风险类型", "required value is empty"),
        (14, "发现日期", "required value is empty"),
    }
    assert not Case.objects.exists()
    assert not Change.objects.filter(subject="monitoring_case").exists()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("monitoring", "import", str(path))
    assert not Case.objects.exists()


def test_skip_invalid_writes_the_good_rows(registry, tmp_path, capsys):
    path = _file(
        tmp_path, [GOOD[0], ("NOPE", "脱贫不稳定户", "因病", "", "2022-03-01", "2022-03-20")]
    )
    errors = tmp_path / "errors.csv"
    call_command(
        "monitoring", "import", str(path), "--mode", "skip-invalid", "--errors", str(errors)
    )
    out = capsys.readouterr()
    assert "written 1 cases, unchanged 0, skipped 1 rows" in out.out
    assert "row 3, column 户编号: no household numbered NOPE" in out.err
    assert "NOPE" in errors.read_text(encoding="utf-8-sig")
    assert list(Case.objects.values_list("household__number", flat=True)) == ["A1"]


def test_a_case_worked_here_or_another_open_case_is_not_touched(registry, tmp_path):
    worked = report("A1", actor=None, reported_on=dt.date(2022, 3, 1))
    open_case = report("A2", actor=None, reported_on=dt.date(2023, 1, 5))
    path = _file(
        tmp_path, [GOOD[0], ("A2", "脱贫不稳定户", "因病", "", "2022-03-01", "2022-03-20")]
    )
    with pytest.raises(RowErrors) as raised:
        cases_import(path=path)
    assert [(e.row, e.reason) for e in raised.value.errors] == [
        (2, "the case reported on 2022-03-01 is worked here; the file does not change it"),
        (3, "household A2 already has an open case (reported on 2023-01-05, 识别中)"),
    ]
    assert set(Case.objects.values_list("pk", flat=True)) == {worked.pk, open_case.pk}


def test_an_office_imports_only_its_own_households(registry, tmp_path):
    office = user("county", "county_office", VILLAGE[:6])
    path = _file(
        tmp_path, [GOOD[0], ("Z1", "脱贫不稳定户", "因病", "", "2022-03-01", "2022-03-20")]
    )
    with pytest.raises(RowErrors) as raised:
        cases_import(path=path, scope=scope_of(office))
    assert [(e.row, e.reason) for e in raised.value.errors] == [(3, "village outside your regions")]
    assert not Case.objects.exists()
