"""The ledger's rules (`ledger_rules`) through every door — the page, the API, the file:
an entry's region is one its unit's tree is paired with on its date, or the entry names an
exception reason its indicator takes; a reversal is dated on its entry's date by default,
never after today, and in the entry's year unless the user says so; a reversal does not move
the unit's default year. Refusals name the field, row or column and write nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient
from tests.assistance.factories import code, entry, indicator, pair, units

from fupin.accounts.models import User
from fupin.assistance import services
from fupin.assistance.imports import ledger_import
from fupin.assistance.ledger_rules import RuleError
from fupin.assistance.models import LedgerEntry, Pairing
from fupin.core.errors import RowErrors
from fupin.regions.models import Region

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
TOMORROW = dt.date.today() + dt.timedelta(days=1)
UNPAIRED = (
    "neither the unit nor a unit above or under it is paired with region {region} on "
    "{date}; name an exception reason if one applies"
)
UNPAIRED_ZH = "本单位及其上级、下属单位在 {date} 均未与地区 {region} 结对；如属例外，请填写例外原因"
OTHER_YEAR = (
    "a reversal is dated in its entry's year (2020); mark it as in another year if it must be"
)
OTHER_YEAR_ZH = "冲销应与原记录同在 2020 年度；确需跨年度冲销，请注明跨年度冲销"


def village(county):
    return Region.objects.filter(code__startswith=county, level="village").order_by("code")[0].code


@pytest.fixture
def world():
    """集团 1 → (子公司 2 → 孙公司 3), 姊妹公司 4; 其他集团 9 apart. 1 is paired with 阳原县
    from 2015, 3 with 滦平县 for 2018–2020, 9 with 罗田县. E20: 2's 1,000.00 yuan in 阳原 on
    2020-03-01."""
    u = units(
        (1, "集团", None),
        (2, "子公司", 1),
        (3, "孙公司", 2),
        (4, "姊妹公司", 1),
        (9, "其他集团", None),
    )
    pair(u[1], "130727")
    pair(u[3], "130824", start="2018-01-01", end="2020-12-31")
    pair(u[9], "421123")
    entry("E20", u[2], "2020-03-01", "funds_invested", "1000.00", village("130727"))
    return u


def _record(unit, region, date="2020-05-01", code_="funds_invested", reason=""):
    return services.ledger_record(
        entry_id="N1",
        unit=unit,
        date=D(date),
        indicator=indicator(code_),
        amount=Decimal("10"),
        region=region,
        reason=reason,
    )


# where: the rule itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "county", "date", "code_", "reason", "owner"),
    [
        (2, "130727", "2020-05-01", "funds_invested", "", 1),  # its group's county
        (1, "130824", "2020-05-01", "funds_invested", "", 3),  # a county of a unit under it
        (2, "130824", "2020-05-01", "funds_invested", "", 3),
        (9, "130727", "2020-05-01", "produce_bought", "consumption", None),
        (9, "130727", "2020-05-01", "produce_sold", "consumption", None),
        (9, "130727", "2020-05-01", "donations", "donation", None),
        (1, None, "2020-05-01", "funds_invested", "", None),  # no region: not checked
    ],
)
def test_regions_the_unit_tree_is_paired_with_or_an_exception_are_recorded(
    world, who, county, date, code_, reason, owner
):
    region = village(county) if county else None
    stored = _record(world[who], region, date, code_, reason)
    assert (stored.region_id, stored.reason) == (region, reason)
    assert stored.pairing_id == (
        None if owner is None else Pairing.objects.get(unit=world[owner]).pk
    )


@pytest.mark.parametrize(
    ("who", "region", "date", "code_", "reason", "fields"),
    [
        (4, "130824", "2020-05-01", "funds_invested", "", ["region"]),  # a sister's county
        (3, "130824", "2021-01-05", "funds_invested", "", ["region"]),  # the pairing ended
        (3, "130824", "2017-12-31", "funds_invested", "", ["region"]),  # not yet begun
        (1, "1307", "2020-05-01", "funds_invested", "", ["region"]),  # above the county
        (9, "130727", "2020-05-01", "funds_invested", "", ["region"]),  # another group's
        (9, "130727", "2020-05-01", "funds_invested", "consumption", ["reason", "region"]),
        (1, "130727", "2020-05-01", "funds_invested", "donation", ["reason"]),
    ],
)
def test_other_regions_are_refused_naming_the_field_and_nothing_is_written(
    world, who, region, date, code_, reason, fields
):
    code_region = village(region) if len(region) == 6 else region
    with pytest.raises(RuleError) as caught:
        _record(world[who], code_region, date, code_, reason)
    assert [field for field, _ in caught.value.problems] == fields
    if "region" in fields:
        assert caught.value.problems[-1][1] == UNPAIRED.format(region=code_region, date=date)
    assert list(LedgerEntry.objects.values_list("entry_id", flat=True)) == ["E20"]


# where: the page, the API, the file -------------------------------------------------------


def login(client, unit, language=None):
    user = User.objects.create_user(
        f"u{unit.pk}", password="a-long-test-password", role="assisting_unit"
    )
    user.units.set([unit])
    client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    return user


def _post_entry(client, unit, **values):
    return client.post(
        f"/assistance/units/{unit.pk}/ledger/",
        {
            "entry_id": "W-1",
            "indicator": indicator(values.pop("code", "funds_invested")).pk,
            "amount": "10",
            "date": "2020-05-01",
            **values,
        },
    )


def test_the_page_shows_the_refusal_on_the_region_or_reason_field(client, world):
    login(client, world[4])
    luanping = village("130824")
    page = _post_entry(client, world[4], region=luanping)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.errors == {"region": [UNPAIRED_ZH.format(region=luanping, date="2020-05-01")]}
    wrong = _post_entry(client, world[4], region=luanping, reason="consumption")
    assert wrong.context["form"].errors == {
        "reason": ["例外原因 consumption 只适用于指标 produce_bought, produce_sold"],
        "region": [UNPAIRED_ZH.format(region=luanping, date="2020-05-01")],
    }
    assert list(LedgerEntry.objects.values_list("entry_id", flat=True)) == ["E20"]
    bought = _post_entry(
        client, world[4], region=luanping, reason="consumption", code="produce_bought"
    )
    assert bought.status_code == 302
    stored = LedgerEntry.objects.get(entry_id="W-1")
    assert (stored.unit, stored.region_id, stored.reason, stored.pairing) == (
        world[4],
        luanping,
        "consumption",
        None,
    )


def test_the_english_page_names_the_reasons_in_english(client, world):
    login(client, world[4], language="en")
    page = _post_entry(client, world[4], region=village("130824"), reason="consumption")
    html = page.content.decode()
    assert "Exception reason (for a region outside the pairings)" in html
    assert '<option value="consumption" selected>Consumption assistance</option>' in html
    assert '<option value="donation">Donation</option>' in html
    assert (
        "the exception reason consumption goes with the indicators produce_bought, "
        "produce_sold only"
    ) in html
    assert "例外原因" not in html and "社会捐赠" not in html


def api(unit, language="zh-hans"):
    user = User.objects.create_user("api", password="a-long-test-password", role="assisting_unit")
    user.units.set([unit])
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def _api_entry(client, unit, **values):
    body = {
        "unit": unit.pk,
        "indicator": "funds_invested",
        "amount": "10",
        "date": "2020-05-01",
        **values,
    }
    return client.post("/api/ledger/", body, format="json")


def test_the_api_refuses_by_field_with_a_400(world):
    client = api(world[4])
    luanping = village("130824")
    refused = _api_entry(client, world[4], region=luanping)
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"] == {
        "region": [UNPAIRED_ZH.format(region=luanping, date="2020-05-01")]
    }
    wrong = _api_entry(client, world[4], region=luanping, reason="donation")
    assert wrong.status_code == 400
    assert list(wrong.json()["error"]["fields"]) == ["reason", "region"]
    unknown = _api_entry(client, world[4], region=luanping, reason="gift")
    assert unknown.status_code == 400 and list(unknown.json()["error"]["fields"]) == ["reason"]
    assert list(LedgerEntry.objects.values_list("entry_id", flat=True)) == ["E20"]
    sold = _api_entry(
        client, world[4], region=luanping, reason="consumption", indicator="produce_sold"
    )
    assert sold.status_code == 201, sold.json()
    assert (sold.json()["reason"], sold.json()["pairing"], sold.json()["region"]) == (
        "consumption",
        None,
        luanping,
    )
    english = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    english.force_authenticate(User.objects.get(username="api"))
    message = _api_entry(english, world[4], region=luanping).json()["error"]["fields"]
    assert message == {"region": [UNPAIRED.format(region=luanping, date="2020-05-01")]}


HEADER = "编号,单位信用代码,日期,指标,数值,行政区划代码,例外原因"


def _file(tmp_path, header, *rows):
    path = tmp_path / "ledger.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_the_file_names_the_row_and_column_and_writes_nothing(tmp_path, world):
    luanping, yangyuan = village("130824"), village("130727")
    path = _file(
        tmp_path,
        HEADER,
        f"F1,{code(4)},2020-05-01,funds_invested,10,{luanping},",
        f"F2,{code(9)},2020-05-01,produce_bought,10,{yangyuan},消费帮扶",
        f"F3,{code(9)},2020-05-01,funds_invested,10,{yangyuan},consumption",
        f"F4,{code(3)},2021-01-05,funds_invested,10,{luanping},",
        f"F5,{code(1)},2020-05-01,funds_invested,10,{luanping},",
        f"F6,{code(9)},2020-05-01,donations,10,{yangyuan},捐款",
    )
    with pytest.raises(RowErrors) as caught:
        ledger_import(path=path)
    assert [(e.row, e.column, e.reason, e.value) for e in caught.value.errors] == [
        (2, "行政区划代码", UNPAIRED.format(region=luanping, date="2020-05-01"), luanping),
        (
            4,
            "例外原因",
            "the exception reason consumption goes with the indicators produce_bought, "
            "produce_sold only",
            "consumption",
        ),
        (4, "行政区划代码", UNPAIRED.format(region=yangyuan, date="2020-05-01"), yangyuan),
        (5, "行政区划代码", UNPAIRED.format(region=luanping, date="2021-01-05"), luanping),
        (7, "例外原因", "unknown value; expected one of 消费帮扶、社会捐赠", "捐款"),
    ]
    assert list(LedgerEntry.objects.values_list("entry_id", flat=True)) == ["E20"]
    result = ledger_import(path=path, mode="skip-invalid")
    assert (result.created, result.skipped) == (2, 4)
    written = {
        e.entry_id: (e.unit_id, e.reason, e.pairing_id)
        for e in LedgerEntry.objects.exclude(entry_id="E20")
    }
    assert written == {
        "F2": (world[9].pk, "consumption", None),
        "F5": (world[1].pk, "", Pairing.objects.get(unit=world[3]).pk),
    }


def test_the_file_takes_the_english_column_name_and_codes(tmp_path, world):
    path = _file(
        tmp_path,
        "entry_id,unit_code,date,indicator,amount,region_code,reason",
        f"G1,{code(9)},2020-05-01,donations,10,{village('130727')},donation",
    )
    assert ledger_import(path=path).created == 1
    assert LedgerEntry.objects.get(entry_id="G1").reason == "donation"


def test_a_stored_entry_given_again_keeps_its_reason(tmp_path, world):
    yangyuan = village("130727")
    first = _file(tmp_path, HEADER, f"G1,{code(9)},2020-05-01,donations,10,{yangyuan},社会捐赠")
    assert ledger_import(path=first).created == 1
    blank = _file(tmp_path, HEADER, f"G1,{code(9)},2020-05-01,donations,10,{yangyuan},")
    assert (ledger_import(path=blank).unchanged, LedgerEntry.objects.count()) == (1, 2)
    other = _file(tmp_path, HEADER, f"G1,{code(9)},2020-05-01,donations,10,{yangyuan},消费帮扶")
    with pytest.raises(RowErrors) as caught:
        ledger_import(path=other)
    assert [(e.row, e.column, e.reason) for e in caught.value.errors] == [
        (
            2,
            "编号",
            "entry exists with other values; entries are never edited (add a reversing entry)",
        )
    ]
    assert LedgerEntry.objects.get(entry_id="G1").reason == "donation"


# when: reversals ----------------------------------------------------------------------------


def _reverse(client, unit, entry_id, **values):
    pk = LedgerEntry.objects.get(entry_id=entry_id).pk
    return client.post(f"/assistance/units/{unit.pk}/ledger/{pk}/reverse/", values)


def test_the_page_reverses_on_the_entrys_date_by_default(client, world):
    login(client, world[1])
    page = client.get(f"/assistance/units/{world[1].pk}/ledger/").content.decode()
    row = page[page.index('data-entry="E20"') :]
    assert 'name="date" value="2020-03-01"' in row[: row.index("</tr>")]
    done = _reverse(client, world[1], "E20", date="")
    assert done.status_code == 302
    reversal = LedgerEntry.objects.get(reverses__entry_id="E20")
    assert (reversal.date, reversal.amount) == (D("2020-03-01"), Decimal("-1000.00"))


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"date": TOMORROW.isoformat()}, f"日期晚于今天（{TOMORROW}）"),
        ({"date": "2021-01-05"}, OTHER_YEAR_ZH),
        (
            {"date": "2020-02-29", "other_year": "on"},
            "冲销日期不能早于被冲销记录的日期（2020-03-01）",
        ),
    ],
)
def test_the_page_shows_a_refused_reversal_date_on_the_entrys_row(client, world, values, reason):
    login(client, world[1])
    refused = _reverse(client, world[1], "E20", **values)
    assert refused.status_code == 400
    assert refused.context["reverse_form"].errors == {"date": [reason]}
    html = refused.content.decode()
    row = html[html.index('data-entry="E20"') :]
    assert f'<span class="error">{reason}</span>' in row[: row.index("</tr>")]
    assert not LedgerEntry.objects.filter(reverses__isnull=False).exists()


def test_a_reversal_in_another_year_needs_saying_and_keeps_the_default_year(client, world):
    login(client, world[1])
    done = _reverse(client, world[1], "E20", date="2021-01-05", other_year="on")
    assert done.status_code == 302
    assert LedgerEntry.objects.get(reverses__entry_id="E20").date == D("2021-01-05")
    page = client.get(f"/assistance/units/{world[1].pk}/").content.decode()
    assert "2020 年度指标完成情况" in page


def test_a_reversal_today_of_an_old_entry_leaves_the_default_year(client, world):
    """The issue's case: a 2020 mistake reversed today (in this year, said so)."""
    login(client, world[1])
    done = _reverse(client, world[1], "E20", date=dt.date.today().isoformat(), other_year="on")
    assert done.status_code == 302
    page = client.get(f"/assistance/units/{world[1].pk}/").content.decode()
    assert "2020 年度指标完成情况" in page


