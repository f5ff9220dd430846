"""Indicators' units (元, 人次, 吨 …) in the reader's language on the pages."""

import pytest
from django.utils import translation
from tests.assistance.test_pages import build_world, login, row_of, text

from fupin.assistance.indicators import unit_shown

pytestmark = pytest.mark.django_db


def test_common_units_are_translated_and_a_units_own_label_is_kept():
    with translation.override("en"):
        assert [unit_shown(u) for u in ("元", "人次", "人", "吨", "株", "亩")] == [
            "yuan",
            "person-times",
            "people",
            "t",
            "plants",
            "mu",
        ]
        assert unit_shown("袋") == "袋"  # not in the catalogue: as the unit wrote it
    with translation.override("zh-hans"):
        assert [unit_shown(u) for u in ("元", "人次", "吨")] == ["元", "人次", "吨"]


@pytest.fixture
def world():
    return build_world()


def test_unit_page_and_targets_show_units_in_english(client, world):
    login(client, "group", "assisting_unit", units_=[world[1]])
    chinese = text(client.get(f"/assistance/units/{world[1].pk}/?year=2020"))
    assert "<td>元</td>" in row_of(chinese, "funds_invested")
    assert "<td>人次</td>" in row_of(chinese, "cadres_trained")
    client.cookies["django_language"] = "en"
    page = text(client.get(f"/assistance/units/{world[1].pk}/?year=2020"))
    assert "<td>yuan</td>" in row_of(page, "funds_invested")
    assert "<td>people</td>" in row_of(page, "jobs_direct")
    assert "<td>person-times</td>" in row_of(page, "cadres_trained")
    targets = text(client.get(f"/assistance/units/{world[1].pk}/targets/?year=2020"))
    assert "<td>yuan</td>" in row_of(targets, "funds_invested")
    assert "（元）" not in targets and "<td>元</td>" not in targets


def test_region_page_shows_units_in_english(client, world):
    login(client, "province", "province_office", regions=["13"])
    client.cookies["django_language"] = "en"
    page = text(client.get("/regions/130727/?year=2020"))
    assert row_of(page, "funds_invested").endswith('<td class="num">250,000.50</td><td>yuan</td>')
