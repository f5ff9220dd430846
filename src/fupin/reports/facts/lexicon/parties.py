"""Organisations and places as texts write them: name patterns, division words and the
words before a division word that are no name."""

from __future__ import annotations

#: the words a Chinese organisation's name ends with, longest first (宝武集团有限公司 is one
#: name, not 宝武集团 and 有限公司)
ZH_ORGANISATION_SUFFIXES = (
    r"集团股份有限公司|集团有限责任公司|集团有限公司|股份有限公司|有限责任公司|有限公司|"
    r"集团公司|总公司|集团|股份|公司|研究院|研究所|设计院|大学|学院|银行|医院|基金会|协会|"
    r"商会|扶贫办|领导小组|委员会"
)
#: organisations as written: a name before one of those words, or "中国" + a short name
ZH_ORGANISATIONS = (
    r"(?:[^\W\d_a-zA-Z的了和与在是对向将为把从由被等及各其该本年月日]|[（）()]){2,14}?"
    rf"(?:{ZH_ORGANISATION_SUFFIXES})",
    r"中国(?!共产|特色|人民|政府|国际|梦|式|农业|农村|经济|社会|历史)[\u4e00-\u9fff]{2}",
)
#: words that end what stands before an organisation's name in a run of characters: the
#: name begins after the last of them ("中国五矿所属中国五冶集团" names 中国五冶集团,
#: "长阳县依托公司" no organisation)
ZH_NAME_STOPS = (
    r"所属|下属|旗下|属下|依托|联系|通过|组织|协调|联合|携手|会同|牵头|带动|帮助|支持|推动|"
    r"引导|动员|积极|认真|指导|委托|邀请|成立|组建|创办|引进|以及|还有|其中|包括|全年|今年|"
    r"去年|当年|同时|督促|推进|落实|坚持"
)
#: what stands before a company word without being a name ("该公司", "子公司")
ZH_NAME_GENERIC = r"该|本|各|全|每|这|那|此|其|子|分|母|多家|一家|两家|某些|相关|有关|各类|企业"
#: the legal endings a report leaves out when it names an organisation again: 中国华能集团
#: 有限公司 is then 中国华能集团 or 中国华能
ZH_LEGAL_ENDINGS: tuple[str, ...] = (
    "集团股份有限公司",
    "集团有限责任公司",
    "集团有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "总公司",
    "集团",
    "股份",
    "公司",
)
#: words before an organisation that make it the one given to or worked with, not the one
#: that gave: the other organisation of the sentence is the figure's ("首钢集团向北京大学
#: 捐赠…", "宝武集团联合云南大学投入…"); "和"/"and" join equals and are not among them
ZH_NOT_ACTOR_BEFORE = r"(?:向|给|为|对|帮助|支持|联合|会同|携手)$"
_EN_NAME = r"(?!(?:the|of|in|to|for|with|by|on|an|and|has|have|is|was|its|their)\b)[a-z][a-z&-]+"
EN_ORGANISATIONS = (
    rf"\b(?:the )?{_EN_NAME} (?:(?:and |& )?{_EN_NAME} ){{0,3}}(?:\(group\) )?"
    r"(?:co\., ?ltd\.?|co\., ?limited|company|corporation|group|bank|university)\b",
    r"\bchina [a-z]+",
)
#: (English names of organisations given to or worked with)
EN_NOT_ACTOR_BEFORE = r"(?:\bto|\bwith|\bfor|\bhelp(?:ed|ing|s)?)\s+(?:the\s+)?$"

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
