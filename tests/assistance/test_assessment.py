"""Assessment: items computed from the data and scored by assessors, deductions, grades at
their thresholds, recorded grades and the year-over-year view."""

import datetime as dt
from decimal import Decimal

import pytest
from tests.assistance.factories import entry, indicator, pledge, units

from fupin.assessment import selectors, services
from fupin.assessment.models import Assessment
from fupin.assistance.models import Cadre, Pairing, Project
from fupin.core.errors import InvalidInput

pytestmark = pytest.mark.django_db
GRADES = [("好", Decimal(90)), ("较好", Decimal(80)), ("一般", Decimal(60)), ("较差", Decimal(0))]


def _scheme(year=2019):
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


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "好"),
        ("90.00", "好"),
        ("89.99", "较好"),
        ("80", "较好"),
        ("79.99", "一般"),
        ("60", "一般"),
        ("59.99", "较差"),
        ("0", "较差"),
    ],
)
def test_grade_thresholds_at_their_boundaries(total, grade):
    assert selectors.grade_for(_scheme(), Decimal(total)).label == grade


def test_grades_must_fall(db):
    with pytest.raises(InvalidInput):
        services.scheme_create(
            year=2020, name="x", items=[], grades=[("好", Decimal(80)), ("较好", Decimal(90))]
        )


def test_an_assessment_computes_items_from_the_data():
    tree = units((1, "集团", None), (2, "子公司", 1))
    scheme = _scheme()
    pledge(tree[1], 2019, funds_invested="1000")
    entry("A1", tree[2], "2019-06-01", "funds_invested", "875")
    Pairing.objects.create(
        unit=tree[1], region_id="540232", kind="fixed_point", start=dt.date(2016, 1, 1)
    )
    Pairing.objects.create(
        unit=tree[1], region_id="421123", kind="fixed_point", start=dt.date(2016, 1, 1)
    )
    Cadre.objects.create(
        name="甲",
        unit=tree[2],
        region_id="540232",
        role="temporary_post",
        start=dt.date(2018, 1, 1),
    )
    for n, done in enumerate((dt.date(2019, 5, 1), dt.date(2019, 8, 1))):
        Project.objects.create(
            code=f"P{n}",
            name="车间",
            kind="workshop",
            unit=tree[2],
            region_id="540232",
            budget=Decimal(1),
            planned_end=dt.date(2019, 6, 30),
            completed_on=done,
        )
    assessment = services.assessment_compute(
        scheme=scheme,
        unit=tree[1],
        scores={"review": Decimal("27.5")},
        deductions=[(Decimal("1.25"), "整改未按期完成")],
    )
    points = {s.item.code: (s.rate, s.points) for s in assessment.scores.all()}
    assert points == {
        "funds": (Decimal("0.8750"), Decimal("35.00")),
        "projects": (Decimal("0.5000"), Decimal("10.00")),
        "cadres": (Decimal("0.5000"), Decimal("5.00")),
        "review": (None, Decimal("27.50")),
    }
    assert assessment.total == Decimal("76.25") and assessment.grade.label == "一般"
    with pytest.raises(InvalidInput):
        services.assessment_compute(scheme=scheme, unit=tree[1], scores={"review": Decimal(31)})
    with pytest.raises(InvalidInput):
        services.assessment_compute(scheme=scheme, unit=tree[1], scores={"funds": Decimal(1)})
    assert Assessment.objects.get().total == Decimal("76.25")  # the failed ones wrote nothing


def test_recorded_grades_year_over_year():
    tree = units((1, "中国五矿", None))
    for year, grade in ((2017, "一般"), (2018, "好")):
        services.assessment_record(scheme=_scheme(year), unit=tree[1], grade=grade)
    assert selectors.final_grades(tree[1], [2018, 2017, 2016]) == {
        2018: "好",
        2017: "一般",
        2016: None,
    }
    assert [(a.scheme.year, a.grade.label) for a in selectors.unit_assessments(tree[1])] == [
        (2018, "好"),
        (2017, "一般"),
    ]
    with pytest.raises(InvalidInput):
        services.assessment_record(scheme=_scheme(2020), unit=tree[1], grade="优秀")


