from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("系统管理员")
    PROVINCE_OFFICE = "province_office", _("省级扶贫办")
    PREFECTURE_OFFICE = "prefecture_office", _("市级扶贫办")
    COUNTY_OFFICE = "county_office", _("县级扶贫办")
    TOWNSHIP_CADRE = "township_cadre", _("乡镇干部")
    VILLAGE_CADRE = "village_cadre", _("村干部")
    ASSISTING_UNIT = "assisting_unit", _("帮扶单位")
    EVALUATOR = "evaluator", _("第三方评估")
