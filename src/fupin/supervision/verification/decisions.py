"""A county's rates from its verdicts, the recorded decision, and what a 回头看 reports back:
each household found wrongly exited becomes a finding with a rectification task for its
county (the county corrects the registry and the finding is signed off like any other)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fupin.core.errors import InvalidInput
from fupin.core.history import change_record
from fupin.core.models import Source
from fupin.policy import verification as rules
from fupin.policy.errors import PolicyError
from fupin.policy.regimes import load_regime
from fupin.regions.models import Region
from fupin.supervision.enums import (
    CampaignKind,
    CampaignStatus,
    FindingCategory,
    FindingSource,
)
from fupin.supervision.models import (
    Campaign,
    CampaignCounty,
    Finding,
    SampleHousehold,
    Verdict,
)
from fupin.supervision.verification.common import CAMPAIGN

#: days a county has to correct a household a 回头看 found wrongly exited
LOOK_BACK_DAYS = 30


def county_figures(row: CampaignCounty) -> rules.CountyFigures:
    if row.rural_population is None:
        raise InvalidInput(_("%(county)s 尚未抽样：没有户籍人口数据") % {"county": row.county.name})
    return rules.CountyFigures(
        county_code=row.county_id,
        rural_population=row.rural_population,
        remaining_registered=row.remaining_registered or 0,
        exited=row.exited or 0,
        non_registered=row.non_registered or 0,
    )


def county_verdicts(row: CampaignCounty) -> list[rules.Verdict]:
    """The county's verdicts as the rates take them (households without one are left out)."""
    return [
        rules.Verdict(
            household_id=str(hid),
            stratum=stratum,
            members=members,
            wrongly_exited=wrong,
            omitted=omitted,
            approval=approval or None,
        )
        for hid, stratum, members, wrong, omitted, approval in Verdict.objects.filter(
            sample__campaign_county=row
        ).values_list(
            "sample__household_id",
            "sample__stratum",
            "sample__members",
            "wrongly_exited",
            "omitted",
            "approval",
        )
    ]


@dataclass(frozen=True)
class CountyOutcome:
    """A county's rates and, when every rate has a sample, the decision they give."""

    row: CampaignCounty
    rates: rules.CountyRates | None
    decision: rules.Decision | None
    sampled: int
    recorded: int
    problem: str  # why there is no decision ('' when there is one)

    @property
    def complete(self) -> bool:
        return self.sampled > 0 and self.recorded == self.sampled


def _language() -> str:
    return (get_language() or "zh-hans")[:2]


def county_outcome(row: CampaignCounty) -> CountyOutcome:
    sampled = SampleHousehold.objects.filter(campaign_county=row).count()
    verdicts = county_verdicts(row)
    if row.rural_population is None:
        return CountyOutcome(row, None, None, sampled, len(verdicts), "尚未抽样")
    rates = rules.county_rates(verdicts, county_figures(row))
    empty = [
        zh if _language() != "en" else en
        for code, zh, en in rules.INDICATORS
        if rates.by_code(code).value is None
    ]
    if empty:
        problem = _("%(names)s 尚无样本，无法判定") % {"names": "、".join(empty)}
        return CountyOutcome(row, rates, None, sampled, len(verdicts), problem)
    try:
        decision = rules.decide(rates, load_regime(row.campaign.regime))
    except PolicyError as exc:
        return CountyOutcome(row, rates, None, sampled, len(verdicts), str(exc))
    return CountyOutcome(row, rates, decision, sampled, len(verdicts), "")


