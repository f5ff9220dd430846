"""The seeds' assisting units in the demo: their trees, pairings, leading groups, cadres,
pledges, ledger, projects and grades, built through the services so that the unit pages and
`fupin units summary` compute the seeds' figures from ledger data.

Sources, and what is assumed:
- China Baowu (seed 002, 2019-06-28): 10 paired counties, 6 exited, 3 of them (Zhongba,
  Luotian, Zhenyuan) in the first half of 2019; the 2018 rating 好; a three-year counterpart
  plan. The other seven counties, the kinds, the exit days and every amount are demo
  assumptions — the seed does not list them.
- Shougang (seed 003, figures as of the end of June 2020, "since 2019"): 33 million yuan
  invested, 1 workshop, 416 direct and 300 indirect jobs of which 15 registered poor,
  378,000 t of materials worth 266 million yuan, 45 students, 41 graduates, 1.05 million
  yuan of donations; Heiyukou's 84,000 yuan for 1,200 peony seedlings for 40 households
  (July 2018) and its three successive first secretaries since December 2016; Zhang Xiazhou
  at the Tibet technician college for a year from May 2019. How the totals split over
  dates, subsidiaries and counties is assumed.
- China Minmetals (seed 001, May 2019): 12 dispatched officials who signed the 2019 pledge,
  5 of them awarded for 2018 (Chai Shan, Chen Xiaoyu, Luo Jun, Ding Lishun, Yang Cong), the
  rating rising from 一般 (2017) to 好 (2018), the leading group with Tang Fuping as chief and
  Dong Mingjun as deputy chief, "double-linked" units. The counties, the other seven
  officials' names and the targets are assumed.
- China Copper (seed 000, 2020-04-08): the "1+N" model — industry as the 1, education,
  employment and infrastructure as the N — as projects; the county and amounts are assumed.
- Qinghai (seed 004, 2016-09-14): the provincial leading group (Wang Guosheng, Wang Jianjun,
  Hao Peng) and the responsibility assessment of prefectures and departments. The item
  weights follow Sichuan's method (DOMAIN.md §4.2) as an assumption.
Names from the English seeds are kept as the seeds spell them. Credit codes are generated
with a valid check character; they are not the organisations' real codes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from stdnum.cn import uscc

from fupin.assessment.models import Scheme
from fupin.assessment.services import assessment_record, scheme_create
from fupin.assistance import services
from fupin.assistance.indicators import standard_indicators_ensure
from fupin.assistance.models import (
    Cadre,
    CadreAward,
    GroupMember,
    Indicator,
    LeadingGroup,
    LedgerEntry,
    Plan,
    PlanAmount,
    Project,
    Unit,
)
from fupin.core.models import Source
from fupin.registry.models import Household, Member

Say = Callable[[str], None]
D = dt.date.fromisoformat

# county, name, pairing kind, exit date (None: after mid-2019); seed 002 names the first three
BAOWU_COUNTIES: tuple[tuple[str, str, str, str], ...] = (
    ("540232", "仲巴县", "counterpart", "2019-04-30"),
    ("421123", "罗田县", "fixed_point", "2019-04-30"),
    ("530825", "镇沅县", "fixed_point", "2019-04-30"),
    ("530821", "宁洱县", "fixed_point", "2018-09-29"),
    ("532527", "泸西县", "fixed_point", "2018-09-29"),
    ("341522", "霍邱县", "fixed_point", "2018-08-08"),
    ("532627", "广南县", "fixed_point", "2020-05-17"),
    ("653130", "巴楚县", "counterpart", "2020-11-14"),
    ("421126", "蕲春县", "fixed_point", "2020-04-21"),
    ("530428", "元江县", "fixed_point", "2020-05-17"),
)
MINMETALS_COUNTIES = ("431026", "433124", "431226", "532530")
COPPER_COUNTY = "530326"
LHASA = "5401"
QINGHAI_PREFECTURES = ("6301", "6302", "6322", "6323", "6325", "6326", "6327", "6328")
REGIONS = (
    *(c for c, *_ in BAOWU_COUNTIES),
    *MINMETALS_COUNTIES,
    COPPER_COUNTY,
    LHASA,
    *QINGHAI_PREFECTURES,
)
GRADES = (("好", Decimal(90)), ("较好", Decimal(80)), ("一般", Decimal(60)), ("较差", Decimal(0)))
CENTRAL_SCHEME = "中央单位定点扶贫工作成效评价"


def credit_code(name: str) -> str:
    """A stable, valid demo credit code for a name (not the organisation's real one)."""
    digits = str(int(hashlib.sha256(name.encode()).hexdigest(), 16))[:9]
    base = f"91110000{digits}"
    return base + uscc.calc_check_digit(base)


def _units(specs: Iterable[tuple[str, str | None]]) -> dict[str, Unit]:
    rows = [
        {"code": credit_code(name), "name": name, "parent_code": parent and credit_code(parent)}
        for name, parent in specs
    ]
    services.units_save(rows, actor=None, source=Source.DEMO)
    return {u.name: u for u in Unit.objects.filter(credit_code__in=[r["code"] for r in rows])}


def _pair(unit: Unit, region: str, kind: str, start: str, end: str | None = None) -> None:
    services.pairings_save(
        [{"unit": unit, "region": region, "kind": kind, "start": D(start), "end": end and D(end)}],
        actor=None,
    )


def _indicators() -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.all()}


