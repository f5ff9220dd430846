"""Institutions and campaigns: creating a campaign checks its counties, its institution (never
of a county's own province), its evaluators and its sampling preset."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fupin.accounts.enums import Role
from fupin.core.errors import FieldInvalid, InvalidInput
from fupin.core.history import change_record, shown
from fupin.core.models import Source
from fupin.policy.errors import PolicyError
from fupin.policy.regimes import list_regimes, load_regime
from fupin.policy.verification import list_presets, load_preset
from fupin.regions.enums import Level
from fupin.regions.models import Region, RegionYear
from fupin.supervision.enums import CampaignKind, CampaignStatus
from fupin.supervision.models import Campaign, CampaignCounty, Institution
from fupin.supervision.verification.common import CAMPAIGN


def institution_create(
    *,
    name: str,
    province: Region,
    credit_code: str = "",
    contact: str = "",
    actor: Any,
    source: str = Source.FORM,
) -> Institution:
    """An evaluating institution based in `province`."""
    name = name.strip()
    if not name:
        raise FieldInvalid("name", _("机构名称不能为空"))
    if province.level != Level.PROVINCE:
        raise FieldInvalid("province", _("%(name)s 不是省级行政区") % {"name": province.name})
    with transaction.atomic():
        if Institution.objects.filter(name=name).exists():
            raise FieldInvalid("name", _("评估机构“%(name)s”已存在") % {"name": name})
        institution = Institution.objects.create(
            name=name, province=province, credit_code=credit_code.strip(), contact=contact
        )
        change_record(
            subject="verification_institution",
            obj_id=institution.pk,
            label=name,
            changes={"created": [None, {"name": name, "province": province.code}]},
            actor=actor,
            source=source,
        )
    return institution


def institution_check(institution: Institution | None, counties: Iterable[Region]) -> None:
    """An institution may never evaluate a county of its own province (DOMAIN.md §3.2)."""
    if institution is None:
        return
    own = [c for c in counties if c.code[:2] == institution.province_id[:2]]
    if own:
        names = "、".join(c.name for c in own[:5])
        raise FieldInvalid(
            "institution",
            _("评估机构“%(name)s”所在省份不得评估本省的县：%(counties)s")
            % {"name": institution.name, "counties": names},
        )


def counties_exited_in(year: int, *, within: str = "") -> list[Region]:
    """The counties that exited (摘帽) in `year`, by the regions' yearly figures."""
    rows = RegionYear.objects.filter(
        region__level=Level.COUNTY, year=year, exit_year=year, region__code__startswith=within
    ).select_related("region")
    return sorted({r.region for r in rows}, key=lambda r: r.code)


