import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_drill_down_and_switch_language(live_server, page, shots):
    from fupin.demo.services import demo_build

    demo_build(scale=0.002, only_demo_regions=True, say=lambda m: None)
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    page.screenshot(path=str(shots / "login.png"))
    page.fill("input[name=username]", "province")
    page.fill("input[name=password]", "fupin-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("text=河北省").count() >= 1
    page.screenshot(path=str(shots / "home.png"), full_page=False)
    page.click("text=河北省")
    page.click("text=张家口市")
    page.click("text=阳原县")
    assert "阳原县" in page.inner_text("h1")
    assert "河北省" in page.inner_text("nav.crumbs")
    page.screenshot(path=str(shots / "county.png"))
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Log out" in page.inner_text("header")
    assert "County" in page.inner_text("main")
    page.screenshot(path=str(shots / "county-en.png"))