def _custom_indicator(code: str, name: str, unit_label: str, owner: Unit) -> None:
    Indicator.objects.get_or_create(
        code=code,
        defaults={"name": name, "measure": "quantity", "unit_label": unit_label, "owner": owner},
    )


def _pledge(unit: Unit, year: int, cadre: Cadre | None = None, **targets: str) -> None:
    indicators = _indicators()
    pledge = services.pledge_get_or_create(
        unit=unit, year=year, cadre=cadre, title=f"{year}年定点扶贫责任书", source=Source.DEMO
    )
    services.targets_set(
        pledge=pledge,
        values={indicators[k]: Decimal(v) for k, v in targets.items()},
        actor=None,
        source=Source.DEMO,
    )


def _entries(
    rows: Iterable[tuple[str, Unit, str, str, str, str | None]],
    *,
    project: Project | None = None,
    evidence: str = "演示数据",
    reason: str = "",
) -> None:
    """Ledger entries (id, unit, date, indicator, amount, region); existing ids are kept.
    `reason`: the exception reason of entries in a region the unit is not paired with."""
    indicators = _indicators()
    known = set(LedgerEntry.objects.values_list("entry_id", flat=True))
    for entry_id, unit, date, code, amount, region in rows:
        if entry_id in known:
            continue
        services.ledger_record(
            entry_id=entry_id,
            unit=unit,
            date=D(date),
            indicator=indicators[code],
            amount=Decimal(amount),
            region=region,
            project=project,
            evidence=evidence,
            reason=reason,
        )


def _cadre(unit: Unit, name: str, region: str, role: str, start: str, end: str | None, post: str):
    cadre, _ = Cadre.objects.get_or_create(
        name=name,
        unit=unit,
        start=D(start),
        defaults={"region_id": region, "role": role, "end": end and D(end), "post": post},
    )
    return cadre


def _project(code: str, **values: Any) -> Project:
    project, _ = Project.objects.get_or_create(code=code, defaults=values)
    return project


def _central_scheme(year: int) -> Scheme:
    scheme = Scheme.objects.filter(year=year, name=CENTRAL_SCHEME).first()
    if scheme is not None:
        return scheme
    indicators = _indicators()
    # Seed 002 names the method; its items, weights and the four grades 好/较好/一般/较差 were
    # not found in a primary text (DOMAIN.md §4.1): the items and weights here are the demo's.
    return scheme_create(
        year=year,
        name=CENTRAL_SCHEME,
        source="《中央单位定点扶贫工作成效评价办法》",
        items=[
            {
                "code": "funds",
                "name": "直接投入帮扶资金完成率",
                "weight": Decimal(25),
                "source": "target_completion",
                "indicator": indicators["funds_invested"],
            },
            {
                "code": "introduced",
                "name": "引进帮扶资金完成率",
                "weight": Decimal(15),
                "source": "target_completion",
                "indicator": indicators["funds_introduced"],
            },
            {
                "code": "training",
                "name": "培训基层干部完成率",
                "weight": Decimal(10),
                "source": "target_completion",
                "indicator": indicators["cadres_trained"],
            },
            {
                "code": "produce",
                "name": "购买农产品完成率",
                "weight": Decimal(10),
                "source": "target_completion",
                "indicator": indicators["produce_bought"],
            },
            {
                "code": "cadres",
                "name": "选派干部在岗",
                "weight": Decimal(10),
                "source": "cadres_in_post",
            },
            {"code": "review", "name": "综合评议", "weight": Decimal(30), "source": "scored"},
        ],
        grades=GRADES,
    )


