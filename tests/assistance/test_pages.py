"""Assistance pages: scope of unit and regional users, a unit's year with its progress bars,
recording and reversing ledger entries, cadres, projects, exports, query counts."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from tests.assistance.factories import code, entry, indicator, pledge, units

from fupin.accounts.models import User
from fupin.assessment import services as assessment
from fupin.assistance import services
from fupin.assistance.models import LedgerEntry
from fupin.regions.models import Region, RegionYear

pytestmark = pytest.mark.django_db


def village(county):
    return Region.objects.filter(code__startswith=county, level="village").order_by("code")[0].code


def build_world():
    """Group 1 with subsidiary 2 and its subsidiary 3, paired with 阳原县; group 9 apart,
    paired with 罗田县. 2020: group 1 pledged 1,000,000.00 yuan and 30 jobs, 2 took on
    400,000.00 of the money; delivered 250,000.50 (by 2, in 阳原) + 100,000.00 (by 3) yuan
    and 12 jobs."""
    u = units(
        (1, "测试集团", None), (2, "测试子公司", 1), (3, "测试孙公司", 2), (9, "其他集团", None)
    )
    services.pairings_save(
        [
            {
                "unit": u[1],
                "region": "130727",
                "kind": "fixed_point",
                "start": dt.date(2015, 1, 1),
                "end": None,
            },
            {
                "unit": u[9],
                "region": "421123",
                "kind": "fixed_point",
                "start": dt.date(2015, 1, 1),
                "end": None,
            },
        ],
        actor=None,
    )
    RegionYear.objects.create(
        region_id="130727", year=2020, exit_year=2020, exit_date=dt.date(2020, 4, 26)
    )
    pledge(u[1], 2020, funds_invested="1000000.00", jobs_direct="30")
    pledge(u[2], 2020, funds_invested="400000.00")
    yangyuan = village("130727")
    entry("E1", u[2], "2020-03-01", "funds_invested", "250000.50", region=yangyuan)
    entry("E2", u[3], "2020-04-01", "funds_invested", "100000.00")
    entry("E3", u[1], "2020-05-01", "jobs_direct", "12")
    entry("E9", u[9], "2020-01-01", "funds_invested", "999.00", region=village("421123"))
    services.cadre_save(
        values={
            "name": "王驻村",
            "unit": u[2],
            "region_id": yangyuan,
            "role": "first_secretary",
            "post": "第一书记",
            "start": dt.date(2020, 1, 1),
            "end": dt.date(2021, 6, 30),
        },
        actor=None,
    )
    services.cadre_save(
        values={
            "name": "李挂职",
            "unit": u[9],
            "region_id": "421123",
            "role": "temporary_post",
            "start": dt.date(2019, 1, 1),
        },
        actor=None,
    )
    from fupin.assistance.models import Project

    Project.objects.create(
        code="P-001",
        name="光伏电站",
        kind="industry",
        unit=u[2],
        region_id="130727",
        budget=Decimal("1234567.89"),
        planned_end=dt.date(2021, 6, 30),
    )
    Project.objects.create(
        code="P-009",
        name="其他项目",
        kind="education",
        unit=u[9],
        region_id="421123",
        budget=Decimal("5"),
    )
    scheme = assessment.scheme_create(
        year=2019,
        name="定点扶贫成效评价",
        items=[{"code": "review", "name": "评审", "weight": Decimal("100"), "source": "scored"}],
        grades=[
            ("好", Decimal("90")),
            ("较好", Decimal("80")),
            ("一般", Decimal("60")),
            ("较差", Decimal("0")),
        ],
    )
    assessment.assessment_compute(scheme=scheme, unit=u[1], scores={"review": Decimal("85.5")})
    assessment.assessment_record(scheme=scheme, unit=u[1], grade="好")
    return u


@pytest.fixture
def world():
    return build_world()


def login(client, name, role, *, units_=(), regions=()):
    user = User.objects.create_user(name, password="a-long-test-password", role=role)
    user.units.set(units_)
    user.regions.set(Region.objects.filter(code__in=regions))
    client.force_login(user)
    return user


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def row_of(page, indicator_code):
    start = page.index(f'data-indicator="{indicator_code}"')
    return page[start : page.index("</tr>", start)]


def test_unit_list_shows_the_users_tree_indented_in_constant_queries(client, world):
    login(client, "group", "assisting_unit", units_=[world[1]])
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get("/assistance/"))
    assert [
        n for n in ("测试集团", "测试子公司", "测试孙公司", "其他集团") if f">{n}</a>" in page
    ] == [
        "测试集团",
        "测试子公司",
        "测试孙公司",
    ]
    assert "共 3 个" in page
    assert (
        f'padding-left:4em">└ </span><a href="/assistance/units/{world[3].pk}/">测试孙公司' in page
    )
    # session, user, the user's regions and units (scope), count, the page with parents
    assert len(queries) == 6
    units((4, "测试子公司乙", 1), (5, "测试子公司丙", 1))
    with CaptureQueriesContext(connection) as more:
        assert "共 5 个" in text(client.get("/assistance/"))
    assert len(more) == 6


def test_unit_page_shows_the_year_progress_pairings_cadres_findings_and_grades(client, world):
    login(client, "group", "assisting_unit", units_=[world[1]])
    page = text(client.get(f"/assistance/units/{world[1].pk}/?year=2020"))
    funds = row_of(page, "funds_invested")
    assert "1,000,000.00" in funds and "350,000.50" in funds
    assert '<progress value="350000.50" max="1000000.00"' in funds and "35.00%" in funds
    jobs = row_of(page, "jobs_direct")
    assert '<progress value="12" max="30"' in jobs and "40.00%" in jobs
    assert "无目标" in row_of(page, "donations")
    assert "定点帮扶" in page and "阳原县" in page and "2020-04-26" in page
    assert "已摘帽县</span><b>1</b>" in page and "选派干部</span><b>1</b>" in page
    assert "上年考核等次</span><b>好</b>" in page
    # 2 took on 400,000.00 of the group's 1,000,000.00: the rest is not passed down yet
    assert (
        "测试集团 2020：直接投入帮扶资金目标 1,000,000.00，已分解 400,000.00，尚未全部分解" in page
    )
    assert "直接带动就业目标" not in page  # 30 jobs, never passed down: not a finding
    assert f'href="/assistance/units/{world[2].pk}/?year=2020">测试子公司</a>' in page
    assert f">{'测试孙公司'}</a>" not in page  # only the direct subsidiaries are listed
    assert (
        '<td>2019</td><td>定点扶贫成效评价</td><td>自评</td><td class="num">85.50</td><td>较好</td>'
        in page
    )
    assert (
        '<td>2019</td><td>定点扶贫成效评价</td><td>终评</td><td class="num">—</td><td>好</td>'
        in page
    )
    # the year defaults to the latest with pledges or entries; another year has no deliveries
    assert '<option value="2020" selected>' in text(client.get(f"/assistance/units/{world[1].pk}/"))
    other = text(client.get(f"/assistance/units/{world[1].pk}/?year=2021"))
    assert "无目标" in row_of(other, "funds_invested")


def test_unit_page_in_english(client, world):
    login(client, "group", "assisting_unit", units_=[world[1]])
    client.cookies["django_language"] = "en"
    page = text(client.get(f"/assistance/units/{world[1].pk}/?year=2020"))
    assert "Funds put in directly" in row_of(page, "funds_invested")
    assert "Progress on the indicators in 2020" in page


def test_a_unit_user_sees_their_unit_and_those_under_it_only(client, world):
    login(client, "sub", "assisting_unit", units_=[world[2]])
    for unit, status in ((2, 200), (3, 200), (1, 404), (9, 404)):
        pk = world[unit].pk
        assert client.get(f"/assistance/units/{pk}/").status_code == status
        assert client.get(f"/assistance/units/{pk}/ledger/").status_code == status
        assert client.get(f"/assistance/units/{pk}/cadres/").status_code == status
        assert client.get(f"/assistance/units/{pk}/projects/").status_code == status
        assert client.get(f"/assistance/units/{pk}/ledger.xlsx").status_code == status
    before = LedgerEntry.objects.count()
    other = world[9].pk
    posted = client.post(
        f"/assistance/units/{other}/ledger/",
        {"indicator": indicator("donations").pk, "amount": "5", "date": "2020-06-01"},
    )
    assert posted.status_code == 404
    e9 = LedgerEntry.objects.get(entry_id="E9")
    assert (
        client.post(
            f"/assistance/units/{other}/ledger/{e9.pk}/reverse/", {"date": "2020-06-01"}
        ).status_code
        == 404
    )
    # an entry of another group through one's own unit's address is not found either
    assert (
        client.post(
            f"/assistance/units/{world[2].pk}/ledger/{e9.pk}/reverse/", {"date": "2020-06-01"}
        ).status_code
        == 404
    )
    assert LedgerEntry.objects.count() == before


def test_a_regional_user_reads_the_units_paired_with_them_and_writes_nothing(client, world):
    login(client, "county", "county_office", regions=["130727"])
    listed = text(client.get("/assistance/"))
    assert [n for n in ("测试集团", "测试子公司", "其他集团") if f">{n}</a>" in listed] == [
        "测试集团"
    ]
    assert client.get(f"/assistance/units/{world[2].pk}/").status_code == 404
    ledger = text(client.get(f"/assistance/units/{world[1].pk}/ledger/"))
    assert ">E1</td>" in ledger and ">E2</td>" not in ledger  # entries in the county only
    assert "录入台账记录" not in ledger and "冲销</button>" not in ledger
    before = LedgerEntry.objects.count()
    posted = client.post(
        f"/assistance/units/{world[1].pk}/ledger/",
        {"indicator": indicator("donations").pk, "amount": "5", "date": "2020-06-01"},
    )
    assert posted.status_code == 403
    e1 = LedgerEntry.objects.get(entry_id="E1")
    assert (
        client.post(
            f"/assistance/units/{world[1].pk}/ledger/{e1.pk}/reverse/", {"date": "2020-06-01"}
        ).status_code
        == 403
    )
    assert LedgerEntry.objects.count() == before
    cadres = text(client.get(f"/assistance/units/{world[1].pk}/cadres/"))
    assert "王驻村" in cadres and "李挂职" not in cadres


def _delivered(client, unit, code_="funds_invested"):
    page = text(client.get(f"/assistance/units/{unit.pk}/?year=2020"))
    return row_of(page, code_)


def test_recording_and_reversing_an_entry_moves_the_totals_exactly(client, world):
    user = login(client, "group", "assisting_unit", units_=[world[1]])
    assert "350,000.50" in _delivered(client, world[1])
    posted = client.post(
        f"/assistance/units/{world[2].pk}/ledger/",
        {
            "entry_id": "W-100",
            "indicator": indicator("funds_invested").pk,
            "amount": "1234.56",
            "date": "2020-07-01",
            "region": "130727",
            "evidence": "转账凭证 7 号",
        },
    )
    assert posted.status_code == 302 and posted.url == f"/assistance/units/{world[2].pk}/ledger/"
    stored = LedgerEntry.objects.get(entry_id="W-100")
    assert (stored.unit, stored.amount, stored.date, stored.region_id, stored.created_by) == (
        world[2],
        Decimal("1234.56"),
        dt.date(2020, 7, 1),
        "130727",
        user,
    )
    assert stored.pairing.region_id == "130727"
    ledger = text(client.get(posted.url))
    assert "已录入台账记录 W-100。" in ledger
    assert '<td class="num amount">1,234.56</td>' in ledger
    row = _delivered(client, world[1])
    assert "351,235.06" in row and '<progress value="351235.06" max="1000000.00"' in row
    assert "35.12%" in row
    reversed_ = client.post(
        f"/assistance/units/{world[2].pk}/ledger/{stored.pk}/reverse/", {"date": "2020-08-01"}
    )
    assert reversed_.status_code == 302
    reversal = LedgerEntry.objects.get(reverses=stored)
    assert (reversal.amount, reversal.date, reversal.unit) == (
        Decimal("-1234.56"),
        dt.date(2020, 8, 1),
        world[2],
    )
    assert '<progress value="350000.50" max="1000000.00"' in _delivered(client, world[1])
    ledger = text(client.get(posted.url))
    assert '<td class="num amount">-1,234.56</td>' in ledger and "已冲销" in ledger
    # a second reversal is refused with the reason; nothing is written
    again = client.post(
        f"/assistance/units/{world[2].pk}/ledger/{stored.pk}/reverse/",
        {"date": "2020-08-02"},
        follow=True,
    )
    assert "记录 W-100 已被冲销" in text(again)
    assert LedgerEntry.objects.filter(reverses=stored).count() == 1
    # a reversal dated before the entry is refused, the reason on the entry's row
    early = client.post(
        f"/assistance/units/{world[2].pk}/ledger/{LedgerEntry.objects.get(entry_id='E1').pk}/reverse/",
        {"date": "2020-01-01"},
    )
    assert early.status_code == 400
    assert "冲销日期不能早于被冲销记录的日期（2020-03-01）" in early.content.decode()
    assert not LedgerEntry.objects.filter(reverses__entry_id="E1").exists()


def test_an_empty_number_is_generated(client, world):
    login(client, "group", "assisting_unit", units_=[world[1]])
    before = set(LedgerEntry.objects.values_list("entry_id", flat=True))
    posted = client.post(
        f"/assistance/units/{world[1].pk}/ledger/",
        {"indicator": indicator("jobs_direct").pk, "amount": "3", "date": "2020-09-01"},
    )
    assert posted.status_code == 302
    (new,) = set(LedgerEntry.objects.values_list("entry_id", flat=True)) - before
    assert new.startswith("W") and LedgerEntry.objects.get(entry_id=new).amount == Decimal("3.00")
    assert '<progress value="15" max="30"' in _delivered(client, world[1], "jobs_direct")


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"amount": "-5"}, "amount", "确保该值大于或等于0.01"),
        ({"amount": "abc"}, "amount", "输入一个数字"),
        ({"amount": "1.5", "indicator": "jobs_direct"}, "amount", "该指标按整数计量"),
        ({"region": "990000"}, "region", "区划代码不存在"),
        ({"region": "13x"}, "region", "请输入 2 至 12 位数字的区划代码"),
        ({"entry_id": "E1"}, "entry_id", "记录 E1 已存在；台账记录不能修改"),
        ({"date": "2020-02-30"}, "date", "输入一个有效的日期"),
        ({"indicator": None}, "indicator", "该字段是必填项"),
    ],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_written(
    client, world, values, field, message
):
    login(client, "group", "assisting_unit", units_=[world[1]])
    data = {"indicator": "funds_invested", "amount": "10", "date": "2020-06-01", **values}
    data["indicator"] = indicator(data["indicator"]).pk if data["indicator"] else ""
    before = list(LedgerEntry.objects.values_list("entry_id", "amount"))
    page = text(client.post(f"/assistance/units/{world[1].pk}/ledger/", data))
    start = page.index(f'name="{field}"')
    label = page[page.rindex("<label", 0, start) : page.index("</label>", start)]
    assert message in label
    assert list(LedgerEntry.objects.values_list("entry_id", "amount")) == before


def test_ledger_page_newest_first_in_constant_queries(client, world):
    login(client, "group", "assisting_unit", units_=[world[1]])
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(f"/assistance/units/{world[1].pk}/ledger/"))
    assert page.index(">E3</td>") < page.index(">E2</td>") < page.index(">E1</td>")
    assert ">E9</td>" not in page
    assert (
        '<td class="num amount">250,000.50</td>' in page
        and '<td class="num amount">12</td>' in page
    )
    # session, user, scope (2), the unit, the indicators of the form, count, the page
    assert len(queries) == 8
    for n in range(5):
        entry(f"M{n}", world[3], f"2020-10-0{n + 1}", "donations", "1.00")
    with CaptureQueriesContext(connection) as more:
        assert "共 8 条" in text(client.get(f"/assistance/units/{world[1].pk}/ledger/"))
    assert len(more) == len(queries)


def test_cadres_with_their_warnings_and_projects(client, world):
    login(client, "group", "assisting_unit", units_=[world[1]])
    cadres = text(client.get(f"/assistance/units/{world[1].pk}/cadres/"))
    assert "王驻村" in cadres and "李挂职" not in cadres
    assert "任期 1.5 年，少于 2 年" in cadres
    projects = text(client.get(f"/assistance/units/{world[1].pk}/projects/"))
    assert "光伏电站" in projects and "其他项目" not in projects
    assert '<td class="num">1,234,567.89</td>' in projects and "计划" in projects
    assert "2021-06-30" in projects


def test_exports_open_with_the_exact_numbers(client, world):
    login(client, "group", "assisting_unit", units_=[world[1]])
    response = client.get(f"/assistance/units/{world[1].pk}/ledger.xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="ledger-{code(1)}.xlsx"'
    title, *rows = load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    assert title[0].startswith(f"测试集团（{code(1)}） 帮扶台账 · 2020 年度 · 制表日期 ")
    assert rows[0][:5] == ("编号", "日期", "单位", "指标", "数值")
    assert [(r[0], r[4]) for r in rows[1:]] == [("E1", 250000.5), ("E2", 100000), ("E3", 12)]
    assert (
        rows[1][6] == village("130727")
        and rows[1][7] == Region.objects.get(code=village("130727")).name
    )
    response = client.get(f"/assistance/units/{world[1].pk}/targets.xlsx?year=2020")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["funds_invested"][4:] == (1000000, 350000.5, 35)
    assert rows["jobs_direct"][4:] == (30, 12, 40)
    assert rows["donations"][4:] == (None, 0, None)


def test_admin_shows_ledger_entries_read_only_and_saves_units_through_the_service(client, world):
    admin = User.objects.create_superuser("root", password="a-long-test-password")
    client.force_login(admin)
    e1 = LedgerEntry.objects.get(entry_id="E1")
    assert "E1" in text(client.get("/admin/assistance/ledgerentry/"))
    assert 'name="_save"' not in text(client.get(f"/admin/assistance/ledgerentry/{e1.pk}/change/"))
    assert client.get("/admin/assistance/ledgerentry/add/").status_code == 403
    assert (
        client.post(f"/admin/assistance/ledgerentry/{e1.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert LedgerEntry.objects.get(pk=e1.pk).amount == Decimal("250000.50")
    for path in (
        "/admin/assessment/assessment/",
        "/admin/assessment/scheme/",
        "/admin/assistance/project/",
    ):
        assert client.get(path).status_code == 200, path
    added = client.post(
        "/admin/assistance/unit/add/",
        {"credit_code": code(42), "name": "新子公司", "kind": "enterprise", "parent": world[2].pk},
    )
    assert added.status_code == 302
    from fupin.assistance.models import Unit

    new = Unit.objects.get(credit_code=code(42))
    assert new.path == f"{world[2].path}{new.pk}/"
    refused = text(
        client.post(
            "/admin/assistance/unit/add/",
            {"credit_code": "91110000000000000X", "name": "坏", "kind": "enterprise"},
        )
    )
    assert "统一社会信用代码无效" in refused
    assert not Unit.objects.filter(name="坏").exists()
