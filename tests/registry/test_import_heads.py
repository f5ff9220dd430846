"""One head per household, judged on what the rows declare, whatever else is wrong in them."""

import pytest
from stdnum.cn import ric
from tests.factories import id_number, member_only, member_row, write_csv

from fupin.core.errors import RowErrors
from fupin.registry.imports import registry_import
from fupin.registry.models import Household, Member

pytestmark = pytest.mark.django_db


def _bad_check_digit():
    number = id_number(birth="19700101", address="110101")
    return number[:17] + ("0" if number[17] != "0" else "1")


def _errors(tmp_path, rows):
    with pytest.raises(RowErrors) as caught:
        registry_import(path=write_csv(tmp_path / "heads.csv", rows))
    return sorted((e.row, e.column, e.reason) for e in caught.value.errors if e.severity == "error")


def test_second_head_is_reported_when_the_first_heads_row_has_another_error(tmp_path):
    # given a household whose first head has a wrong check digit and a second head on row 3
    bad = _bad_check_digit()
    rows = [
        member_row("D1", 证件号码=bad),
        member_row("D1", 姓名="第二户主", 证件号码=id_number(address="110101")),
    ]
    # when it is imported; then both problems are named, each on its own row
    assert _errors(tmp_path, rows) == [
        (2, "证件号码", f"check digit is wrong (expected {_digit(bad)})"),
        (3, "与户主关系", "second head in household (first on row 2)"),
    ]
    assert not Household.objects.exists() and not Member.objects.exists()


def test_a_head_whose_row_has_an_error_is_still_the_head(tmp_path):
    # given a household whose only head has no name
    rows = [
        member_row("D2", 姓名="", 证件号码=id_number(address="110101")),
        member_only("D2", "之子", 证件号码=id_number(birth="20050505", address="110101")),
    ]
    # then the empty name is the error, not a missing head
    assert _errors(tmp_path, rows) == [(2, "姓名", "required value is empty")]
    assert not Household.objects.exists()


def _digit(number):
    return ric.calc_check_digit(number[:17] + "0")


def test_a_head_given_again_is_not_a_second_head(tmp_path):
    # given a head repeated on a later row, once exactly and once without the name
    head = id_number(address="110101")
    rows = [
        member_row("D3", 证件号码=head, 姓名="赵六"),
        member_row("D3", 证件号码=head, 姓名="赵六"),
        member_row("D3", 证件号码=head, 姓名=""),
    ]
    # then only the empty name is an error
    assert _errors(tmp_path, rows) == [(4, "姓名", "required value is empty")]