# the organisations ---------------------------------------------------------------------


def _baowu() -> Unit:
    units = _units(
        [
            ("中国宝武钢铁集团有限公司", None),
            ("宝山钢铁股份有限公司", "中国宝武钢铁集团有限公司"),
            ("武汉钢铁有限公司", "中国宝武钢铁集团有限公司"),
        ]
    )
    group = units["中国宝武钢铁集团有限公司"]
    for code, _name, kind, _exit in BAOWU_COUNTIES:
        unit = units["武汉钢铁有限公司"] if code.startswith("42") else group
        _pair(unit, code, kind, "2016-01-01")
    plan, _ = Plan.objects.get_or_create(
        unit=group,
        region_id="540232",
        title="对口支援三年规划（2018—2020）",
        defaults={"first_year": 2018, "last_year": 2020},
    )
    funds = _indicators()["funds_invested"]
    for year, amount in ((2018, "12000000"), (2019, "15000000"), (2020, "15000000")):
        PlanAmount.objects.get_or_create(
            plan=plan, year=year, indicator=funds, defaults={"value": Decimal(amount)}
        )
    _pledge(group, 2019, funds_invested="60000000", funds_introduced="20000000",
            cadres_trained="1500", technicians_trained="1200", produce_bought="10000000",
            produce_sold="12000000")  # fmt: skip
    _entries(
        [
            ("BW-2019-001", group, "2019-03-15", "funds_invested", "15000000.00", "540232"),
            (
                "BW-2019-002",
                units["武汉钢铁有限公司"],
                "2019-04-10",
                "funds_invested",
                "8000000.00",
                "421123",
            ),
            ("BW-2019-003", group, "2019-05-20", "funds_invested", "9000000.00", "530825"),
            ("BW-2019-004", group, "2019-05-28", "cadres_trained", "620", "530825"),
            (
                "BW-2019-005",
                units["宝山钢铁股份有限公司"],
                "2019-06-12",
                "produce_bought",
                "4300000.00",
                "530821",
            ),
        ]
    )
    return group


