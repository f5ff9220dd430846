"""`fupin verification …`: the sample, the field workbook out and back, the rates as exact
values, the decision and what is reported back; errors as one line, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from tests.supervision import verification_world as w

from fupin.accounts.models import User
from fupin.policy.verification import wilson_interval
from fupin.supervision import verification
from fupin.supervision.management.commands.verification import Command
from fupin.supervision.models import Finding, SampleHousehold, Verdict
from fupin.supervision.verification_workbook import COLUMNS

pytestmark = pytest.mark.django_db
VISIT = dt.date(2019, 11, 20)
COL = {c.key: i + 1 for i, c in enumerate(COLUMNS)}


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def world():
    return w.build()


def _run(capsys, *args):
    call_command("verification", *args)
    return capsys.readouterr()


def _samples(campaign):
    return list(
        SampleHousehold.objects.filter(campaign_county__campaign=campaign).order_by("order")
    )


def _crafted(world, campaign):
    """Every household recorded: one exited household found below the line, one household
    unsure, one with no answer on approval."""
    rows = _samples(campaign)
    exited = [s for s in rows if s.stratum == "exited"]
    wrong = exited[0]
    for sample in rows:
        values = {
            "income_found": Decimal("3000" if sample is wrong else "6000"),
            "visited_on": VISIT,
            "approval": "approve",
        }
        if sample is rows[1]:
            values["approval"] = "unsure"
        if sample is rows[2]:
            values["approval"] = ""
        verification.verdict_record(
            sample=sample, values=values, expected_version=None, actor=world.admin
        )
    return rows, exited, wrong


def test_sample_by_year_and_name_then_rates_as_exact_json(world, capsys):
    campaign = w.campaign(world)
    out = _run(capsys, "sample", f"{w.YEAR}/{campaign.name}", "--seed", "7")
    assert out.out.splitlines()[0] == f"{w.COUNTY} 罗田县: 60 households"
    rows, exited, wrong = _crafted(world, campaign)
    data = json.loads(_run(capsys, "rates", str(campaign.pk), "--format", "json").out)
    assert data["campaign"] == {
        "id": campaign.pk,
        "name": campaign.name,
        "year": 2019,
        "kind": "exit_verification",
        "regime": "cn-2014",
    }
    [county] = data["counties"]
    assert (county["county"], county["sampled"], county["recorded"]) == (w.COUNTY, 60, 60)
    rates = {i["code"]: i for i in county["indicators"]}
    exited_people = sum(s.members for s in exited)
    wrong_rate = rates["wrongly_exited_rate"]
    assert (wrong_rate["numerator"], wrong_rate["denominator"]) == (wrong.members, exited_people)
    assert wrong_rate["value"] == str(Fraction(wrong.members, exited_people))
    interval = wilson_interval(wrong.members, exited_people)
    assert wrong_rate["interval"] == {
        "low": interval.low,
        "high": interval.high,
        "method": "wilson",
    }
    p, n, z = wrong.members / exited_people, exited_people, 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5
    assert wrong_rate["interval"]["low"] == pytest.approx(centre - half, abs=1e-12)
    assert wrong_rate["interval"]["high"] == pytest.approx(centre + half, abs=1e-12)
    assert wrong_rate["threshold"] == {"comparison": "<", "value": "1/50", "percent": "2"}
    assert wrong_rate["passed"] is False
    others = sum(s.members for s in rows if s.stratum == "non_registered")
    assert (rates["omitted_rate"]["numerator"], rates["omitted_rate"]["value"]) == (0, "0/1")
    assert rates["omitted_rate"]["denominator"] == others
    assert rates["omitted_rate"]["passed"] is True
    assert (rates["approval_rate"]["numerator"], rates["approval_rate"]["denominator"]) == (58, 59)
    assert rates["approval_rate"]["value"] == "58/59"
    assert rates["approval_rate"]["threshold"]["comparison"] == ">="
    assert rates["approval_rate"]["passed"] is True
    row = campaign.counties.get()
    incidence = (
        row.remaining_registered + Fraction(wrong.members, exited_people) * row.exited
    ) / row.rural_population
    assert rates["incidence"]["value"] == f"{incidence.numerator}/{incidence.denominator}"
    assert rates["incidence"]["passed"] is (incidence < Fraction(2, 100))
    assert county["exit"] is False and county["failing"] == ["wrongly_exited_rate"]
    assert county["decided"] == {"may_exit": None, "failing": [], "on": None}
    text = _run(capsys, "rates", str(campaign.pk)).out
    assert "错退率" in text and "FAIL" in text
    assert "decision: may not exit (failing: wrongly_exited_rate)" in text


def test_decide_records_the_decision_and_report_back_makes_findings(world, capsys):
    campaign = w.campaign(world)
    _run(capsys, "sample", str(campaign.pk), "--seed", "7")
    _rows, _exited, wrong = _crafted(world, campaign)
    out = _run(capsys, "decide", str(campaign.pk), "--county", w.COUNTY, "--on", "2019-12-01")
    assert out.out.strip() == f"{w.COUNTY} 罗田县: may not exit (failing: wrongly_exited_rate)"
    row = campaign.counties.get()
    assert (row.may_exit, row.failing, row.decided_on) == (
        False,
        ["wrongly_exited_rate"],
        dt.date(2019, 12, 1),
    )
    out = _run(capsys, "report-back", str(campaign.pk), "--on", "2019-12-01")
    assert out.out.splitlines()[-1] == "reported 1 wrongly exited household(s)"
    assert list(Finding.objects.values_list("household_id", flat=True)) == [wrong.household_id]


def test_an_evaluator_exports_fills_and_imports_and_a_conflict_is_resolved(world, capsys, tmp_path):
    campaign = w.campaign(world)
    _run(capsys, "sample", str(campaign.pk), "--seed", "7")
    evaluator = world.evaluators[0]
    mine = [s for s in _samples(campaign) if s.evaluator_id == evaluator.pk]
    path = tmp_path / "eval1.xlsx"
    out = _run(capsys, "export", str(campaign.pk), str(path), "--evaluator", "eval1")
    assert out.out.strip() == f"written {len(mine)} households to {path}"
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, COL["sample_id"]).value)
    sample_id = ws.cell(row, COL["sample_id"]).value
    ws.cell(row, COL["income_found"], 6500)
    ws.cell(row, COL["visited_on"], dt.datetime(2019, 11, 22))
    book.save(path)
    # meanwhile the administrator records that household's verdict
    verification.verdict_record(
        sample=SampleHousehold.objects.get(pk=sample_id),
        values={"income_found": Decimal("7000"), "visited_on": VISIT},
        expected_version=None,
        actor=world.admin,
    )
    with pytest.raises(CommandError, match="changed since the export; nothing was written"):
        call_command("verification", "import", str(path), "--user", "eval1")
    assert "changed by boss" in capsys.readouterr().err
    assert Verdict.objects.get(sample_id=sample_id).income_found == Decimal("7000.00")
    out = _run(capsys, "import", str(path), "--user", "eval1", "--resolve", "mine")
    assert out.out.strip().startswith("changed 1, unchanged")
    assert Verdict.objects.get(sample_id=sample_id).income_found == Decimal("6500.00")
    # the other evaluator may not write that row
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "verification",
            "import",
            str(path),
            "--user",
            "eval2",
            "--errors",
            str(tmp_path / "e.csv"),
        )
    assert (tmp_path / "e.csv").exists()


def test_errors_are_one_line_on_stderr_with_a_non_zero_exit(world, capsys):
    campaign = w.campaign(world)
    with pytest.raises(CommandError, match="no campaign 2019/nope"):
        call_command("verification", "rates", "2019/nope")
    with pytest.raises(CommandError, match="no user nobody"):
        call_command("verification", "rates", str(campaign.pk), "--user", "nobody")
    # an evaluator not named in a campaign does not see it
    other = User.objects.create_user("eval3", password="x", role="evaluator")
    with pytest.raises(CommandError, match=f"no campaign {campaign.pk}"):
        call_command("verification", "rates", str(campaign.pk), "--user", other.username)
    with pytest.raises(CommandError, match="评估检查"):
        call_command("verification", "sample", str(campaign.pk), "--seed", "1", "--user", "eval1")
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["fupin", "verification", "decide", "123456", "--county", "1"])
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert err.strip() == "CommandError: no campaign 123456 (give its id or YEAR/NAME)"
    assert "Traceback" not in err


def test_the_command_answers_help_through_the_fupin_entry_point(tmp_path):
    env = {**os.environ, "FUPIN_DATA_DIR": str(tmp_path)}
    fupin = Path(sys.executable).with_name("fupin")
    done = subprocess.run(
        [str(fupin), "verification", "--help"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    for action in ("sample", "export", "import", "rates", "decide", "report-back"):
        assert action in done.stdout
