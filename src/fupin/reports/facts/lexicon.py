"""The dictionaries the facts engine reads: units, qualifiers, trigger words per indicator,
pairing and cadre words, organisation and place patterns, in Chinese and English.

Every table is plain data (regular-expression fragments, matched case-insensitively against
the text); the engine in numbers.py and extract.py holds no word of its own. A pattern that
is longer wins over one it contains ("间接带动就业" over "就业"), so a table may list a broad
word beside its specific phrases."""

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

# --- numbers -------------------------------------------------------------------------------

#: Chinese numeral characters and their values (digits; 十百千 inside a section; 万亿 sections)
CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
#: the Chinese place values inside a section of four digits
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
#: the Chinese sections of four digits (also written after Arabic digits: "3300万", "2.66亿")
CN_BIG_UNITS: dict[str, int] = {"万": 10_000, "亿": 100_000_000}

#: English number words read as figures ("one" and "a" are left out: "one year", "one of")
EN_NUMBER_WORDS: dict[str, int] = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
}

#: English multiplier words after a number ("33 million", "2.66 hundred million" for 亿,
#: "52 ten thousand" for 万 in translated texts)
EN_MULTIPLIERS: dict[str, int] = {
    "hundred million": 100_000_000,
    "ten thousand": 10_000,
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}

#: range separators between two numbers ("10-15万元", "10至15万元", "10 to 15 million")
RANGE_SEPARATORS = r"\s*(?:-|–|—|~|至|到)\s*|\s+to\s+"

#: qualifiers written before a number, and the qualifier they mean
QUALIFIERS_BEFORE: tuple[tuple[str, str], ...] = (
    # Chinese
    # "不低于" and "不少于" before "低于" and "少于": at least is not less than
    (r"不低于|不少于|不小于|不止|至少|超过|超|逾|多于|高于|大于", "more_than"),
    (r"将近|接近|近|约|大约|大概|约为", "about"),
    (r"不足|不到|少于|低于|不超过|未满", "less_than"),
    # English
    (
        r"more than|over|above|exceeding|in excess of|upwards of|at least|no less than|"
        r"not less than|no fewer than|not fewer than",
        "more_than",
    ),
    (r"nearly|almost|about|approximately|around|roughly|close to|some", "about"),
    (r"less than|fewer than|under|below|no more than|up to", "less_than"),
)

#: a place value written alone after these ("逾千人", "上千人", "近万人") is a figure: the
#: value of the place with the qualifier; "上" only says "more than" before such a place value
ZH_BARE_PLACE_BEFORE: tuple[tuple[str, str], ...] = (
    (r"逾|超过|超|上", "more_than"),
    (r"将近|接近|近|约", "about"),
)
#: the place values that may stand alone after those words
ZH_BARE_PLACES = ("十万", "百万", "千万", "百", "千", "万", "亿")

#: qualifiers written after a number (before or after its unit)
QUALIFIERS_AFTER: tuple[tuple[str, str], ...] = (
    (r"余|多|以上|有余", "more_than"),
    (r"左右|上下", "about"),
    (r"以下|以内", "less_than"),
    (r"-plus|\s?plus|\+|\s+or more", "more_than"),
)

# --- units ---------------------------------------------------------------------------------

#: Chinese unit words right after a number, longest first: (pattern, unit, factor)
ZH_UNITS: tuple[tuple[str, str, int | float], ...] = (
    (r"人次", "person_time", 1),
    (r"元|块钱|块", "yuan", 1),
    (r"人|名", "person", 1),
    (r"吨", "ton", 1),
    (r"公斤|千克", "ton", 0.001),
    (r"户", "household", 1),
    # 个 + an optional kind of village or county + the word
    (
        r"个(?:贫困|深度贫困|重点|低收入|建档立卡贫困|定点帮扶|定点扶贫|结对帮扶|帮扶|示范|行政)?村",
        "village",
        1,
    ),
    (
        r"个(?:贫困|深度贫困|重点|国家级贫困|国定贫困|定点帮扶|定点扶贫|对口支援|帮扶|扶贫)?"
        r"(?:区县|县区|县市|市县|县)",
        "county",
        1,
    ),
    (r"个(?:扶贫|帮扶|产业|重点|援建)?项目", "project", 1),
    (r"村", "village", 1),
    (r"县", "county", 1),
    (r"项|件|套|台|批", "item", 1),
    (r"个|家|所|座|处", "", 1),
)

