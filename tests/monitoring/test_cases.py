"""Monitoring cases: the report, the identification steps in order, by the roles they list,
with the home visit's attachment and the public notice that blocks the step after it; the
fast track; one open case per household."""

import copy
import datetime as dt

import pytest
from django.utils import translation
from tests.monitoring.case_world import (
    IDENTIFIED,
    REPORTED,
    WALK,
    Upload,
    chinese,  # noqa: F401 (an autouse fixture: reasons in Chinese)
    household_rows,
    households_import,
    identify,
    report,
    world_users,
)

from fupin.core.errors import InvalidInput, NotAllowed
from fupin.core.models import Change
from fupin.monitoring import cases
from fupin.monitoring.enums import Phase, StepResult
from fupin.monitoring.models import Case, Measure, Notice, Objection, Step

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_people(module_rows, django_db_blocker, tmp_path_factory):
    """The households and users, imported once for the module's tests."""
    with django_db_blocker.unblock(), translation.override("zh-hans"):
        households_import(
            tmp_path_factory.mktemp("registry"),
            [
                *household_rows("H1"),
                *household_rows("H2"),
                *household_rows("M1", registered=False),
            ],
        )
        return world_users()


@pytest.fixture
def people(module_people, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    return copy.deepcopy(module_people)


def _written(case):
    """What a refused write could have left: steps, notices, history rows, the version."""
    case.refresh_from_db()
    return (
        Step.objects.filter(case=case).count(),
        Notice.objects.count(),
        Change.objects.filter(subject="monitoring_case", subject_id=case.pk).count(),
        case.version,
        case.phase,
        case.next_step,
    )


def test_a_report_opens_a_case_waiting_for_the_home_visit(people):
    case = report("H1", actor=people.village)
    assert (case.phase, case.next_step, case.regime, case.year) == (
        Phase.IDENTIFYING,
        "home_visit",
        "cn-2021",
        2024,
    )
    assert (case.village_id, case.reported_by, case.identified_on) == (
        "110119202201",
        people.village,
        None,
    )
    history = Change.objects.get(subject="monitoring_case", subject_id=case.pk)
    assert history.actor == people.village
    assert history.changes["risks"] == [None, ["illness"]]


def test_identification_walks_the_steps_and_the_household_is_monitored(people):
    case = identify(report("H1", actor=people.village), people)
    assert (case.phase, case.next_step, case.identified_on) == (Phase.MONITORING, "", IDENTIFIED)
    steps = list(case.steps.order_by("done_on", "pk").values_list("code", "result", "late"))
    assert steps == [(code, StepResult.PASSED, False) for code, _, _ in WALK]
    home = case.steps.get(code="home_visit")
    assert home.attachment.startswith(f"monitoring/{case.pk}/") and home.actor == people.village
    notices = list(case.notices.order_by("start_on").values_list("kind", "start_on", "min_days"))
    assert notices == [
        ("publicity", dt.date(2024, 1, 11), 5),
        ("announcement", dt.date(2024, 1, 22), 0),
    ]
    assert case.version == 1 + len(WALK)
    assert Change.objects.filter(subject="monitoring_case", subject_id=case.pk).count() == 7


def test_a_notice_of_4_days_blocks_the_next_step_and_5_days_do_not(people):
    case = identify(report("H1", actor=people.village), people, until="township_review")
    before = _written(case)
    with pytest.raises(InvalidInput) as refused:
        cases.step_record(
            case=case,
            code="township_review",
            done_on=dt.date(2024, 1, 15),  # 4 days after the notice of the 11th
            actor=people.township,
        )
    assert refused.value.message == (
        "the public notice has run 4 day(s) of the 5 needed; "
        "the next step can be recorded from 2024-01-16"
    )
    assert _written(case) == before
    case = cases.step_record(
        case=case, code="township_review", done_on=dt.date(2024, 1, 16), actor=people.township
    )
    assert case.next_step == "county_approval"


def test_an_unresolved_objection_blocks_until_it_is_resolved(people):
    case = identify(report("H1", actor=people.village), people, until="township_review")
    notice = case.notices.get(kind="publicity")
    objection = cases.objection_raise(
        notice=notice,
        case=case,
        text="邻居反映其子女在城里有房",
        raised_on=dt.date(2024, 1, 12),
        actor=people.village,
    )
    before = _written(case)
    with pytest.raises(InvalidInput, match="raised on 2024-01-12, is unresolved"):
        cases.step_record(
            case=case, code="township_review", done_on=dt.date(2024, 1, 18), actor=people.county
        )
    assert _written(case) == before
    cases.objection_resolve(
        objection=objection,
        resolved_on=dt.date(2024, 1, 17),
        resolution="经核实子女已分户，异议不成立",
        actor=people.township,
    )
    case = cases.step_record(
        case=case, code="township_review", done_on=dt.date(2024, 1, 18), actor=people.county
    )
    assert case.next_step == "county_approval"
    assert Objection.objects.get().resolved_on == dt.date(2024, 1, 17)


def test_a_step_out_of_order_is_refused(people):
    case = report("H1", actor=people.village)
    before = _written(case)
    with pytest.raises(InvalidInput) as refused:
        cases.step_record(case=case, code="data_comparison", done_on=REPORTED, actor=people.county)
    assert refused.value.message == "信息比对 is not the next step; the next step is 入户核实"
    assert _written(case) == before


def test_a_role_the_step_does_not_list_is_refused(people):
    case = identify(report("H1", actor=people.village), people, until="county_approval")
    before = _written(case)
    with pytest.raises(NotAllowed, match="your role may not record 县级审批"):
        cases.step_record(
            case=case, code="county_approval", done_on=IDENTIFIED, actor=people.township
        )
    assert _written(case) == before
    case = cases.step_record(
        case=case, code="county_approval", done_on=IDENTIFIED, actor=people.admin
    )
    assert case.next_step == "announcement"


def test_the_home_visit_without_its_attachment_is_refused(people, tmp_path):
    case = report("H1", actor=people.village)
    before = _written(case)
    with pytest.raises(InvalidInput, match=r"入户核实 needs its attachment \(承诺授权书\)"):
        cases.step_record(case=case, code="home_visit", done_on=REPORTED, actor=people.village)
    assert _written(case) == before
    assert not (tmp_path / "attachments").exists()


def test_a_refused_step_that_fails_leaves_no_attachment(people, tmp_path):
    case = report("H1", actor=people.village)
    with pytest.raises(InvalidInput, match="dated after today"):
        cases.step_record(
            case=case,
            code="home_visit",
            done_on=dt.date.today() + dt.timedelta(days=1),
            upload=Upload(),
            actor=people.village,
        )
    assert not list((tmp_path / "attachments").glob("**/*.pdf"))


def test_a_step_dated_before_the_step_before_it_is_refused(people):
    case = identify(report("H1", actor=people.village), people, until="data_comparison")
    with pytest.raises(InvalidInput, match=r"dated before the previous step \(2024-01-09\)"):
        cases.step_record(
            case=case, code="data_comparison", done_on=REPORTED, actor=people.township
        )


def test_identification_refused_closes_the_case_and_another_may_open(people):
    case = identify(report("H1", actor=people.village), people, until="township_review")
    case = cases.step_record(
        case=case,
        code="township_review",
        done_on=dt.date(2024, 1, 16),
        result=StepResult.REFUSED,
        note="收入高于监测范围，风险不大",
        actor=people.township,
    )
    assert (case.phase, case.next_step) == (Phase.NOT_IDENTIFIED, "")
    with pytest.raises(InvalidInput, match="no step is due on this case"):
        cases.step_record(
            case=case, code="county_approval", done_on=IDENTIFIED, actor=people.county
        )
    again = report("H1", actor=people.village, reported_on=dt.date(2024, 3, 1))
    assert again.phase == Phase.IDENTIFYING


def test_a_second_open_case_is_refused(people):
    first = report("H1", actor=people.village)
    with pytest.raises(cases.OpenCaseExists) as refused:
        report("H1", actor=people.township, reported_on=dt.date(2024, 2, 1))
    assert refused.value.message == (
        "household H1 already has an open case (reported on 2024-01-08, 识别中)"
    )
    assert list(Case.objects.values_list("pk", flat=True)) == [first.pk]
    assert Change.objects.filter(subject="monitoring_case").count() == 1


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"object_type": "marginal"}, "object type 边缘易致贫户 is only for households never"),
        ({"object_type": "low_income"}, "unknown object type low_income"),
        ({"risks": []}, "at least one risk type"),
        ({"risks": ["illness", "illness"]}, "risk type illness given twice"),
        ({"risks": ["flood"]}, "unknown risk type flood"),
        (
            {"risks": ["illness", "schooling", "disability", "accident", "other", "disaster"]},
            "6 risk types; at most 5",
        ),
        ({"report_way": ""}, "a self-report needs its way of reporting"),
        ({"channel": "cadre_sweep"}, "a way of reporting goes with a self-report only"),
        ({"reported_on": dt.date(2019, 5, 1)}, "no monitoring regime covers 2019"),
        ({"reported_on": dt.date.today() + dt.timedelta(days=1)}, "dated after today"),
    ],
)
def test_a_report_with_bad_values_writes_nothing(people, over, message):
    with pytest.raises(InvalidInput, match=message):
        report("H1", actor=people.village, **over)
    assert not Case.objects.exists()
    assert not Change.objects.filter(subject="monitoring_case").exists()


