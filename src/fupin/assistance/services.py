"""Writes of assistance work. Every write runs in a transaction and leaves a history row
(the ledger is its own history: entries are never edited, each records who entered it)."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from fupin.assistance import ledger_rules
from fupin.assistance.enums import (
    PROJECT_ORDER,
    CadreGrade,
    Measure,
    ProjectStatus,
    project_next,
)
from fupin.assistance.ledger_rules import Pairings
from fupin.assistance.models import (
    Cadre,
    CadreAward,
    CadreEvaluation,
    CadreReport,
    GroupMember,
    Indicator,
    LeadingGroup,
    LedgerEntry,
    Pairing,
    Plan,
    PlanAmount,
    Pledge,
    Project,
    Responsibility,
    Target,
    Unit,
)
from fupin.assistance.selectors import indicator_allowed
from fupin.core import bulk
from fupin.core.errors import FupinError, InvalidInput
from fupin.core.history import change_record, fields_apply, shown
from fupin.core.models import Source
from fupin.core.money import parse_yuan
from fupin.regions.models import Region

RESERVED_CODES = frozenset(
    {"unit", "period", "pairings", "counties", "cadres", "grade", "indicators", "regions"}
)


class Conflict(FupinError):
    code = "conflict"


class InvalidAmount(InvalidInput, ValueError):
    """An amount its indicator does not take: a user error (InvalidInput) that parsers and
    imports catch as the cell's ValueError."""


# units ---------------------------------------------------------------------------------


def unit_paths_refresh() -> int:
    """Recompute every unit's path from the parent links (units are thousands at most);
    returns how many changed. Raises InvalidInput on a cycle."""
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    paths: dict[int, str] = {}

    def path_of(uid: int, seen: tuple[int, ...] = ()) -> str:
        if uid in paths:
            return paths[uid]
        if uid in seen:
            raise InvalidInput("the units' parents form a cycle")
        parent = parents[uid]
        prefix = "/" if parent is None else path_of(parent, (*seen, uid))
        paths[uid] = f"{prefix}{uid}/"
        return paths[uid]

    for uid in parents:
        path_of(uid)
    stale = [u for u in Unit.objects.only("id", "path") if u.path != paths[u.id]]
    for unit in stale:
        unit.path = paths[unit.id]
    Unit.objects.bulk_update(stale, ["path"], batch_size=500)
    return len(stale)


def units_save(
    rows: Iterable[Mapping[str, Any]], *, actor: Any, source: str = Source.IMPORT
) -> tuple[int, int]:
    """Create or update units by credit code: rows of code, name, parent_code (a code in the
    rows or stored), kind (optional). Returns (created, updated)."""
    rows = list(rows)
    created: set[str] = set()
    updated: set[str] = set()
    with transaction.atomic():
        stored = {u.credit_code: u for u in Unit.objects.select_for_update()}
        for row in rows:  # first every unit, then the parent links (any order in the file)
            unit = stored.get(row["code"])
            values = {"name": row["name"]}
            if row.get("kind"):
                values["kind"] = row["kind"]
            if unit is None:
                unit = Unit.objects.create(credit_code=row["code"], path="/", **values)
                stored[unit.credit_code] = unit
                changes = {
                    "created": [None, row["code"]],
                    **{k: [None, shown(v)] for k, v in values.items()},
                }
                created.add(row["code"])
            else:
                changes = fields_apply(unit, values)
                if changes:
                    unit.version += 1
                    unit.save()
                    updated.add(row["code"])
            _unit_change(unit, changes, actor, source)
        code_of = {u.pk: code for code, u in stored.items()}
        for row in rows:
            unit = stored[row["code"]]
            parent = stored[row["parent_code"]] if row.get("parent_code") else None
            if unit.parent_id != (parent.pk if parent else None):
                before = code_of.get(unit.parent_id) if unit.parent_id else None
                unit.parent = parent
                unit.version += 1
                unit.save(update_fields=["parent", "version"])
                changes = {"parent": [before, parent.credit_code if parent else None]}
                _unit_change(unit, changes, actor, source)
                if row["code"] not in created:
                    updated.add(row["code"])
        unit_paths_refresh()
    return len(created), len(updated)


def _unit_change(unit: Unit, changes: Mapping[str, Any], actor: Any, source: str) -> None:
    change_record(
        subject="unit", obj_id=unit.pk, label=unit.name, changes=changes, actor=actor, source=source
    )