def county_decide(
    *, row: CampaignCounty, on: dt.date, actor: Any, source: str = Source.FORM
) -> CountyOutcome:
    """Record the county's decision from its rates once every sampled household has its
    verdict: exit only if all four indicators pass; the failing ones are named."""
    with transaction.atomic():
        row = (
            CampaignCounty.objects.select_for_update()
            .select_related("campaign", "county")
            .get(pk=row.pk)
        )
        if row.campaign.kind == CampaignKind.LOOK_BACK:
            raise InvalidInput(_("回头看不作退出认定"))
        if row.campaign.status == CampaignStatus.CLOSED:
            raise InvalidInput(_("评估检查已结束"))
        outcome = county_outcome(row)
        if not outcome.complete:
            raise InvalidInput(
                _("%(county)s：%(sampled)s 户样本中已录入 %(recorded)s 户，全部录入后才能认定")
                % {
                    "county": row.county.name,
                    "sampled": outcome.sampled,
                    "recorded": outcome.recorded,
                }
            )
        if outcome.decision is None:
            raise InvalidInput(
                _("%(county)s：%(problem)s")
                % {"county": row.county.name, "problem": outcome.problem}
            )
        before = [row.may_exit, row.failing]
        row.may_exit = outcome.decision.exit
        row.failing = [i.code for i in outcome.decision.failing]
        row.decided_on = on
        row.decided_by = actor if getattr(actor, "pk", None) else None
        row.save(update_fields=["may_exit", "failing", "decided_on", "decided_by"])
        change_record(
            subject=CAMPAIGN,
            obj_id=row.campaign_id,
            label=f"{row.campaign} {row.county.name}",
            changes={f"county {row.county_id}": [before, [row.may_exit, row.failing]]},
            actor=actor,
            source=source,
        )
    return outcome


def look_back_report(
    *, campaign: Campaign, on: dt.date, actor: Any, source: str = Source.FORM
) -> list[Finding]:
    """Report the households a check found wrongly exited back, through the findings
    services: one finding per household, with a task to correct the registry within
    LOOK_BACK_DAYS. A 回头看 is the county's own check: the county's office issues the finding
    and its township corrects; a third-party check's findings are issued by the province to
    the county. A household already reported by this campaign is not reported twice."""
    from fupin.supervision import findings

    look_back = campaign.kind == CampaignKind.LOOK_BACK
    found_by = campaign.institution.name if campaign.institution else campaign.name
    created: list[Finding] = []
    with transaction.atomic():
        done = set(Finding.objects.filter(campaign=campaign).values_list("household_id", flat=True))
        wrong = (
            Verdict.objects.filter(sample__campaign_county__campaign=campaign, wrongly_exited=True)
            .exclude(sample__household_id__in=done)
            .select_related("sample__household", "sample__campaign_county__county")
            .order_by("sample__campaign_county__county_id", "sample__order")
        )
        regions = {}
        for verdict in wrong:
            sample = verdict.sample
            county = sample.campaign_county.county
            village = sample.household.village_id
            issuer, owner = (
                (county.code, village[:9]) if look_back else (county.code[:2], county.code)
            )
            for code in (issuer, owner, village):
                if code not in regions:
                    regions[code] = Region.objects.get(code=code)
            income = verdict.income_found
            finding = findings.finding_create(
                source=FindingSource.LOOK_BACK if look_back else FindingSource.THIRD_PARTY,
                found_by=found_by,
                found_on=verdict.visited_on,
                year=campaign.year,
                category=FindingCategory.ACCURACY,
                text=_(
                    "%(campaign)s：%(number)s 户核实人均纯收入%(income)s，"
                    "不符合脱贫标准，属错误退出"
                )
                % {
                    "campaign": campaign.name,
                    "number": sample.household.number,
                    "income": f"{income}元" if income is not None else _("未录"),
                },
                region=regions[village],
                issuer_region=regions[issuer],
                campaign=campaign,
                household=sample.household,
                actor=actor,
                via=source,
            )
            findings.rectification_add(
                finding=finding,
                requirement=_("核实该户情况，按程序纠正脱贫标识并落实帮扶措施"),
                deadline=max(on, verdict.visited_on) + dt.timedelta(days=LOOK_BACK_DAYS),
                owner_region=regions[owner],
                actor=actor,
                via=source,
            )
            created.append(finding)
    return created
