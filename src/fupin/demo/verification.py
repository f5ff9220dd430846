"""The demo's exit verification, built through the verification services:

- 2019年贫困县退出专项评估检查: 罗田县, 仲巴县 and 镇沅县 (the counties seed 002 says exited in
  2019), by an institution of another province. 仲巴县 and 镇沅县 are evaluated and decided
  (they exit); in 罗田县 the `evaluator` login still has households to visit.
- 2020年贫困县退出专项评估检查: 阳原县 (seed 003), evaluated and decided: it fails on one
  indicator only (错退率), the registry holding more wrong exits there.
- 2019年退出县抽查: the spot check of counties that exited in 2018 (滦平县, the demo's one).
- 罗田县2019年脱贫户回头看: the county's own re-check of its 2019 exits in spring 2020; the
  wrongly exited households it found are reported back as findings with tasks for the
  townships.

The evaluators' verdicts state what the registry holds for the year (its incomes and
guarantees, its 错退 and 漏评 statuses); approval answers are drawn from a seed. The
institutions and people are illustrative, not the ones that did these checks."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth.hashers import make_password

from fupin.accounts.enums import Role
from fupin.accounts.models import User
from fupin.core.errors import InvalidInput
from fupin.core.models import Source
from fupin.regions.models import Region
from fupin.registry.models import HouseholdResult
from fupin.supervision import verification
from fupin.supervision.enums import CampaignKind
from fupin.supervision.models import Campaign, Institution, SampleHousehold

SEED = 2019
#: (username, name) of the demo's evaluators besides the `evaluator` login (no password)
TEAM = (("evaluator2", "评估员乙"), ("evaluator3", "评估员丙"))
#: households of the `evaluator` login left to visit in 罗田县
LEFT_TO_VISIT = 30


def _institutions() -> dict[str, Institution]:
    found = {}
    for key, name, province in (
        ("bnu", "北京师范大学（示例）", "11"),
        ("igsnrr", "中国科学院地理科学与资源研究所（示例）", "11"),
    ):
        institution = Institution.objects.filter(name=name).first()
        if institution is None:
            institution = verification.institution_create(
                name=name,
                province=Region.objects.get(code=province),
                actor=None,
                source=Source.DEMO,
            )
        found[key] = institution
    return found


def _team() -> list[User]:
    users = [User.objects.get(username="evaluator")]
    for username, name in TEAM:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={"role": Role.EVALUATOR, "first_name": name, "password": make_password(None)},
        )
        users.append(user)
    return users


def _answers(campaign: Campaign, samples: list[SampleHousehold], visited: dt.date) -> list[Any]:
    """What the evaluators found: the registry's figures of the year, its 错退 and 漏评, and
    approval answers drawn from a seed (about 97 % 认可)."""
    rng = random.Random(f"demo-verdicts-{campaign.pk}-{campaign.year}")
    results = {
        r.household_id: r
        for r in HouseholdResult.objects.filter(
            household_id__in=[s.household_id for s in samples],
            year=campaign.year,
            regime=campaign.regime,
        )
    }
    entries = []
    for sample in samples:
        result = results.get(sample.household_id)
        status = result.status if result else ""
        approval = rng.choices(["approve", "unsure", "disapprove"], [97, 2, 1])[0]
        values = {
            "income_found": result.per_capita_income if result else None,
            "wrongly_exited": status == "wrongly_exited" if sample.stratum == "exited" else None,
            "omitted": status == "omitted" if sample.stratum == "non_registered" else None,
            "approval": approval,
            "visited_on": visited + dt.timedelta(days=rng.randrange(0, 12)),
        }
        if result is not None and not result.guarantees_met:
            values["housing_ok"] = False  # the registry holds which; the demo says housing
        entries.append(verification.VerdictEntry(sample, values, 0))
    return entries


def _fieldwork(campaign: Campaign, *, visited: dt.date, leave: int = 0, leave_in: str = "") -> None:
    samples = list(
        SampleHousehold.objects.filter(campaign_county__campaign=campaign, verdict__isnull=True)
        .select_related("campaign_county__campaign", "household", "evaluator")
        .order_by("campaign_county__county_id", "sample_village__village_id", "order")
    )
    if leave:  # the `evaluator` login's last households are still to visit
        theirs = [
            s
            for s in samples
            if s.evaluator
            and s.evaluator.username == "evaluator"
            and s.campaign_county.county_id == leave_in
        ]
        keep = {s.pk for s in theirs[-leave:]}
        samples = [s for s in samples if s.pk not in keep]
    by_evaluator: dict[Any, list[Any]] = {}
    for entry in _answers(campaign, samples, visited):
        by_evaluator.setdefault(entry.sample.evaluator, []).append(entry)
    for evaluator, entries in by_evaluator.items():
        verification.verdicts_record(entries=entries, actor=evaluator, source=Source.DEMO)


def _campaign(name: str, **values: Any) -> tuple[Campaign, bool]:
    found = Campaign.objects.filter(year=values["year"], name=name).first()
    if found is not None:
        return found, False
    admin = User.objects.filter(username="admin").first()
    campaign = verification.campaign_create(name=name, actor=admin, source=Source.DEMO, **values)
    verification.campaign_sample(campaign=campaign, seed=SEED, actor=admin, source=Source.DEMO)
    return campaign, True


def _decide(
    campaign: Campaign, on: dt.date, *, skip: tuple[str, ...] = (), say: Any = print
) -> None:
    admin = User.objects.filter(username="admin").first()
    for row in campaign.counties.select_related("county", "campaign"):
        if row.county_id not in skip and row.may_exit is None:
            try:
                verification.county_decide(row=row, on=on, actor=admin, source=Source.DEMO)
            except InvalidInput as exc:  # a small demo (--scale) may leave a rate unsampled
                say(f"{campaign.name} {row.county.name}: {exc.message}")


def verification_build(*, say: Any = print) -> dict[str, str]:
    """The demo's campaigns (built once: building again changes nothing); returns each
    county's decision as text, for the build's log."""
    counties = {r.code: r for r in Region.objects.filter(code__in=_COUNTIES)}
    if len(counties) < len(_COUNTIES):
        return {}
    institutions = _institutions()
    team = _team()
    luotian, zhongba, zhenyuan, yangyuan, _luanping = (counties[c] for c in _COUNTIES)

    first, new = _campaign(
        "2019年贫困县退出专项评估检查",
        kind=CampaignKind.EXIT_VERIFICATION,
        year=2019,
        counties=[luotian, zhongba, zhenyuan],
        institution=institutions["bnu"],
        evaluators=team,
        starts_on=dt.date(2019, 11, 1),
        ends_on=dt.date(2019, 12, 20),
    )
    if new:
        _fieldwork(first, visited=dt.date(2019, 11, 5), leave=LEFT_TO_VISIT, leave_in=luotian.code)
        _decide(first, dt.date(2019, 12, 20), skip=(luotian.code,), say=say)

    second, new = _campaign(
        "2020年贫困县退出专项评估检查",
        kind=CampaignKind.EXIT_VERIFICATION,
        year=2020,
        counties=[yangyuan],
        institution=institutions["igsnrr"],
        evaluators=team[1:],
        starts_on=dt.date(2020, 10, 10),
        ends_on=dt.date(2020, 11, 30),
    )
    if new:
        _fieldwork(second, visited=dt.date(2020, 10, 12))
        _decide(second, dt.date(2020, 11, 30), say=say)

    # the national check drew 20 % of the 283 counties that exited in 2018
    # (verification.spot_check_draw); of the demo's registries, 滦平县's is one of them
    spot = [c for c in verification.counties_exited_in(2018) if c.code == _COUNTIES[4]]
    if spot:
        third, new = _campaign(
            "2019年退出县抽查",
            kind=CampaignKind.SPOT_CHECK,
            year=2019,
            counties=spot,
            institution=institutions["igsnrr"],
            evaluators=team[1:],
            overrides={"villages": {"poor": 6, "non_poor": 4}},
            starts_on=dt.date(2019, 6, 10),
            ends_on=dt.date(2019, 7, 10),
        )
        if new:
            _fieldwork(third, visited=dt.date(2019, 6, 12))
            _decide(third, dt.date(2019, 7, 10), say=say)

    look_back, new = _campaign(  # early 2020, on the 2019 exits' own data
        "罗田县2019年脱贫户回头看",
        kind=CampaignKind.LOOK_BACK,
        year=2019,
        counties=[luotian],
        preset="look-back-2019",
        # a county's sweep goes wider than the preset's minimum: 20 villages, a fifth of
        # their exited households
        overrides={
            "villages": {"total": 20},
            "households": [{"strata": ["exited"], "share": "1/5", "cap": 80}],
        },
        evaluators=[],
        starts_on=dt.date(2020, 3, 1),
        ends_on=dt.date(2020, 4, 30),
    )
    if new:
        _fieldwork(look_back, visited=dt.date(2020, 3, 2))
        verification.look_back_report(  # the system acts for 罗田县's office
            campaign=look_back, on=dt.date(2020, 4, 30), actor=None, source=Source.DEMO
        )
    shown = {}
    for campaign in Campaign.objects.order_by("year", "name"):
        for row in campaign.counties.select_related("county"):
            outcome = verification.county_outcome(row)
            text = "pending" if row.may_exit is None else ("exit" if row.may_exit else "no exit")
            if outcome.rates is not None:
                rates = outcome.rates
                text += (
                    f" (错退率 {float(rates.wrongly_exited_rate.value or 0):.2%}, "
                    f"漏评率 {float(rates.omitted_rate.value or 0):.2%}, "
                    f"认可度 {float(rates.approval_rate.value or 0):.2%}, "
                    f"发生率 {float(rates.incidence.value or 0):.2%}"
                    + (f"; 未达标 {', '.join(row.failing)}" if row.failing else "")
                    + ")"
                )
            shown[f"{campaign.name} {row.county.name}"] = text
    for key, text in shown.items():
        say(f"{key}: {text}")
    return shown


_COUNTIES = ("421123", "540232", "530825", "130727", "130824")
