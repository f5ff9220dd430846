"""Columnar reading and parsing of import files agree with the cell-by-cell parsers."""

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.core.errors import InvalidInput
from fupin.exchange import cells
from fupin.exchange.columns import amount_fast, cell_text, parse_column, read_sheet, text_fast
from fupin.registry import layout

AMOUNT = pa.decimal128(14, 2)


def _slow(texts, parse):
    out = []
    for text in texts:
        if text is None:
            out.append((None, None))
            continue
        try:
            out.append((parse(text), None))
        except ValueError as exc:
            out.append((None, str(exc)))
    return out


def _columnar(texts, parse, arrow, fast):
    parsed = parse_column(pa.array(texts, pa.string()), parse, arrow, fast)
    reasons = dict(zip(parsed.error_index.tolist(), parsed.error_reason, strict=True))
    return [(v, reasons.get(i)) for i, v in enumerate(parsed.values.to_pylist())]


_amounts = st.one_of(
    st.decimals(min_value=-(10**13), max_value=10**13, places=3).map(str),
    st.integers(-(10**13), 10**13).map(str),
    st.sampled_from(["1,234.5", "１２３", "3000元", "-0", "0.005", "1e3", "三千", "", "--1", "+5"]),
    st.text(alphabet="0123456789.-,", min_size=1, max_size=16),
)


@pytest.mark.parametrize(
    "key", ["wage_income", "business_expense", "cultivated_land_mu", "name", "phone"]
)
@given(texts=st.lists(st.one_of(st.none(), _amounts, st.text(max_size=70)), max_size=25))
@settings(max_examples=60, deadline=None)
def test_fast_paths_agree_with_the_parser(key, texts):
    f = layout.BY_KEY[key]
    texts = [t.strip() or None if t is not None else None for t in texts]
    assert f.fast is not None
    assert _columnar(texts, f.parse, f.arrow, f.fast) == _slow(texts, f.parse)


def test_each_distinct_value_is_parsed_once_and_errors_name_their_rows():
    calls = []

    def parse(text):
        calls.append(text)
        return cells.boolean(text)

    parsed = parse_column(
        pa.array(["是", "否", "是", None, "也许", "是", "也许"]), parse, pa.bool_()
    )
    assert sorted(calls) == sorted(["是", "否", "也许"])
    assert parsed.values.to_pylist() == [True, False, True, None, None, True, None]
    assert parsed.error_index.tolist() == [4, 6]
    assert parsed.error_reason == [f"must be 是/否 (also {cells.FLAG_FORMS})"] * 2


def test_amount_fast_path_leaves_other_forms_to_the_parser():
    decided, undecided = amount_fast(signed=False)(pa.array(["12.5", "-3", "1,000", None]))
    assert decided.to_pylist() == [Decimal("12.50"), None, None, None]
    assert undecided.to_pylist() == [False, True, True, False]
    decided, undecided = text_fast(4, code=True)(pa.array(["abcd", "abcde", "12.0", None]))
    assert decided.to_pylist() == ["abcd", None, None, None]
    assert undecided.to_pylist() == [False, True, True, False]


def test_csv_row_numbers_survive_blank_lines_ragged_rows_and_quotes(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text('a,b,c\n1,2,3\n\n" x ",,\n4,5\n6,"7\n8",9,10\n', "utf-8")
    sheet = read_sheet(path)
    assert sheet.header == ["a", "b", "c"]
    assert sheet.columns[3].to_pylist() == [None, None, None, None, "10"]
    assert sheet.rows.tolist() == [2, 3, 4, 5, 6]
    assert [c.to_pylist() for c in sheet.columns[:3]] == [
        ["1", None, "x", "4", "6"],
        ["2", None, None, "5", "7\n8"],
        ["3", None, None, None, "9"],
    ]


def test_plain_csv_takes_the_fast_reader_and_strips_cells(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_bytes("户编号,姓名\n\u3000H1 ,张三\nH2,\n".encode("utf-8-sig"))
    sheet = read_sheet(path)
    assert sheet.header == ["户编号", "姓名"]
    assert [c.to_pylist() for c in sheet.columns] == [["H1", "H2"], ["张三", None]]
    assert sheet.rows.tolist() == [2, 3]


def test_gb18030_csv(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("户编号,姓名\nH1,张三\n".encode("gb18030"))
    sheet = read_sheet(path)
    assert sheet.header == ["户编号", "姓名"]
    assert sheet.columns[1].to_pylist() == ["张三"]


def test_empty_and_unknown_files_are_clear_errors(tmp_path):
    (tmp_path / "empty.csv").write_text("", "utf-8")
    with pytest.raises(InvalidInput, match="empty"):
        read_sheet(tmp_path / "empty.csv")
    (tmp_path / "x.pdf").write_text("x", "utf-8")
    with pytest.raises(InvalidInput, match="unknown file kind"):
        read_sheet(tmp_path / "x.pdf")


def test_spreadsheet_cells_become_the_text_a_user_typed():
    assert cell_text(110119202201.0) == "110119202201"
    assert cell_text(2952.35) == "2952.35"
    assert cell_text(True) == "true"
    assert cell_text(dt.datetime(2019, 6, 30)) == "2019-06-30"
    assert cell_text(dt.date(2019, 6, 30)) == "2019-06-30"


def test_rows_converted_in_chunks_keep_their_places_when_later_rows_are_wider(tmp_path):
    from fupin.exchange.columns import _sheet_of_rows

    rows = [["a", "b"], ["1"], ["2", "x"], [" 3 ", None, "late"], [4.0, ""], ["5"]]
    sheet = _sheet_of_rows(tmp_path / "x.xlsx", rows, chunk=2)
    assert sheet.header == ["a", "b"]
    assert sheet.rows.tolist() == [2, 3, 4, 5, 6]
    assert [c.to_pylist() for c in sheet.columns] == [
        ["1", "2", "3", "4", "5"],
        [None, "x", None, None, None],
        [None, None, "late", None, None],
    ]
