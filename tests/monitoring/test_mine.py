"""The village cadre's list of open cases (/monitoring/mine/): what each waits for and when it
is due, the overdue first, one card a household on a phone."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.monitoring.pages_data import build, case, household, user

from fupin.monitoring.models import Step
from fupin.monitoring.procedure import due_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build()


def _cards(html):
    found = re.findall(r'<li class="case-card([^"]*)" data-case="(\d+)">(.*?)</li>', html, re.S)
    return [
        (int(pk), "overdue" in classes, " ".join(re.sub(r"<[^>]+>", " ", body).split()))
        for classes, pk, body in found
    ]


def test_a_village_cadre_sees_the_open_cases_of_the_village_overdue_first(client, data):
    v1 = data.places.villages[0]
    # Given a case reported yesterday in the village, and one with its first step recorded
    fresh = case(
        household("N1", v1, "钱多多"), "marginal", ["illness"], "identifying", "2000-01-01"
    )
    fresh.reported_on = dt.date.today() - dt.timedelta(days=1)
    fresh.save()
    client.force_login(user("cadre", "village_cadre", v1))
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/monitoring/mine/").content.decode()
    # session, user, scope, count, the page, the steps of its cases
    assert len(queries) == 6, [q["sql"][:80] for q in queries]
    cards = _cards(html)
    a, b = data.cases["A"], data.cases["B"]
    # Then only the village's open cases: being identified first (the overdue one on top),
    # then the monitored one; not the eliminated C, nor other villages' cases
    assert [pk for pk, _late, _text in cards] == [a.pk, fresh.pk, b.pk]
    assert [late for _pk, late, _text in cards] == [True, False, False]
    text = cards[0][2]
    assert text.startswith("张大山 识别中 A1 · ")
    assert "脱贫不稳定户 · 因病、因学" in text
    assert "下一步 入户核实" in text
    assert "已超期 · 识别应于 2024-02-29 前完成" in text  # 20 working days after 1 February
    assert due_on(dt.date(2024, 2, 1), 20) == dt.date(2024, 2, 29)
    due = due_on(fresh.reported_on, 20).isoformat()
    assert f"识别应于 {due} 前完成" in cards[1][2] and "已超期" not in cards[1][2]
    assert "边缘易致贫户 · 因自然灾害 · 洪涝" in cards[2][2]
    assert "落实帮扶措施，跟踪监测" in cards[2][2]
    assert f'href="/monitoring/cases/{a.pk}/"' in html


def test_the_next_step_follows_the_recorded_steps(client, data):
    v1 = data.places.villages[0]
    a = data.cases["A"]
    Step.objects.create(
        case=a, procedure="identification", code="home_visit", done_on=dt.date(2024, 2, 3)
    )
    client.force_login(user("cadre", "village_cadre", v1))
    html = client.get("/monitoring/mine/").content.decode()
    assert "下一步 信息比对" in _cards(html)[0][2]


def test_a_county_office_sees_every_open_case_of_the_county(client, data):
    client.force_login(user("yy", "county_office", "130727"))
    html = client.get("/monitoring/mine/").content.decode()
    c = data.cases
    # identifying first by report (A 2024-02, G 2025-04), then B (2023-06), E (2024-03)
    assert [pk for pk, _l, _t in _cards(html)] == [c["A"].pk, c["G"].pk, c["B"].pk, c["E"].pk]
    eliminating = _cards(html)[3][2]
    assert "风险消除中" in eliminating and "下一步 入户核实" in eliminating
    assert "识别应于" not in eliminating
    assert "共 4 户" in html


def test_the_english_list_has_no_chinese_labels_except_names(client, data):
    client.force_login(user("yy", "county_office", "130727"))
    client.cookies["django_language"] = "en"
    html = client.get("/monitoring/mine/").content.decode()
    assert "Home visit" in html or "home visit" in html
    main = re.search(r"<main>(.*)</main>", html, re.S).group(1)
    text = re.sub(r"<[^>]+>", " ", main)
    from fupin.regions.models import Region

    names = ["张大山", "李秀英", "刘长青", "周国强"]
    names += [r.short_name for r in Region.objects.filter(code__startswith="130727")]
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    assert re.findall(r"[\u4e00-\u9fff]+", text) == []
