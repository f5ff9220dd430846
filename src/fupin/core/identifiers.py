"""Chinese resident ID numbers (GB 11643-1999).

Length, characters, birth date and the ISO 7064 MOD 11-2 check character are errors when
wrong. The address code is checked against python-stdnum's historical county table only as a
warning: the code records registration at issuance, not birth, so a county created after the
birth year is common in real numbers (DOMAIN.md §7.1).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from stdnum.cn import ric

_DISABILITY_LENGTHS = (20, 22)


@dataclass(slots=True)
class IdCheck:
    """The outcome of checking one number: the cleaned number, errors and warnings."""

    number: str
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    birth_date: dt.date | None = None
    sex: str | None = None  # "male" / "female" from the sequence digit

    @property
    def ok(self) -> bool:
        return not self.errors


def clean_id_number(text: object) -> str:
    raw = "" if text is None else str(text)
    return "".join(raw.split()).upper()


def _birth_date(digits: str, today: dt.date) -> dt.date | None:
    try:
        born = dt.date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    if born.year < 1880 or born > today:
        return None
    return born


def check_id_number(text: object, *, today: dt.date | None = None) -> IdCheck:
    """Check a resident ID number (18 digits; 15-digit and disability-certificate numbers of
    20/22 characters are accepted with a warning, as the national registry does)."""
    today = today or dt.date.today()
    number = clean_id_number(text)
    if not number:
        return IdCheck(number, errors=("ID number is empty",))
    if len(number) == 15:
        if not number.isdigit():
            return IdCheck(number, errors=("a 15-digit ID number has only digits",))
        born = _birth_date("19" + number[6:12], today)
        if born is None:
            return IdCheck(number, errors=("birth date in the ID number is not a real date",))
        sex = "male" if int(number[14]) % 2 else "female"
        warning = "15-digit ID number (GB 11643-1989) should be upgraded to 18 digits"
        return IdCheck(number, warnings=(warning,), birth_date=born, sex=sex)
    warnings: list[str] = []
    if len(number) in _DISABILITY_LENGTHS:
        warnings.append("disability certificate number used as ID number")
        number_18 = number[:18]
    elif len(number) == 18:
        number_18 = number
    else:
        return IdCheck(number, errors=(f"ID number has {len(number)} characters, not 18",))
    if not number_18[:17].isdigit() or not (number_18[17].isdigit() or number_18[17] == "X"):
        return IdCheck(number, errors=("ID number has characters other than digits and a final X",))
    born = _birth_date(number_18[6:14], today)
    if born is None:
        return IdCheck(number, errors=("birth date in the ID number is not a real date",))
    if ric.calc_check_digit(number_18) != number_18[17]:
        expected = ric.calc_check_digit(number_18)
        return IdCheck(number, errors=(f"check digit is wrong (expected {expected})",))
    address_warning = _address_warning(number_18)
    if address_warning:
        warnings.append(address_warning)
    sex = "male" if int(number_18[16]) % 2 else "female"
    return IdCheck(number, warnings=tuple(warnings), birth_date=born, sex=sex)


def _address_warning(number_18: str) -> str | None:
    if _address_known(number_18[:6], number_18[6:10]):
        return None
    return f"address code {number_18[:6]} did not exist in the birth year {number_18[6:10]}"


@lru_cache(maxsize=65536)
def _address_known(address: str, year: str) -> bool:
    probe = address + year + "0101001"
    try:
        ric.get_birth_place(probe + ric.calc_check_digit(probe + "0"))
    except Exception:  # stdnum raises several kinds here, KeyError among them (DOMAIN.md §7.1)
        return False
    return True


def mask_id_number(number: str) -> str:
    """Hide the middle digits: 110101********2176."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
