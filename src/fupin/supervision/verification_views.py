"""Pages of exit verification: the campaigns a user reaches, a campaign with its counties'
rates and decisions, a county with its villages, the evaluator's households (cards on a
phone) and the verdict form. Thin: access, a form, one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.core.errors import FieldInvalid, FupinError
from fupin.core.messages import translated
from fupin.core.reach import reach
from fupin.policy.regimes import load_regime
from fupin.supervision import verification
from fupin.supervision import verification_access as access
from fupin.supervision import verification_selectors as selectors
from fupin.supervision.verification_forms import CampaignForm, DecideForm, SampleForm, VerdictForm
from fupin.supervision.verification_jobs import INLINE_COUNTIES, campaign_sample_enqueue

PAGE_SIZE = 50


@login_required
def campaign_list_page(request: HttpRequest) -> HttpResponse:
    campaigns = selectors.campaign_rows(access.campaigns_for(request.user))
    if access.is_evaluator(request.user) and len(campaigns) == 1 and "all" not in request.GET:
        return redirect("supervision:campaign-samples", pk=campaigns[0].pk)
    return render(
        request,
        "supervision/campaign_list.html",
        {"campaigns": campaigns, "may_create": request.user.is_superuser},
    )


@login_required
def campaign_create_page(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied(_("只有系统管理员可以新建评估检查"))
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = verification.campaign_create(
                name=data["name"],
                kind=data["kind"],
                year=data["year"],
                counties=data["counties"],
                institution=data["institution"],
                evaluators=data["evaluators"],
                preset=data["preset"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                actor=request.user,
            )
        except FieldInvalid as exc:
            form.add_error(exc.field if exc.field in form.fields else None, translated(exc.message))
        else:
            return redirect("supervision:campaign-detail", pk=campaign.pk)
    return render(request, "supervision/campaign_form.html", {"form": form})


@login_required
def campaign_detail_page(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = reach(lambda: access.campaign_get(request.user, pk))
    counties = access.campaign_counties_for(request.user, campaign)
    regime = load_regime(campaign.regime)
    outcomes = selectors.county_outcomes(counties)
    rows = [(o, selectors.indicators_shown(o, regime)) for o in outcomes]
    manage = access.may_manage_campaigns(request.user)
    try:
        access.campaign_check_manageable(request.user, campaign)
    except FupinError:
        manage = False
    sample_form = SampleForm(request.POST or None, initial={"seed": campaign.seed or 2019})
    if request.method == "POST":
        if not manage:
            raise PermissionDenied(_("您不能为该评估检查抽样"))
        if sample_form.is_valid() and len(rows) > INLINE_COUNTIES:
            job = campaign_sample_enqueue(
                campaign=campaign, seed=sample_form.cleaned_data["seed"], actor=request.user
            )
            return redirect("job-detail", pk=job.pk)
        if sample_form.is_valid():
            try:
                notes = verification.campaign_sample(
                    campaign=campaign, seed=sample_form.cleaned_data["seed"], actor=request.user
                )
            except FupinError as exc:
                messages.error(request, translated(exc.message))
            else:
                short = sum(len(n) for n in notes.values())
                messages.success(request, _("已抽样。"))
                if short:
                    messages.info(
                        request,
                        _("%(n)s 个分层的户数少于方案要求，已全部抽取。") % {"n": short},
                    )
                return redirect("supervision:campaign-detail", pk=campaign.pk)
    return render(
        request,
        "supervision/campaign_detail.html",
        {
            "campaign": campaign,
            "rows": rows,
            "manage": manage,
            "sample_form": sample_form,
            "evaluators": campaign.evaluators.order_by("username"),
            "mine": access.samples_for(request.user, campaign).count(),
            "is_evaluator": access.is_evaluator(request.user),
            "has_verdicts": selectors.has_verdicts(campaign),
        },
    )


@login_required
def campaign_county_page(request: HttpRequest, pk: int) -> HttpResponse:
    row = reach(lambda: access.campaign_county_get(request.user, pk))
    campaign = row.campaign
    outcome = verification.county_outcome(row)
    shown = selectors.indicators_shown(outcome, load_regime(campaign.regime))
    manage = access.may_manage_campaigns(request.user)
    try:
        access.campaign_check_manageable(request.user, campaign)
    except FupinError:
        manage = False
    form = DecideForm(request.POST or None)
    if request.method == "POST":
        if not manage:
            raise PermissionDenied(_("您不能认定该县的退出"))
        if form.is_valid():
            try:
                verification.county_decide(
                    row=row, on=form.cleaned_data["decided_on"], actor=request.user
                )
            except FupinError as exc:
                messages.error(request, translated(exc.message))
            else:
                messages.success(request, _("已记录认定结果。"))
            return redirect("supervision:campaign-county", pk=row.pk)
    samples = access.samples_for(request.user, campaign).filter(campaign_county=row)
    return render(
        request,
        "supervision/campaign_county.html",
        {
            "campaign": campaign,
            "row": row,
            "outcome": outcome,
            "shown": shown,
            "villages": selectors.village_progress(samples),
            "manage": manage,
            "form": form,
        },
    )


@login_required
def campaign_samples_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The sampled households the user reaches in a campaign: cards on a phone, a table on a
    wide screen; filter by village and by 'not yet recorded'."""
    campaign = reach(lambda: access.campaign_get(request.user, pk))
    samples = access.samples_for(request.user, campaign)
    village = request.GET.get("village", "")
    todo = request.GET.get("todo") == "1"
    listed = samples
    if village.isdigit():
        listed = listed.filter(sample_village__village_id=village)
    if todo:
        listed = listed.filter(verdict__isnull=True)
    page = Paginator(selectors.sample_rows(listed), PAGE_SIZE).get_page(request.GET.get("page"))
    heads = selectors.heads_of([s.household_id for s in page])
    for s in page:
        s.head_name = heads.get(s.household_id, "")
        s.status_label = selectors.status_label(s.registry_status)
    return render(
        request,
        "supervision/campaign_samples.html",
        {
            "campaign": campaign,
            "page": page,
            "villages": selectors.village_progress(samples),
            "village": village,
            "todo": todo,
            "total": samples.count(),
            "recorded": samples.filter(verdict__isnull=False).count(),
        },
    )


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return str(value)


