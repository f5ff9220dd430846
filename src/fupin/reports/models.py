"""Typical cases (典型案例) with their photos, tags, projects and households; texts read for
facts (事实来源文本) and the proposals found in them, each waiting for a user's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.core.constraints import one_of
from fupin.reports.enums import FactKind, FactStatus, TextKind

MONEY = {"max_digits": 18, "decimal_places": 2}


class CaseTag(models.Model):
    """A tag of typical cases (产业扶贫, 消费扶贫, 党建扶贫 …)."""

    name = models.CharField(_("标签"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("案例标签")
        verbose_name_plural = _("案例标签")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TypicalCase(models.Model):
    """A typical case (典型案例): what was done where, by whom, with what result, told in a text
    with photos; the projects and households it concerns; chosen into work reports."""

    title = models.CharField(_("标题"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "assistance.Unit",
        verbose_name=_("帮扶单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    text = models.TextField(_("正文"))
    tags = models.ManyToManyField(CaseTag, verbose_name=_("标签"), blank=True, related_name="cases")
    projects = models.ManyToManyField(
        "assistance.Project", verbose_name=_("相关项目"), blank=True, related_name="cases"
    )
    households = models.ManyToManyField(
        "registry.Household", verbose_name=_("相关农户"), blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["region", "year"], name="case_region_year")]

    def __str__(self) -> str:
        return self.title


class CasePhoto(models.Model):
    """A photo of a case, kept under the data folder (DATA_DIR/attachments/<path>)."""

    case = models.ForeignKey(
        TypicalCase, verbose_name=_("典型案例"), on_delete=models.CASCADE, related_name="photos"
    )
    name = models.CharField(_("文件名"), max_length=200)
    path = models.CharField(_("附件"), max_length=300)
    caption = models.CharField(_("图片说明"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("案例图片")
        verbose_name_plural = _("案例图片")
        ordering = ["case", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class FactText(models.Model):
    """A report or news text given to be read for facts: pasted, or uploaded as .txt, .docx or
    .pdf (the file kept under the data folder as the evidence of what is accepted from it)."""

    title = models.CharField(_("标题"), max_length=200)
    kind = models.CharField(_("来源"), max_length=10, choices=TextKind.choices)
    name = models.CharField(_("文件名"), max_length=200, blank=True)
    path = models.CharField(_("附件"), max_length=300, blank=True)
    digest = models.CharField(_("内容摘要值"), max_length=64, db_index=True)
    language = models.CharField(_("语言"), max_length=10)
    text = models.TextField(_("正文"))
    unit = models.ForeignKey(
        "assistance.Unit",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("事实来源文本")
        verbose_name_plural = _("事实来源文本")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(condition=one_of("kind", TextKind.values), name="facttext_kind")
        ]

    def __str__(self) -> str:
        return self.title


class FactProposal(models.Model):
    """One fact found in a text: the sentence it came from (and where), the quantity as written
    and normalised, the indicator, organisation and region it was resolved to; a user accepts
    it (then `entry` or `pairing` is what was written), edits it first, or rejects it."""

    source = models.ForeignKey(
        FactText, verbose_name=_("来源文本"), on_delete=models.CASCADE, related_name="proposals"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=FactKind.choices)
    sentence = models.TextField(_("原句"))
    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    written = models.CharField(_("原文数量"), max_length=80)
    amount = models.DecimalField(_("数值"), null=True, blank=True, **MONEY)
    amount_unit = models.CharField(_("计量单位"), max_length=20, blank=True)
    # the upper end of a range as written (10至15万元: amount 100,000, high 150,000)
    high = models.DecimalField(_("上限"), null=True, blank=True, **MONEY)
    qualifier = models.CharField(_("限定"), max_length=20, blank=True)
    indicator = models.ForeignKey(
        "assistance.Indicator",
        verbose_name=_("指标"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.CharField(_("原文单位"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "assistance.Unit",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("原文地区"), max_length=200, blank=True)
    # the regions the place may be when its name is not unique: [{"code": …, "name": …}, …]
    candidates = models.JSONField(_("候选地区"), default=list, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=FactStatus.choices, default=FactStatus.PROPOSED
    )
    entry = models.OneToOneField(
        "assistance.LedgerEntry",
        verbose_name=_("台账记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fact",
    )
    pairing = models.ForeignKey(
        "assistance.Pairing",
        verbose_name=_("结对关系"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("驳回原因"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("事实建议")
        verbose_name_plural = _("事实建议")
        ordering = ["source", "start", "pk"]
        constraints = [
            models.CheckConstraint(condition=one_of("kind", FactKind.values), name="fact_kind"),
            models.CheckConstraint(
                condition=one_of("status", FactStatus.values), name="fact_status"
            ),
            models.CheckConstraint(
                condition=Q(status=FactStatus.ACCEPTED) | Q(entry__isnull=True),
                name="fact_entry_only_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.written}"
