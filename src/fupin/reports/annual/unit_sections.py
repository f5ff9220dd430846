"""The sections of a unit's work report, each a sentence or two built from the figures, with
its tables and charts: the pairings and the counties' exits, the pledges' completion, what
was delivered where, the cadres, the projects, the assessment grades, the findings'
rectification and the monitoring of the paired regions. The figures come from the apps'
selectors (`unit_summary`, `unit_progress`, `region_delivered`, `final_grades`, …)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fupin.assessment.models import Grade
from fupin.assistance import selectors as assistance
from fupin.assistance.enums import Measure, PairingKind
from fupin.assistance.indicators import unit_shown
from fupin.assistance.models import CadreAward, LeadingGroup, Project, Unit
from fupin.regions.models import Region
from fupin.reports.annual import common
from fupin.reports.annual.compose import (
    amount_words,
    count_words,
    date_words,
    english,
    full_stop,
    grade_words,
    indicator_name,
    indicator_unit,
    listing,
    percent_of,
    percent_words,
    sentence_join,
    yuan_words,
)
from fupin.reports.annual.document import Chart, Column, Paragraph, Section, Series, Table
from fupin.supervision.models import Finding

WAN = Decimal(10_000)


def sections(
    unit: Unit, start: dt.date, end: dt.date, made: dt.date
) -> tuple[list[Section], dict[str, Any]]:
    """The unit's sections and the key figures (those of `unit_summary`)."""
    summary = assistance.unit_summary(unit, start, end)
    progress = assistance.unit_progress(unit, start, end)
    pairings = list(assistance.pairings_in_period(unit, start, end).select_related("unit"))
    out = [
        _basics(unit, summary, pairings, end),
        _pledges(progress, end),
        _where(unit, progress, start, end),
        _cadres(unit, summary, start, end),
        _projects(unit, start, end),
        _grades(summary, end),
        common.findings_section(
            Finding.objects.filter(unit__path__startswith=unit.path), start, end, made
        ),
        common.monitoring_section(sorted({p.region_id for p in pairings}), end),
    ]
    return out, figures_of(summary)


def figures_of(summary: dict[str, Any]) -> dict[str, Any]:
    """The key figures as JSON values (amounts as strings with two places)."""
    delivered = {
        code: str(value["delivered"])
        for code, value in summary.items()
        if isinstance(value, dict) and "delivered" in value
    }
    return {
        "unit": summary["unit"],
        "period": summary["period"],
        "delivered": delivered,
        "counties": {k: v for k, v in summary["counties"].items() if k != "exited_list"},
        "cadres": summary["cadres"],
        "grade": summary["grade"],
    }


# 一、基本情况 ---------------------------------------------------------------------------------


def _basics(unit: Unit, summary: dict[str, Any], pairings: list[Any], end: dt.date) -> Section:
    kinds = [
        _("%(kind)s%(n)s个") % {"kind": v["label"], "n": v["count"]}
        for v in summary["pairings"].values()
    ]
    counties = summary["counties"]
    blocks: list[Any] = []
    if kinds:
        text = _("报告期内，%(unit)s及所属单位共结对帮扶%(n)s个地区（%(kinds)s）。") % {
            "unit": unit.name,
            "n": len({p.region_id for p in pairings}),
            "kinds": listing(kinds),
        }
    else:
        text = _("报告期内，%(unit)s没有在帮的结对地区。") % {"unit": unit.name}
    if counties["paired"]:
        exited = counties["exited_list"]
        text += _("结对帮扶的%(paired)s个县中，截至%(end)s已有%(exited)s个县脱贫摘帽") % {
            "paired": counties["paired"],
            "end": date_words(end),
            "exited": counties["exited"],
        }
        text = full_stop(text)
        if exited:
            pattern = "{name} ({day})" if english() else "{name}（{day}）"
            names = [
                pattern.format(
                    name=c["name"], day=date_words(dt.date.fromisoformat(c["exit_date"]))
                )
                for c in sorted(exited, key=lambda c: (c["exit_date"], c["code"]))
            ]
            text += _("按摘帽时间依次为%(names)s。") % {"names": listing(names)}
        text = full_stop(text)
    blocks.append(Paragraph(text))
    exits = {c["code"]: c["exit_date"] for c in counties["exited_list"]}
    rows = []
    for p in sorted(pairings, key=lambda p: (p.region_id, p.start)):
        rows.append(
            [
                p.region.name,
                str(PairingKind(p.kind).label),
                p.unit.name,
                p.start.isoformat(),
                exits.get(p.region_id, ""),
            ]
        )
    if rows:
        blocks.append(
            Table(
                _("结对帮扶地区"),
                [
                    Column(_("地区")),
                    Column(_("帮扶类型")),
                    Column(_("结对单位")),
                    Column(_("结对日期")),
                    Column(_("脱贫摘帽日期")),
                ],
                rows,
                note=_("脱贫摘帽日期为批准退出之日；未列日期的县在报告期末尚未退出。"),
            )
        )
    groups = assistance.leading_groups(LeadingGroup.objects.filter(unit=unit))
    for group in groups:
        blocks.append(Paragraph(common.group_words(group)))
    members = common.group_table(groups)
    if members is not None:
        blocks.append(members)
    return Section(_("基本情况"), blocks)


