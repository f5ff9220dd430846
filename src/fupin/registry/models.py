"""The registry (建档立卡): households, members and yearly income surveys (DOMAIN.md §2.5)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fupin.core.constraints import one_of
from fupin.registry.enums import (
    Attribute,
    Cause,
    Education,
    Health,
    HousingGrade,
    LabourSkill,
    Relation,
    Sex,
    Standard,
    Status,
    StudentStatus,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


def _valid(field: str, enum: type[models.TextChoices], *, blank: bool = True) -> Q:
    return one_of(field, [*enum.values, *([""] if blank else [])])


class Household(models.Model):
    """A registered (or surveyed) household, identified by its 户编号."""

    number = models.CharField(_("户编号"), max_length=40, unique=True)
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所在村"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the (village, number) index serves lookups by village
    )
    group_name = models.CharField(_("村民小组"), max_length=60, blank=True)
    attribute = models.CharField(
        _("贫困户属性"), max_length=16, choices=Attribute.choices, blank=True
    )
    main_cause = models.CharField(
        _("主要致贫原因"), max_length=20, choices=Cause.choices, blank=True
    )
    other_causes = models.JSONField(_("其他致贫原因"), default=list, blank=True)
    standard = models.CharField(
        _("识别标准"), max_length=12, choices=Standard.choices, default=Standard.NATIONAL
    )
    registered_year = models.PositiveSmallIntegerField(_("识别年度"), null=True, blank=True)
    exit_year = models.PositiveSmallIntegerField(_("脱贫年度"), null=True, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    is_military_family = models.BooleanField(_("是否军烈属"), default=False)
    is_only_child = models.BooleanField(_("是否独生子女户"), default=False)
    is_two_daughters = models.BooleanField(_("是否双女户"), default=False)
    cultivated_land_mu = models.DecimalField(
        _("耕地面积(亩)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    forest_land_mu = models.DecimalField(
        _("林地面积(亩)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    housing_grade = models.CharField(
        _("住房安全等级"), max_length=1, choices=HousingGrade.choices, blank=True
    )
    housing_area_m2 = models.DecimalField(
        _("住房面积(㎡)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    road_distance_km = models.DecimalField(
        _("距村主干路(公里)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    has_electricity = models.BooleanField(_("是否通生活用电"), null=True, blank=True)
    has_sanitary_toilet = models.BooleanField(_("是否有卫生厕所"), null=True, blank=True)
    is_relocated = models.BooleanField(_("是否易地扶贫搬迁户"), default=False)
    in_cooperative = models.BooleanField(_("是否加入农民专业合作社"), default=False)
    helper_name = models.CharField(_("帮扶责任人"), max_length=60, blank=True)
    helper_unit = models.CharField(_("帮扶责任人单位"), max_length=120, blank=True)
    helper_phone = models.CharField(_("帮扶责任人电话"), max_length=30, blank=True)
    helper_id_number = models.CharField(_("帮扶责任人证件号码"), max_length=22, blank=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("贫困户")
        verbose_name_plural = _("贫困户")
        ordering = ["number"]
        indexes = [models.Index(fields=["village", "number"], name="household_village")]
        constraints = [
            models.CheckConstraint(condition=_valid("attribute", Attribute), name="hh_attribute"),
            models.CheckConstraint(condition=_valid("main_cause", Cause), name="hh_main_cause"),
            models.CheckConstraint(
                condition=_valid("standard", Standard, blank=False), name="hh_standard"
            ),
            models.CheckConstraint(
                condition=_valid("housing_grade", HousingGrade), name="hh_housing_grade"
            ),
            models.CheckConstraint(
                condition=Q(exit_year__isnull=True)
                | Q(registered_year__isnull=True)
                | Q(exit_year__gte=models.F("registered_year")),
                name="hh_exit_after_registration",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Member(models.Model):
    """A person of a household; a person (ID number) belongs to one household only."""

    household = models.ForeignKey(
        Household, verbose_name=_("户"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("姓名"), max_length=60)
    id_number = models.CharField(_("证件号码"), max_length=22, unique=True)
    relation = models.CharField(_("与户主关系"), max_length=20, choices=Relation.choices)
    sex = models.CharField(_("性别"), max_length=6, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    education = models.CharField(
        _("文化程度"), max_length=20, choices=Education.choices, blank=True
    )
    student_status = models.CharField(
        _("在校生状况"), max_length=24, choices=StudentStatus.choices, blank=True
    )
    health = models.CharField(_("健康状况"), max_length=20, choices=Health.choices, blank=True)
    disability_certificate = models.CharField(_("残疾证号"), max_length=30, blank=True)
    labour_skill = models.CharField(
        _("劳动技能"), max_length=12, choices=LabourSkill.choices, blank=True
    )
    work_months = models.PositiveSmallIntegerField(_("务工时间(月)"), null=True, blank=True)
    has_medical_insurance = models.BooleanField(
        _("参加城乡居民基本医疗保险"), null=True, blank=True
    )
    has_serious_illness_insurance = models.BooleanField(_("参加大病保险"), null=True, blank=True)
    has_pension_insurance = models.BooleanField(
        _("参加城乡居民基本养老保险"), null=True, blank=True
    )
    on_dibao = models.BooleanField(_("享受低保"), null=True, blank=True)
    on_destitute_support = models.BooleanField(_("特困供养"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["household_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"], condition=Q(relation="head"), name="member_one_head"
            ),
            models.CheckConstraint(
                condition=_valid("relation", Relation, blank=False), name="member_relation"
            ),
            models.CheckConstraint(condition=_valid("sex", Sex), name="member_sex"),
            models.CheckConstraint(condition=_valid("health", Health), name="member_health"),
            models.CheckConstraint(
                condition=_valid("labour_skill", LabourSkill), name="member_labour_skill"
            ),
            models.CheckConstraint(
                condition=_valid("education", Education), name="member_education"
            ),
            models.CheckConstraint(
                condition=_valid("student_status", StudentStatus), name="member_student_status"
            ),
            models.CheckConstraint(
                condition=Q(work_months__isnull=True) | Q(work_months__lte=12),
                name="member_work_months",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Survey(models.Model):
    """A household's income and guarantees in one year (household totals, yuan)."""

    household = models.ForeignKey(
        Household,
        verbose_name=_("户"),
        on_delete=models.CASCADE,
        related_name="surveys",
        db_index=False,  # the (household, year) unique index serves lookups by household
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    wage_income = models.DecimalField(_("工资性收入"), default=0, **MONEY)
    business_income = models.DecimalField(_("生产经营性收入"), default=0, **MONEY)
    property_income = models.DecimalField(_("财产性收入"), default=0, **MONEY)
    transfer_income = models.DecimalField(_("转移性收入"), default=0, **MONEY)
    business_expense = models.DecimalField(_("生产经营性支出"), default=0, **MONEY)
    # parts of the transfer income the data-quality checks compare with the flags (NULL: not given)
    dibao_payment = models.DecimalField(_("低保金"), null=True, blank=True, **MONEY)
    destitute_payment = models.DecimalField(_("特困供养金"), null=True, blank=True, **MONEY)
    food_clothing_ok = models.BooleanField(_("吃穿不愁"), null=True)
    education_ok = models.BooleanField(_("义务教育有保障"), null=True)
    medical_ok = models.BooleanField(_("基本医疗有保障"), null=True)
    housing_ok = models.BooleanField(_("住房安全有保障"), null=True)
    water_ok = models.BooleanField(_("饮水安全有保障"), null=True)
    # what the monitoring rules read besides the income (风险预警): payouts that offset the
    # compliant out-of-pocket medical and schooling costs, and the year's sudden events
    claim_income = models.DecimalField(_("理赔收入"), default=0, **MONEY)
    compliant_expense = models.DecimalField(_("合规自付支出"), default=0, **MONEY)
    disaster = models.BooleanField(_("遭受自然灾害"), null=True)
    accident = models.BooleanField(_("发生意外事故"), null=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度收入调查")
        verbose_name_plural = _("年度收入调查")
        ordering = ["household_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="survey_household_year"),
            models.CheckConstraint(condition=Q(business_expense__gte=0), name="survey_expense"),
            models.CheckConstraint(
                condition=Q(claim_income__gte=0, compliant_expense__gte=0),
                name="survey_claims_expenses",
            ),
        ]
        indexes = [models.Index(fields=["year", "household"], name="survey_year")]

    def __str__(self) -> str:
        return f"{self.household_id} {self.year}"

    @property
    def guarantees(self) -> tuple[bool | None, ...]:
        """吃穿不愁, 义务教育, 基本医疗, 住房安全, 饮水安全, in that order."""
        return (
            self.food_clothing_ok,
            self.education_ok,
            self.medical_ok,
            self.housing_ok,
            self.water_ok,
        )

    @property
    def net_income(self):  # type: ignore[no-untyped-def]
        return (
            self.wage_income
            + self.business_income
            + self.property_income
            + self.transfer_income
            - self.business_expense
        )


class HouseholdResult(models.Model):
    """The evaluation of a household in a year under a regime, as the bulk run (or the
    one-household run after an edit) computed it."""

    household = models.ForeignKey(
        Household, verbose_name=_("户"), on_delete=models.CASCADE, related_name="results"
    )
    # the household's village when evaluated: counts by status and region need no join
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所在村"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    regime = models.CharField(_("标准"), max_length=20)
    members = models.PositiveIntegerField(_("家庭人口"))
    per_capita_income = models.DecimalField(_("人均纯收入"), **MONEY)
    poverty_line = models.DecimalField(_("贫困线"), **MONEY)
    below_line = models.BooleanField(_("低于贫困线"))
    guarantees_met = models.BooleanField(_("两不愁三保障"))
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    reasons = models.CharField(_("原因"), max_length=120, blank=True)
    evaluated_at = models.DateTimeField(_("评估时间"))

    class Meta:
        verbose_name = _("户评估结果")
        verbose_name_plural = _("户评估结果")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year", "regime"], name="result_household_year"
            ),
            models.CheckConstraint(condition=one_of("status", Status.values), name="result_status"),
        ]
        indexes = [
            models.Index(fields=["year", "regime", "status", "village"], name="result_status_idx")
        ]

    def __str__(self) -> str:
        return f"{self.household_id} {self.year} {self.status}"


class RegionResult(models.Model):
    """The figures of a region in a year under a regime, from the bulk evaluation."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("区域"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    regime = models.CharField(_("标准"), max_length=20)
    households = models.PositiveIntegerField(_("户数"))
    members = models.PositiveIntegerField(_("人数"))
    poor_members = models.PositiveIntegerField(_("贫困人口"))
    rural_population = models.PositiveIntegerField(_("农村人口"), null=True)
    incidence = models.DecimalField(_("贫困发生率"), max_digits=12, decimal_places=6, null=True)
    exit_eligible = models.BooleanField(_("达到退出条件"), null=True)
    # households per status, and "exits" / "registrations" in the year
    statuses = models.JSONField(_("各状态户数"), default=dict)
    evaluated_at = models.DateTimeField(_("评估时间"))

    class Meta:
        verbose_name = _("区域评估结果")
        verbose_name_plural = _("区域评估结果")
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "regime"], name="region_result_year"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}"
