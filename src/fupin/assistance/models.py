"""Assistance work: units and their pairings with regions, leading groups, responsibilities,
dispatched cadres, indicators, pledges with targets, multi-year plans, the ledger of delivery
and projects. Fields, constraints and indexes only; the logic is in services and selectors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fupin.assistance.enums import (
    CadreGrade,
    CadreRole,
    GroupRole,
    LedgerReason,
    Measure,
    PairingKind,
    ProjectKind,
    ProjectStatus,
    ResponsibilityKind,
    UnitKind,
)
from fupin.core.constraints import one_of

MONEY = {"max_digits": 18, "decimal_places": 2}


class Unit(models.Model):
    """An assisting unit (a group company, a subsidiary, a department), identified by its
    unified social credit code (GB 32100). `path` lists the ids from the root to the unit,
    "/3/17/", so that a subtree is one prefix query."""

    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("单位名称"), max_length=200)
    kind = models.CharField(
        _("单位类型"), max_length=16, choices=UnitKind.choices, default=UnitKind.ENTERPRISE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("层级路径"), max_length=255, db_index=True, editable=False)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("帮扶单位")
        verbose_name_plural = _("帮扶单位")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=one_of("kind", UnitKind.values), name="unit_kind"),
            models.CheckConstraint(condition=~Q(parent=F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tree_ids(self) -> list[int]:
        """The ids from the root down to this unit (from `path`)."""
        return [int(i) for i in self.path.strip("/").split("/") if i]


class Pairing(models.Model):
    """A unit paired with a region, by kind, for a period (end empty: still in force)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("帮扶单位"), on_delete=models.PROTECT, related_name="pairings"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("帮扶地区"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("帮扶类型"), max_length=30, choices=PairingKind.choices)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("结对帮扶关系")
        verbose_name_plural = _("结对帮扶关系")
        ordering = ["unit", "region", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "region", "kind", "start"], name="pairing_unique"
            ),
            models.CheckConstraint(
                condition=one_of("kind", PairingKind.values), name="pairing_kind"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="pairing_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.region_id} ({self.get_kind_display()})"


class LeadingGroup(models.Model):
    """A leading group (扶贫工作领导小组) of a unit or of a region's Party committee."""

    name = models.CharField(_("名称"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="leading_groups",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    established = models.DateField(_("成立日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("领导小组")
        verbose_name_plural = _("领导小组")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(region__isnull=False),
                name="leading_group_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(
        LeadingGroup, verbose_name=_("领导小组"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.CharField(_("姓名"), max_length=60)
    post = models.CharField(_("职务"), max_length=200, blank=True)
    role = models.CharField(_("小组职务"), max_length=20, choices=GroupRole.choices)
    member_unit = models.ForeignKey(
        Unit,
        verbose_name=_("成员单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        ordering = ["group", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=one_of("role", GroupRole.values), name="member_role")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Responsibility(models.Model):
    """A person answerable for a region (a provincial leader's "theatre") or for a unit."""

    person = models.CharField(_("姓名"), max_length=60)
    post = models.CharField(_("职务"), max_length=200, blank=True)
    kind = models.CharField(_("责任类型"), max_length=10, choices=ResponsibilityKind.choices)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("负责地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("负责单位"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("责任分工")
        verbose_name_plural = _("责任分工")
        constraints = [
            models.CheckConstraint(
                condition=one_of("kind", ResponsibilityKind.values), name="responsibility_kind"
            ),
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(region__isnull=False),
                name="responsibility_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.region_id or self.unit}"


class Cadre(models.Model):
    """A person a unit dispatched to a region: first secretary, work-team member, official on
    a temporary post. The term runs from `start` to `end` (empty: still in post)."""

    name = models.CharField(_("姓名"), max_length=60)
    id_number = models.CharField(_("证件号码"), max_length=22, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("派出单位"), on_delete=models.PROTECT, related_name="cadres"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("派驻地"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("身份"), max_length=20, choices=CadreRole.choices)
    post = models.CharField(_("挂职/派驻职务"), max_length=200, blank=True)
    start = models.DateField(_("任期开始"))
    end = models.DateField(_("任期结束"), null=True, blank=True)

    class Meta:
        verbose_name = _("选派干部")
        verbose_name_plural = _("选派干部")
        ordering = ["unit", "start", "name"]
        constraints = [
            models.CheckConstraint(condition=one_of("role", CadreRole.values), name="cadre_role"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="cadre_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class CadreReport(models.Model):
    """A dated work report of a cadre, with an optional attachment under the data folder."""

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="reports"
    )
    date = models.DateField(_("日期"))
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("内容"), blank=True)
    attachment = models.CharField(_("附件"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("工作报告")
        verbose_name_plural = _("工作报告")
        ordering = ["cadre", "-date"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class CadreAward(models.Model):
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="awards"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("表彰"), max_length=200)
    awarded_by = models.CharField(_("表彰单位"), max_length=200, blank=True)
    date = models.DateField(_("日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("表彰奖励")
        verbose_name_plural = _("表彰奖励")
        ordering = ["cadre", "year"]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class CadreEvaluation(models.Model):
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("考核等次"), max_length=20, choices=CadreGrade.choices)
    note = models.TextField(_("评语"), blank=True)

    class Meta:
        verbose_name = _("干部考核")
        verbose_name_plural = _("干部考核")
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year"], name="cadre_evaluation_year"),
            models.CheckConstraint(
                condition=one_of("grade", CadreGrade.values), name="cadre_evaluation_grade"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_grade_display()}"


class Indicator(models.Model):
    """What pledges promise and the ledger records. The twelve standard indicators
    (DOMAIN.md §4.1, DESIGN.md) exist from the first migration; units add their own."""

    code = models.SlugField(_("指标代码"), max_length=40, unique=True)
    name = models.CharField(_("指标名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=100, blank=True)
    measure = models.CharField(_("计量方式"), max_length=10, choices=Measure.choices)
    unit_label = models.CharField(_("计量单位"), max_length=20)
    standard = models.BooleanField(_("标准指标"), default=False)
    owner = models.ForeignKey(
        Unit,
        verbose_name=_("设立单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("measure", Measure.values), name="indicator_measure"
            )
        ]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The name in the reader's language (the English name where there is one)."""
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name

    @property
    def shown_unit(self) -> str:
        """The unit label in the reader's language (元 → yuan on English pages)."""
        from fupin.assistance.indicators import unit_shown

        return unit_shown(self.unit_label)


class Pledge(models.Model):
    """A responsibility pledge (责任书) of a unit — or of a cadre it sent — for a year, towards
    a region or a superior: the part of `parent` (the superior's pledge) it takes on."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="pledges"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("帮扶地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级责任书"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("签订干部"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    title = models.CharField(_("名称"), max_length=200, blank=True)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("责任书")
        verbose_name_plural = _("责任书")
        ordering = ["year", "unit", "id"]
        indexes = [models.Index(fields=["unit", "year"], name="pledge_unit_year")]

    def __str__(self) -> str:
        return self.title or f"{self.unit} {self.year}"


class Target(models.Model):
    pledge = models.ForeignKey(
        Pledge, verbose_name=_("责任书"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("目标值"), **MONEY)

    class Meta:
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        constraints = [
            models.UniqueConstraint(fields=["pledge", "indicator"], name="target_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.value}"


class Plan(models.Model):
    """A multi-year plan (e.g. a three-year counterpart-support plan) with yearly amounts."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="plans"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("帮扶地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("名称"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("起始年度"))
    last_year = models.PositiveSmallIntegerField(_("终止年度"))

    class Meta:
        verbose_name = _("多年规划")
        verbose_name_plural = _("多年规划")
        constraints = [
            models.CheckConstraint(condition=Q(last_year__gte=F("first_year")), name="plan_period")
        ]

    def __str__(self) -> str:
        return self.title


class PlanAmount(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("规划"), on_delete=models.CASCADE, related_name="amounts"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("计划值"), **MONEY)

    class Meta:
        verbose_name = _("规划年度安排")
        verbose_name_plural = _("规划年度安排")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "indicator"], name="plan_amount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.indicator_id} {self.value}"


class Project(models.Model):
    """An assistance project (DOMAIN.md §6.7, §6.11–6.12): where, by whom, its budget, its
    lifecycle dates, its beneficiaries and results, and its public notice."""

    code = models.CharField(_("项目编号"), max_length=40, unique=True)
    name = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(_("项目类型"), max_length=20, choices=ProjectKind.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("帮扶单位"), on_delete=models.PROTECT, related_name="projects"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("实施地"), on_delete=models.PROTECT, related_name="+"
    )
    budget = models.DecimalField(_("预算（元）"), **MONEY)
    status = models.CharField(
        _("状态"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED
    )
    planned_end = models.DateField(_("计划完工日期"), null=True, blank=True)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("完工日期"), null=True, blank=True)
    operating_on = models.DateField(_("投入运营日期"), null=True, blank=True)
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    jobs_created = models.PositiveIntegerField(_("带动就业（人）"), default=0)
    income_per_year = models.DecimalField(_("带动增收（元/年）"), default=0, **MONEY)
    notice_start = models.DateField(_("公示开始日期"), null=True, blank=True)
    notice_days = models.PositiveSmallIntegerField(_("公示天数"), default=10)
    beneficiaries = models.ManyToManyField(
        "registry.Household", verbose_name=_("受益户"), blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("帮扶项目")
        verbose_name_plural = _("帮扶项目")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("kind", ProjectKind.values), name="project_kind"
            ),
            models.CheckConstraint(
                condition=one_of("status", ProjectStatus.values), name="project_status"
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="project_budget"),
        ]

    def __str__(self) -> str:
        return self.name


class LedgerEntry(models.Model):
    """One dated, evidenced delivery against an indicator. Entries are never edited (the
    database refuses an UPDATE): a correction is a new entry that `reverses` the wrong one,
    with the negated amount; an entry is reversed at most once."""

    entry_id = models.CharField(_("编号"), max_length=40, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="entries"
    )
    date = models.DateField(_("日期"))
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("数值"), **MONEY)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pairing = models.ForeignKey(
        Pairing,
        verbose_name=_("结对关系"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("受益户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("受益人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence = models.CharField(_("凭证"), max_length=300, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    # why the region may be one the unit is not paired with (empty: it is paired with it)
    reason = models.CharField(
        _("例外原因"), max_length=20, choices=LedgerReason.choices, blank=True, default=""
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("冲销"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # entries are never edited: keep who entered them
        related_name="+",
    )
    job = models.CharField(_("导入任务"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("台账记录")
        verbose_name_plural = _("台账记录")
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["unit", "indicator", "date"], name="ledger_unit_indicator"),
            models.Index(fields=["region", "date"], name="ledger_region_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reverses=F("id")), name="ledger_not_reversing_itself"
            ),
            models.CheckConstraint(
                condition=one_of("reason", ["", *LedgerReason.values]), name="ledger_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.indicator_id} {self.amount}"
