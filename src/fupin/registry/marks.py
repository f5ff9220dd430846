"""What the household list shows of a household's evaluation in a year: one mark per guarantee
of 两不愁三保障 (met or not) and what is due (every failed test, the income line included).

Both come from the stored result's reasons, the same list the household page prints: a
guarantee left blank in the survey counts as not met there too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from fupin.registry.enums import Reason

#: The guarantees in the order of the survey form, each with the one-character mark the list
#: prints and the words the legend gives it.
GUARANTEES: tuple[tuple[str, Promise, Promise], ...] = (
    (
        "food_clothing",
        pgettext_lazy("guarantee mark", "吃"),
        pgettext_lazy("guarantee", "吃穿不愁"),
    ),
    ("education", pgettext_lazy("guarantee mark", "学"), pgettext_lazy("guarantee", "义务教育")),
    ("medical", pgettext_lazy("guarantee mark", "医"), pgettext_lazy("guarantee", "基本医疗")),
    ("housing", pgettext_lazy("guarantee mark", "住"), pgettext_lazy("guarantee", "住房安全")),
    ("water", pgettext_lazy("guarantee mark", "水"), pgettext_lazy("guarantee", "饮水安全")),
)


@dataclass(frozen=True)
class Mark:
    short: str  # the character printed: 住
    label: str  # what it stands for: 住房安全
    met: bool


def marks_of(reasons: str) -> list[Mark]:
    """The five guarantee marks of a result whose failed tests are `reasons` (';'-joined)."""
    failed = set(reasons.split(";"))
    return [Mark(str(short), str(label), key not in failed) for key, short, label in GUARANTEES]


def due_of(reasons: str) -> list[str]:
    """What is due, in words and in the rules' order: "收入低于贫困线", "住房安全无保障"."""
    labels = dict(Reason.choices)
    return [str(labels.get(r, r)) for r in reasons.split(";") if r]


def legend() -> list[tuple[str, str]]:
    """Each mark's character with the guarantee it stands for, for the legend."""
    return [(str(short), str(label)) for _key, short, label in GUARANTEES]
