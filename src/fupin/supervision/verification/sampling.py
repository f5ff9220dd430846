"""Drawing a campaign's sample from the registry: each county's villages (poor / non-poor by
the regions' yearly figures) and households (registered-remaining / exited / non-registered
in the campaign's year), through :func:`fupin.policy.verification.draw_sample`, stored with
the registry figures the evaluators see beside their verdicts and the figures the incidence
needs. Villages go to the evaluators in turn, so that a team works village by village."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from fupin.core.errors import FieldInvalid, InvalidInput
from fupin.core.history import change_record
from fupin.core.models import Source
from fupin.policy import verification as rules
from fupin.policy.errors import PolicyError
from fupin.regions.models import Region, RegionYear
from fupin.registry.models import Household, HouseholdResult, Member
from fupin.supervision.enums import CampaignStatus, HouseholdStratum
from fupin.supervision.models import (
    Campaign,
    CampaignCounty,
    SampleHousehold,
    SampleVillage,
    Verdict,
)
from fupin.supervision.verification.common import CAMPAIGN


def household_stratum(registered_year: int | None, exit_year: int | None, year: int) -> str:
    """A household's stratum in `year`: exited (exit year ≤ year), registered and remaining
    (registered by then, not exited), or non-registered (never, or only later)."""
    if registered_year is None or registered_year > year:
        return HouseholdStratum.NON_REGISTERED
    if exit_year is not None and exit_year <= year:
        return HouseholdStratum.EXITED
    return HouseholdStratum.REGISTERED


def _county_rows(county: Region, year: int, regime: str) -> tuple[list[Any], list[Any], dict]:
    """The county's villages and households as the sampling core takes them, and what each
    household carries (members, income, status, guarantees) in `year`."""
    prefix = county.code
    rows = list(
        Household.objects.filter(village_id__gte=prefix, village_id__lt=prefix + "~").values_list(
            "pk", "village_id", "registered_year", "exit_year"
        )
    )
    # the villages that hold households in the registry: a village with none has nothing
    # for the evaluators to check against
    village_codes = sorted({village for _, village, _, _ in rows})
    poor = set(
        RegionYear.objects.filter(
            region_id__in=village_codes, year=year, poor_village=True
        ).values_list("region_id", flat=True)
    )
    villages = [rules.Village(code=c, poor=c in poor) for c in village_codes]
    results = {
        hid: (members, income, status, met)
        for hid, members, income, status, met in HouseholdResult.objects.filter(
            year=year, regime=regime, village_id__gte=prefix, village_id__lt=prefix + "~"
        ).values_list("household_id", "members", "per_capita_income", "status", "guarantees_met")
    }
    households = []
    info: dict[str, tuple[int, Any, str, bool | None]] = {}
    missing_members: list[int] = []
    for pk, village, registered_year, exit_year in rows:
        stratum = household_stratum(registered_year, exit_year, year)
        households.append(rules.Household(str(pk), village, stratum))
        if pk in results:
            info[str(pk)] = results[pk]
        else:
            missing_members.append(pk)
    if missing_members:  # not evaluated that year: the members on file, no figures
        counts = dict(
            Member.objects.filter(household_id__in=missing_members)
            .values("household_id")
            .annotate(n=Count("pk"))
            .values_list("household_id", "n")
        )
        for pk in missing_members:
            info[str(pk)] = (max(1, counts.get(pk, 1)), None, "", None)
    return villages, households, info


def _figures(county: Region, year: int, households: list[Any], info: dict) -> dict[str, int]:
    """The county's people by stratum and its rural population (regions' yearly figures)."""
    people = defaultdict(int)
    for h in households:
        people[h.stratum] += info[h.household_id][0]
    row = RegionYear.objects.filter(region=county, year=year).first()
    rural = row.rural_population if row and row.rural_population else None
    if rural is None:
        raise InvalidInput(
            _(
                "%(county)s（%(code)s）%(year)s 年没有农村人口数：请先导入区划年度数据"
                "（fupin regions import-stats）"
            )
            % {"county": county.name, "code": county.code, "year": year}
        )
    registered = people[HouseholdStratum.REGISTERED] + people[HouseholdStratum.EXITED]
    return {
        "rural_population": rural,
        "remaining_registered": people[HouseholdStratum.REGISTERED],
        "exited": people[HouseholdStratum.EXITED],
        "non_registered": max(0, rural - registered),
    }


def campaign_sample(
    *, campaign: Campaign, seed: int, actor: Any, source: str = Source.FORM
) -> dict[str, list[str]]:
    """Draw (or draw again) the campaign's sample with `seed`: the same seed and registry give
    the same sample. Refused once any verdict is recorded (the sample is then fixed) or when
    the campaign is closed. Returns the notes of each county (strata taken whole)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise FieldInvalid("seed", _("随机种子须为非负整数：%(seed)s") % {"seed": seed})
    try:
        preset = rules.load_preset(campaign.preset, campaign.overrides)
    except PolicyError as exc:
        raise FieldInvalid("overrides", str(exc)) from exc
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status == CampaignStatus.CLOSED:
            raise InvalidInput(_("评估检查已结束，不能重新抽样"))
        if Verdict.objects.filter(sample__campaign_county__campaign=campaign).exists():
            raise InvalidInput(_("已有评估结论录入，样本已固定，不能重新抽样"))
        evaluators = list(campaign.evaluators.order_by("username"))
        notes: dict[str, list[str]] = {}
        total = 0
        for row in CampaignCounty.objects.filter(campaign=campaign).select_related("county"):
            villages, households, info = _county_rows(row.county, campaign.year, campaign.regime)
            figures = _figures(row.county, campaign.year, households, info)
            sample = rules.draw_sample(villages, households, preset=preset, seed=seed)
            SampleVillage.objects.filter(campaign_county=row).delete()  # households cascade
            stored = {
                v.code: SampleVillage(campaign_county=row, village_id=v.code, stratum=v.stratum)
                for v in sample.villages
            }
            SampleVillage.objects.bulk_create(stored.values())
            by_village = {
                code: evaluators[i % len(evaluators)] if evaluators else None
                for i, code in enumerate(sorted(stored))
            }
            SampleHousehold.objects.bulk_create(
                [
                    SampleHousehold(
                        campaign_county=row,
                        sample_village=stored[h.village_code],
                        household_id=int(h.household_id),
                        stratum=h.stratum,
                        members=info[h.household_id][0],
                        per_capita_income=info[h.household_id][1],
                        registry_status=info[h.household_id][2],
                        guarantees_met=info[h.household_id][3],
                        evaluator=by_village[h.village_code],
                        order=i + 1,
                    )
                    for i, h in enumerate(sample.households)
                ],
                batch_size=2000,
            )
            for key, value in figures.items():
                setattr(row, key, value)
            row.may_exit, row.failing, row.decided_on, row.decided_by = None, [], None, None
            row.save()
            notes[row.county_id] = sample.notes()
            total += len(sample.households)
        before = campaign.seed
        campaign.seed = seed
        campaign.status = CampaignStatus.SAMPLED
        campaign.version += 1
        campaign.save(update_fields=["seed", "status", "version"])
        change_record(
            subject=CAMPAIGN,
            obj_id=campaign.pk,
            label=str(campaign),
            changes={"seed": [before, seed], "sampled_households": [None, total]},
            actor=actor,
            source=source,
        )
    return notes
