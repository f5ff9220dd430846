"""Writes of typical cases (典型案例): a case with its tags, projects and households, its
photos. Every write is checked first, runs in a transaction and leaves a history row
(subject ``typical_case``); a photo's file is removed again when its row is not written, and
the files of removed photos once the removal is committed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from fupin.assistance.models import Project, Unit
from fupin.assistance.selectors import paired_regions
from fupin.assistance.services import attachment_keep, attachments_root
from fupin.core.errors import FieldInvalid, FupinError, InvalidInput, NotAllowed, NotFound
from fupin.core.history import change_record, fields_apply, shown
from fupin.core.models import Source
from fupin.regions.models import Region
from fupin.regions.selectors import region_get
from fupin.registry.models import Household
from fupin.reports.cases import access
from fupin.reports.models import CasePhoto, CaseTag, TypicalCase

SUBJECT = "typical_case"
YEARS = (1978, 2100)  # from the reform era's first poverty work to a far planning year
TAG_LIMIT = 40
PHOTO_KINDS = {".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n"}
FIELDS = ("title", "year", "region", "unit", "summary", "text", "tags", "projects", "households")


class CaseConflict(FupinError):
    """The case changed since the form or the body was filled (a newer version): 409."""

    code = "conflict"


def _text(field: str, value: Any, message: str, limit: int | None, required: bool = True) -> str:
    value = str(value or "").strip()
    if required and not value:
        raise FieldInvalid(field, message)
    if limit is not None and len(value) > limit:
        raise FieldInvalid(field, _("不能超过 %(limit)s 个字") % {"limit": limit})
    return value


def _year(value: Any) -> int:
    low, high = YEARS
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise FieldInvalid(
            "year", _("年度应在 %(low)s 至 %(high)s 之间") % {"low": low, "high": high}
        )
    return value


def _region(value: Any) -> Region:
    if isinstance(value, Region):
        return value
    try:
        return region_get(code=str(value or "").strip())
    except FupinError:
        raise FieldInvalid(
            "region", _("没有代码为 %(code)s 的行政区划") % {"code": value}
        ) from None


def _tags(values: Iterable[Any]) -> list[str]:
    names: list[str] = []
    for value in values:
        name = str(value.name if isinstance(value, CaseTag) else value).strip()
        if not name:
            continue
        if len(name) > TAG_LIMIT:
            raise FieldInvalid(
                "tags",
                _("标签不能超过 %(limit)s 个字：%(name)s") % {"limit": TAG_LIMIT, "name": name},
            )
        if name not in names:
            names.append(name)
    return names


def _projects(projects: Iterable[Project], region: Region, unit: Unit | None) -> list[Project]:
    """The projects, each carried out in the case's region and (with a unit) the unit's or
    one under it."""
    projects = list(dict.fromkeys(projects))
    outside = [p.code for p in projects if not p.region_id.startswith(region.code)]
    if outside:
        raise FieldInvalid(
            "projects",
            _("以下项目不在案例地区（%(region)s）实施：%(codes)s")
            % {"region": region.name, "codes": "、".join(outside)},
        )
    if unit is not None:
        others = [p.code for p in projects if not p.unit.path.startswith(unit.path)]
        if others:
            raise FieldInvalid(
                "projects",
                _("以下项目不属于帮扶单位（%(unit)s）及其下属单位：%(codes)s")
                % {"unit": unit.name, "codes": "、".join(others)},
            )
    return projects


def _households(
    households: Iterable[Household], region: Region, unit: Unit | None
) -> list[Household]:
    """The households, each living in the case's region and (with a unit) in a region the
    unit's tree is paired with."""
    households = list(dict.fromkeys(households))
    outside = [h.number for h in households if not h.village_id.startswith(region.code)]
    if outside:
        raise FieldInvalid(
            "households",
            _("以下农户不在案例地区（%(region)s）：%(numbers)s")
            % {"region": region.name, "numbers": "、".join(outside)},
        )
    if unit is not None and households:
        paired = paired_regions(unit)
        unpaired = [
            h.number for h in households if not any(h.village_id.startswith(c) for c in paired)
        ]
        if unpaired:
            raise FieldInvalid(
                "households",
                _("以下农户不在帮扶单位（%(unit)s）的结对帮扶地区：%(numbers)s")
                % {"unit": unit.name, "numbers": "、".join(unpaired)},
            )
    return households


