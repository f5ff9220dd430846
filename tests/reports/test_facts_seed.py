"""End to end on seed 003 (Shougang's news item, in English): uploaded as a file, its figures
proposed and resolved against a world where 首钢集团有限公司 is paired with 阳原县, and the
33 million yuan accepted into the ledger."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.reports.facts_world import SEED_003, world
from tests.reports.facts_world import chinese as chinese  # the autouse fixture

from fupin.assistance.models import LedgerEntry
from fupin.reports.facts import services
from fupin.reports.models import FactProposal

pytestmark = pytest.mark.django_db


def test_seed_003_from_upload_to_ledger(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    w = world()
    upload = SimpleUploadedFile("shougang.txt", Path(SEED_003).read_bytes())
    text = services.fact_text_submit(
        title="the red party flag is fluttering on the road to poverty alleviation",
        upload=upload,
        unit=w.shougang,
        actor=w.sg_user,
    )
    assert (text.kind, text.language) == ("txt", "en")
    funds = FactProposal.objects.get(source=text, written="33 million yuan")
    assert (funds.kind, funds.indicator.code, funds.unit, funds.amount, funds.amount_unit) == (
        "ledger", "funds_invested", w.shougang, Decimal("33000000.00"), "yuan",
    )  # fmt: skip
    assert funds.date == dt.date(2020, 6, 30)
    assert text.text[funds.start : funds.end] == "33 million yuan"
    places = dict(FactProposal.objects.filter(source=text).values_list("written", "region_id"))
    assert places["84,000 yuan"] == "110119202201"  # heiyukou village, the park's pairing
    assert places["over 400 local people"] == "130824"  # luanping county

    done = services.fact_accept(proposal=funds, actor=w.sg_user, version=funds.version)
    entry = LedgerEntry.objects.get()
    assert done.entry == entry
    assert (entry.unit, entry.indicator.code, entry.amount, entry.date) == (
        w.shougang, "funds_invested", Decimal("33000000.00"), dt.date(2020, 6, 30),
    )  # fmt: skip
    assert f"{entry.amount:,.2f}" == "33,000,000.00"
    assert entry.evidence.endswith(f"（事实来源 #{text.pk}）")
    assert "33 million yuan has been invested" in entry.note


def test_seed_003s_page_shows_every_figure(settings, tmp_path, client):
    settings.DATA_DIR = tmp_path
    w = world()
    text = services.fact_text_submit(
        title="seed 003", text=Path(SEED_003).read_text("utf-8"), unit=w.shougang, actor=w.sg_user
    )
    client.force_login(w.sg_user)
    page = client.get(f"/reports/facts/{text.pk}/")
    html = page.content.decode()
    count = FactProposal.objects.filter(source=text).count()
    assert page.status_code == 200 and count > 20
    assert html.count("<mark ") == count
    assert "<b>33 million yuan</b>" in html and "33,000,000.00</span> 元" in html
    assert "数据库中 0 人，文中 3 人" in html  # the three comrades of heiyukou village
