"""The sections of a region's leading-group report (a province, prefecture or county): the
leading group and who answers for what, the units paired with regions in it and what they
delivered there, the counties' exits, the monitoring and registry figures, the findings and
their rectification, and the responsibility assessment of its prefectures and departments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from fupin.assessment.selectors import responsibility_results
from fupin.assistance import selectors as assistance
from fupin.assistance.enums import Measure, PairingKind
from fupin.assistance.models import Indicator, LedgerEntry, Responsibility
from fupin.regions.enums import Level
from fupin.regions.models import Region
from fupin.reports.annual import common
from fupin.reports.annual.compose import (
    amount_words,
    date_words,
    english,
    full_stop,
    grade_words,
    indicator_name,
    indicator_unit,
    listing,
    sentence_join,
)
from fupin.reports.annual.document import Column, Paragraph, Section, Table
from fupin.supervision.models import Finding

KEY_INDICATORS = ("funds_invested", "produce_bought", "jobs_direct", "cadres_trained")


def sections(
    region: Region, start: dt.date, end: dt.date, made: dt.date
) -> tuple[str, list[Section], dict[str, Any]]:
    """The issuer (the region's own leading group, else the region), the sections and the
    key figures."""
    groups, duties = assistance.region_leadership(region.code, end)
    duties += _duties_under(region, end)
    own = [g for g in groups if g.region_id == region.code]
    issuer = own[0].name if own else region.name
    assistance_section, delivered = _assistance(region, start, end)
    exits_section, exits = _exits(region, end)
    out = [
        _leadership(region, own, duties),
        assistance_section,
        exits_section,
        common.monitoring_section(
            _children(region), end, heading=_("防止返贫监测情况"), whole=region
        ),
        common.findings_section(
            Finding.objects.filter(region_id__gte=region.code, region_id__lt=region.code + "~"),
            start,
            end,
            made,
        ),
    ]
    assessed = _responsibility(region, end)
    if assessed is not None:
        out.append(assessed)
    figures = {
        "region": {"code": region.code, "name": region.name},
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "delivered": delivered,
        "counties": exits,
    }
    return issuer, out, figures


def _duties_under(region: Region, on: dt.date) -> list[Any]:
    """Who answers for a region under this one (a provincial leader's prefecture)."""
    return list(
        Responsibility.objects.filter(
            region_id__gt=region.code, region_id__lt=region.code + "~", start__lte=on
        )
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("region")
        .order_by("region_id", "start", "id")
    )


def _children(region: Region) -> list[str]:
    if region.level not in (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY):
        return []
    return list(
        Region.objects.filter(parent=region).order_by("code").values_list("code", flat=True)
    )


def _leadership(region: Region, groups: list[Any], duties: list[Any]) -> Section:
    blocks: list[Any] = []
    if groups:
        blocks.extend(Paragraph(common.group_words(g)) for g in groups)
    else:
        blocks.append(
            Paragraph(_("%(region)s的扶贫开发领导小组尚未在系统中登记。") % {"region": region.name})
        )
    table = common.group_table(groups)
    if table is not None:
        blocks.append(table)
    if duties:
        blocks.append(
            Paragraph(
                _("%(n)s位负责同志分工联系%(region)s及所辖地区（督战战区、联系点）。")
                % {"n": len(duties), "region": region.name}
            )
        )
        blocks.append(
            Table(
                _("责任分工"),
                [
                    Column(_("姓名")),
                    Column(_("职务")),
                    Column(_("责任类型")),
                    Column(_("负责地区")),
                ],
                [
                    [d.person, d.post, d.get_kind_display(), d.region.name if d.region else ""]
                    for d in duties
                ],
            )
        )
    return Section(_("组织领导"), blocks)


def _assistance(region: Region, start: dt.date, end: dt.date) -> tuple[Section, dict[str, str]]:
    """The pairings in force with the region (or a region in it or above it) and what each
    paired unit's tree delivered in the region, with the region's totals from the ledger."""
    found = assistance.region_assistance(region.code, end.year)
    totals = assistance.delivered(
        LedgerEntry.objects.filter(region__code__startswith=region.code), start, end
    )
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in=list(totals))}
    ordered = sorted(indicators.values(), key=lambda i: (i.order, i.code))
    blocks: list[Any] = []
    units = {p.unit.path: p.unit for p in found.pairings}
    tops = [u for path, u in sorted(units.items()) if not any(
        path.startswith(o) and path != o for o in units)]  # fmt: skip
    clauses = [
        f"{indicator_name(i)}{' ' if english() else ''}{amount_words(i, totals[i.pk])}"
        for i in ordered
        if totals[i.pk]
    ]
    text = _(
        "%(year)s年，%(n)s家帮扶单位与%(region)s及所辖地区结对帮扶，在岗选派干部%(cadres)s人。"
    ) % {
        "year": end.year,
        "n": len(tops),
        "region": region.name,
        "cadres": found.cadres,
    }
    if clauses:
        text += _("报告期内在本地区落实%(clauses)s。") % {"clauses": sentence_join(clauses)}
    blocks.append(Paragraph(full_stop(text)))
    if found.pairings:
        blocks.append(
            Table(
                _("结对帮扶关系"),
                [
                    Column(_("帮扶单位")),
                    Column(_("结对地区")),
                    Column(_("帮扶类型")),
                    Column(_("结对日期")),
                ],
                [
                    [
                        p.unit.name,
                        p.region.name,
                        str(PairingKind(p.kind).label),
                        p.start.isoformat(),
                    ]
                    for p in found.pairings
                ],
            )
        )
    key = [i for i in ordered if i.code in KEY_INDICATORS]
    rows = []
    level = {2: "province", 4: "prefecture", 6: "county"}.get(len(region.code), "county")
    for unit in tops:
        done = assistance.region_delivered(unit, start, end, level=level, within=region.code)
        here = done.get(region.code, {})
        rows.append([unit.name, *[_shown(i, here.get(i.pk)) for i in key]])
    if rows and key:
        blocks.append(
            Table(
                _("各帮扶单位在本地区落实情况"),
                [Column(_("帮扶单位"))]
                + [Column(indicator_name(i), indicator_unit(i), numeric=True) for i in key],
                rows,
            )
        )
    if ordered:
        blocks.append(
            Table(
                _("本地区帮扶成效合计"),
                [Column(_("指标")), Column(_("计量单位")), Column(_("完成"), numeric=True)],
                [[indicator_name(i), indicator_unit(i), _shown(i, totals[i.pk])] for i in ordered],
                note=_("所有帮扶单位在本地区（含所辖地区）的台账记录之和。"),
            )
        )
    if found.project_count:
        blocks.append(Paragraph(_("在本地区实施的帮扶项目%(n)s个。") % {"n": found.project_count}))
    delivered = {i.code: str(_shown(i, totals[i.pk])) for i in ordered}
    return Section(_("帮扶力量和帮扶成效"), blocks), delivered


