"""The household page: reasons said plainly, data-quality lines, the legend of the marks."""

import pytest
from django.utils import translation
from tests.factories import id_number, member_row, write_csv

from fupin.accounts.models import User
from fupin.regions.models import Region
from fupin.registry.enums import Reason
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import

pytestmark = pytest.mark.django_db

PLAIN = {
    "below_line": ("收入低于贫困线", "Income below the line"),
    "food_clothing": ("吃穿有困难", "Food and clothing not assured"),
    "education": ("义务教育无保障", "Compulsory education not assured"),
    "medical": ("基本医疗无保障", "Basic medical care not assured"),
    "housing": ("住房不安全", "Housing not safe"),
    "water": ("饮水不安全", "Drinking water not safe"),
}


def test_each_failed_guarantee_is_a_plain_phrase_in_both_languages():
    assert {code: str(label) for code, label in Reason.choices} == {
        code: zh for code, (zh, _) in PLAIN.items()
    }
    with translation.override("en"):
        assert {code: str(label) for code, label in Reason.choices} == {
            code: en for code, (_, en) in PLAIN.items()
        }


@pytest.fixture
def page(client, tmp_path):
    village = Region.objects.filter(code__startswith="130727", level="village").order_by("code")[0]
    rows = [
        member_row(
            "E1",
            行政区划代码=village.code,
            证件号码=id_number(address="130727", birth="19950101"),
            工资性收入=9000,
            吃穿不愁="否",
            住房安全有保障="否",
        )
    ]
    registry_import(path=write_csv(tmp_path / "e.csv", rows))
    evaluation_store(year=2016)
    user = User.objects.create_user(
        "e-office", password="a-long-test-password", role="county_office"
    )
    user.regions.set(Region.objects.filter(code="130727"))
    client.force_login(user)
    return client


def test_reasons_on_the_household_page_read_plainly(page):
    text = page.get("/households/E1/").content.decode()
    assert "<td>吃穿有困难、住房不安全</td>" in text
    assert "未不愁" not in text and "住房安全无保障" not in text
    page.cookies["django_language"] = "en"
    english = page.get("/households/E1/").content.decode()
    assert "<td>Food and clothing not assured, Housing not safe</td>" in english
    assert "吃穿" not in english and "住房" not in english
