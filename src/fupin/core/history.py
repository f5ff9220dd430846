"""One history row per change to an object (who, when, which fields, before and after), for
the apps whose objects are changed one at a time (the registry writes its rows in bulk), and
the admin mixin that leaves the same rows for what is changed in the admin."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib import admin
from django.db import models
from django.utils import timezone

from fupin.core.models import Change, Source


def shown(value: Any) -> Any:
    """A value as the history keeps it (JSON): decimals and dates as text, objects by name."""
    if isinstance(value, Decimal | dt.date):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, models.QuerySet | list | tuple):
        return [shown(v) for v in value]
    return value


def change_record(
    *, subject: str, obj_id: int, label: str, changes: Mapping[str, Any], actor: Any, source: str
) -> None:
    """One history row for a change to an object (nothing when nothing changed)."""
    if changes:
        Change.objects.create(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            source=source,
            subject=subject,
            subject_id=obj_id,
            label=label[:60],
            changes=dict(changes),
        )


def fields_apply(obj: Any, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set `values` on `obj`; the changed fields as {field: [before, after]}."""
    changes: dict[str, list[Any]] = {}
    for key, value in values.items():
        before = getattr(obj, key)
        if before != value:
            changes[key] = [shown(before), shown(value)]
            setattr(obj, key, value)
    return changes


class HistoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """An admin whose saves and deletions leave history rows, its inlines' too; an object
    with a `version` gets a new one when it changes."""

    def _record(self, request: Any, obj: Any, changes: Mapping[str, Any]) -> None:
        change_record(
            subject=obj._meta.model_name,
            obj_id=obj.pk,
            label=str(obj),
            changes=changes,
            actor=request.user,
            source=Source.FORM,
        )

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        fields = [f for f in form.changed_data if f in form.cleaned_data]
        if change and fields and hasattr(obj, "version"):
            obj.version += 1
        super().save_model(request, obj, form, change)
        if change:
            changes = {f: [shown(form.initial.get(f)), shown(form.cleaned_data[f])] for f in fields}
        else:
            changes = {"created": [None, str(obj)]}
        self._record(request, obj, changes)

    def delete_model(self, request: Any, obj: Any) -> None:
        self._record(request, obj, {"deleted": [str(obj), None]})
        super().delete_model(request, obj)

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        name = str(formset.model._meta.verbose_name)
        changes: dict[str, list[Any]] = {}
        for item in formset.new_objects:
            changes[f"{name} {item}"] = [None, "added"]
        for item, fields in formset.changed_objects:
            changes[f"{name} {item}"] = [None, ", ".join(fields)]
        for item in formset.deleted_objects:
            changes[f"{name} {item}"] = ["deleted", None]
        self._record(request, form.instance, changes)
