"""The ledger import checks whole columns: a large file's errors keep their rows, columns and
messages (read by Arrow, or by the csv module when the file is not a plain grid); each entry
gets the pairing `Pairings.find` gives it; a stored entry given again with a cell that does
not parse is an error, not a crash; a spreadsheet's date-and-time cell counts as its date."""

import datetime as dt
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pytest
from openpyxl import Workbook
from tests.assistance.factories import code, entry, pair, units

from fupin.assistance import services
from fupin.assistance.imports import ledger_import
from fupin.assistance.models import LedgerEntry, Pairing, Unit
from fupin.core.errors import RowErrors
from fupin.regions.models import Region

pytestmark = pytest.mark.django_db
HEADER = "编号,单位信用代码,日期,指标,数值,行政区划代码,冲销"
FUTURE = (dt.date.today() + dt.timedelta(days=2)).isoformat()
SIZE = 6000


def _villages(county, n):
    return list(
        Region.objects.filter(code__startswith=county, level="village")
        .order_by("code")
        .values_list("code", flat=True)[:n]
    )


def _large_file(tmp_path, *, blank_line_after=None):
    """SIZE rows, five of them wrong and one reversing an entry thousands of rows up."""
    village = _villages("130727", 1)[0]
    lines = [HEADER]
    for i in range(SIZE):
        lines.append(f"L{i},{code(2)},2020-05-01,funds_invested,{i + 1}.25,{village},")
    lines[10 + 1] = f"L10,{code(2)},2020-05-01,funds_invested,abc,{village},"
    lines[2500 + 1] = f"L7,{code(2)},2020-05-01,donations,3,,"
    lines[4000 + 1] = f"L4000,{code(2)},{FUTURE},donations,3,,"
    lines[5000 + 1] = "L5000,,2020-06-01,,,,L3"
    lines[5998 + 1] = f"L5998,{code(2)},2020-05-01,jobs_direct,1.5,,"
    lines[5999 + 1] = f"L5999,{code(2)},2020-05-01,donations,3,999999,"
    if blank_line_after is not None:
        lines.insert(blank_line_after + 2, "")
    path = tmp_path / "ledger.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("blank_line_after", [None, 100])
def test_a_large_files_errors_keep_their_rows_and_nothing_is_written(tmp_path, blank_line_after):
    pair(units((1, "集团", None), (2, "子公司", 1))[1], "130727")
    path = _large_file(tmp_path, blank_line_after=blank_line_after)
    shift = 0 if blank_line_after is None else 1  # a blank line still counts as a row
    with pytest.raises(RowErrors) as caught:
        ledger_import(path=path)
    assert [(e.row, e.column, e.reason, e.value) for e in caught.value.errors] == [
        (12, "数值", "not a number", "abc"),
        (2502 + shift, "编号", "entry already given on row 9", ""),
        (4002 + shift, "日期", f"dated after today ({FUTURE})", FUTURE),
        (6000 + shift, "数值", "直接带动就业 is counted in whole numbers", "1.50"),
        (6001 + shift, "行政区划代码", "no such region", "999999"),
    ]
    assert not LedgerEntry.objects.exists()


def test_a_large_file_skipping_invalid_rows_writes_the_others(tmp_path):
    pair(units((1, "集团", None), (2, "子公司", 1))[1], "130727")
    result = ledger_import(path=_large_file(tmp_path), mode="skip-invalid")
    assert (result.rows, result.created, result.unchanged, result.skipped) == (SIZE, 5995, 0, 5)
    # cells first, then regions, then the checks across rows (the order of ledger_file)
    assert [e.row for e in result.errors] == [12, 6001, 2502, 4002, 6000]
    reversal = LedgerEntry.objects.get(entry_id="L5000")
    assert (reversal.amount, reversal.reverses.entry_id, reversal.region_id) == (
        Decimal("-4.25"),
        "L3",
        _villages("130727", 1)[0],
    )
    assert LedgerEntry.objects.get(entry_id="L5997").amount == Decimal("5998.25")


