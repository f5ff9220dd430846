"""Quantities written in Chinese or English texts, normalised to base units.

"3300万元" and "33 million yuan" are both 33000000.00 yuan; "416人" and "416 local people" are
416 person; "10-15万元" is the range 100000–150000 yuan; "2000余人", "more than 2,000 people"
are 2000 person, more than. Years, dates, durations, ordinals, telephone numbers and codes
are not quantities; percentages are, with the unit "percent", so that a reader can skip them.
The words are in the lexicon package."""

from __future__ import annotations

import bisect
import re
from decimal import Decimal

from fupin.reports.facts import lexicon as lx
from fupin.reports.facts.types import Quantity

CENT = Decimal("0.01")
#: the largest power of ten read as a quantity
_LARGEST = 20

# full-width digits, letters and signs as their ASCII forms, one character for one, so that
# offsets into the normalised text are offsets into the text
_WIDE = {chr(0xFF10 + i): str(i) for i in range(10)}
_WIDE.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_WIDE.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
_WIDE.update({"％": "%", "～": "~", "－": "-", "．": "."})
_TRANSLATE = str.maketrans(_WIDE)


def text_normal(text: str) -> str:
    """The text with full-width digits and signs as ASCII (same length, same offsets)."""
    return text.translate(_TRANSLATE)


_ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千万亿]+"
_WORDS = sorted(lx.EN_NUMBER_WORDS, key=len, reverse=True)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_EN_NUMBER = rf"(?:{_TENS})-(?:{_ONES})|{'|'.join(_WORDS)}"