# 二、责任书完成情况 ---------------------------------------------------------------------------


def _pledges(progress: list[Any], end: dt.date) -> Section:
    shown = [p for p in progress if p.target or p.delivered]
    clauses = []
    for p in shown:
        if not p.delivered:
            continue
        clause = f"{indicator_name(p.indicator)}{' ' if english() else ''}"
        clause += amount_words(p.indicator, p.delivered)
        rate = percent_of(p.delivered, p.target)
        if rate is not None:
            clause += _("，完成计划的%(rate)s") % {"rate": percent_words(rate)}
        clauses.append(clause)
    if clauses:
        text = _("截至%(end)s，%(clauses)s。") % {
            "end": date_words(end),
            "clauses": sentence_join(clauses),
        }
    else:
        text = _("报告期内没有责任书目标，也没有记录帮扶成效。")
    blocks: list[Any] = [Paragraph(text)]
    behind = [indicator_name(p.indicator) for p in shown if p.target and p.delivered < p.target]
    if behind:
        blocks.append(Paragraph(_("尚未完成计划的指标：%(names)s。") % {"names": listing(behind)}))
    if shown:
        rows = [
            [
                indicator_name(p.indicator),
                indicator_unit(p.indicator),
                p.shown(p.target),
                p.shown(p.delivered),
                percent_of(p.delivered, p.target),
            ]
            for p in shown
        ]
        blocks.append(
            Table(
                _("责任书指标完成情况"),
                [
                    Column(_("指标")),
                    Column(_("计量单位")),
                    Column(_("目标"), numeric=True),
                    Column(_("完成"), numeric=True),
                    Column(_("完成率"), "%", numeric=True),
                ],
                rows,
                note=_(
                    "目标为报告期所涉年度责任书目标之和；完成为报告期内台账记录之和（含下属单位）。"
                ),
            )
        )
    for measure, caption, unit, scale in (
        (Measure.YUAN, _("资金类指标目标与完成"), pgettext("计量单位", "万元"), WAN),
        (Measure.COUNT, _("人数类指标目标与完成"), "", Decimal(1)),
    ):
        chart = _target_chart([p for p in shown if p.indicator.measure == measure and p.target],
                              caption, unit, scale)  # fmt: skip
        if chart is not None:
            blocks.append(chart)
    return Section(_("责任书完成情况"), blocks)


def _target_chart(rows: list[Any], caption: str, unit: str, scale: Decimal) -> Chart | None:
    if not rows:
        return None
    return Chart(
        caption,
        "bar",
        [indicator_name(p.indicator) for p in rows],
        [
            Series(_("目标"), [float(p.target / scale) for p in rows]),
            Series(_("完成"), [float(p.delivered / scale) for p in rows]),
        ],
        unit=unit or pgettext("计量单位", "人"),
    )


# 三、帮扶资金和物资投向 -----------------------------------------------------------------------


