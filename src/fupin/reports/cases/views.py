"""Pages of the typical cases (典型案例): the searched list of cards, a new case, a case with
its text, photos, projects, households (masked as the registry would) and history, its edit
page with the photos, its deletion (confirmed by a tick), and a photo's file. Thin: access,
a form, one service, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.accounts.scope import scope_of
from fupin.assistance.services import attachments_root
from fupin.core.errors import FupinError, NotAllowed
from fupin.core.messages import translated
from fupin.core.reach import reach
from fupin.reports.cases import access, selectors, services
from fupin.reports.cases.forms import CaseFilterForm, CaseForm, NewCaseForm, PhotoForm
from fupin.reports.models import TypicalCase

PAGE_SIZE = 24
HISTORY_ITEMS = 10
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def _refused(form: Any, exc: FupinError) -> None:
    """A service's refusal on the form: on its field when the form shows it."""
    name = getattr(exc, "field", None)
    shown = name in form.fields and not form.fields[name].widget.is_hidden
    form.add_error(name if shown else None, translated(exc.message))


@login_required
def case_list_page(request: HttpRequest) -> HttpResponse:
    """The cases the user sees as cards (the first photo, title, year, region, unit, tags),
    searched and filtered by year and tag, 24 a page."""
    seen = access.cases_for(request.user)
    form = CaseFilterForm(
        request.GET or None,
        tags=[t.name for t in selectors.case_tags()],
        years=selectors.case_years(seen),
    )
    listed = selectors.case_list(user=request.user, **form.filters())
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "may_create": access.may_create(request.user),
    }
    return render(request, "reports/case_list.html", context)


def _unit_initial(user: Any) -> dict[str, Any]:
    scope = scope_of(user)
    unit = user.units.order_by("path").first() if scope.unit_paths else None
    initial: dict[str, Any] = {"year": timezone.localdate().year}
    if unit is not None:
        initial["unit"] = unit.credit_code
    if scope.regions:
        initial["region"] = scope.regions[0]
    return initial


@login_required
def case_new_page(request: HttpRequest) -> HttpResponse:
    """Record a case (and its first photo, if one is given)."""
    if not access.may_create(request.user):
        raise PermissionDenied(_("您的角色不能录入典型案例"))
    form = NewCaseForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial=_unit_initial(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, **form.values())
        except NotAllowed as exc:
            form.add_error(None, translated(exc.message))
        except FupinError as exc:
            _refused(form, exc)
        else:
            return _photo_after(request, case, form.cleaned_data)
    status = 400 if form.errors else 200
    return render(request, "reports/case_form.html", {"form": form, "case": None}, status=status)


def _photo_after(request: HttpRequest, case: TypicalCase, data: dict[str, Any]) -> HttpResponse:
    """The new case's first photo; a refusal is said on the case's edit page."""
    messages.success(request, _("已录入典型案例。"))
    if data.get("photo") is None:
        return redirect("reports:case-detail", pk=case.pk)
    try:
        services.case_photo_add(
            case=case, upload=data["photo"], caption=data.get("caption", ""), actor=request.user
        )
    except FupinError as exc:
        messages.error(request, translated(exc.message))
        return redirect("reports:case-edit", pk=case.pk)
    return redirect("reports:case-detail", pk=case.pk)


@login_required
def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A case: its particulars and text, photos, projects, households and history."""
    case = reach(lambda: access.case_for(request.user, pk))
    context = {
        "case": case,
        "tags": list(case.tags.all()),
        "photos": selectors.case_photos(case),
        "projects": selectors.case_projects(case, request.user),
        "households": access.households_shown(case, request.user),
        "may_write": access.may_write(request.user, region=case.region_id, unit=case.unit),
        "history": _history(selectors.case_history(case)),
    }
    return render(request, "reports/case_detail.html", context)


def _initial(case: TypicalCase) -> dict[str, Any]:
    return {
        "title": case.title,
        "year": case.year,
        "region": case.region_id,
        "unit": case.unit.credit_code if case.unit else "",
        "summary": case.summary,
        "text": case.text,
        "tags": "、".join(t.name for t in case.tags.all()),
        "projects": ", ".join(p.code for p in case.projects.order_by("code")),
        "households": "\n".join(h.number for h in case.households.order_by("number")),
        "version": case.version,
    }


@login_required
def case_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a case (action=save, against the version it was filled from), add a photo
    (action=photo) or remove one (action=remove, photo=<id>)."""
    case = reach(lambda: access.case_for(request.user, pk, write=True))
    action = request.POST.get("action", "save") if request.method == "POST" else None
    if action not in (None, "save", "photo", "remove"):
        raise Http404("no such action")
    form = CaseForm(
        request.POST if action == "save" else None, user=request.user, initial=_initial(case)
    )
    photo_form = PhotoForm(
        request.POST if action == "photo" else None, request.FILES if action == "photo" else None
    )
    if action == "remove":
        return _photo_removed(request, case)
    if action == "save" and form.is_valid():
        data = form.values()
        try:
            services.case_update(
                case=case, values=data, version=form.cleaned_data["version"], actor=request.user
            )
        except NotAllowed as exc:
            raise PermissionDenied(translated(exc.message)) from None
        except FupinError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("已保存典型案例。"))
            return redirect("reports:case-detail", pk=case.pk)
    if action == "photo" and photo_form.is_valid():
        try:
            services.case_photo_add(
                case=case,
                upload=photo_form.cleaned_data["photo"],
                caption=photo_form.cleaned_data["caption"],
                actor=request.user,
            )
        except FupinError as exc:
            _refused(photo_form, exc)
        else:
            messages.success(request, _("已上传图片。"))
            return redirect("reports:case-edit", pk=case.pk)
    status = 400 if form.errors or photo_form.errors else 200
    context = {
        "form": form,
        "photo_form": photo_form,
        "case": case,
        "photos": selectors.case_photos(case),
    }
    return render(request, "reports/case_form.html", context, status=status)


