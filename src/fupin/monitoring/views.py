"""Pages of the monitoring app: the monitoring ranges of the user's regions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fupin.core.errors import InvalidInput, RowErrors
from fupin.core.jobs import upload_keep
from fupin.core.messages import translated
from fupin.core.reach import reach
from fupin.monitoring import access
from fupin.monitoring.forms import RangesUploadForm
from fupin.monitoring.services import monitoring_ranges_import


@login_required
def ranges_page(request: HttpRequest) -> HttpResponse:
    """The ranges that apply to the user's regions; offices upload a file of their own."""
    form, errors = None, []
    if access.may_set_ranges(request.user):
        form = RangesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        scope = reach(lambda: access.ranges_writable(request.user))
        if form is not None and form.is_valid():
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
    status = 400 if errors or (form is not None and form.errors) else 200
    return render(
        request,
        "monitoring/ranges.html",
        {"ranges": ranges, "form": form, "errors": shown},
        status=status,
    )