def _checked(values: Mapping[str, Any]) -> dict[str, Any]:
    """All of a case's values checked, in the order of the form (the first bad field wins)."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise InvalidInput(f"not a field of a typical case: {', '.join(sorted(unknown))}")
    title = _text("title", values.get("title"), _("请填写标题"), 200)
    year = _year(values.get("year"))
    region = _region(values.get("region"))
    unit = values.get("unit")
    if unit is not None and not isinstance(unit, Unit):
        raise FieldInvalid("unit", _("没有该帮扶单位"))
    summary = _text("summary", values.get("summary"), "", 300, required=False)
    text = _text("text", values.get("text"), _("请填写正文"), None)
    return {
        "title": title,
        "year": year,
        "region": region,
        "unit": unit,
        "summary": summary,
        "text": text,
        "tags": _tags(values.get("tags") or ()),
        "projects": _projects(values.get("projects") or (), region, unit),
        "households": _households(values.get("households") or (), region, unit),
    }


def _writable(actor: Any, region: Region, unit: Unit | None) -> None:
    if actor is not None and not access.may_write(actor, region=region.code, unit=unit):
        raise NotAllowed(_("您不能录入或修改该地区、该单位的典型案例"))


def _related_set(case: TypicalCase, values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Set the tags, projects and households; their changes as history entries."""
    changes: dict[str, list[Any]] = {}
    tags = [CaseTag.objects.get_or_create(name=name)[0] for name in values["tags"]]
    for field, new, key in (
        ("tags", tags, lambda o: o.name),
        ("projects", values["projects"], lambda o: o.code),
        ("households", values["households"], lambda o: o.number),
    ):
        manager = getattr(case, field)
        before = sorted(key(o) for o in manager.all())
        after = sorted(key(o) for o in new)
        if before != after:
            manager.set(new)
            changes[field] = [before or None, after or None]
    return changes


def _history(case: TypicalCase, changes: Mapping[str, Any], actor: Any, via: str) -> None:
    change_record(
        subject=SUBJECT, obj_id=case.pk, label=case.title, changes=changes, actor=actor, source=via
    )