_START = re.compile(
    rf"(?P<pct>百分之(?:{_ARABIC}|{_CN}))"
    rf"|(?<![A-Za-z0-9_.])(?P<arabic>{_ARABIC})"
    rf"|(?<![第])(?P<cn>{_CN})"
    rf"|(?<![A-Za-z-])(?P<word>{_EN_NUMBER})(?![A-Za-z-])",
    re.IGNORECASE,
)
_ZH_MULTIPLIER = re.compile(r"\s?([十百千万亿]+)")
_EN_MULTIPLIER = re.compile(
    r"\s+(" + "|".join(sorted(lx.EN_MULTIPLIERS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
_RANGE = re.compile(rf"(?:{lx.RANGE_SEPARATORS})(?P<n>{_ARABIC})", re.IGNORECASE)
_RANGE_CN = re.compile(rf"(?:至|到|-|~)(?P<n>{_CN})")
# "between 50 and 60 million": a range when "between" comes before the first number
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_RANGE_AND = re.compile(rf"\s+and\s+(?P<n>{_ARABIC})", re.IGNORECASE)
# "6,800余万元", "3千多万": a qualifier between the number and its place value
_QUALIFIED_PLACE = re.compile(r"(?:余|多)(?=[十百千万亿])")
_BARE_BEFORE = [(re.compile(rf"(?:{p})$"), q) for p, q in lx.ZH_BARE_PLACE_BEFORE]
_AFTER = [(re.compile(rf"(?:{p})", re.IGNORECASE), q) for p, q in lx.QUALIFIERS_AFTER]
_BEFORE = [(re.compile(rf"(?:{p})\s*$", re.IGNORECASE), q) for p, q in lx.QUALIFIERS_BEFORE]
_ZH_UNITS = [(re.compile(rf"\s?(?:{p})"), u, Decimal(str(f))) for p, u, f in lx.ZH_UNITS]
_EN_UNITS = [
    (re.compile(rf"\s*(?:{p})\b", re.IGNORECASE), u, Decimal(str(f)))
    for p, u, f in lx.EN_IMMEDIATE_UNITS
]
_PERCENT = re.compile(r"\s?(?:%|‰|percent\b|per cent\b)", re.IGNORECASE)
_ZH_TIME = re.compile(rf"\s?(?:{lx.ZH_TIME_WORDS})")
_EN_TIME = re.compile(rf"[\s-]+(?:{lx.EN_TIME_WORDS})\b", re.IGNORECASE)
_CURRENCY_BEFORE = re.compile(lx.EN_CURRENCY_BEFORE, re.IGNORECASE)
_PEOPLE_BEFORE = re.compile(lx.EN_PEOPLE_BEFORE, re.IGNORECASE)
_NOUNS_BEFORE = [(re.compile(p), u) for p, u in lx.ZH_NOUNS_BEFORE]
_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z'’-]*)")
_YEAR_BEFORE = re.compile(
    r"\b(?:the|in|of|since|by|for|during|from|until|before|after)\s+$", re.IGNORECASE
)
_GLUED = re.compile(r"[A-Za-z_]|\.[A-Za-z]")

_MONTHS = "|".join(sorted(lx.MONTHS, key=len, reverse=True))
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATES = re.compile(
    "|".join(
        (
            r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}",
            r"\d{1,2}:\d{2}(?::\d{2})?",
            r"(?:\d{4}|[〇零一二三四五六七八九]{4})\s?年度?(?:\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?[日号])?)?",
            r"\d{1,2}\s?月(?:\s?\d{1,2}\s?[日号])?",
            r"[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}[日号])?",
            rf"\b(?:{_MONTHS})\.?\s+{_DAY}(?:\s*(?:-|–|to|through|and)\s*{_DAY})?"
            r"(?:,?\s+\d{4})?\b",
            rf"\b{_DAY}\s+(?:of\s+)?(?:{_MONTHS})\b(?:,?\s+\d{{4}})?",
            rf"\b(?:{_MONTHS})\.?,?\s+\d{{4}}\b",
            r"\b\d+(?:st|nd|rd|th)\b",
        )
    ),
    re.IGNORECASE,
)


def quantity_parse(text: str) -> Quantity | None:
    """The first quantity written in `text` ("3300万元", "more than 2,000 people"), or None."""
    found = quantities_find(text)
    return found[0][2] if found else None


def quantities_find(text: str) -> list[tuple[int, int, Quantity]]:
    """Every quantity in `text`, with its start and end offsets (qualifier and unit included)."""
    normal = text_normal(text)
    masked = [m.span() for m in _DATES.finditer(normal)]
    starts = [start for start, _ in masked]
    found: list[tuple[int, int, Quantity]] = []
    pos = 0
    while True:
        match = _START.search(normal, pos)
        if match is None:
            return found
        k = bisect.bisect_right(starts, match.start()) - 1
        if k >= 0 and match.start() < masked[k][1]:
            pos = masked[k][1]
            continue
        parsed = _parse_at(normal, match)
        if parsed is None:
            pos = match.end()
            continue
        start, end, value, high, unit, qualifier = parsed
        if max(value, high or value).adjusted() > _LARGEST:
            pos = end  # no report states 10²⁰ of anything: a run of digits
            continue
        quantity = Quantity(
            value=_rounded(value, unit),
            unit=unit,
            text=text[start:end],
            high=None if high is None else _rounded(high, unit),
            qualifier=qualifier,
        )
        found.append((start, end, quantity))
        pos = end


def _parse_at(
    text: str, match: re.Match[str]
) -> tuple[int, int, Decimal, Decimal | None, str, str] | None:
    """The quantity starting at a number: (start, end, value, high, unit, qualifier)."""
    if match.group("pct"):
        number = match.group("pct")[3:]
        value = Decimal(number) if number[0].isdigit() else Decimal(cn_number(number) or 0)
        return match.start(), match.end(), value, None, "percent", ""
    kind = "arabic" if match.group("arabic") else "cn" if match.group("cn") else "word"
    written = match.group()
    bare_qualifier, bare_qualifier_word = "", ""
    if kind == "cn" and not _cn_plausible(written):
        bare_qualifier, bare_qualifier_word = _bare_place(text, match.start(), written)
        if not bare_qualifier:
            return None
    if (
        kind == "arabic"
        and _looks_like_year(written)
        and _YEAR_BEFORE.search(text, max(0, match.start() - 12), match.start())
    ):
        return None  # "the 2019 projects", "in 2019 people"
    value = _number(written, kind)
    if value is None:
        return None
    i = match.end()
    if kind == "arabic" and _GLUED.match(text, i):
        return None  # part of a code or an address: "300.cn", "W0201", "No.5"
    multiplier, i = _multiplier(text, i, kind)
    qualifier = bare_qualifier
    if kind != "word" and _QUALIFIED_PLACE.match(text, i):
        place = _ZH_MULTIPLIER.match(text, i + 1)
        if place:
            multiplier = (multiplier or 1) * _place_value(place.group(1))
            qualifier, i = "more_than", place.end()
    high: Decimal | None = None
    ranged = (_RANGE if kind != "cn" else _RANGE_CN).match(text, i)
    between = _BETWEEN.search(text[max(0, match.start() - 12) : match.start()])
    if ranged is None and kind != "cn" and between:
        ranged = _RANGE_AND.match(text, i)
    if ranged and not (kind == "arabic" and _looks_like_code(written)):
        second = _number(ranged.group("n"), "arabic" if kind != "cn" else "cn")
        second_multiplier, after = _multiplier(text, ranged.end(), kind)
        if second is not None and not _GLUED.match(text, ranged.end()):
            first_multiplier = multiplier or second_multiplier or 1
            low_value = value * first_multiplier
            high_value = second * (second_multiplier or multiplier or 1)
            if low_value < high_value:
                value, high, multiplier, i = low_value, high_value, None, after
    for pattern, meaning in _AFTER:
        if qualifier:
            break
        found = pattern.match(text, i)
        if found and (kind != "cn" or not found.group().startswith(("+", " "))):
            qualifier, i = meaning, found.end()
            break
    unit, factor, i, time_like = _unit(text, i, kind, written, multiplier)
    if time_like:
        return None
    if unit is None:
        return None
    if not qualifier:
        for pattern, meaning in _AFTER[:3]:
            found = pattern.match(text, i)
            if found:
                qualifier, i = meaning, found.end()
                break
    start = match.start()
    if bare_qualifier:
        start -= len(bare_qualifier_word)
    elif high is not None and between:
        start -= len(between.group())
    before = text[max(0, start - 24) : start]
    for pattern, meaning in _BEFORE:
        found = pattern.search(before)
        if found and _word_boundary_before(before, found.start()):
            qualifier = qualifier or meaning
            start -= len(before) - found.start()
            break
    if unit == "" and _CURRENCY_BEFORE.search(text[max(0, start - 6) : start]):
        unit = "yuan"
    if (
        unit == ""
        and _PEOPLE_BEFORE.search(text[max(0, start - 16) : start])
        and not _noun_follows(text, i)
    ):
        unit = "person"  # "of whom 210 are poor", not "among them 5 cold-storage facilities"
    if unit in ("", "item") and kind != "word":
        for pattern, noun_unit in _NOUNS_BEFORE:
            if pattern.search(text[max(0, start - 4) : start]):
                unit = noun_unit
                break
    scale = (multiplier or 1) * factor
    value = value * scale
    if high is not None:
        high = high * factor
        qualifier = "range"
    if (
        unit == ""
        and multiplier is None
        and kind == "arabic"
        and (_looks_like_year(written) or _looks_like_code(written))
    ):
        return None  # "in 2019", "2007~2010", "010-64411649"
    if kind == "word" and unit == "":
        return None
    return start, i, value, high, unit, qualifier


def _bare_place(text: str, at: int, written: str) -> tuple[str, str]:
    """The qualifier of a place value written alone after "逾", "上", "近" … ("逾千人") and
    the word that says it, or ("", "") when it is no figure ("千家万户", "成千上万")."""
    if written not in lx.ZH_BARE_PLACES:
        return "", ""
    before = text[max(0, at - 3) : at]
    for pattern, meaning in _BARE_BEFORE:
        found = pattern.search(before)
        if found:
            if found.group() == "上" and before[: found.start()].endswith(("千", "百", "万")):
                return "", ""  # "成千上万" is no figure
            return meaning, found.group()
    return "", ""


def _noun_follows(text: str, i: int) -> bool:
    """Whether a word other than a phrase stop ("are", "from", "of") follows offset i."""
    word = _WORD.match(text, i)
    return word is not None and word.group(1).lower() not in lx.EN_PHRASE_STOPS


def _place_value(written: str) -> int:
    factor = 1
    for ch in written:
        factor *= {**lx.CN_SMALL_UNITS, **lx.CN_BIG_UNITS}[ch]
    return factor


def _multiplier(text: str, i: int, kind: str) -> tuple[int | None, int]:
    """A multiplier right after a number ("万", "million") and the offset after it."""
    if kind == "arabic":
        zh = _ZH_MULTIPLIER.match(text, i)
        if zh:
            return _place_value(zh.group(1)), zh.end()
    if kind != "cn":
        en = _EN_MULTIPLIER.match(text, i)
        if en:
            return lx.EN_MULTIPLIERS[en.group(1).lower()], en.end()
    return None, i


def _unit(
    text: str, i: int, kind: str, written: str, multiplier: int | None
) -> tuple[str | None, Decimal, int, bool]:
    """(unit, factor, offset after it, whether the number is a time span or a repetition);
    unit None when the number is not a quantity at all."""
    percent = _PERCENT.match(text, i)
    if percent:
        return "percent", Decimal(1), percent.end(), False
    if _ZH_TIME.match(text, i):
        return None, Decimal(1), i, True
    for pattern, unit, factor in _ZH_UNITS:
        found = pattern.match(text, i)
        if found:
            if (
                kind != "arabic"
                and unit == "yuan"
                and multiplier is None
                and not re.search(r"[十百千万亿]", written)
            ):
                return None, Decimal(1), i, False  # "一基五元" is a name, not money
            if _ZH_TIME.match(text, found.end()) and unit in ("", "item"):
                return None, Decimal(1), i, True  # "3个月"
            return unit, factor, found.end(), False
    if kind == "cn":
        return None, Decimal(1), i, False
    if _EN_TIME.match(text, i):
        return None, Decimal(1), i, True
    for pattern, unit, factor in _EN_UNITS:
        found = pattern.match(text, i)
        if found:
            return unit, factor, found.end(), False
    unit, end = _head_noun(text, i, kind == "arabic" and _looks_like_year(written))
    return unit, Decimal(1), end, False


def _head_noun(text: str, i: int, year_like: bool = False) -> tuple[str, int]:
    """The unit of an English count from the noun after it: "416 local people" → person,
    "12 resident village cadres" → person (a singular noun before a plural one is a
    modifier), "1,850 township and village cadres" → person (modifiers joined by "and"),
    "1,200 dutch peony seedlings" → "" (no ledger unit)."""
    words: list[re.Match[str]] = []
    pos = i
    while len(words) < 7:
        word = _WORD.match(text, pos)
        if word is None:
            break
        words.append(word)
        pos = word.end()
    limit = 4
    for k, word in enumerate(words):
        if k >= limit:
            break
        w = word.group(1).lower()
        if w in lx.EN_NUMBER_WORDS or w in lx.EN_MULTIPLIERS:
            break  # "the 2018 five officials": the first number is not counting them
        if w in lx.EN_PHRASE_STOPS:
            following = words[k + 1].group(1).lower() if k + 1 < len(words) else ""
            if k == 0 and w == "of" and following in ("whom", "them"):
                return "person", words[k + 1].end()  # "15 of whom are poor people"
            if (
                w in ("and", "or")
                and k > 0
                and following
                and following not in lx.EN_PHRASE_STOPS
                and words[k + 1].start() == word.end()
            ):
                limit = k + 4  # "township and village cadres": two modifiers of one noun
                continue
            break
        unit = lx.EN_UNIT_NOUNS.get(w)
        if unit is None:
            continue
        following = words[k + 1].group(1).lower() if k + 1 < len(words) else ""
        if w in lx.EN_NOT_PEOPLE_BEFORE_OF and following == "of":
            return "", i  # "200 heads of cattle"
        singular = not w.endswith("s") and w not in ("people", "staff", "children", "men")
        if singular and following.endswith("s") and following not in lx.EN_PHRASE_STOPS:
            continue  # "village cadres", "household heads"
        if k > 0 and year_like:
            return "", i  # "2019 poverty alleviation projects" is a year's projects
        return unit, word.end()
    return "", i


def _word_boundary_before(before: str, at: int) -> bool:
    """A qualifier written in letters must start a word ("over 400", not "cover 400")."""
    if at == 0 or not before[at].isascii():
        return True
    return not before[at - 1].isalpha()


def _number(written: str, kind: str) -> Decimal | None:
    if kind == "arabic":
        return Decimal(written.replace(",", ""))
    if kind == "cn":
        number = cn_number(written)
        return None if number is None else Decimal(number)
    lower = written.lower()
    if "-" in lower:
        tens, ones = lower.split("-")
        return Decimal(lx.EN_NUMBER_WORDS[tens] + _ONE_TO_NINE[ones])
    return Decimal(lx.EN_NUMBER_WORDS[lower])


_ONE_TO_NINE = {w: i for i, w in enumerate(_ONES.split("|"), start=1)}


def cn_number(written: str) -> int | None:
    """The value of a Chinese numeral: "十二" 12, "两" 2, "三百五十" 350, "1万" is not one
    (digits and 万 are read by the caller), "二〇一九" 2019; None when it is not a numeral."""
    if not written:
        return None
    if all(ch in lx.CN_DIGITS for ch in written):
        return int("".join(str(lx.CN_DIGITS[ch]) for ch in written))
    for big in ("亿", "万"):
        if big in written:
            high, low = written.split(big, 1)
            high_value = cn_number(high) if high else 1
            low_value = cn_number(low) if low else 0
            if high_value is None or low_value is None:
                return None
            return high_value * lx.CN_BIG_UNITS[big] + low_value
    total, digit = 0, None
    for ch in written:
        if ch in lx.CN_DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row inside a numeral with 十百千
            digit = lx.CN_DIGITS[ch]
        elif ch in lx.CN_SMALL_UNITS:
            total += (1 if digit is None else digit) * lx.CN_SMALL_UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0)


def _cn_plausible(written: str) -> bool:
    """A Chinese numeral read as a figure: it holds a digit (not "万人", "千家万户") and is not
    the bare "一" of "一是", "一个重要" …"""
    if not re.search(r"[零〇一二两三四五六七八九十]", written):
        return False
    return written not in ("一", "万一")


def _looks_like_year(written: str) -> bool:
    return written.isdigit() and len(written) == 4 and 1900 <= int(written) <= 2100


def _looks_like_code(written: str) -> bool:
    """A telephone number, postcode or identifier rather than a count: seven digits or more
    without separators, or a leading zero."""
    digits = written.replace(",", "")
    if "." in digits or "," in written:
        return False
    return len(digits) >= 7 or (len(digits) > 1 and digits.startswith("0"))


def _rounded(value: Decimal, unit: str) -> Decimal:
    """Yuan with two places; a whole count without decimals; anything else as it is."""
    if unit == "yuan":
        return value.quantize(CENT)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