def _verdict_context(sample: Any, form: VerdictForm, conflict: Any = None) -> dict[str, Any]:
    rows = []
    if conflict is not None:
        for key, theirs in conflict.theirs.items():
            ours = conflict.ours.get(key)
            label = form.fields[key].label if key in form.fields else key
            rows.append((label, _shown(theirs), _shown(ours), theirs != ours))
    return {
        "sample": sample,
        "campaign": sample.campaign_county.campaign,
        "form": form,
        "guarantee_fields": [form[name] for name in VerdictForm.FLAGS],
        "conflict": conflict,
        "conflict_rows": rows,
        "status_label": selectors.status_label(sample.registry_status),
        "head_name": selectors.heads_of([sample.household_id]).get(sample.household_id, ""),
    }


@login_required
def sample_verdict_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The verdict on one sampled household. A verdict changed by someone else since the form
    was opened is shown beside the one sent; sending again overwrites it knowingly."""
    sample = reach(lambda: access.sample_get(request.user, pk))
    held = getattr(sample, "verdict", None) if hasattr(sample, "verdict") else None
    writable = True
    try:
        access.sample_check_writable(request.user, sample)
    except FupinError:
        writable = False
    version = held.version if held else 0
    if request.method != "POST":
        form = VerdictForm(
            initial=VerdictForm.initial_from(verification.verdict_values(held), version),
            stratum=sample.stratum,
        )
        context = _verdict_context(sample, form)
        context["writable"] = writable
        return render(request, "supervision/sample_verdict.html", context)
    if not writable:
        raise PermissionDenied(_("该户不是分配给您的评估户"))
    form = VerdictForm(request.POST, stratum=sample.stratum)
    conflict = None
    if form.is_valid():
        try:
            verification.verdict_record(
                sample=sample,
                values=form.values(),
                expected_version=form.cleaned_data["version"],
                actor=request.user,
            )
        except verification.VerdictConflict as exc:
            conflict = exc
            data = request.POST.copy()
            data["version"] = str(exc.version)  # sending again overwrites knowingly
            form = VerdictForm(data, stratum=sample.stratum)
            form.is_valid()
        except FieldInvalid as exc:
            form.add_error(exc.field if exc.field in form.fields else None, translated(exc.message))
        except FupinError as exc:
            form.add_error(None, translated(exc.message))
        else:
            messages.success(
                request, _("已保存 %(number)s 户的评估结论。") % {"number": sample.household.number}
            )
            following = (
                access.samples_for(request.user, sample.campaign_county.campaign)
                .filter(verdict__isnull=True, campaign_county=sample.campaign_county)
                .order_by("sample_village__village_id", "order")
                .first()
            )
            if following is not None and request.POST.get("next") == "1":
                return redirect("supervision:sample-verdict", pk=following.pk)
            return redirect(
                f"/supervision/campaigns/{sample.campaign_county.campaign_id}/samples/"
                f"?village={sample.sample_village.village_id}"
            )
    context = _verdict_context(sample, form, conflict)
    context["writable"] = True
    context["today"] = timezone.localdate()
    return render(
        request, "supervision/sample_verdict.html", context, status=409 if conflict else 200
    )
