"""Imports of units, pairings, pledges and ledger entries: the command-line contract, row
errors, nothing written on failure, re-imports that change nothing."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.assistance.factories import code, pair

from fupin.assistance.imports import (
    ledger_import,
    pairings_import,
    pledges_import,
    units_import,
)
from fupin.assistance.models import LedgerEntry, Pairing, Pledge, Target, Unit
from fupin.core.errors import RowErrors
from fupin.core.models import Change

pytestmark = pytest.mark.django_db


def _csv(tmp_path, name, header, *rows):
    path = tmp_path / name
    lines = [",".join(header)] + [",".join("" if c is None else str(c) for c in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


UNITS = ("单位名称", "统一社会信用代码", "上级单位信用代码")


def _group(tmp_path):
    units_import(
        path=_csv(
            tmp_path,
            "units.csv",
            UNITS,
            ("北京首钢园区综合服务有限公司", code(2), code(1)),  # child before its parent
            ("首钢集团有限公司", code(1), None),
            ("首钢矿业公司", code(3), code(1)),
        )
    )
    return {n: Unit.objects.get(credit_code=code(n)) for n in (1, 2, 3)}


def test_units_build_the_tree_in_any_order_and_reimport_changes_nothing(tmp_path):
    units = _group(tmp_path)
    assert units[2].parent == units[1] and units[3].parent == units[1]
    assert units[2].path == f"/{units[1].pk}/{units[2].pk}/"
    assert Change.objects.filter(subject="unit").count() == 5  # 3 created, 2 parent links
    again = units_import(path=tmp_path / "units.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Change.objects.filter(subject="unit").count() == 5


def test_units_bad_rows_name_row_and_column_and_write_nothing(tmp_path):
    bad = code(7)[:-1] + ("0" if code(7)[-1] != "0" else "1")
    path = _csv(
        tmp_path,
        "units.csv",
        ("name", "code", "parent_code"),  # English names are accepted
        ("甲", code(4), code(5)),
        ("乙", code(5), code(4)),  # a cycle
        ("丙", bad, None),
        ("丁", code(6), code(9)),  # unknown parent
        ("戊", code(6), None),  # given twice
    )
    with pytest.raises(RowErrors) as caught:
        units_import(path=path)
    found = {(e.row, e.column, e.reason) for e in caught.value.errors}
    assert (2, "上级单位信用代码", "the parents form a cycle") in found
    assert (3, "上级单位信用代码", "the parents form a cycle") in found
    assert any(r == 4 and "check character is wrong" in reason for r, _, reason in found)
    assert (5, "上级单位信用代码", "no such unit in the file or stored") in found
    assert (6, "统一社会信用代码", "unit already given on row 5") in found
    assert not Unit.objects.exists() and not Change.objects.exists()


def test_skip_invalid_writes_the_valid_units(tmp_path):
    path = _csv(tmp_path, "units.csv", UNITS, ("甲", code(4), None), ("乙", "123", None))
    result = units_import(path=path, mode="skip-invalid")
    assert (result.created, result.skipped) == (1, 1)
    assert list(Unit.objects.values_list("name", flat=True)) == ["甲"]


PAIRINGS = ("单位信用代码", "行政区划代码", "帮扶类型", "开始日期", "结束日期")


def test_pairings_by_kind_label_and_a_later_end(tmp_path):
    _group(tmp_path)
    path = _csv(
        tmp_path,
        "p.csv",
        PAIRINGS,
        (code(2), "110119202201", "一企一村", "2016-12-01", None),
        (code(1), "130824000000", "对口支援", "2018-01-01", None),  # zero-padded county code
    )
    assert pairings_import(path=path).created == 2
    assert set(Pairing.objects.values_list("region_id", "kind")) == {
        ("110119202201", "one_enterprise_one_village"),
        ("130824", "counterpart"),
    }
    ended = _csv(
        tmp_path, "e.csv", PAIRINGS, (code(1), "130824", "对口支援", "2018-01-01", "2020-12-31")
    )
    result = pairings_import(path=ended)
    assert (result.created, result.updated) == (0, 1)
    assert str(Pairing.objects.get(region_id="130824").end) == "2020-12-31"


def test_pairing_errors(tmp_path):
    _group(tmp_path)
    path = _csv(
        tmp_path,
        "p.csv",
        PAIRINGS,
        (code(9), "130824", "对口支援", "2018-01-01", None),
        (code(1), "999999", "对口支援", "2018-01-01", None),
        (code(1), "130824", "结对", "2018-01-01", None),
        (code(1), "130824", "定点帮扶", "2019-01-01", "2018-01-01"),
    )
    with pytest.raises(RowErrors) as caught:
        pairings_import(path=path)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(2, "单位信用代码"), (3, "行政区划代码"), (4, "帮扶类型"), (5, "结束日期")}
    assert not Pairing.objects.exists()


PLEDGES = ("单位信用代码", "年度", "指标", "目标值")


def test_pledges_cascade_to_the_parent_units_pledge(tmp_path):
    _group(tmp_path)
    path = _csv(
        tmp_path,
        "t.csv",
        PLEDGES,
        (code(2), 2020, "funds_invested", "100000"),
        (code(1), 2020, "直接投入帮扶资金", "30000000"),
        (code(1), 2020, "jobs_direct", "400"),
    )
    result = pledges_import(path=path)
    assert (result.created, result.updated) == (3, 0)
    group = Pledge.objects.get(unit__credit_code=code(1), year=2020)
    part = Pledge.objects.get(unit__credit_code=code(2), year=2020)
    assert part.parent == group
    assert Target.objects.get(pledge=group, indicator__code="funds_invested").value == Decimal(
        "30000000.00"
    )
    changed = _csv(tmp_path, "u.csv", PLEDGES, (code(1), 2020, "jobs_direct", "416"))
    assert (pledges_import(path=changed).updated) == 1


def test_pledge_errors(tmp_path):
    _group(tmp_path)
    path = _csv(
        tmp_path,
        "t.csv",
        PLEDGES,
        (code(1), 2020, "jobs_direct", "10.5"),  # a count
        (code(1), 2020, "no_such_indicator", "1"),
        (code(1), 2020, "donations", "-1"),
        (code(1), 2020, "funds_introduced", "abc"),
    )
    with pytest.raises(RowErrors) as caught:
        pledges_import(path=path)
    assert {(e.row, e.column, e.reason) for e in caught.value.errors} == {
        (2, "目标值", "直接带动就业 is counted in whole numbers"),
        (3, "指标", "unknown indicator (use its code or Chinese name)"),
        (4, "目标值", "must not be negative"),
        (5, "目标值", "not a number"),
    }
    assert not Pledge.objects.exists()


LEDGER = ("编号", "单位信用代码", "日期", "指标", "数值", "行政区划代码", "项目", "凭证", "冲销")


def test_ledger_reversal_negates_once_and_reimport_is_unchanged(tmp_path):
    pair(_group(tmp_path)[1], "130824")
    path = _csv(
        tmp_path,
        "l.csv",
        LEDGER,
        ("L1", code(1), "2020-05-01", "funds_invested", "33000000", "130824", None, "凭证1", None),
        ("L2", code(1), "2020-05-02", "jobs_direct", "426", "130824", None, None, None),
        ("L3", None, "2020-06-01", None, None, None, None, "更正", "L2"),
    )
    assert ledger_import(path=path).created == 3
    reversal = LedgerEntry.objects.get(entry_id="L3")
    assert (reversal.amount, reversal.indicator.code, reversal.reverses.entry_id) == (
        Decimal("-426.00"),
        "jobs_direct",
        "L2",
    )
    again = ledger_import(path=path)
    assert (again.created, again.unchanged) == (0, 3)
    twice = _csv(
        tmp_path, "t.csv", LEDGER, ("L4", None, "2020-07-01", None, None, None, None, None, "L2")
    )
    with pytest.raises(RowErrors) as caught:
        ledger_import(path=twice)
    assert caught.value.errors[0].reason == "entry L2 is already reversed by L3"
    assert LedgerEntry.objects.count() == 3


def test_ledger_errors_name_row_and_column_and_write_nothing(tmp_path):
    _group(tmp_path)
    path = _csv(
        tmp_path,
        "l.csv",
        LEDGER,
        ("A1", code(1), "2020-05-01", "funds_invested", "100", None, None, None, None),
        ("A1", code(1), "2020-05-01", "funds_invested", "100", None, None, None, None),
        ("A2", code(1), "2020-05-01", "funds_invested", "-5", None, None, None, None),
        ("A3", code(1), "2020-05-01", "funds_invested", "100", None, None, None, "A1"),
        ("A4", code(1), "2020-04-01", None, None, None, None, None, "A1"),
        ("A5", code(1), "2020-05-01", "jobs_direct", "1", None, "P-9", None, None),
        ("A6", code(1), "2020-05-01", "funds_invested", "1", None, None, None, "ZZ"),
    )
    with pytest.raises(RowErrors) as caught:
        ledger_import(path=path)
    found = {(e.row, e.column): e.reason for e in caught.value.errors}
    assert found[(3, "编号")] == "entry already given on row 2"
    assert found[(4, "数值")] == "must be above zero; a correction is a reversing entry"
    assert found[(5, "数值")] == "a reversal negates the amount: -100.00"
    assert found[(6, "冲销")] == "entry A1 is already reversed on row 5"
    assert found[(7, "项目")] == "no such project"
    assert found[(8, "冲销")] == "no such entry (stored or on an earlier row)"
    assert not LedgerEntry.objects.exists()


def test_an_entry_cannot_be_edited_by_reimport_or_in_the_database(tmp_path):
    from django.db import DatabaseError, transaction

    _group(tmp_path)
    first = _csv(
        tmp_path,
        "a.csv",
        LEDGER,
        ("B1", code(1), "2020-05-01", "donations", "100", None, None, None, None),
    )
    ledger_import(path=first)
    changed = _csv(
        tmp_path,
        "b.csv",
        LEDGER,
        ("B1", code(1), "2020-05-01", "donations", "200", None, None, None, None),
    )
    with pytest.raises(RowErrors) as caught:
        ledger_import(path=changed)
    assert "entries are never edited" in caught.value.errors[0].reason
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(entry_id="B1").update(amount=Decimal("1"))
    assert LedgerEntry.objects.get(entry_id="B1").amount == Decimal("100.00")


def test_the_commands_and_their_error_file(tmp_path, capsys):
    call_command(
        "units", "import", str(_csv(tmp_path, "u.csv", UNITS, ("首钢集团有限公司", code(1), None)))
    )
    assert "units: 1 created" in capsys.readouterr().out
    bad = _csv(
        tmp_path,
        "l.csv",
        LEDGER,
        ("C1", code(1), "2020-13-01", "donations", "1", None, None, None, None),
    )
    out = tmp_path / "errors.xlsx"
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("ledger", "import", str(bad), "--errors", str(out))
    assert "row 2, column 日期: not a date" in capsys.readouterr().err
    assert out.exists() and not LedgerEntry.objects.exists()
