"""The report that opens a case (发现), with the checks of its object type and risks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from fupin.core.errors import InvalidInput
from fupin.core.models import Source
from fupin.monitoring.cases.common import (
    OpenCaseExists,
    history_write,
    language,
    not_future,
    phase_label,
    scheme_for,
)
from fupin.monitoring.enums import (
    OPEN_PHASES,
    Channel,
    Phase,
    ReportWay,
)
from fupin.monitoring.models import Case
from fupin.policy.errors import PolicyError
from fupin.policy.regimes import Category, Scheme
from fupin.registry.models import Household


def object_type_check(scheme: Scheme, code: str, household: Household) -> Category:
    """An object type of the scheme that fits the household: 脱贫不稳定户 only for a
    registered (建档立卡) household, 边缘易致贫户 only for one never registered."""
    try:
        category = scheme.object_type(code)
    except PolicyError:
        codes = ", ".join(c.code for c in scheme.object_types)
        raise InvalidInput(f"unknown object type {code}; expected one of {codes}") from None
    registered = household.registered_year is not None
    name = category.label(language())
    if category.registered is True and not registered:
        raise InvalidInput(f"object type {name} is only for registered (建档立卡) households")
    if category.registered is False and registered:
        raise InvalidInput(f"object type {name} is only for households never registered")
    return category


def risks_check(scheme: Scheme, risks: list[str]) -> list[str]:
    """1 to `max_risks` distinct risk codes of the scheme (``disaster:flood`` for a sub-type)."""
    if not risks:
        raise InvalidInput("at least one risk type")
    if len(risks) > scheme.max_risks:
        raise InvalidInput(f"{len(risks)} risk types; at most {scheme.max_risks}")
    known = set(scheme.risk_codes())
    seen: set[str] = set()
    for code in risks:
        if code not in known:
            raise InvalidInput(f"unknown risk type {code}")
        if code in seen:
            raise InvalidInput(f"risk type {code} given twice")
        seen.add(code)
    return list(risks)


def open_case_of(household: Household) -> Case | None:
    return Case.objects.filter(household=household, phase__in=OPEN_PHASES).first()


def _open_refuse(household: Household) -> None:
    current = open_case_of(household)
    if current is not None:
        raise OpenCaseExists(
            f"household {household.number} already has an open case "
            f"(reported on {current.reported_on}, {phase_label(current.phase)})"
        )


# the report ---------------------------------------------------------------------------------


def case_report(
    *,
    household: Household,
    channel: str,
    report_way: str = "",
    object_type: str,
    risks: list[str],
    summary: str = "",
    reported_on: dt.date,
    fast_track: bool = False,
    feed_row: Any = None,
    actor: Any,
    source: str = Source.FORM,
) -> Case:
    """Open a case for a household at risk (发现): by a rule, a self-report (with its way:
    12317, oral, written, app), a cadre's sweep or a department's feed row. Its object type
    and risks are checked against the scheme of the regime in force in the report's year;
    the report is not dated after today; a household with an open case is refused
    (OpenCaseExists). The case waits for the first identification step; on the fast track
    (绿色通道) it is monitored at once (identified on the report's date) and its steps follow
    after the fact."""
    if channel not in Channel.values:
        raise InvalidInput(f"unknown value; expected one of {'、'.join(Channel.values)}")
    if report_way and report_way not in ReportWay.values:
        raise InvalidInput(f"unknown value; expected one of {'、'.join(ReportWay.values)}")
    if channel == Channel.SELF_REPORT and not report_way:
        raise InvalidInput("a self-report needs its way of reporting")
    if channel != Channel.SELF_REPORT and report_way:
        raise InvalidInput("a way of reporting goes with a self-report only")
    if feed_row is not None and feed_row.household_id != household.pk:
        raise InvalidInput("the department's row is of another household")
    not_future(reported_on)
    regime, scheme = scheme_for(reported_on)
    object_type_check(scheme, object_type, household)
    risks = risks_check(scheme, risks)
    first = scheme.identification[0].code
    with transaction.atomic():
        Household.objects.select_for_update().filter(pk=household.pk).first()
        _open_refuse(household)
        case = Case(
            household=household,
            village_id=household.village_id,
            regime=regime,
            year=reported_on.year,
            object_type=object_type,
            risks=risks,
            channel=channel,
            report_way=report_way,
            summary=summary,
            fast_track=fast_track,
            phase=Phase.MONITORING if fast_track else Phase.IDENTIFYING,
            next_step=first,
            reported_on=reported_on,
            reported_by=actor if getattr(actor, "pk", None) else None,
            identified_on=reported_on if fast_track else None,
            feed_row=feed_row,
        )
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError:  # another report of the same household won the race
            _open_refuse(household)
            raise
        history_write(
            case,
            {
                "created": [None, f"{reported_on} {object_type} {channel}"],
                "risks": [None, risks],
                **({"fast_track": [None, True]} if fast_track else {}),
            },
            actor,
            source,
        )
    return case
