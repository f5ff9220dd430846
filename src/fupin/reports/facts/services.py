"""Writes of facts from texts: a text submitted (read, kept, its facts found and resolved into
proposals), and each proposal decided: accepted — a ledger entry written through the ledger
service with the text as its evidence, a pairing through the pairing service, a count of
cadres checked against the cadres in post in the year of its date — or rejected. One
transaction and a history row each; a refused acceptance writes nothing and leaves the
proposal proposed."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from fupin.accounts.scope import scope_of
from fupin.assistance import services as assistance
from fupin.assistance.access import unit_check_writable, units_for
from fupin.assistance.ledger_rules import RuleError
from fupin.assistance.models import Indicator, LedgerEntry, Pairing, Unit
from fupin.assistance.selectors import indicator_allowed
from fupin.core.errors import FieldInvalid, FupinError, InvalidInput, NotAllowed
from fupin.core.history import change_record
from fupin.core.models import Source
from fupin.reports.enums import FactKind, FactStatus, TextKind
from fupin.reports.facts.access import text_check_decidable
from fupin.reports.facts.edits import MAX_AMOUNT, proposal_edits
from fupin.reports.facts.reading import MAX_CHARS, text_clean, text_read
from fupin.reports.facts.resolve import Found, Resolver
from fupin.reports.facts.types import Fact
from fupin.reports.models import FactProposal, FactText

Conflict = assistance.Conflict
TEXT = "facttext"
PROPOSAL = "factproposal"
MAX_CANDIDATES = 20  # the regions of one name offered on the page
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def facts_found(text: str) -> list[Fact]:
    """The facts of a text, each sentence read in its own language (a Chinese report may
    quote English; an English page may carry a Chinese footer)."""
    from fupin.reports.facts.extract import facts_extract

    return facts_extract(text)


def text_language(text: str) -> str:
    """ "zh" when Chinese characters outnumber a tenth of the Latin letters, else "en"."""
    return "zh" if len(_CJK.findall(text)) * 10 >= len(_LATIN.findall(text)) else "en"


def entry_id_of(proposal: FactProposal) -> str:
    return f"FACT-{proposal.source_id}-{proposal.pk}"


def _limit(model: Any, field: str) -> int:
    """The length a text field of `model` holds."""
    return int(model._meta.get_field(field).max_length or 0)


def _trim(text: str, field: str, model: Any = LedgerEntry) -> str:
    limit = _limit(model, field)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def evidence_of(source: FactText) -> str:
    """The evidence a ledger entry accepted from a text names: its title and number."""
    suffix = f"（事实来源 #{source.pk}）"
    limit = _limit(LedgerEntry, "evidence") - len(suffix)
    title = " ".join(source.title.split())
    if len(title) > limit:
        title = title[: limit - 1] + "…"
    return title + suffix


# submitting a text -----------------------------------------------------------------------


def fact_text_submit(
    *,
    title: str,
    text: str | None = None,
    upload: Any = None,
    unit: Unit | None = None,
    actor: Any,
    source: str = Source.FORM,
) -> FactText:
    """Read a pasted text or an uploaded file (.txt, .docx, .pdf), keep the file under the
    data folder, find its facts and store one proposal each, resolved against the database:
    indicator by code, unit by the organisation written (else the text's unit), region by
    the place written. A range keeps its lower end as the amount and its upper end as
    `high`; a place several regions bear stays without a region and keeps them (code and
    name, at most 20) as `candidates`, which the page offers without resolving it again.
    The same text submitted again for the same unit is the stored one (no second set of
    proposals)."""
    title = " ".join((title or "").split())
    if not title:
        raise FieldInvalid("title", "a title is required")
    if len(title) > _limit(FactText, "title"):
        raise FieldInvalid("title", "longer than 200 characters")
    _check_submitter(actor, unit)
    body, kind = _body(text, upload)
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    stored = FactText.objects.filter(digest=digest, unit=unit).order_by("pk").first()
    if stored is not None:
        return stored
    language = text_language(body)
    facts = facts_found(body)
    resolver = Resolver(unit=unit, units=units_for(actor) if actor else Unit.objects.all())
    path = assistance.attachment_keep(upload, folder="facts") if upload is not None else ""
    try:
        with transaction.atomic():
            kept = FactText.objects.create(
                title=title,
                kind=kind,
                name=_trim(getattr(upload, "name", "") or "", "name", FactText),
                path=path,
                digest=digest,
                language=language,
                text=body,
                unit=unit,
                created_by=actor if getattr(actor, "pk", None) else None,
            )
            proposals = _proposals(kept, facts, resolver)
            FactProposal.objects.bulk_create(proposals)
            change_record(
                subject=TEXT,
                obj_id=kept.pk,
                label=title,
                changes={"created": [None, f"{kind} {len(proposals)} proposals"]},
                actor=actor,
                source=source,
            )
    except BaseException:
        if path:
            (assistance.attachments_root() / path).unlink(missing_ok=True)
        raise
    return kept


def _check_submitter(actor: Any, unit: Unit | None) -> None:
    if unit is None:
        if actor is not None and not scope_of(actor).everything:
            raise FieldInvalid("unit", "choose the unit the text is about")
        return
    if actor is not None:
        try:
            unit_check_writable(actor, unit)
        except NotAllowed:
            raise FieldInvalid("unit", "your role may not change this unit's work") from None


def _body(text: str | None, upload: Any) -> tuple[str, str]:
    pasted = text_clean(text or "")
    if upload is not None and pasted.strip():
        raise FieldInvalid("text", "paste a text or upload a file, not both")
    if upload is not None:
        try:
            return text_read(upload)
        except InvalidInput as exc:
            raise FieldInvalid("upload", exc.message) from None
    if not pasted.strip():
        raise FieldInvalid("text", "paste a text or upload a file")
    if len(pasted) > MAX_CHARS:
        raise FieldInvalid("text", f"longer than {MAX_CHARS:,} characters")
    return pasted, TextKind.PASTED


def _proposals(text: FactText, facts: list[Fact], resolver: Resolver) -> list[FactProposal]:
    codes = {f.indicator for f in facts if f.indicator}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    resolver.prefetch(f.place for f in facts if f.place)
    out = []
    for fact in facts:
        if fact.kind not in FactKind.values:
            continue
        unit = resolver.organisation(fact.organisation).obj
        place = resolver.place(fact.place) if fact.place else None
        region = place.obj if place is not None else None
        amount = _storable(fact.quantity.value)
        high = _storable(fact.quantity.high) if amount is not None else None
        out.append(
            FactProposal(
                source=text,
                kind=fact.kind,
                sentence=fact.sentence,
                start=fact.start,
                end=fact.end,
                written=fact.quantity.text[:80],
                amount=amount,
                high=high,
                amount_unit=fact.quantity.unit[:20],
                qualifier=fact.quantity.qualifier[:20],
                indicator=indicators.get(fact.indicator or ""),
                organisation=fact.organisation[:200],
                unit=unit,
                place=fact.place[:200],
                region=region,
                candidates=_candidates(place) if place is not None and region is None else [],
                date=fact.date,
            )
        )
    return out


def _storable(value: Decimal | None) -> Decimal | None:
    """A figure as a proposal holds it (two places), None when the field cannot hold it."""
    if value is None or abs(value) > MAX_AMOUNT:
        return None
    return value.quantize(Decimal("0.01"))


def _candidates(place: Found) -> list[dict[str, str]]:
    """The regions an ambiguous place may be, as the proposal keeps them for its page."""
    return [{"code": r.code, "name": r.name} for r in place.candidates[:MAX_CANDIDATES]]


# deciding a proposal ---------------------------------------------------------------------


def _locked(proposal: FactProposal, version: int) -> FactProposal:
    fresh = (
        FactProposal.objects.select_for_update(of=("self",))
        .select_related("source", "source__unit", "indicator", "unit", "region")
        .get(pk=proposal.pk)
    )
    if fresh.version != version:
        raise Conflict("the proposal was decided or changed meanwhile; reload it")
    if fresh.status != FactStatus.PROPOSED:
        raise Conflict(f"the proposal is {fresh.status} already")
    return fresh


def _check_decider(actor: Any, proposal: FactProposal, *, edited: bool = True) -> None:
    """The decider may write the text's unit's work and, once edited, the proposal's unit's
    (no check for the system itself, `actor` None)."""
    if actor is None:
        return
    text_check_decidable(actor, proposal.source)
    if edited and proposal.unit is not None:
        try:
            unit_check_writable(actor, proposal.unit)
        except NotAllowed:  # the text is theirs, the unit it names is not: choose another
            raise FieldInvalid("unit", "your role may not change this unit's work") from None


def fact_accept(
    *,
    proposal: FactProposal,
    actor: Any,
    version: int,
    changes: Mapping[str, Any] | None = None,
    source: str = Source.FORM,
) -> FactProposal:
    """Accept a proposal, edited first by `changes` (`edits.proposal_edits`: indicator,
    amount, unit, region, date, entry_id; kind — the pairing kind — for a pairing). A ledger
    proposal is written through `assistance.services.ledger_record` with the proposal's
    amount — for a range its lower end unless the user edits it — and a pairing through
    `pairings_save`. A count of cadres
    is only checked: the text's count beside `cadres_in_period` of the unit (the proposal's,
    else the text's) for the calendar year of the proposal's date (this year when it has
    none), narrowed to the proposal's region when it has one (`selectors.cadre_counts`);
    both counts go into the history row and the page shows them with the year. A refusal
    raises FieldInvalid naming the field, and nothing is written."""
    with transaction.atomic():
        fresh = _locked(proposal, version)
        _check_decider(actor, fresh, edited=False)
        edited = proposal_edits(fresh, changes or {}, actor)
        _check_decider(actor, fresh)
        written: dict[str, list[Any]] = {}
        if fresh.kind == FactKind.LEDGER:
            entry = _ledger_write(fresh, edited, actor, source)
            fresh.entry = entry
            written["entry"] = [None, entry.entry_id]
        elif fresh.kind == FactKind.PAIRING:
            pairing = _pairing_write(fresh, edited, actor, source)
            fresh.pairing = pairing
            written["pairing"] = [None, str(pairing)]
        else:
            from fupin.reports.facts.selectors import cadre_counts

            counts = cadre_counts(fresh)
            written["checked"] = [None, f"database {counts.database}, text {counts.text}"]
        fresh.status = FactStatus.ACCEPTED
        fresh.decided_by = actor if getattr(actor, "pk", None) else None
        fresh.decided_at = timezone.now()
        fresh.version += 1
        fresh.save()
        change_record(
            subject=PROPOSAL,
            obj_id=fresh.pk,
            label=f"#{fresh.source_id} {fresh.written}",
            changes={
                "status": [FactStatus.PROPOSED, FactStatus.ACCEPTED],
                **{k: v for k, v in edited.items() if k != "entry_id" and k != "pairing_kind"},
                **written,
            },
            actor=actor,
            source=source,
        )
    return fresh


def _ledger_write(
    proposal: FactProposal, edited: Mapping[str, Any], actor: Any, source: str
) -> LedgerEntry:
    unit = proposal.unit or proposal.source.unit
    if unit is None:
        raise FieldInvalid("unit", "choose the unit that delivered it")
    indicator = proposal.indicator
    if indicator is None:
        raise FieldInvalid("indicator", "choose an indicator")
    if proposal.amount is None:
        raise FieldInvalid("amount", "enter the amount")
    if proposal.date is None:
        raise FieldInvalid("date", "the text gives no date; enter one")
    try:
        amount = assistance.amount_check(indicator, proposal.amount)
    except InvalidInput as exc:
        raise FieldInvalid("amount", exc.message) from None
    if amount <= 0:
        raise FieldInvalid("amount", "an entry's amount is above zero")
    if not indicator_allowed(unit, indicator):
        raise FieldInvalid("indicator", f"indicator {indicator.code} belongs to another unit")
    try:
        assistance.date_check(proposal.date)
    except InvalidInput as exc:
        raise FieldInvalid("date", exc.message) from None
    entry_id = edited.get("entry_id") or entry_id_of(proposal)
    if LedgerEntry.objects.filter(entry_id=entry_id).exists():
        raise FieldInvalid("entry_id", f"entry {entry_id} exists; entries are never edited")
    try:
        return assistance.ledger_record(
            entry_id=entry_id,
            unit=unit,
            date=proposal.date,
            indicator=indicator,
            amount=amount,
            region=proposal.region_id,
            evidence=evidence_of(proposal.source),
            note=_trim(proposal.sentence, "note"),
            actor=actor,
        )
    except RuleError as exc:
        field, reason = exc.problems[0]
        raise FieldInvalid(field, reason) from None
    except assistance.Conflict as exc:
        raise FieldInvalid("entry_id", exc.message) from None


def _pairing_write(
    proposal: FactProposal, edited: Mapping[str, Any], actor: Any, source: str
) -> Pairing:
    unit = proposal.unit or proposal.source.unit
    if unit is None:
        raise FieldInvalid("unit", "choose the unit that is paired")
    if proposal.region is None:
        raise FieldInvalid("region", "choose the region the unit is paired with")
    kind = edited.get("pairing_kind")
    if not kind:
        raise FieldInvalid("pairing_kind", "choose the kind of pairing")
    if proposal.date is None:
        raise FieldInvalid("date", "the text gives no start date; enter one")
    row = {"unit": unit, "region": proposal.region_id, "kind": kind, "start": proposal.date}
    try:
        assistance.pairings_save([{**row, "end": None}], actor=actor, source=source)
    except FupinError as exc:
        raise FieldInvalid("region", exc.message) from None
    return Pairing.objects.get(
        unit=unit, region_id=proposal.region_id, kind=kind, start=proposal.date
    )


def fact_reject(
    *,
    proposal: FactProposal,
    reason: str = "",
    actor: Any,
    version: int,
    source: str = Source.FORM,
) -> FactProposal:
    """Reject a proposal (nothing is written elsewhere), with the user's reason."""
    reason = " ".join((reason or "").split())
    if len(reason) > _limit(FactProposal, "reason"):
        raise FieldInvalid("reason", "longer than 300 characters")
    with transaction.atomic():
        fresh = _locked(proposal, version)
        _check_decider(actor, fresh)
        fresh.status = FactStatus.REJECTED
        fresh.reason = reason
        fresh.decided_by = actor if getattr(actor, "pk", None) else None
        fresh.decided_at = timezone.now()
        fresh.version += 1
        fresh.save()
        change_record(
            subject=PROPOSAL,
            obj_id=fresh.pk,
            label=f"#{fresh.source_id} {fresh.written}",
            changes={
                "status": [FactStatus.PROPOSED, FactStatus.REJECTED],
                "reason": [None, reason],
            },
            actor=actor,
            source=source,
        )
    return fresh
