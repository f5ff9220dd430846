"""The writes of typical cases: create, update against the version, photos; each checked
first (a refusal writes nothing: no case, no history row, no file), each with a history row."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.reports.case_world import (
    COUNTY,
    OTHER_COUNTY,
    case,
    chinese,  # noqa: F401 (autouse)
    png,
    upload,
    world_build,
)

from fupin.assistance.services import attachments_root
from fupin.core.errors import FieldInvalid, NotAllowed
from fupin.core.models import Change
from fupin.reports.cases import services
from fupin.reports.models import CasePhoto, CaseTag, TypicalCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return world_build()


def stored() -> tuple[int, int, int, int]:
    return (
        TypicalCase.objects.count(),
        CasePhoto.objects.count(),
        CaseTag.objects.count(),
        Change.objects.filter(subject="typical_case").count(),
    )


def files() -> list[Path]:
    root = attachments_root()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_case_is_created_with_its_tags_projects_households_and_a_history_row(world):
    made = case(world, actor=world.group_user)
    assert (made.title, made.year, made.region_id, made.unit, made.version) == (
        "阳原县牡丹庭院经济", 2019, COUNTY, world.subsidiary, 1,
    )  # fmt: skip
    assert made.created_by == world.group_user
    assert sorted(t.name for t in made.tags.all()) == ["产业扶贫", "庭院经济"]
    assert list(made.projects.values_list("code", flat=True)) == ["SG-1"]
    assert sorted(made.households.values_list("number", flat=True)) == ["H0", "H1"]
    (row,) = Change.objects.filter(subject="typical_case", subject_id=made.pk)
    assert row.actor == world.group_user
    assert row.changes["created"] == [None, "阳原县牡丹庭院经济"]
    assert row.changes["year"] == [None, 2019]
    assert row.changes["tags"] == [None, ["产业扶贫", "庭院经济"]]
    assert row.changes["households"] == [None, ["H0", "H1"]]


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"title": "  "}, "title", "请填写标题"),
        ({"title": "长" * 201}, "title", "不能超过 200 个字"),
        ({"year": 1900}, "year", "年度应在 1978 至 2100 之间"),
        ({"year": 2101}, "year", "年度应在 1978 至 2100 之间"),
        ({"region": "999999"}, "region", "没有代码为 999999 的行政区划"),
        ({"text": ""}, "text", "请填写正文"),
        ({"summary": "摘" * 301}, "summary", "不能超过 300 个字"),
        ({"tags": ["标" * 41]}, "tags", "标签不能超过 40 个字：" + "标" * 41),
    ],
)
def test_bad_values_are_refused_on_their_field_and_nothing_is_written(world, over, field, message):
    before = stored()
    with pytest.raises(FieldInvalid) as refused:
        case(world, **over)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert stored() == before


def test_projects_and_households_must_be_in_the_cases_region_and_its_units(world):
    before = stored()
    with pytest.raises(FieldInvalid) as refused:
        case(world, projects=[world.project, world.other_project])
    assert refused.value.field == "projects"
    assert refused.value.message == "以下项目不在案例地区（阳原县）实施：MM-1"
    with pytest.raises(FieldInvalid) as refused:  # in 滦平县, of another unit
        case(world, region=OTHER_COUNTY, projects=[world.other_project], households=[])
    assert refused.value.message == ("以下项目不属于帮扶单位（首钢技师学院）及其下属单位：MM-1")
    with pytest.raises(FieldInvalid) as refused:
        case(world, households=[world.households[0], world.far])
    assert (refused.value.field, refused.value.message) == (
        "households",
        "以下农户不在案例地区（阳原县）：H-LP",
    )
    with pytest.raises(FieldInvalid) as refused:  # 滦平县: not where the subsidiary is paired
        case(world, region=OTHER_COUNTY, projects=[], households=[world.far])
    assert refused.value.message == ("以下农户不在帮扶单位（首钢技师学院）的结对帮扶地区：H-LP")
    assert stored() == before
    # the group's case may name its subsidiary's project; with no unit, the region decides
    assert case(world, unit=world.group).projects.get() == world.project
    assert case(world, unit=None, region=OTHER_COUNTY, projects=[world.other_project],
                households=[world.far]).households.get() == world.far  # fmt: skip


def test_only_the_region_office_or_the_units_tree_writes_a_case(world):
    before = stored()
    for outsider in (world.other_county, world.other_unit_user):
        with pytest.raises(NotAllowed):
            case(world, actor=outsider)
    assert stored() == before
    assert case(world, actor=world.county).created_by == world.county
    assert case(world, actor=world.admin).created_by == world.admin


def test_an_update_changes_the_fields_raises_the_version_and_records_the_change(world):
    made = case(world)
    updated = services.case_update(
        case=made,
        values={"title": "牡丹庭院经济", "tags": ["产业扶贫"], "households": world.households},
        version=1,
        actor=world.county,
    )
    assert (updated.title, updated.version) == ("牡丹庭院经济", 2)
    assert [t.name for t in updated.tags.all()] == ["产业扶贫"]
    assert updated.households.count() == 3
    row = Change.objects.filter(subject="typical_case", subject_id=made.pk).latest("pk")
    assert row.changes == {
        "title": ["阳原县牡丹庭院经济", "牡丹庭院经济"],
        "tags": [["产业扶贫", "庭院经济"], ["产业扶贫"]],
        "households": [["H0", "H1"], ["H0", "H1", "H2"]],
    }
    assert row.actor == world.county
    # nothing changed: no new version, no history row
    same = services.case_update(case=updated, values={"title": "牡丹庭院经济"}, version=2,
                                actor=None)  # fmt: skip
    assert same.version == 2
    assert Change.objects.filter(subject="typical_case", subject_id=made.pk).count() == 2


def test_a_stale_version_is_a_conflict_and_changes_nothing(world):
    made = case(world)
    services.case_update(case=made, values={"summary": "新摘要"}, version=1, actor=None)
    before = stored()
    with pytest.raises(services.CaseConflict) as refused:
        services.case_update(case=made, values={"title": "覆盖"}, version=1, actor=None)
    assert refused.value.code == "conflict"
    assert "当前版本 2，您的版本 1" in refused.value.message
    made.refresh_from_db()
    assert (made.title, made.summary, made.version) == ("阳原县牡丹庭院经济", "新摘要", 2)
    assert stored() == before


def test_an_update_checks_the_projects_again_against_a_new_region(world):
    made = case(world)
    with pytest.raises(FieldInvalid) as refused:
        services.case_update(case=made, values={"region": OTHER_COUNTY}, version=1, actor=None)
    assert refused.value.field == "projects"
    made.refresh_from_db()
    assert (made.region_id, made.version) == (COUNTY, 1)


def test_a_photo_is_kept_under_the_cases_folder_in_order(world):
    made = case(world)
    first = services.case_photo_add(case=made, upload=upload("a.png"), caption="种苗", actor=None)
    second = services.case_photo_add(
        case=made, upload=upload("b.JPG", b"\xff\xd8\xff\xe0" + b"0" * 20), actor=None
    )
    assert (first.order, second.order) == (0, 1)
    assert first.path.startswith(f"cases/{made.pk}/") and first.path.endswith("-a.png")
    assert (attachments_root() / first.path).read_bytes() == png()
    assert first.caption == "种苗"
    rows = Change.objects.filter(subject="typical_case", subject_id=made.pk).order_by("pk")
    assert [r.changes for r in rows][1:] == [{"photo": [None, "a.png"]}, {"photo": [None, "b.JPG"]}]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"%PDF-1.4", "图片只能是 jpg、jpeg 或 png 文件：report.pdf"),
        ("photo.gif", b"GIF89a", "图片只能是 jpg、jpeg 或 png 文件：photo.gif"),
        ("fake.png", b"<html>not a picture</html>", "文件内容不是 jpg 或 png 图片：fake.png"),
        ("fake.jpg", png(), "文件内容不是 jpg 或 png 图片：fake.jpg"),
    ],
)
def test_only_jpeg_and_png_photos_are_taken(world, name, content, message):
    made = case(world)
    before = stored()
    with pytest.raises(FieldInvalid) as refused:
        services.case_photo_add(case=made, upload=upload(name, content), actor=None)
    assert (refused.value.field, refused.value.message) == ("photo", message)
    assert stored() == before
    assert files() == []


def test_the_file_is_removed_when_the_photo_is_not_written(world, monkeypatch):
    made = case(world)
    before = stored()

    def broken(*args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_history", broken)
    with pytest.raises(RuntimeError):
        services.case_photo_add(case=made, upload=upload(), actor=None)
    assert stored() == before
    assert files() == []


def test_a_photo_outsider_may_not_add_and_a_removed_photo_loses_its_file(
    world, django_capture_on_commit_callbacks
):
    made = case(world)
    with pytest.raises(NotAllowed):
        services.case_photo_add(case=made, upload=upload(), actor=world.other_county)
    assert files() == []
    photo = services.case_photo_add(case=made, upload=upload(), actor=world.group_user)
    kept = attachments_root() / photo.path
    assert kept.is_file()
    with django_capture_on_commit_callbacks(execute=True):
        services.case_photo_remove(photo=photo, actor=world.county)
    assert not kept.exists()
    assert CasePhoto.objects.count() == 0
    row = Change.objects.filter(subject="typical_case", subject_id=made.pk).latest("pk")
    assert row.changes == {"photo": ["photo.png", None]}


def test_a_deleted_case_takes_its_photos_and_leaves_a_history_row(
    world, django_capture_on_commit_callbacks
):
    made = case(world)
    photo = services.case_photo_add(case=made, upload=upload(), actor=None)
    with pytest.raises(NotAllowed):
        services.case_delete(case=made, actor=world.other_unit_user)
    assert TypicalCase.objects.filter(pk=made.pk).exists()
    pk = made.pk
    with django_capture_on_commit_callbacks(execute=True):
        services.case_delete(case=made, actor=world.admin)
    assert not TypicalCase.objects.filter(pk=pk).exists()
    assert not (attachments_root() / photo.path).exists()
    row = Change.objects.filter(subject="typical_case", subject_id=pk).latest("pk")
    assert row.changes == {"deleted": ["阳原县牡丹庭院经济", None]}
