"""Who sees which typical cases, the search (every word, case-insensitive, in the title,
summary, text, tags, region and unit names; on SQLite and PostgreSQL alike), the filters,
the cases of a unit's tree or a region in a period, and the households shown masked."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.reports.case_world import (
    COUNTY,
    OTHER_COUNTY,
    case,
    chinese,  # noqa: F401 (autouse)
    user,
    world_build,
)

from fupin.core.errors import NotAllowed, NotFound
from fupin.registry.models import Member
from fupin.reports.cases import access, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return world_build()


@pytest.fixture
def cases(world):
    """阳原县 (the subsidiary's), 滦平县 (the other group's) and a case of no unit in 阳原县."""
    return {
        "yangyuan": case(world),
        "luanping": case(
            world,
            title="Luanping Mining Employment",
            year=2020,
            region=OTHER_COUNTY,
            unit=world.other_unit,
            summary="over 400 local people employed",
            text="矿业项目带动就业。",
            tags=["就业扶贫"],
            projects=[world.other_project],
            households=[world.far],
        ),
        "county": case(
            world,
            title="县级消费扶贫",
            unit=None,
            summary="",
            text="县扶贫办组织以购代捐。",
            tags=["消费扶贫"],
            projects=[],
            households=[],
        ),
    }


def titles(qs) -> list[str]:
    return sorted(c.title for c in qs)


def test_each_user_sees_the_cases_of_their_regions_and_units(world, cases):
    assert titles(access.cases_for(world.county)) == titles([cases["yangyuan"], cases["county"]])
    assert titles(access.cases_for(world.other_county)) == ["Luanping Mining Employment"]
    # the group's user: its subsidiary's case, and those in the subsidiary's paired county
    assert titles(access.cases_for(world.group_user)) == titles(
        [cases["yangyuan"], cases["county"]]
    )
    assert titles(access.cases_for(world.other_unit_user)) == ["Luanping Mining Employment"]
    assert access.cases_for(world.admin).count() == 3
    nobody = user("nobody", "county_office")
    assert access.cases_for(nobody).count() == 0
    with pytest.raises(NotFound):
        access.case_for(world.other_county, cases["yangyuan"].pk)
    with pytest.raises(NotAllowed):  # the unit user sees the county's case, may not change it
        access.case_for(world.group_user, cases["county"].pk, write=True)
    assert access.case_for(world.county, cases["county"].pk, write=True) == cases["county"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("牡丹", ["阳原县牡丹庭院经济"]),  # the title
        ("LUANPING mining", ["Luanping Mining Employment"]),  # words, case-insensitive
        ("400 LOCAL", ["Luanping Mining Employment"]),  # the summary
        ("以购代捐", ["县级消费扶贫"]),  # the text
        ("庭院", ["阳原县牡丹庭院经济"]),  # a tag (and the title)
        ("扶贫", ["Luanping Mining Employment", "县级消费扶贫", "阳原县牡丹庭院经济"]),
        ("阳原", ["县级消费扶贫", "阳原县牡丹庭院经济"]),  # the region's name
        ("技师学院", ["阳原县牡丹庭院经济"]),  # the unit's name
        ("五矿 employment", ["Luanping Mining Employment"]),
        ("牡丹 就业", []),  # every word must match
        ("100%_", []),  # LIKE's wildcards are literal
    ],
)
def test_the_search_finds_every_word_anywhere(world, cases, q, expected):
    assert titles(selectors.case_list(user=world.admin, q=q)) == expected


def test_the_search_stays_in_the_users_scope_and_the_filters_narrow_it(world, cases):
    assert titles(selectors.case_list(user=world.other_county, q="扶贫")) == [
        "Luanping Mining Employment"
    ]
    assert titles(selectors.case_list(user=world.admin, year=2020)) == [
        "Luanping Mining Employment"
    ]
    assert titles(selectors.case_list(user=world.admin, tag="消费扶贫")) == ["县级消费扶贫"]
    assert titles(selectors.case_list(user=world.admin, region="1308")) == [
        "Luanping Mining Employment"
    ]
    assert titles(selectors.case_list(user=world.admin, unit=world.group)) == ["阳原县牡丹庭院经济"]


def test_the_list_reads_a_page_of_cases_in_a_fixed_number_of_queries(world, cases):
    listed = selectors.case_list(user=world.county)
    with CaptureQueriesContext(connection) as queries:
        shown = [(c.title, c.region.name, [t.name for t in c.tags.all()], list(c.photos.all()))
                 for c in listed]  # fmt: skip
    assert len(shown) == 2
    assert len(queries) == 3  # the cases with region and unit, their tags, their photos


def test_cases_of_a_units_tree_or_a_region_in_a_period(world, cases):
    assert titles(selectors.cases_of(unit=world.group, year_from=2018, year_to=2020)) == [
        "阳原县牡丹庭院经济"
    ]
    assert titles(selectors.cases_of(region="13", year_from=2020, year_to=2020)) == [
        "Luanping Mining Employment"
    ]
    assert titles(selectors.cases_of(region=COUNTY, year_from=2019, year_to=2019)) == [
        "县级消费扶贫",
        "阳原县牡丹庭院经济",
    ]
    assert selectors.cases_of(unit=world.group, year_from=2020, year_to=2021).count() == 0


def test_households_are_masked_for_a_user_who_may_not_see_them_in_the_registry(world, cases):
    made = cases["yangyuan"]
    heads = {m.household.number: m for m in Member.objects.select_related("household")}
    # the county office sees the registry of 阳原县, ID numbers included
    shown = access.households_shown(made, world.county)
    assert [(h.number, h.head, h.linked) for h in shown] == [
        ("H0", "张三", True),
        ("H1", "李四", True),
    ]
    assert shown[0].id_number == heads["H0"].id_number
    # the group's unit user sees the case, not those households: the surname, a masked ID
    masked = access.households_shown(made, world.group_user)
    assert [(h.number, h.head, h.linked) for h in masked] == [
        ("H0", "张*", False),
        ("H1", "李*", False),
    ]
    number = heads["H0"].id_number
    assert masked[0].id_number == number[:6] + "********" + number[-4:]
    assert number not in str(masked)
