"""The household page's monitoring section: the household's cases and its latest yearly result
under a monitoring regime."""

import re

import pytest
from tests.monitoring.pages_data import build, user

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build()


def test_the_household_page_lists_its_cases(client, data):
    client.force_login(user("yy", "county_office", "130727"))
    html = client.get("/households/C1/").content.decode()
    section = re.search(r'<section class="household-monitoring">(.*?)</section>', html, re.S)
    rows = re.findall(r"<tr data-case[^>]*>(.*?)</tr>", section.group(1), re.S)
    cells = [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows]
    assert cells == [
        "2023-03-01 突发严重困难户 因自然灾害 · 旱灾、因意外事故 风险已消除 "
        "2023-03-20 2024-08-01 查看"
    ]
    html = client.get("/households/A1/").content.decode()
    section = re.search(r'<section class="household-monitoring">(.*?)</section>', html, re.S)
    line = " ".join(re.sub(r"<[^>]+>", " ", section.group(1)).split())
    assert "2024 年度监测评估： 脱贫不稳定风险 · 人均纯收入 5,000.00 · 监测范围 7,300.00" in line
    html = client.get("/households/H1/").content.decode()
    assert "未纳入过监测。" in html


def test_the_section_in_english(client, data):
    client.force_login(user("yy", "county_office", "130727"))
    client.cookies["django_language"] = "en"
    html = client.get("/households/C1/").content.decode()
    section = re.search(r'<section class="household-monitoring">(.*?)</section>', html, re.S)
    text = " ".join(re.sub(r"<[^>]+>", " ", section.group(1)).split())
    assert text == (
        "Monitoring Reported Object type Risk type Stage Identified Risk eliminated on "
        "2023-03-01 household in sudden severe hardship natural disaster · drought, accident "
        "Risk eliminated 2023-03-20 2024-08-01 Open"
    )