def pairings_save(
    rows: Iterable[Mapping[str, Any]], *, actor: Any, source: str = Source.IMPORT
) -> tuple[int, int]:
    """Create pairings, or set the end of a stored one (same unit, region, kind, start)."""
    created = updated = 0
    with transaction.atomic():
        for row in rows:
            pairing, made = Pairing.objects.get_or_create(
                unit=row["unit"],
                region_id=row["region"],
                kind=row["kind"],
                start=row["start"],
                defaults={"end": row["end"]},
            )
            if made:
                created += 1
                change_record(
                    subject="pairing",
                    obj_id=pairing.pk,
                    label=f"{row['unit'].name} {row['region']}",
                    changes={"created": [None, f"{row['kind']} {row['start']}–{row['end'] or ''}"]},
                    actor=actor,
                    source=source,
                )
                continue
            changes = fields_apply(pairing, {"end": row["end"]})
            if changes:
                pairing.save()
                updated += 1
                change_record(
                    subject="pairing",
                    obj_id=pairing.pk,
                    label=f"{row['unit'].name} {row['region']}",
                    changes=changes,
                    actor=actor,
                    source=source,
                )
    return created, updated


# pledges -------------------------------------------------------------------------------


def pledge_parent(unit: Unit, year: int, region: str | None) -> Pledge | None:
    """The superior pledge a unit's pledge is a part of: its parent unit's pledge of the year
    for the same region, else the parent unit's pledge without a region."""
    if unit.parent_id is None:
        return None
    candidates = list(
        Pledge.objects.filter(unit_id=unit.parent_id, year=year, cadre__isnull=True).order_by("id")
    )
    for pledge in candidates:
        if region and pledge.region_id == region:
            return pledge
    for pledge in candidates:
        if pledge.region_id is None:
            return pledge
    return candidates[0] if len(candidates) == 1 else None


def pledge_get_or_create(
    *,
    unit: Unit,
    year: int,
    region: str | None = None,
    cadre: Cadre | None = None,
    title: str = "",
    signed_on: dt.date | None = None,
    actor: Any = None,
    source: str = Source.IMPORT,
) -> Pledge:
    pledge = Pledge.objects.filter(unit=unit, year=year, region_id=region, cadre=cadre).first()
    if pledge is not None:
        return pledge
    if cadre is not None:
        parent = Pledge.objects.filter(unit=unit, year=year, cadre__isnull=True).first()
    else:
        parent = pledge_parent(unit, year, region)
    pledge = Pledge.objects.create(
        unit=unit,
        year=year,
        region_id=region,
        cadre=cadre,
        parent=parent,
        title=title,
        signed_on=signed_on,
    )
    change_record(
        subject="pledge",
        obj_id=pledge.pk,
        label=str(pledge),
        changes={"created": [None, f"{unit.credit_code} {year}"]},
        actor=actor,
        source=source,
    )
    return pledge


def targets_set(
    *, pledge: Pledge, values: Mapping[Indicator, Decimal], actor: Any, source: str = Source.IMPORT
) -> int:
    """Set the pledge's targets; returns how many changed."""
    changed: dict[str, list[Any]] = {}
    with transaction.atomic():
        stored = {t.indicator_id: t for t in pledge.targets.select_for_update()}
        for indicator, value in values.items():
            value = amount_check(indicator, value)
            target = stored.get(indicator.pk)
            if target is None:
                Target.objects.create(pledge=pledge, indicator=indicator, value=value)
                changed[indicator.code] = [None, str(value)]
            elif target.value != value:
                changed[indicator.code] = [str(target.value), str(value)]
                target.value = value
                target.save(update_fields=["value"])
        change_record(
            subject="pledge",
            obj_id=pledge.pk,
            label=str(pledge),
            changes=changed,
            actor=actor,
            source=source,
        )
    return len(changed)


def pledge_targets_save(
    *,
    unit: Unit,
    year: int,
    region: str | None,
    title: str,
    signed_on: dt.date | None,
    values: Mapping[Indicator, Decimal],
    actor: Any,
    source: str = Source.FORM,
) -> int:
    """A unit's pledge of the year (towards `region`, or its superior) with its targets, set
    from a form in one transaction; returns how many targets changed."""
    with transaction.atomic():
        pledge = pledge_get_or_create(
            unit=unit,
            year=year,
            region=region,
            title=title,
            signed_on=signed_on,
            actor=actor,
            source=source,
        )
        changes = fields_apply(
            pledge,
            {k: v for k, v in {"title": title, "signed_on": signed_on}.items() if v},
        )
        if changes:
            pledge.save()
            change_record(
                subject="pledge",
                obj_id=pledge.pk,
                label=str(pledge),
                changes=changes,
                actor=actor,
                source=source,
            )
        return targets_set(pledge=pledge, values=values, actor=actor, source=source)