def test_the_api_reverses_on_the_entrys_date_and_refuses_by_field(world):
    client = api(world[1])
    pk = LedgerEntry.objects.get(entry_id="E20").pk
    url = f"/api/ledger/{pk}/reverse/"
    late = client.post(url, {"date": TOMORROW.isoformat()}, format="json")
    assert late.status_code == 400
    assert late.json()["error"]["fields"] == {"date": [f"日期晚于今天（{TOMORROW}）"]}
    other = client.post(url, {"date": "2021-01-05"}, format="json")
    assert other.status_code == 400 and other.json()["error"]["fields"] == {"date": [OTHER_YEAR_ZH]}
    assert not LedgerEntry.objects.filter(reverses__isnull=False).exists()
    done = client.post(url, {}, format="json")
    assert done.status_code == 201, done.json()
    assert (done.json()["date"], done.json()["amount"]) == ("2020-03-01", "-1000.00")


def test_the_api_reverses_in_another_year_when_told(world):
    client = api(world[1])
    pk = LedgerEntry.objects.get(entry_id="E20").pk
    done = client.post(
        f"/api/ledger/{pk}/reverse/", {"date": "2021-01-05", "other_year": True}, format="json"
    )
    assert done.status_code == 201 and done.json()["date"] == "2021-01-05"


