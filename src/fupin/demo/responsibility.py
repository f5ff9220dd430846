"""Qinghai's responsibility assessment in the demo (seed 004), built through the assessment
services so that its pages and the region pages compute and show it.

What the seed says: the provincial leading group (Wang Guosheng chairing) approved in principle
two methods, one assessing the provincial departments (省直部门（行业）脱贫攻坚工作责任考核
办法（试行）), one assessing the prefectures (市（州）脱贫攻坚目标责任考核办法（试行）), and
deployed the provincial leaders' "theatres" (督战). The four contents of the items are those
of the national method for provinces (DOMAIN.md §4.2: 减贫成效, 精准识别, 精准帮扶,
扶贫资金); the grades 好/较好/一般/较差 are [U] (DOMAIN.md §4.1).

Illustrative, not from the seed: the item weights (after Sichuan's, DOMAIN.md §4.2), the
rectification item's weight, the departments (demo/assistance.py names five), every score and
so every grade of 2019 and 2020, and the dates of decision (the national method finishes by the
end of February). The seed does not say which provincial leader answers for which prefecture,
so no theatre is recorded for a person here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from fupin.assessment.enums import Stage, Subject
from fupin.assessment.models import Assessment, Scheme
from fupin.assessment.services import assessment_compute, scheme_create, scheme_subject_set
from fupin.assistance import services as assistance
from fupin.assistance.enums import ResponsibilityKind
from fupin.assistance.models import Responsibility, Unit
from fupin.core.models import Source
from fupin.demo.assistance import GRADES, QINGHAI_PREFECTURES, credit_code
from fupin.regions.models import Region

Say = Callable[[str], None]
PROVINCE = "63"
YEARS = (2019, 2020)
PREFECTURE_SCHEME = "青海省市（州）脱贫攻坚目标责任考核"
DEPARTMENT_SCHEME = "青海省省直部门（行业）脱贫攻坚工作责任考核"
APPROVED = "省扶贫开发工作领导小组会议原则通过（2016年9月14日）"
SOURCES: dict[str, str] = {
    Subject.PREFECTURE: f"《青海省市（州）脱贫攻坚目标责任考核办法（试行）》，{APPROVED}",
    Subject.DEPARTMENT: f"《青海省省直部门（行业）脱贫攻坚工作责任考核办法（试行）》，{APPROVED}",
}
#: the 2016 schemes demo/assistance.py writes, and whom they assess
SCHEMES_2016 = {
    "青海省州（市）扶贫开发目标责任考核办法（试行）": Subject.PREFECTURE,
    "青海省省直部门（行业）脱贫攻坚工作责任考核办法（试行）": Subject.DEPARTMENT,
}
# the five departments demo/assistance.py names (illustrative), government units here
DEPARTMENTS = ("青海省教育厅", "青海省卫生和计划生育委员会", "青海省住房和城乡建设厅",
               "青海省交通运输厅", "青海省水利厅")  # fmt: skip
CONTENTS = (
    ("reduction", "减贫成效"),
    ("identification", "精准识别"),
    ("assistance", "精准帮扶"),
    ("funds", "扶贫资金"),
)
# illustrative weights of the four contents; the rectification item takes the last 10 points
WEIGHTS: dict[str, tuple[int, ...]] = {
    Subject.PREFECTURE: (55, 10, 10, 15),
    Subject.DEPARTMENT: (45, 15, 15, 15),
}
# illustrative scores of the four contents per year: mostly rising from 2019 to 2020
PREFECTURE_SCORES = {
    "6301": ((52, 9, 9, 13), (53, 9, 9, 14)),  # 西宁市
    "6302": ((48, 8, 8, 12), (50, 9, 9, 13)),  # 海东市
    "6322": ((47, 8, 8, 12), (48, 8, 9, 12)),  # 海北州
    "6323": ((42, 7, 7, 11), (46, 8, 8, 12)),  # 黄南州
    "6325": ((46, 8, 8, 12), (47, 8, 8, 12)),  # 海南州
    "6326": ((40, 7, 7, 10), (44, 8, 8, 11)),  # 果洛州
    "6327": ((41, 7, 7, 10), (46, 8, 8, 12)),  # 玉树州
    "6328": ((44, 7, 7, 11), (48, 9, 8, 13)),  # 海西州
}
DEPARTMENT_SCORES = {
    "青海省教育厅": ((38, 12, 12, 12), (41, 13, 13, 13)),
    "青海省卫生和计划生育委员会": ((35, 11, 11, 12), (40, 13, 12, 13)),
    "青海省住房和城乡建设厅": ((40, 13, 13, 13), (42, 14, 14, 13)),
    "青海省交通运输厅": ((37, 12, 12, 12), (39, 12, 13, 12)),
    "青海省水利厅": ((34, 11, 11, 11), (38, 12, 12, 13)),
}
DECIDED = {2019: dt.date(2020, 2, 28), 2020: dt.date(2021, 2, 26)}


def _items(subject: str) -> list[dict[str, object]]:
    weighted = [
        {"code": code, "name": name, "weight": Decimal(w), "source": "scored"}
        for (code, name), w in zip(CONTENTS, WEIGHTS[subject], strict=True)
    ]
    rectification = {
        "code": "rectification",
        "name": "问题整改完成率",
        "weight": Decimal(10),
        "source": "rectification",
    }
    return [*weighted, rectification]


def _scheme(year: int, subject: str, province: Region) -> Scheme:
    name = PREFECTURE_SCHEME if subject == Subject.PREFECTURE else DEPARTMENT_SCHEME
    found = Scheme.objects.filter(year=year, name=name).first()
    if found is not None:
        return found
    return scheme_create(
        year=year,
        name=name,
        source=SOURCES[subject],
        items=_items(subject),
        grades=GRADES,
        subject=subject,
        region=province,
        via=Source.DEMO,
    )


def _departments() -> dict[str, Unit]:
    rows = [{"code": credit_code(n), "name": n, "kind": "government"} for n in DEPARTMENTS]
    assistance.units_save(rows, actor=None, source=Source.DEMO)
    return {u.name: u for u in Unit.objects.filter(credit_code__in=[r["code"] for r in rows])}


def _assess(
    scheme: Scheme, scores: tuple[int, ...], unit: Unit | None = None, region: Region | None = None
) -> None:
    if Assessment.objects.filter(
        scheme=scheme, stage=Stage.FINAL, unit=unit, region=region
    ).exists():
        return  # built before: leave it (and its history) as it is
    assessment_compute(
        scheme=scheme,
        unit=unit,
        region=region,
        stage=Stage.FINAL,
        scores={code: Decimal(s) for (code, _), s in zip(CONTENTS, scores, strict=True)},
        decided_on=DECIDED[scheme.year],
        source=Source.DEMO,
    )


def responsibility_build(*, say: Say = print) -> int:
    """Qinghai's departments and prefectures assessed in 2019 and 2020 (final, computed from
    the items); the 2016 methods marked as assessing them. Idempotent; returns the number of
    Qinghai's responsibility assessments."""
    province = Region.objects.get(code=PROVINCE)
    prefectures = {r.code: r for r in Region.objects.filter(code__in=QINGHAI_PREFECTURES)}
    with transaction.atomic():
        for name, subject in SCHEMES_2016.items():
            old = Scheme.objects.filter(year=2016, name=name).first()
            if old is not None and not old.assessments.exists():
                scheme_subject_set(
                    scheme=old, subject=subject, region=province, actor=None, via=Source.DEMO
                )
        departments = _departments()
        for at, year in enumerate(YEARS):
            scheme = _scheme(year, Subject.PREFECTURE, province)
            for code, scores in PREFECTURE_SCORES.items():
                _assess(scheme, scores[at], region=prefectures[code])
            scheme = _scheme(year, Subject.DEPARTMENT, province)
            for name, scores in DEPARTMENT_SCORES.items():
                _assess(scheme, scores[at], unit=departments[name])
    _theatres(prefectures)
    count = Assessment.objects.filter(scheme__region_id=PROVINCE).count()
    say(f"responsibility assessment: {count} assessments of Qinghai's departments and prefectures")
    return count


#: seed 004 (2016-09-14): the meeting studied "the provincial leadership's 'theatre' 督战" and
#: asked for a plan per theatre; it names no leader for any prefecture, so the demo's
#: theatres are held by placeholders (省级领导甲, 乙, …), one a prefecture, from that day
THEATRE_START = dt.date(2016, 9, 14)
THEATRE_LEADERS = "甲乙丙丁戊己庚辛"


def _theatres(prefectures: dict[str, Region]) -> None:
    """One provincial leader's 督战战区 per Qinghai prefecture (placeholders; idempotent)."""
    held = set(
        Responsibility.objects.filter(
            kind=ResponsibilityKind.THEATRE, region_id__in=list(prefectures)
        ).values_list("region_id", flat=True)
    )
    for mark, code in zip(THEATRE_LEADERS, sorted(prefectures), strict=False):
        if code in held:
            continue
        assistance.responsibility_add(
            person=f"省级领导{mark}（示例）",
            post="联系督战战区",
            kind=ResponsibilityKind.THEATRE,
            region=code,
            start=THEATRE_START,
            actor=None,
            source=Source.DEMO,
        )