# amounts -------------------------------------------------------------------------------


def amount_check(indicator: Indicator, value: Any) -> Decimal:
    """An amount of `indicator`: yuan and quantities with two decimal places, counts whole
    numbers. ValueError with the reason otherwise."""
    try:
        amount = value if isinstance(value, Decimal) else parse_yuan(value)
    except ValueError as exc:
        raise InvalidAmount(str(exc)) from None
    if indicator.measure == Measure.COUNT and amount != amount.to_integral_value():
        raise InvalidAmount(f"{indicator.name} is counted in whole numbers")
    return amount.quantize(Decimal("0.01"))


# ledger --------------------------------------------------------------------------------


def pairing_for(unit: Unit, region: str | None, date: dt.date) -> Pairing | None:
    """The pairing one entry belongs to (see `ledger_rules.Pairings.find_all`)."""
    return Pairings([unit]).find(unit, region, date) if region else None


def date_check(date: dt.date) -> None:
    """A delivery is recorded when it has happened: not dated after today."""
    if date > timezone.localdate():
        raise InvalidInput(f"dated after today ({date})")


def entry_id_new(prefix: str) -> str:
    """A fresh entry number for an entry recorded on a page or through the API."""
    return f"{prefix}{timezone.localdate():%Y%m%d}-{uuid.uuid4().hex[:8].upper()}"


def ledger_record(
    *,
    entry_id: str,
    unit: Unit,
    date: dt.date,
    indicator: Indicator,
    amount: Any,
    region: str | None = None,
    project: Project | None = None,
    household_id: int | None = None,
    member_id: int | None = None,
    evidence: str = "",
    note: str = "",
    reason: str = "",
    actor: Any = None,
    job: str = "",
) -> LedgerEntry:
    """Record one delivery (amount > 0) against an indicator the unit may use, in a region
    the unit is paired with unless `reason` (an exception reason) allows another
    (`ledger_rules`: RuleError naming the field)."""
    value = amount_check(indicator, amount)
    if not indicator_allowed(unit, indicator):
        raise InvalidInput(f"indicator {indicator.code} belongs to another unit")
    date_check(date)
    if value <= 0:
        raise InvalidInput("an entry's amount is above zero; a correction is a reversing entry")
    if region and not Region.objects.filter(code=region).exists():
        raise InvalidInput(f"no region with code {region}")
    pairing = ledger_rules.place_check(
        unit=unit, region=region, date=date, indicator_code=indicator.code, reason=reason
    )
    try:
        with transaction.atomic():
            return _entry_create(
                entry_id=entry_id,
                unit=unit,
                date=date,
                indicator=indicator,
                value=value,
                region=region,
                project=project,
                household_id=household_id,
                member_id=member_id,
                evidence=evidence,
                note=note,
                reason=reason,
                pairing=pairing,
                actor=actor,
                job=job,
            )
    except IntegrityError:  # the same entry id recorded at the same moment
        raise Conflict(f"entry {entry_id} exists; entries are never edited") from None


def _entry_create(
    *,
    entry_id: str,
    unit: Unit,
    date: dt.date,
    indicator: Indicator,
    value: Decimal,
    region: str | None,
    project: Project | None,
    household_id: int | None,
    member_id: int | None,
    evidence: str,
    note: str,
    reason: str,
    pairing: int | None,
    actor: Any,
    job: str,
) -> LedgerEntry:
    if LedgerEntry.objects.filter(entry_id=entry_id).exists():
        raise Conflict(f"entry {entry_id} exists; entries are never edited")
    return LedgerEntry.objects.create(
        entry_id=entry_id,
        unit=unit,
        date=date,
        indicator=indicator,
        amount=value,
        region_id=region,
        pairing_id=pairing,
        project=project,
        household_id=household_id,
        member_id=member_id,
        evidence=evidence,
        note=note,
        reason=reason,
        created_by=actor if getattr(actor, "pk", None) else None,
        job=job,
    )


