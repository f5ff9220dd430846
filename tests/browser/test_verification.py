"""An evaluator in a village, on a phone: logs in, lands on the households assigned to them,
opens one and records the verdict in the page's form; the verdict is stored and the next
household is offered. Every page fits the phone's width."""

from __future__ import annotations

import pytest
from tests.browser.test_mobile import _fits
from tests.supervision import verification_world as w

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 390


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def test_an_evaluator_fills_a_verdict_on_a_phone(live_server, phone, shots):
    from fupin.regions.services import regions_load
    from fupin.registry.models import Household, Member
    from fupin.supervision import verification
    from fupin.supervision.models import SampleHousehold, Verdict

    regions_load(only=(w.COUNTY, "110119"))  # an earlier browser test's flush emptied the tree
    world = w.build()
    campaign = w.campaign(world)
    verification.campaign_sample(campaign=campaign, seed=5, actor=None)
    evaluator = world.evaluators[0]
    mine = SampleHousehold.objects.filter(evaluator=evaluator).order_by(
        "sample_village__village_id", "order"
    )
    exited = mine.filter(stratum="exited").first()
    # the household the screenshot shows, numbered and headed as the registry would hold it
    Household.objects.filter(pk=exited.household_id).update(number="4211231000020097")
    Member.objects.create(
        household_id=exited.household_id,
        name="吴新斌",
        id_number="421123196805120031",
        relation="head",
        sex="male",
    )

    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("input[name=username]", evaluator.username)
    phone.fill("input[name=password]", "x")
    phone.click("button[type=submit]")
    phone.wait_for_url(f"**/supervision/campaigns/{campaign.pk}/samples/")
    assert _fits(phone, WIDTH) == {}
    cards = phone.locator("li.sample-card")
    assert cards.count() == min(mine.count(), 50)
    phone.screenshot(path=str(shots / "verification-phone-list.png"))

    phone.goto(f"{live_server.url}/supervision/samples/{exited.pk}/")
    assert "系统人均纯收入" in phone.content() and "吴新斌" in phone.inner_text("h1")
    phone.fill("input[name=income_found]", "2800")  # below 2019's line of 3,218 yuan
    phone.select_option("select[name=housing_ok]", "yes")
    phone.select_option("select[name=approval]", "approve")
    phone.fill("input[name=visited_on]", "2019-11-20")
    assert _fits(phone, WIDTH) == {}
    phone.screenshot(path=str(shots / "verification-phone-verdict.png"), full_page=True)
    phone.click("button[name=next][value='1']")
    phone.wait_for_url("**/supervision/samples/*/")
    verdict = Verdict.objects.get(sample=exited)
    assert str(verdict.income_found) == "2800.00"
    assert verdict.wrongly_exited is True  # income below the line: 错退 follows
    assert (verdict.housing_ok, verdict.approval, verdict.evaluator) == (True, "approve", evaluator)
    assert "已保存" in phone.content()
    # the next household offered is one of theirs without a verdict
    following = int(phone.url.rstrip("/").split("/")[-1])
    assert mine.filter(pk=following, verdict__isnull=True).exists()