def _shougang(households: list[Household], poor_members: list[Member]) -> Unit:
    units = _units(
        [
            ("首钢集团有限公司", None),
            ("北京首钢园区综合服务有限公司", "首钢集团有限公司"),
            ("北京首钢矿业投资有限责任公司", "首钢集团有限公司"),
            ("承德新通首承矿业有限责任公司", "北京首钢矿业投资有限责任公司"),
            ("首钢技师学院", "首钢集团有限公司"),
        ]
    )
    group = units["首钢集团有限公司"]
    park = units["北京首钢园区综合服务有限公司"]
    mining = units["承德新通首承矿业有限责任公司"]
    _pair(park, "110119202201", "one_enterprise_one_village", "2016-12-01")
    _pair(group, "130727", "counterpart", "2018-01-01")
    _pair(mining, "130824", "counterpart", "2018-01-01")
    _custom_indicator("materials_bought_t", "采购原辅材料", "吨", group)
    _custom_indicator("seedlings", "发放种苗", "株", group)
    peony = _project(
        "SG-2018-HYK",
        name="黑峪口村牡丹种植（庭院经济）",
        kind="courtyard",
        unit=park,
        region_id="110119202201",
        budget=Decimal("84000"),
        status="in_operation",
        approved_on=D("2018-06-20"),
        started_on=D("2018-07-02"),
        completed_on=D("2018-07-20"),
        operating_on=D("2018-07-20"),
        planned_end=D("2018-07-31"),
        notice_start=D("2018-06-05"),
        notice_days=10,
    )
    peony.beneficiaries.set(households[:40])
    _entries(
        [
            ("SG-2018-001", park, "2018-07-02", "funds_invested", "84000.00", "110119202201"),
            ("SG-2018-002", park, "2018-07-05", "seedlings", "1200", "110119202201"),
        ],
        project=peony,
        evidence="园区管理部拨款凭证（演示）",
    )
    workshop = _project(
        "SG-2019-WS1",
        name="阳原县扶贫车间",
        kind="workshop",
        unit=group,
        region_id="130727",
        budget=Decimal("13000000"),
        status="in_operation",
        approved_on=D("2019-03-01"),
        started_on=D("2019-03-20"),
        completed_on=D("2019-09-30"),
        operating_on=D("2019-10-08"),
        planned_end=D("2019-10-31"),
        notice_start=D("2019-02-10"),
        jobs_created=16,
    )
    mine = _project(
        "SG-2019-LP1",
        name="滦平县矿业产业扶贫项目",
        kind="industry",
        unit=mining,
        region_id="130824",
        budget=Decimal("20000000"),
        status="in_operation",
        approved_on=D("2019-02-15"),
        started_on=D("2019-03-01"),
        completed_on=D("2019-12-20"),
        operating_on=D("2020-01-06"),
        planned_end=D("2019-12-31"),
        notice_start=D("2019-01-25"),
        jobs_created=400,
    )
    _entries(
        [
            ("SG-2019-101", group, "2019-04-15", "funds_invested", "8000000.00", "130727"),
            ("SG-2020-102", group, "2020-03-10", "funds_invested", "5000000.00", "130727"),
            ("SG-2019-103", group, "2019-10-08", "jobs_direct", "16", "130727"),
        ],
        project=workshop,
    )
    _entries(
        [
            ("SG-2019-201", mining, "2019-03-05", "funds_invested", "12000000.00", "130824"),
            ("SG-2020-202", mining, "2020-04-20", "funds_invested", "8000000.00", "130824"),
            ("SG-2020-203", mining, "2020-01-06", "jobs_direct", "400", "130824"),
        ],
        project=mine,
    )
    _entries(
        [
            ("SG-2019-301", group, "2019-06-30", "jobs_indirect", "180", "130727"),
            ("SG-2020-302", group, "2020-05-31", "jobs_indirect", "120", "130824"),
            ("SG-2019-305", group, "2019-12-31", "materials_bought_t", "210000", "130727"),
            ("SG-2020-306", group, "2020-06-30", "materials_bought_t", "168000", "130727"),
            (
                "SG-2019-307",
                units["首钢技师学院"],
                "2019-09-01",
                "students_recruited",
                "45",
                "130727",
            ),
            ("SG-2019-308", group, "2019-07-15", "graduates_hired", "26", "130824"),
            ("SG-2020-309", group, "2020-06-20", "graduates_hired", "15", "130824"),
            ("SG-2019-310", group, "2019-09-10", "donations", "600000.00", "130727"),
            ("SG-2020-311", group, "2020-02-15", "donations", "450000.00", "130824"),
        ]
    )
    # seed 003: bought "in beijing city's counterpart assistance areas" — Zhangjiakou
    # (DOMAIN.md §6.5), wider than the group's paired county: consumption assistance
    _entries(
        [
            ("SG-2019-303", group, "2019-12-31", "produce_bought", "150000000.00", "1307"),
            ("SG-2020-304", group, "2020-06-30", "produce_bought", "116000000.00", "1307"),
        ],
        reason="consumption",
    )
    known = set(LedgerEntry.objects.values_list("entry_id", flat=True))
    jobs_poor = _indicators()["jobs_registered_poor"]
    for n, member in enumerate(poor_members[:15], start=1):  # linked to registry members
        entry_id = f"SG-2020-4{n:02d}"
        if entry_id not in known:
            services.ledger_record(
                entry_id=entry_id,
                unit=mining,
                date=D("2020-01-06"),
                indicator=jobs_poor,
                amount=Decimal(1),
                region=member.household.village_id,
                project=mine,
                household_id=member.household_id,
                member_id=member.pk,
                evidence="用工合同（演示）",
            )
    for name, start, end in (
        ("Chen Xiaoyang", "2016-12-01", "2018-02-28"),
        ("Zheng Jianguo", "2018-03-01", "2019-05-31"),
        ("Liu Yalin", "2019-06-01", None),
    ):
        _cadre(park, name, "110119202201", "first_secretary", start, end, "黑峪口村第一书记")
    _cadre(
        units["首钢技师学院"],
        "Zhang Xiazhou",
        LHASA,
        "aid_professional",
        "2019-05-01",
        "2020-04-30",
        "西藏技师学院教学管理（第九批援藏）",
    )
    _pledge(group, 2019, funds_invested="20000000", jobs_direct="300", produce_bought="150000000",
            donations="500000")  # fmt: skip
    _pledge(group, 2020, funds_invested="15000000", jobs_direct="150", produce_bought="120000000",
            donations="500000")  # fmt: skip
    _pledge(mining, 2019, funds_invested="12000000", jobs_direct="300")
    return group


