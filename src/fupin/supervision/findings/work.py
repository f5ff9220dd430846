"""The work on a rectification task: its owner records the measures taken and the evidence
(佐证材料) and reports it done (整改完成); its issuer signs it off (销号) or reopens it
(重新整改) with a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fupin.assistance.services import attachment_keep, attachments_root
from fupin.core.errors import FieldInvalid, InvalidInput, NotAllowed
from fupin.core.history import shown
from fupin.core.models import Source
from fupin.supervision import finding_access
from fupin.supervision.enums import TaskStatus
from fupin.supervision.findings.common import (
    actor_of,
    day_check,
    locked,
    task_history,
    text_check,
    version_check,
)
from fupin.supervision.models import Evidence, Rectification


def _owner_check(actor: Any, task: Rectification) -> None:
    if actor is not None and not finding_access.may_work(actor, task):
        raise NotAllowed(_("只有责任单位才能办理该整改任务"))


def _not_signed_off(task: Rectification) -> None:
    if task.status == TaskStatus.SIGNED_OFF:
        raise InvalidInput(_("该整改任务已销号；如需继续整改，请督办单位先重新整改"))


def rectification_update(
    *,
    task: Rectification,
    measures: str,
    version: int | None = None,
    actor: Any,
    via: str = Source.FORM,
) -> Rectification:
    """Record the measures taken (整改措施) on a task not signed off, by its owner
    (administrators and the system too). `version`: the task's version the form was filled
    against (a newer one is a conflict)."""
    _owner_check(actor, task)
    measures = (measures or "").strip()
    with transaction.atomic():
        task = locked(task)
        version_check(task, version)
        _not_signed_off(task)
        if measures == task.measures:
            return task
        changes = {"measures": [task.measures, measures]}
        task.measures = measures
        task.version += 1
        task.save(update_fields=["measures", "version"])
        task_history(task, changes, actor, via)
    return task


def evidence_add(
    *,
    task: Rectification,
    upload: Any,
    note: str = "",
    actor: Any,
    via: str = Source.FORM,
) -> Evidence:
    """Attach a file that shows the rectification was done (佐证材料), kept under the data
    folder (attachments/supervision/<task>/); the owner adds it to a task not signed off.
    The file is removed again when the evidence is not written."""
    _owner_check(actor, task)
    if upload is None:
        raise FieldInvalid("file", _("请选择佐证材料文件"))
    note = (note or "").strip()
    if len(note) > 300:
        raise FieldInvalid("note", _("不能超过 %(limit)s 个字") % {"limit": 300})
    _not_signed_off(task)
    try:
        path = attachment_keep(upload, folder=f"supervision/{task.pk}")
    except InvalidInput as exc:
        raise FieldInvalid("file", exc.message) from None
    try:
        with transaction.atomic():
            task = locked(task)
            _not_signed_off(task)
            name = path.rsplit("/", 1)[-1].split("-", 1)[-1]
            evidence = Evidence.objects.create(
                task=task, name=name[:200], path=path, note=note, uploaded_by=actor_of(actor)
            )
            task.version += 1
            task.save(update_fields=["version"])
            task_history(task, {"evidence": [None, name]}, actor, via)
    except BaseException:
        (attachments_root() / path).unlink(missing_ok=True)
        raise
    return evidence


def rectification_submit(
    *,
    task: Rectification,
    on: dt.date | None = None,
    actor: Any,
    via: str = Source.FORM,
) -> Rectification:
    """The owner reports the task done (整改完成，待销号) on `on` (today by default, not
    after today nor before the finding was found): only a task being rectified, and only
    with its measures recorded."""
    _owner_check(actor, task)
    on = day_check("on", on)
    with transaction.atomic():
        task = locked(task)
        if task.status != TaskStatus.OPEN:
            raise InvalidInput(_("只有整改中的任务才能报送整改完成"))
        if not task.measures.strip():
            raise FieldInvalid("measures", _("请先填写整改措施，再报送整改完成"))
        found_on = task.finding.found_on
        if on < found_on:
            raise FieldInvalid("on", _("日期不能早于发现日期（%(date)s）") % {"date": found_on})
        changes = {
            "status": [task.status, TaskStatus.SUBMITTED],
            "submitted_on": [shown(task.submitted_on), shown(on)],
        }
        task.status, task.submitted_on = TaskStatus.SUBMITTED, on
        task.version += 1
        task.save(update_fields=["status", "submitted_on", "version"])
        task_history(task, changes, actor, via)
    return task


def _issuer_check(actor: Any, task: Rectification, *, not_issuer: str, owner: str) -> None:
    """Only the issuer signs off or reopens, never the owner itself (administrators may):
    NotAllowed with `not_issuer` or `owner`."""
    if actor is None or finding_access.may_sign_off(actor, task):
        return
    if finding_access.is_issuer(actor, task.finding):
        raise NotAllowed(owner)
    raise NotAllowed(not_issuer)


def rectification_sign_off(
    *,
    task: Rectification,
    on: dt.date | None = None,
    actor: Any,
    via: str = Source.FORM,
) -> Rectification:
    """The issuer signs off a task reported done (销号) on `on` (today by default, not after
    today nor before it was reported done). Refused to anyone but the issuer, to the owner
    itself (unless an administrator), for a task not reported done, and for a task without
    at least one evidence file."""
    _issuer_check(
        actor,
        task,
        not_issuer=_("只有督办单位才能销号"),
        owner=_("责任单位不能为自己的整改任务销号"),
    )
    on = day_check("on", on)
    with transaction.atomic():
        task = locked(task)
        if task.status != TaskStatus.SUBMITTED:
            raise InvalidInput(_("只有已报送整改完成（待销号）的任务才能销号"))
        if not task.evidence.exists():
            raise InvalidInput(_("没有佐证材料，不能销号：请责任单位先上传佐证材料"))
        if task.submitted_on and on < task.submitted_on:
            raise FieldInvalid(
                "on",
                _("销号日期不能早于报送完成日期（%(date)s）") % {"date": task.submitted_on},
            )
        changes = {
            "status": [task.status, TaskStatus.SIGNED_OFF],
            "signed_off_on": [None, shown(on)],
        }
        task.status, task.signed_off_on = TaskStatus.SIGNED_OFF, on
        task.signed_off_by = actor_of(actor)
        task.version += 1
        task.save(update_fields=["status", "signed_off_on", "signed_off_by", "version"])
        task_history(task, changes, actor, via)
    return task


def rectification_reopen(
    *,
    task: Rectification,
    reason: str,
    actor: Any,
    via: str = Source.FORM,
) -> Rectification:
    """The issuer sends a task reported done or signed off back to rectification (重新整改),
    with its reason: the task is open again, `reopened` counts up and the reason is kept (the
    latest on the task, every one in its history); the sign-off and the report of completion
    are cleared."""
    _issuer_check(
        actor,
        task,
        not_issuer=_("只有督办单位才能退回重新整改"),
        owner=_("责任单位不能将自己的整改任务退回重新整改"),
    )
    reason = text_check("reason", reason, _("重新整改须说明原因"))
    with transaction.atomic():
        task = locked(task)
        if task.status == TaskStatus.OPEN:
            raise InvalidInput(_("该任务正在整改中，无需重新整改"))
        changes = {
            "status": [task.status, TaskStatus.OPEN],
            "reopened": [task.reopened, task.reopened + 1],
            "reopen_reason": [task.reopen_reason, reason],
        }
        if task.signed_off_on:
            changes["signed_off_on"] = [shown(task.signed_off_on), None]
        if task.submitted_on:
            changes["submitted_on"] = [shown(task.submitted_on), None]
        task.status = TaskStatus.OPEN
        task.reopened += 1
        task.reopen_reason = reason
        task.signed_off_on = task.signed_off_by = task.submitted_on = None
        task.version += 1
        task.save()
        task_history(task, changes, actor, via)
    return task
