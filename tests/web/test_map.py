"""The dashboard's map: outlines shipped with fupin, served per page as GeoJSON keyed by code,
and the page that draws them."""

import gzip
import json
import lzma

import pytest
from tests.factories import member_row, write_csv

from fupin.accounts.models import User
from fupin.regions.boundaries import topology
from fupin.regions.models import Region
from fupin.regions.services import DIVISIONS_FILE
from fupin.registry.evaluations import evaluation_store
from fupin.registry.imports import registry_import

pytestmark = pytest.mark.django_db


def _user(name, role, *regions):
    user = User.objects.create_user(name, password="a-long-test-password", role=role)
    user.regions.set(Region.objects.filter(code__in=regions))
    return user


def _features(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)["features"]


def _by_kind(features):
    out: dict[str, list[str]] = {}
    for f in features:
        assert f["id"] == f["properties"]["code"]
        out.setdefault(f["properties"]["kind"], []).append(f["id"])
    return out


@pytest.fixture
def hebei(client):
    client.force_login(_user("hebei", "province_office", "13"))
    return client


def test_a_province_map_has_its_counties_keyed_by_code_and_its_prefectures_borders(hebei):
    # Given the shipped outlines and a Hebei user; when the province's map is asked for
    features = _features(hebei.get("/regions/13/map.json"))
    kinds = _by_kind(features)
    # Then: Hebei's 190 counties of 2023 less its 23 development zones, in code order, each
    # once, and the borders of its 11 prefectures
    assert len(kinds["area"]) == 167 == len(set(kinds["area"]))
    assert kinds["area"] == sorted(kinds["area"]) and all(c[:2] == "13" for c in kinds["area"])
    assert kinds["border"] == [f"13{n:02d}" for n in range(1, 12)]
    assert set(kinds) == {"area", "border"}
    yangyuan = next(f for f in features if f["id"] == "130727")
    assert yangyuan["properties"]["name"] == "阳原县"
    assert yangyuan["geometry"]["type"] == "MultiPolygon"
    points = [p for polygon in yangyuan["geometry"]["coordinates"] for p in polygon[0]]
    # inside Yangyuan's box (113.9-114.9 E, 39.8-40.4 N), rounded to 3 decimals
    assert all(113.9 < x < 114.9 and 39.8 < y < 40.4 for x, y in points)
    assert all(round(x, 3) == x for x, _ in points)
    assert "130171" not in kinds["area"]  # 石家庄高新技术产业开发区 lies inside other counties


def test_the_map_is_compressed_and_kept_by_the_browser(hebei):
    response = hebei.get("/regions/13/map.json", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=86400" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    text = gzip.decompress(response.content)
    assert len(json.loads(text)["features"]) == 167 + 11
    assert len(response.content) < 60_000  # what a Hebei page loads for its map


def test_prefecture_county_and_township_maps(hebei):
    zhangjiakou = _by_kind(_features(hebei.get("/regions/1307/map.json")))
    assert zhangjiakou == {
        "area": [
            "130702", "130703", "130705", "130706", "130708", "130709", "130722", "130723",
            "130724", "130725", "130726", "130727", "130728", "130730", "130731", "130732",
        ]
    }  # fmt: skip
    assert _by_kind(_features(hebei.get("/regions/130727/map.json"))) == {"area": ["130727"]}
    township = Region.objects.filter(code__startswith="130727", level="township").first()
    assert _features(hebei.get(f"/regions/{township.code}/map.json")) == []


def test_the_national_map_has_every_province_and_the_south_china_sea_line(hebei):
    kinds = _by_kind(_features(hebei.get("/map.json")))
    assert len(kinds["area"]) == 31 and kinds["area"][0] == "11" and kinds["area"][-1] == "65"
    assert kinds["outside"] == ["71", "81", "82"]  # drawn, no page of their own
    assert kinds["border"] == ["sea"]


def test_a_map_out_of_the_users_scope_is_not_found_and_needs_a_login(client):
    client.force_login(_user("county", "county_office", "130727"))
    assert client.get("/regions/13/map.json").status_code == 404
    assert client.get("/regions/130824/map.json").status_code == 404
    assert client.get("/regions/99/map.json").status_code == 404
    assert client.get("/regions/130727/map.json").status_code == 200
    client.logout()
    assert client.get("/regions/130727/map.json")["Location"].startswith("/accounts/login/")
    assert client.get("/map.json")["Location"].startswith("/accounts/login/")


def test_every_outline_has_a_2023_code_and_the_counties_without_one_are_known():
    with lzma.open(DIVISIONS_FILE, "rt", encoding="utf-8") as fh:
        official = dict(line.rstrip("\n").split("\t") for line in fh)
    objects = topology().objects
    counties = set(objects["counties"])
    assert len(counties) == 2848
    assert counties <= {c for c in official if len(c) == 6}
    assert set(objects["prefectures"]) <= {c for c in official if len(c) == 4}
    assert set(objects["provinces"]) == {c for c in official if len(c) == 2} | {"71", "81", "82"}
    lacking = {c for c in official if len(c) == 6} - counties
    assert len(lacking) == 130
    # development zones and the like (x7x codes), and six without an outline of their own
    assert {c for c in lacking if c[4] != "7"} == {
        "232762", "232763", "232764", "460323", "659011", "659012",
    }  # fmt: skip
    # renamed since the outlines' edition: they take the new code
    assert {"431181", "540481", "610305", "441900", "620201"} <= counties


@pytest.fixture
def evaluated(tmp_path):
    """One household in Yangyuan, evaluated for 2016."""
    village = (
        Region.objects.filter(code__startswith="130727", level="village").order_by("code").first()
    )
    rows = [member_row("Y1", 行政区划代码=village.code, 工资性收入=2000)]
    registry_import(path=write_csv(tmp_path / "r.csv", rows))
    evaluation_store(year=2016)


def _chart(page) -> dict:
    text, marker = page.content.decode(), '<script id="chart-data" type="application/json">'
    start = text.index(marker) + len(marker)
    return json.loads(text[start : text.index("</script>", start)])


def test_the_dashboard_has_the_map_container_and_its_outlines(hebei, evaluated):
    page = hebei.get("/regions/13/?year=2016")
    text = page.content.decode()
    assert '<div id="map" class="chart"' in text and 'id="map-note"' in text
    assert "fupin/dashboard.js" in text and "vendor/echarts/echarts.min.js" in text
    chart = _chart(page)["map"]
    assert chart["url"] == "/regions/13/map.json" and chart["code"] == "13"
    assert [a["code"] for a in chart["areas"]] == ["130727"]
    assert chart["areas"][0]["name"] == "阳原县" and chart["areas"][0]["poor"] == 1
    county = _chart(hebei.get("/regions/130727/?year=2016"))["map"]
    assert county["url"] == "/regions/130727/map.json"
    assert [a["code"] for a in county["areas"]] == ["130727"]


def test_the_script_registers_the_served_outlines_as_the_map():
    from django.contrib.staticfiles import finders

    with open(finders.find("fupin/dashboard.js"), encoding="utf-8") as fh:
        script = fh.read()
    assert "echarts.registerMap(key, " in script and 'type: "map"' in script
    assert "fetch(data.map.url" in script