def _pledge_scheme(year=2019):
    """The demo's central scheme: four target items, cadres in post and the review."""
    targets = (
        ("funds", "funds_invested", 25),
        ("introduced", "funds_introduced", 15),
        ("training", "cadres_trained", 10),
        ("produce", "produce_bought", 10),
    )
    return services.scheme_create(
        year=year,
        name="中央单位定点扶贫工作成效评价",
        items=[
            *(
                {
                    "code": code,
                    "name": code,
                    "weight": Decimal(weight),
                    "source": "target_completion",
                    "indicator": indicator(indicator_code),
                }
                for code, indicator_code, weight in targets
            ),
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


def _targets_met(counties, staffed):
    """A group that pledged money put in and produce bought for 2019 (no target for money
    brought in nor for cadres trained) and delivered both in full; paired with `counties`,
    a cadre in the first `staffed` of them."""
    tree = units((1, "首钢集团", None), (2, "矿业公司", 1))
    pledge(tree[1], 2019, funds_invested="20000000", produce_bought="150000000")
    entry("F1", tree[1], "2019-04-15", "funds_invested", "8000000")
    entry("F2", tree[2], "2019-03-05", "funds_invested", "12000000")
    entry("P1", tree[1], "2019-12-31", "produce_bought", "150000000")
    for n, county in enumerate(counties):
        Pairing.objects.create(
            unit=tree[1], region_id=county, kind="counterpart", start=dt.date(2018, 1, 1)
        )
        if n < staffed:
            Cadre.objects.create(
                name=f"干部{n}",
                unit=tree[1],
                region_id=county,
                role="first_secretary",
                start=dt.date(2018, 1, 1),
            )
    return tree


@pytest.mark.parametrize(
    ("counties", "staffed", "review", "deductions", "total", "grade"),
    [
        # 25 + 10 + 3.33 + 25 = 63.33 of the 75 applicable points: 84.44 of 100 (it was 一般 63.33)
        (("130727", "130824", "110119"), 1, "25", [], "84.44", "较好"),
        # a deduction comes off the rescaled total
        (("130727", "130824", "110119"), 1, "25", [("4.44", "迟报")], "80.00", "较好"),
        (("130727", "130824", "110119"), 1, "25", [("4.45", "迟报")], "79.99", "一般"),
        # every applicable item in full: 75 of 75, 100 of 100 (it was 一般 75.00)
        (("130727",), 1, "30", [], "100.00", "好"),
    ],
)
def test_items_without_a_target_are_not_applicable_and_left_out_of_the_weights(
    counties, staffed, review, deductions, total, grade
):
    scheme = _pledge_scheme()
    tree = _targets_met(counties, staffed)
    assessment = services.assessment_compute(
        scheme=scheme,
        unit=tree[1],
        scores={"review": Decimal(review)},
        deductions=[(Decimal(p), r) for p, r in deductions],
    )
    points = {s.item.code: (s.rate, s.points, s.note) for s in assessment.scores.all()}
    assert points["introduced"] == (None, None, "no target")
    assert points["training"] == (None, None, "no target")
    assert points["funds"][:2] == (Decimal("1.0000"), Decimal("25.00"))
    assert points["produce"][:2] == (Decimal("1.0000"), Decimal("10.00"))
    assert (assessment.total, assessment.grade.label) == (Decimal(total), grade)
    tally = selectors.assessment_tally(assessment)
    assert (tally.weight, tally.applicable_weight, tally.not_applicable) == (
        Decimal(100),
        Decimal(75),
        2,
    )


def test_the_tally_rescales_the_points_over_the_applicable_weights():
    scheme = _pledge_scheme()
    tree = _targets_met(("130727", "130824", "110119"), 1)
    assessment = services.assessment_compute(
        scheme=scheme, unit=tree[1], scores={"review": Decimal(25)}
    )
    tally = selectors.assessment_tally(assessment)
    assert (tally.points, tally.applicable_weight, tally.scaled, tally.total) == (
        Decimal("63.33"),
        Decimal(75),
        Decimal("84.44"),
        Decimal("84.44"),
    )


def test_when_no_item_applies_there_is_no_total_and_no_grade():
    tree = units((1, "集团", None))
    scheme = services.scheme_create(
        year=2019,
        name="责任书完成情况",
        items=[
            {
                "code": "funds",
                "name": "直接投入资金完成率",
                "weight": Decimal(60),
                "source": "target_completion",
                "indicator": indicator("funds_invested"),
            },
            {
                "code": "projects",
                "name": "项目按期完成率",
                "weight": Decimal(40),
                "source": "projects_on_schedule",
            },
        ],
        grades=GRADES,
    )
    entry("A1", tree[1], "2019-06-01", "funds_invested", "875")  # delivered, but no target
    assessment = services.assessment_compute(
        scheme=scheme, unit=tree[1], deductions=[(Decimal(1), "迟报")]
    )
    assert (assessment.total, assessment.grade) == (None, None)
    assert sorted(assessment.scores.values_list("item__code", "rate", "points", "note")) == [
        ("funds", None, None, "no target"),
        ("projects", None, None, "no project due"),
    ]
    tally = selectors.assessment_tally(assessment)
    assert (tally.applicable_weight, tally.scaled, tally.total) == (Decimal(0), None, None)
    assert Assessment.objects.get().total is None
