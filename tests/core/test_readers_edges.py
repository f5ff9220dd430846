"""A csv whose bytes stop being text after the part the encoding is guessed from."""

import pytest

from fupin.core.errors import InvalidInput
from fupin.exchange.readers import read_table


def test_bytes_that_are_not_text_past_the_sample_are_a_clear_error(tmp_path):
    path = tmp_path / "单位.csv"
    path.write_bytes("名称\n".encode() + "甲\n".encode() * 40000 + b"\xff\xfe\xfd\n")
    header, rows = read_table(path)
    assert header == ["名称"]
    with pytest.raises(InvalidInput, match=r"单位\.csv: not a text file in UTF-8 or GB18030"):
        list(rows)
