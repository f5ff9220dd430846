"""The demo's typical cases: four, told from the seeds, linked to the demo's projects and
households, each with a placeholder photo; a second build changes nothing."""

import pytest

from fupin.assistance.services import attachments_root
from fupin.core.models import Change
from fupin.reports.models import CasePhoto, TypicalCase

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_cases_are_built_from_the_seeds_once(small_demo):
    from fupin.demo.cases import cases_build

    cases = {c.region_id: c for c in TypicalCase.objects.select_related("unit")}
    assert sorted(cases) == ["110119202201", "130824", "530326", "5401"]
    peony = cases["110119202201"]
    assert (peony.year, peony.unit.name) == (2018, "北京首钢园区综合服务有限公司")
    assert "8.4万元" in peony.text and "1200" in peony.text and "4840元" in peony.text
    assert list(peony.projects.values_list("code", flat=True)) == ["SG-2018-HYK"]
    assert peony.households.count() == 40
    assert set(peony.households.all()) == set(peony.projects.get().beneficiaries.all())
    mining = cases["130824"]
    assert "400余" in mining.text
    assert list(mining.projects.values_list("code", flat=True)) == ["SG-2019-LP1"]
    assert mining.households.count() >= 1
    assert cases["5401"].unit.name == "首钢技师学院" and "张夏洲" in cases["5401"].text
    assert cases["530326"].projects.count() == 4
    photos = list(CasePhoto.objects.all())
    assert len(photos) == 4 and all("演示占位图" in p.caption for p in photos)
    assert all(
        (attachments_root() / p.path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in photos
    )
    before = (TypicalCase.objects.count(), CasePhoto.objects.count(), Change.objects.count())
    assert cases_build(say=lambda m: None) == 0
    assert (
        TypicalCase.objects.count(),
        CasePhoto.objects.count(),
        Change.objects.count(),
    ) == before