def test_a_marginal_household_and_a_disaster_sub_type(people):
    case = report(
        "M1", actor=people.village, object_type="marginal", risks=["disaster:flood", "illness"]
    )
    assert case.risks == ["disaster:flood", "illness"]


def test_the_fast_track_monitors_at_once_and_records_the_steps_after_the_fact(people):
    case = report("H1", actor=people.village, fast_track=True, risks=["disaster:flood"])
    assert (case.phase, case.identified_on, case.next_step) == (
        Phase.MONITORING,
        REPORTED,
        "home_visit",
    )
    measure = cases.measure_add(
        case=case,
        category="social_security",
        content="临时救助 3000 元",
        start_on=REPORTED,
        actor=people.village,
    )
    assert measure.case == case
    with pytest.raises(InvalidInput, match="the fast track's identification steps are not all"):
        cases.elimination_start(case=case, done_on=dt.date(2024, 8, 1), actor=people.village)
    case = identify(case, people)
    assert (case.phase, case.identified_on, case.next_step) == (Phase.MONITORING, REPORTED, "")
    assert set(case.steps.values_list("late", flat=True)) == {True}


def test_measures_wait_for_identification_and_a_category_of_the_scheme(people):
    case = report("H1", actor=people.village)
    with pytest.raises(InvalidInput, match="measures are recorded while the household is mon"):
        cases.measure_add(
            case=case, category="health", content="医疗救助", start_on=REPORTED, actor=None
        )
    case = identify(case, people)
    with pytest.raises(InvalidInput, match="unknown measure category shopping"):
        cases.measure_add(
            case=case, category="shopping", content="x", start_on=REPORTED, actor=None
        )
    with pytest.raises(InvalidInput, match="the end 2024-01-01 is before the start 2024-02-01"):
        cases.measure_add(
            case=case,
            category="health",
            content="医疗救助",
            start_on=dt.date(2024, 2, 1),
            end_on=dt.date(2024, 1, 1),
            actor=None,
        )
    assert not Measure.objects.exists()
