"""Outlines of provinces, prefectures and counties for the maps (data/README.md says where they
come from): one TopoJSON topology, read once per process and cut into the GeoJSON a page needs.

Neighbours share each border as one arc, so cutting by region and rounding the arcs (coarser on
wider maps) keeps borders that meet exactly, with no gaps between counties."""

from __future__ import annotations

import json
import lzma
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from fupin.regions.codes import DATA_DIR, short_name
from fupin.regions.enums import Level

BOUNDARIES_FILE = DATA_DIR / "boundaries-2023.topojson.xz"
#: outlines of places outside the NBS division tree that a map of China draws (no page of theirs)
OUTSIDE_TREE = ("71", "81", "82")
LAYER_LEVELS = {"provinces": Level.PROVINCE, "prefectures": Level.PREFECTURE}
Point = tuple[float, float]


@dataclass(frozen=True)
class Topology:
    arcs: list[list[Point]]  # decoded, in degrees
    objects: dict[str, dict[str, dict[str, Any]]]  # object name -> code -> geometry


@cache
def topology() -> Topology:
    raw = json.loads(lzma.decompress(BOUNDARIES_FILE.read_bytes()))
    (sx, sy), (tx, ty) = raw["transform"]["scale"], raw["transform"]["translate"]
    arcs = []
    for arc in raw["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    objects = {
        name: {g["id"]: g for g in obj["geometries"]} for name, obj in raw["objects"].items()
    }
    return Topology(arcs, objects)


def simplified(points: list[Point], tolerance: float) -> list[Point]:
    """Ramer-Douglas-Peucker: the points that stray more than `tolerance` (degrees) from the
    chord of their stretch, and both ends (so an arc still meets its neighbours)."""
    if tolerance <= 0 or len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        far, index = 0.0, 0
        for i in range(first + 1, last):
            x, y = points[i]
            # distance to the chord (to the first point when the arc closes on itself)
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else abs(x - x1) + abs(y - y1)
            if d > far:
                far, index = d, i
        if far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


@cache
def _arc(index: int, tolerance: float) -> list[Point]:
    return simplified(topology().arcs[index], tolerance)


def _line(indexes: list[int], tolerance: float, digits: int) -> list[list[float]]:
    """The arcs joined end to start (~i: arc i reversed), simplified, rounded, repeated points
    dropped."""
    out: list[list[float]] = []
    for i in indexes:
        points = _arc(i, tolerance) if i >= 0 else _arc(~i, tolerance)[::-1]
        for x, y in points:
            point = [round(x, digits), round(y, digits)]
            if not out or out[-1] != point:
                out.append(point)
    return out


def _geometry(geometry: dict[str, Any], tolerance: float, digits: int) -> dict[str, Any] | None:
    kind, arcs = geometry["type"], geometry["arcs"]

    def rings(polygon: list[list[int]]) -> list[list[list[float]]]:
        closed = [_line(ring, tolerance, digits) for ring in polygon]
        return [r for r in closed if len(r) >= 4]  # a ring rounded to a point or a line: gone

    if kind == "Polygon":
        polygons = [rings(arcs)]
    elif kind == "MultiPolygon":
        polygons = [rings(p) for p in arcs]
    elif kind == "MultiLineString":
        return {"type": kind, "coordinates": [_line(part, tolerance, digits) for part in arcs]}
    else:
        raise ValueError(f"unexpected geometry {kind}")
    kept = [p for p in polygons if p]  # a polygon whose outer ring vanished vanishes
    return {"type": "MultiPolygon", "coordinates": kept} if kept else None


def features(
    layer: str, prefix: str, *, kind: str, tolerance: float, digits: int
) -> list[dict[str, Any]]:
    """GeoJSON features of `layer` (counties, prefectures, provinces, lines) whose code starts
    with `prefix`, in code order, named by their common names (围场县), marked `kind` (area,
    border, outside) for the map, simplified to `tolerance` degrees and rounded to `digits`
    decimals."""
    out = []
    for code, geometry in sorted(topology().objects[layer].items()):
        if not code.startswith(prefix):
            continue
        shape = _geometry(geometry, tolerance, digits)
        if shape is None:
            continue
        name = short_name(geometry["properties"]["name"], LAYER_LEVELS.get(layer, Level.COUNTY))
        outside = layer == "provinces" and code in OUTSIDE_TREE
        out.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "name": name, "kind": "outside" if outside else kind},
                "geometry": shape,
            }
        )
    return out


#: what the map of a region at each level draws (None: the country): the layer of its areas,
#: the layer of borders drawn over them, the simplification tolerance (degrees) and the decimals
#: kept. A wider map needs fewer points: the country's outline in 0.02° (2 km, a third of a
#: pixel on a 1,000-pixel map), the rest as built (about 0.005°).
MAP_LAYERS: dict[str | None, tuple[str, str | None, float, int]] = {
    None: ("provinces", "lines", 0.02, 2),
    Level.PROVINCE: ("counties", "prefectures", 0, 3),
    Level.PREFECTURE: ("counties", None, 0, 3),
    Level.COUNTY: ("counties", None, 0, 4),
}


@lru_cache(maxsize=64)
def outlines(code: str, level: str | None) -> bytes:
    """GeoJSON text (a FeatureCollection) of the map of the region `code` at `level` ("" and
    None for the country): the areas under it and the borders over them, each feature's id its
    code; no feature below the county."""
    found: list[dict[str, Any]] = []
    if level in MAP_LAYERS:
        areas, borders, tolerance, digits = MAP_LAYERS[level]
        found = features(areas, code, kind="area", tolerance=tolerance, digits=digits)
        if borders:
            found += features(borders, code, kind="border", tolerance=tolerance, digits=digits)
    collection = {"type": "FeatureCollection", "features": found}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