def _paired_units():
    """Group 1 with 2 under it and 3 under 2, and 9 apart. Pairings of every specificity,
    with ends, ties (same region length) that `find` settles by tree and stored order, and
    one of 3 alone (130824) that 1 and 2 reach through the unit under them."""
    u = units((1, "集团", None), (2, "子", 1), (3, "孙", 2), (9, "他", None))
    town = _villages("130727", 1)[0][:9]
    rows = [
        (1, "130727", "fixed_point", "2015-01-01", None),
        (1, "130727", "east_west", "2018-01-01", None),
        (1, "13", "counterpart", "2015-01-01", "2019-12-31"),
        (2, "130727", "counterpart", "2019-01-01", None),
        (2, town, "fixed_point", "2019-01-01", "2020-06-30"),
        (3, "130727", "one_enterprise_one_village", "2020-03-01", None),
        (3, "130824", "counterpart", "2020-03-01", None),
        (9, "421123", "fixed_point", "2015-01-01", None),
    ]
    services.pairings_save(
        [
            {
                "unit": u[n],
                "region": region,
                "kind": kind,
                "start": dt.date.fromisoformat(start),
                "end": dt.date.fromisoformat(end) if end else None,
            }
            for n, region, kind, start, end in rows
        ],
        actor=None,
    )
    return u


def _pairing_by_the_rule(unit, region, date, stored):
    """The pairing of an entry as `ledger_rules` words it, one entry at a time: in force on
    the date, with the region or one above it; of the unit or a unit above it, the most
    specific, a tie to the unit higher up, then the earlier start; only when there is none,
    the same of the units under it."""
    if region is None:
        return None
    fits = [
        p
        for p in stored
        if p.start <= date and (p.end is None or date <= p.end) and region.startswith(p.region_id)
    ]
    up = [p for p in fits if p.unit_id in unit.tree_ids]
    down = [p for p in fits if p.unit.path.startswith(unit.path) and p.unit_id != unit.pk]
    for tier, order in ((up, lambda p: len(p.unit.path)), (down, lambda p: p.unit.path)):
        if tier:
            longest = max(len(p.region_id) for p in tier)
            ties = [p for p in tier if len(p.region_id) == longest]
            return min(ties, key=lambda p: (order(p), p.start, p.pk)).pk
    return None


def test_pairings_found_for_a_column_are_those_the_rule_names_one_by_one():
    u = _paired_units()
    regions = [None, "13", "130727", *_villages("130727", 2), *_villages("421123", 1)]
    town = regions[3][:9]
    elsewhere = Region.objects.filter(code__startswith="130727", level="village")
    regions.append(elsewhere.exclude(code__startswith=town).values_list("code", flat=True)[0])
    regions += _villages("130824", 1)
    dates = ["2014-12-31", "2015-01-01", "2018-12-31", "2019-01-01", "2019-12-31"]
    dates += ["2020-02-29", "2020-03-01", "2020-06-30", "2020-07-01", "2021-01-01"]
    combos = [
        (unit, r, dt.date.fromisoformat(d)) for unit in u.values() for r in regions for d in dates
    ]
    pairings = services.Pairings(u.values())
    found = pairings.find_all(
        np.array([unit.pk for unit, _, _ in combos]),
        pa.array([r for _, r, _ in combos], pa.string()),
        np.array([d for _, _, d in combos], dtype="datetime64[D]"),
    ).to_pylist()
    stored = list(Pairing.objects.select_related("unit"))
    expected = [_pairing_by_the_rule(unit, r, d, stored) for unit, r, d in combos]
    assert found == expected
    winners = Pairing.objects.filter(pk__in=[p for p in expected if p])
    # a tie goes to the unit higher up, then to the pairing stored first: 1's own 130727
    # pairing wins over 2's, 3's and its own later one; 3's 130824 is 1's and 2's too
    assert sorted(winners.values_list("unit__name", "region_id", "kind")) == [
        ("他", "421123", "fixed_point"),
        ("子", town, "fixed_point"),
        ("孙", "130824", "counterpart"),
        ("集团", "13", "counterpart"),
        ("集团", "130727", "fixed_point"),
    ]
    by_unit = {
        unit.name: found[i]
        for i, (unit, r, d) in enumerate(combos)
        if r == regions[-1] and d == dt.date(2020, 7, 1)
    }
    luanping = Pairing.objects.get(region_id="130824").pk
    assert by_unit == {"集团": luanping, "子": luanping, "孙": luanping, "他": None}


