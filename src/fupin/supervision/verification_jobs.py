"""Drawing a large campaign's sample as a background job (about a second a county): the page
queues it above INLINE_COUNTIES counties and waits for a smaller one."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fupin.core.jobs import Progress, job_enqueue, job_kind
from fupin.core.models import Job, Source
from fupin.supervision.models import Campaign, SampleHousehold
from fupin.supervision.verification import campaign_sample

#: campaigns with more counties than this are sampled by a job
INLINE_COUNTIES = 3


def campaign_sample_enqueue(*, campaign: Campaign, seed: int, actor: Any) -> Job:
    return job_enqueue(
        kind="verification_sample", params={"campaign": campaign.pk, "seed": seed}, actor=actor
    )


@job_kind("verification_sample", gettext_lazy("评估检查抽样"))
def campaign_sample_job(job: Job, progress: Progress) -> tuple[str, dict[str, Any]]:
    campaign = Campaign.objects.get(pk=job.params["campaign"])
    notes = campaign_sample(
        campaign=campaign, seed=int(job.params["seed"]), actor=job.created_by, source=Source.FORM
    )
    households = SampleHousehold.objects.filter(campaign_county__campaign=campaign).count()
    short = sum(len(n) for n in notes.values())
    message = _("%(campaign)s：已抽取 %(n)s 户。") % {"campaign": campaign.name, "n": households}
    if short:
        message += " " + _("%(n)s 个分层的户数少于方案要求，已全部抽取。") % {"n": short}
    return message, {"campaign": campaign.pk, "households": households, "short_strata": short}