def ledger_reverse(
    *,
    entry: LedgerEntry,
    entry_id: str,
    date: dt.date | None = None,
    other_year: bool = False,
    evidence: str = "",
    note: str = "",
    actor: Any = None,
    job: str = "",
) -> LedgerEntry:
    """Reverse `entry`: a new entry with the negated amount, dated `date` or on the entry's
    date (`ledger_rules.reversal_date`: not after today, not before the entry, in its year
    unless `other_year`). Once per entry; a reversal is not reversed (record the delivery
    again instead)."""
    with transaction.atomic():
        entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.reverses_id is not None:
            raise InvalidInput(
                f"entry {entry.entry_id} is a reversal; record the delivery again instead"
            )
        if LedgerEntry.objects.filter(reverses=entry).exists():
            raise Conflict(f"entry {entry.entry_id} is already reversed")
        if LedgerEntry.objects.filter(entry_id=entry_id).exists():
            raise Conflict(f"entry {entry_id} exists; entries are never edited")
        date = ledger_rules.reversal_date(
            entry_date=entry.date, date=date, other_year=other_year, today=timezone.localdate()
        )
        reversal = _reversal_of(entry, entry_id, date, evidence, note, actor, job)
        try:
            with transaction.atomic():
                reversal.save()
        except IntegrityError:  # the same number, or a second reversal, at the same moment
            raise Conflict(f"entry {entry.entry_id} is already reversed") from None
        return reversal


def _reversal_of(
    entry: LedgerEntry,
    entry_id: str,
    date: dt.date,
    evidence: str,
    note: str,
    actor: Any,
    job: str,
) -> LedgerEntry:
    """The (unsaved) entry that reverses `entry`: its negated amount, the rest the same."""
    return LedgerEntry(
        entry_id=entry_id,
        unit_id=entry.unit_id,
        date=date,
        indicator_id=entry.indicator_id,
        amount=-entry.amount,
        region_id=entry.region_id,
        pairing_id=entry.pairing_id,
        project_id=entry.project_id,
        household_id=entry.household_id,
        member_id=entry.member_id,
        evidence=evidence or entry.evidence,
        note=note or f"冲销 {entry.entry_id}",
        reason=entry.reason,
        reverses=entry,
        created_by=actor if getattr(actor, "pk", None) else None,
        job=job,
    )


LEDGER_ENTRIES = pa.schema(
    [
        ("entry_id", pa.string()),
        ("unit_id", pa.int64()),
        ("date", pa.date32()),
        ("indicator_id", pa.int64()),
        ("amount", pa.decimal128(14, 2)),
        ("region_id", pa.string()),
        ("project_id", pa.int64()),
        ("evidence", pa.string()),
        ("reason", pa.string()),
    ]
)


def ledger_entries_add(
    *,
    entries: pa.Table,
    reversals: Iterable[Mapping[str, Any]],
    actor: Any,
    job: str = "",
) -> int:
    """Write checked entries (a table of LEDGER_ENTRIES: unit, indicator and project by id,
    region by stored code; evidence and reason null for none) and reversals (entry_id,
    reverses — an entry stored or among `entries` —, date, evidence) in bulk, in one
    transaction, each entry with its pairing (`Pairings.find_all`). The import checks them
    first (`ledger_rules` too); the database still refuses a second reversal of an entry.
    Conflict, naming them, when some of these entries were written meanwhile (by another
    import of the same file): nothing is written. Returns how many were written."""
    entries = entries.select(LEDGER_ENTRIES.names).cast(LEDGER_ENTRIES)
    reversals = list(reversals)
    who = actor.pk if getattr(actor, "pk", None) else None
    now = timezone.now()
    unit_ids = entries["unit_id"].to_numpy()
    pairings = Pairings(Unit.objects.filter(pk__in=np.unique(unit_ids).tolist())).find_all(
        unit_ids, entries["region_id"].combine_chunks(), entries["date"].to_numpy()
    )
    try:
        with transaction.atomic():
            _entries_insert(entries, pairings, reversals, now=now, who=who, actor=actor, job=job)
    # the unique entry number or `reverses`: another writer was first (the bulk writer's raw
    # cursor raises the driver's own IntegrityError)
    except (IntegrityError, connection.Database.IntegrityError):
        numbers = [*entries["entry_id"].to_pylist(), *(r["entry_id"] for r in reversals)]
        reversed_ = [r["reverses"] for r in reversals]
        there = sorted(
            LedgerEntry.objects.filter(
                Q(entry_id__in=numbers) | Q(reverses__entry_id__in=reversed_)
            ).values_list("entry_id", flat=True)
        )
        shown = ", ".join(there[:10]) + (f" … ({len(there)})" if len(there) > 10 else "")
        raise Conflict(f"entries written meanwhile by another writer: {shown}") from None
    return int(entries.num_rows) + len(reversals)


