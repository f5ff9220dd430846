"""Backup and restore: a small world round-trips row for row and byte for byte; a damaged
archive, another schema and a target holding data are refused with nothing changed.

The tests write committed rows (pg_dump and SQLite's backup API see only those), so they do
not use pytest-django's rolled-back transaction: the fixture `db` below replaces it for this
module (by that name, so that pytest-django still sets up the test database for these tests);
it backs up the worker's database before the test and restores it after, which also checks
restore --replace on every test."""

from __future__ import annotations

import io
import json
import os
import shutil
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from tests.assistance.factories import entry, units
from tests.factories import id_number, member_only, member_row, write_csv

from fupin.assistance import services as assistance
from fupin.assistance.models import LedgerEntry
from fupin.core.backup import MANIFEST, BackupError, backup_create, restore
from fupin.core.history import change_record
from fupin.core.models import Change, Source
from fupin.registry.imports import registry_import
from fupin.registry.models import Household, Member, Survey

MODELS = (Household, Member, Survey, LedgerEntry, Change)


def _needs_pg_tools() -> None:
    if connection.vendor != "postgresql":
        return
    if shutil.which("pg_dump") and shutil.which("pg_restore"):
        return
    if os.environ.get("CI") == "true":
        pytest.fail("pg_dump/pg_restore missing (install postgresql-client)")
    pytest.skip("pg_dump/pg_restore missing (install postgresql-client)")


@pytest.fixture
def db(django_db_setup, django_db_blocker, tmp_path, settings):
    """Autocommitted access to the test database, and a data folder of the test's own; the
    database as it was before the test is put back after it (by a restore --replace).
    Yields the archive of that state."""
    _needs_pg_tools()
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    with django_db_blocker.unblock():
        name = Path(str(connection.settings_dict["NAME"])).name
        assert name.startswith("test_"), f"not a test database: {name}"
        before = backup_create(out=tmp_path / "before.tar.gz").path
        try:
            yield before
        finally:
            restore(path=before, replace=True)


def _world(tmp_path: Path) -> None:
    """Three households (one of two members) with their surveys, a ledger entry and its
    reversal, a history row, and two attachments (one in a subfolder, one binary)."""
    rows = [
        member_row("H1", 工资性收入=2951, 生产经营性收入=0, 转移性收入=0),
        member_row("H2", 工资性收入=5000),
        member_only("H2", "之子", 证件号码=id_number(birth="20100101")),
        member_row("H3", 脱贫年度=2016, 工资性收入=6000, 住房安全有保障="否"),
    ]
    registry_import(path=write_csv(tmp_path / "registry.csv", rows))
    unit = units((1, "测试帮扶单位", None))[1]
    first = entry("L-1", unit, "2019-03-01", "funds_invested", "1200.50")
    assistance.ledger_reverse(entry=first, entry_id="L-1R")
    change_record(
        subject="household",
        obj_id=Household.objects.get(number="H1").pk,
        label="H1",
        changes={"note": ["", "备份前"]},
        actor=None,
        source=Source.SYSTEM,
    )
    root = Path(settings.DATA_DIR) / "attachments"
    (root / "cases" / "1").mkdir(parents=True)
    (root / "cases" / "1" / "photo.png").write_bytes(bytes(range(256)) * 40)
    (root / "evidence.txt").write_text("凭证：拨付 1200.50 元\n", encoding="utf-8")


def _state() -> dict[str, object]:
    """Every row of the compared models and every attachment's bytes."""
    state: dict[str, object] = {m.__name__: list(m.objects.order_by("pk").values()) for m in MODELS}
    root = Path(settings.DATA_DIR) / "attachments"
    state["files"] = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
    return state


