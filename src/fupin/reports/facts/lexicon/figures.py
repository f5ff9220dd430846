"""How figures and dates are written: numerals and multipliers, qualifiers, units, the
words of time spans, month names, and the abbreviations whose full stop ends no sentence."""

from __future__ import annotations

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
