"""Every registry write leaves its history in the same transaction."""

import pytest
from tests.factories import id_number, member_only, member_row, write_csv

from fupin.core.errors import RowErrors
from fupin.core.models import Change
from fupin.registry.imports import registry_import

pytestmark = pytest.mark.django_db


def _rows(spouse_name="李梅", wage=2000, with_child=True):
    rows = [
        member_row("H1", 证件号码=HEAD, 工资性收入=wage),
        member_only("H1", "配偶", 证件号码=SPOUSE, 姓名=spouse_name),
        member_row("H2", 证件号码=OTHER),
    ]
    if with_child:
        rows.insert(2, member_only("H1", "之子", 证件号码=CHILD, 姓名="张小"))
    return rows


HEAD, SPOUSE, CHILD, OTHER = (
    id_number(birth="19700101"),
    id_number(birth="19710101", male=False),
    id_number(birth="20050101"),
    id_number(birth="19600101"),
)


def test_import_records_creation_then_exact_changes_and_nothing_for_a_repeat(tmp_path):
    registry_import(path=write_csv(tmp_path / "a.csv", _rows()))
    created = {c.label: c.changes for c in Change.objects.all()}
    assert created == {
        "H1": {"created": {"members": 3, "surveys": [2016]}},
        "H2": {"created": {"members": 1, "surveys": [2016]}},
    }
    assert {c.source for c in Change.objects.all()} == {"import"}

    registry_import(path=write_csv(tmp_path / "b.csv", _rows()))
    assert Change.objects.count() == 2  # the same file again changes nothing

    registry_import(
        path=write_csv(tmp_path / "c.csv", _rows(spouse_name="李梅花", wage=2500, with_child=False))
    )
    assert Change.objects.count() == 3
    change = Change.objects.latest("id")
    assert change.label == "H1" and change.subject == "household"
    assert change.changes["surveys"] == {"2016": {"wage_income": ["2000.00", "2500.00"]}}
    assert change.changes["members"][SPOUSE] == {"name": ["李梅", "李梅花"]}
    removed = change.changes["members"][CHILD]["removed"]
    assert removed["name"] == "张小" and removed["relation"] == "son"
    assert set(change.changes) == {"members", "surveys"}


def test_a_failed_import_leaves_no_history(tmp_path):
    rows = [*_rows(), member_row("BAD", 证件号码="360426199101010072")]
    with pytest.raises(RowErrors):
        registry_import(path=write_csv(tmp_path / "bad.csv", rows))
    assert Change.objects.count() == 0


def test_importing_another_year_keeps_the_stored_survey_and_records_only_the_new_one(tmp_path):
    registry_import(path=write_csv(tmp_path / "a.csv", _rows()))
    later = [{**row, "年度": 2017} for row in _rows()]
    registry_import(path=write_csv(tmp_path / "b.csv", later))
    change = Change.objects.filter(label="H1").latest("id")
    assert set(change.changes) == {"surveys"}
    assert set(change.changes["surveys"]) == {"2017"}
    assert "added" in change.changes["surveys"]["2017"]
    # the 2016 survey is still stored, and the history does not say it was removed
    from fupin.registry.models import Survey

    assert sorted(Survey.objects.filter(household__number="H1").values_list("year", flat=True)) == [
        2016,
        2017,
    ]
