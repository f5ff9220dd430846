"""Arrow columns from database rows, exactly: money travels as integer cents."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

MONEY = pa.decimal128(18, 2)


def money_from_cents(cents: Sequence[int | None]) -> pa.Array:
    """A decimal128(18, 2) array whose unscaled values are the given cents (None → null)."""
    count = len(cents)
    valid = np.fromiter((c is not None for c in cents), dtype=bool, count=count)
    values = np.fromiter((c or 0 for c in cents), dtype=np.int64, count=count)
    words = np.empty((count, 2), dtype=np.int64)
    words[:, 0] = values
    words[:, 1] = values >> 63  # sign extension into the high word
    validity = None if valid.all() else pa.array(valid).buffers()[1]
    return pa.Array.from_buffers(MONEY, count, [validity, pa.py_buffer(words.tobytes())])
