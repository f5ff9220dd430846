"""The one way a request reaches verification campaigns, their counties, samples and
verdicts.

Who sees what:
- administrators: every campaign;
- evaluators (第三方评估): the campaigns they are named in, and in them only the sampled
  households assigned to them;
- offices of a province, prefecture or county: the campaigns that check a county in their
  scope, read-only, and in them the samples of those counties; a county office also records
  verdicts of a 回头看 of its own county (the county's cadres do that check).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fupin.accounts.enums import Role
from fupin.accounts.scope import scope_of
from fupin.core.errors import NotAllowed, NotFound
from fupin.supervision.enums import CampaignKind
from fupin.supervision.models import Campaign, CampaignCounty, SampleHousehold


def _role(user: Any) -> str:
    if getattr(user, "is_superuser", False):
        return Role.ADMINISTRATOR
    return str(getattr(user, "role", ""))


def is_evaluator(user: Any) -> bool:
    return user.is_authenticated and _role(user) == Role.EVALUATOR


def campaigns_for(user: Any) -> QuerySet[Campaign]:
    """The campaigns the user may open."""
    scope = scope_of(user)
    if not user.is_authenticated:
        return Campaign.objects.none()
    if scope.everything:
        return Campaign.objects.all()
    if is_evaluator(user):
        return Campaign.objects.filter(evaluators=user)
    if not scope.regions:
        return Campaign.objects.none()
    counties = CampaignCounty.objects.filter(scope.codes_q("county_id")).values("campaign_id")
    return Campaign.objects.filter(pk__in=counties)


def campaign_get(user: Any, pk: int) -> Campaign:
    campaign = campaigns_for(user).select_related("institution").filter(pk=pk).first()
    if campaign is None:
        raise NotFound(_("没有编号为 %(pk)s 的评估检查") % {"pk": pk})
    return campaign


def campaign_counties_for(user: Any, campaign: Campaign) -> QuerySet[CampaignCounty]:
    """The counties of a campaign the user reaches (an evaluator: all of the campaign's)."""
    rows = CampaignCounty.objects.filter(campaign=campaign).select_related("county")
    scope = scope_of(user)
    if scope.everything or is_evaluator(user):
        return rows
    return rows.filter(scope.codes_q("county_id"))


def campaign_county_get(user: Any, pk: int) -> CampaignCounty:
    row = (
        CampaignCounty.objects.filter(campaign__in=campaigns_for(user))
        .select_related("campaign", "county")
        .filter(pk=pk)
        .first()
    )
    if row is None or not campaign_counties_for(user, row.campaign).filter(pk=pk).exists():
        raise NotFound(_("您的评估检查中没有编号为 %(pk)s 的县") % {"pk": pk})
    return row


def may_manage_campaigns(user: Any) -> bool:
    """Create campaigns, draw samples, record decisions: administrators (the national
    office) and province offices (for their own province's 回头看 and spot checks)."""
    return _role(user) in (Role.ADMINISTRATOR, Role.PROVINCE_OFFICE)


def campaign_check_manageable(user: Any, campaign: Campaign) -> None:
    scope = scope_of(user)
    if scope.everything:
        return
    if not may_manage_campaigns(user) or campaign.kind == CampaignKind.EXIT_VERIFICATION:
        raise NotAllowed(_("只有国家扶贫办（系统管理员）可以管理贫困县退出专项评估检查"))
    codes = CampaignCounty.objects.filter(campaign=campaign).values_list("county_id", flat=True)
    if not all(scope.covers(code) for code in codes):
        raise NotAllowed(_("评估检查包含您管辖范围以外的县"))


def samples_for(user: Any, campaign: Campaign | None = None) -> QuerySet[SampleHousehold]:
    """The sampled households the user reaches: an evaluator's assigned ones, an office's of
    its counties."""
    rows = SampleHousehold.objects.all()
    if campaign is not None:
        rows = rows.filter(campaign_county__campaign=campaign)
    scope = scope_of(user)
    if not user.is_authenticated:
        return rows.none()
    if scope.everything:
        return rows
    if is_evaluator(user):
        return rows.filter(evaluator=user, campaign_county__campaign__evaluators=user)
    if not scope.regions:
        return rows.none()
    return rows.filter(scope.codes_q("campaign_county__county_id"))


def sample_get(user: Any, pk: int, *, write: bool = False) -> SampleHousehold:
    sample = (
        samples_for(user)
        .select_related(
            "campaign_county__campaign", "campaign_county__county", "household", "sample_village"
        )
        .filter(pk=pk)
        .first()
    )
    if sample is None:
        raise NotFound(_("没有分配给您的编号为 %(pk)s 的评估户") % {"pk": pk})
    if write:
        sample_check_writable(user, sample)
    return sample


def sample_check_writable(user: Any, sample: SampleHousehold) -> None:
    """Who may record a verdict: the evaluator it is assigned to, an administrator, or for a
    回头看 the office or cadres of its county."""
    scope = scope_of(user)
    campaign = sample.campaign_county.campaign
    if scope.everything:
        return
    if is_evaluator(user) and sample.evaluator_id == user.pk:
        return
    if (
        campaign.kind == CampaignKind.LOOK_BACK
        and scope.can_edit_registry
        and scope.covers(sample.campaign_county.county_id)
    ):
        return
    raise NotAllowed(_("该户不是分配给您的评估户"))


def writable_samples_q(user: Any) -> Q:
    """A filter on SampleHousehold for the rows the user may write (see
    sample_check_writable); used by the workbook import."""
    scope = scope_of(user)
    if scope.everything:
        return Q()
    if is_evaluator(user):
        return Q(evaluator=user)
    if scope.can_edit_registry and scope.regions:
        return Q(campaign_county__campaign__kind=CampaignKind.LOOK_BACK) & scope.codes_q(
            "campaign_county__county_id"
        )
    return Q(pk__in=[])
