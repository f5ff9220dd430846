"""The twelve indicators: the units their figures may have, the phrases that name them in
Chinese and English, and the words that give a figure the indicator of another (money
words, who was trained, a clause continuing the one before)."""

from __future__ import annotations

#: the twelve standard indicator codes (DESIGN.md "Indicator codes"); kept here because this
#: package imports nothing from Django (tests check it equals fupin.assistance.indicators)
INDICATORS: tuple[str, ...] = (
    "funds_invested",
    "funds_introduced",
    "cadres_trained",
    "technicians_trained",
    "produce_bought",
    "produce_sold",
    "jobs_direct",
    "jobs_indirect",
    "jobs_registered_poor",
    "students_recruited",
    "graduates_hired",
    "donations",
)

#: which normalised units an indicator's figure may have (amounts in yuan, counts of people;
#: produce bought or sold may be given in tons)
INDICATOR_UNITS: dict[str, frozenset[str]] = {
    "funds_invested": frozenset({"yuan"}),
    "funds_introduced": frozenset({"yuan"}),
    "cadres_trained": frozenset({"person", "person_time"}),
    "technicians_trained": frozenset({"person", "person_time"}),
    "produce_bought": frozenset({"yuan", "ton"}),
    "produce_sold": frozenset({"yuan", "ton"}),
    "jobs_direct": frozenset({"person"}),
    "jobs_indirect": frozenset({"person"}),
    "jobs_registered_poor": frozenset({"person"}),
    "students_recruited": frozenset({"person"}),
    "graduates_hired": frozenset({"person"}),
    "donations": frozenset({"yuan"}),
}


# --- the phrases naming each indicator ----------------------------------------------------

#: Chinese trigger phrases per indicator (what the office's ledger calls each figure)
ZH_TRIGGERS: dict[str, tuple[str, ...]] = {
    # money put in by the unit itself
    "funds_invested": (
        r"直接投入",
        r"投入(?:帮扶|扶贫)?资金",
        r"投入",
        r"拨付",
        r"投资",
        r"出资",
        r"安排(?:帮扶|扶贫)?资金",
        r"援助资金",
        r"援建资金",
        r"(?:无偿)?帮扶资金",
    ),
    # money brought in from others
    "funds_introduced": (
        r"引进(?:[^，。；、\d]{0,4}?)(?:帮扶|扶贫)?资金",
        r"引进",
        r"引入",
        r"协调资金",
        r"招商引资",
        r"到位(?:投资|资金)额?",
    ),
    "cadres_trained": (
        r"培训(?:基层|村|乡村|贫困村)?干部",
        r"(?:基层|村)干部培训",
        r"培训(?:贫困村|村|基层)?(?:党员|致富带头人|带头人)",
    ),
    "technicians_trained": (
        r"培训(?:专业)?技术人员",
        r"技术人员培训",
        r"培训(?:乡村)?医生|培训教师",
        r"技术人员",
    ),
    # produce of the poor areas bought by the unit (消费扶贫)
    "produce_bought": (
        r"购买(?:贫困地区)?(?:农副产品|农产品)?",
        r"采购(?:贫困地区)?(?:农副产品|农产品)?",
        r"消费扶贫",
        r"农副产品|农产品",
    ),
    "produce_sold": (
        r"帮助销售(?:农副产品|农产品)?",
        r"帮销|助销|代销",
        r"销售(?:农副产品|农产品)",
        r"销售额?",
        r"交易额",
    ),
    "jobs_direct": (
        r"直接带动(?:就业|务工)",
        r"直接就业",
        r"吸纳(?:就业|务工)?",
        r"安置(?:就业)?",
        r"带动就业",
        r"就业",
        r"招聘|录用|雇用|聘用",
        r"转移就业",
        r"用工",
    ),
    "jobs_indirect": (r"间接带动(?:就业|务工)?", r"间接就业", r"间接"),
    "jobs_registered_poor": (
        r"建档立卡(?:贫困)?(?:人员|人口|户|劳动力|群众)?",
        r"贫困(?:人口|劳动力)就业",
        r"贫困户?劳动力",
    ),
    "students_recruited": (r"招收(?:[^，。；]{0,10}?)学生", r"招生"),
    "graduates_hired": (r"(?:招聘|录用|招收)(?:[^，。；]{0,8}?)毕业生", r"毕业生"),
    "donations": (r"捐赠", r"捐款", r"捐助", r"捐资", r"慰问(?:金|品)?"),
}

