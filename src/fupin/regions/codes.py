"""Division codes: normalising what users type, levels, parents and common short names."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from fupin.core.errors import InvalidInput
from fupin.regions.enums import LEVEL_BY_DIGITS, Level

DATA_DIR = Path(__file__).resolve().parent / "data"


LENGTHS = (2, 4, 6, 9, 12)


def clean_code(text: object) -> str:
    """Digits of a code as typed (full-width digits and spaces folded) or read from a
    spreadsheet; InvalidInput if not a code."""
    raw = "".join(unicodedata.normalize("NFKC", str(text)).split()) if text is not None else ""
    if raw.endswith(".0") and raw[:-2].isdigit():  # spreadsheets turn codes into numbers
        raw = raw[:-2]
    if not (raw.isascii() and raw.isdigit()) or len(raw) not in LENGTHS:
        raise InvalidInput(f"'{raw}' is not a division code (2, 4, 6, 9 or 12 digits)")
    return raw


def code_candidates(text: object) -> list[str]:
    """The natural-length codes a typed code may mean, most specific first.

    Regions are keyed by their natural-length NBS code (53, 5308, 530825, 530825100,
    530825100201). Offices also write GB/T 2260 six-digit forms (530000, 530800) and
    zero-padded twelve-digit forms (530825000000); those map to the shorter codes.
    """
    raw = clean_code(text)
    out = [raw]
    for index in range(len(LENGTHS) - 1, -1, -1):
        length = LENGTHS[index]
        if length >= len(raw) or raw[length:].strip("0"):
            continue
        last_segment = raw[LENGTHS[index - 1] : length] if index else raw[:length]
        if last_segment.strip("0"):  # 5300 is no prefecture: its own digits are zeros
            out.append(raw[:length])
    return out


def level_of(code: str) -> Level:
    return LEVEL_BY_DIGITS[len(code)]


def parent_code(code: str) -> str | None:
    index = LENGTHS.index(len(code))
    return code[: LENGTHS[index - 1]] if index else None


def display_code(code: str) -> str:
    """The code as offices write it: GB/T 2260 six digits for provinces and prefectures
    (530000, 530800), the natural code below."""
    return code.ljust(6, "0") if len(code) < 6 else code


def padded(code: str) -> str:
    """The twelve-digit zero-padded form used in the facts relation and result files."""
    return code.ljust(12, "0")


@cache
def _ethnic_groups() -> tuple[str, ...]:
    names = [n.strip() for n in (DATA_DIR / "ethnic-groups.txt").read_text("utf-8").split()]
    stems = {n[:-1] for n in names if n.endswith("族") and len(n) > 2}
    # longest first, so 哈尼族 is tried before 尼族-like fragments
    return tuple(sorted({*names, *stems}, key=len, reverse=True))


def _strip_ethnic(stem: str) -> str:
    changed = True
    while changed and stem:
        changed = False
        for name in _ethnic_groups():
            if stem.endswith(name) and len(stem) > len(name):
                stem = stem[: -len(name)]
                changed = True
                break
    return stem


_SHORTENED_ENDINGS = ("自治区", "自治县", "自治旗", "自治州", "委员会", "委会")
_PROVINCE_SHORT = {
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
}


def short_name(name: str, level: str) -> str:
    """The common name used in reports: 镇沅彝族哈尼族拉祜族自治县 → 镇沅县,
    黑峪口村委会 → 黑峪口村, 广西壮族自治区 → 广西."""
    if not name.endswith(_SHORTENED_ENDINGS):
        return name
    if level == "province":
        return _PROVINCE_SHORT.get(name, name)
    for suffix, replacement in (("自治县", "县"), ("自治旗", "旗"), ("自治州", "州")):
        if name.endswith(suffix):
            stem = _strip_ethnic(name[: -len(suffix)])
            return stem + replacement if stem else name
    for suffix, replacement in (
        ("村民委员会", "村"),
        ("村委会", "村"),
        ("社区居民委员会", "社区"),
        ("社区居委会", "社区"),
    ):
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]  # 西关村村民委员会: the village is 西关村 already
            return stem if stem.endswith(replacement) else stem + replacement
    return name
