"""Money is Decimal yuan with two places; never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
MAX_YUAN = Decimal("999999999999.99")


def parse_yuan(text: object) -> Decimal:
    """Parse an amount in yuan ("1,234.5", 1234.5, "１２３") to a Decimal with two places.

    Raises ValueError with a short reason when the text is not an amount.
    """
    if text is None:
        raise ValueError("empty")
    if type(text) is str:  # the common case, tried first: plain "1234.50"
        try:
            return _checked(Decimal(text))
        except (InvalidOperation, ValueError):
            pass
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, bool):
        raise ValueError("not a number")
    elif isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, float):
        value = Decimal(repr(text))
    else:
        cleaned = str(text).strip().replace(",", "").replace("，", "").replace("元", "")
        if not cleaned:
            raise ValueError("empty")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError("not a number") from None
    return _checked(value)


def _checked(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("not a number")
    if abs(value) > MAX_YUAN:
        raise ValueError("too large")
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def cents_sum(field: str) -> Any:
    """An aggregate summing a money column exactly: in whole cents (SQLite keeps a decimal
    column as a binary float, whose sum drifts by fractions of a cent)."""
    from django.db.models import BigIntegerField, F, Sum
    from django.db.models.functions import Cast, Round

    return Sum(Cast(Round(F(field) * 100), output_field=BigIntegerField()))


def from_cents(cents: int | None) -> Decimal:
    """Yuan with two places from a sum of cents."""
    return (Decimal(cents or 0) / 100).quantize(Decimal("0.01"))
