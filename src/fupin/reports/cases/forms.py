"""Forms of the case pages. A region is typed by its code, a unit by its credit code (or full
name), projects by their codes and households by their numbers; the forms resolve them, the
services check every value again."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from fupin.assistance.selectors import unit_of
from fupin.core.errors import FupinError
from fupin.core.messages import translated
from fupin.regions.selectors import region_get
from fupin.reports.cases import selectors
from fupin.reports.cases.services import YEARS, photo_check

CODE = r"^\d{2,12}$"
SEPARATORS = re.compile(r"[\s,，、;；]+")
MAX_NAMED = 500


def words(text: str) -> list[str]:
    """The items of a list typed with commas, 、, semicolons, spaces or one a line."""
    return list(dict.fromkeys(w for w in SEPARATORS.split(text or "") if w))


class CaseFilterForm(forms.Form):
    """The list's search box and filters; a value that does not validate is ignored."""

    q = forms.CharField(label=_("搜索"), max_length=100, required=False)
    year = forms.IntegerField(
        label=_("年度"), min_value=YEARS[0], max_value=YEARS[1], required=False
    )
    tag = forms.ChoiceField(label=_("标签"), required=False)
    region = forms.RegexField(label=_("地区代码"), regex=CODE, required=False)

    def __init__(self, *args: Any, tags: list[str], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("全部")), *((t, t) for t in tags)]
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _t("标题、正文、标签、地区或单位")}
        )
        if years:
            self.fields["year"].widget.attrs["list"] = "case-years"
        self.years = years

    def filters(self) -> dict[str, Any]:
        if self.is_bound:
            self.is_valid()  # keeps the fields that validate in cleaned_data
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q") or "",
            "year": data.get("year"),
            "tag": data.get("tag") or None,
            "region": data.get("region") or None,
        }


class CaseForm(forms.Form):
    """A typical case: what, when, where, by whom, the text and what it concerns."""

    title = forms.CharField(label=_("标题"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=YEARS[0], max_value=YEARS[1])
    region = forms.RegexField(label=_("地区代码"), regex=CODE)
    unit = forms.CharField(label=_("帮扶单位信用代码或全称"), max_length=200, required=False)
    summary = forms.CharField(label=_("摘要"), max_length=300, required=False)
    text = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 10}))
    tags = forms.CharField(label=_("标签（用逗号或顿号分隔）"), max_length=400, required=False)
    projects = forms.CharField(
        label=_("相关项目编号（用逗号分隔）"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    households = forms.CharField(
        label=_("相关农户户编号（每行一个或用逗号分隔）"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_region(self) -> Any:
        code = self.cleaned_data["region"]
        try:
            return region_get(code=code)
        except FupinError:
            raise forms.ValidationError(
                _t("没有代码为 %(code)s 的行政区划") % {"code": code}
            ) from None

    def clean_unit(self) -> Any:
        value = self.cleaned_data["unit"].strip()
        if not value:
            return None
        try:
            return unit_of(value)
        except FupinError as exc:
            raise forms.ValidationError(translated(exc.message)) from None

    def clean_tags(self) -> list[str]:
        return words(self.cleaned_data["tags"])

    def clean_projects(self) -> list[Any]:
        codes = words(self.cleaned_data["projects"])
        if len(codes) > MAX_NAMED:
            raise forms.ValidationError(_t("一次最多 %(n)s 个") % {"n": MAX_NAMED})
        found, missing = selectors.projects_named(codes, self.user)
        if missing:
            raise forms.ValidationError(
                _t("没有以下编号的项目：%(codes)s") % {"codes": "、".join(missing)}
            )
        return found

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        numbers = words(self.data.get(self.add_prefix("households"), ""))
        region = data.get("region")
        if not numbers:
            data["households"] = []
        elif len(numbers) > MAX_NAMED:
            self.add_error("households", _t("一次最多 %(n)s 个") % {"n": MAX_NAMED})
        elif region is not None and "unit" in data:
            found, missing = selectors.households_named(numbers, region.code, data["unit"])
            if missing:
                self.add_error(
                    "households",
                    _t("以下户编号不在案例地区（及帮扶单位的结对地区）的建档立卡户中：%(numbers)s")
                    % {"numbers": "、".join(missing)},
                )
            else:
                data["households"] = found
        return data

    def values(self) -> dict[str, Any]:
        """The case's values for the services."""
        data = self.cleaned_data
        keys = ("title", "year", "region", "unit", "summary", "text", "tags", "projects")
        return {k: data[k] for k in keys} | {"households": data.get("households", [])}


def _photo(upload: Any) -> Any:
    if upload is None:
        return None
    try:
        photo_check(upload)
    except FupinError as exc:
        raise forms.ValidationError(translated(exc.message)) from None
    return upload


class PhotoForm(forms.Form):
    """A photo added to a case."""

    photo = forms.FileField(label=_("图片（jpg、jpeg、png）"))
    caption = forms.CharField(label=_("图片说明"), max_length=200, required=False)

    def clean_photo(self) -> Any:
        return _photo(self.cleaned_data["photo"])


class NewCaseForm(CaseForm):
    """A new case, with an optional first photo."""

    photo = forms.FileField(label=_("图片（jpg、jpeg、png，可选）"), required=False)
    caption = forms.CharField(label=_("图片说明"), max_length=200, required=False)

    def clean_photo(self) -> Any:
        return _photo(self.cleaned_data["photo"])
