"""Recording an evaluator's verdict on a sampled household, from a form, the API or a row of
a returned workbook. A verdict carries the version it was filled against: a newer one in the
database is a :class:`VerdictConflict` (both kept for a side-by-side view), never overwritten
silently. 错退 and 漏评 follow from what was found (income below the year's line, or a
guarantee not met) unless the evaluator states them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.core.errors import FieldInvalid
from fupin.core.history import shown
from fupin.core.models import Change, Source
from fupin.policy.errors import PolicyError
from fupin.policy.regimes import load_regime
from fupin.supervision.enums import Approval, CampaignStatus, HouseholdStratum
from fupin.supervision.models import SampleHousehold, Verdict
from fupin.supervision.verification.common import VERDICT, VERDICT_FIELDS, VerdictConflict

GUARANTEE_FIELDS = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")


def verdict_values(verdict: Verdict | None) -> dict[str, Any]:
    """A verdict's fields as a form or a workbook row holds them ({} for none)."""
    if verdict is None:
        return {}
    return {name: getattr(verdict, name) for name in VERDICT_FIELDS}


def found_poor(sample: SampleHousehold, values: Mapping[str, Any]) -> bool | None:
    """Whether what was found makes the household poor: income below the year's line or a
    guarantee not met; None when neither income nor any guarantee was recorded."""
    campaign = sample.campaign_county.campaign
    income = values.get("income_found")
    guarantees = [values.get(f) for f in GUARANTEE_FIELDS]
    if income is None and all(g is None for g in guarantees):
        return None
    if any(g is False for g in guarantees):
        return True
    if income is None:
        return False
    try:
        line = load_regime(campaign.regime).poverty_line(campaign.year).amount
    except PolicyError:
        return None
    return Decimal(income) < line


def verdict_checked(sample: SampleHousehold, values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(values) - set(VERDICT_FIELDS))
    if unknown:
        raise FieldInvalid(unknown[0], _("未知字段 %(field)s") % {"field": unknown[0]})
    clean: dict[str, Any] = {}
    income = values.get("income_found")
    if income is not None:
        try:
            income = Decimal(str(income)).quantize(Decimal("0.01"))
        except ArithmeticError as exc:
            raise FieldInvalid(
                "income_found", _("核实人均纯收入不是数字：%(value)s") % {"value": income}
            ) from exc
        if income < 0:
            raise FieldInvalid("income_found", _("核实人均纯收入不能为负数"))
    clean["income_found"] = income
    for name in GUARANTEE_FIELDS:
        flag = values.get(name)
        if flag is not None and not isinstance(flag, bool):
            raise FieldInvalid(name, _("%(field)s 须为 是/否") % {"field": name})
        clean[name] = flag
    approval = values.get("approval") or ""
    if approval not in ("", *Approval.values):
        raise FieldInvalid(
            "approval",
            _("群众认可度须为 认可、不认可 或 说不清，不是 %(value)s") % {"value": approval},
        )
    clean["approval"] = approval
    visited = values.get("visited_on")
    if not isinstance(visited, dt.date):
        raise FieldInvalid("visited_on", _("入户日期必填"))
    if visited > timezone.localdate():
        raise FieldInvalid("visited_on", _("入户日期不能晚于今天"))
    campaign = sample.campaign_county.campaign
    if campaign.starts_on and visited < campaign.starts_on:
        raise FieldInvalid(
            "visited_on", _("入户日期早于评估检查开始日期 %(day)s") % {"day": campaign.starts_on}
        )
    clean["visited_on"] = visited
    clean["note"] = str(values.get("note") or "").strip()
    poor = found_poor(sample, clean)
    for name, stratum, label in (
        ("wrongly_exited", HouseholdStratum.EXITED, "错退"),
        ("omitted", HouseholdStratum.NON_REGISTERED, "漏评"),
    ):
        flag = values.get(name)
        if flag is not None and not isinstance(flag, bool):
            raise FieldInvalid(name, _("%(field)s 须为 是/否") % {"field": label})
        if flag and sample.stratum != stratum:
            raise FieldInvalid(
                name,
                _("只有%(stratum)s可以认定为%(flag)s（该户是%(this)s）")
                % {
                    "stratum": HouseholdStratum(stratum).label,
                    "flag": label,
                    "this": HouseholdStratum(sample.stratum).label,
                },
            )
        if flag is None:  # follows from what was found
            flag = bool(poor) and sample.stratum == stratum
        clean[name] = flag
    return clean


