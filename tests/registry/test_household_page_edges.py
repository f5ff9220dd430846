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
    "below_range": ("收入低于监测范围", "Income below the monitoring range"),
    "food_clothing": ("吃穿有困难", "Food and clothing not assured"),
    "education": ("义务教育无保障", "Compulsory education not assured"),
    "medical": ("基本医疗无保障", "Basic medical care not assured"),
    "housing": ("住房不安全", "Housing not safe"),
    "water": ("饮水不安全", "Drinking water not safe"),
    "income_drop": ("收入大幅下降", "Income fell sharply"),
    "rigid_expense": ("刚性支出过大", "Rigid expenses too large"),
    "disaster": ("遭受自然灾害", "Struck by a natural disaster"),
    "accident": ("发生意外事故", "Had an accident"),
}


def test_every_reason_the_rules_give_has_a_label():
    from fupin.policy.rules import REASONS

    assert tuple(Reason.values) == REASONS


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


def _findings(text):
    start = text.index('<ul class="findings">')
    return text[start : text.index("</ul>", start)]


@pytest.fixture
def checked(client, tmp_path):
    from tests.factories import HEADER

    village = Region.objects.filter(code__startswith="130727", level="village").order_by("code")[0]
    rows = [
        member_row(
            "F1",
            行政区划代码=village.code,
            姓名="王一",
            证件号码="130727700101013",  # 15 digits: to verify
            耕地面积="120.5",
            民族="",
        )
    ]
    header = [*HEADER, "耕地面积", "民族"]
    registry_import(path=write_csv(tmp_path / "f.csv", rows, header))
    user = User.objects.create_user(
        "f-office", password="a-long-test-password", role="county_office"
    )
    user.regions.set(Region.objects.filter(code="130727"))
    client.force_login(user)
    return client


def test_a_data_quality_line_shows_its_title_once_and_no_codes(checked):
    text = checked.get("/households/F1/").content.decode()
    findings = _findings(text)
    # a detail that restates its title is left out; the member is named
    assert "<li><b>民族为空</b> · 王一</li>" in findings
    assert findings.count("民族为空") == 1
    # a detail that adds only a particular shows the particular
    assert "<li><b>劳动技能为空(16–65岁)</b> · 王一 — 46 岁</li>" in findings
    # stored column names become their labels
    assert (
        "<li><b>人均耕地面积超过50亩</b> — 耕地面积(亩) 为 120.50，家庭人口 1 人</li>" in findings
    )
    # ID-number lines keep their reason: the title only says where
    assert (
        "<li><b>证件号码需核实</b> · 王一 — 15位证件号码（GB 11643-1989）应升级为18位</li>"
        in findings
    )
    for code in ("ethnicity_empty", "labour_skill_empty", "land_per_person", "id_number_warning"):
        assert code not in text
    assert "cultivated_land_mu" not in text


def test_data_quality_lines_in_english(checked):
    checked.cookies["django_language"] = "en"
    findings = _findings(checked.get("/households/F1/").content.decode())
    assert "<li><b>Ethnicity missing</b> · 王一</li>" in findings
    assert "<li><b>Labour skill missing (age 16–65)</b> · 王一 — age 46</li>" in findings
    assert (
        "<li><b>More than 50 mu of farmland per person</b> — "
        "Cultivated land (mu) 120.50 for 1 members</li>"
    ) in findings
    # nothing Chinese but the member's name
    assert set(findings.replace("王一", "")) & set("民族劳动证件耕地为空岁亩") == set()


def test_the_guarantee_marks_have_a_legend(page):
    text = page.get("/households/E1/").content.decode()
    # E1 fails 吃穿 and 住房: its marks, then what they mean, in the table's order
    assert '<td class="marks"><span class="bad">✗</span>✓✓<span class="bad">✗</span>✓</td>' in text
    legend = (
        '<p class="muted legend">两不愁三保障一栏依次为：吃穿不愁、义务教育、基本医疗、'
        "住房安全、饮水安全。✓ 有保障，✗ 无保障，? 未填写。</p>"
    )
    assert text.count(legend) == 1
    page.cookies["django_language"] = "en"
    english = page.get("/households/E1/").content.decode()
    assert (
        "Guarantees met, mark by mark: food and clothing, compulsory education, basic medical "
        "care, safe housing, safe drinking water; ✓ assured, ✗ not assured, ? not recorded."
    ) in english
