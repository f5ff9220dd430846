"""Coded values of the registry (DOMAIN.md §2.3–2.5). Stored by name, labels in Chinese;
`ALIASES` maps other spellings found in real files to the stored values."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Relation(models.TextChoices):
    HEAD = "head", _("户主")
    SPOUSE = "spouse", _("配偶")
    SON = "son", _("之子")
    DAUGHTER = "daughter", _("之女")
    SON_IN_LAW = "son_in_law", _("之女婿")
    DAUGHTER_IN_LAW = "daughter_in_law", _("之儿媳")
    GRANDSON = "grandson", _("之孙子")
    GRANDDAUGHTER = "granddaughter", _("之孙女")
    GRANDCHILD_VIA_DAUGHTER = "daughters_child", _("之外孙子女")
    FATHER = "father", _("之父")
    MOTHER = "mother", _("之母")
    PARENT_IN_LAW = "parent_in_law", _("之公婆/岳父母")
    GRANDPARENT = "grandparent", _("之祖父母")
    SIBLING = "sibling", _("之兄弟姐妹")
    OTHER = "other", _("其他")


class Attribute(models.TextChoices):
    GENERAL = "general", _("一般贫困户")
    DIBAO = "dibao", _("低保贫困户")
    DESTITUTE = "destitute", _("特困供养贫困户")


class Cause(models.TextChoices):
    ILLNESS = "illness", _("因病")
    DISABILITY = "disability", _("因残")
    SCHOOLING = "schooling", _("因学")
    DISASTER = "disaster", _("因灾")
    LACK_LAND = "lack_land", _("缺土地")
    LACK_WATER = "lack_water", _("缺水")
    LACK_SKILLS = "lack_skills", _("缺技术")
    LACK_LABOUR = "lack_labour", _("缺劳力")
    LACK_FUNDS = "lack_funds", _("缺资金")
    POOR_TRANSPORT = "poor_transport", _("交通条件落后")
    LACK_MOTIVATION = "lack_motivation", _("自身发展动力不足")
    MARRIAGE = "marriage", _("因婚")
    FUNERAL = "funeral", _("因丧")
    OTHER = "other", _("其他")


class Health(models.TextChoices):
    HEALTHY = "healthy", _("健康")
    CHRONIC = "chronic", _("长期慢性病")
    SERIOUS_ILLNESS = "serious_illness", _("患有大病")
    DISABLED = "disabled", _("残疾")


class LabourSkill(models.TextChoices):
    ORDINARY = "ordinary", _("普通劳动力")
    SKILLED = "skilled", _("技能劳动力")
    LOST = "lost", _("丧失劳动力")
    NONE = "none", _("无劳动力")


class Education(models.TextChoices):
    ILLITERATE = "illiterate", _("文盲或半文盲")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中")
    VOCATIONAL = "vocational", _("中专/中职")
    COLLEGE = "college", _("大专及以上")
    PRESCHOOL = "preschool", _("学龄前儿童")


class StudentStatus(models.TextChoices):
    NOT_STUDENT = "not_student", _("非在校生")
    PRESCHOOL = "preschool", _("学前教育")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中")
    SECONDARY_VOCATIONAL = "secondary_vocational", _("中职")
    HIGHER_VOCATIONAL = "higher_vocational", _("高职")
    UNDERGRADUATE = "undergraduate", _("大专及以上")


class HousingGrade(models.TextChoices):
    A = "A", _("A级")
    B = "B", _("B级")
    C = "C", _("C级(危房)")
    D = "D", _("D级(危房)")


class Standard(models.TextChoices):
    NATIONAL = "national", _("国家标准")
    PROVINCIAL = "provincial", _("省定标准")
    MUNICIPAL = "municipal", _("市定标准")


class Status(models.TextChoices):
    """A household's status in a year under the rules (DESIGN.md "Rule semantics")."""

    POOR = "poor", _("未脱贫")
    EXIT_ELIGIBLE = "exit_eligible", _("达到脱贫条件")
    EXITED = "exited", _("已脱贫")
    WRONGLY_EXITED = "wrongly_exited", _("错退")
    RETURNED_TO_POVERTY = "returned_to_poverty", _("返贫")
    # under a monitoring regime (2021 on): households at risk, to be verified
    UNSTABLE_EXITED = "unstable_exited", _("脱贫不稳定风险")
    MARGINAL = "marginal", _("边缘易致贫风险")
    SUDDEN_HARDSHIP = "sudden_hardship", _("突发严重困难")
    OMITTED = "omitted", _("漏评")
    NOT_POOR = "not_poor", _("非贫困户")


