"""Backup and restore of a fupin installation: the database and the attachments in one file.

`backup_create` writes one `.tar.gz` archive whose first member is `manifest.json`: fupin's
version, the database vendor, the applied migrations of every app, the time, the row count of
every table and the sha256 and size of every other member. The other members are the database
(`database.sqlite3` or `database.pgdump`), the files under `DATA_DIR/attachments/` (cadres'
reports, evidence, case photos, facts texts) as `attachments/…`, and the secret key only when
asked (`with_secret`). Jobs' working files, uploads, static files and the test databases are
not data and stay out.

The database is copied with the vendor's own consistent tool, not re-serialised:

- SQLite: the online backup API (`sqlite3.Connection.backup`, in one step, so one read
  snapshot) into a new file, which is what goes into the archive — the live file is never
  copied while open. A restore checks that file (`PRAGMA integrity_check`, the row counts of
  the manifest) and then copies it with the same API into the live database: the destination
  is rewritten inside one write transaction, so every connection sees either the old or the
  new database (the atomic swap, safe with WAL, which renaming a file under open connections
  is not).
- PostgreSQL: `pg_dump --format=custom` of a snapshot exported by a repeatable-read
  transaction in which the rows are counted, so the counts and the dump describe the same
  state; restored by `pg_restore --clean --if-exists --single-transaction`: the tables are
  dropped and made again from the archive in one transaction, or nothing changes.

Why not Django's serializers (a `dumpdata`-like JSON Lines stream, which could cross vendors):
measured on the demo (a 606 MB SQLite file, 3.7 M rows in 78 tables), `dumpdata --format jsonl`
of only the households, members and surveys took 397 s and wrote 899 MB, where the whole backup
takes 16 s for a 162 MB archive and its restore 16 s into an empty database, 32 s over the
demo itself (gzip level 1: level 6 makes the archive 142 MB but the backup 40 s). A stream
would also have to reproduce by hand what the native copy keeps for free — sequences, the
ledger's never-update trigger, check constraints — and load ledger rows with the trigger in
place (a restore must insert, never update, them). The price: an archive restores only into
the vendor it came from; a restore says so in one line.

`restore` refuses, with one line and before anything is written, an archive that is damaged
(a member whose checksum or size differs from the manifest, a member missing or unlisted, a
broken gzip stream), of another schema (it names the migrations only in the archive and only
here), of another vendor, or a target that holds data (any table but the ones `migrate` fills
and the division tree, or any attachment) unless `replace` is given. Every member is first
extracted into a staging folder in DATA_DIR and checked; then the database is restored, then
the attachments folder is swapped in by renames, then the staging folder is removed. Stop
`fupin serve` and the workers first: on PostgreSQL the restore waits for their locks, and a
job running meanwhile would write into the database being replaced.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import fupin
from fupin.core.errors import FupinError

MANIFEST = "manifest.json"
FORMAT = 1
ATTACHMENTS = "attachments"
SECRET = "secret_key"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
#: tables a fresh `migrate` fills itself, and the division tree (official code data loaded by
#: `fupin regions load`): rows there do not make a database "hold data"
REFERENCE_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "assistance_indicator",
    "sqlite_sequence",
}
REFERENCE_PREFIXES = ("regions_",)
CHUNK = 1 << 20

Report = Callable[[str], None]


class BackupError(FupinError):
    """A backup or restore that cannot go on; nothing was changed."""

    code = "backup"


@dataclass(frozen=True, slots=True)
class BackupResult:
    path: Path
    tables: int
    rows: int
    files: int
    size: int


@dataclass(frozen=True, slots=True)
class RestoreResult:
    tables: int
    rows: int
    files: int
    secret: bool


def _quiet(_: str) -> None:
    pass


def _attachments_dir() -> Path:
    return Path(settings.DATA_DIR) / ATTACHMENTS


def _attachment_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                yield path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _applied(conn: Any = None) -> dict[str, list[str]]:
    """The applied migrations of every app, sorted."""
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(conn or connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _table_counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _vendor() -> str:
    if connection.vendor not in DUMPS:
        raise BackupError(f"backup supports SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


# -- the database, per vendor ---------------------------------------------------------------


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return [r[0] for r in rows if not r[0].startswith("sqlite_") or r[0] == "sqlite_sequence"]


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    counts = {}
    for table in sorted(_sqlite_tables(conn)):
        quoted = '"' + table.replace('"', '""') + '"'
        counts[table] = conn.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()[0]
    return counts


def _sqlite_dump(target: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # one step: one consistent snapshot
        counts = _sqlite_counts(copy)
        applied: dict[str, list[str]] = {}
        for app, name in copy.execute("SELECT app, name FROM django_migrations"):
            applied.setdefault(app, []).append(name)
    finally:
        copy.close()
    return counts, {app: sorted(names) for app, names in sorted(applied.items())}


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore and the environment with the password."""
    db = connection.settings_dict
    args = [f"--dbname={db['NAME']}"]
    if db.get("HOST"):
        args.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        args.append(f"--port={db['PORT']}")
    if db.get("USER"):
        args.append(f"--username={db['USER']}")
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def pg_tool(name: str) -> str:
    """The path of pg_dump / pg_restore, or a BackupError that says it is missing."""
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (it comes with the PostgreSQL client)")
    return path


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise BackupError(
            f"{Path(command[0]).name} failed: {lines[-1] if lines else done.returncode}"
        )


