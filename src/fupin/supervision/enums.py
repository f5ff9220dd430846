"""Coded values of exit verification and supervision (DOMAIN.md §3.2, §4, §6.9, §6.10,
§6.12). Stored by name, labels in Chinese."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    """What a campaign checks."""

    # 贫困县退出专项评估检查: the counties applying to exit (2016–2020)
    EXIT_VERIFICATION = "exit_verification", _("贫困县退出专项评估检查")
    # 2019's 抽查: a share of the counties that have already exited
    SPOT_CHECK = "spot_check", _("退出县抽查")
    # 回头看: a sample of exited households checked again
    LOOK_BACK = "look_back", _("脱贫户回头看")


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    SAMPLED = "sampled", _("已抽样")
    CLOSED = "closed", _("已结束")


class VillageStratum(models.TextChoices):
    POOR = "poor", _("贫困村")
    NON_POOR = "non_poor", _("非贫困村")


class HouseholdStratum(models.TextChoices):
    REGISTERED = "registered", _("未脱贫建档立卡户")
    EXITED = "exited", _("已脱贫户")
    NON_REGISTERED = "non_registered", _("非建档立卡户")


class Approval(models.TextChoices):
    APPROVE = "approve", _("认可")
    DISAPPROVE = "disapprove", _("不认可")
    UNSURE = "unsure", _("说不清")


class FindingSource(models.TextChoices):
    """Who found it (seeds 002, 004; DOMAIN.md §6.12)."""

    INSPECTION = "inspection", _("巡视")
    AUDIT = "audit", _("审计")
    ASSESSMENT = "assessment", _("考核")
    SUPERVISION = "supervision", _("督查")
    LOOK_BACK = "look_back", _("回头看")
    THIRD_PARTY = "third_party", _("第三方评估")
    SELF_CHECK = "self_check", _("自查")


class FindingCategory(models.TextChoices):
    """The usual headings of an inspection's feedback (责任、政策、工作落实; 资金; 作风)."""

    RESPONSIBILITY = "responsibility", _("责任落实")
    POLICY = "policy", _("政策落实")
    WORK = "work", _("工作落实")
    FUNDS = "funds", _("资金项目管理")
    ACCURACY = "accuracy", _("精准识别退出")
    CONDUCT = "conduct", _("作风建设")
    OTHER = "other", _("其他")


class TaskStatus(models.TextChoices):
    """A rectification task: open → submitted (整改完成，待销号) → signed off (已销号); a
    submitted or signed-off task may be reopened, which makes it open again."""

    OPEN = "open", _("整改中")
    SUBMITTED = "submitted", _("待销号")
    SIGNED_OFF = "signed_off", _("已销号")