@dataclass(frozen=True)
class VerdictEntry:
    """One verdict to record: the sampled household (with its campaign county and campaign
    loaded), the values, and the version they were filled against (0: there was none)."""

    sample: SampleHousehold
    values: Mapping[str, Any]
    expected_version: int | None = 0


def verdict_record(
    *,
    sample: SampleHousehold,
    values: Mapping[str, Any],
    expected_version: int | None,
    actor: Any,
    source: str = Source.FORM,
) -> Verdict:
    """Record the verdict on `sample` (create or change): :func:`verdicts_record` of one."""
    return verdicts_record(
        entries=[VerdictEntry(sample, values, expected_version)], actor=actor, source=source
    )[0]


def verdicts_record(
    *, entries: Sequence[VerdictEntry], actor: Any, source: str = Source.FORM, job: str = ""
) -> list[Verdict]:
    """Record verdicts, all or none, in one transaction: the one writer for a form, the API,
    a returned workbook and the demo.

    Each entry's `expected_version` is the version its values were filled against (None or
    0: there was none). A different version in the database is a VerdictConflict and nothing
    is written, unless what is sent equals what is held (a workbook imported twice changes
    nothing). FieldInvalid names the field of the first entry that is wrong. Access (who may
    record) is the caller's, through verification_access."""
    if not entries:
        return []
    ids = [e.sample.pk for e in entries]
    if len(set(ids)) != len(ids):
        raise FieldInvalid("sample", _("同一户的评估结论重复"))
    samples = {
        s.pk: s
        for s in SampleHousehold.objects.filter(pk__in=ids).select_related(
            "campaign_county__campaign", "household"
        )
    }
    checked = [
        (samples[e.sample.pk], verdict_checked(samples[e.sample.pk], e.values), e) for e in entries
    ]
    closed = [
        s for s, _, _ in checked if s.campaign_county.campaign.status == CampaignStatus.CLOSED
    ]
    if closed:
        raise FieldInvalid("campaign", _("评估检查已结束，不能再修改评估结论"))
    actor_user = actor if getattr(actor, "pk", None) else None
    now = timezone.now()
    with transaction.atomic():
        held = {
            v.sample_id: v
            for v in Verdict.objects.select_for_update(of=("self",))
            .filter(sample_id__in=ids)
            .select_related("evaluator")
        }
        result: list[Verdict] = []
        new: list[Verdict] = []
        changed: list[Verdict] = []
        history: list[Change] = []
        for sample, clean, entry in checked:
            verdict = held.get(sample.pk)
            version = verdict.version if verdict else 0
            if verdict is not None and verdict_values(verdict) == clean:
                result.append(verdict)  # nothing to change
                continue
            if (entry.expected_version or 0) != version:
                by = verdict.evaluator.username if verdict and verdict.evaluator else ""
                raise VerdictConflict(
                    _(
                        "第 %(order)s 户（%(number)s）的评估结论已被%(by)s修改"
                        "（版本 %(version)s），请核对后再提交"
                    )
                    % {
                        "order": sample.order,
                        "number": sample.household.number,
                        "by": by or _("他人"),
                        "version": version,
                    },
                    sample_id=sample.pk,
                    theirs=verdict_values(verdict),
                    ours=clean,
                    by=by,
                    version=version,
                )
            if verdict is None:
                verdict = Verdict(sample=sample, evaluator=actor_user, **clean)
                changes = {k: [None, shown(v)] for k, v in clean.items() if v not in (None, "")}
                new.append(verdict)
            else:
                changes = {}
                for key, value in clean.items():
                    before = getattr(verdict, key)
                    if before != value:
                        changes[key] = [shown(before), shown(value)]
                        setattr(verdict, key, value)
                verdict.evaluator = actor_user or verdict.evaluator
                verdict.version += 1
                changed.append(verdict)
            result.append(verdict)
            history.append(
                Change(
                    at=now,
                    actor=actor_user,
                    source=source,
                    subject=VERDICT,
                    subject_id=sample.pk,
                    label=sample.household.number[:60],
                    job=job,
                    changes=changes,
                )
            )
        Verdict.objects.bulk_create(new, batch_size=1000)
        for verdict in changed:
            verdict.updated_at = now
        Verdict.objects.bulk_update(
            changed, [*VERDICT_FIELDS, "evaluator", "version", "updated_at"], batch_size=1000
        )
        Change.objects.bulk_create(history, batch_size=1000)
    return result