def _entries_insert(
    entries: pa.Table,
    pairings: pa.Array,
    reversals: list[Mapping[str, Any]],
    *,
    now: dt.datetime,
    who: int | None,
    actor: Any,
    job: str,
) -> None:
    bulk.insert(
        LedgerEntry._meta.db_table,
        LEDGER_COLUMNS,
        _entry_rows(entries, pairings, now=now, who=who, job=job),
    )
    # locked, as `ledger_reverse` locks its entry: a reversal on a page meanwhile waits for
    # this one or this one for it (else each waits for the other on PostgreSQL: the page on
    # the unique `reverses`, this one's deferred foreign key check on the page's lock)
    originals = {
        e.entry_id: e
        for e in LedgerEntry.objects.select_for_update()
        .filter(entry_id__in=[r["reverses"] for r in reversals])
        .order_by("pk")
    }
    bulk.insert(
        LedgerEntry._meta.db_table,
        LEDGER_COLUMNS,
        (
            _row(
                _reversal_of(
                    originals[r["reverses"]],
                    r["entry_id"],
                    r["date"],
                    r["evidence"],
                    "",
                    actor,
                    job,
                ),
                now,
            )
            for r in reversals
        ),
    )


LEDGER_COLUMNS = (
    "entry_id",
    "unit_id",
    "date",
    "indicator_id",
    "amount",
    "region_id",
    "pairing_id",
    "project_id",
    "household_id",
    "member_id",
    "evidence",
    "note",
    "reason",
    "reverses_id",
    "created_at",
    "created_by_id",
    "job",
)


def _entry_rows(
    entries: pa.Table, pairings: pa.Array, *, now: dt.datetime, who: int | None, job: str
) -> Iterator[tuple[Any, ...]]:
    """The entries as rows of LEDGER_COLUMNS, made a slice at a time (a file's entries never
    stand as Python objects all at once). Dates, amounts and the time go as the ISO text that
    SQLite's adapters and PostgreSQL's COPY would make of them anyway: exact, never float."""
    created = now.isoformat(" ")
    entries = entries.append_column("pairing_id", pairings)
    for part in entries.to_batches(max_chunksize=bulk.BATCH):
        columns = [
            part["entry_id"],
            part["unit_id"],
            part["date"].cast(pa.string()),
            part["indicator_id"],
            part["amount"].cast(pa.string()),
            part["region_id"],
            part["pairing_id"],
            part["project_id"],
            pc.fill_null(part["evidence"], ""),
            pc.fill_null(part["reason"], ""),
        ]
        entry_id, unit, date, indicator, amount, region, pairing, project, evidence, reason = (
            c.to_pylist() for c in columns
        )
        none = itertools.repeat(None)
        yield from zip(  # the first column ends it
            entry_id,
            unit,
            date,
            indicator,
            amount,
            region,
            pairing,
            project,
            none,
            none,
            evidence,
            itertools.repeat(""),
            reason,
            none,
            itertools.repeat(created),
            itertools.repeat(who),
            itertools.repeat(job),
        )


def _row(entry: LedgerEntry, now: dt.datetime) -> tuple[Any, ...]:
    """An unsaved entry as a row of LEDGER_COLUMNS."""
    entry.created_at = now
    return tuple(getattr(entry, column) for column in LEDGER_COLUMNS)


# cadres --------------------------------------------------------------------------------


def cadre_save(
    *, values: Mapping[str, Any], cadre: Cadre | None = None, actor: Any, source: str = Source.FORM
) -> Cadre:
    start = values.get("start", cadre.start if cadre else None)
    end = values.get("end", cadre.end if cadre else None)
    if start is not None and end is not None and end < start:
        raise InvalidInput(f"the end {end} is before the start {start}")
    with transaction.atomic():
        if cadre is None:
            cadre = Cadre.objects.create(**values)
            changes = {"created": [None, cadre.name]}
        else:
            changes = fields_apply(cadre, values)
            cadre.save()
        change_record(
            subject="cadre",
            obj_id=cadre.pk,
            label=cadre.name,
            changes=changes,
            actor=actor,
            source=source,
        )
    return cadre


ATTACHMENT_SUFFIXES = (
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".jpg",
    ".jpeg",
    ".png",
    ".txt",
    ".zip",
)
ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024
ATTACHMENT_NAME_CHARS = 80


def attachment_keep(upload: Any, *, folder: str) -> str:
    """Keep an uploaded attachment under the data folder; returns its path relative to
    `DATA_DIR / "attachments"`, the original name kept after a random prefix. InvalidInput for
    a kind of file outside ATTACHMENT_SUFFIXES or one over ATTACHMENT_MAX_BYTES."""
    name = Path(upload.name).name
    suffix = Path(name).suffix.lower()
    if len(name) > ATTACHMENT_NAME_CHARS:  # a file system holds 255 bytes a name
        name = Path(name).stem[: ATTACHMENT_NAME_CHARS - len(suffix)] + suffix
    if suffix not in ATTACHMENT_SUFFIXES:
        raise InvalidInput(
            f"{name}: attachments are {', '.join(s.lstrip('.') for s in ATTACHMENT_SUFFIXES)}"
        )
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise InvalidInput(f"{name}: larger than {ATTACHMENT_MAX_BYTES // 1024 // 1024} MB")
    relative = Path(folder) / f"{uuid.uuid4().hex[:12]}-{name}"
    path = attachments_root() / relative
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise InvalidInput(f"{name}: not kept ({exc.strerror})") from None
    return relative.as_posix()


