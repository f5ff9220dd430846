"""The figures each unseen text (tests/reports/unseen_texts/) states, listed by hand from
reading the texts under the rule of tests/reports/facts_gold.py — not from what the engine
finds — before the engine was ever run on them.

Choices the rule leaves to the reader, made here before measuring:
- money from outside named by the verb: 投入/put in → funds_invested; 争取/引进/secured/brought
  in/drawn in (enterprise investment too) → funds_introduced; a county's own integrated funds
  put into projects → funds_invested;
- at a fair or on a platform, 销售额/帮助销售/helped sell → produce_sold, 采购/签约采购/bought →
  produce_bought;
- 人次 and "person-times" are the unit "person_time"; people trained with no standard
  indicator (labour and vocational skills training) have indicator None;
- greenhouses, cold stores, workshops, chicks: unit "" (as the seed's workshop and seedlings);
- households and people whose risk of returning to poverty was eliminated are listed like
  people lifted out of poverty (None); the monitoring targets identified, populations,
  households' incomes and the monitoring threshold are not (they describe people);
- an annex of "指标：数值" lines restates figures: each line is listed again, as a text
  stating a count twice lists it twice;
- a loan balance ("outstanding loans") is not listed: it is neither money put in, brought in,
  donated nor spent on purchases.
"""

from __future__ import annotations

from decimal import Decimal as D

from fupin.reports.facts.measure import GoldFigure as G

TEXTS = tuple(f"unseen_{n:02d}" for n in range(1, 9))

