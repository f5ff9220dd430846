"""Coded values of assistance work (DOMAIN.md §4.1, §6.3–6.7, §6.11; DESIGN.md "Assistance
work on the command line"). Stored by name, labels in Chinese."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    GOVERNMENT = "government", _("党政机关")
    INSTITUTION = "institution", _("事业单位")
    SOCIAL = "social", _("社会组织")


class PairingKind(models.TextChoices):
    """How a unit is paired with a region (DESIGN.md: 帮扶类型)."""

    FIXED_POINT = "fixed_point", _("定点帮扶")
    COUNTERPART = "counterpart", _("对口支援")
    EAST_WEST = "east_west", _("东西部协作")
    ONE_ENTERPRISE_ONE_VILLAGE = "one_enterprise_one_village", _("一企一村")
    DOUBLE_LINKED = "double_linked", _("双联系")


class LedgerReason(models.TextChoices):
    """Why a ledger entry's region may be one its unit is not paired with: the exceptions a
    user names (例外原因). Each goes with some indicators only (`ledger_rules.REASONS`)."""

    # 消费帮扶: produce of poor areas bought, or sold with help, wherever it comes from
    # (DOMAIN.md §6.8; seed 003: Shougang's purchases in Beijing's counterpart areas)
    CONSUMPTION = "consumption", _("消费帮扶")
    # 社会捐赠: a donation to a place outside the pairings (disaster relief, a national call)
    DONATION = "donation", _("社会捐赠")


class GroupRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")
    OFFICE_DIRECTOR = "office_director", _("办公室主任")
    LIAISON = "liaison", _("联络员")


class ResponsibilityKind(models.TextChoices):
    THEATRE = "theatre", _("督战战区")  # a provincial leader's "theatre" (Qinghai, seed 004)
    CONTACT = "contact", _("联系点")
    UNIT = "unit", _("分管单位")


class CadreRole(models.TextChoices):
    FIRST_SECRETARY = "first_secretary", _("第一书记")
    TEAM_LEADER = "team_leader", _("驻村工作队长")
    TEAM_MEMBER = "team_member", _("驻村工作队员")
    TEMPORARY_POST = "temporary_post", _("挂职干部")
    AID_PROFESSIONAL = "aid_professional", _("援派专业技术人员")


class CadreGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    COMPETENT = "competent", _("称职")
    BASICALLY_COMPETENT = "basically_competent", _("基本称职")
    INCOMPETENT = "incompetent", _("不称职")


class Measure(models.TextChoices):
    """What an indicator counts: yuan are decimals with two places, counts whole numbers,
    quantities (tonnes, mu, …) decimals with two places in the indicator's unit."""

    YUAN = "yuan", _("金额（元）")
    COUNT = "count", _("人数/个数")
    QUANTITY = "quantity", _("数量")


class ProjectKind(models.TextChoices):
    INDUSTRY = "industry", _("产业")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    WORKSHOP = "workshop", _("扶贫车间")
    COURTYARD = "courtyard", _("庭院经济")
    EDUCATION = "education", _("教育")
    HEALTH = "health", _("健康")
    EMPLOYMENT = "employment", _("就业")
    CONSUMPTION = "consumption", _("消费帮扶")
    PARTY_BUILDING = "party_building", _("党建")
    HOUSING = "housing", _("住房")
    OTHER = "other", _("其他")


class ProjectStatus(models.TextChoices):
    """The lifecycle of a project, in order (DOMAIN.md §6.11)."""

    PLANNED = "planned", _("计划")
    APPROVED = "approved", _("已批准")
    UNDER_CONSTRUCTION = "under_construction", _("在建")
    COMPLETED = "completed", _("已完工")
    IN_OPERATION = "in_operation", _("运营中")
    CLOSED = "closed", _("已关闭")


PROJECT_ORDER = list(ProjectStatus.values)


def project_next(status: str) -> list[str]:
    """The stages a project at `status` may move on to: the next one (approval first, after
    the public notice), or closing once it has been approved."""
    at = PROJECT_ORDER.index(status)
    steps = PROJECT_ORDER[at + 1 : at + 2]
    if at >= PROJECT_ORDER.index(ProjectStatus.APPROVED) and ProjectStatus.CLOSED not in steps:
        steps.append(ProjectStatus.CLOSED)
    return [s for s in steps if s != status]
