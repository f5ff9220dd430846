"""The rules of a monitoring case's procedure, as pure functions of its recorded steps and the
regime's scheme (no reads, no writes): which step is due next, the identification's due date
in working days, whether a public notice still blocks the next step, and which elimination
conditions fail (DOMAIN.md §5.3, §5.5, §6.12).

A recorded step is anything with ``procedure``, ``round``, ``code``, ``result`` and
``done_on`` (a :class:`fupin.monitoring.models.Step`). Identification runs once; a refused
step closes the case. Elimination runs in rounds: a refused round leaves the case monitored,
and the next attempt is the next round.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

import numpy as np
from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext, gettext_noop

from fupin.monitoring.enums import Phase, Procedure, StepResult
from fupin.policy.regimes import Scheme, Step
from fupin.registry.enums import LabourSkill, Reason

#: labour skills that make a household able to work (never eliminated without one)
ABLE = (LabourSkill.ORDINARY, LabourSkill.SKILLED)
#: reasons of the household rule that are guarantees (两不愁三保障 and water)
GUARANTEE_REASONS = (
    Reason.FOOD_CLOTHING,
    Reason.EDUCATION,
    Reason.MEDICAL,
    Reason.HOUSING,
    Reason.WATER,
)
RIGID_EXPENSE = "rigid_expense"


class Recorded(Protocol):
    procedure: str
    round: int
    code: str
    result: str
    done_on: dt.date


@dataclass(frozen=True)
class Due:
    """The step a case waits for: its procedure, round, position and the scheme's step."""

    procedure: str
    round: int
    index: int
    step: Step
    #: the last passed step of the same round (None before the first)
    previous: Step | None = None
    previous_on: dt.date | None = None


def _passed(steps: Iterable[Recorded], procedure: str, round_: int | None = None) -> list[Any]:
    return [
        s
        for s in steps
        if s.procedure == procedure
        and s.result == StepResult.PASSED
        and (round_ is None or s.round == round_)
    ]


def elimination_round(steps: Iterable[Recorded]) -> int:
    """The round of the latest elimination attempt (0 before the first)."""
    return max((s.round for s in steps if s.procedure == Procedure.ELIMINATION), default=0)


def identification_complete(scheme: Scheme, steps: Iterable[Recorded]) -> bool:
    """Whether every identification step has been recorded as passed."""
    return len(_passed(steps, Procedure.IDENTIFICATION)) >= len(scheme.identification)


def step_due(
    scheme: Scheme, *, phase: str, fast_track: bool, steps: Sequence[Recorded]
) -> Due | None:
    """The next step of the running procedure, or None when none runs: identification while
    identifying (and on the fast track, whose steps follow after the fact while the household
    is already monitored), elimination while eliminating. Elimination starts by
    :func:`fupin.monitoring.cases.elimination_start`, not as a due step."""
    if phase == Phase.IDENTIFYING or (
        fast_track and phase in (Phase.MONITORING, Phase.ELIMINATING)
    ):
        done = _passed(steps, Procedure.IDENTIFICATION)
        if len(done) < len(scheme.identification):
            return _due(scheme, Procedure.IDENTIFICATION, 1, done)
    if phase == Phase.ELIMINATING:
        round_ = elimination_round(steps)
        done = _passed(steps, Procedure.ELIMINATION, round_)
        if len(done) < len(scheme.elimination):
            return _due(scheme, Procedure.ELIMINATION, round_, done)
    return None


def _due(scheme: Scheme, procedure: str, round_: int, done: list[Any]) -> Due:
    order = scheme.steps(procedure)
    index = len(done)
    return Due(
        procedure=procedure,
        round=round_,
        index=index,
        step=order[index],
        previous=order[index - 1] if index else None,
        previous_on=done[-1].done_on if done else None,
    )


def is_last(scheme: Scheme, due: Due) -> bool:
    return due.index == len(scheme.steps(due.procedure)) - 1


# working days ------------------------------------------------------------------------------


def _day(value: Any) -> dt.date:
    return value.astype("datetime64[D]").astype(dt.date)  # type: ignore[no-any-return]


def due_on(reported_on: dt.date, working_days: int) -> dt.date:
    """The day identification is due: `working_days` working days (Monday to Friday) after
    the report (a report on a weekend counts from the Monday after)."""
    return _day(np.busday_offset(np.datetime64(reported_on, "D"), working_days, roll="forward"))


def overdue(*, phase: str, reported_on: dt.date, working_days: int, today: dt.date) -> bool:
    """A case still being identified after its due date."""
    return phase == Phase.IDENTIFYING and today > due_on(reported_on, working_days)


def overdue_reported_by(today: dt.date, working_days: int) -> dt.date:
    """The latest report date whose identification is overdue on `today`: a case being
    identified is overdue exactly when it was reported on or before this day (the filter a
    list runs in the database)."""
    day = _day(
        np.busday_offset(
            np.datetime64(today - dt.timedelta(days=1), "D"), -working_days, "backward"
        )
    )
    while due_on(day + dt.timedelta(days=1), working_days) < today:
        day += dt.timedelta(days=1)
    return day


# public notices ------------------------------------------------------------------------------


def notice_block(
    *, on: dt.date, start_on: dt.date, min_days: int, unresolved_since: dt.date | None
) -> str | None:
    """Why a step dated `on` may not follow a public notice that started on `start_on` and
    must run `min_days` days (None: it may): the notice has not run its days, or an objection
    to it (raised on `unresolved_since`) is not resolved. The reason is an English template
    of fupin.core.messages."""
    end = start_on + dt.timedelta(days=min_days)
    if on < end:
        run = max((on - start_on).days, 0)
        return (
            f"the public notice has run {run} day(s) of the {min_days} needed; "
            f"the next step can be recorded from {end}"
        )
    if unresolved_since is not None:
        return f"an objection to the public notice, raised on {unresolved_since}, is unresolved"
    return None


