import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP_DRAWN = """() => {
  const chart = echarts.getInstanceByDom(document.getElementById("map"));
  const option = chart && chart.getOption();  // none until the outlines are drawn
  return Boolean(option && option.series && option.series.length);
}"""


@pytest.fixture
def worker():
    """The background worker `fupin serve` runs, beside the live server."""
    from fupin.core.jobs import start_embedded_worker

    stop = start_embedded_worker()
    yield
    stop.set()


def test_log_in_drill_down_and_switch_language(live_server, page, shots, tmp_path, worker):
    from fupin.demo.services import demo_build

    demo_build(scale=0.002, only_demo_regions=True, say=lambda m: None)
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    page.screenshot(path=str(shots / "login.png"))
    page.fill("input[name=username]", "province")
    page.fill("input[name=password]", "fupin-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/regions/13/")  # a one-province scope opens there
    assert "河北省" in page.inner_text("h1")
    assert page.locator("#bars canvas").count() == 1  # the chart drew
    # the latest surveyed year opens (monitoring since 2021); the tour reads 2020's exits
    assert page.locator("select[name=year]").input_value() == "2026"
    with page.expect_navigation():
        page.select_option("select[name=year]", "2020")
    assert page.locator("#bars canvas").count() == 1
    page.wait_for_function(MAP_DRAWN)  # the outlines arrive after the page
    page.screenshot(path=str(shots / "home.png"), full_page=True)
    page.click("text=张家口市")
    page.click("text=阳原县")
    assert "阳原县" in page.inner_text("h1")
    assert "河北省" in page.inner_text("nav.crumbs")
    assert "贫困发生率" in page.inner_text("main")
    with page.expect_navigation():
        page.select_option("select[name=year]", "2016")
    assert page.url.endswith("?year=2016")
    page.wait_for_function(MAP_DRAWN)
    page.screenshot(path=str(shots / "county.png"), full_page=True)
    page.click("header >> text=贫困户")
    page.fill("input[name=year]", "2016")
    page.select_option("select[name=status]", "poor")
    with page.expect_navigation():
        page.click("form.filters button")
    assert "status=poor" in page.url and "year=2016" in page.url
    page.screenshot(path=str(shots / "households.png"))
    page.click("text=导出 Excel")  # a background job; its page refreshes until it is done
    page.wait_for_url("**/jobs/*/")
    page.wait_for_selector("text=下载结果", timeout=30_000)
    page.screenshot(path=str(shots / "job.png"))
    with page.expect_download() as download:
        page.click("text=下载结果")
    saved = tmp_path / "households-export.xlsx"
    download.value.save_as(saved)
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    page.go_back()
    listed = page.locator("table.data tbody tr td.code a").count()
    assert rows[0][0].startswith("河北省（130000） 贫困户名单 · 2016 年度")  # the title row
    assert rows[1][0] == "户编号" and len(rows) - 2 >= listed > 0
    page.locator("table.data tbody tr td.code a").first.click()
    assert "户" in page.inner_text("h1")
    assert "评估结果" in page.inner_text("main")
    page.screenshot(path=str(shots / "household.png"), full_page=True)
    page.goto(f"{live_server.url}/regions/130727/")
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Log out" in page.inner_text("header")
    assert "County" in page.inner_text("main")
    page.screenshot(path=str(shots / "county-en.png"))


def _county_logs_in(live_server, page):
    """The demo's county office user logs in and lands on their county."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "county")
    page.fill("input[name=password]", "fupin-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/regions/130727/")


def test_county_office_edits_a_survey_and_sees_evaluation_and_history(live_server, page, shots):
    from fupin.demo.services import demo_build

    demo_build(scale=0.002, only_demo_regions=True, say=lambda m: None)
    _county_logs_in(live_server, page)
    page.goto(f"{live_server.url}/households/?year=2016&status=exit_eligible")
    if page.locator("table.data tbody tr td.code a").count() == 0:
        page.goto(f"{live_server.url}/households/?year=2016&status=not_poor")
    page.locator("table.data tbody tr td.code a").first.click()
    number = page.inner_text("h1").split()[1]
    page.click("p.actions >> text=2016")
    for name in ("wage_income", "business_income", "property_income", "transfer_income"):
        page.fill(f"input[name={name}]", "0")
    page.screenshot(path=str(shots / "survey-edit.png"))
    page.click("form.edit button.primary")
    page.wait_for_url(f"{live_server.url}/households/{number}/")
    main = page.inner_text("main")
    assert "已保存 2016 年度收入调查" in main
    row_2016 = page.locator("h2:has-text('评估结果') + table tbody tr", has_text="2016")
    assert "收入低于贫困线" in row_2016.inner_text()
    history = page.locator("table.history tbody tr").first.inner_text()
    assert "county" in history and "2016 工资性收入" in history and "→ 0.00" in history
    page.screenshot(path=str(shots / "household-edited.png"), full_page=True)


def test_cadre_adds_a_member_and_the_county_figures_follow(live_server, page, shots):
    from tests.factories import id_number

    from fupin.demo.services import demo_build
    from fupin.registry.models import Household, RegionResult

    demo_build(scale=0.002, only_demo_regions=True, say=lambda m: None)
    household = (
        Household.objects.filter(village__code__startswith="130727", members__isnull=False)
        .order_by("number")
        .first()
    )
    year = household.surveys.order_by("-year").values_list("year", flat=True)[0]
    before = RegionResult.objects.get(region_id="130727", year=year).members
    _county_logs_in(live_server, page)
    page.goto(f"{live_server.url}/households/{household.number}/")
    page.click("text=编辑户信息和成员")
    rows = page.locator("#members tbody tr")
    count = rows.count()
    page.click("#add-member")
    assert rows.count() == count + 1
    new = rows.nth(count)
    new.locator("input[name$=-name]").fill("新成员")
    new.locator("input[name$=-id_number]").fill("110119198001010000")  # wrong check digit
    new.locator("select[name$=-relation]").select_option("grandson")
    page.click("form.edit button.primary")
    error = page.locator("#members td.invalid .error").first.inner_text()
    assert "校验码错误" in error
    page.screenshot(path=str(shots / "household-edit.png"), full_page=True)
    rows.nth(count).locator("input[name$=-id_number]").fill(id_number(birth="20180101"))
    with page.expect_navigation():
        page.click("form.edit button.primary")
    assert page.url.endswith(f"/households/{household.number}/")
    assert "新成员" in page.inner_text("main")
    assert RegionResult.objects.get(region_id="130727", year=year).members == before + 1
