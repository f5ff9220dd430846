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