def attachments_root() -> Path:
    return Path(settings.DATA_DIR) / "attachments"


def cadre_report_add(
    *,
    cadre: Cadre,
    date: dt.date,
    title: str,
    text: str = "",
    upload: Any = None,
    actor: Any,
    source: str = Source.FORM,
) -> CadreReport:
    """A dated work report, with the uploaded attachment kept under the data folder (and
    dropped again if the report is not written)."""
    date_check(date)
    attachment = attachment_keep(upload, folder=f"cadres/{cadre.pk}") if upload else ""
    try:
        with transaction.atomic():
            report = CadreReport.objects.create(
                cadre=cadre, date=date, title=title, text=text, attachment=attachment
            )
            change_record(
                subject="cadre",
                obj_id=cadre.pk,
                label=cadre.name,
                changes={"report": [None, f"{date} {title}"]},
                actor=actor,
                source=source,
            )
    except BaseException:
        if attachment:
            (attachments_root() / attachment).unlink(missing_ok=True)
        raise
    return report


def cadre_award_add(
    *,
    cadre: Cadre,
    year: int,
    title: str,
    awarded_by: str = "",
    date: dt.date | None,
    actor: Any,
    source: str = Source.FORM,
) -> CadreAward:
    if date is not None:
        date_check(date)
    with transaction.atomic():
        award = CadreAward.objects.create(
            cadre=cadre, year=year, title=title, awarded_by=awarded_by, date=date
        )
        change_record(
            subject="cadre",
            obj_id=cadre.pk,
            label=cadre.name,
            changes={"award": [None, f"{year} {title}"]},
            actor=actor,
            source=source,
        )
    return award


# projects ------------------------------------------------------------------------------

STATUS_DATE = {
    ProjectStatus.APPROVED: "approved_on",
    ProjectStatus.UNDER_CONSTRUCTION: "started_on",
    ProjectStatus.COMPLETED: "completed_on",
    ProjectStatus.IN_OPERATION: "operating_on",
    ProjectStatus.CLOSED: "closed_on",
}


def project_advance(
    *, project: Project, status: str, on: dt.date, actor: Any, source: str = Source.FORM
) -> Project:
    """Move a project forward in its lifecycle (never back), recording the date. Approval
    needs the public notice to have run its days (DOMAIN.md §6.12)."""
    date_check(on)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if status not in PROJECT_ORDER:
            raise InvalidInput(f"unknown project status {status}")
        if PROJECT_ORDER.index(status) <= PROJECT_ORDER.index(project.status):
            raise InvalidInput(
                f"project {project.code} is {project.get_status_display()}; it only moves forward"
            )
        steps = project_next(project.status)
        if status not in steps:
            shown = "、".join(str(ProjectStatus(s).label) for s in steps)
            raise InvalidInput(
                f"project {project.code} is {project.get_status_display()}; it moves on to {shown}"
            )
        if status == ProjectStatus.APPROVED:
            if project.notice_start is None:
                raise InvalidInput(f"project {project.code} has not been publicly noticed")
            ends = project.notice_start + dt.timedelta(days=project.notice_days)
            if on < ends:
                raise InvalidInput(f"project {project.code}: the public notice runs until {ends}")
        before = project.status
        project.status = status
        setattr(project, STATUS_DATE[ProjectStatus(status)], on)
        project.version += 1
        project.save()
        change_record(
            subject="project",
            obj_id=project.pk,
            label=project.code,
            changes={
                "status": [before, status],
                STATUS_DATE[ProjectStatus(status)]: [None, str(on)],
            },
            actor=actor,
            source=source,
        )
    return project


PROJECT_FIELDS = (
    "code",
    "name",
    "kind",
    "unit",
    "region_id",
    "budget",
    "planned_end",
    "notice_start",
    "notice_days",
    "jobs_created",
    "income_per_year",
)