def test_imported_entries_get_the_pairing_of_a_single_entry(tmp_path):
    u = _paired_units()
    villages = _villages("130727", 2)
    lines = [HEADER]
    for n, unit in u.items():
        where = villages if n != 9 else _villages("421123", 2)  # 9 is paired there only
        for i, day in enumerate(["2019-06-01", "2020-05-01", "2020-08-01"]):
            lines.append(f"P{n}{i},{unit.credit_code},{day},donations,1,{where[i % 2]},")
    path = tmp_path / "ledger.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert ledger_import(path=path).created == 12
    for stored in LedgerEntry.objects.select_related("unit"):
        single = services.pairing_for(stored.unit, stored.region_id, stored.date)
        assert stored.pairing_id == getattr(single, "pk", None), stored.entry_id


@pytest.mark.parametrize(
    ("indicator", "amount", "error"),
    [
        ("donations", "abc", ("数值", "not a number", "abc")),
        ("unknown", "100", ("指标", "unknown indicator (use its code or Chinese name)", "unknown")),
    ],
)
def test_a_stored_entry_given_again_with_a_bad_cell_is_an_error(tmp_path, indicator, amount, error):
    group = units((1, "集团", None))[1]
    entry("S1", group, "2020-05-01", "donations", "100")
    path = tmp_path / "ledger.csv"
    path.write_text(f"{HEADER}\nS1,{code(1)},2020-05-01,{indicator},{amount},,\n", encoding="utf-8")
    with pytest.raises(RowErrors) as caught:
        ledger_import(path=path)
    assert [(e.row, e.column, e.reason, e.value) for e in caught.value.errors] == [
        (2, *error),
        (
            2,
            "编号",
            "entry exists with other values; entries are never edited (add a reversing entry)",
            "S1",
        ),
    ]
    assert LedgerEntry.objects.get().amount == Decimal("100.00")


def test_a_spreadsheet_date_and_time_counts_as_its_date(tmp_path):
    units((1, "集团", None))
    book = Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["X1", code(1), dt.datetime(2020, 5, 1, 10, 30), "donations", 12.5])
    book.active.append(["X2", code(1), dt.datetime(2020, 5, 2), "jobs_direct", 3])
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    assert ledger_import(path=path).created == 2
    assert list(LedgerEntry.objects.order_by("entry_id").values_list("date", "amount")) == [
        (dt.date(2020, 5, 1), Decimal("12.50")),
        (dt.date(2020, 5, 2), Decimal("3.00")),
    ]
    assert Unit.objects.count() == 1


def test_an_entry_number_or_evidence_longer_than_the_column_is_a_cell_error(tmp_path):
    units((1, "集团", None))
    long_id, long_evidence = "E" * 41, "凭" * 301
    path = tmp_path / "ledger.csv"
    path.write_text(
        "编号,单位信用代码,日期,指标,数值,凭证\n"
        f"{long_id},{code(1)},2020-05-01,donations,3,\n"
        f"OK1,{code(1)},2020-05-01,donations,3,{long_evidence}\n",
        encoding="utf-8",
    )
    with pytest.raises(RowErrors) as caught:
        ledger_import(path=path)
    assert [(e.row, e.column, e.reason) for e in caught.value.errors] == [
        (2, "编号", "longer than 40 characters"),
        (3, "凭证", "longer than 300 characters"),
    ]
    assert not LedgerEntry.objects.exists()
