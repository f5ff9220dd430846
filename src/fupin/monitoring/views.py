"""Pages of the monitoring app: the monitoring ranges of the user's regions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fupin.core.errors import FieldInvalid, InvalidInput, RowErrors
from fupin.core.jobs import upload_keep
from fupin.core.messages import translated
from fupin.core.reach import reach
from fupin.monitoring import access
from fupin.monitoring.forms import RangeForm, RangesUploadForm
from fupin.monitoring.services import monitoring_range_set, monitoring_ranges_import


@login_required
def ranges_page(request: HttpRequest) -> HttpResponse:
    """The ranges that apply to the user's regions; offices set one on the page or upload a
    file of their own."""
    form, errors, one = None, [], None
    setting = request.method == "POST" and request.POST.get("action") == "set"
    if access.may_set_ranges(request.user):
        form = RangesUploadForm(
            None if setting else request.POST or None, None if setting else request.FILES or None
        )
        one = RangeForm(request.POST if setting else None, initial=_initial(request))
    if request.method == "POST":
        scope = reach(lambda: access.ranges_writable(request.user))
        if setting and one is not None and one.is_valid():
            try:
                changed = monitoring_range_set(
                    values=one.cleaned_data, actor=request.user, scope=scope
                )
            except FieldInvalid as exc:
                one.add_error(exc.field, translated(exc.message))
            else:
                if changed:
                    messages.success(request, _("监测范围已保存。"))
                else:
                    messages.info(request, _("监测范围没有变化。"))
                return redirect("monitoring-ranges")
        elif not setting and form is not None and form.is_valid():
            try:
                path = upload_keep(form.cleaned_data["file"])
                result = monitoring_ranges_import(path=path, actor=request.user, scope=scope)
            except RowErrors as exc:
                errors = exc.errors
            except InvalidInput as exc:
                form.add_error("file", translated(exc.message))
            else:
                messages.success(request, _("已写入 %(n)s 条监测范围。") % {"n": result.written})
                return redirect("monitoring-ranges")
    ranges = access.ranges_for(request.user).select_related("region").order_by("-year", "region_id")
    shown = [(e.row, e.column, translated(e.reason), e.value) for e in errors]
    failed = errors or (form is not None and form.errors) or (one is not None and one.errors)
    return render(
        request,
        "monitoring/ranges.html",
        {"ranges": ranges, "form": form, "one": one, "errors": shown},
        status=400 if failed else 200,
    )


def _initial(request: HttpRequest) -> dict[str, str]:
    """The form pre-filled from a row's edit link (?code=&year=), with its stored values."""
    code, year = request.GET.get("code", ""), request.GET.get("year", "")
    current = (
        access.ranges_for(request.user).filter(region_id=code, year=year).first()
        if code.isdigit() and year.isdigit()
        else None
    )
    if current is None:
        return {"code": code, "year": year} if code or year else {}
    return {
        "code": current.region_id,
        "year": str(current.year),
        "amount": str(current.amount),
        "basis": current.basis,
        "source": current.source,
        "confidence": current.confidence,
    }
