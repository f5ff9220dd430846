"""Exit verification and supervision: evaluating institutions, verification campaigns with
their counties, drawn samples and verdicts (贫困县退出专项评估检查, 抽查, 回头看); findings of
inspections and their rectification tasks with evidence and sign-off (问题整改, 销号)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fupin.core.constraints import one_of
from fupin.supervision.enums import (
    Approval,
    CampaignKind,
    CampaignStatus,
    FindingCategory,
    FindingSource,
    HouseholdStratum,
    TaskStatus,
    VillageStratum,
)

MONEY = {"max_digits": 18, "decimal_places": 2}


class Institution(models.Model):
    """An evaluating institution (第三方评估机构: a university, an academy). `province` is
    where it is based: it may never evaluate a county of that province."""

    name = models.CharField(_("机构名称"), max_length=200, unique=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    province = models.ForeignKey(
        "regions.Region", verbose_name=_("所在省份"), on_delete=models.PROTECT, related_name="+"
    )
    contact = models.CharField(_("联系人"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("评估机构")
        verbose_name_plural = _("评估机构")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    """A verification campaign: a year, the counties it checks, the institution and its
    evaluators, the sampling preset (with a campaign's overrides) and the seed it was drawn
    with. The drawn sample is stored (`SampleHousehold`), not only the seed: a later change of
    the registry never moves it."""

    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=CampaignKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    regime = models.CharField(_("政策标准"), max_length=20, default="cn-2014")
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("评估机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    preset = models.CharField(_("抽样方案"), max_length=40, default="national-2017")
    overrides = models.JSONField(_("抽样调整"), default=dict, blank=True)
    seed = models.BigIntegerField(_("随机种子"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.PLANNED
    )
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    evaluators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评估人员"),
        blank=True,
        related_name="verification_campaigns",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("评估检查")
        verbose_name_plural = _("评估检查")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "name"], name="campaign_unique"),
            models.CheckConstraint(
                condition=one_of("kind", CampaignKind.values), name="campaign_kind"
            ),
            models.CheckConstraint(
                condition=one_of("status", CampaignStatus.values), name="campaign_status"
            ),
            # third-party checks need their institution; a 回头看 may be the county's own
            models.CheckConstraint(
                condition=Q(kind=CampaignKind.LOOK_BACK) | Q(institution__isnull=False),
                name="campaign_institution",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="campaign_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class CampaignCounty(models.Model):
    """A county in a campaign, with the registry figures its incidence needs as they stood
    when the sample was drawn, and the decision once recorded (`failing`: indicator codes)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("评估检查"), on_delete=models.CASCADE, related_name="counties"
    )
    county = models.ForeignKey(
        "regions.Region", verbose_name=_("县"), on_delete=models.PROTECT, related_name="+"
    )
    rural_population = models.PositiveIntegerField(_("农村人口"), null=True, blank=True)
    remaining_registered = models.PositiveIntegerField(_("未脱贫人口"), null=True, blank=True)
    exited = models.PositiveIntegerField(_("已脱贫人口"), null=True, blank=True)
    non_registered = models.PositiveIntegerField(_("非建档立卡人口"), null=True, blank=True)
    # None: not decided yet; True: may exit; False: may not (failing names the indicators)
    may_exit = models.BooleanField(_("同意退出"), null=True, blank=True)
    failing = models.JSONField(_("未达标指标"), default=list, blank=True)
    decided_on = models.DateField(_("认定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("评估县")
        verbose_name_plural = _("评估县")
        ordering = ["campaign", "county"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "county"], name="campaign_county_unique")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} {self.county_id}"


class SampleVillage(models.Model):
    """A village drawn for a county, with its stratum."""

    campaign_county = models.ForeignKey(
        CampaignCounty,
        verbose_name=_("评估县"),
        on_delete=models.CASCADE,
        related_name="villages",
    )
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, related_name="+"
    )
    stratum = models.CharField(_("村类型"), max_length=10, choices=VillageStratum.choices)

    class Meta:
        verbose_name = _("抽样村")
        verbose_name_plural = _("抽样村")
        ordering = ["campaign_county", "village"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign_county", "village"], name="sample_village_unique"
            ),
            models.CheckConstraint(
                condition=one_of("stratum", VillageStratum.values), name="sample_village_stratum"
            ),
        ]

    def __str__(self) -> str:
        return self.village_id


class SampleHousehold(models.Model):
    """A household drawn in a sampled village, with its stratum, its size and the registry's
    figures as they stood at the draw (shown beside the verdict columns), and the evaluator
    it is assigned to."""

    campaign_county = models.ForeignKey(
        CampaignCounty,
        verbose_name=_("评估县"),
        on_delete=models.CASCADE,
        related_name="households",
    )
    sample_village = models.ForeignKey(
        SampleVillage,
        verbose_name=_("抽样村"),
        on_delete=models.CASCADE,
        related_name="households",
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("农户"), on_delete=models.PROTECT, related_name="+"
    )
    stratum = models.CharField(_("农户类型"), max_length=16, choices=HouseholdStratum.choices)
    members = models.PositiveIntegerField(_("家庭人口"))
    per_capita_income = models.DecimalField(_("系统人均纯收入"), null=True, blank=True, **MONEY)
    registry_status = models.CharField(_("系统状态"), max_length=20, blank=True)
    guarantees_met = models.BooleanField(_("系统两不愁三保障"), null=True, blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评估人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    order = models.PositiveIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("抽样农户")
        verbose_name_plural = _("抽样农户")
        ordering = ["campaign_county", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign_county", "household"], name="sample_household_unique"
            ),
            models.CheckConstraint(
                condition=one_of("stratum", HouseholdStratum.values),
                name="sample_household_stratum",
            ),
            models.CheckConstraint(condition=Q(members__gte=1), name="sample_household_members"),
        ]
        indexes = [models.Index(fields=["evaluator", "campaign_county"], name="sample_evaluator")]

    def __str__(self) -> str:
        return f"{self.household_id} ({self.stratum})"


