"""Pages of facts from texts: the texts the user sees, a new text (pasted or uploaded), a text
with its figures marked and its proposals, and one proposal's decision (POST). Thin: access,
a form, one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fupin.assistance.access import indicators_for
from fupin.assistance.enums import PairingKind
from fupin.assistance.indicators import unit_shown
from fupin.core.errors import FupinError, NotAllowed
from fupin.core.messages import translated
from fupin.core.reach import reach
from fupin.reports.enums import FactKind
from fupin.reports.facts import access, selectors, services
from fupin.reports.facts.forms import DecisionForm, FactTextForm

UNITS = {
    "yuan": "元",
    "person": "人",
    "person_time": "人次",
    "ton": "吨",
    "household": "户",
    "village": "个村",
    "county": "个县",
    "project": "个项目",
    "item": "项",
}


#: the qualifier of a figure in the reader's language (the text's own word is beside it)
QUALIFIERS = {
    "more_than": gettext_lazy("超过"),
    "less_than": gettext_lazy("不足"),
    "about": gettext_lazy("约"),
    "range": gettext_lazy("区间"),
}


def _unit_label(unit: str) -> str:
    """A normalised unit as the reader reads it: 元 / yuan, 人 / people, 个村 / villages."""
    label = UNITS.get(unit, "")
    shown = unit_shown(label)
    return _(label) if label and shown == label else shown


@login_required
def fact_list_page(request: HttpRequest) -> HttpResponse:
    """The texts the user sees, latest first, with their proposals counted by status."""
    texts = selectors.fact_text_list(texts=access.texts_for(request.user))[:200]
    return render(
        request,
        "reports/fact_list.html",
        {"texts": texts, "may_submit": access.may_submit(request.user)},
    )


@login_required
def fact_new_page(request: HttpRequest) -> HttpResponse:
    """Paste a text or upload a file for one of the user's units; its facts are proposed."""
    if not access.may_submit(request.user):
        raise PermissionDenied(_("您的角色不能提交事实来源文本"))
    units = access.units_writable(request.user)
    own = units.filter(pk__in=request.user.units.values("pk")).order_by("path").first()
    form = FactTextForm(request.POST or None, request.FILES or None, units=units, own=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            text = services.fact_text_submit(
                title=data["title"],
                text=data["text"] or None,
                upload=data["upload"],
                unit=data["unit"],
                actor=request.user,
            )
        except NotAllowed as exc:
            raise PermissionDenied(translated(exc.message)) from None
        except FupinError as exc:
            name = getattr(exc, "field", None)
            form.add_error(name if name in form.fields else None, translated(exc.message))
        else:
            messages.success(request, _("已读取文本，请逐条确认建议。"))
            return redirect("reports:fact-text", pk=text.pk)
    status = 400 if form.errors else 200
    return render(request, "reports/fact_new.html", {"form": form}, status=status)


@login_required
def fact_text_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A text with each figure found marked by its proposal's number, and the proposals."""
    text = reach(lambda: access.text_get(request.user, pk))
    return _text_page(request, text)


def _text_page(
    request: HttpRequest,
    text: Any,
    *,
    failed: int | None = None,
    form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    proposals = selectors.fact_proposals(text)
    indicators = list(indicators_for(request.user).order_by("order", "code"))
    rows = []
    for number, proposal in enumerate(proposals, 1):
        proposal.source = text
        before, figure, after = selectors.sentence_parts(proposal, text.text)
        row: dict[str, Any] = {
            "number": number,
            "p": proposal,
            "before": before,
            "figure": figure,
            "after": after,
            "amount": selectors.figure_shown(proposal),
            "unit_label": _unit_label(proposal.amount_unit),
            "qualifier": QUALIFIERS.get(proposal.qualifier, ""),
            "candidates": proposal.candidates if not proposal.region_id else [],
            "errors": _row_errors(form) if form is not None and proposal.pk == failed else [],
        }
        if proposal.kind == FactKind.CADRES:
            row["counts"] = selectors.cadre_counts(proposal)
        rows.append(row)
    context = {
        "text": text,
        "segments": selectors.text_segments(text.text, proposals),
        "rows": rows,
        "counts": selectors.status_counts(proposals),
        "indicators": indicators,
        "may_decide": access.may_decide(request.user, text),
        "history": selectors.history(text, proposals)[:50],
        "kinds": FactKind,
        "pairing_kinds": PairingKind.choices,
        "units": list(access.units_writable(request.user).order_by("path")),
    }
    return render(request, "reports/fact_text.html", context, status=status)


def _row_errors(form: DecisionForm) -> list[tuple[str, list[str]]]:
    """A refused decision's errors, each under its field's label (none for the whole row)."""
    return [
        (str(form.fields[name].label or "") if name in form.fields else "", list(errors))
        for name, errors in form.errors.items()
    ]


@login_required
@require_POST
def fact_decide(request: HttpRequest, pk: int, proposal: int) -> HttpResponse:
    """Accept (with the row's edits) or reject one proposal; a refusal is shown on its row."""
    found = reach(lambda: access.proposal_get(request.user, pk, proposal))
    if not access.may_decide(request.user, found.source):
        raise PermissionDenied(_("您不能确认该单位的建议"))
    form = DecisionForm(request.POST, indicators=indicators_for(request.user))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "accept":
                services.fact_accept(
                    proposal=found,
                    actor=request.user,
                    version=data["version"],
                    changes=form.changes(),
                )
                messages.success(request, _("已采纳建议 #%(n)s。") % {"n": found.pk})
            else:
                services.fact_reject(
                    proposal=found,
                    reason=data["reason"],
                    actor=request.user,
                    version=data["version"],
                )
                messages.success(request, _("已驳回建议 #%(n)s。") % {"n": found.pk})
        except NotAllowed as exc:
            raise PermissionDenied(translated(exc.message)) from None
        except services.Conflict as exc:
            form.add_error(None, translated(exc.message))
            status = 409
        except FupinError as exc:
            name = getattr(exc, "field", None)
            form.add_error(name if name in form.fields else None, translated(exc.message))
        else:
            return redirect(f"{reverse('reports:fact-text', kwargs={'pk': pk})}#p{found.pk}")
    return _text_page(request, found.source, failed=found.pk, form=form, status=status)
