"""The demo's monitoring: the ranges DOMAIN.md §5.2 cites, with their sources and confidence
(provinces set their own each year; these are two published examples), and the monitored
households of Yangyuan with their procedure, measures and a department feed."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import random
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from fupin.core.models import Source
from fupin.monitoring.cases import (
    EliminationRefused,
    case_report,
    elimination_start,
    measure_add,
    objection_raise,
    step_record,
)
from fupin.monitoring.enums import OPEN_PHASES, StepResult
from fupin.monitoring.models import Case, FeedRow
from fupin.monitoring.services import monitoring_range_save
from fupin.regions.selectors import resolve_codes
from fupin.registry.models import Household, HouseholdResult, Member

AT_RISK = ("unstable_exited", "marginal", "sudden_hardship")
ABLE = ("ordinary", "skilled")

#: (county code, year, yuan per person, basis, source, confidence)
RANGES = (
    (
        "350121",  # 闽侯县, Fujian
        2023,
        Decimal("10560.00"),
        "县定监测范围：不低于10,560元",
        "闽侯县人民政府 2023-04-21 公告",
        "C",
    ),
    (
        "350526",  # 德化县, Fujian
        2024,
        Decimal("19560.00"),
        "农村低保标准的2倍：815元 × 12 × 2",
        "德化县人民政府 2024-03-12 公告",
        "C",
    ),
)


def monitoring_ranges_build() -> int:
    """Record the ranges whose counties are loaded; returns how many were written."""
    known = resolve_codes([code for code, *_ in RANGES])
    written = 0
    for code, year, amount, basis, source, confidence in RANGES:
        if code not in known:
            continue
        record = {
            "code": known[code],
            "year": year,
            "amount": amount,
            "basis": basis,
            "source": source,
            "confidence": confidence,
        }
        written += monitoring_range_save(record=record, actor=None, origin=Source.DEMO)
    return written


# monitored households (监测对象) -------------------------------------------------------------
#
# Yangyuan (阳原县) holds the demo's cases, dated back from today: some at each step of the
# identification, one whose public notice is still running and one held by an objection, one
# overdue, one not identified, monitored households with their measures, a fast-track case
# after a flood, one elimination under way, a few eliminated and one refused; the first
# village (the `village` login's) has cases of every phase. A medical-insurance feed file
# brings department flags, one of them taken up as a case.

COUNTY = "130727"
CONSENT = (
    "承诺授权书（演示）\n"
    "本户同意县级防止返贫监测帮扶工作机构查询家庭成员的金融资产、房产、车辆等信息。\n"
)
IDENTIFICATION = (
    "home_visit",
    "data_comparison",
    "village_appraisal",
    "township_review",
    "county_approval",
    "announcement",
)
ELIMINATION_AFTER_VISIT = (
    "village_appraisal",
    "township_review",
    "county_approval",
    "announcement",
)
#: (channel, report way, risks, days ago reported, identification step days ago …)
IDENTIFYING = (
    ("self_report", "12317", ["illness"], 2, ()),
    ("cadre_sweep", "", ["unstable_employment"], 6, (5,)),
    ("rule", "", ["other"], 9, (8, 6)),
    ("self_report", "written", ["schooling"], 8, (7, 5, 2)),  # its notice runs
    ("self_report", "oral", ["illness", "disability"], 12, (11, 10, 8)),  # an objection holds it
    ("cadre_sweep", "", ["accident"], 20, (19, 17, 15, 9)),
    ("rule", "", ["industry_failure"], 25, (24, 22, 20, 14, 10)),
    ("cadre_sweep", "", ["lack_of_labour"], 45, (44, 40, 38)),  # overdue
)
MEASURES = (
    ("employment", "推荐到县城就业帮扶车间务工", "公益性岗位开发专班"),
    ("industry", "发放肉牛养殖到户产业补助", "乡农业服务中心"),
    ("health", "落实大病专项救治和医疗救助", "县医保局"),
    ("public_post", "安排村级保洁公益岗位", "村委会"),
    ("finance", "办理小额信贷5万元", "县农商银行"),
)


def monitoring_cases_build(*, say: Any = print) -> dict[str, int]:
    """Feeds, a department batch and the cases of Yangyuan; returns counts by phase."""
    from fupin.monitoring.feed_definitions import feeds_sync

    feeds_sync()
    cases = Case.objects.filter(village__code__startswith=COUNTY)
    if not cases.exists():  # built once: building the demo again changes nothing
        households = _Picker(COUNTY)
        if households.any():
            _cases_build(households)
            say(f"department feed: {FeedRow.objects.filter(flagged=True).count()} flags")
    counts: dict[str, int] = {}
    for phase in cases.values_list("phase", flat=True):
        counts[phase] = counts.get(phase, 0) + 1
    return counts


def _cases_build(households: _Picker) -> None:
    today = dt.date.today()
    first = households.first_village
    for index, (channel, way, risks, ago, steps) in enumerate(IDENTIFYING):
        household = households.take(at_risk=True, village=first if index < 5 else None)
        if household is None:
            break
        case = _report(household, channel, way, risks, today - dt.timedelta(days=ago))
        _identify(case, [today - dt.timedelta(days=d) for d in steps])
        if index == 4:  # an objection to its notice, not yet resolved
            objection_raise(
                notice=case.notices.get(),
                case=case,
                text="村民反映该户子女在外务工收入较高，请核实。",
                raised_on=today - dt.timedelta(days=6),
                actor=None,
                source=Source.DEMO,
            )
    refused = households.take(at_risk=True)
    if refused is not None:  # the township finds its income above the range: not identified
        case = _report(refused, "rule", "", ["other"], today - dt.timedelta(days=40))
        _identify(case, [today - dt.timedelta(days=d) for d in (39, 37, 35)])
        step_record(
            case=case,
            code="township_review",
            done_on=today - dt.timedelta(days=28),
            result=StepResult.REFUSED,
            note="经信息比对，家庭成员有稳定工资收入，人均纯收入高于监测范围，不予纳入。",
            actor=None,
            source=Source.DEMO,
        )
    for ago, village in ((100, first), (130, None), (160, first)):
        household = households.take(at_risk=True, village=village)
        if household is not None:
            case = _monitored(household, today, ago)
            _measure(case, today - dt.timedelta(days=ago - 5), 0)
    _fast_track(households, today, first)
    _eliminations(households, today, first)
    _department(households, today)


def _report(
    household: Household, channel: str, way: str, risks: list[str], day: dt.date, **more: Any
) -> Case:
    object_type = "unstable_exited" if household.registered_year else "marginal"
    if more.pop("sudden", False):
        object_type = "sudden_hardship"
    return case_report(
        household=household,
        channel=channel,
        report_way=way,
        object_type=object_type,
        risks=risks,
        summary=more.pop("summary", ""),
        reported_on=day,
        actor=None,
        source=Source.DEMO,
        **more,
    )


def _consent() -> SimpleUploadedFile:
    return SimpleUploadedFile("承诺授权书.txt", CONSENT.encode("utf-8"), "text/plain")


def _identify(case: Case, days: list[dt.date]) -> Case:
    for code, day in zip(IDENTIFICATION, days, strict=False):
        case = step_record(
            case=case,
            code=code,
            done_on=day,
            upload=_consent() if code == "home_visit" else None,
            note="" if code != "county_approval" else "同意纳入监测对象。",
            actor=None,
            source=Source.DEMO,
        )
    return case


def _monitored(household: Household, today: dt.date, ago: int, **more: Any) -> Case:
    """A case identified about `ago` days ago (the county approval), now monitored."""
    case = _report(household, "cadre_sweep", "", ["illness"], today - dt.timedelta(days=ago + 20))
    offsets = (ago + 19, ago + 17, ago + 14, ago + 7, ago, ago - 1)
    return _identify(case, [today - dt.timedelta(days=d) for d in offsets])


def _measure(case: Case, day: dt.date, index: int) -> None:
    category, content, responsible = MEASURES[index % len(MEASURES)]
    measure_add(
        case=case,
        category=category,
        content=content,
        start_on=day,
        responsible=responsible,
        actor=None,
        source=Source.DEMO,
    )


def _fast_track(households: _Picker, today: dt.date, village: str) -> None:
    """Help first after a flood (绿色通道): monitored at once, steps recorded after."""
    household = households.take(at_risk=None, village=village)
    if household is None:
        return
    reported = today - dt.timedelta(days=12)
    case = _report(
        household,
        "cadre_sweep",
        "",
        ["disaster:flood"],
        reported,
        sudden=True,
        fast_track=True,
        summary="7月暴雨洪涝冲毁房屋和耕地，先行救助，手续后补。",
    )
    measure_add(
        case=case,
        category="housing_water",
        content="应急救助金5000元，安排临时安置",
        start_on=reported,
        amount=Decimal("5000.00"),
        responsible="乡民政所",
        actor=None,
        source=Source.DEMO,
    )
    _identify(case, [today - dt.timedelta(days=d) for d in (10, 9)])


def _eliminations(households: _Picker, today: dt.date, village: str) -> None:
    """Three eliminated, one under way, and refusals: too soon, and a household without
    labour (never eliminated)."""
    for n, ago in enumerate((400, 360, 330)):
        household = households.take(at_risk=False, labour=True, village=village if n == 0 else None)
        if household is None:
            return
        case = _monitored(household, today, ago)
        _measure(case, today - dt.timedelta(days=ago - 3), n + 1)
        _eliminate(case, [today - dt.timedelta(days=d) for d in (60, 58, 50, 45, 44)])
    household = households.take(at_risk=False, labour=True, village=village)
    if household is not None:  # under way: the township review is next
        case = _monitored(household, today, 250)
        _measure(case, today - dt.timedelta(days=240), 2)
        _eliminate(case, [today - dt.timedelta(days=d) for d in (12, 10)])
    household = households.take(at_risk=False, labour=True)
    if household is not None:  # too soon: identified five months ago
        case = _monitored(household, today, 150)
        _measure(case, today - dt.timedelta(days=140), 3)
        _attempt(case, today - dt.timedelta(days=1))
    household = households.take(at_risk=None, labour=False)
    if household is not None:  # no labour at all: stays monitored
        case = _monitored(household, today, 300)
        _measure(case, today - dt.timedelta(days=290), 4)
        _attempt(case, today - dt.timedelta(days=5))


def _eliminate(case: Case, days: list[dt.date]) -> None:
    case = elimination_start(case=case, done_on=days[0], actor=None, source=Source.DEMO)
    for code, day in zip(ELIMINATION_AFTER_VISIT, days[1:], strict=False):
        case = step_record(case=case, code=code, done_on=day, actor=None, source=Source.DEMO)


def _attempt(case: Case, day: dt.date) -> None:
    # a refusal is recorded as a refused step with its reasons; the case stays monitored
    with contextlib.suppress(EliminationRefused):
        elimination_start(case=case, done_on=day, actor=None, source=Source.DEMO)


def _department(households: _Picker, today: dt.date) -> None:
    """A medical-insurance file: large out-of-pocket costs flagged, small ones not, and two
    persons the registry does not hold (reported, not dropped)."""
    from fupin.monitoring.feeds import feed_import

    people = [households.member() for _ in range(6)]
    rows = [
        (m.id_number, m.name, paid, total, (today - dt.timedelta(days=20 + i)).isoformat())
        for i, (m, paid, total) in enumerate(
            zip(
                [p for p in people if p is not None],
                (32600, 15800, 12450, 4200, 860, 23100),
                (98000, 51000, 40200, 16800, 3100, 77000),
                strict=False,
            )
        )
    ]
    rows += [("130727196203150979", "王某", 18800, 60000, today.isoformat())]
    rows += [("13072719750908098X", "李某", 2100, 9000, today.isoformat())]
    header = ["身份证号", "姓名", "个人自付金额（元）", "医疗总费用（元）", "结算日期", "就诊机构"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "医保大额自付.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows([(*row, "阳原县医院") for row in rows])
        feed_import(feed="medical_claims", path=path, mode="skip-invalid", file_name=path.name)
    row = (
        FeedRow.objects.filter(flagged=True, household__isnull=False)
        .exclude(household__monitoring_cases__phase__in=OPEN_PHASES)
        .order_by("row_number")
        .first()
    )
    if row is not None:
        _report(
            row.household,
            "department",
            "",
            ["illness"],
            today - dt.timedelta(days=3),
            sudden=True,
            feed_row=row,
            summary="医保部门推送：个人自付医疗费用较大。",
        )


class _Picker:
    """Households of a county for the demo's cases, each used once: at risk in the latest
    stored year (or not), with members able to work (or none), in a village (or any)."""

    def __init__(self, county: str) -> None:
        latest = (
            HouseholdResult.objects.filter(village__code__startswith=county)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        results = HouseholdResult.objects.filter(village__code__startswith=county, year=latest)
        self.at_risk = set(
            results.filter(status__in=AT_RISK).values_list("household_id", flat=True)
        )
        self.fine = set(
            results.filter(
                status__in=("exited", "not_poor"), guarantees_met=True, reasons=""
            ).values_list("household_id", flat=True)
        )
        able = Member.objects.filter(
            household__village__code__startswith=county, labour_skill__in=ABLE
        ).values_list("household_id", flat=True)
        self.able = set(able)
        self.households = list(
            Household.objects.filter(village__code__startswith=county).order_by(
                "village_id", "number"
            )
        )
        self.first_village = self.households[0].village_id if self.households else ""
        random.Random(2021).shuffle(self.households)  # cases spread over the county
        self.used: set[int] = set()
        self.members_used: set[int] = set()

    def any(self) -> bool:
        return bool(self.households)

    def take(
        self, *, at_risk: bool | None, labour: bool | None = None, village: str | None = None
    ) -> Household | None:
        for wanted_village in (village, None) if village else (None,):
            for household in self.households:
                if household.pk in self.used:
                    continue
                if wanted_village and household.village_id != wanted_village:
                    continue
                if at_risk is True and household.pk not in self.at_risk:
                    continue
                if at_risk is False and household.pk not in self.fine:
                    continue
                if labour is not None and (household.pk in self.able) != labour:
                    continue
                self.used.add(household.pk)
                return household
        return None

    def member(self) -> Member | None:
        """A member of a household without a case, for the department's file."""
        member = (
            Member.objects.filter(household__village__code__startswith=COUNTY)
            .exclude(household_id__in=self.used)
            .exclude(pk__in=self.members_used)
            .order_by("household__number", "pk")
            .first()
        )
        if member is not None:
            self.members_used.add(member.pk)
        return member
