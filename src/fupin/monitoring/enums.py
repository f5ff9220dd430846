from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    """How sure a figure is (DOMAIN.md): from an official text, one weak source, or none."""

    CONFIRMED = "C", _("已确认")
    WEAK = "W", _("单一来源")
    UNCONFIRMED = "U", _("未确认")


class Channel(models.TextChoices):
    """How a household at risk came to notice (DOMAIN.md §5.3)."""

    RULE = "rule", _("系统预警")
    SELF_REPORT = "self_report", _("农户自主申报")
    CADRE_SWEEP = "cadre_sweep", _("基层干部排查")
    DEPARTMENT = "department", _("部门筛查预警")
    IMPORTED = "imported", _("系统导入")


class ReportWay(models.TextChoices):
    """The way a household reported itself (农户自主申报)."""

    HOTLINE = "12317", _("12317热线")
    ORAL = "oral", _("口头申请")
    WRITTEN = "written", _("书面申请")
    APP = "app", _("手机应用/小程序")


class Phase(models.TextChoices):
    """Where a case stands: being identified, monitored, having its risk eliminated, done."""

    IDENTIFYING = "identifying", _("识别中")
    MONITORING = "monitoring", _("监测帮扶中")
    ELIMINATING = "eliminating", _("风险消除中")
    ELIMINATED = "eliminated", _("风险已消除")
    NOT_IDENTIFIED = "not_identified", _("未纳入")


#: phases of a case that is still open: a household has at most one such case
OPEN_PHASES = (Phase.IDENTIFYING, Phase.MONITORING, Phase.ELIMINATING)


class Procedure(models.TextChoices):
    IDENTIFICATION = "identification", _("识别纳入")
    ELIMINATION = "elimination", _("风险消除")


class StepResult(models.TextChoices):
    PASSED = "passed", _("通过")
    REFUSED = "refused", _("不通过")


class NoticeKind(models.TextChoices):
    PUBLICITY = "publicity", _("公示")
    ANNOUNCEMENT = "announcement", _("公告")


class Department(models.TextChoices):
    """Departments whose data feeds the screening (部门筛查预警, DOMAIN.md §5.3)."""

    MEDICAL_INSURANCE = "medical_insurance", _("医疗保障部门")
    CIVIL_AFFAIRS = "civil_affairs", _("民政部门")
    EDUCATION = "education", _("教育部门")
    DISABLED_PERSONS = "disabled_persons", _("残疾人联合会")
    EMERGENCY = "emergency", _("应急管理部门")
    HOUSING = "housing", _("住房和城乡建设部门")
    OTHER = "other", _("其他部门")
