"""A deterministic synthetic registry: households, members and five years of surveys for the
demo counties, with realistic incomes, causes, guarantee failures and data errors, so that
the evaluation and the checks find real cases (an exited county as its exit verification saw
it: a few tenths of a per cent still poor, about half a per cent wrongly exited); then a
survey a year through the monitoring years (2021 on), with claims, compliant expenses,
disasters, accidents and sharp income drops, so that the monitoring rules find every kind of
household at risk. The same seed gives the same registry, and the years to 2020 do not
depend on the later ones."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from stdnum.cn import ric

from fupin.demo.addresses import address_for
from fupin.registry.enums import Cause, Health, LabourSkill, Relation, StudentStatus
from fupin.registry.services import HouseholdRecord

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红玉梅文斌云飞海燕春生"
    "金凤德福成林荣新宝山"
)
CAUSE_WEIGHTS = (
    (Cause.ILLNESS, 30),
    (Cause.LACK_SKILLS, 18),
    (Cause.LACK_FUNDS, 12),
    (Cause.LACK_LABOUR, 10),
    (Cause.DISABILITY, 8),
    (Cause.SCHOOLING, 6),
    (Cause.POOR_TRANSPORT, 4),
    (Cause.DISASTER, 3),
    (Cause.LACK_LAND, 3),
    (Cause.LACK_WATER, 2),
    (Cause.LACK_MOTIVATION, 3),
    (Cause.OTHER, 1),
)
LINES = {2014: 2800, 2015: 2855, 2016: 2952, 2017: 2952, 2018: 2995, 2019: 3218, 2020: 4000}
#: The monitoring years surveyed after the registry's (防止返贫监测 2021–2025, then 2026).
MONITORING_YEARS = (2021, 2022, 2023, 2024, 2025, 2026)
#: Exits recorded on data that do not meet the standard: the third-party evaluations of
#: 2018–2020 found wrongly exited rates mostly 0 and all below the 2 % threshold.
WRONGLY_EXITED_SHARE = 0.005
#: Households still registered that the county's final push lifts above the line: the few
#: it does not lift leave a residual incidence of a few tenths of a per cent at exit.
PUSH_SHARE = 0.97


@dataclass(frozen=True)
class Plan:
    """What to generate for one county."""

    county: str
    villages: Sequence[str]
    households: int
    exit_year: int
    years: Sequence[int]
    poor_village_share: float = 0.3
    #: years surveyed after `years`, each household's from a random stream of its own
    later_years: Sequence[int] = ()
    #: share of exits recorded although the exit year's own data fail (错退)
    wrongly_exited_share: float = WRONGLY_EXITED_SHARE


class _People:
    """Unique, checksum-valid ID numbers registered in the county."""

    def __init__(self) -> None:
        self.used: dict[tuple[str, str], int] = {}
        self.last_registered = ""  # a member of the latest household still poor

    def id_number(self, address: str, born: dt.date, male: bool) -> str:
        day = born.strftime("%Y%m%d")
        seq = self.used.get((address, day), 0) + 1
        while (seq % 2 == 1) != male:
            seq += 1
        self.used[(address, day)] = seq
        body = f"{address}{day}{seq:03d}"
        return body + ric.calc_check_digit(body + "0")


def _cents(value: float) -> Decimal:
    return Decimal(max(0, round(value * 100))).scaleb(-2)


def generate(plan: Plan, *, seed: int, people: _People | None = None) -> Iterator[HouseholdRecord]:
    """Households of one county, in village order."""
    rng = random.Random(f"{seed}-{plan.county}")
    people = people or _People()
    villages = list(plan.villages)
    poor = set(rng.sample(villages, max(1, int(len(villages) * plan.poor_village_share))))
    weights = [3.0 if v in poor else 1.0 for v in villages]
    counts: dict[str, int] = {}
    for village in rng.choices(villages, weights=weights, k=plan.households):
        counts[village] = counts.get(village, 0) + 1
    for village in villages:
        for index in range(1, counts.get(village, 0) + 1):
            yield _household(rng, people, plan, village, index)


def _household(
    rng: random.Random, people: _People, plan: Plan, village: str, index: int
) -> HouseholdRecord:
    registered = rng.random() > 0.08
    attribute = rng.choices(["general", "dibao", "destitute"], [70, 24, 6])[0] if registered else ""
    members = _members(rng, people, plan.county, destitute=attribute == "destitute")
    cause = _cause(rng, members) if registered else ""
    record = HouseholdRecord(number=f"{village}{index:04d}")
    record.values = {
        "village_code": village,
        "registered_year": rng.choices([2014, 2015, 2016], [80, 10, 10])[0] if registered else None,
        "attribute": attribute,
        "main_cause": cause,
        "helper_name": (rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN))
        if registered and rng.random() > 0.03
        else "",
        "helper_unit": "县直单位" if registered else "",
        "cultivated_land_mu": _cents(rng.uniform(0.5, 8) * len(members)),
        "housing_grade": rng.choices(["A", "B", "C", "D"], [40, 45, 10, 5])[0],
        "has_sanitary_toilet": rng.random() > 0.3,
    }
    record.members = {m["id_number"]: m for m in members}
    record.surveys = _surveys(rng, plan, registered, len(members), record.values)
    _wrong_exit(record, plan.wrongly_exited_share)
    _form_details(record, people)
    _later_surveys(record, plan.later_years)
    return record


def _later_surveys(record: HouseholdRecord, years: Sequence[int]) -> None:
    """A survey for each of `years` (the monitoring years), continuing the household's last
    one (most households well above the 2021 range): incomes growing about 6 % a year; now and
    then a shock (3 % a year: the income of the
    year falls by a third to a half), a natural disaster (1.2 %, most with a loss of income)
    or an accident (0.6 %); compliant out-of-pocket costs for one household in nine, above
    the household's income for one in seventy, half of them with insurance payouts offsetting
    part; a guarantee failing in 0.4 % of years. Drawn from a stream of the household's own,
    after everything else, so that the registry's years to 2020 do not change with them."""
    if not years or not record.surveys:
        return
    rng = random.Random(f"later-{record.number}")
    size = len(record.members)
    last = record.surveys[max(record.surveys)]
    net = sum(float(str(last[k])) for k in _INCOMES) - float(str(last["business_expense"]))
    # incomes after the final push of 2020 were kept near the line; by 2021 most households
    # are well above the monitoring range (1.5 × the 2020 line), a few per cent below it
    floor = LINES[2020] * 1.5 * rng.lognormvariate(0.5, 0.28)
    per_capita = max(net / size * rng.gauss(1.03, 0.05), floor)
    growth = rng.gauss(1.06, 0.03)
    receiving = sum(1 for m in record.members.values() if m.get("on_dibao"))
    destitute = record.values.get("attribute") == "destitute"
    for year in years:
        per_capita *= growth * rng.gauss(1.0, 0.04)
        income = per_capita
        disaster = rng.random() < 0.012
        accident = rng.random() < 0.006
        if rng.random() < 0.03:
            income *= rng.uniform(0.5, 0.68)  # a shock: the year's income falls sharply
        elif disaster:
            income *= rng.uniform(0.6, 0.95)
        survey = _income(rng, income * size)
        total = income * size
        roll = rng.random()
        if roll < 0.014:  # a serious illness or schooling costs above the year's income
            expense = total * rng.uniform(1.05, 2.2)
        elif roll < 0.11:
            expense = total * rng.uniform(0.02, 0.35)
        else:
            expense = 0.0
        claims = expense * rng.uniform(0.1, 0.6) if expense and rng.random() < 0.5 else 0.0
        survey |= {g: rng.random() > 0.004 for g in _GUARANTEES}
        survey |= {
            "claim_income": _cents(claims),
            "compliant_expense": _cents(expense),
            "disaster": disaster,
            "accident": accident,
            "dibao_payment": _cents(receiving * rng.uniform(3600, 5400) if receiving else 0.0),
            "destitute_payment": _cents(size * rng.uniform(7000, 9500) if destitute else 0.0),
        }
        record.surveys[year] = survey