#: English trigger phrases per indicator
EN_TRIGGERS: dict[str, tuple[str, ...]] = {
    "funds_invested": (
        r"invest(?:ed|ing|ment|ments|s)?",
        r"input",
        r"allocat(?:ed|ing|ion)",
        r"appropriat(?:ed|ing)",
        r"put in",
        r"spent",
        r"fund(?:ed|ing)",
        r"(?:assistance|aid|poverty alleviation|helping) funds?",
        r"(?:fiscal|financial) (?:assistance|aid|support)",
        r"put(?: [\w.,]+){1,4}? into",
    ),
    "funds_introduced": (
        r"introduc(?:ed|ing)(?: \w+){0,2} funds?",
        r"brought in",
        r"attract(?:ed|ing)",
        r"raised",
    ),
    "cadres_trained": (
        r"train(?:ed|ing)?(?: [\w,.-]+){0,4}? (?:grass-?roots |village )?(?:cadres|officials)",
        r"(?:cadres|officials) (?:were |have been )?trained",
    ),
    "technicians_trained": (
        r"train(?:ed|ing)?(?: [\w,.-]+){0,4}? technic(?:ians|al personnel)",
        r"technicians (?:were |have been )?trained",
    ),
    "produce_bought": (
        r"purchas(?:e|ed|es|ing)",
        r"bought",
        r"procur(?:ed|ement|ing)",
        r"(?:agricultural|farm)(?: and sideline)? (?:products|produce)",
        r"consumption poverty alleviation",
    ),
    "produce_sold": (r"sold", r"help(?:ed)?(?: to)? sell", r"sales of"),
    "jobs_direct": (
        r"directly (?:driv(?:ing|en)|dr[oi]ve|creat(?:ed|ing)|provid(?:ed|ing)|employ(?:ed|ing))"
        r"(?: the)? (?:employment|jobs?)",
        r"employ(?:s|ed|ment|ing)?",
        r"hired|hiring",
        r"jobs?",
    ),
    "jobs_indirect": (
        r"indirectly (?:driv(?:ing|en)|dr[oi]ve|creat(?:ed|ing)|provid(?:ed|ing)|employ(?:ed|ing))"
        r"(?: the)? (?:employment|jobs?)",
        r"indirect(?:ly)?",
        r"jobs? indirectly",
    ),
    "jobs_registered_poor": (
        r"(?:with )?(?:file|filed|archived) cards?",
        r"registered (?:poor|cards?)",
        r"card-holding",
        r"(?:poor|impoverished|poverty-stricken) (?:households|families)",
        r"households (?:\w+ ){0,2}lifted out of poverty",
    ),
    "students_recruited": (
        r"recruit(?:ed|ing|s)? [\w ,]{0,30}?students",
        r"students (?:were |have been )?recruited",
        r"enroll?ed",
    ),
    "graduates_hired": (r"graduates",),
    "donations": (r"donat(?:ed|ing|ion|ions|es)", r"condolences?", r"gave away"),
}

#: a sum written with 万/亿 or million/billion and no unit ("交易额超过1.2亿") is money when
#: one of these, or a trigger of an indicator counted in yuan, is in its clause
ZH_MONEY_WORDS = r"交易额|销售额|营业额|金额|总额|资金|投入|投资|出资|拨付|捐赠|捐款|款"
EN_MONEY_WORDS = (
    r"invest(?:ed|ing|ment|ments|s)?|funds?|funding|spent|sales|turnover|worth|donat(?:ed|ion|ions)"
)

#: who was trained, by the noun counted: "2,360 cadres and 1,850 technicians were trained"
TRAINED_NOUNS: tuple[tuple[str, str], ...] = (
    (r"cadres|officials|干部|党员|带头人", "cadres_trained"),
    (r"technic|技术|医生|教师", "technicians_trained"),
)

#: a clause opening with one of these continues the figure before it ("…purchased, totaling
#: 266 million yuan"): its figure takes the indicator of the clause before
CONTINUATIONS = (
    r"^\s*(?:totaling|totalling|amounting to|worth|in total|共计|合计|总计|累计|总额|价值)"
)