MINMETALS_AWARDED = ("Chai Shan", "Chen Xiaoyu", "Luo Jun", "Ding Lishun", "Yang Cong")
# the other seven of the twelve: the seed names none of them, these are invented
MINMETALS_OTHERS = ("王海涛", "李建华", "张志强", "刘文斌", "陈国栋", "杨晓东", "赵立新")


def _minmetals() -> Unit:
    units = _units(
        [
            ("中国五矿集团有限公司", None),
            ("中国冶金科工集团有限公司", "中国五矿集团有限公司"),
            ("五矿有色金属股份有限公司", "中国五矿集团有限公司"),
            ("五矿发展股份有限公司", "中国五矿集团有限公司"),
            ("中国五冶集团有限公司", "中国冶金科工集团有限公司"),
        ]
    )
    group = units["中国五矿集团有限公司"]
    linked = [u for name, u in units.items() if name != "中国五矿集团有限公司"]
    for county in MINMETALS_COUNTIES:
        _pair(group, county, "fixed_point", "2015-01-01")
    for unit, county in zip(linked, MINMETALS_COUNTIES, strict=True):
        _pair(unit, county, "double_linked", "2018-01-01")
    leading, _ = LeadingGroup.objects.get_or_create(name="中国五矿扶贫工作领导小组", unit=group)
    for order, (person, post, role) in enumerate(
        (
            ("Tang Fuping", "党组书记、董事长", "leader"),
            ("Dong Mingjun", "总经理、党组副书记", "deputy"),
            ("党群工作部负责人", "扶贫办公室", "office_director"),
        )
    ):
        GroupMember.objects.get_or_create(
            group=leading, person=person, defaults={"post": post, "role": role, "order": order}
        )
    for order, unit in enumerate(linked, start=10):
        GroupMember.objects.get_or_create(
            group=leading,
            person=f"{unit.name}负责人",
            defaults={
                "post": "“双联系”单位",
                "role": "member",
                "member_unit": unit,
                "order": order,
            },
        )
    names = [*MINMETALS_AWARDED, *MINMETALS_OTHERS]
    for n, name in enumerate(MINMETALS_OTHERS, start=6):  # a demo built before named them so
        for placeholder in Cadre.objects.filter(unit=group, name=f"挂职干部{n:02d}"):
            services.cadre_save(
                values={"name": name}, cadre=placeholder, actor=None, source=Source.DEMO
            )
    _pledge(group, 2019, funds_invested="36000000", funds_introduced="8000000",
            cadres_trained="2400", technicians_trained="1800", produce_bought="6000000",
            produce_sold="9000000")  # fmt: skip
    for n, name in enumerate(names):
        county = MINMETALS_COUNTIES[n % len(MINMETALS_COUNTIES)]
        post = "挂职副县长" if n < len(MINMETALS_COUNTIES) else "驻村第一书记"
        role = "temporary_post" if n < len(MINMETALS_COUNTIES) else "first_secretary"
        cadre = _cadre(group, name, county, role, "2018-03-01", "2020-12-31", post)
        if name in MINMETALS_AWARDED:
            CadreAward.objects.get_or_create(
                cadre=cadre,
                year=2018,
                defaults={
                    "title": "2018年度优秀扶贫挂职干部",
                    "awarded_by": "中国五矿扶贫工作领导小组",
                    "date": D("2019-05-30"),
                },
            )
        _pledge(group, 2019, cadre=cadre, funds_invested="3000000", cadres_trained="200")
    for year, grade in ((2017, "一般"), (2018, "好")):
        assessment_record(
            scheme=_central_scheme(year),
            unit=group,
            grade=grade,
            decided_on=D(f"{year + 1}-05-01"),
            note="国务院扶贫开发领导小组通报",  # seed 001
            source=Source.DEMO,
        )
    return group