#: words before an English number that make it a count of people ("of whom 210 are poor")
EN_PEOPLE_BEFORE = r"(?:of whom|of them|among them|among whom)\s+$"
#: Chinese nouns right before a number counted with 个/项/座… ("帮扶项目46个", "贫困村12个")
ZH_NOUNS_BEFORE: tuple[tuple[str, str], ...] = (
    (r"项目$", "project"),
    (r"村$", "village"),
    (r"县$", "county"),
)

#: English unit words right after a number (before any other word)
EN_IMMEDIATE_UNITS: tuple[tuple[str, str, int | float], ...] = (
    (r"yuan|rmb|renminbi|cny", "yuan", 1),
    (r"person[- ]times?|man[- ]times?|people[- ]times?", "person_time", 1),
    (r"tons|tonnes|ton|tonne", "ton", 1),
    (r"kilograms|kilogram|kg", "ton", 0.001),
)

#: currency written before an English number ("RMB 5 million", "¥84,000")
EN_CURRENCY_BEFORE = r"(?:rmb|cny|¥|￥)\s*$"

#: English head nouns of a counted thing, by normalised unit
EN_UNIT_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        [
            "people",
            "persons",
            "person",
            "individuals",
            "residents",
            "villagers",
            "farmers",
            "herdsmen",
            "herders",
            "workers",
            "employees",
            "labourers",
            "laborers",
            "students",
            "pupils",
            "graduates",
            "teachers",
            "doctors",
            "cadres",
            "officials",
            "officers",
            "secretaries",
            "comrades",
            "members",
            "technicians",
            "trainees",
            "children",
            "women",
            "men",
            "migrants",
            "staff",
            "volunteers",
            "electricians",
            "heads",
            "jobs",
            "job",
        ],
        "person",
    ),
    **dict.fromkeys(["households", "household", "families", "family"], "household"),
    **dict.fromkeys(["villages", "village"], "village"),
    **dict.fromkeys(["counties", "county"], "county"),
    **dict.fromkeys(["projects", "project"], "project"),
}

#: nouns of people that count animals when "of" follows ("200 heads of cattle")
EN_NOT_PEOPLE_BEFORE_OF: frozenset[str] = frozenset(["heads"])

#: words that end the noun phrase after an English number
EN_PHRASE_STOPS: frozenset[str] = frozenset(
    [
        "of",
        "in",
        "from",
        "to",
        "and",
        "or",
        "with",
        "who",
        "whom",
        "which",
        "that",
        "have",
        "has",
        "had",
        "were",
        "was",
        "are",
        "is",
        "been",
        "be",
        "for",
        "at",
        "on",
        "by",
        "per",
        "as",
        "than",
        "into",
        "out",
        "were",
        "will",
        "would",
        "can",
        "could",
    ]
)

#: what a number is not a quantity of: time spans and repetitions ("3年", "one year",
#: "200 times")
ZH_TIME_WORDS = r"年|个月|月|日|天|周|星期|小时|分钟|秒|季度|届|期|号|次"
#: (the English ones)
EN_TIME_WORDS = (
    r"years?|months?|days?|weeks?|hours?|minutes?|seconds?|times|decades?|centur(?:y|ies)|"
    r"sessions?|batch(?:es)?|rounds?"
)

#: English month names and their abbreviations, for dates ("june 2020", "May 30, 2019")
MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# --- indicators ----------------------------------------------------------------------------

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