def _rewrite(archive: Path, out: Path, *, manifest=None, member=None) -> Path:
    """A copy of `archive` with its manifest changed by `manifest(dict)` or the bytes of
    members changed by `member(name, bytes) -> bytes`."""
    with tarfile.open(archive, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        for info in src:
            body = src.extractfile(info).read()
            if info.name == MANIFEST and manifest:
                data = json.loads(body)
                manifest(data)
                body = json.dumps(data).encode()
            elif member:
                body = member(info.name, body)
            info.size = len(body)
            dst.addfile(info, io.BytesIO(body))
    return out


def test_round_trip_restores_every_row_and_attachment(db, tmp_path):
    # given a world, backed up
    _world(tmp_path)
    expected = _state()
    assert [len(expected[m.__name__]) for m in (Household, Member, LedgerEntry)] == [3, 4, 2]
    assert len(expected["files"]) == 2
    assert expected["Change"]
    archive = backup_create(out=tmp_path / "world.tar.gz")
    assert archive.files == 2
    # when the installation is wiped (the snapshot from before the world) …
    restore(path=db, replace=True)
    assert Household.objects.count() == LedgerEntry.objects.count() == 0
    assert _state()["files"] == {}
    # … and the archive restored into it (empty: no --replace needed)
    result = restore(path=archive.path)
    # then every row and every byte is back
    assert result.files == 2
    assert result.rows == archive.rows
    assert _state() == expected
    # the ledger still refuses an update, and new rows get fresh ids after the restored ones
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(entry_id="L-1").update(note="changed")
    change_record(
        subject="household", obj_id=1, label="H9", changes={"x": [1, 2]}, actor=None,
        source=Source.SYSTEM,
    )  # fmt: skip
    assert Change.objects.order_by("pk").last().pk > max(r["id"] for r in expected["Change"])


def test_commands_print_progress_and_replace_data_present(db, tmp_path, capsys):
    _world(tmp_path)
    expected = _state()
    call_command("backup", str(tmp_path / "out") + "/")
    written = list((tmp_path / "out").glob("fupin-backup-*.tar.gz"))
    assert len(written) == 1
    out = capsys.readouterr().out
    assert "2 attachments" in out and "tables" in out
    # data present: a new entry recorded after the backup goes with --replace
    unit = units((2, "另一单位", None))[2]
    entry("L-2", unit, "2019-04-01", "funds_invested", "10")
    call_command("restore", str(written[0]), "--replace")
    out = capsys.readouterr().out
    assert "database:" in out and "attachments: 2 files" in out and "restored" in out
    assert _state() == expected


def test_secret_key_only_when_asked(db, tmp_path):
    secret = Path(settings.DATA_DIR) / "secret_key"
    secret.write_text("a-secret-of-the-test")
    plain = backup_create(out=tmp_path / "plain.tar.gz").path
    keyed = backup_create(out=tmp_path / "keyed.tar.gz", with_secret=True).path
    with tarfile.open(plain) as a, tarfile.open(keyed) as b:
        assert "secret_key" not in a.getnames()
        assert b.extractfile("secret_key").read() == secret.read_bytes()


def _refused(path: Path, message: str, *, replace: bool = True) -> None:
    """restore(path) refuses with `message`, and nothing of the world changed."""
    before = _state()
    with pytest.raises(BackupError, match=message):
        restore(path=path, replace=replace)
    assert _state() == before
    assert not list(Path(settings.DATA_DIR).glob(".restore-*"))


def test_refusals_change_nothing(db, tmp_path):
    # given an archive of the world, then one more ledger entry (the world differs from it)
    _world(tmp_path)
    archive = backup_create(out=tmp_path / "world.tar.gz").path
    unit = units((3, "第三单位", None))[3]
    entry("L-3", unit, "2019-05-01", "funds_invested", "7")
    # a target holding data without --replace
    _refused(archive, r"holds data \(.*; give --replace", replace=False)
    # a byte flipped in the file (the gzip stream breaks)
    flipped = tmp_path / "flipped.tar.gz"
    body = bytearray(archive.read_bytes())
    body[len(body) // 2] ^= 0xFF
    flipped.write_bytes(bytes(body))
    _refused(flipped, "is damaged")
    # a member whose bytes differ from the manifest's checksum
    changed = _rewrite(
        archive,
        tmp_path / "changed.tar.gz",
        member=lambda name, b: b.replace(b"1200.50", b"9999.99") if "evidence" in name else b,
    )  # fmt: skip
    _refused(changed, "evidence.txt differs from its checksum")
    # a truncated archive
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(archive.read_bytes()[:-4000])
    _refused(cut, "is damaged")

    # another schema: the migrations named
    def other_schema(data):
        data["migrations"]["registry"].append("0999_future")
        data["migrations"]["assistance"].pop()

    other = _rewrite(archive, tmp_path / "other.tar.gz", manifest=other_schema)
    _refused(other, r"only in the archive: registry\.0999_future; only here: assistance\.")

    # another vendor
    def other_vendor(data):
        data["vendor"] = "sqlite" if connection.vendor == "postgresql" else "postgresql"

    _refused(
        _rewrite(archive, tmp_path / "vendor.tar.gz", manifest=other_vendor),
        "database, this one is",
    )
    # the command: one line, exit status 1 (CommandError)
    with pytest.raises(CommandError, match="holds data"):
        call_command("restore", str(archive))
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
