"""Annual assessment: a scheme per year with weighted items and ordered grades, assessing
assisting units, or a province's departments or prefectures (责任考核, seed 004); an assessment
of a unit or of a region at a stage (self, final) with its item scores and deductions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.assessment.enums import ItemSource, Stage, Subject
from fupin.core.constraints import one_of

SCORE = {"max_digits": 7, "decimal_places": 2}


class Scheme(models.Model):
    """How a year's subjects are assessed (e.g. 2018 定点扶贫工作成效评价 of units; Qinghai's
    responsibility assessment of its prefectures). A responsibility assessment belongs to the
    `region` whose office runs it: its prefectures are those under that region."""

    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=200)
    source = models.CharField(_("依据"), max_length=300, blank=True)
    subject = models.CharField(
        _("考核对象"), max_length=12, choices=Subject.choices, default=Subject.UNIT
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("考核地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="scheme_unique"),
            models.CheckConstraint(
                condition=one_of("subject", Subject.values), name="scheme_subject"
            ),
            models.CheckConstraint(
                condition=Q(subject=Subject.UNIT) | Q(region__isnull=False),
                name="scheme_responsibility_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class Item(models.Model):
    """A weighted item. A computed item scores weight × its rate (0–1), or is not applicable
    when there is nothing to measure (no target, no project due) and then left out of the
    weights; a scored item is entered by assessors, at most its weight."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=200)
    weight = models.DecimalField(_("分值"), **SCORE)
    source = models.CharField(_("计分方式"), max_length=30, choices=ItemSource.choices)
    indicator = models.ForeignKey(
        "assistance.Indicator",
        verbose_name=_("指标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("考核项目")
        verbose_name_plural = _("考核项目")
        ordering = ["scheme", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="item_unique"),
            models.CheckConstraint(
                condition=one_of("source", ItemSource.values), name="item_source"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="item_weight"),
            models.CheckConstraint(
                condition=~Q(source=ItemSource.TARGET_COMPLETION) | Q(indicator__isnull=False),
                name="item_completion_indicator",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    """A grade of the scheme: reached with a total ≥ `min_total`; rank 1 is the best."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="grades"
    )
    label = models.CharField(_("等次"), max_length=20)
    min_total = models.DecimalField(_("最低分"), **SCORE)
    rank = models.PositiveSmallIntegerField(_("名次"))

    class Meta:
        verbose_name = _("等次")
        verbose_name_plural = _("等次")
        ordering = ["scheme", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "label"], name="grade_label"),
            models.UniqueConstraint(fields=["scheme", "rank"], name="grade_rank"),
        ]

    def __str__(self) -> str:
        return self.label


class Assessment(models.Model):
    """The assessment of a unit (an assisting unit, a department) or of a region (a
    prefecture) at a stage: exactly one of `unit` and `region`. `total` is the applicable
    items' points rescaled to the scheme's full marks, less deductions (`selectors.Tally`),
    None when no item applies; `grade` follows from it, or is recorded as given by the
    assessing body (`recorded`)."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("考核方案"), on_delete=models.PROTECT, related_name="assessments"
    )
    unit = models.ForeignKey(
        "assistance.Unit",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    stage = models.CharField(_("阶段"), max_length=10, choices=Stage.choices)
    total = models.DecimalField(_("总分"), null=True, blank=True, **SCORE)
    grade = models.ForeignKey(
        Grade, verbose_name=_("等次"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded = models.BooleanField(_("直接登记等次"), default=False)
    decided_on = models.DateField(_("评定日期"), null=True, blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "unit", "stage"], name="assessment_unique"),
            models.UniqueConstraint(
                fields=["scheme", "region", "stage"], name="assessment_region_unique"
            ),
            models.CheckConstraint(
                condition=one_of("stage", Stage.values), name="assessment_stage"
            ),
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(region__isnull=True))
                | (Q(unit__isnull=True) & Q(region__isnull=False)),
                name="assessment_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.scheme.year} {self.get_stage_display()}"

    @property
    def subject(self) -> object:
        """The unit or the region assessed."""
        return self.unit if self.unit_id else self.region


class Score(models.Model):
    """An item's score in an assessment; `points` None: the item was not applicable (`note`
    says why) and is left out of the weights."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("考核结果"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(Item, verbose_name=_("考核项目"), on_delete=models.PROTECT)
    rate = models.DecimalField(_("完成率"), null=True, blank=True, max_digits=9, decimal_places=4)
    points = models.DecimalField(_("得分"), null=True, blank=True, **SCORE)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("得分")
        verbose_name_plural = _("得分")
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="score_unique")]

    def __str__(self) -> str:
        return f"{self.item} {self.points}"


class Deduction(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("考核结果"), on_delete=models.CASCADE, related_name="deductions"
    )
    points = models.DecimalField(_("扣分"), **SCORE)
    reason = models.CharField(_("扣分原因"), max_length=300)

    class Meta:
        verbose_name = _("扣分")
        verbose_name_plural = _("扣分")
        constraints = [models.CheckConstraint(condition=Q(points__gt=0), name="deduction_points")]

    def __str__(self) -> str:
        return f"-{self.points} {self.reason}"
