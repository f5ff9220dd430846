"""Numbers as readers of Chinese statistics expect them: thousands separators, rates as
percentages with two places, yuan with two places."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from fupin.core.messages import translated

register = template.Library()


@register.filter
def num(value: Any) -> str:
    """12345 → 12,345; None → —."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}"


@register.filter
def percent(value: Any) -> str:
    """0.012345 → 1.23%; None → —."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value) * 100:.2f}%"


@register.filter
def yuan(value: Any) -> str:
    """1234.5 → 1,234.50."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"


@register.filter
def amount(value: Any, indicator: Any) -> str:
    """An amount as its indicator (or the indicator's measure) counts it: whole numbers for
    counts (12,345), two places for yuan and quantities (1,234.50)."""
    return num(value) if getattr(indicator, "measure", indicator) == "count" else yuan(value)


@register.filter
def reason(value: Any) -> Any:
    """An input reason or job message in the reader's language."""
    return translated(value) if isinstance(value, str) and value else value


@register.filter
def get(mapping: Any, key: str) -> Any:
    """A dictionary's value in a template: {{ counts|get:'poor' }}."""
    return (mapping or {}).get(key)
