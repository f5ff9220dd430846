"""Findings and their rectification in the demo, built through the services: a provincial
inspection's feedback to Yangyuan (one task signed off with its evidence, one overdue, one
reported done and waiting for sign-off), an audit of Luanping's project funds with a task
reopened after a look-back, and Shougang's self-check of its technician college.

Every finding, body, reference, text and date here is a demo assumption, dated from the day
the demo is built (so that one task is always overdue); the seeds name the kinds of
findings (巡视, 审计, 考核, 回头看) and the sign-off (销号), not these cases. Building the demo
again leaves the findings as they are."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fupin.assistance.models import Unit
from fupin.core.models import Source
from fupin.demo.assistance import credit_code
from fupin.regions.models import Region
from fupin.supervision import findings
from fupin.supervision.models import Finding, Rectification

INSPECTION = "冀巡反馈〔演示〕3号"
YANGYUAN, LUANPING, HEBEI = "130727", "130824", "13"
DEMO = {"actor": None, "via": Source.DEMO}


def _evidence(task: Rectification, name: str, text: str) -> None:
    upload = SimpleUploadedFile(name, text.encode("utf-8"), "text/plain")
    findings.evidence_add(task=task, upload=upload, note=name.rsplit(".", 1)[0], **DEMO)


def _done(task: Rectification, measures: str, on: dt.date, evidence: bool = True) -> Rectification:
    task = findings.rectification_update(task=task, measures=measures, **DEMO)
    if evidence:
        _evidence(task, "整改情况报告.txt", f"{measures}\n")
    return findings.rectification_submit(task=task, on=on, **DEMO)


def findings_build(*, today: dt.date | None = None, say: Any = print) -> dict[str, int]:
    """Build the demo's findings once (nothing when they exist); the counts made."""
    if Finding.objects.filter(reference=INSPECTION).exists():
        say("findings: already built")
        return {"findings": 0, "tasks": 0}
    today = today or timezone.localdate()
    regions = {r.code: r for r in Region.objects.filter(code__in=(YANGYUAN, LUANPING, HEBEI))}
    if len(regions) < 3:
        say("findings: skipped (the demo's regions are not loaded)")
        return {"findings": 0, "tasks": 0}
    yangyuan, luanping, hebei = regions[YANGYUAN], regions[LUANPING], regions[HEBEI]

    def days(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    inspection = findings.finding_create(
        source="inspection",
        found_by="省委第三巡视组",
        found_on=days(200),
        reference=INSPECTION,
        region=yangyuan,
        category="accuracy",
        text="部分脱贫户收入核算不准确，帮扶措施与致贫原因不对应；扶贫项目资产后续管护责任不明确。",
        issuer_region=hebei,
        **DEMO,
    )
    first = findings.rectification_add(
        finding=inspection,
        requirement="逐户核实脱贫户收入，按致贫原因调整帮扶措施",
        deadline=days(90),
        owner_region=yangyuan,
        **DEMO,
    )
    first = _done(first, "已逐户核实 1,236 户收入，调整帮扶措施 87 项", days(100))
    findings.rectification_sign_off(task=first, on=days(95), **DEMO)
    findings.rectification_add(  # overdue: not reported done by its deadline
        finding=inspection,
        requirement="明确扶贫项目资产管护主体和责任，建立管护台账",
        deadline=days(20),
        owner_region=yangyuan,
        **DEMO,
    )
    third = findings.rectification_add(
        finding=inspection,
        requirement="建立脱贫户收入动态监测台账",
        deadline=days(-40),
        owner_region=yangyuan,
        **DEMO,
    )
    _done(third, "已建立收入动态监测台账，按季度更新", days(3))

    audit = findings.finding_create(
        source="audit",
        found_by="河北省审计厅",
        found_on=days(300),
        reference="冀审〔演示〕12号",
        region=luanping,
        category="funds",
        text="2 个扶贫产业项目资金拨付滞后，资金闲置超过 1 年。",
        issuer_region=hebei,
        **DEMO,
    )
    funds = findings.rectification_add(
        finding=audit,
        requirement="加快项目资金拨付，盘活闲置资金",
        deadline=days(150),
        owner_region=luanping,
        **DEMO,
    )
    funds = _done(funds, "闲置资金已全部拨付到项目", days(170))
    funds = findings.rectification_sign_off(task=funds, on=days(160), **DEMO)
    findings.rectification_reopen(
        task=funds,
        reason="回头看发现其中 1 个项目尚未开工，资金仍滞留在乡镇",
        **DEMO,
    )

    made = 2
    tasks = 4
    college = Unit.objects.filter(credit_code=credit_code("首钢技师学院")).first()
    group = Unit.objects.filter(credit_code=credit_code("首钢集团有限公司")).first()
    if college is not None and group is not None:
        check = findings.finding_create(
            source="self_check",
            found_by="首钢集团扶贫办",
            found_on=days(60),
            unit=college,
            category="work",
            text="技能培训台账不完整，部分学员就业情况未跟踪。",
            issuer_unit=group,
            **DEMO,
        )
        findings.rectification_add(
            finding=check,
            requirement="补齐培训台账，逐人跟踪学员就业",
            deadline=days(-30),
            owner_unit=college,
            **DEMO,
        )
        made, tasks = made + 1, tasks + 1
    say(f"findings: {made} findings with {tasks} rectification tasks")
    return {"findings": made, "tasks": tasks}


__all__ = ["findings_build"]
