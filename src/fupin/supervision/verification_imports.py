"""Import of a filled verification workbook (:mod:`fupin.supervision.verification_workbook`).

All or nothing: every row is checked first (its cells, its sample, the user's right to write
it, the verdict's rules); any error → nothing written, each error naming its row and column.
A row left as exported (its digest) or equal to what the database holds is skipped; a changed
row is recorded through `verdict_record` against the version it was exported with. A verdict
someone else changed since the export is a conflict: the import then writes nothing and
returns the conflicts with both sides, and the user imports the file again with a choice per
row — keep theirs (the row is skipped) or take mine (recorded against the database's current
version)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from fupin.core.errors import FieldInvalid, InvalidInput, RowError, RowErrors
from fupin.core.models import Source
from fupin.exchange import cells
from fupin.exchange.layouts import map_header
from fupin.exchange.readers import read_table_at
from fupin.supervision.enums import Approval, CampaignStatus
from fupin.supervision.models import Campaign, SampleHousehold, Verdict
from fupin.supervision.verification import VerdictConflict, verdict_values
from fupin.supervision.verification.verdicts import VerdictEntry, verdict_checked, verdicts_record
from fupin.supervision.verification_access import samples_for, writable_samples_q
from fupin.supervision.verification_workbook import (
    COLUMNS,
    FLAG_FIELDS,
    STATED_FIELDS,
    TECHNICAL_COLUMNS,
    VERDICT_COLUMNS,
    values_digest,
)

KEEP_THEIRS, TAKE_MINE = "theirs", "mine"
_TITLES = {c.key: c.title for c in COLUMNS}
_APPROVALS = {
    **{value: value for value in Approval.values},
    **{str(label): value for value, label in Approval.choices},
    "approved": Approval.APPROVE,
    "disapproved": Approval.DISAPPROVE,
    "not sure": Approval.UNSURE,
}
_ZERO = Decimal("0.01")


@dataclass(frozen=True)
class Conflict:
    """A row whose verdict someone else changed since the export: what the database holds
    (`theirs`, recorded by `by` at `version`) and what the file says (`ours`)."""

    row: int
    sample_id: int
    household: str
    theirs: dict[str, Any]
    ours: dict[str, Any]
    by: str
    version: int
    exported_version: int


@dataclass
class ImportResult:
    changed: int = 0
    unchanged: int = 0
    kept: int = 0  # conflicts resolved as "keep theirs"
    errors: list[RowError] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return not self.errors and not self.conflicts and self.changed > 0

    def summary(self) -> str:
        return (
            f"changed {self.changed}, unchanged {self.unchanged}, kept theirs {self.kept}, "
            f"conflicts {len(self.conflicts)}, errors {len(self.errors)}"
        )


@dataclass
class _Row:
    number: int
    sample_id: int
    version: int
    digest: str
    values: dict[str, Any]
    blank: bool  # no verdict cell filled


def workbook_import(
    *,
    path: str | Path,
    actor: Any,
    choices: Mapping[int, str] | None = None,
    campaign: Campaign | None = None,
    source: str = Source.IMPORT,
) -> ImportResult:
    """Import a filled workbook as `actor`. `choices` maps a sample id to KEEP_THEIRS or
    TAKE_MINE for the conflicts of an earlier attempt; `campaign`, when given, is the only
    campaign whose households the file may hold. Nothing is written when any row has an
    error or a conflict is left without a choice."""
    choices = dict(choices or {})
    result = ImportResult()
    try:
        rows = _read(path, result)
    except RowErrors as exc:
        result.errors.extend(exc.errors)
        return result
    samples = _samples(rows, actor, campaign, result)
    checked: list[tuple[_Row, SampleHousehold, dict[str, Any]]] = []
    for row in rows:
        sample = samples.get(row.sample_id)
        if sample is None:
            continue
        if row.blank or (row.digest and row.digest == values_digest(row.values)):
            result.unchanged += 1  # not filled in, or left as exported
            continue
        clean = _clean(row, sample, result)
        if clean is not None:
            checked.append((row, sample, clean))
    if result.errors:
        result.changed = 0
        return result
    _write(checked, choices, actor, source, result)
    return result


def _read(path: str | Path, result: ImportResult) -> list[_Row]:
    table = read_table_at(path, COLUMNS)
    positions = map_header(table.header, COLUMNS, row=table.header_row)
    missing = [c for c in VERDICT_COLUMNS if c.key not in positions]
    if missing:
        raise RowErrors(
            [
                RowError(table.header_row, c.title, f"required column is missing ({c.key})")
                for c in missing
            ],
            "the header row is not usable; nothing was written",
        )
    rows: list[_Row] = []
    seen: dict[int, int] = {}
    for number, raw in enumerate(table.rows, start=table.header_row + 1):
        if all(cells.is_blank(c) for c in raw):
            continue
        row = _parse(number, raw, positions, result)
        if row is None:
            continue
        if row.sample_id in seen:
            result.errors.append(
                RowError(
                    number,
                    _TITLES["sample_id"],
                    _("样本户已在第 %(row)s 行出现") % {"row": seen[row.sample_id]},
                    str(row.sample_id),
                )
            )
            continue
        seen[row.sample_id] = number
        rows.append(row)
    return rows


def _parse(
    number: int, raw: Sequence[Any], positions: Mapping[str, int], result: ImportResult
) -> _Row | None:
    def cell(key: str) -> Any:
        index = positions.get(key)
        value = raw[index] if index is not None and index < len(raw) else None
        return None if cells.is_blank(value) else value

    before = len(result.errors)

    def parsed(key: str, parse: Any) -> Any:
        value = cell(key)
        if value is None:
            return None
        try:
            return parse(value)
        except (ValueError, InvalidInput) as exc:
            message = getattr(exc, "message", str(exc))
            result.errors.append(RowError(number, _TITLES[key], message, cells.text(value)))
            return None

    sample_id = parsed("sample_id", lambda v: cells.integer(v, low=1))
    version = parsed("version", lambda v: cells.integer(v, low=0))
    if cell("sample_id") is None:
        result.errors.append(RowError(number, _TITLES["sample_id"], "required value is empty"))
    values: dict[str, Any] = {"income_found": parsed("income_found", _income)}
    for name in (*FLAG_FIELDS, *STATED_FIELDS):
        values[name] = parsed(name, cells.boolean)
    values["approval"] = parsed("approval", lambda v: cells.choice(v, _APPROVALS)) or ""
    values["visited_on"] = parsed("visited_on", cells.date)
    values["note"] = cells.text(cell("note")) if cell("note") is not None else ""
    if len(result.errors) > before or sample_id is None:
        return None
    blank = all(cell(c.key) is None for c in VERDICT_COLUMNS)
    digest = cells.text(cell("digest")) if cell("digest") is not None else ""
    return _Row(number, sample_id, version or 0, digest, values, blank)


def _income(value: Any) -> Decimal:
    amount = cells.yuan(value)
    if amount < 0:
        raise ValueError("must not be negative")
    return amount.quantize(_ZERO)


def _samples(
    rows: list[_Row], actor: Any, campaign: Campaign | None, result: ImportResult
) -> dict[int, SampleHousehold]:
    """The rows' samples the actor may write; an error for each other row."""
    ids = [r.sample_id for r in rows]
    visible = samples_for(actor, campaign).filter(pk__in=ids)
    writable = set(visible.filter(writable_samples_q(actor)).values_list("pk", flat=True))
    found = {
        s.pk: s
        for s in visible.select_related(
            "campaign_county__campaign", "campaign_county__county", "household"
        )
    }
    title = _TITLES["sample_id"]
    for row in rows:
        sample = found.get(row.sample_id)
        if sample is None:
            result.errors.append(
                RowError(
                    row.number, title, _("没有这个样本户（或不在您的范围内）"), str(row.sample_id)
                )
            )
        elif row.sample_id not in writable:
            result.errors.append(
                RowError(row.number, title, _("该户不是分配给您的评估户"), str(row.sample_id))
            )
            found.pop(row.sample_id)
        elif sample.campaign_county.campaign.status == CampaignStatus.CLOSED:
            result.errors.append(
                RowError(
                    row.number, title, _("评估检查已结束，不能再修改评估结论"), str(row.sample_id)
                )
            )
            found.pop(row.sample_id)
    return found