def project_save(
    *,
    values: Mapping[str, Any],
    project: Project | None = None,
    actor: Any,
    source: str = Source.FORM,
) -> Project:
    """Create a project (status planned) or change its particulars; the status only moves
    through `project_advance`. Conflict for a code another project has."""
    unknown = set(values) - set(PROJECT_FIELDS)
    if unknown:
        raise InvalidInput(f"not a project field: {', '.join(sorted(unknown))}")
    if values.get("budget") is not None and values["budget"] < 0:
        raise InvalidInput("budget must not be negative")
    code = values.get("code", project.code if project else "")
    taken = Project.objects.filter(code=code)
    if project is not None:
        taken = taken.exclude(pk=project.pk)
    if taken.exists():
        raise Conflict(f"project {code} exists")
    try:
        with transaction.atomic():
            return _project_write(values, project, actor, source)
    except IntegrityError:  # the same code saved by another request at the same moment
        raise Conflict(f"project {code} exists") from None


def _project_write(
    values: Mapping[str, Any], project: Project | None, actor: Any, source: str
) -> Project:
    if project is None:
        project = Project.objects.create(**values)
        changes: dict[str, list[Any]] = {"created": [None, project.code]}
    else:
        project = Project.objects.select_for_update().get(pk=project.pk)
        changes = fields_apply(project, values)
        if changes:
            project.version += 1
            project.save()
    change_record(
        subject="project",
        obj_id=project.pk,
        label=project.code,
        changes=changes,
        actor=actor,
        source=source,
    )
    return project


def project_beneficiaries_change(
    *,
    project: Project,
    add: Iterable[Any] = (),
    remove: Iterable[Any] = (),
    actor: Any,
    source: str = Source.FORM,
) -> tuple[int, int]:
    """Add and remove beneficiary households (registry households); returns (added,
    removed), counting only real changes."""
    add, remove = list(add), list(remove)
    with transaction.atomic():
        current = set(project.beneficiaries.values_list("pk", flat=True))
        new = [h for h in add if h.pk not in current]
        gone = [h for h in remove if h.pk in current]
        project.beneficiaries.add(*new)
        project.beneficiaries.remove(*gone)
        if new or gone:
            change_record(
                subject="project",
                obj_id=project.pk,
                label=project.code,
                changes={
                    "beneficiaries": [
                        " ".join(h.number for h in gone) or None,
                        " ".join(h.number for h in new) or None,
                    ]
                },
                actor=actor,
                source=source,
            )
    return len(new), len(gone)


def indicator_create(
    *,
    code: str,
    name: str,
    measure: str,
    unit_label: str,
    owner: Unit | None,
    actor: Any,
    source: str = Source.FORM,
) -> Indicator:
    """A unit's own indicator (jobs created, students recruited, tonnes of materials …)."""
    if code in RESERVED_CODES:
        raise InvalidInput(f"'{code}' is reserved; choose another indicator code")
    taken = {
        key.lower()
        for row in Indicator.objects.values_list("code", "name", "name_en")
        for key in row
        if key
    }
    if code.lower() in taken:
        raise Conflict(f"indicator {code} exists")
    if name.lower() in taken:
        raise Conflict(f"an indicator is named {name}")
    with transaction.atomic():
        indicator = Indicator.objects.create(
            code=code, name=name, measure=measure, unit_label=unit_label, owner=owner
        )
        change_record(
            subject="indicator",
            obj_id=indicator.pk,
            label=code,
            changes={"created": [None, name]},
            actor=actor,
            source=source,
        )
    return indicator


# leading groups and responsibilities ---------------------------------------------------------


def leading_group_save(
    *,
    name: str,
    unit: Unit | None = None,
    region: str | None = None,
    established: dt.date | None = None,
    group: LeadingGroup | None = None,
    actor: Any,
    source: str = Source.FORM,
) -> LeadingGroup:
    """Create a leading group of a unit or of a region's Party committee, or rename it."""
    if group is None and unit is None and not region:
        raise InvalidInput("a leading group belongs to a unit or a region")
    with transaction.atomic():
        if group is None:
            group = LeadingGroup.objects.create(
                name=name, unit=unit, region_id=region, established=established
            )
            changes: dict[str, list[Any]] = {"created": [None, name]}
        else:
            changes = fields_apply(group, {"name": name, "established": established})
            group.save()
        change_record(
            subject="leading_group",
            obj_id=group.pk,
            label=group.name,
            changes=changes,
            actor=actor,
            source=source,
        )
    return group


def group_member_add(
    *,
    group: LeadingGroup,
    person: str,
    role: str,
    post: str = "",
    member_unit: Unit | None = None,
    actor: Any,
    source: str = Source.FORM,
) -> GroupMember:
    """A member of a leading group, listed after the others."""
    with transaction.atomic():
        last = group.members.order_by("-order").values_list("order", flat=True).first()
        member = GroupMember.objects.create(
            group=group,
            person=person,
            post=post,
            role=role,
            member_unit=member_unit,
            order=0 if last is None else last + 1,
        )
        change_record(
            subject="leading_group",
            obj_id=group.pk,
            label=group.name,
            changes={"member": [None, f"{person} {role} {post}".strip()]},
            actor=actor,
            source=source,
        )
    return member