def _where(unit: Unit, progress: list[Any], start: dt.date, end: dt.date) -> Section:
    by_county = assistance.region_delivered(unit, start, end, level="county")
    names = dict(Region.objects.filter(code__in=list(by_county)).values_list("code", "name"))
    indicators = [p.indicator for p in progress if p.delivered]
    totals = {p.indicator.pk: p.delivered for p in progress}
    counties = sorted(by_county)
    blocks: list[Any] = []
    if not indicators:
        blocks.append(Paragraph(_("报告期内没有记录帮扶资金和物资的投向。")))
        return Section(_("帮扶资金和物资投向"), blocks)
    money = [i for i in indicators if i.measure == Measure.YUAN]
    funds = next((i for i in money if i.code == "funds_invested"), money[0] if money else None)
    if funds is not None and counties:
        ranked = sorted(counties, key=lambda c: -by_county[c].get(funds.pk, Decimal(0)))
        pattern = "{name} ({amount})" if english() else "{name}{amount}"
        top = [
            pattern.format(name=names.get(c, c), amount=amount_words(funds, by_county[c][funds.pk]))
            for c in ranked[:3]
            if by_county[c].get(funds.pk)
        ]
        text = _("报告期内帮扶成效落实到%(n)s个县，其中%(funds)s较多的是%(top)s。") % {
            "n": len(counties),
            "funds": indicator_name(funds).lower() if english() else indicator_name(funds),
            "top": listing(top),
        }
    else:
        text = _("报告期内帮扶成效落实到%(n)s个县。") % {"n": len(counties)}
    rest = {
        i.pk: totals[i.pk] - sum((by_county[c].get(i.pk, Decimal(0)) for c in counties), Decimal(0))
        for i in indicators
    }
    if any(rest.values()):
        text += _(
            "另有部分记录在县级以上地区（如消费帮扶在结对县所在地市采购）或未填地区，列为“其他”。"
        )
    blocks.append(Paragraph(text))
    for measure, caption in (
        (Measure.YUAN, _("资金和采购按县分布")),
        (Measure.COUNT, _("就业、培训和招收人数按县分布")),
        (Measure.QUANTITY, _("物资数量按县分布")),
    ):
        chosen = [i for i in indicators if i.measure == measure]
        if not chosen:
            continue
        rows: list[list[Any]] = [
            [names.get(c, c), *[_shown(i, by_county[c].get(i.pk)) for i in chosen]]
            for c in counties
        ]
        if any(rest[i.pk] for i in chosen):
            rows.append([_("其他"), *[_shown(i, rest[i.pk] or None) for i in chosen]])
        rows.append([_("合计"), *[_shown(i, totals[i.pk]) for i in chosen]])
        blocks.append(
            Table(
                caption,
                [Column(_("地区"))]
                + [Column(indicator_name(i), indicator_unit(i), numeric=True) for i in chosen],
                rows,
            )
        )
    money_counties = [c for c in counties if any(by_county[c].get(i.pk) for i in money)]
    if money and money_counties:
        blocks.append(
            Chart(
                _("各县资金类指标完成额"),
                "bar",
                [names.get(c, c) for c in money_counties],
                [
                    Series(
                        indicator_name(i),
                        [float(by_county[c].get(i.pk, Decimal(0)) / WAN) for c in money_counties],
                    )
                    for i in money
                    if any(by_county[c].get(i.pk) for c in money_counties)
                ],
                unit=pgettext("计量单位", "万元"),
            )
        )
    return Section(_("帮扶资金和物资投向"), blocks)


def _shown(indicator: Any, value: Decimal | None) -> Decimal | int | None:
    if value is None:
        return None
    if indicator.measure == Measure.COUNT:
        return int(value)
    return value.quantize(Decimal("0.01"))


# 四、选派干部 -------------------------------------------------------------------------------


def _cadres(unit: Unit, summary: dict[str, Any], start: dt.date, end: dt.date) -> Section:
    awards = CadreAward.objects.filter(year__gte=start.year, year__lte=end.year).order_by("year")
    cadres = list(
        assistance.cadres_in_period(unit, start, end)
        .select_related("unit", "region")
        .prefetch_related(Prefetch("awards", queryset=awards))
        .order_by("start", "name", "pk")
    )
    counts = summary["cadres"]
    if counts["awarded"]:
        text = _("报告期内在岗的选派干部%(dispatched)s人，其中%(awarded)s人受到表彰。") % counts
    else:
        text = _("报告期内在岗的选派干部%(dispatched)s人。") % counts
    roles: defaultdict[str, int] = defaultdict(int)
    for cadre in cadres:
        roles[cadre.get_role_display()] += 1
    if roles:
        text += _("按身份分，%(roles)s。") % {
            "roles": listing(_("%(role)s%(n)s人") % {"role": r, "n": n} for r, n in roles.items())
        }
    blocks: list[Any] = [Paragraph(text)]
    if cadres:
        awarded = any(c.awards.all() for c in cadres)
        rows = [
            [
                c.name,
                c.get_role_display(),
                c.region.name,
                c.post,
                c.unit.name,
                f"{c.start.isoformat()}—{c.end.isoformat() if c.end else ''}",
                *([sentence_join(f"{a.year} {a.title}" for a in c.awards.all())] * awarded),
            ]
            for c in cadres
        ]
        columns = [
            Column(_("姓名")),
            Column(_("身份")),
            Column(_("派驻地")),
            Column(_("职务")),
            Column(_("派出单位")),
            Column(_("任期")),
            *([Column(_("表彰"))] * awarded),
        ]
        blocks.append(Table(_("选派干部"), columns, rows))
    return Section(_("选派干部"), blocks)


