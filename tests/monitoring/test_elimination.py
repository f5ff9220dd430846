"""Risk elimination (风险消除): refused, with each failed condition named and recorded, until
six calendar months have passed since identification, a measure has started, the latest
survey is above the range with its guarantees, and someone in the household can work; the
whole walk from a self-report to elimination, and a household identified again after it."""

import copy
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from tests.monitoring.case_world import (
    IDENTIFIED,
    chinese,  # noqa: F401 (an autouse fixture: reasons in Chinese)
    household_rows,
    households_import,
    identify,
    report,
    world_users,
)

from fupin.core.errors import InvalidInput
from fupin.core.models import Change
from fupin.monitoring import cases, procedure
from fupin.monitoring.enums import Phase, Procedure, StepResult
from fupin.monitoring.models import Step
from fupin.policy.regimes import load_regime
from fupin.registry.models import Survey

pytestmark = pytest.mark.django_db

SIX_MONTHS = dt.date(2024, 7, 20)  # IDENTIFIED + 6 months
MONTHS_REASON = "自识别纳入（2024-01-20）至 2024-07-19 为 5 个月 29 天，不满 6 个月"


@pytest.fixture(scope="module")
def module_people(module_rows, django_db_blocker, tmp_path_factory):
    """The households and users, imported once for the module's tests."""
    with django_db_blocker.unblock(), translation.override("zh-hans"):
        households_import(
            tmp_path_factory.mktemp("registry"),
            [
                *household_rows("OK"),
                *household_rows("AT", wage=7300),  # exactly the 2024 reference range
                *household_rows("BELOW", wage=5000),
                *household_rows("IDLE", labour="丧失劳动力"),
                *household_rows("LATE", year=2025),  # no survey up to 2024
            ],
        )
        return world_users()


