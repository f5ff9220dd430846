"""与户主关系 (relation to the household head) as offices write it.

The national values are `enums.Relation`'s labels, the 与户主关系 list of the national
扶贫开发信息系统 form (贫困户信息采集表): 户主, 配偶, 之子, 之女, 之女婿, 之儿媳, 之孙子, 之孙女,
之外孙子女, 之父, 之母, 之公婆/岳父母, 之祖父母, 之兄弟姐妹, 其他. DOMAIN.md §2.5 names the field
without listing its values, so that list is assumed as the enum gives it. A file may give them
as labels or as the stored names (son); those are taken as they are.

Offices also write the relation their own way (儿子, 子女, 老伴, 兄弟, 其它). `OFFICE_FORMS`
maps each such form to the national value; the form has no value for 子女 or 孙子女, so a
pair (the value for a man, for a woman) is decided by the sex digit of the member's ID number.
Each row so read gets a warning saying what was written and what it became; a value in
neither list is an error that lists the national values.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.utils import translation

from fupin.exchange import cells
from fupin.registry import enums

#: office forms → the national value, or (for a man, for a woman)
OFFICE_FORMS: dict[str, str | tuple[str, str]] = {
    **dict.fromkeys(("本人", "户主本人"), "head"),
    **dict.fromkeys(("妻", "妻子", "夫", "丈夫", "老伴", "爱人", "之配偶"), "spouse"),
    **dict.fromkeys(("子", "儿子", "长子", "次子", "三子", "独子"), "son"),
    **dict.fromkeys(("女", "女儿", "长女", "次女", "三女", "独女"), "daughter"),
    **dict.fromkeys(("子女", "儿女", "之子女"), ("son", "daughter")),
    **dict.fromkeys(("儿媳", "儿媳妇", "媳妇", "之儿媳妇"), "daughter_in_law"),
    **dict.fromkeys(("女婿",), "son_in_law"),
    **dict.fromkeys(("孙子",), "grandson"),
    **dict.fromkeys(("孙女",), "granddaughter"),
    **dict.fromkeys(("孙子女", "之孙子女"), ("grandson", "granddaughter")),
    **dict.fromkeys(
        ("外孙", "外孙子", "外孙女", "外孙子女", "之外孙", "之外孙子", "之外孙女"),
        "daughters_child",
    ),
    **dict.fromkeys(("父", "父亲"), "father"),
    **dict.fromkeys(("母", "母亲"), "mother"),
    **dict.fromkeys(("父母", "之父母"), ("father", "mother")),
    **dict.fromkeys(
        ("公公", "婆婆", "岳父", "岳母", "公婆", "岳父母", "之公公", "之婆婆", "之岳父", "之岳母"),
        "parent_in_law",
    ),
    **dict.fromkeys(("祖父", "祖母", "爷爷", "奶奶", "祖父母", "之祖父", "之祖母"), "grandparent"),
    **dict.fromkeys(
        ("兄弟", "姐妹", "兄弟姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹"),
        "sibling",
    ),
    **dict.fromkeys(("之兄弟", "之姐妹"), "sibling"),
    **dict.fromkeys(("其它",), "other"),
}

_PAIR = "|"  # joins a pair in the parsed column until the ID number's sex decides it
with translation.override("zh-hans"):
    #: each stored value with its label, the national form's value
    LABELS: dict[str, str] = {v: str(label) for v, label in enums.Relation.choices}
_NATIONAL = {label: v for v, label in LABELS.items()} | {v: v for v in LABELS}
_NATIONAL_TEXTS = pa.array(sorted(_NATIONAL), pa.string())


def relation_parse(cell: Any) -> str:
    """The stored value of a 与户主关系 cell (a national value or an office form); a pair as
    'son|daughter' until `relations_by_sex` decides it."""
    key = cell if type(cell) is str else cells.text(cell)
    national = _NATIONAL.get(key)
    if national is not None:
        return national
    key = cells.folded(key)
    found = _NATIONAL.get(key) or OFFICE_FORMS.get(key)
    if found is None:
        raise ValueError(f"unknown value; expected one of {'、'.join(LABELS.values())}")
    return found if isinstance(found, str) else _PAIR.join(found)


def relations_by_sex(
    texts: pa.Array, values: pa.Array, sex: pa.Array
) -> tuple[pa.Array, np.ndarray, list[str]]:
    """The column parsed by `relation_parse` with each pair decided by the member's sex (null
    where the ID number gave none: that row has its error already); the positions whose text
    was an office form, each with the warning saying what it became."""
    office = pc.and_(
        values.is_valid(), pc.invert(pc.fill_null(pc.is_in(texts, _NATIONAL_TEXTS), False))
    )
    where = np.flatnonzero(office.to_numpy(zero_copy_only=False))
    if not len(where):
        return values, where, []
    taken = pa.array(where)
    decided: list[str | None] = []
    reasons: list[str] = []
    for text, value, sex_of in zip(
        texts.take(taken).to_pylist(),
        values.take(taken).to_pylist(),
        sex.take(taken).to_pylist(),
        strict=True,
    ):
        if _PAIR in value:
            male, female = value.split(_PAIR)
            value = None if sex_of is None else male if sex_of == "male" else female
            if value is not None:
                reasons.append(f"'{text}' taken as {LABELS[value]} by the sex in the ID number")
        else:
            reasons.append(f"'{text}' taken as {LABELS[value]}, the national form's value")
        decided.append(value)
    resolved = pc.replace_with_mask(values, office, pa.array(decided, pa.string()))
    kept = np.array([v is not None for v in decided], dtype=bool)
    return resolved, where[kept], reasons
