"""Writes to the division tree: loading the official codes, importing yearly figures."""

from __future__ import annotations

import csv
import lzma
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
from django.db import transaction

from fupin.core import bulk
from fupin.core.errors import InvalidInput, RowError, RowErrors
from fupin.exchange import cells
from fupin.exchange.layouts import Column, map_header
from fupin.exchange.readers import read_table_at
from fupin.policy.facts import REGION_STATS_SCHEMA
from fupin.policy.regimes import load_regime
from fupin.regions.codes import DATA_DIR, clean_code, padded, parent_code, short_name
from fupin.regions.enums import LEVEL_BY_DIGITS
from fupin.regions.models import Region, RegionYear
from fupin.regions.selectors import resolve_codes

DIVISIONS_FILE = DATA_DIR / "divisions-2023.tsv.xz"
COORDINATES_FILE = DATA_DIR / "coordinates.csv"
REGION_COLUMNS = (
    "code",
    "name",
    "short_name",
    "level",
    "parent_id",
    "is_western",
    "longitude",
    "latitude",
)


def _coordinates() -> dict[str, tuple[float, float]]:
    with COORDINATES_FILE.open(encoding="utf-8") as handle:
        return {
            row["code"]: (float(row["longitude"]), float(row["latitude"]))
            for row in csv.DictReader(handle)
        }


def _official_rows(western: frozenset[str]) -> Iterator[tuple[object, ...]]:
    coordinates = _coordinates()
    text = lzma.decompress(DIVISIONS_FILE.read_bytes()).decode("utf-8")
    levels = {digits: level.value for digits, level in LEVEL_BY_DIGITS.items()}
    for line in text.splitlines():
        code, name = line.split("\t")
        level = levels[len(code)]
        lon, lat = coordinates.get(padded(code), (None, None)) if len(code) <= 6 else (None, None)
        parent = parent_code(code)
        yield (code, name, short_name(name, level), level, parent, code[:2] in western, lon, lat)


def regions_load(
    *,
    regime: str = "cn-2014",
    only: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
) -> int:
    """Load (or refresh) the NBS 2023 division tree, province to village, with coordinates
    and the western-province flag of `regime`; `only` keeps the regions under these code
    prefixes and their ancestors. Idempotent; returns the number of regions."""
    western = frozenset(load_regime(regime).western_provinces)
    rows = list(_official_rows(western))
    if only:
        prefixes = tuple(only)
        rows = [
            r
            for r in rows
            if str(r[0]).startswith(prefixes) or any(p.startswith(str(r[0])) for p in prefixes)
        ]
    if progress:
        progress(f"read {len(rows):,} regions")
    with transaction.atomic():
        bulk.upsert(Region._meta.db_table, REGION_COLUMNS, rows, key=("code",))
    return len(rows)


STATS_COLUMNS = (
    Column("code", "行政区划代码", required=True),
    Column("year", "年度", required=True),
    Column("rural_population", "农村人口"),
    Column("poor_county", "贫困县"),
    Column("poor_village", "贫困村"),
    Column("exit_year", "摘帽年度"),
    Column("exit_date", "摘帽日期"),
)


@dataclass
class ImportResult:
    written: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


def region_stats_import(*, path: str | Path, mode: str = "strict") -> ImportResult:
    """Import per-region yearly figures (rural population, poor county/village, exit year).

    strict: any invalid row → nothing written, RowErrors raised. skip-invalid: valid rows
    written, invalid rows returned as errors. Re-importing the same file changes nothing.
    """
    parsed, errors = _stats_rows(path)
    resolved = resolve_codes(sorted({str(rec["code"]) for _, rec in parsed}))
    seen: dict[tuple[str, object], int] = {}
    good: list[tuple[object, ...]] = []
    for number, rec in parsed:
        stored = resolved.get(str(rec["code"]))
        if stored is None:
            errors.append(RowError(number, "行政区划代码", "no such region", str(rec["code"])))
            continue
        if (stored, rec["year"]) in seen:
            first = seen[(stored, rec["year"])]
            errors.append(RowError(number, "年度", f"region and year already given on row {first}"))
            continue
        seen[(stored, rec["year"])] = number
        good.append((stored, *(rec[c.key] for c in STATS_COLUMNS[1:])))
    if errors and mode == "strict":
        raise RowErrors(errors)
    _write_stats(good)
    return ImportResult(written=len(good), skipped=len({e.row for e in errors}), errors=errors)