GOLD: tuple[G, ...] = (
    # unseen_01 (纳雍县 2020 summary)
    G("unseen_01", "ledger", None, D(34_200), "household", "累计减少贫困人口3.42万户"),
    G("unseen_01", "ledger", None, D(146_000), "person", "3.42万户14.6万人"),
    G("unseen_01", "ledger", None, D(154), "village", "154个贫困村全部出列"),
    G("unseen_01", "ledger", "funds_invested", D(487_000_000), "yuan", "整合财政涉农资金4.87亿元"),
    G("unseen_01", "ledger", None, D(126), "project", "实施产业扶贫项目126个"),
    G("unseen_01", "ledger", None, D(23), "", "建成扶贫车间23个"),
    G("unseen_01", "ledger", "jobs_registered_poor", D(2_860), "person", "建档立卡…就业2,860人"),
    G("unseen_01", "ledger", None, D(12_400), "person_time", "技能培训12,400人次"),
    G("unseen_01", "ledger", "jobs_direct", D(31_000), "person", "直接带动就业3.1万人"),
    G("unseen_01", "ledger", "jobs_registered_poor", D(18_600), "person", "贫困劳动力1.86万人"),
    G("unseen_01", "ledger", "funds_introduced", D(152_000_000), "yuan", "争取…帮扶资金1.52亿元"),
    G("unseen_01", "ledger", "funds_introduced", D(230_000_000), "yuan", "引进企业到位投资2.3亿元"),
    G("unseen_01", "cadres", None, D(17), "person", "选派挂职干部17名"),
    G("unseen_01", "ledger", "funds_invested", D(36_000_000), "yuan", "投入帮扶资金3,600万元"),
    G("unseen_01", "ledger", "produce_bought", D(8_600_000), "yuan", "购买我县农产品860万元"),
    G("unseen_01", "ledger", "produce_sold", D(21_500_000), "yuan", "帮助销售农产品2,150万元"),
    # unseen_02 (中国华远能源集团 2019 summary of its paired assistance)
    G("unseen_02", "pairing", None, D(2), "county", "镇雄县、彝良县两个定点扶贫县"),
    G("unseen_02", "ledger", "funds_invested", D(126_000_000), "yuan", "无偿帮扶资金1.26亿元"),
    G("unseen_02", "ledger", "funds_introduced", D(43_000_000), "yuan", "引进帮扶资金4,300万元"),
    G("unseen_02", "cadres", None, D(3), "person", "选派三名干部赴定点县挂职"),
    G("unseen_02", "cadres", None, D(12), "person", "选派驻村第一书记12人"),
    G("unseen_02", "ledger", None, D(8), "project", "“光伏+”扶贫项目8个"),
    G("unseen_02", "ledger", "cadres_trained", D(2_400), "person_time", "培训基层干部2,400余人次"),
    G("unseen_02", "ledger", "technicians_trained", D(860), "person_time", "培训技术人员860人次"),
    G("unseen_02", "ledger", "produce_bought", D(15_800_000), "yuan", "购买…农产品1,580万元"),
    G("unseen_02", "ledger", "produce_sold", D(32_600_000), "yuan", "帮助销售农产品3,260万元"),
    G("unseen_02", "ledger", "graduates_hired", D(35), "person", "招聘高校毕业生35名"),
    G("unseen_02", "ledger", "students_recruited", D(120), "person", "招收职业院校学生120人"),
    G("unseen_02", "ledger", "donations", D(2_365_000), "yuan", "捐款捐物…236.5万元"),
    G("unseen_02", "ledger", None, D(376_000), "person", "累计脱贫37.6万人"),
    G(
        "unseen_02",
        "ledger",
        "funds_invested",
        D(126_000_000),
        "yuan",
        "直接投入帮扶资金：12,600万元",
    ),
    G("unseen_02", "ledger", "cadres_trained", D(2_400), "person_time", "培训基层干部：2,400人次"),
    G("unseen_02", "ledger", "produce_bought", D(15_800_000), "yuan", "购买农产品：1,580万元"),
    G("unseen_02", "ledger", "produce_sold", D(32_600_000), "yuan", "帮助销售农产品：3,260万元"),
    # unseen_03 (凉山州 consumption-assistance fair, news)
    G("unseen_03", "ledger", "produce_sold", D(38_500_000), "yuan", "现场销售额达3,850万元"),
    G("unseen_03", "ledger", "produce_bought", D(200_000_000), "yuan", "签约采购金额逾2亿元"),
    G("unseen_03", "ledger", "produce_bought", D(6_800_000), "yuan", "现场采购…农特产品680万元"),
    G("unseen_03", "ledger", "produce_bought", D(120_000_000), "yuan", "签订农产品采购协议1.2亿元"),
    G("unseen_03", "ledger", "produce_sold", D(15_000_000), "yuan", "帮助销售农产品近1,500万元"),
    G("unseen_03", "ledger", None, D(3_400), "household", "带动脱贫户3,400余户增收"),
    G("unseen_03", "ledger", "produce_sold", D(560_000_000), "yuan", "“832平台”帮助销售…5.6亿元"),
    G("unseen_03", "ledger", None, D(11), "county", "11个脱贫县…全部摘帽"),
    # unseen_04 (骆驼湾村 village work team, 2018)
    G("unseen_04", "cadres", None, D(3), "person", "工作队由三名同志组成"),
    G("unseen_04", "ledger", "funds_introduced", D(1_200_000), "yuan", "争取帮扶资金一百二十万元"),
    G("unseen_04", "ledger", "funds_introduced", D(850_000), "yuan", "引进社会资金八十五万元"),
    G("unseen_04", "ledger", None, D(40), "", "新建食用菌大棚四十座"),
    G("unseen_04", "ledger", None, D(1), "", "配套建设冷库一座"),
    G("unseen_04", "ledger", None, D(58), "household", "为全村五十八户贫困户"),
    G("unseen_04", "ledger", None, D(5_800), "", "共发放鸡苗五千八百只"),
    G("unseen_04", "ledger", None, D(160), "person_time", "技能培训一百六十人次"),
    G("unseen_04", "ledger", "jobs_direct", D(36), "person", "吸纳本村劳动力三十六人务工"),
    G("unseen_04", "ledger", "jobs_registered_poor", D(19), "person", "建档立卡贫困人口十九人"),
    G("unseen_04", "ledger", "produce_bought", D(123_000), "yuan", "购买…农产品十二万三千元"),
    G("unseen_04", "ledger", "produce_sold", D(280_000), "yuan", "帮助销售核桃、红枣二十八万元"),
    G("unseen_04", "ledger", None, D(52), "household", "全村脱贫五十二户"),
    G("unseen_04", "ledger", None, D(137), "person", "五十二户一百三十七人"),
    # unseen_05 (Jiangsu and Shaanxi east-west cooperation agreement, news)
    G(
        "unseen_05",
        "pairing",
        None,
        D(56),
        "county",
        "the 56 Shaanxi counties that Jiangsu assists",
    ),
    G(
        "unseen_05",
        "ledger",
        "funds_invested",
        D(8_470_000_000),
        "yuan",
        "put in 8.47 billion yuan",
    ),
    G("unseen_05", "ledger", "funds_invested", D(2_100_000_000), "yuan", "nearly 2.1 billion yuan"),
    G(
        "unseen_05",
        "ledger",
        "funds_introduced",
        D(16_400_000_000),
        "yuan",
        "enterprise investment",
    ),
    G("unseen_05", "cadres", None, D(1_076), "person", "sent 1,076 officials to Shaanxi"),
    G("unseen_05", "ledger", "produce_bought", D(2_900_000_000), "yuan", "purchased … 2.9 billion"),
    G("unseen_05", "ledger", "produce_sold", D(2_400_000_000), "yuan", "helped sell another 2.4"),
    G(
        "unseen_05",
        "ledger",
        "jobs_registered_poor",
        D(218_000),
        "person",
        "218,000 registered poor",
    ),
    G("unseen_05", "ledger", None, D(1_400), "", "some 1,400 poverty alleviation workshops"),
    G("unseen_05", "ledger", "cadres_trained", D(36_500), "person", "trained 36,500 grassroots"),
    G(
        "unseen_05",
        "ledger",
        "technicians_trained",
        D(41_200),
        "person",
        "41,200 technical personnel",
    ),
    G("unseen_05", "ledger", None, D(56), "county", "The 56 counties … all shook off poverty"),
    # unseen_06 (Huining County, consolidating the results, 2023)
    G("unseen_06", "ledger", None, D(1_685), "household", "risk … eliminated for 1,685 households"),
    G("unseen_06", "ledger", None, D(6_420), "person", "1,685 households with 6,420 people"),
    G("unseen_06", "ledger", "funds_invested", D(652_000_000), "yuan", "put 652 million yuan"),
    G("unseen_06", "ledger", None, D(287), "project", "into 287 projects"),
    G("unseen_06", "ledger", "funds_introduced", D(86_400_000), "yuan", "secured RMB 86.4 million"),
    G("unseen_06", "ledger", "produce_bought", D(38_600_000), "yuan", "bought 38.6 million yuan"),
    G("unseen_06", "ledger", "jobs_registered_poor", D(126_000), "person", "helped 126,000 people"),
    G("unseen_06", "ledger", None, D(12), "", "Twelve new assistance workshops were set up"),
    G("unseen_06", "ledger", "jobs_direct", D(600), "person", "employ 600 to 650", D(650)),
    G("unseen_06", "ledger", None, D(9_850), "person_time", "training reached 9,850 person-times"),
    G("unseen_06", "cadres", None, D(281), "person", "281 resident cadres were stationed"),
    G("unseen_06", "cadres", None, D(93), "person", "93 of them serving as first secretaries"),
    # unseen_07 (Sino Rural Development Bank press release, 2019)
    G("unseen_07", "pairing", None, D(4), "county", "its four paired counties of Zhenning"),
    G("unseen_07", "ledger", "donations", D(8_500_000), "yuan", "donated RMB 8.5 million"),
    G("unseen_07", "pairing", None, D(4), "county", "to the four counties"),
    G("unseen_07", "ledger", "funds_introduced", D(23_600_000), "yuan", "introduced RMB 23.6"),
    G(
        "unseen_07",
        "ledger",
        "funds_invested",
        D(1_300_000_000),
        "yuan",
        "invested 1.3 billion yuan",
    ),
    G("unseen_07", "ledger", "produce_bought", D(14_200_000), "yuan", "purchased … RMB 14.2"),
    G("unseen_07", "ledger", "produce_sold", D(31_000_000), "yuan", "helped sell another RMB 31"),
    G("unseen_07", "ledger", "cadres_trained", D(3_150), "person", "trained 3,150 grassroots"),
    G("unseen_07", "ledger", "technicians_trained", D(2_700), "person", "2,700 rural technicians"),
    G("unseen_07", "cadres", None, D(6), "person", "six officials of the bank are … serving"),
    G("unseen_07", "ledger", None, D(212_000), "person", "lifted about 212,000 people"),
    # unseen_08 (Beijing Huatong Group in Wuchuan County, the summary table in words)
    G("unseen_08", "ledger", "funds_invested", D(41_800_000), "yuan", "totalled RMB 41.8 million"),
    G("unseen_08", "ledger", "funds_invested", D(5_200_000), "yuan", "RMB 5.2 million in 2016"),
    G("unseen_08", "ledger", "funds_invested", D(6_900_000), "yuan", "6.9 million in 2017"),
    G("unseen_08", "ledger", "funds_invested", D(8_400_000), "yuan", "8.4 million in 2018"),
    G("unseen_08", "ledger", "funds_invested", D(9_600_000), "yuan", "9.6 million in 2019"),
    G("unseen_08", "ledger", "funds_invested", D(11_700_000), "yuan", "11.7 million in 2020"),
    G("unseen_08", "ledger", "funds_introduced", D(13_500_000), "yuan", "came to RMB 13.5 million"),
    G("unseen_08", "ledger", "produce_bought", D(27_340_000), "yuan", "reached 27.34 million yuan"),
    G("unseen_08", "ledger", "produce_sold", D(58_900_000), "yuan", "sold … 58.9 million yuan"),
    G("unseen_08", "ledger", "jobs_direct", D(1_150), "person", "1,150 local people … directly"),
    G("unseen_08", "ledger", "jobs_indirect", D(2_300), "person", "around 2,300 indirectly"),
    G("unseen_08", "ledger", "jobs_registered_poor", D(864), "person", "864 were registered poor"),
    G("unseen_08", "ledger", "cadres_trained", D(2_180), "person", "trained 2,180 grassroots"),
    G("unseen_08", "ledger", "technicians_trained", D(1_460), "person", "1,460 technicians"),
    G("unseen_08", "ledger", "donations", D(3_060_000), "yuan", "Donations … RMB 3.06 million"),
    G("unseen_08", "cadres", None, D(4), "person", "sent 4 officials to Wuchuan"),
    G("unseen_08", "cadres", None, D(7), "person", "7 first secretaries"),
    G("unseen_08", "pairing", None, D(7), "village", "its 7 paired villages"),
    G("unseen_08", "ledger", None, D(32_150), "person", "All 32,150 registered poor people"),
)
