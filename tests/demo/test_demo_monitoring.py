"""The demo's monitoring: Yangyuan's cases at every step, a few eliminated and refusals
recorded, a department feed with matches and unknown persons, and a `village` login with
cases of its own to work."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_has_cases_at_every_step_and_a_feed_with_matches(small_demo):
    from fupin.accounts.models import User
    from fupin.monitoring.access import cases_for
    from fupin.monitoring.models import Case, FeedBatch, Step

    cases = Case.objects.filter(village__code__startswith="130727")
    phases = set(cases.values_list("phase", flat=True))
    assert phases == {"identifying", "monitoring", "eliminating", "eliminated", "not_identified"}
    types = set(cases.values_list("object_type", flat=True))
    assert types == {"unstable_exited", "marginal", "sudden_hardship"}
    waiting = set(cases.filter(phase="identifying").values_list("next_step", flat=True))
    assert waiting == {
        "home_visit",
        "data_comparison",
        "village_appraisal",
        "township_review",
        "county_approval",
        "announcement",
    }
    assert cases.filter(phase="eliminated").count() == 3
    assert cases.filter(fast_track=True).count() == 1
    assert cases.filter(channel="department", feed_row__isnull=False).count() == 1
    refused = Step.objects.filter(procedure="elimination", result="refused")
    assert refused.count() >= 1 and all(step.case.phase == "monitoring" for step in refused)
    notes = " ".join(step.note for step in refused)
    assert "不满 6 个月" in notes and "整户无劳动能力的不标注风险消除" in notes
    batch = FeedBatch.objects.get()
    assert (batch.unmatched, batch.flagged > 0, batch.matched > batch.flagged) == (2, True, True)
    village = User.objects.get(username="village")
    mine = cases_for(village)
    assert mine.exclude(phase__in=("eliminated", "not_identified")).exists()
    assert set(mine.values_list("village_id", flat=True)) == set(
        village.regions.values_list("code", flat=True)
    )
