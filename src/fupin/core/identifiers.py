"""Chinese resident ID numbers (GB 11643-1999).

Length, characters, birth date and the ISO 7064 MOD 11-2 check character are errors when
wrong. The address code is checked against python-stdnum's historical county table (the
years each code was in use) only as a warning, and only where the code can tell: it records
the registration at the number's issue, not the birth (DOMAIN.md §7.1). Numbers have been
compiled at birth registration since 1999-10-01 (国发〔1999〕15号); people born before got
theirs when the system was set up or later, with the code in use then, so a code created
after their birth year is normal (the 1983 and 1990s renumberings gave most counties their
present codes: 阳原县 130727 dates from 1993). A number warns when its code was abolished
before the birth year, or, for people born from 2000, created after it; a year of slack
either way, as codes change during a year and births are registered within weeks.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from stdnum import numdb
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
    """The number as offices write it, made plain: full-width digits and letters as ASCII
    (NFKC), spaces anywhere dropped (also U+3000 and the no-break space), a lower-case x as
    X."""
    raw = "" if text is None else str(text)
    if not raw.isascii():
        raw = unicodedata.normalize("NFKC", raw)
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
        if not (number.isascii() and number.isdigit()):
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
    if not number_18.isascii() or not (
        number_18[:17].isdigit() and (number_18[17].isdigit() or number_18[17] == "X")
    ):
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


#: Births from this year on have a number compiled at their registration (the 1999 system
#: started on 1 October 1999); earlier ones got it later, with a code of that time.
NUMBERED_AT_BIRTH = 2000
_SLACK = 1  # years: a code changes during a year; a birth is registered within weeks
_PERIOD = re.compile(r"\[(\d*)-(\d*)\]")


@lru_cache(maxsize=65536)
def _address_known(address: str, year: str) -> bool:
    """Whether the number of someone born in `year` can carry `address`: the code was in use
    after the birth year (numbers are given at birth or later), and, for those numbered at
    birth, already by then."""
    born = int(year)
    for start, end in _address_periods(address):
        if end is not None and born > end + _SLACK:
            continue  # abolished before the birth
        if start is not None and born >= NUMBERED_AT_BIRTH and start > born + _SLACK:
            continue  # created after a birth that was numbered at once
        return True
    return False


@lru_cache(maxsize=8192)
def _address_periods(address: str) -> tuple[tuple[int | None, int | None], ...]:
    """The (first, last) years county code `address` was in use, one pair per county that
    held it, in python-stdnum's table (from zh.wikipedia); () for a code it does not know.
    An open end is None."""
    found = numdb.get("cn/loc").info(address)
    county = {k: v for _, props in found for k, v in props.items()}.get("county")
    if not county:  # unknown, or a province without this county (stdnum's KeyError, §7.1)
        return ()
    periods = []
    for held in county.split(","):
        match = _PERIOD.match(held)
        first, last = match.groups() if match else ("", "")
        periods.append((int(first) if first else None, int(last) if last else None))
    return tuple(periods)


def mask_id_number(number: str) -> str:
    """Hide the middle digits: 110101********2176."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


@dataclass
class IdChecks:
    """`check_id_number` over a column: cleaned numbers, which passed, birth dates and sexes
    (null where not passed), and the reasons as (position, reason) pairs."""

    number: pa.Array
    ok: np.ndarray
    birth_date: pa.Array
    sex: pa.Array
    errors: list[tuple[int, str]]
    warnings: list[tuple[int, str]]


_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_WHITESPACE = r"[\s\p{Z}\x{1c}-\x{1f}\x{85}]+"  # what str.split() splits on
_CHECK_CHARS = np.frombuffer(b"10X98765432", dtype=np.uint8)


