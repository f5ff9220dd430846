"""The assessment tab of a unit: the schemes of a year with the self and final assessments,
computed items from the ledger, projects and cadres; computing the self assessment; recording
the final grade (administrators only); scope and rights; nothing written on refusal."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.assistance.factories import entry, indicator, pledge, units

from fupin.accounts.models import User
from fupin.assessment import services
from fupin.assessment.models import Assessment, Deduction, Score
from fupin.assistance.models import Cadre, Pairing, Project
from fupin.core.errors import InvalidInput
from fupin.core.models import Change
from fupin.regions.models import Region

pytestmark = pytest.mark.django_db
GRADES = [("好", Decimal(90)), ("较好", Decimal(80)), ("一般", Decimal(60)), ("较差", Decimal(0))]


def _village(county):
    return Region.objects.filter(code__startswith=county, level="village").order_by("code")[0].code


def _scheme(year):
    return services.scheme_create(
        year=year,
        name="定点扶贫工作成效评价",
        items=[
            {
                "code": "funds",
                "name": "直接投入资金完成率",
                "weight": Decimal(40),
                "source": "target_completion",
                "indicator": indicator("funds_invested"),
            },
            {
                "code": "projects",
                "name": "项目按期完成率",
                "weight": Decimal(20),
                "source": "projects_on_schedule",
            },
            {
                "code": "cadres",
                "name": "选派干部在岗",
                "weight": Decimal(10),
                "source": "cadres_in_post",
            },
            {"code": "review", "name": "综合评议", "weight": Decimal(30), "source": "scored"},
        ],
        grades=GRADES,
    )


@pytest.fixture
def world():
    """Group 1 (with subsidiary 2) paired with 阳原县 and 罗田县; group 9 apart. In 2020 group 1
    pledged 1,000,000.00 yuan and its tree delivered 875,432.10 (rate 0.8754: 35.02 of 40
    points); one of two projects due was on time (10.00 of 20); one of the two paired counties
    has a cadre (5.00 of 10). Computed items: 50.02 points. In 2019 its final grade was 较好."""
    u = units((1, "测试集团", None), (2, "测试子公司", 1), (9, "其他集团", None))
    for county in ("130727", "421123"):
        Pairing.objects.create(
            unit=u[1], region_id=county, kind="fixed_point", start=dt.date(2015, 1, 1)
        )
    pledge(u[1], 2020, funds_invested="1000000.00")
    entry("E1", u[2], "2020-03-01", "funds_invested", "500000.00")
    entry("E2", u[1], "2020-05-01", "funds_invested", "375432.10")
    entry("E9", u[9], "2020-05-01", "funds_invested", "1.00")
    Cadre.objects.create(
        name="王驻村",
        unit=u[2],
        region_id=_village("130727"),
        role="first_secretary",
        start=dt.date(2019, 1, 1),
    )
    for n, done in enumerate((dt.date(2020, 6, 1), dt.date(2020, 8, 1))):
        Project.objects.create(
            code=f"P{n}",
            name="扶贫车间",
            kind="workshop",
            unit=u[2],
            region_id="130727",
            budget=Decimal(1),
            planned_end=dt.date(2020, 6, 30),
            completed_on=done,
        )
    services.assessment_record(scheme=_scheme(2019), unit=u[1], grade="较好")
    u["scheme"] = _scheme(2020)
    return u


def login(client, name, role, *, units_=(), regions=(), superuser=False):
    if superuser:
        user = User.objects.create_superuser(name, password="a-long-test-password")
    else:
        user = User.objects.create_user(name, password="a-long-test-password", role=role)
    user.units.set(units_)
    user.regions.set(Region.objects.filter(code__in=regions))
    client.force_login(user)
    return user


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def url(unit, tail=""):
    return f"/assistance/units/{unit.pk}/assessment/{tail}"


def row_of(html, code, start=0):
    at = html.index(f'data-item="{code}"', start)
    return html[at : html.index("</tr>", at)]


def cells(row):
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def self_data(scheme, review="27.5", deductions=(), decided_on="2021-01-15"):
    prefix = f"self-{scheme.pk}-"
    data = {f"{prefix}score_review": review, f"{prefix}decided_on": decided_on}
    for n, (points, reason) in enumerate(deductions):
        data[f"{prefix}deduction_{n}_points"] = points
        data[f"{prefix}deduction_{n}_reason"] = reason
    return data


def stored():
    """Every assessment with its scores and deductions, to compare before and after."""
    return (
        sorted(
            Assessment.objects.values_list(
                "scheme__year", "unit_id", "stage", "total", "grade__label"
            )
        ),
        sorted(Score.objects.values_list("assessment_id", "item__code", "rate", "points")),
        sorted(Deduction.objects.values_list("assessment_id", "points", "reason")),
    )


def test_the_form_shows_the_items_computed_from_the_years_data(client, world):
    login(client, "group", "assisting_unit", units_=[world[1]])
    page = text(client.get(url(world[1], "?year=2020")))
    assert 'class="current">考核</a>' in page
    assert '<b class="previous-grade">较好</b>' in page  # the 2019 final grade
    assert "尚未自评。" in page and "尚无终评。" in page
    form = page[page.index('class="card edit self-assessment"') :]
    assert cells(row_of(form, "funds")) == [
        "直接投入资金完成率",
        "目标完成率",
        "40.00",
        "87.54%",
        "35.02",
        "875,432.10 / 1,000,000.00",
    ]
    assert cells(row_of(form, "projects"))[3:] == ["50.00%", "10.00", "1 / 2"]
    assert cells(row_of(form, "cadres"))[3:] == ["50.00%", "5.00", "1 / 2"]
    assert f'name="self-{world["scheme"].pk}-score_review"' in row_of(form, "review")
    assert 'max="30.00"' in row_of(form, "review")
    assert "登记终评等次" not in page  # a unit user does not record the final grade
    # the year defaults to the latest with a scheme; a year without one says so
    assert '<option value="2020" selected>' in text(client.get(url(world[1])))
    assert "2021 年度没有考核方案。" in text(client.get(url(world[1], "?year=2021")))


def test_computing_the_self_assessment_stores_scores_total_and_grade(client, world):
    user = login(client, "group", "assisting_unit", units_=[world[1]])
    scheme = world["scheme"]
    posted = client.post(
        url(world[1], f"{scheme.pk}/self/"),
        self_data(scheme, "27.5", [("1.25", "整改未按期完成")]),
    )
    assert posted.status_code == 302 and posted.url == url(world[1], "?year=2020")
    done = Assessment.objects.get(unit=world[1], stage="self")
    assert (done.total, done.grade.label, done.decided_on, done.assessor) == (
        Decimal("76.27"),
        "一般",
        dt.date(2021, 1, 15),
        user,
    )
    assert {s.item.code: (s.rate, s.points) for s in done.scores.all()} == {
        "funds": (Decimal("0.8754"), Decimal("35.02")),
        "projects": (Decimal("0.5000"), Decimal("10.00")),
        "cadres": (Decimal("0.5000"), Decimal("5.00")),
        "review": (None, Decimal("27.50")),
    }
    assert list(done.deductions.values_list("points", "reason")) == [
        (Decimal("1.25"), "整改未按期完成")
    ]
    assert Change.objects.filter(subject="assessment", subject_id=done.pk, actor=user).exists()
    page = text(client.get(posted.url))
    assert "已计算定点扶贫工作成效评价自评：总分 76.27，等次 一般。" in page
    shown = page[
        page.index('<div class="assessment self">') : page.index('<div class="assessment final">')
    ]
    assert cells(row_of(shown, "funds")) == [
        "直接投入资金完成率",
        "40.00",
        "87.54%",
        "35.02",
        "875,432.10 / 1,000,000.00",
    ]
    assert cells(row_of(shown, "review"))[1:4] == ["30.00", "—", "27.50"]
    assert '扣分：整改未按期完成</td><td class="num">-1.25</td>' in shown
    assert '<th class="num total">76.27</th><th class="grade">等次 一般</th>' in shown
    assert "评定日期 2021-01-15" in shown
    assert '<b class="self-grade">一般</b>' in page
    # the form is filled with what is stored: computing again replaces it
    form = page[page.index('class="card edit self-assessment"') :]
    assert 'value="27.50"' in row_of(form, "review") and 'value="整改未按期完成"' in form


@pytest.mark.parametrize(
    ("review", "deductions", "total", "grade"),
    [
        ("29.98", [], "80.00", "较好"),
        ("29.97", [], "79.99", "一般"),
        ("30", [("0.02", "信息报送迟报")], "80.00", "较好"),
        ("30", [("0.02", "迟报"), ("0.01", "漏报")], "79.99", "一般"),
        ("9.98", [], "60.00", "一般"),
        ("9.97", [], "59.99", "较差"),
        ("0", [("60", "重大问题"), ("1", "其他")], "0.00", "较差"),  # never below zero
    ],
)
def test_the_grade_follows_the_total_at_the_thresholds(
    client, world, review, deductions, total, grade
):
    login(client, "group", "assisting_unit", units_=[world[1]])
    scheme = world["scheme"]
    posted = client.post(url(world[1], f"{scheme.pk}/self/"), self_data(scheme, review, deductions))
    assert posted.status_code == 302
    done = Assessment.objects.get(unit=world[1], stage="self")
    assert (done.total, done.grade.label) == (Decimal(total), grade)
    assert done.deductions.count() == len(deductions)


def _label_of(page, name):
    at = page.index(f'name="{name}"')
    return page[page.rindex("<label", 0, at) : page.index("</label>", at)]


@pytest.mark.parametrize(
    ("review", "message"),
    [
        ("30.01", "综合评议：得分应在 0 到 30.00 之间"),
        ("-1", "综合评议：得分应在 0 到 30.00 之间"),
        ("abc", "输入一个数字"),
        ("", "该字段是必填项"),
        ("1.234", "确认小数不超过 2 位"),
    ],
)
def test_a_bad_score_is_shown_on_its_field_and_nothing_is_written(client, world, review, message):
    login(client, "group", "assisting_unit", units_=[world[1]])
    scheme = world["scheme"]
    first = client.post(url(world[1], f"{scheme.pk}/self/"), self_data(scheme, "20"))
    assert first.status_code == 302
    before = stored()
    page = text(client.post(url(world[1], f"{scheme.pk}/self/"), self_data(scheme, review)))
    assert message in _label_of(page, f"self-{scheme.pk}-score_review")
    assert stored() == before
    assert Assessment.objects.get(unit=world[1], stage="self").total == Decimal("70.02")


@pytest.mark.parametrize(
    ("deductions", "message"),
    [
        ([("-2", "迟报")], "扣分应大于零（-2.00 迟报）"),
        ([("0", "迟报")], "扣分应大于零（0.00 迟报）"),
        ([("1", "迟报"), ("3", "  ")], "扣分 3.00 须注明扣分原因"),
        ([("", "迟报")], "扣分应大于零（0.00 迟报）"),
    ],
)
def test_a_deduction_the_service_refuses_is_shown_on_the_form_and_nothing_is_written(
    client, world, deductions, message
):
    login(client, "group", "assisting_unit", units_=[world[1]])
    scheme = world["scheme"]
    before = stored()
    page = text(
        client.post(url(world[1], f"{scheme.pk}/self/"), self_data(scheme, "20", deductions))
    )
    form = page[page.index('class="card edit self-assessment"') :]
    assert f'<p class="error conflict">{message}</p>' in form
    assert stored() == before and not Assessment.objects.filter(stage="self").exists()


def test_the_service_refuses_a_deduction_without_reason_or_points(world):
    scheme = world["scheme"]
    for deductions in ([(Decimal("0.004"), "四舍五入为零")], [(Decimal(1), "")]):
        with pytest.raises(InvalidInput):
            services.assessment_compute(
                scheme=scheme, unit=world[1], scores={"review": Decimal(1)}, deductions=deductions
            )
    assert not Assessment.objects.filter(stage="self").exists()


def test_a_unit_user_of_another_group_gets_404_and_writes_nothing(client, world):
    login(client, "other", "assisting_unit", units_=[world[9]])
    scheme = world["scheme"]
    before = stored()
    assert client.get(url(world[1], "?year=2020")).status_code == 404
    assert client.post(url(world[1], f"{scheme.pk}/self/"), self_data(scheme)).status_code == 404
    assert (
        client.post(
            url(world[1], f"{scheme.pk}/final/"), {f"final-{scheme.pk}-grade": "好"}
        ).status_code
        == 404
    )
    assert stored() == before
    # a subsidiary's user reaches the subsidiary, not the group above it
    client.logout()
    login(client, "sub", "assisting_unit", units_=[world[2]])
    assert client.get(url(world[2])).status_code == 200
    assert client.get(url(world[1])).status_code == 404
    # an unknown scheme is not found either
    assert client.post(url(world[2], "999999/self/"), self_data(scheme)).status_code == 404


def test_a_read_only_user_sees_the_results_without_forms_and_a_post_is_refused(client, world):
    scheme = world["scheme"]
    services.assessment_compute(scheme=scheme, unit=world[1], scores={"review": Decimal("29.98")})
    login(client, "county", "county_office", regions=["130727"])
    page = text(client.get(url(world[1], "?year=2020")))
    assert '<th class="num total">80.00</th><th class="grade">等次 较好</th>' in page
    assert "self-assessment" not in page and "final-record" not in page
    assert '<form method="post" action' not in page.split("</header>", 1)[1]
    before = stored()
    assert (
        client.post(url(world[1], f"{scheme.pk}/self/"), self_data(scheme, "1")).status_code == 403
    )
    assert (
        client.post(
            url(world[1], f"{scheme.pk}/final/"), {f"final-{scheme.pk}-grade": "好"}
        ).status_code
        == 403
    )
    assert stored() == before


def test_only_an_administrator_records_the_final_grade(client, world):
    scheme = world["scheme"]
    final = {
        f"final-{scheme.pk}-grade": "好",
        f"final-{scheme.pk}-decided_on": "2021-03-01",
        f"final-{scheme.pk}-note": "国务院扶贫开发领导小组评定",
    }
    login(client, "group", "assisting_unit", units_=[world[1]])
    before = stored()
    assert client.post(url(world[1], f"{scheme.pk}/final/"), final).status_code == 403
    assert stored() == before
    client.logout()
    admin = login(client, "root", None, superuser=True)
    page = text(client.get(url(world[1], "?year=2020")))
    assert "final-record" in page and "self-assessment" in page
    refused = text(
        client.post(
            url(world[1], f"{scheme.pk}/final/"), {**final, f"final-{scheme.pk}-grade": "优秀"}
        )
    )
    assert "选择一个有效的选项" in _label_of(refused, f"final-{scheme.pk}-grade")
    assert stored() == before
    posted = client.post(url(world[1], f"{scheme.pk}/final/"), final)
    assert posted.status_code == 302 and posted.url == url(world[1], "?year=2020")
    done = Assessment.objects.get(unit=world[1], scheme=scheme, stage="final")
    assert (
        done.grade.label,
        done.recorded,
        done.total,
        done.decided_on,
        done.note,
        done.assessor,
    ) == (
        "好",
        True,
        None,
        dt.date(2021, 3, 1),
        "国务院扶贫开发领导小组评定",
        admin,
    )
    page = text(client.get(posted.url))
    assert "已登记定点扶贫工作成效评价终评等次：好。" in page
    assert '<b class="final-grade">好</b>' in page
    shown = page[page.index('<div class="assessment final">') :]
    assert "等次 <b>好</b>" in shown and "国务院扶贫开发领导小组评定" in shown
    assert '<option value="好" selected>' in page  # the form shows what is recorded
    # the following year compares with it
    assert '<b class="previous-grade">好</b>' in text(client.get(url(world[1], "?year=2021")))


def test_the_page_reads_in_a_fixed_number_of_queries(client, world):
    login(client, "county", "county_office", regions=["130727"])
    scheme = world["scheme"]
    services.assessment_compute(
        scheme=scheme,
        unit=world[1],
        scores={"review": Decimal(20)},
        deductions=[(Decimal(1), "迟报")],
    )
    with CaptureQueriesContext(connection) as queries:
        text(client.get(url(world[1], "?year=2020")))
    # session, user, the user's regions (scope), the unit, the years with a scheme, the
    # schemes with their items and grades (3), the assessments with their scores and
    # deductions (3), last year's grade
    assert len(queries) == 12
    services.assessment_compute(
        scheme=scheme,
        unit=world[1],
        scores={"review": Decimal(20)},
        deductions=[(Decimal(1), "迟报"), (Decimal(2), "漏报"), (Decimal(3), "错报")],
    )
    services.assessment_record(scheme=scheme, unit=world[1], grade="一般")
    with CaptureQueriesContext(connection) as more:
        page = text(client.get(url(world[1], "?year=2020")))
    assert "扣分：错报" in page and '<b class="final-grade">一般</b>' in page
    assert len(more) == len(queries)


def test_recomputing_keeps_every_deduction_the_page_sent_back(client, world):
    scheme = world["scheme"]
    services.assessment_compute(
        scheme=scheme,
        unit=world[1],
        scores={"review": Decimal(30)},
        deductions=[(Decimal(1), f"原因{n}") for n in range(4)],
    )
    login(client, "group", "assisting_unit", units_=[world[1]])
    page = text(client.get(url(world[1], "?year=2020")))
    prefix = f"self-{scheme.pk}"
    assert f'name="{prefix}-deduction_6_points"' in page  # four stored, three empty
    form = {f"{prefix}-score_review": "30", f"{prefix}-decided_on": "2020-12-31"}
    for n in range(7):
        form[f"{prefix}-deduction_{n}_points"] = "1" if n < 4 else ""
        form[f"{prefix}-deduction_{n}_reason"] = f"原因{n}" if n < 4 else ""
    assert client.post(url(world[1], f"{scheme.pk}/self/"), form).status_code == 302
    stored = Assessment.objects.get(scheme=scheme, unit=world[1], stage="self")
    assert sorted(stored.deductions.values_list("reason", flat=True)) == [
        "原因0",
        "原因1",
        "原因2",
        "原因3",
    ]
    assert stored.total == Decimal("50.02") + 30 - 4
    # the note of a scored item is stored in English and shown in the reader's language
    assert stored.scores.get(item__code="review").note == "scored by the assessors"
    shown = text(client.get(url(world[1], "?year=2020")))
    assert "<td>评审打分</td>" in shown


def _computed_scheme(year, name, items):
    """A scheme of computed items only: (code, name, weight, source, indicator code or None)."""
    return services.scheme_create(
        year=year,
        name=name,
        items=[
            {
                "code": code,
                "name": item_name,
                "weight": Decimal(weight),
                "source": source,
                "indicator": indicator(ind) if ind else None,
            }
            for code, item_name, weight, source, ind in items
        ],
        grades=GRADES,
    )


def test_an_item_without_a_target_is_shown_not_applicable_and_left_out_of_the_weights(
    client, world
):
    # given a 2020 scheme whose second item's indicator has no target for group 1
    scheme = _computed_scheme(
        2020,
        "责任书完成情况",
        [
            ("invested", "直接投入帮扶资金完成率", 60, "target_completion", "funds_invested"),
            ("introduced", "引进帮扶资金完成率", 40, "target_completion", "funds_introduced"),
        ],
    )
    login(client, "group", "assisting_unit", units_=[world[1]])
    page = text(client.get(url(world[1], "?year=2020")))
    form = page[page.index(f'action="{url(world[1], f"{scheme.pk}/self/")}"') :]
    assert cells(row_of(form, "introduced"))[2:] == ["40.00", "—", "不适用", "无目标"]
    assert cells(row_of(form, "invested"))[3:] == ["87.54%", "52.52", "875,432.10 / 1,000,000.00"]
    # when the unit computes its self assessment
    posted = client.post(
        url(world[1], f"{scheme.pk}/self/"), {f"self-{scheme.pk}-decided_on": "2021-01-15"}
    )
    assert posted.status_code == 302
    # then 52.52 of the 60 applicable points make 87.53 of 100
    done = Assessment.objects.get(unit=world[1], scheme=scheme, stage="self")
    assert (done.total, done.grade.label) == (Decimal("87.53"), "较好")
    page = text(client.get(posted.url))
    assert "已计算责任书完成情况自评：总分 87.53，等次 较好。" in page
    shown = page[page.index(f'data-scheme="{scheme.pk}"') :]
    shown = shown[: shown.index('<div class="assessment final">')]
    assert cells(row_of(shown, "introduced")) == [
        "引进帮扶资金完成率",
        "40.00",
        "—",
        "不适用",
        "无目标",
    ]
    assert cells(row_of(shown, "invested"))[3] == "52.52"
    rescaled = shown[shown.index('<tr class="rescaled">') :]
    assert cells(rescaled[: rescaled.index("</tr>")]) == [
        "适用项目得分 52.52 ÷ 适用分值 60.00 × 满分 100.00",
        "87.53",
        "不适用的项目不计入权重",
    ]
    assert '<th class="num total">87.53</th><th class="grade">等次 较好</th>' in shown
    assert "DOMAIN.md" not in page
    # in English
    client.cookies["django_language"] = "en"
    english = text(client.get(posted.url))
    shown = english[english.index(f'data-scheme="{scheme.pk}"') :]
    assert cells(row_of(shown, "introduced"))[2:] == ["—", "n/a", "no target"]
    assert "items not applicable are left out of the weights" in shown
    assert "不适用" not in english and "适用分值" not in english


def test_when_no_item_applies_the_page_shows_no_total_and_no_grade(client, world):
    # given a scheme of computed items, and group 9 with no target, no project, no pairing
    scheme = _computed_scheme(
        2020,
        "责任书完成情况",
        [
            ("invested", "直接投入帮扶资金完成率", 60, "target_completion", "funds_invested"),
            ("projects", "项目按期完成率", 20, "projects_on_schedule", None),
            ("cadres", "选派干部在岗", 20, "cadres_in_post", None),
        ],
    )
    login(client, "other", "assisting_unit", units_=[world[9]])
    posted = client.post(
        url(world[9], f"{scheme.pk}/self/"),
        {f"self-{scheme.pk}-decided_on": "2021-01-15", f"self-{scheme.pk}-deduction_0_points": "1",
         f"self-{scheme.pk}-deduction_0_reason": "迟报"},
    )  # fmt: skip
    assert posted.status_code == 302
    done = Assessment.objects.get(unit=world[9], scheme=scheme, stage="self")
    assert (done.total, done.grade) == (None, None)
    assert sorted(done.scores.values_list("item__code", "points", "note")) == [
        ("cadres", None, "no paired county"),
        ("invested", None, "no target"),
        ("projects", None, "no project due"),
    ]
    page = text(client.get(posted.url))
    assert "已计算责任书完成情况自评：没有适用的考核项目，不计总分和等次。" in page
    shown = page[page.index(f'data-scheme="{scheme.pk}"') :]
    shown = shown[: shown.index('<div class="assessment final">')]
    assert [cells(row_of(shown, code))[3:] for code in ("invested", "projects", "cadres")] == [
        ["不适用", "无目标"],
        ["不适用", "无到期项目"],
        ["不适用", "无结对县"],
    ]
    assert "没有适用的考核项目，不计总分和等次。" in shown
    assert '<th class="num total">—</th><th class="grade">等次 —</th>' in shown
    assert page.count('<b class="self-grade">—</b>') == 2  # neither scheme graded
