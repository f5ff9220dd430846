"""The monitoring range (监测范围) a region sets for a year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.constraints import one_of
from fupin.monitoring.enums import Confidence


class MonitoringRange(models.Model):
    """Yuan per person per year below which a household is at risk in that region and year.
    A household takes the range of the most specific region above its village that has one
    (province offices set theirs; a county may set its own), else the regime's reference."""

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("监测范围（元/人·年）"), max_digits=12, decimal_places=2)
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    source = models.CharField(_("来源"), max_length=300, blank=True)
    confidence = models.CharField(
        _("可信度"), max_length=1, choices=Confidence.choices, default=Confidence.CONFIRMED
    )

    class Meta:
        verbose_name = _("监测范围")
        verbose_name_plural = _("监测范围")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="range_region_year"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="range_positive"),
            models.CheckConstraint(
                condition=one_of("confidence", Confidence.values), name="range_confidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.amount}"
