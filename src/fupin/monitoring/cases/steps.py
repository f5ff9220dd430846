"""The steps of a case's procedure: the step due, in order, by its roles, not while a notice
runs; the notices they open; how the case moves on."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from fupin.assistance.services import attachment_keep, attachments_root
from fupin.core.errors import InvalidInput
from fupin.core.history import shown
from fupin.core.models import Source
from fupin.monitoring import procedure
from fupin.monitoring.cases.common import (
    APPROVAL,
    EliminationRefused,
    case_scheme,
    history_write,
    language,
    locked,
    not_future,
    phase_label,
    role_check,
)
from fupin.monitoring.cases.conditions import conditions
from fupin.monitoring.enums import (
    NoticeKind,
    Phase,
    Procedure,
    StepResult,
)
from fupin.monitoring.models import Case, Notice, Objection, Step
from fupin.policy.regimes import Scheme


def step_date_check(case: Case, done_on: dt.date, previous_on: dt.date | None) -> None:
    not_future(done_on)
    if done_on < case.reported_on:
        raise InvalidInput(f"dated before the case was reported ({case.reported_on})")
    if previous_on is not None and done_on < previous_on:
        raise InvalidInput(f"dated before the previous step ({previous_on})")


def notice_of(case: Case, procedure_: str, kind: str) -> Notice | None:
    """The case's latest notice of a procedure and kind (the one its last notice step
    opened)."""
    return case.notices.filter(procedure=procedure_, kind=kind).order_by("-start_on", "-pk").first()


def unresolved_objection(notice: Notice, case: Case) -> Objection | None:
    """The earliest unresolved objection to the notice that concerns the case (or the whole
    notice)."""
    return (
        notice.objections.filter(resolved_on__isnull=True)
        .filter(Q(case=case) | Q(case__isnull=True))
        .order_by("raised_on", "pk")
        .first()
    )


def notice_block_of(case: Case, due: procedure.Due, on: dt.date) -> str | None:
    """Why the due step may not be recorded on `on` because of the notice the step before
    it opened (None: it may)."""
    if due.previous is None or not due.previous.notice:
        return None
    notice = notice_of(case, due.procedure, due.previous.notice)
    if notice is None:
        return None
    objection = unresolved_objection(notice, case)
    return procedure.notice_block(
        on=on,
        start_on=notice.start_on,
        min_days=notice.min_days,
        unresolved_since=objection.raised_on if objection else None,
    )


def _due_or_refuse(case: Case, scheme: Scheme, steps: list[Step]) -> procedure.Due:
    due = procedure.step_due(scheme, phase=case.phase, fast_track=case.fast_track, steps=steps)
    if due is None:
        raise InvalidInput(f"no step is due on this case ({phase_label(case.phase)})")
    return due


def _step_label(scheme: Scheme, procedure_: str, code: str) -> str:
    for step in scheme.steps(procedure_):
        if step.code == code:
            return step.label(language())
    return code


def step_record(
    *,
    case: Case,
    code: str,
    done_on: dt.date,
    result: str = StepResult.PASSED,
    note: str = "",
    upload: Any = None,
    actor: Any,
    source: str = Source.FORM,
) -> Case:
    """Record the case's next step (入户核实 … 公告, or the next step of risk elimination):
    only the step that is due, in the scheme's order, by a role the step lists
    (administrators record any), dated from the step before it up to today, with its
    attachment where the step asks for one (the 承诺授权书 of the home visit), and not while
    the public notice of the step before it runs or an objection to it is unresolved.

    A step with a notice opens it (公示 or 公告, from the step's date for its minimum days).
    Result refused: a refused identification closes the case (未纳入), a refused elimination
    leaves it monitored. After the last identification step the household is monitored
    (identified on the county approval's date); the county approval of risk elimination
    checks the conditions again (EliminationRefused, the refusal recorded, when one fails)
    and after the last step the risk is eliminated on that approval's date. Steps of a
    fast-track case's identification are marked recorded after the fact."""
    if result not in StepResult.values:
        raise InvalidInput(f"unknown value; expected one of {'、'.join(StepResult.values)}")
    failures: list[procedure.Failure] = []
    attachment = ""
    try:
        with transaction.atomic():
            case = locked(case)
            scheme = case_scheme(case)
            steps = list(case.steps.order_by("done_on", "pk"))
            due = _due_or_refuse(case, scheme, steps)
            if code != due.step.code:
                raise InvalidInput(
                    f"{_step_label(scheme, due.procedure, code)} is not the next step; "
                    f"the next step is {due.step.label(language())}"
                )
            role_check(actor, due.step)
            step_date_check(case, done_on, due.previous_on)
            if due.step.attachment and result == StepResult.PASSED and not upload:
                attachment_name = (
                    due.step.attachment
                    if language().startswith("zh")
                    else due.step.attachment_en or due.step.attachment
                )
                raise InvalidInput(
                    f"{due.step.label(language())} needs its attachment ({attachment_name})"
                )
            blocked = notice_block_of(case, due, done_on)
            if blocked:
                raise InvalidInput(blocked)
            if (
                due.procedure == Procedure.ELIMINATION
                and due.step.code == APPROVAL
                and result == StepResult.PASSED
            ):
                failures, zh_note = conditions(case, scheme, done_on)
                if failures:
                    result = StepResult.REFUSED
                    note = "\n".join(filter(None, [zh_note, note]))
            if upload:
                attachment = attachment_keep(upload, folder=f"monitoring/{case.pk}")
            step = Step.objects.create(
                case=case,
                procedure=due.procedure,
                round=due.round,
                code=due.step.code,
                done_on=done_on,
                actor=actor if getattr(actor, "pk", None) else None,
                result=result,
                note=note,
                attachment=attachment,
                late=case.fast_track and due.procedure == Procedure.IDENTIFICATION,
            )
            changes: dict[str, Any] = {
                f"{due.procedure}:{due.step.code}": [None, f"{done_on} {result}"]
            }
            if result == StepResult.PASSED and due.step.notice:
                notice = _notice_open(case, due, step, actor)
                changes["notice"] = [None, f"{notice.kind} {notice.start_on} {notice.end_on}"]
            changes |= advance(case, scheme, due, step, [*steps, step])
            case.version += 1
            case.save()
            history_write(case, changes, actor, source)
    except BaseException:
        if attachment:
            (attachments_root() / attachment).unlink(missing_ok=True)
        raise
    if failures:
        raise EliminationRefused(failures)
    return case


def _notice_open(case: Case, due: procedure.Due, step: Step, actor: Any) -> Notice:
    """The notice a notice step opens in the case's village, listing the case."""
    kind = NoticeKind(due.step.notice)
    notice = Notice.objects.create(
        village_id=case.village_id,
        kind=kind,
        procedure=due.procedure,
        title=f"{case.household.number} {due.step.name_zh}"[:200],
        start_on=step.done_on,
        min_days=due.step.min_days,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    notice.cases.add(case)
    return notice


def advance(
    case: Case, scheme: Scheme, due: procedure.Due, step: Step, steps: list[Step]
) -> dict[str, Any]:
    """Move the case on after `step`; the changed fields as history changes."""
    before = {f: getattr(case, f) for f in ("phase", "next_step", "identified_on", "eliminated_on")}
    if step.result == StepResult.REFUSED:
        case.phase = (
            Phase.NOT_IDENTIFIED if due.procedure == Procedure.IDENTIFICATION else Phase.MONITORING
        )
    elif procedure.is_last(scheme, due):
        approval = _approval_date(steps, due)
        if due.procedure == Procedure.IDENTIFICATION:
            if case.phase == Phase.IDENTIFYING:
                case.phase = Phase.MONITORING
                case.identified_on = approval or step.done_on
        else:
            case.phase = Phase.ELIMINATED
            case.eliminated_on = approval or step.done_on
    following = procedure.step_due(
        scheme, phase=case.phase, fast_track=case.fast_track, steps=steps
    )
    case.next_step = following.step.code if following else ""
    return {
        f: [shown(value), shown(getattr(case, f))]
        for f, value in before.items()
        if value != getattr(case, f)
    }


def _approval_date(steps: list[Step], due: procedure.Due) -> dt.date | None:
    for step in reversed(steps):
        if (
            step.procedure == due.procedure
            and step.round == due.round
            and step.code == APPROVAL
            and step.result == StepResult.PASSED
        ):
            return step.done_on
    return None