@pytest.fixture
def people(module_people, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    return copy.deepcopy(module_people)


def _monitored(number, people, *, measure=True):
    case = identify(report(number, actor=people.village), people)
    if measure:
        cases.measure_add(
            case=case,
            category="employment",
            content="公益岗位护林员",
            start_on=dt.date(2024, 2, 1),
            responsible="李四",
            actor=people.village,
        )
    case.refresh_from_db()
    return case


def _refused(case, people, day, codes):
    """Start elimination on `day`: refused with these failed conditions, the attempt kept."""
    before = case.steps.count()
    with pytest.raises(cases.EliminationRefused) as refused:
        cases.elimination_start(case=case, done_on=day, actor=people.village)
    assert [f.code for f in refused.value.failures] == codes
    case.refresh_from_db()
    assert (case.phase, case.next_step) == (Phase.MONITORING, "")
    assert case.steps.count() == before + 1
    attempt = case.steps.latest("pk")
    assert (attempt.procedure, attempt.code, attempt.result, attempt.done_on) == (
        Procedure.ELIMINATION,
        "home_visit",
        StepResult.REFUSED,
        day,
    )
    return refused.value, attempt


def test_refused_at_5_months_29_days_and_allowed_at_6_months(people):
    case = _monitored("OK", people)
    error, attempt = _refused(case, people, dt.date(2024, 7, 19), ["months"])
    assert [f.message for f in error.failures] == [MONTHS_REASON]
    assert attempt.note == MONTHS_REASON
    assert attempt.round == 1
    case = cases.elimination_start(case=case, done_on=SIX_MONTHS, actor=people.village)
    assert (case.phase, case.next_step) == (Phase.ELIMINATING, "village_appraisal")
    started = case.steps.latest("pk")
    assert (started.result, started.round) == (StepResult.PASSED, 2)


def test_refused_without_a_measure(people):
    case = _monitored("OK", people, measure=False)
    error, _ = _refused(case, people, SIX_MONTHS, ["measures"])
    assert error.failures[0].message == "截至 2024-07-20 已实施帮扶措施 0 项，至少需要 1 项"


def test_a_measure_starting_after_the_date_does_not_count(people):
    case = _monitored("OK", people, measure=False)
    cases.measure_add(
        case=case, category="health", content="慢病签约", start_on=dt.date(2024, 8, 1), actor=None
    )
    _refused(case, people, SIX_MONTHS, ["measures"])


def test_refused_for_a_household_with_no_labour(people):
    case = _monitored("IDLE", people)
    _, attempt = _refused(case, people, SIX_MONTHS, ["no_labour"])
    assert attempt.note == "整户无劳动能力的不标注风险消除"


@pytest.mark.parametrize(
    ("number", "income"), [("AT", "7300.00"), ("BELOW", "5000.00")], ids=["at", "below"]
)
def test_refused_when_income_is_at_or_below_the_range(people, number, income):
    case = _monitored(number, people)
    error, _ = _refused(case, people, SIX_MONTHS, ["income"])
    assert error.failures[0].message == (
        f"2024 年人均纯收入 {income} 元，未高于监测范围 7300.00 元"
    )


def test_refused_without_a_survey_up_to_that_year(people):
    case = _monitored("LATE", people)
    error, _ = _refused(case, people, SIX_MONTHS, ["no_survey"])
    assert "没有 2024 年及以前的年度收入调查" in error.failures[0].message


def test_refused_when_a_guarantee_fails(people):
    Survey.objects.filter(household__number="OK").update(housing_ok=False)
    case = _monitored("OK", people)
    error, _ = _refused(case, people, SIX_MONTHS, ["guarantees"])
    assert error.failures[0].message == "2024 年两不愁三保障及饮水安全未达到：住房不安全"


def test_every_failed_condition_is_named_in_the_readers_language(people):
    case = _monitored("IDLE", people, measure=False)
    with translation.override("en"), pytest.raises(cases.EliminationRefused) as refused:
        cases.elimination_start(case=case, done_on=dt.date(2024, 7, 19), actor=people.village)
    assert [f.message for f in refused.value.failures] == [
        "5 months and 29 days from identification (2024-01-20) to 2024-07-19; "
        "at least 6 months are needed",
        "0 measure(s) carried out by 2024-07-19; at least 1 needed",
        "a household with no member able to work is not marked as out of risk",
    ]
    attempt = case.steps.latest("pk")
    assert attempt.note.splitlines() == [
        MONTHS_REASON,
        "截至 2024-07-19 已实施帮扶措施 0 项，至少需要 1 项",
        "整户无劳动能力的不标注风险消除",
    ]
    with translation.override("en"):
        assert procedure.note_shown(attempt.note)[0] == refused.value.failures[0].message


def test_the_rigid_expenditure_and_guarantee_conditions(people):
    scheme = load_regime("cn-2021").monitoring_scheme()
    outcome = procedure.SurveyOutcome(
        year=2024,
        regime="cn-2021",
        per_capita_income=Decimal("9000"),
        range=Decimal("7300"),
        guarantees_met=False,
        reasons=("rigid_expense", "water"),
    )
    failures = procedure.elimination_failures(
        scheme,
        on=SIX_MONTHS,
        identified_on=IDENTIFIED,
        measures_started=1,
        outcome=outcome,
        labour=True,
    )
    assert [f.code for f in failures] == ["rigid_expense", "guarantees"]
    assert failures[1].message == "2024 年两不愁三保障及饮水安全未达到：饮水不安全"


def _eliminate(case, people, start=SIX_MONTHS):
    case = cases.elimination_start(case=case, done_on=start, actor=people.village)
    for code, who, day in (
        ("village_appraisal", "village", start + dt.timedelta(days=1)),
        ("township_review", "township", start + dt.timedelta(days=6)),
        ("county_approval", "county", start + dt.timedelta(days=8)),
        ("announcement", "village", start + dt.timedelta(days=9)),
    ):
        case = cases.step_record(case=case, code=code, done_on=day, actor=people.of(who))
    return case


def test_the_whole_walk_from_a_self_report_to_elimination_and_a_new_case(people):
    case = _monitored("OK", people)
    case = _eliminate(case, people)
    assert (case.phase, case.next_step, case.eliminated_on) == (
        Phase.ELIMINATED,
        "",
        dt.date(2024, 7, 28),  # the county approval's date
    )
    codes = list(case.steps.filter(procedure="elimination").values_list("code", flat=True))
    assert codes == [
        "home_visit",
        "village_appraisal",
        "township_review",
        "county_approval",
        "announcement",
    ]
    assert case.notices.filter(procedure="elimination").count() == 2
    history = Change.objects.filter(subject="monitoring_case", subject_id=case.pk)
    assert history.count() == 1 + 6 + 1 + 5  # report, identification, measure, elimination
    again = report("OK", actor=people.village, reported_on=dt.date(2024, 9, 2))
    assert (again.phase, again.next_step) == (Phase.IDENTIFYING, "home_visit")
    assert list(
        again.household.monitoring_cases.order_by("reported_on").values_list("phase", flat=True)
    ) == [Phase.ELIMINATED, Phase.IDENTIFYING]


def test_the_county_approval_checks_the_conditions_again(people):
    case = _monitored("OK", people)
    case = cases.elimination_start(case=case, done_on=SIX_MONTHS, actor=people.village)
    case = cases.step_record(
        case=case,
        code="village_appraisal",
        done_on=dt.date(2024, 7, 21),
        actor=people.village,
    )
    case = cases.step_record(
        case=case, code="township_review", done_on=dt.date(2024, 7, 26), actor=people.township
    )
    Survey.objects.filter(household__number="OK").update(wage_income=Decimal("6000"))
    with pytest.raises(cases.EliminationRefused) as refused:
        cases.step_record(
            case=case,
            code="county_approval",
            done_on=dt.date(2024, 7, 29),
            note="复核收入",
            actor=people.county,
        )
    assert [f.code for f in refused.value.failures] == ["income"]
    case.refresh_from_db()
    assert (case.phase, case.next_step, case.eliminated_on) == (Phase.MONITORING, "", None)
    approval = Step.objects.get(case=case, code="county_approval", procedure="elimination")
    assert approval.result == StepResult.REFUSED
    assert approval.note.splitlines() == [
        "2024 年人均纯收入 6000.00 元，未高于监测范围 7300.00 元",
        "复核收入",
    ]


def test_an_elimination_refused_by_a_step_leaves_the_case_monitored(people):
    case = _monitored("OK", people)
    case = cases.elimination_start(case=case, done_on=SIX_MONTHS, actor=people.village)
    case = cases.step_record(
        case=case,
        code="village_appraisal",
        done_on=dt.date(2024, 7, 21),
        result=StepResult.REFUSED,
        note="群众评议认为收入不稳定",
        actor=people.village,
    )
    assert (case.phase, case.next_step) == (Phase.MONITORING, "")
    assert not case.notices.filter(procedure="elimination").exists()
    case = _eliminate(case, people, start=dt.date(2024, 9, 2))
    assert case.phase == Phase.ELIMINATED
    rounds = case.steps.filter(procedure="elimination").values_list("round", "code", "result")
    assert list(rounds.filter(round=1)) == [
        (1, "home_visit", "passed"),
        (1, "village_appraisal", "refused"),
    ]
    assert rounds.filter(round=2, result="passed").count() == 5


def test_elimination_starts_only_from_monitoring(people):
    case = report("OK", actor=people.village)
    with pytest.raises(InvalidInput, match="risk elimination starts from monitoring"):
        cases.elimination_start(case=case, done_on=SIX_MONTHS, actor=people.village)
    assert not case.steps.exists()


def test_refused_while_the_rigid_expenditure_exceeds_the_income(people):
    # 合规自付支出 less 理赔收入 = 11,000 against a net income of 9,000: the rule fires
    Survey.objects.filter(household__number="OK").update(
        compliant_expense=Decimal("12000"), claim_income=Decimal("1000")
    )
    case = _monitored("OK", people)
    error, _ = _refused(case, people, SIX_MONTHS, ["rigid_expense"])
    assert error.failures[0].message == (
        "2024 年刚性支出（合规自付支出减理赔收入）仍超过家庭纯收入，尚未解决"
    )
    Survey.objects.filter(household__number="OK").update(claim_income=Decimal("3000"))
    case = cases.elimination_start(case=case, done_on=SIX_MONTHS, actor=people.village)
    assert case.phase == Phase.ELIMINATING
