"""A case walked in the browser as offices work it: a village cadre records a household's
self-report (12317) and the home visit with the signed consent; the county office compares
the data, the cadre holds the village appraisal with its five-day notice, the county reviews,
approves and announces; a measure is recorded; months later the risk is eliminated through
the same steps. Each step is entered in the case page's own form."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from tests.monitoring.case_world import VILLAGE, household_rows, households_import, user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(live_server, page, name: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", "a-long-test-password")
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _step(page, day: dt.date, consent=None) -> None:
    form = page.locator("form.step-record")
    form.locator("input[name=done_on]").fill(day.isoformat())
    if consent is not None:
        form.locator("input[name=attachment]").set_input_files(consent)
    form.locator("button").click()
    page.wait_for_load_state()


def test_a_case_from_self_report_to_risk_elimination(live_server, page, tmp_path, shots):
    from fupin.monitoring.models import Case
    from fupin.regions.services import regions_load

    regions_load(only=(VILLAGE,))  # an earlier browser test's flush emptied the tree
    households_import(tmp_path, household_rows("WALK-1", wage=9000))  # 2024: above 7,300
    user("cadre", "village_cadre", VILLAGE)
    user("office", "county_office", VILLAGE[:6])
    consent = tmp_path / "承诺授权书.pdf"
    consent.write_bytes(b"%PDF-1.4\n% signed by the head of household\n")
    today = dt.date.today()
    day = lambda n: today - dt.timedelta(days=n)  # noqa: E731

    _log_in(live_server, page, "cadre")
    page.goto(f"{live_server.url}/monitoring/cases/new/")
    page.fill("input[name=household]", "WALK-1")
    page.select_option("select[name=channel]", "self_report")
    page.select_option("select[name=report_way]", "12317")
    page.select_option("select[name=object_type]", "unstable_exited")
    page.check("input[name=risks][value=illness]")
    page.fill("textarea[name=summary]", "户主住院，医疗费用支出大")
    page.fill("input[name=reported_on]", day(260).isoformat())
    page.click("form.case-report button")
    page.wait_for_url("**/monitoring/cases/*/")
    assert "入户核实" in page.content()
    case = Case.objects.get(household__number="WALK-1")
    assert (case.phase, case.next_step, case.report_way) == ("identifying", "home_visit", "12317")

    # the home visit needs the signed consent: without it the step is refused
    page.locator("form.step-record input[name=done_on]").fill(day(259).isoformat())
    page.locator("form.step-record button").click()
    page.wait_for_load_state()
    assert "承诺授权书" in page.locator("form.step-record").inner_text()
    assert not case.steps.exists()
    _step(page, day(259), consent)
    assert case.steps.get().attachment.endswith("承诺授权书.pdf")

    _log_in(live_server, page, "office")
    page.goto(f"{live_server.url}/monitoring/cases/{case.pk}/")
    _step(page, day(257))  # 信息比对
    _log_in(live_server, page, "cadre")
    page.goto(f"{live_server.url}/monitoring/cases/{case.pk}/")
    _step(page, day(255))  # 村级民主评议并公示: a notice of five days
    assert "公示" in page.content()

    _log_in(live_server, page, "office")
    page.goto(f"{live_server.url}/monitoring/cases/{case.pk}/")
    _step(page, day(251))  # four days into the notice: refused, nothing written
    assert "公示" in page.locator("form.step-record").inner_text()
    assert case.steps.count() == 3
    _step(page, day(250))  # 乡级审核, after five days
    _step(page, day(248))  # 县级审批
    _step(page, day(247))  # 村内公告
    case.refresh_from_db()
    assert (case.phase, case.identified_on) == ("monitoring", day(248))

    measure = page.locator("form.measure-add")
    measure.locator("select[name=category]").select_option("health")
    measure.locator("input[name=content]").fill("落实大病专项救治和医疗救助")
    measure.locator("input[name=start_on]").fill(day(246).isoformat())
    measure.locator("input[name=responsible]").fill("县医保局")
    measure.locator("button").click()
    page.wait_for_load_state()
    assert "落实大病专项救治和医疗救助" in page.content()

    eliminate = page.locator("form.elimination-start")
    eliminate.locator("input[name=done_on]").fill(day(12).isoformat())
    eliminate.locator("button").click()
    page.wait_for_load_state()
    case.refresh_from_db()
    assert case.phase == "eliminating"
    _step(page, day(11))  # 村级民主评议并公示
    _step(page, day(5))  # 乡级审核
    _step(page, day(4))  # 县级审批: the conditions are checked again
    _step(page, day(3))  # 村内公告
    case.refresh_from_db()
    assert (case.phase, case.eliminated_on) == ("eliminated", day(4))
    assert "风险已消除" in page.content()
    if os.environ.get("FUPIN_SCREENSHOTS"):
        page.screenshot(path=str(shots / "monitoring-case.png"), full_page=True)
    assert case.steps.filter(procedure="identification").count() == 6
    assert case.steps.filter(procedure="elimination", result="passed").count() == 5
