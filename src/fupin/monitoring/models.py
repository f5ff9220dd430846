"""Monitoring (防止返贫监测): the ranges regions set, the cases of monitored households with
their procedure steps, notices, objections and measures, and the department feeds."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.constraints import one_of
from fupin.monitoring.enums import (
    OPEN_PHASES,
    Channel,
    Confidence,
    Department,
    NoticeKind,
    Phase,
    Procedure,
    ReportWay,
    StepResult,
)


class MonitoringRange(models.Model):
    """Yuan per person per year below which a household is at risk in that region and year.
    A household takes the range of the most specific region above its village that has one
    (province offices set theirs; a county may set its own), else the regime's reference."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("监测范围（元/人·年）"), max_digits=12, decimal_places=2)
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    source = models.CharField(_("来源"), max_length=300, blank=True)
    confidence = models.CharField(
        _("可信度"), max_length=1, choices=Confidence.choices, default=Confidence.CONFIRMED
    )

    class Meta:
        verbose_name = _("监测范围")
        verbose_name_plural = _("监测范围")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="range_region_year"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="range_positive"),
            models.CheckConstraint(
                condition=one_of("confidence", Confidence.values), name="range_confidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.amount}"


class Case(models.Model):
    """A household's period under monitoring (监测对象), from the report that brought it to
    notice through identification, measures and risk elimination. Object type, risks and
    measure categories are codes of the regime's scheme (data, not choices: a new category is
    a line in the regime file). A household has at most one open case; an eliminated or not
    identified case stays, and the household may be identified again in a new case."""

    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("农户"),
        on_delete=models.PROTECT,
        related_name="monitoring_cases",
    )
    # the household's village, kept here so that scope filters and dashboards need no join
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, related_name="+"
    )
    regime = models.CharField(_("政策标准"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年度"))
    object_type = models.CharField(_("监测对象类别"), max_length=40)
    risks = models.JSONField(_("风险类型"), default=list, blank=True)
    channel = models.CharField(_("发现渠道"), max_length=20, choices=Channel.choices)
    report_way = models.CharField(
        _("申报方式"), max_length=10, choices=ReportWay.choices, blank=True
    )
    summary = models.TextField(_("情况说明"), blank=True)
    fast_track = models.BooleanField(_("绿色通道"), default=False)
    phase = models.CharField(
        _("状态"), max_length=20, choices=Phase.choices, default=Phase.IDENTIFYING
    )
    # the next step of the running procedure ('' when none runs), for lists of what is due
    next_step = models.CharField(_("下一步"), max_length=40, blank=True)
    reported_on = models.DateField(_("发现日期"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    identified_on = models.DateField(_("识别日期"), null=True, blank=True)
    eliminated_on = models.DateField(_("风险消除日期"), null=True, blank=True)
    # the department-feed row the case came from, if any
    feed_row = models.ForeignKey(
        "monitoring.FeedRow",
        verbose_name=_("部门预警"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("监测对象")
        verbose_name_plural = _("监测对象")
        ordering = ["-reported_on", "-pk"]
        indexes = [
            models.Index(fields=["village", "phase"], name="case_village_phase"),
            models.Index(fields=["phase", "next_step"], name="case_phase_step"),
        ]
        constraints = [
            models.CheckConstraint(condition=one_of("phase", Phase.values), name="case_phase"),
            models.CheckConstraint(
                condition=one_of("channel", Channel.values), name="case_channel"
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(phase__in=[p.value for p in OPEN_PHASES]),
                name="case_one_open_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.reported_on}"


class Step(models.Model):
    """One dated step of a case's procedure (identification or elimination), by whom, with
    its note and attachment (the signed 承诺授权书 of the home visit)."""

    case = models.ForeignKey(
        Case, verbose_name=_("监测对象"), on_delete=models.CASCADE, related_name="steps"
    )
    procedure = models.CharField(_("程序"), max_length=20, choices=Procedure.choices)
    # the round of the procedure: a second elimination attempt after a refusal is round 2
    round = models.PositiveSmallIntegerField(_("轮次"), default=1)
    code = models.CharField(_("步骤"), max_length=40)
    done_on = models.DateField(_("日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    result = models.CharField(
        _("结果"), max_length=10, choices=StepResult.choices, default=StepResult.PASSED
    )
    note = models.TextField(_("说明"), blank=True)
    # path under DATA_DIR/attachments, '' for none
    attachment = models.CharField(_("附件"), max_length=300, blank=True)
    # recorded after the fact on the fast track (绿色通道)
    late = models.BooleanField(_("补录"), default=False)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("程序步骤")
        verbose_name_plural = _("程序步骤")
        ordering = ["case", "done_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("procedure", Procedure.values), name="step_procedure"
            ),
            models.CheckConstraint(
                condition=one_of("result", StepResult.values), name="step_result"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.procedure} {self.code} {self.done_on}"


class Notice(models.Model):
    """A public notice (公示 or 公告, DOMAIN.md §6.12) posted in a village for the cases it
    lists. A publicity notice blocks the step after it until it has run `min_days` days and
    no objection to it is unresolved."""

    village = models.ForeignKey(
        "regions.Region", verbose_name=_("村"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=NoticeKind.choices)
    procedure = models.CharField(_("程序"), max_length=20, choices=Procedure.choices)
    title = models.CharField(_("标题"), max_length=200)
    cases = models.ManyToManyField(Case, verbose_name=_("公示对象"), related_name="notices")
    start_on = models.DateField(_("开始日期"))
    min_days = models.PositiveSmallIntegerField(_("最少天数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("公示公告")
        verbose_name_plural = _("公示公告")
        ordering = ["-start_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=one_of("kind", NoticeKind.values), name="notice_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def end_on(self) -> dt.date:
        """The first day on which the notice has run its minimum length."""
        return self.start_on + dt.timedelta(days=self.min_days)


class Objection(models.Model):
    """An objection raised against a notice (异议), open until resolved."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="objections"
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("监测对象"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
    )
    text = models.TextField(_("异议内容"))
    raised_on = models.DateField(_("提出日期"))
    resolved_on = models.DateField(_("处理日期"), null=True, blank=True)
    resolution = models.TextField(_("处理结果"), blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["raised_on", "pk"]

    def __str__(self) -> str:
        return f"{self.notice_id} {self.raised_on}"


class Measure(models.Model):
    """An assistance measure (帮扶措施) for a monitored household, by category (a code of the
    scheme), with its dates, the responsible cadre and, where an assisting unit delivers it,
    the unit's ledger entry or project."""

    case = models.ForeignKey(
        Case, verbose_name=_("监测对象"), on_delete=models.CASCADE, related_name="measures"
    )
    category = models.CharField(_("措施类别"), max_length=40)
    content = models.CharField(_("措施内容"), max_length=300)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)
    responsible = models.CharField(_("责任人"), max_length=60, blank=True)
    cadre = models.ForeignKey(
        "assistance.Cadre",
        verbose_name=_("帮扶干部"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        "assistance.Unit",
        verbose_name=_("帮扶单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ledger_entry = models.ForeignKey(
        "assistance.LedgerEntry",
        verbose_name=_("台账记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    project = models.ForeignKey(
        "assistance.Project",
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    amount = models.DecimalField(
        _("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
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

    class Meta:
        verbose_name = _("帮扶措施")
        verbose_name_plural = _("帮扶措施")
        ordering = ["case", "start_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.category} {self.start_on}"


class Feed(models.Model):
    """A department feed definition (部门筛查预警): the columns its files carry and the rule
    that turns a row into a flag. `columns` maps a key to the file's header, with at least
    ``id_number``; `rule` is a list of conditions on those keys, all of which must hold:
    ``{"column": key, "op": ">=" | ">" | "=" | "!=" | "<" | "<=" | "in" | "nonempty",
    "value": …}``; `risk` is the risk code a flag suggests."""

    code = models.CharField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    department = models.CharField(_("部门"), max_length=30, choices=Department.choices)
    columns = models.JSONField(_("列定义"), default=dict)
    rule = models.JSONField(_("预警规则"), default=list)
    risk = models.CharField(_("风险类型"), max_length=60, blank=True)
    description = models.TextField(_("说明"), blank=True)
    active = models.BooleanField(_("启用"), default=True)
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("部门数据")
        verbose_name_plural = _("部门数据")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=one_of("department", Department.values), name="feed_department"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FeedBatch(models.Model):
    """One file of a feed as imported: when, by whom, and its counts."""

    feed = models.ForeignKey(
        Feed, verbose_name=_("部门数据"), on_delete=models.PROTECT, related_name="batches"
    )
    file_name = models.CharField(_("文件名"), max_length=200)
    imported_at = models.DateTimeField(_("导入时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rows = models.PositiveIntegerField(_("行数"), default=0)
    matched = models.PositiveIntegerField(_("匹配人数"), default=0)
    unmatched = models.PositiveIntegerField(_("未匹配"), default=0)
    flagged = models.PositiveIntegerField(_("预警"), default=0)

    class Meta:
        verbose_name = _("部门数据批次")
        verbose_name_plural = _("部门数据批次")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.feed_id} {self.file_name}"


class FeedRow(models.Model):
    """One row of a feed file: the evidence as it came, the registry person its ID number
    matched (None: unknown ID, kept and reported, never dropped) and whether the feed's rule
    turned it into a flag."""

    batch = models.ForeignKey(
        FeedBatch, verbose_name=_("批次"), on_delete=models.CASCADE, related_name="feed_rows"
    )
    row_number = models.PositiveIntegerField(_("行号"))
    id_number = models.CharField(_("证件号码"), max_length=22)
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("成员"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("农户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_rows",
    )
    # the household's village when matched, for scope filters
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("村"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    values = models.JSONField(_("原始数据"), default=dict)
    flagged = models.BooleanField(_("预警"), default=False)
    dismissed = models.CharField(_("排除原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("部门数据行")
        verbose_name_plural = _("部门数据行")
        ordering = ["batch", "row_number"]
        indexes = [
            models.Index(fields=["village", "flagged"], name="feedrow_village_flag"),
            # an import looks up the earlier evidence of the persons in its file
            models.Index(fields=["id_number"], name="feedrow_id_number"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"