def _pg_dump(target: Path) -> tuple[dict[str, int], dict[str, list[str]]]:
    tool = pg_tool("pg_dump")
    args, env = _pg_environment()
    connection.ensure_connection()
    if connection.in_atomic_block:
        raise BackupError("a backup cannot run inside a transaction")
    with connection.cursor() as cursor:
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = connection.introspection.table_names(cursor)
            counts = _table_counts(cursor, tables)
            applied = _applied()
            # the archive is gzipped as a whole: the dump itself is not compressed again
            _run([tool, *args, "--format=custom", "--compress=0", f"--snapshot={snapshot}",
                  f"--file={target}"], env)  # fmt: skip
        finally:
            cursor.execute("ROLLBACK")
    return counts, applied


def _pg_restore(dump: Path) -> None:
    tool = pg_tool("pg_restore")
    args, env = _pg_environment()
    connection.close()  # no idle connection of ours holds a lock on the tables dropped
    _run([tool, *args, "--clean", "--if-exists", "--single-transaction", "--no-owner",
          "--no-privileges", "--exit-on-error", str(dump)], env)  # fmt: skip


def _sqlite_restore(copy: Path, expected: dict[str, int]) -> None:
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"the archive's database is damaged: {check}")
        if _sqlite_counts(source) != expected:
            raise BackupError("the archive's database does not hold the rows its manifest lists")
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("a restore cannot run inside a transaction")
        source.backup(connection.connection)  # the live database rewritten in one transaction
    finally:
        source.close()
    connection.close()


def _current_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _table_counts(cursor, connection.introspection.table_names(cursor))


def _data_tables(counts: dict[str, int]) -> dict[str, int]:
    return {
        table: n
        for table, n in counts.items()
        if n and table not in REFERENCE_TABLES and not table.startswith(REFERENCE_PREFIXES)
    }


# -- backup ---------------------------------------------------------------------------------


def backup_name(now: dt.datetime | None = None) -> str:
    """The default archive name: fupin-backup-2026-12-04T20-15.tar.gz (local time)."""
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y-%m-%dT%H-%M")
    return f"fupin-backup-{stamp}.tar.gz"


def backup_create(
    *, out: Path | str, with_secret: bool = False, report: Report = _quiet, compresslevel: int = 1
) -> BackupResult:
    """Write the archive `out` (a folder: a file named by the time in it); returns its figures."""
    vendor = _vendor()
    folder = str(out).endswith(("/", os.sep))
    out = Path(out)
    if folder or out.is_dir():
        out = out / backup_name()
    if out.exists():
        raise BackupError(f"{out} exists already")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=settings.DATA_DIR) as work:
        dump = Path(work) / DUMPS[vendor]
        report(f"database ({vendor}) …")
        counts, applied = (_sqlite_dump if vendor == "sqlite" else _pg_dump)(dump)
        report(f"database: {len(counts)} tables, {sum(counts.values())} rows")
        members: list[tuple[str, Path]] = [(DUMPS[vendor], dump)]
        root = _attachments_dir()
        files = [
            (f"{ATTACHMENTS}/{p.relative_to(root).as_posix()}", p) for p in _attachment_files(root)
        ]
        members += files
        secret = Path(settings.DATA_DIR) / SECRET
        if with_secret:
            if not secret.is_file():
                raise BackupError(f"there is no secret key file in {settings.DATA_DIR}")
            members.append((SECRET, secret))
        listed = {
            name: {"sha256": _sha256(path), "size": path.stat().st_size} for name, path in members
        }
        manifest = {
            "format": FORMAT,
            "fupin": fupin.__version__,
            "vendor": vendor,
            "created": timezone.now().isoformat(timespec="seconds"),
            "migrations": applied,
            "tables": counts,
            "members": listed,
        }
        partial = out.with_name(out.name + ".partial")
        try:
            with tarfile.open(partial, "w:gz", compresslevel=compresslevel) as archive:
                body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(body), int(timezone.now().timestamp()), 0o600
                archive.addfile(info, io.BytesIO(body))
                for name, path in members:
                    info = archive.gettarinfo(str(path), arcname=name)
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    with path.open("rb") as handle:
                        archive.addfile(info, handle)
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
    report(f"attachments: {len(files)} files")
    return BackupResult(
        path=out,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(files),
        size=out.stat().st_size,
    )


