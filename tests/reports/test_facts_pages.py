"""The facts pages (upload, a text with its figures marked, a decision by POST) and the API
(/api/reports/facts/): the same services, refusals on the row or as the field's 400, a stale
version 409, other units' texts out of reach with nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from tests.reports.facts_world import TEXT, world
from tests.reports.facts_world import chinese as chinese

from fupin.assistance.models import LedgerEntry
from fupin.reports.facts import services
from fupin.reports.models import FactProposal, FactText

pytestmark = pytest.mark.django_db
API = "/api/reports/facts/"


@pytest.fixture
def w(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return world()


def _client(client, person):
    client.force_login(person)
    return client


def _api(person) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    api.force_authenticate(person)
    return api


def _text(w):
    return services.fact_text_submit(title="首钢简报", text=TEXT, unit=w.shougang, actor=w.sg_user)


def _row(text, written):
    return FactProposal.objects.get(source=text, written=written)


# pages --------------------------------------------------------------------------------------


def test_the_upload_page_offers_the_users_units(w, client):
    page = _client(client, w.sg_user).get("/reports/facts/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "首钢集团有限公司" in html and "北京首钢园区综合服务有限公司" in html
    assert "中国宝武钢铁集团有限公司" not in html
    assert _client(client, w.county).get("/reports/facts/new/").status_code == 403


def test_a_file_uploaded_on_the_page_becomes_a_text_with_proposals(w, client):
    upload = SimpleUploadedFile("简报.txt", TEXT.encode("gb18030"))
    answer = _client(client, w.sg_user).post(
        "/reports/facts/new/", {"title": "简报", "unit": w.shougang.pk, "upload": upload}
    )
    text = FactText.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/reports/facts/{text.pk}/"
    assert (text.kind, text.proposals.count()) == ("txt", 5)


def test_the_upload_page_shows_a_refused_file_on_its_field(w, client):
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 nothing readable")
    answer = _client(client, w.sg_user).post(
        "/reports/facts/new/", {"title": "扫描件", "unit": w.shougang.pk, "upload": upload}
    )
    assert answer.status_code == 400
    assert "scan.pdf" in answer.content.decode()
    assert not FactText.objects.exists()


def test_the_text_page_marks_each_figure_and_lists_the_proposals(w, client):
    text = _text(w)
    page = _client(client, w.sg_user).get(f"/reports/facts/{text.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<mark id="f1"><a href="#row1">3300万元</a><sup>1</sup></mark>' in html
    assert '<mark id="f4"><a href="#row4">3人</a><sup>4</sup></mark>' in html
    assert "直接投入帮扶资金<b>3300万元</b>" in html
    assert '3300万元 → <span class="num">33,000,000.00</span> 元' in html
    assert "数据库中 0 人，文中 3 人" in html
    assert 'value="130727"' in html and 'value="funds_invested" selected' in html


def test_the_text_list_counts_proposals_by_status(w, client):
    text = _text(w)
    p = _row(text, "500万元")
    services.fact_reject(proposal=p, reason="", actor=w.sg_user, version=1)
    browser = _client(client, w.sg_user)
    with CaptureQueriesContext(connection) as queries:
        page = browser.get("/reports/facts/")
    html = page.content.decode()
    assert (
        '<td class="num">5</td><td class="num">4</td><td class="num">0</td><td class="num">1</td>'
        in html
    )
    assert len(queries) == 5  # session, user, its regions and units, the texts counted


def test_accepting_on_the_page_writes_the_entry_and_links_it(w, client):
    text = _text(w)
    p = _row(text, "3300万元")
    browser = _client(client, w.sg_user)
    answer = browser.post(
        f"/reports/facts/{text.pk}/proposals/{p.pk}/",
        {"action": "accept", "version": 1, "indicator": "funds_invested",
         "amount": "33000000.00", "region": "130727", "date": "2019-12-31"},
    )  # fmt: skip
    assert answer.status_code == 302
    entry = LedgerEntry.objects.get()
    assert entry.amount == Decimal("33000000.00") and entry.entry_id == f"FACT-{text.pk}-{p.pk}"
    page = browser.get(f"/reports/facts/{text.pk}/").content.decode()
    assert f'href="/assistance/units/{w.shougang.pk}/ledger/">{entry.entry_id}</a>' in page


def test_a_refused_accept_is_shown_on_its_row(w, client):
    text = _text(w)
    p = _row(text, "500万元")  # 罗田县 is not Shougang's
    answer = _client(client, w.sg_user).post(
        f"/reports/facts/{text.pk}/proposals/{p.pk}/",
        {"action": "accept", "version": 1, "indicator": "funds_invested",
         "amount": "5000000", "region": "421123", "date": "2019-12-31"},
    )  # fmt: skip
    assert answer.status_code == 400
    assert 'class="row-error"' in answer.content.decode()
    assert "地区代码：" in answer.content.decode()  # the refused field, by its label
    assert not LedgerEntry.objects.exists()
    p.refresh_from_db()
    assert p.status == "proposed"


def test_a_stale_decision_on_the_page_is_a_conflict(w, client):
    text = _text(w)
    p = _row(text, "500万元")
    browser = _client(client, w.sg_user)
    url = f"/reports/facts/{text.pk}/proposals/{p.pk}/"
    assert browser.post(url, {"action": "reject", "version": 1}).status_code == 302
    assert browser.post(url, {"action": "reject", "version": 1}).status_code == 409


def test_other_units_texts_are_out_of_reach(w, client):
    text = _text(w)
    p = _row(text, "3300万元")
    browser = _client(client, w.bw_user)
    assert browser.get(f"/reports/facts/{text.pk}/").status_code == 404
    answer = browser.post(
        f"/reports/facts/{text.pk}/proposals/{p.pk}/", {"action": "accept", "version": 1}
    )
    assert answer.status_code == 404
    assert "首钢简报" not in browser.get("/reports/facts/").content.decode()
    assert not LedgerEntry.objects.exists()


def test_a_regional_user_reads_but_does_not_decide(w, client):
    text = _text(w)  # Shougang is paired with 阳原县
    p = _row(text, "3300万元")
    browser = _client(client, w.county)
    page = browser.get(f"/reports/facts/{text.pk}/")
    assert page.status_code == 200 and "采纳</button>" not in page.content.decode()
    answer = browser.post(
        f"/reports/facts/{text.pk}/proposals/{p.pk}/", {"action": "accept", "version": 1}
    )
    assert answer.status_code == 403
    assert not LedgerEntry.objects.exists()


# the API ------------------------------------------------------------------------------------


def test_api_post_a_json_text_and_get_it_back(w):
    api = _api(w.sg_user)
    answer = api.post(API, {"title": "简报", "unit": w.shougang.pk, "text": TEXT}, format="json")
    assert answer.status_code == 201
    body = answer.json()
    first = body["proposals"][0]
    assert (first["written"], first["amount"], first["amount_unit"], first["indicator"],
            first["region"], first["unit"], first["status"], first["version"]) == (
        "3300万元", "33000000.00", "yuan", "funds_invested", "130727", w.shougang.pk, "proposed", 1,
    )  # fmt: skip
    assert body["counts"] == {"proposed": 5, "accepted": 0, "rejected": 0}
    again = api.get(f"{API}{body['id']}/").json()
    assert [p["id"] for p in again["proposals"]] == [p["id"] for p in body["proposals"]]
    listed = api.get(API).json()["results"]
    assert [(t["id"], t["proposals"], t["proposed"]) for t in listed] == [(body["id"], 5, 5)]


def test_api_post_a_file(w):
    upload = SimpleUploadedFile("news.txt", TEXT.encode("utf-8"))
    answer = _api(w.sg_user).post(
        API, {"title": "简报", "unit": w.shougang.pk, "file": upload}, format="multipart"
    )
    assert answer.status_code == 201 and answer.json()["kind"] == "txt"
    bad = _api(w.sg_user).post(
        API,
        {"title": "x", "unit": w.shougang.pk, "file": SimpleUploadedFile("a.doc", b"x")},
        format="multipart",
    )
    assert bad.status_code == 400 and "file" in bad.json()["error"]["fields"]


def test_api_accept_reject_conflict_and_field_errors(w):
    text = _text(w)
    api = _api(w.sg_user)
    first, other = _row(text, "3300万元"), _row(text, "500万元")
    refused = api.post(
        f"{API}{text.pk}/proposals/{other.pk}/accept/", {"version": 1}, format="json"
    )
    assert refused.status_code == 400 and list(refused.json()["error"]["fields"]) == ["region"]
    assert not LedgerEntry.objects.exists()
    done = api.post(
        f"{API}{text.pk}/proposals/{first.pk}/accept/",
        {"version": 1, "date": "2020-06-30"},
        format="json",
    )
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["entry"], done.json()["version"]) == (
        "accepted", f"FACT-{text.pk}-{first.pk}", 2,
    )  # fmt: skip
    assert LedgerEntry.objects.get().date == dt.date(2020, 6, 30)
    stale = api.post(f"{API}{text.pk}/proposals/{first.pk}/reject/", {"version": 1}, format="json")
    assert stale.status_code == 409
    rejected = api.post(
        f"{API}{text.pk}/proposals/{other.pk}/reject/",
        {"version": 1, "reason": "罗田"},
        format="json",
    )
    assert rejected.status_code == 200 and rejected.json()["reason"] == "罗田"


def test_api_other_units_texts_are_out_of_reach(w):
    text = _text(w)
    p = _row(text, "3300万元")
    api = _api(w.bw_user)
    assert api.get(f"{API}{text.pk}/").status_code == 404
    assert (
        api.post(
            f"{API}{text.pk}/proposals/{p.pk}/accept/", {"version": 1}, format="json"
        ).status_code
        == 404
    )
    refused = api.post(API, {"title": "x", "unit": w.shougang.pk, "text": TEXT}, format="json")
    assert refused.status_code in (403, 404)
    county = _api(w.county)
    assert county.get(f"{API}{text.pk}/").status_code == 200
    assert (
        county.post(
            f"{API}{text.pk}/proposals/{p.pk}/accept/", {"version": 1}, format="json"
        ).status_code
        == 403
    )
    assert not LedgerEntry.objects.exists() and FactText.objects.count() == 1


def test_the_figure_is_bolded_where_the_proposal_is():
    from fupin.reports.facts.selectors import sentence_parts

    text = "前言。2019年投入1个项目。"
    p = FactProposal(sentence="2019年投入1个项目。", written="1", start=10, end=11)
    assert sentence_parts(p, text) == ("2019年投入", "1", "个项目。")
    assert sentence_parts(p) == ("20", "1", "9年投入1个项目。")  # without the text: the first


def test_the_rows_own_values_post_back_in_english(w, client):
    """What the page puts in a row's inputs is what its Accept sends (in English too, where
    numbers are shown with thousands separators)."""
    import re

    text = _text(w)
    p = _row(text, "3300万元")
    browser = _client(client, w.sg_user)
    html = browser.get(f"/reports/facts/{text.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "33,000,000.00</span> yuan" in html
    fields = dict(re.findall(rf'name="(\w+)" form="d{p.pk}"[^>]*value="([^"]*)"', html))
    fields["indicator"] = re.search(
        rf'name="indicator" form="d{p.pk}">.*?value="(\w+)" selected', html, re.S
    ).group(1)
    assert fields == {"amount": "33000000.00", "region": "130727", "date": "2019-12-31",
                      "indicator": "funds_invested"}  # fmt: skip
    answer = browser.post(
        f"/reports/facts/{text.pk}/proposals/{p.pk}/",
        {**fields, "action": "accept", "version": 1},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.status_code == 302
    entry = LedgerEntry.objects.get()
    assert (entry.amount, entry.region_id, entry.date) == (
        Decimal("33000000.00"),
        "130727",
        dt.date(2019, 12, 31),
    )


def test_query_counts_of_the_text_page_and_the_api(w, client):
    text = _text(w)
    browser = _client(client, w.sg_user)
    api = _api(w.sg_user)
    with CaptureQueriesContext(connection) as page:
        assert browser.get(f"/reports/facts/{text.pk}/").status_code == 200
    with CaptureQueriesContext(connection) as listed:
        assert api.get(API).status_code == 200
    with CaptureQueriesContext(connection) as one:
        assert api.get(f"{API}{text.pk}/").status_code == 200
    # the page: session, user, the user's regions and units, the text, its proposals, the
    # indicators, the database's count for the one count of cadres, the history, the units
    # the user may choose; the API
    # (the caller's scope known already): the page of texts and its count; a text and its
    # proposals
    assert (len(page), len(listed), len(one)) == (10, 2, 2)


def test_a_place_of_two_villages_is_offered_as_a_choice(w, client, monkeypatch):
    import dataclasses

    found = services.facts_found  # the facts read, their place a name two villages bear
    monkeypatch.setattr(
        services,
        "facts_found",
        lambda text: [dataclasses.replace(f, place="东山村") for f in found(text)],
    )
    text = services.fact_text_submit(
        title="简报", text="2019年，首钢投入帮扶资金10万元。", unit=w.shougang, actor=w.sg_user
    )
    p = FactProposal.objects.get(source=text)
    assert (p.place, p.region_id) == ("东山村", None)
    html = _client(client, w.sg_user).get(f"/reports/facts/{text.pk}/").content.decode()
    assert f'<select name="region" form="d{p.pk}">' in html
    assert '<option value="130824200202">' in html and '<option value="360426200204">' in html


def _ambiguous(w, monkeypatch):
    import dataclasses

    found = services.facts_found  # the facts read, their place a name two villages bear
    monkeypatch.setattr(
        services,
        "facts_found",
        lambda text: [dataclasses.replace(f, place="东山村") for f in found(text)],
    )
    return services.fact_text_submit(
        title="简报", text="2019年，首钢投入帮扶资金10万元。", unit=w.shougang, actor=w.sg_user
    )


def test_the_candidates_of_a_place_come_from_the_proposal_not_a_new_lookup(w, client, monkeypatch):
    text = _ambiguous(w, monkeypatch)
    p = FactProposal.objects.get(source=text)
    FactProposal.objects.filter(pk=p.pk).update(
        candidates=[{"code": "130824200202", "name": "东山村（滦平）"}]
    )
    browser = _client(client, w.sg_user)
    with CaptureQueriesContext(connection) as page:
        html = browser.get(f"/reports/facts/{text.pk}/").content.decode()
    assert '<option value="130824200202">东山村（滦平） 130824200202</option>' in html
    assert '<option value="360426200204">' not in html  # what is stored, not looked up again
    # session, user, the user's regions and units, the text, its proposals, the indicators,
    # the history, the units the user may choose: no lookup of the place (no count of cadres)
    assert len(page) == 9


def test_a_range_is_shown_with_its_two_ends_its_qualifier_and_the_note_on_its_amount(w, client):
    text = services.fact_text_submit(
        title="简报", text="2019年，首钢在阳原县投入帮扶资金10-15万元。", unit=w.shougang,
        actor=w.sg_user,
    )  # fmt: skip
    p = FactProposal.objects.get(source=text)
    browser = _client(client, w.sg_user)
    html = browser.get(f"/reports/facts/{text.pk}/").content.decode()
    assert '10-15万元 → <span class="num">100,000.00–150,000.00</span> 元' in html
    assert '<span class="muted">(区间)</span>' in html
    assert f'name="amount" form="d{p.pk}" value="100000.00"' in html
    assert "区间：未修改时按下限记账" in html
    english = browser.get(f"/reports/facts/{text.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="num">100,000.00–150,000.00</span> yuan' in english
    assert '<span class="muted">(range)</span>' in english
    assert "A range: its lower end is entered unless you change it" in english
    answer = browser.post(
        f"/reports/facts/{text.pk}/proposals/{p.pk}/",
        {"action": "accept", "version": 1, "indicator": "funds_invested",
         "amount": "100000.00", "region": "130727", "date": "2019-12-31"},
    )  # fmt: skip
    assert answer.status_code == 302
    assert LedgerEntry.objects.get().amount == Decimal("100000.00")


def test_a_qualifier_is_shown_in_words_and_a_figure_without_a_range_has_no_note(w, client):
    text = _text(w)  # its figures are exact
    browser = _client(client, w.sg_user)
    other = services.fact_text_submit(
        title="简报二", text="2019年，首钢在阳原县直接带动就业300余人。", unit=w.shougang,
        actor=w.sg_user,
    )  # fmt: skip
    html = browser.get(f"/reports/facts/{other.pk}/").content.decode()
    assert '300余人 → <span class="num">300</span> 人 <span class="muted">(超过)</span>' in html
    english = browser.get(f"/reports/facts/{other.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="muted">(more than)</span>' in english
    plain = browser.get(f"/reports/facts/{text.pk}/").content.decode()
    assert "区间：未修改时按下限记账" not in plain and "(more_than)" not in plain


def test_the_cadre_check_names_the_year_it_counts(w, client):
    text = _text(w)
    browser = _client(client, w.sg_user)
    html = browser.get(f"/reports/facts/{text.pk}/").content.decode()
    assert "2019年在岗选派干部：数据库中 0 人，文中 3 人" in html
    english = browser.get(f"/reports/facts/{text.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Cadres sent in post in 2019: 0 in the database, 3 in the text" in english


def test_api_shows_the_upper_end_of_a_range_and_the_candidates_of_a_place(w, monkeypatch):
    ranged = services.fact_text_submit(
        title="简报二", text="2019年，首钢在阳原县投入帮扶资金10-15万元。", unit=w.shougang,
        actor=w.sg_user,
    )  # fmt: skip
    text = _ambiguous(w, monkeypatch)
    api = _api(w.sg_user)
    (one,) = api.get(f"{API}{text.pk}/").json()["proposals"]
    assert [c["code"] for c in one["candidates"]] == ["130824200202", "360426200204"]
    assert one["high"] is None
    (two,) = api.get(f"{API}{ranged.pk}/").json()["proposals"]
    assert (two["amount"], two["high"], two["qualifier"], two["candidates"]) == (
        "100000.00", "150000.00", "range", [],
    )  # fmt: skip
