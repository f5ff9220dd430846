"""The kind of a figure other than a ledger figure: a pairing (a count of villages or
counties with a pairing word nearest) or a count of cadres sent (a cadre word and a
dispatching verb); results that make a count no pairing; parts of a whole."""

from __future__ import annotations

#: a clause opening with one of these states a part of the figure before it ("其中",
#: "including", "58 of whom"): a bare count in it counts what the whole counts, and it is of
#: the same kind (the cadres among cadres sent)
PARTS = (
    r"^\s*[(（]?\s*(?:including|among them|among whom|of whom|of them|其中|包括|含)"
    r"|^\s*[\d,.]+\s+of (?:them|whom)\b"
)

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
