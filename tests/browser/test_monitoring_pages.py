"""The monitoring pages on the demo's Yangyuan, as its county office sees them: the dashboard
with its counts and map, the early-warning list, and a department feed's batch."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP_DRAWN = """() => {
  const chart = echarts.getInstanceByDom(document.getElementById("map"));
  const option = chart && chart.getOption();
  return Boolean(option && option.series && option.series.length);
}"""


def test_the_county_office_reads_its_monitoring(live_server, page, shots):
    from fupin.demo.services import demo_build
    from fupin.monitoring.models import Case, FeedBatch
    from fupin.registry.models import HouseholdResult

    demo_build(scale=0.002, only_demo_regions=True, say=lambda m: None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "county")
    page.fill("input[name=password]", "fupin-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/monitoring/?region=130727&year=2026")
    assert "阳原县" in page.inner_text("h1")
    cases = Case.objects.filter(village__code__startswith="130727")
    text = page.inner_text("main")
    for label in ("脱贫不稳定户", "边缘易致贫户", "突发严重困难户", "因病", "风险已消除"):
        assert label in text
    assert str(cases.count()) in text
    page.wait_for_function(MAP_DRAWN)
    page.screenshot(path=str(shots / "monitoring.png"), full_page=True)

    page.goto(f"{live_server.url}/monitoring/warnings/?region=130727&year=2026")
    flagged = HouseholdResult.objects.filter(
        year=2026,
        village__code__startswith="130727",
        status__in=("unstable_exited", "marginal", "sudden_hardship"),
    ).count()
    assert flagged and f"{flagged:,}" in page.inner_text("h1")
    assert "个人自付金额（元）" in page.inner_text("main")  # the department flags' evidence
    page.screenshot(path=str(shots / "monitoring-warnings.png"), full_page=True)

    batch = FeedBatch.objects.get()
    page.goto(f"{live_server.url}/monitoring/feeds/batches/{batch.pk}/")
    text = page.inner_text("main")
    summary = f"共 {batch.rows} 行：匹配 {batch.matched} 人，未匹配 {batch.unmatched} 人"
    assert "医保大额自付" in text and summary in text and batch.unmatched == 2
    page.screenshot(path=str(shots / "monitoring-feed.png"), full_page=True)