class Reason(models.TextChoices):
    """A test a household failed, each failed guarantee said plainly (never 吃穿未不愁)."""

    BELOW_LINE = "below_line", _("收入低于贫困线")
    BELOW_RANGE = "below_range", _("收入低于监测范围")
    FOOD_CLOTHING = "food_clothing", _("吃穿有困难")
    EDUCATION = "education", _("义务教育无保障")
    MEDICAL = "medical", _("基本医疗无保障")
    HOUSING = "housing", _("住房不安全")
    WATER = "water", _("饮水不安全")
    # under a monitoring regime: the rules of 突发严重困难
    INCOME_DROP = "income_drop", _("收入大幅下降")
    RIGID_EXPENSE = "rigid_expense", _("刚性支出过大")
    DISASTER = "disaster", _("遭受自然灾害")
    ACCIDENT = "accident", _("发生意外事故")


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


ALIASES: dict[type[models.TextChoices], dict[str, str]] = {
    Relation: {
        "本人": "head",
        "户主本人": "head",
        "妻": "spouse",
        "妻子": "spouse",
        "夫": "spouse",
        "丈夫": "spouse",
        "子": "son",
        "儿子": "son",
        "长子": "son",
        "次子": "son",
        "女": "daughter",
        "女儿": "daughter",
        "长女": "daughter",
        "次女": "daughter",
        "儿媳": "daughter_in_law",
        "女婿": "son_in_law",
        "孙子": "grandson",
        "孙女": "granddaughter",
        "之外孙子": "daughters_child",
        "之外孙女": "daughters_child",
        "外孙子": "daughters_child",
        "外孙女": "daughters_child",
        "父亲": "father",
        "母亲": "mother",
        "之岳父": "parent_in_law",
        "之岳母": "parent_in_law",
        "之公公": "parent_in_law",
        "之婆婆": "parent_in_law",
        "之祖父": "grandparent",
        "之祖母": "grandparent",
        "之兄弟": "sibling",
        "之姐妹": "sibling",
        "兄弟姐妹": "sibling",
    },
    Attribute: {
        "一般户": "general",
        "一般脱贫户": "general",
        "低保户": "dibao",
        "低保脱贫户": "dibao",
        "五保户": "destitute",
        "五保贫困户": "destitute",
        "特困供养户": "destitute",
        "特困供养脱贫户": "destitute",
        "低保特困供养贫困户": "destitute",
    },
    Cause: {"缺劳动力": "lack_labour", "交通落后": "poor_transport", "因残疾": "disability"},
    Health: {"长期慢性病患者": "chronic", "大病": "serious_illness", "患大病": "serious_illness"},
    LabourSkill: {"丧失劳动能力": "lost", "无劳动能力": "none", "弱劳动力或半劳动力": "ordinary"},
    Education: {
        "文盲": "illiterate",
        "半文盲": "illiterate",
        "中专": "vocational",
        "中职": "vocational",
        "大专": "college",
        "本科及以上": "college",
    },
    StudentStatus: {
        "学前": "preschool",
        "小学在读": "primary",
        "初中在读": "junior",
        "高中在读": "senior",
        "大专": "undergraduate",
        "本科": "undergraduate",
        "本科及以上": "undergraduate",
    },
    HousingGrade: {
        "a": "A",
        "b": "B",
        "c": "C",
        "d": "D",
        "C级": "C",
        "D级": "D",
        "A级": "A",
        "B级": "B",
    },
    Standard: {"国家": "national", "省定": "provincial", "市定": "municipal"},
}


def labels_of(enum: type[models.TextChoices]) -> dict[str, str]:
    """Every accepted spelling → stored value: Chinese label, stored value, aliases."""
    mapping: dict[str, str] = {}
    with translation.override("zh-hans"):
        for value, label in enum.choices:
            mapping[str(label)] = value
            mapping[value] = value
    mapping.update(ALIASES.get(enum, {}))
    return mapping