def test_the_file_reverses_on_the_entrys_date_and_names_the_date_column(tmp_path, world):
    header = "编号,单位信用代码,日期,指标,数值,冲销,跨年度冲销"
    refused = _file(
        tmp_path,
        header,
        "R1,,2021-01-05,,,E20,",
        f"H1,{code(1)},2020-06-01,donations,5,,",
        f"R2,,{TOMORROW},,,H1,是",
    )
    with pytest.raises(RowErrors) as caught:
        ledger_import(path=refused)
    assert [(e.row, e.column, e.reason, e.value) for e in caught.value.errors] == [
        (2, "日期", OTHER_YEAR, "2021-01-05"),
        (4, "日期", f"dated after today ({TOMORROW})", TOMORROW.isoformat()),
    ]
    assert list(LedgerEntry.objects.values_list("entry_id", flat=True)) == ["E20"]
    fine = _file(
        tmp_path,
        header,
        "R1,,,,,E20,",
        f"H1,{code(1)},2020-06-01,donations,5,,",
        "R2,,2021-01-05,,,H1,是",
    )
    assert ledger_import(path=fine).created == 3
    dates = dict(LedgerEntry.objects.filter(reverses__isnull=False).values_list("entry_id", "date"))
    assert dates == {"R1": D("2020-03-01"), "R2": D("2021-01-05")}
    again = ledger_import(path=fine)  # the blank date is the entry's again: unchanged
    assert (again.created, again.unchanged) == (0, 3)


