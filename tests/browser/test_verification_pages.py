"""The demo's exit verification as the national office reads it: the campaigns, a campaign
with its counties' four rates, intervals and decisions, and a county with its villages."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_national_office_reads_the_verification_of_its_counties(live_server, page, shots):
    from fupin.demo.services import demo_build
    from fupin.supervision.models import Campaign, CampaignCounty

    demo_build(scale=0.002, only_demo_regions=True, say=lambda m: None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "fupin-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/supervision/campaigns/")
    text = page.inner_text("main")
    for campaign in Campaign.objects.all():
        assert campaign.name in text
    page.screenshot(path=str(shots / "verification-campaigns.png"), full_page=True)

    campaign = Campaign.objects.get(name="2019年贫困县退出专项评估检查")
    page.goto(f"{live_server.url}/supervision/campaigns/{campaign.pk}/")
    text = page.inner_text("main")
    for label in ("综合贫困发生率", "错退率", "漏评率", "群众认可度", "95% 置信区间"):
        assert label in text
    for row in campaign.counties.select_related("county"):
        assert row.county.name in text
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(shots / "verification-campaign.png"), full_page=True)

    row = CampaignCounty.objects.filter(campaign=campaign, county_id="421123").get()
    page.goto(f"{live_server.url}/supervision/campaigns/counties/{row.pk}/")
    assert "罗田县" in page.inner_text("h1")
    villages = page.locator("table.villages tbody tr")
    assert villages.count() == row.villages.count()
    page.screenshot(path=str(shots / "verification-county.png"), full_page=True)