class Verdict(models.Model):
    """What the evaluator found in a sampled household. `version` goes up with every change:
    a workbook row or a form carries the version it was filled against, and a newer one in
    the database is a conflict, never overwritten silently."""

    sample = models.OneToOneField(
        SampleHousehold,
        verbose_name=_("抽样农户"),
        on_delete=models.CASCADE,
        related_name="verdict",
    )
    income_found = models.DecimalField(_("核实人均纯收入"), null=True, blank=True, **MONEY)
    food_clothing_ok = models.BooleanField(_("吃穿不愁"), null=True, blank=True)
    education_ok = models.BooleanField(_("义务教育有保障"), null=True, blank=True)
    medical_ok = models.BooleanField(_("基本医疗有保障"), null=True, blank=True)
    housing_ok = models.BooleanField(_("住房安全有保障"), null=True, blank=True)
    water_ok = models.BooleanField(_("饮水安全有保障"), null=True, blank=True)
    wrongly_exited = models.BooleanField(_("错退"), default=False)
    omitted = models.BooleanField(_("漏评"), default=False)
    approval = models.CharField(
        _("群众认可度"), max_length=10, choices=Approval.choices, blank=True
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评估人员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visited_on = models.DateField(_("入户日期"))
    note = models.TextField(_("说明"), blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("评估结论")
        verbose_name_plural = _("评估结论")
        constraints = [
            models.CheckConstraint(
                condition=Q(approval="") | one_of("approval", Approval.values),
                name="verdict_approval",
            ),
            models.CheckConstraint(
                condition=Q(income_found__isnull=True) | Q(income_found__gte=0),
                name="verdict_income",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sample_id} {self.visited_on}"


class Finding(models.Model):
    """A problem found by an inspection, an audit, an assessment, a supervision or 回头看
    check, a third-party evaluation or a self-check, about a region or a unit. The issuer
    (a region's office, or a unit's) sets its rectification tasks and signs them off."""

    source = models.CharField(_("问题来源"), max_length=20, choices=FindingSource.choices)
    found_by = models.CharField(_("发现单位"), max_length=200)
    found_on = models.DateField(_("发现日期"))
    year = models.PositiveSmallIntegerField(_("年度"))
    reference = models.CharField(_("文号"), max_length=100, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("涉及地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "assistance.Unit",
        verbose_name=_("涉及单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.CharField(_("问题类别"), max_length=20, choices=FindingCategory.choices)
    text = models.TextField(_("问题描述"))
    issuer_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("督办地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issuer_unit = models.ForeignKey(
        "assistance.Unit",
        verbose_name=_("督办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # a finding of a verification campaign (回头看, 第三方评估), and the household it is about
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("评估检查"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("农户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
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
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        ordering = ["-found_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("source", FindingSource.values), name="finding_source"
            ),
            models.CheckConstraint(
                condition=one_of("category", FindingCategory.values), name="finding_category"
            ),
            models.CheckConstraint(
                condition=Q(region__isnull=False) | Q(unit__isnull=False),
                name="finding_subject",
            ),
        ]
        indexes = [models.Index(fields=["year", "source"], name="finding_year_source")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.found_on}: {self.text[:30]}"


class Rectification(models.Model):
    """A rectification task (整改任务) of a finding: its owner (a region's office or a unit),
    what is required, the deadline, the measures taken, and the sign-off (销号) by the
    finding's issuer. Reopening counts up `reopened` and keeps the reason."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="tasks"
    )
    owner_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("责任地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_unit = models.ForeignKey(
        "assistance.Unit",
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requirement = models.TextField(_("整改要求"))
    measures = models.TextField(_("整改措施"), blank=True)
    deadline = models.DateField(_("整改时限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    submitted_on = models.DateField(_("完成日期"), null=True, blank=True)
    signed_off_on = models.DateField(_("销号日期"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("销号人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reopened = models.PositiveSmallIntegerField(_("重新整改次数"), default=0)
    reopen_reason = models.TextField(_("重新整改原因"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("整改任务")
        verbose_name_plural = _("整改任务")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("status", TaskStatus.values), name="rectification_status"
            ),
            models.CheckConstraint(
                condition=Q(owner_region__isnull=False) | Q(owner_unit__isnull=False),
                name="rectification_owner",
            ),
            models.CheckConstraint(
                condition=~Q(status=TaskStatus.SIGNED_OFF) | Q(signed_off_on__isnull=False),
                name="rectification_signed_off_dated",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="rectification_due")]

    def __str__(self) -> str:
        return f"{self.finding_id}: {self.requirement[:30]}"


class Evidence(models.Model):
    """A file that shows a rectification was done (佐证材料), kept under the data folder."""

    task = models.ForeignKey(
        Rectification, verbose_name=_("整改任务"), on_delete=models.CASCADE, related_name="evidence"
    )
    name = models.CharField(_("文件名"), max_length=200)
    # path under DATA_DIR/attachments
    path = models.CharField(_("附件"), max_length=300)
    note = models.CharField(_("说明"), max_length=300, blank=True)
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
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["task", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
