"""The dashboard's map in a real browser: a province's counties drawn from the outlines the
application serves, coloured, named on hover, and a click drills down to the county."""

import pytest
from tests.conftest import SEED_PLACES
from tests.factories import member_row, write_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The map's chart: its first series, the map registered under its name, and how much of the
# canvas is painted (pixels neither transparent nor white).
DRAWN = """() => {
  const chart = echarts.getInstanceByDom(document.getElementById("map"));
  const option = chart && chart.getOption();  // none until the outlines are drawn
  const series = option && option.series;
  if (!series || !series.length) return null;
  const canvas = document.querySelector("#map canvas");
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const white = pixels[i] > 249 && pixels[i + 1] > 249 && pixels[i + 2] > 249;
    if (pixels[i + 3] > 0 && !white) painted++;
  }
  return {
    types: series.map((s) => s.type),
    regions: echarts.getMap(series[0].map).geoJSON.features.length,
    borders: series[1] ? echarts.getMap(series[1].map).geoJSON.features.length : 0,
    painted: painted / (canvas.width * canvas.height),
  };
}"""


@pytest.fixture
def hebei(live_server, page, tmp_path):
    """A Hebei user, logged in; one poor household of one in Yangyuan and one above the line in
    Shijiazhuang's high-tech zone (a county of the statistical codes with no outline of its own),
    evaluated for 2016 (no rural population recorded: the map counts poor people)."""
    from fupin.accounts.models import User
    from fupin.regions.models import Region
    from fupin.regions.services import regions_load
    from fupin.registry.evaluations import evaluation_store
    from fupin.registry.imports import registry_import

    regions_load(only=(*SEED_PLACES, "130171"))
    village = Region.objects.filter(code__startswith="130727", level="village").first()
    zone = Region.objects.filter(code__startswith="130171", level="village").first()
    rows = [
        member_row("Y1", 行政区划代码=village.code, 工资性收入=1000),
        member_row("S1", 行政区划代码=zone.code, 工资性收入=9000),
    ]
    registry_import(path=write_csv(tmp_path / "r.csv", rows))
    evaluation_store(year=2016)
    user = User.objects.create_user(
        "hebei", password="a-long-test-password", role="province_office"
    )
    user.regions.set(Region.objects.filter(code="13"))
    # (landing on the household list: the browser has no map in its cache yet)
    page.goto(f"{live_server.url}/accounts/login/?next=/households/")
    page.fill("input[name=username]", "hebei")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/households/")
    return page


def test_the_province_map_draws_its_counties_and_drills_down(hebei, live_server, shots):
    errors: list[str] = []
    hebei.on("pageerror", lambda error: errors.append(str(error)))
    # Given the Hebei dashboard of 2016
    with hebei.expect_response(lambda r: r.url.endswith("/regions/13/map.json")) as outlines:
        hebei.goto(f"{live_server.url}/regions/13/?year=2016")
    # (the outlines come compressed: about 180 kB of GeoJSON in about 40 kB)
    assert outlines.value.headers["content-encoding"] == "gzip"
    assert len(outlines.value.body()) > 150_000
    assert outlines.value.request.sizes()["responseBodySize"] < 60_000
    # Then the map draws the province's 167 outlined counties under its 11 prefectures' borders
    drawn = hebei.wait_for_function(DRAWN).json_value()
    assert drawn["types"] == ["map", "map"]
    assert (drawn["regions"], drawn["borders"]) == (167, 11)
    assert drawn["painted"] > 0.1  # the outlines cover a good part of the canvas
    # and names the county it has figures for but no outline of
    note = hebei.locator("#map-note")
    assert note.inner_text() == "地图上无边界（见下表）：石家庄高新技术产业开发区"
    hebei.locator(".map-box").screenshot(path=str(shots / "map-province.png"))
    # When the pointer rests on Yangyuan (114.3 E, 40.1 N lies well inside it)
    x, y = hebei.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById("map"))
                   .convertToPixel({ seriesIndex: 0 }, [114.3, 40.1])"""
    )
    box = hebei.locator("#map").bounding_box()
    hebei.mouse.move(box["x"] + x, box["y"] + y)
    # Then its name and its one poor person show
    tip = hebei.locator("#map div", has_text="阳原县 ").last
    tip.wait_for()
    assert tip.inner_text().strip() == "阳原县 1"
    # When it is clicked, the county's page opens with its own outline
    with hebei.expect_navigation():
        hebei.mouse.click(box["x"] + x, box["y"] + y)
    assert hebei.url.startswith(f"{live_server.url}/regions/130727/")
    county = hebei.wait_for_function(DRAWN).json_value()
    assert (county["regions"], county["borders"]) == (1, 0)
    assert errors == []
