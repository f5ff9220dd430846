from django.db import models
from django.utils.translation import gettext_lazy as _

from fupin.core.constraints import one_of
from fupin.regions.enums import Level


class Region(models.Model):
    """A division of the official tree, keyed by its natural-length NBS statistical code
    (2, 4, 6, 9 or 12 digits: 53, 5308, 530825, 530825100, 530825100201)."""

    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=100)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_western = models.BooleanField(_("西部省份"), default=False)
    longitude = models.FloatField(_("经度"), null=True, blank=True)
    latitude = models.FloatField(_("纬度"), null=True, blank=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"], name="region_level_code")]
        constraints = [
            models.CheckConstraint(
                condition=one_of("level", Level.values), name="region_level_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.short_name} ({self.display_code})"

    @property
    def display_code(self) -> str:
        from fupin.regions.codes import display_code

        return display_code(self.code)


class RegionYear(models.Model):
    """Figures and designations of a region in one year (imported with `regions import-stats`)."""

    region = models.ForeignKey(
        Region, verbose_name=_("区划"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    rural_population = models.PositiveIntegerField(_("农村人口"), null=True, blank=True)
    poor_county = models.BooleanField(_("贫困县"), default=False)
    poor_village = models.BooleanField(_("贫困村"), default=False)
    exit_year = models.PositiveSmallIntegerField(_("摘帽/退出年度"), null=True, blank=True)
    # the day the province announced the exit; without it the exit counts from 31 December
    exit_date = models.DateField(_("摘帽日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("区划年度数据")
        verbose_name_plural = _("区划年度数据")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="region_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}"