def spot_check_draw(
    *, exited_in: int, share: Fraction = Fraction(1, 5), seed: int, within: str = ""
) -> list[Region]:
    """2019's spot check: a share (20 %) of the counties that exited in a year, drawn from a
    seed (rounded up, at least one when there is any)."""
    counties = counties_exited_in(exited_in, within=within)
    if not counties:
        return []
    wanted = max(1, -(-len(counties) * share.numerator // share.denominator))
    chosen = random.Random(f"{seed}/spot-check/{exited_in}/{within}").sample(counties, wanted)
    return sorted(chosen, key=lambda r: r.code)


def campaign_create(
    *,
    name: str,
    kind: str,
    year: int,
    counties: Sequence[Region],
    institution: Institution | None = None,
    evaluators: Iterable[Any] = (),
    preset: str = "national-2017",
    overrides: Mapping[str, Any] | None = None,
    regime: str = "cn-2014",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    actor: Any,
    source: str = Source.FORM,
) -> Campaign:
    """A campaign over `counties`. Refused (FieldInvalid naming the field): an unknown kind,
    preset or regime; invalid overrides; no counties, or a region that is not a county; a
    third-party campaign without an institution, or an institution of a county's own
    province; an evaluator whose role is not 第三方评估; a spot check of a county that has not
    exited; the period ending before it starts."""
    name = name.strip()
    if not name:
        raise FieldInvalid("name", _("名称不能为空"))
    if kind not in CampaignKind.values:
        raise FieldInvalid(
            "kind", _("类型必须是 %(kinds)s 之一") % {"kinds": ", ".join(CampaignKind.values)}
        )
    if regime not in list_regimes():
        raise FieldInvalid("regime", _("未知的政策标准 %(regime)s") % {"regime": regime})
    if load_regime(regime).monitoring and kind != CampaignKind.LOOK_BACK:
        raise FieldInvalid(
            "regime", _("%(regime)s 是监测标准：贫困县已不再按发生率退出") % {"regime": regime}
        )
    if preset not in list_presets():
        raise FieldInvalid(
            "preset",
            _("未知的抽样方案 %(preset)s（可选：%(known)s）")
            % {"preset": preset, "known": ", ".join(list_presets())},
        )
    try:
        load_preset(preset, overrides)
    except PolicyError as exc:
        raise FieldInvalid("overrides", str(exc)) from exc
    counties = list(counties)
    if not counties:
        raise FieldInvalid("counties", _("至少选择一个县"))
    not_counties = [c for c in counties if c.level != Level.COUNTY]
    if not_counties:
        raise FieldInvalid(
            "counties", _("%(name)s 不是县级行政区") % {"name": not_counties[0].name}
        )
    if len({c.code for c in counties}) != len(counties):
        raise FieldInvalid("counties", _("县重复"))
    if kind != CampaignKind.LOOK_BACK and institution is None:
        raise FieldInvalid("institution", _("第三方评估检查须指定评估机构"))
    institution_check(institution, counties)
    if kind == CampaignKind.SPOT_CHECK:
        exited = set(
            RegionYear.objects.filter(
                region__in=counties, year__lte=year, exit_year__isnull=False, exit_year__lte=year
            ).values_list("region_id", flat=True)
        )
        missing = [c for c in counties if c.code not in exited]
        if missing:
            raise FieldInvalid(
                "counties",
                _("%(name)s 在 %(year)s 年前尚未摘帽，不能抽查")
                % {"name": missing[0].name, "year": year},
            )
    evaluators = list(evaluators)
    wrong = [u for u in evaluators if u.role != Role.EVALUATOR and not u.is_superuser]
    if wrong:
        raise FieldInvalid(
            "evaluators", _("用户 %(user)s 不是第三方评估人员") % {"user": wrong[0].username}
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise FieldInvalid("ends_on", _("结束日期早于开始日期"))
    with transaction.atomic():
        if Campaign.objects.filter(year=year, name=name).exists():
            raise FieldInvalid(
                "name", _("%(year)s 年已有名为“%(name)s”的评估检查") % {"year": year, "name": name}
            )
        campaign = Campaign.objects.create(
            name=name,
            kind=kind,
            year=year,
            regime=regime,
            institution=institution,
            preset=preset,
            overrides=dict(overrides or {}),
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        CampaignCounty.objects.bulk_create(
            CampaignCounty(campaign=campaign, county=c) for c in counties
        )
        campaign.evaluators.set(evaluators)
        change_record(
            subject=CAMPAIGN,
            obj_id=campaign.pk,
            label=str(campaign),
            changes={
                "created": [
                    None,
                    {
                        "kind": kind,
                        "year": year,
                        "counties": [c.code for c in counties],
                        "institution": shown(institution),
                        "evaluators": [u.username for u in evaluators],
                        "preset": preset,
                    },
                ]
            },
            actor=actor,
            source=source,
        )
    return campaign


def campaign_evaluators_set(
    *, campaign: Campaign, evaluators: Iterable[Any], actor: Any, source: str = Source.FORM
) -> None:
    """Name the campaign's evaluators; one who already has sampled households keeps them
    only while named (a removed one's households are left unassigned)."""
    evaluators = list(evaluators)
    wrong = [u for u in evaluators if u.role != Role.EVALUATOR and not u.is_superuser]
    if wrong:
        raise FieldInvalid(
            "evaluators", _("用户 %(user)s 不是第三方评估人员") % {"user": wrong[0].username}
        )
    with transaction.atomic():
        before = sorted(campaign.evaluators.values_list("username", flat=True))
        campaign.evaluators.set(evaluators)
        from fupin.supervision.models import SampleHousehold

        SampleHousehold.objects.filter(campaign_county__campaign=campaign).exclude(
            evaluator__in=evaluators
        ).exclude(evaluator__isnull=True).update(evaluator=None)
        after = sorted(u.username for u in evaluators)
        if before != after:
            change_record(
                subject=CAMPAIGN,
                obj_id=campaign.pk,
                label=str(campaign),
                changes={"evaluators": [before, after]},
                actor=actor,
                source=source,
            )


def campaign_close(*, campaign: Campaign, actor: Any, source: str = Source.FORM) -> None:
    """Close a campaign once every county is decided; nothing changes in it afterwards."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status == CampaignStatus.CLOSED:
            return
        open_counties = campaign.counties.filter(may_exit__isnull=True).count()
        if open_counties and campaign.kind != CampaignKind.LOOK_BACK:
            raise InvalidInput(_("尚有 %(n)s 个县未认定，不能结束评估检查") % {"n": open_counties})
        campaign.status = CampaignStatus.CLOSED
        campaign.version += 1
        campaign.save(update_fields=["status", "version"])
        change_record(
            subject=CAMPAIGN,
            obj_id=campaign.pk,
            label=str(campaign),
            changes={"status": [CampaignStatus.SAMPLED, CampaignStatus.CLOSED]},
            actor=actor,
            source=source,
        )
