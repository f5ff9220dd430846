"""Bulk writes that bypass the ORM's per-row cost: executemany on SQLite, COPY on PostgreSQL.

Call inside `transaction.atomic()`; the caller validates every row first.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection

BATCH = 20_000


def _batches(rows: Iterable[Sequence[Any]], size: int = BATCH) -> Iterator[list[Sequence[Any]]]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def upsert(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    key: Sequence[str],
    update: Sequence[str] | None = None,
    also_set: str = "",
) -> None:
    """Insert rows; on a conflict on `key`, update `update` columns when they differ (and
    then also apply the SQL assignments of `also_set`, e.g. a version bump).

    Rows whose values equal the stored ones are left untouched, so re-running is a no-op.
    """
    update = [c for c in (columns if update is None else update) if c not in key]
    clause = _conflict_clause(
        table,
        key,
        update,
        "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT",
        also_set,
    )
    if connection.vendor == "postgresql":
        _upsert_postgresql(table, columns, rows, clause)
    else:
        _upsert_sqlite(table, columns, rows, clause)


def insert(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert rows (no conflict handling): multi-row statements on SQLite, COPY on PostgreSQL."""
    if connection.vendor == "postgresql":
        _copy_postgresql(table, columns, rows)
    else:
        _upsert_sqlite(table, columns, rows, "")


def _copy_postgresql(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for batch in _batches(rows):
                for row in batch:
                    copy.write_row(row)


def _conflict_clause(
    table: str, key: Sequence[str], update: Sequence[str], distinct: str, also_set: str
) -> str:
    if not update:
        return f"ON CONFLICT ({', '.join(key)}) DO NOTHING"
    sets = ", ".join([*(f"{c} = excluded.{c}" for c in update), *([also_set] if also_set else [])])
    old = ", ".join(f"{table}.{c}" for c in update)
    new = ", ".join(f"excluded.{c}" for c in update)
    changed = f"({old}) {distinct} ({new})" if len(update) > 1 else f"{old} {distinct} {new}"
    return f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {sets} WHERE {changed}"


def _upsert_sqlite(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    clause: str,
) -> None:
    # Several rows per statement: a third faster than one row per executemany step.
    per = max(1, min(100, 30_000 // len(columns)))
    one = "(" + ", ".join("?" for _ in columns) + ")"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    many_sql = f"{head}{', '.join([one] * per)} {clause}"
    connection.ensure_connection()
    raw = connection.connection
    for batch in _batches(rows):
        full = len(batch) // per * per
        raw.executemany(
            many_sql,
            (tuple(itertools.chain.from_iterable(batch[i : i + per])) for i in range(0, full, per)),
        )
        if full < len(batch):
            raw.executemany(f"{head}{one} {clause}", batch[full:])


def _upsert_postgresql(
    table: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    clause: str,
) -> None:
    cols = ", ".join(columns)
    stage = f"_stage_{table}"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(
            f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA"
        )
        raw = cursor.cursor
        with raw.copy(f"COPY {stage} ({cols}) FROM STDIN") as copy:
            for batch in _batches(rows):
                for row in batch:
                    copy.write_row(row)
        cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage} {clause}")
        cursor.execute(f"DROP TABLE {stage}")


def delete_where_in(
    table: str, column: str, values: Sequence[Any], where: str = "", params: Sequence[Any] = ()
) -> int:
    """Delete rows whose `column` is in `values`, in chunks small enough for SQLite; `where`
    (ending in AND) narrows them further, `params` fill its placeholders."""
    deleted = 0
    with connection.cursor() as cursor:
        for start in range(0, len(values), 5000):
            chunk = values[start : start + 5000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"DELETE FROM {table} WHERE {where}{column} IN ({marks})", [*params, *chunk]
            )
            deleted += cursor.rowcount
    return deleted


def update_where_in(
    table: str,
    assignment: str,
    column: str,
    values: Sequence[Any],
    params: Sequence[Any] = (),
) -> None:
    """UPDATE table SET assignment WHERE column IN values (chunked); `params` fill the
    placeholders of `assignment`."""
    with connection.cursor() as cursor:
        for start in range(0, len(values), 5000):
            chunk = values[start : start + 5000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET {assignment} WHERE {column} IN ({marks})", [*params, *chunk]
            )


def select_in(
    sql_prefix: str, values: Sequence[Any], chunk: int = 5000, params: Sequence[Any] = ()
) -> list[tuple[Any, ...]]:
    """Run `sql_prefix` + ' IN (...)' over `values` in chunks; returns all rows. `params`
    fill placeholders in `sql_prefix`. On PostgreSQL one array parameter per 100,000 values
    (`= ANY(%s)`) replaces the long lists of placeholders."""
    out: list[tuple[Any, ...]] = []
    postgres = connection.vendor == "postgresql"
    size = 100_000 if postgres else chunk
    with connection.cursor() as cursor:
        for start in range(0, len(values), size):
            part = list(values[start : start + size])
            if postgres:
                cursor.execute(f"{sql_prefix} = ANY(%s)", [*params, part])
            else:
                cursor.execute(
                    f"{sql_prefix} IN ({', '.join(['%s'] * len(part))})", [*params, *part]
                )
            out.extend(cursor.fetchall())
    return out
