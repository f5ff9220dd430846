"""The pure rules of the procedure: working days, the overdue cut-off the lists filter on, the
step due, the notice that blocks."""

import datetime as dt
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from fupin.monitoring import procedure
from fupin.policy.regimes import load_regime

SCHEME = load_regime("cn-2021").monitoring_scheme()


def test_identification_is_due_20_working_days_after_the_report():
    assert procedure.due_on(dt.date(2024, 1, 8), 20) == dt.date(2024, 2, 5)  # a Monday
    assert procedure.due_on(dt.date(2024, 3, 1), 20) == dt.date(2024, 3, 29)  # a Friday
    # a report on a Saturday counts from the Monday after
    assert procedure.due_on(dt.date(2024, 3, 2), 20) == dt.date(2024, 4, 1)


def test_overdue_is_the_day_after_the_due_date_while_identifying():
    reported = dt.date(2024, 1, 8)
    due = dt.date(2024, 2, 5)
    assert not procedure.overdue(
        phase="identifying", reported_on=reported, working_days=20, today=due
    )
    assert procedure.overdue(
        phase="identifying", reported_on=reported, working_days=20, today=due + dt.timedelta(1)
    )
    assert not procedure.overdue(
        phase="monitoring", reported_on=reported, working_days=20, today=dt.date(2025, 1, 1)
    )


@given(
    today=st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2030, 12, 31)),
    working_days=st.integers(min_value=1, max_value=40),
)
def test_the_overdue_cut_off_is_exactly_the_last_overdue_report(today, working_days):
    last = procedure.overdue_reported_by(today, working_days)
    assert procedure.due_on(last, working_days) < today
    assert procedure.due_on(last + dt.timedelta(days=1), working_days) >= today


def _step(procedure_, code, day, result="passed", round_=1):
    return SimpleNamespace(
        procedure=procedure_, code=code, done_on=day, result=result, round=round_
    )


def test_the_step_due_follows_the_scheme_and_the_rounds():
    due = procedure.step_due(SCHEME, phase="identifying", fast_track=False, steps=[])
    assert (due.procedure, due.step.code, due.previous) == ("identification", "home_visit", None)
    done = [_step("identification", "home_visit", dt.date(2024, 1, 9))]
    due = procedure.step_due(SCHEME, phase="identifying", fast_track=False, steps=done)
    assert (due.step.code, due.previous.code, due.previous_on) == (
        "data_comparison",
        "home_visit",
        dt.date(2024, 1, 9),
    )
    assert procedure.step_due(SCHEME, phase="monitoring", fast_track=False, steps=done) is None
    # the fast track still owes its identification steps while monitored
    late = procedure.step_due(SCHEME, phase="monitoring", fast_track=True, steps=done)
    assert late.step.code == "data_comparison"
    rounds = [
        _step("elimination", "home_visit", dt.date(2024, 7, 19), "refused", 1),
        _step("elimination", "home_visit", dt.date(2024, 7, 22), "passed", 2),
    ]
    due = procedure.step_due(SCHEME, phase="eliminating", fast_track=False, steps=rounds)
    assert (due.round, due.step.code, due.previous.code) == (2, "village_appraisal", "home_visit")
    assert procedure.elimination_round(rounds) == 2


def test_a_notice_blocks_until_it_has_run_its_days_and_objections_are_resolved():
    start = dt.date(2024, 1, 11)
    assert procedure.notice_block(
        on=dt.date(2024, 1, 15), start_on=start, min_days=5, unresolved_since=None
    ) == (
        "the public notice has run 4 day(s) of the 5 needed; "
        "the next step can be recorded from 2024-01-16"
    )
    assert (
        procedure.notice_block(
            on=dt.date(2024, 1, 16), start_on=start, min_days=5, unresolved_since=None
        )
        is None
    )
    assert (
        procedure.notice_block(
            on=dt.date(2024, 2, 1),
            start_on=start,
            min_days=5,
            unresolved_since=dt.date(2024, 1, 12),
        )
        == "an objection to the public notice, raised on 2024-01-12, is unresolved"
    )


def test_exactly_six_months_after_the_end_of_a_month():
    # 31 August + 6 months is the last day of February (relativedelta clamps the day)
    failures = procedure.elimination_failures(
        SCHEME,
        on=dt.date(2024, 2, 29),
        identified_on=dt.date(2023, 8, 31),
        measures_started=1,
        outcome=None,
        labour=True,
    )
    assert [f.code for f in failures] == ["no_survey"]
    failures = procedure.elimination_failures(
        SCHEME,
        on=dt.date(2024, 2, 28),
        identified_on=dt.date(2023, 8, 31),
        measures_started=1,
        outcome=None,
        labour=True,
    )
    assert [f.code for f in failures] == ["months", "no_survey"]