# -- restore --------------------------------------------------------------------------------


def _member_path(name: str, staging: Path) -> Path:
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts or "\\" in name:
        raise BackupError(f"the archive is damaged: a member named {name!r}")
    return staging.joinpath(*parts)


def _unpack(archive_path: Path, staging: Path) -> dict[str, Any]:
    """Extract every member into `staging`, each checked against the manifest; the manifest."""
    damaged = f"the archive {archive_path.name} is damaged"
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            first = archive.next()
            if first is None or first.name != MANIFEST or not first.isfile():
                raise BackupError(f"{damaged}: it does not begin with its manifest")
            handle = archive.extractfile(first)
            assert handle is not None
            try:
                manifest: dict[str, Any] = json.loads(handle.read())
                listed = manifest["members"]
            except (ValueError, KeyError, TypeError):
                raise BackupError(f"{damaged}: its manifest cannot be read") from None
            seen = set()
            for info in archive:
                if info is first:
                    continue
                if not info.isfile() or info.name not in listed or info.name in seen:
                    raise BackupError(f"{damaged}: {info.name} is not in its manifest")
                seen.add(info.name)
                target = _member_path(info.name, staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(info)
                assert source is not None
                digest = hashlib.sha256()
                size = 0
                with target.open("wb") as sink:
                    while block := source.read(CHUNK):
                        digest.update(block)
                        size += len(block)
                        sink.write(block)
                want = listed[info.name]
                if digest.hexdigest() != want.get("sha256") or size != want.get("size"):
                    raise BackupError(f"{damaged}: {info.name} differs from its checksum")
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        # (other OS errors, e.g. a full disk, are not the archive's fault: they go up as such)
        raise BackupError(f"{damaged}: {exc}") from None
    missing = sorted(set(listed) - seen)
    if missing:
        raise BackupError(f"{damaged}: {missing[0]} is missing")
    return manifest


def _schema_check(manifest: dict[str, Any], vendor: str) -> None:
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"the archive is of format {manifest.get('format')}, this fupin reads {FORMAT}"
        )
    if manifest.get("vendor") != vendor:
        raise BackupError(
            f"the archive holds a {manifest.get('vendor')} database, this one is {vendor}"
        )
    theirs = {(app, n) for app, names in manifest.get("migrations", {}).items() for n in names}
    ours = {(app, n) for app, names in _applied().items() for n in names}
    if theirs != ours:
        only_there = ", ".join(f"{a}.{n}" for a, n in sorted(theirs - ours)) or "none"
        only_here = ", ".join(f"{a}.{n}" for a, n in sorted(ours - theirs)) or "none"
        raise BackupError(
            f"the archive is of another schema: migrations only in the archive: {only_there}; "
            f"only here: {only_here}"
        )


def _swap_attachments(staged: Path, work: Path) -> int:
    """Put the staged attachments folder in place of the current one (renames)."""
    root = _attachments_dir()
    if not staged.is_dir():
        staged.mkdir(parents=True)
    if root.exists():
        os.replace(root, work / "attachments.old")
    os.replace(staged, root)
    return sum(1 for _ in _attachment_files(root))


def restore(*, path: Path, replace: bool = False, report: Report = _quiet) -> RestoreResult:
    """Restore the archive `path` into this database and DATA_DIR (see the module's text)."""
    vendor = _vendor()
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=settings.DATA_DIR) as work:
        staging = Path(work) / "archive"
        staging.mkdir()
        report(f"checking {path.name} …")
        manifest = _unpack(path, staging)
        _schema_check(manifest, vendor)
        held = _data_tables(_current_counts())
        attachments = sum(1 for _ in _attachment_files(_attachments_dir()))
        if (held or attachments) and not replace:
            shown = ", ".join(f"{t}: {n}" for t, n in sorted(held.items())[:3])
            if attachments:
                shown = ", ".join(filter(None, [shown, f"{attachments} attachments"]))
            raise BackupError(f"the target holds data ({shown}); give --replace to replace it")
        counts = manifest["tables"]
        report(f"database: {len(counts)} tables, {sum(counts.values())} rows …")
        dump = staging / DUMPS[vendor]
        if vendor == "sqlite":
            _sqlite_restore(dump, counts)
        else:
            _pg_restore(dump)
            restored = _current_counts()
            wrong = [t for t, n in counts.items() if restored.get(t) != n]
            if wrong:
                raise BackupError(f"the restored table {wrong[0]} does not hold the archive's rows")
        files = _swap_attachments(staging / ATTACHMENTS, Path(work))
        report(f"attachments: {files} files")
        secret = (staging / SECRET).is_file()
        if secret:
            os.replace(staging / SECRET, Path(settings.DATA_DIR) / SECRET)
            report("secret key restored")
    return RestoreResult(tables=len(counts), rows=sum(counts.values()), files=files, secret=secret)