def _stats_rows(path: str | Path) -> tuple[list[tuple[int, dict[str, object]]], list[RowError]]:
    header, rows, header_row = read_table_at(path, STATS_COLUMNS)
    positions = map_header(header, STATS_COLUMNS, row=header_row)
    parsed: list[tuple[int, dict[str, object]]] = []
    errors: list[RowError] = []
    for number, row in enumerate(rows, start=header_row + 1):
        if all(cells.is_blank(c) for c in row):
            continue
        record, row_errors = _parse_stats_row(number, row, positions)
        errors.extend(row_errors)
        if not row_errors:
            parsed.append((number, record))
    return parsed, errors


def stats_file_read(*, path: str | Path, year: int) -> pa.Table:
    """Rural population per region of `year` from an import-stats file, without the
    database (for `fupin evaluate --input`); RowErrors if any row is invalid."""
    parsed, errors = _stats_rows(path)
    if errors:
        raise RowErrors(errors)
    return stats_table(
        (str(rec["code"]), year, rec["rural_population"])
        for _, rec in parsed
        if rec["year"] == year and rec["rural_population"] is not None
    )


def stats_table(rows: Iterable[tuple[str, int, object]]) -> pa.Table:
    """The rules' `region_stats` relation from (stored code, year, rural population) rows.

    Codes are padded to twelve digits. Where a prefecture-level city and its county-level
    unit share the padded code (东莞 4419 / 441900), the county-level figure is kept.
    """
    by_code: dict[tuple[str, int], tuple[str, object]] = {}
    for code, year, population in rows:
        key = (padded(code), year)
        if key not in by_code or len(code) > len(by_code[key][0]):
            by_code[key] = (code, population)
    return pa.table(
        {
            "code": pa.array([code for code, _ in by_code], pa.string()),
            "year": pa.array([year for _, year in by_code], pa.int32()),
            "rural_population": pa.array([pop for _, pop in by_code.values()], pa.int64()),
        },
        schema=REGION_STATS_SCHEMA,
    )


def _parse_stats_row(
    number: int, row: list[object], positions: dict[str, int]
) -> tuple[dict[str, object], list[RowError]]:
    parsers: dict[str, Callable[[object], object]] = {
        "code": clean_code,
        "year": cells.year,
        "rural_population": lambda c: cells.integer(c, low=0, units=("人",)),
        "poor_county": cells.boolean,
        "poor_village": cells.boolean,
        "exit_year": cells.year,
        "exit_date": cells.date,
    }
    errors: list[RowError] = []
    values: dict[str, object] = {}
    for col in STATS_COLUMNS:
        index = positions.get(col.key)
        raw = row[index] if index is not None and index < len(row) else None
        if cells.is_blank(raw):
            if col.required:
                errors.append(RowError(number, col.title, "required value is empty"))
            values[col.key] = False if col.key.startswith("poor_") else None
            continue
        try:
            values[col.key] = parsers[col.key](raw)
        except (ValueError, InvalidInput) as exc:
            errors.append(RowError(number, col.title, str(exc), cells.text(raw)))
    return values, errors


def _write_stats(records: list[tuple[object, ...]]) -> None:
    columns = (
        "region_id",
        "year",
        "rural_population",
        "poor_county",
        "poor_village",
        "exit_year",
        "exit_date",
    )
    with transaction.atomic():
        bulk.upsert(RegionYear._meta.db_table, columns, records, key=("region_id", "year"))


def region_years_upsert(*, records: list[tuple[object, ...]]) -> None:
    """Write (region code, year, rural population, poor county, poor village, exit year, exit
    date) rows."""
    _write_stats(records)
