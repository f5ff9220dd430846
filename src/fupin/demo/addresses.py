"""Address codes a person born in a given year would carry in a demo ID number.

Counties change codes (延庆县 110229 became 延庆区 110119 in 2015); real ID numbers keep the
code of the year they were issued. The demo draws on python-stdnum's historical county table
(cn/loc.dat, from zh.wikipedia) so that its people carry the code of their birth year.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import stdnum.cn

from fupin.regions.codes import short_name

_ENTRY = re.compile(r"\[(\d*)-(\d*)\](.+)")


def _stem(name: str) -> str:
    short = short_name(name, "county")
    return short[:-1] if len(short) > 2 and short[-1] in "县区市旗" else short


@cache
def _table() -> dict[str, list[tuple[str, int, int]]]:
    """County name → [(six-digit code, first year, last year)]."""
    path = Path(stdnum.cn.__file__).parent / "loc.dat"
    names: dict[str, list[tuple[str, int, int]]] = {}
    province = ""
    for line in path.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
            continue
        code, _, rest = line.strip().partition(" county=")
        for part in rest.strip('"').split(","):
            match = _ENTRY.match(part)
            start, end, name = match.groups() if match else ("", "", part)
            names.setdefault(_stem(name), []).append(
                (province + code, int(start or 1900), int(end or 9999))
            )
    return names


@cache
def address_for(code: str, year: int) -> str:
    """The code of county `code` (or of its predecessor with the same name) in `year`."""
    table = _table()
    names = [name for name, entries in table.items() if any(c == code for c, _, _ in entries)]
    for name in names:
        for candidate, start, end in table[name]:
            if start <= year <= end:
                return candidate
    return code
