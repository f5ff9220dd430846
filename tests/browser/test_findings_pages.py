"""The demo's findings as Hebei's province office works them: the list with its overdue task,
a finding with its tasks, a task with its evidence, and the overdue task on the dashboard of
the county that owns it and of the province above."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_province_office_follows_its_rectification(live_server, page, shots):
    from django.utils import timezone

    from fupin.demo.services import demo_build
    from fupin.supervision.enums import TaskStatus
    from fupin.supervision.models import Rectification

    demo_build(scale=0.002, only_demo_regions=True, say=lambda m: None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "province")
    page.fill("input[name=password]", "fupin-demo")
    page.click("button[type=submit]")
    page.wait_for_load_state()

    overdue = Rectification.objects.filter(
        deadline__lt=timezone.localdate(), status=TaskStatus.OPEN
    ).select_related("finding", "owner_region")
    assert overdue.exists()
    task = overdue.first()
    page.goto(f"{live_server.url}/supervision/findings/")
    text = page.inner_text("main")
    assert task.finding.found_by in text
    page.screenshot(path=str(shots / "findings.png"), full_page=True)

    signed = Rectification.objects.filter(status=TaskStatus.SIGNED_OFF).first()
    page.goto(f"{live_server.url}/supervision/tasks/{signed.pk}/")
    text = page.inner_text("main")
    assert "已销号" in text and signed.evidence.first().name in text
    page.screenshot(path=str(shots / "finding-task.png"), full_page=True)

    for code in (task.owner_region_id, "13"):  # the owner county and the province above
        page.goto(f"{live_server.url}/regions/{code}/")
        box = page.locator("section.overdue-tasks")
        assert task.requirement[:10] in box.inner_text()
