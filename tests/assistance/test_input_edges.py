"""Edges found by reading the pages, files and commands as a user: each asserts the clear
answer and that nothing was written."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from tests.assistance.factories import code, indicator, units
from tests.assistance.test_pages import build_world, login, text

from fupin.assistance import services
from fupin.assistance.imports import ledger_import, pairings_import, pledges_import, units_import
from fupin.assistance.models import LedgerEntry, Pairing, Pledge, Unit
from fupin.core.errors import RowErrors
from fupin.core.models import Change

pytestmark = pytest.mark.django_db
FUTURE = (dt.date.today() + dt.timedelta(days=3)).isoformat()


def _csv(tmp_path, text_):
    path = tmp_path / "in.csv"
    path.write_text(text_, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("run", "header", "missing"),
    [
        (units_import, "单位名称,单位类型\n甲,企业\n", "统一社会信用代码"),
        (pairings_import, "单位信用代码,行政区划代码,帮扶类型\nX,130727,定点帮扶\n", "开始日期"),
        (pledges_import, "单位信用代码,年度,指标\nX,2020,donations\n", "目标值"),
        (ledger_import, "编号,单位信用代码,指标,数值\nL1,X,donations,1\n", "日期"),
    ],
)
def test_a_missing_required_column_is_named_and_nothing_is_written(tmp_path, run, header, missing):
    with pytest.raises(RowErrors) as caught:
        run(path=_csv(tmp_path, header))
    assert (1, missing) in {(e.row, e.column) for e in caught.value.errors}
    assert not Unit.objects.exists() and not Pairing.objects.exists()
    assert not Pledge.objects.exists() and not LedgerEntry.objects.exists()


def test_a_ledger_row_dated_after_today_and_a_bad_amount_say_so_once(tmp_path):
    units((1, "集团", None))
    path = _csv(
        tmp_path,
        f"编号,单位信用代码,日期,指标,数值\nL1,{code(1)},{FUTURE},donations,1\n"
        f"L2,{code(1)},2020-01-01,donations,abc\n",
    )
    with pytest.raises(RowErrors) as caught:
        ledger_import(path=path)
    assert [(e.row, e.column, e.reason) for e in caught.value.errors] == [
        (2, "日期", f"dated after today ({FUTURE})"),
        (3, "数值", "not a number"),
    ]
    assert not LedgerEntry.objects.exists()
    with pytest.raises(services.InvalidInput, match="dated after today"):
        services.ledger_record(
            entry_id="F1",
            unit=Unit.objects.get(),
            date=dt.date.fromisoformat(FUTURE),
            indicator=indicator("donations"),
            amount="1",
        )


def test_a_unit_renamed_and_moved_counts_as_one_update(tmp_path):
    units((1, "甲", None), (2, "乙", None), (3, "丙", 1))
    rows = [{"code": code(3), "name": "丙（新）", "parent_code": code(2)}]
    assert services.units_save(rows, actor=None) == (0, 1)
    assert Unit.objects.get(credit_code=code(3)).parent.name == "乙"


def test_an_exported_ledger_imports_back_unchanged(client, tmp_path):
    world = build_world()
    login(client, "group", "assisting_unit", units_=[world[1]])
    response = client.get(f"/assistance/units/{world[1].pk}/ledger.xlsx")
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(response.content)
    count = LedgerEntry.objects.filter(unit__path__startswith=world[1].path).count()
    result = ledger_import(path=path)
    assert (result.created, result.unchanged, result.errors) == (0, count, [])
    widths = load_workbook(io.BytesIO(response.content)).active.column_dimensions
    assert widths["C"].width >= 12  # unit names are not cut to the header's width


def test_ledger_form_with_a_three_digit_region_is_a_field_error(client):
    world = build_world()
    login(client, "group", "assisting_unit", units_=[world[1]])
    before = LedgerEntry.objects.count()
    for region, date, field, message in (
        ("999", "2020-06-01", "region", "区划代码不存在"),
        ("", FUTURE, "date", "日期不能晚于今天"),
    ):
        page = text(
            client.post(
                f"/assistance/units/{world[1].pk}/ledger/",
                {
                    "indicator": indicator("donations").pk,
                    "amount": "1",
                    "date": date,
                    "region": region,
                },
            )
        )
        start = page.index(f'name="{field}"')
        assert message in page[page.rindex("<label", 0, start) : page.index("</label>", start)]
    assert LedgerEntry.objects.count() == before


def test_api_digits_indicator_names_and_another_groups_indicator(client):
    world = build_world()
    login(client, "group", "assisting_unit", units_=[world[1]])
    assert client.get("/api/ledger/?unit=²").status_code == 400
    assert client.get("/api/region-results/?year=²").status_code == 200
    made = client.post(
        "/api/ledger/",
        {"unit": world[1].pk, "indicator": "捐赠", "amount": "5", "date": "2020-06-01"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["indicator"] == "donations"
    theirs = services.indicator_create(
        code="their_own",
        name="其他集团指标",
        measure="count",
        unit_label="个",
        owner=world[9],
        actor=None,
    )
    refused = client.post(
        "/api/ledger/",
        {"unit": world[1].pk, "indicator": theirs.code, "amount": "5", "date": "2020-06-01"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert not LedgerEntry.objects.filter(indicator=theirs).exists()


def test_admin_refuses_a_unit_under_itself_and_keeps_history_of_other_edits(client):
    from fupin.accounts.models import User

    world = build_world()
    client.force_login(User.objects.create_superuser("root", password="a-long-test-password"))
    top = world[1]
    page = client.post(
        f"/admin/assistance/unit/{top.pk}/change/",
        {"name": top.name, "kind": top.kind, "parent": world[3].pk},
    )
    assert page.status_code == 200 and "上级单位不能是本单位或其下属单位" in page.content.decode()
    top.refresh_from_db()
    assert top.parent_id is None
    pairing = Pairing.objects.get(unit=top)
    moved = client.post(
        f"/admin/assistance/pairing/{pairing.pk}/change/",
        {
            "unit": top.pk,
            "region": pairing.region_id,
            "kind": pairing.kind,
            "start": "2015-01-01",
            "end": "2020-12-31",
        },
    )
    assert moved.status_code == 302
    change = Change.objects.filter(subject="pairing", subject_id=pairing.pk).latest("id")
    assert change.changes == {"end": [None, "2020-12-31"]}


def test_summary_names_the_bad_date_and_suggests_units(capsys):
    units((1, "首钢集团有限公司", None))
    with pytest.raises(CommandError, match="--to 2020-13-01: not a date"):
        call_command("units", "summary", code(1), "--from", "2020-01-01", "--to", "2020-13-01")
    with pytest.raises(CommandError, match="did you mean: 首钢集团有限公司"):
        call_command("units", "summary", "首钢", "--year", "2020")


def test_delivered_money_is_summed_to_the_exact_cent():
    from tests.assistance.factories import entry, pair

    from fupin.assistance.selectors import region_delivered, unit_progress

    unit = units((1, "集团", None))[1]
    pair(unit, "130727")
    amounts = ["0.10", "0.20", "899999.99", "123456789.07"] + ["0.01"] * 97
    for n, amount in enumerate(amounts):
        entry(f"C{n}", unit, "2020-01-01", "donations", amount, region="130727")
    expected = sum((Decimal(a) for a in amounts), Decimal(0))
    day = dt.date(2020, 1, 1)
    (done,) = [
        p.delivered for p in unit_progress(unit, day, day) if p.indicator.code == "donations"
    ]
    assert str(done) == str(expected) == "124356790.33"
    assert str(region_delivered(unit, day, day)["130727"][indicator("donations").pk]) == str(
        expected
    )