def check_id_numbers(texts: pa.Array, *, today: dt.date | None = None) -> IdChecks:
    """Check a column of ID numbers with the same outcome as `check_id_number` on each.

    Plain 18-character numbers are checked with numpy (birth date, check character) and their
    address codes once per distinct (address, birth year); every other number goes through
    `check_id_number` once per distinct value, so all messages come from there."""
    today = today or dt.date.today()
    size = len(texts)
    cleaned = pc.utf8_upper(pc.replace_substring_regex(texts, _WHITESPACE, ""))
    plain = pc.fill_null(pc.match_substring_regex(cleaned, r"^[0-9]{17}[0-9X]$"), False)
    positions = np.flatnonzero(plain.to_numpy(zero_copy_only=False))
    ok = np.zeros(size, dtype=bool)
    born = np.full(size, np.datetime64("NaT"), dtype="datetime64[D]")
    male = np.zeros(size, dtype=bool)
    errors: list[tuple[int, str]] = []
    warnings: list[tuple[int, str]] = []
    if len(positions):
        strings = cleaned.filter(plain).to_pylist()
        raw = np.frombuffer("".join(strings).encode("ascii"), dtype=np.uint8).reshape(-1, 18)
        digits = raw.astype(np.int64) - 48
        year = digits[:, 6:10] @ np.array([1000, 100, 10, 1])
        month = digits[:, 10] * 10 + digits[:, 11]
        day = digits[:, 12] * 10 + digits[:, 13]
        month_ok = (month >= 1) & (month <= 12) & (year >= 1880)
        start = (
            np.where(month_ok, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
        ).astype("datetime64[D]")
        length = (start.astype("datetime64[M]") + 1).astype("datetime64[D]") - start
        date = start + np.maximum(day - 1, 0).astype("timedelta64[D]")
        date_ok = month_ok & (day >= 1) & (day <= length.astype(np.int64))
        date_ok &= date <= np.datetime64(today)
        check_ok = _CHECK_CHARS[(digits[:, :17] @ _WEIGHTS) % 11] == raw[:, 17]
        fast = date_ok & check_ok
        chosen = positions[fast]
        ok[chosen] = True
        born[chosen] = date[fast]
        male[chosen] = digits[fast, 16] % 2 == 1
        pairs = {(s[:6], s[6:10]) for s, good in zip(strings, fast, strict=True) if good}
        unknown = {
            pair: f"address code {pair[0]} did not exist in the birth year {pair[1]}"
            for pair in pairs
            if not _address_known(*pair)
        }
        if unknown:
            for position, s in zip(chosen, np.asarray(strings, dtype=object)[fast], strict=True):
                reason = unknown.get((s[:6], s[6:10]))
                if reason is not None:
                    warnings.append((int(position), reason))
    slow = np.flatnonzero(~ok & texts.is_valid().to_numpy(zero_copy_only=False))
    if len(slow):
        values = texts.take(pa.array(slow)).to_pylist()
        outcomes = {value: check_id_number(value, today=today) for value in set(values)}
        cleaned = pc.replace_with_mask(
            cleaned,
            pa.array(np.isin(np.arange(size), slow)),
            pa.array([outcomes[v].number for v in values], pa.string()),
        )
        for position, value in zip(slow, values, strict=True):
            check = outcomes[value]
            errors.extend((int(position), reason) for reason in check.errors)
            warnings.extend((int(position), reason) for reason in check.warnings)
            if check.ok:
                ok[position] = True
                born[position] = np.datetime64(check.birth_date)
                male[position] = check.sex == "male"
    sex = pc.if_else(
        pa.array(ok), pc.if_else(pa.array(male), "male", "female"), pa.scalar(None, pa.string())
    )
    return IdChecks(
        number=cleaned,
        ok=ok,
        birth_date=pa.array(born, type=pa.date32(), mask=~ok),
        sex=sex,
        errors=errors,
        warnings=sorted(warnings, key=lambda w: w[0]),
    )


def credit_code(text: object) -> str:
    """A unified social credit code (GB 32100-2015), cleaned; ValueError with the reason when
    it is not one (length, characters outside the code's alphabet, the check character)."""
    from stdnum import exceptions
    from stdnum.cn import uscc

    code = clean_id_number(text)  # the same folding: full-width, spaces, lower case
    try:
        return str(uscc.validate(code))
    except exceptions.InvalidLength:
        raise ValueError(f"a credit code has 18 characters, not {len(code)}") from None
    except exceptions.InvalidChecksum:
        expected = uscc.calc_check_digit(code[:17])
        raise ValueError(f"check character is wrong (expected {expected})") from None
    except exceptions.ValidationError:
        raise ValueError(
            "not a credit code (digits and capital letters except I, O, S, V, Z)"
        ) from None


def ascii_digits(text: object, *, max_length: int = 18) -> str | None:
    """`text` when it is 1 to `max_length` ASCII digits (a year, an id or a region code from a
    query string), else None. `str.isdigit` alone also accepts '²' and other digits int()
    refuses."""
    if isinstance(text, str) and 0 < len(text) <= max_length and text.isascii() and text.isdigit():
        return text
    return None
