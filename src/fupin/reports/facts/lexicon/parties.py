"""Organisations and places as texts write them: name patterns, division words and the
words before a division word that are no name."""

from __future__ import annotations

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
