"""On a phone (390 or 360 CSS pixels wide, touch) every page fits the screen's width: the header
wraps, wide tables scroll inside themselves, forms stack and the charts follow the width."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 390

# Elements that stick out of the screen on the right and are not inside a scrolling box:
# empty when nothing makes the page scroll sideways.
STICKING_OUT = """(width) => {
  const inside = (e) => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !inside(e))
    .map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))
    .slice(0, 8);
}"""


@pytest.fixture
def width() -> int:
    return WIDTH


@pytest.fixture
def phone(browser, width):
    """A touch screen `width` CSS pixels wide that lays pages out as a phone does: a page wider
    than the screen is zoomed out, so `innerWidth` grows past `width`."""
    context = browser.new_context(
        viewport={"width": width, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    errors: list[str] = []  # script errors: a chart that failed to draw or to listen
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def shougang():
    """The demo database; its Shougang group has pledges, ledger entries, cadres and projects."""
    from fupin.assistance.models import Unit
    from fupin.demo.services import demo_build

    demo_build(scale=0.002, only_demo_regions=True, say=lambda m: None)
    return Unit.objects.get(name="首钢集团有限公司")


def _admin_logs_in(live_server, page) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "fupin-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def _fits(page, width: int) -> dict[str, object]:
    """What is wrong with the page at a screen `width` wide; empty when it fits."""
    problems: dict[str, object] = {}
    inner, scroll = page.evaluate("() => [window.innerWidth, document.documentElement.scrollWidth]")
    if inner != width or scroll > inner:
        problems["page"] = {"innerWidth": inner, "scrollWidth": scroll}
        problems["sticking out"] = page.evaluate(STICKING_OUT, width)
    links = page.locator("header.top nav a")
    for i in range(links.count()):
        link = links.nth(i)
        box = link.bounding_box()
        if not link.is_visible() or box is None or box["x"] < 0 or box["x"] + box["width"] > width:
            problems.setdefault("navigation", []).append(link.inner_text())
    return problems


@pytest.mark.parametrize("width", [390, 360])
def test_every_page_fits_a_phone_screen(live_server, phone, shots, shougang, width):
    from fupin.registry.models import Household
    from fupin.reports.models import TypicalCase
    from fupin.supervision.models import Campaign

    # Given the demo and the administrator (the longest menu) on a phone
    household = Household.objects.filter(members__isnull=False).order_by("number").first()
    campaign = Campaign.objects.order_by("year", "name").first()
    case = TypicalCase.objects.order_by("pk").first()
    prefix = "mobile-" if width == WIDTH else f"mobile-{width}-"
    phone.goto(f"{live_server.url}/accounts/login/")
    assert _fits(phone, width) == {}
    phone.screenshot(path=str(shots / f"{prefix}login.png"))
    _admin_logs_in(live_server, phone)
    assert phone.locator("header.top nav a").all_inner_texts() == [
        "总览",
        "贫困户",
        "帮扶工作",
        "监测",
        "监测范围",
        "问题整改",
        "评估检查",
        "工作报告",
        "典型案例",
        "文稿提取",
        "任务",
        "API",
        "管理",
    ]
    pages = {
        "home": "/",
        "county": "/regions/130727/",
        "monitoring-ranges": "/monitoring/ranges/",
        "monitoring": "/monitoring/",
        "monitoring-county": "/monitoring/?region=130727",
        "monitoring-warnings": "/monitoring/warnings/",
        "monitoring-mine": "/monitoring/mine/",
        "households-admin": "/households/",  # the village cadre's cards: mobile-households.png
        "household": f"/households/{household.number}/",
        "household-edit": f"/households/{household.number}/edit/",
        "survey-edit": f"/households/{household.number}/surveys/2016/",
        "units": "/assistance/",
        "unit": f"/assistance/units/{shougang.pk}/",
        "ledger": f"/assistance/units/{shougang.pk}/ledger/",
        "cadres": f"/assistance/units/{shougang.pk}/cadres/",
        "projects": f"/assistance/units/{shougang.pk}/projects/",
        "jobs": "/jobs/",
        "verification": "/supervision/campaigns/",
        "verification-campaign": f"/supervision/campaigns/{campaign.pk}/",
        "findings": "/supervision/findings/",
        "responsibility": "/assistance/responsibility/",
        "work-report": f"/reports/work/?unit={shougang.pk}",
        "cases": "/reports/cases/",
        "facts": "/reports/facts/",
        "facts-new": "/reports/facts/new/",
        "case": f"/reports/cases/{case.pk}/",
    }
    problems = {}
    for name, path in pages.items():
        # When each page opens on the phone
        response = phone.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        phone.screenshot(path=str(shots / f"{prefix}{name}.png"), full_page=True)
        # Then nothing makes the page wider than the screen and the menu is on it
        if found := _fits(phone, width):
            problems[name] = found
    # And so do the longer English labels
    with phone.expect_navigation():
        phone.select_option("select[name=language]", "en")
    assert phone.locator("html").get_attribute("lang") == "en"
    for name in ("home", "unit"):
        phone.goto(f"{live_server.url}{pages[name]}")
        phone.screenshot(path=str(shots / f"{prefix}{name}-en.png"), full_page=True)
        if found := _fits(phone, width):
            problems[f"{name}-en"] = found
    assert problems == {}


def test_wide_tables_scroll_in_place_and_forms_stack(live_server, phone, shots, shougang):
    # Given the ledger of a unit with entries, on a phone
    _admin_logs_in(live_server, phone)
    phone.goto(f"{live_server.url}/assistance/units/{shougang.pk}/ledger/")
    # Then the ledger table keeps its columns and scrolls inside its own box
    table = phone.locator("table.ledger")
    inner, outer = table.evaluate("t => [t.scrollWidth, t.clientWidth]")
    assert inner > outer and table.bounding_box()["width"] <= WIDTH
    table.evaluate("t => t.scrollLeft = t.scrollWidth")
    assert table.evaluate("t => t.scrollLeft") > 0
    assert phone.evaluate("() => window.scrollX") == 0
    # And the record form has one field a row, each as wide as the form
    labels = phone.locator("form.ledger-record .grid > label")
    xs = {round(labels.nth(i).bounding_box()["x"]) for i in range(labels.count())}
    assert len(xs) == 1
    # And every tab of the unit can be reached
    for tab in phone.locator("nav.tabs a").all():
        tab.scroll_into_view_if_needed()
        box = tab.bounding_box()
        assert tab.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
    table.evaluate("t => t.scrollIntoView()")
    phone.screenshot(path=str(shots / "mobile-ledger-scrolled.png"))


def test_the_dashboard_charts_follow_the_width(live_server, phone, shots, shougang):
    # Given the national dashboard, drawn on a 390 px wide phone
    _admin_logs_in(live_server, phone)
    charts = phone.locator(".chart")
    assert charts.count() == 2
    for chart in charts.all():
        assert chart.locator("canvas").bounding_box()["width"] == chart.evaluate(
            "c => c.clientWidth"
        )
        assert chart.bounding_box()["width"] <= WIDTH
    # When the phone turns narrower (360 px)
    phone.set_viewport_size({"width": 360, "height": 740})
    # Then each chart redraws at its box's new width
    for chart in charts.all():
        chart.locator("canvas").first.wait_for()
        phone.wait_for_function(
            "c => c.querySelector('canvas').getBoundingClientRect().width === c.clientWidth",
            arg=chart.element_handle(),
        )
        assert chart.bounding_box()["width"] <= 360
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(shots / "mobile-charts-360.png"), full_page=True)


def _village_households(village: str, folder) -> None:
    """Six households of the village surveyed in 2020 (the demo's latest year): poor on income,
    on housing, on water and education, exit-eligible, exited, and one with a long name."""
    from tests.factories import id_number, member_row, write_csv

    from fupin.registry.evaluations import evaluation_store
    from fupin.registry.imports import registry_import

    def household(number, name, **over):
        values = {"年度": 2020, "工资性收入": 9000, **over}
        return member_row(number, 行政区划代码=village, 姓名=name, 证件号码=id_number(), **values)

    rows = [
        household("V1", "张大山", 工资性收入=1000),
        household("V2", "李秀英", 住房安全有保障="否"),
        household("V3", "王建国", 饮水安全有保障="否", 义务教育有保障="否", 工资性收入=900),
        household("V4", "赵小红"),
        household("V5", "刘长青", 脱贫年度=2019),
        household("V6", "欧阳慕容雪芳", 基本医疗有保障="否"),
    ]
    registry_import(path=write_csv(folder / "village.csv", rows))
    evaluation_store(year=2020)


def test_a_village_cadres_household_list_is_cards_on_a_phone(
    live_server, phone, shots, shougang, tmp_path
):
    from fupin.accounts.models import User

    # Given the demo's village cadre, whose village has six households surveyed in 2020
    village = User.objects.get(username="village").regions.get().code
    _village_households(village, tmp_path)
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", "village")
    phone.fill("input[name=password]", "fupin-demo")
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/**")
    # When the household list opens on a 390 px phone
    phone.goto(f"{live_server.url}/households/?year=2020")
    # Then each household is a card and the table is not shown; the page does not scroll
    # sideways
    assert not phone.locator("table.households").is_visible()
    cards = phone.locator(".household-card")
    assert cards.count() == 6
    assert _fits(phone, WIDTH) == {}
    # And every card shows the head's name and the status, whole and inside the screen, in
    # type large enough to read
    for card in cards.all():
        for part in (card.locator(".head"), card.locator(".status")):
            box = part.bounding_box()
            assert part.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
            assert part.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
            size = float(part.evaluate("e => getComputedStyle(e).fontSize").rstrip("px"))
            assert size >= 13
    first = cards.nth(0)
    assert first.locator(".head").inner_text() == "张大山"
    assert first.locator(".status").inner_text() == "未脱贫"
    assert first.locator(".due").inner_text() == "待解决 收入低于贫困线"
    assert first.locator(".where").inner_text().startswith("V1 · ")
    # And what is due names each failed guarantee; a household with none says so
    texts = {c.locator(".head").inner_text(): c.locator(".due").inner_text() for c in cards.all()}
    assert texts["李秀英"] == "待解决 住房不安全"
    assert texts["王建国"] == "待解决 收入低于贫困线、义务教育无保障、饮水不安全"
    assert texts["赵小红"] == "无未达标项"
    # And the marks have their legend
    assert phone.locator(".household-card").nth(1).locator(".mark.unmet").inner_text() == "住✗"
    legend = phone.locator("p.legend").inner_text()
    assert "吃吃穿不愁 · 学义务教育 · 医基本医疗 · 住住房安全 · 水饮水安全" in legend
    assert "✓ 有保障，✗ 无保障" in legend
    phone.screenshot(path=str(shots / "mobile-households.png"), full_page=True)


def test_a_village_cadres_open_cases_are_cards_on_a_phone(live_server, phone, shots, shougang):
    import datetime as dt

    from tests.factories import id_number

    from fupin.accounts.models import User
    from fupin.monitoring.models import Case
    from fupin.registry.models import Household

    # Given the demo's village cadre with three open cases in the village, one overdue
    village = User.objects.get(username="village").regions.get().code
    Case.objects.filter(village_id=village).delete()  # the demo's own, if any
    households = [Household.objects.create(number=f"MOB{n}", village_id=village) for n in (1, 2, 3)]
    for h, name in zip(households, ["张大山", "欧阳慕容雪芳", "李秀英"], strict=True):
        h.members.create(name=name, id_number=id_number(), relation="head")
    today = dt.date.today()
    for h, (phase, reported, risks) in zip(
        households,
        [
            ("identifying", dt.date(2024, 2, 1), ["illness", "schooling"]),
            ("identifying", today - dt.timedelta(days=1), ["disaster:flood"]),
            ("monitoring", dt.date(2023, 6, 1), ["unstable_employment", "lack_of_labour"]),
        ],
        strict=True,
    ):
        Case.objects.create(
            household=h,
            village_id=village,
            regime="cn-2021",
            year=reported.year,
            object_type="marginal",
            risks=risks,
            channel="cadre_sweep",
            phase=phase,
            reported_on=reported,
        )
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", "village")
    phone.fill("input[name=password]", "fupin-demo")
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{live_server.url}/**")
    # When the list of cases opens on a 390 px phone
    phone.goto(f"{live_server.url}/monitoring/mine/")
    # Then each case is a card inside the screen, the overdue one first and marked so
    cards = phone.locator(".case-card")
    assert cards.count() == 3
    assert _fits(phone, WIDTH) == {}
    assert "overdue" in cards.nth(0).get_attribute("class")
    assert "已超期" in cards.nth(0).locator(".due").inner_text()
    for card in cards.all():
        for part in (card.locator(".head"), card.locator(".next"), card.locator("a.open")):
            box = part.bounding_box()
            assert part.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH
        size = float(card.locator(".head").evaluate("e => getComputedStyle(e).fontSize")[:-2])
        assert size >= 13
    phone.screenshot(path=str(shots / "mobile-monitoring-mine.png"), full_page=True)
