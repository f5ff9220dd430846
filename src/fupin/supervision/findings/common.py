"""What the finding services share: the history subjects, the checks of dates and texts,
the locked task and its history row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.core.errors import FieldInvalid
from fupin.core.history import change_record
from fupin.supervision.models import Finding, Rectification

FINDING = "finding"
TASK = "rectification"


def today() -> dt.date:
    return timezone.localdate()


def day_check(field: str, day: dt.date | None) -> dt.date:
    """`day` (today when None), never after today."""
    day = day or today()
    if day > today():
        raise FieldInvalid(field, _("日期不能晚于今天（%(date)s）") % {"date": day})
    return day


def text_check(field: str, value: str | None, message: str, limit: int | None = None) -> str:
    """`value` stripped; FieldInvalid with `message` when empty, or longer than `limit`."""
    value = (value or "").strip()
    if not value:
        raise FieldInvalid(field, message)
    if limit is not None and len(value) > limit:
        raise FieldInvalid(field, _("不能超过 %(limit)s 个字") % {"limit": limit})
    return value


def actor_of(actor: Any) -> Any:
    """The user to store (None for the system: commands, the demo)."""
    return actor if getattr(actor, "pk", None) else None


def finding_history(finding: Finding, changes: dict[str, Any], actor: Any, via: str) -> None:
    change_record(
        subject=FINDING,
        obj_id=finding.pk,
        label=str(finding),
        changes=changes,
        actor=actor,
        source=via,
    )


def task_history(task: Rectification, changes: dict[str, Any], actor: Any, via: str) -> None:
    change_record(
        subject=TASK, obj_id=task.pk, label=str(task), changes=changes, actor=actor, source=via
    )


def locked(task: Rectification) -> Rectification:
    """The task locked for the transaction, read again (another request may have moved it)."""
    return Rectification.objects.select_for_update().get(pk=task.pk)


def version_check(task: Rectification, version: int | None) -> None:
    """A form or an API body carries the version it was filled against: a newer one in the
    database is a conflict, never overwritten silently."""
    if version is not None and version != task.version:
        raise FieldInvalid(
            "version",
            _("该整改任务已被他人修改（当前版本 %(version)s，您的版本 %(yours)s），请刷新后重试")
            % {"version": task.version, "yours": version},
        )
