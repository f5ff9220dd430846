"""Build fupin's compact copy of the official division codes and county coordinates.

Usage: python scripts/build_regions_data.py CHINA_DIVISION_TGZ CPCA_WHEEL

Inputs (obtained once, never at set-up time):
  china-division-2.7.0.tgz   `npm pack china-division@2.7.0` (NBS 2023 statistical division
                             codes, dist/*.csv, licence WTFPL)
  cpca-0.5.5-py3-none-any.whl `pip download cpca==0.5.5 --no-deps` (resources/adcodes.csv,
                             licence MIT)
Outputs in src/fupin/regions/data/:
  divisions-2023.tsv.xz      one line per region, sorted: natural-length code TAB official name
  coordinates.csv            code (12 digits), longitude, latitude for the regions cpca locates
"""

from __future__ import annotations

import csv
import io
import lzma
import sys
import tarfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "fupin" / "regions" / "data"
LEVEL_FILES = [
    ("provinces.csv", 2),
    ("cities.csv", 4),
    ("areas.csv", 6),
    ("streets.csv", 9),
    ("villages.csv", 12),
]


def read_divisions(tgz: Path) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    with tarfile.open(tgz) as tar:
        for name, width in LEVEL_FILES:
            member = tar.extractfile(f"package/dist/{name}")
            assert member is not None, name
            reader = csv.reader(io.TextIOWrapper(member, encoding="utf-8"))
            next(reader)
            for row in reader:
                code, title = row[0], row[1].strip()
                if len(code) != width or not code.isdigit():
                    raise SystemExit(f"{name}: unexpected code {code!r}")
                rows.append((code, title))
    rows.sort()
    return rows


def read_coordinates(wheel: Path) -> list[tuple[str, str, str]]:
    with zipfile.ZipFile(wheel) as whl:
        text = whl.read("cpca/resources/adcodes.csv").decode("utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return sorted(
        (r["adcode"], r["longitude"], r["latitude"])
        for r in reader
        if r["longitude"] and r["latitude"]
    )


def main() -> None:
    tgz, wheel = Path(sys.argv[1]), Path(sys.argv[2])
    rows = read_divisions(tgz)
    text = "".join(f"{code}\t{title}\n" for code, title in rows).encode("utf-8")
    (OUT / "divisions-2023.tsv.xz").write_bytes(lzma.compress(text, preset=9 | lzma.PRESET_EXTREME))
    with (OUT / "coordinates.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["code", "longitude", "latitude"])
        writer.writerows(read_coordinates(wheel))
    print(f"{len(rows)} regions written to {OUT}")


if __name__ == "__main__":
    main()