def _wrong_exit(record: HouseholdRecord, share: float) -> None:
    """With probability `share`, an exit recorded although the exit year's own survey fails
    the standard (错退): the year's income a little below the line (six in ten) or one
    guarantee not met, most often housing. Later years are as before: the rule judges 错退
    on the exit year's data. Drawn from a stream of the household's own, so that the rest
    of the registry does not change with `share`."""
    year = record.values.get("exit_year")
    if not isinstance(year, int):
        return
    rng = random.Random(f"exit-{record.number}")
    if rng.random() >= share:
        return
    survey = record.surveys[year]
    if rng.random() < 0.6:
        total = LINES[year] * rng.uniform(0.85, 0.98) * len(record.members)
        survey |= _income(rng, total)
    else:
        guarantee = rng.choices(_GUARANTEES[1:], [15, 25, 50, 10])[0]
        survey[guarantee] = False


def _form_details(record: HouseholdRecord, people: _People) -> None:
    """Electricity, dibao membership and the dibao / support payments of each year, with a few
    deliberate inconsistencies for the checks. Drawn from a stream of the household's own so
    that the rest of the registry does not change with them."""
    rng = random.Random(f"form-{record.number}")
    values = record.values
    roll = rng.random()
    values["has_electricity"] = None if roll < 0.002 else roll > 0.006
    attribute = values.get("attribute")
    for member in record.members.values():
        member["on_dibao"] = attribute == "dibao" and rng.random() < 0.9
    receiving = sum(1 for m in record.members.values() if m["on_dibao"])
    for survey in record.surveys.values():
        dibao = receiving * rng.uniform(2400, 3600) if receiving else 0.0
        if dibao and rng.random() < 0.01:
            dibao = 0.0  # entitled, not paid: dibao_payment_mismatch
        elif not dibao and attribute in ("general", "") and rng.random() < 0.002:
            dibao = rng.uniform(1000, 2000)  # paid without entitlement
        support = len(record.members) * rng.uniform(5000, 7000) if attribute == "destitute" else 0
        survey["dibao_payment"] = _cents(dibao)
        survey["destitute_payment"] = _cents(support)
    if values.get("helper_name") and people.last_registered and rng.random() < 0.002:
        values["helper_id_number"] = people.last_registered  # a helper who is poor himself
    elif values.get("helper_name"):
        values["helper_id_number"] = ""
    if values.get("registered_year") and values.get("exit_year") is None:
        people.last_registered = next(iter(record.members))


