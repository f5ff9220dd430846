"""Which unit and which region a fact's organisation and place are, as written in Chinese or
English. Units: by name, by a short form (首钢 for 首钢集团有限公司, 宝武 for
中国宝武钢铁集团有限公司), by the English names of `ENGLISH_NAMES`, else by the pinyin of a
short form ("shougang"). Regions: by name or short name (阳原县, 黑峪口村), a place written
with the levels above it (河北省阳原县, 香营乡黑峪口村) narrowed by them; in English by the
pinyin of the name without its level suffix and the level word ("yangyuan county",
"heiyukou village, xiangying township, yanqing district").

A `Resolver` serves one text: it loads the units once, and the English place index only when
an English place is asked for: every county and region above it (a few thousand names), and
the townships and villages under the regions the text's unit is paired with or that a place
names as its county. Two regions of the same name (two 新村) are not guessed between: the
place stays unresolved and its candidates are listed."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from pypinyin import lazy_pinyin

from fupin.assistance.models import Pairing, Unit
from fupin.regions.enums import Level
from fupin.regions.models import Region

#: English names of the units of the demo seeds (how their own English reports name them) →
#: the Chinese names tried in order. Chinalco (中国铝业集团) is China Copper's parent; a
#: database that holds only China Copper takes it as the group's name there.
ENGLISH_NAMES: dict[str, tuple[str, ...]] = {
    "shougang group": ("首钢集团有限公司",),
    "shougang": ("首钢集团有限公司",),
    "shougang technician college": ("首钢技师学院",),
    "shougang mining investment": ("北京首钢矿业投资有限责任公司",),
    "xintong shoucheng mining": ("承德新通首承矿业有限责任公司",),
    "shougang park": ("北京首钢园区综合服务有限公司",),
    "park management department": ("北京首钢园区综合服务有限公司",),
    "china baowu": ("中国宝武钢铁集团有限公司",),
    "china baowu steel group": ("中国宝武钢铁集团有限公司",),
    "baowu": ("中国宝武钢铁集团有限公司",),
    "baosteel": ("宝山钢铁股份有限公司",),
    "wisco": ("武汉钢铁有限公司",),
    "wuhan iron and steel": ("武汉钢铁有限公司",),
    "china minmetals": ("中国五矿集团有限公司",),
    "minmetals": ("中国五矿集团有限公司",),
    "minmetals development": ("五矿发展股份有限公司",),
    "minmetals nonferrous metals": ("五矿有色金属股份有限公司",),
    "mcc": ("中国冶金科工集团有限公司",),
    "china metallurgical group": ("中国冶金科工集团有限公司",),
    "china mcc5": ("中国五冶集团有限公司",),
    "china copper": ("中国铜业有限公司",),
    "yunnan copper": ("云南铜业（集团）有限公司",),
    "chinalco": ("中国铝业集团有限公司", "中国铜业有限公司"),
    "china aluminum group": ("中国铝业集团有限公司", "中国铜业有限公司"),
}

# what a unit's name ends with that reports leave out, longest first
_LEGAL_ENDINGS = ("股份有限公司", "有限责任公司", "有限公司", "集团", "股份", "公司", "总公司")
# trade words a short form drops (中国宝武钢铁 → 宝武); never down to the word alone
_TRADE_WORDS = ("钢铁", "铜业", "矿业", "冶金科工", "有色金属")
_ENGLISH_GENERIC = frozenset(
    ("the", "a", "of", "and", "group", "co", "ltd", "company", "limited", "corporation", "corp")
)
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+")


def is_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


# units ---------------------------------------------------------------------------------


def unit_short_forms(name: str) -> list[str]:
    """The name and its shorter forms, longest first: 中国宝武钢铁集团有限公司 →
    中国宝武钢铁集团, 中国宝武钢铁, 中国宝武, 宝武钢铁, 宝武."""
    name = name.replace("（", "(").replace("）", ")")
    forms = [name]
    plain = re.sub(r"\([^)]*\)", "", name)  # 云南铜业（集团）有限公司 → 云南铜业有限公司
    stem = plain
    changed = True
    while changed:
        changed = False
        for ending in _LEGAL_ENDINGS:
            if stem.endswith(ending) and len(stem) - len(ending) >= 2:
                stem = stem[: -len(ending)]
                forms.append(stem)
                changed = True
                break
    stems = [stem]
    for word in _TRADE_WORDS:
        if word in stem and len(stem) - len(word) >= 2:
            stems.append(stem.replace(word, ""))
    for s in list(stems):
        if s.startswith("中国") and len(s) > 3 and s[2:] not in _TRADE_WORDS:
            stems.append(s[2:])
    forms.extend(stems)
    out: list[str] = []
    for form in [plain, *forms]:
        if len(form) >= 2 and form not in out:
            out.append(form)
    return out


def english_key(text: str) -> str:
    """An English organisation name without its generic words: "the Shougang Group Co., Ltd." →
    "shougang"."""
    words = [w for w in _WORD.findall(text.lower().replace("’", "'")) if w not in _ENGLISH_GENERIC]
    return " ".join(words)


def _pinyin(text: str) -> str:
    return "".join(lazy_pinyin(text)).lower()


@dataclass
class Found:
    """What a written name resolved to: the object, or the candidates when it is ambiguous."""

    obj: Any = None
    candidates: list[Any] = field(default_factory=list)


class UnitIndex:
    """The units a text may name, each by every short form (rank: how far it is shortened)."""

    def __init__(self, units: Iterable[Unit], *, default: Unit | None = None) -> None:
        self.default = default
        self.units = list(units)
        self.by_name = {u.name.replace("（", "(").replace("）", ")"): u for u in self.units}
        self.chinese: dict[str, list[tuple[int, Unit]]] = defaultdict(list)
        self.pinyin: dict[str, list[tuple[int, Unit]]] = defaultdict(list)
        for unit in self.units:
            for form in unit_short_forms(unit.name):
                # how much was left out: 五矿 is more of 中国五矿集团有限公司 than of
                # 五矿有色金属股份有限公司
                rank = 0 if form == unit.name else len(unit.name) - len(form)
                self.chinese[form].append((rank, unit))
                if not form.startswith("中国") and len(form) <= 8:
                    self.pinyin[_pinyin(form)].append((rank, unit))

    def find(self, written: str) -> Found:
        written = written.strip()
        if not written:
            return Found()
        if is_chinese(written):
            return self._chinese(written.replace("（", "(").replace("）", ")"))
        return self._english(written)

    def _chinese(self, written: str) -> Found:
        if written in self.chinese:
            return self._best(self.chinese[written])
        # the longest short form inside what is written (首钢集团党委 → 首钢集团)
        inside = [form for form in self.chinese if form in written]
        if not inside:
            return Found()
        longest = max(len(f) for f in inside)
        return self._best([c for f in inside if len(f) == longest for c in self.chinese[f]])

    def _english(self, written: str) -> Found:
        key = english_key(written)
        words = key.split()
        # the longest run of words that is an English name, else the pinyin of a short form
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                span = " ".join(words[start : start + size])
                for name in ENGLISH_NAMES.get(span, ()):
                    unit = self.by_name.get(name)
                    if unit is not None:
                        return Found(unit)
                hits = self.pinyin.get(span.replace(" ", ""))
                if hits:
                    return self._best(hits)
        return Found()

    def _best(self, hits: list[tuple[int, Unit]]) -> Found:
        """The least-shortened match; between equals, the text's own unit, else the one
        highest in its group tree, else none (ambiguous)."""
        low = min(rank for rank, _ in hits)
        units = list({u.pk: u for rank, u in hits if rank == low}.values())
        if len(units) == 1:
            return Found(units[0])
        if self.default is not None and any(u.pk == self.default.pk for u in units):
            return Found(self.default)
        depth = min(len(u.tree_ids) for u in units)
        top = [u for u in units if len(u.tree_ids) == depth]
        if len(top) == 1:
            return Found(top[0])
        return Found(None, sorted(units, key=lambda u: u.name))


# regions -------------------------------------------------------------------------------

# level suffixes of Chinese division names, longest first, and the English words for them
_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("特别行政区", ("special administrative region", "sar")),
    ("自治区", ("autonomous region", "region", "province")),
    ("自治州", ("autonomous prefecture", "prefecture")),
    ("自治县", ("autonomous county", "county")),
    ("自治旗", ("autonomous banner", "banner")),
    ("民族乡", ("ethnic township", "township", "town")),
    ("街道", ("subdistrict", "street")),
    ("社区", ("community",)),
    ("地区", ("prefecture", "region")),
    ("林区", ("forest district", "district")),
    ("苏木", ("sumu", "township")),
    ("省", ("province",)),
    ("市", ("city", "municipality")),
    ("盟", ("league",)),
    ("州", ("prefecture",)),
    ("县", ("county",)),
    ("区", ("district",)),
    ("旗", ("banner",)),
    ("乡", ("township", "town")),
    ("镇", ("town", "township")),
    ("村", ("village",)),
)
_ENGLISH_LEVEL_WORDS = sorted(
    {w for _, words in _SUFFIXES for w in words}, key=lambda w: (-len(w.split()), w)
)
# a place written in Chinese with the levels above it: 河北省张家口市阳原县, 香营乡黑峪口村
_CHINESE_PART = re.compile(
    r".+?(?:特别行政区|自治区|自治州|自治县|自治旗|民族乡|街道|社区|地区|林区|苏木|省|市|盟|州|县|区|旗|乡|镇|村)"
)
_UPPER_LEVELS = (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY)


def _chinese_parts(written: str) -> list[str]:
    """河北省阳原县 → [河北省, 阳原县]; a name that does not split into divisions whole."""
    compact = re.sub(r"\s+", "", written)
    parts = _CHINESE_PART.findall(compact)
    return parts if parts and "".join(parts) == compact else [compact]


def region_stem(name: str) -> tuple[str, tuple[str, ...]]:
    """A division name without its level suffix, and the English words for the level:
    阳原县 → ("阳原", ("county",)), 黑峪口村 → ("黑峪口", ("village",))."""
    for suffix, words in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], words
    return name, ()


def english_place_parts(written: str) -> list[tuple[str, str]]:
    """ "heiyukou village, xiangying township, yanqing district" → [("heiyukou", "village"),
    ("xiangying", "township"), ("yanqing", "district")]: the stem's letters and the level word
    ("" when none is written), the place itself first."""
    parts = []
    for chunk in re.split(r"[,;/()]|\bin\b|\bof\b", written.lower().replace("’", "'")):
        words = _WORD.findall(chunk.replace("'s", ""))
        words = [w for w in words if w not in ("the", "a")]
        if not words:
            continue
        level = ""
        text = " ".join(words)
        for word in _ENGLISH_LEVEL_WORDS:
            if text.endswith(" " + word):
                level, text = word, text[: -len(word) - 1]
                break
        if text:
            parts.append((text.replace(" ", ""), level))
    return parts


@dataclass(frozen=True)
class _Entry:
    region: Region
    stem: str  # pinyin, no spaces
    levels: tuple[str, ...]


class RegionIndex:
    """The regions a text may name. Chinese names are looked up in the database (name or
    short name, one query per place); the English index is built once, when first needed."""

    def __init__(self, *, paired: Iterable[str] = ()) -> None:
        self.paired = sorted(set(paired))
        self._english: dict[str, list[_Entry]] | None = None
        self._under_loaded: set[str] = set()
        self._by_code: dict[str, Region] = {}
        self._by_part: dict[str, list[Region]] = {}
        self.queries = 0

    # Chinese ---------------------------------------------------------------------------

    def find(self, written: str) -> Found:
        written = written.strip()
        if not written:
            return Found()
        if is_chinese(written):
            return self._chinese(written)
        return self._english_find(written)

    def prefetch(self, places: Iterable[str]) -> None:
        """Look up the Chinese names of all these places in one query (a name is not indexed:
        one scan of the division table for the whole text)."""
        parts = {p for place in places if is_chinese(place) for p in _chinese_parts(place)}
        self._named(parts)

    def _named(self, parts: Iterable[str]) -> list[Region]:
        parts = set(parts)
        missing = [p for p in parts if p not in self._by_part]
        if missing:
            self.queries += 1
            for p in missing:
                self._by_part[p] = []
            named = Region.objects.filter(Q(name__in=missing) | Q(short_name__in=missing))
            for region in named.order_by("code"):
                for key in {region.name, region.short_name} & set(missing):
                    self._by_part[key].append(region)
        return [r for p in parts for r in self._by_part[p]]

    def _chinese(self, written: str) -> Found:
        parts = _chinese_parts(written)
        found = self._named(parts)
        target = parts[-1]
        matches = [r for r in found if target in (r.name, r.short_name)]
        uppers = [
            [r for r in found if p in (r.name, r.short_name)] for p in parts[:-1] if p != target
        ]
        for upper in uppers:  # each level written above narrows the place to what is under it
            kept = [m for m in matches if any(m.code.startswith(u.code) for u in upper)]
            matches = kept or matches
        return self._choose(matches)

    def _choose(self, matches: list[Region]) -> Found:
        matches = list({r.code: r for r in matches}.values())
        if len(matches) == 1:
            return Found(matches[0])
        if not matches:
            return Found()
        paired = [m for m in matches if any(m.code.startswith(p) for p in self.paired)]
        if len(paired) == 1:
            return Found(paired[0])
        return Found(None, matches)

    # English ---------------------------------------------------------------------------

    def _english_find(self, written: str) -> Found:
        parts = english_place_parts(written)
        if not parts:
            return Found()
        index = self._english_index()
        # a county or city written above the place: load the regions under it first
        for stem, level in parts[1:]:
            for entry in index.get(stem, []):
                if entry.region.level == Level.COUNTY and _level_fits(entry, level):
                    self._load_under(entry.region.code)
        stem, level = parts[0]
        matches = [e for e in self._english_index().get(stem, []) if _level_fits(e, level)]
        for upper_stem, upper_level in parts[1:]:
            uppers = [
                e.region.code
                for e in self._english_index().get(upper_stem, [])
                if _level_fits(e, upper_level)
            ]
            kept = [m for m in matches if any(m.region.code.startswith(u) for u in uppers)]
            matches = kept or matches
        if len(matches) > 1 and not level:  # "yanqing": the higher level is what is meant
            top = min(len(m.region.code) for m in matches)
            matches = [m for m in matches if len(m.region.code) == top]
        return self._choose([m.region for m in matches])

    def _english_index(self) -> dict[str, list[_Entry]]:
        if self._english is None:
            self._english = defaultdict(list)
            self.queries += 1
            self._add(Region.objects.filter(level__in=_UPPER_LEVELS))
            self._load_under(*self.paired)
        return self._english

    def _load_under(self, *codes: str) -> None:
        """The townships and villages under these regions (a county holds a few hundred; a
        village code is the village itself), added to the English index once."""
        codes = tuple(c for c in codes if c not in self._under_loaded)
        if not codes:
            return
        self._under_loaded.update(codes)
        for code in codes:  # a range of the key each: an OR of ranges is a scan on SQLite
            self.queries += 1
            lower = Region.objects.filter(
                _under_q([code]), level__in=(Level.TOWNSHIP, Level.VILLAGE)
            )
            self._add(lower)

    def _add(self, regions: Iterable[Region]) -> None:
        assert self._english is not None
        for region in regions.only("code", "name", "short_name", "level"):  # type: ignore[attr-defined]
            if region.code in self._by_code:
                continue
            self._by_code[region.code] = region
            stem, levels = region_stem(region.short_name or region.name)
            entry = _Entry(region, _pinyin(stem), levels)
            self._english[entry.stem].append(entry)


def _under_q(codes: Iterable[str]) -> Q:
    """The regions under (or equal to) these codes, as ranges of the primary key, which an
    index serves (a LIKE prefix is a scan of the whole table on SQLite)."""
    condition = Q(pk__in=[])
    for code in codes:
        following = str(int(code) + 1).zfill(len(code))
        if len(following) > len(code):  # 99…: no code after it of the same length
            condition |= Q(code__startswith=code)
        else:
            condition |= Q(code__gte=code, code__lt=following)
    return condition


def _level_fits(entry: _Entry, word: str) -> bool:
    if not word:
        return True
    if word in entry.levels:
        return True
    # "yanqing county" for 延庆区 (a district that was a county), "chengde city" for a
    # prefecture-level city: a level word that is the region's level is enough
    return {
        "county": Level.COUNTY,
        "district": Level.COUNTY,
        "city": Level.PREFECTURE,
        "prefecture": Level.PREFECTURE,
        "province": Level.PROVINCE,
        "township": Level.TOWNSHIP,
        "town": Level.TOWNSHIP,
        "village": Level.VILLAGE,
    }.get(word) == entry.region.level


# one text ------------------------------------------------------------------------------


class Resolver:
    """The units and regions of one text: its unit is the default organisation; the
    regions its unit's group is paired with settle between two places of the same name."""

    def __init__(self, *, unit: Unit | None, units: Iterable[Unit]) -> None:
        self.unit = unit
        self.units = UnitIndex(units, default=unit)
        paired: list[str] = []
        if unit is not None:
            root = f"/{unit.tree_ids[0]}/"
            paired = list(
                Pairing.objects.filter(unit__path__startswith=root).values_list(
                    "region_id", flat=True
                )
            )
        self.regions = RegionIndex(paired=paired)
        self._units_seen: dict[str, Found] = {}
        self._places_seen: dict[str, Found] = {}

    def organisation(self, written: str) -> Found:
        """The unit an organisation as written is; the text's unit when none is written or
        it names no unit."""
        if written not in self._units_seen:
            self._units_seen[written] = self.units.find(written)
        found = self._units_seen[written]
        if found.obj is None and not found.candidates and self.unit is not None:
            return Found(self.unit)
        return found

    def prefetch(self, places: Iterable[str]) -> None:
        """Look up the places of a whole text at once (`RegionIndex.prefetch`)."""
        self.regions.prefetch(places)

    def place(self, written: str) -> Found:
        if written not in self._places_seen:
            self._places_seen[written] = self.regions.find(written)
        return self._places_seen[written]