def _shown(indicator: Indicator, value: Decimal | None) -> Decimal | int | None:
    if value is None:
        return None
    return int(value) if indicator.measure == Measure.COUNT else value.quantize(Decimal("0.01"))


def _exits(region: Region, end: dt.date) -> tuple[Section, dict[str, int]]:
    if region.level == Level.COUNTY:
        counties = [region]
    else:
        counties = list(
            Region.objects.filter(
                level=Level.COUNTY, code__gte=region.code, code__lt=region.code + "~"
            ).order_by("code")
        )
    dates = assistance.county_exit_dates([c.code for c in counties])
    exited = [c for c in counties if c.code in dates and dates[c.code] <= end]
    registered = [c for c in counties if c.code in dates]
    heading = _("贫困县退出")
    if not registered:
        text = _("%(region)s所辖县没有贫困县退出记录。") % {"region": region.name}
        return Section(heading, [Paragraph(text)]), {"counties": 0, "exited": 0}
    text = _("有退出记录的贫困县%(n)s个，截至%(end)s已脱贫摘帽%(exited)s个：%(names)s。") % {
        "n": len(registered),
        "end": date_words(end),
        "exited": len(exited),
        "names": listing(c.name for c in exited) or "—",
    }
    table = Table(
        _("贫困县退出情况"),
        [Column(_("县")), Column(_("区划代码")), Column(_("脱贫摘帽日期"))],
        [[c.name, c.code, dates[c.code].isoformat()] for c in registered],
    )
    return Section(heading, [Paragraph(text), table]), {
        "counties": len(registered),
        "exited": len(exited),
    }


def _responsibility(region: Region, end: dt.date) -> Section | None:
    """The responsibility assessment of the prefectures and departments under the region's
    schemes (of the year of `end`, else the latest year before it that has one)."""
    for year in range(end.year, end.year - 5, -1):
        results = [r for r in responsibility_results(year) if r.scheme.region_id == region.code]
        if results:
            break
    else:
        return None
    rows = []
    for r in results:
        shown = r.shown
        subject = r.subject.name
        grade = shown.grade.label if shown is not None and shown.grade is not None else None
        rows.append([r.scheme.get_subject_display(), subject, grade_words(r.previous),
                     grade_words(grade)])  # fmt: skip
    graded = [row for row in rows if row[3] != "—"]
    text = _(
        "%(year)s年度对%(n)s个市（州）和省直部门开展脱贫攻坚责任考核，已评定等次%(graded)s个。"
    ) % {
        "year": year,
        "n": len(rows),
        "graded": len(graded),
    }
    table = Table(
        _("%(year)s年度责任考核结果") % {"year": year},
        [
            Column(_("考核对象类别")),
            Column(_("考核对象")),
            Column(_("上年等次")),
            Column(_("等次")),
        ],
        rows,
    )
    return Section(_("责任考核"), [Paragraph(text), table])