def _members(
    rng: random.Random, people: _People, county: str, *, destitute: bool = False
) -> list[dict[str, object]]:
    """特困供养 households are one or two old people without labour (2 % break the rule)."""
    if destitute and rng.random() > 0.02:
        size, head_age = rng.choice([1, 1, 2]), rng.randint(67, 90)
    else:
        size = rng.choices([1, 2, 3, 4, 5, 6], [8, 18, 25, 27, 15, 7])[0]
        head_age = rng.randint(28, 80)
    surname = rng.choice(SURNAMES)
    ages = [head_age]
    relations = [Relation.HEAD]
    if size > 1:
        ages.append(max(20, head_age + rng.randint(-6, 4)))
        relations.append(Relation.SPOUSE)
    while len(ages) < size:
        child = head_age - rng.randint(20, 36)
        ages.append(max(0, child))
        relations.append(rng.choice([Relation.SON, Relation.DAUGHTER]))
    out = []
    head_male = rng.random() < 0.85
    for age, relation in zip(ages, relations, strict=True):
        male = {
            Relation.HEAD: head_male,
            Relation.SPOUSE: not head_male,
            Relation.SON: True,
            Relation.DAUGHTER: False,
        }[relation]
        born = dt.date(2020 - age, rng.randint(1, 12), rng.randint(1, 28))
        out.append(_member(rng, people, county, relation, male, born, age, surname))
    return out


def _member(
    rng: random.Random,
    people: _People,
    county: str,
    relation: Relation,
    male: bool,
    born: dt.date,
    age: int,
    surname: str,
) -> dict[str, object]:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    health = rng.choices(
        [Health.HEALTHY, Health.CHRONIC, Health.SERIOUS_ILLNESS, Health.DISABLED],
        [74, 15, 5, 6] if age < 60 else [50, 32, 10, 8],
    )[0]
    number = people.id_number(address_for(county, born.year), born, male)
    return {
        "id_number": number,
        "name": (surname if relation != Relation.SPOUSE else rng.choice(SURNAMES)) + given,
        "relation": relation,
        "sex": "male" if male else "female",
        "birth_date": born,
        "ethnicity": "汉族",
        "education": _education(age),
        "student_status": _student(age),
        "health": health,
        "disability_certificate": f"{number}{rng.randint(1, 7)}{rng.randint(1, 4)}"
        if health == Health.DISABLED
        else "",
        "labour_skill": _labour(rng, age, health),
        "work_months": rng.randint(0, 10) if 18 <= age <= 60 else None,
        "has_medical_insurance": rng.random() > 0.01,
        "has_pension_insurance": age >= 16 and rng.random() > 0.1,
        "on_dibao": None,
    }


def _education(age: int) -> str:
    if age < 7:
        return "preschool"
    if age < 13:
        return "primary"
    if age < 16:
        return "junior"
    return "junior" if age > 45 else "senior"


