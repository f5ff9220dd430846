"""The verification workbook: exported per evaluator with the registry's figures beside the
verdict columns (lists and checks in the cells, registry columns locked), and imported back
all or nothing, a verdict changed meanwhile by someone else being a conflict."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from tests.factories import needs_libreoffice
from tests.supervision import verification_world as w

from fupin.accounts.models import User
from fupin.core.models import Change
from fupin.exchange.errorfile import write_errors
from fupin.exchange.readers import read_table
from fupin.supervision import verification
from fupin.supervision.models import SampleHousehold, Verdict
from fupin.supervision.verification_access import samples_for
from fupin.supervision.verification_imports import KEEP_THEIRS, TAKE_MINE, workbook_import
from fupin.supervision.verification_workbook import (
    COLUMNS,
    REGISTRY_COLUMNS,
    VERDICT_COLUMNS,
    workbook_write,
)

pytestmark = pytest.mark.django_db
VISIT = dt.date(2019, 11, 20)
COL = {c.key: i + 1 for i, c in enumerate(COLUMNS)}  # 1-based sheet columns


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def sampled():
    world = w.build()
    campaign = w.campaign(world)
    verification.campaign_sample(campaign=campaign, seed=7, actor=None)
    return world, campaign


def _record(sample, actor, version=None, **values):
    values.setdefault("visited_on", VISIT)
    values.setdefault("approval", "approve")
    return verification.verdict_record(
        sample=sample, values=values, expected_version=version, actor=actor
    )


def _mine(campaign, evaluator):
    return list(samples_for(evaluator, campaign).order_by("order"))


def _export(tmp_path, campaign, user, name="book.xlsx"):
    path = tmp_path / name
    workbook_write(path, campaign=campaign, samples=samples_for(user, campaign))
    return path


def _rows(ws):
    """sample id → sheet row number"""
    return {
        ws.cell(row=r, column=COL["sample_id"]).value: r
        for r in range(3, ws.max_row + 1)
        if ws.cell(row=r, column=COL["sample_id"]).value
    }


def _edit(path, edits):
    """edits: {(sample id, column key): value}"""
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    rows = _rows(ws)
    for (sample_id, key), value in edits.items():
        ws.cell(row=rows[sample_id], column=COL[key], value=value)
    book.save(path)
    return rows


def test_the_workbook_has_the_registry_figures_beside_lists_in_the_verdict_cells(sampled, tmp_path):
    world, campaign = sampled
    evaluator = world.evaluators[0]
    mine = _mine(campaign, evaluator)
    _record(mine[0], evaluator, income_found=Decimal("6123.40"), housing_ok=False, note="危房")
    path = _export(tmp_path, campaign, evaluator)
    book = openpyxl.load_workbook(path)
    ws, help_sheet = book.worksheets
    assert help_sheet.title == "填写说明"
    assert "入户核查表" in ws["A1"].value and "2019 年度" in ws["A1"].value
    assert [ws.cell(row=2, column=i).value for i in range(1, len(COLUMNS) + 1)] == [
        c.title for c in COLUMNS
    ]
    rows = _rows(ws)
    assert set(rows) == {s.pk for s in mine}  # only the evaluator's households
    first = rows[mine[0].pk]
    cell = lambda key: ws.cell(row=first, column=COL[key])  # noqa: E731
    assert cell("household").value == mine[0].household.number
    assert cell("county").value == "罗田县"
    assert cell("registry_income").value == 5000
    assert cell("members").value == mine[0].members
    assert cell("income_found").value == 6123.4
    assert (cell("housing_ok").value, cell("food_clothing_ok").value) == ("否", None)
    assert cell("wrongly_exited").value is None  # follows from the figures
    assert cell("approval").value == "认可"
    assert cell("visited_on").value.date() == VISIT
    assert cell("version").value == 1
    # locked registry figures, unlocked verdict cells, a protected sheet without password
    assert ws.protection.sheet and not ws.protection.password
    assert cell("household").protection.locked
    assert not cell("income_found").protection.locked
    assert not cell("note").protection.locked
    assert ws.column_dimensions["X"].hidden and ws.column_dimensions["Y"].hidden
    assert ws.freeze_panes == "H3"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$2"
    # a list or a check on each verdict column
    letter = {c.key: openpyxl.utils.get_column_letter(COL[c.key]) for c in COLUMNS}
    checks = {}
    for validation in ws.data_validations.dataValidation:
        for area in str(validation.sqref).split():
            checks[area.split(":")[0].rstrip("0123456789")] = validation
    last = 2 + len(mine)
    assert checks[letter["housing_ok"]].formula1 == '"是,否"'
    assert checks[letter["wrongly_exited"]].formula1 == '"是,否"'
    assert checks[letter["approval"]].formula1 == '"认可,不认可,说不清"'
    assert checks[letter["income_found"]].type == "decimal"
    assert checks[letter["income_found"]].operator == "greaterThanOrEqual"
    assert checks[letter["visited_on"]].type == "date"
    assert f"{letter['housing_ok']}3:{letter['housing_ok']}{last}" in str(
        checks[letter["housing_ok"]].sqref
    )
    assert not any(letter[c.key] in checks for c in REGISTRY_COLUMNS)


def test_a_round_tripped_workbook_with_one_edited_cell_changes_that_verdict_only(sampled, tmp_path):
    world, campaign = sampled
    evaluator = world.evaluators[0]
    mine = _mine(campaign, evaluator)
    for sample in mine[:3]:
        _record(sample, evaluator, income_found=Decimal("6000"))
    path = _export(tmp_path, campaign, evaluator)
    held = {v.sample_id: (v.version, v.updated_at) for v in Verdict.objects.all()}
    changes = Change.objects.count()
    # untouched, the file changes nothing
    result = workbook_import(path=path, actor=evaluator)
    assert (result.changed, result.unchanged, result.errors, result.conflicts) == (
        0,
        len(mine),
        [],
        [],
    )
    _edit(path, {(mine[1].pk, "income_found"): 7250.5})
    result = workbook_import(path=path, actor=evaluator)
    assert (result.changed, result.unchanged) == (1, len(mine) - 1)
    assert not result.errors and not result.conflicts
    edited = Verdict.objects.get(sample=mine[1])
    assert (edited.income_found, edited.version) == (Decimal("7250.50"), 2)
    others = {
        v.sample_id: (v.version, v.updated_at) for v in Verdict.objects.exclude(sample=mine[1])
    }
    assert others == {k: v for k, v in held.items() if k != mine[1].pk}
    assert Change.objects.count() == changes + 1
    change = Change.objects.latest("pk")
    assert change.subject == "verification_verdict" and change.subject_id == mine[1].pk
    assert change.changes == {"income_found": ["6000.00", "7250.50"]}
    # a blank row filled in creates its verdict; 错退 follows from the income found
    exited = next(s for s in mine[3:] if s.stratum == "exited")
    path = _export(tmp_path, campaign, evaluator, "again.xlsx")
    _edit(
        path,
        {(exited.pk, "income_found"): 2000, (exited.pk, "visited_on"): dt.datetime(2019, 11, 21)},
    )
    result = workbook_import(path=path, actor=evaluator)
    assert result.changed == 1, result.errors
    created = Verdict.objects.get(sample=exited)
    assert (created.wrongly_exited, created.visited_on, created.approval) == (
        True,
        dt.date(2019, 11, 21),
        "",
    )


def test_a_verdict_changed_by_another_after_the_export_is_a_conflict(sampled, tmp_path):
    world, campaign = sampled
    evaluator = world.evaluators[0]
    mine = _mine(campaign, evaluator)
    _record(mine[0], evaluator, income_found=Decimal("6000"))
    _record(mine[1], evaluator, income_found=Decimal("6000"))
    path = _export(tmp_path, campaign, evaluator)
    # meanwhile the administrator corrects the first household's verdict
    _record(mine[0], world.admin, version=1, income_found=Decimal("6100"))
    changes = Change.objects.count()
    _edit(
        path,
        {(mine[0].pk, "income_found"): 5900, (mine[1].pk, "note"): "复核无误"},
    )
    result = workbook_import(path=path, actor=evaluator)
    assert result.changed == 0 and not result.errors
    [conflict] = result.conflicts
    assert (conflict.sample_id, conflict.by, conflict.version, conflict.exported_version) == (
        mine[0].pk,
        "boss",
        2,
        1,
    )
    assert conflict.theirs["income_found"] == Decimal("6100.00")
    assert conflict.ours["income_found"] == Decimal("5900.00")
    assert conflict.row == _rows(openpyxl.load_workbook(path).worksheets[0])[mine[0].pk]
    # nothing written: not the conflicting row, nor the other edited one
    assert Verdict.objects.get(sample=mine[0]).income_found == Decimal("6100.00")
    assert Verdict.objects.get(sample=mine[1]).note == ""
    assert Change.objects.count() == changes
    # keep theirs: the other row is written, the conflicting one is left
    kept = workbook_import(path=path, actor=evaluator, choices={mine[0].pk: KEEP_THEIRS})
    assert (kept.changed, kept.kept, kept.conflicts) == (1, 1, [])
    assert Verdict.objects.get(sample=mine[0]).income_found == Decimal("6100.00")
    assert Verdict.objects.get(sample=mine[1]).note == "复核无误"
    # take mine: recorded against the database's current version
    taken = workbook_import(path=path, actor=evaluator, choices={mine[0].pk: TAKE_MINE})
    assert (taken.changed, taken.conflicts) == (1, [])
    held = Verdict.objects.get(sample=mine[0])
    assert (held.income_found, held.version, held.evaluator) == (Decimal("5900.00"), 3, evaluator)


def test_a_bad_cell_names_its_row_and_column_and_nothing_is_written(sampled, tmp_path):
    world, campaign = sampled
    evaluator = world.evaluators[0]
    mine = _mine(campaign, evaluator)
    registered = next(s for s in mine if s.stratum == "registered")
    other = next(s for s in mine if s is not registered)
    path = _export(tmp_path, campaign, evaluator)
    rows = _edit(
        path,
        {
            (other.pk, "income_found"): "很多",
            (other.pk, "visited_on"): dt.datetime(2019, 11, 21),
            (registered.pk, "wrongly_exited"): "是",
            (registered.pk, "visited_on"): dt.datetime(2019, 11, 21),
            (mine[-1].pk, "approval"): "还行",
        },
    )
    result = workbook_import(path=path, actor=evaluator)
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (rows[other.pk], "核实人均纯收入"),
        (rows[registered.pk], "错退"),
        (rows[mine[-1].pk], "群众认可度"),
    }
    wrong = next(e for e in result.errors if e.column == "错退")
    assert "已脱贫户" in wrong.reason
    assert result.changed == 0 and not Verdict.objects.exists()
    assert not Change.objects.filter(subject="verification_verdict").exists()
    out = tmp_path / "errors.xlsx"
    write_errors(out, result.errors, source=str(path))
    _header, listed = read_table(out)  # the title row, then the header and the errors
    assert {(int(r[0]), r[1]) for r in listed if isinstance(r[0], int | float)} == found


def test_an_evaluator_cannot_import_rows_of_another_evaluator(sampled, tmp_path):
    world, campaign = sampled
    first, second = world.evaluators
    path = _export(tmp_path, campaign, world.admin)  # every household of the campaign
    theirs = _mine(campaign, second)
    rows = _edit(
        path,
        {
            (theirs[0].pk, "income_found"): 6000,
            (theirs[0].pk, "visited_on"): dt.datetime(2019, 11, 21),
        },
    )
    result = workbook_import(path=path, actor=first)
    assert result.changed == 0
    assert {e.row for e in result.errors} == {rows[s.pk] for s in theirs}
    assert {e.column for e in result.errors} == {"样本编号"}
    assert not Verdict.objects.exists()
    # the administrator may write any row
    assert workbook_import(path=path, actor=world.admin).changed == 1
    assert SampleHousehold.objects.get(pk=theirs[0].pk).verdict.income_found == 6000


def test_the_verdict_columns_are_the_verdicts_fields():
    assert [c.key for c in VERDICT_COLUMNS] == list(verification.VERDICT_FIELDS)


def _page_upload(client, campaign, path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("supervision:verification-import", args=[campaign.pk])
    upload = SimpleUploadedFile("filled.xlsx", path.read_bytes())
    return client.post(url, {"file": upload})


def test_the_pages_download_per_evaluator_and_resolve_a_conflict_side_by_side(
    sampled, tmp_path, client
):
    world, campaign = sampled
    evaluator = world.evaluators[0]
    mine = _mine(campaign, evaluator)
    _record(mine[0], evaluator, income_found=Decimal("6000"))
    client.force_login(world.admin)
    page = client.get(reverse("supervision:verification-import", args=[campaign.pk]))
    assert page.status_code == 200
    export = reverse("supervision:verification-export", args=[campaign.pk])
    for query in ("?evaluator=eval1", "?evaluator=eval2", f"?county={w.COUNTY}"):
        assert f"{export}{query}" in page.content.decode()
    client.force_login(evaluator)
    page = client.get(reverse("supervision:verification-import", args=[campaign.pk]))
    assert f"{export}?evaluator=eval1" in page.content.decode()
    assert "eval2" not in page.content.decode()
    download = client.get(f"{export}?evaluator=eval1")
    assert download.status_code == 200 and download["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    path = tmp_path / "down.xlsx"
    path.write_bytes(download.content)
    assert set(_rows(openpyxl.load_workbook(path).worksheets[0])) == {s.pk for s in mine}
    _edit(path, {(mine[0].pk, "income_found"): 5900})
    _record(mine[0], world.admin, version=1, income_found=Decimal("6100"))
    shown = _page_upload(client, campaign, path)
    assert shown.status_code == 200
    text = shown.content.decode()
    assert "6100.00" in text and "5900.00" in text and "boss" in text
    assert f'name="choice-{mine[0].pk}"' in text
    token = shown.context["token"]
    assert Verdict.objects.get(sample=mine[0]).income_found == Decimal("6100.00")
    applied = client.post(
        reverse("supervision:verification-import", args=[campaign.pk]),
        {"token": token, f"choice-{mine[0].pk}": TAKE_MINE},
    )
    assert applied.status_code == 302
    assert Verdict.objects.get(sample=mine[0]).income_found == Decimal("5900.00")
    # the kept file is gone with its token
    again = client.post(
        reverse("supervision:verification-import", args=[campaign.pk]), {"token": token}
    )
    assert again.status_code == 302
    # a bad cell: 400, the row and column listed, nothing written
    _edit(path, {(mine[1].pk, "income_found"): -5, (mine[1].pk, "visited_on"): VISIT})
    refused = _page_upload(client, campaign, path)
    assert refused.status_code == 400
    assert "核实人均纯收入" in refused.content.decode()
    assert not Verdict.objects.filter(sample=mine[1]).exists()


def test_the_pages_are_404_for_a_campaign_out_of_reach(sampled, client):
    _world, campaign = sampled
    other = User.objects.create_user("eval9", password="x", role="evaluator")
    client.force_login(other)
    for name in ("verification-import", "verification-export"):
        assert client.get(reverse(f"supervision:{name}", args=[campaign.pk])).status_code == 404


def _libreoffice(tmp_path, source, kind):
    profile = (tmp_path / "libreoffice").as_uri()
    out = tmp_path / kind
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile}",
            "--convert-to",
            kind,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        check=True,
        timeout=240,
    )
    return out / f"{source.stem}.{kind}"


@pytest.mark.slow
@needs_libreoffice
def test_libreoffice_prints_the_workbook_and_saves_it_back_importable(sampled, tmp_path):
    world, campaign = sampled
    evaluator = world.evaluators[0]
    mine = _mine(campaign, evaluator)
    _record(mine[0], evaluator, income_found=Decimal("6000"), note="复核")
    path = _export(tmp_path, campaign, evaluator)
    pdf = _libreoffice(tmp_path, path, "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    width, height = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout, re.M).groups()
    assert (round(float(width)), round(float(height))) == (842, 595)  # landscape A4
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert "入户核查表" in lines[0] and "2019 年度" in lines[0]
    assert mine[0].household.number in text
    assert "样本编号" not in text  # the hidden columns are not printed
    # saved again by LibreOffice, the workbook keeps its lists and imports as unchanged
    saved = _libreoffice(tmp_path, path, "xlsx")
    ws = openpyxl.load_workbook(saved).worksheets[0]
    assert any(v.formula1 == '"是,否"' for v in ws.data_validations.dataValidation)
    assert ws.protection.sheet
    result = workbook_import(path=saved, actor=evaluator)
    assert (result.changed, result.unchanged, result.errors) == (0, len(mine), [])


def test_in_english_the_headers_are_the_column_keys_and_import_back(sampled, tmp_path):
    world, campaign = sampled
    evaluator = world.evaluators[0]
    mine = _mine(campaign, evaluator)
    with translation.override("en"):
        path = _export(tmp_path, campaign, evaluator)
    book = openpyxl.load_workbook(path)
    ws, notes = book.worksheets
    assert [ws.cell(row=2, column=i).value for i in range(1, len(COLUMNS) + 1)] == [
        c.key for c in COLUMNS
    ]
    assert notes["A3"].value == "order … registry_guarantees"
    assert "read-only" in notes["B3"].value
    _edit(path, {(mine[0].pk, "income_found"): 6000, (mine[0].pk, "visited_on"): VISIT})
    result = workbook_import(path=path, actor=evaluator)
    assert (result.changed, result.errors) == (1, [])
    assert Verdict.objects.get(sample=mine[0]).income_found == Decimal("6000.00")
