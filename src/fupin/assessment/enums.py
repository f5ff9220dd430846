"""Coded values of the annual assessment (DOMAIN.md §4.1: the grades 好/较好/一般/较差 are a
configurable ordered scale, [U] as national text)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemSource(models.TextChoices):
    """Where an item's score comes from: computed from fupin's data, or entered."""

    TARGET_COMPLETION = "target_completion", _("目标完成率")
    PROJECTS_ON_SCHEDULE = "projects_on_schedule", _("项目按期完成率")
    CADRES_IN_POST = "cadres_in_post", _("选派干部在岗率")
    RECTIFICATIONS_CLOSED = "rectifications_closed", _("整改完成率")
    SCORED = "scored", _("评审打分")


class Stage(models.TextChoices):
    SELF = "self", _("自评")
    FINAL = "final", _("终评")