def _china_copper() -> Unit:
    units = _units([("中国铜业有限公司", None), ("云南铜业（集团）有限公司", "中国铜业有限公司")])
    group = units["中国铜业有限公司"]
    yunnan = units["云南铜业（集团）有限公司"]
    _pair(group, COPPER_COUNTY, "fixed_point", "2016-01-01")
    for code, name, kind, budget in (  # "1+N": industry is the 1
        ("CU-1-IND", "会泽县特色种养殖产业项目（1）", "industry", "6000000"),
        ("CU-N-EDU", "会泽县助学项目（N·教育）", "education", "1500000"),
        ("CU-N-EMP", "会泽县劳务输出培训（N·就业）", "employment", "800000"),
        ("CU-N-INF", "会泽县村组道路硬化（N·基础设施）", "infrastructure", "3200000"),
    ):
        _project(
            code,
            name=name,
            kind=kind,
            unit=yunnan,
            region_id=COPPER_COUNTY,
            budget=Decimal(budget),
            status="under_construction",
            approved_on=D("2020-03-01"),
            started_on=D("2020-03-26"),
            planned_end=D("2020-11-30"),
            notice_start=D("2020-02-10"),
        )
    return group


def _qinghai() -> None:
    leading, _ = LeadingGroup.objects.get_or_create(
        name="青海省扶贫开发工作领导小组", region_id="63"
    )
    for order, (person, post, role) in enumerate(
        (
            ("Wang Guosheng", "省委书记", "leader"),
            ("Wang Jianjun", "省委副书记", "leader"),
            ("Hao Peng", "省委副书记", "deputy"),
        )
    ):
        GroupMember.objects.get_or_create(
            group=leading, person=person, defaults={"post": post, "role": role, "order": order}
        )
    departments = ["青海省教育厅", "青海省卫生和计划生育委员会", "青海省住房和城乡建设厅",
                   "青海省交通运输厅", "青海省水利厅"]  # fmt: skip
    _units([(name, None) for name in departments])
    for year_name, weights in (
        ("青海省州（市）扶贫开发目标责任考核办法（试行）", (65, 10, 10, 15)),
        ("青海省省直部门（行业）脱贫攻坚工作责任考核办法（试行）", (50, 15, 20, 15)),
    ):
        if Scheme.objects.filter(year=2016, name=year_name).exists():
            continue
        # seed 004: approved in principle at the leading group's meeting of 2016-09-14; the
        # item weights are the demo's, after Sichuan's method (DOMAIN.md §4.2)
        scheme_create(
            year=2016,
            name=year_name,
            source="青海省扶贫开发工作领导小组会议原则通过（2016年9月14日）",
            items=[
                {"code": code, "name": name, "weight": Decimal(w), "source": "scored"}
                for (code, name), w in zip(
                    (
                        ("reduction", "减贫成效"),
                        ("identification", "精准识别"),
                        ("assistance", "精准帮扶"),
                        ("funds", "扶贫资金"),
                    ),
                    weights,
                    strict=True,
                )
            ],
            grades=GRADES,
        )


def assistance_build(*, say: Say = print) -> dict[str, Unit]:
    """The five organisations of the seeds; idempotent."""
    households = list(Household.objects.filter(village_id="110119202201").order_by("number")[:40])
    poor_members = list(
        Member.objects.filter(
            household__village__code__startswith="130824", household__registered_year__isnull=False
        )
        .select_related("household")
        .order_by("household__number", "id")[:15]
    )
    with transaction.atomic():
        standard_indicators_ensure()
        built = {
            "baowu": _baowu(),
            "shougang": _shougang(households, poor_members),
            "minmetals": _minmetals(),
            "copper": _china_copper(),
        }
        _qinghai()
        _central_scheme(2019)
        assessment_record(
            scheme=_central_scheme(2018),
            unit=built["baowu"],
            grade="好",
            decided_on=D("2019-05-01"),
            note="国务院扶贫开发领导小组通报",  # seed 002: 第一档次"好"
            source=Source.DEMO,
        )
    say(f"assistance: {Unit.objects.count()} units, {LedgerEntry.objects.count()} ledger entries")
    return built


def demo_regions() -> tuple[str, ...]:
    """The regions the assistance scenarios need beyond the registry's counties."""
    return REGIONS


def region_years() -> list[tuple[object, ...]]:
    """Exit years and days of Baowu's counties that have no registry in the demo."""
    from fupin.demo import places

    mine = {c.code for c in places.COUNTIES}
    rows: list[tuple[object, ...]] = []
    for code, _name, _kind, exit_date in BAOWU_COUNTIES:
        if code in mine:
            continue
        day = D(exit_date)
        rows.extend((code, year, None, True, False, day.year, day) for year in places.SURVEY_YEARS)
    return rows
