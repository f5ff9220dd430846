"""The household list shows, for each household, its guarantee marks with their legend and
what is due; on a phone the same households are cards (the browser test looks at them)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.factories import member_row, write_csv

from fupin.accounts.models import User
from fupin.regions.models import Region
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def village_cadre(client, tmp_path):
    village = Region.objects.filter(code__startswith="130727", level="village").first().code
    rows = [
        member_row("P1", 行政区划代码=village, 姓名="张大山", 工资性收入=1000),
        member_row("P2", 行政区划代码=village, 姓名="李秀英", 工资性收入=9000, 住房安全有保障="否"),
        member_row("P3", 行政区划代码=village, 姓名="赵小红", 工资性收入=9000),
    ]
    registry_import(path=write_csv(tmp_path / "r.csv", rows))
    evaluation_store(year=2016)
    user = User.objects.create_user("cadre", password="a-long-test-password", role="village_cadre")
    user.regions.set([village])
    client.force_login(user)
    return user


def _cards(html):
    return re.findall(r'<li class="household-card">(.*?)</li>', html, re.S)


def _plain(fragment):
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def test_each_household_card_names_the_head_status_and_what_is_due(client, village_cadre):
    # When the village cadre opens the list (the year defaults to the latest evaluated)
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/households/").content.decode()
    cards = [_plain(c) for c in _cards(html)]
    # Then each household is a card: head, status, number and village, the five marks and
    # what is due in words
    assert len(cards) == 3
    assert cards[0].startswith("张大山 未脱贫 P1 · ")
    assert cards[0].endswith("吃✓ 学✓ 医✓ 住✓ 水✓ 待解决 收入低于贫困线")
    assert cards[1].startswith("李秀英 未脱贫 P2 · ")
    assert cards[1].endswith("吃✓ 学✓ 医✓ 住✗ 水✓ 待解决 住房不安全")
    assert cards[2].startswith("赵小红 达到脱贫条件 P3 · ")
    assert cards[2].endswith("无未达标项")
    assert '<span class="status poor">未脱贫</span>' in _cards(html)[0]
    # And the table has the marks too, the unmet one marked as such
    assert '<span class="mark unmet" title="住房安全">住✗</span>' in html
    # And the legend says what each mark means
    legend = _plain(re.search(r'<p class="legend muted">(.*?)</p>', html, re.S).group(1))
    assert legend == (
        "两不愁三保障 吃 吃穿不愁 · 学 义务教育 · 医 基本医疗 · 住 住房安全 · 水 饮水安全 — "
        "✓ 有保障，✗ 无保障（未填写的按无保障评估）；— 该年度尚未评估。"
    )
    # And the page still costs the same queries (session, user, scope, year, count, page)
    assert len(queries) == 6


def test_a_year_not_evaluated_says_so_on_each_card(client, village_cadre):
    html = client.get("/households/?year=2019").content.decode()
    cards = [_plain(c) for c in _cards(html)]
    assert len(cards) == 3 and all(c.endswith("该年度尚未评估") for c in cards)
    assert "吃✓" not in html


def test_the_list_in_english_has_no_chinese_labels_on_its_cards_and_legend(client, village_cadre):
    client.cookies["django_language"] = "en"
    html = client.get("/households/").content.decode()
    card = _plain(_cards(html)[1])
    village = village_cadre.regions.get().short_name  # place names stay as given
    assert card.startswith(f"李秀英 Poor P2 · {village} · Household size 1 ")
    assert card.endswith("F✓ E✓ M✓ H✗ W✓ Due: Housing not safe")
    legend = _plain(re.search(r'<p class="legend muted">(.*?)</p>', html, re.S).group(1))
    assert legend == (
        "Two assurances, three guarantees: F food and clothing · E compulsory education · "
        "M basic medical care · H safe housing · W safe drinking water — ✓ assured, ✗ not "
        "assured (a blank counts as not assured); — not evaluated for the year."
    )
