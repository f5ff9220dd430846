"""A unit user reads a target's progress bar, records a ledger entry and sees the bar move by
the exact amount."""

from decimal import Decimal

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def group():
    from tests.assistance.test_pages import build_world
    from tests.conftest import SEED_PLACES

    from fupin.accounts.models import User
    from fupin.assistance.indicators import standard_indicators_ensure
    from fupin.regions.models import Region
    from fupin.regions.services import regions_load

    if not Region.objects.filter(code="130727").exists():  # an earlier live-server test flushed
        regions_load(only=SEED_PLACES)
    standard_indicators_ensure()  # flushed with the rest
    units = build_world()
    user = User.objects.create_user("unit", password="a-long-test-password", role="assisting_unit")
    user.units.set([units[1]])
    return units[1]


def _funds_bar(page):
    return page.locator("tr[data-indicator=funds_invested] progress")


def test_recording_an_entry_moves_the_progress_bar(live_server, page, shots, group):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "unit")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")
    page.click("header >> text=帮扶工作")
    page.click("table.units >> text=测试集团")
    page.wait_for_url(f"{live_server.url}/assistance/units/{group.pk}/")
    assert "测试集团" in page.inner_text("h1")
    assert page.locator("select[name=year]").input_value() == "2020"
    before = Decimal(_funds_bar(page).get_attribute("value"))
    assert before == Decimal("350000.50")
    assert _funds_bar(page).get_attribute("max") == "1000000.00"
    assert "35.00%" in page.inner_text("tr[data-indicator=funds_invested]")
    page.click("nav.tabs >> text=台账")
    page.wait_for_url(f"{live_server.url}/assistance/units/{group.pk}/ledger/")
    page.fill("input[name=entry_id]", "B-2020-07")
    page.select_option("select[name=indicator]", label="直接投入帮扶资金")
    page.fill("input[name=amount]", "1234.56")
    page.fill("input[name=date]", "2020-07-01")
    page.fill("input[name=region]", "130727")
    page.fill("input[name=evidence]", "转账凭证 7 号")
    with page.expect_navigation():
        page.click("form.ledger-record button.primary")
    assert "已录入台账记录 B-2020-07。" in page.inner_text("ul.messages")
    row = page.locator("tr[data-entry=B-2020-07]")
    assert row.locator("td.amount").inner_text() == "1,234.56"
    page.screenshot(path=str(shots / "ledger.png"), full_page=True)
    page.click("nav.tabs >> text=概况")
    page.wait_for_url(f"{live_server.url}/assistance/units/{group.pk}/")
    after = Decimal(_funds_bar(page).get_attribute("value"))
    assert after - before == Decimal("1234.56")
    assert "351,235.06" in page.inner_text("tr[data-indicator=funds_invested]")
    assert "35.12%" in page.inner_text("tr[data-indicator=funds_invested]")
    page.screenshot(path=str(shots / "unit.png"), full_page=True)


def _login(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "unit")
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/**")


def test_setting_a_target_and_moving_a_project_on(live_server, page, shots, group):
    _login(page, live_server)
    page.goto(f"{live_server.url}/assistance/units/{group.pk}/targets/?year=2020")
    page.click("text=修改此责任书的目标")
    assert page.locator("input[name=t_funds_invested]").input_value() == "1000000.00"
    page.fill("input[name=t_funds_invested]", "700001.00")
    with page.expect_navigation():
        page.click("form.pledge-edit button.primary")
    assert "已保存 1 项目标。" in page.inner_text("ul.messages")
    funds = page.locator("section.pledge").first.locator("tr[data-indicator=funds_invested]")
    assert "700,001.00" in funds.inner_text() and "50.00%" in funds.inner_text()
    page.screenshot(path=str(shots / "targets.png"), full_page=True)

    page.click("nav.tabs >> text=帮扶项目")
    page.click("table.projects >> text=光伏电站")
    page.click("details.edit > summary")
    page.fill("form.project-edit input[name=notice_start]", "2021-01-04")
    with page.expect_navigation():
        page.click("form.project-edit button.primary")
    assert "2021-01-14 起可批准" in page.inner_text("section.facts")
    page.select_option("form.project-advance select[name=status]", "approved")
    page.fill("form.project-advance input[name=on]", "2021-01-10")
    with page.expect_navigation():
        page.click("form.project-advance button.primary")
    assert "项目 P-001：公示期至 2021-01-14" in page.inner_text("form.project-advance")
    page.fill("form.project-advance input[name=on]", "2021-01-14")
    with page.expect_navigation():
        page.click("form.project-advance button.primary")
    assert "项目状态已更新。" in page.inner_text("ul.messages")
    assert "已批准 2021-01-14" in page.inner_text("ol.lifecycle li.done >> nth=1")
    page.screenshot(path=str(shots / "project.png"), full_page=True)


def test_computing_a_self_assessment(live_server, page, shots, group):
    _login(page, live_server)
    page.goto(f"{live_server.url}/assistance/units/{group.pk}/")
    page.click("nav.tabs >> text=考核")
    page.select_option("select[name=year]", "2019")
    page.wait_for_url("**/assessment/?year=2019")
    page.fill("form.self-assessment input[name$=score_review]", "91")
    page.fill("form.self-assessment input[name$=deduction_0_points]", "2.5")
    page.fill("form.self-assessment input[name$=deduction_0_reason]", "台账凭证不全")
    with page.expect_navigation():
        page.click("form.self-assessment button.primary")
    assert "总分 88.50，等次 较好" in page.inner_text("ul.messages")
    page.screenshot(path=str(shots / "assessment.png"), full_page=True)
