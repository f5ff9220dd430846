"""The import of findings and their tasks: one row a task, rows with the same finding
columns one finding; all or nothing, every problem named by row and column; the command."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.assistance.factories import code
from tests.supervision.finding_world import (
    COUNTY,
    OTHER_COUNTY,
    chinese,  # noqa: F401 (autouse: reasons in Chinese)
    world_users,
)

from fupin.core.errors import RowErrors
from fupin.core.models import Change, Source
from fupin.exchange import cells
from fupin.exchange.readers import read_table
from fupin.exchange.writers import write_table
from fupin.supervision.finding_imports import findings_import
from fupin.supervision.models import Finding, Rectification

pytestmark = pytest.mark.django_db

HEADER = (
    "问题来源", "发现单位", "发现日期", "文号", "涉及地区代码", "涉及单位信用代码", "问题类别",
    "问题描述", "整改要求", "责任地区代码", "责任单位信用代码", "整改时限", "督办地区代码",
)  # fmt: skip
NEXT_YEAR = dt.date.today().year + 1


def row(**over):
    values = {
        "问题来源": "巡视",
        "发现单位": "省委第三巡视组",
        "发现日期": "2024-03-01",
        "文号": "冀巡反馈〔2024〕3号",
        "涉及地区代码": COUNTY,
        "涉及单位信用代码": "",
        "问题类别": "工作落实",
        "问题描述": "部分脱贫户帮扶措施不精准",
        "整改要求": "逐户核实帮扶措施",
        "责任地区代码": COUNTY,
        "责任单位信用代码": "",
        "整改时限": f"{NEXT_YEAR}-06-30",
        "督办地区代码": "13",
    }
    values |= over
    return [values[h] for h in HEADER]


def xlsx(tmp_path, rows, name="findings.xlsx"):
    path = tmp_path / name
    write_table(path, HEADER, rows, text_columns=(4, 5, 9, 10, 12))
    return path


@pytest.fixture
def world(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return world_users()


def test_a_good_file_makes_one_finding_per_finding_columns_and_a_task_per_row(world, tmp_path):
    path = xlsx(
        tmp_path,
        [
            row(),
            row(整改要求="建立动态调整台账", 责任地区代码=f"{COUNTY}100"),  # same finding
            row(
                问题来源="审计",
                发现单位="审计署",
                问题类别="资金项目管理",
                问题描述="扶贫资金闲置",
                涉及地区代码="",
                涉及单位信用代码=code(2),
                整改要求="盘活闲置资金",
                责任地区代码="",
                责任单位信用代码=code(2),
            ),
        ],
    )
    result = findings_import(path=path)
    assert (result.findings, result.tasks, result.unchanged, result.rows) == (2, 3, 0, 3)
    inspection = Finding.objects.get(source="inspection")
    assert (inspection.region_id, inspection.issuer_region_id, inspection.year) == (
        COUNTY,
        "13",
        2024,
    )
    assert inspection.reference == "冀巡反馈〔2024〕3号"
    assert sorted(inspection.tasks.values_list("owner_region_id", "requirement")) == [
        (COUNTY, "逐户核实帮扶措施"),
        (f"{COUNTY}100", "建立动态调整台账"),
    ]
    audit = Finding.objects.get(source="audit")
    assert (audit.unit, audit.category) == (world.subsidiary_unit, "funds")
    assert audit.tasks.get().owner_unit == world.subsidiary_unit
    assert audit.tasks.get().deadline == dt.date(NEXT_YEAR, 6, 30)
    imported = Change.objects.filter(source=Source.IMPORT)
    assert imported.filter(subject="finding").count() == 2 + 3  # created, then a task each
    assert imported.filter(subject="rectification").count() == 3
    # the same file again changes nothing
    again = findings_import(path=path)
    assert (again.findings, again.tasks, again.unchanged) == (0, 0, 3)
    assert Rectification.objects.count() == 3


def _nothing_written():
    assert not Finding.objects.exists()
    assert not Rectification.objects.exists()
    assert not Change.objects.filter(subject__in=("finding", "rectification")).exists()


def test_a_file_with_one_bad_row_writes_nothing_and_names_row_and_column(world, tmp_path):
    path = xlsx(tmp_path, [row(), row(整改要求="再核实"), row(责任地区代码="999999")])
    with pytest.raises(RowErrors) as caught:
        findings_import(path=path)
    # the header is row 1, the data from row 2
    assert [(e.row, e.column, e.reason, e.value) for e in caught.value.errors] == [
        (4, "责任地区代码", "no such region", "999999")
    ]
    _nothing_written()


def test_every_problem_of_a_file_is_named(world, tmp_path):
    path = xlsx(
        tmp_path,
        [
            row(问题来源="传闻"),
            row(发现日期="2024-13-01"),
            row(涉及地区代码="", 涉及单位信用代码=""),
            row(整改时限="2024-01-01"),
            row(督办地区代码="", 责任单位信用代码=code(99)),
            row(问题描述=""),
        ],
    )
    with pytest.raises(RowErrors) as caught:
        findings_import(path=path)
    found = sorted((e.row, e.column, e.reason) for e in caught.value.errors)
    assert found == [
        (
            2,
            "问题来源",
            "unknown value; expected one of 巡视、审计、考核、督查、回头看、第三方评估、自查",
        ),
        (3, "发现日期", "not a date (use YYYY-MM-DD)"),
        (4, "涉及地区代码", "问题须涉及一个地区或一个单位"),
        (5, "整改时限", "整改时限不能早于发现日期（2024-03-01）"),
        (6, "督办地区代码", "须填写督办地区代码或督办单位信用代码"),
        (6, "责任单位信用代码", "no such unit"),
        (7, "问题描述", "required value is empty"),
    ]
    _nothing_written()


def test_a_user_imports_in_the_name_of_their_own_office_only(world, tmp_path):
    path = xlsx(tmp_path, [row(督办地区代码=COUNTY), row(督办地区代码=OTHER_COUNTY)])
    with pytest.raises(RowErrors) as caught:
        findings_import(path=path, actor=world.county)
    assert [(e.row, e.column, e.value) for e in caught.value.errors] == [
        (3, "督办地区代码", OTHER_COUNTY)
    ]
    _nothing_written()
    result = findings_import(
        path=xlsx(tmp_path, [row(督办地区代码=COUNTY)], "own.xlsx"), actor=world.county
    )
    assert (result.findings, result.tasks) == (1, 1)
    assert Finding.objects.get().created_by == world.county


def test_a_deadline_past_warns_and_strict_refuses_it(world, tmp_path):
    path = xlsx(tmp_path, [row(整改时限="2024-06-30")])
    with pytest.raises(RowErrors) as caught:
        findings_import(path=path, strict=True)
    assert [(e.row, e.column, e.severity) for e in caught.value.errors] == [
        (2, "整改时限", "warning")
    ]
    _nothing_written()
    result = findings_import(path=path)
    assert result.tasks == 1 and [w.row for w in result.warnings] == [2]


def test_the_command_imports_and_writes_the_error_file(world, tmp_path, capsys):
    bad = xlsx(tmp_path, [row(), row(问题类别="其它问题")], "bad.xlsx")
    errors = tmp_path / "errors.xlsx"
    with pytest.raises(CommandError) as caught:
        call_command("findings", "import", str(bad), "--errors", str(errors))
    assert "nothing was written" in str(caught.value)
    _header, rows = read_table(errors, [])
    listed = [r for r in rows if cells.text(r[0]).isdigit()]  # below the title and header
    assert [(cells.integer(r[0]), r[1]) for r in listed] == [(3, "问题类别")]
    _nothing_written()
    good = xlsx(tmp_path, [row(), row(整改要求="再核实")], "good.xlsx")
    call_command("findings", "import", str(good))
    assert "written 1 findings and 2 tasks" in capsys.readouterr().out
    assert Rectification.objects.count() == 2
