"""The typical case pages: the list with its search box and filters, a case with its photos
and masked households, the new and edit forms (bad input shown on its field with nothing
written, never a 500; a stale version said as a conflict), photos uploaded, served to those
who see the case and removed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.reports.case_world import (
    COUNTY,
    case,
    chinese,  # noqa: F401 (autouse)
    household,
    png,
    upload,
    world_build,
)

from fupin.core.models import Change
from fupin.reports.cases import services
from fupin.reports.models import CasePhoto, TypicalCase

pytestmark = pytest.mark.django_db
LIST = "/reports/cases/"


@pytest.fixture
def world(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return world_build()


def client_of(person) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(person)
    return client


def stored() -> tuple[int, int, int]:
    return (
        TypicalCase.objects.count(),
        CasePhoto.objects.count(),
        Change.objects.filter(subject="typical_case").count(),
    )


def form(world, **over) -> dict[str, object]:
    return {
        "title": "阳原县扶贫车间",
        "year": "2019",
        "region": COUNTY,
        "unit": world.subsidiary.credit_code,
        "summary": "车间就业",
        "text": "扶贫车间吸纳就业。",
        "tags": "就业扶贫、产业扶贫",
        "projects": "SG-1",
        "households": "H0\nH2",
    } | over


def test_the_list_shows_cards_with_the_first_photo_and_searches(world):
    made = case(world)
    first = services.case_photo_add(case=made, upload=upload("a.png"), actor=None)
    services.case_photo_add(case=made, upload=upload("b.png"), actor=None)
    case(world, title="另一个案例", tags=["消费扶贫"], projects=[], households=[], year=2020)
    page = client_of(world.county)
    with CaptureQueriesContext(connection) as queries:
        shown = page.get(LIST)
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "典型案例" in html and 'name="q"' in html and 'name="tag"' in html
    assert f'src="/reports/cases/{made.pk}/photos/{first.pk}"' in html
    assert html.count("<img ") == 1
    assert len(queries) == 9  # session, user, scope, tags, years, count, cases, tags, photos
    found = page.get(LIST, {"q": "牡丹", "year": "2019"}).content.decode()
    assert "阳原县牡丹庭院经济" in found and "另一个案例" not in found
    tagged = page.get(LIST, {"tag": "消费扶贫"}).content.decode()
    assert "另一个案例" in tagged and "阳原县牡丹庭院经济" not in tagged
    # a year out of range is ignored, not an error
    assert page.get(LIST, {"year": "abc", "page": "x"}).status_code == 200


def test_a_user_outside_sees_neither_the_case_nor_its_photos(world):
    made = case(world)
    photo = services.case_photo_add(case=made, upload=upload(), actor=None)
    outsider = client_of(world.other_county)
    assert made.title not in outsider.get(LIST).content.decode()
    assert outsider.get(f"{LIST}{made.pk}/").status_code == 404
    assert outsider.get(f"{LIST}{made.pk}/photos/{photo.pk}").status_code == 404
    assert outsider.get(f"{LIST}{made.pk}/edit/").status_code == 404
    served = client_of(world.group_user).get(f"{LIST}{made.pk}/photos/{photo.pk}")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png()


def test_the_detail_masks_the_households_the_user_may_not_see(world):
    made = case(world)
    county = client_of(world.county).get(f"{LIST}{made.pk}/").content.decode()
    assert "张三" in county and 'href="/households/H0/"' in county
    assert "扶贫车间" not in county and "牡丹种苗" in county
    unit = client_of(world.group_user).get(f"{LIST}{made.pk}/").content.decode()
    assert "张三" not in unit and "张*" in unit and "李*" in unit
    assert 'href="/households/H0/"' not in unit
    assert "SG-1" in unit and "产业扶贫" in unit
    assert "变更记录" in unit


def test_a_case_is_created_through_the_form_with_its_first_photo(world):
    page = client_of(world.group_user)
    assert page.get(f"{LIST}new/").status_code == 200
    data = form(world) | {"photo": upload("workshop.png"), "caption": "车间"}
    answer = page.post(f"{LIST}new/", data)
    made = TypicalCase.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"{LIST}{made.pk}/"
    assert (made.title, made.unit, made.created_by) == (
        "阳原县扶贫车间", world.subsidiary, world.group_user,
    )  # fmt: skip
    assert sorted(t.name for t in made.tags.all()) == ["产业扶贫", "就业扶贫"]
    assert sorted(made.households.values_list("number", flat=True)) == ["H0", "H2"]
    assert made.photos.get().caption == "车间"


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"title": ""}, "title", "该字段是必填项。"),
        ({"year": "1800"}, "year", "1978"),
        ({"region": "99"}, "region", "没有代码为 99 的行政区划"),
        ({"unit": "没有这个单位"}, "unit", "没有单位 没有这个单位"),
        ({"projects": "SG-1, NOPE"}, "projects", "没有以下编号的项目：NOPE"),
        ({"projects": "MM-1"}, "projects", "没有以下编号的项目：MM-1"),  # not the user's
        ({"households": "H0 H-LP"}, "households", "H-LP"),
        ({"photo": upload("notes.txt", b"hello")}, "photo", "图片只能是 jpg、jpeg 或 png 文件"),
    ],
)
def test_bad_input_is_shown_on_its_field_and_nothing_is_written(world, over, field, message):
    before = stored()
    answer = client_of(world.group_user).post(f"{LIST}new/", form(world, **over))
    assert answer.status_code == 400
    errors = answer.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert stored() == before


def test_an_office_of_another_county_is_refused_on_the_form(world):
    before = stored()
    answer = client_of(world.other_county).post(f"{LIST}new/", form(world, unit="", projects="",
                                                                       households=""))  # fmt: skip
    assert answer.status_code == 400
    assert "您不能录入或修改" in answer.content.decode()
    assert stored() == before


def test_the_edit_form_saves_against_its_version_and_says_a_conflict(world):
    made = case(world)
    page = client_of(world.county)
    shown = page.get(f"{LIST}{made.pk}/edit/")
    assert shown.status_code == 200 and "牡丹" in shown.content.decode()
    data = form(world, title="改过的标题", version="1") | {"action": "save"}
    assert page.post(f"{LIST}{made.pk}/edit/", data).status_code == 302
    made.refresh_from_db()
    assert (made.title, made.version) == ("改过的标题", 2)
    before = stored()
    stale = page.post(f"{LIST}{made.pk}/edit/", data | {"title": "再改"})
    assert stale.status_code == 400
    assert "已被他人修改" in stale.content.decode()
    made.refresh_from_db()
    assert made.title == "改过的标题"
    assert stored() == before
    # one who sees the case but may not change it: 403
    assert client_of(world.group_user).get(f"{LIST}{made.pk}/edit/").status_code == 200
    other = case(world, unit=None, projects=[], households=[])
    assert client_of(world.group_user).get(f"{LIST}{other.pk}/edit/").status_code == 403


def test_photos_are_added_and_removed_on_the_edit_page(world, django_capture_on_commit_callbacks):
    made = case(world)
    page = client_of(world.group_user)
    url = f"{LIST}{made.pk}/edit/"
    bad = page.post(url, {"action": "photo", "photo": upload("x.gif", b"GIF89a")})
    assert bad.status_code == 400 and "图片只能是" in bad.content.decode()
    assert CasePhoto.objects.count() == 0
    assert (
        page.post(url, {"action": "photo", "photo": upload(), "caption": "田间"}).status_code == 302
    )
    photo = CasePhoto.objects.get()
    assert photo.caption == "田间"
    assert page.post(url, {"action": "remove", "photo": "abc"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert page.post(url, {"action": "remove", "photo": str(photo.pk)}).status_code == 302
    assert CasePhoto.objects.count() == 0
    assert page.post(url, {"action": "nonsense"}).status_code == 404


def test_the_pages_read_in_english(world):
    made = case(world)
    page = Client(HTTP_ACCEPT_LANGUAGE="en")
    page.force_login(world.county)
    listed = page.get(LIST).content.decode()
    assert "New case" in listed and "Search" in listed
    shown = page.get(f"{LIST}{made.pk}/").content.decode()
    assert "Households" in shown and "Photos" in shown and "No photo yet" in shown


def test_the_history_shows_ten_of_a_long_list_and_its_count(world):
    many = [household(f"N{i:02d}", COUNTY, "孙七") for i in range(12)]
    made = case(world, households=many)
    shown = client_of(world.county).get(f"{LIST}{made.pk}/").content.decode()
    assert "N00、N01" in shown and "N09……共 12 项" in shown and "N10、" not in shown


def test_a_case_is_deleted_from_its_page_after_the_tick(world, django_capture_on_commit_callbacks):
    # given a case with a photo, and the unit user who writes it
    from fupin.assistance.services import attachments_root

    made = case(world)
    photo = services.case_photo_add(case=made, upload=upload(), actor=None)
    kept = attachments_root() / photo.path
    page = client_of(world.group_user)
    delete = f"{LIST}{made.pk}/delete/"
    # the case page offers 删除 with the version shown, which asks for the tick
    shown = page.get(f"{LIST}{made.pk}/").content.decode()
    assert f'href="{delete}?version=1"' in shown and "删除" in shown
    asked = page.get(delete, {"version": "1"})
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "阳原县牡丹庭院经济" in html and "（1 张）" in html
    assert 'name="confirm"' in html and 'name="version" value="1"' in html
    # when it is posted without the tick, nothing is deleted
    before = stored()
    unticked = page.post(delete, {"version": "1"})
    assert unticked.status_code == 400 and "请勾选确认后再删除" in unticked.content.decode()
    assert stored() == before
    # when it is posted with the tick, the case goes; its photo's file once committed
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        done = page.post(delete, {"version": "1", "confirm": "on"})
    assert done.status_code == 302 and done["Location"] == LIST
    assert not TypicalCase.objects.filter(pk=made.pk).exists()
    assert CasePhoto.objects.count() == 0
    assert kept.is_file()  # not before the commit
    for callback in callbacks:
        callback()
    assert not kept.exists()
    row = Change.objects.filter(subject="typical_case", subject_id=made.pk).latest("pk")
    assert (row.changes, row.actor, row.source) == (
        {"deleted": ["阳原县牡丹庭院经济", None]}, world.group_user, "form",
    )  # fmt: skip
    assert "已删除典型案例" in page.get(LIST).content.decode()
    assert page.get(delete).status_code == 404


def test_a_stale_deletion_is_a_conflict_and_those_who_may_not_write_are_refused(world):
    made = case(world)
    services.case_update(case=made, values={"title": "改过的标题"}, version=1, actor=None)
    page = client_of(world.county)
    before = stored()
    stale = page.post(f"{LIST}{made.pk}/delete/", {"version": "1", "confirm": "on"})
    assert stale.status_code == 409
    assert "当前版本 2，您的版本 1" in stale.content.decode()
    assert stored() == before
    # one who sees the case but may not write it: no button, 403; one who does not see it: 404
    other = case(world, unit=None, projects=[], households=[])
    reader = client_of(world.group_user)
    assert "/delete/" not in reader.get(f"{LIST}{other.pk}/").content.decode()
    ticked = {"version": "1", "confirm": "on"}
    assert reader.get(f"{LIST}{other.pk}/delete/").status_code == 403
    assert reader.post(f"{LIST}{other.pk}/delete/", ticked).status_code == 403
    outsider = client_of(world.other_county)
    assert outsider.post(f"{LIST}{made.pk}/delete/", ticked | {"version": "2"}).status_code == 404
    assert stored() == (before[0] + 1, before[1], before[2] + 1)  # only `other` was added
    assert TypicalCase.objects.filter(pk=made.pk).exists()


def test_the_delete_page_reads_in_english(world):
    made = case(world)
    page = Client(HTTP_ACCEPT_LANGUAGE="en")
    page.force_login(world.county)
    assert ">Delete</a>" in page.get(f"{LIST}{made.pk}/").content.decode()
    asked = page.get(f"{LIST}{made.pk}/delete/").content.decode()
    assert "Delete typical case" in asked and "and all its photos (0)" in asked
    unticked = page.post(f"{LIST}{made.pk}/delete/", {"version": "1"}).content.decode()
    assert "Tick the confirmation to delete" in unticked
    assert TypicalCase.objects.filter(pk=made.pk).exists()