def group_member_remove(*, member: GroupMember, actor: Any, source: str = Source.FORM) -> None:
    with transaction.atomic():
        group = member.group
        change_record(
            subject="leading_group",
            obj_id=group.pk,
            label=group.name,
            changes={"member": [f"{member.person} {member.role} {member.post}".strip(), None]},
            actor=actor,
            source=source,
        )
        member.delete()


def responsibility_add(
    *,
    person: str,
    kind: str,
    start: dt.date,
    post: str = "",
    unit: Unit | None = None,
    region: str | None = None,
    end: dt.date | None = None,
    actor: Any,
    source: str = Source.FORM,
) -> Responsibility:
    """A person answerable for a region (a provincial leader's "theatre", a contact point) or
    for a unit."""
    if unit is None and not region:
        raise InvalidInput("a responsibility is for a unit or a region")
    if end is not None and end < start:
        raise InvalidInput(f"the end {end} is before the start {start}")
    with transaction.atomic():
        duty = Responsibility.objects.create(
            person=person, post=post, kind=kind, unit=unit, region_id=region, start=start, end=end
        )
        change_record(
            subject="responsibility",
            obj_id=duty.pk,
            label=person,
            changes={"created": [None, f"{kind} {region or unit}"]},
            actor=actor,
            source=source,
        )
    return duty


# cadres' yearly evaluations and multi-year plans ------------------------------------------------


def cadre_evaluation_set(
    *, cadre: Cadre, year: int, grade: str, note: str = "", actor: Any, source: str = Source.FORM
) -> CadreEvaluation:
    """The cadre's evaluation of a year (one a year: a second one replaces it)."""
    if grade not in CadreGrade.values:
        raise InvalidInput(f"unknown value; expected one of {', '.join(CadreGrade.values)}")
    with transaction.atomic():
        found = CadreEvaluation.objects.filter(cadre=cadre, year=year).first()
        before = found.grade if found else None
        evaluation, _ = CadreEvaluation.objects.update_or_create(
            cadre=cadre, year=year, defaults={"grade": grade, "note": note}
        )
        change_record(
            subject="cadre",
            obj_id=cadre.pk,
            label=cadre.name,
            changes={f"evaluation {year}": [before, grade]} if before != grade else {},
            actor=actor,
            source=source,
        )
    return evaluation


def plan_create(
    *,
    unit: Unit,
    title: str,
    first_year: int,
    last_year: int,
    region: str | None = None,
    actor: Any,
    source: str = Source.FORM,
) -> Plan:
    """A multi-year plan of a unit (towards a region, or none)."""
    if last_year < first_year:
        raise InvalidInput(f"the end {last_year} is before the start {first_year}")
    with transaction.atomic():
        plan = Plan.objects.create(
            unit=unit, title=title, first_year=first_year, last_year=last_year, region_id=region
        )
        change_record(
            subject="plan",
            obj_id=plan.pk,
            label=title,
            changes={"created": [None, f"{unit.credit_code} {first_year}–{last_year}"]},
            actor=actor,
            source=source,
        )
    return plan


def plan_amount_set(
    *,
    plan: Plan,
    year: int,
    indicator: Indicator,
    value: Any,
    actor: Any,
    source: str = Source.FORM,
) -> PlanAmount:
    """A plan's amount of one indicator in one of its years."""
    if not plan.first_year <= year <= plan.last_year:
        raise InvalidInput(f"must be at least {plan.first_year}" if year < plan.first_year
                           else f"must be at most {plan.last_year}")  # fmt: skip
    if not indicator_allowed(plan.unit, indicator):
        raise InvalidInput(f"indicator {indicator.code} belongs to another unit")
    amount = amount_check(indicator, value)
    if amount < 0:
        raise InvalidInput("must not be negative")
    with transaction.atomic():
        found = PlanAmount.objects.filter(plan=plan, year=year, indicator=indicator).first()
        before = str(found.value) if found else None
        row, _ = PlanAmount.objects.update_or_create(
            plan=plan, year=year, indicator=indicator, defaults={"value": amount}
        )
        change_record(
            subject="plan",
            obj_id=plan.pk,
            label=plan.title,
            changes={f"{year} {indicator.code}": [before, str(amount)]}
            if before != str(amount)
            else {},
            actor=actor,
            source=source,
        )
    return row