def _photo_removed(request: HttpRequest, case: TypicalCase) -> HttpResponse:
    raw = request.POST.get("photo", "")
    photo = case.photos.filter(pk=int(raw)).first() if raw.isascii() and raw.isdigit() else None
    if photo is None:
        raise Http404("no such photo")
    services.case_photo_remove(photo=photo, actor=request.user)
    messages.success(request, _("已删除图片。"))
    return redirect("reports:case-edit", pk=case.pk)


class CaseDeleteForm(forms.Form):
    """The confirmation of a deletion: the version the user saw, and a tick."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=gettext_lazy("确认删除该典型案例及其图片"),
        error_messages={"required": gettext_lazy("请勾选确认后再删除")},
    )


@login_required
def case_delete_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a case (and its photos' files) once the user ticks the confirmation, against
    the version they saw (?version= from the case page): a newer one is a conflict (409) and
    the case stays."""
    case = reach(lambda: access.case_for(request.user, pk, write=True))
    seen = request.GET.get("version", "")
    version = int(seen) if seen.isascii() and seen.isdigit() and len(seen) < 10 else case.version
    form = CaseDeleteForm(request.POST or None, initial={"version": version})
    status = 400 if form.errors else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.case_delete(
                case=case, version=form.cleaned_data["version"], actor=request.user
            )
        except NotAllowed as exc:
            raise PermissionDenied(translated(exc.message)) from None
        except services.CaseConflict as exc:
            form.add_error(None, translated(exc.message))
            status = 409
        else:
            messages.success(request, _("已删除典型案例“%(title)s”。") % {"title": case.title})
            return redirect("reports:case-list")
    context = {"case": case, "form": form, "photos": case.photos.count()}
    return render(request, "reports/case_delete.html", context, status=status)


@login_required
def case_photo_file(request: HttpRequest, pk: int, photo: int) -> FileResponse:
    """A photo of a case, to those who see the case."""
    found = reach(lambda: access.photo_for(request.user, pk, photo))
    root = attachments_root().resolve()
    path = (root / found.path).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("no such file")
    kind = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
    response = FileResponse(path.open("rb"), content_type=kind, filename=found.name)
    response["Cache-Control"] = "private, max-age=3600"
    return response


# history ------------------------------------------------------------------------------------


def _names() -> dict[str, str]:
    return {
        "created": _("录入"),
        "deleted": _("删除"),
        "title": _("标题"),
        "year": _("年度"),
        "region": _("地区"),
        "unit": _("帮扶单位"),
        "summary": _("摘要"),
        "text": _("正文"),
        "tags": _("标签"),
        "projects": _("相关项目"),
        "households": _("相关农户"),
        "photo": _("图片"),
    }


def _value(value: Any) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):  # forty households' numbers: the first ten and the count
        shown = "、".join(str(v) for v in value[:HISTORY_ITEMS])
        if len(value) > HISTORY_ITEMS:
            shown += _("……共 %(n)s 项") % {"n": len(value)}
        return shown
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _history(changes: Any) -> list[dict[str, Any]]:
    names = _names()
    rows = []
    for change in changes:
        lines = []
        for key, (old, new) in change.changes.items():
            name = names.get(key, key)
            if old in (None, "", []):
                lines.append(f"{name}: {_value(new)}")
            else:
                lines.append(f"{name}: {_value(old)} → {_value(new)}")
        rows.append(
            {
                "at": change.at,
                "actor": change.actor.get_username() if change.actor else "",
                "source": change.get_source_display(),
                "lines": lines,
            }
        )
    return rows


__all__ = [
    "case_delete_page",
    "case_edit_page",
    "case_list_page",
    "case_new_page",
    "case_page",
    "case_photo_file",
]
