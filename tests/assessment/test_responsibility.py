"""Responsibility assessment on the scheme engine (seed 004): a prefecture assessed with its
items and a grade, the rectification-rate item computed from findings (and not applicable when
nothing is due), exactly one subject per assessment, the subjects a scheme accepts, and
year-over-year results of a province."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from tests.assessment.qinghai import (
    department,
    department_scheme,
    finding,
    haixi_findings,
    prefecture_scheme,
    qinghai,
)
from tests.assistance.factories import units

from fupin.assessment import selectors, services
from fupin.assessment.models import Assessment, Scheme, Score
from fupin.core.errors import InvalidInput
from fupin.core.models import Change
from fupin.regions.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def q():
    return qinghai()


def test_a_prefecture_is_assessed_with_its_items_and_a_grade(q):
    scheme = prefecture_scheme(q["63"])
    haixi_findings()
    done = services.assessment_compute(
        scheme=scheme,
        region=q["6328"],
        stage="final",
        scores={"reduction": Decimal(52), "funds": Decimal(27)},
        deductions=[(Decimal(2), "脱贫攻坚成效考核发现问题整改不到位")],
    )
    assert (done.region_id, done.unit_id, done.stage) == ("6328", None, "final")
    points = {s.item.code: (s.rate, s.points, s.note) for s in done.scores.all()}
    assert points == {
        "reduction": (None, Decimal("52.00"), "scored by the assessors"),
        "funds": (None, Decimal("27.00"), "scored by the assessors"),
        "rectification": (Decimal("0.7500"), Decimal("7.50"), "3 / 4"),
    }
    # 52 + 27 + 7.50 − 2 = 84.50
    assert (done.total, done.grade.label) == (Decimal("84.50"), "较好")
    assert Change.objects.filter(subject="assessment", subject_id=done.pk).count() == 1
    # a second computation replaces the first
    again = services.assessment_compute(
        scheme=scheme, region=q["6328"], stage="final", scores={"reduction": 60, "funds": 30}
    )
    assert (again.total, again.grade.label) == (Decimal("97.50"), "好")
    assert Assessment.objects.filter(region=q["6328"]).count() == 1


def test_the_rectification_item_is_not_applicable_when_nothing_is_due(q):
    scheme = prefecture_scheme(q["63"])
    finding(2018, region="6301", tasks=(True,))  # another year's
    done = services.assessment_compute(
        scheme=scheme, region=q["6301"], stage="final", scores={"reduction": 50, "funds": 25}
    )
    rectification = done.scores.get(item__code="rectification")
    assert (rectification.rate, rectification.points, rectification.note) == (
        None,
        None,
        "no rectification due",
    )
    # 75 of the 90 applicable points, rescaled to 100: 83.33
    assert (done.total, done.grade.label) == (Decimal("83.33"), "较好")
    tally = selectors.assessment_tally(done)
    assert (tally.weight, tally.applicable_weight, tally.rescaled) == (100, 90, True)


def test_the_rectification_rate_of_a_department_counts_its_findings(q):
    scheme = department_scheme(q["63"])
    education = department()
    health = department(632, "青海省卫生健康委员会")
    finding(2019, unit=education, tasks=(True, False))
    finding(2019, unit=health, tasks=(True,))
    rate = selectors.item_rate(scheme.items.get(code="rectification"), education, 2019)
    assert rate == (Decimal("0.5000"), "1 / 2")
    done = services.assessment_compute(
        scheme=scheme, unit=education, stage="final", scores={"reduction": 60, "funds": 30}
    )
    assert (done.total, done.grade.label) == (Decimal("95.00"), "好")


def test_a_region_has_no_unit_items(q):
    scheme = services.scheme_create(
        year=2019,
        name="含单位指标的方案",
        items=[
            {"code": "projects", "name": "项目", "weight": 10, "source": "projects_on_schedule"}
        ],
        grades=[("合格", Decimal(0))],
        subject="prefecture",
        region=q["63"],
    )
    done = services.assessment_compute(scheme=scheme, region=q["6328"])
    score = done.scores.get()
    assert (score.points, score.note, done.total, done.grade) == (
        None,
        "not computed for a region",
        None,
        None,
    )


def test_a_scheme_takes_only_its_own_kind_of_subject(q):
    prefectures = prefecture_scheme(q["63"])
    departments = department_scheme(q["63"])
    company = units((700, "某企业集团", None))[700]
    refused = [
        ({"scheme": prefectures, "region": q["632801"]}, "assesses prefectures"),
        ({"scheme": prefectures, "region": Region.objects.get(code="1307")}, "not a prefecture of"),
        ({"scheme": prefectures, "unit": company}, "assesses prefectures"),
        ({"scheme": departments, "unit": company}, "not a government department"),
        ({"scheme": departments, "region": q["6328"]}, "assesses units, not regions"),
        ({"scheme": prefectures, "region": q["6328"], "unit": company}, "one unit or of one"),
        ({"scheme": prefectures}, "one unit or of one region"),
    ]
    for arguments, reason in refused:
        with pytest.raises(InvalidInput, match=reason):
            services.assessment_compute(**arguments)
        with pytest.raises(InvalidInput, match=reason):
            services.assessment_record(grade="好", **arguments)
    assert not Assessment.objects.exists() and not Score.objects.exists()
    assert not Change.objects.filter(subject="assessment").exists()


def test_a_responsibility_scheme_belongs_to_a_province(q):
    for subject, region, reason in (
        ("prefecture", None, "belongs to the region"),
        ("department", None, "belongs to the region"),
        ("prefecture", q["6328"], "assessed by a province"),
        ("county", q["63"], "unknown subject county"),
    ):
        with pytest.raises(InvalidInput, match=reason):
            services.scheme_create(
                year=2019, name="x", items=[], grades=[], subject=subject, region=region
            )
    assert not Scheme.objects.exists()


def test_an_assessment_has_exactly_one_subject_in_the_database(q):
    scheme = prefecture_scheme(q["63"])
    company = units((700, "某企业集团", None))[700]
    for subject in ({"unit": company, "region": q["6328"]}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Assessment.objects.create(scheme=scheme, stage="final", **subject)
    Assessment.objects.create(scheme=scheme, stage="final", region=q["6328"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(scheme=scheme, stage="final", region=q["6328"])
    assert Assessment.objects.count() == 1


def test_a_provinces_results_with_last_years_grade(q):
    education = department()
    for year, haixi, xining in ((2018, "一般", "好"), (2019, None, None)):
        prefectures, departments = (
            prefecture_scheme(q["63"], year),
            department_scheme(q["63"], year),
        )
        if haixi:
            services.assessment_record(scheme=prefectures, region=q["6328"], grade=haixi)
            services.assessment_record(scheme=prefectures, region=q["6301"], grade=xining)
            services.assessment_record(scheme=departments, unit=education, grade="较差")
    services.assessment_compute(
        scheme=prefectures, region=q["6328"], stage="final", scores={"reduction": 50, "funds": 23}
    )
    services.assessment_compute(
        scheme=prefectures, region=q["6301"], stage="self", scores={"reduction": 40, "funds": 20}
    )
    results = [
        (
            r.scheme.subject,
            str(r.subject.pk),
            r.shown and r.shown.stage,
            r.shown and r.shown.grade and r.shown.grade.label,
            r.previous,
        )
        for r in selectors.responsibility_results(2019)
    ]
    # no rectification due: 73 of 90 is 81.11 (较好), 60 of 90 is 66.67 (一般); Education was
    # graded in 2018 only: it is listed, not yet assessed in 2019
    assert results == [
        ("department", str(education.pk), None, None, "较差"),
        ("prefecture", "6301", "self", "一般", "好"),
        ("prefecture", "6328", "final", "较好", "一般"),
    ]
    assert selectors.final_grades(q["6328"], [2019, 2018], kind="prefecture") == {
        2019: "较好",
        2018: "一般",
    }
    assert selectors.final_grades(q["6301"], [2019, 2018]) == {2019: None, 2018: "好"}
    # a department's grade is not its grade as an assisting unit (fupin units summary)
    assert selectors.final_grades(education, [2018]) == {2018: None}
    assert selectors.final_grades(education, [2018], kind="department") == {2018: "较差"}
    assert selectors.responsibility_years() == [2019, 2018]
    assert selectors.scheme_years() == []  # no scheme of assisting units


def test_the_placeholder_source_is_gone():
    from fupin.assessment.enums import ItemSource

    assert "rectification" in ItemSource.values
    assert "rectifications_closed" not in ItemSource.values
