"""Coded values of the annual assessment (DOMAIN.md §4.1: the grades 好/较好/一般/较差 are a
configurable ordered scale, [U] as national text; seed 004: Qinghai's responsibility assessment
of its departments and of its prefectures)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemSource(models.TextChoices):
    """Where an item's score comes from: computed from fupin's data, or entered."""

    TARGET_COMPLETION = "target_completion", _("目标完成率")
    PROJECTS_ON_SCHEDULE = "projects_on_schedule", _("项目按期完成率")
    CADRES_IN_POST = "cadres_in_post", _("选派干部在岗率")
    # signed-off ÷ due rectification tasks of the year's findings concerning the subject
    RECTIFICATION = "rectification", _("问题整改完成率")
    SCORED = "scored", _("评审打分")


class Stage(models.TextChoices):
    SELF = "self", _("自评")
    FINAL = "final", _("终评")


class Subject(models.TextChoices):
    """Whom a scheme assesses: assisting units (the annual evaluation of their assistance),
    or, in a province's responsibility assessment (责任考核), its departments (省直部门（行业）:
    units of kind government) or its prefectures (市（州）: regions of level prefecture)."""

    UNIT = "unit", _("帮扶单位")
    DEPARTMENT = "department", _("省直部门（行业）")
    PREFECTURE = "prefecture", _("市（州）")


#: the subjects of a responsibility assessment, assessed by the office of the scheme's region
RESPONSIBILITY = (Subject.DEPARTMENT, Subject.PREFECTURE)