# 五、帮扶项目 -------------------------------------------------------------------------------


def _projects(unit: Unit, start: dt.date, end: dt.date) -> Section:
    """Projects of the unit's tree under way in the period: approved by its end (or not yet
    approved) and not closed before its start."""
    projects = list(
        Project.objects.filter(unit__path__startswith=unit.path)
        .filter(Q(approved_on__isnull=True) | Q(approved_on__lte=end))
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .select_related("region")
        .annotate(households=Count("beneficiaries"))
        .order_by("code")
    )
    if not projects:
        return Section(_("帮扶项目"), [Paragraph(_("报告期内没有在实施的帮扶项目。"))])
    budget = sum((p.budget for p in projects), Decimal(0))
    jobs = sum(p.jobs_created for p in projects)
    households = sum(p.households for p in projects)
    kinds: defaultdict[str, int] = defaultdict(int)
    for p in projects:
        kinds[p.get_kind_display()] += 1
    text = _(
        "报告期内实施帮扶项目%(n)s个（%(kinds)s），预算合计%(budget)s，带动就业%(jobs)s人，"
        "登记受益户%(households)s户。"
    ) % {
        "n": len(projects),
        "kinds": listing(_("%(kind)s%(n)s个") % {"kind": k, "n": n} for k, n in kinds.items()),
        "budget": yuan_words(budget),
        "jobs": count_words(jobs),
        "households": count_words(households),
    }
    rows = [
        [
            p.name,
            p.get_kind_display(),
            p.region.name,
            p.budget,
            p.get_status_display(),
            p.households,
            p.jobs_created,
        ]
        for p in projects
    ]
    rows.append([_("合计"), "", "", budget, "", households, jobs])
    table = Table(
        _("帮扶项目"),
        [
            Column(_("项目名称")),
            Column(_("类型")),
            Column(_("实施地")),
            Column(_("预算"), unit_shown("元"), numeric=True),
            Column(_("状态")),
            Column(_("受益户"), unit_shown("户"), numeric=True),
            Column(_("带动就业"), unit_shown("人"), numeric=True),
        ],
        rows,
    )
    return Section(_("帮扶项目"), [Paragraph(text), table])


# 六、考核评价 -------------------------------------------------------------------------------


def _grades(summary: dict[str, Any], end: dt.date) -> Section:
    year, before = end.year, end.year - 1
    now, previous = summary["grade"]["year"], summary["grade"]["previous_year"]
    values = {"year": year, "before": before, "now": grade_words(now),
              "previous": grade_words(previous)}  # fmt: skip
    if now and previous:
        text = (
            _(
                "%(before)s年度考核评价等次为“%(previous)s”，%(year)s年度为“%(now)s”"
                "（%(previous)s → %(now)s）"
            )
            % values
        )
        change = _rank_change(previous, now, before, year)
        text += {1: _("，较上年提升"), 0: _("，与上年持平"), -1: _("，较上年下降")}.get(change, "")
        text = full_stop(text)
    elif now:
        text = _("%(year)s年度考核评价等次为“%(now)s”；%(before)s年度没有考核结果。") % values
    elif previous:
        text = (
            _("%(year)s年度考核评价结果尚未公布；%(before)s年度考核评价等次为“%(previous)s”。")
            % values
        )
    else:
        text = _("%(before)s年度和%(year)s年度均没有考核评价结果。") % values
    table = Table(
        _("考核评价等次"),
        [Column(_("年度")), Column(_("等次"))],
        [[str(before), grade_words(previous)], [str(year), grade_words(now)]],
    )
    if not (now or previous):
        return Section(_("考核评价"), [Paragraph(text)])
    return Section(_("考核评价"), [Paragraph(text), table])


def _rank_change(previous: str, now: str, before: int, year: int) -> int | None:
    """1 when the grade rose (a smaller rank in its scheme), 0 when it held, -1 when it fell;
    None when the grades' ranks are not known."""
    ranks = {
        (y, label): rank
        for y, label, rank in Grade.objects.filter(
            scheme__year__in=(before, year), scheme__subject="unit", label__in=(previous, now)
        ).values_list("scheme__year", "label", "rank")
    }
    a, b = ranks.get((before, previous)), ranks.get((year, now))
    if a is None or b is None:
        return None
    return (a > b) - (a < b)