def _clean(row: _Row, sample: SampleHousehold, result: ImportResult) -> dict[str, Any] | None:
    """The row's verdict as `verdict_record` would store it; None (and an error) when the
    verdict's rules refuse it."""
    try:
        return verdict_checked(sample, row.values)
    except FieldInvalid as exc:
        title = _TITLES.get(exc.field, exc.field)
        shown = row.values.get(exc.field)
        result.errors.append(
            RowError(row.number, title, exc.message, "" if shown is None else str(shown))
        )
        return None


def _write(
    checked: list[tuple[_Row, SampleHousehold, dict[str, Any]]],
    choices: Mapping[int, str],
    actor: Any,
    source: str,
    result: ImportResult,
) -> None:
    """Find the changed rows and their conflicts, then record the changed rows in one call of
    `verdicts_record` (all or none) when there is no conflict."""
    held = {
        v.sample_id: v
        for v in Verdict.objects.filter(sample__in=[s for _, s, _ in checked]).select_related(
            "evaluator"
        )
    }
    entries: list[VerdictEntry] = []
    rows: dict[int, _Row] = {}
    for row, sample, clean in checked:
        verdict = held.get(sample.pk)
        if verdict is not None and verdict_values(verdict) == clean:
            result.unchanged += 1
            continue
        choice = choices.get(sample.pk)
        current = verdict.version if verdict else 0
        if current != row.version and choice == KEEP_THEIRS:
            result.kept += 1
        elif current != row.version and choice != TAKE_MINE:
            by = verdict.evaluator.username if verdict and verdict.evaluator else ""
            result.conflicts.append(
                _conflict(row, sample, verdict_values(verdict), clean, by, current)
            )
        else:
            entries.append(VerdictEntry(sample, row.values, current))
            rows[sample.pk] = row
    if result.conflicts or not entries:
        return
    try:
        verdicts_record(entries=entries, actor=actor, source=source)
    except VerdictConflict as exc:  # changed between the check and the write
        row = rows[exc.sample_id]
        sample = next(e.sample for e in entries if e.sample.pk == exc.sample_id)
        result.conflicts.append(_conflict(row, sample, exc.theirs, exc.ours, exc.by, exc.version))
    except FieldInvalid as exc:  # the campaign closed meanwhile
        first = rows[entries[0].sample.pk].number
        result.errors.append(RowError(first, _TITLES["sample_id"], exc.message))
    else:
        result.changed = len(entries)


def _conflict(
    row: _Row,
    sample: SampleHousehold,
    theirs: dict[str, Any],
    ours: dict[str, Any],
    by: str,
    version: int,
) -> Conflict:
    return Conflict(
        row=row.number,
        sample_id=sample.pk,
        household=sample.household.number,
        theirs=theirs,
        ours=ours,
        by=by,
        version=version,
        exported_version=row.version,
    )


__all__ = [
    "KEEP_THEIRS",
    "TAKE_MINE",
    "TECHNICAL_COLUMNS",
    "Conflict",
    "ImportResult",
    "conflict_json",
    "values_json",
    "workbook_import",
]


def values_json(values: Mapping[str, Any]) -> dict[str, Any]:
    """A verdict's values as JSON holds them (amounts and dates as text)."""
    return {
        key: str(value) if isinstance(value, Decimal | dt.date) else value
        for key, value in values.items()
    }


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    return {
        "row": conflict.row,
        "sample": conflict.sample_id,
        "household": conflict.household,
        "by": conflict.by,
        "version": conflict.version,
        "exported_version": conflict.exported_version,
        "theirs": values_json(conflict.theirs),
        "ours": values_json(conflict.ours),
    }