#: words saying that what follows is a plan or a target, not something delivered: a figure
#: after one of these in its clause is no fact, nor are the figures of the clauses that go on
#: from it ("计划购买……不低于2.5亿元，帮助销售不低于4亿元"); a plan completed is delivered
ZH_TARGETS = (
    r"(?<!完成)(?<!按)(?<!照)(?<!超)计划(?!内|外|生育)|力争|目标(?:是|为|：|:)|预计|预期|拟"
)
EN_TARGETS = (
    r"expect(?:s|ed)? to|plans? to|planned to|planning to|aims? to|aimed to|intends? to|will|"
    r"targets?|is to|are to|going to"
)

#: a clause opening with one of these states a part of the figure before it ("其中",
#: "including", "58 of whom"): a bare count in it counts what the whole counts, and it is of
#: the same kind (the cadres among cadres sent)
PARTS = (
    r"^\s*[(（]?\s*(?:including|among them|among whom|of whom|of them|其中|包括|含)"
    r"|^\s*[\d,.]+\s+of (?:them|whom)\b"
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

#: words saying that a figure is not something done for the poor (attendance of a meeting,
#: incomes and standards): such a figure is dropped unless an indicator names it
#: (and descriptions of a place or a group rather than what was done for it: its population,
#: its output, the households still poor, a cooperative's members, what a household earns)
ZH_NOT_DELIVERED = (
    r"出席|列席|参加|参会|与会|收入|增收|标准|人均|户均|工资|年薪|"
    r"全(?:村|乡|镇|县|市|区)(?:共)?有|总人口|户籍人口|常住人口|还有|尚有|仍有|产量|产值"
)
EN_NOT_DELIVERED = (
    r"attend(?:ed|ing|ance)?|participants?|income|standard|salar(?:y|ies)|wages?|per capita|"
    r"per (?:household|person|head|family)|earn(?:ed|s|ing)?|earnings|revenue|output|yields?|"
    r"population|(?:cooperative|association|group|team) of|consisting of|made up of"
)

#: verbs of delivering a thing: a count of things without a ledger unit ("1,200 seedlings",
#: "建成扶贫车间2个") is kept as a figure only when one of these says it was delivered
ZH_DELIVERED = r"建成|建立|新建|援建|建设|建起|共建|发放|购买|采购|捐赠|捐建|修建|资助|设立"
EN_DELIVERED = (
    r"purchased|bought|distributed|established|built|set up|donated|constructed|renovated|"
    r"handed out"
)

# --- pairings and cadres -------------------------------------------------------------------

#: pairing words: a count of villages or counties with one of these nearest is a pairing
ZH_PAIRING = (
    r"结对(?:帮扶)?",
    r"定点(?:帮扶|扶贫)",
    r"对口(?:支援|帮扶|协作)",
    r"(?:帮扶|扶贫|支援|援助|结对)的",
    r"帮扶",
    r"签订",
    r"一对一",
)
EN_PAIRING = (
    r"assistance relationships?",
    r"paired(?: up)?(?: with)?",
    r"pairing",
    r"partner(?:ed)? assistance",
    r"counterpart (?:assistance|support)",
    r"fixed-point (?:assistance|poverty alleviation)",
    r"twinn(?:ed|ing)",
    r"assist(?:s|ed|ing)?",
    r"assistance",
    r"support(?:s|ed|ing)?",
)

#: results: a count of villages, counties or people with one of these nearest is a result
#: (a ledger figure without an indicator), not a pairing
ZH_RESULTS = (r"脱贫摘帽", r"摘帽", r"脱贫出列", r"出列", r"脱贫", r"退出")
EN_RESULTS = (r"out of poverty", r"lifted", r"shook off poverty", r"exited", r"removed")

#: cadres: a count of people is a count of cadres when a dispatching verb and a cadre word
#: are both in its clause
ZH_CADRE_VERBS = r"选派|派驻|派出|下派|挂职|驻村|选调|派遣|委派"
#: (the verb may stand earlier in the sentence part: "驻村期间，王建国和工作队两名队员…";
#: teachers, doctors and experts sent to the places assisted are counted as cadres too)
ZH_CADRE_NOUNS = r"干部|第一书记|书记|工作队员|队员|挂职|教师|医生|专家|技术人才"
EN_CADRE_VERBS = (
    r"dispatch(?:ed|es|ing)?|sent|send(?:s|ing)?|assign(?:ed|s|ing)?|second(?:ed|ing)|"
    r"secondment|posted|station(?:ed)?|resident"
)
EN_CADRE_NOUNS = (
    r"cadres?|officials?|first secretar(?:y|ies)|secretar(?:y|ies)|comrades|teachers|doctors|"
    r"experts"
)

# --- organisations and places ----------------------------------------------------------------

#: organisations as written: a name before a company word, or "中国" + a short name
ZH_ORGANISATIONS = (
    r"(?:[^\W\d_a-zA-Z的了和与在是对向将为把从由被等及各其该本年月日]|[（）()]){2,14}?"
    r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|股份|公司|"
    r"扶贫办|领导小组|委员会)",
    r"中国(?!共产|特色|人民|政府|国际|梦|式|农业|农村|经济|社会|历史)[\u4e00-\u9fff]{2}",
)
_EN_NAME = r"(?!(?:the|of|in|to|for|with|by|on|an|and|has|have|is|was|its|their)\b)[a-z][a-z&-]+"
EN_ORGANISATIONS = (
    rf"\b(?:the )?{_EN_NAME} (?:(?:and |& )?{_EN_NAME} ){{0,3}}(?:\(group\) )?"
    r"(?:co\., ?ltd\.?|company|corporation|group)\b",
    r"\bchina [a-z]+",
)

#: place words: a name before a division word
ZH_PLACE_SUFFIXES = r"省|自治区|市|州|盟|县|区|旗|乡|镇|村"
#: generic words before a division word that are not a name ("贫困县", "全县")
ZH_PLACE_GENERIC = (
    r"贫困|深度贫困|扶贫|帮扶|定点|对口|各|全|本|该|每|这|那|重点|低收入|行政|所在|城|社|省市|"
    r"市县|县乡|乡镇|区县"
)
EN_PLACE_SUFFIXES = r"county|district|village|township|town|province|prefecture|city"
#: words before a division word that are not a name ("poor villages", "the county")
EN_PLACE_GENERIC: frozenset[str] = frozenset(
    [
        "the",
        "a",
        "an",
        "each",
        "every",
        "poor",
        "low-income",
        "resident",
        "assistance",
        "partner",
        "this",
        "that",
        "these",
        "those",
        "pilot",
        "key",
        "one",
        "whole",
        "which",
        "its",
        "their",
        "our",
        "his",
        "her",
        "of",
        "in",
        "and",
        "to",
        "poverty-stricken",
        "severely",
        "surrounding",
        "aided",
        "local",
        "various",
        "all",
        "for",
        "at",
        "from",
        "with",
        "by",
        "as",
        "on",
        "work",
    ]
)
#: words ending in a division word that are not places ("贫困地区", "社区", "乡镇", "农村")
ZH_NOT_PLACES = (
    r"(?:地|园|城|景|山|牧|矿|辖|片|小|社|专|分|全|灾|市|郊|老|边|校|厂|营|选|政|军|禁)区$|"
    r"(?:城|都|超|上|门|股|集|夜|菜|坊)市$|(?:城|下|老|家|本|外|故)乡$|(?:城|乡|集|小|村)镇$|"
    r"(?:农|乡|新|山|渔|牧|全|本|该|各|每|一)村$|(?:本|该|各|每|全|州|市|郡|区)县$|"
    r"(?:本|该|各|全|一|外|大|人口)省$"
)

#: abbreviations whose full stop does not end a sentence ("co., ltd. of beijing")
EN_ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "co",
        "ltd",
        "no",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "inc",
        "corp",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "jr",
        "u.s",
        "dept",
        "gov",
        "govt",
        "prof",
        "approx",
    ]
)