def test_a_plain_row_still_needs_its_date(tmp_path, world):
    path = _file(tmp_path, "编号,单位信用代码,日期,指标,数值,冲销", f"K1,{code(1)},,donations,5,")
    with pytest.raises(RowErrors) as caught:
        ledger_import(path=path)
    assert [(e.row, e.column, e.reason) for e in caught.value.errors] == [
        (2, "日期", "required value is empty")
    ]


def test_an_exported_ledger_with_reasons_and_a_reversal_in_another_year_imports_back(
    client, tmp_path, world
):
    services.ledger_record(
        entry_id="C1",
        unit=world[1],
        date=D("2020-05-01"),
        indicator=indicator("produce_bought"),
        amount=Decimal("10"),
        region=village("421123"),
        reason="consumption",
    )
    login(client, world[1])
    assert _reverse(client, world[1], "E20", date="2021-01-05", other_year="on").status_code == 302
    response = client.get(f"/assistance/units/{world[1].pk}/ledger.xlsx")
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(response.content)
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "编号")
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows[rows.index(header) + 1 :]}
    assert by_id["C1"]["例外原因"] == "消费帮扶"
    reversal = next(r for r in by_id.values() if r["冲销"] == "E20")
    assert reversal["跨年度冲销"] == "是"
    before = LedgerEntry.objects.count()
    result = ledger_import(path=path)
    assert (result.created, result.unchanged, result.errors) == (0, before, [])


def test_the_year_selector_reaches_the_present_and_defaults_to_the_latest_year_with_data(
    client, world
):
    login(client, world[1])
    page = client.get(f"/assistance/units/{world[1].pk}/").content.decode()
    present = dt.date.today().year
    assert 'value="2020" selected' in page
    assert f'value="{present}"' in page and 'value="2014"' in page
    later = client.get(f"/assistance/units/{world[1].pk}/?year={present}").content.decode()
    assert f'value="{present}" selected' in later