def _student(age: int) -> str:
    for low, high, status in (
        (3, 6, StudentStatus.PRESCHOOL),
        (6, 12, StudentStatus.PRIMARY),
        (12, 15, StudentStatus.JUNIOR),
        (15, 18, StudentStatus.SENIOR),
    ):
        if low <= age < high:
            return status
    return StudentStatus.NOT_STUDENT if age >= 18 else ""


def _labour(rng: random.Random, age: int, health: str) -> str:
    if age < 16:
        return LabourSkill.NONE if rng.random() < 0.98 else ""
    if health in (Health.SERIOUS_ILLNESS, Health.DISABLED) or age > 70:
        return LabourSkill.LOST
    return LabourSkill.SKILLED if rng.random() < 0.2 else LabourSkill.ORDINARY


def _cause(rng: random.Random, members: list[dict[str, object]]) -> str:
    """The main cause follows the members; 3 % keep an arbitrary one, as real registries do
    (the data-quality checks find them)."""
    causes = [c for c, _ in CAUSE_WEIGHTS]
    weights = [w for _, w in CAUSE_WEIGHTS]
    if rng.random() < 0.03:
        return rng.choices(causes, weights)[0]
    health = {m["health"] for m in members}
    if health & {Health.SERIOUS_ILLNESS, Health.CHRONIC} and rng.random() < 0.7:
        return Cause.ILLNESS
    if Health.DISABLED in health and rng.random() < 0.7:
        return Cause.DISABILITY
    students = any(m["student_status"] not in ("", StudentStatus.NOT_STUDENT) for m in members)
    if students and rng.random() < 0.15:
        return Cause.SCHOOLING
    health_bound = {Cause.ILLNESS, Cause.DISABILITY, Cause.SCHOOLING}
    rest = [(c, w) for c, w in CAUSE_WEIGHTS if c not in health_bound]
    return rng.choices([c for c, _ in rest], [w for _, w in rest])[0]


def _surveys(
    rng: random.Random, plan: Plan, registered: bool, size: int, values: dict[str, object]
) -> dict[int, dict[str, object]]:
    """Incomes grow each year; registered households exit the first year they are stably
    above the line with every guarantee met, and no later than the county's exit year.
    After its exit a household stays above the rising line (the support continued after
    exit; the 2020 line is a quarter above 2019's), bar a shock in 0.4 % of years: 返贫."""
    first = plan.years[0]
    median = 0.78 if registered else 1.9
    per_capita = LINES[first] * rng.lognormvariate(0, 0.35) * median
    growth = rng.gauss(1.17, 0.07)
    if not registered:  # the others' incomes keep pace with the line: few omitted by 2020
        growth = max(growth, 1.13)
    fixed = {g: first + rng.choices([0, 1, 2, 3], [88, 7, 3, 2])[0] for g in _GUARANTEES}
    exit_year = None
    margin = 1.0  # an exited household's income over the line, kept from its exit on
    surveys: dict[int, dict[str, object]] = {}
    for year in plan.years:
        if year > first:
            per_capita *= growth
        if exit_year is not None:
            per_capita = max(per_capita, LINES[year] * margin)
            if rng.random() < 0.004:
                per_capita *= 0.4  # a shock after exit: returned to poverty this year
        flags = {g: year >= fixed[g] for g in _GUARANTEES}
        pushed = registered and exit_year is None and year >= plan.exit_year
        if pushed and rng.random() < PUSH_SHARE:  # the county's final push before its exit
            per_capita = max(per_capita, LINES[year] * rng.uniform(1.05, 1.4))
            flags = dict.fromkeys(_GUARANTEES, True)
        surveys[year] = _income(rng, per_capita * size) | flags
        above = per_capita >= LINES[year] * 1.05 and all(flags.values())
        if registered and exit_year is None and year > 2015 and above:
            exit_year = year
            margin = rng.uniform(1.1, 1.5)
    values["exit_year"] = exit_year
    return surveys


_GUARANTEES = ("food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok")
_INCOMES = ("wage_income", "business_income", "property_income", "transfer_income")


def _income(rng: random.Random, total: float) -> dict[str, object]:
    wage = total * rng.uniform(0.3, 0.65)
    business = total * rng.uniform(0.1, 0.35)
    expense = business * rng.uniform(0.1, 0.3) if rng.random() > 0.05 else 0.0
    transfer = total - wage - business + expense
    prop = min(transfer * 0.1, 600.0)
    return {
        "wage_income": _cents(wage),
        "business_income": _cents(business),
        "property_income": _cents(prop),
        "transfer_income": _cents(transfer - prop),
        "business_expense": _cents(expense),
    }
