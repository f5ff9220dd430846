"""Facts found in texts: the seeds' key figures with their indicators, sentences written by
hand in Chinese and English, dates, sentences and clauses, and the engine's precision and
recall on the seeds against the hand list (tests/reports/facts_gold.py). Pure: no database."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.reports.facts_gold import GOLD, SEEDS

from fupin.reports.facts import lexicon
from fupin.reports.facts.extract import facts_extract, language_guess, sentences_split
from fupin.reports.facts.measure import GoldFigure, measure, scores_table

SEED_TEXTS = Path(__file__).parent / "seed_texts"


def _seed(name: str) -> str:
    return (SEED_TEXTS / f"{name}.txt").read_text(encoding="utf-8")


def _rows(facts):
    return [(f.kind, f.indicator, f.quantity.value, f.quantity.unit) for f in facts]


@pytest.fixture(scope="module")
def found():
    return {name: facts_extract(_seed(name)) for name in SEEDS}


# --- the seeds -----------------------------------------------------------------------------


def test_shougang_ledger_figures_with_their_indicators(found):
    rows = _rows(found["seed_003"])

    for row in [
        ("ledger", "funds_invested", Decimal("33000000.00"), "yuan"),
        ("ledger", "jobs_direct", Decimal(416), "person"),
        ("ledger", "jobs_indirect", Decimal(300), "person"),
        ("ledger", "jobs_registered_poor", Decimal(15), "person"),
        ("ledger", "produce_bought", Decimal(378000), "ton"),
        ("ledger", "produce_bought", Decimal("266000000.00"), "yuan"),
        ("ledger", "produce_bought", Decimal("3000000.00"), "yuan"),
        ("ledger", "produce_bought", Decimal("520000.00"), "yuan"),
        ("ledger", "students_recruited", Decimal(45), "person"),
        ("ledger", "graduates_hired", Decimal(41), "person"),
        ("ledger", "donations", Decimal("1050000.00"), "yuan"),
        ("ledger", "funds_invested", Decimal("84000.00"), "yuan"),
        ("ledger", "funds_invested", Decimal("5000000.00"), "yuan"),
        ("ledger", "produce_bought", Decimal("2000000.00"), "yuan"),
        ("ledger", "jobs_direct", Decimal(2000), "person"),
        ("pairing", None, Decimal(13), "village"),
        ("cadres", None, Decimal(12), "person"),
        ("cadres", None, Decimal(3), "person"),
    ]:
        assert row in rows


def test_shougang_figure_details(found):
    facts = {f.quantity.text: f for f in found["seed_003"]}

    invested = facts["33 million yuan"]
    assert invested.date == dt.date(2020, 6, 30)  # "as of the end of june 2020"
    assert invested.sentence.startswith("as of the end of june 2020, 33 million yuan")
    assert _seed("seed_003")[invested.start : invested.end] == "33 million yuan"
    # the sentence part after ";" keeps the date its sentence gives
    assert facts["378,000 tons"].date == dt.date(2020, 6, 30)
    assert facts["84,000 yuan"].date == dt.date(2018, 7, 31)  # "in july 2018"
    assert facts["84,000 yuan"].place == "heiyukou village"
    assert facts["more than 2,000 people"].quantity.qualifier == "more_than"
    assert facts["13 poor villages"].organisation == "yili iron and steel group"
    assert facts["over 400 local people"].place == "luanping county"


def test_shougang_things_outside_the_ledger_are_left_out(found):
    written = [f.quantity.text for f in found["seed_003"]]

    assert "16,000 yuan" not in written  # an average income
    assert "4,840 yuan" not in written  # above a standard
    assert "26" not in written  # party member activities
    assert not any("2019" in w or "2020" in w for w in written)


def test_minmetals_cadres_not_the_attendance(found):
    assert _rows(found["seed_001"]) == [
        ("cadres", None, Decimal(12), "person"),
        ("cadres", None, Decimal(5), "person"),
    ]
    assert found["seed_001"][0].organisation == "China Minmetals"


def test_baowu_pairings_and_exits(found):
    assert _rows(found["seed_002"]) == [
        ("ledger", None, Decimal(3), "county"),
        ("pairing", None, Decimal(10), "county"),
        ("ledger", None, Decimal(6), "county"),
        ("pairing", None, Decimal(10), "county"),
        ("pairing", None, Decimal(10), "county"),
    ]
    assert found["seed_002"][0].place == "云南省镇沅县"
    assert found["seed_002"][1].organisation == "中国宝武"


def test_texts_without_figures_give_no_facts(found):
    assert found["seed_000"] == []
    assert found["seed_004"] == []


def test_seed_scores_against_the_hand_list(found):
    scores = measure(found, GOLD)
    print("\n" + scores_table(scores))

    # measured: 34 figures listed, 34 found, 34 matched (figures and figure+indicator)
    assert (scores.figures.listed, scores.figures.found, scores.figures.matched) == (34, 34, 34)
    assert scores.indicators.matched == 34
    assert scores.figures.precision >= 0.98
    assert scores.figures.recall >= 0.98
    assert scores.indicators.precision >= 0.98
    assert scores.indicators.recall >= 0.98
    assert {name: s[0].matched for name, s in scores.per_seed.items()} == {
        "seed_000": 0,
        "seed_001": 2,
        "seed_002": 5,
        "seed_003": 27,
        "seed_004": 0,
    }


# --- sentences written by hand ---------------------------------------------------------------


def test_chinese_work_report_sentences():
    text = (
        "截至2020年6月底，集团公司累计投入帮扶资金3300万元，引进帮扶资金520万元，"
        "培训基层干部1200人次，培训技术人员350人次。"
        "2019年，公司购买贫困地区农产品2.66亿元，帮助销售农产品1.2亿元，直接带动就业416人，"
        "间接带动就业300余人，其中建档立卡贫困人口15人。"
        "技师学院招收贫困地区学生45人，招聘建档立卡毕业生41人，捐赠款物合计105万元。"
    )

    facts = facts_extract(text)

    assert _rows(facts) == [
        ("ledger", "funds_invested", Decimal("33000000.00"), "yuan"),
        ("ledger", "funds_introduced", Decimal("5200000.00"), "yuan"),
        ("ledger", "cadres_trained", Decimal(1200), "person_time"),
        ("ledger", "technicians_trained", Decimal(350), "person_time"),
        ("ledger", "produce_bought", Decimal("266000000.00"), "yuan"),
        ("ledger", "produce_sold", Decimal("120000000.00"), "yuan"),
        ("ledger", "jobs_direct", Decimal(416), "person"),
        ("ledger", "jobs_indirect", Decimal(300), "person"),
        ("ledger", "jobs_registered_poor", Decimal(15), "person"),
        ("ledger", "students_recruited", Decimal(45), "person"),
        ("ledger", "graduates_hired", Decimal(41), "person"),
        ("ledger", "donations", Decimal("1050000.00"), "yuan"),
    ]
    assert [f.date for f in facts[:4]] == [dt.date(2020, 6, 30)] * 4
    assert facts[4].date == dt.date(2019, 12, 31)
    assert facts[0].organisation == "集团公司"
    assert facts[7].quantity.qualifier == "more_than"


def test_chinese_pairings_and_cadres():
    text = (
        "中国华能集团与云南省镇沅县结对帮扶，选派挂职干部12名，派驻第一书记5名。"
        "某某公司结对帮扶10个县、32个贫困村。"
    )

    facts = facts_extract(text)

    assert _rows(facts) == [
        ("cadres", None, Decimal(12), "person"),
        ("cadres", None, Decimal(5), "person"),
        ("pairing", None, Decimal(10), "county"),
        ("pairing", None, Decimal(32), "village"),  # the list goes on after "、"
    ]
    assert facts[0].organisation == "中国华能集团"
    assert facts[0].place == "云南省镇沅县"
    assert facts[2].organisation == "某某公司"


def test_english_sentences():
    text = (
        "In 2019 the company invested RMB 12.5 million in poverty alleviation and donated "
        "800,000 yuan to Luotian County. By the end of 2019, the group had dispatched 23 cadres "
        "and trained 1,500 grassroots cadres. The company bought 3.2 million yuan of "
        "agricultural products and helped sell 5 million yuan of produce. It recruited 120 "
        "students from poor families and hired 60 graduates, creating jobs for nearly 300 "
        "registered poor people. Funds brought in from other parties reached 6.8 million yuan."
    )

    facts = facts_extract(text)

    assert _rows(facts) == [
        ("ledger", "funds_invested", Decimal("12500000.00"), "yuan"),
        ("ledger", "donations", Decimal("800000.00"), "yuan"),
        ("cadres", None, Decimal(23), "person"),
        ("ledger", "cadres_trained", Decimal(1500), "person"),
        ("ledger", "produce_bought", Decimal("3200000.00"), "yuan"),
        ("ledger", "produce_sold", Decimal("5000000.00"), "yuan"),
        ("ledger", "students_recruited", Decimal(120), "person"),
        ("ledger", "graduates_hired", Decimal(60), "person"),
        ("ledger", "jobs_registered_poor", Decimal(300), "person"),
        ("ledger", "funds_introduced", Decimal("6800000.00"), "yuan"),
    ]
    assert facts[1].place == "Luotian County"
    assert facts[0].date == dt.date(2019, 12, 31)
    assert facts[2].date == dt.date(2019, 12, 31)


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        (
            "培训基层干部2860名、技术人员4120名。",
            [
                ("ledger", "cadres_trained", Decimal(2860), "person"),
                ("ledger", "technicians_trained", Decimal(4120), "person"),
            ],
        ),
        (
            "全年共实施帮扶项目46个，惠及建档立卡贫困户3200户。",
            [
                ("ledger", None, Decimal(46), "project"),  # the noun before "46个"
                ("ledger", None, Decimal(3200), "household"),
            ],
        ),
        (
            "定点帮扶的4个县全部脱贫摘帽，126个贫困村全部出列。",
            [("pairing", None, Decimal(4), "county"), ("ledger", None, Decimal(126), "village")],
        ),
        (
            "公司援建扶贫车间5个，带动1200余名贫困群众就近就业。",
            [("ledger", None, Decimal(5), ""), ("ledger", "jobs_direct", Decimal(1200), "person")],
        ),
        ("会议由扶贫办主任主持，共有120人参加。", []),
        ("新建村级光伏电站3座，每年为村集体增收60万元。", [("ledger", None, Decimal(3), "")]),
        (
            "The group has provided 150 million yuan in assistance funds to its four paired "
            "counties.",
            [
                ("ledger", "funds_invested", Decimal("150000000.00"), "yuan"),
                ("pairing", None, Decimal(4), "county"),
            ],
        ),
        (
            "A total of 2,360 grassroots cadres and 1,850 technicians were trained.",
            [
                ("ledger", "cadres_trained", Decimal(2360), "person"),
                ("ledger", "technicians_trained", Decimal(1850), "person"),
            ],
        ),
        (
            "The workshops employ 380 people, of whom 210 are registered poor.",
            [
                ("ledger", "jobs_direct", Decimal(380), "person"),
                ("ledger", "jobs_registered_poor", Decimal(210), "person"),
            ],
        ),
        (
            "It has paired with 28 poor villages and sent 45 cadres to serve as first secretaries.",
            [("pairing", None, Decimal(28), "village"), ("cadres", None, Decimal(45), "person")],
        ),
        ("电话：010-64442120，邮编100029。", []),
        (
            "截至2019年底，中国五矿在湖南省花垣县等4个定点扶贫县累计投入帮扶资金1.8亿元。",
            [
                ("pairing", None, Decimal(4), "county"),
                ("ledger", "funds_invested", Decimal("180000000.00"), "yuan"),
            ],
        ),
        (
            "组织开展培训班12期，培训贫困村致富带头人600人次。",
            [("ledger", "cadres_trained", Decimal(600), "person_time")],
        ),
    ],
)
def test_more_report_sentences(text, rows):
    assert _rows(facts_extract(text)) == rows


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        # a sum with 万/亿 and no 元 in a clause about money is in yuan
        (
            "扶贫专馆全年销售额达到3.5亿，其中线上交易额1.1亿。",
            [
                ("ledger", "produce_sold", Decimal("350000000.00"), "yuan"),
                ("ledger", "produce_sold", Decimal("110000000.00"), "yuan"),
            ],
        ),
        (
            "全年帮助销售1.6亿，带动就业1.2万。",  # a count of people is no money
            [("ledger", "produce_sold", Decimal("160000000.00"), "yuan")],
        ),
        (
            "The bank bought 5 million yuan of produce and helped sell a further 3 million.",
            [
                ("ledger", "produce_bought", Decimal("5000000.00"), "yuan"),
                ("ledger", "produce_sold", Decimal("3000000.00"), "yuan"),
            ],
        ),
        (
            "工会采购扶贫产品4,200余万元。",
            [("ledger", "produce_bought", Decimal("42000000.00"), "yuan")],
        ),
        # plans and targets are no deliveries
        ("2022年，公司计划投入帮扶资金不低于5000万元，力争带动就业800人。", []),
        ("The group plans to buy 20 million yuan of farm produce next year.", []),
        ("The new plant is expected to hire 300 people.", []),
        ("Next year the company will invest 5 million yuan and hire 200 people.", []),
        # … but only in the clause of the target word and those going on from it
        (
            "The company, which will keep its support steady, invested 5 million yuan in 2020.",
            [("ledger", "funds_invested", Decimal("5000000.00"), "yuan")],
        ),
        (
            "全年完成计划投资1.2亿元。",
            [("ledger", "funds_invested", Decimal("120000000.00"), "yuan")],
        ),
        # a label before a colon names the indicator
        (
            "Assistance funds: RMB 8.2 million\nMoney raised from partner firms: RMB 2.5 million",
            [
                ("ledger", "funds_invested", Decimal("8200000.00"), "yuan"),
                ("ledger", "funds_introduced", Decimal("2500000.00"), "yuan"),
            ],
        ),
        (
            "一、引进资金：1,200万元\n二、捐赠款物：460万元",
            [
                ("ledger", "funds_introduced", Decimal("12000000.00"), "yuan"),
                ("ledger", "donations", Decimal("4600000.00"), "yuan"),
            ],
        ),
        # the second member of a list with a noun of its own takes its own indicator
        (
            "The programme trained 900 village officials and 450 veterinary technicians.",
            [
                ("ledger", "cadres_trained", Decimal(900), "person"),
                ("ledger", "technicians_trained", Decimal(450), "person"),
            ],
        ),
        (
            "It trained 700 township and village cadres and more than 300 rural teachers and "
            "other technical staff.",
            [
                ("ledger", "cadres_trained", Decimal(700), "person"),
                ("ledger", "technicians_trained", Decimal(300), "person"),
            ],
        ),
        # things counted with 个/座 after their noun, in a list after a delivery verb
        (
            "在镇上建设冷库6座、育苗基地2个。",
            [("ledger", None, Decimal(6), ""), ("ledger", None, Decimal(2), "")],
        ),
        # people sent are cadres, the parts of them too; the verb may stand before the clause
        (
            "The bank has 4 officials on secondment in the county, including a deputy county "
            "head and three first secretaries.",
            [("cadres", None, Decimal(4), "person"), ("cadres", None, Decimal(3), "person")],
        ),
        (
            "The province sent 240 teachers and doctors to the county.",
            [("cadres", None, Decimal(240), "person")],
        ),
        ("驻村期间，他和工作队三名队员走访了全部农户。", [("cadres", None, Decimal(3), "person")]),
        # counties supported or paired are pairings
        (
            "The company invested 30 million yuan in the six counties it has supported since 2015.",
            [
                ("ledger", "funds_invested", Decimal("30000000.00"), "yuan"),
                ("pairing", None, Decimal(6), "county"),
            ],
        ),
        ("该区与对口地区8个区县建立结对帮扶关系。", [("pairing", None, Decimal(8), "county")]),
        # verbs of money put in, of produce bought and sold, of jobs of the registered poor
        (
            "Over three years the city has put 95 million yuan into the county.",
            [("ledger", "funds_invested", Decimal("95000000.00"), "yuan")],
        ),
        (
            "Provincial fiscal assistance to the prefecture totalled 600 million yuan.",
            [("ledger", "funds_invested", Decimal("600000000.00"), "yuan")],
        ),
        (
            "Canteens purchased 120 tons of rice, beans and oil, worth RMB 1.5 million.",
            [
                ("ledger", "produce_bought", Decimal(120), "ton"),
                ("ledger", "produce_bought", Decimal("1500000.00"), "yuan"),
            ],
        ),
        ("食堂采购大米、食用油等85吨。", [("ledger", "produce_bought", Decimal(85), "ton")]),
        ("合作社通过电商平台销售核桃60吨。", [("ledger", "produce_sold", Decimal(60), "ton")]),
        (
            "帮助建档立卡贫困劳动力到省外就业2,300人、就近就业900人。",
            [
                ("ledger", "jobs_registered_poor", Decimal(2300), "person"),
                ("ledger", "jobs_registered_poor", Decimal(900), "person"),
            ],
        ),
        (
            "The plant employs 410 people, including 150 from registered poor households.",
            [
                ("ledger", "jobs_direct", Decimal(410), "person"),
                ("ledger", "jobs_registered_poor", Decimal(150), "person"),
            ],
        ),
        (
            "The project helped 5,000 people from poor families find work, 1,200 of them abroad.",
            [
                ("ledger", "jobs_registered_poor", Decimal(5000), "person"),
                ("ledger", "jobs_registered_poor", Decimal(1200), "person"),
            ],
        ),
        (
            "Its workshops created about 450 jobs indirectly.",
            [("ledger", "jobs_indirect", Decimal(450), "person")],
        ),
        # descriptions of a place or a group, and incomes, are no deliveries
        ("全镇有农户2,400户8,900人，2018年底贫困户还有56户。", []),
        ("Local potato output reached 12,000 tons last year.", []),
        ("She heads a cooperative of 45 households.", []),
        ("Members earned about 8,000 yuan per person last year.", []),
        ("2020年，合作社销售木耳、香菇等产品收入80万元。", []),
    ],
)
def test_general_rules_found_on_new_texts(text, rows):
    assert _rows(facts_extract(text)) == rows


def test_organisations_as_written():
    facts = facts_extract(
        "截至2019年底，中国五矿累计投入帮扶资金1.8亿元。宝钢股份采购贫困地区农产品1200万元。"
    )

    assert [f.organisation for f in facts] == ["中国五矿", "宝钢股份"]
    assert facts[0].date == dt.date(2019, 12, 31)
    assert facts[1].date is None


@pytest.mark.parametrize(
    ("text", "organisations"),
    [
        # a full name is one name, not a short form and a legal ending
        ("宝武集团有限公司2019年投入帮扶资金1200万元。", ["宝武集团有限公司"]),
        ("云南铜业股份有限公司采购农产品300万元。", ["云南铜业股份有限公司"]),
        # names ending in other words of an organisation
        ("北京大学捐赠图书价值20万元。", ["北京大学"]),
        (
            "中国农业银行发放扶贫贷款5000万元，冶金研究院培训技术人员80人。",
            ["中国农业银行", "冶金研究院"],
        ),
        # the short form before 集团, and 中国 + a short name
        ("首钢集团直接投入资金800万元。", ["首钢集团"]),
        ("中国五矿累计捐赠资金60万元。", ["中国五矿"]),
        # a subsidiary named in the sentence is the figure's, not its group
        ("中国五矿所属中国五冶集团投入资金500万元。", ["中国五冶集团"]),
        ("首钢集团下属首钢矿业公司吸纳就业120人。", ["首钢矿业公司"]),
        # the subject, not the one given to or worked with
        ("首钢集团向北京大学捐赠资金20万元。", ["首钢集团"]),
        ("宝武集团联合云南大学投入资金90万元。", ["宝武集团"]),
        # no name: a generic word or a verb before the company word
        ("该公司捐赠资金100万元。", [""]),
        ("全县依托公司带动就业260人。", [""]),
    ],
)
def test_chinese_organisations_as_reports_write_them(text, organisations):
    assert [f.organisation for f in facts_extract(text)] == organisations


def test_a_short_form_of_a_name_the_text_gives_in_full_is_the_organisation():
    text = "中国华能集团有限公司2020年定点帮扶工作\n一年来，中国华能认真履责，捐赠资金300万元。"

    assert [f.organisation for f in facts_extract(text)] == ["中国华能"]
    assert [f.organisation for f in facts_extract("一年来，华能认真履责，捐赠资金300万元。")] == [
        ""
    ]


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("Anhui Conch Cement Co., Ltd. donated 3 million yuan.", "Anhui Conch Cement Co., Ltd"),
        ("The Baowu Steel Group invested 5 million yuan.", "The Baowu Steel Group"),
        ("China Minmetals Corporation donated 2 million yuan.", "China Minmetals Corporation"),
        ("Dongfang Electric Company hired 45 graduates.", "Dongfang Electric Company"),
        ("Shougang Group donated 1 million yuan to Tsinghua University.", "Shougang Group"),
    ],
)
def test_english_organisations(text, organisation):
    (fact,) = facts_extract(text)
    assert fact.organisation == organisation


def test_a_range_is_one_fact():
    facts = facts_extract("投入资金10-15万元建设扶贫车间2个，吸纳就业近300人。")

    assert [
        (f.indicator, f.quantity.value, f.quantity.high, f.quantity.qualifier) for f in facts
    ] == [
        ("funds_invested", Decimal("100000.00"), Decimal("150000.00"), "range"),
        ("jobs_direct", Decimal(300), None, "about"),
    ]


def test_percentages_incomes_and_bare_numbers_are_no_facts():
    text = (
        "全县贫困发生率由12.5%下降到0.5%，农民人均可支配收入达到1.2万元。"
        "The villagers' average annual income was 16,000 yuan. Altogether 70-plus people "
        "attended the meeting. 9 14 morning, the leading group met."
    )

    assert facts_extract(text) == []


def test_a_thing_outside_the_ledger_has_no_indicator():
    facts = facts_extract("The unit purchased 1,200 dutch peony seedlings for the village.")

    assert _rows(facts) == [("ledger", None, Decimal(1200), "")]


# --- dates, sentences, language ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "date"),
    [
        ("截至2020年6月底，投入资金3300万元。", dt.date(2020, 6, 30)),
        ("截至2020年2月底，投入资金3300万元。", dt.date(2020, 2, 29)),
        ("2019年，投入资金3300万元。", dt.date(2019, 12, 31)),
        ("2020年上半年，投入资金3300万元。", dt.date(2020, 6, 30)),
        ("2020年6月24日，捐赠50万元。", dt.date(2020, 6, 24)),
        ("as of the end of june 2020, 33 million yuan has been invested.", dt.date(2020, 6, 30)),
        ("in july 2018, the unit allocated 84,000 yuan.", dt.date(2018, 7, 31)),
        ("in 2019, the unit invested 5 million yuan.", dt.date(2019, 12, 31)),
        ("On May 30, 2019, the unit donated 5 million yuan.", dt.date(2019, 5, 30)),
        ("since 2019, the unit has invested 5 million yuan.", None),
        ("自2017年以来，投入资金3300万元。", None),
        ("The unit invested 5 million yuan.", None),
    ],
)
def test_dates_are_the_end_of_the_period_named(sentence, date):
    (fact,) = facts_extract(sentence)

    assert fact.date == date


def test_sentences_do_not_end_at_decimals_or_abbreviations():
    text = (
        "shougang shuicheng iron & steel (group) co., ltd. and yili group invested 1.05 "
        "million yuan. Next one."
    )

    spans = sentences_split(text)

    assert [text[s.start : s.end].strip() for s in spans] == [
        "shougang shuicheng iron & steel (group) co., ltd. and yili group invested 1.05 "
        "million yuan.",
        "Next one.",
    ]


def test_parts_of_a_sentence_split_at_semicolons_share_the_sentence_start():
    text = "截至2020年底，投入资金100万元；购买农产品50万元。"

    spans = sentences_split(text)

    assert len(spans) == 2
    assert spans[0].sentence_start == spans[1].sentence_start == 0


def test_and_splits_clauses_only_between_quantities():
    facts = facts_extract(
        "directly driving the employment of 416 local people and indirectly driving the "
        "employment of 300 people; 378,000 tons of raw and auxiliary steel materials have "
        "been purchased."
    )

    assert [f.indicator for f in facts] == ["jobs_direct", "jobs_indirect", "produce_bought"]


@pytest.mark.parametrize(
    ("text", "language"),
    [("中国宝武召开扶贫工作领导小组会议", "zh"), ("China Minmetals held a conference", "en")],
)
def test_language_guessed(text, language):
    assert language_guess(text) == language


def test_seed_languages_are_guessed():
    assert [language_guess(_seed(n)) for n in SEEDS] == ["en", "en", "zh", "en", "en"]


def test_language_chooses_the_dictionaries():
    text = "投入资金3300万元。"

    assert _rows(facts_extract(text, language="zh")) == [
        ("ledger", "funds_invested", Decimal("33000000.00"), "yuan")
    ]
    assert _rows(facts_extract(text, language="en")) == [
        ("ledger", None, Decimal("33000000.00"), "yuan")
    ]


# --- measuring -----------------------------------------------------------------------------


def test_matching_is_one_to_one_and_needs_the_same_unit_and_high_end():
    (ten,) = facts_extract("结对帮扶10个县。")
    gold = [
        GoldFigure("t", "pairing", None, Decimal(10), "county", "10个县"),
        GoldFigure("t", "pairing", None, Decimal(10), "county", "10个县 again"),
        GoldFigure("t", "ledger", None, Decimal(10), "village", "not a county"),
    ]

    scores = measure({"t": [ten, ten]}, gold)

    assert (scores.figures.matched, scores.figures.found, scores.figures.listed) == (2, 2, 3)
    assert scores.figures.precision == 1.0
    assert scores.figures.recall == pytest.approx(2 / 3)


def test_figure_and_indicator_need_the_indicator_too():
    (fact,) = facts_extract("投入资金3300万元。")
    gold = [GoldFigure("t", "ledger", "donations", Decimal(33_000_000), "yuan", "投入")]

    scores = measure({"t": [fact]}, gold)

    assert scores.figures.matched == 1
    assert scores.indicators.matched == 0


def test_nothing_found_and_nothing_listed_score_one():
    scores = measure({"empty": []}, [])

    assert (scores.figures.precision, scores.figures.recall) == (1.0, 1.0)


# --- the dictionaries ----------------------------------------------------------------------


def test_indicator_codes_are_the_standard_ones():
    from fupin.assistance.indicators import STANDARD

    assert tuple(code for code, *_ in STANDARD) == lexicon.INDICATORS
    assert set(lexicon.ZH_TRIGGERS) == set(lexicon.EN_TRIGGERS) == set(lexicon.INDICATORS)
    assert set(lexicon.INDICATOR_UNITS) == set(lexicon.INDICATORS)


def test_the_engine_imports_no_django():
    code = (
        "import sys; import fupin.reports.facts.extract, fupin.reports.facts.measure; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    src = Path(__file__).resolve().parents[2] / "src"

    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(src)},
    )

    assert result.stdout.strip() == "False"


_PIECES = st.sampled_from(
    [
        *"0123456789０１,.，。、；;-~%\n ",
        *"至到万亿千百十一二两三五个名人次元吨户村县项目余多近约",
        "million",
        " yuan",
        " people",
        " villages",
        " and ",
        "of whom ",
        "2019年6月底",
        "截至",
        "投入",
        "结对帮扶",
        "选派干部",
        "more than ",
        " in july 2018",
        " since ",
        " co., ltd. ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_text_gives_facts_whose_offsets_are_their_written_quantity(text):
    for fact in facts_extract(text):
        assert text[fact.start : fact.end] == fact.quantity.text
        assert fact.kind in ("ledger", "pairing", "cadres")
        assert fact.quantity.unit != "percent"
        assert fact.indicator is None or fact.indicator in lexicon.INDICATORS
