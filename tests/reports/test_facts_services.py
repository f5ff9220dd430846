"""Submitting a text and deciding its proposals: accepted ledger facts are written through
the ledger service with the text as evidence, refusals write nothing, stale versions
conflict, and only a user who may write the unit decides."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.reports.facts_world import TEXT, world
from tests.reports.facts_world import chinese as chinese

from fupin.assistance.models import Cadre, LedgerEntry, Pairing
from fupin.core.errors import FieldInvalid, NotAllowed
from fupin.core.models import Change
from fupin.regions.models import Region
from fupin.reports.facts import services
from fupin.reports.models import FactProposal, FactText

pytestmark = pytest.mark.django_db


def submitted(w, **over):
    values = {"title": "首钢扶贫工作简报", "text": TEXT, "unit": w.shougang, "actor": w.sg_user}
    return services.fact_text_submit(**(values | over))


def proposal(text, written):
    return FactProposal.objects.get(source=text, written=written)


def test_submit_stores_the_text_and_its_resolved_proposals():
    w = world()
    text = submitted(w)
    assert (text.kind, text.language, text.unit, text.created_by) == (
        "pasted", "zh", w.shougang, w.sg_user,
    )  # fmt: skip
    assert len(text.digest) == 64
    rows = list(text.proposals.order_by("start"))
    assert [(p.kind, p.written, p.amount, p.amount_unit) for p in rows] == [
        ("ledger", "3300万元", Decimal("33000000.00"), "yuan"),
        ("ledger", "416人", Decimal("416.00"), "person"),
        ("ledger", "500万元", Decimal("5000000.00"), "yuan"),
        ("cadres", "3人", Decimal("3.00"), "person"),
        ("pairing", "2个村", Decimal("2.00"), "village"),
    ]
    first = rows[0]
    assert first.indicator.code == "funds_invested"
    assert (first.unit, first.region_id, first.date) == (
        w.shougang,
        "130727",
        dt.date(2019, 12, 31),
    )
    assert first.sentence.startswith("2019年以来，首钢在河北省阳原县直接投入帮扶资金3300万元")
    assert TEXT[first.start : first.end] == "3300万元"
    assert rows[2].region_id == "421123"
    assert Change.objects.filter(subject="facttext", subject_id=text.pk).count() == 1


def test_the_same_text_again_is_the_stored_one():
    w = world()
    text = submitted(w)
    again = submitted(w, title="另一个标题")
    assert again.pk == text.pk
    assert FactText.objects.count() == 1
    assert FactProposal.objects.count() == 5


def test_an_upload_is_kept_under_the_data_folder(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    w = world()
    upload = SimpleUploadedFile("简报.txt", TEXT.encode("gb18030"))
    text = services.fact_text_submit(title="简报", upload=upload, unit=w.shougang, actor=w.sg_user)
    assert (text.kind, text.name, text.text) == ("txt", "简报.txt", TEXT)
    kept = tmp_path / "attachments" / text.path
    assert text.path.startswith("facts/") and kept.read_bytes() == TEXT.encode("gb18030")


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"title": " "}, "title"),
        ({"text": ""}, "text"),
        ({"text": None, "upload": SimpleUploadedFile("a.xlsx", b"PK")}, "upload"),
        ({"upload": SimpleUploadedFile("a.txt", b"x")}, "text"),  # both
        ({"unit": None}, "unit"),
    ],
)
def test_bad_submissions_name_the_field_and_write_nothing(over, field):
    w = world()
    with pytest.raises(FieldInvalid) as caught:
        submitted(w, **over)
    assert caught.value.field == field
    assert not FactText.objects.exists() and not FactProposal.objects.exists()


def test_a_user_of_another_unit_may_not_submit_for_it():
    w = world()
    with pytest.raises(FieldInvalid) as caught:
        submitted(w, actor=w.bw_user)
    assert caught.value.field == "unit"
    assert not FactText.objects.exists()


def test_accept_writes_one_entry_through_the_ledger_with_the_text_as_evidence():
    w = world()
    text = submitted(w)
    p = proposal(text, "3300万元")
    done = services.fact_accept(proposal=p, actor=w.sg_user, version=p.version)
    entry = LedgerEntry.objects.get()
    assert done.status == "accepted" and done.entry == entry and done.version == 2
    assert entry.entry_id == f"FACT-{text.pk}-{p.pk}"
    assert (entry.unit, entry.indicator.code, entry.amount, entry.region_id, entry.date) == (
        w.shougang, "funds_invested", Decimal("33000000.00"), "130727", dt.date(2019, 12, 31),
    )  # fmt: skip
    assert entry.pairing.region_id == "130727"  # found by the ledger's rules
    assert entry.evidence == f"首钢扶贫工作简报（事实来源 #{text.pk}）"
    assert entry.note.startswith("2019年以来，首钢在河北省阳原县") and entry.created_by == w.sg_user
    history = Change.objects.get(subject="factproposal", subject_id=p.pk)
    assert history.changes["status"] == ["proposed", "accepted"]
    assert history.changes["entry"] == [None, entry.entry_id]


def test_evidence_is_trimmed_to_its_field():
    text = FactText(pk=7, title="长" * 400)
    evidence = services.evidence_of(text)
    assert len(evidence) == 300 and evidence.endswith("…（事实来源 #7）")


def test_an_edited_accept():
    w = world()
    text = submitted(w)
    p = proposal(text, "416人")
    changes = {"indicator": "jobs_indirect", "amount": "300", "region": "130727",
               "date": "2020-06-30", "entry_id": "SG-FACT-1"}  # fmt: skip
    done = services.fact_accept(proposal=p, actor=w.sg_user, version=1, changes=changes)
    entry = LedgerEntry.objects.get()
    assert (entry.entry_id, entry.indicator.code, entry.amount, entry.date) == (
        "SG-FACT-1", "jobs_indirect", Decimal("300.00"), dt.date(2020, 6, 30),
    )  # fmt: skip
    assert (done.indicator.code, done.amount, done.date) == (
        "jobs_indirect", Decimal("300.00"), dt.date(2020, 6, 30),
    )  # fmt: skip
    history = Change.objects.get(subject="factproposal", subject_id=p.pk).changes
    assert history["indicator"][1] == str(done.indicator) and history["amount"] == [
        "416.00",
        "300.00",
    ]


def test_an_unpaired_region_is_refused_and_nothing_is_written():
    w = world()
    text = submitted(w)
    p = proposal(text, "500万元")  # 罗田县: Baowu's, not Shougang's
    with pytest.raises(FieldInvalid) as caught:
        services.fact_accept(proposal=p, actor=w.sg_user, version=1)
    assert caught.value.field == "region"
    assert not LedgerEntry.objects.exists()
    p.refresh_from_db()
    assert (p.status, p.version, p.entry_id) == ("proposed", 1, None)
    assert not Change.objects.filter(subject="factproposal").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"indicator": ""}, "indicator"),
        ({"indicator": "no_such_code"}, "indicator"),
        ({"amount": "abc"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "0.5", "indicator": "jobs_direct"}, "amount"),  # a count
        ({"date": ""}, "date"),
        ({"date": "2999-01-01"}, "date"),
        ({"region": "999999"}, "region"),
        ({"entry_id": "x" * 41}, "entry_id"),
    ],
)
def test_refused_edits_name_the_field_and_write_nothing(changes, field):
    w = world()
    text = submitted(w)
    p = proposal(text, "3300万元")
    with pytest.raises(FieldInvalid) as caught:
        services.fact_accept(proposal=p, actor=w.sg_user, version=1, changes=changes)
    assert caught.value.field == field
    assert not LedgerEntry.objects.exists()
    p.refresh_from_db()
    assert (p.status, p.amount, p.indicator.code) == (
        "proposed",
        Decimal("33000000.00"),
        "funds_invested",
    )


def test_an_entry_id_in_use_is_refused():
    w = world()
    text = submitted(w)
    first, second = proposal(text, "3300万元"), proposal(text, "416人")
    services.fact_accept(proposal=first, actor=w.sg_user, version=1, changes={"entry_id": "E-1"})
    with pytest.raises(FieldInvalid) as caught:
        services.fact_accept(
            proposal=second, actor=w.sg_user, version=1, changes={"entry_id": "E-1"}
        )
    assert caught.value.field == "entry_id"
    assert LedgerEntry.objects.count() == 1


def test_reject():
    w = world()
    text = submitted(w)
    p = proposal(text, "500万元")
    done = services.fact_reject(proposal=p, reason="不是首钢的数据", actor=w.sg_user, version=1)
    assert (done.status, done.reason, done.decided_by, done.version) == (
        "rejected", "不是首钢的数据", w.sg_user, 2,
    )  # fmt: skip
    assert not LedgerEntry.objects.exists()
    assert Change.objects.get(subject="factproposal").changes["reason"] == [None, "不是首钢的数据"]


def test_a_stale_version_conflicts():
    w = world()
    text = submitted(w)
    p = proposal(text, "3300万元")
    services.fact_reject(proposal=p, reason="", actor=w.sg_user, version=1)
    with pytest.raises(services.Conflict):
        services.fact_accept(proposal=p, actor=w.sg_user, version=1)
    with pytest.raises(services.Conflict):
        services.fact_accept(proposal=p, actor=w.sg_user, version=2)  # decided already
    assert not LedgerEntry.objects.exists()


def test_only_a_user_who_may_write_the_unit_decides():
    w = world()
    text = submitted(w)
    p = proposal(text, "3300万元")
    for who in (w.bw_user, w.county):
        with pytest.raises(NotAllowed):
            services.fact_accept(proposal=p, actor=who, version=1)
        with pytest.raises(NotAllowed):
            services.fact_reject(proposal=p, reason="", actor=who, version=1)
    assert not LedgerEntry.objects.exists()
    p.refresh_from_db()
    assert p.status == "proposed"


def test_a_cadre_count_is_checked_against_the_database():
    from fupin.reports.facts.selectors import cadre_counts

    w = world()
    for name in ("陈晓阳", "郑建国"):
        Cadre.objects.create(name=name, unit=w.park, region_id="110119202201",
                             role="first_secretary", start=dt.date(2018, 1, 1))  # fmt: skip
    text = submitted(w)
    p = proposal(text, "3人")
    counts = cadre_counts(p)
    assert (counts.database, counts.text) == (2, 3)
    done = services.fact_accept(proposal=p, actor=w.sg_user, version=1)
    assert done.status == "accepted" and done.entry is None and done.pairing is None
    assert not LedgerEntry.objects.exists()
    checked = Change.objects.get(subject="factproposal", subject_id=p.pk).changes["checked"]
    assert checked == [None, "database 2, text 3"]


def test_a_cadre_count_of_a_place_counts_the_cadres_sent_there():
    from fupin.reports.facts.selectors import cadre_counts

    w = world()
    for name, region in (("陈晓阳", "110119202201"), ("张三", "130727")):
        Cadre.objects.create(name=name, unit=w.park, region_id=region,
                             role="first_secretary", start=dt.date(2018, 1, 1))  # fmt: skip
    text = submitted(w, text="2018年，首钢在阳原县选派第一书记1人。")
    p = FactProposal.objects.get(source=text)
    assert (p.kind, p.region_id) == ("cadres", "130727")
    assert (cadre_counts(p).database, cadre_counts(p).text) == (1, 1)


def test_a_pairing_is_written_through_the_pairing_service():
    w = world()
    text = submitted(w)
    p = proposal(text, "2个村")
    assert p.region_id == "130824"
    with pytest.raises(FieldInvalid) as caught:
        services.fact_accept(proposal=p, actor=w.sg_user, version=1)
    assert caught.value.field == "pairing_kind"
    assert not Pairing.objects.filter(region_id="130824").exists()
    done = services.fact_accept(
        proposal=p, actor=w.sg_user, version=1, changes={"pairing_kind": "counterpart"}
    )
    pairing = Pairing.objects.get(region_id="130824")
    assert done.pairing == pairing
    assert (pairing.unit, pairing.kind, pairing.start) == (
        w.shougang,
        "counterpart",
        dt.date(2018, 3, 31),
    )


def test_a_unit_named_that_the_decider_may_not_write_is_refused_on_the_unit(monkeypatch):
    import dataclasses

    found = services.facts_found  # the facts read, each naming 宝武 as its organisation
    monkeypatch.setattr(
        services,
        "facts_found",
        lambda text: [dataclasses.replace(f, organisation="宝武") for f in found(text)],
    )
    w = world()
    text = submitted(w, text="2019年，宝武在阳原县投入帮扶资金100万元。", actor=w.admin)
    p = FactProposal.objects.get(source=text)
    assert p.unit == w.baowu  # the administrator sees every unit
    with pytest.raises(FieldInvalid) as caught:
        services.fact_accept(proposal=p, actor=w.sg_user, version=1)
    assert caught.value.field == "unit"
    assert not LedgerEntry.objects.exists()
    done = services.fact_accept(
        proposal=p, actor=w.sg_user, version=1, changes={"unit": str(w.shougang.pk)}
    )
    assert done.unit == w.shougang and LedgerEntry.objects.get().unit == w.shougang


def test_a_cadre_count_is_checked_for_the_year_of_the_texts_date():
    from fupin.reports.facts.selectors import cadre_counts

    w = world()
    Cadre.objects.create(name="陈晓阳", unit=w.park, region_id="110119202201",
                         role="first_secretary", start=dt.date(2016, 1, 1),
                         end=dt.date(2018, 6, 30))  # fmt: skip
    Cadre.objects.create(name="郑建国", unit=w.park, region_id="110119202201",
                         role="first_secretary", start=dt.date(2019, 3, 1))  # fmt: skip
    counts = {
        year: cadre_counts(
            FactProposal.objects.get(source=submitted(w, text=f"{year}年，首钢选派第一书记2人。"))
        )
        for year in (2018, 2019)
    }
    assert [(c.start, c.end, c.database, c.text) for c in counts.values()] == [
        (dt.date(2018, 1, 1), dt.date(2018, 12, 31), 1, 2),  # the one who left in June 2018
        (dt.date(2019, 1, 1), dt.date(2019, 12, 31), 1, 2),  # the one who came in 2019
    ]


def test_a_range_is_stored_with_its_upper_end_and_accepted_at_its_lower_end():
    w = world()
    text = submitted(w, text="2019年，首钢在阳原县投入帮扶资金10-15万元。")
    p = FactProposal.objects.get(source=text)
    assert (p.amount, p.high, p.qualifier) == (Decimal("100000.00"), Decimal("150000.00"), "range")

    services.fact_accept(proposal=p, actor=w.sg_user, version=1)

    assert LedgerEntry.objects.get().amount == Decimal("100000.00")


def test_a_range_accepted_with_an_edited_amount_writes_the_edit():
    w = world()
    text = submitted(w, text="2019年，首钢在阳原县投入帮扶资金10至15万元。")
    p = FactProposal.objects.get(source=text)

    services.fact_accept(proposal=p, actor=w.sg_user, version=1, changes={"amount": "120000"})

    assert LedgerEntry.objects.get().amount == Decimal("120000.00")
    p.refresh_from_db()
    assert (p.amount, p.high) == (Decimal("120000.00"), Decimal("150000.00"))


def test_a_figure_without_a_range_has_no_upper_end_and_a_resolved_place_no_candidates():
    w = world()
    text = submitted(w)
    p = proposal(text, "3300万元")
    assert (p.high, p.region_id, p.candidates) == (None, "130727", [])


def test_an_ambiguous_place_keeps_its_candidates(monkeypatch):
    import dataclasses

    found = services.facts_found  # the facts read, their place a name two villages bear
    monkeypatch.setattr(
        services,
        "facts_found",
        lambda text: [dataclasses.replace(f, place="东山村") for f in found(text)],
    )
    w = world()
    text = submitted(w, text="2019年，首钢投入帮扶资金10万元。", unit=w.baowu, actor=w.admin)
    p = FactProposal.objects.get(source=text)
    assert (p.place, p.region_id) == ("东山村", None)
    villages = Region.objects.filter(code__in=["130824200202", "360426200204"]).order_by("code")
    assert p.candidates == [{"code": r.code, "name": r.name} for r in villages]
    assert len(p.candidates) == 2
