"""Bad files get one clear message and nothing written, never a traceback."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.factories import HEADER, member_row

from fupin.registry.models import Household

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("registry.pdf", b"%PDF-1.4", "unknown file kind '.pdf'"),
        ("empty.csv", b"", "the file is empty"),
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", "cannot read the spreadsheet"),
    ],
)
def test_unreadable_files(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("registry", "import", str(path))
    assert not Household.objects.exists()


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("registry", "import", str(tmp_path / "nope.xlsx"))


def test_gb18030_csv_from_chinese_excel_is_read(tmp_path):
    row = member_row("G1")
    text = ",".join(HEADER) + "\n" + ",".join(str(row[h]) for h in HEADER) + "\n"
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gb18030"))
    call_command("registry", "import", str(path))
    assert Household.objects.get(number="G1").attribute == "general"


def test_unknown_mode_and_year_are_refused(tmp_path):
    with pytest.raises(CommandError):
        call_command("registry", "import", str(tmp_path / "x.csv"), "--mode", "loose")
    with pytest.raises(CommandError, match="no regime covers 1990"):
        call_command("evaluate", "--year", "1990", "--out", str(tmp_path / "o"))
