"""The audit history: every change to recorded data leaves a Change row written in the same
transaction as the change itself."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.constraints import one_of


class Source(models.TextChoices):
    IMPORT = "import", _("导入")
    FORM = "form", _("页面编辑")
    API = "api", _("接口")
    DEMO = "demo", _("演示数据")
    SYSTEM = "system", _("系统")


class Change(models.Model):
    """Who changed which object when, and how: `changes` maps each changed field to
    [before, after] (nested for an object's parts, e.g. members and yearly surveys)."""

    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    subject = models.CharField(_("对象类型"), max_length=30)  # e.g. "household"
    subject_id = models.BigIntegerField(_("对象编号"))
    label = models.CharField(_("对象"), max_length=60)  # e.g. the household number
    job = models.CharField(_("任务"), max_length=60, blank=True)  # the import job, if any
    changes = models.JSONField(_("变更内容"), default=dict)

    class Meta:
        verbose_name = _("变更记录")
        verbose_name_plural = _("变更记录")
        indexes = [models.Index(fields=["subject", "subject_id", "at"], name="change_subject")]
        constraints = [
            models.CheckConstraint(condition=one_of("source", Source.values), name="change_source")
        ]

    def __str__(self) -> str:
        return f"{self.subject} {self.label} {self.at:%Y-%m-%d %H:%M}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class Job(models.Model):
    """Long work started from the web (imports, exports, evaluations): queued, then run by a
    worker, reporting its progress; its files stay under the data folder."""

    kind = models.CharField(_("类型"), max_length=40)
    params = models.JSONField(_("参数"), default=dict)
    status = models.CharField(
        _("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    stage = models.CharField(_("阶段"), max_length=60, blank=True)
    done = models.BigIntegerField(_("已处理"), default=0)
    total = models.BigIntegerField(_("总数"), null=True, blank=True)
    message = models.TextField(_("结果"), blank=True)
    result = models.JSONField(_("结果数据"), default=dict)
    result_file = models.CharField(_("结果文件"), max_length=300, blank=True)
    error_file = models.CharField(_("错误文件"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    worker = models.CharField(_("执行者"), max_length=80, blank=True)
    heartbeat_at = models.DateTimeField(_("最近进度"), null=True, blank=True)

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        indexes = [models.Index(fields=["status", "id"], name="job_queue")]
        constraints = [
            models.CheckConstraint(condition=one_of("status", JobStatus.values), name="job_status")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def kind_label(self) -> str:
        from fupin.core.jobs import LABELS

        return str(LABELS.get(self.kind, self.kind))

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, int(self.done * 100 / self.total))
