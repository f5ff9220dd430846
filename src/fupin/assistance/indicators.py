"""The twelve standard indicators (DOMAIN.md §4.1, DESIGN.md "Indicator codes"): written by
the first data migration and ensured again by the demo (a test database flushed between
browser tests loses what migrations wrote)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext

STANDARD: tuple[tuple[str, str, str, str, str], ...] = (
    # code, name, English name, measure, unit label
    ("funds_invested", "直接投入帮扶资金", "Funds put in directly", "yuan", "元"),
    ("funds_introduced", "引进帮扶资金", "Funds brought in", "yuan", "元"),
    ("cadres_trained", "培训基层干部", "Grassroots cadres trained", "count", "人次"),
    ("technicians_trained", "培训技术人员", "Technicians trained", "count", "人次"),
    ("produce_bought", "购买农产品", "Produce bought", "yuan", "元"),
    ("produce_sold", "帮助销售农产品", "Produce sold with help", "yuan", "元"),
    ("jobs_direct", "直接带动就业", "Jobs created directly", "count", "人"),
    ("jobs_indirect", "间接带动就业", "Jobs created indirectly", "count", "人"),
    (
        "jobs_registered_poor",
        "带动建档立卡人员就业",
        "Jobs for registered poor people",
        "count",
        "人",
    ),
    ("students_recruited", "招收学生", "Students recruited", "count", "人"),
    ("graduates_hired", "招聘毕业生", "Graduates hired", "count", "人"),
    ("donations", "捐赠", "Donations", "yuan", "元"),
)


def standard_indicators_ensure(model: Any = None) -> int:
    """Create the standard indicators that are missing; returns how many were created.
    `model` is the (historical) Indicator model when called from a migration."""
    if model is None:
        from fupin.assistance.models import Indicator as model
    created = 0
    for order, (code, name, name_en, measure, unit_label) in enumerate(STANDARD, start=1):
        _, made = model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "measure": measure,
                "unit_label": unit_label,
                "standard": True,
                "order": order,
            },
        )
        created += made
    return created


def unit_shown(label: str) -> str:
    """An indicator's unit label in the reader's language: the common ones are in the
    catalogue under the context 计量单位 (元 → yuan, 人次 → person-times, 吨 → t); a label
    a unit wrote that is not there is shown as written."""
    return pgettext("计量单位", label) if label else label
