"""`fupin facts extract FILE` and `fupin facts measure`: what they print; errors as one line.
The command needs no database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fupin.reports.management.commands import facts as command

SEED_TEXTS = Path(__file__).parent / "seed_texts"


def _run(capsys, *args):
    call_command("facts", *args)
    return capsys.readouterr().out


def test_extract_table_shows_each_fact_and_its_sentence(capsys):
    out = _run(capsys, "extract", str(SEED_TEXTS / "seed_003.txt"))
    lines = out.splitlines()

    assert lines[0].split() == [
        "kind",
        "indicator",
        "written",
        "value",
        "unit",
        "organisation",
        "place",
        "date",
    ]
    invested = next(i for i, line in enumerate(lines) if "33 million yuan" in line)
    assert lines[invested].split()[:2] == ["ledger", "funds_invested"]
    assert "33000000.00" in lines[invested]
    assert lines[invested].endswith("2020-06-30")
    assert lines[invested + 1].startswith("    as of the end of june 2020, 33 million yuan")
    hired = next(line for line in lines if "more than 2,000 people" in line)
    assert ">2000" in hired
    assert sum(1 for line in lines if not line.startswith("    ")) == 1 + 27


def test_extract_json_gives_exact_values(capsys, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(
        "截至2020年6月底，华能集团投入帮扶资金3300万元，选派挂职干部12名。", encoding="utf-8"
    )

    rows = json.loads(_run(capsys, "extract", str(path), "--format", "json"))

    assert [
        (r["kind"], r["indicator"], r["written"], r["value"], r["unit"], r["date"]) for r in rows
    ] == [
        ("ledger", "funds_invested", "3300万元", "33000000.00", "yuan", "2020-06-30"),
        ("cadres", None, "12名", "12", "person", "2020-06-30"),
    ]
    assert rows[0]["organisation"] == "华能集团"
    assert (
        rows[0]["sentence"] == "截至2020年6月底，华能集团投入帮扶资金3300万元，选派挂职干部12名。"
    )


def test_extract_reads_a_word_file(capsys, tmp_path):
    path = tmp_path / "report.docx"
    document = docx.Document()
    document.add_paragraph("2019年，公司购买贫困地区农产品2.66亿元。")
    document.save(path)

    rows = json.loads(_run(capsys, "extract", str(path), "--format", "json"))

    assert [(r["indicator"], r["value"]) for r in rows] == [("produce_bought", "266000000.00")]


def test_extract_with_the_language_given(capsys, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("投入资金3300万元。", encoding="utf-8")

    rows = json.loads(_run(capsys, "extract", str(path), "--format", "json", "--language", "en"))

    assert [(r["indicator"], r["value"]) for r in rows] == [(None, "33000000.00")]


def test_extract_of_a_text_without_figures(capsys):
    assert _run(capsys, "extract", str(SEED_TEXTS / "seed_000.txt")).strip() == "no facts found"


def test_extract_of_a_missing_or_unreadable_file_is_one_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"missing\.txt"):
        call_command("facts", "extract", str(tmp_path / "missing.txt"))
    odd = tmp_path / "report.xls"
    odd.write_bytes(b"x")
    with pytest.raises(CommandError, match=r"report.xls: texts are read from \.txt, \.docx or"):
        call_command("facts", "extract", str(odd))


def test_measure_prints_the_scores_table(capsys):
    out = _run(capsys, "measure")
    lines = out.splitlines()

    assert lines[0].split()[:3] == ["text", "listed", "found"]
    rows = {line.split()[0]: line.split() for line in lines[2:] if not line.startswith("-")}
    assert list(rows) == ["seed_000", "seed_001", "seed_002", "seed_003", "seed_004", "all"]
    assert rows["all"][1:7] == ["34", "34", "1.00", "1.00", "1.00", "1.00"]
    assert rows["seed_003"][1:3] == ["27", "27"]


def test_measure_without_the_seed_texts_says_so(monkeypatch, tmp_path):
    monkeypatch.setattr(command, "SEEDS_FOLDER", tmp_path)

    with pytest.raises(CommandError, match="no seed texts and hand list in"):
        call_command("facts", "measure")


def test_the_command_line_exits_1_with_one_line(tmp_path):
    env = {**os.environ, "FUPIN_DATA_DIR": str(tmp_path)}

    result = subprocess.run(
        [sys.executable, "-m", "fupin.cli", "facts", "extract", str(tmp_path / "none.txt")],
        capture_output=True,
        text=True,
        env=env,
    )

    assert result.returncode == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "none.txt" in result.stderr
