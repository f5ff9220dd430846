"""Reads of facts from texts: the texts a user sees with their proposals counted by status,
a text's proposals with what is needed to show them (the text cut at each figure, the
sentence around its figure, a figure or a range as shown, a count of cadres beside the
database's for the year of its date). The candidates of a place several regions bear are
kept on the proposal when the text is submitted, not looked up here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fupin.assistance.models import Unit
from fupin.assistance.selectors import cadres_in_period
from fupin.core.models import Change
from fupin.reports.enums import FactKind, FactStatus
from fupin.reports.models import FactProposal, FactText


def fact_text_list(*, texts: QuerySet[FactText]) -> QuerySet[FactText]:
    """Texts, latest first, each with its proposals counted by status (one query)."""
    counts = {
        f"{status}_count": Count("proposals", filter=Q(proposals__status=status))
        for status in FactStatus.values
    }
    return (
        texts.select_related("unit", "created_by")
        .annotate(proposal_count=Count("proposals"), **counts)
        .order_by("-pk")
    )


def fact_proposals(text: FactText) -> list[FactProposal]:
    """A text's proposals in the order of the text, with their indicator, unit, region and
    the entry written from them."""
    return list(
        FactProposal.objects.filter(source=text)
        .select_related("indicator", "unit", "region", "entry", "pairing", "decided_by")
        .order_by("start", "pk")
    )


def status_counts(proposals: list[FactProposal]) -> dict[str, int]:
    counts = dict.fromkeys(FactStatus.values, 0)
    for proposal in proposals:
        counts[proposal.status] += 1
    return counts


def text_segments(text: str, proposals: list[FactProposal]) -> list[tuple[str, int | None]]:
    """The text cut at its figures: (piece, number of the proposal) — None for the text
    between figures; a figure overlapping an earlier one is not marked twice."""
    pieces: list[tuple[str, int | None]] = []
    at = 0
    for number, proposal in enumerate(proposals, 1):
        start, end = proposal.start, min(proposal.end, len(text))
        if start < at or start >= end:
            continue
        if start > at:
            pieces.append((text[at:start], None))
        pieces.append((text[start:end], number))
        at = end
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def sentence_parts(proposal: FactProposal, text: str = "") -> tuple[str, str, str]:
    """The sentence around its figure: (before, the figure as written, after) — the figure
    where the proposal's offsets put it in `text` (a "1" may be written earlier in the
    sentence, in "2019"), else its first occurrence."""
    sentence, written = proposal.sentence, proposal.written
    at = -1
    if text and sentence:
        begins = text.rfind(sentence, 0, proposal.start + len(sentence))
        if begins >= 0 and begins + len(sentence) >= proposal.end:
            at = proposal.start - begins
    if at < 0 or sentence[at : at + len(written)] != written:
        at = sentence.find(written) if written else -1
    if at < 0:
        return sentence, "", ""
    return sentence[:at], written, sentence[at + len(written) :]


@dataclass(frozen=True)
class CadreCounts:
    database: int
    text: int | None
    start: dt.date
    end: dt.date


def cadre_counts(proposal: FactProposal) -> CadreCounts:
    """A count of cadres the text states beside the database's: the cadres of the unit (and
    the units under it) in post at some time in the year of the proposal's date (this year
    when it has none), sent to the proposal's region or under it when it has one."""
    on = proposal.date or timezone.localdate()
    start, end = dt.date(on.year, 1, 1), dt.date(on.year, 12, 31)
    unit: Unit | None = proposal.unit or proposal.source.unit
    stated = int(proposal.amount) if proposal.amount is not None else None
    if unit is None:
        return CadreCounts(0, stated, start, end)
    cadres = cadres_in_period(unit, start, end)
    if proposal.region_id:
        cadres = cadres.filter(region__code__startswith=proposal.region_id)
    return CadreCounts(cadres.count(), stated, start, end)


def amount_shown(amount: Decimal | None, unit: str) -> str:
    """33000000 yuan → "33,000,000.00"; 416 people → "416"."""
    if amount is None:
        return ""
    if unit == "yuan" or amount != amount.to_integral_value():
        return f"{amount:,.2f}"
    return f"{int(amount):,}"


def figure_shown(proposal: FactProposal) -> str:
    """A proposal's amount as shown, a range as its two ends: "100,000.00–150,000.00"."""
    low = amount_shown(proposal.amount, proposal.amount_unit)
    if proposal.high is None or not low:
        return low
    return f"{low}–{amount_shown(proposal.high, proposal.amount_unit)}"


def history(text: FactText, proposals: list[FactProposal]) -> QuerySet[Change]:
    """The history rows of a text and of its proposals, latest first."""
    return (
        Change.objects.filter(
            Q(subject="facttext", subject_id=text.pk)
            | Q(subject="factproposal", subject_id__in=[p.pk for p in proposals])
        )
        .select_related("actor")
        .order_by("-at", "-pk")
    )


def kinds() -> dict[str, Any]:
    return dict(FactKind.choices)
