"""Sections a unit's and a region's report both have: the findings and their rectification,
the monitoring figures of regions (monitored households, eliminated risks) with their
registry figures, and how a leading group reads in a sentence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from fupin.assistance.enums import GroupRole
from fupin.assistance.indicators import unit_shown
from fupin.monitoring import selectors as monitoring
from fupin.monitoring.models import Case, FeedRow
from fupin.policy.regimes import load_regime, regime_for_year
from fupin.regions.models import Region
from fupin.registry.models import HouseholdResult, RegionResult
from fupin.reports.annual.compose import count_words, date_words, english, listing
from fupin.reports.annual.document import Column, Paragraph, Section, Table
from fupin.supervision import finding_selectors as findings
from fupin.supervision.enums import TaskStatus
from fupin.supervision.finding_selectors import UNDONE, FindingFilters
from fupin.supervision.models import Finding

TEXT_SHOWN = 60  # characters of a finding's text in the table


def group_words(group: Any) -> str:
    """成立了中国五矿扶贫工作领导小组，组长Tang Fuping（党组书记、董事长），副组长…，成员4人。"""
    members = list(group.members.all())
    parts = []
    for role in (GroupRole.LEADER, GroupRole.DEPUTY, GroupRole.OFFICE_DIRECTOR):
        people = [
            f"{m.person}（{m.post}）"
            if m.post and not english()
            else (f"{m.person} ({m.post})" if m.post else m.person)
            for m in members
            if m.role == role
        ]
        if people:
            parts.append(f"{role.label}{' ' if english() else ''}{listing(people)}")
    others = sum(1 for m in members if m.role in (GroupRole.MEMBER, GroupRole.LIAISON))
    if others:
        parts.append(_("成员%(n)s人") % {"n": others})
    return _("成立%(group)s：%(members)s。") % {
        "group": group.name,
        "members": ("; " if english() else "，").join(parts) or _("尚未登记成员"),
    }


def group_table(groups: list[Any]) -> Table | None:
    rows = [
        [
            g.name,
            m.person,
            m.post,
            m.get_role_display(),
            m.member_unit.name if m.member_unit else "",
        ]
        for g in groups
        for m in g.members.all()
    ]
    if not rows:
        return None
    return Table(
        _("领导小组成员"),
        [
            Column(_("领导小组")),
            Column(_("姓名")),
            Column(_("职务")),
            Column(_("小组职务")),
            Column(_("成员单位")),
        ],
        rows,
    )


# 问题整改 -------------------------------------------------------------------------------------


def findings_in_period(found: QuerySet[Finding], start: dt.date, end: dt.date) -> QuerySet[Finding]:
    """The findings found in the period, and those found before it whose rectification was
    still not signed off."""
    undone = Q(tasks__status__in=UNDONE)
    return found.filter(found_on__lte=end).filter(Q(found_on__gte=start) | undone).distinct()


def findings_section(
    found: QuerySet[Finding], start: dt.date, end: dt.date, today: dt.date
) -> Section:
    """问题整改: the findings (those concerning the unit or the region) and the state of
    their rectification tasks today, with the overdue ones."""
    chosen = Finding.objects.filter(pk__in=findings_in_period(found, start, end).values("pk"))
    rows = list(findings.finding_list(findings=chosen, filters=FindingFilters(), today=today))
    heading = _("问题整改")
    if not rows:
        return Section(heading, [Paragraph(_("报告期内没有涉及的巡视、审计、考核等反馈问题。"))])
    counts = findings.status_counts(findings=chosen)
    overdue = findings.overdue_count(findings=chosen, today=today)
    due = sum(counts.values())
    text = _(
        "报告期内涉及的反馈问题%(n)s个，整改任务%(due)s项：已销号%(signed)s项，"
        "待销号%(submitted)s项，整改中%(open)s项"
    ) % {
        "n": len(rows),
        "due": due,
        "signed": counts[TaskStatus.SIGNED_OFF],
        "submitted": counts[TaskStatus.SUBMITTED],
        "open": counts[TaskStatus.OPEN],
    }
    if overdue:
        text += _("，其中%(n)s项已超过整改期限") % {"n": overdue}
    text += _("（截至%(today)s）。") % {"today": date_words(today)}
    table = Table(
        _("反馈问题及整改情况"),
        [
            Column(_("发现日期")),
            Column(_("来源")),
            Column(_("问题")),
            Column(_("整改任务"), unit_shown("项"), numeric=True),
            Column(_("已销号"), unit_shown("项"), numeric=True),
            Column(_("逾期"), unit_shown("项"), numeric=True),
        ],
        [
            [
                f.found_on.isoformat(),
                f"{f.get_source_display()} · {f.found_by}",
                _short(f.text),
                f.task_count,
                f.signed_count,
                f.overdue_count,
            ]
            for f in rows
        ],
    )
    return Section(heading, [Paragraph(text), table])


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= TEXT_SHOWN else text[: TEXT_SHOWN - 1] + "…"


# 监测情况 -------------------------------------------------------------------------------------


def _board(region: Region, year: int) -> Any:
    return monitoring.monitoring_dashboard(
        region=region,
        children=[],
        cases=Case.objects.all(),
        results=HouseholdResult.objects.all(),
        region_results=RegionResult.objects.all(),
        flags=FeedRow.objects.all(),
        year=year,
    )


def monitoring_section(
    codes: list[str], end: dt.date, *, heading: str | None = None, whole: Region | None = None
) -> Section:
    """The monitored households of the regions in the year of `end` (by object type, open and
    eliminated) and the registry figures of the latest evaluation up to that year; with
    `whole` (a region's report), its totals and the rows of `codes` (its children) that have
    monitored households. The counts are the regions' totals (no household is named): the
    report states them for the regions it concerns, whoever makes it."""
    heading = heading or _("帮扶地区监测情况")
    regions = list(Region.objects.filter(code__in=codes).order_by("code"))
    shown_codes = [*([whole.code] if whole else []), *codes]
    if not regions and whole is None:
        return Section(heading, [Paragraph(_("没有结对帮扶地区。"))])
    year = end.year
    if not load_regime(regime_for_year(year)).monitoring:
        text = _("%(year)s年适用的政策标准尚未实行防止返贫动态监测；以下为建档立卡评估情况。") % {
            "year": year
        }
        blocks: list[Any] = [Paragraph(text)]
        registry = _registry_table(shown_codes, year)
        if registry is not None:
            blocks.append(registry)
        return Section(heading, blocks)
    boards = [_board(r, year) for r in regions]
    totals = [_board(whole, year)] if whole is not None else boards
    cases = sum(b.total.cases for b in totals)
    figures = {
        "year": year,
        "n": len(regions),
        "region": whole.name if whole is not None else "",
        "cases": count_words(cases),
        "eliminated": count_words(sum(b.total.eliminated for b in totals)),
        "open": count_words(sum(b.total.open for b in totals)),
    }
    if cases and whole is not None:
        text = (
            _(
                "%(year)s年，%(region)s纳入监测的农户%(cases)s户，其中风险已消除%(eliminated)s户，"
                "仍在识别或帮扶中%(open)s户。"
            )
            % figures
        )
    elif cases:
        text = (
            _(
                "%(year)s年，%(n)s个地区纳入监测的农户%(cases)s户，其中风险已消除%(eliminated)s户，"
                "仍在识别或帮扶中%(open)s户。"
            )
            % figures
        )
    elif whole is not None:
        text = _("%(year)s年，%(region)s没有纳入防止返贫监测的农户。") % figures
    else:
        text = _("%(year)s年，结对帮扶地区没有纳入防止返贫监测的农户。") % figures
    blocks = [Paragraph(text)]
    if cases:
        types = [(t.code, t.label) for t in totals[0].by_type]

        def row(name: str, board: Any) -> list[Any]:
            by_type = {t.code: t.n for t in board.by_type}
            return [
                name,
                board.total.cases,
                *[by_type.get(code, 0) for code, _label in types],
                board.total.open,
                board.total.eliminated,
            ]

        rows = [row(b.region.name, b) for b in boards if whole is None or b.total.cases]
        if whole is not None:
            rows.append(row(_("合计"), totals[0]))
        households = unit_shown("户")
        blocks.append(
            Table(
                _("%(year)s年防止返贫监测对象") % {"year": year},
                [
                    Column(_("地区")),
                    Column(_("监测对象"), households, numeric=True),
                    *[Column(label, households, numeric=True) for _code, label in types],
                    Column(_("识别或帮扶中"), households, numeric=True),
                    Column(_("风险已消除"), households, numeric=True),
                ],
                rows,
            )
        )
    registry = _registry_table(shown_codes, year)
    if registry is not None:
        blocks.append(registry)
    return Section(heading, blocks)


def _registry_table(codes: list[str], year: int) -> Table | None:
    """The latest stored evaluation up to `year` of each region: households, poor households
    remaining, poor people and the incidence."""
    latest: dict[str, RegionResult] = {}
    for result in (
        RegionResult.objects.filter(region_id__in=codes, year__lte=year)
        .select_related("region")
        .order_by("region_id", "-year")
    ):
        latest.setdefault(result.region_id, result)
    if not latest:
        return None
    rows = [
        [
            r.region.name,
            str(r.year),
            r.households,
            int((r.statuses or {}).get("poor", 0)),
            r.poor_members,
            None if r.incidence is None else (Decimal(r.incidence) * 100).quantize(Decimal("0.01")),
        ]
        for r in latest.values()
    ]
    return Table(
        _("建档立卡情况"),
        [
            Column(_("地区")),
            Column(_("年度")),
            Column(_("户数"), unit_shown("户"), numeric=True),
            Column(_("未脱贫户"), unit_shown("户"), numeric=True),
            Column(_("贫困人口"), unit_shown("人"), numeric=True),
            Column(_("贫困发生率"), "%", numeric=True),
        ],
        rows,
        note=_("据系统存储的年度评估结果；户数为系统登记的农户。"),
    )