# elimination conditions ----------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyOutcome:
    """A household's evaluation of its latest survey year, under the regime of that year."""

    year: int
    regime: str
    per_capita_income: Decimal
    range: Decimal
    guarantees_met: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Failure:
    """A failed elimination condition: a code and the reason in the reader's language."""

    code: str
    message: str


# Chinese source texts (the English is in the en catalogue); each names its particulars
MONTHS = gettext_noop(
    "自识别纳入（%(identified)s）至 %(date)s 为 %(months)s 个月 %(days)s 天，不满 %(min)s 个月"
)
NOT_IDENTIFIED = gettext_noop("尚未识别纳入监测，不能标注风险消除")
MEASURES = gettext_noop("截至 %(date)s 已实施帮扶措施 %(count)s 项，至少需要 %(min)s 项")
NO_SURVEY = gettext_noop("没有 %(year)s 年及以前的年度收入调查，无法核实收入是否高于监测范围")
INCOME = gettext_noop("%(year)s 年人均纯收入 %(income)s 元，未高于监测范围 %(range)s 元")
RIGID = gettext_noop("%(year)s 年刚性支出（合规自付支出减理赔收入）仍超过家庭纯收入，尚未解决")
GUARANTEES = gettext_noop("%(year)s 年两不愁三保障及饮水安全未达到：%(items)s")
NO_LABOUR = gettext_noop("整户无劳动能力的不标注风险消除")
TEMPLATES = (MONTHS, NOT_IDENTIFIED, MEASURES, NO_SURVEY, INCOME, RIGID, GUARANTEES, NO_LABOUR)


def _failure(code: str, template: str, **values: Any) -> Failure:
    return Failure(code, gettext(template) % {k: str(v) for k, v in values.items()})


def elimination_failures(
    scheme: Scheme,
    *,
    on: dt.date,
    identified_on: dt.date | None,
    measures_started: int,
    outcome: SurveyOutcome | None,
    labour: bool,
) -> list[Failure]:
    """The conditions of risk elimination (风险消除) that fail on `on`, each with its reason
    in the reader's language; [] when it may go ahead:

    - `min_months` months since identification (calendar months: five months and 29 days
      is not six);
    - at least `min_measures` measures started on or before `on`;
    - the household's latest survey (`outcome`, None when it has none up to `on`'s year) with
      per-capita income above the range, rigid expenditure not flagged, guarantees met;
    - some member able to work (a household without labour stays monitored)."""
    conditions = scheme.conditions
    failures: list[Failure] = []
    if identified_on is None:
        failures.append(_failure("not_identified", NOT_IDENTIFIED))
    elif identified_on + relativedelta(months=conditions.min_months) > on:
        gap = relativedelta(on, identified_on)
        failures.append(
            _failure(
                "months",
                MONTHS,
                identified=identified_on,
                date=on,
                months=max(gap.years * 12 + gap.months, 0),
                days=max(gap.days, 0),
                min=conditions.min_months,
            )
        )
    if measures_started < conditions.min_measures:
        failures.append(
            _failure(
                "measures", MEASURES, date=on, count=measures_started, min=conditions.min_measures
            )
        )
    failures += _survey_failures(scheme, on, outcome)
    if conditions.never_without_labour and not labour:
        failures.append(_failure("no_labour", NO_LABOUR))
    return failures


def _survey_failures(scheme: Scheme, on: dt.date, outcome: SurveyOutcome | None) -> list[Failure]:
    conditions = scheme.conditions
    wanted = (
        conditions.income_above_range
        or conditions.rigid_expense_resolved
        or conditions.guarantees_held
    )
    if not wanted:
        return []
    if outcome is None:
        return [_failure("no_survey", NO_SURVEY, year=on.year)]
    failures = []
    if conditions.income_above_range and outcome.per_capita_income <= outcome.range:
        failures.append(
            _failure(
                "income",
                INCOME,
                year=outcome.year,
                income=f"{outcome.per_capita_income:.2f}",
                range=f"{outcome.range:.2f}",
            )
        )
    if conditions.rigid_expense_resolved and RIGID_EXPENSE in outcome.reasons:
        failures.append(_failure("rigid_expense", RIGID, year=outcome.year))
    if conditions.guarantees_held and not outcome.guarantees_met:
        labels = dict(Reason.choices)
        failed = [str(labels[r]) for r in GUARANTEE_REASONS if r in outcome.reasons]
        items = gettext("、").join(failed) if failed else "—"
        failures.append(_failure("guarantees", GUARANTEES, year=outcome.year, items=items))
    return failures


# the reasons kept in a refused step's note -----------------------------------------------------

_PLACE = re.compile(r"%\((\w+)\)s")


def _pattern(template: str) -> re.Pattern[str]:
    parts = _PLACE.split(template)
    return re.compile(
        "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
        )
    )


_NOTE_PATTERNS = tuple((_pattern(t), t) for t in TEMPLATES)


def note_shown(note: str) -> list[str]:
    """The lines of a refused step's note in the reader's language: the reasons are kept in
    Chinese (the record's language) and each line that is one of the reasons above is given
    in its translation with the same particulars; other lines as written."""
    lines = []
    for line in note.splitlines():
        for pattern, template in _NOTE_PATTERNS:
            found = pattern.fullmatch(line)
            if found:
                line = gettext(template) % found.groupdict()
                break
        if line.strip():
            lines.append(line)
    return lines