def case_create(
    *,
    title: str,
    year: int,
    region: Region | str,
    text: str,
    unit: Unit | None = None,
    summary: str = "",
    tags: Iterable[str] = (),
    projects: Iterable[Project] = (),
    households: Iterable[Household] = (),
    actor: Any,
    via: str = Source.FORM,
) -> TypicalCase:
    """Record a typical case: its title, year, region and (optionally) unit, summary and text,
    tags (by name, new ones created), and the projects and households it concerns — carried
    out and living in its region, and of its unit's tree and paired regions. The actor must
    write cases of that region or unit (administrators and the system write any)."""
    values = _checked(
        {
            "title": title,
            "year": year,
            "region": region,
            "unit": unit,
            "summary": summary,
            "text": text,
            "tags": tags,
            "projects": projects,
            "households": households,
        }
    )
    _writable(actor, values["region"], values["unit"])
    with transaction.atomic():
        case = TypicalCase.objects.create(
            title=values["title"],
            year=values["year"],
            region=values["region"],
            unit=values["unit"],
            summary=values["summary"],
            text=values["text"],
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        changes: dict[str, Any] = {"created": [None, case.title]}
        for field in ("year", "region", "unit", "summary"):
            if values[field] not in (None, ""):
                changes[field] = [None, shown(values[field])]
        changes |= _related_set(case, values)
        _history(case, changes, actor, via)
    return case


def case_update(
    *,
    case: TypicalCase,
    values: Mapping[str, Any],
    version: int | None,
    actor: Any,
    via: str = Source.FORM,
) -> TypicalCase:
    """Change a case: `values` holds the fields to change (any of FIELDS; the others keep
    theirs), all of them checked again together. `version` is the case's version the form or
    body was filled against: a newer one in the database is a CaseConflict, never overwritten.
    The version goes up when anything changed."""
    current = {
        "title": case.title,
        "year": case.year,
        "region": case.region,
        "unit": case.unit,
        "summary": case.summary,
        "text": case.text,
        "tags": [t.name for t in case.tags.all()],
        "projects": list(case.projects.all()),
        "households": list(case.households.all()),
    }
    merged = _checked({**current, **values})
    _writable(actor, case.region, case.unit)
    _writable(actor, merged["region"], merged["unit"])
    with transaction.atomic():
        locked = TypicalCase.objects.select_for_update().get(pk=case.pk)
        if version is not None and version != locked.version:
            raise _conflict(locked, version)
        plain = {k: merged[k] for k in ("title", "year", "region", "unit", "summary", "text")}
        changes: dict[str, Any] = fields_apply(locked, plain)
        changes |= _related_set(locked, merged)
        if changes:
            locked.version += 1
            locked.save()
            _history(locked, changes, actor, via)
    return locked


def _conflict(locked: TypicalCase, version: int) -> CaseConflict:
    return CaseConflict(
        _("该典型案例已被他人修改（当前版本 %(version)s，您的版本 %(yours)s），请刷新后重试")
        % {"version": locked.version, "yours": version}
    )


def case_delete(
    *, case: TypicalCase, version: int | None = None, actor: Any, via: str = Source.FORM
) -> None:
    """Delete a case and its photos (their files once the deletion is committed); the history
    keeps a row of it. `version` is the one the user saw: a newer one in the database is a
    CaseConflict and nothing is deleted."""
    _writable(actor, case.region, case.unit)
    with transaction.atomic():
        locked = TypicalCase.objects.select_for_update().filter(pk=case.pk).first()
        if locked is None:
            raise NotFound(f"no typical case {case.pk}")
        if version is not None and version != locked.version:
            raise _conflict(locked, version)
        paths = list(locked.photos.values_list("path", flat=True))
        _history(locked, {"deleted": [locked.title, None]}, actor, via)
        locked.delete()
        transaction.on_commit(lambda: _files_remove(paths))


def _files_remove(paths: Iterable[str]) -> None:
    root = attachments_root()
    for path in paths:
        (root / path).unlink(missing_ok=True)


def photo_check(upload: Any) -> None:
    """Only JPEG and PNG pictures, told by the name and by the first bytes."""
    if upload is None:
        raise FieldInvalid("photo", _("请选择图片文件"))
    name = Path(upload.name or "").name
    magic = PHOTO_KINDS.get(Path(name).suffix.lower())
    if magic is None:
        raise FieldInvalid(
            "photo", _("图片只能是 jpg、jpeg 或 png 文件：%(name)s") % {"name": name}
        )
    upload.seek(0)
    head = upload.read(len(magic))
    upload.seek(0)
    if head != magic:
        raise FieldInvalid("photo", _("文件内容不是 jpg 或 png 图片：%(name)s") % {"name": name})


def case_photo_add(
    *,
    case: TypicalCase,
    upload: Any,
    caption: str = "",
    actor: Any,
    via: str = Source.FORM,
) -> CasePhoto:
    """Add a photo (jpg, jpeg or png) to a case, kept under the data folder
    (attachments/cases/<case>/) and placed after the others. The file is removed again when
    the photo's row is not written."""
    _writable(actor, case.region, case.unit)
    caption = _text("caption", caption, "", 200, required=False)
    photo_check(upload)
    try:
        path = attachment_keep(upload, folder=f"cases/{case.pk}")
    except InvalidInput as exc:
        raise FieldInvalid("photo", exc.message) from None
    try:
        with transaction.atomic():
            locked = TypicalCase.objects.select_for_update().get(pk=case.pk)
            last = locked.photos.aggregate(last=Max("order"))["last"]
            photo = CasePhoto.objects.create(
                case=locked,
                name=Path(upload.name).name[:200],
                path=path,
                caption=caption,
                order=0 if last is None else last + 1,
                uploaded_by=actor if getattr(actor, "pk", None) else None,
            )
            _history(locked, {"photo": [None, photo.name]}, actor, via)
    except BaseException:
        (attachments_root() / path).unlink(missing_ok=True)
        raise
    return photo


def case_photo_remove(*, photo: CasePhoto, actor: Any, via: str = Source.FORM) -> None:
    """Remove a photo of a case; its file goes once the removal is committed."""
    case = photo.case
    _writable(actor, case.region, case.unit)
    with transaction.atomic():
        path = photo.path
        _history(case, {"photo": [photo.name, None]}, actor, via)
        photo.delete()
        transaction.on_commit(lambda: _files_remove([path]))
