"""A finding (问题) and the rectification tasks (整改任务) its issuer sets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fupin.core.errors import FieldInvalid, NotAllowed
from fupin.core.history import shown
from fupin.core.models import Source
from fupin.supervision import finding_access
from fupin.supervision.enums import FindingCategory, FindingSource, TaskStatus
from fupin.supervision.findings.common import (
    actor_of,
    day_check,
    finding_history,
    task_history,
    text_check,
)
from fupin.supervision.models import Finding, Rectification


def _choice(field: str, value: str, choices: Any) -> str:
    if value not in choices.values:
        names = "、".join(str(label) for label in choices.labels)
        raise FieldInvalid(field, _("未知的值，应为：%(names)s") % {"names": names})
    return value


def _issuer_check(actor: Any, region: Any, unit: Any) -> None:
    if region is None and unit is None:
        raise FieldInvalid("issuer_region", _("须填写督办地区或督办单位"))
    code = region.code if region is not None else None
    if actor is not None and not finding_access.may_issue(actor, region=code, unit=unit):
        raise NotAllowed(_("您不能以该督办地区或督办单位的名义录入问题、下达整改任务"))


def finding_create(
    *,
    source: str,
    found_by: str,
    found_on: dt.date,
    category: str,
    text: str,
    region: Any = None,
    unit: Any = None,
    issuer_region: Any = None,
    issuer_unit: Any = None,
    year: int | None = None,
    reference: str = "",
    campaign: Any = None,
    household: Any = None,
    actor: Any,
    via: str = Source.FORM,
) -> Finding:
    """Record a finding: its source (巡视, 审计, 考核, 督查, 回头看, 第三方评估, 自查), the body
    that found it and when, the region or unit it concerns (at least one), its category and
    text, and its issuer (督办: a region's office or a unit) — who sets its tasks and signs
    them off, and in whose name the actor must act (administrators and the system act for
    any). `year` is the year it counts in (the assessment's), by default the year it was
    found."""
    source = _choice("source", source, FindingSource)
    category = _choice("category", category, FindingCategory)
    found_by = text_check("found_by", found_by, _("请填写发现单位"), 200)
    text = text_check("text", text, _("请填写问题描述"))
    reference = (reference or "").strip()
    if len(reference) > 100:
        raise FieldInvalid("reference", _("不能超过 %(limit)s 个字") % {"limit": 100})
    found_on = day_check("found_on", found_on)
    year = found_on.year if year is None else year
    if not 1949 <= year <= 2100:
        raise FieldInvalid("year", _("年度应在 1949 至 2100 之间"))
    if region is None and unit is None:
        raise FieldInvalid("region", _("问题须涉及一个地区或一个单位"))
    _issuer_check(actor, issuer_region, issuer_unit)
    with transaction.atomic():
        finding = Finding.objects.create(
            source=source,
            found_by=found_by,
            found_on=found_on,
            year=year,
            reference=reference,
            region=region,
            unit=unit,
            category=category,
            text=text,
            issuer_region=issuer_region,
            issuer_unit=issuer_unit,
            campaign=campaign,
            household=household,
            created_by=actor_of(actor),
        )
        values = {
            "source": source,
            "found_by": found_by,
            "found_on": found_on,
            "year": year,
            "reference": reference,
            "region": region,
            "unit": unit,
            "category": category,
            "issuer_region": issuer_region,
            "issuer_unit": issuer_unit,
        }
        changes: dict[str, Any] = {"created": [None, str(finding)]}
        changes |= {k: [None, shown(v)] for k, v in values.items() if v not in (None, "")}
        finding_history(finding, changes, actor, via)
    return finding


def rectification_add(
    *,
    finding: Finding,
    requirement: str,
    deadline: dt.date,
    owner_region: Any = None,
    owner_unit: Any = None,
    actor: Any,
    via: str = Source.FORM,
) -> Rectification:
    """Set a rectification task of the finding: its owner (a region's office or a unit), what
    is required and by when (not before the finding was found). Only the issuer sets tasks
    (administrators and the system too). History rows on the finding and on the task; the
    finding's version goes up."""
    if actor is not None and not finding_access.is_issuer(actor, finding):
        raise NotAllowed(_("只有督办单位才能下达整改任务"))
    if owner_region is None and owner_unit is None:
        raise FieldInvalid("owner_region", _("须填写责任地区或责任单位"))
    requirement = text_check("requirement", requirement, _("请填写整改要求"))
    if deadline < finding.found_on:
        raise FieldInvalid(
            "deadline",
            _("整改时限不能早于发现日期（%(date)s）") % {"date": finding.found_on},
        )
    with transaction.atomic():
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        task = Rectification.objects.create(
            finding=finding,
            owner_region=owner_region,
            owner_unit=owner_unit,
            requirement=requirement,
            deadline=deadline,
            status=TaskStatus.OPEN,
        )
        owner = owner_region or owner_unit
        finding.version += 1
        finding.save(update_fields=["version"])
        finding_history(finding, {"task": [None, f"{owner} {deadline}"]}, actor, via)
        task_history(
            task,
            {
                "created": [None, str(task)],
                "owner": [None, shown(owner)],
                "requirement": [None, requirement],
                "deadline": [None, shown(deadline)],
            },
            actor,
            via,
        )
    return task
